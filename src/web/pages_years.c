/* pages_years.c — this year's ranking beside last year's. */
#include <stdlib.h>
#include <string.h>

#include "web/html.h"
#include "web/pages.h"
#include "domain/years.h"

/* A percentage in tenths (with a + for a rise when SIGN), or - when
 * there is none. */
static void percent_cell(struct web *w, bool has, int tenths, bool sign)
{
	if (!has) {
		out(w, "<td class=\"n\">-</td>");
		return;
	}
	out(w, "<td class=\"n\">%s%s%P%%</td>", sign && tenths > 0 ? "+" : "", tenths < 0 ? "-" : "",
	    tenths < 0 ? -tenths : tenths);
}

/* GET /compare */
int get_compare(struct web *w)
{
	struct report_options o = {.format = OUT_JSON, .kind = SCORE_ASSESSOR};
	struct years_comparison y;
	struct kp_error e = {0};
	int rc = years_comparison_load(w->s, &w->c, &o, &y, &e);
	page_begin(w, "与上年对比");
	if (rc) {
		if (e.code == KP_EINPUT)
			out(w, "<p>本年度活动不是由上年复制而来，没有可对比的上年结果。</p>");
		else
			web_say_here(w, &e);
		page_end(w);
		return 0;
	}
	out(w, "<table><tr><th>排名</th><th>单位</th><th>得分率</th><th>等次</th><th>上年排名</th><th>上年得分率</th>"
	       "<th>上年等次</th><th>变化</th></tr>");
	for (int i = 0; i < y.n; i++) {
		const struct years_compare_row *r = &y.rows[i];
		out(w, "<tr><td class=\"n\">");
		if (r->ranked)
			out(w, "%d", r->rank);
		out(w, "</td><td>%h</td>", w->c.units.names[r->unit]);
		percent_cell(w, r->ranked, r->percent, false);
		out(w, "<td>%h</td><td class=\"n\">", r->ranked ? r->grade : "");
		if (r->was)
			out(w, "%d", r->last_rank);
		out(w, "</td>");
		percent_cell(w, r->was, r->last_percent, false);
		out(w, "<td>%h</td>", r->was ? r->last_grade : "");
		percent_cell(w, r->ranked && r->was, r->change, true);
		out(w, "</tr>\n");
	}
	out(w, "</table>");
	years_comparison_free(&y);
	page_end(w);
	return 0;
}
