/* grid.c — tables as rows of cells (see grid.h). */
#include "core/grid.h"

#include <stdlib.h>

#include "core/util.h"

void grid_row_add(struct grid *g, int line)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 16;
		g->rows = xrealloc(g->rows, (size_t)g->cap * sizeof *g->rows);
	}
	g->rows[g->n++] = (struct grid_row){.line = line};
}

void grid_cell_add(struct grid *g, const char *text, enum grid_cover cover)
{
	struct grid_row *r = &g->rows[g->n - 1];
	if (!(r->n & (r->n - 1))) /* 0, 1, 2, 4 … cells: full, double it */
		r->cells = xrealloc(r->cells, (size_t)(r->n ? 2 * r->n : 1) * sizeof *r->cells);
	r->cells[r->n++] = (struct grid_cell){.text = xstrdup(text ? text : ""), .cover = cover};
	if (r->n > g->cols)
		g->cols = r->n;
}

void grid_free(struct grid *g)
{
	for (int i = 0; i < g->n; i++) {
		for (int k = 0; k < g->rows[i].n; k++)
			free(g->rows[i].cells[k].text);
		free(g->rows[i].cells);
	}
	free(g->rows);
	*g = (struct grid){0};
}

const struct grid_cell *grid_at(const struct grid *g, int row, int col)
{
	if (row < 0 || row >= g->n || col < 0 || col >= g->rows[row].n)
		return NULL;
	return &g->rows[row].cells[col];
}

const char *grid_text(const struct grid *g, int row, int col)
{
	/* each step goes up or left: it ends */
	for (const struct grid_cell *c; (c = grid_at(g, row, col));) {
		if (c->cover == GRID_OWN)
			return c->text;
		if (c->cover == GRID_LEFT)
			col--;
		else
			row--;
	}
	return "";
}

bool grid_own(const struct grid *g, int row, int col)
{
	const struct grid_cell *c = grid_at(g, row, col);
	return c && c->cover == GRID_OWN;
}
