/* docx.h — the body of a Word document (.docx, as Word, WPS and
 * LibreOffice save it) as paragraphs and tables in document order: a
 * rubric's notice with its 测评表. A table is a grid (core/grid.h) with its
 * merged cells as Word keeps them: w:gridSpan (a cell over several grid
 * columns) as GRID_LEFT cells after it, w:vMerge continuing a cell above
 * as GRID_UP, w:gridBefore / w:gridAfter (a row that starts late or ends
 * early) as empty cells. A cell's paragraphs are its lines ('\n'); a table
 * inside a cell gives its rows as lines of that cell, cells tab-separated.
 * Text is w:t only: deleted revisions (w:delText) and field codes are left
 * out, tabs and line breaks kept.
 *
 * Outside input, read with limits (io/ooxml.h, and DOCX_MAX_* below): KP_EINPUT
 * naming the part and the table row on broken or oversized input. */
#ifndef KAOPING_DOCX_H
#define KAOPING_DOCX_H
#include <stddef.h>

#include "core/grid.h"
#include "core/util.h"

#define DOCX_MAX_TABLES 1000
#define DOCX_MAX_ROWS 100000   /* rows of one table */
#define DOCX_MAX_COLS 1000     /* grid columns of one row */
#define DOCX_MAX_CELL 65536    /* bytes of one cell or paragraph */
#define DOCX_MAX_BLOCKS 1000000

/* A paragraph (TABLE -1, its TEXT) or a table (TABLE its index). */
struct docx_block {
	int table;
	char *text;
};

struct docx {
	int nblocks, ntables;
	struct docx_block *blocks;
	struct grid *tables;
};

/* Reads the document at PATH, or the LEN bytes at DATA when PATH is NULL,
 * into *OUT (free with docx_free, also after an error). */
int docx_read(const char *path, const void *data, size_t len, struct docx *out, struct kp_error *e);
void docx_free(struct docx *d);
#endif
