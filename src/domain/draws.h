/* draws.h — spot-check draws (随机抽查) in the store: making one (the pool,
 * weights and inspectors read from the store, the draw computed by draw.c,
 * everything recorded with its seed and parameters), reading and verifying
 * it, publishing it, and recording the check's findings against it. */
#ifndef KAOPING_DRAWS_H
#define KAOPING_DRAWS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/auth.h"
#include "domain/campaign.h"
#include "core/draw.h"
#include "store/blob.h"

/* Largest weight factor the office may give (--weight-case, --weight-complaint). */
#define DRAWS_WEIGHT_FACTOR_MAX 100
/* Longest finding text, in bytes. */
#define DRAWS_FINDING_MAX 4000
/* Most files (photos) one finding takes: as many as one upload form
 * sends. Each is checked and limited as evidence is (evidence_check:
 * EVIDENCE_MAX_BYTES, the same types, HEIC photos included). */
#define DRAWS_FINDING_FILES_MAX 8

/* How to make a draw. */
struct draw_options {
	const char *seed;      /* NULL: a new random seed */
	const char *title;     /* NULL or "": 随机抽查 and today's date */
	int count;             /* units to draw; 0 when RATIO is given */
	const char *ratio;     /* the pool's share to draw, in (0, 1], or NULL */
	const int *units;      /* unit indexes the pool is limited to; NULL: every unit */
	int nunits;
	const int *exclude;    /* unit indexes left out of the pool */
	int nexclude;
	int weight_case;       /* weight of a unit with an open supervision case (1 = none) */
	int weight_complaint;  /* weight of a unit with many open complaints (1 = none) */
	bool publish;          /* publish at once */
	const char *by;
};

/* A draw as stored. */
struct drawn_inspector {
	int64_t account;
	char *name, *display;
};
struct drawn_unit {
	int ord;
	int64_t unit, weight;
	char *outcome;   /* "" (not checked yet) or "checked" */
	bool has_points;
	int points;      /* tenths: the check's score over the criteria it scored */
	int ninspectors;
	struct drawn_inspector *inspectors; /* in assignment order */
};
/* A file kept with a finding (现场检查照片): a photo from the site, or
 * any file evidence may be. */
struct drawn_finding_file {
	int ord;          /* 1, 2 … within its finding, in upload order */
	char sha256[65];  /* content address (blob.h) */
	char *name, *type;
	int64_t size;
	char *by, *at;    /* who uploaded it, when (UTC) */
};
struct drawn_finding {
	int64_t id, unit;
	int criterion;   /* 0: none */
	bool has_points;
	int points;
	char *text, *by, *at;
	int nfiles;
	struct drawn_finding_file *files; /* by ord */
};
struct draw_record {
	int64_t id;
	char *title, *seed, *params, *digest, *created_by, *created_at;
	bool published;
	int n;
	struct drawn_unit *units; /* in draw order */
	int nfindings;
	struct drawn_finding *findings; /* oldest first */
};

/* Makes a draw as O says and records it, in one transaction with its audit
 * entry; *ID receives its id. KP_EINPUT, nothing saved, with E saying what
 * to fix: no count or ratio (or both), a ratio outside (0, 1], a pool
 * smaller than the count, a unit that cannot get enough inspectors from
 * outside itself, a bad seed or weight. */
int draws_make(store *s, const struct campaign *c, const struct draw_options *o, int64_t *id, struct kp_error *e);

/* Loads draw ID of campaign C into D (free with draws_free). KP_EINPUT
 * when there is no such draw. */
int draws_load(store *s, const struct campaign *c, int64_t id, struct draw_record *d, struct kp_error *e);
void draws_free(struct draw_record *d);

/* Recomputes D from its recorded seed and parameters (the pool as it was
 * recorded) and compares the result and the digest with what is stored.
 * True when everything matches; otherwise false with WHY naming the first
 * difference. Pure: reads only D and C's unit names. */
bool draws_verify(const struct campaign *c, const struct draw_record *d, struct strbuf *why);

/* Publishes draw ID (audited). KP_EINPUT when it does not exist or is
 * already published. */
int draws_publish(store *s, const struct campaign *c, int64_t id, const char *by, struct kp_error *e);

/* A finding from the check of one drawn unit. */
struct finding_input {
	int64_t draw;
	int unit;            /* unit index */
	int64_t inspector;   /* the account recording it, or 0 for the office */
	int criterion;       /* criterion number, 0 for none */
	int points;          /* tenths, or -1 for none (needs a criterion) */
	const char *text;
	const char *by;
	/* the received files (blob_put) and the names they came with, NFILES
	 * of them (0: none); kept or dropped by draws_add_finding either way */
	int nfiles;
	const char *const *names;
	struct blob *const *files;
};
/* Records finding IN with its files and updates the unit's outcome and
 * points (the sum, over the criteria scored, of the latest points given
 * for each): finding, files and audit entry in one transaction, all or
 * nothing. Refused (KP_EINPUT, nothing saved, E naming the field) when the
 * draw or the unit in it does not exist, the inspector is not assigned to
 * that unit in that draw (KP_R_DENIED), the criterion does not exist, the
 * points exceed the criterion's maximum, the text is empty or too long,
 * there are more than DRAWS_FINDING_FILES_MAX files, or any one file is
 * refused as evidence would be ("file", "file_name": its name, size, type
 * by content). Every file's temporary copy is gone after the call. */
int draws_add_finding(store *s, const struct campaign *c, const struct finding_input *in, struct kp_error *e);

/* Whether WHO may see the findings (and their files) of the unit with
 * store id UNIT in draw D: the office and leaders (who read everything),
 * the inspectors assigned to that unit in D, and that unit's own clerks
 * once D is published. Nobody else: not another unit's clerk, not an
 * assessor who was not sent there. */
bool draws_may_see_findings(const struct draw_record *d, int64_t unit, const struct account *who);

/* File ORD of finding FINDING of draw DRAW, for WHO to download, copied
 * into *OUT (free with draws_finding_file_free); *UNIT (may be NULL)
 * receives the finding's unit (store id). KP_EINPUT with KP_R_NOT_FOUND
 * when there is no such draw, finding or file, or WHO is a unit's clerk
 * who may not see it (nothing tells them it exists); KP_R_DENIED when WHO
 * may read draws but not that unit's findings (draws_may_see_findings). */
int draws_finding_file(store *s, const struct campaign *c, int64_t draw, int64_t finding, int ord,
		       const struct account *who, struct drawn_finding_file *out, int64_t *unit, struct kp_error *e);
void draws_finding_file_free(struct drawn_finding_file *f);

/* D as JSON, findings included (a new reference). */
json_t *draws_to_json(const struct campaign *c, const struct draw_record *d);

/* The unit's name, or "#ID" (in BUF, 24 bytes) when it is not in C. */
const char *draws_unit_name(const struct campaign *c, int64_t unit, char buf[24]);
/* 已检查 / 待检查. */
const char *draws_outcome_label(const char *outcome);

/* ---- the list of draws ---- */

/* A draw as listed (without its units and findings); strings owned by
 * the list. */
struct draw_summary {
	int64_t id;
	char *title, *seed, *created_by, *created_at;
	bool published;
	int64_t units; /* how many units were drawn */
};
struct draw_list {
	struct draw_summary *row;
	int n;
};
/* Loads the draws of campaign C, newest first, into L (free with
 * draws_list_free): only the published ones when PUBLISHED_ONLY. On a
 * store error L is left empty and E's code returned. */
int draws_list(store *s, const struct campaign *c, bool published_only, struct draw_list *l, struct kp_error *e);
void draws_list_free(struct draw_list *l);
#endif
