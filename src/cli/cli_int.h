/* cli_int.h — what the command handlers share: the context every command
 * sees, option parsing, opening the store, JSON output. The command table
 * is in commands.c; handlers live in cli.c and cli_*.c by area. */
#ifndef KAOPING_CLI_INT_H
#define KAOPING_CLI_INT_H
#include <jansson.h>
#include <stdbool.h>

#include "domain/campaign.h"
#include "store/store.h"
#include "core/util.h"

/* Settings every command sees. */
struct ctx {
	const char *db;
	bool json;
	const char *by; /* default actor: $KAOPING_USER, $USER or "cli" */
	struct kp_error err;
};

/* A command option: "--name" with or without a value. */
struct opt {
	const char *name;
	bool takes_value;
	const char *value; /* set when given (flags get "1") */
};

/* Splits ARGV into positional arguments (at most MAXPOS) and the options
 * in OPTS (terminated by a NULL name). Unknown options and missing values
 * are usage errors. */
int parse_opts(int argc, char **argv, struct opt *opts, char **pos, int maxpos, int *npos, struct kp_error *e);
/* The value of option NAME, or NULL when it was not given. */
const char *opt_get(const struct opt *opts, const char *name);
/* Option NAME as a whole number from LO to HI into *V (left as it is when
 * the option was not given); KP_EINPUT "NAME: RANGE" otherwise. */
int opt_number(struct ctx *x, const struct opt *opts, const char *name, long lo, long hi, const char *range, long *v);

/* Opens the store and loads its campaign; close with close_campaign. */
int open_campaign(struct ctx *x, store **s, struct campaign *c);
void close_campaign(store *s, struct campaign *c);

/* Prints J indented, in member order, to stdout. */
void print_json(json_t *j);
/* Reads a whole JSON file; errors name the file and line. */
json_t *load_json_file(const char *path, struct kp_error *e);

/* Fails with the command's usage (KP_EINPUT, reason KP_R_USAGE): cli_main
 * then prints the usage lines of the command table for the subcommand
 * given. WHAT says what is wrong ("give a UNIT"). */
int cli_usage(struct ctx *x, const char *what);

/* Command handlers (registered in commands.c's table). cli.c: */
int cmd_init(struct ctx *x, int argc, char **argv);
int cmd_rubric(struct ctx *x, int argc, char **argv);
int cmd_unit(struct ctx *x, int argc, char **argv);
int cmd_group(struct ctx *x, int argc, char **argv);
int cmd_tasks(struct ctx *x, int argc, char **argv);
int cmd_score(struct ctx *x, int argc, char **argv);
int cmd_report(struct ctx *x, int argc, char **argv);
int cmd_audit(struct ctx *x, int argc, char **argv);
int cmd_user(struct ctx *x, int argc, char **argv);
int cmd_serve(struct ctx *x, int argc, char **argv);
int cmd_http(struct ctx *x, int argc, char **argv);
int cmd_routes(struct ctx *x, int argc, char **argv);

/* cli_*.c: */
int cmd_setting(struct ctx *x, int argc, char **argv);
/* `rubric import --from-text PATH`: reads annex 2 from the notice text,
 * previews it and (unless DRY_RUN, and only when it is complete) saves it
 * as the new rubric. KP_EINPUT when the text has problems or unknown units. */
int cmd_rubric_from_text(struct ctx *x, store *s, struct campaign *c, const char *path, bool dry_run);

/* -- deadlines -- */
int cmd_due(struct ctx *x, int argc, char **argv);
int cmd_task_change(struct ctx *x, int argc, char **argv); /* tasks done|undo|due */

/* -- ledger, duties and complaints -- */
int cmd_ledger(struct ctx *x, int argc, char **argv);
int cmd_duty(struct ctx *x, int argc, char **argv);
int cmd_complaint(struct ctx *x, int argc, char **argv);
/* Demo ledger entries, a confirmed duty and two complaints (init --demo). */
int add_demo_ledger(store *s, struct ctx *x);

/* -- supervision cases -- */
int cmd_case(struct ctx *x, int argc, char **argv);
/* Demo cases for `init --demo` (after the demo scores). */
int add_demo_cases(store *s, struct ctx *x);

/* -- spot-check draws -- */
int cmd_draw(struct ctx *x, int argc, char **argv);

/* -- campaign years -- */
int cmd_campaign(struct ctx *x, int argc, char **argv);

#endif
