/* pages_evidence.c — evidence (佐证材料) uploads, withdrawal and download,
 * and the submission steps: submit, return, submit scores, finalise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/sql.h" /* layer debt: reads the store directly */
#include "domain/due.h"
#include "io/gz.h"
#include "web/html.h"
#include "domain/report.h"
#include "domain/scores.h"
#include "domain/evidence.h"
#include "domain/submissions.h"
#include "web/pages.h"
#include "web/web.h"

/* ---- evidence and workflow ---- */

/* Redirects back to unit page PATH_SUFFIX after a change. */
static int back_to(struct web *w, const char *fmt_suffix_html, int no)
{
	struct strbuf loc = {0};
	if (no)
		html_printf(&loc, "/units/%lld/criteria/%d?saved=1", (long long)w->args[0], no);
	else
		html_printf(&loc, "/units/%lld%s", (long long)w->args[0], fmt_suffix_html);
	web_redirect(w, sb_str(&loc));
	sb_free(&loc);
	return 0;
}

int post_evidence(struct web *w)
{
	int u = web_unit(w, w->args[0]);
	int k = rubric_find(w->c.rubric, (int)w->args[1]);
	const struct web_upload *f = NULL;
	for (int i = 0; i < w->req->nuploads; i++)
		if (!strcmp(w->req->uploads[i].field, "file"))
			f = &w->req->uploads[i];
	if (k < 0)
		return web_error(w, 404, "no such criterion");
	if (!f)
		return web_error(w, 400, "请选择要上传的文件");
	int64_t id;
	struct kp_error e = {0};
	struct web_upload *up = (struct web_upload *)f;
	if (evidence_add_file(w->s, &w->c, u, k, f->filename, &up->file, w->who.display, w->now, &id, &e)) {
		if (submission_frozen_error(&e)) { /* worded as the score form and the ledger word it */
			char *msg = xasprintf("%s已提交自评：佐证材料在办公室退回后才能上传", w->c.units.names[u]);
			web_error(w, 400, msg);
			free(msg);
			return 0;
		}
		return web_error(w, e.code == KP_EINPUT ? 400 : 500, e.msg);
	}
	return back_to(w, "", w->c.rubric->criteria[k].no);
}

/* One evidence row (SQL_EVIDENCE_LIST or _GET columns from FIRST) as JSON. */
static json_t *evidence_json(const struct web *w, int64_t id, int no, const char *sha, const char *name,
			     const char *type, int64_t size, const char *by, const char *at, bool late,
			     const char *withdrawn)
{
	char *url = xasprintf("/units/%lld/evidence/%lld", (long long)w->args[0], (long long)id);
	json_t *j = json_pack("{s:I, s:i, s:s, s:s, s:s, s:I, s:s, s:s, s:b, s:s?, s:s}", "id", (json_int_t)id,
			      "criterion", no, "file_name", name, "sha256", sha, "type", type, "size", (json_int_t)size,
			      "uploaded_by", by, "uploaded_at", at, "late", late, "withdrawn_at",
			      withdrawn && *withdrawn ? withdrawn : NULL, "url", url);
	free(url);
	return j;
}

/* POST /api/v1/units/{u}/criteria/{n}/evidence: a multipart upload (field
 * "file"), checked and stored as the page's upload is; answers 201 with the
 * stored evidence. */
int api_post_evidence(struct web *w)
{
	int u = web_unit(w, w->args[0]);
	int k = rubric_find(w->c.rubric, (int)w->args[1]);
	struct web_upload *f = NULL;
	for (int i = 0; i < w->req->nuploads; i++)
		if (!strcmp(w->req->uploads[i].field, "file"))
			f = &w->req->uploads[i];
	if (k < 0)
		return web_error(w, 404, "no such criterion");
	if (!f)
		return web_error(w, 400, "file: send the file as multipart/form-data field \"file\"");
	int64_t id;
	struct kp_error e = {0};
	if (evidence_add_file(w->s, &w->c, u, k, f->filename, &f->file, w->who.display, w->now, &id, &e))
		return web_error(w, e.code == KP_EINPUT ? 400 : 500, e.msg);
	store_stmt *st = store_sql(w->s, SQL_EVIDENCE_GET);
	st_bind_int(st, 1, id);
	if (st_step(st, &e) <= 0)
		return web_error(w, 500, e.code ? e.msg : "evidence vanished");
	json_t *j = evidence_json(w, id, (int)st_int(st, 2), st_text(st, 3), st_text(st, 4), st_text(st, 5),
				  st_int(st, 6), st_text(st, 9), st_text(st, 10), st_int(st, 8) != 0, NULL);
	st_reset(st);
	web_json(w, j);
	w->res->status = 201;
	return 0;
}

/* GET /api/v1/units/{u}/evidence: every piece of the unit's evidence,
 * withdrawn ones included (with the time they were withdrawn). */
int api_evidence(struct web *w)
{
	struct kp_error e = {0};
	json_t *a = json_array();
	store_stmt *st = store_sql(w->s, SQL_EVIDENCE_LIST);
	st_bind_int(st, 1, w->args[0]);
	int rc;
	while ((rc = st_step(st, &e)) > 0)
		json_array_append_new(a, evidence_json(w, st_int(st, 0), (int)st_int(st, 1), st_text(st, 2),
						       st_text(st, 3), st_text(st, 4), st_int(st, 5), st_text(st, 6),
						       st_text(st, 7), st_int(st, 8) != 0, st_text(st, 9)));
	if (rc < 0) {
		json_decref(a);
		return web_error(w, 500, e.msg);
	}
	return web_json(w, a);
}

int post_withdraw(struct web *w)
{
	struct kp_error e = {0};
	if (evidence_withdraw(w->s, &w->c, w->args[1], web_unit(w, w->args[0]), w->who.role == ROLE_ADMIN, w->who.display,
			      w->now, &e))
		return web_error(w, e.code == KP_EINPUT ? 400 : 500, e.msg);
	return back_to(w, "", 0);
}

int get_evidence(struct web *w)
{
	struct kp_error e = {0};
	store_stmt *st = store_sql(w->s, SQL_EVIDENCE_GET);
	st_bind_int(st, 1, w->args[1]);
	if (st_step(st, &e) != 1 || st_int(st, 1) != w->args[0]) /* only the unit's own files */
		return web_error(w, 404, "没有这个文件");
	char hex[65], *name = xstrdup(st_text(st, 4)), *type = xstrdup(st_text(st, 5));
	snprintf(hex, sizeof hex, "%s", st_text(st, 3));
	st_reset(st);
	int rc = web_send_stored_file(w, hex, name, type);
	free(name), free(type);
	return rc;
}

int post_submit(struct web *w)
{
	struct kp_error e = {0};
	if (submission_submit(w->s, &w->c, web_unit(w, w->args[0]), w->who.display, &e))
		return web_error(w, e.code == KP_EINPUT ? 400 : 500, e.msg);
	return back_to(w, "", 0);
}

int post_return(struct web *w)
{
	struct kp_error e = {0};
	if (submission_return(w->s, &w->c, web_unit(w, w->args[0]), web_form(w, "reason"), w->who.display, &e))
		return web_error(w, e.code == KP_EINPUT ? 400 : 500, e.msg);
	return back_to(w, "", 0);
}

int post_scores_submit(struct web *w)
{
	struct kp_error e = {0};
	int n;
	if (scores_advance(w->s, &w->c, web_unit(w, w->args[0]), SCORE_DRAFT, SCORE_SUBMITTED, w->who.display, &n, &e))
		return web_error(w, 500, e.msg);
	return back_to(w, "", 0);
}

int post_finalize(struct web *w)
{
	struct kp_error e = {0};
	int n;
	if (scores_advance(w->s, &w->c, web_unit(w, w->args[0]), SCORE_SUBMITTED, SCORE_FINAL, w->who.display, &n, &e))
		return web_error(w, 500, e.msg);
	return back_to(w, "", 0);
}

