/* cli_papers.c — the papers on the command line: --format xlsx|pdf
 * --output FILE on report, due, case listing and ledger list, and
 * `case notice`. The file is written beside its name and moved into place
 * when whole, so a failure leaves nothing half-written. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli_int.h"
#include "papers/papers.h"

int cli_paper_format(struct ctx *x, enum paper_format *pf)
{
	const char *f = opt_get(x, "--format");
	if (!f || papers_format_parse(f, pf) < 0)
		return 0;
	const char *out = opt_get(x, "--output");
	if (!out)
		return kp_fail(&x->err, KP_EINPUT, "--format %s: give --output FILE%s (or --output - for standard output)", f,
			       papers_suffix(*pf)), -1;
	if (!strcmp(out, "-") && isatty(STDOUT_FILENO))
		return kp_fail(&x->err, KP_EINPUT, "--output -: standard output is a terminal; give a FILE%s",
			       papers_suffix(*pf)), -1;
	return 1;
}

FILE *cli_output_open(struct ctx *x, char **tmp)
{
	const char *path = opt_get(x, "--output");
	*tmp = NULL;
	if (!path || !strcmp(path, "-"))
		return stdout;
	*tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
	FILE *f = fopen(*tmp, "wb");
	if (!f) {
		kp_fail(&x->err, KP_EFAIL, "--output %s: %s", path, strerror(errno));
		free(*tmp);
		*tmp = NULL;
	}
	return f;
}

int cli_output_close(struct ctx *x, FILE *f, char *tmp)
{
	if (f == stdout)
		return x->err.code;
	const char *path = opt_get(x, "--output");
	if (fclose(f) != 0 && !x->err.code)
		kp_fail(&x->err, KP_EFAIL, "--output %s: %s", path, strerror(errno));
	if (!x->err.code && rename(tmp, path) != 0)
		kp_fail(&x->err, KP_EFAIL, "--output %s: %s", path, strerror(errno));
	if (x->err.code)
		unlink(tmp);
	else
		fprintf(stderr, "wrote %s\n", path);
	free(tmp);
	return x->err.code;
}

int cli_paper_write(struct ctx *x, struct doc *d, enum paper_format pf)
{
	char *tmp;
	FILE *f = cli_output_open(x, &tmp);
	if (f)
		papers_write(d, pf, f, &x->err);
	doc_free(d);
	return f ? cli_output_close(x, f, tmp) : x->err.code;
}
