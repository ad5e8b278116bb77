/* fuzz_textimport.c — libFuzzer target for the rubric readers of text:
 * arbitrary bytes go through textimport_read against the seed's units (a
 * tab-separated table goes on to the table reader, core/tableread.c, and
 * the scoring-rule reader, core/scorerule.c). It
 * must never crash; a text it refuses says why; a rubric it accepts is one
 * rubric_from_json accepts, and its counts match what it read. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/embedded.h"
#include "core/rubric.h"
#include "core/textimport.h"
#include "core/unitdir.h"

static struct unitdir units;
static struct rubric *current;

/* The seed campaign's units, names and collective names, and its rubric. */
static void setup(void)
{
	const struct embedded_file *f = embedded_find("data/campaign.json");
	json_error_t je;
	json_t *c = json_loadb(f->data, f->len, 0, &je), *v, *a;
	struct kp_error e = {0};
	size_t i, k;
	unitdir_init(&units);
	json_array_foreach(json_object_get(c, "collective_names"), i, v)
		unitdir_add_collective(&units, json_string_value(v), &e);
	json_array_foreach(json_object_get(c, "units"), i, v) {
		int u = unitdir_add_unit(&units, json_string_value(json_object_get(v, "name")), (int64_t)i + 1, &e);
		json_array_foreach(json_object_get(v, "aliases"), k, a)
			unitdir_add_alias(&units, u, json_string_value(a), &e);
	}
	if (rubric_from_json(json_object_get(c, "rubric"), &units, "2024-07-31", &current, &e))
		abort();
	json_decref(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready)
		setup(), ready = 1;
	struct textimport_options o = {&units, 2024, "2024-07-31", size % 2 ? current : NULL};
	struct textimport_result r;
	textimport_read((const char *)data, size, &o, &r);
	if (!r.json && !r.nproblems)
		abort(); /* a refusal always says why */
	for (int i = 0; i < r.nproblems; i++)
		if (!r.problems[i].msg[0] || r.problems[i].line < 0)
			abort();
	if (textimport_ready(&r)) {
		if (r.rubric->ncriteria != r.ncriteria || r.rubric->nindicators != r.nindicators || r.rubric->nitems != r.nitems)
			abort(); /* the counts shown are those of the rubric saved */
		json_t *out = rubric_to_json(r.rubric, &units);
		struct rubric *again = NULL;
		struct kp_error e = {0};
		if (rubric_from_json(out, &units, "2024-07-31", &again, &e) != 0) {
			fprintf(stderr, "accepted rubric does not read back: %s\n", e.msg);
			abort();
		}
		rubric_free(again);
		json_decref(out);
	}
	textimport_free(&r);
	return 0;
}
