/* report.c — reports computed from the store through the scoring engine and
 * printed through out.c: unit sheet, ranking, criteria, district roll-up. */
#include "domain/report.h"
#include "store/sql.h"

#include <stdlib.h>
#include <string.h>

#include "core/score.h"

/* Maps store unit ids to unit indexes: ids are usually ascending in unit
 * order, which allows a binary search; otherwise a sorted copy is used. */
struct idmap {
	int n;
	int64_t *ids;
	int *index;
};

static int cmp_pair(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;
	return (*x > *y) - (*x < *y);
}

static void idmap_build(struct idmap *m, const struct unitdir *d)
{
	m->n = d->n;
	m->ids = xmalloc(((size_t)d->n + 1) * 2 * sizeof(int64_t));
	for (int u = 0; u < d->n; u++) {
		m->ids[2 * u] = d->ids[u];
		m->ids[2 * u + 1] = u;
	}
	qsort(m->ids, (size_t)d->n, 2 * sizeof(int64_t), cmp_pair);
	m->index = NULL;
}

static int idmap_find(const struct idmap *m, int64_t id)
{
	int lo = 0, hi = m->n - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		int64_t v = m->ids[2 * mid];
		if (v == id)
			return (int)m->ids[2 * mid + 1];
		if (v < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static void idmap_free(struct idmap *m)
{
	free(m->ids);
}

int report_counted_state(const struct report_options *o)
{
	if (o->kind == SCORE_SELF)
		return SCORE_DRAFT;
	return o->min_state > SCORE_SUBMITTED ? o->min_state : SCORE_SUBMITTED;
}

/* Criterion indexes by number: BYNO[no] = index or -1, for 0 .. *MAXNO.
 * Caller frees. */
static int *criteria_by_no(const struct rubric *r, int *maxno)
{
	int top = 0;
	for (int k = 0; k < r->ncriteria; k++)
		if (r->criteria[k].no > top)
			top = r->criteria[k].no;
	int *byno = xmalloc(((size_t)top + 1) * sizeof(int));
	for (int k = 0; k <= top; k++)
		byno[k] = -1;
	for (int k = 0; k < r->ncriteria; k++)
		byno[r->criteria[k].no] = k;
	*maxno = top;
	return byno;
}

/* The unit × criterion matrix (row-major by unit) of rubric_applies, made
 * once from the responsibility lists. Caller frees. */
static unsigned char *applies_matrix(const struct rubric *r, int nunits)
{
	unsigned char *a = xcalloc((size_t)nunits * (size_t)r->ncriteria + 1, 1);
	for (int k = 0; k < r->ncriteria; k++) {
		const struct rubric_criterion *cr = &r->criteria[k];
		for (int u = 0; cr->all_units && u < nunits; u++)
			a[(size_t)u * (size_t)r->ncriteria + (size_t)k] = 1;
		for (int i = 0; !cr->all_units && i < cr->nresp; i++)
			if (cr->resp[i].unit >= 0 && cr->resp[i].unit < nunits)
				a[(size_t)cr->resp[i].unit * (size_t)r->ncriteria + (size_t)k] = 1;
	}
	return a;
}

int report_results(store *s, const struct campaign *c, const struct report_options *o, struct unit_result **out,
		   struct kp_error *e)
{
	const struct rubric *r = c->rubric;
	int n = c->units.n, rc, maxno, counted = report_counted_state(o);
	struct unit_result *res = xcalloc((size_t)n + 1, sizeof *res);
	int *max = xcalloc((size_t)n + 1, sizeof(int)), *slots = xcalloc((size_t)n + 1, sizeof(int));
	struct idmap m;
	score_unit_max(r, n, max, slots);
	for (int u = 0; u < n; u++)
		res[u] = (struct unit_result){.unit = u, .max = max[u], .slots = slots[u]};
	free(max);
	free(slots);
	int *byno = criteria_by_no(r, &maxno);
	unsigned char *applies = applies_matrix(r, n);
	idmap_build(&m, &c->units);
	/* Every score the report shows (min_state and up), one row a part;
	 * only those in a counted state make the result. */
	store_stmt *st = store_sql(s, SQL_SCORE_ALL);
	st_bind_int(st, 1, o->kind);
	st_bind_int(st, 2, o->min_state);
	while ((rc = st_step(st, e)) == 1) {
		int u = idmap_find(&m, st_int(st, 0));
		int64_t no = st_int(st, 1), part = st_int(st, 2);
		if (u < 0 || no < 0 || no > maxno || byno[no] < 0)
			continue; /* a unit of another campaign, a criterion no longer in the rubric */
		int k = byno[no], nparts = r->criteria[k].nparts;
		if (!applies[(size_t)u * (size_t)r->ncriteria + (size_t)k] ||
		    (nparts ? part < 1 || part > nparts : part != 0))
			continue; /* not a part the unit answers for */
		bool veto = r->criteria[k].kind == CRITERION_VETO, draft = st_int(st, 5) < counted;
		if (!veto) /* a veto is no slot (score_unit_max) */
			res[u].entries++, res[u].drafts += draft;
		if (draft)
			continue;
		res[u].points += (int)st_int(st, 3);
		res[u].vetoed |= st_int(st, 4) != 0;
	}
	idmap_free(&m);
	free(applies);
	free(byno);
	if (rc < 0) {
		free(res);
		return e->code;
	}
	for (int u = 0; u < n; u++)
		res[u].complete = score_complete(res[u].entries, res[u].drafts, res[u].slots);
	*out = res;
	return 0;
}

static const struct column ranking_cols[] = {
	{"rank", "名次", true},
	{"unit", "单位", false},
	{"points", "得分", true},
	{"max_points", "满分", true},
	{"percent", "得分率", true},
	{"grade", "等级", false},
	{"scored", "已评", true},
	{"of", "应评", true},
	{"vetoed", "否决", false},
	{"complete", "完成测评", false},
	{"drafts", "草稿", true},
};

/* How text and CSV name an assessment begun and not complete, in the grade's
 * place (JSON has "complete": false and no grade). */
#define REPORT_INCOMPLETE "未完成测评"

void report_ranking_print(const struct campaign *c, const struct unit_result *res, int n, const struct report_options *o,
			  FILE *out)
{
	int ncols = (int)(sizeof ranking_cols / sizeof *ranking_cols);
	if (o->format == OUT_TEXT)
		fprintf(out, "%s\n%s%s\n\n", c->title,
			o->kind == SCORE_SELF ? "自评排名"
					      : "汇总排名",
			o->kind == SCORE_SELF ? ""
			: o->min_state == SCORE_FINAL ? " (仅已确认)"
						      : " (草稿不计)");
	struct table *t = table_new(out, o->format, ranking_cols, ncols);
	for (int i = 0; i < n; i++) {
		const struct unit_result *r = &res[i];
		bool ranked = r->rank > 0;
		/* begun, not complete: named so in text and CSV, no grade in JSON */
		bool incomplete = !r->complete && r->entries > 0 && o->format != OUT_JSON;
		struct cell cells[] = {
			{ranked ? CELL_INT : CELL_NULL, NULL, r->rank},
			{CELL_TEXT, c->units.names[r->unit], 0},
			{ranked ? CELL_POINTS : CELL_NULL, NULL, r->points},
			{CELL_POINTS, NULL, r->max},
			{ranked && r->max ? CELL_PERCENT : CELL_NULL, NULL, r->percent},
			{incomplete ? CELL_TEXT : ranked && r->max ? CELL_TEXT : CELL_NULL, incomplete ? REPORT_INCOMPLETE : r->grade, 0},
			{CELL_INT, NULL, r->entries},
			{CELL_INT, NULL, r->slots},
			{CELL_BOOL, NULL, r->vetoed},
			{CELL_BOOL, NULL, r->complete},
			{CELL_INT, NULL, r->drafts},
		};
		table_row(t, cells);
	}
	table_end(t);
}

int report_ranking(store *s, const struct campaign *c, const struct report_options *o, FILE *out,
		   struct kp_error *e)
{
	struct unit_result *res;
	if (report_results(s, c, o, &res, e))
		return e->code;
	score_rank(c->rubric, res, c->units.n);
	report_ranking_print(c, res, c->units.n, o, out);
	free(res);
	return 0;
}

/* Fills the unit × criterion matrix of criterion points (-1 = missing or
 * incomplete) for O's kind from the scores in a counted state
 * (report_counted_state: never drafts). Caller frees. */
static int criterion_matrix(store *s, const struct campaign *c, const struct report_options *o, int **out,
			    struct kp_error *e)
{
	const struct rubric *r = c->rubric;
	size_t cells = (size_t)c->units.n * (size_t)r->ncriteria;
	int *pts = xcalloc(cells + 1, sizeof(int));
	unsigned char *parts = xcalloc(cells + 1, 1);
	int maxno, rc;
	int *byno = criteria_by_no(r, &maxno);
	struct idmap m;
	idmap_build(&m, &c->units);
	store_stmt *st = store_sql(s, SQL_SCORE_ALL);
	st_bind_int(st, 1, o->kind);
	st_bind_int(st, 2, report_counted_state(o)); /* drafts never count */
	while ((rc = st_step(st, e)) == 1) {
		int u = idmap_find(&m, st_int(st, 0));
		int64_t no = st_int(st, 1);
		if (u < 0 || no < 0 || no > maxno || byno[no] < 0)
			continue;
		size_t i = (size_t)u * (size_t)r->ncriteria + (size_t)byno[no];
		pts[i] += (int)st_int(st, 3);
		if (parts[i] < 255)
			parts[i]++;
	}
	idmap_free(&m);
	for (int u = 0; u < c->units.n; u++)
		for (int k = 0; k < r->ncriteria; k++) {
			size_t i = (size_t)u * (size_t)r->ncriteria + (size_t)k;
			int need = r->criteria[k].nparts ? r->criteria[k].nparts : 1;
			if (parts[i] < need)
				pts[i] = -1;
		}
	free(parts);
	free(byno);
	if (rc < 0) {
		free(pts);
		return e->code;
	}
	*out = pts;
	return 0;
}

static const struct column criteria_cols[] = {
	{"no", "序号", true},
	{"indicator", "测评指标", false},
	{"max_points", "分值", true},
	{"responsible", "责任单位数", true},
	{"scored", "已评", true},
	{"mean", "平均得分", true},
	{"min", "最低", true},
	{"max", "最高", true},
	{"percent", "得分率", true},
};

/* A criterion's place in the weakest-first order: its score rate (1001
 * when no unit is scored: last), then its number. */
struct weak_key {
	int percent, no, k;
};

static int cmp_weakest(const void *a, const void *b)
{
	const struct weak_key *x = a, *y = b;
	if (x->percent != y->percent)
		return x->percent < y->percent ? -1 : 1;
	return x->no - y->no;
}

int report_criteria_load(store *s, const struct campaign *c, const struct report_options *o,
			 struct report_criteria *out, struct kp_error *e)
{
	const struct rubric *r = c->rubric;
	int *pts;
	memset(out, 0, sizeof *out);
	if (criterion_matrix(s, c, o, &pts, e))
		return e->code;
	out->n = r->ncriteria;
	out->stats = xcalloc((size_t)r->ncriteria + 1, sizeof *out->stats);
	out->order = xcalloc((size_t)r->ncriteria + 1, sizeof(int));
	score_district(r, c->units.n, pts, out->stats, NULL, NULL);
	for (int k = 0; k < r->ncriteria; k++)
		out->order[k] = k;
	if (o->by_percent) {
		struct weak_key *keys = xcalloc((size_t)r->ncriteria + 1, sizeof *keys);
		for (int k = 0; k < r->ncriteria; k++)
			keys[k] = (struct weak_key){out->stats[k].scored ? out->stats[k].percent : 1001, r->criteria[k].no, k};
		qsort(keys, (size_t)r->ncriteria, sizeof *keys, cmp_weakest);
		for (int k = 0; k < r->ncriteria; k++)
			out->order[k] = keys[k].k;
		free(keys);
	}
	out->points = pts;
	out->nunits = c->units.n;
	return 0;
}

void report_criteria_free(struct report_criteria *rc)
{
	free(rc->stats);
	free(rc->order);
	free(rc->points);
	memset(rc, 0, sizeof *rc);
}

int report_criteria(store *s, const struct campaign *c, const struct report_options *o, FILE *out,
		    struct kp_error *e)
{
	const struct rubric *r = c->rubric;
	struct report_criteria rc;
	if (report_criteria_load(s, c, o, &rc, e))
		return e->code;
	if (o->format == OUT_TEXT)
		fprintf(out, "%s\n测评内容得分情况\n\n",
			c->title); /* 测评内容得分情况 */
	struct table *t = table_new(out, o->format, criteria_cols, (int)(sizeof criteria_cols / sizeof *criteria_cols));
	for (int i = 0; i < rc.n; i++) {
		int k = rc.order[i];
		const struct criterion_stat *st = &rc.stats[k];
		bool any = st->scored > 0;
		struct cell cells[] = {
			{CELL_INT, NULL, r->criteria[k].no},
			{CELL_TEXT, r->indicators[r->criteria[k].indicator].name, 0},
			{CELL_POINTS, NULL, r->criteria[k].points},
			{CELL_INT, NULL, st->responsible},
			{CELL_INT, NULL, st->scored},
			{any ? CELL_POINTS : CELL_NULL, NULL, st->mean},
			{any ? CELL_POINTS : CELL_NULL, NULL, st->min},
			{any ? CELL_POINTS : CELL_NULL, NULL, st->max},
			{any && r->criteria[k].points ? CELL_PERCENT : CELL_NULL, NULL, st->percent},
		};
		table_row(t, cells);
	}
	table_end(t);
	report_criteria_free(&rc);
	return 0;
}

int report_district_load(store *s, const struct campaign *c, const struct report_options *o,
			 struct report_district *d, struct kp_error *e)
{
	const struct rubric *r = c->rubric;
	int *pts;
	memset(d, 0, sizeof *d);
	if (criterion_matrix(s, c, o, &pts, e))
		return e->code;
	d->n = r->ncriteria;
	d->stats = xcalloc((size_t)r->ncriteria + 1, sizeof *d->stats);
	score_district(r, c->units.n, pts, d->stats, &d->total, &d->maximum);
	free(pts);
	/* Complete when every responsible unit has every criterion scored and
	 * counted: SCORED / OF count those (unit, criterion) pairs; a veto
	 * criterion needs no score, as for a unit (score_unit_max). */
	for (int k = 0; k < r->ncriteria; k++)
		if (r->criteria[k].kind != CRITERION_VETO)
			d->scored += d->stats[k].scored, d->of += d->stats[k].responsible;
	d->complete = d->of > 0 && d->scored == d->of;
	d->percent = score_percent(d->total, d->maximum);
	d->grade = d->complete ? rubric_grade(r, d->percent) : NULL;
	return 0;
}

void report_district_free(struct report_district *d)
{
	free(d->stats);
	memset(d, 0, sizeof *d);
}

int report_district(store *s, const struct campaign *c, const struct report_options *o, FILE *out,
		    struct kp_error *e)
{
	const struct rubric *r = c->rubric;
	struct report_district d;
	if (report_district_load(s, c, o, &d, e))
		return e->code;
	const struct criterion_stat *stats = d.stats;
	int total = d.total, maximum = d.maximum, scored = d.scored, of = d.of, percent = d.percent;
	bool complete = d.complete;
	const char *grade = d.grade;
	char a[24], b[24], p[24];
	if (o->format == OUT_JSON) {
		json_t *items = json_array();
		for (int i = 0; i < r->nitems; i++) {
			const struct rubric_item *it = &r->items[i];
			json_t *inds = json_array();
			int ipts = 0;
			for (int ii = it->first; ii < it->first + it->count; ii++) {
				const struct rubric_indicator *ind = &r->indicators[ii];
				json_t *crits = json_array();
				int npts = 0;
				for (int k = ind->first; k < ind->first + ind->count; k++) {
					const struct criterion_stat *st = &stats[k];
					npts += r->criteria[k].kind == CRITERION_VETO ? 0 : st->mean;
					json_array_append_new(crits, json_pack("{s:i, s:o, s:o, s:i, s:i, s:o, s:o}", "no",
									      r->criteria[k].no, "points", rubric_json_points(st->mean),
									      "max_points", rubric_json_points(r->criteria[k].points),
									      "responsible", st->responsible, "scored", st->scored,
									      "min", st->scored ? rubric_json_points(st->min) : json_null(),
									      "max", st->scored ? rubric_json_points(st->max) : json_null()));
				}
				ipts += npts;
				json_array_append_new(inds, json_pack("{s:s, s:o, s:o, s:o}", "name", ind->name, "points",
								      rubric_json_points(npts), "max_points", rubric_json_points(ind->points),
								      "criteria", crits));
			}
			json_array_append_new(items, json_pack("{s:s, s:o, s:o, s:o}", "name", it->name, "points",
							       rubric_json_points(ipts), "max_points", rubric_json_points(it->points),
							       "indicators", inds));
		}
		json_t *root = json_pack("{s:s, s:o, s:o, s:o, s:o, s:b, s:i, s:i, s:o}", "title", c->title, "points",
					 rubric_json_points(total), "max_points", rubric_json_points(maximum), "percent",
					 complete ? json_real(percent / 10.0) : json_null(), "grade",
					 grade ? json_string(grade) : json_null(), "complete", complete, "scored", scored, "of",
					 of, "items", items);
		json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
		fputc('\n', out);
		json_decref(root);
		goto done;
	}
	static const struct column cols[] = {
		{"item", "测评项目", false},
		{"indicator", "测评指标", false},
		{"no", "序号", true},
		{"max_points", "分值", true},
		{"points", "得分", true},
		{"scored", "已评单位", true},
		{"responsible", "责任单位", true},
	};
	if (o->format == OUT_TEXT && complete)
		fprintf(out, "%s\n全区汇总: %s / %s (%s%%) %s\n\n", c->title,
			points_format(total, a), points_format(maximum, b), points_format1(percent, p), grade); /* 全区汇总 */
	else if (o->format == OUT_TEXT)
		fprintf(out, "%s\n全区汇总: %s / %s " REPORT_INCOMPLETE " %d/%d\n\n", c->title,
			points_format(total, a), points_format(maximum, b), scored, of); /* 全区汇总 … 未完成测评 */
	struct table *t = table_new(out, o->format, cols, (int)(sizeof cols / sizeof *cols));
	for (int k = 0; k < r->ncriteria; k++) {
		const struct rubric_criterion *cr = &r->criteria[k];
		const struct rubric_indicator *ind = &r->indicators[cr->indicator];
		struct cell cells[] = {
			{CELL_TEXT, r->items[ind->item].name, 0},
			{CELL_TEXT, ind->name, 0},
			{CELL_INT, NULL, cr->no},
			{CELL_POINTS, NULL, cr->points},
			{stats[k].scored ? CELL_POINTS : CELL_NULL, NULL, stats[k].mean},
			{CELL_INT, NULL, stats[k].scored},
			{CELL_INT, NULL, stats[k].responsible},
		};
		table_row(t, cells);
	}
	if (o->format == OUT_CSV) {
		struct cell cells[] = {
			{CELL_TEXT, "合计", 0}, {CELL_TEXT, grade ? grade : REPORT_INCOMPLETE, 0}, {CELL_NULL, NULL, 0},
			{CELL_POINTS, NULL, maximum}, {CELL_POINTS, NULL, total}, {CELL_NULL, NULL, 0}, {CELL_NULL, NULL, 0},
		};
		table_row(t, cells);
	}
	table_end(t);
done:
	report_district_free(&d);
	return 0;
}

/* A unit's entry for one criterion slot, gathered from its score rows. */
struct slot_scores {
	bool has[2];
	int points[2];
	bool vetoed[2];
	int state;
	char *by, *comment;
};

int report_sheet_load(store *s, const struct campaign *c, int u, const struct report_options *o,
		      struct report_sheet *sh, struct kp_error *e)
{
	const struct rubric *r = c->rubric;
	memset(sh, 0, sizeof *sh);
	sh->unit = u;
	int nslots, rc;
	int *base = xcalloc((size_t)r->ncriteria + 1, sizeof(int));
	nslots = 0;
	for (int k = 0; k < r->ncriteria; k++) {
		base[k] = nslots;
		nslots += 1 + r->criteria[k].nparts;
	}
	struct slot_scores *sl = xcalloc((size_t)nslots + 1, sizeof *sl);
	store_stmt *st = store_sql(s, SQL_SCORE_LIST_UNIT);
	st_bind_int(st, 1, c->units.ids[u]);
	while ((rc = st_step(st, e)) == 1) {
		int k = rubric_find(r, (int)st_int(st, 0));
		int part = (int)st_int(st, 1), kind = (int)st_int(st, 2);
		if (k < 0 || part > r->criteria[k].nparts || kind < 0 || kind > 1)
			continue;
		struct slot_scores *x = &sl[base[k] + part];
		x->has[kind] = true;
		x->points[kind] = (int)st_int(st, 3);
		x->vetoed[kind] = st_int(st, 4) != 0;
		if (kind == SCORE_ASSESSOR) {
			x->state = (int)st_int(st, 5);
			free(x->by), free(x->comment);
			x->by = xstrdup(st_text(st, 6));
			x->comment = xstrdup(st_text(st, 7));
		}
	}
	if (rc < 0)
		goto out;
	sh->rows = xcalloc((size_t)nslots + 1, sizeof *sh->rows);
	int pts[2] = {0, 0}, counted = report_counted_state(o);
	for (int k = 0; k < r->ncriteria; k++) {
		if (!rubric_applies(r, k, u))
			continue;
		const struct rubric_criterion *cr = &r->criteria[k];
		sh->maximum += cr->kind == CRITERION_SCORED ? cr->points : 0;
		for (int p = cr->nparts ? 1 : 0; p <= cr->nparts; p++) {
			struct slot_scores *x = &sl[base[k] + p];
			if (x->has[SCORE_ASSESSOR] && x->state < o->min_state) {
				/* --final (or a clerk's view): only scores from min_state up count and show */
				x->has[SCORE_ASSESSOR] = false;
				x->vetoed[SCORE_ASSESSOR] = false;
				free(x->by), free(x->comment);
				x->by = x->comment = NULL;
			}
			/* an assessor's draft shows on the sheet and never counts;
			 * a veto criterion is no slot (score_unit_max) */
			bool draft = x->has[SCORE_ASSESSOR] && x->state < counted;
			if (cr->kind != CRITERION_VETO)
				sh->of++, sh->scored += x->has[SCORE_ASSESSOR], sh->drafts += draft;
			for (int kind = 0; kind < 2; kind++)
				if (x->has[kind] && !(kind == SCORE_ASSESSOR && draft)) {
					pts[kind] += x->points[kind];
					sh->vetoed |= kind == SCORE_ASSESSOR && x->vetoed[kind];
				}
			struct sheet_row *row = &sh->rows[sh->n++];
			row->criterion = k;
			row->no = cr->no;
			row->part = p;
			row->text = p ? cr->parts[p - 1].text : cr->text;
			row->max = rubric_part_points(r, k, p);
			row->has_self = x->has[SCORE_SELF];
			row->self = x->points[SCORE_SELF];
			row->has_assessor = x->has[SCORE_ASSESSOR];
			row->assessor = x->points[SCORE_ASSESSOR];
			row->state = x->state;
			row->draft = draft;
			row->veto = cr->kind == CRITERION_VETO;
			row->vetoed = x->vetoed[SCORE_ASSESSOR];
			row->lead = rubric_leads(r, k, u);
			row->by = x->by ? x->by : xstrdup("");
			row->comment = x->comment ? x->comment : xstrdup("");
			x->by = x->comment = NULL; /* the row owns them now */
		}
	}
	sh->total = pts[SCORE_ASSESSOR];
	sh->self_total = pts[SCORE_SELF];
	sh->percent = score_percent(sh->total, sh->maximum);
	sh->complete = score_complete(sh->scored, sh->drafts, sh->of);
	sh->grade = !sh->complete ? NULL : sh->vetoed ? r->grades[r->ngrades - 1].name : rubric_grade(r, sh->percent);
out:
	for (int i = 0; i < nslots; i++)
		free(sl[i].by), free(sl[i].comment);
	free(sl);
	free(base);
	if (e->code)
		report_sheet_free(sh);
	return e->code;
}

void report_sheet_free(struct report_sheet *sh)
{
	for (int i = 0; i < sh->n; i++)
		free(sh->rows[i].by), free(sh->rows[i].comment);
	free(sh->rows);
	memset(sh, 0, sizeof *sh);
}

int report_unit(store *s, const struct campaign *c, int u, const struct report_options *o, FILE *out,
		struct kp_error *e)
{
	struct report_sheet sh;
	if (report_sheet_load(s, c, u, o, &sh, e))
		return e->code;
	char a[24], b[24], p1[24], p2[24];
	if (o->format == OUT_JSON) {
		json_t *crits = json_array();
		for (int i = 0; i < sh.n; i++) {
			const struct sheet_row *x = &sh.rows[i];
			json_t *jc = json_pack("{s:i, s:i, s:s, s:o, s:b}", "no", x->no, "part", x->part, "text", x->text,
					       "max_points", rubric_json_points(x->max), "lead", x->lead);
			json_object_set_new(jc, "self", x->has_self ? rubric_json_points(x->self) : json_null());
			json_object_set_new(jc, "assessor", x->has_assessor ? rubric_json_points(x->assessor) : json_null());
			json_object_set_new(jc, "state", x->has_assessor ? json_string(score_state_name(x->state)) : json_null());
			json_object_set_new(jc, "by", json_string(x->by));
			json_object_set_new(jc, "comment", json_string(x->comment));
			if (x->veto)
				json_object_set_new(jc, "vetoed", json_boolean(x->vetoed));
			json_array_append_new(crits, jc);
		}
		json_t *root = json_pack("{s:s, s:s, s:o, s:o, s:o, s:s?, s:o, s:b, s:i, s:i, s:b, s:i, s:o}", "unit",
					 c->units.names[u], "campaign", c->title,
					 "points", sh.complete ? rubric_json_points(sh.total) : json_null(),
					 "max_points", rubric_json_points(sh.maximum),
					 "percent", sh.complete ? json_real(sh.percent / 10.0) : json_null(), "grade", sh.grade,
					 "self_points", rubric_json_points(sh.self_total), "vetoed", sh.vetoed, "scored", sh.scored,
					 "of", sh.of, "complete", sh.complete, "drafts", sh.drafts, "criteria", crits);
		json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
		fputc('\n', out);
		json_decref(root);
		goto out;
	}
	static const struct column cols[] = {
		{"no", "序号", false},
		{"text", "测评内容", false},
		{"max_points", "分值", true},
		{"self", "自评", true},
		{"assessor", "测评", true},
		{"state", "状态", false},
		{"by", "评分人", false},
		{"comment", "备注", false},
	};
	if (o->format == OUT_TEXT)
		fprintf(out, "%s\n%s 测评表\n得分 %s / %s%s%s%s %s%s  自评 %s  已评 %d/%d\n\n",
			c->title, c->units.names[u], sh.complete ? points_format(sh.total, a) : "-",
			points_format(sh.maximum, b), sh.complete ? " (" : "", sh.complete ? points_format1(sh.percent, p1) : "",
			sh.complete ? "%)" : "", sh.grade ? sh.grade : sh.scored ? REPORT_INCOMPLETE : "未评" /* 未评 */,
			sh.vetoed ? " (一票否决)" : "", points_format(sh.self_total, p2), sh.scored, sh.of);
	struct table *t = table_new(out, o->format, cols, (int)(sizeof cols / sizeof *cols));
	for (int i = 0; i < sh.n; i++) {
		const struct sheet_row *x = &sh.rows[i];
		char ref[24], text[64];
		if (x->part)
			snprintf(ref, sizeof ref, "%d.%d", x->no, x->part);
		else
			snprintf(ref, sizeof ref, "%d", x->no);
		const char *full = x->text;
		/* Text tables show the start of the criterion; CSV has it whole. */
		if (o->format == OUT_TEXT && strlen(full) > 45) {
			size_t n = 42;
			while (n > 0 && ((unsigned char)full[n] & 0xC0) == 0x80)
				n--;
			snprintf(text, sizeof text, "%.*s…", (int)n, full);
			full = text;
		}
		struct cell cells[] = {
			{CELL_TEXT, ref, 0},
			{CELL_TEXT, full, 0},
			{CELL_POINTS, NULL, x->max},
			{x->has_self ? CELL_POINTS : CELL_NULL, NULL, x->self},
			{x->has_assessor ? CELL_POINTS : CELL_NULL, NULL, x->assessor},
			{x->has_assessor ? CELL_TEXT : CELL_NULL, score_state_label(x->state), 0},
			{CELL_TEXT, x->by, 0},
			{CELL_TEXT, x->comment, 0},
		};
		table_row(t, cells);
	}
	if (o->format == OUT_CSV) {
		struct cell cells[] = {
			{CELL_TEXT, "合计", 0}, {sh.grade || sh.scored ? CELL_TEXT : CELL_NULL, sh.grade ? sh.grade : REPORT_INCOMPLETE, 0},
			{CELL_POINTS, NULL, sh.maximum}, {CELL_POINTS, NULL, sh.self_total},
			{sh.complete ? CELL_POINTS : CELL_NULL, NULL, sh.total}, {CELL_NULL, NULL, 0},
			{CELL_NULL, NULL, 0}, {CELL_NULL, NULL, 0},
		};
		table_row(t, cells);
	}
	table_end(t);
out:
	report_sheet_free(&sh);
	return 0;
}
