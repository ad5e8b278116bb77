/* workflow.h — a unit's self-assessment submission (提交 / 退回) and its
 * evidence (佐证材料): files kept content-addressed (SHA-256) beside the
 * store, types checked by content, late uploads marked, withdrawal only
 * before the deadline and never after submission. */
#ifndef KAOPING_WORKFLOW_H
#define KAOPING_WORKFLOW_H
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "campaign.h"

enum submission_state { SUBMISSION_DRAFT = 0, SUBMISSION_SUBMITTED = 1, SUBMISSION_RETURNED = 2 };

/* 草稿 / 已提交 / 已退回. */
const char *submission_label(int state);

/* Reads unit U's submission state (DRAFT when never submitted) and the
 * office's reason when it was returned (REASON may be NULL). */
int submission_get(store *s, const struct campaign *c, int u, int *state, char reason[512], struct kp_error *e);
/* The unit submits its self-assessment: every criterion part it answers
 * for must be self-assessed (the missing ones are listed). */
int submission_submit(store *s, const struct campaign *c, int u, const char *by, struct kp_error *e);
/* The office sends a submitted self-assessment back, with a reason. */
int submission_return(store *s, const struct campaign *c, int u, const char *reason, const char *by,
		      struct kp_error *e);

/* Refuses, inside the caller's transaction, a change to what unit U's
 * self-assessment rests on while it is submitted (its self scores, its
 * evidence, the ledger entries linked to its criteria): KP_EINPUT saying
 * "UNIT has submitted its self-assessment: WHAT …"; 0 while it is a
 * draft or was returned (退回). WHAT names what stays ("its evidence"). */
int submission_frozen(store *s, const struct campaign *c, int u, const char *what, struct kp_error *e);
/* True when E is such a refusal, so an interface can word it its own way
 * (the web in Chinese). */
bool submission_frozen_error(const struct kp_error *e);

/* Which assessor scores a reader in ROLE (auth.h) may see: the lowest
 * state shown (SCORE_DRAFT: all). Admin, assessor, leader and auditor see
 * everything; a unit's clerk what the setting unit_sees_assessor allows
 * (final by default: nothing before the office finalises the results).
 * On a store error *MIN_STATE is SCORE_FINAL (shows the least). */
int workflow_assessor_floor(store *s, const struct campaign *c, int role, int *min_state, struct kp_error *e);

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

/* Unix time of the end of day DATE (YYYY-MM-DD) in the campaign's zone. */
int64_t campaign_day_end(const struct campaign *c, const char *date);
#endif
