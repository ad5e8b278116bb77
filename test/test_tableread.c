/* test_tableread.c — rubrics of other campaigns read from their tables
 * (src/core/tableread.c, scorerule.c): the corpus in test/data/rubrics/
 * (real rubrics transcribed from public documents, each .tsv the table's
 * grid with its merged cells) read as a Word or Excel grid and as text
 * pasted from them, with the counts, points, rules and veto each .md
 * expects; and the scoring rules of real rubrics, phrase by phrase. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/grid.h"
#include "core/scorerule.h"
#include "core/tableread.h"
#include "io/rubricfile.h"
#include "testutil.h"

/* The corpus .tsv at PATH as a grid: "<<" a cell covered from the left,
 * "^^" one covered from above, "\n" a line break in a cell. */
static void grid_of_tsv(const char *path, struct grid *g)
{
	size_t len;
	char *text = read_file(path, &len);
	assert_non_null(text);
	*g = (struct grid){0};
	int line = 0;
	for (char *p = text; *p;) {
		char *end = strchr(p, '\n');
		if (!end)
			end = p + strlen(p);
		line++;
		if (end > p) {
			grid_row_add(g, line);
			for (char *c = p; c <= end;) {
				char *tab = memchr(c, '\t', (size_t)(end - c));
				char *stop = tab ? tab : end;
				char *cell = xstrndup(c, (size_t)(stop - c));
				struct strbuf b = {0};
				sb_adds(&b, "");
				for (char *q = cell; *q; q++)
					if (q[0] == '\\' && q[1] == 'n')
						sb_addc(&b, '\n'), q++;
					else if (*q != '\r')
						sb_addc(&b, *q);
				if (!strcmp(b.s, "<<"))
					grid_cell_add(g, "", GRID_LEFT);
				else if (!strcmp(b.s, "^^"))
					grid_cell_add(g, "", GRID_UP);
				else
					grid_cell_add(g, b.s, GRID_OWN);
				sb_free(&b);
				free(cell);
				if (!tab)
					break;
				c = tab + 1;
			}
		}
		p = *end ? end + 1 : end;
	}
	free(text);
}

static void show(const char *name, const struct textimport_result *r)
{
	char a[24];
	print_message("%s: %d items, %d indicators, %d criteria, %s points\n", name, r->nitems, r->nindicators,
		      r->ncriteria, points_format(r->points, a));
	for (int i = 0; i < r->nproblems; i++)
		print_message("  %s%d: %s\n", r->problems[i].blocking ? "!" : " ", r->problems[i].line, r->problems[i].msg);
	if (getenv("SHOW_JSON") && r->json) {
		char *path = xasprintf("%s/%s.json", getenv("SHOW_JSON"), name);
		json_dump_file(r->json, path, JSON_INDENT(1));
		free(path);
	}
}

/* What a reading came to, in one line: items/indicators/criteria/points
 * (tenths), scored parts, checklist lines, veto and bonus criteria,
 * criteria kaoping scores by a rule of its own (deduct/award). */
static char *fingerprint(const struct textimport_result *r)
{
	int parts = 0, checks = 0, vetoes = 0, bonus = 0, machine = 0;
	size_t i, k, m;
	json_t *it, *ind, *c;
	if (r->json)
		json_array_foreach(json_object_get(r->json, "items"), i, it)
			json_array_foreach(json_object_get(it, "indicators"), k, ind)
				json_array_foreach(json_object_get(ind, "criteria"), m, c) {
			parts += (int)json_array_size(json_object_get(c, "parts"));
			checks += (int)json_array_size(json_object_get(c, "checklist"));
			const char *kind = json_string_value(json_object_get(c, "kind"));
			vetoes += kind && !strcmp(kind, "veto");
			bonus += kind && !strcmp(kind, "bonus");
			machine += json_object_get(c, "deduct") || json_object_get(c, "award");
		}
	return xasprintf("%d/%d/%d/%d parts %d checklist %d veto %d bonus %d rules %d", r->nitems, r->nindicators,
			 r->ncriteria, r->points, parts, checks, vetoes, bonus, machine);
}

static bool has_problem(const struct textimport_result *r, const char *text, bool blocking)
{
	for (int i = 0; i < r->nproblems; i++)
		if (strstr(r->problems[i].msg, text) && r->problems[i].blocking == blocking)
			return true;
	return false;
}

/* The corpus's tables with what their .md expects (test/data/rubrics/). */
static const struct {
	const char *name;
	const char *want;     /* fingerprint */
	const char *warning;  /* a warning the reading must give, or NULL */
	bool blocked;         /* the table cannot be imported as it is */
} corpus[] = {
	/* 河长制: part 二 scores each department out of 60: 240 read, 60 declared (the
	 * .md's design note, a warning); 三 (综合奖扣分) has no value: blocking */
	{"01-hezhang-shicheng-2018", "3/7/15/2800 parts 23 checklist 0 veto 0 bonus 0 rules 0", "没有分值（只有扣分）", true},
	{"02-hezhang-zhongshanling", "3/3/9/500 parts 0 checklist 0 veto 0 bonus 0 rules 0", NULL, false},
	{"04-dangjian-cunji-2012", "2/2/7/230 parts 0 checklist 0 veto 0 bonus 0 rules 3", NULL, false},
	/* no points anywhere: read, and said that it cannot be scored */
	{"11-wenming-chengshi-quanguo-xiuding", "1/1/3/0 parts 0 checklist 0 veto 0 bonus 0 rules 0", "表中没有分值", true},
	/* the transcription stops inside item 1 (75 declared) */
	{"12-shipin-dingyuan-2011", "1/3/7/550 parts 0 checklist 0 veto 0 bonus 0 rules 2", "标明 75 分，其测评内容合计 55 分", false},
	/* the 评分标准 sub-points are the scored pieces (10) */
	{"14-nonggai-biaozhunhua-shidian", "1/4/4/200 parts 10 checklist 0 veto 0 bonus 0 rules 0", NULL, false},
	/* points merged over several content lines: checklists */
	{"15-wenhua-shifancun-qiongzhong", "4/10/10/1000 parts 0 checklist 13 veto 0 bonus 0 rules 0", NULL, false},
	/* row 9 of item 二 not transcribed: 47 of its 50 */
	{"19-wenming-chuangjian-lianghua", "2/2/10/530 parts 0 checklist 0 veto 0 bonus 0 rules 8", "标明 50 分，其测评内容合计 47 分", false},
	/* 双拥: traditional characters (考評項目 …), 每做到一项得0.5分 */
	{"03-shuangyong-kaoping", "1/1/5/60 parts 0 checklist 0 veto 0 bonus 0 rules 1", NULL, false},
	/* 平安建设 负面清单: deductions only, no points to score from; 一票否决 read */
	{"06-pingan-wenzhou-fumian-2017", "5/5/5/0 parts 0 checklist 0 veto 1 bonus 0 rules 0", "没有分值（只有扣分）", true},
	/* 文明村镇: one graded cell of five contents takes its item's 15分 */
	{"07-wenming-cunzhen-2017", "1/1/1/150 parts 0 checklist 0 veto 0 bonus 0 rules 0", "取所属项目标明的 15 分", false},
	/* 文明校园 (广东): person names where the 权重 are */
	{"08-wenming-xiaoyuan-guangdong-2020", "1/2/2/0 parts 0 checklist 0 veto 0 bonus 0 rules 0", "没有分值", true},
	/* 文明校园 (海南): three pieces in one cell, 「(L5分)」 as damaged */
	{"09-wenming-xiaoyuan-hainan-2020", "1/1/1/105 parts 3 checklist 0 veto 0 bonus 0 rules 0", NULL, false},
	/* 文明程度指数: 6.0×3 + 5.0 = 23 */
	{"10-wenming-zhishu-gansu-2023", "1/4/4/230 parts 0 checklist 0 veto 0 bonus 0 rules 0", NULL, false},
	/* 民族团结进步: no header, 一/票/否/决 down a cell, B declares 15 for 16 */
	{"13-minzu-tuanjie-jiguan", "3/3/11/360 parts 0 checklist 0 veto 1 bonus 0 rules 0", "标明 15 分，其测评内容合计 16 分", false},
	/* 志愿服务: graded, no points */
	{"16-zhiyuan-fuwu-fengong-2012", "1/3/5/0 parts 0 checklist 0 veto 0 bonus 0 rules 0", "没有分值", true},
	/* 文明校园 十佳十差: seven criteria run on in two cells, each with (N分) */
	{"18-chuangwen-xiaoyuan-xiangyang", "2/2/7/300 parts 0 checklist 0 veto 0 bonus 0 rules 0", NULL, false},
	/* 食品安全 暗访: (39)/(65) are no points; 得N分 pieces as parts */
	{"22-shipin-xiaoyuan-zhoubian-anfang", "2/2/2/100 parts 3 checklist 0 veto 0 bonus 0 rules 1", NULL, false},
	/* 河湖长制: 二 is cut after 28 of its 70 */
	{"23-hehuzhang-2019-zonghe", "2/2/14/440 parts 0 checklist 0 veto 0 bonus 0 rules 0", "标明 70 分，其测评内容合计 28 分", false},
	/* 高校团委: the standards are the criteria under 二级指标 merged over them */
	{"25-tuanwei-mubiao-hncu-2019", "1/3/10/260 parts 0 checklist 0 veto 0 bonus 0 rules 6", NULL, false},
	/* 文明城市 Ⅲ: grade thresholds, no points */
	{"27-wenming-chengshi-huanjing-dengji", "6/6/6/0 parts 0 checklist 0 veto 0 bonus 0 rules 0", "没有分值", true},
};
#define NCORPUS (sizeof corpus / sizeof *corpus)

static char *corpus_path(const char *name, const char *ext)
{
	return xasprintf("%s/test/data/rubrics/%s.%s", getenv("SRC") ? getenv("SRC") : ".", name, ext);
}

static void check_reading(size_t i, const char *how, const struct textimport_result *r)
{
	char *got = fingerprint(r);
	if (getenv("LEARN"))
		print_message("%s (%s): %s\n", corpus[i].name, how, got), show(corpus[i].name, r);
	else if (strcmp(got, corpus[i].want)) {
		show(corpus[i].name, r);
		fail_msg("%s (%s): %s, not %s", corpus[i].name, how, got, corpus[i].want);
	}
	free(got);
	if (corpus[i].warning && !getenv("LEARN") && !has_problem(r, corpus[i].warning, corpus[i].blocked)) {
		show(corpus[i].name, r);
		fail_msg("%s (%s): no %s \"%s\"", corpus[i].name, how, corpus[i].blocked ? "blocking problem" : "warning",
			 corpus[i].warning);
	}
	bool blocking = false;
	for (int k = 0; k < r->nproblems; k++)
		blocking |= r->problems[k].blocking;
	if (!getenv("LEARN"))
		assert_int_equal(blocking, corpus[i].blocked);
}

static void test_the_corpus_tables_read_as_their_sources_say(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCORPUS; i++) {
		char *path = corpus_path(corpus[i].name, "tsv");
		struct grid g;
		grid_of_tsv(path, &g);
		struct textimport_options o = {0};
		struct textimport_result r;
		tableread_grid(&g, NULL, &o, &r);
		check_reading(i, "grid", &r);
		textimport_free(&r);
		grid_free(&g);
		free(path);
	}
}

/* The table as a clerk pastes it from Excel or Word: tab-separated, merged
 * cells empty after their first, a cell with line breaks quoted. */
static char *pasted(const struct grid *g, const char *(*change)(const char *, struct strbuf *))
{
	struct strbuf b = {0};
	for (int i = 0; i < g->n; i++) {
		for (int k = 0; k < g->rows[i].n; k++) {
			if (k)
				sb_addc(&b, '\t');
			const char *t = g->rows[i].cells[k].text;
			struct strbuf c = {0};
			if (change)
				t = change(t, &c);
			if (strchr(t, '\n') || strchr(t, '"')) {
				sb_addc(&b, '"');
				for (const char *p = t; *p; p++) {
					if (*p == '"')
						sb_addc(&b, '"');
					sb_addc(&b, *p);
				}
				sb_addc(&b, '"');
			} else {
				sb_adds(&b, t);
			}
			sb_free(&c);
		}
		sb_adds(&b, "\r\n");
	}
	return b.s;
}

/* Digits and brackets full-width: １０ （１０分）. */
static const char *full_width(const char *s, struct strbuf *b)
{
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			sb_addc(b, (char)0xef), sb_addc(b, (char)0xbc), sb_addc(b, (char)(0x90 + *p - '0'));
		else if (*p == '(')
			sb_adds(b, "（");
		else if (*p == ')')
			sb_adds(b, "）");
		else
			sb_addc(b, *p);
	}
	return sb_str(b);
}

/* Brackets half-width: （） as (). */
static const char *half_brackets(const char *s, struct strbuf *b)
{
	for (const char *p = s; *p; p++) {
		if (!strncmp(p, "（", 3))
			sb_addc(b, '('), p += 2;
		else if (!strncmp(p, "）", 3))
			sb_addc(b, ')'), p += 2;
		else
			sb_addc(b, *p);
	}
	return sb_str(b);
}

static void read_pasted(size_t i, const char *how, const char *text)
{
	struct grid g;
	char *before = NULL;
	if (!tableread_tsv(text, strlen(text), &g, &before))
		fail_msg("%s (%s): not read as a tab-separated table", corpus[i].name, how);
	struct textimport_options o = {0};
	struct textimport_result r;
	tableread_grid(&g, before, &o, &r);
	check_reading(i, how, &r);
	textimport_free(&r);
	grid_free(&g);
	free(before);
}

static void test_the_corpus_pasted_as_text_and_its_variants_read_the_same(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCORPUS; i++) {
		char *path = corpus_path(corpus[i].name, "tsv");
		struct grid g;
		grid_of_tsv(path, &g);
		/* merged cells pasted: their text once, the rest empty */
		for (int r = 0; r < g.n; r++)
			for (int k = 0; k < g.rows[r].n; k++)
				g.rows[r].cells[k].cover = GRID_OWN;
		char *text = pasted(&g, NULL);
		read_pasted(i, "pasted", text);
		/* a title and blank lines around it, blank lines between rows */
		struct strbuf b = {0};
		sb_adds(&b, "附件2\n\n测评细则\n\n");
		for (const char *p = text; *p; p++) {
			sb_addc(&b, *p);
			if (*p == '\n' && p[1] && (p - text) % 3 == 0)
				sb_adds(&b, "\n\n");
		}
		read_pasted(i, "blank lines", b.s);
		sb_free(&b);
		/* the header repeated after a page break (13 and 27 have none: their
		 * first row is a criterion) */
		char *second = strchr(strchr(text, '\n') + 1, '\n');
		bool headed = strncmp(corpus[i].name, "13-", 3) && strncmp(corpus[i].name, "27-", 3);
		if (headed && second && second[1]) {
			size_t head = (size_t)(strchr(text, '\n') + 1 - text);
			sb_add(&b, text, (size_t)(second + 1 - text));
			sb_add(&b, text, head);
			sb_adds(&b, second + 1);
			read_pasted(i, "header repeated", b.s);
			sb_free(&b);
		}
		free(text);
		text = pasted(&g, full_width);
		read_pasted(i, "full-width digits and brackets", text);
		free(text);
		text = pasted(&g, half_brackets);
		read_pasted(i, "half-width brackets", text);
		free(text);
		grid_free(&g);
		free(path);
	}
}


/* The criterion numbered NO of a reading. */
static json_t *criterion(const struct textimport_result *r, int no)
{
	size_t i, k, m;
	json_t *it, *ind, *c;
	json_array_foreach(json_object_get(r->json, "items"), i, it) json_array_foreach(json_object_get(it, "indicators"), k, ind)
		json_array_foreach(json_object_get(ind, "criteria"), m, c) if (json_integer_value(json_object_get(c, "no")) == no) return c;
	fail_msg("no criterion %d", no);
	return NULL;
}

static void read_corpus(const char *name, struct textimport_result *r)
{
	char *path = corpus_path(name, "tsv");
	struct grid g;
	grid_of_tsv(path, &g);
	struct textimport_options o = {0};
	tableread_grid(&g, "测评细则\n总分100分", &o, r);
	grid_free(&g);
	free(path);
}

static double num(json_t *c, const char *a, const char *b)
{
	json_t *v = json_object_get(c, a);
	return json_number_value(b ? json_object_get(v, b) : v);
}

static void test_labels_points_rules_and_checklists_as_written(void **state)
{
	(void)state;
	struct textimport_result r;
	read_corpus("19-wenming-chuangjian-lianghua", &r);
	/* 二.1 未参加活动的，每发现一次，扣3分，扣完为止: scored by kaoping, 3 a time */
	json_t *c = criterion(&r, 3);
	assert_string_equal(json_string_value(json_object_get(c, "label")), "1");
	assert_int_equal(num(c, "points", NULL), 10);
	assert_int_equal(num(c, "deduct", "per"), 3);
	assert_non_null(strstr(json_string_value(json_object_get(c, "rule_text")), "扣完为止"));
	/* 一.2 …无计划或总结的不得分: all or nothing, said as written */
	c = criterion(&r, 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(c, "rules"), 0), "kind")),
			    "all_or_nothing");
	assert_null(json_object_get(c, "deduct"));
	/* the title and the total from the text around it */
	assert_string_equal(json_string_value(json_object_get(r.json, "title")), "测评细则");
	assert_int_equal(num(r.json, "declared_total", NULL), 100);
	assert_true(has_problem(&r, "标明总分 100 分，测评内容合计 53 分", false));
	/* an item's declared value, its label */
	json_t *it = json_array_get(json_object_get(r.json, "items"), 1);
	assert_string_equal(json_string_value(json_object_get(it, "name")), "文明创建活动");
	assert_int_equal(num(it, "declared_points", NULL), 50);
	textimport_free(&r);

	read_corpus("04-dangjian-cunji-2012", &r);
	/* six deductions of 1 or 2 in one rule: deductions of 1–2 */
	c = criterion(&r, 5);
	assert_int_equal(num(c, "deduct", "min"), 1);
	assert_int_equal(num(c, "deduct", "max"), 2);
	assert_int_equal(json_array_size(json_object_get(c, "rules")), 6);
	/* 考核办法 holding 查看…: the methods */
	assert_string_equal(json_string_value(json_array_get(json_object_get(c, "methods"), 0)), "查看会议录");
	/* 落实工作责任机制11分: the item's name and value */
	it = json_array_get(json_object_get(r.json, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(it, "name")), "落实工作责任机制");
	assert_int_equal(num(it, "declared_points", NULL), 11);
	textimport_free(&r);

	read_corpus("12-shipin-dingyuan-2011", &r);
	/* 1.1.1…(10分) under 1.1 (20, the indicator's merged cell) */
	c = criterion(&r, 1);
	assert_string_equal(json_string_value(json_object_get(c, "label")), "1.1.1");
	assert_int_equal(num(c, "points", NULL), 10);
	json_t *ind = json_array_get(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "indicators"), 0);
	assert_string_equal(json_string_value(json_object_get(ind, "label")), "1.1");
	assert_int_equal(num(ind, "declared_points", NULL), 20);
	assert_string_equal(json_string_value(json_array_get(json_object_get(c, "units"), 0)), "食安办");
	textimport_free(&r);

	read_corpus("15-wenhua-shifancun-qiongzhong", &r);
	/* 6 points over three content lines: one criterion, two checklist lines */
	c = criterion(&r, 1);
	assert_int_equal(num(c, "points", NULL), 6);
	assert_int_equal(json_array_size(json_object_get(c, "checklist")), 2);
	assert_string_equal(json_string_value(json_array_get(json_object_get(c, "checklist"), 0)), "集体经济不断发展壮大");
	textimport_free(&r);

	read_corpus("14-nonggai-biaozhunhua-shidian", &r);
	/* the 评分标准's numbered lines with their points: the parts */
	c = criterion(&r, 1);
	json_t *parts = json_object_get(c, "parts");
	assert_int_equal(json_array_size(parts), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(parts, 0), "text")), "目标明确,分阶段落实有效");
	assert_int_equal(num(json_array_get(parts, 1), "points", NULL), 3);
	textimport_free(&r);
}

/* A grid from rows of cells separated by '|' ("<" and "^" covered). */
static void grid_rows(struct grid *g, const char *const *rows)
{
	*g = (struct grid){0};
	for (int i = 0; rows[i]; i++) {
		grid_row_add(g, i + 1);
		char *t = xstrdup(rows[i]);
		for (char *p = t, *bar; p; p = bar ? bar + 1 : NULL) {
			bar = strchr(p, '|');
			if (bar)
				*bar = 0;
			grid_cell_add(g, !strcmp(p, "<") || !strcmp(p, "^") ? "" : p,
				      !strcmp(p, "<") ? GRID_LEFT : !strcmp(p, "^") ? GRID_UP : GRID_OWN);
		}
		free(t);
	}
}

static void test_veto_bonus_and_grades_in_every_form(void **state)
{
	(void)state;
	/* 13 (民族团结进步示范单位): the points merged beside each indicator, and
	 * 一/票/否/决 down a merged cell beside indicator D */
	static const char *const rows13[] = {
		"测评指标|测评内容|分值|备注",
		"B积极开展民族团结宣传教育活动|定期开展针对性和实效性强的民族团结宣传教育活动(6分)|15分|",
		"^|注重把民族团结宣传教育与本单位具体情况结合起来,开展民族团结宣传周(5分)|^|",
		"^|旗帜鲜明地反对民族分裂主义(2.5分)|^|",
		"^|提高干部职工对民族问题和民族工作的认识。(2.5分)|^|",
		"D党的民族政策得到有效贯彻落实|党的民族政策和民族法律法规得到有效的贯彻落实(3分)|10分|一\n票\n否\n决",
		"^|维护民族团结成为本单位领导干部职工的自觉行为(4分)|^|^",
		"^|本单位无涉及民族因素的群体性事件。(3分)|^|^",
		NULL,
	};
	struct grid g;
	grid_rows(&g, rows13);
	struct textimport_options o = {0};
	struct textimport_result r;
	tableread_grid(&g, NULL, &o, &r);
	char *fp = fingerprint(&r);
	if (strcmp(fp, "2/2/8/260 parts 0 checklist 0 veto 1 bonus 0 rules 0")) {
		show("13", &r);
		fail_msg("13: %s", fp);
	}
	free(fp);
	/* B: 16 read, 15 declared — said, not fixed; D: scored and vetoed */
	assert_true(has_problem(&r, "标明 15 分，其测评内容合计 16 分", false));
	assert_true(has_problem(&r, "一票否决", false));
	json_t *v = criterion(&r, 8);
	assert_string_equal(json_string_value(json_object_get(v, "kind")), "veto");
	assert_string_equal(json_string_value(json_object_get(v, "text")), "一票否决：党的民族政策得到有效贯彻落实");
	json_t *b = json_array_get(json_object_get(r.json, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(b, "label")), "B");
	assert_string_equal(json_string_value(json_object_get(b, "name")), "积极开展民族团结宣传教育活动");
	textimport_free(&r);
	grid_free(&g);

	/* a 一票否决 item printed one character a line, a 加分项 item, grades */
	static const char *const rows[] = {
		"测评项目|测评内容|分值|评分标准",
		"一、组织领导（10分）|1.成立领导小组|5|未成立不得分",
		"^|2.制定工作方案|5|A档得100%，B档得66%，C档得33%，C#档得0分",
		"二、特色工作加分|3.创建工作获上级表彰|5|每获一次市级表彰加1分，最多加5分",
		"一\n票\n否\n决|4.发生重大安全责任事故的|0|实行一票否决",
		NULL,
	};
	grid_rows(&g, rows);
	tableread_grid(&g, NULL, &o, &r);
	fp = fingerprint(&r);
	assert_string_equal(fp, "3/3/4/150 parts 0 checklist 0 veto 1 bonus 1 rules 1");
	free(fp);
	v = criterion(&r, 4);
	assert_string_equal(json_string_value(json_object_get(v, "kind")), "veto");
	assert_int_equal(num(v, "points", NULL), 0);
	json_t *bonus = criterion(&r, 3);
	assert_string_equal(json_string_value(json_object_get(bonus, "kind")), "bonus");
	assert_int_equal(num(bonus, "award", "per"), 1);
	json_t *grade = json_array_get(json_object_get(criterion(&r, 2), "rules"), 0);
	assert_string_equal(json_string_value(json_object_get(grade, "kind")), "grade");
	json_t *levels = json_object_get(grade, "levels");
	assert_int_equal(json_array_size(levels), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(levels, 3), "name")), "C#");
	assert_int_equal(num(json_array_get(levels, 1), "share", NULL), 66);
	/* the bonus is not in the total: 10 scored */
	json_t *it = json_array_get(json_object_get(r.json, "items"), 0);
	assert_int_equal(num(it, "declared_points", NULL), 10);
	assert_false(has_problem(&r, "测评项目“组织领导”标明", false));
	textimport_free(&r);
	grid_free(&g);
}

static void test_scoring_rules_phrase_by_phrase(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int points;
		const char *kinds; /* the rules' kinds, space-separated */
		int min, max, floor, award;
		bool over;
	} cases[] = {
		{"每发现一处扣2分，扣完为止", 100, "deduct", 20, 20, 0, 0, false},
		{"未参加活动的,每发现一次,扣3分,扣完为止。", 100, "deduct", 30, 30, 0, 0, false},
		{"少一次扣1分", 30, "deduct", 10, 10, 0, 0, false},
		{"视情况扣1-3分", 50, "deduct", 10, 30, 0, 0, false},
		{"每处扣0.5分，本项最多扣3分", 50, "deduct cap", 5, 5, 20, 0, false},
		{"低于90%的，每低2个百分点扣1分，扣完为止", 50, "threshold", 0, 0, 0, 0, false},
		{"覆盖率低于96%的,每降低1个百分点扣0.25分", 50, "threshold", 0, 0, 0, 0, false},
		{"未制定方案不得分", 50, "all_or_nothing", 0, 0, 0, 0, false},
		{"每开展一次得1分，最高计5分", 50, "award cap", 0, 0, 0, 10, false},
		{"积极开展活动无记录和资料的3分,未开展活动且无记录的,不得分。", 20, "all_or_nothing", 0, 0, 0, 0, false},
		{"有会议记要得5分,否则不得分", 20, "all_or_nothing", 0, 0, 0, 0, true},
		{"发生重大事故的，实行一票否决", 0, "veto", 0, 0, 0, 0, false},
		{"Ａ档得１００％，Ｂ档得６６％，Ｃ档得３３％，Ｃ＃档得０分", 40, "grade", 0, 0, 0, 0, false},
		{"按要求上报情况", 40, "", 0, 0, 0, 0, false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct scorerule_read r;
		scorerule_parse(cases[i].text, cases[i].points, &r);
		struct strbuf kinds = {0};
		sb_adds(&kinds, "");
		size_t k;
		json_t *v;
		json_array_foreach(r.rules, k, v) sb_addf(&kinds, "%s%s", k ? " " : "", json_string_value(json_object_get(v, "kind")));
		if (strcmp(kinds.s, cases[i].kinds) || r.deduct_min != cases[i].min || r.deduct_max != cases[i].max ||
		    r.floor != cases[i].floor || r.award != cases[i].award || r.over != cases[i].over)
			fail_msg("\"%s\": kinds \"%s\", deduct %d–%d floor %d, award %d, over %d", cases[i].text, kinds.s,
				 r.deduct_min, r.deduct_max, r.floor, r.award, r.over);
		/* each rule keeps the words it came from */
		char *plain = text_normalize(cases[i].text);
		json_array_foreach(r.rules, k, v) {
			const char *said = json_string_value(json_object_get(v, "text"));
			if (!said || !*said || !strstr(plain, said))
				fail_msg("\"%s\": rule %zu keeps \"%s\", not words of the rule", cases[i].text, k, said ? said : "");
		}
		free(plain);
		if (r.rules) {
			char *said = scorerule_describe(r.rules);
			assert_true(*said);
			free(said);
		}
		sb_free(&kinds);
		scorerule_free(&r);
	}
	/* the threshold's numbers */
	struct scorerule_read r;
	scorerule_parse("低于90%的，每低2个百分点扣1分", 50, &r);
	json_t *t = json_array_get(r.rules, 0);
	assert_int_equal(num(t, "below", NULL), 90);
	assert_int_equal(num(t, "step", NULL), 2);
	assert_int_equal(num(t, "per", NULL), 1);
	assert_false(r.machine);
	scorerule_free(&r);
}


/* G as an HTML table: each merge one cell with its rowspan and colspan,
 * line breaks as <br>, a title above it. */
static char *grid_html(const struct grid *g, const char *title)
{
	struct strbuf b = {0};
	sb_addf(&b, "<html><head><meta charset=\"utf-8\"></head><body><p>%s</p><table border=\"1\">", title);
	for (int i = 0; i < g->n; i++) {
		sb_adds(&b, "<tr>");
		for (int k = 0; k < g->rows[i].n; k++) {
			const struct grid_cell *c = &g->rows[i].cells[k];
			if (c->cover != GRID_OWN)
				continue;
			int cols = 1, rows = 1;
			while (k + cols < g->rows[i].n && g->rows[i].cells[k + cols].cover == GRID_LEFT)
				cols++;
			while (i + rows < g->n && grid_at(g, i + rows, k) && grid_at(g, i + rows, k)->cover == GRID_UP)
				rows++;
			sb_addf(&b, "<td rowspan=\"%d\" colspan=\"%d\">", rows, cols);
			for (const char *p = c->text; *p; p++)
				if (*p == '\n')
					sb_adds(&b, "<br>");
				else if (*p == '<')
					sb_adds(&b, "&lt;");
				else if (*p == '&')
					sb_adds(&b, "&amp;");
				else
					sb_addc(&b, *p);
			sb_adds(&b, "</td>");
		}
		sb_adds(&b, "</tr>");
	}
	sb_adds(&b, "</table><p>说明：以上为测评细则。</p></body></html>");
	return b.s;
}

/* Four of the corpus's Word tables (04, 12, 14, 19: the .md says Word) saved
 * as .docx by LibreOffice Writer, and two as .xlsx by Calc, read from the
 * file as the grid reads. */
static void test_the_corpus_from_word_and_excel_files_reads_the_same(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		bool xlsx;
	} files[] = {
		{"04-dangjian-cunji-2012", false}, {"12-shipin-dingyuan-2011", false},
		{"14-nonggai-biaozhunhua-shidian", false}, {"19-wenming-chuangjian-lianghua", false},
		{"15-wenhua-shifancun-qiongzhong", true}, {"02-hezhang-zhongshanling", true},
	};
	for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
		size_t i = 0;
		while (strcmp(corpus[i].name, files[f].name))
			i++;
		char *path = corpus_path(corpus[i].name, "tsv");
		struct grid g;
		grid_of_tsv(path, &g);
		/* Calc turns a line break into rows of its own: a space for it */
		if (files[f].xlsx)
			for (int r = 0; r < g.n; r++)
				for (int k = 0; k < g.rows[r].n; k++)
					for (char *p = g.rows[r].cells[k].text; *p; p++)
						if (*p == '\n')
							*p = ' ';
		char *html = grid_html(&g, "测评细则");
		char *file = soffice_html(html, corpus[i].name, files[f].xlsx ? "xlsx" : "docx",
					  files[f].xlsx ? "xlsx:Calc MS Excel 2007 XML" : "docx:MS Word 2007 XML");
		struct textimport_options o = {0};
		struct textimport_result r;
		struct kp_error e = {0};
		if (rubricfile_read(files[f].xlsx ? RUBRICFILE_XLSX : RUBRICFILE_DOCX, file, NULL, 0, &o, &r, &e))
			fail_msg("%s: %s", file, e.msg);
		check_reading(i, files[f].xlsx ? "xlsx" : "docx", &r);
		if (!files[f].xlsx)
			assert_string_equal(json_string_value(json_object_get(r.json, "title")), "测评细则");
		textimport_free(&r);
		free(file), free(html), free(path);
		grid_free(&g);
	}
	/* not a rubric file: said */
	struct textimport_options o = {0};
	struct textimport_result r;
	struct kp_error e = {0};
	assert_int_equal(rubricfile_read(RUBRICFILE_DOCX, NULL, "PK\3\4junk", 8, &o, &r, &e), KP_EINPUT);
	textimport_free(&r);
}

static int scratch(void **state)
{
	(void)state;
	scratch_dir();
	return 0;
}


/* ---- the office imports a rubric file: the web page and the command ---- */

static const char RUBRIC_HTML[] =
	"<html><head><meta charset=\"utf-8\"></head><body><p>XX县文明单位测评细则</p><p>总分100分。</p>"
	"<table border=\"1\"><tr><td>测评项目</td><td>测评内容</td><td>分值</td><td>评分标准</td></tr>"
	"<tr><td rowspan=\"2\">一、组织领导（60分）</td><td>1.成立创建工作领导小组</td><td>30</td><td>未成立不得分</td></tr>"
	"<tr><td>2.开展志愿服务活动</td><td>30</td><td>每少一次扣2分，扣完为止</td></tr>"
	"<tr><td>二、环境卫生（40分）</td><td>3.单位内外环境整洁</td><td>40</td><td>A档得100%，B档得66%，C档得33%，C#档得0分</td></tr>"
	"<tr><td>一票否决</td><td>4.发生严重违法违纪案件的</td><td></td><td>实行一票否决</td></tr>"
	"</table></body></html>";

static void form_escape(struct strbuf *b, const char *s)
{
	for (; *s; s++)
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))
			sb_addc(b, *s);
		else
			sb_addf(b, "%%%02X", (unsigned char)*s);
}

static void test_the_office_uploads_a_word_rubric_previews_it_and_confirms(void **state)
{
	(void)state;
	struct run a = run_kaoping("kaoping-demo-2024\n", (const char *const[]){"--db", db, "user", "add", "office", "--role",
										 "admin", "--password-stdin", NULL});
	assert_int_equal(a.status, 0);
	run_free(&a);
	char *docx = soffice_html(RUBRIC_HTML, "rubric", "docx", "docx:MS Word 2007 XML");
	size_t len;
	char *data = read_file(docx, &len);
	struct session s = login("office");
	struct reply r = get("/rubric/import", s.token);
	assert_non_null(strstr(r.body, "name=\"file\" required accept=\".docx,.xlsx\""));
	reply_free(&r);
	r = post_file("/rubric/import/preview", &s, "测评细则.docx", data, len);
	assert_int_equal(r.status, 200);
	if (getenv("SHOW_PAGE"))
		write_file(getenv("SHOW_PAGE"), r.body, strlen(r.body));
	/* what was read: totals, the rule as read and as written, the veto */
	assert_non_null(strstr(r.body, "<b>3</b> 个测评项目")); /* the veto row is an item of its own */
	assert_non_null(strstr(r.body, "<b>4</b> 条测评内容"));
	assert_null(strstr(r.body, "rule_text"));
	assert_non_null(strstr(r.body, "共 <b>100</b> 分"));
	assert_non_null(strstr(r.body, "原文标明总分 100 分"));
	assert_non_null(strstr(r.body, "每处扣2分<br><small>由系统按规则计分</small>"));
	assert_non_null(strstr(r.body, "不达标不得分<br><small>测评人按原文评分</small>"));
	assert_non_null(strstr(r.body, "<td>每少一次扣2分，扣完为止</td>"));
	assert_non_null(strstr(r.body, "<span class=\"badge b-red\">一票否决</span>"));
	assert_non_null(strstr(r.body, "按等次计分（A 100%、B 66%、C 33%、C# 0%）"));
	assert_non_null(strstr(r.body, "（原文 1）"));
	assert_non_null(strstr(r.body, "（被测评单位）"));
	char *b64 = hidden(r.body, "data"), *name = hidden(r.body, "name");
	assert_non_null(b64);
	assert_string_equal(name, "测评细则.docx");
	reply_free(&r);
	/* 确认导入: the same bytes back, saved as the new version */
	struct strbuf body = {0};
	sb_adds(&body, "csrf=");
	form_escape(&body, s.csrf);
	sb_adds(&body, "&name=");
	form_escape(&body, name);
	sb_adds(&body, "&data=");
	form_escape(&body, b64);
	r = post("/rubric/import", s.token, body.s);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	r = get("/rubric", s.token);
	assert_non_null(strstr(r.body, "XX县文明单位测评细则"));
	reply_free(&r);
	a = run_kaoping(NULL, (const char *const[]){"--db", db, "rubric", "export", NULL});
	assert_int_equal(a.status, 0);
	json_t *j = json_loads(a.out, 0, NULL);
	assert_non_null(j);
	json_t *c2 = json_array_get(json_object_get(json_array_get(json_object_get(json_array_get(json_object_get(j, "items"), 0),
											"indicators"), 0), "criteria"), 1);
	assert_int_equal(json_number_value(json_object_get(json_object_get(c2, "deduct"), "per")), 2);
	assert_string_equal(json_string_value(json_object_get(c2, "label")), "2");
	json_decref(j);
	run_free(&a);
	/* export then import gives back the same rubric, byte for byte */
	a = run_kaoping(NULL, (const char *const[]){"--db", db, "rubric", "export", "--output", scratch_path("r1.json"), NULL});
	assert_int_equal(a.status, 0);
	run_free(&a);
	a = run_kaoping(NULL, (const char *const[]){"--db", db, "rubric", "import", scratch_path("r1.json"), NULL});
	assert_int_equal(a.status, 0);
	run_free(&a);
	a = run_kaoping(NULL, (const char *const[]){"--db", db, "rubric", "export", "--output", scratch_path("r2.json"), NULL});
	run_free(&a);
	char *one = read_file(scratch_path("r1.json"), NULL), *two = read_file(scratch_path("r2.json"), NULL);
	assert_string_equal(one, two);
	assert_non_null(strstr(one, "\"rule_text\": \"每少一次扣2分，扣完为止\""));
	free(one), free(two);
	/* a unit name written with a leading full-width space keeps its
	 * units_text from one export to the next (the fuzzer found it changing) */
	json_t *rj = json_load_file(scratch_path("r1.json"), 0, NULL);
	json_t *ind0 = json_array_get(json_object_get(json_array_get(json_object_get(rj, "items"), 0), "indicators"), 0);
	json_object_set_new(ind0, "units", json_pack("[s, s]", "\xe3\x80\x80区审计局", "区工信局"));
	json_object_del(ind0, "units_text");
	json_dump_file(rj, scratch_path("r3.json"), JSON_INDENT(2));
	json_decref(rj);
	a = run_kaoping(NULL, (const char *const[]){"--db", db, "rubric", "import", scratch_path("r3.json"), NULL});
	assert_int_equal(a.status, 0);
	run_free(&a);
	a = run_kaoping(NULL, (const char *const[]){"--db", db, "rubric", "export", "--output", scratch_path("r4.json"), NULL});
	run_free(&a);
	a = run_kaoping(NULL, (const char *const[]){"--db", db, "rubric", "import", scratch_path("r4.json"), NULL});
	assert_int_equal(a.status, 0);
	run_free(&a);
	a = run_kaoping(NULL, (const char *const[]){"--db", db, "rubric", "export", "--output", scratch_path("r5.json"), NULL});
	run_free(&a);
	one = read_file(scratch_path("r4.json"), NULL), two = read_file(scratch_path("r5.json"), NULL);
	assert_string_equal(one, two);
	assert_non_null(strstr(one, "\"units_text\": \"区审计局、区工信局\""));
	free(one), free(two);
	/* a criterion scored by grades takes the grade: B is 66% of its 40 points */
	a = run_kaoping(NULL, (const char *const[]){"--db", db, "score", "set", "区审计局", "3", "B", "--by", "测评组", NULL});
	if (a.status)
		fail_msg("score set B: %s", a.err);
	assert_non_null(strstr(a.out, "区审计局 3 assessor: 26.4"));
	run_free(&a);
	a = run_kaoping(NULL, (const char *const[]){"--db", db, "score", "set", "区审计局", "3", "E", "--by", "测评组", NULL});
	assert_int_not_equal(a.status, 0);
	assert_non_null(strstr(a.err, "nor a grade of the criterion"));
	run_free(&a);
	/* a file of another kind: said in Chinese beside the field, nothing saved */
	char *before = store_fingerprint(db);
	r = post_file("/rubric/import/preview", &s, "测评细则.doc", "\xd0\xcf\x11\xe0 old word", 12);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "请上传 Word 文档（.docx）或 Excel 工作簿（.xlsx）"));
	reply_free(&r);
	r = post_file("/rubric/import/preview", &s, "坏的.docx", "PK\3\4broken", 10);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "文件已损坏"));
	reply_free(&r);
	char *after = store_fingerprint(db);
	assert_string_equal(before, after);
	free(before), free(after);
	/* the command reads the same file: --dry-run --json with every problem and its line */
	a = run_kaoping(NULL, (const char *const[]){"--db", db, "--json", "rubric", "import", "--from-docx", docx, "--dry-run", NULL});
	assert_int_equal(a.status, 0);
	j = json_loads(a.out, 0, NULL);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "criteria")), 4);
	assert_true(json_is_array(json_object_get(j, "problems")));
	json_decref(j);
	run_free(&a);
	free(b64), free(name), free(data), free(docx);
	sb_free(&body);
	session_free(&s);
}


/* 05 (综治 评分标准): a numbered list, not a table: 一、… headings, then
 * 1.…,1分。 lines, read as its .md reads it; its deduction-only rows (…减
 * 2.5分，最高减5分) have no points, which a criterion needs: said, blocking. */
static void test_a_numbered_list_of_criteria_is_a_rubric_too(void **state)
{
	(void)state;
	size_t len;
	char *path = corpus_path("05-zongzhi-pingan-xian", "txt");
	char *text = read_file(path, &len);
	struct textimport_options o = {0};
	struct textimport_result r;
	textimport_read(text, len, &o, &r);
	char *fp = fingerprint(&r);
	if (strcmp(fp, "3/3/15/90 parts 0 checklist 0 veto 0 bonus 0 rules 1")) {
		show("05", &r);
		fail_msg("05: %s", fp);
	}
	free(fp);
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal(num(json_array_get(items, 0), "declared_points", NULL), 6);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "label")), "二");
	assert_string_equal(json_string_value(json_object_get(r.json, "title")),
			    "XX20XX年度各镇综治工作(平安建设)检查考核考评项目评分标准");
	assert_true(num(criterion(&r, 10), "points", NULL) == 0.5);
	/* 每次减0.5分 … 每例减1分，减完为止: deductions of 0.5–1, scored by kaoping */
	assert_true(num(criterion(&r, 9), "deduct", "min") == 0.5);
	assert_int_equal(num(criterion(&r, 9), "deduct", "max"), 1);
	assert_true(has_problem(&r, "没有分值（只有扣分）", true));
	assert_true(has_problem(&r, "测评项目“应急机制建设”标明 1 分，其测评内容合计 0 分", false));
	assert_false(textimport_ready(&r));
	textimport_free(&r);
	free(text), free(path);
}


/* A 责任单位 column, methods, and 完成时限 as dates or words. */
static void test_units_methods_and_deadlines_from_their_columns(void **state)
{
	(void)state;
	static const char *const rows[] = {
		"一级指标|二级指标|测评内容|分值|测评方法|责任单位|完成时限",
		"一、组织保障（10分）|1.高度重视|1.成立领导小组|5|听取汇报 查阅资料|区审计局、区工信局|2024年7月底",
		"^|^|2.制定实施方案|5|查阅资料|区审计局|2024年7月底",
		"二、宣传教育（5分）|2.宣传|3.开展主题宣传|5|实地查看|不存在的局\n区审计局|常年坚持",
		NULL,
	};
	struct grid g;
	grid_rows(&g, rows);
	struct textimport_options o = {.year = 2024};
	struct textimport_result r;
	tableread_grid(&g, NULL, &o, &r);
	char *fp = fingerprint(&r);
	assert_string_equal(fp, "2/2/3/150 parts 0 checklist 0 veto 0 bonus 0 rules 0");
	free(fp);
	json_t *it = json_array_get(json_object_get(r.json, "items"), 0);
	json_t *ind = json_array_get(json_object_get(it, "indicators"), 0);
	assert_string_equal(json_string_value(json_object_get(ind, "label")), "1");
	assert_string_equal(json_string_value(json_object_get(ind, "name")), "高度重视");
	assert_string_equal(json_string_value(json_object_get(ind, "deadline")), "2024-07-31");
	assert_string_equal(json_string_value(json_object_get(ind, "deadline_text")), "2024年7月底");
	json_t *c = criterion(&r, 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(c, "methods"), 1)), "查阅资料");
	assert_string_equal(json_string_value(json_array_get(json_object_get(c, "units"), 1)), "区工信局");
	assert_string_equal(json_string_value(json_object_get(c, "units_text")), "区审计局、区工信局");
	/* 常年坚持: kept as text, no date */
	json_t *ind2 = json_array_get(json_object_get(json_array_get(json_object_get(r.json, "items"), 1), "indicators"), 0);
	assert_string_equal(json_string_value(json_object_get(ind2, "deadline_text")), "常年坚持");
	assert_null(json_object_get(ind2, "deadline"));
	assert_string_equal(json_string_value(json_array_get(json_object_get(criterion(&r, 3), "units"), 0)), "不存在的局");
	textimport_free(&r);
	grid_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_corpus_tables_read_as_their_sources_say),
		cmocka_unit_test(test_the_corpus_pasted_as_text_and_its_variants_read_the_same),
		cmocka_unit_test(test_the_corpus_from_word_and_excel_files_reads_the_same),
		cmocka_unit_test(test_labels_points_rules_and_checklists_as_written),
		cmocka_unit_test(test_veto_bonus_and_grades_in_every_form),
		cmocka_unit_test(test_scoring_rules_phrase_by_phrase),
		cmocka_unit_test(test_a_numbered_list_of_criteria_is_a_rubric_too),
		cmocka_unit_test(test_units_methods_and_deadlines_from_their_columns),
		cmocka_unit_test_setup_teardown(test_the_office_uploads_a_word_rubric_previews_it_and_confirms, fresh_store,
						drop_store),
	};
	return cmocka_run_group_tests(tests, scratch, NULL);
}
