/* submissions.c — a unit's self-assessment submission (提交 / 退回) in the
 * store, the freeze it puts on the unit's scores and evidence, and which
 * assessor scores a unit's clerk may see. */
#include "domain/submissions.h"
#include "domain/messages.h"
#include "store/sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/score.h"
#include "domain/auth.h"
#include "domain/settings.h"

const char *submissions_label(int state)
{
	switch (state) {
	case SUBMISSION_SUBMITTED: return "已提交";
	case SUBMISSION_RETURNED: return "已退回";
	}
	return "草稿";
}

int submissions_get(store *s, const struct campaign *c, int u, int *state, char reason[512], struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_SUBMISSION_GET);
	st_bind_int(st, 1, c->units.ids[u]);
	int rc = st_step(st, e);
	if (rc < 0)
		return e->code;
	*state = rc ? (int)st_int(st, 0) : SUBMISSION_DRAFT;
	if (reason)
		snprintf(reason, 512, "%s", rc ? st_text(st, 1) : "");
	st_reset(st);
	return 0;
}

static int submission_set(store *s, const struct campaign *c, int u, int state, const char *reason, const char *by,
			  struct kp_error *e)
{
	char *now = now_utc_iso();
	store_stmt *st = store_sql(s, SQL_SUBMISSION_SET);
	st_bind_int(st, 1, c->units.ids[u]);
	st_bind_int(st, 2, state);
	st_bind_text(st, 3, reason);
	st_bind_text(st, 4, by);
	st_bind_text(st, 5, now);
	int rc = st_exec(st, e);
	free(now);
	return rc ? e->code : 0;
}

int submissions_missing(store *s, const struct campaign *c, int u, struct part_ref **out, int *n, struct kp_error *e)
{
	const struct rubric *r = c->rubric;
	*out = NULL;
	*n = 0;
	for (int k = 0; k < r->ncriteria; k++) {
		const struct rubric_criterion *cr = &r->criteria[k];
		if (!rubric_applies(r, k, u) || cr->kind == CRITERION_VETO)
			continue;
		for (int p = cr->nparts ? 1 : 0; p <= cr->nparts; p++) {
			store_stmt *st = store_sql(s, SQL_SCORE_GET);
			st_bind_int(st, 1, c->units.ids[u]);
			st_bind_int(st, 2, cr->no);
			st_bind_int(st, 3, p);
			st_bind_int(st, 4, SCORE_SELF);
			int rc = st_step(st, e);
			st_reset(st);
			if (rc < 0) {
				free(*out);
				*out = NULL, *n = 0;
				return e->code;
			}
			if (rc == 0) {
				*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
				(*out)[(*n)++] = (struct part_ref){cr->no, p};
			}
		}
	}
	return 0;
}

int submissions_submit(store *s, const struct campaign *c, int u, const char *by, struct kp_error *e)
{
	int state;
	if (store_begin(s, e))
		return e->code;
	if (submissions_get(s, c, u, &state, NULL, e))
		goto fail;
	if (state == SUBMISSION_SUBMITTED) {
		kp_fail_why(e, KP_EINPUT, KP_R_STATE, "%s has already submitted its self-assessment", c->units.names[u]);
		goto fail;
	}
	/* Every part the unit answers for needs its self-assessment. */
	struct part_ref *gaps;
	int nmissing;
	if (submissions_missing(s, c, u, &gaps, &nmissing, e))
		goto fail;
	struct strbuf missing = {0};
	for (int i = 0; i < nmissing && i < 12; i++)
		sb_addf(&missing, gaps[i].part ? "%s%d.%d" : "%s%d", i ? ", " : "", gaps[i].no, gaps[i].part);
	free(gaps);
	if (nmissing) {
		kp_fail_at(e, KP_EINPUT, KP_R_STATE, "self", 0, nmissing,
			   "self-assess every criterion before submitting; missing: %s%s", sb_str(&missing),
			   nmissing > 12 ? " …" : "");
		sb_free(&missing);
		goto fail;
	}
	sb_free(&missing);
	if (submission_set(s, c, u, SUBMISSION_SUBMITTED, "", by, e) ||
	    audit_log(s, by, "self.submit", c->units.names[u], "", e) || store_commit(s, e))
		goto fail;
	return 0;
fail:
	store_rollback(s);
	return e->code;
}

int submissions_return(store *s, const struct campaign *c, int u, const char *reason, const char *by,
		      struct kp_error *e)
{
	int state;
	char *why = text_trim(reason ? reason : "");
	if (!*why || !utf8_valid(why, strlen(why)) || strlen(why) > 500) {
		free(why);
		return kp_fail_at(e, KP_EINPUT, reason && *reason ? KP_R_TOO_LONG : KP_R_REQUIRED, "reason", 0, 166,
				  "reason: say why the self-assessment goes back (at most 500 bytes)");
	}
	if (store_begin(s, e))
		goto out;
	if (submissions_get(s, c, u, &state, NULL, e))
		goto fail;
	if (state != SUBMISSION_SUBMITTED) {
		kp_fail(e, KP_EINPUT, "%s has not submitted its self-assessment; there is nothing to return",
			c->units.names[u]);
		goto fail;
	}
	struct message_new m = {.kind = MSG_SELF_RETURNED, .unit = u, .note = why};
	if (submission_set(s, c, u, SUBMISSION_RETURNED, why, by, e) ||
	    audit_log(s, by, "self.return", c->units.names[u], why, e) || messages_post(s, c, &m, TO_UNIT, NULL, e) ||
	    store_commit(s, e))
		goto fail;
	goto out;
fail:
	store_rollback(s);
out:
	free(why);
	return e->code;
}

int submissions_frozen(store *s, const struct campaign *c, int u, const char *what, struct kp_error *e)
{
	int state;
	if (submissions_get(s, c, u, &state, NULL, e))
		return e->code;
	if (state == SUBMISSION_SUBMITTED)
		return kp_fail_why(e, KP_EINPUT, KP_R_FROZEN,
				   "%s has submitted its self-assessment: %s stay as submitted until the office returns it",
				   c->units.names[u], what);
	return 0;
}

bool submissions_frozen_error(const struct kp_error *e)
{
	return e->code == KP_EINPUT && e->reason == KP_R_FROZEN;
}

int submissions_assessor_floor(store *s, const struct campaign *c, int role, int *min_state, struct kp_error *e)
{
	/* the values of unit_sees_assessor: final, submitted, always */
	static const int floors[] = {SCORE_FINAL, SCORE_SUBMITTED, SCORE_DRAFT};
	int64_t v;
	*min_state = SCORE_DRAFT;
	if (role != ROLE_UNIT)
		return 0;
	*min_state = SCORE_FINAL;
	if (settings_get(s, c->id, "unit_sees_assessor", &v, e))
		return e->code;
	if (v >= 0 && v < (int64_t)(sizeof floors / sizeof *floors))
		*min_state = floors[v];
	return 0;
}

