/* scores.c — scores into the store: single scores with history and audit,
 * workflow state changes, and the all-or-nothing CSV import. */
#include "scores.h"

#include "workflow.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Existing score at a key, if any. */
struct existing {
	bool found;
	int points, state;
	bool vetoed;
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

int scores_set(store *s, const struct campaign *c, const struct score_input *in, struct kp_error *e)
{
	const struct rubric_criterion *cr = &c->rubric->criteria[in->criterion];
	char ref[32], a[24], b[24];
	char *now = now_utc_iso(), *subject = NULL, *detail = NULL;
	struct existing ex;
	if (in->part)
		snprintf(ref, sizeof ref, "%d.%d", cr->no, in->part);
	else
		snprintf(ref, sizeof ref, "%d", cr->no);
	if (score_check(c->rubric, in->criterion, in->part, in->unit, c->units.names[in->unit], in->points, e))
		goto out;
	if (in->vetoed && cr->kind != CRITERION_VETO) {
		kp_fail(e, KP_EINPUT, "criterion %d is not a veto criterion", cr->no);
		goto out;
	}
	if (!in->by || !*in->by) {
		kp_fail(e, KP_EINPUT, "--by: say who scored");
		goto out;
	}
	if (store_begin(s, e))
		goto out;
	if (score_get(s, c, in->unit, cr->no, in->part, in->kind, &ex, e))
		goto fail;
	if (in->kind == SCORE_SELF) { /* a submitted self-assessment is frozen */
		int state;
		if (submission_get(s, c, in->unit, &state, NULL, e))
			goto fail;
		if (state == SUBMISSION_SUBMITTED) {
			kp_fail(e, KP_EINPUT, "%s has submitted its self-assessment; the office must return it before it changes",
				c->units.names[in->unit]);
			goto fail;
		}
	}
	bool correcting = ex.found && ex.state == SCORE_FINAL;
	if (correcting && (!in->reason || !*in->reason)) {
		kp_fail(e, KP_EINPUT, "the score of %s on criterion %s is final; change it with --correct --reason TEXT",
			c->units.names[in->unit], ref);
		goto fail;
	}
	if (!correcting && in->reason && *in->reason) {
		kp_fail(e, KP_EINPUT, "--correct: the score of %s on criterion %s is not final; set it without a correction",
			c->units.names[in->unit], ref);
		goto fail;
	}
	if (ex.found && score_archive(s, c, in->unit, cr->no, in->part, in->kind, now, in->by,
				      correcting ? in->reason : "changed", e))
		goto fail;
	if (score_write(s, c, in, ex.found ? ex.state : SCORE_DRAFT, 0, now, e))
		goto fail;
	subject = xasprintf("%s / %s / %s", c->units.names[in->unit], ref, kind_name(in->kind));
	if (ex.found)
		detail = xasprintf("%s%s -> %s%s%s%s", points_format(ex.points, a), ex.vetoed ? " (veto)" : "",
				   points_format(in->points, b), in->vetoed ? " (veto)" : "",
				   correcting ? "; correction: " : "", correcting ? in->reason : "");
	else
		detail = xasprintf("%s%s", points_format(in->points, a), in->vetoed ? " (veto)" : "");
	if (store_counter_bump(s, COUNTER_SCORES, e) || audit_log(s, in->by, correcting ? "score.correct" : "score.set", subject, detail, e) ||
	    store_commit(s, e))
		goto fail;
	goto out;
fail:
	store_rollback(s);
out:
	free(now), free(subject), free(detail);
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
	[COL_UNIT] = {"unit", "\xe5\x8d\x95\xe4\xbd\x8d", "\xe5\x8d\x95\xe4\xbd\x8d\xe5\x90\x8d\xe7\xa7\xb0",
		      "\xe8\xb4\xa3\xe4\xbb\xbb\xe5\x8d\x95\xe4\xbd\x8d", NULL},          /* 单位 单位名称 责任单位 */
	[COL_CRITERION] = {"criterion", "\xe5\xba\x8f\xe5\x8f\xb7", "\xe6\x9d\xa1\xe7\x9b\xae", NULL}, /* 序号 条目 */
	[COL_CONTENT] = {"\xe6\xb5\x8b\xe8\xaf\x84\xe5\x86\x85\xe5\xae\xb9", NULL}, /* 测评内容 */
	[COL_POINTS] = {"points", "\xe5\xbe\x97\xe5\x88\x86", "\xe5\x88\x86\xe6\x95\xb0", NULL}, /* 得分 分数 */
	[COL_KIND] = {"kind", "\xe7\xb1\xbb\xe5\x9e\x8b", NULL},                               /* 类型 */
	[COL_BY] = {"by", "\xe8\xaf\x84\xe5\x88\x86\xe4\xba\xba", "\xe6\xb5\x8b\xe8\xaf\x84\xe4\xba\xba", NULL}, /* 评分人 测评人 */
	[COL_COMMENT] = {"comment", "\xe5\xa4\x87\xe6\xb3\xa8", "\xe8\xaf\xb4\xe6\x98\x8e",
			 "\xe6\x84\x8f\xe8\xa7\x81", NULL}, /* 备注 说明 意见 */
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
	if (!strcasecmp(t, "self") || !strcmp(t, "\xe8\x87\xaa\xe8\xaf\x84"))
		k = SCORE_SELF;
	else if (!strcasecmp(t, "assessor") || !strcmp(t, "\xe6\xb5\x8b\xe8\xaf\x84") ||
		 !strcmp(t, "\xe8\x80\x83\xe8\xaf\x84"))
		k = SCORE_ASSESSOR;
	free(t);
	return k;
}

/* For a veto criterion (一票否决): 是/yes triggers it, 否/no does not. */
static int veto_parse(const char *s)
{
	char *t = text_normalize(s);
	int v = -1;
	if (!strcasecmp(t, "yes") || !strcmp(t, "\xe6\x98\xaf"))
		v = 1;
	else if (!strcasecmp(t, "no") || !strcmp(t, "\xe5\x90\xa6"))
		v = 0;
	free(t);
	return v;
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

static void row_error(struct import_result *res, const struct import_options *opt, long line, const char *msg)
{
	res->nerrors++;
	if (res->nerrors <= opt->max_errors)
		sb_addf(&res->errors, "line %ld: %s\n", line, msg);
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

int scores_import(store *s, const struct campaign *c, FILE *f, const struct import_options *opt,
		  struct import_result *res, struct kp_error *e)
{
	const struct rubric *r = c->rubric;
	char hex[65], msg[600];
	char *now = now_utc_iso();
	int col[COL__COUNT];
	int nslots, *base = slot_base(r, &nslots);
	unsigned char *seen = NULL;
	bool began = false, bulk = false, any_existing[2] = {true, true};
	int64_t batch = 0;
	csv_reader *cr = NULL;
	char *last_name = xstrdup(""); /* rows come grouped by unit: remember the last */
	int last_unit = UNITDIR_NONE;
	memset(res, 0, sizeof *res);
	file_sha256(f, hex);
	cr = csv_open(f, opt->encoding);

	/* Header row. */
	int rc = csv_next(cr);
	if (rc <= 0) {
		kp_fail(e, KP_EINPUT, "%s", rc < 0 ? csv_error(cr) : "the file is empty: expected a header row");
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
				goto out;
			}
			content = (int)i;
			continue;
		}
		if (col[k] >= 0) {
			kp_fail(e, KP_EINPUT, "line %ld: column \"%s\" appears twice", csv_line(cr), csv_field(cr, i));
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
		goto out;
	}

	store_bulk_mode(s, true);
	bulk = true;
	if (store_begin(s, e))
		goto out;
	began = true;
	for (int k = 0; k < 2; k++) {
		store_stmt *st = store_sql(s, SQL_SCORE_COUNT_KIND);
		st_bind_int(st, 1, k);
		if (st_step(st, e) < 0)
			goto out;
		any_existing[k] = st_int(st, 0) > 0;
	}
	store_stmt *st = store_sql(s, SQL_BATCH_INSERT);
	st_bind_text(st, 1, "scores");
	st_bind_text(st, 2, opt->source);
	st_bind_text(st, 3, hex);
	st_bind_int(st, 4, 0);
	st_bind_text(st, 5, opt->by);
	st_bind_text(st, 6, now);
	if (st_step(st, e) != 1)
		goto out;
	batch = st_int(st, 0);
	st_exec(st, e);
	seen = xcalloc(((size_t)c->units.n * (size_t)nslots * 2 + 7) / 8, 1);

	while ((rc = csv_next(cr)) == 1) {
		long line = csv_line(cr);
		size_t nf = csv_nfields(cr);
		const char *f_unit = (size_t)col[COL_UNIT] < nf ? csv_field(cr, (size_t)col[COL_UNIT]) : "";
		const char *f_crit = (size_t)col[COL_CRITERION] < nf ? csv_field(cr, (size_t)col[COL_CRITERION]) : "";
		const char *f_pts = (size_t)col[COL_POINTS] < nf ? csv_field(cr, (size_t)col[COL_POINTS]) : "";
		struct score_input in = {.kind = opt->kind, .by = opt->by, .comment = "", .detail = ""};
		struct kp_error re = {0};
		int no;
		res->rows++;
		if (col[COL_KIND] >= 0 && (size_t)col[COL_KIND] < nf && *csv_field(cr, (size_t)col[COL_KIND])) {
			in.kind = kind_parse(csv_field(cr, (size_t)col[COL_KIND]));
			if (in.kind < 0) {
				snprintf(msg, sizeof msg, "kind \"%s\" is not 自评 (self) or 测评 (assessor)",
					 csv_field(cr, (size_t)col[COL_KIND]));
				row_error(res, opt, line, msg);
				continue;
			}
		}
		if (col[COL_BY] >= 0 && (size_t)col[COL_BY] < nf && *csv_field(cr, (size_t)col[COL_BY]))
			in.by = csv_field(cr, (size_t)col[COL_BY]);
		if (col[COL_COMMENT] >= 0 && (size_t)col[COL_COMMENT] < nf)
			in.comment = csv_field(cr, (size_t)col[COL_COMMENT]);
		if (last_unit != UNITDIR_NONE && !strcmp(f_unit, last_name)) {
			in.unit = last_unit;
		} else {
			in.unit = unitdir_lookup(&c->units, f_unit);
			/* Suggestions scan every unit: only for errors still listed. */
			if (in.unit == UNITDIR_NONE && res->nerrors < opt->max_errors)
				unitdir_resolve(&c->units, f_unit, "unit", &re);
			else if (in.unit == UNITDIR_NONE)
				kp_fail(&re, KP_EINPUT, "unit: unknown unit \"%s\"", f_unit);
			free(last_name);
			last_name = xstrdup(f_unit);
			last_unit = in.unit;
		}
		if (in.unit == UNITDIR_ALL) {
			snprintf(msg, sizeof msg, "unit: \"%s\" names all units; give one unit per row", f_unit);
			row_error(res, opt, line, msg);
			continue;
		}
		if (in.unit < 0) {
			row_error(res, opt, line, re.msg);
			continue;
		}
		if (criterion_ref_parse(f_crit, &no, &in.part) < 0 || (in.criterion = rubric_find(r, no)) < 0) {
			snprintf(msg, sizeof msg, "criterion: \"%s\" is not a criterion of the rubric (a number such as 2, or 8.2 "
				 "for a part)", f_crit);
			row_error(res, opt, line, msg);
			continue;
		}
		int veto = r->criteria[in.criterion].kind == CRITERION_VETO ? veto_parse(f_pts) : -1;
		if (veto >= 0) {
			in.points = 0;
			in.vetoed = veto;
		} else if (r->criteria[in.criterion].kind == CRITERION_VETO) {
			snprintf(msg, sizeof msg, "points: \"%s\" must be 是 or 否 for veto criterion %d (一票否决)", f_pts,
				 r->criteria[in.criterion].no);
			row_error(res, opt, line, msg);
			continue;
		} else if (points_parse(f_pts, &in.points) < 0) {
			snprintf(msg, sizeof msg, "points: \"%s\" is not a number of points with at most one decimal", f_pts);
			row_error(res, opt, line, msg);
			continue;
		}
		if (score_check(r, in.criterion, in.part, in.unit, c->units.names[in.unit], in.points, &re)) {
			row_error(res, opt, line, re.msg);
			continue;
		}
		size_t key = ((size_t)in.unit * (size_t)nslots + (size_t)(base[in.criterion] + in.part)) * 2 + (size_t)in.kind;
		if (seen[key / 8] & (1u << (key % 8))) {
			snprintf(msg, sizeof msg, "%s, criterion %s: scored twice in this file", c->units.names[in.unit], f_crit);
			row_error(res, opt, line, msg);
			continue;
		}
		seen[key / 8] |= (unsigned char)(1u << (key % 8));
		struct existing ex = {0};
		int crit_no = r->criteria[in.criterion].no;
		if (any_existing[in.kind] && score_get(s, c, in.unit, crit_no, in.part, in.kind, &ex, e))
			goto out;
		if (ex.found && ex.state == SCORE_FINAL) {
			snprintf(msg, sizeof msg, "the score of %s on criterion %s is final; correct it with `kaoping score set --correct`",
				 c->units.names[in.unit], f_crit);
			row_error(res, opt, line, msg);
			continue;
		}
		if (res->nerrors)
			continue; /* keep checking, store nothing more */
		if (ex.found) {
			res->replaced++;
			if (score_archive(s, c, in.unit, crit_no, in.part, in.kind, now, opt->by, "import", e))
				goto out;
		}
		if (score_write(s, c, &in, ex.found ? ex.state : SCORE_DRAFT, batch, now, e))
			goto out;
	}
	if (rc < 0) {
		kp_fail(e, KP_EINPUT, "%s", csv_error(cr));
		goto out;
	}
	if (res->nerrors) {
		kp_fail(e, KP_EINPUT, "%d error%s in %s; nothing was imported", res->nerrors, res->nerrors > 1 ? "s" : "",
			opt->source);
		goto out;
	}
	if (res->rows == 0) {
		kp_fail(e, KP_EINPUT, "%s has a header but no scores", opt->source);
		goto out;
	}
	if (opt->dry_run)
		goto out;
	st = store_sql(s, SQL_BATCH_SET_ROWS);
	st_bind_int(st, 1, batch);
	st_bind_int(st, 2, res->rows);
	if (st_exec(st, e))
		goto out;
	char *detail = xasprintf("%ld rows (%ld replaced) from %s, sha256 %s, batch %lld", res->rows, res->replaced,
				 opt->source, hex, (long long)batch);
	rc = store_counter_bump(s, COUNTER_SCORES, e) || audit_log(s, opt->by, "score.import", opt->source, detail, e);
	free(detail);
	if (rc || store_commit(s, e))
		goto out;
	began = false;
out:
	if (began)
		store_rollback(s);
	if (bulk)
		store_bulk_mode(s, false);
	if (cr)
		csv_close(cr);
	free(last_name);
	free(seen);
	free(base);
	free(now);
	return e->code;
}
