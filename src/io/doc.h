/* doc.h — a paper that leaves the office, described once and rendered as an
 * Excel workbook (io/xlsx.c) or an A4 PDF (io/pdf.c): a heading (issuing
 * office, 文号, title, recipient), paragraphs, label/value lines, tables of
 * typed cells with group rows and coloured cells, charts, a signature and
 * seal block, the contact line, and page breaks between the papers of one
 * file (one 催办单 per unit).
 *
 * The model knows formats, not the campaign: the builders in src/papers/
 * fill it from the domain's typed rows. Every string given to a doc_*
 * function is copied into the doc, so a builder may pass temporaries; the
 * doc owns everything and doc_free releases it all at once. */
#ifndef KAOPING_DOC_H
#define KAOPING_DOC_H
#include <stdbool.h>
#include <stdio.h>

#include "core/util.h"
#include "io/chart.h"
#include "io/table.h"

/* A cell's background: deadline lights and marks, readable in greyscale
 * (the PDF also writes the light's word, the renderers never rely on hue). */
enum doc_fill { FILL_NONE, FILL_GREEN, FILL_YELLOW, FILL_RED, FILL_GREY };

/* Cell flags. */
enum { DOC_BOLD = 1 };

/* One cell: a table.h cell (text, integer, points or percent in tenths,
 * bool, time, empty) with a fill and flags. */
struct doc_cell {
	enum cell_type type;
	const char *s;
	long long v;
	unsigned char fill;  /* enum doc_fill */
	unsigned char flags; /* DOC_BOLD */
};

/* A column: its header (Chinese), its width in full-width characters (a
 * CJK character is 1, two ASCII digits are about 1), and whether long text
 * wraps in it (otherwise it is one line, cut with … in the PDF). Numeric
 * cells are right-aligned, text left, whatever the column. */
struct doc_column {
	const char *header;
	int width;
	bool wrap;
};

enum doc_row_kind {
	DOC_ROW_CELLS, /* ncols cells */
	DOC_ROW_GROUP, /* one text spanning the table: a 测评项目 or 测评指标 heading (level 1 or 2) */
	DOC_ROW_TOTAL, /* ncols cells, bold, ruled above: 合计 */
};

struct doc_row {
	enum doc_row_kind kind;
	int level;              /* DOC_ROW_GROUP: 1 (item) or 2 (indicator) */
	const char *text;       /* DOC_ROW_GROUP */
	struct doc_cell *cells; /* DOC_ROW_CELLS, DOC_ROW_TOTAL: ncols */
};

struct doc_table {
	const char *sheet; /* the workbook sheet's name (Chinese, at most 31 characters, made safe by the renderer) */
	struct doc_column *cols;
	int ncols;
	struct doc_row *rows;
	int nrows, cap;
};

/* A labelled value on a line of its own or beside others: 单位：区教育局. */
struct doc_field {
	const char *label, *value;
};

enum doc_block_kind {
	DOC_HEADING,   /* the paper's heading: office, number, title, subtitle (from struct doc_heading) */
	DOC_PARA,      /* a paragraph of text; wraps; first-line indent when indent */
	DOC_FIELDS,    /* a line of label/value pairs */
	DOC_TABLE,     /* a table: header repeated on every PDF page it runs over; a sheet of its own in XLSX */
	DOC_CHART,     /* a chart (io/chart.h): SVG on the web, drawn into the PDF, omitted in XLSX */
	DOC_SIGN,      /* the signature and seal block: labels each with a line to sign on */
	DOC_BREAK,     /* a page break (PDF); XLSX ignores it */
};

/* The heading of one paper (a doc of several papers, one per unit, has one
 * DOC_HEADING block per paper). Any field may be NULL. */
struct doc_heading {
	const char *office;    /* 发文机关: 某某区创建工作领导小组办公室 */
	const char *number;    /* 文号: 创建办督〔2024〕3号 */
	const char *title;     /* 测评表, 催办单, 挂牌督办通知书 */
	const char *subtitle;  /* the campaign's title, or the unit's name */
	const char *recipient; /* 区教育局： (a notice's addressee, with the colon) */
	const char *date;      /* 2024年7月29日: printed at the right, after the body */
};

struct doc_block {
	enum doc_block_kind kind;
	struct doc_heading heading; /* DOC_HEADING */
	const char *text;           /* DOC_PARA */
	bool indent;                /* DOC_PARA: two characters' first-line indent */
	bool right;                 /* DOC_PARA: right-aligned (a date, a signature) */
	struct doc_field *fields;   /* DOC_FIELDS, DOC_SIGN */
	int nfields;
	struct doc_table *table; /* DOC_TABLE */
	struct chart *chart;     /* DOC_CHART (owned by the doc) */
};

/* A whole file. TITLE names the file's contents (the PDF's title, the
 * workbook's title property); landscape lays the PDF out on A4 landscape. */
struct doc {
	const char *title;
	const char *author; /* the issuing office, for the file's properties */
	bool landscape;
	/* number the PDF's pages within each paper (the papers between
	 * DOC_BREAKs: a batch of 催办单, one a unit) rather than through the file */
	bool per_paper;
	const char *footer; /* printed at the bottom left of every PDF page (may be NULL) */
	struct doc_block *blocks;
	int nblocks, cap;
	void **owned_; /* what the doc frees: copied strings, tables, cells, charts (private) */
	int nowned_, capowned_;
};

struct doc *doc_new(const char *title);
void doc_free(struct doc *d);

/* Copies S (NULL stays NULL) or a formatted string into D; lives as long as D. */
const char *doc_str(struct doc *d, const char *s);
const char *doc_printf(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void doc_set_author(struct doc *d, const char *author);
void doc_set_footer(struct doc *d, const char *footer);
void doc_heading(struct doc *d, const struct doc_heading *h);
void doc_para(struct doc *d, const char *text, bool indent);
void doc_para_right(struct doc *d, const char *text);
void doc_fields(struct doc *d, const struct doc_field *f, int n);
void doc_sign(struct doc *d, const struct doc_field *f, int n); /* label and what is printed on its line (often "") */
void doc_chart(struct doc *d, struct chart *ch);                /* takes ownership of CH */
void doc_break(struct doc *d);

/* A new table of NCOLS columns (copied); rows are added with doc_row,
 * doc_group and doc_total, which copy the cells and their strings. */
struct doc_table *doc_table(struct doc *d, const char *sheet, const struct doc_column *cols, int ncols);
void doc_row(struct doc *d, struct doc_table *t, const struct doc_cell *cells);
void doc_total(struct doc *d, struct doc_table *t, const struct doc_cell *cells);
void doc_group(struct doc *d, struct doc_table *t, int level, const char *text);

/* The text a cell shows in a table (what pdf prints and what a CSV of the
 * XLSX reads): points as 3.5, percent as 98.5%, bool as 是 or empty, time in
 * the zone given by v, empty as empty. Returns BUF (size at least 32) or
 * the cell's own text. */
const char *doc_cell_text(const struct doc_cell *c, char *buf, size_t size);

/* The renderers. Each writes the whole file to OUT (a file, a pipe or an
 * open_memstream) and returns 0, or fails with E (KP_EFAIL: the library's
 * message) having written nothing useful. */
int doc_write_xlsx(const struct doc *d, FILE *out, struct kp_error *e);
int doc_write_pdf(const struct doc *d, FILE *out, struct kp_error *e);
/* One PDF of the papers NEXT gives one at a time (each a doc, freed once
 * drawn; NULL when there are no more, or on an error it sets in E): each
 * is laid out and numbered on its own, the fonts are embedded once, and
 * memory holds one paper, not the file — a province's 各单位测评表. TITLE
 * and AUTHOR are the file's. */
int doc_write_pdf_papers(struct doc *(*next)(void *arg, struct kp_error *e), void *arg, const char *title,
			 const char *author, FILE *out, struct kp_error *e);
#endif
