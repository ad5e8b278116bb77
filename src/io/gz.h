/* gz.h — gzip content coding for HTTP answers (RFC 9110 §8.4.1, RFC 1952),
 * through zlib: large answers and cached ones go out compressed to clients
 * that accept it. */
#ifndef KAOPING_GZ_H
#define KAOPING_GZ_H
#include <stdbool.h>
#include <stddef.h>

#include "core/util.h"

/* An answer built for one request is compressed from this size up (smaller
 * ones cost more time to compress than they save on an office network);
 * a cached answer, compressed once, from GZ_MIN_CACHED up. */
#define GZ_MIN_BODY (32u * 1024)
#define GZ_MIN_CACHED 1024u
/* the levels: fast for an answer made once, smaller for a cached one */
#define GZ_LEVEL_BODY 1
#define GZ_LEVEL_CACHED 6

/* Whether an Accept-Encoding header value (NULL: none sent) accepts gzip:
 * "gzip", "x-gzip" or "*" listed with no q or a q above 0. */
bool gz_accepted(const char *accept_encoding);
/* Whether answers of CONTENT_TYPE are text worth compressing (HTML, JSON,
 * CSV, plain text, CSS, JavaScript), not files that are compressed already. */
bool gz_worth(const char *content_type);
/* Appends the N bytes at IN to OUT as one gzip member at LEVEL (1 fast ..
 * 9 small). False (OUT as it was) only when zlib fails. */
bool gz_compress(const void *in, size_t n, int level, struct strbuf *out);
#endif
