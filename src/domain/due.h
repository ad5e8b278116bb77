/* due.h — deadline lights (红黄绿灯): for every unit × task and unit ×
 * criterion, whether it is done, on track, due soon or overdue, as of a
 * day in China time; the lists behind the dashboards, `kaoping due` and
 * the reminder sheet (催办单).
 *
 * A task is done when the unit (or the office) has reported it done; it is
 * due on its own deadline, else the campaign's (2024年7月底). A criterion
 * is done when the unit has filed evidence for it (a file, or a ledger
 * entry linked to it) and self-assessed every part of it; it is due on the
 * material deadline (7月29日前), when the materials are handed in. */
#ifndef KAOPING_DUE_H
#define KAOPING_DUE_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/light.h"
#include "domain/campaign.h"
#include "store/store.h"
#include "core/util.h"

enum due_kind { DUE_TASK, DUE_CRITERION };

struct due_item {
	int unit;             /* unit index */
	enum due_kind kind;
	int no;               /* task or criterion number */
	int64_t task_id;      /* DUE_TASK: the task's store id */
	char *title;          /* task title, or the criterion's text */
	char due[11];         /* YYYY-MM-DD */
	int days;             /* days left until due (negative: overdue) */
	enum light light;
	bool evidence;        /* DUE_CRITERION: evidence is filed */
	char *missing;        /* what is still owed ("佐证材料、自评"), "" when done */
	char *done_at;        /* DUE_TASK done: when and by whom; else "" */
};

struct due_list {
	struct due_item *items; /* by unit, tasks first (by number), then criteria */
	int n;
	char today[11];
	int window;
};

/* Collects the items of unit U (or every unit when U < 0) as of TODAY
 * (YYYY-MM-DD in China time; NULL: today) with the campaign's window
 * setting. P and NP are the campaign's programmes when the caller has
 * them loaded (NULL: loaded here). */
int due_collect(store *s, const struct campaign *c, const struct programme *p, int np, int u, const char *today,
		struct due_list *out, struct kp_error *e);
void due_list_free(struct due_list *l);

/* The items of unit U in L in the order they are to be done, as indexes
 * into L->items written to ORDER (room for L->n) and counted in the return:
 * what is not done first, by due day (the day a criterion's material is due
 * before a task's on the same day, then by number), then what is done. */
int due_order(const struct due_list *l, int u, int *order);
/* Counts of each light in L for unit U (-1: all) and kind K (-1: both). */
void due_count(const struct due_list *l, int u, int k, int counts[4]);

/* The number of items of unit U (-1: all) of kind K. */
int due_count_kind(const struct due_list *l, int u, int k);

/* Which items a listing shows: unit (-1 all), kind (-1 both), lights
 * (a bit per enum light; 0 means all). */
struct due_filter {
	int unit, kind, lights;
};
bool due_shown(const struct due_item *it, const struct due_filter *f);

/* Prints the items of L that F shows as a table in FORMAT (text, JSON or
 * CSV with a BOM) on OUT. */
void due_print(const struct campaign *c, const struct due_list *l, const struct due_filter *f, int format, FILE *out);

/* Records that unit U has done task TASK_ID (or, with DONE false, takes
 * that back), with a note, in the audit log. KP_EINPUT when the task is
 * not the unit's. */
int due_task_mark_done(store *s, const struct campaign *c, int u, int64_t task_id, bool done, const char *note,
		   const char *by, struct kp_error *e);
/* Sets task TASK_ID's own deadline (NULL: back to the campaign's). */
int due_task_set_due(store *s, const struct campaign *c, int64_t task_id, const char *due, const char *by,
		 struct kp_error *e);
#endif
