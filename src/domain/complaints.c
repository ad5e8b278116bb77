/* complaints.c — complaints from the public in the store: recording,
 * closing, counting and listing. */
#include "domain/complaints.h"
#include "store/sql.h"

#include <stdlib.h>
#include <string.h>

#define SOURCE_MAX 120
#define CONTENT_MAX 6000
#define OUTCOME_MAX 3000

const char *const complaint_sources[] = {"12345热线", "信访", "网络留言", "来电来信", NULL};

const char *complaints_status_label(int status)
{
	switch (status) {
	case COMPLAINT_HANDLED: return "已办结";
	case COMPLAINT_DISMISSED: return "不予受理";
	}
	return "待处理";
}

const char *complaints_status_name(int status)
{
	switch (status) {
	case COMPLAINT_HANDLED: return "handled";
	case COMPLAINT_DISMISSED: return "dismissed";
	}
	return "open";
}

/* A trimmed copy of TEXT when it is non-empty UTF-8 of at most MAX bytes;
 * NULL with E naming FIELD otherwise. */
static char *required_text(const char *text, const char *field, size_t max, struct kp_error *e)
{
	char *t = text_trim(text ? text : "");
	if (!*t || !utf8_valid(t, strlen(t)) || strlen(t) > max) {
		kp_fail(e, KP_EINPUT, "%s: required, at most %zu characters", field, max / 3);
		free(t);
		return NULL;
	}
	return t;
}

int complaints_add(store *s, const struct campaign *c, int u, const char *source, const char *date, const char *text,
		  const char *today, const char *by, int64_t *id, struct kp_error *e)
{
	char *src = NULL, *content = NULL;
	if (u < 0 || u >= c->units.n)
		return kp_fail(e, KP_EINPUT, "unit: no such unit");
	if (!date || !date_valid(date))
		return kp_fail(e, KP_EINPUT, "date: \"%s\" is not a date YYYY-MM-DD", date ? date : "");
	if (strcmp(date, today) > 0)
		return kp_fail(e, KP_EINPUT, "date: %s is after today (%s)", date, today);
	if (!(src = required_text(source, "source", SOURCE_MAX, e)) ||
	    !(content = required_text(text, "text", CONTENT_MAX, e))) {
		free(src);
		return e->code;
	}
	char *at = now_utc_iso();
	*id = 0;
	if (store_begin(s, e))
		goto out;
	store_stmt *st = store_sql(s, SQL_COMPLAINT_INSERT);
	st_bind_int(st, 1, c->units.ids[u]);
	st_bind_text(st, 2, src);
	st_bind_text(st, 3, date);
	st_bind_text(st, 4, content);
	st_bind_text(st, 5, by);
	st_bind_text(st, 6, at);
	int rc = st_step(st, e);
	if (rc == 1)
		*id = st_int(st, 0);
	st_reset(st);
	char *detail = xasprintf("complaint %lld: %s %s", (long long)*id, src, date);
	if (rc != 1 || audit_log(s, by, "complaint.add", c->units.names[u], detail, e) || store_commit(s, e)) {
		if (rc == 0)
			kp_fail(e, KP_EFAIL, "insert returned no id");
		store_rollback(s);
	}
	free(detail);
out:
	free(at), free(src), free(content);
	return e->code;
}

int complaints_close(store *s, const struct campaign *c, int64_t id, bool dismiss, const char *outcome, const char *by,
		    struct kp_error *e)
{
	char *text = required_text(outcome, "outcome", OUTCOME_MAX, e);
	if (!text)
		return e->code;
	if (store_begin(s, e)) {
		free(text);
		return e->code;
	}
	store_stmt *st = store_sql(s, SQL_COMPLAINT_GET);
	st_bind_int(st, 1, id);
	st_bind_int(st, 2, c->id);
	int rc = st_step(st, e);
	int u = rc == 1 ? unitdir_by_id(&c->units, st_int(st, 0)) : -1;
	int status = rc == 1 ? (int)st_int(st, 1) : -1;
	st_reset(st);
	if (rc < 0)
		goto fail;
	if (u < 0 || status != COMPLAINT_OPEN) {
		kp_fail_why(e, KP_EINPUT, u < 0 ? KP_R_NOT_FOUND : KP_R_NONE,
			    u < 0 ? "no complaint %lld" : "complaint %lld is already closed", (long long)id);
		goto fail;
	}
	char *at = now_utc_iso(), *detail = xasprintf("complaint %lld %s: %s", (long long)id,
						       dismiss ? "dismissed" : "handled", text);
	st = store_sql(s, SQL_COMPLAINT_CLOSE);
	st_bind_int(st, 1, id);
	st_bind_int(st, 2, dismiss ? COMPLAINT_DISMISSED : COMPLAINT_HANDLED);
	st_bind_text(st, 3, text);
	st_bind_text(st, 4, at);
	st_bind_text(st, 5, by);
	rc = st_exec(st, e) || audit_log(s, by, "complaint.close", c->units.names[u], detail, e) || store_commit(s, e);
	free(at), free(detail);
	if (rc)
		goto fail;
	free(text);
	return 0;
fail:
	store_rollback(s);
	free(text);
	return e->code;
}

int complaints_count(store *s, int64_t unit_id, const char *since_date, int64_t *n, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_COMPLAINT_COUNT);
	st_bind_int(st, 1, unit_id);
	st_bind_text(st, 2, since_date);
	int rc = st_step(st, e);
	if (rc < 0)
		return e->code;
	*n = rc ? st_int(st, 0) : 0;
	st_reset(st);
	return 0;
}

int complaints_load(store *s, const struct campaign *c, int u, bool open_only, struct complaint **out, int *n,
		    struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_COMPLAINT_LIST);
	int rc;
	*out = NULL;
	*n = 0;
	st_bind_int(st, 1, c->id);
	st_bind_int(st, 2, u >= 0 ? c->units.ids[u] : 0);
	st_bind_int(st, 3, open_only);
	while ((rc = st_step(st, e)) == 1) {
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		struct complaint *p = &(*out)[(*n)++];
		p->id = st_int(st, 0);
		p->unit_id = st_int(st, 1);
		p->source = xstrdup(st_text(st, 2));
		snprintf(p->received_on, sizeof p->received_on, "%s", st_text(st, 3));
		p->content = xstrdup(st_text(st, 4));
		p->status = (int)st_int(st, 5);
		p->outcome = xstrdup(st_text(st, 6));
		p->recorded_by = xstrdup(st_text(st, 7));
		p->recorded_at = xstrdup(st_text(st, 8));
		p->closed_at = xstrdup(st_text(st, 9));
		p->closed_by = xstrdup(st_text(st, 10));
	}
	return rc < 0 ? e->code : 0;
}

void complaints_free(struct complaint *list, int n)
{
	for (int i = 0; i < n; i++)
		free(list[i].source), free(list[i].content), free(list[i].outcome), free(list[i].recorded_by),
			free(list[i].recorded_at), free(list[i].closed_at), free(list[i].closed_by);
	free(list);
}

void complaints_print(const struct campaign *c, const struct complaint *list, int n, enum out_format fmt, FILE *out)
{
	static const struct column cols[] = {
		{"id", "编号", true},      {"unit", "单位", false},    {"source", "来源", false},
		{"received_on", "收到日期", false}, {"text", "内容", false}, {"status", "状态", false},
		{"outcome", "处理结果", false}, {"recorded_by", "登记人", false},
	};
	struct table *t = table_new(out, fmt, cols, 8);
	for (int i = 0; i < n; i++) {
		const struct complaint *p = &list[i];
		int u = unitdir_by_id(&c->units, p->unit_id);
		struct cell cells[] = {
			{CELL_INT, NULL, p->id},
			{CELL_TEXT, u >= 0 ? c->units.names[u] : "", 0},
			{CELL_TEXT, p->source, 0},
			{CELL_TEXT, p->received_on, 0},
			{CELL_TEXT, p->content, 0},
			{CELL_TEXT, fmt == OUT_JSON ? complaints_status_name(p->status) : complaints_status_label(p->status), 0},
			{CELL_TEXT, p->outcome, 0},
			{CELL_TEXT, p->recorded_by, 0},
		};
		table_row(t, cells);
	}
	table_end(t);
}
