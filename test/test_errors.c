/* test_errors.c — every error a user can meet on a page is Chinese and names
 * no command, flag or file: the route table is walked, each form route
 * posted empty and then with nonsense in every field a form has, each page
 * asked for records that are not there, as the office, a unit's clerk and
 * an assessor; every refusal must be a page whose messages (class error and
 * field-error) hold Chinese and no "--flag", "kaoping …", "docs/" or CSRF.
 * The API answers the same mistakes with {"error":{"field","code","message"}}. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/util.h"
#include "testutil.h"

/* Nonsense for every field a form of kaoping has. */
static const char JUNK[] = "points0=abc&points1=9.99&points2=-1&comment=x&reason=&date=notadate&count=abc&ratio=7"
			   "&title=&name=BAD%20NAME&password=1&role=nobody&unit=99999&days=0&text=&criterion=99"
			   "&level=x&deadline=x&note=&kind=nope&value=x&outcome=&label=x&participants=-3&criteria=x,y"
			   "&units=nobody&exclude=nobody&seed=%25%25&weight_case=0&summary=&finding=&display=&year=1"
			   "&key=nope&proposal=x&due=x&as_of=x&days_left=x&event=nope&target=ftp%3A%2F%2Fx";

/* EXAMPLE with {u} as UNIT, and with every number after the first path
 * part as 99999 when BOGUS (a record that is not there). */
static char *path_of(const char *example, long unit, bool bogus)
{
	struct strbuf b = {0};
	for (const char *p = example; *p;) {
		if (!strncmp(p, "{u}", 3)) {
			sb_addf(&b, "%ld", bogus ? 99999L : unit);
			p += 3;
		} else if (bogus && *p >= '0' && *p <= '9' && p > example && p[-1] == '/') {
			while (*p >= '0' && *p <= '9')
				p++;
			sb_adds(&b, "99999");
		} else {
			sb_addc(&b, *p++);
		}
	}
	return b.s;
}

static bool has_cjk(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0xe3 && (unsigned char)s[i] <= 0xe9)
			return true;
	return false;
}

/* The problem with the error page BODY, or NULL. */
static const char *bad_error_page(const char *body)
{
	static const char *const words[] = {" --", "(--", "docs/", "CSRF", "No such file", "errno"};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strstr(body, words[i]))
			return words[i];
	for (const char *p = body; (p = strstr(p, "kaoping ")); p++)
		if (p[8] >= 'a' && p[8] <= 'z') /* a command, not the name in the footer */
			return "a kaoping command";
	int messages = 0;
	for (const char *p = body; (p = strstr(p, "class=\"")); p++) {
		const char *cls = p + 7;
		if (strncmp(cls, "error\"", 6) && strncmp(cls, "field-error\"", 12))
			continue;
		const char *start = strchr(p, '>'), *end = start ? strstr(start, "</") : NULL;
		if (!end)
			return "an unclosed message";
		messages++;
		if (!has_cjk(start, (size_t)(end - start)))
			return "a message without Chinese";
	}
	return messages ? NULL : "no message (class error or field-error)";
}

struct walk {
	struct strbuf problems;
	int refusals, pages;
};

static void check(struct walk *wk, const char *who, const char *method, const char *path, struct reply *r)
{
	if (r->status < 400)
		return;
	if (r->status == 401 || r->status == 403) { /* the role's; still Chinese */
		char *type = header(r, "Content-Type");
		bool html = type && strstr(type, "text/html");
		free(type);
		if (!html)
			return;
	}
	wk->refusals++;
	char *type = header(r, "Content-Type");
	bool html = type && strstr(type, "text/html");
	free(type);
	if (!html) {
		sb_addf(&wk->problems, "%s %s as %s: %d answered not as a page\n", method, path, who, r->status);
		return;
	}
	const char *why = bad_error_page(r->body);
	if (why)
	{
		const char *m = strstr(r->body, "class=\"error\"");
		if (!m)
			m = strstr(r->body, "class=\"field-error\"");
		sb_addf(&wk->problems, "%s %s as %s: %d: %s: %.160s\n", method, path, who, r->status, why, m ? m : "");
	}
}

static void test_every_error_on_a_page_is_chinese(void **state)
{
	(void)state;
	struct run rr = run_kaoping(NULL, (const char *const[]){"--db", db, "routes", NULL});
	json_error_t je;
	json_t *routes = json_loads(rr.out, 0, &je);
	run_free(&rr);
	assert_non_null(routes);
	static const struct {
		const char *name, *role;
	} who[] = {{"shenji", "unit"}, {"assessor1", "assessor"}, {"office", "admin"}};
	struct walk wk = {0};
	for (size_t a = 0; a < sizeof who / sizeof *who; a++) {
		struct session s = login(who[a].name);
		size_t i;
		json_t *route;
		json_array_foreach(routes, i, route) {
			const char *method = json_string_value(json_object_get(route, "method"));
			const char *example = json_string_value(json_object_get(route, "example"));
			const char *pattern = json_string_value(json_object_get(route, "pattern"));
			bool api = !strncmp(pattern, "/api/", 5);
			if (api || !strcmp(pattern, "/logout") || !strcmp(pattern, "/login"))
				continue;
			bool may = false;
			size_t k;
			json_t *role;
			json_array_foreach(json_object_get(route, "roles"), k, role) may |= !strcmp(json_string_value(role), who[a].role);
			if (!may && !json_is_true(json_object_get(route, "public")))
				continue;
			for (int bogus = 0; bogus < 2; bogus++) {
				char *path = path_of(example, 3, bogus);
				if (!strcmp(method, "POST")) {
					for (int junk = 0; junk < 2; junk++) {
						char *body = xasprintf("csrf=%s%s%s", s.csrf, junk ? "&" : "", junk ? JUNK : "");
						struct reply r = post(path, s.token, body);
						check(&wk, who[a].name, method, path, &r);
						reply_free(&r);
						free(body);
					}
				} else {
					struct reply r = get(path, s.token);
					wk.pages++;
					check(&wk, who[a].name, method, path, &r);
					reply_free(&r);
				}
				free(path);
			}
		}
		session_free(&s);
	}
	json_decref(routes);
	print_message("error walk: %d refusals checked (%d pages asked for)\n", wk.refusals, wk.pages);
	assert_true(wk.refusals > 50);
	if (wk.problems.len)
		fail_msg("errors a user would meet not in Chinese, or naming a command or flag:\n%s", sb_str(&wk.problems));
	sb_free(&wk.problems);
}

/* The API says what was wrong as data: the field, a stable code, a message. */
static void test_api_errors_are_structured(void **state)
{
	(void)state;
	struct session s = login("office");
	struct reply r = get("/api/v1/units/99999", s.token);
	json_error_t je;
	json_t *j = json_loads(r.body, 0, &je);
	assert_non_null(j);
	json_t *err = json_object_get(j, "error");
	assert_true(json_is_object(err));
	assert_true(json_is_string(json_object_get(err, "code")));
	assert_true(json_is_string(json_object_get(err, "message")));
	assert_non_null(json_object_get(err, "field"));
	assert_int_equal(json_integer_value(json_object_get(j, "status")), r.status);
	json_decref(j);
	reply_free(&r);
	/* without credentials */
	r = get("/api/v1/units", NULL);
	assert_int_equal(r.status, 401);
	j = json_loads(r.body, 0, &je);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "unauthorized");
	json_decref(j);
	reply_free(&r);
	session_free(&s);
}

/* A form refused keeps what was typed and says why beside the field. */
static void test_a_refused_form_keeps_what_was_typed(void **state)
{
	(void)state;
	struct session o = login("office");
	/* returned without a reason: the unit's page again, the message beside 退回原因 */
	struct session clerk = login("shenji");
	char *body = xasprintf("csrf=%s", clerk.csrf);
	struct reply r = post("/units/3/submit", clerk.token, body);
	reply_free(&r), free(body);
	body = xasprintf("csrf=%s&reason=", o.csrf);
	r = post("/units/3/return", o.token, body);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "<span class=\"field-error\" role=\"alert\">请填写原因</span>"));
	reply_free(&r), free(body);
	/* too long: what was typed comes back */
	struct strbuf longer = {0};
	for (int i = 0; i < 200; i++)
		sb_adds(&longer, "说明");
	body = xasprintf("csrf=%s&reason=%s", o.csrf, sb_str(&longer));
	r = post("/units/3/return", o.token, body);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "原因过长"));
	assert_non_null(strstr(r.body, sb_str(&longer)));
	reply_free(&r), free(body);
	sb_free(&longer);
	/* a score out of range: the criterion's page again, the typed 9 kept */
	body = xasprintf("csrf=%s&points0=9&comment=%s", o.csrf, "很好");
	r = post("/units/6/criteria/2/score", o.token, body);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "未保存："));
	assert_non_null(strstr(r.body, "超出范围"));
	assert_non_null(strstr(r.body, "name=\"points0\" inputmode=\"decimal\" size=\"5\" value=\"9\""));
	assert_non_null(strstr(r.body, "value=\"很好\""));
	reply_free(&r), free(body);
	/* once returned, the reason is the first thing the clerk reads */
	body = xasprintf("csrf=%s&reason=%s", o.csrf, "请补充第4条佐证材料");
	r = post("/units/3/return", o.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r), free(body);
	r = get("/units/3", clerk.token);
	const char *notice = strstr(r.body, "自评已被办公室退回");
	assert_non_null(notice);
	assert_non_null(strstr(notice, "请补充第4条佐证材料"));
	assert_true(notice < strstr(r.body, "<table")); /* above the sheet */
	reply_free(&r);
	session_free(&o), session_free(&clerk);
}

/* The spot-check pages with a draw in the store: a finding with a photo,
 * its download asked for by whom it does not concern and for files that
 * are not there, the finding form posted empty and with nonsense. */
static void test_spot_check_findings_errors_are_chinese(void **state)
{
	(void)state;
	const char *jpg = scratch_path("现场.jpg");
	write_file(jpg, "\xff\xd8\xff\xe0 photo", 10);
	struct run r = run_kaoping(NULL, (const char *const[]){"--db", db, "draw", "--count", "2", "--seed", "walk",
							       "--units", "审计局,工信局", NULL});
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = run_kaoping(NULL, (const char *const[]){"--db", db, "draw", "finding", "1", "工信局", "--file", jpg, "门口宣传栏未更新", NULL});
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = run_kaoping(NULL, (const char *const[]){"--db", db, "--json", "draw", "show", "1", NULL});
	json_error_t je;
	json_t *d = json_loads(r.out, 0, &je);
	run_free(&r);
	assert_non_null(d);
	long long unit = json_integer_value(json_object_get(json_array_get(json_object_get(d, "units"), 0), "unit"));
	json_decref(d);
	static const char *const who[] = {"shenji", "gongxin", "assessor1", "assessor4", "office"};
	struct walk wk = {0};
	for (size_t a = 0; a < sizeof who / sizeof *who; a++) {
		struct session s = login(who[a]);
		static const char *const pages[] = {"/draws/1", "/draws/99999", "/draws/1/findings/1/files/1",
						    "/draws/1/findings/1/files/2", "/draws/1/findings/99999/files/1",
						    "/draws/99999/findings/1/files/1", "/draws/1/findings/1/files/99999"};
		for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
			struct reply g = get(pages[i], s.token);
			wk.pages++;
			check(&wk, who[a], "GET", pages[i], &g);
			reply_free(&g);
		}
		char *path = xasprintf("/draws/1/units/%lld/findings", unit);
		for (int junk = 0; junk < 2; junk++) {
			char *body = xasprintf("csrf=%s%s%s", s.csrf, junk ? "&" : "", junk ? JUNK : "");
			struct reply p = post(path, s.token, body);
			check(&wk, who[a], "POST", path, &p);
			reply_free(&p);
			free(body);
		}
		free(path);
		session_free(&s);
	}
	print_message("spot-check walk: %d refusals checked\n", wk.refusals);
	assert_true(wk.refusals > 15);
	if (wk.problems.len)
		fail_msg("errors a user would meet not in Chinese, or naming a command or flag:\n%s", sb_str(&wk.problems));
	sb_free(&wk.problems);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_error_on_a_page_is_chinese, demo_store, drop_store),
		cmocka_unit_test_setup_teardown(test_api_errors_are_structured, demo_store, drop_store),
		cmocka_unit_test_setup_teardown(test_a_refused_form_keeps_what_was_typed, demo_store, drop_store),
		cmocka_unit_test_setup_teardown(test_spot_check_findings_errors_are_chinese, demo_store, drop_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
