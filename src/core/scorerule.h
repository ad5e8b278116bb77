/* scorerule.h — a criterion's scoring rule (评分标准) as written in a real
 * rubric, read into the rules of the rubric format (docs/rubric-format.md
 * 1.7): deductions per occurrence (每发现一处扣2分), ranged (扣1-3分), with
 * a floor (扣完为止) or a cap (最多扣5分, 本项限扣5分), a threshold and a
 * rate (低于90%的，每低2个百分点扣1分), all or nothing (未制定不得分),
 * additive awards (每开展一次得1分) and their caps (最高计5分), grade
 * scoring (A/B/C/C# = 100%/66%/33%/0), a veto (一票否决). Several in one
 * rule are each read. Each rule keeps the words it came from; what is not
 * understood is not guessed at. Pure: text in, JSON out. */
#ifndef KAOPING_SCORERULE_H
#define KAOPING_SCORERULE_H
#include <jansson.h>
#include <stdbool.h>

/* What reading a rule gave, beside the rules themselves. */
struct scorerule_read {
	json_t *rules;      /* the list of rules (a new reference), or NULL: none recognised */
	/* The one rule kaoping scores by itself, when the whole rule is a
	 * single deduction (per occurrence or ranged, with its floor) or a
	 * single award: the criterion's "deduct" or "award". 0 when none. */
	int deduct_min, deduct_max, floor; /* tenths */
	int award;                          /* tenths */
	bool machine;       /* every rule read is scored by kaoping (deduct/award) */
	bool vetoes;        /* the rule vetoes (一票否决) */
	bool over;          /* a rule gives more points than the criterion's maximum */
	int over_points;    /* the largest such, tenths */
};

/* Reads the rule TEXT of a criterion worth POINTS (tenths; 0 when not
 * known) into *R (free with scorerule_free). */
void scorerule_parse(const char *text, int points, struct scorerule_read *r);
void scorerule_free(struct scorerule_read *r);

/* RULES (a "rules" list) in Chinese for a preview: "每处扣2分，扣完为止；不达标不得分". */
char *scorerule_describe(const json_t *rules);
#endif
