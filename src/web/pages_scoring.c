/* pages_scoring.c — the assessor's scoring grid (测评打分表: every part of
 * one unit on one page, saved in one all-or-nothing write) and the upload
 * of a filled score sheet (CSV or Excel: preview, then 确认导入). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "domain/evidence.h"
#include "domain/scores.h"
#include "io/embedded.h"
#include "io/xlsxread.h"
#include "web/html.h"
#include "web/look.h"
#include "web/pages.h"
#include "web/uploads.h"
#include "web/web.h"

/* The largest score sheet read on the web (WEB_SHEET_MAX): the preview
 * carries it back to 确认导入 in the form, and a form is at most 8 MB. */

/* ---- words ---- */

/* Appends to B, in Chinese, why a score was refused: PROBLEM (enum
 * score_problem) with the range LO–HI (tenths) and the text VALUE as typed
 * (may be ""), UNIT the unit's name. Short, to stand beside a cell. */
static void refusal_zh(struct strbuf *b, int problem, int lo, int hi, const char *value, const char *unit)
{
	char a[24], z[24];
	switch (problem) {
	case SCORE_E_OUT_OF_RANGE: /* 超出分值范围 0–4 */
		sb_addf(b, "超出分值范围 %s–%s", points_format(lo, a), points_format(hi, z));
		break;
	case SCORE_E_BAD_POINTS: /* 不是最多一位小数的分数 */
		sb_adds(b, "不是最多一位小数的分数");
		break;
	case SCORE_E_BAD_VETO: /* 一票否决项：填“是”或“否” */
	case SCORE_E_VETO_POINTS:
		sb_adds(b, "一票否决项：填“是”或“否”");
		break;
	case SCORE_E_NOT_VETO:
		sb_adds(b, "不是一票否决项");
		break;
	case SCORE_E_NOT_APPLICABLE:
		sb_addf(b, "这条测评内容不适用于%s", unit);
		break;
	case SCORE_E_NEEDS_PART:
		sb_adds(b, "这条测评内容分部分打分");
		break;
	case SCORE_E_NO_SUCH_PART:
		sb_adds(b, "这条测评内容没有这一部分");
		break;
	case SCORE_E_BAD_UNIT:
		sb_addf(b, "没有单位“%s”", value);
		break;
	case SCORE_E_ALL_UNITS:
		sb_addf(b, "“%s”指全部单位，每行只填一个单位", value);
		break;
	case SCORE_E_BAD_CRITERION:
		sb_addf(b, "“%s”不是测评内容的序号（如 2，或分部分的 8.2）", value);
		break;
	case SCORE_E_BAD_KIND:
		sb_addf(b, "类型“%s”应为自评或测评", value);
		break;
	case SCORE_E_OTHER_KIND:
		sb_addf(b, "类型“%s”：这里只导入测评分数", value);
		break;
	case SCORE_E_OTHER_SCORER:
		sb_addf(b, "评分人“%s”不是您本人：只能导入自己的测评分数", value);
		break;
	case SCORE_E_NO_SCORER:
		sb_adds(b, "未说明评分人");
		break;
	case SCORE_E_FROZEN:
		sb_addf(b, "%s已提交自评，办公室退回后才能修改", unit);
		break;
	case SCORE_E_RECUSED:
		sb_addf(b, "回避：%s是您的本单位，测评人员不给本单位打分", unit);
		break;
	case SCORE_E_FINAL:
		sb_adds(b, "分数已确认，只能由办公室填写更正原因后更正");
		break;
	case SCORE_E_NOT_FINAL:
		sb_adds(b, "分数尚未确认，不需要更正原因");
		break;
	case SCORE_E_DUPLICATE:
		sb_adds(b, "重复打分");
		break;
	default:
		sb_adds(b, "无法保存这项分数");
	}
}

/* Whether the assessor W is recused from unit U (回避: their home unit). */
static bool recused(const struct web *w, int u)
{
	return w->who.role == ROLE_ASSESSOR && w->who.unit_id && w->who.unit_id == w->c.units.ids[u];
}

/* ---- the grid ---- */

/* One cell pair of the grid (a part of a criterion): what was typed when a
 * save is refused, and why it was refused. */
struct slot {
	int k, part;
	const char *points, *comment; /* as typed; NULL: as stored */
	struct strbuf why;            /* empty when not refused */
};

/* The grid's slots for unit U: every applicable part, in rubric order. */
static struct slot *grid_slots(const struct web *w, int u, int *n)
{
	const struct rubric *r = w->c.rubric;
	int cap = 0;
	for (int k = 0; k < r->ncriteria; k++)
		cap += rubric_applies(r, k, u) ? 1 + r->criteria[k].nparts : 0;
	struct slot *sl = xcalloc((size_t)cap + 1, sizeof *sl);
	*n = 0;
	for (int k = 0; k < r->ncriteria; k++)
		if (rubric_applies(r, k, u))
			for (int p = r->criteria[k].nparts ? 1 : 0; p <= r->criteria[k].nparts; p++)
				sl[(*n)++] = (struct slot){.k = k, .part = p};
	return sl;
}

static void slots_free(struct slot *sl, int n)
{
	for (int i = 0; i < n; i++)
		sb_free(&sl[i].why);
	free(sl);
}

/* TEXT cut to at most MAX characters, "…" added when cut, into BUF. */
static const char *short_text(const char *text, int max, char *buf, size_t size)
{
	size_t i = 0;
	int chars = 0;
	while (text[i] && chars < max) {
		i++;
		while (((unsigned char)text[i] & 0xc0) == 0x80)
			i++;
		chars++;
	}
	if (!text[i] || i + 4 > size)
		return text;
	memcpy(buf, text, i);
	memcpy(buf + i, "…", 4); /* three bytes and the NUL */
	return buf;
}

/* The field names of slot SL's points and comment. */
static void field_names(const struct rubric *r, const struct slot *sl, char pts[24], char com[24])
{
	snprintf(pts, 24, "p%d_%d", r->criteria[sl->k].no, sl->part);
	snprintf(com, 24, "c%d_%d", r->criteria[sl->k].no, sl->part);
}

/* Renders the grid of unit U (SL: its N slots, typed values and refusals
 * when a save was refused; NREFUSED of them), answered with STATUS. */
static int grid_page(struct web *w, int u, struct slot *sl, int n, int nrefused, int status)
{
	const struct rubric *r = w->c.rubric;
	struct kp_error e = {0};
	const struct unit_scores *us = web_unit_scores(w, u, &e);
	if (!us)
		return web_fail(w, &e);
	struct evidence_list evl = {0};
	if (evidence_list(w->s, w->c.units.ids[u], &evl, &e))
		return web_fail(w, &e);
	int *files = xcalloc((size_t)r->ncriteria + 1, sizeof *files);
	for (int i = 0; i < evl.n; i++) {
		int k = rubric_find(r, evl.row[i].criterion);
		if (k >= 0 && !evl.row[i].withdrawn)
			files[k]++;
	}
	evidence_list_free(&evl);
	long long id = (long long)w->c.units.ids[u];
	bool readonly = recused(w, u);
	char title[300];
	snprintf(title, sizeof title, "%s 测评打分", w->c.units.names[u]); /* 测评打分 */
	page_begin(w, title);
	out(w, "<p class=\"noprint gridnav\"><a href=\"/units/%lld\">返回本单位测评表</a>", id);
	if (u > 0)
		out(w, " · <a rel=\"prev\" href=\"/units/%lld/scoring\">上一单位：%h</a>", (long long)w->c.units.ids[u - 1],
		    w->c.units.names[u - 1]);
	if (u + 1 < w->c.units.n)
		out(w, " · <a rel=\"next\" href=\"/units/%lld/scoring\">下一单位：%h</a>", (long long)w->c.units.ids[u + 1],
		    w->c.units.names[u + 1]);
	out(w, " · <a href=\"/scores/import\">上传填好的测评表</a></p>");
	const char *saved = w->req->nquery ? web_param(w->req->query, w->req->nquery, "saved") : NULL;
	if (saved && !nrefused && atoi(saved) > 0)
		out(w, "<p class=\"ok\" id=\"saved\">已保存 %d 项</p>", atoi(saved));
	else if (saved && !nrefused)
		out(w, "<p class=\"ok\" id=\"saved\">没有修改</p>");
	if (nrefused)
		out(w, "<p class=\"error\" id=\"refused\">有 %d 项不能保存，本次全部未保存：请按标出的原因修改后再保存</p>",
		    nrefused); /* N items refused, nothing saved */
	if (readonly)
		out(w, "<p class=\"error\" id=\"recused\">回避：%h是您的本单位，测评人员不给本单位打分。本页只供查看。</p>",
		    w->c.units.names[u]);
	else {
		out(w, "<form method=\"post\" action=\"/units/%lld/scoring\" id=\"grid\">", id);
		csrf_field(w);
	}
	out(w, "<div class=\"gridwrap\"><table class=\"grid nocards\"><thead><tr><th>序号</th><th>测评内容</th><th>分值</th><th>自评</th>"
	       "<th>佐证</th><th>测评得分</th><th>备注</th></tr></thead>\n");
	int item = -1, indicator = -1, row = 0;
	for (int i = 0; i < n; i++) {
		const struct rubric_criterion *cr = &r->criteria[sl[i].k];
		const struct rubric_indicator *ind = &r->indicators[cr->indicator];
		if (ind->item != item) {
			item = ind->item;
			out(w, "%s<tbody><tr class=\"item\"><th colspan=\"7\">%h</th></tr>\n", i ? "</tbody>" : "",
			    r->items[item].name);
		}
		if (cr->indicator != indicator) {
			indicator = cr->indicator;
			out(w, "<tr class=\"indicator\"><th colspan=\"7\">%h</th></tr>\n", ind->name);
		}
		int p = sl[i].part;
		int si = unit_scores_find(us, cr->no, p, SCORE_SELF), ai = unit_scores_find(us, cr->no, p, SCORE_ASSESSOR);
		char ref[24], cut[200], cur[24] = "", pts[24], com[24];
		snprintf(ref, sizeof ref, p ? "%d.%d" : "%d", cr->no, p);
		const char *text = p ? cr->parts[p - 1].text : cr->text;
		const char *shown = short_text(text, 40, cut, sizeof cut);
		out(w, "<tr><td><a href=\"/units/%lld/criteria/%d\">%h</a></td><td class=\"text\">", id, cr->no, ref);
		if (shown == text && !p)
			out(w, "%h", text);
		else if (shown == text) /* a part: its criterion's whole text on asking (a tap on a phone, a click) */
			out(w, "<details><summary>%h</summary>%h</details>", text, cr->text);
		else if (!p)
			out(w, "<details><summary>%h</summary>%h</details>", shown, text);
		else
			out(w, "<details><summary>%h</summary>%h<br>%h</details>", shown, text, cr->text);
		out(w, "</td><td class=\"n\" data-label=\"分值\">%s", cr->kind == CRITERION_VETO ? "否决项" : "");
		if (cr->kind != CRITERION_VETO)
			out(w, "%P", rubric_part_points(r, sl[i].k, p));
		out(w, "</td><td class=\"n\" data-label=\"自评\">");
		if (si < 0)
			out(w, "-");
		else if (us->row[si].vetoed)
			out(w, "否决");
		else
			out(w, "%P", us->row[si].points);
		out(w, "</td><td class=\"n\" data-label=\"佐证\"><a href=\"/units/%lld/criteria/%d\">%d 份</a></td>", id, cr->no,
		    files[sl[i].k]);
		if (ai >= 0 && cr->kind == CRITERION_VETO)
			snprintf(cur, sizeof cur, "%s", us->row[ai].vetoed ? "是" : "否");
		else if (ai >= 0)
			points_format(us->row[ai].points, cur);
		const char *v = sl[i].points ? sl[i].points : cur;
		const char *c = sl[i].comment ? sl[i].comment : ai >= 0 ? us->row[ai].comment : "";
		bool bad = sl[i].why.len > 0;
		field_names(r, &sl[i], pts, com);
		if (readonly) {
			out(w, "<td class=\"n\" data-label=\"测评得分\">%h</td><td data-label=\"备注\">%h</td></tr>\n", *v ? v : "-", c);
			continue;
		}
		out(w, "<td data-label=\"测评得分\"><input name=\"%a\" type=\"text\" inputmode=\"%s\" size=\"4\" value=\"%a\" "
		       "data-row=\"%d\" data-col=\"0\" aria-label=\"%h 测评得分\"%s%s>",
		    pts, cr->kind == CRITERION_VETO ? "text" : "decimal", v, row, ref,
		    cr->kind == CRITERION_VETO ? " placeholder=\"是/否\"" : "", bad ? " class=\"refused\" aria-invalid=\"true\"" : "");
		if (ai >= 0 && us->row[ai].state != SCORE_DRAFT)
			out(w, "<small>%h</small>", score_state_label(us->row[ai].state));
		if (bad)
			out(w, "<span class=\"cellerr\">%h</span>", sb_str(&sl[i].why));
		out(w, "</td><td data-label=\"备注\"><input name=\"%a\" size=\"14\" value=\"%a\" data-row=\"%d\" data-col=\"1\" "
		       "aria-label=\"%h 备注\"></td></tr>\n",
		    com, c, row, ref);
		row++;
	}
	out(w, "%s</table></div>", n ? "</tbody>" : "");
	free(files);
	if (!readonly) {
		if (w->who.role == ROLE_ADMIN)
			out(w, "<p><label>更正原因 <input name=\"reason\" size=\"30\" value=\"%a\" "
			       "placeholder=\"仅更正已确认分数时填\"></label></p>",
			    web_form(w, "reason") ? web_form(w, "reason") : "");
		out(w, "<p><button type=\"submit\" id=\"save\">保存</button> <small>空着的格子不改动；"
		       "全部检查通过才保存，有一项不通过则全部不保存</small></p></form>");
		out(w, "<form method=\"post\" action=\"/units/%lld/scores/submit\" class=\"noprint\">", id);
		csrf_field(w);
		out(w, "<button type=\"submit\">提交测评分数</button></form>");
		out(w, "<script src=\"/assets/grid.js\"></script>");
	}
	page_end(w);
	if (status != 200)
		w->res->status = status;
	return 0;
}

int get_scoring(struct web *w)
{
	int u = web_unit(w, w->args[0]);
	int n;
	struct slot *sl = grid_slots(w, u, &n);
	int rc = grid_page(w, u, sl, n, 0, 200);
	slots_free(sl, n);
	return rc;
}

int post_scoring(struct web *w)
{
	const struct rubric *r = w->c.rubric;
	int u = web_unit(w, w->args[0]);
	if (recused(w, u)) {
		char *msg = xasprintf("回避：%s是您的本单位，测评人员不给本单位打分", w->c.units.names[u]);
		web_error(w, 403, msg);
		free(msg);
		return 0;
	}
	struct kp_error e = {0};
	const struct unit_scores *us = web_unit_scores(w, u, &e);
	if (!us)
		return web_fail(w, &e);
	const char *reason = w->who.role == ROLE_ADMIN ? web_form(w, "reason") : NULL;
	int n, nrows = 0, nbad = 0, rc = 0;
	struct slot *sl = grid_slots(w, u, &n);
	struct score_input *rows = xcalloc((size_t)n + 1, sizeof *rows);
	int *slot_of = xcalloc((size_t)n + 1, sizeof *slot_of);
	for (int i = 0; i < n; i++) {
		const struct rubric_criterion *cr = &r->criteria[sl[i].k];
		char pts[24], com[24];
		field_names(r, &sl[i], pts, com);
		sl[i].points = web_form(w, pts);
		sl[i].comment = web_form(w, com);
		if (!sl[i].points)
			sl[i].points = "";
		if (!sl[i].comment)
			sl[i].comment = "";
		char *typed = text_trim(sl[i].points);
		bool blank = !*typed;
		free(typed);
		if (blank)
			continue; /* a blank cell changes nothing */
		int points;
		bool vetoed;
		int bad = scores_parse_points(r, sl[i].k, sl[i].points, &points, &vetoed);
		if (bad) {
			refusal_zh(&sl[i].why, bad, 0, 0, sl[i].points, w->c.units.names[u]);
			nbad++;
			continue;
		}
		int ai = unit_scores_find(us, cr->no, sl[i].part, SCORE_ASSESSOR);
		if (ai >= 0 && us->row[ai].points == points && us->row[ai].vetoed == vetoed &&
		    !strcmp(us->row[ai].comment, sl[i].comment))
			continue; /* as stored: nothing to write */
		bool final = ai >= 0 && us->row[ai].state == SCORE_FINAL;
		slot_of[nrows] = i;
		rows[nrows++] = (struct score_input){
			.unit = u, .criterion = sl[i].k, .part = sl[i].part, .kind = SCORE_ASSESSOR, .points = points,
			.vetoed = vetoed, .by = w->who.display, .comment = sl[i].comment, .detail = "",
			.reason = final && reason && *reason ? reason : NULL, .scorer_unit = w->who.unit_id};
	}
	struct score_result res = {0};
	if (nrows) {
		/* one write for the grid; when a cell could not be read, the rest
		 * are still checked (a dry run) so every refusal shows at once */
		struct score_batch b = {.rows = rows, .count = nrows, .dry_run = nbad > 0};
		if (scores_apply(w->s, &w->c, &b, &res, &e)) {
			if (e.code != KP_EINPUT || !res.nlisted) {
				rc = web_fail(w, &e);
				goto out;
			}
			for (int i = 0; i < res.nlisted; i++) {
				const struct score_row_error *er = &res.errors[i];
				struct slot *s = &sl[slot_of[er->index]];
				refusal_zh(&s->why, er->problem, er->lo, er->hi, s->points, w->c.units.names[u]);
				nbad++;
			}
		}
	}
	if (nbad) {
		rc = grid_page(w, u, sl, n, nbad, 400);
		goto out;
	}
	struct strbuf loc = {0};
	html_printf(&loc, "/units/%lld/scoring?saved=%d", (long long)w->args[0], nrows);
	web_redirect(w, sb_str(&loc));
	sb_free(&loc);
out:
	scores_result_free(&res);
	free(rows), free(slot_of);
	slots_free(sl, n);
	return rc;
}

/* ---- uploading a filled score sheet ---- */

/* The import's options for the reader W: an assessor imports assessor
 * scores as themselves; the office the kind it chose (KIND may be NULL). */
static struct import_options upload_options(const struct web *w, const char *name, const char *kind, bool dry)
{
	struct import_options o = {.encoding = CSV_AUTO, .kind = SCORE_ASSESSOR, .by = w->who.display,
				   .source = name, .dry_run = dry, .max_errors = 50};
	if (w->who.role == ROLE_ASSESSOR)
		o.fixed_kind = o.fixed_by = true, o.scorer_unit = w->who.unit_id;
	else if (kind && !strcmp(kind, "self"))
		o.kind = SCORE_SELF;
	return o;
}

/* The upload form. */
static void upload_form(struct web *w)
{
	out(w, "<form method=\"post\" action=\"/scores/import\" enctype=\"multipart/form-data\">");
	csrf_field(w);
	web_upload_field(w, UPLOAD_SHEET, NULL, true);
	out(w, "<p>");
	if (w->who.role == ROLE_ADMIN)
		out(w, "<label>没有“类型”列时按 <select name=\"kind\"><option value=\"assessor\">测评</option>"
		       "<option value=\"self\">自评</option></select> 导入</label> ");
	out(w, "<button type=\"submit\">预览</button></p><p><small>Excel 读第一个工作表，CSV 可为 UTF-8 或 GBK；"
	       "须有“单位”“序号”（或“测评内容”）“得分”列，可下载各单位的测评填报表填写；"
	       "得分空着的行不导入。先预览检查，确认后才导入，有一行不通过则全部不导入。</small></p></form>");
}

int get_scores_import(struct web *w)
{
	page_begin(w, "上传填好的测评表");
	upload_form(w);
	page_end(w);
	return 0;
}

/* The preview or the result of importing the LEN bytes at DATA (file NAME). */
/* Points as the sheet gives them: "3.5", or 一票否决 for a veto. */
static void points_cell(struct web *w, int tenths, bool vetoed)
{
	char p[24];
	if (vetoed)
		out(w, "一票否决");
	else
		out(w, "%h", points_format(tenths, p));
}

/* The stored scores the sheet replaces (RES's replacements): unit,
 * criterion, the old points and who gave them, the new points. */
static void replacements_table(struct web *w, const struct import_result *res)
{
	static const char *const states[] = {"草稿", "已提交", "已确认"};
	out(w, "<h2 id=\"replaced\">将替换的原有分数</h2><table class=\"replaced\"><thead><tr><th>行</th><th>单位</th>"
	       "<th>测评内容</th><th>类型</th><th>原得分</th><th>新得分</th><th>原评分人</th><th>原状态</th></tr></thead><tbody>");
	for (int i = 0; i < res->nreplacements; i++) {
		const struct score_replacement *rp = &res->replacements[i];
		out(w, "<tr><td class=\"n\">第 %ld 行</td><td>%h</td><td>%h</td><td>%h</td><td class=\"n\">", rp->line,
		    w->c.units.names[rp->unit], rp->ref, rp->kind == SCORE_SELF ? "自评" : "测评");
		points_cell(w, rp->old_points, rp->old_vetoed);
		out(w, "</td><td class=\"n\">");
		points_cell(w, rp->new_points, rp->new_vetoed);
		out(w, "</td><td>%h</td><td>", rp->old_by);
		badge(w, rp->old_state >= 0 && rp->old_state <= 2 ? states[rp->old_state] : "");
		out(w, "</td></tr>");
	}
	out(w, "</tbody></table>");
	if (res->replaced > res->nreplacements)
		out(w, "<p>另有 %ld 项将替换的分数未列出。</p>", res->replaced - res->nreplacements);
}

static int import_page(struct web *w, const char *name, const unsigned char *data, size_t len, const char *kind,
		       bool confirm)
{
	struct import_options o = upload_options(w, name, kind, !confirm);
	struct import_result res;
	struct kp_error e = {0};
	int rc = scores_import_data(w->s, &w->c, data, len, &o, &res, &e);
	if (rc && e.code != KP_EINPUT) {
		scores_import_result_free(&res);
		return web_fail(w, &e);
	}
	page_begin(w, confirm && !rc ? "测评表已导入" : "测评表导入预览");
	out(w, "<p>文件：%h</p>", name);
	if (rc) {
		if (res.nissues) {
			out(w, "<p class=\"error\" id=\"refused\">有 %d 行不能导入，全部未导入：请改正后重新上传。</p>"
			       "<table><thead><tr><th>行</th><th>序号</th><th>原因</th></tr></thead><tbody>",
			    res.nerrors);
			for (int i = 0; i < res.nissues; i++) {
				const struct import_error *is = &res.issues[i];
				struct strbuf why = {0};
				refusal_zh(&why, is->problem, is->lo, is->hi, is->value, "该单位");
				out(w, "<tr><td class=\"n\">第 %ld 行</td><td>%h</td><td>%h</td></tr>", is->line, is->ref,
				    sb_str(&why));
				sb_free(&why);
			}
			out(w, "</tbody></table>");
			if (res.nerrors > res.nissues)
				out(w, "<p>另有 %d 行不能导入，未列出。</p>", res.nerrors - res.nissues);
		} else { /* the sheet as a whole */
			out(w, "<p class=\"error\" id=\"refused\">这个文件不能导入：");
			switch (res.sheet_problem) {
			case IMPORT_SHEET_UNREADABLE:
				out(w, "%s", xlsx_is_zip(data, len) ? "Excel 文件无法读取（已损坏，或不是 .xlsx 工作簿）"
								   : "文字既不是 UTF-8 也不是 GBK 编码，或不是 CSV 表格");
				break;
			case IMPORT_SHEET_EMPTY:
				out(w, "文件是空的，第一行应是表头");
				break;
			case IMPORT_SHEET_TWICE:
				out(w, "表头里“%h”列出现了两次", res.sheet_column);
				break;
			case IMPORT_SHEET_MISSING:
				out(w, "第一行表头缺少%s%s%s列（须有“单位”“序号”或“测评内容”“得分”）",
				    res.missing_unit ? "“单位”" : "", res.missing_criterion ? "“序号”" : "",
				    res.missing_points ? "“得分”" : "");
				break;
			case IMPORT_SHEET_NO_SCORES:
				out(w, "有表头，但没有一行填了得分");
				break;
			default:
				out(w, "须是 Excel（.xlsx）或 CSV 的测评表");
			}
			out(w, "。</p>");
		}
		upload_form(w);
	} else if (confirm) {
		out(w, "<p class=\"ok\" id=\"imported\">已导入 %ld 项分数（其中替换原有分数 %ld 项）", res.rows, res.replaced);
		if (res.blank)
			out(w, "，得分空着的 %ld 行未导入", res.blank);
		out(w, "。</p><p><a href=\"/\">返回各单位进度</a></p>");
	} else {
		out(w, "<p id=\"preview\">检查通过：将导入 %ld 项分数，其中 %ld 项替换原有分数", res.rows, res.replaced);
		if (res.blank)
			out(w, "；得分空着的 %ld 行不导入", res.blank);
		out(w, "。</p>");
		if (res.nreplacements)
			replacements_table(w, &res);
		/* the same bytes go back with 确认导入: nothing is kept on the
		 * server between the two steps, and both read the very same file */
		char *b64 = web_base64(data, len);
		out(w, "<form method=\"post\" action=\"/scores/import\">");
		csrf_field(w);
		out(w, "<input type=\"hidden\" name=\"name\" value=\"%a\"><input type=\"hidden\" name=\"data\" value=\"%a\">"
		       "<input type=\"hidden\" name=\"kind\" value=\"%a\">"
		       "<button type=\"submit\" name=\"confirm\" value=\"1\" id=\"confirm\">确认导入</button> "
		       "<a href=\"/scores/import\">取消</a></form>",
		    name, b64, o.kind == SCORE_SELF ? "self" : "assessor");
		free(b64);
	}
	page_end(w);
	if (rc)
		w->res->status = 400;
	scores_import_result_free(&res);
	return 0;
}

int post_scores_import(struct web *w)
{
	const struct web_upload *f = web_upload_of(w, "file");
	const char *kind = web_form(w, "kind");
	if (f) { /* the preview: the file as uploaded */
		if (f->file.len > WEB_SHEET_MAX)
			return web_error(w, 413, "测评表太大：网页上最大 2 MB，请删去多余的工作表或行后再上传");
		unsigned char *data;
		size_t got;
		if (web_upload_bytes(f, &data, &got))
			return web_error(w, 500, "上传的文件无法读取，请重新上传");
		const char *slash = f->filename ? strrchr(f->filename, '/') : NULL;
		const char *name = slash ? slash + 1 : f->filename && *f->filename ? f->filename : "测评表";
		int rc = import_page(w, name, data, got, kind, false);
		free(data);
		return rc;
	}
	const char *b64 = web_form(w, "data"), *name = web_form(w, "name");
	if (!b64 || !web_form(w, "confirm"))
		return web_error(w, 400, "请选择要上传的测评表");
	size_t len;
	unsigned char *data = web_unbase64(b64, WEB_SHEET_MAX, &len);
	if (!data)
		return web_error(w, 400, "预览后的测评表已损坏，请重新上传");
	int rc = import_page(w, name && *name ? name : "测评表", data, len, kind, true);
	free(data);
	return rc;
}
