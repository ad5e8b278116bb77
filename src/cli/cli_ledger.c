/* cli_ledger.c — `kaoping ledger`, `kaoping duty`, `kaoping complaint`: a
 * unit's ledger (台账), the recurring duties read from the criteria, and
 * complaints from the public (群众意见). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli_int.h"
#include "papers/papers.h"
#include "domain/complaints.h"
#include "domain/duties.h"
#include "domain/ledger.h"
#include "io/table.h"

/* Parses a positive id ("12"); -1 when S is not one. */
static int64_t parse_id(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	return *s >= '0' && *s <= '9' && !*end && v > 0 ? v : -1;
}

/* Resolves NAME to one unit for option FIELD; -1 with x->err set. */
static int one_unit(struct ctx *x, const struct campaign *c, const char *name, const char *field)
{
	int u = unitdir_resolve(&c->units, name, field, &x->err);
	if (u == UNITDIR_ALL) {
		kp_fail(&x->err, KP_EINPUT, "%s: give one unit, not \"%s\"", field, name);
		return -1;
	}
	return u;
}

/* The listing format: --format, else --json, else text. */
static int list_format(struct ctx *x, const char *given, enum out_format *fmt)
{
	*fmt = x->json ? OUT_JSON : OUT_TEXT;
	if (given && table_format_parse(given, fmt) < 0)
		return kp_fail(&x->err, KP_EINPUT, "--format: \"%s\" is not text, json or csv", given);
	return 0;
}

/* ---- ledger ---- */

/* Copies the files at PATHS beside the store into *FILES (free with
 * drop_files); on an error, those copied so far are in *FILES. */
static int receive_files(struct ctx *x, store *s, const char *const *paths, int npaths, struct ledger_upload **files, int *nfiles)
{
	*files = xcalloc((size_t)npaths + 1, sizeof **files);
	for (*nfiles = 0; *nfiles < npaths; ++*nfiles)
		if (ledger_receive_path(s, paths[*nfiles], &(*files)[*nfiles], &x->err))
			break;
	return x->err.code;
}

static void drop_files(struct ledger_upload *files, int nfiles)
{
	for (int i = 0; i <= nfiles && files; i++) /* the one that failed too */
		blob_drop(&files[i].file);
	free(files);
}

static int ledger_add_cmd(struct ctx *x, store *s, const struct campaign *c, const char *unit,
			  const char *const *paths, int npaths)
{
	int u = one_unit(x, c, unit, "UNIT");
	if (u < 0)
		return x->err.code;
	struct ledger_upload *files;
	int nfiles;
	if (!receive_files(x, s, paths, npaths, &files, &nfiles)) {
		struct ledger_input in = {
			.unit = u, .day = opt_get(x, "--date"), .kind = opt_get(x, "--kind"),
			.title = opt_get(x, "--title"), .participants = opt_get(x, "--participants"),
			.place = opt_get(x, "--place"), .notes = opt_get(x, "--notes"),
			.criteria = opt_get(x, "--criteria"), .files = files, .nfiles = nfiles, .by = x->by,
		};
		int64_t id;
		if (!ledger_add(s, c, &in, &id, &x->err))
			printf("ledger entry %lld: %s %s %s (%d file%s)\n", (long long)id, c->units.names[u], in.day,
			       in.kind, nfiles, nfiles == 1 ? "" : "s");
	}
	drop_files(files, nfiles);
	return x->err.code;
}

static int ledger_attach_cmd(struct ctx *x, store *s, const struct campaign *c, const char *entry,
			     const char *const *paths, int npaths)
{
	int64_t id = parse_id(entry);
	if (id < 0)
		return kp_fail(&x->err, KP_EINPUT, "ID: \"%s\" is not an entry number", entry);
	struct ledger_upload *files;
	int nfiles;
	if (!receive_files(x, s, paths, npaths, &files, &nfiles) &&
	    !ledger_attach(s, c, id, -1, files, nfiles, x->by, &x->err))
		printf("ledger entry %lld: %d file%s attached\n", (long long)id, nfiles, nfiles == 1 ? "" : "s");
	drop_files(files, nfiles);
	return x->err.code;
}

static int ledger_list_cmd(struct ctx *x, store *s, const struct campaign *c)
{
	enum out_format fmt;
	struct ledger_kinds kinds = {0};
	struct ledger_entry *entries = NULL;
	int u = -1, n = 0;
	int64_t kind = 0;
	enum paper_format pf;
	int paper = cli_paper_format(x, &pf);
	if (paper < 0 || (!paper && list_format(x, opt_get(x, "--format"), &fmt)))
		return x->err.code;
	if (opt_get(x, "--unit") && (u = one_unit(x, c, opt_get(x, "--unit"), "--unit")) < 0)
		return x->err.code;
	if (ledger_kinds_load(s, c->id, &kinds, &x->err))
		return x->err.code;
	if (opt_get(x, "--kind")) {
		int k = ledger_kind_find(&kinds, opt_get(x, "--kind"));
		if (k < 0)
			kp_fail(&x->err, KP_EINPUT, "--kind: \"%s\" is not a ledger kind (`kaoping ledger kinds` lists them)",
				opt_get(x, "--kind"));
		else
			kind = kinds.k[k].id;
	}
	if (!x->err.code && !ledger_load(s, c, u, kind, &entries, &n, &x->err)) {
		struct paper_office off;
		char *tmp;
		FILE *out;
		if (paper && !papers_office_load(s, c, &off, &x->err)) {
			cli_paper_write(x, papers_ledger(c, entries, n, u, &off), pf);
			papers_office_free(&off);
		} else if (!paper && (out = cli_output_open(x, &tmp))) {
			ledger_print(c, entries, n, fmt, out);
			cli_output_close(x, out, tmp);
		}
	}
	ledger_entries_free(entries, n);
	free(entries);
	ledger_kinds_free(&kinds);
	return x->err.code;
}

static int ledger_kinds_cmd(struct ctx *x, store *s, const struct campaign *c)
{
	static const struct column cols[] = {{"id", "编号", true}, {"name", "类型", false}, {"builtin", "内置", false}};
	struct ledger_kinds kinds;
	if (ledger_kinds_load(s, c->id, &kinds, &x->err))
		return x->err.code;
	struct table *t = table_new(stdout, x->json ? OUT_JSON : OUT_TEXT, cols, 3);
	for (int i = 0; i < kinds.n; i++) {
		struct cell cells[] = {{CELL_INT, NULL, kinds.k[i].id}, {CELL_TEXT, kinds.k[i].name, 0},
				       {CELL_BOOL, NULL, kinds.k[i].builtin}};
		table_row(t, cells);
	}
	table_end(t);
	ledger_kinds_free(&kinds);
	return 0;
}

int cmd_ledger(struct ctx *x, int argc, char **argv)
{
	char **pos = argv;
	int npaths, npos = argc;
	store *s;
	struct campaign c;
	const char *const *paths = opt_all(x, "--file", &npaths);
	const char *sub = npos ? pos[0] : "";
	bool add = !strcmp(sub, "add") && npos == 2, list = !strcmp(sub, "list") && npos == 1;
	bool attach = !strcmp(sub, "attach") && npos == 2;
	bool remove = !strcmp(sub, "remove") && npos == 2, kinds = !strcmp(sub, "kinds") && npos == 1;
	bool kind_add = !strcmp(sub, "kind") && npos == 3 && !strcmp(pos[1], "add");
	if (!add && !list && !attach && !remove && !kinds && !kind_add)
		return cli_usage(x, "missing or extra arguments");
	if (open_campaign(x, &s, &c))
		return x->err.code;
	if (add) {
		ledger_add_cmd(x, s, &c, pos[1], paths, npaths);
	} else if (list) {
		ledger_list_cmd(x, s, &c);
	} else if (attach) {
		ledger_attach_cmd(x, s, &c, pos[1], paths, npaths);
	} else if (remove) {
		int64_t id = parse_id(pos[1]);
		if (id < 0)
			kp_fail(&x->err, KP_EINPUT, "ID: \"%s\" is not an entry number", pos[1]);
		else if (!ledger_remove(s, &c, id, -1, x->by, &x->err))
			printf("ledger entry %lld removed\n", (long long)id);
	} else if (kinds) {
		ledger_kinds_cmd(x, s, &c);
	} else {
		int64_t id;
		if (!ledger_kind_add(s, &c, pos[2], x->by, &id, &x->err))
			printf("ledger kind %lld: %s\n", (long long)id, pos[2]);
	}
	close_campaign(s, &c);
	return x->err.code;
}

/* ---- duties ---- */

static int duty_list_cmd(struct ctx *x, store *s, const struct campaign *c)
{
	static const struct column cols[] = {
		{"id", "编号", true},    {"criterion", "测评内容", true}, {"kind", "类型", false},
		{"count", "每年至少", true}, {"state", "状态", false},   {"source", "依据", false},
	};
	struct duty_rule *rules;
	int n;
	if (duties_rules_load(s, c, &rules, &n, &x->err))
		return x->err.code;
	struct table *t = table_new(stdout, x->json ? OUT_JSON : OUT_TEXT, cols, 6);
	for (int i = 0; i < n; i++) {
		struct cell cells[] = {
			{CELL_INT, NULL, rules[i].id},
			{CELL_INT, NULL, rules[i].criterion},
			{CELL_TEXT, rules[i].kind, 0},
			{CELL_INT, NULL, rules[i].min_count},
			{CELL_TEXT, x->json ? duties_state_name(rules[i].state) : duties_state_label(rules[i].state), 0},
			{CELL_TEXT, rules[i].source, 0},
		};
		table_row(t, cells);
	}
	table_end(t);
	duties_rules_free(rules, n);
	return 0;
}

static int duty_status_cmd(struct ctx *x, store *s, const struct campaign *c)
{
	struct duty_rule *rules;
	struct duty_standing *st = NULL;
	int n, nst = 0, u = -1;
	char today[16];
	/* --today shows the standing as it was (or will be) on another day. */
	const char *given = opt_get(x, "--today");
	if (given && !date_valid(given))
		return kp_fail(&x->err, KP_EINPUT, "--today: \"%s\" is not a date YYYY-MM-DD", given);
	if (given)
		snprintf(today, sizeof today, "%s", given);
	else
		duties_today(c, today);
	if (opt_get(x, "--unit") && (u = one_unit(x, c, opt_get(x, "--unit"), "--unit")) < 0)
		return x->err.code;
	if (duties_rules_load(s, c, &rules, &n, &x->err))
		return x->err.code;
	if (!duties_standing(s, c, rules, n, u, today, &st, &nst, &x->err))
		duties_print_standing(c, rules, st, nst, x->json ? OUT_JSON : OUT_TEXT, stdout);
	free(st);
	duties_rules_free(rules, n);
	return x->err.code;
}

static int duty_change_cmd(struct ctx *x, store *s, const struct campaign *c, const char *sub, const char *ids)
{
	int64_t id = parse_id(ids);
	if (id < 0)
		return kp_fail(&x->err, KP_EINPUT, "ID: \"%s\" is not a rule number", ids);
	if (!strcmp(sub, "edit")) {
		if (!opt_get(x, "--count") && !opt_get(x, "--kind"))
			return kp_fail(&x->err, KP_EINPUT, "duty edit: give --count N and/or --kind K");
		if (!duties_change(s, c, id, -1, opt_get(x, "--kind"), opt_get(x, "--count"), "duty.edit", x->by,
				 &x->err))
			printf("duty rule %lld changed\n", (long long)id);
		return x->err.code;
	}
	bool confirm = !strcmp(sub, "confirm");
	if (!duties_change(s, c, id, confirm ? DUTY_CONFIRMED : DUTY_REJECTED, NULL, NULL,
			 confirm ? "duty.confirm" : "duty.reject", x->by, &x->err))
		printf("duty rule %lld %s\n", (long long)id, confirm ? "confirmed" : "rejected");
	return x->err.code;
}

int cmd_duty(struct ctx *x, int argc, char **argv)
{
	char **pos = argv;
	int npos = argc;
	store *s;
	struct campaign c;
	const char *sub = npos ? pos[0] : "";
	bool one = npos == 1, two = npos == 2;
	bool ok = (one && (!strcmp(sub, "propose") || !strcmp(sub, "list") || !strcmp(sub, "status") ||
			   !strcmp(sub, "add"))) ||
		  (two && (!strcmp(sub, "confirm") || !strcmp(sub, "edit") || !strcmp(sub, "reject")));
	if (!ok)
		return cli_usage(x, "missing or extra arguments");
	if (open_campaign(x, &s, &c))
		return x->err.code;
	if (!strcmp(sub, "propose")) {
		int added;
		if (!duties_propose(s, &c, x->by, &added, &x->err))
			printf("%d new proposal%s (kaoping duty list shows them; confirm, edit or reject each)\n", added,
			       added == 1 ? "" : "s");
	} else if (!strcmp(sub, "list")) {
		duty_list_cmd(x, s, &c);
	} else if (!strcmp(sub, "status")) {
		duty_status_cmd(x, s, &c);
	} else if (!strcmp(sub, "add")) {
		const char *cr = opt_get(x, "--criterion");
		int64_t no = cr ? parse_id(cr) : -1, id;
		if (no < 0 || no > 100000)
			kp_fail(&x->err, KP_EINPUT, "--criterion: give the criterion number");
		else if (!duties_add(s, &c, (int)no, opt_get(x, "--kind"), opt_get(x, "--count"), x->by, &id, &x->err))
			printf("duty rule %lld: criterion %lld, at least %s of %s a year (confirmed)\n", (long long)id,
			       (long long)no, opt_get(x, "--count"), opt_get(x, "--kind"));
	} else {
		duty_change_cmd(x, s, &c, sub, pos[1]);
	}
	close_campaign(s, &c);
	return x->err.code;
}

/* ---- complaints ---- */

int cmd_complaint(struct ctx *x, int argc, char **argv)
{
	char **pos = argv;
	int npos = argc;
	store *s;
	struct campaign c;
	const char *sub = npos ? pos[0] : "";
	bool add = !strcmp(sub, "add") && npos == 3, list = !strcmp(sub, "list") && npos == 1;
	bool close = !strcmp(sub, "close") && npos == 2;
	if (!add && !list && !close)
		return cli_usage(x, "missing or extra arguments");
	if (open_campaign(x, &s, &c))
		return x->err.code;
	if (add) {
		int u = one_unit(x, &c, pos[1], "UNIT");
		char *today = campaign_today(&c);
		int64_t id;
		if (u >= 0 && !complaints_add(s, &c, u, opt_get(x, "--source"), opt_get(x, "--date"), pos[2], today,
					     x->by, &id, &x->err))
			printf("complaint %lld: %s, %s %s\n", (long long)id, c.units.names[u], opt_get(x, "--source"),
			       opt_get(x, "--date"));
		free(today);
	} else if (list) {
		struct complaint *list_ = NULL;
		int n = 0, u = -1;
		if (opt_get(x, "--unit"))
			u = one_unit(x, &c, opt_get(x, "--unit"), "--unit");
		if (!x->err.code && !complaints_load(s, &c, u, opt_get(x, "--open") != NULL, &list_, &n, &x->err))
			complaints_print(&c, list_, n, x->json ? OUT_JSON : OUT_TEXT, stdout);
		complaints_free(list_, n);
	} else {
		int64_t id = parse_id(pos[1]);
		if (id < 0)
			kp_fail(&x->err, KP_EINPUT, "ID: \"%s\" is not a complaint number", pos[1]);
		else if (!complaints_close(s, &c, id, opt_get(x, "--dismiss") != NULL, opt_get(x, "--outcome"), x->by,
					  &x->err))
			printf("complaint %lld %s\n", (long long)id, opt_get(x, "--dismiss") ? "dismissed" : "handled");
	}
	close_campaign(s, &c);
	return x->err.code;
}

/* ---- demo ---- */

int add_demo_ledger(store *s, struct ctx *x)
{
	static const struct {
		const char *unit, *day, *kind, *title, *participants, *place, *criteria;
	} entries[] = {
		{"区审计局", "2024-03-12", "专题会议", "党组会议专题研究部署民族团结进步创建工作", "11", "局三楼会议室", "4"},
		{"区审计局", "2024-04-18", "理论中心组学习", "理论中心组民族理论政策专题学习", "9", "局三楼会议室", "8,6"},
		{"区审计局", "2024-05-20", "宣传月活动", "民族团结进步宣传月主题党日", "32", "审计局大厅", "9"},
		{"区工信局", "2024-02-26", "专题会议", "局务会专题研究民族团结进步创建工作", "14", "工信局会议室", "4"},
		{"区工信局", "2024-06-05", "专题会议", "创建工作推进会", "20", "工信局会议室", "4,3"},
		{"区工信局", "2024-06-28", "走访慰问", "走访慰问少数民族困难职工", "6", "城东社区", "15"},
	};
	struct campaign c;
	int added;
	if (campaign_load(s, &c, &x->err))
		return campaign_free(&c), x->err.code;
	for (size_t i = 0; !x->err.code && i < sizeof entries / sizeof *entries; i++) {
		/* No files: init builds the store under another name, and files
		 * live beside the store. */
		struct ledger_input in = {
			.unit = unitdir_lookup(&c.units, entries[i].unit), .day = entries[i].day, .kind = entries[i].kind,
			.title = entries[i].title, .participants = entries[i].participants, .place = entries[i].place,
			.criteria = entries[i].criteria, .by = "demo",
		};
		int64_t id;
		ledger_add(s, &c, &in, &id, &x->err);
	}
	/* The duties of criteria 4 and 8, proposed from their text; 4 confirmed. */
	if (!x->err.code && !duties_propose(s, &c, "demo", &added, &x->err)) {
		struct duty_rule *rules;
		int n;
		if (!duties_rules_load(s, &c, &rules, &n, &x->err)) {
			for (int i = 0; i < n && !x->err.code; i++)
				if (rules[i].criterion == 4)
					duties_change(s, &c, rules[i].id, DUTY_CONFIRMED, NULL, NULL, "duty.confirm", "demo", &x->err);
			duties_rules_free(rules, n);
		}
	}
	int64_t id;
	if (!x->err.code)
		complaints_add(s, &c, unitdir_lookup(&c.units, "区工信局"), "12345热线", "2024-05-08",
			      "反映办理企业备案时多次往返、答复不一致。", "2024-05-08", "demo", &id, &x->err);
	if (!x->err.code &&
	    !complaints_add(s, &c, unitdir_lookup(&c.units, "区审计局"), "网络留言", "2024-06-11",
			   "留言反映窗口工作人员对少数民族群众解释政策不够耐心。", "2024-06-11", "demo", &id, &x->err))
		complaints_close(s, &c, id, false, "已约谈窗口负责人，向当事群众致歉并解释政策。", "demo", &x->err);
	campaign_free(&c);
	return x->err.code;
}
