/* uploads.c — the file field every upload form shows, with the types and
 * the limits the running server enforces, and the files a form sent. */
#include "web/uploads.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "domain/evidence.h"
#include "web/server.h"

size_t web_files_max(const struct web *w)
{
	return w->req && w->req->files_max ? w->req->files_max : EVIDENCE_MAX_BYTES;
}

size_t web_file_max(const struct web *w)
{
	size_t all = web_files_max(w);
	return all < EVIDENCE_MAX_BYTES ? all : EVIDENCE_MAX_BYTES;
}

/* BYTES as people read a limit: "50 MB", "1.5 MB", "512 KB". */
static void size_words(size_t bytes, char out[32])
{
	if (bytes >= 1024 * 1024) {
		double mb = (double)bytes / (1024.0 * 1024.0);
		if (bytes % (1024 * 1024) == 0)
			snprintf(out, 32, "%zu MB", bytes >> 20);
		else
			snprintf(out, 32, "%.1f MB", mb);
	} else {
		snprintf(out, 32, "%zu KB", bytes >> 10);
	}
}

void web_upload_field(struct web *w, enum web_upload_kind kind, const char *button, bool required)
{
	char one[32], all[32];
	if (kind == UPLOAD_SHEET) {
		size_words(web_files_max(w) < WEB_SHEET_MAX ? web_files_max(w) : WEB_SHEET_MAX, one);
		out(w, "<div class=\"upload\"><div class=\"pick\"><label>选择测评表 <input type=\"file\" name=\"file\"%s "
		       "accept=\".csv,.xlsx\"></label>",
		    required ? " required" : "");
		if (button)
			out(w, " <button type=\"submit\">%h</button>", button);
		out(w, "</div><p class=\"hint\">Excel 工作簿（.xlsx）或 CSV 文件，最大 %h</p></div>", one);
		web_field_error(w, "file");
		return;
	}
	struct strbuf accept = {0};
	evidence_accept(&accept);
	size_words(web_file_max(w), one);
	size_words(web_files_max(w), all);
	/* several files at once, or a photo straight from a phone's camera;
	 * the accept list is the server's (evidence_type) */
	out(w, "<div class=\"upload\"><div class=\"pick\"><label>选择文件（可多选） "
	       "<input type=\"file\" name=\"file\" multiple accept=\"%a\"%s></label>"
	       "<label class=\"camera\">拍照上传 <input type=\"file\" name=\"photo\" accept=\"image/*\" "
	       "capture=\"environment\"></label>",
	    sb_str(&accept), required ? " required" : "");
	if (button)
		out(w, " <button type=\"submit\">%h</button>", button);
	out(w, "</div><p class=\"hint\">可上传 %h；每次最多 %d 个文件，合计不超过 %h", WEB_FILE_TYPES_ZH, SERVER_MAX_FILES,
	    all);
	if (strcmp(one, all))
		out(w, "，每个文件不超过 %h", one);
	out(w, "。一次选择多个文件时，任一文件不符合要求则全部不保存。</p></div>");
	web_field_error(w, "file");
	web_field_error(w, "file_name");
	sb_free(&accept);
}

int web_files_lists(const struct web *w, const char ***names, struct blob ***files)
{
	struct web_upload **parts = xcalloc((size_t)w->req->nuploads + 1, sizeof *parts);
	int n = web_files_posted(w, parts);
	*names = xcalloc((size_t)n + 1, sizeof **names);
	*files = xcalloc((size_t)n + 1, sizeof **files);
	for (int i = 0; i < n; i++)
		(*names)[i] = parts[i]->filename, (*files)[i] = &parts[i]->file;
	free(parts);
	return n;
}

const struct web_upload *web_upload_of(const struct web *w, const char *field)
{
	const struct web_upload *f = NULL;
	for (int i = 0; i < w->req->nuploads; i++)
		if (!strcmp(w->req->uploads[i].field, field))
			f = &w->req->uploads[i];
	return f;
}

int web_upload_bytes(const struct web_upload *f, unsigned char **data, size_t *len)
{
	FILE *in = f->file.tmp ? fopen(f->file.tmp, "rb") : NULL;
	unsigned char *d = xmalloc(f->file.len + 1);
	size_t got = in ? fread(d, 1, f->file.len, in) : 0;
	if (in)
		fclose(in);
	if (got != f->file.len) {
		free(d);
		return -1;
	}
	d[got] = 0;
	*data = d;
	*len = got;
	return 0;
}

char *web_base64(const void *data, size_t len)
{
	size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = xmalloc(n);
	sodium_bin2base64(b64, n, data, len, sodium_base64_VARIANT_ORIGINAL);
	return b64;
}

unsigned char *web_unbase64(const char *b64, size_t max, size_t *len)
{
	size_t cap = strlen(b64) / 4 * 3 + 3;
	unsigned char *data = xmalloc(cap + 1);
	if (sodium_base642bin(data, cap, b64, strlen(b64), NULL, len, NULL, sodium_base64_VARIANT_ORIGINAL) || *len > max) {
		free(data);
		return NULL;
	}
	data[*len] = 0;
	return data;
}

int web_files_posted(const struct web *w, struct web_upload **parts)
{
	int n = 0;
	for (int i = 0; i < w->req->nuploads; i++) {
		struct web_upload *up = &w->req->uploads[i];
		if (strcmp(up->field, "file") && strcmp(up->field, "photo"))
			continue;
		if ((!up->filename || !*up->filename) && !up->file.len)
			continue; /* an input left empty sends a nameless empty part */
		parts[n++] = up;
	}
	return n;
}
