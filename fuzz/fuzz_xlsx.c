/* fuzz_xlsx.c — libFuzzer target for the workbook reader (src/io/xlsxread.c),
 * which reads the score sheets units and assessors send in.
 *
 * A fuzzer mutating a zip mostly breaks its checksums, and the XML inside
 * is never reached; so an input that does not start a zip is cut at each
 * "\n====\n" into up to four parts (the sheet, the shared strings, the
 * workbook and its relationships, the last two defaulting to a workbook
 * whose first sheet is the first part) and packed into a zip here. An input
 * that starts a zip is read as it is.
 *
 * Besides not crashing: a read either fails with a one-line message or gives
 * rows in increasing order, each cell NUL-terminated within the cell limit;
 * the CSV of the sheet has exactly one line per row up to the last.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/xlsxread.h"
#include "zippack.h"

static const char WORKBOOK[] =
	"<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char RELS[] =
	"<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
static const char *const PARTS[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml",
				    "xl/_rels/workbook.xml.rels"};

/* The zip of INPUT's parts, in a malloc'd buffer, or NULL. */
static void *pack(const uint8_t *in, size_t n, size_t *len)
{
	const char *part[4] = {0, 0, WORKBOOK, RELS};
	size_t plen[4] = {0, 0, sizeof WORKBOOK - 1, sizeof RELS - 1};
	return zip_pack(in, n, PARTS, part, plen, 4, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = size;
	void *zip = NULL;
	const void *in = data;
	if (!xlsx_is_zip(data, size)) {
		zip = pack(data, size, &len);
		if (!zip)
			return 0;
		in = zip;
	}
	struct xlsx_sheet s;
	struct kp_error e = {0};
	int rc = xlsx_read_mem(in, len, &s, &e);
	if (rc) {
		if (!e.msg[0] || strchr(e.msg, '\n'))
			abort();
	} else {
		int last = 0;
		for (int i = 0; i < s.n; i++) {
			if (s.rows[i].row <= last || s.rows[i].row > XLSX_MAX_ROWS)
				abort();
			last = s.rows[i].row;
			if (s.rows[i].n > XLSX_MAX_COLS)
				abort();
			for (int c = 0; c < s.rows[i].n; c++)
				if (s.rows[i].cells[c] && strlen(s.rows[i].cells[c]) > XLSX_MAX_CELL)
					abort();
		}
		if (last < 100000) {
			struct strbuf csv = {0};
			xlsx_sheet_csv(&s, &csv);
			int lines = 0;
			for (size_t k = 0; k < csv.len; k++)
				lines += sb_str(&csv)[k] == '\n';
			if (lines != last)
				abort();
			sb_free(&csv);
		}
	}
	xlsx_sheet_free(&s);
	free(zip);
	return 0;
}
