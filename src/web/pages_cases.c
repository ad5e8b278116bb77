/* pages_cases.c — the supervision pages: the office's cases page with the
 * rules' proposals, one case with its history, the printable 挂牌督办清单
 * and its CSV, a unit's own cases where its clerk reports rectification,
 * and the JSON resources. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/cases.h"
#include "web/html.h"
#include "web/look.h"
#include "web/pages.h"
#include "web/uploads.h"
#include "domain/settings.h"
#include "web/web.h"

/* The case {c} of the path (args[IDX]) into *R; false (and a 404 answer)
 * when there is none, or when UNIT >= 0 and the case is another unit's. */
static bool load_case(struct web *w, int idx, int unit, struct case_record *r)
{
	struct kp_error e = {0};
	if (cases_get(w->s, &w->c, w->args[idx], r, &e) || (unit >= 0 && r->unit != unit)) {
		if (!e.code)
			cases_record_free(r);
		web_error(w, 404, "没有这个督办事项");
		return false;
	}
	return true;
}

static int answer_error(struct web *w, const struct kp_error *e)
{
	return web_fail(w, e);
}

/* Redirects to the page of case ID. */
static int to_case(struct web *w, int64_t id)
{
	struct strbuf loc = {0};
	html_printf(&loc, "/cases/%lld", (long long)id);
	web_redirect(w, sb_str(&loc));
	sb_free(&loc);
	return 0;
}

/* <td> cells for the deadline, marked when it has passed. */
static void deadline_cell(struct web *w, const struct case_record *r, const char *today)
{
	long late = cases_overdue(r, today);
	if (late)
		out(w, "<td class=\"d\">%h <span class=\"badge b-red\">逾期 %ld 天</span></td>", r->deadline, late);
	else
		out(w, "<td class=\"d\">%h</td>", r->deadline);
}

static void case_rows(struct web *w, const struct case_record *r, int n, const char *today)
{
	out(w, "<table><tr><th>编号</th><th>单位</th><th>督办情形</th><th>级别</th><th>状态</th><th>整改期限</th>"
	       "<th>督办事由</th></tr>");
	for (int i = 0; i < n; i++) {
		out(w, "<tr><td class=\"n\"><a href=\"/cases/%lld\">#%lld</a></td><td><a href=\"/units/%lld/cases\">%h</a></td>"
		       "<td>%h</td><td>%h</td><td class=\"s\">",
		    (long long)r[i].id, (long long)r[i].id, (long long)w->c.units.ids[r[i].unit], w->c.units.names[r[i].unit],
		    rule_label(r[i].rule), cases_level_label(r[i].level));
		badge(w, cases_state_label(r[i].state));
		out(w, "</td>");
		deadline_cell(w, &r[i], today);
		out(w, "<td class=\"t\">%h</td></tr>\n", r[i].reason);
	}
	out(w, "</table>");
	if (!n)
		out(w, "<p>没有符合条件的督办事项。</p>");
}

/* The hidden and visible fields of a form that opens a case. */
static void open_fields(struct web *w)
{
	out(w, "<label>整改期限 <input type=\"date\" name=\"deadline\"></label> <label>级别 <select name=\"level\">");
	for (int l = 1; l <= CASE_LEVEL_MAX; l++)
		out(w, "<option value=\"%d\">%h</option>", l, cases_level_label(l));
	out(w, "</select></label> ");
}

static void office_tools(struct web *w)
{
	struct rules_proposal *p;
	int n;
	struct kp_error e = {0};
	int64_t days = 0, overdue = 0;
	out(w, "<h2>规则提出的督办建议</h2>");
	if (settings_get(w->s, w->c.id, "case_deadline_days", &days, &e) ||
	    settings_get(w->s, w->c.id, "case_overdue_days", &overdue, &e) || cases_propose(w->s, &w->c, &p, &n, &e)) {
		web_say_here(w, &e);
		return;
	}
	if (!n)
		out(w, "<p>没有单位符合督办条件（或已立案）。</p>");
	else
		out(w, "<table class=\"proposals\"><tr><th>选择</th><th>单位</th><th>督办情形</th><th>督办事由</th><th>整改事项</th><th></th></tr>");
	for (int i = 0; i < n; i++) {
		/* the tick belongs to the batch form below the table (form="batch") */
		out(w, "<tr><td><input type=\"checkbox\" name=\"pick\" form=\"batch\" value=\"%lld-%a\" aria-label=\"选择%a\"></td>"
		       "<td>%h</td><td>%h</td><td>%h</td><td>%h</td><td><form method=\"post\" action=\"/cases\">",
		    (long long)w->c.units.ids[p[i].unit], rule_name(p[i].rule), w->c.units.names[p[i].unit],
		    w->c.units.names[p[i].unit], rule_label(p[i].rule), p[i].reason, p[i].items);
		csrf_field(w);
		out(w, "<input type=\"hidden\" name=\"unit\" value=\"%lld\"><input type=\"hidden\" name=\"rule\" value=\"%a\">"
		       "<input type=\"hidden\" name=\"reason\" value=\"%a\"><input type=\"hidden\" name=\"items\" value=\"%a\">"
		       "<button type=\"submit\">立案</button></form></td></tr>\n",
		    (long long)w->c.units.ids[p[i].unit], rule_name(p[i].rule), p[i].reason, p[i].items);
	}
	if (n) {
		out(w, "</table><form id=\"batch\" method=\"post\" action=\"/cases/batch\">");
		csrf_field(w);
		out(w, "<p><button type=\"submit\">批量立案（所选各项）</button> <small>一键立案、批量立案均为“催办”级，整改期限为今天起 %lld 天；"
		       "批量立案要么全部立案，要么一项也不立。</small></p></form>",
		    (long long)days);
	}
	rule_proposals_free(p, n);
	out(w, "<h2>手动立案</h2><form method=\"post\" action=\"/cases\" class=\"case-open\">");
	csrf_field(w);
	out(w, "<p><label>单位 <select name=\"unit\" required><option value=\"\">请选择</option>");
	for (int u = 0; u < w->c.units.n && u < 5000; u++)
		out(w, "<option value=\"%lld\">%h</option>", (long long)w->c.units.ids[u], w->c.units.names[u]);
	out(w, "</select></label> <label>督办情形 <select name=\"rule\">");
	for (int r = RULE__COUNT - 1; r >= 0; r--) /* manual first */
		out(w, "<option value=\"%a\">%h</option>", rule_name(r), rule_label(r));
	out(w, "</select></label></p><p><label>督办事由<br><textarea name=\"reason\" rows=\"2\" cols=\"60\" required></textarea>"
	       "</label></p><p><label>整改事项<br><textarea name=\"items\" rows=\"3\" cols=\"60\"></textarea></label></p><p>");
	open_fields(w);
	out(w, "<button type=\"submit\">立案</button> <small>期限不填则为今天起 %lld 天</small></p></form>", (long long)days);
	out(w, "<h2>逾期升级</h2><form method=\"post\" action=\"/cases/sweep\">");
	csrf_field(w);
	out(w, "<p>整改中的事项逾期超过 %lld 天的，升级一级（催办→督办→挂牌→集中整改）并重设整改期限。服务器每天可自动检查一次，"
	       "同一天重复检查不会重复升级。 <button type=\"submit\">立即检查升级</button></p></form>",
	    (long long)overdue);
}

int get_cases(struct web *w)
{
	const char *unit = web_param(w->req->query, w->req->nquery, "unit");
	const char *state = web_param(w->req->query, w->req->nquery, "state");
	struct case_filter f = {.unit = -1, .state = -1};
	if (unit && *unit && (f.unit = web_unit_arg(w, unit)) < 0)
		return web_error(w, 400, "没有这个单位");
	if (state && *state && (f.state = cases_state_parse(state)) < 0)
		return web_error(w, 400, "没有这种办理状态");
	struct case_record *r;
	int n;
	struct kp_error e = {0};
	if (cases_list(w->s, &w->c, &f, &r, &n, &e))
		return answer_error(w, &e);
	char *today = campaign_today(&w->c);
	page_begin(w, "督办整改");
	out(w, "<p><a href=\"/cases/listing\">挂牌督办清单</a> · <a href=\"/cases/listing.csv\">清单 CSV</a></p>");
	out(w, "<form method=\"get\" action=\"/cases\"><label>单位 <select name=\"unit\"><option value=\"\">全部</option>");
	for (int u = 0; u < w->c.units.n && u < 5000; u++)
		out(w, "<option value=\"%lld\"%s>%h</option>", (long long)w->c.units.ids[u], u == f.unit ? " selected" : "",
		    w->c.units.names[u]);
	out(w, "</select></label> <label>状态 <select name=\"state\"><option value=\"\">全部</option>");
	for (int st = CASE_OPEN; st <= CASE_CLOSED; st++)
		out(w, "<option value=\"%a\"%s>%h</option>", cases_state_name(st), st == f.state ? " selected" : "",
		    cases_state_label(st));
	out(w, "</select></label> <button type=\"submit\">筛选</button></form>");
	case_rows(w, r, n, today);
	if (w->who.role == ROLE_ADMIN)
		office_tools(w);
	page_end(w);
	free(today);
	cases_list_free(r, n);
	return 0;
}

/* The events of a case with their files (links under the unit's path). */
static void case_history(struct web *w, const struct case_record *r)
{
	struct case_event_info *ev;
	int n;
	struct kp_error e = {0};
	if (cases_events(w->s, r->id, &ev, &n, &e)) {
		web_say_here(w, &e);
		return;
	}
	out(w, "<table><tr><th>日期</th><th>操作</th><th>操作人</th><th>内容</th><th>附件</th></tr>");
	for (int i = 0; i < n; i++) {
		char day[11];
		cases_day(&w->c, ev[i].at, day);
		out(w, "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>", day, cases_action_label(ev[i].action),
		    ev[i].actor, ev[i].text);
		for (int k = 0; k < ev[i].nfiles; k++)
			out(w, "%s<a href=\"/units/%lld/cases/%lld/files/%lld\">%h</a>", k ? "<br>" : "",
			    (long long)w->c.units.ids[r->unit], (long long)r->id, (long long)ev[i].files[k].id,
			    ev[i].files[k].name);
		out(w, "</td></tr>\n");
	}
	out(w, "</table>");
	cases_events_free(ev, n);
}

static void case_facts(struct web *w, const struct case_record *r, const char *today)
{
	out(w, "<table><tr><th>单位</th><td><a href=\"/units/%lld/cases\">%h</a></td></tr><tr><th>督办情形</th><td>%h</td></tr>"
	       "<tr><th>督办级别</th><td>%h</td></tr><tr><th>状态</th><td id=\"case-state\">%h</td></tr><tr><th>整改期限</th>",
	    (long long)w->c.units.ids[r->unit], w->c.units.names[r->unit], rule_label(r->rule), cases_level_label(r->level),
	    cases_state_label(r->state));
	deadline_cell(w, r, today);
	out(w, "</tr><tr><th>督办事由</th><td>%h</td></tr><tr><th>整改事项</th><td>%h</td></tr></table>", r->reason,
	    *r->items ? r->items : "-");
}

static void office_forms(struct web *w, const struct case_record *r)
{
	if (r->state == CASE_CLOSED)
		return;
	out(w, "<h2>办公室处理</h2><form method=\"post\" action=\"/cases/%lld/close\">", (long long)r->id);
	csrf_field(w);
	out(w, "<p><label>销号说明 <input name=\"note\" size=\"40\"%s></label> <button type=\"submit\">核实销号</button>%s</p></form>",
	    r->state == CASE_OPEN ? " required" : "",
	    r->state == CASE_OPEN ? " <small>单位尚未报告整改：直接销号须写明核实情况</small>" : "");
	if (r->state == CASE_REPORTED) {
		out(w, "<form method=\"post\" action=\"/cases/%lld/return\">", (long long)r->id);
		csrf_field(w);
		out(w, "<p><label>退回原因 <input name=\"reason\" size=\"40\" required></label> <button type=\"submit\">退回重新整改</button></p></form>");
	}
	if (r->level < CASE_LEVEL_MAX) {
		out(w, "<form method=\"post\" action=\"/cases/%lld/escalate\">", (long long)r->id);
		csrf_field(w);
		out(w, "<p><label>新整改期限 <input type=\"date\" name=\"deadline\"></label> <label>说明 <input name=\"note\" size=\"30\"></label> "
		       "<button type=\"submit\">升级为%h</button></p></form>",
		    cases_level_label(r->level + 1));
	}
}

int get_case(struct web *w)
{
	struct case_record r;
	if (!load_case(w, 0, -1, &r))
		return 0;
	char title[64], *today = campaign_today(&w->c);
	snprintf(title, sizeof title, "督办事项 #%lld", (long long)r.id);
	page_begin(w, title);
	out(w, "<p class=\"noprint export\"><a href=\"/cases/%lld/notice.pdf\">%h通知书 PDF</a> · "
	       "<a href=\"/cases/%lld/notice.xlsx\">Excel</a></p>",
	    (long long)r.id, cases_level_label(r.level), (long long)r.id);
	case_facts(w, &r, today);
	out(w, "<h2>办理过程</h2>");
	case_history(w, &r);
	if (w->who.role == ROLE_ADMIN)
		office_forms(w, &r);
	out(w, "<p><a href=\"/cases\">返回督办整改</a></p>");
	page_end(w);
	free(today);
	cases_record_free(&r);
	return 0;
}

int post_case_open(struct web *w)
{
	const char *unit = web_form(w, "unit"), *rule = web_form(w, "rule"), *level = web_form(w, "level");
	struct case_new in = {.reason = web_form(w, "reason"), .items = web_form(w, "items"),
			      .deadline = web_form(w, "deadline"), .rule = RULE_MANUAL, .level = 1};
	if (!unit || (in.unit = web_unit_arg(w, unit)) < 0)
		return web_error(w, 400, "请选择单位");
	if (rule && *rule && (in.rule = rule_parse(rule)) < 0)
		return web_error(w, 400, "没有这种督办情形");
	if (level && *level) {
		char *end;
		long v = strtol(level, &end, 10);
		if (*end || v < 1 || v > CASE_LEVEL_MAX)
			return web_error(w, 400, "督办级别应为 1（催办）到 4（集中整改）");
		in.level = (int)v;
	}
	int64_t id;
	struct kp_error e = {0};
	if (cases_open(w->s, &w->c, &in, w->who.display, &id, &e))
		return answer_error(w, &e);
	return to_case(w, id);
}

int post_case_sweep(struct web *w)
{
	struct kp_error e = {0};
	int n;
	if (cases_sweep(w->s, &w->c, w->who.display, NULL, &n, &e))
		return answer_error(w, &e);
	return web_redirect(w, "/cases");
}

int post_case_close(struct web *w)
{
	struct case_record r;
	struct kp_error e = {0};
	if (!load_case(w, 0, -1, &r))
		return 0;
	cases_record_free(&r);
	if (cases_close(w->s, &w->c, w->args[0], web_form(w, "note"), w->who.display, &e))
		return answer_error(w, &e);
	return to_case(w, w->args[0]);
}

int post_case_return(struct web *w)
{
	struct case_record r;
	struct kp_error e = {0};
	if (!load_case(w, 0, -1, &r))
		return 0;
	cases_record_free(&r);
	if (cases_return(w->s, &w->c, w->args[0], web_form(w, "reason"), w->who.display, &e))
		return answer_error(w, &e);
	return to_case(w, w->args[0]);
}

int post_case_escalate(struct web *w)
{
	struct case_record r;
	struct kp_error e = {0};
	if (!load_case(w, 0, -1, &r))
		return 0;
	cases_record_free(&r);
	if (cases_escalate(w->s, &w->c, w->args[0], web_form(w, "deadline"), web_form(w, "note"), w->who.display, &e))
		return answer_error(w, &e);
	return to_case(w, w->args[0]);
}

/* ---- the 挂牌督办清单 ---- */

int get_case_listing(struct web *w)
{
	bool all = web_param(w->req->query, w->req->nquery, "all") != NULL;
	struct case_filter f = {.unit = -1, .state = -1, .unclosed = true, .min_level = all ? 1 : 3};
	struct case_record *r;
	int n;
	struct kp_error e = {0};
	if (cases_list(w->s, &w->c, &f, &r, &n, &e))
		return answer_error(w, &e);
	char *today = campaign_today(&w->c);
	page_begin(w, "挂牌督办清单");
	paper_links(w, "/cases/listing", all ? "?all=1" : NULL);
	out(w, "<p>%h · %h%s · <a href=\"/cases/listing.csv%s\">CSV</a> · %s</p>", w->c.title, today,
	    all ? "（全部在办事项）" : "（挂牌及以上）", all ? "?all=1" : "",
	    all ? "<a href=\"/cases/listing\">仅挂牌及以上</a>" : "<a href=\"/cases/listing?all=1\">全部在办事项</a>");
	out(w, "<table class=\"listing\"><tr><th>序号</th><th>单位</th><th>督办级别</th><th>督办情形</th><th>督办事由</th>"
	       "<th>整改事项</th><th>立案日期</th><th>整改期限</th><th>状态</th></tr>");
	for (int i = 0; i < n; i++) {
		char opened[11];
		cases_day(&w->c, r[i].opened_at, opened);
		out(w, "<tr><td class=\"n\"><a href=\"/cases/%lld\">%d</a></td><td>%h</td><td>%h</td><td>%h</td><td>%h</td>"
		       "<td>%h</td><td>%h</td>",
		    (long long)r[i].id, i + 1, w->c.units.names[r[i].unit], cases_level_label(r[i].level), rule_label(r[i].rule),
		    r[i].reason, r[i].items, opened);
		deadline_cell(w, &r[i], today);
		out(w, "<td class=\"s\">");
		badge(w, cases_state_label(r[i].state));
		out(w, "</td></tr>\n");
	}
	out(w, "</table>");
	if (!n)
		out(w, "<p>清单为空。</p>");
	page_end(w);
	free(today);
	cases_list_free(r, n);
	return 0;
}

int get_case_listing_csv(struct web *w)
{
	bool all = web_param(w->req->query, w->req->nquery, "all") != NULL;
	struct capture cap;
	struct kp_error e = {0};
	capture_open(&cap);
	int rc = cases_print_listing(w->s, &w->c, all, OUT_CSV, cap.f, &e);
	fclose(cap.f);
	if (!rc) {
		w->res->content_type = "text/csv; charset=utf-8";
		web_attachment(w, "挂牌督办清单.csv");
		sb_add(&w->res->body, cap.buf, cap.len);
	}
	free(cap.buf);
	return rc ? answer_error(w, &e) : 0;
}

/* ---- a unit's own cases ---- */

/* The files posted ("file", and "photo" from the camera) as attachments
 * into ATT; returns the count. */
static int attachments(struct web *w, struct case_attachment *att)
{
	struct web_upload **parts = xcalloc((size_t)w->req->nuploads + 1, sizeof *parts);
	int n = web_files_posted(w, parts);
	for (int i = 0; i < n; i++)
		att[i] = (struct case_attachment){parts[i]->filename, &parts[i]->file};
	free(parts);
	return n;
}

int post_case_report(struct web *w)
{
	int u = web_unit(w, w->args[0]);
	struct case_record r;
	if (!load_case(w, 1, u, &r)) /* only a case of this unit */
		return 0;
	cases_record_free(&r);
	struct case_attachment *att = xcalloc((size_t)w->req->nuploads + 1, sizeof *att);
	struct kp_error e = {0};
	int n = attachments(w, att);
	int rc = cases_report(w->s, &w->c, w->args[1], u, web_form(w, "text"), att, n, w->who.display, &e);
	free(att);
	if (rc)
		return answer_error(w, &e);
	struct strbuf loc = {0};
	html_printf(&loc, "/units/%lld/cases?saved=1", (long long)w->args[0]);
	web_redirect(w, sb_str(&loc));
	sb_free(&loc);
	return 0;
}

int get_unit_cases(struct web *w)
{
	int u = web_unit(w, w->args[0]);
	struct case_filter f = {.unit = u, .state = -1};
	struct case_record *r;
	int n;
	struct kp_error e = {0};
	if (cases_list(w->s, &w->c, &f, &r, &n, &e))
		return answer_error(w, &e);
	char title[300], *today = campaign_today(&w->c);
	snprintf(title, sizeof title, "%s 督办整改", w->c.units.names[u]);
	page_begin(w, title);
	if (web_param(w->req->query, w->req->nquery, "saved"))
		out(w, "<p class=\"ok\">整改报告已提交，等待办公室核实。</p>");
	if (!n)
		out(w, "<p>本单位没有督办事项。</p>");
	bool may_report = w->who.role == ROLE_UNIT || w->who.role == ROLE_ADMIN;
	/* Open cases first: they are what the clerk has to act on. */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < n; i++) {
			if ((r[i].state == CASE_CLOSED) != (pass == 1))
				continue;
			out(w, "<h2 id=\"case-%lld\">督办事项 #%lld · %h · %h</h2>", (long long)r[i].id, (long long)r[i].id,
			    cases_level_label(r[i].level), cases_state_label(r[i].state));
			case_facts(w, &r[i], today);
			case_history(w, &r[i]);
			if (r[i].state == CASE_CLOSED || !may_report)
				continue;
			out(w, "<form method=\"post\" enctype=\"multipart/form-data\" action=\"/units/%lld/cases/%lld/report\">",
			    (long long)w->args[0], (long long)r[i].id);
			csrf_field(w);
			out(w, "<p><label>整改报告<br><textarea name=\"text\" rows=\"4\" cols=\"70\" required></textarea></label></p>"
			       "<p>附件（可选）：</p>");
			web_upload_field(w, UPLOAD_FILES, NULL, false);
			out(w, "<p><button type=\"submit\">提交整改报告</button></p></form>");
		}
	page_end(w);
	free(today);
	cases_list_free(r, n);
	return 0;
}

int get_case_file(struct web *w)
{
	struct case_record r;
	if (!load_case(w, 1, web_unit(w, w->args[0]), &r))
		return 0;
	cases_record_free(&r);
	struct kp_error e = {0};
	int64_t case_id;
	char sha[65], *name, *type;
	if (cases_file_get(w->s, w->args[2], &case_id, sha, &name, &type, &e) || case_id != w->args[1]) {
		if (!e.code)
			free(name), free(type);
		return web_error(w, 404, "没有这个文件");
	}
	int rc = web_send_stored_file(w, sha, name, type);
	free(name), free(type);
	return rc;
}

/* ---- JSON ---- */

static int cases_json(struct web *w, const struct case_filter *f)
{
	struct case_record *r;
	int n;
	struct kp_error e = {0};
	if (cases_list(w->s, &w->c, f, &r, &n, &e))
		return answer_error(w, &e);
	struct capture cap;
	char *today = campaign_today(&w->c);
	capture_open(&cap);
	cases_print_list(&w->c, r, n, today, OUT_JSON, cap.f);
	free(today);
	cases_list_free(r, n);
	return capture_answer(w, &cap, 0, &e);
}

int api_cases(struct web *w)
{
	const char *unit = web_param(w->req->query, w->req->nquery, "unit");
	const char *state = web_param(w->req->query, w->req->nquery, "state");
	struct case_filter f = {.unit = -1, .state = -1};
	if (unit && (f.unit = web_unit_arg(w, unit)) < 0)
		return web_error(w, 400, "unit: no such unit id");
	if (state && (f.state = cases_state_parse(state)) < 0)
		return web_error(w, 400, "state: open, reported or closed");
	return cases_json(w, &f);
}

int api_unit_cases(struct web *w)
{
	struct case_filter f = {.unit = web_unit(w, w->args[0]), .state = -1};
	return cases_json(w, &f);
}
