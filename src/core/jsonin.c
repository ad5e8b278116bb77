/* jsonin.c — reading JSON documents from outside (rubric, campaign files)
 * into typed values, each refusal naming the field's path. */
#include "core/jsonin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Refuses keys of OBJ that are not in ALLOWED (a NULL-terminated list), so a
 * misspelt "pionts" is an error rather than silently ignored. */
int jsonin_keys(json_t *obj, const char *const *allowed, const char *where, struct kp_error *e)
{
	const char *key;
	json_t *v;
	if (!json_is_object(obj))
		return kp_fail(e, KP_EINPUT, "%s: must be an object", where);
	json_object_foreach(obj, key, v) {
		int ok = 0;
		for (const char *const *a = allowed; *a; a++)
			ok |= !strcmp(*a, key);
		if (!ok)
			return kp_fail(e, KP_EINPUT, "%s: unknown key \"%s\"", where, key);
	}
	return 0;
}

/* Reads a required (or optional, when OPT) UTF-8 string member. */
int jsonin_string(json_t *obj, const char *key, bool opt, const char *where, char **out,
		      struct kp_error *e)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v) {
		if (opt)
			return 0;
		return kp_fail(e, KP_EINPUT, "%s: \"%s\" is missing", where, key);
	}
	if (!json_is_string(v))
		return kp_fail(e, KP_EINPUT, "%s.%s: must be a string", where, key);
	char *t = text_trim(json_string_value(v));
	if (!*t) {
		free(t);
		if (opt)
			return 0;
		return kp_fail(e, KP_EINPUT, "%s.%s: must not be empty", where, key);
	}
	*out = t;
	return 0;
}

/* Reads points (a JSON number with at most one decimal) into tenths. */
int jsonin_points(json_t *obj, const char *key, bool opt, const char *where, int *out,
		      struct kp_error *e)
{
	json_t *v = json_object_get(obj, key);
	if (!v) {
		*out = -1;
		if (opt)
			return 0;
		return kp_fail(e, KP_EINPUT, "%s: \"%s\" is missing", where, key);
	}
	if (!json_is_number(v))
		return kp_fail(e, KP_EINPUT, "%s.%s: must be a number", where, key);
	double d = json_number_value(v) * 10;
	double r = round(d);
	if (fabs(d - r) > 1e-6)
		return kp_fail(e, KP_EINPUT, "%s.%s: %g has more than one decimal place", where, key,
			       json_number_value(v));
	if (r < 0 || r > 1e6)
		return kp_fail(e, KP_EINPUT, "%s.%s: %g is out of range", where, key, json_number_value(v));
	*out = (int)r;
	return 0;
}

int jsonin_int(json_t *obj, const char *key, int dflt, const char *where, int *out, struct kp_error *e)
{
	json_t *v = json_object_get(obj, key);
	if (!v) {
		*out = dflt;
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000000)
		return kp_fail(e, KP_EINPUT, "%s.%s: must be a whole number from 1", where, key);
	*out = (int)json_integer_value(v);
	return 0;
}

json_t *jsonin_array(json_t *obj, const char *key, bool opt, const char *where, struct kp_error *e)
{
	json_t *v = json_object_get(obj, key);
	if (!v) {
		if (!opt)
			kp_fail(e, KP_EINPUT, "%s: \"%s\" is missing", where, key);
		return NULL;
	}
	if (!json_is_array(v)) {
		kp_fail(e, KP_EINPUT, "%s.%s: must be a list", where, key);
		return NULL;
	}
	return v;
}

