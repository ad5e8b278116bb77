/* messages.c — in-app messages (站内消息) written with the events that
 * cause them, the deadline reminders' sweep, 一键催办, and the outbound
 * hook's queue, delivery (a command or curl, never a shell) and log. */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "domain/audit.h"
#include "domain/messages.h"
#include "domain/settings.h"
#include "store/sql.h"

extern char **environ;

static const char *const kind_names[MSG__COUNT] = {
	[MSG_SELF_RETURNED] = "self_returned", [MSG_CASE_OPENED] = "case_opened",
	[MSG_CASE_REPORTED] = "case_reported", [MSG_CASE_RETURNED] = "case_returned",
	[MSG_CASE_ESCALATED] = "case_escalated", [MSG_CASE_CLOSED] = "case_closed",
	[MSG_DUE_3] = "due_3", [MSG_DUE_1] = "due_1", [MSG_DUE_PASSED] = "due_passed",
	[MSG_DRAW] = "draw", [MSG_REMINDER] = "reminder",
};

const char *messages_kind_name(int kind)
{
	return kind >= 0 && kind < MSG__COUNT ? kind_names[kind] : NULL;
}

int messages_kind_parse(const char *name)
{
	for (int k = 0; name && k < MSG__COUNT; k++)
		if (!strcmp(kind_names[k], name))
			return k;
	return -1;
}

/* ---- writing ---- */

/* The event as the hook receives it (a new reference). */
static json_t *event_json(const struct campaign *c, const struct message_new *m, json_t *recipients, const char *at)
{
	json_t *j = json_pack("{s:s, s:s, s:s?, s:I, s:I, s:I, s:i, s:s?, s:i, s:s?, s:s}", "event", kind_names[m->kind],
			      "campaign", c->title, "unit", m->unit >= 0 ? c->units.names[m->unit] : NULL, "unit_id",
			      (json_int_t)(m->unit >= 0 ? c->units.ids[m->unit] : 0), "case", (json_int_t)m->case_id, "draw",
			      (json_int_t)m->draw_id, "criterion", m->criterion, "day", m->day, "count", m->count, "note",
			      m->note, "at", at);
	json_object_set(j, "recipients", recipients);
	return j;
}

/* Queues the event for hook_KIND when that setting names a target. */
static int queue_hook(store *s, const struct campaign *c, const struct message_new *m, json_t *recipients,
		      const char *at, struct kp_error *e)
{
	char key[48], *target = NULL;
	snprintf(key, sizeof key, "hook_%s", kind_names[m->kind]);
	if (settings_get_text(s, c->id, key, &target, e))
		return e->code;
	char *t = text_trim(target);
	free(target);
	if (!*t) {
		free(t);
		return 0;
	}
	json_t *j = event_json(c, m, recipients, at);
	char *payload = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	store_stmt *st = store_sql(s, SQL_HOOK_INSERT);
	st_bind_int(st, 1, c->id);
	st_bind_text(st, 2, kind_names[m->kind]);
	st_bind_text(st, 3, t);
	st_bind_text(st, 4, payload);
	st_bind_int(st, 5, now_unix());
	st_bind_text(st, 6, at);
	int rc = st_exec(st, e);
	free(t), free(payload);
	return rc ? e->code : 0;
}

int messages_post(store *s, const struct campaign *c, const struct message_new *m, enum message_to to, int *sent,
		  struct kp_error *e)
{
	assert(m->kind >= 0 && m->kind < MSG__COUNT);
	assert(to == TO_OFFICE || m->unit >= 0);
	int64_t unit_id = m->unit >= 0 ? c->units.ids[m->unit] : 0;
	/* The recipients first (one statement), then a row for each. */
	int64_t *ids = NULL;
	int n = 0;
	json_t *recipients = json_array();
	store_stmt *st = store_sql(s, SQL_MESSAGE_RECIPIENTS);
	st_bind_text(st, 1, to == TO_UNIT ? "unit" : "admin");
	st_bind_int(st, 2, to == TO_UNIT ? unit_id : 0);
	int rc;
	while ((rc = st_step(st, e)) == 1) {
		ids = xrealloc(ids, (size_t)(n + 1) * sizeof *ids);
		ids[n++] = st_int(st, 0);
		json_array_append_new(recipients, json_pack("{s:s, s:s}", "name", st_text(st, 1), "display", st_text(st, 2)));
	}
	char *at = now_utc_iso();
	for (int i = 0; rc == 0 && i < n; i++) {
		st = store_sql(s, SQL_MESSAGE_INSERT);
		st_bind_int(st, 1, ids[i]);
		st_bind_text(st, 2, kind_names[m->kind]);
		st_bind_int(st, 3, unit_id);
		st_bind_int(st, 4, m->case_id);
		st_bind_int(st, 5, m->draw_id);
		st_bind_int(st, 6, m->criterion);
		st_bind_text(st, 7, m->day ? m->day : "");
		st_bind_int(st, 8, m->count);
		st_bind_text(st, 9, m->note ? m->note : "");
		st_bind_text(st, 10, at);
		rc = st_exec(st, e);
	}
	if (rc == 0)
		rc = queue_hook(s, c, m, recipients, at, e);
	if (sent)
		*sent = rc ? 0 : n;
	free(ids), free(at);
	json_decref(recipients);
	return rc ? e->code : 0;
}

/* ---- reading ---- */

int messages_unread(store *s, int64_t account, int64_t *n, struct kp_error *e)
{
	*n = 0;
	store_stmt *st = store_sql(s, SQL_MESSAGE_UNREAD);
	st_bind_int(st, 1, account);
	int rc = st_step(st, e);
	if (rc < 0)
		return e->code;
	if (rc)
		*n = st_int(st, 0);
	st_reset(st);
	return 0;
}

/* The row of SQL_MESSAGE_PAGE or _GET at ST into M. */
static void read_message(store_stmt *st, const struct campaign *c, struct message *m)
{
	m->id = st_int(st, 0);
	m->kind = messages_kind_parse(st_text(st, 1));
	m->unit = st_int(st, 2) ? unitdir_by_id(&c->units, st_int(st, 2)) : -1;
	m->case_id = st_int(st, 3);
	m->draw_id = st_int(st, 4);
	m->criterion = (int)st_int(st, 5);
	snprintf(m->day, sizeof m->day, "%s", st_text(st, 6));
	m->count = (int)st_int(st, 7);
	m->note = xstrdup(st_text(st, 8));
	m->created_at = xstrdup(st_text(st, 9));
	m->read_at = xstrdup(st_text(st, 10));
}

void messages_free_one(struct message *m)
{
	free(m->note), free(m->created_at), free(m->read_at);
	m->note = m->created_at = m->read_at = NULL;
}

void messages_list_free(struct message_list *l)
{
	for (int i = 0; i < l->n; i++)
		messages_free_one(&l->row[i]);
	free(l->row);
	l->row = NULL, l->n = 0;
}

int messages_list(store *s, const struct campaign *c, int64_t account, int64_t below, int limit,
		  struct message_list *l, struct kp_error *e)
{
	memset(l, 0, sizeof *l);
	store_stmt *st = store_sql(s, SQL_MESSAGE_COUNT);
	st_bind_int(st, 1, account);
	int rc = st_step(st, e);
	if (rc < 0)
		return e->code;
	l->total = rc ? st_int(st, 0) : 0;
	st_reset(st);
	st = store_sql(s, SQL_MESSAGE_PAGE);
	st_bind_int(st, 1, account);
	st_bind_int(st, 2, below > 0 ? below : INT64_MAX);
	st_bind_int(st, 3, limit);
	while ((rc = st_step(st, e)) == 1) {
		l->row = xrealloc(l->row, (size_t)(l->n + 1) * sizeof *l->row);
		read_message(st, c, &l->row[l->n++]);
	}
	if (rc < 0) {
		messages_list_free(l);
		return e->code;
	}
	return 0;
}

int messages_get(store *s, const struct campaign *c, int64_t account, int64_t id, struct message *m,
		 struct kp_error *e)
{
	memset(m, 0, sizeof *m);
	store_stmt *st = store_sql(s, SQL_MESSAGE_GET);
	st_bind_int(st, 1, id);
	st_bind_int(st, 2, account);
	int rc = st_step(st, e);
	if (rc < 0)
		return e->code;
	if (!rc)
		return kp_fail(e, KP_EINPUT, "no message #%lld", (long long)id);
	read_message(st, c, m);
	st_reset(st);
	return 0;
}

/* Runs the update ST (bound) in a transaction of its own; *N the rows. */
static int write_alone(store *s, enum store_sql id, int64_t account, int64_t message, int64_t *n,
		       struct kp_error *e)
{
	if (store_begin(s, e))
		return e->code;
	char *at = now_utc_iso();
	store_stmt *st = store_sql(s, id);
	st_bind_int(st, 1, account);
	if (id == SQL_MESSAGE_READ) {
		/* $1 is the message there, $2 the account */
		st_bind_int(st, 1, message);
		st_bind_int(st, 2, account);
		st_bind_text(st, 3, at);
	} else {
		st_bind_text(st, 2, at);
	}
	free(at);
	if (st_exec(st, e)) {
		store_rollback(s);
		return e->code;
	}
	if (n)
		*n = store_changes(s);
	if (store_commit(s, e)) {
		store_rollback(s);
		return e->code;
	}
	return 0;
}

int messages_mark_read(store *s, int64_t account, int64_t id, struct kp_error *e)
{
	return write_alone(s, SQL_MESSAGE_READ, account, id, NULL, e);
}

int messages_mark_all_read(store *s, int64_t account, int64_t *n, struct kp_error *e)
{
	return write_alone(s, SQL_MESSAGE_READ_ALL, account, 0, n, e);
}

/* ---- deadline reminders and 催办 ---- */

/* The step of a reminder DAYS before its day: 0 (2–3 days), 1 (0–1), 2
 * (passed), or -1 (not yet). */
static int reminder_step(int days)
{
	if (days < 0)
		return 2;
	if (days <= 1)
		return 1;
	if (days <= 3)
		return 0;
	return -1;
}

int messages_sweep(store *s, const struct campaign *c, const char *today, const char *by, int *sent,
		   struct kp_error *e)
{
	static const enum message_kind step_kind[] = {MSG_DUE_3, MSG_DUE_1, MSG_DUE_PASSED};
	struct due_list l;
	int done = 0;
	if (sent)
		*sent = 0;
	if (due_collect(s, c, NULL, 0, -1, today, &l, e))
		return e->code;
	bool *seen = xcalloc((size_t)l.n + 1, sizeof *seen);
	char *at = now_utc_iso();
	if (store_begin(s, e))
		goto out;
	for (int i = 0; i < l.n; i++) {
		const struct due_item *it = &l.items[i];
		if (seen[i] || it->light == LIGHT_GREY)
			continue;
		int step = reminder_step(it->days);
		if (step < 0)
			continue;
		/* the unit's other items due that day, not done */
		int count = 0;
		for (int k = i; k < l.n && l.items[k].unit == it->unit; k++)
			if (!seen[k] && l.items[k].light != LIGHT_GREY && !strcmp(l.items[k].due, it->due)) {
				seen[k] = true;
				count++;
			}
		store_stmt *st = store_sql(s, SQL_REMINDER_MARK);
		st_bind_int(st, 1, c->units.ids[it->unit]);
		st_bind_text(st, 2, it->due);
		st_bind_int(st, 3, step);
		st_bind_text(st, 4, at);
		if (st_exec(st, e))
			goto fail;
		if (store_changes(s) != 1)
			continue; /* sent before */
		struct message_new m = {.kind = step_kind[step], .unit = it->unit, .day = it->due, .count = count};
		if (messages_post(s, c, &m, TO_UNIT, NULL, e))
			goto fail;
		done++;
	}
	if (done) {
		char *detail = xasprintf("%d reminders as of %s", done, l.today);
		int rc = audit_log(s, by, "messages.sweep", l.today, detail, e);
		free(detail);
		if (rc)
			goto fail;
	}
	if (store_commit(s, e))
		goto fail;
	if (sent)
		*sent = done;
	goto out;
fail:
	store_rollback(s);
out:
	free(seen), free(at);
	due_list_free(&l);
	return e->code;
}

int messages_remind_red(store *s, const struct campaign *c, const char *by, int *units, struct kp_error *e)
{
	struct due_list l;
	int done = 0;
	*units = 0;
	if (due_collect(s, c, NULL, 0, -1, NULL, &l, e))
		return e->code;
	/* Each unit's red items and the earliest of their days, in one pass. */
	int *red = xcalloc((size_t)c->units.n + 1, sizeof *red);
	const char **first = xcalloc((size_t)c->units.n + 1, sizeof *first);
	for (int i = 0; i < l.n; i++) {
		const struct due_item *it = &l.items[i];
		if (it->light != LIGHT_RED)
			continue;
		red[it->unit]++;
		if (!first[it->unit] || strcmp(it->due, first[it->unit]) < 0)
			first[it->unit] = it->due;
	}
	if (store_begin(s, e))
		goto out;
	for (int u = 0; u < c->units.n; u++) {
		if (!red[u])
			continue;
		struct message_new m = {.kind = MSG_REMINDER, .unit = u, .day = first[u], .count = red[u]};
		int sent;
		if (messages_post(s, c, &m, TO_UNIT, &sent, e))
			goto fail;
		char *detail = xasprintf("%d overdue items as of %s; %d clerks told", red[u], l.today, sent);
		int rc = audit_log(s, by, "due.remind", c->units.names[u], detail, e);
		free(detail);
		if (rc)
			goto fail;
		done++;
	}
	if (store_commit(s, e))
		goto fail;
	*units = done;
	goto out;
fail:
	store_rollback(s);
out:
	free(red), free(first);
	due_list_free(&l);
	return e->code;
}

/* ---- the outbound hook ---- */

/* How long one try may run, and how long a claimed delivery is held from
 * another process trying it too. */
#define HOOK_RUN_SECONDS 20
#define HOOK_LEASE_SECONDS 120

int messages_prune(store *s, const struct campaign *c, int64_t now, const char *by, int *messages, int *deliveries,
		   struct kp_error *e)
{
	int64_t days;
	if (messages)
		*messages = 0;
	if (deliveries)
		*deliveries = 0;
	if (settings_get(s, c->id, "messages_keep_days", &days, e))
		return e->code;
	if (days == 0)
		return 0;
	char before[21];
	seconds_iso(now - days * 86400, before);
	if (store_begin(s, e))
		return e->code;
	store_stmt *st = store_sql(s, SQL_MESSAGE_PRUNE);
	st_bind_text(st, 1, before);
	if (st_exec(st, e))
		goto fail;
	int64_t gone_messages = store_changes(s);
	st = store_sql(s, SQL_HOOK_PRUNE);
	st_bind_int(st, 1, c->id);
	st_bind_text(st, 2, before);
	if (st_exec(st, e))
		goto fail;
	int64_t gone_hooks = store_changes(s);
	if (gone_messages || gone_hooks) {
		char subject[48], *detail;
		snprintf(subject, sizeof subject, "older than %lld days", (long long)days);
		detail = xasprintf("%lld read messages, %lld hook deliveries (before %s)", (long long)gone_messages,
				   (long long)gone_hooks, before);
		int rc = audit_log(s, by, "messages.prune", subject, detail, e);
		free(detail);
		if (rc)
			goto fail;
	}
	if (store_commit(s, e))
		goto fail;
	if (messages)
		*messages = (int)gone_messages;
	if (deliveries)
		*deliveries = (int)gone_hooks;
	return 0;
fail:
	store_rollback(s);
	return e->code;
}

/* The longest hook target (the settings' declared length). */
#define HOOK_TARGET_MAX 1000

int messages_hook_check(const char *target, struct kp_error *e)
{
	size_t len = strlen(target);
	if (len > HOOK_TARGET_MAX)
		return kp_fail_at(e, KP_EINPUT, KP_R_TOO_LONG, "target", 0, HOOK_TARGET_MAX,
				  "target: at most %d bytes, not %zu", HOOK_TARGET_MAX, len);
	for (const char *p = target; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return kp_fail_at(e, KP_EINPUT, KP_R_FORMAT, "target", 0, 0, "target: give it on one line");
	if (!utf8_valid(target, len))
		return kp_fail_at(e, KP_EINPUT, KP_R_FORMAT, "target", 0, 0, "target: not valid UTF-8");
	if (!*target)
		return 0;
	size_t scheme = !strncmp(target, "http://", 7) ? 7 : !strncmp(target, "https://", 8) ? 8 : 0;
	if (scheme) {
		const char *host = target + scheme;
		if (!*host || *host == '/' || *host == ':' || strpbrk(target, " \t"))
			return kp_fail_at(e, KP_EINPUT, KP_R_FORMAT, "target", 0, 0,
					  "target: \"%s\" is not a URL (http://HOST/… without spaces)", target);
		return 0;
	}
	if (strstr(target, "://"))
		return kp_fail_at(e, KP_EINPUT, KP_R_FORMAT, "target", 0, 0,
				  "target: only http:// and https:// URLs are posted to, not \"%s\"", target);
	if (*target == '-')
		return kp_fail_at(e, KP_EINPUT, KP_R_FORMAT, "target", 0, 0,
				  "target: a command starts with the program, not an option (\"%s\")", target);
	return 0;
}

int messages_hooks_get(store *s, const struct campaign *c, char *targets[MSG__COUNT], struct kp_error *e)
{
	for (int k = 0; k < MSG__COUNT; k++)
		targets[k] = NULL;
	for (int k = 0; k < MSG__COUNT; k++) {
		char key[48], *t;
		snprintf(key, sizeof key, "hook_%s", kind_names[k]);
		if (settings_get_text(s, c->id, key, &t, e)) {
			for (int j = 0; j < k; j++)
				free(targets[j]), targets[j] = NULL;
			return e->code;
		}
		targets[k] = text_trim(t);
		free(t);
	}
	return 0;
}

int messages_hook_set(store *s, const struct campaign *c, int kind, const char *target, const char *by,
		      struct kp_error *e)
{
	if (kind < 0 || kind >= MSG__COUNT)
		return kp_fail_at(e, KP_EINPUT, KP_R_UNKNOWN, "event", 0, 0, "event: no such kind of event");
	char key[48], *t = text_trim(target ? target : "");
	snprintf(key, sizeof key, "hook_%s", kind_names[kind]);
	if (!messages_hook_check(t, e))
		settings_set_committed(s, c->id, key, t, by, e);
	free(t);
	return e->code;
}

/* TARGET as an argument vector (owned strings, NULL-terminated): an
 * http(s):// URL becomes curl posting standard input as JSON; anything
 * else is split on spaces and tabs, the first word the program. */
static char **hook_argv(const char *target)
{
	int n = 0;
	char **argv = NULL;
	if (!strncmp(target, "http://", 7) || !strncmp(target, "https://", 8)) {
		const char *curl[] = {"curl", "-sS", "-f", "-m", "15", "-X", "POST", "-H",
				      "Content-Type: application/json", "--data-binary", "@-", "--", target};
		n = (int)(sizeof curl / sizeof *curl);
		argv = xcalloc((size_t)n + 1, sizeof *argv);
		for (int i = 0; i < n; i++)
			argv[i] = xstrdup(curl[i]);
		return argv;
	}
	const char *p = target;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		const char *w = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		argv = xrealloc(argv, (size_t)(n + 2) * sizeof *argv);
		argv[n++] = xstrndup(w, (size_t)(p - w));
	}
	if (!argv)
		argv = xcalloc(1, sizeof *argv);
	argv[n] = NULL;
	return argv;
}

static void strv_free(char **v)
{
	for (int i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* The environment of a hook: ours, and KAOPING_EVENT, KAOPING_UNIT … from
 * the event's JSON. */
static char **hook_env(json_t *ev, int64_t id, int attempt)
{
	int n = 0;
	while (environ[n])
		n++;
	char **env = xcalloc((size_t)n + 16, sizeof *env);
	int k = 0;
	for (int i = 0; i < n; i++)
		if (strncmp(environ[i], "KAOPING_", 8))
			env[k++] = xstrdup(environ[i]);
	static const char *const keys[][2] = {{"event", "KAOPING_EVENT"}, {"unit", "KAOPING_UNIT"},
					      {"unit_id", "KAOPING_UNIT_ID"}, {"case", "KAOPING_CASE"},
					      {"draw", "KAOPING_DRAW"},       {"criterion", "KAOPING_CRITERION"},
					      {"day", "KAOPING_DAY"},          {"count", "KAOPING_COUNT"},
					      {"note", "KAOPING_NOTE"},        {"campaign", "KAOPING_CAMPAIGN"}};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		json_t *v = json_object_get(ev, keys[i][0]);
		if (json_is_string(v))
			env[k++] = xasprintf("%s=%s", keys[i][1], json_string_value(v));
		else if (json_is_integer(v))
			env[k++] = xasprintf("%s=%lld", keys[i][1], (long long)json_integer_value(v));
	}
	env[k++] = xasprintf("KAOPING_DELIVERY=%lld", (long long)id);
	env[k++] = xasprintf("KAOPING_ATTEMPT=%d", attempt);
	env[k] = NULL;
	return env;
}

/* Runs ARGV with ENV, PAYLOAD on its standard input: HOOK_OK when it
 * exits 0, else how it failed, with *CODE (errno, status or signal) and
 * WHY (the start of its error output). */
static enum hook_fail hook_run(char **argv, char **env, const char *payload, int *code, struct strbuf *why)
{
	*code = 0;
	if (!argv[0]) {
		*code = ENOENT;
		return HOOK_NO_START;
	}
	int in[2], err[2];
	if (pipe(in))
		return *code = errno, HOOK_NO_START;
	if (pipe(err)) {
		*code = errno;
		close(in[0]), close(in[1]);
		return HOOK_NO_START;
	}
	fcntl(in[1], F_SETFD, FD_CLOEXEC);
	fcntl(err[0], F_SETFD, FD_CLOEXEC);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, err[1], 2);
	posix_spawn_file_actions_addclose(&fa, in[0]);
	posix_spawn_file_actions_addclose(&fa, err[1]);
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]), close(err[1]);
	if (rc) {
		close(in[1]), close(err[0]);
		*code = rc;
		return HOOK_NO_START;
	}
	/* The payload is small (a few kB, under a pipe's buffer); a program
	 * that does not read it gets EPIPE, not a signal (ignored here). */
	size_t len = strlen(payload), off = 0;
	while (off < len) {
		ssize_t w = write(in[1], payload + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(in[1]);
	char buf[512];
	size_t got = 0;
	int64_t until = now_unix() + HOOK_RUN_SECONDS;
	bool timed_out = false;
	for (;;) {
		struct pollfd p = {.fd = err[0], .events = POLLIN};
		int64_t left = until - now_unix();
		if (left <= 0) {
			timed_out = true;
			break;
		}
		int r = poll(&p, 1, (int)(left * 1000));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			timed_out = r == 0;
			break;
		}
		char tmp[256];
		ssize_t n = read(err[0], tmp, sizeof tmp);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n && got < sizeof buf - 1; i++)
			buf[got++] = tmp[i];
	}
	close(err[0]);
	buf[got] = 0;
	/* Its error output closed: it has ended, or has yet to within the
	 * time left (a program may close it and go on). */
	int status = 0;
	pid_t w;
	while (!timed_out && ((w = waitpid(pid, &status, WNOHANG)) == 0 || (w < 0 && errno == EINTR))) {
		if (now_unix() >= until)
			timed_out = true;
		else
			usleep(20 * 1000);
	}
	if (timed_out) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (!timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return HOOK_OK;
	char *t = text_trim(buf);
	if (*t && utf8_valid(t, strlen(t)))
		sb_adds(why, t);
	free(t);
	if (timed_out)
		return *code = HOOK_RUN_SECONDS, HOOK_TIMEOUT;
	if (WIFEXITED(status))
		return *code = WEXITSTATUS(status), HOOK_EXIT;
	*code = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	return HOOK_SIGNAL;
}

struct due_delivery {
	int64_t id;
	char *target, *payload;
	int attempts;
};

int messages_deliver(store *s, const struct campaign *c, int64_t now, int *tried, struct kp_error *e)
{
	int64_t attempts_max, retry;
	struct due_delivery *d = NULL;
	int n = 0, done = 0, rc;
	if (tried)
		*tried = 0;
	if (settings_get(s, c->id, "hook_attempts", &attempts_max, e) ||
	    settings_get(s, c->id, "hook_retry_seconds", &retry, e))
		return e->code;
	store_stmt *st = store_sql(s, SQL_HOOK_DUE);
	st_bind_int(st, 1, now);
	st_bind_int(st, 2, 50);
	while ((rc = st_step(st, e)) == 1) {
		d = xrealloc(d, (size_t)(n + 1) * sizeof *d);
		d[n++] = (struct due_delivery){st_int(st, 0), xstrdup(st_text(st, 2)), xstrdup(st_text(st, 3)),
					      (int)st_int(st, 4)};
	}
	if (rc < 0)
		goto out;
	/* A program that stops reading its input must not end kaoping. */
	signal(SIGPIPE, SIG_IGN);
	for (int i = 0; i < n; i++) {
		/* Take it (so another process leaves it), run it outside any
		 * transaction, then record what happened. */
		if (store_begin(s, e))
			goto out;
		st = store_sql(s, SQL_HOOK_CLAIM);
		st_bind_int(st, 1, d[i].id);
		st_bind_int(st, 2, now + HOOK_LEASE_SECONDS);
		st_bind_int(st, 3, now);
		if (st_exec(st, e)) {
			store_rollback(s);
			goto out;
		}
		bool mine = store_changes(s) == 1;
		if (store_commit(s, e)) {
			store_rollback(s);
			goto out;
		}
		if (!mine)
			continue;
		int attempt = d[i].attempts + 1;
		json_t *ev = json_loads(d[i].payload, 0, NULL);
		char **argv = hook_argv(d[i].target), **env = hook_env(ev, d[i].id, attempt);
		struct strbuf why = {0};
		int code;
		enum hook_fail fail = hook_run(argv, env, d[i].payload, &code, &why);
		bool ok = fail == HOOK_OK;
		json_decref(ev);
		strv_free(argv), strv_free(env);
		done++;
		int state = ok ? HOOK_DELIVERED : attempt >= attempts_max ? HOOK_FAILED : HOOK_WAITING;
		int64_t wait = retry;
		for (int k = 1; k < attempt && wait < 86400; k++)
			wait *= 2;
		if (wait > 86400)
			wait = 86400;
		char *at = now_utc_iso();
		if (store_begin(s, e)) {
			free(at), sb_free(&why);
			goto out;
		}
		st = store_sql(s, SQL_HOOK_SET);
		st_bind_int(st, 1, d[i].id);
		st_bind_int(st, 2, state);
		st_bind_int(st, 3, attempt);
		st_bind_int(st, 4, state == HOOK_WAITING ? now + wait : now);
		st_bind_text(st, 5, ok ? "" : sb_str(&why));
		st_bind_text(st, 6, state == HOOK_WAITING ? NULL : at);
		st_bind_int(st, 7, fail);
		st_bind_int(st, 8, code);
		char subject[32];
		static const char *const fails[] = {"delivered", "did not start", "exit status", "signal", "timed out"};
		snprintf(subject, sizeof subject, "delivery %lld", (long long)d[i].id);
		char *detail = xasprintf("attempt %d: %s %d", attempt, fails[fail], code);
		rc = st_exec(st, e) || audit_log(s, "kaoping", ok ? "hook.deliver" : "hook.fail", subject, detail, e) ||
		     store_commit(s, e);
		free(detail), free(at), sb_free(&why);
		if (rc) {
			store_rollback(s);
			goto out;
		}
	}
out:
	for (int i = 0; i < n; i++)
		free(d[i].target), free(d[i].payload);
	free(d);
	if (tried)
		*tried = done;
	return e->code;
}

void messages_hook_log_free(struct hook_log *l)
{
	for (int i = 0; i < l->n; i++) {
		struct hook_delivery *h = &l->row[i];
		free(h->target), free(h->last_error), free(h->created_at), free(h->done_at);
	}
	free(l->row);
	l->row = NULL, l->n = 0;
}

int messages_hook_log(store *s, const struct campaign *c, int64_t below, int limit, struct hook_log *l,
		      struct kp_error *e)
{
	memset(l, 0, sizeof *l);
	store_stmt *st = store_sql(s, SQL_HOOK_PAGE);
	st_bind_int(st, 1, c->id);
	st_bind_int(st, 2, below > 0 ? below : INT64_MAX);
	st_bind_int(st, 3, limit);
	int rc;
	while ((rc = st_step(st, e)) == 1) {
		l->row = xrealloc(l->row, (size_t)(l->n + 1) * sizeof *l->row);
		l->row[l->n++] = (struct hook_delivery){
			.id = st_int(st, 0),
			.kind = messages_kind_parse(st_text(st, 1)),
			.target = xstrdup(st_text(st, 2)),
			.state = (int)st_int(st, 3),
			.attempts = (int)st_int(st, 4),
			.next_at = st_int(st, 5),
			.last_error = xstrdup(st_text(st, 6)),
			.created_at = xstrdup(st_text(st, 7)),
			.done_at = xstrdup(st_text(st, 8)),
			.fail = (int)st_int(st, 9),
			.fail_code = (int)st_int(st, 10),
		};
	}
	if (rc < 0) {
		messages_hook_log_free(l);
		return e->code;
	}
	return 0;
}

/* ---- printing ---- */

static const struct column message_cols[] = {
	{"id", "编号", true},        {"kind", "类别", false},  {"unit", "单位", false},
	{"case", "督办事项", true},  {"draw", "抽查", true},   {"criterion", "测评内容", true},
	{"day", "日期", false},      {"count", "项数", true},  {"note", "说明", false},
	{"created_at", "时间", false}, {"read", "已读", false},
};

void messages_print(const struct campaign *c, const struct message_list *l, enum out_format fmt, FILE *out)
{
	int ncols = (int)(sizeof message_cols / sizeof *message_cols);
	struct table *t = table_new(out, fmt, message_cols, ncols);
	int zone = zone_offset(c->timezone);
	for (int i = 0; i < l->n; i++) {
		const struct message *m = &l->row[i];
		struct cell row[] = {
			{CELL_INT, NULL, m->id},
			{CELL_TEXT, m->kind >= 0 ? kind_names[m->kind] : "?", 0},
			m->unit >= 0 ? (struct cell){CELL_TEXT, c->units.names[m->unit], 0} : (struct cell){CELL_NULL, NULL, 0},
			m->case_id ? (struct cell){CELL_INT, NULL, m->case_id} : (struct cell){CELL_NULL, NULL, 0},
			m->draw_id ? (struct cell){CELL_INT, NULL, m->draw_id} : (struct cell){CELL_NULL, NULL, 0},
			m->criterion ? (struct cell){CELL_INT, NULL, m->criterion} : (struct cell){CELL_NULL, NULL, 0},
			*m->day ? (struct cell){CELL_TEXT, m->day, 0} : (struct cell){CELL_NULL, NULL, 0},
			{CELL_INT, NULL, m->count},
			{CELL_TEXT, m->note, 0},
			{CELL_TIME, m->created_at, zone},
			{CELL_BOOL, NULL, *m->read_at != 0},
		};
		table_row(t, row);
	}
	table_end(t);
}
