/* test_clerk.c — the unit clerk's evening before the material deadline
 * (7月29日) on the pages: the to-do list puts what is due first first, each
 * row saying what is missing with a link to fix it; the score sheet shows
 * the evidence of each criterion; 提交自评 asks first on a page that lists
 * what is missing and what submitting freezes, then says it is done; a
 * 退回 reason is the first thing on the page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/util.h"
#include "domain/due.h"
#include "testutil.h"

static void sql(const char *stmt)
{
	db_exec(stmt);
}

/* The due days ("2024-07-29") of the items in the 最先要办 list of BODY, in order. */
static int next_days(const char *body, char days[][11], int max)
{
	const char *p = strstr(body, "<ol class=\"next\">"), *end = p ? strstr(p, "</ol>") : NULL;
	int n = 0;
	assert_non_null(end);
	while (n < max && (p = strstr(p, "<li>")) && p < end) {
		const char *d = strstr(p, "前 · ");
		assert_non_null(d);
		memcpy(days[n], d - 10, 10);
		days[n][10] = 0;
		n++;
		p++;
	}
	return n;
}

static void test_the_to_do_list_puts_what_is_due_first_first(void **state)
{
	(void)state;
	setenv("KAOPING_TODAY", "2024-07-28", 1);
	/* a material gap that is due on the 29th: criterion 4 without evidence or self score */
	sql("DELETE FROM score WHERE unit_id = 3 AND criterion_no = 4 AND kind = 0");
	sql("DELETE FROM evidence WHERE unit_id = 3 AND criterion_no = 4");
	struct session s = login("shenji");
	struct reply r = get("/units/3", s.token);
	assert_int_equal(r.status, 200);
	char days[5][11];
	int n = next_days(r.body, days, 5);
	assert_true(n > 0);
	for (int i = 1; i < n; i++)
		if (strcmp(days[i - 1], days[i]) > 0)
			fail_msg("最先要办 not in the order things are due: %s before %s", days[i - 1], days[i]);
	/* the demo's criteria are due 7月29日 (material), its tasks 7月31日: criteria come first */
	assert_string_equal(days[0], "2024-07-29");
	const char *list = strstr(r.body, "<ol class=\"next\">");
	const char *first = strstr(list, "<li>"), *item4 = strstr(list, "测评内容 4 ");
	assert_non_null(item4);
	assert_true(strstr(first, "还缺 ") != NULL);
	/* its row says what is missing and links to the criterion to fix it */
	const char *end4 = strstr(item4, "</li>");
	char *row = xstrndup(item4, (size_t)(end4 - item4));
	assert_non_null(strstr(row, "还缺 自评")); /* its evidence: a ledger entry proves it */
	assert_non_null(strstr(row, "href=\"/units/3/criteria/4\""));
	free(row);
	/* the score sheet shows each criterion's evidence: none for 4, a link to add it */
	assert_non_null(strstr(r.body, "<th>佐证</th>"));
	assert_non_null(strstr(r.body, "<a class=\"late\" href=\"/units/3/criteria/4\">未上传</a>"));
	reply_free(&r);
	/* the whole list in the same order, tasks anchored for their 去报完成 links */
	r = get("/units/3/due", s.token);
	const char *c29 = strstr(r.body, ">2024-07-29</td>"), *t31 = strstr(r.body, ">2024-07-31</td>");
	assert_non_null(c29);
	assert_true(!t31 || c29 < t31);
	assert_non_null(strstr(r.body, "id=\"u3-task-"));
	reply_free(&r);
	session_free(&s);
	unsetenv("KAOPING_TODAY");
}

static void test_submitting_asks_first_lists_what_is_missing_and_confirms(void **state)
{
	(void)state;
	sql("DELETE FROM score WHERE unit_id = 3 AND criterion_no = 4 AND kind = 0");
	struct session s = login("shenji");
	struct reply r = get("/units/3", s.token);
	assert_non_null(strstr(r.body, "href=\"/units/3/submit\"")); /* a link, not a one-click form */
	assert_null(strstr(r.body, "action=\"/units/3/submit\""));
	reply_free(&r);
	/* what is missing blocks it, and the page says so, with links */
	r = get("/units/3/submit", s.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "还不能提交：以下 1 项尚未自评"));
	assert_non_null(strstr(r.body, "href=\"/units/3/criteria/4\">第 4 条</a>"));
	assert_non_null(strstr(r.body, "将被锁定"));
	assert_null(strstr(r.body, "确认提交自评"));
	reply_free(&r);
	/* posting anyway: the same page, the refusal said, nothing submitted */
	char *body = xasprintf("csrf=%s", s.csrf);
	r = post("/units/3/submit", s.token, body);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "还不能提交"));
	reply_free(&r);
	/* self-assessed: the page asks, the button submits, success is said */
	char *self = xasprintf("csrf=%s&points0=3", s.csrf);
	r = post("/units/3/criteria/4/self", s.token, self);
	assert_int_equal(r.status, 303);
	reply_free(&r), free(self);
	r = get("/units/3/submit", s.token);
	assert_non_null(strstr(r.body, "确认提交自评"));
	assert_null(strstr(r.body, "还不能提交"));
	reply_free(&r);
	r = post("/units/3/submit", s.token, body);
	assert_int_equal(r.status, 303);
	char *loc = header(&r, "Location");
	assert_string_equal(loc, "/units/3?submitted=1");
	free(loc);
	reply_free(&r);
	r = get("/units/3?submitted=1", s.token);
	assert_non_null(strstr(r.body, "自评已提交，等待办公室审核"));
	reply_free(&r);
	free(body);
	session_free(&s);
}

/* due_order on its own: not done before done, by day, material before a task. */
static void test_due_order_is_by_day_then_material_first(void **state)
{
	(void)state;
	struct due_item items[] = {
		{.unit = 0, .kind = DUE_TASK, .no = 1, .due = "2024-07-31", .light = LIGHT_RED},
		{.unit = 0, .kind = DUE_CRITERION, .no = 9, .due = "2024-07-29", .light = LIGHT_YELLOW},
		{.unit = 1, .kind = DUE_CRITERION, .no = 1, .due = "2024-07-01", .light = LIGHT_RED},
		{.unit = 0, .kind = DUE_CRITERION, .no = 2, .due = "2024-07-01", .light = LIGHT_GREY},
		{.unit = 0, .kind = DUE_TASK, .no = 2, .due = "2024-07-29", .light = LIGHT_YELLOW},
		{.unit = 0, .kind = DUE_CRITERION, .no = 3, .due = "2024-07-29", .light = LIGHT_YELLOW},
	};
	struct due_list l = {.items = items, .n = 6};
	int order[6];
	int n = due_order(&l, 0, order);
	assert_int_equal(n, 5);
	static const int want[] = {5, 1, 4, 0, 3}; /* 7-29 criteria 3, 9; 7-29 task; 7-31 task; the done one */
	for (int i = 0; i < n; i++)
		if (order[i] != want[i])
			fail_msg("position %d: item %d, not %d", i, order[i], want[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_the_to_do_list_puts_what_is_due_first_first, demo_store, drop_store),
		cmocka_unit_test_setup_teardown(test_submitting_asks_first_lists_what_is_missing_and_confirms, demo_store,
						drop_store),
		cmocka_unit_test(test_due_order_is_by_day_then_material_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
