/* doc.c — the paper model: blocks, tables and the strings they own. */
#include "io/doc.h"

#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void *own(struct doc *d, void *p)
{
	if (d->nowned_ == d->capowned_) {
		d->capowned_ = d->capowned_ ? 2 * d->capowned_ : 64;
		d->owned_ = xrealloc(d->owned_, (size_t)d->capowned_ * sizeof *d->owned_);
	}
	d->owned_[d->nowned_++] = p;
	return p;
}

const char *doc_str(struct doc *d, const char *s)
{
	return s ? own(d, xstrdup(s)) : NULL;
}

const char *doc_printf(struct doc *d, const char *fmt, ...)
{
	va_list ap, aq;
	va_start(ap, fmt);
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	assert(n >= 0);
	char *p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, aq);
	va_end(aq);
	return own(d, p);
}

struct doc *doc_new(const char *title)
{
	struct doc *d = xcalloc(1, sizeof *d);
	d->title = doc_str(d, title);
	return d;
}

void doc_free(struct doc *d)
{
	if (!d)
		return;
	for (int i = 0; i < d->nblocks; i++)
		if (d->blocks[i].kind == DOC_CHART)
			chart_free(d->blocks[i].chart);
		else if (d->blocks[i].kind == DOC_TABLE)
			free(d->blocks[i].table->rows);
	for (int i = 0; i < d->nowned_; i++)
		free(d->owned_[i]);
	free(d->owned_);
	free(d->blocks);
	free(d);
}

void doc_set_author(struct doc *d, const char *author)
{
	d->author = doc_str(d, author);
}

void doc_set_footer(struct doc *d, const char *footer)
{
	d->footer = doc_str(d, footer);
}

static struct doc_block *block(struct doc *d, enum doc_block_kind kind)
{
	if (d->nblocks == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 16;
		d->blocks = xrealloc(d->blocks, (size_t)d->cap * sizeof *d->blocks);
	}
	struct doc_block *b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	return b;
}

void doc_heading(struct doc *d, const struct doc_heading *h)
{
	struct doc_block *b = block(d, DOC_HEADING);
	b->heading.office = doc_str(d, h->office);
	b->heading.number = doc_str(d, h->number);
	b->heading.title = doc_str(d, h->title);
	b->heading.subtitle = doc_str(d, h->subtitle);
	b->heading.recipient = doc_str(d, h->recipient);
	b->heading.date = doc_str(d, h->date);
}

void doc_para(struct doc *d, const char *text, bool indent)
{
	struct doc_block *b = block(d, DOC_PARA);
	b->text = doc_str(d, text);
	b->indent = indent;
}

void doc_para_right(struct doc *d, const char *text)
{
	struct doc_block *b = block(d, DOC_PARA);
	b->text = doc_str(d, text);
	b->right = true;
}

static struct doc_field *copy_fields(struct doc *d, const struct doc_field *f, int n)
{
	struct doc_field *c = own(d, xcalloc((size_t)n + 1, sizeof *c));
	for (int i = 0; i < n; i++) {
		c[i].label = doc_str(d, f[i].label);
		c[i].value = doc_str(d, f[i].value ? f[i].value : "");
	}
	return c;
}

void doc_fields(struct doc *d, const struct doc_field *f, int n)
{
	struct doc_block *b = block(d, DOC_FIELDS);
	b->fields = copy_fields(d, f, n);
	b->nfields = n;
}

void doc_sign(struct doc *d, const struct doc_field *f, int n)
{
	struct doc_block *b = block(d, DOC_SIGN);
	b->fields = copy_fields(d, f, n);
	b->nfields = n;
}

void doc_chart(struct doc *d, struct chart *ch)
{
	block(d, DOC_CHART)->chart = ch;
}

void doc_break(struct doc *d)
{
	block(d, DOC_BREAK);
}

struct doc_table *doc_table(struct doc *d, const char *sheet, const struct doc_column *cols, int ncols)
{
	assert(ncols > 0);
	struct doc_table *t = own(d, xcalloc(1, sizeof *t));
	t->sheet = doc_str(d, sheet);
	t->cols = own(d, xcalloc((size_t)ncols, sizeof *t->cols));
	for (int i = 0; i < ncols; i++) {
		t->cols[i].header = doc_str(d, cols[i].header);
		t->cols[i].width = cols[i].width > 0 ? cols[i].width : 4;
		t->cols[i].wrap = cols[i].wrap;
	}
	t->ncols = ncols;
	block(d, DOC_TABLE)->table = t;
	return t;
}

static struct doc_row *row(struct doc_table *t, enum doc_row_kind kind)
{
	if (t->nrows == t->cap) {
		/* the rows array grows: doc_free frees it through the block */
		t->cap = t->cap ? 2 * t->cap : 32;
		t->rows = xrealloc(t->rows, (size_t)t->cap * sizeof *t->rows);
	}
	struct doc_row *r = &t->rows[t->nrows++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	return r;
}

static void fill_cells(struct doc *d, struct doc_table *t, struct doc_row *r, const struct doc_cell *cells)
{
	r->cells = own(d, xcalloc((size_t)t->ncols, sizeof *r->cells));
	for (int i = 0; i < t->ncols; i++) {
		r->cells[i] = cells[i];
		r->cells[i].s = doc_str(d, cells[i].s);
	}
}

void doc_row(struct doc *d, struct doc_table *t, const struct doc_cell *cells)
{
	fill_cells(d, t, row(t, DOC_ROW_CELLS), cells);
}

void doc_total(struct doc *d, struct doc_table *t, const struct doc_cell *cells)
{
	struct doc_row *r = row(t, DOC_ROW_TOTAL);
	fill_cells(d, t, r, cells);
	for (int i = 0; i < t->ncols; i++)
		r->cells[i].flags |= DOC_BOLD;
}

void doc_group(struct doc *d, struct doc_table *t, int level, const char *text)
{
	struct doc_row *r = row(t, DOC_ROW_GROUP);
	r->level = level;
	r->text = doc_str(d, text);
}

const char *doc_cell_text(const struct doc_cell *c, char *buf, size_t size)
{
	assert(size >= 32);
	if (c->type == CELL_NULL)
		return "";
	struct cell plain = {c->type, c->s, c->v};
	return table_cell_text(&plain, buf, true);
}
