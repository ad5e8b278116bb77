/* blob.c — blob.h's local implementation: blobs in the folder DB.files/
 * beside an SQLite store, as DB.files/ab/cdef… (the SHA-256 split after
 * two characters), temporary copies in DB.files/tmp/upload-PID-XXXXXX. */
#include "store/blob.h"
#include "store/store.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct blob_store {
	char *dir; /* DB.files */
	char *tmp; /* DB.files/tmp */
};

int blob_store_open(const char *db, struct blob_store **bs, struct kp_error *e)
{
	/* A PostgreSQL store has no file to put the folder beside: the folder
	 * is named by $KAOPING_FILES (a shared one when several servers run;
	 * files in PostgreSQL itself are the blob interface's next step). */
	const char *files = getenv("KAOPING_FILES");
	*bs = NULL;
	if (store_is_pg(db) && !(files && *files))
		return kp_fail(e, KP_EINPUT, "a PostgreSQL store keeps its files in a folder: set KAOPING_FILES to it");
	*bs = xcalloc(1, sizeof **bs); /* a folder is made when first written */
	(*bs)->dir = store_is_pg(db) ? xstrdup(files) : xasprintf("%s.files", db);
	(*bs)->tmp = xasprintf("%s/tmp", (*bs)->dir);
	return 0;
}

char *blob_spool_dir(const char *db)
{
	const char *files = getenv("KAOPING_FILES");
	if (store_is_pg(db)) {
		if (!(files && *files))
			return xstrdup(".");
		mkdir(files, 0750); /* (made when first written, as blobs are) */
		return xstrdup(files);
	}
	const char *slash = strrchr(db, '/');
	return slash ? xstrndup(db, (size_t)(slash - db)) : xstrdup(".");
}

void blob_store_close(struct blob_store *bs)
{
	if (!bs)
		return;
	free(bs->dir), free(bs->tmp);
	free(bs);
}

int blob_put_begin(struct blob_store *bs, size_t max, struct blob_put *p, struct kp_error *e)
{
	memset(p, 0, sizeof *p);
	p->fd = -1;
	p->max = max;
	if ((mkdir(bs->dir, 0750) && errno != EEXIST) || (mkdir(bs->tmp, 0750) && errno != EEXIST))
		return kp_fail(e, KP_EFAIL, "cannot create %s: %s", bs->tmp, strerror(errno));
	/* The writer's process id in the name: a sweep spares the files of a
	 * process still running. */
	p->blob.tmp = xasprintf("%s/upload-%ld-XXXXXX", bs->tmp, (long)getpid());
	p->fd = mkstemp(p->blob.tmp);
	if (p->fd < 0) {
		kp_fail(e, KP_EFAIL, "cannot write in %s: %s", bs->tmp, strerror(errno));
		free(p->blob.tmp);
		p->blob.tmp = NULL;
		return e->code;
	}
	sha256_begin(&p->hash);
	return 0;
}

void blob_put_abort(struct blob_put *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
	blob_drop(&p->blob);
}

int blob_put_write(struct blob_put *p, const void *data, size_t n, struct kp_error *e)
{
	const unsigned char *d = data;
	if (p->fd < 0)
		return kp_fail(e, KP_EFAIL, "upload: file already closed");
	if (p->blob.len + n > p->max) {
		blob_put_abort(p);
		return kp_fail_at(e, KP_EINPUT, KP_R_TOO_LARGE, "file", 0, (double)p->max, "file is larger than %zu MB",
				  p->max >> 20);
	}
	/* Until the head is full, every byte so far is in it too. */
	for (size_t i = 0; p->blob.headlen < sizeof p->blob.head && i < n; i++)
		p->blob.head[p->blob.headlen++] = d[i];
	sha256_add(&p->hash, d, n);
	for (size_t off = 0; off < n;) {
		ssize_t w = write(p->fd, d + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			kp_fail(e, KP_EFAIL, "cannot write %s: %s", p->blob.tmp, strerror(errno));
			blob_put_abort(p);
			return e->code;
		}
		off += (size_t)w;
	}
	p->blob.len += n;
	return 0;
}

int blob_put_finish(struct blob_put *p, struct blob *out, struct kp_error *e)
{
	if (p->fd < 0)
		return kp_fail(e, KP_EFAIL, "upload: file already closed");
	int rc = fsync(p->fd);
	close(p->fd);
	p->fd = -1;
	if (rc) {
		kp_fail(e, KP_EFAIL, "cannot write the upload: %s", strerror(errno));
		blob_drop(&p->blob);
		return e->code;
	}
	sha256_end(&p->hash, p->blob.sha256);
	*out = p->blob;
	p->blob.tmp = NULL; /* OUT's now */
	return 0;
}

int blob_put_stream(struct blob_store *bs, FILE *in, const char *name, size_t max, struct blob *out,
		    struct kp_error *e)
{
	struct blob_put p;
	char buf[65536];
	size_t n;
	int rc = blob_put_begin(bs, max, &p, e);
	while (!rc && (n = fread(buf, 1, sizeof buf, in)) > 0)
		rc = blob_put_write(&p, buf, n, e);
	if (!rc && ferror(in))
		rc = kp_fail(e, KP_EINPUT, "cannot read %s", name);
	if (!rc)
		rc = blob_put_finish(&p, out, e);
	blob_put_abort(&p);
	return rc ? e->code : 0;
}

int blob_put_data(struct blob_store *bs, const void *data, size_t len, size_t max, struct blob *out,
		  struct kp_error *e)
{
	struct blob_put p;
	int rc = blob_put_begin(bs, max, &p, e) || blob_put_write(&p, data, len, e) || blob_put_finish(&p, out, e);
	blob_put_abort(&p);
	return rc ? e->code : 0;
}

void blob_drop(struct blob *b)
{
	if (b->tmp) {
		unlink(b->tmp);
		free(b->tmp);
		b->tmp = NULL;
	}
}

/* True when HEX is 64 lower-case hex digits. */
static bool hex_ok(const char *hex)
{
	size_t n = strspn(hex, "0123456789abcdef");
	return n == 64 && !hex[n];
}

int blob_commit(struct blob_store *bs, struct blob *b, struct kp_error *e)
{
	assert(b->tmp && hex_ok(b->sha256)); /* a finished blob, not kept yet */
	const char *hex = b->sha256;
	char *sub = xasprintf("%s/%.2s", bs->dir, hex), *path = xasprintf("%s/%s", sub, hex + 2);
	struct stat sb;
	int rc = 0;
	if (stat(path, &sb) == 0 && (size_t)sb.st_size == b->len) {
		blob_drop(b); /* kept before: the same content */
	} else if (mkdir(sub, 0750) && errno != EEXIST) {
		rc = kp_fail(e, KP_EFAIL, "cannot create %s: %s", sub, strerror(errno));
	} else if (rename(b->tmp, path) != 0) {
		rc = kp_fail(e, KP_EFAIL, "cannot store %s: %s", path, strerror(errno));
	} else {
		free(b->tmp);
		b->tmp = NULL;
	}
	blob_drop(b);
	free(sub), free(path);
	return rc;
}

int blob_open(struct blob_store *bs, const char *hex, char **path, uint64_t *len, struct kp_error *e)
{
	struct stat sb;
	*path = NULL;
	if (!hex_ok(hex))
		return kp_fail(e, KP_EFAIL, "the stored file is missing");
	char *p = xasprintf("%s/%.2s/%s", bs->dir, hex, hex + 2);
	if (stat(p, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		free(p);
		return kp_fail(e, KP_EFAIL, "the stored file is missing");
	}
	*path = p;
	*len = (uint64_t)sb.st_size;
	return 0;
}

/* True when temporary file NAME in a folder (upload-PID-XXXXXX, or
 * upload-XXXXXX as older versions wrote them beside the kept files) is
 * left over: its process is gone, it names none, or it is older than a
 * day (no upload takes that long). */
static bool tmp_left_over(const char *folder, const char *name, time_t now)
{
	if (strncmp(name, "upload-", 7))
		return false;
	char *end;
	long pid = strtol(name + 7, &end, 10);
	char *path = xasprintf("%s/%s", folder, name);
	struct stat sb;
	bool old = lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) && now - sb.st_mtime > 86400;
	free(path);
	if (end == name + 7 || *end != '-' || strlen(end) != 7 || pid <= 0)
		return true;
	return old || (kill((pid_t)pid, 0) != 0 && errno == ESRCH);
}

int blob_sweep(struct blob_store *bs, int *removed, char **where, struct kp_error *e)
{
	const char *folders[2] = {bs->tmp, bs->dir};
	time_t now = time(NULL);
	*removed = 0;
	if (where)
		*where = xstrdup(bs->tmp);
	for (int i = 0; i < 2; i++) {
		DIR *d = opendir(folders[i]);
		if (!d) {
			if (errno != ENOENT)
				kp_fail(e, KP_EFAIL, "cannot read %s: %s", folders[i], strerror(errno));
			continue;
		}
		for (struct dirent *de; (de = readdir(d));) {
			if (!tmp_left_over(folders[i], de->d_name, now))
				continue;
			char *path = xasprintf("%s/%s", folders[i], de->d_name);
			if (unlink(path) == 0)
				++*removed;
			free(path);
		}
		closedir(d);
	}
	return e->code;
}
