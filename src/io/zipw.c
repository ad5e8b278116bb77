/* zipw.c — the zip writer of zipw.h over libzip (Debian libzip 1.7). Each
 * entry from a file is a zip_source_file: libzip opens and reads it in
 * pieces only while zip_close writes the archive, so memory holds the
 * entries' names and metadata, never their contents. */
#include "io/zipw.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

struct zipw {
	zip_t *za;
	char *path;
	int64_t n;
};

int zipw_open(const char *path, struct zipw **z, struct kp_error *e)
{
	*z = NULL;
	/* libzip writes its temporary file beside PATH only at the end: find
	 * out now, before any work, that the folder can be written. */
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	if (access(dir, W_OK | X_OK)) {
		int err = errno;
		kp_fail(e, KP_EFAIL, "%s: cannot write in %s (%s)", path, dir, strerror(err));
		free(dir);
		return e->code;
	}
	free(dir);
	int code = 0;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code);
	if (!za) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, code);
		kp_fail(e, KP_EFAIL, "%s: %s", path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return e->code;
	}
	*z = xcalloc(1, sizeof **z);
	(*z)->za = za;
	(*z)->path = xstrdup(path);
	return 0;
}

/* Adds SRC as entry NAME with its time and method; SRC is the archive's
 * (or freed) afterwards. */
static int add_source(struct zipw *z, const char *name, zip_source_t *src, time_t mtime, bool compress,
		      struct kp_error *e)
{
	zip_int64_t i = zip_file_add(z->za, name, src, ZIP_FL_ENC_UTF_8);
	if (i < 0) {
		kp_fail(e, KP_EFAIL, "%s: entry %s: %s", z->path, name, zip_strerror(z->za));
		zip_source_free(src);
		return e->code;
	}
	if (zip_set_file_compression(z->za, (zip_uint64_t)i, compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) ||
	    zip_file_set_mtime(z->za, (zip_uint64_t)i, mtime, 0)) {
		kp_fail(e, KP_EFAIL, "%s: entry %s: %s", z->path, name, zip_strerror(z->za));
		zip_delete(z->za, (zip_uint64_t)i);
		return e->code;
	}
	z->n++;
	return 0;
}

int zipw_add_file(struct zipw *z, const char *name, const char *file, time_t mtime, bool compress,
		  struct kp_error *e)
{
	/* start 0, length -1: the whole file, opened when the archive is written */
	zip_source_t *src = zip_source_file(z->za, file, 0, -1);
	if (!src)
		return kp_fail(e, KP_EFAIL, "%s: entry %s from %s: %s", z->path, name, file, zip_strerror(z->za));
	return add_source(z, name, src, mtime, compress, e);
}

int zipw_add_data(struct zipw *z, const char *name, void *data, size_t len, bool own, time_t mtime, bool compress,
		  struct kp_error *e)
{
	void *copy = data;
	if (!own) {
		copy = xmalloc(len ? len : 1);
		memcpy(copy, data, len);
	}
	/* freep 1: libzip frees the buffer with the source */
	zip_source_t *src = zip_source_buffer(z->za, copy, len, 1);
	if (!src) {
		free(copy);
		return kp_fail(e, KP_EFAIL, "%s: entry %s: %s", z->path, name, zip_strerror(z->za));
	}
	return add_source(z, name, src, mtime, compress, e);
}

int64_t zipw_entries(const struct zipw *z)
{
	return z->n;
}

int zipw_close(struct zipw *z, struct kp_error *e)
{
	int rc = 0;
	if (zip_close(z->za)) {
		rc = kp_fail(e, KP_EFAIL, "%s: %s", z->path, zip_strerror(z->za));
		zip_discard(z->za); /* libzip has removed its temporary file */
	}
	free(z->path);
	free(z);
	return rc;
}

void zipw_discard(struct zipw *z)
{
	if (!z)
		return;
	zip_discard(z->za);
	free(z->path);
	free(z);
}
