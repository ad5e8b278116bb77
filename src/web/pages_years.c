/* pages_years.c — this year's ranking beside last year's. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "web/html.h"
#include "web/pages.h"
#include "domain/years.h"

static void percent_cell(struct web *w, json_t *v, bool sign)
{
	if (!json_is_number(v)) {
		out(w, "<td class=\"n\">-</td>");
		return;
	}
	int tenths = (int)(json_number_value(v) * 10 + (json_number_value(v) < 0 ? -0.5 : 0.5));
	out(w, "<td class=\"n\">%s%s%P%%</td>", sign && tenths > 0 ? "+" : "", tenths < 0 ? "-" : "",
	    tenths < 0 ? -tenths : tenths);
}

/* GET /compare */
int get_compare(struct web *w)
{
	struct report_options o = {.format = OUT_JSON, .kind = SCORE_ASSESSOR};
	struct capture cap;
	struct kp_error e = {0};
	capture_open(&cap);
	int rc = years_compare(w->s, &w->c, &o, cap.f, &e);
	fclose(cap.f);
	json_t *rows = rc ? NULL : json_loadb(cap.buf, cap.len, 0, NULL);
	free(cap.buf);
	page_begin(w, "与上年对比");
	if (rc || !rows) {
		out(w, "<p>%h</p>", e.code == KP_EINPUT ? "本年度活动不是由上年复制而来，没有可对比的上年结果。" : e.msg);
		page_end(w);
		return 0;
	}
	out(w, "<table><tr><th>排名</th><th>单位</th><th>得分率</th><th>等次</th><th>上年排名</th><th>上年得分率</th>"
	       "<th>上年等次</th><th>变化</th></tr>");
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		json_t *rank = json_object_get(r, "rank"), *last = json_object_get(r, "last_rank");
		out(w, "<tr><td class=\"n\">");
		if (json_is_integer(rank))
			out(w, "%lld", (long long)json_integer_value(rank));
		out(w, "</td><td>%h</td>", json_string_value(json_object_get(r, "unit")));
		percent_cell(w, json_object_get(r, "percent"), false);
		out(w, "<td>%h</td><td class=\"n\">", json_string_value(json_object_get(r, "grade")));
		if (json_is_integer(last))
			out(w, "%lld", (long long)json_integer_value(last));
		out(w, "</td>");
		percent_cell(w, json_object_get(r, "last_percent"), false);
		out(w, "<td>%h</td>", json_string_value(json_object_get(r, "last_grade")));
		percent_cell(w, json_object_get(r, "change"), true);
		out(w, "</tr>\n");
	}
	out(w, "</table>");
	json_decref(rows);
	page_end(w);
	return 0;
}
