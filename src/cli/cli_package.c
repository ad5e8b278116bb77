/* cli_package.c — `kaoping package`: the inspection package (迎检材料) of
 * the campaign or of one unit, written as a zip (papers/package.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli_int.h"
#include "papers/package.h"

int cmd_package(struct ctx *x, int argc, char **argv)
{
	(void)argv;
	const char *output = opt_get(x, "--output"), *unit = opt_get(x, "--unit");
	if (argc)
		return cli_usage(x, "package takes no arguments");
	if (!output || !*output)
		return cli_usage(x, "--output: give the zip file to write (--output 迎检材料.zip)");
	/* the folder first, before any work, naming the option */
	const char *slash = strrchr(output, '/');
	char *dir = slash ? xstrndup(output, slash == output ? 1 : (size_t)(slash - output)) : xstrdup(".");
	if (access(dir, W_OK | X_OK)) {
		int err = errno;
		kp_fail(&x->err, KP_EINPUT, "--output: cannot write in %s (%s)", dir, strerror(err));
		free(dir);
		return x->err.code;
	}
	free(dir);
	store *s;
	struct campaign c;
	if (open_campaign(x, &s, &c))
		return x->err.code;
	int u = -1;
	if (unit) {
		u = unitdir_resolve(&c.units, unit, "--unit", &x->err);
		if (u == UNITDIR_ALL)
			kp_fail(&x->err, KP_EINPUT, "--unit: give one unit, not \"%s\"", unit);
	}
	/* Written beside OUTPUT and renamed onto it once complete: a failure
	 * leaves neither a half-written OUTPUT nor the temporary file. */
	char *tmp = xasprintf("%s.tmp", output);
	struct package_summary sum;
	if (!x->err.code && !package_build(s, &c, &(struct package_options){.unit = u, .sheets = true}, tmp, &sum, &x->err)) {
		if (rename(tmp, output)) {
			int err = errno;
			kp_fail(&x->err, KP_EFAIL, "--output: %s: %s", output, strerror(err));
		} else {
			char *top = package_top(&c, u);
			printf("%s: %s, %lld files (%llu bytes) of %d units, %lld entries with index.html\n", output, top,
			       (long long)sum.files, (unsigned long long)sum.bytes, sum.units, (long long)sum.entries);
			free(top);
		}
	}
	if (x->err.code)
		unlink(tmp);
	free(tmp);
	close_campaign(s, &c);
	return x->err.code;
}
