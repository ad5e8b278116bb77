/* cli_textimport.c — `kaoping rubric import --from-text FILE`: the rubric
 * read from the notice text (textimport.c), previewed, then saved through
 * the same path as a JSON rubric import. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_int.h"
#include "core/scorerule.h"
#include "core/textimport.h"
#include "io/rubricfile.h"

/* The texts kaoping reads are a notice or a table: a few hundred KB at most. */
#define TEXT_MAX (4 * 1024 * 1024)

/* Reads PATH ("-": standard input) whole; NULL with E set on failure. */
static char *read_text(const char *path, size_t *len, struct kp_error *e)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f)
		return kp_fail(e, KP_EINPUT, "%s: %s", path, strerror(errno)), NULL;
	struct strbuf b = {0};
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0 && b.len <= TEXT_MAX)
		sb_add(&b, buf, n);
	bool bad = ferror(f);
	if (f != stdin)
		fclose(f);
	if (bad || b.len > TEXT_MAX) {
		sb_free(&b);
		return kp_fail(e, KP_EINPUT, "%s: %s", path, bad ? "cannot be read" : "larger than 4 MB; give the notice or its table"), NULL;
	}
	*len = b.len;
	return b.s ? b.s : xstrdup("");
}

static int json_points_tenths(json_t *v)
{
	return (int)(json_number_value(json_object_get(v, "points")) * 10 + 0.5);
}

/* Prints the rubric read (RUBRIC in the rubric format) as a tree: each
 * criterion with its label as written, points or kind, parts and
 * checklist lines, its rule as read ("rule:") and as written
 * ("written:"), and its own units, methods and deadline. */
static void print_tree(json_t *rubric)
{
	size_t i, k, m, q;
	json_t *it, *ind, *cr, *pt, *v;
	char a[24];
	printf("%s\n", json_string_value(json_object_get(rubric, "title")));
	json_array_foreach(json_object_get(rubric, "items"), i, it) {
		int item_sum = 0;
		json_array_foreach(json_object_get(it, "indicators"), k, ind)
			json_array_foreach(json_object_get(ind, "criteria"), m, cr)
				item_sum += json_object_get(cr, "kind") ? 0 : json_points_tenths(cr);
		printf("%zu. %s (%s分", i + 1, json_string_value(json_object_get(it, "name")), points_format(item_sum, a));
		if (json_object_get(it, "declared_points"))
			printf("; declared %s",
			       points_format((int)(json_number_value(json_object_get(it, "declared_points")) * 10 + 0.5), a));
		printf(")\n");
		json_array_foreach(json_object_get(it, "indicators"), k, ind) {
			int sum = 0;
			json_array_foreach(json_object_get(ind, "criteria"), m, cr)
				sum += json_object_get(cr, "kind") ? 0 : json_points_tenths(cr);
			const char *units = json_string_value(json_object_get(ind, "units_text"));
			printf("  %s (%s分)  责任单位: %s  完成时限: %s  方法: ", json_string_value(json_object_get(ind, "name")),
			       points_format(sum, a), units ? units : "被测评单位",
			       json_object_get(ind, "deadline_text") ? json_string_value(json_object_get(ind, "deadline_text")) : "-"); /* 分 责任单位 完成时限 方法 */
			json_array_foreach(json_object_get(ind, "methods"), q, v)
				printf("%s%s", q ? "、" : "", json_string_value(v));
			putchar('\n');
			json_array_foreach(json_object_get(ind, "criteria"), m, cr) {
				int no = (int)json_integer_value(json_object_get(cr, "no"));
				const char *kind = json_string_value(json_object_get(cr, "kind"));
				const char *label = json_string_value(json_object_get(cr, "label"));
				printf("    %d. [%s%s]%s%s%s %s\n", no, kind && !strcmp(kind, "veto") ? "一票否决" : points_format(json_points_tenths(cr), a),
				       kind && !strcmp(kind, "bonus") ? " 加分" : "", label ? " (" : "", label ? label : "", label ? ")" : "",
				       json_string_value(json_object_get(cr, "text")));
				json_array_foreach(json_object_get(cr, "parts"), q, pt)
					printf("       %d.%zu [%s] %s\n", no, q + 1, points_format(json_points_tenths(pt), a),
					       json_string_value(json_object_get(pt, "text")));
				json_array_foreach(json_object_get(cr, "checklist"), q, v)
					printf("       - %s\n", json_string_value(v));
				json_t *rules = json_object_get(cr, "rules");
				if (json_array_size(rules)) {
					char *said = scorerule_describe(rules);
					printf("       rule: %s (%s)\n", said,
					       json_object_get(cr, "deduct") || json_object_get(cr, "award") ? "scored by kaoping"
					       : strstr(said, "按等次计分")                                   ? "the assessor gives the grade"
													 : "the assessor scores by the text");
					free(said);
				}
				if (json_object_get(cr, "rule_text"))
					printf("       written: %s\n", json_string_value(json_object_get(cr, "rule_text")));
				if (json_object_get(cr, "units_text"))
					printf("       责任单位: %s\n", json_string_value(json_object_get(cr, "units_text")));
				json_t *methods = json_object_get(cr, "methods");
				if (methods) {
					printf("       方法: ");
					json_array_foreach(methods, q, v)
						printf("%s%s", q ? "、" : "", json_string_value(v));
					putchar('\n');
				}
				if (json_object_get(cr, "deadline_text"))
					printf("       完成时限: %s\n", json_string_value(json_object_get(cr, "deadline_text")));
			}
		}
	}
}

/* The preview as JSON (for --json). */
static json_t *preview_json(const struct textimport_result *r, const struct campaign *c, json_t *changes, bool saved)
{
	json_t *problems = json_array(), *names = json_array();
	for (int i = 0; i < r->nproblems; i++)
		json_array_append_new(problems, json_pack("{s:i,s:b,s:s}", "line", r->problems[i].line, "blocking",
							  r->problems[i].blocking, "message", r->problems[i].msg));
	for (int i = 0; i < r->nunresolved; i++)
		json_array_append_new(names, json_pack("{s:i,s:s,s:s?}", "line", r->unresolved[i].line, "name",
						       r->unresolved[i].name, "hint", r->unresolved[i].hint));
	json_t *rubric = r->rubric ? rubric_to_json(r->rubric, &c->units) : json_incref(r->json);
	return json_pack("{s:i,s:i,s:i,s:i,s:i,s:o,s:b,s:o,s:o,s:o,s:o*,s:b}", "first_line", r->first_line, "last_line",
			 r->last_line, "items", r->nitems, "indicators", r->nindicators, "criteria", r->ncriteria, "points",
			 rubric_json_points(r->points), "ready", textimport_ready(r), "problems", problems, "unresolved", names,
			 "changes", changes ? json_incref(changes) : json_array(), "rubric", rubric, "saved", saved);
}

/* Prints every problem and unknown unit name, as PATH:LINE: message. */
static void print_problems(const struct textimport_result *r, const char *path)
{
	for (int i = 0; i < r->nproblems; i++) {
		const struct textimport_problem *p = &r->problems[i];
		if (p->line)
			printf("%s:%d: %s%s\n", path, p->line, p->blocking ? "error: " : "note: ", p->msg);
		else
			printf("%s: %s%s\n", path, p->blocking ? "error: " : "note: ", p->msg);
	}
	for (int i = 0; i < r->nunresolved; i++) {
		const struct textimport_name *n = &r->unresolved[i];
		printf("%s:%d: error: unknown unit \"%s\"", path, n->line, n->name);
		if (n->hint)
			printf(" (did you mean %s?)", n->hint);
		printf("\n");
	}
}

int cmd_rubric_from_text(struct ctx *x, store *s, struct campaign *c, enum rubric_source src, const char *path,
			 bool dry_run)
{
	struct textimport_options o = {&c->units, c->year, c->deadline, c->rubric};
	struct textimport_result r;
	json_t *changes = NULL;
	bool saved = false;
	if (src == RUBRIC_FROM_TEXT) {
		size_t len;
		char *text = read_text(path, &len, &x->err);
		if (!text)
			return x->err.code;
		textimport_read(text, len, &o, &r);
		free(text);
	} else if (rubricfile_read(src == RUBRIC_FROM_DOCX ? RUBRICFILE_DOCX : RUBRICFILE_XLSX, path, NULL, 0, &o, &r,
				   &x->err)) {
		textimport_free(&r);
		return x->err.code;
	}
	if (textimport_ready(&r) && !campaign_rubric_fits_scores(s, c, r.rubric, &x->err)) {
		changes = campaign_rubric_changes(c->rubric, r.rubric, &c->units);
		if (!dry_run && json_array_size(changes) &&
		    !campaign_rubric_save(s, c, r.rubric, path, x->by, (int)json_array_size(changes), &x->err))
			saved = true;
	}
	if (x->json) {
		json_t *j = preview_json(&r, c, changes, saved);
		print_json(j);
		json_decref(j);
	} else {
		char a[24];
		if (r.json) {
			printf("%s: the table is at lines %d-%d\n", path, r.first_line, r.last_line);
			print_tree(r.json);
		}
		print_problems(&r, path);
		struct strbuf b = {0};
		size_t i;
		json_t *ch;
		json_array_foreach(changes, i, ch) {
			sb_reset(&b);
			campaign_rubric_change_text(ch, &b);
			printf("%s\n", sb_str(&b));
		}
		sb_free(&b);
		printf("%s: %d items, %d indicators, %d criteria, %s points", path, r.nitems, r.nindicators, r.ncriteria,
		       points_format(r.points, a));
		if (changes)
			printf("; %zu change%s", json_array_size(changes), json_array_size(changes) == 1 ? "" : "s");
		printf("\n");
		if (changes && dry_run)
			printf("dry run: nothing saved\n");
		else if (saved)
			printf("saved as the current rubric\n");
	}
	if (!textimport_ready(&r) && !x->err.code) {
		int blocking = 0;
		for (int i = 0; i < r.nproblems; i++)
			blocking += r.problems[i].blocking;
		kp_fail(&x->err, KP_EINPUT, "%s: %d problem%s and %d unknown unit name%s in the text; nothing saved", path,
			blocking, blocking == 1 ? "" : "s", r.nunresolved, r.nunresolved == 1 ? "" : "s");
	}
	json_decref(changes);
	textimport_free(&r);
	return x->err.code;
}
