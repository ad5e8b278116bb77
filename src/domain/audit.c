/* audit.c — the hash-chained audit log (审计日志): appending an entry inside
 * the caller's write transaction, and verifying the whole chain. */
#include "domain/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "store/sql.h"

/* The hash of an audit entry: SHA-256 over the previous entry's hash and
 * this entry's fields, separated by a byte no field contains. */
void audit_hash(int64_t id, const char *at, const char *actor, const char *action, const char *subject,
		const char *detail, const char *prev, char out[65])
{
	struct strbuf b = {0};
	sb_addf(&b, "%s\x1f%lld\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", prev, (long long)id, at, actor, action, subject, detail);
	sha256_hex(b.s, b.len, out);
	sb_free(&b);
}

int audit_log(store *s, const char *actor, const char *action, const char *subject, const char *detail,
	      struct kp_error *e)
{
	static const char genesis[] = "0000000000000000000000000000000000000000000000000000000000000000";
	char prev[65], hash[65];
	int64_t id = 1;
	store_stmt *st = store_sql(s, SQL_AUDIT_LAST);
	int rc = st_step(st, e);
	if (rc < 0)
		return e->code;
	snprintf(prev, sizeof prev, "%s", rc ? st_text(st, 1) : genesis);
	if (rc)
		id = st_int(st, 0) + 1;
	st_reset(st);
	char *now = now_utc_iso();
	detail = detail ? detail : "";
	audit_hash(id, now, actor, action, subject, detail, prev, hash);
	st = store_sql(s, SQL_AUDIT_INSERT);
	st_bind_int(st, 1, id);
	st_bind_text(st, 2, now);
	st_bind_text(st, 3, actor);
	st_bind_text(st, 4, action);
	st_bind_text(st, 5, subject);
	st_bind_text(st, 6, detail);
	st_bind_text(st, 7, prev);
	st_bind_text(st, 8, hash);
	rc = st_exec(st, e);
	free(now);
	return rc ? e->code : 0;
}

int audit_verify(store *s, int64_t *entries, char head[65], struct kp_error *e)
{
	char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000", hash[65];
	int64_t expect = 1;
	int rc;
	store_stmt *st = store_sql(s, SQL_AUDIT_LIST);
	*entries = 0;
	while ((rc = st_step(st, e)) == 1) {
		int64_t id = st_int(st, 0);
		if (id != expect) {
			st_reset(st);
			return kp_fail(e, KP_EFAIL, "audit entries %lld to %lld are missing", (long long)expect, (long long)id - 1);
		}
		if (strcmp(st_text(st, 6), prev)) {
			st_reset(st);
			return kp_fail(e, KP_EFAIL, "audit entry %lld does not follow entry %lld (chain broken)", (long long)id,
				       (long long)id - 1);
		}
		audit_hash(id, st_text(st, 1), st_text(st, 2), st_text(st, 3), st_text(st, 4), st_text(st, 5), prev, hash);
		if (strcmp(hash, st_text(st, 7))) {
			st_reset(st);
			return kp_fail(e, KP_EFAIL, "audit entry %lld was changed after it was written", (long long)id);
		}
		snprintf(prev, sizeof prev, "%s", hash);
		expect++;
		(*entries)++;
	}
	snprintf(head, 65, "%s", prev);
	return rc < 0 ? e->code : 0;
}


/* ---- reading the log a page at a time ---- */

void audit_rows_free(struct audit_rows *r)
{
	for (int i = 0; i < r->n; i++) {
		struct audit_row *a = &r->row[i];
		free(a->at), free(a->actor), free(a->action), free(a->subject), free(a->detail);
	}
	free(r->row);
	r->row = NULL, r->n = 0;
}

int audit_list(store *s, const struct audit_filter *f, struct audit_rows *r, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_AUDIT_PAGE);
	st_bind_int(st, 1, f->below);
	st_bind_text(st, 2, f->actor ? f->actor : "");
	st_bind_text(st, 3, f->action ? f->action : "");
	st_bind_int(st, 4, f->limit);
	int rc, cap = 0;
	while ((rc = st_step(st, e)) == 1) {
		if (r->n == cap) {
			cap = cap ? 2 * cap : 16;
			r->row = xrealloc(r->row, (size_t)cap * sizeof *r->row);
		}
		r->row[r->n++] = (struct audit_row){
			.id = st_int(st, 0),
			.at = xstrdup(st_text(st, 1)),
			.actor = xstrdup(st_text(st, 2)),
			.action = xstrdup(st_text(st, 3)),
			.subject = xstrdup(st_text(st, 4)),
			.detail = xstrdup(st_text(st, 5)),
		};
	}
	st_reset(st);
	if (rc < 0)
		audit_rows_free(r);
	return rc < 0 ? e->code : 0;
}

int audit_all(store *s, struct audit_rows *r, struct kp_error *e)
{
	memset(r, 0, sizeof *r);
	store_stmt *st = store_sql(s, SQL_AUDIT_LIST);
	int rc, cap = 0;
	while ((rc = st_step(st, e)) == 1) {
		if (r->n == cap) {
			cap = cap ? 2 * cap : 64;
			r->row = xrealloc(r->row, (size_t)cap * sizeof *r->row);
		}
		r->row[r->n++] = (struct audit_row){.id = st_int(st, 0), .at = xstrdup(st_text(st, 1)),
						    .actor = xstrdup(st_text(st, 2)), .action = xstrdup(st_text(st, 3)),
						    .subject = xstrdup(st_text(st, 4)), .detail = xstrdup(st_text(st, 5))};
	}
	if (rc < 0) {
		audit_rows_free(r);
		return e->code;
	}
	return 0;
}

int audit_zone(store *s)
{
	store_stmt *st = store_sql(s, SQL_CAMPAIGN_CURRENT);
	int zone = st_step(st, &(struct kp_error){0}) == 1 ? zone_offset(st_text(st, 3)) : zone_offset("Asia/Shanghai");
	st_reset(st);
	return zone;
}
