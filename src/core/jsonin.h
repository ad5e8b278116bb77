/* jsonin.h — validated reading of JSON input: known keys only, typed
 * members, points with at most one decimal, each error naming the field's
 * path ("items[0].indicators[1].points: must be a number"). */
#ifndef KAOPING_JSONIN_H
#define KAOPING_JSONIN_H
#include <jansson.h>
#include <stdbool.h>

#include "core/util.h"

/* Refuses OBJ unless it is an object whose keys are all in ALLOWED (a
 * NULL-terminated list), so a misspelt "pionts" is an error. */
int jsonin_keys(json_t *obj, const char *const *allowed, const char *where, struct kp_error *e);
/* Reads string member KEY, trimmed, into *OUT (caller frees). Missing or
 * empty is an error unless OPT, when *OUT is NULL. */
int jsonin_string(json_t *obj, const char *key, bool opt, const char *where, char **out, struct kp_error *e);
/* Reads points (a JSON number with at most one decimal, 0 .. 100000) into
 * tenths; *OUT is -1 when an optional member is missing. */
int jsonin_points(json_t *obj, const char *key, bool opt, const char *where, int *out, struct kp_error *e);
/* Reads a whole number from 1, or DFLT when missing. */
int jsonin_int(json_t *obj, const char *key, int dflt, const char *where, int *out, struct kp_error *e);
/* Returns list member KEY, or NULL when missing (an error unless OPT) or
 * not a list (always an error, E set). */
json_t *jsonin_array(json_t *obj, const char *key, bool opt, const char *where, struct kp_error *e);
#endif
