/* evidence.h — a unit's evidence (佐证材料): files kept content-addressed
 * (SHA-256) beside the store, types checked by content, late uploads
 * marked, withdrawal only before the deadline and never after submission. */
#ifndef KAOPING_EVIDENCE_H
#define KAOPING_EVIDENCE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "domain/campaign.h"

/* Largest evidence file accepted by default. */
#define EVIDENCE_MAX_BYTES (50u * 1024 * 1024)

/* The type of DATA as its content shows it, if NAME's extension agrees:
 * "application/pdf", "image/jpeg", … ; NULL with E saying why otherwise
 * (unknown extension, or content that is not what the name claims). */
const char *evidence_type(const char *name, const unsigned char *data, size_t len, struct kp_error *e);

/* Where evidence files of the store at DB live: DB.files/. Caller frees. */
char *evidence_dir(const char *db);

/* A file received into a temporary file in evidence_dir's tmp/, hashed on the
 * way in: the upload is streamed, never held whole in memory. */
struct evidence_file {
	char *tmp;               /* temporary path (owned; NULL once stored) */
	size_t len;
	char sha256[65];
	unsigned char head[16];  /* the first bytes, for the type check */
	size_t headlen;
};

/* Receives a file in pieces: open, write each piece, finish. On error the
 * temporary file is removed. */
struct evidence_sink {
	int fd;
	crypto_hash_sha256_state hash;
	struct evidence_file file;
};
/* Opens K on a new temporary file in evidence folder DIR's tmp/ (both
 * made if missing), named after this process so evidence_sweep spares it
 * while it runs; KP_EFAIL when the folder cannot be made or written. */
int evidence_sink_open(const char *dir, struct evidence_sink *k, struct kp_error *e);
int evidence_sink_write(struct evidence_sink *k, const void *data, size_t len, struct kp_error *e);
int evidence_sink_finish(struct evidence_sink *k, struct kp_error *e);
/* Removes F's temporary file if it is still there, and frees its path. */
void evidence_file_drop(struct evidence_file *f);
/* The folder of the temporary files of evidence folder DIR: DIR/tmp
 * (files upload-PID-XXXXXX). Caller frees. */
char *evidence_tmp_dir(const char *dir);
/* Removes the temporary files left in DIR/tmp (and beside the stored
 * files, where older versions wrote them) by processes that are gone, or
 * older than a day; *REMOVED counts them. KP_EFAIL when a folder cannot
 * be read (what could be removed is removed). */
int evidence_sweep(const char *dir, int *removed, struct kp_error *e);

/* Checks a received file F before it is kept: a usable NAME (cleaned into
 * *CLEAN, which the caller frees), not empty, within the size limit, and
 * content that matches the name's type (*TYPE, static). KP_EINPUT naming
 * the file otherwise. Evidence and ledger files both go through it. */
int evidence_check(const char *name, const struct evidence_file *f, char **clean, const char **type,
		   struct kp_error *e);
/* Moves F's temporary file to DIR/ab/cdef… (its content address) unless a
 * file with that content is already there; the temporary file is gone
 * afterwards either way. The caller records the blob row. */
int evidence_place(const char *dir, struct evidence_file *f, struct kp_error *e);

/* Stores a received file F (evidence_sink) for unit U, criterion index K,
 * as evidence_add does; F's temporary file is moved into place or
 * removed either way. */
int evidence_add_file(store *s, const struct campaign *c, int u, int k, const char *name, struct evidence_file *f,
		      const char *by, int64_t now, int64_t *id, struct kp_error *e);

/* Stores a file for unit U, criterion index K: checked, written once per
 * content, recorded with its original name; late when NOW is after the
 * material deadline. *ID receives the evidence id. */
int evidence_add(store *s, const struct campaign *c, int u, int k, const char *name, const unsigned char *data,
		 size_t len, const char *by, int64_t now, int64_t *id, struct kp_error *e);
/* Withdraws evidence ID of unit U (the unit's own, before the deadline and
 * before submission; the office at any time before submission). */
int evidence_withdraw(store *s, const struct campaign *c, int64_t id, int u, bool office, const char *by, int64_t now,
		      struct kp_error *e);

/* ---- reading evidence (for the web's pages and API) ---- */

/* One piece of evidence as stored; strings owned by the row's list (or,
 * from evidence_get, by the row: free with evidence_row_free). */
struct evidence_row {
	int64_t id, unit_id;
	int criterion;      /* criterion number */
	char sha256[65];    /* content address (lower-case hex) */
	char *file_name, *type;
	int64_t size;
	bool late;          /* uploaded after the material deadline */
	bool withdrawn;
	char *withdrawn_at; /* UTC, "" when not withdrawn (evidence_get: always "", see WITHDRAWN) */
	char *uploaded_by, *uploaded_at;
};
struct evidence_list {
	struct evidence_row *row;
	int n;
};
/* Reads evidence ID into R (free with evidence_row_free). KP_EINPUT when
 * there is no such evidence; a store error's code otherwise (R empty). */
int evidence_get(store *s, int64_t id, struct evidence_row *r, struct kp_error *e);
void evidence_row_free(struct evidence_row *r);
/* Loads every piece of evidence of the unit with store id UNIT_ID,
 * withdrawn ones included, by criterion number then id, into L (free with
 * evidence_list_free). On a store error L is left empty and E's code
 * returned. */
int evidence_list(store *s, int64_t unit_id, struct evidence_list *l, struct kp_error *e);
void evidence_list_free(struct evidence_list *l);
#endif
