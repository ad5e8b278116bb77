/* fuzz_docx.c — libFuzzer target for the Word document reader
 * (src/io/docx.c), which reads the rubric tables offices upload.
 *
 * An input that does not start a zip is word/document.xml, packed into a
 * zip (zippack.c); one that does is read as it is.
 *
 * Besides not crashing: a read either fails with a one-line message or
 * gives blocks that name tables in order, tables within the limits, every
 * covered cell with a cell to its left (GRID_LEFT) or above (GRID_UP), and
 * grid_text answering for every cell.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/docx.h"
#include "io/xlsxread.h"
#include "zippack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = size;
	void *zip = NULL;
	const void *in = data;
	if (!xlsx_is_zip(data, size)) {
		static const char *const names[] = {"word/document.xml"};
		const char *part[1] = {0};
		size_t plen[1] = {0};
		zip = zip_pack(data, size, names, part, plen, 1, &len);
		if (!zip)
			return 0;
		in = zip;
	}
	struct docx d;
	struct kp_error e = {0};
	if (docx_read(NULL, in, len, &d, &e)) {
		if (!e.msg[0] || strchr(e.msg, '\n'))
			abort();
	} else {
		int next = 0;
		for (int i = 0; i < d.nblocks; i++)
			if (d.blocks[i].table >= 0 && d.blocks[i].table != next++)
				abort();
			else if (d.blocks[i].table < 0 && (!d.blocks[i].text || strlen(d.blocks[i].text) > DOCX_MAX_CELL))
				abort();
		if (next != d.ntables || d.ntables > DOCX_MAX_TABLES)
			abort();
		for (int t = 0; t < d.ntables; t++) {
			const struct grid *g = &d.tables[t];
			if (g->n > DOCX_MAX_ROWS)
				abort();
			for (int r = 0; r < g->n; r++)
				for (int c = 0; c < g->rows[r].n; c++) {
					const struct grid_cell *cell = &g->rows[r].cells[c];
					if (c > DOCX_MAX_COLS || strlen(cell->text) > DOCX_MAX_CELL)
						abort();
					if (cell->cover == GRID_LEFT && c == 0)
						abort();
					if (cell->cover == GRID_UP && !grid_at(g, r - 1, c))
						abort();
					(void)grid_text(g, r, c);
				}
		}
	}
	docx_free(&d);
	free(zip);
	return 0;
}
