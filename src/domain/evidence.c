/* evidence.c — a unit's evidence (佐证材料) files: type checks by content,
 * kept through store/blob.h, late marks and withdrawal rules. */
#include "domain/evidence.h"
#include "store/sql.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/submissions.h"


struct file_kind {
	const char *ext[6];
	const char *type;
	int magic; /* which content check applies */
};

enum { MAGIC_PDF, MAGIC_OLE, MAGIC_ZIP, MAGIC_JPEG, MAGIC_PNG, MAGIC_GIF, MAGIC_HEIC, MAGIC_MP4, MAGIC_AVI };

static const struct file_kind kinds[] = {
	{{"pdf", NULL}, "application/pdf", MAGIC_PDF},
	{{"doc", "wps", NULL}, "application/msword", MAGIC_OLE},
	{{"xls", "et", NULL}, "application/vnd.ms-excel", MAGIC_OLE},
	{{"ppt", "dps", NULL}, "application/vnd.ms-powerpoint", MAGIC_OLE},
	{{"docx", NULL}, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", MAGIC_ZIP},
	{{"xlsx", NULL}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", MAGIC_ZIP},
	{{"pptx", NULL}, "application/vnd.openxmlformats-officedocument.presentationml.presentation", MAGIC_ZIP},
	{{"jpg", "jpeg", NULL}, "image/jpeg", MAGIC_JPEG},
	{{"png", NULL}, "image/png", MAGIC_PNG},
	{{"gif", NULL}, "image/gif", MAGIC_GIF},
	/* an iPhone's photos (HEIF with HEVC): kept as they are */
	{{"heic", "heif", NULL}, "image/heic", MAGIC_HEIC},
	{{"mp4", "m4v", "mov", NULL}, "video/mp4", MAGIC_MP4},
	{{"avi", NULL}, "video/x-msvideo", MAGIC_AVI},
};

void evidence_accept(struct strbuf *b)
{
	bool first = true;
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		for (int j = 0; kinds[i].ext[j]; j++) {
			sb_addf(b, "%s.%s", first ? "" : ",", kinds[i].ext[j]);
			first = false;
		}
}

static bool magic_ok(int magic, const unsigned char *d, size_t n)
{
	switch (magic) {
	case MAGIC_PDF: return n >= 5 && !memcmp(d, "%PDF-", 5);
	case MAGIC_OLE: return n >= 8 && !memcmp(d, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
	case MAGIC_ZIP: return n >= 4 && !memcmp(d, "PK\x03\x04", 4);
	case MAGIC_JPEG: return n >= 3 && !memcmp(d, "\xff\xd8\xff", 3);
	case MAGIC_PNG: return n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8);
	case MAGIC_GIF: return n >= 6 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6));
	case MAGIC_HEIC:
		/* an ISO media file whose brand is HEIF's: ftypheic, ftypheix, ftypmif1, ftyphevc … */
		return n >= 12 && !memcmp(d + 4, "ftyp", 4) &&
		       (!memcmp(d + 8, "heic", 4) || !memcmp(d + 8, "heix", 4) || !memcmp(d + 8, "mif1", 4) ||
			!memcmp(d + 8, "hevc", 4) || !memcmp(d + 8, "heim", 4) || !memcmp(d + 8, "heis", 4) ||
			!memcmp(d + 8, "msf1", 4));
	case MAGIC_MP4: return n >= 12 && !memcmp(d + 4, "ftyp", 4);
	case MAGIC_AVI: return n >= 12 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "AVI ", 4);
	}
	return false;
}

const char *evidence_type(const char *name, const unsigned char *data, size_t len, struct kp_error *e)
{
	const char *dot = strrchr(name, '.');
	if (!dot || !dot[1]) {
		kp_fail_at(e, KP_EINPUT, KP_R_FILE_TYPE, "file", 0, 0, "file \"%s\" has no extension; send PDF, Word/WPS, Excel, images or video", name);
		return NULL;
	}
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		for (int k = 0; kinds[i].ext[k]; k++)
			if (!strcasecmp(dot + 1, kinds[i].ext[k])) {
				if (magic_ok(kinds[i].magic, data, len))
					return kinds[i].type;
				if (!e->code) { /* the value goes with this error, never an earlier one */
					kp_fail_at(e, KP_EINPUT, KP_R_FORMAT, "file", 0, 0,
						   "file \"%s\" is not a real .%s file (its content does not match)", name,
						   kinds[i].ext[k]);
					kp_error_value(e, kinds[i].ext[k]);
				}
				return NULL;
			}
	if (!e->code) {
		kp_fail_at(e, KP_EINPUT, KP_R_FILE_TYPE, "file", 0, 0,
			   "file type .%s is not accepted; send PDF, Word/WPS, Excel, PowerPoint, JPEG/PNG/GIF/HEIC or MP4/MOV/AVI",
			   dot + 1);
		kp_error_value(e, dot + 1);
	}
	return NULL;
}

/* Longest file name kept, in bytes (most file systems allow 255). */
#define EVIDENCE_NAME_MAX 240

/* The code point of the UTF-8 sequence at P (valid UTF-8), its length in *N. */
static uint32_t utf8_at(const unsigned char *p, int *n)
{
	if (p[0] < 0x80)
		return *n = 1, p[0];
	if (p[0] < 0xe0)
		return *n = 2, (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
	if (p[0] < 0xf0)
		return *n = 3, (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
	return *n = 4, (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3f) << 12 | (uint32_t)(p[2] & 0x3f) << 6 |
		       (p[3] & 0x3f);
}

/* True for control characters (C0, DEL, C1) and the bidirectional
 * formatting characters that make a name read otherwise than it is
 * ("报告\u202Efdp.exe" shows as "报告exe.pdf"). */
static bool name_char_refused(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x200e || c == 0x200f ||
	       (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/* The file name as the user gave it, without any directory part or
 * quotes, into *CLEAN (caller frees). KP_EINPUT when nothing is left, when
 * it is not UTF-8, holds a control or bidirectional formatting character,
 * or is longer than EVIDENCE_NAME_MAX bytes. */
static int clean_name(const char *name, char **clean, struct kp_error *e)
{
	const char *base = name;
	*clean = NULL;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	if (!utf8_valid(base, strlen(base)))
		return kp_fail_at(e, KP_EINPUT, KP_R_FORMAT, "file_name", 0, 0,
				  "file name: give the file a name (UTF-8, without control characters)");
	struct strbuf b = {0};
	for (const unsigned char *p = (const unsigned char *)base; *p;) {
		int n;
		uint32_t c = utf8_at(p, &n);
		if (name_char_refused(c)) {
			sb_free(&b);
			return kp_fail_at(e, KP_EINPUT, KP_R_FORMAT, "file_name", 0, 0,
					  "file name: it holds a control or bidirectional formatting character (U+%04X); rename the file",
					  (unsigned)c);
		}
		if (c != '"')
			sb_add(&b, (const char *)p, (size_t)n);
		p += n;
	}
	char *t = b.s ? text_trim(b.s) : xstrdup("");
	sb_free(&b);
	if (!*t || !strcmp(t, ".") || !strcmp(t, "..")) {
		free(t);
		return kp_fail_at(e, KP_EINPUT, KP_R_FORMAT, "file_name", 0, 0,
				  "file name: give the file a name (UTF-8, without control characters)");
	}
	if (strlen(t) > EVIDENCE_NAME_MAX) {
		free(t);
		return kp_fail_at(e, KP_EINPUT, KP_R_TOO_LONG, "file_name", 0, EVIDENCE_NAME_MAX / 3,
				  "file name: at most %d bytes", EVIDENCE_NAME_MAX);
	}
	*clean = t;
	return 0;
}

int evidence_check(const char *name, const struct blob *f, char **clean, const char **type,
		   struct kp_error *e)
{
	*type = NULL;
	if (clean_name(name ? name : "", clean, e))
		return e->code;
	if (f->len == 0)
		return kp_fail_at(e, KP_EINPUT, KP_R_EMPTY, "file", 0, 0, "file \"%s\" is empty", *clean);
	if (f->len > EVIDENCE_MAX_BYTES)
		return kp_fail_at(e, KP_EINPUT, KP_R_TOO_LARGE, "file", 0, (double)EVIDENCE_MAX_BYTES,
				  "file \"%s\" is larger than %u MB", *clean, EVIDENCE_MAX_BYTES >> 20);
	*type = evidence_type(*clean, f->head, f->headlen, e);
	return *type ? 0 : e->code;
}

int evidence_check_all(int n, const char *const *names, struct blob *const *files, int max, char **clean,
		       const char **type, struct kp_error *e)
{
	if (max > 0 && n > max)
		return kp_fail_at(e, KP_EINPUT, KP_R_RANGE, "file", 0, max, "at most %d files at once", max);
	for (int i = 0; i < n; i++)
		if (evidence_check(names[i], files[i], &clean[i], &type[i], e))
			return e->code;
	return 0;
}

int evidence_keep(store *s, struct blob_store *bs, struct blob *f, const char *type, const char *at,
		  struct kp_error *e)
{
	char hex[65];
	snprintf(hex, sizeof hex, "%s", f->sha256);
	size_t len = f->len;
	if (blob_commit(bs, f, e))
		return e->code;
	store_stmt *st = store_sql(s, SQL_BLOB_INSERT);
	st_bind_text(st, 1, hex);
	st_bind_int(st, 2, (int64_t)len);
	st_bind_text(st, 3, type);
	st_bind_text(st, 4, at);
	return st_exec(st, e) ? e->code : 0;
}

int evidence_add_files(store *s, const struct campaign *c, int u, int k, int n, const char *const *names,
		       struct blob *const *files, const char *by, int64_t now, int64_t *ids, struct kp_error *e)
{
	char **clean = xcalloc((size_t)n + 1, sizeof *clean), *at = now_utc_iso();
	const char **type = xcalloc((size_t)n + 1, sizeof *type);
	struct blob_store *bs = NULL;
	if (!rubric_applies(c->rubric, k, u)) {
		kp_fail_at(e, KP_EINPUT, KP_R_NOT_APPLICABLE, "criterion", 0, 0, "criterion %d does not apply to %s",
			   c->rubric->criteria[k].no, c->units.names[u]);
		goto out;
	}
	/* every file checked before any is kept: one refused, none stored */
	if (evidence_check_all(n, names, files, 0, clean, type, e))
		goto out;
	if (blob_store_open(store_path(s), &bs, e) || store_begin(s, e))
		goto out;
	/* frozen once submitted: refused before the files are kept */
	if (submissions_frozen(s, c, u, "its evidence files", e))
		goto fail;
	bool late = now > campaign_day_end(c, c->material_deadline);
	for (int i = 0; i < n; i++) {
		struct blob *f = files[i];
		char hex[65];
		snprintf(hex, sizeof hex, "%s", f->sha256);
		size_t len = f->len;
		if (evidence_keep(s, bs, f, type[i], at, e))
			goto fail;
		store_stmt *st = store_sql(s, SQL_EVIDENCE_INSERT);
		st_bind_int(st, 1, c->units.ids[u]);
		st_bind_int(st, 2, c->rubric->criteria[k].no);
		st_bind_text(st, 3, hex);
		st_bind_text(st, 4, clean[i]);
		st_bind_text(st, 5, type[i]);
		st_bind_int(st, 6, (int64_t)len);
		st_bind_text(st, 7, by);
		st_bind_text(st, 8, at);
		st_bind_int(st, 9, late);
		if (st_step(st, e) != 1)
			goto fail;
		ids[i] = st_int(st, 0);
		st_reset(st);
		char *subject = xasprintf("%s / %d", c->units.names[u], c->rubric->criteria[k].no);
		char *detail = xasprintf("%s (%zu bytes, sha256 %s)%s", clean[i], len, hex, late ? " late" : "");
		int rc = audit_log(s, by, "evidence.add", subject, detail, e);
		free(subject), free(detail);
		if (rc)
			goto fail;
	}
	if (store_counter_bump(s, COUNTER_PROGRESS, e) || store_commit(s, e))
		goto fail;
	goto out;
fail:
	store_rollback(s);
out:
	for (int i = 0; i < n; i++) {
		blob_drop(files[i]);
		free(clean[i]);
	}
	blob_store_close(bs);
	free(clean), free(type), free(at);
	return e->code;
}

int evidence_add_file(store *s, const struct campaign *c, int u, int k, const char *name, struct blob *f,
		      const char *by, int64_t now, int64_t *id, struct kp_error *e)
{
	return evidence_add_files(s, c, u, k, 1, &name, &f, by, now, id, e);
}

int evidence_withdraw(store *s, const struct campaign *c, int64_t id, int u, bool office, const char *by, int64_t now,
		      struct kp_error *e)
{
	if (!office && now > campaign_day_end(c, c->deadline))
		return kp_fail_why(e, KP_EINPUT, KP_R_DEADLINE,
				   "the deadline (%s) has passed: evidence can no longer be withdrawn", c->deadline);
	if (store_begin(s, e))
		return e->code;
	store_stmt *st = store_sql(s, SQL_EVIDENCE_GET);
	st_bind_int(st, 1, id);
	int rc = st_step(st, e);
	int64_t unit_id = rc == 1 ? st_int(st, 1) : 0;
	bool gone = rc == 1 && st_int(st, 7);
	st_reset(st);
	if (rc < 0)
		goto fail;
	if (rc == 0 || unit_id != c->units.ids[u]) {
		kp_fail_why(e, KP_EINPUT, KP_R_NOT_FOUND, "no evidence %lld for %s", (long long)id, c->units.names[u]);
		goto fail;
	}
	if (gone) {
		kp_fail_why(e, KP_EINPUT, KP_R_STATE, "evidence %lld was already withdrawn", (long long)id);
		goto fail;
	}
	if (submissions_frozen(s, c, u, "its evidence files", e))
		goto fail;
	char *at = now_utc_iso(), *detail = xasprintf("evidence %lld", (long long)id);
	st = store_sql(s, SQL_EVIDENCE_WITHDRAW);
	st_bind_int(st, 1, id);
	st_bind_text(st, 2, at);
	st_bind_text(st, 3, by);
	rc = st_exec(st, e) || store_counter_bump(s, COUNTER_PROGRESS, e) ||
	     audit_log(s, by, "evidence.withdraw", c->units.names[u], detail, e) || store_commit(s, e);
	free(at), free(detail);
	if (rc)
		goto fail;
	return 0;
fail:
	store_rollback(s);
	return e->code;
}

/* ---- reading evidence ---- */

void evidence_row_free(struct evidence_row *r)
{
	free(r->file_name), free(r->type), free(r->withdrawn_at), free(r->uploaded_by), free(r->uploaded_at);
	*r = (struct evidence_row){0};
}

int evidence_get(store *s, int64_t id, struct evidence_row *r, struct kp_error *e)
{
	*r = (struct evidence_row){0};
	store_stmt *st = store_sql(s, SQL_EVIDENCE_GET);
	st_bind_int(st, 1, id);
	int rc = st_step(st, e);
	if (rc == 1) {
		r->id = st_int(st, 0);
		r->unit_id = st_int(st, 1);
		r->criterion = (int)st_int(st, 2);
		snprintf(r->sha256, sizeof r->sha256, "%s", st_text(st, 3));
		r->file_name = xstrdup(st_text(st, 4));
		r->type = xstrdup(st_text(st, 5));
		r->size = st_int(st, 6);
		r->withdrawn = st_int(st, 7) != 0;
		r->withdrawn_at = xstrdup("");
		r->late = st_int(st, 8) != 0;
		r->uploaded_by = xstrdup(st_text(st, 9));
		r->uploaded_at = xstrdup(st_text(st, 10));
	}
	st_reset(st);
	if (rc == 0)
		return kp_fail(e, KP_EINPUT, "no evidence %lld", (long long)id);
	return rc < 0 ? e->code : 0;
}

void evidence_list_free(struct evidence_list *l)
{
	for (int i = 0; i < l->n; i++)
		evidence_row_free(&l->row[i]);
	free(l->row);
	l->row = NULL, l->n = 0;
}

int evidence_list(store *s, int64_t unit_id, struct evidence_list *l, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_EVIDENCE_LIST);
	st_bind_int(st, 1, unit_id);
	int rc, cap = 0;
	while ((rc = st_step(st, e)) == 1) {
		if (l->n == cap) {
			cap = cap ? 2 * cap : 16;
			l->row = xrealloc(l->row, (size_t)cap * sizeof *l->row);
		}
		struct evidence_row *r = &l->row[l->n++];
		*r = (struct evidence_row){
			.id = st_int(st, 0),
			.unit_id = unit_id,
			.criterion = (int)st_int(st, 1),
			.file_name = xstrdup(st_text(st, 3)),
			.type = xstrdup(st_text(st, 4)),
			.size = st_int(st, 5),
			.uploaded_by = xstrdup(st_text(st, 6)),
			.uploaded_at = xstrdup(st_text(st, 7)),
			.late = st_int(st, 8) != 0,
			.withdrawn_at = xstrdup(st_text(st, 9)),
		};
		snprintf(r->sha256, sizeof r->sha256, "%s", st_text(st, 2));
		r->withdrawn = *r->withdrawn_at != 0;
	}
	st_reset(st);
	if (rc < 0)
		evidence_list_free(l);
	return rc < 0 ? e->code : 0;
}
