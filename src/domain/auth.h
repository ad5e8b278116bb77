/* auth.h — accounts and roles, argon2id passwords, sessions and API tokens.
 * Sessions live in the store (token hashed at rest, several per account,
 * idle and absolute expiry, revocable); repeated failed log-ins lock the
 * account for a while. */
#ifndef KAOPING_AUTH_H
#define KAOPING_AUTH_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/campaign.h"
#include "store/store.h"

/* Roles (DESIGN.md §2), as bits so routes can allow several. */
enum role {
	ROLE_ADMIN = 1 << 0,    /* 办公室: everything */
	ROLE_ASSESSOR = 1 << 1, /* 测评人员: scores */
	ROLE_UNIT = 1 << 2,     /* 单位联络员: its own unit only */
	ROLE_LEADER = 1 << 3,   /* 领导: reads everything */
	ROLE_AUDITOR = 1 << 4,  /* 审计: the audit log only */
};
#define ROLE_ANY (ROLE_ADMIN | ROLE_ASSESSOR | ROLE_UNIT | ROLE_LEADER | ROLE_AUDITOR)

/* "admin" … "auditor" ↔ role bit; 0 / NULL when unknown. */
int auth_role_parse(const char *name);
const char *auth_role_name(int role);
/* 办公室, 测评人员, 单位联络员, 领导, 审计. */
const char *auth_role_label(int role);

/* Limits, frozen for the process. */
#define AUTH_IDLE_SECONDS (30 * 60)       /* a session unused this long ends */
#define AUTH_ABSOLUTE_SECONDS (12 * 3600) /* and any session after this long */
#define AUTH_MAX_FAILURES 5               /* failed log-ins before a lock */
#define AUTH_LOCK_SECONDS (15 * 60)       /* how long the lock lasts */
#define AUTH_MIN_PASSWORD 10
#define AUTH_TOUCH_SECONDS 60              /* activity is written at most this often */
#define AUTH_TOKEN_DAYS 90                /* an API token's life unless told */
#define AUTH_TOKEN_MAX_DAYS 366           /* and the longest it may be given */

struct account {
	int64_t id;
	char name[64];
	char display[128];
	int role;
	int64_t unit_id; /* for ROLE_UNIT: the unit's store id; else 0 */
	bool disabled;
};

/* Checks a new password: at least AUTH_MIN_PASSWORD characters, not
 * containing the account name, not one repeated character, letters and
 * digits or symbols mixed. KP_EINPUT with the reason otherwise. */
int auth_password_ok(const char *name, const char *password, struct kp_error *e);

/* Creates an account. UNIT (an index into C's units, or -1) is required
 * for ROLE_UNIT and refused otherwise. Audited as BY. */
int auth_account_add(store *s, const struct campaign *c, const char *name, const char *display, int role, int unit,
		const char *password, const char *by, struct kp_error *e);
/* Disables (or enables) an account; disabling ends its sessions and API
 * tokens for good (enabling brings none back). */
int auth_account_set_disabled(store *s, const char *name, bool disabled, const char *by, struct kp_error *e);
/* Sets a new password, clears a lock and ends the account's sessions and
 * API tokens. */
int auth_account_set_password(store *s, const char *name, const char *password, const char *by, struct kp_error *e);
/* Loads the account NAME (or by ID when NAME is NULL); KP_EINPUT if none. */
int auth_account_get(store *s, const char *name, int64_t id, struct account *a, struct kp_error *e);

/* Checks NAME and PASSWORD at time NOW (Unix seconds). On success fills A
 * and writes a new session's token (64 hex chars + NUL) into TOKEN and its
 * CSRF secret into CSRF (33 bytes). Wrong credentials, a disabled or a
 * locked account all give the same KP_EINPUT message, so a guesser learns
 * nothing; every failure counts towards the lock. Each attempt is counted
 * before the password is checked, in the write transaction that reads the
 * count, so parallel guesses cannot pass the lock; a success then resets
 * the count. */
int auth_login(store *s, const char *name, const char *password, const char *address, int64_t now,
	       struct account *a, char token[65], char csrf[33], struct kp_error *e);
/* Looks up the session for TOKEN at NOW: returns 0 and fills A, CSRF and
 * *SESSION_ID, or KP_EINPUT when it is unknown, revoked, idle too long,
 * too old, or its account is disabled. Use keeps the session alive: at
 * most every AUTH_TOUCH_SECONDS its last use is written in a short write
 * transaction of its own (a read transaction open on S is ended first and
 * begun again after), skipped when the write lock is not free at once. */
int auth_session(store *s, const char *token, int64_t now, struct account *a, char csrf[33], int64_t *session_id,
		 struct kp_error *e);
/* Ends a session. */
int auth_logout(store *s, int64_t session_id, struct kp_error *e);
/* An API token as listed (never the token itself: only its hash is kept). */
struct api_token {
	int64_t id;
	char label[128];
	char created_at[32];  /* ISO 8601 UTC */
	char expires_at[21];  /* ISO 8601 UTC */
	int64_t expires;      /* Unix seconds */
	bool revoked;         /* by hand, a password change or disabling */
	char revoked_at[32], revoked_by[64];
};
enum api_token_state { TOKEN_ACTIVE, TOKEN_EXPIRED, TOKEN_REVOKED };
/* T's state at NOW. */
enum api_token_state auth_token_state(const struct api_token *t, int64_t now);
/* "active", "expired", "revoked". */
const char *auth_token_state_name(enum api_token_state state);

/* Creates an API token for NAME labelled LABEL (may be NULL) that lasts
 * DAYS days (1 … AUTH_TOKEN_MAX_DAYS) from NOW: 64 hex chars into TOKEN,
 * to be shown once, and its id into *ID (may be NULL). KP_EINPUT for an
 * unknown or disabled account, a label over 100 bytes or not UTF-8, or
 * days out of range. Audited as BY. */
int auth_token_create(store *s, const char *name, const char *label, int days, int64_t now, const char *by,
		      char token[65], int64_t *id, struct kp_error *e);
/* NAME's API tokens, oldest first, into *OUT (caller frees) and *N. */
int auth_token_list(store *s, const char *name, struct api_token **out, int *n, struct kp_error *e);
/* Revokes NAME's API token ID; KP_EINPUT when NAME has no such token or
 * it was revoked already. Audited as BY. */
int auth_token_revoke(store *s, const char *name, int64_t id, const char *by, struct kp_error *e);
/* Looks up the account of a Bearer token at NOW: KP_EINPUT when it is
 * unknown, revoked, expired, or its account is disabled. */
int auth_bearer(store *s, const char *token, int64_t now, struct account *a, struct kp_error *e);

/* N random bytes as 2N hex chars + NUL. */
void auth_random_hex(char *out, size_t nbytes);
/* Compares two NUL-terminated secrets in constant time for equal lengths. */
bool auth_secret_equal(const char *a, const char *b);

/* ---- the list of accounts (for the accounts page) ---- */

/* One account as listed: every string owned by the list. */
struct account_row {
	int64_t id;
	char *name, *display;
	char *role;       /* as stored: "admin", "unit", … (role_parse reads it) */
	char *unit;       /* the unit's name, "" when the account has none */
	bool disabled;
	int64_t failed_logins, locked_until;
	char *created_at; /* UTC, ISO 8601 */
};
struct account_list {
	struct account_row *row;
	int n;
};
/* Loads every account, by id, into L (free with account_list_free). On a
 * store error L is left empty and E's code returned. */
int auth_account_list(store *s, struct account_list *l, struct kp_error *e);
void auth_account_list_free(struct account_list *l);
#endif
