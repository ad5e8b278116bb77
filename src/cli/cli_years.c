/* cli_years.c — `kaoping campaign`: the years in the store, and starting
 * the next one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_int.h"
#include "io/table.h"
#include "domain/years.h"

int cmd_campaign(struct ctx *x, int argc, char **argv)
{
	char **pos = argv;
	int npos = argc;
	store *s;
	struct campaign c;
	bool list = npos == 1 && !strcmp(pos[0], "list") && !opt_get(x, "--year");
	bool copy = npos == 1 && !strcmp(pos[0], "copy") && opt_get(x, "--year");
	if (!list && !copy)
		return cli_usage(x, "missing or extra arguments");
	int year = 0;
	if (copy) {
		char *end;
		const char *y = opt_get(x, "--year");
		year = (int)strtol(y, &end, 10);
		if (!*y || *end || strlen(y) != 4)
			return kp_fail(&x->err, KP_EINPUT, "--year: give a year like 2025, not \"%s\"", y);
	}
	if (open_campaign(x, &s, &c))
		return x->err.code;
	int64_t id;
	if (list)
		years_list(s, x->json ? OUT_JSON : OUT_TEXT, stdout, &x->err);
	else if (!years_copy(s, &c, year, x->by, &id, &x->err))
		printf("started campaign %d (%lld) from %d: %d units; nothing filed or scored yet\n", year, (long long)id,
		       c.year, c.units.n);
	close_campaign(s, &c);
	return x->err.code;
}
