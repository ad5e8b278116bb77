/* papers.h — the papers that leave the office, built from the domain's typed
 * rows into the paper model (io/doc.h) and written as XLSX or PDF: a unit's
 * 测评表, the 汇总排名, the 全区汇总, the criteria analysis, the deadline
 * lights, the 催办单 of each unit, the 挂牌督办清单 and 挂牌督办通知书, a
 * unit's ledger.
 *
 * Each builder returns a new doc (doc_free it) and never fails: the rows
 * were loaded by the caller, who also loads the office's heading with
 * papers_office_load. The words are the papers' own (Chinese); nothing here
 * prints or reads the store but papers_office_load. */
#ifndef KAOPING_PAPERS_H
#define KAOPING_PAPERS_H
#include <stdio.h>

#include "domain/campaign.h"
#include "domain/cases.h"
#include "domain/due.h"
#include "domain/ledger.h"
#include "domain/report.h"
#include "io/doc.h"

enum paper_format { PAPER_XLSX, PAPER_PDF };

/* Parses "xlsx" or "pdf"; returns 0 or -1. */
int papers_format_parse(const char *s, enum paper_format *f);
/* The file suffix (".xlsx") and the MIME type of F. */
const char *papers_suffix(enum paper_format f);
const char *papers_mime(enum paper_format f);

/* Who issues the papers, from the campaign and its settings. */
struct paper_office {
	char *office;           /* 发文机关: paper_office, else the group's name + 办公室 */
	char *contact, *phone;  /* paper_contact, paper_phone */
	char *number_reminder;  /* 文号 patterns: {年} and {号} */
	char *number_case;
	char *today;            /* YYYY-MM-DD in the campaign's zone */
};
int papers_office_load(store *s, const struct campaign *c, struct paper_office *o, struct kp_error *e);
void papers_office_free(struct paper_office *o);

/* PATTERN with {年} replaced by YEAR and {号} by NO (caller frees). */
char *papers_number(const char *pattern, int year, long long no);
/* 2024年7月29日 for "2024-07-29" into BUF (at least 32 bytes); "" when DAY is not a date. */
const char *papers_date_cn(const char *day, char *buf, size_t size);

/* Writes D in F to OUT. */
int papers_write(const struct doc *d, enum paper_format f, FILE *out, struct kp_error *e);

/* A unit's 测评表: grouped 测评项目 → 测评指标 → criterion, with the self and
 * assessor scores, the totals and the grade, and the signature block. */
struct doc *papers_unit_sheet(const struct campaign *c, const struct report_sheet *sh, const struct report_options *ro,
			      const struct paper_office *o);
/* The score sheet a unit (SELF) or an assessor fills in and `score
 * import` reads back: one row per applicable criterion or part of each of
 * the N SHEETS, with the current score and comment, and blank points where
 * none is given yet (import skips them). */
struct doc *papers_score_template(const struct campaign *c, const struct report_sheet *sheets, int n, bool self);
/* The 汇总排名 of the N results at RES (ranked), with the ranking chart. */
struct doc *papers_ranking(const struct campaign *c, const struct unit_result *res, int n,
			   const struct report_options *ro, const struct paper_office *o);
/* The 全区汇总. */
struct doc *papers_district(const struct campaign *c, const struct report_district *d, const struct report_options *ro,
			    const struct paper_office *o);
/* The criteria analysis (测评内容得分情况), with the score-rate chart. */
struct doc *papers_criteria(const struct campaign *c, const struct report_criteria *rc,
			    const struct report_options *ro, const struct paper_office *o);
/* The units × criteria heat map of score rates from RC (counted points
 * over the criterion's points; blank where not scored or not the unit's),
 * or NULL when there are more than MAX_UNITS units (a province's is read
 * in the tables). The caller owns it (chart_free, or doc_chart). */
struct chart *papers_rate_heatmap(const struct campaign *c, const struct report_criteria *rc, int max_units);
/* The deadline lights: every item F shows as a list, and the unit × task /
 * criterion grid with red, yellow and green cells. */
struct doc *papers_due(const struct campaign *c, const struct due_list *l, const struct due_filter *f,
		       const struct paper_office *o);
/* The 催办单: one paper per unit with anything F shows still open (unit
 * -1: every unit), numbered from FIRST_NO, replies due REPLY_BY. */
struct doc *papers_reminders(const struct campaign *c, const struct due_list *l, const struct due_filter *f,
			     int first_no, const char *reply_by, const struct paper_office *o);
/* The 挂牌督办清单 of the N cases at R (ALL: every case not closed). */
struct doc *papers_cases(const struct campaign *c, const struct case_record *r, int n, bool all,
			 const struct paper_office *o);
/* The 挂牌督办通知书 of case R. */
struct doc *papers_case_notice(const struct campaign *c, const struct case_record *r, const struct paper_office *o);
/* A unit's (or every unit's: UNIT -1) ledger (台账). */
struct doc *papers_ledger(const struct campaign *c, const struct ledger_entry *entries, int n, int unit,
			  const struct paper_office *o);
#endif
