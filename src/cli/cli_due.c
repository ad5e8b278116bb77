/* cli_due.c — `kaoping due` (deadline lights, the reminder list) and the
 * task progress commands under `kaoping tasks`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_int.h"
#include "domain/due.h"
#include "io/table.h"
#include "papers/papers.h"

/* Parses "red,yellow" into light bits. */
static int parse_lights(const char *s, int *bits, struct kp_error *e)
{
	char *copy = xstrdup(s), *save = NULL;
	*bits = 0;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int l = light_parse(tok);
		if (l < 0) {
			kp_fail(e, KP_EINPUT, "--light: \"%s\" is not red, yellow, green or grey", tok);
			break;
		}
		*bits |= 1 << l;
	}
	free(copy);
	return e->code;
}

int cmd_due(struct ctx *x, int argc, char **argv)
{
	store *s;
	struct campaign c;
	struct due_filter f = {-1, -1, 0};
	enum out_format format = x->json ? OUT_JSON : OUT_TEXT;
	(void)argc, (void)argv;
	const char *kind = opt_get(x, "--kind");
	if (kind && strcmp(kind, "task") && strcmp(kind, "criterion"))
		return kp_fail(&x->err, KP_EINPUT, "--kind: \"%s\" is not task or criterion", kind);
	f.kind = !kind ? -1 : !strcmp(kind, "task") ? DUE_TASK : DUE_CRITERION;
	enum paper_format pf;
	int paper = cli_paper_format(x, &pf);
	if (paper < 0)
		return x->err.code;
	if (!paper && opt_get(x, "--format") && table_format_parse(opt_get(x, "--format"), &format) < 0)
		return kp_fail(&x->err, KP_EINPUT, "--format: \"%s\" is not text, json, csv, xlsx or pdf", opt_get(x, "--format"));
	const char *reply_by = opt_get(x, "--reply-by");
	if (reply_by && !date_valid(reply_by))
		return kp_fail(&x->err, KP_EINPUT, "--reply-by: give a date YYYY-MM-DD, not \"%s\"", reply_by);
	if (!paper && (opt_get(x, "--reminders") || reply_by))
		return kp_fail(&x->err, KP_EINPUT, "--%s: the 催办单 are papers; give --format pdf or xlsx with --output FILE",
			       reply_by ? "reply-by" : "reminders");
	if (opt_get(x, "--light") && parse_lights(opt_get(x, "--light"), &f.lights, &x->err))
		return x->err.code;
	const char *as_of = opt_get(x, "--as-of");
	if (as_of && !date_valid(as_of))
		return kp_fail(&x->err, KP_EINPUT, "--as-of: give a date YYYY-MM-DD, not \"%s\"", as_of);
	if (open_campaign(x, &s, &c))
		return x->err.code;
	if (opt_get(x, "--unit")) {
		f.unit = unitdir_resolve(&c.units, opt_get(x, "--unit"), "--unit", &x->err);
		if (f.unit == UNITDIR_ALL)
			kp_fail(&x->err, KP_EINPUT, "--unit: give one unit, not \"%s\"", opt_get(x, "--unit"));
	}
	struct due_list l;
	if (!x->err.code && paper && !due_collect(s, &c, NULL, 0, f.unit, as_of, &l, &x->err)) {
		struct paper_office off;
		if (!papers_office_load(s, &c, &off, &x->err)) {
			struct doc *d;
			if (f.unit >= 0 || opt_get(x, "--reminders")) {
				char reply[11];
				/* replies are due three days on, unless the office says */
				if (reply_by)
					snprintf(reply, sizeof reply, "%s", reply_by);
				else
					date_add(l.today, 3, reply);
				d = papers_reminders(&c, &l, &f, 1, reply, &off);
			} else {
				d = papers_due(&c, &l, &f, &off);
			}
			cli_paper_write(x, d, pf);
			papers_office_free(&off);
		}
		due_list_free(&l);
	} else if (!x->err.code && !due_collect(s, &c, NULL, 0, f.unit, as_of, &l, &x->err)) {
		if (format == OUT_TEXT) {
			int n[4];
			due_count(&l, f.unit, f.kind, n);
			printf("截至 %s（黄灯提前 %d 天）：已逾期 %d，即将到期 %d，按期推进 %d，已完成 %d\n\n", l.today,
			       l.window, n[LIGHT_RED], n[LIGHT_YELLOW], n[LIGHT_GREEN], n[LIGHT_GREY]);
		}
		due_print(&c, &l, &f, format, stdout);
		due_list_free(&l);
	}
	close_campaign(s, &c);
	return x->err.code;
}

/* The store id of task number NO. */
static int task_id_of(store *s, const struct campaign *c, const char *no, int64_t *id, struct kp_error *e)
{
	struct programme *p;
	int np;
	char *end;
	long n = strtol(no, &end, 10);
	if (!*no || *end)
		return kp_fail(e, KP_EINPUT, "task: give the task's number (kaoping tasks lists them), not \"%s\"", no);
	if (campaign_programmes_load(s, c, &p, &np, e))
		return e->code;
	*id = 0;
	for (int i = 0; i < np; i++)
		for (int t = 0; t < p[i].ntasks; t++)
			if (p[i].tasks[t].no == n)
				*id = p[i].tasks[t].id;
	campaign_programmes_free(p, np);
	return *id ? 0 : kp_fail(e, KP_EINPUT, "task: no task %ld (kaoping tasks lists them)", n);
}

int cmd_task_change(struct ctx *x, int argc, char **argv)
{
	char **pos = argv;
	int npos = argc;
	store *s;
	struct campaign c;
	int64_t id;
	bool done = npos == 3 && !strcmp(pos[0], "done"), undo = npos == 3 && !strcmp(pos[0], "undo");
	bool due = !strcmp(pos[0], "due") && (npos == 3 || (npos == 2 && opt_get(x, "--clear")));
	if (!done && !undo && !due)
		return cli_usage(x, "missing or extra arguments");
	if (open_campaign(x, &s, &c))
		return x->err.code;
	if (due) {
		if (!task_id_of(s, &c, pos[1], &id, &x->err) &&
		    !due_task_set_due(s, &c, id, npos == 3 ? pos[2] : NULL, x->by, &x->err))
			printf("任务 %s 截止 %s\n", pos[1], npos == 3 ? pos[2] : "(campaign deadline)");
	} else {
		int u = unitdir_resolve(&c.units, pos[1], "unit", &x->err);
		if (u == UNITDIR_ALL)
			kp_fail(&x->err, KP_EINPUT, "unit: give one unit, not \"%s\"", pos[1]);
		if (!x->err.code && !task_id_of(s, &c, pos[2], &id, &x->err) &&
		    !due_task_mark_done(s, &c, u, id, done, opt_get(x, "--note"), x->by, &x->err))
			printf("%s 任务 %s：%s\n", c.units.names[u], pos[2], done ? "已完成" : "撤回完成");
	}
	close_campaign(s, &c);
	return x->err.code;
}
