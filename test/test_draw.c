/* test_draw.c — spot-check draws: the generator against independently
 * computed SHA-256 values, reproducibility, fairness over many seeds
 * (equal and weighted), inspectors never from the inspected unit, always
 * the required number, the load spread evenly; through the binary: draw,
 * verify and a tampered record, findings by whom they may, refusals that
 * leave the store unchanged; on the web: the office's pages, the public
 * page with published draws only, the API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/draw.h"
#include "domain/campaign.h"
#include "domain/draws.h"
#include "testutil.h"
#include "core/util.h"

/* ---- the pure draw ---- */

/* A pool of N units with ids 1..N and weight 1, and inspectors with ids
 * 101.. and the home units given (0: none). */
struct scenario {
	struct draw_unit_in units[64];
	struct draw_inspector_in inspectors[32];
	struct draw_input in;
};

static void scenario_init(struct scenario *s, int nunits, const int64_t *homes, int ninspectors, int count, int per_unit)
{
	memset(s, 0, sizeof *s);
	for (int i = 0; i < nunits; i++)
		s->units[i] = (struct draw_unit_in){i + 1, 1};
	for (int i = 0; i < ninspectors; i++)
		s->inspectors[i] = (struct draw_inspector_in){101 + i, homes ? homes[i] : 0};
	s->in = (struct draw_input){"seed", s->units, nunits, s->inspectors, ninspectors, count, per_unit};
}

static void test_generator_words_are_sha256_of_seed_purpose_counter(void **state)
{
	(void)state;
	/* Values computed independently (Python hashlib):
	 * int.from_bytes(sha256(b"demo-2024|units|0").digest()[:8], "big") */
	struct draw_stream st = {"demo-2024", "units", 0};
	assert_true(draw_word(&st) == UINT64_C(0x1c4b4c106e0cc59e));
	assert_true(draw_word(&st) == UINT64_C(0x49d5b096d0f22a6c));
	assert_int_equal(st.counter, 2);
	/* uniform(1) uses no word; every result is below n. */
	uint64_t before = st.counter;
	assert_int_equal(draw_uniform(&st, 1), 0);
	assert_int_equal(st.counter, before);
	uint64_t big = (UINT64_C(1) << 63) + 1; /* about half of all words are rejected */
	for (int i = 0; i < 200; i++) {
		assert_true(draw_uniform(&st, big) < big);
		assert_true(draw_uniform(&st, 7) < 7);
	}
	assert_true(draw_seed_valid("demo-2024") && draw_seed_valid("A.b_c-9"));
	assert_false(draw_seed_valid("") || draw_seed_valid("a|b") || draw_seed_valid("种子") || draw_seed_valid("a b"));
}

static void test_same_seed_same_draw_and_different_seeds_differ(void **state)
{
	(void)state;
	struct scenario s;
	int64_t homes[4] = {0, 0, 3, 6};
	scenario_init(&s, 18, homes, 4, 3, 2);
	struct draw_output a, b;
	struct kp_error e = {0};
	assert_int_equal(draw_run(&s.in, &a, &e), 0);
	assert_int_equal(draw_run(&s.in, &b, &e), 0);
	assert_memory_equal(a.units, b.units, 3 * sizeof(int64_t));
	assert_memory_equal(a.inspectors, b.inspectors, 6 * sizeof(int64_t));
	draw_output_free(&b);
	/* Twenty other seeds: ordered triples from 18 units are 4896, so a
	 * repeat is rare; all twenty equal to the first would be a broken
	 * generator. */
	int distinct = 0;
	char seed[24];
	for (int i = 0; i < 20; i++) {
		snprintf(seed, sizeof seed, "other-%d", i);
		s.in.seed = seed;
		assert_int_equal(draw_run(&s.in, &b, &e), 0);
		distinct += memcmp(a.units, b.units, 3 * sizeof(int64_t)) != 0;
		draw_output_free(&b);
	}
	assert_true(distinct >= 18);
	draw_output_free(&a);
}

/* Frequency within TOL standard deviations of N trials at probability P.
 * With 5 sd the chance that a correct generator misses, over the 18 units
 * of a test, is about 18 × 5.7e-7 ≈ 1e-5 (and fixed seeds make the outcome
 * the same on every run). */
static void assert_frequency(int got, int n, double p, const char *what, int unit)
{
	double mean = n * p, sd = sqrt(n * p * (1 - p));
	if (fabs(got - mean) > 5 * sd)
		fail_msg("%s unit %d: %d times, expected %.0f ± %.0f", what, unit, got, mean, 5 * sd);
}

static void test_equal_weights_pick_every_unit_equally_often(void **state)
{
	(void)state;
	enum { N = 20000, UNITS = 18 };
	struct scenario s;
	scenario_init(&s, UNITS, NULL, 2, 3, 1);
	int picked[UNITS + 1] = {0}, first[UNITS + 1] = {0};
	char seed[24];
	for (int t = 0; t < N; t++) {
		struct draw_output o;
		struct kp_error e = {0};
		snprintf(seed, sizeof seed, "fair-%d", t);
		s.in.seed = seed;
		assert_int_equal(draw_run(&s.in, &o, &e), 0);
		for (int k = 0; k < 3; k++)
			picked[o.units[k]]++;
		first[o.units[0]]++;
		assert_true(o.units[0] != o.units[1] && o.units[1] != o.units[2] && o.units[0] != o.units[2]);
		draw_output_free(&o);
	}
	for (int u = 1; u <= UNITS; u++) {
		assert_frequency(picked[u], N, 3.0 / UNITS, "drawn", u);    /* 3333 ± 264 */
		assert_frequency(first[u], N, 1.0 / UNITS, "drawn first", u); /* 1111 ± 162 */
	}
}

static void test_weighted_units_are_picked_in_proportion(void **state)
{
	(void)state;
	enum { N = 20000, UNITS = 18 };
	struct scenario s;
	scenario_init(&s, UNITS, NULL, 2, 1, 1);
	s.units[4].weight = 4; /* unit 5: four times as likely as any other */
	int picked[UNITS + 1] = {0};
	char seed[24];
	for (int t = 0; t < N; t++) {
		struct draw_output o;
		struct kp_error e = {0};
		snprintf(seed, sizeof seed, "weight-%d", t);
		s.in.seed = seed;
		assert_int_equal(draw_run(&s.in, &o, &e), 0);
		picked[o.units[0]]++;
		assert_int_equal(o.weights[0], o.units[0] == 5 ? 4 : 1);
		draw_output_free(&o);
	}
	/* Total weight 21: unit 5 at 4/21 (3810 ± 278), the others 1/21 each. */
	for (int u = 1; u <= UNITS; u++)
		assert_frequency(picked[u], N, (u == 5 ? 4.0 : 1.0) / 21, "weighted", u);
	assert_true(picked[5] > 3 * picked[1]);
}

/* Checks one output: the required number of distinct inspectors per unit,
 * none at home there, and the load spread at most 1. */
static void check_assignment(const struct scenario *s, const struct draw_output *o)
{
	int load[32] = {0};
	for (int k = 0; k < o->n; k++) {
		for (int j = 0; j < o->per_unit; j++) {
			int64_t a = o->inspectors[k * o->per_unit + j];
			int i = (int)(a - 101);
			assert_true(i >= 0 && i < s->in.ninspectors);
			if (s->inspectors[i].home == o->units[k])
				fail_msg("inspector %lld checks their home unit %lld", (long long)a, (long long)o->units[k]);
			for (int j2 = 0; j2 < j; j2++)
				assert_true(o->inspectors[k * o->per_unit + j2] != a);
			load[i]++;
		}
	}
	int lo = load[0], hi = load[0];
	for (int i = 1; i < s->in.ninspectors; i++)
		lo = load[i] < lo ? load[i] : lo, hi = load[i] > hi ? load[i] : hi;
	if (hi - lo > 1)
		fail_msg("load spread %d..%d with seed %s", lo, hi, s->in.seed);
}

static void test_inspectors_never_from_the_unit_and_the_load_is_even(void **state)
{
	(void)state;
	struct scenario s;
	char seed[24];
	struct kp_error e = {0};
	/* Six inspectors, three with a home unit (units 1, 2 and 2). */
	int64_t homes[6] = {1, 2, 2, 0, 0, 0};
	scenario_init(&s, 18, homes, 6, 5, 2);
	s.units[0].weight = s.units[1].weight = 50; /* draw the home units often */
	for (int t = 0; t < 2000; t++) {
		struct draw_output o;
		snprintf(seed, sizeof seed, "even-%d", t);
		s.in.seed = seed;
		assert_int_equal(draw_run(&s.in, &o, &e), 0);
		check_assignment(&s, &o);
		draw_output_free(&o);
	}
	/* Two inspectors at home in unit 1, one without: drawing unit 2 then
	 * unit 1 may give both places to the free one at first; balancing
	 * hands unit 2 to a unit-1 inspector. */
	int64_t tight[3] = {1, 1, 0};
	scenario_init(&s, 2, tight, 3, 2, 1);
	for (int t = 0; t < 500; t++) {
		struct draw_output o;
		snprintf(seed, sizeof seed, "tight-%d", t);
		s.in.seed = seed;
		assert_int_equal(draw_run(&s.in, &o, &e), 0);
		check_assignment(&s, &o);
		draw_output_free(&o);
	}
	/* Every unit drawn, three inspectors each out of four. */
	int64_t four[4] = {0, 0, 0, 0};
	scenario_init(&s, 18, four, 4, 18, 3);
	for (int t = 0; t < 200; t++) {
		struct draw_output o;
		snprintf(seed, sizeof seed, "all-%d", t);
		s.in.seed = seed;
		assert_int_equal(draw_run(&s.in, &o, &e), 0);
		check_assignment(&s, &o);
		draw_output_free(&o);
	}
}

static void test_impossible_draws_are_refused(void **state)
{
	(void)state;
	struct scenario s;
	struct draw_output o = {0};
	struct kp_error e = {0};
	int64_t homes[3] = {2, 2, 0};
	scenario_init(&s, 5, homes, 3, 6, 2);
	assert_int_equal(draw_run(&s.in, &o, &e), KP_EINPUT);
	assert_non_null(strstr(e.msg, "6 units asked for, the pool has 5"));
	/* Unit 2 has only one inspector from outside; refused even when the
	 * seed would not draw it, so possibility never depends on the seed. */
	e = (struct kp_error){0};
	s.in.count = 1;
	assert_int_equal(draw_run(&s.in, &o, &e), KP_EINPUT);
	assert_non_null(strstr(e.msg, "unit 2 can get only 1 inspector"));
	e = (struct kp_error){0};
	s.in.per_unit = 1;
	s.in.seed = "a|b";
	assert_int_equal(draw_run(&s.in, &o, &e), KP_EINPUT);
	assert_non_null(strstr(e.msg, "seed"));
	e = (struct kp_error){0};
	s.in.seed = "ok";
	s.units[3].unit = 2; /* not canonical: ids must ascend */
	assert_int_equal(draw_run(&s.in, &o, &e), KP_EINPUT);
	assert_null(o.units);
}

/* ---- through the binary ---- */

#define KP(...) run_kaoping(NULL, (const char *const[]){"--db", db, __VA_ARGS__, NULL})

static json_t *json_of(struct run *r)
{
	json_error_t je;
	if (r->status != 0)
		fail_msg("exit %d: %s", r->status, r->err);
	json_t *j = json_loads(r->out, 0, &je);
	if (!j)
		fail_msg("not JSON (%s): %s", je.text, r->out);
	run_free(r);
	return j;
}

/* Asserts R was refused (exit 2) saying WANT, and the store is still BEFORE. */
static void assert_refused(struct run *r, const char *want, const char *before)
{
	if (r->status != 2)
		fail_msg("expected exit 2, got %d; stdout: %s stderr: %s", r->status, r->out, r->err);
	if (!strstr(r->err, want))
		fail_msg("stderr lacks \"%s\": %s", want, r->err);
	char *after = store_fingerprint(db);
	assert_string_equal(before, after);
	free(after);
	run_free(r);
}

/* Runs SQL on the store directly, as someone editing the file would. */
static void tamper(const char *sql)
{
	assert_int_equal(db_exec(sql), 1);
}

/* The home unit name of each demo assessor (user list --json). */
static const char *home_of(json_t *users, const char *account)
{
	size_t i;
	json_t *u;
	json_array_foreach(users, i, u) if (!strcmp(json_string_value(json_object_get(u, "name")), account)) return json_string_value(
		json_object_get(u, "unit"));
	return NULL;
}

static void test_draw_verifies_and_a_tampered_row_is_named(void **state)
{
	(void)state;
	struct run r = KP("draw", "--count", "5", "--seed", "round-trip", "--title", "第一次抽查");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "draw 1: 第一次抽查 (not published)"));
	run_free(&r);
	r = KP("draw", "verify", "1");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "draw 1 matches"));
	run_free(&r);
	/* The same seed over the same pool draws the same units again. */
	r = KP("draw", "--count", "5", "--seed", "round-trip");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("--json", "draw", "show", "1");
	json_t *a = json_of(&r);
	r = KP("--json", "draw", "show", "2");
	json_t *b = json_of(&r);
	assert_true(json_equal(json_object_get(a, "units"), json_object_get(b, "units")));
	/* Each unit: two distinct inspectors, neither from the unit. */
	r = KP("--json", "user", "list");
	json_t *users = json_of(&r);
	size_t i, k;
	json_t *u, *p;
	json_array_foreach(json_object_get(a, "units"), i, u) {
		json_t *insp = json_object_get(u, "inspectors");
		assert_int_equal(json_array_size(insp), 2);
		assert_string_not_equal(json_string_value(json_object_get(json_array_get(insp, 0), "name")),
					json_string_value(json_object_get(json_array_get(insp, 1), "name")));
		json_array_foreach(insp, k, p) {
			const char *home = home_of(users, json_string_value(json_object_get(p, "name")));
			if (home && !strcmp(home, json_string_value(json_object_get(u, "name"))))
				fail_msg("%s inspects its home unit %s", json_string_value(json_object_get(p, "name")), home);
		}
	}
	/* Replace the second unit drawn by one that was not drawn. */
	int64_t drawn[5], other = 0;
	json_array_foreach(json_object_get(a, "units"), i, u) drawn[i] = json_integer_value(json_object_get(u, "unit"));
	for (int64_t id = 1; id <= 18 && !other; id++) {
		bool in = false;
		for (int x = 0; x < 5; x++)
			in |= drawn[x] == id;
		if (!in)
			other = id;
	}
	char *sql = xasprintf("UPDATE draw_unit SET unit_id = %lld WHERE draw_id = 1 AND ord = 2", (long long)other);
	tamper(sql);
	free(sql);
	r = KP("draw", "verify", "1");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "draw 1 does not match its record: unit 2 drawn: recorded"));
	run_free(&r);
	/* A changed seed is caught too; draw 2 is still intact. */
	tamper("UPDATE draw SET seed = 'round-trip2' WHERE id = 2");
	r = KP("draw", "verify", "2");
	assert_int_equal(r.status, 1);
	run_free(&r);
	json_decref(a), json_decref(b), json_decref(users);
}

static void test_a_seed_is_made_up_when_none_is_given_and_printed(void **state)
{
	(void)state;
	struct run r = KP("draw", "--ratio", "0.2", "--publish", "--weight-case", "3");
	assert_int_equal(r.status, 0);
	const char *p = strstr(r.out, "seed ");
	assert_non_null(p);
	char seed[40] = "";
	sscanf(p, "seed %39s", seed);
	assert_int_equal(strlen(seed), 32);
	assert_non_null(strstr(r.out, "was generated; it is recorded with the draw and published"));
	run_free(&r);
	r = KP("--json", "draw", "show", "1");
	json_t *j = json_of(&r);
	assert_string_equal(json_string_value(json_object_get(j, "seed")), seed);
	assert_true(json_is_true(json_object_get(j, "published")));
	/* 0.2 of 18 units, rounded up. */
	assert_int_equal(json_array_size(json_object_get(j, "units")), 4);
	json_t *params = json_object_get(j, "params");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(params, "weights"), "open_case")), 3);
	assert_int_equal(json_array_size(json_object_get(params, "pool")), 18);
	assert_int_equal(json_array_size(json_object_get(params, "inspector_pool")), 4);
	json_decref(j);
	r = KP("--json", "draw", "list");
	j = json_of(&r);
	assert_int_equal(json_array_size(j), 1);
	json_decref(j);
}

static void test_findings_by_the_assigned_inspector_score_the_unit(void **state)
{
	(void)state;
	struct run r = KP("draw", "--count", "3", "--seed", "findings", "--units", "审计局,工信局,统计局,商务局");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("--json", "draw", "show", "1");
	json_t *d = json_of(&r);
	json_t *u0 = json_array_get(json_object_get(d, "units"), 0);
	const char *unit = json_string_value(json_object_get(u0, "name"));
	const char *inspector = json_string_value(json_object_get(json_array_get(json_object_get(u0, "inspectors"), 0), "name"));
	/* An assessor not on this unit. */
	const char *outsider = NULL;
	static const char *const all[] = {"assessor1", "assessor2", "assessor3", "assessor4"};
	for (int i = 0; i < 4 && !outsider; i++) {
		bool on = false;
		size_t k;
		json_t *p;
		json_array_foreach(json_object_get(u0, "inspectors"), k, p) on |= !strcmp(json_string_value(json_object_get(p, "name")), all[i]);
		if (!on)
			outsider = all[i];
	}
	char *before = store_fingerprint(db);
	r = KP("draw", "finding", "1", unit, "--as", outsider, "看过了");
	assert_refused(&r, "only the office or an inspector assigned to", before);
	r = KP("draw", "finding", "1", unit, "--as", "shenji", "看过了");
	assert_refused(&r, "is a unit account", before);
	r = KP("draw", "finding", "1", unit, "--criterion", "99", "--points", "1", "x");
	assert_refused(&r, "the rubric has no criterion 99", before);
	r = KP("draw", "finding", "1", unit, "--criterion", "2", "--points", "4.5", "x");
	assert_refused(&r, "4.5 is above criterion 2's maximum of 4", before);
	r = KP("draw", "finding", "1", unit, "--points", "1", "x");
	assert_refused(&r, "--criterion: say which criterion the points are for", before);
	r = KP("draw", "finding", "1", unit, "  ");
	assert_refused(&r, "TEXT: say what the check found", before);
	r = KP("draw", "finding", "1", "区政府办", "x");
	assert_refused(&r, "was not drawn in draw 1", before);
	r = KP("draw", "finding", "9", unit, "x");
	assert_refused(&r, "no draw 9", before);
	free(before);
	r = KP("draw", "finding", "1", unit, "--as", inspector, "--criterion", "2", "--points", "3", "经费台账不全");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("draw", "finding", "1", unit, "--criterion", "3", "--points", "1.5", " \xe3\x80\x80制度已建立\n");
	assert_int_equal(r.status, 0);
	run_free(&r);
	/* A later finding on criterion 2 replaces its points: 2 + 1.5. */
	r = KP("draw", "finding", "1", unit, "--as", inspector, "--criterion", "2", "--points", "2", "复查");
	assert_int_equal(r.status, 0);
	run_free(&r);
	json_decref(d);
	r = KP("--json", "draw", "show", "1");
	d = json_of(&r);
	u0 = json_array_get(json_object_get(d, "units"), 0);
	assert_string_equal(json_string_value(json_object_get(u0, "outcome")), "checked");
	assert_true(json_number_value(json_object_get(u0, "points")) == 3.5);
	assert_int_equal(json_array_size(json_object_get(d, "findings")), 3);
	/* stored as said, without the spaces around it (U+3000 too) */
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(d, "findings"), 1), "text")),
			    "制度已建立");
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(d, "units"), 1), "outcome")),
			    "pending");
	/* Findings do not disturb verification. */
	r = KP("draw", "verify", "1");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("audit", "list");
	assert_non_null(strstr(r.out, "draw.finding"));
	assert_non_null(strstr(r.out, "draw.make"));
	run_free(&r);
	json_decref(d);
}

static void test_bad_draws_are_refused_and_change_nothing(void **state)
{
	(void)state;
	char *before = store_fingerprint(db);
	struct run r = KP("draw", "--count", "19");
	assert_refused(&r, "19 units asked for, but the pool has only 18", before);
	r = KP("draw", "--count", "3", "--units", "审计局,工信局");
	assert_refused(&r, "the pool has only 2", before);
	r = KP("draw", "--ratio", "1.5");
	assert_refused(&r, "--ratio: a share of the pool greater than 0 and at most 1", before);
	r = KP("draw", "--ratio", "0");
	assert_refused(&r, "--ratio", before);
	r = KP("draw");
	assert_refused(&r, "--count N or --ratio R", before);
	r = KP("draw", "--count", "2", "--ratio", "0.5");
	assert_refused(&r, "one of them", before);
	r = KP("draw", "--count", "2", "--seed", "a|b");
	assert_refused(&r, "--seed", before);
	r = KP("draw", "--count", "2", "--weight-case", "0");
	assert_refused(&r, "--weight-case", before);
	r = KP("draw", "--count", "2", "--exclude", "区政府机关各单位");
	assert_refused(&r, "the pool is empty", before);
	r = KP("draw", "--count", "2", "--units", "不存在的单位");
	assert_refused(&r, "unknown unit", before);
	r = KP("draw", "publish", "1");
	assert_refused(&r, "no draw 1", before);
	free(before);
	/* Four inspectors per unit: 区审计局 has only three from outside. */
	r = KP("setting", "set", "draw_inspectors", "4");
	assert_int_equal(r.status, 0);
	run_free(&r);
	before = store_fingerprint(db);
	r = KP("draw", "--count", "1");
	assert_refused(&r, "too few inspectors: 区审计局 can get only 3 inspectors from outside itself", before);
	free(before);
	/* Leaving out the units whose assessors are at home makes it possible. */
	r = KP("draw", "--count", "1", "--exclude", "审计局、工信局");
	assert_int_equal(r.status, 0);
	run_free(&r);
	before = store_fingerprint(db);
	r = KP("draw", "publish", "1");
	assert_int_equal(r.status, 0);
	run_free(&r);
	free(before);
	before = store_fingerprint(db);
	r = KP("draw", "publish", "1");
	assert_refused(&r, "already published", before);
	free(before);
}

/* ---- the web ---- */

static void test_office_draws_on_the_web_and_only_published_draws_are_public(void **state)
{
	(void)state;
	struct session o = login("office");
	/* Bad input: 400 with the reason on the page, nothing saved. */
	char *before = store_fingerprint(db);
	char *body = xasprintf("csrf=%s&count=30", o.csrf);
	struct reply r = post("/draws", o.token, body);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "<span class=\"field-error\" role=\"alert\">抽取单位数应在 1–18 之间</span>"));
	assert_non_null(strstr(r.body, "value=\"30\"")); /* what was typed, kept */
	reply_free(&r), free(body);
	body = xasprintf("csrf=%s&ratio=2", o.csrf);
	r = post("/draws", o.token, body);
	assert_int_equal(r.status, 400);
	reply_free(&r), free(body);
	char *after = store_fingerprint(db);
	/* Compare the draw tables only: a session's last_seen moves. */
	assert_string_equal(strstr(before, "[draw]"), strstr(after, "[draw]"));
	free(before), free(after);
	/* One draw kept internal, one published. */
	body = xasprintf("csrf=%s&count=2&seed=internal-1&title=%%E5%%86%%85%%E9%%83%%A8%%E6%%8A%%BD%%E6%%9F%%A5", o.csrf); /* 内部抽查 */
	r = post("/draws", o.token, body);
	assert_int_equal(r.status, 303);
	char *loc = header(&r, "Location");
	assert_string_equal(loc, "/draws/1");
	free(loc), reply_free(&r), free(body);
	body = xasprintf("csrf=%s&count=3&seed=public-1&title=%%E5%%85%%AC%%E5%%BC%%80%%E6%%8A%%BD%%E6%%9F%%A5&publish=1", o.csrf); /* 公开抽查 */
	r = post("/draws", o.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r), free(body);
	r = get("/draws/1", o.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "复核一致"));
	assert_non_null(strstr(r.body, "internal-1"));
	assert_non_null(strstr(r.body, "action=\"/draws/1/publish\""));
	reply_free(&r);
	r = get("/draws/999", o.token);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	/* The office records a finding in the browser form. */
	struct run sh = run_kaoping(NULL, (const char *const[]){"--db", db, "--json", "draw", "show", "2", NULL});
	json_t *d = json_of(&sh);
	json_t *u0 = json_array_get(json_object_get(d, "units"), 0);
	long long unit = json_integer_value(json_object_get(u0, "unit"));
	const char *inspector = json_string_value(json_object_get(json_array_get(json_object_get(u0, "inspectors"), 0), "name"));
	body = xasprintf("csrf=%s&criterion=2&points=1.5&text=%%E5%%86%%85%%E9%%83%%A8%%E5%%A4%%87%%E6%%B3%%A8", o.csrf); /* 内部备注 */
	char *path = xasprintf("/draws/2/units/%lld/findings", unit);
	r = post(path, o.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r), free(body);
	/* The public page: no log-in, the published draw with its seed and
	 * inspectors, never the internal draw, never a finding's text. */
	r = get("/public/draws", NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "公开抽查"));
	assert_non_null(strstr(r.body, "public-1"));
	assert_non_null(strstr(r.body, "测评组"));
	assert_non_null(strstr(r.body, "已检查"));
	assert_null(strstr(r.body, "内部抽查"));
	assert_null(strstr(r.body, "internal-1"));
	assert_null(strstr(r.body, "内部备注"));
	assert_null(strstr(r.body, "assessor1"));
	reply_free(&r);
	/* An assessor not on the unit may not record; one on it may. */
	const char *outsider = NULL;
	static const char *const all[] = {"assessor1", "assessor2", "assessor3", "assessor4"};
	for (int i = 0; i < 4 && !outsider; i++) {
		bool on = false;
		size_t k;
		json_t *p;
		json_array_foreach(json_object_get(u0, "inspectors"), k, p) on |= !strcmp(json_string_value(json_object_get(p, "name")), all[i]);
		if (!on)
			outsider = all[i];
	}
	struct session x = login(outsider);
	body = xasprintf("csrf=%s&text=x", x.csrf);
	r = post(path, x.token, body);
	assert_int_equal(r.status, 403);
	reply_free(&r), free(body), session_free(&x);
	x = login(inspector);
	r = get("/draws/2", x.token);
	assert_non_null(strstr(r.body, "findings\"><fieldset>"));
	reply_free(&r);
	body = xasprintf("csrf=%s&criterion=2&points=9&text=x", x.csrf);
	r = post(path, x.token, body);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "得分应在 0–"));
	reply_free(&r), free(body);
	body = xasprintf("csrf=%s&text=ok", x.csrf);
	r = post(path, x.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r), free(body), session_free(&x);
	free(path);
	json_decref(d);
	/* The API lists both draws for the office; one carries its check. */
	r = get("/api/v1/draws", o.token);
	json_error_t je;
	json_t *j = json_loads(r.body, 0, &je);
	assert_int_equal(json_array_size(j), 2);
	json_decref(j), reply_free(&r);
	r = get("/api/v1/draws/2", o.token);
	j = json_loads(r.body, 0, &je);
	assert_true(json_is_true(json_object_get(j, "verified")));
	assert_int_equal(json_array_size(json_object_get(j, "findings")), 2);
	json_decref(j), reply_free(&r);
	/* Publishing the internal one makes it public. */
	body = xasprintf("csrf=%s", o.csrf);
	r = post("/draws/1/publish", o.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	r = post("/draws/1/publish", o.token, body);
	assert_int_equal(r.status, 400);
	reply_free(&r), free(body);
	r = get("/public/draws", NULL);
	assert_non_null(strstr(r.body, "内部抽查"));
	reply_free(&r);
	session_free(&o);
}

/* draws_list: every draw newest first, or only the published ones, as
 * typed rows with the count of units drawn. */
static void test_draws_list_gives_the_draws_newest_first(void **state)
{
	(void)state;
	struct run r = KP("draw", "--count", "3", "--seed", "first", "--title", "甲");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("draw", "--count", "2", "--seed", "second", "--publish");
	assert_int_equal(r.status, 0);
	run_free(&r);
	store *s;
	struct campaign c;
	struct kp_error e = {0};
	struct draw_list l = {0};
	assert_int_equal(store_open(db, STORE_EXISTING, &s, &e), 0);
	assert_int_equal(campaign_load(s, &c, &e), 0);
	assert_int_equal(draws_list(s, &c, false, &l, &e), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.row[0].id, 2);
	assert_true(l.row[0].published);
	assert_int_equal(l.row[0].units, 2);
	assert_string_equal(l.row[0].seed, "second");
	assert_int_equal(l.row[1].id, 1);
	assert_false(l.row[1].published);
	assert_int_equal(l.row[1].units, 3);
	assert_string_equal(l.row[1].title, "甲");
	assert_string_equal(l.row[1].created_by, "cli");
	assert_int_equal(strlen(l.row[1].created_at), 20); /* 2026-12-02T22:13:10Z */
	draws_list_free(&l);
	assert_int_equal(draws_list(s, &c, true, &l, &e), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.row[0].id, 2);
	draws_list_free(&l);
	campaign_free(&c);
	store_close(s);
}

/* ---- findings with photos ---- */

/* A JPEG, an iPhone photo (HEIF brand heic) and a text file, as bytes
 * without NUL (the test's HTTP requests are C strings). */
static const char JPEG[] = "\xff\xd8\xff\xe0 JFIF photo of the notice board";
static const char HEIC[] = "\x20\x20\x20\x18" "ftypheic" "\x01\x01\x01\x01 mif1heic";
static const char TEXT[] = "just some notes";

/* The draw of the two demo units with clerks (区审计局, 区工信局): the
 * store id of 区审计局 and the name of its first inspector and of an
 * assessor not sent there. */
static void two_unit_draw(long long *unit, char inspector[32], char outsider[32])
{
	struct run r = KP("draw", "--count", "2", "--seed", "photos", "--units", "审计局,工信局");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("--json", "draw", "show", "1");
	json_t *d = json_of(&r);
	size_t i, k;
	json_t *u, *p;
	json_array_foreach(json_object_get(d, "units"), i, u) {
		if (strcmp(json_string_value(json_object_get(u, "name")), "区审计局"))
			continue;
		*unit = json_integer_value(json_object_get(u, "unit"));
		json_t *insp = json_object_get(u, "inspectors");
		snprintf(inspector, 32, "%s", json_string_value(json_object_get(json_array_get(insp, 0), "name")));
		static const char *const all[] = {"assessor1", "assessor2", "assessor4"};
		outsider[0] = 0;
		for (int a = 0; a < 3 && !outsider[0]; a++) {
			bool on = false;
			json_array_foreach(insp, k, p) on |= !strcmp(json_string_value(json_object_get(p, "name")), all[a]);
			if (!on)
				snprintf(outsider, 32, "%s", all[a]);
		}
	}
	assert_true(outsider[0] != 0);
	json_decref(d);
}

static void test_a_finding_with_photos_is_kept_whole_or_not_at_all(void **state)
{
	(void)state;
	long long unit;
	char inspector[32], outsider[32];
	two_unit_draw(&unit, inspector, outsider);
	const char *jpg = scratch_path("门口.jpg"), *heic = scratch_path("IMG_0001.HEIC"), *txt = scratch_path("notes.txt");
	write_file(jpg, JPEG, sizeof JPEG - 1);
	write_file(heic, HEIC, sizeof HEIC - 1);
	write_file(txt, TEXT, sizeof TEXT - 1);
	/* One bad file refuses the finding and the good photo with it. */
	const char *files = db_files(); /* beside the SQLite file, or $KAOPING_FILES on PostgreSQL */
	int kept = files_under(files);
	char *before = store_fingerprint(db);
	struct run r = KP("draw", "finding", "1", "审计局", "--file", jpg, "--file", txt, "宣传栏未更新");
	assert_refused(&r, "--file: file type .txt is not accepted", before);
	r = KP("draw", "finding", "1", "审计局", "--as", outsider, "--file", jpg, "看过了");
	assert_refused(&r, "only the office or an inspector assigned to", before);
	r = KP("draw", "finding", "1", "审计局", "--file", jpg, "  ");
	assert_refused(&r, "TEXT: say what the check found", before);
	/* nine files: more than one finding takes */
	const char *nine[40] = {"--db", db, "draw", "finding", "1", "审计局"};
	int n = 6;
	for (int i = 0; i < DRAWS_FINDING_FILES_MAX + 1; i++)
		nine[n++] = "--file", nine[n++] = jpg;
	nine[n++] = "太多照片";
	nine[n] = NULL;
	r = run_kaoping(NULL, nine);
	assert_refused(&r, "--file: at most 8 files at once", before);
	free(before);
	assert_int_equal(files_under(files), kept); /* no blob kept, no temporary copy left */
	/* The photo and the iPhone's HEIC go in with the finding. */
	r = KP("draw", "finding", "1", "审计局", "--as", inspector, "--criterion", "2", "--points", "3", "--file", jpg,
	       "--file", heic, "宣传栏未更新");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "finding recorded (2 files)"));
	run_free(&r);
	r = KP("--json", "draw", "show", "1");
	json_t *d = json_of(&r);
	json_t *f = json_object_get(json_array_get(json_object_get(d, "findings"), 0), "files");
	assert_int_equal(json_array_size(f), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(f, 0), "name")), "门口.jpg");
	assert_string_equal(json_string_value(json_object_get(json_array_get(f, 0), "type")), "image/jpeg");
	assert_string_equal(json_string_value(json_object_get(json_array_get(f, 1), "type")), "image/heic");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(f, 1), "size")), sizeof HEIC - 1);
	json_decref(d);
	assert_int_equal(files_under(files), kept + 2);
	r = KP("audit", "list");
	assert_non_null(strstr(r.out, "files: 门口.jpg"));
	run_free(&r);
}

/* A multipart finding form: csrf, the text fields, and each file as
 * FIELD/NAME/BYTES (NULL-ended triples). */
static struct reply post_finding(const char *path, const struct session *s, const char *criterion, const char *text,
				 const char *const *files)
{
	struct strbuf b = {0};
	sb_addf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n", s->csrf);
	sb_addf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"criterion\"\r\n\r\n%s\r\n", criterion);
	sb_addf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n%s\r\n", text);
	for (int i = 0; files && files[i]; i += 3)
		sb_addf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
			    "Content-Type: application/octet-stream\r\n\r\n%s\r\n", files[i], files[i + 1], files[i + 2]);
	sb_adds(&b, "--XyZ--\r\n");
	struct strbuf req = {0};
	sb_addf(&req, "POST %s HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: %zu\r\n"
		      "Cookie: kp_session=%s\r\n\r\n", path, b.len, s->token);
	sb_add(&req, b.s, b.len);
	struct reply r = http(req.s);
	sb_free(&b), sb_free(&req);
	return r;
}

static void test_finding_photos_on_the_web_seen_only_by_whom_they_concern(void **state)
{
	(void)state;
	long long unit;
	char inspector[32], outsider[32];
	two_unit_draw(&unit, inspector, outsider);
	char *path = xasprintf("/draws/1/units/%lld/findings", unit);
	struct session x = login(inspector);
	/* The form: several files, the camera, the accepted types and the limit. */
	struct reply r = get("/draws/1", x.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "enctype=\"multipart/form-data\""));
	assert_non_null(strstr(r.body, "name=\"file\" multiple accept=\".pdf,"));
	assert_non_null(strstr(r.body, ".heic,.heif"));
	assert_non_null(strstr(r.body, "accept=\"image/*\" capture=\"environment\""));
	assert_non_null(strstr(r.body, "每次最多 8 个文件，合计不超过 50 MB"));
	reply_free(&r);
	/* A bad file among good ones: nothing kept, said in Chinese beside the
	 * file input, the text typed kept in the form. */
	char *before = store_fingerprint(db);
	r = post_finding(path, &x, "2", "宣传栏未更新",
			 (const char *const[]){"file", "a.jpg", JPEG, "file", "notes.txt", TEXT, NULL});
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "<span class=\"field-error\" role=\"alert\">不接受 .txt 文件"));
	assert_non_null(strstr(r.body, "这条检查发现和本次 2 个文件均未保存"));
	assert_non_null(strstr(r.body, ">宣传栏未更新</textarea>"));
	assert_non_null(strstr(r.body, "name=\"criterion\" type=\"number\" min=\"1\" max=\"23\" value=\"2\""));
	assert_null(strstr(r.body, "not accepted"));
	assert_null(strstr(r.body, "--file"));
	reply_free(&r);
	r = post_finding(path, &x, "x", "宣传栏未更新", NULL);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "测评内容应填序号"));
	reply_free(&r);
	r = post_finding(path, &x, "", "", (const char *const[]){"photo", "p.jpg", JPEG, NULL});
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "<span class=\"field-error\" role=\"alert\">请填写检查发现</span>"));
	reply_free(&r);
	char *after = store_fingerprint(db);
	assert_string_equal(strstr(before, "[draw_finding]"), strstr(after, "[draw_finding]"));
	assert_string_equal(strstr(before, "[blob]"), strstr(after, "[blob]"));
	free(before), free(after);
	/* A photo from the camera and an iPhone photo from the album. */
	r = post_finding(path, &x, "2", "宣传栏未更新",
			 (const char *const[]){"photo", "camera.jpg", JPEG, "file", "IMG_0001.HEIC", HEIC, NULL});
	assert_int_equal(r.status, 303);
	reply_free(&r);
	r = get("/draws/1", x.token);
	assert_non_null(strstr(r.body, "<img src=\"/draws/1/findings/1/files/1\" alt=\"camera.jpg\""));
	assert_non_null(strstr(r.body, "href=\"/draws/1/findings/1/files/2\">IMG_0001.HEIC</a>"));
	reply_free(&r);
	r = get("/draws/1/findings/1/files/1", x.token);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body_len, sizeof JPEG - 1);
	assert_memory_equal(r.body, JPEG, sizeof JPEG - 1);
	assert_non_null(strstr(r.head, "Content-Type: image/jpeg"));
	assert_non_null(strstr(r.head, "Content-Disposition: attachment; filename=\"camera.jpg\""));
	reply_free(&r);
	r = get("/draws/1/findings/1/files/2", x.token);
	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, HEIC, sizeof HEIC - 1);
	assert_non_null(strstr(r.head, "Content-Type: image/heic"));
	reply_free(&r);
	r = get("/draws/1/findings/1/files/3", x.token);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	session_free(&x);
	/* An assessor not sent there: neither the finding nor its photo. */
	x = login(outsider);
	r = get("/draws/1", x.token);
	assert_null(strstr(r.body, "宣传栏未更新"));
	reply_free(&r);
	r = get("/draws/1/findings/1/files/1", x.token);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	r = get("/api/v1/draws/1", x.token);
	assert_null(strstr(r.body, "宣传栏未更新"));
	reply_free(&r);
	session_free(&x);
	/* The leader reads everything. */
	x = login("leader");
	r = get("/draws/1/findings/1/files/1", x.token);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	session_free(&x);
	/* Another unit's clerk never; the unit's own clerk once published. */
	struct session other = login("gongxin"), own = login("shenji");
	r = get("/draws/1/findings/1/files/1", other.token);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	r = get("/draws/1/findings/1/files/1", own.token);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	r = get("/draws/1", own.token);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	struct run pub = KP("draw", "publish", "1");
	assert_int_equal(pub.status, 0);
	run_free(&pub);
	r = get("/draws/1/findings/1/files/1", own.token);
	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, JPEG, sizeof JPEG - 1);
	reply_free(&r);
	r = get("/draws/1", own.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "宣传栏未更新"));
	assert_null(strstr(r.body, "<fieldset>")); /* no form for the clerk */
	reply_free(&r);
	r = get("/draws/1/findings/1/files/1", other.token);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	r = get("/draws/1", other.token); /* 区工信局 was drawn too: its page, without 区审计局's findings */
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "宣传栏未更新"));
	reply_free(&r);
	session_free(&other), session_free(&own);
	free(path);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, demo_store, drop_store)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generator_words_are_sha256_of_seed_purpose_counter),
		cmocka_unit_test(test_same_seed_same_draw_and_different_seeds_differ),
		cmocka_unit_test(test_equal_weights_pick_every_unit_equally_often),
		cmocka_unit_test(test_weighted_units_are_picked_in_proportion),
		cmocka_unit_test(test_inspectors_never_from_the_unit_and_the_load_is_even),
		cmocka_unit_test(test_impossible_draws_are_refused),
		T(test_draw_verifies_and_a_tampered_row_is_named),
		T(test_a_seed_is_made_up_when_none_is_given_and_printed),
		T(test_findings_by_the_assigned_inspector_score_the_unit),
		T(test_bad_draws_are_refused_and_change_nothing),
		T(test_office_draws_on_the_web_and_only_published_draws_are_public),
		T(test_draws_list_gives_the_draws_newest_first),
		T(test_a_finding_with_photos_is_kept_whole_or_not_at_all),
		T(test_finding_photos_on_the_web_seen_only_by_whom_they_concern),
	};
	return cmocka_run_group_tests_name("draw", tests, NULL, NULL);
}
