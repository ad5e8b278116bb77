/* test_store.c — the store's two backends (SQLite, and PostgreSQL when
 * KAOPING_TEST_PG names a server): every registered statement prepares on
 * each, reads answer alike on both (booleans as 0/1, 64-bit integers), a
 * failed statement leaves the store usable, a held write lock is the busy
 * answer, and concurrent writers keep the audit chain whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util.h"
#include "domain/audit.h"
#include "store/sql.h"
#include "store/store.h"
#include "store/store_int.h"
#include "testutil.h"

/* The backends of this run: an SQLite file in a scratch folder, and a
 * PostgreSQL database under KAOPING_TEST_PG. */
enum { SQLITE, PG, NBACKENDS };
static const char *const backend_name[] = {"SQLite", "PostgreSQL"};

/* A new, empty store on backend B (its path in *PATH, caller frees), or
 * NULL when B is not available in this run. */
static store *new_store_on(int b, char **path)
{
	*path = NULL;
	if (b == PG) {
		if (!(*path = pg_database()))
			return NULL;
	} else {
		scratch_dir();
		*path = xstrdup(scratch_path("k.db"));
	}
	store *s = NULL;
	struct kp_error e = {0};
	if (store_open(*path, STORE_CREATE, &s, &e))
		fail_msg("%s: store_open %s: %s", backend_name[b], *path, e.msg);
	return s;
}

static void done_with(int b, store *s, char *path)
{
	store_close(s);
	if (b == PG)
		pg_drop_database(path);
	free(path);
}

/* Every registered statement prepares against the migrated schema, on
 * each backend (a statement that does not abort the program at its first
 * use). */
static void test_every_registered_statement_prepares_on_each_backend(void **state)
{
	(void)state;
	int tried = 0;
	for (int b = 0; b < NBACKENDS; b++) {
		char *path;
		store *s = new_store_on(b, &path);
		if (!s) {
			print_message("(no %s in this run: set KAOPING_TEST_PG, or use tools/pg-test.sh)\n", backend_name[b]);
			continue;
		}
		int failed = 0, n = 0;
		for (int id = 0; id < SQL__COUNT; id++) {
			if (!store_sql_text(id))
				continue;
			char *text = store_statement(id, s->ops->dialect), *err = NULL;
			store_stmt *st = s->ops->prepare(s, id, text, &err);
			if (!st) {
				print_error("%s: statement %d does not prepare: %s\n  %s\n", backend_name[b], id, err, text);
				failed++;
			} else {
				s->ops->finalize(st);
			}
			n++;
			free(err);
			free(text);
		}
		assert_int_equal(failed, 0);
		assert_true(n > 100);
		tried++;
		done_with(b, s, path);
	}
	assert_true(tried >= 1);
}

/* A campaign and unit for the tests below; returns the unit's id. */
static int64_t add_unit(store *s, const char *name)
{
	struct kp_error e = {0};
	assert_int_equal(store_begin(s, &e), 0);
	store_stmt *st = store_sql(s, SQL_CAMPAIGN_INSERT);
	st_bind_text(st, 1, "t");
	st_bind_int(st, 2, 2024);
	st_bind_text(st, 3, "Asia/Shanghai");
	for (int i = 4; i <= 9; i++)
		st_bind_null(st, i);
	st_bind_text(st, 10, "2024-01-01T00:00:00Z");
	assert_int_equal(st_step(st, &e), 1);
	int64_t campaign = st_int(st, 0);
	st_reset(st);
	st = store_sql(s, SQL_UNIT_INSERT);
	st_bind_int(st, 1, campaign);
	st_bind_text(st, 2, name);
	st_bind_int(st, 3, 1);
	assert_int_equal(st_step(st, &e), 1);
	int64_t unit = st_int(st, 0);
	st_reset(st);
	assert_int_equal(store_commit(s, &e), 0);
	return unit;
}

/* Booleans the SQL computes (x IS NULL) read as 1 and 0, in integers and
 * text; Unix seconds past 2038 and other 64-bit values come back whole;
 * NULL reads as 0 and "". */
static void test_reads_answer_alike_on_each_backend(void **state)
{
	(void)state;
	for (int b = 0; b < NBACKENDS; b++) {
		char *path;
		store *s = new_store_on(b, &path);
		if (!s)
			continue;
		struct kp_error e = {0};
		add_unit(s, "区民政局");
		assert_int_equal(store_begin(s, &e), 0);
		store_stmt *st = store_sql(s, SQL_POSITION_INSERT);
		st_bind_int(st, 1, 1);
		st_bind_text(st, 2, "member");
		st_bind_text(st, 3, "区民政局副局长");
		st_bind_null(st, 4);
		st_bind_int(st, 5, 1);
		assert_int_equal(st_step(st, &e), 1);
		int64_t position = st_int(st, 0);
		st_reset(st);
		st = store_sql(s, SQL_HOLDER_INSERT);
		st_bind_int(st, 1, position);
		st_bind_text(st, 2, "张三");
		st_bind_text(st, 3, "2024-01-01");
		st_bind_text(st, 4, "test");
		st_bind_text(st, 5, "2024-01-01T00:00:00Z");
		assert_int_equal(st_exec(st, &e), 0);
		assert_int_equal(store_changes(s), 1);
		int64_t far = INT64_C(4102444800) * 4; /* long after 2038 and 2100 */
		st = store_sql(s, SQL_HOOK_INSERT);
		st_bind_int(st, 1, 1);
		st_bind_text(st, 2, "k");
		st_bind_text(st, 3, "t");
		st_bind_text(st, 4, "{}");
		st_bind_int(st, 5, far);
		st_bind_text(st, 6, "2024-01-01T00:00:00Z");
		assert_int_equal(st_exec(st, &e), 0);
		assert_int_equal(store_commit(s, &e), 0);

		assert_int_equal(store_read_begin(s, &e), 0);
		st = store_sql(s, SQL_HOLDER_LIST);
		st_bind_int(st, 1, position);
		assert_int_equal(st_step(st, &e), 1);
		assert_string_equal(st_text(st, 0), "张三");
		assert_int_equal(st_int(st, 3), 1); /* to_date IS NULL */
		assert_string_equal(st_text(st, 3), "1");
		assert_string_equal(st_text(st, 2), ""); /* COALESCE(to_date, '') */
		assert_int_equal(st_step(st, &e), 0);
		st = store_sql(s, SQL_HOOK_PAGE);
		st_bind_int(st, 1, 1);
		st_bind_int(st, 2, INT64_MAX);
		st_bind_int(st, 3, 10);
		assert_int_equal(st_step(st, &e), 1);
		assert_true(st_int(st, 5) == far);
		assert_true(st_is_null(st, 8) == false); /* COALESCE(done_at, '') */
		st_reset(st);
		st = store_sql(s, SQL_CAMPAIGN_GET);
		st_bind_int(st, 1, 1);
		assert_int_equal(st_step(st, &e), 1);
		assert_true(st_is_null(st, 4)); /* material_deadline */
		assert_int_equal(st_int(st, 4), 0);
		assert_string_equal(st_text(st, 4), "");
		st_reset(st);
		store_release(s);
		done_with(b, s, path);
	}
}

/* A statement that fails inside a write transaction (a unit name taken)
 * fails the commit, nothing of the transaction is kept, and the next
 * transaction works. */
static void test_a_failed_statement_leaves_the_store_usable(void **state)
{
	(void)state;
	for (int b = 0; b < NBACKENDS; b++) {
		char *path;
		store *s = new_store_on(b, &path);
		if (!s)
			continue;
		struct kp_error e = {0};
		add_unit(s, "区民政局");
		for (int round = 0; round < 2; round++) {
			assert_int_equal(store_begin(s, &e), 0);
			store_stmt *st = store_sql(s, SQL_UNIT_INSERT);
			st_bind_int(st, 1, 1);
			st_bind_text(st, 2, "区教育局");
			st_bind_int(st, 3, 2);
			assert_int_equal(st_exec(st, &e), 0);
			st = store_sql(s, SQL_UNIT_INSERT);
			st_bind_int(st, 1, 1);
			st_bind_text(st, 2, "区民政局");
			st_bind_int(st, 3, 3);
			e = (struct kp_error){0};
			assert_int_equal(st_exec(st, &e), -1);
			assert_non_null(strstr(e.msg, "UNIQUE"));
			if (round == 0) {
				store_rollback(s);
			} else { /* carrying on regardless: the commit refuses */
				e = (struct kp_error){0};
				st = store_sql(s, SQL_UNIT_COUNT);
				st_bind_int(st, 1, 1);
				st_exec(st, &e);
				e = (struct kp_error){0};
				if (b == PG)
					assert_int_not_equal(store_commit(s, &e), 0);
				else
					store_rollback(s);
			}
			e = (struct kp_error){0};
			assert_int_equal(store_read_begin(s, &e), 0);
			st = store_sql(s, SQL_UNIT_COUNT);
			st_bind_int(st, 1, 1);
			assert_int_equal(st_step(st, &e), 1);
			assert_int_equal(st_int(st, 0), 1);
			store_release(s);
		}
		assert_int_equal(store_begin(s, &e), 0);
		assert_int_equal(store_counter_bump(s, COUNTER_SCORES, &e), 0);
		assert_int_equal(store_counter_bump(s, COUNTER_SCORES, &e), 0);
		assert_int_equal(store_commit(s, &e), 0);
		struct store_generations g;
		assert_int_equal(store_generations(s, &g, &e), 0);
		assert_int_equal(g.scores, 2);
		assert_int_equal(g.campaign, 0);
		store_release(s);
		done_with(b, s, path);
	}
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* While one connection writes, another's write waits STORE_BUSY_MS and
 * gets KP_EBUSY (store_busy then says so); trying without waiting fails at
 * once; after the commit the other can write. */
static void test_a_held_write_lock_is_the_busy_answer(void **state)
{
	(void)state;
	for (int b = 0; b < NBACKENDS; b++) {
		char *path;
		store *s = new_store_on(b, &path);
		if (!s)
			continue;
		store *t = NULL;
		struct kp_error e = {0};
		assert_int_equal(store_open(path, STORE_EXISTING, &t, &e), 0);
		assert_int_equal(store_begin(s, &e), 0);
		double t0 = now_s();
		assert_int_equal(store_begin(t, &e), KP_EBUSY);
		double waited = now_s() - t0;
		assert_true(waited >= STORE_BUSY_MS / 1000.0 * 0.9 && waited < STORE_BUSY_MS / 1000.0 * 3);
		assert_true(store_busy(t));
		store_release(t);
		assert_false(store_busy(t));
		e = (struct kp_error){0};
		t0 = now_s();
		assert_int_equal(store_try_begin(t, &e), KP_EBUSY);
		assert_true(now_s() - t0 < 0.5);
		assert_false(store_busy(t)); /* a skipped write does not make the request busy */
		assert_int_equal(store_commit(s, &(struct kp_error){0}), 0);
		e = (struct kp_error){0};
		assert_int_equal(store_begin(t, &e), 0);
		assert_int_equal(store_commit(t, &e), 0);
		store_close(t);
		done_with(b, s, path);
	}
}

struct writer {
	const char *path;
	int n, done, busy;
	char who[16];
};

static void *write_audit(void *arg)
{
	struct writer *w = arg;
	store *s = NULL;
	struct kp_error e = {0};
	if (store_open(w->path, STORE_EXISTING, &s, &e))
		return NULL;
	for (int i = 0; i < w->n; i++) {
		e = (struct kp_error){0};
		if (store_begin(s, &e)) {
			w->busy++;
			i--;
			store_release(s);
			continue;
		}
		char subject[32];
		snprintf(subject, sizeof subject, "%s-%d", w->who, i);
		if (audit_log(s, w->who, "test.write", subject, NULL, &e) || store_commit(s, &e)) {
			store_rollback(s);
			break;
		}
		w->done++;
		store_release(s);
	}
	store_close(s);
	return NULL;
}

/* Writers on their own connections append to the audit log at once: every
 * entry is kept and the chain verifies (each write takes the write lock
 * before it reads the last entry). */
static void test_concurrent_writers_keep_the_audit_chain_whole(void **state)
{
	(void)state;
	for (int b = 0; b < NBACKENDS; b++) {
		char *path;
		store *s = new_store_on(b, &path);
		if (!s)
			continue;
		enum { WRITERS = 4, EACH = 40 };
		struct writer w[WRITERS];
		pthread_t th[WRITERS];
		for (int i = 0; i < WRITERS; i++) {
			w[i] = (struct writer){.path = path, .n = EACH};
			snprintf(w[i].who, sizeof w[i].who, "w%d", i);
			assert_int_equal(pthread_create(&th[i], NULL, write_audit, &w[i]), 0);
		}
		for (int i = 0; i < WRITERS; i++) {
			pthread_join(th[i], NULL);
			assert_int_equal(w[i].done, EACH);
		}
		struct kp_error e = {0};
		int64_t entries = 0;
		char head[65];
		if (audit_verify(s, &entries, head, &e))
			fail_msg("%s: %s", backend_name[b], e.msg);
		assert_int_equal(entries, WRITERS * EACH);
		store_release(s);
		done_with(b, s, path);
	}
}

/* A statement stepped again after its last row runs again (SQLite resets
 * it by itself), rather than answering "done" without running, on each
 * backend. */
static void test_a_statement_stepped_after_its_end_runs_again(void **state)
{
	(void)state;
	for (int b = 0; b < NBACKENDS; b++) {
		char *path;
		store *s = new_store_on(b, &path);
		if (!s)
			continue;
		struct kp_error e = {0};
		add_unit(s, "区民政局");
		store_stmt *st = store_sql(s, SQL_UNIT_COUNT);
		st_bind_int(st, 1, 1);
		assert_int_equal(st_step(st, &e), 1);
		assert_int_equal(st_step(st, &e), 0);
		assert_int_equal(st_step(st, &e), 1);
		assert_int_equal(st_int(st, 0), 1);
		store_release(s);
		done_with(b, s, path);
	}
}

/* Text sorts by its bytes (UTF-8: by code point) on each backend, as
 * SQLite's BINARY does, whatever the PostgreSQL database's collation
 * (tools/pg-test.sh makes a server whose default collation is Chinese). */
static void test_text_sorts_by_bytes_whatever_the_database_collation(void **state)
{
	(void)state;
	static const char *const names[] = {"区政府机关各单位", "全体成员单位", "Zeta", "alpha", "各单位", "乙", "甲"};
	enum { N = sizeof names / sizeof *names };
	for (int b = 0; b < NBACKENDS; b++) {
		char *path;
		store *s = new_store_on(b, &path);
		if (!s)
			continue;
		struct kp_error e = {0};
		add_unit(s, "区民政局");
		assert_int_equal(store_begin(s, &e), 0);
		for (int i = 0; i < N; i++) {
			store_stmt *st = store_sql(s, SQL_COLLECTIVE_INSERT);
			st_bind_int(st, 1, 1);
			st_bind_text(st, 2, names[i]);
			assert_int_equal(st_exec(st, &e), 0);
		}
		assert_int_equal(store_commit(s, &e), 0);
		store_stmt *st = store_sql(s, SQL_COLLECTIVE_LIST);
		st_bind_int(st, 1, 1);
		char prev[64] = "";
		int n = 0;
		while (st_step(st, &e) == 1) {
			if (n && strcmp(prev, st_text(st, 0)) >= 0)
				fail_msg("%s: \"%s\" sorted before \"%s\"", backend_name[b], prev, st_text(st, 0));
			snprintf(prev, sizeof prev, "%s", st_text(st, 0));
			n++;
		}
		assert_int_equal(n, N);
		store_release(s);
		done_with(b, s, path);
	}
}

/* A PostgreSQL connection that is cut (the server restarted, a fail-over)
 * fails the statement running then; after store_release the store is
 * connected again and its statements are prepared afresh. */
static void test_a_lost_postgresql_connection_comes_back_after_the_request(void **state)
{
	(void)state;
	char *path;
	store *s = new_store_on(PG, &path);
	if (!s)
		skip();
	struct kp_error e = {0};
	add_unit(s, "区民政局");
	store_stmt *st = store_sql(s, SQL_UNIT_COUNT);
	st_bind_int(st, 1, 1);
	assert_int_equal(st_step(st, &e), 1);
	store_release(s);
	const char *name = strstr(path, ":///") + 4;
	char *sql = xasprintf("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%.*s'",
			      (int)strcspn(name, "?"), name);
	PGconn *admin = PQconnectdb(getenv("KAOPING_TEST_PG"));
	PGresult *r = PQexec(admin, sql);
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	assert_int_equal(PQntuples(r), 1);
	PQclear(r);
	PQfinish(admin);
	free(sql);
	st = store_sql(s, SQL_UNIT_COUNT);
	st_bind_int(st, 1, 1);
	assert_int_equal(st_step(st, &e), -1);
	store_release(s);
	e = (struct kp_error){0};
	st = store_sql(s, SQL_UNIT_COUNT);
	st_bind_int(st, 1, 1);
	if (st_step(st, &e) != 1)
		fail_msg("after the reconnection: %s", e.msg);
	assert_int_equal(st_int(st, 0), 1);
	store_release(s);
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_counter_bump(s, COUNTER_DRAWS, &e), 0);
	assert_int_equal(store_commit(s, &e), 0);
	done_with(PG, s, path);
}

/* The dialect layer: SQLite's text is the registry's; PostgreSQL's has
 * identity keys, 64-bit integers, byte-ordered text and ILIKE, and the
 * migrations name every table init --force drops. */
static void test_the_dialect_layer_turns_the_common_sql(void **state)
{
	(void)state;
	char *m = store_dialect_text("CREATE TABLE t(id @ID@, n INTEGER, s TEXT NOT NULL, text TEXT) @WITHOUT_ROWID@;",
				     DIALECT_PG, true);
	assert_string_equal(m, "CREATE TABLE t(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n BIGINT,"
			       " s TEXT COLLATE \"C\" NOT NULL, text TEXT COLLATE \"C\") ;");
	free(m);
	m = store_dialect_text("CREATE TABLE t(id @ID@) @WITHOUT_ROWID@;", DIALECT_SQLITE, true);
	assert_string_equal(m, "CREATE TABLE t(id INTEGER PRIMARY KEY) WITHOUT ROWID;");
	free(m);
	m = store_dialect_text("SELECT a FROM t WHERE a LIKE $1 AND b_LIKE = 1", DIALECT_PG, false);
	assert_string_equal(m, "SELECT a FROM t WHERE a ILIKE $1 AND b_LIKE = 1");
	free(m);
	int n;
	const char *const *tables = store_tables(&n);
	assert_true(n >= 30);
	assert_string_equal(tables[0], "meta");
	bool audit = false;
	for (int i = 0; i < n; i++)
		audit |= !strcmp(tables[i], "audit");
	assert_true(audit);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_registered_statement_prepares_on_each_backend),
		cmocka_unit_test(test_reads_answer_alike_on_each_backend),
		cmocka_unit_test(test_a_failed_statement_leaves_the_store_usable),
		cmocka_unit_test(test_a_held_write_lock_is_the_busy_answer),
		cmocka_unit_test(test_concurrent_writers_keep_the_audit_chain_whole),
		cmocka_unit_test(test_a_statement_stepped_after_its_end_runs_again),
		cmocka_unit_test(test_text_sorts_by_bytes_whatever_the_database_collation),
		cmocka_unit_test(test_a_lost_postgresql_connection_comes_back_after_the_request),
		cmocka_unit_test(test_the_dialect_layer_turns_the_common_sql),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
