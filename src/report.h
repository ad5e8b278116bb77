/* report.h — the reports that decide the verdict: a unit's score sheet
 * (测评表), the ranking (汇总排名), criteria across units, and the district
 * roll-up; each as text, JSON or CSV. */
#ifndef KAOPING_REPORT_H
#define KAOPING_REPORT_H
#include <stdio.h>

#include "campaign.h"
#include "out.h"
#include "score.h"

/* Which scores a report counts. */
struct report_options {
	enum out_format format;
	int kind;        /* SCORE_ASSESSOR (default) or SCORE_SELF */
	int min_state;   /* SCORE_DRAFT counts everything, SCORE_SUBMITTED submitted and final, SCORE_FINAL only final scores */
	bool by_percent; /* criteria: weakest first */
};

int report_unit(store *s, const struct campaign *c, int u, const struct report_options *o, FILE *out,
		struct kp_error *e);
int report_ranking(store *s, const struct campaign *c, const struct report_options *o, FILE *out,
		   struct kp_error *e);
int report_criteria(store *s, const struct campaign *c, const struct report_options *o, FILE *out,
		    struct kp_error *e);
int report_district(store *s, const struct campaign *c, const struct report_options *o, FILE *out,
		    struct kp_error *e);

/* Prints the N results at RES (ranked by score_rank) as the ranking. */
void report_ranking_print(const struct campaign *c, const struct unit_result *res, int n, const struct report_options *o,
			  FILE *out);

/* Computes every unit's result (unsorted, indexed by unit) for O's kind and
 * state; the caller frees *OUT. */
int report_results(store *s, const struct campaign *c, const struct report_options *o, struct unit_result **out,
		   struct kp_error *e);
#endif
