/* duties.c — duty rules in the store: proposals read from the criteria,
 * the office's decisions, and each unit's standing from its ledger. */
#include "domain/duties.h"
#include "store/sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/ledger.h"

#define DUTY_COUNT_MAX 366 /* at most one a day */

const char *duties_state_label(int state)
{
	switch (state) {
	case DUTY_CONFIRMED: return "已确认";
	case DUTY_REJECTED: return "已驳回";
	}
	return "待确认";
}

const char *duties_state_name(int state)
{
	switch (state) {
	case DUTY_CONFIRMED: return "confirmed";
	case DUTY_REJECTED: return "rejected";
	}
	return "proposed";
}

int duties_rules_load(store *s, const struct campaign *c, struct duty_rule **out, int *n, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_DUTY_LIST);
	int rc;
	*out = NULL;
	*n = 0;
	st_bind_int(st, 1, c->id);
	while ((rc = st_step(st, e)) == 1) {
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		(*out)[(*n)++] = (struct duty_rule){
			.id = st_int(st, 0),
			.criterion = (int)st_int(st, 1),
			.kind_id = st_int(st, 2),
			.kind = xstrdup(st_text(st, 3)),
			.min_count = (int)st_int(st, 4),
			.source = xstrdup(st_text(st, 5)),
			.state = (int)st_int(st, 6),
			.changed_by = xstrdup(st_text(st, 7)),
			.changed_at = xstrdup(st_text(st, 8)),
		};
	}
	return rc < 0 ? e->code : 0;
}

void duties_rules_free(struct duty_rule *r, int n)
{
	for (int i = 0; i < n; i++)
		free(r[i].kind), free(r[i].source), free(r[i].changed_by), free(r[i].changed_at);
	free(r);
}

/* The id of the rule for CRITERION and KIND_ID, or 0. */
static int64_t rule_find(store *s, const struct campaign *c, int criterion, int64_t kind_id, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_DUTY_FIND);
	st_bind_int(st, 1, c->id);
	st_bind_int(st, 2, criterion);
	st_bind_int(st, 3, kind_id);
	int rc = st_step(st, e);
	int64_t id = rc == 1 ? st_int(st, 0) : 0;
	st_reset(st);
	return rc < 0 ? -1 : id;
}

static int rule_insert(store *s, const struct campaign *c, int criterion, const struct ledger_kind *kind, int count,
		       const char *source, int state, const char *by, int64_t *id, struct kp_error *e)
{
	char *at = now_utc_iso();
	store_stmt *st = store_sql(s, SQL_DUTY_INSERT);
	st_bind_int(st, 1, c->id);
	st_bind_int(st, 2, criterion);
	st_bind_int(st, 3, kind->id);
	st_bind_int(st, 4, count);
	st_bind_text(st, 5, source);
	st_bind_int(st, 6, state);
	st_bind_text(st, 7, by);
	st_bind_text(st, 8, at);
	int rc = st_step(st, e);
	if (rc == 1 && id)
		*id = st_int(st, 0);
	st_reset(st);
	free(at);
	if (rc != 1)
		return rc == 0 ? kp_fail(e, KP_EFAIL, "insert returned no id") : e->code;
	char *subject = xasprintf("criterion %d", criterion);
	char *detail = xasprintf("%s >= %d per year (%s)", kind->name, count, duties_state_name(state));
	audit_log(s, by, state == DUTY_PROPOSED ? "duty.propose" : "duty.add", subject, detail, e);
	free(subject), free(detail);
	return e->code;
}

int duties_propose(store *s, const struct campaign *c, const char *by, int *added, struct kp_error *e)
{
	const struct rubric *r = c->rubric;
	struct ledger_kinds kinds;
	*added = 0;
	if (store_begin(s, e))
		return e->code;
	if (ledger_kinds_load(s, c->id, &kinds, e))
		goto fail;
	for (int k = 0; k < r->ncriteria; k++) {
		struct duty_found found[8];
		int n = duty_find(r->criteria[k].text, found, 8);
		for (int i = 0; i < n; i++) {
			int kind = ledger_kind_find(&kinds, found[i].kind);
			if (kind < 0)
				continue; /* the campaign has no such kind */
			int64_t have = rule_find(s, c, r->criteria[k].no, kinds.k[kind].id, e);
			if (have < 0)
				goto fail;
			if (have)
				continue;
			if (rule_insert(s, c, r->criteria[k].no, &kinds.k[kind], found[i].count, found[i].clause,
					DUTY_PROPOSED, by, NULL, e))
				goto fail;
			(*added)++;
		}
	}
	if (store_commit(s, e))
		goto fail;
	ledger_kinds_free(&kinds);
	return 0;
fail:
	store_rollback(s);
	ledger_kinds_free(&kinds);
	return e->code;
}

/* Parses a rule's count: a whole number from 1 to 366. */
static int parse_count(const char *s, int *v, struct kp_error *e)
{
	char *end;
	long n = s ? strtol(s, &end, 10) : 0;
	if (!s || !*s || *end || n < 1 || n > DUTY_COUNT_MAX)
		return kp_fail(e, KP_EINPUT, "count: \"%s\" is not a number of activities from 1 to %d", s ? s : "",
			       DUTY_COUNT_MAX);
	*v = (int)n;
	return 0;
}

int duties_add(store *s, const struct campaign *c, int criterion, const char *kind, const char *count, const char *by,
	     int64_t *id, struct kp_error *e)
{
	struct ledger_kinds kinds = {0};
	int n, k;
	if (rubric_find(c->rubric, criterion) < 0)
		return kp_fail(e, KP_EINPUT, "criterion: %d is not a criterion of the rubric", criterion);
	if (parse_count(count, &n, e))
		return e->code;
	if (store_begin(s, e))
		return e->code;
	if (ledger_kinds_load(s, c->id, &kinds, e))
		goto fail;
	if ((k = ledger_kind_find(&kinds, kind)) < 0) {
		kp_fail_at(e, KP_EINPUT, KP_R_UNKNOWN, "kind", 0, 0, "kind: \"%s\" is not a ledger kind", kind ? kind : "");
		goto fail;
	}
	int64_t have = rule_find(s, c, criterion, kinds.k[k].id, e);
	if (have < 0)
		goto fail;
	if (have) {
		kp_fail_at(e, KP_EINPUT, KP_R_DUPLICATE, "kind", 0, 0, "criterion %d already has rule %lld for %s", criterion,
			   (long long)have, kinds.k[k].name);
		goto fail;
	}
	if (rule_insert(s, c, criterion, &kinds.k[k], n, "", DUTY_CONFIRMED, by, id, e) || store_commit(s, e))
		goto fail;
	ledger_kinds_free(&kinds);
	return 0;
fail:
	store_rollback(s);
	ledger_kinds_free(&kinds);
	return e->code;
}

int duties_change(store *s, const struct campaign *c, int64_t id, int state, const char *kind, const char *count,
		const char *action, const char *by, struct kp_error *e)
{
	struct duty_rule *rules = NULL;
	struct ledger_kinds kinds = {0};
	int n = 0, i, k = -1, v = 0;
	if (count && parse_count(count, &v, e))
		return e->code;
	if (store_begin(s, e))
		return e->code;
	if (duties_rules_load(s, c, &rules, &n, e) || ledger_kinds_load(s, c->id, &kinds, e))
		goto fail;
	for (i = 0; i < n && rules[i].id != id; i++)
		;
	if (i == n) {
		kp_fail_at(e, KP_EINPUT, KP_R_NOT_FOUND, "rule", 0, 0, "no duty rule %lld", (long long)id);
		goto fail;
	}
	struct duty_rule *r = &rules[i];
	k = ledger_kind_by_id(&kinds, r->kind_id);
	if (kind && (k = ledger_kind_find(&kinds, kind)) < 0) {
		kp_fail_at(e, KP_EINPUT, KP_R_UNKNOWN, "kind", 0, 0, "kind: \"%s\" is not a ledger kind", kind);
		goto fail;
	}
	if (k < 0) {
		kp_fail(e, KP_EFAIL, "duty rule %lld names a kind that does not exist", (long long)id);
		goto fail;
	}
	int64_t other = rule_find(s, c, r->criterion, kinds.k[k].id, e);
	if (other < 0)
		goto fail;
	if (other && other != id) {
		kp_fail(e, KP_EINPUT, "kind: criterion %d already has rule %lld for %s", r->criterion, (long long)other,
			kinds.k[k].name);
		goto fail;
	}
	char *at = now_utc_iso(), *subject = xasprintf("duty %lld (criterion %d)", (long long)id, r->criterion);
	int to_state = state >= 0 ? state : r->state, to_count = count ? v : r->min_count;
	char *detail = xasprintf("%s >= %d per year (%s)", kinds.k[k].name, to_count, duties_state_name(to_state));
	store_stmt *st = store_sql(s, SQL_DUTY_SET);
	st_bind_int(st, 1, id);
	st_bind_int(st, 2, kinds.k[k].id);
	st_bind_int(st, 3, to_count);
	st_bind_int(st, 4, to_state);
	st_bind_text(st, 5, by);
	st_bind_text(st, 6, at);
	int rc = st_exec(st, e) || audit_log(s, by, action, subject, detail, e) || store_commit(s, e);
	free(at), free(subject), free(detail);
	if (rc)
		goto fail;
	duties_rules_free(rules, n);
	ledger_kinds_free(&kinds);
	return 0;
fail:
	store_rollback(s);
	duties_rules_free(rules, n);
	ledger_kinds_free(&kinds);
	return e->code;
}

const char *duties_deadline(const struct campaign *c, char *buf)
{
	if (c->deadline && date_valid(c->deadline))
		snprintf(buf, 11, "%s", c->deadline);
	else
		snprintf(buf, 11, "%04d-12-31", c->year);
	return buf;
}

const char *duties_today(const struct campaign *c, char *buf)
{
	char *today = campaign_today(c); /* China time; KAOPING_TODAY in tests */
	snprintf(buf, 11, "%s", today);
	free(today);
	return buf;
}

int duties_standing(store *s, const struct campaign *c, const struct duty_rule *rules, int n, int unit,
		    const char *today, struct duty_standing **out, int *nout, struct kp_error *e)
{
	struct ledger_kinds kinds;
	char from[16], to[16], deadline[11];
	*out = NULL;
	*nout = 0;
	if (ledger_kinds_load(s, c->id, &kinds, e))
		return e->code;
	/* Entries per unit and kind in the campaign year: counts[u * nkinds + k]. */
	int *counts = xcalloc((size_t)c->units.n * (size_t)(kinds.n ? kinds.n : 1), sizeof *counts);
	snprintf(from, sizeof from, "%04d-01-01", c->year);
	snprintf(to, sizeof to, "%04d-12-31", c->year);
	store_stmt *st = store_sql(s, SQL_LEDGER_COUNTS);
	st_bind_int(st, 1, c->id);
	st_bind_text(st, 2, from);
	st_bind_text(st, 3, to);
	int rc;
	while ((rc = st_step(st, e)) == 1) {
		int u = unitdir_by_id(&c->units, st_int(st, 0)), k = ledger_kind_by_id(&kinds, st_int(st, 1));
		if (u >= 0 && k >= 0)
			counts[u * kinds.n + k] = (int)st_int(st, 2);
	}
	duties_deadline(c, deadline);
	for (int i = 0; rc == 0 && i < n; i++) {
		int k = ledger_kind_by_id(&kinds, rules[i].kind_id), cr = rubric_find(c->rubric, rules[i].criterion);
		if (rules[i].state != DUTY_CONFIRMED || k < 0 || cr < 0)
			continue; /* only confirmed rules of criteria still in the rubric */
		for (int u = 0; u < c->units.n; u++) {
			if ((unit >= 0 && u != unit) || !rubric_applies(c->rubric, cr, u))
				continue;
			*out = xrealloc(*out, (size_t)(*nout + 1) * sizeof **out);
			int done = counts[u * kinds.n + k];
			(*out)[(*nout)++] = (struct duty_standing){u, i, done,
								   duty_verdict(done, rules[i].min_count, today, deadline)};
		}
	}
	free(counts);
	ledger_kinds_free(&kinds);
	return rc < 0 ? e->code : 0;
}

void duties_print_standing(const struct campaign *c, const struct duty_rule *rules, const struct duty_standing *st,
			   int n, enum out_format fmt, FILE *out)
{
	static const struct column cols[] = {
		{"unit", "单位", false},  {"rule", "规则", true},       {"criterion", "测评内容", true},
		{"kind", "类型", false},  {"required", "应完成", true}, {"done", "已完成", true},
		{"status", "状态", false}, {"due", "截止", false},
	};
	char deadline[11];
	duties_deadline(c, deadline);
	struct table *t = table_new(out, fmt, cols, 8);
	for (int i = 0; i < n; i++) {
		const struct duty_rule *r = &rules[st[i].rule];
		struct cell cells[] = {
			{CELL_TEXT, c->units.names[st[i].unit], 0},
			{CELL_INT, NULL, r->id},
			{CELL_INT, NULL, r->criterion},
			{CELL_TEXT, r->kind, 0},
			{CELL_INT, NULL, r->min_count},
			{CELL_INT, NULL, st[i].done},
			{CELL_TEXT, fmt == OUT_JSON ? duty_verdict_name(st[i].verdict) : duty_verdict_label(st[i].verdict), 0},
			{CELL_TEXT, deadline, 0},
		};
		table_row(t, cells);
	}
	table_end(t);
}
