/* respond.c — answers built from elsewhere: a report captured from its
 * FILE into a JSON answer, and a stored evidence file sent by its hash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/due.h"
#include "io/gz.h"
#include "web/html.h"
#include "domain/report.h"
#include "domain/scores.h"
#include "domain/evidence.h"
#include "store/blob.h"
#include "domain/submissions.h"
#include "web/pages.h"
#include "web/web.h"

int web_upload_files(struct web *w, const char **names, struct blob **files)
{
	int n = 0;
	for (int i = 0; i < w->req->nuploads; i++) {
		struct web_upload *f = &w->req->uploads[i];
		if ((!strcmp(f->field, "file") || !strcmp(f->field, "photo")) && f->filename && *f->filename) {
			names[n] = f->filename;
			files[n++] = &f->file;
		}
	}
	return n;
}

void capture_open(struct capture *cap)
{
	cap->buf = NULL;
	cap->len = 0;
	cap->f = open_memstream(&cap->buf, &cap->len);
}

int capture_answer(struct web *w, struct capture *cap, int rc, const struct kp_error *e)
{
	fclose(cap->f);
	if (!rc) {
		w->res->content_type = "application/json";
		sb_add(&w->res->body, cap->buf, cap->len);
	}
	free(cap->buf);
	return rc ? web_fail(w, e) : 0;
}

int web_send_stored_file(struct web *w, const char *hex, const char *name, const char *type)
{
	struct blob_store *bs;
	struct kp_error e = {0};
	char *path;
	uint64_t len;
	if (blob_store_open(store_path(w->s), &bs, &e))
		return web_fail(w, &e);
	int rc = blob_open(bs, hex, &path, &len, &e);
	blob_store_close(bs);
	if (rc)
		return web_fail(w, &e);
	/* The transport streams the file: never read whole into memory. */
	w->res->file = path;
	w->res->file_len = len;
	/* The type is the one checked at upload, never the client's. */
	snprintf(w->res->content_type_buf, sizeof w->res->content_type_buf, "%s", type);
	w->res->content_type = w->res->content_type_buf;
	web_attachment(w, name);
	return 0;
}

