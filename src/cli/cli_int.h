/* cli_int.h — what the command handlers share: the context every command
 * sees, option parsing, opening the store, JSON output. The command table
 * is in commands.c; handlers live in cli.c and cli_*.c by area. */
#ifndef KAOPING_CLI_INT_H
#define KAOPING_CLI_INT_H
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "domain/campaign.h"
#include "store/store.h"
#include "core/util.h"

/* One option a command takes, declared in commands.c's table beside the
 * command's forms: cli_main parses the arguments against it, `kaoping help
 * X` lists it, and the docs' option tables are made from it. */
struct option {
	const char *name; /* "--unit" */
	const char *arg;  /* the value's name ("UNIT"); NULL: a flag */
	/* The subcommands it goes with, space-separated ("add attach"; "-" is
	 * the form without a subcommand, as `draw --count N`); NULL: every
	 * form. Given with another form, cli_main refuses it. */
	const char *with;
	const char *help; /* what it does, one line */
	bool repeats;     /* may be given again: opt_all has every value */
};

/* One form of a command: its synopsis after "kaoping " and what it does. */
struct synopsis {
	const char *line, *summary;
};

struct ctx;

/* A command of the table in commands.c. */
struct command {
	const char *name;
	/* Runs the command with its positional arguments; the options are
	 * parsed against OPTIONS into X (opt_get) before. */
	int (*run)(struct ctx *x, int argc, char **argv);
	int args;                     /* the most positional arguments it takes */
	const struct option *options; /* ended by a NULL name; NULL: none */
	const struct synopsis *forms; /* ended by a NULL line */
	const char *help;
};

/* The table: every command, in the order help lists them. */
extern const struct command cli_commands[];
extern const int cli_ncommands;

/* What was given for one declared option. */
struct opt_value {
	const char *value; /* the last value; flags get "1"; NULL: not given */
	const char **all;  /* every value, in order (REPEATS options) */
	int n;
};

/* Settings every command sees. */
struct ctx {
	const char *db;
	bool json;
	const char *by; /* default actor: $KAOPING_USER, $USER or "cli" */
	struct kp_error err;
	/* The command's declared options and what was given for each (set by
	 * cli_main before the handler runs; read them with opt_get …). */
	const struct option *options;
	struct opt_value *values;
};

/* Splits ARGV into positional arguments (at most MAXARGS, into POS) and
 * the options declared in OPTIONS (ended by a NULL name), whose values go
 * to VALUES (one per option, zeroed by the caller; free with
 * opt_values_free). "--" ends the options. Unknown options, missing or
 * unwanted values and too many arguments are usage errors (KP_R_USAGE). */
int opt_parse(const struct option *options, int maxargs, int argc, char **argv, char **pos, int *npos,
	      struct opt_value *values, struct kp_error *e);
void opt_values_free(const struct option *options, struct opt_value *values);
/* The value of option NAME, or NULL when it was not given. NAME must be
 * one the command declares (asserted). */
const char *opt_get(const struct ctx *x, const char *name);
/* Every value given for the repeatable option NAME; their number in *N. */
const char *const *opt_all(const struct ctx *x, const char *name, int *n);
/* Option NAME as a whole number from LO to HI into *V (left as it is when
 * the option was not given); KP_EINPUT "NAME: RANGE" otherwise. */
int opt_number(struct ctx *x, const char *name, long lo, long hi, const char *range, long *v);

/* Streams the file at PATH (--file) into the blob store BS as a received
 * blob *F, not kept yet (blob_commit or blob_drop it); KP_EINPUT naming
 * PATH when it cannot be read or is larger than EVIDENCE_MAX_BYTES. */
struct blob_store;
struct blob;
int cli_receive_file(struct blob_store *bs, const char *path, struct blob *f, struct kp_error *e);

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

/* E (an error of command CMD) in the words of the command line, into OUT:
 * the domain's field named as CMD takes it ("from: …" becomes "--from: …"
 * for `group assign`, "key: …" KEY for `setting set`), and where it helps
 * the command that shows what can be given (an unknown unit: `kaoping unit
 * list`). The domain's messages name no flag or command themselves. */
void cli_error_words(const struct command *cmd, const struct kp_error *e, struct strbuf *out);

/* The papers (cli_papers.c). --format as a paper format: 1 when it is
 * xlsx or pdf (and --output is given, and is no terminal), 0 when it is
 * another or none, -1 with X's error set. */
enum paper_format;
struct doc;
int cli_paper_format(struct ctx *x, enum paper_format *pf);
/* The stream for --output (stdout when it is "-" or not given): FILE.tmpPID
 * beside FILE, *TMP its name; NULL with X's error when it cannot be made. */
FILE *cli_output_open(struct ctx *x, char **tmp);
/* Closes F and moves it to --output when X has no error, else removes it. */
int cli_output_close(struct ctx *x, FILE *f, char *tmp);
/* Writes D (freed) in PF to --output. */
int cli_paper_write(struct ctx *x, struct doc *d, enum paper_format pf);

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
/* Where `rubric import` reads a rubric that is not JSON. */
enum rubric_source { RUBRIC_FROM_TEXT, RUBRIC_FROM_DOCX, RUBRIC_FROM_XLSX };
int cmd_rubric_from_text(struct ctx *x, store *s, struct campaign *c, enum rubric_source src, const char *path,
			 bool dry_run);

/* -- deadlines -- */
int cmd_due(struct ctx *x, int argc, char **argv);
int cmd_messages(struct ctx *x, int argc, char **argv);
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

/* -- the inspection package (cli_package.c) -- */
int cmd_package(struct ctx *x, int argc, char **argv);

/* -- campaign years -- */
int cmd_campaign(struct ctx *x, int argc, char **argv);

#endif
