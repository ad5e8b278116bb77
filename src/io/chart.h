/* chart.h — the charts of kaoping's reports, described once: drawn as SVG
 * for the pages (io/chart.c; no JavaScript) and into the PDFs (io/pdf.c).
 * Readable in greyscale: bars carry their value as text, heat-map cells
 * carry a mark or number besides their shade, grade bands are labelled.
 *
 * Two kinds:
 *   CHART_BARS     horizontal bars, one per label, value 0..max (a score
 *                  rate in tenths of a percent, or a count of max), with
 *                  optional grade bands behind them (优秀 from 90%, …) —
 *                  the ranking, a unit's score rate by item, progress bars;
 *   CHART_HEATMAP  a rows × columns grid (units × criteria, or units ×
 *                  tasks), each cell a light (green/yellow/red/none) or a
 *                  rate 0..1000.
 * A chart copies every string it is given and frees them with chart_free. */
#ifndef KAOPING_CHART_H
#define KAOPING_CHART_H
#include <stdbool.h>
#include <stdio.h>

enum chart_kind { CHART_BARS, CHART_HEATMAP };

/* A heat-map cell. CELL_RATE cells hold v 0..1000 (tenths of a percent).
 * CHART_DONE (added after the others, which keep their values): a thing
 * already done, a light's grey (已完成), drawn light grey with a tick. */
enum chart_cell_kind { CHART_NA, CHART_GREEN, CHART_YELLOW, CHART_RED, CHART_RATE, CHART_DONE };

struct chart_bar {
	char *label;
	int value;  /* 0..max */
	char *note; /* printed after the bar: "92.5 优秀", "12/20" (may be NULL: the value is printed) */
};

struct chart_band {
	int from;   /* the band starts at this value (0..max) */
	char *name; /* 优秀, 良好, … */
};

struct chart_cell {
	unsigned char kind; /* enum chart_cell_kind */
	short v;            /* CHART_RATE: 0..1000 */
};

struct chart {
	enum chart_kind kind;
	char *title;
	int max; /* CHART_BARS: the value of a full bar (1000 for a rate) */
	struct chart_bar *bars;
	int nbars;
	struct chart_band *bands; /* ascending by from */
	int nbands;
	char **rows, **cols; /* CHART_HEATMAP labels */
	int nrows, ncols;
	struct chart_cell *cells; /* nrows * ncols, row-major */
};

struct chart *chart_bars(const char *title, int max);
void chart_bar(struct chart *ch, const char *label, int value, const char *note);
void chart_band(struct chart *ch, int from, const char *name);
/* A heat map of NROWS × NCOLS (labels copied); cells start CHART_NA. */
struct chart *chart_heatmap(const char *title, const char *const *rows, int nrows, const char *const *cols, int ncols);
void chart_set(struct chart *ch, int row, int col, enum chart_cell_kind kind, int v);
void chart_free(struct chart *ch);

/* Writes CH as one standalone <svg> element (well-formed XML, text escaped,
 * fonts named for Chinese, width in CSS pixels WIDTH; the height follows
 * from the rows) to OUT. */
void chart_svg(const struct chart *ch, int width, FILE *out);
#endif
