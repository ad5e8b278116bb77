/* csv.h — streaming reader for CSV files as Excel and WPS save them
 * (UTF-8 with or without BOM, or GBK/GB18030), yielding UTF-8 records.
 *
 * The reader reads the FILE in blocks of CSV_BLOCK_SIZE bytes, converts
 * them to UTF-8 and parses RFC 4180 CSV (comma separator, double quotes,
 * "" for a quote inside quotes, records ending at LF, CRLF or a lone CR).
 * Memory stays bounded by the longest record, whatever the file's size.
 *
 * Typical use:
 *
 *     csv_reader *r = csv_open(f, CSV_AUTO);
 *     int rc;
 *     while ((rc = csv_next(r)) == 1)
 *         for (size_t i = 0; i < csv_nfields(r); i++)
 *             use(csv_field(r, i), csv_field_len(r, i), csv_line(r));
 *     if (rc < 0)
 *         fprintf(stderr, "%s\n", csv_error(r));
 *     csv_close(r);
 */
#ifndef KAOPING_CSV_H
#define KAOPING_CSV_H

#include <stddef.h>
#include <stdio.h>

/* Bytes read from the FILE at a time; CSV_AUTO decides on the first block.
 * The fuzzing build shrinks it (at least 16) to reach block boundaries with
 * small inputs. */
#ifndef CSV_BLOCK_SIZE
#define CSV_BLOCK_SIZE (64 * 1024)
#endif
/* A field longer than this many bytes (after conversion to UTF-8) is an error. */
#define CSV_MAX_FIELD_LEN (1024 * 1024)
/* A record with more fields than this is an error. */
#define CSV_MAX_FIELDS 4096

enum csv_encoding { CSV_AUTO, CSV_UTF8, CSV_GBK };

typedef struct csv_reader csv_reader;

/* Starts reading CSV from f in encoding enc.  CSV_AUTO looks at the start of
 * the file: a UTF-8 BOM means UTF-8, otherwise a first block that is valid
 * UTF-8 means UTF-8, and anything else means GBK (decoded as GB18030, with
 * Windows code page 936's single byte 0x80 read as the euro sign).
 * Nothing is read until the first csv_next.
 * Returns a reader owned by the caller (free it with csv_close); never NULL:
 * running out of memory aborts.  The reader does not own f: the caller closes
 * it after csv_close, and must not read from it meanwhile. */
csv_reader *csv_open(FILE *f, enum csv_encoding enc);

/* Reads the next record.  Completely empty lines are skipped.
 * Returns 1 when a record is ready (see csv_nfields, csv_field, csv_line),
 * 0 at the end of input, -1 on an error: the file is not valid text in its
 * encoding, is UTF-16, holds a NUL byte, is malformed CSV, has a field longer
 * than CSV_MAX_FIELD_LEN or a record with more than CSV_MAX_FIELDS fields, or
 * reading the FILE failed; csv_error says which.  After -1 every further call
 * returns -1; after 0 every further call returns 0.  The previous record's
 * fields become invalid. */
int csv_next(csv_reader *r);

/* Number of fields in the current record: at least 1 after csv_next returned
 * 1 ("a,b," has 3), 0 before the first record and after end or error. */
size_t csv_nfields(const csv_reader *r);

/* Field i (0-based) of the current record, untrimmed, as NUL-terminated
 * UTF-8.  The string is owned by the reader and stays valid until the next
 * csv_next or csv_close.  i must be below csv_nfields(r); otherwise returns
 * NULL. */
const char *csv_field(const csv_reader *r, size_t i);

/* Length in bytes of field i (the same as strlen(csv_field(r, i)), since a
 * field never holds a NUL byte); 0 if i is out of range. */
size_t csv_field_len(const csv_reader *r, size_t i);

/* 1-based physical line on which the current record starts (a record whose
 * quoted fields hold line breaks spans several lines); after csv_next returned
 * -1, the line the error names.  0 before the first csv_next. */
long csv_line(const csv_reader *r);

/* After csv_next returned -1: a one-line English message, mostly naming the
 * line, e.g. "line 7: unterminated quoted field" or "read error: <strerror>".
 * Owned by the reader, valid until csv_close.  NULL if there was no error. */
const char *csv_error(const csv_reader *r);

/* The encoding actually being decoded: after the first csv_next, CSV_UTF8 or
 * CSV_GBK (still CSV_AUTO if that call failed before choosing, e.g. on a
 * UTF-16 file, or before the first csv_next of a CSV_AUTO reader). */
enum csv_encoding csv_encoding_used(const csv_reader *r);

/* Frees r and everything it returned.  Does not close the FILE.  NULL is
 * allowed. */
void csv_close(csv_reader *r);

/* Name of an encoding for messages and options: "utf-8", "gbk" or "auto".
 * Returns a static string; "?" for a value outside the enum. */
const char *csv_encoding_name(enum csv_encoding e);

/* Parses an encoding name as a user types it: utf-8, utf8, gbk, gb2312,
 * gb18030, cp936 or auto, in any case.  On success stores the encoding in
 * *out and returns 0; returns -1 (leaving *out alone) for an unknown or NULL
 * name. */
int csv_parse_encoding(const char *name, enum csv_encoding *out);

#endif
