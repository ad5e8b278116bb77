/* testutil.h — helpers for tests that go through the real kaoping binary:
 * run it with arguments and standard input, capture what it prints, and
 * give each test a scratch directory. */
#ifndef KAOPING_TESTUTIL_H
#define KAOPING_TESTUTIL_H
#include <stdbool.h>
#include <stddef.h>

/* What one run of the binary did. */
struct run {
	int status; /* exit status, or 128 + signal */
	char *out;  /* everything printed on stdout (NUL-terminated) */
	size_t outlen;
	char *err;  /* everything printed on stderr */
};

/* Runs $KAOPING_BIN (default ./kaoping) with ARGV (NULL-terminated, without
 * the program name) and STDIN_TEXT (may be NULL) as input, with
 * KAOPING_DB unset. Free the result with run_free. */
struct run run_kaoping(const char *stdin_text, const char *const *argv);
void run_free(struct run *r);

/* Creates a fresh scratch directory and returns its path (static storage,
 * valid until the next call). */
const char *scratch_dir(void);
/* Returns DIR/NAME in static storage (one of 4 rotating buffers). */
const char *scratch_path(const char *name);
/* How many regular files are under TOP, recursively (0 when it is missing). */
int files_under(const char *top);

/* Writes LEN bytes of DATA to PATH; aborts on failure. */
void write_file(const char *path, const void *data, size_t len);
/* Reads PATH whole (NUL-terminated, caller frees); *LEN may be NULL. */
char *read_file(const char *path, size_t *len);
/* SHA-1-free fingerprint of a store's contents (the SQL dump through the
 * sqlite3 C API, or each table's rows through libpq for a PostgreSQL URL),
 * to check that a refused command changed nothing. */
char *store_fingerprint(const char *path);

/* ---- PostgreSQL: with KAOPING_TEST_PG set (a libpq connection string or
 * URL whose user may CREATE DATABASE; tools/pg-test.sh sets it), every
 * store the setups below make is a new database of that server. ---- */
bool test_pg(void);
/* A new, empty database of KAOPING_TEST_PG's server as a postgresql://
 * URL (caller frees), or NULL when KAOPING_TEST_PG is not set. */
char *pg_database(void);
/* Drops the database URL (made by pg_database) and every connection to it. */
void pg_drop_database(const char *url);

/* The store the running test works on (its setup sets it). */
extern const char *db;
/* The folder DB keeps its files in: DB.files, or $KAOPING_FILES for a
 * PostgreSQL store (static storage, valid until the next call). */
const char *db_files(void);
/* Runs SQL (statements in the dialect both backends read) on DB, from
 * outside kaoping; fails the test when it does not run. Returns the rows
 * the last statement changed. */
long long db_exec(const char *sql);
/* The rows of query SQL on DB, a line each, columns split by tabs
 * (NULL as ""); caller frees. */
char *db_query(const char *sql);
/* Another process's write transaction on DB (holding kaoping's write lock,
 * with an uncommitted row in meta) until db_release_write_lock rolls it back. */
struct db_lock;
struct db_lock *db_hold_write_lock(void);
void db_release_write_lock(struct db_lock *l);
/* cmocka setups: DB a new store (`init`), a demo store (`init --demo`);
 * and the teardown that forgets it (and drops a PostgreSQL database). */
int fresh_store(void **state);
int demo_store(void **state);
int drop_store(void **state);

/* An answer of `kaoping http`: status, head (with its last CRLF), body. */
struct reply {
	int status;
	char *head, *body; /* the body NUL-terminated, BODY_LEN bytes before it */
	size_t body_len;
};
/* Sends REQUEST (a whole HTTP request) to `kaoping http --db DB`. */
struct reply http(const char *request);
/* As http() for a request of LEN bytes that may hold NUL bytes (a file
 * uploaded), sent through a file. */
struct reply http_bytes(const char *req, size_t len);
/* The N gzip bytes at DATA inflated (NUL-terminated, length in *LEN), or
 * NULL when they are not one whole gzip member; caller frees. */
char *gunzip(const void *data, size_t n, size_t *len);
void reply_free(struct reply *r);
/* Value of header NAME (first occurrence), or NULL; caller frees. */
char *header(const struct reply *r, const char *name);
/* The value of cookie NAME set by R, or NULL; caller frees. */
char *set_cookie(const struct reply *r, const char *name);
/* The value="…" of the hidden input NAME in BODY; caller frees. */
char *hidden(const char *body, const char *name);
/* GET PATH, or POST a form BODY to it, with session cookie SESSION (may be NULL). */
struct reply get(const char *path, const char *session);
struct reply post(const char *path, const char *session, const char *body);

/* A logged-in session: its cookie token and CSRF token. */
struct session {
	char *token, *csrf;
};
/* Posts the log-in form (with its CSRF cookie) as NAME with PASSWORD. */
struct reply try_login(const char *name, const char *password);
/* Logs demo account NAME in (password kaoping-demo-2024); fails the test
 * when that does not work. */
/* Posts the file NAME (LEN bytes at DATA) to PATH as S, as a form's
 * multipart upload (field "file", with S's CSRF token). */
struct reply post_file(const char *path, const struct session *s, const char *name, const void *data, size_t len);
struct session login(const char *name);
void session_free(struct session *s);
/* ---- LibreOffice, the real reader of the workbooks ---- */
/* One CSV field and whether it was in quotes (a text cell). */
struct csv_field {
	char *s;
	bool quoted;
};
struct csv_row {
	struct csv_field *f;
	int n;
};
struct csv {
	struct csv_row *rows;
	int n;
};
/* Converts XLSX to one CSV per sheet in DIR (DIR/<base>-<sheet>.csv):
 * UTF-8, comma, text cells quoted, cells as shown. Skips the test when
 * soffice is not installed (tools/deps.sh installs libreoffice-calc-nogui). */
void soffice_csv(const char *xlsx, const char *dir);
/* Writes HTML to NAME.html in the scratch folder and has LibreOffice save
 * it as EXT with FILTER ("docx:MS Word 2007 XML", "xlsx:Calc MS Excel 2007
 * XML"): Writer for a .docx, Calc for a .xlsx. Returns the new file's path
 * (caller frees); skips the test when soffice is not installed. */
char *soffice_html(const char *html, const char *name, const char *ext, const char *filter);
/* Parses the CSV file at PATH (RFC 4180, LF or CRLF); fails the test when
 * it is missing. */
struct csv csv_parse(const char *path);
void csv_free(struct csv *c);
#endif
