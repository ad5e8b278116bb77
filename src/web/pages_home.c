/* pages_home.c — the dashboard each role lands on, the rubric, the leading
 * group and the programme tasks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "domain/due.h"
#include "io/chart.h"
#include "io/gz.h"
#include "web/html.h"
#include "domain/report.h"
#include "domain/scores.h"
#include "domain/evidence.h"
#include "domain/submissions.h"
#include "web/look.h"
#include "web/pages.h"
#include "web/web.h"

/* ---- dashboards ---- */

/* The district's progress as bars, from the rows the dashboard's table
 * shows: parts self-assessed, assessed and confirmed of the parts to
 * score, criteria with evidence filed, units whose assessment is complete. */
static void progress_chart(struct web *w, const struct unit_result *assessed, const struct unit_result *self,
			   const struct unit_result *final, const int *filed, const struct due_list *due)
{
	int slots = 0, nself = 0, nassessed = 0, nfinal = 0, nfiled = 0, complete = 0;
	for (int u = 0; u < w->c.units.n; u++) {
		slots += assessed[u].slots, nself += self[u].entries, nassessed += assessed[u].entries;
		nfinal += final[u].entries, nfiled += filed[u], complete += assessed[u].complete;
	}
	int criteria = due_count_kind(due, -1, DUE_CRITERION);
	const struct {
		const char *label;
		int done, of;
	} bars[] = {
		{"已自评", nself, slots},          {"已测评", nassessed, slots},
		{"已确认", nfinal, slots},         {"有佐证的测评内容", nfiled, criteria},
		{"完成测评的单位", complete, w->c.units.n},
	};
	struct chart *ch = chart_bars("测评进度", 1000);
	for (size_t i = 0; i < sizeof bars / sizeof *bars; i++) {
		int rate = score_percent(bars[i].done, bars[i].of);
		char note[80], pct[24];
		snprintf(note, sizeof note, "%d/%d（%s%%）", bars[i].done, bars[i].of, points_format1(rate, pct));
		chart_bar(ch, bars[i].label, rate, note);
	}
	html_chart(&w->res->body, ch, 720);
	chart_free(ch);
}

int get_dashboard(struct web *w)
{
	if (w->who.role == ROLE_AUDITOR)
		return web_redirect(w, "/audit");
	if (w->who.role == ROLE_UNIT) {
		int u = web_unit(w, w->who.unit_id);
		if (u < 0)
			return web_error(w, 403, "这个账号没有所属单位，请联系办公室");
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
		return web_fail(w, &e);
	o.kind = SCORE_SELF;
	report_results(w->s, &w->c, &o, &self, &e);
	o.kind = SCORE_ASSESSOR;
	o.min_state = SCORE_FINAL;
	report_results(w->s, &w->c, &o, &final, &e);
	const struct due_list *due = web_due(w, -1, &e);
	if (!due) {
		free(assessed), free(self), free(final);
		return web_fail(w, &e);
	}
	int *filed = xcalloc((size_t)w->c.units.n + 1, sizeof *filed);
	for (int i = 0; i < due->n; i++)
		filed[due->items[i].unit] += due->items[i].kind == DUE_CRITERION && due->items[i].evidence;
	page_begin(w, "各单位进度");
	out(w, "<p>材料截止 %h \xc2\xb7 完成时限 %h</p>", /* 材料截止 · 完成时限 */
	    w->c.material_deadline ? w->c.material_deadline : "-", w->c.deadline ? w->c.deadline : "-");
	progress_chart(w, assessed, self, final, filed, due);
	out(w, "<table><thead><tr><th>单位</th><th>应评</th><th>已自评</th>"
	       "<th>已测评</th><th>已确认</th><th>得分</th>"
	       "<th>满分</th><th>有佐证</th><th>逾期</th><th>将到期</th>%s</tr></thead><tbody>",
	    may_score(w) ? "<th class=\"noprint\">打分</th>" : ""); /* 单位 应评 已自评 已测评 已确认 得分 满分 */
	int tot[4] = {0, 0, 0, 0}, late[4] = {0, 0, 0, 0}, nfiled = 0;
	for (int u = 0; u < w->c.units.n; u++) {
		out(w, "<tr><td><a href=\"/units/%lld\">%h</a></td><td class=\"n\">%d</td><td class=\"n\">%d</td>"
		       "<td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">",
		    (long long)w->c.units.ids[u], w->c.units.names[u], assessed[u].slots, self[u].entries,
		    assessed[u].entries, final[u].entries);
		if (assessed[u].complete) /* drafts and half-scored sheets have no result */
			out(w, "%P", assessed[u].points);
		else if (assessed[u].entries)
			out(w, "未完成测评");
		else
			out(w, "-");
		int n[4];
		due_count(due, u, -1, n);
		out(w, "</td><td class=\"n\">%P</td><td class=\"n\">%d / %d</td>", assessed[u].max, filed[u],
		    due_count_kind(due, u, DUE_CRITERION));
		/* lights with their count: a dot and a number, grey when none */
		out(w, "<td class=\"n\"><a class=\"light l-%s\" href=\"/units/%lld/due?light=red\">%d</a></td>"
		       "<td class=\"n\"><a class=\"light l-%s\" href=\"/units/%lld/due?light=yellow\">%d</a></td>",
		    n[LIGHT_RED] ? "red" : "grey", (long long)w->c.units.ids[u], n[LIGHT_RED],
		    n[LIGHT_YELLOW] ? "yellow" : "grey", (long long)w->c.units.ids[u], n[LIGHT_YELLOW]);
		if (may_score(w)) /* the assessor's way to a unit's scoring grid */
			out(w, "<td class=\"noprint\"><a href=\"/units/%lld/scoring\">测评打分</a></td>", (long long)w->c.units.ids[u]);
		out(w, "</tr>\n");
		late[LIGHT_RED] += n[LIGHT_RED], late[LIGHT_YELLOW] += n[LIGHT_YELLOW], nfiled += filed[u];
		tot[0] += assessed[u].slots, tot[1] += self[u].entries, tot[2] += assessed[u].entries, tot[3] += final[u].entries;
	}
	out(w, "</tbody><tbody><tr><th>合计</th><td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%d</td>"
	       "<td class=\"n\">%d</td><td></td><td></td><td class=\"n\">%d / %d</td><td class=\"n\">%d</td>"
	       "<td class=\"n\">%d</td></tr></tbody></table>", tot[0], tot[1], tot[2], tot[3], nfiled,
	    due_count_kind(due, -1, DUE_CRITERION), late[LIGHT_RED], late[LIGHT_YELLOW]); /* 合计 */
	out(w, "<p class=\"noprint\"><a href=\"/due\">截止提醒（红黄绿灯）</a></p>");
	if (may_score(w))
		out(w, "<p class=\"noprint\"><a href=\"/scores/import\">上传填好的测评表</a>（Excel 或 CSV）</p>");
	if (w->who.role == ROLE_ADMIN) /* every unit's evidence and ledger files as one zip */
		out(w, "<p class=\"noprint\"><a href=\"/package\">下载迎检材料</a>（全部单位，zip）</p>");
	page_end(w);
	free(filed);
	free(assessed), free(self), free(final);
	return 0;
}

/* ---- rubric, group, tasks ---- */

int get_rubric(struct web *w)
{
	const struct rubric *r = w->c.rubric;
	page_begin(w, r->title);
	if (w->who.role == ROLE_ADMIN) /* the office replaces the rubric from the notice's annex 2 */
		out(w, "<p><a href=\"/rubric/import\">从通知文本导入测评表</a></p>");
	out(w, "<p>总分 %P</p><table><tr><th>测评项目</th>"
	       "<th>测评指标</th><th>测评内容</th>"
	       "<th>分值</th><th>测评方法</th>"
	       "<th>责任单位</th><th>完成时限</th></tr>",
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

int get_group(struct web *w)
{
	struct position *p;
	int n;
	struct kp_error e = {0};
	if (campaign_positions_load(w->s, &w->c, &p, &n, &e))
		return web_fail(w, &e);
	page_begin(w, w->c.group_name ? w->c.group_name : "领导小组");
	out(w, "<table><tr><th>职务</th><th>姓名</th><th>职位</th>"
	       "<th>任职起</th><th>历任</th></tr>"); /* 职务 姓名 职位 任职起 历任 */
	for (int i = 0; i < n; i++) {
		const struct holder *cur = p[i].nholders ? &p[i].holders[p[i].nholders - 1] : NULL;
		out(w, "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>", p[i].role, cur ? cur->name : "-", p[i].title,
		    cur && *cur->from ? cur->from : "-");
		for (int h = 0; h + 1 < p[i].nholders; h++)
			out(w, "%s%h (至 %h)", h ? "<br>" : "", p[i].holders[h].name, p[i].holders[h].to);
		out(w, "</td></tr>\n");
	}
	out(w, "</table>");
	page_end(w);
	campaign_positions_free(p, n);
	return 0;
}

int get_tasks(struct web *w)
{
	struct programme *p;
	int n;
	struct kp_error e = {0};
	if (campaign_programmes_load(w->s, &w->c, &p, &n, &e))
		return web_fail(w, &e);
	page_begin(w, "五大工程");
	for (int i = 0; i < n; i++) {
		out(w, "<h2>%h</h2><p>%h</p><p>责任单位：%h</p><ol>", p[i].name,
		    p[i].text, p[i].units_text); /* 责任单位： */
		for (int t = 0; t < p[i].ntasks; t++)
			out(w, "<li value=\"%d\"><b>%h</b>。%h</li>", p[i].tasks[t].no, p[i].tasks[t].title,
			    p[i].tasks[t].text);
		out(w, "</ol>");
	}
	page_end(w);
	campaign_programmes_free(p, n);
	return 0;
}

