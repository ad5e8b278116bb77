/* evidence.h — a unit's evidence (佐证材料): files kept content-addressed
 * (SHA-256) beside the store, types checked by content, late uploads
 * marked, withdrawal only before the deadline and never after submission. */
#ifndef KAOPING_EVIDENCE_H
#define KAOPING_EVIDENCE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/campaign.h"
#include "store/blob.h"

/* Largest evidence file accepted by default. */
#define EVIDENCE_MAX_BYTES (50u * 1024 * 1024)

/* The type of DATA as its content shows it, if NAME's extension agrees:
 * "application/pdf", "image/jpeg", … ; NULL with E saying why otherwise
 * (unknown extension, or content that is not what the name claims). */
const char *evidence_type(const char *name, const unsigned char *data, size_t len, struct kp_error *e);

/* Checks a received file F before it is kept: a usable NAME (cleaned into
 * *CLEAN, which the caller frees), not empty, within the size limit, and
 * content that matches the name's type (*TYPE, static). KP_EINPUT naming
 * the file otherwise. Evidence, ledger and case files all go through it. */
int evidence_check(const char *name, const struct blob *f, char **clean, const char **type,
		   struct kp_error *e);
/* Stores a received file F (blob_put) for unit U, criterion index K,
 * as evidence_add does; F is kept (blob_commit) or dropped either way. */
int evidence_add_file(store *s, const struct campaign *c, int u, int k, const char *name, struct blob *f,
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

#endif
