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
#define _GNU_SOURCE /* memmem */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "io/xlsxread.h"

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
	int np = 0;
	const uint8_t *p = in, *end = in + n;
	while (np < 4) {
		const uint8_t *cut = memmem(p, end - p, "\n====\n", 6);
		part[np] = (const char *)p;
		plen[np] = (cut ? cut : end) - p;
		np++;
		if (!cut)
			break;
		p = cut + 6;
	}
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_error_fini(&ze);
	if (!buf)
		return NULL;
	zip_source_keep(buf);
	zip_t *z = zip_open_from_source(buf, ZIP_TRUNCATE, NULL);
	if (!z) {
		zip_source_free(buf);
		return NULL;
	}
	for (int i = 0; i < 4; i++) {
		if (!part[i])
			continue;
		zip_source_t *s = zip_source_buffer(z, part[i], plen[i], 0);
		if (!s || zip_file_add(z, PARTS[i], s, 0) < 0)
			zip_source_free(s);
	}
	void *out = NULL;
	if (zip_close(z) != 0) {
		zip_discard(z);
	} else if (zip_source_open(buf) == 0) {
		zip_source_seek(buf, 0, SEEK_END);
		zip_int64_t size = zip_source_tell(buf);
		zip_source_seek(buf, 0, SEEK_SET);
		out = malloc(size > 0 ? (size_t)size : 1);
		if (zip_source_read(buf, out, size) != size) {
			free(out);
			out = NULL;
		}
		*len = (size_t)size;
		zip_source_close(buf);
	}
	zip_source_free(buf);
	return out;
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
