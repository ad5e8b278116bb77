/* messages.h — in-app messages (站内消息) and the outbound hook: a message
 * to the people an event concerns, written by the event's own transaction;
 * the deadline reminders' sweep (3 days, 1 day, passed); the office's
 * 催办 of every red unit; and the queue that hands each event to a command
 * or an HTTP URL (an SMS gateway, 政务微信) with retries and a log. */
#ifndef KAOPING_MESSAGES_H
#define KAOPING_MESSAGES_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "domain/campaign.h"
#include "domain/due.h"
#include "io/table.h"
#include "store/store.h"
#include "core/util.h"

/* What a message says happened. Stored by name (messages_kind_name); the
 * words for each are the interface's. */
enum message_kind {
	MSG_SELF_RETURNED,  /* the office returned the unit's self-assessment (退回) */
	MSG_CASE_OPENED,    /* a supervision case was opened against the unit (立案) */
	MSG_CASE_REPORTED,  /* the unit reported its rectification (to the office) */
	MSG_CASE_RETURNED,  /* the office sent the rectification back */
	MSG_CASE_ESCALATED, /* the case went up a level */
	MSG_CASE_CLOSED,    /* the case was closed (销号) */
	MSG_DUE_3,          /* a deadline is 3 days away (2 or 3) */
	MSG_DUE_1,          /* a deadline is 1 day away (today or tomorrow) */
	MSG_DUE_PASSED,     /* a deadline has passed with items not done */
	MSG_DRAW,           /* a published spot-check draw names the unit */
	MSG_REMINDER,       /* the office's 催办 of a unit with overdue items */
	MSG__COUNT
};

/* "self_returned", "case_opened" … (settings hook_NAME, JSON, CLI); NULL
 * when KIND is out of range. */
const char *messages_kind_name(int kind);
/* The kind named NAME, or -1. */
int messages_kind_parse(const char *name);

/* Who a message goes to; resolved to accounts when it is written. */
enum message_to {
	TO_UNIT,   /* every live clerk (unit account) of the unit it is about */
	TO_OFFICE, /* every live office (admin) account */
};

/* An event to tell people about. */
struct message_new {
	enum message_kind kind;
	int unit;            /* unit index it is about, or -1 */
	int64_t case_id;     /* 0: none */
	int64_t draw_id;     /* 0: none */
	int criterion;       /* 0: none */
	const char *day;     /* a date it names (a deadline), or NULL */
	int count;           /* how many items it counts (reminders), or 0 */
	const char *note;    /* the office's words (a reason), or NULL */
};

/* Writes M for every recipient TO names, and queues it for the outbound
 * hook when the setting hook_KIND is set; inside the caller's write
 * transaction, so the message stands or falls with its event. *SENT (may
 * be NULL) receives how many accounts got it (0 is no error: a unit
 * without clerks). */
int messages_post(store *s, const struct campaign *c, const struct message_new *m, enum message_to to, int *sent,
		  struct kp_error *e);

/* ---- reading ---- */

/* Unread messages of account ACCOUNT into *N (one indexed count). */
int messages_unread(store *s, int64_t account, int64_t *n, struct kp_error *e);

/* A message as stored; strings owned by the list. */
struct message {
	int64_t id;
	int kind;           /* enum message_kind, -1 when the name is unknown */
	int unit;           /* unit index, -1 for none */
	int64_t case_id, draw_id;
	int criterion, count;
	char day[11];       /* "" when none */
	char *note, *created_at, *read_at; /* read_at "" while unread */
};
struct message_list {
	struct message *row;
	int n;
	int64_t total; /* the account's messages in all */
};
/* Account ACCOUNT's messages with ids below BELOW (0: from the newest),
 * newest first, at most LIMIT, into L (free with messages_list_free). */
int messages_list(store *s, const struct campaign *c, int64_t account, int64_t below, int limit,
		  struct message_list *l, struct kp_error *e);
void messages_list_free(struct message_list *l);
/* Message ID of account ACCOUNT into *M (free with messages_free_one);
 * KP_EINPUT when it is not that account's. */
int messages_get(store *s, const struct campaign *c, int64_t account, int64_t id, struct message *m,
		 struct kp_error *e);
void messages_free_one(struct message *m);

/* Marks message ID of ACCOUNT read (nothing when it already is). Not
 * audited: reading changes nothing of the campaign. */
int messages_mark_read(store *s, int64_t account, int64_t id, struct kp_error *e);
/* Marks every message of ACCOUNT read; *N (may be NULL) how many. */
int messages_mark_all_read(store *s, int64_t account, int64_t *n, struct kp_error *e);

/* ---- deadline reminders and 催办 ---- */

/* The deadline reminders as of TODAY (NULL: the campaign's today): for
 * each unit and each due day of its items not done, one message per step
 * (due in 2–3 days, in 0–1 day, passed), never twice for the same unit,
 * day and step; in one transaction. *SENT (may be NULL) receives how many
 * reminders (unit × day × step) were new. */
int messages_sweep(store *s, const struct campaign *c, const char *today, const char *by, int *sent,
		   struct kp_error *e);

/* Deletes what is kept no longer: messages read more than
 * messages_keep_days days before NOW (Unix seconds; unread ones are kept
 * however old), and the campaign's hook deliveries done (sent or given
 * up) that long ago; nothing when the setting is 0. One transaction, with
 * one audit entry (messages.prune, by BY, the counts) when anything went.
 * *MESSAGES and *DELIVERIES (may be NULL) receive how many were deleted.
 * The background sweep of `kaoping serve` and `kaoping messages sweep`
 * run it. */
int messages_prune(store *s, const struct campaign *c, int64_t now, const char *by, int *messages, int *deliveries,
		   struct kp_error *e);

/* 一键催办: for every unit with red (overdue) items as of today, a
 * MSG_REMINDER message to its clerks and an audit entry (due.remind), in
 * one transaction. *UNITS receives how many units were reminded. */
int messages_remind_red(store *s, const struct campaign *c, const char *by, int *units, struct kp_error *e);

/* ---- the outbound hook ---- */

enum hook_state { HOOK_WAITING = 0, HOOK_DELIVERED = 1, HOOK_FAILED = 2 };
/* How the last try failed (its code: the errno, exit status or signal). */
enum hook_fail { HOOK_OK = 0, HOOK_NO_START = 1, HOOK_EXIT = 2, HOOK_SIGNAL = 3, HOOK_TIMEOUT = 4 };

/* Tries every waiting delivery due by NOW (Unix seconds): runs its
 * command (argv split on spaces, no shell; the event as JSON on standard
 * input and KAOPING_* environment variables) or posts its JSON to its
 * URL (by running curl, no shell); success is exit status 0. A failure
 * is tried again after hook_retry_seconds × 2^(attempts−1), until
 * hook_attempts tries, then given up. No transaction is held while a
 * command runs. *TRIED (may be NULL) receives how many were tried. */
int messages_deliver(store *s, const struct campaign *c, int64_t now, int *tried, struct kp_error *e);

/* Checks TARGET as the hook of an event: "" (none), an http:// or
 * https:// URL with a host and no spaces, or a command (words split on
 * spaces, the first the program, not an option). KP_EINPUT about the
 * field "target" otherwise (KP_R_FORMAT; KP_R_TOO_LONG over 1000 bytes).
 * settings_set checks every hook_KIND setting by it. */
int messages_hook_check(const char *target, struct kp_error *e);

/* The hook of every kind of event (the settings hook_KIND, trimmed; ""
 * when none) into TARGETS[MSG__COUNT]; the caller frees each. */
int messages_hooks_get(store *s, const struct campaign *c, char *targets[MSG__COUNT], struct kp_error *e);

/* Sets the hook of event KIND to TARGET (trimmed; "" removes it), checked
 * by messages_hook_check, as the setting hook_KIND in a transaction of its
 * own with its audit entry (setting.set). KP_EINPUT about "event" for a
 * KIND out of range, about "target" for a target refused. */
int messages_hook_set(store *s, const struct campaign *c, int kind, const char *target, const char *by,
		      struct kp_error *e);

/* A delivery as logged. */
struct hook_delivery {
	int64_t id;
	int kind;
	char *target;
	char *last_error; /* what the program wrote on its error output (its own words), or "" */
	char *created_at, *done_at;
	int state, attempts;
	int fail, fail_code; /* enum hook_fail of the last try, and its number */
	int64_t next_at;
};
struct hook_log {
	struct hook_delivery *row;
	int n;
};
/* The campaign's deliveries below id BELOW (0: newest), newest first, at
 * most LIMIT, into L (free with messages_hook_log_free). */
int messages_hook_log(store *s, const struct campaign *c, int64_t below, int limit, struct hook_log *l,
		      struct kp_error *e);
void messages_hook_log_free(struct hook_log *l);

/* ---- printing (CLI) ---- */

/* Prints the messages of L in FORMAT (text: time, kind, unit, read). */
void messages_print(const struct campaign *c, const struct message_list *l, enum out_format fmt, FILE *out);
#endif
