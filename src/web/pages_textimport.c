/* pages_textimport.c — the office pastes annex 2 (任务分解表) of the notice
 * as copied from Word, sees what kaoping read (tree, totals, problems,
 * unknown unit names, changes), and confirms; saving goes through the same
 * path as `kaoping rubric import`. */
#include <stdlib.h>
#include <string.h>

#include "web/html.h"
#include "web/pages.h"
#include "core/textimport.h"
#include "web/web.h"

/* Who saved a pasted rubric, for the rubric table and the audit log. */
#define WEB_SOURCE "附件""2（网页粘贴）" /* 附件2（网页粘贴） */

/* The paste box, empty or holding TEXT, posting to the preview. */
static void paste_form(struct web *w, const char *text)
{
	out(w, "<form method=\"post\" action=\"/rubric/import/preview\">");
	csrf_field(w);
	out(w, "<p><label>附件""2（任务分解表）文本<br>" /* 附件2（任务分解表）文本 */
	       "<textarea name=\"text\" rows=\"24\" cols=\"100\" required>%h</textarea></label></p>"
	       "<p><button type=\"submit\">预览</button></p></form>",
	    text);
}

int get_rubric_import(struct web *w)
{
	page_begin(w, "从通知文本导入测评表");
	out(w, "<p>在 Word 中选中通知的“附件""2”（从表名到表末）或整份通知，"
	       "复制后粘贴到下面。预览不会保存任何内容；"
	       "确认后才保存为新版测评表，旧版本都会保留。</p>");
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
	out(w, "<h2>%h</h2><table><tr><th>测评项目</th><th>测评指标</th>"
	       "<th>测评内容</th><th>分值</th><th>测评方法</th>"
	       "<th>责任单位</th><th>完成时限</th></tr>",
	    json_string_value(json_object_get(rubric, "title"))); /* 测评项目 测评指标 测评内容 分值 测评方法 责任单位 完成时限 */
	json_array_foreach(json_object_get(rubric, "items"), i, it) {
		json_array_foreach(json_object_get(it, "indicators"), k, ind) {
			json_array_foreach(json_object_get(ind, "criteria"), m, cr) {
				out(w, "<tr><td>%h</td><td>%h</td><td>%d. %h", json_string_value(json_object_get(it, "name")),
				    json_string_value(json_object_get(ind, "name")), (int)json_integer_value(json_object_get(cr, "no")),
				    json_string_value(json_object_get(cr, "text")));
				json_array_foreach(json_object_get(cr, "parts"), q, v)
					out(w, "<br>得分点 %d：%h（%P 分）", (int)q + 1, /* 得分点 K：…（P 分） */
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
		{"text", "文字"}, {"points", "分值"}, {"kind", "类型"},
		{"parts", "得分点"}, {"deduct", "扣分规则"},
		{"award", "加分规则"}, {"responsible", "责任单位"},
		{"lead", "牵头单位"}, {"indicator", "测评指标"},
		{"item", "测评项目"}, {"deadline", "完成时限"},
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
	out(w, "<h2>与当前测评表相比</h2>");
	if (!json_array_size(changes)) {
		out(w, "<p>没有变化，无需导入。</p>");
		return;
	}
	out(w, "<ul>");
	json_array_foreach(changes, i, ch) {
		const char *what = json_string_value(json_object_get(ch, "what"));
		int no = (int)json_integer_value(json_object_get(ch, "no"));
		if (!strcmp(what, "title"))
			out(w, "<li>表名：%h → %h</li>", json_string_value(json_object_get(ch, "from")),
			    json_string_value(json_object_get(ch, "to"))); /* 表名： */
		else if (!strcmp(what, "total"))
			out(w, "<li>总分：%P → %P</li>", (int)json_integer_value(json_object_get(ch, "from")),
			    (int)json_integer_value(json_object_get(ch, "to"))); /* 总分： */
		else if (!strcmp(what, "grades"))
			out(w, "<li>等级划分有变化</li>");
		else if (!strcmp(what, "removed"))
			out(w, "<li>测评内容 %d：删除</li>", no); /* 测评内容 N：删除 */
		else if (!strcmp(what, "added"))
			out(w, "<li>测评内容 %d：新增（%P 分）</li>", no,
			    (int)json_integer_value(json_object_get(ch, "points"))); /* 测评内容 N：新增（P 分） */
		else {
			out(w, "<li>测评内容 %d：修改了", no); /* 测评内容 N：修改了 */
			json_array_foreach(json_object_get(ch, "keys"), k, key)
				out(w, "%s%h", k ? "、" : "", change_key_label(json_string_value(key)));
			out(w, "</li>");
		}
	}
	out(w, "</ul>");
}

/* Totals, problems and unknown unit names of R. */
static void preview_report(struct web *w, const struct textimport_result *r)
{
	if (r->json) {
		out(w, "<p>第 %d–%d 行：<b>%d</b> 个测评项目、"
		       "<b>%d</b> 个测评指标、<b>%d</b> 条测评内容，"
		       "共 <b>%P</b> 分", /* 第 A–B 行：N 个测评项目、N 个测评指标、N 条测评内容，共 P 分 */
		    r->first_line, r->last_line, r->nitems, r->nindicators, r->ncriteria, r->points);
		out(w, "</p>");
	}
	if (r->nproblems) {
		out(w, "<h2>问题与说明</h2><ul>");
		for (int i = 0; i < r->nproblems; i++) {
			const struct textimport_problem *p = &r->problems[i];
			out(w, "<li%s>", p->blocking ? " class=\"error\"" : "");
			if (p->line)
				out(w, "第 %d 行：", p->line); /* 第 N 行： */
			out(w, "%h</li>", p->msg);
		}
		out(w, "</ul>");
	}
	out(w, "<h2>未识别的单位</h2>");
	if (!r->nunresolved) {
		out(w, "<p class=\"ok\">无：所有责任单位都已识别</p>");
		return;
	}
	out(w, "<table><tr><th>行</th><th>名称</th><th>可能是</th></tr>");
	for (int i = 0; i < r->nunresolved; i++)
		out(w, "<tr><td class=\"n\">%d</td><td class=\"error\">%h</td><td>%h</td></tr>", r->unresolved[i].line,
		    r->unresolved[i].name, r->unresolved[i].hint ? r->unresolved[i].hint : "-");
	out(w, "</table><p>请在文本中改用单位的名称或简称"
	       "（<a href=\"/api/v1/units\">单位列表</a>），或请系统管理员先添加该单位。</p>");
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
		web_error(w, 400, "请粘贴通知的附件""2（任务分解表）"); /* 请粘贴通知的附件2（任务分解表） */
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
	page_begin(w, "预览：从通知文本导入测评表");
	preview_report(w, r);
	if (e.code)
		out(w, "<p class=\"error\">不能导入：已有的评分与新测评表不符</p>"); /* 不能导入：已有的评分与新测评表不符 */
	if (changes)
		changes_list(w, changes);
	if (changes && json_array_size(changes)) {
		out(w, "<form method=\"post\" action=\"/rubric/import\">");
		csrf_field(w);
		out(w, "<input type=\"hidden\" name=\"text\" value=\"%a\"><p><button type=\"submit\">"
		       "确认导入（保存为新版测评表）</button> "
		       "<a href=\"/rubric/import\">重新粘贴</a></p></form>",
		    text);
	} else if (!ready || e.code) {
		out(w, "<p class=\"error\">未保存任何内容。请按上面的说明修改文本后重新预览。</p>");
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
		return web_fail(w, &e);
	}
	textimport_free(&r);
	return web_redirect(w, "/rubric");
}
