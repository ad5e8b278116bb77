/* ooxml.h — what the Office Open XML readers share (Excel's .xlsx and
 * Word's .docx, as Office, WPS and LibreOffice save them): the zip through
 * libzip, a part of it read whole with a size limit, and the part's XML
 * through libxml2's streaming reader with no DTD, no entities and no
 * network. Errors are KP_EINPUT naming the part (and the row or line).
 * Knows the packaging, not what the parts mean. */
#ifndef KAOPING_OOXML_H
#define KAOPING_OOXML_H
#include <stdbool.h>
#include <stddef.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "core/util.h"

/* Largest part read, unpacked. */
#define OOXML_MAX_PART (64u << 20)

/* Opens the package at PATH, or the LEN bytes at DATA when PATH is NULL,
 * into *Z (zip_discard it). KIND names the format in the error when the
 * bytes are no zip ("an Excel workbook (.xlsx)"). */
int ooxml_open(const char *path, const void *data, size_t len, const char *kind, zip_t **z, struct kp_error *e);

/* The part NAME of Z whole into *BUF (NUL-terminated, *LEN bytes; caller
 * frees): 0, or 1 when there is no such part (nothing set), or -1 with E
 * set (larger than OOXML_MAX_PART, damaged). */
int ooxml_part(zip_t *z, const char *name, char **buf, size_t *len, struct kp_error *e);

/* A reader over the LEN bytes at BUF (part NAME), or NULL when they are
 * too many. */
xmlTextReaderPtr ooxml_reader(const char *buf, size_t len, const char *name);
/* The next node: 1, 0 at the end, -1 on broken XML or a DTD (E set, naming
 * PART and, when ROW > 0, the row (or table row) read last). */
int ooxml_next(xmlTextReaderPtr r, const char *part, int row, struct kp_error *e);
/* Is the current node of type TYPE (XML_READER_TYPE_ELEMENT …) with the
 * local name LOCAL? */
bool ooxml_is(xmlTextReaderPtr r, int type, const char *local);
/* The attribute NAME of the current element (no namespace, or LOCAL name
 * in the main namespace of the part when NS is given), or NULL; caller
 * frees. */
char *ooxml_attr(xmlTextReaderPtr r, const char *name, const char *ns);
#endif
