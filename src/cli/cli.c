/* cli.c — the handlers of the campaign's own commands (init, rubric, unit,
 * group, tasks, score, report, audit, user, serve, http, routes), which
 * check their input, call the domain and report errors once, in words a
 * user can act on. The table that names them is in commands.c. */
#include "cli/cli.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/auth.h"
#include "domain/campaign.h"
#include "cli/cli_int.h"
#include "papers/papers.h"
#include "io/embedded.h"
#include "io/table.h"
#include "io/xlsxread.h"
#include "domain/report.h"
#include "domain/scores.h"
#include "web/server.h"
#include "web/web.h"
#include "domain/years.h"

/* ---- init ---------------------------------------------------------------- */

/* The password of every demo account (printed by make run). */
#define DEMO_PASSWORD "kaoping-demo-2024"

/* Demo scores: every unit self-assesses; assessors have scored most units,
 * some of them submitted or final, so every report has something to show. */
static int add_demo_scores(store *s, struct ctx *x)
{
	struct campaign c;
	if (campaign_load(s, &c, &x->err))
		return campaign_free(&c), x->err.code;
	const struct rubric *r = c.rubric;
	/* The scores go through scores_apply like every other score: one
	 * batch, all or nothing, with typed rows (no text to parse back). */
	int cap = 0, nrows = 0;
	for (int u = 0; u < c.units.n; u++)
		for (int k = 0; k < r->ncriteria; k++)
			if (rubric_applies(r, k, u))
				cap += 2 * (r->criteria[k].nparts + 1);
	struct score_input *rows = xcalloc((size_t)cap + 1, sizeof *rows);
	char **names = xcalloc((size_t)c.units.n + 1, sizeof *names);
	static const char *const assessors[] = {"测评组1", "测评组2", "测评组3"};
	for (int u = 0; u < c.units.n; u++) {
		names[u] = xasprintf("%s联络员", c.units.names[u]);
		for (int k = 0; k < r->ncriteria; k++) {
			if (!rubric_applies(r, k, u))
				continue;
			const struct rubric_criterion *cr = &r->criteria[k];
			for (int p = cr->nparts ? 1 : 0; p <= cr->nparts; p++) {
				int max = rubric_part_points(r, k, p);
				/* Deterministic spread: most units near full marks, some weaker. */
				int loss = ((u * 7 + cr->no * 3 + p) % 5) * (u % 4 == 3 ? 4 : 2);
				int self = max - loss / 2 < 0 ? 0 : max - loss / 2;
				int assessed = max - loss < 0 ? 0 : max - loss;
				assert(nrows + 2 <= cap);
				rows[nrows++] = (struct score_input){.unit = u, .criterion = k, .part = p, .kind = SCORE_SELF,
								 .points = self, .by = names[u], .comment = "", .detail = ""};
				if (u < c.units.n - 3) /* the last three units are not assessed yet */
					rows[nrows++] = (struct score_input){.unit = u, .criterion = k, .part = p,
									 .kind = SCORE_ASSESSOR, .points = assessed,
									 .by = assessors[u % 3],
									 .comment = loss ? "资料不完整" : "", .detail = ""};
			}
		}
	}
	struct score_batch batch = {.rows = rows, .count = nrows, .source = "demo", .by = "demo", .max_errors = 5};
	struct score_result res = {0};
	int rc = scores_apply(s, &c, &batch, &res, &x->err);
	for (int i = 0; rc && i < res.nlisted; i++)
		fprintf(stderr, "demo score %d: %s\n", res.errors[i].index + 1, res.errors[i].message);
	scores_result_free(&res);
	for (int u = 0; u < c.units.n; u++)
		free(names[u]);
	free(names);
	free(rows);
	for (int u = 0; !rc && u < c.units.n - 3; u++) {
		int n;
		if (u % 3 != 2)
			rc = scores_advance(s, &c, u, SCORE_DRAFT, SCORE_SUBMITTED, "demo", &n, &x->err);
		if (!rc && u % 3 == 0)
			rc = scores_advance(s, &c, u, SCORE_SUBMITTED, SCORE_FINAL, "demo", &n, &x->err);
	}
	/* Demo accounts, one per role, all with the same password (demo only). */
	static const struct {
		const char *name, *display, *role, *unit;
	} demo[] = {
		{"office", "创建办", "admin", NULL},
		{"assessor1", "测评组" "1", "assessor", NULL},    /* 测评组1 */
		{"shenji", "审计局联络员", "unit",
		 "区审计局"}, /* 审计局联络员, 区审计局 */
		{"gongxin", "工信局联络员", "unit",
		 "区工信局"}, /* 工信局联络员, 区工信局 */
		{"leader", "组长", "leader", NULL},
		{"auditor", "审计员", "auditor", NULL},
		/* more assessors, so a spot-check draw has inspectors to pair; two
		 * have a home unit they are never sent to inspect */
		{"assessor2", "测评组" "2", "assessor", NULL}, /* 测评组2 */
		{"assessor3", "测评组" "3", "assessor", "区审计局"}, /* 测评组3, 区审计局 */
		{"assessor4", "测评组" "4", "assessor", "区工信局"}, /* 测评组4, 区工信局 */
	};
	if (!rc) {
		for (size_t i = 0; !rc && i < sizeof demo / sizeof *demo; i++)
			rc = auth_account_add(s, &c, demo[i].name, demo[i].display, auth_role_parse(demo[i].role),
					 demo[i].unit ? unitdir_lookup(&c.units, demo[i].unit) : -1, DEMO_PASSWORD, "demo",
					 &x->err);
	}
	campaign_free(&c);
	return rc ? rc : x->err.code;
}

int cmd_init(struct ctx *x, int argc, char **argv)
{
	(void)argc, (void)argv;
	store *s = NULL;
	json_t *root = NULL;
	const char *file = opt_get(x, "--campaign");
	if (file) {
		if (!(root = load_json_file(file, &x->err)))
			return x->err.code;
	} else {
		const struct embedded_file *ef = embedded_find("data/campaign.json");
		json_error_t je;
		if (!ef || !(root = json_loadb(ef->data, ef->len, 0, &je)))
			return kp_fail(&x->err, KP_EFAIL, "the built-in campaign is missing or broken");
	}
	bool exists;
	if (store_exists(x->db, &exists, &x->err)) {
		json_decref(root);
		return x->err.code;
	}
	if (exists && !opt_get(x, "--force")) {
		json_decref(root);
		return kp_fail(&x->err, KP_EINPUT, "%s already exists; use --force to replace it", x->db);
	}
	/* Build the new store beside the old one and swap it in only when
	 * complete, so a failed --force leaves the old store as it was. */
	char *tmp = store_staging(x->db);
	if (store_remove(tmp, &x->err) || store_open(tmp, STORE_CREATE, &s, &x->err))
		goto out;
	if (campaign_create(s, root, file ? file : "built-in", x->by, &x->err))
		goto out;
	if (opt_get(x, "--demo") && (add_demo_scores(s, x) || add_demo_ledger(s, x) || add_demo_cases(s, x)))
		goto out;
	store_close(s);
	s = NULL;
	if (store_swap(tmp, x->db, &x->err))
		goto out;
	struct campaign c;
	if (!open_campaign(x, &s, &c)) {
		printf("created %s: %s, %d units, %d criteria, %s points%s\n", x->db, c.title, c.units.n,
		       c.rubric->ncriteria, points_format(c.rubric->total_points, (char[24]){0}),
		       opt_get(x, "--demo") ? ", with demo scores" : "");
		close_campaign(s, &c);
		s = NULL;
	}
out:
	if (s)
		store_close(s);
	if (x->err.code) {
		struct kp_error ignore = {0};
		store_remove(tmp, &ignore);
	}
	free(tmp);
	json_decref(root);
	return x->err.code;
}

/* ---- rubric -------------------------------------------------------------- */

static void print_rubric_text(const struct campaign *c)
{
	const struct rubric *r = c->rubric;
	char a[24], b[24];
	printf("%s\n总分 %s  %d 个测评项目  %d 个测评指标  %d 条测评内容\n",
	       r->title, points_format(r->total_points, a), r->nitems, r->nindicators, r->ncriteria); /* 总分 个测评项目 个测评指标 条测评内容 */
	for (int i = 0; i < r->nitems; i++) {
		const struct rubric_item *it = &r->items[i];
		printf("\n%d. %s (%s分)\n", it->no, it->name, points_format(it->points, a));
		for (int ii = it->first; ii < it->first + it->count; ii++) {
			const struct rubric_indicator *ind = &r->indicators[ii];
			printf("  %s (%s分)  责任单位: %s  完成时限: %s  方法: ",
			       ind->name, points_format(ind->points, a), ind->units_text,
			       ind->deadline_text ? ind->deadline_text : (ind->deadline ? ind->deadline : "-")); /* 责任单位 完成时限 方法 */
			for (int m = 0; m < ind->nmethods; m++)
				printf("%s%s", m ? "、" : "", ind->methods[m]);
			putchar('\n');
			for (int k = ind->first; k < ind->first + ind->count; k++) {
				const struct rubric_criterion *cr = &r->criteria[k];
				printf("    %d. [%s] %s\n", cr->no, points_format(cr->points, a), cr->text);
				for (int p = 0; p < cr->nparts; p++)
					printf("       %d.%d [%s] %s\n", cr->no, p + 1, points_format(cr->parts[p].points, b),
					       cr->parts[p].text);
			}
		}
	}
}

/* Prints the changes from the stored rubric OLD to NEW; returns how many. */
static int print_rubric_changes(const struct rubric *old, const struct rubric *new, const struct unitdir *d)
{
	json_t *changes = campaign_rubric_changes(old, new, d), *ch;
	struct strbuf b = {0};
	size_t i;
	json_array_foreach(changes, i, ch) {
		sb_reset(&b);
		campaign_rubric_change_text(ch, &b);
		printf("%s\n", sb_str(&b));
	}
	int n = (int)json_array_size(changes);
	sb_free(&b);
	json_decref(changes);
	return n;
}

int cmd_rubric(struct ctx *x, int argc, char **argv)
{
	char **pos = argv;
	int npos = argc, rc = 0;
	store *s;
	struct campaign c;
	if (npos < 1)
		return cli_usage(x, "missing or extra arguments");
	const char *sub = pos[0];
	if (strcmp(sub, "show") && strcmp(sub, "export") && strcmp(sub, "import"))
		return kp_fail(&x->err, KP_EINPUT, "unknown rubric command \"%s\" (show, export, import)", sub);
	const char *from_text = opt_get(x, "--from-text"), *from_docx = opt_get(x, "--from-docx"),
		   *from_xlsx = opt_get(x, "--from-xlsx");
	if (!!from_text + !!from_docx + !!from_xlsx > 1)
		return cli_usage(x, "give one of --from-text, --from-docx, --from-xlsx");
	const char *from = from_text ? from_text : from_docx ? from_docx : from_xlsx;
	if (!strcmp(sub, "import") && npos != (from ? 1 : 2))
		return cli_usage(x, "missing or extra arguments");
	if (strcmp(sub, "import") && npos != 1)
		return cli_usage(x, "missing or extra arguments");
	if (open_campaign(x, &s, &c))
		return x->err.code;
	if (!strcmp(sub, "show") && !x->json) {
		print_rubric_text(&c);
	} else if (from) {
		enum rubric_source src = from_docx ? RUBRIC_FROM_DOCX : from_xlsx ? RUBRIC_FROM_XLSX : RUBRIC_FROM_TEXT;
		rc = cmd_rubric_from_text(x, s, &c, src, from, opt_get(x, "--dry-run") != NULL);
	} else if (strcmp(sub, "import")) {
		json_t *j = rubric_to_json(c.rubric, &c.units);
		const char *path = opt_get(x, "--output");
		if (path) {
			if (json_dump_file(j, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)) != 0)
				rc = kp_fail(&x->err, KP_EFAIL, "cannot write %s: %s", path, strerror(errno));
		} else {
			print_json(j);
		}
		json_decref(j);
	} else {
		json_t *root = load_json_file(pos[1], &x->err);
		struct rubric *r = NULL;
		if (!root) {
			rc = x->err.code;
			goto out;
		}
		/* A whole campaign file is accepted too: its "rubric" is used. */
		json_t *jr = json_object_get(root, "format") && json_object_get(root, "rubric") ? json_object_get(root, "rubric")
												    : root;
		if (campaign_parse_rubric(&c, jr, &r, &x->err) || campaign_rubric_fits_scores(s, &c, r, &x->err)) {
			rc = x->err.code;
			json_decref(root);
			rubric_free(r);
			goto out;
		}
		int changes = print_rubric_changes(c.rubric, r, &c.units);
		char a[24];
		printf("%s: %d items, %d indicators, %d criteria, %s points; %d change%s\n", pos[1], r->nitems, r->nindicators,
		       r->ncriteria, points_format(r->total_points, a), changes, changes == 1 ? "" : "s");
		if (opt_get(x, "--dry-run"))
			printf("dry run: nothing saved\n");
		else if (changes && !campaign_rubric_save(s, &c, r, pos[1], x->by, changes, &x->err))
			printf("saved as the current rubric\n");
		rc = x->err.code;
		rubric_free(r);
		json_decref(root);
	}
out:
	close_campaign(s, &c);
	return rc;
}

/* ---- units --------------------------------------------------------------- */

int cmd_unit(struct ctx *x, int argc, char **argv)
{
	char **pos = argv;
	int npos = argc;
	store *s;
	struct campaign c;
	if (npos < 1 || (strcmp(pos[0], "list") && strcmp(pos[0], "resolve")))
		return cli_usage(x, "missing or extra arguments");
	if ((!strcmp(pos[0], "list") && npos != 1) || (!strcmp(pos[0], "resolve") && npos != 2))
		return cli_usage(x, "missing or extra arguments");
	if (open_campaign(x, &s, &c))
		return x->err.code;
	const struct rubric *r = c.rubric;
	if (!strcmp(pos[0], "resolve")) {
		int u = unitdir_resolve(&c.units, pos[1], NULL, &x->err);
		if (u == UNITDIR_ALL) {
			if (x->json) {
				json_t *a = json_array();
				for (int i = 0; i < c.units.n; i++)
					json_array_append_new(a, json_string(c.units.names[i]));
				json_t *j = json_pack("{s:s, s:b, s:o}", "input", pos[1], "all", 1, "units", a);
				print_json(j);
				json_decref(j);
			} else {
				for (int i = 0; i < c.units.n; i++)
					printf("%s\n", c.units.names[i]);
			}
		} else if (u >= 0) {
			if (x->json) {
				json_t *al = json_array();
				for (int k = 0; k < c.units.naliases[u]; k++)
					json_array_append_new(al, json_string(c.units.aliases[u][k]));
				json_t *j = json_pack("{s:s, s:s, s:b, s:o}", "input", pos[1], "name", c.units.names[u], "all", 0,
						      "aliases", al);
				print_json(j);
				json_decref(j);
			} else {
				printf("%s\n", c.units.names[u]);
			}
		}
		int rc = x->err.code;
		close_campaign(s, &c);
		return rc;
	}
	int *max = xcalloc((size_t)c.units.n + 1, sizeof(int));
	score_unit_max(r, c.units.n, max, NULL);
	if (x->json) {
		json_t *a = json_array();
		for (int u = 0; u < c.units.n; u++) {
			json_t *al = json_array(), *cr = json_array();
			for (int k = 0; k < c.units.naliases[u]; k++)
				json_array_append_new(al, json_string(c.units.aliases[u][k]));
			for (int k = 0; k < r->ncriteria; k++)
				if (rubric_applies(r, k, u))
					json_array_append_new(cr, json_integer(r->criteria[k].no));
			json_array_append_new(a, json_pack("{s:s, s:o, s:o, s:o}", "name", c.units.names[u], "aliases", al,
							   "criteria", cr, "max_points", rubric_json_points(max[u])));
		}
		print_json(a);
		json_decref(a);
	} else {
		static const struct column cols[] = {
			{"no", "序号", true},
			{"name", "单位", false},
			{"max", "满分", true},
			{"criteria", "测评内容", false},
			{"aliases", "别名", false},
		};
		struct table *t = table_new(stdout, OUT_TEXT, cols, 5);
		for (int u = 0; u < c.units.n; u++) {
			struct strbuf crit = {0}, al = {0};
			/* Criteria as ranges: 1-11, 19-23. */
			for (int k = 0; k < r->ncriteria; k++) {
				if (!rubric_applies(r, k, u))
					continue;
				int j = k;
				while (j + 1 < r->ncriteria && rubric_applies(r, j + 1, u) &&
				       r->criteria[j + 1].no == r->criteria[j].no + 1)
					j++;
				sb_addf(&crit, crit.len ? ", %d" : "%d", r->criteria[k].no);
				if (j > k)
					sb_addf(&crit, "-%d", r->criteria[j].no);
				k = j;
			}
			for (int k = 0; k < c.units.naliases[u]; k++)
				sb_addf(&al, "%s%s", k ? "、" : "", c.units.aliases[u][k]);
			struct cell cells[] = {{CELL_INT, NULL, u + 1}, {CELL_TEXT, c.units.names[u], 0},
					       {CELL_POINTS, NULL, max[u]}, {CELL_TEXT, sb_str(&crit), 0},
					       {CELL_TEXT, sb_str(&al), 0}};
			table_row(t, cells);
			sb_free(&crit);
			sb_free(&al);
		}
		table_end(t);
	}
	free(max);
	close_campaign(s, &c);
	return 0;
}

/* ---- leading group ------------------------------------------------------- */

int cmd_group(struct ctx *x, int argc, char **argv)
{
	char **pos = argv;
	int npos = argc, np, rc = 0;
	store *s;
	struct campaign c;
	struct position *p;
	bool show = npos == 1 && !strcmp(pos[0], "show");
	bool assign = npos == 3 && !strcmp(pos[0], "assign");
	if (!show && !assign)
		return cli_usage(x, "missing or extra arguments");
	if (open_campaign(x, &s, &c))
		return x->err.code;
	if (campaign_positions_load(s, &c, &p, &np, &x->err)) {
		rc = x->err.code;
		goto out;
	}
	if (assign) {
		int i = campaign_position_find(p, np, &c, pos[1], &x->err);
		char *today = campaign_today(&c);
		const char *from = opt_get(x, "--from") ? opt_get(x, "--from") : today;
		if (i >= 0 && !campaign_position_assign(s, &p[i], pos[2], from, x->by, &x->err))
			printf("%s: %s from %s (previously %s)\n", p[i].title, pos[2], from,
			       p[i].nholders ? p[i].holders[p[i].nholders - 1].name : "vacant");
		free(today);
		rc = x->err.code;
	} else if (x->json) {
		json_t *a = json_array();
		for (int i = 0; i < np; i++) {
			json_t *h = json_array();
			for (int k = 0; k < p[i].nholders; k++)
				json_array_append_new(h, json_pack("{s:s, s:s?, s:s?}", "name", p[i].holders[k].name, "from",
								   *p[i].holders[k].from ? p[i].holders[k].from : NULL, "to",
								   *p[i].holders[k].to ? p[i].holders[k].to : NULL));
			const struct holder *cur = p[i].nholders ? &p[i].holders[p[i].nholders - 1] : NULL;
			json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s?, s:o}", "role", p[i].role, "title", p[i].title,
							   "unit", p[i].unit, "holder", cur ? cur->name : NULL, "history", h));
		}
		json_t *j = json_pack("{s:s?, s:s?, s:o}", "name", c.group_name, "office", c.office_name, "positions", a);
		print_json(j);
		json_decref(j);
	} else {
		static const struct column cols[] = {
			{"role", "职务", false},
			{"holder", "姓名", false},
			{"title", "职位", false},
			{"from", "任职起", false},
			{"history", "前任", false},
		};
		printf("%s\n", c.group_name ? c.group_name : "");
		if (c.office_name)
			printf("%s\n", c.office_name);
		putchar('\n');
		struct table *t = table_new(stdout, OUT_TEXT, cols, 5);
		for (int i = 0; i < np; i++) {
			const struct holder *cur = p[i].nholders ? &p[i].holders[p[i].nholders - 1] : NULL;
			struct strbuf hist = {0};
			for (int k = 0; k + 1 < p[i].nholders; k++)
				sb_addf(&hist, "%s%s (-%s)", k ? ", " : "", p[i].holders[k].name, p[i].holders[k].to);
			struct cell cells[] = {{CELL_TEXT, p[i].role, 0},
					       {cur ? CELL_TEXT : CELL_NULL, cur ? cur->name : NULL, 0},
					       {CELL_TEXT, p[i].title, 0},
					       {cur && *cur->from ? CELL_TEXT : CELL_NULL, cur ? cur->from : NULL, 0},
					       {CELL_TEXT, sb_str(&hist), 0}};
			table_row(t, cells);
			sb_free(&hist);
		}
		table_end(t);
	}
	campaign_positions_free(p, np);
out:
	close_campaign(s, &c);
	return rc;
}

/* ---- programmes and tasks ------------------------------------------------ */

static const char *const chinese_numerals[] = {"", "一", "二", "三", "四",
					       "五", "六", "七", "八", "九",
					       "十"};

int cmd_tasks(struct ctx *x, int argc, char **argv)
{
	if (argc && (!strcmp(argv[0], "done") || !strcmp(argv[0], "undo") || !strcmp(argv[0], "due")))
		return cmd_task_change(x, argc, argv);
	int np, u = -1;
	store *s;
	struct campaign c;
	struct programme *p;
	if (argc)
		return kp_fail_why(&x->err, KP_EINPUT, KP_R_USAGE, "too many arguments (\"%s\")", argv[0]);
	if (open_campaign(x, &s, &c))
		return x->err.code;
	if (opt_get(x, "--unit")) {
		u = unitdir_resolve(&c.units, opt_get(x, "--unit"), "--unit", &x->err);
		if (u == UNITDIR_ALL)
			kp_fail(&x->err, KP_EINPUT, "--unit: give one unit, not \"%s\"", opt_get(x, "--unit"));
		if (u < 0) {
			close_campaign(s, &c);
			return x->err.code;
		}
	}
	if (campaign_programmes_load(s, &c, &p, &np, &x->err)) {
		close_campaign(s, &c);
		return x->err.code;
	}
	const struct rubric *r = c.rubric;
	json_t *jprogs = json_array();
	for (int i = 0; i < np; i++) {
		json_t *jt = json_array();
		bool header = false;
		for (int t = 0; t < p[i].ntasks; t++) {
			const struct task *tk = &p[i].tasks[t];
			if (u >= 0 && !campaign_task_applies(&p[i], tk, u))
				continue;
			if (x->json) {
				json_array_append_new(jt, json_pack("{s:i, s:s, s:s, s:s}", "no", tk->no, "title", tk->title, "text",
								    tk->text, "units_text",
								    tk->units_text ? tk->units_text : p[i].units_text));
				continue;
			}
			if (!header) {
				printf("%s(%s) %s  责任单位: %s\n", i ? "\n" : "",
				       p[i].no <= 10 ? chinese_numerals[p[i].no] : "?", p[i].name, p[i].units_text);
				header = true;
			}
			printf("  %d. %s%s%s\n", tk->no, tk->title, tk->units_text ? "  责任单位: " : "",
			       tk->units_text ? tk->units_text : "");
		}
		if (x->json && json_array_size(jt))
			json_array_append_new(jprogs, json_pack("{s:i, s:s, s:s, s:s, s:o}", "no", p[i].no, "name", p[i].name,
								"text", p[i].text, "units_text", p[i].units_text, "tasks", jt));
		else
			json_decref(jt);
	}
	json_t *crit = json_array();
	int max = 0;
	char a[24];
	if (u >= 0) {
		struct strbuf b = {0};
		for (int k = 0; k < r->ncriteria; k++)
			if (rubric_applies(r, k, u)) {
				json_array_append_new(crit, json_integer(r->criteria[k].no));
				sb_addf(&b, "%s%d", b.len ? ", " : "", r->criteria[k].no);
				max += r->criteria[k].kind == CRITERION_SCORED ? r->criteria[k].points : 0;
			}
		if (!x->json)
			printf("\n%s 适用的测评内容: %s (满分 %s)\n",
			       c.units.names[u], sb_str(&b), points_format(max, a)); /* 适用的测评内容 满分 */
		sb_free(&b);
	}
	if (x->json) {
		json_t *j = json_pack("{s:o}", "programmes", jprogs);
		if (u >= 0) {
			json_object_set_new(j, "unit", json_string(c.units.names[u]));
			json_object_set_new(j, "criteria", crit);
			json_object_set_new(j, "max_points", rubric_json_points(max));
		} else {
			json_decref(crit);
		}
		print_json(j);
		json_decref(j);
	} else {
		json_decref(jprogs);
		json_decref(crit);
	}
	campaign_programmes_free(p, np);
	close_campaign(s, &c);
	return 0;
}

/* ---- scores -------------------------------------------------------------- */

/* Parses "1,2.5,1" into deductions in tenths. */
static int parse_amounts(const char *s, int **out, int *n, struct kp_error *e)
{
	char *copy = xstrdup(s), *save = NULL;
	*out = NULL;
	*n = 0;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int v;
		if (points_parse(tok, &v) < 0) {
			kp_fail(e, KP_EINPUT, "--deduct: \"%s\" is not a number of points", tok);
			free(copy);
			return KP_EINPUT;
		}
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof(int));
		(*out)[(*n)++] = v;
	}
	free(copy);
	return *n ? 0 : kp_fail(e, KP_EINPUT, "--deduct: give the deductions, e.g. --deduct 1,1,2");
}

/* The refusal ER of `score set` in the command's words: its flags named. */
static void score_refusal(struct kp_error *e, const struct score_row_error *er)
{
	*e = (struct kp_error){0}; /* reworded: the first wording goes */
	switch (er->problem) {
	case SCORE_E_FINAL:
		kp_fail(e, KP_EINPUT, "%s; change it with --correct --reason TEXT", er->message);
		break;
	case SCORE_E_NOT_FINAL:
		kp_fail(e, KP_EINPUT, "--correct: %s; set it without a correction", er->message);
		break;
	case SCORE_E_NO_SCORER:
		kp_fail(e, KP_EINPUT, "--by: say who scored");
		break;
	case SCORE_E_RECUSED:
		kp_fail(e, KP_EINPUT, "--by: %s", er->message);
		break;
	case SCORE_E_FROZEN:
		kp_fail(e, KP_EINPUT, "--self: %s", er->message);
		break;
	default:
		kp_fail(e, KP_EINPUT, "%s", er->message);
	}
}

static int score_set(struct ctx *x, int npos, char **pos)
{
	store *s;
	struct campaign c;
	struct score_input in = {0};
	int no, *amounts = NULL, n = 0;
	char detail[128] = "";
	int rules = !!opt_get(x, "--deduct") + !!opt_get(x, "--times") + !!opt_get(x, "--veto");
	if (rules + (npos == 4) > 1)
		return kp_fail(&x->err, KP_EINPUT, "give POINTS or one of --deduct, --times, --veto, not several");
	if (npos != 4 && !(npos == 3 && rules))
		return cli_usage(x, "missing or extra arguments");
	if (open_campaign(x, &s, &c))
		return x->err.code;
	const struct rubric *r = c.rubric;
	in.unit = unitdir_resolve(&c.units, pos[1], "UNIT", &x->err);
	if (in.unit == UNITDIR_ALL)
		kp_fail(&x->err, KP_EINPUT, "UNIT: \"%s\" names all units; score one unit at a time", pos[1]);
	if (in.unit < 0)
		goto out;
	if (rubric_criterion_ref_parse(pos[2], &no, &in.part) < 0 || (in.criterion = rubric_find(r, no)) < 0) {
		kp_fail(&x->err, KP_EINPUT, "CRITERION: \"%s\" is not a criterion of the rubric (a number such as 2, or 8.2 "
			"for a part; `kaoping rubric show` lists them)", pos[2]);
		goto out;
	}
	const struct rubric_criterion *cr = &r->criteria[in.criterion];
	in.kind = opt_get(x, "--self") ? SCORE_SELF : SCORE_ASSESSOR;
	in.by = opt_get(x, "--by") ? opt_get(x, "--by") : x->by;
	in.comment = opt_get(x, "--comment") ? opt_get(x, "--comment") : "";
	in.reason = opt_get(x, "--reason");
	if (opt_get(x, "--correct") && !in.reason) {
		kp_fail(&x->err, KP_EINPUT, "--correct needs --reason TEXT (why the final score changes)");
		goto out;
	}
	if (in.reason && !opt_get(x, "--correct")) {
		kp_fail(&x->err, KP_EINPUT, "--reason goes with --correct");
		goto out;
	}
	if (!utf8_valid(in.comment, strlen(in.comment)) || !utf8_valid(in.by, strlen(in.by)) ||
	    (in.reason && !utf8_valid(in.reason, strlen(in.reason)))) {
		kp_fail(&x->err, KP_EINPUT, "--comment/--by/--reason: not valid UTF-8 text");
		goto out;
	}
	if (npos == 4) {
		bool vetoed;
		if (points_parse(pos[3], &in.points) < 0 &&
		    (in.part || scores_parse_points(r, in.criterion, pos[3], &in.points, &vetoed) != SCORE_E_NONE)) {
			kp_fail(&x->err, KP_EINPUT,
				"POINTS: \"%s\" is not a number of points with at most one decimal (e.g. 3.5), nor a grade of the criterion",
				pos[3]);
			goto out;
		}
	} else if (opt_get(x, "--deduct")) {
		if (parse_amounts(opt_get(x, "--deduct"), &amounts, &n, &x->err) ||
		    score_from_deductions(cr, amounts, n, &in.points, &x->err))
			goto out;
		snprintf(detail, sizeof detail, "%d deduction%s", n, n > 1 ? "s" : "");
	} else if (opt_get(x, "--times")) {
		char *end;
		long t = strtol(opt_get(x, "--times"), &end, 10);
		if (*end || t < 0 || t > 100000) {
			kp_fail(&x->err, KP_EINPUT, "--times: \"%s\" is not a count", opt_get(x, "--times"));
			goto out;
		}
		if (score_from_awards(cr, (int)t, &in.points, &x->err))
			goto out;
		snprintf(detail, sizeof detail, "%ld occurrence%s", t, t == 1 ? "" : "s");
	} else {
		const char *v = opt_get(x, "--veto");
		if (cr->kind != CRITERION_VETO) {
			kp_fail(&x->err, KP_EINPUT, "--veto: criterion %d is not a veto criterion (一票否决)", cr->no);
			goto out;
		}
		if (!strcasecmp(v, "yes") || !strcmp(v, "是"))
			in.vetoed = true;
		else if (strcasecmp(v, "no") && strcmp(v, "否")) {
			kp_fail(&x->err, KP_EINPUT, "--veto: say yes (是) or no (否)");
			goto out;
		}
	}
	in.detail = detail;
	struct score_batch b = {.rows = &in, .count = 1, .by_accounts = true}; /* --by may name an account */
	struct score_result res;
	if (scores_apply(s, &c, &b, &res, &x->err) == KP_EINPUT && res.nlisted)
		score_refusal(&x->err, &res.errors[0]);
	scores_result_free(&res);
	if (!x->err.code) {
		char a[24], ref[24];
		snprintf(ref, sizeof ref, in.part ? "%d.%d" : "%d", cr->no, in.part);
		printf("%s %s %s: %s%s\n", c.units.names[in.unit], ref, in.kind == SCORE_SELF ? "self" : "assessor",
		       points_format(in.points, a), in.vetoed ? " (veto triggered)" : "");
	}
out:
	free(amounts);
	close_campaign(s, &c);
	return x->err.code;
}

static int score_advance(struct ctx *x, int npos, char **pos, int from, int to)
{
	store *s;
	struct campaign c;
	int u = -1, n;
	bool all = opt_get(x, "--all") != NULL;
	if ((npos != 2 && !all) || (npos != 1 && all))
		return cli_usage(x, "missing or extra arguments");
	if (open_campaign(x, &s, &c))
		return x->err.code;
	if (!all) {
		u = unitdir_resolve(&c.units, pos[1], "UNIT", &x->err);
		if (u == UNITDIR_ALL) {
			u = -1;
			x->err = (struct kp_error){0};
		} else if (u < 0) {
			close_campaign(s, &c);
			return x->err.code;
		}
	}
	const char *by = opt_get(x, "--by") ? opt_get(x, "--by") : x->by;
	if (!scores_advance(s, &c, u, from, to, by, &n, &x->err))
		printf("%d score%s %s -> %s (%s)\n", n, n == 1 ? "" : "s", score_state_name(from), score_state_name(to),
		       u < 0 ? "all units" : c.units.names[u]);
	close_campaign(s, &c);
	return x->err.code;
}

/* `score submit UNIT --self` (提交自评) and `score return UNIT --reason R`
 * (退回): the unit's self-assessment, through the functions the web's
 * submit and return buttons use. */
static int score_self(struct ctx *x, int npos, char **pos, bool submit)
{
	store *s;
	struct campaign c;
	const char *reason = opt_get(x, "--reason");
	if (npos != 2)
		return cli_usage(x, "missing or extra arguments");
	if (!submit && !reason)
		return kp_fail(&x->err, KP_EINPUT, "--reason: say why the self-assessment goes back");
	if (open_campaign(x, &s, &c))
		return x->err.code;
	int u = unitdir_resolve(&c.units, pos[1], "UNIT", &x->err);
	if (u == UNITDIR_ALL)
		kp_fail(&x->err, KP_EINPUT, "UNIT: \"%s\" names all units; give one unit", pos[1]);
	const char *by = opt_get(x, "--by") ? opt_get(x, "--by") : x->by;
	if (u >= 0 && submit && !submissions_submit(s, &c, u, by, &x->err))
		printf("%s: self-assessment submitted\n", c.units.names[u]);
	else if (u >= 0 && !submit && !submissions_return(s, &c, u, reason, by, &x->err))
		printf("%s: self-assessment returned\n", c.units.names[u]);
	if (!submit && x->err.code == KP_EINPUT && !strncmp(x->err.msg, "reason:", 7))
		snprintf(x->err.msg, sizeof x->err.msg, "--reason: say why the self-assessment goes back (at most 500 bytes)");
	close_campaign(s, &c);
	return x->err.code;
}

/* score template: the sheet to fill in, as a workbook import reads back. */
static int score_template(struct ctx *x, int npos)
{
	store *s;
	struct campaign c;
	enum paper_format pf = PAPER_XLSX;
	if (npos != 1)
		return cli_usage(x, "missing or extra arguments");
	if (!opt_get(x, "--output"))
		return kp_fail(&x->err, KP_EINPUT, "--output: give the FILE.xlsx to write the sheet to");
	if (open_campaign(x, &s, &c))
		return x->err.code;
	bool self = opt_get(x, "--self") != NULL;
	int from = 0, to = c.units.n;
	if (opt_get(x, "--unit")) {
		from = unitdir_resolve(&c.units, opt_get(x, "--unit"), "--unit", &x->err);
		if (from == UNITDIR_ALL)
			from = 0; /* every unit */
		else
			to = from + 1;
	}
	struct report_sheet *sheets = xcalloc((size_t)c.units.n + 1, sizeof *sheets);
	struct report_options ro = {.kind = self ? SCORE_SELF : SCORE_ASSESSOR};
	int n = 0;
	for (int u = from; !x->err.code && u < to; u++)
		if (!report_sheet_load(s, &c, u, &ro, &sheets[n], &x->err))
			n++;
	if (!x->err.code)
		cli_paper_write(x, papers_score_template(&c, sheets, n, self), pf);
	for (int i = 0; i < n; i++)
		report_sheet_free(&sheets[i]);
	free(sheets);
	close_campaign(s, &c);
	return x->err.code;
}

static int score_import(struct ctx *x, int npos, char **pos)
{
	store *s;
	struct campaign c;
	struct import_options io = {.encoding = CSV_AUTO, .max_errors = 20};
	struct import_result res;
	if (npos != 2)
		return cli_usage(x, "missing or extra arguments");
	if (opt_get(x, "--encoding") && csv_parse_encoding(opt_get(x, "--encoding"), &io.encoding) < 0)
		return kp_fail(&x->err, KP_EINPUT, "--encoding: \"%s\" is not auto, utf-8 or gbk", opt_get(x, "--encoding"));
	FILE *f = !strcmp(pos[1], "-") ? stdin : fopen(pos[1], "rb");
	if (!f)
		return kp_fail(&x->err, KP_EINPUT, "%s: %s", pos[1], strerror(errno));
	/* an Excel workbook: its first sheet is read as the CSV it shows, one
	 * line a row, so the same import checks it and names its rows */
	struct strbuf sheet_csv = {0};
	if (f != stdin) {
		unsigned char head[4];
		size_t n = fread(head, 1, sizeof head, f);
		rewind(f);
		if (xlsx_is_zip(head, n)) {
			fclose(f);
			f = NULL;
			if (opt_get(x, "--encoding"))
				kp_fail(&x->err, KP_EINPUT, "--encoding: %s is an Excel workbook, whose text is always Unicode", pos[1]);
			else
				xlsx_csv(pos[1], NULL, 0, &sheet_csv, &x->err);
			if (x->err.code) {
				sb_free(&sheet_csv);
				return x->err.code;
			}
			f = fmemopen((void *)sb_str(&sheet_csv), sheet_csv.len ? sheet_csv.len : 1, "rb");
			io.encoding = CSV_UTF8;
			if (!f) {
				sb_free(&sheet_csv);
				return kp_fail(&x->err, KP_EFAIL, "%s: %s", pos[1], strerror(errno));
			}
		}
	}
	if (open_campaign(x, &s, &c)) {
		sb_free(&sheet_csv);
		if (f != stdin)
			fclose(f);
		return x->err.code;
	}
	io.kind = opt_get(x, "--self") ? SCORE_SELF : SCORE_ASSESSOR;
	io.by = opt_get(x, "--by") ? opt_get(x, "--by") : x->by;
	io.source = pos[1];
	io.dry_run = opt_get(x, "--dry-run") != NULL;
	if (scores_import(s, &c, f, &io, &res, &x->err)) {
		fputs(sb_str(&res.errors), stderr);
		if (res.nerrors > io.max_errors)
			fprintf(stderr, "… and %d more\n", res.nerrors - io.max_errors);
		for (int i = 0; i < res.nissues; i++)
			if (res.issues[i].problem == SCORE_E_FINAL) {
				fputs("a final score is changed one at a time, as a recorded correction: "
				      "`kaoping score set UNIT CRITERION POINTS --correct --reason TEXT`\n", stderr);
				break;
			}
	} else {
		char enc[64];
		snprintf(enc, sizeof enc, sheet_csv.s ? "an Excel workbook" : "encoding %s", res.encoding);
		char skipped[64] = "";
		if (res.blank)
			snprintf(skipped, sizeof skipped, "; %ld row%s without points skipped", res.blank,
				 res.blank == 1 ? "" : "s");
		if (io.dry_run)
			printf("%s: %ld score%s checked, %ld would replace a stored score, %s%s; dry run: nothing saved\n",
			       pos[1], res.rows, res.rows == 1 ? "" : "s", res.replaced, enc, skipped);
		else
			printf("%s: %ld score%s imported (%ld replaced), %s%s\n", pos[1], res.rows,
			       res.rows == 1 ? "" : "s", res.replaced, enc, skipped);
	}
	scores_import_result_free(&res);
	sb_free(&sheet_csv);
	if (f != stdin)
		fclose(f);
	close_campaign(s, &c);
	return x->err.code;
}

static int score_history(struct ctx *x, int npos, char **pos)
{
	store *s;
	struct campaign c;
	if (npos != 2)
		return cli_usage(x, "missing or extra arguments");
	if (open_campaign(x, &s, &c))
		return x->err.code;
	int u = unitdir_resolve(&c.units, pos[1], "UNIT", &x->err);
	if (u == UNITDIR_ALL)
		kp_fail(&x->err, KP_EINPUT, "UNIT: give one unit");
	if (u >= 0) {
		static const struct column cols[] = {
			{"criterion", "序号", false}, {"kind", "类型", false},
			{"points", "原得分", true}, {"state", "状态", false},
			{"by", "评分人", false}, {"scored_at", "评分时间", false},
			{"replaced_at", "更改时间", false},
			{"replaced_by", "更改人", false}, {"reason", "原因", false},
		};
		struct table *t = table_new(stdout, x->json ? OUT_JSON : OUT_TEXT, cols, 9);
		struct score_history h;
		if (!scores_history(s, &c, u, &h, &x->err)) {
			for (int i = 0; i < h.n; i++) {
				const struct score_history_row *hr = &h.row[i];
				char ref[24];
				snprintf(ref, sizeof ref, hr->part_no ? "%d.%d" : "%d", hr->criterion_no, hr->part_no);
				struct cell cells[] = {
					{CELL_TEXT, ref, 0}, {CELL_TEXT, hr->kind ? "assessor" : "self", 0},
					{CELL_POINTS, NULL, hr->points},
					{CELL_TEXT, x->json ? score_state_name(hr->state) : score_state_label(hr->state), 0},
					{CELL_TEXT, hr->by, 0}, {CELL_TEXT, hr->scored_at, 0}, {CELL_TEXT, hr->replaced_at, 0},
					{CELL_TEXT, hr->replaced_by, 0}, {CELL_TEXT, hr->reason, 0},
				};
				table_row(t, cells);
			}
			scores_history_free(&h);
		}
		table_end(t);
	}
	close_campaign(s, &c);
	return x->err.code;
}

int cmd_score(struct ctx *x, int argc, char **argv)
{
	char **pos = argv;
	int npos = argc;
	const char *sub = npos ? pos[0] : "";
	if (!strcmp(sub, "set"))
		return score_set(x, npos, pos);
	if (!strcmp(sub, "submit") && opt_get(x, "--self"))
		return score_self(x, npos, pos, true);
	if (!strcmp(sub, "return"))
		return score_self(x, npos, pos, false);
	if (!strcmp(sub, "submit"))
		return score_advance(x, npos, pos, SCORE_DRAFT, SCORE_SUBMITTED);
	if (!strcmp(sub, "finalize") || !strcmp(sub, "finalise"))
		return score_advance(x, npos, pos, SCORE_SUBMITTED, SCORE_FINAL);
	if (!strcmp(sub, "import"))
		return score_import(x, npos, pos);
	if (!strcmp(sub, "template"))
		return score_template(x, npos);
	if (!strcmp(sub, "history"))
		return score_history(x, npos, pos);
	return cli_usage(x, "missing or extra arguments");
}

/* ---- reports ------------------------------------------------------------- */

/* report unit|ranking|criteria|district as a paper (XLSX or PDF). */
static int report_paper(struct ctx *x, store *s, const struct campaign *c, const char *sub, int u,
			const struct report_options *o, enum paper_format pf)
{
	struct paper_office off;
	struct doc *d = NULL;
	if (papers_office_load(s, c, &off, &x->err))
		return x->err.code;
	if (!strcmp(sub, "unit")) {
		struct report_sheet sh;
		if (!report_sheet_load(s, c, u, o, &sh, &x->err)) {
			d = papers_unit_sheet(c, &sh, o, &off);
			report_sheet_free(&sh);
		}
	} else if (!strcmp(sub, "ranking")) {
		struct unit_result *res;
		if (!report_results(s, c, o, &res, &x->err)) {
			score_rank(c->rubric, res, c->units.n);
			d = papers_ranking(c, res, c->units.n, o, &off);
			free(res);
		}
	} else if (!strcmp(sub, "criteria")) {
		struct report_criteria rc;
		if (!report_criteria_load(s, c, o, &rc, &x->err)) {
			d = papers_criteria(c, &rc, o, &off);
			report_criteria_free(&rc);
		}
	} else {
		struct report_district dd;
		if (!report_district_load(s, c, o, &dd, &x->err)) {
			d = papers_district(c, &dd, o, &off);
			report_district_free(&dd);
		}
	}
	papers_office_free(&off);
	return d ? cli_paper_write(x, d, pf) : x->err.code;
}

int cmd_report(struct ctx *x, int argc, char **argv)
{
	char **pos = argv;
	int npos = argc;
	store *s;
	struct campaign c;
	struct report_options o = {.format = x->json ? OUT_JSON : OUT_TEXT, .kind = SCORE_ASSESSOR};
	const char *sub = npos ? pos[0] : "";
	bool unit = !strcmp(sub, "unit");
	if (!((unit && npos == 2) || (!unit && npos == 1 && (!strcmp(sub, "ranking") || !strcmp(sub, "criteria") ||
							     !strcmp(sub, "district") || !strcmp(sub, "compare")))))
		return cli_usage(x, "missing or extra arguments");
	enum paper_format pf;
	int paper = cli_paper_format(x, &pf);
	if (paper < 0)
		return x->err.code;
	if (!paper && opt_get(x, "--format") && table_format_parse(opt_get(x, "--format"), &o.format) < 0)
		return kp_fail(&x->err, KP_EINPUT, "--format: \"%s\" is not text, json, csv, xlsx or pdf", opt_get(x, "--format"));
	if (paper && !strcmp(sub, "compare"))
		return kp_fail(&x->err, KP_EINPUT, "--format %s goes with report unit, ranking, criteria or district, not compare",
			       opt_get(x, "--format"));
	if (opt_get(x, "--self"))
		o.kind = SCORE_SELF;
	if (opt_get(x, "--final"))
		o.min_state = SCORE_FINAL;
	if (opt_get(x, "--final") && opt_get(x, "--self"))
		return kp_fail(&x->err, KP_EINPUT, "--final applies to assessor scores, not --self");
	o.by_percent = opt_get(x, "--weakest") != NULL;
	if (unit && opt_get(x, "--self"))
		return kp_fail(&x->err, KP_EINPUT, "report unit shows self-assessment and assessor scores side by side; drop --self");
	if (open_campaign(x, &s, &c))
		return x->err.code;
	int u = -1;
	if (unit) {
		u = unitdir_resolve(&c.units, pos[1], "UNIT", &x->err);
		if (u == UNITDIR_ALL)
			kp_fail(&x->err, KP_EINPUT, "UNIT: give one unit (report ranking covers all)");
	}
	char *tmp = NULL;
	FILE *out = NULL;
	if (x->err.code) {
		/* the unit was not found */
	} else if (paper) {
		report_paper(x, s, &c, sub, u, &o, pf);
	} else if ((out = cli_output_open(x, &tmp))) {
		if (unit)
			report_unit(s, &c, u, &o, out, &x->err);
		else if (!strcmp(sub, "ranking"))
			report_ranking(s, &c, &o, out, &x->err);
		else if (!strcmp(sub, "criteria"))
			report_criteria(s, &c, &o, out, &x->err);
		else if (!strcmp(sub, "compare"))
			years_compare(s, &c, &o, out, &x->err);
		else
			report_district(s, &c, &o, out, &x->err);
		cli_output_close(x, out, tmp);
	}
	close_campaign(s, &c);
	return x->err.code;
}

/* ---- audit --------------------------------------------------------------- */

int cmd_audit(struct ctx *x, int argc, char **argv)
{
	char **pos = argv;
	int npos = argc;
	store *s;
	if (npos != 1 || (strcmp(pos[0], "list") && strcmp(pos[0], "verify")))
		return cli_usage(x, "missing or extra arguments");
	if (store_open(x->db, STORE_EXISTING, &s, &x->err))
		return x->err.code;
	if (!strcmp(pos[0], "verify")) {
		int64_t n;
		char head[65];
		if (!audit_verify(s, &n, head, &x->err))
			printf("audit log intact: %lld entries, head %s\n", (long long)n, head);
		store_close(s);
		return x->err.code;
	}
	static const struct column cols[] = {
		{"id", "#", true}, {"at", "时间", false}, {"actor", "操作人", false},
		{"action", "操作", false}, {"subject", "对象", false},
		{"detail", "详情", false},
	};
	int zone = audit_zone(s);
	struct table *t = table_new(stdout, x->json ? OUT_JSON : OUT_TEXT, cols, 6);
	struct audit_rows rows;
	if (!audit_all(s, &rows, &x->err)) {
		for (int i = 0; i < rows.n; i++) {
			const struct audit_row *ar = &rows.row[i];
			struct cell cells[] = {{CELL_INT, NULL, ar->id},         {CELL_TIME, ar->at, zone},
					       {CELL_TEXT, ar->actor, 0},        {CELL_TEXT, ar->action, 0},
					       {CELL_TEXT, ar->subject, 0},      {CELL_TEXT, ar->detail, 0}};
			table_row(t, cells);
		}
		audit_rows_free(&rows);
	}
	table_end(t);
	store_close(s);
	return x->err.code;
}

/* ---- users --------------------------------------------------------------- */

/* Reads a password from standard input (one line), or makes one up and
 * says so. Returns a new string. */
static char *password_input(bool from_stdin, const char *name, bool *generated)
{
	*generated = !from_stdin;
	if (from_stdin) {
		char buf[512];
		if (!fgets(buf, sizeof buf, stdin))
			return xstrdup("");
		buf[strcspn(buf, "\r\n")] = 0;
		return xstrdup(buf);
	}
	for (;;) {
		char pw[17];
		struct kp_error e = {0};
		auth_random_hex(pw, 8);
		pw[4] = '-'; /* letters, digits and a symbol */
		if (!auth_password_ok(name, pw, &e))
			return xstrdup(pw);
	}
}

int cmd_user(struct ctx *x, int argc, char **argv)
{
	char **pos = argv;
	int npos = argc, rc = 0;
	store *s;
	struct campaign c;
	const char *sub = npos ? pos[0] : "";
	bool list = !strcmp(sub, "list") && npos == 1;
	bool named = npos == 2 && (!strcmp(sub, "add") || !strcmp(sub, "disable") || !strcmp(sub, "enable") ||
				   !strcmp(sub, "passwd") || !strcmp(sub, "token"));
	if (!list && !named)
		return cli_usage(x, "missing or extra arguments");
	if ((opt_get(x, "--list") != NULL) + (opt_get(x, "--revoke") != NULL) +
		    (opt_get(x, "--label") || opt_get(x, "--days")) > 1)
		return kp_fail(&x->err, KP_EINPUT, "user token: make one (--label, --days), --list, or --revoke ID");
	long days = AUTH_TOKEN_DAYS;
	char days_range[64];
	snprintf(days_range, sizeof days_range, "a whole number of days from 1 to %d", AUTH_TOKEN_MAX_DAYS);
	if (opt_number(x, "--days", 1, AUTH_TOKEN_MAX_DAYS, days_range, &days))
		return x->err.code;
	int64_t revoke = 0;
	if (opt_get(x, "--revoke")) {
		char *end;
		long long v = strtoll(opt_get(x, "--revoke"), &end, 10);
		if (*end || end == opt_get(x, "--revoke") || v < 1)
			return kp_fail(&x->err, KP_EINPUT, "--revoke: the token's ID (`kaoping user token NAME --list` shows them)");
		revoke = v;
	}
	if (open_campaign(x, &s, &c))
		return x->err.code;
	if (list) {
		static const struct column cols[] = {
			{"name", "账号", false}, {"display", "姓名", false},
			{"role", "角色", false}, {"unit", "单位", false},
			{"disabled", "停用", false}, {"failed_logins", "失败", true},
			{"created_at", "创建", false},
		}; /* 账号 姓名 角色 单位 停用 失败 创建 */
		struct table *t = table_new(stdout, x->json ? OUT_JSON : OUT_TEXT, cols, 7);
		struct account_list l = {0};
		rc = auth_account_list(s, &l, &x->err);
		for (int i = 0; !rc && i < l.n; i++) {
			const struct account_row *ar = &l.row[i];
			int role = auth_role_parse(ar->role);
			struct cell cells[] = {
				{CELL_TEXT, ar->name, 0}, {CELL_TEXT, ar->display, 0},
				{CELL_TEXT, x->json ? auth_role_name(role) : auth_role_label(role), 0},
				{*ar->unit ? CELL_TEXT : CELL_NULL, ar->unit, 0}, {CELL_BOOL, NULL, ar->disabled},
				{CELL_INT, NULL, ar->failed_logins}, {CELL_TIME, ar->created_at, zone_offset(c.timezone)},
			};
			table_row(t, cells);
		}
		if (!rc)
			auth_account_list_free(&l);
		table_end(t);
	} else if (!strcmp(sub, "add") || !strcmp(sub, "passwd")) {
		bool generated;
		char *pw = password_input(opt_get(x, "--password-stdin") != NULL, pos[1], &generated);
		if (!strcmp(sub, "add")) {
			int role = opt_get(x, "--role") ? auth_role_parse(opt_get(x, "--role")) : 0;
			int u = -1;
			if (opt_get(x, "--unit")) {
				u = unitdir_resolve(&c.units, opt_get(x, "--unit"), "--unit", &x->err);
				if (u == UNITDIR_ALL)
					kp_fail(&x->err, KP_EINPUT, "--unit: one unit");
			}
			if (!x->err.code && !role)
				kp_fail(&x->err, KP_EINPUT, "--role: one of admin, assessor, unit, leader, auditor");
			if (!x->err.code)
				auth_account_add(s, &c, pos[1], opt_get(x, "--display"), role, u, pw, x->by, &x->err);
		} else {
			auth_account_set_password(s, pos[1], pw, x->by, &x->err);
		}
		if (!x->err.code)
			printf(generated ? "%s: password %s (shown once; give it to the user)\n" : "%s: password set\n", pos[1], pw);
		free(pw);
		rc = x->err.code;
	} else if (!strcmp(sub, "token") && opt_get(x, "--list")) {
		static const struct column cols[] = {
			{"id", "编号", true}, {"label", "用途", false},
			{"created_at", "创建", false}, {"expires_at", "到期", false},
			{"state", "状态", false}, {"revoked_by", "吊销人", false},
		}; /* 编号 用途 创建 到期 状态 吊销人 */
		struct api_token *tokens;
		int n;
		if (!auth_token_list(s, pos[1], &tokens, &n, &x->err)) {
			struct table *t = table_new(stdout, x->json ? OUT_JSON : OUT_TEXT, cols, 6);
			int64_t now = now_unix();
			for (int i = 0; i < n; i++) {
				struct cell cells[] = {
					{CELL_INT, NULL, tokens[i].id}, {CELL_TEXT, tokens[i].label, 0},
					{CELL_TIME, tokens[i].created_at, zone_offset(c.timezone)},
					{CELL_TIME, tokens[i].expires_at, zone_offset(c.timezone)},
					{CELL_TEXT, auth_token_state_name(auth_token_state(&tokens[i], now)), 0},
					{*tokens[i].revoked_by ? CELL_TEXT : CELL_NULL, tokens[i].revoked_by, 0},
				};
				table_row(t, cells);
			}
			table_end(t);
			free(tokens);
		}
		rc = x->err.code;
	} else if (!strcmp(sub, "token") && revoke) {
		if (!auth_token_revoke(s, pos[1], revoke, x->by, &x->err))
			printf("%s: API token %lld revoked\n", pos[1], (long long)revoke);
		rc = x->err.code;
	} else if (!strcmp(sub, "token")) {
		char token[65];
		if (!auth_token_create(s, pos[1], opt_get(x, "--label"), (int)days, now_unix(), x->by, token, NULL, &x->err))
			printf("%s\n", token);
		rc = x->err.code;
	} else {
		if (!auth_account_set_disabled(s, pos[1], !strcmp(sub, "disable"), x->by, &x->err))
			printf("%s: %s\n", pos[1], !strcmp(sub, "disable") ? "disabled, sessions ended" : "enabled");
		rc = x->err.code;
	}
	close_campaign(s, &c);
	return rc;
}

/* ---- web ----------------------------------------------------------------- */

int cmd_serve(struct ctx *x, int argc, char **argv)
{
	(void)argc, (void)argv;
	struct server_options o = {.db = x->db, .listen = "127.0.0.1:8080", .threads = 4, .max_body = (50u << 20) + SERVER_FORM_ROOM,
				   .connections = 512, .timeout = 30, .header_timeout = 20,
				   .trust_proxy = opt_get(x, "--trust-proxy") != NULL};
	/* Behind a proxy every connection comes from the proxy: no limit
	 * unless asked for (the proxy limits its clients). */
	o.per_address = o.trust_proxy ? 0 : 64;
	if (opt_get(x, "--listen"))
		o.listen = opt_get(x, "--listen");
	long threads = o.threads, mb = 0, per_address = o.per_address, header_timeout = o.header_timeout;
	if (opt_number(x, "--threads", 1, 256, "a number from 1 to 256", &threads) ||
	    opt_number(x, "--max-upload-mb", 1, 4096, "a number from 1 to 4096", &mb) ||
	    opt_number(x, "--max-connections-per-address", 0, 512, "a number from 0 (no limit) to 512",
		       &per_address) ||
	    opt_number(x, "--header-timeout", 1, 3600, "a number of seconds from 1 to 3600", &header_timeout))
		return x->err.code;
	o.threads = (int)threads;
	if (mb)
		o.max_body = ((size_t)mb << 20) + SERVER_FORM_ROOM; /* room for the form around the file */
	o.per_address = (unsigned)per_address;
	o.header_timeout = (unsigned)header_timeout;
	return server_run(&o, &x->err);
}

int cmd_http(struct ctx *x, int argc, char **argv)
{
	(void)argc, (void)argv;
	long mb = 0;
	if (opt_number(x, "--max-upload-mb", 1, 4096, "a number from 1 to 4096", &mb))
		return x->err.code;
	return server_http_once(x->db, mb ? ((size_t)mb << 20) + SERVER_FORM_ROOM : 0, stdin, stdout, &x->err);
}

int cmd_routes(struct ctx *x, int argc, char **argv)
{
	(void)x, (void)argc, (void)argv;
	web_routes_json();
	return 0;
}

