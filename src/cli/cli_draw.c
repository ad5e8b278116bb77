/* cli_draw.c — `kaoping draw`: make a spot-check draw (随机抽查) from a
 * published seed, list and show draws, verify one from its record, publish
 * it, and record the check's findings against it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/auth.h"
#include "cli/cli_int.h"
#include "domain/draws.h"
#include "io/table.h"
#include "store/blob.h"

/* The flag (or argument) of each field the domain names in its errors:
 * the domain says what is wrong, the command line says where. */
static const struct {
	const char *field, *flag;
} FLAGS[] = {
	{"count", "--count"},         {"ratio", "--ratio"},     {"seed", "--seed"},
	{"title", "--title"},         {"weight", "--weight-case, --weight-complaint"},
	{"units", "--units, --exclude"}, {"criterion", "--criterion"}, {"points", "--points"},
	{"finding", "TEXT"},          {"unit", "UNIT"},         {"file", "--file"},
	{"file_name", "--file"},      {"inspectors", "setting draw_inspectors"},
};

/* Puts the flag of E's field before its message ("--points: 4.5 is above
 * …"); "--count N or --ratio R" when neither or both were given. */
static void name_flag(struct kp_error *e)
{
	const char *flag = NULL;
	if (!strcmp(e->field, "count") && (e->reason == KP_R_REQUIRED || e->reason == KP_R_FORMAT))
		flag = "--count N or --ratio R";
	for (size_t i = 0; !flag && i < sizeof FLAGS / sizeof *FLAGS; i++)
		if (!strcmp(FLAGS[i].field, e->field))
			flag = FLAGS[i].flag;
	if (!flag || !strncmp(e->msg, flag, strlen(flag)))
		return;
	struct strbuf b = {0};
	sb_addf(&b, "%s: %s", flag, e->msg);
	if (!strcmp(e->field, "inspectors")) /* what the command line does about it */
		sb_adds(&b, " (kaoping user add NAME --role assessor, or --exclude it)");
	snprintf(e->msg, sizeof e->msg, "%s", sb_str(&b));
	sb_free(&b);
}


/* Resolves a list of unit names ("审计局,工信局", also split at ， and 、)
 * into unit indexes; a collective name adds every unit. */
static int parse_units(const struct campaign *c, const char *text, const char *field, int **out, int *n,
		       struct kp_error *e)
{
	char *copy = xstrdup(text), *p = copy;
	*out = xmalloc((size_t)(c->units.n + 1) * sizeof **out);
	*n = 0;
	while (p && !e->code) {
		char *sep = NULL, *cand[] = {strstr(p, ","), strstr(p, "，"), strstr(p, "、")};
		size_t seplen = 1;
		for (int i = 0; i < 3; i++)
			if (cand[i] && (!sep || cand[i] < sep))
				sep = cand[i], seplen = i ? 3 : 1;
		if (sep)
			*sep = 0;
		char *name = text_trim(p);
		if (*name) {
			int u = unitdir_resolve(&c->units, name, field, e);
			for (int i = 0; i < c->units.n; i++) {
				bool want = u == UNITDIR_ALL || u == i, dup = false;
				for (int k = 0; k < *n; k++)
					dup |= (*out)[k] == i;
				if (want && !dup)
					(*out)[(*n)++] = i;
			}
		}
		free(name);
		p = sep ? sep + seplen : NULL;
	}
	free(copy);
	if (!e->code && !*n)
		kp_fail(e, KP_EINPUT, "%s: name at least one unit", field);
	return e->code;
}

/* A whole number from LO to HI given as option NAME (default DEF when absent). */
static int int_option(struct ctx *x, const char *name, int lo, int hi, int def, int *v)
{
	struct kp_error *e = &x->err;
	const char *s = opt_get(x, name);
	char *end;
	*v = def;
	if (!s)
		return 0;
	long n = strtol(s, &end, 10);
	if (!*s || *end || n < lo || n > hi)
		return kp_fail(e, KP_EINPUT, "%s: a whole number from %d to %d, not \"%s\"", name, lo, hi, s);
	*v = (int)n;
	return 0;
}

static int parse_id(const char *s, int64_t *id, struct kp_error *e)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v < 1)
		return kp_fail(e, KP_EINPUT, "ID: a draw number (kaoping draw list shows them), not \"%s\"", s);
	*id = v;
	return 0;
}

/* Appends the inspectors of a drawn unit to B as "测评组2、测评组4". */
static void inspector_list(const struct drawn_unit *u, struct strbuf *b)
{
	for (int j = 0; j < u->ninspectors; j++)
		sb_addf(b, "%s%s", j ? "、" : "", u->inspectors[j].display);
}

static void print_draw(struct ctx *x, const struct campaign *c, const struct draw_record *d)
{
	if (x->json) {
		json_t *j = draws_to_json(c, d);
		print_json(j);
		json_decref(j);
		return;
	}
	char buf[24], a[24], at[24];
	time_shown(zone_offset(c->timezone), d->created_at, at);
	printf("draw %lld: %s (%s)\nseed %s\ndigest %s\nmade by %s at %s\n\n", (long long)d->id, d->title,
	       d->published ? "published" : "not published", d->seed, d->digest, d->created_by, at);
	static const struct column cols[] = {
		{"ord", "#", true},
		{"unit", "单位", false},
		{"weight", "权重", true},
		{"inspectors", "检查人员", false},
		{"outcome", "结果", false},
		{"points", "得分", true},
	};
	struct table *t = table_new(stdout, OUT_TEXT, cols, 6);
	for (int k = 0; k < d->n; k++) {
		const struct drawn_unit *u = &d->units[k];
		struct strbuf insp = {0};
		inspector_list(u, &insp);
		struct cell cells[] = {{CELL_INT, NULL, u->ord},
				       {CELL_TEXT, draws_unit_name(c, u->unit, buf), 0},
				       {CELL_INT, NULL, u->weight},
				       {CELL_TEXT, sb_str(&insp), 0},
				       {CELL_TEXT, draws_outcome_label(u->outcome), 0},
				       {u->has_points ? CELL_POINTS : CELL_NULL, NULL, u->points}};
		table_row(t, cells);
		sb_free(&insp);
	}
	table_end(t);
	for (int i = 0; i < d->nfindings; i++) {
		const struct drawn_finding *f = &d->findings[i];
		if (!i)
			printf("\nfindings:\n");
		printf("  %s", draws_unit_name(c, f->unit, buf));
		if (f->criterion)
			printf(" criterion %d", f->criterion);
		if (f->has_points)
			printf(" %s points", points_format(f->points, a));
		printf(": %s (%s, %s)\n", f->text, f->by, f->at);
		for (int k = 0; k < f->nfiles; k++)
			printf("    file %d: %s (%s, %lld bytes)\n", f->files[k].ord, f->files[k].name, f->files[k].type,
			       (long long)f->files[k].size);
	}
}

static int draw_make(struct ctx *x)
{
	store *s;
	struct campaign c;
	struct draw_options o = {.seed = opt_get(x, "--seed"), .title = opt_get(x, "--title"),
				 .ratio = opt_get(x, "--ratio"), .publish = opt_get(x, "--publish") != NULL,
				 .by = x->by};
	int *units = NULL, *exclude = NULL;
	int64_t id;
	if (int_option(x, "--count", 1, 1000000, 0, &o.count) ||
	    int_option(x, "--weight-case", 1, DRAWS_WEIGHT_FACTOR_MAX, 1, &o.weight_case) ||
	    int_option(x, "--weight-complaint", 1, DRAWS_WEIGHT_FACTOR_MAX, 1, &o.weight_complaint))
		return x->err.code;
	if (open_campaign(x, &s, &c))
		return x->err.code;
	if (opt_get(x, "--units") && !parse_units(&c, opt_get(x, "--units"), "--units", &units, &o.nunits, &x->err))
		o.units = units;
	if (!x->err.code && opt_get(x, "--exclude") &&
	    !parse_units(&c, opt_get(x, "--exclude"), "--exclude", &exclude, &o.nexclude, &x->err))
		o.exclude = exclude;
	struct draw_record d;
	if (!x->err.code && !draws_make(s, &c, &o, &id, &x->err) && !draws_load(s, &c, id, &d, &x->err)) {
		print_draw(x, &c, &d);
		if (!x->json && !o.seed)
			printf("\nseed %s was generated; it is recorded with the draw%s\n", d.seed,
			       d.published ? " and published" : "");
		if (!x->json && !d.published)
			printf("\nnot published yet: kaoping draw publish %lld\n", (long long)id);
		draws_free(&d);
	}
	free(units), free(exclude);
	close_campaign(s, &c);
	return x->err.code;
}

static int draw_list(struct ctx *x, store *s, const struct campaign *c)
{
	static const struct column cols[] = {
		{"id", "#", true},
		{"title", "名称", false},
		{"units", "抽中单位", true},
		{"published", "已公开", false},
		{"seed", "种子", false},
		{"created_by", "抽取人", false},
		{"created_at", "时间", false},
	};
	struct table *t = table_new(stdout, x->json ? OUT_JSON : OUT_TEXT, cols, 7);
	struct draw_list l = {0};
	draws_list(s, c, false, &l, &x->err);
	for (int i = 0; i < l.n; i++) {
		const struct draw_summary *d = &l.row[i];
		struct cell cells[] = {{CELL_INT, NULL, d->id},        {CELL_TEXT, d->title, 0},
				       {CELL_INT, NULL, d->units},     {CELL_BOOL, NULL, d->published},
				       {CELL_TEXT, d->seed, 0},        {CELL_TEXT, d->created_by, 0},
				       {CELL_TIME, d->created_at, zone_offset(c->timezone)}};
		table_row(t, cells);
	}
	draws_list_free(&l);
	table_end(t);
	return x->err.code;
}

static int draw_verify(struct ctx *x, const struct campaign *c, const struct draw_record *d)
{
	struct strbuf why = {0};
	if (draws_verify(c, d, &why)) {
		int places = 0;
		for (int k = 0; k < d->n; k++)
			places += d->units[k].ninspectors;
		printf("draw %lld matches: recomputed from seed %s and the recorded pool, %d units and %d inspector places "
		       "as recorded; digest %s\n", (long long)d->id, d->seed, d->n, places, d->digest);
	} else {
		kp_fail(&x->err, KP_EFAIL, "draw %lld does not match its record: %s", (long long)d->id, sb_str(&why));
	}
	sb_free(&why);
	return x->err.code;
}

/* `draw finding ID UNIT TEXT`: --as names the account recording it (the
 * office, or an inspector assigned to that unit); without it the office. */
static int draw_finding(struct ctx *x, store *s, const struct campaign *c, char **pos)
{
	struct finding_input in = {.points = -1, .text = pos[3], .by = x->by};
	int64_t id;
	if (parse_id(pos[1], &id, &x->err))
		return x->err.code;
	in.draw = id;
	in.unit = unitdir_resolve(&c->units, pos[2], "UNIT", &x->err);
	if (in.unit == UNITDIR_ALL)
		return kp_fail(&x->err, KP_EINPUT, "UNIT: one unit, not \"%s\"", pos[2]);
	if (in.unit < 0 || int_option(x, "--criterion", 1, 100000, 0, &in.criterion))
		return x->err.code;
	const char *pts = opt_get(x, "--points");
	if (pts && points_parse(pts, &in.points) < 0)
		return kp_fail(&x->err, KP_EINPUT, "--points: \"%s\" is not a number of points with at most one decimal", pts);
	const char *as = opt_get(x, "--as");
	if (as) {
		struct account a;
		if (auth_account_get(s, as, 0, &a, &x->err))
			return x->err.code;
		if (a.role != ROLE_ADMIN && a.role != ROLE_ASSESSOR)
			return kp_fail(&x->err, KP_EINPUT, "--as: %s is a %s account; only the office or an inspector assigned "
				       "to the unit records findings", as, auth_role_name(a.role));
		in.inspector = a.role == ROLE_ASSESSOR ? a.id : 0;
		in.by = as;
	}
	/* the files received first (not kept yet): draws_add_finding keeps
	 * all of them with the finding, or none */
	int npaths = 0, got = 0;
	const char *const *paths = opt_all(x, "--file", &npaths);
	struct blob *files = xcalloc((size_t)npaths + 1, sizeof *files);
	struct blob **refs = xcalloc((size_t)npaths + 1, sizeof *refs);
	struct blob_store *bs;
	if (blob_store_open(store_path(s), &bs, &x->err)) {
		free(files), free(refs);
		return x->err.code;
	}
	for (; got < npaths; got++) {
		if (cli_receive_file(bs, paths[got], &files[got], &x->err))
			break;
		refs[got] = &files[got];
	}
	in.nfiles = npaths, in.names = paths, in.files = refs;
	if (got == npaths && !draws_add_finding(s, c, &in, &x->err))
		printf("draw %lld, %s: finding recorded (%d file%s)\n", (long long)id, c->units.names[in.unit], npaths,
		       npaths == 1 ? "" : "s");
	for (int i = 0; i < got; i++)
		blob_drop(&files[i]);
	blob_store_close(bs);
	free(files), free(refs);
	return x->err.code;
}

int cmd_draw(struct ctx *x, int argc, char **argv)
{
	char **pos = argv;
	int npos = argc;
	store *s;
	struct campaign c;
	if (npos == 0) {
		if (draw_make(x))
			name_flag(&x->err);
		return x->err.code;
	}
	const char *sub = pos[0];
	bool list = npos == 1 && !strcmp(sub, "list");
	bool one = npos == 2 && (!strcmp(sub, "show") || !strcmp(sub, "verify") || !strcmp(sub, "publish"));
	bool finding = npos == 4 && !strcmp(sub, "finding");
	if (!list && !one && !finding)
		return cli_usage(x, "missing or extra arguments");
	if (open_campaign(x, &s, &c))
		return x->err.code;
	if (list) {
		draw_list(x, s, &c);
	} else if (finding) {
		draw_finding(x, s, &c, pos);
	} else {
		int64_t id;
		struct draw_record d;
		if (!parse_id(pos[1], &id, &x->err) && !strcmp(sub, "publish")) {
			if (!draws_publish(s, &c, id, x->by, &x->err))
				printf("draw %lld published\n", (long long)id);
		} else if (!x->err.code && !draws_load(s, &c, id, &d, &x->err)) {
			if (!strcmp(sub, "show"))
				print_draw(x, &c, &d);
			else
				draw_verify(x, &c, &d);
			draws_free(&d);
		}
	}
	close_campaign(s, &c);
	if (x->err.code)
		name_flag(&x->err);
	return x->err.code;
}
