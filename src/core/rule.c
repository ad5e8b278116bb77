/* rule.c — the supervision rules: low score, overdue rectification,
 * missing evidence after the material deadline, complaints; and the date
 * arithmetic they need. Pure. */
#include "core/rule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util.h"

static const struct {
	const char *name, *label;
} rule_names[RULE__COUNT] = {
	[RULE_SCORE] = {"score", "工作不扎实（得分率偏低）"},
	[RULE_OVERDUE] = {"overdue", "问题久拖不决（整改逾期）"},
	[RULE_EVIDENCE] = {"evidence", "成效不够明显（缺佐证材料）"},
	[RULE_COMPLAINTS] = {"complaints", "群众意见较多"},
	[RULE_MANUAL] = {"manual", "办公室立案"},
};

const char *rule_name(int rule)
{
	return rule >= 0 && rule < RULE__COUNT ? rule_names[rule].name : "?";
}

int rule_parse(const char *name)
{
	for (int r = 0; name && r < RULE__COUNT; r++)
		if (!strcmp(rule_names[r].name, name))
			return r;
	return -1;
}

const char *rule_label(int rule)
{
	return rule >= 0 && rule < RULE__COUNT ? rule_names[rule].label : "?";
}

static bool has_case(const struct rules_unit *u, int rule)
{
	for (int i = 0; i < u->ncases; i++)
		if (u->cases[i].rule == rule)
			return true;
	return false;
}

static void add(struct rules_proposal **out, int *n, int unit, int rule, char *reason, char *items)
{
	*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
	(*out)[(*n)++] = (struct rules_proposal){unit, rule, reason, items};
}

/* Criterion numbers as "4、5、8" (at most 12, then "等"). */
static char *number_list(const int *nos, int n)
{
	struct strbuf b = {0};
	for (int i = 0; i < n && i < 12; i++)
		sb_addf(&b, "%s%d", i ? "、" : "", nos[i]);
	if (n > 12)
		sb_adds(&b, " 等");
	char *s = xstrdup(sb_str(&b));
	sb_free(&b);
	return s;
}

/* The unit's case (not reported) that is overdue by the most days, or -1. */
static int most_overdue(const struct rules_unit *u, const char *today, long *days)
{
	int best = -1;
	*days = 0;
	for (int i = 0; i < u->ncases; i++) {
		if (u->cases[i].reported)
			continue; /* waiting for the office, not for the unit */
		long d = days_between(u->cases[i].deadline, today);
		if (d > *days) {
			*days = d;
			best = i;
		}
	}
	return best;
}

int rule_propose(const struct rules_unit *units, int n, const struct rules_settings *set, const char *today,
		  const char *material_deadline, struct rules_proposal **out)
{
	int np = 0;
	*out = NULL;
	bool after_deadline = material_deadline && days_between(material_deadline, today) > 0;
	for (int i = 0; i < n; i++) {
		const struct rules_unit *u = &units[i];
		if (u->complete && u->percent < set->score_below * 10 && !has_case(u, RULE_SCORE)) {
			char pct[24];
			add(out, &np, i, RULE_SCORE, xasprintf("得分率 %s%%，低于 %d%%", points_format1(u->percent, pct), set->score_below),
			    xstrdup("对照测评表逐项查找失分原因，制定整改措施并报告整改情况"));
		}
		long late;
		int k = most_overdue(u, today, &late);
		if (k >= 0 && late > set->overdue_days && !has_case(u, RULE_OVERDUE))
			add(out, &np, i, RULE_OVERDUE,
			    xasprintf("督办事项 #%lld 整改期限 %s，已逾期 %ld 天，超过 %d 天", (long long)u->cases[k].id,
				      u->cases[k].deadline, late, set->overdue_days),
			    xasprintf("督办事项 #%lld 限期完成整改并报告；说明逾期原因", (long long)u->cases[k].id));
		if (after_deadline && u->nmissing > 0 && !has_case(u, RULE_EVIDENCE)) {
			char *list = number_list(u->missing, u->nmissing);
			add(out, &np, i, RULE_EVIDENCE,
			    xasprintf("材料截止 %s 已过，仍有 %d 项测评内容无佐证材料：%s", material_deadline, u->nmissing, list),
			    xasprintf("补齐下列测评内容的佐证材料或台账：%s", list));
			free(list);
		}
		if (u->complaints >= set->complaints && !has_case(u, RULE_COMPLAINTS))
			add(out, &np, i, RULE_COMPLAINTS,
			    xasprintf("近 %d 天群众意见 %d 件，达到 %d 件", set->complaint_days, u->complaints, set->complaints),
			    xstrdup("逐件核查群众反映的问题，回应群众并报告处理结果"));
	}
	return np;
}

void rule_proposals_free(struct rules_proposal *p, int n)
{
	for (int i = 0; i < n; i++)
		free(p[i].reason), free(p[i].items);
	free(p);
}
