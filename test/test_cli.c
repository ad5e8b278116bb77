/* test_cli.c — the command line through the real binary: init, units,
 * rubric show/export/import, group, tasks, scores (set, workflow, import in
 * UTF-8 and GBK), reports in three formats, and every kind of bad input
 * refused with exit status 2 and the store left unchanged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "cli/cli_int.h"
#include "domain/campaign.h"
#include "domain/settings.h"
#include "core/util.h"

/* Runs kaoping --db DB with the arguments given (NULL-terminated). */
#define KP(...) run_kaoping(NULL, (const char *const[]){"--db", db, __VA_ARGS__, NULL})

/* Asserts that R failed with exit status 2, that its message contains
 * WANT, and that the store's contents are still BEFORE. */
static void assert_refused(struct run *r, const char *want, const char *before)
{
	if (r->status != 2)
		fail_msg("expected exit 2, got %d; stdout: %s stderr: %s", r->status, r->out, r->err);
	if (!strstr(r->err, want))
		fail_msg("stderr lacks \"%s\": %s", want, r->err);
	if (before) {
		char *after = store_fingerprint(db);
		assert_string_equal(before, after);
		free(after);
	}
	run_free(r);
}

static json_t *json_of(struct run *r)
{
	json_error_t je;
	if (r->status != 0)
		fail_msg("exit %d: %s", r->status, r->err);
	json_t *j = json_loads(r->out, 0, &je);
	if (!j)
		fail_msg("not JSON (%s): %s", je.text, r->out);
	run_free(r);
	return j;
}

static void test_init_refuses_to_overwrite_without_force(void **state)
{
	(void)state;
	struct run r = KP("score", "set", "审计局", "2", "3");
	assert_int_equal(r.status, 0);
	run_free(&r);
	char *before = store_fingerprint(db);
	r = KP("init");
	assert_refused(&r, "already exists; use --force", before);
	free(before);
	r = KP("init", "--force");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("report", "unit", "审计局", "--format", "json");
	json_t *j = json_of(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "points")), 0); /* the old score is gone */
	json_decref(j);
}

static void test_unit_list_json_gives_maxima_66_100_85(void **state)
{
	(void)state;
	struct run r = KP("--json", "unit", "list");
	json_t *j = json_of(&r);
	assert_int_equal(json_array_size(j), 18);
	size_t i;
	json_t *u;
	int seen = 0;
	json_array_foreach(j, i, u) {
		const char *name = json_string_value(json_object_get(u, "name"));
		double max = json_number_value(json_object_get(u, "max_points"));
		size_t ncrit = json_array_size(json_object_get(u, "criteria"));
		if (!strcmp(name, "区审计局"))
			assert_true(max == 66 && ncrit == 16), seen++;
		if (!strcmp(name, "区工信局"))
			assert_true(max == 100 && ncrit == 23), seen++;
		if (!strcmp(name, "区政府办")) {
			assert_true(max == 85), seen++;
			assert_string_equal(json_string_value(json_array_get(json_object_get(u, "aliases"), 0)), "政府办");
		}
	}
	assert_int_equal(seen, 3);
	json_decref(j);
}

static void test_unit_resolve_aliases_collective_and_refusals(void **state)
{
	(void)state;
	struct run r = KP("unit", "resolve", "文广局");
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "区文体广电和旅游局\n");
	run_free(&r);
	r = KP("unit", "resolve", "公积金中心");
	assert_string_equal(r.out, "区公积金管理中心\n");
	run_free(&r);
	r = KP("unit", "resolve", "区政府机关各单位");
	assert_int_equal(r.status, 0);
	int lines = 0;
	for (char *p = r.out; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 18);
	run_free(&r);
	r = KP("unit", "resolve", "中心");
	assert_refused(&r, "ambiguous unit \"中心\": could be 区公积金管理中心, 区农业产业化发展中心", NULL);
	r = KP("unit", "resolve", "教育局");
	assert_refused(&r, "unknown unit \"教育局\"", NULL);
}

static void test_rubric_show_json_has_the_documented_shape(void **state)
{
	(void)state;
	struct run r = KP("--json", "rubric", "show");
	json_t *j = json_of(&r);
	assert_string_equal(json_string_value(json_object_get(j, "title")), "XX区政府机关创建全省民族团结进步示范区工作任务分解表");
	assert_int_equal(json_integer_value(json_object_get(j, "total_points")), 100);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 4);
	json_t *ind = json_array_get(json_object_get(json_array_get(items, 0), "indicators"), 0);
	assert_string_equal(json_string_value(json_object_get(ind, "name")), "高度重视");
	assert_int_equal(json_integer_value(json_object_get(ind, "points")), 8);
	assert_string_equal(json_string_value(json_array_get(json_object_get(ind, "methods"), 1)), "查阅资料");
	assert_string_equal(json_string_value(json_array_get(json_object_get(ind, "units"), 0)), "区政府机关各单位");
	assert_string_equal(json_string_value(json_object_get(ind, "deadline")), "2024-07-31");
	json_t *c1 = json_array_get(json_object_get(ind, "criteria"), 0);
	assert_int_equal(json_integer_value(json_object_get(c1, "no")), 1);
	json_t *parts = json_object_get(c1, "parts");
	assert_int_equal(json_array_size(parts), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(parts, 1), "points")), 2);
	json_t *ind7 = json_array_get(json_object_get(json_array_get(items, 2), "indicators"), 2);
	assert_string_equal(json_string_value(json_array_get(json_object_get(ind7, "units"), 7)), "残联");
	json_decref(j);
}

static void test_rubric_export_import_round_trip_changes_nothing(void **state)
{
	(void)state;
	const char *file = scratch_path("rubric.json");
	struct run r = KP("rubric", "export", "--output", file);
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("rubric", "import", file);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "23 criteria, 100 points; 0 changes"));
	run_free(&r);
	/* Change criterion 2 to 5 points: the dry run lists it and saves nothing. */
	json_error_t je;
	json_t *j = json_load_file(file, 0, &je);
	json_t *c2 = json_array_get(json_object_get(json_array_get(json_object_get(json_array_get(json_object_get(j, "items"), 0),
										  "indicators"), 0), "criteria"), 1);
	json_object_set_new(c2, "points", json_integer(5));
	json_object_del(json_array_get(json_object_get(j, "items"), 0), "points");
	json_object_del(json_array_get(json_object_get(json_array_get(json_object_get(j, "items"), 0), "indicators"), 0), "points");
	json_object_del(j, "total_points");
	json_dump_file(j, file, 0);
	json_decref(j);
	char *before = store_fingerprint(db);
	r = KP("rubric", "import", file, "--dry-run");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "criterion 2: changed [points]"));
	assert_non_null(strstr(r.out, "total points: 100 -> 101"));
	assert_non_null(strstr(r.out, "dry run: nothing saved"));
	run_free(&r);
	char *after = store_fingerprint(db);
	assert_string_equal(before, after);
	free(after);
	free(before);
	r = KP("rubric", "import", file);
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("score", "set", "审计局", "2", "5");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("audit", "list");
	assert_non_null(strstr(r.out, "rubric.import"));
	run_free(&r);
}

static void test_rubric_import_refuses_bad_files_and_changes_nothing(void **state)
{
	(void)state;
	char *before = store_fingerprint(db);
	const char *file = scratch_path("bad.json");
	const char *notjson = "{\"title\": \"t\",\n \"items\": [ }";
	write_file(file, notjson, strlen(notjson));
	struct run r = KP("rubric", "import", file);
	assert_refused(&r, "bad.json:2:", before);
	const char *badunit = "{\"title\":\"t\",\"items\":[{\"name\":\"i\",\"indicators\":[{\"name\":\"n\",\"methods\":[\"听取汇报\"],"
			      "\"units\":[\"区教育局\"],\"criteria\":[{\"no\":1,\"text\":\"x\",\"points\":4}]}]}]}";
	write_file(file, badunit, strlen(badunit));
	r = KP("rubric", "import", file);
	assert_refused(&r, "items[0].indicators[0].units[0]: unknown unit \"区教育局\"", before);
	const char *badsum = "{\"title\":\"t\",\"total_points\":100,\"items\":[{\"name\":\"i\",\"indicators\":[{\"name\":\"n\",\"methods\":[\"m\"],"
			     "\"units\":[\"残联\"],\"criteria\":[{\"no\":1,\"text\":\"x\",\"points\":4}]}]}]}";
	write_file(file, badsum, strlen(badsum));
	r = KP("rubric", "import", file);
	assert_refused(&r, "total_points: says 100 but the criteria add up to 4", before);
	const char *badutf8 = "{\"title\":\"\xb5\xa5\"}";
	write_file(file, badutf8, strlen(badutf8));
	r = KP("rubric", "import", file);
	assert_refused(&r, "bad.json:1:", before);
	free(before);
}

static void test_rubric_import_refuses_to_orphan_stored_scores(void **state)
{
	(void)state;
	struct run r = KP("score", "set", "区商务局", "14", "4");
	assert_int_equal(r.status, 0);
	run_free(&r);
	/* A rubric where indicator 保障合法权益 no longer names 商务局. */
	const char *file = scratch_path("r.json");
	r = KP("rubric", "export", "--output", file);
	run_free(&r);
	size_t len;
	char *text = read_file(file, &len);
	char *p;
	while ((p = strstr(text, "\"商务局\",\n")) && strstr(text, "保障合法权益") < p && p - strstr(text, "保障合法权益") < 900)
		memmove(p, p + strlen("\"商务局\",\n"), strlen(p + strlen("\"商务局\",\n")) + 1);
	write_file(file, text, strlen(text));
	free(text);
	char *before = store_fingerprint(db);
	r = KP("rubric", "import", file);
	assert_refused(&r, "区商务局 criterion 14: the unit is no longer responsible", before);
	free(before);
}

static void test_group_assign_replaces_the_holder_and_keeps_history(void **state)
{
	(void)state;
	struct run r = KP("group", "assign", "区民政局", "张三", "--from", "2024-05-01");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "区民政局副局长: 张三 from 2024-05-01 (previously XX)"));
	run_free(&r);
	r = KP("--json", "group", "show");
	json_t *j = json_of(&r);
	json_t *pos = json_object_get(j, "positions");
	assert_int_equal(json_array_size(pos), 20);
	size_t i;
	json_t *p;
	int found = 0;
	json_array_foreach(pos, i, p) {
		if (strcmp(json_string_value(json_object_get(p, "title")), "区民政局副局长"))
			continue;
		found = 1;
		assert_string_equal(json_string_value(json_object_get(p, "holder")), "张三");
		json_t *h = json_object_get(p, "history");
		assert_int_equal(json_array_size(h), 2);
		assert_string_equal(json_string_value(json_object_get(json_array_get(h, 0), "name")), "XX");
		assert_string_equal(json_string_value(json_object_get(json_array_get(h, 0), "to")), "2024-05-01");
	}
	assert_true(found);
	assert_string_equal(json_string_value(json_object_get(json_array_get(pos, 0), "title")), "区政府办主任");
	assert_string_equal(json_string_value(json_object_get(json_array_get(pos, 0), "role")), "组长");
	json_decref(j);
	char *before = store_fingerprint(db);
	r = KP("group", "assign", "区政府办", "李四");
	assert_refused(&r, "position \"区政府办\" is ambiguous", before);
	r = KP("group", "assign", "组长", "李四", "--from", "2024-13-01");
	assert_refused(&r, "--from: \"2024-13-01\" is not a date", before);
	r = KP("group", "assign", "区民政局", "王五", "--from", "2024-01-01");
	assert_refused(&r, "before the current holder took office", before);
	free(before);
	r = KP("group", "assign", "组长", "李四");
	assert_int_equal(r.status, 0);
	run_free(&r);
}

/* The domain names the field ("from", "kind", "year"); the command line
 * says it as the command takes it (--from, --kind, --year, KEY) and adds
 * the command that lists what may be given. */
static void test_domain_fields_are_named_as_each_command_takes_them(void **state)
{
	(void)state;
	char *before = store_fingerprint(db);
	struct run r = KP("group", "assign", "组长", "李四", "--from", "2024-13-01");
	assert_refused(&r, "kaoping group: --from: \"2024-13-01\" is not a date", before);
	r = KP("group", "assign", "没有的职务", "李四");
	assert_refused(&r, "no position \"没有的职务\" (`kaoping group show` lists them)", before);
	r = KP("ledger", "add", "审计局", "--date", "2024-03-01", "--kind", "座谈会", "--title", "会");
	assert_refused(&r, "--kind: \"座谈会\" is not a ledger kind (`kaoping ledger kinds` lists them)", before);
	r = KP("ledger", "add", "审计局", "--date", "2024-03-01", "--kind", "培训", "--title", "会", "--file",
	       scratch_path("missing.pdf"));
	assert_refused(&r, "--file: ", before);
	r = KP("duty", "add", "--criterion", "1", "--kind", "没有的类别", "--count", "1");
	assert_refused(&r, "(`kaoping ledger kinds` lists them)", before);
	r = KP("duty", "edit", "9999", "--count", "1");
	assert_refused(&r, "no duty rule 9999 (`kaoping duty list` shows them)", before);
	r = KP("campaign", "copy", "--year", "2023");
	assert_refused(&r, "--year: give a year after the current campaign's 2024", before);
	r = KP("setting", "set", "no_such_key", "1");
	assert_refused(&r, "no setting \"no_such_key\" (`kaoping setting list` names them)", before);
	r = KP("messages", "list", "--user", "nobody");
	assert_refused(&r, "no account \"nobody\" (`kaoping user list` shows them)", before);
	r = KP("tasks", "--unit", "没有这个单位");
	assert_refused(&r, "(`kaoping unit list` shows the units)", before);
	free(before);
}

/* The domain and the core name no flag and no command in what they
 * report (the CLI words the field as its command takes it): no string of
 * theirs starts with "--x" or holds "`kaoping"; the hook's curl
 * arguments are arguments, not words. */
static void test_domain_and_core_messages_name_no_flag_or_command(void **state)
{
	(void)state;
	struct strbuf found = {0};
	static const char *const dirs[] = {"src/domain", "src/core"};
	for (size_t d = 0; d < 2; d++) {
		char *cmd = xasprintf("ls %s/*.c", dirs[d]);
		FILE *ls = popen(cmd, "r");
		free(cmd);
		assert_non_null(ls);
		char path[512];
		while (fgets(path, sizeof path, ls)) {
			path[strcspn(path, "\n")] = 0;
			char *text = read_file(path, NULL);
			int line = 1;
			for (char *p = text; *p; line++) {
				char *end = strchr(p, '\n');
				if (end)
					*end = 0;
				const char *t = p + strspn(p, " \t");
				bool comment = !strncmp(t, "/*", 2) || !strncmp(t, "*", 1) || !strncmp(t, "//", 2);
				bool curl = strstr(p, "--data-binary") != NULL;
				for (const char *q = p; !comment && !curl && (q = strstr(q, "\"--")); q++)
					if (q[3] >= 'a' && q[3] <= 'z')
						sb_addf(&found, "%s:%d: %s\n", path, line, t);
				if (!comment && strstr(p, "`kaoping"))
					sb_addf(&found, "%s:%d: %s\n", path, line, t);
				if (!end)
					break;
				p = end + 1;
			}
			free(text);
		}
		pclose(ls);
	}
	if (found.len)
		fail_msg("the domain names a flag or a command:\n%s", sb_str(&found));
	sb_free(&found);
}

static void test_tasks_for_a_unit_lists_its_tasks_and_criteria(void **state)
{
	(void)state;
	struct run r = KP("--json", "tasks", "--unit", "审计局");
	json_t *j = json_of(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "max_points")), 66);
	assert_int_equal(json_array_size(json_object_get(j, "criteria")), 16);
	json_t *progs = json_object_get(j, "programmes");
	int tasks = 0;
	size_t i, k;
	json_t *p, *t;
	json_array_foreach(progs, i, p) json_array_foreach(json_object_get(p, "tasks"), k, t) {
		int no = (int)json_integer_value(json_object_get(t, "no"));
		assert_true(no != 3 && no != 4 && no != 5 && no != 11);
		tasks++;
	}
	assert_int_equal(tasks, 7); /* 1, 2, 6, 7, 8, 9, 10 */
	json_decref(j);
	r = KP("--json", "tasks", "--unit", "价监局");
	j = json_of(&r);
	char *text = json_dumps(j, 0);
	assert_non_null(strstr(text, "不断强化清真食品安全管理"));
	free(text);
	json_decref(j);
	r = KP("--json", "tasks");
	j = json_of(&r);
	assert_int_equal(json_array_size(json_object_get(j, "programmes")), 5);
	json_decref(j);
}

static void test_score_set_refuses_bad_points_and_leaves_the_store_unchanged(void **state)
{
	(void)state;
	char *before = store_fingerprint(db);
	struct run r;
	r = KP("score", "set", "审计局", "2", "3.55");
	assert_refused(&r, "POINTS: \"3.55\" is not a number of points with at most one decimal", before);
	r = KP("score", "set", "审计局", "2", "4.5");
	assert_refused(&r, "points 4.5 for criterion 2 are out of range 0–4", before);
	r = KP("score", "set", "审计局", "2", "-1");
	assert_refused(&r, "POINTS: \"-1\" is not a number", before);
	r = KP("score", "set", "审计局", "12", "1");
	assert_refused(&r, "criterion 12 does not apply to 区审计局", before);
	r = KP("score", "set", "教育局", "2", "1");
	assert_refused(&r, "UNIT: unknown unit \"教育局\"", before);
	r = KP("score", "set", "审计局", "1", "2");
	assert_refused(&r, "criterion 1 is scored in 2 parts", before);
	r = KP("score", "set", "审计局", "8.3", "2");
	assert_refused(&r, "there is no part 8.3", before);
	r = KP("score", "set", "审计局", "24", "2");
	assert_refused(&r, "CRITERION: \"24\" is not a criterion", before);
	r = KP("score", "set", "区政府机关各单位", "2", "2");
	assert_refused(&r, "names all units", before);
	r = KP("score", "set", "审计局", "2", "\xb5\xa5");
	assert_refused(&r, "not valid UTF-8", before);
	r = KP("score", "set", "审计局", "2", "2", "--bogus");
	assert_refused(&r, "unknown option --bogus", before);
	r = KP("score", "set", "审计局", "2", "2", "--deduct", "1");
	assert_refused(&r, "give POINTS or one of --deduct, --times, --veto, not several", before);
	free(before);
}

static void test_score_workflow_final_scores_change_only_by_correction(void **state)
{
	(void)state;
	struct run r = KP("score", "set", "审计局", "1.1", "1.5", "--by", "测评组1", "--comment", "资料不全");
	assert_int_equal(r.status, 0);
	run_free(&r);
	/* a correction is for a final score only: a draft is set plainly */
	char *draft = store_fingerprint(db);
	r = KP("score", "set", "审计局", "1.1", "2", "--correct", "--reason", "复核");
	assert_refused(&r, "--correct: the score of 区审计局 on criterion 1.1 is not final; set it without a correction",
		       draft);
	free(draft);
	r = KP("score", "set", "审计局", "1.1", "2", "--self", "--by", "联络员");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("score", "submit", "审计局");
	assert_string_equal(r.out, "1 score draft -> submitted (区审计局)\n");
	run_free(&r);
	r = KP("score", "finalize", "--all");
	assert_non_null(strstr(r.out, "1 score submitted -> final"));
	run_free(&r);
	char *before = store_fingerprint(db);
	r = KP("score", "set", "审计局", "1.1", "2");
	assert_refused(&r, "is final; change it with --correct --reason", before);
	r = KP("score", "set", "审计局", "1.1", "2", "--correct");
	assert_refused(&r, "--correct needs --reason", before);
	free(before);
	r = KP("score", "set", "审计局", "1.1", "2", "--correct", "--reason", "复核补充材料");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("report", "unit", "审计局", "--format", "json");
	json_t *j = json_of(&r);
	json_t *c = json_array_get(json_object_get(j, "criteria"), 0);
	assert_int_equal(json_integer_value(json_object_get(c, "assessor")), 2);
	assert_string_equal(json_string_value(json_object_get(c, "state")), "final");
	assert_int_equal(json_integer_value(json_object_get(c, "self")), 2);
	assert_true(json_number_value(json_object_get(j, "max_points")) == 66);
	json_decref(j);
	r = KP("--json", "score", "history", "审计局");
	j = json_of(&r);
	assert_int_equal(json_array_size(j), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "reason")), "复核补充材料");
	assert_true(json_number_value(json_object_get(json_array_get(j, 0), "points")) == 1.5);
	json_decref(j);
	r = KP("audit", "list");
	assert_non_null(strstr(r.out, "score.correct"));
	assert_non_null(strstr(r.out, "1.5 -> 2; correction: 复核补充材料"));
	run_free(&r);
}

static void test_score_rules_deduct_award_and_veto_through_the_cli(void **state)
{
	(void)state;
	const char *file = scratch_path("rules.json");
	const char *rubric =
		"{\"title\":\"规则\",\"items\":[{\"name\":\"项\",\"indicators\":[{\"name\":\"指标\",\"methods\":[\"查阅资料\"],"
		"\"units\":[\"区政府机关各单位\"],\"criteria\":["
		"{\"no\":1,\"text\":\"每缺一项扣1分，扣完为止\",\"points\":3,\"deduct\":{\"per\":1}},"
		"{\"no\":2,\"text\":\"扣1-3分\",\"points\":5,\"deduct\":{\"min\":1,\"max\":3}},"
		"{\"no\":3,\"text\":\"加分项\",\"points\":2,\"kind\":\"bonus\",\"award\":{\"per\":0.5}},"
		"{\"no\":4,\"text\":\"一票否决\",\"points\":0,\"kind\":\"veto\"}]}]}]}";
	write_file(file, rubric, strlen(rubric));
	struct run r = KP("rubric", "import", file);
	if (r.status)
		fail_msg("%s", r.err);
	assert_non_null(strstr(r.out, "8 points")); /* the bonus is not in the maximum */
	run_free(&r);
	r = KP("score", "set", "审计局", "1", "--deduct", "1,1,1,1");
	assert_string_equal(r.out, "区审计局 1 assessor: 0\n");
	run_free(&r);
	r = KP("score", "set", "审计局", "2", "--deduct", "2.5");
	assert_string_equal(r.out, "区审计局 2 assessor: 2.5\n");
	run_free(&r);
	r = KP("score", "set", "审计局", "2", "--deduct", "3.5");
	assert_refused(&r, "outside 1–3", NULL);
	r = KP("score", "set", "审计局", "3", "--times", "7");
	assert_string_equal(r.out, "区审计局 3 assessor: 2\n");
	run_free(&r);
	r = KP("score", "set", "工信局", "1", "3");
	run_free(&r);
	r = KP("score", "set", "工信局", "2", "5");
	run_free(&r);
	r = KP("score", "set", "工信局", "3", "--times", "0"); /* a bonus criterion is scored too, if only 0 */
	run_free(&r);
	r = KP("score", "set", "工信局", "4", "--veto", "yes");
	assert_non_null(strstr(r.out, "veto triggered"));
	run_free(&r);
	r = KP("score", "submit", "--all"); /* drafts never make a result */
	run_free(&r);
	r = KP("--json", "report", "ranking");
	json_t *j = json_of(&r);
	json_t *first = json_array_get(j, 0), *last = json_array_get(j, 1); /* vetoed: after every assessed unit */
	assert_string_equal(json_string_value(json_object_get(first, "unit")), "区审计局");
	assert_true(json_number_value(json_object_get(first, "points")) == 4.5);
	assert_true(json_number_value(json_object_get(first, "max_points")) == 8);
	assert_true(json_number_value(json_object_get(first, "percent")) == 56.3);
	assert_string_equal(json_string_value(json_object_get(last, "unit")), "区工信局");
	assert_string_equal(json_string_value(json_object_get(last, "grade")), "不合格");
	assert_true(json_is_true(json_object_get(last, "vetoed")));
	assert_true(json_is_null(json_object_get(json_array_get(j, 2), "rank")));
	json_decref(j);
}

static const char gbk_sheet[] =
	"\xb5\xa5\xce\xbb\x2c\xb2\xe2\xc6\xc0\xc4\xda\xc8\xdd\x2c\xb5\xc3\xb7\xd6\x2c\xb1\xb8\xd7\xa2\x0d\x0a" /* 单位,测评内容,得分,备注 */
	"\xc7\xf8\xc9\xf3\xbc\xc6\xbe\xd6\x2c\x32\x2c\x33\x2e\x35\x2c\xd7\xca\xc1\xcf\xc6\xeb\xc8\xab\x0d\x0a" /* 区审计局,2,3.5,资料齐全 */
	"\xce\xc4\xb9\xe3\xbe\xd6\x2c\x31\x32\x2c\x34\x2c\x0d\x0a";                                         /* 文广局,12,4, */

static void test_score_import_reads_gbk_as_excel_saves_it(void **state)
{
	(void)state;
	const char *file = scratch_path("gbk.csv");
	write_file(file, gbk_sheet, sizeof gbk_sheet - 1);
	struct run r = KP("score", "import", file);
	if (r.status)
		fail_msg("%s", r.err);
	assert_non_null(strstr(r.out, "2 scores imported (0 replaced), encoding gbk"));
	run_free(&r);
	r = KP("report", "unit", "区审计局", "--format", "json");
	json_t *j = json_of(&r);
	json_t *c2 = json_array_get(json_object_get(j, "criteria"), 2);
	assert_int_equal(json_integer_value(json_object_get(c2, "no")), 2);
	assert_true(json_number_value(json_object_get(c2, "assessor")) == 3.5);
	assert_string_equal(json_string_value(json_object_get(c2, "comment")), "资料齐全");
	json_decref(j);
	/* Forcing UTF-8 on GBK bytes is refused, naming the line. */
	char *before = store_fingerprint(db);
	r = KP("score", "import", file, "--encoding", "utf-8");
	assert_refused(&r, "line 1: invalid UTF-8", before);
	free(before);
}

static void test_score_import_utf8_bom_chinese_headers_and_kinds(void **state)
{
	(void)state;
	const char *file = scratch_path("u.csv");
	const char *sheet = "\xef\xbb\xbf单位,测评内容,得分,类型,评分人,说明\n"
			    "区政府办,1.1,2,自评,王联络员,\"已成立，文件见附件\"\n"
			    "政府办,1.1,1.5,测评,测评组2,\n"
			    "残联,17,6.5,测评,测评组2,\n";
	write_file(file, sheet, strlen(sheet));
	struct run r = KP("score", "import", file, "--by", "office");
	if (r.status)
		fail_msg("%s", r.err);
	assert_non_null(strstr(r.out, "3 scores imported"));
	assert_non_null(strstr(r.out, "utf-8"));
	run_free(&r);
	r = KP("report", "unit", "政府办", "--format", "json");
	json_t *j = json_of(&r);
	json_t *c = json_array_get(json_object_get(j, "criteria"), 0);
	assert_true(json_number_value(json_object_get(c, "self")) == 2);
	assert_true(json_number_value(json_object_get(c, "assessor")) == 1.5);
	assert_string_equal(json_string_value(json_object_get(c, "by")), "测评组2");
	json_decref(j);
	/* Importing again replaces and keeps the old values in the history. */
	r = KP("score", "import", file);
	assert_non_null(strstr(r.out, "(3 replaced)"));
	run_free(&r);
	r = KP("--json", "score", "history", "残联");
	j = json_of(&r);
	assert_int_equal(json_array_size(j), 1);
	json_decref(j);
}

static void test_score_import_is_all_or_nothing_with_errors_by_line(void **state)
{
	(void)state;
	const char *file = scratch_path("bad.csv");
	const char *sheet = "unit,criterion,points\n"
			    "区审计局,2,3\n"
			    "区审计局,12,1\n"       /* 3: not responsible */
			    "区审计局,3,3.25\n"     /* 4: over-precise */
			    "教育局,2,1\n"          /* 5: unknown unit */
			    "区审计局,2,2\n"        /* 6: twice */
			    "区审计局,99,1\n"       /* 7: no such criterion */
			    "区审计局,4,9\n";       /* 8: out of range */
	write_file(file, sheet, strlen(sheet));
	char *before = store_fingerprint(db);
	struct run r = KP("score", "import", file);
	assert_int_equal(r.status, 2);
	static const char *const want[] = {"line 3: criterion 12 does not apply", "line 4: points: \"3.25\"",
					   "line 5: unit: unknown unit \"教育局\"", "line 6: 区审计局, criterion 2: scored twice",
					   "line 7: criterion: \"99\"", "line 8: points 9 for criterion 4 are out of range",
					   "6 errors in"};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		if (!strstr(r.err, want[i]))
			fail_msg("missing \"%s\" in: %s", want[i], r.err);
	assert_null(strstr(r.err, "line 2:"));
	run_free(&r);
	char *after = store_fingerprint(db);
	assert_string_equal(before, after);
	free(after);
	const char *broken = "unit,criterion,points\n区审计局,2,\"3\n";
	write_file(file, broken, strlen(broken));
	r = KP("score", "import", file);
	assert_refused(&r, "line 2: unterminated quoted field", before);
	const char *noheader = "区审计局,2,3\n";
	write_file(file, noheader, strlen(noheader));
	r = KP("score", "import", file);
	assert_refused(&r, "line 1: the header must name the columns", before);
	r = KP("score", "import", scratch_path("missing.csv"));
	assert_refused(&r, "missing.csv: No such file", before);
	r = KP("score", "import", file, "--encoding", "latin1");
	assert_refused(&r, "--encoding: \"latin1\"", before);
	free(before);
}

static void test_score_import_dry_run_checks_and_saves_nothing(void **state)
{
	(void)state;
	const char *file = scratch_path("ok.csv");
	const char *sheet = "unit,criterion,points\n区审计局,2,3\n";
	write_file(file, sheet, strlen(sheet));
	char *before = store_fingerprint(db);
	struct run r = KP("score", "import", file, "--dry-run");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "1 score checked, 0 would replace a stored score, encoding utf-8; dry run: nothing saved"));
	run_free(&r);
	char *after = store_fingerprint(db);
	assert_string_equal(before, after);
	free(after);
	free(before);
}

static void test_reports_in_text_json_and_csv(void **state)
{
	(void)state;
	struct run r = KP("init", "--force", "--demo");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("--json", "report", "ranking");
	json_t *j = json_of(&r);
	assert_int_equal(json_array_size(j), 18);
	json_t *first = json_array_get(j, 0);
	static const char *const keys[] = {"rank", "unit", "points", "max_points", "percent", "grade"};
	for (size_t i = 0; i < 6; i++)
		assert_non_null(json_object_get(first, keys[i]));
	assert_int_equal(json_integer_value(json_object_get(first, "rank")), 1);
	double prev = 101;
	size_t i;
	json_t *row;
	int unranked = 0, drafted = 0;
	json_array_foreach(j, i, row) {
		if (json_is_null(json_object_get(row, "rank"))) { /* incomplete or not assessed: last, no grade */
			assert_true(json_is_null(json_object_get(row, "grade")));
			assert_true(json_is_false(json_object_get(row, "complete")));
			drafted += json_integer_value(json_object_get(row, "drafts")) > 0;
			unranked++;
			continue;
		}
		assert_int_equal(unranked, 0);
		assert_true(json_is_true(json_object_get(row, "complete")));
		double pct = json_number_value(json_object_get(row, "percent"));
		assert_true(pct <= prev);
		prev = pct;
	}
	/* the demo leaves three units unassessed and five scored only in drafts */
	assert_int_equal(unranked, 8);
	assert_int_equal(drafted, 5);
	json_decref(j);
	r = KP("report", "ranking", "--format", "csv");
	assert_int_equal(r.status, 0);
	assert_memory_equal(r.out, "\xef\xbb\xbf名次,单位,得分,满分,得分率,等级", strlen("\xef\xbb\xbf名次,单位,得分,满分,得分率,等级"));
	assert_non_null(strstr(r.out, "\r\n"));
	run_free(&r);
	r = KP("report", "ranking");
	assert_non_null(strstr(r.out, "汇总排名"));
	run_free(&r);
	r = KP("report", "ranking", "--final");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("report", "district", "--format", "json");
	j = json_of(&r);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 4);
	assert_true(json_number_value(json_object_get(j, "max_points")) == 100);
	json_decref(j);
	r = KP("report", "criteria", "--format", "json", "--weakest");
	j = json_of(&r);
	double last = -1;
	json_array_foreach(j, i, row) { /* weakest first: percent never falls */
		json_t *pct = json_object_get(row, "percent");
		if (json_is_null(pct))
			continue;
		assert_true(json_number_value(pct) >= last);
		last = json_number_value(pct);
	}
	assert_true(last > 0);
	json_decref(j);
	r = KP("report", "criteria", "--format", "csv", "--weakest");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "序号,测评指标,分值"));
	run_free(&r);
	r = KP("report", "unit", "审计局"); /* the demo's 区审计局 is scored in drafts only */
	assert_non_null(strstr(r.out, "区审计局 测评表"));
	assert_non_null(strstr(r.out, "得分 - / 66 未完成测评"));
	assert_non_null(strstr(r.out, "已评 18/18"));
	run_free(&r);
	r = KP("report", "unit", "民政局"); /* submitted: a result */
	assert_non_null(strstr(r.out, "得分 73.8 / 81 (91.1%) 优秀"));
	run_free(&r);
	r = KP("report", "unit", "审计局", "--format", "csv");
	assert_non_null(strstr(r.out, "合计"));
	run_free(&r);
	r = KP("report", "ranking", "--format", "xml");
	assert_refused(&r, "--format: \"xml\"", NULL);
	r = KP("report", "unknown");
	assert_refused(&r, "usage: kaoping report", NULL);
}

static void test_missing_locked_and_foreign_stores_are_refused(void **state)
{
	(void)state;
	const char *missing = scratch_path("none.db");
	struct run r = run_kaoping(NULL, (const char *const[]){"--db", missing, "unit", "list", NULL});
	assert_refused(&r, "no store at", NULL);
	assert_int_not_equal(access(missing, F_OK), 0); /* nothing created */
	const char *foreign = scratch_path("foreign.db");
	write_file(foreign, "hello, not a database", 21);
	r = run_kaoping(NULL, (const char *const[]){"--db", foreign, "unit", "list", NULL});
	assert_refused(&r, "is not a kaoping store", NULL);
	/* Another process holds the write lock: the write waits a bounded
	 * while, then says the store is busy (exit 1: try again, not bad
	 * input) and changes nothing; reading goes on meanwhile. */
	char *before = store_fingerprint(db);
	struct db_lock *lock = db_hold_write_lock();
	const char *const *busy_writes[] = {
		(const char *const[]){"--db", db, "score", "set", "审计局", "2", "3", NULL},
		(const char *const[]){"--db", db, "ledger", "add", "审计局", "--date", "2024-05-20", "--kind", "专题会议",
				      "--title", "会", NULL},
	};
	for (size_t i = 0; i < sizeof busy_writes / sizeof *busy_writes; i++) {
		r = run_kaoping(NULL, busy_writes[i]);
		if (r.status != 1 || !strstr(r.err, "is busy") || !strstr(r.err, "try again shortly"))
			fail_msg("a write under a held lock: exit %d, stderr %s", r.status, r.err);
		run_free(&r);
	}
	r = KP("report", "unit", "审计局");
	assert_int_equal(r.status, 0);
	run_free(&r);
	db_release_write_lock(lock);
	char *unchanged = store_fingerprint(db);
	assert_string_equal(before, unchanged);
	free(unchanged);
	r = KP("score", "set", "审计局", "2", "3");
	assert_int_equal(r.status, 0);
	run_free(&r);
	char *after = store_fingerprint(db);
	assert_string_not_equal(before, after);
	free(before);
	free(after);
}

static void test_init_with_a_bad_campaign_file_creates_nothing(void **state)
{
	(void)state;
	const char *file = scratch_path("c.json");
	const char *bad = "{\"format\":\"kaoping-campaign/1\",\"title\":\"t\",\"year\":2024,"
			  "\"units\":[{\"name\":\"甲局\",\"aliases\":[\"甲\"]},{\"name\":\"乙局\",\"aliases\":[\"甲\"]}],"
			  "\"rubric\":{\"title\":\"r\",\"items\":[]}}";
	write_file(file, bad, strlen(bad));
	const char *newdb = scratch_path("new.db");
	struct run r = run_kaoping(NULL, (const char *const[]){"--db", newdb, "init", "--campaign", file, NULL});
	assert_refused(&r, "units[1].aliases[0]: alias \"甲\" already names 甲局", NULL);
	assert_int_not_equal(access(newdb, F_OK), 0);
	/* A failed --force keeps the old store (on PostgreSQL the new one is
	 * built in a schema of its own, which is dropped). */
	char *before = store_fingerprint(db);
	r = KP("init", "--force", "--campaign", file);
	assert_refused(&r, "already names", before);
	free(before);
	if (test_pg()) {
		char *schemas = db_query("SELECT nspname FROM pg_namespace WHERE nspname = 'kaoping_init'");
		assert_string_equal(schemas, "");
		free(schemas);
	}
}

/* Stored in UTC, the audit log's times read in China time on the screen
 * and in CSV; JSON gives them as stored. */
static void test_audit_list_shows_china_time_and_json_keeps_utc(void **state)
{
	(void)state;
	struct run r = KP("score", "set", "审计局", "2", "3");
	run_free(&r);
	db_exec("UPDATE audit SET at = '2024-07-29T16:30:05Z' WHERE id = 2");
	r = KP("audit", "list");
	assert_int_equal(r.status, 0);
	if (!strstr(r.out, "2024-07-30 00:30:05") || strstr(r.out, "2024-07-29T16:30:05Z"))
		fail_msg("audit list: %s", r.out);
	run_free(&r);
	r = KP("--json", "audit", "list");
	assert_non_null(strstr(r.out, "\"at\":\"2024-07-29T16:30:05Z\""));
	run_free(&r);
}

static void test_audit_verify_detects_edited_and_deleted_entries(void **state)
{
	(void)state;
	struct run r = KP("score", "set", "审计局", "2", "3");
	run_free(&r);
	r = KP("score", "set", "审计局", "2", "4");
	run_free(&r);
	r = KP("audit", "verify");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "audit log intact: 3 entries"));
	run_free(&r);
	db_exec("UPDATE audit SET detail = '4 -> 5' WHERE id = 3");
	r = KP("audit", "verify");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "audit entry 3 was changed"));
	run_free(&r);
	db_exec("DELETE FROM audit WHERE id = 2");
	r = KP("audit", "verify");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "audit entries 2 to 2 are missing"));
	run_free(&r);
}

/* Fixes for problems found while writing the docs. */
static void test_group_role_held_by_several_positions_is_ambiguous(void **state)
{
	(void)state;
	char *before = store_fingerprint(db);
	struct run r = KP("group", "assign", "成员", "赵六");
	assert_refused(&r, "position \"成员\" is ambiguous", before);
	free(before);
}

static void test_import_lists_every_final_score_it_would_overwrite(void **state)
{
	(void)state;
	struct run r = KP("score", "set", "审计局", "2", "3");
	run_free(&r);
	r = KP("score", "set", "审计局", "3", "3");
	run_free(&r);
	r = KP("score", "submit", "审计局");
	run_free(&r);
	r = KP("score", "finalize", "审计局");
	run_free(&r);
	const char *file = scratch_path("f.csv");
	const char *sheet = "单位,序号,测评内容,得分\n区审计局,2,建立民族团结进步创建工作经费保障机制,1\n区审计局,3,制定创建工作活动方案,1\n";
	write_file(file, sheet, strlen(sheet));
	char *before = store_fingerprint(db);
	r = KP("score", "import", file);
	if (!strstr(r.err, "line 2: the score of 区审计局 on criterion 2 is final") ||
	    !strstr(r.err, "line 3: the score of 区审计局 on criterion 3 is final"))
		fail_msg("%s", r.err);
	/* the way out, said once by the command line (not by each line) */
	const char *how = "`kaoping score set UNIT CRITERION POINTS --correct --reason TEXT`";
	assert_non_null(strstr(r.err, how));
	assert_null(strstr(strstr(r.err, how) + 1, how));
	assert_refused(&r, "2 errors", before);
	free(before);
}

static void test_veto_and_floor_apply_to_sheets_and_direct_points(void **state)
{
	(void)state;
	const char *file = scratch_path("rules.json");
	const char *rubric =
		"{\"title\":\"规则\",\"items\":[{\"name\":\"项\",\"indicators\":[{\"name\":\"指标\",\"methods\":[\"查阅资料\"],"
		"\"units\":[\"区政府机关各单位\"],\"criteria\":["
		"{\"no\":1,\"text\":\"扣分\",\"points\":5,\"deduct\":{\"per\":1,\"floor\":2}},"
		"{\"no\":2,\"text\":\"一票否决\",\"points\":0,\"kind\":\"veto\"}]}]}]}";
	write_file(file, rubric, strlen(rubric));
	struct run r = KP("rubric", "import", file);
	assert_int_equal(r.status, 0);
	run_free(&r);
	char *before = store_fingerprint(db);
	r = KP("score", "set", "审计局", "1", "1.5");
	assert_refused(&r, "out of range 2–5", before);
	r = KP("score", "set", "审计局", "1", "--deduct", "1,x");
	assert_refused(&r, "--deduct: \"x\" is not a number of points", before);
	free(before);
	const char *csv = scratch_path("v.csv");
	const char *sheet = "unit,criterion,points\n区审计局,1,4\n区审计局,2,是\n区工信局,1,5\n区工信局,2,否\n";
	const char *maybe = "unit,criterion,points\n区审计局,2,maybe\n";
	write_file(csv, maybe, strlen(maybe));
	r = KP("score", "import", csv);
	assert_refused(&r, "line 2: points: \"maybe\" must be 是 or 否 for veto criterion 2", NULL);
	write_file(csv, sheet, strlen(sheet));
	r = KP("score", "import", csv);
	if (r.status)
		fail_msg("%s", r.err);
	run_free(&r);
	r = KP("score", "submit", "--all"); /* drafts never make a result */
	run_free(&r);
	r = KP("--json", "report", "ranking");
	json_t *j = json_of(&r);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "unit")), "区工信局");
	/* Raising the floor above a stored score is refused. */
	char *text = read_file(file, NULL), *p = strstr(text, "\"floor\":2");
	p[8] = '5';
	write_file(file, text, strlen(text));
	free(text);
	struct run r2 = KP("rubric", "import", file);
	assert_refused(&r2, "区审计局 criterion 1: the score is below the new floor", NULL);
	assert_true(json_is_true(json_object_get(json_array_get(j, 1), "vetoed")));
	json_decref(j);
}

static void test_unit_report_without_scores_has_no_grade_and_final_hides_the_rest(void **state)
{
	(void)state;
	struct run r = KP("report", "unit", "酒管局", "--format", "json");
	json_t *j = json_of(&r);
	assert_true(json_is_null(json_object_get(j, "grade")));
	assert_true(json_is_null(json_object_get(j, "percent")));
	assert_true(json_is_null(json_object_get(j, "points")));
	json_decref(j);
	r = KP("score", "set", "酒管局", "2", "3");
	run_free(&r);
	r = KP("report", "unit", "酒管局", "--final", "--format", "json");
	j = json_of(&r);
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(j, "criteria"), 2), "assessor")));
	assert_int_equal(json_integer_value(json_object_get(j, "scored")), 0);
	json_decref(j);
	r = KP("report", "unit", "酒管局", "--self");
	assert_refused(&r, "drop --self", NULL);
	r = KP("report", "ranking", "--weakest");
	assert_refused(&r, "--weakest goes with report criteria", NULL);
	r = KP("rubric", "show", "--dry-run");
	assert_refused(&r, "--dry-run goes with rubric import", NULL);
}

/* The row of UNIT in the JSON array J (borrowed), or NULL. */
static json_t *row_of(json_t *j, const char *unit)
{
	size_t i;
	json_t *row;
	json_array_foreach(j, i, row) if (!strcmp(json_string_value(json_object_get(row, "unit")), unit)) return row;
	return NULL;
}

/* The line of TEXT that holds NEEDLE, copied (caller frees), or NULL. */
static char *line_with(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);
	if (!p)
		return NULL;
	const char *start = p, *end = strchr(p, '\n');
	while (start > text && start[-1] != '\n')
		start--;
	return strndup(start, end ? (size_t)(end - start) : strlen(start));
}

/* 区审计局 answers for 18 parts: the first two of them, then the rest. */
static const char audit_two[] = "unit,criterion,points\n区审计局,1.1,1\n区审计局,1.2,1\n";
static const char audit_rest[] = "unit,criterion,points\n区审计局,2,0\n区审计局,3,0\n区审计局,4,0\n区审计局,5,0\n"
				 "区审计局,6,0\n区审计局,7,0\n区审计局,8.1,0\n区审计局,8.2,0\n区审计局,9,0\n"
				 "区审计局,10,0\n区审计局,11,0\n区审计局,19,0\n区审计局,20,0\n区审计局,21,0\n"
				 "区审计局,22,0\n区审计局,23,0\n";

static void import_sheet(const char *rows, const char *kind)
{
	const char *file = scratch_path("sheet.csv");
	write_file(file, rows, strlen(rows));
	struct run r = kind ? KP("score", "import", file, kind) : KP("score", "import", file);
	if (r.status)
		fail_msg("score import: %s", r.err);
	run_free(&r);
}

static void test_ranking_shows_a_half_scored_unit_as_incomplete_until_every_part_is_submitted(void **state)
{
	(void)state;
	/* 2 of 18 parts drafted: 未完成测评 2/18, no grade, no rank, in every format */
	import_sheet(audit_two, NULL);
	struct run r = KP("--json", "report", "ranking");
	json_t *j = json_of(&r), *row = row_of(j, "区审计局");
	assert_non_null(row);
	assert_true(json_is_false(json_object_get(row, "complete")));
	assert_int_equal(json_integer_value(json_object_get(row, "scored")), 2);
	assert_int_equal(json_integer_value(json_object_get(row, "of")), 18);
	assert_int_equal(json_integer_value(json_object_get(row, "drafts")), 2);
	assert_true(json_is_null(json_object_get(row, "grade")));
	assert_true(json_is_null(json_object_get(row, "rank")));
	assert_true(json_is_null(json_object_get(row, "percent")));
	assert_true(json_is_null(json_object_get(row, "points")));
	json_decref(j);
	r = KP("report", "ranking");
	char *line = line_with(r.out, "区审计局");
	assert_non_null(line);
	assert_non_null(strstr(line, "未完成测评     2    18"));
	assert_null(strstr(line, "不合格"));
	assert_null(strstr(line, "%"));
	free(line);
	assert_non_null(strstr(r.out, "汇总排名 (草稿不计)"));
	run_free(&r);
	r = KP("report", "ranking", "--format", "csv");
	assert_non_null(strstr(r.out, "\r\n,区审计局,,66,,未完成测评,2,18,,,2\r\n"));
	assert_non_null(strstr(r.out, "否决,完成测评,草稿\r\n"));
	run_free(&r);
	r = KP("report", "unit", "审计局");
	assert_non_null(strstr(r.out, "得分 - / 66 未完成测评  自评 0  已评 2/18"));
	run_free(&r);
	r = KP("report", "unit", "审计局", "--format", "json");
	j = json_of(&r);
	assert_true(json_is_null(json_object_get(j, "grade")));
	assert_true(json_is_false(json_object_get(j, "complete")));
	assert_int_equal(json_integer_value(json_object_get(j, "drafts")), 2);
	json_decref(j);
	r = KP("report", "district", "--format", "json");
	j = json_of(&r);
	assert_true(json_is_null(json_object_get(j, "grade")));
	assert_true(json_is_false(json_object_get(j, "complete")));
	assert_int_equal(json_integer_value(json_object_get(j, "scored")), 0); /* drafts do not count */
	json_decref(j);
	r = KP("report", "district");
	assert_non_null(strstr(r.out, "未完成测评 0/"));
	run_free(&r);
	/* Submitted, still 2 of 18: incomplete. */
	r = KP("score", "submit", "审计局");
	run_free(&r);
	r = KP("--json", "report", "ranking");
	j = json_of(&r), row = row_of(j, "区审计局");
	assert_true(json_is_false(json_object_get(row, "complete")));
	assert_int_equal(json_integer_value(json_object_get(row, "drafts")), 0);
	assert_true(json_is_null(json_object_get(row, "grade")));
	json_decref(j);
	/* Every part scored, 16 of them drafts: incomplete; submitted: graded. */
	import_sheet(audit_rest, NULL);
	r = KP("--json", "report", "ranking");
	j = json_of(&r), row = row_of(j, "区审计局");
	assert_true(json_is_false(json_object_get(row, "complete")));
	assert_int_equal(json_integer_value(json_object_get(row, "scored")), 18);
	assert_int_equal(json_integer_value(json_object_get(row, "drafts")), 16);
	json_decref(j);
	r = KP("score", "submit", "审计局");
	run_free(&r);
	r = KP("--json", "report", "ranking");
	j = json_of(&r), row = json_array_get(j, 0);
	assert_string_equal(json_string_value(json_object_get(row, "unit")), "区审计局");
	assert_true(json_is_true(json_object_get(row, "complete")));
	assert_int_equal(json_integer_value(json_object_get(row, "rank")), 1);
	assert_string_equal(json_string_value(json_object_get(row, "grade")), "不合格");
	assert_true(json_number_value(json_object_get(row, "percent")) == 3.0);
	json_decref(j);
	r = KP("report", "ranking", "--format", "csv");
	assert_non_null(strstr(r.out, "\r\n1,区审计局,2,66,3.0,不合格,18,18,,是,0\r\n"));
	run_free(&r);
	r = KP("report", "unit", "审计局");
	assert_non_null(strstr(r.out, "得分 2 / 66 (3.0%) 不合格"));
	run_free(&r);
	/* --final counts final scores only: submitted is not enough. */
	r = KP("--json", "report", "ranking", "--final");
	j = json_of(&r), row = row_of(j, "区审计局");
	assert_true(json_is_false(json_object_get(row, "complete")));
	assert_int_equal(json_integer_value(json_object_get(row, "scored")), 0);
	json_decref(j);
	r = KP("score", "finalize", "审计局");
	run_free(&r);
	r = KP("--json", "report", "ranking", "--final");
	j = json_of(&r), row = row_of(j, "区审计局");
	assert_true(json_is_true(json_object_get(row, "complete")));
	assert_string_equal(json_string_value(json_object_get(row, "grade")), "不合格");
	json_decref(j);
	/* A self-assessment is complete when every part is self-scored. */
	import_sheet(audit_two, "--self");
	r = KP("--json", "report", "ranking", "--self");
	j = json_of(&r), row = row_of(j, "区审计局");
	assert_true(json_is_false(json_object_get(row, "complete")));
	assert_int_equal(json_integer_value(json_object_get(row, "scored")), 2);
	assert_true(json_is_null(json_object_get(row, "grade")));
	json_decref(j);
	import_sheet(audit_rest, "--self");
	r = KP("--json", "report", "ranking", "--self");
	j = json_of(&r), row = json_array_get(j, 0);
	assert_string_equal(json_string_value(json_object_get(row, "unit")), "区审计局");
	assert_true(json_is_true(json_object_get(row, "complete")));
	assert_string_equal(json_string_value(json_object_get(row, "grade")), "不合格");
	json_decref(j);
}

static void test_campaign_file_naming_a_unit_twice_in_a_task_says_where(void **state)
{
	(void)state;
	const char *file = scratch_path("c.json");
	const char *text = "{\"format\":\"kaoping-campaign/1\",\"title\":\"t\",\"year\":2024,"
			   "\"units\":[{\"name\":\"甲局\",\"aliases\":[\"甲\"]}],"
			   "\"programmes\":[{\"no\":1,\"name\":\"p\",\"units\":[\"甲局\"],\"tasks\":[{\"no\":1,\"title\":\"t\","
			   "\"units\":[\"甲局\",\"甲\"]}]}],"
			   "\"rubric\":{\"title\":\"r\",\"items\":[{\"name\":\"i\",\"indicators\":[{\"name\":\"n\",\"methods\":[\"m\"],"
			   "\"units\":[\"甲\"],\"criteria\":[{\"no\":1,\"text\":\"x\",\"points\":4}]}]}]}}";
	write_file(file, text, strlen(text));
	const char *newdb = scratch_path("n.db");
	struct run r = run_kaoping(NULL, (const char *const[]){"--db", newdb, "init", "--campaign", file, NULL});
	assert_refused(&r, "programmes[0].tasks[0].units: 甲局 is listed twice", NULL);
}

static void test_usage_errors_exit_2(void **state)
{
	(void)state;
	struct run r = KP("frobnicate");
	assert_refused(&r, "unknown command \"frobnicate\"", NULL);
	r = KP("unit");
	assert_refused(&r, "usage: kaoping unit", NULL);
	r = run_kaoping(NULL, (const char *const[]){NULL});
	assert_int_equal(r.status, 2);
	run_free(&r);
	r = KP("help", "nonesuch");
	assert_refused(&r, "no command \"nonesuch\"", NULL);
	r = KP("nonesuch", "--help");
	assert_refused(&r, "no command \"nonesuch\"", NULL);
	r = KP("--help", "report");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "usage: kaoping report"));
	run_free(&r);
	r = KP("help", "score");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "usage: kaoping score set"));
	run_free(&r);
}

static void test_settings_are_checked_against_their_range_and_audited(void **state)
{
	(void)state;
	char *before = store_fingerprint(db);
	struct run r = KP("setting", "set", "due_window_days", "91");
	assert_refused(&r, "due_window_days: give a whole number from 0 to 90, not \"91\"", before);
	r = KP("setting", "set", "due_window_days", "7天");
	assert_refused(&r, "due_window_days: give a whole number", before);
	r = KP("setting", "set", "no_such_key", "1");
	assert_refused(&r, "no setting \"no_such_key\"", before);
	free(before);
	r = KP("setting", "set", "due_window_days", "14");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("--json", "setting", "list");
	json_t *j = json_of(&r), *v;
	size_t i;
	bool seen = false;
	json_array_foreach(j, i, v) if (!strcmp(json_string_value(json_object_get(v, "key")), "due_window_days"))
	{
		assert_int_equal(json_integer_value(json_object_get(v, "value")), 14);
		assert_int_equal(json_integer_value(json_object_get(v, "default")), 7);
		seen = true;
	}
	assert_true(seen);
	json_decref(j);
	r = KP("audit", "list");
	assert_non_null(strstr(r.out, "due_window_days = 14"));
	run_free(&r);
}

/* --by may name an account: an assessor whose home unit is 区审计局 is
 * refused on it by score set and score import (default and column scorer),
 * and scores other units. */
static void test_score_by_an_assessor_account_is_refused_on_their_home_unit(void **state)
{
	(void)state;
	struct run r = run_kaoping("home-unit-pass-2025\n", (const char *const[]){"--db", db, "user", "add", "jiang", "--role",
										  "assessor", "--unit", "区审计局",
										  "--password-stdin", NULL});
	assert_int_equal(r.status, 0);
	run_free(&r);
	char *before = store_fingerprint(db);
	r = KP("score", "set", "审计局", "2", "3", "--by", "jiang");
	assert_refused(&r, "--by: recusal: 区审计局 is the home unit of jiang", before);
	const char *file = scratch_path("home.csv");
	const char *sheet = "unit,criterion,points\n区工信局,2,3\n区审计局,2,3\n";
	write_file(file, sheet, strlen(sheet));
	r = KP("score", "import", file, "--by", "jiang");
	assert_refused(&r, "line 3: recusal: 区审计局 is the home unit of jiang", before);
	const char *twice = "unit,criterion,points,by\n区审计局,2,3,测评组1\n区审计局,2,3,测评组1\n区审计局,3,1,jiang\n";
	write_file(file, twice, strlen(twice));
	r = KP("score", "import", file);
	if (!strstr(r.err, "line 3: 区审计局, criterion 2: scored twice") || !strstr(r.err, "line 4: recusal"))
		fail_msg("%s", r.err);
	assert_refused(&r, "2 errors", before);
	/* Other units are the assessor's to score; a scorer who is no account is not checked. */
	r = KP("score", "set", "工信局", "2", "3", "--by", "jiang");
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = KP("score", "set", "审计局", "2", "3", "--by", "测评组1");
	assert_int_equal(r.status, 0);
	run_free(&r);
	free(before);
}

/* A token's life is counted from the clock its making is recorded by
 * (created_at and expires_at DAYS apart, at KAOPING_NOW); a disabled
 * account gets no new token. */
static void test_user_token_lasts_its_days_from_its_making_and_a_disabled_account_gets_none(void **state)
{
	(void)state;
	struct run r = run_kaoping("token-life-pass-2025\n", (const char *const[]){"--db", db, "user", "add", "jiang", "--role",
										   "assessor", "--password-stdin", NULL});
	assert_int_equal(r.status, 0);
	run_free(&r);
	setenv("KAOPING_NOW", "1785000000", 1); /* 2026-07-25T17:20:00Z */
	r = KP("user", "token", "jiang", "--days", "2");
	int made = r.status;
	run_free(&r);
	r = KP("--json", "user", "token", "jiang", "--list");
	unsetenv("KAOPING_NOW"); /* before any assertion, so no later test keeps the clock */
	assert_int_equal(made, 0);
	assert_int_equal(r.status, 0);
	if (!strstr(r.out, "2026-07-25T17:20:00Z") || !strstr(r.out, "2026-07-27T17:20:00Z"))
		fail_msg("created_at and expires_at two days apart from KAOPING_NOW: %s", r.out);
	run_free(&r);
	r = KP("user", "disable", "jiang");
	assert_int_equal(r.status, 0);
	run_free(&r);
	char *before = store_fingerprint(db);
	r = KP("user", "token", "jiang");
	assert_refused(&r, "account \"jiang\" is disabled", before);
	free(before);
}

/* The marked section of the doc at PATH (between "<!-- commands:begin" and
 * "<!-- commands:end -->", the marker lines left out); caller frees. */
static char *marked_section(const char *path)
{
	char *doc = read_file(path, NULL);
	char *b = strstr(doc, "<!-- commands:begin");
	char *e = b ? strstr(b, "<!-- commands:end -->") : NULL;
	if (!b || !e)
		fail_msg("%s has no <!-- commands:begin … commands:end --> section", path);
	b = strchr(b, '\n') + 1;
	char *sec = xstrndup(b, (size_t)(e - b));
	free(doc);
	return sec;
}

static void test_readme_and_cli_md_show_the_command_table_as_it_is(void **state)
{
	(void)state;
	static const char *const docs[][2] = {{"README.md", "readme"}, {"docs/cli.md", "cli"}};
	for (int i = 0; i < 2; i++) {
		struct run r = run_kaoping(NULL, (const char *const[]){"help", "--markdown", docs[i][1], NULL});
		assert_int_equal(r.status, 0);
		char *sec = marked_section(docs[i][0]);
		if (strcmp(sec, r.out))
			fail_msg("%s has drifted from the command table: run\n  ./kaoping help --markdown %s\nand put its "
				 "output between the markers.\n--- %s:\n%s\n--- the table:\n%s",
				 docs[i][0], docs[i][1], docs[i][0], sec, r.out);
		free(sec);
		run_free(&r);
	}
}

static void test_help_and_bad_arguments_show_the_usage_from_the_table(void **state)
{
	(void)state;
	struct run r = run_kaoping(NULL, (const char *const[]){"help", "score", NULL});
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "usage: kaoping score set UNIT CRITERION[.PART] POINTS [--self] [--by NAME]"));
	assert_non_null(strstr(r.out, "       kaoping score history UNIT\n"));
	assert_non_null(strstr(r.out, "draft -> submitted -> final"));
	run_free(&r);
	/* An unknown option: the error, then the usage of the form given. */
	r = run_kaoping(NULL, (const char *const[]){"--db", db, "score", "history", "--bogus", NULL});
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, "kaoping score: unknown option --bogus\nusage: kaoping score history UNIT\n");
	run_free(&r);
	/* Missing arguments of a form with alternatives (submit|finalize). */
	r = run_kaoping(NULL, (const char *const[]){"--db", db, "score", "finalize", NULL});
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "usage: kaoping score submit|finalize UNIT|--all\n"));
	assert_null(strstr(r.err, "score history"));
	run_free(&r);
	/* No form named: every form of the command. */
	r = run_kaoping(NULL, (const char *const[]){"--db", db, "group", NULL});
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "usage: kaoping group show\n       kaoping group assign POSITION NAME"));
	run_free(&r);
	/* Every command's help comes from the same table. */
	r = run_kaoping(NULL, (const char *const[]){"help", NULL});
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "  kaoping draw finding ID UNIT"));
	run_free(&r);
}

/* The option --NAME (up to a space, ], |, = or …) at P, copied to OUT. */
static void option_at(const char *p, char *out, size_t n)
{
	size_t k = 0;
	while (p[k] && !strchr(" ]|=\xe2", p[k]) && k + 1 < n)
		k++;
	memcpy(out, p, k);
	out[k] = 0;
}

static const struct option *declared(const struct command *cmd, const char *name)
{
	for (const struct option *o = cmd->options; o && o->name; o++)
		if (!strcmp(o->name, name))
			return o;
	return NULL;
}

/* The command table holds together: every option a synopsis shows is
 * declared, every declared option is shown in a synopsis and has help,
 * and every form an option goes with is a form of the command. */
static void test_the_command_table_declares_every_option_it_shows(void **state)
{
	(void)state;
	assert_true(cli_ncommands > 15);
	for (int i = 0; i < cli_ncommands; i++) {
		const struct command *cmd = &cli_commands[i];
		for (const struct synopsis *f = cmd->forms; f->line; f++)
			for (const char *p = strstr(f->line, "--"); p; p = strstr(p + 2, "--")) {
				char name[64];
				option_at(p, name, sizeof name);
				if (!declared(cmd, name))
					fail_msg("kaoping %s: the synopsis \"%s\" shows %s, which the table does not declare",
						 cmd->name, f->line, name);
			}
		for (const struct option *o = cmd->options; o && o->name; o++) {
			bool shown = false;
			for (const struct synopsis *f = cmd->forms; f->line; f++)
				for (const char *p = strstr(f->line, o->name); p && !shown; p = strstr(p + 1, o->name)) {
					char name[64];
					option_at(p, name, sizeof name);
					shown = !strcmp(name, o->name);
				}
			if (!shown)
				fail_msg("kaoping %s: option %s is declared but no synopsis shows it", cmd->name, o->name);
			if (!o->help || strlen(o->help) < 5)
				fail_msg("kaoping %s: option %s has no help", cmd->name, o->name);
			for (const char *w = o->with; w && *w;) {
				size_t len = strcspn(w, " ");
				char word[32];
				snprintf(word, sizeof word, "%.*s", (int)len, w);
				bool found = false;
				for (const struct synopsis *f = cmd->forms; f->line && !found; f++) {
					const char *rest = f->line + strlen(cmd->name);
					if (!strcmp(word, "-"))
						found = !*rest || rest[1] == '-' || rest[1] == '[';
					for (const char *q = strstr(rest, word); q && !found; q = strstr(q + 1, word))
						found = strchr(" |", q[-1]) && strchr(" |", q[len]) && q[len] != 0;
					if (!found && strcmp(word, "-")) /* a form's last word */
						found = strlen(rest) >= len && !strcmp(rest + strlen(rest) - len, word) &&
							rest[strlen(rest) - len - 1] == ' ';
				}
				if (!found)
					fail_msg("kaoping %s: option %s goes with \"%s\", which is no form of the command",
						 cmd->name, o->name, word);
				w += len + (w[len] == ' ');
			}
		}
	}
}

/* cli_main refuses an option given with a form it does not go with, by
 * the table, before the handler runs; `help X` lists the options. */
static void test_options_are_parsed_by_the_table(void **state)
{
	(void)state;
	char *before = store_fingerprint(db);
	struct run r = KP("draw", "list", "--count", "3");
	assert_refused(&r, "--count goes with draw, not draw list", NULL);
	r = KP("ledger", "list", "--file", "/etc/hostname");
	assert_refused(&r, "--file goes with ledger add or ledger attach, not ledger list", NULL);
	r = KP("tasks", "--note", "x");
	assert_refused(&r, "--note goes with tasks done or tasks undo, not tasks without a subcommand", NULL);
	r = KP("user", "list", "--days", "3");
	assert_refused(&r, "--days goes with user token, not user list", NULL);
	r = KP("complaint", "list", "--dismiss");
	assert_refused(&r, "--dismiss goes with complaint close, not complaint list", NULL);
	r = KP("score", "history", "区审计局", "--all");
	assert_refused(&r, "--all goes with score submit or score finalize, not score history", NULL);
	/* Values: a flag takes none, an option needs one, -- ends options. */
	r = KP("report", "ranking", "--final=yes");
	assert_refused(&r, "option --final takes no value", NULL);
	r = KP("report", "ranking", "--format");
	assert_refused(&r, "option --format needs a value", NULL);
	r = KP("unit", "resolve", "--", "--文广局");
	assert_refused(&r, "--文广局", NULL);
	r = KP("unit", "list", "a", "b");
	assert_refused(&r, "too many arguments (\"b\")", NULL);
	char *after = store_fingerprint(db);
	assert_string_equal(before, after);
	free(before), free(after);
	r = KP("unit", "resolve", "--format=x");
	assert_refused(&r, "unknown option --format", NULL);
	/* A repeated option keeps every value, in order. */
	r = KP("case", "report", "1", "done", "--file", "/nonexistent/a.pdf", "--file=/nonexistent/b.pdf");
	assert_refused(&r, "--file: /nonexistent/a.pdf", NULL);
	/* help X: every option with its help. */
	r = KP("help", "draw");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\noptions:\n"));
	assert_non_null(strstr(r.out, "  --weight-case N "));
	assert_non_null(strstr(r.out, "the published seed"));
	run_free(&r);
	r = KP("help", "ledger");
	assert_non_null(strstr(r.out, "(may repeat)"));
	run_free(&r);
	r = KP("help", "--markdown", "cli", "score");
	assert_refused(&r, "--markdown takes no COMMAND", NULL);
}

/* Demo data is built through the typed functions, not a CSV of its own: a
 * unit name with quotes (区"民政"局) is data like any other. */
static void test_demo_init_takes_a_unit_name_with_quotes(void **state)
{
	(void)state;
	char *json = read_file("data/campaign.json", NULL);
	struct strbuf b = {0};
	for (const char *p = json, *q; *p; p = q + strlen("区民政局")) {
		q = strstr(p, "区民政局");
		if (!q) {
			sb_adds(&b, p);
			break;
		}
		sb_add(&b, p, (size_t)(q - p));
		sb_adds(&b, "区\\\"民政\\\"局");
	}
	const char *campaign = scratch_path("quoted.json");
	write_file(campaign, b.s, b.len);
	const char *qdb = scratch_path("quoted.db");
	struct run r = run_kaoping(NULL, (const char *const[]){"--db", qdb, "init", "--demo", "--campaign", campaign, NULL});
	if (r.status != 0)
		fail_msg("init --demo with a quoted unit name: %d %s", r.status, r.err);
	run_free(&r);
	r = run_kaoping(NULL, (const char *const[]){"--db", qdb, "report", "ranking", NULL});
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "区\"民政\"局"));
	run_free(&r);
	sb_free(&b);
	free(json);
}

/* setting_set_committed: a value out of range is refused and nothing
 * changes; one in range is there for the next reader. */
static void test_a_setting_set_in_its_own_transaction_is_kept_or_refused(void **state)
{
	(void)state;
	store *s;
	struct campaign c;
	struct kp_error e = {0};
	int64_t v;
	assert_int_equal(store_open(db, STORE_EXISTING, &s, &e), 0);
	assert_int_equal(campaign_load(s, &c, &e), 0);
	assert_int_equal(settings_set_committed(s, c.id, "case_complaints", "0", "test", &e), KP_EINPUT);
	assert_non_null(strstr(e.msg, "case_complaints: give a whole number from 1 to 10000"));
	e = (struct kp_error){0};
	assert_int_equal(settings_get(s, c.id, "case_complaints", &v, &e), 0);
	assert_int_equal(v, 3);
	assert_int_equal(settings_set_committed(s, c.id, "case_complaints", "5", "test", &e), 0);
	campaign_free(&c);
	store_close(s);
	assert_int_equal(store_open(db, STORE_EXISTING, &s, &e), 0);
	assert_int_equal(campaign_load(s, &c, &e), 0);
	assert_int_equal(settings_get(s, c.id, "case_complaints", &v, &e), 0);
	assert_int_equal(v, 5);
	campaign_free(&c);
	store_close(s);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fresh_store, drop_store)
	const struct CMUnitTest tests[] = {
		T(test_init_refuses_to_overwrite_without_force),
		T(test_readme_and_cli_md_show_the_command_table_as_it_is),
		T(test_demo_init_takes_a_unit_name_with_quotes),
		T(test_help_and_bad_arguments_show_the_usage_from_the_table),
		T(test_the_command_table_declares_every_option_it_shows),
		T(test_options_are_parsed_by_the_table),
		T(test_audit_list_shows_china_time_and_json_keeps_utc),
		T(test_unit_list_json_gives_maxima_66_100_85),
		T(test_unit_resolve_aliases_collective_and_refusals),
		T(test_rubric_show_json_has_the_documented_shape),
		T(test_rubric_export_import_round_trip_changes_nothing),
		T(test_rubric_import_refuses_bad_files_and_changes_nothing),
		T(test_rubric_import_refuses_to_orphan_stored_scores),
		T(test_group_assign_replaces_the_holder_and_keeps_history),
		T(test_tasks_for_a_unit_lists_its_tasks_and_criteria),
		T(test_score_set_refuses_bad_points_and_leaves_the_store_unchanged),
		T(test_score_workflow_final_scores_change_only_by_correction),
		T(test_score_rules_deduct_award_and_veto_through_the_cli),
		T(test_score_import_reads_gbk_as_excel_saves_it),
		T(test_score_import_utf8_bom_chinese_headers_and_kinds),
		T(test_score_import_is_all_or_nothing_with_errors_by_line),
		T(test_score_import_dry_run_checks_and_saves_nothing),
		T(test_score_by_an_assessor_account_is_refused_on_their_home_unit),
		T(test_reports_in_text_json_and_csv),
		T(test_missing_locked_and_foreign_stores_are_refused),
		T(test_init_with_a_bad_campaign_file_creates_nothing),
		T(test_audit_verify_detects_edited_and_deleted_entries),
		T(test_group_role_held_by_several_positions_is_ambiguous),
		T(test_import_lists_every_final_score_it_would_overwrite),
		T(test_veto_and_floor_apply_to_sheets_and_direct_points),
		T(test_unit_report_without_scores_has_no_grade_and_final_hides_the_rest),
		T(test_ranking_shows_a_half_scored_unit_as_incomplete_until_every_part_is_submitted),
		T(test_campaign_file_naming_a_unit_twice_in_a_task_says_where),
		T(test_usage_errors_exit_2),
		T(test_settings_are_checked_against_their_range_and_audited),
		T(test_domain_fields_are_named_as_each_command_takes_them),
		cmocka_unit_test(test_domain_and_core_messages_name_no_flag_or_command),
		T(test_a_setting_set_in_its_own_transaction_is_kept_or_refused),
		T(test_user_token_lasts_its_days_from_its_making_and_a_disabled_account_gets_none),
	};
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
