/* settings.h — the numbers the office tunes per campaign: the deadline
 * window, the thresholds of the supervision rules, the spot-check defaults.
 * Every key is declared once, with its range and default, in settings.c;
 * a value outside its range is refused with the range in the message. */
#ifndef KAOPING_SETTINGS_H
#define KAOPING_SETTINGS_H
#include <stdint.h>

#include "store/store.h"
#include "core/util.h"

struct setting_def {
	const char *key;
	int64_t min, max, def;
	const char *help; /* what it means, in Chinese, for the pages and `setting list` */
	const char *const *names; /* a choice: the names of its values min .. max; NULL for a number */
	const char *text;         /* a text setting: its default ("" allowed); min .. max bound its length in
				   * bytes; NULL for a number or a choice */
};

/* The declared settings, terminated by a NULL key. */
extern const struct setting_def setting_defs[];

/* The declaration of KEY, or NULL. */
const struct setting_def *settings_find(const char *key);

/* A setting may be a choice rather than a number: each value from min to
 * max has a name in its declaration's NAMES ("final", "submitted", …),
 * given and shown by it. The
 * name of value V of D, or NULL (D is a number, or V is out of range).
 * Static. */
const char *settings_value_name(const struct setting_def *d, int64_t v);

/* Reads KEY for CAMPAIGN into *VAL (its default when never set). KEY must
 * be declared (a programming error otherwise: aborts). */
int settings_get(store *s, int64_t campaign, const char *key, int64_t *val, struct kp_error *e);

/* Reads the text setting KEY for CAMPAIGN into *VAL (its default when
 * never set; the caller frees). KEY must be a declared text setting. */
int settings_get_text(store *s, int64_t campaign, const char *key, char **val, struct kp_error *e);

/* Sets KEY to the text VALUE (a choice by its name), checked against its
 * declaration, and records the change in the audit log; inside the caller's transaction.
 * KP_EINPUT naming the key and its range when VALUE does not fit. */
int settings_set(store *s, int64_t campaign, const char *key, const char *value, const char *by,
		struct kp_error *e);

/* setting_set in a transaction of its own: begins it, sets KEY to VALUE
 * (audited) and commits, or rolls back and leaves E saying why (KP_EINPUT
 * as setting_set, or the store's error). */
int settings_set_committed(store *s, int64_t campaign, const char *key, const char *value, const char *by,
			  struct kp_error *e);
#endif
