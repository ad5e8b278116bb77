/* submissions.h — a unit's self-assessment submission (提交 / 退回): once
 * submitted, its scores, evidence and criterion-linked ledger entries are
 * frozen until the office returns it. */
#ifndef KAOPING_SUBMISSIONS_H
#define KAOPING_SUBMISSIONS_H
#include <stddef.h>
#include <stdint.h>

#include "domain/campaign.h"

enum submission_state { SUBMISSION_DRAFT = 0, SUBMISSION_SUBMITTED = 1, SUBMISSION_RETURNED = 2 };

/* 草稿 / 已提交 / 已退回. */
const char *submissions_label(int state);

/* Reads unit U's submission state (DRAFT when never submitted) and the
 * office's reason when it was returned (REASON may be NULL). */
int submissions_get(store *s, const struct campaign *c, int u, int *state, char reason[512], struct kp_error *e);
/* A criterion part ("8.2": NO 8, PART 2; PART 0 for a criterion in one piece). */
struct part_ref {
	int no, part;
};
/* The criterion parts unit U answers for that have no self-assessment yet,
 * in rubric order, into *OUT (caller frees) and *N: what keeps it from
 * submitting. */
int submissions_missing(store *s, const struct campaign *c, int u, struct part_ref **out, int *n, struct kp_error *e);
/* The unit submits its self-assessment: every criterion part it answers
 * for must be self-assessed (submissions_missing; the missing ones are
 * listed, reason KP_R_STATE, field "self"). */
int submissions_submit(store *s, const struct campaign *c, int u, const char *by, struct kp_error *e);
/* The office sends a submitted self-assessment back, with a reason. */
int submissions_return(store *s, const struct campaign *c, int u, const char *reason, const char *by,
		      struct kp_error *e);

/* Refuses, inside the caller's transaction, a change to what unit U's
 * self-assessment rests on while it is submitted (its self scores, its
 * evidence, the ledger entries linked to its criteria): KP_EINPUT saying
 * "UNIT has submitted its self-assessment: WHAT …"; 0 while it is a
 * draft or was returned (退回). WHAT names what stays ("its evidence"). */
int submissions_frozen(store *s, const struct campaign *c, int u, const char *what, struct kp_error *e);
/* True when E is such a refusal, so an interface can word it its own way
 * (the web in Chinese). */
bool submissions_frozen_error(const struct kp_error *e);

/* Which assessor scores a reader in ROLE (auth.h) may see: the lowest
 * state shown (SCORE_DRAFT: all). Admin, assessor, leader and auditor see
 * everything; a unit's clerk what the setting unit_sees_assessor allows
 * (final by default: nothing before the office finalises the results).
 * On a store error *MIN_STATE is SCORE_FINAL (shows the least). */
int submissions_assessor_floor(store *s, const struct campaign *c, int role, int *min_state, struct kp_error *e);

#endif
