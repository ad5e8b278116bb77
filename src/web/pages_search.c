/* pages_search.c — GET /search?q=: what the header's search box finds,
 * grouped by kind (单位, 测评内容, 台账, 佐证材料, 台账附件, 督办整改),
 * each hit a link to its page; a unit's clerk finds only its own unit's. */
#include <string.h>

#include "domain/cases.h"
#include "domain/search.h"
#include "web/look.h"
#include "web/pages.h"
#include "web/web.h"

/* The heading of each kind of hit. */
static const char *const kind_label[SEARCH_KINDS] = {
	[SEARCH_UNIT] = "单位",         [SEARCH_CRITERION] = "测评内容", [SEARCH_LEDGER] = "台账",
	[SEARCH_EVIDENCE] = "佐证材料", [SEARCH_LEDGER_FILE] = "台账附件", [SEARCH_CASE] = "督办整改",
};

/* Prints hit H as a list item with a link to its page. */
static void hit_item(struct web *w, const struct search_hit *h)
{
	long long uid = h->unit >= 0 ? (long long)w->c.units.ids[h->unit] : 0;
	const char *unit = h->unit >= 0 ? w->c.units.names[h->unit] : "";
	out(w, "<li>");
	switch (h->kind) {
	case SEARCH_UNIT:
		out(w, "<a href=\"/units/%lld\">%h</a>", uid, unit);
		break;
	case SEARCH_CRITERION:
		if (h->unit >= 0)
			out(w, "<a href=\"/units/%lld/criteria/%d\">第 %d 项</a> %h", uid, h->no, h->no, h->text);
		else
			out(w, "<a href=\"/rubric\">第 %d 项</a> %h", h->no, h->text);
		break;
	case SEARCH_LEDGER:
		out(w, "<a href=\"/units/%lld/ledger/%lld\">%h</a> <span class=\"nowrap\">%h</span> · %h", uid,
		    (long long)h->id, h->text, h->day, unit);
		break;
	case SEARCH_EVIDENCE:
		out(w, "<a href=\"/units/%lld/criteria/%d\">%h</a> · %h · 第 %d 项", uid, h->no, h->text, unit, h->no);
		break;
	case SEARCH_LEDGER_FILE:
		out(w, "<a href=\"/units/%lld/ledger/%lld\">%h</a> · %h", uid, (long long)h->parent, h->text, unit);
		break;
	case SEARCH_CASE:
		if (w->who.role == ROLE_UNIT)
			out(w, "<a href=\"/units/%lld/cases\">督办 %lld 号</a> ", uid, (long long)h->id);
		else
			out(w, "<a href=\"/cases/%lld\">督办 %lld 号</a> ", (long long)h->id, (long long)h->id);
		badge(w, cases_state_label(h->state));
		out(w, " %h · %h", unit, h->text);
		break;
	case SEARCH_KINDS:
		break;
	}
	out(w, "</li>\n");
}

int get_search(struct web *w)
{
	const char *q = web_param(w->req->query, w->req->nquery, "q");
	int only = w->who.role == ROLE_UNIT ? web_unit(w, w->who.unit_id) : -1;
	if (w->who.role == ROLE_UNIT && only < 0)
		return web_error(w, 403, "账号未关联单位");
	struct search_results r;
	struct kp_error e = {0};
	if (search_run(w->s, &w->c, q, only, &r, &e))
		return web_error(w, 500, e.msg);
	page_begin(w, "搜索");
	out(w, "<form method=\"get\" action=\"/search\"><input type=\"search\" name=\"q\" value=\"%a\" "
	       "placeholder=\"单位、测评内容序号或文字、台账、文件名、督办事由\" aria-label=\"搜索\"> "
	       "<button type=\"submit\">搜索</button></form>",
	    q ? q : "");
	if (!q || !*q) {
		out(w, "<p class=\"hint\">输入单位名称（或简称）、测评内容的序号或文字、台账名称、文件名或督办事由。</p>");
	} else if (!r.n) {
		out(w, "<p>没有找到与“%h”相关的内容。</p>", q);
	} else {
		out(w, "<div class=\"results\">");
		for (int k = 0; k < SEARCH_KINDS; k++) {
			int n = 0;
			for (int i = 0; i < r.n; i++)
				n += r.hit[i].kind == (enum search_kind)k;
			if (!n)
				continue;
			out(w, "<h2>%h <small>%d 项%s</small></h2><ul>", kind_label[k], n, r.more[k] ? "，仅显示前 20 项" : "");
			for (int i = 0; i < r.n; i++)
				if (r.hit[i].kind == (enum search_kind)k)
					hit_item(w, &r.hit[i]);
			out(w, "</ul>");
		}
		out(w, "</div>");
	}
	search_results_free(&r);
	page_end(w);
	return 0;
}
