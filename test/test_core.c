/* test_core.c — unit tests of the pure core: points and text helpers, unit
 * names and aliases, the seed's rubric as shipped, rubric validation and the
 * scoring engine (maxima, deductions, awards, ranking, grades, roll-up). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/embedded.h"
#include "io/table.h"
#include "core/rubric.h"
#include "core/score.h"
#include "testutil.h"
#include "core/unitdir.h"

/* The shipped campaign: its units and its rubric. */
struct seed {
	json_t *root;
	struct unitdir units;
	struct rubric *rubric;
};

static int seed_setup(void **state)
{
	struct seed *s = calloc(1, sizeof *s);
	const struct embedded_file *f = embedded_find("data/campaign.json");
	json_error_t je;
	struct kp_error e = {0};
	assert_non_null(f);
	s->root = json_loadb(f->data, f->len, 0, &je);
	assert_non_null(s->root);
	unitdir_init(&s->units);
	size_t i, k;
	json_t *v, *a;
	json_array_foreach(json_object_get(s->root, "collective_names"), i, v)
		assert_int_equal(unitdir_add_collective(&s->units, json_string_value(v), &e), 0);
	json_array_foreach(json_object_get(s->root, "units"), i, v) {
		int u = unitdir_add_unit(&s->units, json_string_value(json_object_get(v, "name")), (int64_t)i + 1, &e);
		assert_true(u >= 0);
		json_array_foreach(json_object_get(v, "aliases"), k, a)
			assert_int_equal(unitdir_add_alias(&s->units, u, json_string_value(a), &e), 0);
	}
	assert_int_equal(rubric_from_json(json_object_get(s->root, "rubric"), &s->units, "2024-07-31", &s->rubric, &e), 0);
	*state = s;
	return 0;
}

static int seed_teardown(void **state)
{
	struct seed *s = *state;
	rubric_free(s->rubric);
	unitdir_free(&s->units);
	json_decref(s->root);
	free(s);
	return 0;
}

static int unit_of(struct seed *s, const char *name)
{
	int u = unitdir_lookup(&s->units, name);
	assert_true(u >= 0);
	return u;
}

/* ---- util ---- */

static void test_points_parse_accepts_tenths_and_refuses_more(void **state)
{
	(void)state;
	int t;
	assert_int_equal(points_parse("3.5", &t), 0);
	assert_int_equal(t, 35);
	assert_int_equal(points_parse(" 4 ", &t), 0);
	assert_int_equal(t, 40);
	assert_int_equal(points_parse("\xef\xbc\x93.\xef\xbc\x95", &t), 0); /* full-width ３.５ */
	assert_int_equal(t, 35);
	assert_int_equal(points_parse("2.50", &t), 0);
	assert_int_equal(t, 25);
	assert_int_equal(points_parse("3.55", &t), -1);
	assert_int_equal(points_parse("-1", &t), -1);
	assert_int_equal(points_parse("", &t), -1);
	assert_int_equal(points_parse("3.", &t), -1);
	assert_int_equal(points_parse(".5", &t), -1);
	assert_int_equal(points_parse("abc", &t), -1);
	assert_int_equal(points_parse("1e3", &t), -1);
	char b[24];
	assert_string_equal(points_format(35, b), "3.5");
	assert_string_equal(points_format(40, b), "4");
	assert_string_equal(points_format1(40, b), "4.0");
	assert_string_equal(points_format(0, b), "0");
	assert_string_equal(points_format1(0, b), "0.0");
	assert_string_equal(points_format(-5, b), "-0.5");
	assert_string_equal(points_format(-120, b), "-12");
	assert_string_equal(points_format(1000005, b), "100000.5");
	assert_string_equal(points_format(INT_MIN, b), "-214748364.8");
	assert_string_equal(points_format1(INT_MAX, b), "214748364.7");
}

static void test_utf8_checks_and_display_width(void **state)
{
	(void)state;
	assert_true(utf8_valid("\xe5\x8c\xba", 3));
	assert_false(utf8_valid("\xe5\x8c", 2));          /* cut short */
	assert_false(utf8_valid("\xc0\xaf", 2));          /* overlong */
	assert_false(utf8_valid("\xed\xa0\x80", 3));      /* surrogate */
	assert_false(utf8_valid("\xb5\xa5\xce\xbb", 4));  /* GBK 单位 */
	assert_int_equal(utf8_width("\xe5\x8c\xba\xe5\xae\xa1\xe8\xae\xa1\xe5\xb1\x80"), 8); /* 区审计局 */
	assert_int_equal(utf8_width("ab"), 2);
	assert_true(date_valid("2024-07-31"));
	assert_true(date_valid("2024-02-29"));
	assert_false(date_valid("2023-02-29"));
	assert_false(date_valid("2024-7-31"));
	assert_false(date_valid("2024-07-32"));
}

/* Free text from people: trimmed, UTF-8, not too long, present if required. */
static void test_text_check_trims_and_refuses_by_reason(void **state)
{
	(void)state;
	char *t;
	assert_int_equal(text_check(" \xe3\x80\x80台账\t\n", 6, true, &t), TEXT_OK); /* U+3000 trimmed too */
	assert_string_equal(t, "台账");
	free(t);
	assert_int_equal(text_check(NULL, 10, false, &t), TEXT_OK);
	assert_string_equal(t, "");
	free(t);
	assert_int_equal(text_check(" \xe3\x80\x80 ", 10, true, &t), TEXT_MISSING);
	assert_null(t);
	assert_int_equal(text_check("\xb5\xa5\xce\xbb", 10, true, &t), TEXT_NOT_UTF8); /* GBK */
	assert_null(t);
	assert_int_equal(text_check("台账不全", 9, true, &t), TEXT_TOO_LONG); /* 12 bytes */
	assert_null(t);
	assert_int_equal(text_check("  台账  ", 6, true, &t), TEXT_OK); /* counted after trimming */
	free(t);
}

/* Times are stored in UTC and counted and shown in China time (UTC+8 all
 * year); days are numbered from 1970-01-01. */
static void test_days_and_times_in_china_time(void **state)
{
	(void)state;
	assert_int_equal(day_number("1970-01-01"), 0);
	assert_int_equal(day_number("2024-03-01") - day_number("2024-02-28"), 2);
	assert_int_equal(day_number("2024-02-30"), INT32_MIN);
	assert_int_equal(day_number(NULL), INT32_MIN);
	char d[11];
	day_date(day_number("2024-12-31") + 1, d);
	assert_string_equal(d, "2025-01-01");
	day_date(-1, d);
	assert_string_equal(d, "1969-12-31");
	date_add("2024-03-01", -1, d);
	assert_string_equal(d, "2024-02-29");
	assert_int_equal(month_days(2024, 2), 29);
	assert_int_equal(month_days(2100, 2), 28);
	assert_int_equal(month_days(2000, 2), 29);
	assert_int_equal(month_days(2024, 12), 31);
	int64_t t = iso_seconds("2024-07-29T15:59:59Z");
	assert_int_equal(t, 1722268799);
	assert_int_equal(iso_seconds("2024-07-29 15:59:59"), t);
	assert_int_equal(iso_seconds("2024-07-29"), INT64_MIN);
	assert_int_equal(iso_seconds("2024-02-30T00:00:00Z"), INT64_MIN);
	assert_int_equal(iso_seconds("2024-07-29T24:00:00Z"), INT64_MIN);
	assert_int_equal(iso_seconds("2024-07-29X15:59:59Z"), INT64_MIN);
	assert_int_equal(iso_seconds(NULL), INT64_MIN);
	/* 23:59:59 in Beijing is still the 29th; a second later it is the 30th */
	assert_int_equal(zone_day("Asia/Shanghai", t), day_number("2024-07-29"));
	assert_int_equal(zone_day("Asia/Shanghai", t + 1), day_number("2024-07-30"));
	assert_int_equal(zone_day("UTC", t + 1), day_number("2024-07-29"));
	assert_int_equal(zone_day("UTC", -1), -1); /* before 1970: rounded down */
	assert_int_equal(zone_offset("Asia/Shanghai"), 8 * 3600);
	assert_int_equal(zone_offset("Europe/Paris"), 0);
	char shown[24];
	time_shown(8 * 3600, "2024-07-29T15:59:59Z", shown);
	assert_string_equal(shown, "2024-07-29 23:59:59");
	time_shown(8 * 3600, "2024-12-31T16:30:00Z", shown); /* the next year in Beijing */
	assert_string_equal(shown, "2025-01-01 00:30:00");
	time_shown(0, "2024-12-31T16:30:00Z", shown);
	assert_string_equal(shown, "2024-12-31 16:30:00");
	time_shown(8 * 3600, "not a time", shown); /* shown as it is */
	assert_string_equal(shown, "not a time");
	time_shown(8 * 3600, NULL, shown);
	assert_string_equal(shown, "");
	assert_int_equal(days_between("2024-07-29", "2024-08-01"), 3);
	assert_int_equal(days_between("2024-07-29", "bad"), 0);
}

/* ---- units ---- */

static void test_seed_has_18_units_with_the_rubric_aliases(void **state)
{
	struct seed *s = *state;
	assert_int_equal(s->units.n, 18);
	assert_string_equal(s->units.names[0], "\xe5\x8c\xba\xe6\x94\xbf\xe5\xba\x9c\xe5\x8a\x9e"); /* 区政府办 */
	static const char *const pairs[][2] = {
		{"文广局", "区文体广电和旅游局"},     {"公积金中心", "区公积金管理中心"},
		{"农业产业化中心", "区农业产业化发展中心"}, {"政府办", "区政府办"},
		{"残联", "区残联"},                   {"残\n联", "区残联"},
		{"价监局", "区价监局"},               {"应急管理局", "区应急管理局"},
		{"区文广局", "区文体广电和旅游局"},   {"区政府办公室", "区政府办"},
		{" 房改办 ", "区房改办"},             {"石油办", "区石油办"},
		{"\xe3\x80\x80审计局", "区审计局"},     {"区审计局\r\n", "区审计局"},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		int u = unitdir_lookup(&s->units, pairs[i][0]);
		assert_true(u >= 0);
		assert_string_equal(s->units.names[u], pairs[i][1]);
	}
	assert_int_equal(unitdir_lookup(&s->units, "区政府机关各单位"), UNITDIR_ALL);
	assert_int_equal(unitdir_lookup(&s->units, "区政府机关\n各单位"), UNITDIR_ALL);
}

static void test_unknown_and_ambiguous_names_list_candidates(void **state)
{
	struct seed *s = *state;
	struct kp_error e = {0};
	assert_int_equal(unitdir_resolve(&s->units, "中心", "unit", &e), UNITDIR_NONE);
	assert_int_equal(e.code, KP_EINPUT);
	assert_non_null(strstr(e.msg, "ambiguous"));
	assert_non_null(strstr(e.msg, "区公积金管理中心"));
	assert_non_null(strstr(e.msg, "区农业产业化发展中心"));
	e = (struct kp_error){0};
	assert_int_equal(unitdir_resolve(&s->units, "审计", "unit", &e), UNITDIR_NONE);
	assert_non_null(strstr(e.msg, "did you mean 区审计局"));
	e = (struct kp_error){0};
	assert_int_equal(unitdir_resolve(&s->units, "教育局", NULL, &e), UNITDIR_NONE);
	assert_non_null(strstr(e.msg, "unknown unit \"教育局\""));
}

static void test_alias_taken_by_another_unit_is_refused(void **state)
{
	struct seed *s = *state;
	struct kp_error e = {0};
	assert_int_equal(unitdir_add_alias(&s->units, 0, "残联", &e), -1);
	assert_non_null(strstr(e.msg, "already names 区残联"));
}

/* ---- the seed's rubric ---- */

static void test_seed_rubric_has_4_items_9_indicators_23_criteria_100_points(void **state)
{
	struct seed *s = *state;
	const struct rubric *r = s->rubric;
	assert_int_equal(r->nitems, 4);
	assert_int_equal(r->nindicators, 9);
	assert_int_equal(r->ncriteria, 23);
	assert_int_equal(r->total_points, 1000);
	static const int item_points[] = {170, 250, 340, 240};
	for (int i = 0; i < 4; i++)
		assert_int_equal(r->items[i].points, item_points[i]);
	assert_string_equal(r->items[2].name, "促进各民族交往交流交融");
	assert_int_equal(r->items[2].count, 3);
	static const char *const indicators[] = {"高度重视", "健全制度", "民族理论政策学习", "加强宣传教育", "增强中华文化认同",
						 "保障合法权益", "改善民生福祉", "纵深拓展创建工作", "依法治理民族事务"};
	for (int i = 0; i < 9; i++) {
		assert_string_equal(r->indicators[i].name, indicators[i]);
		assert_int_equal(r->indicators[i].nmethods, 2);
		assert_string_equal(r->indicators[i].methods[0], "听取汇报");
		assert_string_equal(r->indicators[i].methods[1], "查阅资料");
		assert_string_equal(r->indicators[i].deadline, "2024-07-31");
		assert_string_equal(r->indicators[i].deadline_text, "2024年7月底");
	}
	for (int k = 0; k < 23; k++)
		assert_int_equal(r->criteria[k].no, k + 1);
	static const int points[] = {4, 4, 3, 3, 3, 4, 4, 7, 5, 3, 2, 5, 2, 4, 4, 4, 7, 8, 5, 5, 5, 5, 4};
	for (int k = 0; k < 23; k++)
		assert_int_equal(r->criteria[k].points, points[k] * 10);
}

static void test_criteria_1_and_8_have_two_scored_parts(void **state)
{
	struct seed *s = *state;
	const struct rubric *r = s->rubric;
	for (int k = 0; k < 23; k++)
		assert_int_equal(r->criteria[k].nparts, (k == 0 || k == 7) ? 2 : 0);
	assert_int_equal(r->criteria[0].parts[0].points, 20);
	assert_int_equal(r->criteria[0].parts[1].points, 20);
	assert_string_equal(r->criteria[0].parts[0].text, "成立创建工作领导小组");
	assert_int_equal(r->criteria[7].parts[0].points, 40);
	assert_int_equal(r->criteria[7].parts[1].points, 30);
	assert_string_equal(r->criteria[7].parts[0].text, "理论中心组每年至少安排1次民族理论政策专题学习");
}

/* Every criterion text stands verbatim, with its number, on a line of the
 * seed document (read from ../shared when it is there). */
static void test_criterion_texts_match_the_seed_verbatim(void **state)
{
	struct seed *s = *state;
	const char *path = getenv("KAOPING_SEED") ? getenv("KAOPING_SEED") : "../shared/seed/000_c5f51215e9506ca0.txt";
	size_t len = 0;
	char *seed = read_file(path, &len);
	if (!len) {
		free(seed);
		print_message("seed document not found at %s\n", path);
		skip();
	}
	for (int k = 0; k < s->rubric->ncriteria; k++) {
		char *line = xasprintf("\n%d.%s\n", s->rubric->criteria[k].no, s->rubric->criteria[k].text);
		if (!strstr(seed, line))
			fail_msg("criterion %d is not verbatim in the seed", s->rubric->criteria[k].no);
		free(line);
	}
	free(seed);
}

static void test_unit_maxima_are_66_100_85(void **state)
{
	struct seed *s = *state;
	int max[18], slots[18];
	score_unit_max(s->rubric, s->units.n, max, slots);
	assert_int_equal(max[unit_of(s, "区审计局")], 660);
	assert_int_equal(max[unit_of(s, "区工信局")], 1000);
	assert_int_equal(max[unit_of(s, "区政府办")], 850);
	assert_int_equal(slots[unit_of(s, "区工信局")], 25);
	assert_int_equal(slots[unit_of(s, "区审计局")], 18);
	/* 审计局 answers for 1–11 and 19–23 only. */
	int u = unit_of(s, "区审计局");
	for (int k = 0; k < 23; k++)
		assert_int_equal(rubric_applies(s->rubric, k, u), k < 11 || k >= 18);
	/* 12–13: 政府办、文广局、工信局. */
	assert_true(rubric_applies(s->rubric, 11, unit_of(s, "区文体广电和旅游局")));
	assert_false(rubric_applies(s->rubric, 11, unit_of(s, "区商务局")));
	assert_true(rubric_applies(s->rubric, 17, unit_of(s, "区残联")));
}

static void test_rubric_json_round_trips_unchanged(void **state)
{
	struct seed *s = *state;
	struct kp_error e = {0};
	struct rubric *again;
	json_t *j1 = rubric_to_json(s->rubric, &s->units);
	assert_int_equal(rubric_from_json(j1, &s->units, NULL, &again, &e), 0);
	json_t *j2 = rubric_to_json(again, &s->units);
	assert_true(json_equal(j1, j2));
	/* The export has the documented shape. */
	json_t *c1 = json_array_get(json_object_get(json_array_get(json_object_get(
					json_array_get(json_object_get(j1, "items"), 0), "indicators"), 0), "criteria"), 0);
	assert_int_equal(json_integer_value(json_object_get(c1, "no")), 1);
	assert_int_equal(json_array_size(json_object_get(c1, "parts")), 2);
	json_decref(j1);
	json_decref(j2);
	rubric_free(again);
}

/* Parses TEXT as a rubric against the seed's units; returns the error. */
static struct kp_error parse_bad(struct seed *s, const char *text)
{
	struct kp_error e = {0};
	json_error_t je;
	struct rubric *r = NULL;
	json_t *j = json_loads(text, 0, &je);
	assert_non_null(j);
	int rc = rubric_from_json(j, &s->units, NULL, &r, &e);
	json_decref(j);
	rubric_free(r);
	if (!rc)
		fail_msg("rubric accepted: %s", text);
	assert_int_equal(e.code, KP_EINPUT);
	return e;
}

#define IND_HEAD "{\"title\":\"t\",\"items\":[{\"name\":\"i\",\"indicators\":[{\"name\":\"n\",\"methods\":[\"听取汇报\"],\"units\":[\"区政府机关各单位\"],\"criteria\":["

/* units_text is what the document wrote; units is the list. They may differ
 * and both must survive export and import (found by fuzz_rubric). */
static void test_units_text_and_units_list_round_trip_separately(void **state)
{
	struct seed *s = *state;
	const char *text = IND_HEAD "{\"no\":1,\"text\":\"x\",\"points\":4}]}]}]}";
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);
	json_t *ind = json_array_get(json_object_get(json_array_get(json_object_get(j, "items"), 0), "indicators"), 0);
	json_object_set_new(ind, "units_text", json_string("区政府机关\n各单位（见附件）"));
	struct kp_error e = {0};
	struct rubric *r = NULL, *again = NULL;
	assert_int_equal(rubric_from_json(j, &s->units, NULL, &r, &e), 0);
	json_t *out = rubric_to_json(r, &s->units);
	assert_int_equal(rubric_from_json(out, &s->units, NULL, &again, &e), 0);
	json_t *out2 = rubric_to_json(again, &s->units);
	assert_true(json_equal(out, out2));
	json_t *oind = json_array_get(json_object_get(json_array_get(json_object_get(out2, "items"), 0), "indicators"), 0);
	assert_string_equal(json_string_value(json_object_get(oind, "units_text")), "区政府机关\n各单位（见附件）");
	assert_string_equal(json_string_value(json_array_get(json_object_get(oind, "units"), 0)), "区政府机关各单位");
	json_decref(out);
	json_decref(out2);
	json_decref(j);
	rubric_free(r);
	rubric_free(again);
}

static void test_bad_rubrics_are_refused_naming_the_field(void **state)
{
	struct seed *s = *state;
	struct kp_error e;
	e = parse_bad(s, IND_HEAD "{\"no\":1,\"text\":\"x\",\"points\":4,\"parts\":[{\"text\":\"a\",\"points\":2},{\"text\":\"b\",\"points\":1}]}]}]}]}");
	assert_non_null(strstr(e.msg, "items[0].indicators[0].criteria[0].points: its parts add up to 3, not 4"));
	e = parse_bad(s, IND_HEAD "{\"no\":1,\"text\":\"x\",\"points\":4},{\"no\":1,\"text\":\"y\",\"points\":2}]}]}]}");
	assert_non_null(strstr(e.msg, "criterion number 1 is used twice"));
	e = parse_bad(s, IND_HEAD "{\"no\":1,\"text\":\"x\",\"points\":4.25}]}]}]}");
	assert_non_null(strstr(e.msg, "more than one decimal"));
	e = parse_bad(s, IND_HEAD "{\"no\":1,\"text\":\"x\",\"pionts\":4}]}]}]}");
	assert_non_null(strstr(e.msg, "unknown key \"pionts\""));
	e = parse_bad(s, "{\"title\":\"t\",\"items\":[{\"name\":\"i\",\"indicators\":[{\"name\":\"n\",\"methods\":[\"m\"],"
			 "\"units\":[\"教育局\"],\"criteria\":[{\"no\":1,\"text\":\"x\",\"points\":4}]}]}]}");
	assert_non_null(strstr(e.msg, "items[0].indicators[0].units[0]: unknown unit \"教育局\""));
	e = parse_bad(s, "{\"title\":\"t\",\"total_points\":5,\"items\":[{\"name\":\"i\",\"indicators\":[{\"name\":\"n\",\"methods\":[\"m\"],"
			 "\"units\":[\"残联\"],\"criteria\":[{\"no\":1,\"text\":\"x\",\"points\":4}]}]}]}");
	assert_non_null(strstr(e.msg, "total_points: says 5 but the criteria add up to 4"));
	e = parse_bad(s, "{\"title\":\"t\",\"items\":[{\"name\":\"i\",\"indicators\":[{\"name\":\"n\",\"methods\":[\"m\"],"
			 "\"units\":[\"残联\"],\"criteria\":[{\"no\":1,\"text\":\"x\",\"points\":4}]}]},"
			 "{\"name\":\"i\",\"indicators\":[{\"name\":\"n2\",\"methods\":[\"m\"],"
			 "\"units\":[\"残联\"],\"criteria\":[{\"no\":2,\"text\":\"y\",\"points\":4}]}]}]}");
	assert_non_null(strstr(e.msg, "appears twice"));
	e = parse_bad(s, "{\"title\":\"t\",\"grades\":[{\"name\":\"好\",\"min\":60},{\"name\":\"差\",\"min\":10}],\"items\":[]}");
	assert_non_null(strstr(e.msg, "grades"));
}

/* ---- scoring engine ---- */

static void test_score_check_refuses_what_does_not_fit(void **state)
{
	struct seed *s = *state;
	const struct rubric *r = s->rubric;
	int audit = unit_of(s, "区审计局");
	struct kp_error e = {0};
	assert_int_equal(score_check(r, 1, 0, audit, "区审计局", 40, &e), 0);
	assert_int_equal(score_check(r, 1, 0, audit, "区审计局", 41, &e), KP_EINPUT);
	assert_non_null(strstr(e.msg, "out of range 0–4"));
	e = (struct kp_error){0};
	assert_int_equal(score_check(r, 11, 0, audit, "区审计局", 10, &e), KP_EINPUT);
	assert_non_null(strstr(e.msg, "criterion 12 does not apply to 区审计局"));
	e = (struct kp_error){0};
	assert_int_equal(score_check(r, 0, 0, audit, "区审计局", 10, &e), KP_EINPUT);
	assert_non_null(strstr(e.msg, "scored in 2 parts"));
	e = (struct kp_error){0};
	assert_int_equal(score_check(r, 0, 3, audit, "区审计局", 10, &e), KP_EINPUT);
	e = (struct kp_error){0};
	assert_int_equal(score_check(r, 7, 2, audit, "区审计局", 31, &e), KP_EINPUT);
	assert_non_null(strstr(e.msg, "criterion 8.2"));
	e = (struct kp_error){0};
	assert_int_equal(score_check(r, 7, 2, audit, "区审计局", 30, &e), 0);
}

static void test_deductions_stop_at_the_floor_and_respect_the_range(void **state)
{
	(void)state;
	struct rubric_criterion per = {.no = 5, .points = 30, .deduct_min = 10, .deduct_max = 10};
	struct rubric_criterion range = {.no = 6, .points = 50, .deduct_min = 10, .deduct_max = 30};
	struct kp_error e = {0};
	int p;
	int one[] = {10}, four[] = {10, 10, 10, 10};
	assert_int_equal(score_from_deductions(&per, one, 1, &p, &e), 0);
	assert_int_equal(p, 20);
	assert_int_equal(score_from_deductions(&per, four, 4, &p, &e), 0);
	assert_int_equal(p, 0); /* 扣完为止 */
	int ok[] = {30, 15}, bad[] = {35};
	assert_int_equal(score_from_deductions(&range, ok, 2, &p, &e), 0);
	assert_int_equal(p, 5);
	assert_int_equal(score_from_deductions(&range, bad, 1, &p, &e), KP_EINPUT);
	assert_non_null(strstr(e.msg, "outside 1–3"));
	struct rubric_criterion floor = {.no = 7, .points = 50, .deduct_min = 10, .deduct_max = 10, .floor = 20};
	assert_int_equal(score_from_deductions(&floor, four, 4, &p, &e), 0);
	assert_int_equal(p, 20);
}

static void test_awards_are_capped_at_the_criterion_points(void **state)
{
	(void)state;
	struct rubric_criterion c = {.no = 9, .points = 50, .award = 10, .kind = CRITERION_BONUS};
	struct kp_error e = {0};
	int p;
	assert_int_equal(score_from_awards(&c, 3, &p, &e), 0);
	assert_int_equal(p, 30);
	assert_int_equal(score_from_awards(&c, 9, &p, &e), 0);
	assert_int_equal(p, 50); /* 最高计5分 */
}

static void test_percent_rounds_half_up_in_tenths(void **state)
{
	(void)state;
	assert_int_equal(score_percent(584, 660), 885); /* 88.48… -> 88.5 */
	assert_int_equal(score_percent(1000, 1000), 1000);
	assert_int_equal(score_percent(1, 3), 333);
	assert_int_equal(score_percent(2, 3), 667);
	assert_int_equal(score_percent(5, 0), 0);
}

static void test_ranking_compares_percent_shares_ties_and_puts_vetoed_last(void **state)
{
	struct seed *s = *state;
	struct unit_result res[] = {
		{.unit = 0, .points = 600, .max = 660, .entries = 1, .complete = true},  /* 90.9 */
		{.unit = 1, .points = 900, .max = 1000, .entries = 1, .complete = true}, /* 90.0 */
		{.unit = 2, .points = 990, .max = 1000, .entries = 1, .complete = true, .vetoed = true},
		{.unit = 5, .points = 0, .max = 660, .entries = 0},    /* not assessed */
		{.unit = 3, .points = 600, .max = 660, .entries = 1, .complete = true},  /* tie with unit 0 */
		{.unit = 4, .points = 500, .max = 1000, .entries = 1, .complete = true}, /* 50.0 */
		{.unit = 6, .points = 35, .max = 660, .entries = 2},   /* begun, not complete: 5.3% */
	};
	score_rank(s->rubric, res, 7);
	assert_int_equal(res[5].unit, 6); /* incomplete: after every complete unit, unranked, no grade */
	assert_int_equal(res[5].rank, 0);
	assert_null(res[5].grade);
	assert_int_equal(res[6].unit, 5);
	assert_int_equal(res[6].rank, 0);
	assert_null(res[6].grade);
	assert_int_equal(res[0].unit, 0);
	assert_int_equal(res[0].rank, 1);
	assert_int_equal(res[1].unit, 3);
	assert_int_equal(res[1].rank, 1);
	assert_int_equal(res[2].unit, 1);
	assert_int_equal(res[2].rank, 3);
	assert_string_equal(res[2].grade, "优秀"); /* 90.0 is 优秀 (>= 90) */
	assert_int_equal(res[3].unit, 4);
	assert_string_equal(res[3].grade, "不合格");
	assert_int_equal(res[4].unit, 2);
	assert_true(res[4].vetoed);
	assert_string_equal(res[4].grade, "不合格");
	assert_string_equal(rubric_grade(s->rubric, 899), "良好");
	assert_string_equal(rubric_grade(s->rubric, 600), "合格");
	assert_string_equal(rubric_grade(s->rubric, 599), "不合格");
	/* complete: every applicable part scored, none a draft */
	assert_true(score_complete(18, 0, 18));
	assert_false(score_complete(2, 0, 18));
	assert_false(score_complete(18, 1, 18));
	assert_false(score_complete(0, 0, 0)); /* nothing to assess: no result */
}

static void test_district_rollup_averages_the_responsible_units(void **state)
{
	struct seed *s = *state;
	const struct rubric *r = s->rubric;
	int n = s->units.n, nc = r->ncriteria;
	int *pts = malloc(sizeof(int) * (size_t)(n * nc));
	for (int i = 0; i < n * nc; i++)
		pts[i] = -1;
	/* Criterion 12 (index 11): 政府办 5, 文广局 3; 工信局 not scored. */
	pts[unit_of(s, "区政府办") * nc + 11] = 50;
	pts[unit_of(s, "区文体广电和旅游局") * nc + 11] = 30;
	struct criterion_stat st[23];
	int total, maximum;
	score_district(r, n, pts, st, &total, &maximum);
	assert_int_equal(st[11].responsible, 3);
	assert_int_equal(st[11].scored, 2);
	assert_int_equal(st[11].mean, 40);
	assert_int_equal(st[11].min, 30);
	assert_int_equal(st[11].max, 50);
	assert_int_equal(st[0].responsible, 18);
	assert_int_equal(st[0].scored, 0);
	assert_int_equal(total, 40);
	assert_int_equal(maximum, 1000);
	free(pts);
}

static void test_json_strings_in_listings_are_escaped(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	table_json_string(f, "a\"b\\c\n\x01\xe4\xb8\xad\t");
	table_json_string(f, "");
	fclose(f);
	assert_string_equal(buf, "\"a\\\"b\\\\c\\n\\u0001\xe4\xb8\xad\\t\"\"\"");
	free(buf);
	f = open_memstream(&buf, &len);
	table_csv_field(f, "=1+1");
	putc('|', f);
	table_csv_field(f, "a,\"b\"");
	fclose(f);
	assert_string_equal(buf, "\"'=1+1\"|\"a,\"\"b\"\"\"");
	free(buf);
}

static void test_criterion_refs_parse(void **state)
{
	(void)state;
	int no, part;
	assert_int_equal(rubric_criterion_ref_parse("8.2", &no, &part), 0);
	assert_int_equal(no, 8);
	assert_int_equal(part, 2);
	assert_int_equal(rubric_criterion_ref_parse("12", &no, &part), 0);
	assert_int_equal(part, 0);
	assert_int_equal(rubric_criterion_ref_parse("8.0", &no, &part), -1);
	assert_int_equal(rubric_criterion_ref_parse("0", &no, &part), -1);
	assert_int_equal(rubric_criterion_ref_parse("x", &no, &part), -1);
	assert_int_equal(rubric_criterion_ref_parse("8.", &no, &part), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_points_parse_accepts_tenths_and_refuses_more),
		cmocka_unit_test(test_utf8_checks_and_display_width),
		cmocka_unit_test(test_days_and_times_in_china_time),
		cmocka_unit_test(test_text_check_trims_and_refuses_by_reason),
		cmocka_unit_test(test_criterion_refs_parse),
		cmocka_unit_test(test_json_strings_in_listings_are_escaped),
		cmocka_unit_test_setup_teardown(test_seed_has_18_units_with_the_rubric_aliases, seed_setup, seed_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_and_ambiguous_names_list_candidates, seed_setup, seed_teardown),
		cmocka_unit_test_setup_teardown(test_alias_taken_by_another_unit_is_refused, seed_setup, seed_teardown),
		cmocka_unit_test_setup_teardown(test_seed_rubric_has_4_items_9_indicators_23_criteria_100_points, seed_setup, seed_teardown),
		cmocka_unit_test_setup_teardown(test_criteria_1_and_8_have_two_scored_parts, seed_setup, seed_teardown),
		cmocka_unit_test_setup_teardown(test_criterion_texts_match_the_seed_verbatim, seed_setup, seed_teardown),
		cmocka_unit_test_setup_teardown(test_unit_maxima_are_66_100_85, seed_setup, seed_teardown),
		cmocka_unit_test_setup_teardown(test_rubric_json_round_trips_unchanged, seed_setup, seed_teardown),
		cmocka_unit_test_setup_teardown(test_bad_rubrics_are_refused_naming_the_field, seed_setup, seed_teardown),
		cmocka_unit_test_setup_teardown(test_units_text_and_units_list_round_trip_separately, seed_setup, seed_teardown),
		cmocka_unit_test_setup_teardown(test_score_check_refuses_what_does_not_fit, seed_setup, seed_teardown),
		cmocka_unit_test(test_deductions_stop_at_the_floor_and_respect_the_range),
		cmocka_unit_test(test_awards_are_capped_at_the_criterion_points),
		cmocka_unit_test(test_percent_rounds_half_up_in_tenths),
		cmocka_unit_test_setup_teardown(test_ranking_compares_percent_shares_ties_and_puts_vetoed_last, seed_setup, seed_teardown),
		cmocka_unit_test_setup_teardown(test_district_rollup_averages_the_responsible_units, seed_setup, seed_teardown),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
