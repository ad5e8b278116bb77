/* score.h — the scoring engine: checks a score against the rubric, turns
 * deductions and awards into points, and computes each unit's result as
 * points / applicable maximum, ranks, grades and the district roll-up.
 * Pure: no I/O; all points are integers in tenths. */
#ifndef KAOPING_SCORE_H
#define KAOPING_SCORE_H
#include <stdbool.h>

#include "core/rubric.h"

enum score_kind { SCORE_SELF = 0, SCORE_ASSESSOR = 1 };      /* 自评 / 测评 */
enum score_state { SCORE_DRAFT = 0, SCORE_SUBMITTED = 1, SCORE_FINAL = 2 };

/* "draft", "submitted", "final" (JSON and the audit log). */
const char *score_state_name(int state);
/* 草稿, 已提交, 已确认 (text and CSV for people). */
const char *score_state_label(int state);

/* Why a score is refused. score_fault finds the rubric's faults; the others
 * come from the store (scores_apply). Each interface words them its own way. */
enum score_problem {
	SCORE_E_NONE = 0,
	SCORE_E_NOT_APPLICABLE, /* the unit is not responsible for the criterion */
	SCORE_E_NEEDS_PART,     /* a whole-criterion score where parts are required */
	SCORE_E_NO_SUCH_PART,   /* a part the criterion does not have */
	SCORE_E_VETO_POINTS,    /* points on a veto criterion (一票否决) */
	SCORE_E_OUT_OF_RANGE,   /* points below the floor or above the maximum */
	SCORE_E_NOT_VETO,       /* a veto triggered on a criterion that is not one */
	SCORE_E_BAD_UNIT,       /* no such unit */
	SCORE_E_BAD_CRITERION,  /* no such criterion */
	SCORE_E_BAD_KIND,       /* neither self nor assessor */
	SCORE_E_NO_SCORER,      /* nobody said who scored */
	SCORE_E_FROZEN,         /* a self score of a unit whose self-assessment is submitted */
	SCORE_E_RECUSED,        /* an assessor score for the scorer's own home unit (回避) */
	SCORE_E_FINAL,        /* a final score changed without a correction reason */
	SCORE_E_NOT_FINAL,      /* a correction reason for a score that is not final */
	SCORE_E_DUPLICATE,      /* the same score twice in one batch */
	SCORE_E_BAD_POINTS,     /* points that are not a number with at most one decimal */
	SCORE_E_BAD_VETO,       /* a veto criterion answered other than 是 or 否 */
	SCORE_E_ALL_UNITS,      /* a sheet's unit names every unit (区政府机关各单位) */
	SCORE_E_OTHER_KIND,     /* a sheet's row of a kind its importer may not record */
	SCORE_E_OTHER_SCORER,   /* a sheet's row naming a scorer other than its importer */
};

/* The rubric's verdict on POINTS (tenths) for UNIT on criterion index C,
 * part PART: SCORE_E_NONE or one of the first five problems above. *LO and *HI
 * (may be NULL) receive the allowed range in tenths. */
int score_fault(const struct rubric *r, int c, int part, int unit, int points, int *lo, int *hi);

/* Checks that POINTS (tenths) may be recorded for UNIT on criterion index C,
 * part PART (0 = whole criterion). Refuses a criterion the unit is not
 * responsible for, a missing part, a whole-criterion score where parts are
 * required, and points above the maximum. UNIT_NAME is used in messages. */
int score_check(const struct rubric *r, int c, int part, int unit, const char *unit_name, int points,
		struct kp_error *e);

/* Points after deductions (每缺一项扣N分 / 扣N-M分): AMOUNTS are the N
 * deductions made, in tenths, each within the rule's range; the result never
 * goes below the floor (扣完为止). */
int score_from_deductions(const struct rubric_criterion *c, const int *amounts, int n, int *points,
			  struct kp_error *e);
/* Points from TIMES occurrences of an award rule (每项得N分，最高计M分). */
int score_from_awards(const struct rubric_criterion *c, int times, int *points, struct kp_error *e);

/* For every unit (0 .. NUNITS-1): MAX[u] = points of the scored criteria it
 * is responsible for; SLOTS[u] = how many score entries make it complete
 * (a criterion with parts needs one per part, a bonus criterion one too,
 * as the self-assessment's submission asks; a veto criterion none: left
 * unscored it is not triggered). Either array may be NULL. */
void score_unit_max(const struct rubric *r, int nunits, int *max, int *slots);

/* POINTS / MAX in tenths of a percent, rounded half up; 0 when MAX is 0. */
int score_percent(int points, int max);

/* A unit's result. Drafts never pass for results: POINTS and VETOED come
 * only from the scores in a state the report counts, and a unit is graded
 * and ranked only when COMPLETE. */
struct unit_result {
	int unit;
	int points;  /* tenths, bonus included, of the counted scores */
	int max;     /* applicable maximum, tenths */
	int percent; /* tenths of a percent */
	int entries, slots; /* applicable parts scored (shown) / applicable parts */
	int drafts;  /* of ENTRIES, parts whose score is a draft: shown, not counted */
	bool complete; /* every applicable part scored and counted (score_complete) */
	bool vetoed; /* a veto criterion was triggered */
	int rank;    /* 1-based among complete units; equal results share a
		      * rank; 0 = not ranked (incomplete or not assessed) */
	const char *grade; /* from the rubric's bands; the lowest when vetoed;
			    * NULL when the unit's assessment is not complete */
};

/* Whether a result is complete (未完成测评 otherwise): the unit answers for
 * at least one part, and every one of its SLOTS applicable parts has a
 * score (ENTRIES) in a state the report counts (no DRAFTS). */
bool score_complete(int entries, int drafts, int slots);

/* Fills percent and grade, then sorts RES by result (complete units first,
 * vetoed ones after the others, then percent and points descending; then
 * the incomplete ones and last the units without any score, both unranked
 * and ungraded in unit order; ties keep unit order) and assigns ranks.
 * Reads COMPLETE, which the caller sets (report_results does). */
void score_rank(const struct rubric *r, struct unit_result *res, int n);

/* One criterion across the district (区) roll-up. */
struct criterion_stat {
	int responsible; /* units responsible */
	int scored;      /* of them, units with every part scored */
	int sum;         /* their points, tenths */
	int min, max;    /* lowest and highest, tenths (-1 when none) */
	int mean;        /* sum / scored, tenths, rounded half up */
	int percent;     /* mean / criterion points */
};

/* Computes STATS[c] for every criterion from POINTS, a NUNITS × ncriteria
 * matrix (row-major by unit) of criterion points, -1 where the unit's score
 * is missing or incomplete. The district total is the sum of the means of
 * the scored criteria; *TOTAL and *MAXIMUM (the points of those criteria
 * scored by at least one unit and of all scored criteria) may be NULL. */
void score_district(const struct rubric *r, int nunits, const int *points, struct criterion_stat *stats,
		    int *total, int *maximum);
#endif
