/* rule.h — the supervision rules of the seed's 保障措施: which units the
 * office should put under listed supervision (挂牌督办), from plain numbers
 * the caller gathered. Pure: no I/O, no clock; "today" is an argument. */
#ifndef KAOPING_RULES_H
#define KAOPING_RULES_H
#include <stdbool.h>
#include <stdint.h>

/* The four conditions of the seed, and a case the office opens by hand. */
enum case_rule {
	RULE_SCORE,      /* 工作不扎实: result percent below the threshold */
	RULE_OVERDUE,    /* 问题久拖不决: a rectification overdue too long */
	RULE_EVIDENCE,   /* 成效不够明显: criteria without evidence after the material deadline */
	RULE_COMPLAINTS, /* 群众意见较多: complaints in the period reach the threshold */
	RULE_MANUAL,     /* opened by the office without a rule */
	RULE__COUNT
};

/* "score", "overdue", "evidence", "complaints", "manual". */
const char *rule_name(int rule);
/* The rule named NAME, or -1. */
int rule_parse(const char *name);
/* The condition in the seed's words (工作不扎实 …), for pages and lists. */
const char *rule_label(int rule);

/* A case of the unit that is not closed yet. */
struct rules_case {
	int64_t id;
	int rule;
	bool reported;        /* the unit has reported; the office has not decided */
	const char *deadline; /* YYYY-MM-DD */
};

/* What the rules look at for one unit. */
struct rules_unit {
	bool complete;   /* its assessment is complete: every applicable part
			  * scored and submitted (else the score rule is silent:
			  * drafts and half-scored sheets never make a case) */
	int percent;     /* points / applicable maximum, tenths of a percent */
	int nmissing;    /* applicable criteria without evidence or ledger entry */
	const int *missing; /* their numbers, ascending */
	int complaints;  /* complaints received in the period */
	int ncases;
	const struct rules_case *cases;
};

/* The office's thresholds (settings case_*). */
struct rules_settings {
	int score_below;    /* percent */
	int overdue_days;
	int complaints;
	int complaint_days;
};

/* A proposed case: unit index, rule, and texts naming the numbers. */
struct rules_proposal {
	int unit;
	int rule;
	char *reason; /* "得分率 52.0%，低于 60%" */
	char *items;  /* what to fix, a suggestion the office may edit */
};

/* Applies the four rules to UNITS[0..N-1] on TODAY (YYYY-MM-DD, the
 * campaign's zone) with MATERIAL_DEADLINE (YYYY-MM-DD or NULL: the evidence
 * rule is silent). Never proposes a rule for a unit that already has a case
 * for it that is not closed. Returns the number of proposals, in unit
 * order then rule order, in *OUT (free with rules_proposals_free). */
int rule_propose(const struct rules_unit *units, int n, const struct rules_settings *set, const char *today,
		  const char *material_deadline, struct rules_proposal **out);
void rule_proposals_free(struct rules_proposal *p, int n);
#endif
