/* papers.c — the office's papers from the domain's rows (papers.h). */
#include "papers/papers.h"

#include <stdlib.h>
#include <string.h>

#include "core/light.h"
#include "core/rule.h"
#include "core/score.h"
#include "domain/settings.h"

int papers_format_parse(const char *s, enum paper_format *f)
{
	if (!strcmp(s, "xlsx"))
		*f = PAPER_XLSX;
	else if (!strcmp(s, "pdf"))
		*f = PAPER_PDF;
	else
		return -1;
	return 0;
}

const char *papers_suffix(enum paper_format f)
{
	return f == PAPER_XLSX ? ".xlsx" : ".pdf";
}

const char *papers_mime(enum paper_format f)
{
	return f == PAPER_XLSX ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			       : "application/pdf";
}

int papers_write(const struct doc *d, enum paper_format f, FILE *out, struct kp_error *e)
{
	return f == PAPER_XLSX ? doc_write_xlsx(d, out, e) : doc_write_pdf(d, out, e);
}

int papers_office_load(store *s, const struct campaign *c, struct paper_office *o, struct kp_error *e)
{
	memset(o, 0, sizeof *o);
	if (settings_get_text(s, c->id, "paper_office", &o->office, e) ||
	    settings_get_text(s, c->id, "paper_contact", &o->contact, e) ||
	    settings_get_text(s, c->id, "paper_phone", &o->phone, e) ||
	    settings_get_text(s, c->id, "paper_number_reminder", &o->number_reminder, e) ||
	    settings_get_text(s, c->id, "paper_number_case", &o->number_case, e)) {
		papers_office_free(o);
		return e->code;
	}
	if (!*o->office) {
		free(o->office);
		o->office = c->group_name && *c->group_name ? xasprintf("%s办公室", c->group_name)
							    : xstrdup(c->office_name ? c->office_name : "");
	}
	o->today = campaign_today(c);
	return 0;
}

void papers_office_free(struct paper_office *o)
{
	free(o->office), free(o->contact), free(o->phone);
	free(o->number_reminder), free(o->number_case), free(o->today);
	memset(o, 0, sizeof *o);
}

char *papers_number(const char *pattern, int year, long long no)
{
	struct strbuf b = {0};
	for (const char *p = pattern; *p;) {
		if (!strncmp(p, "{年}", strlen("{年}"))) {
			sb_addf(&b, "%d", year);
			p += strlen("{年}");
		} else if (!strncmp(p, "{号}", strlen("{号}"))) {
			sb_addf(&b, "%lld", no);
			p += strlen("{号}");
		} else {
			sb_addc(&b, *p++);
		}
	}
	char *r = xstrdup(sb_str(&b));
	sb_free(&b);
	return r;
}

const char *papers_date_cn(const char *day, char *buf, size_t size)
{
	int y, m, d;
	char tail;
	if (!day || sscanf(day, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return buf[0] = 0, buf;
	snprintf(buf, size, "%d年%d月%d日", y, m, d);
	return buf;
}

/* ---- shared pieces ---- */

static void contact_line(struct doc *d, const struct paper_office *o)
{
	if ((o->contact && *o->contact) || (o->phone && *o->phone))
		doc_para(d, doc_printf(d, "联系人：%s，联系电话：%s。", o->contact, o->phone), false);
}

/* A ruled space for the unit to write its reply in, headed TITLE. */
static void reply_box(struct doc *d, const char *title)
{
	static const struct doc_column col[] = {{NULL, 30, true}};
	struct doc_column c = col[0];
	c.header = title;
	struct doc_table *t = doc_table(d, title, &c, 1);
	struct doc_cell blank[] = {{CELL_TEXT, "\n\n\n\n\n", 0, FILL_NONE, 0}};
	doc_row(d, t, blank);
}

/* The issuer and the day (YYYY-MM-DD) at the foot of a paper. */
static void dated(struct doc *d, const struct paper_office *o, const char *today)
{
	char day[32];
	doc_para_right(d, o->office);
	doc_para_right(d, papers_date_cn(today, day, sizeof day));
}

static struct doc *paper(const struct campaign *c, const struct paper_office *o, const char *title, const char *subtitle)
{
	struct doc *d = doc_new(title);
	doc_set_author(d, o->office);
	doc_set_footer(d, c->title);
	struct doc_heading h = {.office = o->office, .title = title, .subtitle = subtitle};
	doc_heading(d, &h);
	return d;
}

/* What a report counts, said once for every paper that carries numbers. */
static const char *counting(const struct report_options *ro)
{
	if (ro->kind == SCORE_SELF)
		return "计分口径：各单位自评分数。";
	if (ro->min_state == SCORE_FINAL)
		return "计分口径：仅办公室确认的测评分数。";
	return "计分口径：已提交和已确认的测评分数，草稿不计。";
}

#define CELL(t, s, v) ((struct doc_cell){(t), (s), (v), FILL_NONE, 0})
#define TEXT(s) CELL(CELL_TEXT, (s), 0)
#define INT(v) CELL(CELL_INT, NULL, (v))
#define POINTS(v) CELL(CELL_POINTS, NULL, (v))
#define PERCENT(v) CELL(CELL_PERCENT, NULL, (v))
#define EMPTY CELL(CELL_NULL, NULL, 0)

/* ---- 测评表 ---- */

static void unit_sheet(struct doc *d, const struct campaign *c, const struct report_sheet *sh,
		       const struct report_options *ro, const struct paper_office *o);

struct doc *papers_unit_sheet(const struct campaign *c, const struct report_sheet *sh, const struct report_options *ro,
			      const struct paper_office *o)
{
	struct doc *d = doc_new("测评表");
	doc_set_author(d, o->office);
	doc_set_footer(d, c->title);
	unit_sheet(d, c, sh, ro, o);
	d->title = doc_printf(d, "%s测评表", c->units.names[sh->unit]);
	return d;
}

static void unit_sheet(struct doc *d, const struct campaign *c, const struct report_sheet *sh,
			   const struct report_options *ro, const struct paper_office *o)
{
	const struct rubric *r = c->rubric;
	const char *unit = c->units.names[sh->unit];
	struct doc_heading h = {.office = o->office, .title = ro->kind == SCORE_SELF ? "自评表" : "测评表", .subtitle = c->title};
	doc_heading(d, &h);
	char a[24], b[24], p[24], q[24];
	struct doc_field f[] = {
		{"被测评单位", unit},
		{"得分", sh->complete ? doc_printf(d, "%s / %s（%s%%）", points_format(sh->total, a),
						 points_format(sh->maximum, b), points_format1(sh->percent, p))
				    : doc_printf(d, "未完成测评（满分 %s）", points_format(sh->maximum, b))},
		{"等级", sh->grade ? sh->grade : sh->scored ? "未完成测评" : "未评"},
		{"自评", points_format(sh->self_total, q)},
		{"已评", doc_printf(d, "%d / %d", sh->scored, sh->of)},
	};
	doc_fields(d, f, 5);
	if (sh->vetoed)
		doc_para(d, "一票否决：有否决事项成立，等级为最低一档。", false);
	static const struct doc_column cols[] = {
		{"序号", 3, false}, {"测评内容", 22, true}, {"分值", 3, false}, {"自评", 3, false},
		{"得分", 3, false}, {"状态", 4, false},     {"评分人", 5, false}, {"备注", 9, true},
	};
	struct doc_table *t = doc_table(d, "测评表", cols, 8);
	int item = -1, ind = -1;
	for (int i = 0; i < sh->n; i++) {
		const struct sheet_row *x = &sh->rows[i];
		const struct rubric_criterion *cr = &r->criteria[x->criterion];
		const struct rubric_indicator *in = &r->indicators[cr->indicator];
		if (in->item != item) {
			item = in->item;
			const struct rubric_item *it = &r->items[item];
			doc_group(d, t, 1, doc_printf(d, "%d. %s（%s分）", it->no, it->name, points_format(it->points, a)));
		}
		if (cr->indicator != ind) {
			ind = cr->indicator;
			doc_group(d, t, 2, doc_printf(d, "%s（%s分）", in->name, points_format(in->points, a)));
		}
		struct doc_cell cells[] = {
			TEXT(x->part ? doc_printf(d, "%d.%d", x->no, x->part) : doc_printf(d, "%d", x->no)),
			TEXT(x->veto ? doc_printf(d, "【一票否决】%s", x->text) : x->text),
			x->veto ? TEXT("否决项") : POINTS(x->max),
			x->has_self ? POINTS(x->self) : EMPTY,
			x->has_assessor ? (x->veto ? TEXT(x->vetoed ? "否决" : "未否决") : POINTS(x->assessor)) : EMPTY,
			x->has_assessor ? TEXT(x->draft ? "草稿（不计）" : score_state_label(x->state)) : TEXT("未评"),
			TEXT(x->by),
			TEXT(x->comment),
		};
		if (x->vetoed)
			cells[4].fill = FILL_RED;
		doc_row(d, t, cells);
	}
	struct doc_cell total[] = {
		TEXT("合计"), TEXT(sh->grade ? doc_printf(d, "等级：%s", sh->grade) : "未完成测评"), POINTS(sh->maximum),
		POINTS(sh->self_total), sh->complete ? POINTS(sh->total) : EMPTY, EMPTY, EMPTY, EMPTY,
	};
	doc_total(d, t, total);
	doc_para(d, counting(ro), false);
	struct doc_field sign[] = {{"测评人", ""}, {"审核人", ""}, {"被测评单位（盖章）", ""}, {"日期", "    年  月  日"}};
	doc_sign(d, sign, 4);
}

/* ---- the score sheet to fill in ---- */

struct doc *papers_score_template(const struct campaign *c, const struct report_sheet *sheets, int n, bool self)
{
	struct doc *d = doc_new(self ? "自评分数填报表" : "测评分数填报表");
	/* no heading: the header is the sheet's first row, as score import reads it */
	static const struct doc_column cols[] = {
		{"单位", 8, true}, {"序号", 3, false}, {"测评内容", 26, true}, {"分值", 3, false}, {"得分", 3, false},
		{"备注", 10, true},
	};
	struct doc_table *t = doc_table(d, self ? "自评" : "测评", cols, 6);
	for (int i = 0; i < n; i++) {
		const struct report_sheet *sh = &sheets[i];
		for (int k = 0; k < sh->n; k++) {
			const struct sheet_row *x = &sh->rows[k];
			bool has = self ? x->has_self : x->has_assessor;
			int pts = self ? x->self : x->assessor;
			struct doc_cell cells[] = {
				TEXT(c->units.names[sh->unit]),
				TEXT(x->part ? doc_printf(d, "%d.%d", x->no, x->part) : doc_printf(d, "%d", x->no)),
				TEXT(x->veto ? doc_printf(d, "【一票否决，填“是”或“否”】%s", x->text) : x->text),
				x->veto ? TEXT("否决项") : POINTS(x->max),
				!has ? EMPTY : x->veto ? TEXT(x->vetoed ? "是" : "否") : POINTS(pts),
				TEXT(self ? "" : x->comment),
			};
			doc_row(d, t, cells);
		}
	}
	return d;
}

/* ---- 汇总排名 ---- */

static void grade_bands(struct chart *ch, const struct rubric *r)
{
	for (int g = r->ngrades - 1; g >= 0; g--)
		chart_band(ch, r->grades[g].min, r->grades[g].name);
}

/* The ranking chart shows at most this many units; a province's ranking is
 * read in the table. */
#define CHART_MAX_BARS 60

struct doc *papers_ranking(const struct campaign *c, const struct unit_result *res, int n,
			   const struct report_options *ro, const struct paper_office *o)
{
	struct doc *d = paper(c, o, ro->kind == SCORE_SELF ? "自评排名" : "汇总排名", c->title);
	char day[32];
	doc_para(d, doc_printf(d, "%s截至%s。", counting(ro), papers_date_cn(o->today, day, sizeof day)), false);
	int ranked = 0;
	for (int i = 0; i < n; i++)
		ranked += res[i].rank > 0;
	if (ranked > 0) {
		struct chart *ch = chart_bars(ranked > CHART_MAX_BARS ? doc_printf(d, "得分率（前 %d 名）", CHART_MAX_BARS)
								      : "得分率",
					      1000);
		grade_bands(ch, c->rubric);
		int shown = 0;
		for (int i = 0; i < n && shown < CHART_MAX_BARS; i++) {
			if (res[i].rank <= 0)
				continue;
			char p[24];
			chart_bar(ch, c->units.names[res[i].unit], res[i].percent,
				  doc_printf(d, "%s%% %s", points_format1(res[i].percent, p), res[i].grade ? res[i].grade : ""));
			shown++;
		}
		doc_chart(d, ch);
	}
	static const struct doc_column cols[] = {
		{"名次", 3, false}, {"单位", 12, true}, {"得分", 4, false}, {"满分", 4, false}, {"得分率", 4, false},
		{"等级", 5, false}, {"已评", 3, false}, {"应评", 3, false}, {"一票否决", 5, false},
	};
	struct doc_table *t = doc_table(d, ro->kind == SCORE_SELF ? "自评排名" : "汇总排名", cols, 9);
	for (int i = 0; i < n; i++) {
		const struct unit_result *x = &res[i];
		bool rk = x->rank > 0;
		struct doc_cell cells[] = {
			rk ? INT(x->rank) : EMPTY,
			TEXT(c->units.names[x->unit]),
			rk ? POINTS(x->points) : EMPTY,
			POINTS(x->max),
			rk && x->max ? PERCENT(x->percent) : EMPTY,
			TEXT(rk && x->max ? x->grade : x->entries > 0 ? "未完成测评" : "未评"),
			INT(x->entries),
			INT(x->slots),
			TEXT(x->vetoed ? "是" : ""),
		};
		if (x->vetoed)
			cells[8].fill = FILL_RED;
		doc_row(d, t, cells);
	}
	struct doc_field sign[] = {{"制表", ""}, {"审核", ""}};
	doc_sign(d, sign, 2);
	contact_line(d, o);
	return d;
}

/* ---- 全区汇总 ---- */

static void criterion_stat_row(struct doc *d, struct doc_table *t, const struct rubric *r, int k,
			       const struct criterion_stat *st)
{
	const struct rubric_criterion *cr = &r->criteria[k];
	bool any = st->scored > 0;
	struct doc_cell cells[] = {
		INT(cr->no),
		TEXT(r->indicators[cr->indicator].name),
		TEXT(cr->text),
		POINTS(cr->points),
		INT(st->responsible),
		INT(st->scored),
		any ? POINTS(st->mean) : EMPTY,
		any ? POINTS(st->min) : EMPTY,
		any ? POINTS(st->max) : EMPTY,
		any && cr->points ? PERCENT(st->percent) : EMPTY,
	};
	doc_row(d, t, cells);
}

static const struct doc_column stat_cols[] = {
	{"序号", 3, false}, {"测评指标", 7, true}, {"测评内容", 16, true}, {"分值", 3, false}, {"责任单位数", 4, false},
	{"已评", 3, false}, {"平均得分", 4, false}, {"最低", 3, false},    {"最高", 3, false}, {"得分率", 4, false},
};

struct doc *papers_district(const struct campaign *c, const struct report_district *dd, const struct report_options *ro,
			    const struct paper_office *o)
{
	struct doc *d = paper(c, o, "全区汇总", c->title);
	d->landscape = true;
	char a[24], b[24], p[24];
	struct doc_field f[] = {
		{"汇总得分", doc_printf(d, "%s / %s", points_format(dd->total, a), points_format(dd->maximum, b))},
		{"得分率", dd->complete ? doc_printf(d, "%s%%", points_format1(dd->percent, p)) : "未完成测评"},
		{"等级", dd->complete && dd->grade ? dd->grade : "未完成测评"},
		{"已评", doc_printf(d, "%d / %d", dd->scored, dd->of)},
	};
	doc_fields(d, f, 4);
	doc_para(d, doc_printf(d, "%s各测评内容取责任单位得分的平均值，合计为汇总得分。", counting(ro)), false);
	struct doc_table *t = doc_table(d, "全区汇总", stat_cols, 10);
	for (int k = 0; k < dd->n; k++)
		criterion_stat_row(d, t, c->rubric, k, &dd->stats[k]);
	struct doc_cell total[] = {
		TEXT("合计"), TEXT(dd->complete && dd->grade ? dd->grade : "未完成测评"), EMPTY, POINTS(dd->maximum),
		EMPTY, EMPTY, POINTS(dd->total), EMPTY, EMPTY, dd->complete ? PERCENT(dd->percent) : EMPTY,
	};
	doc_total(d, t, total);
	struct doc_field sign[] = {{"制表", ""}, {"审核", ""}};
	doc_sign(d, sign, 2);
	contact_line(d, o);
	return d;
}

/* ---- 测评内容得分情况 ---- */

struct chart *papers_rate_heatmap(const struct campaign *c, const struct report_criteria *rc, int max_units)
{
	const struct rubric *r = c->rubric;
	if (!rc->points || rc->nunits == 0 || rc->nunits > max_units)
		return NULL;
	const char **rows = xcalloc((size_t)rc->nunits + 1, sizeof *rows);
	const char **cols = xcalloc((size_t)r->ncriteria + 1, sizeof *cols);
	char **nos = xcalloc((size_t)r->ncriteria + 1, sizeof *nos);
	for (int u = 0; u < rc->nunits; u++)
		rows[u] = c->units.names[u];
	for (int k = 0; k < r->ncriteria; k++)
		cols[k] = nos[k] = xasprintf("%d", r->criteria[k].no);
	struct chart *ch = chart_heatmap("各单位各测评内容得分率（%）", rows, rc->nunits, cols, r->ncriteria);
	for (int u = 0; u < rc->nunits; u++)
		for (int k = 0; k < r->ncriteria; k++) {
			int pts = rc->points[(size_t)u * (size_t)r->ncriteria + (size_t)k];
			if (pts >= 0 && r->criteria[k].points > 0 && rubric_applies(r, k, u))
				chart_set(ch, u, k, CHART_RATE, (int)((pts * 1000L + r->criteria[k].points / 2) / r->criteria[k].points));
		}
	for (int k = 0; k < r->ncriteria; k++)
		free(nos[k]);
	free(nos), free(rows), free(cols);
	return ch;
}

struct doc *papers_criteria(const struct campaign *c, const struct report_criteria *rc,
			    const struct report_options *ro, const struct paper_office *o)
{
	const struct rubric *r = c->rubric;
	struct doc *d = paper(c, o, "测评内容得分情况", c->title);
	d->landscape = true;
	doc_para(d, doc_printf(d, "%s%s", counting(ro), ro->by_percent ? "按得分率从低到高排列。" : "按测评内容序号排列。"),
		 false);
	struct chart *ch = chart_bars("各测评内容得分率", 1000);
	for (int i = 0; i < rc->n && i < CHART_MAX_BARS; i++) {
		int k = rc->order[i];
		const struct criterion_stat *st = &rc->stats[k];
		char p[24];
		if (st->scored > 0 && r->criteria[k].points)
			chart_bar(ch, doc_printf(d, "%d", r->criteria[k].no), st->percent,
				  doc_printf(d, "%s%%", points_format1(st->percent, p)));
	}
	if (ch->nbars)
		doc_chart(d, ch);
	else
		chart_free(ch);
	struct chart *heat = papers_rate_heatmap(c, rc, CHART_MAX_BARS);
	if (heat)
		doc_chart(d, heat);
	struct doc_table *t = doc_table(d, "测评内容", stat_cols, 10);
	for (int i = 0; i < rc->n; i++)
		criterion_stat_row(d, t, r, rc->order[i], &rc->stats[rc->order[i]]);
	contact_line(d, o);
	return d;
}

/* ---- deadline lights and 催办单 ---- */

static enum doc_fill light_fill(enum light l)
{
	switch (l) {
	case LIGHT_RED: return FILL_RED;
	case LIGHT_YELLOW: return FILL_YELLOW;
	case LIGHT_GREEN: return FILL_GREEN;
	case LIGHT_GREY: return FILL_NONE;
	}
	return FILL_NONE;
}

/* 逾期 3 天, 今天到期, 剩余 5 天, 已完成. */
static const char *days_text(struct doc *d, const struct due_item *it)
{
	if (it->light == LIGHT_GREY)
		return "已完成";
	if (it->days < 0)
		return doc_printf(d, "逾期 %d 天", -it->days);
	if (it->days == 0)
		return "今天到期";
	return doc_printf(d, "剩余 %d 天", it->days);
}

/* A column of the lights grid: a task or a criterion by number. */
struct grid_col {
	int kind, no;
};

static int cmp_grid_col(const void *a, const void *b)
{
	const struct grid_col *x = a, *y = b;
	return x->kind != y->kind ? x->kind - y->kind : x->no - y->no;
}

struct doc *papers_due(const struct campaign *c, const struct due_list *l, const struct due_filter *f,
		       const struct paper_office *o)
{
	struct doc *d = paper(c, o, "工作进度红黄绿灯", c->title);
	d->landscape = true;
	char day[32];
	doc_para(d,
		 doc_printf(d, "截至%s。红：已逾期；黄：%d 天内到期；绿：按期推进；✓：已完成；空白：不适用。",
			    papers_date_cn(l->today, day, sizeof day), l->window),
		 false);
	/* the grids: units × the tasks, and units × the criteria, the filter shows */
	struct grid_col *gc = xcalloc((size_t)l->n + 1, sizeof *gc);
	for (int kind = DUE_TASK; kind <= DUE_CRITERION; kind++) {
		int ngc = 0;
		for (int i = 0; i < l->n; i++) {
			const struct due_item *it = &l->items[i];
			if (it->kind != (enum due_kind)kind || !due_shown(it, f))
				continue;
			bool seen = false;
			for (int j = 0; j < ngc && !seen; j++)
				seen = gc[j].no == it->no;
			if (!seen)
				gc[ngc++] = (struct grid_col){kind, it->no};
		}
		if (ngc == 0 || ngc > 60)
			continue;
		qsort(gc, (size_t)ngc, sizeof *gc, cmp_grid_col);
		const char *what = kind == DUE_TASK ? "任务" : "测评内容";
		doc_para(d, doc_printf(d, "%s（列为%s序号）", what, what), false);
		struct doc_column *cols = xcalloc((size_t)ngc + 1, sizeof *cols);
		cols[0] = (struct doc_column){"单位", 8, true};
		for (int j = 0; j < ngc; j++)
			cols[j + 1] = (struct doc_column){doc_printf(d, "%d", gc[j].no), 2, false};
		struct doc_table *t = doc_table(d, doc_printf(d, "红黄绿灯（%s）", what), cols, ngc + 1);
		free(cols);
		struct doc_cell *cells = xcalloc((size_t)ngc + 1, sizeof *cells);
		for (int i = 0; i < l->n;) {
			int u = l->items[i].unit;
			bool any = false;
			cells[0] = TEXT(c->units.names[u]);
			for (int j = 0; j < ngc; j++)
				cells[j + 1] = EMPTY;
			for (; i < l->n && l->items[i].unit == u; i++) {
				const struct due_item *it = &l->items[i];
				if (it->kind != (enum due_kind)kind || !due_shown(it, f))
					continue;
				struct grid_col k = {kind, it->no};
				struct grid_col *hit = bsearch(&k, gc, (size_t)ngc, sizeof *gc, cmp_grid_col);
				if (!hit)
					continue;
				static const char *const mark[] = {"✓", "绿", "黄", "红"};
				struct doc_cell *cell = &cells[1 + (hit - gc)];
				*cell = TEXT(mark[it->light]);
				cell->fill = (unsigned char)light_fill(it->light);
				any = true;
			}
			if (any)
				doc_row(d, t, cells);
		}
		free(cells);
	}
	free(gc);
	static const struct doc_column cols[] = {
		{"单位", 8, true}, {"类别", 4, false}, {"编号", 3, false},  {"事项", 20, true},
		{"截止", 5, false}, {"状态", 5, false}, {"尚缺", 6, true},
	};
	struct doc_table *t = doc_table(d, "事项清单", cols, 7);
	for (int i = 0; i < l->n; i++) {
		const struct due_item *it = &l->items[i];
		if (!due_shown(it, f))
			continue;
		struct doc_cell cells[] = {
			TEXT(c->units.names[it->unit]),
			TEXT(it->kind == DUE_TASK ? "任务" : "测评内容"),
			INT(it->no),
			TEXT(it->title),
			TEXT(it->due),
			TEXT(days_text(d, it)),
			TEXT(it->missing),
		};
		cells[5].fill = (unsigned char)light_fill(it->light);
		doc_row(d, t, cells);
	}
	contact_line(d, o);
	return d;
}

struct doc *papers_reminders(const struct campaign *c, const struct due_list *l, const struct due_filter *f,
			     int first_no, const char *reply_by, const struct paper_office *o)
{
	struct doc *d = doc_new("催办单");
	d->per_paper = true; /* each unit gets its own paper: 第 1 页 共 2 页 */
	doc_set_author(d, o->office);
	doc_set_footer(d, c->title);
	char day[32], reply[32];
	papers_date_cn(reply_by, reply, sizeof reply);
	int no = first_no, papers = 0;
	static const struct doc_column cols[] = {
		/* one line an item, cut with …: the unit knows its tasks, and 28
		 * open items fit a page */
		{"序号", 3, false}, {"事项", 19, false}, {"截止时间", 7, false}, {"办理状态", 5, false}, {"尚缺", 6, false},
	};
	for (int i = 0; i < l->n;) {
		int u = l->items[i].unit, from = i, open = 0;
		for (; i < l->n && l->items[i].unit == u; i++)
			open += l->items[i].light != LIGHT_GREY && due_shown(&l->items[i], f);
		if (!open)
			continue;
		if (papers++)
			doc_break(d);
		char *number = papers_number(o->number_reminder, c->year, no++);
		struct doc_heading h = {
			.office = o->office,
			.number = number,
			.title = "催办单",
			.recipient = doc_printf(d, "%s：", c->units.names[u]),
		};
		doc_heading(d, &h);
		free(number);
		doc_para(d,
			 doc_printf(d,
				    "根据《%s》工作安排，截至%s，你单位尚有以下 %d 项工作未完成。请抓紧办理，"
				    "于%s前办结，并将办理情况填写在回复栏内，加盖公章后报送领导小组办公室。",
				    c->title, papers_date_cn(l->today, day, sizeof day), open, reply),
			 true);
		struct doc_table *t = doc_table(d, doc_printf(d, "%s催办单", c->units.names[u]), cols, 5);
		int k = 0;
		for (int j = from; j < i; j++) {
			const struct due_item *it = &l->items[j];
			if (it->light == LIGHT_GREY || !due_shown(it, f))
				continue;
			char due[32];
			struct doc_cell cells[] = {
				INT(++k),
				TEXT(doc_printf(d, "%s%d：%s", it->kind == DUE_TASK ? "任务" : "测评内容", it->no, it->title)),
				TEXT(papers_date_cn(it->due, due, sizeof due)),
				TEXT(days_text(d, it)),
				TEXT(it->missing),
			};
			cells[3].fill = (unsigned char)light_fill(it->light);
			doc_row(d, t, cells);
		}
		reply_box(d, "回复栏（办理情况，由承办单位填写）");
		struct doc_field reply_block[] = {{"承办人", ""}, {"单位负责人", ""}, {"回复单位（盖章）", ""}, {"日期", "    年  月  日"}};
		doc_sign(d, reply_block, 4);
		contact_line(d, o);
		dated(d, o, l->today);
	}
	if (!papers) {
		struct doc_heading h = {.office = o->office, .title = "催办单"};
		doc_heading(d, &h);
		doc_para(d, doc_printf(d, "截至%s，没有需要催办的事项。", papers_date_cn(l->today, day, sizeof day)), false);
	}
	return d;
}

/* ---- 挂牌督办 ---- */

struct doc *papers_cases(const struct campaign *c, const struct case_record *r, int n, bool all,
			 const struct paper_office *o)
{
	struct doc *d = paper(c, o, all ? "督办事项清单" : "挂牌督办清单", c->title);
	d->landscape = true;
	char day[32];
	doc_para(d, doc_printf(d, "截至%s，%s共 %d 项。", papers_date_cn(o->today, day, sizeof day),
			       all ? "未销号的督办事项" : "挂牌督办及以上未销号事项", n),
		 false);
	static const struct doc_column cols[] = {
		{"序号", 3, false}, {"编号", 3, false},  {"单位", 7, true},   {"督办级别", 4, false}, {"督办情形", 6, true},
		{"督办事由", 12, true}, {"整改事项", 12, true}, {"立案日期", 5, false}, {"整改期限", 5, false}, {"状态", 4, false},
	};
	struct doc_table *t = doc_table(d, all ? "督办事项清单" : "挂牌督办清单", cols, 10);
	for (int i = 0; i < n; i++) {
		char opened[11];
		cases_day(c, r[i].opened_at, opened);
		long late = cases_overdue(&r[i], o->today);
		struct doc_cell cells[] = {
			INT(i + 1),
			INT(r[i].id),
			TEXT(r[i].unit >= 0 ? c->units.names[r[i].unit] : ""),
			TEXT(cases_level_label(r[i].level)),
			TEXT(rule_label(r[i].rule)),
			TEXT(r[i].reason),
			TEXT(r[i].items),
			TEXT(opened),
			TEXT(late > 0 ? doc_printf(d, "%s（逾期 %ld 天）", r[i].deadline, late) : r[i].deadline),
			TEXT(cases_state_label(r[i].state)),
		};
		if (late > 0)
			cells[8].fill = FILL_RED;
		doc_row(d, t, cells);
	}
	struct doc_field sign[] = {{"制表", ""}, {"审核", ""}};
	doc_sign(d, sign, 2);
	contact_line(d, o);
	return d;
}

struct doc *papers_case_notice(const struct campaign *c, const struct case_record *r, const struct paper_office *o)
{
	const char *unit = r->unit >= 0 ? c->units.names[r->unit] : "";
	const char *level = cases_level_label(r->level);
	struct doc *d = doc_new("督办通知书");
	d->title = doc_printf(d, "%s通知书（%s）", level, unit);
	doc_set_author(d, o->office);
	doc_set_footer(d, c->title);
	char *number = papers_number(o->number_case, c->year, r->id);
	char day[32], opened[11];
	struct doc_heading h = {
		.office = o->office,
		.number = number,
		.title = doc_printf(d, "%s通知书", level),
		.recipient = doc_printf(d, "%s：", unit),
	};
	doc_heading(d, &h);
	free(number);
	cases_day(c, r->opened_at, opened);
	doc_para(d,
		 doc_printf(d,
			    "根据《%s》关于“对创建工作不扎实、问题久拖不决、成效不够明显、群众意见较多的部门，进行挂牌督办、"
			    "集中整改”的要求，经领导小组办公室研究，决定自%s起对你单位以下事项予以%s。",
			    c->title, papers_date_cn(opened, day, sizeof day), level),
		 true);
	doc_para(d, doc_printf(d, "督办情形：%s。", rule_label(r->rule)), true);
	doc_para(d, doc_printf(d, "督办事由：%s", r->reason), true);
	static const struct doc_column cols[] = {{"序号", 3, false}, {"整改事项", 28, true}};
	struct doc_table *t = doc_table(d, "整改事项", cols, 2);
	/* the items as the office wrote them: one a line (or ；-separated) */
	int k = 0;
	char *items = xstrdup(r->items ? r->items : "");
	for (char *line = items, *next; line && *line; line = next) {
		next = strpbrk(line, "\n");
		char *semi = strstr(line, "；");
		if (semi && (!next || semi < next)) {
			*semi = 0;
			next = semi + strlen("；");
		} else if (next) {
			*next++ = 0;
		}
		char *txt = text_trim(line);
		if (*txt) {
			struct doc_cell cells[] = {INT(++k), TEXT(txt)};
			doc_row(d, t, cells);
		}
		free(txt);
	}
	free(items);
	if (!k) {
		struct doc_cell cells[] = {INT(1), TEXT(r->reason)};
		doc_row(d, t, cells);
	}
	char deadline[32];
	doc_para(d,
		 doc_printf(d,
			    "请你单位高度重视，明确责任领导和具体责任人，制定整改方案，逐项抓好整改，于%s前完成整改，"
			    "并将整改情况书面报告（加盖公章）报送领导小组办公室。逾期未完成整改的，将按规定逐级升级督办。",
			    papers_date_cn(r->deadline, deadline, sizeof deadline)),
		 true);
	reply_box(d, "整改情况报告（由被督办单位填写）");
	struct doc_field reply[] = {{"整改责任人", ""}, {"单位负责人", ""}, {"被督办单位（盖章）", ""}, {"日期", "    年  月  日"}};
	doc_sign(d, reply, 4);
	contact_line(d, o);
	dated(d, o, o->today);
	return d;
}

/* ---- 台账 ---- */

struct doc *papers_ledger(const struct campaign *c, const struct ledger_entry *entries, int n, int unit,
			  const struct paper_office *o)
{
	struct doc *d = paper(c, o, "工作台账", unit >= 0 ? c->units.names[unit] : c->title);
	d->landscape = true;
	static const struct doc_column cols[] = {
		{"编号", 3, false}, {"单位", 7, true},      {"日期", 5, false},     {"类别", 5, true}, {"活动名称", 12, true},
		{"地点", 6, true},  {"参加人数", 3, false}, {"佐证测评内容", 5, true}, {"附件", 3, false}, {"备注", 8, true},
	};
	struct doc_table *t = doc_table(d, "工作台账", cols, 10);
	for (int i = 0; i < n; i++) {
		const struct ledger_entry *x = &entries[i];
		struct strbuf nos = {0};
		for (int k = 0; k < x->ncriteria; k++)
			sb_addf(&nos, "%s%d", k ? "、" : "", x->criteria[k]);
		int u = unitdir_by_id(&c->units, x->unit_id);
		struct doc_cell cells[] = {
			INT(x->id),
			TEXT(u >= 0 ? c->units.names[u] : ""),
			TEXT(x->day),
			TEXT(x->kind),
			TEXT(x->title),
			TEXT(x->place),
			INT(x->participants),
			TEXT(sb_str(&nos)),
			INT(x->nfiles),
			TEXT(x->notes),
		};
		doc_row(d, t, cells);
		sb_free(&nos);
	}
	doc_para(d, doc_printf(d, "共 %d 条。", n), false);
	struct doc_field sign[] = {{"填报人", ""}, {"审核人", ""}, {"单位（盖章）", ""}};
	doc_sign(d, sign, 3);
	return d;
}
