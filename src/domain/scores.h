/* scores.h — recording scores in the store: one write path (scores_apply)
 * for a score by hand, a form, an API batch and a whole CSV sheet (all rows
 * or none), the draft → submitted → final workflow, and the
 * history kept whenever a score is replaced. */
#ifndef KAOPING_SCORES_H
#define KAOPING_SCORES_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "domain/campaign.h"
#include "io/csv.h"
#include "core/score.h"

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
	int64_t scorer_unit;  /* the scorer's home unit (本单位, store id), 0 when none:
			       * an assessor score for it is refused (回避) */
};

/* A batch of scores written together, all or nothing. */
struct score_batch {
	const struct score_input *rows;
	int count;
	bool dry_run;        /* check everything, store nothing */
	bool by_accounts;    /* a row's BY may name an account: its home unit counts
			      * for recusal when the row gives no SCORER_UNIT */
	const char *source;  /* a file: the batch is recorded as one import with one
			      * audit entry "score.import"; NULL: one audit entry per row */
	const char *sha256;  /* with SOURCE: the file's digest */
	const char *by;      /* with SOURCE: who imported it */
	int max_errors;      /* errors kept in the result (all are counted); 0 = 100 */
};

/* One refused row: its index in the batch, the field at fault ("unit",
 * "criterion", "points", "kind", "by", "reason", "state"), the problem and
 * an English message naming the unit and criterion. */
struct score_row_error {
	int index;
	const char *field;
	int problem;   /* enum score_problem */
	char ref[24];  /* "8.2", or "" when the criterion is unknown */
	int lo, hi;    /* SCORE_E_OUT_OF_RANGE: the allowed range, tenths */
	char message[400];
};

/* A stored score that a row replaces (in a dry run: would replace), as
 * the preview of an import lists it. */
struct score_replacement {
	int index;      /* the row's index in the batch */
	long line;      /* an import: the sheet's line (a workbook's row number); else 0 */
	int unit;       /* index into the campaign's units */
	char ref[24];   /* the criterion and part: "8", "8.2" */
	int kind;       /* SCORE_SELF or SCORE_ASSESSOR */
	int old_points, new_points; /* tenths */
	bool old_vetoed, new_vetoed;
	int old_state;  /* enum score_state of the score replaced */
	char old_by[64]; /* who scored the score replaced (cut to fit) */
};

/* The most replacements a result lists (all are counted in REPLACED). */
#define SCORE_REPLACEMENTS_MAX 1000

/* What scores_apply did. */
struct score_result {
	int written;   /* rows written (in a dry run: that would be) */
	int replaced;  /* of them, rows that replaced a stored score */
	/* the first of them (at most SCORE_REPLACEMENTS_MAX), in row order; owned */
	struct score_replacement *replacements;
	int nreplacements;
	int nerrors;   /* rows refused */
	int nlisted;   /* of them, in ERRORS (at most the batch's max_errors) */
	struct score_row_error *errors; /* owned: free with score_result_free */
};
/* Frees RES's list of errors and empties it (safe on an emptied result). */
void scores_result_free(struct score_result *res);

/* Checks every row of B by one rule set (unit, criterion and part, points
 * in range and in tenths, veto, kind, scorer, the freeze of a submitted
 * self-assessment, recusal of an assessor from their home unit, a final
 * score changed only with a correction reason and a reason only for a final
 * score, no score twice) and writes them in one transaction, each replaced
 * value kept in the history, with the audit log and the scores counter.
 * When a row is refused nothing is stored: RES lists the rows and
 * KP_EINPUT is returned, E giving the row's message for a batch of one and
 * how many were refused otherwise. KP_EBUSY when the store stays locked,
 * KP_EFAIL for a store error; nothing is stored then either. Free RES
 * after, in any case. */
int scores_apply(store *s, const struct campaign *c, const struct score_batch *b, struct score_result *res,
		 struct kp_error *e);

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
	int64_t scorer_unit; /* the importer's home unit (store id, 0 when none): recusal (回避) */
	bool fixed_kind;     /* a row's 类型 other than KIND is refused (SCORE_E_OTHER_KIND) */
	bool fixed_by;       /* a row's 评分人 other than BY is refused (SCORE_E_OTHER_SCORER) */
	const char *sha256;  /* the file's digest for the record when F is not the file itself; NULL: F's */
};

/* One refused row of a sheet, for an interface to word in its own
 * language: the sheet's line (a workbook's row number), the field at fault
 * ("unit", "criterion", "points", "kind", "by", "reason", "state"), the
 * problem (enum score_problem), the criterion ("8.2", "" when unknown), the
 * allowed range for SCORE_E_OUT_OF_RANGE (tenths) and the cell's text. */
struct import_error {
	long line;
	const char *field;
	int problem;
	char ref[24];
	int lo, hi;
	char value[64];
};

/* Why a sheet was refused as a whole (before or apart from its rows). */
enum import_sheet_problem {
	IMPORT_SHEET_OK = 0,
	IMPORT_SHEET_UNREADABLE,     /* not text in the encoding (csv_error), or a workbook that cannot be read */
	IMPORT_SHEET_EMPTY,          /* no header row */
	IMPORT_SHEET_TWICE,          /* a column named twice (SHEET_COLUMN) */
	IMPORT_SHEET_MISSING,        /* a needed column missing (MISSING_UNIT, _CRITERION, _POINTS) */
	IMPORT_SHEET_NO_SCORES,      /* a header, but no row with points */
};

/* What an import did. */
struct import_result {
	int sheet_problem;    /* enum import_sheet_problem */
	char sheet_column[64]; /* IMPORT_SHEET_TWICE: the column's header */
	bool missing_unit, missing_criterion, missing_points; /* IMPORT_SHEET_MISSING */
	long rows;       /* data rows read */
	long replaced;   /* of them, rows that replaced an existing score */
	/* the first of them (at most SCORE_REPLACEMENTS_MAX), by line, each with
	 * the score it replaces and who gave that; owned */
	struct score_replacement *replacements;
	int nreplacements;
	long blank;      /* rows left without points (a template's unscored rows): skipped */
	int nerrors;
	struct strbuf errors; /* one line per error: "line 7: unknown unit "X"" */
	struct import_error *issues; /* the same errors as data, by line (at most MAX_ERRORS), owned */
	int nissues;
	char encoding[16];
};
/* Frees RES's errors (both lists) and empties them. */
void scores_import_result_free(struct import_result *res);

/* Imports the score sheet F: a header row naming at least the unit,
 * criterion and points columns (English or Chinese headers), then one score
 * per row; a row whose points are blank is skipped (counted in
 * RES->blank). Every row is checked; if any fails, nothing is stored, RES lists
 * the errors by line and KP_EINPUT is returned. Free RES->errors after. */
int scores_import(store *s, const struct campaign *c, FILE *f, const struct import_options *opt,
		  struct import_result *res, struct kp_error *e);

/* Imports the score sheet of LEN bytes at DATA as scores_import does: an
 * Excel workbook (.xlsx: its first sheet, rows numbered as the sheet
 * numbers them) or CSV text in OPT's encoding. What the web's upload and
 * the command line read a file through. */
int scores_import_data(store *s, const struct campaign *c, const void *data, size_t len,
		       const struct import_options *opt, struct import_result *res, struct kp_error *e);

/* Reads TEXT (a cell of a form or a sheet) as the points of criterion
 * index K of R: for a veto criterion (一票否决) 是/yes triggers it and
 * 否/no does not (*POINTS 0), otherwise points with at most one decimal,
 * full-width digits (an IME's "４．５") accepted. Returns SCORE_E_NONE with
 * *POINTS (tenths) and *VETOED, or SCORE_E_BAD_VETO / SCORE_E_BAD_POINTS. */
int scores_parse_points(const struct rubric *r, int k, const char *text, int *points, bool *vetoed);

/* ---- reading a unit's score rows (for the web's unit pages) ---- */

/* A unit's score rows (self-assessment and assessor), by criterion, part
 * and kind. */
struct unit_score {
	int no, part, kind, points, state;
	bool vetoed;
	char *by, *comment, *at;
};
struct unit_scores {
	struct unit_score *row;
	int n;
};
/* Loads every score row of unit store id UNIT_ID into US (appended to what
 * US holds; free with unit_scores_free), ordered by criterion, part and
 * kind. On a store error US is emptied and E's code returned. */
int unit_scores_load(store *s, int64_t unit_id, struct unit_scores *us, struct kp_error *e);
/* Frees US's rows and strings and leaves it empty. */
void unit_scores_free(struct unit_scores *us);
/* The row of criterion NO, part PART, kind KIND, or -1. */
int unit_scores_find(const struct unit_scores *us, int no, int part, int kind);
/* One replaced score of a unit (score_history), every string owned. */
struct score_history_row {
	int criterion_no, part_no, kind, points, state;
	bool vetoed;
	char *by, *comment, *scored_at, *replaced_at, *replaced_by, *reason;
};
struct score_history {
	struct score_history_row *row;
	int n;
};
/* Loads every replaced score of unit U, oldest first, into H (free with
 * scores_history_free). On a store error H is left empty. */
int scores_history(store *s, const struct campaign *c, int u, struct score_history *h, struct kp_error *e);
void scores_history_free(struct score_history *h);
#endif
