/* docx.c — paragraphs and tables of word/document.xml, streamed. */
#include "io/docx.h"

#include <stdlib.h>
#include <string.h>

#include "io/ooxml.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define PART "word/document.xml"

/* Where the reader is. */
struct reading {
	xmlTextReaderPtr r;
	struct docx *d;
	struct kp_error *e;
	int depth;           /* tables open: 1 in a table of the body, 2 in a table inside its cell … */
	struct grid *g;      /* the body table being read */
	int row;             /* its rows read (for errors) */
	int cols;            /* grid columns of the row so far */
	struct strbuf cell;  /* the cell being read (depth >= 1) or the paragraph (depth 0) */
	struct strbuf inner; /* a row of a table inside the cell (depth >= 2) */
	bool in_t, in_run, in_cell, para_started;
	int span;            /* the cell's w:gridSpan */
	int vmerge;          /* 0 none, 1 restart, 2 continue */
	int after;           /* the row's w:gridAfter */
	int pdepth;          /* paragraphs open (a text box's paragraphs sit inside one) */
	int skip;            /* the depth of an mc:Fallback being passed over (its text is the
			      * alternative's again), or -1 */
};

static int fail_big(struct reading *s, const char *what, int limit)
{
	if (s->row > 0)
		return kp_fail_why(s->e, KP_EINPUT, KP_R_TOO_LARGE, "%s table %d row %d: more than %d %s", PART, s->d->ntables,
				   s->row, limit, what);
	return kp_fail_why(s->e, KP_EINPUT, KP_R_TOO_LARGE, "%s: more than %d %s", PART, limit, what);
}

/* The w:val of the current element as a number, or DEF. */
static int val_int(xmlTextReaderPtr r, int def)
{
	char *v = ooxml_attr(r, "val", W_NS);
	int n = v ? atoi(v) : def;
	free(v);
	return n;
}

static void block_add(struct docx *d, int table, char *text)
{
	if (!(d->nblocks & (d->nblocks - 1)))
		d->blocks = xrealloc(d->blocks, (size_t)(d->nblocks ? 2 * d->nblocks : 1) * sizeof *d->blocks);
	d->blocks[d->nblocks++] = (struct docx_block){.table = table, .text = text};
}

/* Where text goes now: the inner table's row, the cell, or the paragraph. */
static struct strbuf *target(struct reading *s)
{
	return s->depth >= 2 ? &s->inner : &s->cell;
}

/* A paragraph begins: a new line in a cell (not before its first). */
static void para_begin(struct reading *s)
{
	struct strbuf *t = target(s);
	if (s->depth >= 2) {
		if (s->para_started)
			sb_addc(t, ' '); /* paragraphs of an inner cell run on */
	} else if (s->depth == 1 && s->para_started) {
		while (t->len && (t->s[t->len - 1] == ' ' || t->s[t->len - 1] == '\t'))
			t->s[--t->len] = 0; /* a line's trailing blanks */
		sb_addc(t, '\n');
	}
	s->para_started = true;
}

static int add_text(struct reading *s, const char *v)
{
	struct strbuf *t = target(s);
	sb_adds(t, v);
	if (t->len > DOCX_MAX_CELL)
		return fail_big(s, "bytes in a cell or paragraph", DOCX_MAX_CELL);
	return 0;
}

/* A cell outside a row (broken, but Word would show it) starts one. */
static int row_ensure(struct reading *s)
{
	if (s->g->n)
		return 0;
	if (++s->row > DOCX_MAX_ROWS)
		return fail_big(s, "rows", DOCX_MAX_ROWS);
	grid_row_add(s->g, s->row);
	s->cols = 0;
	return 0;
}

/* Adds N empty cells (w:gridBefore / w:gridAfter) to the row. */
static int empty_cells(struct reading *s, int n)
{
	if (n > 0 && row_ensure(s))
		return s->e->code;
	for (int i = 0; i < n; i++) {
		if (++s->cols > DOCX_MAX_COLS)
			return fail_big(s, "columns", DOCX_MAX_COLS);
		grid_cell_add(s->g, "", GRID_OWN);
	}
	return 0;
}

static int cell_end(struct reading *s)
{
	if (row_ensure(s))
		return s->e->code;
	char *text = text_trim(sb_str(&s->cell));
	int span = s->span < 1 ? 1 : s->span;
	if (s->cols + span > DOCX_MAX_COLS) {
		free(text);
		return fail_big(s, "columns", DOCX_MAX_COLS);
	}
	/* continuing a merge needs a cell above to continue: else it is its own */
	bool up = s->vmerge == 2 && grid_at(s->g, s->g->n - 2, s->cols);
	grid_cell_add(s->g, up ? "" : text, up ? GRID_UP : GRID_OWN);
	for (int k = 1; k < span; k++)
		grid_cell_add(s->g, "", GRID_LEFT);
	s->cols += span;
	free(text);
	sb_free(&s->cell);
	s->in_cell = false;
	return 0;
}

static int element(struct reading *s)
{
	xmlTextReaderPtr r = s->r;
	const char *name = (const char *)xmlTextReaderConstLocalName(r);
	bool empty = xmlTextReaderIsEmptyElement(r);
	const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
	if (!ns || strcmp(ns, W_NS))
		return 0;
	if (!strcmp(name, "tbl")) {
		if (empty)
			return 0;
		if (++s->depth == 1) {
			if (s->d->ntables == DOCX_MAX_TABLES)
				return fail_big(s, "tables", DOCX_MAX_TABLES);
			if (!(s->d->ntables & (s->d->ntables - 1)))
				s->d->tables = xrealloc(s->d->tables, (size_t)(s->d->ntables ? 2 * s->d->ntables : 1) *
									   sizeof *s->d->tables);
			s->g = &s->d->tables[s->d->ntables++];
			*s->g = (struct grid){0};
			block_add(s->d, s->d->ntables - 1, NULL);
			s->row = 0;
		}
	} else if (!strcmp(name, "tr")) {
		if (s->depth == 1) {
			if (++s->row > DOCX_MAX_ROWS)
				return fail_big(s, "rows", DOCX_MAX_ROWS);
			grid_row_add(s->g, s->row);
			s->cols = 0, s->after = 0;
		}
	} else if (!strcmp(name, "tc")) {
		if (s->depth == 1) {
			s->in_cell = true;
			s->span = 1, s->vmerge = 0;
			s->para_started = false;
			sb_free(&s->cell);
			if (empty)
				return cell_end(s);
		} else if (s->depth >= 2) {
			s->para_started = false;
		}
	} else if (!strcmp(name, "gridSpan") && s->depth == 1 && s->in_cell) {
		s->span = val_int(r, 1);
		if (s->span < 1 || s->span > DOCX_MAX_COLS)
			s->span = 1;
	} else if (!strcmp(name, "vMerge") && s->depth == 1 && s->in_cell) {
		char *v = ooxml_attr(r, "val", W_NS);
		s->vmerge = v && !strcmp(v, "restart") ? 1 : 2;
		free(v);
	} else if (!strcmp(name, "gridBefore") && s->depth == 1) {
		int n = val_int(r, 0);
		return empty_cells(s, n > DOCX_MAX_COLS ? DOCX_MAX_COLS + 1 : n);
	} else if (!strcmp(name, "gridAfter") && s->depth == 1) {
		s->after = val_int(r, 0); /* added at the row's end */
	} else if (!strcmp(name, "p")) {
		if (empty)
			return 0;
		if (s->depth == 0 && s->pdepth++ == 0)
			s->para_started = false, sb_free(&s->cell);
		else if (s->depth > 0)
			para_begin(s);
	} else if (!strcmp(name, "r")) {
		s->in_run = !empty;
	} else if (!strcmp(name, "t")) {
		s->in_t = !empty;
	} else if (!strcmp(name, "tab") && s->in_run) {
		/* a tab character (w:r/w:tab), not a tab stop (w:pPr/w:tabs/w:tab) */
		return add_text(s, s->depth >= 2 ? " " : "\t");
	} else if (!strcmp(name, "br") || !strcmp(name, "cr")) {
		return add_text(s, s->depth >= 2 ? " " : "\n");
	}
	return 0;
}

static int element_end(struct reading *s)
{
	const char *name = (const char *)xmlTextReaderConstLocalName(s->r);
	const char *ns = (const char *)xmlTextReaderConstNamespaceUri(s->r);
	if (!ns || strcmp(ns, W_NS))
		return 0;
	if (!strcmp(name, "t")) {
		s->in_t = false;
	} else if (!strcmp(name, "r")) {
		s->in_run = false;
	} else if (!strcmp(name, "tc")) {
		if (s->depth == 1)
			return cell_end(s);
		if (s->depth >= 2)
			sb_addc(&s->inner, '\t');
	} else if (!strcmp(name, "tr")) {
		if (s->depth == 1)
			return empty_cells(s, s->after > DOCX_MAX_COLS ? DOCX_MAX_COLS + 1 : s->after);
		if (s->depth >= 2) { /* an inner row: a line of the cell, its cells tab-separated */
			while (s->inner.len && s->inner.s[s->inner.len - 1] == '\t')
				s->inner.s[--s->inner.len] = 0;
			if (s->inner.len) {
				if (s->cell.len)
					sb_addc(&s->cell, '\n');
				sb_add(&s->cell, s->inner.s, s->inner.len);
			}
			sb_free(&s->inner);
		}
	} else if (!strcmp(name, "tbl")) {
		if (s->depth == 1)
			s->g = NULL;
		if (s->depth > 0)
			s->depth--;
	} else if (!strcmp(name, "p") && s->depth == 0 && s->pdepth > 0 && --s->pdepth == 0) {
		block_add(s->d, -1, text_trim(sb_str(&s->cell)));
		sb_free(&s->cell);
		if (s->d->nblocks > DOCX_MAX_BLOCKS)
			return fail_big(s, "paragraphs", DOCX_MAX_BLOCKS);
	}
	return 0;
}

static int body_read(const char *buf, size_t len, struct docx *d, struct kp_error *e)
{
	struct reading s = {.d = d, .e = e, .r = ooxml_reader(buf, len, PART), .skip = -1};
	if (!s.r)
		return kp_fail_why(e, KP_EINPUT, KP_R_TOO_LARGE, "%s: cannot be read", PART);
	int rc;
	while (!e->code && (rc = ooxml_next(s.r, PART, s.row, e)) == 1) {
		int type = xmlTextReaderNodeType(s.r), depth = xmlTextReaderDepth(s.r);
		if (s.skip >= 0) {
			if (type == XML_READER_TYPE_END_ELEMENT && depth == s.skip)
				s.skip = -1;
			continue;
		}
		if (type == XML_READER_TYPE_ELEMENT && !xmlTextReaderIsEmptyElement(s.r) &&
		    !strcmp((const char *)xmlTextReaderConstLocalName(s.r), "Fallback")) {
			s.skip = depth;
			continue;
		}
		if (type == XML_READER_TYPE_ELEMENT)
			element(&s);
		else if (type == XML_READER_TYPE_END_ELEMENT)
			element_end(&s);
		else if (s.in_t && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
				      type == XML_READER_TYPE_WHITESPACE)) {
			const char *v = (const char *)xmlTextReaderConstValue(s.r);
			add_text(&s, v ? v : "");
		}
	}
	xmlFreeTextReader(s.r);
	sb_free(&s.cell);
	sb_free(&s.inner);
	return e->code;
}

int docx_read(const char *path, const void *data, size_t len, struct docx *out, struct kp_error *e)
{
	memset(out, 0, sizeof *out);
	zip_t *z;
	if (ooxml_open(path, data, len, "a Word document (.docx)", &z, e))
		return e->code;
	char *buf = NULL;
	size_t n;
	int rc = ooxml_part(z, PART, &buf, &n, e);
	if (rc > 0)
		kp_fail_why(e, KP_EINPUT, KP_R_FILE_TYPE, "not a Word document (.docx): it has no %s", PART);
	else if (rc == 0)
		body_read(buf, n, out, e);
	free(buf);
	zip_discard(z);
	return e->code;
}

void docx_free(struct docx *d)
{
	for (int i = 0; i < d->nblocks; i++)
		free(d->blocks[i].text);
	free(d->blocks);
	for (int i = 0; i < d->ntables; i++)
		grid_free(&d->tables[i]);
	free(d->tables);
	memset(d, 0, sizeof *d);
}
