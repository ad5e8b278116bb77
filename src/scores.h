/* scores.h — recording scores in the store: one score by hand, a whole CSV
 * sheet (all rows or none), the draft → submitted → final workflow, and the
 * history kept whenever a score is replaced. */
#ifndef KAOPING_SCORES_H
#define KAOPING_SCORES_H
#include <stdio.h>

#include "campaign.h"
#include "csv.h"
#include "score.h"

/* One score to record. */
struct score_input {
	int unit;         /* unit index */
	int criterion;    /* criterion index in the rubric */
	int part;         /* 0 or 1..nparts */
	int kind;         /* SCORE_SELF or SCORE_ASSESSOR */
	int points;       /* tenths */
	bool vetoed;      /* for a veto criterion: triggered */
	const char *by;       /* who scored */
	const char *comment;  /* may be "" */
	const char *detail;   /* how the points came about ("3 deductions"), may be "" */
	const char *reason;   /* correction reason, required to change a final score */
};

/* Checks IN against the rubric and records it, keeping the replaced value in
 * the history and writing the audit log, in one transaction. A final
 * assessor score changes only with a reason (a recorded correction). */
int scores_set(store *s, const struct campaign *c, const struct score_input *in, struct kp_error *e);

/* Moves the assessor scores of unit U (or of every unit when U < 0) from
 * state FROM to state TO (submit: draft → submitted; finalise: submitted →
 * final). *COUNT receives how many changed. */
int scores_advance(store *s, const struct campaign *c, int u, int from, int to, const char *by, int *count,
		   struct kp_error *e);

/* Options of a CSV import. */
struct import_options {
	enum csv_encoding encoding;
	int kind;            /* default kind when the file has no kind column */
	const char *by;      /* default scorer when the file has no 评分人 column */
	const char *source;  /* file name for the record */
	bool dry_run;        /* check everything, store nothing */
	int max_errors;      /* stop listing after this many */
};

/* What an import did. */
struct import_result {
	long rows;       /* data rows read */
	long replaced;   /* of them, rows that replaced an existing score */
	int nerrors;
	struct strbuf errors; /* one line per error: "line 7: unknown unit "X"" */
	char encoding[16];
};

/* Imports the score sheet F: a header row naming at least the unit,
 * criterion and points columns (English or Chinese headers), then one score
 * per row. Every row is checked; if any fails, nothing is stored, RES lists
 * the errors by line and KP_EINPUT is returned. Free RES->errors after. */
int scores_import(store *s, const struct campaign *c, FILE *f, const struct import_options *opt,
		  struct import_result *res, struct kp_error *e);
#endif
