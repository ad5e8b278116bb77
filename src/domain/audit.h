/* audit.h — the hash-chained audit log (审计日志): every change kaoping
 * makes is appended here by the domain function that makes it. */
#ifndef KAOPING_AUDIT_H
#define KAOPING_AUDIT_H
#include <stdint.h>

#include "core/util.h"
#include "store/store.h"

/* Appends an entry to the audit log (inside the caller's write
 * transaction, which serialises the chain). Each entry carries the hash of
 * the one before it, so an edited or deleted entry breaks the chain. */
int audit_log(store *s, const char *actor, const char *action, const char *subject, const char *detail,
	      struct kp_error *e);
/* Recomputes the chain: 0 with the entry count and the head hash, or
 * KP_EFAIL naming the first entry that was changed, removed or reordered. */
int audit_verify(store *s, int64_t *entries, char head[65], struct kp_error *e);
/* The hash of an entry: SHA-256 (lower-case hex, OUT) over the previous
 * entry's hash PREV and this entry's fields. Pure. */
void audit_hash(int64_t id, const char *at, const char *actor, const char *action, const char *subject,
		const char *detail, const char *prev, char out[65]);

/* ---- reading the log a page at a time ---- */

/* Which entries audit_list reads: ids below BELOW, newest first, at most
 * LIMIT of them, by ACTOR exactly and with an action starting with ACTION
 * (NULL or "": any). */
struct audit_filter {
	int64_t below;
	const char *actor, *action;
	int limit;
};
/* One entry as stored; strings owned by the list. */
struct audit_row {
	int64_t id;
	char *at, *actor, *action, *subject, *detail;
};
struct audit_rows {
	struct audit_row *row;
	int n;
};
/* Loads the entries F selects into R (free with audit_rows_free). On a
 * store error R is left empty and E's code returned: a cut log never
 * passes for the whole. */
int audit_list(store *s, const struct audit_filter *f, struct audit_rows *r, struct kp_error *e);
void audit_rows_free(struct audit_rows *r);
/* Loads every entry, oldest first, into R (free with audit_rows_free), for
 * `kaoping audit list`. On a store error R is left empty. */
int audit_all(store *s, struct audit_rows *r, struct kp_error *e);
/* The zone offset (seconds east of UTC) the log is shown in: the current
 * campaign's (the log is the store's, across the years); China's before
 * there is a campaign. */
int audit_zone(store *s);
#endif
