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

