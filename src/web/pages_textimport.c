/* pages_textimport.c — the office pastes the rubric's table (annex 2 of the
 * notice as copied from Word, or any rubric's table copied from Word, WPS
 * or Excel) or uploads the .docx or .xlsx it came in, sees what kaoping
 * read (each criterion with its points, its rule as read and as written,
 * veto and bonus rows, totals against the declared values, problems,
 * unknown unit names, changes), and confirms; saving goes through the
 * same path as `kaoping rubric import`. */
#include <stdlib.h>
#include <string.h>

#include "core/scorerule.h"
#include "core/textimport.h"
#include "io/rubricfile.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/uploads.h"
#include "web/web.h"

/* Who saved a pasted rubric, for the rubric table and the audit log. */
#define WEB_SOURCE "附件""2（网页粘贴）" /* 附件2（网页粘贴） */
/* The largest rubric file the page takes. */
#define RUBRIC_FILE_MAX (10u << 20)

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

/* The upload of the .docx or .xlsx the rubric came in. */
static void file_form(struct web *w)
{
	out(w, "<form method=\"post\" action=\"/rubric/import/preview\" enctype=\"multipart/form-data\">");
	csrf_field(w);
	out(w, "<p><label>Word 或 Excel 文件 <input type=\"file\" name=\"file\" required "
	       "accept=\".docx,.xlsx\"></label> <button type=\"submit\">预览</button></p>"
	       "<p class=\"hint\">Word 文档（.docx）读其中最大的表格，Excel 工作簿（.xlsx）读第一张工作表；"
	       "合并单元格照原样读取。文件最大 10 MB。旧版 .doc、.xls 请先另存为 .docx、.xlsx。</p></form>");
	web_field_error(w, "rubric_file");
}

int get_rubric_import(struct web *w)
{
	page_begin(w, "导入测评表");
	out(w, "<p>测评表可以粘贴，也可以直接上传它所在的文件。预览不会保存任何内容；"
	       "确认后才保存为新版测评表，旧版本都会保留。</p>"
	       "<h2>上传文件</h2>");
	file_form(w);
	out(w, "<h2>粘贴文本</h2><p>在 Word 中选中通知的“附件""2”（从表名到表末）或整份通知，复制后粘贴到下面；"
	       "也可以在 Word、WPS 或 Excel 中选中整张测评表复制后粘贴。</p>");
	paste_form(w, NULL);
	page_end(w);
	return 0;
}

static int tenths_of(json_t *v)
{
	return (int)(json_number_value(json_object_get(v, "points")) * 10 + 0.5);
}

/* The rubric read, a row per criterion: its label and text with its
 * parts and checklist, points and kind, its rule as read and as written,
 * methods, units and deadline. */
static void preview_table(struct web *w, json_t *rubric)
{
	size_t i, k, m, q;
	json_t *it, *ind, *cr, *v;
	out(w, "<h2>%h</h2>", json_string_value(json_object_get(rubric, "title")));
	json_t *declared = json_object_get(rubric, "declared_total");
	if (declared)
		out(w, "<p>原文标明总分 %P 分。</p>", (int)(json_number_value(declared) * 10 + 0.5));
	out(w, "<table class=\"rubric-preview\"><thead><tr><th>测评项目</th><th>测评指标</th><th>测评内容</th><th>分值</th>"
	       "<th>评分规则（读作）</th><th>评分标准（原文）</th><th>测评方法</th><th>责任单位</th><th>完成时限</th></tr></thead><tbody>");
	json_array_foreach(json_object_get(rubric, "items"), i, it) {
		json_array_foreach(json_object_get(it, "indicators"), k, ind) {
			json_array_foreach(json_object_get(ind, "criteria"), m, cr) {
				const char *ilabel = json_string_value(json_object_get(it, "label"));
				json_t *idecl = json_object_get(it, "declared_points");
				out(w, "<tr><td>%h%h%h", ilabel ? ilabel : "", ilabel ? " " : "",
				    json_string_value(json_object_get(it, "name")));
				if (idecl)
					out(w, "<br><small>标明 %P 分</small>", (int)(json_number_value(idecl) * 10 + 0.5));
				out(w, "</td><td>%h</td><td>", json_string_value(json_object_get(ind, "name")));
				const char *label = json_string_value(json_object_get(cr, "label"));
				out(w, "%d. ", (int)json_integer_value(json_object_get(cr, "no")));
				if (label)
					out(w, "<small>（原文 %h）</small> ", label);
				out(w, "%h", json_string_value(json_object_get(cr, "text")));
				json_array_foreach(json_object_get(cr, "parts"), q, v)
					out(w, "<br>得分点 %d：%h（%P 分）", (int)q + 1, /* 得分点 K：…（P 分） */
					    json_string_value(json_object_get(v, "text")), tenths_of(v));
				json_array_foreach(json_object_get(cr, "checklist"), q, v)
					out(w, "<br>· %h", json_string_value(v));
				const char *kind = json_string_value(json_object_get(cr, "kind"));
				out(w, "</td><td class=\"n\">");
				if (kind && !strcmp(kind, "veto"))
					out(w, "<span class=\"badge b-red\">一票否决</span>");
				else
					out(w, "%P%s", tenths_of(cr), kind && !strcmp(kind, "bonus") ? "<br><small>加分项</small>" : "");
				out(w, "</td><td>");
				json_t *rules = json_object_get(cr, "rules");
				if (json_object_get(cr, "deduct") || json_object_get(cr, "award")) {
					char *said = scorerule_describe(rules);
					out(w, "%h<br><small>由系统按规则计分</small>", said);
					free(said);
				} else if (json_array_size(rules)) {
					char *said = scorerule_describe(rules);
					bool graded = strstr(said, "按等次计分") != NULL;
					out(w, "%h<br><small>%s</small>", said,
					    graded ? "测评人给出等次，系统按比例计分" : "测评人按原文评分");
					free(said);
				} else if (json_object_get(cr, "rule_text")) {
					out(w, "<small>未能识别，测评人按原文评分</small>");
				}
				out(w, "</td><td>%h</td><td>", json_string_value(json_object_get(cr, "rule_text")));
				json_t *methods = json_object_get(cr, "methods") ? json_object_get(cr, "methods") : json_object_get(ind, "methods");
				json_array_foreach(methods, q, v)
					out(w, "%s%h", q ? "<br>" : "", json_string_value(v));
				const char *units = json_string_value(json_object_get(cr, "units_text"));
				if (!units)
					units = json_string_value(json_object_get(ind, "units_text"));
				const char *deadline = json_string_value(json_object_get(cr, "deadline_text"));
				if (!deadline)
					deadline = json_string_value(json_object_get(ind, "deadline_text"));
				out(w, "</td><td>%h</td><td>%h</td></tr>\n", units ? units : "（被测评单位）", deadline);
			}
		}
	}
	out(w, "</tbody></table>");
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
		{"label", "原文编号"}, {"rule_text", "评分标准原文"}, {"rules", "评分规则"},
		{"methods", "测评方法"}, {"checklist", "检查要点"}, {"deadline_text", "完成时限"},
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

/* What the office sent: pasted text, or a file (its name and bytes). */
struct source {
	const char *text;
	const char *name;
	unsigned char *data;
	size_t len;
	int kind; /* enum rubricfile_kind, or -1 for text */
};

/* Reads SRC against the current campaign into R: 0, or -1 with E set when
 * the file cannot be read (R empty). */
static int read_source(struct web *w, const struct source *src, struct textimport_result *r, struct kp_error *e)
{
	struct textimport_options o = {&w->c.units, w->c.year, w->c.deadline, w->c.rubric};
	if (src->kind < 0) {
		textimport_read(src->text, strlen(src->text), &o, r);
		return 0;
	}
	return rubricfile_read(src->kind, NULL, src->data, src->len, &o, r, e) ? -1 : 0;
}

/* The form's source into *SRC: an uploaded file (the preview), the file
 * sent back (hidden name and data: the confirmation), or the text. 0, or
 * -1 after answering (nothing sent, a file of another kind, too large). */
static int form_source(struct web *w, struct source *src)
{
	*src = (struct source){.kind = -1};
	const struct web_upload *f = web_upload_of(w, "file");
	const char *b64 = web_form(w, "data");
	if (f || b64) {
		const char *slash = f && f->filename ? strrchr(f->filename, '/') : NULL;
		src->name = f ? (slash ? slash + 1 : f->filename ? f->filename : "") : web_form(w, "name");
		if (!src->name)
			src->name = "";
		if (f && f->file.len > RUBRIC_FILE_MAX) {
			web_error(w, 413, "文件太大：测评表文件最大 10 MB");
			return -1;
		}
		if (f ? web_upload_bytes(f, &src->data, &src->len) : !(src->data = web_unbase64(b64, RUBRIC_FILE_MAX, &src->len))) {
			web_error(w, 400, f ? "上传的文件无法读取，请重新上传" : "预览后的文件已损坏，请重新上传");
			return -1;
		}
		src->kind = rubricfile_kind_of(src->name, src->data, src->len);
		if (src->kind < 0) {
			free(src->data);
			struct kp_error e = {0};
			kp_fail_at(&e, KP_EINPUT, KP_R_FILE_TYPE, "rubric_file", 0, 0, "rubric_file: a .docx or .xlsx");
			return web_refuse(w, &e, get_rubric_import), -1;
		}
		return 0;
	}
	src->text = web_form(w, "text");
	if (!src->text || !src->text[strspn(src->text, " \t\r\n")]) {
		web_error(w, 400, "请粘贴测评表，或上传它所在的 Word 或 Excel 文件");
		return -1;
	}
	return 0;
}

/* The preview page of R read from SRC; STATUS 200, or 400 when it was
 * sent to be saved but cannot be. */
static int preview_page(struct web *w, const struct source *src, const struct textimport_result *r, int status)
{
	struct kp_error e = {0};
	json_t *changes = NULL;
	bool ready = textimport_ready(r);
	if (ready && !campaign_rubric_fits_scores(w->s, &w->c, r->rubric, &e))
		changes = campaign_rubric_changes(w->c.rubric, r->rubric, &w->c.units);
	w->res->status = status;
	page_begin(w, "预览：导入测评表");
	if (src->kind >= 0)
		out(w, "<p>文件：%h</p>", src->name);
	preview_report(w, r);
	if (e.code)
		out(w, "<p class=\"error\">不能导入：已有的评分与新测评表不符</p>"); /* 不能导入：已有的评分与新测评表不符 */
	if (changes)
		changes_list(w, changes);
	if (changes && json_array_size(changes)) {
		out(w, "<form method=\"post\" action=\"/rubric/import\">");
		csrf_field(w);
		if (src->kind < 0) {
			out(w, "<input type=\"hidden\" name=\"text\" value=\"%a\">", src->text);
		} else { /* the same bytes go back: nothing is kept on the server between the steps */
			char *b64 = web_base64(src->data, src->len);
			out(w, "<input type=\"hidden\" name=\"name\" value=\"%a\"><input type=\"hidden\" name=\"data\" value=\"%a\">",
			    src->name, b64);
			free(b64);
		}
		out(w, "<p><button type=\"submit\">确认导入（保存为新版测评表）</button> "
		       "<a href=\"/rubric/import\">重新导入</a></p></form>");
	} else if (!ready || e.code) {
		out(w, "<p class=\"error\">未保存任何内容。请按上面的说明修改后重新预览。</p>");
		if (src->kind < 0)
			paste_form(w, src->text);
		else
			file_form(w);
	}
	if (r->json)
		preview_table(w, r->json);
	page_end(w);
	json_decref(changes);
	return 0;
}

/* Reads what was sent into R, or answers: true when R is read. */
static bool read_sent(struct web *w, struct source *src, struct textimport_result *r)
{
	if (form_source(w, src))
		return false;
	struct kp_error e = {0};
	if (read_source(w, src, r, &e)) {
		free(src->data);
		snprintf(e.field, sizeof e.field, "rubric_file");
		if (e.reason == KP_R_FILE_TYPE) /* named .docx/.xlsx, but not one inside: damaged */
			e.reason = KP_R_FORMAT;
		web_refuse(w, &e, get_rubric_import);
		return false;
	}
	return true;
}

int post_rubric_import_preview(struct web *w)
{
	struct source src;
	struct textimport_result r;
	if (!read_sent(w, &src, &r))
		return 0;
	preview_page(w, &src, &r, 200);
	textimport_free(&r);
	free(src.data);
	return 0;
}

int post_rubric_import(struct web *w)
{
	struct source src;
	struct textimport_result r;
	struct kp_error e = {0};
	if (!read_sent(w, &src, &r))
		return 0;
	if (!textimport_ready(&r) || campaign_rubric_fits_scores(w->s, &w->c, r.rubric, &e)) {
		preview_page(w, &src, &r, 400); /* shows every reason again; nothing saved */
		textimport_free(&r);
		free(src.data);
		return 0;
	}
	json_t *changes = campaign_rubric_changes(w->c.rubric, r.rubric, &w->c.units);
	int n = (int)json_array_size(changes);
	json_decref(changes);
	char *source = src.kind < 0 ? xstrdup(WEB_SOURCE) : xasprintf("%s（网页上传）", src.name);
	if (n && campaign_rubric_save(w->s, &w->c, r.rubric, source, w->who.name, n, &e)) {
		free(source), free(src.data);
		textimport_free(&r);
		return web_fail(w, &e);
	}
	free(source), free(src.data);
	textimport_free(&r);
	return web_redirect(w, "/rubric");
}
