/* rubricfile.h — a rubric read from the file it came in: a Word document
 * (.docx: its largest table, with the paragraphs around it for the title
 * and what the text says of the total and vetoes) or an Excel workbook
 * (.xlsx: its first sheet, merged ranges included), through the table
 * reader (core/tableread.h). The same result as pasted text gives. */
#ifndef KAOPING_RUBRICFILE_H
#define KAOPING_RUBRICFILE_H
#include <stddef.h>

#include "core/textimport.h"
#include "core/util.h"

enum rubricfile_kind {
	RUBRICFILE_DOCX,
	RUBRICFILE_XLSX,
};

/* Reads the file at PATH (or the LEN bytes at DATA when PATH is NULL) of
 * KIND into *R (free with textimport_free). KP_EINPUT, *R empty, when the
 * file cannot be read as KIND or holds no table; E names the file's part. */
int rubricfile_read(enum rubricfile_kind kind, const char *path, const void *data, size_t len,
		    const struct textimport_options *o, struct textimport_result *r, struct kp_error *e);

/* The kind a file's NAME (.docx, .xlsx) and first bytes say, or -1. */
int rubricfile_kind_of(const char *name, const void *head, size_t n);
#endif
