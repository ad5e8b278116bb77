/* scores.c — scores into the store: the one write path (scores_apply) for
 * a score, a form, an API batch and a CSV sheet, all or nothing, with
 * history and audit; and the workflow state changes. */
#include "domain/scores.h"
#include "store/sql.h"

#include <assert.h>
#include <errno.h>

#include "domain/auth.h"
#include "domain/submissions.h"
#include "io/xlsxread.h"

#include <stdarg.h>

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Copies SRC into DST of N bytes, cut short (never inside a character)
 * when it does not fit. */
static void copy_cut(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);
	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)src[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* Existing score at a key, if any. */
struct existing {
	bool found;
	int points, state;
	bool vetoed;
	char by[64]; /* who scored it */
};

static int score_get(store *s, const struct campaign *c, int u, int crit_no, int part, int kind, struct existing *ex,
		     struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_SCORE_GET);
	st_bind_int(st, 1, c->units.ids[u]);
	st_bind_int(st, 2, crit_no);
	st_bind_int(st, 3, part);
	st_bind_int(st, 4, kind);
	int rc = st_step(st, e);
	memset(ex, 0, sizeof *ex);
	if (rc == 1) {
		ex->found = true;
		ex->points = (int)st_int(st, 0);
		ex->vetoed = st_int(st, 1) != 0;
		ex->state = (int)st_int(st, 2);
		copy_cut(ex->by, sizeof ex->by, st_text(st, 3));
	}
	return rc < 0 ? e->code : 0;
}

static int score_archive(store *s, const struct campaign *c, int u, int crit_no, int part, int kind, const char *now,
			 const char *by, const char *reason, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_SCORE_ARCHIVE);
	st_bind_int(st, 1, c->units.ids[u]);
	st_bind_int(st, 2, crit_no);
	st_bind_int(st, 3, part);
	st_bind_int(st, 4, kind);
	st_bind_text(st, 5, now);
	st_bind_text(st, 6, by);
	st_bind_text(st, 7, reason);
	return st_exec(st, e) ? e->code : 0;
}

/* Writes IN; its strings are bound without copies and only need to live
 * until this returns. */
static int score_write(store *s, const struct campaign *c, const struct score_input *in, int state, int64_t batch,
		       const char *now, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_SCORE_UPSERT);
	st_bind_int(st, 1, c->units.ids[in->unit]);
	st_bind_int(st, 2, c->rubric->criteria[in->criterion].no);
	st_bind_int(st, 3, in->part);
	st_bind_int(st, 4, in->kind);
	st_bind_int(st, 5, in->points);
	st_bind_int(st, 6, in->vetoed);
	st_bind_int(st, 7, state);
	st_bind_text_ref(st, 8, in->by);
	st_bind_text_ref(st, 9, in->comment ? in->comment : "");
	st_bind_text_ref(st, 10, in->detail ? in->detail : "");
	if (batch)
		st_bind_int(st, 11, batch);
	else
		st_bind_null(st, 11);
	st_bind_text_ref(st, 12, now);
	return st_exec(st, e) ? e->code : 0;
}

static const char *kind_name(int kind)
{
	return kind == SCORE_SELF ? "self" : "assessor";
}

void scores_result_free(struct score_result *res)
{
	free(res->errors);
	free(res->replacements);
	memset(res, 0, sizeof *res);
}

/* Records that row I is refused for PROBLEM in FIELD, the message from FMT. */
static void __attribute__((format(printf, 6, 7)))
row_refuse(struct score_result *res, int max, int i, const char *field, int problem, const char *fmt, ...)
{
	res->nerrors++;
	if (res->nlisted >= max)
		return;
	if (!res->errors)
		res->errors = xcalloc((size_t)max, sizeof *res->errors);
	struct score_row_error *er = &res->errors[res->nlisted++];
	er->index = i;
	er->field = field;
	er->problem = problem;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(er->message, sizeof er->message, fmt, ap);
	va_end(ap);
}

/* Index of the slot (criterion, part) in a flat numbering of all slots. */
static int *slot_base(const struct rubric *r, int *nslots)
{
	int *base = xcalloc((size_t)r->ncriteria + 1, sizeof(int));
	int n = 0;
	for (int c = 0; c < r->ncriteria; c++) {
		base[c] = n;
		n += 1 + r->criteria[c].nparts; /* part 0 and parts 1..n */
	}
	*nslots = n;
	return base;
}

/* What scores_apply remembers across the rows of one batch. */
struct apply_state {
	unsigned char *open;    /* per unit: 1 once its self scores were found open to change */
	unsigned char *seen;    /* bit per (unit, slot, kind), for batches of several rows */
	int *base, nslots;
	bool any_existing[2];   /* a kind without any stored score needs no look-up */
	char *account;          /* the last BY looked up as an account, and its home unit */
	int64_t account_unit;
};

/* The home unit of the account named BY (0 when BY names none or it has no unit). */
static int home_unit_of(store *s, struct apply_state *as, const char *by, int64_t *unit, struct kp_error *e)
{
	if (!as->account || strcmp(as->account, by)) {
		struct account a;
		struct kp_error none = {0};
		if (auth_account_get(s, by, 0, &a, &none) == 0)
			as->account_unit = a.unit_id;
		else if (none.code == KP_EINPUT)
			as->account_unit = 0; /* not an account: a name such as 测评组1 */
		else
			return kp_fail(e, none.code, "%s", none.msg);
		free(as->account);
		as->account = xstrdup(by);
	}
	*unit = as->account_unit;
	return 0;
}

/* Checks row I of B; on success fills *EX with the score it replaces. A
 * refusal goes to RES and returns 1; a store failure returns -1. */
static int row_check(store *s, const struct campaign *c, const struct score_batch *b, const struct score_input *in,
		     int i, struct apply_state *as, struct existing *ex, struct score_result *res, struct kp_error *e)
{
	const struct rubric *r = c->rubric;
	int max = b->max_errors > 0 ? b->max_errors : 100;
	char ref[24];
	memset(ex, 0, sizeof *ex);
	if (in->unit < 0 || in->unit >= c->units.n) {
		row_refuse(res, max, i, "unit", SCORE_E_BAD_UNIT, "unit: no such unit");
		return 1;
	}
	const char *name = c->units.names[in->unit];
	if (in->criterion < 0 || in->criterion >= r->ncriteria) {
		row_refuse(res, max, i, "criterion", SCORE_E_BAD_CRITERION, "criterion: not a criterion of the rubric");
		return 1;
	}
	const struct rubric_criterion *cr = &r->criteria[in->criterion];
	snprintf(ref, sizeof ref, in->part ? "%d.%d" : "%d", cr->no, in->part);
	if (in->kind != SCORE_SELF && in->kind != SCORE_ASSESSOR) {
		row_refuse(res, max, i, "kind", SCORE_E_BAD_KIND, "kind: self or assessor");
		goto refused;
	}
	if (in->kind == SCORE_SELF && !as->open[in->unit]) { /* a submitted self-assessment is frozen */
		struct kp_error frozen = {0};
		if (!submissions_frozen(s, c, in->unit, "its self scores", &frozen)) {
			as->open[in->unit] = 1;
		} else if (submissions_frozen_error(&frozen)) {
			row_refuse(res, max, i, "state", SCORE_E_FROZEN, "%s", frozen.msg);
			goto refused;
		} else {
			kp_fail(e, frozen.code, "%s", frozen.msg);
			return -1;
		}
	}
	if (!in->by || !*in->by) {
		row_refuse(res, max, i, "by", SCORE_E_NO_SCORER, "say who scored");
		goto refused;
	}
	if (in->kind == SCORE_ASSESSOR) { /* recusal (回避): never one's own unit */
		int64_t home = in->scorer_unit;
		if (!home && b->by_accounts && home_unit_of(s, as, in->by, &home, e))
			return -1;
		if (home && home == c->units.ids[in->unit]) {
			row_refuse(res, max, i, "by", SCORE_E_RECUSED,
				   "recusal: %s is the home unit of %s, and an assessor never scores their own unit", name,
				   in->by);
			goto refused;
		}
	}
	struct kp_error fault = {0};
	if (score_check(r, in->criterion, in->part, in->unit, name, in->points, &fault)) {
		int lo, hi, p = score_fault(r, in->criterion, in->part, in->unit, in->points, &lo, &hi);
		row_refuse(res, max, i, p == SCORE_E_VETO_POINTS || p == SCORE_E_OUT_OF_RANGE ? "points" : "criterion", p, "%s",
			   fault.msg);
		if (res->nlisted && res->errors[res->nlisted - 1].index == i)
			res->errors[res->nlisted - 1].lo = lo, res->errors[res->nlisted - 1].hi = hi;
		goto refused;
	}
	if (in->vetoed && cr->kind != CRITERION_VETO) {
		row_refuse(res, max, i, "points", SCORE_E_NOT_VETO, "criterion %d is not a veto criterion", cr->no);
		goto refused;
	}
	if (as->seen) {
		size_t key = ((size_t)in->unit * (size_t)as->nslots + (size_t)(as->base[in->criterion] + in->part)) * 2 +
			     (size_t)in->kind;
		if (as->seen[key / 8] & (1u << (key % 8))) {
			row_refuse(res, max, i, "criterion", SCORE_E_DUPLICATE, "%s, criterion %s: scored twice in one batch",
				   name, ref);
			goto refused;
		}
		as->seen[key / 8] |= (unsigned char)(1u << (key % 8));
	}
	if (as->any_existing[in->kind] && score_get(s, c, in->unit, cr->no, in->part, in->kind, ex, e))
		return -1;
	bool correcting = ex->found && ex->state == SCORE_FINAL;
	if (correcting && (!in->reason || !*in->reason)) {
		row_refuse(res, max, i, "reason", SCORE_E_FINAL,
			   "the score of %s on criterion %s is final", name, ref);
		goto refused;
	}
	if (!correcting && in->reason && *in->reason) {
		row_refuse(res, max, i, "reason", SCORE_E_NOT_FINAL,
			   "the score of %s on criterion %s is not final", name, ref);
		goto refused;
	}
	return 0;
refused:
	if (res->nlisted && res->errors[res->nlisted - 1].index == i)
		snprintf(res->errors[res->nlisted - 1].ref, sizeof res->errors[res->nlisted - 1].ref, "%s", ref);
	return 1;
}

/* The audit entry of one row written outside an import. */
static int row_audit(store *s, const struct campaign *c, const struct score_input *in, const struct existing *ex,
		     struct kp_error *e)
{
	const struct rubric_criterion *cr = &c->rubric->criteria[in->criterion];
	bool correcting = ex->found && ex->state == SCORE_FINAL;
	char ref[24], a[24], b[24];
	snprintf(ref, sizeof ref, in->part ? "%d.%d" : "%d", cr->no, in->part);
	char *subject = xasprintf("%s / %s / %s", c->units.names[in->unit], ref, kind_name(in->kind)), *detail;
	if (ex->found)
		detail = xasprintf("%s%s -> %s%s%s%s", points_format(ex->points, a), ex->vetoed ? " (veto)" : "",
				   points_format(in->points, b), in->vetoed ? " (veto)" : "",
				   correcting ? "; correction: " : "", correcting ? in->reason : "");
	else
		detail = xasprintf("%s%s", points_format(in->points, a), in->vetoed ? " (veto)" : "");
	int rc = audit_log(s, in->by, correcting ? "score.correct" : "score.set", subject, detail, e);
	free(subject), free(detail);
	return rc;
}

/* A batch being applied: scores_apply runs it over an array, scores_import
 * over a sheet read in chunks (a big file never sits in memory whole). */
struct apply {
	store *s;
	const struct campaign *c;
	const struct score_batch *b; /* the options; rows come to apply_rows */
	struct score_result *res;
	struct apply_state as;
	char *now;
	int64_t batch;
	int total; /* rows given so far */
	bool began, bulk;
	bool check_only; /* the caller refused a row itself: check, write no more */
};

/* Takes the write lock and prepares A for the rows of B; MANY when more
 * than one row may come. */
static int apply_open(struct apply *a, store *s, const struct campaign *c, const struct score_batch *b,
		      struct score_result *res, bool many, struct kp_error *e)
{
	*a = (struct apply){.s = s, .c = c, .b = b, .res = res, .as = {.any_existing = {true, true}},
			    .now = now_utc_iso(), .bulk = b->source != NULL};
	memset(res, 0, sizeof *res);
	a->as.open = xcalloc((size_t)c->units.n + 1, 1);
	if (many) {
		a->as.base = slot_base(c->rubric, &a->as.nslots);
		a->as.seen = xcalloc(((size_t)c->units.n * (size_t)a->as.nslots * 2 + 7) / 8, 1);
	}
	if (a->bulk)
		store_bulk_mode(s, true);
	if (store_begin(s, e))
		return e->code;
	a->began = true;
	if (many && (b->source || b->count > 64)) /* a big sheet into an empty store: skip the look-ups */
		for (int k = 0; k < 2; k++) {
			/* one row or none (a COUNT scanned every score: ~9 ms at 5,000 units, under the lock) */
			store_stmt *st = store_sql(s, SQL_SCORE_ANY_KIND);
			st_bind_int(st, 1, k);
			int found = st_step(st, e);
			if (found < 0)
				return e->code;
			a->as.any_existing[k] = found == 1;
			st_reset(st);
		}
	if (b->source) {
		store_stmt *st = store_sql(s, SQL_BATCH_INSERT);
		st_bind_text(st, 1, "scores");
		st_bind_text(st, 2, b->source);
		st_bind_text(st, 3, b->sha256 ? b->sha256 : "-");
		st_bind_int(st, 4, 0);
		st_bind_text(st, 5, b->by ? b->by : "");
		st_bind_text(st, 6, a->now);
		if (st_step(st, e) != 1)
			return e->code ? e->code : kp_fail(e, KP_EFAIL, "the import batch was not recorded");
		a->batch = st_int(st, 0);
		st_reset(st);
	}
	return 0;
}

/* Checks the N ROWS that follow and, while none is refused, writes them. */
static int apply_rows(struct apply *a, const struct score_input *rows, int n, struct kp_error *e)
{
	const struct score_batch *b = a->b;
	struct score_result *res = a->res;
	for (int i = 0; i < n; i++) {
		const struct score_input *in = &rows[i];
		struct existing ex;
		int rc = row_check(a->s, a->c, b, in, a->total + i, &a->as, &ex, res, e);
		if (rc < 0)
			return e->code;
		if (rc > 0 || res->nerrors || a->check_only)
			continue; /* keep checking, store nothing more */
		const struct rubric_criterion *cr = &a->c->rubric->criteria[in->criterion];
		bool correcting = ex.found && ex.state == SCORE_FINAL;
		if (ex.found) {
			if (res->nreplacements < SCORE_REPLACEMENTS_MAX) {
				if (!res->replacements)
					res->replacements = xcalloc(SCORE_REPLACEMENTS_MAX, sizeof *res->replacements);
				struct score_replacement *rp = &res->replacements[res->nreplacements++];
				*rp = (struct score_replacement){.index = a->total + i, .unit = in->unit, .kind = in->kind,
								 .old_points = ex.points, .new_points = in->points,
								 .old_vetoed = ex.vetoed, .new_vetoed = in->vetoed,
								 .old_state = ex.state};
				snprintf(rp->ref, sizeof rp->ref, in->part ? "%d.%d" : "%d", cr->no, in->part);
				memcpy(rp->old_by, ex.by, sizeof rp->old_by);
			}
			res->replaced++;
			if (score_archive(a->s, a->c, in->unit, cr->no, in->part, in->kind, a->now, b->source ? b->by : in->by,
					  b->source ? "import" : correcting ? in->reason : "changed", e))
				return e->code;
		}
		if (score_write(a->s, a->c, in, ex.found ? ex.state : SCORE_DRAFT, a->batch, a->now, e))
			return e->code;
		if (!b->source && row_audit(a->s, a->c, in, &ex, e))
			return e->code;
		res->written++;
	}
	a->total += n;
	return 0;
}

/* Commits what A wrote (unless a dry run), or reports its refusals. */
static int apply_close(struct apply *a, struct kp_error *e)
{
	const struct score_batch *b = a->b;
	struct score_result *res = a->res;
	if (a->total == 0)
		return kp_fail(e, KP_EINPUT, "no scores to record");
	if (res->nerrors) {
		res->written = res->replaced = res->nreplacements = 0; /* nothing replaced after all */
		if (a->total == 1)
			return kp_fail(e, KP_EINPUT, "%s", res->errors[0].message);
		return kp_fail(e, KP_EINPUT, "%d of %d scores refused; nothing was stored", res->nerrors, a->total);
	}
	if (b->dry_run)
		return 0;
	if (b->source) {
		store_stmt *st = store_sql(a->s, SQL_BATCH_SET_ROWS);
		st_bind_int(st, 1, a->batch);
		st_bind_int(st, 2, a->total);
		if (st_exec(st, e))
			return e->code;
		char *detail = xasprintf("%d rows (%d replaced) from %s, sha256 %s, batch %lld", res->written, res->replaced,
					 b->source, b->sha256 ? b->sha256 : "-", (long long)a->batch);
		int rc = audit_log(a->s, b->by, "score.import", b->source, detail, e);
		free(detail);
		if (rc)
			return rc;
	}
	if (store_counter_bump(a->s, COUNTER_SCORES, e) || store_commit(a->s, e))
		return e->code;
	a->began = false;
	return 0;
}

/* Ends A: rolls back whatever was not committed and frees it. */
static void apply_end(struct apply *a)
{
	if (a->began)
		store_rollback(a->s);
	if (a->bulk)
		store_bulk_mode(a->s, false);
	free(a->as.open), free(a->as.seen), free(a->as.base), free(a->as.account);
	free(a->now);
}

int scores_apply(store *s, const struct campaign *c, const struct score_batch *b, struct score_result *res,
		 struct kp_error *e)
{
	struct apply a;
	if (b->count <= 0) {
		memset(res, 0, sizeof *res);
		return kp_fail(e, KP_EINPUT, "no scores to record");
	}
	if (!apply_open(&a, s, c, b, res, b->count > 1, e) && !apply_rows(&a, b->rows, b->count, e))
		apply_close(&a, e);
	apply_end(&a);
	return e->code;
}

int scores_advance(store *s, const struct campaign *c, int u, int from, int to, const char *by, int *count,
		   struct kp_error *e)
{
	char *now = now_utc_iso();
	*count = 0;
	if (store_begin(s, e))
		goto out;
	for (int i = u < 0 ? 0 : u; i < (u < 0 ? c->units.n : u + 1); i++) {
		store_stmt *st = store_sql(s, SQL_SCORE_SET_STATE);
		st_bind_int(st, 1, c->units.ids[i]);
		st_bind_int(st, 2, from);
		st_bind_int(st, 3, to);
		st_bind_text(st, 4, now);
		if (st_exec(st, e))
			goto fail;
		*count += (int)store_changes(s);
	}
	char *detail = xasprintf("%d scores %s -> %s", *count, score_state_name(from), score_state_name(to));
	int rc = store_counter_bump(s, COUNTER_SCORES, e) || audit_log(s, by, to == SCORE_FINAL ? "score.finalize" : "score.submit",
			   u < 0 ? "all units" : c->units.names[u], detail, e);
	free(detail);
	if (rc || store_commit(s, e))
		goto fail;
	goto out;
fail:
	store_rollback(s);
out:
	free(now);
	return e->code;
}

/* Column roles of a score sheet, recognised by English or Chinese headers. */
enum column { COL_UNIT, COL_CRITERION, COL_POINTS, COL_KIND, COL_BY, COL_COMMENT, COL_CONTENT, COL__COUNT };

static const char *const column_names[COL__COUNT][6] = {
	[COL_UNIT] = {"unit", "单位", "单位名称",
		      "责任单位", NULL},          /* 单位 单位名称 责任单位 */
	[COL_CRITERION] = {"criterion", "序号", "条目", NULL},
	[COL_CONTENT] = {"测评内容", NULL},
	[COL_POINTS] = {"points", "得分", "分数", NULL},
	[COL_KIND] = {"kind", "类型", NULL},
	[COL_BY] = {"by", "评分人", "测评人", NULL},
	[COL_COMMENT] = {"comment", "备注", "说明",
			 "意见", NULL}, /* 备注 说明 意见 */
};

static int column_of(const char *header)
{
	char *h = text_normalize(header);
	int found = -1;
	for (int c = 0; c < COL__COUNT && found < 0; c++)
		for (int k = 0; column_names[c][k]; k++)
			if (!strcasecmp(h, column_names[c][k]))
				found = c;
	free(h);
	return found;
}

/* "self"/"自评" or "assessor"/"测评"/"考评". */
static int kind_parse(const char *s)
{
	char *t = text_normalize(s);
	int k = -1;
	if (!strcasecmp(t, "self") || !strcmp(t, "自评"))
		k = SCORE_SELF;
	else if (!strcasecmp(t, "assessor") || !strcmp(t, "测评") ||
		 !strcmp(t, "考评"))
		k = SCORE_ASSESSOR;
	free(t);
	return k;
}

/* For a veto criterion (一票否决): 是/yes triggers it, 否/no does not. */
static int veto_parse(const char *s)
{
	char *t = text_normalize(s);
	int v = -1;
	if (!strcasecmp(t, "yes") || !strcmp(t, "是"))
		v = 1;
	else if (!strcasecmp(t, "no") || !strcmp(t, "否"))
		v = 0;
	free(t);
	return v;
}

int scores_parse_points(const struct rubric *r, int k, const char *text, int *points, bool *vetoed)
{
	assert(k >= 0 && k < r->ncriteria);
	*points = 0, *vetoed = false;
	if (r->criteria[k].kind == CRITERION_VETO) {
		int v = veto_parse(text);
		if (v < 0)
			return SCORE_E_BAD_VETO;
		*vetoed = v;
		return SCORE_E_NONE;
	}
	if (points_parse(text, points) == 0)
		return SCORE_E_NONE;
	/* a criterion scored by grades takes the grade: B is its share of the points */
	int g = rubric_grade_points(r, k, text);
	if (g < 0)
		return SCORE_E_BAD_POINTS;
	*points = g;
	return SCORE_E_NONE;
}

void scores_import_result_free(struct import_result *res)
{
	sb_free(&res->errors);
	free(res->issues);
	res->issues = NULL, res->nissues = 0;
	free(res->replacements);
	res->replacements = NULL, res->nreplacements = 0;
}

/* SHA-256 of a seekable file, rewound afterwards; "-" when not seekable. */
static void file_sha256(FILE *f, char hex[65])
{
	long pos = ftell(f);
	strcpy(hex, "-");
	if (pos < 0)
		return;
	crypto_hash_sha256_state h;
	unsigned char buf[65536], out[32];
	size_t n;
	crypto_hash_sha256_init(&h);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		crypto_hash_sha256_update(&h, buf, n);
	crypto_hash_sha256_final(&h, out);
	sodium_bin2hex(hex, 65, out, 32);
	clearerr(f);
	fseek(f, pos, SEEK_SET);
}

/* An error of an import, by the line it is on. */
struct line_error {
	long line;
	char *msg;
	struct import_error issue; /* the same as data */
};

/* Rows of a sheet checked and written together. */
#define SHEET_CHUNK 4096

/* What scores_import gathers: a chunk of rows read, their lines and the
 * copies of their texts; the errors of the whole sheet, by line. */
struct sheet {
	struct score_input rows[SHEET_CHUNK];
	long lines[SHEET_CHUNK];
	int n;
	struct line_error *errors;
	int nerrors, nlisted, max;
	char **texts;
	int ntexts, captexts;
};

/* Records that the row on LINE is refused: PROBLEM in FIELD, the cell's
 * text VALUE (may be NULL), the English message MSG. */
static void sheet_error(struct sheet *sh, long line, const char *field, int problem, const char *value,
			const char *msg)
{
	sh->nerrors++;
	if (sh->nlisted >= sh->max)
		return;
	if (!sh->errors)
		sh->errors = xcalloc((size_t)sh->max * 2, sizeof *sh->errors);
	struct line_error *le = &sh->errors[sh->nlisted++];
	*le = (struct line_error){.line = line, .msg = xstrdup(msg)};
	le->issue = (struct import_error){.line = line, .field = field, .problem = problem};
	copy_cut(le->issue.value, sizeof le->issue.value, value ? value : "");
}

/* A copy of T owned by SH. */
static const char *sheet_text(struct sheet *sh, const char *t)
{
	if (!*t)
		return "";
	if (sh->ntexts == sh->captexts) {
		sh->captexts = sh->captexts ? sh->captexts * 2 : 64;
		sh->texts = xrealloc(sh->texts, (size_t)sh->captexts * sizeof *sh->texts);
	}
	return sh->texts[sh->ntexts++] = xstrdup(t);
}

/* Hands the chunk of SH to A, turns its refusals into lines, and empties
 * the chunk. */
static int sheet_flush(struct sheet *sh, struct apply *a, struct kp_error *e)
{
	int first = a->total, listed = a->res->nlisted, replaced = a->res->nreplacements;
	if (!sh->n)
		return 0;
	a->check_only = sh->nerrors > 0; /* a row could not be read: check the rest, write nothing */
	if (apply_rows(a, sh->rows, sh->n, e))
		return e->code;
	for (int i = replaced; i < a->res->nreplacements; i++) /* the replaced scores' rows back to their lines */
		a->res->replacements[i].line = sh->lines[a->res->replacements[i].index - first];
	for (int i = listed; i < a->res->nlisted; i++) { /* the batch's rows back to the file's lines */
		const struct score_row_error *er = &a->res->errors[i];
		if (!sh->errors)
			sh->errors = xcalloc((size_t)sh->max * 2, sizeof *sh->errors);
		long line = sh->lines[er->index - first];
		char pts[24];
		const struct score_input *in = &sh->rows[er->index - first];
		sh->errors[sh->nlisted++] = (struct line_error){
			line,
			xstrdup(er->message),
			{.line = line, .field = er->field, .problem = er->problem, .lo = er->lo, .hi = er->hi}};
		struct import_error *is = &sh->errors[sh->nlisted - 1].issue;
		memcpy(is->ref, er->ref, sizeof is->ref);
		copy_cut(is->value, sizeof is->value, in->vetoed ? "是" : points_format(in->points, pts));
	}
	for (int i = 0; i < sh->ntexts; i++)
		free(sh->texts[i]);
	sh->ntexts = 0;
	sh->n = 0;
	return 0;
}

static int by_line(const void *pa, const void *pb)
{
	const struct line_error *a = pa, *b = pb;
	return (a->line > b->line) - (a->line < b->line);
}

int scores_import(store *s, const struct campaign *c, FILE *f, const struct import_options *opt,
		  struct import_result *res, struct kp_error *e)
{
	const struct rubric *r = c->rubric;
	char hex[65], msg[600];
	int col[COL__COUNT];
	struct sheet *sh = xcalloc(1, sizeof *sh);
	struct score_result ar = {0};
	struct score_batch b = {.dry_run = opt->dry_run, .by_accounts = true, .source = opt->source, .sha256 = hex,
				.by = opt->by, .max_errors = opt->max_errors > 0 ? opt->max_errors : 20};
	struct apply a = {0};
	bool opened = false;
	sh->max = b.max_errors;
	csv_reader *cr = NULL;
	const char *last_by = NULL;
	char *last_name = xstrdup(""); /* rows come grouped by unit: remember the last */
	int last_unit = UNITDIR_NONE;
	memset(res, 0, sizeof *res);
	if (opt->sha256)
		snprintf(hex, sizeof hex, "%s", opt->sha256);
	else
		file_sha256(f, hex);
	cr = csv_open(f, opt->encoding);

	/* Header row. */
	int rc = csv_next(cr);
	if (rc <= 0) {
		kp_fail(e, KP_EINPUT, "%s", rc < 0 ? csv_error(cr) : "the file is empty: expected a header row");
		res->sheet_problem = rc < 0 ? IMPORT_SHEET_UNREADABLE : IMPORT_SHEET_EMPTY;
		goto out;
	}
	snprintf(res->encoding, sizeof res->encoding, "%s", csv_encoding_name(csv_encoding_used(cr)));
	for (int k = 0; k < COL__COUNT; k++)
		col[k] = -1;
	int content = -1; /* 测评内容: the criterion number, unless 序号 is there */
	for (size_t i = 0; i < csv_nfields(cr); i++) {
		int k = column_of(csv_field(cr, i));
		if (k < 0)
			continue; /* other columns (criterion text, remarks) are allowed */
		if (k == COL_CONTENT) {
			if (content >= 0) {
				kp_fail(e, KP_EINPUT, "line %ld: column \"%s\" appears twice", csv_line(cr), csv_field(cr, i));
				res->sheet_problem = IMPORT_SHEET_TWICE;
				copy_cut(res->sheet_column, sizeof res->sheet_column, csv_field(cr, i));
				goto out;
			}
			content = (int)i;
			continue;
		}
		if (col[k] >= 0) {
			kp_fail(e, KP_EINPUT, "line %ld: column \"%s\" appears twice", csv_line(cr), csv_field(cr, i));
			res->sheet_problem = IMPORT_SHEET_TWICE;
			copy_cut(res->sheet_column, sizeof res->sheet_column, csv_field(cr, i));
			goto out;
		}
		col[k] = (int)i;
	}
	if (col[COL_CRITERION] < 0)
		col[COL_CRITERION] = content;
	if (col[COL_UNIT] < 0 || col[COL_CRITERION] < 0 || col[COL_POINTS] < 0) {
		kp_fail(e, KP_EINPUT, "line %ld: the header must name the columns unit (单位), criterion (序号 or 测评内容) "
			"and points (得分); missing:%s%s%s", csv_line(cr), col[COL_UNIT] < 0 ? " unit" : "",
			col[COL_CRITERION] < 0 ? " criterion" : "", col[COL_POINTS] < 0 ? " points" : "");
		res->sheet_problem = IMPORT_SHEET_MISSING;
		res->missing_unit = col[COL_UNIT] < 0, res->missing_criterion = col[COL_CRITERION] < 0,
		res->missing_points = col[COL_POINTS] < 0;
		goto out;
	}

	/* The rows, read into score inputs a chunk at a time and checked and
	 * written by scores_apply's rules, in one transaction. */
	opened = true;
	if (apply_open(&a, s, c, &b, &ar, true, e))
		goto out;
	while ((rc = csv_next(cr)) == 1) {
		long line = csv_line(cr);
		size_t nf = csv_nfields(cr);
		const char *f_unit = (size_t)col[COL_UNIT] < nf ? csv_field(cr, (size_t)col[COL_UNIT]) : "";
		const char *f_crit = (size_t)col[COL_CRITERION] < nf ? csv_field(cr, (size_t)col[COL_CRITERION]) : "";
		const char *f_pts = (size_t)col[COL_POINTS] < nf ? csv_field(cr, (size_t)col[COL_POINTS]) : "";
		struct score_input in = {.kind = opt->kind, .by = opt->by, .comment = "", .detail = "",
					 .scorer_unit = opt->scorer_unit};
		struct kp_error re = {0};
		int no;
		if (!*f_pts) { /* not scored (yet): a template's row left blank */
			res->blank++;
			continue;
		}
		res->rows++;
		if (col[COL_KIND] >= 0 && (size_t)col[COL_KIND] < nf && *csv_field(cr, (size_t)col[COL_KIND])) {
			in.kind = kind_parse(csv_field(cr, (size_t)col[COL_KIND]));
			if (in.kind < 0) {
				snprintf(msg, sizeof msg, "kind \"%s\" is not 自评 (self) or 测评 (assessor)",
					 csv_field(cr, (size_t)col[COL_KIND]));
				sheet_error(sh, line, "kind", SCORE_E_BAD_KIND, csv_field(cr, (size_t)col[COL_KIND]), msg);
				continue;
			}
			if (opt->fixed_kind && in.kind != opt->kind) {
				snprintf(msg, sizeof msg, "kind \"%s\": only %s scores may be imported here",
					 csv_field(cr, (size_t)col[COL_KIND]), kind_name(opt->kind));
				sheet_error(sh, line, "kind", SCORE_E_OTHER_KIND, csv_field(cr, (size_t)col[COL_KIND]), msg);
				continue;
			}
		}
		if (col[COL_BY] >= 0 && (size_t)col[COL_BY] < nf && *csv_field(cr, (size_t)col[COL_BY])) {
			const char *by = csv_field(cr, (size_t)col[COL_BY]);
			if (opt->fixed_by && opt->by && strcmp(by, opt->by)) {
				snprintf(msg, sizeof msg, "by \"%s\": scores are imported here as %s's own", by, opt->by);
				sheet_error(sh, line, "by", SCORE_E_OTHER_SCORER, by, msg);
				continue;
			}
			if (!last_by || strcmp(last_by, by))
				last_by = sheet_text(sh, by);
			in.by = last_by;
		}
		if (col[COL_COMMENT] >= 0 && (size_t)col[COL_COMMENT] < nf)
			in.comment = sheet_text(sh, csv_field(cr, (size_t)col[COL_COMMENT]));
		if (last_unit != UNITDIR_NONE && !strcmp(f_unit, last_name)) {
			in.unit = last_unit;
		} else {
			in.unit = unitdir_lookup(&c->units, f_unit);
			/* Suggestions scan every unit: only for errors still listed. */
			if (in.unit == UNITDIR_NONE && sh->nerrors < sh->max)
				unitdir_resolve(&c->units, f_unit, "unit", &re);
			else if (in.unit == UNITDIR_NONE)
				kp_fail(&re, KP_EINPUT, "unit: unknown unit \"%s\"", f_unit);
			free(last_name);
			last_name = xstrdup(f_unit);
			last_unit = in.unit;
		}
		if (in.unit == UNITDIR_ALL) {
			snprintf(msg, sizeof msg, "unit: \"%s\" names all units; give one unit per row", f_unit);
			sheet_error(sh, line, "unit", SCORE_E_ALL_UNITS, f_unit, msg);
			continue;
		}
		if (in.unit < 0) {
			sheet_error(sh, line, "unit", SCORE_E_BAD_UNIT, f_unit, re.msg);
			continue;
		}
		if (rubric_criterion_ref_parse(f_crit, &no, &in.part) < 0 || (in.criterion = rubric_find(r, no)) < 0) {
			snprintf(msg, sizeof msg, "criterion: \"%s\" is not a criterion of the rubric (a number such as 2, or 8.2 "
				 "for a part)", f_crit);
			sheet_error(sh, line, "criterion", SCORE_E_BAD_CRITERION, f_crit, msg);
			continue;
		}
		int bad = scores_parse_points(r, in.criterion, f_pts, &in.points, &in.vetoed);
		if (bad == SCORE_E_BAD_VETO) {
			snprintf(msg, sizeof msg, "points: \"%s\" must be 是 or 否 for veto criterion %d (一票否决)", f_pts,
				 r->criteria[in.criterion].no);
			sheet_error(sh, line, "points", bad, f_pts, msg);
			struct import_error *is = sh->nlisted ? &sh->errors[sh->nlisted - 1].issue : NULL;
			if (is && is->line == line)
				snprintf(is->ref, sizeof is->ref, in.part ? "%d.%d" : "%d", no, in.part);
			continue;
		} else if (bad) {
			snprintf(msg, sizeof msg, "points: \"%s\" is not a number of points with at most one decimal", f_pts);
			sheet_error(sh, line, "points", bad, f_pts, msg);
			struct import_error *is = sh->nlisted ? &sh->errors[sh->nlisted - 1].issue : NULL;
			if (is && is->line == line)
				snprintf(is->ref, sizeof is->ref, in.part ? "%d.%d" : "%d", no, in.part);
			continue;
		}
		sh->lines[sh->n] = line;
		sh->rows[sh->n++] = in;
		if (sh->n == SHEET_CHUNK) {
			last_by = NULL; /* its copy goes with the chunk */
			if (sheet_flush(sh, &a, e))
				goto out;
		}
	}
	if (rc < 0) {
		kp_fail(e, KP_EINPUT, "%s", csv_error(cr));
		res->sheet_problem = IMPORT_SHEET_UNREADABLE;
		goto out;
	}
	if (res->rows == 0) {
		kp_fail(e, KP_EINPUT, "%s has a header but no scores", opt->source);
		res->sheet_problem = IMPORT_SHEET_NO_SCORES;
		goto out;
	}
	if (sheet_flush(sh, &a, e))
		goto out;
	sh->nerrors += ar.nerrors;
	res->replaced = ar.replaced;
	res->replacements = ar.replacements, res->nreplacements = ar.nreplacements; /* RES owns them now */
	ar.replacements = NULL, ar.nreplacements = 0;
	if (sh->nerrors) {
		qsort(sh->errors, (size_t)sh->nlisted, sizeof *sh->errors, by_line);
		res->nerrors = sh->nerrors;
		for (int i = 0; i < sh->nlisted && i < b.max_errors; i++)
			sb_addf(&res->errors, "line %ld: %s\n", sh->errors[i].line, sh->errors[i].msg);
		res->nissues = sh->nlisted < b.max_errors ? sh->nlisted : b.max_errors;
		res->issues = xcalloc((size_t)res->nissues + 1, sizeof *res->issues);
		for (int i = 0; i < res->nissues; i++)
			res->issues[i] = sh->errors[i].issue;
		kp_fail(e, KP_EINPUT, "%d error%s in %s; nothing was imported", sh->nerrors, sh->nerrors > 1 ? "s" : "",
			opt->source);
		goto out;
	}
	apply_close(&a, e);
out:
	if (opened)
		apply_end(&a);
	if (cr)
		csv_close(cr);
	for (int i = 0; i < sh->nlisted; i++)
		free(sh->errors[i].msg);
	for (int i = 0; i < sh->ntexts; i++)
		free(sh->texts[i]);
	free(sh->errors), free(sh->texts), free(sh);
	scores_result_free(&ar);
	free(last_name);
	return e->code;
}

int scores_import_data(store *s, const struct campaign *c, const void *data, size_t len,
		       const struct import_options *opt, struct import_result *res, struct kp_error *e)
{
	struct strbuf sheet_csv = {0};
	struct import_options o = *opt;
	unsigned char digest[32];
	char hex[65];
	memset(res, 0, sizeof *res);
	crypto_hash_sha256(digest, data, len); /* the file as received, a workbook's too */
	sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
	o.sha256 = hex;
	if (xlsx_is_zip(data, len)) { /* a workbook: its first sheet as the CSV it shows, one line a row */
		if (xlsx_csv(NULL, data, len, &sheet_csv, e)) {
			res->sheet_problem = IMPORT_SHEET_UNREADABLE;
			goto out;
		}
		data = sb_str(&sheet_csv), len = sheet_csv.len;
		o.encoding = CSV_UTF8;
	}
	FILE *f = fmemopen((void *)data, len ? len : 1, "rb");
	if (!f) {
		kp_fail(e, KP_EFAIL, "%s: cannot be read (%s)", opt->source, strerror(errno));
		goto out;
	}
	if (!len)
		fgetc(f); /* fmemopen needs a byte: read it, so the sheet is empty */
	scores_import(s, c, f, &o, res, e);
	fclose(f);
out:
	sb_free(&sheet_csv);
	return e->code;
}

/* ---- reading a unit's score rows ---- */

void unit_scores_free(struct unit_scores *us)
{
	for (int i = 0; i < us->n; i++)
		free(us->row[i].by), free(us->row[i].comment), free(us->row[i].at);
	free(us->row);
	us->row = NULL, us->n = 0;
}

int unit_scores_find(const struct unit_scores *us, int no, int part, int kind)
{
	for (int i = 0; i < us->n; i++)
		if (us->row[i].no == no && us->row[i].part == part && us->row[i].kind == kind)
			return i;
	return -1;
}

int unit_scores_load(store *s, int64_t unit_id, struct unit_scores *us, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_SCORE_LIST_UNIT);
	int rc, cap = 0;
	st_bind_int(st, 1, unit_id);
	while ((rc = st_step(st, e)) == 1) {
		if (us->n == cap) {
			cap = cap ? 2 * cap : 32;
			us->row = xrealloc(us->row, (size_t)cap * sizeof *us->row);
		}
		us->row[us->n++] = (struct unit_score){
			.no = (int)st_int(st, 0),
			.part = (int)st_int(st, 1),
			.kind = (int)st_int(st, 2),
			.points = (int)st_int(st, 3),
			.vetoed = st_int(st, 4) != 0,
			.state = (int)st_int(st, 5),
			.by = xstrdup(st_text(st, 6)),
			.comment = xstrdup(st_text(st, 7)),
			.at = xstrdup(st_text(st, 9)),
		};
	}
	if (rc < 0)
		unit_scores_free(us);
	return rc < 0 ? e->code : 0;
}

void scores_history_free(struct score_history *h)
{
	for (int i = 0; i < h->n; i++) {
		struct score_history_row *r = &h->row[i];
		free(r->by), free(r->comment), free(r->scored_at), free(r->replaced_at), free(r->replaced_by), free(r->reason);
	}
	free(h->row);
	memset(h, 0, sizeof *h);
}

int scores_history(store *s, const struct campaign *c, int u, struct score_history *h, struct kp_error *e)
{
	assert(u >= 0 && u < c->units.n);
	memset(h, 0, sizeof *h);
	store_stmt *st = store_sql(s, SQL_SCORE_HISTORY_UNIT);
	st_bind_int(st, 1, c->units.ids[u]);
	int rc, cap = 0;
	while ((rc = st_step(st, e)) == 1) {
		if (h->n == cap) {
			cap = cap ? 2 * cap : 16;
			h->row = xrealloc(h->row, (size_t)cap * sizeof *h->row);
		}
		h->row[h->n++] = (struct score_history_row){
			.criterion_no = (int)st_int(st, 0), .part_no = (int)st_int(st, 1), .kind = (int)st_int(st, 2),
			.points = (int)st_int(st, 3), .vetoed = st_int(st, 4) != 0, .state = (int)st_int(st, 5),
			.by = xstrdup(st_text(st, 6)), .comment = xstrdup(st_text(st, 7)), .scored_at = xstrdup(st_text(st, 8)),
			.replaced_at = xstrdup(st_text(st, 9)), .replaced_by = xstrdup(st_text(st, 10)),
			.reason = xstrdup(st_text(st, 11))};
	}
	if (rc < 0) {
		scores_history_free(h);
		return e->code;
	}
	return 0;
}
