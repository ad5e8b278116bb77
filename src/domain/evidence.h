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

/* Every file name extension evidence_type accepts, as a form's accept
 * list (".pdf,.doc,…,.heic,.heif,…"), added to B. */
void evidence_accept(struct strbuf *b);

/* Checks a received file F before it is kept: a usable NAME (cleaned into
 * *CLEAN, which the caller frees), not empty, within the size limit, and
 * content that matches the name's type (*TYPE, static). KP_EINPUT naming
 * the file otherwise. Evidence, ledger and case files all go through it. */
int evidence_check(const char *name, const struct blob *f, char **clean, const char **type,
		   struct kp_error *e);
/* Checks the N received files FILES, named NAMES, with evidence_check,
 * every one before any is kept: CLEAN[i] (the caller frees each) and
 * TYPE[i] receive the clean name and the type. With MAX > 0, more than
 * MAX files are refused (KP_R_RANGE on "file"). KP_EINPUT naming the first
 * file refused otherwise. */
int evidence_check_all(int n, const char *const *names, struct blob *const *files, int max, char **clean,
		       const char **type, struct kp_error *e);
/* Keeps the checked file F (of TYPE) in BS under its content address and
 * records its blob row at AT (once per content), inside the caller's
 * transaction. KP_EFAIL when it cannot be kept. */
int evidence_keep(store *s, struct blob_store *bs, struct blob *f, const char *type, const char *at,
		  struct kp_error *e);
/* Stores a received file F (blob_put) for unit U, criterion index K,
 * as evidence_add does; F is kept (blob_commit) or dropped either way. */
int evidence_add_file(store *s, const struct campaign *c, int u, int k, const char *name, struct blob *f,
		      const char *by, int64_t now, int64_t *id, struct kp_error *e);
/* Stores the N received files FILES, named NAMES, as evidence of unit U
 * for criterion index K, all or none: every file is checked first, then
 * all are written in one transaction (one evidence row and one audit entry
 * each); the new ids go to IDS (N of them). One file refused (its name,
 * type, size) or the unit's submission frozen: nothing is stored and E
 * names the file. The files are kept (blob_commit) or dropped either way. */
int evidence_add_files(store *s, const struct campaign *c, int u, int k, int n, const char *const *names,
		       struct blob *const *files, const char *by, int64_t now, int64_t *ids, struct kp_error *e);

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
