/* pages.c — the pages and API resources of the web application and the
 * route table that declares, for each, who may use it. Handlers start from
 * a checked request (web.c did authentication, roles, CSRF and unit
 * scoping) and print through html_printf's escaping conversions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "due.h"
#include "gz.h"
#include "html.h"
#include "report.h"
#include "scores.h"
#include "workflow.h"
#include "pages.h"
#include "web.h"

/* ---- log-in ---- */

/* The log-in form carries a token that must match the kp_login cookie set
 * with it (double submit), so another site cannot log a browser into an
 * account of its choosing. */
static void login_form(struct web *w, const char *next, const char *error)
{
	char token[33];
	random_hex(token, 16);
	sb_addf(&w->res->headers, "Set-Cookie: kp_login=%s; Path=/login; HttpOnly; SameSite=Strict%s\r\n", token,
		w->req->secure ? "; Secure" : "");
	page_begin(w, "\xe7\x99\xbb\xe5\xbd\x95"); /* 登录 */
	if (error)
		out(w, "<p class=\"error\">%h</p>", error);
	out(w, "<form method=\"post\" action=\"/login\" class=\"login\">"
	       "<input type=\"hidden\" name=\"next\" value=\"%a\"><input type=\"hidden\" name=\"login_csrf\" value=\"%a\">"
	       "<label>\xe8\xb4\xa6\xe5\x8f\xb7 <input name=\"name\" autocomplete=\"username\" required autofocus></label>" /* 账号 */
	       "<label>\xe5\xaf\x86\xe7\xa0\x81 <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>" /* 密码 */
	       "<button type=\"submit\">\xe7\x99\xbb\xe5\xbd\x95</button></form>", /* 登录 */
	    next ? next : "/", token);
	page_end(w);
}

static int get_login(struct web *w)
{
	if (w->who.id)
		return web_redirect(w, "/");
	login_form(w, web_param(w->req->query, w->req->nquery, "next"), NULL);
	return 0;
}

static int post_login(struct web *w)
{
	const char *name = web_form(w, "name"), *pw = web_form(w, "password"), *next = web_form(w, "next");
	struct account a;
	char token[65], csrf[33];
	struct kp_error e = {0};
	const char *form_token = web_form(w, "login_csrf");
	if (!form_token || !w->req->login_cookie || !secret_equal(form_token, w->req->login_cookie)) {
		w->res->status = 403;
		login_form(w, next, "\xe7\x99\xbb\xe5\xbd\x95\xe9\xa1\xb5\xe5\xb7\xb2\xe8\xbf\x87\xe6\x9c\x9f\xef\xbc\x8c\xe8\xaf\xb7\xe9\x87\x8d\xe6\x96\xb0\xe7\x99\xbb\xe5\xbd\x95"); /* 登录页已过期，请重新登录 */
		return 0;
	}
	if (!name || !pw || auth_login(w->s, name, pw, w->req->address ? w->req->address : "?", w->now, &a, token,
				       csrf, &e)) {
		if (e.code == KP_EBUSY) { /* the store is busy: not a wrong password */
			w->res->status = 503;
			sb_adds(&w->res->headers, "Retry-After: 1\r\n");
			login_form(w, next, "系统繁忙，请稍后再登录");
			return 0;
		}
		w->res->status = 401;
		login_form(w, next, "\xe8\xb4\xa6\xe5\x8f\xb7\xe6\x88\x96\xe5\xaf\x86\xe7\xa0\x81\xe4\xb8\x8d\xe5\xaf\xb9\xef\xbc\x8c\xe6\x88\x96\xe8\xb4\xa6\xe5\x8f\xb7\xe5\xb7\xb2\xe5\x81\x9c\xe7\x94\xa8\xe3\x80\x81\xe5\xb7\xb2\xe9\x94\x81\xe5\xae\x9a"); /* 账号或密码不对，或账号已停用、已锁定 */
		return 0;
	}
	sb_addf(&w->res->headers, "Set-Cookie: kp_session=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s\r\n", token,
		AUTH_ABSOLUTE_SECONDS, w->req->secure ? "; Secure" : "");
	return web_redirect(w, next && *next ? next : "/");
}

static int post_logout(struct web *w)
{
	struct kp_error e = {0};
	if (w->session_id)
		auth_logout(w->s, w->session_id, &e);
	sb_adds(&w->res->headers, "Set-Cookie: kp_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0\r\n");
	return web_redirect(w, "/login");
}

static int get_healthz(struct web *w)
{
	w->res->content_type = "text/plain; charset=utf-8";
	sb_adds(&w->res->body, "ok\n");
	return 0;
}

static const char style_css[] =
	"body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\",sans-serif;margin:0;color:#222}"
	"header{background:#8b1a1a;color:#fff;padding:.5em 1em;display:flex;flex-wrap:wrap;gap:1em;align-items:center}"
	"header a{color:#fff;margin-right:1em}header .who{margin-left:auto}"
	"main{padding:1em;max-width:75em}table{border-collapse:collapse;margin:.5em 0}"
	"th,td{border:1px solid #bbb;padding:.25em .5em;vertical-align:top}th{background:#f2f2f2}"
	"td.n{text-align:right}.l-red{color:#b00;font-weight:bold}.l-yellow{color:#a60;font-weight:bold}"
	".l-green{color:#070}.l-grey{color:#777}section.page{break-after:page}p.sign{text-align:right;margin-top:2em}"
	".error{color:#b00;font-weight:bold}.ok{color:#070}.late{color:#b60}"
	"form.login label{display:block;margin:.5em 0}footer{color:#777;padding:1em;font-size:small}"
	"@media print{header nav,header form,form,footer{display:none}header{background:none;color:#000}"
	"@page{size:A4;margin:15mm}body{font-size:11pt}}\n";

static int get_style(struct web *w)
{
	w->res->content_type = "text/css; charset=utf-8";
	sb_adds(&w->res->body, style_css);
	sb_adds(&w->res->headers, "Cache-Control: max-age=3600\r\n");
	return 0;
}

/* ---- dashboards ---- */

static int get_dashboard(struct web *w)
{
	if (w->who.role == ROLE_AUDITOR)
		return web_redirect(w, "/audit");
	if (w->who.role == ROLE_UNIT) {
		int u = web_unit(w, w->who.unit_id);
		if (u < 0)
			return web_error(w, 403, "account has no unit");
		struct strbuf p = {0};
		html_printf(&p, "/units/%lld", (long long)w->who.unit_id);
		int rc = web_redirect(w, sb_str(&p));
		sb_free(&p);
		return rc;
	}
	struct report_options o = {.kind = SCORE_ASSESSOR};
	struct unit_result *assessed, *self, *final;
	struct kp_error e = {0};
	if (report_results(w->s, &w->c, &o, &assessed, &e))
		return web_error(w, 500, e.msg);
	o.kind = SCORE_SELF;
	report_results(w->s, &w->c, &o, &self, &e);
	o.kind = SCORE_ASSESSOR;
	o.min_state = SCORE_FINAL;
	report_results(w->s, &w->c, &o, &final, &e);
	const struct due_list *due = web_due(w, -1, &e);
	if (!due) {
		free(assessed), free(self), free(final);
		return web_error(w, 500, e.msg);
	}
	int *filed = xcalloc((size_t)w->c.units.n + 1, sizeof *filed);
	for (int i = 0; i < due->n; i++)
		filed[due->items[i].unit] += due->items[i].kind == DUE_CRITERION && due->items[i].evidence;
	page_begin(w, "\xe5\x90\x84\xe5\x8d\x95\xe4\xbd\x8d\xe8\xbf\x9b\xe5\xba\xa6"); /* 各单位进度 */
	out(w, "<p>\xe6\x9d\x90\xe6\x96\x99\xe6\x88\xaa\xe6\xad\xa2 %h \xc2\xb7 \xe5\xae\x8c\xe6\x88\x90\xe6\x97\xb6\xe9\x99\x90 %h</p>", /* 材料截止 · 完成时限 */
	    w->c.material_deadline ? w->c.material_deadline : "-", w->c.deadline ? w->c.deadline : "-");
	out(w, "<table><tr><th>\xe5\x8d\x95\xe4\xbd\x8d</th><th>\xe5\xba\x94\xe8\xaf\x84</th><th>\xe5\xb7\xb2\xe8\x87\xaa\xe8\xaf\x84</th>"
	       "<th>\xe5\xb7\xb2\xe6\xb5\x8b\xe8\xaf\x84</th><th>\xe5\xb7\xb2\xe7\xa1\xae\xe8\xae\xa4</th><th>\xe5\xbe\x97\xe5\x88\x86</th>"
	       "<th>\xe6\xbb\xa1\xe5\x88\x86</th><th>有佐证</th><th>逾期</th><th>将到期</th></tr>"); /* 单位 应评 已自评 已测评 已确认 得分 满分 */
	int tot[4] = {0, 0, 0, 0}, late[4] = {0, 0, 0, 0}, nfiled = 0;
	for (int u = 0; u < w->c.units.n; u++) {
		out(w, "<tr><td><a href=\"/units/%lld\">%h</a></td><td class=\"n\">%d</td><td class=\"n\">%d</td>"
		       "<td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">",
		    (long long)w->c.units.ids[u], w->c.units.names[u], assessed[u].slots, self[u].entries,
		    assessed[u].entries, final[u].entries);
		if (assessed[u].complete) /* drafts and half-scored sheets have no result */
			out(w, "%P", assessed[u].points);
		else if (assessed[u].entries)
			out(w, "\xe6\x9c\xaa\xe5\xae\x8c\xe6\x88\x90\xe6\xb5\x8b\xe8\xaf\x84"); /* 未完成测评 */
		else
			out(w, "-");
		int n[4];
		due_count(due, u, -1, n);
		out(w, "</td><td class=\"n\">%P</td><td class=\"n\">%d / %d</td>", assessed[u].max, filed[u],
		    due_count_kind(due, u, DUE_CRITERION));
		out(w, "<td class=\"n\"><a class=\"l-red\" href=\"/units/%lld/due?light=red\">%d</a></td>"
		       "<td class=\"n\"><a class=\"l-yellow\" href=\"/units/%lld/due?light=yellow\">%d</a></td></tr>\n",
		    (long long)w->c.units.ids[u], n[LIGHT_RED], (long long)w->c.units.ids[u], n[LIGHT_YELLOW]);
		late[LIGHT_RED] += n[LIGHT_RED], late[LIGHT_YELLOW] += n[LIGHT_YELLOW], nfiled += filed[u];
		tot[0] += assessed[u].slots, tot[1] += self[u].entries, tot[2] += assessed[u].entries, tot[3] += final[u].entries;
	}
	out(w, "<tr><th>\xe5\x90\x88\xe8\xae\xa1</th><td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%d</td>"
	       "<td class=\"n\">%d</td><td></td><td></td><td class=\"n\">%d / %d</td><td class=\"n\">%d</td>"
	       "<td class=\"n\">%d</td></tr></table>", tot[0], tot[1], tot[2], tot[3], nfiled,
	    due_count_kind(due, -1, DUE_CRITERION), late[LIGHT_RED], late[LIGHT_YELLOW]); /* 合计 */
	out(w, "<p><a href=\"/due\">截止提醒（红黄绿灯）</a></p>");
	page_end(w);
	free(filed);
	free(assessed), free(self), free(final);
	return 0;
}

/* ---- rubric, group, tasks ---- */

static int get_rubric(struct web *w)
{
	const struct rubric *r = w->c.rubric;
	page_begin(w, r->title);
	if (w->who.role == ROLE_ADMIN) /* the office replaces the rubric from the notice's annex 2 */
		out(w, "<p><a href=\"/rubric/import\">\xe4\xbb\x8e\xe9\x80\x9a\xe7\x9f\xa5\xe6\x96\x87\xe6\x9c\xac\xe5\xaf\xbc\xe5\x85\xa5\xe6\xb5\x8b\xe8\xaf\x84\xe8\xa1\xa8</a></p>"); /* 从通知文本导入测评表 */
	out(w, "<p>\xe6\x80\xbb\xe5\x88\x86 %P</p><table><tr><th>\xe6\xb5\x8b\xe8\xaf\x84\xe9\xa1\xb9\xe7\x9b\xae</th>"
	       "<th>\xe6\xb5\x8b\xe8\xaf\x84\xe6\x8c\x87\xe6\xa0\x87</th><th>\xe6\xb5\x8b\xe8\xaf\x84\xe5\x86\x85\xe5\xae\xb9</th>"
	       "<th>\xe5\x88\x86\xe5\x80\xbc</th><th>\xe6\xb5\x8b\xe8\xaf\x84\xe6\x96\xb9\xe6\xb3\x95</th>"
	       "<th>\xe8\xb4\xa3\xe4\xbb\xbb\xe5\x8d\x95\xe4\xbd\x8d</th><th>\xe5\xae\x8c\xe6\x88\x90\xe6\x97\xb6\xe9\x99\x90</th></tr>",
	    r->total_points); /* 总分 测评项目 测评指标 测评内容 分值 测评方法 责任单位 完成时限 */
	for (int k = 0; k < r->ncriteria; k++) {
		const struct rubric_criterion *cr = &r->criteria[k];
		const struct rubric_indicator *ind = &r->indicators[cr->indicator];
		out(w, "<tr><td>%h</td><td>%h</td><td>%d. %h</td><td class=\"n\">%P</td><td>", r->items[ind->item].name,
		    ind->name, cr->no, cr->text, cr->points);
		for (int m = 0; m < ind->nmethods; m++)
			out(w, "%s%h", m ? "<br>" : "", ind->methods[m]);
		out(w, "</td><td>%h</td><td>%h</td></tr>\n", cr->units_text ? cr->units_text : ind->units_text,
		    ind->deadline_text ? ind->deadline_text : ind->deadline);
	}
	out(w, "</table>");
	page_end(w);
	return 0;
}

static int get_group(struct web *w)
{
	struct position *p;
	int n;
	struct kp_error e = {0};
	if (positions_load(w->s, &w->c, &p, &n, &e))
		return web_error(w, 500, e.msg);
	page_begin(w, w->c.group_name ? w->c.group_name : "\xe9\xa2\x86\xe5\xaf\xbc\xe5\xb0\x8f\xe7\xbb\x84");
	out(w, "<table><tr><th>\xe8\x81\x8c\xe5\x8a\xa1</th><th>\xe5\xa7\x93\xe5\x90\x8d</th><th>\xe8\x81\x8c\xe4\xbd\x8d</th>"
	       "<th>\xe4\xbb\xbb\xe8\x81\x8c\xe8\xb5\xb7</th><th>\xe5\x8e\x86\xe4\xbb\xbb</th></tr>"); /* 职务 姓名 职位 任职起 历任 */
	for (int i = 0; i < n; i++) {
		const struct holder *cur = p[i].nholders ? &p[i].holders[p[i].nholders - 1] : NULL;
		out(w, "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>", p[i].role, cur ? cur->name : "-", p[i].title,
		    cur && *cur->from ? cur->from : "-");
		for (int h = 0; h + 1 < p[i].nholders; h++)
			out(w, "%s%h (\xe8\x87\xb3 %h)", h ? "<br>" : "", p[i].holders[h].name, p[i].holders[h].to); /* 至 */
		out(w, "</td></tr>\n");
	}
	out(w, "</table>");
	page_end(w);
	positions_free(p, n);
	return 0;
}

static int get_tasks(struct web *w)
{
	struct programme *p;
	int n;
	struct kp_error e = {0};
	if (programmes_load(w->s, &w->c, &p, &n, &e))
		return web_error(w, 500, e.msg);
	page_begin(w, "\xe4\xba\x94\xe5\xa4\xa7\xe5\xb7\xa5\xe7\xa8\x8b"); /* 五大工程 */
	for (int i = 0; i < n; i++) {
		out(w, "<h2>%h</h2><p>%h</p><p>\xe8\xb4\xa3\xe4\xbb\xbb\xe5\x8d\x95\xe4\xbd\x8d\xef\xbc\x9a%h</p><ol>", p[i].name,
		    p[i].text, p[i].units_text); /* 责任单位： */
		for (int t = 0; t < p[i].ntasks; t++)
			out(w, "<li value=\"%d\"><b>%h</b>\xe3\x80\x82%h</li>", p[i].tasks[t].no, p[i].tasks[t].title,
			    p[i].tasks[t].text);
		out(w, "</ol>");
	}
	page_end(w);
	programmes_free(p, n);
	return 0;
}

/* ---- ranking and district ---- */

/* Rows of the ranking page; the API and CSV give them all. */
#define RANKING_PAGE 100

static int get_ranking(struct web *w)
{
	struct kp_error e = {0};
	bool final = web_param(w->req->query, w->req->nquery, "final") != NULL;
	const struct unit_result *res = web_ranking(w, final ? SCORE_FINAL : SCORE_DRAFT, &e);
	if (!res)
		return web_error(w, 500, e.msg);
	int n = w->c.units.n, pages = (n + RANKING_PAGE - 1) / RANKING_PAGE, page = 1;
	const char *pg = web_param(w->req->query, w->req->nquery, "page");
	if (pg)
		page = atoi(pg);
	if (page < 1 || page > (pages ? pages : 1))
		return web_error(w, 404, "\xe6\xb2\xa1\xe6\x9c\x89\xe8\xbf\x99\xe4\xb8\x80\xe9\xa1\xb5"); /* 没有这一页 */
	page_begin(w, "\xe6\xb1\x87\xe6\x80\xbb\xe6\x8e\x92\xe5\x90\x8d"); /* 汇总排名 */
	if (w->c.previous_id)
		out(w, "<p><a href=\"/compare\">与上年对比</a></p>");
	out(w, "<p>%s</p>", final ? "\xe4\xbb\x85\xe8\xae\xa1\xe5\xb7\xb2\xe7\xa1\xae\xe8\xae\xa4\xe7\x9a\x84\xe5\x88\x86\xe6\x95\xb0 <a href=\"/ranking\">\xe5\x85\xa8\xe9\x83\xa8</a>"
				  : "计已提交和已确认的分数，草稿不计 <a href=\"/ranking?final=1\">\xe4\xbb\x85\xe5\xb7\xb2\xe7\xa1\xae\xe8\xae\xa4</a>");
	out(w, "<p>每一应评项都已评分并提交的单位才计等级、排名次；未完成测评的单位列在后面，不排名。</p>");
	out(w, "<table><tr><th>\xe5\x90\x8d\xe6\xac\xa1</th><th>\xe5\x8d\x95\xe4\xbd\x8d</th><th>\xe5\xbe\x97\xe5\x88\x86</th>"
	       "<th>\xe6\xbb\xa1\xe5\x88\x86</th><th>\xe5\xbe\x97\xe5\x88\x86\xe7\x8e\x87</th><th>\xe7\xad\x89\xe7\xba\xa7</th>"
	       "<th>\xe5\xb7\xb2\xe8\xaf\x84/\xe5\xba\x94\xe8\xaf\x84</th></tr>"); /* 名次 单位 得分 满分 得分率 等级 已评/应评 */
	int from = (page - 1) * RANKING_PAGE, to = from + RANKING_PAGE < n ? from + RANKING_PAGE : n;
	/* The first page's rows, the ones most read, are kept rendered with
	 * the ranking they show (web_ranking drops them with it). */
	struct strbuf *rows = page == 1 ? &w->cache->ranking_rows[final] : NULL;
	if (rows && rows->len) {
		sb_add(&w->res->body, rows->s, rows->len);
		from = to;
	}
	size_t rows_start = w->res->body.len;
	for (int i = from; i < to; i++) {
		const struct unit_result *r = &res[i];
		char pct[24];
		out(w, "<tr><td class=\"n\">");
		if (r->rank)
			out(w, "%d", r->rank);
		else
			out(w, "-");
		out(w, "</td><td><a href=\"/units/%lld\">%h</a></td>", (long long)w->c.units.ids[r->unit], w->c.units.names[r->unit]);
		if (r->rank)
			out(w, "<td class=\"n\">%P</td><td class=\"n\">%P</td><td class=\"n\">%h%%</td><td>%h%s</td>", r->points,
			    r->max, points_format1(r->percent, pct), r->grade, r->vetoed ? " (\xe4\xb8\x80\xe7\xa5\xa8\xe5\x90\xa6\xe5\x86\xb3)" : "");
		else if (r->entries) /* begun, not complete: no grade, no rank */
			out(w, "<td>-</td><td class=\"n\">%P</td><td>-</td><td>未完成测评 %d/%d%s</td>", r->max,
			    r->entries, r->slots, r->drafts ? "（含草稿）" : "");
		else
			out(w, "<td>-</td><td class=\"n\">%P</td><td>-</td><td>\xe6\x9c\xaa\xe8\xaf\x84</td>", r->max); /* 未评 */
		out(w, "<td class=\"n\">%d/%d</td></tr>\n", r->entries, r->slots);
	}
	if (rows && !rows->len)
		sb_add(rows, w->res->body.s + rows_start, w->res->body.len - rows_start);
	out(w, "</table>");
	if (pages > 1) {
		out(w, "<p class=\"pages\">\xe7\xac\xac %d / %d \xe9\xa1\xb5 ", page, pages); /* 第 N / M 页 */
		if (page > 1)
			out(w, "<a href=\"/ranking?page=%d%s\">\xe4\xb8\x8a\xe4\xb8\x80\xe9\xa1\xb5</a> ", page - 1, final ? "&amp;final=1" : ""); /* 上一页 */
		if (page < pages)
			out(w, "<a href=\"/ranking?page=%d%s\">\xe4\xb8\x8b\xe4\xb8\x80\xe9\xa1\xb5</a>", page + 1, final ? "&amp;final=1" : ""); /* 下一页 */
		out(w, "</p>");
	}
	page_end(w);
	return 0;
}

void capture_open(struct capture *cap)
{
	cap->buf = NULL;
	cap->len = 0;
	cap->f = open_memstream(&cap->buf, &cap->len);
}

int capture_answer(struct web *w, struct capture *cap, int rc, const struct kp_error *e)
{
	fclose(cap->f);
	if (!rc) {
		w->res->content_type = "application/json";
		sb_add(&w->res->body, cap->buf, cap->len);
	}
	free(cap->buf);
	return rc ? web_error(w, 500, e->msg) : 0;
}

static int get_district(struct web *w)
{
	struct report_options o = {.format = OUT_JSON, .kind = SCORE_ASSESSOR};
	struct capture cap;
	struct kp_error e = {0};
	capture_open(&cap);
	int rc = report_district(w->s, &w->c, &o, cap.f, &e);
	fclose(cap.f);
	json_error_t je;
	json_t *j = rc ? NULL : json_loadb(cap.buf, cap.len, 0, &je);
	free(cap.buf);
	if (!j)
		return web_error(w, 500, rc ? e.msg : je.text);
	page_begin(w, "\xe5\x85\xa8\xe5\x8c\xba\xe6\xb1\x87\xe6\x80\xbb"); /* 全区汇总 */
	int total = (int)(json_number_value(json_object_get(j, "points")) * 10 + 0.5);
	int maximum = (int)(json_number_value(json_object_get(j, "max_points")) * 10 + 0.5);
	const char *grade = json_string_value(json_object_get(j, "grade"));
	out(w, "<p>\xe5\x90\x88\xe8\xae\xa1 %P / %P \xc2\xb7 ", total, maximum); /* 合计 */
	if (grade)
		out(w, "%h</p>", grade);
	else /* not every responsible unit scored and submitted: no grade */
		out(w, "未完成测评 %lld/%lld</p>", json_integer_value(json_object_get(j, "scored")),
		    json_integer_value(json_object_get(j, "of")));
	out(w, "<table><tr><th>\xe6\xb5\x8b\xe8\xaf\x84\xe6\x8c\x87\xe6\xa0\x87</th>"
	       "<th>\xe5\xba\x8f\xe5\x8f\xb7</th><th>\xe5\x88\x86\xe5\x80\xbc</th><th>\xe5\xb9\xb3\xe5\x9d\x87\xe5\xbe\x97\xe5\x88\x86</th>"
	       "<th>\xe5\xb7\xb2\xe8\xaf\x84\xe5\x8d\x95\xe4\xbd\x8d/\xe8\xb4\xa3\xe4\xbb\xbb\xe5\x8d\x95\xe4\xbd\x8d</th></tr>"); /* 测评指标 序号 分值 平均得分 已评单位/责任单位 */
	size_t i, k, m;
	json_t *it, *ind, *cr;
	json_array_foreach(json_object_get(j, "items"), i, it) json_array_foreach(json_object_get(it, "indicators"), k, ind)
		json_array_foreach(json_object_get(ind, "criteria"), m, cr) {
		int pts = (int)(json_number_value(json_object_get(cr, "points")) * 10 + 0.5);
		int max = (int)(json_number_value(json_object_get(cr, "max_points")) * 10 + 0.5);
		out(w, "<tr><td>%h</td><td class=\"n\">%lld</td><td class=\"n\">%P</td><td class=\"n\">%P</td>"
		       "<td class=\"n\">%lld/%lld</td></tr>\n",
		    json_string_value(json_object_get(ind, "name")), json_integer_value(json_object_get(cr, "no")), max, pts,
		    json_integer_value(json_object_get(cr, "scored")), json_integer_value(json_object_get(cr, "responsible")));
	}
	out(w, "</table>");
	page_end(w);
	json_decref(j);
	return 0;
}

/* ---- a unit and its criteria ---- */

static void score_cell(struct web *w, const struct unit_scores *us, int i)
{
	if (i < 0)
		out(w, "<td>-</td>");
	else if (us->row[i].vetoed)
		out(w, "<td class=\"error\">\xe5\x90\xa6\xe5\x86\xb3</td>"); /* 否决 */
	else
		out(w, "<td class=\"n\">%P</td>", us->row[i].points);
}

static bool may_self_assess(const struct web *w)
{
	return w->who.role == ROLE_UNIT || w->who.role == ROLE_ADMIN;
}

static bool may_score(const struct web *w)
{
	return w->who.role == ROLE_ASSESSOR || w->who.role == ROLE_ADMIN;
}

/* The unit's to-do list in brief: its overdue and due-soon items, the
 * most urgent first, with a link to the whole list (催办单). */
static bool todo_box(struct web *w, int u)
{
	struct kp_error e = {0};
	const struct due_list *l = web_due(w, u, &e);
	if (!l)
		return false; /* the score sheet still shows; the full list reports the error */
	int n[4], shown = 0;
	due_count(l, u, -1, n);
	out(w, "<div class=\"todo\"><p>待办（截至 %h）：<a class=\"l-red\" href=\"/units/%lld/due?light=red\">已逾期 %d</a> · "
	       "<a class=\"l-yellow\" href=\"/units/%lld/due?light=yellow\">即将到期 %d</a> · 按期推进 %d · 已完成 %d · "
	       "<a href=\"/units/%lld/due\">全部待办与催办单</a></p>",
	    l->today, (long long)w->args[0], n[LIGHT_RED], (long long)w->args[0], n[LIGHT_YELLOW], n[LIGHT_GREEN],
	    n[LIGHT_GREY], (long long)w->args[0]);
	out(w, "<ul>");
	for (int light = LIGHT_RED; light >= LIGHT_YELLOW; light--)
		for (int i = 0; i < l->n && shown < 5; i++)
			if ((int)l->items[i].light == light) {
				out(w, "<li><span class=\"l-%a\">%h</span> %s %d %h（截止 %h，缺 %h）</li>", light_key(l->items[i].light),
				    light_label(l->items[i].light), l->items[i].kind == DUE_TASK ? "任务" : "测评内容",
				    l->items[i].no, l->items[i].title, l->items[i].due, l->items[i].missing);
				shown++;
			}
	out(w, "</ul></div>");
	return true;
}

/* The unit's score sheet, the same for every reader who sees the same
 * assessor scores (US comes from web_unit_scores): its to-do box, the
 * table of criteria with self-assessed and assessed points, the totals.
 * False when the to-do box could not be read. */
static bool score_sheet(struct web *w, int u, const struct unit_scores *us)
{
	const struct rubric *r = w->c.rubric;
	bool whole = todo_box(w, u);
	int max = 0, self = 0, assessed = 0, todo = 0;
	out(w, "<table><tr><th>\xe5\xba\x8f\xe5\x8f\xb7</th><th>\xe6\xb5\x8b\xe8\xaf\x84\xe5\x86\x85\xe5\xae\xb9</th>"
	       "<th>\xe5\x88\x86\xe5\x80\xbc</th><th>\xe8\x87\xaa\xe8\xaf\x84</th><th>\xe6\xb5\x8b\xe8\xaf\x84</th>"
	       "<th>\xe7\x8a\xb6\xe6\x80\x81</th><th>\xe5\xae\x8c\xe6\x88\x90\xe6\x97\xb6\xe9\x99\x90</th></tr>"); /* 序号 测评内容 分值 自评 测评 状态 完成时限 */
	for (int k = 0; k < r->ncriteria; k++) {
		if (!rubric_applies(r, k, u))
			continue;
		const struct rubric_criterion *cr = &r->criteria[k];
		max += cr->kind == CRITERION_SCORED ? cr->points : 0;
		for (int p = cr->nparts ? 1 : 0; p <= cr->nparts; p++) {
			int si = unit_scores_find(us, cr->no, p, SCORE_SELF), ai = unit_scores_find(us, cr->no, p, SCORE_ASSESSOR);
			if (si >= 0)
				self += us->row[si].points;
			else
				todo++;
			if (ai >= 0)
				assessed += us->row[ai].points;
			out(w, "<tr><td><a href=\"/units/%lld/criteria/%d\">%d", (long long)w->args[0], cr->no, cr->no);
			if (p)
				out(w, ".%d", p);
			out(w, "</a></td><td>%h</td><td class=\"n\">%P</td>", p ? cr->parts[p - 1].text : cr->text,
			    rubric_part_points(r, k, p));
			score_cell(w, us, si);
			score_cell(w, us, ai);
			out(w, "<td>%h</td><td>%h</td></tr>\n", ai >= 0 ? score_state_label(us->row[ai].state) : "-",
			    r->indicators[cr->indicator].deadline_text);
		}
	}
	out(w, "</table><p>\xe6\xbb\xa1\xe5\x88\x86 %P \xc2\xb7 \xe8\x87\xaa\xe8\xaf\x84\xe5\x90\x88\xe8\xae\xa1 %P \xc2\xb7 "
	       "\xe6\xb5\x8b\xe8\xaf\x84\xe5\x90\x88\xe8\xae\xa1 %P \xc2\xb7 \xe5\xbe\x85\xe8\x87\xaa\xe8\xaf\x84 %d \xe9\xa1\xb9</p>",
	    max, self, assessed, todo); /* 满分 自评合计 测评合计 待自评 项 */
	return whole;
}

static int get_unit(struct web *w)
{
	int u = web_unit(w, w->args[0]);
	struct kp_error e = {0};
	struct web_memo *m = web_unit_memo(w, u, &e);
	const struct unit_scores *us = NULL;
	/* the sheet kept for what this reader may see of the assessor scores */
	int floor = web_assessor_floor(w);
	struct strbuf *sheet = m ? &m->sheet[floor] : NULL;
	if (!m || (!sheet->len && !(us = web_unit_scores(w, u, &e))))
		return web_error(w, 500, e.msg);
	char title[300];
	snprintf(title, sizeof title, "%s \xe6\xb5\x8b\xe8\xaf\x84\xe8\xa1\xa8", w->c.units.names[u]); /* 测评表 */
	page_begin(w, title);
	struct strbuf *body = &w->res->body;
	if (sheet->len) { /* rendered by an earlier request, nothing changed since */
		sb_add(body, sheet->s, sheet->len);
	} else {
		size_t start = body->len;
		if (score_sheet(w, u, us))
			sb_add(sheet, body->s + start, body->len - start);
	}
	if (floor > SCORE_DRAFT) /* a unit's clerk: say why assessor scores may be missing */
		out(w, "<p><small>%s</small></p>", floor == SCORE_FINAL ? "测评分数经办公室确认后显示" : "测评分数经测评人员提交后显示");
	int sub;
	char reason[512];
	submission_get(w->s, &w->c, u, &sub, reason, &e);
	out(w, "<h2>\xe8\x87\xaa\xe8\xaf\x84\xe6\x8f\x90\xe4\xba\xa4</h2><p>\xe7\x8a\xb6\xe6\x80\x81\xef\xbc\x9a<b id=\"submission\">%h</b>",
	    submission_label(sub)); /* 自评提交 状态： */
	if (sub == SUBMISSION_RETURNED)
		out(w, " \xc2\xb7 \xe9\x80\x80\xe5\x9b\x9e\xe5\x8e\x9f\xe5\x9b\xa0\xef\xbc\x9a%h", reason); /* 退回原因： */
	out(w, "</p>");
	if (sub != SUBMISSION_SUBMITTED && may_self_assess(w)) {
		out(w, "<form method=\"post\" action=\"/units/%lld/submit\">", (long long)w->args[0]);
		csrf_field(w);
		out(w, "<button type=\"submit\">\xe6\x8f\x90\xe4\xba\xa4\xe8\x87\xaa\xe8\xaf\x84</button></form>"); /* 提交自评 */
	}
	if (sub == SUBMISSION_SUBMITTED && w->who.role == ROLE_ADMIN) {
		out(w, "<form method=\"post\" action=\"/units/%lld/return\">", (long long)w->args[0]);
		csrf_field(w);
		out(w, "<label>\xe9\x80\x80\xe5\x9b\x9e\xe5\x8e\x9f\xe5\x9b\xa0 <input name=\"reason\" required size=\"40\"></label> "
		       "<button type=\"submit\">\xe9\x80\x80\xe5\x9b\x9e</button></form>"); /* 退回原因 退回 */
	}
	if (may_score(w)) {
		out(w, "<h2>\xe6\xb5\x8b\xe8\xaf\x84</h2><form method=\"post\" action=\"/units/%lld/scores/submit\">", (long long)w->args[0]);
		csrf_field(w);
		out(w, "<button type=\"submit\">\xe6\x8f\x90\xe4\xba\xa4\xe6\xb5\x8b\xe8\xaf\x84\xe5\x88\x86\xe6\x95\xb0</button></form>"); /* 测评 提交测评分数 */
	}
	if (w->who.role == ROLE_ADMIN) {
		out(w, "<form method=\"post\" action=\"/units/%lld/finalize\">", (long long)w->args[0]);
		csrf_field(w);
		out(w, "<button type=\"submit\">\xe7\xa1\xae\xe8\xae\xa4\xe5\xb7\xb2\xe6\x8f\x90\xe4\xba\xa4\xe7\x9a\x84\xe6\xb5\x8b\xe8\xaf\x84\xe5\x88\x86\xe6\x95\xb0</button></form>"); /* 确认已提交的测评分数 */
	}
	out(w, "<p><a href=\"/units/%lld/cases\">督办整改</a></p>", (long long)w->args[0]); /* supervision cases */
	page_end(w);
	return 0;
}

static int get_criterion(struct web *w)
{
	const struct rubric *r = w->c.rubric;
	int u = web_unit(w, w->args[0]);
	int k = rubric_find(r, (int)w->args[1]);
	if (k < 0 || !rubric_applies(r, k, u))
		return web_error(w, 404, "\xe8\xaf\xa5\xe5\x8d\x95\xe4\xbd\x8d\xe6\xb2\xa1\xe6\x9c\x89\xe8\xbf\x99\xe6\x9d\xa1\xe6\xb5\x8b\xe8\xaf\x84\xe5\x86\x85\xe5\xae\xb9"); /* 该单位没有这条测评内容 */
	const struct rubric_criterion *cr = &r->criteria[k];
	const struct rubric_indicator *ind = &r->indicators[cr->indicator];
	struct kp_error e = {0};
	const struct unit_scores *us = web_unit_scores(w, u, &e);
	if (!us)
		return web_error(w, 500, e.msg);
	char title[300];
	snprintf(title, sizeof title, "%s \xc2\xb7 \xe6\xb5\x8b\xe8\xaf\x84\xe5\x86\x85\xe5\xae\xb9 %d", w->c.units.names[u], cr->no);
	page_begin(w, title);
	out(w, "<p>%h \xe2\x86\x92 %h</p><p class=\"text\">%h</p><p>\xe5\x88\x86\xe5\x80\xbc %P \xc2\xb7 "
	       "\xe6\xb5\x8b\xe8\xaf\x84\xe6\x96\xb9\xe6\xb3\x95 ",
	    r->items[ind->item].name, ind->name, cr->text, cr->points); /* 分值 测评方法 */
	for (int m = 0; m < ind->nmethods; m++)
		out(w, "%s%h", m ? "\xe3\x80\x81" : "", ind->methods[m]);
	out(w, " \xc2\xb7 \xe5\xae\x8c\xe6\x88\x90\xe6\x97\xb6\xe9\x99\x90 %h</p>", ind->deadline_text); /* 完成时限 */
	if (w->req->nquery && web_param(w->req->query, w->req->nquery, "saved"))
		out(w, "<p class=\"ok\">\xe5\xb7\xb2\xe4\xbf\x9d\xe5\xad\x98</p>"); /* 已保存 */
	out(w, "<table><tr><th>\xe9\x83\xa8\xe5\x88\x86</th><th>\xe5\x88\x86\xe5\x80\xbc</th><th>\xe8\x87\xaa\xe8\xaf\x84</th>"
	       "<th>\xe8\x87\xaa\xe8\xaf\x84\xe8\xaf\xb4\xe6\x98\x8e</th><th>\xe6\xb5\x8b\xe8\xaf\x84</th><th>\xe7\x8a\xb6\xe6\x80\x81</th>"
	       "<th>\xe8\xaf\x84\xe5\x88\x86\xe4\xba\xba</th><th>\xe6\xb5\x8b\xe8\xaf\x84\xe6\x84\x8f\xe8\xa7\x81</th></tr>"); /* 部分 分值 自评 自评说明 测评 状态 评分人 测评意见 */
	for (int p = cr->nparts ? 1 : 0; p <= cr->nparts; p++) {
		int si = unit_scores_find(us, cr->no, p, SCORE_SELF), ai = unit_scores_find(us, cr->no, p, SCORE_ASSESSOR);
		out(w, "<tr><td>%h</td><td class=\"n\">%P</td>", p ? cr->parts[p - 1].text : "\xe5\x85\xa8\xe9\x83\xa8", /* 全部 */
		    rubric_part_points(r, k, p));
		score_cell(w, us, si);
		out(w, "<td>%h</td>", si >= 0 ? us->row[si].comment : "");
		score_cell(w, us, ai);
		out(w, "<td>%h</td><td>%h</td><td>%h</td></tr>", ai >= 0 ? score_state_label(us->row[ai].state) : "-",
		    ai >= 0 ? us->row[ai].by : "", ai >= 0 ? us->row[ai].comment : "");
	}
	out(w, "</table>");
	/* Evidence (佐证材料) for this criterion. */
	int sub;
	submission_get(w->s, &w->c, u, &sub, NULL, &e);
	out(w, "<h2>\xe4\xbd\x90\xe8\xaf\x81\xe6\x9d\x90\xe6\x96\x99</h2><table><tr><th>\xe6\x96\x87\xe4\xbb\xb6</th>"
	       "<th>\xe5\xa4\xa7\xe5\xb0\x8f</th><th>\xe4\xb8\x8a\xe4\xbc\xa0\xe4\xba\xba</th><th>\xe6\x97\xb6\xe9\x97\xb4</th>"
	       "<th></th></tr>"); /* 佐证材料 文件 大小 上传人 时间 */
	store_stmt *ev = store_sql(w->s, SQL_EVIDENCE_LIST);
	st_bind_int(ev, 1, w->args[0]);
	int files = 0;
	while (st_step(ev, &e) == 1) {
		if (st_int(ev, 1) != cr->no)
			continue;
		bool withdrawn = *st_text(ev, 9) != 0;
		files++;
		out(w, "<tr><td>");
		if (withdrawn)
			out(w, "<s>%h</s> (\xe5\xb7\xb2\xe6\x92\xa4\xe5\x9b\x9e)", st_text(ev, 3)); /* 已撤回 */
		else
			out(w, "<a href=\"/units/%lld/evidence/%lld\">%h</a>", (long long)w->args[0], (long long)st_int(ev, 0),
			    st_text(ev, 3));
		if (st_int(ev, 8))
			out(w, " <span class=\"late\">\xe9\x80\xbe\xe6\x9c\x9f\xe6\x8f\x90\xe4\xba\xa4</span>"); /* 逾期提交 */
		out(w, "</td><td class=\"n\">%lld KB</td><td>%h</td><td>%h</td><td>", (long long)((st_int(ev, 5) + 1023) / 1024),
		    st_text(ev, 6), web_time(w, st_text(ev, 7)).s);
		if (!withdrawn && may_self_assess(w) && sub != SUBMISSION_SUBMITTED) {
			out(w, "<form method=\"post\" action=\"/units/%lld/evidence/%lld/withdraw\">", (long long)w->args[0],
			    (long long)st_int(ev, 0));
			csrf_field(w);
			out(w, "<button type=\"submit\">\xe6\x92\xa4\xe5\x9b\x9e</button></form>"); /* 撤回 */
		}
		out(w, "</td></tr>");
	}
	st_reset(ev);
	out(w, "</table>");
	if (!files)
		out(w, "<p class=\"late\">\xe5\xb0\x9a\xe6\x97\xa0\xe4\xbd\x90\xe8\xaf\x81\xe6\x9d\x90\xe6\x96\x99</p>"); /* 尚无佐证材料 */
	ledger_criterion_block(w, u, cr->no); /* 台账记录 that prove it */
	if (may_self_assess(w) && sub != SUBMISSION_SUBMITTED) {
		out(w, "<form method=\"post\" enctype=\"multipart/form-data\" action=\"/units/%lld/criteria/%d/evidence\">",
		    (long long)w->args[0], cr->no);
		csrf_field(w);
		out(w, "<input type=\"file\" name=\"file\" required accept=\".pdf,.doc,.docx,.wps,.xls,.xlsx,.et,.ppt,.pptx,.dps,.jpg,.jpeg,.png,.gif,.mp4,.mov,.avi\"> "
		       "<button type=\"submit\">\xe4\xb8\x8a\xe4\xbc\xa0</button> <small>PDF\xe3\x80\x81Word/WPS\xe3\x80\x81" "Excel\xe3\x80\x81"
		       "\xe5\x9b\xbe\xe7\x89\x87\xe3\x80\x81\xe8\xa7\x86\xe9\xa2\x91\xef\xbc\x8c\xe6\x9c\x80\xe5\xa4\xa7 50 MB</small></form>"); /* 上传 PDF、Word/WPS、Excel、图片、视频，最大 50 MB */
	}
	/* Forms: one input per part, for who may use them. */
	for (int kind = 0; kind < 2 && cr->kind != CRITERION_VETO; kind++) {
		if ((kind == SCORE_SELF && (!may_self_assess(w) || sub == SUBMISSION_SUBMITTED)) ||
		    (kind == SCORE_ASSESSOR && !may_score(w)))
			continue;
		out(w, "<h2>%s</h2><form method=\"post\" action=\"/units/%lld/criteria/%d/%s\">",
		    kind == SCORE_SELF ? "\xe8\x87\xaa\xe8\xaf\x84" : "\xe6\xb5\x8b\xe8\xaf\x84\xe6\x89\x93\xe5\x88\x86", /* 自评 / 测评打分 */
		    (long long)w->args[0], cr->no, kind == SCORE_SELF ? "self" : "score");
		csrf_field(w);
		for (int p = cr->nparts ? 1 : 0; p <= cr->nparts; p++) {
			int i = unit_scores_find(us, cr->no, p, kind);
			char cur[24] = "";
			if (i >= 0)
				points_format(us->row[i].points, cur);
			out(w, "<label>%h (0\xe2\x80\x93%P) <input name=\"points%d\" inputmode=\"decimal\" size=\"5\" value=\"%a\"></label> ",
			    p ? cr->parts[p - 1].text : "\xe5\xbe\x97\xe5\x88\x86", rubric_part_points(r, k, p), p, cur); /* 得分 */
		}
		out(w, "<label>%s <input name=\"comment\" size=\"40\"></label>",
		    kind == SCORE_SELF ? "\xe8\xaf\xb4\xe6\x98\x8e" : "\xe6\x84\x8f\xe8\xa7\x81"); /* 说明 / 意见 */
		if (kind == SCORE_ASSESSOR && w->who.role == ROLE_ADMIN)
			out(w, " <label>\xe6\x9b\xb4\xe6\xad\xa3\xe5\x8e\x9f\xe5\x9b\xa0 <input name=\"reason\" size=\"30\" "
			       "placeholder=\"\xe4\xbb\x85\xe6\x9b\xb4\xe6\xad\xa3\xe5\xb7\xb2\xe7\xa1\xae\xe8\xae\xa4\xe5\x88\x86\xe6\x95\xb0\xe6\x97\xb6\xe5\xa1\xab\"></label>"); /* 更正原因 仅更正已确认分数时填 */
		out(w, " <button type=\"submit\">\xe4\xbf\x9d\xe5\xad\x98</button></form>"); /* 保存 */
	}
	page_end(w);
	return 0;
}

/* Appends the refusal ER of a score to B in Chinese. */
static void score_refusal_zh(const struct web *w, const struct score_input *in, const struct score_row_error *er,
			     struct strbuf *b)
{
	const char *unit = in->unit >= 0 && in->unit < w->c.units.n ? w->c.units.names[in->unit] : "";
	char a[24], lo[24], hi[24];
	if (b->len)
		sb_adds(b, "\xef\xbc\x9b"); /* ； */
	switch (er->problem) {
	case SCORE_E_NOT_APPLICABLE: /* 第N条测评内容不适用于X */
		sb_addf(b, "\xe7\xac\xac%s\xe6\x9d\xa1\xe6\xb5\x8b\xe8\xaf\x84\xe5\x86\x85\xe5\xae\xb9\xe4\xb8\x8d\xe9\x80\x82\xe7\x94\xa8\xe4\xba\x8e%s", er->ref, unit);
		break;
	case SCORE_E_NEEDS_PART: /* 第N条分部分打分 */
	case SCORE_E_NO_SUCH_PART: /* 第N条没有这一部分 */
		sb_addf(b, er->problem == SCORE_E_NEEDS_PART ? "\xe7\xac\xac%s\xe6\x9d\xa1\xe5\x88\x86\xe9\x83\xa8\xe5\x88\x86\xe6\x89\x93\xe5\x88\x86"
			: "\xe7\xac\xac%s\xe6\x9d\xa1\xe6\xb2\xa1\xe6\x9c\x89\xe8\xbf\x99\xe4\xb8\x80\xe9\x83\xa8\xe5\x88\x86", er->ref);
		break;
	case SCORE_E_VETO_POINTS: /* 第N条是一票否决项，不计分 */
	case SCORE_E_NOT_VETO:    /* 第N条不是一票否决项 */
		sb_addf(b, er->problem == SCORE_E_VETO_POINTS ? "\xe7\xac\xac%s\xe6\x9d\xa1\xe6\x98\xaf\xe4\xb8\x80\xe7\xa5\xa8\xe5\x90\xa6\xe5\x86\xb3\xe9\xa1\xb9\xef\xbc\x8c\xe4\xb8\x8d\xe8\xae\xa1\xe5\x88\x86"
			: "\xe7\xac\xac%s\xe6\x9d\xa1\xe4\xb8\x8d\xe6\x98\xaf\xe4\xb8\x80\xe7\xa5\xa8\xe5\x90\xa6\xe5\x86\xb3\xe9\xa1\xb9", er->ref);
		break;
	case SCORE_E_OUT_OF_RANGE: /* 第N条的得分 X 超出范围 lo–hi */
		sb_addf(b, "\xe7\xac\xac%s\xe6\x9d\xa1\xe7\x9a\x84\xe5\xbe\x97\xe5\x88\x86 %s \xe8\xb6\x85\xe5\x87\xba\xe8\x8c\x83\xe5\x9b\xb4 %s\xe2\x80\x93%s",
			er->ref, points_format(in->points, a), points_format(er->lo, lo), points_format(er->hi, hi));
		break;
	case SCORE_E_FROZEN: /* X已提交自评，办公室退回后才能修改 */
		sb_addf(b, "%s\xe5\xb7\xb2\xe6\x8f\x90\xe4\xba\xa4\xe8\x87\xaa\xe8\xaf\x84\xef\xbc\x8c\xe5\x8a\x9e\xe5\x85\xac\xe5\xae\xa4\xe9\x80\x80\xe5\x9b\x9e\xe5\x90\x8e\xe6\x89\x8d\xe8\x83\xbd\xe4\xbf\xae\xe6\x94\xb9", unit);
		break;
	case SCORE_E_RECUSED: /* 回避：X是您的本单位，测评人员不给本单位打分 */
		sb_addf(b, "\xe5\x9b\x9e\xe9\x81\xbf\xef\xbc\x9a%s\xe6\x98\xaf\xe6\x82\xa8\xe7\x9a\x84\xe6\x9c\xac\xe5\x8d\x95\xe4\xbd\x8d\xef\xbc\x8c\xe6\xb5\x8b\xe8\xaf\x84\xe4\xba\xba\xe5\x91\x98\xe4\xb8\x8d\xe7\xbb\x99\xe6\x9c\xac\xe5\x8d\x95\xe4\xbd\x8d\xe6\x89\x93\xe5\x88\x86", unit);
		break;
	case SCORE_E_FINAL: /* 第N条的分数已确认，只能由办公室填写更正原因后更正 */
		sb_addf(b, "\xe7\xac\xac%s\xe6\x9d\xa1\xe7\x9a\x84\xe5\x88\x86\xe6\x95\xb0\xe5\xb7\xb2\xe7\xa1\xae\xe8\xae\xa4\xef\xbc\x8c\xe5\x8f\xaa\xe8\x83\xbd\xe7\x94\xb1\xe5\x8a\x9e\xe5\x85\xac\xe5\xae\xa4\xe5\xa1\xab\xe5\x86\x99\xe6\x9b\xb4\xe6\xad\xa3\xe5\x8e\x9f\xe5\x9b\xa0\xe5\x90\x8e\xe6\x9b\xb4\xe6\xad\xa3", er->ref);
		break;
	case SCORE_E_NOT_FINAL: /* 第N条的分数尚未确认，不需要更正原因 */
		sb_addf(b, "\xe7\xac\xac%s\xe6\x9d\xa1\xe7\x9a\x84\xe5\x88\x86\xe6\x95\xb0\xe5\xb0\x9a\xe6\x9c\xaa\xe7\xa1\xae\xe8\xae\xa4\xef\xbc\x8c\xe4\xb8\x8d\xe9\x9c\x80\xe8\xa6\x81\xe6\x9b\xb4\xe6\xad\xa3\xe5\x8e\x9f\xe5\x9b\xa0", er->ref);
		break;
	case SCORE_E_DUPLICATE: /* 第N条重复打分 */
		sb_addf(b, "\xe7\xac\xac%s\xe6\x9d\xa1\xe9\x87\x8d\xe5\xa4\x8d\xe6\x89\x93\xe5\x88\x86", er->ref);
		break;
	case SCORE_E_NO_SCORER: /* 未说明评分人 */
		sb_adds(b, "\xe6\x9c\xaa\xe8\xaf\xb4\xe6\x98\x8e\xe8\xaf\x84\xe5\x88\x86\xe4\xba\xba");
		break;
	default: /* 无法保存这项分数 */
		sb_adds(b, "\xe6\x97\xa0\xe6\xb3\x95\xe4\xbf\x9d\xe5\xad\x98\xe8\xbf\x99\xe9\xa1\xb9\xe5\x88\x86\xe6\x95\xb0");
	}
}

/* Saves the points of every part posted for kind KIND: all of them in one
 * batch, or none when any is refused. */
static int post_scores(struct web *w, int kind)
{
	const struct rubric *r = w->c.rubric;
	int u = web_unit(w, w->args[0]);
	int k = rubric_find(r, (int)w->args[1]);
	if (k < 0 || !rubric_applies(r, k, u))
		return web_error(w, 404, "\xe8\xaf\xa5\xe5\x8d\x95\xe4\xbd\x8d\xe6\xb2\xa1\xe6\x9c\x89\xe8\xbf\x99\xe6\x9d\xa1\xe6\xb5\x8b\xe8\xaf\x84\xe5\x86\x85\xe5\xae\xb9");
	const struct rubric_criterion *cr = &r->criteria[k];
	const char *comment = web_form(w, "comment");
	const char *reason = kind == SCORE_ASSESSOR && w->who.role == ROLE_ADMIN ? web_form(w, "reason") : NULL;
	struct score_input *rows = xcalloc((size_t)cr->nparts + 1, sizeof *rows);
	struct strbuf msg = {0};
	struct score_result res = {0};
	struct kp_error e = {0};
	int n = 0, rc = 0;
	for (int p = cr->nparts ? 1 : 0; p <= cr->nparts; p++) {
		char field[24];
		snprintf(field, sizeof field, "points%d", p);
		const char *v = web_form(w, field);
		if (!v || !*v)
			continue;
		struct score_input *in = &rows[n++];
		*in = (struct score_input){.unit = u, .criterion = k, .part = p, .kind = kind, .by = w->who.display,
					   .comment = comment ? comment : "", .detail = "",
					   .reason = reason && *reason ? reason : NULL, .scorer_unit = w->who.unit_id};
		if (points_parse(v, &in->points) < 0) {
			if (msg.len)
				sb_adds(&msg, "\xef\xbc\x9b"); /* ； */
			int quoted = (int)strnlen(v, 60); /* at most 60 bytes, never half a character */
			while (quoted > 0 && ((unsigned char)v[quoted] & 0xc0) == 0x80)
				quoted--;
			sb_addf(&msg, "\xe5\xbe\x97\xe5\x88\x86 \"%.*s\" \xe4\xb8\x8d\xe6\x98\xaf\xe6\x9c\x80\xe5\xa4\x9a\xe4\xb8\x80\xe4\xbd\x8d\xe5\xb0\x8f\xe6\x95\xb0\xe7\x9a\x84\xe5\x88\x86\xe6\x95\xb0", quoted, v); /* 得分 "x" 不是最多一位小数的分数 */
		}
	}
	if (!n) {
		rc = web_error(w, 400, "\xe8\xaf\xb7\xe5\xa1\xab\xe5\x86\x99\xe5\xbe\x97\xe5\x88\x86"); /* 请填写得分 */
		goto out;
	}
	if (msg.len) { /* a part that is not a number: nothing is saved */
		rc = web_error(w, 400, sb_str(&msg));
		goto out;
	}
	struct score_batch b = {.rows = rows, .count = n};
	if (scores_apply(w->s, &w->c, &b, &res, &e)) {
		if (e.code != KP_EINPUT || !res.nlisted) {
			rc = web_error(w, e.code == KP_EINPUT ? 400 : 500, e.msg);
			goto out;
		}
		for (int i = 0; i < res.nlisted; i++)
			score_refusal_zh(w, &rows[res.errors[i].index], &res.errors[i], &msg);
		rc = web_error(w, 400, sb_str(&msg));
		goto out;
	}
	struct strbuf loc = {0};
	html_printf(&loc, "/units/%lld/criteria/%d?saved=1", (long long)w->args[0], cr->no);
	web_redirect(w, sb_str(&loc));
	sb_free(&loc);
out:
	score_result_free(&res);
	sb_free(&msg);
	free(rows);
	return rc;
}

static int post_self(struct web *w)
{
	return post_scores(w, SCORE_SELF);
}

static int post_score(struct web *w)
{
	return post_scores(w, SCORE_ASSESSOR);
}

/* ---- evidence and workflow ---- */

/* Redirects back to unit page PATH_SUFFIX after a change. */
static int back_to(struct web *w, const char *fmt_suffix_html, int no)
{
	struct strbuf loc = {0};
	if (no)
		html_printf(&loc, "/units/%lld/criteria/%d?saved=1", (long long)w->args[0], no);
	else
		html_printf(&loc, "/units/%lld%s", (long long)w->args[0], fmt_suffix_html);
	web_redirect(w, sb_str(&loc));
	sb_free(&loc);
	return 0;
}

static int post_evidence(struct web *w)
{
	int u = web_unit(w, w->args[0]);
	int k = rubric_find(w->c.rubric, (int)w->args[1]);
	const struct web_upload *f = NULL;
	for (int i = 0; i < w->req->nuploads; i++)
		if (!strcmp(w->req->uploads[i].field, "file"))
			f = &w->req->uploads[i];
	if (k < 0)
		return web_error(w, 404, "no such criterion");
	if (!f)
		return web_error(w, 400, "\xe8\xaf\xb7\xe9\x80\x89\xe6\x8b\xa9\xe8\xa6\x81\xe4\xb8\x8a\xe4\xbc\xa0\xe7\x9a\x84\xe6\x96\x87\xe4\xbb\xb6"); /* 请选择要上传的文件 */
	int64_t id;
	struct kp_error e = {0};
	/* The server streamed the file to disk; `kaoping http` holds it in memory. */
	struct web_upload *up = (struct web_upload *)f;
	if (f->data ? evidence_add(w->s, &w->c, u, k, f->filename, f->data, f->len, w->who.display, w->now, &id, &e)
		    : evidence_add_file(w->s, &w->c, u, k, f->filename, &up->file, w->who.display, w->now, &id, &e)) {
		if (submission_frozen_error(&e)) { /* worded as the score form and the ledger word it */
			char *msg = xasprintf("%s已提交自评：佐证材料在办公室退回后才能上传", w->c.units.names[u]);
			web_error(w, 400, msg);
			free(msg);
			return 0;
		}
		return web_error(w, e.code == KP_EINPUT ? 400 : 500, e.msg);
	}
	return back_to(w, "", w->c.rubric->criteria[k].no);
}

/* One evidence row (SQL_EVIDENCE_LIST or _GET columns from FIRST) as JSON. */
static json_t *evidence_json(const struct web *w, int64_t id, int no, const char *sha, const char *name,
			     const char *type, int64_t size, const char *by, const char *at, bool late,
			     const char *withdrawn)
{
	char *url = xasprintf("/units/%lld/evidence/%lld", (long long)w->args[0], (long long)id);
	json_t *j = json_pack("{s:I, s:i, s:s, s:s, s:s, s:I, s:s, s:s, s:b, s:s?, s:s}", "id", (json_int_t)id,
			      "criterion", no, "file_name", name, "sha256", sha, "type", type, "size", (json_int_t)size,
			      "uploaded_by", by, "uploaded_at", at, "late", late, "withdrawn_at",
			      withdrawn && *withdrawn ? withdrawn : NULL, "url", url);
	free(url);
	return j;
}

/* POST /api/v1/units/{u}/criteria/{n}/evidence: a multipart upload (field
 * "file"), checked and stored as the page's upload is; answers 201 with the
 * stored evidence. */
static int api_post_evidence(struct web *w)
{
	int u = web_unit(w, w->args[0]);
	int k = rubric_find(w->c.rubric, (int)w->args[1]);
	struct web_upload *f = NULL;
	for (int i = 0; i < w->req->nuploads; i++)
		if (!strcmp(w->req->uploads[i].field, "file"))
			f = &w->req->uploads[i];
	if (k < 0)
		return web_error(w, 404, "no such criterion");
	if (!f)
		return web_error(w, 400, "file: send the file as multipart/form-data field \"file\"");
	int64_t id;
	struct kp_error e = {0};
	if (f->data ? evidence_add(w->s, &w->c, u, k, f->filename, f->data, f->len, w->who.display, w->now, &id, &e)
		    : evidence_add_file(w->s, &w->c, u, k, f->filename, &f->file, w->who.display, w->now, &id, &e))
		return web_error(w, e.code == KP_EINPUT ? 400 : 500, e.msg);
	store_stmt *st = store_sql(w->s, SQL_EVIDENCE_GET);
	st_bind_int(st, 1, id);
	if (st_step(st, &e) <= 0)
		return web_error(w, 500, e.code ? e.msg : "evidence vanished");
	json_t *j = evidence_json(w, id, (int)st_int(st, 2), st_text(st, 3), st_text(st, 4), st_text(st, 5),
				  st_int(st, 6), st_text(st, 9), st_text(st, 10), st_int(st, 8) != 0, NULL);
	st_reset(st);
	web_json(w, j);
	w->res->status = 201;
	return 0;
}

/* GET /api/v1/units/{u}/evidence: every piece of the unit's evidence,
 * withdrawn ones included (with the time they were withdrawn). */
static int api_evidence(struct web *w)
{
	struct kp_error e = {0};
	json_t *a = json_array();
	store_stmt *st = store_sql(w->s, SQL_EVIDENCE_LIST);
	st_bind_int(st, 1, w->args[0]);
	int rc;
	while ((rc = st_step(st, &e)) > 0)
		json_array_append_new(a, evidence_json(w, st_int(st, 0), (int)st_int(st, 1), st_text(st, 2),
						       st_text(st, 3), st_text(st, 4), st_int(st, 5), st_text(st, 6),
						       st_text(st, 7), st_int(st, 8) != 0, st_text(st, 9)));
	if (rc < 0) {
		json_decref(a);
		return web_error(w, 500, e.msg);
	}
	return web_json(w, a);
}

static int post_withdraw(struct web *w)
{
	struct kp_error e = {0};
	if (evidence_withdraw(w->s, &w->c, w->args[1], web_unit(w, w->args[0]), w->who.role == ROLE_ADMIN, w->who.display,
			      w->now, &e))
		return web_error(w, e.code == KP_EINPUT ? 400 : 500, e.msg);
	return back_to(w, "", 0);
}

static int get_evidence(struct web *w)
{
	struct kp_error e = {0};
	store_stmt *st = store_sql(w->s, SQL_EVIDENCE_GET);
	st_bind_int(st, 1, w->args[1]);
	if (st_step(st, &e) != 1 || st_int(st, 1) != w->args[0]) /* only the unit's own files */
		return web_error(w, 404, "\xe6\xb2\xa1\xe6\x9c\x89\xe8\xbf\x99\xe4\xb8\xaa\xe6\x96\x87\xe4\xbb\xb6"); /* 没有这个文件 */
	char hex[65], *name = xstrdup(st_text(st, 4)), *type = xstrdup(st_text(st, 5));
	snprintf(hex, sizeof hex, "%s", st_text(st, 3));
	st_reset(st);
	int rc = web_send_stored_file(w, hex, name, type);
	free(name), free(type);
	return rc;
}

int web_send_stored_file(struct web *w, const char *hex, const char *name, const char *type)
{
	char *dir = evidence_dir(store_path(w->s));
	char *path = xasprintf("%s/%.2s/%s", dir, hex, hex + 2);
	struct stat sb;
	free(dir);
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		free(path);
		return web_error(w, 500, "the stored file is missing");
	}
	/* The transport streams the file: never read whole into memory. */
	w->res->file = path;
	w->res->file_len = (uint64_t)sb.st_size;
	/* The type is the one checked at upload, never the client's. */
	snprintf(w->res->content_type_buf, sizeof w->res->content_type_buf, "%s", type);
	w->res->content_type = w->res->content_type_buf;
	web_attachment(w, name);
	return 0;
}

static int post_submit(struct web *w)
{
	struct kp_error e = {0};
	if (submission_submit(w->s, &w->c, web_unit(w, w->args[0]), w->who.display, &e))
		return web_error(w, e.code == KP_EINPUT ? 400 : 500, e.msg);
	return back_to(w, "", 0);
}

static int post_return(struct web *w)
{
	struct kp_error e = {0};
	if (submission_return(w->s, &w->c, web_unit(w, w->args[0]), web_form(w, "reason"), w->who.display, &e))
		return web_error(w, e.code == KP_EINPUT ? 400 : 500, e.msg);
	return back_to(w, "", 0);
}

static int post_scores_submit(struct web *w)
{
	struct kp_error e = {0};
	int n;
	if (scores_advance(w->s, &w->c, web_unit(w, w->args[0]), SCORE_DRAFT, SCORE_SUBMITTED, w->who.display, &n, &e))
		return web_error(w, 500, e.msg);
	return back_to(w, "", 0);
}

static int post_finalize(struct web *w)
{
	struct kp_error e = {0};
	int n;
	if (scores_advance(w->s, &w->c, web_unit(w, w->args[0]), SCORE_SUBMITTED, SCORE_FINAL, w->who.display, &n, &e))
		return web_error(w, 500, e.msg);
	return back_to(w, "", 0);
}

/* ---- administration ---- */

/* The accounts page; WHO and MADE (may be NULL) show a password the server
 * just made up, once, in the answer to the POST that made it (never in a
 * URL, a log or a later page). */
static int users_page(struct web *w, const char *who, const char *made)
{
	struct kp_error e = {0};
	page_begin(w, "\xe8\xb4\xa6\xe5\x8f\xb7"); /* 账号 */
	/* A password made up by the server is shown once, right after. */
	if (made && who)
		out(w, "<p class=\"ok\">%h \xe7\x9a\x84\xe5\x88\x9d\xe5\xa7\x8b\xe5\xaf\x86\xe7\xa0\x81\xef\xbc\x9a<code>%h</code>"
		       "\xef\xbc\x88\xe5\x8f\xaa\xe6\x98\xbe\xe7\xa4\xba\xe8\xbf\x99\xe4\xb8\x80\xe6\xac\xa1\xef\xbc\x89</p>", who, made); /* 的初始密码：…（只显示这一次） */
	out(w, "<table><tr><th>\xe8\xb4\xa6\xe5\x8f\xb7</th><th>\xe5\xa7\x93\xe5\x90\x8d</th><th>\xe8\xa7\x92\xe8\x89\xb2</th>"
	       "<th>\xe5\x8d\x95\xe4\xbd\x8d</th><th>\xe7\x8a\xb6\xe6\x80\x81</th><th></th></tr>"); /* 账号 姓名 角色 单位 状态 */
	store_stmt *st = store_sql(w->s, SQL_ACCOUNT_LIST);
	int rc;
	while ((rc = st_step(st, &e)) == 1) {
		bool disabled = st_int(st, 5) != 0;
		long long id = (long long)st_int(st, 0);
		out(w, "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>", st_text(st, 1), st_text(st, 2),
		    role_label(role_parse(st_text(st, 3))), st_text(st, 4),
		    disabled ? "\xe5\xb7\xb2\xe5\x81\x9c\xe7\x94\xa8" : "\xe6\xad\xa3\xe5\xb8\xb8"); /* 已停用 正常 */
		if (id != w->who.id) {
			out(w, "<form method=\"post\" action=\"/users/%lld/%s\">", id, disabled ? "enable" : "disable");
			csrf_field(w);
			out(w, "<button type=\"submit\">%s</button></form> ", disabled ? "\xe5\x90\xaf\xe7\x94\xa8" : "\xe5\x81\x9c\xe7\x94\xa8"); /* 启用 停用 */
		}
		out(w, "<a href=\"/tokens?account=%u\">API\xe4\xbb\xa4\xe7\x89\x8c</a> ", st_text(st, 1)); /* API令牌 */
		out(w, "<form method=\"post\" action=\"/users/%lld/password\">", id);
		csrf_field(w);
		out(w, "<button type=\"submit\">\xe9\x87\x8d\xe7\xbd\xae\xe5\xaf\x86\xe7\xa0\x81</button></form></td></tr>\n"); /* 重置密码 */
	}
	st_reset(st);
	if (rc < 0)
		return web_error(w, 500, e.msg); /* not a short list */
	out(w, "</table><h2>\xe6\x96\xb0\xe5\xa2\x9e\xe8\xb4\xa6\xe5\x8f\xb7</h2><form method=\"post\" action=\"/users\">"); /* 新增账号 */
	csrf_field(w);
	out(w, "<label>\xe8\xb4\xa6\xe5\x8f\xb7 <input name=\"name\" required pattern=\"[a-z0-9._-]{2,40}\"></label> "
	       "<label>\xe5\xa7\x93\xe5\x90\x8d <input name=\"display\"></label> <label>\xe8\xa7\x92\xe8\x89\xb2 <select name=\"role\">");
	for (int bit = ROLE_ADMIN; bit <= ROLE_AUDITOR; bit <<= 1)
		out(w, "<option value=\"%a\">%h</option>", role_name(bit), role_label(bit));
	out(w, "</select></label> <label>\xe5\x8d\x95\xe4\xbd\x8d <select name=\"unit\"><option value=\"\">-</option>");
	for (int u = 0; u < w->c.units.n && u < 2000; u++)
		out(w, "<option value=\"%lld\">%h</option>", (long long)w->c.units.ids[u], w->c.units.names[u]);
	out(w, "</select></label> <button type=\"submit\">\xe6\x96\xb0\xe5\xa2\x9e</button> "
	       "<small>\xe5\xaf\x86\xe7\xa0\x81\xe7\x94\xb1\xe7\xb3\xbb\xe7\xbb\x9f\xe7\x94\x9f\xe6\x88\x90</small></form>"); /* 新增 密码由系统生成 */
	page_end(w);
	return 0;
}

/* A password made up for a new or reset account (shown once). */
static void make_password(const char *name, char pw[17])
{
	for (;;) {
		struct kp_error e = {0};
		random_hex(pw, 8);
		pw[4] = '-';
		if (!auth_password_ok(name, pw, &e))
			return;
	}
}

static int get_users(struct web *w)
{
	return users_page(w, NULL, NULL);
}

static int show_password(struct web *w, const char *name, const char *pw)
{
	return users_page(w, name, pw);
}

static int post_user_add(struct web *w)
{
	const char *name = web_form(w, "name"), *display = web_form(w, "display"), *role = web_form(w, "role");
	const char *unit = web_form(w, "unit");
	int u = unit && *unit ? web_unit(w, strtoll(unit, NULL, 10)) : -1;
	struct kp_error e = {0};
	char pw[17];
	if (!name || !role || !role_parse(role))
		return web_error(w, 400, "name and role: give the account name and choose a role");
	if (unit && *unit && u < 0)
		return web_error(w, 400, "unit: no such unit");
	make_password(name, pw);
	if (account_add(w->s, &w->c, name, display, role_parse(role), u, pw, w->who.name, &e))
		return web_error(w, e.code == KP_EINPUT ? 400 : 500, e.msg);
	return show_password(w, name, pw);
}

static int account_action(struct web *w, const char *what)
{
	struct account a;
	struct kp_error e = {0};
	if (account_get(w->s, NULL, w->args[0], &a, &e))
		return web_error(w, 404, "\xe6\xb2\xa1\xe6\x9c\x89\xe8\xbf\x99\xe4\xb8\xaa\xe8\xb4\xa6\xe5\x8f\xb7"); /* 没有这个账号 */
	if (!strcmp(what, "password")) {
		char pw[17];
		make_password(a.name, pw);
		if (account_set_password(w->s, a.name, pw, w->who.name, &e))
			return web_error(w, 500, e.msg);
		return show_password(w, a.name, pw);
	}
	if (a.id == w->who.id)
		return web_error(w, 400, "\xe4\xb8\x8d\xe8\x83\xbd\xe5\x81\x9c\xe7\x94\xa8\xe8\x87\xaa\xe5\xb7\xb1\xe7\x9a\x84\xe8\xb4\xa6\xe5\x8f\xb7"); /* 不能停用自己的账号 */
	if (account_set_disabled(w->s, a.name, !strcmp(what, "disable"), w->who.name, &e))
		return web_error(w, 500, e.msg);
	return web_redirect(w, "/users");
}

static int post_user_disable(struct web *w)
{
	return account_action(w, "disable");
}

static int post_user_enable(struct web *w)
{
	return account_action(w, "enable");
}

static int post_user_password(struct web *w)
{
	return account_action(w, "password");
}

/* Entries on one page of the audit log. */
#define AUDIT_PAGE 100

/* GET /audit[?actor=NAME&action=PREFIX&before=ID]: the log, newest first,
 * a hundred entries a page. */
static int get_audit(struct web *w)
{
	struct kp_error e = {0};
	const char *actor = web_param(w->req->query, w->req->nquery, "actor");
	const char *action = web_param(w->req->query, w->req->nquery, "action");
	const char *before = web_param(w->req->query, w->req->nquery, "before");
	char *end = "";
	long long below = before ? strtoll(before, &end, 10) : INT64_MAX;
	if (before && (!*before || *end || below < 1))
		return web_error(w, 400, "before: 请给出审计记录编号（正整数）");
	store_stmt *st = store_sql(w->s, SQL_AUDIT_PAGE);
	st_bind_int(st, 1, below);
	st_bind_text(st, 2, actor ? actor : "");
	st_bind_text(st, 3, action ? action : "");
	st_bind_int(st, 4, AUDIT_PAGE);
	page_begin(w, "\xe5\xae\xa1\xe8\xae\xa1\xe6\x97\xa5\xe5\xbf\x97"); /* 审计日志 */
	out(w, "<form method=\"get\" action=\"/audit\"><label>操作人 <input name=\"actor\" value=\"%a\"></label> "
	       "<label>操作 <input name=\"action\" value=\"%a\" placeholder=\"如 score. 或 auth.login\"></label> "
	       "<button type=\"submit\">筛选</button> <a href=\"/audit\">全部最新</a></form>",
	    actor, action);
	out(w, "<table><tr><th>#</th><th>\xe6\x97\xb6\xe9\x97\xb4</th><th>\xe6\x93\x8d\xe4\xbd\x9c\xe4\xba\xba</th>"
	       "<th>\xe6\x93\x8d\xe4\xbd\x9c</th><th>\xe5\xaf\xb9\xe8\xb1\xa1</th><th>\xe8\xaf\xa6\xe6\x83\x85</th></tr>"); /* 时间 操作人 操作 对象 详情 */
	int rc, rows = 0;
	long long last = 0;
	while ((rc = st_step(st, &e)) == 1) {
		last = (long long)st_int(st, 0);
		rows++;
		out(w, "<tr><td class=\"n\">%lld</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td></tr>\n", last,
		    web_time(w, st_text(st, 1)).s, st_text(st, 2), st_text(st, 3), st_text(st, 4), st_text(st, 5));
	}
	st_reset(st);
	if (rc < 0)
		return web_error(w, 500, e.msg); /* a cut log must not pass for the whole */
	out(w, "</table>");
	if (!rows)
		out(w, "<p>没有符合条件的记录。</p>");
	else if (rows == AUDIT_PAGE && last > 1)
		out(w, "<p><a href=\"/audit?actor=%u&amp;action=%u&amp;before=%lld\">更早的记录</a></p>", actor ? actor : "",
		    action ? action : "", last);
	out(w, "<p>整条日志的哈希链可用 <code>kaoping audit verify</code> 核验。</p>");
	page_end(w);
	return 0;
}

/* ---- JSON API ---- */

static int api_rubric(struct web *w)
{
	return web_json(w, rubric_to_json(w->c.rubric, &w->c.units));
}

static int api_units(struct web *w)
{
	const struct rubric *r = w->c.rubric;
	int *max = xcalloc((size_t)w->c.units.n + 1, sizeof(int));
	score_unit_max(r, w->c.units.n, max, NULL);
	json_t *a = json_array();
	for (int u = 0; u < w->c.units.n; u++) {
		if (w->who.role == ROLE_UNIT && w->c.units.ids[u] != w->who.unit_id)
			continue; /* a unit account lists only itself */
		json_t *al = json_array(), *cr = json_array();
		for (int k = 0; k < w->c.units.naliases[u]; k++)
			json_array_append_new(al, json_string(w->c.units.aliases[u][k]));
		for (int k = 0; k < r->ncriteria; k++)
			if (rubric_applies(r, k, u))
				json_array_append_new(cr, json_integer(r->criteria[k].no));
		json_array_append_new(a, json_pack("{s:I, s:s, s:o, s:o, s:o}", "id", (json_int_t)w->c.units.ids[u], "name",
						   w->c.units.names[u], "aliases", al, "criteria", cr, "max_points",
						   json_points(max[u])));
	}
	free(max);
	return web_json(w, a);
}

static int api_unit(struct web *w)
{
	/* a unit's clerk: only the assessor scores the setting lets it see */
	struct report_options o = {.format = OUT_JSON, .kind = SCORE_ASSESSOR, .min_state = web_assessor_floor(w)};
	struct capture cap;
	struct kp_error e = {0};
	capture_open(&cap);
	return capture_answer(w, &cap, report_unit(w->s, &w->c, web_unit(w, w->args[0]), &o, cap.f, &e), &e);
}

static int api_ranking(struct web *w)
{
	struct report_options o = {.format = OUT_JSON, .kind = SCORE_ASSESSOR};
	struct kp_error e = {0};
	const struct unit_result *res = web_ranking(w, SCORE_DRAFT, &e);
	if (!res)
		return web_error(w, 500, e.msg);
	/* ?offset=N&limit=M pick a slice of the ranked list (all by default). */
	const char *off = web_param(w->req->query, w->req->nquery, "offset");
	const char *lim = web_param(w->req->query, w->req->nquery, "limit");
	char *end_off = "", *end_lim = "";
	long offset = off ? strtol(off, &end_off, 10) : 0, limit = lim ? strtol(lim, &end_lim, 10) : w->c.units.n;
	if ((off && (offset < 0 || !*off || *end_off)) || (lim && (limit < 1 || !*lim || *end_lim)))
		return web_error(w, 400, "offset: a number from 0; limit: a number from 1");
	if (offset > w->c.units.n)
		offset = w->c.units.n;
	if (limit > w->c.units.n - offset)
		limit = w->c.units.n - offset;
	struct capture cap;
	struct strbuf *whole = &w->cache->ranking_json, *gz = &w->cache->ranking_json_gz;
	if (offset != 0 || limit != w->c.units.n) {
		capture_open(&cap);
		report_ranking_print(&w->c, res + offset, (int)limit, &o, cap.f);
		return capture_answer(w, &cap, 0, &e);
	}
	/* The whole list: rendered once, and gzipped once if asked so. */
	if (!whole->len) {
		capture_open(&cap);
		report_ranking_print(&w->c, res, w->c.units.n, &o, cap.f);
		fclose(cap.f);
		sb_add(whole, cap.buf, cap.len);
		free(cap.buf);
	}
	w->res->content_type = "application/json";
	if (w->req->gzip_ok && whole->len >= GZ_MIN_CACHED &&
	    (gz->len || gz_compress(whole->s, whole->len, GZ_LEVEL_CACHED, gz))) {
		sb_add(&w->res->body, gz->s, gz->len);
		w->res->gzipped = true;
	} else {
		sb_add(&w->res->body, whole->s, whole->len);
	}
	return 0;
}

static int api_district(struct web *w)
{
	struct report_options o = {.format = OUT_JSON, .kind = SCORE_ASSESSOR};
	struct capture cap;
	struct kp_error e = {0};
	capture_open(&cap);
	return capture_answer(w, &cap, report_district(w->s, &w->c, &o, cap.f, &e), &e);
}

/* The points of the JSON number V in tenths, through points_parse: what is
 * not a number, not finite, negative or above any rubric's reach is refused
 * before it is converted; the rest is formatted and parsed as text. */
static int api_points(const json_t *v, int *tenths)
{
	char text[64];
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (i < 0 || i > 100000)
			return -1;
		snprintf(text, sizeof text, "%lld", (long long)i);
	} else if (json_is_real(v)) {
		double d = json_real_value(v);
		if (!(d >= 0 && d <= 100000)) /* NaN fails both */
			return -1;
		snprintf(text, sizeof text, "%.15g", d); /* 2.5 → "2.5", 2.55 → "2.55" */
	} else {
		return -1;
	}
	return points_parse(text, tenths);
}

/* Adds a refusal of score INDEX in FIELD to ERRORS. */
static void api_refuse(json_t *errors, size_t index, const char *field, const char *message)
{
	json_array_append_new(errors, json_pack("{s:I,s:s?,s:s}", "index", (json_int_t)index, "field", field, "message",
						message));
}

/* Answers 400 with MESSAGE and the refused scores ERRORS (taken). */
static int api_refused(struct web *w, const char *message, json_t *errors)
{
	web_json(w, json_pack("{s:s,s:i,s:o}", "error", message, "status", 400, "errors", errors));
	w->res->status = 400;
	return 0;
}

#define API_MAX_SCORES 1000 /* scores in one request */

/* POST /api/v1/units/{u}/scores: one score {"criterion":"8.2","points":3.5,
 * "kind":"self"|"assessor","comment":"…"} or an array of them, stored all
 * together through scores_apply or not at all. */
static int api_post_score(struct web *w)
{
	const char *body = web_form(w, "json");
	json_error_t je;
	json_t *j = body ? json_loads(body, 0, &je) : NULL, *errors = json_array();
	struct score_input *rows = NULL;
	struct score_result res = {0};
	struct kp_error e = {0};
	int rc = 0;
	if (!j || !(json_is_object(j) || json_is_array(j))) {
		rc = web_error(w, 400, "send a JSON object {\"criterion\", \"points\", \"kind\", \"comment\"} or an array of them");
		goto out;
	}
	size_t n = json_is_object(j) ? 1 : json_array_size(j);
	if (n == 0 || n > API_MAX_SCORES) {
		char msg[64];
		snprintf(msg, sizeof msg, "at most %d scores in one request", API_MAX_SCORES);
		rc = web_error(w, 400, n ? msg : "send at least one score");
		goto out;
	}
	rows = xcalloc(n, sizeof *rows);
	bool forbidden = false;
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_is_object(j) ? j : json_array_get(j, i);
		struct score_input *in = &rows[i];
		*in = (struct score_input){.unit = web_unit(w, w->args[0]), .kind = SCORE_ASSESSOR, .by = w->who.display,
					   .comment = "", .detail = "api", .scorer_unit = w->who.unit_id};
		if (!json_is_object(o)) {
			api_refuse(errors, i, NULL, "not a JSON object");
			continue;
		}
		json_t *crit = json_object_get(o, "criterion"), *kind = json_object_get(o, "kind"),
		       *comment = json_object_get(o, "comment");
		int no = -1;
		if (json_is_integer(crit) && json_integer_value(crit) > 0 && json_integer_value(crit) < 100000)
			no = (int)json_integer_value(crit);
		else if (!json_is_string(crit) || criterion_ref_parse(json_string_value(crit), &no, &in->part) < 0)
			no = -1;
		if (no < 0 || (in->criterion = rubric_find(w->c.rubric, no)) < 0) {
			api_refuse(errors, i, "criterion", "criterion: give \"2\" or \"8.2\"");
			continue;
		}
		if (kind && !(json_is_string(kind) && (!strcmp(json_string_value(kind), "self") ||
						       !strcmp(json_string_value(kind), "assessor")))) {
			api_refuse(errors, i, "kind", "kind: \"self\" or \"assessor\"");
			continue;
		}
		in->kind = kind && !strcmp(json_string_value(kind), "self") ? SCORE_SELF : SCORE_ASSESSOR;
		if (comment && !json_is_string(comment)) {
			api_refuse(errors, i, "comment", "comment: a string");
			continue;
		}
		in->comment = comment ? json_string_value(comment) : "";
		if (api_points(json_object_get(o, "points"), &in->points) < 0) {
			api_refuse(errors, i, "points", "points: a number from 0 with at most one decimal");
			continue;
		}
		if ((in->kind == SCORE_SELF && !may_self_assess(w)) || (in->kind == SCORE_ASSESSOR && !may_score(w)))
			forbidden = true;
	}
	if (forbidden) {
		rc = web_error(w, 403, "your role may not record this kind of score");
		goto out;
	}
	if (json_array_size(errors)) {
		char *msg = xasprintf("%zu of %zu scores refused; nothing was stored", json_array_size(errors), n);
		rc = api_refused(w, msg, errors);
		errors = NULL;
		free(msg);
		goto out;
	}
	struct score_batch b = {.rows = rows, .count = (int)n, .max_errors = API_MAX_SCORES};
	if (scores_apply(w->s, &w->c, &b, &res, &e)) {
		if (e.code != KP_EINPUT || !res.nlisted) {
			rc = web_error(w, e.code == KP_EINPUT ? 400 : 500, e.msg);
			goto out;
		}
		for (int i = 0; i < res.nlisted; i++)
			api_refuse(errors, (size_t)res.errors[i].index, res.errors[i].field, res.errors[i].message);
		rc = api_refused(w, e.msg, errors);
		errors = NULL;
		goto out;
	}
	rc = web_json(w, json_pack("{s:b,s:i}", "ok", 1, "count", res.written));
out:
	score_result_free(&res);
	json_decref(errors);
	json_decref(j);
	free(rows);
	return rc;
}

/* The route table: every route, the roles it admits, and a concrete path
 * the authorization-matrix test uses. Unit-scoped routes take the unit's
 * store id first. */
const struct route web_routes[] = {
	{"GET", "/healthz", ROUTE_PUBLIC, false, false, get_healthz, "/healthz"},
	{"GET", "/assets/style.css", ROUTE_PUBLIC, false, false, get_style, "/assets/style.css"},
	{"GET", "/login", ROUTE_PUBLIC, false, false, get_login, "/login"},
	{"POST", "/login", ROUTE_PUBLIC, false, false, post_login, "/login"},
	{"POST", "/logout", ROLE_ANY, false, false, post_logout, "/logout"},
	{"GET", "/", ROLE_ANY, false, false, get_dashboard, "/"},
	{"GET", "/rubric", READERS, false, false, get_rubric, "/rubric"},
	{"GET", "/group", READERS, false, false, get_group, "/group"},
	{"GET", "/tasks", READERS, false, false, get_tasks, "/tasks"},
	{"GET", "/ranking", OVERSEERS, false, false, get_ranking, "/ranking"},
	{"GET", "/district", OVERSEERS, false, false, get_district, "/district"},
	{"GET", "/units/{u}", READERS, true, false, get_unit, "/units/{u}"},
	{"GET", "/units/{u}/criteria/{n}", READERS, true, false, get_criterion, "/units/{u}/criteria/2"},
	{"POST", "/units/{u}/criteria/{n}/self", ROLE_ADMIN | ROLE_UNIT, true, false, post_self, "/units/{u}/criteria/2/self"},
	{"POST", "/units/{u}/criteria/{n}/score", ROLE_ADMIN | ROLE_ASSESSOR, true, false, post_score,
	 "/units/{u}/criteria/2/score"},
	{"POST", "/units/{u}/criteria/{n}/evidence", ROLE_ADMIN | ROLE_UNIT, true, false, post_evidence,
	 "/units/{u}/criteria/2/evidence"},
	{"GET", "/units/{u}/evidence/{e}", READERS, true, false, get_evidence, "/units/{u}/evidence/1"},
	{"POST", "/units/{u}/evidence/{e}/withdraw", ROLE_ADMIN | ROLE_UNIT, true, false, post_withdraw,
	 "/units/{u}/evidence/1/withdraw"},
	{"POST", "/units/{u}/submit", ROLE_ADMIN | ROLE_UNIT, true, false, post_submit, "/units/{u}/submit"},
	{"POST", "/units/{u}/return", ROLE_ADMIN, true, false, post_return, "/units/{u}/return"},
	{"POST", "/units/{u}/scores/submit", ROLE_ADMIN | ROLE_ASSESSOR, true, false, post_scores_submit,
	 "/units/{u}/scores/submit"},
	{"POST", "/units/{u}/finalize", ROLE_ADMIN, true, false, post_finalize, "/units/{u}/finalize"},
	{"GET", "/users", ROLE_ADMIN, false, false, get_users, "/users"},
	{"POST", "/users", ROLE_ADMIN, false, false, post_user_add, "/users"},
	{"POST", "/users/{a}/disable", ROLE_ADMIN, false, false, post_user_disable, "/users/999/disable"},
	{"POST", "/users/{a}/enable", ROLE_ADMIN, false, false, post_user_enable, "/users/999/enable"},
	{"POST", "/users/{a}/password", ROLE_ADMIN, false, false, post_user_password, "/users/999/password"},
	{"GET", "/tokens", ROLE_ANY, false, false, get_tokens, "/tokens"},
	{"POST", "/tokens", ROLE_ANY, false, false, post_token_create, "/tokens"},
	{"POST", "/tokens/{t}/revoke", ROLE_ANY, false, false, post_token_revoke, "/tokens/999/revoke"},
	{"GET", "/audit", ROLE_ADMIN | ROLE_AUDITOR, false, false, get_audit, "/audit"},
	{"GET", "/api/v1/rubric", READERS, false, true, api_rubric, "/api/v1/rubric"},
	{"GET", "/api/v1/units", READERS, false, true, api_units, "/api/v1/units"},
	{"GET", "/api/v1/units/{u}", READERS, true, true, api_unit, "/api/v1/units/{u}"},
	{"POST", "/api/v1/units/{u}/scores", ROLE_ADMIN | ROLE_ASSESSOR | ROLE_UNIT, true, true, api_post_score,
	 "/api/v1/units/{u}/scores"},
	{"GET", "/api/v1/units/{u}/evidence", READERS, true, true, api_evidence, "/api/v1/units/{u}/evidence"},
	{"POST", "/api/v1/units/{u}/criteria/{n}/evidence", ROLE_ADMIN | ROLE_UNIT, true, true, api_post_evidence,
	 "/api/v1/units/{u}/criteria/2/evidence"},
	{"GET", "/api/v1/ranking", OVERSEERS, false, true, api_ranking, "/api/v1/ranking"},
	{"GET", "/api/v1/district", OVERSEERS, false, true, api_district, "/api/v1/district"},

	/* -- deadlines -- */
	{"GET", "/due", OVERSEERS, false, false, get_due, "/due"},
	{"GET", "/due.csv", OVERSEERS, false, false, get_due_csv, "/due.csv"},
	{"GET", "/due/reminders", ROLE_ADMIN | ROLE_LEADER, false, false, get_due_reminders, "/due/reminders"},
	{"GET", "/units/{u}/due", READERS, true, false, get_unit_due, "/units/{u}/due"},
	{"GET", "/units/{u}/due.csv", READERS, true, false, get_unit_due_csv, "/units/{u}/due.csv"},
	{"POST", "/units/{u}/tasks/{t}/done", ROLE_ADMIN | ROLE_UNIT, true, false, post_task_done,
	 "/units/{u}/tasks/999/done"},
	{"POST", "/units/{u}/tasks/{t}/undo", ROLE_ADMIN | ROLE_UNIT, true, false, post_task_undo,
	 "/units/{u}/tasks/999/undo"},
	{"GET", "/api/v1/due", OVERSEERS, false, true, api_due, "/api/v1/due"},
	{"GET", "/api/v1/units/{u}/due", READERS, true, true, api_unit_due, "/api/v1/units/{u}/due"},

	/* -- ledger, duties and complaints -- */
	{"GET", "/ledger", READERS, false, false, get_ledger_home, "/ledger"},
	{"GET", "/units/{u}/ledger", READERS, true, false, get_unit_ledger, "/units/{u}/ledger"},
	{"POST", "/units/{u}/ledger", ROLE_ADMIN | ROLE_UNIT, true, false, post_ledger_add, "/units/{u}/ledger"},
	{"GET", "/units/{u}/ledger.csv", READERS, true, false, get_ledger_csv, "/units/{u}/ledger.csv"},
	{"GET", "/units/{u}/ledger/{e}", READERS, true, false, get_ledger_entry, "/units/{u}/ledger/1"},
	{"POST", "/units/{u}/ledger/{e}/remove", ROLE_ADMIN | ROLE_UNIT, true, false, post_ledger_remove,
	 "/units/{u}/ledger/999/remove"},
	{"GET", "/units/{u}/ledger/{e}/files/{f}", READERS, true, false, get_ledger_file, "/units/{u}/ledger/1/files/1"},
	{"POST", "/units/{u}/ledger/{e}/files", ROLE_ADMIN | ROLE_UNIT, true, false, post_ledger_attach,
	 "/units/{u}/ledger/1/files"},
	{"GET", "/api/v1/units/{u}/ledger", READERS, true, true, api_ledger, "/api/v1/units/{u}/ledger"},
	{"POST", "/ledger/kinds", ROLE_ADMIN, false, false, post_ledger_kind, "/ledger/kinds"},
	{"GET", "/duties", OVERSEERS, false, false, get_duties, "/duties"},
	{"POST", "/duties", ROLE_ADMIN, false, false, post_duty_add, "/duties"},
	{"POST", "/duties/propose", ROLE_ADMIN, false, false, post_duties_propose, "/duties/propose"},
	{"POST", "/duties/{d}/confirm", ROLE_ADMIN, false, false, post_duty_confirm, "/duties/999/confirm"},
	{"POST", "/duties/{d}/edit", ROLE_ADMIN, false, false, post_duty_edit, "/duties/999/edit"},
	{"POST", "/duties/{d}/reject", ROLE_ADMIN, false, false, post_duty_reject, "/duties/999/reject"},
	{"GET", "/api/v1/duties", OVERSEERS, false, true, api_duties, "/api/v1/duties"},
	{"GET", "/complaints", ROLE_ADMIN | ROLE_LEADER, false, false, get_complaints, "/complaints"},
	{"POST", "/complaints", ROLE_ADMIN, false, false, post_complaint_add, "/complaints"},
	{"POST", "/complaints/{c}/close", ROLE_ADMIN, false, false, post_complaint_close, "/complaints/999/close"},
	{"GET", "/api/v1/complaints", ROLE_ADMIN | ROLE_LEADER, false, true, api_complaints, "/api/v1/complaints"},
	{"GET", "/units/{u}/complaints", READERS, true, false, get_unit_complaints, "/units/{u}/complaints"},

	/* -- supervision cases -- */
	{"GET", "/cases", OVERSEERS, false, false, get_cases, "/cases"},
	{"POST", "/cases", ROLE_ADMIN, false, false, post_case_open, "/cases"},
	{"POST", "/cases/sweep", ROLE_ADMIN, false, false, post_case_sweep, "/cases/sweep"},
	{"GET", "/cases/listing", OVERSEERS, false, false, get_case_listing, "/cases/listing"},
	{"GET", "/cases/listing.csv", OVERSEERS, false, false, get_case_listing_csv, "/cases/listing.csv"},
	{"GET", "/cases/{c}", OVERSEERS, false, false, get_case, "/cases/1"},
	{"POST", "/cases/{c}/close", ROLE_ADMIN, false, false, post_case_close, "/cases/999/close"},
	{"POST", "/cases/{c}/return", ROLE_ADMIN, false, false, post_case_return, "/cases/999/return"},
	{"POST", "/cases/{c}/escalate", ROLE_ADMIN, false, false, post_case_escalate, "/cases/999/escalate"},
	{"GET", "/units/{u}/cases", READERS, true, false, get_unit_cases, "/units/{u}/cases"},
	{"POST", "/units/{u}/cases/{c}/report", ROLE_ADMIN | ROLE_UNIT, true, false, post_case_report,
	 "/units/{u}/cases/999/report"},
	{"GET", "/units/{u}/cases/{c}/files/{f}", READERS, true, false, get_case_file, "/units/{u}/cases/1/files/1"},
	{"GET", "/api/v1/cases", OVERSEERS, false, true, api_cases, "/api/v1/cases"},
	{"GET", "/api/v1/units/{u}/cases", READERS, true, true, api_unit_cases, "/api/v1/units/{u}/cases"},

	/* -- spot-check draws -- */
	{"GET", "/draws", OVERSEERS, false, false, get_draws, "/draws"},
	{"POST", "/draws", ROLE_ADMIN, false, false, post_draws, "/draws"},
	{"GET", "/draws/{d}", OVERSEERS, false, false, get_draw, "/draws/1"},
	{"POST", "/draws/{d}/publish", ROLE_ADMIN, false, false, post_draw_publish, "/draws/999/publish"},
	/* {u} is the inspected unit: not unit-scoped; the handler checks the
	 * inspector is assigned to it */
	{"POST", "/draws/{d}/units/{u}/findings", ROLE_ADMIN | ROLE_ASSESSOR, false, false, post_draw_finding,
	 "/draws/999/units/{u}/findings"},
	{"GET", "/public/draws", ROUTE_PUBLIC, false, false, get_public_draws, "/public/draws"},
	{"GET", "/api/v1/draws", OVERSEERS, false, true, api_draws, "/api/v1/draws"},
	{"GET", "/api/v1/draws/{d}", OVERSEERS, false, true, api_draw, "/api/v1/draws/1"},

	/* -- rubric from the notice text -- */
	{"GET", "/rubric/import", ROLE_ADMIN, false, false, get_rubric_import, "/rubric/import"},
	{"POST", "/rubric/import/preview", ROLE_ADMIN, false, false, post_rubric_import_preview, "/rubric/import/preview"},
	{"POST", "/rubric/import", ROLE_ADMIN, false, false, post_rubric_import, "/rubric/import"},

	/* -- campaign years -- */
	{"GET", "/compare", OVERSEERS, false, false, get_compare, "/compare"},

	{NULL, NULL, 0, false, false, NULL, NULL},
};
