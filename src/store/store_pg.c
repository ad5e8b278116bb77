/* store_pg.c — the PostgreSQL backend of the store (store_int.h's struct
 * store_ops), through libpq: statements prepared once per connection,
 * reads in one REPEATABLE READ snapshot, writes serialised by a
 * transaction-scoped advisory lock, typed reads that answer as SQLite's. */
#include "store/store_int.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The advisory lock every write transaction takes first ("kaoping" in
 * ASCII): writers go one at a time, as SQLite's one writer does, which the
 * audit chain (each entry's id and hash follow the last) depends on. */
#define PG_WRITE_LOCK "30224953763262055"

/* The schema `init` builds a new store in (store_staging) before
 * store_swap moves its tables into the store's own schema. */
#define STAGING_SCHEMA "kaoping_init"

/* PostgreSQL's type oid of boolean (pg_type.dat). */
enum { PG_BOOLOID = 16 };

struct pg_stmt {
	struct store_stmt base;
	char name[16];     /* the prepared statement's name, "k<id>" */
	char *text;        /* the SQL, kept to prepare later when it could not be at first */
	bool prepared;
	const char *vals[32]; /* $N's value as text (vals[N - 1]); NULL binds NULL */
	char *owned[32];      /* the copies among them */
	PGresult *res;     /* the current run's rows */
	int row, nrows;
};

struct pg_store {
	struct store base;
	PGconn *conn;
	bool writing; /* inside a write transaction */
	int64_t changes;
};

static struct pg_store *pg(store *s)
{
	return (struct pg_store *)s;
}

static struct pg_stmt *ps(store_stmt *st)
{
	return (struct pg_stmt *)st;
}

/* The notices PostgreSQL sends (no transaction in progress, …) are not
 * the user's business. */
static void quiet(void *arg, const char *message)
{
	(void)arg, (void)message;
}

/* The error RES (or the connection's) as a kp_error: a lock not had in
 * time (lock_timeout), a serialisation failure or a deadlock is KP_EBUSY
 * as SQLite's busy store is; a unique key that is not is reported in
 * SQLite's words (the domain recognises "UNIQUE"). */
static int pg_error(struct pg_store *s, const PGresult *res, struct kp_error *e, const char *what)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res && *PQresultErrorMessage(res) ? PQresultErrorMessage(res) : PQerrorMessage(s->conn);
	char *clean = xstrdup(msg);
	size_t n = strlen(clean);
	while (n && (clean[n - 1] == '\n' || clean[n - 1] == ' '))
		clean[--n] = '\0';
	int rc;
	if (state && (!strcmp(state, "55P03") || !strcmp(state, "40001") || !strcmp(state, "40P01"))) {
		s->base.busy = true;
		rc = kp_fail(e, KP_EBUSY, "store %s is busy: another write held it for over %d s; try again shortly"
			     " (nothing was changed)", s->base.path, STORE_BUSY_MS / 1000);
	} else if (state && !strcmp(state, "23505")) {
		rc = kp_fail(e, KP_EFAIL, "store %s: %s: UNIQUE constraint failed (%s)", s->base.path, what, clean);
	} else {
		rc = kp_fail(e, KP_EFAIL, "store %s: %s: %s", s->base.path, what, clean);
	}
	free(clean);
	return rc;
}

/* Runs SQL (one or more statements, no parameters); 0 or an error. */
static int exec_sql(struct pg_store *s, const char *sql, struct kp_error *e)
{
	PGresult *res = PQexec(s->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : pg_error(s, res, e, "exec");
	PQclear(res);
	return rc;
}

/* Runs SQL (one statement, parameter $1 = ARG unless NULL) and returns
 * the first column of its first row in *OUT (caller frees; NULL when no
 * row or NULL). */
static int query_value(struct pg_store *s, const char *sql, const char *arg, char **out, struct kp_error *e)
{
	*out = NULL;
	PGresult *res = PQexecParams(s->conn, sql, arg ? 1 : 0, NULL, arg ? &arg : NULL, NULL, NULL, 0);
	int rc = 0;
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = pg_error(s, res, e, "query");
	else if (PQntuples(res) && !PQgetisnull(res, 0, 0))
		*out = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

/* What every session of the connection starts with: quiet notices, UTF-8. */
static int session_setup(struct pg_store *s, struct kp_error *e)
{
	PQsetNoticeProcessor(s->conn, quiet, NULL);
	if (PQsetClientEncoding(s->conn, "UTF8") != 0)
		return kp_fail(e, KP_EFAIL, "the PostgreSQL store does not speak UTF-8");
	return exec_sql(s, "SET client_min_messages = warning; SET standard_conforming_strings = on", e);
}

/* Connects to PATH: *OUT a new connection (an owned, half-made store
 * without statements) or KP_EINPUT when the server cannot be reached. */
static int connect_to(const char *path, struct pg_store **out, struct kp_error *e)
{
	struct pg_store *s = xcalloc(1, sizeof *s);
	s->base.ops = &store_pg_ops;
	s->base.path = xstrdup(path);
	s->conn = PQconnectdb(path);
	if (!s->conn || PQstatus(s->conn) != CONNECTION_OK) {
		char *msg = xstrdup(s->conn ? PQerrorMessage(s->conn) : "out of memory");
		size_t n = strlen(msg);
		while (n && msg[n - 1] == '\n')
			msg[--n] = '\0';
		kp_fail(e, KP_EINPUT, "cannot connect to the PostgreSQL store: %s", msg);
		free(msg);
		PQfinish(s->conn);
		free(s->base.path);
		free(s);
		return KP_EINPUT;
	}
	if (session_setup(s, e)) {
		PQfinish(s->conn);
		free(s->base.path);
		free(s);
		return e->code;
	}
	*out = s;
	return 0;
}

static void pg_close(store *s)
{
	PQfinish(pg(s)->conn);
	free(s);
}

/* Reads the schema version (0: no meta table) into *VERSION, *HAS_META. */
static int read_version(struct pg_store *s, int *version, bool *has_meta, struct kp_error *e)
{
	char *v = NULL;
	int rc = query_value(s, "SELECT to_regclass('meta') IS NOT NULL", NULL, &v, e);
	*has_meta = !rc && v && v[0] == 't';
	free(v), v = NULL;
	if (!rc && *has_meta)
		rc = query_value(s, "SELECT value FROM meta WHERE key = 'schema_version'", NULL, &v, e);
	*version = v ? atoi(v) : 0;
	free(v);
	return rc;
}

/* Brings the schema up to date in one transaction that holds the write
 * lock (waiting for it no longer than a write does), so two processes
 * starting at once do not both migrate. A store already up to date is
 * opened without the lock: reads go on while another process writes. */
static int migrate(struct pg_store *s, bool fresh, struct kp_error *e)
{
	char *v = NULL, begin[160];
	int n = store_migration_count(), version = 0, rc;
	bool has_meta;
	if ((rc = read_version(s, &version, &has_meta, e)))
		return rc;
	if (!fresh && version == n)
		return 0;
	snprintf(begin, sizeof begin, "BEGIN; SET LOCAL lock_timeout = %d; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")",
		 STORE_BUSY_MS);
	if ((rc = exec_sql(s, begin, e)))
		goto out;
	if ((rc = read_version(s, &version, &has_meta, e)))
		goto out;
	if (fresh && has_meta) {
		rc = kp_fail(e, KP_EINPUT, "%s already holds a kaoping store; use --force to replace it", s->base.path);
		goto out;
	}
	if (version == 0 && !fresh) {
		rc = kp_fail(e, KP_EINPUT, "%s is not a kaoping store (create one with `kaoping init`)", s->base.path);
		goto out;
	}
	if (version > n) {
		rc = kp_fail(e, KP_EINPUT, "store %s has schema %d, newer than this kaoping (%d); upgrade kaoping",
			     s->base.path, version, n);
		goto out;
	}
	for (int m = version; m < n && !rc; m++) {
		char *sql = store_migration(m, DIALECT_PG), num[16];
		snprintf(num, sizeof num, "%d", m + 1);
		rc = exec_sql(s, sql, e);
		if (!rc) {
			PGresult *res = PQexecParams(s->conn, store_sql_schema_version, 1, NULL,
						     (const char *const[]){num}, NULL, NULL, 0);
			if (PQresultStatus(res) != PGRES_COMMAND_OK)
				rc = pg_error(s, res, e, "recording the schema version");
			PQclear(res);
		}
		free(sql);
	}
	if (!rc)
		rc = exec_sql(s, "COMMIT", e);
out:
	free(v);
	if (rc)
		exec_sql(s, "ROLLBACK", &(struct kp_error){0});
	return rc;
}

/* True when S's connection is to a staging store (its search_path the
 * staging schema, made by store_staging). */
static bool staging(struct pg_store *s)
{
	char *v = NULL;
	query_value(s, "SELECT current_setting('search_path') = '" STAGING_SCHEMA "'", NULL, &v, &(struct kp_error){0});
	bool yes = v && v[0] == 't';
	free(v);
	return yes;
}

static int pg_open(const char *path, enum store_open_mode mode, store **out, struct kp_error *e)
{
	struct pg_store *s;
	if (connect_to(path, &s, e))
		return e->code;
	if (mode == STORE_CREATE && staging(s) && exec_sql(s, "CREATE SCHEMA IF NOT EXISTS " STAGING_SCHEMA, e)) {
		store_close(&s->base);
		return e->code;
	}
	if (migrate(s, mode == STORE_CREATE, e)) {
		store_close(&s->base);
		return e->code;
	}
	*out = &s->base;
	return 0;
}

static int pg_exists(const char *path, bool *exists, struct kp_error *e)
{
	struct pg_store *s;
	char *v = NULL;
	if (connect_to(path, &s, e))
		return e->code;
	int rc = query_value(s, "SELECT to_regclass('meta') IS NOT NULL", NULL, &v, e);
	*exists = v && v[0] == 't';
	free(v);
	store_close(&s->base);
	return rc;
}

/* Drops kaoping's tables (those the migrations create), in one
 * transaction; a staging store's whole schema. */
static int pg_remove(const char *path, struct kp_error *e)
{
	struct pg_store *s;
	if (connect_to(path, &s, e))
		return e->code;
	if (staging(s)) {
		int rc = exec_sql(s, "DROP SCHEMA IF EXISTS " STAGING_SCHEMA " CASCADE", e);
		store_close(&s->base);
		return rc;
	}
	int n;
	const char *const *tables = store_tables(&n);
	struct strbuf b = {0};
	sb_adds(&b, "BEGIN; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK "); DROP TABLE IF EXISTS ");
	for (int i = 0; i < n; i++)
		sb_addf(&b, "%s\"%s\"", i ? ", " : "", tables[i]);
	sb_adds(&b, " CASCADE; COMMIT");
	int rc = exec_sql(s, b.s, e);
	if (rc)
		exec_sql(s, "ROLLBACK", &(struct kp_error){0});
	free(b.s);
	store_close(&s->base);
	return rc;
}

static char *pg_staging(const char *path)
{
	/* libpq's options parameter, percent-encoded: -c search_path=… */
	return xasprintf("%s%coptions=-csearch_path%%3D" STAGING_SCHEMA, path, strchr(path, '?') ? '&' : '?');
}

/* In one transaction under the write lock: kaoping's tables in the
 * store's schema dropped, the staging schema's moved in (with their
 * indexes, constraints and identity sequences), the staging schema gone. */
static int pg_swap(const char *staging_path, const char *path, struct kp_error *e)
{
	(void)staging_path; /* (the staging schema is in the same database) */
	struct pg_store *s;
	char *target = NULL;
	if (connect_to(path, &s, e))
		return e->code;
	int rc = query_value(s, "SELECT current_schema()", NULL, &target, e);
	if (!rc && !target)
		rc = kp_fail(e, KP_EFAIL, "store %s: no schema to put the new store in (search_path)", path);
	if (rc) {
		store_close(&s->base);
		return rc;
	}
	char *to = PQescapeIdentifier(s->conn, target, strlen(target));
	int n;
	const char *const *tables = store_tables(&n);
	struct strbuf b = {0};
	sb_addf(&b, "BEGIN; SET LOCAL lock_timeout = %d; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ");", STORE_BUSY_MS);
	sb_adds(&b, " DROP TABLE IF EXISTS ");
	for (int i = 0; i < n; i++)
		sb_addf(&b, "%s%s.\"%s\"", i ? ", " : "", to, tables[i]);
	sb_adds(&b, " CASCADE;");
	for (int i = 0; i < n; i++)
		sb_addf(&b, " ALTER TABLE " STAGING_SCHEMA ".\"%s\" SET SCHEMA %s;", tables[i], to);
	sb_adds(&b, " DROP SCHEMA " STAGING_SCHEMA "; COMMIT");
	rc = exec_sql(s, b.s, e);
	if (rc)
		exec_sql(s, "ROLLBACK", &(struct kp_error){0});
	free(b.s);
	PQfreemem(to);
	free(target);
	store_close(&s->base);
	return rc;
}

static bool pg_in_transaction(const store *s)
{
	PGTransactionStatusType t = PQtransactionStatus(((const struct pg_store *)s)->conn);
	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

static void pg_rollback(store *b)
{
	struct pg_store *s = pg(b);
	if (pg_in_transaction(b))
		exec_sql(s, "ROLLBACK", &(struct kp_error){0});
	s->writing = false;
	if (PQstatus(s->conn) == CONNECTION_BAD) {
		/* The server went away (restarted, failed over): connect again
		 * for the next request; the new session has no prepared
		 * statements, so each is prepared again at its next run. */
		PQreset(s->conn);
		if (PQstatus(s->conn) == CONNECTION_OK)
			session_setup(s, &(struct kp_error){0});
		for (int i = 0; i < SQL__COUNT; i++)
			if (b->stmts[i])
				ps(b->stmts[i])->prepared = false;
	}
}

/* BEGIN, then the write lock: within WAIT_MS (lock_timeout; its error is
 * the busy answer), or tried once when WAIT_MS is 0. */
static int pg_begin(store *b, int wait_ms, struct kp_error *e)
{
	struct pg_store *s = pg(b);
	if (s->writing)
		return kp_fail(e, KP_EFAIL, "store %s: a write transaction is already open", b->path);
	if (pg_in_transaction(b)) /* the read before it ends */
		exec_sql(s, "ROLLBACK", &(struct kp_error){0});
	int rc;
	if (wait_ms > 0) {
		char sql[160];
		snprintf(sql, sizeof sql, "BEGIN; SET LOCAL lock_timeout = %d; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")",
			 wait_ms);
		rc = exec_sql(s, sql, e);
	} else {
		char *got = NULL;
		rc = exec_sql(s, "BEGIN", e);
		if (!rc)
			rc = query_value(s, "SELECT pg_try_advisory_xact_lock(" PG_WRITE_LOCK ")", NULL, &got, e);
		if (!rc && !(got && got[0] == 't')) {
			b->busy = true;
			rc = kp_fail(e, KP_EBUSY, "store %s is busy: another write holds it; try again shortly"
				     " (nothing was changed)", b->path);
		}
		free(got);
	}
	if (rc) {
		exec_sql(s, "ROLLBACK", &(struct kp_error){0});
		return rc;
	}
	s->writing = true;
	return 0;
}

static int pg_read_begin(store *s, struct kp_error *e)
{
	return exec_sql(pg(s), "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", e);
}

static int pg_commit(store *b, struct kp_error *e)
{
	struct pg_store *s = pg(b);
	/* A statement failed in the transaction: PostgreSQL will only roll
	 * it back (COMMIT would answer ROLLBACK), so say so. */
	if (PQtransactionStatus(s->conn) == PQTRANS_INERROR)
		return kp_fail(e, KP_EFAIL, "store %s: a statement of the transaction failed; nothing was changed", b->path);
	int rc = exec_sql(s, "COMMIT", e);
	s->writing = false;
	return rc;
}

static void pg_bulk_mode(store *s, bool on)
{
	/* A bulk load is one transaction: its commit need not wait for the
	 * disk (a crash loses the load, never makes the store inconsistent). */
	exec_sql(pg(s), on ? "SET synchronous_commit = off" : "RESET synchronous_commit", &(struct kp_error){0});
}

/* Prepares ST on the connection; false with *ERR when it does not. */
static bool prepare_now(struct pg_store *s, struct pg_stmt *st, char **err)
{
	PGresult *res = PQprepare(s->conn, st->name, st->text, 0, NULL);
	st->prepared = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!st->prepared && err)
		*err = xstrdup(PQresultErrorMessage(res));
	PQclear(res);
	return st->prepared;
}

static store_stmt *pg_prepare(store *b, enum store_sql id, const char *text, char **err)
{
	struct pg_store *s = pg(b);
	struct pg_stmt *st = xcalloc(1, sizeof *st);
	snprintf(st->name, sizeof st->name, "k%d", (int)id);
	st->text = xstrdup(text);
	/* In a transaction that already failed nothing prepares: it is
	 * prepared at its first run instead (and fails as that run must). */
	if (PQtransactionStatus(s->conn) != PQTRANS_INERROR && !prepare_now(s, st, err)) {
		free(st->text);
		free(st);
		return NULL;
	}
	return &st->base;
}

static void pg_reset(store_stmt *b)
{
	struct pg_stmt *st = ps(b);
	PQclear(st->res);
	st->res = NULL;
	st->row = st->nrows = 0;
}

static void pg_finalize(store_stmt *b)
{
	struct pg_stmt *st = ps(b);
	pg_reset(b);
	for (int i = 0; i < 32; i++)
		free(st->owned[i]);
	free(st->text);
	free(st);
}

static void set_value(store_stmt *b, int n, const char *v, bool copy)
{
	struct pg_stmt *st = ps(b);
	free(st->owned[n - 1]);
	st->owned[n - 1] = copy && v ? xstrdup(v) : NULL;
	st->vals[n - 1] = copy ? st->owned[n - 1] : v;
}

static void pg_bind_int(store_stmt *b, int n, int64_t v)
{
	char num[24];
	snprintf(num, sizeof num, "%lld", (long long)v);
	set_value(b, n, num, true);
}

static void pg_bind_text(store_stmt *b, int n, const char *v, bool copy)
{
	set_value(b, n, v, copy);
}

static void pg_bind_null(store_stmt *b, int n)
{
	set_value(b, n, NULL, false);
}

static int pg_step(store_stmt *b, struct kp_error *e)
{
	struct pg_stmt *st = ps(b);
	struct pg_store *s = pg(b->owner);
	/* Stepped again after its last row, a statement runs again (with the
	 * values bound now), as SQLite's does. */
	if (st->res && st->row >= st->nrows)
		pg_reset(b);
	if (!st->res) {
		if (!st->prepared && !prepare_now(s, st, NULL)) {
			PGresult *res = PQexec(s->conn, "SELECT"); /* the transaction's error, for the message */
			pg_error(s, res, e, "query");
			PQclear(res);
			return -1;
		}
		PGresult *res = PQexecPrepared(s->conn, st->name, b->nparams, st->vals, NULL, NULL, 0);
		ExecStatusType t = PQresultStatus(res);
		if (t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK) {
			pg_error(s, res, e, "query");
			PQclear(res);
			return -1;
		}
		const char *cmd = PQcmdStatus(res);
		if (!strncmp(cmd, "INSERT", 6) || !strncmp(cmd, "UPDATE", 6) || !strncmp(cmd, "DELETE", 6))
			s->changes = atoll(PQcmdTuples(res));
		st->res = res;
		st->nrows = t == PGRES_TUPLES_OK ? PQntuples(res) : 0;
		st->row = -1;
	}
	if (st->row + 1 < st->nrows) {
		st->row++;
		return 1;
	}
	st->row = st->nrows;
	return 0;
}

static int pg_ncols(store_stmt *b)
{
	return ps(b)->res ? PQnfields(ps(b)->res) : 0;
}

/* True when the current row has a value at COL (a run with a row ready). */
static bool has_row(struct pg_stmt *st)
{
	return st->res && st->row >= 0 && st->row < st->nrows;
}

/* Booleans read as SQLite's 1 and 0; other values by their text, as
 * SQLite converts text to integers (leading digits; none: 0). */
static int64_t pg_col_int(store_stmt *b, int col)
{
	struct pg_stmt *st = ps(b);
	if (!has_row(st) || PQgetisnull(st->res, st->row, col))
		return 0;
	const char *v = PQgetvalue(st->res, st->row, col);
	if (PQftype(st->res, col) == PG_BOOLOID)
		return v[0] == 't';
	return strtoll(v, NULL, 10);
}

static const char *pg_col_text(store_stmt *b, int col)
{
	struct pg_stmt *st = ps(b);
	if (!has_row(st) || PQgetisnull(st->res, st->row, col))
		return NULL;
	const char *v = PQgetvalue(st->res, st->row, col);
	if (PQftype(st->res, col) == PG_BOOLOID)
		return v[0] == 't' ? "1" : "0";
	return v;
}

static bool pg_col_null(store_stmt *b, int col)
{
	struct pg_stmt *st = ps(b);
	return !has_row(st) || PQgetisnull(st->res, st->row, col);
}

static int64_t pg_changes(store *s)
{
	return pg(s)->changes;
}

const struct store_ops store_pg_ops = {
	.name = "PostgreSQL",
	.dialect = DIALECT_PG,
	.open = pg_open,
	.close = pg_close,
	.remove = pg_remove,
	.exists = pg_exists,
	.staging = pg_staging,
	.swap = pg_swap,
	.begin = pg_begin,
	.read_begin = pg_read_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.in_transaction = pg_in_transaction,
	.bulk_mode = pg_bulk_mode,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.ncols = pg_ncols,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_null = pg_col_null,
	.changes = pg_changes,
};
