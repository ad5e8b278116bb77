/* chart.c — the chart model, and its SVG. */
#include "io/chart.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct chart *chart_bars(const char *title, int max)
{
	assert(max > 0);
	struct chart *ch = xcalloc(1, sizeof *ch);
	ch->kind = CHART_BARS;
	ch->title = dup_or_null(title);
	ch->max = max;
	return ch;
}

void chart_bar(struct chart *ch, const char *label, int value, const char *note)
{
	assert(ch->kind == CHART_BARS);
	ch->bars = xrealloc(ch->bars, (size_t)(ch->nbars + 1) * sizeof *ch->bars);
	struct chart_bar *b = &ch->bars[ch->nbars++];
	b->label = xstrdup(label ? label : "");
	b->value = value < 0 ? 0 : value > ch->max ? ch->max : value;
	b->note = dup_or_null(note);
}

void chart_band(struct chart *ch, int from, const char *name)
{
	ch->bands = xrealloc(ch->bands, (size_t)(ch->nbands + 1) * sizeof *ch->bands);
	ch->bands[ch->nbands].from = from;
	ch->bands[ch->nbands].name = xstrdup(name ? name : "");
	ch->nbands++;
}

struct chart *chart_heatmap(const char *title, const char *const *rows, int nrows, const char *const *cols, int ncols)
{
	struct chart *ch = xcalloc(1, sizeof *ch);
	ch->kind = CHART_HEATMAP;
	ch->title = dup_or_null(title);
	ch->max = 1000;
	ch->nrows = nrows;
	ch->ncols = ncols;
	ch->rows = xcalloc((size_t)nrows + 1, sizeof *ch->rows);
	ch->cols = xcalloc((size_t)ncols + 1, sizeof *ch->cols);
	for (int i = 0; i < nrows; i++)
		ch->rows[i] = xstrdup(rows[i] ? rows[i] : "");
	for (int i = 0; i < ncols; i++)
		ch->cols[i] = xstrdup(cols[i] ? cols[i] : "");
	ch->cells = xcalloc((size_t)nrows * (size_t)ncols + 1, sizeof *ch->cells);
	return ch;
}

void chart_set(struct chart *ch, int row, int col, enum chart_cell_kind kind, int v)
{
	assert(ch->kind == CHART_HEATMAP && row >= 0 && row < ch->nrows && col >= 0 && col < ch->ncols);
	struct chart_cell *c = &ch->cells[(size_t)row * (size_t)ch->ncols + (size_t)col];
	c->kind = (unsigned char)kind;
	c->v = (short)(v < 0 ? 0 : v > 1000 ? 1000 : v);
}

void chart_free(struct chart *ch)
{
	if (!ch)
		return;
	for (int i = 0; i < ch->nbars; i++)
		free(ch->bars[i].label), free(ch->bars[i].note);
	for (int i = 0; i < ch->nbands; i++)
		free(ch->bands[i].name);
	for (int i = 0; i < ch->nrows; i++)
		free(ch->rows[i]);
	for (int i = 0; i < ch->ncols; i++)
		free(ch->cols[i]);
	free(ch->bars), free(ch->bands), free(ch->rows), free(ch->cols), free(ch->cells);
	free(ch->title);
	free(ch);
}


/* ---- SVG ----
 * Every coordinate is computed in integers (bar lengths in tenths of a
 * pixel) and printed without printf's %f, so the same chart gives the
 * same bytes on every machine and locale. Text widths are estimated from
 * utf8_width's columns: at FONT_PX a column is about COL_TENTHS tenths of
 * a pixel (a Chinese character takes two). */

#define FONT "'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif"
#define FONT_PX 12
#define COL_TENTHS 65
#define BAR_FILL "#3b5b8c"   /* one hue, dark grey in greyscale print */
/* A white outline under text drawn over shades and lines, so it stays legible. */
#define HALO " stroke=\"#fff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\""
#define ELLIPSIS "\xe2\x80\xa6" /* … */

/* Pixels that COLS columns of text take, rounded up. */
static int cols_px(int cols)
{
	return (cols * COL_TENTHS + 9) / 10;
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Writes TENTHS of a pixel as "12" or "12.5". */
static void px(FILE *out, int tenths)
{
	if (tenths < 0) {
		fputc('-', out);
		tenths = -tenths;
	}
	if (tenths % 10)
		fprintf(out, "%d.%d", tenths / 10, tenths % 10);
	else
		fprintf(out, "%d", tenths / 10);
}

/* The character at S (N >= 1 bytes left) as the SVG shows it: returns its
 * length in S and sets *CP; a byte that is not valid UTF-8 and what XML 1.0
 * forbids (C0 controls, U+FFFE, U+FFFF) become U+FFFD, tab and line breaks
 * a space. */
static size_t next_char(const char *s, size_t n, uint32_t *cp)
{
	size_t k = utf8_decode((const unsigned char *)s, n, cp);
	if (!k) {
		*cp = 0xfffd;
		return 1;
	}
	if (*cp == '\t' || *cp == '\n' || *cp == '\r')
		*cp = ' ';
	else if (*cp < 0x20 || *cp == 0xfffe || *cp == 0xffff)
		*cp = 0xfffd;
	return k;
}

/* CP as UTF-8 into BUF (5 bytes, NUL-terminated); returns BUF. */
static char *encode(uint32_t cp, char buf[5])
{
	unsigned char *p = (unsigned char *)buf;
	if (cp < 0x80) {
		*p++ = (unsigned char)cp;
	} else if (cp < 0x800) {
		*p++ = (unsigned char)(0xc0 | cp >> 6);
		*p++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*p++ = (unsigned char)(0xe0 | cp >> 12);
		*p++ = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		*p++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else {
		*p++ = (unsigned char)(0xf0 | cp >> 18);
		*p++ = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
		*p++ = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		*p++ = (unsigned char)(0x80 | (cp & 0x3f));
	}
	*p = '\0';
	return buf;
}

/* Columns of CP; the ellipsis is full width in Chinese fonts. */
static int cp_cols(uint32_t cp)
{
	char buf[5];
	return cp == 0x2026 ? 2 : utf8_width(encode(cp, buf));
}

/* Columns S takes as put_text shows it whole. */
static int text_cols(const char *s)
{
	int cols = 0;
	size_t n = strlen(s);
	while (n) {
		uint32_t cp;
		size_t k = next_char(s, n, &cp);
		cols += cp_cols(cp);
		s += k, n -= k;
	}
	return cols;
}

/* Writes S as XML text (& < > " ' escaped, see next_char for the rest),
 * cut to MAX columns ending in … when it is wider (MAX < 0: whole). */
static void put_text(FILE *out, const char *s, int max)
{
	size_t n = strlen(s);
	bool cut = max >= 0 && text_cols(s) > max;
	int budget = cut ? max - 2 : 0, used = 0;
	while (n) {
		uint32_t cp;
		size_t k = next_char(s, n, &cp);
		int w = cp_cols(cp);
		if (cut && used + w > budget)
			break;
		char buf[5];
		switch (cp) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputs(encode(cp, buf), out);
		}
		used += w;
		s += k, n -= k;
	}
	if (cut)
		fputs(ELLIPSIS, out);
}

/* The <svg> start tag, its <title> and the visible caption; returns the
 * height the caption takes. */
static int svg_begin(const struct chart *ch, const char *cls, int width, int height, FILE *out)
{
	fprintf(out,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-%s\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" role=\"img\" font-family=\"" FONT "\" font-size=\"%d\"><title>",
		cls, width, height, width, height, FONT_PX);
	put_text(out, ch->title ? ch->title : "", -1);
	fputs("</title>", out);
	if (!ch->title || !*ch->title)
		return 4;
	fprintf(out, "<text class=\"caption\" x=\"0\" y=\"15\" font-weight=\"bold\" font-size=\"13\" fill=\"#111\">");
	put_text(out, ch->title, width * 10 / COL_TENTHS);
	fputs("</text>", out);
	return 26;
}

/* The text shown after bar B: its note, else its value (a rate as 92.5%). */
static const char *bar_text(const struct chart *ch, const struct chart_bar *b, char buf[48])
{
	if (b->note)
		return b->note;
	if (ch->max == 1000)
		snprintf(buf, 48, "%d.%d%%", b->value / 10, b->value % 10);
	else
		snprintf(buf, 48, "%d/%d", b->value, ch->max);
	return buf;
}

/* The band's shades, lightest for the lowest band. */
static const char *const band_fill[] = {"#f5f5f5", "#e9e9e9", "#dddddd", "#d0d0d0"};

static void svg_bars(const struct chart *ch, int width, FILE *out)
{
	enum { ROW = 22, BAR = 14, HEAD = 18 };
	char buf[48];
	int lcols = 0, ncols = 0;
	for (int i = 0; i < ch->nbars; i++) {
		int l = text_cols(ch->bars[i].label), n = text_cols(bar_text(ch, &ch->bars[i], buf));
		lcols = l > lcols ? l : lcols;
		ncols = n > ncols ? n : ncols;
	}
	int labelw = clamp(cols_px(lcols) + 8, 40, width * 3 / 10);
	int notew = clamp(cols_px(ncols) + 8, 40, width / 4);
	int maxcols = (labelw - 8) * 10 / COL_TENTHS;
	int x0 = labelw + 4, plotw = width - x0 - notew - 4;
	int rows = ch->nbars ? ch->nbars : 1;
	int caption = ch->title && *ch->title ? 26 : 4;
	int head = ch->nbands ? HEAD : 0;
	int height = caption + head + rows * ROW + 6;
	svg_begin(ch, "bars", width, height, out);
	int top = caption + head, bottom = top + rows * ROW;
	/* the grade bands behind the bars: shaded zones, named at the top,
	 * a dashed line where each starts */
	for (int k = 0; k < ch->nbands; k++) {
		int from = clamp(ch->bands[k].from, 0, ch->max);
		int to = k + 1 < ch->nbands ? clamp(ch->bands[k + 1].from, from, ch->max) : ch->max;
		long long x1 = x0 * 10LL + (long long)from * plotw * 10 / ch->max;
		long long x2 = x0 * 10LL + (long long)to * plotw * 10 / ch->max;
		fputs("<g class=\"band\"><rect x=\"", out);
		px(out, (int)x1);
		fprintf(out, "\" y=\"%d\" width=\"", caption);
		px(out, (int)(x2 - x1));
		fprintf(out, "\" height=\"%d\" fill=\"%s\"/>", bottom - caption,
			band_fill[k % (int)(sizeof band_fill / sizeof *band_fill)]);
		fputs("<text x=\"", out);
		px(out, (int)((x1 + x2) / 2));
		fprintf(out, "\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\" fill=\"#333\"" HALO ">", caption + 13);
		put_text(out, ch->bands[k].name, -1);
		fputs("</text>", out);
		if (from > 0) {
			fputs("<line x1=\"", out);
			px(out, (int)x1);
			fprintf(out, "\" y1=\"%d\" x2=\"", caption);
			px(out, (int)x1);
			fprintf(out, "\" y2=\"%d\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>", bottom);
		}
		fputs("</g>", out);
	}
	fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", x0, top, x0, bottom);
	if (!ch->nbars)
		fprintf(out, "<text x=\"%d\" y=\"%d\" fill=\"#555\">（无数据）</text>", x0 + 6, top + 15);
	for (int i = 0; i < ch->nbars; i++) {
		const struct chart_bar *b = &ch->bars[i];
		int y = top + i * ROW;
		int len = (int)((long long)b->value * plotw * 10 / ch->max);
		fputs("<g class=\"row\"><title>", out);
		put_text(out, b->label, -1);
		fprintf(out, "</title><text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#111\">", labelw,
			y + ROW / 2 + 4);
		put_text(out, b->label, maxcols);
		fprintf(out, "</text><rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"", x0, y + (ROW - BAR) / 2);
		px(out, len);
		fprintf(out, "\" height=\"%d\" fill=\"" BAR_FILL "\"/><text class=\"note\" x=\"", BAR);
		px(out, x0 * 10 + len + 40);
		fprintf(out, "\" y=\"%d\" fill=\"#111\"" HALO ">", y + ROW / 2 + 4);
		put_text(out, bar_text(ch, b, buf), -1);
		fputs("</text></g>", out);
	}
	fputs("</svg>\n", out);
}

/* How a heat-map cell of each kind looks: fill, mark, the mark's colour,
 * and its name in the legend. Marks tell the lights apart in greyscale. */
static const struct {
	const char *fill, *mark, *ink, *name;
} cell_look[] = {
	[CHART_NA] = {"#ffffff", "", "#111", "不适用"},
	[CHART_GREEN] = {"#6aa84f", "\xe2\x97\x8b", "#111", "绿灯"},     /* ○ */
	[CHART_YELLOW] = {"#f2c14e", "!", "#111", "黄灯"},
	[CHART_RED] = {"#c62828", "\xe2\x9c\x97", "#fff", "红灯"},       /* ✗ */
	[CHART_RATE] = {"", "", "", "得分率"},
	[CHART_DONE] = {"#e4e4e4", "\xe2\x9c\x93", "#333", "已完成"},    /* ✓ */
};

/* The grey of a rate V (0..1000): light for 0, dark for 1000. */
static int rate_grey(int v)
{
	return 245 - v * 185 / 1000;
}

/* One cell (or legend key when CLS is "key") of KIND and rate V at X, Y,
 * W × H. */
static void svg_cell(FILE *out, const char *cls, int kind, int v, int x, int y, int w, int h)
{
	char fill[8];
	const char *ink = cell_look[kind].ink, *stroke = kind == CHART_NA ? "#c8c8c8" : "#ffffff";
	if (kind == CHART_RATE) {
		int g = rate_grey(v);
		snprintf(fill, sizeof fill, "#%02x%02x%02x", g, g, g);
		ink = g < 150 ? "#fff" : "#111";
	} else {
		snprintf(fill, sizeof fill, "%s", cell_look[kind].fill);
	}
	fprintf(out, "<rect class=\"%s c%d\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"%s\"/>",
		cls, kind, x, y, w, h, fill, stroke);
	if (kind == CHART_RATE && w >= 30)
		fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\" fill=\"%s\">%d%%</text>",
			x + w / 2, y + h / 2 + 4, ink, (v + 5) / 10);
	else if (*cell_look[kind].mark)
		fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"%s\">%s</text>",
			x + w / 2, y + h / 2 + 4, ink, cell_look[kind].mark);
}

#define KEY 14 /* a legend key's side, px */
#define RATE_KEY "得分率 0%–100%"

/* The width of the legend's entry for KIND. */
static int legend_width(int kind)
{
	if (kind == CHART_RATE)
		return 5 * KEY + 4 + cols_px(text_cols(RATE_KEY)) + 14;
	return KEY + 4 + cols_px(text_cols(cell_look[kind].name)) + 14;
}

static void svg_heatmap(const struct chart *ch, int width, FILE *out)
{
	enum { ROW = 22, MINCELL = 16, MAXCELL = 40 };
	int lcols = 0, ccols = 0;
	for (int i = 0; i < ch->nrows; i++) {
		int l = text_cols(ch->rows[i]);
		lcols = l > lcols ? l : lcols;
	}
	for (int j = 0; j < ch->ncols; j++) {
		int l = text_cols(ch->cols[j]);
		ccols = l > ccols ? l : ccols;
	}
	int labelw = clamp(cols_px(lcols) + 8, 40, width * 3 / 10);
	int maxcols = (labelw - 8) * 10 / COL_TENTHS;
	int x0 = labelw + 4, avail = width - x0 - 4;
	int ncols = ch->ncols ? ch->ncols : 1;
	int cw = clamp(avail / ncols, MINCELL, MAXCELL);
	/* column labels across when they fit the cell, else turned -45° with
	 * room kept at the right for the last ones */
	bool turned = cols_px(ccols) > cw - 2;
	int turned_px = turned ? clamp(cols_px(ccols), 0, 110) : 0;
	if (turned)
		cw = clamp((avail - turned_px * 7 / 10) / ncols, MINCELL, MAXCELL);
	int head = turned ? turned_px * 7 / 10 + 10 : 18;
	int caption = ch->title && *ch->title ? 26 : 4;
	int top = caption + head, rows = ch->nrows ? ch->nrows : 1;
	int gridw = cw * ncols;
	int w = x0 + gridw + (turned ? turned_px * 7 / 10 : 0) + 4;
	w = w > width ? w : width;
	/* the legend: the kinds that occur, in a fixed order */
	static const int order[] = {CHART_RED, CHART_YELLOW, CHART_GREEN, CHART_DONE, CHART_NA, CHART_RATE};
	bool seen[CHART_DONE + 1] = {false};
	for (int i = 0; i < ch->nrows * ch->ncols; i++)
		if (ch->cells[i].kind <= CHART_DONE)
			seen[ch->cells[i].kind] = true;
	int legend_y = top + rows * ROW + 10, lx = 0, ly = legend_y;
	for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
		if (!seen[order[k]])
			continue;
		int iw = legend_width(order[k]);
		if (lx && lx + iw > w)
			lx = 0, ly += KEY + 8;
		lx += iw;
	}
	int height = ly + KEY + 8;
	svg_begin(ch, "heatmap", w, height, out);
	/* column labels */
	for (int j = 0; j < ch->ncols; j++) {
		int cx = x0 + j * cw + cw / 2;
		fputs("<text class=\"col\"", out);
		if (turned)
			fprintf(out, " transform=\"translate(%d,%d) rotate(-45)\" x=\"0\" y=\"0\"", cx - 3, top - 4);
		else
			fprintf(out, " x=\"%d\" y=\"%d\" text-anchor=\"middle\"", cx, top - 5);
		fputs(" fill=\"#111\">", out);
		put_text(out, ch->cols[j], turned ? turned_px * 10 / COL_TENTHS : -1);
		fputs("</text>", out);
	}
	if (!ch->nrows || !ch->ncols)
		fprintf(out, "<text x=\"%d\" y=\"%d\" fill=\"#555\">（无数据）</text>", x0 + 6, top + 15);
	for (int i = 0; i < ch->nrows; i++) {
		int y = top + i * ROW;
		fputs("<g class=\"row\"><title>", out);
		put_text(out, ch->rows[i], -1);
		fprintf(out, "</title><text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#111\">", labelw,
			y + ROW / 2 + 4);
		put_text(out, ch->rows[i], maxcols);
		fputs("</text>", out);
		for (int j = 0; j < ch->ncols; j++) {
			const struct chart_cell *c = &ch->cells[(size_t)i * (size_t)ch->ncols + (size_t)j];
			svg_cell(out, "cell", c->kind <= CHART_DONE ? c->kind : CHART_NA, c->v, x0 + j * cw, y, cw, ROW);
		}
		fputs("</g>", out);
	}
	/* the legend, laid out as measured above */
	lx = 0, ly = legend_y;
	fputs("<g class=\"legend\">", out);
	for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
		int kind = order[k];
		if (!seen[kind])
			continue;
		int iw = legend_width(kind);
		if (lx && lx + iw > w)
			lx = 0, ly += KEY + 8;
		if (kind == CHART_RATE) {
			for (int s = 0; s < 5; s++)
				svg_cell(out, "key", CHART_RATE, s * 250, lx + s * KEY, ly, KEY, KEY);
			fprintf(out, "<text x=\"%d\" y=\"%d\" fill=\"#111\">", lx + 5 * KEY + 4, ly + KEY - 2);
			put_text(out, RATE_KEY, -1);
			fputs("</text>", out);
		} else {
			svg_cell(out, "key", kind, 0, lx, ly, KEY, KEY);
			fprintf(out, "<text x=\"%d\" y=\"%d\" fill=\"#111\">", lx + KEY + 4, ly + KEY - 2);
			put_text(out, cell_look[kind].name, -1);
			fputs("</text>", out);
		}
		lx += iw;
	}
	fputs("</g></svg>\n", out);
}

void chart_svg(const struct chart *ch, int width, FILE *out)
{
	width = width < 240 ? 240 : width;
	if (ch->kind == CHART_BARS)
		svg_bars(ch, width, out);
	else
		svg_heatmap(ch, width, out);
}
