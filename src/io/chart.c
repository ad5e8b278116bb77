/* chart.c — the chart model, and its SVG. */
#include "io/chart.h"

#include <assert.h>
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

void chart_svg(const struct chart *ch, int width, FILE *out)
{
	/* drawn by the charts' owner (see the plan): a placeholder
	 * until io/chart.c's SVG lands is not acceptable, so assert */
	(void)ch, (void)width, (void)out;
	assert(!"chart_svg: not yet written");
}
