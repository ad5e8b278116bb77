/* rubricfile.c — rubrics from .docx and .xlsx files (see rubricfile.h). */
#include "io/rubricfile.h"

#include <string.h>
#include <strings.h>

#include "core/tableread.h"
#include "io/docx.h"
#include "io/xlsxread.h"

/* The table of D a rubric is in: the one with the most rows. */
static int largest_table(const struct docx *d)
{
	int best = -1;
	for (int i = 0; i < d->ntables; i++)
		if (best < 0 || d->tables[i].n > d->tables[best].n)
			best = i;
	return best;
}

int rubricfile_read(enum rubricfile_kind kind, const char *path, const void *data, size_t len,
		    const struct textimport_options *o, struct textimport_result *r, struct kp_error *e)
{
	memset(r, 0, sizeof *r);
	if (kind == RUBRICFILE_DOCX) {
		struct docx d;
		if (docx_read(path, data, len, &d, e)) {
			docx_free(&d);
			return e->code;
		}
		int t = largest_table(&d);
		if (t < 0) {
			docx_free(&d);
			return kp_fail_why(e, KP_EINPUT, KP_R_EMPTY, "the document has no table");
		}
		/* the paragraphs before the table (its title, a preamble), then
		 * those after it (注：, 总分) */
		struct strbuf context = {0};
		sb_adds(&context, "");
		for (int i = 0; i < d.nblocks; i++)
			if (d.blocks[i].table < 0 && d.blocks[i].text && *d.blocks[i].text)
				sb_addf(&context, "%s\n", d.blocks[i].text);
			else if (d.blocks[i].table == t)
				sb_adds(&context, "\f\n"); /* where the table stands: the title is above it */
		tableread_grid(&d.tables[t], context.s, o, r);
		sb_free(&context);
		docx_free(&d);
		return 0;
	}
	struct xlsx_sheet sh;
	int rc = path ? xlsx_read(path, &sh, e) : xlsx_read_mem(data, len, &sh, e);
	if (rc) {
		xlsx_sheet_free(&sh);
		return e->code;
	}
	if (!sh.n) {
		xlsx_sheet_free(&sh);
		return kp_fail_why(e, KP_EINPUT, KP_R_EMPTY, "the workbook's first sheet is empty");
	}
	struct grid g;
	xlsx_grid(&sh, &g);
	tableread_grid(&g, NULL, o, r);
	grid_free(&g);
	xlsx_sheet_free(&sh);
	return 0;
}

int rubricfile_kind_of(const char *name, const void *head, size_t n)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	if (!dot || !xlsx_is_zip(head, n))
		return -1;
	if (!strcasecmp(dot, ".docx"))
		return RUBRICFILE_DOCX;
	if (!strcasecmp(dot, ".xlsx"))
		return RUBRICFILE_XLSX;
	return -1;
}
