/* pages_evidence.c — evidence (佐证材料) uploads, withdrawal and download,
 * and the submission steps: submit, return, submit scores, finalise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "domain/due.h"
#include "io/gz.h"
#include "web/html.h"
#include "domain/report.h"
#include "domain/scores.h"
#include "domain/evidence.h"
#include "domain/submissions.h"
#include "web/pages.h"
#include "web/uploads.h"
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
	if (k < 0)
		return web_error(w, 404, "没有这项测评内容");
	/* every file of the form: "file" (several at once) and "photo" (the
	 * camera), all stored or none; an input left empty sends no name */
	const char **names;
	struct blob **files;
	int n = web_files_lists(w, &names, &files);
	struct kp_error e = {0};
	if (!n) {
		free(names), free(files);
		kp_fail_at(&e, KP_EINPUT, KP_R_REQUIRED, "file", 0, 0, "file: choose a file");
		return web_refuse(w, &e, get_criterion);
	}
	int64_t *ids = xcalloc((size_t)n, sizeof *ids);
	int rc = evidence_add_files(w->s, &w->c, u, k, n, names, files, w->who.display, w->now, ids, &e);
	free(names), free(files), free(ids);
	if (rc) {
		if (submissions_frozen_error(&e)) { /* worded as the score form and the ledger word it */
			struct kp_error said = {0};
			kp_fail_why(&said, KP_EINPUT, KP_R_STATE, "%s已提交自评：佐证材料在办公室退回后才能上传",
				    w->c.units.names[u]);
			return web_refuse(w, &said, get_criterion);
		}
		if (n > 1 && e.code == KP_EINPUT) { /* say that the others were not kept either */
			char note[64];
			snprintf(note, sizeof note, "本次 %d 个文件均未保存", n);
			return web_refuse_noting(w, &e, note, get_criterion);
		}
		return web_refuse(w, &e, get_criterion); /* the criterion's page again, the message beside the file */
	}
	return back_to(w, "", w->c.rubric->criteria[k].no);
}

/* One piece of evidence (the fields of a struct evidence_row) as JSON. */
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
		return web_fail(w, &e);
	struct evidence_row r;
	if (evidence_get(w->s, id, &r, &e))
		return web_fail(w, &e);
	json_t *j = evidence_json(w, id, r.criterion, r.sha256, r.file_name, r.type, r.size, r.uploaded_by,
				  r.uploaded_at, r.late, NULL);
	evidence_row_free(&r);
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
	struct evidence_list l = {0};
	if (evidence_list(w->s, w->args[0], &l, &e)) {
		json_decref(a);
		return web_fail(w, &e);
	}
	for (int i = 0; i < l.n; i++) {
		const struct evidence_row *r = &l.row[i];
		json_array_append_new(a, evidence_json(w, r->id, r->criterion, r->sha256, r->file_name, r->type,
						       r->size, r->uploaded_by, r->uploaded_at, r->late,
						       r->withdrawn_at));
	}
	evidence_list_free(&l);
	return web_json(w, a);
}

int post_withdraw(struct web *w)
{
	struct kp_error e = {0};
	if (evidence_withdraw(w->s, &w->c, w->args[1], web_unit(w, w->args[0]), w->who.role == ROLE_ADMIN, w->who.display,
			      w->now, &e))
		return web_fail(w, &e);
	return back_to(w, "", 0);
}

int get_evidence(struct web *w)
{
	struct kp_error e = {0};
	struct evidence_row r;
	if (evidence_get(w->s, w->args[1], &r, &e))
		return web_error(w, 404, "没有这个文件");
	if (r.unit_id != w->args[0]) { /* only the unit's own files */
		evidence_row_free(&r);
		return web_error(w, 404, "没有这个文件");
	}
	char hex[65], *name = xstrdup(r.file_name), *type = xstrdup(r.type);
	snprintf(hex, sizeof hex, "%s", r.sha256);
	evidence_row_free(&r);
	int rc = web_send_stored_file(w, hex, name, type);
	free(name), free(type);
	return rc;
}

/* GET /units/{u}/submit: before the clerk submits, what is still missing
 * (self scores block it; criteria without evidence are allowed but said)
 * and what submitting freezes; the button that submits. */
int get_submit(struct web *w)
{
	int u = web_unit(w, w->args[0]);
	struct kp_error e = {0};
	int state;
	struct part_ref *gaps = NULL;
	int ngaps = 0;
	if (submissions_get(w->s, &w->c, u, &state, NULL, &e) || submissions_missing(w->s, &w->c, u, &gaps, &ngaps, &e))
		return web_fail(w, &e);
	const struct due_list *l = web_due(w, u, &e);
	if (!l) {
		free(gaps);
		return web_fail(w, &e);
	}
	char title[300];
	snprintf(title, sizeof title, "%s · 提交自评", w->c.units.names[u]);
	page_begin(w, title);
	web_form_errors(w, NULL);
	if (state == SUBMISSION_SUBMITTED) {
		out(w, "<p class=\"ok\">自评已提交，等待办公室审核。<a href=\"/units/%lld\">返回测评表</a></p>",
		    (long long)w->args[0]);
		page_end(w);
		free(gaps);
		return 0;
	}
	if (ngaps) {
		out(w, "<h2>还不能提交：以下 %d 项尚未自评</h2><ul class=\"missing\">", ngaps);
		for (int i = 0; i < ngaps; i++) {
			int k = rubric_find(w->c.rubric, gaps[i].no);
			const struct rubric_criterion *cr = &w->c.rubric->criteria[k];
			out(w, "<li><a href=\"/units/%lld/criteria/%d\">第 %d", (long long)w->args[0], gaps[i].no, gaps[i].no);
			if (gaps[i].part)
				out(w, ".%d", gaps[i].part);
			out(w, " 条</a> %h</li>", gaps[i].part ? cr->parts[gaps[i].part - 1].text : cr->text);
		}
		out(w, "</ul>");
	}
	int nofiles = 0;
	for (int i = 0; i < l->n; i++)
		nofiles += l->items[i].unit == u && l->items[i].kind == DUE_CRITERION && !l->items[i].evidence;
	if (nofiles) {
		out(w, "<h2>以下 %d 项还没有佐证材料</h2><p>没有佐证材料也可以提交，但测评时可能不得分。</p><ul class=\"missing\">",
		    nofiles);
		for (int i = 0; i < l->n; i++) {
			const struct due_item *it = &l->items[i];
			if (it->unit == u && it->kind == DUE_CRITERION && !it->evidence)
				out(w, "<li><a href=\"/units/%lld/criteria/%d\">第 %d 条</a> %h（材料截止 %h）</li>",
				    (long long)w->args[0], it->no, it->no, it->title, it->due);
		}
		out(w, "</ul>");
	}
	out(w, "<h2>提交后</h2><p>自评分数、佐证材料和关联测评内容的台账记录将被锁定，不能再修改、上传或删除，"
	       "直到办公室退回。请确认以上内容无误。</p>");
	if (!ngaps) {
		out(w, "<form method=\"post\" action=\"/units/%lld/submit\">", (long long)w->args[0]);
		csrf_field(w);
		out(w, "<button type=\"submit\">确认提交自评</button> <a href=\"/units/%lld\">返回测评表</a></form>",
		    (long long)w->args[0]);
	} else {
		out(w, "<p><a href=\"/units/%lld\">返回测评表</a></p>", (long long)w->args[0]);
	}
	free(gaps);
	page_end(w);
	return 0;
}

int post_submit(struct web *w)
{
	struct kp_error e = {0};
	if (submissions_submit(w->s, &w->c, web_unit(w, w->args[0]), w->who.display, &e))
		return web_refuse(w, &e, get_submit); /* the list of what is missing again */
	return back_to(w, "?submitted=1", 0);
}

int post_return(struct web *w)
{
	struct kp_error e = {0};
	if (submissions_return(w->s, &w->c, web_unit(w, w->args[0]), web_form(w, "reason"), w->who.display, &e))
		return web_refuse(w, &e, get_unit);
	return back_to(w, "", 0);
}

int post_scores_submit(struct web *w)
{
	struct kp_error e = {0};
	int n;
	if (scores_advance(w->s, &w->c, web_unit(w, w->args[0]), SCORE_DRAFT, SCORE_SUBMITTED, w->who.display, &n, &e))
		return web_fail(w, &e);
	return back_to(w, "", 0);
}

int post_finalize(struct web *w)
{
	struct kp_error e = {0};
	int n;
	if (scores_advance(w->s, &w->c, web_unit(w, w->args[0]), SCORE_SUBMITTED, SCORE_FINAL, w->who.display, &n, &e))
		return web_fail(w, &e);
	return back_to(w, "", 0);
}

