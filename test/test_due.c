/* test_due.c — deadline lights: the pure rule at its day boundaries in
 * China time, and `kaoping due` / `kaoping tasks done|undo|due` through the
 * real binary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "domain/due.h"
#include "testutil.h"
#include "core/util.h"

#define KP(...) run_kaoping(NULL, (const char *const[]){"--db", db, __VA_ARGS__, NULL})

static void test_light_rule_at_the_window_and_the_due_day(void **state)
{
	(void)state;
	int32_t due = day_number("2024-07-29");
	assert_int_equal(day_number("2024-07-30") - due, 1);
	assert_int_equal(day_number("2024-02-30"), INT32_MIN);
	assert_int_equal(day_number("7月29日"), INT32_MIN);
	assert_int_equal(light_at(true, due, due + 100, 7), LIGHT_GREY);    /* done: grey, however late */
	assert_int_equal(light_at(false, due, due + 1, 7), LIGHT_RED);      /* the day after */
	assert_int_equal(light_at(false, due, due, 7), LIGHT_YELLOW);       /* the due day itself */
	assert_int_equal(light_at(false, due, due - 7, 7), LIGHT_YELLOW);   /* the first day of the window */
	assert_int_equal(light_at(false, due, due - 8, 7), LIGHT_GREEN);    /* the day before it */
	assert_int_equal(light_at(false, due, due, 0), LIGHT_YELLOW);       /* no window: yellow on the day */
	assert_int_equal(light_at(false, due, due - 1, 0), LIGHT_GREEN);
}

static void test_the_day_turns_at_midnight_china_time(void **state)
{
	(void)state;
	/* 2024-07-29 24:00 in Beijing is 2024-07-29T16:00:00Z. */
	const int64_t midnight = 1722268800;
	int32_t due = day_number("2024-07-29");
	assert_int_equal(zone_day("Asia/Shanghai", midnight - 1), due);
	assert_int_equal(zone_day("Asia/Shanghai", midnight), due + 1);
	assert_int_equal(light_at(false, due, zone_day("Asia/Shanghai", midnight - 1), 7), LIGHT_YELLOW);
	assert_int_equal(light_at(false, due, zone_day("Asia/Shanghai", midnight), 7), LIGHT_RED);
	/* 07:00 in Beijing on the 29th is still the 28th in UTC. */
	assert_int_equal(zone_day("Asia/Shanghai", midnight - 17 * 3600), due);
	assert_int_equal(zone_day("UTC", midnight - 17 * 3600), due - 1);
	assert_int_equal(zone_day("UTC", -1), -1);
}

/* Counts of each light key in the JSON listing of R. */
static void light_counts(struct run *r, int n[4])
{
	json_error_t je;
	memset(n, 0, 4 * sizeof *n);
	if (r->status)
		fail_msg("exit %d: %s", r->status, r->err);
	json_t *j = json_loads(r->out, 0, &je), *v;
	if (!j)
		fail_msg("not JSON: %s", r->out);
	size_t i;
	json_array_foreach(j, i, v) n[light_parse(json_string_value(json_object_get(v, "light")))]++;
	json_decref(j);
	run_free(r);
}

static void test_due_as_of_a_day_lights_tasks_and_criteria(void **state)
{
	(void)state;
	int n[4];
	/* 区审计局: 7 tasks (due 07-31), 16 criteria (materials due 07-29); nothing filed. */
	struct run r = KP("--json", "due", "--unit", "审计局", "--as-of", "2024-07-22");
	light_counts(&r, n);
	assert_int_equal(n[LIGHT_YELLOW], 16); /* 7 days before the material deadline */
	assert_int_equal(n[LIGHT_GREEN], 7);   /* 9 days before the task deadline */
	r = KP("--json", "due", "--unit", "审计局", "--as-of", "2024-07-30");
	light_counts(&r, n);
	assert_int_equal(n[LIGHT_RED], 16);
	assert_int_equal(n[LIGHT_YELLOW], 7);
	/* A task reported done turns grey; taken back, it is owed again. */
	r = KP("tasks", "done", "区审计局", "6", "--note", "已开展宣传月活动");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("--json", "due", "--unit", "审计局", "--kind", "task", "--as-of", "2024-08-15");
	light_counts(&r, n);
	assert_int_equal(n[LIGHT_GREY], 1);
	assert_int_equal(n[LIGHT_RED], 6);
	r = KP("tasks", "undo", "区审计局", "6");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("--json", "due", "--unit", "审计局", "--kind", "task", "--light", "grey", "--as-of", "2024-08-15");
	light_counts(&r, n);
	assert_int_equal(n[LIGHT_GREY], 0);
	/* A task's own deadline moves its light. */
	r = KP("tasks", "due", "6", "2024-09-30");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("--json", "due", "--unit", "审计局", "--kind", "task", "--light", "green", "--as-of", "2024-08-15");
	light_counts(&r, n);
	assert_int_equal(n[LIGHT_GREEN], 1);
	/* Evidence and a self-assessment make a criterion grey. */
	r = KP("score", "set", "区审计局", "2", "4", "--self");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("--json", "due", "--unit", "审计局", "--kind", "criterion", "--light", "red", "--as-of", "2024-08-15");
	light_counts(&r, n);
	assert_int_equal(n[LIGHT_RED], 16); /* self-assessed, but no evidence yet */
	r = KP("audit", "list");
	assert_non_null(strstr(r.out, "task.done"));
	assert_non_null(strstr(r.out, "task.undone"));
	assert_non_null(strstr(r.out, "task.due"));
	run_free(&r);
}

static void test_due_csv_has_a_bom_and_the_window_setting_applies(void **state)
{
	(void)state;
	struct run r = KP("due", "--unit", "审计局", "--format", "csv", "--as-of", "2024-07-20");
	assert_int_equal(r.status, 0);
	assert_memory_equal(r.out, "\xef\xbb\xbf", 3);
	assert_non_null(strstr(r.out, "单位,类别,编号,状态,截止,剩余天数,缺,完成,内容"));
	assert_non_null(strstr(r.out, "区审计局,测评内容,2,按期推进,2024-07-29,9,佐证材料、自评,,"));
	run_free(&r);
	r = KP("setting", "set", "due_window_days", "10");
	run_free(&r);
	r = KP("due", "--unit", "审计局", "--format", "csv", "--as-of", "2024-07-20");
	assert_non_null(strstr(r.out, "区审计局,测评内容,2,即将到期,2024-07-29,9,佐证材料、自评,,"));
	run_free(&r);
}

static void test_bad_due_and_task_input_is_refused_and_changes_nothing(void **state)
{
	(void)state;
	char *before = store_fingerprint(db);
	static const char *const cases[][7] = {
		{"due", "--light", "blue", NULL, NULL, NULL, "--light: \"blue\" is not red, yellow, green or grey"},
		{"due", "--kind", "tasks", NULL, NULL, NULL, "--kind: \"tasks\" is not task or criterion"},
		{"due", "--as-of", "2024-13-01", NULL, NULL, NULL, "--as-of: give a date YYYY-MM-DD"},
		{"due", "--unit", "区政府机关各单位", NULL, NULL, NULL, "--unit: give one unit"},
		{"tasks", "done", "区审计局", "3", NULL, NULL, "task is not one of 区审计局's tasks"},
		{"tasks", "done", "区审计局", "99", NULL, NULL, "task: no task 99"},
		{"tasks", "done", "区审计局", "第3项", NULL, NULL, "task: give the task's number"},
		{"tasks", "due", "3", "7月31日", NULL, NULL, "deadline: give a date YYYY-MM-DD"},
		{"tasks", "done", "教育局", "1", NULL, NULL, "unknown unit \"教育局\""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *argv[8] = {"--db", db};
		int n = 2;
		for (int k = 0; k < 6 && cases[i][k]; k++)
			argv[n++] = cases[i][k];
		argv[n] = NULL;
		struct run r = run_kaoping(NULL, argv);
		if (r.status != 2 || !strstr(r.err, cases[i][6]))
			fail_msg("%s %s %s: exit %d, stderr %s", cases[i][0], cases[i][1], cases[i][2], r.status, r.err);
		run_free(&r);
	}
	char *after = store_fingerprint(db);
	assert_string_equal(before, after);
	free(before), free(after);
}

/* Duty verdicts follow the same "today" as the lights (KAOPING_TODAY in
 * tests): before the deadline a duty short of its count is still open. */
static void test_duty_status_uses_the_campaigns_today(void **state)
{
	(void)state;
	struct run r = KP("duty", "propose");
	run_free(&r);
	r = KP("duty", "confirm", "1");
	assert_int_equal(r.status, 0);
	run_free(&r);
	setenv("KAOPING_TODAY", "2024-07-01", 1);
	r = KP("duty", "status", "--unit", "审计局");
	unsetenv("KAOPING_TODAY");
	assert_non_null(strstr(r.out, "未完成"));
	assert_null(strstr(r.out, "未按期完成"));
	run_free(&r);
	r = KP("duty", "status", "--unit", "审计局");
	assert_non_null(strstr(r.out, "未按期完成")); /* today is after 2024-07-31 */
	run_free(&r);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fresh_store, drop_store)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_light_rule_at_the_window_and_the_due_day),
		cmocka_unit_test(test_the_day_turns_at_midnight_china_time),
		T(test_due_as_of_a_day_lights_tasks_and_criteria),
		T(test_due_csv_has_a_bom_and_the_window_setting_applies),
		T(test_bad_due_and_task_input_is_refused_and_changes_nothing),
		T(test_duty_status_uses_the_campaigns_today),
	};
	return cmocka_run_group_tests_name("due", tests, NULL, NULL);
}
