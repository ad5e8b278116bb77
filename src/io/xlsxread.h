/* xlsxread.h — the cells of one worksheet of an Excel workbook (.xlsx,
 * Office Open XML, as Excel, WPS and LibreOffice save it) as UTF-8 text:
 * shared and inline strings (rich-text runs joined, phonetic runs left
 * out), numbers as the shortest decimal of at most 15 digits, as Excel
 * shows them (3.5, not 3.4999999999999996), booleans as TRUE/FALSE, errors as written
 * (#N/A). Dates are numbers (their serial days): a score sheet has none.
 *
 * Outside input, read with limits: a part larger than XLSX_MAX_PART bytes
 * unpacked, more than XLSX_MAX_ROWS rows or XLSX_MAX_COLS columns, a cell
 * longer than XLSX_MAX_CELL bytes, a DTD (no entities are expanded, nothing
 * is fetched), broken XML or a broken zip are KP_EINPUT errors naming the
 * part and the row. Knows the format, not the campaign. */
#ifndef KAOPING_XLSXREAD_H
#define KAOPING_XLSXREAD_H
#include <stdbool.h>
#include <stddef.h>

#include "core/grid.h"
#include "core/util.h"

#define XLSX_MAX_PART (64u << 20) /* as OOXML_MAX_PART */
#define XLSX_MAX_ROWS 1000000
#define XLSX_MAX_COLS 16384
#define XLSX_MAX_CELL 32767

/* A row of the sheet: its number as the sheet shows it (from 1) and its
 * cells from column A, "" where a cell is empty or missing. */
struct xlsx_row {
	int row;
	int n;
	char **cells;
};

/* A merged range (A1:B3): rows and columns from 1 and 0, as xlsx_row's;
 * its text is in its top-left cell. */
struct xlsx_merge {
	int row1, col1, row2, col2;
};

struct xlsx_sheet {
	char *name; /* the sheet's name in the workbook */
	struct xlsx_row *rows; /* the rows that have cells, in order */
	int n, cap;
	struct xlsx_merge *merges; /* as the sheet lists them */
	int nmerges;
};

/* Reads the first worksheet of the workbook at PATH (or LEN bytes at DATA
 * for xlsx_read_mem) into *OUT (free with xlsx_sheet_free, also after an
 * error). */
int xlsx_read(const char *path, struct xlsx_sheet *out, struct kp_error *e);
int xlsx_read_mem(const void *data, size_t len, struct xlsx_sheet *out, struct kp_error *e);
void xlsx_sheet_free(struct xlsx_sheet *s);

/* S as a grid (core/grid.h): one row for each of the sheet's rows from
 * its first to its last (line: the sheet's row number), a merged range's
 * text in its top-left cell and the cells it covers marked so. */
void xlsx_grid(const struct xlsx_sheet *s, struct grid *g);

/* S as CSV text (UTF-8, comma, quoted where needed) with one line per row
 * of the sheet, empty lines for empty rows and a line break inside a cell
 * written as a space, so that a CSV reader's line numbers are the sheet's
 * row numbers. */
void xlsx_sheet_csv(const struct xlsx_sheet *s, struct strbuf *out);

/* The first worksheet of the workbook at PATH, or of the LEN bytes at DATA
 * when PATH is NULL, as CSV text (xlsx_sheet_csv) appended to OUT: how a
 * filled score sheet becomes the CSV the import reads, the command line's
 * and the web's alike. On an error (xlsx_read's) OUT is left as it was. */
int xlsx_csv(const char *path, const void *data, size_t len, struct strbuf *out, struct kp_error *e);

/* True when the N bytes at HEAD start a zip file (an .xlsx is one). */
bool xlsx_is_zip(const void *head, size_t n);
#endif
