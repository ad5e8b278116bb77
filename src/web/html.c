/* html.c — context-escaping printf for web output (HTML text and attributes,
 * URL components, JSON strings), charts as inline SVG, and URL-component
 * decoding. No I/O (a chart is drawn into memory). */
#include "web/html.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/chart.h"

/* U+FFFD REPLACEMENT CHARACTER, written for each invalid input byte. */
static const char replacement[] = "�";


void html_escape(struct strbuf *b, const char *s)
{
	if (!s)
		return;
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	size_t start = 0, i = 0; /* bytes [start, i) are copied as they are */
	while (i < n) {
		const char *entity = NULL;
		switch (p[i]) {
		case '&': entity = "&amp;"; break;
		case '<': entity = "&lt;"; break;
		case '>': entity = "&gt;"; break;
		case '"': entity = "&quot;"; break;
		case '\'': entity = "&#39;"; break;
		}
		uint32_t cp;
		if (!entity && p[i] < 0x80) {
			i++;
			continue;
		}
		/* Chinese text is mostly three-byte sequences (U+0800..U+FFFF
		 * without surrogates): checked here without a call. */
		if (!entity && p[i] >= 0xe1 && p[i] <= 0xef && p[i] != 0xed && i + 2 < n && (p[i + 1] & 0xc0) == 0x80 &&
		    (p[i + 2] & 0xc0) == 0x80) {
			i += 3;
			continue;
		}
		if (!entity) {
			size_t k = utf8_decode(p + i, n - i, &cp);
			if (k) {
				i += k;
				continue;
			}
			entity = replacement;
		}
		sb_add(b, s + start, i - start);
		sb_adds(b, entity);
		start = ++i;
	}
	sb_add(b, s + start, i - start);
}

void url_escape(struct strbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!s)
		return;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
			sb_addc(b, (char)c);
		} else {
			char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
			sb_add(b, esc, 3);
		}
	}
}

void json_escape(struct strbuf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	if (!s)
		return;
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	size_t start = 0, i = 0; /* bytes [start, i) are copied as they are */
	while (i < n) {
		char esc[8];
		const char *out = NULL;
		size_t skip = 1; /* input bytes the escape replaces */
		uint32_t cp = p[i];
		if (p[i] >= 0x80) {
			skip = utf8_decode(p + i, n - i, &cp);
			if (!skip) {
				skip = 1;
				out = replacement;
			}
		}
		if (out) {
			/* invalid byte: already chosen */
		} else if (cp == '"') {
			out = "\\\"";
		} else if (cp == '\\') {
			out = "\\\\";
		} else if (cp == '\n') {
			out = "\\n";
		} else if (cp == '\r') {
			out = "\\r";
		} else if (cp == '\t') {
			out = "\\t";
		} else if (cp < 0x20 || cp == 0x2028 || cp == 0x2029) {
			/* control characters are not allowed raw in JSON; U+2028 and
			 * U+2029 end a line in older JavaScript */
			snprintf(esc, sizeof esc, "\\u%c%c%c%c", hex[cp >> 12], hex[(cp >> 8) & 15],
				 hex[(cp >> 4) & 15], hex[cp & 15]);
			out = esc;
		} else if (cp == '<' && p[i + 1] == '/') {
			/* "</script>" must not end the enclosing <script> element */
			out = "<\\/";
			skip = 2;
		} else if (cp == '<' && !strncmp(s + i + 1, "!--", 3)) {
			/* "<!--" followed by "<script" would make the HTML parser
			 * ignore the element's real end tag */
			out = "\\u003c";
		}
		if (!out) {
			i += skip;
			continue;
		}
		sb_add(b, s + start, i - start);
		sb_adds(b, out);
		i += skip;
		start = i;
	}
	sb_add(b, s + start, i - start);
}

/* Reports a conversion html_printf does not know (at PCT in FMT) and stops:
 * it is a bug in the program, not in its input. */
static _Noreturn void bad_conversion(const char *fmt, const char *pct)
{
	fprintf(stderr, "kaoping: html_printf: unsupported conversion \"%.3s\" in format \"%s\"\n",
		pct, fmt);
	abort();
}

/* Appends V in decimal: pages print many numbers, and printf's machinery
 * costs more than the digits. */
static void add_decimal(struct strbuf *b, long long v)
{
	char buf[24], *p = buf + sizeof buf;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	sb_add(b, p, (size_t)(buf + sizeof buf - p));
}

void html_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	html_vprintf(b, fmt, ap);
	va_end(ap);
}

void html_vprintf(struct strbuf *b, const char *fmt, va_list ap)
{
	const char *p = fmt;
	for (;;) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			sb_adds(b, p);
			break;
		}
		sb_add(b, p, (size_t)(pct - p));
		const char *c = pct + 1; /* the conversion's last character */
		const char *s;
		char points[24];
		switch (*c) {
		case 'h':
		case 'a':
			html_escape(b, va_arg(ap, const char *));
			break;
		case 'u':
			url_escape(b, va_arg(ap, const char *));
			break;
		case 'j':
			json_escape(b, va_arg(ap, const char *));
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (s)
				sb_adds(b, s);
			break;
		case 'd':
			add_decimal(b, va_arg(ap, int));
			break;
		case 'l':
			if (c[1] == 'd') {
				c += 1;
				add_decimal(b, va_arg(ap, long));
			} else if (c[1] == 'l' && c[2] == 'd') {
				c += 2;
				add_decimal(b, va_arg(ap, long long));
			} else {
				bad_conversion(fmt, pct);
			}
			break;
		case 'z':
			if (c[1] != 'u')
				bad_conversion(fmt, pct);
			c += 1;
			sb_addf(b, "%zu", va_arg(ap, size_t)); /* rare: sizes of files */
			break;
		case 'P':
			sb_adds(b, points_format(va_arg(ap, int), points));
			break;
		case '%':
			sb_addc(b, '%');
			break;
		default:
			bad_conversion(fmt, pct);
		}
		p = c + 1;
	}
}

/* Returns the value of hex digit C, or -1. */
static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

char *url_decode(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			int hi = n - i >= 3 ? hex_value(s[i + 1]) : -1;
			int lo = n - i >= 3 ? hex_value(s[i + 2]) : -1;
			if (hi < 0 || lo < 0)
				goto fail;
			c = hi * 16 + lo;
			i += 2;
		}
		if (c == 0)
			goto fail;
		d[len++] = (char)c;
	}
	d[len] = 0;
	if (!utf8_valid(d, len))
		goto fail;
	return d;
fail:
	free(d);
	return NULL;
}

void html_chart(struct strbuf *b, const struct chart *ch, int width)
{
	char *svg = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&svg, &len);
	if (!f)
		abort(); /* out of memory, as xmalloc */
	chart_svg(ch, width, f);
	fclose(f);
	sb_adds(b, "<div class=\"chart\">");
	sb_add(b, svg, len);
	sb_adds(b, "</div>");
	free(svg);
}

/* The value of the number attribute NAME (colspan) inside the tag
 * [TAG, END), or 1. */
static int tag_span(const char *tag, const char *end, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = tag; p + n + 2 < end; p++)
		if (!strncmp(p, name, n) && p[n] == '=') {
			const char *v = p + n + 1;
			if (*v == '"' || *v == '\'')
				v++;
			int k = atoi(v);
			return k > 0 && k < 100 ? k : 1;
		}
	return 1;
}

/* Does the tag [TAG, END) hold TEXT? */
static bool tag_has(const char *tag, const char *end, const char *text)
{
	size_t n = strlen(text);
	for (const char *p = tag; p + n <= end; p++)
		if (!strncmp(p, text, n))
			return true;
	return false;
}

/* The next cell tag ("<td" or "<th" followed by a space or '>') in
 * [P, END), or NULL. */
static const char *next_cell(const char *p, const char *end)
{
	for (; p + 4 <= end; p++)
		if (p[0] == '<' && p[1] == 't' && (p[2] == 'd' || p[2] == 'h') && (p[3] == ' ' || p[3] == '>'))
			return p;
	return NULL;
}

/* The next row tag "<tr" in [P, END), or NULL. */
static const char *next_row(const char *p, const char *end)
{
	for (; p + 4 <= end; p++)
		if (!strncmp(p, "<tr", 3) && (p[3] == ' ' || p[3] == '>'))
			return p;
	return NULL;
}

#define LABELS_MAX 40

/* The text of the header cell whose start tag ends at GT, up to its
 * </th> (before END): tags dropped, quotes as &quot;, trimmed. A new
 * string. */
static char *cell_text(const char *gt, const char *end)
{
	struct strbuf t = {0};
	bool in_tag = false;
	for (const char *p = gt + 1; p < end && strncmp(p, "</th>", 5); p++) {
		if (*p == '<')
			in_tag = true;
		else if (*p == '>')
			in_tag = false;
		else if (!in_tag && *p == '"')
			sb_adds(&t, "&quot;");
		else if (!in_tag)
			sb_addc(&t, *p);
	}
	char *label = text_trim(t.s ? t.s : "");
	sb_free(&t);
	return label;
}

/* Reads the header of a table into LABELS (each a new string, for every
 * column a colspan covers): the row [ROW, ROW_END), or, when a cell of
 * it spans two rows, it and the row [ROW2, ROW2_END) below, whose cells
 * name the columns of the first row's groups ("任务 逾期"); *TWO says
 * which. Returns the number of columns, or -1 when this is not a plain
 * header (a data cell, deeper spans, too many columns). */
static int header_labels(const char *row, const char *row_end, const char *row2, const char *row2_end,
			 char **labels, bool *two)
{
	int n = 0, pending[LABELS_MAX], npending = 0;
	*two = tag_has(row, row_end, "rowspan");
	if (*two && !row2)
		return -1;
	for (const char *c = next_cell(row, row_end); c; c = next_cell(c + 3, row_end)) {
		const char *gt = memchr(c, '>', (size_t)(row_end - c));
		if (!gt || c[2] != 'h')
			goto fail;
		int span = tag_span(c, gt, "colspan"), rows = tag_span(c, gt, "rowspan");
		if (rows > 2)
			goto fail;
		char *label = cell_text(gt, row_end);
		for (int k = 0; k < span; k++) {
			if (n == LABELS_MAX) {
				free(label);
				goto fail;
			}
			if (*two && rows < 2)
				pending[npending++] = n;
			labels[n++] = k + 1 < span ? xstrdup(label) : label;
		}
	}
	if (*two) { /* the second row names the groups' columns, in order */
		int i = 0;
		for (const char *c = next_cell(row2, row2_end); c; c = next_cell(c + 3, row2_end)) {
			const char *gt = memchr(c, '>', (size_t)(row2_end - c));
			if (!gt || c[2] != 'h')
				goto fail;
			char *sub = cell_text(gt, row2_end);
			for (int k = 0; k < tag_span(c, gt, "colspan"); k++) {
				if (i == npending) {
					free(sub);
					goto fail;
				}
				char *both = xasprintf("%s %s", labels[pending[i]], sub);
				free(labels[pending[i]]);
				labels[pending[i++]] = both;
			}
			free(sub);
		}
		if (i != npending)
			goto fail;
	}
	return n;
fail:
	for (int i = 0; i < n; i++)
		free(labels[i]);
	return -1;
}

/* Appends table [T, END) to OUT, labelled (see html_label_cells). */
static void label_table(struct strbuf *out, const char *t, const char *end)
{
	const char *tag_end = memchr(t, '>', (size_t)(end - t));
	const char *first = next_row(t, end);
	char *labels[LABELS_MAX];
	int n = -1;
	const char *first_end = NULL, *second = NULL, *second_end = NULL, *head_end = NULL;
	bool two = false;
	if (tag_end && first && !tag_has(t, tag_end, "nocards")) {
		first_end = next_row(first + 3, end);
		second = first_end;
		if (!first_end)
			first_end = end;
		second_end = second ? next_row(second + 3, end) : NULL;
		if (second && !second_end)
			second_end = end;
		n = header_labels(first, first_end, second, second_end, labels, &two);
		head_end = two ? second_end : first_end;
	}
	if (n <= 0) { /* not a data table: as it was */
		sb_add(out, t, (size_t)(end - t));
		return;
	}
	/* <table class="cards …"> */
	const char *cls = NULL;
	for (const char *p = t; p + 7 < tag_end; p++)
		if (!strncmp(p, " class=\"", 8)) {
			cls = p + 8;
			break;
		}
	if (cls) {
		sb_add(out, t, (size_t)(cls - t));
		sb_adds(out, "cards ");
		sb_add(out, cls, (size_t)(tag_end - cls));
	} else {
		sb_add(out, t, (size_t)(tag_end - t));
		sb_adds(out, " class=\"cards\"");
	}
	/* the header rows, marked so a card does not repeat them */
	const char *p = tag_end;
	for (const char *h = first; h && h < head_end; h = next_row(h + 3, head_end)) {
		const char *gt = memchr(h, '>', (size_t)(end - h));
		sb_add(out, p, (size_t)(h - p));
		if (gt && !tag_has(h, gt, "class="))
			sb_adds(out, "<tr class=\"head\""), p = h + 3;
		else
			p = h;
	}
	sb_add(out, p, (size_t)(head_end - p));
	/* every later row: each data cell labelled by its column */
	p = head_end;
	for (const char *row = next_row(p, end); row; row = next_row(row + 3, end)) {
		const char *row_end = next_row(row + 3, end);
		if (!row_end)
			row_end = end;
		int col = 0;
		for (const char *c = next_cell(row, row_end); c; c = next_cell(c + 3, row_end)) {
			const char *gt = memchr(c, '>', (size_t)(row_end - c));
			if (!gt)
				break;
			if (c[2] == 'd' && col < n && !tag_has(c, gt, "data-label")) {
				sb_add(out, p, (size_t)(c + 3 - p));
				sb_adds(out, " data-label=\"");
				sb_adds(out, labels[col]); /* header text, escaped as the page printed it */
				sb_addc(out, '"');
				p = c + 3;
			}
			col += tag_span(c, gt, "colspan");
		}
	}
	sb_add(out, p, (size_t)(end - p));
	for (int i = 0; i < n; i++)
		free(labels[i]);
}

void html_label_cells(struct strbuf *b)
{
	if (!b->s || !strstr(b->s, "<table"))
		return;
	struct strbuf out = {0};
	const char *s = b->s, *end = b->s + b->len, *p = s;
	for (;;) {
		const char *t = strstr(p, "<table");
		const char *te = t ? strstr(t, "</table>") : NULL;
		if (!t || !te)
			break;
		sb_add(&out, p, (size_t)(t - p));
		label_table(&out, t, te);
		p = te;
	}
	sb_add(&out, p, (size_t)(end - p));
	sb_free(b);
	*b = out;
}
