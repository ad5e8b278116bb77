/* test_papers.c — the papers that leave the office, made by the real
 * binary from a demo store and read back by real readers: LibreOffice
 * (XLSX → CSV, every value compared with the JSON report of the same
 * store, numbers unquoted) and poppler (pdfinfo: A4 and the page count;
 * pdffonts: embedded Noto CJK; pdftotext: names, totals, 第 N 页 共 M 页,
 * 逾期 N 天, the 文号 and the office's settings). Refusals leave no file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/util.h"
#include "io/xlsxread.h"
#include "testutil.h"

/* Runs kaoping on the test's store; fails unless it exits 0. */
static struct run ok(const char *const *args)
{
	const char *argv[32] = {"--db", db};
	int n = 2;
	for (; args[n - 2]; n++)
		argv[n] = args[n - 2];
	argv[n] = NULL;
	struct run r = run_kaoping(NULL, argv);
	if (r.status != 0)
		fail_msg("kaoping %s … exited %d: %s", args[0], r.status, r.err);
	return r;
}

static json_t *json_of(const char *const *args)
{
	struct run r = ok(args);
	json_error_t je;
	json_t *j = json_loads(r.out, 0, &je);
	if (!j)
		fail_msg("not JSON: %s", je.text);
	run_free(&r);
	return j;
}

/* What a shell command printed (stdout), NUL-terminated; caller frees. */
static char *shell(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *shell(const char *fmt, ...)
{
	va_list ap;
	char cmd[2048];
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	struct strbuf b = {0};
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, p)) > 0)
		sb_add(&b, buf, n);
	int st = pclose(p);
	if (st != 0)
		fail_msg("%s: exit %d", cmd, st);
	return b.s ? b.s : xstrdup("");
}

static void need_poppler(void)
{
	if (system("command -v pdftotext >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1") != 0) {
		print_message("poppler-utils not found: tools/deps.sh installs it\n");
		skip();
	}
}

/* The number of pages pdfinfo reads in PATH. */
static int pdf_pages(const char *path)
{
	char *info = shell("pdfinfo '%s'", path);
	const char *p = strstr(info, "Pages:");
	assert_non_null(p);
	int n = atoi(p + 6);
	if (!strstr(info, "(A4)"))
		fail_msg("%s is not A4:\n%s", path, info);
	free(info);
	return n;
}

/* Checks the fonts of PATH: Noto CJK, embedded (every font). */
static void pdf_fonts_embedded(const char *path)
{
	char *fonts = shell("pdffonts '%s'", path);
	if (!strstr(fonts, "NotoSansCJK") && !strstr(fonts, "NotoSerifCJK"))
		fail_msg("%s uses no Noto CJK font:\n%s", path, fonts);
	/* every font line (after the two header lines) says emb yes */
	char *line = strchr(fonts, '\n');
	line = line ? strchr(line + 1, '\n') : NULL;
	for (char *l = line ? line + 1 : NULL; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		char *end = strchr(l, '\n');
		char row[512];
		snprintf(row, sizeof row, "%.*s", end ? (int)(end - l) : (int)strlen(l), l);
		if (*row && !strstr(row, " yes yes ") && !strstr(row, " yes no "))
			fail_msg("a font of %s is not embedded: %s", path, row);
	}
	free(fonts);
}

/* The text of page PAGE (0: all) of PATH. */
static char *pdf_text(const char *path, int page)
{
	if (page)
		return shell("pdftotext -layout -f %d -l %d '%s' -", page, page, path);
	return shell("pdftotext -layout '%s' -", path);
}

/* TEXT without spaces and line breaks (in place), so that words a paper
 * wraps over two lines are found; returns TEXT. */
static char *squash(char *text)
{
	char *w = text;
	for (char *r = text; *r; r++)
		if (*r != ' ' && *r != '\n')
			*w++ = *r;
	*w = 0;
	return text;
}

/* The row of C whose first field is FIRST (the header row), or -1. */
static int csv_find(const struct csv *c, const char *first)
{
	for (int i = 0; i < c->n; i++)
		if (c->rows[i].n > 0 && !strcmp(c->rows[i].f[0].s, first))
			return i;
	return -1;
}

/* A JSON number as the workbook shows it (General: 73.8, 81), or "" for null. */
static void shown_number(json_t *v, char *buf, size_t size)
{
	if (json_is_null(v) || !v)
		buf[0] = 0;
	else if (json_is_integer(v))
		snprintf(buf, size, "%lld", (long long)json_integer_value(v));
	else
		snprintf(buf, size, "%g", json_number_value(v));
}

static void expect_number(const struct csv_field *f, json_t *v, const char *what, int row)
{
	char want[64];
	shown_number(v, want, sizeof want);
	if (strcmp(f->s, want))
		fail_msg("row %d %s: the workbook has \"%s\", the JSON report %s", row, what, f->s, want);
	if (*want && f->quoted)
		fail_msg("row %d %s: %s is a text cell, not a number", row, what, f->s);
}

static void test_ranking_workbook_reads_as_the_json_report(void **state)
{
	(void)state;
	const char *xlsx = scratch_path("排名.xlsx"), *dir = scratch_path("csv");
	struct run r = ok((const char *const[]){"report", "ranking", "--format", "xlsx", "--output", xlsx, NULL});
	run_free(&r);
	soffice_csv(xlsx, dir);
	char path[1024];
	snprintf(path, sizeof path, "%s/排名-汇总排名.csv", dir);
	struct csv c = csv_parse(path);
	json_t *j = json_of((const char *const[]){"report", "ranking", "--format", "json", NULL});
	int h = csv_find(&c, "名次");
	assert_true(h >= 0);
	assert_string_equal(c.rows[h].f[1].s, "单位");
	/* as many unit rows as the JSON has, and then no more */
	int rows = 0;
	while (h + 1 + rows < c.n && c.rows[h + 1 + rows].n >= 9 && *c.rows[h + 1 + rows].f[3].s)
		rows++;
	assert_int_equal((int)json_array_size(j), rows);
	size_t i;
	json_t *row;
	json_array_foreach(j, i, row) {
		const struct csv_row *g = &c.rows[h + 1 + (int)i];
		assert_true(g->n >= 9);
		expect_number(&g->f[0], json_object_get(row, "rank"), "名次", (int)i);
		assert_string_equal(g->f[1].s, json_string_value(json_object_get(row, "unit")));
		assert_true(g->f[1].quoted);
		expect_number(&g->f[2], json_object_get(row, "points"), "得分", (int)i);
		expect_number(&g->f[3], json_object_get(row, "max_points"), "满分", (int)i);
		json_t *pc = json_object_get(row, "percent");
		if (json_is_null(pc)) {
			assert_string_equal(g->f[4].s, "");
		} else {
			char want[32];
			snprintf(want, sizeof want, "%.1f%%", json_number_value(pc));
			assert_string_equal(g->f[4].s, want);
			assert_false(g->f[4].quoted);
		}
		json_t *grade = json_object_get(row, "grade");
		if (json_is_string(grade))
			assert_string_equal(g->f[5].s, json_string_value(grade));
		else
			assert_true(!strcmp(g->f[5].s, "未完成测评") || !strcmp(g->f[5].s, "未评"));
		expect_number(&g->f[6], json_object_get(row, "scored"), "已评", (int)i);
		expect_number(&g->f[7], json_object_get(row, "of"), "应评", (int)i);
	}
	json_decref(j);
	csv_free(&c);
}

static void test_unit_sheet_workbook_reads_as_the_json_report(void **state)
{
	(void)state;
	const char *xlsx = scratch_path("unit.xlsx"), *dir = scratch_path("csv");
	struct run r = ok((const char *const[]){"report", "unit", "区民政局", "--format", "xlsx", "--output", xlsx, NULL});
	run_free(&r);
	soffice_csv(xlsx, dir);
	char path[1024];
	snprintf(path, sizeof path, "%s/unit-测评表.csv", dir);
	struct csv c = csv_parse(path);
	json_t *j = json_of((const char *const[]){"report", "unit", "区民政局", "--format", "json", NULL});
	json_t *crits = json_object_get(j, "criteria");
	int h = csv_find(&c, "序号");
	assert_true(h >= 0);
	/* the criteria rows in order, group rows (一、… and the indicators) between them */
	int at = h + 1, groups = 0;
	size_t i;
	json_t *cr;
	json_array_foreach(crits, i, cr) {
		char ref[32];
		int part = (int)json_integer_value(json_object_get(cr, "part"));
		int no = (int)json_integer_value(json_object_get(cr, "no"));
		if (part)
			snprintf(ref, sizeof ref, "%d.%d", no, part);
		else
			snprintf(ref, sizeof ref, "%d", no);
		while (at < c.n && strcmp(c.rows[at].f[0].s, ref))
			at++, groups++;
		if (at == c.n)
			fail_msg("criterion %s is not in the workbook", ref);
		const struct csv_row *g = &c.rows[at++];
		assert_string_equal(g->f[1].s, json_string_value(json_object_get(cr, "text")));
		expect_number(&g->f[2], json_object_get(cr, "max_points"), "分值", (int)i);
		expect_number(&g->f[3], json_object_get(cr, "self"), "自评", (int)i);
		expect_number(&g->f[4], json_object_get(cr, "assessor"), "得分", (int)i);
		assert_string_equal(g->f[6].s, json_string_value(json_object_get(cr, "by")));
	}
	assert_true(groups >= 2); /* at least an item and an indicator heading */
	int total = csv_find(&c, "合计");
	assert_true(total > h);
	expect_number(&c.rows[total].f[2], json_object_get(j, "max_points"), "满分", total);
	expect_number(&c.rows[total].f[4], json_object_get(j, "points"), "合计", total);
	json_decref(j);
	csv_free(&c);
}

/* How a column of a sheet reads a member of the JSON rows. */
enum as { AS_TEXT, AS_NUMBER, AS_PERCENT, AS_PREFIX, AS_LIST };
struct colmap {
	int col;
	const char *key;
	enum as as;
};

/* Compares the rows of the workbook XLSX's sheet SHEET after the header
 * row starting HEADER with the JSON array ROWS, column by column as MAP says. */
static void sheet_is_json(const char *xlsx, const char *sheet, const char *header, json_t *rows,
			  const struct colmap *map, int nmap)
{
	const char *dir = scratch_path("csv");
	soffice_csv(xlsx, dir);
	char path[1024], base[256];
	const char *slash = strrchr(xlsx, '/');
	snprintf(base, sizeof base, "%s", slash ? slash + 1 : xlsx);
	*strrchr(base, '.') = 0;
	snprintf(path, sizeof path, "%s/%s-%s.csv", dir, base, sheet);
	struct csv c = csv_parse(path);
	int h = csv_find(&c, header);
	if (h < 0)
		fail_msg("%s: no header row %s", path, header);
	assert_true(c.n - h - 1 >= (int)json_array_size(rows));
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		const struct csv_row *g = &c.rows[h + 1 + (int)i];
		for (int m = 0; m < nmap; m++) {
			const struct csv_field *f = &g->f[map[m].col];
			json_t *v = json_object_get(row, map[m].key);
			char want[4096];
			if (map[m].as == AS_NUMBER) {
				expect_number(f, v, map[m].key, (int)i);
				continue;
			}
			if (map[m].as == AS_PERCENT) {
				if (json_is_null(v))
					snprintf(want, sizeof want, "%s", "");
				else
					snprintf(want, sizeof want, "%.1f%%", json_number_value(v));
			} else {
				snprintf(want, sizeof want, "%s", json_is_string(v) ? json_string_value(v) : "");
			}
			char *got = xstrdup(f->s);
			if (map[m].as == AS_LIST) /* the paper lists with 、 */
				for (char *q; (q = strstr(got, "、"));)
					memmove(q + 1, q + strlen("、"), strlen(q + strlen("、")) + 1), *q = ',';
			bool same = map[m].as == AS_PREFIX ? !strncmp(got, want, strlen(want)) : !strcmp(got, want);
			if (!same)
				fail_msg("%s row %zu %s: the workbook has \"%s\", the JSON \"%s\"", sheet, i, map[m].key, got, want);
			free(got);
		}
	}
	csv_free(&c);
}

/* The criteria, the 挂牌督办清单 and a ledger read back as their JSON. */
static void test_more_workbooks_read_as_their_json(void **state)
{
	(void)state;
	const char *xlsx = scratch_path("criteria.xlsx");
	struct run r = ok((const char *const[]){"report", "criteria", "--weakest", "--format", "xlsx", "--output", xlsx, NULL});
	run_free(&r);
	json_t *j = json_of((const char *const[]){"report", "criteria", "--weakest", "--format", "json", NULL});
	static const struct colmap crit[] = {
		{0, "no", AS_NUMBER},          {1, "indicator", AS_TEXT}, {3, "max_points", AS_NUMBER},
		{4, "responsible", AS_NUMBER}, {5, "scored", AS_NUMBER},  {6, "mean", AS_NUMBER},
		{7, "min", AS_NUMBER},         {8, "max", AS_NUMBER},     {9, "percent", AS_PERCENT},
	};
	sheet_is_json(xlsx, "测评内容", "序号", j, crit, 9);
	json_decref(j);

	xlsx = scratch_path("listing.xlsx");
	r = ok((const char *const[]){"case", "listing", "--all", "--format", "xlsx", "--output", xlsx, NULL});
	run_free(&r);
	j = json_of((const char *const[]){"case", "listing", "--all", "--format", "json", NULL});
	assert_true(json_array_size(j) > 0);
	static const struct colmap cases[] = {
		{0, "no", AS_NUMBER},   {1, "id", AS_NUMBER},       {2, "unit", AS_TEXT},
		{3, "level", AS_TEXT},  {4, "rule", AS_TEXT},       {5, "reason", AS_TEXT},
		{6, "items", AS_TEXT},  {7, "opened_on", AS_TEXT},  {8, "deadline", AS_PREFIX},
		{9, "state", AS_TEXT},
	};
	sheet_is_json(xlsx, "督办事项清单", "序号", j, cases, 10);
	json_decref(j);

	xlsx = scratch_path("ledger.xlsx");
	r = ok((const char *const[]){"ledger", "list", "--format", "xlsx", "--output", xlsx, NULL});
	run_free(&r);
	j = json_of((const char *const[]){"ledger", "list", "--format", "json", NULL});
	assert_true(json_array_size(j) > 0);
	static const struct colmap ledger[] = {
		{0, "id", AS_NUMBER},    {1, "unit", AS_TEXT},      {2, "date", AS_TEXT},
		{3, "kind", AS_TEXT},    {4, "title", AS_TEXT},     {5, "place", AS_TEXT},
		{6, "participants", AS_NUMBER}, {7, "criteria", AS_LIST}, {8, "files", AS_NUMBER},
		{9, "notes", AS_TEXT},
	};
	sheet_is_json(xlsx, "工作台账", "编号", j, ledger, 10);
	json_decref(j);
}

static void test_ranking_pdf_is_a4_with_embedded_cjk_names_and_page_numbers(void **state)
{
	(void)state;
	need_poppler();
	const char *pdf = scratch_path("ranking.pdf");
	struct run r = ok((const char *const[]){"report", "ranking", "--format", "pdf", "--output", pdf, NULL});
	run_free(&r);
	int pages = pdf_pages(pdf);
	assert_true(pages >= 1);
	pdf_fonts_embedded(pdf);
	char *text = pdf_text(pdf, 0);
	json_t *j = json_of((const char *const[]){"report", "ranking", "--format", "json", NULL});
	size_t i;
	json_t *row;
	json_array_foreach(j, i, row) {
		const char *unit = json_string_value(json_object_get(row, "unit"));
		if (!strstr(text, unit))
			fail_msg("%s is not in the ranking PDF", unit);
		json_t *pts = json_object_get(row, "points");
		char want[32];
		shown_number(pts, want, sizeof want);
		if (*want && !strstr(text, want))
			fail_msg("%s's points %s are not in the PDF", unit, want);
	}
	squash(text);
	assert_non_null(strstr(text, "汇总排名"));
	assert_non_null(strstr(text, "领导小组办公室")); /* the issuing office, from the campaign */
	for (int p = 1; p <= pages; p++) {
		char *page = pdf_text(pdf, p), want[64];
		snprintf(want, sizeof want, "第 %d 页 共 %d 页", p, pages);
		if (!strstr(page, want))
			fail_msg("page %d has no \"%s\"", p, want);
		free(page);
	}
	json_decref(j);
	free(text);
}

/* The 催办单 of every unit as of a day before the material deadline: one
 * paper a unit with open items, each starting on a page of its own, the
 * days written as words, never "-854". */
static void test_reminders_one_paper_a_unit_with_overdue_in_words(void **state)
{
	(void)state;
	need_poppler();
	const char *pdf = scratch_path("reminders.pdf");
	struct run r = ok((const char *const[]){"due", "--reminders", "--as-of", "2024-08-10", "--reply-by", "2024-08-15",
						"--format", "pdf", "--output", pdf, NULL});
	run_free(&r);
	int pages = pdf_pages(pdf);
	pdf_fonts_embedded(pdf);
	/* which units have open items, from the JSON of the same day */
	json_t *j = json_of((const char *const[]){"due", "--as-of", "2024-08-10", "--format", "json", NULL});
	char *seen = xcalloc(4096, 1);
	int units = 0;
	size_t i;
	json_t *it;
	json_array_foreach(j, i, it) {
		if (!strcmp(json_string_value(json_object_get(it, "light")), "grey"))
			continue;
		const char *u = json_string_value(json_object_get(it, "unit"));
		char key[256];
		snprintf(key, sizeof key, "|%s|", u);
		if (!strstr(seen, key)) {
			strcat(seen, key);
			units++;
		}
	}
	assert_true(units >= 2);
	/* each unit's paper starts a page (its 文号 on it), and its pages are
	 * numbered within it: a unit receives 第 1 页 共 2 页, not page 17 of 40 */
	int papers = 0, *first = xcalloc((size_t)pages + 2, sizeof(int));
	char **texts = xcalloc((size_t)pages + 1, sizeof *texts);
	for (int p = 1; p <= pages; p++) {
		texts[p] = pdf_text(pdf, p);
		char *flat = squash(xstrdup(texts[p]));
		if (strstr(flat, "创建办催〔2024〕")) {
			first[papers++] = p;
			assert_non_null(strstr(flat, "催办单"));
			assert_non_null(strstr(flat, "2024年8月15日前"));
		}
		free(flat);
	}
	assert_int_equal(first[0], 1);
	first[papers] = pages + 1;
	for (int k = 0; k < papers; k++)
		for (int p = first[k]; p < first[k + 1]; p++) {
			char want[64];
			snprintf(want, sizeof want, "第 %d 页 共 %d 页", p - first[k] + 1, first[k + 1] - first[k]);
			if (!strstr(texts[p], want))
				fail_msg("page %d (paper %d) has no \"%s\"", p, k + 1, want);
		}
	for (int p = 1; p <= pages; p++)
		free(texts[p]);
	free(texts);
	free(first);
	assert_int_equal(papers, units);
	/* a regression check on the page count: at most two pages a unit */
	if (pages > 2 * units)
		fail_msg("%d 催办单 take %d pages", units, pages);
	char *text = pdf_text(pdf, 0);
	assert_non_null(strstr(text, "逾期 12 天")); /* the criteria were due 7月29日 */
	assert_null(strstr(text, "剩余天数"));
	assert_null(strstr(text, " -1"));
	squash(text);
	assert_non_null(strstr(text, "回复单位（盖章）"));
	assert_non_null(strstr(text, "联系人：XX，联系电话：XX"));
	free(text);
	free(seen);
	json_decref(j);
}

/* The office's settings name the issuer and the 文号 of the 督办通知书. */
static void test_case_notice_carries_the_office_settings(void **state)
{
	(void)state;
	need_poppler();
	struct run r = ok((const char *const[]){"setting", "set", "paper_office", "某某区创建办", NULL});
	run_free(&r);
	r = ok((const char *const[]){"setting", "set", "paper_number_case", "某创督〔{年}〕{号}号", NULL});
	run_free(&r);
	r = ok((const char *const[]){"setting", "set", "paper_phone", "0871-1234567", NULL});
	run_free(&r);
	json_t *cases = json_of((const char *const[]){"case", "list", "--format", "json", NULL});
	assert_true(json_array_size(cases) > 0);
	json_t *c0 = json_array_get(cases, 0);
	long long id = json_integer_value(json_object_get(c0, "id"));
	const char *unit = json_string_value(json_object_get(c0, "unit"));
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", id);
	const char *pdf = scratch_path("notice.pdf");
	r = ok((const char *const[]){"case", "notice", idtext, "--output", pdf, NULL});
	run_free(&r);
	assert_int_equal(pdf_pages(pdf), 1);
	char *text = squash(pdf_text(pdf, 0)), want[128];
	assert_non_null(strstr(text, "某某区创建办"));
	snprintf(want, sizeof want, "某创督〔2024〕%lld号", id);
	if (!strstr(text, want))
		fail_msg("no 文号 %s in:\n%s", want, text);
	snprintf(want, sizeof want, "%s：", unit);
	assert_non_null(strstr(text, want));
	assert_non_null(strstr(text, "通知书"));
	assert_non_null(strstr(text, "联系电话：0871-1234567"));
	assert_non_null(strstr(text, "整改情况报告"));
	free(text);
	json_decref(cases);
}

static void test_paper_refusals_name_the_flag_and_leave_no_file(void **state)
{
	(void)state;
	char *before = store_fingerprint(db);
	/* xlsx without --output */
	struct run r = run_kaoping(NULL, (const char *const[]){"--db", db, "report", "ranking", "--format", "xlsx", NULL});
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--output"));
	run_free(&r);
	/* a format no report has */
	r = run_kaoping(NULL, (const char *const[]){"--db", db, "report", "ranking", "--format", "docx", NULL});
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "xlsx or pdf"));
	run_free(&r);
	/* a folder that is not there: an error, and nothing written */
	const char *missing = scratch_path("no/such/dir/r.pdf");
	r = run_kaoping(NULL, (const char *const[]){"--db", db, "report", "ranking", "--format", "pdf", "--output", missing, NULL});
	assert_int_not_equal(r.status, 0);
	assert_non_null(strstr(r.err, "--output"));
	assert_int_not_equal(access(missing, F_OK), 0);
	run_free(&r);
	/* the notice of a case that is not there */
	const char *notice = scratch_path("n.pdf");
	r = run_kaoping(NULL, (const char *const[]){"--db", db, "case", "notice", "9999", "--output", notice, NULL});
	assert_int_not_equal(r.status, 0);
	assert_int_not_equal(access(notice, F_OK), 0);
	run_free(&r);
	/* --reminders is a paper */
	r = run_kaoping(NULL, (const char *const[]){"--db", db, "due", "--reminders", NULL});
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--format pdf"));
	run_free(&r);
	/* text reports go to --output too, whole */
	const char *csv = scratch_path("r.csv");
	r = ok((const char *const[]){"report", "ranking", "--format", "csv", "--output", csv, NULL});
	run_free(&r);
	char *got = read_file(csv, NULL);
	assert_non_null(strstr(got, "名次"));
	free(got);
	char *after = store_fingerprint(db);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* The other papers are whole documents too: the lights, the criteria, the
 * district roll-up, the 挂牌督办清单 and a unit's ledger. */
static void test_every_paper_is_written_in_both_formats(void **state)
{
	(void)state;
	need_poppler();
	static const char *const forms[][6] = {
		{"report", "district", NULL},
		{"report", "criteria", "--weakest", NULL},
		{"due", "--as-of", "2024-07-27", NULL},
		{"case", "listing", "--all", NULL},
		{"ledger", "list", NULL},
	};
	static const char *const words[] = {"全区汇总", "测评内容得分情况", "红黄绿灯", "督办事项清单", "工作台账"};
	for (size_t k = 0; k < sizeof forms / sizeof *forms; k++) {
		for (int fmt = 0; fmt < 2; fmt++) {
			const char *argv[16];
			int n = 0;
			for (; forms[k][n]; n++)
				argv[n] = forms[k][n];
			char name[64];
			snprintf(name, sizeof name, "paper%zu.%s", k, fmt ? "pdf" : "xlsx");
			const char *out = scratch_path(name);
			argv[n++] = "--format";
			argv[n++] = fmt ? "pdf" : "xlsx";
			argv[n++] = "--output";
			argv[n++] = out;
			argv[n] = NULL;
			struct run r = ok(argv);
			run_free(&r);
			if (fmt) {
				assert_true(pdf_pages(out) >= 1);
				char *text = pdf_text(out, 0);
				if (!strstr(text, words[k]))
					fail_msg("%s has no %s", name, words[k]);
				free(text);
			} else {
				char *list = shell("unzip -l '%s'", out);
				assert_non_null(strstr(list, "xl/workbook.xml"));
				free(list);
			}
		}
	}
}

/* Writes the body of R to PATH under the scratch directory; returns PATH. */
static const char *save_body(const struct reply *r, const char *name)
{
	const char *path = scratch_path(name);
	write_file(path, r->body, r->body_len);
	return path;
}

/* The cells of the workbook in R's body, as CSV. */
static char *workbook_csv(const struct reply *r)
{
	struct xlsx_sheet s;
	struct kp_error e = {0};
	if (xlsx_read_mem(r->body, r->body_len, &s, &e))
		fail_msg("not a workbook: %s", e.msg);
	struct strbuf csv = {0};
	xlsx_sheet_csv(&s, &csv);
	xlsx_sheet_free(&s);
	return csv.s ? csv.s : xstrdup("");
}

/* The CSV of the workbook `score template` writes with ARGS. */
static char *template_csv(const char *const *args)
{
	const char *path = scratch_path("cli-template.xlsx");
	const char *argv[12] = {"score", "template", "--output", path};
	int n = 4;
	for (; *args; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	struct run r = ok(argv);
	run_free(&r);
	struct xlsx_sheet s;
	struct kp_error e = {0};
	if (xlsx_read(path, &s, &e))
		fail_msg("%s", e.msg);
	struct strbuf csv = {0};
	xlsx_sheet_csv(&s, &csv);
	xlsx_sheet_free(&s);
	return csv.s;
}

/* The score sheet to fill in, on the web: a unit's clerk gets its self
 * scores (never the assessors'), an assessor the assessor scores, the
 * office either; a clerk not another unit's. */
static void test_web_score_template_is_the_readers_kind(void **state)
{
	(void)state;
	struct session office = login("office"), clerk = login("shenji"), assessor = login("assessor1");
	char *self = template_csv((const char *const[]){"--unit", "区审计局", "--self", NULL});
	char *assessed = template_csv((const char *const[]){"--unit", "区审计局", NULL});
	assert_string_not_equal(self, assessed); /* the demo's self and assessor scores differ */
	assert_non_null(strstr(self, "单位,序号,测评内容,分值,得分,备注\n区审计局,"));
	struct { struct session *who; const char *path; const char *want; } cases[] = {
		{&clerk, "/units/3/template.xlsx", self},
		{&clerk, "/units/3/template.xlsx?kind=assessor", self}, /* a clerk's kind is fixed */
		{&assessor, "/units/3/template.xlsx?kind=self", assessed},
		{&office, "/units/3/template.xlsx", assessed},
		{&office, "/units/3/template.xlsx?kind=self", self},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct reply r = get(cases[i].path, cases[i].who->token);
		assert_int_equal(r.status, 200);
		char *disp = header(&r, "Content-Disposition");
		assert_non_null(strstr(disp, ".xlsx"));
		free(disp);
		char *got = workbook_csv(&r);
		if (strcmp(got, cases[i].want))
			fail_msg("%s (case %zu) is not the CLI's template:\n%s", cases[i].path, i, got);
		free(got);
		reply_free(&r);
	}
	struct reply r = get("/units/6/template.xlsx", clerk.token);
	assert_true(r.status == 403 || r.status == 404);
	reply_free(&r);
	/* the unit's page links to it */
	r = get("/units/3", clerk.token);
	assert_non_null(strstr(r.body, "/units/3/template.xlsx"));
	reply_free(&r);
	free(self), free(assessed);
	session_free(&office), session_free(&clerk), session_free(&assessor);
}

/* On the web: 导出 Excel / 导出 PDF answer with the paper as a download; a
 * unit's clerk gets its own unit's 测评表 with the scores its page shows
 * (no assessor drafts), and not another unit's. */
static void test_web_downloads_the_papers_and_keeps_units_apart(void **state)
{
	(void)state;
	need_poppler();
	struct session office = login("office"), clerk = login("shenji"); /* 区审计局, unit 3 in the demo */
	struct reply r = get("/ranking.xlsx", office.token);
	assert_int_equal(r.status, 200);
	char *type = header(&r, "Content-Type"), *disp = header(&r, "Content-Disposition");
	assert_string_equal(type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_non_null(strstr(disp, "attachment"));
	assert_non_null(strstr(disp, ".xlsx"));
	free(type), free(disp);
	char *list = shell("unzip -l '%s'", save_body(&r, "web-ranking.xlsx"));
	assert_non_null(strstr(list, "xl/worksheets/sheet1.xml"));
	free(list);
	reply_free(&r);
	/* the office sees the 审计局's drafts marked as such */
	r = get("/units/3/sheet.pdf", office.token);
	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, "%PDF-", 5);
	char *text = squash(pdf_text(save_body(&r, "office-sheet.pdf"), 0));
	assert_non_null(strstr(text, "区审计局"));
	assert_non_null(strstr(text, "草稿（不计）"));
	free(text);
	reply_free(&r);
	/* its clerk sees none of them (unit_sees_assessor: final) */
	r = get("/units/3/sheet.pdf", clerk.token);
	assert_int_equal(r.status, 200);
	text = squash(pdf_text(save_body(&r, "clerk-sheet.pdf"), 0));
	assert_non_null(strstr(text, "区审计局"));
	assert_null(strstr(text, "草稿"));
	free(text);
	reply_free(&r);
	/* another unit's papers, and the office's, are not the clerk's */
	static const char *const refused[] = {"/units/6/sheet.pdf", "/units/6/ledger.xlsx", "/units/6/due.pdf",
					      "/ranking.pdf", "/due/reminders.pdf", "/cases/listing.xlsx"};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		r = get(refused[i], clerk.token);
		if (r.status != 403 && r.status != 404)
			fail_msg("a unit's clerk got %s: %d", refused[i], r.status);
		reply_free(&r);
	}
	/* its own 催办单 and ledger it may take */
	r = get("/units/3/due.pdf", clerk.token);
	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, "%PDF-", 5);
	reply_free(&r);
	r = get("/units/3/ledger.xlsx", clerk.token);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	/* the district page's heat map: a rate cell for each unit and criterion
	 * with a counted score, as many as the criteria report counts */
	r = get("/district", office.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "各单位各测评内容得分率"));
	int cells = 0;
	for (const char *p = r.body; (p = strstr(p, "class=\"cell c4\"")); p++)
		cells++;
	json_t *crit = json_of((const char *const[]){"report", "criteria", "--format", "json", NULL});
	int scored = 0;
	size_t i;
	json_t *row;
	json_array_foreach(crit, i, row) {
		if (json_number_value(json_object_get(row, "max_points")) > 0)
			scored += (int)json_integer_value(json_object_get(row, "scored"));
	}
	assert_true(scored > 0);
	assert_int_equal(cells, scored);
	json_decref(crit);
	reply_free(&r);
	/* a case that is not there */
	r = get("/cases/9999/notice.pdf", office.token);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	session_free(&office);
	session_free(&clerk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ranking_workbook_reads_as_the_json_report, demo_store, drop_store),
		cmocka_unit_test_setup_teardown(test_unit_sheet_workbook_reads_as_the_json_report, demo_store, drop_store),
		cmocka_unit_test_setup_teardown(test_more_workbooks_read_as_their_json, demo_store, drop_store),
		cmocka_unit_test_setup_teardown(test_ranking_pdf_is_a4_with_embedded_cjk_names_and_page_numbers, demo_store,
						drop_store),
		cmocka_unit_test_setup_teardown(test_reminders_one_paper_a_unit_with_overdue_in_words, demo_store, drop_store),
		cmocka_unit_test_setup_teardown(test_case_notice_carries_the_office_settings, demo_store, drop_store),
		cmocka_unit_test_setup_teardown(test_paper_refusals_name_the_flag_and_leave_no_file, demo_store, drop_store),
		cmocka_unit_test_setup_teardown(test_every_paper_is_written_in_both_formats, demo_store, drop_store),
		cmocka_unit_test_setup_teardown(test_web_downloads_the_papers_and_keeps_units_apart, demo_store, drop_store),
		cmocka_unit_test_setup_teardown(test_web_score_template_is_the_readers_kind, demo_store, drop_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
