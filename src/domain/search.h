/* search.h — what the header's search box finds: units (by name or
 * alias), criteria (by 序号 or words of their text), ledger entries,
 * evidence and ledger file names, supervision cases; all of one unit for
 * that unit's clerk. Typed rows; the web words and links them. */
#ifndef KAOPING_SEARCH_H
#define KAOPING_SEARCH_H
#include <stdint.h>

#include "domain/campaign.h"

enum search_kind {
	SEARCH_UNIT,        /* a unit: UNIT */
	SEARCH_CRITERION,   /* a criterion: NO, TEXT its text */
	SEARCH_LEDGER,      /* a ledger entry ID of UNIT: DAY, TEXT its title */
	SEARCH_EVIDENCE,    /* evidence file ID of UNIT for criterion NO: TEXT the file name */
	SEARCH_LEDGER_FILE, /* ledger file ID of entry PARENT of UNIT: TEXT the file name */
	SEARCH_CASE,        /* supervision case ID of UNIT: TEXT its reason, STATE */
	SEARCH_KINDS
};

struct search_hit {
	enum search_kind kind;
	int unit;       /* unit index, -1 for a criterion */
	int64_t id;     /* store id (0 for units and criteria) */
	int64_t parent; /* a ledger file's entry */
	int no;         /* criterion number */
	int state;      /* a case's state (enum case_state) */
	char day[11];   /* a ledger entry's date */
	char *text;
};

struct search_results {
	int n;
	struct search_hit *hit; /* grouped by kind, in enum order */
	bool more[SEARCH_KINDS]; /* that kind had more than the limit */
};

/* Most hits of each kind. */
#define SEARCH_LIMIT 20

/* Finds Q in campaign C of S: its words (split at spaces) in the order
 * given, anything between them; letters' case is ignored in stored
 * records (SQLite's LIKE), not in names and criteria. A Q of digits
 * alone also finds the criterion of that 序号. ONLY_UNIT >= 0 limits everything to that unit (a
 * clerk: its unit, the criteria that apply to it, its ledger, files and
 * cases); -1 searches every unit. Fills *R (free with
 * search_results_free), empty for an empty Q. KP_EFAIL on a store error. */
int search_run(store *s, const struct campaign *c, const char *q, int only_unit, struct search_results *r,
	       struct kp_error *e);
void search_results_free(struct search_results *r);
#endif
