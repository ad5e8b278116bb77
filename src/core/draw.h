/* draw.h — the spot-check draw (随机抽查, 双随机一公开) as a pure computation:
 * from a published seed, a pool of units with weights and a pool of
 * inspectors, which units are checked, in what order, and who checks each.
 * Fully specified (docs/spot-checks.md) so anyone can recompute a draw.
 * No I/O: the store side is draws.c. */
#ifndef KAOPING_DRAW_H
#define KAOPING_DRAW_H
#include <stdbool.h>
#include <stdint.h>

#include "core/util.h"

/* The algorithm's name, recorded in every draw's parameters. */
#define DRAW_ALGORITHM "kaoping-draw/1"
/* Longest seed, in bytes. */
#define DRAW_SEED_MAX 64
/* Largest weight of one unit (keeps every total far inside 64 bits). */
#define DRAW_WEIGHT_MAX 1000000

/* A unit that may be drawn: its store id and weight (1 … DRAW_WEIGHT_MAX). */
struct draw_unit_in {
	int64_t unit;
	int64_t weight;
};

/* An inspector who may be assigned: account id and home unit (本单位; 0 for
 * none). An inspector never checks their home unit. */
struct draw_inspector_in {
	int64_t account;
	int64_t home;
};

/* What a draw is computed from. Both pools must be in canonical order:
 * ascending ids, no id twice. */
struct draw_input {
	const char *seed;
	const struct draw_unit_in *units;
	int nunits;
	const struct draw_inspector_in *inspectors;
	int ninspectors;
	int count;    /* units to draw, 1 … nunits */
	int per_unit; /* inspectors per drawn unit, at least 1 */
};

/* A computed draw; free with draw_output_free. */
struct draw_output {
	int n;               /* units drawn (= count) */
	int per_unit;
	int64_t *units;      /* n unit ids, in draw order */
	int64_t *weights;    /* their weights */
	int64_t *inspectors; /* n × per_unit account ids: unit i's are
			      * [i*per_unit, (i+1)*per_unit), in assignment order */
};

/* True when SEED is 1 … DRAW_SEED_MAX characters of A-Z a-z 0-9 . _ -
 * (printable everywhere, and never the "|" the generator uses as separator). */
bool draw_seed_valid(const char *seed);

/* How many inspectors of IN may check UNIT (those not at home there). */
int draw_eligible(const struct draw_input *in, int64_t unit);

/* Computes the draw. KP_EINPUT with E saying what to fix when the seed is
 * invalid, a pool is not in canonical order, a weight is out of range,
 * COUNT does not fit the pool, or some unit of the pool cannot get PER_UNIT
 * inspectors from outside itself (checked over the whole pool, so whether a
 * draw is possible never depends on the seed). *OUT is untouched on error. */
int draw_run(const struct draw_input *in, struct draw_output *out, struct kp_error *e);
void draw_output_free(struct draw_output *o);

/* The generator, exposed for the tests and the documentation: word number
 * COUNTER of the stream (SEED, PURPOSE) is the first 8 bytes, big-endian, of
 * SHA-256("SEED|PURPOSE|COUNTER"), COUNTER in decimal. */
struct draw_stream {
	const char *seed, *purpose;
	uint64_t counter; /* the next word's number, from 0 */
};
uint64_t draw_word(struct draw_stream *s);
/* A uniform integer in [0, N) (N >= 1) by rejection: words at or above
 * 2^64 - (2^64 mod N) are skipped, so there is no modulo bias. N = 1
 * returns 0 without using a word. */
uint64_t draw_uniform(struct draw_stream *s, uint64_t n);
#endif
