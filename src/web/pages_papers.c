/* pages_papers.c — the papers as downloads (导出 Excel / 导出 PDF): the
 * ranking, the district roll-up, the criteria analysis, a unit's 测评表, the
 * deadline lights, the 催办单, the 挂牌督办清单, a case's 督办通知书 and a
 * unit's ledger, each as .xlsx and .pdf, built by src/papers/ from the same
 * typed rows as the pages. A unit's clerk gets only what its own pages
 * show (the route table scopes the unit; scores from web_assessor_floor). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "papers/papers.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/web.h"

void paper_links(struct web *w, const char *base, const char *query)
{
	const char *q = query && *query ? query : "";
	out(w, "<p class=\"noprint export\"><a href=\"%a.xlsx%a\">导出 Excel</a> · <a href=\"%a.pdf%a\">导出 PDF</a></p>", base,
	    q, base, q);
}

/* Answers with D in F, saved as NAME + the format's suffix; frees D and O. */
static int send_paper(struct web *w, struct doc *d, enum paper_format f, const char *name, struct paper_office *o)
{
	char *buf = NULL;
	size_t len = 0;
	struct kp_error e = {0};
	FILE *mem = open_memstream(&buf, &len);
	if (!mem) {
		doc_free(d);
		return web_error(w, 500, "内存不足，无法生成文件");
	}
	int rc = papers_write(d, f, mem, &e);
	fclose(mem);
	doc_free(d);
	if (o)
		papers_office_free(o);
	if (rc) {
		free(buf);
		return web_fail(w, &e);
	}
	char *file = xasprintf("%s%s", name, papers_suffix(f));
	web_attachment(w, file);
	free(file);
	w->res->content_type = papers_mime(f);
	sb_add(&w->res->body, buf, len);
	free(buf);
	return 0;
}

static bool office(struct web *w, struct paper_office *o)
{
	struct kp_error e = {0};
	if (papers_office_load(w->s, &w->c, o, &e)) {
		web_fail(w, &e);
		return false;
	}
	return true;
}

static int paper_ranking(struct web *w, enum paper_format f)
{
	struct kp_error e = {0};
	bool final = web_param(w->req->query, w->req->nquery, "final") != NULL;
	struct report_options ro = {.kind = SCORE_ASSESSOR, .min_state = final ? SCORE_FINAL : SCORE_DRAFT};
	const struct unit_result *res = web_ranking(w, ro.min_state, &e);
	struct paper_office o;
	if (!res)
		return web_fail(w, &e);
	if (!office(w, &o))
		return 0;
	return send_paper(w, papers_ranking(&w->c, res, w->c.units.n, &ro, &o), f, "汇总排名", &o);
}

static int paper_district(struct web *w, enum paper_format f)
{
	struct kp_error e = {0};
	struct report_options ro = {.kind = SCORE_ASSESSOR};
	struct report_district d;
	struct paper_office o;
	if (report_district_load(w->s, &w->c, &ro, &d, &e))
		return web_fail(w, &e);
	if (!office(w, &o)) {
		report_district_free(&d);
		return 0;
	}
	struct doc *doc = papers_district(&w->c, &d, &ro, &o);
	report_district_free(&d);
	return send_paper(w, doc, f, "全区汇总", &o);
}

static int paper_criteria(struct web *w, enum paper_format f)
{
	struct kp_error e = {0};
	struct report_options ro = {.kind = SCORE_ASSESSOR, .by_percent = true};
	struct report_criteria rc;
	struct paper_office o;
	if (report_criteria_load(w->s, &w->c, &ro, &rc, &e))
		return web_fail(w, &e);
	if (!office(w, &o)) {
		report_criteria_free(&rc);
		return 0;
	}
	struct doc *doc = papers_criteria(&w->c, &rc, &ro, &o);
	report_criteria_free(&rc);
	return send_paper(w, doc, f, "测评内容得分情况", &o);
}

static int paper_sheet(struct web *w, enum paper_format f)
{
	int u = web_unit(w, w->args[0]);
	struct kp_error e = {0};
	/* a unit's clerk sees the assessor scores its setting allows, as on its page */
	struct report_options ro = {.kind = SCORE_ASSESSOR, .min_state = web_assessor_floor(w)};
	struct report_sheet sh;
	struct paper_office o;
	if (report_sheet_load(w->s, &w->c, u, &ro, &sh, &e))
		return web_fail(w, &e);
	if (!office(w, &o)) {
		report_sheet_free(&sh);
		return 0;
	}
	struct doc *doc = papers_unit_sheet(&w->c, &sh, &ro, &o);
	report_sheet_free(&sh);
	char *name = xasprintf("%s测评表", w->c.units.names[u]);
	int rc = send_paper(w, doc, f, name, &o);
	free(name);
	return rc;
}

/* The lights (every unit), or the 催办单 (REMINDERS: every unit's; U >= 0: that unit's). */
static int paper_due(struct web *w, enum paper_format f, int u, bool reminders)
{
	struct kp_error e = {0};
	const struct due_list *l = web_due(w, u, &e);
	struct paper_office o;
	if (!l)
		return web_fail(w, &e);
	if (!office(w, &o))
		return 0;
	struct due_filter filter = {u, -1, 0};
	if (!reminders)
		return send_paper(w, papers_due(&w->c, l, &filter, &o), f, "工作进度红黄绿灯", &o);
	char reply[11];
	date_add(l->today, 3, reply);
	char *name = u >= 0 ? xasprintf("%s催办单", w->c.units.names[u]) : xstrdup("催办单");
	int rc = send_paper(w, papers_reminders(&w->c, l, &filter, 1, reply, &o), f, name, &o);
	free(name);
	return rc;
}

static int paper_listing(struct web *w, enum paper_format f)
{
	bool all = web_param(w->req->query, w->req->nquery, "all") != NULL;
	struct case_filter cf = cases_listing_filter(all);
	struct case_record *r;
	int n;
	struct kp_error e = {0};
	struct paper_office o;
	if (cases_list(w->s, &w->c, &cf, &r, &n, &e))
		return web_fail(w, &e);
	if (!office(w, &o)) {
		cases_list_free(r, n);
		return 0;
	}
	struct doc *doc = papers_cases(&w->c, r, n, all, &o);
	cases_list_free(r, n);
	return send_paper(w, doc, f, all ? "督办事项清单" : "挂牌督办清单", &o);
}

static int paper_notice(struct web *w, enum paper_format f)
{
	struct case_record r;
	struct kp_error e = {0};
	struct paper_office o;
	if (cases_get(w->s, &w->c, w->args[0], &r, &e))
		return e.code == KP_EINPUT ? web_error(w, 404, "没有这个督办事项") : web_fail(w, &e);
	if (!office(w, &o)) {
		cases_record_free(&r);
		return 0;
	}
	struct doc *doc = papers_case_notice(&w->c, &r, &o);
	char *name = xasprintf("%s通知书（%s）", cases_level_label(r.level), r.unit >= 0 ? w->c.units.names[r.unit] : "");
	cases_record_free(&r);
	int rc = send_paper(w, doc, f, name, &o);
	free(name);
	return rc;
}

static int paper_ledger(struct web *w, enum paper_format f)
{
	int u = web_unit(w, w->args[0]);
	struct ledger_entry *entries = NULL;
	int n = 0;
	struct kp_error e = {0};
	struct paper_office o;
	if (ledger_load(w->s, &w->c, u, 0, &entries, &n, &e))
		return web_fail(w, &e);
	if (!office(w, &o)) {
		ledger_entries_free(entries, n);
		free(entries);
		return 0;
	}
	struct doc *doc = papers_ledger(&w->c, entries, n, u, &o);
	ledger_entries_free(entries, n);
	free(entries);
	char *name = xasprintf("%s工作台账", w->c.units.names[u]);
	int rc = send_paper(w, doc, f, name, &o);
	free(name);
	return rc;
}

/* The score sheet to fill in (score import reads it back): a unit's clerk
 * gets its self scores; an assessor the assessor scores; the office either
 * (?kind=self). Only blank points or the reader's own kind of score, so a
 * clerk never sees assessor scores here. */
int get_template_xlsx(struct web *w)
{
	int u = web_unit(w, w->args[0]);
	const char *kind = web_param(w->req->query, w->req->nquery, "kind");
	bool self = w->who.role == ROLE_UNIT || (w->who.role == ROLE_ADMIN && kind && !strcmp(kind, "self"));
	struct report_options ro = {.kind = self ? SCORE_SELF : SCORE_ASSESSOR};
	struct report_sheet sh;
	struct kp_error e = {0};
	if (report_sheet_load(w->s, &w->c, u, &ro, &sh, &e))
		return web_fail(w, &e);
	struct doc *doc = papers_score_template(&w->c, &sh, 1, self);
	report_sheet_free(&sh);
	char *name = xasprintf("%s%s填报表", w->c.units.names[u], self ? "自评" : "测评");
	int rc = send_paper(w, doc, PAPER_XLSX, name, NULL);
	free(name);
	return rc;
}

/* One handler per route and format. */
#define PAPER_ROUTES(name, call)                       \
	int get_##name##_xlsx(struct web *w)           \
	{                                              \
		enum paper_format f = PAPER_XLSX;      \
		return call;                           \
	}                                              \
	int get_##name##_pdf(struct web *w)            \
	{                                              \
		enum paper_format f = PAPER_PDF;       \
		return call;                           \
	}

PAPER_ROUTES(ranking_paper, paper_ranking(w, f))
PAPER_ROUTES(district_paper, paper_district(w, f))
PAPER_ROUTES(criteria_paper, paper_criteria(w, f))
PAPER_ROUTES(sheet_paper, paper_sheet(w, f))
PAPER_ROUTES(due_paper, paper_due(w, f, -1, false))
PAPER_ROUTES(reminders_paper, paper_due(w, f, -1, true))
PAPER_ROUTES(unit_reminders_paper, paper_due(w, f, web_unit(w, w->args[0]), true))
PAPER_ROUTES(listing_paper, paper_listing(w, f))
PAPER_ROUTES(notice_paper, paper_notice(w, f))
PAPER_ROUTES(ledger_paper, paper_ledger(w, f))
