/* test_scoring.c — the assessor's scoring grid (/units/{id}/scoring: one
 * write for a whole unit, all or nothing, refusals beside their cells) and
 * the web upload of a filled score sheet (CSV or Excel: preview, confirm),
 * through the real binary on a demo store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <sodium.h>

#include "core/util.h"
#include "domain/campaign.h"
#include "domain/scores.h"
#include "htmlcheck.h"
#include "store/store.h"
#include "testutil.h"

/* Demo units: 区审计局 is unit 3 (assessor3's home unit), 区统计局 unit 5
 * (assessed), 区酒管局 unit 16 (not assessed yet: criteria 1-11, 19-23). */

static void assert_html(const struct reply *r)
{
	struct html_problem p;
	if (html_check(r->body, r->body_len, &p))
		fail_msg("not well-formed at %d:%d: %s", p.line, p.col, p.reason);
}

static void assert_has(const struct reply *r, const char *needle)
{
	if (!strstr(r->body, needle))
		fail_msg("wanted \"%s\" in the %d answer:\n%s", needle, r->status, r->body);
}

static void assert_lacks(const struct reply *r, const char *needle)
{
	if (strstr(r->body, needle))
		fail_msg("did not want \"%s\" in the %d answer", needle, r->status);
}

/* The stored assessor points of unit U (index), criterion NO, part PART, or -1. */
static int stored(store *s, int u, int no, int part)
{
	struct campaign c;
	struct kp_error e = {0};
	struct unit_scores us = {0};
	assert_int_equal(campaign_load(s, &c, &e), 0);
	assert_int_equal(unit_scores_load(s, c.units.ids[u], &us, &e), 0);
	int i = unit_scores_find(&us, no, part, SCORE_ASSESSOR), points = i < 0 ? -1 : us.row[i].points;
	unit_scores_free(&us);
	campaign_free(&c);
	return points;
}

static void test_batch_write_stores_every_row_or_none_and_says_why_as_data(void **state)
{
	(void)state;
	store *s;
	struct campaign c;
	struct kp_error e = {0};
	assert_int_equal(store_open(db, STORE_EXISTING, &s, &e), 0);
	assert_int_equal(campaign_load(s, &c, &e), 0);
	int u = unitdir_lookup(&c.units, "区酒管局"), home = unitdir_lookup(&c.units, "区审计局");
	int k1 = rubric_find(c.rubric, 1), k2 = rubric_find(c.rubric, 2), k12 = rubric_find(c.rubric, 12);
	struct score_input rows[] = {
		{.unit = u, .criterion = k1, .part = 1, .kind = SCORE_ASSESSOR, .points = 20, .by = "测评组1"},
		{.unit = u, .criterion = k1, .part = 2, .kind = SCORE_ASSESSOR, .points = 50, .by = "测评组1"},
		{.unit = u, .criterion = k2, .part = 0, .kind = SCORE_ASSESSOR, .points = 35, .by = "测评组1"},
		{.unit = u, .criterion = k12, .part = 0, .kind = SCORE_ASSESSOR, .points = 10, .by = "测评组1"},
		{.unit = home, .criterion = k2, .part = 0, .kind = SCORE_ASSESSOR, .points = 10, .by = "测评组3",
		 .scorer_unit = c.units.ids[home]},
	};
	struct score_result res = {0};
	struct score_batch b = {.rows = rows, .count = 5};
	assert_int_equal(scores_apply(s, &c, &b, &res, &e), KP_EINPUT);
	assert_int_equal(res.nerrors, 3);
	assert_int_equal(res.written, 0);
	/* row 1: points out of 0–2; row 3: not a criterion of the unit; row 4: recusal */
	assert_int_equal(res.errors[0].index, 1);
	assert_string_equal(res.errors[0].field, "points");
	assert_int_equal(res.errors[0].problem, SCORE_E_OUT_OF_RANGE);
	assert_int_equal(res.errors[0].lo, 0), assert_int_equal(res.errors[0].hi, 20);
	assert_string_equal(res.errors[0].ref, "1.2");
	assert_int_equal(res.errors[1].index, 3), assert_int_equal(res.errors[1].problem, SCORE_E_NOT_APPLICABLE);
	assert_int_equal(res.errors[2].index, 4), assert_int_equal(res.errors[2].problem, SCORE_E_RECUSED);
	scores_result_free(&res);
	assert_int_equal(stored(s, u, 1, 1), -1); /* the good rows were not stored either */
	assert_int_equal(stored(s, u, 2, 0), -1);
	/* the good rows alone: all stored, in one write */
	memset(&e, 0, sizeof e);
	rows[1].points = 15;
	b.count = 3;
	assert_int_equal(scores_apply(s, &c, &b, &res, &e), 0);
	assert_int_equal(res.written, 3);
	scores_result_free(&res);
	assert_int_equal(stored(s, u, 1, 2), 15);
	assert_int_equal(stored(s, u, 2, 0), 35);
	/* the cell parser: full-width digits, one decimal */
	int points;
	bool vetoed;
	assert_int_equal(scores_parse_points(c.rubric, k2, "４．５", &points, &vetoed), SCORE_E_NONE);
	assert_int_equal(points, 45);
	assert_int_equal(scores_parse_points(c.rubric, k2, "4.55", &points, &vetoed), SCORE_E_BAD_POINTS);
	campaign_free(&c);
	store_close(s);
}

/* The grid of unit ID as NAME's session sees it. */
static struct reply grid(const struct session *s, int id)
{
	char path[64];
	snprintf(path, sizeof path, "/units/%d/scoring", id);
	return get(path, s->token);
}

/* Posts FIELDS (url-encoded, without the CSRF token) as the grid of unit ID. */
static struct reply post_grid(const struct session *s, int id, const char *fields)
{
	char path[64];
	snprintf(path, sizeof path, "/units/%d/scoring", id);
	char *body = xasprintf("csrf=%s&%s", s->csrf, fields);
	struct reply r = post(path, s->token, body);
	free(body);
	return r;
}

static void test_grid_shows_every_part_of_a_unit_and_only_to_those_who_score(void **state)
{
	(void)state;
	struct session a = login("assessor1"), unit = login("shenji");
	struct reply r = grid(&a, 16);
	assert_int_equal(r.status, 200);
	assert_html(&r);
	assert_has(&r, "区酒管局 测评打分");
	assert_has(&r, "name=\"p1_1\""), assert_has(&r, "name=\"p1_2\""), assert_has(&r, "name=\"p8_2\"");
	assert_has(&r, "name=\"p23_0\""), assert_has(&r, "name=\"c11_0\"");
	assert_lacks(&r, "name=\"p12_0\""); /* not a criterion of 区酒管局 */
	assert_has(&r, "inputmode=\"decimal\"");
	assert_has(&r, "上一单位：区价监局"), assert_has(&r, "下一单位：区石油办");
	assert_has(&r, "href=\"/units/16/criteria/8\""), assert_has(&r, "提交测评分数");
	assert_has(&r, "加强党的全面领导"), assert_has(&r, "高度重视"); /* grouped by item and indicator */
	reply_free(&r);
	r = grid(&unit, 3); /* a unit's clerk, even for the own unit */
	assert_int_equal(r.status, 403);
	reply_free(&r);
	r = post_grid(&unit, 3, "p1_1=2");
	assert_int_equal(r.status, 403);
	reply_free(&r);
	/* the criterion page leads back to the unit and on to its neighbours */
	r = get("/units/16/criteria/11", a.token);
	assert_has(&r, "返回本单位测评表"), assert_has(&r, "href=\"/units/16/criteria/10\""),
		assert_has(&r, "href=\"/units/16/criteria/19\""), assert_has(&r, "href=\"/units/16/scoring\"");
	reply_free(&r);
	session_free(&a), session_free(&unit);
}

static void test_grid_saves_all_cells_or_none_and_marks_each_refused_cell(void **state)
{
	(void)state;
	struct session a = login("assessor1");
	/* 1.2 is worth 2 and 8.1 is worth 4: two refusals; 2 would be fine,
	 * yet nothing is stored; what was typed comes back */
	struct reply r = post_grid(&a, 16, "p1_1=2&p1_2=5&p2_0=3.5&c2_0=%E6%9C%89%E7%BB%8F%E8%B4%B9&p8_1=abc&p3_0=");
	assert_int_equal(r.status, 400);
	assert_html(&r);
	assert_has(&r, "有 2 项不能保存");
	assert_has(&r, "超出分值范围 0–2");
	assert_has(&r, "不是最多一位小数的分数");
	assert_has(&r, "value=\"5\" data-row"), assert_has(&r, "value=\"abc\" data-row"), assert_has(&r, "value=\"有经费\"");
	reply_free(&r);
	r = grid(&a, 16);
	assert_has(&r, "name=\"p2_0\" type=\"text\" inputmode=\"decimal\" size=\"4\" value=\"\"");
	reply_free(&r);
	/* all good, one in full-width digits from an IME (３．５): three stored
	 * in one write, the blank cells left alone */
	r = post_grid(&a, 16, "p1_1=2&p1_2=1.5&p2_0=%EF%BC%93%EF%BC%8E%EF%BC%95&c2_0=ok&p3_0=");
	assert_int_equal(r.status, 303);
	char *loc = header(&r, "Location");
	assert_string_equal(loc, "/units/16/scoring?saved=3");
	free(loc);
	reply_free(&r);
	r = get("/units/16/scoring?saved=3", a.token);
	assert_has(&r, "已保存 3 项");
	assert_has(&r, "name=\"p1_2\" type=\"text\" inputmode=\"decimal\" size=\"4\" value=\"1.5\"");
	assert_has(&r, "name=\"p2_0\" type=\"text\" inputmode=\"decimal\" size=\"4\" value=\"3.5\"");
	assert_has(&r, "name=\"p3_0\" type=\"text\" inputmode=\"decimal\" size=\"4\" value=\"\"");
	reply_free(&r);
	/* posting the same grid again changes nothing */
	r = post_grid(&a, 16, "p1_1=2&p1_2=1.5&p2_0=3.5&c2_0=ok");
	char *again = header(&r, "Location");
	assert_string_equal(again, "/units/16/scoring?saved=0");
	free(again);
	reply_free(&r);
	/* each change is in the audit log, by the assessor */
	struct run audit = run_kaoping(NULL, (const char *const[]){"--db", db, "audit", "list", "--json", NULL});
	assert_int_equal(audit.status, 0);
	assert_non_null(strstr(audit.out, "区酒管局 / 2 / assessor"));
	assert_non_null(strstr(audit.out, "区酒管局 / 1.2 / assessor"));
	run_free(&audit);
	session_free(&a);
}

static void test_grid_of_an_assessors_home_unit_is_read_only(void **state)
{
	(void)state;
	struct session a = login("assessor3"); /* home unit 区审计局 */
	struct reply r = grid(&a, 3);
	assert_int_equal(r.status, 200);
	assert_html(&r);
	assert_has(&r, "回避：区审计局是您的本单位，测评人员不给本单位打分");
	assert_lacks(&r, "id=\"grid\""), assert_lacks(&r, "name=\"p1_1\"");
	reply_free(&r);
	r = post_grid(&a, 3, "p1_1=1");
	assert_int_equal(r.status, 403);
	assert_has(&r, "回避");
	reply_free(&r);
	r = grid(&a, 5); /* another unit: scored as usual */
	assert_has(&r, "id=\"grid\"");
	reply_free(&r);
	session_free(&a);
}

/* Posts the file NAME (LEN bytes at DATA) to /scores/import as S. */
static struct reply upload(const struct session *s, const char *name, const char *data, size_t len)
{
	return post_file("/scores/import", s, name, data, len);
}

/* S percent-encoded for a form. */
static void form_escape(struct strbuf *b, const char *s)
{
	for (; *s; s++)
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))
			sb_addc(b, *s);
		else
			sb_addf(b, "%%%02X", (unsigned char)*s);
}

/* Presses 确认导入 on the preview PREVIEW. */
static struct reply confirm(const struct session *s, const struct reply *preview)
{
	char *data = hidden(preview->body, "data"), *name = hidden(preview->body, "name"),
	     *kind = hidden(preview->body, "kind");
	assert_non_null(data);
	struct strbuf body = {0};
	sb_addf(&body, "csrf=%s&confirm=1&kind=%s&name=", s->csrf, kind);
	form_escape(&body, name);
	sb_adds(&body, "&data=");
	form_escape(&body, data);
	struct reply r = post("/scores/import", s->token, sb_str(&body));
	sb_free(&body);
	free(data), free(name), free(kind);
	return r;
}

static void test_upload_of_a_csv_sheet_previews_then_imports_and_names_a_bad_row(void **state)
{
	(void)state;
	struct session a = login("assessor1"), unit = login("shenji");
	static const char bad[] = "单位,序号,得分,备注\n区酒管局,3,2.5,\n区酒管局,4,9,多了\n区酒管局,19,x,\n";
	struct reply r = upload(&a, "酒管局.csv", bad, sizeof bad - 1);
	assert_int_equal(r.status, 400);
	assert_html(&r);
	assert_has(&r, "有 2 行不能导入");
	assert_has(&r, "第 3 行"), assert_has(&r, "超出分值范围 0–3");
	assert_has(&r, "第 4 行"), assert_has(&r, "不是最多一位小数的分数");
	assert_lacks(&r, "确认导入");
	reply_free(&r);
	/* a unit's clerk cannot import */
	r = upload(&unit, "酒管局.csv", bad, sizeof bad - 1);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	/* an assessor imports assessor scores only, as themselves */
	static const char self[] = "单位,序号,得分,类型\n区酒管局,3,2.5,自评\n";
	r = upload(&a, "self.csv", self, sizeof self - 1);
	assert_int_equal(r.status, 400);
	assert_has(&r, "这里只导入测评分数");
	reply_free(&r);

	static const char good[] = "单位,序号,得分,备注\n区酒管局,3,2.5,方案具体\n区酒管局,8.2,3,\n区酒管局,9,,\n";
	r = upload(&a, "酒管局.csv", good, sizeof good - 1);
	assert_int_equal(r.status, 200);
	assert_html(&r);
	assert_has(&r, "将导入 2 项分数，其中 0 项替换原有分数");
	assert_has(&r, "得分空着的 1 行不导入");
	assert_has(&r, "确认导入");
	reply_free(&r);
	struct reply g = grid(&a, 16); /* the preview stored nothing */
	assert_has(&g, "name=\"p3_0\" type=\"text\" inputmode=\"decimal\" size=\"4\" value=\"\"");
	reply_free(&g);
	r = upload(&a, "酒管局.csv", good, sizeof good - 1);
	struct reply done = confirm(&a, &r);
	assert_int_equal(done.status, 200);
	assert_html(&done);
	assert_has(&done, "已导入 2 项分数");
	reply_free(&done), reply_free(&r);
	g = grid(&a, 16);
	assert_has(&g, "name=\"p3_0\" type=\"text\" inputmode=\"decimal\" size=\"4\" value=\"2.5\"");
	assert_has(&g, "value=\"方案具体\"");
	assert_has(&g, "name=\"p8_2\" type=\"text\" inputmode=\"decimal\" size=\"4\" value=\"3\"");
	reply_free(&g);
	/* a second sheet over the same scores: the preview lists each score it
	 * replaces (line, unit, criterion, old → new points, who gave the old) */
	static const char again[] = "单位,序号,得分\n区酒管局,8.2,3\n区酒管局,3,2\n区酒管局,4,1\n";
	r = upload(&a, "改.csv", again, sizeof again - 1);
	assert_int_equal(r.status, 200);
	assert_html(&r);
	assert_has(&r, "将导入 3 项分数，其中 2 项替换原有分数");
	assert_has(&r, "<h2 id=\"replaced\">将替换的原有分数</h2>");
	const char *table = strstr(r.body, "id=\"replaced\"");
	assert_non_null(table);
	/* (look.js labels the cells for phones, in the browser) */
	const char *row2 = table ? strstr(table, "第 2 行</td><td>区酒管局</td><td>8.2</td>"
						  "<td>测评</td><td class=\"n\">3</td>"
						  "<td class=\"n\">3</td><td>测评组1</td>")
				 : NULL;
	const char *row3 = table ? strstr(table, "第 3 行</td><td>区酒管局</td><td>3</td>"
						  "<td>测评</td><td class=\"n\">2.5</td>"
						  "<td class=\"n\">2</td><td>测评组1</td>")
				 : NULL;
	if (!row2 || !row3 || strstr(table, "第 4 行")) /* criterion 4 had no score: nothing replaced */
		fail_msg("%.3000s", table ? table : r.body);
	reply_free(&r);
	session_free(&a), session_free(&unit);
}

static void test_upload_of_an_excel_template_previews_then_imports(void **state)
{
	(void)state;
	const char *xlsx = scratch_path("统计局.xlsx");
	struct run t = run_kaoping(NULL, (const char *const[]){"--db", db, "score", "template", "--unit", "区统计局",
							       "--output", xlsx, NULL});
	assert_int_equal(t.status, 0);
	run_free(&t);
	size_t len;
	char *data = read_file(xlsx, &len);
	struct session a = login("assessor1");
	struct reply r = upload(&a, "统计局.xlsx", data, len);
	assert_has(&r, "确认导入");
	assert_int_equal(r.status, 200);
	assert_html(&r);
	assert_has(&r, "将导入 18 项分数，其中 18 项替换原有分数");
	struct reply done = confirm(&a, &r);
	assert_int_equal(done.status, 200);
	assert_has(&done, "已导入 18 项分数（其中替换原有分数 18 项）");
	reply_free(&done), reply_free(&r);
	/* recorded as one import, under the digest of the workbook itself */
	unsigned char digest[32];
	char hex[65];
	crypto_hash_sha256(digest, (const unsigned char *)data, len);
	sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
	struct run audit = run_kaoping(NULL, (const char *const[]){"--db", db, "audit", "list", "--json", NULL});
	assert_non_null(strstr(audit.out, "\"score.import\""));
	assert_non_null(strstr(audit.out, hex));
	run_free(&audit);
	/* a workbook that is not one is refused as a whole */
	r = upload(&a, "坏.xlsx", "PK\003\004broken", 10);
	assert_int_equal(r.status, 400);
	assert_has(&r, "Excel 文件无法读取");
	reply_free(&r);
	static const char noheader[] = "区统计局,3,2\n";
	r = upload(&a, "无表头.csv", noheader, sizeof noheader - 1);
	assert_int_equal(r.status, 400);
	assert_has(&r, "第一行表头缺少“单位”“序号”“得分”列");
	reply_free(&r);
	static const char blank[] = "单位,序号,得分\n区统计局,3,\n";
	r = upload(&a, "空.csv", blank, sizeof blank - 1);
	assert_int_equal(r.status, 400);
	assert_has(&r, "没有一行填了得分");
	reply_free(&r);
	free(data);
	session_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_batch_write_stores_every_row_or_none_and_says_why_as_data, demo_store,
						drop_store),
		cmocka_unit_test_setup_teardown(test_grid_shows_every_part_of_a_unit_and_only_to_those_who_score, demo_store,
						drop_store),
		cmocka_unit_test_setup_teardown(test_grid_saves_all_cells_or_none_and_marks_each_refused_cell, demo_store,
						drop_store),
		cmocka_unit_test_setup_teardown(test_grid_of_an_assessors_home_unit_is_read_only, demo_store, drop_store),
		cmocka_unit_test_setup_teardown(test_upload_of_a_csv_sheet_previews_then_imports_and_names_a_bad_row,
						demo_store, drop_store),
		cmocka_unit_test_setup_teardown(test_upload_of_an_excel_template_previews_then_imports, demo_store,
						drop_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
