/* duties.h — recurring duties in the store (duty_rule): proposed from the
 * criteria's text (duty.h), confirmed, edited or rejected by the office,
 * and each unit's standing against the confirmed ones, from its ledger. */
#ifndef KAOPING_DUTIES_H
#define KAOPING_DUTIES_H
#include <stdint.h>

#include "domain/campaign.h"
#include "core/duty.h"
#include "io/table.h"

enum duty_state { DUTY_PROPOSED = 0, DUTY_CONFIRMED = 1, DUTY_REJECTED = 2 };

/* 待确认 / 已确认 / 已驳回. */
const char *duties_state_label(int state);
/* proposed / confirmed / rejected. */
const char *duties_state_name(int state);

/* A rule: at least MIN_COUNT activities of KIND per year for CRITERION. */
struct duty_rule {
	int64_t id, kind_id;
	int criterion, min_count, state;
	char *kind, *source, *changed_by, *changed_at;
};
/* Loads the campaign's rules by criterion (free with duty_rules_free). */
int duties_rules_load(store *s, const struct campaign *c, struct duty_rule **out, int *n, struct kp_error *e);
void duties_rules_free(struct duty_rule *r, int n);

/* Reads every criterion's text and stores each duty found as a proposal,
 * unless a rule for that criterion and kind exists already (in any state:
 * a rejected proposal is not made again). *ADDED counts the new ones. */
int duties_propose(store *s, const struct campaign *c, const char *by, int *added, struct kp_error *e);
/* The office adds a rule of its own, confirmed at once. KP_EINPUT when
 * the criterion, kind or count is wrong (count 1–366). */
int duties_add(store *s, const struct campaign *c, int criterion, const char *kind, const char *count, const char *by,
	     int64_t *id, struct kp_error *e);
/* Changes rule ID: its STATE (-1 keeps it), KIND (NULL keeps it), COUNT
 * (NULL keeps it). Audited as ACTION (duty.confirm, duty.edit, …). */
int duties_change(store *s, const struct campaign *c, int64_t id, int state, const char *kind, const char *count,
		const char *action, const char *by, struct kp_error *e);

/* The day a year's duties are due: the campaign's deadline, or the end of
 * its year when it has none. Into BUF (11 bytes); returns BUF. */
const char *duties_deadline(const struct campaign *c, char *buf);
/* Today's date in the campaign's zone (campaign_today), into BUF (11). */
const char *duties_today(const struct campaign *c, char *buf);

/* One unit against one confirmed rule. */
struct duty_standing {
	int unit;  /* index into the campaign's units */
	int rule;  /* index into the rules given */
	int done;  /* entries of the rule's kind dated in the campaign year */
	enum duty_verdict verdict;
};
/* For every confirmed rule of RULES (N) and every unit responsible for its
 * criterion (UNIT >= 0: that unit only), the standing on day TODAY.
 * *OUT is freed by the caller. */
int duties_standing(store *s, const struct campaign *c, const struct duty_rule *rules, int n, int unit,
		    const char *today, struct duty_standing **out, int *nout, struct kp_error *e);
/* Prints STANDINGS as a table in FMT. */
void duties_print_standing(const struct campaign *c, const struct duty_rule *rules, const struct duty_standing *st,
			   int n, enum out_format fmt, FILE *out);
#endif
