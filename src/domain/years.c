/* years.c — next year's campaign from this one, and the comparison. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/table.h"
#include "store/sql.h"
#include "domain/years.h"

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool years_date_add(const char *date, int years, char out[11])
{
	int y, m, d;
	if (!date || !date_valid(date) || sscanf(date, "%d-%d-%d", &y, &m, &d) != 3)
		return false;
	y += years;
	if (m == 2 && d == 29 && !leap(y))
		d = 28;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
	return true;
}

char *years_text_shift(const char *text, int from, int to)
{
	char f[16], t[16];
	struct strbuf b = {0};
	snprintf(f, sizeof f, "%04d", from);
	snprintf(t, sizeof t, "%04d", to);
	const char *p = text ? text : "";
	for (const char *hit; (hit = strstr(p, f)); p = hit + strlen(f)) {
		sb_add(&b, p, (size_t)(hit - p));
		sb_adds(&b, t);
	}
	sb_adds(&b, p);
	char *r = xstrdup(sb_str(&b));
	sb_free(&b);
	return r;
}

/* The rubric JSON TEXT with its indicators' deadlines moved on by YEARS. */
static char *rubric_shift(const char *text, int from, int years, struct kp_error *e)
{
	json_error_t je;
	json_t *root = json_loads(text, 0, &je), *item, *ind;
	if (!root) {
		kp_fail(e, KP_EFAIL, "store: stored rubric is not JSON: %s", je.text);
		return NULL;
	}
	size_t i, k;
	json_array_foreach(json_object_get(root, "items"), i, item) json_array_foreach(json_object_get(item, "indicators"), k, ind)
	{
		char day[11];
		const char *due = json_string_value(json_object_get(ind, "deadline"));
		if (due && years_date_add(due, years, day))
			json_object_set_new(ind, "deadline", json_string(day));
		const char *due_text = json_string_value(json_object_get(ind, "deadline_text"));
		if (due_text) {
			char *moved = years_text_shift(due_text, from, from + years);
			json_object_set_new(ind, "deadline_text", json_string(moved));
			free(moved);
		}
	}
	char *out = json_dumps(root, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(root);
	return out;
}

/* Runs copy statement ID from campaign FROM to TO; WHO_WHEN when it also
 * records by and when ($3, $4). */
static int copy_rows(store *s, enum store_sql id, int64_t from, int64_t to, bool who_when, const char *by,
		     const char *now, struct kp_error *e)
{
	store_stmt *st = store_sql(s, id);
	st_bind_int(st, 1, from);
	st_bind_int(st, 2, to);
	if (who_when) {
		st_bind_text(st, 3, by);
		st_bind_text(st, 4, now);
	}
	return st_exec(st, e);
}

static int insert_campaign(store *s, const struct campaign *c, int year, const char *now, int64_t *id,
			   struct kp_error *e)
{
	int years = year - c->year;
	char material[11], deadline[11];
	char *title = years_text_shift(c->title, c->year, year);
	char *material_text = years_text_shift(c->material_deadline_text, c->year, year);
	char *deadline_text = years_text_shift(c->deadline_text, c->year, year);
	store_stmt *st = store_sql(s, SQL_CAMPAIGN_INSERT);
	st_bind_text(st, 1, title);
	st_bind_int(st, 2, year);
	st_bind_text(st, 3, c->timezone);
	st_bind_text(st, 4, years_date_add(c->material_deadline, years, material) ? material : NULL);
	st_bind_text(st, 5, c->material_deadline_text ? material_text : NULL);
	st_bind_text(st, 6, years_date_add(c->deadline, years, deadline) ? deadline : NULL);
	st_bind_text(st, 7, c->deadline_text ? deadline_text : NULL);
	st_bind_text(st, 8, c->group_name);
	st_bind_text(st, 9, c->office_name);
	st_bind_text(st, 10, now);
	int rc = st_step(st, e);
	if (rc > 0)
		*id = st_int(st, 0);
	st_reset(st);
	free(title), free(material_text), free(deadline_text);
	if (rc <= 0)
		return rc < 0 ? e->code : kp_fail(e, KP_EFAIL, "store: campaign insert returned no id");
	st = store_sql(s, SQL_YEAR_SET_PREVIOUS);
	st_bind_int(st, 1, *id);
	st_bind_int(st, 2, c->id);
	return st_exec(st, e);
}

static int copy_rubric(store *s, const struct campaign *c, int year, int64_t to, const char *by, const char *now,
		       struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_RUBRIC_CURRENT);
	st_bind_int(st, 1, c->id);
	int rc = st_step(st, e);
	if (rc <= 0)
		return rc < 0 ? e->code : kp_fail(e, KP_EFAIL, "store: the campaign has no rubric");
	char *json = rubric_shift(st_text(st, 1), c->year, year - c->year, e);
	st_reset(st);
	if (!json)
		return e->code;
	char source[64];
	snprintf(source, sizeof source, "copy of %d", c->year);
	st = store_sql(s, SQL_RUBRIC_INSERT);
	st_bind_int(st, 1, to);
	st_bind_text(st, 2, json);
	st_bind_text(st, 3, source);
	st_bind_text(st, 4, by);
	st_bind_text(st, 5, now);
	rc = st_step(st, e);
	st_reset(st);
	free(json);
	return rc < 0 ? e->code : 0;
}

int years_copy(store *s, const struct campaign *c, int year, const char *by, int64_t *new_id,
		  struct kp_error *e)
{
	if (year <= c->year || year > 9999)
		return kp_fail_at(e, KP_EINPUT, KP_R_RANGE, "year", c->year + 1, 9999, "year: give a year after the current campaign's %d, not %d", c->year, year);
	store_stmt *st = store_sql(s, SQL_YEAR_EXISTS);
	st_bind_int(st, 1, year);
	int rc = st_step(st, e);
	st_reset(st);
	if (rc < 0)
		return e->code;
	if (rc > 0)
		return kp_fail_at(e, KP_EINPUT, KP_R_DUPLICATE, "year", 0, 0, "year: the store already has a campaign for %d", year);
	static const struct {
		enum store_sql id;
		bool who_when;
	} steps[] = {
		{SQL_YEAR_COPY_UNITS, false},      {SQL_YEAR_COPY_ALIASES, false},
		{SQL_YEAR_COPY_COLLECTIVE, false}, {SQL_YEAR_COPY_OFFICE, false},
		{SQL_YEAR_COPY_POSITIONS, false},  {SQL_YEAR_COPY_HOLDERS, true},
		{SQL_YEAR_COPY_PROGRAMMES, false}, {SQL_YEAR_COPY_PROGRAMME_UNITS, false},
		{SQL_YEAR_COPY_TASKS, false},      {SQL_YEAR_COPY_TASK_UNITS, false},
		{SQL_YEAR_COPY_SETTINGS, true},    {SQL_YEAR_COPY_KINDS, false},
		{SQL_YEAR_COPY_DUTIES, true},      {SQL_YEAR_MOVE_ACCOUNTS, false},
	};
	char *now = now_utc_iso(), *detail = NULL;
	if (store_begin(s, e)) {
		free(now);
		return e->code;
	}
	rc = insert_campaign(s, c, year, now, new_id, e);
	for (size_t i = 0; !rc && i < sizeof steps / sizeof *steps; i++)
		rc = copy_rows(s, steps[i].id, c->id, *new_id, steps[i].who_when, by, now, e);
	if (!rc)
		rc = copy_rubric(s, c, year, *new_id, by, now, e);
	if (!rc) {
		detail = xasprintf("campaign %lld (%d) copied to %lld (%d)", (long long)c->id, c->year,
				   (long long)*new_id, year);
		rc = store_counter_bump(s, COUNTER_CAMPAIGN, e) || store_counter_bump(s, COUNTER_SCORES, e) ||
		     audit_log(s, by, "campaign.copy", c->title, detail, e) || store_commit(s, e);
	}
	if (rc)
		store_rollback(s);
	free(now), free(detail);
	return rc ? e->code : 0;
}

int years_list(store *s, enum out_format format, FILE *out, struct kp_error *e)
{
	static const struct column cols[] = {
		{"id", "编号", true},          {"year", "年度", true},     {"title", "名称", false},
		{"previous", "复制自", true}, {"created_at", "创建时间", false}, {"units", "单位数", true},
		{"scores", "评分条数", true},
	};
	struct table *t = table_new(out, format, cols, 7);
	store_stmt *st = store_sql(s, SQL_YEAR_LIST);
	int rc;
	while ((rc = st_step(st, e)) > 0) {
		struct cell cells[] = {
			{CELL_INT, NULL, st_int(st, 0)},
			{CELL_INT, NULL, st_int(st, 1)},
			{CELL_TEXT, st_text(st, 2), 0},
			{st_int(st, 3) ? CELL_INT : CELL_NULL, NULL, st_int(st, 3)},
			{CELL_TEXT, st_text(st, 4), 0},
			{CELL_INT, NULL, st_int(st, 5)},
			{CELL_INT, NULL, st_int(st, 6)},
		};
		table_row(t, cells);
	}
	table_end(t);
	return rc < 0 ? e->code : 0;
}

int years_comparison_load(store *s, const struct campaign *c, const struct report_options *o,
			  struct years_comparison *out, struct kp_error *e)
{
	memset(out, 0, sizeof *out);
	if (!c->previous_id)
		return kp_fail(e, KP_EINPUT, "the current campaign (%d) was not copied from an earlier year", c->year);
	struct campaign prev;
	struct unit_result *now = NULL, *then = NULL;
	if (campaign_load_id(s, c->previous_id, &prev, e)) {
		campaign_free(&prev);
		return e->code;
	}
	int rc = report_results(s, c, o, &now, e) || report_results(s, &prev, o, &then, e);
	if (rc) {
		free(now), free(then);
		campaign_free(&prev);
		return e->code;
	}
	score_rank(c->rubric, now, c->units.n);
	score_rank(prev.rubric, then, prev.units.n);
	/* last year's result of each unit, by unit index of last year */
	const struct unit_result **by_unit = xcalloc((size_t)prev.units.n + 1, sizeof *by_unit);
	for (int i = 0; i < prev.units.n; i++)
		by_unit[then[i].unit] = &then[i];
	out->year = c->year;
	out->last_year = prev.year;
	out->n = c->units.n;
	out->rows = xcalloc((size_t)c->units.n + 1, sizeof *out->rows);
	for (int i = 0; i < c->units.n; i++) {
		const struct unit_result *r = &now[i];
		int p = unitdir_lookup(&prev.units, c->units.names[r->unit]);
		const struct unit_result *l = p >= 0 ? by_unit[p] : NULL;
		struct years_compare_row *y = &out->rows[i];
		y->unit = r->unit;
		y->ranked = r->rank > 0 && r->max;
		y->was = l && l->rank > 0 && l->max;
		if (y->ranked)
			y->rank = r->rank, y->percent = r->percent, y->grade = r->grade;
		if (y->was)
			y->last_rank = l->rank, y->last_percent = l->percent, y->last_grade = xstrdup(l->grade);
		if (y->ranked && y->was)
			y->change = r->percent - l->percent;
	}
	free(by_unit), free(now), free(then);
	campaign_free(&prev);
	return 0;
}

void years_comparison_free(struct years_comparison *y)
{
	for (int i = 0; i < y->n; i++)
		free(y->rows[i].last_grade);
	free(y->rows);
	memset(y, 0, sizeof *y);
}

int years_compare(store *s, const struct campaign *c, const struct report_options *o, FILE *out,
		   struct kp_error *e)
{
	struct years_comparison y;
	if (years_comparison_load(s, c, o, &y, e))
		return e->code;
	const struct column cols[] = {
		{"rank", "排名", true},          {"unit", "单位", false},
		{"percent", "得分率", true},     {"grade", "等次", false},
		{"last_rank", "上年排名", true}, {"last_percent", "上年得分率", true},
		{"last_grade", "上年等次", false}, {"change", "得分率变化", true},
	};
	if (o->format == OUT_TEXT)
		fprintf(out, "%s\n%d 年与 %d 年对比\n\n", c->title, y.year, y.last_year);
	struct table *t = table_new(out, o->format, cols, 8);
	for (int i = 0; i < y.n; i++) {
		const struct years_compare_row *r = &y.rows[i];
		struct cell cells[] = {
			{r->ranked ? CELL_INT : CELL_NULL, NULL, r->rank},
			{CELL_TEXT, c->units.names[r->unit], 0},
			{r->ranked ? CELL_PERCENT : CELL_NULL, NULL, r->percent},
			{r->ranked ? CELL_TEXT : CELL_NULL, r->grade, 0},
			{r->was ? CELL_INT : CELL_NULL, NULL, r->last_rank},
			{r->was ? CELL_PERCENT : CELL_NULL, NULL, r->last_percent},
			{r->was ? CELL_TEXT : CELL_NULL, r->last_grade, 0},
			{r->ranked && r->was ? CELL_PERCENT : CELL_NULL, NULL, r->change},
		};
		table_row(t, cells);
	}
	table_end(t);
	years_comparison_free(&y);
	return 0;
}
