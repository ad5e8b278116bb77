/* rubric.c — the rubric model: reading and checking its JSON form, writing
 * it back, and the questions scoring asks of it (applies? maximum? grade?). */
#include "core/rubric.h"

#include "core/jsonin.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

json_t *rubric_json_points(int tenths)
{
	if (tenths % 10 == 0)
		return json_integer(tenths / 10);
	return json_real(tenths / 10.0);
}

/* Resolves a list of responsible-unit names (and optional lead names) into
 * C's responsibility list. Collective names make the criterion apply to
 * every unit. */
static int resolve_units(struct rubric_criterion *c, json_t *names, json_t *lead, const struct unitdir *units,
			 const char *where, struct kp_error *e)
{
	size_t i;
	json_t *v;
	int cap = (int)json_array_size(names) + (lead ? (int)json_array_size(lead) : 0);
	c->resp = xcalloc((size_t)cap + 1, sizeof *c->resp);
	c->nresp = 0;
	c->all_units = names == NULL; /* no units named: the unit assessed answers for all */
	if (names && json_array_size(names) == 0)
		return kp_fail(e, KP_EINPUT, "%s.units: name at least one responsible unit", where);
	json_array_foreach(names, i, v) {
		char field[300];
		snprintf(field, sizeof field, "%s.units[%zu]", where, i);
		if (!json_is_string(v))
			return kp_fail(e, KP_EINPUT, "%s: must be a string", field);
		int u = unitdir_resolve(units, json_string_value(v), field, e);
		if (u == UNITDIR_NONE)
			return KP_EINPUT;
		if (u == UNITDIR_ALL) {
			c->all_units = true;
			continue;
		}
		int dup = 0;
		for (int k = 0; k < c->nresp; k++)
			dup |= c->resp[k].unit == u;
		if (dup)
			return kp_fail(e, KP_EINPUT, "%s: %s is listed twice", field, units->names[u]);
		c->resp[c->nresp++] = (struct rubric_resp){u, false};
	}
	if (c->all_units)
		c->nresp = 0; /* everyone is responsible; only leads are kept */
	json_array_foreach(lead, i, v) {
		char field[300];
		snprintf(field, sizeof field, "%s.lead[%zu]", where, i);
		if (!json_is_string(v))
			return kp_fail(e, KP_EINPUT, "%s: must be a string", field);
		int u = unitdir_resolve(units, json_string_value(v), field, e);
		if (u == UNITDIR_NONE)
			return KP_EINPUT;
		if (u == UNITDIR_ALL)
			return kp_fail(e, KP_EINPUT, "%s: a lead unit must be one unit", field);
		int found = 0;
		for (int k = 0; k < c->nresp; k++)
			if (c->resp[k].unit == u)
				found = 1, c->resp[k].lead = true;
		if (!found && !c->all_units)
			return kp_fail(e, KP_EINPUT, "%s: %s leads but is not among the responsible units", field,
				       units->names[u]);
		if (!found)
			c->resp[c->nresp++] = (struct rubric_resp){u, true};
	}
	return 0;
}

/* Copies the string members of a JSON list (NULL-terminated; non-strings
 * are refused before this is called). */
static char **copy_names(json_t *names)
{
	char **out = xcalloc(json_array_size(names) + 1, sizeof(char *));
	size_t i, n = 0;
	json_t *v;
	json_array_foreach(names, i, v)
		if (json_is_string(v))
			out[n++] = text_trim(json_string_value(v));
	return out;
}

static void free_names(char **names)
{
	for (char **p = names; p && *p; p++)
		free(*p);
	free(names);
}

static json_t *names_json(char *const *names)
{
	json_t *a = json_array();
	for (char *const *p = names; p && *p; p++)
		json_array_append_new(a, json_string(*p));
	return a;
}

/* Joins the string members of a JSON list with 、. */
static char *join_names(json_t *names)
{
	struct strbuf b = {0};
	size_t i;
	json_t *v;
	sb_adds(&b, "");
	json_array_foreach(names, i, v) {
		if (i)
			sb_adds(&b, "、");
		if (json_is_string(v)) { /* trimmed as the names are: export then import keeps it */
			char *t = text_trim(json_string_value(v));
			sb_adds(&b, t);
			free(t);
		}
	}
	return b.s;
}

/* Reads the optional list of non-empty strings KEY of OBJ into *OUT
 * (NULL-terminated, trimmed; NULL when missing). */
static int string_list(json_t *obj, const char *key, const char *where, char ***out, struct kp_error *e)
{
	json_t *list = jsonin_array(obj, key, true, where, e);
	if (e->code)
		return KP_EINPUT;
	*out = NULL;
	if (!list)
		return 0;
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
		if (!json_is_string(v) || !*json_string_value(v))
			return kp_fail(e, KP_EINPUT, "%s.%s[%zu]: must be a non-empty string", where, key, i);
	*out = copy_names(list);
	return 0;
}

/* The kinds of rule "rules" may list (docs/rubric-format.md 1.7). */
static const char *const RULE_KINDS[] = {"deduct", "award", "all_or_nothing", "threshold", "cap", "grade", "veto",
					 "other", NULL};

/* Checks the optional "rules" of a criterion: a list of objects, each with
 * a known "kind" and its "text" as written; their other members are
 * numbers (points, percentages) or, for "grade", a list of levels. */
static int parse_rules(struct rubric_criterion *c, json_t *jc, const char *where, struct kp_error *e)
{
	json_t *list = jsonin_array(jc, "rules", true, where, e);
	if (e->code)
		return KP_EINPUT;
	if (!list)
		return 0;
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		static const char *const keys[] = {"kind", "text", "per", "min", "max", "floor", "cap", "below", "step",
						   "levels", NULL};
		char w[320];
		snprintf(w, sizeof w, "%s.rules[%zu]", where, i);
		if (!json_is_object(v))
			return kp_fail(e, KP_EINPUT, "%s: must be an object", w);
		if (jsonin_keys(v, keys, w, e))
			return KP_EINPUT;
		const char *kind = json_string_value(json_object_get(v, "kind"));
		bool known = false;
		for (const char *const *k = RULE_KINDS; kind && *k; k++)
			known |= !strcmp(kind, *k);
		if (!known)
			return kp_fail(e, KP_EINPUT, "%s.kind: one of deduct, award, all_or_nothing, threshold, cap, grade, veto, other",
				       w);
		if (!json_is_string(json_object_get(v, "text")) || !*json_string_value(json_object_get(v, "text")))
			return kp_fail(e, KP_EINPUT, "%s.text: the rule as written is required", w);
		const char *key;
		json_t *m;
		json_object_foreach(v, key, m) {
			if (!strcmp(key, "kind") || !strcmp(key, "text"))
				continue;
			if (!strcmp(key, "levels")) {
				size_t k;
				json_t *lv;
				if (!json_is_array(m) || !json_array_size(m))
					return kp_fail(e, KP_EINPUT, "%s.levels: a list of {name, share}", w);
				json_array_foreach(m, k, lv) {
					static const char *const lkeys[] = {"name", "share", "text", NULL};
					char wl[360];
					snprintf(wl, sizeof wl, "%s.levels[%zu]", w, k);
					int share;
					if (!json_is_object(lv))
						return kp_fail(e, KP_EINPUT, "%s: must be an object", wl);
					char *name = NULL;
					if (jsonin_keys(lv, lkeys, wl, e) || jsonin_string(lv, "name", false, wl, &name, e) ||
					    jsonin_points(lv, "share", false, wl, &share, e))
						return free(name), KP_EINPUT;
					free(name);
					if (share > 1000)
						return kp_fail(e, KP_EINPUT, "%s.share: a percentage from 0 to 100", wl);
				}
				continue;
			}
			int n;
			if (jsonin_points(v, key, false, w, &n, e))
				return KP_EINPUT;
		}
	}
	c->rules = json_incref(list);
	return 0;
}

static int parse_rule(struct rubric_criterion *c, json_t *jc, const char *where, struct kp_error *e)
{
	json_t *d = json_object_get(jc, "deduct");
	json_t *a = json_object_get(jc, "award");
	char w[300];
	if (d && a)
		return kp_fail(e, KP_EINPUT, "%s: a criterion has either \"deduct\" or \"award\", not both", where);
	if (d) {
		static const char *const keys[] = {"per", "min", "max", "floor", NULL};
		snprintf(w, sizeof w, "%s.deduct", where);
		if (!json_is_object(d))
			return kp_fail(e, KP_EINPUT, "%s: must be an object", w);
		if (jsonin_keys(d, keys, w, e))
			return KP_EINPUT;
		int per, min, max, floor_;
		if (jsonin_points(d, "per", true, w, &per, e) || jsonin_points(d, "min", true, w, &min, e) ||
		    jsonin_points(d, "max", true, w, &max, e) || jsonin_points(d, "floor", true, w, &floor_, e))
			return KP_EINPUT;
		if (per >= 0 && (min >= 0 || max >= 0))
			return kp_fail(e, KP_EINPUT, "%s: give \"per\" (每缺一项扣N分) or \"min\"/\"max\" (扣N-M分), not both", w);
		if (per >= 0)
			min = max = per;
		if (min <= 0 || max < min)
			return kp_fail(e, KP_EINPUT, "%s: deduction per occurrence must be above 0 with min <= max", w);
		if (max > c->points)
			return kp_fail(e, KP_EINPUT, "%s: a deduction of %g exceeds the criterion's %g points", w,
				       max / 10.0, c->points / 10.0);
		c->deduct_min = min;
		c->deduct_max = max;
		c->floor = floor_ < 0 ? 0 : floor_;
		if (c->floor > c->points)
			return kp_fail(e, KP_EINPUT, "%s.floor: above the criterion's points", w);
	}
	if (a) {
		static const char *const keys[] = {"per", NULL};
		snprintf(w, sizeof w, "%s.award", where);
		if (!json_is_object(a))
			return kp_fail(e, KP_EINPUT, "%s: must be an object", w);
		if (jsonin_keys(a, keys, w, e) || jsonin_points(a, "per", false, w, &c->award, e))
			return KP_EINPUT;
		if (c->award <= 0 || c->award > c->points)
			return kp_fail(e, KP_EINPUT, "%s.per: must be above 0 and at most the criterion's points", w);
	}
	return 0;
}

static int parse_criterion(struct rubric *r, int ci, json_t *jc, json_t *ind_units, json_t *ind_lead,
			   const struct unitdir *units, const char *where, struct kp_error *e)
{
	static const char *const keys[] = {"no", "label", "text", "points", "parts", "kind", "deduct", "award",
					   "rule_text", "rules", "methods", "checklist", "deadline_text",
					   "units", "units_text", "lead", NULL};
	struct rubric_criterion *c = &r->criteria[ci];
	if (!json_is_object(jc))
		return kp_fail(e, KP_EINPUT, "%s: must be an object", where);
	if (jsonin_keys(jc, keys, where, e) || jsonin_int(jc, "no", ci + 1, where, &c->no, e) ||
	    jsonin_string(jc, "label", true, where, &c->label, e) ||
	    jsonin_string(jc, "text", false, where, &c->text, e) || jsonin_points(jc, "points", false, where, &c->points, e) ||
	    jsonin_string(jc, "rule_text", true, where, &c->rule_text, e) ||
	    jsonin_string(jc, "deadline_text", true, where, &c->deadline_text, e) ||
	    string_list(jc, "methods", where, &c->methods, e) || string_list(jc, "checklist", where, &c->checklist, e) ||
	    parse_rules(c, jc, where, e))
		return KP_EINPUT;
	char *kind = NULL;
	if (jsonin_string(jc, "kind", true, where, &kind, e))
		return KP_EINPUT;
	c->kind = CRITERION_SCORED;
	if (kind && !strcmp(kind, "bonus"))
		c->kind = CRITERION_BONUS;
	else if (kind && !strcmp(kind, "veto"))
		c->kind = CRITERION_VETO;
	else if (kind && strcmp(kind, "scored")) {
		kp_fail(e, KP_EINPUT, "%s.kind: \"%s\" is not one of scored, bonus, veto", where, kind);
		free(kind);
		return KP_EINPUT;
	}
	free(kind);
	if (c->kind == CRITERION_VETO && c->points != 0)
		return kp_fail(e, KP_EINPUT, "%s.points: a veto criterion (一票否决) carries 0 points", where);
	if (c->kind != CRITERION_VETO && c->points == 0)
		return kp_fail(e, KP_EINPUT, "%s.points: must be above 0", where);

	json_t *parts = jsonin_array(jc, "parts", true, where, e);
	if (e->code)
		return KP_EINPUT;
	if (parts) {
		size_t n = json_array_size(parts), i;
		json_t *jp;
		if (n < 2)
			return kp_fail(e, KP_EINPUT, "%s.parts: a criterion with parts has at least two", where);
		if (c->kind == CRITERION_VETO)
			return kp_fail(e, KP_EINPUT, "%s.parts: a veto criterion has no parts", where);
		c->parts = xcalloc(n, sizeof *c->parts);
		c->nparts = (int)n;
		int sum = 0;
		json_array_foreach(parts, i, jp) {
			static const char *const pkeys[] = {"text", "points", NULL};
			char w[300];
			snprintf(w, sizeof w, "%s.parts[%zu]", where, i);
			if (!json_is_object(jp))
				return kp_fail(e, KP_EINPUT, "%s: must be an object", w);
			if (jsonin_keys(jp, pkeys, w, e) || jsonin_string(jp, "text", false, w, &c->parts[i].text, e) ||
			    jsonin_points(jp, "points", false, w, &c->parts[i].points, e))
				return KP_EINPUT;
			if (c->parts[i].points == 0)
				return kp_fail(e, KP_EINPUT, "%s.points: must be above 0", w);
			sum += c->parts[i].points;
		}
		if (sum != c->points) {
			char a[24], b[24];
			return kp_fail(e, KP_EINPUT, "%s.points: its parts add up to %s, not %s", where,
				       points_format(sum, a), points_format(c->points, b));
		}
	}
	if (parse_rule(c, jc, where, e))
		return KP_EINPUT;
	if (c->nparts && (c->deduct_max || c->award))
		return kp_fail(e, KP_EINPUT, "%s: a criterion with parts cannot also have a deduct/award rule", where);

	json_t *cu = jsonin_array(jc, "units", true, where, e);
	json_t *cl = jsonin_array(jc, "lead", true, where, e);
	if (e->code)
		return KP_EINPUT;
	if (cu) {
		if (jsonin_string(jc, "units_text", true, where, &c->units_text, e))
			return KP_EINPUT;
		if (!c->units_text)
			c->units_text = join_names(cu);
		c->unit_names = copy_names(cu);
		return resolve_units(c, cu, cl, units, where, e);
	}
	if (cl)
		return kp_fail(e, KP_EINPUT, "%s.lead: give \"units\" with \"lead\" on a criterion", where);
	if (json_object_get(jc, "units_text"))
		return kp_fail(e, KP_EINPUT, "%s.units_text: give \"units\" with \"units_text\" on a criterion", where);
	return resolve_units(c, ind_units, ind_lead, units, where, e);
}

static int parse_indicator(struct rubric *r, int ii, json_t *ji, const struct unitdir *units,
			   const char *dflt_deadline, const char *where, struct kp_error *e)
{
	static const char *const keys[] = {"no", "label", "name", "points", "declared_points", "methods", "units",
					   "units_text", "lead", "deadline", "deadline_text", "criteria", NULL};
	struct rubric_indicator *ind = &r->indicators[ii];
	if (!json_is_object(ji))
		return kp_fail(e, KP_EINPUT, "%s: must be an object", where);
	int given;
	if (jsonin_keys(ji, keys, where, e) || jsonin_int(ji, "no", ii + 1, where, &ind->no, e) ||
	    jsonin_string(ji, "label", true, where, &ind->label, e) ||
	    jsonin_points(ji, "declared_points", true, where, &ind->declared, e) ||
	    jsonin_string(ji, "name", false, where, &ind->name, e) || jsonin_points(ji, "points", true, where, &given, e) ||
	    jsonin_string(ji, "deadline", true, where, &ind->deadline, e) ||
	    jsonin_string(ji, "deadline_text", true, where, &ind->deadline_text, e) ||
	    jsonin_string(ji, "units_text", true, where, &ind->units_text, e))
		return KP_EINPUT;
	if (!ind->deadline && dflt_deadline)
		ind->deadline = xstrdup(dflt_deadline);
	if (ind->deadline && !date_valid(ind->deadline))
		return kp_fail(e, KP_EINPUT, "%s.deadline: \"%s\" is not a date YYYY-MM-DD", where, ind->deadline);

	json_t *methods = jsonin_array(ji, "methods", true, where, e);
	json_t *iu = jsonin_array(ji, "units", true, where, e);
	json_t *il = jsonin_array(ji, "lead", true, where, e);
	json_t *crits = jsonin_array(ji, "criteria", false, where, e);
	if (e->code)
		return KP_EINPUT;
	size_t i;
	json_t *v;
	ind->methods = xcalloc(json_array_size(methods) + 1, sizeof(char *));
	json_array_foreach(methods, i, v) {
		if (!json_is_string(v) || !*json_string_value(v))
			return kp_fail(e, KP_EINPUT, "%s.methods[%zu]: must be a non-empty string", where, i);
		ind->methods[ind->nmethods++] = text_trim(json_string_value(v));
	}
	if (methods && !ind->nmethods)
		return kp_fail(e, KP_EINPUT, "%s.methods: name at least one method (听取汇报, 查阅资料), or leave it out", where);
	ind->no_units = iu == NULL;
	if (ind->no_units && (il || ind->units_text))
		return kp_fail(e, KP_EINPUT, "%s.units: give \"units\" with \"%s\"", where, il ? "lead" : "units_text");
	if (!ind->units_text)
		ind->units_text = join_names(iu);
	ind->unit_names = copy_names(iu);
	if (json_array_size(crits) == 0)
		return kp_fail(e, KP_EINPUT, "%s.criteria: an indicator needs at least one criterion", where);

	/* The indicator's own units are checked here, so errors name it, even
	 * when every criterion overrides them. */
	struct rubric_criterion probe = {0};
	int bad = resolve_units(&probe, iu, il, units, where, e);
	free(probe.resp);
	if (bad)
		return KP_EINPUT;

	ind->first = r->ncriteria;
	ind->count = (int)json_array_size(crits);
	r->criteria = xrealloc(r->criteria, (size_t)(r->ncriteria + ind->count) * sizeof *r->criteria);
	memset(r->criteria + r->ncriteria, 0, (size_t)ind->count * sizeof *r->criteria);
	json_array_foreach(crits, i, v) {
		int ci = r->ncriteria++;
		char w[256];
		snprintf(w, sizeof w, "%s.criteria[%zu]", where, i);
		r->criteria[ci].indicator = ii;
		if (parse_criterion(r, ci, v, iu, il, units, w, e))
			return KP_EINPUT;
		if (r->criteria[ci].kind == CRITERION_SCORED)
			ind->points += r->criteria[ci].points;
	}
	if (given >= 0 && given != ind->points) {
		char a[24], b[24];
		return kp_fail(e, KP_EINPUT, "%s.points: says %s but its criteria add up to %s", where,
			       points_format(given, a), points_format(ind->points, b));
	}
	return 0;
}

static int parse_grades(struct rubric *r, json_t *root, struct kp_error *e)
{
	json_t *g = jsonin_array(root, "grades", true, "rubric", e);
	if (e->code)
		return KP_EINPUT;
	if (!g) {
		static const char *const names[] = {"优秀", "良好",
						    "合格",
						    "不合格"}; /* 优秀 良好 合格 不合格 */
		static const int mins[] = {900, 800, 600, 0};
		r->grades = xcalloc(4, sizeof *r->grades);
		for (int i = 0; i < 4; i++)
			r->grades[i] = (struct rubric_grade){xstrdup(names[i]), mins[i]};
		r->ngrades = 4;
		return 0;
	}
	size_t n = json_array_size(g), i;
	json_t *v;
	if (n == 0)
		return kp_fail(e, KP_EINPUT, "rubric.grades: give at least one grade band");
	r->grades = xcalloc(n, sizeof *r->grades);
	json_array_foreach(g, i, v) {
		static const char *const keys[] = {"name", "min", NULL};
		char w[64];
		snprintf(w, sizeof w, "rubric.grades[%zu]", i);
		if (!json_is_object(v))
			return kp_fail(e, KP_EINPUT, "%s: must be an object", w);
		r->ngrades++;
		if (jsonin_keys(v, keys, w, e) || jsonin_string(v, "name", false, w, &r->grades[i].name, e) ||
		    jsonin_points(v, "min", false, w, &r->grades[i].min, e))
			return KP_EINPUT;
		if (r->grades[i].min > 1000)
			return kp_fail(e, KP_EINPUT, "%s.min: a percentage from 0 to 100", w);
		if (i && r->grades[i].min >= r->grades[i - 1].min)
			return kp_fail(e, KP_EINPUT, "%s.min: bands go from the highest to the lowest", w);
	}
	if (r->grades[n - 1].min != 0)
		return kp_fail(e, KP_EINPUT, "rubric.grades: the last band must start at 0");
	return 0;
}

int rubric_from_json(json_t *root, const struct unitdir *units, const char *default_deadline,
		     struct rubric **out, struct kp_error *e)
{
	static const char *const keys[] = {"title", "total_points", "declared_total", "grades", "items", NULL};
	struct rubric *r = xcalloc(1, sizeof *r);
	int given_total = -1;
	*out = NULL;
	if (!json_is_object(root)) {
		kp_fail(e, KP_EINPUT, "rubric: must be a JSON object");
		goto fail;
	}
	if (jsonin_keys(root, keys, "rubric", e) || jsonin_string(root, "title", false, "rubric", &r->title, e) ||
	    jsonin_points(root, "total_points", true, "rubric", &given_total, e) ||
	    jsonin_points(root, "declared_total", true, "rubric", &r->declared_total, e) || parse_grades(r, root, e))
		goto fail;
	json_t *items = jsonin_array(root, "items", false, "rubric", e);
	if (!items)
		goto fail;
	if (json_array_size(items) == 0) {
		kp_fail(e, KP_EINPUT, "rubric.items: a rubric needs at least one item");
		goto fail;
	}
	size_t n = json_array_size(items), i;
	json_t *ji;
	r->items = xcalloc(n, sizeof *r->items);
	json_array_foreach(items, i, ji) {
		static const char *const ikeys[] = {"no", "label", "name", "points", "declared_points", "indicators", NULL};
		struct rubric_item *it = &r->items[r->nitems++];
		char w[64];
		int given;
		snprintf(w, sizeof w, "items[%zu]", i);
		if (!json_is_object(ji)) {
			kp_fail(e, KP_EINPUT, "%s: must be an object", w);
			goto fail;
		}
		if (jsonin_keys(ji, ikeys, w, e) || jsonin_int(ji, "no", (int)i + 1, w, &it->no, e) ||
		    jsonin_string(ji, "label", true, w, &it->label, e) ||
		    jsonin_points(ji, "declared_points", true, w, &it->declared, e) ||
		    jsonin_string(ji, "name", false, w, &it->name, e) || jsonin_points(ji, "points", true, w, &given, e))
			goto fail;
		json_t *inds = jsonin_array(ji, "indicators", false, w, e);
		if (!inds)
			goto fail;
		if (json_array_size(inds) == 0) {
			kp_fail(e, KP_EINPUT, "%s.indicators: an item needs at least one indicator", w);
			goto fail;
		}
		it->first = r->nindicators;
		it->count = (int)json_array_size(inds);
		r->indicators = xrealloc(r->indicators, (size_t)(r->nindicators + it->count) * sizeof *r->indicators);
		memset(r->indicators + r->nindicators, 0, (size_t)it->count * sizeof *r->indicators);
		size_t k;
		json_t *jind;
		json_array_foreach(inds, k, jind) {
			int ii = r->nindicators++;
			char wi[128];
			snprintf(wi, sizeof wi, "%s.indicators[%zu]", w, k);
			r->indicators[ii].item = (int)i;
			if (parse_indicator(r, ii, jind, units, default_deadline, wi, e))
				goto fail;
			it->points += r->indicators[ii].points;
		}
		if (given >= 0 && given != it->points) {
			char a[24], b[24];
			kp_fail(e, KP_EINPUT, "%s.points: says %s but its criteria add up to %s", w,
				points_format(given, a), points_format(it->points, b));
			goto fail;
		}
		r->total_points += it->points;
	}
	/* Numbers are unique: scores refer to criteria by number. */
	for (int a = 0; a < r->ncriteria; a++)
		for (int b = a + 1; b < r->ncriteria; b++)
			if (r->criteria[a].no == r->criteria[b].no) {
				kp_fail(e, KP_EINPUT, "criterion number %d is used twice", r->criteria[a].no);
				goto fail;
			}
	for (int a = 0; a < r->nitems; a++)
		for (int b = a + 1; b < r->nitems; b++)
			if (!strcmp(r->items[a].name, r->items[b].name)) {
				kp_fail(e, KP_EINPUT, "items[%d]: item \"%s\" appears twice; merge its indicators into one item",
					b, r->items[b].name);
				goto fail;
			} else if (r->items[a].no == r->items[b].no) {
				kp_fail(e, KP_EINPUT, "items[%d].no: item number %d is used twice", b, r->items[b].no);
				goto fail;
			}
	for (int a = 0; a < r->nindicators; a++)
		for (int b = a + 1; b < r->nindicators; b++)
			if (r->indicators[a].no == r->indicators[b].no) {
				kp_fail(e, KP_EINPUT, "indicator number %d is used twice", r->indicators[a].no);
				goto fail;
			}
	if (r->total_points == 0) {
		kp_fail(e, KP_EINPUT, "rubric: no scored criterion");
		goto fail;
	}
	if (given_total >= 0 && given_total != r->total_points) {
		char a[24], b[24];
		kp_fail(e, KP_EINPUT, "rubric.total_points: says %s but the criteria add up to %s",
			points_format(given_total, a), points_format(r->total_points, b));
		goto fail;
	}
	*out = r;
	return 0;
fail:
	rubric_free(r);
	if (!e->code)
		kp_fail(e, KP_EINPUT, "rubric: invalid");
	return e->code;
}

static json_t *lead_names(const struct rubric_criterion *c, const struct unitdir *units)
{
	json_t *a = json_array();
	for (int k = 0; k < c->nresp; k++)
		if (c->resp[k].lead)
			json_array_append_new(a, json_string(units->names[c->resp[k].unit]));
	return a;
}

static bool same_resp(const struct rubric_criterion *a, const struct rubric_criterion *b)
{
	if (a->all_units != b->all_units || a->nresp != b->nresp)
		return false;
	for (int k = 0; k < a->nresp; k++)
		if (a->resp[k].unit != b->resp[k].unit || a->resp[k].lead != b->resp[k].lead)
			return false;
	return true;
}

json_t *rubric_to_json(const struct rubric *r, const struct unitdir *units)
{
	json_t *root = json_object();
	json_object_set_new(root, "title", json_string(r->title));
	json_object_set_new(root, "total_points", rubric_json_points(r->total_points));
	if (r->declared_total >= 0)
		json_object_set_new(root, "declared_total", rubric_json_points(r->declared_total));
	json_t *grades = json_array();
	for (int g = 0; g < r->ngrades; g++)
		json_array_append_new(grades, json_pack("{s:s, s:o}", "name", r->grades[g].name, "min",
							rubric_json_points(r->grades[g].min)));
	json_object_set_new(root, "grades", grades);
	json_t *items = json_array();
	for (int i = 0; i < r->nitems; i++) {
		const struct rubric_item *it = &r->items[i];
		json_t *inds = json_array();
		for (int ii = it->first; ii < it->first + it->count; ii++) {
			const struct rubric_indicator *ind = &r->indicators[ii];
			json_t *methods = json_array();
			for (int m = 0; m < ind->nmethods; m++)
				json_array_append_new(methods, json_string(ind->methods[m]));
			json_t *ji = json_pack("{s:i}", "no", ind->no);
			if (ind->label)
				json_object_set_new(ji, "label", json_string(ind->label));
			json_object_set_new(ji, "name", json_string(ind->name));
			json_object_set_new(ji, "points", rubric_json_points(ind->points));
			if (ind->declared >= 0)
				json_object_set_new(ji, "declared_points", rubric_json_points(ind->declared));
			if (ind->nmethods)
				json_object_set_new(ji, "methods", methods);
			else
				json_decref(methods);
			if (!ind->no_units) {
				json_object_set_new(ji, "units_text", json_string(ind->units_text));
				json_object_set_new(ji, "units", names_json(ind->unit_names));
			}
			const struct rubric_criterion *first = &r->criteria[ind->first];
			json_t *lead = lead_names(first, units);
			if (json_array_size(lead))
				json_object_set(ji, "lead", lead);
			json_decref(lead);
			if (ind->deadline)
				json_object_set_new(ji, "deadline", json_string(ind->deadline));
			if (ind->deadline_text)
				json_object_set_new(ji, "deadline_text", json_string(ind->deadline_text));
			json_t *crits = json_array();
			for (int ci = ind->first; ci < ind->first + ind->count; ci++) {
				const struct rubric_criterion *c = &r->criteria[ci];
				json_t *jc = json_pack("{s:i}", "no", c->no);
				if (c->label)
					json_object_set_new(jc, "label", json_string(c->label));
				json_object_set_new(jc, "text", json_string(c->text));
				json_object_set_new(jc, "points", rubric_json_points(c->points));
				if (c->kind == CRITERION_BONUS)
					json_object_set_new(jc, "kind", json_string("bonus"));
				if (c->kind == CRITERION_VETO)
					json_object_set_new(jc, "kind", json_string("veto"));
				if (c->nparts) {
					json_t *parts = json_array();
					for (int p = 0; p < c->nparts; p++)
						json_array_append_new(parts, json_pack("{s:s, s:o}", "text", c->parts[p].text,
										      "points", rubric_json_points(c->parts[p].points)));
					json_object_set_new(jc, "parts", parts);
				}
				if (c->deduct_max) {
					json_t *d = c->deduct_min == c->deduct_max
							    ? json_pack("{s:o}", "per", rubric_json_points(c->deduct_max))
							    : json_pack("{s:o, s:o}", "min", rubric_json_points(c->deduct_min), "max",
									rubric_json_points(c->deduct_max));
					if (c->floor)
						json_object_set_new(d, "floor", rubric_json_points(c->floor));
					json_object_set_new(jc, "deduct", d);
				}
				if (c->award)
					json_object_set_new(jc, "award", json_pack("{s:o}", "per", rubric_json_points(c->award)));
				if (c->rule_text)
					json_object_set_new(jc, "rule_text", json_string(c->rule_text));
				if (c->rules)
					json_object_set_new(jc, "rules", json_deep_copy(c->rules));
				if (c->methods)
					json_object_set_new(jc, "methods", names_json(c->methods));
				if (c->checklist)
					json_object_set_new(jc, "checklist", names_json(c->checklist));
				if (c->deadline_text)
					json_object_set_new(jc, "deadline_text", json_string(c->deadline_text));
				/* Responsibility differing from the indicator's is written on the criterion. */
				if (c->units_text || !same_resp(c, first)) {
					json_object_set_new(jc, "units_text", json_string(c->units_text ? c->units_text : ""));
					json_object_set_new(jc, "units", c->unit_names ? names_json(c->unit_names)
											: names_json(r->indicators[c->indicator].unit_names));
					json_t *cl = lead_names(c, units);
					if (json_array_size(cl))
						json_object_set(jc, "lead", cl);
					json_decref(cl);
				}
				json_array_append_new(crits, jc);
			}
			json_object_set_new(ji, "criteria", crits);
			json_array_append_new(inds, ji);
		}
		json_t *jit = json_pack("{s:i}", "no", it->no);
		if (it->label)
			json_object_set_new(jit, "label", json_string(it->label));
		json_object_set_new(jit, "name", json_string(it->name));
		json_object_set_new(jit, "points", rubric_json_points(it->points));
		if (it->declared >= 0)
			json_object_set_new(jit, "declared_points", rubric_json_points(it->declared));
		json_object_set_new(jit, "indicators", inds);
		json_array_append_new(items, jit);
	}
	json_object_set_new(root, "items", items);
	return root;
}

void rubric_free(struct rubric *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->nitems; i++)
		free(r->items[i].name), free(r->items[i].label);
	for (int i = 0; i < r->nindicators; i++) {
		struct rubric_indicator *ind = &r->indicators[i];
		free(ind->name);
		for (int m = 0; m < ind->nmethods; m++)
			free(ind->methods[m]);
		free(ind->methods);
		free(ind->units_text);
		free_names(ind->unit_names);
		free(ind->deadline);
		free(ind->deadline_text);
		free(ind->label);
	}
	for (int i = 0; i < r->ncriteria; i++) {
		struct rubric_criterion *c = &r->criteria[i];
		free(c->text);
		for (int p = 0; p < c->nparts; p++)
			free(c->parts[p].text);
		free(c->parts);
		free(c->units_text);
		free_names(c->unit_names);
		free(c->resp);
		free(c->label), free(c->rule_text), free(c->deadline_text);
		free_names(c->methods), free_names(c->checklist);
		json_decref(c->rules);
	}
	for (int g = 0; g < r->ngrades; g++)
		free(r->grades[g].name);
	free(r->grades);
	free(r->items);
	free(r->indicators);
	free(r->criteria);
	free(r->title);
	free(r);
}

int rubric_find(const struct rubric *r, int no)
{
	for (int i = 0; i < r->ncriteria; i++)
		if (r->criteria[i].no == no)
			return i;
	return -1;
}

bool rubric_applies(const struct rubric *r, int c, int unit)
{
	assert(c >= 0 && c < r->ncriteria);
	const struct rubric_criterion *cr = &r->criteria[c];
	if (cr->all_units)
		return true;
	for (int k = 0; k < cr->nresp; k++)
		if (cr->resp[k].unit == unit)
			return true;
	return false;
}

bool rubric_leads(const struct rubric *r, int c, int unit)
{
	assert(c >= 0 && c < r->ncriteria);
	const struct rubric_criterion *cr = &r->criteria[c];
	for (int k = 0; k < cr->nresp; k++)
		if (cr->resp[k].unit == unit)
			return cr->resp[k].lead;
	return false;
}

int rubric_part_points(const struct rubric *r, int c, int part)
{
	assert(c >= 0 && c < r->ncriteria && part >= 0);
	const struct rubric_criterion *cr = &r->criteria[c];
	if (part == 0)
		return cr->points;
	return part <= cr->nparts ? cr->parts[part - 1].points : -1;
}

int rubric_grade_points(const struct rubric *r, int c, const char *text)
{
	assert(c >= 0 && c < r->ncriteria);
	const struct rubric_criterion *cr = &r->criteria[c];
	char *t = text_normalize(text);
	/* B档 B级 B类 b: the level's name */
	size_t n = strlen(t);
	static const char *const tails[] = {"档", "级", "类", "等"};
	for (size_t i = 0; i < 4; i++)
		if (n > 3 && !strcmp(t + n - 3, tails[i]))
			t[n - 3] = 0;
	for (char *p = t; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	int points = -1;
	size_t i, k;
	json_t *rule, *lv;
	json_array_foreach(cr->rules, i, rule) {
		const char *kind = json_string_value(json_object_get(rule, "kind"));
		if (!kind || strcmp(kind, "grade"))
			continue;
		json_array_foreach(json_object_get(rule, "levels"), k, lv) {
			const char *name = json_string_value(json_object_get(lv, "name"));
			if (name && !strcmp(name, t)) {
				int share = (int)(json_number_value(json_object_get(lv, "share")) * 10 + 0.5); /* tenths of a percent */
				points = (int)(((long)cr->points * share + 500) / 1000);
			}
		}
	}
	free(t);
	return points;
}

const char *rubric_grade(const struct rubric *r, int percent)
{
	for (int g = 0; g < r->ngrades; g++)
		if (percent >= r->grades[g].min)
			return r->grades[g].name;
	return r->grades[r->ngrades - 1].name;
}

int rubric_criterion_ref_parse(const char *s, int *no, int *part)
{
	char *t = text_normalize(s);
	int a = 0, b = 0, rc = -1;
	const char *p = t;
	if (*p < '0' || *p > '9')
		goto out;
	while (*p >= '0' && *p <= '9' && a < 100000)
		a = a * 10 + (*p++ - '0');
	if (*p == '.') {
		p++;
		if (*p < '1' || *p > '9')
			goto out;
		while (*p >= '0' && *p <= '9' && b < 1000)
			b = b * 10 + (*p++ - '0');
	}
	if (*p || a < 1)
		goto out;
	*no = a;
	*part = b;
	rc = 0;
out:
	free(t);
	return rc;
}
