/* cli_messages.c — `kaoping messages`: an account's in-app messages, and
 * the sweep cron runs when no server does: the deadline reminders due and
 * the outbound hook's deliveries due. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_int.h"
#include "domain/auth.h"
#include "domain/messages.h"
#include "io/table.h"

static int messages_list_cmd(struct ctx *x, store *s, const struct campaign *c)
{
	const char *user = opt_get(x, "--user"), *v = opt_get(x, "--format");
	enum out_format f = x->json ? OUT_JSON : OUT_TEXT;
	if (v && table_format_parse(v, &f) < 0)
		return kp_fail(&x->err, KP_EINPUT, "--format: \"%s\" is not text, json or csv", v);
	if (!user)
		return cli_usage(x, "give --user NAME");
	long limit = 50;
	if (opt_number(x, "--limit", 1, 10000, "1 to 10000", &limit))
		return x->err.code;
	struct account a;
	if (auth_account_get(s, user, 0, &a, &x->err)) {
		if (x->err.code == KP_EINPUT)
			kp_fail(&x->err, KP_EINPUT, "--user: no account \"%s\"", user);
		return x->err.code;
	}
	struct message_list l;
	if (messages_list(s, c, a.id, 0, (int)limit, &l, &x->err))
		return x->err.code;
	messages_print(c, &l, f, stdout);
	messages_list_free(&l);
	return 0;
}

static int messages_sweep_cmd(struct ctx *x, store *s, const struct campaign *c)
{
	const char *as_of = opt_get(x, "--as-of");
	if (as_of && !date_valid(as_of))
		return kp_fail(&x->err, KP_EINPUT, "--as-of: give a date YYYY-MM-DD, not \"%s\"", as_of);
	int sent = 0, tried = 0, gone = 0, gone_hooks = 0;
	if (messages_sweep(s, c, as_of, x->by, &sent, &x->err) || messages_deliver(s, c, now_unix(), &tried, &x->err) ||
	    messages_prune(s, c, now_unix(), x->by, &gone, &gone_hooks, &x->err))
		return x->err.code;
	printf("%d deadline reminder%s sent, %d hook deliver%s tried, %d read message%s and %d hook log entr%s pruned\n",
	       sent, sent == 1 ? "" : "s", tried, tried == 1 ? "y" : "ies", gone, gone == 1 ? "" : "s", gone_hooks,
	       gone_hooks == 1 ? "y" : "ies");
	return 0;
}

int cmd_messages(struct ctx *x, int argc, char **argv)
{
	const char *sub = argc ? argv[0] : "";
	if (argc != 1 || (strcmp(sub, "list") && strcmp(sub, "sweep")))
		return cli_usage(x, "give list or sweep");
	store *s;
	struct campaign c;
	if (open_campaign(x, &s, &c))
		return x->err.code;
	if (!strcmp(sub, "list"))
		messages_list_cmd(x, s, &c);
	else
		messages_sweep_cmd(x, s, &c);
	close_campaign(s, &c);
	return x->err.code;
}
