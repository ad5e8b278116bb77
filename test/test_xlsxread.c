/* test_xlsxread.c — reading workbooks (src/io/xlsxread.c): those kaoping
 * writes and those LibreOffice writes, the cells as text (numbers as the
 * shortest decimal, shared and inline strings, gaps), the sheet as CSV
 * keeping row numbers, every kind of broken input as an error naming the
 * part; and the score sheet's round trip: `score template`, filled in by
 * LibreOffice, read back by `score import`, all or nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <zip.h>

#include "io/doc.h"
#include "io/xlsxread.h"
#include "testutil.h"

/* The cell at ROW (as the sheet numbers it) and column COL of S, or NULL. */
static const char *cell(const struct xlsx_sheet *s, int row, int col)
{
	for (int i = 0; i < s->n; i++)
		if (s->rows[i].row == row)
			return col < s->rows[i].n && s->rows[i].cells[col] ? s->rows[i].cells[col] : "";
	return NULL;
}

static void read_ok(const char *path, struct xlsx_sheet *s)
{
	struct kp_error e = {0};
	if (xlsx_read(path, s, &e))
		fail_msg("xlsx_read %s: %s", path, e.msg);
}

/* Writes a zip at PATH of the N parts NAMES[i] with contents DATA[i]. */
static void zip_parts(const char *path, const char *const *names, const char *const *data, int n)
{
	int err;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(z);
	for (int i = 0; i < n; i++) {
		zip_source_t *src = zip_source_buffer(z, data[i], strlen(data[i]), 0);
		assert_non_null(src);
		assert_true(zip_file_add(z, names[i], src, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
}

static const char WORKBOOK[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
	"<sheet name=\"测评\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char RELS[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
	"Target=\"worksheets/data.xml\"/></Relationships>";
static const char STRINGS[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<si><t>单位</t></si><si><r><t>区</t></r><r><rPr><b/></rPr><t>审计局</t></r><rPh><t>しんけい</t></rPh></si>"
	"<si><t xml:space=\"preserve\"> a &amp; b </t></si></sst>";

/* A workbook of the parts a sheet needs, with SHEET as its one sheet. */
static const char *handmade(const char *name, const char *sheet)
{
	const char *path = scratch_path(name);
	const char *const names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml",
				     "xl/worksheets/data.xml"};
	const char *const data[] = {WORKBOOK, RELS, STRINGS, sheet};
	zip_parts(path, names, data, 4);
	return path;
}

#define SHEET_HEAD \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
#define SHEET_TAIL "</sheetData></worksheet>"

static void test_cells_of_every_kind_read_as_text(void **state)
{
	(void)state;
	const char *path = handmade("kinds.xlsx", SHEET_HEAD
		"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>2</v></c></row>"
		"<row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</v></c><c r=\"B3\"><v>3.4999999999999996</v></c>"
		"<c r=\"C3\" t=\"inlineStr\"><is><t>内联</t></is></c><c r=\"D3\" t=\"b\"><v>1</v></c>"
		"<c r=\"E3\" t=\"e\"><v>#N/A</v></c><c r=\"F3\" s=\"2\"/><c r=\"G3\"><v>4</v></c>"
		"<c r=\"H3\" t=\"str\"><f>A1</f><v>单位</v></c><c r=\"AA3\"><v>0.1</v></c></row>"
		"<row r=\"4\"><c r=\"A4\"><v>10</v></c><c r=\"B4\"><v>20</v></c><c r=\"C4\"><v>1.5E2</v></c>"
		"<c r=\"D4\"><v>1e20</v></c></row>" SHEET_TAIL);
	struct xlsx_sheet s;
	read_ok(path, &s);
	assert_string_equal(s.name, "测评");
	assert_string_equal(cell(&s, 1, 0), "单位");
	assert_string_equal(cell(&s, 1, 1), "");
	assert_string_equal(cell(&s, 1, 2), " a & b ");
	assert_null(cell(&s, 2, 0)); /* no row 2 */
	assert_string_equal(cell(&s, 3, 0), "区审计局"); /* runs joined, the phonetic run left out */
	assert_string_equal(cell(&s, 3, 1), "3.5");
	/* whole numbers as Excel shows them (10, not 1e+01) */
	assert_string_equal(cell(&s, 4, 0), "10");
	assert_string_equal(cell(&s, 4, 1), "20");
	assert_string_equal(cell(&s, 4, 2), "150");
	assert_string_equal(cell(&s, 4, 3), "1e+20");
	assert_string_equal(cell(&s, 3, 2), "内联");
	assert_string_equal(cell(&s, 3, 3), "TRUE");
	assert_string_equal(cell(&s, 3, 4), "#N/A");
	assert_string_equal(cell(&s, 3, 5), "");
	assert_string_equal(cell(&s, 3, 6), "4");
	assert_string_equal(cell(&s, 3, 7), "单位");
	assert_string_equal(cell(&s, 3, 26), "0.1");
	/* as CSV: line N is row N */
	struct strbuf csv = {0};
	xlsx_sheet_csv(&s, &csv);
	assert_string_equal(sb_str(&csv), "单位,, a & b \n\n区审计局,3.5,内联,TRUE,#N/A,,4,单位"
					  ",,,,,,,,,,,,,,,,,,,0.1\n10,20,150,1e+20\n");
	sb_free(&csv);
	xlsx_sheet_free(&s);
}

/* What kaoping writes, it reads: the doc's cells, numbers as numbers. */
static void test_a_workbook_kaoping_wrote_reads_back(void **state)
{
	(void)state;
	struct doc *d = doc_new("回读");
	static const struct doc_column cols[] = {{"单位", 8, false}, {"序号", 3, false}, {"得分", 3, false}, {"备注", 8, true}};
	struct doc_table *t = doc_table(d, "测评", cols, 4);
	struct doc_cell a[] = {{CELL_TEXT, "区审计局", 0, 0, 0}, {CELL_TEXT, "8.1", 0, 0, 0}, {CELL_POINTS, NULL, 35, 0, 0},
			       {CELL_TEXT, "第一行\n第二行, 有\"引号\"", 0, 0, 0}};
	struct doc_cell b[] = {{CELL_TEXT, "=1+1", 0, 0, 0}, {CELL_TEXT, "2", 0, 0, 0}, {CELL_NULL, NULL, 0, 0, 0},
			       {CELL_TEXT, "", 0, 0, 0}};
	doc_row(d, t, a);
	doc_row(d, t, b);
	const char *path = scratch_path("own.xlsx");
	FILE *f = fopen(path, "wb");
	struct kp_error e = {0};
	assert_int_equal(doc_write_xlsx(d, f, &e), 0);
	fclose(f);
	doc_free(d);
	struct xlsx_sheet s;
	read_ok(path, &s);
	assert_string_equal(cell(&s, 1, 0), "单位");
	assert_string_equal(cell(&s, 2, 0), "区审计局");
	assert_string_equal(cell(&s, 2, 1), "8.1");
	assert_string_equal(cell(&s, 2, 2), "3.5");
	assert_string_equal(cell(&s, 2, 3), "第一行\n第二行, 有\"引号\"");
	assert_string_equal(cell(&s, 3, 0), "=1+1");
	assert_string_equal(cell(&s, 3, 2), "");
	struct strbuf csv = {0};
	xlsx_sheet_csv(&s, &csv);
	assert_non_null(strstr(sb_str(&csv), "\"第一行 第二行, 有\"\"引号\"\"\""));
	sb_free(&csv);
	xlsx_sheet_free(&s);
}

/* Runs soffice converting the CSV at SRC to an .xlsx in DIR; returns its path. */
static const char *libreoffice_xlsx(const char *src, const char *dir, const char *name)
{
	if (system("command -v soffice >/dev/null 2>&1") != 0) {
		print_message("soffice not found: tools/deps.sh test installs libreoffice-calc-nogui\n");
		skip();
	}
	char *cmd = xasprintf("soffice -env:UserInstallation=file://%s.profile --headless --infilter=CSV:44,34,76,1 "
			      "--convert-to xlsx --outdir '%s' '%s' >/dev/null 2>&1", dir, dir, src);
	if (system(cmd) != 0)
		fail_msg("soffice failed: %s", cmd);
	free(cmd);
	static char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

/* What LibreOffice writes (its shared strings, its numbers). */
static void test_a_workbook_libreoffice_wrote_reads(void **state)
{
	(void)state;
	const char *src = scratch_path("lo.csv");
	static const char text[] = "单位,序号,得分,备注\n区审计局,3,3.5,\"好, 很好\"\n区工信局,4,0.3,\n,,,\n区残联,5,4,末行\n";
	write_file(src, text, strlen(text));
	const char *path = libreoffice_xlsx(src, scratch_path("lo"), "lo.xlsx");
	struct xlsx_sheet s;
	read_ok(path, &s);
	assert_string_equal(cell(&s, 1, 1), "序号");
	assert_string_equal(cell(&s, 2, 0), "区审计局");
	assert_string_equal(cell(&s, 2, 2), "3.5");
	assert_string_equal(cell(&s, 2, 3), "好, 很好");
	assert_string_equal(cell(&s, 3, 2), "0.3");
	assert_string_equal(cell(&s, 5, 0), "区残联");
	assert_string_equal(cell(&s, 5, 3), "末行");
	xlsx_sheet_free(&s);
}

static void refused(const char *path, const char *want)
{
	struct xlsx_sheet s;
	struct kp_error e = {0};
	assert_int_equal(xlsx_read(path, &s, &e), KP_EINPUT);
	assert_null(strchr(e.msg, '\n')); /* one line */
	if (!strstr(e.msg, want))
		fail_msg("%s: \"%s\" does not say \"%s\"", path, e.msg, want);
	xlsx_sheet_free(&s);
}

static void test_broken_workbooks_are_errors_naming_the_part(void **state)
{
	(void)state;
	const char *text = scratch_path("text.xlsx");
	write_file(text, "单位,得分\n", 13);
	refused(text, "not an Excel workbook");
	/* a real workbook cut in half */
	const char *whole = handmade("whole.xlsx", SHEET_HEAD "<row r=\"1\"><c><v>1</v></c></row>" SHEET_TAIL);
	size_t len;
	char *bytes = read_file(whole, &len);
	const char *half = scratch_path("half.xlsx");
	write_file(half, bytes, len / 2);
	free(bytes);
	refused(half, "not an Excel workbook");
	/* a zip of something else */
	const char *other = scratch_path("other.xlsx");
	zip_parts(other, (const char *const[]){"word/document.xml"}, (const char *const[]){"<w/>"}, 1);
	refused(other, "no xl/workbook.xml");
	/* the workbook names a sheet that is not there */
	zip_parts(other, (const char *const[]){"xl/workbook.xml", "xl/_rels/workbook.xml.rels"},
		  (const char *const[]){WORKBOOK, RELS}, 2);
	refused(other, "xl/worksheets/data.xml: the workbook names this sheet");
	/* a DTD, the way to an entity bomb */
	refused(handmade("dtd.xlsx", "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;\">]>"
				     "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&b;</t></is></c></row></sheetData></worksheet>"),
		"has a DTD");
	refused(handmade("xml.xlsx", SHEET_HEAD "<row r=\"1\"><c><v>1</v></c></row><row r=\"2\"><c>" SHEET_TAIL),
		"broken XML: Opening and ending tag mismatch");
	refused(handmade("rows.xlsx", SHEET_HEAD "<row r=\"1000001\"><c><v>1</v></c></row>" SHEET_TAIL), "more than 1000000 rows");
	refused(handmade("order.xlsx", SHEET_HEAD "<row r=\"5\"/><row r=\"4\"/>" SHEET_TAIL), "row 4: rows out of order");
	refused(handmade("cols.xlsx", SHEET_HEAD "<row r=\"1\"><c r=\"ZZZZ1\"><v>1</v></c></row>" SHEET_TAIL),
		"row 1: a cell reference out of order or beyond 16384 columns");
	refused(handmade("sst.xlsx", SHEET_HEAD "<row r=\"2\"><c t=\"s\"><v>7</v></c></row>" SHEET_TAIL),
		"row 2: shared string 7 is not in xl/sharedStrings.xml");
	/* a cell longer than Excel allows */
	struct strbuf big = {0};
	sb_adds(&big, SHEET_HEAD "<row r=\"3\"><c t=\"inlineStr\"><is><t>");
	for (int i = 0; i < XLSX_MAX_CELL + 10; i++)
		sb_addc(&big, 'x');
	sb_adds(&big, "</t></is></c></row>" SHEET_TAIL);
	refused(handmade("long.xlsx", sb_str(&big)), "row 3: a cell longer than 32767 bytes");
	sb_free(&big);
	refused(scratch_path("missing.xlsx"), "missing.xlsx");
}

/* ---- the score sheet's round trip ---- */

static struct run kp(const char *const *args)
{
	const char *argv[24] = {"--db", db};
	int n = 2;
	for (; args[n - 2]; n++)
		argv[n] = args[n - 2];
	argv[n] = NULL;
	return run_kaoping(NULL, argv);
}

/* The assessor points of criterion part REF in `report unit UNIT`'s JSON. */
static json_t *assessor_points(const char *unit, int no, int part)
{
	struct run r = kp((const char *const[]){"report", "unit", unit, "--format", "json", NULL});
	assert_int_equal(r.status, 0);
	json_t *j = json_loads(r.out, 0, NULL);
	run_free(&r);
	json_t *found = NULL;
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(j, "criteria"), i, c)
		if (json_integer_value(json_object_get(c, "no")) == no && json_integer_value(json_object_get(c, "part")) == part)
			found = json_incref(json_object_get(c, "assessor"));
	json_decref(j);
	return found;
}

static void test_template_filled_in_by_libreoffice_imports_all_or_nothing(void **state)
{
	(void)state;
	/* the sheet to fill in: 区酒管局 has no assessor score yet */
	const char *tpl = scratch_path("template.xlsx"), *dir = scratch_path("tpl");
	struct run r = kp((const char *const[]){"score", "template", "--unit", "区酒管局", "--output", tpl, NULL});
	if (r.status)
		fail_msg("score template: %s", r.err);
	run_free(&r);
	struct xlsx_sheet s;
	read_ok(tpl, &s);
	assert_string_equal(cell(&s, 1, 0), "单位");
	assert_string_equal(cell(&s, 1, 1), "序号");
	assert_string_equal(cell(&s, 1, 4), "得分");
	assert_string_equal(cell(&s, 2, 0), "区酒管局");
	assert_string_equal(cell(&s, 2, 1), "1.1");
	assert_string_equal(cell(&s, 2, 3), "2"); /* 分值 */
	assert_string_equal(cell(&s, 2, 4), "");  /* not scored yet */
	int rows = s.n;
	xlsx_sheet_free(&s);
	/* imported as it is: every row blank, nothing to import */
	r = kp((const char *const[]){"score", "import", tpl, "--by", "王测评", NULL});
	assert_int_not_equal(r.status, 0);
	assert_non_null(strstr(r.err, "no scores"));
	run_free(&r);
	/* an assessor fills in two rows in LibreOffice */
	soffice_csv(tpl, dir);
	char path[1024];
	snprintf(path, sizeof path, "%s/template-测评.csv", dir);
	struct csv c = csv_parse(path);
	assert_int_equal(c.n, rows);
	struct strbuf filled = {0};
	for (int i = 0; i < c.n; i++) {
		for (int k = 0; k < c.rows[i].n; k++) {
			const char *v = c.rows[i].f[k].s;
			if (k == 4 && i == 1)
				v = "1.5";
			if (k == 4 && i == 3)
				v = "3.5";
			sb_addf(&filled, "%s\"", k ? "," : "");
			for (const char *p = v; *p; p++)
				sb_addf(&filled, *p == '"' ? "\"\"" : "%c", *p);
			sb_addc(&filled, '"');
		}
		sb_addc(&filled, '\n');
	}
	csv_free(&c);
	const char *fcsv = scratch_path("filled.csv");
	write_file(fcsv, filled.s, filled.len);
	sb_free(&filled);
	const char *fxlsx = libreoffice_xlsx(fcsv, scratch_path("filled"), "filled.xlsx");
	r = kp((const char *const[]){"score", "import", fxlsx, "--by", "王测评", NULL});
	if (r.status)
		fail_msg("score import: %s", r.err);
	assert_non_null(strstr(r.out, "2 scores imported (0 replaced), an Excel workbook"));
	char skipped[64];
	snprintf(skipped, sizeof skipped, "; %d rows without points skipped", rows - 3); /* header, two filled */
	assert_non_null(strstr(r.out, skipped));
	run_free(&r);
	json_t *p = assessor_points("区酒管局", 1, 1);
	assert_true(json_is_number(p) && json_number_value(p) == 1.5);
	json_decref(p);
	/* a row out of range: refused whole, naming the sheet's row, store unchanged */
	char *before = store_fingerprint(db);
	const char *bad = scratch_path("bad.csv");
	static const char badtext[] = "单位,序号,测评内容,分值,得分,备注\n区酒管局,1.1,x,2,1,\n\n区酒管局,1.2,y,2,9,\n";
	write_file(bad, badtext, strlen(badtext));
	const char *bxlsx = libreoffice_xlsx(bad, scratch_path("bad"), "bad.xlsx");
	r = kp((const char *const[]){"score", "import", bxlsx, "--by", "王测评", NULL});
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "line 4: points 9 for criterion 1.2 are out of range 0–2"));
	assert_non_null(strstr(r.err, "nothing was imported"));
	run_free(&r);
	char *after = store_fingerprint(db);
	assert_string_equal(before, after);
	free(before), free(after);
	/* a workbook has no encoding to choose */
	r = kp((const char *const[]){"score", "import", bxlsx, "--encoding", "gbk", NULL});
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--encoding"));
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells_of_every_kind_read_as_text),
		cmocka_unit_test(test_a_workbook_kaoping_wrote_reads_back),
		cmocka_unit_test(test_a_workbook_libreoffice_wrote_reads),
		cmocka_unit_test(test_broken_workbooks_are_errors_naming_the_part),
		cmocka_unit_test_setup_teardown(test_template_filled_in_by_libreoffice_imports_all_or_nothing, demo_store,
						drop_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
