/* store.c — the store's common part: the schema migrations, the registry
 * of every statement, the dialect layer, and the public functions of
 * store.h and sql.h, which run on a backend (store_sqlite.c, store_pg.c)
 * through its struct store_ops. SQL here keeps to the dialect SQLite and
 * PostgreSQL share ($N parameters, ON CONFLICT, RETURNING); store_dialect_text
 * turns it into each backend's own in one place. */
#include "store/store.h"
#include "store/sql.h"
#include "store/store_int.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Numbered migrations. "@ID@" is the dialect's auto-numbered key and
 * "@WITHOUT_ROWID@" asks SQLite to keep a table in its primary key's order
 * (PostgreSQL: nothing; it has no rowid). Applied in
 * order, each in its own transaction; meta.schema_version records the last. */
static const char *const migrations[] = {
	/* 1: campaign, units, group, programmes, rubric, scores, audit */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE campaign("
	" id @ID@, title TEXT NOT NULL, year INTEGER NOT NULL, timezone TEXT NOT NULL,"
	" material_deadline TEXT, material_deadline_text TEXT, deadline TEXT, deadline_text TEXT,"
	" group_name TEXT, office_name TEXT, office_unit_id INTEGER, created_at TEXT NOT NULL);"
	"CREATE TABLE unit("
	" id @ID@, campaign_id INTEGER NOT NULL REFERENCES campaign(id),"
	" name TEXT NOT NULL, sort INTEGER NOT NULL, UNIQUE(campaign_id, name));"
	"CREATE TABLE unit_alias("
	" unit_id INTEGER NOT NULL REFERENCES unit(id), alias TEXT NOT NULL, sort INTEGER NOT NULL,"
	" PRIMARY KEY(unit_id, alias));"
	"CREATE TABLE collective_name("
	" campaign_id INTEGER NOT NULL REFERENCES campaign(id), name TEXT NOT NULL, PRIMARY KEY(campaign_id, name));"
	"CREATE TABLE rubric("
	" id @ID@, campaign_id INTEGER NOT NULL REFERENCES campaign(id), json TEXT NOT NULL,"
	" source TEXT NOT NULL, imported_by TEXT NOT NULL, imported_at TEXT NOT NULL);"
	"CREATE TABLE position("
	" id @ID@, campaign_id INTEGER NOT NULL REFERENCES campaign(id), role TEXT NOT NULL,"
	" title TEXT NOT NULL, unit_id INTEGER REFERENCES unit(id), sort INTEGER NOT NULL,"
	" UNIQUE(campaign_id, title));"
	"CREATE TABLE position_holder("
	" id @ID@, position_id INTEGER NOT NULL REFERENCES position(id), name TEXT NOT NULL,"
	" from_date TEXT, to_date TEXT, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);"
	"CREATE TABLE programme("
	" id @ID@, campaign_id INTEGER NOT NULL REFERENCES campaign(id), no INTEGER NOT NULL,"
	" name TEXT NOT NULL, text TEXT NOT NULL, units_text TEXT NOT NULL, all_units INTEGER NOT NULL,"
	" UNIQUE(campaign_id, no));"
	"CREATE TABLE programme_unit("
	" programme_id INTEGER NOT NULL REFERENCES programme(id), unit_id INTEGER NOT NULL REFERENCES unit(id),"
	" PRIMARY KEY(programme_id, unit_id));"
	"CREATE TABLE task("
	" id @ID@, programme_id INTEGER NOT NULL REFERENCES programme(id), no INTEGER NOT NULL,"
	" title TEXT NOT NULL, text TEXT NOT NULL, units_text TEXT, all_units INTEGER NOT NULL);"
	"CREATE TABLE task_unit("
	" task_id INTEGER NOT NULL REFERENCES task(id), unit_id INTEGER NOT NULL REFERENCES unit(id),"
	" PRIMARY KEY(task_id, unit_id));"
	"CREATE TABLE import_batch("
	" id @ID@, kind TEXT NOT NULL, source TEXT NOT NULL, sha256 TEXT NOT NULL, rows INTEGER NOT NULL,"
	" imported_by TEXT NOT NULL, imported_at TEXT NOT NULL);"
	/* kind 0 = self-assessment (自评), 1 = assessor; state 0 draft, 1 submitted, 2 final */
	"CREATE TABLE score("
	" unit_id INTEGER NOT NULL REFERENCES unit(id), criterion_no INTEGER NOT NULL,"
	" part_no INTEGER NOT NULL, kind INTEGER NOT NULL, points INTEGER NOT NULL,"
	" vetoed INTEGER NOT NULL, state INTEGER NOT NULL, scored_by TEXT NOT NULL,"
	" comment TEXT NOT NULL, detail TEXT NOT NULL, batch_id INTEGER REFERENCES import_batch(id),"
	" updated_at TEXT NOT NULL, PRIMARY KEY(unit_id, criterion_no, part_no, kind)) @WITHOUT_ROWID@;"
	"CREATE TABLE score_history("
	" id @ID@, unit_id INTEGER NOT NULL, criterion_no INTEGER NOT NULL, part_no INTEGER NOT NULL,"
	" kind INTEGER NOT NULL, points INTEGER NOT NULL, vetoed INTEGER NOT NULL, state INTEGER NOT NULL,"
	" scored_by TEXT NOT NULL, comment TEXT NOT NULL, detail TEXT NOT NULL, batch_id INTEGER,"
	" updated_at TEXT NOT NULL, replaced_at TEXT NOT NULL, replaced_by TEXT NOT NULL, reason TEXT NOT NULL);"
	"CREATE INDEX score_history_unit ON score_history(unit_id, criterion_no);"
	/* each entry's hash covers the previous entry's hash: a chain */
	"CREATE TABLE audit("
	" id @ID@, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,"
	" subject TEXT NOT NULL, detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);",
	/* 2: accounts, sessions and API tokens (times in Unix seconds) */
	"CREATE TABLE account("
	" id @ID@, name TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,"
	" unit_id INTEGER REFERENCES unit(id), password_hash TEXT NOT NULL, disabled INTEGER NOT NULL,"
	" failed_logins INTEGER NOT NULL, locked_until INTEGER NOT NULL, created_at TEXT NOT NULL,"
	" password_changed_at TEXT NOT NULL);"
	"CREATE TABLE session("
	" id @ID@, token_hash TEXT NOT NULL UNIQUE, account_id INTEGER NOT NULL REFERENCES account(id),"
	" csrf TEXT NOT NULL, created_at INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
	" revoked INTEGER NOT NULL, address TEXT NOT NULL);"
	"CREATE INDEX session_account ON session(account_id);"
	"CREATE TABLE api_token("
	" id @ID@, token_hash TEXT NOT NULL UNIQUE, account_id INTEGER NOT NULL REFERENCES account(id),"
	" label TEXT NOT NULL, created_at TEXT NOT NULL, revoked INTEGER NOT NULL);",
	/* 3: a unit's self-assessment submission (自评提交), evidence files */
	"CREATE TABLE submission("
	" unit_id INTEGER PRIMARY KEY REFERENCES unit(id), state INTEGER NOT NULL, reason TEXT NOT NULL,"
	" changed_by TEXT NOT NULL, changed_at TEXT NOT NULL);"
	"CREATE TABLE blob(sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, type TEXT NOT NULL, created_at TEXT NOT NULL);"
	"CREATE TABLE evidence("
	" id @ID@, unit_id INTEGER NOT NULL REFERENCES unit(id), criterion_no INTEGER NOT NULL,"
	" sha256 TEXT NOT NULL REFERENCES blob(sha256), file_name TEXT NOT NULL, type TEXT NOT NULL,"
	" size INTEGER NOT NULL, uploaded_by TEXT NOT NULL, uploaded_at TEXT NOT NULL, late INTEGER NOT NULL,"
	" withdrawn_at TEXT, withdrawn_by TEXT);"
	"CREATE INDEX evidence_unit ON evidence(unit_id, criterion_no);",
	/* 4: supervision (保障措施): settings, task progress, ledger and duties,
	 * complaints, spot-check draws, supervision cases; campaign years */
	"ALTER TABLE campaign ADD COLUMN previous_id INTEGER REFERENCES campaign(id);"
	"ALTER TABLE task ADD COLUMN due TEXT;" /* NULL: the campaign's deadline */
	/* thresholds and windows the office sets (key → integer text) */
	"CREATE TABLE setting("
	" campaign_id INTEGER NOT NULL REFERENCES campaign(id), key TEXT NOT NULL, value TEXT NOT NULL,"
	" changed_by TEXT NOT NULL, changed_at TEXT NOT NULL, PRIMARY KEY(campaign_id, key));"
	/* a unit reports a task done (or the office marks it) */
	"CREATE TABLE task_progress("
	" task_id INTEGER NOT NULL REFERENCES task(id), unit_id INTEGER NOT NULL REFERENCES unit(id),"
	" done_at TEXT NOT NULL, done_by TEXT NOT NULL, note TEXT NOT NULL, PRIMARY KEY(task_id, unit_id));"
	"CREATE INDEX task_progress_unit ON task_progress(unit_id);"
	/* 台账: kinds of activity, the entries, the criteria they prove, files */
	"CREATE TABLE ledger_kind("
	" id @ID@, campaign_id INTEGER NOT NULL REFERENCES campaign(id), name TEXT NOT NULL,"
	" sort INTEGER NOT NULL, builtin INTEGER NOT NULL, UNIQUE(campaign_id, name));"
	"CREATE TABLE ledger_entry("
	" id @ID@, unit_id INTEGER NOT NULL REFERENCES unit(id), day TEXT NOT NULL,"
	" kind_id INTEGER NOT NULL REFERENCES ledger_kind(id), title TEXT NOT NULL, participants INTEGER NOT NULL,"
	" place TEXT NOT NULL, notes TEXT NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL,"
	" deleted_at TEXT, deleted_by TEXT);"
	"CREATE INDEX ledger_entry_unit ON ledger_entry(unit_id, day);"
	"CREATE TABLE ledger_criterion("
	" entry_id INTEGER NOT NULL REFERENCES ledger_entry(id), criterion_no INTEGER NOT NULL,"
	" PRIMARY KEY(entry_id, criterion_no));"
	"CREATE TABLE ledger_file("
	" id @ID@, entry_id INTEGER NOT NULL REFERENCES ledger_entry(id), sha256 TEXT NOT NULL REFERENCES blob(sha256),"
	" file_name TEXT NOT NULL, type TEXT NOT NULL, size INTEGER NOT NULL, uploaded_by TEXT NOT NULL,"
	" uploaded_at TEXT NOT NULL);"
	/* "at least MIN_COUNT activities of KIND per year for CRITERION";
	 * state 0 proposed (from the criterion text), 1 confirmed, 2 rejected */
	"CREATE TABLE duty_rule("
	" id @ID@, campaign_id INTEGER NOT NULL REFERENCES campaign(id), criterion_no INTEGER NOT NULL,"
	" kind_id INTEGER NOT NULL REFERENCES ledger_kind(id), min_count INTEGER NOT NULL,"
	" source_text TEXT NOT NULL, state INTEGER NOT NULL, changed_by TEXT NOT NULL, changed_at TEXT NOT NULL);"
	/* 群众意见; status 0 open, 1 handled, 2 dismissed */
	"CREATE TABLE complaint("
	" id @ID@, unit_id INTEGER NOT NULL REFERENCES unit(id), source TEXT NOT NULL, received_on TEXT NOT NULL,"
	" content TEXT NOT NULL, status INTEGER NOT NULL, outcome TEXT NOT NULL, recorded_by TEXT NOT NULL,"
	" recorded_at TEXT NOT NULL, closed_at TEXT, closed_by TEXT);"
	"CREATE INDEX complaint_unit ON complaint(unit_id, received_on);"
	/* The built-in ledger kinds for the campaigns of a store made before
	 * schema 4 (campaign_create adds them to new campaigns). */
	"INSERT INTO ledger_kind(campaign_id, name, sort, builtin) SELECT id, '专题会议', 1, 1 FROM campaign;"
	"INSERT INTO ledger_kind(campaign_id, name, sort, builtin) SELECT id, '理论中心组学习', 2, 1 FROM campaign;"
	"INSERT INTO ledger_kind(campaign_id, name, sort, builtin) SELECT id, '宣传月活动', 3, 1 FROM campaign;"
	"INSERT INTO ledger_kind(campaign_id, name, sort, builtin) SELECT id, '节庆活动', 4, 1 FROM campaign;"
	"INSERT INTO ledger_kind(campaign_id, name, sort, builtin) SELECT id, '走访慰问', 5, 1 FROM campaign;"
	"INSERT INTO ledger_kind(campaign_id, name, sort, builtin) SELECT id, '培训', 6, 1 FROM campaign;"
	/* 随机抽查: the draw with its published seed and parameters, the units
	 * drawn (in draw order), their inspectors, and the findings */
	"CREATE TABLE draw("
	" id @ID@, campaign_id INTEGER NOT NULL REFERENCES campaign(id), title TEXT NOT NULL, seed TEXT NOT NULL,"
	" params TEXT NOT NULL, digest TEXT NOT NULL, published INTEGER NOT NULL, created_by TEXT NOT NULL,"
	" created_at TEXT NOT NULL);"
	"CREATE TABLE draw_unit("
	" draw_id INTEGER NOT NULL REFERENCES draw(id), ord INTEGER NOT NULL, unit_id INTEGER NOT NULL REFERENCES unit(id),"
	" weight INTEGER NOT NULL, outcome TEXT NOT NULL, points INTEGER, PRIMARY KEY(draw_id, unit_id));"
	"CREATE TABLE draw_inspector("
	" draw_id INTEGER NOT NULL REFERENCES draw(id), unit_id INTEGER NOT NULL REFERENCES unit(id),"
	" account_id INTEGER NOT NULL REFERENCES account(id), ord INTEGER NOT NULL,"
	" PRIMARY KEY(draw_id, unit_id, account_id));"
	"CREATE TABLE draw_finding("
	" id @ID@, draw_id INTEGER NOT NULL REFERENCES draw(id), unit_id INTEGER NOT NULL REFERENCES unit(id),"
	" criterion_no INTEGER, points INTEGER, text TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);"
	/* 挂牌督办 / 整改: level 1 催办, 2 督办, 3 挂牌, 4 集中整改;
	 * state 0 open, 1 reported (整改报告), 2 closed (销号); every step is an event */
	"CREATE TABLE supervision_case("
	" id @ID@, campaign_id INTEGER NOT NULL REFERENCES campaign(id), unit_id INTEGER NOT NULL REFERENCES unit(id),"
	" rule TEXT NOT NULL, reason TEXT NOT NULL, items TEXT NOT NULL, level INTEGER NOT NULL, state INTEGER NOT NULL,"
	" deadline TEXT NOT NULL, opened_by TEXT NOT NULL, opened_at TEXT NOT NULL, closed_at TEXT);"
	"CREATE INDEX supervision_case_unit ON supervision_case(unit_id, state);"
	"CREATE TABLE case_event("
	" id @ID@, case_id INTEGER NOT NULL REFERENCES supervision_case(id), at TEXT NOT NULL, actor TEXT NOT NULL,"
	" action TEXT NOT NULL, text TEXT NOT NULL, level INTEGER NOT NULL, state INTEGER NOT NULL);"
	"CREATE TABLE case_file("
	" id @ID@, event_id INTEGER NOT NULL REFERENCES case_event(id), sha256 TEXT NOT NULL REFERENCES blob(sha256),"
	" file_name TEXT NOT NULL, type TEXT NOT NULL, size INTEGER NOT NULL);",
	/* 5: API tokens expire (Unix seconds; 0: made before expiries, read as
	 * created_at + AUTH_TOKEN_DAYS) and record when and by whom they ended */
	"ALTER TABLE api_token ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE api_token ADD COLUMN revoked_at TEXT;"
	"ALTER TABLE api_token ADD COLUMN revoked_by TEXT;"
	"CREATE INDEX api_token_account ON api_token(account_id);",
	/* 6: messages (站内消息): one row per recipient account, written with
	 * the event; kind by name (messages.c); the things it is about (0 or
	 * NULL: none). reminder_sent: the deadline reminders sent, one per
	 * unit, due day and step, so the sweep never sends one twice.
	 * hook_delivery: the outbound hook's queue and log (state 0 waiting,
	 * 1 delivered, 2 given up; next_at in Unix seconds). */
	"CREATE TABLE message("
	" id @ID@, account_id INTEGER NOT NULL REFERENCES account(id), kind TEXT NOT NULL,"
	" unit_id INTEGER NOT NULL, case_id INTEGER NOT NULL, draw_id INTEGER NOT NULL, criterion_no INTEGER NOT NULL,"
	" day TEXT NOT NULL, count INTEGER NOT NULL, note TEXT NOT NULL, created_at TEXT NOT NULL, read_at TEXT);"
	"CREATE INDEX message_unread ON message(account_id, read_at);"
	"CREATE INDEX message_inbox ON message(account_id, id);"
	"CREATE TABLE reminder_sent("
	" unit_id INTEGER NOT NULL REFERENCES unit(id), due TEXT NOT NULL, step INTEGER NOT NULL, sent_at TEXT NOT NULL,"
	" PRIMARY KEY(unit_id, due, step));"
	"CREATE TABLE hook_delivery("
	" id @ID@, campaign_id INTEGER NOT NULL REFERENCES campaign(id), kind TEXT NOT NULL, target TEXT NOT NULL,"
	" payload TEXT NOT NULL, state INTEGER NOT NULL, attempts INTEGER NOT NULL, next_at INTEGER NOT NULL,"
	" fail_kind INTEGER NOT NULL, fail_code INTEGER NOT NULL, last_error TEXT NOT NULL, created_at TEXT NOT NULL,"
	" done_at TEXT);"
	"CREATE INDEX hook_delivery_due ON hook_delivery(state, next_at);",
	/* 7: the photos and files of a spot-check finding (现场检查照片), kept
	 * content-addressed like evidence; ord numbers them within the finding */
	"CREATE TABLE draw_finding_file("
	" id @ID@, finding_id INTEGER NOT NULL REFERENCES draw_finding(id), ord INTEGER NOT NULL,"
	" sha256 TEXT NOT NULL REFERENCES blob(sha256), file_name TEXT NOT NULL, type TEXT NOT NULL,"
	" size INTEGER NOT NULL, uploaded_by TEXT NOT NULL, uploaded_at TEXT NOT NULL, UNIQUE(finding_id, ord));",
};

static const char *const sql_text[SQL__COUNT] = {
	[SQL_META_BUMP] = "INSERT INTO meta(key, value) VALUES($1, '1') ON CONFLICT(key)"
			  " DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)",
	[SQL_META_GENERATIONS] = "SELECT (SELECT value FROM meta WHERE key = $1), (SELECT value FROM meta WHERE key = $2),"
				 " (SELECT value FROM meta WHERE key = $3), (SELECT value FROM meta WHERE key = $4)",
	[SQL_CAMPAIGN_INSERT] =
		"INSERT INTO campaign(title, year, timezone, material_deadline, material_deadline_text,"
		" deadline, deadline_text, group_name, office_name, created_at)"
		" VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
	[SQL_CAMPAIGN_CURRENT] =
		"SELECT id, title, year, timezone, material_deadline, material_deadline_text, deadline,"
		" deadline_text, group_name, office_name, office_unit_id, COALESCE(previous_id, 0)"
		" FROM campaign ORDER BY id DESC LIMIT 1",
	[SQL_CAMPAIGN_GET] =
		"SELECT id, title, year, timezone, material_deadline, material_deadline_text, deadline,"
		" deadline_text, group_name, office_name, office_unit_id, COALESCE(previous_id, 0)"
		" FROM campaign WHERE id = $1",
	[SQL_CAMPAIGN_SET_OFFICE] = "UPDATE campaign SET office_unit_id = $2 WHERE id = $1",
	[SQL_UNIT_INSERT] = "INSERT INTO unit(campaign_id, name, sort) VALUES($1, $2, $3) RETURNING id",
	[SQL_UNIT_LIST] = "SELECT id, name FROM unit WHERE campaign_id = $1 ORDER BY sort, id",
	[SQL_UNIT_COUNT] = "SELECT (SELECT COUNT(*) FROM unit WHERE campaign_id = $1),"
			   " (SELECT COUNT(*) FROM unit_alias a JOIN unit u ON u.id = a.unit_id WHERE u.campaign_id = $1)",
	[SQL_ALIAS_INSERT] = "INSERT INTO unit_alias(unit_id, alias, sort) VALUES($1, $2, $3)",
	[SQL_ALIAS_LIST] = "SELECT a.unit_id, a.alias FROM unit_alias a JOIN unit u ON u.id = a.unit_id"
			   " WHERE u.campaign_id = $1 ORDER BY u.sort, a.sort",
	[SQL_COLLECTIVE_INSERT] = "INSERT INTO collective_name(campaign_id, name) VALUES($1, $2)",
	[SQL_COLLECTIVE_LIST] = "SELECT name FROM collective_name WHERE campaign_id = $1 ORDER BY name",
	[SQL_RUBRIC_INSERT] = "INSERT INTO rubric(campaign_id, json, source, imported_by, imported_at)"
			      " VALUES($1, $2, $3, $4, $5) RETURNING id",
	[SQL_RUBRIC_CURRENT] = "SELECT id, json, source, imported_by, imported_at FROM rubric"
			       " WHERE campaign_id = $1 ORDER BY id DESC LIMIT 1",
	[SQL_POSITION_INSERT] = "INSERT INTO position(campaign_id, role, title, unit_id, sort)"
				" VALUES($1, $2, $3, $4, $5) RETURNING id",
	[SQL_POSITION_LIST] = "SELECT p.id, p.role, p.title, COALESCE(u.name, '') FROM position p"
			      " LEFT JOIN unit u ON u.id = p.unit_id WHERE p.campaign_id = $1 ORDER BY p.sort",
	[SQL_HOLDER_INSERT] = "INSERT INTO position_holder(position_id, name, from_date, to_date, recorded_by,"
			      " recorded_at) VALUES($1, $2, $3, NULL, $4, $5)",
	[SQL_HOLDER_CLOSE] = "UPDATE position_holder SET to_date = $2 WHERE position_id = $1 AND to_date IS NULL",
	[SQL_HOLDER_LIST] = "SELECT name, COALESCE(from_date, ''), COALESCE(to_date, ''), to_date IS NULL"
			    " FROM position_holder WHERE position_id = $1 ORDER BY id",
	[SQL_PROGRAMME_INSERT] = "INSERT INTO programme(campaign_id, no, name, text, units_text, all_units)"
				 " VALUES($1, $2, $3, $4, $5, $6) RETURNING id",
	[SQL_PROGRAMME_LIST] = "SELECT id, no, name, text, units_text, all_units FROM programme"
			       " WHERE campaign_id = $1 ORDER BY no",
	[SQL_PROGRAMME_UNIT_INSERT] = "INSERT INTO programme_unit(programme_id, unit_id) VALUES($1, $2)",
	[SQL_PROGRAMME_UNIT_LIST] = "SELECT unit_id FROM programme_unit WHERE programme_id = $1",
	[SQL_TASK_INSERT] = "INSERT INTO task(programme_id, no, title, text, units_text, all_units)"
			    " VALUES($1, $2, $3, $4, $5, $6) RETURNING id",
	[SQL_TASK_LIST] = "SELECT id, no, title, text, COALESCE(units_text, ''), all_units, units_text IS NULL, due"
			  " FROM task WHERE programme_id = $1 ORDER BY no",
	[SQL_TASK_UNIT_INSERT] = "INSERT INTO task_unit(task_id, unit_id) VALUES($1, $2)",
	[SQL_TASK_UNIT_LIST] = "SELECT unit_id FROM task_unit WHERE task_id = $1",
	[SQL_SCORE_GET] = "SELECT points, vetoed, state, scored_by, comment FROM score"
			  " WHERE unit_id = $1 AND criterion_no = $2 AND part_no = $3 AND kind = $4",
	[SQL_SCORE_ARCHIVE] =
		"INSERT INTO score_history(unit_id, criterion_no, part_no, kind, points, vetoed, state, scored_by,"
		" comment, detail, batch_id, updated_at, replaced_at, replaced_by, reason)"
		" SELECT unit_id, criterion_no, part_no, kind, points, vetoed, state, scored_by, comment, detail,"
		" batch_id, updated_at, $5, $6, $7 FROM score"
		" WHERE unit_id = $1 AND criterion_no = $2 AND part_no = $3 AND kind = $4",
	[SQL_SCORE_UPSERT] =
		"INSERT INTO score(unit_id, criterion_no, part_no, kind, points, vetoed, state, scored_by,"
		" comment, detail, batch_id, updated_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
		" ON CONFLICT(unit_id, criterion_no, part_no, kind) DO UPDATE SET points = excluded.points,"
		" vetoed = excluded.vetoed, state = excluded.state, scored_by = excluded.scored_by,"
		" comment = excluded.comment, detail = excluded.detail, batch_id = excluded.batch_id,"
		" updated_at = excluded.updated_at",
	[SQL_SCORE_SET_STATE] = "UPDATE score SET state = $3, updated_at = $4"
				" WHERE unit_id = $1 AND kind = 1 AND state = $2",
	[SQL_SCORE_LIST_UNIT] = "SELECT criterion_no, part_no, kind, points, vetoed, state, scored_by, comment,"
				" detail, updated_at FROM score WHERE unit_id = $1"
				" ORDER BY criterion_no, part_no, kind",
	[SQL_SCORE_KEYS] = "SELECT unit_id, criterion_no, part_no, MAX(points), MIN(points) FROM score"
			   " WHERE vetoed = 0 GROUP BY unit_id, criterion_no, part_no",
	[SQL_SCORE_ALL] = "SELECT unit_id, criterion_no, part_no, points, vetoed, state FROM score"
			  " WHERE kind = $1 AND state >= $2",
	[SQL_SCORE_ANY_KIND] = "SELECT 1 FROM score WHERE kind = $1 LIMIT 1",
	[SQL_SCORE_HISTORY_UNIT] =
		"SELECT criterion_no, part_no, kind, points, vetoed, state, scored_by, comment, updated_at,"
		" replaced_at, replaced_by, reason FROM score_history WHERE unit_id = $1 ORDER BY id",
	[SQL_BATCH_INSERT] = "INSERT INTO import_batch(kind, source, sha256, rows, imported_by, imported_at)"
			     " VALUES($1, $2, $3, $4, $5, $6) RETURNING id",
	[SQL_BATCH_SET_ROWS] = "UPDATE import_batch SET rows = $2 WHERE id = $1",
	[SQL_AUDIT_INSERT] = "INSERT INTO audit(id, at, actor, action, subject, detail, prev_hash, hash)"
			     " VALUES($1, $2, $3, $4, $5, $6, $7, $8)",
	[SQL_AUDIT_LIST] = "SELECT id, at, actor, action, subject, detail, prev_hash, hash FROM audit ORDER BY id",
	/* newest first, below id $1, by actor $2 ('' any), action starting with
	 * $3 (compared as text: % and _ are no wildcards here) */
	[SQL_AUDIT_PAGE] = "SELECT id, at, actor, action, subject, detail FROM audit WHERE id < $1"
			   " AND ($2 = '' OR actor = $2) AND substr(action, 1, length($3)) = $3 ORDER BY id DESC LIMIT $4",
	[SQL_AUDIT_LAST] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
	[SQL_ACCOUNT_INSERT] =
		"INSERT INTO account(name, display_name, role, unit_id, password_hash, disabled, failed_logins,"
		" locked_until, created_at, password_changed_at) VALUES($1, $2, $3, $4, $5, 0, 0, 0, $6, $6)",
	[SQL_ACCOUNT_BY_NAME] =
		"SELECT a.id, a.name, a.display_name, a.role, a.unit_id, a.password_hash, a.disabled, a.failed_logins,"
		" a.locked_until FROM account a WHERE a.name = $1",
	[SQL_ACCOUNT_BY_ID] =
		"SELECT a.id, a.name, a.display_name, a.role, a.unit_id, a.password_hash, a.disabled, a.failed_logins,"
		" a.locked_until FROM account a WHERE a.id = $1",
	[SQL_ACCOUNT_LIST] = "SELECT a.id, a.name, a.display_name, a.role, COALESCE(u.name, ''), a.disabled,"
			     " a.failed_logins, a.locked_until, a.created_at FROM account a"
			     " LEFT JOIN unit u ON u.id = a.unit_id ORDER BY a.id",
	[SQL_ACCOUNT_SET_DISABLED] = "UPDATE account SET disabled = $2 WHERE id = $1",
	[SQL_ACCOUNT_SET_PASSWORD] = "UPDATE account SET password_hash = $2, password_changed_at = $3,"
				     " failed_logins = 0, locked_until = 0 WHERE id = $1",
	[SQL_ACCOUNT_LOGIN_FAILED] = "UPDATE account SET failed_logins = failed_logins + 1, locked_until = $2"
				     " WHERE id = $1",
	[SQL_ACCOUNT_LOGIN_OK] = "UPDATE account SET failed_logins = 0, locked_until = 0 WHERE id = $1",
	[SQL_SESSION_INSERT] = "INSERT INTO session(token_hash, account_id, csrf, created_at, last_seen, revoked, address)"
			       " VALUES($1, $2, $3, $4, $4, 0, $5)",
	[SQL_SESSION_GET] = "SELECT s.id, s.account_id, s.csrf, s.created_at, s.last_seen, s.revoked FROM session s"
			    " WHERE s.token_hash = $1",
	[SQL_SESSION_TOUCH] = "UPDATE session SET last_seen = $2 WHERE id = $1",
	[SQL_SESSION_REVOKE] = "UPDATE session SET revoked = 1 WHERE id = $1",
	[SQL_SESSION_REVOKE_ACCOUNT] = "UPDATE session SET revoked = 1 WHERE account_id = $1",
	[SQL_TOKEN_INSERT] = "INSERT INTO api_token(token_hash, account_id, label, created_at, revoked, expires_at)"
			     " VALUES($1, $2, $3, $4, 0, $5) RETURNING id",
	[SQL_TOKEN_GET] = "SELECT account_id, expires_at, created_at FROM api_token WHERE token_hash = $1 AND revoked = 0",
	[SQL_TOKEN_LIST] = "SELECT id, label, created_at, expires_at, revoked, COALESCE(revoked_at, ''),"
			   " COALESCE(revoked_by, '') FROM api_token WHERE account_id = $1 ORDER BY id",
	[SQL_TOKEN_REVOKE] = "UPDATE api_token SET revoked = 1, revoked_at = $3, revoked_by = $4"
			     " WHERE id = $1 AND account_id = $2 AND revoked = 0",
	[SQL_TOKEN_REVOKE_ACCOUNT] = "UPDATE api_token SET revoked = 1, revoked_at = $2, revoked_by = $3"
				     " WHERE account_id = $1 AND revoked = 0",
	[SQL_SUBMISSION_GET] = "SELECT state, reason, changed_by, changed_at FROM submission WHERE unit_id = $1",
	[SQL_SUBMISSION_SET] = "INSERT INTO submission(unit_id, state, reason, changed_by, changed_at) VALUES($1, $2, $3, $4, $5)"
			       " ON CONFLICT(unit_id) DO UPDATE SET state = excluded.state, reason = excluded.reason,"
			       " changed_by = excluded.changed_by, changed_at = excluded.changed_at",
	[SQL_BLOB_INSERT] = "INSERT INTO blob(sha256, size, type, created_at) VALUES($1, $2, $3, $4)"
			    " ON CONFLICT(sha256) DO NOTHING",
	[SQL_EVIDENCE_INSERT] = "INSERT INTO evidence(unit_id, criterion_no, sha256, file_name, type, size, uploaded_by,"
				" uploaded_at, late) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
	[SQL_EVIDENCE_LIST] = "SELECT id, criterion_no, sha256, file_name, type, size, uploaded_by, uploaded_at, late,"
			      " COALESCE(withdrawn_at, '') FROM evidence WHERE unit_id = $1 ORDER BY criterion_no, id",
	[SQL_EVIDENCE_GET] = "SELECT id, unit_id, criterion_no, sha256, file_name, type, size, withdrawn_at IS NOT NULL,"
			     " late, uploaded_by, uploaded_at FROM evidence WHERE id = $1",
	[SQL_EVIDENCE_WITHDRAW] = "UPDATE evidence SET withdrawn_at = $2, withdrawn_by = $3 WHERE id = $1"
				  " AND withdrawn_at IS NULL",
	[SQL_SETTING_GET] = "SELECT value FROM setting WHERE campaign_id = $1 AND key = $2",
	[SQL_SETTING_SET] = "INSERT INTO setting(campaign_id, key, value, changed_by, changed_at) VALUES($1, $2, $3, $4, $5)"
			    " ON CONFLICT(campaign_id, key) DO UPDATE SET value = excluded.value,"
			    " changed_by = excluded.changed_by, changed_at = excluded.changed_at",

	/* -- deadlines and task progress -- */
	[SQL_TASK_PROGRESS_LIST] = "SELECT tp.task_id, tp.unit_id, tp.done_at, tp.done_by, tp.note FROM task_progress tp"
				   " JOIN unit u ON u.id = tp.unit_id WHERE u.campaign_id = $1",
	[SQL_TASK_PROGRESS_SET] = "INSERT INTO task_progress(task_id, unit_id, done_at, done_by, note) VALUES($1, $2, $3, $4, $5)"
				  " ON CONFLICT(task_id, unit_id) DO UPDATE SET done_at = excluded.done_at,"
				  " done_by = excluded.done_by, note = excluded.note",
	[SQL_TASK_PROGRESS_DELETE] = "DELETE FROM task_progress WHERE task_id = $1 AND unit_id = $2",
	[SQL_TASK_SET_DUE] = "UPDATE task SET due = $2 WHERE id = $1",
	/* criteria with evidence: a file not withdrawn, or a ledger entry linked
	 * to it (a criterion may come twice: the reader only marks it) */
	[SQL_DUE_EVIDENCE] = "SELECT e.unit_id, e.criterion_no FROM evidence e JOIN unit u ON u.id = e.unit_id"
			     " WHERE u.campaign_id = $1 AND e.withdrawn_at IS NULL"
			     " UNION ALL SELECT le.unit_id, lc.criterion_no FROM ledger_criterion lc"
			     " JOIN ledger_entry le ON le.id = lc.entry_id JOIN unit u ON u.id = le.unit_id"
			     " WHERE u.campaign_id = $1 AND le.deleted_at IS NULL",
	[SQL_DUE_SELF] = "SELECT s.unit_id, s.criterion_no, COUNT(*) FROM score s JOIN unit u ON u.id = s.unit_id"
			 " WHERE u.campaign_id = $1 AND s.kind = 0 GROUP BY s.unit_id, s.criterion_no",
	/* the same three for one unit ($1), for its own pages */
	[SQL_TASK_PROGRESS_UNIT] = "SELECT task_id, unit_id, done_at, done_by, note FROM task_progress WHERE unit_id = $1",
	[SQL_DUE_EVIDENCE_UNIT] = "SELECT unit_id, criterion_no FROM evidence WHERE unit_id = $1 AND withdrawn_at IS NULL"
				  " UNION ALL SELECT le.unit_id, lc.criterion_no FROM ledger_criterion lc"
				  " JOIN ledger_entry le ON le.id = lc.entry_id WHERE le.unit_id = $1 AND le.deleted_at IS NULL",
	[SQL_DUE_SELF_UNIT] = "SELECT unit_id, criterion_no, COUNT(*) FROM score WHERE unit_id = $1 AND kind = 0"
			      " GROUP BY unit_id, criterion_no",

	/* -- ledger, duties and complaints -- */
	[SQL_LEDGER_KIND_INSERT] = "INSERT INTO ledger_kind(campaign_id, name, sort, builtin) VALUES($1, $2,"
				   " (SELECT COALESCE(MAX(sort), 0) + 1 FROM ledger_kind WHERE campaign_id = $1), $3) RETURNING id",
	[SQL_LEDGER_KIND_LIST] = "SELECT id, name, builtin FROM ledger_kind WHERE campaign_id = $1 ORDER BY sort, id",
	[SQL_LEDGER_ENTRY_INSERT] = "INSERT INTO ledger_entry(unit_id, day, kind_id, title, participants, place, notes,"
				    " created_by, created_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
	[SQL_LEDGER_ENTRY_GET] = "SELECT e.id, e.unit_id, e.day, e.kind_id, k.name, e.title, e.participants, e.place, e.notes,"
				 " e.created_by, e.created_at, (SELECT COUNT(*) FROM ledger_file f WHERE f.entry_id = e.id)"
				 " FROM ledger_entry e JOIN ledger_kind k ON k.id = e.kind_id"
				 " WHERE e.id = $1 AND e.deleted_at IS NULL",
	/* $2 = 0: every unit; $3 = 0: every kind */
	[SQL_LEDGER_ENTRY_LIST] = "SELECT e.id, e.unit_id, e.day, e.kind_id, k.name, e.title, e.participants, e.place, e.notes,"
				  " e.created_by, e.created_at, (SELECT COUNT(*) FROM ledger_file f WHERE f.entry_id = e.id)"
				  " FROM ledger_entry e JOIN ledger_kind k ON k.id = e.kind_id"
				  " JOIN unit u ON u.id = e.unit_id WHERE u.campaign_id = $1 AND e.deleted_at IS NULL"
				  " AND ($2 = 0 OR e.unit_id = $2) AND ($3 = 0 OR e.kind_id = $3) ORDER BY u.sort, e.day, e.id",
	/* the criteria of the entries SQL_LEDGER_ENTRY_LIST lists, by entry */
	[SQL_LEDGER_ENTRY_LIST_CRITERIA] = "SELECT lc.entry_id, lc.criterion_no FROM ledger_criterion lc"
					   " JOIN ledger_entry e ON e.id = lc.entry_id JOIN unit u ON u.id = e.unit_id"
					   " WHERE u.campaign_id = $1 AND e.deleted_at IS NULL AND ($2 = 0 OR e.unit_id = $2)"
					   " AND ($3 = 0 OR e.kind_id = $3) ORDER BY lc.entry_id, lc.criterion_no",
	[SQL_LEDGER_ENTRY_DELETE] = "UPDATE ledger_entry SET deleted_at = $2, deleted_by = $3 WHERE id = $1"
				    " AND deleted_at IS NULL",
	[SQL_LEDGER_CRITERION_INSERT] = "INSERT INTO ledger_criterion(entry_id, criterion_no) VALUES($1, $2)",
	[SQL_LEDGER_CRITERION_LIST] = "SELECT criterion_no FROM ledger_criterion WHERE entry_id = $1 ORDER BY criterion_no",
	[SQL_LEDGER_BY_CRITERION] = "SELECT e.id, e.day, k.name, e.title FROM ledger_entry e"
				    " JOIN ledger_criterion c ON c.entry_id = e.id JOIN ledger_kind k ON k.id = e.kind_id"
				    " WHERE e.unit_id = $1 AND c.criterion_no = $2 AND e.deleted_at IS NULL ORDER BY e.day, e.id",
	[SQL_LEDGER_FILE_INSERT] = "INSERT INTO ledger_file(entry_id, sha256, file_name, type, size, uploaded_by, uploaded_at)"
				   " VALUES($1, $2, $3, $4, $5, $6, $7)",
	[SQL_LEDGER_FILE_LIST] = "SELECT id, file_name, type, size, sha256 FROM ledger_file WHERE entry_id = $1 ORDER BY id",
	[SQL_LEDGER_FILE_GET] = "SELECT f.entry_id, e.unit_id, f.sha256, f.file_name, f.type FROM ledger_file f"
				" JOIN ledger_entry e ON e.id = f.entry_id WHERE f.id = $1 AND e.deleted_at IS NULL",
	/* every file of the live entries of campaign $1 ($2 = 0: every unit, else that unit), by unit, date, entry, file */
	[SQL_LEDGER_FILE_LIST_ALL] = "SELECT f.id, f.entry_id, e.unit_id, f.sha256, f.file_name, f.type, f.size, f.uploaded_by,"
				     " f.uploaded_at FROM ledger_file f JOIN ledger_entry e ON e.id = f.entry_id"
				     " JOIN unit u ON u.id = e.unit_id WHERE u.campaign_id = $1 AND e.deleted_at IS NULL"
				     " AND ($2 = 0 OR e.unit_id = $2) ORDER BY u.sort, e.day, e.id, f.id",
	/* entries per unit and kind dated from $2 to $3 */
	[SQL_LEDGER_COUNTS] = "SELECT e.unit_id, e.kind_id, COUNT(*) FROM ledger_entry e JOIN unit u ON u.id = e.unit_id"
			      " WHERE u.campaign_id = $1 AND e.deleted_at IS NULL AND e.day >= $2 AND e.day <= $3"
			      " GROUP BY e.unit_id, e.kind_id",
	[SQL_DUTY_INSERT] = "INSERT INTO duty_rule(campaign_id, criterion_no, kind_id, min_count, source_text, state,"
			    " changed_by, changed_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
	[SQL_DUTY_FIND] = "SELECT id FROM duty_rule WHERE campaign_id = $1 AND criterion_no = $2 AND kind_id = $3",
	[SQL_DUTY_LIST] = "SELECT d.id, d.criterion_no, d.kind_id, k.name, d.min_count, d.source_text, d.state, d.changed_by,"
			  " d.changed_at FROM duty_rule d JOIN ledger_kind k ON k.id = d.kind_id WHERE d.campaign_id = $1"
			  " ORDER BY d.criterion_no, d.id",
	[SQL_DUTY_SET] = "UPDATE duty_rule SET kind_id = $2, min_count = $3, state = $4, changed_by = $5, changed_at = $6"
			 " WHERE id = $1",
	[SQL_COMPLAINT_INSERT] = "INSERT INTO complaint(unit_id, source, received_on, content, status, outcome, recorded_by,"
				 " recorded_at) VALUES($1, $2, $3, $4, 0, '', $5, $6) RETURNING id",
	/* $2 = 0: every unit; $3 = 1: open ones only */
	[SQL_COMPLAINT_LIST] = "SELECT c.id, c.unit_id, c.source, c.received_on, c.content, c.status, c.outcome,"
			       " c.recorded_by, c.recorded_at, COALESCE(c.closed_at, ''), COALESCE(c.closed_by, '')"
			       " FROM complaint c JOIN unit u ON u.id = c.unit_id WHERE u.campaign_id = $1"
			       " AND ($2 = 0 OR c.unit_id = $2) AND ($3 = 0 OR c.status = 0)"
			       " ORDER BY c.received_on DESC, c.id DESC",
	[SQL_COMPLAINT_GET] = "SELECT c.unit_id, c.status FROM complaint c JOIN unit u ON u.id = c.unit_id"
			      " WHERE c.id = $1 AND u.campaign_id = $2",
	[SQL_COMPLAINT_CLOSE] = "UPDATE complaint SET status = $2, outcome = $3, closed_at = $4, closed_by = $5"
				" WHERE id = $1 AND status = 0",
	[SQL_COMPLAINT_COUNT] = "SELECT COUNT(*) FROM complaint WHERE unit_id = $1 AND received_on >= $2",

	/* -- supervision cases -- */
	[SQL_CASE_INSERT] = "INSERT INTO supervision_case(campaign_id, unit_id, rule, reason, items, level, state, deadline,"
			    " opened_by, opened_at, closed_at) VALUES($1, $2, $3, $4, $5, $6, 0, $7, $8, $9, NULL) RETURNING id",
	[SQL_CASE_GET] = "SELECT id, unit_id, rule, reason, items, level, state, deadline, opened_by, opened_at,"
			 " COALESCE(closed_at, '') FROM supervision_case WHERE id = $1 AND campaign_id = $2",
	/* $2 unit id or 0 for all, $3 state or -1 for any, $4 1 = not closed only, $5 lowest level */
	[SQL_CASE_LIST] = "SELECT id, unit_id, rule, reason, items, level, state, deadline, opened_by, opened_at,"
			  " COALESCE(closed_at, '') FROM supervision_case WHERE campaign_id = $1"
			  " AND ($2 = 0 OR unit_id = $2) AND ($3 < 0 OR state = $3) AND ($4 = 0 OR state <> 2)"
			  " AND level >= $5 ORDER BY id",
	[SQL_CASE_UPDATE] = "UPDATE supervision_case SET level = $2, state = $3, deadline = $4, closed_at = $5 WHERE id = $1",
	[SQL_CASE_EVENT_INSERT] = "INSERT INTO case_event(case_id, at, actor, action, text, level, state)"
				  " VALUES($1, $2, $3, $4, $5, $6, $7) RETURNING id",
	[SQL_CASE_EVENT_LIST] = "SELECT id, at, actor, action, text, level, state FROM case_event WHERE case_id = $1 ORDER BY id",
	[SQL_CASE_FILE_INSERT] = "INSERT INTO case_file(event_id, sha256, file_name, type, size) VALUES($1, $2, $3, $4, $5)",
	[SQL_CASE_FILE_LIST] = "SELECT f.id, f.event_id, f.sha256, f.file_name, f.type, f.size FROM case_file f"
			       " JOIN case_event e ON e.id = f.event_id WHERE e.case_id = $1 ORDER BY f.id",
	[SQL_CASE_FILE_GET] = "SELECT f.sha256, f.file_name, f.type, e.case_id FROM case_file f"
			      " JOIN case_event e ON e.id = f.event_id WHERE f.id = $1",
	/* criteria a unit has proven: live evidence, or a live ledger entry linked to them */
	[SQL_CASE_COVERED] = "SELECT v.unit_id, v.criterion_no FROM evidence v JOIN unit u ON u.id = v.unit_id"
			     " WHERE u.campaign_id = $1 AND v.withdrawn_at IS NULL"
			     " UNION SELECT l.unit_id, lc.criterion_no FROM ledger_criterion lc"
			     " JOIN ledger_entry l ON l.id = lc.entry_id JOIN unit u ON u.id = l.unit_id"
			     " WHERE u.campaign_id = $1 AND l.deleted_at IS NULL",
	/* complaints received from $2 to $3 (dates), dismissed ones (status 2) not counted */
	[SQL_CASE_COMPLAINTS] = "SELECT c.unit_id, COUNT(*) FROM complaint c JOIN unit u ON u.id = c.unit_id"
				" WHERE u.campaign_id = $1 AND c.received_on >= $2 AND c.received_on <= $3 AND c.status <> 2"
				" GROUP BY c.unit_id",

	/* -- spot-check draws -- */
	[SQL_DRAW_INSERT] = "INSERT INTO draw(campaign_id, title, seed, params, digest, published, created_by, created_at)"
			    " VALUES($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
	[SQL_DRAW_UNIT_INSERT] = "INSERT INTO draw_unit(draw_id, ord, unit_id, weight, outcome, points)"
				 " VALUES($1, $2, $3, $4, '', NULL)",
	[SQL_DRAW_INSPECTOR_INSERT] = "INSERT INTO draw_inspector(draw_id, unit_id, account_id, ord) VALUES($1, $2, $3, $4)",
	[SQL_DRAW_LIST] = "SELECT d.id, d.title, d.seed, d.published, d.created_by, d.created_at,"
			  " (SELECT COUNT(*) FROM draw_unit x WHERE x.draw_id = d.id) FROM draw d"
			  " WHERE d.campaign_id = $1 AND d.published >= $2 ORDER BY d.id DESC",
	[SQL_DRAW_GET] = "SELECT id, title, seed, params, digest, published, created_by, created_at FROM draw"
			 " WHERE id = $1 AND campaign_id = $2",
	[SQL_DRAW_UNITS] = "SELECT ord, unit_id, weight, outcome, points FROM draw_unit WHERE draw_id = $1 ORDER BY ord",
	[SQL_DRAW_INSPECTORS] = "SELECT i.unit_id, i.account_id, a.name, a.display_name FROM draw_inspector i"
				" JOIN account a ON a.id = i.account_id WHERE i.draw_id = $1 ORDER BY i.unit_id, i.ord",
	[SQL_DRAW_FINDINGS] = "SELECT id, unit_id, criterion_no, points, text, recorded_by, recorded_at FROM draw_finding"
			      " WHERE draw_id = $1 ORDER BY id",
	[SQL_DRAW_FINDING_INSERT] = "INSERT INTO draw_finding(draw_id, unit_id, criterion_no, points, text, recorded_by,"
				    " recorded_at) VALUES($1, $2, $3, $4, $5, $6, $7) RETURNING id",
	[SQL_DRAW_UNIT_OUTCOME] = "UPDATE draw_unit SET outcome = $3, points = $4 WHERE draw_id = $1 AND unit_id = $2",
	[SQL_DRAW_PUBLISH] = "UPDATE draw SET published = 1 WHERE id = $1 AND published = 0",
	[SQL_DRAW_ASSESSORS] = "SELECT id, name, display_name, COALESCE(unit_id, 0) FROM account"
			       " WHERE role = 'assessor' AND disabled = 0 ORDER BY id",
	[SQL_DRAW_OPEN_CASES] = "SELECT DISTINCT unit_id FROM supervision_case WHERE campaign_id = $1 AND state <> 2",
	[SQL_DRAW_COMPLAINTS] = "SELECT c.unit_id, COUNT(*) FROM complaint c JOIN unit u ON u.id = c.unit_id"
				" WHERE u.campaign_id = $1 AND c.status = 0 AND c.received_on >= $2 GROUP BY c.unit_id",
	[SQL_DRAW_FINDING_FILE_INSERT] = "INSERT INTO draw_finding_file(finding_id, ord, sha256, file_name, type, size,"
					 " uploaded_by, uploaded_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8)",
	/* the files of every finding of draw $1 */
	[SQL_DRAW_FINDING_FILES] = "SELECT f.finding_id, f.ord, f.sha256, f.file_name, f.type, f.size, f.uploaded_by,"
				   " f.uploaded_at FROM draw_finding_file f JOIN draw_finding d ON d.id = f.finding_id"
				   " WHERE d.draw_id = $1 ORDER BY f.finding_id, f.ord",

	/* -- messages, deadline reminders, outbound hooks -- */
	/* the live accounts of role $1, of unit $2 (0: any unit) */
	[SQL_MESSAGE_RECIPIENTS] = "SELECT id, name, display_name FROM account WHERE role = $1 AND disabled = 0"
				   " AND ($2 = 0 OR unit_id = $2) ORDER BY id",
	[SQL_MESSAGE_INSERT] = "INSERT INTO message(account_id, kind, unit_id, case_id, draw_id, criterion_no, day, count,"
			       " note, created_at, read_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL)",
	[SQL_MESSAGE_UNREAD] = "SELECT COUNT(*) FROM message WHERE account_id = $1 AND read_at IS NULL",
	/* account $1's messages below id $2, newest first, at most $3 */
	[SQL_MESSAGE_PAGE] = "SELECT id, kind, unit_id, case_id, draw_id, criterion_no, day, count, note, created_at,"
			     " COALESCE(read_at, '') FROM message WHERE account_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
	[SQL_MESSAGE_COUNT] = "SELECT COUNT(*) FROM message WHERE account_id = $1",
	[SQL_MESSAGE_GET] = "SELECT id, kind, unit_id, case_id, draw_id, criterion_no, day, count, note, created_at,"
			    " COALESCE(read_at, '') FROM message WHERE id = $1 AND account_id = $2",
	[SQL_MESSAGE_READ] = "UPDATE message SET read_at = $3 WHERE id = $1 AND account_id = $2 AND read_at IS NULL",
	[SQL_MESSAGE_READ_ALL] = "UPDATE message SET read_at = $2 WHERE account_id = $1 AND read_at IS NULL",
	[SQL_REMINDER_MARK] = "INSERT INTO reminder_sent(unit_id, due, step, sent_at) VALUES($1, $2, $3, $4)"
			      " ON CONFLICT(unit_id, due, step) DO NOTHING",
	[SQL_HOOK_INSERT] = "INSERT INTO hook_delivery(campaign_id, kind, target, payload, state, attempts, next_at,"
			    " fail_kind, fail_code, last_error, created_at, done_at) VALUES($1, $2, $3, $4, 0, 0, $5, 0, 0, '', $6, NULL)",
	/* waiting deliveries due by $1, oldest first, at most $2 */
	[SQL_HOOK_DUE] = "SELECT id, kind, target, payload, attempts FROM hook_delivery WHERE state = 0 AND next_at <= $1"
			 " ORDER BY next_at, id LIMIT $2",
	/* takes delivery $1 for a try: moves its time on to $2 if still due by $3 */
	[SQL_HOOK_CLAIM] = "UPDATE hook_delivery SET next_at = $2 WHERE id = $1 AND state = 0 AND next_at <= $3",
	/* a success ($7 = 0) keeps the last failure for the log */
	/* read messages, and deliveries done (sent or given up), older than $1 / $2 */
	[SQL_MESSAGE_PRUNE] = "DELETE FROM message WHERE read_at IS NOT NULL AND read_at < $1",
	[SQL_HOOK_PRUNE] = "DELETE FROM hook_delivery WHERE campaign_id = $1 AND state <> 0 AND done_at IS NOT NULL"
			   " AND done_at < $2",
	[SQL_HOOK_SET] = "UPDATE hook_delivery SET state = $2, attempts = $3, next_at = $4, done_at = $6,"
			 " last_error = CASE WHEN $7 = 0 THEN last_error ELSE $5 END,"
			 " fail_kind = CASE WHEN $7 = 0 THEN fail_kind ELSE $7 END,"
			 " fail_code = CASE WHEN $7 = 0 THEN fail_code ELSE $8 END WHERE id = $1",
	/* campaign $1's deliveries below id $2, newest first, at most $3 */
	[SQL_HOOK_PAGE] = "SELECT id, kind, target, state, attempts, next_at, last_error, created_at, COALESCE(done_at, ''),"
			  " fail_kind, fail_code"
			  " FROM hook_delivery WHERE campaign_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",

	/* -- campaign years -- */
	[SQL_YEAR_EXISTS] = "SELECT id FROM campaign WHERE year = $1",
	[SQL_YEAR_LIST] = "SELECT c.id, c.year, c.title, COALESCE(c.previous_id, 0), c.created_at,"
			  " (SELECT COUNT(*) FROM unit WHERE campaign_id = c.id),"
			  " (SELECT COUNT(*) FROM score s JOIN unit u ON u.id = s.unit_id WHERE u.campaign_id = c.id)"
			  " FROM campaign c ORDER BY c.id",
	[SQL_YEAR_SET_PREVIOUS] = "UPDATE campaign SET previous_id = $2 WHERE id = $1",
	/* Each copy reads campaign $1 and writes campaign $2; rows of the new
	 * year find their units, programmes, tasks and positions by name or
	 * number within it. */
	[SQL_YEAR_COPY_UNITS] = "INSERT INTO unit(campaign_id, name, sort) SELECT $2, name, sort FROM unit WHERE campaign_id = $1",
	[SQL_YEAR_COPY_ALIASES] = "INSERT INTO unit_alias(unit_id, alias, sort) SELECT nu.id, a.alias, a.sort FROM unit_alias a"
				  " JOIN unit ou ON ou.id = a.unit_id JOIN unit nu ON nu.campaign_id = $2 AND nu.name = ou.name"
				  " WHERE ou.campaign_id = $1",
	[SQL_YEAR_COPY_COLLECTIVE] = "INSERT INTO collective_name(campaign_id, name) SELECT $2, name FROM collective_name"
				     " WHERE campaign_id = $1",
	[SQL_YEAR_COPY_OFFICE] = "UPDATE campaign SET office_unit_id = (SELECT nu.id FROM campaign oc"
				 " JOIN unit ou ON ou.id = oc.office_unit_id JOIN unit nu ON nu.campaign_id = $2 AND nu.name = ou.name"
				 " WHERE oc.id = $1) WHERE id = $2",
	[SQL_YEAR_COPY_POSITIONS] = "INSERT INTO position(campaign_id, role, title, unit_id, sort)"
				    " SELECT $2, p.role, p.title, nu.id, p.sort FROM position p LEFT JOIN unit ou ON ou.id = p.unit_id"
				    " LEFT JOIN unit nu ON nu.campaign_id = $2 AND nu.name = ou.name WHERE p.campaign_id = $1",
	[SQL_YEAR_COPY_HOLDERS] = "INSERT INTO position_holder(position_id, name, from_date, to_date, recorded_by, recorded_at)"
				  " SELECT np.id, h.name, h.from_date, NULL, $3, $4 FROM position_holder h"
				  " JOIN position op ON op.id = h.position_id JOIN position np ON np.campaign_id = $2"
				  " AND np.title = op.title WHERE op.campaign_id = $1 AND h.to_date IS NULL",
	[SQL_YEAR_COPY_PROGRAMMES] = "INSERT INTO programme(campaign_id, no, name, text, units_text, all_units)"
				     " SELECT $2, no, name, text, units_text, all_units FROM programme WHERE campaign_id = $1",
	[SQL_YEAR_COPY_PROGRAMME_UNITS] = "INSERT INTO programme_unit(programme_id, unit_id) SELECT np.id, nu.id"
					  " FROM programme_unit pu JOIN programme op ON op.id = pu.programme_id"
					  " JOIN programme np ON np.campaign_id = $2 AND np.no = op.no"
					  " JOIN unit ou ON ou.id = pu.unit_id JOIN unit nu ON nu.campaign_id = $2"
					  " AND nu.name = ou.name WHERE op.campaign_id = $1",
	[SQL_YEAR_COPY_TASKS] = "INSERT INTO task(programme_id, no, title, text, units_text, all_units, due)"
				" SELECT np.id, t.no, t.title, t.text, t.units_text, t.all_units, NULL FROM task t"
				" JOIN programme op ON op.id = t.programme_id JOIN programme np ON np.campaign_id = $2"
				" AND np.no = op.no WHERE op.campaign_id = $1",
	[SQL_YEAR_COPY_TASK_UNITS] = "INSERT INTO task_unit(task_id, unit_id) SELECT nt.id, nu.id FROM task_unit tu"
				     " JOIN task ot ON ot.id = tu.task_id JOIN programme op ON op.id = ot.programme_id"
				     " JOIN programme np ON np.campaign_id = $2 AND np.no = op.no"
				     " JOIN task nt ON nt.programme_id = np.id AND nt.no = ot.no"
				     " JOIN unit ou ON ou.id = tu.unit_id JOIN unit nu ON nu.campaign_id = $2 AND nu.name = ou.name"
				     " WHERE op.campaign_id = $1",
	[SQL_YEAR_COPY_SETTINGS] = "INSERT INTO setting(campaign_id, key, value, changed_by, changed_at)"
				   " SELECT $2, key, value, $3, $4 FROM setting WHERE campaign_id = $1",
	[SQL_YEAR_COPY_KINDS] = "INSERT INTO ledger_kind(campaign_id, name, sort, builtin)"
				" SELECT $2, name, sort, builtin FROM ledger_kind WHERE campaign_id = $1",
	[SQL_YEAR_COPY_DUTIES] = "INSERT INTO duty_rule(campaign_id, criterion_no, kind_id, min_count, source_text, state,"
				 " changed_by, changed_at) SELECT $2, d.criterion_no, nk.id, d.min_count, d.source_text, d.state,"
				 " $3, $4 FROM duty_rule d JOIN ledger_kind ok ON ok.id = d.kind_id"
				 " JOIN ledger_kind nk ON nk.campaign_id = $2 AND nk.name = ok.name WHERE d.campaign_id = $1",
	/* a unit's clerks go on to the new year's unit of the same name */
	[SQL_YEAR_MOVE_ACCOUNTS] = "UPDATE account SET unit_id = (SELECT nu.id FROM unit ou JOIN unit nu"
				   " ON nu.campaign_id = $2 AND nu.name = ou.name WHERE ou.id = account.unit_id)"
				   " WHERE unit_id IN (SELECT id FROM unit WHERE campaign_id = $1)",

	/* -- search: campaign $1, unit $2 (0: every unit), LIKE pattern $3
	 * (% _ and \\ in the words escaped with a backslash), at most $4 rows -- */
	[SQL_SEARCH_LEDGER] = "SELECT e.id, e.unit_id, e.day, e.title FROM ledger_entry e JOIN unit u ON u.id = e.unit_id"
			      " WHERE u.campaign_id = $1 AND e.deleted_at IS NULL AND ($2 = 0 OR e.unit_id = $2)"
			      " AND (e.title LIKE $3 ESCAPE '\\' OR e.place LIKE $3 ESCAPE '\\' OR e.notes LIKE $3 ESCAPE '\\')"
			      " ORDER BY e.day DESC, e.id DESC LIMIT $4",
	[SQL_SEARCH_EVIDENCE] = "SELECT v.id, v.unit_id, v.criterion_no, v.file_name FROM evidence v"
				" JOIN unit u ON u.id = v.unit_id WHERE u.campaign_id = $1 AND v.withdrawn_at IS NULL"
				" AND ($2 = 0 OR v.unit_id = $2) AND v.file_name LIKE $3 ESCAPE '\\' ORDER BY v.id DESC LIMIT $4",
	[SQL_SEARCH_LEDGER_FILE] = "SELECT f.id, e.unit_id, f.entry_id, f.file_name FROM ledger_file f"
				   " JOIN ledger_entry e ON e.id = f.entry_id JOIN unit u ON u.id = e.unit_id"
				   " WHERE u.campaign_id = $1 AND e.deleted_at IS NULL AND ($2 = 0 OR e.unit_id = $2)"
				   " AND f.file_name LIKE $3 ESCAPE '\\' ORDER BY f.id DESC LIMIT $4",
	[SQL_SEARCH_CASE] = "SELECT c.id, c.unit_id, c.reason, c.state FROM supervision_case c JOIN unit u ON u.id = c.unit_id"
			    " WHERE c.campaign_id = $1 AND ($2 = 0 OR c.unit_id = $2)"
			    " AND (c.reason LIKE $3 ESCAPE '\\' OR c.items LIKE $3 ESCAPE '\\' OR u.name LIKE $3 ESCAPE '\\')"
			    " ORDER BY c.id DESC LIMIT $4",

	/* -- transactions (prepared once: a server thread runs one per request) -- */
	[SQL_TX_BEGIN] = "BEGIN",
	[SQL_TX_BEGIN_IMMEDIATE] = "BEGIN IMMEDIATE",
	[SQL_TX_COMMIT] = "COMMIT",
	[SQL_TX_ROLLBACK] = "ROLLBACK",
};


/* Statements whose text differs in PostgreSQL's dialect (the rest is
 * turned by store_dialect_text alone). A read transaction is one snapshot
 * there as it is in SQLite's WAL (REPEATABLE READ); the write lock is
 * taken by the backend after BEGIN (pg_advisory_xact_lock). */
static const char *const pg_text[SQL__COUNT] = {
	[SQL_TX_BEGIN] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	[SQL_TX_BEGIN_IMMEDIATE] = "BEGIN",
};

const char store_sql_schema_version[] = "INSERT INTO meta(key, value) VALUES('schema_version', $1)"
					" ON CONFLICT(key) DO UPDATE SET value = excluded.value";

const char *store_sql_text(enum store_sql id)
{
	return id >= 0 && id < SQL__COUNT ? sql_text[id] : NULL;
}

char *store_statement(enum store_sql id, enum store_dialect d)
{
	assert(id >= 0 && id < SQL__COUNT && sql_text[id]);
	const char *text = d == DIALECT_PG && pg_text[id] ? pg_text[id] : sql_text[id];
	return store_dialect_text(text, d, false);
}

/* The replacements of one dialect: in migrations, in statements. Tokens
 * in capitals are whole words (INTEGER, not a column "integer_x"). */
struct dialect_token {
	const char *from, *to;
	bool migration, statement;
};

static const struct dialect_token sqlite_tokens[] = {
	{"@ID@", "INTEGER PRIMARY KEY", true, false},
	{"@WITHOUT_ROWID@", "WITHOUT ROWID", true, false},
	{NULL, NULL, false, false},
};

/* PostgreSQL: identity keys; 64-bit integers everywhere, as SQLite's are
 * (Unix seconds outlive 2038; counts and ids never overflow int4); text
 * compared and sorted by bytes as SQLite's BINARY does, whatever the
 * database's collation (an order that does not depend on the locale);
 * LIKE as SQLite's, which ignores ASCII case. */
static const struct dialect_token pg_tokens[] = {
	{"@ID@", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", true, false},
	{"@WITHOUT_ROWID@", "", true, false},
	{"INTEGER", "BIGINT", true, true},
	{"TEXT", "TEXT COLLATE \"C\"", true, false},
	{"LIKE", "ILIKE", false, true},
	{NULL, NULL, false, false},
};

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

char *store_dialect_text(const char *text, enum store_dialect d, bool migration)
{
	const struct dialect_token *tokens = d == DIALECT_PG ? pg_tokens : sqlite_tokens;
	struct strbuf b = {0};
	sb_adds(&b, "");
	for (const char *p = text; *p;) {
		const struct dialect_token *hit = NULL;
		for (const struct dialect_token *t = tokens; t->from && !hit; t++) {
			size_t n = strlen(t->from);
			if (!(migration ? t->migration : t->statement) || strncmp(p, t->from, n))
				continue;
			bool word = t->from[0] != '@';
			if (word && ((p > text && word_char(p[-1])) || word_char(p[n])))
				continue;
			hit = t;
		}
		if (!hit) {
			sb_addc(&b, *p++);
			continue;
		}
		sb_adds(&b, hit->to);
		p += strlen(hit->from);
	}
	return b.s;
}

int store_migration_count(void)
{
	return (int)(sizeof migrations / sizeof *migrations);
}

char *store_migration(int v, enum store_dialect d)
{
	assert(v >= 0 && v < store_migration_count());
	return store_dialect_text(migrations[v], d, true);
}

const char *const *store_tables(int *n)
{
	static const char *names[128];
	static int count = -1;
	/* (read at start-up by one thread: init and the tests) */
	if (count < 0) {
		int k = 0;
		for (int v = 0; v < store_migration_count(); v++)
			for (const char *p = migrations[v]; (p = strstr(p, "CREATE TABLE ")); ) {
				p += strlen("CREATE TABLE ");
				size_t len = strcspn(p, "( ");
				assert(k < 128);
				char *name = xcalloc(1, len + 1);
				memcpy(name, p, len);
				names[k++] = name;
			}
		count = k;
	}
	*n = count;
	return names;
}

/* ---- deadlines ---- */

struct timespec store_deadline_after(int ms)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L)
		t.tv_sec++, t.tv_nsec -= 1000000000L;
	return t;
}

long store_ms_left(const struct timespec *deadline)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (long)(deadline->tv_sec - now.tv_sec) * 1000 + (deadline->tv_nsec - now.tv_nsec) / 1000000L;
	return ms > 0 ? ms : 0;
}

/* ---- the public functions, on the backend ---- */

bool store_is_pg(const char *path)
{
	return !strncmp(path, "postgresql://", 13) || !strncmp(path, "postgres://", 11);
}

static const struct store_ops *backend(const char *path)
{
	return store_is_pg(path) ? &store_pg_ops : &store_sqlite_ops;
}

int store_open(const char *path, enum store_open_mode mode, store **out, struct kp_error *e)
{
	*out = NULL;
	return backend(path)->open(path, mode, out, e);
}

int store_exists(const char *path, bool *exists, struct kp_error *e)
{
	*exists = false;
	return backend(path)->exists(path, exists, e);
}

int store_remove(const char *path, struct kp_error *e)
{
	return backend(path)->remove(path, e);
}

char *store_staging(const char *path)
{
	return backend(path)->staging(path);
}

int store_swap(const char *staging, const char *path, struct kp_error *e)
{
	return backend(path)->swap(staging, path, e);
}

void store_close(store *s)
{
	if (!s)
		return;
	store_rollback(s); /* and the write lock, if a caller left it */
	for (int i = 0; i < SQL__COUNT; i++)
		if (s->stmts[i])
			s->ops->finalize(s->stmts[i]);
	free(s->path);
	s->ops->close(s);
}

void store_reset_all(store *s)
{
	for (int i = 0; i < s->nlive; i++) {
		s->ops->reset(s->stmts[s->live[i]]);
		s->stmts[s->live[i]]->live = false;
	}
	s->nlive = 0;
}

/* Begins a write transaction, waiting at most WAIT_MS for the write lock. */
static int begin_within(store *s, int wait_ms, struct kp_error *e)
{
	/* A write sees the latest data, not the snapshot of an earlier read:
	 * that read ends here (statements reset, its transaction closed by
	 * the backend). */
	store_reset_all(s);
	s->reading = false;
	if (s->ops->begin(s, wait_ms, e))
		return e->code;
	s->writes++;
	return 0;
}

int store_begin(store *s, struct kp_error *e)
{
	return begin_within(s, STORE_BUSY_MS, e);
}

int store_try_begin(store *s, struct kp_error *e)
{
	bool was_busy = s->busy; /* a write that may be skipped does not make the request busy */
	int rc = begin_within(s, 0, e);
	s->busy = was_busy;
	return rc;
}

bool store_reading(const store *s)
{
	return s->reading;
}

int store_read_begin(store *s, struct kp_error *e)
{
	if (s->reading || s->ops->in_transaction(s))
		return 0;
	if (s->ops->read_begin(s, e))
		return e->code;
	s->reading = true;
	return 0;
}

int store_commit(store *s, struct kp_error *e)
{
	/* No statement may hold a read past the commit. */
	store_reset_all(s);
	if (s->ops->commit(s, e)) {
		store_rollback(s);
		return e->code;
	}
	return 0;
}

void store_rollback(store *s)
{
	if (s->ops->in_transaction(s))
		store_reset_all(s);
	s->ops->rollback(s);
	s->reading = false;
}

void store_bulk_mode(store *s, bool on)
{
	s->ops->bulk_mode(s, on);
}

/* The highest $N in TEXT. */
static int max_param(const char *text)
{
	int max = 0;
	for (const char *p = text; (p = strchr(p, '$')); p++)
		if (isdigit((unsigned char)p[1])) {
			int n = atoi(p + 1);
			if (n > max)
				max = n;
		}
	return max;
}

store_stmt *store_sql(store *s, enum store_sql id)
{
	if (id < 0 || id >= SQL__COUNT || !sql_text[id]) {
		fprintf(stderr, "kaoping: statement %d is not registered\n", (int)id);
		abort();
	}
	store_stmt *st = s->stmts[id];
	if (!st) {
		char *sql = store_statement(id, s->ops->dialect), *err = NULL;
		st = s->ops->prepare(s, id, sql, &err);
		if (!st) {
			/* Registered SQL that does not prepare is a programming error. */
			fprintf(stderr, "kaoping: cannot prepare statement %d on %s: %s\n", (int)id, s->ops->name,
				err ? err : "?");
			abort();
		}
		st->owner = s;
		st->id = id;
		st->nparams = max_param(sql);
		assert(st->nparams < 32);
		free(sql);
		s->stmts[id] = st;
	} else {
		s->ops->reset(st);
	}
	if (!st->live) { /* on store_reset_all's list */
		st->live = true;
		s->live[s->nlive++] = (int)id;
	}
	st->bound = 0;
	return st;
}

static void param(store_stmt *st, int n)
{
	if (n < 1 || n > st->nparams) {
		fprintf(stderr, "kaoping: statement %d has no parameter $%d\n", (int)st->id, n);
		abort();
	}
	st->bound |= 1u << n;
}

void st_bind_int(store_stmt *st, int n, int64_t v)
{
	param(st, n);
	st->owner->ops->bind_int(st, n, v);
}

void st_bind_text(store_stmt *st, int n, const char *v)
{
	param(st, n);
	if (v)
		st->owner->ops->bind_text(st, n, v, true);
	else
		st->owner->ops->bind_null(st, n);
}

void st_bind_text_ref(store_stmt *st, int n, const char *v)
{
	param(st, n);
	st->owner->ops->bind_text(st, n, v, false);
}

void st_bind_null(store_stmt *st, int n)
{
	param(st, n);
	st->owner->ops->bind_null(st, n);
}

int st_step(store_stmt *st, struct kp_error *e)
{
	/* Bindings are not cleared between uses (that costs on bulk loads), so
	 * every parameter must be bound each time: a forgotten one would
	 * silently reuse the previous value. */
	uint32_t want = st->nparams ? (((1u << st->nparams) - 1) << 1) : 0;
	if ((st->bound & want) != want) {
		fprintf(stderr, "kaoping: statement %d run with parameters unbound (%#x of %#x)\n", (int)st->id,
			st->bound, want);
		abort();
	}
	return st->owner->ops->step(st, e);
}

int st_exec(store_stmt *st, struct kp_error *e)
{
	int rc;
	while ((rc = st_step(st, e)) == 1)
		;
	return rc;
}

void st_reset(store_stmt *st)
{
	st->owner->ops->reset(st);
}

int64_t st_int(store_stmt *st, int col)
{
	assert(col >= 0 && col < st->owner->ops->ncols(st)); /* a column the SELECT does not have */
	return st->owner->ops->col_int(st, col);
}

const char *st_text(store_stmt *st, int col)
{
	assert(col >= 0 && col < st->owner->ops->ncols(st));
	const char *t = st->owner->ops->col_text(st, col);
	return t ? t : "";
}

bool st_is_null(store_stmt *st, int col)
{
	assert(col >= 0 && col < st->owner->ops->ncols(st));
	return st->owner->ops->col_null(st, col);
}

int store_counter_bump(store *s, const char *key, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_META_BUMP);
	st_bind_text(st, 1, key);
	return st_exec(st, e) ? e->code : 0;
}

int store_generations(store *s, struct store_generations *g, struct kp_error *e)
{
	store_stmt *st = store_sql(s, SQL_META_GENERATIONS);
	st_bind_text(st, 1, COUNTER_CAMPAIGN);
	st_bind_text(st, 2, COUNTER_SCORES);
	st_bind_text(st, 3, COUNTER_PROGRESS);
	st_bind_text(st, 4, COUNTER_DRAWS);
	if (st_step(st, e) < 0)
		return e->code;
	/* a counter never bumped is NULL, read as 0 */
	*g = (struct store_generations){st_int(st, 0), st_int(st, 1), st_int(st, 2), st_int(st, 3)};
	st_reset(st);
	return 0;
}

uint64_t store_writes(const store *s)
{
	return s->writes;
}

void store_release(store *s)
{
	store_reset_all(s);
	store_rollback(s); /* the read transaction, or one a failed handler left open */
	s->busy = false;
}

bool store_busy(const store *s)
{
	return s->busy;
}

int64_t store_changes(store *s)
{
	return s->ops->changes(s);
}

const char *store_path(const store *s)
{
	return s->path;
}
