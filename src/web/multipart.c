/* multipart.c — multipart/form-data (RFC 7578) over an in-memory body. */
#include "web/multipart.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Finds NEEDLE (N bytes) in HAY (LEN bytes). */
static const unsigned char *find(const unsigned char *hay, size_t len, const char *needle, size_t n)
{
	if (n == 0 || len < n)
		return NULL;
	for (size_t i = 0; i + n <= len; i++) {
		const unsigned char *p = memchr(hay + i, needle[0], len - n - i + 1);
		if (!p)
			return NULL;
		if (!memcmp(p, needle, n))
			return p;
		i = (size_t)(p - hay);
	}
	return NULL;
}

/* Case-insensitive strstr for ASCII keys. */
static const char *find_ci(const char *hay, const char *key)
{
	size_t k = strlen(key);
	for (; *hay; hay++)
		if (!strncasecmp(hay, key, k))
			return hay;
	return NULL;
}

/* The boundary parameter of a Content-Type header; caller frees. */
static char *boundary_of(const char *type)
{
	if (!type || strncasecmp(type, "multipart/form-data", 19))
		return NULL;
	const char *p = find_ci(type, "boundary=");
	if (!p)
		return NULL;
	p += 9;
	size_t n;
	if (*p == '"') {
		p++;
		n = strcspn(p, "\"");
	} else {
		n = strcspn(p, "; \t");
	}
	if (n == 0 || n > 70)
		return NULL;
	return xstrndup(p, n);
}

/* Value of parameter KEY ("name", "filename") in a Content-Disposition
 * header's parameters, walking them in order so a quoted value can never
 * be mistaken for a parameter. \" and \\ are unescaped; %22 is kept as
 * browsers send it. NULL when absent; caller frees. */
static char *param_of(const char *line, const char *key)
{
	const char *p = line;
	size_t k = strlen(key);
	while (*p) {
		p += strspn(p, " \t;");
		const char *name = p;
		while (*p && *p != '=' && *p != ';')
			p++;
		size_t n = (size_t)(p - name);
		while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
			n--;
		if (*p != '=') /* a bare token such as form-data */
			continue;
		p++;
		struct strbuf v = {0};
		sb_adds(&v, "");
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				sb_addc(&v, *p);
			}
			if (*p == '"')
				p++;
		} else {
			size_t m = strcspn(p, "; \t");
			sb_add(&v, p, m);
			p += m;
		}
		if (n == k && !strncasecmp(name, key, k))
			return v.s;
		sb_free(&v);
	}
	return NULL;
}

void multipart_free(struct mp_part *parts, int nparts)
{
	for (int i = 0; i < nparts; i++)
		free(parts[i].name), free(parts[i].filename), free(parts[i].type);
	free(parts);
}

int multipart_parse(const char *content_type, const unsigned char *body, size_t len, struct mp_part **parts,
		    int *nparts, struct kp_error *e)
{
	char *b = boundary_of(content_type);
	struct mp_part *ps = NULL;
	int n = 0;
	*parts = NULL;
	*nparts = 0;
	if (!b)
		return kp_fail(e, KP_EINPUT, "upload: Content-Type is not multipart/form-data with a boundary");
	char *delim = xasprintf("\r\n--%s", b); /* every boundary after the first */
	size_t dn = strlen(delim);
	/* The body starts with the first boundary (the preamble is ignored). */
	const unsigned char *p = find(body, len, delim + 2, dn - 2);
	if (!p) {
		kp_fail(e, KP_EINPUT, "upload: the body has no boundary");
		goto fail;
	}
	p += dn - 2;
	for (;;) {
		size_t left = len - (size_t)(p - body);
		if (left >= 2 && p[0] == '-' && p[1] == '-')
			break; /* closing boundary */
		if (left < 2 || p[0] != '\r' || p[1] != '\n') {
			kp_fail(e, KP_EINPUT, "upload: malformed boundary line");
			goto fail;
		}
		p += 2, left -= 2;
		const unsigned char *hend = find(p, left, "\r\n\r\n", 4);
		if (!hend || hend - p > 8192) {
			kp_fail(e, KP_EINPUT, "upload: part %d has no end of headers", n + 1);
			goto fail;
		}
		const unsigned char *data = hend + 4;
		const unsigned char *next = find(data, len - (size_t)(data - body), delim, dn);
		if (!next) {
			kp_fail(e, KP_EINPUT, "upload: the body ends without its closing boundary (upload cut short?)");
			goto fail;
		}
		if (n == MULTIPART_MAX_PARTS) {
			kp_fail(e, KP_EINPUT, "upload: more than %d parts", MULTIPART_MAX_PARTS);
			goto fail;
		}
		ps = xrealloc(ps, (size_t)(n + 1) * sizeof *ps);
		struct mp_part *part = &ps[n++];
		memset(part, 0, sizeof *part);
		part->data = data;
		part->len = (size_t)(next - data);
		/* Header lines of the part. */
		char *headers = xstrndup((const char *)p, (size_t)(hend - p));
		for (char *line = headers, *end; line && *line; line = end ? end + 2 : NULL) {
			end = strstr(line, "\r\n");
			if (end)
				*end = 0;
			/* A repeated header replaces the earlier one. */
			if (!strncasecmp(line, "Content-Disposition:", 20)) {
				free(part->name), free(part->filename);
				part->name = param_of(line + 20, "name");
				part->filename = param_of(line + 20, "filename");
			} else if (!strncasecmp(line, "Content-Type:", 13)) {
				const char *v = line + 13 + strspn(line + 13, " \t");
				free(part->type);
				part->type = xstrdup(v);
			}
		}
		free(headers);
		if (!part->name || !*part->name || !utf8_valid(part->name, strlen(part->name)) ||
		    (part->filename && !utf8_valid(part->filename, strlen(part->filename)))) {
			kp_fail(e, KP_EINPUT, "upload: part %d has no name, or a name that is not UTF-8", n);
			goto fail;
		}
		p = next + dn;
	}
	free(b);
	free(delim);
	*parts = ps;
	*nparts = n;
	return 0;
fail:
	free(b);
	free(delim);
	multipart_free(ps, n);
	return e->code;
}
