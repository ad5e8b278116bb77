/* test_ledger.c — the ledger (台账), recurring duties and complaints: the
 * pure reading of duties from a criterion's text, the verdict at the
 * China-time deadline, and the commands and pages through the real binary
 * (refused input changes nothing, CSV with BOM, a clerk never reaches
 * another unit's entry). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/complaints.h"
#include "domain/duties.h"
#include "core/duty.h"
#include "store/store.h"
#include "testutil.h"
#include "core/util.h"

/* The seed's criteria 4 and 8, as the rubric holds them. */
static const char crit4[] = "把深入持久开展民族团结进步创建工作纳入工作计划，结合业务工作进行安排部署，"
			    "每年专题研究部署民族团结进步创建工作不少于2次（得3分）";
static const char crit8[] = "理论中心组每年至少安排1次民族理论政策专题学习（得4分），干部职工教育培训、集体学习时要"
			    "安排一定学时的民族理论政策学习（得3分）";

/* ---- the pure parts ---- */

static void test_duties_are_read_from_the_seed_criteria_4_and_8(void **state)
{
	(void)state;
	struct duty_found f[4];
	assert_int_equal(duty_find(crit4, f, 4), 1);
	assert_int_equal(f[0].count, 2);
	assert_string_equal(f[0].kind, "专题会议");
	assert_string_equal(f[0].clause, "每年专题研究部署民族团结进步创建工作不少于2次");
	/* Criterion 8: the theory group's study, not a 专题会议; its second
	 * part (培训 without a count) is no duty. */
	assert_int_equal(duty_find(crit8, f, 4), 1);
	assert_int_equal(f[0].count, 1);
	assert_string_equal(f[0].kind, "理论中心组学习");
	assert_string_equal(f[0].clause, "理论中心组每年至少安排1次民族理论政策专题学习");
}

static void test_duty_wording_variants_and_criteria_without_a_duty(void **state)
{
	(void)state;
	struct duty_found f[4];
	static const struct {
		const char *text;
		int count;
		const char *kind;
	} cases[] = {
		{"每年专题研究民族团结进步创建工作不少于两次", 2, "专题会议"},
		{"每年至少3次深入少数民族群众中开展走访慰问", 3, "走访慰问"},
		{"每年组织民族团结进步宣传月活动不少于二次", 2, "宣传月活动"},
		{"每年举办民族政策培训不少于十二次", 12, "培训"},
		{"全年召开专题会议不少于２次", 2, "专题会议"},
		{"每年开展1次节庆联谊", 1, "节庆活动"},
		{"召开专题会议研究部署创建工作，每年不少于一次", 1, "专题会议"}, /* kind in the clause before */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int n = duty_find(cases[i].text, f, 4);
		if (n != 1 || f[0].count != cases[i].count || strcmp(f[0].kind, cases[i].kind))
			fail_msg("\"%s\": %d found, %d of %s", cases[i].text, n, n ? f[0].count : 0, n ? f[0].kind : "-");
	}
	/* No duty: no minimum, a count of points, a minimum of no known kind. */
	static const char *const none[] = {
		"成立创建工作领导小组（得2分），有专人负责创建工作的组织实施，职责分工明确（得2分）",
		"改进民族团结进步宣传载体和方式，深化民族团结进步宣传月活动，充分运用新技术、新媒体，加强“滴灌式”宣传（得5分）",
		"经常组织干部职工深入民族地区、单位联系点和少数民族群众中开展走访慰问活动（得4分）",
		"每年编印宣传册不少于2次",
		"",
	};
	for (size_t i = 0; i < sizeof none / sizeof *none; i++)
		if (duty_find(none[i], f, 4))
			fail_msg("\"%s\": found a duty (%d of %s)", none[i], f[0].count, f[0].kind);
	const char *p = "两次";
	assert_int_equal(duty_number(&p), 2);
	assert_string_equal(p, "次");
	p = "二十三次";
	assert_int_equal(duty_number(&p), 23);
	p = "次";
	assert_int_equal(duty_number(&p), -1);
}

static void test_duty_verdict_turns_to_missed_the_day_after_the_deadline_china_time(void **state)
{
	(void)state;
	assert_int_equal(duty_verdict(2, 2, "2024-12-01", "2024-07-31"), DUTY_MET);
	assert_int_equal(duty_verdict(1, 2, "2024-07-31", "2024-07-31"), DUTY_PENDING);
	assert_int_equal(duty_verdict(1, 2, "2024-08-01", "2024-07-31"), DUTY_MISSED);
	/* Today is the campaign's (China time; test_due checks the day turning
	 * at midnight in Beijing), which a test may fix. */
	struct campaign c = {.timezone = "Asia/Shanghai", .year = 2024};
	char d[16];
	setenv("KAOPING_TODAY", "2024-08-01", 1);
	assert_string_equal(duties_today(&c, d), "2024-08-01");
	unsetenv("KAOPING_TODAY");
	c.timezone = "UTC";
	/* Without a campaign deadline, the year's duties are due at its end. */
	assert_string_equal(duties_deadline(&c, d), "2024-12-31");
	c.deadline = "2024-07-31";
	assert_string_equal(duties_deadline(&c, d), "2024-07-31");
}

/* ---- through the binary ---- */

/* Runs kaoping --db DB with ARGS; returns the run (caller frees). */
static struct run kp(const char *const *args)
{
	const char *argv[24] = {"--db", db};
	int n = 2;
	for (; *args && n < 23; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	return run_kaoping(NULL, argv);
}

/* Expects ARGS to be refused with exit status 2, a message containing
 * WANT, and the store unchanged. */
static void refused(const char *const *args, const char *want)
{
	char *before = store_fingerprint(db);
	struct run r = kp(args);
	if (r.status != 2 || !strstr(r.err, want))
		fail_msg("%s %s: status %d, stderr %s (wanted \"%s\")", args[0], args[1], r.status, r.err, want);
	run_free(&r);
	char *after = store_fingerprint(db);
	assert_string_equal(before, after);
	free(before), free(after);
}

static void test_ledger_input_outside_the_campaign_year_or_invalid_is_refused_and_changes_nothing(void **state)
{
	(void)state;
	const char *pdf = scratch_path("a.pdf"), *fake = scratch_path("fake.pdf");
	write_file(pdf, "%PDF-1.4\n%%EOF\n", 15);
	write_file(fake, "MZ not a pdf", 12);
	refused((const char *const[]){"ledger", "add", "审计局", "--date", "2023-12-31", "--kind", "专题会议", "--title",
				      "会", NULL},
		"date: 2023-12-31 is outside the campaign year 2024");
	refused((const char *const[]){"ledger", "add", "审计局", "--date", "2025-01-01", "--kind", "专题会议", "--title",
				      "会", NULL},
		"outside the campaign year");
	refused((const char *const[]){"ledger", "add", "审计局", "--date", "2024-02-30", "--kind", "专题会议", "--title",
				      "会", NULL},
		"date:");
	refused((const char *const[]){"ledger", "add", "审计局", "--date", "2024-03-01", "--kind", "座谈会", "--title",
				      "会", NULL},
		"kind:");
	refused((const char *const[]){"ledger", "add", "审计局", "--date", "2024-03-01", "--kind", "培训", "--title", "  ",
				      NULL},
		"title: required");
	refused((const char *const[]){"ledger", "add", "审计局", "--date", "2024-03-01", "--kind", "培训", "--title", "会",
				      "--participants", "-3", NULL},
		"participants:");
	refused((const char *const[]){"ledger", "add", "审计局", "--date", "2024-03-01", "--kind", "培训", "--title", "会",
				      "--criteria", "4,12", NULL},
		"criterion 12 does not apply to 区审计局");
	/* A bad second file: the first is not kept either. */
	refused((const char *const[]){"ledger", "add", "审计局", "--date", "2024-03-01", "--kind", "培训", "--title", "会",
				      "--file", pdf, "--file", fake, NULL},
		"is not a real .pdf file");
	/* The same entry with good input is taken, with its file. */
	struct run r = kp((const char *const[]){"ledger", "add", "审计局", "--date", "2024-12-31", "--kind", "培训",
						"--title", "民族政策培训", "--criteria", "4，8", "--file", pdf, NULL});
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "(1 file)"));
	run_free(&r);
	r = kp((const char *const[]){"--json", "ledger", "list", "--kind", "培训", NULL});
	json_error_t je;
	json_t *j = json_loads(r.out, 0, &je);
	assert_int_equal(json_array_size(j), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "criteria")), "4,8");
	json_decref(j);
	run_free(&r);
	/* Every unit's entries, each with its own criteria and files (read for
	 * the whole list at once, matched by entry). */
	r = kp((const char *const[]){"--json", "ledger", "list", NULL});
	j = json_loads(r.out, 0, &je);
	static const char *const want[][2] = {{"4", "0"}, {"6,8", "0"}, {"9", "0"}, {"4,8", "1"}, {"4", "0"}, {"3,4", "0"}, {"15", "0"}};
	assert_int_equal(json_array_size(j), 7);
	for (size_t i = 0; i < 7; i++) {
		json_t *en = json_array_get(j, i);
		char files[8];
		snprintf(files, sizeof files, "%lld", (long long)json_integer_value(json_object_get(en, "files")));
		if (strcmp(json_string_value(json_object_get(en, "criteria")), want[i][0]) || strcmp(files, want[i][1]))
			fail_msg("entry %zu (%s): criteria %s, files %s", i, json_string_value(json_object_get(en, "title")),
				 json_string_value(json_object_get(en, "criteria")), files);
	}
	json_decref(j);
	run_free(&r);
	/* Removal is soft and audited. */
	r = kp((const char *const[]){"ledger", "remove", "7", NULL});
	assert_int_equal(r.status, 0);
	run_free(&r);
	refused((const char *const[]){"ledger", "remove", "7", NULL}, "no ledger entry 7");
	char *fp = store_fingerprint(db);
	assert_non_null(strstr(fp, "ledger.remove"));
	assert_non_null(strstr(fp, "2024-12-31|6|民族政策培训")); /* the row is still there */
	free(fp);
}

static void test_duty_status_met_pending_and_missed_around_the_deadline(void **state)
{
	(void)state;
	/* Demo: rule 1 (criterion 4, 专题会议 >= 2) is confirmed; 区工信局 has
	 * two such meetings, 区审计局 one. The deadline is 2024-07-31. */
	struct run r = kp((const char *const[]){"--json", "duty", "status", "--unit", "审计局", "--today", "2024-07-31", NULL});
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"status\":\"pending\""));
	assert_non_null(strstr(r.out, "\"done\":1"));
	run_free(&r);
	r = kp((const char *const[]){"--json", "duty", "status", "--unit", "审计局", "--today", "2024-08-01", NULL});
	assert_non_null(strstr(r.out, "\"status\":\"missed\""));
	run_free(&r);
	r = kp((const char *const[]){"duty", "status", "--unit", "工信局", "--today", "2024-08-01", NULL});
	assert_non_null(strstr(r.out, "已完成"));
	run_free(&r);
	/* Rule 2 (criterion 8) counts once confirmed: 区审计局 studied once. */
	r = kp((const char *const[]){"duty", "confirm", "2", NULL});
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = kp((const char *const[]){"--json", "duty", "status", "--unit", "审计局", NULL});
	json_error_t je;
	json_t *j = json_loads(r.out, 0, &je);
	assert_int_equal(json_array_size(j), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 1), "status")), "met");
	json_decref(j);
	run_free(&r);
	/* Editing the count makes it short again; propose adds nothing new. */
	r = kp((const char *const[]){"duty", "edit", "2", "--count", "两", NULL});
	assert_int_equal(r.status, 2);
	run_free(&r);
	r = kp((const char *const[]){"duty", "propose", NULL});
	assert_non_null(strstr(r.out, "0 new proposals"));
	run_free(&r);
	refused((const char *const[]){"duty", "add", "--criterion", "4", "--kind", "专题会议", "--count", "3", NULL},
		"already has rule 1");
	refused((const char *const[]){"duty", "confirm", "99", NULL}, "no duty rule 99");
}

static void test_duty_status_before_a_future_deadline_is_pending(void **state)
{
	(void)state;
	/* A campaign whose year and deadline lie ahead. */
	size_t len;
	char *text = read_file("data/campaign.json", &len);
	json_error_t je;
	json_t *camp = json_loads(text, 0, &je);
	free(text);
	assert_non_null(camp);
	json_object_set_new(camp, "year", json_integer(2099));
	json_object_set_new(camp, "deadline", json_string("2099-07-31"));
	json_object_set_new(camp, "material_deadline", json_string("2099-07-29"));
	const char *file = scratch_path("future.json");
	assert_int_equal(json_dump_file(camp, file, 0), 0);
	json_decref(camp);
	const char *future = xstrdup(scratch_path("future.db"));
	struct run r = run_kaoping(NULL, (const char *const[]){"--db", future, "init", "--campaign", file, NULL});
	if (r.status)
		fail_msg("%s", r.err);
	run_free(&r);
	r = run_kaoping(NULL, (const char *const[]){"--db", future, "ledger", "add", "审计局", "--date", "2099-03-01", "--kind",
						    "专题会议", "--title", "专题会", NULL});
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = run_kaoping(NULL, (const char *const[]){"--db", future, "duty", "propose", NULL});
	assert_non_null(strstr(r.out, "2 new proposals"));
	run_free(&r);
	r = run_kaoping(NULL, (const char *const[]){"--db", future, "duty", "confirm", "1", NULL});
	run_free(&r);
	r = run_kaoping(NULL, (const char *const[]){"--db", future, "--json", "duty", "status", "--unit", "审计局", NULL});
	assert_non_null(strstr(r.out, "\"status\":\"pending\""));
	assert_non_null(strstr(r.out, "\"due\":\"2099-07-31\""));
	run_free(&r);
	r = run_kaoping(NULL, (const char *const[]){"--db", future, "--json", "duty", "status", "--unit", "审计局", "--today",
						    "2099-08-01", NULL});
	assert_non_null(strstr(r.out, "\"status\":\"missed\""));
	run_free(&r);
	free((char *)future);
}

static void test_complaints_are_counted_from_a_date_whatever_their_status(void **state)
{
	(void)state;
	/* Demo: 区工信局 2024-05-08 (open), 区审计局 2024-06-11 (handled). */
	struct run r = kp((const char *const[]){"complaint", "add", "审计局", "--source", "信访", "--date", "2024-07-01",
						"来信反映问题", NULL});
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = kp((const char *const[]){"complaint", "close", "3", "--outcome", "不属于本单位职责", "--dismiss", NULL});
	assert_int_equal(r.status, 0);
	run_free(&r);
	refused((const char *const[]){"complaint", "close", "3", "--outcome", "x", NULL}, "already closed");
	refused((const char *const[]){"complaint", "add", "审计局", "--source", "信访", "--date", "2999-01-01", "x", NULL},
		"is after today");
	refused((const char *const[]){"complaint", "add", "审计局", "--date", "2024-01-01", "x", NULL}, "source:");
	refused((const char *const[]){"complaint", "close", "1", NULL}, "outcome:");
	r = kp((const char *const[]){"--json", "complaint", "list", "--open", NULL});
	json_error_t je;
	json_t *j = json_loads(r.out, 0, &je);
	assert_int_equal(json_array_size(j), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "unit")), "区工信局");
	json_decref(j);
	run_free(&r);
	store *s;
	struct kp_error e = {0};
	int64_t n;
	assert_int_equal(store_open(db, STORE_EXISTING, &s, &e), 0);
	assert_int_equal(complaints_count(s, 3, "2024-06-11", &n, &e), 0);
	assert_int_equal(n, 2); /* handled and dismissed count too */
	assert_int_equal(complaints_count(s, 3, "2024-06-12", &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(complaints_count(s, 3, "2024-07-02", &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(complaints_count(s, 6, "2024-01-01", &n, &e), 0);
	assert_int_equal(n, 1);
	store_close(s);
}

static void test_ledger_csv_has_a_bom_and_the_units_rows(void **state)
{
	(void)state;
	struct run r = kp((const char *const[]){"ledger", "list", "--unit", "审计局", "--format", "csv", NULL});
	assert_int_equal(r.status, 0);
	assert_memory_equal(r.out, "\xef\xbb\xbf编号,单位,日期,类型,名称,", strlen("\xef\xbb\xbf编号,单位,日期,类型,名称,"));
	int lines = 0;
	for (const char *p = r.out; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 4); /* header and three entries */
	assert_non_null(strstr(r.out, "\r\n1,区审计局,2024-03-12,专题会议,党组会议专题研究部署民族团结进步创建工作,11,"));
	assert_non_null(strstr(r.out, ",\"6,8\","));
	assert_null(strstr(r.out, "区工信局"));
	run_free(&r);
}

/* ---- the web ---- */

/* The rows of table NAME in the store's fingerprint (caller frees). */
static char *table_rows(const char *name)
{
	char *fp = store_fingerprint(db), key[64];
	snprintf(key, sizeof key, "[%s]\n", name);
	char *p = strstr(fp, key);
	char *rows = p ? xstrndup(p, strcspn(p + 1, "[") + 1) : xstrdup("");
	free(fp);
	return rows;
}

static void test_a_clerk_cannot_reach_another_units_ledger_entry_or_file(void **state)
{
	(void)state;
	/* 区审计局 (unit 3) has entries 1-3 and now 7, with file 1; 4-6 are 区工信局's. */
	const char *pdf = scratch_path("minutes.pdf");
	write_file(pdf, "%PDF-1.4\n%%EOF\n", 15);
	struct run run = kp((const char *const[]){"ledger", "add", "审计局", "--date", "2024-07-20", "--kind", "专题会议",
						  "--title", "第二次专题会议", "--file", pdf, NULL});
	assert_int_equal(run.status, 0);
	run_free(&run);
	struct session s = login("shenji");
	struct reply r = get("/units/3/ledger/7", s.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "第二次专题会议"));
	assert_non_null(strstr(r.body, "/units/3/ledger/7/files/1\">minutes.pdf"));
	reply_free(&r);
	r = get("/units/3/ledger/7/files/1", s.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.head, "Content-Type: application/pdf"));
	assert_non_null(strstr(r.body, "%PDF-1.4"));
	reply_free(&r);
	r = get("/units/3/ledger/4", s.token); /* 区工信局's entry through the clerk's own unit */
	assert_int_equal(r.status, 404);
	assert_null(strstr(r.body, "局务会专题研究"));
	reply_free(&r);
	r = get("/units/6/ledger/4", s.token);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	r = get("/units/3/ledger/4/files/1", s.token); /* a real file, under another entry */
	assert_int_equal(r.status, 404);
	reply_free(&r);
	char *before = table_rows("ledger_entry");
	char *body = xasprintf("csrf=%s", s.csrf);
	r = post("/units/3/ledger/4/remove", s.token, body);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	char *after = table_rows("ledger_entry");
	assert_string_equal(before, after);
	free(before), free(after), free(body);
	session_free(&s);
	/* 区工信局's clerk cannot fetch 区审计局's file through its own unit. */
	s = login("gongxin");
	r = get("/units/6/ledger/7/files/1", s.token);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	r = get("/units/6/ledger/4/files/1", s.token);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	session_free(&s);
}

/* Posts a multipart form: FIELDS (name, value pairs, NULL-terminated) and
 * one file FILENAME with DATA. */
static struct reply multipart(const char *path, const struct session *s, const char *const *fields, const char *filename,
			      const char *data)
{
	struct strbuf b = {0};
	sb_addf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n", s->csrf);
	for (; *fields; fields += 2)
		sb_addf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n", fields[0], fields[1]);
	sb_addf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
		    "Content-Type: application/octet-stream\r\n\r\n%s\r\n--XyZ--\r\n", filename, data);
	char *req = xasprintf("POST %s HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: %zu\r\n"
			      "Cookie: kp_session=%s\r\n\r\n%s", path, b.len, s->token, b.s);
	struct reply r = http(req);
	free(req);
	sb_free(&b);
	return r;
}

static void test_a_clerk_records_an_activity_with_a_file_and_it_proves_the_criterion(void **state)
{
	(void)state;
	struct session s = login("shenji");
	static const char pdf[] = "%PDF-1.4\nsign-in sheet\n%%EOF\n";
	char *before = table_rows("ledger_entry");
	/* Outside the year: 400 naming the date, nothing stored. */
	struct reply r = multipart("/units/3/ledger", &s,
				   (const char *const[]){"date", "2023-10-01", "kind", "专题会议", "title", "x", NULL},
				   "a.pdf", pdf);
	assert_int_equal(r.status, 400);
	/* the form again: the message beside the date, what was typed kept */
	assert_non_null(strstr(r.body, "<span class=\"field-error\" role=\"alert\">日期应在本年度（2024 年）内</span>"));
	assert_non_null(strstr(r.body, "name=\"date\" required min=\"2024-01-01\" max=\"2024-12-31\" value=\"2023-10-01\""));
	assert_non_null(strstr(r.body, "<option selected>专题会议</option>"));
	assert_non_null(strstr(r.body, "name=\"title\" required size=\"50\" value=\"x\""));
	reply_free(&r);
	char *after = table_rows("ledger_entry");
	assert_string_equal(before, after);
	free(before), free(after);
	r = multipart("/units/3/ledger", &s,
		      (const char *const[]){"date", "2024-07-10", "kind", "专题会议", "title", "<b>第二次</b>专题会议",
					    "participants", "15", "place", "会议室", "notes", "", "criterion4", "1",
					    "criterion8", "1", NULL},
		      "签到表.pdf", pdf);
	assert_int_equal(r.status, 303);
	assert_non_null(strstr(r.head, "Location: /units/3/ledger/7"));
	reply_free(&r);
	r = get("/units/3/ledger/7", s.token);
	assert_non_null(strstr(r.body, "签到表.pdf"));
	assert_non_null(strstr(r.body, "&lt;b&gt;第二次&lt;/b&gt;专题会议"));
	reply_free(&r);
	r = get("/units/3/criteria/4", s.token);
	assert_non_null(strstr(r.body, "<h2>台账记录</h2>"));
	assert_non_null(strstr(r.body, "/units/3/ledger/7\">&lt;b&gt;第二次"));
	reply_free(&r);
	/* Two meetings now: the duty of criterion 4 is met. */
	r = get("/units/3/ledger", s.token);
	assert_non_null(strstr(r.body, "已完成"));
	reply_free(&r);
	r = get("/units/3/ledger?kind=2", s.token); /* 理论中心组学习 only */
	assert_non_null(strstr(r.body, "理论中心组民族理论政策专题学习"));
	assert_null(strstr(r.body, "党组会议专题研究"));
	reply_free(&r);
	r = get("/units/3/ledger.csv", s.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.head, "Content-Type: text/csv; charset=utf-8"));
	assert_memory_equal(r.body, "\xef\xbb\xbf", 3);
	assert_non_null(strstr(r.body, "<b>第二次</b>专题会议"));
	reply_free(&r);
	r = get("/api/v1/units/3/ledger", s.token);
	json_error_t je;
	json_t *j = json_loads(r.body, 0, &je);
	assert_int_equal(json_array_size(j), 4);
	json_decref(j);
	reply_free(&r);
	/* The clerk removes it again. */
	char *body = xasprintf("csrf=%s", s.csrf);
	r = post("/units/3/ledger/7/remove", s.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	free(body);
	r = get("/units/3/ledger/7", s.token);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	session_free(&s);
}

static void test_office_decides_duties_and_handles_complaints_on_the_web(void **state)
{
	(void)state;
	struct session o = login("office");
	struct reply r = get("/duties", o.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "每年专题研究部署民族团结进步创建工作不少于2次"));
	assert_non_null(strstr(r.body, "各单位完成情况"));
	assert_non_null(strstr(r.body, "action=\"/duties/2/confirm\""));
	reply_free(&r);
	char *body = xasprintf("csrf=%s&kind=%%E5%%9F%%B9%%E8%%AE%%AD&count=3", o.csrf); /* 培训 */
	r = post("/duties/2/edit", o.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	free(body);
	body = xasprintf("csrf=%s&count=0", o.csrf);
	r = post("/duties/2/edit", o.token, body);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	free(body);
	struct run run = kp((const char *const[]){"duty", "list", NULL});
	assert_non_null(strstr(run.out, "培训"));
	run_free(&run);
	/* A complaint registered and closed by the office. */
	body = xasprintf("csrf=%s&unit=3&source=%%E4%%BF%%A1%%E8%%AE%%BF&date=2024-07-02&text=%%3Cscript%%3E", o.csrf);
	r = post("/complaints", o.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	free(body);
	body = xasprintf("csrf=%s&outcome=ok&dismiss=1", o.csrf);
	r = post("/complaints/3/close", o.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	r = post("/complaints/3/close", o.token, body);
	assert_int_equal(r.status, 400); /* closed already */
	reply_free(&r);
	r = post("/complaints/999/close", o.token, body);
	assert_int_equal(r.status, 404); /* not there */
	reply_free(&r);
	free(body);
	body = xasprintf("csrf=%s", o.csrf);
	r = post("/duties/999/confirm", o.token, body);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	free(body);
	r = get("/complaints?unit=3", o.token);
	assert_non_null(strstr(r.body, "&lt;script&gt;"));
	assert_non_null(strstr(r.body, "不予受理"));
	assert_null(strstr(r.body, "区工信局</td>"));
	reply_free(&r);
	session_free(&o);
	/* The leader reads, with no forms; the clerk sees its own unit's only. */
	struct session l = login("leader");
	r = get("/complaints", l.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "区工信局"));
	assert_null(strstr(r.body, "登记群众意见"));
	assert_null(strstr(r.body, "/close\""));
	reply_free(&r);
	r = get("/duties", l.token);
	assert_null(strstr(r.body, "/confirm\""));
	reply_free(&r);
	session_free(&l);
	struct session s = login("shenji");
	r = get("/units/3/complaints", s.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "窗口工作人员"));
	assert_null(strstr(r.body, "企业备案"));
	reply_free(&r);
	r = get("/complaints", s.token);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	r = get("/ledger", s.token);
	assert_int_equal(r.status, 303);
	assert_non_null(strstr(r.head, "Location: /units/3/ledger"));
	reply_free(&r);
	session_free(&s);
}

/* The files in the store's evidence folder (content-addressed copies). */
static int files_kept(void)
{
	char *dir = xasprintf("%s", db_files());
	int n = files_under(dir);
	free(dir);
	return n;
}

/* Files come to an entry later (the minutes scanned after the meeting):
 * on the command line and in the entry's form, checked like evidence, all
 * or nothing, audited; never to another unit's entry. */
static void test_files_are_attached_to_an_entry_later(void **state)
{
	(void)state;
	const char *pdf = scratch_path("minutes.pdf"), *fake = scratch_path("fake.pdf");
	write_file(pdf, "%PDF-1.4\nminutes\n%%EOF\n", 23);
	write_file(fake, "MZ not a pdf", 12);
	/* one bad file: neither is kept */
	char *before = table_rows("ledger_file");
	struct run run = kp((const char *const[]){"ledger", "attach", "1", "--file", pdf, "--file", fake, NULL});
	assert_int_equal(run.status, 2);
	assert_non_null(strstr(run.err, "is not a real .pdf file"));
	run_free(&run);
	run = kp((const char *const[]){"ledger", "attach", "1", NULL});
	assert_int_equal(run.status, 2);
	assert_non_null(strstr(run.err, "file: choose at least one file"));
	run_free(&run);
	int kept = files_kept();
	run = kp((const char *const[]){"ledger", "attach", "99", "--file", pdf, NULL});
	assert_int_equal(run.status, 2);
	assert_non_null(strstr(run.err, "no ledger entry 99"));
	run_free(&run);
	assert_int_equal(files_kept(), kept); /* nothing placed for an entry not there */
	char *after = table_rows("ledger_file");
	assert_string_equal(before, after);
	free(before), free(after);
	run = kp((const char *const[]){"ledger", "attach", "1", "--file", pdf, NULL});
	assert_int_equal(run.status, 0);
	assert_non_null(strstr(run.out, "ledger entry 1: 1 file attached"));
	run_free(&run);
	/* 区审计局's clerk adds another on the entry's page */
	struct session s = login("shenji");
	struct reply r = get("/units/3/ledger/1", s.token);
	assert_non_null(strstr(r.body, "action=\"/units/3/ledger/1/files\""));
	assert_non_null(strstr(r.body, "minutes.pdf"));
	reply_free(&r);
	r = multipart("/units/3/ledger/1/files", &s, (const char *const[]){NULL}, "签到表.pdf", "%PDF-1.4\n%%EOF\n");
	assert_int_equal(r.status, 303);
	reply_free(&r);
	r = get("/units/3/ledger/1", s.token);
	assert_non_null(strstr(r.body, "签到表.pdf"));
	reply_free(&r);
	/* not through its own unit to 区工信局's entry 4, nor straight to it */
	before = table_rows("ledger_file");
	r = multipart("/units/3/ledger/4/files", &s, (const char *const[]){NULL}, "x.pdf", "%PDF-1.4\n%%EOF\n");
	assert_int_equal(r.status, 404);
	reply_free(&r);
	r = multipart("/units/6/ledger/4/files", &s, (const char *const[]){NULL}, "x.pdf", "%PDF-1.4\n%%EOF\n");
	assert_int_equal(r.status, 403);
	reply_free(&r);
	after = table_rows("ledger_file");
	assert_string_equal(before, after);
	free(before), free(after);
	session_free(&s);
	run = kp((const char *const[]){"--json", "ledger", "list", "--unit", "审计局", NULL});
	assert_non_null(strstr(run.out, "\"files\":2"));
	run_free(&run);
	run = kp((const char *const[]){"audit", "list", NULL});
	assert_non_null(strstr(run.out, "ledger.attach"));
	assert_non_null(strstr(run.out, "签到表.pdf"));
	run_free(&run);
}

/* After 区审计局 submits its self-assessment (`score submit --self`), the
 * ledger entries linked to its criteria are frozen on the command line
 * and on the web (new ones, files, removals; nothing stored, no file
 * placed), while an entry proving no criterion still goes in; once the
 * office returns it (`score return --reason`), they change again. The
 * submission and return show on the unit's page and in the audit log. */
static void test_a_submitted_self_assessment_freezes_the_ledger_linked_to_its_criteria_until_returned(void **state)
{
	(void)state;
	const char *pdf = scratch_path("minutes.pdf");
	write_file(pdf, "%PDF-1.4\nminutes\n%%EOF\n", 23);
	struct run run = kp((const char *const[]){"score", "submit", "审计局", "--self", NULL});
	assert_int_equal(run.status, 0);
	assert_non_null(strstr(run.out, "区审计局: self-assessment submitted"));
	run_free(&run);
	struct session o = login("office");
	struct reply r = get("/units/3", o.token);
	assert_non_null(strstr(r.body, "<span id=\"submission\" class=\"badge b-blue\">已提交</span>"));
	assert_non_null(strstr(r.body, "action=\"/units/3/return\""));
	reply_free(&r);
	run = kp((const char *const[]){"score", "submit", "审计局", "--self", NULL});
	assert_int_equal(run.status, 2);
	assert_non_null(strstr(run.err, "has already submitted"));
	run_free(&run);

	/* frozen: the command line */
	char *entries = table_rows("ledger_entry"), *links = table_rows("ledger_criterion"), *lfiles = table_rows("ledger_file");
	int kept = files_kept();
	refused((const char *const[]){"ledger", "add", "审计局", "--date", "2024-07-01", "--kind", "专题会议", "--title",
				      "补开的专题会", "--criteria", "4", "--file", pdf, NULL},
		"区审计局 has submitted its self-assessment: the ledger entries linked to its criteria stay");
	refused((const char *const[]){"ledger", "attach", "1", "--file", pdf, NULL}, "has submitted its self-assessment");
	refused((const char *const[]){"ledger", "remove", "1", NULL}, "has submitted its self-assessment");
	assert_int_equal(files_kept(), kept); /* no file placed for a refused entry */
	/* frozen: the web, for the clerk and the office alike, in Chinese */
	struct session s = login("shenji");
	r = multipart("/units/3/ledger", &s,
		      (const char *const[]){"date", "2024-07-01", "kind", "专题会议", "title", "补开的专题会", "criterion4", "1", NULL},
		      "签到表.pdf", "%PDF-1.4\n%%EOF\n");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "区审计局已提交自评：关联测评内容的台账记录不能新增、补充附件或删除"));
	assert_null(strstr(r.body, "has submitted"));
	reply_free(&r);
	r = multipart("/units/3/ledger/1/files", &s, (const char *const[]){NULL}, "签到表.pdf", "%PDF-1.4\n%%EOF\n");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "已提交自评"));
	reply_free(&r);
	char *body = xasprintf("csrf=%s", s.csrf), *obody = xasprintf("csrf=%s", o.csrf);
	r = post("/units/3/ledger/1/remove", s.token, body);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "已提交自评"));
	reply_free(&r);
	r = post("/units/3/ledger/2/remove", o.token, obody);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	assert_int_equal(files_kept(), kept);
	char *after = table_rows("ledger_entry");
	assert_string_equal(entries, after);
	free(after);
	after = table_rows("ledger_criterion");
	assert_string_equal(links, after);
	free(after);
	after = table_rows("ledger_file");
	assert_string_equal(lfiles, after);
	free(after);
	/* an activity that proves no criterion is still recorded, given files and removed */
	r = multipart("/units/3/ledger", &s, (const char *const[]){"date", "2024-07-02", "kind", "专题会议", "title", "走访慰问", NULL},
		      "签到表.pdf", "%PDF-1.4\n%%EOF\n");
	assert_int_equal(r.status, 303);
	assert_non_null(strstr(r.head, "Location: /units/3/ledger/7"));
	reply_free(&r);
	/* the entry pages offer the forms where they can work */
	r = get("/units/3/ledger/1", s.token);
	assert_null(strstr(r.body, "action=\"/units/3/ledger/1/files\""));
	assert_null(strstr(r.body, "action=\"/units/3/ledger/1/remove\""));
	assert_non_null(strstr(r.body, "已提交自评：这条记录关联测评内容"));
	reply_free(&r);
	r = get("/units/3/ledger/7", s.token);
	assert_non_null(strstr(r.body, "action=\"/units/3/ledger/7/files\""));
	reply_free(&r);
	run = kp((const char *const[]){"ledger", "attach", "7", "--file", pdf, NULL});
	assert_int_equal(run.status, 0);
	run_free(&run);
	run = kp((const char *const[]){"ledger", "remove", "7", NULL});
	assert_int_equal(run.status, 0);
	run_free(&run);

	/* the office returns it from the command line: the ledger opens again */
	run = kp((const char *const[]){"score", "return", "审计局", NULL});
	assert_int_equal(run.status, 2);
	assert_non_null(strstr(run.err, "--reason"));
	run_free(&run);
	run = kp((const char *const[]){"score", "return", "审计局", "--reason", "请补充会议纪要", NULL});
	assert_int_equal(run.status, 0);
	assert_non_null(strstr(run.out, "区审计局: self-assessment returned"));
	run_free(&run);
	run = kp((const char *const[]){"score", "return", "审计局", "--reason", "again", NULL});
	assert_int_equal(run.status, 2);
	assert_non_null(strstr(run.err, "nothing to return"));
	run_free(&run);
	r = get("/units/3", s.token);
	assert_non_null(strstr(r.body, "<span id=\"submission\" class=\"badge b-red\">已退回</span>"));
	assert_non_null(strstr(r.body, "请补充会议纪要"));
	assert_non_null(strstr(r.body, "href=\"/units/3/submit\"")); /* 提交自评…: the page that confirms */
	reply_free(&r);
	run = kp((const char *const[]){"ledger", "attach", "1", "--file", pdf, NULL});
	assert_int_equal(run.status, 0);
	run_free(&run);
	r = get("/units/3/ledger/1", s.token);
	assert_non_null(strstr(r.body, "action=\"/units/3/ledger/1/files\""));
	reply_free(&r);
	r = multipart("/units/3/ledger", &s,
		      (const char *const[]){"date", "2024-07-01", "kind", "专题会议", "title", "补开的专题会", "criterion4", "1", NULL},
		      "签到表.pdf", "%PDF-1.4\n%%EOF\n");
	assert_int_equal(r.status, 303);
	reply_free(&r);
	r = post("/units/3/ledger/2/remove", s.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	/* both steps audited, by whoever ran them */
	run = kp((const char *const[]){"--json", "audit", "list", NULL});
	assert_non_null(strstr(run.out, "\"action\":\"self.submit\",\"subject\":\"区审计局\""));
	assert_non_null(strstr(run.out, "\"action\":\"self.return\",\"subject\":\"区审计局\",\"detail\":\"请补充会议纪要\""));
	run_free(&run);
	free(entries), free(links), free(lfiles), free(body), free(obody);
	session_free(&s), session_free(&o);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, demo_store, drop_store)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duties_are_read_from_the_seed_criteria_4_and_8),
		cmocka_unit_test(test_duty_wording_variants_and_criteria_without_a_duty),
		cmocka_unit_test(test_duty_verdict_turns_to_missed_the_day_after_the_deadline_china_time),
		T(test_ledger_input_outside_the_campaign_year_or_invalid_is_refused_and_changes_nothing),
		T(test_duty_status_met_pending_and_missed_around_the_deadline),
		T(test_duty_status_before_a_future_deadline_is_pending),
		T(test_complaints_are_counted_from_a_date_whatever_their_status),
		T(test_ledger_csv_has_a_bom_and_the_units_rows),
		T(test_a_clerk_cannot_reach_another_units_ledger_entry_or_file),
		T(test_a_clerk_records_an_activity_with_a_file_and_it_proves_the_criterion),
		T(test_files_are_attached_to_an_entry_later),
		T(test_office_decides_duties_and_handles_complaints_on_the_web),
		T(test_a_submitted_self_assessment_freezes_the_ledger_linked_to_its_criteria_until_returned),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
