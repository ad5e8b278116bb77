/* testutil.c — running the kaoping binary from tests, scratch directories,
 * and a content fingerprint of a store. */
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "core/util.h"

extern char **environ;

static char dir[256];

const char *scratch_dir(void)
{
	const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(dir, sizeof dir, "%s/kaoping-test-XXXXXX", base);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		abort();
	}
	return dir;
}

const char *scratch_path(const char *name)
{
	static char bufs[4][512];
	static int next;
	char *b = bufs[next++ % 4];
	snprintf(b, 512, "%s/%s", dir, name);
	return b;
}

void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf b = {0};
	char buf[65536];
	size_t n;
	sb_adds(&b, "");
	if (!f)
		return b.s;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_add(&b, buf, n);
	fclose(f);
	if (len)
		*len = b.len;
	return b.s;
}

struct run run_kaoping(const char *stdin_text, const char *const *argv)
{
	struct run r = {0};
	const char *bin = getenv("KAOPING_BIN") ? getenv("KAOPING_BIN") : "./kaoping";
	char in[300], out[300], err[300];
	snprintf(in, sizeof in, "%s/.stdin", dir[0] ? dir : "/tmp");
	snprintf(out, sizeof out, "%s/.stdout", dir[0] ? dir : "/tmp");
	snprintf(err, sizeof err, "%s/.stderr", dir[0] ? dir : "/tmp");
	write_file(in, stdin_text ? stdin_text : "", stdin_text ? strlen(stdin_text) : 0);
	int n = 0;
	while (argv[n])
		n++;
	char **args = xcalloc((size_t)n + 2, sizeof(char *));
	args[0] = (char *)bin;
	for (int i = 0; i < n; i++)
		args[i + 1] = (char *)argv[i];
	/* The child's environment: ours without KAOPING_DB. */
	int ne = 0;
	while (environ[ne])
		ne++;
	char **env = xcalloc((size_t)ne + 1, sizeof(char *));
	for (int i = 0, k = 0; i < ne; i++)
		if (strncmp(environ[i], "KAOPING_DB=", 11))
			env[k++] = environ[i];
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, in, O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_addopen(&fa, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	pid_t pid;
	if (posix_spawn(&pid, bin, &fa, NULL, args, env) != 0) {
		perror(bin);
		abort();
	}
	int st;
	waitpid(pid, &st, 0);
	r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	r.out = read_file(out, &r.outlen);
	r.err = read_file(err, NULL);
	posix_spawn_file_actions_destroy(&fa);
	free(args);
	free(env);
	return r;
}

void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

/* ---- PostgreSQL (KAOPING_TEST_PG) ---- */

static void quiet_notice(void *arg, const char *message)
{
	(void)arg, (void)message;
}

/* A connection to the server KAOPING_TEST_PG names, as its own user;
 * fails the test when there is none to be had. */
static PGconn *pg_admin(void)
{
	PGconn *c = PQconnectdb(getenv("KAOPING_TEST_PG"));
	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("KAOPING_TEST_PG: cannot connect: %s", PQerrorMessage(c));
	PQsetNoticeProcessor(c, quiet_notice, NULL);
	return c;
}

static void pg_run(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
}

bool test_pg(void)
{
	return getenv("KAOPING_TEST_PG") && *getenv("KAOPING_TEST_PG");
}

/* Appends V percent-encoded (as a URL's query value) to B. */
static void url_value(struct strbuf *b, const char *v)
{
	for (; *v; v++)
		if (isalnum((unsigned char)*v) || strchr("-._~/", *v))
			sb_addc(b, *v);
		else
			sb_addf(b, "%%%02X", (unsigned char)*v);
}

char *pg_database(void)
{
	if (!test_pg())
		return NULL;
	static int n;
	char name[64], sql[160];
	snprintf(name, sizeof name, "kaoping_test_%d_%d", (int)getpid(), ++n);
	PGconn *c = pg_admin();
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	pg_run(c, sql);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
	pg_run(c, sql);
	PQfinish(c);
	/* The same server and user, as a URL (the form kaoping's --db takes). */
	PQconninfoOption *opts = PQconninfoParse(getenv("KAOPING_TEST_PG"), NULL);
	if (!opts)
		fail_msg("KAOPING_TEST_PG is not a connection string");
	struct strbuf b = {0};
	sb_addf(&b, "postgresql:///%s", name);
	char sep = '?';
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val || !*o->val || !strcmp(o->keyword, "dbname"))
			continue;
		sb_addf(&b, "%c%s=", sep, o->keyword);
		url_value(&b, o->val);
		sep = '&';
	}
	PQconninfoFree(opts);
	return b.s;
}

void pg_drop_database(const char *url)
{
	const char *name = strstr(url, ":///");
	if (!name)
		return;
	name += 4;
	size_t len = strcspn(name, "?");
	char sql[160];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %.*s WITH (FORCE)", (int)len, name);
	PGconn *c = pg_admin();
	pg_run(c, sql);
	PQfinish(c);
}

/* store_fingerprint of a PostgreSQL store: each table's rows in the
 * sqlite3 form (values and "|"), by their first column. */
static char *pg_fingerprint(const char *url)
{
	struct strbuf b = {0};
	sb_adds(&b, "");
	PGconn *c = PQconnectdb(url);
	PGresult *tables = PQexec(c, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
				     " ORDER BY tablename COLLATE \"C\"");
	for (int i = 0; PQresultStatus(tables) == PGRES_TUPLES_OK && i < PQntuples(tables); i++) {
		const char *name = PQgetvalue(tables, i, 0);
		char sql[300];
		snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1", name);
		sb_addf(&b, "[%s]\n", name);
		PGresult *rows = PQexec(c, sql);
		if (PQresultStatus(rows) != PGRES_TUPLES_OK)
			fail_msg("%s: %s", sql, PQresultErrorMessage(rows));
		for (int r = 0; r < PQntuples(rows); r++) {
			for (int k = 0; k < PQnfields(rows); k++)
				sb_addf(&b, "%s|", PQgetisnull(rows, r, k) ? "NULL" : PQgetvalue(rows, r, k));
			sb_addc(&b, '\n');
		}
		PQclear(rows);
	}
	PQclear(tables);
	PQfinish(c);
	return b.s;
}

const char *db_files(void)
{
	static char *files;
	free(files);
	files = test_pg() ? xstrdup(getenv("KAOPING_FILES")) : xasprintf("%s.files", db);
	return files;
}

/* Runs SQL on DB; its rows to *ROWS (if not NULL) as db_query says; the
 * rows the last statement changed. */
static long long db_run(const char *sql, char **rows)
{
	struct strbuf b = {0};
	sb_adds(&b, "");
	long long changes = 0;
	if (!strncmp(db, "postgresql://", 13)) {
		PGconn *c = PQconnectdb(db);
		if (PQstatus(c) != CONNECTION_OK)
			fail_msg("%s: %s", db, PQerrorMessage(c));
		PQsetNoticeProcessor(c, quiet_notice, NULL);
		PGresult *r = PQexec(c, sql);
		if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
			fail_msg("%s: %s", sql, PQresultErrorMessage(r));
		for (int i = 0; PQresultStatus(r) == PGRES_TUPLES_OK && i < PQntuples(r); i++) {
			for (int k = 0; k < PQnfields(r); k++)
				sb_addf(&b, "%s%s", k ? "\t" : "", PQgetvalue(r, i, k));
			sb_addc(&b, '\n');
		}
		changes = atoll(PQcmdTuples(r));
		PQclear(r);
		PQfinish(c);
	} else {
		sqlite3 *h;
		sqlite3_stmt *st;
		if (sqlite3_open(db, &h) != SQLITE_OK)
			fail_msg("%s: %s", db, sqlite3_errmsg(h));
		for (const char *p = sql; p && *p;) {
			if (sqlite3_prepare_v2(h, p, -1, &st, &p) != SQLITE_OK)
				fail_msg("%s: %s", sql, sqlite3_errmsg(h));
			if (!st)
				break;
			int rc;
			while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
				for (int k = 0; k < sqlite3_column_count(st); k++) {
					const unsigned char *v = sqlite3_column_text(st, k);
					sb_addf(&b, "%s%s", k ? "\t" : "", v ? (const char *)v : "");
				}
				sb_addc(&b, '\n');
			}
			if (rc != SQLITE_DONE)
				fail_msg("%s: %s", sql, sqlite3_errmsg(h));
			sqlite3_finalize(st);
		}
		changes = sqlite3_changes(h);
		sqlite3_close(h);
	}
	if (rows)
		*rows = b.s;
	else
		free(b.s);
	return changes;
}

long long db_exec(const char *sql)
{
	return db_run(sql, NULL);
}

char *db_query(const char *sql)
{
	char *rows;
	db_run(sql, &rows);
	return rows;
}

/* The other process's connection db_hold_write_lock keeps. */
struct db_lock {
	sqlite3 *sqlite;
	PGconn *pg;
};

struct db_lock *db_hold_write_lock(void)
{
	struct db_lock *l = xcalloc(1, sizeof *l);
	if (!strncmp(db, "postgresql://", 13)) {
		l->pg = PQconnectdb(db);
		PQsetNoticeProcessor(l->pg, quiet_notice, NULL);
		/* kaoping's write lock (PG_WRITE_LOCK of src/store/store_pg.c) */
		pg_run(l->pg, "BEGIN; SELECT pg_advisory_xact_lock(30224953763262055); INSERT INTO meta VALUES('lock', 'x')");
	} else {
		assert_int_equal(sqlite3_open(db, &l->sqlite), SQLITE_OK);
		assert_int_equal(sqlite3_exec(l->sqlite, "BEGIN IMMEDIATE; INSERT INTO meta VALUES('lock', 'x');", NULL, NULL,
					      NULL), SQLITE_OK);
	}
	return l;
}

void db_release_write_lock(struct db_lock *l)
{
	if (l->pg) {
		pg_run(l->pg, "ROLLBACK");
		PQfinish(l->pg);
	} else {
		sqlite3_exec(l->sqlite, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(l->sqlite);
	}
	free(l);
}

char *store_fingerprint(const char *path)
{
	if (!strncmp(path, "postgresql://", 13))
		return pg_fingerprint(path);
	sqlite3 *h;
	struct strbuf b = {0};
	sb_adds(&b, "");
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(h);
		return b.s;
	}
	sqlite3_stmt *tables;
	sqlite3_prepare_v2(h, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1, &tables, NULL);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		char sql[300];
		sqlite3_stmt *rows;
		snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1", name);
		sb_addf(&b, "[%s]\n", name);
		if (sqlite3_prepare_v2(h, sql, -1, &rows, NULL) != SQLITE_OK)
			continue;
		while (sqlite3_step(rows) == SQLITE_ROW) {
			for (int i = 0; i < sqlite3_column_count(rows); i++) {
				const unsigned char *t = sqlite3_column_text(rows, i);
				sb_addf(&b, "%s|", t ? (const char *)t : "NULL");
			}
			sb_addc(&b, '\n');
		}
		sqlite3_finalize(rows);
	}
	sqlite3_finalize(tables);
	sqlite3_close(h);
	return b.s;
}

const char *db;

/* Makes DB a new store in a fresh scratch directory: `init` with ARG (NULL
 * or "--demo"). "Today" is the real one unless a test says otherwise. */
static int new_store(const char *arg)
{
	scratch_dir();
	/* Under KAOPING_TEST_PG a new database of that server, its files in
	 * the scratch directory (as DB.files would be). */
	db = pg_database();
	if (db)
		setenv("KAOPING_FILES", scratch_path("k.db.files"), 1);
	else
		db = xstrdup(scratch_path("k.db"));
	unsetenv("KAOPING_TODAY");
	struct run r = run_kaoping(NULL, (const char *const[]){"--db", db, "init", arg, NULL});
	if (r.status)
		fail_msg("init %s: %s", arg ? arg : "", r.err);
	run_free(&r);
	return 0;
}

int fresh_store(void **state)
{
	(void)state;
	return new_store(NULL);
}

int demo_store(void **state)
{
	(void)state;
	return new_store("--demo");
}

int drop_store(void **state)
{
	(void)state;
	unsetenv("KAOPING_TODAY");
	if (db && test_pg())
		pg_drop_database(db);
	free((char *)db);
	db = NULL;
	return 0;
}

/* ---- requests through `kaoping http` ---- */

/* Sends REQUEST (a whole HTTP request) to `kaoping http`. */
struct reply http(const char *request)
{
	struct run r = run_kaoping(request, (const char *const[]){"--db", db, "http", NULL});
	struct reply rep = {0};
	char *split = strstr(r.out, "\r\n\r\n");
	/* A request that is not HTTP still gets a 400 answer, and exit status 2. */
	if ((r.status != 0 && r.status != 2) || !split || sscanf(r.out, "HTTP/1.1 %d", &rep.status) != 1)
		fail_msg("kaoping http failed (%d): %s %s", r.status, r.out, r.err);
	rep.head = xstrndup(r.out, (size_t)(split - r.out) + 2);
	rep.body_len = r.outlen - (size_t)(split + 4 - r.out);
	rep.body = xmalloc(rep.body_len + 1);
	memcpy(rep.body, split + 4, rep.body_len);
	rep.body[rep.body_len] = 0;
	run_free(&r);
	return rep;
}

char *gunzip(const void *data, size_t n, size_t *len)
{
	z_stream z = {0};
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return NULL;
	struct strbuf out = {0};
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)n;
	int rc;
	do {
		sb_grow(&out, 65536);
		z.next_out = (Bytef *)out.s + out.len;
		z.avail_out = 65536;
		rc = inflate(&z, Z_NO_FLUSH);
		out.len = (size_t)((char *)z.next_out - out.s);
	} while (rc == Z_OK);
	bool whole = rc == Z_STREAM_END && z.avail_in == 0;
	inflateEnd(&z);
	if (!whole) {
		sb_free(&out);
		return NULL;
	}
	out.s[out.len] = 0;
	*len = out.len;
	return out.s;
}

void reply_free(struct reply *r)
{
	free(r->head), free(r->body);
}

/* Value of header NAME (first occurrence), or NULL; caller frees. */
char *header(const struct reply *r, const char *name)
{
	char key[64];
	snprintf(key, sizeof key, "\r\n%s: ", name);
	const char *p = strstr(r->head, key);
	if (!p)
		return NULL;
	p += strlen(key);
	return xstrndup(p, strcspn(p, "\r\n"));
}

/* The value of cookie NAME set by R, or NULL; caller frees. */
char *set_cookie(const struct reply *r, const char *name)
{
	char key[64];
	snprintf(key, sizeof key, "Set-Cookie: %s=", name);
	const char *p = strstr(r->head, key);
	return p ? xstrndup(p + strlen(key), strcspn(p + strlen(key), ";\r")) : NULL;
}

/* The value="…" of the hidden input NAME in BODY; caller frees. */
char *hidden(const char *body, const char *name)
{
	char key[64];
	snprintf(key, sizeof key, "name=\"%s\" value=\"", name);
	const char *p = strstr(body, key);
	return p ? xstrndup(p + strlen(key), strcspn(p + strlen(key), "\"")) : NULL;
}

struct reply get(const char *path, const char *session)
{
	char *req = xasprintf("GET %s HTTP/1.1\r\nHost: t\r\n%s%s%s\r\n", path, session ? "Cookie: kp_session=" : "",
			      session ? session : "", session ? "\r\n" : "");
	struct reply r = http(req);
	free(req);
	return r;
}

struct reply post(const char *path, const char *session, const char *body)
{
	char *req = xasprintf("POST %s HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
			      "Content-Length: %zu\r\n%s%s%s\r\n%s",
			      path, strlen(body), session ? "Cookie: kp_session=" : "", session ? session : "",
			      session ? "\r\n" : "", body);
	struct reply r = http(req);
	free(req);
	return r;
}

struct reply try_login(const char *name, const char *password)
{
	struct reply form = get("/login", NULL);
	char *cookie = set_cookie(&form, "kp_login"), *token = hidden(form.body, "login_csrf");
	assert_non_null(cookie);
	assert_non_null(token);
	char *body = xasprintf("name=%s&password=%s&login_csrf=%s&next=/", name, password, token);
	char *req = xasprintf("POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
			      "Content-Length: %zu\r\nCookie: kp_login=%s\r\n\r\n%s",
			      strlen(body), cookie, body);
	struct reply r = http(req);
	free(req), free(body), free(cookie), free(token);
	reply_free(&form);
	return r;
}

/* Sends the request of LEN bytes at REQ (a workbook holds NUL bytes, which
 * http() cannot send) to `kaoping http` through a file. */
struct reply http_bytes(const char *req, size_t len)
{
	const char *in = scratch_path("request"), *outp = scratch_path("answer");
	write_file(in, req, len);
	const char *bin = getenv("KAOPING_BIN");
	char *cmd = xasprintf("'%s' --db '%s' http < '%s' > '%s'", bin ? bin : "./kaoping", db, in, outp);
	int status = system(cmd);
	free(cmd);
	/* as http(): a request that is not HTTP answers 400 with status 2; a
	 * sanitizer's report or a crash is anything else */
	if (status == -1 || !WIFEXITED(status) || (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 2))
		fail_msg("kaoping http failed (status %d)", status);
	size_t n;
	char *all = read_file(outp, &n);
	assert_non_null(all);
	struct reply rep = {0};
	char *split = strstr(all, "\r\n\r\n");
	assert_non_null(split);
	assert_int_equal(sscanf(all, "HTTP/1.1 %d", &rep.status), 1);
	rep.head = xstrndup(all, (size_t)(split - all) + 2);
	rep.body_len = n - (size_t)(split + 4 - all);
	rep.body = xmalloc(rep.body_len + 1);
	memcpy(rep.body, split + 4, rep.body_len);
	rep.body[rep.body_len] = 0;
	free(all);
	return rep;
}

/* Posts the file NAME (LEN bytes at DATA) to PATH as S, multipart. */
struct reply post_file(const char *path, const struct session *s, const char *name, const void *data, size_t len)
{
	struct strbuf body = {0};
	sb_addf(&body, "--B0undary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n", s->csrf);
	sb_addf(&body, "--B0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
		       "Content-Type: application/octet-stream\r\n\r\n", name);
	sb_add(&body, data, len);
	sb_adds(&body, "\r\n--B0undary--\r\n");
	struct strbuf req = {0};
	sb_addf(&req, "POST %s HTTP/1.1\r\nCookie: kp_session=%s\r\n"
		      "Content-Type: multipart/form-data; boundary=B0undary\r\nContent-Length: %zu\r\n\r\n",
		path, s->token, body.len);
	sb_add(&req, body.s, body.len);
	struct reply r = http_bytes(req.s, req.len);
	sb_free(&body), sb_free(&req);
	return r;
}

struct session login(const char *name)
{
	struct reply r = try_login(name, "kaoping-demo-2024");
	struct session s = {set_cookie(&r, "kp_session"), NULL};
	if (r.status != 303 || !s.token)
		fail_msg("log-in of %s failed: %d %s", name, r.status, r.body);
	reply_free(&r);
	struct reply page = get(!strcmp(name, "auditor") ? "/audit" : "/rubric", s.token);
	s.csrf = hidden(page.body, "csrf");
	assert_non_null(s.csrf);
	reply_free(&page);
	return s;
}

void session_free(struct session *s)
{
	free(s->token), free(s->csrf);
}

int files_under(const char *top)
{
	char *cmd = xasprintf("find '%s' -type f 2>/dev/null | wc -l", top);
	FILE *f = popen(cmd, "r");
	int n = -1;
	assert_int_equal(fscanf(f, "%d", &n), 1);
	pclose(f);
	free(cmd);
	return n;
}

/* ---- LibreOffice ------------------------------------------------------- */

/* Converts XLSX to one CSV per sheet in DIR (DIR/<base>-<sheet>.csv):
 * UTF-8, comma, text cells quoted, cells as shown. Skips the test when
 * soffice is not installed (tools/deps.sh installs libreoffice-calc-nogui). */
void soffice_csv(const char *xlsx, const char *outdir)
{
	if (system("command -v soffice >/dev/null 2>&1") != 0) {
		print_message("soffice not found: install libreoffice-calc-nogui (tools/deps.sh) to read the workbook\n");
		skip();
	}
	char profile[600], log[600];
	snprintf(profile, sizeof profile, "%s.profile", outdir);
	snprintf(log, sizeof log, "%s.log", outdir);
	/* tokens: separator, quote, UTF-8, first line, formats, language,
	 * quote all text cells, detect special numbers, save as shown, export
	 * formulas, remove spaces, every sheet to its own file */
	char *cmd = xasprintf("soffice -env:UserInstallation=file://%s --headless --convert-to "
			      "'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,true,false,false,-1' "
			      "--outdir '%s' '%s' >'%s' 2>&1",
			      profile, outdir, xlsx, log);
	int status = system(cmd);
	free(cmd);
	if (status != 0) {
		char *out = read_file(log, NULL);
		fail_msg("soffice failed (%d): %s", status, out);
	}
}


char *soffice_html(const char *html, const char *name, const char *ext, const char *filter)
{
	if (system("command -v soffice >/dev/null 2>&1") != 0) {
		print_message("soffice not found: tools/deps.sh test installs LibreOffice\n");
		skip();
	}
	char *in = xasprintf("%s/%s.html", dir, name);
	write_file(in, html, strlen(html));
	char *cmd = xasprintf("soffice -env:UserInstallation=file://%s/lo-profile --headless %s --convert-to '%s' "
			      "--outdir '%s' '%s' >'%s/lo.log' 2>&1",
			      dir, !strcmp(ext, "xlsx") ? "--infilter=calc_HTML_WebQuery" : "--writer", filter, dir, in, dir);
	int status = system(cmd);
	free(cmd);
	free(in);
	char *out = xasprintf("%s/%s.%s", dir, name, ext);
	if (status != 0 || access(out, R_OK) != 0) {
		char *log = xasprintf("%s/lo.log", dir);
		char *text = read_file(log, NULL);
		fail_msg("soffice did not convert %s.html to %s (%d): %s", name, ext, status, text ? text : "");
	}
	return out;
}

void csv_free(struct csv *c)
{
	for (int i = 0; i < c->n; i++) {
		for (int j = 0; j < c->rows[i].n; j++)
			free(c->rows[i].f[j].s);
		free(c->rows[i].f);
	}
	free(c->rows);
}

/* Parses the CSV file at PATH (RFC 4180, LF or CRLF). */
struct csv csv_parse(const char *path)
{
	size_t len;
	char *text = read_file(path, &len);
	if (!text)
		fail_msg("LibreOffice wrote no %s", path);
	struct csv c = {0};
	size_t i = 0;
	while (i < len) {
		c.rows = xrealloc(c.rows, (size_t)(c.n + 1) * sizeof *c.rows);
		struct csv_row *r = &c.rows[c.n++];
		memset(r, 0, sizeof *r);
		for (;;) {
			struct strbuf b = {0};
			bool quoted = i < len && text[i] == '"';
			if (quoted) {
				for (i++; i < len; i++) {
					if (text[i] == '"' && i + 1 < len && text[i + 1] == '"')
						sb_addc(&b, text[i++]);
					else if (text[i] == '"')
						break;
					else
						sb_addc(&b, text[i]);
				}
				i++; /* the closing quote */
			} else {
				while (i < len && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
					sb_addc(&b, text[i++]);
			}
			r->f = xrealloc(r->f, (size_t)(r->n + 1) * sizeof *r->f);
			r->f[r->n++] = (struct csv_field){b.s ? b.s : xstrdup(""), quoted};
			if (i < len && text[i] == ',') {
				i++;
				continue;
			}
			if (i < len && text[i] == '\r')
				i++;
			if (i < len && text[i] == '\n')
				i++;
			break;
		}
	}
	free(text);
	return c;
}

