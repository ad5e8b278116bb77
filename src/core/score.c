/* score.c — the pure scoring engine: validation of a score, deduction and
 * award rules, per-unit maxima, percent, ranking and the district roll-up. */
#include "core/score.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *score_state_name(int state)
{
	switch (state) {
	case SCORE_DRAFT: return "draft";
	case SCORE_SUBMITTED: return "submitted";
	case SCORE_FINAL: return "final";
	}
	return "?";
}

const char *score_state_label(int state)
{
	switch (state) {
	case SCORE_DRAFT: return "草稿";
	case SCORE_SUBMITTED: return "已提交";
	case SCORE_FINAL: return "已确认";
	}
	return "?";
}

int score_fault(const struct rubric *r, int c, int part, int unit, int points, int *lo, int *hi)
{
	assert(c >= 0 && c < r->ncriteria);
	const struct rubric_criterion *cr = &r->criteria[c];
	int min = cr->deduct_max ? cr->floor : 0; /* 扣完为止 stops at the floor */
	int max = cr->kind == CRITERION_VETO ? 0 : rubric_part_points(r, c, part < 0 || part > cr->nparts ? 0 : part);
	if (lo)
		*lo = cr->kind == CRITERION_VETO ? 0 : min;
	if (hi)
		*hi = max;
	if (!rubric_applies(r, c, unit))
		return SCORE_E_NOT_APPLICABLE;
	if (part == 0 && cr->nparts)
		return SCORE_E_NEEDS_PART;
	if (part < 0 || part > cr->nparts)
		return SCORE_E_NO_SUCH_PART;
	if (cr->kind == CRITERION_VETO)
		return points == 0 ? SCORE_E_NONE : SCORE_E_VETO_POINTS;
	return points < min || points > max ? SCORE_E_OUT_OF_RANGE : SCORE_E_NONE;
}

int score_check(const struct rubric *r, int c, int part, int unit, const char *unit_name, int points,
		struct kp_error *e)
{
	const struct rubric_criterion *cr = &r->criteria[c];
	char a[24], ref[24], lo[24], hi[24];
	int min, max;
	switch (score_fault(r, c, part, unit, points, &min, &max)) {
	case SCORE_E_NOT_APPLICABLE:
		return kp_fail(e, KP_EINPUT, "criterion %d does not apply to %s (responsible: %s)", cr->no, unit_name,
			       cr->units_text ? cr->units_text : r->indicators[cr->indicator].units_text);
	case SCORE_E_NEEDS_PART:
		return kp_fail(e, KP_EINPUT, "criterion %d is scored in %d parts: give %d.1 … %d.%d", cr->no,
			       cr->nparts, cr->no, cr->no, cr->nparts);
	case SCORE_E_NO_SUCH_PART:
		return kp_fail(e, KP_EINPUT, "criterion %d has %s; there is no part %d.%d", cr->no,
			       cr->nparts ? "fewer parts" : "no parts", cr->no, part);
	case SCORE_E_VETO_POINTS:
		return kp_fail(e, KP_EINPUT, "criterion %d is a veto (一票否决): it carries no points", cr->no);
	case SCORE_E_OUT_OF_RANGE:
		if (part)
			snprintf(ref, sizeof ref, "%d.%d", cr->no, part);
		else
			snprintf(ref, sizeof ref, "%d", cr->no);
		return kp_fail(e, KP_EINPUT, "points %s for criterion %s are out of range %s–%s", points_format(points, a),
			       ref, points_format(min, lo), points_format(max, hi));
	}
	return 0;
}

int score_from_deductions(const struct rubric_criterion *c, const int *amounts, int n, int *points,
			  struct kp_error *e)
{
	char a[24], lo[24], hi[24];
	if (!c->deduct_max)
		return kp_fail(e, KP_EINPUT, "criterion %d has no deduction rule; give the points", c->no);
	int total = 0;
	for (int i = 0; i < n; i++) {
		if (amounts[i] < c->deduct_min || amounts[i] > c->deduct_max)
			return kp_fail(e, KP_EINPUT, "deduction %d (%s) is outside %s–%s for criterion %d", i + 1,
				       points_format(amounts[i], a), points_format(c->deduct_min, lo),
				       points_format(c->deduct_max, hi), c->no);
		total += amounts[i];
		if (total > 1000000)
			total = 1000000;
	}
	int p = c->points - total;
	*points = p < c->floor ? c->floor : p;
	return 0;
}

int score_from_awards(const struct rubric_criterion *c, int times, int *points, struct kp_error *e)
{
	if (!c->award)
		return kp_fail(e, KP_EINPUT, "criterion %d has no award rule; give the points", c->no);
	if (times < 0)
		return kp_fail(e, KP_EINPUT, "occurrences must be 0 or more");
	long p = (long)c->award * times;
	*points = p > c->points ? c->points : (int)p; /* 最高计N分 */
	return 0;
}

void score_unit_max(const struct rubric *r, int nunits, int *max, int *slots)
{
	int base = 0, base_slots = 0;
	for (int c = 0; c < r->ncriteria; c++) {
		const struct rubric_criterion *cr = &r->criteria[c];
		if (!cr->all_units)
			continue;
		base += cr->kind == CRITERION_SCORED ? cr->points : 0;
		base_slots += cr->kind == CRITERION_VETO ? 0 : cr->nparts ? cr->nparts : 1;
	}
	for (int u = 0; u < nunits; u++) {
		if (max)
			max[u] = base;
		if (slots)
			slots[u] = base_slots;
	}
	for (int c = 0; c < r->ncriteria; c++) {
		const struct rubric_criterion *cr = &r->criteria[c];
		if (cr->all_units)
			continue;
		for (int k = 0; k < cr->nresp; k++) {
			int u = cr->resp[k].unit;
			if (u < 0 || u >= nunits)
				continue;
			if (max && cr->kind == CRITERION_SCORED)
				max[u] += cr->points;
			if (slots && cr->kind != CRITERION_VETO)
				slots[u] += cr->nparts ? cr->nparts : 1;
		}
	}
}

int score_percent(int points, int max)
{
	if (max <= 0)
		return 0;
	return (int)(((long long)points * 1000 + max / 2) / max);
}

bool score_complete(int entries, int drafts, int slots)
{
	return slots > 0 && entries >= slots && drafts == 0;
}

static int cmp_result(const void *pa, const void *pb)
{
	const struct unit_result *a = pa, *b = pb;
	if (a->complete != b->complete)
		return a->complete ? -1 : 1; /* incomplete: after the ranked units, unranked */
	if (!a->complete) {
		if ((a->entries > 0) != (b->entries > 0))
			return a->entries > 0 ? -1 : 1; /* not assessed yet: last */
		return (a->unit > b->unit) - (a->unit < b->unit);
	}
	if (a->vetoed != b->vetoed)
		return a->vetoed ? 1 : -1;
	if ((a->max > 0) != (b->max > 0))
		return a->max > 0 ? -1 : 1;
	if (a->percent != b->percent)
		return a->percent > b->percent ? -1 : 1;
	if (a->points != b->points)
		return a->points > b->points ? -1 : 1;
	return (a->unit > b->unit) - (a->unit < b->unit);
}

void score_rank(const struct rubric *r, struct unit_result *res, int n)
{
	for (int i = 0; i < n; i++) {
		res[i].percent = score_percent(res[i].points, res[i].max);
		res[i].grade = res[i].vetoed ? r->grades[r->ngrades - 1].name : rubric_grade(r, res[i].percent);
	}
	qsort(res, (size_t)n, sizeof *res, cmp_result);
	for (int i = 0; i < n; i++) {
		const struct unit_result *p = i ? &res[i - 1] : NULL;
		if (!res[i].complete) {
			res[i].rank = 0;
			res[i].grade = NULL;
		} else if (p && p->vetoed == res[i].vetoed && p->percent == res[i].percent && p->points == res[i].points)
			res[i].rank = p->rank;
		else
			res[i].rank = i + 1;
	}
}

void score_district(const struct rubric *r, int nunits, const int *points, struct criterion_stat *stats,
		    int *total, int *maximum)
{
	int t = 0, m = 0;
	for (int c = 0; c < r->ncriteria; c++) {
		struct criterion_stat *s = &stats[c];
		memset(s, 0, sizeof *s);
		s->min = s->max = -1;
		for (int u = 0; u < nunits; u++) {
			if (!rubric_applies(r, c, u))
				continue;
			s->responsible++;
			int p = points[(size_t)u * (size_t)r->ncriteria + (size_t)c];
			if (p < 0)
				continue;
			s->scored++;
			s->sum += p;
			if (s->min < 0 || p < s->min)
				s->min = p;
			if (p > s->max)
				s->max = p;
		}
		s->mean = s->scored ? (int)(((long long)s->sum * 2 + s->scored) / (2LL * s->scored)) : 0;
		s->percent = score_percent(s->mean, r->criteria[c].points);
		if (r->criteria[c].kind != CRITERION_VETO) {
			t += s->mean;
			if (r->criteria[c].kind == CRITERION_SCORED)
				m += r->criteria[c].points;
		}
	}
	if (total)
		*total = t;
	if (maximum)
		*maximum = m;
}
