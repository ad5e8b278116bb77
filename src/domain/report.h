/* report.h — the reports that decide the verdict: a unit's score sheet
 * (测评表), the ranking (汇总排名), criteria across units, and the district
 * roll-up; each as text, JSON or CSV. */
#ifndef KAOPING_REPORT_H
#define KAOPING_REPORT_H
#include <stdio.h>

#include "domain/campaign.h"
#include "io/table.h"
#include "core/score.h"

/* Which scores a report counts. */
struct report_options {
	enum out_format format;
	int kind;        /* SCORE_ASSESSOR (default) or SCORE_SELF */
	int min_state;   /* SCORE_DRAFT shows every assessor score and counts
			  * the submitted and final ones; SCORE_SUBMITTED shows and counts
			  * submitted and final; SCORE_FINAL shows and counts only final
			  * scores (report_counted_state) */
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

/* The district roll-up (全区汇总) as typed rows: each criterion's
 * statistics across its responsible units (counted scores only), and the
 * totals. Owned by the caller: free with report_district_free. */
struct report_district {
	int total, maximum;           /* points in tenths: sum of the criteria's means, and of their maxima */
	int percent;                  /* total / maximum in tenths of a percent */
	const char *grade;            /* the rubric's grade when complete, else NULL (borrowed) */
	bool complete;                /* every responsible unit has every scored criterion counted */
	int scored, of;               /* the (unit, criterion) pairs counted, and those there are */
	struct criterion_stat *stats; /* one per rubric criterion, in rubric order */
	int n;
};
int report_district_load(store *s, const struct campaign *c, const struct report_options *o,
			 struct report_district *d, struct kp_error *e);
void report_district_free(struct report_district *d);

/* Criteria across units (测评内容得分情况) as typed rows: each criterion's
 * statistics (counted scores only), in rubric order, and the order to show
 * them in (weakest first under o->by_percent). Free with
 * report_criteria_free. */
struct report_criteria {
	struct criterion_stat *stats; /* n, by rubric index */
	int *order;                   /* n rubric indexes, in the order shown */
	int n;
	/* each unit's counted points of each criterion: points[u * n + k],
	 * tenths, -1 where the unit has no complete counted score (or does not
	 * answer for it: rubric_applies) */
	int *points;
	int nunits;
};
int report_criteria_load(store *s, const struct campaign *c, const struct report_options *o,
			 struct report_criteria *out, struct kp_error *e);
void report_criteria_free(struct report_criteria *rc);

/* A unit's score sheet (测评表) as typed rows: one row per applicable
 * criterion, or per part of a criterion in parts, in rubric order, with
 * the scores O shows (assessor scores below o->min_state are left out) and
 * the totals from those that count. Owned by the caller: free with
 * report_sheet_free. */
struct sheet_row {
	int criterion;       /* index into the rubric's criteria */
	int no, part;        /* the criterion's number; the part (0: the whole criterion) */
	const char *text;    /* the criterion's or part's text (borrowed from the rubric) */
	int max;             /* points in tenths */
	bool has_self, has_assessor;
	int self, assessor;  /* points in tenths, when has_ */
	int state;           /* the assessor score's SCORE_* state, when has_assessor */
	bool draft;          /* an assessor draft: shown, not counted */
	bool veto, vetoed;   /* a 一票否决 criterion, and the assessor found it triggered */
	bool lead;           /* the unit leads (牵头) the criterion */
	char *by, *comment;  /* the assessor's name and comment ("" when none) */
};
struct report_sheet {
	int unit;                    /* index into the campaign's units */
	int total, maximum;          /* counted assessor points and the applicable maximum, tenths */
	int self_total;              /* the self-assessment's points, tenths */
	int percent;                 /* total / maximum, tenths of a percent */
	bool complete, vetoed;       /* every slot counted; a veto triggered */
	int scored, of, drafts;      /* slots with an assessor score, slots, of them drafts */
	const char *grade;           /* when complete (borrowed), else NULL */
	struct sheet_row *rows;
	int n;
};
int report_sheet_load(store *s, const struct campaign *c, int u, const struct report_options *o,
		      struct report_sheet *sh, struct kp_error *e);
void report_sheet_free(struct report_sheet *sh);

/* Prints the N results at RES (ranked by score_rank) as the ranking. */
void report_ranking_print(const struct campaign *c, const struct unit_result *res, int n, const struct report_options *o,
			  FILE *out);

/* The lowest score state that counts toward a result under O: drafts
 * never do. Assessor scores count once submitted (SCORE_SUBMITTED), or
 * only when final under min_state SCORE_FINAL; a self-assessment's scores
 * all count (self scores have no state of their own: SCORE_DRAFT). */
int report_counted_state(const struct report_options *o);

/* Computes every unit's result (unsorted, indexed by unit) for O's kind and
 * state: ENTRIES the applicable parts with a score of min_state or later,
 * DRAFTS those of them still drafts (not counted), POINTS and VETOED from
 * the counted ones, COMPLETE by score_complete; the caller frees *OUT. */
int report_results(store *s, const struct campaign *c, const struct report_options *o, struct unit_result **out,
		   struct kp_error *e);
#endif
