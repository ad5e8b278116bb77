/* test_docx.c — reading Word documents (src/io/docx.c) and the grids
 * their tables become (src/core/grid.c): merged cells both ways, rows that
 * start late or end early, paragraphs and line breaks in a cell, a table
 * inside a cell, what is not text (deleted revisions, field codes, a text
 * box's fallback), the paragraphs around the tables; every kind of broken
 * input as an error naming the part; and documents LibreOffice Writer
 * saves from an HTML table with rowspan and colspan, read back cell for
 * cell; a worksheet's merged ranges (src/io/xlsxread.c) likewise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zip.h>

#include "core/grid.h"
#include "io/docx.h"
#include "io/xlsxread.h"
#include "testutil.h"

/* Writes a zip at PATH holding word/document.xml = BODY (NULL: none) and
 * another part. */
static void docx_write(const char *path, const char *body)
{
	int err;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(z);
	static const char types[] = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
	zip_source_t *src = zip_source_buffer(z, types, strlen(types), 0);
	assert_true(zip_file_add(z, "[Content_Types].xml", src, ZIP_FL_ENC_UTF_8) >= 0);
	if (body) {
		src = zip_source_buffer(z, body, strlen(body), 0);
		assert_true(zip_file_add(z, "word/document.xml", src, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
}

#define DOC(body)                                                                                                     \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"                                                 \
	"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "                        \
	"xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>" body "</w:body></w:document>"
#define P(text) "<w:p><w:r><w:t>" text "</w:t></w:r></w:p>"
#define TC(props, body) "<w:tc><w:tcPr>" props "</w:tcPr>" body "</w:tc>"

/* The grid G as text: rows as lines, cells '|'-separated, a covered cell
 * as "<" (from the left) or "^" (from above), line breaks in a cell as
 * "/". */
static char *grid_show(const struct grid *g)
{
	struct strbuf b = {0};
	for (int i = 0; i < g->n; i++) {
		for (int k = 0; k < g->rows[i].n; k++) {
			const struct grid_cell *c = &g->rows[i].cells[k];
			if (k)
				sb_addc(&b, '|');
			if (c->cover == GRID_LEFT)
				sb_addc(&b, '<');
			else if (c->cover == GRID_UP)
				sb_addc(&b, '^');
			else
				for (const char *p = c->text; *p; p++)
					sb_addc(&b, *p == '\n' ? '/' : *p);
		}
		sb_addc(&b, '\n');
	}
	return b.s ? b.s : xstrdup("");
}

static void test_a_word_table_with_merges_both_ways(void **state)
{
	(void)state;
	const char *path = scratch_path("merges.docx");
	docx_write(path, DOC(P("附件2") P("测评细则")
		"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
		/* header: one cell over two columns */
		"<w:tr>" TC("", P("测评项目")) TC("<w:gridSpan w:val=\"2\"/>", P("测评内容")) TC("", P("分值")) "</w:tr>"
		/* an item cell going down two rows; two paragraphs and a line break in a cell */
		"<w:tr>" TC("<w:vMerge w:val=\"restart\"/>", P("一、组织领导（20分）"))
		TC("", "<w:p><w:r><w:t xml:space=\"preserve\">1. 成立领导小组 </w:t></w:r></w:p><w:p><w:r><w:t>①有文件</w:t><w:br/><w:t>②有分工</w:t></w:r></w:p>")
		TC("", P("每缺一项扣2分")) TC("", P("10")) "</w:tr>"
		"<w:tr>" TC("<w:vMerge/>", "<w:p/>")
		TC("", "<w:p><w:r><w:t>2.</w:t></w:r><w:r><w:tab/><w:t>制定方案</w:t></w:r></w:p>")
		TC("", "<w:p><w:r><w:delText>删掉的</w:delText><w:t>未制定不得分</w:t></w:r></w:p>")
		TC("", "<w:p><w:r><w:instrText> PAGE </w:instrText><w:t>10</w:t></w:r></w:p>") "</w:tr>"
		/* a row starting one column late and ending one early */
		"<w:tr><w:trPr><w:gridBefore w:val=\"1\"/><w:gridAfter w:val=\"1\"/></w:trPr>"
		TC("<w:gridSpan w:val=\"2\"/>", P("注：以上均需佐证")) "</w:tr>"
		"</w:tbl>" P("说明：总分100分")));
	struct docx d;
	struct kp_error e = {0};
	if (docx_read(path, NULL, 0, &d, &e))
		fail_msg("docx_read: %s", e.msg);
	assert_int_equal(d.ntables, 1);
	char *s = grid_show(&d.tables[0]);
	assert_string_equal(s, "测评项目|测评内容|<|分值\n"
			       "一、组织领导（20分）|1. 成立领导小组/①有文件/②有分工|每缺一项扣2分|10\n"
			       "^|2.\t制定方案|未制定不得分|10\n"
			       "|注：以上均需佐证|<|\n");
	free(s);
	const struct grid *g = &d.tables[0];
	assert_string_equal(grid_text(g, 2, 0), "一、组织领导（20分）"); /* the merge's text, from above */
	assert_string_equal(grid_text(g, 0, 2), "测评内容");             /* from the left */
	assert_true(grid_own(g, 1, 0) && !grid_own(g, 2, 0));
	assert_string_equal(grid_text(g, 9, 9), "");
	assert_int_equal(g->cols, 4);
	assert_int_equal(g->rows[3].line, 4);
	/* paragraphs and the table in document order */
	assert_int_equal(d.nblocks, 4);
	assert_string_equal(d.blocks[0].text, "附件2");
	assert_string_equal(d.blocks[1].text, "测评细则");
	assert_int_equal(d.blocks[2].table, 0);
	assert_int_equal(d.blocks[3].table, -1);
	assert_string_equal(d.blocks[3].text, "说明：总分100分");
	docx_free(&d);
}

static void test_a_table_in_a_cell_a_text_box_and_tab_stops(void **state)
{
	(void)state;
	const char *path = scratch_path("inner.docx");
	docx_write(path, DOC(
		"<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr><w:r><w:t>标题</w:t></w:r>"
		"<w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p>"
		"</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p>"
		"</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>续</w:t></w:r></w:p>"
		"<w:tbl><w:tr>" TC("", P("方法"))
		TC("", P("见下表") "<w:tbl><w:tr>" TC("", P("听取汇报")) TC("", P("1、2")) "</w:tr><w:tr>" TC("", P("查阅资料"))
		   TC("", P("3")) "</w:tr></w:tbl>" P("完"))
		"</w:tr></w:tbl>"));
	struct docx d;
	struct kp_error e = {0};
	if (docx_read(path, NULL, 0, &d, &e))
		fail_msg("docx_read: %s", e.msg);
	assert_int_equal(d.nblocks, 2);
	assert_string_equal(d.blocks[0].text, "标题框内续"); /* the box once, the tab stop no tab */
	assert_int_equal(d.ntables, 1);
	char *s = grid_show(&d.tables[0]);
	assert_string_equal(s, "方法|见下表/听取汇报\t1、2/查阅资料\t3/完\n");
	free(s);
	docx_free(&d);
}

static void test_broken_documents_are_refused_naming_the_part(void **state)
{
	(void)state;
	static const struct {
		const char *body, *want;
	} cases[] = {
		{NULL, "no word/document.xml"},
		{"<w:document", "word/document.xml line 1: broken XML"},
		{"<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x \"y\">]><d>&x;</d>", "has a DTD"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *path = scratch_path("broken.docx");
		docx_write(path, cases[i].body);
		struct docx d;
		struct kp_error e = {0};
		assert_int_equal(docx_read(path, NULL, 0, &d, &e), KP_EINPUT);
		if (!strstr(e.msg, cases[i].want))
			fail_msg("case %zu: \"%s\", not \"%s\"", i, e.msg, cases[i].want);
		docx_free(&d);
	}
	struct docx d;
	struct kp_error e = {0};
	assert_int_equal(docx_read(NULL, "PK\3\4 not really", 16, &d, &e), KP_EINPUT);
	assert_non_null(strstr(e.msg, "not a Word document (.docx)"));
	assert_int_equal(e.reason, KP_R_FILE_TYPE);
	docx_free(&d);
	e = (struct kp_error){0};
	assert_int_equal(docx_read(scratch_path("missing.docx"), NULL, 0, &d, &e), KP_EINPUT);
	docx_free(&d);
	/* a cell beyond the limit */
	struct strbuf big = {0};
	sb_adds(&big, "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
		      "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>");
	for (int i = 0; i < DOCX_MAX_CELL / 8 + 2; i++)
		sb_adds(&big, "长文本");
	sb_adds(&big, "</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>");
	const char *path = scratch_path("big.docx");
	docx_write(path, big.s);
	e = (struct kp_error){0};
	assert_int_equal(docx_read(path, NULL, 0, &d, &e), KP_EINPUT);
	assert_non_null(strstr(e.msg, "table 1 row 1: more than"));
	assert_int_equal(e.reason, KP_R_TOO_LARGE);
	docx_free(&d);
	sb_free(&big);
}

/* ---- LibreOffice Writer and Calc save an HTML table ---- */

static const char HTML_TABLE[] =
	"<html><head><meta charset=\"utf-8\"></head><body><p>测评细则</p><table border=\"1\">"
	"<tr><th>测评项目</th><th colspan=\"2\">测评内容</th><th>分值</th></tr>"
	"<tr><td rowspan=\"2\">一、组织领导</td><td>1</td><td>成立领导小组</td><td>10</td></tr>"
	"<tr><td>2</td><td>制定方案<br>并印发</td><td>10</td></tr>"
	"<tr><td colspan=\"3\">合计</td><td>20</td></tr></table></body></html>";

/* HTML_TABLE as LibreOffice saves it as EXT; Calc splits a cell's line
 * break into rows of its own, so not for it. */
static char *soffice_convert(const char *name, const char *ext, const char *filter)
{
	char *table = xstrdup(HTML_TABLE);
	char *br = strstr(table, "<br>");
	if (!strcmp(ext, "xlsx") && br)
		memmove(br, br + 4, strlen(br + 4) + 1);
	char *out = soffice_html(table, name, ext, filter);
	free(table);
	return out;
}

static void test_a_table_writer_saved_reads_back_cell_for_cell(void **state)
{
	(void)state;
	char *path = soffice_convert("writer", "docx", "docx:MS Word 2007 XML");
	struct docx d;
	struct kp_error e = {0};
	if (docx_read(path, NULL, 0, &d, &e))
		fail_msg("docx_read %s: %s", path, e.msg);
	assert_int_equal(d.ntables, 1);
	char *s = grid_show(&d.tables[0]);
	assert_string_equal(s, "测评项目|测评内容|<|分值\n"
			       "一、组织领导|1|成立领导小组|10\n"
			       "^|2|制定方案/并印发|10\n"
			       "合计|<|<|20\n");
	free(s);
	bool title = false;
	for (int i = 0; i < d.nblocks; i++)
		title |= d.blocks[i].table < 0 && !strcmp(d.blocks[i].text, "测评细则");
	assert_true(title);
	docx_free(&d);
	free(path);
}

static void test_a_sheet_calc_saved_lists_its_merged_ranges(void **state)
{
	(void)state;
	char *path = soffice_convert("calc", "xlsx", "xlsx:Calc MS Excel 2007 XML");
	struct xlsx_sheet sh;
	struct kp_error e = {0};
	if (xlsx_read(path, &sh, &e))
		fail_msg("xlsx_read %s: %s", path, e.msg);
	/* B1:C1 (测评内容), A2:A3 (the item), A4:C4 (合计), wherever the
	 * sheet puts the table's first row */
	int top = sh.n ? sh.rows[0].row : 0;
	for (int i = 0; i < sh.n; i++)
		if (sh.rows[i].n && sh.rows[i].cells[0] && !strcmp(sh.rows[i].cells[0], "测评项目"))
			top = sh.rows[i].row;
	bool b1c1 = false, a2a3 = false, a4c4 = false;
	for (int i = 0; i < sh.nmerges; i++) {
		const struct xlsx_merge *m = &sh.merges[i];
		b1c1 |= m->row1 == top && m->row2 == top && m->col1 == 1 && m->col2 == 2;
		a2a3 |= m->row1 == top + 1 && m->row2 == top + 2 && m->col1 == 0 && m->col2 == 0;
		a4c4 |= m->row1 == top + 3 && m->row2 == top + 3 && m->col1 == 0 && m->col2 == 2;
	}
	if (!b1c1 || !a2a3 || !a4c4)
		fail_msg("merges of %s (%d, table from row %d): %d %d %d", path, sh.nmerges, top, b1c1, a2a3, a4c4);
	xlsx_sheet_free(&sh);
	free(path);
}

static int scratch(void **state)
{
	(void)state;
	scratch_dir();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_word_table_with_merges_both_ways),
		cmocka_unit_test(test_a_table_in_a_cell_a_text_box_and_tab_stops),
		cmocka_unit_test(test_broken_documents_are_refused_naming_the_part),
		cmocka_unit_test(test_a_table_writer_saved_reads_back_cell_for_cell),
		cmocka_unit_test(test_a_sheet_calc_saved_lists_its_merged_ranges),
	};
	return cmocka_run_group_tests(tests, scratch, NULL);
}
