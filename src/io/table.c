/* out.c — table rendering for reports: text (aligned by display width, so
 * Chinese lines up), CSV with BOM for Excel/WPS, and streamed JSON. */
#include "io/table.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

struct table {
	FILE *out;
	enum out_format fmt;
	const struct column *cols;
	int ncols;
	long rows;
	/* text: all cells, formatted, NUL-separated */
	struct strbuf cells;
	int *width;
};

int table_format_parse(const char *s, enum out_format *f)
{
	if (!strcmp(s, "text"))
		*f = OUT_TEXT;
	else if (!strcmp(s, "json"))
		*f = OUT_JSON;
	else if (!strcmp(s, "csv"))
		*f = OUT_CSV;
	else
		return -1;
	return 0;
}

void table_json_string(FILE *out, const char *s)
{
	putc('"', out);
	const unsigned char *p = (const unsigned char *)s, *run = p;
	for (; *p; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue; /* written below, a run at a time */
		fwrite(run, 1, (size_t)(p - run), out);
		run = p + 1;
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default: fprintf(out, "\\u%04x", *p);
		}
	}
	fwrite(run, 1, (size_t)(p - run), out);
	putc('"', out);
}

void table_csv_field(FILE *out, const char *s)
{
	bool formula = *s == '=' || *s == '+' || *s == '-' || *s == '@';
	bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (!quote) {
		fputs(s, out);
		return;
	}
	putc('"', out);
	if (formula)
		putc('\'', out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

struct table *table_new(FILE *out, enum out_format fmt, const struct column *cols, int ncols)
{
	struct table *t = xcalloc(1, sizeof *t);
	t->out = out;
	t->fmt = fmt;
	t->cols = cols;
	t->ncols = ncols;
	t->width = xcalloc((size_t)ncols, sizeof(int));
	if (fmt == OUT_CSV) {
		fputs("﻿", out); /* BOM: Excel then reads UTF-8 */
		for (int i = 0; i < ncols; i++) {
			if (i)
				putc(',', out);
			table_csv_field(out, cols[i].header);
		}
		fputs("\r\n", out);
	} else if (fmt == OUT_JSON) {
		putc('[', out);
	} else {
		for (int i = 0; i < ncols; i++) {
			t->width[i] = utf8_width(cols[i].header);
			sb_add(&t->cells, cols[i].header, strlen(cols[i].header) + 1);
		}
	}
	return t;
}

const char *table_cell_text(const struct cell *c, char *buf, bool text)
{
	switch (c->type) {
	case CELL_TEXT: return c->s ? c->s : "";
	case CELL_INT: snprintf(buf, 32, "%lld", c->v); return buf;
	case CELL_POINTS: return points_format((int)c->v, buf);
	case CELL_PERCENT:
		points_format1((int)c->v, buf);
		if (text)
			strcat(buf, "%");
		return buf;
	case CELL_BOOL: return c->v ? "是" : "";
	case CELL_NULL: return text ? "-" : "";
	case CELL_TIME: time_shown((int)c->v, c->s, buf); return buf;
	}
	return "";
}

void table_row(struct table *t, const struct cell *cells)
{
	assert(t && cells && t->ncols > 0);
	char buf[32];
	if (t->fmt == OUT_JSON) {
		fputs(t->rows ? ",\n{" : "\n{", t->out);
		for (int i = 0; i < t->ncols; i++) {
			if (i)
				putc(',', t->out);
			table_json_string(t->out, t->cols[i].key);
			putc(':', t->out);
			const struct cell *c = &cells[i];
			if (c->type == CELL_TEXT || c->type == CELL_TIME)
				table_json_string(t->out, c->s ? c->s : "");
			else if (c->type == CELL_NULL)
				fputs("null", t->out);
			else if (c->type == CELL_BOOL)
				fputs(c->v ? "true" : "false", t->out);
			else
				fputs(table_cell_text(c, buf, false), t->out);
		}
		putc('}', t->out);
	} else if (t->fmt == OUT_CSV) {
		for (int i = 0; i < t->ncols; i++) {
			if (i)
				putc(',', t->out);
			table_csv_field(t->out, table_cell_text(&cells[i], buf, false));
		}
		fputs("\r\n", t->out);
	} else {
		for (int i = 0; i < t->ncols; i++) {
			const char *s = table_cell_text(&cells[i], buf, true);
			int w = utf8_width(s);
			if (w > t->width[i])
				t->width[i] = w;
			sb_add(&t->cells, s, strlen(s) + 1);
		}
	}
	t->rows++;
}

void table_end(struct table *t)
{
	if (t->fmt == OUT_JSON) {
		fputs(t->rows ? "\n]\n" : "]\n", t->out);
	} else if (t->fmt == OUT_TEXT) {
		const char *p = sb_str(&t->cells);
		for (long r = 0; r <= t->rows; r++) {
			for (int i = 0; i < t->ncols; i++) {
				int pad = t->width[i] - utf8_width(p);
				bool last = i == t->ncols - 1;
				if (t->cols[i].right)
					fprintf(t->out, "%*s%s", pad, "", p);
				else
					fprintf(t->out, "%s%*s", p, last ? 0 : pad, "");
				if (!last)
					fputs("  ", t->out);
				p += strlen(p) + 1;
			}
			putc('\n', t->out);
		}
	}
	sb_free(&t->cells);
	free(t->width);
	free(t);
}
