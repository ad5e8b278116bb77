/* multipart.h — a parser for multipart/form-data bodies (file uploads from
 * browser forms), over a body held in memory. Outside input: every limit
 * is checked and the parser is fuzzed (fuzz/fuzz_multipart.c). */
#ifndef KAOPING_MULTIPART_H
#define KAOPING_MULTIPART_H
#include <stddef.h>

#include "core/util.h"

struct mp_part {
	char *name;      /* the form field's name (UTF-8) */
	char *filename;  /* the file's name as sent, or NULL for a plain field */
	char *type;      /* the part's Content-Type, or NULL */
	const unsigned char *data; /* points into the body */
	size_t len;
};

#define MULTIPART_MAX_PARTS 64

/* Parses BODY (LEN bytes) as multipart/form-data with the boundary named in
 * CONTENT_TYPE. Returns 0 with *PARTS (free with multipart_free) and
 * *NPARTS, or KP_EINPUT naming what is wrong (no boundary, a part without
 * a name, no closing boundary, too many parts, names not UTF-8). */
int multipart_parse(const char *content_type, const unsigned char *body, size_t len, struct mp_part **parts,
		    int *nparts, struct kp_error *e);
void multipart_free(struct mp_part *parts, int nparts);
#endif
