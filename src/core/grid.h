/* grid.h — a table as rows of cells: the shape a rubric is read into from
 * any source (a Word table, a worksheet, pasted text) before its columns
 * are given a meaning. A merged cell's text is in its first cell; each
 * cell it covers says which way its text lies: GRID_LEFT (the cell to the
 * left, a horizontal merge) or GRID_UP (the cell above, a vertical one).
 * Pure: no I/O. */
#ifndef KAOPING_GRID_H
#define KAOPING_GRID_H
#include <stdbool.h>

enum grid_cover {
	GRID_OWN = 0, /* the cell holds its own text (maybe "") */
	GRID_LEFT,    /* covered by the merge of the cell to its left */
	GRID_UP,      /* covered by the merge of the cell above */
};

struct grid_cell {
	char *text; /* UTF-8, lines joined with '\n'; "" when covered */
	enum grid_cover cover;
};

struct grid_row {
	int line; /* where the row came from: the source's line or row number (from 1) */
	int n;
	struct grid_cell *cells;
};

struct grid {
	int n, cap;
	struct grid_row *rows;
	int cols; /* the widest row's cells */
};

/* Starts a new row at the end of G, from source line LINE. */
void grid_row_add(struct grid *g, int line);
/* Adds a cell to G's last row (one must have been added). TEXT is copied
 * (NULL as ""). */
void grid_cell_add(struct grid *g, const char *text, enum grid_cover cover);
void grid_free(struct grid *g);

/* The text shown at ROW, COL: a covered cell's is its merge's; "" outside
 * the grid. */
const char *grid_text(const struct grid *g, int row, int col);
/* The cell at ROW, COL, or NULL outside the grid. */
const struct grid_cell *grid_at(const struct grid *g, int row, int col);
/* True when the cell at ROW, COL is the first of its merge, or no merge:
 * a cell whose text is its own. */
bool grid_own(const struct grid *g, int row, int col);
#endif
