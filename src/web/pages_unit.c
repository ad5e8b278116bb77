/* pages_unit.c — a unit's page and its criteria: the score sheet, the
 * scoring forms (self-assessment and assessors') and their refusals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "domain/due.h"
#include "io/chart.h"
#include "io/gz.h"
#include "web/html.h"
#include "domain/report.h"
#include "domain/scores.h"
#include "domain/evidence.h"
#include "domain/submissions.h"
#include "web/look.h"
#include "web/pages.h"
#include "web/uploads.h"
#include "web/web.h"

/* ---- a unit and its criteria ---- */

static void score_cell(struct web *w, const struct unit_scores *us, int i)
{
	if (i < 0)
		out(w, "<td>-</td>");
	else if (us->row[i].vetoed)
		out(w, "<td class=\"error\">否决</td>");
	else
		out(w, "<td class=\"n\">%P</td>", us->row[i].points);
}

bool may_self_assess(const struct web *w)
{
	return w->who.role == ROLE_UNIT || w->who.role == ROLE_ADMIN;
}

bool may_score(const struct web *w)
{
	return w->who.role == ROLE_ASSESSOR || w->who.role == ROLE_ADMIN;
}

/* The unit's to-do list in brief: its overdue and due-soon items, the
 * most urgent first, with a link to the whole list (催办单). */
static bool todo_box(struct web *w, int u)
{
	struct kp_error e = {0};
	const struct due_list *l = web_due(w, u, &e);
	if (!l)
		return false; /* the score sheet still shows; the full list reports the error */
	int n[4], shown = 0;
	due_count(l, u, -1, n);
	out(w, "<div class=\"todo\"><p>待办（截至 %h）：<a class=\"light l-red\" href=\"/units/%lld/due?light=red\">已逾期 %d</a> · "
	       "<a class=\"light l-yellow\" href=\"/units/%lld/due?light=yellow\">即将到期 %d</a> · 按期推进 %d · 已完成 %d · "
	       "<a href=\"/units/%lld/due\">全部待办与催办单</a></p>",
	    l->today, (long long)w->args[0], n[LIGHT_RED], (long long)w->args[0], n[LIGHT_YELLOW], n[LIGHT_GREEN],
	    n[LIGHT_GREY], (long long)w->args[0]);
	/* what is due first comes first: a criterion's material due on the
	 * 29th before a task due on the 31st, whatever their lights */
	int *order = xmalloc(((size_t)l->n + 1) * sizeof *order);
	int n_order = due_order(l, u, order);
	out(w, "<p>最先要办：</p><ol class=\"next\">");
	for (int i = 0; i < n_order && shown < 5; i++) {
		const struct due_item *it = &l->items[order[i]];
		if (it->light == LIGHT_GREY)
			break;
		out(w, "<li><span class=\"light l-%a\">%h</span> %h前 · %s %d %h · 还缺 %h · ", light_key(it->light),
		    light_label(it->light), it->due, it->kind == DUE_TASK ? "任务" : "测评内容", it->no, it->title, it->missing);
		if (it->kind == DUE_CRITERION)
			out(w, "<a href=\"/units/%lld/criteria/%d\">去上传佐证、自评</a></li>", (long long)w->args[0], it->no);
		else
			out(w, "<a href=\"/units/%lld/due#u%lld-task-%lld\">去报完成</a></li>", (long long)w->args[0],
			    (long long)w->args[0], (long long)it->task_id);
		shown++;
	}
	free(order);
	out(w, "</ol>%s</div>", shown ? "" : "<p>没有未完成的事项。</p>");
	return true;
}

/* Unit U's assessed score rate by item (测评项目) as bars, from the rows
 * the sheet shows (US): the points of its assessor scores in the item over
 * the item's scored criteria it answers for. */
static void item_chart(struct web *w, int u, const struct unit_scores *us)
{
	const struct rubric *r = w->c.rubric;
	struct chart *ch = chart_bars("各测评项目测评得分率", 1000);
	for (int it = 0; it < r->nitems; it++) {
		const struct rubric_item *item = &r->items[it];
		int max = 0, points = 0, scored = 0, applies = 0;
		for (int d = item->first; d < item->first + item->count; d++) {
			const struct rubric_indicator *ind = &r->indicators[d];
			for (int k = ind->first; k < ind->first + ind->count; k++) {
				if (!rubric_applies(r, k, u))
					continue;
				const struct rubric_criterion *cr = &r->criteria[k];
				applies++;
				max += cr->kind == CRITERION_SCORED ? cr->points : 0;
				for (int p = cr->nparts ? 1 : 0; p <= cr->nparts; p++) {
					int ai = unit_scores_find(us, cr->no, p, SCORE_ASSESSOR);
					if (ai >= 0)
						points += us->row[ai].points, scored++;
				}
			}
		}
		if (!applies || !max)
			continue;
		char note[96], a[24], b[24], pct[24];
		int rate = score_percent(points, max);
		if (scored)
			snprintf(note, sizeof note, "%s/%s（%s%%）", points_format(points, a), points_format(max, b),
				 points_format1(rate, pct));
		else
			snprintf(note, sizeof note, "未测评（满分 %s）", points_format(max, b));
		chart_bar(ch, item->name, scored ? rate : 0, note);
	}
	html_chart(&w->res->body, ch, 720);
	chart_free(ch);
}

/* The unit's score sheet, the same for every reader who sees the same
 * assessor scores (US comes from web_unit_scores): its to-do box, the
 * table of criteria with self-assessed and assessed points, the totals.
 * False when the to-do box could not be read. */
static bool score_sheet(struct web *w, int u, const struct unit_scores *us)
{
	const struct rubric *r = w->c.rubric;
	bool whole = todo_box(w, u);
	int max = 0, self = 0, assessed = 0, todo = 0;
	/* the live evidence of each criterion, counted once for the sheet */
	struct evidence_list evl = {0};
	struct kp_error e = {0};
	int *files = xcalloc((size_t)r->ncriteria + 1, sizeof *files);
	if (evidence_list(w->s, w->c.units.ids[u], &evl, &e))
		whole = false;
	for (int i = 0; i < evl.n; i++) {
		int k = rubric_find(r, evl.row[i].criterion);
		if (k >= 0 && !evl.row[i].withdrawn)
			files[k]++;
	}
	evidence_list_free(&evl);
	out(w, "<table><thead><tr><th>序号</th><th>测评内容</th>"
	       "<th>分值</th><th>自评</th><th>佐证</th><th>测评</th>"
	       "<th>状态</th><th>完成时限</th></tr></thead><tbody>"); /* 序号 测评内容 分值 自评 佐证 测评 状态 完成时限 */
	for (int k = 0; k < r->ncriteria; k++) {
		if (!rubric_applies(r, k, u))
			continue;
		const struct rubric_criterion *cr = &r->criteria[k];
		max += cr->kind == CRITERION_SCORED ? cr->points : 0;
		for (int p = cr->nparts ? 1 : 0; p <= cr->nparts; p++) {
			int si = unit_scores_find(us, cr->no, p, SCORE_SELF), ai = unit_scores_find(us, cr->no, p, SCORE_ASSESSOR);
			if (si >= 0)
				self += us->row[si].points;
			else
				todo++;
			if (ai >= 0)
				assessed += us->row[ai].points;
			out(w, "<tr><td><a href=\"/units/%lld/criteria/%d\">%d", (long long)w->args[0], cr->no, cr->no);
			if (p)
				out(w, ".%d", p);
			out(w, "</a></td><td class=\"t\">%h</td><td class=\"n\">%P</td>", p ? cr->parts[p - 1].text : cr->text,
			    rubric_part_points(r, k, p));
			score_cell(w, us, si);
			if (p > 1) /* the criterion's files prove all its parts: said on its first */
				out(w, "<td class=\"n\">〃</td>");
			else if (files[k])
				out(w, "<td class=\"n\"><a href=\"/units/%lld/criteria/%d\">%d 份</a></td>", (long long)w->args[0],
				    cr->no, files[k]);
			else
				out(w, "<td class=\"n\"><a class=\"late\" href=\"/units/%lld/criteria/%d\">未上传</a></td>",
				    (long long)w->args[0], cr->no);
			score_cell(w, us, ai);
			out(w, "<td class=\"s\">");
			badge(w, ai >= 0 ? score_state_label(us->row[ai].state) : "未开始");
			out(w, "</td><td class=\"d\">%h</td></tr>\n", r->indicators[cr->indicator].deadline_text);
		}
	}
	free(files);
	out(w, "</tbody></table><p>满分 %P \xc2\xb7 自评合计 %P \xc2\xb7 "
	       "测评合计 %P \xc2\xb7 待自评 %d 项</p>",
	    max, self, assessed, todo); /* 满分 自评合计 测评合计 待自评 项 */
	item_chart(w, u, us);
	return whole;
}

int get_unit(struct web *w)
{
	int u = web_unit(w, w->args[0]);
	struct kp_error e = {0};
	struct web_memo *m = web_unit_memo(w, u, &e);
	const struct unit_scores *us = NULL;
	/* the sheet kept for what this reader may see of the assessor scores */
	int floor = web_assessor_floor(w);
	struct strbuf *sheet = m ? &m->sheet[floor] : NULL;
	if (!m || (!sheet->len && !(us = web_unit_scores(w, u, &e))))
		return web_fail(w, &e);
	char title[300];
	snprintf(title, sizeof title, "%s 测评表", w->c.units.names[u]);
	page_begin(w, title);
	char base[64];
	snprintf(base, sizeof base, "/units/%lld/sheet", (long long)w->args[0]);
	paper_links(w, base, NULL);
	int sub;
	char reason[512];
	submissions_get(w->s, &w->c, u, &sub, reason, &e);
	if (sub == SUBMISSION_RETURNED) /* the first thing the clerk must read */
		out(w, "<div class=\"notice returned\" role=\"alert\"><b>自评已被办公室退回</b>，请按退回原因修改后重新提交。"
		       "<br>退回原因：%h</div>",
		    reason);
	static const char *const unit_fields[] = {"reason", NULL};
	web_form_errors(w, unit_fields);
	struct strbuf *body = &w->res->body;
	if (sheet->len) { /* rendered by an earlier request, nothing changed since */
		sb_add(body, sheet->s, sheet->len);
	} else {
		size_t start = body->len;
		if (score_sheet(w, u, us))
			sb_add(sheet, body->s + start, body->len - start);
	}
	if (floor > SCORE_DRAFT) /* a unit's clerk: say why assessor scores may be missing */
		out(w, "<p><small>%s</small></p>", floor == SCORE_FINAL ? "测评分数经办公室确认后显示" : "测评分数经测评人员提交后显示");
	out(w, "<h2>自评提交</h2><p>状态：<span id=\"submission\" class=\"badge %a\">%h</span>",
	    badge_tone(submissions_label(sub)), submissions_label(sub)); /* 自评提交 状态： */
	if (sub == SUBMISSION_RETURNED)
		out(w, " \xc2\xb7 退回原因：%h", reason);
	out(w, "</p>");
	if (web_param(w->req->query, w->req->nquery, "submitted") && sub == SUBMISSION_SUBMITTED)
		out(w, "<p class=\"ok\" role=\"status\">自评已提交，等待办公室审核。</p>");
	if (sub != SUBMISSION_SUBMITTED && may_self_assess(w))
		out(w, "<p><a class=\"button\" href=\"/units/%lld/submit\">提交自评…</a></p>", (long long)w->args[0]);
	if (sub == SUBMISSION_SUBMITTED && w->who.role == ROLE_ADMIN) {
		out(w, "<form method=\"post\" action=\"/units/%lld/return\">", (long long)w->args[0]);
		csrf_field(w);
		out(w, "<label>退回原因 <input name=\"reason\" required size=\"40\" value=\"%a\"></label>",
		    web_typed(w, "reason", "")); /* 退回原因 */
		web_field_error(w, "reason");
		out(w, " <button type=\"submit\">退回</button></form>"); /* 退回 */
	}
	if (may_self_assess(w) && w->who.role == ROLE_UNIT)
		out(w, "<p class=\"noprint\"><a href=\"/units/%lld/template.xlsx\">下载自评填报表（Excel）</a></p>",
		    (long long)w->args[0]);
	if (w->who.role == ROLE_ADMIN)
		out(w, "<p class=\"noprint\">填报表（Excel）：<a href=\"/units/%lld/template.xlsx?kind=self\">自评</a> · "
		       "<a href=\"/units/%lld/template.xlsx\">测评</a></p>",
		    (long long)w->args[0], (long long)w->args[0]);
	if (may_score(w)) {
		if (w->who.role == ROLE_ASSESSOR)
			out(w, "<p class=\"noprint\"><a href=\"/units/%lld/template.xlsx\">下载测评填报表（Excel）</a></p>",
			    (long long)w->args[0]);
		out(w, "<h2 class=\"noprint\">测评</h2><p class=\"noprint\"><a href=\"/units/%lld/scoring\">测评打分表（整张打分）</a></p>"
		       "<form method=\"post\" action=\"/units/%lld/scores/submit\">", (long long)w->args[0], (long long)w->args[0]);
		csrf_field(w);
		out(w, "<button type=\"submit\">提交测评分数</button></form>");
	}
	if (w->who.role == ROLE_ADMIN) {
		out(w, "<form method=\"post\" action=\"/units/%lld/finalize\">", (long long)w->args[0]);
		csrf_field(w);
		out(w, "<button type=\"submit\">确认已提交的测评分数</button></form>");
	}
	out(w, "<p class=\"noprint\"><a href=\"/units/%lld/cases\">督办整改</a></p>", (long long)w->args[0]); /* supervision cases */
	if (w->who.role == ROLE_ADMIN || w->who.role == ROLE_UNIT) /* the unit's files as one zip */
		out(w, "<p class=\"noprint\"><a href=\"/units/%lld/package\">下载迎检材料</a>（本单位，zip）</p>", (long long)w->args[0]);
	page_end(w);
	return 0;
}

/* The criterion page's way back to unit U's sheet (and grid, for who
 * scores) and to the criteria before and after K that U answers for. */
static void criterion_nav(struct web *w, int u, int k)
{
	const struct rubric *r = w->c.rubric;
	long long id = (long long)w->args[0];
	int prev = k - 1, next = k + 1;
	while (prev >= 0 && !rubric_applies(r, prev, u))
		prev--;
	while (next < r->ncriteria && !rubric_applies(r, next, u))
		next++;
	out(w, "<p class=\"noprint\"><a href=\"/units/%lld\">返回本单位测评表</a>", id);
	if (may_score(w))
		out(w, " · <a href=\"/units/%lld/scoring\">测评打分表</a>", id);
	if (prev >= 0)
		out(w, " · <a rel=\"prev\" href=\"/units/%lld/criteria/%d\">上一项（%d）</a>", id, r->criteria[prev].no,
		    r->criteria[prev].no);
	if (next < r->ncriteria)
		out(w, " · <a rel=\"next\" href=\"/units/%lld/criteria/%d\">下一项（%d）</a>", id, r->criteria[next].no,
		    r->criteria[next].no);
	out(w, "</p>");
}

int get_criterion(struct web *w)
{
	const struct rubric *r = w->c.rubric;
	int u = web_unit(w, w->args[0]);
	int k = rubric_find(r, (int)w->args[1]);
	if (k < 0 || !rubric_applies(r, k, u))
		return web_error(w, 404, "该单位没有这条测评内容");
	const struct rubric_criterion *cr = &r->criteria[k];
	const struct rubric_indicator *ind = &r->indicators[cr->indicator];
	struct kp_error e = {0};
	const struct unit_scores *us = web_unit_scores(w, u, &e);
	if (!us)
		return web_fail(w, &e);
	char title[300];
	snprintf(title, sizeof title, "%s \xc2\xb7 测评内容 %d", w->c.units.names[u], cr->no);
	page_begin(w, title);
	criterion_nav(w, u, k);
	out(w, "<p>%h → %h</p><p class=\"text\">%h</p><p>分值 %P \xc2\xb7 "
	       "测评方法 ",
	    r->items[ind->item].name, ind->name, cr->text, cr->points); /* 分值 测评方法 */
	for (int m = 0; m < ind->nmethods; m++)
		out(w, "%s%h", m ? "、" : "", ind->methods[m]);
	out(w, " \xc2\xb7 完成时限 %h</p>", ind->deadline_text);
	if (w->req->nquery && web_param(w->req->query, w->req->nquery, "saved"))
		out(w, "<p class=\"ok\">已保存</p>");
	int sub;
	submissions_get(w->s, &w->c, u, &sub, NULL, &e);
	bool may_upload = may_self_assess(w) && sub != SUBMISSION_SUBMITTED;
	if (w->refused) { /* a refused score form: its message (made by post_scores) above the forms */
		const char *f = w->refused->field;
		if (!strcmp(f, "self") || !strcmp(f, "score"))
			out(w, "<p class=\"error\" role=\"alert\">未保存：%h</p>", w->refused->msg);
		else if ((strcmp(f, "file") && strcmp(f, "file_name")) || !may_upload) /* else said beside the upload */
			web_form_errors(w, NULL);
	}
	out(w, "<table><tr><th>部分</th><th>分值</th><th>自评</th>"
	       "<th>自评说明</th><th>测评</th><th>状态</th>"
	       "<th>评分人</th><th>测评意见</th></tr>"); /* 部分 分值 自评 自评说明 测评 状态 评分人 测评意见 */
	for (int p = cr->nparts ? 1 : 0; p <= cr->nparts; p++) {
		int si = unit_scores_find(us, cr->no, p, SCORE_SELF), ai = unit_scores_find(us, cr->no, p, SCORE_ASSESSOR);
		out(w, "<tr><td>%h</td><td class=\"n\">%P</td>", p ? cr->parts[p - 1].text : "全部",
		    rubric_part_points(r, k, p));
		score_cell(w, us, si);
		out(w, "<td>%h</td>", si >= 0 ? us->row[si].comment : "");
		score_cell(w, us, ai);
		out(w, "<td class=\"s\">");
		badge(w, ai >= 0 ? score_state_label(us->row[ai].state) : "未开始");
		out(w, "</td><td>%h</td><td>%h</td></tr>", ai >= 0 ? us->row[ai].by : "", ai >= 0 ? us->row[ai].comment : "");
	}
	out(w, "</table>");
	/* Evidence (佐证材料) for this criterion. */
	out(w, "<h2>佐证材料</h2><table><tr><th>文件</th>"
	       "<th>大小</th><th>上传人</th><th>时间</th>"
	       "<th></th></tr>"); /* 佐证材料 文件 大小 上传人 时间 */
	struct evidence_list evl = {0};
	evidence_list(w->s, w->args[0], &evl, &e);
	int files = 0;
	for (int i = 0; i < evl.n; i++) {
		const struct evidence_row *ev = &evl.row[i];
		if (ev->criterion != cr->no)
			continue;
		bool withdrawn = ev->withdrawn;
		files++;
		out(w, "<tr><td>");
		if (withdrawn)
			out(w, "<s>%h</s> <span class=\"badge b-grey\">已撤回</span>", ev->file_name);
		else
			out(w, "<a href=\"/units/%lld/evidence/%lld\">%h</a>", (long long)w->args[0], (long long)ev->id,
			    ev->file_name);
		if (ev->late)
			out(w, " <span class=\"badge b-red\">逾期提交</span>");
		if (!strcmp(ev->type, "image/heic"))
			out(w, " <small>（苹果手机照片 HEIC 格式，部分浏览器不能直接显示，下载后查看）</small>");
		out(w, "</td><td class=\"n\">%lld KB</td><td>%h</td><td>%h</td><td>", (long long)((ev->size + 1023) / 1024),
		    ev->uploaded_by, web_time(w, ev->uploaded_at).s);
		if (!withdrawn && may_self_assess(w) && sub != SUBMISSION_SUBMITTED) {
			out(w, "<form method=\"post\" action=\"/units/%lld/evidence/%lld/withdraw\">", (long long)w->args[0],
			    (long long)ev->id);
			csrf_field(w);
			out(w, "<button type=\"submit\">撤回</button></form>");
		}
		out(w, "</td></tr>");
	}
	evidence_list_free(&evl);
	out(w, "</table>");
	if (!files)
		out(w, "<p class=\"late\">尚无佐证材料</p>");
	ledger_criterion_block(w, u, cr->no); /* 台账记录 that prove it */
	if (may_upload) {
		out(w, "<form method=\"post\" enctype=\"multipart/form-data\" action=\"/units/%lld/criteria/%d/evidence\">",
		    (long long)w->args[0], cr->no);
		csrf_field(w);
		web_upload_field(w, UPLOAD_FILES, "上传", false);
		out(w, "</form>");
	}
	/* Forms: one input per part, for who may use them. */
	for (int kind = 0; kind < 2 && cr->kind != CRITERION_VETO; kind++) {
		if ((kind == SCORE_SELF && (!may_self_assess(w) || sub == SUBMISSION_SUBMITTED)) ||
		    (kind == SCORE_ASSESSOR && !may_score(w)))
			continue;
		out(w, "<h2>%s</h2><form method=\"post\" action=\"/units/%lld/criteria/%d/%s\">",
		    kind == SCORE_SELF ? "自评" : "测评打分", /* 自评 / 测评打分 */
		    (long long)w->args[0], cr->no, kind == SCORE_SELF ? "self" : "score");
		csrf_field(w);
		/* the form that was refused keeps what was typed; the other its stored values */
		const struct kp_error *refused = w->refused;
		if (!refused || strcmp(refused->field, kind == SCORE_SELF ? "self" : "score"))
			w->refused = NULL;
		for (int p = cr->nparts ? 1 : 0; p <= cr->nparts; p++) {
			int i = unit_scores_find(us, cr->no, p, kind);
			char cur[24] = "", name[24];
			if (i >= 0)
				points_format(us->row[i].points, cur);
			snprintf(name, sizeof name, "points%d", p);
			out(w, "<label>%h (0–%P) <input name=\"%a\" inputmode=\"decimal\" size=\"5\" value=\"%a\"></label> ",
			    p ? cr->parts[p - 1].text : "得分", rubric_part_points(r, k, p), name, web_typed(w, name, cur));
		}
		out(w, "<label>%s <input name=\"comment\" size=\"40\" value=\"%a\"></label>",
		    kind == SCORE_SELF ? "说明" : "意见", web_typed(w, "comment", "")); /* 说明 / 意见 */
		if (kind == SCORE_ASSESSOR && w->who.role == ROLE_ADMIN)
			out(w, " <label>更正原因 <input name=\"reason\" size=\"30\" "
			       "placeholder=\"仅更正已确认分数时填\"></label>"); /* 更正原因 仅更正已确认分数时填 */
		out(w, " <button type=\"submit\">保存</button></form>");
		w->refused = refused;
	}
	page_end(w);
	return 0;
}

/* Appends the refusal ER of a score to B in Chinese. */
static void score_refusal_zh(const struct web *w, const struct score_input *in, const struct score_row_error *er,
			     struct strbuf *b)
{
	const char *unit = in->unit >= 0 && in->unit < w->c.units.n ? w->c.units.names[in->unit] : "";
	char a[24], lo[24], hi[24];
	if (b->len)
		sb_adds(b, "；");
	switch (er->problem) {
	case SCORE_E_NOT_APPLICABLE: /* 第N条测评内容不适用于X */
		sb_addf(b, "第%s条测评内容不适用于%s", er->ref, unit);
		break;
	case SCORE_E_NEEDS_PART: /* 第N条分部分打分 */
	case SCORE_E_NO_SUCH_PART: /* 第N条没有这一部分 */
		sb_addf(b, er->problem == SCORE_E_NEEDS_PART ? "第%s条分部分打分"
			: "第%s条没有这一部分", er->ref);
		break;
	case SCORE_E_VETO_POINTS: /* 第N条是一票否决项，不计分 */
	case SCORE_E_NOT_VETO:    /* 第N条不是一票否决项 */
		sb_addf(b, er->problem == SCORE_E_VETO_POINTS ? "第%s条是一票否决项，不计分"
			: "第%s条不是一票否决项", er->ref);
		break;
	case SCORE_E_OUT_OF_RANGE: /* 第N条的得分 X 超出范围 lo–hi */
		sb_addf(b, "第%s条的得分 %s 超出范围 %s–%s",
			er->ref, points_format(in->points, a), points_format(er->lo, lo), points_format(er->hi, hi));
		break;
	case SCORE_E_FROZEN: /* X已提交自评，办公室退回后才能修改 */
		sb_addf(b, "%s已提交自评，办公室退回后才能修改", unit);
		break;
	case SCORE_E_RECUSED: /* 回避：X是您的本单位，测评人员不给本单位打分 */
		sb_addf(b, "回避：%s是您的本单位，测评人员不给本单位打分", unit);
		break;
	case SCORE_E_FINAL: /* 第N条的分数已确认，只能由办公室填写更正原因后更正 */
		sb_addf(b, "第%s条的分数已确认，只能由办公室填写更正原因后更正", er->ref);
		break;
	case SCORE_E_NOT_FINAL: /* 第N条的分数尚未确认，不需要更正原因 */
		sb_addf(b, "第%s条的分数尚未确认，不需要更正原因", er->ref);
		break;
	case SCORE_E_DUPLICATE: /* 第N条重复打分 */
		sb_addf(b, "第%s条重复打分", er->ref);
		break;
	case SCORE_E_NO_SCORER: /* 未说明评分人 */
		sb_adds(b, "未说明评分人");
		break;
	default: /* 无法保存这项分数 */
		sb_adds(b, "无法保存这项分数");
	}
}

/* Saves the points of every part posted for kind KIND: all of them in one
 * batch, or none when any is refused. */
static int post_scores(struct web *w, int kind)
{
	const struct rubric *r = w->c.rubric;
	int u = web_unit(w, w->args[0]);
	int k = rubric_find(r, (int)w->args[1]);
	if (k < 0 || !rubric_applies(r, k, u))
		return web_error(w, 404, "该单位没有这条测评内容");
	const struct rubric_criterion *cr = &r->criteria[k];
	const char *comment = web_form(w, "comment");
	const char *reason = kind == SCORE_ASSESSOR && w->who.role == ROLE_ADMIN ? web_form(w, "reason") : NULL;
	struct score_input *rows = xcalloc((size_t)cr->nparts + 1, sizeof *rows);
	struct strbuf msg = {0};
	struct score_result res = {0};
	struct kp_error e = {0};
	int n = 0, rc = 0;
	for (int p = cr->nparts ? 1 : 0; p <= cr->nparts; p++) {
		char field[24];
		snprintf(field, sizeof field, "points%d", p);
		const char *v = web_form(w, field);
		if (!v || !*v)
			continue;
		struct score_input *in = &rows[n++];
		*in = (struct score_input){.unit = u, .criterion = k, .part = p, .kind = kind, .by = w->who.display,
					   .comment = comment ? comment : "", .detail = "",
					   .reason = reason && *reason ? reason : NULL, .scorer_unit = w->who.unit_id};
		if (points_parse(v, &in->points) < 0) {
			if (msg.len)
				sb_adds(&msg, "；");
			int quoted = (int)strnlen(v, 60); /* at most 60 bytes, never half a character */
			while (quoted > 0 && ((unsigned char)v[quoted] & 0xc0) == 0x80)
				quoted--;
			sb_addf(&msg, "得分 \"%.*s\" 不是最多一位小数的分数", quoted, v); /* 得分 "x" 不是最多一位小数的分数 */
		}
	}
	/* a refusal is shown on the criterion's page again, in the form that
	 * was sent, with what was typed: its message (Chinese, made here) is
	 * carried as the refusal of the form ("self" or "score") */
	struct kp_error said = {0};
	const char *form = kind == SCORE_SELF ? "self" : "score";
	if (!n) {
		kp_fail_at(&said, KP_EINPUT, KP_R_REQUIRED, form, 0, 0, "请填写得分");
		rc = web_refuse(w, &said, get_criterion);
		goto out;
	}
	if (msg.len) { /* a part that is not a number: nothing is saved */
		kp_fail_at(&said, KP_EINPUT, KP_R_FORMAT, form, 0, 0, "%s", sb_str(&msg));
		rc = web_refuse(w, &said, get_criterion);
		goto out;
	}
	struct score_batch b = {.rows = rows, .count = n};
	if (scores_apply(w->s, &w->c, &b, &res, &e)) {
		if (e.code != KP_EINPUT || !res.nlisted) {
			rc = web_fail(w, &e);
			goto out;
		}
		for (int i = 0; i < res.nlisted; i++)
			score_refusal_zh(w, &rows[res.errors[i].index], &res.errors[i], &msg);
		kp_fail_at(&said, KP_EINPUT, KP_R_NONE, form, 0, 0, "%s", sb_str(&msg));
		rc = web_refuse(w, &said, get_criterion);
		goto out;
	}
	struct strbuf loc = {0};
	html_printf(&loc, "/units/%lld/criteria/%d?saved=1", (long long)w->args[0], cr->no);
	web_redirect(w, sb_str(&loc));
	sb_free(&loc);
out:
	scores_result_free(&res);
	sb_free(&msg);
	free(rows);
	return rc;
}

int post_self(struct web *w)
{
	return post_scores(w, SCORE_SELF);
}

int post_score(struct web *w)
{
	return post_scores(w, SCORE_ASSESSOR);
}

