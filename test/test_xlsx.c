/* test_xlsx.c — the Excel workbook of a paper (src/io/xlsx.c), read back
 * by a real reader: LibreOffice headless converts every sheet to CSV with
 * text cells quoted (so a number written as text shows), and the values
 * are compared with what the doc holds; the workbook's XML (through
 * libzip) shows the sheet names, the types of the cells and the print
 * setup; failures are errors, not crashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <zip.h>

#include "io/doc.h"
#include "testutil.h"

/* ---- the papers ---------------------------------------------------------- */

#define LONG_NAME "a/b:c*d?e[f]g\\h各单位2024年度文明创建工作实地测评结果汇总表"
/* LONG_NAME with Excel's refused characters in full-width form, cut to 31 */
#define LONG_SAFE "a／b：c＊d？e【f】g＼h各单位2024年度文明创建工作实"
/* the same name again: cut to 28 characters to make room for （2） */
#define LONG_SAFE2 "a／b：c＊d？e【f】g＼h各单位2024年度文明创建（2）"

static const struct doc_heading heading = {
	.office = "某某区创建工作领导小组办公室",
	.number = "创建办〔2024〕3号",
	.title = "实地测评表",
	.subtitle = "2024年全国文明城区创建",
};

static const struct doc_column cols[] = {
	{"序号", 3, false}, {"测评内容", 14, true}, {"得分", 4, false}, {"得分率", 5, false},
	{"台账", 3, false}, {"备注", 8, false},     {"提交时间", 10, false},
};
#define NCOLS 7

/* A paper of every kind of cell, four more tables whose names need making
 * safe, and a notice without a table. */
static struct doc *sample(void)
{
	struct doc *d = doc_new("2024年实地测评结果");
	doc_set_author(d, "某某区创建工作领导小组办公室");
	doc_set_footer(d, "某某区创建办 & 测评组");
	d->landscape = true;
	doc_heading(d, &heading);
	doc_fields(d, (struct doc_field[]){{"单位", "区教育局"}, {"测评日期", "2024年7月29日"}}, 2);
	struct doc_table *t = doc_table(d, "测评表", cols, NCOLS);
	doc_group(d, t, 1, "一、公共秩序");
	doc_group(d, t, 2, "（一）交通秩序");
	doc_row(d, t,
		(struct doc_cell[]){
			{CELL_INT, NULL, 1, 0, 0},
			{CELL_TEXT, "路口无乱停放, \"车辆\"有序停放，非机动车停放整齐划一，无占用盲道现象", 0, FILL_GREEN, DOC_BOLD},
			{CELL_POINTS, NULL, 35, 0, 0},
			{CELL_PERCENT, NULL, 985, FILL_RED, 0},
			{CELL_BOOL, NULL, 1, 0, 0},
			{CELL_TEXT, "=1+1", 0, FILL_YELLOW, 0},
			{CELL_TIME, "2024-07-29T08:00:00Z", 8 * 3600, 0, 0},
		});
	doc_row(d, t,
		(struct doc_cell[]){
			{CELL_INT, NULL, 2, 0, 0},
			{CELL_TEXT, "-5 分", 0, 0, 0},
			{CELL_POINTS, NULL, 40, 0, 0},
			{CELL_PERCENT, NULL, 1000, 0, 0},
			{CELL_BOOL, NULL, 0, 0, 0},
			{CELL_NULL, NULL, 0, FILL_GREY, 0},
			{CELL_TEXT, "+86 @某人", 0, 0, 0},
		});
	doc_group(d, t, 1, "二、环境卫生");
	doc_row(d, t,
		(struct doc_cell[]){
			{CELL_INT, NULL, 3, 0, 0},
			{CELL_TEXT, "背街小巷无卫生死角", 0, 0, 0},
			{CELL_POINTS, NULL, 0, 0, 0},
			{CELL_PERCENT, NULL, 0, 0, 0},
			{CELL_NULL, NULL, 0, 0, 0},
			{CELL_TEXT, "@user", 0, 0, 0},
			{CELL_NULL, NULL, 0, 0, 0},
		});
	doc_total(d, t,
		  (struct doc_cell[]){
			  {CELL_TEXT, "合计", 0, 0, 0},
			  {CELL_NULL, NULL, 0, 0, 0},
			  {CELL_POINTS, NULL, 75, 0, 0},
			  {CELL_PERCENT, NULL, 992, 0, 0},
			  {CELL_NULL, NULL, 0, 0, 0},
			  {CELL_NULL, NULL, 0, 0, 0},
			  {CELL_NULL, NULL, 0, 0, 0},
		  });
	doc_para(d, "注：得分率按满分计算。", true);
	doc_sign(d, (struct doc_field[]){{"测评人", ""}, {"审核人", "李四"}}, 2);

	/* the field line before a second table of the paper is that table's */
	doc_fields(d, (struct doc_field[]){{"单位", "区卫健委"}}, 1);
	struct doc_cell one[NCOLS] = {{CELL_INT, NULL, 7, 0, 0}, {CELL_TEXT, "医院周边秩序", 0, 0, 0}};
	for (int i = 2; i < NCOLS; i++)
		one[i].type = CELL_NULL;
	doc_row(d, doc_table(d, "测评表", cols, NCOLS), one); /* a name used already */
	doc_table(d, LONG_NAME, cols, NCOLS);                  /* too long, with []:*?/\ */
	doc_table(d, LONG_NAME, cols, NCOLS);                  /* and again */
	doc_table(d, "", cols, NCOLS);                         /* none */
	doc_table(d, "'History'", cols, NCOLS);                /* Excel's own name, in apostrophes */
	doc_chart(d, chart_bars("得分率", 1000));               /* omitted */
	doc_break(d);

	doc_heading(d, &(struct doc_heading){.title = "督办通知书", .recipient = "区教育局：", .date = "2024年7月29日"});
	doc_para(d, "经测评，你单位以下问题需限期整改。", true);
	doc_para_right(d, "某某区创建办");
	return d;
}

static const char *const sample_sheets[] = {
	"测评表", "测评表（2）", LONG_SAFE, LONG_SAFE2, "表5", "History（2）", "督办通知书",
};
#define NSHEETS (sizeof sample_sheets / sizeof *sample_sheets)

/* Writes D with doc_write_xlsx to PATH; fails the test on an error. */
static void write_xlsx(const struct doc *d, const char *path)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	struct kp_error e = {0};
	int rc = doc_write_xlsx(d, f, &e);
	if (rc)
		fail_msg("doc_write_xlsx: %s", e.msg);
	assert_int_equal(fclose(f), 0);
}

/* ---- LibreOffice: soffice_csv and csv_parse are in testutil ---- */

/* What a sheet should read as: rows of NCOLS fields each. */
struct want {
	struct csv c;
	int ncols;
};

static struct csv_field *want_row(struct want *w)
{
	w->c.rows = xrealloc(w->c.rows, (size_t)(w->c.n + 1) * sizeof *w->c.rows);
	struct csv_row *r = &w->c.rows[w->c.n++];
	r->n = w->ncols;
	r->f = xcalloc((size_t)w->ncols, sizeof *r->f);
	for (int i = 0; i < w->ncols; i++)
		r->f[i].s = xstrdup("");
	return r->f;
}

/* A merged row: TEXT in the first cell (quoted), the others empty. */
static void want_line(struct want *w, const char *text)
{
	struct csv_field *f = want_row(w);
	free(f[0].s);
	f[0] = (struct csv_field){xstrdup(text), true};
}

static void want_empty(struct want *w)
{
	want_row(w);
}

/* The header row and every row of T as the doc holds them: numbers bare,
 * text in quotes, empty cells empty. */
static void want_table(struct want *w, const struct doc_table *t)
{
	struct csv_field *f = want_row(w);
	for (int i = 0; i < t->ncols; i++) {
		free(f[i].s);
		f[i] = (struct csv_field){xstrdup(t->cols[i].header), true};
	}
	for (int r = 0; r < t->nrows; r++) {
		const struct doc_row *row = &t->rows[r];
		if (row->kind == DOC_ROW_GROUP) {
			want_line(w, row->text);
			continue;
		}
		f = want_row(w);
		for (int i = 0; i < t->ncols; i++) {
			const struct doc_cell *c = &row->cells[i];
			char buf[64];
			const char *s = doc_cell_text(c, buf, sizeof buf);
			bool number = c->type == CELL_INT || c->type == CELL_POINTS || c->type == CELL_PERCENT;
			free(f[i].s);
			f[i] = (struct csv_field){xstrdup(s), !number && *s};
		}
	}
}

/* Compares the CSV LibreOffice wrote for SHEET of BASE.xlsx in DIR with W. */
static void check_sheet(const char *dir, const char *base, const char *sheet, struct want *w)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s-%s.csv", dir, base, sheet);
	struct csv got = csv_parse(path);
	for (int r = 0; r < w->c.n || r < got.n; r++) {
		if (r >= got.n)
			fail_msg("%s: row %d missing (want \"%s\", …)", sheet, r + 1, w->c.rows[r].f[0].s);
		if (r >= w->c.n)
			fail_msg("%s: extra row %d (\"%s\", …)", sheet, r + 1, got.rows[r].f[0].s);
		const struct csv_row *g = &got.rows[r], *x = &w->c.rows[r];
		if (g->n != x->n)
			fail_msg("%s: row %d has %d cells, want %d", sheet, r + 1, g->n, x->n);
		for (int i = 0; i < x->n; i++) {
			if (strcmp(g->f[i].s, x->f[i].s) != 0)
				fail_msg("%s: row %d cell %d reads \"%s\", want \"%s\"", sheet, r + 1, i + 1, g->f[i].s,
					 x->f[i].s);
			if (g->f[i].quoted != x->f[i].quoted)
				fail_msg("%s: row %d cell %d (\"%s\") is %s, want %s", sheet, r + 1, i + 1, g->f[i].s,
					 g->f[i].quoted ? "text" : "a number or empty",
					 x->f[i].quoted ? "text" : "a number or empty");
		}
	}
	csv_free(&got);
	csv_free(&w->c);
	memset(&w->c, 0, sizeof w->c);
}

/* ---- the workbook's XML ------------------------------------------------ */

/* The file NAME inside the zip at PATH (NUL-terminated; caller frees). */
static char *zip_entry(const char *path, const char *name)
{
	int err = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &err);
	if (!z)
		fail_msg("%s is not a zip file (libzip error %d)", path, err);
	zip_stat_t st;
	if (zip_stat(z, name, 0, &st) != 0)
		fail_msg("%s has no %s", path, name);
	zip_file_t *f = zip_fopen(z, name, 0);
	assert_non_null(f);
	char *text = xmalloc((size_t)st.size + 1);
	assert_int_equal(zip_fread(f, text, st.size), (zip_int64_t)st.size);
	text[st.size] = 0;
	zip_fclose(f);
	zip_close(z);
	return text;
}

/* The element <c r="REF" …>…</c> of SHEET_XML (caller frees). */
static char *cell_xml(const char *sheet_xml, const char *ref)
{
	char *open = xasprintf("<c r=\"%s\"", ref);
	const char *p = strstr(sheet_xml, open);
	free(open);
	if (!p)
		fail_msg("no cell %s in the sheet", ref);
	const char *end = strstr(p, "</c>");
	const char *empty = strstr(p, "/>");
	const char *gt = strchr(p, '>');
	if (empty && empty < gt)
		end = empty;
	assert_non_null(end);
	return xstrndup(p, (size_t)(end - p) + 4);
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* ---- the tests --------------------------------------------------------- */

static void test_xlsx_libreoffice_reads_every_value_as_the_doc_holds_it(void **state)
{
	(void)state;
	const char *dir = scratch_dir();
	char *xlsx = xasprintf("%s/paper.xlsx", dir), *out = xasprintf("%s/csv", dir);
	struct doc *d = sample();
	write_xlsx(d, xlsx);
	soffice_csv(xlsx, out);

	const struct doc_table *tables[6];
	int nt = 0;
	for (int i = 0; i < d->nblocks; i++)
		if (d->blocks[i].kind == DOC_TABLE)
			tables[nt++] = d->blocks[i].table;
	assert_int_equal(nt, 6);

	struct want w = {.ncols = NCOLS};
	want_line(&w, "实地测评表");
	want_line(&w, "2024年全国文明城区创建");
	want_line(&w, "某某区创建工作领导小组办公室　　创建办〔2024〕3号");
	want_line(&w, "单位：区教育局　　测评日期：2024年7月29日");
	want_table(&w, tables[0]);
	want_line(&w, "　　注：得分率按满分计算。");
	want_empty(&w);
	want_line(&w, "测评人：__________　　　　审核人：李四");
	check_sheet(out, "paper", "测评表", &w);

	for (int k = 1; k < nt; k++) {
		want_line(&w, "实地测评表");
		want_line(&w, "2024年全国文明城区创建");
		want_line(&w, "某某区创建工作领导小组办公室　　创建办〔2024〕3号");
		if (k == 1)
			want_line(&w, "单位：区卫健委");
		want_table(&w, tables[k]);
		check_sheet(out, "paper", sample_sheets[k], &w);
	}

	w.ncols = 1;
	want_line(&w, "督办通知书");
	want_line(&w, "区教育局：");
	want_line(&w, "　　经测评，你单位以下问题需限期整改。");
	want_line(&w, "某某区创建办");
	want_line(&w, "2024年7月29日");
	check_sheet(out, "paper", "督办通知书", &w);

	doc_free(d);
	free(xlsx);
	free(out);
}

static void test_xlsx_sheet_names_are_safe_unique_and_chinese(void **state)
{
	(void)state;
	const char *dir = scratch_dir();
	char *xlsx = xasprintf("%s/paper.xlsx", dir);
	struct doc *d = sample();
	write_xlsx(d, xlsx);
	char *wb = zip_entry(xlsx, "xl/workbook.xml");
	const char *p = wb;
	char *names[16];
	size_t n = 0;
	while ((p = strstr(p, "<sheet name=\"")) != NULL) {
		p += strlen("<sheet name=\"");
		const char *q = strchr(p, '"');
		assert_true(n < 16);
		names[n++] = xstrndup(p, (size_t)(q - p));
		p = q;
	}
	assert_int_equal(n, NSHEETS);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(names[i], sample_sheets[i]);
		assert_true(utf8_chars(names[i]) <= 31);
		assert_null(strpbrk(names[i], "[]:*?/\\"));
		for (size_t j = 0; j < i; j++)
			assert_int_not_equal(strcasecmp(names[i], names[j]), 0);
	}
	assert_int_equal(utf8_chars(LONG_SAFE), 31);
	/* the header row is repeated on every printed page */
	assert_non_null(strstr(wb, "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'测评表'!$5:$5</definedName>"));
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(wb);
	doc_free(d);
	free(xlsx);
}

static void test_xlsx_numbers_are_numbers_and_text_is_never_a_formula(void **state)
{
	(void)state;
	const char *dir = scratch_dir();
	char *xlsx = xasprintf("%s/paper.xlsx", dir);
	struct doc *d = sample();
	write_xlsx(d, xlsx);
	char *sheet = zip_entry(xlsx, "xl/worksheets/sheet1.xml");
	/* rows 8, 9 and 11 hold the table's cells (1 | text | 3.5 | 98.5% | 是 | =1+1 | time), 12 the total */
	static const struct {
		const char *ref, *value; /* value NULL: a shared string */
	} cells[] = {
		{"A8", "1"}, {"C8", "3.5"}, {"D8", "0.985"}, {"C9", "4"}, {"D9", "1"}, {"C12", "7.5"},
		{"D12", "0.992"}, {"B8", NULL}, {"F8", NULL}, {"B9", NULL}, {"G9", NULL}, {"F11", NULL},
	};
	for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
		char *c = cell_xml(sheet, cells[i].ref);
		if (cells[i].value) {
			char *v = xasprintf("<v>%s</v>", cells[i].value);
			if (strstr(c, " t=\"") || !strstr(c, v))
				fail_msg("%s should be the number %s: %s", cells[i].ref, cells[i].value, c);
			free(v);
		} else if (!strstr(c, " t=\"s\"")) {
			fail_msg("%s should be text: %s", cells[i].ref, c);
		}
		free(c);
	}
	for (int k = 1; k <= (int)NSHEETS; k++) {
		char *name = xasprintf("xl/worksheets/sheet%d.xml", k);
		char *x = zip_entry(xlsx, name);
		if (strstr(x, "<f>") || strstr(x, "<f "))
			fail_msg("%s holds a formula", name);
		free(x);
		free(name);
	}
	char *strings = zip_entry(xlsx, "xl/sharedStrings.xml");
	assert_non_null(strstr(strings, "<t>=1+1</t>"));
	free(strings);

	/* frozen below the header; A4 landscape, one page wide, centred, numbered */
	assert_non_null(strstr(sheet, "<pane ySplit=\"5\" topLeftCell=\"A6\" activePane=\"bottomLeft\" state=\"frozen\"/>"));
	assert_non_null(strstr(sheet, "<printOptions horizontalCentered=\"1\"/>"));
	assert_non_null(strstr(sheet, "paperSize=\"9\""));
	assert_non_null(strstr(sheet, "orientation=\"landscape\""));
	assert_non_null(strstr(sheet, "fitToHeight=\"0\""));
	assert_non_null(strstr(sheet, "<pageSetUpPr fitToPage=\"1\"/>"));
	assert_non_null(strstr(sheet, "<oddFooter>&amp;L某某区创建办 &amp;&amp; 测评组&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter>"));
	/* the columns fit Chinese: 测评内容 is 14 characters, 14 * 2.2 + 1 units
	 * (31.8, which libxlsxwriter rounds to whole pixels as Excel does) */
	assert_non_null(strstr(sheet, "<col min=\"2\" max=\"2\" width=\"32.5703125\""));
	/* the long 测评内容 of row 8 wraps: LibreOffice and WPS do not fit a
	 * row's height on opening, so the row says it (3 lines of 16 points) */
	assert_non_null(strstr(sheet, "<row r=\"8\" spans=\"1:7\" ht=\"48\" customHeight=\"1\">"));
	assert_non_null(strstr(sheet, "<row r=\"9\" spans=\"1:7\">"));
	char *props = zip_entry(xlsx, "docProps/core.xml");
	assert_non_null(strstr(props, "<dc:title>2024年实地测评结果</dc:title>"));
	assert_non_null(strstr(props, "<dc:creator>某某区创建工作领导小组办公室</dc:creator>"));
	free(props);
	free(sheet);
	doc_free(d);
	free(xlsx);
}

static void test_xlsx_without_tables_is_still_a_workbook(void **state)
{
	(void)state;
	const char *dir = scratch_dir();
	char *notice = xasprintf("%s/notice.xlsx", dir), *empty = xasprintf("%s/empty.xlsx", dir);
	char *out = xasprintf("%s/csv", dir);
	struct doc *d = doc_new("催办单");
	doc_heading(d, &(struct doc_heading){.title = "催办单", .subtitle = "区教育局"});
	doc_fields(d, (struct doc_field[]){{"截止日期", "2024年8月1日"}, {"联系人", "张三"}}, 2);
	doc_para(d, "请于截止日期前上传台账材料。", false);
	write_xlsx(d, notice);
	doc_free(d);
	d = doc_new("空白");
	write_xlsx(d, empty);
	doc_free(d);

	soffice_csv(notice, out);
	struct want w = {.ncols = 1};
	want_line(&w, "催办单");
	want_line(&w, "区教育局");
	want_line(&w, "截止日期：2024年8月1日　　联系人：张三");
	want_line(&w, "请于截止日期前上传台账材料。");
	check_sheet(out, "notice", "催办单", &w);

	soffice_csv(empty, out);
	char *path = xasprintf("%s/empty-空白.csv", out);
	struct stat st;
	if (stat(path, &st) != 0)
		fail_msg("LibreOffice read no sheet 空白 from an empty doc's workbook");
	free(path);
	free(notice);
	free(empty);
	free(out);
}

/* Runs doc_write_xlsx on a small doc into OUT with TMPDIR set to TMP;
 * returns its result and the error in *E. */
static int write_with_tmpdir(const char *tmp, FILE *out, struct kp_error *e)
{
	char *saved = getenv("TMPDIR") ? xstrdup(getenv("TMPDIR")) : NULL;
	setenv("TMPDIR", tmp, 1);
	struct doc *d = doc_new("表");
	doc_row(d, doc_table(d, "表", cols, NCOLS),
		(struct doc_cell[NCOLS]){{CELL_TEXT, "x", 0, 0, 0}, {CELL_NULL, NULL, 0, 0, 0}});
	int rc = doc_write_xlsx(d, out, e);
	doc_free(d);
	if (saved) {
		setenv("TMPDIR", saved, 1);
		free(saved);
	} else {
		unsetenv("TMPDIR");
	}
	return rc;
}

static void test_xlsx_failures_are_errors_and_leave_no_temporary_file(void **state)
{
	(void)state;
	const char *dir = scratch_dir();
	char *tmp = xasprintf("%s/tmp", dir), *path = xasprintf("%s/out.xlsx", dir);
	assert_int_equal(mkdir(tmp, 0700), 0);

	/* a temporary directory that is not there */
	FILE *f = fopen(path, "wb");
	struct kp_error e = {0};
	char *missing = xasprintf("%s/no-such-dir", dir);
	assert_int_equal(write_with_tmpdir(missing, f, &e), KP_EFAIL);
	assert_int_equal(e.code, KP_EFAIL);
	assert_non_null(strstr(e.msg, "no-such-dir"));
	fclose(f);
	free(missing);

	/* a full disk under OUT */
	f = fopen("/dev/full", "wb");
	if (f) {
		memset(&e, 0, sizeof e);
		assert_int_equal(write_with_tmpdir(tmp, f, &e), KP_EFAIL);
		assert_non_null(strstr(e.msg, "writing the workbook"));
		fclose(f);
		assert_int_equal(files_under(tmp), 0);
	}

	/* and when it works, the temporary file is gone as well */
	f = fopen(path, "wb");
	memset(&e, 0, sizeof e);
	assert_int_equal(write_with_tmpdir(tmp, f, &e), 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(files_under(tmp), 0);
	size_t len;
	char *bytes = read_file(path, &len);
	assert_true(len > 1000);
	assert_memory_equal(bytes, "PK\3\4", 4);
	free(bytes);
	free(tmp);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsx_libreoffice_reads_every_value_as_the_doc_holds_it),
		cmocka_unit_test(test_xlsx_sheet_names_are_safe_unique_and_chinese),
		cmocka_unit_test(test_xlsx_numbers_are_numbers_and_text_is_never_a_formula),
		cmocka_unit_test(test_xlsx_without_tables_is_still_a_workbook),
		cmocka_unit_test(test_xlsx_failures_are_errors_and_leave_no_temporary_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
