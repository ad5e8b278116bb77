/* campaign.c — creating a campaign from its JSON file in one transaction, and
 * loading it back: units and names, rubric, leading group, programmes. */
#include "domain/campaign.h"
#include "store/sql.h"

#include "domain/audit.h"
#include "domain/auth.h"
#include "core/jsonin.h"
#include "core/duty.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const campaign_keys[] = {
	"format", "title", "year", "timezone", "material_deadline", "material_deadline_text", "deadline",
	"deadline_text", "collective_names", "units", "group", "programmes", "rubric", NULL};

/* Every campaign starts with the ledger kinds of core/duty.c (会议记录,
 * 工作方案 …), inside campaign_create's transaction. */
static int builtin_ledger_kinds(store *s, int64_t campaign, struct kp_error *e)
{
	for (int i = 0; ledger_builtin_kinds[i]; i++) {
		store_stmt *st = store_sql(s, SQL_LEDGER_KIND_INSERT);
		st_bind_int(st, 1, campaign);
		st_bind_text(st, 2, ledger_builtin_kinds[i]);
		st_bind_int(st, 3, 1);
		int rc = st_step(st, e);
		st_reset(st);
		if (rc != 1)
			return rc == 0 ? kp_fail(e, KP_EFAIL, "insert returned no id") : e->code;
	}
	return 0;
}

/* Resolves a list of unit names into indexes; *ALL set for a collective. */
static int resolve_list(const struct unitdir *d, json_t *names, const char *where, int **out, int *n, bool *all,
			struct kp_error *e)
{
	size_t i;
	json_t *v;
	*out = xcalloc(json_array_size(names) + 1, sizeof(int));
	*n = 0;
	*all = false;
	json_array_foreach(names, i, v) {
		char field[200];
		snprintf(field, sizeof field, "%s[%zu]", where, i);
		if (!json_is_string(v))
			return kp_fail(e, KP_EINPUT, "%s: must be a string", field);
		int u = unitdir_resolve(d, json_string_value(v), field, e);
		if (u == UNITDIR_NONE)
			return KP_EINPUT;
		if (u == UNITDIR_ALL)
			*all = true;
		else
			(*out)[(*n)++] = u;
	}
	if (!json_array_size(names))
		return kp_fail(e, KP_EINPUT, "%s: name at least one unit", where);
	return 0;
}

static int insert_id(store_stmt *st, int64_t *id, struct kp_error *e)
{
	int rc = st_step(st, e);
	if (rc != 1)
		return rc == 0 ? kp_fail(e, KP_EFAIL, "insert returned no id") : e->code;
	*id = st_int(st, 0);
	st_exec(st, e);
	return e->code;
}

/* Checks the units part of ROOT into D. */
static int read_units(json_t *root, struct unitdir *d, struct kp_error *e)
{
	json_t *coll = jsonin_array(root, "collective_names", true, "campaign", e);
	json_t *units = jsonin_array(root, "units", false, "campaign", e);
	size_t i, k;
	json_t *v, *a;
	if (e->code)
		return e->code;
	json_array_foreach(coll, i, v) {
		char w[64];
		snprintf(w, sizeof w, "collective_names[%zu]", i);
		if (!json_is_string(v))
			return kp_fail(e, KP_EINPUT, "%s: must be a string", w);
		if (unitdir_add_collective(d, json_string_value(v), e) < 0)
			return kp_fail(e, KP_EINPUT, "%s", e->msg);
	}
	if (!json_array_size(units))
		return kp_fail(e, KP_EINPUT, "campaign.units: a campaign needs at least one unit");
	size_t names = json_array_size(coll);
	json_array_foreach(units, i, v)
		names += 1 + json_array_size(json_object_get(v, "aliases"));
	unitdir_reserve(d, names);
	json_array_foreach(units, i, v) {
		static const char *const keys[] = {"name", "aliases", NULL};
		char w[64];
		char *name;
		snprintf(w, sizeof w, "units[%zu]", i);
		if (jsonin_keys(v, keys, w, e) || jsonin_string(v, "name", false, w, &name, e))
			return e->code;
		struct kp_error sub = {0};
		int u = unitdir_add_unit(d, name, 0, &sub);
		free(name);
		if (u < 0)
			return kp_fail(e, KP_EINPUT, "%s.name: %s", w, sub.msg);
		json_t *aliases = jsonin_array(v, "aliases", true, w, e);
		if (e->code)
			return e->code;
		json_array_foreach(aliases, k, a) {
			if (!json_is_string(a))
				return kp_fail(e, KP_EINPUT, "%s.aliases[%zu]: must be a string", w, k);
			if (unitdir_add_alias(d, u, json_string_value(a), &sub) < 0)
				return kp_fail(e, KP_EINPUT, "%s.aliases[%zu]: %s", w, k, sub.msg);
		}
	}
	return 0;
}

static bool timezone_ok(const char *tz)
{
	return !strcmp(tz, "Asia/Shanghai") || !strcmp(tz, "UTC");
}

/* Validates and writes the group part. */
static int write_group(store *s, int64_t cid, json_t *group, const struct unitdir *d, const char *by,
		       struct kp_error *e)
{
	static const char *const keys[] = {"name", "office", "positions", NULL};
	static const char *const pkeys[] = {"role", "title", "unit", "holder", NULL};
	if (!group)
		return 0;
	if (jsonin_keys(group, keys, "group", e))
		return e->code;
	json_t *positions = jsonin_array(group, "positions", false, "group", e);
	if (e->code)
		return e->code;
	size_t i;
	json_t *v;
	char *now = now_utc_iso();
	json_array_foreach(positions, i, v) {
		char w[64], *role = NULL, *title = NULL, *unit = NULL, *holder = NULL;
		int u = -1;
		int64_t pid = 0;
		snprintf(w, sizeof w, "group.positions[%zu]", i);
		if (jsonin_keys(v, pkeys, w, e) || jsonin_string(v, "role", false, w, &role, e) ||
		    jsonin_string(v, "title", false, w, &title, e) || jsonin_string(v, "unit", true, w, &unit, e) ||
		    jsonin_string(v, "holder", true, w, &holder, e))
			goto next;
		if (unit) {
			char f[80];
			snprintf(f, sizeof f, "%s.unit", w);
			u = unitdir_resolve(d, unit, f, e);
			if (u == UNITDIR_ALL)
				kp_fail(e, KP_EINPUT, "%s: a position belongs to one unit", f);
			if (u < 0)
				goto next;
		}
		store_stmt *st = store_sql(s, SQL_POSITION_INSERT);
		st_bind_int(st, 1, cid);
		st_bind_text(st, 2, role);
		st_bind_text(st, 3, title);
		if (u >= 0)
			st_bind_int(st, 4, d->ids[u]);
		else
			st_bind_null(st, 4);
		st_bind_int(st, 5, (int64_t)i);
		if (insert_id(st, &pid, e)) {
			if (strstr(e->msg, "UNIQUE"))
				snprintf(e->msg, sizeof e->msg, "%s.title: \"%s\" is listed twice", w, title), e->code = KP_EINPUT;
			goto next;
		}
		if (holder) {
			st = store_sql(s, SQL_HOLDER_INSERT);
			st_bind_int(st, 1, pid);
			st_bind_text(st, 2, holder);
			st_bind_null(st, 3);
			st_bind_text(st, 4, by);
			st_bind_text(st, 5, now);
			st_exec(st, e);
		}
	next:
		free(role), free(title), free(unit), free(holder);
		if (e->code)
			break;
	}
	free(now);
	return e->code;
}

static int write_units_of(store *s, enum store_sql sql, int64_t owner, const int *units, int n,
			  const struct unitdir *d, const char *where, struct kp_error *e)
{
	for (int k = 0; k < n; k++) {
		store_stmt *st = store_sql(s, sql);
		st_bind_int(st, 1, owner);
		st_bind_int(st, 2, d->ids[units[k]]);
		if (st_exec(st, e)) {
			*e = (struct kp_error){0};
			return kp_fail(e, KP_EINPUT, "%s: %s is listed twice", where, d->names[units[k]]);
		}
	}
	return 0;
}

static int write_programmes(store *s, int64_t cid, json_t *progs, const struct unitdir *d, struct kp_error *e)
{
	static const char *const keys[] = {"no", "name", "text", "units_text", "units", "tasks", NULL};
	static const char *const tkeys[] = {"no", "title", "text", "units_text", "units", NULL};
	size_t i, k;
	json_t *p, *t;
	json_array_foreach(progs, i, p) {
		char w[64], *name = NULL, *text = NULL, *ut = NULL;
		int *units = NULL, n = 0;
		bool all = false;
		int64_t pid;
		snprintf(w, sizeof w, "programmes[%zu]", i);
		json_t *jno = json_object_get(p, "no");
		json_t *ju = NULL, *tasks = NULL;
		if (jsonin_keys(p, keys, w, e) || jsonin_string(p, "name", false, w, &name, e) ||
		    jsonin_string(p, "text", true, w, &text, e) || jsonin_string(p, "units_text", true, w, &ut, e))
			goto next;
		if (jno && (!json_is_integer(jno) || json_integer_value(jno) < 1)) {
			kp_fail(e, KP_EINPUT, "%s.no: must be a whole number from 1", w);
			goto next;
		}
		ju = jsonin_array(p, "units", false, w, e);
		tasks = jsonin_array(p, "tasks", true, w, e);
		if (e->code)
			goto next;
		char f[160];
		snprintf(f, sizeof f, "%s.units", w);
		if (resolve_list(d, ju, f, &units, &n, &all, e))
			goto next;
		if (!ut)
			ut = xstrdup("");
		store_stmt *st = store_sql(s, SQL_PROGRAMME_INSERT);
		st_bind_int(st, 1, cid);
		st_bind_int(st, 2, jno ? json_integer_value(jno) : (int64_t)i + 1);
		st_bind_text(st, 3, name);
		st_bind_text(st, 4, text ? text : "");
		st_bind_text(st, 5, ut);
		st_bind_int(st, 6, all);
		if (insert_id(st, &pid, e)) {
			if (strstr(e->msg, "UNIQUE"))
				snprintf(e->msg, sizeof e->msg, "%s.no: programme number used twice", w), e->code = KP_EINPUT;
			goto next;
		}
		if (!all && write_units_of(s, SQL_PROGRAMME_UNIT_INSERT, pid, units, n, d, f, e))
			goto next;
		json_array_foreach(tasks, k, t) {
			char tw[96], *title = NULL, *ttext = NULL, *tut = NULL;
			int *tunits = NULL, tn = 0;
			bool tall = false;
			int64_t tid;
			snprintf(tw, sizeof tw, "%s.tasks[%zu]", w, k);
			json_t *tno = json_object_get(t, "no");
			if (jsonin_keys(t, tkeys, tw, e) || jsonin_string(t, "title", false, tw, &title, e) ||
			    jsonin_string(t, "text", true, tw, &ttext, e) || jsonin_string(t, "units_text", true, tw, &tut, e))
				goto tnext;
			if (!tno || !json_is_integer(tno) || json_integer_value(tno) < 1) {
				kp_fail(e, KP_EINPUT, "%s.no: must be a whole number from 1", tw);
				goto tnext;
			}
			json_t *tu = jsonin_array(t, "units", true, tw, e);
			if (e->code)
				goto tnext;
			if (tu) {
				snprintf(f, sizeof f, "%s.units", tw);
				if (resolve_list(d, tu, f, &tunits, &tn, &tall, e))
					goto tnext;
			}
			st = store_sql(s, SQL_TASK_INSERT);
			st_bind_int(st, 1, pid);
			st_bind_int(st, 2, json_integer_value(tno));
			st_bind_text(st, 3, title);
			st_bind_text(st, 4, ttext ? ttext : "");
			st_bind_text(st, 5, tu ? (tut ? tut : "") : NULL);
			st_bind_int(st, 6, tu ? tall : all);
			if (insert_id(st, &tid, e))
				goto tnext;
			if (tu && !tall)
				write_units_of(s, SQL_TASK_UNIT_INSERT, tid, tunits, tn, d, f, e);
		tnext:
			free(title), free(ttext), free(tut), free(tunits);
			if (e->code)
				break;
		}
	next:
		free(name), free(text), free(ut), free(units);
		if (e->code)
			return e->code;
	}
	return 0;
}

int campaign_create(store *s, json_t *root, const char *source, const char *by, struct kp_error *e)
{
	struct unitdir d;
	struct rubric *r = NULL;
	char *title = NULL, *tz = NULL, *md = NULL, *mdt = NULL, *dl = NULL, *dlt = NULL, *fmt = NULL;
	char *gname = NULL, *oname = NULL, *ounit = NULL, *rubric_text = NULL, *now = now_utc_iso();
	unitdir_init(&d);
	bool began = false;
	if (jsonin_keys(root, campaign_keys, "campaign", e) || jsonin_string(root, "format", false, "campaign", &fmt, e))
		goto out;
	if (strcmp(fmt, "kaoping-campaign/1")) {
		kp_fail(e, KP_EINPUT, "campaign.format: \"%s\" is not kaoping-campaign/1", fmt);
		goto out;
	}
	json_t *year = json_object_get(root, "year");
	if (jsonin_string(root, "title", false, "campaign", &title, e) ||
	    jsonin_string(root, "timezone", true, "campaign", &tz, e) ||
	    jsonin_string(root, "material_deadline", true, "campaign", &md, e) ||
	    jsonin_string(root, "material_deadline_text", true, "campaign", &mdt, e) ||
	    jsonin_string(root, "deadline", true, "campaign", &dl, e) ||
	    jsonin_string(root, "deadline_text", true, "campaign", &dlt, e))
		goto out;
	if (!json_is_integer(year) || json_integer_value(year) < 1900 || json_integer_value(year) > 9999) {
		kp_fail(e, KP_EINPUT, "campaign.year: must be a year such as 2024");
		goto out;
	}
	if (!tz)
		tz = xstrdup("Asia/Shanghai");
	if (!timezone_ok(tz)) {
		kp_fail(e, KP_EINPUT, "campaign.timezone: \"%s\" is not supported (use Asia/Shanghai or UTC)", tz);
		goto out;
	}
	if ((md && !date_valid(md)) || (dl && !date_valid(dl))) {
		kp_fail(e, KP_EINPUT, "campaign.%s: not a date YYYY-MM-DD", md && !date_valid(md) ? "material_deadline" : "deadline");
		goto out;
	}
	if (read_units(root, &d, e))
		goto out;
	json_object_del(root, "units"); /* copied into D; a province's worth is large */
	json_t *group = json_object_get(root, "group");
	if (group) {
		json_t *office = json_object_get(group, "office");
		static const char *const okeys[] = {"name", "unit", NULL};
		if (jsonin_string(group, "name", true, "group", &gname, e))
			goto out;
		if (office && (jsonin_keys(office, okeys, "group.office", e) ||
			       jsonin_string(office, "name", false, "group.office", &oname, e) ||
			       jsonin_string(office, "unit", true, "group.office", &ounit, e)))
			goto out;
		if (ounit && unitdir_resolve(&d, ounit, "group.office.unit", e) < 0) {
			kp_fail(e, KP_EINPUT, "group.office.unit: must name one unit");
			goto out;
		}
	}
	json_t *jr = json_object_get(root, "rubric");
	if (!jr) {
		kp_fail(e, KP_EINPUT, "campaign: \"rubric\" is missing");
		goto out;
	}
	if (rubric_from_json(jr, &d, dl, &r, e)) {
		if (strncmp(e->msg, "rubric", 6)) {
			char msg[sizeof e->msg + 8];
			snprintf(msg, sizeof msg, "rubric.%s", e->msg);
			snprintf(e->msg, sizeof e->msg, "%.*s", (int)sizeof e->msg - 1, msg);
		}
		goto out;
	}
	json_t *progs = jsonin_array(root, "programmes", true, "campaign", e);
	if (e->code)
		goto out;

	/* Everything after this point writes; all or nothing. */
	if (store_begin(s, e))
		goto out;
	began = true;
	int64_t cid;
	store_stmt *st = store_sql(s, SQL_CAMPAIGN_INSERT);
	st_bind_text(st, 1, title);
	st_bind_int(st, 2, json_integer_value(year));
	st_bind_text(st, 3, tz);
	st_bind_text(st, 4, md);
	st_bind_text(st, 5, mdt);
	st_bind_text(st, 6, dl);
	st_bind_text(st, 7, dlt);
	st_bind_text(st, 8, gname);
	st_bind_text(st, 9, oname);
	st_bind_text(st, 10, now);
	if (insert_id(st, &cid, e) || builtin_ledger_kinds(s, cid, e))
		goto out;
	for (int i = 0; i < d.ncollective; i++) {
		st = store_sql(s, SQL_COLLECTIVE_INSERT);
		st_bind_int(st, 1, cid);
		st_bind_text(st, 2, d.collective[i]);
		if (st_exec(st, e))
			goto out;
	}
	for (int u = 0; u < d.n; u++) {
		st = store_sql(s, SQL_UNIT_INSERT);
		st_bind_int(st, 1, cid);
		st_bind_text(st, 2, d.names[u]);
		st_bind_int(st, 3, u);
		if (insert_id(st, &d.ids[u], e))
			goto out;
		for (int k = 0; k < d.naliases[u]; k++) {
			st = store_sql(s, SQL_ALIAS_INSERT);
			st_bind_int(st, 1, d.ids[u]);
			st_bind_text(st, 2, d.aliases[u][k]);
			st_bind_int(st, 3, k);
			if (st_exec(st, e))
				goto out;
		}
	}
	if (ounit) {
		st = store_sql(s, SQL_CAMPAIGN_SET_OFFICE);
		st_bind_int(st, 1, cid);
		st_bind_int(st, 2, d.ids[unitdir_lookup(&d, ounit)]);
		if (st_exec(st, e))
			goto out;
	}
	if (write_group(s, cid, group, &d, by, e) || write_programmes(s, cid, progs, &d, e))
		goto out;
	/* The rubric is kept as the JSON it normalises to, versioned per import. */
	json_t *norm = rubric_to_json(r, &d);
	rubric_text = json_dumps(norm, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	json_decref(norm);
	st = store_sql(s, SQL_RUBRIC_INSERT);
	st_bind_int(st, 1, cid);
	st_bind_text(st, 2, rubric_text);
	st_bind_text(st, 3, source);
	st_bind_text(st, 4, by);
	st_bind_text(st, 5, now);
	int64_t rid;
	if (insert_id(st, &rid, e))
		goto out;
	char detail[200];
	snprintf(detail, sizeof detail, "%d units, %d criteria, %g points", d.n, r->ncriteria, r->total_points / 10.0);
	if (store_counter_bump(s, COUNTER_CAMPAIGN, e) || audit_log(s, by, "campaign.create", title, detail, e) || store_commit(s, e))
		goto out;
	began = false;
out:
	if (began)
		store_rollback(s);
	rubric_free(r);
	unitdir_free(&d);
	free(title), free(tz), free(md), free(mdt), free(dl), free(dlt), free(fmt);
	free(gname), free(oname), free(ounit), free(rubric_text), free(now);
	return e->code;
}

static char *col_dup(store_stmt *st, int col)
{
	return st_is_null(st, col) ? NULL : xstrdup(st_text(st, col));
}

static int load(store *s, store_stmt *st, struct campaign *c, struct kp_error *e);

int campaign_load(store *s, struct campaign *c, struct kp_error *e)
{
	return load(s, store_sql(s, SQL_CAMPAIGN_CURRENT), c, e);
}

int campaign_load_id(store *s, int64_t id, struct campaign *c, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_CAMPAIGN_GET);
	st_bind_int(st, 1, id);
	return load(s, st, c, e);
}

static int load(store *s, store_stmt *st, struct campaign *c, struct kp_error *e)
{
	memset(c, 0, sizeof *c);
	unitdir_init(&c->units);
	int rc = st_step(st, e);
	if (rc < 0)
		return e->code;
	if (rc == 0)
		return kp_fail(e, KP_EINPUT, "store %s holds no campaign", store_path(s));
	c->id = st_int(st, 0);
	c->title = col_dup(st, 1);
	c->year = (int)st_int(st, 2);
	c->timezone = col_dup(st, 3);
	c->material_deadline = col_dup(st, 4);
	c->material_deadline_text = col_dup(st, 5);
	c->deadline = col_dup(st, 6);
	c->deadline_text = col_dup(st, 7);
	c->group_name = col_dup(st, 8);
	c->office_name = col_dup(st, 9);
	c->previous_id = st_int(st, 11);
	st_reset(st);

	st = store_sql(s, SQL_UNIT_COUNT);
	st_bind_int(st, 1, c->id);
	if (st_step(st, e) < 0)
		return e->code;
	unitdir_reserve(&c->units, (size_t)(st_int(st, 0) + st_int(st, 1) + 8));
	st_reset(st);
	st = store_sql(s, SQL_UNIT_LIST);
	st_bind_int(st, 1, c->id);
	while ((rc = st_step(st, e)) == 1)
		if (unitdir_add_unit(&c->units, st_text(st, 1), st_int(st, 0), e) < 0)
			return e->code;
	if (rc < 0)
		return e->code;
	st = store_sql(s, SQL_COLLECTIVE_LIST);
	st_bind_int(st, 1, c->id);
	while ((rc = st_step(st, e)) == 1)
		if (unitdir_add_collective(&c->units, st_text(st, 0), e) < 0)
			return e->code;
	/* Aliases come ordered by unit; look the unit up by id in order. */
	st = store_sql(s, SQL_ALIAS_LIST);
	st_bind_int(st, 1, c->id);
	int u = 0;
	while ((rc = st_step(st, e)) == 1) {
		int64_t id = st_int(st, 0);
		while (u < c->units.n && c->units.ids[u] != id)
			u++;
		if (u == c->units.n)
			u = unitdir_by_id(&c->units, id);
		if (u < 0 || unitdir_add_alias(&c->units, u, st_text(st, 1), e) < 0)
			return kp_fail(e, KP_EFAIL, "store: alias table is inconsistent");
	}
	if (rc < 0)
		return e->code;

	st = store_sql(s, SQL_RUBRIC_CURRENT);
	st_bind_int(st, 1, c->id);
	rc = st_step(st, e);
	if (rc < 0)
		return e->code;
	if (rc == 0)
		return kp_fail(e, KP_EFAIL, "store: the campaign has no rubric");
	c->rubric_id = st_int(st, 0);
	json_error_t jerr;
	json_t *root = json_loads(st_text(st, 1), 0, &jerr);
	st_reset(st);
	if (!root)
		return kp_fail(e, KP_EFAIL, "store: stored rubric is not JSON: %s", jerr.text);
	struct kp_error why = {0};
	rc = rubric_from_json(root, &c->units, c->deadline, &c->rubric, &why);
	json_decref(root);
	if (rc)
		return kp_fail(e, KP_EFAIL, "store: the stored rubric no longer checks: %s", why.msg);
	return 0;
}

int campaign_parse_rubric(const struct campaign *c, json_t *root, struct rubric **out, struct kp_error *e)
{
	return rubric_from_json(root, &c->units, c->deadline, out, e);
}

void campaign_free(struct campaign *c)
{
	free(c->title), free(c->timezone), free(c->material_deadline), free(c->material_deadline_text);
	free(c->deadline), free(c->deadline_text), free(c->group_name), free(c->office_name);
	unitdir_free(&c->units);
	rubric_free(c->rubric);
	memset(c, 0, sizeof *c);
}

int campaign_positions_load(store *s, const struct campaign *c, struct position **out, int *n, struct kp_error *e)
{
	struct position *p = NULL;
	int np = 0, rc;
	store_stmt *st = store_sql(s, SQL_POSITION_LIST);
	st_bind_int(st, 1, c->id);
	while ((rc = st_step(st, e)) == 1) {
		p = xrealloc(p, (size_t)(np + 1) * sizeof *p);
		p[np] = (struct position){.id = st_int(st, 0), .role = xstrdup(st_text(st, 1)),
					  .title = xstrdup(st_text(st, 2)), .unit = xstrdup(st_text(st, 3))};
		np++;
	}
	for (int i = 0; rc == 0 && i < np; i++) {
		st = store_sql(s, SQL_HOLDER_LIST);
		st_bind_int(st, 1, p[i].id);
		while ((rc = st_step(st, e)) == 1) {
			p[i].holders = xrealloc(p[i].holders, (size_t)(p[i].nholders + 1) * sizeof *p[i].holders);
			p[i].holders[p[i].nholders++] = (struct holder){xstrdup(st_text(st, 0)), xstrdup(st_text(st, 1)),
									 xstrdup(st_text(st, 2))};
		}
	}
	*out = p;
	*n = np;
	return rc < 0 ? e->code : 0;
}

void campaign_positions_free(struct position *p, int n)
{
	for (int i = 0; i < n; i++) {
		for (int h = 0; h < p[i].nholders; h++)
			free(p[i].holders[h].name), free(p[i].holders[h].from), free(p[i].holders[h].to);
		free(p[i].holders), free(p[i].role), free(p[i].title), free(p[i].unit);
	}
	free(p);
}

int campaign_position_find(const struct position *p, int n, const struct campaign *c, const char *what, struct kp_error *e)
{
	char *w = text_trim(what);
	int found = -1, count = 0;
	for (int i = 0; i < n && found < 0; i++)
		if (!strcmp(p[i].title, w))
			found = i;
	if (found < 0) {
		for (int i = 0; i < n; i++)
			if (!strcmp(p[i].role, w))
				count++, found = i;
		if (count > 1)
			found = -1;
	}
	int u = found < 0 && count <= 1 ? unitdir_lookup(&c->units, w) : UNITDIR_NONE;
	if (u >= 0) {
		count = 0;
		for (int i = 0; i < n; i++)
			if (!strcmp(p[i].unit, c->units.names[u]))
				count++, found = i;
		if (count > 1)
			found = -1;
	}
	if (found < 0) {
		struct strbuf b = {0};
		int listed = 0;
		for (int i = 0; i < n; i++)
			if (strstr(p[i].title, w) || !strcmp(p[i].role, w) ||
			    (u >= 0 && !strcmp(p[i].unit, c->units.names[u])))
				sb_addf(&b, "%s%s", listed++ ? ", " : "", p[i].title);
		if (listed)
			kp_fail_at(e, KP_EINPUT, KP_R_CONFLICT, "position", 0, 0, "position \"%s\" is ambiguous: could be %s", w, sb_str(&b));
		else
			kp_fail_at(e, KP_EINPUT, KP_R_UNKNOWN, "position", 0, 0, "no position \"%s\"", w);
		sb_free(&b);
	}
	free(w);
	return found;
}

int campaign_position_assign(store *s, const struct position *p, const char *name, const char *from, const char *by,
		    struct kp_error *e)
{
	char *who = text_trim(name);
	char *now = now_utc_iso();
	char subject[300];
	if (!*who) {
		kp_fail_at(e, KP_EINPUT, KP_R_REQUIRED, "name", 0, 0, "name: give the new holder's name");
		goto out;
	}
	if (!date_valid(from)) {
		kp_fail_at(e, KP_EINPUT, KP_R_FORMAT, "from", 0, 0, "from: \"%s\" is not a date YYYY-MM-DD", from);
		goto out;
	}
	const struct holder *cur = p->nholders ? &p->holders[p->nholders - 1] : NULL;
	if (cur && *cur->from && strcmp(from, cur->from) < 0) {
		kp_fail_at(e, KP_EINPUT, KP_R_RANGE, "from", 0, 0, "from: %s is before the current holder took office (%s)", from, cur->from);
		goto out;
	}
	if (store_begin(s, e))
		goto out;
	store_stmt *st = store_sql(s, SQL_HOLDER_CLOSE);
	st_bind_int(st, 1, p->id);
	st_bind_text(st, 2, from);
	if (st_exec(st, e))
		goto fail;
	st = store_sql(s, SQL_HOLDER_INSERT);
	st_bind_int(st, 1, p->id);
	st_bind_text(st, 2, who);
	st_bind_text(st, 3, from);
	st_bind_text(st, 4, by);
	st_bind_text(st, 5, now);
	if (st_exec(st, e))
		goto fail;
	snprintf(subject, sizeof subject, "%s", p->title);
	char *detail = xasprintf("%s -> %s from %s", cur ? cur->name : "(vacant)", who, from);
	int rc = audit_log(s, by, "group.assign", subject, detail, e);
	free(detail);
	if (rc || store_commit(s, e))
		goto fail;
	goto out;
fail:
	store_rollback(s);
out:
	free(who);
	free(now);
	return e->code;
}

static int load_unit_ids(store *s, enum store_sql sql, int64_t owner, const struct campaign *c, int **out, int *n,
			 struct kp_error *e)
{
	store_stmt *st = store_sql(s, sql);
	int rc;
	st_bind_int(st, 1, owner);
	*out = NULL;
	*n = 0;
	while ((rc = st_step(st, e)) == 1) {
		int u = unitdir_by_id(&c->units, st_int(st, 0));
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof(int));
		(*out)[(*n)++] = u;
	}
	return rc < 0 ? e->code : 0;
}

int campaign_programmes_load(store *s, const struct campaign *c, struct programme **out, int *n, struct kp_error *e)
{
	struct programme *p = NULL;
	int np = 0, rc;
	int64_t *ids = NULL;
	store_stmt *st = store_sql(s, SQL_PROGRAMME_LIST);
	st_bind_int(st, 1, c->id);
	while ((rc = st_step(st, e)) == 1) {
		p = xrealloc(p, (size_t)(np + 1) * sizeof *p);
		ids = xrealloc(ids, (size_t)(np + 1) * sizeof *ids);
		ids[np] = st_int(st, 0);
		p[np] = (struct programme){.no = (int)st_int(st, 1), .name = xstrdup(st_text(st, 2)),
					   .text = xstrdup(st_text(st, 3)), .units_text = xstrdup(st_text(st, 4)),
					   .all_units = st_int(st, 5) != 0};
		np++;
	}
	for (int i = 0; rc == 0 && i < np; i++) {
		if (load_unit_ids(s, SQL_PROGRAMME_UNIT_LIST, ids[i], c, &p[i].units, &p[i].nunits, e))
			break;
		st = store_sql(s, SQL_TASK_LIST);
		st_bind_int(st, 1, ids[i]);
		int64_t *tids = NULL;
		while ((rc = st_step(st, e)) == 1) {
			p[i].tasks = xrealloc(p[i].tasks, (size_t)(p[i].ntasks + 1) * sizeof *p[i].tasks);
			tids = xrealloc(tids, (size_t)(p[i].ntasks + 1) * sizeof *tids);
			tids[p[i].ntasks] = st_int(st, 0);
			bool inherit = st_int(st, 6) != 0;
			p[i].tasks[p[i].ntasks++] = (struct task){
				.id = st_int(st, 0),
				.due = xstrdup(st_is_null(st, 7) ? (c->deadline ? c->deadline : "") : st_text(st, 7)),
				.no = (int)st_int(st, 1), .title = xstrdup(st_text(st, 2)), .text = xstrdup(st_text(st, 3)),
				.units_text = inherit ? NULL : xstrdup(st_text(st, 4)), .all_units = st_int(st, 5) != 0,
				.nunits = inherit ? -1 : 0};
		}
		for (int t = 0; rc == 0 && t < p[i].ntasks; t++)
			if (p[i].tasks[t].nunits == 0 &&
			    load_unit_ids(s, SQL_TASK_UNIT_LIST, tids[t], c, &p[i].tasks[t].units, &p[i].tasks[t].nunits, e))
				rc = -1;
		free(tids);
	}
	free(ids);
	*out = p;
	*n = np;
	return rc < 0 ? e->code : 0;
}

void campaign_programmes_free(struct programme *p, int n)
{
	for (int i = 0; i < n; i++) {
		for (int t = 0; t < p[i].ntasks; t++)
			free(p[i].tasks[t].title), free(p[i].tasks[t].due), free(p[i].tasks[t].text), free(p[i].tasks[t].units_text),
				free(p[i].tasks[t].units);
		free(p[i].tasks), free(p[i].name), free(p[i].text), free(p[i].units_text), free(p[i].units);
	}
	free(p);
}

bool campaign_task_applies(const struct programme *p, const struct task *t, int u)
{
	if (t->nunits < 0) { /* inherits the programme's units */
		if (p->all_units)
			return true;
		for (int k = 0; k < p->nunits; k++)
			if (p->units[k] == u)
				return true;
		return false;
	}
	if (t->all_units)
		return true;
	for (int k = 0; k < t->nunits; k++)
		if (t->units[k] == u)
			return true;
	return false;
}

char *campaign_today(const struct campaign *c)
{
	/* Testing aid: KAOPING_TODAY=YYYY-MM-DD stands in for today's date, so
	 * tests can walk deadlines forward (docs/supervision.md). */
	const char *fixed = getenv("KAOPING_TODAY");
	if (fixed && date_valid(fixed))
		return xstrdup(fixed);
	char date[11];
	day_date(zone_day(c->timezone, now_unix()), date);
	return xstrdup(date);
}

/* ---- rubric versions: what changes, whether stored scores still fit, saving ---- */

/* A criterion with its indicator and item, for comparing two rubrics. */
static json_t *criterion_view(const struct rubric *r, json_t *full, int k, const struct unitdir *d)
{
	const struct rubric_criterion *cr = &r->criteria[k];
	const struct rubric_indicator *ind = &r->indicators[cr->indicator];
	json_t *v = json_deep_copy(json_array_get(
		json_object_get(json_array_get(json_object_get(json_array_get(json_object_get(full, "items"), (size_t)ind->item),
								"indicators"),
					       (size_t)(cr->indicator - r->items[ind->item].first)),
				"criteria"),
		(size_t)(k - ind->first)));
	json_t *units = json_array();
	if (cr->all_units)
		json_array_append_new(units, json_string("*"));
	for (int i = 0; i < cr->nresp; i++)
		json_array_append_new(units, json_sprintf("%s%s", d->names[cr->resp[i].unit], cr->resp[i].lead ? "(lead)" : ""));
	json_object_set_new(v, "responsible", units);
	json_object_set_new(v, "indicator", json_string(ind->name));
	json_object_set_new(v, "item", json_string(r->items[ind->item].name));
	json_object_set_new(v, "deadline", json_string(ind->deadline ? ind->deadline : ""));
	json_object_del(v, "units");
	json_object_del(v, "units_text");
	return v;
}

json_t *campaign_rubric_changes(const struct rubric *old, const struct rubric *new, const struct unitdir *d)
{
	json_t *jo = rubric_to_json(old, d), *jn = rubric_to_json(new, d), *list = json_array();
	if (strcmp(old->title, new->title))
		json_array_append_new(list, json_pack("{s:s,s:s,s:s}", "what", "title", "from", old->title, "to", new->title));
	if (old->total_points != new->total_points)
		json_array_append_new(list, json_pack("{s:s,s:i,s:i}", "what", "total", "from", old->total_points, "to",
						      new->total_points));
	if (!json_equal(json_object_get(jo, "grades"), json_object_get(jn, "grades")))
		json_array_append_new(list, json_pack("{s:s}", "what", "grades"));
	for (int k = 0; k < old->ncriteria; k++)
		if (rubric_find(new, old->criteria[k].no) < 0)
			json_array_append_new(list, json_pack("{s:s,s:i}", "what", "removed", "no", old->criteria[k].no));
	for (int k = 0; k < new->ncriteria; k++) {
		int o = rubric_find(old, new->criteria[k].no);
		if (o < 0) {
			json_array_append_new(list, json_pack("{s:s,s:i,s:i}", "what", "added", "no", new->criteria[k].no, "points",
							      new->criteria[k].points));
			continue;
		}
		json_t *vo = criterion_view(old, jo, o, d), *vn = criterion_view(new, jn, k, d);
		if (!json_equal(vo, vn)) {
			json_t *keys = json_array();
			const char *key;
			json_t *val;
			json_object_foreach(vn, key, val) if (!json_equal(val, json_object_get(vo, key)))
				json_array_append_new(keys, json_string(key));
			json_object_foreach(vo, key, val) if (!json_object_get(vn, key)) json_array_append_new(keys, json_string(key));
			json_array_append_new(list, json_pack("{s:s,s:i,s:o}", "what", "changed", "no", new->criteria[k].no, "keys", keys));
		}
		json_decref(vo);
		json_decref(vn);
	}
	json_decref(jo);
	json_decref(jn);
	return list;
}

void campaign_rubric_change_text(const json_t *ch, struct strbuf *b)
{
	const char *what = json_string_value(json_object_get(ch, "what"));
	int no = (int)json_integer_value(json_object_get(ch, "no"));
	char x[24], y[24];
	if (!strcmp(what, "title")) {
		sb_addf(b, "title: %s -> %s", json_string_value(json_object_get(ch, "from")),
			json_string_value(json_object_get(ch, "to")));
	} else if (!strcmp(what, "total")) {
		sb_addf(b, "total points: %s -> %s", points_format((int)json_integer_value(json_object_get(ch, "from")), x),
			points_format((int)json_integer_value(json_object_get(ch, "to")), y));
	} else if (!strcmp(what, "grades")) {
		sb_adds(b, "grade bands changed");
	} else if (!strcmp(what, "removed")) {
		sb_addf(b, "criterion %d: removed", no);
	} else if (!strcmp(what, "added")) {
		sb_addf(b, "criterion %d: added (%s points)", no, points_format((int)json_integer_value(json_object_get(ch, "points")), x));
	} else {
		size_t i;
		json_t *k;
		sb_addf(b, "criterion %d: changed", no);
		json_array_foreach(json_object_get(ch, "keys"), i, k) sb_addf(b, " [%s]", json_string_value(k));
	}
}

int campaign_rubric_fits_scores(store *s, const struct campaign *c, const struct rubric *r, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_SCORE_KEYS);
	int rc, problems = 0;
	struct strbuf b = {0};
	while ((rc = st_step(st, e)) == 1) {
		int u = unitdir_by_id(&c->units, st_int(st, 0));
		int no = (int)st_int(st, 1), part = (int)st_int(st, 2), pts = (int)st_int(st, 3), low = (int)st_int(st, 4);
		int k = rubric_find(r, no);
		const char *why = NULL;
		if (u < 0)
			continue;
		if (k < 0)
			why = "the criterion is removed";
		else if (part > r->criteria[k].nparts || (part == 0) != (r->criteria[k].nparts == 0))
			why = "its parts change";
		else if (!rubric_applies(r, k, u))
			why = "the unit is no longer responsible";
		else if (pts > rubric_part_points(r, k, part))
			why = "the score exceeds the new maximum";
		else if (r->criteria[k].deduct_max && low < r->criteria[k].floor)
			why = "the score is below the new floor";
		if (why && problems++ < 5)
			sb_addf(&b, "%s%s criterion %d%s%.0d: %s", problems > 1 ? "; " : "", c->units.names[u], no,
				part ? "." : "", part, why);
	}
	if (rc < 0) {
		sb_free(&b);
		return e->code;
	}
	if (problems)
		kp_fail(e, KP_EINPUT, "the new rubric does not fit %d stored score%s: %s%s", problems, problems > 1 ? "s" : "",
			sb_str(&b), problems > 5 ? " …" : "");
	sb_free(&b);
	return e->code;
}

int campaign_rubric_save(store *s, const struct campaign *c, const struct rubric *r, const char *source, const char *by,
			 int changes, struct kp_error *e)
{
	json_t *norm = rubric_to_json(r, &c->units);
	char *text = json_dumps(norm, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	char *now = now_utc_iso(), *detail = xasprintf("%d changes, %d criteria", changes, r->ncriteria);
	json_decref(norm);
	if (!store_begin(s, e)) {
		store_stmt *st = store_sql(s, SQL_RUBRIC_INSERT);
		st_bind_int(st, 1, c->id);
		st_bind_text(st, 2, text);
		st_bind_text(st, 3, source);
		st_bind_text(st, 4, by);
		st_bind_text(st, 5, now);
		if (st_exec(st, e) || store_counter_bump(s, COUNTER_CAMPAIGN, e) ||
		    audit_log(s, by, "rubric.import", source, detail, e) || store_commit(s, e))
			store_rollback(s);
	}
	free(detail);
	free(text);
	free(now);
	return e->code;
}

int64_t campaign_day_end(const struct campaign *c, const char *date)
{
	int32_t day = day_number(date);
	return day == INT32_MIN ? INT64_MAX : (int64_t)day * 86400 + 86399 - zone_offset(c->timezone);
}
