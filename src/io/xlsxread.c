/* xlsxread.c — a worksheet's cells from an .xlsx, its zip and XML parts
 * read through io/ooxml.c. */
#include "io/xlsxread.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "io/ooxml.h"

/* The text inside the current element (not empty) up to its end, every
 * <t> under it, skipping phonetic runs (<rPh>), appended to B. */
static int text_of(xmlTextReaderPtr r, const char *part, int row, struct strbuf *b, struct kp_error *e)
{
	if (xmlTextReaderIsEmptyElement(r))
		return 0;
	int depth = xmlTextReaderDepth(r), rc, skip = 0;
	bool in_t = false;
	while ((rc = ooxml_next(r, part, row, e)) == 1) {
		int type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r) == depth)
			return 0;
		if (ooxml_is(r, XML_READER_TYPE_ELEMENT, "rPh") && !xmlTextReaderIsEmptyElement(r))
			skip++;
		else if (ooxml_is(r, XML_READER_TYPE_END_ELEMENT, "rPh"))
			skip--;
		else if (ooxml_is(r, XML_READER_TYPE_ELEMENT, "t"))
			in_t = !xmlTextReaderIsEmptyElement(r);
		else if (ooxml_is(r, XML_READER_TYPE_END_ELEMENT, "t"))
			in_t = false;
		else if (in_t && !skip &&
			 (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
			  type == XML_READER_TYPE_WHITESPACE)) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			sb_adds(b, v ? v : "");
			if (b->len > XLSX_MAX_CELL)
				return row > 0 ? kp_fail(e, KP_EINPUT, "%s row %d: a cell longer than %d bytes", part, row, XLSX_MAX_CELL)
					       : kp_fail(e, KP_EINPUT, "%s: a string longer than %d bytes", part, XLSX_MAX_CELL);
		}
	}
	return rc < 0 ? e->code : kp_fail(e, KP_EINPUT, "%s: ends inside an element", part);
}

/* ---- shared strings ---- */

struct strings {
	char **s;
	int n, cap;
};

static int strings_read(const char *buf, size_t len, struct strings *ss, struct kp_error *e)
{
	const char *part = "xl/sharedStrings.xml";
	xmlTextReaderPtr r = ooxml_reader(buf, len, part);
	if (!r)
		return kp_fail(e, KP_EINPUT, "%s: cannot be read", part);
	int rc;
	while ((rc = ooxml_next(r, part, 0, e)) == 1) {
		if (!ooxml_is(r, XML_READER_TYPE_ELEMENT, "si"))
			continue;
		struct strbuf b = {0};
		if (text_of(r, part, 0, &b, e)) {
			sb_free(&b);
			break;
		}
		if (ss->n == ss->cap) {
			if (ss->cap >= XLSX_MAX_ROWS * 4) {
				sb_free(&b);
				kp_fail(e, KP_EINPUT, "%s: more strings than a sheet of %d rows holds", part, XLSX_MAX_ROWS);
				break;
			}
			ss->cap = ss->cap ? 2 * ss->cap : 256;
			ss->s = xrealloc(ss->s, (size_t)ss->cap * sizeof *ss->s);
		}
		ss->s[ss->n++] = b.s ? b.s : xstrdup("");
	}
	xmlFreeTextReader(r);
	return e->code;
}

static void strings_free(struct strings *ss)
{
	for (int i = 0; i < ss->n; i++)
		free(ss->s[i]);
	free(ss->s);
}

/* ---- the workbook: which part is the first sheet ---- */

/* The first sheet's part name (caller frees) and its name into *NAME. */
static int first_sheet(zip_t *z, char **part_name, char **name, struct kp_error *e)
{
	char *buf, *rid = NULL;
	size_t len;
	int rc = ooxml_part(z, "xl/workbook.xml", &buf, &len, e);
	if (rc < 0)
		return e->code;
	if (rc > 0)
		return kp_fail(e, KP_EINPUT, "not an Excel workbook (.xlsx): it has no xl/workbook.xml");
	xmlTextReaderPtr r = ooxml_reader(buf, len, "xl/workbook.xml");
	if (!r) {
		free(buf);
		return kp_fail(e, KP_EINPUT, "xl/workbook.xml: cannot be read");
	}
	while (!rid && (rc = ooxml_next(r, "xl/workbook.xml", 0, e)) == 1)
		if (ooxml_is(r, XML_READER_TYPE_ELEMENT, "sheet")) {
			free(*name); /* a sheet without a relationship is passed over */
			*name = ooxml_attr(r, "name", NULL);
			rid = (char *)xmlTextReaderGetAttributeNs(r, (const xmlChar *)"id",
				(const xmlChar *)"http://schemas.openxmlformats.org/officeDocument/2006/relationships");
		}
	xmlFreeTextReader(r);
	free(buf);
	if (e->code) {
		free(rid);
		return e->code;
	}
	if (!rid)
		return kp_fail(e, KP_EINPUT, "xl/workbook.xml: the workbook has no sheet");
	/* the relationship names the part; a workbook without one has sheet1 */
	*part_name = NULL;
	rc = ooxml_part(z, "xl/_rels/workbook.xml.rels", &buf, &len, e);
	if (rc < 0) {
		free(rid);
		return e->code;
	}
	if (rc == 0) {
		r = ooxml_reader(buf, len, "xl/_rels/workbook.xml.rels");
		while (r && !*part_name && (rc = ooxml_next(r, "xl/_rels/workbook.xml.rels", 0, e)) == 1) {
			if (!ooxml_is(r, XML_READER_TYPE_ELEMENT, "Relationship"))
				continue;
			char *id = ooxml_attr(r, "Id", NULL), *target = ooxml_attr(r, "Target", NULL);
			if (id && target && !strcmp(id, rid)) {
				/* "worksheets/sheet1.xml" under xl/, or "/xl/worksheets/sheet1.xml" */
				*part_name = target[0] == '/' ? xstrdup(target + 1) : xasprintf("xl/%s", target);
			}
			free(id), free(target);
		}
		if (r)
			xmlFreeTextReader(r);
		free(buf);
	}
	free(rid);
	if (e->code)
		return e->code;
	if (!*part_name)
		*part_name = xstrdup("xl/worksheets/sheet1.xml");
	return 0;
}

/* ---- the sheet ---- */

/* Column of a cell reference ("BC12" → 54, from 0), or -1. */
static int ref_col(const char *ref)
{
	int col = 0, n = 0;
	for (; *ref >= 'A' && *ref <= 'Z'; ref++, n++) {
		col = col * 26 + (*ref - 'A' + 1);
		if (col > XLSX_MAX_COLS)
			return -1;
	}
	return n ? col - 1 : -1;
}

/* A cell reference ("BC12") into its row (from 1) and column (from 0);
 * the rest of REF after it in *END. False when it is not one. */
static bool ref_parse(const char *ref, int *row, int *col, const char **end)
{
	*col = ref_col(ref);
	if (*col < 0)
		return false;
	while (*ref >= 'A' && *ref <= 'Z')
		ref++;
	long n = 0;
	const char *p = ref;
	for (; *p >= '0' && *p <= '9' && n <= XLSX_MAX_ROWS; p++)
		n = n * 10 + (*p - '0');
	if (p == ref || n < 1 || n > XLSX_MAX_ROWS)
		return false;
	*row = (int)n;
	*end = p;
	return true;
}

/* "A1:B3" (or one cell, "A1") into M. */
static bool merge_parse(const char *ref, struct xlsx_merge *m)
{
	const char *p;
	if (!ref_parse(ref, &m->row1, &m->col1, &p))
		return false;
	if (!*p) {
		m->row2 = m->row1, m->col2 = m->col1;
		return true;
	}
	if (*p != ':' || !ref_parse(p + 1, &m->row2, &m->col2, &p) || *p)
		return false;
	return m->row2 >= m->row1 && m->col2 >= m->col1;
}

/* V, a number as written in the XML, as the shortest decimal of at most
 * 15 digits that reads back the same double; V itself when it is not a
 * number. */
static char *number_text(const char *v)
{
	char *end;
	errno = 0;
	double d = strtod(v, &end);
	if (end == v || *end || errno)
		return xstrdup(v);
	/* the shortest that reads back, up to the 15 digits Excel itself
	 * shows: 3.4999999999999996 (a sum's rounding) is 3.5 */
	char buf[40];
	if (d > -1e15 && d < 1e15 && d == (double)(long long)d) { /* a whole number: 10, not 1e+01 */
		snprintf(buf, sizeof buf, "%lld", (long long)d);
		return xstrdup(buf);
	}
	for (int prec = 1; prec <= 15; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	return xstrdup(buf);
}

static struct xlsx_row *row_add(struct xlsx_sheet *s, int row)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->rows = xrealloc(s->rows, (size_t)s->cap * sizeof *s->rows);
	}
	struct xlsx_row *r = &s->rows[s->n++];
	*r = (struct xlsx_row){.row = row};
	return r;
}

static void cell_set(struct xlsx_row *r, int col, char *text)
{
	if (col >= r->n) {
		r->cells = xrealloc(r->cells, (size_t)(col + 1) * sizeof *r->cells);
		for (int i = r->n; i <= col; i++)
			r->cells[i] = NULL;
		r->n = col + 1;
	}
	free(r->cells[col]);
	r->cells[col] = text;
}

static int sheet_read(const char *part, const char *buf, size_t len, const struct strings *ss, struct xlsx_sheet *s,
		      struct kp_error *e)
{
	xmlTextReaderPtr r = ooxml_reader(buf, len, part);
	if (!r)
		return kp_fail(e, KP_EINPUT, "%s: cannot be read", part);
	struct xlsx_row *row = NULL;
	int rc, last_row = 0, col = -1;
	while ((rc = ooxml_next(r, part, last_row, e)) == 1) {
		if (ooxml_is(r, XML_READER_TYPE_ELEMENT, "row")) {
			char *rn = ooxml_attr(r, "r", NULL);
			int n = rn ? atoi(rn) : last_row + 1;
			free(rn);
			if (n <= last_row || n > XLSX_MAX_ROWS) {
				kp_fail(e, KP_EINPUT, n > XLSX_MAX_ROWS ? "%s row %d: more than %d rows" : "%s row %d: rows out of order",
					part, n, XLSX_MAX_ROWS);
				break;
			}
			last_row = n;
			row = row_add(s, n);
			col = -1;
			continue;
		}
		if (ooxml_is(r, XML_READER_TYPE_ELEMENT, "mergeCell")) {
			char *ref = ooxml_attr(r, "ref", NULL);
			struct xlsx_merge m;
			bool ok = ref && merge_parse(ref, &m);
			free(ref);
			if (!ok) {
				kp_fail_why(e, KP_EINPUT, KP_R_FORMAT, "%s: a merged range that is not of the form A1:B2", part);
				break;
			}
			if (s->nmerges == XLSX_MAX_ROWS) {
				kp_fail_why(e, KP_EINPUT, KP_R_TOO_LARGE, "%s: more than %d merged ranges", part, XLSX_MAX_ROWS);
				break;
			}
			if (!(s->nmerges & (s->nmerges - 1))) /* 0, 1, 2, 4 …: full, double it */
				s->merges = xrealloc(s->merges, (size_t)(s->nmerges ? 2 * s->nmerges : 1) * sizeof *s->merges);
			s->merges[s->nmerges++] = m;
			continue;
		}
		if (!ooxml_is(r, XML_READER_TYPE_ELEMENT, "c"))
			continue;
		if (!row) {
			kp_fail(e, KP_EINPUT, "%s: a cell outside a row", part);
			break;
		}
		char *ref = ooxml_attr(r, "r", NULL), *type = ooxml_attr(r, "t", NULL);
		int c = ref ? ref_col(ref) : col + 1;
		free(ref);
		if (c < 0 || c >= XLSX_MAX_COLS || c <= col) {
			free(type);
			kp_fail(e, KP_EINPUT, "%s row %d: a cell reference out of order or beyond %d columns", part, last_row,
				XLSX_MAX_COLS);
			break;
		}
		col = c;
		/* the value: <v> (a number, a shared string's index, a boolean,
		 * an error, a formula's string result) or <is> (an inline string) */
		struct strbuf v = {0};
		bool has_v = false;
		if (!xmlTextReaderIsEmptyElement(r)) {
			int depth = xmlTextReaderDepth(r);
			while ((rc = ooxml_next(r, part, last_row, e)) == 1) {
				if (xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r) == depth)
					break;
				if (ooxml_is(r, XML_READER_TYPE_ELEMENT, "is")) {
					if (text_of(r, part, last_row, &v, e))
						break;
					has_v = true;
				} else if (ooxml_is(r, XML_READER_TYPE_ELEMENT, "v")) {
					struct strbuf t = {0};
					/* <v> holds text directly: read it as one run */
					if (!xmlTextReaderIsEmptyElement(r)) {
						int vd = xmlTextReaderDepth(r);
						while ((rc = ooxml_next(r, part, last_row, e)) == 1 &&
						       !(xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT &&
							 xmlTextReaderDepth(r) == vd)) {
							const char *tv = (const char *)xmlTextReaderConstValue(r);
							if (xmlTextReaderNodeType(r) == XML_READER_TYPE_TEXT && tv)
								sb_adds(&t, tv);
							if (t.len > XLSX_MAX_CELL)
								break;
						}
					}
					if (e->code || t.len > XLSX_MAX_CELL) {
						sb_free(&t);
						if (!e->code)
							kp_fail(e, KP_EINPUT, "%s row %d: a cell longer than %d bytes", part, last_row,
								XLSX_MAX_CELL);
						break;
					}
					sb_free(&v);
					v = t;
					has_v = true;
				}
			}
		}
		if (e->code || rc <= 0) {
			free(type), sb_free(&v);
			if (!e->code)
				kp_fail(e, KP_EINPUT, "%s row %d: ends inside a cell", part, last_row);
			break;
		}
		char *text;
		const char *raw = v.s ? v.s : "";
		if (!has_v) {
			text = NULL;
		} else if (type && !strcmp(type, "s")) {
			char *end;
			long k = strtol(raw, &end, 10);
			if (!*raw || *end || k < 0 || k >= ss->n) {
				kp_fail(e, KP_EINPUT, "%s row %d: shared string %s is not in xl/sharedStrings.xml", part, last_row,
					raw);
				free(type), sb_free(&v);
				break;
			}
			text = xstrdup(ss->s[k]);
		} else if (type && !strcmp(type, "b")) {
			text = xstrdup(!strcmp(raw, "1") ? "TRUE" : "FALSE");
		} else if (!type || !strcmp(type, "n")) {
			text = number_text(raw);
		} else { /* str (a formula's text), inlineStr, e (an error) */
			text = xstrdup(raw);
		}
		free(type), sb_free(&v);
		if (text)
			cell_set(row, c, text);
	}
	xmlFreeTextReader(r);
	return e->code;
}

static int read_zip(zip_t *z, struct xlsx_sheet *out, struct kp_error *e)
{
	char *part = NULL, *buf = NULL;
	size_t len;
	struct strings ss = {0};
	int rc;
	if (first_sheet(z, &part, &out->name, e))
		goto out;
	rc = ooxml_part(z, "xl/sharedStrings.xml", &buf, &len, e);
	if (rc < 0 || (rc == 0 && strings_read(buf, len, &ss, e)))
		goto out;
	free(buf);
	buf = NULL;
	rc = ooxml_part(z, part, &buf, &len, e);
	if (rc > 0)
		kp_fail(e, KP_EINPUT, "%s: the workbook names this sheet, but it is not there", part);
	if (rc == 0)
		sheet_read(part, buf, len, &ss, out, e);
out:
	free(buf);
	free(part);
	strings_free(&ss);
	return e->code;
}

/* PATH, or the LEN bytes at DATA when PATH is NULL */
static int read_package(const char *path, const void *data, size_t len, struct xlsx_sheet *out, struct kp_error *e)
{
	memset(out, 0, sizeof *out);
	zip_t *z;
	if (ooxml_open(path, data, len, "an Excel workbook (.xlsx)", &z, e))
		return e->code;
	read_zip(z, out, e);
	zip_discard(z);
	return e->code;
}

int xlsx_read(const char *path, struct xlsx_sheet *out, struct kp_error *e)
{
	return read_package(path, NULL, 0, out, e);
}

int xlsx_read_mem(const void *data, size_t len, struct xlsx_sheet *out, struct kp_error *e)
{
	return read_package(NULL, data, len, out, e);
}

void xlsx_grid(const struct xlsx_sheet *s, struct grid *g)
{
	*g = (struct grid){0};
	if (!s->n)
		return;
	int first = s->rows[0].row, last = s->rows[s->n - 1].row, cols = 0;
	for (int i = 0; i < s->n; i++)
		if (s->rows[i].n > cols)
			cols = s->rows[i].n;
	for (int m = 0; m < s->nmerges; m++) {
		if (s->merges[m].col2 + 1 > cols)
			cols = s->merges[m].col2 + 1;
		if (s->merges[m].row2 > last)
			last = s->merges[m].row2;
	}
	int k = 0;
	for (int row = first; row <= last; row++) {
		grid_row_add(g, row);
		const struct xlsx_row *r = k < s->n && s->rows[k].row == row ? &s->rows[k++] : NULL;
		for (int c = 0; c < cols; c++) {
			enum grid_cover cover = GRID_OWN;
			for (int m = 0; m < s->nmerges; m++) {
				const struct xlsx_merge *mg = &s->merges[m];
				if (row < mg->row1 || row > mg->row2 || c < mg->col1 || c > mg->col2 || (row == mg->row1 && c == mg->col1))
					continue;
				cover = c > mg->col1 ? GRID_LEFT : GRID_UP;
				break;
			}
			const char *text = r && c < r->n && r->cells[c] && cover == GRID_OWN ? r->cells[c] : "";
			grid_cell_add(g, text, cover);
		}
	}
}

void xlsx_sheet_free(struct xlsx_sheet *s)
{
	free(s->merges);
	for (int i = 0; i < s->n; i++) {
		for (int k = 0; k < s->rows[i].n; k++)
			free(s->rows[i].cells[k]);
		free(s->rows[i].cells);
	}
	free(s->rows);
	free(s->name);
	memset(s, 0, sizeof *s);
}

static void csv_cell(struct strbuf *out, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		sb_addc(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			sb_addc(out, '"');
		sb_addc(out, *s == '\n' || *s == '\r' ? ' ' : *s);
	}
	if (quote)
		sb_addc(out, '"');
}

void xlsx_sheet_csv(const struct xlsx_sheet *s, struct strbuf *out)
{
	int line = 1;
	for (int i = 0; i < s->n; i++) {
		const struct xlsx_row *r = &s->rows[i];
		for (; line < r->row; line++)
			sb_addc(out, '\n');
		for (int k = 0; k < r->n; k++) {
			if (k)
				sb_addc(out, ',');
			csv_cell(out, r->cells[k] ? r->cells[k] : "");
		}
		sb_addc(out, '\n');
		line++;
	}
}

int xlsx_csv(const char *path, const void *data, size_t len, struct strbuf *out, struct kp_error *e)
{
	struct xlsx_sheet sheet = {0};
	if (!(path ? xlsx_read(path, &sheet, e) : xlsx_read_mem(data, len, &sheet, e)))
		xlsx_sheet_csv(&sheet, out);
	xlsx_sheet_free(&sheet);
	return e->code;
}

bool xlsx_is_zip(const void *head, size_t n)
{
	return n >= 4 && !memcmp(head, "PK\003\004", 4);
}
