/* test_pages.c — every page the route table can produce, for every role
 * that may see it, rendered by the real binary on a demo store and checked
 * as HTML (htmlcheck.c); and the checker itself, against broken samples
 * it must refuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "domain/auth.h"
#include "htmlcheck.h"
#include "testutil.h"
#include "web/web.h"

#define PAGE(body) "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>t</title></head><body>" body "</body></html>\n"

static void assert_good(const char *doc)
{
	struct html_problem p;
	if (html_check(doc, strlen(doc), &p))
		fail_msg("refused a good page at %d:%d: %s\n%s", p.line, p.col, p.reason, doc);
}

static void assert_bad(const char *doc, const char *reason)
{
	struct html_problem p;
	if (!html_check(doc, strlen(doc), &p))
		fail_msg("passed a broken page (wanted \"%s\"):\n%s", reason, doc);
	if (!strstr(p.reason, reason))
		fail_msg("refused for \"%s\" at %d:%d, wanted \"%s\":\n%s", p.reason, p.line, p.col, reason, doc);
}

static void test_checker_passes_well_formed_pages(void **state)
{
	(void)state;
	assert_good(PAGE("<p>得分 &amp; 扣分 &#38; &#x26;</p><br><img src=\"a.png\" alt=\"\"><input type=checkbox checked>"));
	assert_good(PAGE("<table><tr><td class='n'>1</td></tr></table><!-- 注释 < & --><br/>"));
	assert_good(PAGE("<script>if (a < b && c) x();</script><style>a > b { color: red }</style>"));
	assert_good(PAGE("<form method=\"post\"><textarea name=\"t\">a &lt; b</textarea></form>"));
	/* inline SVG: self-closing elements and its own <title> */
	assert_good(PAGE("<div class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">"
			 "<title>得分 &amp; 扣分</title><g><title>区审计局</title><rect x=\"0\" width=\"5\"/></g>"
			 "<line x1=\"0\" y1=\"0\" x2=\"1\" y2=\"1\"></line></svg></div>"));
}

static void test_checker_refuses_broken_pages(void **state)
{
	(void)state;
	assert_bad(PAGE("<div><p>x</p>"), "</body> where <div> of line 2 is still open");
	assert_bad("<!DOCTYPE html>\n<html><head><title>t</title></head><body><div>", "<div> of line 2 is never closed");
	assert_bad(PAGE("<b><i>x</b></i>"), "</b> where <i> of line 2 is still open");
	assert_bad(PAGE("<p id=\"a\">1</p><p id=\"a\">2</p>"), "id \"a\" is used twice");
	assert_bad(PAGE("<a href=\"a\"title=\"b\">x</a>"), "attributes must be separated by spaces");
	assert_bad(PAGE("<a title=x\"y>x</a>"), "unquoted value with \"");
	assert_bad(PAGE("<p class=\"a\" class=\"b\">x</p>"), "attribute class given twice");
	assert_bad(PAGE("<p>a < b</p>"), "a < that starts no tag");
	assert_bad(PAGE("<textarea>a < b</textarea>"), "a raw < in text");
	assert_bad(PAGE("<p>R&D</p>"), "a bare &");
	assert_bad(PAGE("<p title=\"a&b\">x</p>"), "a bare &");
	assert_bad(PAGE("<br></br>"), "void element");
	assert_bad(PAGE("<div/>"), "not a void element");
	assert_bad(PAGE("</span>"), "</span> where <body>");
	assert_bad(PAGE("<p>x</p>") "<p>after</p>", "<p> after </html>");
	assert_bad(PAGE("") "tail", "text after </html>");
	assert_bad("<html><head><title>t</title></head><body></body></html>", "<!DOCTYPE html>");
	assert_bad("<!DOCTYPE html><html><head></head><body></body></html>", "lacks <title>");
	assert_bad("<!DOCTYPE html><html><head><title>a</title><title>b</title></head><body></body></html>", "a second <title>");
	assert_bad(PAGE("<p>\xe5\xbe</p>"), "not valid UTF-8");
	assert_bad(PAGE("<p class=\"x>y</p>"), "");
	/* what inline SVG allows stays refused around it */
	assert_bad(PAGE("<svg><rect/></svg><div/>"), "not a void element");
	assert_bad(PAGE("<svg><g><rect/></svg>"), "</svg> where <g>");
	assert_bad(PAGE("<svg><title>a < b</title></svg>"), "a < that starts no tag");
	assert_bad(PAGE("<svg><text>R&D</text></svg>"), "a bare &");
	assert_bad(PAGE("<svg><svg></svg></svg>"), "an <svg> inside an <svg>");
	assert_bad("<!DOCTYPE html><html><head></head><body><svg><title>t</title></svg></body></html>", "lacks <title>");
}

/* The demo accounts and their role bits. */
static const struct {
	const char *name;
	int role;
} accounts[] = {{"office", ROLE_ADMIN}, {"assessor1", ROLE_ASSESSOR}, {"shenji", ROLE_UNIT}, {"leader", ROLE_LEADER},
		{"auditor", ROLE_AUDITOR}};
#define NACCOUNTS (int)(sizeof accounts / sizeof accounts[0])

/* Fills {u} in EXAMPLE with UNIT. */
static char *example_path(const char *example, long unit)
{
	const char *p = strstr(example, "{u}");
	if (!p)
		return xstrdup(example);
	return xasprintf("%.*s%ld%s", (int)(p - example), example, unit, p + 3);
}

static bool is_html(const struct reply *r)
{
	char *type = header(r, "Content-Type");
	bool html = type && !strncmp(type, "text/html", 9);
	free(type);
	return html;
}

/* Checks R's body as HTML; fails naming WHAT. Returns 1 when it was HTML. */
static int check_reply(const struct reply *r, const char *what)
{
	if (!is_html(r) || (r->status >= 300 && r->status < 400 && r->body_len == 0))
		return 0;
	struct html_problem p;
	if (html_check(r->body, r->body_len, &p)) {
		int line = 1;
		const char *s = r->body, *e;
		for (; *s && line < p.line; s++)
			line += *s == '\n';
		e = strchr(s, '\n');
		fail_msg("%s (status %d): line %d, column %d: %s\n  %.*s", what, r->status, p.line, p.col, p.reason,
			 (int)(e ? e - s : (long)strlen(s)) > 300 ? 300 : (int)(e ? e - s : (long)strlen(s)), s);
	}
	return 1;
}

static void test_every_page_of_the_route_table_is_well_formed_for_every_role(void **state)
{
	(void)state;
	const long own_unit = 3; /* shenji belongs to 区审计局 (id 3) */
	struct session sessions[NACCOUNTS];
	for (int a = 0; a < NACCOUNTS; a++)
		sessions[a] = login(accounts[a].name);
	int pages = 0, routes = 0;
	for (const struct route *rt = web_routes; rt->method; rt++) {
		if (strcmp(rt->method, "GET") || rt->api)
			continue;
		routes++;
		char *path = example_path(rt->example, own_unit);
		/* anonymous, then every role the route admits */
		for (int a = -1; a < NACCOUNTS; a++) {
			if (a >= 0 && rt->roles != ROUTE_PUBLIC && !(rt->roles & accounts[a].role))
				continue;
			struct reply r = get(path, a >= 0 ? sessions[a].token : NULL);
			char *what = xasprintf("GET %s as %s", path, a >= 0 ? accounts[a].name : "anonymous");
			pages += check_reply(&r, what);
			free(what);
			reply_free(&r);
		}
		free(path);
	}
	print_message("HTML check: %d pages over %d GET routes and %d roles\n", pages, routes, NACCOUNTS);
	assert_true(routes >= 30 && pages >= routes);
	for (int a = 0; a < NACCOUNTS; a++)
		session_free(&sessions[a]);
}

/* Error pages, a page after a write, and a form shown again with its
 * refusal are pages too. */
static void test_error_pages_and_pages_after_a_refused_form_are_well_formed(void **state)
{
	(void)state;
	struct session office = login("office"), unit = login("shenji");
	struct reply r = get("/no/such/page", office.token);
	assert_int_equal(r.status, 404);
	assert_int_equal(check_reply(&r, "404 page"), 1);
	reply_free(&r);
	r = get("/units/6", unit.token); /* another unit's page */
	assert_int_equal(r.status, 403);
	assert_int_equal(check_reply(&r, "403 page"), 1);
	reply_free(&r);
	r = get("/units/999999", office.token);
	check_reply(&r, "a unit that does not exist");
	reply_free(&r);
	/* The log-in form shown again after a wrong password. */
	r = try_login("office", "wrong-password-1");
	check_reply(&r, "log-in refused");
	reply_free(&r);
	/* A score form refused (points out of range), shown again. */
	char *body = xasprintf("csrf=%s&criterion=1&points=999", unit.csrf);
	r = post("/units/3/self", unit.token, body);
	check_reply(&r, "a refused self-assessment");
	reply_free(&r);
	free(body);
	session_free(&office);
	session_free(&unit);
}

/* The stylesheet is a real file, assets/style.css, compiled in: the page
 * serves exactly its bytes. */
static void test_the_stylesheet_served_is_assets_style_css(void **state)
{
	(void)state;
	size_t len;
	char *css = read_file("assets/style.css", &len);
	struct reply r = get("/assets/style.css", NULL);
	assert_int_equal(r.status, 200);
	char *type = header(&r, "Content-Type");
	assert_string_equal(type, "text/css; charset=utf-8");
	assert_int_equal(r.body_len, len);
	assert_memory_equal(r.body, css, len);
	free(type);
	reply_free(&r);
	free(css);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checker_passes_well_formed_pages),
		cmocka_unit_test(test_checker_refuses_broken_pages),
		cmocka_unit_test_setup_teardown(test_every_page_of_the_route_table_is_well_formed_for_every_role, demo_store,
						drop_store),
		cmocka_unit_test_setup_teardown(test_error_pages_and_pages_after_a_refused_form_are_well_formed, demo_store,
						drop_store),
		cmocka_unit_test_setup_teardown(test_the_stylesheet_served_is_assets_style_css, demo_store, drop_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
