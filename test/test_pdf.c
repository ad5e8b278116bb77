/* test_pdf.c — the PDF renderer (src/io/pdf.c) read back by a real reader:
 * poppler's pdfinfo (A4, page count, metadata), pdffonts (Noto CJK
 * embedded) and pdftotext (the words, page numbers and repeated table
 * headers on each page; what lands on which page). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "io/doc.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------ */

/* Everything CMD prints on stdout (caller frees); fails the test when it
 * does not exit 0. */
static char *sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	FILE *f = popen(cmd, "r");
	assert_non_null(f);
	size_t len = 0, cap = 4096;
	char *out = malloc(cap);
	size_t n;
	while ((n = fread(out + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 2)
			out = realloc(out, cap *= 2);
	}
	out[len] = 0;
	int st = pclose(f);
	if (st != 0)
		fail_msg("%s: exit %d", cmd, st);
	return out;
}

/* Renders D to a scratch file NAME and frees D; returns the path. */
static const char *render(struct doc *d, const char *name)
{
	const char *path = scratch_path(name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	struct kp_error e = {0};
	int rc = doc_write_pdf(d, f, &e);
	if (rc)
		fail_msg("doc_write_pdf: %s", e.msg);
	assert_int_equal(fclose(f), 0);
	doc_free(d);
	return path;
}

/* The value of pdfinfo's line KEY (without the spaces before it). */
static char *info_field(const char *path, const char *key)
{
	char *info = sh("pdfinfo '%s'", path);
	char want[64];
	snprintf(want, sizeof want, "\n%s:", key);
	const char *p = strstr(info, want);
	if (!p && strncmp(info, want + 1, strlen(want + 1)) == 0)
		p = info - 1;
	if (!p)
		fail_msg("no %s in pdfinfo:\n%s", key, info);
	p += strlen(want);
	p += strspn(p, " ");
	char *v = strndup(p, strcspn(p, "\n"));
	free(info);
	return v;
}

static void assert_info(const char *path, const char *key, const char *want)
{
	char *v = info_field(path, key);
	assert_string_equal(v, want);
	free(v);
}

static int pages(const char *path)
{
	char *info = sh("pdfinfo '%s'", path);
	const char *p = strstr(info, "\nPages:");
	assert_non_null(p);
	int n = atoi(p + strlen("\nPages:"));
	free(info);
	return n;
}

/* The text of page N (pdftotext -layout). */
static char *page_text(const char *path, int n)
{
	return sh("pdftotext -layout -f %d -l %d '%s' -", n, n, path);
}

static void assert_has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("\"%s\" not found in:\n%s", want, text);
}

/* Every page says "第 N 页 共 M 页" with M the page count. */
static void assert_page_numbers(const char *path)
{
	int m = pages(path);
	for (int i = 1; i <= m; i++) {
		char *t = page_text(path, i);
		char want[64];
		snprintf(want, sizeof want, "第 %d 页 共 %d 页", i, m);
		assert_has(t, want);
		free(t);
	}
}

static struct doc_cell text_cell(const char *s)
{
	return (struct doc_cell){.type = CELL_TEXT, .s = s};
}

static struct doc_cell num_cell(enum cell_type t, long long v)
{
	return (struct doc_cell){.type = t, .v = v};
}

/* A 汇总排名 of N units: 名次, 单位, 得分, 得分率, 等级 (red for the last). */
static struct doc *ranking(int n, bool sign)
{
	struct doc *d = doc_new("某某区文明城区创建测评汇总排名");
	doc_set_author(d, "某某区创建工作领导小组办公室");
	doc_set_footer(d, "某某区创建办 2024年度测评");
	doc_heading(d, &(struct doc_heading){.title = "测评汇总排名", .subtitle = "2024年度文明城区创建", .date = "2024年7月29日"});
	static const struct doc_column cols[] = {
		{"名次", 3, false}, {"单位", 14, true}, {"得分", 5, false}, {"得分率", 5, false}, {"等级", 4, false},
	};
	struct doc_table *t = doc_table(d, "排名", cols, 5);
	for (int i = 1; i <= n; i++) {
		char unit[64];
		snprintf(unit, sizeof unit, "第%d单位（区直机关）", i);
		struct doc_cell row[5] = {
			num_cell(CELL_INT, i), text_cell(unit), num_cell(CELL_POINTS, 1000 - i % 100),
			num_cell(CELL_PERCENT, 1000 - i % 100), text_cell(i % 10 == 0 ? "红" : "绿"),
		};
		row[4].fill = i % 10 == 0 ? FILL_RED : FILL_GREEN;
		doc_row(d, t, row);
	}
	if (sign)
		doc_sign(d, (const struct doc_field[]){{"测评人", ""}, {"复核人", ""}, {"负责人", ""}}, 3);
	return d;
}

/* ---- tests ---------------------------------------------------------------- */

/* Runs first, in a child, before the test process has loaded any font: with
 * fontconfig seeing no fonts the renderer refuses and names the package. */
static void test_missing_noto_font_is_an_error_naming_the_debian_package(void **state)
{
	(void)state;
	scratch_dir();
	const char *conf = scratch_path("fonts.conf");
	const char *empty = "<?xml version=\"1.0\"?>\n<fontconfig><cachedir>/nonexistent</cachedir></fontconfig>\n";
	write_file(conf, empty, strlen(empty));
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		setenv("FONTCONFIG_FILE", conf, 1);
		struct doc *d = doc_new("t");
		doc_para(d, "测试", false);
		FILE *f = fopen("/dev/null", "wb");
		struct kp_error e = {0};
		int rc = doc_write_pdf(d, f, &e);
		fclose(f);
		doc_free(d);
		if (rc == KP_EFAIL && strstr(e.msg, "fonts-noto-cjk"))
			_exit(0);
		fprintf(stderr, "rc %d: %s\n", rc, e.msg);
		_exit(1);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void test_notice_is_a4_with_noto_cjk_embedded_and_metadata(void **state)
{
	(void)state;
	scratch_dir();
	struct doc *d = doc_new("挂牌督办通知书");
	doc_set_author(d, "某某区创建工作领导小组办公室");
	doc_heading(d, &(struct doc_heading){
			       .office = "某某区创建工作领导小组办公室",
			       .number = "创建办督〔2024〕3号",
			       .title = "挂牌督办通知书",
			       .recipient = "区教育局：",
			       .date = "2024年7月29日",
		       });
	doc_para(d, "经查，你单位在2024年度文明城区创建测评中，“未成年人思想道德建设”项目得分率低于60%，"
		    "现予挂牌督办。请于2024年8月15日前完成整改，并将整改情况书面报送区创建办。",
		 true);
	doc_fields(d, (const struct doc_field[]){{"联系人", "张三"}, {"联系电话", "0571-12345678"}}, 2);
	doc_sign(d, (const struct doc_field[]){{"签收人", ""}, {"签收日期", ""}}, 2);
	const char *path = render(d, "notice.pdf");

	assert_info(path, "Page size", "595.28 x 841.89 pts (A4)");
	assert_info(path, "Pages", "1");
	assert_info(path, "Title", "挂牌督办通知书");
	assert_info(path, "Author", "某某区创建工作领导小组办公室");
	assert_info(path, "Creator", "kaoping");

	char *fonts = sh("pdffonts '%s'", path);
	assert_has(fonts, "NotoSerifCJK");
	assert_has(fonts, "NotoSansCJK");
	/* every font listed (after the two header lines) is embedded */
	int listed = 0;
	for (char *l = strchr(strchr(fonts, '\n') + 1, '\n'); l && l[1]; l = strchr(l + 1, '\n')) {
		char name[256], type[64], enc[64], emb[8];
		if (sscanf(l + 1, "%255s %63s %63s", name, type, enc) != 3)
			continue;
		/* "CID Type 0C" has spaces: find the emb column as the first yes/no */
		const char *p = strstr(l + 1, " yes ") ? strstr(l + 1, " yes ") : strstr(l + 1, " no ");
		assert_non_null(p);
		sscanf(p, "%7s", emb);
		assert_string_equal(emb, "yes");
		listed++;
	}
	assert_true(listed >= 2);
	free(fonts);

	char *t = page_text(path, 1);
	assert_has(t, "某某区创建工作领导小组办公室");
	assert_has(t, "创建办督〔2024〕3号");
	assert_has(t, "挂牌督办通知书");
	assert_has(t, "区教育局：");
	assert_has(t, "现予挂牌督办");
	assert_has(t, "联系人：张三");
	assert_has(t, "签收人：");
	assert_has(t, "2024年7月29日");
	assert_has(t, "第 1 页 共 1 页");
	/* the date comes after the body */
	assert_true(strstr(t, "2024年7月29日") > strstr(t, "签收人"));
	free(t);
}

static void test_long_table_repeats_its_header_and_every_page_is_numbered(void **state)
{
	(void)state;
	scratch_dir();
	const char *path = render(ranking(200, false), "ranking.pdf");
	int m = pages(path);
	assert_true(m >= 4);
	for (int i = 1; i <= m; i++) {
		char *t = page_text(path, i);
		assert_has(t, "名次");
		assert_has(t, "得分率");
		assert_has(t, "等级");
		free(t);
	}
	assert_page_numbers(path);
	char *all = sh("pdftotext -layout '%s' -", path);
	assert_has(all, "测评汇总排名");
	assert_has(all, "第1单位（区直机关）");
	assert_has(all, "第200单位（区直机关）");
	assert_has(all, "99.9");   /* points */
	assert_has(all, "99.9%");  /* percent */
	assert_has(all, "某某区创建办 2024年度测评"); /* the footer */
	free(all);
	char *last = page_text(path, m);
	assert_has(last, "第200单位");
	assert_has(last, "2024年7月29日");
	free(last);
}

static void test_three_papers_separated_by_breaks_each_start_on_their_own_page(void **state)
{
	(void)state;
	scratch_dir();
	static const char *const units[] = {"区教育局", "区卫健局", "区城管局"};
	struct doc *d = doc_new("催办单");
	for (int i = 0; i < 3; i++) {
		if (i)
			doc_break(d);
		doc_heading(d, &(struct doc_heading){.office = "某某区创建工作领导小组办公室", .title = "催办单",
						     .recipient = doc_printf(d, "%s：", units[i]), .date = "2024年7月29日"});
		doc_para(d, doc_printf(d, "%s尚有3项台账资料逾期未报，请于3日内补报。", units[i]), true);
		doc_sign(d, (const struct doc_field[]){{"签收人", ""}}, 1);
	}
	const char *path = render(d, "papers.pdf");
	assert_int_equal(pages(path), 3);
	for (int i = 0; i < 3; i++) {
		char *t = page_text(path, i + 1);
		assert_has(t, "催办单");
		assert_has(t, units[i]);
		assert_has(t, "2024年7月29日");
		for (int j = 0; j < 3; j++)
			if (j != i)
				assert_null(strstr(t, units[j]));
		free(t);
	}
	assert_page_numbers(path);
}

/* Whatever the length of the table, the page with the signature block
 * also holds table rows (and the date). Scans one page's worth of lengths
 * so one of them ends the table right at the bottom of a page. */
static void test_sign_block_after_a_long_table_is_never_alone_on_its_page(void **state)
{
	(void)state;
	scratch_dir();
	int moved = 0;
	for (int n = 30; n <= 75; n++) {
		const char *path = render(ranking(n, true), "sign.pdf");
		int m = pages(path);
		for (int i = 1; i <= m; i++) {
			char *t = page_text(path, i);
			if (strstr(t, "测评人")) {
				char lastrow[64];
				snprintf(lastrow, sizeof lastrow, "第%d单位", n);
				if (!strstr(t, lastrow))
					fail_msg("%d rows: the signature on page %d without the last row:\n%s", n, i, t);
				assert_has(t, "复核人");
				assert_has(t, "2024年7月29日");
				assert_int_equal(i, m);
				if (!strstr(t, "第1单位（") && !strstr(t, "第2单位（"))
					moved++;
			}
			free(t);
		}
	}
	assert_true(moved > 0); /* some lengths did run over onto a second page */
}

static void test_charts_draw_their_labels_values_and_bands(void **state)
{
	(void)state;
	scratch_dir();
	struct doc *d = doc_new("创建测评得分率");
	doc_heading(d, &(struct doc_heading){.title = "各单位得分率"});
	struct chart *ch = chart_bars("得分率", 1000);
	chart_band(ch, 0, "不合格");
	chart_band(ch, 600, "合格");
	chart_band(ch, 800, "良好");
	chart_band(ch, 900, "优秀");
	chart_bar(ch, "区教育局", 925, "92.5 优秀");
	chart_bar(ch, "区卫健局", 781, NULL);
	chart_bar(ch, "区城管局", 455, "45.5 不合格");
	doc_chart(d, ch);
	static const char *const rows[] = {"区教育局", "区卫健局"};
	static const char *const cols[] = {"台账", "整改", "督查"};
	struct chart *hm = chart_heatmap("任务进度", rows, 2, cols, 3);
	chart_set(hm, 0, 0, CHART_GREEN, 0);
	chart_set(hm, 0, 1, CHART_YELLOW, 0);
	chart_set(hm, 0, 2, CHART_RED, 0);
	chart_set(hm, 1, 0, CHART_RATE, 875);
	doc_chart(d, hm);
	const char *path = render(d, "chart.pdf");
	assert_int_equal(pages(path), 1);
	char *t = page_text(path, 1);
	assert_has(t, "区教育局");
	assert_has(t, "区城管局");
	assert_has(t, "92.5 优秀");
	assert_has(t, "78.1%");
	assert_has(t, "良好");
	assert_has(t, "不合格");
	assert_has(t, "任务进度");
	assert_has(t, "台账");
	assert_has(t, "88");
	free(t);
}

static void test_wide_heatmap_turns_its_column_labels(void **state)
{
	(void)state;
	scratch_dir();
	struct doc *d = doc_new("任务进度");
	d->landscape = true;
	const char *rows[12], *cols[20];
	for (int i = 0; i < 12; i++)
		rows[i] = doc_printf(d, "第%d责任单位", i + 1);
	for (int j = 0; j < 20; j++)
		cols[j] = doc_printf(d, "任务%d：台账资料报送", j + 1);
	struct chart *hm = chart_heatmap("各单位任务进度", rows, 12, cols, 20);
	for (int i = 0; i < 12; i++)
		for (int j = 0; j < 20; j++)
			chart_set(hm, i, j, (enum chart_cell_kind)((i + j) % 5), (i * 20 + j) * 4);
	doc_chart(d, hm);
	const char *path = render(d, "heatmap.pdf");
	assert_int_equal(pages(path), 1);
	char *t = page_text(path, 1);
	assert_has(t, "各单位任务进度");
	assert_has(t, "第12责任单位");
	free(t);
	char *raw = sh("pdftotext -raw '%s' -", path);
	assert_has(raw, "任务20");
	free(raw);
}

static void test_tall_chart_is_kept_on_one_page(void **state)
{
	(void)state;
	scratch_dir();
	struct doc *d = doc_new("排名图");
	doc_para(d, "说明。", false);
	struct chart *ch = chart_bars("全省排名", 1000);
	for (int i = 0; i < 120; i++)
		chart_bar(ch, doc_printf(d, "单位%d", i + 1), 1000 - i * 5, NULL);
	doc_chart(d, ch);
	const char *path = render(d, "tall.pdf");
	/* 120 bars are taller than a page: scaled onto the second page */
	assert_int_equal(pages(path), 2);
	char *t = page_text(path, 2);
	assert_has(t, "单位1");
	assert_has(t, "单位120");
	free(t);
}

static void test_landscape_doc_is_a4_landscape(void **state)
{
	(void)state;
	scratch_dir();
	struct doc *d = ranking(10, false);
	d->landscape = true;
	const char *path = render(d, "landscape.pdf");
	assert_info(path, "Page size", "841.89 x 595.28 pts (A4)");
}

static void test_group_and_total_rows_and_long_cells(void **state)
{
	(void)state;
	scratch_dir();
	struct doc *d = doc_new("测评表");
	doc_heading(d, &(struct doc_heading){.title = "测评表", .subtitle = "区教育局"});
	doc_fields(d, (const struct doc_field[]){{"单位", "区教育局"}, {"测评日期", "2024年7月29日"}}, 2);
	static const struct doc_column cols[] = {{"测评内容", 16, true}, {"分值", 3, false}, {"得分", 3, false}, {"备注", 6, false}};
	struct doc_table *t = doc_table(d, "测评表", cols, 4);
	doc_group(d, t, 1, "一、未成年人思想道德建设");
	doc_group(d, t, 2, "（一）学校教育");
	doc_row(d, t, (const struct doc_cell[]){text_cell("开展社会主义核心价值观教育，建立健全德育工作机制，每学期至少组织两次主题活动，"
							 "并有活动方案、照片和总结等台账资料，资料齐全、真实、规范。"),
						num_cell(CELL_POINTS, 50), num_cell(CELL_POINTS, 35),
						text_cell("这一条备注很长很长很长很长很长很长很长很长很长很长很长，应当被截断")});
	doc_total(d, t, (const struct doc_cell[]){text_cell("合计"), num_cell(CELL_POINTS, 50), num_cell(CELL_POINTS, 35), {.type = CELL_NULL}});
	const char *path = render(d, "form.pdf");
	char *txt = page_text(path, 1);
	assert_has(txt, "一、未成年人思想道德建设");
	assert_has(txt, "（一）学校教育");
	assert_has(txt, "资料齐全"); /* the wrapped cell's end */
	assert_has(txt, "合计");
	assert_has(txt, "3.5");
	free(txt);
	/* the cut cell stays in its column (104 pt wide, ending at the right
	 * margin, 538.6 pt): its words are drawn as 这一条备注很长很… (the
	 * text layer keeps the whole text for searching) */
	char *box = sh("pdftotext -bbox '%s' - | grep '应当被截断'", path);
	double x0, y0, x1;
	assert_int_equal(sscanf(strstr(box, "xMin="), "xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\"", &x0, &y0, &x1), 3);
	assert_true(x1 <= 538.6);
	assert_true(x1 - x0 < 104);
	free(box);
}

static void test_empty_doc_and_empty_parts_give_one_numbered_page(void **state)
{
	(void)state;
	scratch_dir();
	const char *path = render(doc_new(NULL), "empty.pdf");
	assert_int_equal(pages(path), 1);
	assert_page_numbers(path);
	struct doc *d = doc_new("空表");
	doc_break(d); /* a break on an empty page adds no page */
	doc_heading(d, &(struct doc_heading){0});
	static const struct doc_column cols[] = {{"单位", 10, true}};
	doc_table(d, "空", cols, 1);
	doc_sign(d, NULL, 0);
	doc_chart(d, chart_bars(NULL, 10));
	doc_break(d);
	doc_break(d);
	path = render(d, "parts.pdf");
	assert_int_equal(pages(path), 1);
	char *t = page_text(path, 1);
	assert_has(t, "单位");
	free(t);
}

static void test_write_error_is_reported(void **state)
{
	(void)state;
	FILE *f = fopen("/dev/full", "wb");
	if (!f)
		skip();
	struct doc *d = ranking(50, true);
	struct kp_error e = {0};
	int rc = doc_write_pdf(d, f, &e);
	fclose(f);
	doc_free(d);
	assert_int_equal(rc, KP_EFAIL);
	assert_non_null(strstr(e.msg, "PDF"));
}

/* Figures, not an assertion on time: a province's ranking of 5,000 units. */
static void test_five_thousand_row_ranking_renders(void **state)
{
	(void)state;
	scratch_dir();
	struct timespec t0, t1;
	struct doc *d = ranking(5000, true);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	const char *path = render(d, "big.pdf");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	int m = pages(path);
	size_t len;
	free(read_file(path, &len));
	printf("# pdf: 5000 rows, %d pages, %.2f s (%.0f pages/s), %zu bytes\n", m, s, m / s, len);
	assert_true(m > 100);
	char *last = page_text(path, m);
	assert_has(last, "第5000单位");
	assert_has(last, "测评人");
	free(last);
}

/* The papers of doc_write_pdf_papers: the ranking of N rows, K times, and
 * then an error when FAIL_AT is reached. */
struct feed {
	int k, made, rows, fail_at;
};

static struct doc *next_paper(void *arg, struct kp_error *e)
{
	struct feed *f = arg;
	if (f->made == f->fail_at) {
		kp_fail(e, KP_EFAIL, "the store went away");
		return NULL;
	}
	if (f->made == f->k)
		return NULL;
	f->made++;
	return ranking(f->rows, true);
}

/* Papers drawn one at a time into one PDF: each numbered on its own, the
 * fonts embedded once; a failing source is an error. */
static void test_papers_one_at_a_time_are_numbered_each_on_their_own(void **state)
{
	(void)state;
	const char *path = scratch_path("papers.pdf");
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	struct feed feed = {3, 0, 60, -1};
	struct kp_error e = {0};
	if (doc_write_pdf_papers(next_paper, &feed, "三份", "某办", f, &e))
		fail_msg("doc_write_pdf_papers: %s", e.msg);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(feed.made, 3);
	int n = pages(path);
	assert_true(n >= 6 && n % 3 == 0); /* each paper over two or more pages, the same count */
	int per = n / 3;
	for (int p = 1; p <= n; p++) {
		char *t = page_text(path, p), want[64];
		snprintf(want, sizeof want, "第 %d 页 共 %d 页", (p - 1) % per + 1, per);
		assert_has(t, want);
		free(t);
	}
	char *fonts = sh("pdffonts '%s'", path);
	int faces = 0;
	for (const char *q = fonts; (q = strstr(q, "NotoSansCJK")); q++)
		faces++;
	assert_true(faces >= 1 && faces <= 2); /* regular and bold, not one set per paper */
	free(fonts);
	assert_info(path, "Title", "三份");
	/* a source that fails half-way: its error, and no file worth keeping */
	f = fopen(scratch_path("broken.pdf"), "wb");
	feed = (struct feed){3, 0, 5, 1};
	e = (struct kp_error){0};
	assert_int_equal(doc_write_pdf_papers(next_paper, &feed, "坏", NULL, f, &e), KP_EFAIL);
	assert_non_null(strstr(e.msg, "the store went away"));
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_noto_font_is_an_error_naming_the_debian_package),
		cmocka_unit_test(test_notice_is_a4_with_noto_cjk_embedded_and_metadata),
		cmocka_unit_test(test_long_table_repeats_its_header_and_every_page_is_numbered),
		cmocka_unit_test(test_three_papers_separated_by_breaks_each_start_on_their_own_page),
		cmocka_unit_test(test_sign_block_after_a_long_table_is_never_alone_on_its_page),
		cmocka_unit_test(test_charts_draw_their_labels_values_and_bands),
		cmocka_unit_test(test_wide_heatmap_turns_its_column_labels),
		cmocka_unit_test(test_tall_chart_is_kept_on_one_page),
		cmocka_unit_test(test_landscape_doc_is_a4_landscape),
		cmocka_unit_test(test_group_and_total_rows_and_long_cells),
		cmocka_unit_test(test_empty_doc_and_empty_parts_give_one_numbered_page),
		cmocka_unit_test(test_write_error_is_reported),
		cmocka_unit_test(test_five_thousand_row_ranking_renders),
		cmocka_unit_test(test_papers_one_at_a_time_are_numbered_each_on_their_own),
	};
	return cmocka_run_group_tests_name("pdf", tests, NULL, NULL);
}
