/* testutil.c — running the kaoping binary from tests, scratch directories,
 * and a content fingerprint of a store. */
#include "testutil.h"

#include <fcntl.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

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
	r.out = read_file(out, NULL);
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

char *store_fingerprint(const char *db)
{
	sqlite3 *h;
	struct strbuf b = {0};
	sb_adds(&b, "");
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
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
