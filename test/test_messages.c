/* test_messages.c — in-app messages (站内消息) and the outbound hook,
 * through the real binary: each event tells the right people only (a
 * unit's clerk never gets another unit's message, nor reaches one by its
 * number); the header's unread count and 全部标为已读; deadline reminders
 * sent once per unit, day and step as KAOPING_TODAY walks the calendar;
 * the hook's command run without a shell, retried and logged; 批量立案
 * all or nothing through the rules' own checks; 一键催办. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#include "testutil.h"
#include "core/util.h"

#define KP(...) run_kaoping(NULL, (const char *const[]){"--db", db, __VA_ARGS__, NULL})

/* Account NAME's messages as JSON (a new reference). */
static json_t *messages_of(const char *name)
{
	struct run r = KP("messages", "list", "--user", name, "--limit", "1000", "--format", "json");
	assert_int_equal(r.status, 0);
	json_t *j = json_loads(r.out, 0, NULL);
	assert_non_null(j);
	run_free(&r);
	return j;
}

/* How many of account NAME's messages are of KIND (and, DAY not NULL, name that day). */
static int count_kind(const char *name, const char *kind, const char *day)
{
	json_t *j = messages_of(name), *m;
	size_t i;
	int n = 0;
	json_array_foreach(j, i, m)
	{
		if (strcmp(json_string_value(json_object_get(m, "kind")), kind))
			continue;
		if (day && (!json_is_string(json_object_get(m, "day")) ||
			    strcmp(json_string_value(json_object_get(m, "day")), day)))
			continue;
		n++;
	}
	json_decref(j);
	return n;
}

/* The id of account NAME's newest message of KIND, or 0. */
static long long newest_of(const char *name, const char *kind)
{
	json_t *j = messages_of(name), *m;
	size_t i;
	long long id = 0;
	json_array_foreach(j, i, m)
	{
		if (!strcmp(json_string_value(json_object_get(m, "kind")), kind)) {
			id = json_integer_value(json_object_get(m, "id"));
			break;
		}
	}
	json_decref(j);
	return id;
}

static void return_audit_self(const char *reason)
{
	struct run r = KP("score", "submit", "区审计局", "--self");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("score", "return", "区审计局", "--reason", reason);
	assert_int_equal(r.status, 0);
	run_free(&r);
}

static void test_a_returned_self_assessment_tells_that_units_clerks_and_nobody_else(void **state)
{
	(void)state;
	int before = count_kind("gongxin", "self_returned", NULL);
	return_audit_self("佐证材料不全");
	assert_int_equal(count_kind("shenji", "self_returned", NULL), 1);
	assert_int_equal(count_kind("gongxin", "self_returned", NULL), before); /* another unit's clerk */
	assert_int_equal(count_kind("assessor3", "self_returned", NULL), 0);   /* an assessor from that unit */
	assert_int_equal(count_kind("office", "self_returned", NULL), 0);
	/* The clerk's pages: the unread count in the header, the message listed. */
	struct session s = login("shenji");
	struct reply r = get("/units/3", s.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "id=\"unread\">"));
	reply_free(&r);
	r = get("/messages", s.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "办公室退回了区审计局的自评，原因：佐证材料不全"));
	assert_non_null(strstr(r.body, "<strong>未读</strong>"));
	assert_null(strstr(r.body, "self_returned")); /* no internal names on the page */
	reply_free(&r);
	/* The other unit's clerk sees nothing of it, and cannot open it by number. */
	long long id = newest_of("shenji", "self_returned");
	assert_true(id > 0);
	struct session g = login("gongxin");
	r = get("/messages", g.token);
	assert_null(strstr(r.body, "佐证材料不全"));
	reply_free(&r);
	char path[64];
	snprintf(path, sizeof path, "/messages/%lld", id);
	r = get(path, g.token);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	/* The API: each account its own. */
	for (int k = 0; k < 2; k++) {
		struct run t = KP("user", "token", k ? "gongxin" : "shenji");
		char *req = xasprintf("GET /api/v1/messages HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer %.64s\r\n\r\n", t.out);
		run_free(&t);
		struct reply a = http(req);
		free(req);
		assert_int_equal(a.status, 200);
		if (k)
			assert_null(strstr(a.body, "佐证材料不全"));
		else
			assert_non_null(strstr(a.body, "\"kind\":\"self_returned\",\"unit\":\"区审计局\""));
		reply_free(&a);
	}
	/* Following it marks it read and leads to the unit's page. */
	r = get(path, s.token);
	assert_int_equal(r.status, 303);
	char *loc = header(&r, "Location");
	assert_string_equal(loc, "/units/3");
	free(loc);
	reply_free(&r);
	json_t *j = messages_of("shenji"), *m;
	size_t i;
	json_array_foreach(j, i, m) if (json_integer_value(json_object_get(m, "id")) == id)
		assert_true(json_is_true(json_object_get(m, "read")));
	json_decref(j);
	session_free(&s), session_free(&g);
}

/* Rows of the message table on BODY. */
static int rows(const char *body)
{
	int n = 0;
	for (const char *p = body; (p = strstr(p, "<tr class=\"")); p++)
		n++; /* a message row (the header row has no class) */
	return n;
}

static void test_the_message_list_pages_thirty_at_a_time_newest_first(void **state)
{
	(void)state;
	for (int i = 0; i < 31; i++) {
		char reason[32];
		snprintf(reason, sizeof reason, "第%d次退回", i + 1);
		return_audit_self(reason);
	}
	json_t *all = messages_of("shenji");
	int total = (int)json_array_size(all);
	assert_true(total > 30);
	long long thirtieth = json_integer_value(json_object_get(json_array_get(all, 29), "id"));
	json_decref(all);
	struct session s = login("shenji");
	struct reply r = get("/messages", s.token);
	assert_int_equal(rows(r.body), 30);
	char *newest = strstr(r.body, "第31次退回"), *older = strstr(r.body, "第30次退回");
	assert_non_null(newest);
	assert_non_null(older);
	assert_true(newest < older); /* newest first */
	char link[64];
	snprintf(link, sizeof link, "/messages?before=%lld", thirtieth);
	assert_non_null(strstr(r.body, link));
	reply_free(&r);
	r = get(link, s.token);
	assert_int_equal(r.status, 200);
	assert_int_equal(rows(r.body), total - 30);
	assert_null(strstr(r.body, "第31次退回"));
	reply_free(&r);
	r = get("/messages?before=x", s.token);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	session_free(&s);
}

static void test_mark_all_read_needs_the_csrf_field_and_clears_the_count(void **state)
{
	(void)state;
	return_audit_self("请补充");
	struct session s = login("shenji");
	struct reply r = post("/messages/read", s.token, "csrf=wrong");
	assert_int_equal(r.status, 403);
	reply_free(&r);
	r = get("/messages", s.token);
	assert_non_null(strstr(r.body, "全部标为已读"));
	reply_free(&r);
	char *body = xasprintf("csrf=%s", s.csrf);
	r = post("/messages/read", s.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	free(body);
	r = get("/messages", s.token);
	assert_non_null(strstr(r.body, "未读 <span id=\"unread-count\">0</span> 条"));
	assert_null(strstr(r.body, "id=\"unread\""));
	assert_null(strstr(r.body, "全部标为已读"));
	reply_free(&r);
	/* Only one's own: the other clerk's unread messages stay unread. */
	session_free(&s);
}

/* Runs the sweep on TODAY; the number of reminders it says it sent. */
static int sweep_on(const char *today)
{
	setenv("KAOPING_TODAY", today, 1);
	struct run r = KP("messages", "sweep");
	unsetenv("KAOPING_TODAY");
	assert_int_equal(r.status, 0);
	int n = -1;
	assert_int_equal(sscanf(r.out, "%d deadline reminder", &n), 1);
	run_free(&r);
	return n;
}

static void test_deadline_reminders_go_once_per_unit_day_and_step(void **state)
{
	(void)state;
	/* The material deadline is 2024-07-29 (criteria); tasks are due 2024-07-31. */
	assert_int_equal(sweep_on("2024-07-20"), 0);          /* nine days out: nothing yet */
	int first = sweep_on("2024-07-26");                    /* three days out */
	assert_true(first > 0);
	assert_int_equal(sweep_on("2024-07-26"), 0);          /* the same day again */
	assert_int_equal(sweep_on("2024-07-27"), 0);          /* still the same step */
	assert_int_equal(count_kind("shenji", "due_3", "2024-07-29"), 1);
	assert_int_equal(count_kind("shenji", "due_1", "2024-07-29"), 0);
	assert_true(sweep_on("2024-07-28") > 0);              /* one day out: the next step */
	assert_int_equal(sweep_on("2024-07-28"), 0);
	assert_true(sweep_on("2024-08-02") > 0);              /* passed */
	assert_int_equal(sweep_on("2024-08-09"), 0);
	assert_int_equal(count_kind("shenji", "due_3", "2024-07-29"), 1);
	assert_int_equal(count_kind("shenji", "due_1", "2024-07-29"), 1);
	assert_int_equal(count_kind("shenji", "due_passed", "2024-07-29"), 1);
	/* the tasks' day (07-31) was 3 days out on the 28th, passed on 08-02 */
	assert_int_equal(count_kind("shenji", "due_passed", "2024-07-31"), 1);
	/* each unit is told of its own items only */
	json_t *j = messages_of("gongxin"), *m;
	size_t i;
	json_array_foreach(j, i, m) if (json_is_string(json_object_get(m, "unit")))
		assert_string_equal(json_string_value(json_object_get(m, "unit")), "区工信局");
	json_decref(j);
	/* the clerk's page says it in words */
	struct session s = login("shenji");
	struct reply r = get("/messages", s.token);
	assert_non_null(strstr(r.body, "项工作已于 2024-07-29 到期未完成，已逾期。"));
	reply_free(&r);
	session_free(&s);
}

/* Sets KEY to VALUE with the CLI. */
static void set(const char *key, const char *value)
{
	struct run r = KP("setting", "set", key, value);
	if (r.status)
		fail_msg("setting set %s: %s", key, r.err);
	run_free(&r);
}

/* Runs the sweep now; the number of hook deliveries it tried. */
static int deliver(void)
{
	struct run r = KP("messages", "sweep");
	assert_int_equal(r.status, 0);
	int sent, tried = -1;
	assert_int_equal(sscanf(r.out, "%d deadline reminder%*s sent, %d hook", &sent, &tried), 2);
	run_free(&r);
	return tried;
}

static void test_hook_command_gets_the_event_without_a_shell_is_retried_and_logged(void **state)
{
	(void)state;
	/* A gateway that is busy the first time, then takes the event. */
	const char *dir = scratch_dir();
	char script[512], input[512], envlog[512], busy[512], pwned[512], target[1100];
	snprintf(script, sizeof script, "%s/gateway.sh", dir);
	snprintf(input, sizeof input, "%s/input.json", dir);
	snprintf(envlog, sizeof envlog, "%s/env.log", dir);
	snprintf(busy, sizeof busy, "%s/busy", dir);
	snprintf(pwned, sizeof pwned, "%s/pwned", dir);
	char *text = xasprintf("cat > %s\n"
			       "echo \"$KAOPING_EVENT $KAOPING_UNIT $KAOPING_ATTEMPT\" >> %s\n"
			       "if [ ! -e %s ]; then : > %s; echo 网关忙 >&2; exit 3; fi\n",
			       input, envlog, busy, busy);
	write_file(script, text, strlen(text));
	free(text);
	snprintf(target, sizeof target, "/bin/sh %s", script);
	set("hook_self_returned", target);
	set("hook_retry_seconds", "0");
	/* The reason would run a command if anything put it in a shell string. */
	char *reason = xasprintf("$(touch %s) `touch %s`", pwned, pwned);
	return_audit_self(reason);
	assert_int_equal(deliver(), 1); /* tried: busy */
	assert_int_equal(deliver(), 1); /* retried: taken */
	assert_int_equal(deliver(), 0); /* nothing left */
	struct stat sb;
	assert_int_not_equal(stat(pwned, &sb), 0);
	char *got = read_file(input, NULL);
	json_t *j = json_loads(got, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "event")), "self_returned");
	assert_string_equal(json_string_value(json_object_get(j, "unit")), "区审计局");
	assert_string_equal(json_string_value(json_object_get(j, "note")), reason);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "recipients"), 0), "name")),
			    "shenji");
	json_decref(j);
	free(got);
	got = read_file(envlog, NULL);
	assert_string_equal(got, "self_returned 区审计局 1\nself_returned 区审计局 2\n");
	free(got);
	/* A hook that always fails is given up after hook_attempts tries. */
	set("hook_attempts", "2");
	set("hook_case_opened", "/bin/sh -c exit");      /* words, not a shell string: sh -c "exit" exits 0 */
	set("hook_case_closed", "/nonexistent/gateway"); /* cannot start */
	struct run r = KP("case", "open", "区工信局", "--reason", "测试");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("case", "close", "3", "--note", "已核实");
	run_free(&r);
	assert_int_equal(deliver(), 2);
	assert_int_equal(deliver(), 1);
	assert_int_equal(deliver(), 0);
	/* The office's log: delivered after two tries; given up; started fine. */
	struct session o = login("office");
	struct reply p = get("/messages/hooks", o.token);
	assert_int_equal(p.status, 200);
	const char *done = strstr(p.body, "<td class=\"hook-1\"><span class=\"badge");
	assert_non_null(done);
	assert_non_null(strstr(done, "已送达</span></td><td class=\"n\">2</td>"));
	const char *given_up = strstr(p.body, "<td class=\"hook-2\"><span class=\"badge");
	assert_non_null(given_up);
	assert_non_null(strstr(given_up, "已放弃</span></td><td class=\"n\">2</td><td></td>"
					 "<td>无法启动（错误号"));
	assert_non_null(strstr(p.body, "退出码 3：网关忙"));
	/* the log names the way (命令), not the command: its paths are in the
	 * office's own setting above it only */
	assert_non_null(strstr(p.body, "id=\"log\""));
	assert_null(strstr(strstr(p.body, "id=\"log\""), "gateway.sh"));
	reply_free(&p);
	struct session s = login("shenji");
	p = get("/messages/hooks", s.token);
	assert_int_equal(p.status, 403);
	reply_free(&p);
	session_free(&o), session_free(&s);
	free(reason);
	/* every try is in the audit log */
	r = KP("audit", "list");
	assert_non_null(strstr(r.out, "hook.fail"));
	assert_non_null(strstr(r.out, "hook.deliver"));
	run_free(&r);
}

/* The office sets each event's hook on /messages/hooks: a URL or a
 * command, checked (as `setting set` checks it), audited, what was typed
 * kept beside the refusal; only the office, only with the form's token. */
static void test_the_office_sets_each_events_hook_on_the_web_checked_and_audited(void **state)
{
	(void)state;
	struct session o = login("office"), s = login("shenji");
	struct reply p = get("/messages/hooks", o.token);
	assert_int_equal(p.status, 200);
	assert_non_null(strstr(p.body, "<h2 id=\"settings\">外发设置</h2>"));
	assert_non_null(strstr(p.body, "<input type=\"hidden\" name=\"event\" value=\"case_opened\"><p><label>立案督办 "));
	assert_non_null(strstr(p.body, "<input type=\"hidden\" name=\"event\" value=\"due_passed\"><p><label>已逾期 "));
	assert_non_null(strstr(p.body, "未设置"));
	assert_non_null(strstr(p.body, "<a href=\"/messages/hooks\" class=\"here\">外发通知</a>")); /* in the office's menu */
	reply_free(&p);
	char body[512];
	snprintf(body, sizeof body, "csrf=%s&event=case_opened&target=https%%3A%%2F%%2Fsms.example.gov.cn%%2Fsend", o.csrf);
	p = post("/messages/hooks", o.token, body);
	assert_int_equal(p.status, 303);
	reply_free(&p);
	p = get("/messages/hooks?saved=1", o.token);
	assert_non_null(strstr(p.body, "已保存"));
	assert_non_null(strstr(p.body, "value=\"https://sms.example.gov.cn/send\""));
	assert_non_null(strstr(p.body, ">网址</span>"));
	reply_free(&p);
	struct run r = KP("audit", "list");
	assert_non_null(strstr(r.out, "hook_case_opened = https://sms.example.gov.cn/send"));
	run_free(&r);
	/* refused: said beside the field, what was typed kept, nothing changed */
	char *before = store_fingerprint(db);
	snprintf(body, sizeof body, "csrf=%s&event=draw&target=ftp%%3A%%2F%%2Fgateway", o.csrf);
	p = post("/messages/hooks", o.token, body);
	assert_int_equal(p.status, 400);
	const char *form = strstr(p.body, "value=\"draw\"");
	assert_non_null(form);
	assert_non_null(strstr(form, "value=\"ftp://gateway\""));
	assert_non_null(strstr(form, "<span class=\"field-error\" role=\"alert\">请填写以 http:// 或 https:// 开头"));
	reply_free(&p);
	snprintf(body, sizeof body, "csrf=%s&event=http%%3A%%2F%%2F&target=x", o.csrf);
	p = post("/messages/hooks", o.token, body);
	assert_int_equal(p.status, 400);
	assert_non_null(strstr(p.body, "没有这个消息类别"));
	reply_free(&p);
	snprintf(body, sizeof body, "csrf=%s&event=case_opened&target=%%2Fbin%%2Ftrue", s.csrf);
	p = post("/messages/hooks", s.token, body);
	assert_int_equal(p.status, 403);
	reply_free(&p);
	p = post("/messages/hooks", o.token, "event=case_opened&target=%2Fbin%2Ftrue");
	assert_int_equal(p.status, 403); /* no token */
	reply_free(&p);
	r = KP("setting", "set", "hook_draw", "-bad");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "VALUE: a command starts with the program"));
	run_free(&r);
	char *after = store_fingerprint(db);
	assert_string_equal(before, after);
	free(before), free(after);
	/* a command, then removed again */
	snprintf(body, sizeof body, "csrf=%s&event=case_opened&target=%%2Fusr%%2Flocal%%2Fbin%%2Fsms+--to+office", o.csrf);
	p = post("/messages/hooks", o.token, body);
	assert_int_equal(p.status, 303);
	reply_free(&p);
	p = get("/messages/hooks", o.token);
	assert_non_null(strstr(p.body, ">命令</span>"));
	reply_free(&p);
	snprintf(body, sizeof body, "csrf=%s&event=case_opened&target=", o.csrf);
	p = post("/messages/hooks", o.token, body);
	assert_int_equal(p.status, 303);
	reply_free(&p);
	r = KP("--json", "setting", "list");
	json_t *j = json_loads(r.out, 0, NULL), *v;
	size_t i;
	json_array_foreach(j, i, v) if (!strcmp(json_string_value(json_object_get(v, "key")), "hook_case_opened"))
		assert_string_equal(json_string_value(json_object_get(v, "value")), "");
	json_decref(j);
	run_free(&r);
	session_free(&o), session_free(&s);
}

/* The values of the proposals' ticks on BODY ("UNIT-RULE"), at most MAX. */
static int picks(const char *body, char out[][48], int max)
{
	int n = 0;
	const char *p = body;
	while (n < max && (p = strstr(p, "name=\"pick\" form=\"batch\" value=\""))) {
		p += strlen("name=\"pick\" form=\"batch\" value=\"");
		const char *q = strchr(p, '"');
		snprintf(out[n++], 48, "%.*s", (int)(q - p), p);
	}
	return n;
}

/* Entries of the audit log whose text holds ACTION. */
static int audit_count(const char *action)
{
	struct run a = KP("audit", "list");
	int n = 0;
	for (const char *p = a.out; (p = strstr(p, action)); p++)
		n++;
	run_free(&a);
	return n;
}

static int cases_count(void)
{
	struct run r = KP("case", "list", "--format", "json");
	json_t *j = json_loads(r.out, 0, NULL);
	int n = (int)json_array_size(j);
	json_decref(j);
	run_free(&r);
	return n;
}

static void test_batch_open_opens_every_pick_or_none(void **state)
{
	(void)state;
	struct session o = login("office");
	struct reply r = get("/cases", o.token);
	char pick[8][48];
	int n = picks(r.body, pick, 8);
	assert_true(n >= 3);
	assert_non_null(strstr(r.body, "批量立案"));
	reply_free(&r);
	int before = cases_count(), opens_before = audit_count("case.open");
	int gongxin = count_kind("gongxin", "case_opened", NULL);
	/* A pick the rules do not make fails the whole batch: nothing opened. */
	char *fp = store_fingerprint(db);
	int unit_len = (int)(strchr(pick[0], '-') - pick[0]);
	char *body = xasprintf("csrf=%s&pick=%s&pick=%.*s-manual", o.csrf, pick[2], unit_len, pick[0]);
	r = post("/cases/batch", o.token, body);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	free(body);
	char *fp2 = store_fingerprint(db);
	assert_string_equal(fp, fp2);
	free(fp), free(fp2);
	/* Two picks: two cases in one go, each audited. */
	body = xasprintf("csrf=%s&pick=%s&pick=%s", o.csrf, pick[0], pick[1]);
	r = post("/cases/batch", o.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	assert_int_equal(cases_count(), before + 2);
	/* Again: both are opened now, so the rules no longer propose them. */
	r = post("/cases/batch", o.token, body);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	free(body);
	assert_int_equal(cases_count(), before + 2);
	assert_int_equal(audit_count("case.open"), opens_before + 2);
	/* The unit of each case is told (区工信局's clerk, when its case is one of them). */
	bool gx = !strncmp(pick[0], "6-", 2) || !strncmp(pick[1], "6-", 2);
	assert_int_equal(count_kind("gongxin", "case_opened", NULL), gongxin + (gx ? 1 : 0));
	/* Only the office may: and CSRF is checked. */
	r = post("/cases/batch", o.token, "csrf=x&pick=1-manual");
	assert_int_equal(r.status, 403);
	reply_free(&r);
	session_free(&o);
}

static void test_remind_every_red_unit_tells_their_clerks_and_is_audited(void **state)
{
	(void)state;
	setenv("KAOPING_TODAY", "2024-08-05", 1); /* everything not done is overdue */
	struct session o = login("office");
	struct reply r = get("/due", o.token);
	assert_non_null(strstr(r.body, "一键催办"));
	reply_free(&r);
	char *body = xasprintf("csrf=%s", o.csrf);
	r = post("/due/remind", o.token, body);
	free(body);
	assert_int_equal(r.status, 303);
	char *loc = header(&r, "Location");
	int n = 0;
	assert_int_equal(sscanf(loc, "/due?reminded=%d", &n), 1);
	assert_true(n > 1);
	free(loc);
	reply_free(&r);
	unsetenv("KAOPING_TODAY");
	assert_int_equal(count_kind("shenji", "reminder", NULL), 1);
	assert_int_equal(count_kind("gongxin", "reminder", NULL), 1);
	assert_int_equal(audit_count("due.remind"), n);
	/* A clerk cannot. */
	struct session s = login("shenji");
	body = xasprintf("csrf=%s", s.csrf);
	r = post("/due/remind", s.token, body);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	free(body);
	session_free(&s), session_free(&o);
}

static void test_a_published_draw_tells_the_units_it_names(void **state)
{
	(void)state;
	struct run r = KP("draw", "--count", "1", "--units", "区审计局", "--seed", "t1");
	assert_int_equal(r.status, 0);
	run_free(&r);
	assert_int_equal(count_kind("shenji", "draw", NULL), 0); /* not published yet */
	r = KP("draw", "publish", "1");
	assert_int_equal(r.status, 0);
	run_free(&r);
	assert_int_equal(count_kind("shenji", "draw", NULL), 1);
	assert_int_equal(count_kind("gongxin", "draw", NULL), 0);
	r = KP("draw", "--count", "1", "--units", "区工信局", "--seed", "t2", "--publish");
	assert_int_equal(r.status, 0);
	run_free(&r);
	assert_int_equal(count_kind("gongxin", "draw", NULL), 1);
	assert_int_equal(count_kind("shenji", "draw", NULL), 1);
}

/* Starts `kaoping serve` on DB at LISTEN_AT with ENV_ADD ("NAME=value")
 * added to the environment; returns its process id. */
static pid_t serve(const char *listen_at, const char *env_add)
{
	const char *bin = getenv("KAOPING_BIN") ? getenv("KAOPING_BIN") : "./kaoping";
	char *argv[] = {(char *)bin, "--db", (char *)db, "serve", "--listen", (char *)listen_at, "--threads", "1", NULL};
	size_t n = 0;
	while (environ[n])
		n++;
	char **envp = xcalloc(n + 2, sizeof *envp);
	memcpy(envp, environ, n * sizeof *envp);
	envp[n] = (char *)env_add;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	assert_int_equal(posix_spawn(&pid, bin, &fa, NULL, argv, envp), 0);
	posix_spawn_file_actions_destroy(&fa);
	free(envp);
	return pid;
}

static void test_the_server_sends_reminders_at_start_and_delivers_their_hook_in_the_background(void **state)
{
	(void)state;
	const char *dir = scratch_dir();
	char got[512], target[600], listen_at[32];
	snprintf(got, sizeof got, "%s/got.json", dir);
	snprintf(target, sizeof target, "/usr/bin/tee %s", got);
	set("hook_due_3", target);
	snprintf(listen_at, sizeof listen_at, "127.0.0.1:%d", 40000 + (int)(getpid() % 20000));
	pid_t pid = serve(listen_at, "KAOPING_TODAY=2024-07-26"); /* three days before the material deadline */
	/* No request is made: the reminders go out at start, and the hook
	 * of each within a few seconds. */
	struct stat sb;
	for (int i = 0; i < 300 && (stat(got, &sb) || sb.st_size == 0); i++)
		usleep(50000);
	kill(pid, SIGTERM);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0); /* stopped cleanly */
	char *text = read_file(got, NULL);
	assert_non_null(strstr(text, "\"event\":\"due_3\""));
	assert_non_null(strstr(text, "\"day\":\"2024-07-29\""));
	free(text);
	assert_int_equal(count_kind("shenji", "due_3", "2024-07-29"), 1);
}

/* Marks every message of the clerk shenji read (as of KAOPING_NOW). */
static void read_all_of_shenji(void)
{
	struct session s = login("shenji");
	char *body = xasprintf("csrf=%s", s.csrf);
	struct reply r = post("/messages/read", s.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	free(body);
	session_free(&s);
}

/* The `messages sweep` line's counts of what was pruned. */
static void sweep_pruned(int *messages, int *hooks)
{
	struct run r = KP("messages", "sweep");
	assert_int_equal(r.status, 0);
	const char *p = strstr(r.out, "tried, ");
	if (!p || sscanf(p, "tried, %d read message%*s and %d hook", messages, hooks) != 2)
		fail_msg("%s", r.out);
	run_free(&r);
}

/* Messages read more than messages_keep_days ago (180) are deleted, with
 * the hook's log of deliveries done that long ago, by `messages sweep` and
 * by the server's background sweep: one audit entry per sweep that
 * deleted anything; unread messages and waiting deliveries stay. */
static void test_read_messages_and_the_hooks_old_log_are_pruned_after_the_days_kept(void **state)
{
	(void)state;
	int64_t now = (int64_t)time(NULL);
	char then[48];
	snprintf(then, sizeof then, "%lld", (long long)(now - 200 * 86400)); /* 200 days ago */
	set("hook_self_returned", "/bin/true");
	setenv("KAOPING_NOW", then, 1);
	return_audit_self("第一次退回");
	assert_int_equal(deliver(), 1); /* delivered 200 days ago */
	read_all_of_shenji();
	return_audit_self("第二次退回"); /* unread, however old */
	unsetenv("KAOPING_NOW");
	assert_int_equal(count_kind("shenji", "self_returned", NULL), 2);
	int gone, hooks;
	sweep_pruned(&gone, &hooks); /* the second delivery goes now, and is kept */
	assert_true(gone >= 1);
	assert_int_equal(hooks, 1);
	assert_int_equal(count_kind("shenji", "self_returned", NULL), 1);
	assert_int_equal(audit_count("messages.prune"), 1);
	struct run r = KP("audit", "list");
	assert_non_null(strstr(r.out, "older than 180 days"));
	run_free(&r);
	struct session o = login("office");
	struct reply p = get("/messages/hooks", o.token);
	assert_non_null(strstr(p.body, "已送达"));
	reply_free(&p);
	session_free(&o);
	/* nothing more to prune: no entry */
	sweep_pruned(&gone, &hooks);
	assert_int_equal(gone + hooks, 0);
	assert_int_equal(audit_count("messages.prune"), 1);
	/* 0 keeps everything */
	read_all_of_shenji();
	set("messages_keep_days", "0");
	snprintf(then, sizeof then, "KAOPING_NOW=%lld", (long long)(now + 400 * 86400));
	setenv("KAOPING_NOW", then + strlen("KAOPING_NOW="), 1);
	sweep_pruned(&gone, &hooks);
	unsetenv("KAOPING_NOW");
	assert_int_equal(gone + hooks, 0);
	assert_int_equal(count_kind("shenji", "self_returned", NULL), 1);
	/* the server's sweep prunes at its start, 400 days on */
	set("messages_keep_days", "180");
	char listen_at[32];
	snprintf(listen_at, sizeof listen_at, "127.0.0.1:%d", 40000 + (int)((getpid() + 7) % 20000));
	pid_t pid = serve(listen_at, then);
	for (int i = 0; i < 300 && audit_count("messages.prune") < 2; i++)
		usleep(50000);
	kill(pid, SIGTERM);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(audit_count("messages.prune"), 2);
	assert_int_equal(count_kind("shenji", "self_returned", NULL), 0);
}

int main(void)
{
#define D(f) cmocka_unit_test_setup_teardown(f, demo_store, drop_store)
	const struct CMUnitTest tests[] = {
		D(test_a_returned_self_assessment_tells_that_units_clerks_and_nobody_else),
		D(test_mark_all_read_needs_the_csrf_field_and_clears_the_count),
		D(test_the_message_list_pages_thirty_at_a_time_newest_first),
		D(test_deadline_reminders_go_once_per_unit_day_and_step),
		D(test_hook_command_gets_the_event_without_a_shell_is_retried_and_logged),
		D(test_the_office_sets_each_events_hook_on_the_web_checked_and_audited),
		D(test_batch_open_opens_every_pick_or_none),
		D(test_remind_every_red_unit_tells_their_clerks_and_is_audited),
		D(test_a_published_draw_tells_the_units_it_names),
		D(test_the_server_sends_reminders_at_start_and_delivers_their_hook_in_the_background),
		D(test_read_messages_and_the_hooks_old_log_are_pruned_after_the_days_kept),
	};
	return cmocka_run_group_tests_name("messages", tests, NULL, NULL);
}
