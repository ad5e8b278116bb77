/* fuzz_csv.c — libFuzzer target for the CSV reader (src/csv.c).
 *
 * Feeds the input through fmemopen to csv_open and reads every record,
 * checking that each field is NUL-terminated at its reported length and is
 * valid UTF-8, that line numbers never go backwards, and that errors stick.
 * The first byte picks the encoding: mostly CSV_AUTO, sometimes forced UTF-8
 * or GBK (the byte stays part of the input).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"

/* An independent strict UTF-8 check (no overlongs, surrogates, > U+10FFFF). */
static int valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        uint32_t cp;
        size_t len;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, cp = c & 0x07;
        } else {
            return 0;
        }
        if (i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000))
            return 0;
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    enum csv_encoding enc = CSV_AUTO;
    if (size > 0 && data[0] % 4 == 1)
        enc = CSV_UTF8;
    else if (size > 0 && data[0] % 4 == 2)
        enc = CSV_GBK;

    /* fmemopen needs a writable buffer and a non-zero size. */
    char *copy = calloc(1, size + 1);
    if (!copy)
        abort();
    if (size > 0)
        memcpy(copy, data, size);
    FILE *f = fmemopen(copy, size > 0 ? size : 1, "r");
    if (!f)
        abort();
    if (size == 0)
        fgetc(f); /* leave nothing to read */

    csv_reader *r = csv_open(f, enc);
    long last_line = 0;
    int rc;
    while ((rc = csv_next(r)) == 1) {
        size_t nf = csv_nfields(r);
        if (nf == 0 || nf > CSV_MAX_FIELDS)
            abort();
        if (csv_line(r) <= last_line)
            abort();
        last_line = csv_line(r);
        enum csv_encoding used = csv_encoding_used(r);
        if (used != CSV_UTF8 && used != CSV_GBK)
            abort();
        if (enc != CSV_AUTO && used != enc)
            abort();
        for (size_t i = 0; i < nf; i++) {
            const char *s = csv_field(r, i);
            size_t len = csv_field_len(r, i);
            if (!s || strlen(s) != len || len > CSV_MAX_FIELD_LEN)
                abort();
            if (!valid_utf8((const unsigned char *)s, len))
                abort();
        }
        if (csv_field(r, nf) != NULL)
            abort();
    }
    if (rc == 0) {
        if (csv_error(r) != NULL || csv_next(r) != 0)
            abort();
    } else {
        const char *e = csv_error(r);
        if (rc != -1 || !e || !*e || strchr(e, '\n') || csv_next(r) != -1 ||
            csv_nfields(r) != 0)
            abort();
    }
    csv_close(r);
    fclose(f);
    free(copy);
    return 0;
}
