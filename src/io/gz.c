/* gz.c — gzip content coding (see gz.h). */
#include "io/gz.h"

#include <string.h>
#include <strings.h>
#include <zlib.h>

bool gz_accepted(const char *h)
{
	/* gzip as listed (-1: not listed, 0: refused, 1: accepted), else as
	 * "*" is listed */
	int gzip = -1, any = -1;
	while (h && *h) {
		/* one element: coding [; q=value] [; other params] */
		h += strspn(h, " \t,");
		size_t n = strcspn(h, " \t;,");
		int *named = NULL;
		if ((n == 4 && !strncasecmp(h, "gzip", 4)) || (n == 6 && !strncasecmp(h, "x-gzip", 6)))
			named = &gzip;
		else if (n == 1 && *h == '*')
			named = &any;
		h += n;
		bool refused = false;
		while (*h && *h != ',') {
			h += strspn(h, " \t;");
			if ((h[0] == 'q' || h[0] == 'Q') && h[1] == '=') {
				/* q=0, q=0.0, q=0.00, q=0.000 refuse; anything else accepts */
				const char *v = h + 2;
				size_t k = strspn(v, "0");
				refused = k > 0 && (v[k] == '.' ? strspn(v + k + 1, "0") == strcspn(v + k + 1, " \t;,")
								: strcspn(v + k, " \t;,") == 0);
			}
			h += strcspn(h, ";,");
		}
		if (named)
			*named = !refused;
	}
	return gzip >= 0 ? gzip == 1 : any == 1;
}

bool gz_worth(const char *type)
{
	static const char *const types[] = {"text/", "application/json", "application/javascript"};
	for (size_t i = 0; type && i < sizeof types / sizeof *types; i++)
		if (!strncmp(type, types[i], strlen(types[i])))
			return true;
	return false;
}

bool gz_compress(const void *in, size_t n, int level, struct strbuf *out)
{
	z_stream z = {0};
	/* 15 window bits + 16: a gzip header and trailer, not zlib's */
	if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return false;
	size_t start = out->len, bound = deflateBound(&z, (uLong)n);
	sb_grow(out, bound);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)out->s + start;
	z.avail_out = (uInt)bound;
	int rc = deflate(&z, Z_FINISH);
	size_t made = bound - z.avail_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		out->len = start;
		if (out->s)
			out->s[start] = 0;
		return false;
	}
	out->len = start + made;
	out->s[out->len] = 0;
	return true;
}
