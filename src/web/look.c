/* look.c — state badges: one table from the Chinese state words the
 * domain prints to the colour a reader expects, so every page shows the
 * same state in the same colour. */
#include "web/look.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *label, *tone;
} tones[] = {
	{"草稿", "b-grey"},      {"未开始", "b-grey"},  {"待检查", "b-grey"},     {"未完成", "b-grey"},
	{"已提交", "b-blue"},    {"已报告", "b-blue"},  {"待处理", "b-yellow"},   {"待确认", "b-yellow"},
	{"整改中", "b-yellow"},  {"即将到期", "b-yellow"}, {"已确认", "b-green"}, {"已完成", "b-green"},
	{"已销号", "b-green"},   {"已办结", "b-green"}, {"已检查", "b-green"},    {"按期推进", "b-green"},
	{"有效", "b-green"},     {"已退回", "b-red"},   {"退回", "b-red"},        {"已逾期", "b-red"},
	{"逾期提交", "b-red"},   {"未按期完成", "b-red"}, {"已驳回", "b-grey"},   {"不予受理", "b-grey"},
	{"已过期", "b-grey"},    {"已吊销", "b-grey"},  {"已撤回", "b-grey"},     {"已停用", "b-grey"},
};

const char *badge_tone(const char *label)
{
	for (size_t i = 0; label && i < sizeof tones / sizeof *tones; i++)
		if (!strcmp(tones[i].label, label))
			return tones[i].tone;
	return "b-grey";
}

void badge(struct web *w, const char *label)
{
	out(w, "<span class=\"badge %a\">%h</span>", badge_tone(label), label);
}

/* ---- the audit log in Chinese ---- */

static const struct {
	const char *action, *label;
} actions[] = {
	{"auth.fail", "登录失败"},          {"auth.login", "登录"},
	{"campaign.copy", "复制为新年度"},  {"campaign.create", "创建活动"},
	{"case.open", "立案"},              {"case.report", "整改报告"},
	{"case.return", "退回整改"},        {"case.close", "销号"},
	{"case.escalate", "升级督办"},      {"complaint.add", "登记群众意见"},
	{"complaint.close", "办结群众意见"}, {"draw.finding", "记录抽查结果"},
	{"draw.make", "随机抽取"},          {"draw.publish", "公开抽查结果"},
	{"duty.add", "添加经常性任务"},     {"duty.confirm", "确认经常性任务"},
	{"duty.edit", "修改经常性任务"},    {"duty.propose", "提出经常性任务"},
	{"duty.reject", "驳回经常性任务"},  {"evidence.add", "上传佐证材料"},
	{"evidence.withdraw", "撤回佐证材料"}, {"group.assign", "领导小组任职"},
	{"group.office", "设置领导小组办公室"}, {"group.office.unit", "设置办公室所在单位"},
	{"ledger.add", "添加台账"},         {"ledger.attach", "上传台账附件"},
	{"ledger.kind.add", "添加台账类型"}, {"ledger.remove", "删除台账"},
	{"messages.prune", "清理过期消息"},  {"rubric.import", "导入测评细则"},  {"score.correct", "更正分数"},
	{"score.finalize", "确认分数"},     {"score.import", "导入分数"},
	{"score.set", "测评打分"},          {"score.submit", "提交测评分数"},
	{"self.return", "退回自评"},        {"self.submit", "提交自评"},
	{"setting.set", "修改设置"},        {"task.done", "报告任务完成"},
	{"task.due", "修改任务期限"},       {"task.undone", "撤销任务完成"},
	{"user.add", "添加账号"},           {"user.disable", "停用账号"},
	{"user.enable", "启用账号"},        {"user.passwd", "重置密码"},
	{"user.token", "创建API令牌"},      {"user.token.revoke", "吊销API令牌"},
};

const char *audit_action_label(const char *action)
{
	for (size_t i = 0; action && i < sizeof actions / sizeof *actions; i++)
		if (!strcmp(actions[i].action, action))
			return actions[i].label;
	return "其他操作";
}

void audit_action_options(struct web *w, const char *selected)
{
	bool known = !selected || !*selected;
	out(w, "<option value=\"\">全部</option>");
	for (size_t i = 0; i < sizeof actions / sizeof *actions; i++) {
		bool here = selected && !strcmp(selected, actions[i].action);
		known |= here;
		out(w, "<option value=\"%a\"%s>%h</option>", actions[i].action, here ? " selected" : "", actions[i].label);
	}
	if (!known) /* a filter from a link: kept, shown as what it is */
		out(w, "<option value=\"%a\" selected>按所给条件</option>", selected);
}

/* English fragments of the stored subjects and details, and their Chinese,
 * replaced in this order (longer and more particular ones first). */
static const char *const phrases[][2] = {
	{"role admin", "角色 办公室"}, {"role assessor", "角色 测评人员"}, {"role unit", "角色 单位联络员"},
	{"role leader", "角色 领导"}, {"role auditor", "角色 审计"}, {", unit ", ", 单位 "},
	{" units, ", " 个单位, "}, {" changes, ", " 处改动, "}, {" criteria, ", " 项测评内容, "},
	{" criteria)", " 项测评内容)"}, {" criteria", " 项测评内容"}, {" points", " 分"}, {" files)", " 个附件)"},
	{" rows (", " 行 ("}, {" replaced) from ", " 行替换) 来自 "}, {", batch ", ", 批次 "},
	{" bytes", " 字节"}, {"sha256 ", "SHA-256 "}, {" scores ", " 项分数 "}, {"draft", "草稿"},
	{"submitted", "已提交"}, {"final", "已确认"}, {" -> ", " → "}, {"; level ", "; 级别 "},
	{", open, ", ", 整改中, "}, {", reported, ", ", 已报告, "}, {", closed, ", ", 已销号, "},
	{"deadline ", "整改期限 "}, {"; seed ", "; 随机种子 "}, {" units; digest ", " 个单位; 摘要 "},
	{"campaign ", "活动 "}, {" copied to ", " 复制为 "}, {" handled: ", " 已办结: "},
	{" dismissed: ", " 不予受理: "}, {"complaint ", "群众意见 "}, {"criterion ", "测评内容 "},
	{"duty ", "经常性任务 "}, {"evidence ", "佐证材料 "}, {"ledger ", "台账 "}, {"task ", "任务 "},
	{" revoked", " 已吊销"}, {"token ", "API令牌 "}, {" >= ", " 每年至少 "}, {" per year (", " 次 ("},
	{"(confirmed)", "(已确认)"}, {"(proposed)", "(待确认)"}, {"(rejected)", "(已驳回)"},
	{" read messages, ", " 条已读消息，"}, {" hook deliveries (before ", " 条外发记录（早于 "},
	{"older than ", "超过 "}, {" days", " 天"},
	{"sessions and ", "会话及 "}, {" API tokens ended", " 个API令牌已失效"}, {" from ", " 自 "},
	{"; ", "；"}, {", ", "，"}, {": ", "："}, {" (", "（"}, {"(", "（"}, {")", "）"},
};

/* Appends S to B with every phrase of the table replaced. */
static void replace_phrases(struct strbuf *b, const char *s)
{
	struct strbuf cur = {0}, next = {0};
	sb_adds(&cur, s);
	for (size_t k = 0; k < sizeof phrases / sizeof *phrases; k++) {
		const char *from = phrases[k][0], *p = sb_str(&cur), *hit;
		size_t n = strlen(from);
		if (!strstr(p, from))
			continue;
		sb_reset(&next);
		while ((hit = strstr(p, from))) {
			sb_add(&next, p, (size_t)(hit - p));
			sb_adds(&next, phrases[k][1]);
			p = hit + n;
		}
		sb_adds(&next, p);
		struct strbuf t = cur;
		cur = next, next = t;
	}
	sb_adds(b, sb_str(&cur));
	sb_free(&cur), sb_free(&next);
}

void audit_words(struct strbuf *b, const char *text)
{
	static const char login[] = "log-in from ", failed[] = "failed log-in from ";
	if (!text)
		return;
	if (!strncmp(text, login, sizeof login - 1)) {
		sb_addf(b, "登录（来自 %s）", text + sizeof login - 1);
		return;
	}
	if (!strncmp(text, failed, sizeof failed - 1)) {
		const char *addr = text + sizeof failed - 1, *why = strstr(addr, " (");
		sb_adds(b, "登录失败（来自 ");
		sb_add(b, addr, why ? (size_t)(why - addr) : strlen(addr));
		if (why && strstr(why, "disabled"))
			sb_adds(b, "，账号已停用");
		else if (why && strstr(why, "locked"))
			sb_adds(b, "，账号已锁定");
		sb_adds(b, "）");
		return;
	}
	if (!strcmp(text, " late"))
		return;
	size_t n = strlen(text);
	bool late = n > 5 && !strcmp(text + n - 5, " late");
	char *body = xstrndup(text, late ? n - 5 : n);
	replace_phrases(b, body);
	if (late)
		sb_adds(b, "，逾期提交");
	free(body);
}
