/* tableread.h — a rubric read from a table: a Word or Excel table's grid,
 * or a table pasted as tab-separated text (as Excel, WPS and Word put a
 * table on the clipboard). The columns are given their roles (item,
 * indicator, criterion, points, rule, method, units, deadline, notes) from
 * the header's words and from what the cells hold, for one, two or three
 * levels; merged cells carry their text down and across; numbering of
 * every usual kind (1、 1. 1.1.1 （一） 一、 Ⅲ-2-1 1）①) is kept as the label;
 * points come from a points column or from the text (（10分）, 环境卫生（20分）);
 * rules are read from the rule column or the text (scorerule.h); lines
 * under a criterion without points of their own are its checklist; a 一票否决
 * item or row gives veto criteria. Declared values (an item's （20分）, a
 * 合计 row, 总分100分 in the text around) are kept and compared with the
 * sums: a mismatch is a warning, never fixed. Pure: no I/O. */
#ifndef KAOPING_TABLEREAD_H
#define KAOPING_TABLEREAD_H
#include <stdbool.h>
#include <stddef.h>

#include "core/grid.h"
#include "core/textimport.h"

/* Reads the rubric in G into *R (free with textimport_free). CONTEXT is
 * the text around the table, one paragraph a line (a title, a preamble
 * with 否决条件 or 总分), or NULL. Problems name the table's row numbers
 * (grid_row.line). In CONTEXT a line "\f" may stand where the table is. */
void tableread_grid(const struct grid *g, const char *context, const struct textimport_options *o,
		    struct textimport_result *r);

/* When the LEN bytes of TEXT hold a tab-separated table (most of its
 * non-empty lines have a tab), its grid into *G (cells quoted with " as
 * Excel copies a cell with line breaks, an empty cell below a merged one
 * kept empty) and the lines before the table into *BEFORE (a new string,
 * or NULL); true. False, with nothing set, otherwise. */
bool tableread_tsv(const char *text, size_t len, struct grid *g, char **before);

/* When TEXT is a numbered list (一、组织领导（6分） headings, then 1.…,1分。
 * lines: three or more numbered lines, two with points), the grid of it
 * (测评项目, 测评内容: a heading an item row, a numbered line a criterion, a
 * line without a number the one above it going on) and the lines before
 * it into *BEFORE; true. False, nothing set, otherwise. */
bool tableread_list(const char *text, size_t len, struct grid *g, char **before);
#endif
