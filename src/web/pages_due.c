/* pages_due.c — deadline lights on the web: the office's overview by
 * unit, a unit's to-do list that doubles as its reminder sheet (催办单),
 * their CSV and JSON forms, and the forms that report a task done. */
#include <stdlib.h>
#include <string.h>

#include "domain/due.h"
#include "io/chart.h"
#include "web/html.h"
#include "io/table.h"
#include "web/pages.h"

/* The filter of ?unit=ID&light=red&kind=task; false (and a 400 answer)
 * when a value is not one of those offered. */
static bool read_filter(struct web *w, struct due_filter *f)
{
	const char *light = web_param(w->req->query, w->req->nquery, "light");
	const char *kind = web_param(w->req->query, w->req->nquery, "kind");
	*f = (struct due_filter){-1, -1, 0};
	if (light && *light) {
		int l = light_parse(light);
		if (l < 0) {
			web_error(w, 400, w->route->api ? "light: red, yellow, green or grey" : "没有这种灯色（应为红、黄、绿或灰）");
			return false;
		}
		f->lights = 1 << l;
	}
	if (kind && *kind) {
		if (strcmp(kind, "task") && strcmp(kind, "criterion")) {
			web_error(w, 400, w->route->api ? "kind: task or criterion" : "类别应为任务或测评内容");
			return false;
		}
		f->kind = !strcmp(kind, "task") ? DUE_TASK : DUE_CRITERION;
	}
	return true;
}

static void light_cell(struct web *w, enum light l)
{
	out(w, "<span class=\"light l-%a\">%h</span>", light_key(l), light_label(l)); /* a dot (the style sheet's) and the word */
}

/* The cells "red yellow green grey" of unit U (-1: all) and kind K. */
static void count_cells(struct web *w, const struct due_list *l, int u, int k, const char *unit_link)
{
	int n[4];
	due_count(l, u, k, n);
	static const enum light order[] = {LIGHT_RED, LIGHT_YELLOW, LIGHT_GREEN, LIGHT_GREY};
	for (int i = 0; i < 4; i++) {
		if (n[order[i]] && unit_link && order[i] != LIGHT_GREY)
			out(w, "<td class=\"n\"><a class=\"l-%a\" href=\"%a?light=%a&amp;kind=%s\">%d</a></td>",
			    light_key(order[i]), unit_link, light_key(order[i]), k == DUE_TASK ? "task" : "criterion",
			    n[order[i]]);
		else
			out(w, "<td class=\"n\">%d</td>", n[order[i]]);
	}
}

static void filter_form(struct web *w, const char *action, const struct due_filter *f)
{
	out(w, "<form method=\"get\" action=\"%a\" class=\"filter\"><label>状态 <select name=\"light\">"
	       "<option value=\"\">全部</option>", action);
	for (int l = LIGHT_RED; l >= LIGHT_GREY; l--)
		out(w, "<option value=\"%a\"%s>%h</option>", light_key((enum light)l),
		    f->lights == 1 << l ? " selected" : "", light_label((enum light)l));
	out(w, "</select></label> <label>类别 <select name=\"kind\">"
	       "<option value=\"\">全部</option>"
	       "<option value=\"task\"%s>任务</option>"
	       "<option value=\"criterion\"%s>测评内容</option></select></label> "
	       "<button type=\"submit\">筛选</button></form>",
	    f->kind == DUE_TASK ? " selected" : "", f->kind == DUE_CRITERION ? " selected" : "");
}

/* The most units the heat map draws (a row each); more are in the table
 * and the CSV. */
#define DUE_CHART_UNITS 200

/* Every unit × criterion light of L as a heat map (the first
 * DUE_CHART_UNITS units): a column per criterion of the rubric, blank
 * where the unit does not answer for it. */
static void due_chart(struct web *w, const struct due_list *l)
{
	const struct rubric *r = w->c.rubric;
	int nrows = w->c.units.n < DUE_CHART_UNITS ? w->c.units.n : DUE_CHART_UNITS;
	char **cols = xcalloc((size_t)r->ncriteria + 1, sizeof *cols);
	for (int k = 0; k < r->ncriteria; k++)
		cols[k] = xasprintf("%d", r->criteria[k].no);
	char title[80];
	snprintf(title, sizeof title, "各单位测评内容红黄绿灯（截至 %s）", l->today);
	struct chart *ch = chart_heatmap(title, (const char *const *)w->c.units.names, nrows, (const char *const *)cols,
					 r->ncriteria);
	static const enum chart_cell_kind of_light[] = {
		[LIGHT_GREY] = CHART_DONE, [LIGHT_GREEN] = CHART_GREEN, [LIGHT_YELLOW] = CHART_YELLOW, [LIGHT_RED] = CHART_RED};
	for (int i = 0; i < l->n; i++) {
		const struct due_item *it = &l->items[i];
		int k = it->kind == DUE_CRITERION ? rubric_find(r, it->no) : -1;
		if (k >= 0 && it->unit < nrows)
			chart_set(ch, it->unit, k, of_light[it->light], 0);
	}
	html_chart(&w->res->body, ch, 720);
	if (w->c.units.n > nrows)
		out(w, "<p>图中只画前 %d 个单位，全部单位见上表和 CSV。</p>", nrows);
	chart_free(ch);
	for (int k = 0; k < r->ncriteria; k++)
		free(cols[k]);
	free(cols);
}

/* GET /due: every unit's lights, and the items matching the filter. */
int get_due(struct web *w)
{
	struct due_filter f;
	struct kp_error e = {0};
	if (!read_filter(w, &f))
		return 0;
	const struct due_list *l = web_due(w, -1, &e);
	if (!l)
		return web_fail(w, &e);
	page_begin(w, "截止提醒（红黄绿灯）");
	out(w, "<p>截至 %h · 材料截止 %h · 完成时限 %h · 截止前 %d 天内亮黄灯。"
	       "<span class=\"noprint\"> <a href=\"/due.csv\">导出全部 CSV</a> · <a href=\"/due.xlsx\">导出 Excel</a> · "
	       "<a href=\"/due.pdf\">导出 PDF</a> · <a href=\"/due/reminders\">打印各单位催办单</a> · "
	       "<a href=\"/due/reminders.pdf\">各单位催办单 PDF</a></span></p>",
	    l->today, w->c.material_deadline ? w->c.material_deadline : "-", w->c.deadline ? w->c.deadline : "-", l->window);
	const char *reminded = web_param(w->req->query, w->req->nquery, "reminded");
	if (reminded && *reminded)
		out(w, "<p class=\"ok\" id=\"reminded\">已向 %d 个有逾期事项的单位发出催办消息。</p>", atoi(reminded));
	if (w->who.role == ROLE_ADMIN) {
		out(w, "<form method=\"post\" action=\"/due/remind\" class=\"noprint\">");
		csrf_field(w);
		out(w, "<p><button type=\"submit\">一键催办</button> <small>向每个有逾期（红灯）事项的单位发出催办消息，并记入审计日志。</small></p></form>");
	}
	out(w, "<table><thead><tr><th rowspan=\"2\">单位</th><th colspan=\"4\">任务</th><th colspan=\"4\">测评内容</th><th rowspan=\"2\" class=\"noprint\">催办单</th></tr>"
	       "<tr><th>逾期</th><th>将到期</th><th>推进中</th><th>完成</th><th>逾期</th><th>将到期</th><th>推进中</th><th>完成</th></tr></thead><tbody>");
	for (int u = 0; u < w->c.units.n; u++) {
		struct strbuf link = {0};
		html_printf(&link, "/units/%lld/due", (long long)w->c.units.ids[u]);
		out(w, "<tr><td>%h</td>", w->c.units.names[u]);
		count_cells(w, l, u, DUE_TASK, sb_str(&link));
		count_cells(w, l, u, DUE_CRITERION, sb_str(&link));
		out(w, "<td class=\"noprint\"><a href=\"%a\">催办单</a></td></tr>\n", sb_str(&link));
		sb_free(&link);
	}
	out(w, "</tbody><tbody><tr><th>合计</th>");
	count_cells(w, l, -1, DUE_TASK, NULL);
	count_cells(w, l, -1, DUE_CRITERION, NULL);
	out(w, "<td class=\"noprint\"></td></tr></tbody></table>");
	due_chart(w, l);
	if (f.lights || f.kind >= 0) {
		out(w, "<h2>筛选结果</h2>");
		filter_form(w, "/due", &f);
		out(w, "<table><tr><th>单位</th><th>类别</th><th>编号</th><th>状态</th><th>截止</th><th>剩余天数</th><th>缺</th><th>内容</th></tr>");
		for (int i = 0; i < l->n; i++) {
			const struct due_item *it = &l->items[i];
			if (!due_shown(it, &f))
				continue;
			out(w, "<tr><td><a href=\"/units/%lld/due\">%h</a></td><td>%s</td><td class=\"n\">%d</td><td>",
			    (long long)w->c.units.ids[it->unit], w->c.units.names[it->unit],
			    it->kind == DUE_TASK ? "任务" : "测评内容", it->no);
			light_cell(w, it->light);
			out(w, "</td><td class=\"d\">%h</td><td class=\"n\">%d</td><td>%h</td><td class=\"t\">%h</td></tr>\n", it->due, it->days,
			    it->missing, it->title);
		}
		out(w, "</table>");
	} else {
		filter_form(w, "/due", &f);
	}
	page_end(w);
	return 0;
}

/* One unit's sheet: the items not done, what is due first first (due_order),
 * then the done ones; with forms to report a task done when WITH_FORMS. */
static void unit_sheet(struct web *w, const struct due_list *l, int u, const struct due_filter *f, bool with_forms)
{
	out(w, "<table class=\"due\"><tr><th>状态</th><th>类别</th><th>编号</th><th>内容</th><th>截止</th>"
	       "<th>剩余天数</th><th>还缺</th><th>完成情况</th></tr>");
	int *order = xmalloc(((size_t)l->n + 1) * sizeof *order);
	int n_order = due_order(l, u, order);
	for (int i = 0; i < n_order; i++) {
		{
			const struct due_item *it = &l->items[order[i]];
			if (!due_shown(it, f))
				continue;
			if (it->kind == DUE_TASK)
				out(w, "<tr id=\"u%lld-task-%lld\"><td>", (long long)w->c.units.ids[u], (long long)it->task_id);
			else
				out(w, "<tr><td>");
			light_cell(w, it->light);
			out(w, "</td><td>%s</td><td class=\"n\">", it->kind == DUE_TASK ? "任务" : "测评内容");
			if (it->kind == DUE_CRITERION)
				out(w, "<a href=\"/units/%lld/criteria/%d\">%d</a>", (long long)w->c.units.ids[u], it->no, it->no);
			else
				out(w, "%d", it->no);
			out(w, "</td><td class=\"t\">%h</td><td class=\"d\">%h</td><td class=\"n\">", it->title, it->due);
			if (it->light != LIGHT_GREY)
				out(w, "%d", it->days);
			out(w, "</td><td>%h</td><td>%h", it->missing, it->done_at);
			if (with_forms && it->kind == DUE_TASK) {
				out(w, "<form method=\"post\" action=\"/units/%lld/tasks/%lld/%s\">", (long long)w->c.units.ids[u],
				    (long long)it->task_id, it->light == LIGHT_GREY ? "undo" : "done");
				csrf_field(w);
				if (it->light != LIGHT_GREY)
					out(w, "<input name=\"note\" placeholder=\"完成情况说明\" maxlength=\"500\"> "
					       "<button type=\"submit\">报完成</button>");
				else
					out(w, "<button type=\"submit\">撤回</button>");
				out(w, "</form>");
			}
			out(w, "</td></tr>\n");
		}
	}
	free(order);
	out(w, "</table>");
}

static void sheet_head(struct web *w, const struct due_list *l, int u)
{
	int n[4];
	due_count(l, u, -1, n);
	out(w, "<p class=\"sheet\">%h<br>致：%h · 截至 %h：<span class=\"light l-red\">已逾期 %d 项</span>，"
	       "<span class=\"light l-yellow\">即将到期 %d 项</span>，按期推进 %d 项，已完成 %d 项。</p>",
	    w->c.title, w->c.units.names[u], l->today, n[LIGHT_RED], n[LIGHT_YELLOW], n[LIGHT_GREEN], n[LIGHT_GREY]);
}

/* GET /units/{u}/due: the unit's to-do list and reminder sheet (催办单). */
int get_unit_due(struct web *w)
{
	int u = web_unit(w, w->args[0]);
	struct due_filter f;
	struct kp_error e = {0};
	if (!read_filter(w, &f))
		return 0;
	const struct due_list *l = web_due(w, u, &e);
	if (!l)
		return web_fail(w, &e);
	char title[300];
	snprintf(title, sizeof title, "%s 待办与催办单", w->c.units.names[u]);
	page_begin(w, title);
	sheet_head(w, l, u);
	filter_form(w, "", &f);
	out(w, "<p class=\"noprint\"><a href=\"/units/%lld/due.csv\">导出 CSV</a> · <a href=\"/units/%lld/due.pdf\">催办单 PDF</a> · "
	       "<a href=\"/units/%lld/due.xlsx\">催办单 Excel</a> · <a href=\"/units/%lld\">测评表</a></p>",
	    (long long)w->args[0], (long long)w->args[0], (long long)w->args[0], (long long)w->args[0]);
	unit_sheet(w, l, u, &f, w->who.role == ROLE_ADMIN || w->who.role == ROLE_UNIT);
	out(w, "<p class=\"sign\">%h　%h</p>", w->c.office_name ? w->c.office_name : "", l->today);
	page_end(w);
	return 0;
}

/* GET /due/reminders: every unit with something outstanding, one per
 * printed page. */
int get_due_reminders(struct web *w)
{
	struct kp_error e = {0};
	struct due_filter f = {-1, -1, 1 << LIGHT_RED | 1 << LIGHT_YELLOW};
	const struct due_list *l = web_due(w, -1, &e);
	if (!l)
		return web_fail(w, &e);
	page_begin(w, "催办单");
	paper_links(w, "/due/reminders", NULL);
	int sheets = 0;
	for (int u = 0; u < w->c.units.n; u++) {
		int n[4];
		due_count(l, u, -1, n);
		if (!n[LIGHT_RED] && !n[LIGHT_YELLOW])
			continue;
		out(w, "<section class=\"page\"><h2>催办单</h2>");
		sheet_head(w, l, u);
		unit_sheet(w, l, u, &f, false);
		out(w, "<p class=\"sign\">%h　%h</p></section>", w->c.office_name ? w->c.office_name : "", l->today);
		sheets++;
	}
	if (!sheets)
		out(w, "<p>没有逾期或即将到期的事项。</p>");
	page_end(w);
	return 0;
}

/* The lights of unit U (-1: all) that the query's filter shows, as CSV
 * saved under FILE_NAME, or as JSON when FILE_NAME is NULL. */
static int due_export(struct web *w, int u, const char *file_name)
{
	struct due_filter f;
	struct kp_error e = {0};
	if (!read_filter(w, &f))
		return 0;
	const struct due_list *l = web_due(w, u, &e);
	if (!l)
		return web_fail(w, &e);
	struct capture cap;
	capture_open(&cap);
	due_print(&w->c, l, &f, file_name ? OUT_CSV : OUT_JSON, cap.f);
	if (file_name) {
		web_attachment(w, file_name);
		capture_answer(w, &cap, 0, &e);
		w->res->content_type = "text/csv; charset=utf-8";
		return 0;
	}
	return capture_answer(w, &cap, 0, &e);
}

int get_due_csv(struct web *w)
{
	return due_export(w, -1, "截止提醒.csv");
}

int get_unit_due_csv(struct web *w)
{
	char *name = xasprintf("%s催办单.csv", w->c.units.names[web_unit(w, w->args[0])]);
	int rc = due_export(w, web_unit(w, w->args[0]), name);
	free(name);
	return rc;
}

int api_due(struct web *w)
{
	return due_export(w, -1, NULL);
}

int api_unit_due(struct web *w)
{
	return due_export(w, web_unit(w, w->args[0]), NULL);
}

static int task_change(struct web *w, bool done)
{
	int u = web_unit(w, w->args[0]);
	struct kp_error e = {0};
	const char *note = web_form(w, "note");
	if (note && strlen(note) > 2000)
		return web_error(w, 400, "完成情况说明太长（最多 2000 字节）");
	if (due_task_mark_done(w->s, &w->c, u, w->args[1], done, note, w->who.display, &e))
		return web_fail(w, &e);
	struct strbuf loc = {0};
	html_printf(&loc, "/units/%lld/due", (long long)w->args[0]);
	web_redirect(w, sb_str(&loc));
	sb_free(&loc);
	return 0;
}

int post_task_done(struct web *w)
{
	return task_change(w, true);
}

int post_task_undo(struct web *w)
{
	return task_change(w, false);
}
