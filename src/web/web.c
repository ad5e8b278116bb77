/* web.c — request dispatch (authentication, roles, CSRF, unit scoping),
 * page layout and the small answers every handler uses. */
#include "web/web.h"

#include <stdarg.h>
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/due.h"
#include "domain/messages.h"
#include "io/gz.h"
#include "web/html.h"
#include "domain/report.h"

/* Forgets RES's stored file, removing it when it is the answer's own. */
static void drop_file(struct web_response *res)
{
	if (res->file && res->file_temp)
		unlink(res->file);
	free(res->file);
	res->file = NULL;
	res->file_temp = false;
}

void web_response_free(struct web_response *res)
{
	sb_free(&res->headers);
	sb_free(&res->body);
	drop_file(res);
}

static void free_params(struct web_param *p, int n)
{
	for (int i = 0; i < n; i++)
		free(p[i].name), free(p[i].value);
	free(p);
}

void web_request_free(struct web_request *req)
{
	free(req->path);
	free_params(req->query, req->nquery);
	free_params(req->form, req->nform);
	for (int i = 0; i < req->nuploads; i++) {
		free(req->uploads[i].field), free(req->uploads[i].filename);
		blob_drop(&req->uploads[i].file); /* not kept: removed */
	}
	free(req->uploads);
	free(req->upload_error);
	free(req->cookie);
	free(req->login_cookie);
	free(req->bearer);
	free(req->csrf_header);
	free(req->address);
	memset(req, 0, sizeof *req);
}

bool web_parse_params(const char *s, size_t n, struct web_param **params, int *nparams)
{
	size_t i = 0;
	while (i < n) {
		size_t end = i;
		while (end < n && s[end] != '&')
			end++;
		size_t eq = i;
		while (eq < end && s[eq] != '=')
			eq++;
		if (end > i) {
			char *name = url_decode(s + i, eq - i);
			char *value = eq < end ? url_decode(s + eq + 1, end - eq - 1) : xstrdup("");
			if (!name || !value) {
				free(name), free(value);
				return false;
			}
			*params = xrealloc(*params, (size_t)(*nparams + 1) * sizeof **params);
			(*params)[(*nparams)++] = (struct web_param){name, value};
		}
		i = end + 1;
	}
	return true;
}

const char *web_param(const struct web_param *p, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(p[i].name, name))
			return p[i].value;
	return NULL;
}

const char *web_form(const struct web *w, const char *name)
{
	return web_param(w->req->form, w->req->nform, name);
}

void out(struct web *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	html_vprintf(&w->res->body, fmt, ap);
	va_end(ap);
}

void csrf_field(struct web *w)
{
	out(w, "<input type=\"hidden\" name=\"csrf\" value=\"%a\">", w->csrf);
}

int web_unit(const struct web *w, int64_t id)
{
	return unitdir_by_id(&w->c.units, id);
}

int web_unit_arg(const struct web *w, const char *id)
{
	char *end;
	if (!id || *id < '0' || *id > '9')
		return -1;
	long long v = strtoll(id, &end, 10);
	return *end ? -1 : web_unit(w, v);
}

/* Matches PATH against PATTERN, filling ARGS from the {…} segments. */
static bool match(const char *pattern, const char *path, int64_t args[4])
{
	int n = 0;
	while (*pattern && *path) {
		if (*pattern == '{') {
			const char *close = strchr(pattern, '}');
			if (!close || n == 4 || *path < '0' || *path > '9')
				return false;
			int64_t v = 0;
			while (*path >= '0' && *path <= '9') {
				v = v * 10 + (*path++ - '0');
				if (v > 1000000000000LL)
					return false;
			}
			args[n++] = v;
			pattern = close + 1;
			continue;
		}
		if (*pattern++ != *path++)
			return false;
	}
	return !*pattern && !*path;
}

int web_error(struct web *w, int status, const char *msg)
{
	if (status >= 500 && store_busy(w->s)) { /* KP_EBUSY: nothing was changed, ask again */
		status = 503;
		msg = "系统繁忙，请稍后重试（未做任何更改）";
		sb_adds(&w->res->headers, "Retry-After: 1\r\n");
	}
	w->res->status = status;
	sb_reset(&w->res->body);
	if (!w->route || w->route->api) {
		static const struct {
			int status;
			const char *code;
		} codes[] = {{400, "invalid"}, {401, "unauthorized"}, {403, "forbidden"}, {404, "not_found"},
			     {405, "method"}, {409, "state"}, {413, "too_large"}, {503, "busy"}};
		const char *code = status >= 500 ? "internal" : "invalid";
		for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
			if (codes[i].status == status)
				code = codes[i].code;
		w->res->content_type = "application/json";
		html_printf(&w->res->body, "{\"error\":{\"field\":null,\"code\":\"%j\",\"message\":\"%j\"},\"status\":%d}\n",
			    code, msg, status);
		return 0;
	}
	page_begin(w, status == 404 ? "未找到" : "无法完成"); /* 未找到 / 无法完成 */
	out(w, "<p class=\"error\">%h</p><p><a href=\"/\">返回首页</a></p>", msg);
	page_end(w);
	return 0;
}

int web_api_error(struct web *w, int status, const struct kp_error *e)
{
	if (status == 503)
		return web_error(w, 503, "系统繁忙，请稍后重试（未做任何更改）");
	w->res->status = status;
	sb_reset(&w->res->body);
	w->res->content_type = "application/json";
	const char *msg = status == 500 ? "internal error (written to the server's log)" : e->msg;
	if (*e->field)
		html_printf(&w->res->body, "{\"error\":{\"field\":\"%j\",", e->field);
	else
		sb_adds(&w->res->body, "{\"error\":{\"field\":null,");
	html_printf(&w->res->body, "\"code\":\"%j\",\"message\":\"%j\"},\"status\":%d}\n",
		    status == 500 ? "internal" : kp_reason_name(e->reason), msg, status);
	return 0;
}

int web_redirect(struct web *w, const char *location)
{
	w->res->status = 303;
	/* Only a path of this site: one '/' first, never "//" or "/\\" (which
	 * browsers read as another host), no backslash, space or control
	 * character (a tab or newline is dropped by browsers, "/\t/evil" is
	 * "//evil"). Anything else goes to the home page. */
	bool local = location[0] == '/' && !strstr(location, "//") && !strchr(location, '\\');
	for (const unsigned char *p = (const unsigned char *)location; local && *p; p++)
		if (*p <= 0x20 || *p == 0x7f)
			local = false;
	if (!local)
		location = "/";
	sb_addf(&w->res->headers, "Location: %s\r\n", location);
	return 0;
}

int web_json(struct web *w, json_t *j)
{
	char *text = json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	json_decref(j);
	w->res->status = 200;
	w->res->content_type = "application/json";
	sb_adds(&w->res->body, text);
	sb_addc(&w->res->body, '\n');
	free(text);
	return 0;
}

/* Navigation: label, path, roles that see it. */
static const struct {
	const char *label, *path;
	int roles;
} nav[] = {
	{"首页", "/", ROLE_ADMIN | ROLE_ASSESSOR | ROLE_UNIT | ROLE_LEADER},
	{"测评表", "/rubric", ROLE_ADMIN | ROLE_ASSESSOR | ROLE_UNIT | ROLE_LEADER},
	{"五大工程", "/tasks", ROLE_ADMIN | ROLE_ASSESSOR | ROLE_UNIT | ROLE_LEADER},
	{"领导小组", "/group", ROLE_ADMIN | ROLE_ASSESSOR | ROLE_UNIT | ROLE_LEADER},
	{"汇总排名", "/ranking", ROLE_ADMIN | ROLE_ASSESSOR | ROLE_LEADER},
	{"全区汇总", "/district", ROLE_ADMIN | ROLE_ASSESSOR | ROLE_LEADER},
	{"台账", "/ledger", ROLE_ADMIN | ROLE_ASSESSOR | ROLE_UNIT | ROLE_LEADER},
	{"群众意见", "/complaints", ROLE_ADMIN | ROLE_LEADER},
	{"截止提醒", "/due", ROLE_ADMIN | ROLE_ASSESSOR | ROLE_LEADER},
	{"随机抽查", "/draws", ROLE_ADMIN | ROLE_ASSESSOR | ROLE_LEADER},
	{"督办整改", "/cases", ROLE_ADMIN | ROLE_ASSESSOR | ROLE_LEADER},
	{"账号", "/users", ROLE_ADMIN},
	{"审计日志", "/audit", ROLE_ADMIN | ROLE_AUDITOR},
	{"外发通知", "/messages/hooks", ROLE_ADMIN},
	{"API令牌", "/tokens", ROLE_ANY},
};

/* Is PATH the page of menu entry ENTRY, or below it? */
static bool nav_here(const char *path, const char *entry)
{
	size_t n = strlen(entry);
	if (!strcmp(entry, "/"))
		return !strcmp(path, "/");
	return !strncmp(path, entry, n) && (path[n] == 0 || path[n] == '/');
}

void page_begin(struct web *w, const char *title)
{
	w->res->content_type = "text/html; charset=utf-8";
	out(w, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	       "<title>%h · %h</title><link rel=\"stylesheet\" href=\"/assets/style.css\">"
	       "<script src=\"/assets/look.js\" defer></script></head><body>\n",
	    title, w->c.title ? w->c.title : "考评");
	out(w, "<header><div class=\"campaign\"><a href=\"/\">%h</a></div>", w->c.title ? w->c.title : "考评");
	if (w->who.id) {
		/* On a phone the menu folds behind 菜单: a checkbox the style
		 * sheet reads (no script needed) */
		out(w, "<input type=\"checkbox\" id=\"nav-open\" class=\"nav-toggle\" aria-label=\"菜单\">"
		       "<label for=\"nav-open\" class=\"nav-button\">菜单</label><div class=\"tools\">");
		if (w->who.role != ROLE_AUDITOR)
			out(w, "<form class=\"search\" method=\"get\" action=\"/search\" role=\"search\">"
			       "<input type=\"search\" name=\"q\" placeholder=\"搜索单位、内容、台账、文件\" "
			       "aria-label=\"搜索\"><button type=\"submit\">搜索</button></form>");
		out(w, "<form class=\"who\" method=\"post\" action=\"/logout\"><span>%h（%h", w->who.display,
		    auth_role_label(w->who.role));
		if (w->who.role == ROLE_UNIT && web_unit(w, w->who.unit_id) >= 0)
			out(w, " · %h", w->c.units.names[web_unit(w, w->who.unit_id)]);
		out(w, "）</span>");
		csrf_field(w);
		out(w, "<button type=\"submit\">退出</button></form></div><nav>");
		const char *path = w->req && w->req->path ? w->req->path : "";
		for (size_t i = 0; i < sizeof nav / sizeof *nav; i++)
			if (nav[i].roles & w->who.role)
				out(w, "<a href=\"%a\"%s>%h</a>", nav[i].path, nav_here(path, nav[i].path) ? " class=\"here\"" : "",
				    nav[i].label);
		if (w->who.role == ROLE_UNIT) /* the clerk's own to-do list */
			out(w, "<a href=\"/units/%lld/due\">待办</a>", (long long)w->who.unit_id);
		/* 站内消息 with the unread count (one indexed count a page) */
		int64_t unread = 0;
		struct kp_error ue = {0};
		messages_unread(w->s, w->who.id, &unread, &ue);
		bool here = !strncmp(path, "/messages", 9);
		if (unread)
			out(w, "<a href=\"/messages\" class=\"messages%s\">消息<span class=\"badge\" id=\"unread\">%lld</span></a>",
			    here ? " here" : "", (long long)unread);
		else
			out(w, "<a href=\"/messages\" class=\"messages%s\">消息</a>", here ? " here" : "");
		out(w, "</nav>");
	}
	out(w, "</header>\n<main>\n<h1>%h</h1>\n", title);
}

void page_end(struct web *w)
{
	out(w, "</main>\n<footer>%h</footer>\n</body></html>\n", w->c.title ? w->c.title : "");
}

static void memo_clear(struct web_memo *m);

void web_cache_free(struct web_cache *cache)
{
	if (cache->loaded)
		campaign_free(&cache->c);
	cache->loaded = false;
	for (int i = 0; i < 2; i++) {
		free(cache->ranking[i]);
		cache->ranking[i] = NULL;
	}
	sb_free(&cache->ranking_json);
	sb_free(&cache->ranking_json_gz);
	for (int i = 0; i < 2; i++)
		sb_free(&cache->ranking_rows[i]), sb_free(&cache->ranking_chart[i]);
	if (cache->programmes_loaded)
		campaign_programmes_free(cache->programmes, cache->nprogrammes);
	cache->programmes = NULL, cache->nprogrammes = 0, cache->programmes_loaded = false;
	for (int i = 0; i < WEB_MEMO_SLOTS; i++)
		memo_clear(&cache->memo[i]);
	sb_free(&cache->public_draws);
}

struct shown_time web_time(const struct web *w, const char *iso)
{
	struct shown_time t;
	time_shown(zone_offset(w->c.timezone), iso, t.s);
	return t;
}

void web_attachment(struct web *w, const char *name)
{
	/* The name UTF-8 percent-encoded (RFC 6266), with an ASCII stand-in
	 * for old clients; stored names hold no control bytes. */
	struct strbuf enc = {0}, ascii = {0};
	for (const char *p = name; *p; p++)
		sb_addc(&ascii, (*p & 0x80) || *p == '"' || *p == '\\' || (unsigned char)*p < 0x20 ? '_' : *p);
	url_escape(&enc, name);
	sb_addf(&w->res->headers, "Content-Disposition: attachment; filename=\"%s\"; filename*=UTF-8''%s\r\n",
		sb_str(&ascii), sb_str(&enc));
	sb_free(&enc), sb_free(&ascii);
}

int web_generations(struct web *w, struct kp_error *e)
{
	if (w->gen_writes == store_writes(w->s))
		return 0;
	if (store_generations(w->s, &w->gen, e))
		return e->code;
	w->gen_writes = store_writes(w->s);
	return 0;
}

static void memo_clear(struct web_memo *m)
{
	if (m->have_due)
		due_list_free(&m->due);
	if (m->have_scores)
		unit_scores_free(&m->scores);
	for (int i = 0; i <= SCORE_FINAL; i++) {
		free(m->seen[i].row); /* the rows' strings are m->scores' */
		sb_free(&m->sheet[i]);
	}
	memset(m, 0, sizeof *m);
}

/* Unit U's slot, emptied unless it holds what the store holds today. */
struct web_memo *web_unit_memo(struct web *w, int u, struct kp_error *e)
{
	if (web_generations(w, e))
		return NULL;
	int64_t id = w->c.units.ids[u];
	struct web_memo *m = &w->cache->memo[(uint64_t)id % WEB_MEMO_SLOTS];
	if (m->unit_id != id || m->scores_gen != w->gen.scores || m->progress_gen != w->gen.progress ||
	    strcmp(m->today, w->today)) {
		memo_clear(m);
		m->unit_id = id, m->scores_gen = w->gen.scores, m->progress_gen = w->gen.progress;
		snprintf(m->today, sizeof m->today, "%s", w->today);
	}
	return m;
}

static int web_programmes(struct web *w, struct kp_error *e)
{
	struct web_cache *cache = w->cache;
	if (!cache->programmes_loaded) {
		if (campaign_programmes_load(w->s, &cache->c, &cache->programmes, &cache->nprogrammes, e))
			return e->code;
		cache->programmes_loaded = true;
	}
	return 0;
}

const struct due_list *web_due(struct web *w, int u, struct kp_error *e)
{
	if (web_programmes(w, e))
		return NULL;
	struct web_cache *cache = w->cache;
	if (u < 0) {
		due_list_free(&w->every);
		if (due_collect(w->s, &w->c, cache->programmes, cache->nprogrammes, -1, NULL, &w->every, e))
			return NULL;
		return &w->every;
	}
	struct web_memo *m = web_unit_memo(w, u, e);
	if (!m)
		return NULL;
	if (!m->have_due) {
		if (due_collect(w->s, &w->c, cache->programmes, cache->nprogrammes, u, m->today, &m->due, e))
			return NULL;
		m->have_due = true;
	}
	return &m->due;
}

const struct unit_scores *web_unit_scores(struct web *w, int u, struct kp_error *e)
{
	struct web_memo *m = web_unit_memo(w, u, e);
	if (!m)
		return NULL;
	if (!m->have_scores) {
		if (unit_scores_load(w->s, w->c.units.ids[u], &m->scores, e))
			return NULL;
		m->have_scores = true;
	}
	int floor = web_assessor_floor(w);
	if (floor <= SCORE_DRAFT)
		return &m->scores;
	struct unit_scores *seen = &m->seen[floor];
	if (!m->have_seen[floor]) {
		seen->row = xmalloc(((size_t)m->scores.n + 1) * sizeof *seen->row);
		seen->n = 0;
		for (int i = 0; i < m->scores.n; i++)
			if (m->scores.row[i].kind != SCORE_ASSESSOR || m->scores.row[i].state >= floor)
				seen->row[seen->n++] = m->scores.row[i];
		m->have_seen[floor] = true;
	}
	return seen;
}

int web_assessor_floor(struct web *w)
{
	if (!w->have_floor) { /* the unit page and its score rows both ask */
		struct kp_error e = {0};
		int floor;
		if (submissions_assessor_floor(w->s, &w->c, w->who.role, &floor, &e) || floor < SCORE_DRAFT ||
		    floor > SCORE_FINAL)
			floor = SCORE_FINAL;
		w->assessor_floor = floor;
		w->have_floor = true;
	}
	return w->assessor_floor;
}

const struct unit_result *web_ranking(struct web *w, int min_state, struct kp_error *e)
{
	struct web_cache *cache = w->cache;
	int i = min_state == SCORE_FINAL;
	if (web_generations(w, e))
		return NULL;
	int64_t gen = w->gen.scores;
	if (cache->ranking[i] && cache->ranked_at[i] == gen)
		return cache->ranking[i];
	struct report_options o = {.kind = SCORE_ASSESSOR, .min_state = min_state};
	struct unit_result *res;
	if (report_results(w->s, &cache->c, &o, &res, e))
		return NULL;
	score_rank(cache->c.rubric, res, cache->c.units.n);
	free(cache->ranking[i]);
	if (i == 0)
		sb_free(&cache->ranking_json), sb_free(&cache->ranking_json_gz);
	sb_free(&cache->ranking_rows[i]);
	sb_free(&cache->ranking_chart[i]);
	cache->ranking[i] = res;
	cache->ranked_at[i] = gen;
	return res;
}

/* Reads the store's counters into W and loads the campaign into CACHE
 * unless it is loaded at the current generation. */
static int load_campaign(struct web *w, struct web_cache *cache, struct kp_error *e)
{
	store *s = w->s;
	if (store_generations(s, &w->gen, e))
		return e->code;
	w->gen_writes = store_writes(s);
	int64_t gen = w->gen.campaign;
	if (cache->loaded && cache->generation == gen)
		return 0;
	web_cache_free(cache);
	if (campaign_load(s, &cache->c, e)) {
		campaign_free(&cache->c);
		return e->code;
	}
	cache->generation = gen;
	cache->loaded = true;
	return 0;
}

/* Large text answers go out gzipped to clients that accept it. */
static void compress_answer(const struct web_request *req, struct web_response *res)
{
	if (!gz_worth(res->content_type))
		return;
	sb_adds(&res->headers, "Vary: Accept-Encoding\r\n");
	if (!res->gzipped && req->gzip_ok && res->body.len >= GZ_MIN_BODY) {
		struct strbuf gz = {0};
		if (gz_compress(res->body.s, res->body.len, GZ_LEVEL_BODY, &gz)) {
			sb_free(&res->body);
			res->body = gz;
			res->gzipped = true;
		}
	}
	if (res->gzipped)
		sb_adds(&res->headers, "Content-Encoding: gzip\r\n");
}

void web_security_headers(struct strbuf *headers)
{
	/* Responses for a person are never cached; pages are not framed. */
	sb_adds(headers, "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
			 "X-Frame-Options: DENY\r\nReferrer-Policy: same-origin\r\n"
			 "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'\r\n");
}

void web_plain_page(struct web_response *res, int status, const char *title, const char *msg)
{
	web_plain(res, status, "");
	sb_reset(&res->body);
	res->content_type = "text/html; charset=utf-8";
	html_printf(&res->body,
		    "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		    "<title>%h</title><link rel=\"stylesheet\" href=\"/assets/style.css\"></head><body><main>"
		    "<h1>%h</h1><p class=\"error\" role=\"alert\">%h</p><p>请返回上一页修改后重新提交（本次未保存任何内容）。"
		    "<a href=\"/\">返回首页</a></p></main></body></html>\n",
		    title, title, msg);
}

void web_plain(struct web_response *res, int status, const char *msg)
{
	drop_file(res);
	sb_reset(&res->headers);
	sb_reset(&res->body);
	res->gzipped = false;
	res->status = status;
	res->content_type = "text/plain; charset=utf-8";
	sb_adds(&res->body, msg);
	sb_addc(&res->body, '\n');
	web_security_headers(&res->headers);
}

/* The dispatcher. With ADMIT, it stops once the route, the caller, the
 * role and a unit account's own unit are checked (CSRF and the form need
 * the body): *ADMIT gets the caller when the request may go on, RES the
 * refusal otherwise. */
static void dispatch(store *s, struct web_cache *cache, const struct web_request *req, int64_t now,
		     struct web_response *res, struct web_auth *admit)
{
	struct web w = {.s = s, .req = req, .res = res, .now = now};
	struct web_cache local = {0};
	memset(res, 0, sizeof *res);
	store_release(s);
	res->status = 200;
	res->content_type = "text/html; charset=utf-8";
	if (!cache)
		cache = &local;
	/* A page reads one snapshot, locking the store once; a POST's handler
	 * takes the write lock when it writes. */
	if (!strcmp(req->method, "GET"))
		store_read_begin(s, &(struct kp_error){0});
	if (load_campaign(&w, cache, &(struct kp_error){0})) {
		web_plain(res, 503, "the store holds no campaign (run kaoping init)");
		snprintf(res->user, sizeof res->user, "-");
		web_cache_free(&local);
		return;
	}
	w.c = cache->c; /* shared, read-only for the request */
	w.cache = cache;
	char *today = campaign_today(&w.c);
	snprintf(w.today, sizeof w.today, "%s", today);
	free(today);
	/* Who is asking: a Bearer token, or a session cookie. */
	struct kp_error e = {0};
	if (req->auth.done) { /* web_admit found the caller before the body was read */
		w.who = req->auth.who;
		memcpy(w.csrf, req->auth.csrf, sizeof w.csrf);
		w.session_id = req->auth.session_id;
		w.by_token = req->auth.by_token;
	} else if (req->bearer) {
		if (auth_bearer(s, req->bearer, now, &w.who, &e) == 0)
			w.by_token = true;
		else
			memset(&w.who, 0, sizeof w.who);
	} else if (req->cookie) {
		if (auth_session(s, req->cookie, now, &w.who, w.csrf, &w.session_id, &e) != 0)
			memset(&w.who, 0, sizeof w.who);
	}
	const struct route *r = NULL;
	bool path_known = false;
	for (const struct route *p = web_routes; p->method; p++) {
		int64_t args[4] = {0};
		if (!match(p->pattern, req->path, args))
			continue;
		path_known = true;
		if (strcmp(p->method, req->method))
			continue;
		r = p;
		memcpy(w.args, args, sizeof args);
		break;
	}
	if (!r) {
		w.route = NULL;
		if (path_known) {
			web_error(&w, 405, "method not allowed");
			sb_adds(&res->headers, "Allow: GET, POST\r\n");
		} else if (!strncmp(req->path, "/api/", 5)) {
			web_error(&w, 404, "no such resource");
		} else {
			w.route = web_routes; /* an HTML page */
			web_error(&w, 404, "没有这个页面");
		}
		goto done;
	}
	w.route = r;
	if (r->roles != ROUTE_PUBLIC && !w.who.id) {
		if (r->api) {
			web_error(&w, 401, "log in or send Authorization: Bearer TOKEN");
		} else {
			struct strbuf loc = {0};
			html_printf(&loc, "/login?next=%u", req->path);
			web_redirect(&w, sb_str(&loc));
			sb_free(&loc);
		}
		goto done;
	}
	if (r->roles != ROUTE_PUBLIC && !(r->roles & w.who.role)) {
		web_error(&w, 403, "您的角色无权访问此页");
		goto done;
	}
	/* A body that could not be taken (a file over the limit, too many
	 * fields, a broken form) is answered for what it is, whatever else
	 * it held: nothing of it is used, so no token is needed to say so. */
	if (!admit && req->form_bad && !strcmp(req->method, "POST")) {
		web_error(&w, req->upload_status ? req->upload_status : 400,
			  req->upload_error ? req->upload_error : "表单内容无法读取（编码有误），请重新提交");
		goto done;
	}
	/* The files of one form together within the limit the forms state
	 * (the body's limit leaves room for the form around them). */
	uint64_t files = 0;
	for (int i = 0; i < req->nuploads; i++)
		files += req->uploads[i].file.len;
	size_t files_max = req->files_max ? req->files_max : EVIDENCE_MAX_BYTES;
	if (!admit && !strcmp(req->method, "POST") && files > files_max) {
		struct kp_error big = {0};
		kp_fail_at(&big, KP_EINPUT, KP_R_TOO_LARGE, "files", 0, (double)files_max, "files: more than %zu bytes",
			   files_max);
		struct strbuf b = {0};
		web_say(&big, &b);
		web_error(&w, 413, sb_str(&b));
		sb_free(&b);
		goto done;
	}
	/* CSRF: every state-changing request made with a session cookie must
	 * carry the session's token; checked here, once, for all routes. */
	if (!admit && !strcmp(req->method, "POST") && !w.by_token && w.who.id) {
		const char *token = req->csrf_header ? req->csrf_header : web_form(&w, "csrf");
		if (!token || !auth_secret_equal(token, w.csrf)) {
			web_error(&w, 403, "页面已过期或不是从本系统提交的：请刷新页面后重试（本次未保存）");
			goto done;
		}
	}
	if (!admit && req->form_bad) {
		web_error(&w, 400, req->upload_error ? req->upload_error : "表单内容无法读取（编码有误），请重新提交");
		goto done;
	}
	/* A unit account sees only its own unit. */
	if (r->unit_scoped) {
		/* a unit-scoped route takes the unit first: "/units/{u}…" */
		assert(strstr(r->pattern, "{u}") && strstr(r->pattern, "{u}") == strchr(r->pattern, '{'));
		int u = web_unit(&w, w.args[0]);
		if (u < 0) {
			web_error(&w, 404, "没有这个单位");
			goto done;
		}
		if (w.who.role == ROLE_UNIT && w.who.unit_id != w.args[0]) {
			web_error(&w, 403, "只能查看本单位的数据");
			goto done;
		}
	}
	if (admit) {
		*admit = (struct web_auth){.done = true, .who = w.who, .session_id = w.session_id, .by_token = w.by_token};
		memcpy(admit->csrf, w.csrf, sizeof admit->csrf);
		goto done;
	}
	assert(r->handler);
	r->handler(&w);
done:
	snprintf(res->user, sizeof res->user, "%s", w.who.id ? w.who.name : "-");
	if (!res->file) /* a stored file goes out as it is */
		compress_answer(req, res);
	web_security_headers(&res->headers);
	due_list_free(&w.every);
	web_cache_free(&local);
	store_release(s);
}

void web_handle(store *s, struct web_cache *cache, const struct web_request *req, int64_t now,
		struct web_response *res)
{
	dispatch(s, cache, req, now, res, NULL);
}

bool web_admit(store *s, struct web_cache *cache, struct web_request *req, int64_t now, struct web_response *res)
{
	struct web_auth admitted = {0};
	dispatch(s, cache, req, now, res, &admitted);
	if (!admitted.done)
		return false;
	web_response_free(res);
	memset(res, 0, sizeof *res);
	req->auth = admitted;
	return true;
}

void web_routes_json(void)
{
	json_t *a = json_array();
	for (const struct route *p = web_routes; p->method; p++) {
		json_t *roles = json_array();
		for (int bit = 1; bit <= ROLE_AUDITOR; bit <<= 1)
			if (p->roles & bit)
				json_array_append_new(roles, json_string(auth_role_name(bit)));
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:o, s:b, s:b, s:b}", "method", p->method, "pattern",
						   p->pattern, "example", p->example, "roles", roles, "public",
						   p->roles == ROUTE_PUBLIC, "unit_scoped", p->unit_scoped, "api", p->api));
	}
	char *text = json_dumps(a, JSON_INDENT(1));
	puts(text);
	free(text);
	json_decref(a);
}
