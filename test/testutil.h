/* testutil.h — helpers for tests that go through the real kaoping binary:
 * run it with arguments and standard input, capture what it prints, and
 * give each test a scratch directory. */
#ifndef KAOPING_TESTUTIL_H
#define KAOPING_TESTUTIL_H
#include <stddef.h>

/* What one run of the binary did. */
struct run {
	int status; /* exit status, or 128 + signal */
	char *out;  /* everything printed on stdout (NUL-terminated) */
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

/* Writes LEN bytes of DATA to PATH; aborts on failure. */
void write_file(const char *path, const void *data, size_t len);
/* Reads PATH whole (NUL-terminated, caller frees); *LEN may be NULL. */
char *read_file(const char *path, size_t *len);
/* SHA-1-free fingerprint of a store's contents (the SQL dump through the
 * sqlite3 C API), to check that a refused command changed nothing. */
char *store_fingerprint(const char *db);
#endif
