/* ledger.c — the ledger (台账) in the store: kinds, entries with their
 * criteria and files, soft removal, listing and export. */
#include "domain/ledger.h"
#include "store/sql.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/duty.h"

/* Longest texts kept, in bytes (a Chinese character is 3). */
#define TITLE_MAX 600
#define PLACE_MAX 600
#define NOTES_MAX 6000
#define KIND_MAX 120
#define PARTICIPANTS_MAX 1000000

/* What a submitted self-assessment freezes in the ledger. */
#define FROZEN_WHAT "the ledger entries linked to its criteria"

int ledger_kinds_load(store *s, int64_t campaign, struct ledger_kinds *out, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_LEDGER_KIND_LIST);
	int rc;
	memset(out, 0, sizeof *out);
	st_bind_int(st, 1, campaign);
	while ((rc = st_step(st, e)) == 1) {
		out->k = xrealloc(out->k, (size_t)(out->n + 1) * sizeof *out->k);
		out->k[out->n++] = (struct ledger_kind){st_int(st, 0), xstrdup(st_text(st, 1)), st_int(st, 2) != 0};
	}
	return rc < 0 ? e->code : 0;
}

void ledger_kinds_free(struct ledger_kinds *k)
{
	for (int i = 0; i < k->n; i++)
		free(k->k[i].name);
	free(k->k);
	memset(k, 0, sizeof *k);
}

int ledger_kind_find(const struct ledger_kinds *k, const char *name)
{
	char *t = text_normalize(name ? name : "");
	int found = -1;
	for (int i = 0; i < k->n && found < 0; i++)
		if (!strcmp(k->k[i].name, t))
			found = i;
	free(t);
	return found;
}

int ledger_kind_by_id(const struct ledger_kinds *k, int64_t id)
{
	for (int i = 0; i < k->n; i++)
		if (k->k[i].id == id)
			return i;
	return -1;
}

static int kind_insert(store *s, int64_t campaign, const char *name, bool builtin, int64_t *id, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_LEDGER_KIND_INSERT);
	st_bind_int(st, 1, campaign);
	st_bind_text(st, 2, name);
	st_bind_int(st, 3, builtin);
	int rc = st_step(st, e);
	if (rc == 1 && id)
		*id = st_int(st, 0);
	st_reset(st);
	return rc == 1 ? 0 : rc == 0 ? kp_fail(e, KP_EFAIL, "insert returned no id") : e->code;
}

int ledger_kind_add(store *s, const struct campaign *c, const char *name, const char *by, int64_t *id,
		    struct kp_error *e)
{
	char *t = text_normalize(name ? name : "");
	struct ledger_kinds k = {0};
	if (!*t || !utf8_valid(t, strlen(t)) || strlen(t) > KIND_MAX || strpbrk(t, "\r\n\t")) {
		kp_fail(e, KP_EINPUT, "name: give the kind a name of at most 40 characters");
		goto out;
	}
	if (store_begin(s, e))
		goto out;
	if (ledger_kinds_load(s, c->id, &k, e))
		goto fail;
	if (ledger_kind_find(&k, t) >= 0) {
		kp_fail(e, KP_EINPUT, "name: there is already a kind \"%s\"", t);
		goto fail;
	}
	if (kind_insert(s, c->id, t, false, id, e) || audit_log(s, by, "ledger.kind.add", t, "", e) ||
	    store_commit(s, e))
		goto fail;
	goto out;
fail:
	store_rollback(s);
out:
	ledger_kinds_free(&k);
	free(t);
	return e->code;
}

/* ---- files ---- */

int ledger_receive_path(store *s, const char *path, struct ledger_upload *u, struct kp_error *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return kp_fail_at(e, KP_EINPUT, KP_R_NONE, "file", 0, 0, "file: %s: %s", path, strerror(errno));
	struct blob_store *bs;
	char *what = xasprintf("file: %s", path);
	if (!blob_store_open(store_path(s), &bs, e)) {
		blob_put_stream(bs, f, what, EVIDENCE_MAX_BYTES, &u->file, e);
		blob_store_close(bs);
	}
	fclose(f);
	free(what);
	if (!e->code)
		u->name = path;
	return e->code;
}

/* ---- entries ---- */

/* Checks TEXT (may be NULL) as an optional one-line or free text of at
 * most MAX bytes; returns a trimmed copy or NULL with E naming FIELD. */
static char *text_field(const char *text, const char *field, size_t max, bool required, struct kp_error *e)
{
	char *t;
	switch (text_check(text, max, required, &t)) {
	case TEXT_OK: return t;
	case TEXT_MISSING: kp_fail_at(e, KP_EINPUT, KP_R_REQUIRED, field, 0, 0, "%s: required", field); break;
	case TEXT_NOT_UTF8: kp_fail_at(e, KP_EINPUT, KP_R_FORMAT, field, 0, 0, "%s: not valid UTF-8 text", field); break;
	case TEXT_TOO_LONG:
		kp_fail_at(e, KP_EINPUT, KP_R_TOO_LONG, field, 0, (double)(max / 3), "%s: at most %zu characters", field,
			   max / 3);
		break;
	}
	return NULL;
}

/* Parses "4,8" (commas, 、 or ，, spaces) into criterion numbers that apply
 * to unit U, without repeats. */
static int parse_criteria(const struct campaign *c, int u, const char *s, int **out, int *n, struct kp_error *e)
{
	*out = NULL;
	*n = 0;
	for (const char *p = s ? s : ""; *p;) {
		if (*p == ',' || *p == ' ') {
			p++;
			continue;
		}
		if (!strncmp(p, "、", 3) || !strncmp(p, "，", 3)) {
			p += 3;
			continue;
		}
		char *end;
		long no = strtol(p, &end, 10);
		if (end == p || no < 1 || no > 100000)
			return kp_fail_at(e, KP_EINPUT, KP_R_FORMAT, "criteria", 0, 0, "criteria: \"%s\" is not a list of criterion numbers such as 4,8", s);
		int k = rubric_find(c->rubric, (int)no);
		if (k < 0)
			return kp_fail_at(e, KP_EINPUT, KP_R_UNKNOWN, "criteria", 0, 0, "criteria: %ld is not a criterion of the rubric",
					  no);
		if (!rubric_applies(c->rubric, k, u))
			return kp_fail_at(e, KP_EINPUT, KP_R_NOT_APPLICABLE, "criteria", 0, 0,
					  "criteria: criterion %ld does not apply to %s", no, c->units.names[u]);
		bool seen = false;
		for (int i = 0; i < *n; i++)
			seen |= (*out)[i] == (int)no;
		if (!seen) {
			*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
			(*out)[(*n)++] = (int)no;
		}
		p = end;
	}
	return 0;
}

/* Checks the participants count: empty is 0. */
static int parse_participants(const char *s, int64_t *v, struct kp_error *e)
{
	*v = 0;
	if (!s || !*s)
		return 0;
	char *end;
	errno = 0;
	long long n = strtoll(s, &end, 10);
	if (end == s || *end || errno || n < 0 || n > PARTICIPANTS_MAX || *s == '+' || *s == ' ')
		return kp_fail_at(e, KP_EINPUT, KP_R_FORMAT, "participants", 0, 0,
				  "participants: \"%s\" is not a whole number from 0", s);
	*v = n;
	return 0;
}

/* Writes FILES (checked: NAMES and TYPES) of entry ID, inside the caller's
 * transaction; identical contents are stored once. */
static int write_files(store *s, int64_t id, const struct ledger_upload *files, int n, char **names, const char **types,
		       const char *by, const char *at, struct kp_error *e)
{
	for (int i = 0; i < n; i++) {
		const struct blob *f = &files[i].file;
		store_stmt *st = store_sql(s, SQL_BLOB_INSERT);
		st_bind_text(st, 1, f->sha256);
		st_bind_int(st, 2, (int64_t)f->len);
		st_bind_text(st, 3, types[i]);
		st_bind_text(st, 4, at);
		if (st_exec(st, e))
			return e->code;
		st = store_sql(s, SQL_LEDGER_FILE_INSERT);
		st_bind_int(st, 1, id);
		st_bind_text(st, 2, f->sha256);
		st_bind_text(st, 3, names[i]);
		st_bind_text(st, 4, types[i]);
		st_bind_int(st, 5, (int64_t)f->len);
		st_bind_text(st, 6, by);
		st_bind_text(st, 7, at);
		if (st_exec(st, e))
			return e->code;
	}
	return 0;
}

/* Checks every file of FILES (names and types into NAMES, TYPES) and then
 * keeps them in the blob store of S: none is kept unless all pass. */
static int check_files(store *s, struct ledger_upload *files, int n, char **names, const char **types,
		       struct kp_error *e)
{
	struct blob_store *bs;
	for (int i = 0; i < n; i++)
		if (evidence_check(files[i].name, &files[i].file, &names[i], &types[i], e))
			return e->code;
	if (blob_store_open(store_path(s), &bs, e))
		return e->code;
	for (int i = 0; i < n && !e->code; i++)
		blob_commit(bs, &files[i].file, e);
	blob_store_close(bs);
	return e->code;
}

/* Writes the entry, its criteria and files inside a transaction. */
static int entry_write(store *s, const struct campaign *c, const struct ledger_input *in, int64_t kind_id,
		       const char *title, int64_t participants, const char *place, const char *notes,
		       const int *crit, int ncrit, char **names, const char **types, int64_t *id, struct kp_error *e)
{
	char *at = now_utc_iso();
	store_stmt *st = store_sql(s, SQL_LEDGER_ENTRY_INSERT);
	st_bind_int(st, 1, c->units.ids[in->unit]);
	st_bind_text(st, 2, in->day);
	st_bind_int(st, 3, kind_id);
	st_bind_text(st, 4, title);
	st_bind_int(st, 5, participants);
	st_bind_text(st, 6, place);
	st_bind_text(st, 7, notes);
	st_bind_text(st, 8, in->by);
	st_bind_text(st, 9, at);
	int rc = st_step(st, e);
	if (rc == 1)
		*id = st_int(st, 0);
	st_reset(st);
	if (rc != 1) {
		free(at);
		return rc == 0 ? kp_fail(e, KP_EFAIL, "insert returned no id") : e->code;
	}
	for (int i = 0; i < ncrit && !e->code; i++) {
		st = store_sql(s, SQL_LEDGER_CRITERION_INSERT);
		st_bind_int(st, 1, *id);
		st_bind_int(st, 2, crit[i]);
		st_exec(st, e);
	}
	if (!e->code)
		write_files(s, *id, in->files, in->nfiles, names, types, in->by, at, e);
	if (!e->code) {
		char *subject = xasprintf("%s / ledger %lld", c->units.names[in->unit], (long long)*id);
		char *detail = xasprintf("%s %s (%d criteria, %d files)", in->day, title, ncrit, in->nfiles);
		if (!store_counter_bump(s, COUNTER_PROGRESS, e))
			audit_log(s, in->by, "ledger.add", subject, detail, e);
		free(subject), free(detail);
	}
	free(at);
	return e->code;
}

int ledger_add(store *s, const struct campaign *c, const struct ledger_input *in, int64_t *id, struct kp_error *e)
{
	struct ledger_kinds kinds = {0};
	char *title = NULL, *place = NULL, *notes = NULL;
	char **names = xcalloc((size_t)in->nfiles + 1, sizeof *names);
	const char **types = xcalloc((size_t)in->nfiles + 1, sizeof *types);
	int *crit = NULL, ncrit = 0, k = -1;
	int64_t participants;
	if (in->unit < 0 || in->unit >= c->units.n) {
		kp_fail(e, KP_EINPUT, "unit: no such unit");
		goto out;
	}
	if (!in->day || !date_valid(in->day)) {
		kp_fail_at(e, KP_EINPUT, KP_R_FORMAT, "date", 0, 0, "date: \"%s\" is not a date YYYY-MM-DD",
			   in->day ? in->day : "");
		goto out;
	}
	if (atoi(in->day) != c->year) {
		kp_fail_at(e, KP_EINPUT, KP_R_RANGE, "date", c->year, c->year, "date: %s is outside the campaign year %d",
			   in->day, c->year);
		goto out;
	}
	if (ledger_kinds_load(s, c->id, &kinds, e))
		goto out;
	if ((k = ledger_kind_find(&kinds, in->kind)) < 0) {
		kp_fail_at(e, KP_EINPUT, KP_R_UNKNOWN, "kind", 0, 0, "kind: \"%s\" is not a ledger kind",
			in->kind ? in->kind : "");
		goto out;
	}
	if (!(title = text_field(in->title, "title", TITLE_MAX, true, e)) ||
	    !(place = text_field(in->place, "place", PLACE_MAX, false, e)) ||
	    !(notes = text_field(in->notes, "notes", NOTES_MAX, false, e)) ||
	    parse_participants(in->participants, &participants, e) ||
	    parse_criteria(c, in->unit, in->criteria, &crit, &ncrit, e))
		goto out;
	if (store_begin(s, e))
		goto out;
	/* An entry that proves criteria waits while the self-assessment is
	 * submitted (its files are not placed); one that proves none is a
	 * record of an activity and goes in. */
	if ((ncrit && submissions_frozen(s, c, in->unit, FROZEN_WHAT, e)) ||
	    check_files(s, in->files, in->nfiles, names, types, e) ||
	    entry_write(s, c, in, kinds.k[k].id, title, participants, place, notes, crit, ncrit, names, types, id, e) ||
	    store_commit(s, e))
		store_rollback(s);
out:
	for (int i = 0; i < in->nfiles; i++) {
		blob_drop(&in->files[i].file);
		free(names[i]);
	}
	ledger_kinds_free(&kinds);
	free(names), free(types), free(crit), free(title), free(place), free(notes);
	return e->code;
}

int ledger_attach(store *s, const struct campaign *c, int64_t id, int unit, struct ledger_upload *files, int nfiles,
		  const char *by, struct kp_error *e)
{
	char *at = now_utc_iso();
	char **names = xcalloc((size_t)nfiles + 1, sizeof *names);
	const char **types = xcalloc((size_t)nfiles + 1, sizeof *types);
	struct ledger_entry en = {0};
	if (!nfiles) {
		kp_fail_at(e, KP_EINPUT, KP_R_REQUIRED, "file", 0, 0, "file: choose at least one file to attach");
		goto out;
	}
	if (store_begin(s, e))
		goto out;
	/* the entry first: no file is placed for one that is not there */
	int u = -1;
	if (!ledger_get(s, id, &en, e))
		u = en.id ? unitdir_by_id(&c->units, en.unit_id) : -1;
	if (!e->code && (u < 0 || (unit >= 0 && u != unit)))
		kp_fail(e, KP_EINPUT, "no ledger entry %lld%s%s", (long long)id, unit >= 0 ? " for " : "",
			unit >= 0 ? c->units.names[unit] : "");
	if (!e->code && en.ncriteria)
		submissions_frozen(s, c, u, FROZEN_WHAT, e);
	if (!e->code && !check_files(s, files, nfiles, names, types, e) &&
	    !write_files(s, id, files, nfiles, names, types, by, at, e)) {
		struct strbuf detail = {0};
		for (int i = 0; i < nfiles; i++)
			sb_addf(&detail, "%s%s", i ? ", " : "", names[i]);
		char *subject = xasprintf("%s / ledger %lld", c->units.names[u], (long long)id);
		audit_log(s, by, "ledger.attach", subject, sb_str(&detail), e);
		free(subject), sb_free(&detail);
	}
	if (e->code || store_commit(s, e))
		store_rollback(s);
out:
	for (int i = 0; i < nfiles; i++) {
		blob_drop(&files[i].file);
		free(names[i]);
	}
	ledger_entries_free(&en, 1);
	free(names), free(types), free(at);
	return e->code;
}

int ledger_remove(store *s, const struct campaign *c, int64_t id, int unit, const char *by, struct kp_error *e)
{
	struct ledger_entry en;
	if (store_begin(s, e))
		return e->code;
	if (ledger_get(s, id, &en, e))
		goto fail_free;
	int u = en.id ? unitdir_by_id(&c->units, en.unit_id) : -1;
	if (u < 0 || (unit >= 0 && u != unit)) {
		kp_fail(e, KP_EINPUT, "no ledger entry %lld%s%s", (long long)id, unit >= 0 ? " for " : "",
			unit >= 0 ? c->units.names[unit] : "");
		goto fail_free;
	}
	if (en.ncriteria && submissions_frozen(s, c, u, FROZEN_WHAT, e))
		goto fail_free;
	char *at = now_utc_iso(), *subject = xasprintf("%s / ledger %lld", c->units.names[u], (long long)id);
	char *detail = xasprintf("%s %s", en.day, en.title);
	store_stmt *st = store_sql(s, SQL_LEDGER_ENTRY_DELETE);
	st_bind_int(st, 1, id);
	st_bind_text(st, 2, at);
	st_bind_text(st, 3, by);
	int rc = st_exec(st, e) || store_counter_bump(s, COUNTER_PROGRESS, e) ||
		 audit_log(s, by, "ledger.remove", subject, detail, e) || store_commit(s, e);
	free(at), free(subject), free(detail);
	ledger_entries_free(&en, 1);
	if (rc)
		goto fail;
	return 0;
fail_free:
	ledger_entries_free(&en, 1);
fail:
	store_rollback(s);
	return e->code;
}

/* Reads the entry in ST's current row (the columns of SQL_LEDGER_ENTRY_GET
 * and _LIST) into *EN. */
static void entry_read(store_stmt *st, struct ledger_entry *en)
{
	memset(en, 0, sizeof *en);
	en->id = st_int(st, 0);
	en->unit_id = st_int(st, 1);
	snprintf(en->day, sizeof en->day, "%s", st_text(st, 2));
	en->kind_id = st_int(st, 3);
	en->kind = xstrdup(st_text(st, 4));
	en->title = xstrdup(st_text(st, 5));
	en->participants = st_int(st, 6);
	en->place = xstrdup(st_text(st, 7));
	en->notes = xstrdup(st_text(st, 8));
	en->by = xstrdup(st_text(st, 9));
	en->at = xstrdup(st_text(st, 10));
	en->nfiles = (int)st_int(st, 11);
}

static void add_criterion(struct ledger_entry *en, int no)
{
	en->criteria = xrealloc(en->criteria, (size_t)(en->ncriteria + 1) * sizeof *en->criteria);
	en->criteria[en->ncriteria++] = no;
}

/* Adds the criteria of EN. */
static int entry_links(store *s, struct ledger_entry *en, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_LEDGER_CRITERION_LIST);
	int rc;
	st_bind_int(st, 1, en->id);
	while ((rc = st_step(st, e)) == 1)
		add_criterion(en, (int)st_int(st, 0));
	return rc < 0 ? e->code : 0;
}

static int by_id(const void *a, const void *b)
{
	const struct ledger_entry *x = *(struct ledger_entry *const *)a, *y = *(struct ledger_entry *const *)b;
	return (x->id > y->id) - (x->id < y->id);
}

int ledger_get(store *s, int64_t id, struct ledger_entry *out, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_LEDGER_ENTRY_GET);
	memset(out, 0, sizeof *out);
	st_bind_int(st, 1, id);
	int rc = st_step(st, e);
	if (rc < 0)
		return e->code;
	if (rc == 0)
		return 0;
	entry_read(st, out);
	st_reset(st);
	return entry_links(s, out, e);
}

int ledger_load(store *s, const struct campaign *c, int unit, int64_t kind_id, struct ledger_entry **out, int *n,
		struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_LEDGER_ENTRY_LIST);
	int rc;
	*out = NULL;
	*n = 0;
	st_bind_int(st, 1, c->id);
	st_bind_int(st, 2, unit >= 0 ? c->units.ids[unit] : 0);
	st_bind_int(st, 3, kind_id);
	while ((rc = st_step(st, e)) == 1) {
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		entry_read(st, &(*out)[(*n)++]);
	}
	if (rc < 0 || !*n)
		return rc < 0 ? e->code : 0;
	/* Their criteria in one statement, matched to them by id. */
	struct ledger_entry **ids = xmalloc((size_t)*n * sizeof *ids);
	for (int i = 0; i < *n; i++)
		ids[i] = &(*out)[i];
	qsort(ids, (size_t)*n, sizeof *ids, by_id);
	st = store_sql(s, SQL_LEDGER_ENTRY_LIST_CRITERIA);
	st_bind_int(st, 1, c->id);
	st_bind_int(st, 2, unit >= 0 ? c->units.ids[unit] : 0);
	st_bind_int(st, 3, kind_id);
	int at = 0;
	while ((rc = st_step(st, e)) == 1) {
		int64_t id = st_int(st, 0);
		while (at < *n && ids[at]->id < id) /* both in id order */
			at++;
		if (at < *n && ids[at]->id == id)
			add_criterion(ids[at], (int)st_int(st, 1));
	}
	free(ids);
	return rc < 0 ? e->code : 0;
}

void ledger_entries_free(struct ledger_entry *entries, int n)
{
	for (int i = 0; i < n; i++) {
		struct ledger_entry *en = &entries[i];
		free(en->kind), free(en->title), free(en->place), free(en->notes), free(en->by), free(en->at);
		free(en->criteria);
	}
}

void ledger_print(const struct campaign *c, const struct ledger_entry *entries, int n, enum out_format fmt, FILE *out)
{
	static const struct column cols[] = {
		{"id", "编号", true},       {"unit", "单位", false},         {"date", "日期", false},
		{"kind", "类型", false},    {"title", "名称", false},        {"participants", "参加人数", true},
		{"place", "地点", false},   {"criteria", "佐证测评内容", false}, {"files", "附件", true},
		{"notes", "备注", false},   {"recorded_by", "登记人", false},
	};
	struct table *t = table_new(out, fmt, cols, 11);
	for (int i = 0; i < n; i++) {
		const struct ledger_entry *en = &entries[i];
		int u = unitdir_by_id(&c->units, en->unit_id);
		struct strbuf crit = {0};
		for (int k = 0; k < en->ncriteria; k++)
			sb_addf(&crit, "%s%d", k ? "," : "", en->criteria[k]);
		struct cell cells[] = {
			{CELL_INT, NULL, en->id},           {CELL_TEXT, u >= 0 ? c->units.names[u] : "", 0},
			{CELL_TEXT, en->day, 0},            {CELL_TEXT, en->kind, 0},
			{CELL_TEXT, en->title, 0},          {CELL_INT, NULL, en->participants},
			{CELL_TEXT, en->place, 0},          {CELL_TEXT, sb_str(&crit), 0},
			{CELL_INT, NULL, en->nfiles},       {CELL_TEXT, en->notes, 0},
			{CELL_TEXT, en->by, 0},
		};
		table_row(t, cells);
		sb_free(&crit);
	}
	table_end(t);
}

int ledger_files_load(store *s, int64_t entry, struct ledger_file **out, int *n, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_LEDGER_FILE_LIST);
	int rc;
	*out = NULL;
	*n = 0;
	st_bind_int(st, 1, entry);
	while ((rc = st_step(st, e)) == 1) {
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		struct ledger_file *f = &(*out)[(*n)++];
		f->id = st_int(st, 0);
		f->name = xstrdup(st_text(st, 1));
		f->type = xstrdup(st_text(st, 2));
		f->size = st_int(st, 3);
		snprintf(f->sha256, sizeof f->sha256, "%s", st_text(st, 4));
	}
	return rc < 0 ? e->code : 0;
}

void ledger_files_free(struct ledger_file *f, int n)
{
	for (int i = 0; i < n; i++)
		free(f[i].name), free(f[i].type);
	free(f);
}

/* ---- reads for the web's pages ---- */

int ledger_file_get(store *s, int64_t file_id, struct ledger_file *f, int64_t *entry, int64_t *unit_id,
		    struct kp_error *e)
{
	*f = (struct ledger_file){0};
	*entry = *unit_id = 0;
	store_stmt *st = store_sql(s, SQL_LEDGER_FILE_GET);
	st_bind_int(st, 1, file_id);
	int rc = st_step(st, e);
	if (rc == 1) {
		f->id = file_id;
		*entry = st_int(st, 0);
		*unit_id = st_int(st, 1);
		snprintf(f->sha256, sizeof f->sha256, "%s", st_text(st, 2));
		f->name = xstrdup(st_text(st, 3));
		f->type = xstrdup(st_text(st, 4));
	}
	st_reset(st);
	if (rc == 0)
		return kp_fail(e, KP_EINPUT, "no ledger file %lld", (long long)file_id);
	return rc < 0 ? e->code : 0;
}

void ledger_proofs_free(struct ledger_proof *p, int n)
{
	for (int i = 0; i < n; i++)
		free(p[i].kind), free(p[i].title);
	free(p);
}

int ledger_by_criterion(store *s, int64_t unit_id, int no, struct ledger_proof **out, int *n, struct kp_error *e)
{
	*out = NULL, *n = 0;
	store_stmt *st = store_sql(s, SQL_LEDGER_BY_CRITERION);
	st_bind_int(st, 1, unit_id);
	st_bind_int(st, 2, no);
	struct ledger_proof *p = NULL;
	int rc, cap = 0, count = 0;
	while ((rc = st_step(st, e)) == 1) {
		if (count == cap) {
			cap = cap ? 2 * cap : 8;
			p = xrealloc(p, (size_t)cap * sizeof *p);
		}
		struct ledger_proof *x = &p[count++];
		*x = (struct ledger_proof){.id = st_int(st, 0), .kind = xstrdup(st_text(st, 2)), .title = xstrdup(st_text(st, 3))};
		snprintf(x->day, sizeof x->day, "%s", st_text(st, 1));
	}
	st_reset(st);
	if (rc < 0) {
		ledger_proofs_free(p, count);
		return e->code;
	}
	*out = p, *n = count;
	return 0;
}

void ledger_file_rows_free(struct ledger_file_row *f, int n)
{
	for (int i = 0; i < n; i++)
		free(f[i].name), free(f[i].type), free(f[i].uploaded_by), free(f[i].uploaded_at);
	free(f);
}

int ledger_files_list(store *s, const struct campaign *c, int unit, struct ledger_file_row **out, int *n,
		      struct kp_error *e)
{
	*out = NULL, *n = 0;
	store_stmt *st = store_sql(s, SQL_LEDGER_FILE_LIST_ALL);
	st_bind_int(st, 1, c->id);
	st_bind_int(st, 2, unit >= 0 ? c->units.ids[unit] : 0);
	struct ledger_file_row *f = NULL;
	int rc, cap = 0, count = 0;
	while ((rc = st_step(st, e)) == 1) {
		if (count == cap) {
			cap = cap ? 2 * cap : 16;
			f = xrealloc(f, (size_t)cap * sizeof *f);
		}
		struct ledger_file_row *r = &f[count++];
		*r = (struct ledger_file_row){
			.id = st_int(st, 0),
			.entry_id = st_int(st, 1),
			.unit_id = st_int(st, 2),
			.name = xstrdup(st_text(st, 4)),
			.type = xstrdup(st_text(st, 5)),
			.size = st_int(st, 6),
			.uploaded_by = xstrdup(st_text(st, 7)),
			.uploaded_at = xstrdup(st_text(st, 8)),
		};
		snprintf(r->sha256, sizeof r->sha256, "%s", st_text(st, 3));
	}
	st_reset(st);
	if (rc < 0) {
		ledger_file_rows_free(f, count);
		return e->code;
	}
	*out = f, *n = count;
	return 0;
}
