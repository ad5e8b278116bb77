/* cli_setting.c — `kaoping setting`: the office's thresholds and windows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_int.h"
#include "io/table.h"
#include "domain/settings.h"

static int setting_list(struct ctx *x, store *s, const struct campaign *c)
{
	static const struct column cols[] = {
		{"key", "设置项", false},
		{"value", "值", true},
		{"default", "默认", true},
		{"range", "范围", false},
		{"meaning", "含义", false},
	};
	struct table *t = table_new(stdout, x->json ? OUT_JSON : OUT_TEXT, cols, 5);
	for (const struct setting_def *d = setting_defs; d->key; d++) {
		int64_t v;
		if (d->text) {
			char *text, range[64];
			if (settings_get_text(s, c->id, d->key, &text, &x->err))
				break;
			snprintf(range, sizeof range, "文字，至多 %lld 字节", (long long)d->max);
			struct cell cells[] = {{CELL_TEXT, d->key, 0},
					       {CELL_TEXT, text, 0},
					       {CELL_TEXT, d->text, 0},
					       {CELL_TEXT, range, 0},
					       {CELL_TEXT, d->help, 0}};
			table_row(t, cells);
			free(text);
			continue;
		}
		if (settings_get(s, c->id, d->key, &v, &x->err))
			break;
		char range[64];
		snprintf(range, sizeof range, "%lld–%lld", (long long)d->min, (long long)d->max);
		const char *name = settings_value_name(d, v);
		if (name) { /* a choice: by name, its range the names */
			range[0] = 0;
			for (int64_t i = d->min; i <= d->max; i++)
				snprintf(range + strlen(range), sizeof range - strlen(range), "%s%s", i > d->min ? "|" : "",
					 settings_value_name(d, i));
		}
		struct cell cells[] = {{CELL_TEXT, d->key, 0},
				       {name ? CELL_TEXT : CELL_INT, name, v},
				       {name ? CELL_TEXT : CELL_INT, settings_value_name(d, d->def), d->def},
				       {CELL_TEXT, range, 0},
				       {CELL_TEXT, d->help, 0}};
		table_row(t, cells);
	}
	table_end(t);
	return x->err.code;
}

int cmd_setting(struct ctx *x, int argc, char **argv)
{
	char **pos = argv;
	int npos = argc;
	store *s;
	struct campaign c;
	bool list = npos == 1 && !strcmp(pos[0], "list");
	bool set = npos == 3 && !strcmp(pos[0], "set");
	if (!list && !set)
		return cli_usage(x, "missing or extra arguments");
	if (open_campaign(x, &s, &c))
		return x->err.code;
	if (list)
		setting_list(x, s, &c);
	else if (!settings_set_committed(s, c.id, pos[1], pos[2], x->by, &x->err))
		printf("%s = %s\n", pos[1], pos[2]);
	close_campaign(s, &c);
	return x->err.code;
}
