/* pages_api.c — the JSON API resources of the rubric, units, ranking,
 * district and the score batch. */
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
#include "web/web.h"

/* ---- JSON API ---- */

int api_rubric(struct web *w)
{
	return web_json(w, rubric_to_json(w->c.rubric, &w->c.units));
}

int api_units(struct web *w)
{
	const struct rubric *r = w->c.rubric;
	int *max = xcalloc((size_t)w->c.units.n + 1, sizeof(int));
	score_unit_max(r, w->c.units.n, max, NULL);
	json_t *a = json_array();
	for (int u = 0; u < w->c.units.n; u++) {
		if (w->who.role == ROLE_UNIT && w->c.units.ids[u] != w->who.unit_id)
			continue; /* a unit account lists only itself */
		json_t *al = json_array(), *cr = json_array();
		for (int k = 0; k < w->c.units.naliases[u]; k++)
			json_array_append_new(al, json_string(w->c.units.aliases[u][k]));
		for (int k = 0; k < r->ncriteria; k++)
			if (rubric_applies(r, k, u))
				json_array_append_new(cr, json_integer(r->criteria[k].no));
		json_array_append_new(a, json_pack("{s:I, s:s, s:o, s:o, s:o}", "id", (json_int_t)w->c.units.ids[u], "name",
						   w->c.units.names[u], "aliases", al, "criteria", cr, "max_points",
						   rubric_json_points(max[u])));
	}
	free(max);
	return web_json(w, a);
}

int api_unit(struct web *w)
{
	/* a unit's clerk: only the assessor scores the setting lets it see */
	struct report_options o = {.format = OUT_JSON, .kind = SCORE_ASSESSOR, .min_state = web_assessor_floor(w)};
	struct capture cap;
	struct kp_error e = {0};
	capture_open(&cap);
	return capture_answer(w, &cap, report_unit(w->s, &w->c, web_unit(w, w->args[0]), &o, cap.f, &e), &e);
}

int api_ranking(struct web *w)
{
	struct report_options o = {.format = OUT_JSON, .kind = SCORE_ASSESSOR};
	struct kp_error e = {0};
	const struct unit_result *res = web_ranking(w, SCORE_DRAFT, &e);
	if (!res)
		return web_fail(w, &e);
	/* ?offset=N&limit=M pick a slice of the ranked list (all by default). */
	const char *off = web_param(w->req->query, w->req->nquery, "offset");
	const char *lim = web_param(w->req->query, w->req->nquery, "limit");
	char *end_off = "", *end_lim = "";
	long offset = off ? strtol(off, &end_off, 10) : 0, limit = lim ? strtol(lim, &end_lim, 10) : w->c.units.n;
	if ((off && (offset < 0 || !*off || *end_off)) || (lim && (limit < 1 || !*lim || *end_lim)))
		return web_error(w, 400, "offset: a number from 0; limit: a number from 1");
	if (offset > w->c.units.n)
		offset = w->c.units.n;
	if (limit > w->c.units.n - offset)
		limit = w->c.units.n - offset;
	struct capture cap;
	struct strbuf *whole = &w->cache->ranking_json, *gz = &w->cache->ranking_json_gz;
	if (offset != 0 || limit != w->c.units.n) {
		capture_open(&cap);
		report_ranking_print(&w->c, res + offset, (int)limit, &o, cap.f);
		return capture_answer(w, &cap, 0, &e);
	}
	/* The whole list: rendered once, and gzipped once if asked so. */
	if (!whole->len) {
		capture_open(&cap);
		report_ranking_print(&w->c, res, w->c.units.n, &o, cap.f);
		fclose(cap.f);
		sb_add(whole, cap.buf, cap.len);
		free(cap.buf);
	}
	w->res->content_type = "application/json";
	if (w->req->gzip_ok && whole->len >= GZ_MIN_CACHED &&
	    (gz->len || gz_compress(whole->s, whole->len, GZ_LEVEL_CACHED, gz))) {
		sb_add(&w->res->body, gz->s, gz->len);
		w->res->gzipped = true;
	} else {
		sb_add(&w->res->body, whole->s, whole->len);
	}
	return 0;
}

int api_district(struct web *w)
{
	struct report_options o = {.format = OUT_JSON, .kind = SCORE_ASSESSOR};
	struct capture cap;
	struct kp_error e = {0};
	capture_open(&cap);
	return capture_answer(w, &cap, report_district(w->s, &w->c, &o, cap.f, &e), &e);
}

/* The points of the JSON number V in tenths, through points_parse: what is
 * not a number, not finite, negative or above any rubric's reach is refused
 * before it is converted; the rest is formatted and parsed as text. */
static int api_points(const json_t *v, int *tenths)
{
	char text[64];
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (i < 0 || i > 100000)
			return -1;
		snprintf(text, sizeof text, "%lld", (long long)i);
	} else if (json_is_real(v)) {
		double d = json_real_value(v);
		if (!(d >= 0 && d <= 100000)) /* NaN fails both */
			return -1;
		snprintf(text, sizeof text, "%.15g", d); /* 2.5 → "2.5", 2.55 → "2.55" */
	} else {
		return -1;
	}
	return points_parse(text, tenths);
}

/* Adds a refusal of score INDEX in FIELD to ERRORS. */
static void api_refuse(json_t *errors, size_t index, const char *field, const char *message)
{
	json_array_append_new(errors, json_pack("{s:I,s:s?,s:s}", "index", (json_int_t)index, "field", field, "message",
						message));
}

/* Answers 400 with MESSAGE and the refused scores ERRORS (taken). */
static int api_refused(struct web *w, const char *message, json_t *errors)
{
	web_json(w, json_pack("{s:{s:n,s:s,s:s},s:i,s:o}", "error", "field", "code", "refused", "message", message,
			      "status", 400, "errors", errors));
	w->res->status = 400;
	return 0;
}

#define API_MAX_SCORES 1000 /* scores in one request */

/* POST /api/v1/units/{u}/scores: one score {"criterion":"8.2","points":3.5,
 * "kind":"self"|"assessor","comment":"…"} or an array of them, stored all
 * together through scores_apply or not at all. */
int api_post_score(struct web *w)
{
	const char *body = web_form(w, "json");
	json_error_t je;
	json_t *j = body ? json_loads(body, 0, &je) : NULL, *errors = json_array();
	struct score_input *rows = NULL;
	struct score_result res = {0};
	struct kp_error e = {0};
	int rc = 0;
	if (!j || !(json_is_object(j) || json_is_array(j))) {
		rc = web_error(w, 400, "send a JSON object {\"criterion\", \"points\", \"kind\", \"comment\"} or an array of them");
		goto out;
	}
	size_t n = json_is_object(j) ? 1 : json_array_size(j);
	if (n == 0 || n > API_MAX_SCORES) {
		char msg[64];
		snprintf(msg, sizeof msg, "at most %d scores in one request", API_MAX_SCORES);
		rc = web_error(w, 400, n ? msg : "send at least one score");
		goto out;
	}
	rows = xcalloc(n, sizeof *rows);
	bool forbidden = false;
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_is_object(j) ? j : json_array_get(j, i);
		struct score_input *in = &rows[i];
		*in = (struct score_input){.unit = web_unit(w, w->args[0]), .kind = SCORE_ASSESSOR, .by = w->who.display,
					   .comment = "", .detail = "api", .scorer_unit = w->who.unit_id};
		if (!json_is_object(o)) {
			api_refuse(errors, i, NULL, "not a JSON object");
			continue;
		}
		json_t *crit = json_object_get(o, "criterion"), *kind = json_object_get(o, "kind"),
		       *comment = json_object_get(o, "comment");
		int no = -1;
		if (json_is_integer(crit) && json_integer_value(crit) > 0 && json_integer_value(crit) < 100000)
			no = (int)json_integer_value(crit);
		else if (!json_is_string(crit) || rubric_criterion_ref_parse(json_string_value(crit), &no, &in->part) < 0)
			no = -1;
		if (no < 0 || (in->criterion = rubric_find(w->c.rubric, no)) < 0) {
			api_refuse(errors, i, "criterion", "criterion: give \"2\" or \"8.2\"");
			continue;
		}
		if (kind && !(json_is_string(kind) && (!strcmp(json_string_value(kind), "self") ||
						       !strcmp(json_string_value(kind), "assessor")))) {
			api_refuse(errors, i, "kind", "kind: \"self\" or \"assessor\"");
			continue;
		}
		in->kind = kind && !strcmp(json_string_value(kind), "self") ? SCORE_SELF : SCORE_ASSESSOR;
		if (comment && !json_is_string(comment)) {
			api_refuse(errors, i, "comment", "comment: a string");
			continue;
		}
		in->comment = comment ? json_string_value(comment) : "";
		if (api_points(json_object_get(o, "points"), &in->points) < 0) {
			api_refuse(errors, i, "points", "points: a number from 0 with at most one decimal");
			continue;
		}
		if ((in->kind == SCORE_SELF && !may_self_assess(w)) || (in->kind == SCORE_ASSESSOR && !may_score(w)))
			forbidden = true;
	}
	if (forbidden) {
		rc = web_error(w, 403, "your role may not record this kind of score");
		goto out;
	}
	if (json_array_size(errors)) {
		char *msg = xasprintf("%zu of %zu scores refused; nothing was stored", json_array_size(errors), n);
		rc = api_refused(w, msg, errors);
		errors = NULL;
		free(msg);
		goto out;
	}
	struct score_batch b = {.rows = rows, .count = (int)n, .max_errors = API_MAX_SCORES};
	if (scores_apply(w->s, &w->c, &b, &res, &e)) {
		if (e.code != KP_EINPUT || !res.nlisted) {
			rc = web_fail(w, &e);
			goto out;
		}
		for (int i = 0; i < res.nlisted; i++)
			api_refuse(errors, (size_t)res.errors[i].index, res.errors[i].field, res.errors[i].message);
		rc = api_refused(w, e.msg, errors);
		errors = NULL;
		goto out;
	}
	rc = web_json(w, json_pack("{s:b,s:i}", "ok", 1, "count", res.written));
out:
	scores_result_free(&res);
	json_decref(errors);
	json_decref(j);
	free(rows);
	return rc;
}
