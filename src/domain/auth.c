/* auth.c — accounts, password hashing (argon2id through libsodium),
 * sessions and API tokens in the store. */
#include "domain/auth.h"
#include "store/sql.h"

#include "core/hash.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* argon2id cost: OWASP's minimum (19 MiB, 2 passes) keeps a log-in under
 * 100 ms on a small server while costing a guesser the same per try. */
#define PW_OPSLIMIT 2
#define PW_MEMLIMIT (19u * 1024 * 1024)

static const struct {
	int role;
	const char *name, *label;
} roles[] = {
	{ROLE_ADMIN, "admin", "办公室"},
	{ROLE_ASSESSOR, "assessor", "测评人员"},
	{ROLE_UNIT, "unit", "单位联络员"},
	{ROLE_LEADER, "leader", "领导"},
	{ROLE_AUDITOR, "auditor", "审计"},
};

int auth_role_parse(const char *name)
{
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (!strcmp(roles[i].name, name))
			return roles[i].role;
	return 0;
}

const char *auth_role_name(int role)
{
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (roles[i].role == role)
			return roles[i].name;
	return NULL;
}

const char *auth_role_label(int role)
{
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (roles[i].role == role)
			return roles[i].label;
	return "?";
}

static void init_sodium(void)
{
	if (sodium_init() < 0) {
		fputs("kaoping: libsodium failed to initialise\n", stderr);
		abort();
	}
}

void auth_random_hex(char *out, size_t nbytes)
{
	unsigned char buf[64];
	init_sodium();
	if (nbytes > sizeof buf)
		abort();
	randombytes_buf(buf, nbytes);
	sodium_bin2hex(out, nbytes * 2 + 1, buf, nbytes);
}

bool auth_secret_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b) || n == 0)
		return false;
	return sodium_memcmp(a, b, n) == 0;
}

int auth_password_ok(const char *name, const char *password, struct kp_error *e)
{
	size_t chars = 0;
	int letters = 0, digits = 0, others = 0;
	bool same = true;
	for (const unsigned char *p = (const unsigned char *)password; *p; p++) {
		if ((*p & 0xC0) != 0x80)
			chars++;
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			letters = 1;
		else if (*p >= '0' && *p <= '9')
			digits = 1;
		else
			others = 1;
		same &= *p == (unsigned char)password[0];
	}
	if (!utf8_valid(password, strlen(password)))
		return kp_fail_at(e, KP_EINPUT, KP_R_FORMAT, "password", 0, 0, "password: not valid UTF-8 text");
	if (chars < AUTH_MIN_PASSWORD)
		return kp_fail_at(e, KP_EINPUT, KP_R_TOO_SHORT, "password", AUTH_MIN_PASSWORD, 0,
				  "password: at least %d characters", AUTH_MIN_PASSWORD);
	if (same)
		return kp_fail_at(e, KP_EINPUT, KP_R_WEAK, "password", 0, 0, "password: not one character repeated");
	if (letters + digits + others < 2)
		return kp_fail_at(e, KP_EINPUT, KP_R_WEAK, "password", 0, 0, "password: mix letters with digits or symbols");
	if (*name && strstr(password, name))
		return kp_fail_at(e, KP_EINPUT, KP_R_WEAK, "password", 0, 0, "password: must not contain the account name");
	return 0;
}

static int hash_password(const char *password, char out[crypto_pwhash_STRBYTES], struct kp_error *e)
{
	init_sodium();
	if (crypto_pwhash_str_alg(out, password, strlen(password), PW_OPSLIMIT, PW_MEMLIMIT,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return kp_fail(e, KP_EFAIL, "password hashing failed (out of memory)");
	return 0;
}

static bool name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n < 2 || n > 40)
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_'))
			return false;
	return true;
}

static void account_row(store_stmt *st, struct account *a)
{
	memset(a, 0, sizeof *a);
	a->id = st_int(st, 0);
	snprintf(a->name, sizeof a->name, "%s", st_text(st, 1));
	snprintf(a->display, sizeof a->display, "%s", st_text(st, 2));
	a->role = auth_role_parse(st_text(st, 3));
	a->unit_id = st_is_null(st, 4) ? 0 : st_int(st, 4);
	a->disabled = st_int(st, 6) != 0;
}

int auth_account_get(store *s, const char *name, int64_t id, struct account *a, struct kp_error *e)
{
	store_stmt *st = store_sql(s, name ? SQL_ACCOUNT_BY_NAME : SQL_ACCOUNT_BY_ID);
	if (name)
		st_bind_text(st, 1, name);
	else
		st_bind_int(st, 1, id);
	int rc = st_step(st, e);
	if (rc < 0)
		return e->code;
	if (rc == 0)
		return name ? kp_fail_at(e, KP_EINPUT, KP_R_UNKNOWN, "account", 0, 0, "no account \"%s\"", name)
			    : kp_fail_why(e, KP_EINPUT, KP_R_NOT_FOUND, "no account %lld", (long long)id);
	account_row(st, a);
	st_reset(st);
	return 0;
}

int auth_account_add(store *s, const struct campaign *c, const char *name, const char *display, int role, int unit,
		const char *password, const char *by, struct kp_error *e)
{
	char hash[crypto_pwhash_STRBYTES];
	struct account existing;
	struct kp_error ignore = {0};
	if (!name_ok(name))
		return kp_fail_at(e, KP_EINPUT, KP_R_FORMAT, "name", 0, 0, "NAME: 2–40 characters of a-z, 0-9, '.', '-', '_' (a log-in name, e.g. shenji01)");
	if (!auth_role_name(role))
		return kp_fail_at(e, KP_EINPUT, KP_R_UNKNOWN, "role", 0, 0, "role: one of admin, assessor, unit, leader, auditor");
	if (role == ROLE_UNIT && unit < 0)
		return kp_fail_at(e, KP_EINPUT, KP_R_REQUIRED, "unit", 0, 0, "unit: a unit account (单位联络员) needs its unit");
	/* An assessor may name their home unit (本单位): spot checks never send
	 * them to inspect it. */
	if (role != ROLE_UNIT && role != ROLE_ASSESSOR && unit >= 0)
		return kp_fail_at(e, KP_EINPUT, KP_R_CONFLICT, "unit", 0, 0,
				  "unit: only a unit account (role unit) belongs to a unit; an assessor may "
			       "name their home unit");
	if (!display || !*display)
		display = name;
	if (!utf8_valid(display, strlen(display)) || strlen(display) > 120)
		return kp_fail_at(e, KP_EINPUT, KP_R_TOO_LONG, "display", 0, 40, "display name: at most 120 bytes of UTF-8 text");
	if (auth_account_get(s, name, 0, &existing, &ignore) == 0)
		return kp_fail_at(e, KP_EINPUT, KP_R_DUPLICATE, "name", 0, 0, "account \"%s\" already exists", name);
	if (auth_password_ok(name, password, e) || hash_password(password, hash, e))
		return e->code;
	char *now = now_utc_iso();
	int rc = store_begin(s, e);
	if (!rc) {
		store_stmt *st = store_sql(s, SQL_ACCOUNT_INSERT);
		st_bind_text(st, 1, name);
		st_bind_text(st, 2, display);
		st_bind_text(st, 3, auth_role_name(role));
		if (unit >= 0)
			st_bind_int(st, 4, c->units.ids[unit]);
		else
			st_bind_null(st, 4);
		st_bind_text(st, 5, hash);
		st_bind_text(st, 6, now);
		char *detail = xasprintf("role %s%s%s", auth_role_name(role), unit >= 0 ? ", unit " : "",
					 unit >= 0 ? c->units.names[unit] : "");
		rc = st_exec(st, e) || audit_log(s, by, "user.add", name, detail, e) || store_commit(s, e);
		free(detail);
		if (rc)
			store_rollback(s);
	}
	free(now);
	sodium_memzero(hash, sizeof hash);
	return rc ? e->code : 0;
}

/* Ends every session and API token of ACCOUNT, inside the caller's write
 * transaction; *TOKENS says how many tokens were ended. */
static int revoke_all(store *s, int64_t account, const char *by, int64_t *tokens, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_SESSION_REVOKE_ACCOUNT);
	st_bind_int(st, 1, account);
	if (st_exec(st, e))
		return e->code;
	char at[21];
	seconds_iso(now_unix(), at);
	st = store_sql(s, SQL_TOKEN_REVOKE_ACCOUNT);
	st_bind_int(st, 1, account);
	st_bind_text(st, 2, at);
	st_bind_text(st, 3, by);
	if (st_exec(st, e))
		return e->code;
	*tokens = store_changes(s);
	return 0;
}

int auth_account_set_disabled(store *s, const char *name, bool disabled, const char *by, struct kp_error *e)
{
	struct account a;
	if (auth_account_get(s, name, 0, &a, e) || store_begin(s, e))
		return e->code;
	store_stmt *st = store_sql(s, SQL_ACCOUNT_SET_DISABLED);
	st_bind_int(st, 1, a.id);
	st_bind_int(st, 2, disabled);
	int64_t tokens = 0;
	if (st_exec(st, e) || (disabled && revoke_all(s, a.id, by, &tokens, e))) {
		store_rollback(s);
		return e->code;
	}
	char *detail = disabled ? xasprintf("sessions and %lld API tokens ended", (long long)tokens) : xstrdup("");
	int rc = audit_log(s, by, disabled ? "user.disable" : "user.enable", name, detail, e) || store_commit(s, e);
	free(detail);
	if (rc) {
		store_rollback(s);
		return e->code;
	}
	return 0;
}

int auth_account_set_password(store *s, const char *name, const char *password, const char *by, struct kp_error *e)
{
	struct account a;
	char hash[crypto_pwhash_STRBYTES];
	if (auth_account_get(s, name, 0, &a, e) || auth_password_ok(name, password, e) || hash_password(password, hash, e))
		return e->code;
	char *now = now_utc_iso();
	int rc = store_begin(s, e);
	if (!rc) {
		store_stmt *st = store_sql(s, SQL_ACCOUNT_SET_PASSWORD);
		st_bind_int(st, 1, a.id);
		st_bind_text(st, 2, hash);
		st_bind_text(st, 3, now);
		int64_t tokens = 0;
		rc = st_exec(st, e) || revoke_all(s, a.id, by, &tokens, e);
		if (!rc) {
			char *detail = xasprintf("sessions and %lld API tokens ended", (long long)tokens);
			rc = audit_log(s, by, "user.passwd", name, detail, e) || store_commit(s, e);
			free(detail);
		}
		if (rc)
			store_rollback(s);
	}
	free(now);
	sodium_memzero(hash, sizeof hash);
	return rc ? e->code : 0;
}

/* Audits a failed log-in of NAME in its own write transaction. */
static int login_failed(store *s, const char *name, const char *address, struct kp_error *e)
{
	if (store_begin(s, e))
		return e->code;
	char *detail = xasprintf("failed log-in from %s", address);
	int rc = audit_log(s, name, "auth.fail", name, detail, e) || store_commit(s, e);
	free(detail);
	if (rc)
		store_rollback(s);
	return rc ? e->code : 0;
}

int auth_login(store *s, const char *name, const char *password, const char *address, int64_t now,
	       struct account *a, char token[65], char csrf[33], struct kp_error *e)
{
	static const char refused[] = "wrong account name or password, or the account is disabled or locked";
	init_sodium();
	/* The attempt is counted before the password is checked, in the one
	 * write transaction that reads the count: parallel guesses queue for
	 * the write lock and each sees the ones before it, so no more of them
	 * are checked than the lock allows. The password hash (tens of
	 * milliseconds) is checked after the commit, not holding the lock. */
	if (store_begin(s, e))
		return e->code;
	store_stmt *st = store_sql(s, SQL_ACCOUNT_BY_NAME);
	st_bind_text(st, 1, name);
	int rc = st_step(st, e);
	if (rc <= 0) {
		store_rollback(s);
		if (rc < 0)
			return e->code;
		/* Spend the same time as a real check, so timing does not
		 * tell which account names exist. */
		char dummy[crypto_pwhash_STRBYTES];
		hash_password("kaoping-timing-equaliser", dummy, e);
		return kp_fail(e, KP_EINPUT, refused);
	}
	account_row(st, a);
	char hash[crypto_pwhash_STRBYTES];
	snprintf(hash, sizeof hash, "%s", st_text(st, 5));
	int failures = (int)st_int(st, 7);
	int64_t locked_until = st_int(st, 8);
	st_reset(st);
	bool locked = locked_until > now;
	st = store_sql(s, SQL_ACCOUNT_LOGIN_FAILED);
	st_bind_int(st, 1, a->id);
	/* The lock starts at the AUTH_MAX_FAILURES-th attempt in a row that
	 * is not a success; a success below resets the count. */
	st_bind_int(st, 2, failures + 1 >= AUTH_MAX_FAILURES ? now + AUTH_LOCK_SECONDS : locked_until);
	rc = st_exec(st, e);
	if (!rc && (locked || a->disabled)) {
		char *detail = xasprintf("failed log-in from %s (%s)", address, a->disabled ? "disabled" : "locked");
		rc = audit_log(s, name, "auth.fail", name, detail, e);
		free(detail);
	}
	if (rc || store_commit(s, e)) {
		store_rollback(s);
		return e->code;
	}
	/* Checked even when refused already: the same time either way. */
	bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	sodium_memzero(hash, sizeof hash);
	if (locked || a->disabled)
		return kp_fail(e, KP_EINPUT, refused);
	if (!ok)
		return login_failed(s, name, address, e) ? e->code : kp_fail(e, KP_EINPUT, refused);
	auth_random_hex(token, 32);
	auth_random_hex(csrf, 16);
	char token_hash[65];
	sha256_hex(token, 64, token_hash);
	if (store_begin(s, e))
		return e->code;
	st = store_sql(s, SQL_ACCOUNT_LOGIN_OK);
	st_bind_int(st, 1, a->id);
	rc = st_exec(st, e);
	if (!rc) {
		st = store_sql(s, SQL_SESSION_INSERT);
		st_bind_text(st, 1, token_hash);
		st_bind_int(st, 2, a->id);
		st_bind_text(st, 3, csrf);
		st_bind_int(st, 4, now);
		st_bind_text(st, 5, address);
		char *detail = xasprintf("log-in from %s", address);
		rc = st_exec(st, e) || audit_log(s, name, "auth.login", name, detail, e) || store_commit(s, e);
		free(detail);
	}
	if (rc)
		store_rollback(s);
	return rc ? e->code : 0;
}

/* Notes that session ID was used at NOW, in a write transaction of its
 * own (best effort: when the write lock is taken, the next request tries
 * again; a busy store must not log anybody out or fail a read). */
static void session_touch(store *s, int64_t id, int64_t now)
{
	struct kp_error ignore = {0};
	bool reading = store_reading(s);
	if (store_try_begin(s, &ignore) == 0) {
		store_stmt *st = store_sql(s, SQL_SESSION_TOUCH);
		st_bind_int(st, 1, id);
		st_bind_int(st, 2, now);
		if (st_exec(st, &ignore) || store_commit(s, &ignore))
			store_rollback(s);
	}
	if (reading) /* the request reads on, in a snapshot that has the touch */
		store_read_begin(s, &ignore);
}

int auth_session(store *s, const char *token, int64_t now, struct account *a, char csrf[33], int64_t *session_id,
		 struct kp_error *e)
{
	char token_hash[65];
	if (strlen(token) != 64)
		return kp_fail(e, KP_EINPUT, "no session");
	sha256_hex(token, 64, token_hash);
	store_stmt *st = store_sql(s, SQL_SESSION_GET);
	st_bind_text(st, 1, token_hash);
	int rc = st_step(st, e);
	if (rc <= 0)
		return rc < 0 ? e->code : kp_fail(e, KP_EINPUT, "no session");
	int64_t id = st_int(st, 0), account = st_int(st, 1), created = st_int(st, 3), seen = st_int(st, 4);
	snprintf(csrf, 33, "%s", st_text(st, 2));
	bool revoked = st_int(st, 5) != 0;
	st_reset(st);
	if (revoked || now - seen > AUTH_IDLE_SECONDS || now - created > AUTH_ABSOLUTE_SECONDS)
		return kp_fail(e, KP_EINPUT, "session ended");
	if (auth_account_get(s, NULL, account, a, e))
		return e->code;
	if (a->disabled)
		return kp_fail(e, KP_EINPUT, "account disabled");
	*session_id = id;
	if (now - seen >= AUTH_TOUCH_SECONDS) /* reads stay cheap: a write a minute at most */
		session_touch(s, id, now);
	return 0;
}

int auth_logout(store *s, int64_t session_id, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_SESSION_REVOKE);
	st_bind_int(st, 1, session_id);
	return st_exec(st, e) ? e->code : 0;
}

enum api_token_state auth_token_state(const struct api_token *t, int64_t now)
{
	return t->revoked ? TOKEN_REVOKED : now >= t->expires ? TOKEN_EXPIRED : TOKEN_ACTIVE;
}

const char *auth_token_state_name(enum api_token_state state)
{
	return state == TOKEN_REVOKED ? "revoked" : state == TOKEN_EXPIRED ? "expired" : "active";
}

/* When a token stored with EXPIRES (0: made before tokens expired) and
 * made at CREATED (ISO) ends. */
static int64_t token_expiry(int64_t expires, const char *created)
{
	if (expires)
		return expires;
	int64_t t = iso_seconds(created);
	return t == INT64_MIN ? 0 : t + (int64_t)AUTH_TOKEN_DAYS * 86400;
}

int auth_token_create(store *s, const char *name, const char *label, int days, int64_t now, const char *by,
		      char token[65], int64_t *id, struct kp_error *e)
{
	struct account a;
	char token_hash[65];
	if (!label)
		label = "";
	if (!utf8_valid(label, strlen(label)) || strlen(label) > 100)
		return kp_fail_at(e, KP_EINPUT, KP_R_TOO_LONG, "label", 0, 33, "label: at most 100 bytes of UTF-8 text");
	if (days < 1 || days > AUTH_TOKEN_MAX_DAYS)
		return kp_fail_at(e, KP_EINPUT, KP_R_RANGE, "days", 1, AUTH_TOKEN_MAX_DAYS,
				  "days: a whole number from 1 to %d", AUTH_TOKEN_MAX_DAYS);
	auth_random_hex(token, 32);
	sha256_hex(token, 64, token_hash);
	char created[21]; /* NOW, the clock the expiry is counted from */
	seconds_iso(now, created);
	int64_t expires = now + (int64_t)days * 86400;
	/* the account read in the write transaction: a disabling that commits
	 * first is seen, and no token outlives it */
	int rc = store_begin(s, e);
	if (!rc && (auth_account_get(s, name, 0, &a, e) ||
		    (a.disabled && kp_fail(e, KP_EINPUT, "account \"%s\" is disabled", name)))) {
		store_rollback(s);
		rc = e->code;
	}
	if (!rc) {
		store_stmt *st = store_sql(s, SQL_TOKEN_INSERT);
		st_bind_text(st, 1, token_hash);
		st_bind_int(st, 2, a.id);
		st_bind_text(st, 3, label);
		st_bind_text(st, 4, created);
		st_bind_int(st, 5, expires);
		rc = st_step(st, e) != 1;
		int64_t made = rc ? 0 : st_int(st, 0);
		if (!rc)
			rc = st_exec(st, e) != 0;
		char until[21];
		seconds_iso(expires, until);
		char *detail = xasprintf("token %lld \"%s\", until %s", (long long)made, label, until);
		rc = rc || audit_log(s, by, "user.token", name, detail, e) || store_commit(s, e);
		free(detail);
		if (rc)
			store_rollback(s);
		else if (id)
			*id = made;
	}
	return rc ? e->code : 0;
}

int auth_token_list(store *s, const char *name, struct api_token **out, int *n, struct kp_error *e)
{
	struct account a;
	*out = NULL, *n = 0;
	if (auth_account_get(s, name, 0, &a, e))
		return e->code;
	store_stmt *st = store_sql(s, SQL_TOKEN_LIST);
	st_bind_int(st, 1, a.id);
	int rc, cap = 0;
	while ((rc = st_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		struct api_token *t = &(*out)[(*n)++];
		memset(t, 0, sizeof *t);
		t->id = st_int(st, 0);
		snprintf(t->label, sizeof t->label, "%s", st_text(st, 1));
		snprintf(t->created_at, sizeof t->created_at, "%s", st_text(st, 2));
		t->expires = token_expiry(st_int(st, 3), st_text(st, 2));
		seconds_iso(t->expires, t->expires_at);
		t->revoked = st_int(st, 4) != 0;
		snprintf(t->revoked_at, sizeof t->revoked_at, "%s", st_text(st, 5));
		snprintf(t->revoked_by, sizeof t->revoked_by, "%s", st_text(st, 6));
	}
	if (rc < 0) {
		free(*out);
		*out = NULL, *n = 0;
		return e->code;
	}
	return 0;
}

int auth_token_revoke(store *s, const char *name, int64_t id, const char *by, struct kp_error *e)
{
	struct account a;
	if (auth_account_get(s, name, 0, &a, e) || store_begin(s, e))
		return e->code;
	char *at = now_utc_iso();
	store_stmt *st = store_sql(s, SQL_TOKEN_REVOKE);
	st_bind_int(st, 1, id);
	st_bind_int(st, 2, a.id);
	st_bind_text(st, 3, at);
	st_bind_text(st, 4, by);
	free(at);
	if (st_exec(st, e)) {
		store_rollback(s);
		return e->code;
	}
	if (store_changes(s) != 1) {
		store_rollback(s);
		return kp_fail(e, KP_EINPUT, "%s has no API token %lld that is not revoked already", name, (long long)id);
	}
	char *detail = xasprintf("token %lld revoked", (long long)id);
	int rc = audit_log(s, by, "user.token.revoke", name, detail, e) || store_commit(s, e);
	free(detail);
	if (rc)
		store_rollback(s);
	return rc ? e->code : 0;
}

int auth_bearer(store *s, const char *token, int64_t now, struct account *a, struct kp_error *e)
{
	char token_hash[65];
	if (strlen(token) != 64)
		return kp_fail(e, KP_EINPUT, "unknown token");
	sha256_hex(token, 64, token_hash);
	store_stmt *st = store_sql(s, SQL_TOKEN_GET);
	st_bind_text(st, 1, token_hash);
	int rc = st_step(st, e);
	if (rc <= 0)
		return rc < 0 ? e->code : kp_fail(e, KP_EINPUT, "unknown token");
	int64_t account = st_int(st, 0), expires = token_expiry(st_int(st, 1), st_text(st, 2));
	st_reset(st);
	if (now >= expires)
		return kp_fail(e, KP_EINPUT, "token expired");
	if (auth_account_get(s, NULL, account, a, e))
		return e->code;
	return a->disabled ? kp_fail(e, KP_EINPUT, "account disabled") : 0;
}

/* ---- the list of accounts ---- */

void auth_account_list_free(struct account_list *l)
{
	for (int i = 0; i < l->n; i++) {
		struct account_row *a = &l->row[i];
		free(a->name), free(a->display), free(a->role), free(a->unit), free(a->created_at);
	}
	free(l->row);
	l->row = NULL, l->n = 0;
}

int auth_account_list(store *s, struct account_list *l, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_ACCOUNT_LIST);
	int rc, cap = 0;
	while ((rc = st_step(st, e)) == 1) {
		if (l->n == cap) {
			cap = cap ? 2 * cap : 16;
			l->row = xrealloc(l->row, (size_t)cap * sizeof *l->row);
		}
		l->row[l->n++] = (struct account_row){
			.id = st_int(st, 0),
			.name = xstrdup(st_text(st, 1)),
			.display = xstrdup(st_text(st, 2)),
			.role = xstrdup(st_text(st, 3)),
			.unit = xstrdup(st_text(st, 4)),
			.disabled = st_int(st, 5) != 0,
			.failed_logins = st_int(st, 6),
			.locked_until = st_int(st, 7),
			.created_at = xstrdup(st_text(st, 8)),
		};
	}
	st_reset(st);
	if (rc < 0)
		auth_account_list_free(l);
	return rc < 0 ? e->code : 0;
}
