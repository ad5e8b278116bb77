/* cli_common.c — what every command handler uses: option parsing, opening
 * the store with its campaign, JSON output and JSON files. */
#include "cli/cli_int.h"
#include "domain/evidence.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The declaration of option A (length LEN) in OPTIONS, or -1. */
static int opt_index(const struct option *options, const char *a, size_t len)
{
	for (int i = 0; options && options[i].name; i++)
		if (strlen(options[i].name) == len && !strncmp(options[i].name, a, len))
			return i;
	return -1;
}

static void opt_take(const struct option *o, struct opt_value *v, const char *value)
{
	v->value = value;
	if (o->repeats) {
		v->all = xrealloc(v->all, (size_t)(v->n + 1) * sizeof *v->all);
		v->all[v->n++] = value;
	}
}

int opt_parse(const struct option *options, int maxargs, int argc, char **argv, char **pos, int *npos,
	      struct opt_value *values, struct kp_error *e)
{
	bool options_end = false;
	*npos = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!options_end && !strcmp(a, "--")) {
			options_end = true;
			continue;
		}
		if (!options_end && a[0] == '-' && a[1] == '-' && a[2]) {
			const char *eq = strchr(a, '=');
			size_t len = eq ? (size_t)(eq - a) : strlen(a);
			int k = opt_index(options, a, len);
			if (k < 0)
				return kp_fail_why(e, KP_EINPUT, KP_R_USAGE, "unknown option %.*s", (int)len, a);
			const struct option *o = &options[k];
			if (o->arg) {
				if (eq)
					opt_take(o, &values[k], eq + 1);
				else if (i + 1 < argc)
					opt_take(o, &values[k], argv[++i]);
				else
					return kp_fail_why(e, KP_EINPUT, KP_R_USAGE, "option %s needs a value", o->name);
			} else {
				if (eq)
					return kp_fail_why(e, KP_EINPUT, KP_R_USAGE, "option %s takes no value", o->name);
				opt_take(o, &values[k], "1");
			}
			continue;
		}
		if (*npos == maxargs)
			return kp_fail_why(e, KP_EINPUT, KP_R_USAGE, "too many arguments (\"%s\")", a);
		pos[(*npos)++] = argv[i];
	}
	return 0;
}

void opt_values_free(const struct option *options, struct opt_value *values)
{
	for (int i = 0; options && options[i].name; i++)
		free(values[i].all);
}

/* The index of NAME among the command's options; it must be declared. */
static int opt_declared(const struct ctx *x, const char *name)
{
	int k = opt_index(x->options, name, strlen(name));
	assert(k >= 0 && "an option the handler reads is declared in commands.c");
	return k;
}

const char *opt_get(const struct ctx *x, const char *name)
{
	return x->values[opt_declared(x, name)].value;
}

const char *const *opt_all(const struct ctx *x, const char *name, int *n)
{
	int k = opt_declared(x, name);
	assert(x->options[k].repeats);
	*n = x->values[k].n;
	return x->values[k].all;
}

int cli_receive_file(struct blob_store *bs, const char *path, struct blob *f, struct kp_error *e)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return kp_fail(e, KP_EINPUT, "--file: %s: %s", path, strerror(errno));
	char *what = xasprintf("--file: %s", path);
	int rc = blob_put_stream(bs, in, what, EVIDENCE_MAX_BYTES, f, e);
	fclose(in);
	free(what);
	return rc;
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

int opt_number(struct ctx *x, const char *name, long lo, long hi, const char *range, long *v)
{
	const char *given = opt_get(x, name);
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

/* Fields the domain names that a command takes under another name than
 * "--FIELD" (a positional argument, or a flag of another spelling). */
static const struct {
	const char *command, *field, *flag;
} FIELD_FLAGS[] = {
	{"group", "name", "NAME"},
	{"group", "position", "POSITION"},
	{"setting", "key", "KEY"},
	{"setting", "target", "VALUE"},
	{"ledger", "notes", "--notes"},
	{"duty", "rule", "ID"},
};

/* What to add to an error about FIELD for REASON (in COMMAND; NULL: any)
 * so that the reader knows where to look next. */
static const struct {
	const char *command, *field;
	int reason;
	const char *hint;
} FIELD_HINTS[] = {
	{NULL, "unit", KP_R_UNKNOWN, "`kaoping unit list` shows the units"},
	{NULL, "kind", KP_R_UNKNOWN, "`kaoping ledger kinds` lists them"},
	{NULL, "account", KP_R_UNKNOWN, "`kaoping user list` shows them"},
	{NULL, "key", KP_R_UNKNOWN, "`kaoping setting list` names them"},
	{"group", "position", KP_R_UNKNOWN, "`kaoping group show` lists them"},
	{"duty", "rule", KP_R_NOT_FOUND, "`kaoping duty list` shows them"},
	{"duty", "kind", KP_R_DUPLICATE, "change it with `kaoping duty edit ID`"},
};

/* How command CMD names the domain's FIELD on its command line, or NULL. */
static const char *field_flag(const struct command *cmd, const char *field)
{
	for (size_t i = 0; i < sizeof FIELD_FLAGS / sizeof *FIELD_FLAGS; i++)
		if (!strcmp(FIELD_FLAGS[i].command, cmd->name) && !strcmp(FIELD_FLAGS[i].field, field))
			return FIELD_FLAGS[i].flag;
	for (const struct option *o = cmd->options; o && o->name; o++)
		if (!strncmp(o->name, "--", 2) && !strcmp(o->name + 2, field))
			return o->name;
	return NULL;
}

void cli_error_words(const struct command *cmd, const struct kp_error *e, struct strbuf *out)
{
	const char *msg = e->msg, *flag = *e->field ? field_flag(cmd, e->field) : NULL;
	size_t n = strlen(e->field);
	if (flag && !strncmp(msg, e->field, n) && !strncmp(msg + n, ": ", 2)) {
		sb_adds(out, flag); /* "from: …" as `group assign` takes it: "--from: …" */
		msg += n;
	}
	sb_adds(out, msg);
	for (size_t i = 0; *e->field && i < sizeof FIELD_HINTS / sizeof *FIELD_HINTS; i++)
		if ((!FIELD_HINTS[i].command || !strcmp(FIELD_HINTS[i].command, cmd->name)) &&
		    FIELD_HINTS[i].reason == e->reason && !strcmp(FIELD_HINTS[i].field, e->field)) {
			sb_addf(out, " (%s)", FIELD_HINTS[i].hint);
			break;
		}
}
