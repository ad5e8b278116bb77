/* unitdir.h — the campaign's units and the names they go by: canonical names,
 * aliases as documents write them (文广局, 残联) and collective names
 * (区政府机关各单位 = every unit). Pure: no I/O. */
#ifndef KAOPING_UNITDIR_H
#define KAOPING_UNITDIR_H
#include <stdint.h>

#include "core/util.h"

/* Returned by unitdir_lookup/resolve for a collective name (all units). */
#define UNITDIR_ALL (-2)
#define UNITDIR_NONE (-1)

struct unitdir_slot {
	char *key; /* normalised name */
	int unit;  /* unit index or UNITDIR_ALL */
};

struct unitdir {
	int n, cap;
	char **names;   /* canonical names, index = unit index */
	int64_t *ids;   /* store ids (0 when not stored yet) */
	char ***aliases; /* per unit, NULL-terminated list */
	int *naliases;
	char **collective;
	int ncollective;
	struct unitdir_slot *slots; /* open-addressing hash of every name */
	size_t nslots, used;
};

/* Empties D; unitdir_free releases everything it owns. */
void unitdir_init(struct unitdir *d);
void unitdir_free(struct unitdir *d);

/* Makes room for NAMES names (units, aliases and collectives together) so a
 * large campaign loads without rehashing. */
void unitdir_reserve(struct unitdir *d, size_t names);

/* Adds a unit and returns its index, or -1 (with E set) when NAME is empty
 * or already names a unit, alias or collective. */
int unitdir_add_unit(struct unitdir *d, const char *name, int64_t id, struct kp_error *e);
/* Adds ALIAS for unit U; fails (E set, -1) when it is taken by another unit. */
int unitdir_add_alias(struct unitdir *d, int u, const char *alias, struct kp_error *e);
/* Adds a collective name meaning every unit. */
int unitdir_add_collective(struct unitdir *d, const char *name, struct kp_error *e);

/* Returns the unit index for NAME (canonical, alias, with or without the
 * leading 区, spaces and line breaks ignored), UNITDIR_ALL for a collective
 * name, or UNITDIR_NONE. */
int unitdir_lookup(const struct unitdir *d, const char *name);
/* Like unitdir_lookup but on failure sets E (KP_EINPUT) to a message that
 * names FIELD and lists the candidates: "unknown unit "审计" (did you mean
 * 区审计局?)" or "ambiguous unit "中心": 区公积金管理中心, 区农业产业化发展中心". */
int unitdir_resolve(const struct unitdir *d, const char *name, const char *field, struct kp_error *e);
/* Returns the unit index whose store id is ID, or -1. Linear. */
int unitdir_by_id(const struct unitdir *d, int64_t id);
#endif
