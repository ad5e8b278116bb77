/* ledger.h — a unit's ledger (台账): the activities it records (meetings,
 * studies, events, visits) with date, kind, attendance and files, each
 * linked to the criteria it proves. Kinds belong to the campaign: the
 * built-in ones plus those the office adds. Files are kept like evidence
 * (workflow.h): content-addressed, typed by content, size-limited. */
#ifndef KAOPING_LEDGER_H
#define KAOPING_LEDGER_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "domain/campaign.h"
#include "io/table.h"
#include "domain/evidence.h"
#include "domain/submissions.h"

/* The kinds of activity of a campaign, in their order. */
struct ledger_kind {
	int64_t id;
	char *name;
	bool builtin;
};
struct ledger_kinds {
	int n;
	struct ledger_kind *k;
};
/* Loads campaign CAMPAIGN's kinds into *OUT (free with ledger_kinds_free). */
int ledger_kinds_load(store *s, int64_t campaign, struct ledger_kinds *out, struct kp_error *e);
void ledger_kinds_free(struct ledger_kinds *k);
/* The index of the kind named NAME (spaces around it ignored), or -1. */
int ledger_kind_find(const struct ledger_kinds *k, const char *name);
/* The index of the kind with store id ID, or -1. */
int ledger_kind_by_id(const struct ledger_kinds *k, int64_t id);
/* The office adds kind NAME (1–40 characters, not already there); audited.
 * *ID (may be NULL) receives its id. */
int ledger_kind_add(store *s, const struct campaign *c, const char *name, const char *by, int64_t *id,
		    struct kp_error *e);

/* A file that came with an entry: received (blob_put) into FILE, with
 * the name the user gave it. */
struct ledger_upload {
	const char *name;
	struct blob file;
};
/* Receives the file at PATH into U->file (named after PATH's last part). */
int ledger_receive_path(store *s, const char *path, struct ledger_upload *u, struct kp_error *e);

/* A new entry as typed by the user; text is checked by ledger_add. */
struct ledger_input {
	int unit; /* index into the campaign's units */
	const char *day, *kind, *title, *participants, *place, *notes;
	const char *criteria; /* "4,8" (also 4，8 or 4、8), or NULL/"" for none */
	struct ledger_upload *files;
	int nfiles;
	const char *by;
};
/* Records entry IN for its unit: the date must be a day of the campaign
 * year, the kind one of the campaign's, the title given, participants a
 * whole number >= 0, each criterion one that applies to the unit, each
 * file acceptable as evidence. All or nothing, audited; KP_EINPUT naming
 * the field ("date: …") otherwise. An entry linked to criteria is refused
 * while the unit's self-assessment is submitted (submission_frozen, in
 * the same transaction); one linked to none is a record of an activity
 * and always accepted. The files' temporary copies are gone
 * afterwards either way. *ID receives the entry's id. */
int ledger_add(store *s, const struct campaign *c, const struct ledger_input *in, int64_t *id, struct kp_error *e);
/* Adds FILES to entry ID (with UNIT >= 0 it must be that unit's), each
 * acceptable as evidence; all or nothing, audited. Refused like ledger_add
 * for an entry linked to criteria while the self-assessment is submitted. The files' temporary
 * copies are gone afterwards either way. */
int ledger_attach(store *s, const struct campaign *c, int64_t id, int unit, struct ledger_upload *files, int nfiles,
		  const char *by, struct kp_error *e);
/* Removes entry ID softly (kept, marked deleted, audited). With UNIT >= 0
 * the entry must be that unit's. KP_EINPUT when there is no such entry,
 * or (as ledger_add) when it is linked to criteria of a submitted
 * self-assessment. */
int ledger_remove(store *s, const struct campaign *c, int64_t id, int unit, const char *by, struct kp_error *e);

/* An entry as stored. */
struct ledger_entry {
	int64_t id, unit_id, kind_id, participants;
	char day[11];
	char *kind, *title, *place, *notes, *by, *at;
	int ncriteria;
	int *criteria; /* criterion numbers */
	int nfiles;
};
/* Loads the live entries of the campaign, of unit UNIT (-1: all) and kind
 * KIND_ID (0: all), by unit, date and id. Free with ledger_entries_free. */
int ledger_load(store *s, const struct campaign *c, int unit, int64_t kind_id, struct ledger_entry **out, int *n,
		struct kp_error *e);
void ledger_entries_free(struct ledger_entry *entries, int n);
/* Loads live entry ID into *OUT; 0 and OUT->id == 0 when there is none.
 * Free with ledger_entries_free(out, 1). */
int ledger_get(store *s, int64_t id, struct ledger_entry *out, struct kp_error *e);
/* Prints ENTRIES (N) as a table in FMT: text, JSON or CSV with BOM. */
void ledger_print(const struct campaign *c, const struct ledger_entry *entries, int n, enum out_format fmt, FILE *out);

/* A file of an entry. */
struct ledger_file {
	int64_t id, size;
	char *name, *type, sha256[65];
};
int ledger_files_load(store *s, int64_t entry, struct ledger_file **out, int *n, struct kp_error *e);
void ledger_files_free(struct ledger_file *f, int n);

/* A file of a live entry with who uploaded it and when, for listings of
 * many entries at once (the inspection package). Strings owned by the row. */
struct ledger_file_row {
	int64_t id, entry_id, unit_id, size;
	char sha256[65];
	char *name, *type, *uploaded_by, *uploaded_at; /* uploaded_at: UTC ISO 8601 */
};
/* Loads every file of the live entries of campaign C, of unit UNIT (an
 * index; -1: every unit), by unit, entry date, entry and file, into *OUT
 * and *N (free with ledger_file_rows_free), in one statement. On a store
 * error nothing is returned and E's code is. */
int ledger_files_list(store *s, const struct campaign *c, int unit, struct ledger_file_row **out, int *n,
		      struct kp_error *e);
void ledger_file_rows_free(struct ledger_file_row *f, int n);

/* ---- reads for the web's pages ---- */

/* Reads ledger file FILE_ID of a live entry into *F (its size is not read:
 * 0), with the entry's id in *ENTRY and its unit's store id in *UNIT_ID.
 * The caller frees F->name and F->type. KP_EINPUT when there is no such file
 * or its entry was deleted; a store error's code otherwise. */
int ledger_file_get(store *s, int64_t file_id, struct ledger_file *f, int64_t *entry, int64_t *unit_id,
		    struct kp_error *e);

/* A live entry that proves a criterion (as linked to it), for the
 * criterion page; strings owned by the array. */
struct ledger_proof {
	int64_t id;
	char day[11];
	char *kind, *title;
};
/* Loads the live entries of the unit with store id UNIT_ID linked to
 * criterion number NO, by date and id, into *OUT and *N (free with
 * ledger_proofs_free). On a store error nothing is returned and E's code
 * is. */
int ledger_by_criterion(store *s, int64_t unit_id, int no, struct ledger_proof **out, int *n, struct kp_error *e);
void ledger_proofs_free(struct ledger_proof *p, int n);
#endif
