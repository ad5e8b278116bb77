/* sql.h — the store's statements, for the domain only (src/domain/). Every
 * SQL statement kaoping can run is registered in store.c and run by its id
 * with bound parameters ($1, $2 … as SQLite and PostgreSQL both read them);
 * nothing builds SQL from data. The SQL stays in the dialect both backends
 * accept (store.c turns it into each one's where they differ); SQLite and
 * PostgreSQL answer alike through these functions. */
#ifndef KAOPING_SQL_H
#define KAOPING_SQL_H
#include <stdbool.h>
#include <stdint.h>

#include "core/util.h"
#include "store/store.h"

typedef struct store_stmt store_stmt;

/* The registered statements (SQL text in store.c). */
enum store_sql {
	SQL_META_BUMP,
	SQL_META_GENERATIONS,
	SQL_CAMPAIGN_INSERT,
	SQL_CAMPAIGN_CURRENT,
	SQL_CAMPAIGN_GET,
	SQL_CAMPAIGN_SET_OFFICE,
	SQL_UNIT_INSERT,
	SQL_UNIT_LIST,
	SQL_UNIT_COUNT,
	SQL_ALIAS_INSERT,
	SQL_ALIAS_LIST,
	SQL_COLLECTIVE_INSERT,
	SQL_COLLECTIVE_LIST,
	SQL_RUBRIC_INSERT,
	SQL_RUBRIC_CURRENT,
	SQL_POSITION_INSERT,
	SQL_POSITION_LIST,
	SQL_HOLDER_INSERT,
	SQL_HOLDER_CLOSE,
	SQL_HOLDER_LIST,
	SQL_PROGRAMME_INSERT,
	SQL_PROGRAMME_LIST,
	SQL_PROGRAMME_UNIT_INSERT,
	SQL_PROGRAMME_UNIT_LIST,
	SQL_TASK_INSERT,
	SQL_TASK_LIST,
	SQL_TASK_UNIT_INSERT,
	SQL_TASK_UNIT_LIST,
	SQL_SCORE_GET,
	SQL_SCORE_ARCHIVE,
	SQL_SCORE_UPSERT,
	SQL_SCORE_SET_STATE,
	SQL_SCORE_LIST_UNIT,
	SQL_SCORE_KEYS,
	SQL_SCORE_ALL,
	SQL_SCORE_ANY_KIND,
	SQL_SCORE_HISTORY_UNIT,
	SQL_BATCH_INSERT,
	SQL_BATCH_SET_ROWS,
	SQL_AUDIT_INSERT,
	SQL_AUDIT_LIST,
	SQL_AUDIT_PAGE,
	SQL_AUDIT_LAST,
	SQL_ACCOUNT_INSERT,
	SQL_ACCOUNT_BY_NAME,
	SQL_ACCOUNT_BY_ID,
	SQL_ACCOUNT_LIST,
	SQL_ACCOUNT_SET_DISABLED,
	SQL_ACCOUNT_SET_PASSWORD,
	SQL_ACCOUNT_LOGIN_FAILED,
	SQL_ACCOUNT_LOGIN_OK,
	SQL_SESSION_INSERT,
	SQL_SESSION_GET,
	SQL_SESSION_TOUCH,
	SQL_SESSION_REVOKE,
	SQL_SESSION_REVOKE_ACCOUNT,
	SQL_TOKEN_INSERT,
	SQL_TOKEN_GET,
	SQL_TOKEN_LIST,
	SQL_TOKEN_REVOKE,
	SQL_TOKEN_REVOKE_ACCOUNT,
	SQL_SUBMISSION_GET,
	SQL_SUBMISSION_SET,
	SQL_BLOB_INSERT,
	SQL_EVIDENCE_INSERT,
	SQL_EVIDENCE_LIST,
	SQL_EVIDENCE_GET,
	SQL_EVIDENCE_WITHDRAW,
	SQL_SETTING_GET,
	SQL_SETTING_SET,

	/* -- deadlines and task progress -- */
	SQL_TASK_PROGRESS_LIST,
	SQL_TASK_PROGRESS_SET,
	SQL_TASK_PROGRESS_DELETE,
	SQL_TASK_SET_DUE,
	SQL_DUE_EVIDENCE,
	SQL_DUE_SELF,
	SQL_TASK_PROGRESS_UNIT,
	SQL_DUE_EVIDENCE_UNIT,
	SQL_DUE_SELF_UNIT,

	/* -- ledger, duties and complaints -- */
	SQL_LEDGER_KIND_INSERT,
	SQL_LEDGER_KIND_LIST,
	SQL_LEDGER_ENTRY_INSERT,
	SQL_LEDGER_ENTRY_GET,
	SQL_LEDGER_ENTRY_LIST,
	SQL_LEDGER_ENTRY_LIST_CRITERIA,
	SQL_LEDGER_ENTRY_DELETE,
	SQL_LEDGER_CRITERION_INSERT,
	SQL_LEDGER_CRITERION_LIST,
	SQL_LEDGER_BY_CRITERION,
	SQL_LEDGER_FILE_INSERT,
	SQL_LEDGER_FILE_LIST,
	SQL_LEDGER_FILE_GET,
	SQL_LEDGER_FILE_LIST_ALL,
	SQL_LEDGER_COUNTS,
	SQL_DUTY_INSERT,
	SQL_DUTY_FIND,
	SQL_DUTY_LIST,
	SQL_DUTY_SET,
	SQL_COMPLAINT_INSERT,
	SQL_COMPLAINT_LIST,
	SQL_COMPLAINT_GET,
	SQL_COMPLAINT_CLOSE,
	SQL_COMPLAINT_COUNT,

	/* -- supervision cases -- */
	SQL_CASE_INSERT,
	SQL_CASE_GET,
	SQL_CASE_LIST,
	SQL_CASE_UPDATE,
	SQL_CASE_EVENT_INSERT,
	SQL_CASE_EVENT_LIST,
	SQL_CASE_FILE_INSERT,
	SQL_CASE_FILE_LIST,
	SQL_CASE_FILE_GET,
	SQL_CASE_COVERED,
	SQL_CASE_COMPLAINTS,

	/* -- spot-check draws -- */
	SQL_DRAW_INSERT,
	SQL_DRAW_UNIT_INSERT,
	SQL_DRAW_INSPECTOR_INSERT,
	SQL_DRAW_LIST,
	SQL_DRAW_GET,
	SQL_DRAW_UNITS,
	SQL_DRAW_INSPECTORS,
	SQL_DRAW_FINDINGS,
	SQL_DRAW_FINDING_INSERT,
	SQL_DRAW_UNIT_OUTCOME,
	SQL_DRAW_PUBLISH,
	SQL_DRAW_ASSESSORS,
	SQL_DRAW_OPEN_CASES,
	SQL_DRAW_COMPLAINTS,
	SQL_DRAW_FINDING_FILE_INSERT,
	SQL_DRAW_FINDING_FILES,

	/* -- campaign years -- */
	SQL_YEAR_EXISTS,
	SQL_YEAR_LIST,
	SQL_YEAR_SET_PREVIOUS,
	SQL_YEAR_COPY_UNITS,
	SQL_YEAR_COPY_ALIASES,
	SQL_YEAR_COPY_COLLECTIVE,
	SQL_YEAR_COPY_OFFICE,
	SQL_YEAR_COPY_POSITIONS,
	SQL_YEAR_COPY_HOLDERS,
	SQL_YEAR_COPY_PROGRAMMES,
	SQL_YEAR_COPY_PROGRAMME_UNITS,
	SQL_YEAR_COPY_TASKS,
	SQL_YEAR_COPY_TASK_UNITS,
	SQL_YEAR_COPY_SETTINGS,
	SQL_YEAR_COPY_KINDS,
	SQL_YEAR_COPY_DUTIES,
	SQL_YEAR_MOVE_ACCOUNTS,

	/* -- messages (站内消息), deadline reminders, outbound hooks -- */
	SQL_MESSAGE_RECIPIENTS,
	SQL_MESSAGE_INSERT,
	SQL_MESSAGE_UNREAD,
	SQL_MESSAGE_PAGE,
	SQL_MESSAGE_COUNT,
	SQL_MESSAGE_GET,
	SQL_MESSAGE_READ,
	SQL_MESSAGE_READ_ALL,
	SQL_REMINDER_MARK,
	SQL_HOOK_INSERT,
	SQL_HOOK_DUE,
	SQL_HOOK_CLAIM,
	SQL_HOOK_SET,
	SQL_HOOK_PAGE,
	SQL_MESSAGE_PRUNE,
	SQL_HOOK_PRUNE,
	/* -- search (domain/search.c) -- */
	SQL_SEARCH_LEDGER,
	SQL_SEARCH_EVIDENCE,
	SQL_SEARCH_LEDGER_FILE,
	SQL_SEARCH_CASE,

	/* -- transactions (prepared once: a server thread runs one per request) -- */
	SQL_TX_BEGIN,
	SQL_TX_BEGIN_IMMEDIATE,
	SQL_TX_COMMIT,
	SQL_TX_ROLLBACK,

	SQL__COUNT
};

/* Transactions. store_begin ends any read S holds (every statement reset),
 * then takes the write lock at once: first this process's lock, which its
 * threads take in turn (a mutex: no sleeping between them), then SQLite's
 * (BEGIN IMMEDIATE), waiting for another process in short steps; on
 * PostgreSQL a transaction-scoped advisory lock taken first in the
 * transaction (lock_timeout). Either not had
 * within STORE_BUSY_MS: KP_EBUSY ("the store is busy: try again shortly;
 * nothing was changed"), reported before any work is done. store_commit
 * resets every statement before it commits, so no read outlives the
 * transaction and the checkpoint after it can run; store_commit and
 * store_rollback give the lock back. */
int store_begin(store *s, struct kp_error *e);
int store_commit(store *s, struct kp_error *e);
void store_rollback(store *s);
/* store_begin without waiting: when another connection holds the write
 * lock it fails at once (E set) instead of waiting for it, so a write that
 * may be skipped (a session's activity) never holds up a request. Ends a
 * read transaction first, as store_begin does, even when it fails. */
int store_try_begin(store *s, struct kp_error *e);
/* Returns the prepared statement ID, reset and with its bindings cleared.
 * The statement belongs to the store; it stays valid until store_close. */
store_stmt *store_sql(store *s, enum store_sql id);

/* Binds parameter $N (1-based) of ST. Text is copied. Every parameter
 * must be bound before each run (checked: a forgotten one aborts). */
void st_bind_int(store_stmt *st, int n, int64_t v);
void st_bind_text(store_stmt *st, int n, const char *v); /* NULL binds NULL */
void st_bind_null(store_stmt *st, int n);
/* Binds text without copying: V must stay unchanged until ST is stepped to
 * completion. For bulk loads. */
void st_bind_text_ref(store_stmt *st, int n, const char *v);

/* Steps ST: 1 when a row is ready, 0 when done, -1 on error (E set). */
int st_step(store_stmt *st, struct kp_error *e);
/* Runs ST to completion; returns 0 or -1 (E set). */
int st_exec(store_stmt *st, struct kp_error *e);
/* Ends ST's current run early (after reading the row it needed), releasing
 * what it holds. */
void st_reset(store_stmt *st);
/* Column values of the current row (0-based). Text stays valid until the
 * next step or reset; NULL text reads as "". */
int64_t st_int(store_stmt *st, int col);
const char *st_text(store_stmt *st, int col);
bool st_is_null(store_stmt *st, int col);

/* Counters in the meta table that tell caches when to reload: */
#define COUNTER_CAMPAIGN "campaign_generation" /* campaign, units, rubric changed */
#define COUNTER_SCORES "score_generation"      /* a score was written */
/* a unit's progress: evidence, ledger entries, tasks reported, settings */
#define COUNTER_PROGRESS "progress_generation"
/* a draw was made or published, or given a finding */
#define COUNTER_DRAWS "draw_generation"
/* Adds one to counter KEY, inside the caller's write transaction. */
int store_counter_bump(store *s, const char *key, struct kp_error *e);

/* Rows changed by the last INSERT/UPDATE/DELETE. */
int64_t store_changes(store *s);
/* Tunes the connection for a bulk load (SQLite: bigger cache, no
 * foreign-key checks: the loader guarantees the keys; PostgreSQL: commits
 * that do not wait for the disk) or back to normal. Call outside a
 * transaction. */
void store_bulk_mode(store *s, bool on);
#endif
