/* ooxml.c — the zip and XML plumbing of the .xlsx and .docx readers. */
#include "io/ooxml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libxml2 prints its errors on stderr unless told: the caller words them. */
static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx, (void)msg;
}

int ooxml_open(const char *path, const void *data, size_t len, const char *kind, zip_t **out, struct kp_error *e)
{
	*out = NULL;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = path ? zip_source_file_create(path, 0, -1, &ze) : zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		if (path)
			kp_fail_why(e, KP_EINPUT, KP_R_NOT_FOUND, "%s: %s", path, zip_error_strerror(&ze));
		else
			kp_fail(e, KP_EFAIL, "out of memory");
		zip_error_fini(&ze);
		return e->code;
	}
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!z) {
		int code = zip_error_code_zip(&ze);
		if (path && (code == ZIP_ER_NOENT || code == ZIP_ER_OPEN || code == ZIP_ER_READ))
			kp_fail_why(e, KP_EINPUT, KP_R_NOT_FOUND, "%s: %s", path, zip_error_strerror(&ze));
		else
			kp_fail_why(e, KP_EINPUT, KP_R_FILE_TYPE, "not %s: %s", kind, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		zip_source_free(src);
		return e->code;
	}
	zip_error_fini(&ze);
	xmlSetGenericErrorFunc(NULL, quiet);
	*out = z;
	return 0;
}

int ooxml_part(zip_t *z, const char *name, char **buf, size_t *len, struct kp_error *e)
{
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat(z, name, 0, &st) != 0)
		return 1;
	if (!(st.valid & ZIP_STAT_SIZE) || st.size > OOXML_MAX_PART)
		return kp_fail_why(e, KP_EINPUT, KP_R_TOO_LARGE, "%s: larger than %u MB unpacked", name, OOXML_MAX_PART >> 20),
		       -1;
	zip_file_t *f = zip_fopen(z, name, 0);
	if (!f)
		return kp_fail_why(e, KP_EINPUT, KP_R_FORMAT, "%s: %s", name, zip_strerror(z)), -1;
	char *b = xmalloc((size_t)st.size + 1);
	zip_int64_t got = 0, r;
	while ((zip_uint64_t)got < st.size && (r = zip_fread(f, b + got, st.size - (zip_uint64_t)got)) > 0)
		got += r;
	/* one byte more must not come: the size is what the directory says */
	char extra;
	bool more = zip_fread(f, &extra, 1) > 0;
	bool bad = (zip_uint64_t)got != st.size || more;
	const char *why = bad ? zip_file_strerror(f) : NULL;
	if (bad) {
		kp_fail_why(e, KP_EINPUT, KP_R_FORMAT, "%s: cannot be unpacked (%s)", name, why && *why ? why : "damaged");
		zip_fclose(f);
		free(b);
		return -1;
	}
	zip_fclose(f);
	b[got] = 0;
	*buf = b;
	*len = (size_t)got;
	return 0;
}

xmlTextReaderPtr ooxml_reader(const char *buf, size_t len, const char *name)
{
	if (len > (size_t)OOXML_MAX_PART)
		return NULL;
	return xmlReaderForMemory(buf, (int)len, name, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
}

int ooxml_next(xmlTextReaderPtr r, const char *part, int row, struct kp_error *e)
{
	int rc = xmlTextReaderRead(r);
	if (rc < 0) {
		/* libxml2's own words, on one line */
		const xmlError *x = xmlGetLastError();
		char why[200] = "";
		if (x && x->message) {
			snprintf(why, sizeof why, ": %s", x->message);
			for (char *p = why; *p; p++)
				if (*p == '\n' || *p == '\r')
					*p = ' ';
			for (size_t n = strlen(why); n && why[n - 1] == ' '; n--)
				why[n - 1] = 0;
		}
		/* the reader parses ahead: a row is named only once one is read */
		if (row > 0)
			return kp_fail_why(e, KP_EINPUT, KP_R_FORMAT, "%s after row %d: broken XML%s", part, row, why), -1;
		return kp_fail_why(e, KP_EINPUT, KP_R_FORMAT, "%s line %d: broken XML%s", part,
				   xmlTextReaderGetParserLineNumber(r), why),
		       -1;
	}
	if (rc == 1 && xmlTextReaderNodeType(r) == XML_READER_TYPE_DOCUMENT_TYPE)
		return kp_fail_why(e, KP_EINPUT, KP_R_FORMAT, "%s: has a DTD (not an Office document part)", part), -1;
	return rc;
}

bool ooxml_is(xmlTextReaderPtr r, int type, const char *local)
{
	return xmlTextReaderNodeType(r) == type && !strcmp((const char *)xmlTextReaderConstLocalName(r), local);
}

char *ooxml_attr(xmlTextReaderPtr r, const char *name, const char *ns)
{
	if (ns)
		return (char *)xmlTextReaderGetAttributeNs(r, (const xmlChar *)name, (const xmlChar *)ns);
	return (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)name);
}
