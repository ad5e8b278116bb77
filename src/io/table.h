/* out.h — one way to print a listing as an aligned text table (CJK-aware),
 * CSV for Excel/WPS (UTF-8 with BOM) or JSON (an array of objects), so every
 * report has the same three forms from one description of its columns. */
#ifndef KAOPING_OUT_H
#define KAOPING_OUT_H
#include <stdbool.h>
#include <stdio.h>

enum out_format { OUT_TEXT, OUT_JSON, OUT_CSV };

/* Parses "text", "json" or "csv"; returns 0 or -1. */
int table_format_parse(const char *s, enum out_format *f);

enum cell_type {
	CELL_TEXT,    /* s */
	CELL_INT,     /* v */
	CELL_POINTS,  /* v in tenths: 3.5 */
	CELL_PERCENT, /* v in tenths of a percent: 98.5 (text adds %) */
	CELL_BOOL,    /* v: JSON true/false, text 是 or empty */
	CELL_NULL,    /* no value */
	CELL_TIME,    /* s: a stored UTC time, v: the campaign zone's offset
		       * (zone_offset); JSON as stored, text and CSV as read
		       * there: "2024-07-29 16:00:00" */
};

struct column {
	const char *key;    /* JSON key */
	const char *header; /* text and CSV header (Chinese) */
	bool right;         /* right-aligned in text */
};

struct cell {
	enum cell_type type;
	const char *s;
	long long v;
};

struct table;

/* Starts a table with NCOLS columns (COLS must outlive the table) on OUT.
 * CSV and JSON rows stream out at once; text is buffered to align columns. */
struct table *table_new(FILE *out, enum out_format fmt, const struct column *cols, int ncols);
/* Adds a row of ncols cells; text is copied. */
void table_row(struct table *t, const struct cell *cells);
/* Finishes the output and frees T. */
void table_end(struct table *t);

/* Formats C into BUF (at least 32 bytes) as text (TEXT: an empty cell as
 * "-", a percent with %) or for CSV (empty, the number alone); returns BUF
 * or the cell's own string. */
const char *table_cell_text(const struct cell *c, char *buf, bool text);

/* Writes S as a JSON string literal (with quotes) to OUT. */
void table_json_string(FILE *out, const char *s);
/* Writes S as one CSV field, quoted when needed; a leading = + - @ is
 * prefixed with ' so a spreadsheet never runs it as a formula. */
void table_csv_field(FILE *out, const char *s);
#endif
