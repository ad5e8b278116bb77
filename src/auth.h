/* auth.h — accounts and roles, argon2id passwords, sessions and API tokens.
 * Sessions live in the store (token hashed at rest, several per account,
 * idle and absolute expiry, revocable); repeated failed log-ins lock the
 * account for a while. */
#ifndef KAOPING_AUTH_H
#define KAOPING_AUTH_H
#include <stdbool.h>
#include <stdint.h>

#include "campaign.h"
#include "store.h"

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
int role_parse(const char *name);
const char *role_name(int role);
/* 办公室, 测评人员, 单位联络员, 领导, 审计. */
const char *role_label(int role);

/* Limits, frozen for the process. */
#define AUTH_IDLE_SECONDS (30 * 60)       /* a session unused this long ends */
#define AUTH_ABSOLUTE_SECONDS (12 * 3600) /* and any session after this long */
#define AUTH_MAX_FAILURES 5               /* failed log-ins before a lock */
#define AUTH_LOCK_SECONDS (15 * 60)       /* how long the lock lasts */
#define AUTH_MIN_PASSWORD 10

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
int account_add(store *s, const struct campaign *c, const char *name, const char *display, int role, int unit,
		const char *password, const char *by, struct kp_error *e);
/* Disables (or enables) an account and ends its sessions. */
int account_set_disabled(store *s, const char *name, bool disabled, const char *by, struct kp_error *e);
/* Sets a new password, clears a lock and ends the account's sessions. */
int account_set_password(store *s, const char *name, const char *password, const char *by, struct kp_error *e);
/* Loads the account NAME (or by ID when NAME is NULL); KP_EINPUT if none. */
int account_get(store *s, const char *name, int64_t id, struct account *a, struct kp_error *e);

/* Checks NAME and PASSWORD at time NOW (Unix seconds). On success fills A
 * and writes a new session's token (64 hex chars + NUL) into TOKEN and its
 * CSRF secret into CSRF (33 bytes). Wrong credentials, a disabled or a
 * locked account all give the same KP_EINPUT message, so a guesser learns
 * nothing; every failure counts towards the lock. */
int auth_login(store *s, const char *name, const char *password, const char *address, int64_t now,
	       struct account *a, char token[65], char csrf[33], struct kp_error *e);
/* Looks up the session for TOKEN at NOW: returns 0 and fills A, CSRF and
 * *SESSION_ID, or KP_EINPUT when it is unknown, revoked, idle too long,
 * too old, or its account is disabled. */
int auth_session(store *s, const char *token, int64_t now, struct account *a, char csrf[33], int64_t *session_id,
		 struct kp_error *e);
/* Ends a session. */
int auth_logout(store *s, int64_t session_id, struct kp_error *e);
/* Creates an API token for NAME (printed once: 64 hex chars into TOKEN). */
int auth_token_create(store *s, const char *name, const char *label, const char *by, char token[65],
		      struct kp_error *e);
/* Looks up the account of a Bearer token. */
int auth_bearer(store *s, const char *token, struct account *a, struct kp_error *e);

/* Lower-case hex SHA-256 of S (65 bytes with NUL). */
void sha256_hex(const char *s, size_t n, char out[65]);
/* N random bytes as 2N hex chars + NUL. */
void random_hex(char *out, size_t nbytes);
/* Compares two NUL-terminated secrets in constant time for equal lengths. */
bool secret_equal(const char *a, const char *b);
#endif
