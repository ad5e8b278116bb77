/* rubric.h — the scored rubric (测评表): items → indicators → numbered
 * criteria with parts, deduction and award rules, bonus and veto criteria,
 * responsible units (lead/co) and grade bands. Pure: JSON in, JSON out. */
#ifndef KAOPING_RUBRIC_H
#define KAOPING_RUBRIC_H
#include <jansson.h>
#include <stdbool.h>

#include "core/unitdir.h"
#include "core/util.h"

/* What a criterion's points mean for the result. */
enum criterion_kind {
	CRITERION_SCORED = 0, /* counts towards the applicable maximum */
	CRITERION_BONUS = 1,  /* 加分项: added on top, never in the maximum */
	CRITERION_VETO = 2,   /* 一票否决: no points; if triggered the grade fails */
};

/* A scored part of a criterion (criterion 1: 2 + 2). */
struct rubric_part {
	char *text;
	int points; /* tenths */
};

/* A responsible unit of a criterion. */
struct rubric_resp {
	int unit;  /* index into the campaign's unitdir */
	bool lead; /* 牵头 (true) or 配合 */
};

struct rubric_criterion {
	int no;            /* 测评内容 number, unique in the rubric */
	char *text;        /* verbatim, with its （得N分） markers */
	int points;        /* maximum, tenths; for bonus the cap */
	enum criterion_kind kind;
	int nparts;        /* 0 or >= 2 */
	struct rubric_part *parts;
	/* 每缺一项扣N分 / 扣N-M分: points = max(floor, points - deductions). */
	int deduct_min, deduct_max; /* per occurrence, tenths; 0 = no rule */
	int floor;                  /* tenths, default 0 (扣完为止) */
	/* 每项得N分，最高计M分: points = min(points, award * occurrences). */
	int award;                  /* tenths per occurrence; 0 = no rule */
	int indicator;     /* index into rubric.indicators */
	char *units_text;  /* criterion-level 责任单位 override or NULL */
	char **unit_names; /* that override's names as written (NULL-terminated) */
	bool all_units;    /* every unit of the campaign is responsible */
	int nresp;
	struct rubric_resp *resp; /* when !all_units (and lead units when all) */
	/* As the source writes it (each NULL when it says nothing): */
	char *label;       /* its number as written: "Ⅲ-2-1", "1.1.1", "（三）" */
	char *rule_text;   /* its scoring rule (评分标准) verbatim */
	json_t *rules;     /* that rule as read (docs/rubric-format.md 1.7): a list of
			    * {kind, text, …}, kept as given; only deduct/award above
			    * score by themselves */
	char **methods;    /* its own 测评方法 (NULL-terminated), or NULL: the indicator's */
	char **checklist;  /* lines under it without points of their own (NULL-terminated) */
	char *deadline_text; /* its own 完成时限 as written: 每半年, 常年坚持 */
};

struct rubric_indicator {
	int no;
	char *name;
	int item; /* index into rubric.items */
	int nmethods;
	char **methods;    /* 测评方法: 听取汇报, 查阅资料 */
	char *units_text;  /* 责任单位 as written, names joined with 、 */
	char **unit_names; /* the names as listed (NULL-terminated): 政府办, 文广局 */
	char *deadline;    /* YYYY-MM-DD, end of that day in the campaign's zone */
	char *deadline_text; /* as written: 2024年7月底 */
	int points;        /* sum of its scored criteria, tenths */
	int first, count;  /* its criteria: rubric.criteria[first .. first+count) */
	char *label;       /* its number as written, or NULL */
	int declared;      /* the points the source gives it (tenths), or -1; kept,
			    * not checked: a misprint is the source's */
	bool no_units;     /* the source names no responsible unit: the unit
			    * assessed answers for every criterion (all_units) */
};

struct rubric_item {
	int no;
	char *name;
	int points; /* tenths */
	int first, count; /* its indicators */
	char *label;   /* its number as written ("一", "Ⅱ"), or NULL */
	int declared;  /* the points the source gives it, or -1 (as an indicator's) */
};

struct rubric_grade {
	char *name;
	int min; /* percent in tenths: 优秀 from 900 */
};

struct rubric {
	char *title;
	int total_points; /* sum of scored criteria, tenths */
	int nitems, nindicators, ncriteria, ngrades;
	struct rubric_item *items;
	struct rubric_indicator *indicators;
	struct rubric_criterion *criteria; /* in rubric order */
	struct rubric_grade *grades;       /* by min, highest first; last min 0 */
	int declared_total; /* the total the source gives (总分100分), or -1 */
};

/* Builds a rubric from its JSON form (docs/rubric-format.md), resolving
 * responsible units through UNITS. DEFAULT_DEADLINE (may be NULL) fills
 * indicators without one. On success returns 0 and *OUT (free with
 * rubric_free). On bad input returns KP_EINPUT with E naming the field, e.g.
 * "items[0].indicators[1].criteria[2].points: 3 + 2 parts make 5, not 4". */
int rubric_from_json(json_t *root, const struct unitdir *units, const char *default_deadline,
		     struct rubric **out, struct kp_error *e);
/* Returns the JSON form of R (new reference; caller decrefs): the shape of
 * `rubric show --json`, and what rubric_from_json reads back unchanged. */
json_t *rubric_to_json(const struct rubric *r, const struct unitdir *units);
void rubric_free(struct rubric *r);

/* Returns the index of criterion NO or -1. */
int rubric_find(const struct rubric *r, int no);
/* True when unit U is responsible for criterion C (an index). */
bool rubric_applies(const struct rubric *r, int c, int unit);
/* True when unit U leads (牵头) criterion C. */
bool rubric_leads(const struct rubric *r, int c, int unit);
/* Maximum points of part P (0 = whole criterion) of criterion C, tenths. */
int rubric_part_points(const struct rubric *r, int c, int part);
/* For criterion C scored by grades (a "grade" rule: A档得100%，B档得66% …),
 * the points TEXT ("B", "b档", "B级") gives: the level's share of its
 * points, to the nearest tenth; -1 when C has no such rule or TEXT names
 * none of its levels. */
int rubric_grade_points(const struct rubric *r, int c, const char *text);
/* Name of the grade for PERCENT (tenths of a percent). */
const char *rubric_grade(const struct rubric *r, int percent);

/* Parses "8" or "8.2" into criterion and part number (part 0 = none).
 * Returns 0 or -1 when S is not of that form. */
int rubric_criterion_ref_parse(const char *s, int *no, int *part);
/* Builds one JSON number from tenths: 3 or 3.5. */
json_t *rubric_json_points(int tenths);
#endif
