/* cli_common.c — what every command handler uses: option parsing, opening
 * the store with its campaign, JSON output and JSON files. */
#include "cli/cli_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int parse_opts(int argc, char **argv, struct opt *opts, char **pos, int maxpos, int *npos,
		      struct kp_error *e)
{
	*npos = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] == '-' && a[1] == '-' && a[2]) {
			const char *eq = strchr(a, '=');
			size_t len = eq ? (size_t)(eq - a) : strlen(a);
			struct opt *o = NULL;
			for (struct opt *p = opts; p && p->name; p++)
				if (strlen(p->name) == len && !strncmp(p->name, a, len))
					o = p;
			if (!o)
				return kp_fail_why(e, KP_EINPUT, KP_R_USAGE, "unknown option %.*s", (int)len, a);
			if (o->takes_value) {
				if (eq)
					o->value = eq + 1;
				else if (i + 1 < argc)
					o->value = argv[++i];
				else
					return kp_fail_why(e, KP_EINPUT, KP_R_USAGE, "option %s needs a value", o->name);
			} else {
				if (eq)
					return kp_fail_why(e, KP_EINPUT, KP_R_USAGE, "option %s takes no value", o->name);
				o->value = "1";
			}
			continue;
		}
		if (!strcmp(a, "--")) {
			for (i++; i < argc; i++) {
				if (*npos == maxpos)
					return kp_fail_why(e, KP_EINPUT, KP_R_USAGE, "too many arguments (\"%s\")", argv[i]);
				pos[(*npos)++] = argv[i];
			}
			break;
		}
		if (*npos == maxpos)
			return kp_fail_why(e, KP_EINPUT, KP_R_USAGE, "too many arguments (\"%s\")", a);
		pos[(*npos)++] = argv[i];
	}
	return 0;
}

const char *opt_get(const struct opt *opts, const char *name)
{
	for (; opts->name; opts++)
		if (!strcmp(opts->name, name))
			return opts->value;
	return NULL;
}

int open_campaign(struct ctx *x, store **s, struct campaign *c)
{
	memset(c, 0, sizeof *c);
	if (store_open(x->db, STORE_EXISTING, s, &x->err))
		return x->err.code;
	if (campaign_load(*s, c, &x->err)) {
		campaign_free(c);
		store_close(*s);
		*s = NULL;
		return x->err.code;
	}
	return 0;
}

void close_campaign(store *s, struct campaign *c)
{
	campaign_free(c);
	store_close(s);
}

void print_json(json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	putchar('\n');
}

json_t *load_json_file(const char *path, struct kp_error *e)
{
	json_error_t je;
	json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (!j) {
		if (access(path, R_OK) != 0)
			kp_fail(e, KP_EINPUT, "%s: %s", path, strerror(errno));
		else
			kp_fail(e, KP_EINPUT, "%s:%d: %s", path, je.line, je.text);
	}
	return j;
}


int cli_usage(struct ctx *x, const char *what)
{
	return kp_fail_why(&x->err, KP_EINPUT, KP_R_USAGE, "%s", what);
}

int opt_number(struct ctx *x, const struct opt *opts, const char *name, long lo, long hi, const char *range, long *v)
{
	const char *given = opt_get(opts, name);
	if (!given)
		return 0;
	char *end;
	errno = 0;
	long n = strtol(given, &end, 10);
	if (!*given || *end || errno || n < lo || n > hi)
		return kp_fail(&x->err, KP_EINPUT, "%s: %s", name, range);
	*v = n;
	return 0;
}
