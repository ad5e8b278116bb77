/* pages_textimport.c — the office pastes annex 2 (任务分解表) of the notice
 * as copied from Word, sees what kaoping read (tree, totals, problems,
 * unknown unit names, changes), and confirms; saving goes through the same
 * path as `kaoping rubric import`. */
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "pages.h"
#include "textimport.h"
#include "web.h"

/* Who saved a pasted rubric, for the rubric table and the audit log. */
#define WEB_SOURCE "\xe9\x99\x84\xe4\xbb\xb6""2\xef\xbc\x88\xe7\xbd\x91\xe9\xa1\xb5\xe7\xb2\x98\xe8\xb4\xb4\xef\xbc\x89" /* 附件2（网页粘贴） */

/* The paste box, empty or holding TEXT, posting to the preview. */
static void paste_form(struct web *w, const char *text)
{
	out(w, "<form method=\"post\" action=\"/rubric/import/preview\">");
	csrf_field(w);
	out(w, "<p><label>\xe9\x99\x84\xe4\xbb\xb6""2\xef\xbc\x88\xe4\xbb\xbb\xe5\x8a\xa1\xe5\x88\x86\xe8\xa7\xa3\xe8\xa1\xa8\xef\xbc\x89\xe6\x96\x87\xe6\x9c\xac<br>" /* 附件2（任务分解表）文本 */
	       "<textarea name=\"text\" rows=\"24\" cols=\"100\" required>%h</textarea></label></p>"
	       "<p><button type=\"submit\">\xe9\xa2\x84\xe8\xa7\x88</button></p></form>", /* 预览 */
	    text);
}

int get_rubric_import(struct web *w)
{
	page_begin(w, "\xe4\xbb\x8e\xe9\x80\x9a\xe7\x9f\xa5\xe6\x96\x87\xe6\x9c\xac\xe5\xaf\xbc\xe5\x85\xa5\xe6\xb5\x8b\xe8\xaf\x84\xe8\xa1\xa8"); /* 从通知文本导入测评表 */
	out(w, "<p>\xe5\x9c\xa8 Word \xe4\xb8\xad\xe9\x80\x89\xe4\xb8\xad\xe9\x80\x9a\xe7\x9f\xa5\xe7\x9a\x84\xe2\x80\x9c\xe9\x99\x84\xe4\xbb\xb6""2\xe2\x80\x9d\xef\xbc\x88\xe4\xbb\x8e\xe8\xa1\xa8\xe5\x90\x8d\xe5\x88\xb0\xe8\xa1\xa8\xe6\x9c\xab\xef\xbc\x89\xe6\x88\x96\xe6\x95\xb4\xe4\xbb\xbd\xe9\x80\x9a\xe7\x9f\xa5\xef\xbc\x8c"
	       "\xe5\xa4\x8d\xe5\x88\xb6\xe5\x90\x8e\xe7\xb2\x98\xe8\xb4\xb4\xe5\x88\xb0\xe4\xb8\x8b\xe9\x9d\xa2\xe3\x80\x82\xe9\xa2\x84\xe8\xa7\x88\xe4\xb8\x8d\xe4\xbc\x9a\xe4\xbf\x9d\xe5\xad\x98\xe4\xbb\xbb\xe4\xbd\x95\xe5\x86\x85\xe5\xae\xb9\xef\xbc\x9b"
	       "\xe7\xa1\xae\xe8\xae\xa4\xe5\x90\x8e\xe6\x89\x8d\xe4\xbf\x9d\xe5\xad\x98\xe4\xb8\xba\xe6\x96\xb0\xe7\x89\x88\xe6\xb5\x8b\xe8\xaf\x84\xe8\xa1\xa8\xef\xbc\x8c\xe6\x97\xa7\xe7\x89\x88\xe6\x9c\xac\xe9\x83\xbd\xe4\xbc\x9a\xe4\xbf\x9d\xe7\x95\x99\xe3\x80\x82</p>");
	/* 在 Word 中选中通知的“附件2”（从表名到表末）或整份通知，复制后粘贴到下面。预览不会保存任何内容；确认后才保存为新版测评表，旧版本都会保留。 */
	paste_form(w, NULL);
	page_end(w);
	return 0;
}

static int tenths_of(json_t *v)
{
	return (int)(json_number_value(json_object_get(v, "points")) * 10 + 0.5);
}

/* The rubric read, as the /rubric page shows one: a row per criterion. */
static void preview_table(struct web *w, json_t *rubric)
{
	size_t i, k, m, q;
	json_t *it, *ind, *cr, *v;
	out(w, "<h2>%h</h2><table><tr><th>\xe6\xb5\x8b\xe8\xaf\x84\xe9\xa1\xb9\xe7\x9b\xae</th><th>\xe6\xb5\x8b\xe8\xaf\x84\xe6\x8c\x87\xe6\xa0\x87</th>"
	       "<th>\xe6\xb5\x8b\xe8\xaf\x84\xe5\x86\x85\xe5\xae\xb9</th><th>\xe5\x88\x86\xe5\x80\xbc</th><th>\xe6\xb5\x8b\xe8\xaf\x84\xe6\x96\xb9\xe6\xb3\x95</th>"
	       "<th>\xe8\xb4\xa3\xe4\xbb\xbb\xe5\x8d\x95\xe4\xbd\x8d</th><th>\xe5\xae\x8c\xe6\x88\x90\xe6\x97\xb6\xe9\x99\x90</th></tr>",
	    json_string_value(json_object_get(rubric, "title"))); /* 测评项目 测评指标 测评内容 分值 测评方法 责任单位 完成时限 */
	json_array_foreach(json_object_get(rubric, "items"), i, it) {
		json_array_foreach(json_object_get(it, "indicators"), k, ind) {
			json_array_foreach(json_object_get(ind, "criteria"), m, cr) {
				out(w, "<tr><td>%h</td><td>%h</td><td>%d. %h", json_string_value(json_object_get(it, "name")),
				    json_string_value(json_object_get(ind, "name")), (int)json_integer_value(json_object_get(cr, "no")),
				    json_string_value(json_object_get(cr, "text")));
				json_array_foreach(json_object_get(cr, "parts"), q, v)
					out(w, "<br>\xe5\xbe\x97\xe5\x88\x86\xe7\x82\xb9 %d\xef\xbc\x9a%h\xef\xbc\x88%P \xe5\x88\x86\xef\xbc\x89", (int)q + 1, /* 得分点 K：…（P 分） */
					    json_string_value(json_object_get(v, "text")), tenths_of(v));
				out(w, "</td><td class=\"n\">%P</td><td>", tenths_of(cr));
				json_array_foreach(json_object_get(ind, "methods"), q, v)
					out(w, "%s%h", q ? "<br>" : "", json_string_value(v));
				out(w, "</td><td>%h</td><td>%h</td></tr>\n", json_string_value(json_object_get(ind, "units_text")),
				    json_string_value(json_object_get(ind, "deadline_text")));
			}
		}
	}
	out(w, "</table>");
}

/* A changed key of a criterion, in the office's words. */
static const char *change_key_label(const char *key)
{
	static const char *const labels[][2] = {
		{"text", "\xe6\x96\x87\xe5\xad\x97"}, {"points", "\xe5\x88\x86\xe5\x80\xbc"}, {"kind", "\xe7\xb1\xbb\xe5\x9e\x8b"},
		{"parts", "\xe5\xbe\x97\xe5\x88\x86\xe7\x82\xb9"}, {"deduct", "\xe6\x89\xa3\xe5\x88\x86\xe8\xa7\x84\xe5\x88\x99"},
		{"award", "\xe5\x8a\xa0\xe5\x88\x86\xe8\xa7\x84\xe5\x88\x99"}, {"responsible", "\xe8\xb4\xa3\xe4\xbb\xbb\xe5\x8d\x95\xe4\xbd\x8d"},
		{"lead", "\xe7\x89\xb5\xe5\xa4\xb4\xe5\x8d\x95\xe4\xbd\x8d"}, {"indicator", "\xe6\xb5\x8b\xe8\xaf\x84\xe6\x8c\x87\xe6\xa0\x87"},
		{"item", "\xe6\xb5\x8b\xe8\xaf\x84\xe9\xa1\xb9\xe7\x9b\xae"}, {"deadline", "\xe5\xae\x8c\xe6\x88\x90\xe6\x97\xb6\xe9\x99\x90"},
		/* 文字 分值 类型 得分点 扣分规则 加分规则 责任单位 牵头单位 测评指标 测评项目 完成时限 */
	};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (!strcmp(key, labels[i][0]))
			return labels[i][1];
	return key;
}

/* The changes against the current rubric, one list entry each. */
static void changes_list(struct web *w, json_t *changes)
{
	size_t i, k;
	json_t *ch, *key;
	out(w, "<h2>\xe4\xb8\x8e\xe5\xbd\x93\xe5\x89\x8d\xe6\xb5\x8b\xe8\xaf\x84\xe8\xa1\xa8\xe7\x9b\xb8\xe6\xaf\x94</h2>"); /* 与当前测评表相比 */
	if (!json_array_size(changes)) {
		out(w, "<p>\xe6\xb2\xa1\xe6\x9c\x89\xe5\x8f\x98\xe5\x8c\x96\xef\xbc\x8c\xe6\x97\xa0\xe9\x9c\x80\xe5\xaf\xbc\xe5\x85\xa5\xe3\x80\x82</p>"); /* 没有变化，无需导入。 */
		return;
	}
	out(w, "<ul>");
	json_array_foreach(changes, i, ch) {
		const char *what = json_string_value(json_object_get(ch, "what"));
		int no = (int)json_integer_value(json_object_get(ch, "no"));
		if (!strcmp(what, "title"))
			out(w, "<li>\xe8\xa1\xa8\xe5\x90\x8d\xef\xbc\x9a%h \xe2\x86\x92 %h</li>", json_string_value(json_object_get(ch, "from")),
			    json_string_value(json_object_get(ch, "to"))); /* 表名： */
		else if (!strcmp(what, "total"))
			out(w, "<li>\xe6\x80\xbb\xe5\x88\x86\xef\xbc\x9a%P \xe2\x86\x92 %P</li>", (int)json_integer_value(json_object_get(ch, "from")),
			    (int)json_integer_value(json_object_get(ch, "to"))); /* 总分： */
		else if (!strcmp(what, "grades"))
			out(w, "<li>\xe7\xad\x89\xe7\xba\xa7\xe5\x88\x92\xe5\x88\x86\xe6\x9c\x89\xe5\x8f\x98\xe5\x8c\x96</li>"); /* 等级划分有变化 */
		else if (!strcmp(what, "removed"))
			out(w, "<li>\xe6\xb5\x8b\xe8\xaf\x84\xe5\x86\x85\xe5\xae\xb9 %d\xef\xbc\x9a\xe5\x88\xa0\xe9\x99\xa4</li>", no); /* 测评内容 N：删除 */
		else if (!strcmp(what, "added"))
			out(w, "<li>\xe6\xb5\x8b\xe8\xaf\x84\xe5\x86\x85\xe5\xae\xb9 %d\xef\xbc\x9a\xe6\x96\xb0\xe5\xa2\x9e\xef\xbc\x88%P \xe5\x88\x86\xef\xbc\x89</li>", no,
			    (int)json_integer_value(json_object_get(ch, "points"))); /* 测评内容 N：新增（P 分） */
		else {
			out(w, "<li>\xe6\xb5\x8b\xe8\xaf\x84\xe5\x86\x85\xe5\xae\xb9 %d\xef\xbc\x9a\xe4\xbf\xae\xe6\x94\xb9\xe4\xba\x86", no); /* 测评内容 N：修改了 */
			json_array_foreach(json_object_get(ch, "keys"), k, key)
				out(w, "%s%h", k ? "\xe3\x80\x81" : "", change_key_label(json_string_value(key)));
			out(w, "</li>");
		}
	}
	out(w, "</ul>");
}

/* Totals, problems and unknown unit names of R. */
static void preview_report(struct web *w, const struct textimport_result *r)
{
	if (r->json) {
		out(w, "<p>\xe7\xac\xac %d\xe2\x80\x93%d \xe8\xa1\x8c\xef\xbc\x9a<b>%d</b> \xe4\xb8\xaa\xe6\xb5\x8b\xe8\xaf\x84\xe9\xa1\xb9\xe7\x9b\xae\xe3\x80\x81"
		       "<b>%d</b> \xe4\xb8\xaa\xe6\xb5\x8b\xe8\xaf\x84\xe6\x8c\x87\xe6\xa0\x87\xe3\x80\x81<b>%d</b> \xe6\x9d\xa1\xe6\xb5\x8b\xe8\xaf\x84\xe5\x86\x85\xe5\xae\xb9\xef\xbc\x8c"
		       "\xe5\x85\xb1 <b>%P</b> \xe5\x88\x86", /* 第 A–B 行：N 个测评项目、N 个测评指标、N 条测评内容，共 P 分 */
		    r->first_line, r->last_line, r->nitems, r->nindicators, r->ncriteria, r->points);
		out(w, "</p>");
	}
	if (r->nproblems) {
		out(w, "<h2>\xe9\x97\xae\xe9\xa2\x98\xe4\xb8\x8e\xe8\xaf\xb4\xe6\x98\x8e</h2><ul>"); /* 问题与说明 */
		for (int i = 0; i < r->nproblems; i++) {
			const struct textimport_problem *p = &r->problems[i];
			out(w, "<li%s>", p->blocking ? " class=\"error\"" : "");
			if (p->line)
				out(w, "\xe7\xac\xac %d \xe8\xa1\x8c\xef\xbc\x9a", p->line); /* 第 N 行： */
			out(w, "%h</li>", p->msg);
		}
		out(w, "</ul>");
	}
	out(w, "<h2>\xe6\x9c\xaa\xe8\xaf\x86\xe5\x88\xab\xe7\x9a\x84\xe5\x8d\x95\xe4\xbd\x8d</h2>"); /* 未识别的单位 */
	if (!r->nunresolved) {
		out(w, "<p class=\"ok\">\xe6\x97\xa0\xef\xbc\x9a\xe6\x89\x80\xe6\x9c\x89\xe8\xb4\xa3\xe4\xbb\xbb\xe5\x8d\x95\xe4\xbd\x8d\xe9\x83\xbd\xe5\xb7\xb2\xe8\xaf\x86\xe5\x88\xab</p>"); /* 无：所有责任单位都已识别 */
		return;
	}
	out(w, "<table><tr><th>\xe8\xa1\x8c</th><th>\xe5\x90\x8d\xe7\xa7\xb0</th><th>\xe5\x8f\xaf\xe8\x83\xbd\xe6\x98\xaf</th></tr>"); /* 行 名称 可能是 */
	for (int i = 0; i < r->nunresolved; i++)
		out(w, "<tr><td class=\"n\">%d</td><td class=\"error\">%h</td><td>%h</td></tr>", r->unresolved[i].line,
		    r->unresolved[i].name, r->unresolved[i].hint ? r->unresolved[i].hint : "-");
	out(w, "</table><p>\xe8\xaf\xb7\xe5\x9c\xa8\xe6\x96\x87\xe6\x9c\xac\xe4\xb8\xad\xe6\x94\xb9\xe7\x94\xa8\xe5\x8d\x95\xe4\xbd\x8d\xe7\x9a\x84\xe5\x90\x8d\xe7\xa7\xb0\xe6\x88\x96\xe7\xae\x80\xe7\xa7\xb0"
	       "\xef\xbc\x88<a href=\"/api/v1/units\">\xe5\x8d\x95\xe4\xbd\x8d\xe5\x88\x97\xe8\xa1\xa8</a>\xef\xbc\x89\xef\xbc\x8c\xe6\x88\x96\xe8\xaf\xb7\xe7\xb3\xbb\xe7\xbb\x9f\xe7\xae\xa1\xe7\x90\x86\xe5\x91\x98\xe5\x85\x88\xe6\xb7\xbb\xe5\x8a\xa0\xe8\xaf\xa5\xe5\x8d\x95\xe4\xbd\x8d\xe3\x80\x82</p>");
	/* 请在文本中改用单位的名称或简称（单位列表），或请系统管理员先添加该单位。 */
}

/* Reads TEXT against the current campaign into R. */
static void read_pasted(struct web *w, const char *text, struct textimport_result *r)
{
	struct textimport_options o = {&w->c.units, w->c.year, w->c.deadline, w->c.rubric};
	textimport_read(text, strlen(text), &o, r);
}

/* The text of the form, or NULL after answering 400 when it is empty. */
static const char *pasted_text(struct web *w)
{
	const char *text = web_form(w, "text");
	if (!text || !text[strspn(text, " \t\r\n")]) {
		web_error(w, 400, "text: \xe8\xaf\xb7\xe7\xb2\x98\xe8\xb4\xb4\xe9\x80\x9a\xe7\x9f\xa5\xe7\x9a\x84\xe9\x99\x84\xe4\xbb\xb6""2\xef\xbc\x88\xe4\xbb\xbb\xe5\x8a\xa1\xe5\x88\x86\xe8\xa7\xa3\xe8\xa1\xa8\xef\xbc\x89"); /* 请粘贴通知的附件2（任务分解表） */
		return NULL;
	}
	return text;
}

/* The preview page of R read from TEXT; STATUS 200, or 400 when the text
 * was sent to be saved but cannot be. */
static int preview_page(struct web *w, const char *text, const struct textimport_result *r, int status)
{
	struct kp_error e = {0};
	json_t *changes = NULL;
	bool ready = textimport_ready(r);
	if (ready && !campaign_rubric_fits_scores(w->s, &w->c, r->rubric, &e))
		changes = campaign_rubric_changes(w->c.rubric, r->rubric, &w->c.units);
	w->res->status = status;
	page_begin(w, "\xe9\xa2\x84\xe8\xa7\x88\xef\xbc\x9a\xe4\xbb\x8e\xe9\x80\x9a\xe7\x9f\xa5\xe6\x96\x87\xe6\x9c\xac\xe5\xaf\xbc\xe5\x85\xa5\xe6\xb5\x8b\xe8\xaf\x84\xe8\xa1\xa8"); /* 预览：从通知文本导入测评表 */
	preview_report(w, r);
	if (e.code)
		out(w, "<p class=\"error\">\xe4\xb8\x8d\xe8\x83\xbd\xe5\xaf\xbc\xe5\x85\xa5\xef\xbc\x9a\xe5\xb7\xb2\xe6\x9c\x89\xe7\x9a\x84\xe8\xaf\x84\xe5\x88\x86\xe4\xb8\x8e\xe6\x96\xb0\xe6\xb5\x8b\xe8\xaf\x84\xe8\xa1\xa8\xe4\xb8\x8d\xe7\xac\xa6\xef\xbc\x88%h\xef\xbc\x89</p>", e.msg); /* 不能导入：已有的评分与新测评表不符（…） */
	if (changes)
		changes_list(w, changes);
	if (changes && json_array_size(changes)) {
		out(w, "<form method=\"post\" action=\"/rubric/import\">");
		csrf_field(w);
		out(w, "<input type=\"hidden\" name=\"text\" value=\"%a\"><p><button type=\"submit\">"
		       "\xe7\xa1\xae\xe8\xae\xa4\xe5\xaf\xbc\xe5\x85\xa5\xef\xbc\x88\xe4\xbf\x9d\xe5\xad\x98\xe4\xb8\xba\xe6\x96\xb0\xe7\x89\x88\xe6\xb5\x8b\xe8\xaf\x84\xe8\xa1\xa8\xef\xbc\x89</button> " /* 确认导入（保存为新版测评表） */
		       "<a href=\"/rubric/import\">\xe9\x87\x8d\xe6\x96\xb0\xe7\xb2\x98\xe8\xb4\xb4</a></p></form>", /* 重新粘贴 */
		    text);
	} else if (!ready || e.code) {
		out(w, "<p class=\"error\">\xe6\x9c\xaa\xe4\xbf\x9d\xe5\xad\x98\xe4\xbb\xbb\xe4\xbd\x95\xe5\x86\x85\xe5\xae\xb9\xe3\x80\x82\xe8\xaf\xb7\xe6\x8c\x89\xe4\xb8\x8a\xe9\x9d\xa2\xe7\x9a\x84\xe8\xaf\xb4\xe6\x98\x8e\xe4\xbf\xae\xe6\x94\xb9\xe6\x96\x87\xe6\x9c\xac\xe5\x90\x8e\xe9\x87\x8d\xe6\x96\xb0\xe9\xa2\x84\xe8\xa7\x88\xe3\x80\x82</p>"); /* 未保存任何内容。请按上面的说明修改文本后重新预览。 */
		paste_form(w, text);
	}
	if (r->json)
		preview_table(w, r->json);
	page_end(w);
	json_decref(changes);
	return 0;
}

int post_rubric_import_preview(struct web *w)
{
	const char *text = pasted_text(w);
	if (!text)
		return 0;
	struct textimport_result r;
	read_pasted(w, text, &r);
	preview_page(w, text, &r, 200);
	textimport_free(&r);
	return 0;
}

int post_rubric_import(struct web *w)
{
	const char *text = pasted_text(w);
	if (!text)
		return 0;
	struct textimport_result r;
	struct kp_error e = {0};
	read_pasted(w, text, &r);
	if (!textimport_ready(&r) || campaign_rubric_fits_scores(w->s, &w->c, r.rubric, &e)) {
		preview_page(w, text, &r, 400); /* shows every reason again; nothing saved */
		textimport_free(&r);
		return 0;
	}
	json_t *changes = campaign_rubric_changes(w->c.rubric, r.rubric, &w->c.units);
	int n = (int)json_array_size(changes);
	json_decref(changes);
	if (n && campaign_rubric_save(w->s, &w->c, r.rubric, WEB_SOURCE, w->who.name, n, &e)) {
		textimport_free(&r);
		return web_error(w, e.code == KP_EINPUT ? 400 : 500, e.msg);
	}
	textimport_free(&r);
	return web_redirect(w, "/rubric");
}
