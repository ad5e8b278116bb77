/* campaign.h — a campaign (创建活动) as stored: its units and their names, the
 * leading group by position, the programmes and tasks, the current rubric.
 * Creates the store's campaign from a campaign file (data/campaign.json). */
#ifndef KAOPING_CAMPAIGN_H
#define KAOPING_CAMPAIGN_H
#include <jansson.h>
#include <stdint.h>

#include "core/rubric.h"
#include "store/store.h"
#include "domain/audit.h"
#include "core/unitdir.h"

struct campaign {
	int64_t id;
	char *title;
	int year;
	char *timezone;
	char *material_deadline, *material_deadline_text; /* YYYY-MM-DD, as written */
	char *deadline, *deadline_text;
	char *group_name, *office_name;
	struct unitdir units;
	struct rubric *rubric;
	int64_t rubric_id;
	int64_t previous_id; /* the campaign this one was copied from (0: none) */
};

/* Checks the campaign file ROOT (format kaoping-campaign/1) completely and,
 * only if all of it is valid, writes it to S in one transaction. The
 * "units" member of ROOT is removed once read, to bound memory. BY names who
 * did it (for the audit log). Returns 0, or KP_EINPUT with E naming the
 * field ("units[3].aliases[0]: alias "残联" already names 区残联"). */
int campaign_create(store *s, json_t *root, const char *source, const char *by, struct kp_error *e);

/* Loads the current campaign of S with its units and rubric into C (free
 * with campaign_free). KP_EINPUT when the store holds no campaign. */
int campaign_load(store *s, struct campaign *c, struct kp_error *e);
/* Loads campaign ID (an earlier year's, say) the same way. */
int campaign_load_id(store *s, int64_t id, struct campaign *c, struct kp_error *e);
void campaign_free(struct campaign *c);

/* Validates the rubric JSON ROOT against C's units without storing it. */
int campaign_parse_rubric(const struct campaign *c, json_t *root, struct rubric **out, struct kp_error *e);

/* The differences from the stored rubric OLD to NEW, one JSON object each
 * (new reference, an array): {"what": "title", "from", "to"}, {"what":
 * "total", "from", "to"} (tenths), {"what": "grades"}, {"what": "removed",
 * "no"}, {"what": "added", "no", "points"}, {"what": "changed", "no", "keys":
 * ["text", "responsible", …]} naming what differs. */
json_t *campaign_rubric_changes(const struct rubric *old, const struct rubric *new, const struct unitdir *d);
/* Appends one change as the CLI prints it: "criterion 8: changed [parts]". */
void campaign_rubric_change_text(const json_t *change, struct strbuf *b);
/* Refuses (KP_EINPUT, up to five cases named) a rubric R that would orphan
 * a stored score: a criterion removed, its parts changed, a unit no longer
 * responsible, a score above the new maximum or below the new floor. */
int campaign_rubric_fits_scores(store *s, const struct campaign *c, const struct rubric *r, struct kp_error *e);
/* Stores R as a new version of C's rubric (every version is kept) in one
 * transaction with its audit entry (rubric.import, SOURCE, CHANGES) and a
 * campaign generation bump, so running servers reload it. */
int campaign_rubric_save(store *s, const struct campaign *c, const struct rubric *r, const char *source, const char *by,
			 int changes, struct kp_error *e);

/* The leading group: positions with their holders. */
struct holder {
	char *name, *from, *to; /* to is "" while current */
};
struct position {
	int64_t id;
	char *role, *title, *unit;
	int nholders;
	struct holder *holders; /* oldest first; the last one is current */
};
/* Loads the positions of campaign C; *OUT is freed with positions_free. */
int campaign_positions_load(store *s, const struct campaign *c, struct position **out, int *n, struct kp_error *e);
void campaign_positions_free(struct position *p, int n);
/* Finds the position meant by WHAT: its exact title, a role held by one
 * position (组长), or a unit with one position. -1 with E listing the
 * candidates when it is unknown or ambiguous. */
int campaign_position_find(const struct position *p, int n, const struct campaign *c, const char *what, struct kp_error *e);
/* Records NAME as the holder of position P from date FROM (YYYY-MM-DD); the
 * previous holder's term ends that day and stays in the history. */
int campaign_position_assign(store *s, const struct position *p, const char *name, const char *from, const char *by,
		    struct kp_error *e);

/* Programmes (五大工程) and their tasks with responsible units. */
struct task {
	int64_t id; /* store id */
	int no;
	char *title, *text, *units_text;
	char *due; /* YYYY-MM-DD: its own deadline, or the campaign's */
	bool all_units;
	int nunits;
	int *units; /* unit indexes */
};
struct programme {
	int no;
	char *name, *text, *units_text;
	bool all_units;
	int nunits;
	int *units;
	int ntasks;
	struct task *tasks;
};
int campaign_programmes_load(store *s, const struct campaign *c, struct programme **out, int *n, struct kp_error *e);
void campaign_programmes_free(struct programme *p, int n);
/* True when unit U is responsible for task T of programme P. */
bool campaign_task_applies(const struct programme *p, const struct task *t, int u);

/* Today's date in the campaign's zone (China time) as YYYY-MM-DD; the
 * environment variable KAOPING_TODAY (a valid date) overrides it, for tests. */
char *campaign_today(const struct campaign *c);
/* Unix time of the end of day DATE (YYYY-MM-DD) in the campaign's zone. */
int64_t campaign_day_end(const struct campaign *c, const char *date);
#endif
