/* test_textimport.c — the rubric read from the notice text: the seed's annex 2
 * gives exactly the shipped rubric; full-width digits, other ways of writing
 * points, a missing 完成时限, split and unknown unit names, texts that are not
 * a table; then `kaoping rubric import --from-text` and the office's paste
 * form (/rubric/import) through the real binary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/embedded.h"
#include "testutil.h"
#include "core/textimport.h"
#include "core/util.h"

/* The seed notice, kept in the repository as the campaign's source. */
#define NOTICE "test/data/notice.txt"

/* ---- the pure reader against the shipped campaign ---- */

struct seed {
	json_t *root;
	struct unitdir units;
	struct rubric *rubric; /* the shipped default rubric */
	char *notice;          /* the whole notice text */
};

static int seed_setup(void **state)
{
	struct seed *s = calloc(1, sizeof *s);
	const struct embedded_file *f = embedded_find("data/campaign.json");
	json_error_t je;
	struct kp_error e = {0};
	size_t i, k;
	json_t *v, *a;
	assert_non_null(f);
	s->root = json_loadb(f->data, f->len, 0, &je);
	assert_non_null(s->root);
	unitdir_init(&s->units);
	json_array_foreach(json_object_get(s->root, "collective_names"), i, v)
		assert_int_equal(unitdir_add_collective(&s->units, json_string_value(v), &e), 0);
	json_array_foreach(json_object_get(s->root, "units"), i, v) {
		int u = unitdir_add_unit(&s->units, json_string_value(json_object_get(v, "name")), (int64_t)i + 1, &e);
		json_array_foreach(json_object_get(v, "aliases"), k, a)
			assert_int_equal(unitdir_add_alias(&s->units, u, json_string_value(a), &e), 0);
	}
	assert_int_equal(rubric_from_json(json_object_get(s->root, "rubric"), &s->units, "2024-07-31", &s->rubric, &e), 0);
	size_t len = 0;
	s->notice = read_file(NOTICE, &len);
	assert_true(len > 10000);
	*state = s;
	return 0;
}

static int seed_teardown(void **state)
{
	struct seed *s = *state;
	rubric_free(s->rubric);
	unitdir_free(&s->units);
	json_decref(s->root);
	free(s->notice);
	free(s);
	return 0;
}

/* Reads TEXT with the shipped campaign's units, year and deadline; CURRENT
 * (may be NULL) is the rubric in use. */
static void read_text(struct seed *s, const char *text, const struct rubric *current, const char *deadline,
		      struct textimport_result *r)
{
	struct textimport_options o = {&s->units, 2024, deadline, current};
	textimport_read(text, strlen(text), &o, r);
}

/* TEXT with the first occurrence of FROM replaced by TO (caller frees). */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);
	if (!p)
		fail_msg("\"%s\" is not in the text", from);
	return xasprintf("%.*s%s%s", (int)(p - text), text, to, p + strlen(from));
}

/* TEXT without its line that starts with PREFIX (caller frees). */
static char *drop_line(const char *text, const char *prefix)
{
	char *key = xasprintf("\n%s", prefix);
	const char *p = strstr(text, key);
	if (!p)
		fail_msg("no line starts with \"%s\"", prefix);
	free(key);
	const char *end = strchr(p + 1, '\n');
	return xasprintf("%.*s%s", (int)(p - text), text, end ? end : "");
}

/* The notice from its line that starts with MARK (附件2：, 测评项目) to the end. */
static char *notice_from(struct seed *s, const char *mark)
{
	char *key = xasprintf("\n%s", mark);
	const char *p = strstr(s->notice, key);
	assert_non_null(p);
	free(key);
	return xstrdup(p + 1);
}

/* Asserts that R read a rubric equal, in canonical JSON, to the shipped one. */
static void assert_default_rubric(struct seed *s, const struct textimport_result *r)
{
	assert_true(textimport_ready(r));
	json_t *got = rubric_to_json(r->rubric, &s->units), *want = rubric_to_json(s->rubric, &s->units);
	if (!json_equal(got, want)) {
		char *g = json_dumps(got, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		fail_msg("the rubric read differs from data/campaign.json: %s", g);
	}
	json_decref(got);
	json_decref(want);
}

/* The criterion NO of R's JSON. */
static json_t *criterion(const struct textimport_result *r, int no)
{
	size_t i, k, m;
	json_t *it, *ind, *c;
	json_array_foreach(json_object_get(r->json, "items"), i, it)
		json_array_foreach(json_object_get(it, "indicators"), k, ind)
			json_array_foreach(json_object_get(ind, "criteria"), m, c)
				if (json_integer_value(json_object_get(c, "no")) == no) return c;
	fail_msg("criterion %d was not read", no);
	return NULL;
}

static int points_of(json_t *v)
{
	return (int)(json_number_value(json_object_get(v, "points")) * 10 + 0.5);
}

/* The number of blocking problems of R. */
static int blocking(const struct textimport_result *r)
{
	int n = 0;
	for (int i = 0; i < r->nproblems; i++)
		n += r->problems[i].blocking;
	return n;
}

static void test_the_seeds_annex_2_reads_back_as_exactly_the_shipped_rubric(void **state)
{
	struct seed *s = *state;
	struct textimport_result r;
	char *annex = notice_from(s, "\xe9\x99\x84\xe4\xbb\xb6""2\xef\xbc\x9a"); /* 附件2： */
	read_text(s, annex, NULL, "2024-07-31", &r);
	assert_default_rubric(s, &r);
	assert_int_equal(r.nitems, 4);
	assert_int_equal(r.nindicators, 9);
	assert_int_equal(r.ncriteria, 23);
	assert_int_equal(r.points, 1000);
	assert_int_equal(r.nunresolved, 0);
	assert_int_equal(blocking(&r), 0);
	/* 促进各民族交往交流交融 appears twice and is one item: said in a note */
	assert_int_equal(r.nproblems, 1);
	assert_non_null(strstr(r.problems[0].msg, "\xe4\xbf\x83\xe8\xbf\x9b\xe5\x90\x84\xe6\xb0\x91\xe6\x97\x8f\xe4\xba\xa4\xe5\xbe\x80\xe4\xba\xa4\xe6\xb5\x81\xe4\xba\xa4\xe8\x9e\x8d"));
	assert_int_equal(r.problems[0].line, 74); /* line 148 of the notice, 74 of the annex */
	assert_int_equal(r.first_line, 3);
	assert_int_equal(r.last_line, 111);
	textimport_free(&r);
	free(annex);
}

static void test_the_whole_notice_and_the_bare_table_read_the_same(void **state)
{
	struct seed *s = *state;
	struct textimport_result r;
	read_text(s, s->notice, NULL, "2024-07-31", &r);
	assert_default_rubric(s, &r);
	assert_int_equal(r.first_line, 77);
	assert_int_equal(r.last_line, 185);
	textimport_free(&r);
	/* the table without its title keeps the current rubric's title */
	char *table = notice_from(s, "\xe6\xb5\x8b\xe8\xaf\x84\xe9\xa1\xb9\xe7\x9b\xae"); /* 测评项目 */
	read_text(s, table, s->rubric, "2024-07-31", &r);
	assert_default_rubric(s, &r);
	textimport_free(&r);
	/* with no rubric to take it from, a missing title is refused */
	read_text(s, table, NULL, "2024-07-31", &r);
	assert_false(textimport_ready(&r));
	assert_null(r.json);
	assert_int_equal(r.problems[0].line, 1);
	textimport_free(&r);
	/* Windows line ends and cells separated by tabs read the same */
	struct strbuf crlf = {0};
	for (const char *p = s->notice; *p; p++) {
		if (*p == '\n' && p[1] == '\xe5' && !strncmp(p + 1, "\xe5\x90\xac\xe5\x8f\x96\xe6\xb1\x87\xe6\x8a\xa5", 12)) /* 听取汇报 */
			sb_adds(&crlf, "\t");
		else if (*p == '\n')
			sb_adds(&crlf, "\r\n");
		else
			sb_addc(&crlf, *p);
	}
	read_text(s, sb_str(&crlf), NULL, "2024-07-31", &r);
	assert_default_rubric(s, &r);
	textimport_free(&r);
	sb_free(&crlf);
	free(table);
}

static void test_full_width_digits_read_like_ascii_ones(void **state)
{
	struct seed *s = *state;
	struct textimport_result r;
	char *a = notice_from(s, "\xe9\x99\x84\xe4\xbb\xb6""2\xef\xbc\x9a");
	/* １．成立创建工作领导小组（得２分）… and ２０２４年７月底 */
	char *b = replace(a, "1.\xe6\x88\x90\xe7\xab\x8b", "\xef\xbc\x91\xef\xbc\x8e\xe6\x88\x90\xe7\xab\x8b");
	char *c = replace(b, "\xef\xbc\x88\xe5\xbe\x97""2\xe5\x88\x86\xef\xbc\x89", "\xef\xbc\x88\xe5\xbe\x97\xef\xbc\x92\xe5\x88\x86\xef\xbc\x89");
	char *d = replace(c, "2024\xe5\xb9\xb4""7\xe6\x9c\x88\xe5\xba\x95", "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x94\xe5\xb9\xb4\xef\xbc\x97\xe6\x9c\x88\xe5\xba\x95");
	char *e = replace(d, "12.\xe5\xa4\xa7\xe5\x8a\x9b", "\xef\xbc\x91\xef\xbc\x92\xe3\x80\x81\xe5\xa4\xa7\xe5\x8a\x9b"); /* １２、大力 */
	read_text(s, e, NULL, "2024-07-31", &r);
	assert_true(textimport_ready(&r));
	assert_int_equal(r.ncriteria, 23);
	assert_int_equal(r.points, 1000);
	json_t *c1 = criterion(&r, 1);
	assert_int_equal(points_of(c1), 40);
	assert_int_equal(json_array_size(json_object_get(c1, "parts")), 2);
	assert_int_equal(points_of(json_array_get(json_object_get(c1, "parts"), 0)), 20);
	assert_int_equal(points_of(criterion(&r, 12)), 50);
	assert_string_equal(r.rubric->indicators[0].deadline, "2024-07-31");
	textimport_free(&r);
	free(a), free(b), free(c), free(d), free(e);
}

static void test_points_may_be_written_2fen_in_brackets_or_ascii_brackets(void **state)
{
	struct seed *s = *state;
	struct textimport_result r;
	char *a = notice_from(s, "\xe9\x99\x84\xe4\xbb\xb6""2\xef\xbc\x9a");
	/* 2.…机制4分；  3.…（3分）；  4.…(得3分)；  5.…（得3分），每缺一项扣1分； */
	char *b = replace(a, "\xe6\x9c\xba\xe5\x88\xb6\xef\xbc\x88\xe5\xbe\x97""4\xe5\x88\x86\xef\xbc\x89", "\xe6\x9c\xba\xe5\x88\xb6""4\xe5\x88\x86");
	char *c = replace(b, "\xe5\xbc\xba\xef\xbc\x88\xe5\xbe\x97""3\xe5\x88\x86\xef\xbc\x89", "\xe5\xbc\xba\xef\xbc\x88""3\xe5\x88\x86\xef\xbc\x89");
	char *d = replace(c, "2\xe6\xac\xa1\xef\xbc\x88\xe5\xbe\x97""3\xe5\x88\x86\xef\xbc\x89", "2\xe6\xac\xa1(\xe5\xbe\x97""3\xe5\x88\x86)");
	char *e = replace(d, "\xe7\x9d\xa3\xe4\xbf\x83\xef\xbc\x88\xe5\xbe\x97""3\xe5\x88\x86\xef\xbc\x89",
			  "\xe7\x9d\xa3\xe4\xbf\x83\xef\xbc\x88\xe5\xbe\x97""3\xe5\x88\x86\xef\xbc\x89\xef\xbc\x8c\xe6\xaf\x8f\xe7\xbc\xba\xe4\xb8\x80\xe9\xa1\xb9\xe6\x89\xa3""1\xe5\x88\x86");
	read_text(s, e, NULL, "2024-07-31", &r);
	assert_true(textimport_ready(&r));
	assert_int_equal(points_of(criterion(&r, 2)), 40);
	assert_int_equal(points_of(criterion(&r, 3)), 30);
	assert_int_equal(points_of(criterion(&r, 4)), 30);
	assert_int_equal(points_of(criterion(&r, 5)), 30); /* 扣1分 is a deduction, not points */
	assert_null(json_object_get(criterion(&r, 5), "parts"));
	assert_int_equal(r.points, 1000);
	textimport_free(&r);
	free(a), free(b), free(c), free(d), free(e);
}

static void test_a_missing_deadline_takes_the_campaigns_with_a_note(void **state)
{
	struct seed *s = *state;
	struct textimport_result r;
	char *a = notice_from(s, "\xe9\x99\x84\xe4\xbb\xb6""2\xef\xbc\x9a");
	char *b = replace(a, "\xe5\x90\x84\xe5\x8d\x95\xe4\xbd\x8d\n2024\xe5\xb9\xb4""7\xe6\x9c\x88\xe5\xba\x95\n", "\xe5\x90\x84\xe5\x8d\x95\xe4\xbd\x8d\n"); /* 各单位 (no 2024年7月底) */
	read_text(s, b, NULL, "2024-07-31", &r);
	assert_true(textimport_ready(&r));
	assert_int_equal(r.nindicators, 9);
	assert_string_equal(r.rubric->indicators[0].name, "\xe9\xab\x98\xe5\xba\xa6\xe9\x87\x8d\xe8\xa7\x86"); /* 高度重视 */
	assert_string_equal(r.rubric->indicators[0].deadline, "2024-07-31");
	assert_null(r.rubric->indicators[0].deadline_text);
	assert_string_equal(r.rubric->indicators[1].name, "\xe5\x81\xa5\xe5\x85\xa8\xe5\x88\xb6\xe5\xba\xa6"); /* 健全制度 */
	bool noted = false;
	for (int i = 0; i < r.nproblems; i++)
		if (r.problems[i].line == 11 && !r.problems[i].blocking && strstr(r.problems[i].msg, "\xe5\xae\x8c\xe6\x88\x90\xe6\x97\xb6\xe9\x99\x90"))
			noted = true; /* line 11 (高度重视): 缺少完成时限 */
	assert_true(noted);
	textimport_free(&r);
	/* without a campaign deadline to fall back on, it is an error */
	read_text(s, b, NULL, NULL, &r);
	assert_false(textimport_ready(&r));
	assert_int_equal(blocking(&r), 1);
	assert_int_equal(r.problems[0].line, 11);
	textimport_free(&r);
	free(a), free(b);
}

static void test_unit_names_split_over_lines_are_mended(void **state)
{
	struct seed *s = *state;
	struct textimport_result r;
	/* 残/联 and 区政府机关/各单位 are split in the seed already; split two more */
	char *a = notice_from(s, "\xe9\x99\x84\xe4\xbb\xb6""2\xef\xbc\x9a");
	char *b = replace(a, "\xe5\x86\x9c\xe4\xb8\x9a\xe4\xba\xa7\xe4\xb8\x9a\xe5\x8c\x96\xe4\xb8\xad\xe5\xbf\x83", /* 农业产业/化中心 */
			  "\xe5\x86\x9c\xe4\xb8\x9a\xe4\xba\xa7\xe4\xb8\x9a\n\xe5\x8c\x96\xe4\xb8\xad\xe5\xbf\x83");
	char *c = replace(b, "\xe5\x85\xac\xe7\xa7\xaf\xe9\x87\x91\xe4\xb8\xad\xe5\xbf\x83", /* 公积金/中心 */
			  "\xe5\x85\xac\xe7\xa7\xaf\xe9\x87\x91\n\xe4\xb8\xad\xe5\xbf\x83");
	read_text(s, c, NULL, "2024-07-31", &r);
	assert_default_rubric(s, &r);
	textimport_free(&r);
	free(a), free(b), free(c);
}

static void test_every_unknown_unit_name_is_reported_with_its_line(void **state)
{
	struct seed *s = *state;
	struct textimport_result r;
	char *a = notice_from(s, "\xe9\x99\x84\xe4\xbb\xb6""2\xef\xbc\x9a");
	char *b = replace(a, "\n\xe6\x88\xbf\xe6\x94\xb9\xe5\x8a\x9e\n", "\n\xe5\x8c\xba\xe6\x95\x99\xe8\x82\xb2\xe5\xb1\x80\n"); /* 房改办 -> 区教育局 */
	char *c = replace(b, "\n\xe5\x8f\x91\xe6\x94\xb9\xe5\xb1\x80\n", "\n\xe5\x8f\x91\xe6\x94\xb9\n"); /* 发改局 -> 发改 */
	read_text(s, c, NULL, "2024-07-31", &r);
	assert_false(textimport_ready(&r));
	assert_null(r.rubric);
	assert_non_null(r.json); /* the preview still shows what was read */
	assert_int_equal(r.ncriteria, 23);
	assert_int_equal(r.nunresolved, 2);
	assert_string_equal(r.unresolved[0].name, "\xe5\x8c\xba\xe6\x95\x99\xe8\x82\xb2\xe5\xb1\x80");
	assert_int_equal(r.unresolved[0].line, 70);
	assert_null(r.unresolved[0].hint);
	assert_string_equal(r.unresolved[1].name, "\xe5\x8f\x91\xe6\x94\xb9");
	assert_int_equal(r.unresolved[1].line, 83);
	assert_string_equal(r.unresolved[1].hint, "\xe5\x8c\xba\xe5\x8f\x91\xe6\x94\xb9\xe5\xb1\x80"); /* 区发改局 */
	textimport_free(&r);
	free(a), free(b), free(c);
}

static void test_a_text_that_is_not_a_table_is_refused_saying_what_to_fix(void **state)
{
	struct seed *s = *state;
	struct textimport_result r;
	/* prose: no header */
	read_text(s, "\xe8\xbf\x99\xe4\xb8\x8d\xe6\x98\xaf\xe4\xb8\x80\xe5\xbc\xa0\xe8\xa1\xa8\xe3\x80\x82\n", NULL, "2024-07-31", &r);
	assert_null(r.json);
	assert_false(textimport_ready(&r));
	assert_int_equal(r.nproblems, 1);
	assert_true(r.problems[0].blocking);
	assert_non_null(strstr(r.problems[0].msg, "\xe6\xb5\x8b\xe8\xaf\x84\xe9\xa1\xb9\xe7\x9b\xae")); /* names 测评项目 */
	textimport_free(&r);
	/* the empty text */
	read_text(s, "", NULL, "2024-07-31", &r);
	assert_null(r.json);
	textimport_free(&r);
	/* a header without 测评内容 */
	read_text(s, "\xe6\xa0\x87\xe9\xa2\x98\n\xe6\xb5\x8b\xe8\xaf\x84\xe9\xa1\xb9\xe7\x9b\xae\n\xe6\xb5\x8b\xe8\xaf\x84\xe6\x8c\x87\xe6\xa0\x87\n", NULL,
		  "2024-07-31", &r); /* 标题 / 测评项目 / 测评指标 */
	assert_null(r.json);
	assert_int_equal(r.problems[0].line, 2);
	assert_non_null(strstr(r.problems[0].msg, "\xe6\xb5\x8b\xe8\xaf\x84\xe5\x86\x85\xe5\xae\xb9")); /* 测评内容 */
	textimport_free(&r);
	/* a header and no numbered criteria */
	read_text(s, "\xe6\xa0\x87\xe9\xa2\x98\n\xe6\xb5\x8b\xe8\xaf\x84\xe9\xa1\xb9\xe7\x9b\xae \xe6\xb5\x8b\xe8\xaf\x84\xe6\x8c\x87\xe6\xa0\x87 \xe6\xb5\x8b\xe8\xaf\x84\xe5\x86\x85\xe5\xae\xb9\n"
		     "\xe5\x8a\xa0\xe5\xbc\xba\xe9\xa2\x86\xe5\xaf\xbc\n\xe9\xab\x98\xe5\xba\xa6\xe9\x87\x8d\xe8\xa7\x86\n",
		  NULL, "2024-07-31", &r);
	assert_null(r.json);
	assert_int_equal(blocking(&r), 1);
	textimport_free(&r);
	/* not UTF-8 (GBK bytes) */
	read_text(s, "\xb2\xe2\xc6\xc0\xcf\xee\xc4\xbf\n", NULL, "2024-07-31", &r);
	assert_null(r.json);
	assert_non_null(strstr(r.problems[0].msg, "UTF-8"));
	textimport_free(&r);
}

static void test_a_criterion_that_lost_its_number_is_refused_at_its_line(void **state)
{
	struct seed *s = *state;
	struct textimport_result r;
	char *a = notice_from(s, "\xe9\x99\x84\xe4\xbb\xb6""2\xef\xbc\x9a");
	char *b = replace(a, "\n23.", "\n");
	read_text(s, b, NULL, "2024-07-31", &r);
	assert_false(textimport_ready(&r));
	assert_int_equal(blocking(&r), 1);
	assert_int_equal(r.ncriteria, 22);
	int i = 0;
	while (!r.problems[i].blocking)
		i++;
	assert_int_equal(r.problems[i].line, 106); /* line 180 of the notice */
	textimport_free(&r);
	free(a), free(b);
}

static void test_a_total_other_than_100_is_read_with_a_note(void **state)
{
	struct seed *s = *state;
	struct textimport_result r;
	char *a = notice_from(s, "\xe9\x99\x84\xe4\xbb\xb6""2\xef\xbc\x9a");
	char *b = replace(a, "\xe6\x9c\xba\xe5\x88\xb6\xef\xbc\x88\xe5\xbe\x97""4\xe5\x88\x86\xef\xbc\x89", "\xe6\x9c\xba\xe5\x88\xb6\xef\xbc\x88\xe5\xbe\x97""5\xe5\x88\x86\xef\xbc\x89"); /* 机制（得5分） */
	read_text(s, b, NULL, "2024-07-31", &r);
	assert_true(textimport_ready(&r));
	assert_int_equal(r.points, 1010);
	assert_int_equal(r.rubric->total_points, 1010);
	const struct textimport_problem *last = &r.problems[r.nproblems - 1];
	assert_false(last->blocking);
	assert_int_equal(last->line, 0);
	assert_non_null(strstr(last->msg, "101"));
	textimport_free(&r);
	free(a), free(b);
}

static void test_a_criterion_without_points_is_refused_at_its_line(void **state)
{
	struct seed *s = *state;
	struct textimport_result r;
	char *a = notice_from(s, "\xe9\x99\x84\xe4\xbb\xb6""2\xef\xbc\x9a");
	char *b = replace(a, "\xe6\x9c\xba\xe5\x88\xb6\xef\xbc\x88\xe5\xbe\x97""4\xe5\x88\x86\xef\xbc\x89", "\xe6\x9c\xba\xe5\x88\xb6"); /* 机制（得4分） -> 机制 */
	read_text(s, b, NULL, "2024-07-31", &r);
	assert_false(textimport_ready(&r));
	assert_int_equal(blocking(&r), 1);
	int i = 0;
	while (!r.problems[i].blocking)
		i++;
	assert_int_equal(r.problems[i].line, 13);
	assert_non_null(strstr(r.problems[i].msg, "\xe6\xb5\x8b\xe8\xaf\x84\xe5\x86\x85\xe5\xae\xb9 2")); /* 测评内容 2 */
	textimport_free(&r);
	free(a), free(b);
}

/* ---- through the binary ---- */

/* The notice with criterion 2's text changed (one change). */
static char *changed_notice(void)
{
	char *notice = read_file(NOTICE, NULL);
	char *t = replace(notice, "\xe7\xbb\x8f\xe8\xb4\xb9\xe4\xbf\x9d\xe9\x9a\x9c\xe6\x9c\xba\xe5\x88\xb6", /* 经费保障机制 -> 经费保障和使用机制 */
			  "\xe7\xbb\x8f\xe8\xb4\xb9\xe4\xbf\x9d\xe9\x9a\x9c\xe5\x92\x8c\xe4\xbd\xbf\xe7\x94\xa8\xe6\x9c\xba\xe5\x88\xb6");
	free(notice);
	return t;
}

static void test_cli_dry_run_of_the_seed_notice_finds_no_change_and_saves_nothing(void **state)
{
	(void)state;
	char *before = store_fingerprint(db);
	struct run r = run_kaoping(NULL, (const char *const[]){"--db", db, "rubric", "import", "--from-text", NOTICE, "--dry-run", NULL});
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "the table is at lines 77-185"));
	assert_non_null(strstr(r.out, "4 items, 9 indicators, 23 criteria, 100 points; 0 changes"));
	assert_non_null(strstr(r.out, "dry run: nothing saved"));
	run_free(&r);
	/* --json gives the preview to scripts */
	r = run_kaoping(NULL, (const char *const[]){"--db", db, "--json", "rubric", "import", "--from-text", NOTICE, "--dry-run", NULL});
	assert_int_equal(r.status, 0);
	json_error_t je;
	json_t *j = json_loads(r.out, 0, &je);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "criteria")), 23);
	assert_int_equal(json_integer_value(json_object_get(j, "points")), 100);
	assert_true(json_is_true(json_object_get(j, "ready")));
	assert_false(json_is_true(json_object_get(j, "saved")));
	json_decref(j);
	run_free(&r);
	char *after = store_fingerprint(db);
	assert_string_equal(before, after);
	free(before), free(after);
}

static void test_cli_saves_a_changed_text_as_a_new_version_with_its_audit_entry(void **state)
{
	(void)state;
	char *text = changed_notice();
	struct run r = run_kaoping(text, (const char *const[]){"--db", db, "rubric", "import", "--from-text", "-", NULL});
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "criterion 2: changed [text]\n"));
	assert_non_null(strstr(r.out, "; 1 change\n"));
	assert_non_null(strstr(r.out, "saved as the current rubric"));
	run_free(&r);
	r = run_kaoping(NULL, (const char *const[]){"--db", db, "rubric", "show", NULL});
	assert_non_null(strstr(r.out, "\xe7\xbb\x8f\xe8\xb4\xb9\xe4\xbf\x9d\xe9\x9a\x9c\xe5\x92\x8c\xe4\xbd\xbf\xe7\x94\xa8\xe6\x9c\xba\xe5\x88\xb6"));
	run_free(&r);
	r = run_kaoping(NULL, (const char *const[]){"--db", db, "audit", "list", NULL});
	assert_non_null(strstr(r.out, "rubric.import"));
	run_free(&r);
	/* the same text again is no change and is not stored again */
	char *before = store_fingerprint(db);
	r = run_kaoping(text, (const char *const[]){"--db", db, "rubric", "import", "--from-text", "-", NULL});
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "; 0 changes\n"));
	run_free(&r);
	char *after = store_fingerprint(db);
	assert_string_equal(before, after);
	free(before), free(after), free(text);
}

static void test_cli_refuses_unknown_units_and_orphaned_scores_and_changes_nothing(void **state)
{
	(void)state;
	char *notice = read_file(NOTICE, NULL);
	char *unknown = replace(notice, "\n\xe6\x88\xbf\xe6\x94\xb9\xe5\x8a\x9e\n", "\n\xe5\x8c\xba\xe6\x95\x99\xe8\x82\xb2\xe5\xb1\x80\n"); /* 区教育局 */
	char *path = xstrdup(scratch_path("unknown.txt"));
	write_file(path, unknown, strlen(unknown));
	char *before = store_fingerprint(db);
	struct run r = run_kaoping(NULL, (const char *const[]){"--db", db, "rubric", "import", "--from-text", path, NULL});
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.out, ":144: error: unknown unit \"\xe5\x8c\xba\xe6\x95\x99\xe8\x82\xb2\xe5\xb1\x80\""));
	assert_non_null(strstr(r.err, "1 unknown unit name in the text; nothing saved"));
	run_free(&r);
	/* the demo has scores on criterion 23: a text without it is refused */
	char *cut = drop_line(notice, "23.");
	r = run_kaoping(cut, (const char *const[]){"--db", db, "rubric", "import", "--from-text", "-", NULL});
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "does not fit"));
	run_free(&r);
	/* and a text that is not a table */
	r = run_kaoping("\xe9\x80\x9a\xe7\x9f\xa5\n", (const char *const[]){"--db", db, "rubric", "import", "--from-text", "-", NULL});
	assert_int_equal(r.status, 2);
	run_free(&r);
	char *after = store_fingerprint(db);
	assert_string_equal(before, after);
	free(before), free(after), free(notice), free(unknown), free(cut), free(path);
}

/* ---- the paste form (copied helpers: see test_web.c) ---- */

/* "csrf=…&text=<TEXT url-encoded>". */
static char *text_form(const struct session *s, const char *text)
{
	struct strbuf b = {0};
	sb_addf(&b, "csrf=%s&text=", s->csrf);
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			sb_addc(&b, (char)*p);
		else
			sb_addf(&b, "%%%02X", *p);
	char *out = xstrdup(sb_str(&b));
	sb_free(&b);
	return out;
}

static void test_office_pastes_the_annex_previews_it_and_confirms(void **state)
{
	(void)state;
	struct session s = login("office");
	struct reply r = get("/rubric", s.token);
	assert_non_null(strstr(r.body, "href=\"/rubric/import\""));
	reply_free(&r);
	r = get("/rubric/import", s.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<textarea name=\"text\""));
	reply_free(&r);
	/* the seed notice: same as the current rubric, nothing to confirm */
	char *notice = read_file(NOTICE, NULL), *body = text_form(&s, notice);
	r = post("/rubric/import/preview", s.token, body);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<b>4</b> \xe4\xb8\xaa\xe6\xb5\x8b\xe8\xaf\x84\xe9\xa1\xb9\xe7\x9b\xae")); /* 4 个测评项目 */
	assert_non_null(strstr(r.body, "<b>9</b>"));
	assert_non_null(strstr(r.body, "<b>23</b>"));
	assert_non_null(strstr(r.body, "\xe5\x85\xb1 <b>100</b> \xe5\x88\x86")); /* 共 100 分 */
	assert_non_null(strstr(r.body, "\xe6\xb2\xa1\xe6\x9c\x89\xe5\x8f\x98\xe5\x8c\x96")); /* 没有变化 */
	assert_null(strstr(r.body, "action=\"/rubric/import\""));
	reply_free(&r);
	free(body);
	/* a changed text: the change is listed and a confirm form carries the text */
	char *text = changed_notice();
	body = text_form(&s, text);
	r = post("/rubric/import/preview", s.token, body);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\xe6\xb5\x8b\xe8\xaf\x84\xe5\x86\x85\xe5\xae\xb9 2\xef\xbc\x9a\xe4\xbf\xae\xe6\x94\xb9\xe4\xba\x86\xe6\x96\x87\xe5\xad\x97")); /* 测评内容 2：修改了文字 */
	assert_non_null(strstr(r.body, "<form method=\"post\" action=\"/rubric/import\">"));
	assert_non_null(strstr(r.body, "<input type=\"hidden\" name=\"text\" value=\""));
	reply_free(&r);
	r = post("/rubric/import", s.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	r = get("/rubric", s.token);
	assert_non_null(strstr(r.body, "\xe7\xbb\x8f\xe8\xb4\xb9\xe4\xbf\x9d\xe9\x9a\x9c\xe5\x92\x8c\xe4\xbd\xbf\xe7\x94\xa8\xe6\x9c\xba\xe5\x88\xb6"));
	reply_free(&r);
	struct run a = run_kaoping(NULL, (const char *const[]){"--db", db, "audit", "list", NULL});
	assert_non_null(strstr(a.out, "rubric.import"));
	assert_non_null(strstr(a.out, "office"));
	run_free(&a);
	free(body), free(text), free(notice);
	free(s.token), free(s.csrf);
}

static void test_the_form_refuses_unknown_units_and_non_tables_and_saves_nothing(void **state)
{
	(void)state;
	struct session s = login("office");
	char *notice = read_file(NOTICE, NULL);
	char *unknown = replace(notice, "\n\xe6\x88\xbf\xe6\x94\xb9\xe5\x8a\x9e\n", "\n\xe5\x8c\xba\xe6\x95\x99<b>\xe8\x82\xb2\xe5\xb1\x80\n");
	char *before = store_fingerprint(db);
	char *body = text_form(&s, unknown);
	struct reply r = post("/rubric/import/preview", s.token, body);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\xe6\x9c\xaa\xe8\xaf\x86\xe5\x88\xab\xe7\x9a\x84\xe5\x8d\x95\xe4\xbd\x8d")); /* 未识别的单位 */
	assert_non_null(strstr(r.body, "<td class=\"n\">144</td><td class=\"error\">\xe5\x8c\xba\xe6\x95\x99&lt;b&gt;\xe8\x82\xb2\xe5\xb1\x80</td>"));
	assert_null(strstr(r.body, "action=\"/rubric/import\""));
	reply_free(&r);
	r = post("/rubric/import", s.token, body);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	free(body);
	body = text_form(&s, "\xe9\x80\x9a\xe7\x9f\xa5\n");
	r = post("/rubric/import", s.token, body);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\xe6\xb2\xa1\xe6\x9c\x89\xe6\x89\xbe\xe5\x88\xb0\xe4\xbb\xbb\xe5\x8a\xa1\xe5\x88\x86\xe8\xa7\xa3\xe8\xa1\xa8")); /* 没有找到任务分解表 */
	reply_free(&r);
	free(body);
	char *after = store_fingerprint(db);
	assert_string_equal(before, after);
	/* a unit clerk may not even see the form */
	struct session clerk = login("shenji");
	r = get("/rubric/import", clerk.token);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	free(before), free(after), free(notice), free(unknown);
	free(s.token), free(s.csrf), free(clerk.token), free(clerk.csrf);
}

int main(void)
{
#define P(f) cmocka_unit_test_setup_teardown(f, seed_setup, seed_teardown)
#define B(f) cmocka_unit_test_setup_teardown(f, demo_store, drop_store)
	const struct CMUnitTest tests[] = {
		P(test_the_seeds_annex_2_reads_back_as_exactly_the_shipped_rubric),
		P(test_the_whole_notice_and_the_bare_table_read_the_same),
		P(test_full_width_digits_read_like_ascii_ones),
		P(test_points_may_be_written_2fen_in_brackets_or_ascii_brackets),
		P(test_a_missing_deadline_takes_the_campaigns_with_a_note),
		P(test_unit_names_split_over_lines_are_mended),
		P(test_every_unknown_unit_name_is_reported_with_its_line),
		P(test_a_text_that_is_not_a_table_is_refused_saying_what_to_fix),
		P(test_a_criterion_that_lost_its_number_is_refused_at_its_line),
		P(test_a_total_other_than_100_is_read_with_a_note),
		P(test_a_criterion_without_points_is_refused_at_its_line),
		B(test_cli_dry_run_of_the_seed_notice_finds_no_change_and_saves_nothing),
		B(test_cli_saves_a_changed_text_as_a_new_version_with_its_audit_entry),
		B(test_cli_refuses_unknown_units_and_orphaned_scores_and_changes_nothing),
		B(test_office_pastes_the_annex_previews_it_and_confirms),
		B(test_the_form_refuses_unknown_units_and_non_tables_and_saves_nothing),
	};
	return cmocka_run_group_tests_name("textimport", tests, NULL, NULL);
}
