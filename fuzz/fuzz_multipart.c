/* fuzz_multipart.c — libFuzzer target for the multipart/form-data parser
 * (src/multipart.c).
 *
 * The first byte picks one of a few Content-Type headers (boundaries as
 * Chrome, Firefox and RFC 7578 send them, one quoted); the rest is the body.
 * On success every part's data must lie inside the body and be followed by
 * the delimiter, and every name must be non-empty valid UTF-8; on refusal
 * the error must be KP_EINPUT with a message and nothing to free.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/multipart.h"
#include "core/util.h"

static const struct {
	const char *content_type;
	const char *boundary;
} kinds[] = {
	{"multipart/form-data; boundary=AaB03x", "AaB03x"},
	{"multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
	 "----WebKitFormBoundary7MA4YWxkTrZu0gW"},
	{"multipart/form-data; boundary=---------------------------9051914041544843365972754266",
	 "---------------------------9051914041544843365972754266"},
	{"multipart/form-data; boundary=\"simple; boundary\"; charset=utf-8", "simple; boundary"},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	size_t k = data[0] % (sizeof kinds / sizeof *kinds);
	const unsigned char *body = data + 1;
	size_t len = size - 1;

	struct mp_part *parts = (struct mp_part *)1; /* must be reset */
	int nparts = -1;
	struct kp_error e = {0};
	int rc = multipart_parse(kinds[k].content_type, body, len, &parts, &nparts, &e);
	if (rc != 0) {
		if (rc != KP_EINPUT || e.code != KP_EINPUT || !e.msg[0] || parts != NULL || nparts != 0)
			abort();
		return 0;
	}
	if (e.code != 0 || nparts < 0 || nparts > MULTIPART_MAX_PARTS || (nparts > 0 && !parts))
		abort();

	char delim[80];
	size_t dn = (size_t)snprintf(delim, sizeof delim, "\r\n--%s", kinds[k].boundary);
	uintptr_t lo = (uintptr_t)body, hi = (uintptr_t)body + len;
	uintptr_t prev_end = lo; /* parts come in order and never overlap */
	for (int i = 0; i < nparts; i++) {
		const struct mp_part *p = &parts[i];
		uintptr_t d = (uintptr_t)p->data;
		if (!p->data || d < prev_end || d > hi || p->len > hi - d)
			abort();
		prev_end = d + p->len;
		/* The data ends where the next delimiter starts. */
		if (hi - (d + p->len) < dn || memcmp(p->data + p->len, delim, dn))
			abort();
		/* ...and that is the first delimiter after the data's start. */
		for (size_t j = 0; j < p->len; j++)
			if (!memcmp(p->data + j, delim, dn))
				abort();
		if (!p->name || !*p->name || !utf8_valid(p->name, strlen(p->name)))
			abort();
		if (p->filename && !utf8_valid(p->filename, strlen(p->filename)))
			abort();
	}
	multipart_free(parts, nparts);
	return 0;
}
