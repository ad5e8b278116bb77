/* complaints.h — complaints from the public about a unit (群众意见: 12345
 * hotline, petitions, online messages, calls and letters): recorded by the
 * office, closed as handled or dismissed with an outcome, and counted for
 * the supervision rules ("群众意见较多"). */
#ifndef KAOPING_COMPLAINTS_H
#define KAOPING_COMPLAINTS_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "domain/campaign.h"
#include "io/table.h"

enum complaint_status { COMPLAINT_OPEN = 0, COMPLAINT_HANDLED = 1, COMPLAINT_DISMISSED = 2 };

/* The sources the forms offer (NULL-terminated); others may be typed. */
extern const char *const complaint_sources[];

/* 待处理 / 已办结 / 不予受理. */
const char *complaints_status_label(int status);
/* open / handled / dismissed, for JSON. */
const char *complaints_status_name(int status);

/* Records a complaint against unit U: SOURCE and TEXT required, DATE a day
 * not after TODAY (YYYY-MM-DD, campaign zone). Audited; KP_EINPUT naming
 * the field otherwise. *ID receives its id. */
int complaints_add(store *s, const struct campaign *c, int u, const char *source, const char *date, const char *text,
		  const char *today, const char *by, int64_t *id, struct kp_error *e);
/* Closes open complaint ID as handled (or DISMISS: dismissed) with the
 * OUTCOME (required). KP_EINPUT when there is no such open complaint. */
int complaints_close(store *s, const struct campaign *c, int64_t id, bool dismiss, const char *outcome, const char *by,
		    struct kp_error *e);

/* Counts the complaints against unit UNIT_ID (store id) received on or
 * after SINCE_DATE (YYYY-MM-DD), whatever their status, into *N. */
int complaints_count(store *s, int64_t unit_id, const char *since_date, int64_t *n, struct kp_error *e);

struct complaint {
	int64_t id, unit_id;
	int status;
	char received_on[11];
	char *source, *content, *outcome, *recorded_by, *recorded_at, *closed_at, *closed_by;
};
/* Loads the campaign's complaints, newest first: of unit U (-1: all),
 * open ones only when OPEN_ONLY. Free with complaints_free. */
int complaints_load(store *s, const struct campaign *c, int u, bool open_only, struct complaint **out, int *n,
		    struct kp_error *e);
void complaints_free(struct complaint *list, int n);
/* Prints LIST (N) as a table in FMT. */
void complaints_print(const struct campaign *c, const struct complaint *list, int n, enum out_format fmt, FILE *out);
#endif
