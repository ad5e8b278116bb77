/* unitdir.c — name → unit resolution with aliases and collective names,
 * backed by an open-addressing hash table (150,000 units resolve in O(1)). */
#include "core/unitdir.h"

#include <stdlib.h>
#include <string.h>

void unitdir_init(struct unitdir *d)
{
	memset(d, 0, sizeof *d);
}

void unitdir_free(struct unitdir *d)
{
	for (int i = 0; i < d->n; i++) {
		free(d->names[i]);
		for (int k = 0; k < d->naliases[i]; k++)
			free(d->aliases[i][k]);
		free(d->aliases[i]);
	}
	for (int i = 0; i < d->ncollective; i++)
		free(d->collective[i]);
	for (size_t i = 0; i < d->nslots; i++)
		free(d->slots[i].key);
	free(d->names);
	free(d->ids);
	free(d->aliases);
	free(d->naliases);
	free(d->collective);
	free(d->slots);
	memset(d, 0, sizeof *d);
}

/* Normal form of a name: trimmed, full-width folded, no whitespace inside
 * (a Word cell split over lines reads "残\n联"). Caller frees. */
static char *name_key(const char *name)
{
	/* Fast path: nothing to fold or strip (most names, and every name
	 * read back from the store). Full-width forms start EF BC/EF BD, the
	 * ideographic space E3 80 80. */
	const unsigned char *p = (const unsigned char *)name;
	for (; *p; p++)
		if (*p <= ' ' || (p[0] == 0xEF && (p[1] == 0xBC || p[1] == 0xBD)) || (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80))
			break;
	if (!*p)
		return xstrdup(name);
	char *t = text_normalize(name);
	char *w = t;
	for (char *r = t; *r; r++)
		if (*r != ' ' && *r != '\t' && *r != '\n' && *r != '\r')
			*w++ = *r;
	*w = 0;
	return t;
}

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct unitdir_slot *slot_find(const struct unitdir *d, const char *key)
{
	if (!d->nslots)
		return NULL;
	size_t i = hash(key) & (d->nslots - 1);
	while (d->slots[i].key) {
		if (!strcmp(d->slots[i].key, key))
			return &d->slots[i];
		i = (i + 1) & (d->nslots - 1);
	}
	return NULL;
}

static void slot_put(struct unitdir *d, char *key, int unit)
{
	if ((d->used + 1) * 2 > d->nslots)
		unitdir_reserve(d, d->used + 1 > 32 ? (d->used + 1) * 2 : 32);
	size_t i = hash(key) & (d->nslots - 1);
	while (d->slots[i].key)
		i = (i + 1) & (d->nslots - 1);
	d->slots[i].key = key;
	d->slots[i].unit = unit;
	d->used++;
}

/* Claims NAME for UNIT; fails when the name already means something. */
static int claim(struct unitdir *d, const char *name, int unit, const char *what, struct kp_error *e)
{
	char *key = name_key(name);
	if (!*key) {
		free(key);
		return kp_fail(e, KP_EINPUT, "%s: empty name", what), -1;
	}
	struct unitdir_slot *s = slot_find(d, key);
	if (s) {
		int same = s->unit == unit;
		free(key);
		if (same)
			return 0;
		return kp_fail(e, KP_EINPUT, "%s \"%s\" already names %s", what, name,
			       s->unit == UNITDIR_ALL ? "all units" : d->names[s->unit]), -1;
	}
	slot_put(d, key, unit);
	return 0;
}

void unitdir_reserve(struct unitdir *d, size_t names)
{
	size_t n = 64;
	while (n < names * 2 + 2)
		n *= 2;
	if (n <= d->nslots)
		return;
	struct unitdir_slot *old = d->slots;
	size_t oldn = d->nslots;
	d->slots = xcalloc(n, sizeof *d->slots);
	d->nslots = n;
	for (size_t i = 0; i < oldn; i++) {
		if (!old[i].key)
			continue;
		size_t j = hash(old[i].key) & (n - 1);
		while (d->slots[j].key)
			j = (j + 1) & (n - 1);
		d->slots[j] = old[i];
	}
	free(old);
	if ((int)names > d->cap) {
		d->cap = (int)names;
		d->names = xrealloc(d->names, (size_t)d->cap * sizeof *d->names);
		d->ids = xrealloc(d->ids, (size_t)d->cap * sizeof *d->ids);
		d->aliases = xrealloc(d->aliases, (size_t)d->cap * sizeof *d->aliases);
		d->naliases = xrealloc(d->naliases, (size_t)d->cap * sizeof *d->naliases);
	}
}

int unitdir_add_unit(struct unitdir *d, const char *name, int64_t id, struct kp_error *e)
{
	if (claim(d, name, d->n, "unit", e) < 0)
		return -1;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->names = xrealloc(d->names, (size_t)d->cap * sizeof *d->names);
		d->ids = xrealloc(d->ids, (size_t)d->cap * sizeof *d->ids);
		d->aliases = xrealloc(d->aliases, (size_t)d->cap * sizeof *d->aliases);
		d->naliases = xrealloc(d->naliases, (size_t)d->cap * sizeof *d->naliases);
	}
	d->names[d->n] = text_trim(name);
	d->ids[d->n] = id;
	d->aliases[d->n] = xcalloc(1, sizeof(char *));
	d->naliases[d->n] = 0;
	return d->n++;
}

int unitdir_add_alias(struct unitdir *d, int u, const char *alias, struct kp_error *e)
{
	if (u < 0 || u >= d->n)
		return kp_fail(e, KP_EINPUT, "alias \"%s\": no such unit", alias), -1;
	char *key = name_key(alias);
	int dup = slot_find(d, key) != NULL;
	if (claim(d, alias, u, "alias", e) < 0) {
		free(key);
		return -1;
	}
	if (dup) { /* the same alias twice for one unit: keep one */
		free(key);
		return 0;
	}
	int k = d->naliases[u]++;
	d->aliases[u] = xrealloc(d->aliases[u], (size_t)(k + 2) * sizeof(char *));
	d->aliases[u][k] = text_trim(alias);
	free(key);
	d->aliases[u][k + 1] = NULL;
	return 0;
}

int unitdir_add_collective(struct unitdir *d, const char *name, struct kp_error *e)
{
	if (claim(d, name, UNITDIR_ALL, "collective name", e) < 0)
		return -1;
	d->collective = xrealloc(d->collective, (size_t)(d->ncollective + 1) * sizeof(char *));
	d->collective[d->ncollective++] = name_key(name);
	return 0;
}

int unitdir_lookup(const struct unitdir *d, const char *name)
{
	char *key = name_key(name);
	struct unitdir_slot *s = slot_find(d, key);
	if (!s) { /* 审计局 ↔ 区审计局 */
		static const char qu[] = "区";
		char *alt = strncmp(key, qu, 3) ? xasprintf("%s%s", qu, key) : xstrdup(key + 3);
		if (*alt)
			s = slot_find(d, alt);
		free(alt);
	}
	free(key);
	return s ? s->unit : UNITDIR_NONE;
}

int unitdir_resolve(const struct unitdir *d, const char *name, const char *field, struct kp_error *e)
{
	int u = unitdir_lookup(d, name);
	if (u != UNITDIR_NONE)
		return u;
	/* Candidates: units whose name or alias contains the query or is
	 * contained in it. */
	char *key = name_key(name);
	int cand[6], nc = 0;
	for (int i = 0; *key && i < d->n && nc < 6; i++) {
		int hit = strstr(d->names[i], key) || strstr(key, d->names[i]);
		for (int k = 0; !hit && k < d->naliases[i]; k++)
			hit = strstr(d->aliases[i][k], key) || strstr(key, d->aliases[i][k]);
		if (hit)
			cand[nc++] = i;
	}
	const char *pre = field && *field ? field : "";
	const char *sep = field && *field ? ": " : "";
	if (nc == 0) {
		kp_fail_at(e, KP_EINPUT, KP_R_UNKNOWN, "unit", 0, 0, "%s%sunknown unit \"%s\"", pre, sep, name);
	} else if (nc == 1) {
		kp_fail_at(e, KP_EINPUT, KP_R_UNKNOWN, "unit", 0, 0, "%s%sunknown unit \"%s\" (did you mean %s?)", pre, sep, name, d->names[cand[0]]);
	} else {
		struct strbuf b = {0};
		for (int i = 0; i < nc && i < 5; i++)
			sb_addf(&b, "%s%s", i ? ", " : "", d->names[cand[i]]);
		if (nc > 5)
			sb_adds(&b, ", ...");
		kp_fail(e, KP_EINPUT, "%s%sambiguous unit \"%s\": could be %s", pre, sep, name, sb_str(&b));
		sb_free(&b);
	}
	free(key);
	return UNITDIR_NONE;
}

int unitdir_by_id(const struct unitdir *d, int64_t id)
{
	for (int i = 0; i < d->n; i++)
		if (d->ids[i] == id)
			return i;
	return -1;
}
