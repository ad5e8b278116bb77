/* pages_draw.c — spot-check draws (随机抽查) on the web: the office makes
 * and publishes draws, inspectors record what the check found, readers see
 * the draws, the public sees the published ones with seed and parameters
 * (双随机一公开), and /api/v1/draws serves them as JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/draws.h"
#include "domain/evidence.h"
#include "web/html.h"
#include "web/look.h"
#include "web/pages.h"
#include "web/uploads.h"

/* A whole number form field: 0 when empty or absent, -1 when not a number
 * from 0 to MAX. */
static int form_int(const struct web *w, const char *name, int max)
{
	const char *s = web_form(w, name);
	char *end;
	if (!s || !*s)
		return 0;
	long v = strtol(s, &end, 10);
	return *end || v < 0 || v > max ? -1 : (int)v;
}

/* A text field given non-empty, or NULL. */
static const char *form_text(const struct web *w, const char *name)
{
	const char *s = web_form(w, name);
	return s && *s ? s : NULL;
}

/* ---- the list and the form ---- */

static void draw_form(struct web *w)
{
	static const char *const fields[] = {"title", "count", "ratio", "seed", "units", "weight", NULL};
	out(w, "<h2 id=\"new\">新的抽查</h2>");
	web_form_errors(w, fields);
	out(w, "<form method=\"post\" action=\"/draws\">");
	csrf_field(w);
	out(w, "<p><label>名称 <input name=\"title\" size=\"30\" placeholder=\"随机抽查\" value=\"%a\"></label>",
	    web_typed(w, "title", ""));
	web_field_error(w, "title");
	out(w, "</p><p><label>抽取单位数 <input name=\"count\" type=\"number\" min=\"1\" max=\"%d\" value=\"%a\"></label>",
	    w->c.units.n, web_typed(w, "count", ""));
	web_field_error(w, "count");
	web_field_error(w, "units");
	out(w, " 或 <label>抽取比例 <input name=\"ratio\" size=\"6\" placeholder=\"0.2\" value=\"%a\"></label>",
	    web_typed(w, "ratio", ""));
	web_field_error(w, "ratio");
	out(w, "</p><p><label>随机种子 <input name=\"seed\" size=\"34\" pattern=\"[A-Za-z0-9._-]{1,64}\" "
	       "placeholder=\"留空则由系统生成\" value=\"%a\"></label>",
	    web_typed(w, "seed", ""));
	web_field_error(w, "seed");
	out(w, "</p><p><label>有未销号督办事项的单位权重 ×<input name=\"weight_case\" type=\"number\" min=\"1\" max=\"%d\" "
	       "value=\"%a\"></label> <label>群众意见较多的单位权重 ×<input name=\"weight_complaint\" type=\"number\" "
	       "min=\"1\" max=\"%d\" value=\"%a\"></label>",
	    DRAWS_WEIGHT_FACTOR_MAX, web_typed(w, "weight_case", "1"), DRAWS_WEIGHT_FACTOR_MAX,
	    web_typed(w, "weight_complaint", "1"));
	web_field_error(w, "weight");
	out(w, "</p><p><label><input name=\"publish\" type=\"checkbox\" value=\"1\"%s> 立即公开</label></p>"
	       "<p><button type=\"submit\">抽取</button> <small>检查人员从在用的测评人员中随机选派，"
	       "不派往本单位；每个单位派几人由办公室在设置中确定。</small></p></form>",
	    w->refused && web_form(w, "publish") ? " checked" : "");
}

int get_draws(struct web *w)
{
	struct kp_error e = {0};
	page_begin(w, "随机抽查");
	out(w, "<p><a href=\"/public/draws\">公开页面</a>（无需登录）</p>"
	       "<table><tr><th>#</th><th>名称</th><th>抽中单位</th><th>公开</th><th>随机种子</th><th>抽取人</th>"
	       "<th>时间</th></tr>");
	struct draw_list list = {0};
	if (draws_list(w->s, &w->c, false, &list, &e))
		return web_fail(w, &e); /* not an empty list */
	int rows = list.n;
	for (int i = 0; i < list.n; i++) {
		const struct draw_summary *d = &list.row[i];
		out(w, "<tr><td class=\"n\">%lld</td><td><a href=\"/draws/%lld\">%h</a></td><td class=\"n\">%lld</td>"
		       "<td>%s</td><td><code>%h</code></td><td>%h</td><td>%h</td></tr>\n",
		    (long long)d->id, (long long)d->id, d->title, (long long)d->units,
		    d->published ? "已公开" : "未公开", d->seed, d->created_by, web_time(w, d->created_at).s);
	}
	draws_list_free(&list);
	out(w, "</table>");
	if (!rows)
		out(w, "<p>尚无抽查。</p>");
	if (w->who.role == ROLE_ADMIN)
		draw_form(w);
	page_end(w);
	return 0;
}

int post_draws(struct web *w)
{
	struct draw_options o = {.seed = form_text(w, "seed"), .title = form_text(w, "title"),
				 .ratio = form_text(w, "ratio"), .publish = form_text(w, "publish") != NULL,
				 .by = w->who.name};
	struct kp_error e = {0};
	int64_t id;
	o.count = form_int(w, "count", 1000000);
	o.weight_case = form_text(w, "weight_case") ? form_int(w, "weight_case", DRAWS_WEIGHT_FACTOR_MAX) : 1;
	o.weight_complaint = form_text(w, "weight_complaint") ? form_int(w, "weight_complaint", DRAWS_WEIGHT_FACTOR_MAX) : 1;
	if (o.count < 0)
		kp_fail_at(&e, KP_EINPUT, KP_R_RANGE, "count", 1, w->c.units.n, "count: a whole number from 1");
	else
		draws_make(w->s, &w->c, &o, &id, &e);
	if (e.code) /* the form again, with what was typed and the message beside its field */
		return web_refuse(w, &e, get_draws);
	struct strbuf loc = {0};
	html_printf(&loc, "/draws/%lld", (long long)id);
	web_redirect(w, sb_str(&loc));
	sb_free(&loc);
	return 0;
}

/* ---- one draw ---- */

/* Loads draw args[0]; answers 404 (and returns -1) when there is none. */
static int load_draw(struct web *w, struct draw_record *d)
{
	struct kp_error e = {0};
	if (!draws_load(w->s, &w->c, w->args[0], d, &e))
		return 0;
	e.code == KP_EINPUT ? web_error(w, 404, "没有这次抽查") : web_fail(w, &e);
	return -1;
}

static bool is_inspector(const struct drawn_unit *u, int64_t account)
{
	for (int j = 0; j < u->ninspectors; j++)
		if (u->inspectors[j].account == account)
			return true;
	return false;
}

/* The units drawn with their inspectors and outcomes: shared by the
 * office's page and the public one. */
static void units_table(struct web *w, const struct draw_record *d)
{
	char buf[24];
	out(w, "<table><tr><th>顺序</th><th>单位</th><th>权重</th><th>检查人员</th><th>结果</th><th>得分</th></tr>");
	for (int k = 0; k < d->n; k++) {
		const struct drawn_unit *u = &d->units[k];
		out(w, "<tr><td class=\"n\">%d</td><td>%h</td><td class=\"n\">%lld</td><td>", u->ord,
		    draws_unit_name(&w->c, u->unit, buf), (long long)u->weight);
		for (int j = 0; j < u->ninspectors; j++)
			out(w, "%s%h", j ? "、" : "", u->inspectors[j].display);
		out(w, "</td><td class=\"s\">");
		badge(w, draws_outcome_label(u->outcome));
		out(w, "</td><td class=\"n\">");
		if (u->has_points)
			out(w, "%P", u->points);
		else
			out(w, "-");
		out(w, "</td></tr>\n");
	}
	out(w, "</table>");
}

/* Seed, digest, parameters and the verification result. */
static void record_block(struct web *w, const struct draw_record *d)
{
	struct strbuf why = {0};
	bool ok = draws_verify(&w->c, d, &why);
	out(w, "<p class=\"digest\">随机种子 <code>%h</code> · 摘要 <code>%h</code></p>", d->seed, d->digest);
	if (ok)
		out(w, "<p class=\"ok\">复核一致：按记录的种子和参数重新计算，结果与记录相同。</p>");
	else
		out(w, "<p class=\"error\">复核不一致：%h</p>", sb_str(&why));
	out(w, "<details><summary>抽取参数（任何人可据此重新计算，核对抽取结果）</summary><pre>%h</pre></details>",
	    d->params);
	sb_free(&why);
}

/* Whether this page is the refused finding form of unit U shown again. */
static bool refused_here(const struct web *w, const struct drawn_unit *u)
{
	return w->refused && w->args[1] == u->unit;
}

/* The form an inspector fills in on site: criterion, points, what was
 * found, and photos (several files, or the phone's camera). */
static void finding_form(struct web *w, const struct draw_record *d, const struct drawn_unit *u)
{
	static const char *const fields[] = {"criterion", "points", "finding", "file", "file_name", NULL};
	char buf[24];
	bool here = refused_here(w, u);
	out(w, "<form method=\"post\" enctype=\"multipart/form-data\" id=\"finding-%lld\" "
	       "action=\"/draws/%lld/units/%lld/findings\"><fieldset><legend>%h</legend>",
	    (long long)u->unit, (long long)d->id, (long long)u->unit, draws_unit_name(&w->c, u->unit, buf));
	csrf_field(w);
	if (here)
		web_form_errors(w, fields);
	out(w, "<p><label>测评内容序号 <input name=\"criterion\" type=\"number\" min=\"1\" max=\"%d\" value=\"%a\"></label>",
	    w->c.rubric->ncriteria ? w->c.rubric->criteria[w->c.rubric->ncriteria - 1].no : 1,
	    here ? web_typed(w, "criterion", "") : "");
	if (here)
		web_field_error(w, "criterion");
	out(w, " <label>得分 <input name=\"points\" size=\"5\" inputmode=\"decimal\" value=\"%a\"></label>",
	    here ? web_typed(w, "points", "") : "");
	if (here)
		web_field_error(w, "points");
	out(w, "</p><p><label>发现的问题 <textarea name=\"text\" rows=\"3\" cols=\"50\" required maxlength=\"%d\">%h"
	       "</textarea></label>",
	    DRAWS_FINDING_MAX, here ? web_typed(w, "text", "") : "");
	if (here)
		web_field_error(w, "finding");
	out(w, "</p>");
	web_upload_field(w, UPLOAD_FILES, NULL, false);
	if (here && w->req->nuploads)
		out(w, "<p class=\"hint\">所选文件未保存，请重新选择。任一文件不符合要求时，这条检查发现和所有文件都不保存。</p>");
	out(w, "<p><button type=\"submit\">记录</button></p></fieldset></form>");
}

/* The files of finding F: pictures a browser shows as thumbnails, the
 * others (HEIC, PDF, video) as links. */
static void finding_files(struct web *w, const struct draw_record *d, const struct drawn_finding *f)
{
	for (int k = 0; k < f->nfiles; k++) {
		const struct drawn_finding_file *x = &f->files[k];
		struct strbuf href = {0};
		html_printf(&href, "/draws/%lld/findings/%lld/files/%d", (long long)d->id, (long long)f->id, x->ord);
		bool shown = !strcmp(x->type, "image/jpeg") || !strcmp(x->type, "image/png") || !strcmp(x->type, "image/gif");
		if (shown)
			out(w, "<a class=\"thumb\" href=\"%a\"><img src=\"%a\" alt=\"%a\" loading=\"lazy\"></a> ", sb_str(&href),
			    sb_str(&href), x->name);
		else
			out(w, "<a href=\"%a\">%h</a>%s ", sb_str(&href), x->name,
			    !strcmp(x->type, "image/heic") ? " <small>（HEIC 照片，下载后查看）</small>" : "");
		sb_free(&href);
	}
}

/* Loads draw args[0] for a unit's clerk too: only a published draw in
 * which their unit was drawn (404 otherwise, and -1). */
static int load_draw_for(struct web *w, struct draw_record *d)
{
	if (load_draw(w, d))
		return -1;
	if (w->who.role != ROLE_UNIT || draws_may_see_findings(d, w->who.unit_id, &w->who))
		return 0;
	draws_free(d);
	web_error(w, 404, "没有这次抽查");
	return -1;
}

int get_draw(struct web *w)
{
	struct draw_record d;
	char buf[24];
	if (load_draw_for(w, &d))
		return 0;
	page_begin(w, d.title);
	out(w, "<p>第 %lld 次抽查 · %s · 抽取人 %h · %h</p>", (long long)d.id, d.published ? "已公开" : "未公开",
	    d.created_by, web_time(w, d.created_at).s);
	record_block(w, &d);
	units_table(w, &d);
	out(w, "<h2>检查发现</h2>");
	/* only the findings of the units this reader may see (draws_may_see_findings) */
	int shown = 0;
	for (int i = 0; i < d.nfindings; i++) {
		const struct drawn_finding *f = &d.findings[i];
		if (!draws_may_see_findings(&d, f->unit, &w->who))
			continue;
		if (!shown++)
			out(w, "<table class=\"findings\"><tr><th>单位</th><th>测评内容</th><th>得分</th><th>发现的问题</th>"
			       "<th>照片</th><th>记录人</th><th>时间</th></tr>");
		out(w, "<tr><td>%h</td><td class=\"n\">", draws_unit_name(&w->c, f->unit, buf));
		if (f->criterion)
			out(w, "%d", f->criterion);
		out(w, "</td><td class=\"n\">");
		if (f->has_points)
			out(w, "%P", f->points);
		out(w, "</td><td>%h</td><td class=\"thumbs\">", f->text);
		finding_files(w, &d, f);
		out(w, "</td><td>%h</td><td>%h</td></tr>\n", f->by, web_time(w, f->at).s);
	}
	if (shown)
		out(w, "</table>");
	else
		out(w, "<p>尚无记录。</p>");
	for (int k = 0; k < d.n; k++)
		if (w->who.role == ROLE_ADMIN || (w->who.role == ROLE_ASSESSOR && is_inspector(&d.units[k], w->who.id)))
			finding_form(w, &d, &d.units[k]);
	if (w->who.role == ROLE_ADMIN && !d.published) {
		out(w, "<form method=\"post\" action=\"/draws/%lld/publish\">", (long long)d.id);
		csrf_field(w);
		out(w, "<button type=\"submit\">公开这次抽查</button></form>");
	}
	page_end(w);
	draws_free(&d);
	return 0;
}

int post_draw_publish(struct web *w)
{
	struct draw_record d;
	struct kp_error e = {0};
	if (load_draw(w, &d))
		return 0;
	draws_free(&d);
	if (draws_publish(w->s, &w->c, w->args[0], w->who.name, &e))
		return web_fail(w, &e);
	struct strbuf loc = {0};
	html_printf(&loc, "/draws/%lld", (long long)w->args[0]);
	web_redirect(w, sb_str(&loc));
	sb_free(&loc);
	return 0;
}

int post_draw_finding(struct web *w)
{
	struct draw_record d;
	struct kp_error e = {0};
	if (load_draw(w, &d))
		return 0;
	int u = web_unit(w, w->args[1]), k = -1;
	for (int i = 0; i < d.n; i++)
		if (d.units[i].unit == w->args[1])
			k = i;
	bool assigned = k >= 0 && is_inspector(&d.units[k], w->who.id);
	draws_free(&d);
	if (u < 0 || k < 0)
		return web_error(w, 404, "这个单位不在这次抽查中");
	/* {u} is the inspected unit, not the user's: the check is here. */
	if (w->who.role != ROLE_ADMIN && !assigned)
		return web_error(w, 403, "只有办公室或派往该单位的检查人员可以记录检查发现");
	const char **names;
	struct blob **files;
	int nposted = web_files_lists(w, &names, &files);
	struct finding_input in = {.draw = w->args[0], .unit = u, .points = -1, .text = web_form(w, "text"),
				   .by = w->who.name, .inspector = w->who.role == ROLE_ADMIN ? 0 : w->who.id,
				   .names = names, .files = files};
	in.nfiles = nposted;
	in.criterion = form_int(w, "criterion", 100000);
	const char *pts = form_text(w, "points");
	if (in.criterion < 0)
		kp_fail_at(&e, KP_EINPUT, KP_R_FORMAT, "criterion", 0, 0, "criterion: a criterion number");
	else if (pts && points_parse(pts, &in.points) < 0)
		kp_fail_at(&e, KP_EINPUT, KP_R_FORMAT, "points", 0, 0, "points: a number with at most one decimal");
	else
		draws_add_finding(w->s, &w->c, &in, &e);
	int n = in.nfiles;
	free(names), free(files);
	if (e.code == KP_EINPUT && n && (!strcmp(e.field, "file") || !strcmp(e.field, "file_name"))) {
		/* say that nothing was kept: neither the finding nor the other files */
		char note[96];
		snprintf(note, sizeof note, "这条检查发现和本次 %d 个文件均未保存", n);
		return web_refuse_noting(w, &e, note, get_draw);
	}
	if (e.code) /* the draw's page again, the message beside its field, what was typed kept */
		return web_refuse(w, &e, get_draw);
	struct strbuf loc = {0};
	html_printf(&loc, "/draws/%lld", (long long)w->args[0]);
	web_redirect(w, sb_str(&loc));
	sb_free(&loc);
	return 0;
}

/* GET /draws/{d}/findings/{f}/files/{n}: a finding's photo, for those who
 * may see the unit's findings (draws_finding_file). */
int get_draw_finding_file(struct web *w)
{
	struct drawn_finding_file f;
	struct kp_error e = {0};
	if (w->args[2] < 1 || w->args[2] > DRAWS_FINDING_FILES_MAX ||
	    draws_finding_file(w->s, &w->c, w->args[0], w->args[1], (int)w->args[2], &w->who, &f, NULL, &e)) {
		if (e.code == KP_EINPUT && e.reason == KP_R_DENIED)
			return web_error(w, 403, "只有办公室、领导和派往该单位的检查人员可以查看这条检查发现的照片");
		if (!e.code || e.code == KP_EINPUT)
			return web_error(w, 404, "没有这个文件");
		return web_fail(w, &e);
	}
	int rc = web_send_stored_file(w, f.sha256, f.name, f.type);
	draws_finding_file_free(&f);
	return rc;
}

/* ---- the public page (双随机一公开) ---- */

/* The sections of /public/draws: each published draw, recomputed. */
static int public_sections(struct web *w, struct kp_error *e)
{
	struct draw_list list = {0};
	int rc = draws_list(w->s, &w->c, true, &list, e); /* published only */
	int n = list.n;
	if (!n && !rc)
		out(w, "<p>尚无公开的抽查。</p>");
	for (int i = 0; i < n && !rc; i++) {
		struct draw_record d;
		if ((rc = draws_load(w->s, &w->c, list.row[i].id, &d, e)))
			break;
		out(w, "<section><h2>%h</h2><p>抽取时间 %h</p>", d.title, web_time(w, d.created_at).s);
		record_block(w, &d);
		units_table(w, &d);
		out(w, "</section>");
		draws_free(&d);
	}
	draws_list_free(&list);
	return rc ? e->code : 0;
}

/* GET /public/draws, for anyone: recomputing every draw costs, so the
 * sections are kept per thread until a draw changes. */
int get_public_draws(struct web *w)
{
	struct kp_error e = {0};
	struct web_cache *cache = w->cache;
	if (web_generations(w, &e))
		return web_fail(w, &e);
	int64_t gen = w->gen.draws;
	if (cache->public_draws_gen != gen)
		sb_free(&cache->public_draws);
	page_begin(w, "随机抽查结果公开");
	out(w, "<p>随机抽取检查对象、随机选派检查人员，抽查情况和结果向社会公开。每次抽查的随机种子和参数一并公开，"
	       "任何人都可以按公开的算法重新计算，核对抽取结果。</p>");
	struct strbuf *body = &w->res->body;
	if (cache->public_draws.len) {
		sb_add(body, cache->public_draws.s, cache->public_draws.len);
	} else {
		size_t start = body->len;
		if (public_sections(w, &e))
			return web_fail(w, &e);
		sb_add(&cache->public_draws, body->s + start, body->len - start);
		cache->public_draws_gen = gen;
	}
	page_end(w);
	return 0;
}

/* ---- JSON ---- */

int api_draws(struct web *w)
{
	struct kp_error e = {0};
	json_t *a = json_array();
	struct draw_list list = {0};
	draws_list(w->s, &w->c, false, &list, &e);
	for (int i = 0; i < list.n; i++) {
		const struct draw_summary *d = &list.row[i];
		json_array_append_new(a, json_pack("{s:I, s:s, s:I, s:b, s:s, s:s, s:s}", "id", (json_int_t)d->id,
						   "title", d->title, "units", (json_int_t)d->units, "published",
						   d->published, "seed", d->seed, "created_by", d->created_by,
						   "created_at", d->created_at));
	}
	draws_list_free(&list);
	if (e.code) {
		json_decref(a);
		return web_fail(w, &e);
	}
	return web_json(w, a);
}

int api_draw(struct web *w)
{
	struct draw_record d;
	if (load_draw(w, &d))
		return 0;
	struct strbuf why = {0};
	json_t *j = draws_to_json(&w->c, &d);
	/* only the findings this reader may see, as on the page */
	json_t *findings = json_object_get(j, "findings");
	for (size_t i = json_array_size(findings); i-- > 0;)
		if (!draws_may_see_findings(&d, json_integer_value(json_object_get(json_array_get(findings, i), "unit")),
					    &w->who))
			json_array_remove(findings, i);
	bool ok = draws_verify(&w->c, &d, &why);
	json_object_set_new(j, "verified", json_boolean(ok));
	if (!ok)
		json_object_set_new(j, "difference", json_string(sb_str(&why)));
	sb_free(&why);
	draws_free(&d);
	return web_json(w, j);
}
