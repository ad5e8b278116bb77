/* due.c — deadline lights for units × tasks and units × criteria. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/due.h"
#include "store/sql.h"
#include "io/table.h"
#include "domain/settings.h"

/* Unit index of store id ID: units are numbered in order as a rule, so
 * look there first. */
static int unit_index(const struct unitdir *d, int64_t id)
{
	if (d->n && id >= d->ids[0] && id - d->ids[0] < d->n && d->ids[id - d->ids[0]] == id)
		return (int)(id - d->ids[0]);
	return unitdir_by_id(d, id);
}

/* Per unit × criterion (by index): 1 when evidence is filed; the number of
 * self-assessed parts. */
struct filed {
	int only; /* the one unit loaded, or -1 for all */
	int ncriteria;
	unsigned char *evidence;
	int *self;
};

static size_t cell_of(const struct filed *f, int u, int k)
{
	return (size_t)(f->only >= 0 ? 0 : u) * (size_t)f->ncriteria + (size_t)k;
}

/* Statement ALL bound to the campaign, or ONE bound to unit U's id. */
static store_stmt *scoped(store *s, const struct campaign *c, int u, enum store_sql all, enum store_sql one)
{
	store_stmt *st = store_sql(s, u < 0 ? all : one);
	st_bind_int(st, 1, u < 0 ? c->id : c->units.ids[u]);
	return st;
}

static int load_filed(store *s, const struct campaign *c, int only, struct filed *f, struct kp_error *e)
{
	const struct rubric *r = c->rubric;
	f->only = only, f->ncriteria = r->ncriteria;
	size_t cells = (size_t)(only >= 0 ? 1 : c->units.n) * (size_t)r->ncriteria;
	f->evidence = xcalloc(cells ? cells : 1, 1);
	f->self = xcalloc(cells ? cells : 1, sizeof *f->self);
	store_stmt *st = scoped(s, c, only, SQL_DUE_EVIDENCE, SQL_DUE_EVIDENCE_UNIT);
	int rc;
	while ((rc = st_step(st, e)) > 0) {
		int u = unit_index(&c->units, st_int(st, 0)), k = rubric_find(r, (int)st_int(st, 1));
		if (u >= 0 && k >= 0)
			f->evidence[cell_of(f, u, k)] = 1;
	}
	if (rc < 0)
		return e->code;
	st = scoped(s, c, only, SQL_DUE_SELF, SQL_DUE_SELF_UNIT);
	while ((rc = st_step(st, e)) > 0) {
		int u = unit_index(&c->units, st_int(st, 0)), k = rubric_find(r, (int)st_int(st, 1));
		if (u >= 0 && k >= 0)
			f->self[cell_of(f, u, k)] = (int)st_int(st, 2);
	}
	return rc < 0 ? e->code : 0;
}

/* A task's progress: done when reported. */
struct progress {
	int64_t task_id;
	int unit;
	char *done_at;
};

static int load_progress(store *s, const struct campaign *c, int only, struct progress **out, int *n,
			 struct kp_error *e)
{
	*out = NULL, *n = 0;
	store_stmt *st = scoped(s, c, only, SQL_TASK_PROGRESS_LIST, SQL_TASK_PROGRESS_UNIT);
	int rc;
	while ((rc = st_step(st, e)) > 0) {
		char shown[24]; /* the day reported, in China time, and by whom */
		time_shown(zone_offset(c->timezone), st_text(st, 2), shown);
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		(*out)[(*n)++] = (struct progress){st_int(st, 0), unit_index(&c->units, st_int(st, 1)),
						   xasprintf("%.10s %s", shown, st_text(st, 3))};
	}
	return rc < 0 ? e->code : 0;
}

static const char *done_at(const struct progress *p, int n, int64_t task_id, int u)
{
	for (int i = 0; i < n; i++)
		if (p[i].task_id == task_id && p[i].unit == u)
			return p[i].done_at;
	return NULL;
}

static struct due_item *push(struct due_list *l, int *cap)
{
	if (l->n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		l->items = xrealloc(l->items, (size_t)*cap * sizeof *l->items);
	}
	struct due_item *it = &l->items[l->n++];
	memset(it, 0, sizeof *it);
	return it;
}

static void add_tasks(struct due_list *l, int *cap, const struct programme *p, int np, int u,
		      const struct progress *pr, int npr, int32_t today)
{
	const char *last_due = NULL;
	int32_t due = INT32_MIN;
	for (int i = 0; i < np; i++)
		for (int t = 0; t < p[i].ntasks; t++) {
			const struct task *tk = &p[i].tasks[t];
			if (!campaign_task_applies(&p[i], tk, u))
				continue;
			const char *done = done_at(pr, npr, tk->id, u);
			if (!last_due || strcmp(last_due, tk->due)) /* tasks mostly share the campaign's day */
				last_due = tk->due, due = day_number(tk->due);
			struct due_item *it = push(l, cap);
			it->unit = u, it->kind = DUE_TASK, it->no = tk->no, it->task_id = tk->id;
			it->title = xstrdup(tk->title);
			snprintf(it->due, sizeof it->due, "%s", tk->due);
			it->days = due == INT32_MIN ? 0 : due - today;
			it->light = due == INT32_MIN && !done ? LIGHT_GREEN : light_at(done != NULL, due, today, l->window);
			it->missing = xstrdup(done ? "" : "未报完成");
			it->done_at = xstrdup(done ? done : "");
		}
}

static void add_criteria(struct due_list *l, int *cap, const struct campaign *c, const struct filed *f, int u,
			 int32_t today)
{
	const struct rubric *r = c->rubric;
	const char *deadline = c->material_deadline ? c->material_deadline : c->deadline ? c->deadline : "";
	int32_t due = day_number(deadline);
	for (int k = 0; k < r->ncriteria; k++) {
		if (!rubric_applies(r, k, u))
			continue;
		size_t cell = cell_of(f, u, k);
		int parts = r->criteria[k].nparts ? r->criteria[k].nparts : 1;
		bool evidence = f->evidence[cell], self = f->self[cell] >= parts;
		struct due_item *it = push(l, cap);
		it->unit = u, it->kind = DUE_CRITERION, it->no = r->criteria[k].no, it->evidence = evidence;
		it->title = xstrdup(r->criteria[k].text);
		snprintf(it->due, sizeof it->due, "%s", deadline);
		it->days = due == INT32_MIN ? 0 : due - today;
		it->light = due == INT32_MIN && !(evidence && self) ? LIGHT_GREEN
								     : light_at(evidence && self, due, today, l->window);
		it->missing = xasprintf("%s%s%s", evidence ? "" : "佐证材料", !evidence && !self ? "、" : "",
					self ? "" : "自评");
		it->done_at = xstrdup("");
	}
}

int due_collect(store *s, const struct campaign *c, const struct programme *given, int ngiven, int u,
		const char *today, struct due_list *out, struct kp_error *e)
{
	memset(out, 0, sizeof *out);
	char *now = today ? NULL : campaign_today(c); /* China time; KAOPING_TODAY in tests */
	int32_t day = day_number(today ? today : now);
	free(now);
	if (day == INT32_MIN)
		return kp_fail(e, KP_EINPUT, "as of \"%s\": give a date YYYY-MM-DD", today);
	time_t midnight = (time_t)day * 86400;
	struct tm tm;
	gmtime_r(&midnight, &tm);
	strftime(out->today, sizeof out->today, "%Y-%m-%d", &tm);
	int64_t window;
	if (settings_get(s, c->id, "due_window_days", &window, e))
		return e->code;
	out->window = (int)window;
	struct programme *p = NULL;
	struct progress *pr = NULL;
	struct filed f = {0};
	int np = 0, npr = 0, cap = 0;
	int rc = (!given && campaign_programmes_load(s, c, &p, &np, e)) || load_progress(s, c, u, &pr, &npr, e) ||
		 load_filed(s, c, u, &f, e);
	const struct programme *progs = given ? given : p;
	int nprogs = given ? ngiven : np;
	int first = u >= 0 ? u : 0, end = rc ? first : u >= 0 ? u + 1 : c->units.n;
	for (int i = first; i < end; i++) {
		add_tasks(out, &cap, progs, nprogs, i, pr, npr, day);
		add_criteria(out, &cap, c, &f, i, day);
	}
	campaign_programmes_free(p, np);
	for (int i = 0; i < npr; i++)
		free(pr[i].done_at);
	free(pr), free(f.evidence), free(f.self);
	if (rc) {
		due_list_free(out);
		return e->code;
	}
	return 0;
}

void due_list_free(struct due_list *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->items[i].title), free(l->items[i].missing), free(l->items[i].done_at);
	free(l->items);
	l->items = NULL, l->n = 0;
}

/* Whether item A of L is to be done before item B. */
static int order_cmp(const struct due_list *l, int a, int b)
{
	const struct due_item *x = &l->items[a], *y = &l->items[b];
	bool xd = x->light == LIGHT_GREY, yd = y->light == LIGHT_GREY;
	if (xd != yd)
		return xd ? 1 : -1;
	int c = strcmp(x->due, y->due);
	if (c)
		return c;
	if (x->kind != y->kind)
		return x->kind == DUE_CRITERION ? -1 : 1;
	return x->no - y->no;
}

int due_order(const struct due_list *l, int u, int *order)
{
	int n = 0;
	for (int i = 0; i < l->n; i++)
		if (l->items[i].unit == u)
			order[n++] = i;
	/* insertion sort: a unit has tens of items, and the servers' threads
	 * share no state (qsort's comparison has no context) */
	for (int i = 1; i < n; i++) {
		int v = order[i], j = i;
		for (; j > 0 && order_cmp(l, order[j - 1], v) > 0; j--)
			order[j] = order[j - 1];
		order[j] = v;
	}
	return n;
}

void due_count(const struct due_list *l, int u, int k, int counts[4])
{
	memset(counts, 0, 4 * sizeof *counts);
	for (int i = 0; i < l->n; i++)
		if ((u < 0 || l->items[i].unit == u) && (k < 0 || (int)l->items[i].kind == k))
			counts[l->items[i].light]++;
}

int due_count_kind(const struct due_list *l, int u, int k)
{
	int n[4];
	due_count(l, u, k, n);
	return n[0] + n[1] + n[2] + n[3];
}

bool due_shown(const struct due_item *it, const struct due_filter *f)
{
	return (f->unit < 0 || it->unit == f->unit) && (f->kind < 0 || (int)it->kind == f->kind) &&
	       (!f->lights || (f->lights & (1 << it->light)));
}

void due_print(const struct campaign *c, const struct due_list *l, const struct due_filter *f, int format, FILE *out)
{
	static const struct column cols[] = {
		{"unit", "单位", false},  {"kind", "类别", false},   {"no", "编号", true},
		{"light", "状态", false}, {"due", "截止", false},    {"days_left", "剩余天数", true},
		{"missing", "缺", false}, {"done", "完成", false},   {"title", "内容", false},
	};
	struct table *t = table_new(out, (enum out_format)format, cols, 9);
	for (int i = 0; i < l->n; i++) {
		const struct due_item *it = &l->items[i];
		if (!due_shown(it, f))
			continue;
		bool json = format == OUT_JSON;
		struct cell cells[] = {
			{CELL_TEXT, c->units.names[it->unit], 0},
			{CELL_TEXT, it->kind == DUE_TASK ? (json ? "task" : "任务") : (json ? "criterion" : "测评内容"), 0},
			{CELL_INT, NULL, it->no},
			{CELL_TEXT, json ? light_key(it->light) : light_label(it->light), 0},
			{CELL_TEXT, it->due, 0},
			{it->light == LIGHT_GREY ? CELL_NULL : CELL_INT, NULL, it->days},
			{CELL_TEXT, it->missing, 0},
			{CELL_TEXT, it->done_at, 0},
			{CELL_TEXT, it->title, 0},
		};
		table_row(t, cells);
	}
	table_end(t);
}

/* The task with store id TASK_ID if unit U answers for it: its number. */
static int find_task(store *s, const struct campaign *c, int u, int64_t task_id, int *no, struct kp_error *e)
{
	struct programme *p;
	int np, found = 0;
	if (campaign_programmes_load(s, c, &p, &np, e))
		return e->code;
	for (int i = 0; i < np; i++)
		for (int t = 0; t < p[i].ntasks; t++)
			if (p[i].tasks[t].id == task_id && (u < 0 || campaign_task_applies(&p[i], &p[i].tasks[t], u))) {
				*no = p[i].tasks[t].no;
				found = 1;
			}
	campaign_programmes_free(p, np);
	if (!found)
		return kp_fail_why(e, KP_EINPUT, KP_R_NOT_FOUND, u < 0 ? "no such task" : "task is not one of %s's tasks", u < 0 ? "" : c->units.names[u]);
	return 0;
}

int due_task_mark_done(store *s, const struct campaign *c, int u, int64_t task_id, bool done, const char *note,
		   const char *by, struct kp_error *e)
{
	int no;
	if (find_task(s, c, u, task_id, &no, e))
		return e->code;
	char *now = now_utc_iso(), *subject = xasprintf("%s task %d", c->units.names[u], no);
	store_stmt *st = store_sql(s, done ? SQL_TASK_PROGRESS_SET : SQL_TASK_PROGRESS_DELETE);
	st_bind_int(st, 1, task_id);
	st_bind_int(st, 2, c->units.ids[u]);
	if (done) {
		st_bind_text(st, 3, now);
		st_bind_text(st, 4, by);
		st_bind_text(st, 5, note ? note : "");
	}
	int rc = store_begin(s, e);
	if (!rc) {
		rc = st_exec(st, e) || store_counter_bump(s, COUNTER_PROGRESS, e) ||
		     audit_log(s, by, done ? "task.done" : "task.undone", subject, note ? note : "", e) || store_commit(s, e);
		if (rc)
			store_rollback(s);
	}
	free(now), free(subject);
	return rc ? e->code : 0;
}

int due_task_set_due(store *s, const struct campaign *c, int64_t task_id, const char *due, const char *by,
		 struct kp_error *e)
{
	int no;
	if (due && !date_valid(due))
		return kp_fail(e, KP_EINPUT, "deadline: give a date YYYY-MM-DD, not \"%s\"", due);
	if (find_task(s, c, -1, task_id, &no, e))
		return e->code;
	char *subject = xasprintf("task %d", no);
	int rc = store_begin(s, e);
	if (!rc) {
		store_stmt *st = store_sql(s, SQL_TASK_SET_DUE);
		st_bind_int(st, 1, task_id);
		st_bind_text(st, 2, due);
		/* the campaign's generation: servers keep the tasks loaded */
		rc = st_exec(st, e) || store_counter_bump(s, COUNTER_CAMPAIGN, e) ||
		     audit_log(s, by, "task.due", subject, due ? due : "campaign deadline", e) ||
		     store_commit(s, e);
		if (rc)
			store_rollback(s);
	}
	free(subject);
	return rc ? e->code : 0;
}
