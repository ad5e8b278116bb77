/* zippack.c — fuzz inputs packed into a zip (see zippack.h). */
#define _GNU_SOURCE /* memmem */
#include "zippack.h"

#include <stdlib.h>
#include <string.h>

#include <zip.h>

void *zip_pack(const uint8_t *in, size_t n, const char *const *names, const char **part, size_t *plen, int nparts,
	       size_t *len)
{
	int np = 0;
	const uint8_t *p = in, *end = in + n;
	while (np < nparts) {
		const uint8_t *cut = memmem(p, end - p, "\n====\n", 6);
		part[np] = (const char *)p;
		plen[np] = (cut ? cut : end) - p;
		np++;
		if (!cut)
			break;
		p = cut + 6;
	}
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_error_fini(&ze);
	if (!buf)
		return NULL;
	zip_source_keep(buf);
	zip_t *z = zip_open_from_source(buf, ZIP_TRUNCATE, NULL);
	if (!z) {
		zip_source_free(buf);
		return NULL;
	}
	for (int i = 0; i < nparts; i++) {
		if (!part[i])
			continue;
		zip_source_t *s = zip_source_buffer(z, part[i], plen[i], 0);
		if (!s || zip_file_add(z, names[i], s, 0) < 0)
			zip_source_free(s);
	}
	void *out = NULL;
	if (zip_close(z) != 0) {
		zip_discard(z);
	} else if (zip_source_open(buf) == 0) {
		zip_source_seek(buf, 0, SEEK_END);
		zip_int64_t size = zip_source_tell(buf);
		zip_source_seek(buf, 0, SEEK_SET);
		out = malloc(size > 0 ? (size_t)size : 1);
		if (zip_source_read(buf, out, size) != size) {
			free(out);
			out = NULL;
		}
		*len = (size_t)size;
		zip_source_close(buf);
	}
	zip_source_free(buf);
	return out;
}
