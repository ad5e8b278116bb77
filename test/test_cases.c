/* test_cases.c — listed supervision (挂牌督办): the pure rules at and around
 * each threshold and the China-time day boundary; the case lifecycle, the
 * daily sweep and the listing through the real binary (KAOPING_TODAY walks
 * the calendar); refusals that leave the store unchanged; and the pages,
 * where a clerk reaches only its own unit's cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/rule.h"
#include "testutil.h"
#include "core/util.h"

#define KP(...) run_kaoping(NULL, (const char *const[]){"--db", db, __VA_ARGS__, NULL})

static const struct rules_settings defaults = {.score_below = 60, .overdue_days = 7, .complaints = 3,
					       .complaint_days = 90};

/* The proposals for one unit U on TODAY. */
static int propose_one(const struct rules_unit *u, const char *today, struct rules_proposal **p)
{
	return rule_propose(u, 1, &defaults, today, "2024-07-29", p);
}

/* ---- the pure rules ---- */

static void test_score_rule_fires_only_below_the_threshold_and_only_on_a_complete_assessment(void **state)
{
	(void)state;
	struct rules_proposal *p;
	struct rules_unit u = {.complete = true, .percent = 599};
	assert_int_equal(propose_one(&u, "2024-07-01", &p), 1);
	assert_int_equal(p[0].rule, RULE_SCORE);
	assert_string_equal(p[0].reason, "得分率 59.9%，低于 60%");
	rule_proposals_free(p, 1);
	u.percent = 600; /* 60.0% is not below 60% */
	assert_int_equal(propose_one(&u, "2024-07-01", &p), 0);
	rule_proposals_free(p, 0);
	u = (struct rules_unit){.complete = false, .percent = 53}; /* half-scored or still drafts: no case */
	assert_int_equal(propose_one(&u, "2024-07-01", &p), 0);
	rule_proposals_free(p, 0);
}

static void test_overdue_rule_needs_more_than_the_days_and_ignores_reported_cases(void **state)
{
	(void)state;
	struct rules_proposal *p;
	struct rules_case c = {.id = 12, .rule = RULE_SCORE, .deadline = "2024-08-01"};
	struct rules_unit u = {.complete = true, .percent = 500, .ncases = 1, .cases = &c};
	/* The score case is open, so only the overdue rule can speak. */
	assert_int_equal(propose_one(&u, "2024-08-08", &p), 0); /* 7 days: not more than 7 */
	rule_proposals_free(p, 0);
	assert_int_equal(propose_one(&u, "2024-08-09", &p), 1);
	assert_int_equal(p[0].rule, RULE_OVERDUE);
	assert_string_equal(p[0].reason, "督办事项 #12 整改期限 2024-08-01，已逾期 8 天，超过 7 天");
	rule_proposals_free(p, 1);
	c.reported = true; /* the unit reported: waiting for the office, not overdue */
	assert_int_equal(propose_one(&u, "2024-09-30", &p), 0);
	rule_proposals_free(p, 0);
}

static void test_evidence_rule_starts_the_day_after_the_material_deadline_in_china_time(void **state)
{
	(void)state;
	struct rules_proposal *p;
	static const int missing[] = {4, 5, 8};
	struct rules_unit u = {.nmissing = 3, .missing = missing};
	/* 2024-07-29 23:59:59 in Beijing is 15:59:59 UTC: still the deadline day. */
	struct tm tm = {.tm_year = 124, .tm_mon = 6, .tm_mday = 29, .tm_hour = 15, .tm_min = 59, .tm_sec = 59};
	int64_t t = (int64_t)timegm(&tm);
	char today[11];
	day_date(zone_day("Asia/Shanghai", t), today);
	assert_string_equal(today, "2024-07-29");
	assert_int_equal(propose_one(&u, today, &p), 0);
	rule_proposals_free(p, 0);
	day_date(zone_day("Asia/Shanghai", t + 1), today); /* midnight in Beijing */
	assert_string_equal(today, "2024-07-30");
	assert_int_equal(propose_one(&u, today, &p), 1);
	assert_int_equal(p[0].rule, RULE_EVIDENCE);
	assert_string_equal(p[0].reason, "材料截止 2024-07-29 已过，仍有 3 项测评内容无佐证材料：4、5、8");
	rule_proposals_free(p, 1);
	day_date(zone_day("UTC", t + 1), today); /* the same instant in UTC is still the 29th */
	assert_string_equal(today, "2024-07-29");
	/* Everything proven: nothing to say. */
	u.nmissing = 0;
	assert_int_equal(propose_one(&u, "2024-08-30", &p), 0);
	rule_proposals_free(p, 0);
	/* No material deadline: the rule is silent. */
	u.nmissing = 3;
	assert_int_equal(rule_propose(&u, 1, &defaults, "2024-08-30", NULL, &p), 0);
	rule_proposals_free(p, 0);
}

static void test_complaint_rule_fires_at_the_threshold(void **state)
{
	(void)state;
	struct rules_proposal *p;
	struct rules_unit u = {.complaints = 2};
	assert_int_equal(propose_one(&u, "2024-07-01", &p), 0);
	rule_proposals_free(p, 0);
	u.complaints = 3;
	assert_int_equal(propose_one(&u, "2024-07-01", &p), 1);
	assert_int_equal(p[0].rule, RULE_COMPLAINTS);
	assert_string_equal(p[0].reason, "近 90 天群众意见 3 件，达到 3 件");
	rule_proposals_free(p, 1);
}

static void test_no_proposal_duplicates_a_case_that_is_not_closed(void **state)
{
	(void)state;
	struct rules_proposal *p;
	static const int missing[] = {2};
	struct rules_case cases[] = {{.id = 1, .rule = RULE_COMPLAINTS, .reported = true, .deadline = "2024-09-01"},
				     {.id = 2, .rule = RULE_MANUAL, .deadline = "2024-09-01"}};
	struct rules_unit units[2] = {
		{.complete = true, .percent = 100, .nmissing = 1, .missing = missing, .complaints = 9, .ncases = 2, .cases = cases},
		{.complete = true, .percent = 100, .complaints = 9},
	};
	int n = rule_propose(units, 2, &defaults, "2024-08-15", "2024-07-29", &p);
	/* unit 0: score and evidence (its complaints already have a case); unit 1: score and complaints */
	assert_int_equal(n, 4);
	assert_int_equal(p[0].unit, 0), assert_int_equal(p[0].rule, RULE_SCORE);
	assert_int_equal(p[1].unit, 0), assert_int_equal(p[1].rule, RULE_EVIDENCE);
	assert_int_equal(p[2].unit, 1), assert_int_equal(p[2].rule, RULE_SCORE);
	assert_int_equal(p[3].unit, 1), assert_int_equal(p[3].rule, RULE_COMPLAINTS);
	rule_proposals_free(p, n);
}

static void test_date_arithmetic_crosses_months_and_leap_days(void **state)
{
	(void)state;
	char out[11];
	assert_int_equal(days_between("2024-02-28", "2024-03-01"), 2);
	assert_int_equal(days_between("2023-02-28", "2023-03-01"), 1);
	assert_int_equal(days_between("2024-08-01", "2024-07-31"), -1);
	assert_int_equal(days_between("2024-08-01", "2024-02-30"), 0); /* not a date */
	date_add("2024-12-15", 30, out);
	assert_string_equal(out, "2025-01-14");
	date_add("2024-03-01", -1, out);
	assert_string_equal(out, "2024-02-29");
	assert_int_equal(rule_parse("complaints"), RULE_COMPLAINTS);
	assert_int_equal(rule_parse("nonsense"), -1);
}

/* ---- through the binary ---- */

/* Runs a command that must succeed; returns its output (caller frees). */
static char *ok(const char *const *argv)
{
	const char *full[16] = {"--db", db};
	int n = 2;
	for (int i = 0; argv[i]; i++)
		full[n++] = argv[i];
	full[n] = NULL;
	struct run r = run_kaoping(NULL, full);
	if (r.status)
		fail_msg("kaoping %s %s: exit %d: %s", argv[0], argv[1] ? argv[1] : "", r.status, r.err);
	free(r.err);
	return r.out;
}
#define OK(...) ok((const char *const[]){__VA_ARGS__, NULL})

/* The JSON of `case show ID`. */
static json_t *show(const char *id)
{
	char *out = OK("--json", "case", "show", id);
	json_error_t je;
	json_t *j = json_loads(out, 0, &je);
	if (!j)
		fail_msg("case show: %s: %s", je.text, out);
	free(out);
	return j;
}

static const char *state_of(json_t *j)
{
	return json_string_value(json_object_get(j, "state"));
}

static void test_case_goes_open_report_return_report_close_with_events_and_audit(void **state)
{
	(void)state;
	setenv("KAOPING_TODAY", "2025-03-01", 1);
	char *out = OK("case", "open", "审计局", "--reason", "台账不全", "--items", "补齐会议记录", "--deadline", "2025-03-31");
	assert_non_null(strstr(out, "opened case #1: 区审计局, 催办, deadline 2025-03-31"));
	free(out);
	static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
	const char *file = scratch_path("整改报告.pdf");
	write_file(file, pdf, sizeof pdf - 1);
	free(OK("case", "report", "1", "已补齐会议记录", "--file", file));
	json_t *j = show("1");
	assert_string_equal(state_of(j), "reported");
	json_decref(j);
	free(OK("case", "return", "1", "--reason", "缺少会议签到表"));
	j = show("1");
	assert_string_equal(state_of(j), "open");
	json_decref(j);
	free(OK("case", "report", "#1", "已补签到表"));
	free(OK("case", "close", "1", "--note", "核实到位"));
	j = show("1");
	assert_string_equal(state_of(j), "closed");
	json_t *ev = json_object_get(j, "events");
	assert_int_equal(json_array_size(ev), 5);
	static const char *const actions[] = {"open", "report", "return", "report", "close"};
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(ev, i), "action")), actions[i]);
	json_t *files = json_object_get(json_array_get(ev, 1), "files");
	assert_int_equal(json_array_size(files), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(files, 0), "name")), "整改报告.pdf");
	assert_string_equal(json_string_value(json_object_get(json_array_get(files, 0), "type")), "application/pdf");
	json_decref(j);
	/* The file is kept content-addressed beside the store. */
	char *blobs = store_fingerprint(db);
	assert_non_null(strstr(blobs, "[case_file]"));
	free(blobs);
	out = OK("audit", "list");
	for (size_t i = 0; i < 5; i++) {
		char want[32];
		snprintf(want, sizeof want, "case.%s", actions[i]);
		assert_non_null(strstr(out, want));
	}
	free(out);
	free(OK("audit", "verify"));
	out = OK("case", "list", "--state", "closed", "--format", "csv");
	assert_non_null(strstr(out, "区审计局"));
	free(out);
}

/* The level of case 1 (JSON of case show). */
static int level_of_case_1(void)
{
	json_t *j = show("1");
	int level = (int)json_integer_value(json_object_get(j, "level"));
	json_decref(j);
	return level;
}

static void test_sweep_escalates_one_level_per_overdue_period_and_is_idempotent_on_a_day(void **state)
{
	(void)state;
	setenv("KAOPING_TODAY", "2025-01-01", 1);
	free(OK("case", "open", "区统计局", "--reason", "工作不扎实", "--deadline", "2025-01-10"));
	setenv("KAOPING_TODAY", "2025-01-17", 1); /* 7 days late: not more than case_overdue_days */
	char *out = OK("case", "sweep");
	assert_non_null(strstr(out, "nothing escalated"));
	free(out);
	assert_int_equal(level_of_case_1(), 1);
	setenv("KAOPING_TODAY", "2025-01-18", 1); /* 8 days late */
	out = OK("case", "propose");
	assert_non_null(strstr(out, "已逾期 8 天"));
	free(out);
	out = OK("case", "sweep");
	assert_non_null(strstr(out, "2025-02-17")); /* today + case_deadline_days (30) */
	free(out);
	assert_int_equal(level_of_case_1(), 2);
	char *before = store_fingerprint(db);
	out = OK("case", "sweep"); /* the same day again: nothing */
	assert_non_null(strstr(out, "nothing escalated"));
	free(out);
	char *after = store_fingerprint(db);
	assert_string_equal(before, after);
	free(before), free(after);
	/* Three weeks past the new deadline: one level, not three. */
	setenv("KAOPING_TODAY", "2025-03-10", 1);
	free(OK("case", "sweep"));
	assert_int_equal(level_of_case_1(), 3);
	out = OK("case", "listing");
	assert_non_null(strstr(out, "区统计局"));
	assert_non_null(strstr(out, "挂牌"));
	free(out);
	setenv("KAOPING_TODAY", "2025-06-01", 1);
	free(OK("case", "sweep"));
	assert_int_equal(level_of_case_1(), 4);
	setenv("KAOPING_TODAY", "2025-12-01", 1); /* 集中整改 is the last level */
	free(OK("case", "sweep"));
	assert_int_equal(level_of_case_1(), 4);
	/* A reported case waits for the office: the sweep leaves it. */
	free(OK("case", "open", "区审计局", "--reason", "x", "--deadline", "2025-12-02"));
	free(OK("case", "report", "2", "已整改"));
	setenv("KAOPING_TODAY", "2026-02-01", 1);
	out = OK("--json", "case", "sweep");
	assert_null(strstr(out, "区审计局"));
	free(out);
}

/* Runs a command that must be refused with exit 2 and a message naming WANT. */
static void refused(const char *want, const char *const *argv)
{
	const char *full[16] = {"--db", db};
	int n = 2;
	for (int i = 0; argv[i]; i++)
		full[n++] = argv[i];
	full[n] = NULL;
	struct run r = run_kaoping(NULL, full);
	if (r.status != 2 || !strstr(r.err, want))
		fail_msg("kaoping %s %s: exit %d, wanted 2 naming \"%s\": %s", argv[0], argv[1], r.status, want, r.err);
	run_free(&r);
}
#define REFUSED(want, ...) refused(want, (const char *const[]){__VA_ARGS__, NULL})

static void test_bad_input_is_refused_naming_the_field_and_nothing_changes(void **state)
{
	(void)state;
	setenv("KAOPING_TODAY", "2025-05-01", 1);
	free(OK("case", "open", "区审计局", "--reason", "待整改"));     /* #1 open */
	free(OK("case", "open", "区统计局", "--reason", "已销号的事项")); /* #2 closed below */
	free(OK("case", "close", "2", "--note", "现场核实"));
	const char *exe = scratch_path("setup.exe");
	write_file(exe, "MZxxxx", 6);
	const char *fake = scratch_path("scan.pdf");
	write_file(fake, "\x89PNG\r\n\x1a\nxxxx", 12);
	char *before = store_fingerprint(db);
	REFUSED("deadline", "case", "open", "区审计局", "--reason", "r", "--deadline", "2025-04-30");
	REFUSED("deadline", "case", "open", "区审计局", "--reason", "r", "--deadline", "2025-02-30");
	REFUSED("deadline", "case", "open", "区审计局", "--reason", "r", "--deadline", "soon");
	REFUSED("UNIT", "case", "open", "区不存在局", "--reason", "r");
	REFUSED("UNIT", "case", "open", "区政府机关各单位", "--reason", "r");
	REFUSED("reason", "case", "open", "区审计局", "--reason", "  ");
	REFUSED("reason", "case", "open", "区审计局");
	REFUSED("--level", "case", "open", "区审计局", "--reason", "r", "--level", "5");
	REFUSED("--rule", "case", "open", "区审计局", "--reason", "r", "--rule", "mood");
	REFUSED("已销号", "case", "report", "2", "补充报告");
	REFUSED("已销号", "case", "close", "2");
	REFUSED("note", "case", "close", "1"); /* open, not reported: the office must say how it verified */
	REFUSED("尚未报告", "case", "return", "1", "--reason", "r");
	REFUSED("reason", "case", "return", "1");
	REFUSED("text", "case", "report", "1", " ");
	REFUSED("file type .exe is not accepted", "case", "report", "1", "整改", "--file", exe);
	REFUSED("is not a real .pdf file", "case", "report", "1", "整改", "--file", fake);
	REFUSED("--file", "case", "report", "1", "整改", "--file", scratch_path("missing.pdf"));
	REFUSED("#9", "case", "show", "9");
	REFUSED("ID", "case", "close", "abc");
	REFUSED("--state", "case", "list", "--state", "pending");
	REFUSED("usage", "case", "frobnicate");
	REFUSED("--state goes with case list, not case open", "case", "open", "区审计局", "--reason", "r", "--state", "closed");
	char *after = store_fingerprint(db);
	assert_string_equal(before, after);
	free(before), free(after);
	/* No temporary upload is left behind by the refused files (in the
	 * blob store's tmp/, where blob_put_begin puts them). */
	char *tmp = xasprintf("%s/tmp", db_files());
	assert_int_equal(files_under(tmp), 0);
	free(tmp);
}

static void test_listing_csv_has_a_bom_and_lists_level_three_and_up(void **state)
{
	(void)state;
	free(OK("case", "open", "区审计局", "--reason", "催办一次", "--level", "1"));
	free(OK("case", "open", "区统计局", "--reason", "挂牌督办", "--level", "3"));
	char *out = OK("case", "listing", "--format", "csv");
	assert_memory_equal(out, "\xef\xbb\xbf", 3);
	assert_non_null(strstr(out, "区统计局"));
	assert_null(strstr(out, "区审计局"));
	free(out);
	out = OK("case", "listing", "--all", "--format", "csv");
	assert_non_null(strstr(out, "区审计局"));
	free(out);
	out = OK("--json", "case", "listing");
	json_error_t je;
	json_t *j = json_loads(out, 0, &je);
	assert_int_equal(json_array_size(j), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "level")), "挂牌");
	json_decref(j);
	free(out);
}

/* Adds N complaints for unit 3 (区审计局) received on DAY (the complaint
 * table belongs to another area; the rule only reads it). */
static void add_complaints(int n, const char *day, int status)
{
	assert_null(strchr(day, '\''));
	for (int i = 0; i < n; i++) {
		char *sql = xasprintf("INSERT INTO complaint(unit_id, source, received_on, content, status, outcome,"
				      " recorded_by, recorded_at) VALUES(3, '12345', '%s', '办事难', %d, '', 't', '2025-01-01T00:00:00Z')",
				      day, status);
		db_exec(sql);
		free(sql);
	}
}

static void test_propose_reads_scores_evidence_and_complaints_from_the_store(void **state)
{
	(void)state;
	/* The demo's material deadline is 2024-07-29; on that day nothing is late. */
	setenv("KAOPING_TODAY", "2024-07-29", 1);
	char *out = OK("--json", "case", "propose");
	assert_null(strstr(out, "\"evidence\""));
	assert_null(strstr(out, "\"score\"")); /* every demo result is above 60% */
	free(out);
	/* Only complete, submitted assessments count: the demo's weakest such
	 * unit (78.5%) already has its case, the next one is at 80.0%. */
	free(OK("setting", "set", "case_score_below", "81"));
	out = OK("--json", "case", "propose");
	assert_non_null(strstr(out, "得分率 80.0%，低于 81%"));
	free(out);
	setenv("KAOPING_TODAY", "2024-07-30", 1);
	out = OK("--json", "case", "propose");
	assert_non_null(strstr(out, "\"evidence\""));
	free(out);
	/* Complaints: two in the window (the demo's of 2024-06-11 and one
	 * more) and one dismissed do not reach 3; a third one does; one older
	 * than 90 days never counts. */
	add_complaints(1, "2024-07-01", 0);
	add_complaints(1, "2024-07-02", 2);
	add_complaints(1, "2024-05-01", 1); /* 90 days before 07-30 is outside the window */
	out = OK("--json", "case", "propose");
	assert_null(strstr(out, "群众意见"));
	free(out);
	add_complaints(1, "2024-07-30", 1);
	out = OK("--json", "case", "propose");
	assert_non_null(strstr(out, "近 90 天群众意见 3 件，达到 3 件"));
	free(out);
	/* Opened, it is not proposed again. */
	free(OK("case", "open", "区审计局", "--rule", "complaints", "--reason", "群众意见较多"));
	out = OK("--json", "case", "propose");
	assert_null(strstr(out, "群众意见"));
	free(out);
}

/* Imports the assessor score sheet ROWS. */
static void import_rows(const char *rows)
{
	const char *file = scratch_path("sheet.csv");
	write_file(file, rows, strlen(rows));
	free(OK("score", "import", file));
}

static void test_score_rule_waits_for_a_complete_submitted_assessment(void **state)
{
	(void)state;
	setenv("KAOPING_TODAY", "2024-07-01", 1); /* before the material deadline: no evidence proposals */
	/* 2 of 区审计局's 18 parts drafted, then submitted: 2/18 is no result */
	import_rows("unit,criterion,points\n区审计局,1.1,1\n区审计局,1.2,1\n");
	char *out = OK("--json", "case", "propose");
	assert_null(strstr(out, "\"score\""));
	assert_null(strstr(out, "得分率"));
	free(out);
	free(OK("score", "submit", "区审计局"));
	out = OK("--json", "case", "propose");
	assert_null(strstr(out, "\"score\""));
	free(out);
	/* every part scored, the rest still drafts: no result yet */
	import_rows("unit,criterion,points\n区审计局,2,0\n区审计局,3,0\n区审计局,4,0\n区审计局,5,0\n区审计局,6,0\n"
		    "区审计局,7,0\n区审计局,8.1,0\n区审计局,8.2,0\n区审计局,9,0\n区审计局,10,0\n区审计局,11,0\n"
		    "区审计局,19,0\n区审计局,20,0\n区审计局,21,0\n区审计局,22,0\n区审计局,23,0\n");
	out = OK("--json", "case", "propose");
	assert_null(strstr(out, "\"score\""));
	free(out);
	/* submitted: complete and low, so the rule proposes its case */
	free(OK("score", "submit", "区审计局"));
	out = OK("--json", "case", "propose");
	assert_non_null(strstr(out, "\"score\""));
	assert_non_null(strstr(out, "得分率 3.0%，低于 60%"));
	free(out);
	unsetenv("KAOPING_TODAY");
}

/* ---- the pages ---- */

/* A multipart report: TEXT and one file. */
static struct reply report(const char *path, const struct session *s, const char *text, const char *filename,
			   const char *file)
{
	struct strbuf b = {0};
	sb_addf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
		    "--XyZ\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n%s\r\n"
		    "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
		    "Content-Type: application/octet-stream\r\n\r\n%s\r\n--XyZ--\r\n",
		s->csrf, text, filename, file);
	char *req = xasprintf("POST %s HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: %zu\r\n"
			      "Cookie: kp_session=%s\r\n\r\n%s",
			      path, b.len, s->token, b.s);
	struct reply r = http(req);
	free(req);
	sb_free(&b);
	return r;
}

static void test_clerk_reports_on_own_case_only_and_office_closes_it_on_the_pages(void **state)
{
	(void)state;
	/* Demo: case #1 is 区审计局's (unit 3, the clerk shenji's), #2 another unit's. */
	struct session s = login("shenji");
	static const char pdf[] = "%PDF-1.4\n%%EOF\n";
	char *before = store_fingerprint(db);
	struct reply r = report("/units/3/cases/2/report", &s, "x", "a.pdf", pdf);
	assert_int_equal(r.status, 404); /* another unit's case through our own {u} */
	reply_free(&r);
	r = report("/units/6/cases/2/report", &s, "x", "a.pdf", pdf);
	assert_int_equal(r.status, 403); /* another unit's {u} */
	reply_free(&r);
	r = get("/units/3/cases/2/files/1", s.token);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	r = get("/cases", s.token);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	char *after = store_fingerprint(db);
	assert_string_equal(strstr(before, "[supervision_case]"), strstr(after, "[supervision_case]"));
	free(before), free(after);
	r = get("/units/3/cases", s.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "提交整改报告"));
	reply_free(&r);
	r = report("/units/3/cases/1/report", &s, "已补齐佐证材料", "整改.pdf", pdf);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	r = get("/units/3/cases", s.token);
	assert_non_null(strstr(r.body, "已补齐佐证材料"));
	assert_non_null(strstr(r.body, "/units/3/cases/1/files/1\">整改.pdf</a>"));
	reply_free(&r);
	r = get("/units/3/cases/1/files/1", s.token);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, pdf);
	reply_free(&r);
	/* The office: the case page, a bad deadline refused, close. */
	struct session o = login("office");
	r = get("/cases/1", o.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<td id=\"case-state\">已报告</td>"));
	assert_non_null(strstr(r.body, "退回重新整改"));
	reply_free(&r);
	char *body = xasprintf("csrf=%s&unit=3&reason=x&deadline=2001-01-01", o.csrf);
	r = post("/cases", o.token, body);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "deadline"));
	reply_free(&r);
	free(body);
	body = xasprintf("csrf=%s&note=", o.csrf);
	r = post("/cases/1/close", o.token, body);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	free(body);
	r = get("/cases/1", o.token);
	assert_non_null(strstr(r.body, "<td id=\"case-state\">已销号</td>"));
	reply_free(&r);
	r = get("/cases", o.token);
	assert_non_null(strstr(r.body, "规则提出的督办建议"));
	assert_non_null(strstr(r.body, "立案"));
	reply_free(&r);
	r = get("/cases/listing.csv", o.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.head, "Content-Type: text/csv; charset=utf-8"));
	assert_memory_equal(r.body, "\xef\xbb\xbf", 3);
	reply_free(&r);
	r = get("/cases/listing", o.token);
	assert_non_null(strstr(r.body, "挂牌督办清单"));
	reply_free(&r);
	r = get("/api/v1/units/3/cases", s.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"state\":\"closed\""));
	reply_free(&r);
	session_free(&s), session_free(&o);
}

int main(void)
{
#define F(f) cmocka_unit_test_setup_teardown(f, fresh_store, drop_store)
#define D(f) cmocka_unit_test_setup_teardown(f, demo_store, drop_store)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score_rule_fires_only_below_the_threshold_and_only_on_a_complete_assessment),
		cmocka_unit_test(test_overdue_rule_needs_more_than_the_days_and_ignores_reported_cases),
		cmocka_unit_test(test_evidence_rule_starts_the_day_after_the_material_deadline_in_china_time),
		cmocka_unit_test(test_complaint_rule_fires_at_the_threshold),
		cmocka_unit_test(test_no_proposal_duplicates_a_case_that_is_not_closed),
		cmocka_unit_test(test_date_arithmetic_crosses_months_and_leap_days),
		F(test_case_goes_open_report_return_report_close_with_events_and_audit),
		F(test_sweep_escalates_one_level_per_overdue_period_and_is_idempotent_on_a_day),
		F(test_bad_input_is_refused_naming_the_field_and_nothing_changes),
		F(test_listing_csv_has_a_bom_and_lists_level_three_and_up),
		F(test_score_rule_waits_for_a_complete_submitted_assessment),
		D(test_propose_reads_scores_evidence_and_complaints_from_the_store),
		D(test_clerk_reports_on_own_case_only_and_office_closes_it_on_the_pages),
	};
	return cmocka_run_group_tests_name("cases", tests, NULL, NULL);
}
