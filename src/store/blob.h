/* blob.h — the files kept beside the database (evidence, ledger files,
 * rectification attachments): received as a stream, hashed on the way in,
 * kept content-addressed by SHA-256 and written once per content.
 *
 * It lives in store/ because it is storage beside the database, not a
 * domain rule: the domain decides which files to keep (type checks, blob
 * rows, audit), this module only keeps bytes. It knows nothing of the
 * store's tables and includes no domain header.
 *
 * These functions ARE the interface. This file's implementation (blob.c)
 * keeps blobs in a local folder beside an SQLite file (DB.files/ab/cdef…,
 * temporary files in DB.files/tmp/). Shared storage for PostgreSQL (several
 * servers, one set of files) is a second implementation of exactly these
 * functions in its own file, chosen at build time with the store backend;
 * callers hold only struct blob_store * and struct blob, never a path of
 * their own, except what blob_open hands out for sending. */
#ifndef KAOPING_BLOB_H
#define KAOPING_BLOB_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/hash.h"
#include "core/util.h"

/* Where blobs are kept (opaque; one implementation's own state). */
struct blob_store;

/* A received blob not yet kept: its temporary copy, hashed as it arrived.
 * Zero-initialised means "nothing received". */
struct blob {
	char *tmp;               /* the implementation's temporary copy (owned); NULL once kept or dropped */
	size_t len;              /* bytes */
	char sha256[65];         /* lower-case hex, set by blob_put_finish */
	unsigned char head[16];  /* the first bytes, for the type check */
	size_t headlen;
};

/* A blob being received: begin, write pieces, finish (or abort). */
struct blob_put {
	int fd;
	size_t max;
	struct sha256_stream hash;
	struct blob blob;
};

/* Opens the blob store that belongs to the database at DB (here the folder
 * DB.files, made when first written; for a PostgreSQL store, the folder
 * $KAOPING_FILES names). *BS is freed with blob_store_close. KP_EFAIL when
 * it cannot be used, KP_EINPUT for a PostgreSQL store without
 * KAOPING_FILES. */
int blob_store_open(const char *db, struct blob_store **bs, struct kp_error *e);
void blob_store_close(struct blob_store *bs);

/* The folder where a large temporary file that belongs with the store
 * may be written (a package being built): the folder of an SQLite file,
 * $KAOPING_FILES for a PostgreSQL store (caller frees). */
char *blob_spool_dir(const char *db);

/* Starts receiving a blob of at most MAX bytes into P: a new temporary
 * copy, named after this process so blob_sweep spares it while it runs.
 * KP_EFAIL when it cannot be written. */
int blob_put_begin(struct blob_store *bs, size_t max, struct blob_put *p, struct kp_error *e);
/* Adds N bytes at DATA. Past P's MAX: KP_EINPUT ("file is larger than
 * … MB"), KP_EFAIL when it cannot be written; either way the temporary
 * copy is gone (blob_put_abort is still safe). */
int blob_put_write(struct blob_put *p, const void *data, size_t n, struct kp_error *e);
/* Ends P: the copy is made durable and *OUT receives it (SHA-256, size,
 * first bytes; OUT->tmp is then OUT's to keep or drop). On an error the
 * copy is gone and *OUT untouched. */
int blob_put_finish(struct blob_put *p, struct blob *out, struct kp_error *e);
/* Gives P up: its temporary copy is removed. Safe after an error, after
 * finish, and twice. */
void blob_put_abort(struct blob_put *p);
/* The whole of IN (read to its end; NAME says what it is in an error) as
 * a blob *OUT of at most MAX bytes: begin, write, finish. KP_EINPUT when
 * IN cannot be read or is too large; nothing is left on an error. */
int blob_put_stream(struct blob_store *bs, FILE *in, const char *name, size_t max, struct blob *out,
		    struct kp_error *e);
/* LEN bytes at DATA as a blob *OUT (as blob_put_stream). */
int blob_put_data(struct blob_store *bs, const void *data, size_t len, size_t max, struct blob *out,
		  struct kp_error *e);

/* Keeps B under its content address unless the same content is kept
 * already (written once per content); B's temporary copy is gone
 * afterwards either way (B->tmp NULL). KP_EFAIL when it cannot be kept. */
int blob_commit(struct blob_store *bs, struct blob *b, struct kp_error *e);
/* Removes B's temporary copy if it is still there (a blob not kept). */
void blob_drop(struct blob *b);

/* The kept blob HEX for sending: *PATH (caller frees) names a file the
 * transport may open and stream, *LEN its size. KP_EFAIL when no such
 * blob is kept (or HEX is not a SHA-256). */
int blob_open(struct blob_store *bs, const char *hex, char **path, uint64_t *len, struct kp_error *e);

/* Removes the temporary copies left by processes that are gone, or older
 * than a day; *REMOVED counts them, *WHERE (may be NULL; caller frees) says
 * where they were looked for, for a log line. KP_EFAIL when that cannot be
 * read (what could be removed is removed). */
int blob_sweep(struct blob_store *bs, int *removed, char **where, struct kp_error *e);
#endif
