/* pages_messages.c — in-app messages (站内消息) on the web: the list of
 * one's own messages, following a message (marked read on the way),
 * 全部标为已读, the office's log of the outbound hook, and the office's
 * batch actions: 批量立案 from the rules' proposals and 一键催办. */
#include <stdlib.h>
#include <string.h>

#include "domain/cases.h"
#include "domain/messages.h"
#include "web/html.h"
#include "web/look.h"
#include "web/pages.h"
#include "web/web.h"

/* Messages a page of /messages shows. */
#define MESSAGES_PAGE 30

/* 自评退回, 立案督办 … : each kind's short name, shown in the list. */
static const char *kind_label(int kind)
{
	static const char *const labels[MSG__COUNT] = {
		[MSG_SELF_RETURNED] = "自评退回", [MSG_CASE_OPENED] = "立案督办", [MSG_CASE_REPORTED] = "整改报告",
		[MSG_CASE_RETURNED] = "整改退回", [MSG_CASE_ESCALATED] = "督办升级", [MSG_CASE_CLOSED] = "督办销号",
		[MSG_DUE_3] = "截止前3天", [MSG_DUE_1] = "截止前1天", [MSG_DUE_PASSED] = "已逾期",
		[MSG_DRAW] = "随机抽查", [MSG_REMINDER] = "催办",
	};
	return kind >= 0 && kind < MSG__COUNT ? labels[kind] : "消息";
}

/* The sentence of message M, as HTML into B. */
static void message_text(const struct web *w, const struct message *m, struct strbuf *b)
{
	const char *unit = m->unit >= 0 ? w->c.units.names[m->unit] : "";
	long long id = (long long)m->case_id;
	switch (m->kind) {
	case MSG_SELF_RETURNED: html_printf(b, "办公室退回了%h的自评，原因：%h", unit, m->note); break;
	case MSG_CASE_OPENED:
		html_printf(b, "办公室对%h立案督办（#%lld），整改期限 %h。督办事由：%h", unit, id, m->day, m->note);
		break;
	case MSG_CASE_REPORTED: html_printf(b, "%h报告了督办事项 #%lld 的整改情况，请核实。", unit, id); break;
	case MSG_CASE_RETURNED: html_printf(b, "督办事项 #%lld 的整改报告被退回，原因：%h", id, m->note); break;
	case MSG_CASE_ESCALATED: html_printf(b, "督办事项 #%lld 已升级：%h", id, m->note); break;
	case MSG_CASE_CLOSED: html_printf(b, "督办事项 #%lld 已核实销号：%h", id, m->note); break;
	case MSG_DUE_3: html_printf(b, "%h有 %d 项工作将于 %h 到期（3 天内），请抓紧完成。", unit, m->count, m->day); break;
	case MSG_DUE_1: html_printf(b, "%h有 %d 项工作将于 %h 到期（不足 1 天），请今天完成。", unit, m->count, m->day); break;
	case MSG_DUE_PASSED: html_printf(b, "%h有 %d 项工作已于 %h 到期未完成，已逾期。", unit, m->count, m->day); break;
	case MSG_DRAW: html_printf(b, "%h在随机抽查中被抽中，请做好迎检准备。", unit); break;
	case MSG_REMINDER:
		html_printf(b, "办公室催办：%h有 %d 项工作已逾期（最早截止于 %h），请尽快完成并报送。", unit, m->count, m->day);
		break;
	default: html_printf(b, "%h", m->note); break;
	}
}

/* Where message M leads its reader, into B (a local path). */
static void message_link(const struct web *w, const struct message *m, struct strbuf *b)
{
	long long u = m->unit >= 0 ? (long long)w->c.units.ids[m->unit] : 0;
	bool clerk = w->who.role == ROLE_UNIT;
	switch (m->kind) {
	case MSG_SELF_RETURNED: html_printf(b, "/units/%lld", u); break;
	case MSG_CASE_OPENED:
	case MSG_CASE_REPORTED:
	case MSG_CASE_RETURNED:
	case MSG_CASE_ESCALATED:
	case MSG_CASE_CLOSED:
		if (clerk)
			html_printf(b, "/units/%lld/cases", u);
		else
			html_printf(b, "/cases/%lld", (long long)m->case_id);
		break;
	case MSG_DUE_3:
	case MSG_DUE_1:
	case MSG_DUE_PASSED:
	case MSG_REMINDER:
		if (u && (clerk || w->who.role & OVERSEERS))
			html_printf(b, "/units/%lld/due", u);
		else
			html_printf(b, "/messages");
		break;
	case MSG_DRAW: /* sent when a draw is published: a drawn unit's clerk sees it too */
		if (w->who.role & (OVERSEERS | ROLE_UNIT))
			html_printf(b, "/draws/%lld", (long long)m->draw_id);
		else
			html_printf(b, "/public/draws");
		break;
	default: html_printf(b, "/messages"); break;
	}
}

/* ?before=ID (a page further back) into *BELOW (0: none); false, with a
 * 400 answer, when it is not a number. */
static bool before_arg(struct web *w, int64_t *below)
{
	const char *before = web_param(w->req->query, w->req->nquery, "before");
	*below = 0;
	if (before && *before) {
		char *end;
		long long v = strtoll(before, &end, 10);
		if (*end || v < 1) {
			web_error(w, 400, "before: 应为编号");
			return false;
		}
		*below = v;
	}
	return true;
}

int get_messages(struct web *w)
{
	int64_t below;
	if (!before_arg(w, &below))
		return 0;
	struct message_list l;
	int64_t unread;
	struct kp_error e = {0};
	if (messages_unread(w->s, w->who.id, &unread, &e) ||
	    messages_list(w->s, &w->c, w->who.id, below, MESSAGES_PAGE, &l, &e))
		return web_fail(w, &e);
	page_begin(w, "站内消息");
	out(w, "<p>共 %lld 条，未读 <span id=\"unread-count\">%lld</span> 条。</p>", (long long)l.total, (long long)unread);
	if (unread) {
		out(w, "<form method=\"post\" action=\"/messages/read\" class=\"noprint\">");
		csrf_field(w);
		out(w, "<button type=\"submit\">全部标为已读</button></form>");
	}
	if (!l.n)
		out(w, "<p>暂无消息。</p>");
	else
		out(w, "<table class=\"messages\"><tr><th>时间</th><th>类别</th><th>内容</th><th>状态</th></tr>");
	for (int i = 0; i < l.n; i++) {
		const struct message *m = &l.row[i];
		struct strbuf text_html = {0};
		message_text(w, m, &text_html);
		out(w, "<tr class=\"%s\"><td>%h</td><td>%h</td><td><a href=\"/messages/%lld\">%s</a></td><td>%s</td></tr>\n",
		    *m->read_at ? "read" : "unread", web_time(w, m->created_at).s, kind_label(m->kind), (long long)m->id,
		    sb_str(&text_html), *m->read_at ? "已读" : "<strong>未读</strong>");
		sb_free(&text_html);
	}
	if (l.n)
		out(w, "</table>");
	if (l.n == MESSAGES_PAGE)
		out(w, "<p><a href=\"/messages?before=%lld\">更早的消息</a></p>", (long long)l.row[l.n - 1].id);
	if (below)
		out(w, "<p><a href=\"/messages\">最新消息</a></p>");
	if (w->who.role == ROLE_ADMIN)
		out(w, "<p><a href=\"/messages/hooks\">外发通知：设置与记录</a></p>");
	page_end(w);
	messages_list_free(&l);
	return 0;
}

/* GET /messages/{m}: marks the reader's message read and goes where it
 * leads; another account's message is not found. */
int get_message(struct web *w)
{
	struct message m;
	struct kp_error e = {0};
	if (messages_get(w->s, &w->c, w->who.id, w->args[0], &m, &e))
		return e.code == KP_EINPUT ? web_error(w, 404, "没有这条消息") : web_fail(w, &e);
	struct strbuf link = {0};
	message_link(w, &m, &link);
	int rc = 0;
	if (!*m.read_at && messages_mark_read(w->s, w->who.id, m.id, &e))
		rc = web_fail(w, &e);
	else
		web_redirect(w, sb_str(&link));
	sb_free(&link);
	messages_free_one(&m);
	return rc;
}

int post_messages_read(struct web *w)
{
	struct kp_error e = {0};
	if (messages_mark_all_read(w->s, w->who.id, NULL, &e))
		return web_fail(w, &e);
	return web_redirect(w, "/messages");
}

/* GET /api/v1/messages: the caller's newest messages, as `kaoping
 * messages list --format json` prints them. */
int api_messages(struct web *w)
{
	struct message_list l;
	struct kp_error e = {0};
	if (messages_list(w->s, &w->c, w->who.id, 0, 100, &l, &e))
		return web_fail(w, &e);
	struct capture cap;
	capture_open(&cap);
	messages_print(&w->c, &l, OUT_JSON, cap.f);
	messages_list_free(&l);
	return capture_answer(w, &cap, 0, &e);
}

/* The words for how delivery H's last try failed. */
static void fail_text(const struct hook_delivery *h, struct strbuf *b)
{
	switch (h->fail) {
	case HOOK_NO_START: html_printf(b, "无法启动（错误号 %d）", h->fail_code); break;
	case HOOK_EXIT: html_printf(b, "退出码 %d", h->fail_code); break;
	case HOOK_SIGNAL: html_printf(b, "被信号 %d 终止", h->fail_code); break;
	case HOOK_TIMEOUT: html_printf(b, "%d 秒内未完成", h->fail_code); break;
	default: break;
	}
	if (*h->last_error)
		html_printf(b, "：%h", h->last_error);
}

/* Whether TARGET is posted to (a URL) rather than run (a command). */
static bool hook_is_url(const char *target)
{
	return !strncmp(target, "http://", 7) || !strncmp(target, "https://", 8);
}

/* The office's form per kind of event: its hook (a command or a URL),
 * what was typed and the refusal beside it when the form comes back. */
static void hook_settings(struct web *w, char *const *targets)
{
	const char *posted = w->refused ? web_form(w, "event") : NULL;
	out(w, "<h2 id=\"settings\">外发设置</h2><p>每类消息可设置一个外发方式：填写网址（以 http:// 或 https:// 开头）时，"
	       "服务器把消息内容以 JSON 格式发送到该网址；填写命令时（程序及参数，以空格分开，不经过命令解释器），"
	       "服务器运行该命令，消息内容从标准输入传入。留空则不外发。</p>");
	if (!w->refused && web_param(w->req->query, w->req->nquery, "saved"))
		out(w, "<p class=\"ok\" role=\"status\">已保存。</p>");
	web_form_errors(w, (const char *const[]){"target", NULL});
	for (int k = 0; k < MSG__COUNT; k++) {
		const char *name = messages_kind_name(k);
		bool here = posted && !strcmp(posted, name);
		const char *value = here ? web_typed(w, "target", targets[k]) : targets[k];
		out(w, "<form method=\"post\" action=\"/messages/hooks\" class=\"hook-setting\" id=\"hook-%a\">", name);
		csrf_field(w);
		out(w, "<input type=\"hidden\" name=\"event\" value=\"%a\"><p><label>%h "
		       "<input name=\"target\" size=\"60\" maxlength=\"1000\" value=\"%a\"></label> ",
		    name, kind_label(k), value);
		badge(w, !*targets[k] ? "未设置" : hook_is_url(targets[k]) ? "网址" : "命令");
		out(w, " <button type=\"submit\">保存</button>");
		if (here)
			web_field_error(w, "target");
		out(w, "</p></form>");
	}
}

int get_message_hooks(struct web *w)
{
	int64_t below;
	if (!before_arg(w, &below))
		return 0;
	struct hook_log l;
	char *targets[MSG__COUNT];
	struct kp_error e = {0};
	if (messages_hooks_get(w->s, &w->c, targets, &e))
		return web_fail(w, &e);
	if (messages_hook_log(w->s, &w->c, below, 50, &l, &e)) {
		for (int k = 0; k < MSG__COUNT; k++)
			free(targets[k]);
		return web_fail(w, &e);
	}
	static const char *const states[] = {"待发送", "已送达", "已放弃"};
	page_begin(w, "外发通知");
	out(w, "<p>各类消息可设置一个外发命令或网址（短信网关、政务微信），由服务器在后台发送，失败后按间隔加倍重试。</p>");
	hook_settings(w, targets);
	for (int k = 0; k < MSG__COUNT; k++)
		free(targets[k]);
	out(w, "<h2 id=\"log\">外发记录</h2>");
	if (!l.n)
		out(w, "<p>暂无外发通知。</p>");
	else
		out(w, "<table class=\"hooks\"><tr><th>编号</th><th>时间</th><th>类别</th><th>方式</th><th>状态</th><th>尝试次数</th>"
		       "<th>下次尝试</th><th>最近一次失败</th></tr>");
	for (int i = 0; i < l.n; i++) {
		const struct hook_delivery *h = &l.row[i];
		struct strbuf fail_html = {0};
		fail_text(h, &fail_html);
		char next[21] = "";
		if (h->state == HOOK_WAITING && h->next_at > 0)
			seconds_iso(h->next_at, next);
		out(w, "<tr><td class=\"n\">%lld</td><td>%h</td><td>%h</td><td>%h</td><td class=\"hook-%d\">", (long long)h->id,
		    web_time(w, h->created_at).s, kind_label(h->kind), hook_is_url(h->target) ? h->target : "命令", h->state);
		badge(w, h->state >= 0 && h->state <= 2 ? states[h->state] : "");
		out(w, "</td><td class=\"n\">%d</td><td>%h</td><td>%s</td></tr>\n", h->attempts, *next ? web_time(w, next).s : "",
		    sb_str(&fail_html));
		sb_free(&fail_html);
	}
	if (l.n)
		out(w, "</table>");
	if (l.n == 50)
		out(w, "<p><a href=\"/messages/hooks?before=%lld\">更早的记录</a></p>", (long long)l.row[l.n - 1].id);
	page_end(w);
	messages_hook_log_free(&l);
	return 0;
}

/* POST /messages/hooks: the office sets the hook of one kind of event
 * (EVENT, TARGET; an empty TARGET removes it). */
int post_message_hooks(struct web *w)
{
	struct kp_error e = {0};
	const char *event = web_form(w, "event");
	int kind = messages_kind_parse(event ? event : "");
	if (messages_hook_set(w->s, &w->c, kind, web_form(w, "target"), w->who.display, &e))
		return web_refuse(w, &e, get_message_hooks);
	struct strbuf loc = {0};
	html_printf(&loc, "/messages/hooks?saved=1#hook-%h", messages_kind_name(kind)); /* a name of [a-z0-9_] */
	web_redirect(w, sb_str(&loc));
	sb_free(&loc);
	return 0;
}

/* ---- the office's batch actions ---- */

/* POST /cases/batch: the proposals ticked on /cases (each "UNIT-RULE":
 * the unit's store id and the rule's name) opened in one go. */
int post_cases_batch(struct web *w)
{
	const struct web_request *r = w->req;
	struct case_pick *picks = xcalloc((size_t)r->nform + 1, sizeof *picks);
	int n = 0;
	for (int i = 0; i < r->nform; i++) {
		if (strcmp(r->form[i].name, "pick"))
			continue;
		const char *v = r->form[i].value, *dash = strchr(v, '-');
		char id[24];
		if (!dash || dash == v || (size_t)(dash - v) >= sizeof id) {
			free(picks);
			return web_error(w, 400, "pick: 选择的督办建议无效");
		}
		memcpy(id, v, (size_t)(dash - v));
		id[dash - v] = 0;
		picks[n] = (struct case_pick){web_unit_arg(w, id), rule_parse(dash + 1)};
		if (picks[n].unit < 0 || picks[n].rule < 0) {
			free(picks);
			return web_error(w, 400, "pick: 选择的督办建议无效");
		}
		n++;
	}
	if (!n) {
		free(picks);
		return web_error(w, 400, "请至少勾选一项督办建议");
	}
	int64_t *ids = xcalloc((size_t)n, sizeof *ids);
	struct kp_error e = {0};
	int rc = cases_open_proposals(w->s, &w->c, picks, n, w->who.display, ids, &e);
	free(picks), free(ids);
	if (rc)
		return web_fail(w, &e);
	return web_redirect(w, "/cases");
}

/* POST /due/remind: 一键催办 every unit with overdue items. */
int post_due_remind(struct web *w)
{
	int n;
	struct kp_error e = {0};
	if (messages_remind_red(w->s, &w->c, w->who.display, &n, &e))
		return web_fail(w, &e);
	struct strbuf loc = {0};
	html_printf(&loc, "/due?reminded=%d", n);
	web_redirect(w, sb_str(&loc));
	sb_free(&loc);
	return 0;
}
