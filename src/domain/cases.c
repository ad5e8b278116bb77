/* cases.c — supervision cases in the store: open, report, return, close,
 * escalate, the daily sweep, and the numbers the rules look at. */
#include "domain/cases.h"
#include "store/sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/messages.h"
#include "domain/report.h"
#include "domain/settings.h"

const char *cases_state_name(int state)
{
	switch (state) {
	case CASE_OPEN: return "open";
	case CASE_REPORTED: return "reported";
	case CASE_CLOSED: return "closed";
	}
	return "?";
}

int cases_state_parse(const char *name)
{
	for (int st = CASE_OPEN; name && st <= CASE_CLOSED; st++)
		if (!strcmp(cases_state_name(st), name))
			return st;
	return -1;
}

const char *cases_state_label(int state)
{
	switch (state) {
	case CASE_OPEN: return "整改中";
	case CASE_REPORTED: return "已报告";
	case CASE_CLOSED: return "已销号";
	}
	return "?";
}

const char *cases_level_label(int level)
{
	static const char *const labels[] = {"催办", "督办", "挂牌", "集中整改"};
	return level >= 1 && level <= CASE_LEVEL_MAX ? labels[level - 1] : "?";
}

const char *cases_action_label(const char *action)
{
	static const char *const labels[][2] = {
		{"open", "立案"}, {"report", "整改报告"}, {"return", "退回"}, {"close", "销号"}, {"escalate", "升级"},
	};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (!strcmp(labels[i][0], action))
			return labels[i][1];
	return action;
}

void cases_record_free(struct case_record *r)
{
	free(r->reason), free(r->items), free(r->opened_by), free(r->opened_at), free(r->closed_at);
	memset(r, 0, sizeof *r);
}

void cases_list_free(struct case_record *r, int n)
{
	for (int i = 0; i < n; i++)
		cases_record_free(&r[i]);
	free(r);
}

/* A row of SQL_CASE_GET or SQL_CASE_LIST into R. */
static void read_case(store_stmt *st, const struct campaign *c, struct case_record *r)
{
	r->id = st_int(st, 0);
	r->unit = unitdir_by_id(&c->units, st_int(st, 1));
	r->rule = rule_parse(st_text(st, 2));
	r->reason = xstrdup(st_text(st, 3));
	r->items = xstrdup(st_text(st, 4));
	r->level = (int)st_int(st, 5);
	r->state = (int)st_int(st, 6);
	snprintf(r->deadline, sizeof r->deadline, "%s", st_text(st, 7));
	r->opened_by = xstrdup(st_text(st, 8));
	r->opened_at = xstrdup(st_text(st, 9));
	r->closed_at = xstrdup(st_text(st, 10));
}

int cases_list(store *s, const struct campaign *c, const struct case_filter *f, struct case_record **out, int *n,
	      struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_CASE_LIST);
	int rc;
	*out = NULL;
	*n = 0;
	st_bind_int(st, 1, c->id);
	st_bind_int(st, 2, f->unit >= 0 ? c->units.ids[f->unit] : 0);
	st_bind_int(st, 3, f->state);
	st_bind_int(st, 4, f->unclosed);
	st_bind_int(st, 5, f->min_level);
	while ((rc = st_step(st, e)) == 1) {
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		read_case(st, c, &(*out)[(*n)++]);
	}
	if (rc < 0) {
		cases_list_free(*out, *n);
		*out = NULL;
		*n = 0;
		return e->code;
	}
	return 0;
}

int cases_get(store *s, const struct campaign *c, int64_t id, struct case_record *out, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_CASE_GET);
	memset(out, 0, sizeof *out);
	st_bind_int(st, 1, id);
	st_bind_int(st, 2, c->id);
	int rc = st_step(st, e);
	if (rc < 0)
		return e->code;
	if (rc == 0)
		return kp_fail(e, KP_EINPUT, "没有督办事项 #%lld", (long long)id);
	read_case(st, c, out);
	st_reset(st);
	return 0;
}

void cases_events_free(struct case_event_info *ev, int n)
{
	for (int i = 0; i < n; i++) {
		free(ev[i].at), free(ev[i].actor), free(ev[i].action), free(ev[i].text);
		for (int k = 0; k < ev[i].nfiles; k++)
			free(ev[i].files[k].name), free(ev[i].files[k].type);
		free(ev[i].files);
	}
	free(ev);
}

int cases_events(store *s, int64_t id, struct case_event_info **out, int *n, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_CASE_EVENT_LIST);
	int rc;
	*out = NULL;
	*n = 0;
	st_bind_int(st, 1, id);
	while ((rc = st_step(st, e)) == 1) {
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		(*out)[(*n)++] = (struct case_event_info){
			.id = st_int(st, 0), .at = xstrdup(st_text(st, 1)), .actor = xstrdup(st_text(st, 2)),
			.action = xstrdup(st_text(st, 3)), .text = xstrdup(st_text(st, 4)), .level = (int)st_int(st, 5),
			.state = (int)st_int(st, 6)};
	}
	if (rc < 0)
		goto fail;
	st = store_sql(s, SQL_CASE_FILE_LIST);
	st_bind_int(st, 1, id);
	while ((rc = st_step(st, e)) == 1) {
		for (int i = 0; i < *n; i++) {
			struct case_event_info *ev = &(*out)[i];
			if (ev->id != st_int(st, 1))
				continue;
			ev->files = xrealloc(ev->files, (size_t)(ev->nfiles + 1) * sizeof *ev->files);
			struct case_file_info *f = &ev->files[ev->nfiles++];
			f->id = st_int(st, 0);
			snprintf(f->sha256, sizeof f->sha256, "%s", st_text(st, 2));
			f->name = xstrdup(st_text(st, 3));
			f->type = xstrdup(st_text(st, 4));
			f->size = st_int(st, 5);
		}
	}
	if (rc < 0)
		goto fail;
	return 0;
fail:
	cases_events_free(*out, *n);
	*out = NULL;
	*n = 0;
	return e->code;
}

int cases_file_get(store *s, int64_t file_id, int64_t *case_id, char sha256[65], char **name, char **type,
		  struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_CASE_FILE_GET);
	st_bind_int(st, 1, file_id);
	int rc = st_step(st, e);
	if (rc < 0)
		return e->code;
	if (rc == 0)
		return kp_fail(e, KP_EINPUT, "没有文件 %lld", (long long)file_id);
	snprintf(sha256, 65, "%s", st_text(st, 0));
	*name = xstrdup(st_text(st, 1));
	*type = xstrdup(st_text(st, 2));
	*case_id = st_int(st, 3);
	st_reset(st);
	return 0;
}

/* ---- checks on what people type ---- */

/* TEXT without surrounding spaces, checked as FIELD (WHAT says what it is
 * in the message): at most MAX bytes of UTF-8, not empty when REQUIRED.
 * NULL with E set otherwise; the caller frees the result. */
static char *checked_text(const char *text, const char *field, const char *what, bool required, size_t max,
			  struct kp_error *e)
{
	char *t;
	switch (text_check(text, max, required, &t)) {
	case TEXT_OK: return t;
	case TEXT_MISSING: kp_fail(e, KP_EINPUT, "%s: 请填写%s", field, what); break;
	case TEXT_NOT_UTF8: kp_fail(e, KP_EINPUT, "%s: %s不是有效的 UTF-8 文本", field, what); break;
	case TEXT_TOO_LONG: kp_fail(e, KP_EINPUT, "%s: %s太长（最多 %zu 字节）", field, what, max); break;
	}
	return NULL;
}

/* The deadline GIVEN (NULL or "": today + case_deadline_days) into OUT:
 * a date, today or later. */
static int checked_deadline(store *s, const struct campaign *c, const char *given, const char *today, char out[11],
			    struct kp_error *e)
{
	if (!given || !*given) {
		int64_t days;
		if (settings_get(s, c->id, "case_deadline_days", &days, e))
			return e->code;
		date_add(today, (int)days, out);
		return 0;
	}
	if (!date_valid(given))
		return kp_fail(e, KP_EINPUT, "deadline: 整改期限 \"%s\" 不是日期（YYYY-MM-DD）", given);
	if (days_between(today, given) < 0)
		return kp_fail(e, KP_EINPUT, "deadline: 整改期限 %s 早于今天（%s）", given, today);
	snprintf(out, 11, "%s", given);
	return 0;
}

/* ---- writing ---- */

/* Records a step of case R (as it is after the step) and its audit entry;
 * *EVENT (may be NULL) receives the event id. Inside the caller's
 * transaction. */
static int record_step(store *s, const struct campaign *c, const struct case_record *r, const char *action,
		       const char *text, const char *by, int64_t *event, struct kp_error *e)
{
	char *at = now_utc_iso();
	store_stmt *st = store_sql(s, SQL_CASE_EVENT_INSERT);
	st_bind_int(st, 1, r->id);
	st_bind_text(st, 2, at);
	st_bind_text(st, 3, by);
	st_bind_text(st, 4, action);
	st_bind_text(st, 5, text);
	st_bind_int(st, 6, r->level);
	st_bind_int(st, 7, r->state);
	int rc = st_step(st, e);
	free(at);
	if (rc != 1)
		return rc < 0 ? e->code : kp_fail(e, KP_EFAIL, "case event not recorded");
	if (event)
		*event = st_int(st, 0);
	st_reset(st);
	char *act = xasprintf("case.%s", action);
	char *subject = xasprintf("#%lld %s", (long long)r->id, r->unit >= 0 ? c->units.names[r->unit] : "?");
	char *detail = xasprintf("%s; level %d, %s, deadline %s", text, r->level, cases_state_name(r->state), r->deadline);
	rc = audit_log(s, by, act, subject, detail, e);
	free(act), free(subject), free(detail);
	if (rc)
		return rc;
	/* Who is told: the unit of every office step, the office of the
	 * unit's report. */
	static const struct {
		const char *action;
		enum message_kind kind;
		enum message_to to;
	} tell[] = {{"open", MSG_CASE_OPENED, TO_UNIT},     {"report", MSG_CASE_REPORTED, TO_OFFICE},
		    {"return", MSG_CASE_RETURNED, TO_UNIT}, {"escalate", MSG_CASE_ESCALATED, TO_UNIT},
		    {"close", MSG_CASE_CLOSED, TO_UNIT}};
	for (size_t i = 0; i < sizeof tell / sizeof *tell; i++)
		if (!strcmp(tell[i].action, action)) {
			struct message_new m = {.kind = tell[i].kind, .unit = r->unit, .case_id = r->id,
						.day = r->deadline, .note = text};
			return messages_post(s, c, &m, tell[i].to, NULL, e);
		}
	return 0;
}

/* Saves R's level, state, deadline and closing time. */
static int save_case(store *s, const struct case_record *r, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_CASE_UPDATE);
	st_bind_int(st, 1, r->id);
	st_bind_int(st, 2, r->level);
	st_bind_int(st, 3, r->state);
	st_bind_text(st, 4, r->deadline);
	st_bind_text(st, 5, *r->closed_at ? r->closed_at : NULL);
	return st_exec(st, e) ? e->code : 0;
}

/* Checks IN and opens its case inside the caller's transaction (TODAY:
 * the campaign's today); *ID receives its number. */
static int open_in(store *s, const struct campaign *c, const struct case_new *in, const char *by, const char *today,
		   int64_t *id, struct kp_error *e)
{
	char *reason = NULL, *items = NULL, *at = now_utc_iso();
	struct case_record r = {.unit = in->unit, .rule = in->rule, .level = in->level ? in->level : 1};
	if (in->unit < 0 || in->unit >= c->units.n) {
		kp_fail(e, KP_EINPUT, "unit: 没有这个单位");
		goto out;
	}
	if (in->rule < 0 || in->rule >= RULE__COUNT) {
		kp_fail(e, KP_EINPUT, "rule: 规则应为 score、overdue、evidence、complaints 或 manual");
		goto out;
	}
	if (r.level < 1 || r.level > CASE_LEVEL_MAX) {
		kp_fail(e, KP_EINPUT, "level: 督办级别为 1（催办）到 4（集中整改）");
		goto out;
	}
	if (!(reason = checked_text(in->reason, "reason", "督办事由", true, 2000, e)) ||
	    !(items = checked_text(in->items, "items", "整改事项", false, 4000, e)) ||
	    checked_deadline(s, c, in->deadline, today, r.deadline, e))
		goto out;
	store_stmt *st = store_sql(s, SQL_CASE_INSERT);
	st_bind_int(st, 1, c->id);
	st_bind_int(st, 2, c->units.ids[in->unit]);
	st_bind_text(st, 3, rule_name(in->rule));
	st_bind_text(st, 4, reason);
	st_bind_text(st, 5, items);
	st_bind_int(st, 6, r.level);
	st_bind_text(st, 7, r.deadline);
	st_bind_text(st, 8, by);
	st_bind_text(st, 9, at);
	if (st_step(st, e) != 1) {
		if (!e->code)
			kp_fail(e, KP_EFAIL, "the case was not stored");
		goto out;
	}
	r.id = *id = st_int(st, 0);
	st_reset(st);
	record_step(s, c, &r, "open", reason, by, NULL, e);
out:
	free(reason), free(items), free(at);
	return e->code;
}

int cases_open(store *s, const struct campaign *c, const struct case_new *in, const char *by, int64_t *id,
	      struct kp_error *e)
{
	char *today = campaign_today(c);
	if (!store_begin(s, e)) {
		if (open_in(s, c, in, by, today, id, e) || store_commit(s, e))
			store_rollback(s);
	}
	free(today);
	return e->code;
}

int cases_open_proposals(store *s, const struct campaign *c, const struct case_pick *picks, int n, const char *by,
			int64_t *ids, struct kp_error *e)
{
	struct rules_proposal *p = NULL;
	int np = 0;
	char *today = campaign_today(c);
	bool *taken = NULL;
	if (n < 1) {
		kp_fail(e, KP_EINPUT, "pick: 请至少选择一项督办建议");
		goto out;
	}
	if (store_begin(s, e))
		goto out;
	/* The proposals as they stand now, inside the transaction: a pick the
	 * rules no longer make (opened meanwhile, fixed) fails the batch. */
	if (cases_propose(s, c, &p, &np, e))
		goto fail;
	taken = xcalloc((size_t)np + 1, sizeof *taken);
	for (int i = 0; i < n; i++) {
		int k = 0;
		while (k < np && (p[k].unit != picks[i].unit || p[k].rule != picks[i].rule))
			k++;
		if (k == np || taken[k]) {
			kp_fail(e, KP_EINPUT, "pick: %s 没有这项督办建议（可能已立案或已不符合条件）",
				picks[i].unit >= 0 && picks[i].unit < c->units.n ? c->units.names[picks[i].unit] : "?");
			goto fail;
		}
		taken[k] = true;
		struct case_new in = {.unit = p[k].unit, .rule = p[k].rule, .reason = p[k].reason, .items = p[k].items,
				      .level = 1};
		if (open_in(s, c, &in, by, today, &ids[i], e))
			goto fail;
	}
	if (store_commit(s, e))
		goto fail;
	goto out;
fail:
	store_rollback(s);
out:
	rule_proposals_free(p, np);
	free(taken), free(today);
	return e->code;
}

/* Drops the temporary files of attachments FROM..N-1. */
static void drop_files(struct case_attachment *files, int from, int n)
{
	for (int i = from; i < n; i++)
		blob_drop(files[i].file);
}

#define CASE_MAX_FILES 20

/* Checks every attachment (name, size, type by content) before anything
 * is kept: NAMES[i] and TYPES[i] receive the clean name and the type. */
static int check_files(struct case_attachment *files, int n, char **names, const char **types, struct kp_error *e)
{
	if (n > CASE_MAX_FILES)
		return kp_fail(e, KP_EINPUT, "file: 一次最多 %d 个文件", CASE_MAX_FILES);
	for (int i = 0; i < n; i++)
		if (evidence_check(files[i].name, files[i].file, &names[i], &types[i], e))
			return e->code;
	return 0;
}

/* Records the blob and case_file rows of the placed attachments. */
static int record_files(store *s, int64_t event, struct case_attachment *files, int n, char **names,
			const char **types, struct kp_error *e)
{
	char *at = now_utc_iso();
	int rc = 0;
	for (int i = 0; !rc && i < n; i++) {
		store_stmt *st = store_sql(s, SQL_BLOB_INSERT);
		st_bind_text(st, 1, files[i].file->sha256);
		st_bind_int(st, 2, (int64_t)files[i].file->len);
		st_bind_text(st, 3, types[i]);
		st_bind_text(st, 4, at);
		rc = st_exec(st, e);
		if (rc)
			break;
		st = store_sql(s, SQL_CASE_FILE_INSERT);
		st_bind_int(st, 1, event);
		st_bind_text(st, 2, files[i].file->sha256);
		st_bind_text(st, 3, names[i]);
		st_bind_text(st, 4, types[i]);
		st_bind_int(st, 5, (int64_t)files[i].file->len);
		rc = st_exec(st, e);
	}
	free(at);
	return rc ? e->code : 0;
}

int cases_report(store *s, const struct campaign *c, int64_t id, int unit, const char *text,
		struct case_attachment *files, int nfiles, const char *by, struct kp_error *e)
{
	char *body = NULL, **names = xcalloc((size_t)nfiles + 1, sizeof *names);
	const char **types = xcalloc((size_t)nfiles + 1, sizeof *types);
	struct case_record r = {0};
	int placed = 0;
	if (!(body = checked_text(text, "text", "整改报告", true, 8000, e)) || check_files(files, nfiles, names, types, e))
		goto out;
	/* Files go into place first (content-addressed: a file kept without a
	 * row is harmless), so the transaction stays short. */
	struct blob_store *bs;
	if (blob_store_open(store_path(s), &bs, e))
		goto out;
	for (; placed < nfiles; placed++)
		if (blob_commit(bs, files[placed].file, e))
			break;
	blob_store_close(bs);
	if (placed < nfiles)
		goto out;
	if (store_begin(s, e))
		goto out;
	if (cases_get(s, c, id, &r, e))
		goto fail;
	if (unit >= 0 && r.unit != unit) {
		kp_fail(e, KP_EINPUT, "没有督办事项 #%lld", (long long)id);
		goto fail;
	}
	if (r.state == CASE_CLOSED) {
		kp_fail(e, KP_EINPUT, "督办事项 #%lld 已销号，不能再报告整改", (long long)id);
		goto fail;
	}
	r.state = CASE_REPORTED;
	int64_t event;
	if (save_case(s, &r, e) || record_step(s, c, &r, "report", body, by, &event, e) ||
	    record_files(s, event, files, nfiles, names, types, e) || store_commit(s, e))
		goto fail;
	goto out;
fail:
	store_rollback(s);
out:
	drop_files(files, placed, nfiles);
	for (int i = 0; i < nfiles; i++)
		free(names[i]);
	free(names), free(types), free(body);
	cases_record_free(&r);
	return e->code;
}

/* The steps the office takes on a case: what it does to R, checked. */
enum office_step { STEP_CLOSE, STEP_RETURN, STEP_ESCALATE };

static int office_step(store *s, const struct campaign *c, int64_t id, enum office_step step, const char *text,
		       const char *deadline, const char *by, struct kp_error *e)
{
	static const char *const actions[] = {"close", "return", "escalate"};
	char *note = NULL, *today = campaign_today(c), *detail = NULL;
	struct case_record r = {0};
	if (step == STEP_RETURN)
		note = checked_text(text, "reason", "退回原因", true, 2000, e);
	else
		note = checked_text(text, "note", "说明", false, 2000, e);
	if (!note || store_begin(s, e))
		goto out;
	if (cases_get(s, c, id, &r, e))
		goto fail;
	if (r.state == CASE_CLOSED) {
		kp_fail(e, KP_EINPUT, "督办事项 #%lld 已销号", (long long)id);
		goto fail;
	}
	switch (step) {
	case STEP_CLOSE:
		/* Closing needs the unit's report, or the office's own word on
		 * how it verified the fix (on site, say). */
		if (r.state == CASE_OPEN && !*note) {
			kp_fail(e, KP_EINPUT, "note: 单位尚未报告整改；直接销号须写明核实情况");
			goto fail;
		}
		r.state = CASE_CLOSED;
		free(r.closed_at);
		r.closed_at = now_utc_iso();
		detail = xstrdup(*note ? note : "核实整改到位，销号");
		break;
	case STEP_RETURN:
		if (r.state != CASE_REPORTED) {
			kp_fail(e, KP_EINPUT, "督办事项 #%lld 尚未报告整改，无可退回", (long long)id);
			goto fail;
		}
		r.state = CASE_OPEN;
		detail = xstrdup(note);
		break;
	case STEP_ESCALATE:
		if (r.level >= CASE_LEVEL_MAX) {
			kp_fail(e, KP_EINPUT, "督办事项 #%lld 已是最高级别（%s）", (long long)id, cases_level_label(r.level));
			goto fail;
		}
		if (checked_deadline(s, c, deadline, today, r.deadline, e))
			goto fail;
		r.level++;
		detail = xasprintf("升级为%s，整改期限 %s%s%s", cases_level_label(r.level), r.deadline, *note ? "；" : "", note);
		break;
	}
	if (save_case(s, &r, e) || record_step(s, c, &r, actions[step], detail, by, NULL, e) || store_commit(s, e))
		goto fail;
	goto out;
fail:
	store_rollback(s);
out:
	free(note), free(today), free(detail);
	cases_record_free(&r);
	return e->code;
}

int cases_close(store *s, const struct campaign *c, int64_t id, const char *note, const char *by, struct kp_error *e)
{
	return office_step(s, c, id, STEP_CLOSE, note, NULL, by, e);
}

int cases_return(store *s, const struct campaign *c, int64_t id, const char *reason, const char *by,
		struct kp_error *e)
{
	return office_step(s, c, id, STEP_RETURN, reason, NULL, by, e);
}

int cases_escalate(store *s, const struct campaign *c, int64_t id, const char *deadline, const char *note,
		  const char *by, struct kp_error *e)
{
	return office_step(s, c, id, STEP_ESCALATE, note, deadline, by, e);
}

int cases_sweep(store *s, const struct campaign *c, const char *by, struct case_escalation **out, int *n,
	       struct kp_error *e)
{
	int64_t overdue, days;
	char *today = campaign_today(c);
	struct case_record *cases = NULL;
	int ncases = 0, done = 0;
	struct case_escalation *list = NULL;
	if (settings_get(s, c->id, "case_overdue_days", &overdue, e) ||
	    settings_get(s, c->id, "case_deadline_days", &days, e) || store_begin(s, e))
		goto out;
	struct case_filter f = {.unit = -1, .state = CASE_OPEN};
	if (cases_list(s, c, &f, &cases, &ncases, e))
		goto fail;
	for (int i = 0; i < ncases; i++) {
		struct case_record *r = &cases[i];
		long late = days_between(r->deadline, today);
		if (r->level >= CASE_LEVEL_MAX || late <= overdue)
			continue;
		struct case_escalation x = {.id = r->id, .unit = r->unit, .from = r->level, .to = r->level + 1};
		r->level++;
		date_add(today, (int)days, r->deadline);
		snprintf(x.deadline, sizeof x.deadline, "%s", r->deadline);
		char *text = xasprintf("逾期 %ld 天，超过 %lld 天，自动升级为%s，整改期限 %s", late, (long long)overdue,
				       cases_level_label(r->level), r->deadline);
		int rc = save_case(s, r, e) || record_step(s, c, r, "escalate", text, by, NULL, e);
		free(text);
		if (rc)
			goto fail;
		list = xrealloc(list, (size_t)(done + 1) * sizeof *list);
		list[done++] = x;
	}
	if (store_commit(s, e))
		goto fail;
	goto out;
fail:
	store_rollback(s);
	free(list);
	list = NULL;
	done = 0;
out:
	cases_list_free(cases, ncases);
	free(today);
	if (out)
		*out = list;
	else
		free(list);
	if (n)
		*n = done;
	return e->code;
}

/* ---- the numbers the rules look at ---- */

/* Store unit ids → unit indexes, by binary search over sorted pairs. */
struct unit_ids {
	int n;
	int64_t *pairs; /* id, index, id, index … sorted by id */
};

static int cmp_id(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;
	return (*x > *y) - (*x < *y);
}

static void unit_ids_build(struct unit_ids *m, const struct unitdir *d)
{
	m->n = d->n;
	m->pairs = xmalloc(((size_t)d->n + 1) * 2 * sizeof(int64_t));
	for (int u = 0; u < d->n; u++)
		m->pairs[2 * u] = d->ids[u], m->pairs[2 * u + 1] = u;
	qsort(m->pairs, (size_t)d->n, 2 * sizeof(int64_t), cmp_id);
}

static int unit_ids_find(const struct unit_ids *m, int64_t id)
{
	int lo = 0, hi = m->n - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (m->pairs[2 * mid] == id)
			return (int)m->pairs[2 * mid + 1];
		if (m->pairs[2 * mid] < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* COVERED[u * ncriteria + k] = unit u has proven criterion index k. */
static int load_covered(store *s, const struct campaign *c, const struct unit_ids *m, bool *covered,
			struct kp_error *e)
{
	const struct rubric *r = c->rubric;
	store_stmt *st = store_sql(s, SQL_CASE_COVERED);
	int rc;
	st_bind_int(st, 1, c->id);
	while ((rc = st_step(st, e)) == 1) {
		int u = unit_ids_find(m, st_int(st, 0)), k = rubric_find(r, (int)st_int(st, 1));
		if (u >= 0 && k >= 0)
			covered[(size_t)u * (size_t)r->ncriteria + (size_t)k] = true;
	}
	return rc < 0 ? e->code : 0;
}

/* COUNT[u] = complaints received by unit u from FROM to TO. */
static int load_complaints(store *s, const struct campaign *c, const struct unit_ids *m, const char *from,
			   const char *to, int *count, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_CASE_COMPLAINTS);
	int rc;
	st_bind_int(st, 1, c->id);
	st_bind_text(st, 2, from);
	st_bind_text(st, 3, to);
	while ((rc = st_step(st, e)) == 1) {
		int u = unit_ids_find(m, st_int(st, 0));
		if (u >= 0)
			count[u] = (int)st_int(st, 1);
	}
	return rc < 0 ? e->code : 0;
}

int cases_propose(store *s, const struct campaign *c, struct rules_proposal **out, int *n, struct kp_error *e)
{
	const struct rubric *r = c->rubric;
	int nu = c->units.n, ncases = 0;
	int64_t v[4];
	static const char *const keys[4] = {"case_score_below", "case_overdue_days", "case_complaints",
					    "case_complaint_days"};
	char *today = campaign_today(c), from[11];
	struct unit_result *res = NULL;
	struct case_record *cases = NULL;
	struct unit_ids m;
	bool *covered = xcalloc((size_t)nu * (size_t)r->ncriteria + 1, sizeof *covered);
	int *complaints = xcalloc((size_t)nu + 1, sizeof *complaints);
	int *missing = xcalloc((size_t)nu * (size_t)r->ncriteria + 1, sizeof *missing);
	struct rules_unit *units = xcalloc((size_t)nu + 1, sizeof *units);
	struct rules_case *open = NULL;
	struct report_options o = {.kind = SCORE_ASSESSOR, .min_state = SCORE_DRAFT};
	struct case_filter f = {.unit = -1, .state = -1, .unclosed = true};
	*out = NULL;
	*n = 0;
	unit_ids_build(&m, &c->units);
	for (int i = 0; i < 4; i++)
		if (settings_get(s, c->id, keys[i], &v[i], e))
			goto out;
	struct rules_settings set = {(int)v[0], (int)v[1], (int)v[2], (int)v[3]};
	/* The period: the last N days, today included. */
	date_add(today, 1 - (int)set.complaint_days, from);
	if (report_results(s, c, &o, &res, e) || load_covered(s, c, &m, covered, e) ||
	    load_complaints(s, c, &m, from, today, complaints, e) || cases_list(s, c, &f, &cases, &ncases, e))
		goto out;
	open = xcalloc((size_t)ncases + 1, sizeof *open);
	for (int u = 0; u < nu; u++) {
		struct rules_unit *ru = &units[u];
		ru->complete = res[u].complete; /* counted scores only: never drafts */
		ru->percent = score_percent(res[u].points, res[u].max);
		ru->complaints = complaints[u];
		ru->missing = missing + (size_t)u * (size_t)r->ncriteria;
		for (int k = 0; k < r->ncriteria; k++)
			if (rubric_applies(r, k, u) && r->criteria[k].kind != CRITERION_VETO &&
			    !covered[(size_t)u * (size_t)r->ncriteria + (size_t)k])
				missing[(size_t)u * (size_t)r->ncriteria + (size_t)ru->nmissing++] = r->criteria[k].no;
	}
	/* Cases come oldest first; each unit's run of them is contiguous in
	 * OPEN once grouped by unit. */
	int at = 0;
	for (int u = 0; u < nu; u++)
		for (int i = 0; i < ncases; i++) {
			if (cases[i].unit != u)
				continue;
			if (!units[u].ncases)
				units[u].cases = &open[at];
			open[at++] = (struct rules_case){cases[i].id, cases[i].rule, cases[i].state == CASE_REPORTED,
							 cases[i].deadline};
			units[u].ncases++;
		}
	*n = rule_propose(units, nu, &set, today, c->material_deadline, out);
out:
	free(today), free(res), free(covered), free(complaints), free(missing), free(units), free(open), free(m.pairs);
	cases_list_free(cases, ncases);
	return e->code;
}

/* ---- printing ---- */

void cases_day(const struct campaign *c, const char *iso, char out[11])
{
	int64_t t = iso_seconds(iso);
	out[0] = 0;
	if (t != INT64_MIN)
		day_date(zone_day(c->timezone, t), out);
}

long cases_overdue(const struct case_record *r, const char *today)
{
	if (r->state == CASE_CLOSED)
		return 0;
	long d = days_between(r->deadline, today);
	return d > 0 ? d : 0;
}

static const struct column list_cols[] = {
	{"id", "编号", true},
	{"unit", "单位", false},
	{"rule", "规则", false},
	{"rule_label", "督办情形", false},
	{"level", "级别", true},
	{"level_label", "督办级别", false},
	{"state", "状态代码", false},
	{"state_label", "状态", false},
	{"deadline", "整改期限", false},
	{"overdue_days", "逾期天数", true},
	{"reason", "督办事由", false},
	{"items", "整改事项", false},
	{"opened_by", "立案人", false},
	{"opened_on", "立案日期", false},
	{"closed_on", "销号日期", false},
};

/* The columns text shows (indexes into list_cols). */
static const int text_cols[] = {0, 1, 5, 7, 8, 9, 10};
#define NTEXT ((int)(sizeof text_cols / sizeof *text_cols))
#define NLIST ((int)(sizeof list_cols / sizeof *list_cols))

void cases_print_list(const struct campaign *c, const struct case_record *r, int n, const char *today,
		     enum out_format fmt, FILE *out)
{
	struct column tcols[NTEXT];
	for (int i = 0; i < NTEXT; i++)
		tcols[i] = list_cols[text_cols[i]];
	struct table *t = fmt == OUT_TEXT ? table_new(out, fmt, tcols, NTEXT) : table_new(out, fmt, list_cols, NLIST);
	for (int i = 0; i < n; i++) {
		char opened[11], closed[11];
		long late = cases_overdue(&r[i], today);
		cases_day(c, r[i].opened_at, opened);
		cases_day(c, r[i].closed_at, closed);
		struct cell all[NLIST] = {
			{CELL_INT, NULL, r[i].id},
			{CELL_TEXT, r[i].unit >= 0 ? c->units.names[r[i].unit] : "?", 0},
			{CELL_TEXT, rule_name(r[i].rule), 0},
			{CELL_TEXT, rule_label(r[i].rule), 0},
			{CELL_INT, NULL, r[i].level},
			{CELL_TEXT, cases_level_label(r[i].level), 0},
			{CELL_TEXT, cases_state_name(r[i].state), 0},
			{CELL_TEXT, cases_state_label(r[i].state), 0},
			{CELL_TEXT, r[i].deadline, 0},
			late ? (struct cell){CELL_INT, NULL, late} : (struct cell){CELL_NULL, NULL, 0},
			{CELL_TEXT, r[i].reason, 0},
			{CELL_TEXT, r[i].items, 0},
			{CELL_TEXT, r[i].opened_by, 0},
			{CELL_TEXT, opened, 0},
			*closed ? (struct cell){CELL_TEXT, closed, 0} : (struct cell){CELL_NULL, NULL, 0},
		};
		struct cell shown[NTEXT];
		for (int k = 0; k < NTEXT; k++)
			shown[k] = all[text_cols[k]];
		table_row(t, fmt == OUT_TEXT ? shown : all);
	}
	table_end(t);
}

void cases_print_proposals(const struct campaign *c, const struct rules_proposal *p, int n, enum out_format fmt,
			  FILE *out)
{
	static const struct column cols[] = {
		{"unit", "单位", false},      {"rule", "规则", false},   {"rule_label", "督办情形", false},
		{"reason", "督办事由", false}, {"items", "整改事项", false},
	};
	struct table *t = table_new(out, fmt, cols, 5);
	for (int i = 0; i < n; i++) {
		struct cell row[] = {{CELL_TEXT, c->units.names[p[i].unit], 0}, {CELL_TEXT, rule_name(p[i].rule), 0},
				     {CELL_TEXT, rule_label(p[i].rule), 0},     {CELL_TEXT, p[i].reason, 0},
				     {CELL_TEXT, p[i].items, 0}};
		table_row(t, row);
	}
	table_end(t);
}

struct case_filter cases_listing_filter(bool all)
{
	return (struct case_filter){.unit = -1, .state = -1, .unclosed = true, .min_level = all ? 1 : 3};
}

int cases_print_listing(store *s, const struct campaign *c, bool all, enum out_format fmt, FILE *out,
		       struct kp_error *e)
{
	static const struct column cols[] = {
		{"no", "序号", true},           {"id", "编号", true},          {"unit", "单位", false},
		{"level", "督办级别", false},   {"rule", "督办情形", false},   {"reason", "督办事由", false},
		{"items", "整改事项", false},   {"opened_on", "立案日期", false}, {"deadline", "整改期限", false},
		{"state", "状态", false},
	};
	struct case_filter f = cases_listing_filter(all);
	struct case_record *r;
	int n;
	if (cases_list(s, c, &f, &r, &n, e))
		return e->code;
	if (fmt == OUT_TEXT) {
		char *today = campaign_today(c);
		fprintf(out, "%s\n挂牌督办清单%s（%s）\n\n", c->title, all ? "（全部在办事项）" : "", today);
		free(today);
	}
	struct table *t = table_new(out, fmt, cols, 10);
	for (int i = 0; i < n; i++) {
		char opened[11];
		cases_day(c, r[i].opened_at, opened);
		struct cell row[] = {
			{CELL_INT, NULL, i + 1},
			{CELL_INT, NULL, r[i].id},
			{CELL_TEXT, r[i].unit >= 0 ? c->units.names[r[i].unit] : "?", 0},
			{CELL_TEXT, cases_level_label(r[i].level), 0},
			{CELL_TEXT, rule_label(r[i].rule), 0},
			{CELL_TEXT, r[i].reason, 0},
			{CELL_TEXT, r[i].items, 0},
			{CELL_TEXT, opened, 0},
			{CELL_TEXT, r[i].deadline, 0},
			{CELL_TEXT, cases_state_label(r[i].state), 0},
		};
		table_row(t, row);
	}
	table_end(t);
	cases_list_free(r, n);
	return 0;
}
