/* store.h — the store as a connection: opening and closing it, the read
 * snapshot a request keeps, and the counters caches watch. This is all of
 * the store that the web and the CLI may see; statements and transactions
 * are in store/sql.h, which only the domain (src/domain/) includes. */
#ifndef KAOPING_STORE_H
#define KAOPING_STORE_H
#include <stdbool.h>
#include <stdint.h>

#include "core/util.h"

typedef struct store store;

enum store_open_mode {
	STORE_EXISTING, /* the store must exist and be a kaoping store */
	STORE_CREATE,   /* the file must not exist (init removes it first with --force) */
};

/* Opens the store at PATH and brings its schema up to date. PATH is an
 * SQLite file (WAL, foreign keys on, a bounded busy wait), or a PostgreSQL
 * database named by a URL, postgresql://… or postgres://… (libpq's form;
 * STORE_CREATE then wants a database without kaoping's tables). Returns 0
 * and *OUT, or KP_EINPUT with E set when the store is missing or not a
 * kaoping store (or the server cannot be reached), KP_EBUSY when another
 * process keeps it locked, KP_EFAIL for other database errors. */
int store_open(const char *path, enum store_open_mode mode, store **out, struct kp_error *e);
void store_close(store *s);

/* True when PATH names a PostgreSQL database (postgresql://… or
 * postgres://…); anything else is an SQLite file. */
bool store_is_pg(const char *path);
/* Sets *EXISTS when something is at PATH (SQLite: a file; PostgreSQL:
 * kaoping's tables in that database). KP_EINPUT when PATH cannot be
 * looked at (a server that cannot be reached). */
int store_exists(const char *path, bool *exists, struct kp_error *e);
/* Removes the store at PATH (init: what a failed init left at
 * store_staging): SQLite its file and the WAL beside it (KP_EINPUT for a
 * directory); PostgreSQL kaoping's tables, or a staging store's whole
 * schema. Nothing there is no error. */
int store_remove(const char *path, struct kp_error *e);
/* Where `init` builds a new store before store_swap puts it in the place
 * of the one at PATH (caller frees): SQLite PATH.new; PostgreSQL a schema
 * of its own (kaoping_init) in the same database. */
char *store_staging(const char *path);
/* Puts the store built at STAGING (store_staging(PATH), closed) in the
 * place of the store at PATH, which is removed: SQLite renames the file;
 * PostgreSQL drops kaoping's tables and moves the new ones in, in one
 * transaction. KP_EFAIL when that cannot be done (PATH's store is then
 * unchanged on PostgreSQL; on SQLite it may be gone, the new one left at
 * STAGING). */
int store_swap(const char *staging, const char *path, struct kp_error *e);

/* How long a write waits for the store before it gives up (KP_EBUSY). */
#define STORE_BUSY_MS 1000

/* Starts a read transaction, so the statements that follow read one
 * snapshot and the store's locks are taken once rather than per statement.
 * store_release ends it; store_begin ends it before taking the write lock. */
int store_read_begin(store *s, struct kp_error *e);
/* True while store_read_begin's read transaction is open. */
bool store_reading(const store *s);

/* The counters, read by one statement (a server thread reads them on
 * every request). */
struct store_generations {
	int64_t campaign, scores, progress, draws;
};
int store_generations(store *s, struct store_generations *g, struct kp_error *e);
/* How many write transactions S has begun: what was read before the
 * number changed may be out of date. */
uint64_t store_writes(const store *s);

/* Resets every statement of S, ending any read it still holds, so the next
 * request sees the latest committed data. A server calls it after each
 * request; a statement left mid-way would otherwise pin an old snapshot
 * (and keep the WAL from being checkpointed). Forgets store_busy. */
void store_release(store *s);
/* True when, since the last store_release, a write could not begin (or a
 * read could not go on) within STORE_BUSY_MS because other writers held the
 * store: the error was KP_EBUSY and nothing was changed. The web answers
 * 503 with Retry-After then. */
bool store_busy(const store *s);

/* Path the store was opened with (an SQLite file, or a PostgreSQL URL). */
const char *store_path(const store *s);
#endif
