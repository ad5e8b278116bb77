/* xlsx.c — a paper (io/doc.h) as an Excel workbook through libxlsxwriter:
 * one worksheet per table, under its heading and field lines, laid out for
 * printing on A4 (header row repeated, one page wide, page numbers).
 *
 * The layout of one sheet, top to bottom:
 *   the paper's title (merged across the table's columns, bold, larger),
 *   its subtitle, its office and 文号, its recipient;
 *   the field lines and paragraphs before the table (one merged row each);
 *   the header row (frozen, repeated on every printed page);
 *   the rows: typed cells (numbers stay numbers, text is never a formula),
 *   group rows merged across the table, the total row ruled above;
 *   the notes, field lines and signature line after the table, and the
 *   paper's date at the right.
 * A paper without a table gets a sheet of its own (one wide column), so a
 * doc without tables is still a workbook with its heading and text. Charts
 * and page breaks are omitted. Every cell's font is 宋体 (Excel and WPS
 * have it; LibreOffice substitutes a CJK font). */
#include "io/doc.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <xlsxwriter.h>

#define FONT "宋体"
#define FONT_SIZE 11
#define GB2312_CHARSET 134 /* tells Excel the font is a Chinese one */
#define LINE_HEIGHT 16.0   /* points per line of 11-point text that wraps (room for a substituted CJK font) */
#define CHAR_UNITS 2.2     /* Excel units (widths of a digit) of one CJK character */
#define SHEET_CHARS 31     /* Excel's limit on a sheet name, in characters */
#define STRING_CHARS 32767 /* Excel's limit on a cell's text, in characters */
#define TEXT_COLUMN 36     /* a sheet without a table: one column this wide (characters) */

/* The kinds of value a table cell's format is made for. */
enum num { NUM_TEXT, NUM_INT, NUM_POINTS, NUM_PERCENT, NUM_COUNT };

/* The formats of the workbook's rows other than table cells. */
enum line_kind {
	L_TITLE,     /* the paper's title */
	L_SUBTITLE,  /* the campaign or the unit */
	L_OFFICE,    /* office and 文号 */
	L_LEFT,      /* recipient, field lines */
	L_PARA,      /* a paragraph: wraps */
	L_RIGHT,     /* a right-aligned paragraph, the date */
	L_SIGN,      /* the signature line */
	L_HEADER,    /* a table's header cell */
	L_GROUP1,    /* a group row of level 1 (测评项目) */
	L_GROUP2,    /* a group row of level 2 (测评指标) */
	L_COUNT,
};

struct xw {
	const struct doc *d;
	lxw_workbook *wb;
	lxw_format *line[L_COUNT];
	lxw_format *cell[NUM_COUNT][5][2][2][2]; /* num, fill, bold, wrap, total: made when first used */
	char **names;                            /* the sheet names used so far */
	int nsheets;
	lxw_error err; /* the first error of the library, or LXW_NO_ERROR */
	char what[64]; /* what was being done when it happened */
};

/* Records RC when it is the first error; returns it. */
static lxw_error check(struct xw *x, lxw_error rc, const char *what)
{
	if (rc != LXW_NO_ERROR && x->err == LXW_NO_ERROR) {
		x->err = rc;
		snprintf(x->what, sizeof x->what, "%s", what);
	}
	return rc;
}

static lxw_format *format_new(struct xw *x)
{
	lxw_format *f = workbook_add_format(x->wb);
	format_set_font_name(f, FONT);
	format_set_font_charset(f, GB2312_CHARSET);
	format_set_font_size(f, FONT_SIZE);
	return f;
}

static void formats_init(struct xw *x)
{
	lxw_format *f;

	f = x->line[L_TITLE] = format_new(x);
	format_set_bold(f);
	format_set_font_size(f, 16);
	format_set_align(f, LXW_ALIGN_CENTER);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f);

	f = x->line[L_SUBTITLE] = format_new(x);
	format_set_font_size(f, 12);
	format_set_align(f, LXW_ALIGN_CENTER);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f);

	f = x->line[L_OFFICE] = format_new(x);
	format_set_align(f, LXW_ALIGN_CENTER);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f);

	f = x->line[L_LEFT] = format_new(x);
	format_set_align(f, LXW_ALIGN_LEFT);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f);

	f = x->line[L_PARA] = format_new(x);
	format_set_align(f, LXW_ALIGN_LEFT);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	format_set_text_wrap(f);

	f = x->line[L_RIGHT] = format_new(x);
	format_set_align(f, LXW_ALIGN_RIGHT);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f);

	f = x->line[L_SIGN] = format_new(x);
	format_set_align(f, LXW_ALIGN_LEFT);
	format_set_align(f, LXW_ALIGN_VERTICAL_BOTTOM);

	f = x->line[L_HEADER] = format_new(x);
	format_set_bold(f);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_bg_color(f, 0xD9D9D9);
	format_set_align(f, LXW_ALIGN_CENTER);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f);

	f = x->line[L_GROUP1] = format_new(x);
	format_set_bold(f);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_bg_color(f, 0xDDEBF7);
	format_set_align(f, LXW_ALIGN_LEFT);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f);

	f = x->line[L_GROUP2] = format_new(x);
	format_set_bold(f);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_indent(f, 1);
	format_set_align(f, LXW_ALIGN_LEFT);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f);
}

/* The light backgrounds of enum doc_fill (Excel's own "good / neutral /
 * bad" shades, and a grey), 0 for none. */
static const lxw_color_t fill_color[5] = {0, 0xC6EFCE, 0xFFEB9C, 0xFFC7CE, 0xEDEDED};

/* The format of a table cell holding NUM, made on first use. */
static lxw_format *cell_format(struct xw *x, enum num num, int fill, bool bold, bool wrap, bool total)
{
	assert(num < NUM_COUNT && fill >= 0 && fill < 5);
	lxw_format **slot = &x->cell[num][fill][bold][wrap][total];
	if (*slot)
		return *slot;
	lxw_format *f = *slot = format_new(x);
	format_set_border(f, LXW_BORDER_THIN);
	if (total)
		format_set_top(f, LXW_BORDER_MEDIUM);
	if (bold)
		format_set_bold(f);
	if (fill)
		format_set_bg_color(f, fill_color[fill]);
	switch (num) {
	case NUM_TEXT: format_set_align(f, LXW_ALIGN_LEFT); break;
	case NUM_INT: format_set_num_format(f, "0"); break;
	case NUM_POINTS: break; /* General: 3.5 and 4, as doc_cell_text shows them */
	case NUM_PERCENT: format_set_num_format(f, "0.0%"); break;
	case NUM_COUNT: assert(0);
	}
	if (num != NUM_TEXT)
		format_set_align(f, LXW_ALIGN_RIGHT);
	if (wrap) {
		format_set_text_wrap(f);
		format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	} else {
		format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	}
	return f;
}

/* ---- text ------------------------------------------------------------- */

/* The length of the UTF-8 character at S (1 for a byte that starts none). */
static size_t char_len(const char *s)
{
	uint32_t cp;
	size_t n = utf8_decode((const unsigned char *)s, strnlen(s, 4), &cp);
	return n ? n : 1;
}

/* Writes S (NULL: nothing) as text, never a formula; text longer than a
 * cell holds is cut with …. */
static void put_string(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
	if (!s)
		s = "";
	size_t n = 0, chars = 0;
	while (s[n] && chars < STRING_CHARS - 1) {
		n += char_len(s + n);
		chars++;
	}
	if (!s[n]) {
		check(x, worksheet_write_string(ws, r, c, s, f), "writing a cell");
		return;
	}
	char *cut = xmalloc(n + sizeof "…");
	memcpy(cut, s, n);
	strcpy(cut + n, "…");
	check(x, worksheet_write_string(ws, r, c, cut, f), "writing a cell");
	free(cut);
}

/* How many lines S takes in a cell UNITS Excel units wide: a CJK
 * character is CHAR_UNITS, an ASCII one half that, a unit goes to the
 * cell's padding; a column of doc width N holds N CJK characters a line. */
static int lines_for(const char *s, double units)
{
	double room = units > 2 ? (units - 1) * 2 / CHAR_UNITS : 1;
	int lines = 0;
	while (s) {
		const char *nl = strchr(s, '\n');
		char *line = nl ? xstrndup(s, (size_t)(nl - s)) : xstrdup(s);
		int w = utf8_width(line);
		free(line);
		lines += w <= room ? 1 : (int)((w + room - 1) / room);
		s = nl ? nl + 1 : NULL;
	}
	return lines ? lines : 1;
}

/* ---- sheet names ------------------------------------------------------ */

/* What stands in for a character Excel refuses in a sheet name: its
 * full-width form, so "2023/2024" stays readable. */
static const char *name_replacement(char c)
{
	switch (c) {
	case '[': return "【";
	case ']': return "】";
	case ':': return "：";
	case '*': return "＊";
	case '?': return "？";
	case '/': return "／";
	case '\\': return "＼";
	}
	return NULL;
}

static bool name_taken(const struct xw *x, const char *name)
{
	if (strcasecmp(name, "History") == 0) /* Excel keeps it for itself */
		return true;
	for (int i = 0; i < x->nsheets; i++)
		if (strcasecmp(x->names[i], name) == 0)
			return true;
	return false;
}

/* WANT made into a sheet name Excel takes: its characters []:*?/\ in their
 * full-width forms, control characters and invalid bytes dropped, no
 * apostrophe at either end, at most 31 characters, not empty (表N), unique
 * in the workbook (a （2） appended). Returns a new string; X keeps it. */
static const char *sheet_name(struct xw *x, const char *want)
{
	/* the characters of the cleaned name, each at most 4 bytes */
	char chars[SHEET_CHARS][5];
	int n = 0;
	for (const char *p = want ? want : ""; *p && n < SHEET_CHARS;) {
		uint32_t cp;
		size_t len = utf8_decode((const unsigned char *)p, strnlen(p, 4), &cp);
		if (len == 0) {
			p++;
			continue;
		}
		const char *rep = len == 1 ? name_replacement(*p) : NULL;
		if (cp >= 0x20 && cp != 0x7f) {
			if (rep)
				strcpy(chars[n], rep);
			else {
				memcpy(chars[n], p, len);
				chars[n][len] = 0;
			}
			n++;
		}
		p += len;
	}
	int from = 0;
	while (from < n && (strcmp(chars[from], "'") == 0 || strcmp(chars[from], " ") == 0))
		from++;
	while (n > from && (strcmp(chars[n - 1], "'") == 0 || strcmp(chars[n - 1], " ") == 0))
		n--;

	struct strbuf b = {0};
	if (from == n) {
		for (int k = x->nsheets + 1;; k++) {
			sb_reset(&b);
			sb_addf(&b, "表%d", k);
			if (!name_taken(x, sb_str(&b)))
				break;
		}
	} else {
		for (int k = 1;; k++) {
			char suffix[32] = "";
			int suffix_chars = 0;
			if (k > 1)
				/* （ and ） are one character of three bytes each */
				suffix_chars = snprintf(suffix, sizeof suffix, "（%d）", k) - 6 + 2;
			int keep = n - from;
			if (keep + suffix_chars > SHEET_CHARS)
				keep = SHEET_CHARS - suffix_chars;
			sb_reset(&b);
			for (int i = from; i < from + keep; i++)
				sb_adds(&b, chars[i]);
			/* a cut may leave an apostrophe or space at the end */
			while (b.len && (b.s[b.len - 1] == '\'' || b.s[b.len - 1] == ' '))
				b.s[--b.len] = 0;
			sb_adds(&b, suffix);
			if (b.len && !name_taken(x, sb_str(&b)))
				break;
		}
	}
	x->names = xrealloc(x->names, (size_t)(x->nsheets + 1) * sizeof *x->names);
	x->names[x->nsheets++] = b.s;
	return b.s;
}

/* ---- sheets ------------------------------------------------------------ */

/* One worksheet being written: its columns and the next free row. */
struct sheet {
	lxw_worksheet *ws;
	int ncols;
	double *col;  /* each column's width, in Excel units */
	double units; /* the columns' width together */
	lxw_row_t row;
};

/* Writes TEXT on the next row, merged across the sheet's columns, in the
 * format of KIND; sets the row's height for the title, the subtitle and
 * text that wraps (no spreadsheet fits a merged row's height to its
 * text), or to HEIGHT when that is larger; a single line keeps the
 * default height. */
static void put_line(struct xw *x, struct sheet *s, const char *text, enum line_kind kind, double height)
{
	lxw_format *f = x->line[kind];
	double per_line = kind == L_TITLE ? 24 : kind == L_SUBTITLE ? 18 : LINE_HEIGHT;
	double units = kind == L_TITLE ? s->units * 11 / 16 : kind == L_SUBTITLE ? s->units * 11 / 12 : s->units;
	int lines = lines_for(text, units);
	double h = lines > 1 || kind == L_TITLE || kind == L_SUBTITLE ? lines * per_line : LXW_DEF_ROW_HEIGHT;
	if (h < height)
		h = height;
	if (h != LXW_DEF_ROW_HEIGHT)
		check(x, worksheet_set_row(s->ws, s->row, h, NULL), "setting a row's height");
	if (s->ncols > 1)
		check(x, worksheet_merge_range(s->ws, s->row, 0, s->row, (lxw_col_t)(s->ncols - 1), "", f),
		      "merging a row");
	put_string(x, s->ws, s->row, 0, text, f);
	s->row++;
}

/* LABEL：VALUE pairs of F on one line, or signature lines when SIGN. */
static char *fields_line(const struct doc_field *f, int n, bool sign)
{
	struct strbuf b = {0};
	for (int i = 0; i < n; i++) {
		if (i)
			sb_adds(&b, sign ? "　　　　" : "　　");
		const char *label = f[i].label ? f[i].label : "";
		size_t len = strlen(label);
		sb_adds(&b, label);
		if (len && !(len >= 3 && strcmp(label + len - 3, "：") == 0) && label[len - 1] != ':')
			sb_adds(&b, "：");
		const char *value = f[i].value ? f[i].value : "";
		sb_adds(&b, sign && !*value ? "__________" : value);
	}
	if (!b.s)
		sb_adds(&b, "");
	return b.s;
}

static void put_heading(struct xw *x, struct sheet *s, const struct doc_heading *h)
{
	if (h->title && *h->title)
		put_line(x, s, h->title, L_TITLE, 30);
	if (h->subtitle && *h->subtitle)
		put_line(x, s, h->subtitle, L_SUBTITLE, 20);
	if ((h->office && *h->office) || (h->number && *h->number)) {
		struct strbuf b = {0};
		if (h->office && *h->office)
			sb_adds(&b, h->office);
		if (h->number && *h->number) {
			if (b.len)
				sb_adds(&b, "　　");
			sb_adds(&b, h->number);
		}
		put_line(x, s, sb_str(&b), L_OFFICE, 0);
		sb_free(&b);
	}
	if (h->recipient && *h->recipient)
		put_line(x, s, h->recipient, L_LEFT, 0);
}

/* The blocks of D from FROM to TO (not a heading or a table) as lines. */
static void put_blocks(struct xw *x, struct sheet *s, int from, int to)
{
	for (int i = from; i < to; i++) {
		const struct doc_block *b = &x->d->blocks[i];
		char *line;
		switch (b->kind) {
		case DOC_PARA:
			if (b->right) {
				put_line(x, s, b->text, L_RIGHT, 0);
			} else if (b->indent) {
				line = xasprintf("　　%s", b->text ? b->text : "");
				put_line(x, s, line, L_PARA, 0);
				free(line);
			} else {
				put_line(x, s, b->text, L_PARA, 0);
			}
			break;
		case DOC_FIELDS:
			line = fields_line(b->fields, b->nfields, false);
			put_line(x, s, line, L_LEFT, 0);
			free(line);
			break;
		case DOC_SIGN:
			s->row++; /* room above the line to sign on */
			line = fields_line(b->fields, b->nfields, true);
			put_line(x, s, line, L_SIGN, 30);
			free(line);
			break;
		case DOC_CHART: /* charts are drawn in the PDF and on the pages */
		case DOC_BREAK: /* a sheet is not cut into pages by the paper */
		case DOC_HEADING:
		case DOC_TABLE: break;
		}
	}
}

static enum num cell_num(enum cell_type t)
{
	switch (t) {
	case CELL_INT: return NUM_INT;
	case CELL_POINTS: return NUM_POINTS;
	case CELL_PERCENT: return NUM_PERCENT;
	case CELL_TEXT:
	case CELL_BOOL:
	case CELL_NULL:
	case CELL_TIME: return NUM_TEXT;
	}
	return NUM_TEXT;
}

static void put_cell(struct xw *x, struct sheet *s, lxw_col_t col, const struct doc_cell *c, bool wrap, bool total)
{
	int fill = c->fill < 5 ? c->fill : FILL_NONE;
	enum num num = cell_num(c->type);
	lxw_format *f = cell_format(x, num, fill, (c->flags & DOC_BOLD) != 0, wrap, total);
	char buf[64];
	switch (c->type) {
	case CELL_INT:
		check(x, worksheet_write_number(s->ws, s->row, col, (double)c->v, f), "writing a number");
		break;
	case CELL_POINTS:
		check(x, worksheet_write_number(s->ws, s->row, col, (double)c->v / 10.0, f), "writing a number");
		break;
	case CELL_PERCENT:
		check(x, worksheet_write_number(s->ws, s->row, col, (double)c->v / 1000.0, f), "writing a number");
		break;
	case CELL_NULL: check(x, worksheet_write_blank(s->ws, s->row, col, f), "writing a cell"); break;
	case CELL_TEXT:
	case CELL_BOOL:
	case CELL_TIME: {
		const char *text = doc_cell_text(c, buf, sizeof buf);
		if (*text)
			put_string(x, s->ws, s->row, col, text, f);
		else
			check(x, worksheet_write_blank(s->ws, s->row, col, f), "writing a cell");
		break;
	}
	}
}

/* Sets the height of S's current row to LINES lines when that is more
 * than one (Excel may fit a wrapped row itself, LibreOffice and WPS do not). */
static void fit_row(struct xw *x, struct sheet *s, int lines)
{
	if (lines > 1)
		check(x, worksheet_set_row(s->ws, s->row, lines * LINE_HEIGHT, NULL), "setting a row's height");
}

static void put_table(struct xw *x, struct sheet *s, const struct doc_table *t)
{
	lxw_row_t header = s->row;
	int lines = 1;
	for (int i = 0; i < t->ncols; i++) {
		put_string(x, s->ws, header, (lxw_col_t)i, t->cols[i].header, x->line[L_HEADER]);
		int n = lines_for(t->cols[i].header ? t->cols[i].header : "", s->col[i]);
		lines = n > lines ? n : lines;
	}
	fit_row(x, s, lines);
	s->row++;
	for (int r = 0; r < t->nrows; r++) {
		const struct doc_row *row = &t->rows[r];
		if (row->kind == DOC_ROW_GROUP) {
			put_line(x, s, row->text, row->level <= 1 ? L_GROUP1 : L_GROUP2, 0);
			continue;
		}
		lines = 1;
		for (int i = 0; i < t->ncols; i++) {
			const struct doc_cell *c = &row->cells[i];
			put_cell(x, s, (lxw_col_t)i, c, t->cols[i].wrap, row->kind == DOC_ROW_TOTAL);
			char buf[64];
			int n = t->cols[i].wrap ? lines_for(doc_cell_text(c, buf, sizeof buf), s->col[i]) : 1;
			lines = n > lines ? n : lines;
		}
		fit_row(x, s, lines);
		s->row++;
	}
	worksheet_freeze_panes(s->ws, header + 1, 0);
	check(x, worksheet_repeat_rows(s->ws, header, header), "repeating the header row");
}

/* S's footer: the doc's footer at the left, 第 &P 页 共 &N 页 in the middle
 * (an & of the footer doubled; cut to Excel's 255 bytes). */
static void put_footer(struct xw *x, struct sheet *s)
{
	static const char pages[] = "&C第 &P 页 共 &N 页";
	struct strbuf b = {0};
	const char *footer = x->d->footer;
	if (footer && *footer) {
		sb_adds(&b, "&L");
		for (const char *p = footer; *p;) {
			size_t len = char_len(p);
			if (b.len + len + 1 + sizeof pages > LXW_HEADER_FOOTER_MAX)
				break;
			if (*p == '&')
				sb_addc(&b, '&');
			sb_add(&b, p, len);
			p += len;
		}
	}
	sb_adds(&b, pages);
	check(x, worksheet_set_footer(s->ws, sb_str(&b)), "setting the page footer");
	sb_free(&b);
}

/* A new sheet named from NAME with the columns of T (NULL: one wide column). */
static int sheet_start(struct xw *x, struct sheet *s, const char *name, const struct doc_table *t)
{
	memset(s, 0, sizeof *s);
	const char *safe = sheet_name(x, name);
	lxw_error refused = workbook_validate_sheet_name(x->wb, safe);
	if (refused)
		return check(x, refused, "naming a worksheet");
	s->ws = workbook_add_worksheet(x->wb, safe);
	if (!s->ws)
		return check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "adding a worksheet");
	s->ncols = t ? t->ncols : 1;
	s->col = xcalloc((size_t)s->ncols, sizeof *s->col);
	for (int i = 0; i < s->ncols; i++) {
		double w = (t ? t->cols[i].width : TEXT_COLUMN) * CHAR_UNITS + 1;
		s->col[i] = w;
		s->units += w;
		check(x, worksheet_set_column(s->ws, (lxw_col_t)i, (lxw_col_t)i, w, NULL), "setting a column's width");
	}
	worksheet_set_paper(s->ws, 9); /* A4 */
	if (x->d->landscape)
		worksheet_set_landscape(s->ws);
	else
		worksheet_set_portrait(s->ws);
	worksheet_fit_to_pages(s->ws, 1, 0);
	worksheet_center_horizontally(s->ws);
	worksheet_set_margins(s->ws, 0.5, 0.5, 0.6, 0.7); /* inches: 1.3 cm at the sides */
	put_footer(x, s);
	return 0;
}

/* One sheet: heading H (may be NULL), the blocks [ABOVE, TABLE), the table
 * at block TABLE (-1: none), the blocks (TABLE, BELOW) and, when DATE, the
 * heading's date. */
static void put_sheet(struct xw *x, const struct doc_heading *h, int above, int table, int below, bool date)
{
	const struct doc_table *t = table >= 0 ? x->d->blocks[table].table : NULL;
	const char *name = t ? t->sheet : h && h->title ? h->title : x->d->title;
	struct sheet s;
	if (sheet_start(x, &s, name, t)) {
		free(s.col);
		return;
	}
	if (h)
		put_heading(x, &s, h);
	if (t) {
		put_blocks(x, &s, above, table);
		put_table(x, &s, t);
		put_blocks(x, &s, table + 1, below);
	} else {
		put_blocks(x, &s, above, below);
	}
	if (date && h && h->date && *h->date)
		put_line(x, &s, h->date, L_RIGHT, 0);
	free(s.col);
}

/* Cuts D into papers at its headings and writes each paper's tables as
 * sheets (a paper without one as one sheet). A table's sheet holds the
 * blocks between the previous table (or the heading) and it, and after it
 * those up to the next table (the field lines right before that one are
 * its own) or the end of the paper. */
static void put_doc(struct xw *x)
{
	const struct doc *d = x->d;
	for (int start = 0; start < d->nblocks;) {
		const struct doc_heading *h = NULL;
		int first = start;
		if (d->blocks[start].kind == DOC_HEADING)
			h = &d->blocks[first++].heading;
		int end = first;
		while (end < d->nblocks && d->blocks[end].kind != DOC_HEADING)
			end++;
		bool tables = false, text = h != NULL;
		for (int i = first, prev = first; i < end; i++) {
			enum doc_block_kind k = d->blocks[i].kind;
			text = text || (k != DOC_CHART && k != DOC_BREAK);
			if (k != DOC_TABLE)
				continue;
			int next = i + 1;
			while (next < end && d->blocks[next].kind != DOC_TABLE)
				next++;
			int below = next;
			if (next < end)
				while (below > i + 1 && d->blocks[below - 1].kind == DOC_FIELDS)
					below--;
			put_sheet(x, h, prev, i, below, next == end);
			prev = below;
			tables = true;
		}
		if (!tables && text)
			put_sheet(x, h, first, -1, end, true);
		start = end;
	}
	if (x->nsheets == 0) /* nothing to show: still a workbook Excel opens */
		put_sheet(x, NULL, 0, -1, d->nblocks, false);
}

/* ---- the file ----------------------------------------------------------- */

/* Copies the file at PATH to OUT. */
static int copy_out(const char *path, FILE *out, struct kp_error *e)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return kp_fail(e, KP_EFAIL, "reading the workbook back from %s: %s", path, strerror(errno));
	char buf[65536];
	size_t n;
	int rc = 0;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n) {
			rc = kp_fail(e, KP_EFAIL, "writing the workbook: %s", strerror(errno));
			break;
		}
	if (!rc && ferror(in))
		rc = kp_fail(e, KP_EFAIL, "reading the workbook back from %s: %s", path, strerror(errno));
	fclose(in);
	if (!rc && fflush(out) != 0)
		rc = kp_fail(e, KP_EFAIL, "writing the workbook: %s", strerror(errno));
	return rc;
}

int doc_write_xlsx(const struct doc *d, FILE *out, struct kp_error *e)
{
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	char *path = xasprintf("%s/kaoping-xlsx-XXXXXX", tmp);
	int fd = mkstemp(path);
	if (fd < 0) {
		int rc = kp_fail(e, KP_EFAIL, "cannot make a temporary file in %s for the workbook: %s", tmp,
				 strerror(errno));
		free(path);
		return rc;
	}
	close(fd);

	int rc = 0;
	struct xw x = {.d = d};
	lxw_workbook_options options = {.tmpdir = (char *)tmp};
	x.wb = workbook_new_opt(path, &options);
	if (!x.wb) {
		rc = kp_fail(e, KP_EFAIL, "cannot start a workbook in %s", path);
		goto done;
	}
	lxw_doc_properties props = {.title = (char *)d->title, .author = (char *)d->author};
	check(&x, workbook_set_properties(x.wb, &props), "setting the workbook's properties");
	formats_init(&x);
	put_doc(&x);
	/* workbook_close writes the file and frees the workbook, error or not */
	lxw_error closed = workbook_close(x.wb);
	if (x.err != LXW_NO_ERROR)
		rc = kp_fail(e, KP_EFAIL, "%s: %s", x.what, lxw_strerror(x.err));
	else if (closed != LXW_NO_ERROR)
		rc = kp_fail(e, KP_EFAIL, "writing the workbook: %s", lxw_strerror(closed));
	else
		rc = copy_out(path, out, e);
done:
	unlink(path);
	free(path);
	for (int i = 0; i < x.nsheets; i++)
		free(x.names[i]);
	free(x.names);
	return rc;
}
