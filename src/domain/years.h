/* years.h — a campaign runs year after year: the next year starts as a copy
 * of this one (units, leading group, programmes and tasks, rubric, settings,
 * ledger kinds and duties) with dates moved on and nothing filed or scored,
 * and last year's results stay in the store to compare with. */
#ifndef KAOPING_YEARS_H
#define KAOPING_YEARS_H
#include <stdint.h>
#include <stdio.h>

#include "domain/campaign.h"
#include "domain/report.h"
#include "store/store.h"
#include "core/util.h"

/* Moves DATE (YYYY-MM-DD) on by YEARS years into OUT (11 bytes); 29 February
 * becomes the 28th in a common year. False when DATE is not a date. */
bool years_date_add(const char *date, int years, char out[11]);
/* Copies TEXT with every FROM year (as 4 digits) replaced by TO's. */
char *years_text_shift(const char *text, int from, int to);

/* Starts campaign year YEAR as a copy of C, which must be the current
 * campaign, and makes it current: unit clerks' accounts move to the new
 * year's units. Refuses (KP_EINPUT) a year not after C's, or one the store
 * already has. *NEW_ID receives the new campaign's id. */
int years_copy(store *s, const struct campaign *c, int year, const char *by, int64_t *new_id,
		  struct kp_error *e);

/* Prints every campaign in the store, oldest first. */
int years_list(store *s, enum out_format format, FILE *out, struct kp_error *e);

/* One unit in this year's ranking beside last year's. */
struct years_compare_row {
	int unit;           /* index in this year's campaign */
	bool ranked;        /* ranked this year: RANK, PERCENT, GRADE hold */
	int rank, percent;  /* percent in tenths */
	const char *grade;  /* borrowed from the campaign's rubric */
	bool was;           /* ranked last year (same name): LAST_* hold */
	int last_rank, last_percent;
	char *last_grade;   /* owned */
	int change;         /* percent - last_percent, when both ranked */
};

/* The comparison as typed rows, in this year's ranking order; owned by
 * the caller (years_comparison_free). KP_EINPUT when C was not copied
 * from an earlier year. */
struct years_comparison {
	int year, last_year;
	struct years_compare_row *rows;
	int n;
};
int years_comparison_load(store *s, const struct campaign *c, const struct report_options *o,
			  struct years_comparison *out, struct kp_error *e);
void years_comparison_free(struct years_comparison *y);

/* This year's ranking beside last year's (the campaign C was copied
 * from), unit by unit (matched by name), printed in O's format. */
int years_compare(store *s, const struct campaign *c, const struct report_options *o, FILE *out,
		   struct kp_error *e);
#endif
