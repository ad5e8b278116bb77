/* pages_ranking.c — the ranking (汇总排名) and the district roll-up. */
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
#include "papers/papers.h"
#include "web/pages.h"
#include "web/web.h"

/* ---- ranking and district ---- */

/* Rows of the ranking page; the API and CSV give them all. */
#define RANKING_PAGE 100

/* The ranking's rows FROM..TO as bars: each unit's score rate with its
 * grade, or why it has none (no bar then), over the rubric's grade bands. */
static void ranking_chart(struct web *w, const struct unit_result *res, int from, int to)
{
	const struct rubric *r = w->c.rubric;
	struct chart *ch = chart_bars("各单位得分率与等级", 1000);
	for (int g = r->ngrades - 1; g >= 0; g--) /* the rubric's grades are highest first */
		chart_band(ch, r->grades[g].min, r->grades[g].name);
	for (int i = from; i < to; i++) {
		const struct unit_result *u = &res[i];
		char note[128], pct[24];
		if (u->rank)
			snprintf(note, sizeof note, "%s%% %s%s", points_format1(u->percent, pct), u->grade,
				 u->vetoed ? "（一票否决）" : "");
		else if (u->entries)
			snprintf(note, sizeof note, "未完成测评 %d/%d", u->entries, u->slots);
		else
			snprintf(note, sizeof note, "未评");
		chart_bar(ch, w->c.units.names[u->unit], u->rank ? u->percent : 0, note);
	}
	html_chart(&w->res->body, ch, 720);
	chart_free(ch);
}

int get_ranking(struct web *w)
{
	struct kp_error e = {0};
	bool final = web_param(w->req->query, w->req->nquery, "final") != NULL;
	const struct unit_result *res = web_ranking(w, final ? SCORE_FINAL : SCORE_DRAFT, &e);
	if (!res)
		return web_fail(w, &e);
	int n = w->c.units.n, pages = (n + RANKING_PAGE - 1) / RANKING_PAGE, page = 1;
	const char *pg = web_param(w->req->query, w->req->nquery, "page");
	if (pg)
		page = atoi(pg);
	if (page < 1 || page > (pages ? pages : 1))
		return web_error(w, 404, "没有这一页");
	page_begin(w, "汇总排名");
	paper_links(w, "/ranking", final ? "?final=1" : NULL);
	if (w->c.previous_id)
		out(w, "<p class=\"noprint\"><a href=\"/compare\">与上年对比</a></p>");
	out(w, "<p>%s</p>", final ? "仅计已确认的分数<span class=\"noprint\"> <a href=\"/ranking\">全部</a></span>"
				  : "计已提交和已确认的分数，草稿不计<span class=\"noprint\"> <a href=\"/ranking?final=1\">仅已确认</a></span>");
	out(w, "<p>每一应评项都已评分并提交的单位才计等级、排名次；未完成测评的单位列在后面，不排名。</p>");
	int from = (page - 1) * RANKING_PAGE, to = from + RANKING_PAGE < n ? from + RANKING_PAGE : n;
	/* The first page's chart and rows, the ones most read, are kept
	 * rendered with the ranking they show (web_ranking drops them with it). */
	struct strbuf *chart = page == 1 ? &w->cache->ranking_chart[final] : NULL;
	if (chart && chart->len) {
		sb_add(&w->res->body, chart->s, chart->len);
	} else {
		size_t chart_start = w->res->body.len;
		ranking_chart(w, res, from, to);
		if (chart)
			sb_add(chart, w->res->body.s + chart_start, w->res->body.len - chart_start);
	}
	out(w, "<table><thead><tr><th>名次</th><th>单位</th><th>得分</th>"
	       "<th>满分</th><th>得分率</th><th>等级</th>"
	       "<th>已评/应评</th></tr></thead><tbody>"); /* 名次 单位 得分 满分 得分率 等级 已评/应评 */
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
			    r->max, points_format1(r->percent, pct), r->grade, r->vetoed ? " (一票否决)" : "");
		else if (r->entries) /* begun, not complete: no grade, no rank */
			out(w, "<td>-</td><td class=\"n\">%P</td><td>-</td><td>未完成测评 %d/%d%s</td>", r->max,
			    r->entries, r->slots, r->drafts ? "（含草稿）" : "");
		else
			out(w, "<td>-</td><td class=\"n\">%P</td><td>-</td><td>未评</td>", r->max);
		out(w, "<td class=\"n\">%d/%d</td></tr>\n", r->entries, r->slots);
	}
	if (rows && !rows->len)
		sb_add(rows, w->res->body.s + rows_start, w->res->body.len - rows_start);
	out(w, "</tbody></table>");
	if (pages > 1) {
		out(w, "<p class=\"pages noprint\">第 %d / %d 页 ", page, pages); /* 第 N / M 页 */
		if (page > 1)
			out(w, "<a href=\"/ranking?page=%d%s\">上一页</a> ", page - 1, final ? "&amp;final=1" : "");
		if (page < pages)
			out(w, "<a href=\"/ranking?page=%d%s\">下一页</a>", page + 1, final ? "&amp;final=1" : "");
		out(w, "</p>");
	}
	page_end(w);
	return 0;
}

int get_district(struct web *w)
{
	struct report_options o = {.format = OUT_JSON, .kind = SCORE_ASSESSOR};
	struct report_district d;
	struct kp_error e = {0};
	if (report_district_load(w->s, &w->c, &o, &d, &e))
		return web_fail(w, &e);
	const struct rubric *r = w->c.rubric;
	page_begin(w, "全区汇总");
	paper_links(w, "/district", NULL);
	out(w, "<p>合计 %P / %P \xc2\xb7 ", d.total, d.maximum);
	if (d.grade)
		out(w, "%h</p>", d.grade);
	else /* not every responsible unit scored and submitted: no grade */
		out(w, "未完成测评 %d/%d</p>", d.scored, d.of);
	out(w, "<table><thead><tr><th>测评指标</th>"
	       "<th>序号</th><th>分值</th><th>平均得分</th>"
	       "<th>已评单位/责任单位</th></tr></thead><tbody>"); /* 测评指标 序号 分值 平均得分 已评单位/责任单位 */
	for (int k = 0; k < d.n; k++) {
		const struct rubric_criterion *cr = &r->criteria[k];
		const struct criterion_stat *st = &d.stats[k];
		out(w, "<tr><td>%h</td><td class=\"n\">%d</td><td class=\"n\">%P</td><td class=\"n\">%P</td>"
		       "<td class=\"n\">%d/%d</td></tr>\n",
		    r->indicators[cr->indicator].name, cr->no, cr->points, st->mean, st->scored, st->responsible);
	}
	out(w, "</tbody></table>");
	/* each unit's score rate of each criterion, for a district's units (a
	 * province's are read in the tables and the workbook) */
	struct report_criteria rc;
	struct report_options ro = {.kind = SCORE_ASSESSOR};
	if (!report_criteria_load(w->s, &w->c, &ro, &rc, &e)) {
		struct chart *heat = papers_rate_heatmap(&w->c, &rc, 200);
		if (heat) {
			out(w, "<h2>各单位各测评内容得分率</h2>");
			html_chart(&w->res->body, heat, 720);
			chart_free(heat);
		}
		report_criteria_free(&rc);
	}
	page_end(w);
	report_district_free(&d);
	return 0;
}

