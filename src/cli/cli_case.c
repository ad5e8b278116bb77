/* cli_case.c — `kaoping case`: supervision cases (挂牌督办) from the rules'
 * proposals to closing (销号), the daily sweep and the printed listing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/cases.h"
#include "cli/cli_int.h"
#include "papers/papers.h"
#include "io/table.h"
#include "domain/report.h"


/* The case number in ARG ("12" or "#12"), or -1 with E set. */
static int64_t case_id_arg(const char *arg, struct kp_error *e)
{
	const char *p = *arg == '#' ? arg + 1 : arg;
	char *end;
	errno = 0;
	long long id = strtoll(p, &end, 10);
	if (!*p || *end || errno || id < 1) {
		kp_fail(e, KP_EINPUT, "ID: give a case number, not \"%s\" (kaoping case list shows them)", arg);
		return -1;
	}
	return id;
}

/* The output format: --format, else --json, else text. */
static int format_of(struct ctx *x, enum out_format *f)
{
	const char *v = opt_get(x, "--format");
	*f = x->json ? OUT_JSON : OUT_TEXT;
	if (v && table_format_parse(v, f) < 0)
		return kp_fail(&x->err, KP_EINPUT, "--format: \"%s\" is not text, json or csv", v);
	return 0;
}

static int case_propose_cmd(struct ctx *x, store *s, const struct campaign *c)
{
	struct rules_proposal *p;
	int n;
	if (cases_propose(s, c, &p, &n, &x->err))
		return x->err.code;
	if (!x->json && !n)
		printf("no proposals: no unit meets a rule without an open case for it\n");
	else
		cases_print_proposals(c, p, n, x->json ? OUT_JSON : OUT_TEXT, stdout);
	rule_proposals_free(p, n);
	return 0;
}

static int case_open_cmd(struct ctx *x, store *s, const struct campaign *c, const char *unit)
{
	struct case_new in = {.rule = RULE_MANUAL, .reason = opt_get(x, "--reason"), .items = opt_get(x, "--items"),
			      .deadline = opt_get(x, "--deadline")};
	const char *rule = opt_get(x, "--rule"), *level = opt_get(x, "--level");
	if ((in.unit = unitdir_resolve(&c->units, unit, "UNIT", &x->err)) == UNITDIR_ALL)
		return kp_fail(&x->err, KP_EINPUT, "UNIT: give one unit, not \"%s\"", unit);
	if (in.unit < 0)
		return x->err.code;
	if (rule && (in.rule = rule_parse(rule)) < 0)
		return kp_fail(&x->err, KP_EINPUT, "--rule: \"%s\" is not score, overdue, evidence, complaints or manual", rule);
	if (level) {
		char *end;
		long v = strtol(level, &end, 10);
		if (!*level || *end || v < 1 || v > CASE_LEVEL_MAX)
			return kp_fail(&x->err, KP_EINPUT, "--level: give 1 (催办), 2 (督办), 3 (挂牌) or 4 (集中整改), not \"%s\"",
				       level);
		in.level = (int)v;
	}
	int64_t id;
	if (cases_open(s, c, &in, x->by, &id, &x->err))
		return x->err.code;
	struct case_record r;
	if (cases_get(s, c, id, &r, &x->err))
		return x->err.code;
	printf("opened case #%lld: %s, %s, deadline %s\n", (long long)id, c->units.names[r.unit], cases_level_label(r.level),
	       r.deadline);
	cases_record_free(&r);
	return 0;
}

static int case_list_cmd(struct ctx *x, store *s, const struct campaign *c)
{
	struct case_filter f = {.unit = -1, .state = -1};
	const char *unit = opt_get(x, "--unit"), *state = opt_get(x, "--state");
	enum out_format fmt;
	if (format_of(x, &fmt))
		return x->err.code;
	if (unit && (f.unit = unitdir_resolve(&c->units, unit, "--unit", &x->err)) < 0)
		return f.unit == UNITDIR_ALL ? kp_fail(&x->err, KP_EINPUT, "--unit: give one unit") : x->err.code;
	if (state && (f.state = cases_state_parse(state)) < 0)
		return kp_fail(&x->err, KP_EINPUT, "--state: \"%s\" is not open, reported or closed", state);
	struct case_record *r;
	int n;
	if (cases_list(s, c, &f, &r, &n, &x->err))
		return x->err.code;
	char *today = campaign_today(c);
	cases_print_list(c, r, n, today, fmt, stdout);
	free(today);
	cases_list_free(r, n);
	return 0;
}

static json_t *case_json(const struct campaign *c, const struct case_record *r, const struct case_event_info *ev,
			 int nev)
{
	json_t *events = json_array();
	for (int i = 0; i < nev; i++) {
		json_t *files = json_array();
		for (int k = 0; k < ev[i].nfiles; k++)
			json_array_append_new(files, json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)ev[i].files[k].id,
							       "name", ev[i].files[k].name, "type", ev[i].files[k].type, "size",
							       (json_int_t)ev[i].files[k].size, "sha256", ev[i].files[k].sha256));
		json_array_append_new(events, json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:o}", "at", ev[i].at, "actor",
							ev[i].actor, "action", ev[i].action, "text", ev[i].text, "level",
							ev[i].level, "state", cases_state_name(ev[i].state), "files", files));
	}
	return json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)r->id, "unit",
			 c->units.names[r->unit], "rule", rule_name(r->rule), "level", r->level, "state",
			 cases_state_name(r->state), "deadline", r->deadline, "reason", r->reason, "items", r->items,
			 "opened_by", r->opened_by, "opened_at", r->opened_at, "events", events);
}

static int case_show_cmd(struct ctx *x, store *s, const struct campaign *c, int64_t id)
{
	struct case_record r;
	struct case_event_info *ev;
	int nev;
	if (cases_get(s, c, id, &r, &x->err))
		return x->err.code;
	if (cases_events(s, id, &ev, &nev, &x->err)) {
		cases_record_free(&r);
		return x->err.code;
	}
	if (x->json) {
		json_t *j = case_json(c, &r, ev, nev);
		print_json(j);
		json_decref(j);
	} else {
		char *today = campaign_today(c);
		long late = cases_overdue(&r, today);
		printf("督办事项 #%lld  %s\n督办情形：%s\n督办级别：%s（%d）\n状态：%s\n整改期限：%s", (long long)r.id,
		       c->units.names[r.unit], rule_label(r.rule), cases_level_label(r.level), r.level,
		       cases_state_label(r.state), r.deadline);
		if (late)
			printf("（已逾期 %ld 天）", late);
		printf("\n督办事由：%s\n整改事项：%s\n\n", r.reason, *r.items ? r.items : "-");
		for (int i = 0; i < nev; i++) {
			char day[11];
			cases_day(c, ev[i].at, day);
			printf("%s  %s  %s：%s\n", day, ev[i].actor, cases_action_label(ev[i].action), ev[i].text);
			for (int k = 0; k < ev[i].nfiles; k++)
				printf("    附件 %s (%lld bytes)\n", ev[i].files[k].name, (long long)ev[i].files[k].size);
		}
		free(today);
	}
	cases_events_free(ev, nev);
	cases_record_free(&r);
	return 0;
}

static int case_report_cmd(struct ctx *x, store *s, const struct campaign *c, int64_t id, const char *text,
			   const char *const *paths, int npaths)
{
	struct blob *files = xcalloc((size_t)npaths + 1, sizeof *files);
	struct case_attachment *att = xcalloc((size_t)npaths + 1, sizeof *att);
	struct blob_store *bs;
	int got = 0;
	if (blob_store_open(store_path(s), &bs, &x->err)) {
		free(files), free(att);
		return x->err.code;
	}
	for (; got < npaths; got++) {
		if (cli_receive_file(bs, paths[got], &files[got], &x->err))
			break;
		att[got] = (struct case_attachment){paths[got], &files[got]};
	}
	if (got == npaths && !cases_report(s, c, id, -1, text, att, npaths, x->by, &x->err))
		printf("case #%lld reported (%d file%s)\n", (long long)id, npaths, npaths == 1 ? "" : "s");
	for (int i = 0; i < got; i++)
		blob_drop(&files[i]);
	blob_store_close(bs);
	free(files), free(att);
	return x->err.code;
}

static int case_sweep_cmd(struct ctx *x, store *s, const struct campaign *c)
{
	struct case_escalation *done;
	int n;
	if (cases_sweep(s, c, x->by, &done, &n, &x->err))
		return x->err.code;
	static const struct column cols[] = {
		{"id", "编号", true}, {"unit", "单位", false}, {"from", "原级别", false}, {"to", "新级别", false},
		{"deadline", "新整改期限", false},
	};
	if (!x->json && !n)
		printf("no case is overdue beyond case_overdue_days: nothing escalated\n");
	else {
		struct table *t = table_new(stdout, x->json ? OUT_JSON : OUT_TEXT, cols, 5);
		for (int i = 0; i < n; i++) {
			struct cell row[] = {{CELL_INT, NULL, done[i].id}, {CELL_TEXT, c->units.names[done[i].unit], 0},
					     {CELL_TEXT, cases_level_label(done[i].from), 0},
					     {CELL_TEXT, cases_level_label(done[i].to), 0}, {CELL_TEXT, done[i].deadline, 0}};
			table_row(t, row);
		}
		table_end(t);
	}
	free(done);
	return 0;
}

/* case listing (text, CSV, JSON or a paper) and case notice ID (the
 * 督办通知书, PDF unless --format xlsx). */
static int case_paper_cmd(struct ctx *x, store *s, const struct campaign *c, const char *sub, int64_t id)
{
	bool notice = !strcmp(sub, "notice");
	enum paper_format pf = PAPER_PDF;
	int paper = cli_paper_format(x, &pf);
	if (paper < 0)
		return x->err.code;
	if (notice && !paper) {
		if (opt_get(x, "--format"))
			return kp_fail(&x->err, KP_EINPUT, "--format: a notice is a paper: pdf or xlsx, not \"%s\"",
				       opt_get(x, "--format"));
		if (!opt_get(x, "--output"))
			return kp_fail(&x->err, KP_EINPUT, "--output: give the FILE.pdf to write the notice to");
		paper = 1;
	}
	if (!paper) {
		enum out_format fmt;
		char *tmp;
		FILE *out;
		if (!format_of(x, &fmt) && (out = cli_output_open(x, &tmp))) {
			cases_print_listing(s, c, opt_get(x, "--all") != NULL, fmt, out, &x->err);
			cli_output_close(x, out, tmp);
		}
		return x->err.code;
	}
	struct paper_office off;
	if (papers_office_load(s, c, &off, &x->err))
		return x->err.code;
	if (notice) {
		struct case_record r;
		if (!cases_get(s, c, id, &r, &x->err)) {
			cli_paper_write(x, papers_case_notice(c, &r, &off), pf);
			cases_record_free(&r);
		}
	} else {
		struct case_filter f = cases_listing_filter(opt_get(x, "--all") != NULL);
		struct case_record *r;
		int n;
		if (!cases_list(s, c, &f, &r, &n, &x->err)) {
			cli_paper_write(x, papers_cases(c, r, n, opt_get(x, "--all") != NULL, &off), pf);
			cases_list_free(r, n);
		}
	}
	papers_office_free(&off);
	return x->err.code;
}

int cmd_case(struct ctx *x, int argc, char **argv)
{
	char **pos = argv;
	int npos = argc, npaths;
	store *s;
	struct campaign c;
	int64_t id = 0;
	const char *const *paths = opt_all(x, "--file", &npaths);
	const char *sub = npos ? pos[0] : "";
	/* The positional arguments after each subcommand (its options are
	 * declared in commands.c). */
	static const struct {
		const char *name;
		int args;
	} subs[] = {
		{"propose", 0}, {"open", 1},   {"list", 0},     {"show", 1},  {"report", 2},
		{"close", 1},   {"return", 1}, {"escalate", 1}, {"sweep", 0}, {"listing", 0},
		{"notice", 1},
	};
	bool known = false;
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
		known |= !strcmp(sub, subs[i].name) && npos == 1 + subs[i].args;
	if (!known)
		return cli_usage(x, "missing or extra arguments");
	/* Subcommands that take a case number: check it before opening. */
	if (strcmp(sub, "open") && npos > 1 && (id = case_id_arg(pos[1], &x->err)) < 0)
		return x->err.code;
	if (open_campaign(x, &s, &c))
		return x->err.code;
	if (!strcmp(sub, "propose"))
		case_propose_cmd(x, s, &c);
	else if (!strcmp(sub, "open"))
		case_open_cmd(x, s, &c, pos[1]);
	else if (!strcmp(sub, "list"))
		case_list_cmd(x, s, &c);
	else if (!strcmp(sub, "show"))
		case_show_cmd(x, s, &c, id);
	else if (!strcmp(sub, "report"))
		case_report_cmd(x, s, &c, id, pos[2], paths, npaths);
	else if (!strcmp(sub, "close") && !cases_close(s, &c, id, opt_get(x, "--note"), x->by, &x->err))
		printf("case #%lld closed (销号)\n", (long long)id);
	else if (!strcmp(sub, "return") && !cases_return(s, &c, id, opt_get(x, "--reason"), x->by, &x->err))
		printf("case #%lld returned to the unit\n", (long long)id);
	else if (!strcmp(sub, "escalate") &&
		 !cases_escalate(s, &c, id, opt_get(x, "--deadline"), opt_get(x, "--note"), x->by, &x->err))
		printf("case #%lld escalated\n", (long long)id);
	else if (!strcmp(sub, "sweep"))
		case_sweep_cmd(x, s, &c);
	else if (!strcmp(sub, "listing") || !strcmp(sub, "notice"))
		case_paper_cmd(x, s, &c, sub, id);
	close_campaign(s, &c);
	return x->err.code;
}

int add_demo_cases(store *s, struct ctx *x)
{
	struct campaign c;
	struct rules_proposal *p = NULL;
	struct unit_result *res = NULL;
	struct report_options o = {.kind = SCORE_ASSESSOR};
	int n = 0, low = -1;
	int64_t id;
	if (campaign_load(s, &c, &x->err) || cases_propose(s, &c, &p, &n, &x->err) ||
	    report_results(s, &c, &o, &res, &x->err))
		goto out;
	/* 区审计局 (the demo clerk shenji's unit): the evidence rule's proposal,
	 * open, so the clerk can report on it. */
	int audit = unitdir_lookup(&c.units, "区审计局");
	for (int i = 0; i < n; i++)
		if (p[i].unit == audit && p[i].rule == RULE_EVIDENCE) {
			struct case_new in = {.unit = audit, .rule = RULE_EVIDENCE, .reason = p[i].reason, .items = p[i].items};
			if (cases_open(s, &c, &in, "demo", &id, &x->err))
				goto out;
		}
	/* The weakest completely assessed unit, listed (挂牌) and already reporting. */
	for (int u = 0; u < c.units.n; u++)
		if (res[u].complete && (low < 0 || score_percent(res[u].points, res[u].max) <
							  score_percent(res[low].points, res[low].max)))
			low = u;
	if (low >= 0) {
		char pct[24], *reason = xasprintf("得分率 %s%%，全区末位", points_format1(score_percent(res[low].points, res[low].max), pct));
		struct case_new in = {.unit = low, .rule = RULE_SCORE, .reason = reason, .level = 3,
				      .items = "对照测评表逐项查找失分原因，制定整改措施；补齐宣传教育台账"};
		int rc = cases_open(s, &c, &in, "demo", &id, &x->err) ||
			 cases_report(s, &c, id, low, "已召开专题会议研究整改，补充了宣传月活动台账。", NULL, 0, "demo", &x->err);
		free(reason);
		if (rc)
			goto out;
	}
out:
	rule_proposals_free(p, n);
	free(res);
	campaign_free(&c);
	return x->err.code;
}
