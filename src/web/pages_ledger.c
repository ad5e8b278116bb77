/* pages_ledger.c — the ledger (台账) pages of a unit and its entries and
 * files, the office's overview of recurring duties (经常性任务), and the
 * complaints from the public (群众意见); with their CSV and JSON forms. */
#include <stdlib.h>
#include <string.h>

#include "domain/complaints.h"
#include "domain/duties.h"
#include "web/html.h"
#include "domain/ledger.h"
#include "web/look.h"
#include "web/pages.h"
#include "web/uploads.h"

/* Who may change a unit's ledger: its clerk and the office. */
static bool may_keep_ledger(const struct web *w)
{
	return w->who.role == ROLE_UNIT || w->who.role == ROLE_ADMIN;
}

static int answer_error(struct web *w, const struct kp_error *e)
{
	if (submissions_frozen_error(e)) { /* on a unit's ledger routes only */
		char *msg = xasprintf("%s已提交自评：关联测评内容的台账记录不能新增、补充附件或删除，"
				      "请待办公室退回后再修改（未关联测评内容的活动记录不受影响）",
				      w->c.units.names[web_unit(w, w->args[0])]);
		web_error(w, 400, msg);
		free(msg);
		return 0;
	}
	return web_fail(w, e);
}

/* ---- a unit's ledger ---- */

int get_ledger_home(struct web *w)
{
	if (w->who.role != ROLE_UNIT)
		return web_redirect(w, "/duties");
	struct strbuf p = {0};
	html_printf(&p, "/units/%lld/ledger", (long long)w->who.unit_id);
	int rc = web_redirect(w, sb_str(&p));
	sb_free(&p);
	return rc;
}

/* The unit's standing against the confirmed duties. */
static void duty_block(struct web *w, int u)
{
	struct duty_rule *rules;
	struct duty_standing *st = NULL;
	int n, nst = 0;
	char today[16], deadline[11];
	struct kp_error e = {0};
	if (duties_rules_load(w->s, &w->c, &rules, &n, &e))
		return;
	duties_today(&w->c, today);
	if (!duties_standing(w->s, &w->c, rules, n, u, today, &st, &nst, &e) && nst) {
		out(w, "<h2>经常性任务</h2><p>%d 年度，截止 %h</p><table><tr><th>测评内容</th><th>类型</th>"
		       "<th>每年至少</th><th>已完成</th><th>状态</th></tr>",
		    w->c.year, duties_deadline(&w->c, deadline));
		for (int i = 0; i < nst; i++) {
			const struct duty_rule *r = &rules[st[i].rule];
			out(w, "<tr><td><a href=\"/units/%lld/criteria/%d\">%d</a></td><td>%h</td><td class=\"n\">%d</td>"
			       "<td class=\"n\">%d</td><td class=\"s\">",
			    (long long)w->args[0], r->criterion, r->criterion, r->kind, r->min_count, st[i].done);
			badge(w, duty_verdict_label(st[i].verdict));
			out(w, "</td></tr>");
		}
		out(w, "</table>");
	}
	free(st);
	duties_rules_free(rules, n);
}

/* The form that adds an entry (multipart: files come with it). */
/* The start of TEXT, at most MAX characters (never half of one), with "…" when cut. */
static void short_text(struct web *w, const char *text, int max)
{
	const unsigned char *p = (const unsigned char *)text;
	int chars = 0;
	size_t n = 0;
	while (p[n] && chars < max) {
		n++;
		while ((p[n] & 0xc0) == 0x80)
			n++;
		chars++;
	}
	char *cut = xstrndup(text, n);
	out(w, "%h%s", cut, p[n] ? "…" : "");
	free(cut);
}

static void add_form(struct web *w, int u, const struct ledger_kinds *kinds)
{
	const struct rubric *r = w->c.rubric;
	static const char *const fields[] = {"date", "kind", "participants", "title", "place", "notes", "criteria", "file",
					      NULL};
	out(w, "<h2 id=\"add\">新增台账记录</h2>");
	web_form_errors(w, fields);
	out(w, "<form method=\"post\" enctype=\"multipart/form-data\" action=\"/units/%lld/ledger\">",
	    (long long)w->args[0]);
	csrf_field(w);
	out(w, "<p><label>日期 <input type=\"date\" name=\"date\" required min=\"%d-01-01\" max=\"%d-12-31\" "
	       "value=\"%a\"></label>",
	    w->c.year, w->c.year, web_typed(w, "date", ""));
	web_field_error(w, "date");
	out(w, " <label>类型 <select name=\"kind\">");
	const char *kind = web_typed(w, "kind", "");
	for (int i = 0; i < kinds->n; i++)
		out(w, "<option%s>%h</option>", !strcmp(kind, kinds->k[i].name) ? " selected" : "", kinds->k[i].name);
	out(w, "</select></label>");
	web_field_error(w, "kind");
	out(w, " <label>参加人数 <input type=\"number\" name=\"participants\" min=\"0\" value=\"%a\"></label>",
	    web_typed(w, "participants", "0"));
	web_field_error(w, "participants");
	out(w, "</p><p><label>名称 <input name=\"title\" required size=\"50\" value=\"%a\"></label>", web_typed(w, "title", ""));
	web_field_error(w, "title");
	out(w, " <label>地点 <input name=\"place\" size=\"20\" value=\"%a\"></label>", web_typed(w, "place", ""));
	web_field_error(w, "place");
	out(w, "</p><p><label>备注 <textarea name=\"notes\" rows=\"2\" cols=\"60\">%h</textarea></label>",
	    web_typed(w, "notes", ""));
	web_field_error(w, "notes");
	out(w, "</p><fieldset class=\"criteria\"><legend>佐证测评内容</legend>");
	for (int k = 0; k < r->ncriteria; k++) {
		if (!rubric_applies(r, k, u))
			continue;
		char name[24];
		snprintf(name, sizeof name, "criterion%d", r->criteria[k].no);
		bool ticked = w->refused && web_form(w, name);
		out(w, "<label title=\"%a\"><input type=\"checkbox\" name=\"%a\" value=\"1\"%s> %d ", r->criteria[k].text, name,
		    ticked ? " checked" : "", r->criteria[k].no);
		short_text(w, r->criteria[k].text, 16);
		out(w, "</label> ");
	}
	out(w, "</fieldset>");
	web_field_error(w, "criteria");
	out(w, "<h3>附件（可选；出错时请重新选择附件）</h3>");
	web_upload_field(w, UPLOAD_FILES, NULL, false);
	out(w, "<p><button type=\"submit\">保存</button></p></form>");
}

int get_unit_ledger(struct web *w)
{
	int u = web_unit(w, w->args[0]);
	struct ledger_kinds kinds;
	struct ledger_entry *entries = NULL;
	int n = 0;
	struct kp_error e = {0};
	const char *kind = web_param(w->req->query, w->req->nquery, "kind");
	int64_t kind_id = kind && *kind ? strtoll(kind, NULL, 10) : 0;
	if (ledger_kinds_load(w->s, w->c.id, &kinds, &e))
		return web_fail(w, &e);
	if (kind_id && ledger_kind_by_id(&kinds, kind_id) < 0) {
		ledger_kinds_free(&kinds);
		return web_error(w, 404, "没有这个台账类型");
	}
	if (ledger_load(w->s, &w->c, u, kind_id, &entries, &n, &e)) {
		ledger_kinds_free(&kinds);
		return web_fail(w, &e);
	}
	char title[300];
	snprintf(title, sizeof title, "%s 台账", w->c.units.names[u]);
	page_begin(w, title);
	out(w, "<p class=\"noprint\"><a href=\"/units/%lld/ledger.csv\">导出 CSV</a> · <a href=\"/units/%lld/ledger.xlsx\">导出 Excel</a> · "
	       "<a href=\"/units/%lld/ledger.pdf\">导出 PDF</a> · <a href=\"/api/v1/units/%lld/ledger\">JSON</a> · "
	       "<a href=\"/units/%lld/complaints\">群众意见</a> · <a href=\"/units/%lld\">测评表</a></p>",
	    (long long)w->args[0], (long long)w->args[0], (long long)w->args[0], (long long)w->args[0], (long long)w->args[0],
	    (long long)w->args[0]);
	duty_block(w, u);
	out(w, "<h2>台账记录</h2><form method=\"get\" action=\"/units/%lld/ledger\"><label>类型 <select name=\"kind\">"
	       "<option value=\"\">全部</option>", (long long)w->args[0]);
	for (int i = 0; i < kinds.n; i++)
		out(w, "<option value=\"%lld\"%s>%h</option>", (long long)kinds.k[i].id,
		    kinds.k[i].id == kind_id ? " selected" : "", kinds.k[i].name);
	out(w, "</select></label> <button type=\"submit\">筛选</button></form>");
	out(w, "<table><tr><th>日期</th><th>类型</th><th>名称</th><th>参加人数</th><th>地点</th><th>佐证测评内容</th>"
	       "<th>附件</th></tr>");
	for (int i = 0; i < n; i++) {
		const struct ledger_entry *en = &entries[i];
		out(w, "<tr><td class=\"d\">%h</td><td>%h</td><td class=\"t\"><a href=\"/units/%lld/ledger/%lld\">%h</a></td><td class=\"n\">%lld</td>"
		       "<td>%h</td><td>",
		    en->day, en->kind, (long long)w->args[0], (long long)en->id, en->title, (long long)en->participants,
		    en->place);
		for (int k = 0; k < en->ncriteria; k++)
			out(w, "%s<a href=\"/units/%lld/criteria/%d\">%d</a>", k ? "、" : "", (long long)w->args[0],
			    en->criteria[k], en->criteria[k]);
		out(w, "</td><td class=\"n\">%d</td></tr>\n", en->nfiles);
	}
	out(w, "</table>");
	if (!n)
		out(w, "<p class=\"late\">尚无台账记录</p>");
	if (may_keep_ledger(w))
		add_form(w, u, &kinds);
	page_end(w);
	ledger_entries_free(entries, n);
	free(entries);
	ledger_kinds_free(&kinds);
	return 0;
}

/* The criteria ticked in the add form ("criterion4=1"), as "4,8". */
static char *ticked_criteria(const struct web *w)
{
	struct strbuf b = {0};
	for (int i = 0; i < w->req->nform; i++) {
		const char *name = w->req->form[i].name;
		if (!strncmp(name, "criterion", 9) && name[9] >= '0' && name[9] <= '9')
			sb_addf(&b, "%s%s", b.len ? "," : "", name + 9);
	}
	char *list = xstrdup(sb_str(&b));
	sb_free(&b);
	return list;
}

/* The request's files ("file", and "photo" from the camera) into *FILES
 * (free with drop_uploads). */
static int take_uploads(struct web *w, struct ledger_upload **files, int *nfiles, struct kp_error *e)
{
	struct web_upload **parts = xcalloc((size_t)w->req->nuploads + 1, sizeof *parts);
	*nfiles = web_files_posted(w, parts);
	*files = xcalloc((size_t)*nfiles + 1, sizeof **files);
	for (int i = 0; i < *nfiles; i++) {
		(*files)[i].name = parts[i]->filename;
		(*files)[i].file = parts[i]->file; /* the entry takes the temporary file over */
		parts[i]->file.tmp = NULL;
	}
	free(parts);
	return e->code;
}

static void drop_uploads(struct ledger_upload *files, int nfiles)
{
	for (int i = 0; i < nfiles; i++)
		blob_drop(&files[i].file);
	free(files);
}

int post_ledger_add(struct web *w)
{
	struct kp_error e = {0};
	struct ledger_upload *files;
	int nfiles;
	take_uploads(w, &files, &nfiles, &e);
	char *criteria = ticked_criteria(w);
	struct ledger_input in = {
		.unit = web_unit(w, w->args[0]), .day = web_form(w, "date"), .kind = web_form(w, "kind"),
		.title = web_form(w, "title"), .participants = web_form(w, "participants"), .place = web_form(w, "place"),
		.notes = web_form(w, "notes"), .criteria = criteria, .files = files, .nfiles = nfiles, .by = w->who.display,
	};
	int64_t id = 0;
	if (!e.code)
		ledger_add(w->s, &w->c, &in, &id, &e);
	drop_uploads(files, nfiles);
	free(criteria);
	if (e.code) /* the form again, with what was typed and the message beside its field */
		return submissions_frozen_error(&e) ? answer_error(w, &e) : web_refuse(w, &e, get_unit_ledger);
	struct strbuf p = {0};
	html_printf(&p, "/units/%lld/ledger/%lld", (long long)w->args[0], (long long)id);
	web_redirect(w, sb_str(&p));
	sb_free(&p);
	return 0;
}

/* Prints the unit's ledger in FMT into the response. */
static int ledger_export(struct web *w, enum out_format fmt)
{
	struct ledger_entry *entries = NULL;
	int n = 0;
	struct kp_error e = {0};
	struct capture cap;
	if (ledger_load(w->s, &w->c, web_unit(w, w->args[0]), 0, &entries, &n, &e)) {
		ledger_entries_free(entries, n);
		free(entries);
		return web_fail(w, &e);
	}
	capture_open(&cap);
	ledger_print(&w->c, entries, n, fmt, cap.f);
	ledger_entries_free(entries, n);
	free(entries);
	return capture_answer(w, &cap, 0, &e);
}

int get_ledger_csv(struct web *w)
{
	ledger_export(w, OUT_CSV);
	if (w->res->status != 200)
		return 0;
	w->res->content_type = "text/csv; charset=utf-8";
	char *name = xasprintf("%s台账.csv", w->c.units.names[web_unit(w, w->args[0])]);
	web_attachment(w, name);
	free(name);
	return 0;
}

int api_ledger(struct web *w)
{
	return ledger_export(w, OUT_JSON);
}

/* Loads entry args[1] when it is unit args[0]'s; 404 answered otherwise. */
static bool own_entry(struct web *w, struct ledger_entry *en)
{
	struct kp_error e = {0};
	if (ledger_get(w->s, w->args[1], en, &e) || !en->id || en->unit_id != w->args[0]) {
		ledger_entries_free(en, 1);
		web_error(w, 404, "该单位没有这条台账记录");
		return false;
	}
	return true;
}

int get_ledger_entry(struct web *w)
{
	struct ledger_entry en;
	struct ledger_file *files = NULL;
	int n = 0;
	struct kp_error e = {0};
	if (!own_entry(w, &en))
		return 0;
	if (ledger_files_load(w->s, en.id, &files, &n, &e)) {
		ledger_entries_free(&en, 1);
		return web_fail(w, &e);
	}
	char title[300];
	snprintf(title, sizeof title, "%s 台账 · %s", w->c.units.names[web_unit(w, w->args[0])], en.title);
	page_begin(w, title);
	out(w, "<p><a href=\"/units/%lld/ledger\">返回台账</a></p><table>"
	       "<tr><th>日期</th><td>%h</td></tr><tr><th>类型</th><td>%h</td></tr><tr><th>名称</th><td>%h</td></tr>"
	       "<tr><th>参加人数</th><td>%lld</td></tr><tr><th>地点</th><td>%h</td></tr><tr><th>备注</th><td>%h</td></tr>"
	       "<tr><th>佐证测评内容</th><td>",
	    (long long)w->args[0], en.day, en.kind, en.title, (long long)en.participants, en.place, en.notes);
	for (int k = 0; k < en.ncriteria; k++)
		out(w, "%s<a href=\"/units/%lld/criteria/%d\">%d</a>", k ? "、" : "", (long long)w->args[0], en.criteria[k],
		    en.criteria[k]);
	out(w, "</td></tr><tr><th>登记</th><td>%h · %h</td></tr></table><h2>附件</h2><ul>", en.by, web_time(w, en.at).s);
	for (int i = 0; i < n; i++)
		out(w, "<li><a href=\"/units/%lld/ledger/%lld/files/%lld\">%h</a> (%lld KB)</li>", (long long)w->args[0],
		    (long long)en.id, (long long)files[i].id, files[i].name, (long long)((files[i].size + 1023) / 1024));
	out(w, "</ul>");
	if (!n)
		out(w, "<p>无附件</p>");
	int sub = SUBMISSION_DRAFT;
	if (en.ncriteria) /* a linked entry is frozen while the self-assessment is submitted */
		submissions_get(w->s, &w->c, web_unit(w, w->args[0]), &sub, NULL, &e);
	if (may_keep_ledger(w) && sub == SUBMISSION_SUBMITTED)
		out(w, "<p class=\"late\">已提交自评：这条记录关联测评内容，办公室退回前不能补充附件或删除</p>");
	else if (may_keep_ledger(w)) {
		out(w, "<form method=\"post\" enctype=\"multipart/form-data\" action=\"/units/%lld/ledger/%lld/files\">",
		    (long long)w->args[0], (long long)en.id);
		csrf_field(w);
		out(w, "<p>补充附件，如会后补扫的签到表、纪要：</p>");
		web_upload_field(w, UPLOAD_FILES, "补充附件", false);
		out(w, "</form>");
		out(w, "<form method=\"post\" action=\"/units/%lld/ledger/%lld/remove\">", (long long)w->args[0],
		    (long long)en.id);
		csrf_field(w);
		out(w, "<button type=\"submit\">删除这条记录</button> <small>删除后仍保留在审计日志中</small></form>");
	}
	page_end(w);
	ledger_files_free(files, n);
	ledger_entries_free(&en, 1);
	return 0;
}

/* POST /units/{u}/ledger/{e}/files: files added to an entry. */
int post_ledger_attach(struct web *w)
{
	struct ledger_entry en;
	struct kp_error e = {0};
	struct ledger_upload *files;
	int nfiles;
	if (!own_entry(w, &en))
		return 0;
	ledger_entries_free(&en, 1);
	if (!take_uploads(w, &files, &nfiles, &e))
		ledger_attach(w->s, &w->c, w->args[1], web_unit(w, w->args[0]), files, nfiles, w->who.display, &e);
	drop_uploads(files, nfiles);
	if (e.code)
		return answer_error(w, &e);
	struct strbuf p = {0};
	html_printf(&p, "/units/%lld/ledger/%lld", (long long)w->args[0], (long long)w->args[1]);
	web_redirect(w, sb_str(&p));
	sb_free(&p);
	return 0;
}

int post_ledger_remove(struct web *w)
{
	struct ledger_entry en;
	struct kp_error e = {0};
	if (!own_entry(w, &en))
		return 0;
	ledger_entries_free(&en, 1);
	if (ledger_remove(w->s, &w->c, w->args[1], web_unit(w, w->args[0]), w->who.display, &e))
		return answer_error(w, &e);
	struct strbuf p = {0};
	html_printf(&p, "/units/%lld/ledger", (long long)w->args[0]);
	web_redirect(w, sb_str(&p));
	sb_free(&p);
	return 0;
}

int get_ledger_file(struct web *w)
{
	struct kp_error e = {0};
	struct ledger_file f;
	int64_t entry, unit_id;
	if (ledger_file_get(w->s, w->args[2], &f, &entry, &unit_id, &e))
		return web_error(w, 404, "没有这个文件");
	/* Only a file of this entry of this unit. */
	if (entry != w->args[1] || unit_id != w->args[0]) {
		free(f.name), free(f.type);
		return web_error(w, 404, "没有这个文件");
	}
	char hex[65], *name = xstrdup(f.name), *type = xstrdup(f.type);
	snprintf(hex, sizeof hex, "%s", f.sha256);
	free(f.name), free(f.type);
	int rc = web_send_stored_file(w, hex, name, type);
	free(name), free(type);
	return rc;
}

/* The 台账记录 block of a criterion page. */
void ledger_criterion_block(struct web *w, int u, int no)
{
	struct kp_error e = {0};
	struct ledger_proof *p;
	int rows;
	int rc = ledger_by_criterion(w->s, w->c.units.ids[u], no, &p, &rows, &e);
	out(w, "<h2>台账记录</h2><ul>");
	for (int i = 0; i < rows; i++)
		out(w, "<li>%h %h <a href=\"/units/%lld/ledger/%lld\">%h</a></li>", p[i].day, p[i].kind,
		    (long long)w->c.units.ids[u], (long long)p[i].id, p[i].title);
	ledger_proofs_free(p, rows);
	out(w, "</ul>");
	if (rc)
		web_say_here(w, &e);
	else if (!rows)
		out(w, "<p>尚无关联的台账记录 · <a href=\"/units/%lld/ledger\">台账</a></p>", (long long)w->c.units.ids[u]);
}

/* ---- duties (office overview) ---- */

/* The rule's forms for the office: confirm, reject, edit. */
static void rule_forms(struct web *w, const struct duty_rule *r, const struct ledger_kinds *kinds)
{
	if (r->state != DUTY_CONFIRMED) {
		out(w, "<form method=\"post\" action=\"/duties/%lld/confirm\">", (long long)r->id);
		csrf_field(w);
		out(w, "<button type=\"submit\">确认</button></form> ");
	}
	if (r->state != DUTY_REJECTED) {
		out(w, "<form method=\"post\" action=\"/duties/%lld/reject\">", (long long)r->id);
		csrf_field(w);
		out(w, "<button type=\"submit\">驳回</button></form> ");
	}
	out(w, "<form method=\"post\" action=\"/duties/%lld/edit\">", (long long)r->id);
	csrf_field(w);
	out(w, "<select name=\"kind\">");
	for (int i = 0; i < kinds->n; i++)
		out(w, "<option%s>%h</option>", kinds->k[i].id == r->kind_id ? " selected" : "", kinds->k[i].name);
	out(w, "</select> <input name=\"count\" type=\"number\" min=\"1\" max=\"366\" size=\"3\" value=\"%d\"> "
	       "<button type=\"submit\">修改</button></form>",
	    r->min_count);
}

/* The unit × rule table of the confirmed rules. */
static void compliance_table(struct web *w, const struct duty_rule *rules, int n)
{
	struct duty_standing *st = NULL;
	int nst = 0;
	char today[16], deadline[11];
	struct kp_error e = {0};
	duties_today(&w->c, today);
	if (duties_standing(w->s, &w->c, rules, n, -1, today, &st, &nst, &e))
		return;
	out(w, "<h2>各单位完成情况</h2><p>截至 %h（截止 %h）</p><table><tr><th>单位</th>", today,
	    duties_deadline(&w->c, deadline));
	for (int i = 0; i < n; i++)
		if (rules[i].state == DUTY_CONFIRMED)
			out(w, "<th>%d · %h ≥ %d</th>", rules[i].criterion, rules[i].kind, rules[i].min_count);
	out(w, "</tr>");
	for (int u = 0; u < w->c.units.n; u++) {
		bool any = false;
		for (int j = 0; j < nst && !any; j++)
			any = st[j].unit == u;
		if (!any)
			continue;
		out(w, "<tr><td><a href=\"/units/%lld/ledger\">%h</a></td>", (long long)w->c.units.ids[u], w->c.units.names[u]);
		for (int i = 0; i < n; i++) {
			if (rules[i].state != DUTY_CONFIRMED)
				continue;
			int j;
			for (j = 0; j < nst && !(st[j].unit == u && st[j].rule == i); j++)
				;
			if (j == nst)
				out(w, "<td>-</td>"); /* the unit does not answer for this criterion */
			else {
				out(w, "<td class=\"s\">%d/%d ", st[j].done, rules[i].min_count);
				badge(w, duty_verdict_label(st[j].verdict));
				out(w, "</td>");
			}
		}
		out(w, "</tr>\n");
	}
	out(w, "</table>");
	free(st);
}

int get_duties(struct web *w)
{
	struct duty_rule *rules;
	struct ledger_kinds kinds;
	int n;
	struct kp_error e = {0};
	bool office = w->who.role == ROLE_ADMIN;
	if (duties_rules_load(w->s, &w->c, &rules, &n, &e))
		return web_fail(w, &e);
	if (ledger_kinds_load(w->s, w->c.id, &kinds, &e)) {
		duties_rules_free(rules, n);
		return web_fail(w, &e);
	}
	page_begin(w, "经常性任务与台账");
	out(w, "<p>测评内容中“每年…不少于N次”一类要求，按各单位台账核对。</p><h2>规则</h2>"
	       "<table><tr><th>编号</th><th>测评内容</th><th>类型</th><th>每年至少</th><th>状态</th><th>依据</th>%s</tr>",
	    office ? "<th>操作</th>" : "");
	for (int i = 0; i < n; i++) {
		const struct duty_rule *r = &rules[i];
		out(w, "<tr><td class=\"n\">%lld</td><td class=\"n\">%d</td><td>%h</td><td class=\"n\">%d</td><td class=\"s\">",
		    (long long)r->id, r->criterion, r->kind, r->min_count);
		badge(w, duties_state_label(r->state));
		out(w, "</td><td class=\"t\">%h</td>", *r->source ? r->source : "办公室添加");
		if (office) {
			out(w, "<td>");
			rule_forms(w, r, &kinds);
			out(w, "</td>");
		}
		out(w, "</tr>\n");
	}
	out(w, "</table>");
	if (!n)
		out(w, "<p>尚无规则</p>");
	if (office) {
		out(w, "<form method=\"post\" action=\"/duties/propose\">");
		csrf_field(w);
		out(w, "<button type=\"submit\">从测评内容中提取</button> <small>只添加新的建议；已驳回的不再提出</small></form>"
		       "<h3>添加规则</h3><form method=\"post\" action=\"/duties\">");
		csrf_field(w);
		out(w, "<label>测评内容 <select name=\"criterion\">");
		for (int k = 0; k < w->c.rubric->ncriteria; k++)
			out(w, "<option>%d</option>", w->c.rubric->criteria[k].no);
		out(w, "</select></label> <label>类型 <select name=\"kind\">");
		for (int i = 0; i < kinds.n; i++)
			out(w, "<option>%h</option>", kinds.k[i].name);
		out(w, "</select></label> <label>每年至少 <input name=\"count\" type=\"number\" min=\"1\" max=\"366\" value=\"1\">"
		       "</label> <button type=\"submit\">添加</button></form>");
	}
	compliance_table(w, rules, n);
	out(w, "<h2>台账类型</h2><p>");
	for (int i = 0; i < kinds.n; i++)
		out(w, "%s%h", i ? "、" : "", kinds.k[i].name);
	out(w, "</p>");
	if (office) {
		out(w, "<form method=\"post\" action=\"/ledger/kinds\">");
		csrf_field(w);
		out(w, "<label>新类型 <input name=\"name\" required maxlength=\"40\"></label> <button type=\"submit\">添加</button></form>");
	}
	page_end(w);
	ledger_kinds_free(&kinds);
	duties_rules_free(rules, n);
	return 0;
}

int api_duties(struct web *w)
{
	struct duty_rule *rules;
	struct duty_standing *st = NULL;
	int n, nst = 0;
	char today[16];
	struct kp_error e = {0};
	if (duties_rules_load(w->s, &w->c, &rules, &n, &e))
		return web_fail(w, &e);
	duties_today(&w->c, today);
	struct capture cap;
	capture_open(&cap);
	int rc = duties_standing(w->s, &w->c, rules, n, -1, today, &st, &nst, &e);
	if (!rc)
		duties_print_standing(&w->c, rules, st, nst, OUT_JSON, cap.f);
	free(st);
	duties_rules_free(rules, n);
	return capture_answer(w, &cap, rc, &e);
}

int post_duties_propose(struct web *w)
{
	struct kp_error e = {0};
	int added;
	if (duties_propose(w->s, &w->c, w->who.display, &added, &e))
		return answer_error(w, &e);
	return web_redirect(w, "/duties");
}

int post_duty_add(struct web *w)
{
	struct kp_error e = {0};
	const char *cr = web_form(w, "criterion");
	int64_t id;
	if (!cr || !*cr)
		return web_error(w, 400, "请选择测评内容");
	if (duties_add(w->s, &w->c, atoi(cr), web_form(w, "kind"), web_form(w, "count"), w->who.display, &id, &e))
		return answer_error(w, &e);
	return web_redirect(w, "/duties");
}

static int duty_post(struct web *w, int state, const char *kind, const char *count, const char *action)
{
	struct kp_error e = {0};
	if (duties_change(w->s, &w->c, w->args[0], state, kind, count, action, w->who.display, &e))
		return web_fail(w, &e);
	return web_redirect(w, "/duties");
}

int post_duty_confirm(struct web *w)
{
	return duty_post(w, DUTY_CONFIRMED, NULL, NULL, "duty.confirm");
}

int post_duty_reject(struct web *w)
{
	return duty_post(w, DUTY_REJECTED, NULL, NULL, "duty.reject");
}

int post_duty_edit(struct web *w)
{
	const char *count = web_form(w, "count");
	return duty_post(w, -1, web_form(w, "kind"), count && *count ? count : NULL, "duty.edit");
}

int post_ledger_kind(struct web *w)
{
	struct kp_error e = {0};
	if (ledger_kind_add(w->s, &w->c, web_form(w, "name"), w->who.display, NULL, &e))
		return answer_error(w, &e);
	return web_redirect(w, "/duties");
}

/* ---- complaints ---- */

/* The table of complaints LIST (N); with the office's close forms. */
static void complaints_table(struct web *w, const struct complaint *list, int n, bool forms)
{
	out(w, "<table><tr><th>编号</th><th>单位</th><th>来源</th><th>收到日期</th><th>内容</th><th>状态</th>"
	       "<th>处理结果</th></tr>");
	for (int i = 0; i < n; i++) {
		const struct complaint *p = &list[i];
		int u = web_unit(w, p->unit_id);
		out(w, "<tr><td class=\"n\">%lld</td><td>%h</td><td>%h</td><td>%h</td><td class=\"t\">%h</td><td class=\"s\">",
		    (long long)p->id, u >= 0 ? w->c.units.names[u] : "", p->source, p->received_on, p->content);
		badge(w, complaints_status_label(p->status));
		out(w, "</td><td>");
		if (p->status != COMPLAINT_OPEN)
			out(w, "%h<br><small>%h</small>", p->outcome, p->closed_by);
		else if (forms) {
			out(w, "<form method=\"post\" action=\"/complaints/%lld/close\">", (long long)p->id);
			csrf_field(w);
			out(w, "<input name=\"outcome\" required size=\"24\" placeholder=\"处理结果\"> "
			       "<button type=\"submit\">办结</button> <button type=\"submit\" name=\"dismiss\" value=\"1\">不予受理</button>"
			       "</form>");
		}
		out(w, "</td></tr>\n");
	}
	out(w, "</table>");
	if (!n)
		out(w, "<p>没有群众意见</p>");
}

int get_complaints(struct web *w)
{
	struct complaint *list = NULL;
	int n = 0, u = -1;
	struct kp_error e = {0};
	const char *unit = web_param(w->req->query, w->req->nquery, "unit");
	bool open_only = web_param(w->req->query, w->req->nquery, "open") != NULL;
	bool office = w->who.role == ROLE_ADMIN;
	if (unit && *unit && (u = web_unit_arg(w, unit)) < 0)
		return web_error(w, 400, "没有这个单位");
	if (complaints_load(w->s, &w->c, u, open_only, &list, &n, &e))
		return web_fail(w, &e);
	page_begin(w, "群众意见");
	out(w, "<form method=\"get\" action=\"/complaints\"><label>单位 <select name=\"unit\"><option value=\"\">全部</option>");
	for (int i = 0; i < w->c.units.n && i < 2000; i++)
		out(w, "<option value=\"%lld\"%s>%h</option>", (long long)w->c.units.ids[i], i == u ? " selected" : "",
		    w->c.units.names[i]);
	out(w, "</select></label> <label><input type=\"checkbox\" name=\"open\" value=\"1\"%s>只看待处理</label> "
	       "<button type=\"submit\">筛选</button></form>",
	    open_only ? " checked" : "");
	complaints_table(w, list, n, office);
	if (office) {
		char today[16];
		duties_today(&w->c, today);
		out(w, "<h2>登记群众意见</h2><form method=\"post\" action=\"/complaints\">");
		csrf_field(w);
		out(w, "<p><label>单位 <select name=\"unit\">");
		for (int i = 0; i < w->c.units.n && i < 2000; i++)
			out(w, "<option value=\"%lld\">%h</option>", (long long)w->c.units.ids[i], w->c.units.names[i]);
		out(w, "</select></label> <label>来源 <input name=\"source\" list=\"sources\" required></label><datalist id=\"sources\">");
		for (int i = 0; complaint_sources[i]; i++)
			out(w, "<option value=\"%a\"></option>", complaint_sources[i]);
		out(w, "</datalist> <label>收到日期 <input type=\"date\" name=\"date\" required max=\"%a\"></label></p>"
		       "<p><label>内容 <textarea name=\"text\" required rows=\"3\" cols=\"60\"></textarea></label></p>"
		       "<p><button type=\"submit\">登记</button></p></form>",
		    today);
	}
	page_end(w);
	complaints_free(list, n);
	return 0;
}

int get_unit_complaints(struct web *w)
{
	struct complaint *list = NULL;
	int n = 0, u = web_unit(w, w->args[0]);
	struct kp_error e = {0};
	if (complaints_load(w->s, &w->c, u, false, &list, &n, &e))
		return web_fail(w, &e);
	char title[300];
	snprintf(title, sizeof title, "%s 群众意见", w->c.units.names[u]);
	page_begin(w, title);
	out(w, "<p><a href=\"/units/%lld/ledger\">台账</a></p>", (long long)w->args[0]);
	complaints_table(w, list, n, false);
	page_end(w);
	complaints_free(list, n);
	return 0;
}

int api_complaints(struct web *w)
{
	struct complaint *list = NULL;
	int n = 0, u = -1;
	struct kp_error e = {0};
	const char *unit = web_param(w->req->query, w->req->nquery, "unit");
	if (unit && *unit && (u = web_unit_arg(w, unit)) < 0)
		return web_error(w, 400, "没有这个单位");
	if (complaints_load(w->s, &w->c, u, web_param(w->req->query, w->req->nquery, "open") != NULL, &list, &n, &e))
		return web_fail(w, &e);
	struct capture cap;
	capture_open(&cap);
	complaints_print(&w->c, list, n, OUT_JSON, cap.f);
	complaints_free(list, n);
	return capture_answer(w, &cap, 0, &e);
}

int post_complaint_add(struct web *w)
{
	struct kp_error e = {0};
	const char *unit = web_form(w, "unit");
	int u = unit && *unit ? web_unit_arg(w, unit) : -1;
	int64_t id;
	if (u < 0)
		return web_error(w, 400, "请选择单位");
	char today[16];
	complaints_add(w->s, &w->c, u, web_form(w, "source"), web_form(w, "date"), web_form(w, "text"),
		      duties_today(&w->c, today), w->who.display, &id, &e);
	if (e.code)
		return answer_error(w, &e);
	return web_redirect(w, "/complaints");
}

int post_complaint_close(struct web *w)
{
	struct kp_error e = {0};
	if (complaints_close(w->s, &w->c, w->args[0], web_form(w, "dismiss") != NULL, web_form(w, "outcome"),
			    w->who.display, &e))
		return web_fail(w, &e);
	return web_redirect(w, "/complaints");
}
