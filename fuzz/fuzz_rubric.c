/* fuzz_rubric.c — libFuzzer target for the rubric reader: arbitrary bytes
 * go through jansson and rubric_from_json against the seed's units; any
 * rubric accepted must export and read back to the same JSON. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/embedded.h"
#include "core/rubric.h"
#include "core/unitdir.h"

static struct unitdir units;

/* The seed campaign's units, names and collective names. */
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
	json_decref(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready)
		setup(), ready = 1;
	json_error_t je;
	json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return 0;
	struct kp_error e = {0};
	struct rubric *r = NULL;
	if (rubric_from_json(root, &units, "2024-07-31", &r, &e) == 0) {
		json_t *out = rubric_to_json(r, &units);
		struct rubric *again = NULL;
		struct kp_error e2 = {0};
		if (rubric_from_json(out, &units, "2024-07-31", &again, &e2) != 0) {
			fprintf(stderr, "accepted rubric does not read back: %s\n", e2.msg);
			abort(); /* an accepted rubric must read back */
		}
		json_t *out2 = rubric_to_json(again, &units);
		if (!json_equal(out, out2)) {
			fprintf(stderr, "export differs after a round trip\n");
			abort();
		}
		json_decref(out2);
		json_decref(out);
		rubric_free(again);
	} else if (!e.code || !e.msg[0]) {
		abort(); /* a refusal always says why */
	}
	rubric_free(r);
	json_decref(root);
	return 0;
}
