/* duty.h — recurring duties written inside a criterion ("每年专题研究部署…
 * 不少于2次"): finding them in the text, and judging a unit's ledger against
 * one. Pure: no store, no clock (today is an argument). */
#ifndef KAOPING_DUTY_H
#define KAOPING_DUTY_H
#include <stdbool.h>

/* The kinds of ledger activity every campaign starts with, in order
 * (NULL-terminated): 专题会议, 理论中心组学习, 宣传月活动, 节庆活动,
 * 走访慰问, 培训. */
extern const char *const ledger_builtin_kinds[];

/* A duty found in a criterion's text. */
struct duty_found {
	int count;         /* at least this many activities … */
	const char *kind;  /* … of this built-in kind (static) */
	char clause[400];  /* the words it was read from, trimmed */
};

/* Finds the duties in TEXT (a criterion as written): a clause with a
 * minimum ("不少于2次", "至少安排1次", "不少于两次") and a keyword naming
 * the kind (专题研究/专题会议 → 专题会议, 理论中心组 → 理论中心组学习,
 * 宣传月, 培训, 走访/慰问, 节庆). Writes up to MAX into OUT and returns how
 * many were found; a clause with a count but no known kind is skipped. */
int duty_find(const char *text, struct duty_found *out, int max);

/* Reads a small count written in Arabic or Chinese numerals at *P ("2",
 * "两", "十二"), advancing *P past it. Returns the number, or -1 (and *P
 * unchanged) when none is there. */
int duty_number(const char **p);

/* How a unit stands against a confirmed duty. */
enum duty_verdict {
	DUTY_MET,     /* 已完成: done >= need */
	DUTY_PENDING, /* 未完成: short, the deadline has not passed */
	DUTY_MISSED,  /* 未按期完成: short and the deadline has passed */
};

/* The verdict for DONE of NEED activities on day TODAY, with the duty due
 * by the end of day DEADLINE (both YYYY-MM-DD in the campaign's zone: the
 * deadline day itself still counts as in time). */
enum duty_verdict duty_verdict(int done, int need, const char *today, const char *deadline);
/* 已完成 / 未完成 / 未按期完成. */
const char *duty_verdict_label(enum duty_verdict v);
/* met / pending / missed, for JSON. */
const char *duty_verdict_name(enum duty_verdict v);
#endif
