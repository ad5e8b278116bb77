/* cases.h — listed supervision (挂牌督办) and rectification (整改): the
 * office opens a case against a unit (by hand or from a rule's proposal),
 * the unit reports what it fixed with files, the office closes it (销号) or
 * returns it, and overdue cases escalate 催办 → 督办 → 挂牌 → 集中整改.
 * Every step is a case event and an audit entry, in one transaction. */
#ifndef KAOPING_CASES_H
#define KAOPING_CASES_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "domain/campaign.h"
#include "io/table.h"
#include "core/rule.h"
#include "store/store.h"
#include "domain/evidence.h"
#include "domain/submissions.h"

enum case_state { CASE_OPEN = 0, CASE_REPORTED = 1, CASE_CLOSED = 2 };
#define CASE_LEVEL_MAX 4

/* "open", "reported", "closed" (JSON, CLI options). */
const char *cases_state_name(int state);
/* The state named NAME, or -1. */
int cases_state_parse(const char *name);
/* 整改中, 已报告, 已销号. */
const char *cases_state_label(int state);
/* 催办, 督办, 挂牌, 集中整改 for levels 1–4. */
const char *cases_level_label(int level);
/* 立案, 整改报告, 退回, 销号, 升级 for the event actions. */
const char *cases_action_label(const char *action);

/* A case as stored. */
struct case_record {
	int64_t id;
	int unit;    /* unit index */
	int rule;    /* enum case_rule, -1 when unknown */
	char *reason, *items;
	int level, state;
	char deadline[11];
	char *opened_by, *opened_at, *closed_at; /* closed_at "" while not closed */
};
void cases_record_free(struct case_record *r);

/* Which cases case_list returns. */
struct case_filter {
	int unit;      /* unit index, or -1 for every unit */
	int state;     /* enum case_state, or -1 for any */
	bool unclosed; /* only cases not closed */
	int min_level; /* lowest level (0 or 1: all) */
};

/* The campaign's cases matching F, oldest first; free with case_list_free. */
int cases_list(store *s, const struct campaign *c, const struct case_filter *f, struct case_record **out, int *n,
	      struct kp_error *e);
void cases_list_free(struct case_record *r, int n);
/* Case ID of the campaign into *OUT (free with case_record_free); KP_EINPUT
 * "no case #ID" when there is none. */
int cases_get(store *s, const struct campaign *c, int64_t id, struct case_record *out, struct kp_error *e);

/* A file kept with an event (a rectification report's attachment). */
struct case_file_info {
	int64_t id;
	char sha256[65];
	char *name, *type;
	int64_t size;
};
/* A step in a case's history. */
struct case_event_info {
	int64_t id;
	char *at, *actor, *action, *text;
	int level, state; /* after the step */
	int nfiles;
	struct case_file_info *files;
};
/* Case ID's events, oldest first, with their files; free with
 * case_events_free. */
int cases_events(store *s, int64_t id, struct case_event_info **out, int *n, struct kp_error *e);
void cases_events_free(struct case_event_info *ev, int n);
/* File FILE_ID: its case, content address, name and type (the caller frees
 * *NAME and *TYPE); KP_EINPUT when there is no such file. */
int cases_file_get(store *s, int64_t file_id, int64_t *case_id, char sha256[65], char **name, char **type,
		  struct kp_error *e);

/* A case to open. */
struct case_new {
	int unit;             /* unit index */
	int rule;             /* enum case_rule */
	const char *reason;   /* required */
	const char *items;    /* what to fix; may be NULL or empty */
	const char *deadline; /* YYYY-MM-DD from today on; NULL/"": today + case_deadline_days */
	int level;            /* 1–4; 0 means 1 */
};
/* Opens a case; *ID receives its number. KP_EINPUT naming the field
 * (reason, deadline, level, rule) when the input is not acceptable. */
int cases_open(store *s, const struct campaign *c, const struct case_new *in, const char *by, int64_t *id,
	      struct kp_error *e);

/* A proposal picked for opening: the unit and the rule that proposes it. */
struct case_pick {
	int unit; /* unit index */
	int rule; /* enum case_rule */
};
/* Opens the cases of the N proposals PICKS (批量立案) in one transaction,
 * all or nothing: each must be a proposal the rules make now (the same
 * checks as the proposals list), with its reason and items, at 催办 level
 * and the default deadline; each is audited. IDS[i] receives the number
 * of PICKS[i]'s case. KP_EINPUT naming the unit when a pick is not (or no
 * longer) proposed, or is given twice. */
int cases_open_proposals(store *s, const struct campaign *c, const struct case_pick *picks, int n, const char *by,
			int64_t *ids, struct kp_error *e);

/* A received file for a report (blob_put), and the name it came with. */
struct case_attachment {
	const char *name;
	struct blob *file;
};
/* The unit reports its rectification (整改报告) on case ID: TEXT and
 * files, checked like evidence and kept content-addressed. The case must
 * not be closed, and must belong to unit index UNIT (unless UNIT is -1);
 * it becomes reported. Every attachment's temporary file is gone after the
 * call, whatever happens. */
int cases_report(store *s, const struct campaign *c, int64_t id, int unit, const char *text,
		struct case_attachment *files, int nfiles, const char *by, struct kp_error *e);
/* The office verifies and closes (销号) case ID. A reported case closes
 * with or without NOTE; an open case (not reported) only with a NOTE saying
 * how the office verified it. */
int cases_close(store *s, const struct campaign *c, int64_t id, const char *note, const char *by, struct kp_error *e);
/* The office sends a reported case back to the unit with REASON: open again. */
int cases_return(store *s, const struct campaign *c, int64_t id, const char *reason, const char *by,
		struct kp_error *e);
/* The office raises case ID one level with a new DEADLINE (NULL/"": today +
 * case_deadline_days) and an optional NOTE. */
int cases_escalate(store *s, const struct campaign *c, int64_t id, const char *deadline, const char *note,
		  const char *by, struct kp_error *e);

/* One escalation made by case_sweep. */
struct case_escalation {
	int64_t id;
	int unit, from, to;
	char deadline[11];
};
/* Raises every open (not reported) case that is overdue by more than
 * case_overdue_days one level, with a new deadline today +
 * case_deadline_days; so running it again the same day changes nothing.
 * Cases at level 4 stay. *OUT (may be NULL) lists what was done; free it. */
int cases_sweep(store *s, const struct campaign *c, const char *by, struct case_escalation **out, int *n,
	       struct kp_error *e);

/* Gathers each unit's numbers from the store (assessor result, unproven
 * criteria, complaints in the period, cases not closed) and applies the
 * rules for today. Free *OUT with rules_proposals_free. */
int cases_propose(store *s, const struct campaign *c, struct rules_proposal **out, int *n, struct kp_error *e);

/* ---- printing (CLI, CSV and JSON answers) ---- */

/* The China-time date (campaign zone) of the UTC time ISO ("2024-07-30T01:00:00Z")
 * into OUT; "" when ISO is not such a time. */
void cases_day(const struct campaign *c, const char *iso, char out[11]);
/* Days case R is past its deadline on TODAY (0 when not past, or closed). */
long cases_overdue(const struct case_record *r, const char *today);
/* Prints the N cases at R in FORMAT: text shows the main columns, JSON
 * and CSV every field. */
void cases_print_list(const struct campaign *c, const struct case_record *r, int n, const char *today,
		     enum out_format fmt, FILE *out);
/* Prints the proposals P[0..N-1]. */
void cases_print_proposals(const struct campaign *c, const struct rules_proposal *p, int n, enum out_format fmt,
			  FILE *out);
/* The cases of the 挂牌督办清单: not closed, at level 3 (挂牌) and up, or
 * every level when ALL. */
struct case_filter cases_listing_filter(bool all);
/* The 挂牌督办清单: cases not closed at level 3 (挂牌) and up, or every
 * case not closed when ALL; text has a title line. */
int cases_print_listing(store *s, const struct campaign *c, bool all, enum out_format fmt, FILE *out,
		       struct kp_error *e);
#endif
