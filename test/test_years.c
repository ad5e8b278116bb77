/* test_years.c — next year's campaign from this one: what is copied, what
 * starts afresh, clerks follow their unit, last year compares. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "testutil.h"
#include "core/util.h"
#include "domain/years.h"

#define KP(...) run_kaoping(NULL, (const char *const[]){"--db", db, __VA_ARGS__, NULL})

static void test_dates_and_texts_move_on_by_whole_years(void **state)
{
	(void)state;
	char out[11];
	assert_true(years_date_add("2024-07-29", 1, out));
	assert_string_equal(out, "2025-07-29");
	assert_true(years_date_add("2024-02-29", 1, out));
	assert_string_equal(out, "2025-02-28");
	assert_true(years_date_add("2024-02-29", 4, out));
	assert_string_equal(out, "2028-02-29");
	assert_false(years_date_add("7月底", 1, out));
	char *t = years_text_shift("2024年7月底（2024年度）", 2024, 2025);
	assert_string_equal(t, "2025年7月底（2025年度）");
	free(t);
	t = years_text_shift("7月29日前", 2024, 2025);
	assert_string_equal(t, "7月29日前");
	free(t);
}

static json_t *json_run(struct run r)
{
	json_error_t je;
	if (r.status)
		fail_msg("exit %d: %s", r.status, r.err);
	json_t *j = json_loads(r.out, 0, &je);
	if (!j)
		fail_msg("not JSON: %s", r.out);
	run_free(&r);
	return j;
}

static void test_copy_keeps_the_set_up_and_starts_the_year_afresh(void **state)
{
	(void)state;
	struct run r = KP("setting", "set", "due_window_days", "12");
	run_free(&r);
	r = KP("group", "assign", "区审计局", "李四", "--from", "2024-05-01");
	run_free(&r);
	r = KP("tasks", "done", "区审计局", "1");
	run_free(&r);
	json_t *before = json_run(KP("--json", "report", "ranking"));
	r = KP("campaign", "copy", "--year", "2025");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "started campaign 2025"));
	run_free(&r);
	/* The same units, group, rubric (deadlines a year on) and settings. */
	json_t *units = json_run(KP("--json", "unit", "list"));
	assert_int_equal(json_array_size(units), 18);
	json_decref(units);
	r = KP("unit", "resolve", "文广局");
	assert_string_equal(r.out, "区文体广电和旅游局\n");
	run_free(&r);
	r = KP("group", "show");
	assert_non_null(strstr(r.out, "李四"));
	run_free(&r);
	r = KP("rubric", "show");
	assert_non_null(strstr(r.out, "完成时限: 2025年7月底"));
	assert_null(strstr(r.out, "2024"));
	run_free(&r);
	r = KP("setting", "list");
	const char *window = strstr(r.out, "due_window_days ");
	assert_non_null(window);
	window += strspn(window + 15, " ") + 15; /* the columns are as wide as the widest value */
	assert_memory_equal(window, "12 ", 3);
	run_free(&r);
	/* Nothing scored, no task done; deadlines a year on. */
	json_t *now = json_run(KP("--json", "report", "ranking"));
	size_t i;
	json_t *v;
	json_array_foreach(now, i, v) assert_true(json_is_null(json_object_get(v, "rank")));
	json_decref(now);
	json_t *due = json_run(KP("--json", "due", "--unit", "审计局", "--as-of", "2025-07-25"));
	json_array_foreach(due, i, v) {
		assert_string_not_equal(json_string_value(json_object_get(v, "light")), "grey");
		const char *d = json_string_value(json_object_get(v, "due"));
		assert_true(!strcmp(d, "2025-07-29") || !strcmp(d, "2025-07-31"));
	}
	json_decref(due);
	/* The clerk of 区审计局 now belongs to 2025's 区审计局. */
	r = KP("user", "list");
	assert_non_null(strstr(r.out, "shenji"));
	run_free(&r);
	/* Every part of 区审计局 scored and submitted: only a complete
	 * assessment is ranked (drafts and half-scored sheets are not). */
	const char *sheet = scratch_path("2025.csv");
	static const char rows[] = "unit,criterion,points\n区审计局,1.1,2\n区审计局,1.2,2\n区审计局,2,3\n区审计局,3,3\n"
				   "区审计局,4,3\n区审计局,5,3\n区审计局,6,4\n区审计局,7,4\n区审计局,8.1,4\n区审计局,8.2,3\n"
				   "区审计局,9,5\n区审计局,10,3\n区审计局,11,2\n区审计局,19,5\n区审计局,20,5\n区审计局,21,5\n"
				   "区审计局,22,5\n区审计局,23,4\n";
	write_file(sheet, rows, strlen(rows));
	r = KP("score", "import", sheet);
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("score", "submit", "区审计局");
	assert_int_equal(r.status, 0);
	run_free(&r);
	/* Last year's results stay, side by side. */
	json_t *cmp = json_run(KP("--json", "report", "compare"));
	bool seen = false;
	json_array_foreach(cmp, i, v) if (!strcmp(json_string_value(json_object_get(v, "unit")), "区审计局"))
	{
		assert_int_equal(json_integer_value(json_object_get(v, "rank")), 1);
		json_t *w;
		size_t k;
		json_array_foreach(before, k, w) if (!strcmp(json_string_value(json_object_get(w, "unit")), "区审计局"))
		{
			assert_int_equal(json_integer_value(json_object_get(v, "last_rank")),
					 json_integer_value(json_object_get(w, "rank")));
			assert_true(json_real_value(json_object_get(v, "last_percent")) ==
				    json_real_value(json_object_get(w, "percent")));
		}
		seen = true;
	}
	assert_true(seen);
	json_decref(cmp);
	json_decref(before);
	json_t *years = json_run(KP("--json", "campaign", "list"));
	assert_int_equal(json_array_size(years), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(years, 1), "previous")), 1);
	json_decref(years);
	r = KP("audit", "list");
	assert_non_null(strstr(r.out, "campaign.copy"));
	run_free(&r);
	r = KP("audit", "verify");
	assert_int_equal(r.status, 0);
	run_free(&r);
	/* The leader's page shows both years. */
	r = KP("user", "token", "leader");
	char *req = xasprintf("GET /compare HTTP/1.0\r\nAuthorization: Bearer %.64s\r\n\r\n", r.out);
	run_free(&r);
	r = run_kaoping(req, (const char *const[]){"--db", db, "http", NULL});
	free(req);
	assert_non_null(strstr(r.out, "200 OK"));
	assert_non_null(strstr(r.out, "<th>上年排名</th>"));
	assert_non_null(strstr(r.out, "<td>区审计局</td>"));
	run_free(&r);
}

static void test_copy_refuses_a_year_not_after_or_already_there(void **state)
{
	(void)state;
	char *before = store_fingerprint(db);
	static const char *const bad[][2] = {
		{"2024", "give a year after the current campaign's 2024, not 2024"},
		{"2023", "give a year after the current campaign's 2024, not 2023"},
		{"25", "give a year like 2025"},
		{"二〇二五", "give a year like 2025"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct run r = KP("campaign", "copy", "--year", bad[i][0]);
		if (r.status != 2 || !strstr(r.err, bad[i][1]))
			fail_msg("--year %s: exit %d, %s", bad[i][0], r.status, r.err);
		run_free(&r);
	}
	struct run r = KP("report", "compare");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "was not copied from an earlier year"));
	run_free(&r);
	char *after = store_fingerprint(db);
	assert_string_equal(before, after);
	free(before), free(after);
	r = KP("campaign", "copy", "--year", "2026");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("campaign", "copy", "--year", "2026");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "2026"));
	run_free(&r);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, demo_store, drop_store)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates_and_texts_move_on_by_whole_years),
		T(test_copy_keeps_the_set_up_and_starts_the_year_afresh),
		T(test_copy_refuses_a_year_not_after_or_already_there),
	};
	return cmocka_run_group_tests_name("years", tests, NULL, NULL);
}
