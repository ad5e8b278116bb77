/* say.c — errors in the words of the web: what the domain reports (a
 * reason code, the field, its limits) said in Chinese, the answer's status
 * picked from it, and a refused form shown again with what was typed and
 * the message beside its field. The domain's own message (English, for the
 * command line and the logs) reaches a page only when it is already
 * Chinese and names no command or flag. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/html.h"
#include "web/pages.h"
#include "web/uploads.h"
#include "web/web.h"

/* The Chinese name of each field the domain names. */
static const struct {
	const char *field, *label;
} LABELS[] = {
	{"points", "得分"},      {"comment", "说明"},       {"by", "评分人"},       {"reason", "原因"},
	{"file", "文件"}, {"rubric_file", "测评表文件"},        {"file_name", "文件名"},   {"title", "标题"},      {"date", "日期"},
	{"kind", "类别"},        {"criteria", "测评内容"},  {"criterion", "测评内容"}, {"unit", "单位"},
	{"participants", "参加人数"}, {"place", "地点"},   {"content", "内容"},    {"note", "说明"},
	{"count", "抽取单位数"}, {"ratio", "抽取比例"},     {"seed", "随机种子"},   {"name", "名称"},
	{"password", "密码"},    {"display", "姓名"},       {"role", "角色"},       {"text", "内容"},
	{"deadline", "期限"},    {"summary", "情况说明"},   {"level", "督办级别"},  {"days", "天数"},
	{"inspectors", "检查人员"}, {"weight", "权重"},     {"expires", "有效期"},  {"value", "取值"},
	{"year", "年度"},        {"label", "用途说明"},        {"units", "单位"},         {"exclude", "排除单位"}, {"finding", "检查发现"},
	{"target", "外发命令或网址"}, {"event", "消息类别"},
	{"account", "账号"},      {"position", "职务"},     {"key", "设置项"},      {"from", "任职日期"},
};

const char *web_field_label(const char *field)
{
	for (size_t i = 0; field && i < sizeof LABELS / sizeof *LABELS; i++)
		if (!strcmp(LABELS[i].field, field))
			return LABELS[i].label;
	return "";
}

/* Whether MSG may be shown as it is: it has Chinese and no command, flag,
 * path or English sentence meant for the command line. */
static bool shown_as_is(const char *msg)
{
	bool cjk = false;
	for (const unsigned char *p = (const unsigned char *)msg; *p; p++)
		if (*p >= 0xe3 && *p <= 0xe9)
			cjk = true;
	return cjk && !strstr(msg, "--") && !strstr(msg, "kaoping") && !strstr(msg, "docs/");
}

static void num(struct strbuf *b, double v)
{
	char s[32];
	snprintf(s, sizeof s, "%.1f", v);
	size_t n = strlen(s);
	if (n > 2 && !strcmp(s + n - 2, ".0"))
		s[n - 2] = 0;
	sb_adds(b, s);
}

void web_say(const struct kp_error *e, struct strbuf *b)
{
	const char *label = web_field_label(e->field);
	if (!*label)
		label = "填写的内容";
	if (e->code == KP_EBUSY) {
		sb_adds(b, "系统繁忙，请稍后重试（未做任何更改）");
		return;
	}
	if (e->code != KP_EINPUT) {
		sb_adds(b, "服务器出错，未能完成（未做任何更改）；请稍后重试，仍不行请联系系统管理员");
		return;
	}
	if (!strcmp(e->field, "rubric_file")) { /* the .docx or .xlsx a rubric came in */
		if (e->reason == KP_R_FILE_TYPE)
			sb_adds(b, "请上传 Word 文档（.docx）或 Excel 工作簿（.xlsx）；旧版 .doc、.xls 请先在 Word、WPS 或 Excel 中另存为 .docx、.xlsx");
		else if (e->reason == KP_R_EMPTY)
			sb_adds(b, "文件里没有找到表格：Word 文档应含测评表的表格，Excel 工作簿的第一张工作表应是测评表");
		else if (e->reason == KP_R_TOO_LARGE)
			sb_adds(b, "文件过大或其中的表格过大，无法读取");
		else
			sb_adds(b, "文件已损坏，或不是 Word/Excel 文件，无法读取；请在 Word、WPS 或 Excel 中打开后另存一次再上传");
		return;
	}
	switch (e->reason) {
	case KP_R_REQUIRED:
		if (!strcmp(e->field, "count"))
			sb_adds(b, "请填写抽取单位数或抽取比例（二者填一项）");
		else if (!strcmp(e->field, "units"))
			sb_adds(b, "抽取范围内没有单位：请少排除一些单位");
		else if (!strcmp(e->field, "file"))
			sb_adds(b, "请选择要上传的文件或拍照");
		else if (!strcmp(e->field, "unit"))
			sb_adds(b, "单位联络员账号须选择所属单位");
		else
			sb_addf(b, "请填写%s", label);
		return;
	case KP_R_RANGE:
		if (!strcmp(e->field, "date") && e->lo == e->hi) {
			sb_adds(b, "日期应在本年度（");
			num(b, e->lo);
			sb_adds(b, " 年）内");
			return;
		}
		if (!strcmp(e->field, "ratio")) {
			sb_adds(b, "抽取比例应大于 0、不超过 1（如 0.2 表示抽取 20%）");
			return;
		}
		if (!strcmp(e->field, "file")) {
			sb_adds(b, "一次最多上传 ");
			num(b, e->hi);
			sb_adds(b, " 个文件");
			return;
		}
		if (!strcmp(e->field, "inspectors")) {
			sb_addf(b, "可选派的检查人员不足：%s只能从外单位选派 ", *e->value ? e->value : "有的单位");
			num(b, e->lo);
			sb_adds(b, " 名，每个被抽查单位需要 ");
			num(b, e->hi);
			sb_adds(b, " 名；请增加测评人员，或把该单位排除在抽取范围外");
			return;
		}
		sb_addf(b, "%s应在 ", label);
		num(b, e->lo);
		sb_adds(b, "–");
		num(b, e->hi);
		sb_adds(b, " 之间");
		return;
	case KP_R_FORMAT:
		if (!strcmp(e->field, "points"))
			sb_adds(b, "得分应为数字，最多一位小数（如 3 或 4.5）");
		else if (!strcmp(e->field, "name"))
			sb_adds(b, "账号名应为 2–40 个小写字母、数字或 . - _（如 shenji01）");
		else if (!strcmp(e->field, "date") || !strcmp(e->field, "deadline"))
			sb_addf(b, "%s格式应为 年-月-日（如 2024-07-29）", label);
		else if (!strcmp(e->field, "file"))
			sb_addf(b, "文件的内容与扩展名 .%s 不符：请检查文件是否完好、扩展名是否被改过", e->value);
		else if (!strcmp(e->field, "file_name"))
			sb_adds(b, "文件名不能为空，也不能含有控制字符或双向文本控制字符，请改名后再上传");
		else if (!strcmp(e->field, "count"))
			sb_adds(b, "抽取单位数和抽取比例只填一项");
		else if (!strcmp(e->field, "participants"))
			sb_adds(b, "参加人数应为 0 或正整数");
		else if (!strcmp(e->field, "criteria"))
			sb_adds(b, "测评内容应为序号，多个用逗号分开（如 4,8）");
		else if (!strcmp(e->field, "target"))
			sb_adds(b, "请填写以 http:// 或 https:// 开头、含主机名且不含空格的网址，或以程序开头的命令（写在一行内）");
		else if (!strcmp(e->field, "criterion"))
			sb_adds(b, "测评内容应填序号（如 2）");
		else if (!strcmp(e->field, "seed"))
			sb_adds(b, "随机种子只能用 1–64 个英文字母、数字或 . _ -");
		else
			sb_addf(b, "%s的格式不对", label);
		return;
	case KP_R_TOO_LONG:
		if (!strcmp(e->field, "file_name")) {
			sb_adds(b, "文件名过长（最多 240 字节，约 80 个汉字），请改短后再上传");
			return;
		}
		sb_addf(b, "%s过长，最多 ", label);
		num(b, e->hi);
		sb_adds(b, " 字");
		return;
	case KP_R_TOO_LARGE:
		if (!strcmp(e->field, "files")) {
			sb_adds(b, "上传的文件合计过大：每次合计最多 ");
			num(b, e->hi / (1024.0 * 1024.0));
			sb_adds(b, " MB，请分几次上传");
			return;
		}
		if (strcmp(e->field, "file")) {
			sb_addf(b, "提交的内容过大，最多 %.0f KB", e->hi / 1024.0);
			return;
		}
		sb_adds(b, "文件过大：每个文件最大 ");
		num(b, e->hi / (1024.0 * 1024.0));
		sb_adds(b, " MB，请压缩或分成几个文件上传");
		return;
	case KP_R_EMPTY:
		sb_adds(b, "文件是空的，请选择有内容的文件");
		return;
	case KP_R_FILE_TYPE:
		if (*e->value)
			sb_addf(b, "不接受 .%s 文件：", e->value);
		else
			sb_adds(b, "文件没有扩展名：");
		sb_adds(b, "请上传 " WEB_FILE_TYPES_ZH);
		return;
	case KP_R_UNKNOWN:
		sb_addf(b, "没有这个%s", label);
		return;
	case KP_R_NOT_FOUND:
		sb_adds(b, "没有找到要操作的记录，它可能已被删除");
		return;
	case KP_R_NOT_APPLICABLE:
		sb_adds(b, "这条测评内容不适用于该单位");
		return;
	case KP_R_FROZEN:
		sb_adds(b, "自评已提交，办公室退回后才能修改");
		return;
	case KP_R_DEADLINE:
		sb_adds(b, "已过截止时间，不能再这样操作");
		return;
	case KP_R_DUPLICATE:
		if (!strcmp(e->field, "kind"))
			sb_adds(b, "这条测评内容已有该类别的台账要求，请修改原有的要求");
		else
			sb_addf(b, "%s已存在", label);
		return;
	case KP_R_DENIED:
		sb_adds(b, "您没有权限进行这项操作");
		return;
	case KP_R_TOO_SHORT:
		sb_addf(b, "%s太短，至少 ", label);
		num(b, e->lo);
		sb_adds(b, " 个字符");
		return;
	case KP_R_WEAK:
		sb_adds(b, "密码太简单：请混用字母和数字或符号，不要只重复一个字符，也不要包含账号名");
		return;
	case KP_R_CONFLICT:
		if (!strcmp(e->field, "unit"))
			sb_adds(b, "只有单位联络员账号属于某个单位（测评人员可填本单位，用于回避）；其他角色请不要选择单位");
		else
			sb_addf(b, "%s与表单中其他内容不相符", label);
		return;
	case KP_R_STATE:
		if (shown_as_is(e->msg))
			sb_adds(b, e->msg);
		else
			sb_adds(b, "当前状态下不能进行这项操作，请刷新页面后查看");
		return;
	default:
		if (shown_as_is(e->msg))
			sb_adds(b, e->msg);
		else if (*e->field)
			sb_addf(b, "%s填写有误，请检查", label);
		else
			sb_adds(b, "提交的内容有误，请检查后再试（未做任何更改）");
	}
}

int web_status_of(const struct kp_error *e)
{
	if (e->code == KP_EBUSY)
		return 503;
	if (e->code != KP_EINPUT)
		return 500;
	switch (e->reason) {
	case KP_R_NOT_FOUND: return 404;
	case KP_R_DENIED: return 403;
	case KP_R_FROZEN:
	case KP_R_STATE:
	case KP_R_DEADLINE:
	case KP_R_DUPLICATE: return 409;
	case KP_R_TOO_LARGE: return 413;
	default: return 400;
	}
}

int web_fail(struct web *w, const struct kp_error *e)
{
	int status = web_status_of(e);
	if (status == 500)
		fprintf(stderr, "kaoping serve: %s %s: %s\n", w->req ? w->req->method : "", w->req ? w->req->path : "",
			e->msg);
	if (!w->route || w->route->api)
		return web_api_error(w, status, e);
	struct strbuf b = {0};
	web_say(e, &b);
	web_error(w, status, sb_str(&b));
	sb_free(&b);
	return 0;
}

int web_refuse(struct web *w, const struct kp_error *e, int (*page)(struct web *w))
{
	if (!w->route || w->route->api || e->code != KP_EINPUT || !page)
		return web_fail(w, e);
	w->refused = e;
	int status = web_status_of(e);
	sb_reset(&w->res->body);
	page(w);
	w->res->status = status;
	w->refused = NULL;
	return 0;
}

int web_refuse_noting(struct web *w, const struct kp_error *e, const char *note, int (*page)(struct web *w))
{
	if (e->code != KP_EINPUT)
		return web_refuse(w, e, page);
	struct strbuf b = {0};
	web_say(e, &b);
	struct kp_error said = {0};
	kp_fail_at(&said, KP_EINPUT, KP_R_NONE, e->field, 0, 0, "%s（%s）", sb_str(&b), note);
	sb_free(&b);
	return web_refuse(w, &said, page);
}

const char *web_typed(const struct web *w, const char *name, const char *stored)
{
	if (!w->refused)
		return stored;
	const char *v = web_form(w, name);
	return v ? v : "";
}

void web_field_error(struct web *w, const char *field)
{
	if (!w->refused || strcmp(w->refused->field, field))
		return;
	struct strbuf b = {0};
	web_say(w->refused, &b);
	out(w, " <span class=\"field-error\" role=\"alert\">%h</span>", sb_str(&b));
	w->refused_shown = true;
	sb_free(&b);
}

void web_form_errors(struct web *w, const char *const *fields)
{
	if (!w->refused)
		return;
	for (; fields && *fields; fields++)
		if (!strcmp(*fields, w->refused->field))
			return; /* said beside its field */
	struct strbuf b = {0};
	web_say(w->refused, &b);
	out(w, "<p class=\"error\" role=\"alert\">%h</p>", sb_str(&b));
	sb_free(&b);
}

void web_say_here(struct web *w, const struct kp_error *e)
{
	if (web_status_of(e) == 500)
		fprintf(stderr, "kaoping serve: %s %s: %s\n", w->req ? w->req->method : "", w->req ? w->req->path : "",
			e->msg);
	struct strbuf b = {0};
	web_say(e, &b);
	out(w, "<p class=\"error\" role=\"alert\">%h</p>", sb_str(&b));
	sb_free(&b);
}
