/* store_int.h — inside the store: what store.c (the registry, migrations,
 * dialect and the public functions) shares with the backends
 * (store_sqlite.c, store_pg.c). Nothing outside src/store/ includes it. */
#ifndef KAOPING_STORE_INT_H
#define KAOPING_STORE_INT_H
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "core/util.h"
#include "store/sql.h"
#include "store/store.h"

/* The SQL dialects the registry's text is turned into (store_dialect). */
enum store_dialect { DIALECT_SQLITE, DIALECT_PG };

/* What every backend's statement starts with (a backend's own statement
 * struct has it as its first member). */
struct store_stmt {
	store *owner;
	enum store_sql id;
	int nparams;     /* the highest $N of the text */
	uint32_t bound;  /* parameters bound since store_sql handed it out */
	bool live;       /* handed out since the last reset_all */
};

/* What every backend's connection starts with. */
struct store {
	const struct store_ops *ops;
	char *path;    /* as given to store_open (a file, or a PostgreSQL URL) */
	store_stmt *stmts[SQL__COUNT]; /* prepared on first use (ops->prepare) */
	int live[SQL__COUNT]; /* ids of the statements handed out since the last reset_all */
	int nlive;
	bool reading;  /* inside store_read_begin's read transaction */
	bool busy;     /* a lock was not had within STORE_BUSY_MS since store_release */
	uint64_t writes; /* write transactions begun */
};

/* A backend. Errors are reported with kp_fail (KP_EBUSY for a lock not
 * had in time, KP_EINPUT for a store that is not one, KP_EFAIL else). */
struct store_ops {
	const char *name;
	enum store_dialect dialect;
	/* Allocates and opens the connection to PATH, brings the schema up
	 * to date (store_migrations) and returns it in *OUT. */
	int (*open)(const char *path, enum store_open_mode mode, store **out, struct kp_error *e);
	/* Frees S and its statements (the transaction already ended). */
	void (*close)(store *s);
	/* Removes the store at PATH (init --force): SQLite its files,
	 * PostgreSQL kaoping's tables. A store that is not there is fine. */
	int (*remove)(const char *path, struct kp_error *e);
	/* True when PATH holds something (init's "already exists"). */
	int (*exists)(const char *path, bool *exists, struct kp_error *e);
	/* store_staging and store_swap. */
	char *(*staging)(const char *path);
	int (*swap)(const char *staging, const char *path, struct kp_error *e);
	/* Transactions, as store_begin … store_rollback say; BEGIN waits for
	 * the write lock WAIT_MS (0: tries once). ROLLBACK ends any
	 * transaction (read or write) and is a no-op without one. */
	int (*begin)(store *s, int wait_ms, struct kp_error *e);
	int (*read_begin)(store *s, struct kp_error *e);
	int (*commit)(store *s, struct kp_error *e);
	void (*rollback)(store *s);
	bool (*in_transaction)(const store *s);
	void (*bulk_mode)(store *s, bool on);
	/* Prepares statement ID from TEXT (already in the backend's dialect);
	 * NULL with *ERR (caller frees) when it does not prepare. */
	store_stmt *(*prepare)(store *s, enum store_sql id, const char *text, char **err);
	void (*finalize)(store_stmt *st);
	/* Readies ST for another run (ends its current one). */
	void (*reset)(store_stmt *st);
	void (*bind_int)(store_stmt *st, int n, int64_t v);
	void (*bind_text)(store_stmt *st, int n, const char *v, bool copy); /* v not NULL */
	void (*bind_null)(store_stmt *st, int n);
	int (*step)(store_stmt *st, struct kp_error *e);
	int (*ncols)(store_stmt *st);
	int64_t (*col_int)(store_stmt *st, int col);
	const char *(*col_text)(store_stmt *st, int col); /* NULL for NULL */
	bool (*col_null)(store_stmt *st, int col);
	int64_t (*changes)(store *s);
};

extern const struct store_ops store_sqlite_ops;
extern const struct store_ops store_pg_ops;

/* The registered text of statement ID (common dialect), or NULL. */
const char *store_sql_text(enum store_sql id);
/* Registered statement ID in dialect D, as store_sql prepares it (its
 * variant for D where it has one; caller frees). */
char *store_statement(enum store_sql id, enum store_dialect d);
/* TEXT (a migration when MIGRATION, else a statement) in dialect D
 * (caller frees). */
char *store_dialect_text(const char *text, enum store_dialect d, bool migration);
/* How many migrations there are; migration V (0-based) in dialect D
 * (caller frees). */
int store_migration_count(void);
char *store_migration(int v, enum store_dialect d);
/* The tables the migrations create, in order (static; N set). */
const char *const *store_tables(int *n);
/* The statement recording schema version $1 (both dialects accept it). */
extern const char store_sql_schema_version[];

/* Resets every statement handed out since the last call (store.c). */
void store_reset_all(store *s);

/* Monotonic deadlines for the busy waits. */
struct timespec store_deadline_after(int ms);
long store_ms_left(const struct timespec *deadline);
#endif
