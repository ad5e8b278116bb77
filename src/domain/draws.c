/* draws.c — spot-check draws in the store: the pool and weights as the
 * store has them, the draw recorded with its seed, parameters and digest,
 * verification from the record alone, publication and findings. */
#include "domain/draws.h"
#include "store/sql.h"
#include "core/hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/auth.h"
#include "domain/evidence.h"
#include "domain/messages.h"
#include "domain/settings.h"

const char *draws_unit_name(const struct campaign *c, int64_t unit, char buf[24])
{
	int u = unitdir_by_id(&c->units, unit);
	if (u >= 0)
		return c->units.names[u];
	snprintf(buf, 24, "#%lld", (long long)unit);
	return buf;
}

const char *draws_outcome_label(const char *outcome)
{
	return outcome && *outcome ? "已检查" : "待检查";
}

/* ---- making a draw ---- */

/* The pool as read from the store, in canonical order (unit id). */
struct pool {
	int n;
	int *index; /* unit indexes */
	struct draw_unit_in *units;
	int ninspectors;
	struct draw_inspector_in *inspectors;
	char **inspector_names; /* display names */
};

static void pool_free(struct pool *p)
{
	for (int i = 0; i < p->ninspectors; i++)
		free(p->inspector_names[i]);
	free(p->inspector_names);
	free(p->inspectors);
	free(p->index);
	free(p->units);
}

static bool listed(const int *list, int n, int u)
{
	for (int i = 0; i < n; i++)
		if (list[i] == u)
			return true;
	return false;
}

static int by_unit_id(const void *a, const void *b)
{
	const struct draw_unit_in *x = a, *y = b;
	return (x->unit > y->unit) - (x->unit < y->unit);
}

/* The date DAYS days before today in the campaign's zone (YYYY-MM-DD). */
static char *days_before_today(const struct campaign *c, int days)
{
	char *today = campaign_today(c), date[11];
	date_add(today, -days, date);
	free(today);
	return xstrdup(date);
}

/* Reads the units with an open supervision case (state != 2) and those
 * with at least THRESHOLD open complaints received since SINCE, and weighs
 * the pool: 1, times WEIGHT_CASE, times WEIGHT_COMPLAINT. */
static int weigh_pool(store *s, const struct campaign *c, const struct draw_options *o, struct pool *p,
		      int64_t threshold, const char *since, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_DRAW_OPEN_CASES);
	st_bind_int(st, 1, c->id);
	int rc;
	while ((rc = st_step(st, e)) == 1)
		for (int i = 0; i < p->n; i++)
			if (p->units[i].unit == st_int(st, 0))
				p->units[i].weight *= o->weight_case;
	if (rc < 0)
		return e->code;
	st = store_sql(s, SQL_DRAW_COMPLAINTS);
	st_bind_int(st, 1, c->id);
	st_bind_text(st, 2, since);
	while ((rc = st_step(st, e)) == 1)
		for (int i = 0; i < p->n; i++)
			if (p->units[i].unit == st_int(st, 0) && st_int(st, 1) >= threshold)
				p->units[i].weight *= o->weight_complaint;
	return rc < 0 ? e->code : 0;
}

static int load_inspectors(store *s, struct pool *p, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_DRAW_ASSESSORS);
	int rc;
	while ((rc = st_step(st, e)) == 1) {
		p->inspectors = xrealloc(p->inspectors, (size_t)(p->ninspectors + 1) * sizeof *p->inspectors);
		p->inspector_names = xrealloc(p->inspector_names, (size_t)(p->ninspectors + 1) * sizeof(char *));
		p->inspectors[p->ninspectors] = (struct draw_inspector_in){st_int(st, 0), st_int(st, 3)};
		p->inspector_names[p->ninspectors++] = xstrdup(st_text(st, 2));
	}
	return rc < 0 ? e->code : 0;
}

static void load_pool(const struct campaign *c, const struct draw_options *o, struct pool *p)
{
	p->units = xmalloc((size_t)(c->units.n ? c->units.n : 1) * sizeof *p->units);
	for (int u = 0; u < c->units.n; u++) {
		if ((o->units && !listed(o->units, o->nunits, u)) || listed(o->exclude, o->nexclude, u))
			continue;
		p->units[p->n++] = (struct draw_unit_in){c->units.ids[u], 1};
	}
	qsort(p->units, (size_t)p->n, sizeof *p->units, by_unit_id);
	p->index = xmalloc((size_t)(p->n ? p->n : 1) * sizeof *p->index);
	for (int i = 0; i < p->n; i++)
		p->index[i] = unitdir_by_id(&c->units, p->units[i].unit);
}

/* Parses a share "0.25" (at most 6 decimals) into millionths in (0, 10^6]. */
static int ratio_parse(const char *s, int64_t *millionths)
{
	int64_t v = 0;
	int decimals = -1;
	if (!*s)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p == '.' && decimals < 0) {
			decimals = 0;
			continue;
		}
		if (*p < '0' || *p > '9' || decimals >= 6 || v > 1000000)
			return -1;
		v = v * 10 + (*p - '0');
		if (decimals >= 0)
			decimals++;
	}
	for (int d = decimals < 0 ? 0 : decimals; d < 6; d++)
		v *= 10;
	if (v <= 0 || v > 1000000)
		return -1;
	*millionths = v;
	return 0;
}

/* The count the options ask for from a pool of N units. */
static int draw_count(const struct draw_options *o, int n, struct kp_error *e)
{
	int64_t m;
	if ((o->count > 0) == (o->ratio != NULL)) {
		kp_fail_at(e, KP_EINPUT, o->count > 0 ? KP_R_FORMAT : KP_R_REQUIRED, "count", 0, 0,
			   "give the number of units to draw or the share of the pool to draw (one of them)");
		return -1;
	}
	if (!o->ratio)
		return o->count;
	if (ratio_parse(o->ratio, &m) < 0) {
		kp_fail_at(e, KP_EINPUT, KP_R_RANGE, "ratio", 0, 1,
			   "a share of the pool greater than 0 and at most 1, such as 0.2, not \"%s\"", o->ratio);
		return -1;
	}
	return (int)(((int64_t)n * m + 999999) / 1000000); /* rounded up: a share never draws nobody */
}

/* Checks with unit names what draw_run would refuse by id. */
static int check_pool(const struct campaign *c, const struct pool *p, const struct draw_input *in, struct kp_error *e)
{
	if (p->n == 0)
		return kp_fail_at(e, KP_EINPUT, KP_R_REQUIRED, "units", 0, 0,
				  "the pool is empty: the units chosen and those left out leave no unit to draw");
	if (in->count > p->n)
		return kp_fail_at(e, KP_EINPUT, KP_R_RANGE, "count", 1, p->n,
				  "%d units asked for, but the pool has only %d; draw fewer or widen the pool",
				  in->count, p->n);
	for (int i = 0; i < p->n; i++) {
		int n = draw_eligible(in, p->units[i].unit);
		if (n < in->per_unit) {
			kp_fail_at(e, KP_EINPUT, KP_R_RANGE, "inspectors", n, in->per_unit,
				   "too few inspectors: %s can get only %d inspector%s from outside itself and each "
				   "checked unit needs %d; add assessors or leave the unit out of the pool",
				   c->units.names[p->index[i]], n, n == 1 ? "" : "s", in->per_unit);
			kp_error_value(e, c->units.names[p->index[i]]);
			return e->code;
		}
	}
	return 0;
}

static json_t *unit_names_json(const struct campaign *c, const int *list, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(c->units.names[list[i]]));
	return a;
}

/* The parameters recorded with the draw: all verify needs, and what a
 * reader needs to see how it was made. */
static char *params_text(const struct campaign *c, const struct draw_options *o, const struct pool *p,
			 const struct draw_input *in, int64_t threshold, const char *since)
{
	json_t *pool = json_array(), *insp = json_array();
	for (int i = 0; i < p->n; i++)
		json_array_append_new(pool, json_pack("{s:I, s:s, s:I}", "unit", (json_int_t)p->units[i].unit, "name",
						      c->units.names[p->index[i]], "weight", (json_int_t)p->units[i].weight));
	for (int i = 0; i < p->ninspectors; i++)
		json_array_append_new(insp, json_pack("{s:I, s:s, s:o}", "account", (json_int_t)p->inspectors[i].account,
						      "name", p->inspector_names[i], "home_unit",
						      p->inspectors[i].home ? json_integer(p->inspectors[i].home) : json_null()));
	json_t *j = json_pack("{s:s, s:i}", "algorithm", DRAW_ALGORITHM, "count", in->count);
	if (o->ratio)
		json_object_set_new(j, "ratio", json_string(o->ratio));
	json_object_set_new(j, "inspectors_per_unit", json_integer(in->per_unit));
	if (o->units || o->nexclude) {
		json_t *f = json_object();
		if (o->units)
			json_object_set_new(f, "units", unit_names_json(c, o->units, o->nunits));
		if (o->nexclude)
			json_object_set_new(f, "exclude", unit_names_json(c, o->exclude, o->nexclude));
		json_object_set_new(j, "filter", f);
	}
	json_object_set_new(j, "weights",
			    json_pack("{s:i, s:i, s:I, s:s}", "open_case", o->weight_case, "many_complaints",
				      o->weight_complaint, "complaints_at_least", (json_int_t)threshold, "complaints_since", since));
	json_object_set_new(j, "pool", pool);
	json_object_set_new(j, "inspector_pool", insp);
	char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	return text;
}

/* The digest: SHA-256 over the algorithm, seed, parameters and result, so
 * a published draw pins all of them (docs/spot-checks.md). */
static void digest_of(const char *seed, const char *params, const struct draw_output *o, char out[65])
{
	struct strbuf b = {0};
	sb_addf(&b, "%s\n%s\n%s\n", DRAW_ALGORITHM, seed, params);
	for (int k = 0; k < o->n; k++) {
		sb_addf(&b, "%d %lld %lld", k + 1, (long long)o->units[k], (long long)o->weights[k]);
		for (int j = 0; j < o->per_unit; j++)
			sb_addf(&b, "%s%lld", j ? "," : " ", (long long)o->inspectors[k * o->per_unit + j]);
		sb_addc(&b, '\n');
	}
	sha256_hex(sb_str(&b), b.len, out);
	sb_free(&b);
}

/* Tells each of the N units (store ids) of published draw ID that it was
 * drawn; inside the caller's transaction. */
static int tell_drawn(store *s, const struct campaign *c, int64_t id, const int64_t *units, int n, struct kp_error *e)
{
	for (int k = 0; k < n; k++) {
		struct message_new m = {.kind = MSG_DRAW, .unit = unitdir_by_id(&c->units, units[k]), .draw_id = id};
		if (m.unit >= 0 && messages_post(s, c, &m, TO_UNIT, NULL, e))
			return e->code;
	}
	return 0;
}

static int write_draw(store *s, const struct campaign *c, const struct draw_options *o, const char *title,
		      const char *seed, const char *params, const struct draw_output *out, int64_t *id,
		      struct kp_error *e)
{
	char digest[65], *now = now_utc_iso();
	digest_of(seed, params, out, digest);
	store_stmt *st = store_sql(s, SQL_DRAW_INSERT);
	st_bind_int(st, 1, c->id);
	st_bind_text(st, 2, title);
	st_bind_text(st, 3, seed);
	st_bind_text(st, 4, params);
	st_bind_text(st, 5, digest);
	st_bind_int(st, 6, o->publish);
	st_bind_text(st, 7, o->by);
	st_bind_text(st, 8, now);
	free(now);
	int rc = st_step(st, e);
	if (rc < 0)
		return e->code;
	*id = st_int(st, 0);
	st_reset(st);
	for (int k = 0; k < out->n; k++) {
		st = store_sql(s, SQL_DRAW_UNIT_INSERT);
		st_bind_int(st, 1, *id);
		st_bind_int(st, 2, k + 1);
		st_bind_int(st, 3, out->units[k]);
		st_bind_int(st, 4, out->weights[k]);
		if (st_exec(st, e))
			return e->code;
		for (int j = 0; j < out->per_unit; j++) {
			st = store_sql(s, SQL_DRAW_INSPECTOR_INSERT);
			st_bind_int(st, 1, *id);
			st_bind_int(st, 2, out->units[k]);
			st_bind_int(st, 3, out->inspectors[k * out->per_unit + j]);
			st_bind_int(st, 4, j + 1);
			if (st_exec(st, e))
				return e->code;
		}
	}
	char subject[32];
	snprintf(subject, sizeof subject, "draw %lld", (long long)*id);
	char *detail = xasprintf("%s; seed %s; %d units; digest %s%s", title, seed, out->n, digest,
				 o->publish ? "; published" : "");
	rc = store_counter_bump(s, COUNTER_DRAWS, e) || audit_log(s, o->by, "draw.make", subject, detail, e) ||
	     (o->publish && tell_drawn(s, c, *id, out->units, out->n, e));
	free(detail);
	return rc;
}

/* Inside the caller's transaction: reads the pool, computes and records. */
static int make_draw(store *s, const struct campaign *c, const struct draw_options *o, const char *seed, int64_t *id,
		     struct kp_error *e)
{
	struct pool p = {0};
	struct draw_output out = {0};
	int64_t per_unit, threshold, days;
	char *since = NULL, *title = NULL, *params = NULL;
	int rc = settings_get(s, c->id, "draw_inspectors", &per_unit, e) ||
		 settings_get(s, c->id, "case_complaints", &threshold, e) ||
		 settings_get(s, c->id, "case_complaint_days", &days, e);
	if (rc)
		goto out;
	since = days_before_today(c, (int)days);
	load_pool(c, o, &p);
	if (weigh_pool(s, c, o, &p, threshold, since, e) || load_inspectors(s, &p, e))
		goto out;
	struct draw_input in = {seed, p.units, p.n, p.inspectors, p.ninspectors, 0, (int)per_unit};
	if ((in.count = draw_count(o, p.n, e)) < 0 || check_pool(c, &p, &in, e) || draw_run(&in, &out, e))
		goto out;
	if (o->title && *o->title) {
		title = xstrdup(o->title);
	} else {
		char *today = campaign_today(c);
		title = xasprintf("随机抽查 %s", today);
		free(today);
	}
	params = params_text(c, o, &p, &in, threshold, since);
	write_draw(s, c, o, title, seed, params, &out, id, e);
out:
	free(since), free(title), free(params);
	draw_output_free(&out);
	pool_free(&p);
	return e->code;
}

int draws_make(store *s, const struct campaign *c, const struct draw_options *o, int64_t *id, struct kp_error *e)
{
	char seed[DRAW_SEED_MAX + 1];
	if (o->seed && !draw_seed_valid(o->seed))
		return kp_fail_at(e, KP_EINPUT, KP_R_FORMAT, "seed", 0, 0,
				  "1 to %d characters of A-Z a-z 0-9 . _ - (it is published with the draw), not \"%s\"",
				  DRAW_SEED_MAX, o->seed);
	if (o->weight_case < 1 || o->weight_case > DRAWS_WEIGHT_FACTOR_MAX || o->weight_complaint < 1 ||
	    o->weight_complaint > DRAWS_WEIGHT_FACTOR_MAX)
		return kp_fail_at(e, KP_EINPUT, KP_R_RANGE, "weight", 1, DRAWS_WEIGHT_FACTOR_MAX,
				  "a weight is a whole number from 1 (no extra weight) to %d", DRAWS_WEIGHT_FACTOR_MAX);
	if (o->title && (!utf8_valid(o->title, strlen(o->title)) || strlen(o->title) > 200))
		return kp_fail_at(e, KP_EINPUT, KP_R_TOO_LONG, "title", 0, 200 / 3, "at most 200 bytes of UTF-8 text");
	if (o->seed)
		snprintf(seed, sizeof seed, "%s", o->seed);
	else
		auth_random_hex(seed, 16); /* 128 bits: nobody can steer a draw by choosing when to make it */
	if (store_begin(s, e))
		return e->code;
	if (make_draw(s, c, o, seed, id, e) || store_commit(s, e)) {
		store_rollback(s);
		return e->code;
	}
	return 0;
}

/* ---- reading ---- */

static int load_units(store *s, struct draw_record *d, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_DRAW_UNITS);
	st_bind_int(st, 1, d->id);
	int rc;
	while ((rc = st_step(st, e)) == 1) {
		d->units = xrealloc(d->units, (size_t)(d->n + 1) * sizeof *d->units);
		struct drawn_unit *u = &d->units[d->n++];
		memset(u, 0, sizeof *u);
		u->ord = (int)st_int(st, 0);
		u->unit = st_int(st, 1);
		u->weight = st_int(st, 2);
		u->outcome = xstrdup(st_text(st, 3));
		u->has_points = !st_is_null(st, 4);
		u->points = (int)st_int(st, 4);
	}
	if (rc < 0)
		return e->code;
	st = store_sql(s, SQL_DRAW_INSPECTORS);
	st_bind_int(st, 1, d->id);
	while ((rc = st_step(st, e)) == 1) {
		for (int k = 0; k < d->n; k++) {
			struct drawn_unit *u = &d->units[k];
			if (u->unit != st_int(st, 0))
				continue;
			u->inspectors = xrealloc(u->inspectors, (size_t)(u->ninspectors + 1) * sizeof *u->inspectors);
			u->inspectors[u->ninspectors++] =
				(struct drawn_inspector){st_int(st, 1), xstrdup(st_text(st, 2)), xstrdup(st_text(st, 3))};
		}
	}
	return rc < 0 ? e->code : 0;
}

static int load_findings(store *s, struct draw_record *d, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_DRAW_FINDINGS);
	st_bind_int(st, 1, d->id);
	int rc;
	while ((rc = st_step(st, e)) == 1) {
		d->findings = xrealloc(d->findings, (size_t)(d->nfindings + 1) * sizeof *d->findings);
		d->findings[d->nfindings++] = (struct drawn_finding){
			.id = st_int(st, 0), .unit = st_int(st, 1), .criterion = (int)st_int(st, 2),
			.has_points = !st_is_null(st, 3), .points = (int)st_int(st, 3), .text = xstrdup(st_text(st, 4)),
			.by = xstrdup(st_text(st, 5)), .at = xstrdup(st_text(st, 6))};
	}
	if (rc < 0)
		return e->code;
	st = store_sql(s, SQL_DRAW_FINDING_FILES);
	st_bind_int(st, 1, d->id);
	while ((rc = st_step(st, e)) == 1)
		for (int i = 0; i < d->nfindings; i++) {
			struct drawn_finding *x = &d->findings[i];
			if (x->id != st_int(st, 0))
				continue;
			x->files = xrealloc(x->files, (size_t)(x->nfiles + 1) * sizeof *x->files);
			struct drawn_finding_file *f = &x->files[x->nfiles++];
			*f = (struct drawn_finding_file){.ord = (int)st_int(st, 1), .name = xstrdup(st_text(st, 3)),
							 .type = xstrdup(st_text(st, 4)), .size = st_int(st, 5),
							 .by = xstrdup(st_text(st, 6)), .at = xstrdup(st_text(st, 7))};
			snprintf(f->sha256, sizeof f->sha256, "%s", st_text(st, 2));
		}
	return rc < 0 ? e->code : 0;
}

int draws_load(store *s, const struct campaign *c, int64_t id, struct draw_record *d, struct kp_error *e)
{
	memset(d, 0, sizeof *d);
	store_stmt *st = store_sql(s, SQL_DRAW_GET);
	st_bind_int(st, 1, id);
	st_bind_int(st, 2, c->id);
	int rc = st_step(st, e);
	if (rc < 0)
		return e->code;
	if (rc == 0)
		return kp_fail_why(e, KP_EINPUT, KP_R_NOT_FOUND, "no draw %lld", (long long)id);
	d->id = st_int(st, 0);
	d->title = xstrdup(st_text(st, 1));
	d->seed = xstrdup(st_text(st, 2));
	d->params = xstrdup(st_text(st, 3));
	d->digest = xstrdup(st_text(st, 4));
	d->published = st_int(st, 5) != 0;
	d->created_by = xstrdup(st_text(st, 6));
	d->created_at = xstrdup(st_text(st, 7));
	st_reset(st);
	if (load_units(s, d, e) || load_findings(s, d, e)) {
		draws_free(d);
		return e->code;
	}
	return 0;
}

void draws_free(struct draw_record *d)
{
	free(d->title), free(d->seed), free(d->params), free(d->digest), free(d->created_by), free(d->created_at);
	for (int k = 0; k < d->n; k++) {
		for (int i = 0; i < d->units[k].ninspectors; i++)
			free(d->units[k].inspectors[i].name), free(d->units[k].inspectors[i].display);
		free(d->units[k].inspectors);
		free(d->units[k].outcome);
	}
	free(d->units);
	for (int i = 0; i < d->nfindings; i++) {
		struct drawn_finding *x = &d->findings[i];
		free(x->text), free(x->by), free(x->at);
		for (int k = 0; k < x->nfiles; k++)
			draws_finding_file_free(&x->files[k]);
		free(x->files);
	}
	free(d->findings);
	memset(d, 0, sizeof *d);
}

/* ---- verifying ---- */

/* Reads the recorded parameters back into a draw input (arrays owned by
 * the caller). False with WHY when they do not make one. */
static bool params_input(const char *seed, json_t *j, struct draw_input *in, struct draw_unit_in **units,
			 struct draw_inspector_in **insp, struct strbuf *why)
{
	json_t *pool = json_object_get(j, "pool"), *ip = json_object_get(j, "inspector_pool"), *v;
	const char *alg = json_string_value(json_object_get(j, "algorithm"));
	size_t i;
	if (!alg || strcmp(alg, DRAW_ALGORITHM) || !json_is_array(pool) || !json_is_array(ip) ||
	    !json_is_integer(json_object_get(j, "count")) || !json_is_integer(json_object_get(j, "inspectors_per_unit"))) {
		sb_addf(why, "the recorded parameters are not a %s record", DRAW_ALGORITHM);
		return false;
	}
	*units = xcalloc(json_array_size(pool) + 1, sizeof **units);
	*insp = xcalloc(json_array_size(ip) + 1, sizeof **insp);
	json_array_foreach(pool, i, v)(*units)[i] = (struct draw_unit_in){
		json_integer_value(json_object_get(v, "unit")), json_integer_value(json_object_get(v, "weight"))};
	json_array_foreach(ip, i, v)(*insp)[i] = (struct draw_inspector_in){
		json_integer_value(json_object_get(v, "account")), json_integer_value(json_object_get(v, "home_unit"))};
	*in = (struct draw_input){seed,
				  *units,
				  (int)json_array_size(pool),
				  *insp,
				  (int)json_array_size(ip),
				  (int)json_integer_value(json_object_get(j, "count")),
				  (int)json_integer_value(json_object_get(j, "inspectors_per_unit"))};
	return true;
}

/* Compares the stored units and inspectors of D with OUT; false with WHY
 * at the first difference. */
static bool same_result(const struct campaign *c, const struct draw_record *d, const struct draw_output *o,
			struct strbuf *why)
{
	char a[24], b[24];
	if (d->n != o->n) {
		sb_addf(why, "%d units are recorded, the recomputed draw has %d", d->n, o->n);
		return false;
	}
	for (int k = 0; k < o->n; k++) {
		const struct drawn_unit *u = &d->units[k];
		if (u->ord != k + 1 || u->unit != o->units[k]) {
			sb_addf(why, "unit %d drawn: recorded %s, recomputed %s", k + 1, draws_unit_name(c, u->unit, a),
				draws_unit_name(c, o->units[k], b));
			return false;
		}
		if (u->weight != o->weights[k]) {
			sb_addf(why, "unit %d (%s): weight recorded %lld, recomputed %lld", k + 1, draws_unit_name(c, u->unit, a),
				(long long)u->weight, (long long)o->weights[k]);
			return false;
		}
		bool same = u->ninspectors == o->per_unit;
		for (int j = 0; same && j < o->per_unit; j++)
			same = u->inspectors[j].account == o->inspectors[k * o->per_unit + j];
		if (!same) {
			sb_addf(why, "unit %d (%s): inspectors recorded", k + 1, draws_unit_name(c, u->unit, a));
			for (int j = 0; j < u->ninspectors; j++)
				sb_addf(why, "%s%lld", j ? "," : " #", (long long)u->inspectors[j].account);
			sb_adds(why, ", recomputed");
			for (int j = 0; j < o->per_unit; j++)
				sb_addf(why, "%s%lld", j ? "," : " #", (long long)o->inspectors[k * o->per_unit + j]);
			return false;
		}
	}
	return true;
}

bool draws_verify(const struct campaign *c, const struct draw_record *d, struct strbuf *why)
{
	json_error_t je;
	json_t *j = json_loads(d->params, 0, &je);
	struct draw_unit_in *units = NULL;
	struct draw_inspector_in *insp = NULL;
	struct draw_input in;
	struct draw_output out = {0};
	struct kp_error e = {0};
	bool ok = false;
	if (!j)
		sb_addf(why, "the recorded parameters are not JSON: %s", je.text);
	else if (params_input(d->seed, j, &in, &units, &insp, why)) {
		if (draw_run(&in, &out, &e))
			sb_addf(why, "the recorded parameters do not make a draw: %s", e.msg);
		else if (same_result(c, d, &out, why)) {
			char digest[65];
			digest_of(d->seed, d->params, &out, digest);
			ok = !strcmp(digest, d->digest);
			if (!ok)
				sb_addf(why, "digest recorded %s, recomputed %s (the seed or parameters were changed)", d->digest,
					digest);
		}
	}
	draw_output_free(&out);
	free(units), free(insp);
	json_decref(j);
	return ok;
}

/* ---- publishing and findings ---- */

int draws_publish(store *s, const struct campaign *c, int64_t id, const char *by, struct kp_error *e)
{
	struct draw_record d;
	if (store_begin(s, e))
		return e->code;
	if (draws_load(s, c, id, &d, e)) {
		store_rollback(s);
		return e->code;
	}
	bool already = d.published;
	char subject[32];
	snprintf(subject, sizeof subject, "draw %lld", (long long)id);
	if (already) {
		kp_fail(e, KP_EINPUT, "draw %lld is already published", (long long)id);
	} else {
		store_stmt *st = store_sql(s, SQL_DRAW_PUBLISH);
		st_bind_int(st, 1, id);
		if (!st_exec(st, e) && !store_counter_bump(s, COUNTER_DRAWS, e) &&
		    !audit_log(s, by, "draw.publish", subject, d.digest, e)) {
			int64_t *units = xcalloc((size_t)d.n + 1, sizeof *units);
			for (int k = 0; k < d.n; k++)
				units[k] = d.units[k].unit;
			tell_drawn(s, c, id, units, d.n, e);
			free(units);
		}
	}
	draws_free(&d);
	if (e->code || store_commit(s, e)) {
		store_rollback(s);
		return e->code;
	}
	return 0;
}

/* Checks IN against draw D; the index of the drawn unit in *K. */
static int check_finding(const struct campaign *c, const struct draw_record *d, const struct finding_input *in, int *k,
			 char **text, struct kp_error *e)
{
	const char *name = c->units.names[in->unit];
	*k = -1;
	*text = NULL;
	for (int i = 0; i < d->n; i++)
		if (d->units[i].unit == c->units.ids[in->unit])
			*k = i;
	if (*k < 0)
		return kp_fail_at(e, KP_EINPUT, KP_R_NOT_FOUND, "unit", 0, 0, "%s was not drawn in draw %lld", name,
				  (long long)d->id);
	if (in->inspector) {
		bool ok = false;
		for (int j = 0; j < d->units[*k].ninspectors; j++)
			ok |= d->units[*k].inspectors[j].account == in->inspector;
		if (!ok)
			return kp_fail_why(e, KP_EINPUT, KP_R_DENIED, "only the office or an inspector assigned to %s in "
					   "draw %lld records its findings", name, (long long)d->id);
	}
	if (in->points >= 0 && !in->criterion)
		return kp_fail_at(e, KP_EINPUT, KP_R_REQUIRED, "criterion", 0, 0,
				  "say which criterion the points are for");
	if (in->criterion) {
		int ki = rubric_find(c->rubric, in->criterion);
		if (ki < 0)
			return kp_fail_at(e, KP_EINPUT, KP_R_UNKNOWN, "criterion", 0, 0, "the rubric has no criterion %d",
					  in->criterion);
		int max = c->rubric->criteria[ki].points;
		if (in->points > max) {
			char a[24], b[24];
			return kp_fail_at(e, KP_EINPUT, KP_R_RANGE, "points", 0, max / 10.0,
					  "%s is above criterion %d's maximum of %s", points_format(in->points, a),
					  in->criterion, points_format(max, b));
		}
	}
	switch (text_check(in->text, DRAWS_FINDING_MAX, true, text)) { /* *TEXT: trimmed */
	case TEXT_OK: return 0;
	case TEXT_MISSING: return kp_fail_at(e, KP_EINPUT, KP_R_REQUIRED, "finding", 0, 0, "say what the check found");
	default:
		return kp_fail_at(e, KP_EINPUT, KP_R_TOO_LONG, "finding", 0, DRAWS_FINDING_MAX / 3,
				  "at most %d bytes of UTF-8 text", DRAWS_FINDING_MAX);
	}
}

/* The unit's points: for each criterion scored, the latest points given. */
static void unit_points(const struct draw_record *d, int64_t unit, const struct finding_input *in, bool *has,
			int *sum)
{
	int ncrit = 0, crit[256], pts[256];
	for (int i = 0; i <= d->nfindings; i++) {
		bool latest = i == d->nfindings; /* the new one, not stored in D yet */
		int no = latest ? in->criterion : d->findings[i].criterion;
		int p = latest ? in->points : d->findings[i].has_points ? d->findings[i].points : -1;
		if ((!latest && d->findings[i].unit != unit) || p < 0)
			continue;
		int x = 0;
		while (x < ncrit && crit[x] != no)
			x++;
		if (x == ncrit && ncrit < 256)
			crit[ncrit++] = no;
		if (x < ncrit)
			pts[x] = p;
	}
	*has = ncrit > 0;
	*sum = 0;
	for (int x = 0; x < ncrit; x++)
		*sum += pts[x];
}

/* Keeps the N checked files of finding ID (clean NAMES, TYPES) and writes
 * their rows, inside the caller's transaction. */
static int write_finding_files(store *s, int64_t id, const struct finding_input *in, char **names, const char **types,
			       const char *at, struct kp_error *e)
{
	struct blob_store *bs;
	if (blob_store_open(store_path(s), &bs, e))
		return e->code;
	for (int i = 0; i < in->nfiles && !e->code; i++) {
		struct blob *f = in->files[i];
		char hex[65];
		snprintf(hex, sizeof hex, "%s", f->sha256);
		int64_t len = (int64_t)f->len;
		if (evidence_keep(s, bs, f, types[i], at, e))
			break;
		store_stmt *st = store_sql(s, SQL_DRAW_FINDING_FILE_INSERT);
		st_bind_int(st, 1, id);
		st_bind_int(st, 2, i + 1);
		st_bind_text(st, 3, hex);
		st_bind_text(st, 4, names[i]);
		st_bind_text(st, 5, types[i]);
		st_bind_int(st, 6, len);
		st_bind_text(st, 7, in->by);
		st_bind_text(st, 8, at);
		st_exec(st, e);
	}
	blob_store_close(bs);
	return e->code;
}

static int write_finding(store *s, const struct campaign *c, const struct draw_record *d, const struct finding_input *in,
			 const char *text, char **names, const char **types, struct kp_error *e)
{
	int64_t unit = c->units.ids[in->unit], id = 0;
	char *now = now_utc_iso();
	store_stmt *st = store_sql(s, SQL_DRAW_FINDING_INSERT);
	st_bind_int(st, 1, d->id);
	st_bind_int(st, 2, unit);
	if (in->criterion)
		st_bind_int(st, 3, in->criterion);
	else
		st_bind_null(st, 3);
	if (in->points >= 0)
		st_bind_int(st, 4, in->points);
	else
		st_bind_null(st, 4);
	st_bind_text(st, 5, text);
	st_bind_text(st, 6, in->by);
	st_bind_text(st, 7, now);
	int rc = st_step(st, e);
	if (rc == 1)
		id = st_int(st, 0);
	st_reset(st);
	if (rc != 1 || write_finding_files(s, id, in, names, types, now, e)) {
		free(now);
		return rc == 0 ? kp_fail(e, KP_EFAIL, "insert returned no id") : e->code;
	}
	free(now);
	bool has;
	int sum;
	unit_points(d, unit, in, &has, &sum);
	st = store_sql(s, SQL_DRAW_UNIT_OUTCOME);
	st_bind_int(st, 1, d->id);
	st_bind_int(st, 2, unit);
	st_bind_text(st, 3, "checked");
	if (has)
		st_bind_int(st, 4, sum);
	else
		st_bind_null(st, 4);
	if (st_exec(st, e))
		return e->code;
	char subject[64], a[24];
	snprintf(subject, sizeof subject, "draw %lld", (long long)d->id);
	struct strbuf detail = {0};
	sb_addf(&detail, "%s%s%.0d%s%s", c->units.names[in->unit], in->criterion ? ", criterion " : "", in->criterion,
		in->points >= 0 ? ", points " : "", in->points >= 0 ? points_format(in->points, a) : "");
	for (int i = 0; i < in->nfiles; i++)
		sb_addf(&detail, "%s%s (%zu bytes, sha256 %s)", i ? "; " : ", files: ", names[i], in->files[i]->len,
			in->files[i]->sha256);
	rc = store_counter_bump(s, COUNTER_DRAWS, e) || audit_log(s, in->by, "draw.finding", subject, sb_str(&detail), e);
	sb_free(&detail);
	return rc;
}

int draws_add_finding(store *s, const struct campaign *c, const struct finding_input *in, struct kp_error *e)
{
	struct draw_record d = {0};
	int k, n = in->nfiles;
	char *text = NULL, **names = xcalloc((size_t)n + 1, sizeof *names);
	const char **types = xcalloc((size_t)n + 1, sizeof *types);
	if (store_begin(s, e))
		goto out;
	/* the finding checked, then every file before any is kept: one
	 * refused, nothing stored */
	if (draws_load(s, c, in->draw, &d, e) || check_finding(c, &d, in, &k, &text, e) ||
	    evidence_check_all(n, in->names, in->files, DRAWS_FINDING_FILES_MAX, names, types, e) ||
	    write_finding(s, c, &d, in, text, names, types, e) || store_commit(s, e))
		store_rollback(s);
out:
	for (int i = 0; i < n; i++) {
		blob_drop(in->files[i]);
		free(names[i]);
	}
	free(names), free(types), free(text);
	draws_free(&d);
	return e->code;
}

/* ---- who sees findings, and their files ---- */

bool draws_may_see_findings(const struct draw_record *d, int64_t unit, const struct account *who)
{
	if (who->role == ROLE_ADMIN || who->role == ROLE_LEADER)
		return true;
	for (int k = 0; k < d->n; k++) {
		const struct drawn_unit *u = &d->units[k];
		if (u->unit != unit)
			continue;
		if (who->role == ROLE_UNIT)
			return d->published && who->unit_id == unit;
		for (int j = 0; who->role == ROLE_ASSESSOR && j < u->ninspectors; j++)
			if (u->inspectors[j].account == who->id)
				return true;
	}
	return false;
}

void draws_finding_file_free(struct drawn_finding_file *f)
{
	free(f->name), free(f->type), free(f->by), free(f->at);
	*f = (struct drawn_finding_file){0};
}

int draws_finding_file(store *s, const struct campaign *c, int64_t draw, int64_t finding, int ord,
		       const struct account *who, struct drawn_finding_file *out, int64_t *unit, struct kp_error *e)
{
	struct draw_record d;
	*out = (struct drawn_finding_file){0};
	if (draws_load(s, c, draw, &d, e))
		return e->code;
	const struct drawn_finding *x = NULL;
	const struct drawn_finding_file *f = NULL;
	for (int i = 0; i < d.nfindings; i++)
		if (d.findings[i].id == finding)
			x = &d.findings[i];
	for (int i = 0; x && i < x->nfiles; i++)
		if (x->files[i].ord == ord)
			f = &x->files[i];
	if (!f || (!draws_may_see_findings(&d, x->unit, who) && who->role == ROLE_UNIT))
		kp_fail_why(e, KP_EINPUT, KP_R_NOT_FOUND, "no file %d of finding %lld in draw %lld", ord, (long long)finding,
			    (long long)draw);
	else if (!draws_may_see_findings(&d, x->unit, who))
		kp_fail_why(e, KP_EINPUT, KP_R_DENIED, "only the office, leaders and the inspectors sent to the unit see "
			    "its findings");
	else {
		*out = *f;
		out->name = xstrdup(f->name), out->type = xstrdup(f->type), out->by = xstrdup(f->by), out->at = xstrdup(f->at);
		if (unit)
			*unit = x->unit;
	}
	draws_free(&d);
	return e->code;
}

/* ---- JSON ---- */

json_t *draws_to_json(const struct campaign *c, const struct draw_record *d)
{
	char buf[24];
	json_error_t je;
	json_t *units = json_array(), *findings = json_array();
	for (int k = 0; k < d->n; k++) {
		const struct drawn_unit *u = &d->units[k];
		json_t *insp = json_array();
		for (int j = 0; j < u->ninspectors; j++)
			json_array_append_new(insp, json_pack("{s:I, s:s, s:s}", "account", (json_int_t)u->inspectors[j].account,
							      "name", u->inspectors[j].name, "display", u->inspectors[j].display));
		json_array_append_new(units, json_pack("{s:i, s:I, s:s, s:I, s:s, s:o, s:o}", "ord", u->ord, "unit",
						       (json_int_t)u->unit, "name", draws_unit_name(c, u->unit, buf), "weight",
						       (json_int_t)u->weight, "outcome", *u->outcome ? u->outcome : "pending",
						       "points", u->has_points ? rubric_json_points(u->points) : json_null(),
						       "inspectors", insp));
	}
	for (int i = 0; i < d->nfindings; i++) {
		const struct drawn_finding *x = &d->findings[i];
		json_t *files = json_array();
		for (int k = 0; k < x->nfiles; k++) {
			const struct drawn_finding_file *f = &x->files[k];
			json_array_append_new(files, json_pack("{s:i, s:s, s:s, s:I, s:s, s:s, s:s}", "ord", f->ord, "name",
							       f->name, "type", f->type, "size", (json_int_t)f->size,
							       "sha256", f->sha256, "uploaded_by", f->by, "uploaded_at", f->at));
		}
		json_array_append_new(findings, json_pack("{s:I, s:I, s:s, s:o, s:o, s:s, s:s, s:s, s:o}", "id",
							  (json_int_t)x->id, "unit", (json_int_t)x->unit, "name",
							  draws_unit_name(c, x->unit, buf), "criterion",
							  x->criterion ? json_integer(x->criterion) : json_null(), "points",
							  x->has_points ? rubric_json_points(x->points) : json_null(), "text",
							  x->text, "by", x->by, "at", x->at, "files", files));
	}
	json_t *params = json_loads(d->params, 0, &je);
	/* params_text: the exact text the digest covers. */
	return json_pack("{s:I, s:s, s:b, s:s, s:o, s:s, s:s, s:s, s:o, s:s, s:o}", "id", (json_int_t)d->id, "title",
			 d->title, "published", d->published, "seed", d->seed, "params", params ? params : json_null(),
			 "params_text", d->params, "digest", d->digest, "created_at", d->created_at, "units", units,
			 "created_by", d->created_by, "findings", findings);
}

/* ---- the list of draws ---- */

void draws_list_free(struct draw_list *l)
{
	for (int i = 0; i < l->n; i++) {
		struct draw_summary *d = &l->row[i];
		free(d->title), free(d->seed), free(d->created_by), free(d->created_at);
	}
	free(l->row);
	l->row = NULL, l->n = 0;
}

int draws_list(store *s, const struct campaign *c, bool published_only, struct draw_list *l, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_DRAW_LIST);
	st_bind_int(st, 1, c->id);
	st_bind_int(st, 2, published_only ? 1 : 0);
	int rc, cap = 0;
	while ((rc = st_step(st, e)) == 1) {
		if (l->n == cap) {
			cap = cap ? 2 * cap : 16;
			l->row = xrealloc(l->row, (size_t)cap * sizeof *l->row);
		}
		l->row[l->n++] = (struct draw_summary){
			.id = st_int(st, 0),
			.title = xstrdup(st_text(st, 1)),
			.seed = xstrdup(st_text(st, 2)),
			.published = st_int(st, 3) != 0,
			.created_by = xstrdup(st_text(st, 4)),
			.created_at = xstrdup(st_text(st, 5)),
			.units = st_int(st, 6),
		};
	}
	st_reset(st);
	if (rc < 0)
		draws_list_free(l);
	return rc < 0 ? e->code : 0;
}
