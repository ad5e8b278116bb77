/* pages_login.c — log-in and log-out, the health check and the stylesheet. */
#include <assert.h>
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
#include "io/embedded.h"
#include "web/pages.h"
#include "web/web.h"

/* ---- log-in ---- */

/* The log-in form carries a token that must match the kp_login cookie set
 * with it (double submit), so another site cannot log a browser into an
 * account of its choosing. */
static void login_form(struct web *w, const char *next, const char *error)
{
	char token[33];
	auth_random_hex(token, 16);
	sb_addf(&w->res->headers, "Set-Cookie: kp_login=%s; Path=/login; HttpOnly; SameSite=Strict%s\r\n", token,
		w->req->secure ? "; Secure" : "");
	page_begin(w, "登录");
	if (error)
		out(w, "<p class=\"error\">%h</p>", error);
	out(w, "<form method=\"post\" action=\"/login\" class=\"login\">"
	       "<input type=\"hidden\" name=\"next\" value=\"%a\"><input type=\"hidden\" name=\"login_csrf\" value=\"%a\">"
	       "<label>账号 <input name=\"name\" autocomplete=\"username\" required autofocus></label>"
	       "<label>密码 <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>"
	       "<button type=\"submit\">登录</button></form>",
	    next ? next : "/", token);
	page_end(w);
}

int get_login(struct web *w)
{
	if (w->who.id)
		return web_redirect(w, "/");
	login_form(w, web_param(w->req->query, w->req->nquery, "next"), NULL);
	return 0;
}

int post_login(struct web *w)
{
	const char *name = web_form(w, "name"), *pw = web_form(w, "password"), *next = web_form(w, "next");
	struct account a;
	char token[65], csrf[33];
	struct kp_error e = {0};
	const char *form_token = web_form(w, "login_csrf");
	if (!form_token || !w->req->login_cookie || !auth_secret_equal(form_token, w->req->login_cookie)) {
		w->res->status = 403;
		login_form(w, next, "登录页已过期，请重新登录");
		return 0;
	}
	if (!name || !pw || auth_login(w->s, name, pw, w->req->address ? w->req->address : "?", w->now, &a, token,
				       csrf, &e)) {
		if (e.code == KP_EBUSY) { /* the store is busy: not a wrong password */
			w->res->status = 503;
			sb_adds(&w->res->headers, "Retry-After: 1\r\n");
			login_form(w, next, "系统繁忙，请稍后再登录");
			return 0;
		}
		w->res->status = 401;
		login_form(w, next, "账号或密码不对，或账号已停用、已锁定");
		return 0;
	}
	sb_addf(&w->res->headers, "Set-Cookie: kp_session=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s\r\n", token,
		AUTH_ABSOLUTE_SECONDS, w->req->secure ? "; Secure" : "");
	return web_redirect(w, next && *next ? next : "/");
}

int post_logout(struct web *w)
{
	struct kp_error e = {0};
	if (w->session_id)
		auth_logout(w->s, w->session_id, &e);
	sb_adds(&w->res->headers, "Set-Cookie: kp_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0\r\n");
	return web_redirect(w, "/login");
}

int get_healthz(struct web *w)
{
	w->res->content_type = "text/plain; charset=utf-8";
	sb_adds(&w->res->body, "ok\n");
	return 0;
}

/* GET /assets/…: the style sheet and the scripts compiled in (the
 * Makefile's EMBEDDED list): look.js labels tables for phones on every
 * page, grid.js moves through the scoring grid. Pages work without the
 * scripts. */
int get_asset(struct web *w)
{
	static const struct {
		const char *path, *type;
	} assets[] = {
		{"/assets/style.css", "text/css; charset=utf-8"},
		{"/assets/look.js", "text/javascript; charset=utf-8"},
		{"/assets/grid.js", "text/javascript; charset=utf-8"},
	};
	const char *path = w->req && w->req->path ? w->req->path : "";
	for (size_t i = 0; i < sizeof assets / sizeof *assets; i++) {
		if (strcmp(path, assets[i].path))
			continue;
		const struct embedded_file *f = embedded_find(path + 1);
		assert(f); /* compiled in by the Makefile */
		w->res->content_type = assets[i].type;
		sb_add(&w->res->body, f->data, f->len);
		sb_adds(&w->res->headers, "Cache-Control: max-age=3600\r\n");
		return 0;
	}
	return web_error(w, 404, "没有这个文件");
}

