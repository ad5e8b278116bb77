/* test_web.c — the web application through the real binary (`kaoping http`
 * answers one request from stdin): log-in with its CSRF, sessions and
 * log-out, lock-out, the authorization matrix generated from the route
 * table (every route × every role, and a unit account aiming at another
 * unit), CSRF on every POST, escaping of stored text, and the pages' HTML. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "io/chart.h"
#include "testutil.h"
#include "core/util.h"

static void test_health_and_login_page_are_public_and_pages_need_a_session(void **state)
{
	(void)state;
	struct reply r = get("/healthz", NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "ok\n");
	reply_free(&r);
	r = get("/ranking", NULL);
	assert_int_equal(r.status, 303);
	char *loc = header(&r, "Location");
	assert_string_equal(loc, "/login?next=%2Franking");
	free(loc);
	reply_free(&r);
	r = get("/api/v1/ranking", NULL);
	assert_int_equal(r.status, 401);
	assert_non_null(strstr(r.body, "\"error\""));
	reply_free(&r);
	r = get("/login", NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<html lang=\"zh-CN\">"));
	assert_non_null(strstr(r.head, "Set-Cookie: kp_login="));
	reply_free(&r);
}

static void test_login_sets_a_hardened_cookie_and_logout_ends_the_session(void **state)
{
	(void)state;
	struct reply r = try_login("office", "kaoping-demo-2024");
	assert_int_equal(r.status, 303);
	assert_non_null(strstr(r.head, "HttpOnly; SameSite=Lax"));
	char *token = set_cookie(&r, "kp_session");
	reply_free(&r);
	r = get("/", token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "各单位进度"));
	char *csrf = hidden(r.body, "csrf");
	reply_free(&r);
	/* Log-out is a POST with the CSRF token; afterwards the token is dead. */
	char *body = xasprintf("csrf=%s", csrf);
	r = post("/logout", token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	r = get("/", token);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	free(body), free(csrf), free(token);
	/* The log-in form's own CSRF: without the cookie it is refused. */
	r = post("/login", NULL, "name=office&password=kaoping-demo-2024&login_csrf=abc");
	assert_int_equal(r.status, 403);
	assert_null(set_cookie(&r, "kp_session"));
	reply_free(&r);
}

static void test_wrong_passwords_lock_the_account(void **state)
{
	(void)state;
	for (int i = 0; i < 5; i++) {
		struct reply r = try_login("leader", "wrong-password-1");
		assert_int_equal(r.status, 401);
		assert_non_null(strstr(r.body, "账号或密码不对"));
		reply_free(&r);
	}
	struct reply r = try_login("leader", "kaoping-demo-2024");
	assert_int_equal(r.status, 401); /* locked, though the password is right */
	reply_free(&r);
	r = try_login("nosuchuser", "kaoping-demo-2024");
	assert_int_equal(r.status, 401);
	reply_free(&r);
	struct run a = run_kaoping(NULL, (const char *const[]){"--db", db, "audit", "list", NULL});
	assert_non_null(strstr(a.out, "auth.fail"));
	run_free(&a);
	/* A new password clears the lock. */
	a = run_kaoping("another-pass-2025\n", (const char *const[]){"--db", db, "user", "passwd", "leader", "--password-stdin", NULL});
	assert_int_equal(a.status, 0);
	run_free(&a);
	r = try_login("leader", "another-pass-2025");
	assert_int_equal(r.status, 303);
	reply_free(&r);
}

/* Role of each demo account, and the unit id of the unit accounts. */
static const struct {
	const char *name, *role;
} accounts[] = {{"office", "admin"}, {"assessor1", "assessor"}, {"shenji", "unit"}, {"leader", "leader"},
		{"auditor", "auditor"}};

/* Fills {u} in EXAMPLE with UNIT. */
static char *example_path(const char *example, long unit)
{
	const char *p = strstr(example, "{u}");
	if (!p)
		return xstrdup(example);
	return xasprintf("%.*s%ld%s", (int)(p - example), example, unit, p + 3);
}

static bool role_in(json_t *roles, const char *role)
{
	size_t i;
	json_t *v;
	json_array_foreach(roles, i, v) if (!strcmp(json_string_value(v), role)) return true;
	return false;
}

/* True when R shows the request got past authentication and authorization. */
static bool admitted(const struct reply *r)
{
	char *loc = header(r, "Location");
	bool to_login = loc && !strncmp(loc, "/login", 6);
	free(loc);
	return r->status != 401 && r->status != 403 && !to_login;
}

static void test_authorization_matrix_from_the_route_table(void **state)
{
	(void)state;
	struct run rr = run_kaoping(NULL, (const char *const[]){"--db", db, "routes", NULL});
	json_error_t je;
	json_t *routes = json_loads(rr.out, 0, &je);
	run_free(&rr);
	assert_non_null(routes);
	assert_true(json_array_size(routes) >= 20);
	const long own_unit = 3, other_unit = 6; /* shenji belongs to 区审计局 (id 3) */
	struct session sessions[5];
	for (int a = 0; a < 5; a++)
		sessions[a] = login(accounts[a].name);
	size_t i;
	json_t *route;
	int checks = 0;
	json_array_foreach(routes, i, route) {
		const char *method = json_string_value(json_object_get(route, "method"));
		const char *example = json_string_value(json_object_get(route, "example"));
		const char *pattern = json_string_value(json_object_get(route, "pattern"));
		bool public = json_is_true(json_object_get(route, "public"));
		bool scoped = json_is_true(json_object_get(route, "unit_scoped"));
		json_t *roles = json_object_get(route, "roles");
		if (!strcmp(pattern, "/logout") || !strcmp(pattern, "/login"))
			continue; /* covered by the log-in tests: they end or make sessions */
		/* anonymous, then each role; unit accounts also at another unit */
		for (int a = -1; a < 5; a++) {
			for (int target = 0; target < (a >= 0 && scoped && !strcmp(accounts[a].role, "unit") ? 2 : 1); target++) {
				long unit = target ? other_unit : own_unit;
				char *path = example_path(example, unit);
				const char *session = a >= 0 ? sessions[a].token : NULL;
				struct reply r;
				if (!strcmp(method, "POST")) {
					char *body = xasprintf("csrf=%s", a >= 0 ? sessions[a].csrf : "");
					r = post(path, session, body);
					free(body);
				} else {
					r = get(path, session);
				}
				bool want = public || (a >= 0 && role_in(roles, accounts[a].role) && target == 0);
				if (admitted(&r) != want)
					fail_msg("%s %s as %s: status %d, expected %s", method, path, a >= 0 ? accounts[a].name : "anonymous",
						 r.status, want ? "admitted" : "refused");
				if (!want && a >= 0 && r.status != 403)
					fail_msg("%s %s as %s: refused with %d, expected 403", method, path, accounts[a].name, r.status);
				checks++;
				reply_free(&r);
				free(path);
			}
		}
	}
	print_message("authorization matrix: %d checks over %zu routes\n", checks, json_array_size(routes));
	for (int a = 0; a < 5; a++)
		session_free(&sessions[a]);
	json_decref(routes);
}

static void test_every_post_needs_the_csrf_token(void **state)
{
	(void)state;
	struct session s = login("office");
	struct reply r = post("/units/3/criteria/2/score", s.token, "points0=3");
	assert_int_equal(r.status, 403);
	assert_non_null(strstr(r.body, "页面已过期或不是从本系统提交的"));
	reply_free(&r);
	r = post("/units/3/criteria/2/score", s.token, "points0=3&csrf=00000000000000000000000000000000");
	assert_int_equal(r.status, 403);
	reply_free(&r);
	char *body = xasprintf("points0=3&csrf=%s", s.csrf);
	r = post("/units/3/criteria/2/score", s.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	free(body);
	session_free(&s);
}

static void test_unit_clerk_self_assesses_and_text_comes_back_escaped(void **state)
{
	(void)state;
	struct session s = login("shenji");
	struct reply r = get("/", s.token);
	char *loc = header(&r, "Location");
	assert_string_equal(loc, "/units/3");
	free(loc);
	reply_free(&r);
	char *body = xasprintf("csrf=%s&points0=3.5&comment=%%3Cscript%%3Ealert(1)%%3C%%2Fscript%%3E%%22%%27", s.csrf);
	r = post("/units/3/criteria/2/self", s.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	free(body);
	r = get("/units/3/criteria/2", s.token);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "<script>"));
	assert_non_null(strstr(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;"));
	assert_non_null(strstr(r.body, "<td class=\"n\">3.5</td>"));
	reply_free(&r);
	/* Bad points are refused with a message, nothing stored. */
	char *before = store_fingerprint(db);
	body = xasprintf("csrf=%s&points0=3.55", s.csrf);
	r = post("/units/3/criteria/2/self", s.token, body);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	free(body);
	body = xasprintf("csrf=%s&points0=9", s.csrf);
	r = post("/units/3/criteria/2/self", s.token, body);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "第2条的得分 9 超出范围 0–4")); /* the web words it in Chinese */
	reply_free(&r);
	free(body);
	/* A criterion the unit does not answer for. */
	r = get("/units/3/criteria/12", s.token);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	char *after = store_fingerprint(db);
	/* Sessions touch last_seen; compare the scores only. */
	assert_non_null(strstr(after, "[score]"));
	assert_string_equal(strstr(before, "[score]"), strstr(after, "[score]"));
	free(before), free(after);
	session_free(&s);
}

static void test_api_reads_and_writes_with_a_bearer_token(void **state)
{
	(void)state;
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "user", "token", "assessor1", NULL});
	assert_int_equal(t.status, 0);
	char token[65];
	snprintf(token, sizeof token, "%s", t.out);
	run_free(&t);
	char *req = xasprintf("GET /api/v1/ranking HTTP/1.1\r\nAuthorization: Bearer %s\r\n\r\n", token);
	struct reply r = http(req);
	free(req);
	assert_int_equal(r.status, 200);
	json_error_t je;
	json_t *j = json_loads(r.body, 0, &je);
	assert_int_equal(json_array_size(j), 18);
	json_decref(j);
	reply_free(&r);
	const char *score = "{\"criterion\":\"8.2\",\"points\":2.5,\"comment\":\"api\"}";
	req = xasprintf("POST /api/v1/units/3/scores HTTP/1.1\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\n"
			"Content-Length: %zu\r\n\r\n%s", token, strlen(score), score);
	r = http(req);
	free(req);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	req = xasprintf("GET /api/v1/units/3 HTTP/1.1\r\nAuthorization: Bearer %s\r\n\r\n", token);
	r = http(req);
	free(req);
	assert_non_null(strstr(r.body, "\"assessor\": 2.5"));
	reply_free(&r);
	req = xasprintf("GET /api/v1/ranking?offset=2&limit=3 HTTP/1.1\r\nAuthorization: Bearer %s\r\n\r\n", token);
	r = http(req);
	free(req);
	j = json_loads(r.body, 0, &je);
	assert_int_equal(json_array_size(j), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 0), "rank")), 3);
	json_decref(j);
	reply_free(&r);
	req = xasprintf("GET /api/v1/ranking?offset=2abc HTTP/1.1\r\nAuthorization: Bearer %s\r\n\r\n", token);
	r = http(req);
	free(req);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	req = xasprintf("GET /api/v1/ranking?limit=0 HTTP/1.1\r\nAuthorization: Bearer %s\r\n\r\n", token);
	r = http(req);
	free(req);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	r = http("GET /api/v1/ranking HTTP/1.1\r\nAuthorization: Bearer 0000000000000000000000000000000000000000000000000000000000000000\r\n\r\n");
	assert_int_equal(r.status, 401);
	reply_free(&r);
}

/* A new API token of ACCOUNT, made on the command line. */
static void api_token(const char *account, char token[65])
{
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "user", "token", account, NULL});
	if (t.status || strlen(t.out) < 64)
		fail_msg("user token %s: %s", account, t.err);
	snprintf(token, 65, "%.64s", t.out);
	run_free(&t);
}

/* A multipart request carrying one file field "file" named NAME. */
static char *multipart_request(const char *path, const char *token, const char *name, const char *data, size_t len)
{
	struct strbuf body = {0};
	sb_addf(&body, "--B0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
		       "Content-Type: application/octet-stream\r\n\r\n", name);
	sb_add(&body, data, len);
	sb_adds(&body, "\r\n--B0undary--\r\n");
	char *req = xasprintf("POST %s HTTP/1.1\r\nAuthorization: Bearer %s\r\n"
			      "Content-Type: multipart/form-data; boundary=B0undary\r\nContent-Length: %zu\r\n\r\n",
			      path, token, body.len);
	struct strbuf all = {0};
	sb_adds(&all, req);
	sb_add(&all, body.s, body.len);
	free(req);
	sb_free(&body);
	return all.s;
}

static void test_api_uploads_and_lists_evidence_for_the_own_unit_only(void **state)
{
	(void)state;
	char token[65];
	api_token("shenji", token);
	const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
	char *req = multipart_request("/api/v1/units/3/criteria/4/evidence", token, "会议纪要.pdf", pdf, sizeof pdf - 1);
	struct reply r = http(req);
	free(req);
	if (r.status != 201)
		fail_msg("upload answered %d: %s", r.status, r.body);
	json_error_t je;
	json_t *j = json_loads(r.body, 0, &je);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "file_name")), "会议纪要.pdf");
	assert_string_equal(json_string_value(json_object_get(j, "type")), "application/pdf");
	assert_int_equal(json_integer_value(json_object_get(j, "criterion")), 4);
	assert_int_equal(json_integer_value(json_object_get(j, "size")), (json_int_t)(sizeof pdf - 1));
	json_int_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	reply_free(&r);
	/* A file whose content is not what its name says is refused, by name. */
	req = multipart_request("/api/v1/units/3/criteria/4/evidence", token, "fake.pdf", "MZ not a pdf file", 17);
	r = http(req);
	free(req);
	assert_int_equal(r.status, 400);
	if (!strstr(r.body, "fake.pdf"))
		fail_msg("refusal does not name the file: %s", r.body);
	reply_free(&r);
	/* Another unit's criterion: refused before anything is stored. */
	req = multipart_request("/api/v1/units/6/criteria/4/evidence", token, "x.pdf", pdf, sizeof pdf - 1);
	r = http(req);
	free(req);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	req = xasprintf("GET /api/v1/units/3/evidence HTTP/1.1\r\nAuthorization: Bearer %s\r\n\r\n", token);
	r = http(req);
	free(req);
	j = json_loads(r.body, 0, &je);
	assert_int_equal(json_array_size(j), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 0), "id")), id);
	char url[64];
	snprintf(url, sizeof url, "/units/3/evidence/%lld", (long long)id);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "url")), url);
	json_decref(j);
	reply_free(&r);
	req = xasprintf("GET /api/v1/units/6/evidence HTTP/1.1\r\nAuthorization: Bearer %s\r\n\r\n", token);
	r = http(req);
	free(req);
	assert_int_equal(r.status, 403);
	reply_free(&r);
}

static void test_unit_to_do_list_reports_tasks_done_and_lights_criteria(void **state)
{
	(void)state;
	struct session s = login("shenji");
	struct reply r = get("/units/3/due", s.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "区审计局 待办与催办单"));
	/* The demo's deadlines (2024) are past: an unreported task is red. */
	char *form = strstr(r.body, "action=\"/units/3/tasks/");
	assert_non_null(form);
	char action[64];
	assert_int_equal(sscanf(form, "action=\"%63[^\"]", action), 1);
	assert_non_null(strstr(action, "/done"));
	reply_free(&r);
	char *body = xasprintf("note=%s&csrf=%s", "%E5%B7%B2%E5%8D%B0%E5%8F%91", s.csrf); /* 已印发 */
	r = post(action, s.token, body);
	free(body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	r = get("/units/3/due?light=grey", s.token);
	assert_non_null(strstr(r.body, "撤回"));
	assert_non_null(strstr(r.body, "l-grey"));
	assert_null(strstr(r.body, "light l-red\">已逾期</span>"));
	reply_free(&r);
	/* The JSON list: a grey task now, no task 3 (not 区审计局's). */
	r = get("/api/v1/units/3/due", s.token);
	json_error_t je;
	json_t *j = json_loads(r.body, 0, &je), *v;
	assert_non_null(j);
	reply_free(&r);
	size_t i;
	bool grey_task = false, criterion5 = false;
	json_array_foreach(j, i, v) {
		if (!strcmp(json_string_value(json_object_get(v, "kind")), "task"))
			grey_task |= !strcmp(json_string_value(json_object_get(v, "light")), "grey");
		assert_false(!strcmp(json_string_value(json_object_get(v, "kind")), "task") &&
			     json_integer_value(json_object_get(v, "no")) == 3);
		if (!strcmp(json_string_value(json_object_get(v, "kind")), "criterion") &&
		    json_integer_value(json_object_get(v, "no")) == 5) {
			assert_string_equal(json_string_value(json_object_get(v, "light")), "red");
			assert_string_equal(json_string_value(json_object_get(v, "missing")), "佐证材料"); /* self-assessed in the demo */
			criterion5 = true;
		}
	}
	assert_true(grey_task && criterion5);
	json_decref(j);
	/* Every task id the unit's page offers no form for is another unit's
	 * task: reporting it done through the unit's own address finds nothing. */
	r = get("/units/3/due", s.token);
	for (int id = 1; id <= 11; id++) {
		char path[64];
		snprintf(path, sizeof path, "/units/3/tasks/%d/", id);
		if (strstr(r.body, path))
			continue;
		char *p = xasprintf("/units/3/tasks/%d/done", id);
		body = xasprintf("csrf=%s", s.csrf);
		struct reply x = post(p, s.token, body);
		if (x.status != 404)
			fail_msg("%s answered %d, not 404", p, x.status);
		reply_free(&x);
		free(p), free(body);
	}
	reply_free(&r);
	/* Evidence makes criterion 5 grey (it is self-assessed already). */
	const char pdf[] = "%PDF-1.4\n%%EOF\n";
	char token[65];
	api_token("shenji", token);
	char *req = multipart_request("/api/v1/units/3/criteria/5/evidence", token, "纪要.pdf", pdf, sizeof pdf - 1);
	r = http(req);
	free(req);
	assert_int_equal(r.status, 201);
	reply_free(&r);
	r = get("/api/v1/units/3/due?kind=criterion&light=grey", s.token);
	assert_non_null(strstr(r.body, "\"no\":5,"));
	reply_free(&r);
	/* The CSV is saved under the unit's name. */
	r = get("/units/3/due.csv", s.token);
	char *cd = header(&r, "Content-Disposition");
	assert_non_null(cd);
	assert_non_null(strstr(cd, "filename*=UTF-8''%E5%8C%BA%E5%AE%A1%E8%AE%A1%E5%B1%80")); /* 区审计局 */
	free(cd);
	reply_free(&r);
	/* The office sees every unit's lights; the reminder sheets print. */
	session_free(&s);
	s = login("office");
	/* The dashboard counts criteria with evidence: the demo ledger's
	 * links (4, 6, 8, 9) and the file on 5, of 区审计局's 16. */
	r = get("/", s.token);
	char *row = strstr(r.body, "<a href=\"/units/3\">");
	assert_non_null(row);
	*strstr(row, "</tr>") = 0;
	if (!strstr(row, ">5 / 16<"))
		fail_msg("dashboard row of 区审计局: %s", row);
	reply_free(&r);
	r = get("/due", s.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "/units/3/due"));
	reply_free(&r);
	r = get("/due/reminders", s.token);
	assert_non_null(strstr(r.body, "致：区审计局"));
	reply_free(&r);
	r = get("/due.csv?light=red", s.token);
	assert_memory_equal(r.body, "\xef\xbb\xbf", 3);
	assert_null(strstr(r.body, "按期推进"));
	reply_free(&r);
	r = get("/due?light=purple", s.token);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	/* A unit in a filter is a whole number that names a unit. */
	static const char *const filters[][2] = {
		{"/cases?unit=3", "200"}, {"/cases?unit=3abc", "400"}, {"/cases?unit=-3", "400"},
		{"/complaints?unit=3", "200"}, {"/complaints?unit=3%20", "400"}, {"/api/v1/cases?unit=99999", "400"},
	};
	for (size_t f = 0; f < sizeof filters / sizeof *filters; f++) {
		r = get(filters[f][0], s.token);
		if (r.status != atoi(filters[f][1]))
			fail_msg("%s answered %d, not %s", filters[f][0], r.status, filters[f][1]);
		reply_free(&r);
	}
	session_free(&s);
}

/* The table row of BODY that names UNIT, copied (caller frees); fails the
 * test when there is none. Charts (before the table) are passed over. */
static char *row_naming(const char *body, const char *unit)
{
	const char *table = strstr(body, "<table");
	const char *p = strstr(table ? table : body, unit);
	if (!p)
		fail_msg("no row names %s", unit);
	const char *start = p, *end = strstr(p, "</tr>");
	while (start > body && strncmp(start, "<tr>", 4))
		start--;
	assert_non_null(end);
	return strndup(start, (size_t)(end - start));
}

static void test_ranking_page_and_api_show_an_incomplete_assessment_as_incomplete(void **state)
{
	(void)state;
	/* 区酒管局 (not assessed in the demo): 2 of its 18 parts drafted */
	const char *file = scratch_path("two.csv");
	static const char rows[] = "unit,criterion,points\n区酒管局,1.1,1\n区酒管局,1.2,1\n";
	write_file(file, rows, strlen(rows));
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "score", "import", file, NULL});
	assert_int_equal(t.status, 0);
	run_free(&t);
	struct session o = login("office");
	struct reply r = get("/ranking", o.token);
	assert_int_equal(r.status, 200);
	char *row = row_naming(r.body, "区酒管局");
	assert_non_null(strstr(row, "未完成测评 2/18（含草稿）"));
	assert_null(strstr(row, "不合格"));
	assert_null(strstr(row, "%"));
	free(row);
	row = row_naming(r.body, "区审计局"); /* the demo's drafts only: all 18, none submitted */
	assert_non_null(strstr(row, "未完成测评 18/18（含草稿）"));
	free(row);
	row = row_naming(r.body, "区民政局"); /* submitted: ranked and graded */
	assert_non_null(strstr(row, "<td class=\"n\">1</td>"));
	assert_non_null(strstr(row, "优秀"));
	free(row);
	assert_non_null(strstr(r.body, "草稿不计"));
	reply_free(&r);
	r = get("/district", o.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "未完成测评 "));
	/* The page and the JSON report come from the same typed rows: the
	 * totals, the counts and every criterion's mean agree. */
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "report", "district", "--format", "json", NULL});
	assert_int_equal(t.status, 0);
	json_error_t dje;
	json_t *dj = json_loads(t.out, 0, &dje);
	assert_non_null(dj);
	run_free(&t);
	char a[24], b[24];
	char *want = xasprintf("合计 %s / %s \xc2\xb7 未完成测评 %lld/%lld</p>",
			       points_format((int)(json_number_value(json_object_get(dj, "points")) * 10 + 0.5), a),
			       points_format((int)(json_number_value(json_object_get(dj, "max_points")) * 10 + 0.5), b),
			       json_integer_value(json_object_get(dj, "scored")), json_integer_value(json_object_get(dj, "of")));
	if (!strstr(r.body, want))
		fail_msg("/district lacks \"%s\"", want);
	free(want);
	size_t di, dk, dm;
	json_t *dit, *dind, *dcr;
	int rows_seen = 0;
	json_array_foreach(json_object_get(dj, "items"), di, dit) json_array_foreach(json_object_get(dit, "indicators"), dk, dind)
		json_array_foreach(json_object_get(dind, "criteria"), dm, dcr) {
		char want_row[256];
		snprintf(want_row, sizeof want_row, "<td class=\"n\">%lld</td><td class=\"n\">%s</td>"
			 "<td class=\"n\">%s</td><td class=\"n\">%lld/%lld</td>",
			 json_integer_value(json_object_get(dcr, "no")),
			 points_format((int)(json_number_value(json_object_get(dcr, "max_points")) * 10 + 0.5), a),
			 points_format((int)(json_number_value(json_object_get(dcr, "points")) * 10 + 0.5), b),
			 json_integer_value(json_object_get(dcr, "scored")), json_integer_value(json_object_get(dcr, "responsible")));
		if (!strstr(r.body, want_row))
			fail_msg("/district lacks the row %s", want_row);
		rows_seen++;
	}
	assert_true(rows_seen > 20);
	json_decref(dj);
	reply_free(&r);
	r = get("/", o.token);
	row = row_naming(r.body, "区审计局");
	assert_non_null(strstr(row, "未完成测评"));
	free(row);
	reply_free(&r);
	session_free(&o);
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "user", "token", "leader", NULL});
	char *req = xasprintf("GET /api/v1/ranking HTTP/1.1\r\nAuthorization: Bearer %.64s\r\n\r\n", t.out);
	run_free(&t);
	r = http(req);
	free(req);
	json_error_t je;
	json_t *j = json_loads(r.body, 0, &je), *v;
	size_t i;
	bool seen = false;
	json_array_foreach(j, i, v) if (!strcmp(json_string_value(json_object_get(v, "unit")), "区酒管局"))
	{
		assert_true(json_is_false(json_object_get(v, "complete")));
		assert_int_equal(json_integer_value(json_object_get(v, "scored")), 2);
		assert_int_equal(json_integer_value(json_object_get(v, "of")), 18);
		assert_int_equal(json_integer_value(json_object_get(v, "drafts")), 2);
		assert_true(json_is_null(json_object_get(v, "grade")));
		assert_true(json_is_null(json_object_get(v, "rank")));
		seen = true;
	}
	assert_true(seen);
	assert_true(json_is_true(json_object_get(json_array_get(j, 0), "complete")));
	json_decref(j);
	reply_free(&r);
}

/* How many times NEEDLE occurs in S. */
static int count(const char *s, const char *needle)
{
	int n = 0;
	size_t len = strlen(needle);
	while ((s = strstr(s, needle)) != NULL)
		n++, s += len;
	return n;
}

/* The text between the first START after P and the next END (copied,
 * caller frees), *P moved past it; NULL when there is none. */
static char *between(const char **p, const char *start, const char *end)
{
	const char *a = strstr(*p, start);
	if (!a)
		return NULL;
	a += strlen(start);
	const char *b = strstr(a, end);
	if (!b)
		return NULL;
	*p = b + strlen(end);
	return strndup(a, (size_t)(b - a));
}

/* The number in attribute NAME="…" of the tag at TAG, in tenths. */
static int tag_tenths(const char *tag, const char *name)
{
	char key[32];
	snprintf(key, sizeof key, " %s=\"", name);
	const char *p = strstr(tag, key), *end = strchr(tag, '>');
	if (!p || p > end)
		fail_msg("no %s in %.80s", name, tag);
	double v = strtod(p + strlen(key), NULL);
	return (int)(v * 10 + 0.5);
}

static void test_ranking_and_due_pages_draw_their_rows_as_charts(void **state)
{
	(void)state;
	struct session o = login("office");
	struct reply r = get("/ranking", o.token);
	assert_int_equal(r.status, 200);
	/* the bars come before the table, one per row of the ranking, in its
	 * order, as long as its score rate, with its rate and grade or why
	 * it has none; compared with the JSON report of the same store */
	const char *svg = strstr(r.body, "<div class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\"");
	assert_non_null(svg);
	assert_true(svg < strstr(r.body, "<table"));
	assert_non_null(strstr(svg, "<g class=\"band\">"));
	assert_non_null(strstr(svg, ">优秀</text>"));
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "report", "ranking", "--format", "json", NULL});
	assert_int_equal(t.status, 0);
	json_error_t je;
	json_t *ranking = json_loads(t.out, 0, &je), *row;
	assert_non_null(ranking);
	run_free(&t);
	const char *p = svg, *svg_end = strstr(svg, "</svg>");
	int first_width = -1, first_rate = 0, ranked = 0;
	size_t i;
	json_array_foreach(ranking, i, row) {
		char *name = between(&p, "<g class=\"row\"><title>", "</title>");
		if (!name || p > svg_end)
			fail_msg("the chart has no bar %zu (%s)", i, json_string_value(json_object_get(row, "unit")));
		assert_string_equal(name, json_string_value(json_object_get(row, "unit")));
		const char *bar = strstr(p, "<rect class=\"bar\"");
		assert_non_null(bar);
		int width = tag_tenths(bar, "width");
		p = bar;
		char *note = between(&p, "<text class=\"note\"", "</text>");
		assert_non_null(note);
		const char *text = strchr(note, '>') + 1;
		char want[128];
		if (json_is_true(json_object_get(row, "complete"))) {
			int rate = (int)(json_number_value(json_object_get(row, "percent")) * 10 + 0.5);
			snprintf(want, sizeof want, "%d.%d%% %s", rate / 10, rate % 10, json_string_value(json_object_get(row, "grade")));
			if (first_width < 0)
				first_width = width, first_rate = rate;
			int expect = (int)((long long)rate * first_width / first_rate);
			if (abs(width - expect) > 2)
				fail_msg("bar of %s: %d tenths long, want %d (rate %d)", name, width, expect, rate);
			ranked++;
		} else {
			long long scored = json_integer_value(json_object_get(row, "scored"));
			if (scored)
				snprintf(want, sizeof want, "未完成测评 %lld/%lld", scored, json_integer_value(json_object_get(row, "of")));
			else
				snprintf(want, sizeof want, "未评");
			assert_int_equal(width, 0);
		}
		if (strcmp(text, want))
			fail_msg("bar of %s says \"%s\", the report \"%s\"", name, text, want);
		free(name), free(note);
	}
	assert_true(ranked >= 5);
	const char *extra = strstr(p, "<g class=\"row\">"); /* no bar but the ranking's */
	assert_true(!extra || extra > svg_end);
	json_decref(ranking);
	reply_free(&r);

	/* /due: a unit × criterion heat map whose cells are the report's
	 * lights, blank where a unit does not answer for a criterion */
	setenv("KAOPING_TODAY", "2024-07-25", 1);
	r = get("/due", o.token);
	assert_int_equal(r.status, 200);
	svg = strstr(r.body, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-heatmap\"");
	assert_non_null(svg);
	svg_end = strstr(svg, "</svg>");
	char *cols[64];
	int ncols = 0;
	p = svg;
	for (char *c; ncols < 64 && (c = between(&p, "<text class=\"col\"", "</text>")) && p < svg_end; ncols++) {
		cols[ncols] = xstrdup(strchr(c, '>') + 1);
		free(c);
	}
	assert_int_equal(ncols, 23); /* the demo rubric's criteria */
	char *rows[64];
	int kinds[64][64], nrows = 0, cells = 0;
	p = svg;
	for (char *name; nrows < 64 && (name = between(&p, "<g class=\"row\"><title>", "</title>")) && p < svg_end; nrows++) {
		rows[nrows] = name;
		const char *row_end = strstr(p, "</g>");
		for (int c = 0; c < ncols; c++) {
			const char *cell = strstr(p, "<rect class=\"cell c");
			assert_non_null(cell);
			assert_true(cell < row_end);
			kinds[nrows][c] = atoi(cell + strlen("<rect class=\"cell c"));
			p = cell + 1;
			cells++;
		}
	}
	assert_int_equal(nrows, 18); /* the demo's units */
	assert_int_equal(cells, nrows * ncols);
	assert_int_equal(count(svg, "<rect class=\"cell ") - count(svg_end, "<rect class=\"cell "), nrows * ncols);
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "due", "--format", "json", NULL});
	unsetenv("KAOPING_TODAY");
	assert_int_equal(t.status, 0);
	json_t *items = json_loads(t.out, 0, &je), *it;
	assert_non_null(items);
	run_free(&t);
	int lit = 0, shown = 0;
	json_array_foreach(items, i, it) {
		if (strcmp(json_string_value(json_object_get(it, "kind")), "criterion"))
			continue;
		const char *unit = json_string_value(json_object_get(it, "unit")), *light = json_string_value(json_object_get(it, "light"));
		char no[16];
		snprintf(no, sizeof no, "%lld", json_integer_value(json_object_get(it, "no")));
		int u = 0, c = 0;
		while (u < nrows && strcmp(rows[u], unit))
			u++;
		while (c < ncols && strcmp(cols[c], no))
			c++;
		assert_true(u < nrows && c < ncols);
		int want = !strcmp(light, "red") ? CHART_RED : !strcmp(light, "yellow") ? CHART_YELLOW
			 : !strcmp(light, "green") ? CHART_GREEN : CHART_DONE;
		if (kinds[u][c] != want)
			fail_msg("%s, criterion %s: cell c%d, the report's light %s", unit, no, kinds[u][c], light);
		lit++;
	}
	for (int u = 0; u < nrows; u++)
		for (int c = 0; c < ncols; c++)
			shown += kinds[u][c] != CHART_NA;
	assert_int_equal(shown, lit); /* every other cell is blank */
	assert_true(lit > 100);
	assert_non_null(strstr(svg, ">已完成</text>")); /* the legend */
	json_decref(items);
	for (int u = 0; u < nrows; u++)
		free(rows[u]);
	for (int c = 0; c < ncols; c++)
		free(cols[c]);
	reply_free(&r);

	/* the dashboard's progress and a unit's score rate by item */
	r = get("/", o.token);
	assert_non_null(strstr(r.body, "<title>测评进度</title>"));
	assert_non_null(strstr(r.body, "<title>完成测评的单位</title>"));
	reply_free(&r);
	r = get("/units/6", o.token);
	assert_non_null(strstr(r.body, "<title>各测评项目测评得分率</title>"));
	assert_non_null(strstr(r.body, "<title>加强党的全面领导</title>"));
	reply_free(&r);
	session_free(&o);
}

static void test_pages_render_for_each_role(void **state)
{
	(void)state;
	static const char *const pages[][3] = {
		{"office", "/", "各单位进度"},       {"office", "/rubric", "加强党的全面领导"}, {"office", "/ranking", "汇总排名"},
		{"office", "/district", "全区汇总"}, {"office", "/group", "区民政局副局长"},  {"office", "/tasks", "实施“全覆盖”工程"},
		{"office", "/users", "shenji"},      {"office", "/audit", "创建活动"},  {"leader", "/ranking", "区审计局"},
		{"shenji", "/units/3", "区审计局 测评表"}, {"assessor1", "/units/6/criteria/1", "测评打分"},
	};
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
		struct session s = login(pages[i][0]);
		struct reply r = get(pages[i][1], s.token);
		if (r.status != 200 || !strstr(r.body, pages[i][2]))
			fail_msg("%s as %s: %d, lacks \"%s\"", pages[i][1], pages[i][0], r.status, pages[i][2]);
		assert_non_null(strstr(r.body, "</html>"));
		assert_true(utf8_valid(r.body, strlen(r.body)));
		reply_free(&r);
		session_free(&s);
	}
	struct reply r = get("/no/such/page", NULL);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	/* The ranking pages by 100 units; the demo has one page. */
	struct session o = login("office");
	r = get("/ranking?page=1", o.token);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "下一页"));
	reply_free(&r);
	r = get("/ranking?page=2", o.token);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	session_free(&o);
	r = http("DELETE /rubric HTTP/1.1\r\n\r\n");
	assert_int_equal(r.status, 405);
	reply_free(&r);
	r = http("GET /units/%2e%2e/etc HTTP/1.1\r\n\r\n");
	assert_int_equal(r.status, 400);
	reply_free(&r);
	r = http("not http at all\r\n\r\n");
	assert_int_equal(r.status, 400);
	/* kaoping http's own refusal carries the security headers as every answer does */
	char *nosniff = header(&r, "X-Content-Type-Options"), *csp = header(&r, "Content-Security-Policy");
	assert_non_null(nosniff);
	assert_non_null(csp);
	assert_non_null(strstr(r.body, "not an HTTP request line"));
	free(nosniff), free(csp);
	reply_free(&r);
}

/* Sends FILE (LEN bytes) as field "file" of a multipart form with the
 * session's CSRF token. */
static struct reply upload(const char *path, const struct session *s, const char *filename, const void *file, size_t len)
{
	struct strbuf b = {0};
	sb_addf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
		    "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
		    "Content-Type: application/octet-stream\r\n\r\n", s->csrf, filename);
	sb_add(&b, file, len);
	sb_adds(&b, "\r\n--XyZ--\r\n");
	struct strbuf req = {0};
	sb_addf(&req, "POST %s HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: %zu\r\n"
		      "Cookie: kp_session=%s\r\n\r\n", path, b.len, s->token);
	sb_add(&req, b.s, b.len);
	/* run_kaoping takes a C string: the test files hold no NUL bytes. */
	struct reply r = http(req.s);
	sb_free(&b), sb_free(&req);
	return r;
}

static void test_evidence_upload_is_typed_by_content_stored_once_and_downloaded_by_its_name(void **state)
{
	(void)state;
	struct session s = login("shenji");
	static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
	struct reply r = upload("/units/3/criteria/2/evidence", &s, "区审计局 经费保障机制.pdf", pdf, sizeof pdf - 1);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	/* The same content again, under a path-like name: stored once, named safely. */
	r = upload("/units/3/criteria/2/evidence", &s, "../../etc/副本.pdf", pdf, sizeof pdf - 1);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	r = get("/units/3/criteria/2", s.token);
	assert_non_null(strstr(r.body, "区审计局 经费保障机制.pdf"));
	assert_non_null(strstr(r.body, ">副本.pdf<"));
	assert_null(strstr(r.body, "../"));
	assert_non_null(strstr(r.body, "逾期提交")); /* the seed's material deadline, 2024-07-29, has passed */
	reply_free(&r);
	r = get("/units/3/evidence/1", s.token);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, pdf);
	assert_non_null(strstr(r.head, "Content-Type: application/pdf"));
	assert_non_null(strstr(r.head, "filename*=UTF-8''%E5%8C%BA%E5%AE%A1%E8%AE%A1%E5%B1%80%20"));
	reply_free(&r);
	char *blobs = store_fingerprint(db);
	char *b = strstr(blobs, "[blob]\n");
	assert_non_null(b);
	int lines = 0;
	for (char *p = b + 7; *p && *p != '['; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 1);
	free(blobs);
	/* A PNG named .pdf, an executable, an empty file: refused, nothing stored. */
	char *before = store_fingerprint(db);
	r = upload("/units/3/criteria/2/evidence", &s, "scan.pdf", "\x89PNG\r\n\x1a\nxxxx", 12);
	assert_int_equal(r.status, 400);
	/* said in Chinese beside the upload, on the criterion's page again */
	assert_non_null(strstr(r.body, "<span class=\"field-error\" role=\"alert\">文件的内容与扩展名 .pdf 不符"));
	assert_non_null(strstr(r.body, "name=\"file\""));
	assert_null(strstr(r.body, "not a real"));
	reply_free(&r);
	r = upload("/units/3/criteria/2/evidence", &s, "setup.exe", "MZxxxx", 6);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "不接受 .exe 文件"));
	reply_free(&r);
	r = upload("/units/3/criteria/12/evidence", &s, "a.pdf", pdf, sizeof pdf - 1);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	/* Another unit's evidence URL is refused to this clerk. */
	r = get("/units/6/evidence/1", s.token);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	/* A withdrawal after the deadline is refused to the unit. */
	char *body = xasprintf("csrf=%s", s.csrf);
	r = post("/units/3/evidence/1/withdraw", s.token, body);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "已过截止时间"));
	reply_free(&r);
	free(body);
	char *after = store_fingerprint(db);
	assert_string_equal(strstr(before, "[evidence]"), strstr(after, "[evidence]"));
	free(before), free(after);
	session_free(&s);
	/* The office may still withdraw it (before the unit submits). */
	struct session o = login("office");
	body = xasprintf("csrf=%s", o.csrf);
	r = post("/units/3/evidence/2/withdraw", o.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	free(body);
	r = get("/units/3/criteria/2", o.token);
	assert_non_null(strstr(r.body, "已撤回"));
	reply_free(&r);
	session_free(&o);
}

static void test_self_assessment_submit_freezes_it_until_the_office_returns_it(void **state)
{
	(void)state;
	struct session s = login("shenji");
	char *body = xasprintf("csrf=%s", s.csrf);
	struct reply r = post("/units/3/submit", s.token, body);
	assert_int_equal(r.status, 303); /* the demo unit has self-assessed everything */
	reply_free(&r);
	r = get("/units/3", s.token);
	assert_non_null(strstr(r.body, "<span id=\"submission\" class=\"badge b-blue\">已提交</span>"));
	reply_free(&r);
	char *self = xasprintf("csrf=%s&points0=1", s.csrf);
	r = post("/units/3/criteria/2/self", s.token, self);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "区审计局已提交自评，办公室退回后才能修改"));
	reply_free(&r);
	r = post("/units/3/submit", s.token, body);
	assert_int_equal(r.status, 409); /* already submitted: the state */
	reply_free(&r);
	struct session o = login("office");
	char *ret = xasprintf("csrf=%s&reason=%s", o.csrf, "%E8%AF%B7%E8%A1%A5%E5%85%85%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81");
	r = post("/units/3/return", o.token, ret);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	r = get("/units/3", s.token);
	assert_non_null(strstr(r.body, "已退回"));
	assert_non_null(strstr(r.body, "请补充会议纪要"));
	reply_free(&r);
	r = post("/units/3/criteria/2/self", s.token, self);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	/* Returning needs a reason. */
	r = post("/units/3/submit", s.token, body);
	reply_free(&r);
	char *noreason = xasprintf("csrf=%s&reason=", o.csrf);
	r = post("/units/3/return", o.token, noreason);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	free(body), free(self), free(ret), free(noreason);
	session_free(&s), session_free(&o);
}

/* The files in the store's evidence folder. */
static int evidence_files(void)
{
	char *dir = xasprintf("%s", db_files());
	int n = files_under(dir);
	free(dir);
	return n;
}

/* `kaoping http` puts an uploaded file into the blob store as the server
 * does: kept once under its content address when the handler keeps it,
 * and no temporary copy left behind when it is kept, refused, or sent by
 * someone who may not upload. */
static void test_http_uploads_are_blobs_and_leave_no_temporary_copy(void **state)
{
	(void)state;
	static const char pdf[] = "%PDF-1.4\none shape\n%%EOF\n";
	struct session s = login("shenji");
	char *tmp = xasprintf("%s/tmp", db_files());
	int before = evidence_files();
	struct reply r = upload("/units/3/criteria/2/evidence", &s, "a.pdf", pdf, sizeof pdf - 1);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	assert_int_equal(files_under(tmp), 0);
	assert_int_equal(evidence_files(), before + 1);
	r = upload("/units/3/criteria/3/evidence", &s, "again.pdf", pdf, sizeof pdf - 1);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	assert_int_equal(evidence_files(), before + 1); /* the same content: kept once */
	r = upload("/units/3/criteria/2/evidence", &s, "setup.exe", "MZxxxx", 6);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	struct session nobody = {.token = "not-a-session", .csrf = "x"};
	r = upload("/units/3/criteria/2/evidence", &nobody, "b.pdf", "%PDF-1.4 other", 14);
	assert_non_null(strstr(r.head, "Location: /login")); /* sent to log in, the file not kept */
	reply_free(&r);
	assert_int_equal(files_under(tmp), 0);
	assert_int_equal(evidence_files(), before + 1);
	free(tmp);
	session_free(&s);
}

/* Once 区审计局 submits (on the command line), its evidence is frozen on
 * every path: the page's upload, the API's, a withdrawal by the clerk or
 * the office; nothing is stored and no file is left in the evidence
 * folder. Returned, it takes files again. */
static void test_evidence_is_frozen_on_every_path_after_submission(void **state)
{
	(void)state;
	static const char pdf[] = "%PDF-1.4\nfrozen\n%%EOF\n";
	struct session s = login("shenji"), o = login("office");
	struct reply r = upload("/units/3/criteria/2/evidence", &s, "before.pdf", pdf, sizeof pdf - 1);
	assert_int_equal(r.status, 303); /* evidence 1 */
	reply_free(&r);
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "score", "submit", "区审计局", "--self", NULL});
	assert_int_equal(t.status, 0);
	run_free(&t);
	char *before = store_fingerprint(db);
	int files = evidence_files();
	static const char other[] = "%PDF-1.4\nanother file\n%%EOF\n";
	r = upload("/units/3/criteria/2/evidence", &s, "after.pdf", other, sizeof other - 1);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "区审计局已提交自评：佐证材料在办公室退回后才能上传"));
	reply_free(&r);
	char token[65];
	api_token("shenji", token);
	char *after = store_fingerprint(db); /* the token is a change of its own */
	free(before);
	before = after;
	char *req = multipart_request("/api/v1/units/3/criteria/2/evidence", token, "api.pdf", other, sizeof other - 1);
	r = http(req);
	free(req);
	assert_int_equal(r.status, 409); /* the API: the state, structured */
	assert_non_null(strstr(r.body, "\"code\":\"frozen\""));
	assert_non_null(strstr(r.body, "has submitted its self-assessment"));
	reply_free(&r);
	char *body = xasprintf("csrf=%s", s.csrf), *obody = xasprintf("csrf=%s", o.csrf);
	r = post("/units/3/evidence/1/withdraw", o.token, obody);
	assert_int_equal(r.status, 409);
	reply_free(&r);
	assert_int_equal(evidence_files(), files); /* no file placed for a refused upload */
	after = store_fingerprint(db);
	assert_string_equal(strstr(before, "[evidence]"), strstr(after, "[evidence]"));
	assert_string_equal(strstr(before, "[blob]"), strstr(after, "[blob]"));
	free(before), free(after);
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "score", "return", "区审计局", "--reason", "补充", NULL});
	assert_int_equal(t.status, 0);
	run_free(&t);
	r = upload("/units/3/criteria/2/evidence", &s, "after.pdf", other, sizeof other - 1);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	assert_int_equal(evidence_files(), files + 1);
	r = post("/units/3/evidence/1/withdraw", o.token, obody);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	free(body), free(obody);
	session_free(&s), session_free(&o);
}

/* Runs `kaoping ARGS…` on the test store; fails the test unless it exits 0. */
static void kaoping_ok(const char *const *args)
{
	const char *argv[16] = {"--db", db};
	int n = 2;
	for (; *args && n < 15; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	struct run t = run_kaoping(NULL, argv);
	if (t.status)
		fail_msg("%s %s: %s", argv[2], argv[3], t.err);
	run_free(&t);
}

/* Whether what SESSION reads of 区审计局 (demo: every assessor score 58.4 in
 * all, by 测评组3) shows its assessor scores (SEES) or none of them: on the
 * unit page (the score sheet), a criterion page and the JSON sheet. */
static void reads_assessor_scores(const char *session, bool sees, const char *who, const char *after)
{
	static const char *const paths[] = {"/units/3", "/units/3/criteria/1", "/api/v1/units/3"};
	static const char *const shown[] = {"测评合计 58.4 ·", "<td>测评组3</td><td>资料不完整</td>", "\"by\": \"测评组3\","};
	static const char *const hidden_[] = {"测评合计 0 ·", "<td>-</td><td class=\"s\"><span class=\"badge b-grey\">未开始</span></td>"
						 "<td></td><td></td></tr>", "\"assessor\": null,"};
	for (int i = 0; i < 3; i++) {
		struct reply r = get(paths[i], session);
		assert_int_equal(r.status, 200);
		if (!strstr(r.body, sees ? shown[i] : hidden_[i]) || (!sees && strstr(r.body, "测评组3")))
			fail_msg("after %s, %s %s %s:\n%.2000s", after, who, sees ? "does not see the assessor scores on"
									   : "sees assessor scores on", paths[i], r.body);
		reply_free(&r);
	}
}

/* A unit's clerk sees no assessor score before the office releases the
 * results (unit_sees_assessor final, the default), neither on its pages
 * nor in the API; submitted shows scores once the assessors submit them,
 * always shows drafts too; the office and the leader see everything. */
static void test_a_clerk_sees_assessor_scores_only_as_unit_sees_assessor_allows(void **state)
{
	(void)state;
	struct session s = login("shenji"), o = login("office"), l = login("leader");
	reads_assessor_scores(s.token, false, "the clerk", "start (drafts, final)");
	reads_assessor_scores(o.token, true, "the office", "start");
	reads_assessor_scores(l.token, true, "the leader", "start");
	struct reply r = get("/units/3", s.token);
	assert_non_null(strstr(r.body, "测评分数经办公室确认后显示")); /* the clerk is told why */
	reply_free(&r);
	r = get("/units/3", o.token);
	assert_null(strstr(r.body, "测评分数经"));
	reply_free(&r);
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "setting", "set", "unit_sees_assessor", "drafts", NULL});
	assert_int_equal(t.status, 2);
	assert_non_null(strstr(t.err, "unit_sees_assessor: give one of final, submitted, always, not \"drafts\""));
	run_free(&t);
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "--json", "setting", "list", NULL});
	assert_non_null(strstr(t.out, "{\"key\":\"unit_sees_assessor\",\"value\":\"final\",\"default\":\"final\",\"range\":\"final|submitted|always\""));
	run_free(&t);
	kaoping_ok((const char *const[]){"setting", "set", "unit_sees_assessor", "always", NULL});
	reads_assessor_scores(s.token, true, "the clerk", "always");
	kaoping_ok((const char *const[]){"setting", "set", "unit_sees_assessor", "submitted", NULL});
	reads_assessor_scores(s.token, false, "the clerk", "submitted (drafts)");
	kaoping_ok((const char *const[]){"score", "submit", "审计局", NULL});
	reads_assessor_scores(s.token, true, "the clerk", "submitted (submitted)");
	kaoping_ok((const char *const[]){"setting", "set", "unit_sees_assessor", "final", NULL});
	reads_assessor_scores(s.token, false, "the clerk", "final (submitted)");
	reads_assessor_scores(o.token, true, "the office", "final (submitted)");
	kaoping_ok((const char *const[]){"score", "finalize", "审计局", NULL});
	reads_assessor_scores(s.token, true, "the clerk", "final (finalised)");
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "--json", "audit", "list", NULL});
	assert_non_null(strstr(t.out, "\"detail\":\"unit_sees_assessor = always\""));
	run_free(&t);
	session_free(&s), session_free(&o), session_free(&l);
}

/* Every text a user can store comes back escaped on every page that shows
 * it: account names, comments, return reasons, evidence file names. */
static void test_xss_payloads_in_every_text_field_come_back_escaped(void **state)
{
	(void)state;
	static const char payload[] = "<img src=x onerror=alert(1)>\"'&";
	static const char escaped[] = "&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;";
	static const char form_payload[] = "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E%22'%26";
	struct run a = run_kaoping("wicked-pass-2025\n", (const char *const[]){"--db", db, "user", "add", "evil", "--role", "unit",
									 "--unit", "区审计局", "--display", payload,
									 "--password-stdin", NULL});
	assert_int_equal(a.status, 0);
	run_free(&a);
	struct reply r = try_login("evil", "wicked-pass-2025");
	char *token = set_cookie(&r, "kp_session");
	reply_free(&r);
	r = get("/units/3", token);
	struct session s = {token, hidden(r.body, "csrf")};
	reply_free(&r);
	/* a self-assessment comment */
	char *body = xasprintf("csrf=%s&points0=3&comment=%s", s.csrf, form_payload);
	r = post("/units/3/criteria/2/self", s.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	free(body);
	/* an evidence file name */
	char *name = xstrdup("<img src=x onerror=alert(1)>'&.pdf"); /* a form cannot carry " raw in a file name */
	r = upload("/units/3/criteria/2/evidence", &s, name, "%PDF-1.4 x", 10);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	free(name);
	body = xasprintf("csrf=%s", s.csrf);
	r = post("/units/3/submit", s.token, body);
	reply_free(&r);
	free(body);
	/* a return reason, by the office */
	struct session o = login("office");
	body = xasprintf("csrf=%s&reason=%s", o.csrf, form_payload);
	r = post("/units/3/return", o.token, body);
	reply_free(&r);
	free(body);
	static const char *const pages[] = {"/units/3", "/units/3/criteria/2", "/users", "/audit"};
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
		r = get(pages[i], i < 2 ? s.token : o.token);
		if (i >= 2) { /* the office's pages */
			reply_free(&r);
			r = get(pages[i], o.token);
		}
		if (strstr(r.body, "<img"))
			fail_msg("%s prints the payload raw", pages[i]);
		if (!strstr(r.body, escaped))
			fail_msg("%s lacks the escaped payload", pages[i]);
		reply_free(&r);
	}
	session_free(&s), session_free(&o);
}

static void test_office_adds_disables_and_resets_accounts_in_the_browser(void **state)
{
	(void)state;
	struct session o = login("office");
	char *body = xasprintf("csrf=%s&name=clerk2&display=%%E5%%BC%%A0%%E4%%B8%%89&role=unit&unit=12", o.csrf);
	struct reply r = post("/users", o.token, body);
	free(body);
	assert_int_equal(r.status, 200);
	char *pw = strstr(r.body, "<code>");
	assert_non_null(pw);
	char *password = xstrndup(pw + 6, strcspn(pw + 6, "<"));
	reply_free(&r);
	r = try_login("clerk2", password);
	assert_int_equal(r.status, 303); /* the new clerk of 区残联 can log in */
	char *token = set_cookie(&r, "kp_session");
	reply_free(&r);
	r = get("/", token);
	char *loc = header(&r, "Location");
	assert_string_equal(loc, "/units/12");
	free(loc);
	reply_free(&r);
	/* Disabling ends the clerk's session at once. */
	struct run ls = run_kaoping(NULL, (const char *const[]){"--db", db, "--json", "user", "list", NULL});
	assert_non_null(strstr(ls.out, "clerk2"));
	run_free(&ls);
	body = xasprintf("csrf=%s", o.csrf);
	r = post("/users/10/disable", o.token, body); /* the demo has 9 accounts: clerk2 is 10 */
	assert_int_equal(r.status, 303);
	reply_free(&r);
	r = get("/units/12", token);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	r = try_login("clerk2", password);
	assert_int_equal(r.status, 401);
	reply_free(&r);
	/* The office cannot lock itself out; bad input is refused. */
	r = post("/users/1/disable", o.token, body);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	free(body);
	body = xasprintf("csrf=%s&name=Bad%%20Name&role=unit&unit=12", o.csrf);
	r = post("/users", o.token, body);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	free(body);
	body = xasprintf("csrf=%s&name=lead2&role=leader&unit=12", o.csrf);
	r = post("/users", o.token, body);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "只有单位联络员账号属于某个单位"));
	reply_free(&r);
	free(body);
	free(password), free(token);
	session_free(&o);
}

/* Large text answers go out gzipped when the client accepts gzip; small
 * ones, and answers to clients that do not, as they are. */
static void test_large_answers_are_gzipped_for_clients_that_accept_it(void **state)
{
	(void)state;
	char token[65];
	api_token("office", token);
	char *plain_req = xasprintf("GET /api/v1/due HTTP/1.1\r\nAuthorization: Bearer %s\r\n\r\n", token);
	char *gz_req = xasprintf("GET /api/v1/due HTTP/1.1\r\nAuthorization: Bearer %s\r\n"
				 "Accept-Encoding: gzip, deflate, br\r\n\r\n", token);
	struct reply plain = http(plain_req), gz = http(gz_req);
	assert_int_equal(plain.status, 200);
	assert_int_equal(gz.status, 200);
	assert_true(plain.body_len > 32 * 1024); /* every unit's lights: large */
	char *enc = header(&plain, "Content-Encoding"), *vary = header(&gz, "Vary");
	assert_null(enc);
	assert_non_null(vary);
	assert_string_equal(vary, "Accept-Encoding");
	free(vary);
	enc = header(&gz, "Content-Encoding");
	assert_non_null(enc);
	assert_string_equal(enc, "gzip");
	free(enc);
	assert_true(gz.body_len < plain.body_len / 5);
	size_t n;
	char *body = gunzip(gz.body, gz.body_len, &n);
	assert_non_null(body);
	assert_int_equal(n, plain.body_len);
	assert_memory_equal(body, plain.body, n);
	free(body);
	reply_free(&plain), reply_free(&gz);
	free(plain_req), free(gz_req);
	/* the whole ranking is kept gzipped (made once), so even the demo's
	 * 2 KB of it goes out gzipped, on a thread's first request too */
	char *req = xasprintf("GET /api/v1/ranking HTTP/1.1\r\nAuthorization: Bearer %s\r\nAccept-Encoding: gzip\r\n\r\n", token);
	struct reply r = http(req);
	enc = header(&r, "Content-Encoding");
	assert_non_null(enc);
	assert_string_equal(enc, "gzip");
	free(enc);
	body = gunzip(r.body, r.body_len, &n);
	assert_non_null(body);
	assert_non_null(strstr(body, "\"rank\":1,"));
	free(body), reply_free(&r), free(req);
	/* a small page stays as it is; so does a large one for "gzip;q=0" */
	req = xasprintf("GET /rubric HTTP/1.1\r\nAuthorization: Bearer %s\r\nAccept-Encoding: gzip\r\n\r\n", token);
	r = http(req);
	assert_int_equal(r.status, 200);
	assert_null(header(&r, "Content-Encoding"));
	assert_non_null(strstr(r.body, "</html>"));
	reply_free(&r), free(req);
	req = xasprintf("GET /due.csv HTTP/1.1\r\nAuthorization: Bearer %s\r\nAccept-Encoding: gzip;q=0, br\r\n\r\n", token);
	r = http(req);
	assert_int_equal(r.status, 200);
	assert_null(header(&r, "Content-Encoding"));
	assert_true(r.body_len > 32 * 1024);
	reply_free(&r), free(req);
}

/* "2024-07-29T15:59:59Z" as read in Beijing: "2024-07-29 23:59:59". */
static void beijing(const char *iso, char out[24])
{
	struct tm tm = {0};
	assert_int_equal(sscanf(iso, "%d-%d-%dT%d:%d:%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
				&tm.tm_sec), 6);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm) + 8 * 3600;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%d %H:%M:%S", &tm);
}

/* Times are stored in UTC and shown in China time: an upload's time on
 * the criterion page, and the audit log's. */
static void test_pages_show_stored_times_in_china_time(void **state)
{
	(void)state;
	char token[65];
	api_token("shenji", token);
	const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
	char *req = multipart_request("/api/v1/units/3/criteria/4/evidence", token, "纪要.pdf", pdf, sizeof pdf - 1);
	struct reply r = http(req);
	free(req);
	assert_int_equal(r.status, 201);
	json_error_t je;
	json_t *j = json_loads(r.body, 0, &je);
	assert_non_null(j);
	char stored[32], shown[24];
	snprintf(stored, sizeof stored, "%s", json_string_value(json_object_get(j, "uploaded_at")));
	json_decref(j);
	reply_free(&r);
	beijing(stored, shown);
	req = xasprintf("GET /units/3/criteria/4 HTTP/1.1\r\nAuthorization: Bearer %s\r\n\r\n", token);
	r = http(req);
	free(req);
	if (!strstr(r.body, shown) || strstr(r.body, stored))
		fail_msg("the upload at %s should show as %s", stored, shown);
	reply_free(&r);
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "--json", "audit", "list", NULL});
	json_t *log = json_loads(t.out, 0, &je);
	run_free(&t);
	assert_non_null(log);
	snprintf(stored, sizeof stored, "%s",
		 json_string_value(json_object_get(json_array_get(log, json_array_size(log) - 1), "at")));
	json_decref(log);
	beijing(stored, shown);
	api_token("auditor", token);
	req = xasprintf("GET /audit HTTP/1.1\r\nAuthorization: Bearer %s\r\n\r\n", token);
	r = http(req);
	free(req);
	assert_int_equal(r.status, 200);
	if (!strstr(r.body, shown) || strstr(r.body, stored))
		fail_msg("the audit entry at %s should show as %s", stored, shown);
	reply_free(&r);
}

/* The audit log page: newest first, a hundred a page with a link to the
 * earlier ones, filtered by actor and by the start of the action. */
static void test_audit_page_pages_back_and_filters(void **state)
{
	(void)state;
	db_exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150)"
		" INSERT INTO audit(id, at, actor, action, subject, detail, prev_hash, hash)"
		" SELECT (SELECT MAX(id) FROM audit) + i, '2024-07-01T00:00:00Z', 'bot', 'fill.row', 'row-' || i || '.',"
		" '', '', '' FROM n");
	struct session s = login("auditor"); /* itself the newest entry */
	char *max = db_query("SELECT MAX(id) FROM audit");
	long long top = atoll(max);
	free(max);
	struct reply r = get("/audit", s.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<td class=\"s\">登录</td>"));
	assert_non_null(strstr(r.body, "row-150."));
	assert_non_null(strstr(r.body, "row-52."));
	assert_null(strstr(r.body, "row-51.")); /* on the next page */
	assert_true(strstr(r.body, "row-150.") < strstr(r.body, "row-149.")); /* newest first */
	char *more = xasprintf("/audit?actor=&amp;action=&amp;before=%lld", (long long)top - 99);
	assert_non_null(strstr(r.body, more));
	free(more);
	reply_free(&r);
	char *path = xasprintf("/audit?before=%lld", (long long)top - 99);
	r = get(path, s.token);
	free(path);
	assert_non_null(strstr(r.body, "row-51."));
	assert_non_null(strstr(r.body, "<td class=\"s\">创建活动</td>")); /* the store's first entry */
	assert_null(strstr(r.body, "row-52."));
	assert_null(strstr(r.body, "更早的记录"));
	reply_free(&r);
	r = get("/audit?action=campaign.", s.token);
	assert_non_null(strstr(r.body, "<td class=\"s\">创建活动</td>"));
	assert_null(strstr(r.body, "fill.row"));
	reply_free(&r);
	r = get("/audit?action=%25", s.token); /* "%" is text here, not a wildcard */
	assert_non_null(strstr(r.body, "没有符合条件的记录"));
	reply_free(&r);
	r = get("/audit?action=fill_row", s.token);
	assert_non_null(strstr(r.body, "没有符合条件的记录"));
	reply_free(&r);
	r = get("/audit?actor=nobody", s.token);
	assert_non_null(strstr(r.body, "没有符合条件的记录"));
	reply_free(&r);
	r = get("/audit?before=12x", s.token);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "请给出审计记录编号"));
	reply_free(&r);
	session_free(&s);
}

/* ---- against a running `kaoping serve` ---- */

extern char **environ;

/* Sets the clock `kaoping http` reads (KAOPING_NOW) to T. */
static void clock_at(long long t)
{
	char v[32];
	snprintf(v, sizeof v, "%lld", t);
	setenv("KAOPING_NOW", v, 1);
}

static void test_reads_keep_a_session_alive_and_an_idle_one_ends(void **state)
{
	(void)state;
	const long long t0 = 1785000000; /* 2026-07-25 */
	const int min = 60;
	clock_at(t0);
	struct session s = login("shenji");
	/* A clerk who only reads, every 20 minutes for an hour: each read is
	 * use, so the session outlives 30 minutes since the log-in. */
	for (int i = 1; i <= 4; i++) {
		clock_at(t0 + i * 20 * min);
		struct reply r = get("/units/3", s.token);
		if (r.status != 200)
			fail_msg("read %d, %d minutes after the log-in: %d", i, i * 20, r.status);
		reply_free(&r);
	}
	/* Activity is written at most once a minute: a read 30 s after the
	 * last one leaves the session's last use where it was … */
	clock_at(t0 + 80 * min + 30);
	struct reply r = get("/units/3", s.token);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	/* … so 30 minutes and 10 seconds after the read that was written the
	 * session has ended. */
	clock_at(t0 + 110 * min + 10);
	r = get("/units/3", s.token);
	assert_int_equal(r.status, 303);
	char *loc = header(&r, "Location");
	assert_non_null(strstr(loc, "/login"));
	free(loc);
	reply_free(&r);
	session_free(&s);
	/* Unused for 31 minutes: refused; an API request too. */
	clock_at(t0);
	s = login("leader");
	clock_at(t0 + 31 * min);
	r = get("/ranking", s.token);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	session_free(&s);
	/* A store whose write lock is held elsewhere does not fail a read: the
	 * activity is not written, and the page is answered. */
	clock_at(t0);
	s = login("office");
	struct db_lock *lock = db_hold_write_lock();
	clock_at(t0 + 20 * min);
	r = get("/ranking", s.token);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	db_release_write_lock(lock);
	/* the touch was skipped: the last use is still the log-in */
	clock_at(t0 + 31 * min);
	r = get("/ranking", s.token);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	session_free(&s);
	unsetenv("KAOPING_NOW");
}

/* The status of GET /api/v1/ranking with Bearer TOKEN. */
static int bearer_status(const char *token)
{
	char *req = xasprintf("GET /api/v1/ranking HTTP/1.1\r\nAuthorization: Bearer %s\r\n\r\n", token);
	struct reply r = http(req);
	free(req);
	int status = r.status;
	reply_free(&r);
	return status;
}

/* `kaoping user token NAME --list --json` as JSON (caller decrefs). */
static json_t *token_list(const char *name)
{
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "--json", "user", "token", name, "--list", NULL});
	if (t.status)
		fail_msg("user token %s --list: %s", name, t.err);
	json_error_t je;
	json_t *j = json_loads(t.out, 0, &je);
	if (!j)
		fail_msg("user token --list --json: %s", t.out);
	run_free(&t);
	return j;
}

/* The state of token ID in LIST. */
static const char *token_state(json_t *list, long long id)
{
	size_t i;
	json_t *t;
	json_array_foreach(list, i, t) if (json_integer_value(json_object_get(t, "id")) == id) return json_string_value(
		json_object_get(t, "state"));
	return "missing";
}

static void test_api_tokens_expire_are_revoked_and_end_with_a_new_password_or_disabling(void **state)
{
	(void)state;
	const long long t0 = 1785000000, day = 86400;
	clock_at(t0);
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "user", "token", "assessor1", "--days", "1",
								 "--label", "short", NULL});
	assert_int_equal(t.status, 0);
	char a[65], b[65], c[65];
	snprintf(a, sizeof a, "%.64s", t.out);
	assert_int_equal(strlen(t.out), 65); /* the token and a newline: as scripts read it */
	run_free(&t);
	api_token("assessor1", b); /* the default: 90 days */
	assert_int_equal(bearer_status(a), 200);
	clock_at(t0 + day - 1);
	assert_int_equal(bearer_status(a), 200);
	clock_at(t0 + day);
	assert_int_equal(bearer_status(a), 401);
	clock_at(t0 + 89 * day);
	assert_int_equal(bearer_status(b), 200);
	clock_at(t0 + 90 * day);
	assert_int_equal(bearer_status(b), 401);
	/* Listed by id with their state, never the token itself. */
	clock_at(t0 + 2 * day);
	json_t *list = token_list("assessor1");
	assert_int_equal(json_array_size(list), 2);
	long long id_a = json_integer_value(json_object_get(json_array_get(list, 0), "id"));
	long long id_b = json_integer_value(json_object_get(json_array_get(list, 1), "id"));
	assert_string_equal(token_state(list, id_a), "expired");
	assert_string_equal(token_state(list, id_b), "active");
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "label")), "short");
	char *text = json_dumps(list, 0);
	assert_null(strstr(text, a));
	assert_null(strstr(text, b));
	free(text);
	json_decref(list);
	/* Revoked: refused at once, listed as revoked, audited; twice is an error. */
	char id[24];
	snprintf(id, sizeof id, "%lld", id_b);
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "user", "token", "assessor1", "--revoke", id, NULL});
	assert_int_equal(t.status, 0);
	run_free(&t);
	assert_int_equal(bearer_status(b), 401);
	list = token_list("assessor1");
	assert_string_equal(token_state(list, id_b), "revoked");
	json_decref(list);
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "user", "token", "assessor1", "--revoke", id, NULL});
	assert_int_equal(t.status, 2);
	run_free(&t);
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "user", "token", "leader", "--revoke", "1", NULL});
	assert_int_equal(t.status, 2); /* token 1 is assessor1's */
	run_free(&t);
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "user", "token", "assessor1", "--days", "0", NULL});
	assert_int_equal(t.status, 2);
	assert_non_null(strstr(t.err, "--days"));
	run_free(&t);
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "audit", "list", NULL});
	assert_non_null(strstr(t.out, "user.token.revoke"));
	run_free(&t);
	/* A token made before tokens expired (schema 4: expires_at 0) lasts
	 * 90 days from its making. */
	api_token("assessor1", c);
	db_exec("UPDATE api_token SET expires_at = 0, created_at = '2026-07-01T00:00:00Z'"
		" WHERE id = (SELECT MAX(id) FROM api_token)");
	clock_at(iso_seconds("2026-09-29T00:00:00Z") - 1);
	assert_int_equal(bearer_status(c), 200);
	clock_at(iso_seconds("2026-09-29T00:00:00Z"));
	assert_int_equal(bearer_status(c), 401);
	clock_at(t0 + 2 * day);
	/* A new password ends every token. */
	api_token("assessor1", c);
	assert_int_equal(bearer_status(c), 200);
	t = run_kaoping("another-pass-2025\n",
			(const char *const[]){"--db", db, "user", "passwd", "assessor1", "--password-stdin", NULL});
	assert_int_equal(t.status, 0);
	run_free(&t);
	assert_int_equal(bearer_status(c), 401);
	/* Disabling ends them too, and enabling brings none back. */
	api_token("assessor1", c);
	assert_int_equal(bearer_status(c), 200);
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "user", "disable", "assessor1", NULL});
	assert_int_equal(t.status, 0);
	run_free(&t);
	assert_int_equal(bearer_status(c), 401);
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "user", "enable", "assessor1", NULL});
	assert_int_equal(t.status, 0);
	run_free(&t);
	assert_int_equal(bearer_status(c), 401);
	list = token_list("assessor1");
	size_t i;
	json_t *row;
	json_array_foreach(list, i, row) assert_string_not_equal(json_string_value(json_object_get(row, "state")), "active");
	json_decref(list);
	unsetenv("KAOPING_NOW");
}

/* The 64 hex chars of the token the tokens page shows once in BODY. */
static void shown_token(const char *body, char token[65])
{
	const char *p = strstr(body, "<code id=\"new-token\">");
	if (!p)
		fail_msg("no new token on the page: %.400s", body);
	snprintf(token, 65, "%.64s", p + strlen("<code id=\"new-token\">"));
}

/* The id of the newest token listed on the tokens page BODY. */
static long long newest_token_id(const char *body)
{
	long long id = 0;
	for (const char *p = body; (p = strstr(p, "action=\"/tokens/")); p++)
		id = strtoll(p + strlen("action=\"/tokens/"), NULL, 10);
	return id;
}

static void test_tokens_page_makes_shows_once_and_revokes_own_tokens_and_the_office_any(void **state)
{
	(void)state;
	struct session s = login("leader");
	struct reply r = get("/tokens", s.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "action=\"/tokens\""));
	reply_free(&r);
	char *body = xasprintf("csrf=%s&label=%%E8%%84%%9A%%E6%%9C%%AC&days=7", s.csrf); /* 脚本 */
	r = post("/tokens", s.token, body);
	free(body);
	assert_int_equal(r.status, 200);
	char token[65];
	shown_token(r.body, token);
	reply_free(&r);
	assert_int_equal(bearer_status(token), 200);
	/* shown once: the page lists it by label, without the token */
	r = get("/tokens", s.token);
	assert_null(strstr(r.body, token));
	assert_non_null(strstr(r.body, "<td>脚本</td>"));
	long long id = newest_token_id(r.body);
	assert_true(id > 0);
	reply_free(&r);
	/* a token cannot make or end tokens */
	char *req = xasprintf("POST /tokens HTTP/1.1\r\nAuthorization: Bearer %s\r\nContent-Type: "
			      "application/x-www-form-urlencoded\r\nContent-Length: 8\r\n\r\nlabel=x&", token);
	r = http(req);
	free(req);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	/* nor may the leader touch another account's tokens */
	body = xasprintf("csrf=%s&account=assessor1", s.csrf);
	r = post("/tokens", s.token, body);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	free(body);
	body = xasprintf("csrf=%s&days=400", s.csrf);
	r = post("/tokens", s.token, body);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "有效天数"));
	reply_free(&r);
	free(body);
	/* revoked from the page: refused at once */
	char *path = xasprintf("/tokens/%lld/revoke", id);
	body = xasprintf("csrf=%s", s.csrf);
	r = post(path, s.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	assert_int_equal(bearer_status(token), 401);
	r = post(path, s.token, body);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	free(body), free(path);
	/* The office makes and revokes a token of another account. */
	struct session o = login("office");
	body = xasprintf("csrf=%s&account=leader&label=ops", o.csrf);
	r = post("/tokens", o.token, body);
	free(body);
	assert_int_equal(r.status, 200);
	shown_token(r.body, token);
	reply_free(&r);
	assert_int_equal(bearer_status(token), 200);
	r = get("/tokens?account=leader", o.token);
	assert_non_null(strstr(r.body, "<td>ops</td>"));
	id = newest_token_id(r.body);
	reply_free(&r);
	/* revoking it without naming the leader aims at the office's own
	 * tokens, which do not hold it */
	path = xasprintf("/tokens/%lld/revoke", id);
	body = xasprintf("csrf=%s", o.csrf);
	r = post(path, o.token, body);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	free(body);
	body = xasprintf("csrf=%s&account=leader", o.csrf);
	r = post(path, o.token, body);
	assert_int_equal(r.status, 303);
	char *loc = header(&r, "Location");
	assert_string_equal(loc, "/tokens?account=leader");
	free(loc);
	reply_free(&r);
	free(body), free(path);
	assert_int_equal(bearer_status(token), 401);
	struct run a = run_kaoping(NULL, (const char *const[]){"--db", db, "audit", "list", NULL});
	assert_non_null(strstr(a.out, "user.token.revoke"));
	run_free(&a);
	session_free(&o);
	session_free(&s);
}

/* Starts `kaoping http` on the test store answering the request in file
 * IN into file OUT; returns its pid. */
static pid_t spawn_http(const char *in, const char *out)
{
	const char *bin = getenv("KAOPING_BIN") ? getenv("KAOPING_BIN") : "./kaoping";
	char *const argv[] = {(char *)bin, "--db", (char *)db, "http", NULL};
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, in, O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	pid_t pid;
	assert_int_equal(posix_spawn(&pid, bin, &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	return pid;
}

/* The audit entries after id AFTER: log-ins, and failed log-ins whose
 * password was checked (not refused as locked) before the first log-in
 * among them (a log-in resets the count: guesses after it are checked
 * afresh, five more before the lock). */
static void count_checked(long long after, int *logins, int *checked_failures, long long *last)
{
	char *sql = xasprintf("SELECT id, action, detail FROM audit WHERE id > %lld ORDER BY id", after);
	char *rows = db_query(sql);
	*logins = *checked_failures = 0;
	*last = after;
	for (char *line = rows, *next; *line; line = next) {
		next = strchr(line, '\n');
		*next++ = '\0';
		char *action = strchr(line, '\t') + 1, *detail = strchr(action, '\t') + 1;
		detail[-1] = '\0';
		*last = atoll(line);
		if (!strcmp(action, "auth.login"))
			(*logins)++;
		else if (!strcmp(action, "auth.fail") && !strstr(detail, "(locked)") && !*logins)
			(*checked_failures)++;
	}
	free(rows);
	free(sql);
}

static void test_parallel_guesses_cannot_pass_the_lock_out(void **state)
{
	(void)state;
	enum { GUESSES = 8, ROUNDS = 4 };
	struct reply form = get("/login", NULL);
	char *cookie = set_cookie(&form, "kp_login"), *csrf = hidden(form.body, "login_csrf");
	reply_free(&form);
	for (int round = 0; round < ROUNDS; round++) {
		/* four failures: one attempt left before the lock */
		for (int i = 0; i < 4; i++) {
			struct reply r = try_login("leader", "wrong-password-1");
			assert_int_equal(r.status, 401);
			reply_free(&r);
		}
		int logins, failures;
		long long mark;
		count_checked(0, &logins, &failures, &mark);
		/* GUESSES at once, one of them right: the password of only one
		 * may be checked, the others meet the lock; unless the one
		 * checked was the right one and its log-in, resetting the count,
		 * came before the others were counted (most likely in round 0,
		 * where the right guess is sent first) */
		pid_t pid[GUESSES];
		for (int g = 0; g < GUESSES; g++) {
			const char *pw = g == round % GUESSES ? "kaoping-demo-2024" : "wrong-password-2";
			char *body = xasprintf("name=leader&password=%s&login_csrf=%s&next=/", pw, csrf);
			char *req = xasprintf("POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
					      "Content-Length: %zu\r\nCookie: kp_login=%s\r\n\r\n%s", strlen(body), cookie, body);
			char name[32];
			snprintf(name, sizeof name, "guess%d.in", g);
			char *in = xstrdup(scratch_path(name));
			snprintf(name, sizeof name, "guess%d.out", g);
			write_file(in, req, strlen(req));
			pid[g] = spawn_http(in, scratch_path(name));
			free(in), free(req), free(body);
		}
		int passed = 0;
		for (int g = 0; g < GUESSES; g++) {
			int st;
			waitpid(pid[g], &st, 0);
			char name[32];
			snprintf(name, sizeof name, "guess%d.out", g);
			char *answer = read_file(scratch_path(name), NULL);
			passed += !strncmp(answer, "HTTP/1.1 303", 12);
			if (strncmp(answer, "HTTP/1.1 303", 12) && strncmp(answer, "HTTP/1.1 401", 12))
				fail_msg("guess %d: %.200s", g, answer);
			free(answer);
		}
		count_checked(mark, &logins, &failures, &mark);
		if (logins + failures > 1 || passed > 1)
			fail_msg("round %d: %d passwords checked (%d log-ins), %d passed; one attempt was left", round,
				 logins + failures, logins, passed);
		assert_int_equal(logins, passed);
		/* a new password clears the lock for the next round */
		struct run a = run_kaoping("kaoping-demo-2024\n",
					   (const char *const[]){"--db", db, "user", "passwd", "leader", "--password-stdin", NULL});
		assert_int_equal(a.status, 0);
		run_free(&a);
	}
	free(cookie), free(csrf);
}

static pid_t server_pid; /* a server a test started, until it is stopped */

static int stop_server(void **state)
{
	if (server_pid > 0) {
		kill(server_pid, SIGKILL);
		waitpid(server_pid, NULL, 0);
		server_pid = 0;
	}
	return drop_store(state);
}

/* Sends REQUEST to 127.0.0.1:PORT and returns the whole answer (caller
 * frees; NUL-terminated, *LEN bytes before the NUL), or NULL when nothing
 * listens. */
static char *tcp_request_n(int port, const char *request, size_t *len)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return NULL;
	}
	size_t n = strlen(request), off = 0;
	while (off < n) { /* the server may answer (413) and stop reading early */
		ssize_t w = write(fd, request + off, n - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	shutdown(fd, SHUT_WR);
	struct strbuf b = {0};
	char buf[4096];
	ssize_t r;
	while ((r = read(fd, buf, sizeof buf)) > 0)
		sb_add(&b, buf, (size_t)r);
	close(fd);
	*len = b.len;
	return b.s ? b.s : xstrdup("");
}

static char *tcp_request(int port, const char *request)
{
	size_t len;
	return tcp_request_n(port, request, &len);
}

/* Asks GZREQ (accepting gzip) on PORT four times: every answer must be
 * gzip that inflates to the body of PLAIN (a whole answer). */
static void check_gzipped(int port, const char *gzreq, const char *plain)
{
	for (int i = 0; i < 4; i++) {
		size_t n, len;
		char *g = tcp_request_n(port, gzreq, &n);
		assert_non_null(g);
		char *split = strstr(g, "\r\n\r\n");
		assert_non_null(split);
		if (!strstr(g, "\r\nContent-Encoding: gzip\r\n") || !strstr(g, "\r\nVary: Accept-Encoding\r\n"))
			fail_msg("not gzipped: %.300s", g);
		char *body = gunzip(split + 4, n - (size_t)(split + 4 - g), &len);
		assert_non_null(body);
		assert_string_equal(body, strstr(plain, "\r\n\r\n") + 4);
		free(body), free(g);
	}
}

/* Starts `kaoping serve` on the test store (two threads, uploads up to
 * 1 MB; EXTRA options, NULL-terminated, up to 5, may be NULL) with ENV
 * added to the environment (NULL: none), logging to LOG;
 * waits until it answers and returns its port. The stop_server teardown
 * stops it. */
static int start_server_with(const char *log, const char *env, const char *const *extra)
{
	static int started;
	int port = 30000 + (int)(getpid() % 10000) * 2 + started++ % 2;
	char listen_at[32];
	snprintf(listen_at, sizeof listen_at, "127.0.0.1:%d", port);
	const char *bin = getenv("KAOPING_BIN") ? getenv("KAOPING_BIN") : "./kaoping";
	char *argv[16] = {(char *)bin, "--db", (char *)db, "serve", "--listen", listen_at, "--threads", "2",
			  "--max-upload-mb", "1", NULL};
	for (int i = 0; extra && extra[i] && i < 5; i++)
		argv[10 + i] = (char *)extra[i];
	size_t n = 0;
	while (environ[n])
		n++;
	char **envp = xcalloc(n + 2, sizeof *envp);
	memcpy(envp, environ, n * sizeof *envp);
	envp[n] = (char *)env;
	signal(SIGPIPE, SIG_IGN);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	pid_t pid;
	assert_int_equal(posix_spawn(&pid, bin, &fa, NULL, argv, envp), 0);
	server_pid = pid; /* the teardown stops it if an assertion fails */
	posix_spawn_file_actions_destroy(&fa);
	free(envp);
	char *ok = NULL;
	for (int i = 0; i < 200 && !ok; i++) {
		ok = tcp_request(port, "GET /healthz HTTP/1.0\r\n\r\n");
		if (!ok)
			usleep(50000);
	}
	assert_non_null(ok);
	assert_non_null(strstr(ok, "200 OK"));
	free(ok);
	return port;
}

/* start_server without extra options. */
static int start_server(const char *log, const char *env)
{
	return start_server_with(log, env, NULL);
}

static void test_server_reloads_the_campaign_after_a_rubric_import_and_stops_cleanly(void **state)
{
	(void)state;
	char *log = xstrdup(scratch_path("serve.log"));
	int port = start_server(log, NULL);
	pid_t pid = server_pid;
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "user", "token", "leader", NULL});
	char *req = xasprintf("GET /api/v1/rubric HTTP/1.0\r\nAuthorization: Bearer %.64s\r\n\r\n", t.out);
	run_free(&t);
	char *before = tcp_request(port, req);
	assert_non_null(strstr(before, "加强党的全面领导"));
	/* A new rubric version: the item is renamed. */
	const char *file = scratch_path("r.json");
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "rubric", "export", "--output", file, NULL});
	run_free(&t);
	char *text = read_file(file, NULL);
	char *p = strstr(text, "加强党的全面领导");
	assert_non_null(p);
	memcpy(p, "坚持", strlen("坚持")); /* 坚持党的全面领导 */
	write_file(file, text, strlen(text));
	free(text);
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "rubric", "import", file, NULL});
	assert_int_equal(t.status, 0);
	run_free(&t);
	char *after = tcp_request(port, req);
	assert_non_null(strstr(after, "坚持党的全面领导"));
	free(before), free(after), free(req);
	/* The whole ranking is answered from a cached rendering: asked again
	 * it is the same, and a new score shows in the next answer. */
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "user", "token", "leader", NULL});
	req = xasprintf("GET /api/v1/ranking HTTP/1.0\r\nAuthorization: Bearer %.64s\r\n\r\n", t.out);
	run_free(&t);
	char *r1 = tcp_request(port, req), *r2 = tcp_request(port, req), *r3 = tcp_request(port, req);
	assert_non_null(strstr(r1, "\r\n\r\n["));
	assert_string_equal(strstr(r1, "\r\n\r\n"), strstr(r3, "\r\n\r\n"));
	/* gzipped for a client that accepts it, from a cached compressed copy
	 * that goes with the scores too */
	char *gzreq = xasprintf("%.*sAccept-Encoding: gzip, deflate\r\n\r\n", (int)(strlen(req) - 2), req);
	check_gzipped(port, gzreq, r3);
	/* 区发改局's scores are submitted, so a change counts (a draft would not) */
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "score", "set", "区发改局", "2", "0.5", NULL});
	if (t.status)
		fail_msg("score set: %s", t.err);
	run_free(&t);
	char *r4 = tcp_request(port, req), *r5 = tcp_request(port, req);
	assert_string_not_equal(strstr(r1, "\r\n\r\n"), strstr(r4, "\r\n\r\n"));
	assert_string_equal(strstr(r4, "\r\n\r\n"), strstr(r5, "\r\n\r\n"));
	check_gzipped(port, gzreq, r5);
	free(gzreq);
	free(r1), free(r2), free(r3), free(r4), free(r5), free(req);
	/* So is the ranking page's first page: asked on every thread, then a
	 * score changes, and every answer after shows the new points. */
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "user", "token", "leader", NULL});
	req = xasprintf("GET /ranking HTTP/1.0\r\nAuthorization: Bearer %.64s\r\n\r\n", t.out);
	run_free(&t);
	for (int i = 0; i < 6; i++) {
		char *page = tcp_request(port, req);
		assert_non_null(strstr(page, "区发改局"));
		free(page);
	}
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "score", "set", "区发改局", "2", "1.5", NULL});
	assert_int_equal(t.status, 0);
	run_free(&t);
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "--json", "report", "ranking", NULL});
	json_error_t je;
	json_t *ranking = json_loads(t.out, 0, &je), *row;
	run_free(&t);
	size_t k;
	char want[128] = "";
	json_array_foreach(ranking, k, row) if (!strcmp(json_string_value(json_object_get(row, "unit")), "区发改局"))
		snprintf(want, sizeof want, "<td class=\"n\">%g</td><td class=\"n\">81</td>",
			 json_number_value(json_object_get(row, "points")));
	json_decref(ranking);
	assert_true(*want);
	for (int i = 0; i < 6; i++) {
		char *page = tcp_request(port, req);
		if (!strstr(page, want))
			fail_msg("answer %d of /ranking lacks the new points (%s)", i, want);
		free(page);
	}
	free(req);
	/* The server keeps the tasks loaded; a task's new deadline shows at once. */
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "user", "token", "shenji", NULL});
	req = xasprintf("GET /api/v1/units/3/due?kind=task HTTP/1.0\r\nAuthorization: Bearer %.64s\r\n\r\n", t.out);
	run_free(&t);
	r1 = tcp_request(port, req), r2 = tcp_request(port, req);
	assert_null(strstr(r1, "2099-03-31"));
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "tasks", "due", "6", "2099-03-31", NULL});
	assert_int_equal(t.status, 0);
	run_free(&t);
	r3 = tcp_request(port, req), r4 = tcp_request(port, req);
	assert_non_null(strstr(r3, "\"no\":6,\"light\":\"green\",\"due\":\"2099-03-31\""));
	assert_non_null(strstr(r4, "\"no\":6,\"light\":\"green\",\"due\":\"2099-03-31\""));
	free(r1), free(r2), free(r3), free(r4), free(req);
	/* A body over the upload limit (1 MB here, plus room for the form) is
	 * refused from its Content-Length, before it is read. */
	char bearer[65];
	api_token("shenji", bearer);
	size_t big = 3u << 20;
	char *huge = xmalloc(big + 300);
	int hl = snprintf(huge, 300, "POST /api/v1/units/3/criteria/2/evidence HTTP/1.1\r\nHost: t\r\nContent-Length: %zu\r\n"
				     "Authorization: Bearer %s\r\nContent-Type: application/octet-stream\r\n\r\n", big, bearer);
	memset(huge + hl, 'x', big);
	huge[hl + (int)big] = 0;
	char *refused = tcp_request(port, huge);
	free(huge);
	assert_non_null(refused);
	if (!strstr(refused, " 413 "))
		fail_msg("oversized upload answered: %.80s", refused);
	free(refused);
	/* An upload cut short: the part already written to a temporary file
	 * is removed when the connection ends. */
	huge = xmalloc(big + 400);
	const char *boundary = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\n\r\n%PDF-";
	hl = snprintf(huge, 400, "POST /api/v1/units/3/criteria/2/evidence HTTP/1.1\r\nHost: t\r\nContent-Length: %u\r\n"
				 "Authorization: Bearer %s\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n\r\n%s",
		      (1u << 20) + 1000, bearer, boundary);
	size_t part = 700u << 10;
	memset(huge + hl, 'x', part);
	huge[hl + (int)part] = 0;
	refused = tcp_request(port, huge);
	free(huge), free(refused);
	int leftovers = -1;
	for (int i = 0; i < 50 && leftovers; i++) { /* the server removes it as the connection ends */
		usleep(100000);
		char *cmd = xasprintf("ls %s/tmp 2>/dev/null | grep -c upload- || true", db_files());
		FILE *ls = popen(cmd, "r");
		assert_int_equal(fscanf(ls, "%d", &leftovers), 1);
		pclose(ls);
		free(cmd);
	}
	assert_int_equal(leftovers, 0);
	/* SIGTERM: the server finishes and exits 0 (under ASan: without leaks). */
	kill(pid, SIGTERM);
	int st;
	waitpid(pid, &st, 0);
	server_pid = 0;
	char *logtext = read_file(log, NULL);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("server exit %d: %s", st, logtext);
	assert_non_null(strstr(logtext, "GET /api/v1/rubric 200"));
	free(logtext), free(log);
}

/* Asks REQUEST on PORT six times (so both server threads answer it) and
 * fails unless every answer contains WANT (or, when !PRESENT, lacks it). */
static void ask_every_thread(int port, const char *request, const char *want, bool present, const char *after)
{
	for (int i = 0; i < 6; i++) {
		char *a = tcp_request(port, request);
		assert_non_null(a);
		if ((strstr(a, want) != NULL) != present)
			fail_msg("after %s, answer %d %s \"%s\":\n%.600s", after, i, present ? "lacks" : "still has", want,
				 strstr(a, "\r\n\r\n") ? strstr(a, "\r\n\r\n") : a);
		free(a);
	}
}

/* The server keeps each unit's lights and scores per thread: every kind of
 * write (a file, its withdrawal, a ledger entry and its removal, a task
 * reported and taken back, the yellow-light window, a self-assessment)
 * shows in the very next answer, on every thread. */
static void test_a_units_pages_follow_each_write_at_once(void **state)
{
	(void)state;
	char *log = xstrdup(scratch_path("serve-memo.log"));
	int port = start_server(log, "KAOPING_TODAY=2024-06-01");
	char token[65];
	api_token("shenji", token);
	char *due = xasprintf("GET /api/v1/units/3/due HTTP/1.0\r\nAuthorization: Bearer %s\r\n\r\n", token);
	char *page = xasprintf("GET /units/3 HTTP/1.0\r\nAuthorization: Bearer %s\r\n\r\n", token);
	/* criterion 2 of 区审计局 wants its evidence, 58 days before its deadline */
	const char *needs_file = "\"no\":2,\"light\":\"green\",\"due\":\"2024-07-29\",\"days_left\":58,\"missing\":\"佐证材料\"";
	ask_every_thread(port, due, needs_file, true, "start");
	ask_every_thread(port, page, "<a href=\"/units/3/criteria/2\">2</a></td><td class=\"t\">建立", true, "start");

	const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
	char *req = multipart_request("/api/v1/units/3/criteria/2/evidence", token, "经费.pdf", pdf, sizeof pdf - 1);
	char *a = tcp_request(port, req);
	free(req);
	if (!strstr(a, " 201 "))
		fail_msg("upload: %.300s", a);
	long long evidence = 0;
	assert_int_equal(sscanf(strstr(strstr(a, "\r\n\r\n"), "\"id\":"), "\"id\":%lld", &evidence), 1);
	free(a);
	ask_every_thread(port, due, needs_file, false, "an upload");

	/* (past the material deadline only the office may withdraw it) */
	char office[65];
	api_token("office", office);
	req = xasprintf("POST /units/3/evidence/%lld/withdraw HTTP/1.0\r\nAuthorization: Bearer %s\r\n"
			"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n\r\n",
			evidence, office);
	a = tcp_request(port, req);
	free(req);
	if (!strstr(a, " 303 "))
		fail_msg("withdraw: %.300s", a);
	free(a);
	ask_every_thread(port, due, needs_file, true, "a withdrawal");

	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "ledger", "add", "区审计局", "--date", "2024-05-20", "--kind",
						    "专题会议", "--title", "经费保障专题会", "--criteria", "2", NULL});
	long long entry = 0;
	if (t.status || sscanf(t.out, "ledger entry %lld", &entry) != 1)
		fail_msg("ledger add: %s%s", t.out, t.err);
	run_free(&t);
	ask_every_thread(port, due, needs_file, false, "a ledger entry");
	char id[24];
	snprintf(id, sizeof id, "%lld", entry);
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "ledger", "remove", id, NULL});
	assert_int_equal(t.status, 0);
	run_free(&t);
	ask_every_thread(port, due, needs_file, true, "the entry's removal");

	t = run_kaoping(NULL, (const char *const[]){"--db", db, "tasks", "done", "区审计局", "1", NULL});
	assert_int_equal(t.status, 0);
	run_free(&t);
	ask_every_thread(port, due, "\"kind\":\"task\",\"no\":1,\"light\":\"grey\"", true, "a task reported done");
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "tasks", "undo", "区审计局", "1", NULL});
	assert_int_equal(t.status, 0);
	run_free(&t);
	ask_every_thread(port, due, "\"kind\":\"task\",\"no\":1,\"light\":\"green\"", true, "a task taken back");

	t = run_kaoping(NULL, (const char *const[]){"--db", db, "setting", "set", "due_window_days", "90", NULL});
	assert_int_equal(t.status, 0);
	run_free(&t);
	ask_every_thread(port, due, "\"no\":2,\"light\":\"yellow\"", true, "a wider window");
	ask_every_thread(port, page, "即将到期 19", true, "a wider window");

	const char *row2 = "建立民族团结进步创建工作经费保障机制（得4分）；</td><td class=\"n\">4</td>"; /* then self, assessor */
	char *self4 = xasprintf("%s<td class=\"n\">4</td>", row2),
	     *self3 = xasprintf("%s<td class=\"n\">3</td>", row2);
	ask_every_thread(port, page, self4, true, "start");
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "score", "set", "区审计局", "2", "3", "--self", NULL});
	if (t.status)
		fail_msg("score set --self: %s", t.err);
	run_free(&t);
	ask_every_thread(port, page, self3, true, "a self-assessment");
	free(self4), free(self3), free(due), free(page), free(log);
}

/* The unit page's score sheet is kept rendered per thread: the office's
 * rendering (assessor drafts in it) never reaches the unit's clerk, nor
 * the clerk's the office, on any thread, in either order; a change of
 * unit_sees_assessor shows in the clerk's very next answer. */
static void test_the_kept_score_sheet_never_shows_a_clerk_the_office_view(void **state)
{
	(void)state;
	char *log = xstrdup(scratch_path("serve-seen.log"));
	int port = start_server(log, NULL);
	char clerk[65], office[65];
	api_token("shenji", clerk);
	api_token("office", office);
	char *as_clerk = xasprintf("GET /units/3 HTTP/1.0\r\nAuthorization: Bearer %s\r\n\r\n", clerk);
	char *as_office = xasprintf("GET /units/3 HTTP/1.0\r\nAuthorization: Bearer %s\r\n\r\n", office);
	const char *drafts = "测评合计 58.4 ·";
	ask_every_thread(port, as_office, drafts, true, "start, the office first");
	ask_every_thread(port, as_clerk, drafts, false, "the office's rendering");
	ask_every_thread(port, as_clerk, "测评合计 0 ·", true, "the office's rendering");
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "score", "set", "区审计局", "2", "3", NULL});
	assert_int_equal(t.status, 0);
	run_free(&t);
	const char *changed = "测评合计 57.4 ·";
	ask_every_thread(port, as_clerk, changed, false, "a new draft, the clerk first");
	ask_every_thread(port, as_office, changed, true, "the clerk's rendering");
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "setting", "set", "unit_sees_assessor", "always", NULL});
	assert_int_equal(t.status, 0);
	run_free(&t);
	ask_every_thread(port, as_clerk, changed, true, "unit_sees_assessor always");
	free(as_clerk), free(as_office), free(log);
}

/* /public/draws is kept rendered per thread (each draw on it is recomputed
 * to check it): a new draw and a new finding show at once, on every thread. */
static void test_public_draws_follow_each_draw_change_at_once(void **state)
{
	(void)state;
	char *log = xstrdup(scratch_path("serve-draws.log"));
	int port = start_server(log, NULL);
	const char *page = "GET /public/draws HTTP/1.0\r\n\r\n";
	ask_every_thread(port, page, "尚无公开的抽查", true, "start");
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "draw", "--count", "2", "--units", "区审计局,区工信局",
						    "--seed", "seed-t1", "--publish", NULL});
	if (t.status)
		fail_msg("draw: %s", t.err);
	run_free(&t);
	ask_every_thread(port, page, "<code>seed-t1</code>", true, "a published draw");
	ask_every_thread(port, page, "复核一致", true, "a published draw");
	ask_every_thread(port, page, "已检查", false, "a published draw");
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "draw", "finding", "1", "区审计局", "--criterion", "2",
						"--points", "3", "经费保障台账不全", NULL});
	if (t.status)
		fail_msg("draw finding: %s", t.err);
	run_free(&t);
	/* the public sees the outcome and the points, not the finding's text */
	ask_every_thread(port, page, "<td class=\"s\"><span class=\"badge b-green\">已检查</span></td><td class=\"n\">3</td>", true, "a finding");
	free(log);
}

/* POSTs JSON to /api/v1/units/UNIT/scores with the Bearer TOKEN. */
static struct reply api_scores(const char *token, int unit, const char *json)
{
	char *req = xasprintf("POST /api/v1/units/%d/scores HTTP/1.1\r\nAuthorization: Bearer %s\r\nContent-Type: "
			      "application/json\r\nContent-Length: %zu\r\n\r\n%s", unit, token, strlen(json), json);
	struct reply r = http(req);
	free(req);
	return r;
}

/* The score tables of the store's fingerprint (logging in and making API
 * tokens change other tables). */
static char *scores_fingerprint(void)
{
	char *f = store_fingerprint(db);
	struct strbuf b = {0};
	for (const char *p = strstr(f, "\n[score"); p; p = strstr(p + 1, "\n[score")) {
		const char *end = strstr(p + 1, "\n[");
		sb_add(&b, p, end ? (size_t)(end - p) : strlen(p));
	}
	assert_true(b.len > 0);
	free(f);
	return (char *)sb_str(&b);
}

/* Asserts that R is a 400 whose first refused score is INDEX in FIELD,
 * its message containing WANT (NULL: any), and that no score changed. */
static void assert_score_refused(struct reply *r, int index, const char *field, const char *want, const char *before)
{
	if (r->status != 400)
		fail_msg("expected 400, got %d: %s", r->status, r->body);
	json_error_t je;
	json_t *j = json_loads(r->body, 0, &je), *e0 = json_array_get(json_object_get(j, "errors"), 0);
	if (!e0)
		fail_msg("no per-score errors in: %s", r->body);
	assert_int_equal(json_integer_value(json_object_get(e0, "index")), index);
	assert_string_equal(json_string_value(json_object_get(e0, "field")), field);
	if (want && !strstr(json_string_value(json_object_get(e0, "message")), want))
		fail_msg("message lacks \"%s\": %s", want, r->body);
	json_decref(j);
	reply_free(r);
	char *after = scores_fingerprint();
	assert_string_equal(before, after);
	free(after);
}

static void test_api_takes_a_batch_of_scores_all_or_nothing(void **state)
{
	(void)state;
	char token[65];
	api_token("assessor1", token);
	struct reply r = api_scores(token, 3, "[{\"criterion\":\"8.1\",\"points\":1},{\"criterion\":\"8.2\",\"points\":2.5,"
					      "\"kind\":\"assessor\",\"comment\":\"批量\"}]");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"count\": 2"));
	reply_free(&r);
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "audit", "list", NULL});
	assert_non_null(strstr(t.out, "区审计局 / 8.1 / assessor"));
	assert_non_null(strstr(t.out, "区审计局 / 8.2 / assessor"));
	run_free(&t);
	/* One bad row: nothing of the batch is stored, the row is named. */
	char *before = scores_fingerprint();
	r = api_scores(token, 3, "[{\"criterion\":\"2\",\"points\":1},{\"criterion\":\"8.2\",\"points\":9}]");
	assert_non_null(strstr(r.body, "1 of 2 scores refused; nothing was stored"));
	assert_score_refused(&r, 1, "points", "out of range", before);
	r = api_scores(token, 3, "[{\"criterion\":\"2\",\"points\":1},{\"criterion\":\"2\",\"points\":2}]");
	assert_score_refused(&r, 1, "criterion", "scored twice", before);
	r = api_scores(token, 3, "[{\"criterion\":\"2\",\"points\":1},{\"criterion\":\"99\",\"points\":2}]");
	assert_score_refused(&r, 1, "criterion", NULL, before);
	r = api_scores(token, 3, "{\"criterion\":\"2\",\"points\":1,\"kind\":\"selff\"}");
	assert_score_refused(&r, 0, "kind", NULL, before);
	r = api_scores(token, 3, "[]");
	assert_int_equal(r.status, 400);
	reply_free(&r);
	/* At most 1000 scores in one request: one more is refused whole. */
	struct strbuf big = {0};
	for (int i = 0; i < 1001; i++)
		sb_addf(&big, "%s{\"criterion\":\"2\",\"points\":1}", i ? "," : "[");
	sb_addc(&big, ']');
	r = api_scores(token, 3, sb_str(&big));
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "at most 1000 scores in one request"));
	reply_free(&r);
	sb_free(&big);
	/* An assessor may not send self scores, not even inside a batch. */
	r = api_scores(token, 3, "[{\"criterion\":\"2\",\"points\":1},{\"criterion\":\"3\",\"points\":1,\"kind\":\"self\"}]");
	assert_int_equal(r.status, 403);
	reply_free(&r);
	char *after = scores_fingerprint();
	assert_string_equal(before, after);
	free(before), free(after);
}

static void test_api_points_are_parsed_without_float_conversions(void **state)
{
	(void)state;
	char token[65];
	api_token("assessor1", token);
	char *before = scores_fingerprint();
	static const char *const refused[] = {"1e300", "-1", "2.55", "\"NaN\"", "\"3\"", "null", "true", "1e-7", "-0.0",
					      "100001"};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		char *json = xasprintf("{\"criterion\":\"2\",\"points\":%s}", refused[i]);
		struct reply r = api_scores(token, 3, json);
		free(json);
		assert_score_refused(&r, 0, "points", "at most one decimal", before);
	}
	/* Not JSON at all: NaN, Infinity, a number past a double's range. */
	static const char *const invalid[] = {"NaN", "Infinity", "1e999"};
	for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++) {
		char *json = xasprintf("{\"criterion\":\"2\",\"points\":%s}", invalid[i]);
		struct reply r = api_scores(token, 3, json);
		free(json);
		assert_int_equal(r.status, 400);
		reply_free(&r);
	}
	char *after = scores_fingerprint();
	assert_string_equal(before, after);
	free(after), free(before);
	/* 2.50 and 3 are fine, and a sum that floating point gets slightly wrong. */
	struct reply r = api_scores(token, 3, "[{\"criterion\":\"2\",\"points\":2.50},{\"criterion\":\"3\",\"points\":3},"
					      "{\"criterion\":\"4\",\"points\":0.30000000000000004}]");
	assert_int_equal(r.status, 200);
	reply_free(&r);
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "audit", "list", NULL});
	assert_non_null(strstr(t.out, "-> 2.5"));
	assert_non_null(strstr(t.out, "-> 0.3"));
	run_free(&t);
}

static void test_score_form_stores_all_parts_or_none(void **state)
{
	(void)state;
	struct session s = login("office");
	char *before = scores_fingerprint();
	char *body = xasprintf("csrf=%s&points1=0.5&points2=9", s.csrf);
	struct reply r = post("/units/3/criteria/8/score", s.token, body);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "第8.2条的得分 9 超出范围 0–3"));
	reply_free(&r);
	free(body);
	body = xasprintf("csrf=%s&points1=0.5&points2=x", s.csrf);
	r = post("/units/3/criteria/8/score", s.token, body);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "不是最多一位小数的分数"));
	reply_free(&r);
	free(body);
	/* A long refused value is quoted to 60 bytes, never half a character. */
	struct strbuf v = {0};
	sb_adds(&v, "a");
	for (int i = 0; i < 30; i++)
		sb_adds(&v, "%E4%B8%80"); /* 一 */
	body = xasprintf("csrf=%s&points1=%s", s.csrf, sb_str(&v));
	r = post("/units/3/criteria/8/score", s.token, body);
	assert_int_equal(r.status, 400);
	assert_null(strstr(r.body, "\xef\xbf\xbd")); /* no U+FFFD for a cut character */
	assert_non_null(strstr(r.body, "a一一一"));
	reply_free(&r);
	free(body), sb_free(&v);
	char *after = scores_fingerprint();
	assert_string_equal(before, after); /* part 1 was not stored on its own */
	free(after);
	body = xasprintf("csrf=%s&points1=0.5&points2=1.5", s.csrf);
	r = post("/units/3/criteria/8/score", s.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	free(body);
	r = get("/units/3/criteria/8", s.token);
	assert_non_null(strstr(r.body, "value=\"0.5\""));
	assert_non_null(strstr(r.body, "value=\"1.5\""));
	reply_free(&r);
	free(before);
	session_free(&s);
}

/* assessor3's home unit is 区审计局 (unit 3): the draws keep them out of
 * it, and so does scoring, on every path. */
static void test_an_assessor_never_scores_their_home_unit(void **state)
{
	(void)state;
	char *before = scores_fingerprint();
	struct session s = login("assessor3");
	char *body = xasprintf("csrf=%s&points0=1", s.csrf);
	struct reply r = post("/units/3/criteria/2/score", s.token, body);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "回避：区审计局是您的本单位"));
	reply_free(&r);
	char token[65];
	api_token("assessor3", token);
	r = api_scores(token, 3, "{\"criterion\":\"2\",\"points\":1}");
	assert_score_refused(&r, 0, "by", "recusal: 区审计局 is the home unit", before);
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "score", "set", "区审计局", "2", "1", "--by",
							   "assessor3", NULL});
	assert_int_equal(t.status, 2);
	assert_non_null(strstr(t.err, "--by: recusal: 区审计局 is the home unit of assessor3"));
	run_free(&t);
	const char *file = scratch_path("home.csv");
	const char *sheet = "unit,criterion,points,by\n区统计局,2,1,assessor3\n区审计局,2,1,assessor3\n";
	write_file(file, sheet, strlen(sheet));
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "score", "import", file, NULL});
	assert_int_equal(t.status, 2);
	assert_non_null(strstr(t.err, "line 3: recusal: 区审计局 is the home unit of assessor3"));
	assert_null(strstr(t.err, "line 2:"));
	run_free(&t);
	char *after = scores_fingerprint();
	assert_string_equal(before, after);
	free(after), free(before);
	/* Another unit is theirs to score. */
	r = post("/units/5/criteria/2/score", s.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	r = api_scores(token, 5, "{\"criterion\":\"3\",\"points\":1}");
	assert_int_equal(r.status, 200);
	reply_free(&r);
	free(body);
	session_free(&s);
}

/* After 区审计局 submits its self-assessment, no path changes a self score
 * until the office returns it: the form, the API, `score set --self` and
 * `score import --self` (which used to store it). */
static void test_a_submitted_self_assessment_is_frozen_on_every_path(void **state)
{
	(void)state;
	struct session s = login("shenji");
	char *body = xasprintf("csrf=%s", s.csrf);
	struct reply r = post("/units/3/submit", s.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	char *before = scores_fingerprint();
	char *self = xasprintf("csrf=%s&points0=1", s.csrf);
	r = post("/units/3/criteria/2/self", s.token, self);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "区审计局已提交自评"));
	reply_free(&r);
	char token[65];
	api_token("shenji", token);
	r = api_scores(token, 3, "{\"criterion\":\"2\",\"points\":1,\"kind\":\"self\"}");
	assert_score_refused(&r, 0, "state", "has submitted its self-assessment", before);
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "score", "set", "区审计局", "2", "1", "--self", NULL});
	assert_int_equal(t.status, 2);
	assert_non_null(strstr(t.err, "区审计局 has submitted its self-assessment"));
	run_free(&t);
	const char *file = scratch_path("self.csv");
	const char *sheet = "unit,criterion,points\n区审计局,2,1\n";
	write_file(file, sheet, strlen(sheet));
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "score", "import", file, "--self", NULL});
	assert_int_equal(t.status, 2);
	assert_non_null(strstr(t.err, "line 2: 区审计局 has submitted its self-assessment"));
	run_free(&t);
	char *after = scores_fingerprint();
	assert_string_equal(before, after);
	free(after), free(before);
	/* Assessor scores are not frozen; once returned, self scores change again. */
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "score", "import", file, NULL});
	assert_int_equal(t.status, 0);
	run_free(&t);
	struct session o = login("office");
	char *ret = xasprintf("csrf=%s&reason=%s", o.csrf, "%E8%AF%B7%E8%A1%A5%E5%85%85");
	r = post("/units/3/return", o.token, ret);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	t = run_kaoping(NULL, (const char *const[]){"--db", db, "score", "import", file, "--self", NULL});
	assert_int_equal(t.status, 0);
	run_free(&t);
	r = api_scores(token, 3, "{\"criterion\":\"3\",\"points\":1,\"kind\":\"self\"}");
	assert_int_equal(r.status, 200);
	reply_free(&r);
	free(body), free(self), free(ret);
	session_free(&s), session_free(&o);
}

/* ---- the server under hostile load ---- */

/* A connected socket to 127.0.0.1:PORT whose reads give up after 10 s. */
static int raw_connect(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	struct timeval tv = {10, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	return fd;
}

/* Sends TEXT on FD and reads what comes back until the server closes the
 * connection or 10 s pass without a byte; the socket stays open for
 * writing (the body announced is never sent). Caller frees. */
static char *raw_ask(int fd, const char *text)
{
	size_t n = strlen(text);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	struct strbuf b = {0};
	char buf[4096];
	ssize_t r;
	while ((r = read(fd, buf, sizeof buf)) > 0)
		sb_add(&b, buf, (size_t)r);
	return b.s ? b.s : xstrdup("");
}

/* True when the answer carries the headers every answer must. */
static bool has_security_headers(const char *answer)
{
	static const char *const want[] = {
		"\r\nCache-Control: no-store\r\n", "\r\nX-Content-Type-Options: nosniff\r\n", "\r\nX-Frame-Options: DENY\r\n",
		"\r\nReferrer-Policy: same-origin\r\n", "\r\nContent-Security-Policy: default-src 'self'",
	};
	const char *end = strstr(answer, "\r\n\r\n");
	for (size_t i = 0; end && i < sizeof want / sizeof *want; i++) {
		const char *h = strstr(answer, want[i]);
		if (!h || h > end) /* missing, or only in the body */
			return false;
	}
	return end != NULL;
}

/* The server decides from the headers: an anonymous 50 MB log-in is
 * answered 413 without the body being sent at all (the answer comes while
 * the client still holds it back); an anonymous upload is sent to the
 * log-in and leaves no file; a unit clerk's upload aimed at another unit
 * is refused 403 unread; a logged-in upload over the limit 413 unread.
 * Every refusal, and the server's own 405 and 400, carries the security
 * headers. */
static void test_server_refuses_bodies_before_reading_them(void **state)
{
	(void)state;
	char *log = xstrdup(scratch_path("serve-hostile.log"));
	int port = start_server(log, NULL);
	char *files = xasprintf("%s", db_files());
	int before = files_under(files);
	int fd = raw_connect(port);
	char *a = raw_ask(fd, "POST /login HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
			      "Content-Length: 52428800\r\n\r\nname=a");
	close(fd);
	if (strncmp(a, "HTTP/1.1 413 ", 13) || !strstr(a, "提交的内容过大") || !has_security_headers(a))
		fail_msg("an anonymous 50 MB log-in answered: %.400s", a);
	free(a);
	/* An anonymous upload, whole: the log-in page, and no file written. */
	static const char part[] = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n"
				   "%PDF-1.4 anonymous\r\n--XyZ--\r\n";
	char *req = xasprintf("POST /units/3/criteria/2/evidence HTTP/1.1\r\nHost: t\r\nContent-Length: %zu\r\n"
			      "Content-Type: multipart/form-data; boundary=XyZ\r\n\r\n%s",
			      sizeof part - 1, part);
	fd = raw_connect(port);
	a = raw_ask(fd, req);
	close(fd);
	free(req);
	if (strncmp(a, "HTTP/1.1 303 ", 13) || !strstr(a, "\r\nLocation: /login?next=") || !has_security_headers(a))
		fail_msg("an anonymous upload answered: %.400s", a);
	free(a);
	usleep(200000);
	assert_int_equal(files_under(files), before);
	/* A clerk of unit 3 aiming at unit 4: 403 before the body. */
	char bearer[65];
	api_token("shenji", bearer);
	req = xasprintf("POST /api/v1/units/4/criteria/2/evidence HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer %s\r\n"
			"Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: 900000\r\n\r\n",
			bearer);
	fd = raw_connect(port);
	a = raw_ask(fd, req);
	close(fd);
	free(req);
	if (strncmp(a, "HTTP/1.1 403 ", 13) || !has_security_headers(a))
		fail_msg("an upload to another unit answered: %.400s", a);
	free(a);
	/* The clerk's own unit, over the limit (1 MB and room for the form). */
	req = xasprintf("POST /api/v1/units/3/criteria/2/evidence HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer %s\r\n"
			"Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: 52428800\r\n\r\n",
			bearer);
	fd = raw_connect(port);
	a = raw_ask(fd, req);
	close(fd);
	free(req);
	if (strncmp(a, "HTTP/1.1 413 ", 13) || !has_security_headers(a))
		fail_msg("an upload over the limit answered: %.400s", a);
	free(a);
	/* The server's own refusals: a method it does not serve, a path that is not UTF-8. */
	fd = raw_connect(port);
	a = raw_ask(fd, "PUT /rubric HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
	close(fd);
	if (strncmp(a, "HTTP/1.1 405 ", 13) || !has_security_headers(a))
		fail_msg("PUT answered: %.400s", a);
	free(a);
	fd = raw_connect(port);
	a = raw_ask(fd, "GET /%ff HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
	close(fd);
	if (strncmp(a, "HTTP/1.1 400 ", 13) || !has_security_headers(a))
		fail_msg("a path that is not UTF-8 answered: %.400s", a);
	free(a);
	free(files), free(log);
}

/* A file just over the limit, sent from the page (a session, its token in
 * the form, the body within the request limit): a page in Chinese that
 * says the limit, 413, never a CSRF error; nothing is kept. */
static void test_an_upload_over_the_limit_says_the_limit(void **state)
{
	(void)state;
	char *log = xstrdup(scratch_path("serve-big.log"));
	int port = start_server_with(log, NULL, (const char *const[]){"--max-upload-mb", "50", NULL}); /* the default */
	struct session s = login("shenji");
	char *files = xasprintf("%s", db_files());
	int before = files_under(files);
	size_t big = (50u << 20) + 4096;
	struct strbuf body = {0};
	sb_addf(&body, "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
		       "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"大.pdf\"\r\n"
		       "Content-Type: application/pdf\r\n\r\n%%PDF-1.4\n",
		s.csrf);
	char *filler = xmalloc(big + 1);
	memset(filler, 'a', big);
	filler[big] = 0;
	sb_add(&body, filler, big);
	free(filler);
	sb_adds(&body, "\r\n--XyZ--\r\n");
	char *req = xasprintf("POST /units/3/criteria/2/evidence HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
			      "Cookie: kp_session=%s\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n"
			      "Content-Length: %zu\r\n\r\n%s",
			      s.token, body.len, body.s);
	sb_free(&body);
	char *a = tcp_request(port, req);
	free(req);
	if (strncmp(a, "HTTP/1.1 413 ", 13) || !strstr(a, "文件过大：每个文件最大 50 MB") || strstr(a, "页面已过期") ||
	    strstr(a, "CSRF"))
		fail_msg("a file over 50 MB answered: %.1200s", a);
	free(a);
	usleep(200000);
	assert_int_equal(files_under(files), before);
	session_free(&s);
	free(files), free(log);
}

/* A url-encoded form holds at most 1000 fields, a multipart form 64 plain
 * fields: more is refused 400 saying so. */
static void test_server_caps_form_fields(void **state)
{
	(void)state;
	char *log = xstrdup(scratch_path("serve-fields.log"));
	int port = start_server(log, NULL);
	char bearer[65];
	api_token("shenji", bearer);
	struct strbuf body = {0};
	for (int i = 0; i < 1001; i++)
		sb_addf(&body, "%sf%d=1", i ? "&" : "", i);
	char *req = xasprintf("POST /api/v1/units/3/scores HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer %s\r\n"
			      "Connection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n\r\n%s",
			      bearer, body.len, body.s);
	char *a = tcp_request(port, req);
	if (strncmp(a, "HTTP/1.1 400 ", 13) || !strstr(a, "表单字段过多（最多 1000 个）"))
		fail_msg("1001 form fields answered: %.600s", a);
	free(a), free(req);
	sb_reset(&body);
	for (int i = 0; i < 65; i++)
		sb_addf(&body, "--XyZ\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\n1\r\n", i);
	sb_adds(&body, "--XyZ--\r\n");
	req = xasprintf("POST /api/v1/units/3/criteria/2/evidence HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer %s\r\n"
			"Connection: close\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: %zu\r\n\r\n%s",
			bearer, body.len, body.s);
	a = tcp_request(port, req);
	if (strncmp(a, "HTTP/1.1 400 ", 13) || !strstr(a, "表单字段过多（最多 64 个）"))
		fail_msg("65 multipart fields answered: %.600s", a);
	free(a), free(req);
	sb_free(&body);
	free(log);
}

/* The largest resident size the process PID has had, in KB. */
static long peak_kb(pid_t pid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	long kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "VmHWM:", 6))
			kb = strtol(line + 6, NULL, 10);
	if (f)
		fclose(f);
	return kb;
}

/* A stored file is streamed from the disk: a 40 MB ledger file (the
 * evidence and case files go through the same code) comes back whole
 * (same SHA-256), on four connections at once, while the server's peak
 * memory grows by less than the file's size. */
static void test_server_streams_downloads_from_the_file(void **state)
{
	(void)state;
	size_t n = 40u << 20;
	unsigned char *pdf = xmalloc(n);
	memcpy(pdf, "%PDF-1.4\n", 9);
	for (size_t i = 9; i < n; i++)
		pdf[i] = (unsigned char)(i * 2654435761u >> 24);
	const char *path = scratch_path("big.pdf");
	write_file(path, pdf, n);
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "ledger", "attach", "1", "--file", path, NULL});
	if (t.status)
		fail_msg("ledger attach: %s", t.err);
	run_free(&t);
	char *log = xstrdup(scratch_path("serve-download.log"));
	int port = start_server(log, NULL);
	char bearer[65];
	api_token("shenji", bearer);
	char *req = xasprintf("GET /units/3/ledger/1/files/1 HTTP/1.0\r\nAuthorization: Bearer %s\r\n\r\n", bearer);
	char *first = tcp_request(port, "GET /healthz HTTP/1.0\r\n\r\n");
	free(first);
	long base = peak_kb(server_pid);
	int fds[4];
	for (int i = 0; i < 4; i++) { /* four downloads in flight at once */
		fds[i] = raw_connect(port);
		assert_int_equal(write(fds[i], req, strlen(req)), (ssize_t)strlen(req));
	}
	unsigned char want[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(want, pdf, n);
	for (int i = 0; i < 4; i++) {
		struct strbuf b = {0};
		char buf[65536];
		ssize_t r;
		while ((r = read(fds[i], buf, sizeof buf)) > 0)
			sb_add(&b, buf, (size_t)r);
		close(fds[i]);
		char *split = strstr(b.s, "\r\n\r\n");
		assert_non_null(split);
		if (strncmp(b.s, "HTTP/1.1 200 ", 13) || !has_security_headers(b.s))
			fail_msg("download %d answered: %.300s", i, b.s);
		size_t got = b.len - (size_t)(split + 4 - b.s);
		assert_int_equal(got, n);
		unsigned char sha[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(sha, (unsigned char *)split + 4, got);
		assert_memory_equal(sha, want, sizeof sha);
		sb_free(&b);
	}
	long peak = peak_kb(server_pid);
	if (peak - base > (long)(n >> 10))
		fail_msg("the server's peak memory grew by %ld KB serving a %zu KB file four times", peak - base, n >> 10);
	free(req), free(pdf), free(log);
}

/* At most N connections from one address (the next is closed at once);
 * a client trickling its headers a byte at a time is cut off at the
 * deadline (1 s here) instead of the idle timeout restarting with each
 * byte; so is a body slower than the minimum rate. */
static void test_server_limits_connections_per_address_and_cuts_slow_clients(void **state)
{
	(void)state;
	char *log = xstrdup(scratch_path("serve-slow.log"));
	int port = start_server_with(log, NULL,
				     (const char *const[]){"--max-connections-per-address", "3", "--header-timeout", "1", NULL});
	int held[3];
	for (int i = 0; i < 3; i++)
		held[i] = raw_connect(port);
	usleep(200000); /* the server has taken the three */
	int extra = raw_connect(port);
	char c;
	ssize_t r = read(extra, &c, 1);
	if (!(r == 0 || (r < 0 && errno == ECONNRESET))) /* closed at once, without an answer; not a read timing out */
		fail_msg("a connection over the per-address limit was kept (read %zd, %s)", r, strerror(errno));
	close(extra);
	/* Trickle headers on the first: the server must close it although a
	 * byte arrives every tenth of a second. */
	static const char head[] = "GET /rubric HTTP/1.1\r\nHost: t\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
				   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	bool cut = false;
	struct timeval tv = {0, 1000};
	setsockopt(held[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	for (size_t i = 0; i < sizeof head - 1 && !cut; i++) { /* 15 s at most, far past the deadline */
		if (write(held[0], head + i, 1) != 1)
			cut = true;
		else if (read(held[0], &c, 1) == 0)
			cut = true;
		usleep(100000);
	}
	if (!cut)
		fail_msg("a client trickling its headers was never cut off");
	for (int i = 0; i < 3; i++)
		close(held[i]);
	/* A body at one byte a tenth of a second (10 B/s, under the minimum). */
	char bearer[65];
	api_token("shenji", bearer);
	char *req = xasprintf("POST /api/v1/units/3/criteria/2/evidence HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer %s\r\n"
			      "Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: 900000\r\n\r\n",
			      bearer);
	int fd = -1;
	for (int i = 0; i < 50 && fd < 0; i++) { /* the three closed sockets may take a moment to be counted off */
		fd = raw_connect(port);
		assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		usleep(100000);
		if (read(fd, &c, 1) == 0) {
			close(fd);
			fd = -1;
		}
	}
	assert_true(fd >= 0);
	cut = false;
	for (int i = 0; i < 150 && !cut; i++) {
		if (write(fd, "x", 1) != 1 || read(fd, &c, 1) == 0)
			cut = true;
		usleep(100000);
	}
	close(fd);
	free(req);
	if (!cut)
		fail_msg("a body trickling at 10 bytes a second was never cut off");
	char *text = read_file(log, NULL);
	assert_non_null(strstr(text, "connection closed: request headers not complete"));
	assert_non_null(strstr(text, "connection closed: request body slower than the minimum rate"));
	size_t logged = strlen(text);
	free(text);
	/* A kept-alive connection waiting after its answer is closed at the
	 * same deadline, without a log line (browsers keep them open). */
	fd = raw_connect(port);
	static const char again[] = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";
	assert_int_equal(write(fd, again, sizeof again - 1), (ssize_t)(sizeof again - 1));
	struct strbuf b = {0};
	char buf[512];
	ssize_t got;
	while ((got = read(fd, buf, sizeof buf)) > 0) /* raw_connect's 10 s: the deadline is 1 s */
		sb_add(&b, buf, (size_t)got);
	if (got != 0 || !b.s || strncmp(b.s, "HTTP/1.1 200 ", 13))
		fail_msg("a kept-alive connection was not closed after its answer (read %zd): %.200s", got, b.s ? b.s : "");
	sb_free(&b);
	close(fd);
	usleep(200000);
	text = read_file(log, NULL);
	if (strstr(text + logged, "connection closed"))
		fail_msg("an idle kept-alive connection was logged as cut: %s", text + logged);
	free(text), free(log);
}

/* The temporary files of uploads cut short by a crash are removed when the
 * server starts: those of processes that are gone, those older than a
 * day, and those older versions left beside the stored files; a file of a
 * process still running (another server's upload) stays. */
static void test_server_sweeps_temporary_files_at_start_up(void **state)
{
	(void)state;
	pid_t gone = fork();
	if (gone == 0)
		_exit(0);
	waitpid(gone, NULL, 0);
	char *dir = xasprintf("%s", db_files()), *tmp = xasprintf("%s/tmp", db_files());
	mkdir(dir, 0750);
	mkdir(tmp, 0750);
	char *dead = xasprintf("%s/upload-%d-AAAAAA", tmp, (int)gone);
	char *live = xasprintf("%s/upload-%d-BBBBBB", tmp, (int)getpid());
	char *stale = xasprintf("%s/upload-%d-CCCCCC", tmp, (int)getpid());
	char *older = xasprintf("%s/upload-Xy12Zq", dir);
	write_file(dead, "x", 1), write_file(live, "x", 1), write_file(stale, "x", 1), write_file(older, "x", 1);
	struct timespec two_days[2] = {{time(NULL) - 2 * 86400, 0}, {time(NULL) - 2 * 86400, 0}};
	utimensat(AT_FDCWD, stale, two_days, 0);
	char *log = xstrdup(scratch_path("serve-sweep.log"));
	start_server(log, NULL);
	assert_int_equal(access(dead, F_OK), -1);
	assert_int_equal(access(stale, F_OK), -1);
	assert_int_equal(access(older, F_OK), -1);
	assert_int_equal(access(live, F_OK), 0);
	char *text = read_file(log, NULL);
	assert_non_null(strstr(text, "removed 3 temporary upload files"));
	free(text), free(log);
	free(dir), free(tmp), free(dead), free(live), free(stale), free(older);
}

/* A path holding %0a is logged on one line, the newline written \x0A;
 * so are U+0085 (NEL) and U+202E (right-to-left override), byte by byte. */
static void test_access_log_lines_cannot_be_forged(void **state)
{
	(void)state;
	char *log = xstrdup(scratch_path("serve-log.log"));
	int port = start_server(log, NULL);
	char *a = tcp_request(port, "GET /x%0a2024-01-01T00:00:00Z%20GET%20/forged%20200 HTTP/1.0\r\n\r\n");
	free(a);
	a = tcp_request(port, "GET /n%c2%85r%e2%80%ae HTTP/1.0\r\n\r\n");
	free(a);
	a = tcp_request(port, "GET /healthz HTTP/1.0\r\n\r\n"); /* logged after the first */
	free(a);
	char *text = read_file(log, NULL);
	for (char *line = text; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (!strncmp(line, "2024-01-01", 10))
			fail_msg("a forged log line: %s", text);
	assert_non_null(strstr(text, " GET /x\\x0A2024-01-01T00:00:00Z\\x20GET\\x20/forged\\x20200 404 "));
	assert_non_null(strstr(text, " GET /n\\xC2\\x85r\\xE2\\x80\\xAE 404 "));
	free(text), free(log);
}

/* Logs in through the form with NEXT (url-encoded) and returns where the
 * answer sends the browser (caller frees). */
static char *login_next(const char *next)
{
	struct reply form = get("/login", NULL);
	char *cookie = set_cookie(&form, "kp_login"), *token = hidden(form.body, "login_csrf");
	char *body = xasprintf("name=leader&password=kaoping-demo-2024&login_csrf=%s&next=%s", token, next);
	char *req = xasprintf("POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
			      "Content-Length: %zu\r\nCookie: kp_login=%s\r\n\r\n%s",
			      strlen(body), cookie, body);
	struct reply r = http(req);
	assert_int_equal(r.status, 303);
	char *loc = header(&r, "Location");
	reply_free(&r), reply_free(&form);
	free(req), free(body), free(cookie), free(token);
	return loc;
}

/* After the log-in only a path of this site is followed: a tab, "//",
 * "/\", another scheme or a control character sends the browser home. */
static void test_login_redirect_stays_on_this_site(void **state)
{
	(void)state;
	static const char *const away[] = {
		"%2F%09%2Fevil.example%2F", "%2F%2Fevil.example", "%2F%5Cevil.example", "http%3A%2F%2Fevil.example",
		"%2F%0d%0aSet-Cookie%3A%20x%3D1", "%2Funits%2F%01", "%2Fa%2F%2Fb", "evil.example",
	};
	for (size_t i = 0; i < sizeof away / sizeof *away; i++) {
		char *loc = login_next(away[i]);
		if (!loc || strcmp(loc, "/"))
			fail_msg("next=%s sent the browser to \"%s\"", away[i], loc ? loc : "(nowhere)");
		free(loc);
	}
	char *loc = login_next("%2Funits%2F3%3Fsaved%3D1");
	assert_string_equal(loc, "/units/3?saved=1");
	free(loc);
}

/* A file name holding a bidirectional formatting or control character, or
 * longer than 240 bytes, is refused saying why, on every path (page, API,
 * command line). */
static void test_file_names_with_bidi_or_control_characters_or_too_long_are_refused(void **state)
{
	(void)state;
	struct session s = login("shenji");
	static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
	static const char *const bidi[] = {"报告\xe2\x80\xaeselif.pdf", "a\xe2\x81\xa6.pdf", "a\xe2\x80\x8f.pdf",
					   "a\xd8\x9c.pdf", "a\x01.pdf", "a\xc2\x85.pdf"};
	for (size_t i = 0; i < sizeof bidi / sizeof *bidi; i++) {
		struct reply r = upload("/units/3/criteria/2/evidence", &s, bidi[i], pdf, sizeof pdf - 1);
		if (r.status != 400 || !strstr(r.body, "不能含有控制字符或双向文本控制字符"))
			fail_msg("name %zu answered %d: %.300s", i, r.status, r.body);
		reply_free(&r);
	}
	char name[300];
	memset(name, 'a', 237);
	strcpy(name + 237, ".pdf"); /* 241 bytes */
	struct reply r = upload("/units/3/criteria/2/evidence", &s, name, pdf, sizeof pdf - 1);
	if (r.status != 400 || !strstr(r.body, "文件名过长（最多 240 字节"))
		fail_msg("a 241-byte name answered %d: %.300s", r.status, r.body);
	reply_free(&r);
	name[236] = 0;
	strcat(name, ".pdf"); /* 240 bytes: kept */
	r = upload("/units/3/criteria/2/evidence", &s, name, pdf, sizeof pdf - 1);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	/* The ledger takes its files through the same check. */
	const char *path = scratch_path("报告\xe2\x80\xae" "fdp.pdf");
	write_file(path, pdf, sizeof pdf - 1);
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "ledger", "attach", "1", "--file", path, NULL});
	assert_int_not_equal(t.status, 0);
	assert_non_null(strstr(t.err, "U+202E"));
	run_free(&t);
	session_free(&s);
}

/* The store's WAL, in pages of the store (0 when there is none). */
static long wal_pages(void)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long page = 4096, pages = 0;
	if (test_pg())
		return 0; /* a PostgreSQL store has no WAL file of its own to watch */
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(h, "PRAGMA page_size", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		page = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	char *path = xasprintf("%s-wal", db);
	struct stat sb;
	if (!stat(path, &sb))
		pages = (long)(sb.st_size / page);
	free(path);
	sqlite3_close(h); /* (a reader does not checkpoint or remove the WAL) */
	return pages;
}

/* A POST of one score for criterion 2 of 区审计局 (unit 3) with TOKEN. */
static char *score_request(const char *token, int tenths, const char *comment)
{
	char *body = xasprintf("{\"criterion\":\"2\",\"points\":%d.%d,\"kind\":\"assessor\",\"comment\":\"%s\"}", tenths / 10,
			       tenths % 10, comment);
	char *req = xasprintf("POST /api/v1/units/3/scores HTTP/1.0\r\nAuthorization: Bearer %s\r\n"
			      "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
			      token, strlen(body), body);
	free(body);
	return req;
}

/* Posts COUNT scores (score_request, over HTTP/1.1) one after another on
 * one connection to PORT, failing the test unless each answers 200. (One
 * connection: thousands of short ones would leave as many ports waiting
 * out TIME_WAIT, among them maybe the next test server's.) Samples the WAL
 * every 500 writes; returns the largest sample. */
static long keepalive_writes(int port, const char *token, int count)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	long most = 0;
	struct strbuf in = {0};
	for (int i = 0; i < count; i++) {
		char comment[32];
		snprintf(comment, sizeof comment, "burst %d", i);
		char *req = score_request(token, i % 41, comment);
		memcpy(strstr(req, " HTTP/1.0\r\n"), " HTTP/1.1", 9);
		assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
		free(req);
		/* the answer: its head, then Content-Length bytes */
		size_t used = 0;
		while (!used) {
			char *end = in.s ? strstr(in.s, "\r\n\r\n") : NULL;
			char *cl = in.s ? strstr(in.s, "Content-Length: ") : NULL;
			if (end && cl && cl < end && in.len >= (size_t)(end + 4 - in.s) + strtoul(cl + 16, NULL, 10)) {
				used = (size_t)(end + 4 - in.s) + strtoul(cl + 16, NULL, 10);
				break;
			}
			char buf[4096];
			ssize_t r = read(fd, buf, sizeof buf);
			if (r <= 0)
				fail_msg("write %d: the connection ended", i);
			sb_add(&in, buf, (size_t)r);
		}
		if (strncmp(in.s, "HTTP/1.1 200 ", 13))
			fail_msg("write %d: %.300s", i, in.s);
		memmove(in.s, in.s + used, in.len - used + 1);
		in.len -= used;
		if (i % 500 == 499) {
			long now = wal_pages();
			most = now > most ? now : most;
		}
	}
	close(fd);
	sb_free(&in);
	return most;
}

/* Writes while the server runs are checkpointed as they go: after a burst
 * of 3,000 (some 15,000 pages of WAL when nothing is checkpointed) and a
 * moment's pause the WAL holds at most the 4 x 1,000 pages after which a
 * checkpoint is made under the write lock (one every 1,000 pages when
 * writes come one by one, as here), not the whole burst. */
static void test_a_burst_of_writes_while_serving_leaves_the_wal_bounded(void **state)
{
	(void)state;
	char *log = xstrdup(scratch_path("serve-wal.log"));
	int port = start_server(log, NULL);
	char token[65];
	api_token("office", token);
	long most = keepalive_writes(port, token, 3000);
	usleep(300000);
	long after = wal_pages();
	if (most >= 5000 || after >= 5000)
		fail_msg("WAL of %ld pages during the burst, %ld after it: not checkpointed", most, after);
	/* and the last write is there, read from the database and the WAL */
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "--json", "report", "unit", "区审计局", NULL});
	assert_non_null(strstr(t.out, "\"comment\": \"burst 2999\""));
	run_free(&t);
	free(log);
}

/* Another process holding the write lock: a write through the server waits
 * a bounded while, then answers 503 with Retry-After and stores nothing;
 * reads answer meanwhile; once the lock is gone the same write goes in. */
static void test_a_held_write_lock_answers_503_with_retry_after_and_reads_go_on(void **state)
{
	(void)state;
	char *log = xstrdup(scratch_path("serve-busy.log"));
	int port = start_server(log, NULL);
	char token[65];
	api_token("office", token);
	char *sheet = xasprintf("GET /api/v1/units/3 HTTP/1.0\r\nAuthorization: Bearer %s\r\n\r\n", token);
	struct db_lock *lock = db_hold_write_lock();
	char *write = score_request(token, 15, "忙时写入");
	char *a = tcp_request(port, write);
	if (!strstr(a, "HTTP/1.1 503 ") || !strstr(a, "\r\nRetry-After: 1\r\n") || !strstr(a, "\"status\":503"))
		fail_msg("a write under a held lock answered: %.400s", a);
	free(a);
	const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
	char *upload = multipart_request("/api/v1/units/3/criteria/2/evidence", token, "忙时.pdf", pdf, sizeof pdf - 1);
	memcpy(strstr(upload, " HTTP/1.1\r\n"), " HTTP/1.0", 9); /* the server closes after the answer */
	a = tcp_request(port, upload);
	if (!strstr(a, "HTTP/1.1 503 ") || !strstr(a, "\r\nRetry-After: 1\r\n"))
		fail_msg("an upload under a held lock answered: %.400s", a);
	free(a), free(upload);
	a = tcp_request(port, sheet);
	if (!strstr(a, "HTTP/1.1 200 ") || strstr(a, "忙时写入"))
		fail_msg("a read under a held lock answered: %.400s", a);
	free(a);
	/* a log-in under the lock is told the store is busy, not that the password is wrong */
	struct reply r = try_login("office", "kaoping-demo-2024");
	if (r.status != 503 || !strstr(r.head, "Retry-After: 1") || !strstr(r.body, "系统繁忙"))
		fail_msg("a log-in under a held lock answered %d: %.400s", r.status, r.body);
	reply_free(&r);
	db_release_write_lock(lock);
	a = tcp_request(port, sheet);
	assert_null(strstr(a, "忙时写入")); /* nothing half-written */
	free(a);
	char *evidence = xasprintf("GET /api/v1/units/3/evidence HTTP/1.0\r\nAuthorization: Bearer %s\r\n\r\n", token);
	a = tcp_request(port, evidence);
	assert_null(strstr(a, "忙时.pdf"));
	free(a), free(evidence);
	a = tcp_request(port, write);
	if (!strstr(a, "HTTP/1.1 200 "))
		fail_msg("the same write after the lock: %.400s", a);
	free(a);
	a = tcp_request(port, sheet);
	assert_non_null(strstr(a, "忙时写入"));
	free(a), free(write), free(sheet), free(log);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, demo_store, drop_store)
	const struct CMUnitTest tests[] = {
		T(test_health_and_login_page_are_public_and_pages_need_a_session),
		T(test_login_sets_a_hardened_cookie_and_logout_ends_the_session),
		T(test_wrong_passwords_lock_the_account),
		T(test_authorization_matrix_from_the_route_table),
		T(test_every_post_needs_the_csrf_token),
		T(test_unit_clerk_self_assesses_and_text_comes_back_escaped),
		T(test_api_reads_and_writes_with_a_bearer_token),
		T(test_pages_render_for_each_role),
		T(test_ranking_page_and_api_show_an_incomplete_assessment_as_incomplete),
		T(test_ranking_and_due_pages_draw_their_rows_as_charts),
		T(test_api_uploads_and_lists_evidence_for_the_own_unit_only),
		T(test_unit_to_do_list_reports_tasks_done_and_lights_criteria),
		T(test_evidence_upload_is_typed_by_content_stored_once_and_downloaded_by_its_name),
		T(test_self_assessment_submit_freezes_it_until_the_office_returns_it),
		T(test_a_clerk_sees_assessor_scores_only_as_unit_sees_assessor_allows),
		T(test_http_uploads_are_blobs_and_leave_no_temporary_copy),
		T(test_evidence_is_frozen_on_every_path_after_submission),
		T(test_xss_payloads_in_every_text_field_come_back_escaped),
		T(test_office_adds_disables_and_resets_accounts_in_the_browser),
		T(test_large_answers_are_gzipped_for_clients_that_accept_it),
		T(test_pages_show_stored_times_in_china_time),
		T(test_audit_page_pages_back_and_filters),
		T(test_api_takes_a_batch_of_scores_all_or_nothing),
		T(test_api_points_are_parsed_without_float_conversions),
		T(test_score_form_stores_all_parts_or_none),
		T(test_an_assessor_never_scores_their_home_unit),
		T(test_a_submitted_self_assessment_is_frozen_on_every_path),
		T(test_reads_keep_a_session_alive_and_an_idle_one_ends),
		T(test_api_tokens_expire_are_revoked_and_end_with_a_new_password_or_disabling),
		T(test_tokens_page_makes_shows_once_and_revokes_own_tokens_and_the_office_any),
		T(test_parallel_guesses_cannot_pass_the_lock_out),
		cmocka_unit_test_setup_teardown(test_server_reloads_the_campaign_after_a_rubric_import_and_stops_cleanly,
						demo_store, stop_server),
		cmocka_unit_test_setup_teardown(test_a_units_pages_follow_each_write_at_once, demo_store, stop_server),
		cmocka_unit_test_setup_teardown(test_public_draws_follow_each_draw_change_at_once, demo_store, stop_server),
		cmocka_unit_test_setup_teardown(test_the_kept_score_sheet_never_shows_a_clerk_the_office_view, demo_store,
						stop_server),
		cmocka_unit_test_setup_teardown(test_server_refuses_bodies_before_reading_them, demo_store, stop_server),
		cmocka_unit_test_setup_teardown(test_server_caps_form_fields, demo_store, stop_server),
		cmocka_unit_test_setup_teardown(test_an_upload_over_the_limit_says_the_limit, demo_store, stop_server),
		cmocka_unit_test_setup_teardown(test_server_streams_downloads_from_the_file, demo_store, stop_server),
		cmocka_unit_test_setup_teardown(test_server_limits_connections_per_address_and_cuts_slow_clients, demo_store,
						stop_server),
		cmocka_unit_test_setup_teardown(test_server_sweeps_temporary_files_at_start_up, demo_store, stop_server),
		cmocka_unit_test_setup_teardown(test_access_log_lines_cannot_be_forged, demo_store, stop_server),
		T(test_login_redirect_stays_on_this_site),
		T(test_file_names_with_bidi_or_control_characters_or_too_long_are_refused),
		cmocka_unit_test_setup_teardown(test_a_burst_of_writes_while_serving_leaves_the_wal_bounded, demo_store,
						stop_server),
		cmocka_unit_test_setup_teardown(test_a_held_write_lock_answers_503_with_retry_after_and_reads_go_on,
						demo_store, stop_server),
	};
	return cmocka_run_group_tests_name("web", tests, NULL, NULL);
}
