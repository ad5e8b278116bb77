/* pdf.c — a doc (io/doc.h) as an A4 PDF to print, sign and seal: cairo
 * draws, pango lays the Chinese text out in Noto CJK (subsets embedded).
 *
 * The doc is laid out twice by the same code: a first pass without a
 * surface only measures and paginates (so every page can say "第 N 页 共 M
 * 页", and the rows' heights are kept for the second pass), the second
 * draws into a PDF surface writing to the caller's FILE.
 *
 * Page: A4 portrait, or landscape when d->landscape. A doc of text only (a
 * notice) keeps the GB/T 9704 margins (top 37 mm, bottom 35, left 28,
 * right 26) and 14 pt body text; a doc with a table or a chart, or in
 * landscape, uses 20 mm margins all round and 12 pt body text, so a
 * 测评表 gets its columns. The page number sits 7 mm (or less) under the
 * text box, centred; d->footer at the left of the same line.
 *
 * Where things go, and what is kept together:
 *   - a paper is the run of blocks from a DOC_HEADING (or the start) to
 *     the next DOC_HEADING or DOC_BREAK (or the end); its heading's date is
 *     printed right-aligned after the paper's last block;
 *   - a DOC_SIGN block is never split, is kept with the date that follows
 *     it, and with the last two rows of the table (or last two lines of the
 *     paragraph) before it: when those do not fit together, they move to
 *     the next page together (the table's header is repeated there);
 *   - a table's header is repeated at the top of every page it runs over;
 *     a row never splits (a row taller than a page is clipped); a group row
 *     is kept with the row after it; a table starts on a new page when not
 *     even its header and first row fit;
 *   - a chart is kept on one page (scaled down when taller than a page);
 *   - a heading moves to a new page when fewer than three lines of text
 *     would fit under it;
 *   - DOC_BREAK starts a new page for the block after it unless the
 *     current page is still empty (no blank pages, none at the end). */
#include "io/doc.h"

#include <assert.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#define MM (72.0 / 25.4)
#define A4_W 595.28
#define A4_H 841.89
#define PAD_X 3.0 /* a table cell's inner margins */
#define PAD_Y 2.5
#define RULE 0.5 /* table borders */

enum font {
	F_OFFICE,    /* 发文机关: serif bold */
	F_TITLE,     /* the paper's title: serif bold (小标宋's place) */
	F_SUBTITLE,  /* serif */
	F_BODY,      /* paragraphs, fields, signatures, the date: serif */
	F_BODY_BOLD, /* field labels */
	F_CELL,      /* table text: sans */
	F_CELL_BOLD, /* table headers, groups, totals */
	F_SMALL,     /* footer, chart marks: sans */
	NFONT
};

enum wrap { UNBOUNDED, WRAP, CUT };

/* One pass over the doc: where we are, and what is drawn on. */
struct pdf {
	const struct doc *d;
	cairo_t *cr; /* NULL in the measuring pass */
	PangoContext *ctx;
	PangoLayout *lay[NFONT];
	double size[NFONT];
	double pw, ph;              /* the page */
	double left, top, w, bottom; /* the text box: x from left, w wide; y from top to bottom */
	double foot_y;              /* top of the page-number line */
	double y;                   /* where the next thing goes */
	int page, pages;            /* the current page (from 1); the total, once known */
	/* doc.per_paper: the papers' page counts (measured in the first pass),
	 * the current paper and its first page */
	int *paper_pages, npapers, paper, paper_first;
	bool fresh;                 /* nothing on this page yet */
	double body_line, cell_line; /* the height of one line of body and table text */
	double **rowh;              /* per block: a table's row heights, measured in the first pass */
	double *headh;              /* per block: a table's header height */
};

/* ---- text ---------------------------------------------------------------- */

/* The layout of font F set up for S: WIDTH points wide (UNBOUNDED: one
 * line as long as it is), wrapped or cut with …, aligned A. The layout is
 * the pass's own and is reused by the next call. */
static PangoLayout *text(struct pdf *p, enum font f, const char *s, double width, PangoAlignment a, enum wrap mode)
{
	PangoLayout *l = p->lay[f];
	pango_layout_set_attributes(l, NULL);
	pango_layout_set_indent(l, 0);
	pango_layout_set_alignment(l, a);
	pango_layout_set_width(l, mode == UNBOUNDED || width <= 0 ? -1 : pango_units_from_double(width));
	pango_layout_set_single_paragraph_mode(l, mode == CUT);
	pango_layout_set_ellipsize(l, mode == CUT ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, s ? s : "", -1);
	return l;
}

static double height_of(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return h / (double)PANGO_SCALE;
}

static double width_of(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return w / (double)PANGO_SCALE;
}

static void gray(struct pdf *p, double g)
{
	if (p->cr)
		cairo_set_source_rgb(p->cr, g, g, g);
}

/* Draws L with its top left at X, Y (nothing in the measuring pass). */
static void show(struct pdf *p, PangoLayout *l, double x, double y)
{
	if (!p->cr)
		return;
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
}

static void rect(struct pdf *p, double x, double y, double w, double h, double g)
{
	if (!p->cr)
		return;
	gray(p, g);
	cairo_rectangle(p->cr, x, y, w, h);
	cairo_fill(p->cr);
}

static void line(struct pdf *p, double x0, double y0, double x1, double y1, double width)
{
	if (!p->cr)
		return;
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, x0, y0);
	cairo_line_to(p->cr, x1, y1);
	cairo_stroke(p->cr);
}

/* ---- pages ----------------------------------------------------------------- */

/* Finishes the current page: "第 N 页 共 M 页" centred (drawn word by
 * word with a half-character gap, so text extraction keeps the spaces), the
 * footer at the left. */
static void pdf_page_end(struct pdf *p)
{
	if (!p->cr)
		return;
	char n[16], m[16];
	if (p->d->per_paper) {
		snprintf(n, sizeof n, "%d", p->page - p->paper_first + 1);
		snprintf(m, sizeof m, "%d", p->paper < p->npapers ? p->paper_pages[p->paper] : 0);
	} else {
		snprintf(n, sizeof n, "%d", p->page);
		snprintf(m, sizeof m, "%d", p->pages);
	}
	const char *words[] = {"第", n, "页", "共", m, "页"};
	double gap = p->size[F_CELL] * 0.5, numw = 0, x, lh = p->cell_line;
	for (int i = 0; i < 6; i++)
		numw += width_of(text(p, F_CELL, words[i], 0, PANGO_ALIGN_LEFT, UNBOUNDED)) + (i ? gap : 0);
	gray(p, 0);
	x = p->left + (p->w - numw) / 2;
	for (int i = 0; i < 6; i++) {
		PangoLayout *l = text(p, F_CELL, words[i], 0, PANGO_ALIGN_LEFT, UNBOUNDED);
		show(p, l, x, p->foot_y);
		x += width_of(l) + gap;
	}
	if (p->d->footer) {
		double fw = (p->w - numw) / 2 - 12;
		if (fw > 20) {
			PangoLayout *l = text(p, F_SMALL, p->d->footer, fw, PANGO_ALIGN_LEFT, CUT);
			show(p, l, p->left, p->foot_y + (lh - height_of(l)) / 2);
		}
	}
	cairo_show_page(p->cr);
}

static void pdf_page_new(struct pdf *p)
{
	pdf_page_end(p);
	p->page++;
	p->y = p->top;
	p->fresh = true;
}

/* The space between blocks (none at the top of a page). */
static void space(struct pdf *p, double g)
{
	if (!p->fresh)
		p->y += g;
}

/* Makes room for something H high that wants KEEP (>= H) under it on the
 * same page: a new page when it does not fit and would on a new one. */
static void room(struct pdf *p, double h, double keep)
{
	double content = p->bottom - p->top;
	if (p->fresh)
		return;
	if (p->y + keep > p->bottom && keep <= content)
		pdf_page_new(p);
	else if (p->y + h > p->bottom)
		pdf_page_new(p);
}

/* ---- headings, paragraphs, fields, signatures -------------------------------- */

static const double DARK_RED[3] = {0.6, 0.05, 0.05}; /* 红头: prints dark grey in black and white */

/* The heading block; returns its height (draws when DRAW). */
static double heading(struct pdf *p, const struct doc_heading *h, double y, bool draw)
{
	double y0 = y;
	PangoLayout *l;
	if (p->cr && draw)
		cairo_set_source_rgb(p->cr, DARK_RED[0], DARK_RED[1], DARK_RED[2]);
	if (h->office) {
		l = text(p, F_OFFICE, h->office, p->w, PANGO_ALIGN_CENTER, WRAP);
		if (draw)
			show(p, l, p->left, y);
		y += height_of(l) + 4;
	}
	if (p->cr && draw)
		gray(p, 0);
	if (h->number) {
		l = text(p, F_BODY, h->number, p->w, PANGO_ALIGN_CENTER, WRAP);
		if (draw)
			show(p, l, p->left, y);
		y += height_of(l) + 2;
	}
	if (h->office || h->number) {
		/* the rule under the 版头 */
		if (p->cr && draw) {
			cairo_set_source_rgb(p->cr, DARK_RED[0], DARK_RED[1], DARK_RED[2]);
			line(p, p->left, y + 4, p->left + p->w, y + 4, 1.2);
			gray(p, 0);
		}
		y += 4 + 1.2 + p->body_line * 0.8;
	}
	if (h->title) {
		l = text(p, F_TITLE, h->title, p->w, PANGO_ALIGN_CENTER, WRAP);
		if (draw)
			show(p, l, p->left, y);
		y += height_of(l) + 4;
	}
	if (h->subtitle) {
		l = text(p, F_SUBTITLE, h->subtitle, p->w, PANGO_ALIGN_CENTER, WRAP);
		if (draw)
			show(p, l, p->left, y);
		y += height_of(l) + 4;
	}
	if (h->recipient) {
		y += p->body_line * 0.5;
		l = text(p, F_BODY, h->recipient, p->w, PANGO_ALIGN_LEFT, WRAP);
		if (draw)
			show(p, l, p->left, y);
		y += height_of(l);
	}
	return y - y0;
}

/* Places the laid-out text L (a paragraph or a line of fields) line by
 * line, across pages when it must; its last two lines are kept with TAIL
 * points of what follows (a signature block, the date). */
static void flow(struct pdf *p, PangoLayout *l, double tail)
{
	int n = pango_layout_get_line_count(l);
	double total = height_of(l), content = p->bottom - p->top;
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double off = p->y; /* page y of the layout's top */
	int i = 0;
	do {
		PangoRectangle r;
		pango_layout_iter_get_line_extents(it, NULL, &r);
		double ly = r.y / (double)PANGO_SCALE, lh = r.height / (double)PANGO_SCALE;
		double need = lh;
		if (i == 0 && n >= 2) {
			/* no first line alone at the bottom */
			PangoLayoutIter *two = pango_layout_iter_copy(it);
			PangoRectangle r2;
			pango_layout_iter_next_line(two);
			pango_layout_iter_get_line_extents(two, NULL, &r2);
			need = (r2.y + r2.height) / (double)PANGO_SCALE - ly;
			pango_layout_iter_free(two);
		}
		if (i == (n >= 2 ? n - 2 : 0) && total - ly + tail <= content)
			need = fmax(need, total - ly + tail);
		if (!p->fresh && off + ly + need > p->bottom) {
			if (off + ly + lh > p->bottom || need > lh) {
				pdf_page_new(p);
				off = p->top - ly;
			}
		}
		if (p->cr) {
			int base = pango_layout_iter_get_baseline(it);
			cairo_move_to(p->cr, p->left + r.x / (double)PANGO_SCALE, off + base / (double)PANGO_SCALE);
			pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
		}
		p->y = off + ly + lh;
		p->fresh = false;
		i++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	p->y = off + total;
}

static PangoLayout *para_layout(struct pdf *p, const struct doc_block *b)
{
	PangoLayout *l = text(p, F_BODY, b->text, p->w, b->right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, WRAP);
	if (b->indent && !b->right)
		pango_layout_set_indent(l, pango_units_from_double(2 * p->size[F_BODY]));
	return l;
}

static bool has_colon(const char *s)
{
	size_t n = strlen(s);
	return (n >= 3 && strcmp(s + n - 3, "：") == 0) || (n >= 1 && s[n - 1] == ':');
}

/* A line of fields: bold labels, values, two ideographic spaces between. */
static PangoLayout *fields_layout(struct pdf *p, const struct doc_block *b)
{
	struct strbuf s = {0};
	PangoAttrList *attrs = pango_attr_list_new();
	for (int i = 0; i < b->nfields; i++) {
		if (i)
			sb_adds(&s, "　　");
		size_t from = s.len;
		const char *label = b->fields[i].label ? b->fields[i].label : "";
		sb_adds(&s, label);
		if (*label && !has_colon(label))
			sb_adds(&s, "：");
		PangoAttribute *a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
		a->start_index = (guint)from;
		a->end_index = (guint)s.len;
		pango_attr_list_insert(attrs, a);
		sb_adds(&s, b->fields[i].value);
	}
	PangoLayout *l = text(p, F_BODY, sb_str(&s), p->w, PANGO_ALIGN_LEFT, WRAP);
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	sb_free(&s);
	return l;
}

/* The signature block: each label right-aligned in a column as wide as the
 * widest, then a line to sign on (its value, usually empty, printed on it);
 * as many to a row as fit. Returns its height. */
static double sign_block(struct pdf *p, const struct doc_block *b, double y, bool draw)
{
	int n = b->nfields;
	if (n == 0)
		return 0;
	double em = p->size[F_BODY], labw = 0;
	char buf[512];
	for (int i = 0; i < n; i++) {
		snprintf(buf, sizeof buf, "%s%s", b->fields[i].label, has_colon(b->fields[i].label) ? "" : "：");
		labw = fmax(labw, width_of(text(p, F_BODY, buf, 0, PANGO_ALIGN_LEFT, UNBOUNDED)));
	}
	labw = fmin(labw, p->w * 0.5);
	double linew = 8 * em, gap = 2 * em;
	int per = (int)((p->w + gap) / (labw + linew + gap));
	if (per < 1) {
		per = 1;
		linew = fmax(p->w - labw, 3 * em);
	}
	if (per > n)
		per = n;
	double pitch = p->w / per, rowh = 2.6 * p->body_line;
	int rows = (n + per - 1) / per;
	if (draw && p->cr) {
		gray(p, 0);
		for (int i = 0; i < n; i++) {
			double x = p->left + (i % per) * pitch, top = y + (i / per) * rowh + rowh - 1.3 * p->body_line;
			snprintf(buf, sizeof buf, "%s%s", b->fields[i].label, has_colon(b->fields[i].label) ? "" : "：");
			PangoLayout *l = text(p, F_BODY, buf, labw, PANGO_ALIGN_RIGHT, CUT);
			show(p, l, x, top);
			double base = top + pango_layout_get_baseline(l) / (double)PANGO_SCALE + 3;
			line(p, x + labw + 2, base, x + labw + linew, base, 0.6);
			if (*b->fields[i].value) {
				l = text(p, F_BODY, b->fields[i].value, linew - 4, PANGO_ALIGN_CENTER, CUT);
				show(p, l, x + labw + 2, top);
			}
		}
	}
	return rows * rowh;
}

/* The date line at the end of a paper: gap above, its height. */
static double date_height(struct pdf *p)
{
	return p->body_line * 1.5;
}

static void date_line(struct pdf *p, const char *date)
{
	room(p, date_height(p), date_height(p));
	space(p, p->body_line * 0.5);
	gray(p, 0);
	PangoLayout *l = text(p, F_BODY, date, p->w - 2 * p->size[F_BODY], PANGO_ALIGN_RIGHT, WRAP);
	show(p, l, p->left, p->y);
	p->y += height_of(l);
	p->fresh = false;
}

/* ---- tables -------------------------------------------------------------------- */

static bool numeric(const struct doc_cell *c)
{
	return c->type == CELL_INT || c->type == CELL_POINTS || c->type == CELL_PERCENT;
}

/* A cell's fill as a tint of distinct lightness (green lightest, red
 * darkest), so the lights stay apart when printed in black and white. */
static void fill_color(struct pdf *p, enum doc_fill f)
{
	switch (f) {
	case FILL_GREEN: cairo_set_source_rgb(p->cr, 0.88, 0.96, 0.88); break; /* grey 0.93 */
	case FILL_YELLOW: cairo_set_source_rgb(p->cr, 1.0, 0.86, 0.50); break; /* grey 0.86 */
	case FILL_RED: cairo_set_source_rgb(p->cr, 0.96, 0.66, 0.66); break;   /* grey 0.75 */
	case FILL_GREY: gray(p, 0.80); break;
	case FILL_NONE: break;
	}
}

static PangoLayout *cell_layout(struct pdf *p, const struct doc_column *col, const struct doc_cell *c, double colw)
{
	char buf[64];
	const char *s = doc_cell_text(c, buf, sizeof buf);
	return text(p, c->flags & DOC_BOLD ? F_CELL_BOLD : F_CELL, s, colw - 2 * PAD_X,
		    numeric(c) ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, col->wrap ? WRAP : CUT);
}

static PangoLayout *group_layout(struct pdf *p, const struct doc_row *r)
{
	double indent = r->level >= 2 ? p->size[F_CELL] : 0;
	return text(p, F_CELL_BOLD, r->text, p->w - 2 * PAD_X - indent, PANGO_ALIGN_LEFT, WRAP);
}

/* The rows' heights (and the header's) of table block BI, measured once. */
static void measure_table(struct pdf *p, int bi, const struct doc_table *t, const double *x)
{
	double cap = (p->bottom - p->top) / 2; /* a header may take half a page, */
	double hh = 0;
	for (int c = 0; c < t->ncols; c++)
		hh = fmax(hh, height_of(text(p, F_CELL_BOLD, t->cols[c].header, x[c + 1] - x[c] - 2 * PAD_X,
					      PANGO_ALIGN_CENTER, WRAP)));
	p->headh[bi] = fmin(hh + 2 * PAD_Y, cap);
	cap = p->bottom - p->top - p->headh[bi]; /* a row the rest: taller ones are clipped */
	double *h = xcalloc((size_t)t->nrows + 1, sizeof *h);
	for (int i = 0; i < t->nrows; i++) {
		const struct doc_row *r = &t->rows[i];
		double th = p->cell_line;
		if (r->kind == DOC_ROW_GROUP)
			th = height_of(group_layout(p, r));
		else
			for (int c = 0; c < t->ncols; c++)
				if (t->cols[c].wrap && r->cells[c].type != CELL_NULL)
					th = fmax(th, height_of(cell_layout(p, &t->cols[c], &r->cells[c], x[c + 1] - x[c])));
		h[i] = fmin(th + 2 * PAD_Y, cap);
	}
	p->rowh[bi] = h;
}

static void draw_header(struct pdf *p, const struct doc_table *t, const double *x, double h)
{
	if (p->cr) {
		rect(p, x[0], p->y, x[t->ncols] - x[0], h, 0.86);
		gray(p, 0);
		cairo_save(p->cr);
		cairo_rectangle(p->cr, x[0], p->y, x[t->ncols] - x[0], h);
		cairo_clip(p->cr);
		for (int c = 0; c < t->ncols; c++) {
			PangoLayout *l = text(p, F_CELL_BOLD, t->cols[c].header, x[c + 1] - x[c] - 2 * PAD_X,
					      PANGO_ALIGN_CENTER, WRAP);
			show(p, l, x[c] + PAD_X, p->y + fmax(PAD_Y, (h - height_of(l)) / 2));
		}
		cairo_restore(p->cr);
		cairo_set_line_width(p->cr, RULE);
		cairo_rectangle(p->cr, x[0], p->y, x[t->ncols] - x[0], h);
		for (int c = 1; c < t->ncols; c++) {
			cairo_move_to(p->cr, x[c], p->y);
			cairo_line_to(p->cr, x[c], p->y + h);
		}
		cairo_stroke(p->cr);
	}
	p->y += h;
	p->fresh = false;
}

static void draw_row(struct pdf *p, const struct doc_table *t, const struct doc_row *r, const double *x, double h)
{
	cairo_t *cr = p->cr;
	double y = p->y, w = x[t->ncols] - x[0];
	if (cr) {
		cairo_save(cr);
		cairo_rectangle(cr, x[0], y, w, h);
		cairo_clip(cr);
		if (r->kind == DOC_ROW_GROUP) {
			if (r->level <= 1)
				rect(p, x[0], y, w, h, 0.92);
			gray(p, 0);
			PangoLayout *l = group_layout(p, r);
			show(p, l, x[0] + PAD_X + (r->level >= 2 ? p->size[F_CELL] : 0), y + PAD_Y);
		} else {
			for (int c = 0; c < t->ncols; c++)
				if (r->cells[c].fill != FILL_NONE) {
					fill_color(p, r->cells[c].fill);
					cairo_rectangle(cr, x[c], y, x[c + 1] - x[c], h);
					cairo_fill(cr);
				}
			gray(p, 0);
			for (int c = 0; c < t->ncols; c++) {
				if (r->cells[c].type == CELL_NULL)
					continue;
				PangoLayout *l = cell_layout(p, &t->cols[c], &r->cells[c], x[c + 1] - x[c]);
				show(p, l, x[c] + PAD_X, y + fmax(PAD_Y, (h - height_of(l)) / 2));
			}
		}
		cairo_restore(cr);
		gray(p, 0);
		cairo_set_line_width(cr, RULE);
		/* all four sides: the fills of this row cover half of the rule
		 * the row above drew under itself */
		cairo_rectangle(cr, x[0], y, w, h);
		if (r->kind != DOC_ROW_GROUP)
			for (int c = 1; c < t->ncols; c++) {
				cairo_move_to(cr, x[c], y);
				cairo_line_to(cr, x[c], y + h);
			}
		cairo_stroke(cr);
		if (r->kind == DOC_ROW_TOTAL)
			line(p, x[0], y, x[t->ncols], y, 1.2);
	}
	p->y += h;
	p->fresh = false;
}

/* Table block BI; its last two rows are kept with TAIL points of what
 * follows. */
static void table(struct pdf *p, int bi, const struct doc_table *t, double tail)
{
	double *x = xcalloc((size_t)t->ncols + 1, sizeof *x);
	long sum = 0;
	for (int c = 0; c < t->ncols; c++)
		sum += t->cols[c].width;
	x[0] = p->left;
	for (int c = 0, acc = 0; c < t->ncols; c++) {
		acc += t->cols[c].width;
		x[c + 1] = p->left + p->w * acc / (double)sum;
	}
	if (!p->rowh[bi])
		measure_table(p, bi, t, x);
	const double *h = p->rowh[bi];
	double hh = p->headh[bi], content = p->bottom - p->top;
	int n = t->nrows, last = n >= 2 ? n - 2 : 0;
	double rest = tail;
	for (int i = last; i < n; i++)
		rest += h[i];

	double first = n ? h[0] + (t->rows[0].kind == DOC_ROW_GROUP && n > 1 ? h[1] : 0) : 0;
	room(p, hh + first, hh + first);
	draw_header(p, t, x, hh);
	bool only_header = true;
	for (int i = 0; i < n; i++) {
		double need = h[i];
		if (t->rows[i].kind == DOC_ROW_GROUP && i + 1 < n)
			need += h[i + 1];
		if (i == last && rest + hh <= content)
			need = fmax(need, rest);
		if (!only_header && p->y + need > p->bottom && (need + hh <= content || p->y + h[i] > p->bottom)) {
			pdf_page_new(p);
			draw_header(p, t, x, hh);
		}
		draw_row(p, t, &t->rows[i], x, h[i]);
		only_header = false;
	}
	free(x);
}

/* ---- charts ---------------------------------------------------------------------- */

static double chart_title(struct pdf *p, const struct chart *ch, double x, double y, double w, bool draw)
{
	if (!ch->title)
		return 0;
	PangoLayout *l = text(p, F_CELL_BOLD, ch->title, w, PANGO_ALIGN_CENTER, WRAP);
	if (draw)
		show(p, l, x, y);
	return height_of(l) + 6;
}

static void bar_value(const struct chart *ch, const struct chart_bar *b, char *buf, size_t size)
{
	if (b->note)
		snprintf(buf, size, "%s", b->note);
	else if (ch->max == 1000)
		snprintf(buf, size, "%d.%d%%", b->value / 10, b->value % 10);
	else
		snprintf(buf, size, "%d", b->value);
}

/* Horizontal bars: labels at the left, the value or note at the right,
 * the grade bands shaded behind with their names on top. */
static double chart_bars_draw(struct pdf *p, const struct chart *ch, double x, double y, double w, bool draw)
{
	double y0 = y, pitch = p->cell_line + 4, barh = p->cell_line * 0.65;
	char buf[256];
	y += chart_title(p, ch, x, y, w, draw);
	double labw = 0, notew = 0;
	for (int i = 0; i < ch->nbars; i++) {
		labw = fmax(labw, width_of(text(p, F_CELL, ch->bars[i].label, 0, PANGO_ALIGN_LEFT, UNBOUNDED)));
		bar_value(ch, &ch->bars[i], buf, sizeof buf);
		notew = fmax(notew, width_of(text(p, F_CELL, buf, 0, PANGO_ALIGN_LEFT, UNBOUNDED)));
	}
	labw = fmin(labw, w * 0.3) + 6;
	notew = fmin(notew, w * 0.25) + 6;
	double bx = x + labw, bw = w - labw - notew;
	double bandh = ch->nbands ? p->cell_line + 2 : 0;
	double top = y;
	y += bandh;
	double bottom = y + ch->nbars * pitch;
	if (draw && p->cr) {
		for (int i = 0; i < ch->nbands; i++) {
			int from = ch->bands[i].from, to = i + 1 < ch->nbands ? ch->bands[i + 1].from : ch->max;
			double x0 = bx + bw * from / ch->max, x1 = bx + bw * to / ch->max;
			rect(p, x0, top, x1 - x0, bottom - top, 0.97 - 0.04 * (i % 4));
			gray(p, 0.3);
			line(p, x0, top, x0, bottom, 0.3);
			PangoLayout *l = text(p, F_SMALL, ch->bands[i].name, x1 - x0 - 2, PANGO_ALIGN_CENTER, CUT);
			show(p, l, x0 + 1, top + 1);
		}
		for (int i = 0; i < ch->nbars; i++) {
			const struct chart_bar *b = &ch->bars[i];
			double ry = y + i * pitch;
			gray(p, 0);
			PangoLayout *l = text(p, F_CELL, b->label, labw - 6, PANGO_ALIGN_RIGHT, CUT);
			show(p, l, x, ry + (pitch - height_of(l)) / 2);
			rect(p, bx, ry + (pitch - barh) / 2, bw * b->value / ch->max, barh, 0.4);
			gray(p, 0);
			bar_value(ch, b, buf, sizeof buf);
			l = text(p, F_CELL, buf, notew - 4, PANGO_ALIGN_LEFT, CUT);
			show(p, l, bx + bw + 4, ry + (pitch - height_of(l)) / 2);
		}
		gray(p, 0);
		line(p, bx, top, bx, bottom, 0.6);
	}
	return bottom - y0 + 4;
}

/* A heat map: row labels at the left, column labels on top (turned when
 * wider than a column), each cell shaded and marked. */
static double chart_heatmap_draw(struct pdf *p, const struct chart *ch, double x, double y, double w, bool draw)
{
	double y0 = y;
	y += chart_title(p, ch, x, y, w, draw);
	double labw = 0, colw_max = 0;
	for (int i = 0; i < ch->nrows; i++)
		labw = fmax(labw, width_of(text(p, F_SMALL, ch->rows[i], 0, PANGO_ALIGN_LEFT, UNBOUNDED)));
	for (int j = 0; j < ch->ncols; j++)
		colw_max = fmax(colw_max, width_of(text(p, F_SMALL, ch->cols[j], 0, PANGO_ALIGN_LEFT, UNBOUNDED)));
	labw = fmin(labw, w * 0.3) + 6;
	double cw = ch->ncols ? fmin((w - labw) / ch->ncols, 40) : 0, rh = p->size[F_SMALL] * 1.9;
	double lh = height_of(text(p, F_SMALL, "测", 0, PANGO_ALIGN_LEFT, UNBOUNDED));
	bool turn = colw_max + 4 > cw;
	double headh = turn ? fmin(colw_max, 90) + 6 : lh + 4;
	double gx = x + labw, gy = y + headh;
	if (draw && p->cr) {
		gray(p, 0);
		for (int j = 0; j < ch->ncols; j++) {
			if (turn) {
				PangoLayout *l = text(p, F_SMALL, ch->cols[j], headh - 6, PANGO_ALIGN_LEFT, CUT);
				cairo_save(p->cr);
				cairo_translate(p->cr, gx + j * cw + (cw - lh) / 2, gy - 3);
				cairo_rotate(p->cr, -M_PI / 2);
				show(p, l, 0, 0);
				cairo_restore(p->cr);
			} else {
				PangoLayout *l = text(p, F_SMALL, ch->cols[j], cw, PANGO_ALIGN_CENTER, CUT);
				show(p, l, gx + j * cw, gy - lh - 2);
			}
		}
		for (int i = 0; i < ch->nrows; i++) {
			double ry = gy + i * rh;
			gray(p, 0);
			PangoLayout *l = text(p, F_SMALL, ch->rows[i], labw - 6, PANGO_ALIGN_RIGHT, CUT);
			show(p, l, x, ry + (rh - height_of(l)) / 2);
			for (int j = 0; j < ch->ncols; j++) {
				const struct chart_cell *c = &ch->cells[(size_t)i * (size_t)ch->ncols + (size_t)j];
				double cx = gx + j * cw, ink = 0;
				char mark[16] = "";
				switch (c->kind) {
				case CHART_GREEN: fill_color(p, FILL_GREEN), strcpy(mark, "绿"); break;
				case CHART_YELLOW: fill_color(p, FILL_YELLOW), strcpy(mark, "黄"); break;
				case CHART_RED: fill_color(p, FILL_RED), strcpy(mark, "红"); break;
				case CHART_DONE: fill_color(p, FILL_GREY), strcpy(mark, "✓"); break;
				case CHART_RATE: {
					double g = 0.97 - 0.55 * c->v / 1000.0;
					gray(p, g);
					ink = g < 0.6 ? 1 : 0;
					snprintf(mark, sizeof mark, "%d", (c->v + 5) / 10);
					break;
				}
				default: gray(p, 1); strcpy(mark, "—"); ink = 0.6; break;
				}
				cairo_rectangle(p->cr, cx, ry, cw, rh);
				cairo_fill(p->cr);
				l = text(p, F_SMALL, mark, 0, PANGO_ALIGN_LEFT, UNBOUNDED);
				if (width_of(l) <= cw - 2) {
					gray(p, ink);
					show(p, l, cx + (cw - width_of(l)) / 2, ry + (rh - height_of(l)) / 2);
				}
			}
		}
		gray(p, 0.35);
		cairo_set_line_width(p->cr, 0.4);
		for (int i = 0; i <= ch->nrows; i++) {
			cairo_move_to(p->cr, gx, gy + i * rh);
			cairo_line_to(p->cr, gx + ch->ncols * cw, gy + i * rh);
		}
		for (int j = 0; j <= ch->ncols; j++) {
			cairo_move_to(p->cr, gx + j * cw, gy);
			cairo_line_to(p->cr, gx + j * cw, gy + ch->nrows * rh);
		}
		cairo_stroke(p->cr);
	}
	return gy + ch->nrows * rh - y0 + 4;
}

static double chart_draw(struct pdf *p, const struct chart *ch, double x, double y, double w, bool draw)
{
	return ch->kind == CHART_BARS ? chart_bars_draw(p, ch, x, y, w, draw) : chart_heatmap_draw(p, ch, x, y, w, draw);
}

/* A chart on one page: on the next page when it does not fit here, scaled
 * down when taller than a page. */
static void chart(struct pdf *p, const struct chart *ch, double tail)
{
	double h = chart_draw(p, ch, 0, 0, p->w, false), content = p->bottom - p->top;
	double s = h > content ? content / h : 1;
	room(p, h * s, h * s + tail);
	if (p->cr) {
		cairo_save(p->cr);
		cairo_translate(p->cr, p->left, p->y);
		cairo_scale(p->cr, s, s);
		chart_draw(p, ch, 0, 0, p->w / s, true);
		cairo_restore(p->cr);
	}
	p->y += h * s;
	p->fresh = false;
}

/* ---- the doc ----------------------------------------------------------------------- */

/* Whether block I is the last of its paper. */
static bool paper_ends(const struct doc *d, int i)
{
	return i + 1 == d->nblocks || d->blocks[i + 1].kind == DOC_HEADING || d->blocks[i + 1].kind == DOC_BREAK;
}

/* What must stay on the page with the end of block I: a signature block
 * right after it, and the paper's DATE when the paper ends there. */
static double tail_after(struct pdf *p, int i, const char *date)
{
	const struct doc *d = p->d;
	if (i + 1 < d->nblocks && d->blocks[i + 1].kind == DOC_SIGN)
		return p->body_line * 0.5 + sign_block(p, &d->blocks[i + 1], 0, false) +
		       (date && paper_ends(d, i + 1) ? date_height(p) : 0);
	return date && paper_ends(d, i) ? date_height(p) : 0;
}

/* The paper that ends on this page has this many pages (measuring pass). */
static void paper_done(struct pdf *p)
{
	if (p->cr)
		return;
	p->paper_pages = xrealloc(p->paper_pages, (size_t)(p->paper + 1) * sizeof *p->paper_pages);
	p->paper_pages[p->paper] = p->page - p->paper_first + 1;
	p->npapers = p->paper + 1;
}

static void layout(struct pdf *p)
{
	const struct doc *d = p->d;
	const char *date = NULL;
	p->paper = 0;
	p->paper_first = 1;
	p->page = 1;
	p->y = p->top;
	p->fresh = true;
	for (int i = 0; i < d->nblocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		if (b->kind == DOC_HEADING)
			date = b->heading.date;
		if (b->kind != DOC_BREAK && i > 0 && d->blocks[i - 1].kind == DOC_BREAK && !p->fresh) {
			paper_done(p);
			pdf_page_new(p);
			p->paper++;
			p->paper_first = p->page;
		}
		double tail = tail_after(p, i, date), h;
		switch (b->kind) {
		case DOC_HEADING:
			space(p, p->body_line);
			h = heading(p, &b->heading, 0, false);
			room(p, h, h + 3 * p->body_line);
			heading(p, &b->heading, p->y, true);
			p->y += h;
			p->fresh = false;
			break;
		case DOC_PARA:
		case DOC_FIELDS:
			space(p, p->body_line * 0.4);
			flow(p, b->kind == DOC_PARA ? para_layout(p, b) : fields_layout(p, b), tail);
			break;
		case DOC_TABLE:
			space(p, p->body_line * 0.5);
			table(p, i, b->table, tail);
			break;
		case DOC_CHART:
			space(p, p->body_line * 0.5);
			chart(p, b->chart, tail);
			break;
		case DOC_SIGN:
			space(p, p->body_line * 0.5);
			h = sign_block(p, b, 0, false);
			room(p, h, h + tail);
			sign_block(p, b, p->y, true);
			p->y += h;
			p->fresh = false;
			break;
		case DOC_BREAK:
			break; /* taken when the next block comes */
		}
		if (date && paper_ends(d, i) && b->kind != DOC_BREAK) {
			date_line(p, date);
			date = NULL;
		}
	}
	paper_done(p);
	pdf_page_end(p);
}

/* ---- fonts, surface ---------------------------------------------------------------- */

static const char *const SERIF = "Noto Serif CJK SC", *const SANS = "Noto Sans CJK SC";

/* Checks that pango gives a Noto CJK face for FAMILY that has Chinese. */
static int font_check(PangoContext *ctx, const char *family, struct kp_error *e)
{
	PangoFontDescription *want = pango_font_description_new();
	pango_font_description_set_family(want, family);
	pango_font_description_set_absolute_size(want, 12 * PANGO_SCALE);
	PangoFont *f = pango_context_load_font(ctx, want);
	PangoFontDescription *got = f ? pango_font_describe(f) : NULL;
	const char *name = got ? pango_font_description_get_family(got) : NULL;
	bool ok = name && strncmp(name, family, strlen("Noto Serif CJK")) == 0 && pango_font_has_char(f, 0x6D4B /* 测 */);
	int rc = ok ? 0 : kp_fail(e, KP_EFAIL, "PDF: the font \"%s\" is missing (the system offers \"%s\" instead): install the Debian package fonts-noto-cjk",
				  family, name ? name : "nothing");
	if (got)
		pango_font_description_free(got);
	if (f)
		g_object_unref(f);
	pango_font_description_free(want);
	return rc;
}

static int pdf_init(struct pdf *p, const struct doc *d, struct kp_error *e)
{
	memset(p, 0, sizeof *p);
	p->d = d;
	bool compact = d->landscape;
	for (int i = 0; i < d->nblocks; i++)
		compact |= d->blocks[i].kind == DOC_TABLE || d->blocks[i].kind == DOC_CHART;
	p->pw = d->landscape ? A4_H : A4_W;
	p->ph = d->landscape ? A4_W : A4_H;
	double mt = 37, mb = 35, ml = 28, mr = 26;
	if (compact)
		mt = mb = ml = mr = 20;
	p->left = ml * MM;
	p->top = mt * MM;
	p->w = p->pw - (ml + mr) * MM;
	p->bottom = p->ph - mb * MM;

	p->ctx = pango_font_map_create_context(pango_cairo_font_map_get_default());
	cairo_font_options_t *fo = cairo_font_options_create();
	/* the same metrics in both passes and in the PDF: no hinting */
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_language(p->ctx, pango_language_from_string("zh-cn"));
	if (font_check(p->ctx, SERIF, e) || font_check(p->ctx, SANS, e))
		return KP_EFAIL;

	static const struct {
		const char *const *family;
		PangoWeight weight;
		double size, compact_size;
	} fonts[NFONT] = {
		[F_OFFICE] = {&SERIF, PANGO_WEIGHT_BOLD, 22, 20},
		[F_TITLE] = {&SERIF, PANGO_WEIGHT_BOLD, 20, 18},
		[F_SUBTITLE] = {&SERIF, PANGO_WEIGHT_NORMAL, 15, 13},
		[F_BODY] = {&SERIF, PANGO_WEIGHT_NORMAL, 14, 12},
		[F_BODY_BOLD] = {&SERIF, PANGO_WEIGHT_BOLD, 14, 12},
		[F_CELL] = {&SANS, PANGO_WEIGHT_NORMAL, 10, 9.5},
		[F_CELL_BOLD] = {&SANS, PANGO_WEIGHT_BOLD, 10, 9.5},
		[F_SMALL] = {&SANS, PANGO_WEIGHT_NORMAL, 8, 8},
	};
	for (int i = 0; i < NFONT; i++) {
		PangoFontDescription *fd = pango_font_description_new();
		pango_font_description_set_family(fd, *fonts[i].family);
		pango_font_description_set_weight(fd, fonts[i].weight);
		p->size[i] = compact ? fonts[i].compact_size : fonts[i].size;
		pango_font_description_set_absolute_size(fd, p->size[i] * PANGO_SCALE);
		p->lay[i] = pango_layout_new(p->ctx);
		pango_layout_set_font_description(p->lay[i], fd);
		if (i == F_BODY || i == F_BODY_BOLD)
			pango_layout_set_line_spacing(p->lay[i], 1.25);
		pango_font_description_free(fd);
	}
	p->body_line = height_of(text(p, F_BODY, "测", 0, PANGO_ALIGN_LEFT, UNBOUNDED));
	p->cell_line = height_of(text(p, F_CELL, "测", 0, PANGO_ALIGN_LEFT, UNBOUNDED));
	double numh = p->cell_line, gap = fmin(7 * MM, (p->ph - p->bottom - numh) / 2);
	p->foot_y = p->bottom + gap;
	p->rowh = xcalloc((size_t)d->nblocks + 1, sizeof *p->rowh);
	p->headh = xcalloc((size_t)d->nblocks + 1, sizeof *p->headh);
	return 0;
}

static void pdf_free(struct pdf *p)
{
	for (int i = 0; i < NFONT; i++)
		if (p->lay[i])
			g_object_unref(p->lay[i]);
	if (p->ctx)
		g_object_unref(p->ctx);
	if (p->rowh)
		for (int i = 0; i < p->d->nblocks; i++)
			free(p->rowh[i]);
	free(p->rowh);
	free(p->headh);
	free(p->paper_pages);
}

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Lays D out and draws it on the surface S (made on the first doc, of D's
 * page size; a later doc of another size sets it), through *CR. */
static int draw_doc(const struct doc *d, cairo_surface_t **s, cairo_t **cr, const char *title, const char *author,
		    FILE *out, struct kp_error *e)
{
	struct pdf p;
	int rc = pdf_init(&p, d, e);
	if (rc)
		goto done;
	layout(&p); /* the measuring pass: counts the pages */
	p.pages = p.page;
	if (!*s) {
		*s = cairo_pdf_surface_create_for_stream(write_out, out, p.pw, p.ph);
		cairo_pdf_surface_set_metadata(*s, CAIRO_PDF_METADATA_TITLE, title ? title : "");
		if (author)
			cairo_pdf_surface_set_metadata(*s, CAIRO_PDF_METADATA_AUTHOR, author);
		cairo_pdf_surface_set_metadata(*s, CAIRO_PDF_METADATA_CREATOR, "kaoping");
		*cr = cairo_create(*s);
	} else {
		cairo_pdf_surface_set_size(*s, p.pw, p.ph);
	}
	p.cr = *cr;
	layout(&p);
	assert(p.page == p.pages);
	p.cr = NULL;
done:
	pdf_free(&p);
	return rc;
}

/* Finishes the file: the cairo status and the write. */
static int finish(cairo_surface_t *s, cairo_t *cr, FILE *out, int rc, struct kp_error *e)
{
	if (!s)
		return rc;
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (rc)
		return rc;
	if (st != CAIRO_STATUS_SUCCESS)
		return kp_fail(e, KP_EFAIL, "PDF: %s", cairo_status_to_string(st));
	if (fflush(out) != 0 || ferror(out))
		return kp_fail(e, KP_EFAIL, "PDF: cannot write the file");
	return 0;
}

int doc_write_pdf(const struct doc *d, FILE *out, struct kp_error *e)
{
	cairo_surface_t *s = NULL;
	cairo_t *cr = NULL;
	int rc = draw_doc(d, &s, &cr, d->title, d->author, out, e);
	return finish(s, cr, out, rc, e);
}

int doc_write_pdf_papers(struct doc *(*next)(void *arg, struct kp_error *e), void *arg, const char *title,
			 const char *author, FILE *out, struct kp_error *e)
{
	cairo_surface_t *s = NULL;
	cairo_t *cr = NULL;
	int rc = 0;
	for (struct doc *d; !rc && (d = next(arg, e));) {
		rc = draw_doc(d, &s, &cr, title, author, out, e);
		doc_free(d);
	}
	if (!rc && e->code)
		rc = e->code; /* NEXT failed */
	if (!rc && !s)
		rc = kp_fail(e, KP_EFAIL, "PDF: no papers to write");
	return finish(s, cr, out, rc, e);
}
