/* pages_users.c — administration: accounts (add, disable, enable, new
 * password) and the audit log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "domain/audit.h"
#include "domain/due.h"
#include "io/gz.h"
#include "web/html.h"
#include "domain/report.h"
#include "domain/scores.h"
#include "domain/evidence.h"
#include "domain/submissions.h"
#include "web/look.h"
#include "web/pages.h"
#include "web/web.h"

/* ---- administration ---- */

/* The accounts page; WHO and MADE (may be NULL) show a password the server
 * just made up, once, in the answer to the POST that made it (never in a
 * URL, a log or a later page). */
static int users_page(struct web *w, const char *who, const char *made)
{
	struct kp_error e = {0};
	page_begin(w, "账号");
	/* A password made up by the server is shown once, right after. */
	if (made && who)
		out(w, "<p class=\"ok\">%h 的初始密码：<code>%h</code>"
		       "（只显示这一次）</p>", who, made); /* 的初始密码：…（只显示这一次） */
	out(w, "<table><tr><th>账号</th><th>姓名</th><th>角色</th>"
	       "<th>单位</th><th>状态</th><th></th></tr>"); /* 账号 姓名 角色 单位 状态 */
	struct account_list list = {0};
	if (auth_account_list(w->s, &list, &e))
		return web_fail(w, &e); /* not a short list */
	for (int i = 0; i < list.n; i++) {
		const struct account_row *a = &list.row[i];
		bool disabled = a->disabled;
		long long id = (long long)a->id;
		out(w, "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>", a->name, a->display,
		    auth_role_label(auth_role_parse(a->role)), a->unit,
		    disabled ? "已停用" : "正常");
		if (id != w->who.id) {
			out(w, "<form method=\"post\" action=\"/users/%lld/%s\">", id, disabled ? "enable" : "disable");
			csrf_field(w);
			out(w, "<button type=\"submit\">%s</button></form> ", disabled ? "启用" : "停用");
		}
		out(w, "<a href=\"/tokens?account=%u\">API令牌</a> ", a->name);
		out(w, "<form method=\"post\" action=\"/users/%lld/password\">", id);
		csrf_field(w);
		out(w, "<button type=\"submit\">重置密码</button></form></td></tr>\n");
	}
	auth_account_list_free(&list);
	out(w, "</table><h2>新增账号</h2><form method=\"post\" action=\"/users\">");
	csrf_field(w);
	out(w, "<label>账号 <input name=\"name\" required pattern=\"[a-z0-9._-]{2,40}\"></label> "
	       "<label>姓名 <input name=\"display\"></label> <label>角色 <select name=\"role\">");
	for (int bit = ROLE_ADMIN; bit <= ROLE_AUDITOR; bit <<= 1)
		out(w, "<option value=\"%a\">%h</option>", auth_role_name(bit), auth_role_label(bit));
	out(w, "</select></label> <label>单位 <select name=\"unit\"><option value=\"\">-</option>");
	for (int u = 0; u < w->c.units.n && u < 2000; u++)
		out(w, "<option value=\"%lld\">%h</option>", (long long)w->c.units.ids[u], w->c.units.names[u]);
	out(w, "</select></label> <button type=\"submit\">新增</button> "
	       "<small>密码由系统生成</small></form>"); /* 新增 密码由系统生成 */
	page_end(w);
	return 0;
}

/* A password made up for a new or reset account (shown once). */
static void make_password(const char *name, char pw[17])
{
	for (;;) {
		struct kp_error e = {0};
		auth_random_hex(pw, 8);
		pw[4] = '-';
		if (!auth_password_ok(name, pw, &e))
			return;
	}
}

int get_users(struct web *w)
{
	return users_page(w, NULL, NULL);
}

static int show_password(struct web *w, const char *name, const char *pw)
{
	return users_page(w, name, pw);
}

int post_user_add(struct web *w)
{
	const char *name = web_form(w, "name"), *display = web_form(w, "display"), *role = web_form(w, "role");
	const char *unit = web_form(w, "unit");
	int u = unit && *unit ? web_unit(w, strtoll(unit, NULL, 10)) : -1;
	struct kp_error e = {0};
	char pw[17];
	if (!name || !role || !auth_role_parse(role))
		return web_error(w, 400, "请填写账号名并选择角色");
	if (unit && *unit && u < 0)
		return web_error(w, 400, "没有这个单位");
	make_password(name, pw);
	if (auth_account_add(w->s, &w->c, name, display, auth_role_parse(role), u, pw, w->who.name, &e))
		return web_fail(w, &e);
	return show_password(w, name, pw);
}

static int account_action(struct web *w, const char *what)
{
	struct account a;
	struct kp_error e = {0};
	if (auth_account_get(w->s, NULL, w->args[0], &a, &e))
		return web_error(w, 404, "没有这个账号");
	if (!strcmp(what, "password")) {
		char pw[17];
		make_password(a.name, pw);
		if (auth_account_set_password(w->s, a.name, pw, w->who.name, &e))
			return web_fail(w, &e);
		return show_password(w, a.name, pw);
	}
	if (a.id == w->who.id)
		return web_error(w, 400, "不能停用自己的账号");
	if (auth_account_set_disabled(w->s, a.name, !strcmp(what, "disable"), w->who.name, &e))
		return web_fail(w, &e);
	return web_redirect(w, "/users");
}

int post_user_disable(struct web *w)
{
	return account_action(w, "disable");
}

int post_user_enable(struct web *w)
{
	return account_action(w, "enable");
}

int post_user_password(struct web *w)
{
	return account_action(w, "password");
}

/* Entries on one page of the audit log. */
#define AUDIT_PAGE 100

/* GET /audit[?actor=NAME&action=PREFIX&before=ID]: the log, newest first,
 * a hundred entries a page. */
int get_audit(struct web *w)
{
	struct kp_error e = {0};
	const char *actor = web_param(w->req->query, w->req->nquery, "actor");
	const char *action = web_param(w->req->query, w->req->nquery, "action");
	const char *before = web_param(w->req->query, w->req->nquery, "before");
	char *end = "";
	long long below = before ? strtoll(before, &end, 10) : INT64_MAX;
	if (before && (!*before || *end || below < 1))
		return web_error(w, 400, "请给出审计记录编号（正整数）");
	struct audit_filter f = {.below = below, .actor = actor, .action = action, .limit = AUDIT_PAGE};
	struct audit_rows log = {0};
	if (audit_list(w->s, &f, &log, &e))
		return web_fail(w, &e); /* a cut log must not pass for the whole */
	page_begin(w, "审计日志");
	out(w, "<form method=\"get\" action=\"/audit\"><label>操作人 <input name=\"actor\" value=\"%a\"></label> "
	       "<label>操作 <select name=\"action\">",
	    actor);
	audit_action_options(w, action);
	out(w, "</select></label> <button type=\"submit\">筛选</button> <a href=\"/audit\">全部最新</a></form>");
	out(w, "<table><tr><th>#</th><th>时间</th><th>操作人</th>"
	       "<th>操作</th><th>对象</th><th>详情</th></tr>"); /* 时间 操作人 操作 对象 详情 */
	int rows = log.n;
	long long last = 0;
	for (int i = 0; i < log.n; i++) {
		const struct audit_row *a = &log.row[i];
		last = (long long)a->id;
		struct strbuf subject = {0}, detail = {0};
		audit_words(&subject, a->subject);
		audit_words(&detail, a->detail);
		out(w, "<tr><td class=\"n\">%lld</td><td class=\"d\">%h</td><td>%h</td><td class=\"s\">%h</td><td>%h</td>"
		       "<td class=\"t\">%h</td></tr>\n",
		    last, web_time(w, a->at).s, a->actor, audit_action_label(a->action), sb_str(&subject), sb_str(&detail));
		sb_free(&subject), sb_free(&detail);
	}
	audit_rows_free(&log);
	out(w, "</table>");
	if (!rows)
		out(w, "<p>没有符合条件的记录。</p>");
	else if (rows == AUDIT_PAGE && last > 1)
		out(w, "<p><a href=\"/audit?actor=%u&amp;action=%u&amp;before=%lld\">更早的记录</a></p>", actor ? actor : "",
		    action ? action : "", last);
	out(w, "<p class=\"hint\">审计日志逐条以哈希链相连，可由系统管理员在服务器上核验是否被改动。</p>");
	page_end(w);
	return 0;
}

