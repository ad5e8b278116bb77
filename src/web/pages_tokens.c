/* pages_tokens.c — the API tokens page (API令牌): a person's own tokens, or
 * for the office any account's; making one (shown once) and revoking one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/html.h"
#include "web/look.h"
#include "web/pages.h"

/* The account the request is about into A: the caller's own, or for the
 * office the account NAME (a query or form field; NULL or "": their own).
 * Returns 0, or -1 having answered with an error page. Tokens are managed
 * from a logged-in session only: a token must not make or end tokens. */
static int token_account(struct web *w, const char *name, struct account *a)
{
	struct kp_error e = {0};
	if (w->by_token) {
		web_error(w, 403, "API令牌不能用来管理令牌，请登录后操作");
		return -1;
	}
	if (!name || !*name || !strcmp(name, w->who.name)) {
		*a = w->who;
		return 0;
	}
	if (w->who.role != ROLE_ADMIN) {
		web_error(w, 403, "只能管理自己的API令牌");
		return -1;
	}
	if (auth_account_get(w->s, name, 0, a, &e)) {
		e.code == KP_EINPUT ? web_error(w, 404, "没有这个账号") : web_fail(w, &e);
		return -1;
	}
	return 0;
}

/* The page of A's tokens; MADE (may be NULL) is a token just made, shown
 * this once, in the answer to the POST that made it. */
static int tokens_page(struct web *w, const struct account *a, const char *made)
{
	struct api_token *t;
	int n;
	struct kp_error e = {0};
	if (auth_token_list(w->s, a->name, &t, &n, &e))
		return web_fail(w, &e);
	bool other = a->id != w->who.id;
	page_begin(w, "API令牌");
	out(w, "<p>账号 %h（%h）的API令牌。脚本用 <code>Authorization: Bearer 令牌</code> 访问接口；"
	       "修改密码或停用账号后，令牌全部失效，重新启用也不会恢复。</p>",
	    a->name, a->display);
	if (made)
		out(w, "<p class=\"ok\">新令牌（只显示这一次，请立即复制保存）：<code id=\"new-token\">%h</code></p>", made);
	out(w, "<table><tr><th>编号</th><th>用途</th><th>创建</th><th>到期</th><th>状态</th><th></th></tr>");
	for (int i = 0; i < n; i++) {
		enum api_token_state state = auth_token_state(&t[i], w->now);
		out(w, "<tr><td class=\"n\">%lld</td><td>%h</td><td>%h</td><td>%h</td><td>", (long long)t[i].id, t[i].label,
		    web_time(w, t[i].created_at).s, web_time(w, t[i].expires_at).s);
		if (state == TOKEN_REVOKED) {
			badge(w, "已吊销");
			out(w, " <small>%h，%h</small>", t[i].revoked_by, web_time(w, t[i].revoked_at).s);
		} else {
			badge(w, state == TOKEN_EXPIRED ? "已过期" : "有效");
		}
		out(w, "</td><td>");
		if (state != TOKEN_REVOKED) {
			out(w, "<form method=\"post\" action=\"/tokens/%lld/revoke\">", (long long)t[i].id);
			csrf_field(w);
			if (other)
				out(w, "<input type=\"hidden\" name=\"account\" value=\"%a\">", a->name);
			out(w, "<button type=\"submit\">吊销</button></form>");
		}
		out(w, "</td></tr>\n");
	}
	out(w, "</table>");
	free(t);
	if (a->disabled) {
		out(w, "<p>账号已停用，不能生成令牌。</p>");
	} else {
		out(w, "<h2>生成令牌</h2><form method=\"post\" action=\"/tokens\">");
		csrf_field(w);
		if (other)
			out(w, "<input type=\"hidden\" name=\"account\" value=\"%a\">", a->name);
		out(w, "<label>用途 <input name=\"label\" maxlength=\"100\"></label> "
		       "<label>有效天数 <input name=\"days\" type=\"number\" min=\"1\" max=\"%d\" value=\"%d\"></label> "
		       "<button type=\"submit\">生成</button></form>",
		    AUTH_TOKEN_MAX_DAYS, AUTH_TOKEN_DAYS);
	}
	page_end(w);
	return 0;
}

/* GET /tokens[?account=NAME] */
int get_tokens(struct web *w)
{
	struct account a;
	if (token_account(w, web_param(w->req->query, w->req->nquery, "account"), &a))
		return 0;
	return tokens_page(w, &a, NULL);
}

/* POST /tokens: label, days (default AUTH_TOKEN_DAYS), account (the office). */
int post_token_create(struct web *w)
{
	struct account a;
	struct kp_error e = {0};
	if (token_account(w, web_form(w, "account"), &a))
		return 0;
	const char *label = web_form(w, "label") ? web_form(w, "label") : "";
	const char *days_text = web_form(w, "days");
	long days = AUTH_TOKEN_DAYS;
	if (days_text && *days_text) {
		char *end;
		days = strtol(days_text, &end, 10);
		if (*end || *days_text < '0' || *days_text > '9' || days < 1 || days > AUTH_TOKEN_MAX_DAYS) {
			char msg[64];
			snprintf(msg, sizeof msg, "有效天数：1 至 %d 的整数", AUTH_TOKEN_MAX_DAYS);
			return web_error(w, 400, msg);
		}
	}
	if (!utf8_valid(label, strlen(label)) || strlen(label) > 100)
		return web_error(w, 400, "用途：最多 100 字节的文字");
	if (a.disabled)
		return web_error(w, 400, "账号已停用，不能生成令牌");
	char token[65];
	if (auth_token_create(w->s, a.name, label, (int)days, w->now, w->who.name, token, NULL, &e))
		return web_fail(w, &e);
	return tokens_page(w, &a, token);
}

/* POST /tokens/{t}/revoke: account (the office, for another's token). */
int post_token_revoke(struct web *w)
{
	struct account a;
	struct kp_error e = {0};
	if (token_account(w, web_form(w, "account"), &a))
		return 0;
	if (auth_token_revoke(w->s, a.name, w->args[0], w->who.name, &e))
		return e.code == KP_EINPUT ? web_error(w, 404, "没有这个令牌，或已吊销") : web_fail(w, &e);
	if (a.id == w->who.id)
		return web_redirect(w, "/tokens");
	struct strbuf loc = {0};
	html_printf(&loc, "/tokens?account=%u", a.name);
	web_redirect(w, sb_str(&loc));
	sb_free(&loc);
	return 0;
}
