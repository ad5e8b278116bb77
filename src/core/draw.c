/* draw.c — the spot-check draw: a SHA-256 counter-mode generator, weighted
 * sampling of units without replacement, and inspectors assigned with the
 * load spread evenly and never to their home unit. docs/spot-checks.md
 * describes every step; keep the two in agreement. */
#include "core/draw.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool draw_seed_valid(const char *seed)
{
	size_t n = seed ? strlen(seed) : 0;
	if (n < 1 || n > DRAW_SEED_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = seed[i];
		bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' ||
			  ch == '_' || ch == '-';
		if (!ok)
			return false;
	}
	return true;
}

uint64_t draw_word(struct draw_stream *s)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char *msg = xasprintf("%s|%s|%llu", s->seed, s->purpose, (unsigned long long)s->counter++);
	crypto_hash_sha256(h, (const unsigned char *)msg, strlen(msg));
	free(msg);
	uint64_t w = 0;
	for (int i = 0; i < 8; i++)
		w = w << 8 | h[i];
	return w;
}

uint64_t draw_uniform(struct draw_stream *s, uint64_t n)
{
	if (n <= 1)
		return 0;
	/* 2^64 mod n, computed in 64 bits: (2^64 - n) mod n. */
	uint64_t rem = (0 - n) % n;
	for (;;) {
		uint64_t w = draw_word(s);
		if (rem == 0 || w <= UINT64_MAX - rem)
			return w % n;
	}
}

int draw_eligible(const struct draw_input *in, int64_t unit)
{
	int n = 0;
	for (int i = 0; i < in->ninspectors; i++)
		n += in->inspectors[i].home != unit;
	return n;
}

static int check_input(const struct draw_input *in, struct kp_error *e)
{
	if (!draw_seed_valid(in->seed))
		return kp_fail(e, KP_EINPUT, "seed: 1 to %d characters of A-Z a-z 0-9 . _ -", DRAW_SEED_MAX);
	for (int i = 0; i < in->nunits; i++) {
		if (i && in->units[i].unit <= in->units[i - 1].unit)
			return kp_fail(e, KP_EINPUT, "unit pool: not in ascending order of unit id at position %d", i + 1);
		if (in->units[i].weight < 1 || in->units[i].weight > DRAW_WEIGHT_MAX)
			return kp_fail(e, KP_EINPUT, "unit pool: weight of unit %lld is not 1 to %d",
				       (long long)in->units[i].unit, DRAW_WEIGHT_MAX);
	}
	for (int i = 1; i < in->ninspectors; i++)
		if (in->inspectors[i].account <= in->inspectors[i - 1].account)
			return kp_fail(e, KP_EINPUT, "inspector pool: not in ascending order of account id at position %d",
				       i + 1);
	if (in->count < 1 || in->count > in->nunits)
		return kp_fail(e, KP_EINPUT, "count: %d units asked for, the pool has %d", in->count, in->nunits);
	if (in->per_unit < 1)
		return kp_fail(e, KP_EINPUT, "inspectors per unit: at least 1");
	for (int i = 0; i < in->nunits; i++) {
		int n = draw_eligible(in, in->units[i].unit);
		if (n < in->per_unit)
			return kp_fail(e, KP_EINPUT, "unit %lld can get only %d inspector%s from outside itself, %d needed",
				       (long long)in->units[i].unit, n, n == 1 ? "" : "s", in->per_unit);
	}
	return 0;
}

/* Step 1: COUNT units by weight, without replacement. Each pick draws r
 * uniform below the remaining total weight and takes the first remaining
 * unit (pool order) whose running weight sum exceeds r. */
static void pick_units(const struct draw_input *in, struct draw_output *o)
{
	struct draw_stream st = {in->seed, "units", 0};
	bool *taken = xcalloc((size_t)in->nunits, sizeof *taken);
	uint64_t total = 0;
	for (int i = 0; i < in->nunits; i++)
		total += (uint64_t)in->units[i].weight;
	for (int k = 0; k < in->count; k++) {
		uint64_t r = draw_uniform(&st, total), sum = 0;
		int i = 0;
		for (;; i++) {
			if (taken[i])
				continue;
			sum += (uint64_t)in->units[i].weight;
			if (r < sum)
				break;
		}
		taken[i] = true;
		total -= (uint64_t)in->units[i].weight;
		o->units[k] = in->units[i].unit;
		o->weights[k] = in->units[i].weight;
	}
	free(taken);
}

/* True when inspector A already checks drawn unit K. */
static bool assigned(const struct draw_output *o, int k, int64_t a)
{
	for (int j = 0; j < o->per_unit; j++)
		if (o->inspectors[k * o->per_unit + j] == a)
			return true;
	return false;
}

/* Step 2: for each drawn unit in draw order, fill each of its places with
 * one of the eligible inspectors (not at home there, not already on it)
 * carrying the least load so far, chosen uniformly among them. */
static void assign_inspectors(const struct draw_input *in, struct draw_output *o, int *load)
{
	struct draw_stream st = {in->seed, "inspectors", 0};
	int *cand = xmalloc((size_t)in->ninspectors * sizeof *cand);
	for (int k = 0; k < o->n; k++) {
		for (int j = 0; j < o->per_unit; j++) {
			int nc = 0, least = 0;
			for (int a = 0; a < in->ninspectors; a++) {
				const struct draw_inspector_in *p = &in->inspectors[a];
				if (p->home == o->units[k] || assigned(o, k, p->account))
					continue;
				if (nc && load[a] > least)
					continue;
				if (!nc || load[a] < least)
					nc = 0, least = load[a];
				cand[nc++] = a;
			}
			/* check_input guaranteed enough eligible inspectors. */
			if (!nc) {
				fprintf(stderr, "kaoping: draw: no inspector left for a unit\n");
				abort();
			}
			int a = cand[draw_uniform(&st, (uint64_t)nc)];
			o->inspectors[k * o->per_unit + j] = in->inspectors[a].account;
			load[a]++;
		}
	}
	free(cand);
}

/* Inspector indexes sorted by load, ascending or descending, pool order
 * within one load (a stable insertion sort: the pools are small). */
static void sort_by_load(int n, const int *load, bool descending, int *order)
{
	for (int i = 0; i < n; i++) {
		int j = i;
		while (j > 0 && (descending ? load[order[j - 1]] < load[i] : load[order[j - 1]] > load[i])) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
}

/* Looks for one move that evens the load: inspector A (load descending,
 * then pool order) hands a place to inspector B (load ascending, then pool
 * order; at least 2 below A) on the first unit of A's, in draw order, that
 * B may check and does not check yet. Returns true when it moved one. */
static bool balance_once(const struct draw_input *in, struct draw_output *o, int *load, const int *desc,
			 const int *asc)
{
	int n = in->ninspectors;
	for (int x = 0; x < n; x++) {
		int a = desc[x];
		for (int y = 0; y < n && load[a] - load[asc[y]] >= 2; y++) {
			int b = asc[y];
			for (int k = 0; k < o->n; k++) {
				if (in->inspectors[b].home == o->units[k] || assigned(o, k, in->inspectors[b].account))
					continue;
				for (int j = 0; j < o->per_unit; j++) {
					int64_t *slot = &o->inspectors[k * o->per_unit + j];
					if (*slot == in->inspectors[a].account) {
						*slot = in->inspectors[b].account;
						load[a]--, load[b]++;
						return true;
					}
				}
			}
		}
	}
	return false;
}

/* Step 3: single moves until none evens the load further. Each move lowers
 * the sum of squared loads, so this ends. */
static void balance(const struct draw_input *in, struct draw_output *o, int *load)
{
	int n = in->ninspectors;
	int *desc = xmalloc((size_t)n * sizeof *desc), *asc = xmalloc((size_t)n * sizeof *asc);
	do {
		sort_by_load(n, load, true, desc);
		sort_by_load(n, load, false, asc);
	} while (balance_once(in, o, load, desc, asc));
	free(desc);
	free(asc);
}

int draw_run(const struct draw_input *in, struct draw_output *out, struct kp_error *e)
{
	if (check_input(in, e))
		return e->code;
	struct draw_output o = {.n = in->count, .per_unit = in->per_unit};
	o.units = xmalloc((size_t)o.n * sizeof *o.units);
	o.weights = xmalloc((size_t)o.n * sizeof *o.weights);
	o.inspectors = xcalloc((size_t)o.n * (size_t)o.per_unit, sizeof *o.inspectors);
	int *load = xcalloc((size_t)in->ninspectors, sizeof *load);
	pick_units(in, &o);
	assign_inspectors(in, &o, load);
	balance(in, &o, load);
	free(load);
	*out = o;
	return 0;
}

void draw_output_free(struct draw_output *o)
{
	free(o->units);
	free(o->weights);
	free(o->inspectors);
	memset(o, 0, sizeof *o);
}
