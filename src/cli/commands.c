/* commands.c — the one table of every kaoping command: name, handler, the
 * most positional arguments, its options (value, the forms each goes with,
 * help), the synopsis of each form with a one-line summary, and the help
 * text. cli_main parses every command line against it before the handler
 * runs; the list of `kaoping help`, `kaoping help X`, the usage shown on
 * bad arguments, the README's command table and docs/cli.md's synopsis
 * and option table all come from it (test_cli fails when the docs drift,
 * or when a synopsis names an option the table does not declare). */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_int.h"

static int cmd_help(struct ctx *x, int argc, char **argv);
static int cmd_version(struct ctx *x, int argc, char **argv);

/* The options of each command: name, value, the subcommands it goes with
 * (NULL: every form; "-": the form without a subcommand), what it does. */
static const struct option init_options[] = {
	{"--force", NULL, NULL, "replace an existing store (built beside it, moved into place when complete)", false},
	{"--demo", NULL, NULL, "add demonstration scores, ledger entries, complaints and cases", false},
	{"--campaign", "FILE", NULL, "the campaign file (kaoping-campaign/1) instead of the built-in one", false},
	{NULL, NULL, NULL, NULL, false}};
static const struct option rubric_options[] = {
	{"--output", "FILE", "export", "write the JSON to FILE instead of standard output", false},
	{"--dry-run", NULL, "import", "check and list the changes, store nothing", false},
	{"--from-text", "FILE", "import", "read the rubric's table from text: the notice as copied, or the table pasted "
					  "tab-separated (FILE - is standard input)", false},
	{"--from-docx", "FILE", "import", "read the rubric's table from a Word document (.docx)", false},
	{"--from-xlsx", "FILE", "import", "read the rubric's table from an Excel workbook (.xlsx, its first sheet)", false},
	{NULL, NULL, NULL, NULL, false}};
static const struct option group_options[] = {
	{"--from", "DATE", "assign", "the day the new holder starts (default today)", false},
	{NULL, NULL, NULL, NULL, false}};
static const struct option tasks_options[] = {
	{"--unit", "UNIT", "-", "the unit's tasks and the criteria that apply to it", false},
	{"--note", "TEXT", "done undo", "a note recorded with the report", false},
	{"--clear", NULL, "due", "drop the task's own deadline (the campaign's applies)", false},
	{NULL, NULL, NULL, NULL, false}};
static const struct option score_options[] = {
	{"--self", NULL, "set submit import template", "the unit's self-assessment (自评), not the assessor's score", false},
	{"--by", "NAME", "set submit finalize return import", "who scores (default $KAOPING_USER, $USER or cli)", false},
	{"--comment", "TEXT", "set", "the assessor's comment on the score", false},
	{"--correct", NULL, "set", "change a final score, as a recorded correction (needs --reason)", false},
	{"--reason", "TEXT", "set return", "why a final score is corrected, or why a self-assessment goes back", false},
	{"--deduct", "LIST", "set", "the deductions found (1,2: the rule's amounts), scored by the deduction rule", false},
	{"--times", "N", "set", "how often it was done, scored by the award rule", false},
	{"--veto", "yes|no", "set", "whether the veto (一票否决) applies", false},
	{"--all", NULL, "submit finalize", "every unit", false},
	{"--encoding", "auto|utf-8|gbk", "import", "the CSV's encoding (default auto: UTF-8, else GBK)", false},
	{"--dry-run", NULL, "import", "check every row and report, store nothing", false},
	{"--unit", "UNIT", "template", "one unit's rows (default every unit)", false},
	{"--output", "FILE", "template", "the workbook to write (.xlsx)", false},
	{NULL, NULL, NULL, NULL, false}};
static const struct option report_options[] = {
	{"--format", "text|json|csv|xlsx|pdf", NULL,
	 "the output (default text, json with --json; CSV with a BOM; xlsx and pdf need --output)", false},
	{"--output", "FILE", NULL, "write to FILE (moved into place when complete; - is standard output)", false},
	{"--self", NULL, NULL, "self-assessment scores instead of the assessors'", false},
	{"--final", NULL, NULL, "final assessor scores only (not the submitted ones)", false},
	{"--weakest", NULL, "criteria", "order the criteria by score rate, weakest first", false},
	{NULL, NULL, NULL, NULL, false}};
static const struct option package_options[] = {
	{"--unit", "UNIT", NULL, "only this unit's files (default: every unit's)", false},
	{"--output", "FILE", NULL, "the zip to write (required; written to FILE.tmp, then renamed)", false},
	{NULL, NULL, NULL, NULL, false}};
static const struct option due_options[] = {
	{"--unit", "UNIT", NULL, "one unit: its reminder list (催办单)", false},
	{"--light", "LIST", NULL, "only these lights: red, yellow, green, grey (comma-separated)", false},
	{"--kind", "task|criterion", NULL, "only tasks or only criteria", false},
	{"--as-of", "DATE", NULL, "judge as of another day (default today, China time)", false},
	{"--format", "text|json|csv|xlsx|pdf", NULL, "the output (CSV with a BOM; xlsx and pdf need --output)", false},
	{"--output", "FILE", NULL, "write the xlsx or pdf to FILE (- is standard output)", false},
	{"--reminders", NULL, NULL, "the 催办单 of every unit with open items (xlsx or pdf)", false},
	{"--reply-by", "DATE", NULL, "the day the 催办单 ask a reply by (default three days on)", false},
	{NULL, NULL, NULL, NULL, false}};
static const struct option messages_options[] = {
	{"--user", "NAME", "list", "the account whose messages are listed", false},
	{"--limit", "N", "list", "the newest N messages (default 50)", false},
	{"--format", "text|json|csv", "list", "the output (default text, json with --json)", false},
	{"--as-of", "DATE", "sweep", "send the reminders as of another day (default today, China time)", false},
	{NULL, NULL, NULL, NULL, false}};
static const struct option ledger_options[] = {
	{"--date", "D", "add", "the day of the activity (in the campaign year)", false},
	{"--kind", "K", "add list", "the kind of activity (ledger kinds lists them)", false},
	{"--title", "T", "add", "what the activity was", false},
	{"--participants", "N", "add", "how many took part", false},
	{"--place", "P", "add", "where it took place", false},
	{"--notes", "N", "add", "notes", false},
	{"--criteria", "LIST", "add", "the criteria it proves (4,8)", false},
	{"--file", "PATH", "add attach", "a file to keep with the entry; may repeat", true},
	{"--unit", "U", "list", "one unit's entries", false},
	{"--format", "text|json|csv|xlsx|pdf", "list", "the output (xlsx and pdf need --output)", false},
	{"--output", "FILE", "list", "write to FILE (moved into place when complete; - is standard output)", false},
	{NULL, NULL, NULL, NULL, false}};
static const struct option duty_options[] = {
	{"--criterion", "C", "add", "the criterion the duty belongs to", false},
	{"--kind", "K", "add edit", "the ledger kind that counts", false},
	{"--count", "N", "add edit", "how many a year", false},
	{"--unit", "U", "status", "one unit", false},
	{"--today", "YYYY-MM-DD", "status", "judge as of another day", false},
	{NULL, NULL, NULL, NULL, false}};
static const struct option complaint_options[] = {
	{"--source", "S", "add", "where it came from (12345热线, 信访, 网络留言 …)", false},
	{"--date", "D", "add", "the day it was received", false},
	{"--unit", "U", "list", "one unit's complaints", false},
	{"--open", NULL, "list", "only those not closed", false},
	{"--outcome", "TEXT", "close", "what was done", false},
	{"--dismiss", NULL, "close", "close it as dismissed, not handled", false},
	{NULL, NULL, NULL, NULL, false}};
static const struct option case_options[] = {
	{"--reason", "R", "open return", "why the case is opened, or why the report goes back", false},
	{"--rule", "RULE", "open", "the rule that proposed it (default manual)", false},
	{"--items", "TEXT", "open", "what is to be rectified", false},
	{"--deadline", "D", "open escalate", "the rectification deadline (default today + case_deadline_days)", false},
	{"--level", "N", "open", "1 催办, 2 督办, 3 挂牌督办, 4 集中整改 (default 1)", false},
	{"--unit", "U", "list", "one unit's cases", false},
	{"--state", "open|reported|closed", "list", "only cases in this state", false},
	{"--format", "text|json|csv|xlsx|pdf", "list listing notice", "the output (listing: also xlsx or pdf; notice: pdf or xlsx)", false},
	{"--output", "FILE", "listing notice", "write to FILE (moved into place when complete; - is standard output)", false},
	{"--note", "TEXT", "close escalate", "a note recorded with the step", false},
	{"--all", NULL, "listing", "every case not closed, not only level 3 and up", false},
	{"--file", "PATH", "report", "a file proving the rectification; may repeat", true},
	{NULL, NULL, NULL, NULL, false}};
static const struct option draw_options[] = {
	{"--count", "N", "-", "how many units to draw", false},
	{"--ratio", "R", "-", "the share of the pool to draw (0.2: a fifth, rounded up)", false},
	{"--seed", "S", "-", "the published seed (made up when not given)", false},
	{"--title", "T", "-", "the draw's title", false},
	{"--units", "LIST", "-", "draw only from these units", false},
	{"--exclude", "LIST", "-", "leave these units out of the pool", false},
	{"--weight-case", "N", "-", "weight of a unit with an open supervision case", false},
	{"--weight-complaint", "N", "-", "weight of a unit with many open complaints", false},
	{"--publish", NULL, "-", "publish the draw at once", false},
	{"--criterion", "N", "finding", "the criterion the finding concerns", false},
	{"--points", "P", "finding", "the points the check gives the criterion", false},
	{"--as", "ACCOUNT", "finding", "the account recording it (the office or an assigned inspector)", false},
	{"--file", "PATH", "finding", "a photo or file from the check (JPEG, PNG, HEIC, PDF …)", true},
	{NULL, NULL, NULL, NULL, false}};
static const struct option campaign_options[] = {
	{"--year", "YEAR", "copy", "the year of the new campaign", false},
	{NULL, NULL, NULL, NULL, false}};
static const struct option user_options[] = {
	{"--role", "admin|assessor|unit|leader|auditor", "add", "the account's role", false},
	{"--unit", "UNIT", "add", "the unit of a unit account", false},
	{"--display", "TEXT", "add", "the name shown on the pages", false},
	{"--password-stdin", NULL, "add passwd", "read the password from standard input (else one is made up)", false},
	{"--label", "TEXT", "token", "what the new token is for", false},
	{"--days", "N", "token", "how long the new token lasts (default 90, at most 366)", false},
	{"--list", NULL, "token", "list the account's tokens", false},
	{"--revoke", "ID", "token", "end one token", false},
	{NULL, NULL, NULL, NULL, false}};
static const struct option serve_options[] = {
	{"--listen", "ADDR:PORT", NULL, "where to listen (default 127.0.0.1:8080)", false},
	{"--threads", "N", NULL, "worker threads (default 4)", false},
	{"--max-upload-mb", "N", NULL, "the largest upload (default 50)", false},
	{"--trust-proxy", NULL, NULL, "believe X-Forwarded-Proto/For (only behind nginx or similar)", false},
	{"--max-connections-per-address", "N", NULL, "connections one address may hold (0: no limit)", false},
	{"--header-timeout", "S", NULL, "seconds a client has to send its request headers (default 20)", false},
	{NULL, NULL, NULL, NULL, false}};
static const struct option http_options[] = {
	{"--max-upload-mb", "N", NULL, "the largest upload, as for serve (default 50)", false},
	{NULL, NULL, NULL, NULL, false}};
static const struct option help_options[] = {
	{"--markdown", "readme|cli", NULL, "the README's command table, or docs/cli.md's synopsis and options", false},
	{NULL, NULL, NULL, NULL, false}};

const struct command cli_commands[] = {
	{"init", cmd_init, 0, init_options,
	 (const struct synopsis[]){
		{"init [--force] [--demo] [--campaign FILE]",
		 "create a store with the built-in campaign (or FILE); refuses to replace a store without `--force`"},
		{NULL, NULL}},
	 "Create a store with the built-in campaign (or FILE); --force replaces an existing store,\n"
	 "--demo adds demonstration scores."},
	{"rubric", cmd_rubric, 2, rubric_options,
	 (const struct synopsis[]){
		{"rubric show",
		 "the rubric as a tree (`--json` for the JSON form)"},
		{"rubric export [--output FILE]",
		 "the rubric as JSON (docs/rubric-format.md)"},
		{"rubric import FILE [--dry-run]",
		 "check a new rubric, list what changes, store it as the current version"},
		{"rubric import --from-text FILE [--dry-run]",
		 "rebuild the rubric from annex 2 of the notice as pasted from Word, or a table pasted from Excel"},
		{"rubric import --from-docx FILE.docx [--dry-run]",
		 "read the rubric's table from the Word document it came in"},
		{"rubric import --from-xlsx FILE.xlsx [--dry-run]",
		 "read the rubric's table from an Excel workbook (first sheet)"},
		{NULL, NULL}},
	 "Show the rubric (测评表), export it as JSON, or import a new version from a JSON file\n"
	 "(docs/rubric-format.md); import checks sums, units and numbers and lists the changes.\n"
	 "--from-text reads annex 2 (任务分解表) from the notice text as copied from Word (the whole\n"
	 "notice or the table; FILE - is standard input) or any rubric's table pasted tab-separated;\n"
	 "--from-docx and --from-xlsx read the table from the file itself, merged cells included.\n"
	 "Each previews what was read with every problem and unknown unit name, and saves it like\n"
	 "a JSON import (docs/rubric-text-import.md)."},
	{"unit", cmd_unit, 2, NULL,
	 (const struct synopsis[]){
		{"unit list",
		 "units, aliases, the criteria each answers for, its maximum"},
		{"unit resolve NAME",
		 "文广局 → 区文体广电和旅游局; 区政府机关各单位 → all units"},
		{NULL, NULL}},
	 "List the units with their aliases, criteria and maximum; resolve a name or alias\n"
	 "(文广局, 残联, 区政府机关各单位) to the unit(s) it means."},
	{"group", cmd_group, 3, group_options,
	 (const struct synopsis[]){
		{"group show",
		 "the leading group (领导小组) by position, with holders' history"},
		{"group assign POSITION NAME [--from DATE]",
		 "a new holder for a position (title, 组长, or a unit)"},
		{NULL, NULL}},
	 "Show the leading group (领导小组) by position; assign a new holder to a position\n"
	 "(its title, 组长, or a unit), keeping the previous holders in the history."},
	{"tasks", cmd_tasks, 3, tasks_options,
	 (const struct synopsis[]){
		{"tasks [--unit UNIT]",
		 "the five programmes and tasks; with a unit, its tasks and criteria"},
		{"tasks done|undo UNIT TASK [--note TEXT]",
		 "a unit reports a task done (or takes it back)"},
		{"tasks due TASK DATE|--clear",
		 "a task's own deadline"},
		{NULL, NULL}},
	 "The five programmes (五大工程) and their tasks; with --unit, those the unit is\n"
	 "responsible for and the criteria that apply to it. done/undo records that a unit has\n"
	 "finished a task (or takes it back); due gives a task its own deadline."},
	{"score", cmd_score, 4, score_options,
	 (const struct synopsis[]){
		{"score set UNIT CRITERION[.PART] POINTS [--self] [--by NAME] [--comment TEXT] [--correct --reason TEXT]",
		 "record one score (tenths of a point); a final one changes only as a recorded correction"},
		{"score set UNIT CRITERION --deduct 1,2 | --times N | --veto yes|no",
		 "score by the criterion's deduction, award or veto rule"},
		{"score submit|finalize UNIT|--all",
		 "assessor scores: draft → submitted → final"},
		{"score submit UNIT --self",
		 "hand in the unit's self-assessment (提交自评): its self scores, evidence and criterion-linked ledger freeze"},
		{"score return UNIT --reason TEXT",
		 "the office sends a submitted self-assessment back (退回): the freeze ends"},
		{"score import FILE [--encoding auto|utf-8|gbk] [--self] [--by NAME] [--dry-run]",
		 "a score sheet, CSV from Excel/WPS (UTF-8 or GBK) or an Excel workbook (.xlsx): all rows or none, errors by line"},
		{"score template [--unit UNIT] [--self] --output FILE.xlsx",
		 "the score sheet to fill in (every applicable criterion part, the current scores); import reads it back"},
		{"score history UNIT",
		 "every replaced score with who, when and why"},
		{NULL, NULL}},
	 "Record scores in tenths of a point: self-assessment (--self) or assessor scores, which go\n"
	 "draft -> submitted -> final; a final score changes only with --correct --reason.\n"
	 "submit --self hands in the unit's self-assessment (提交自评: every part self-assessed), which\n"
	 "freezes its self scores, evidence and the ledger entries linked to its criteria until the\n"
	 "office returns it (退回) with return --reason.\n"
	 "import reads a CSV sheet (UTF-8 or GBK, header 单位,测评内容,得分[,类型,评分人,备注]) or the first\n"
	 "sheet of an .xlsx (template writes one to fill in; rows left without points are skipped):\n"
	 "all rows or none."},
	{"report", cmd_report, 2, report_options,
	 (const struct synopsis[]){
		{"report unit UNIT | ranking | criteria [--weakest] | district [--format text|json|csv|xlsx|pdf] [--output FILE] [--self] [--final]",
		 "reports (CSV with BOM, Excel workbooks, A4 PDF papers); drafts never count, and only a complete assessment (every part scored and submitted) is graded and ranked: the rest show 未完成测评"},
		{"report compare [--format text|json|csv] [--output FILE]",
		 "this year's ranking beside last year's"},
		{NULL, NULL}},
	 "The unit's score sheet, the ranking by points / applicable maximum, criteria across\n"
	 "units, the district roll-up, and this year's ranking beside last year's (compare).\n"
	 "CSV carries a BOM so Excel and WPS open it right."},
	{"package", cmd_package, 0, package_options,
	 (const struct synopsis[]){
		{"package [--unit UNIT] --output FILE.zip",
		 "the inspection package (迎检材料): every file by item, indicator, criterion and unit, with index.html"},
		{NULL, NULL}},
	 "The inspection package (迎检材料) as a zip: every live piece of evidence and every ledger file,\n"
	 "arranged 测评项目 → 测评指标 → 测评内容 → 单位 under their original names (made safe), ledger\n"
	 "files under 台账 (entries linked to no criterion under 其他台账), and index.html listing each\n"
	 "file with its size, SHA-256, uploader, upload time and the late mark (逾期提交); it opens\n"
	 "offline. --unit packs one unit's files only. Files are streamed from the store, not loaded;\n"
	 "the zip is written to FILE.tmp and renamed onto FILE when complete."},
	{"due", cmd_due, 0, due_options,
	 (const struct synopsis[]){
		{"due [--unit UNIT] [--light red,yellow,green,grey] [--kind task|criterion] [--as-of DATE] [--format text|json|csv]",
		 "deadline lights (红黄绿灯) of every unit × task and criterion; a unit's 催办单"},
		{"due [--unit UNIT | --reminders] [--reply-by DATE] --format xlsx|pdf --output FILE",
		 "the lights as a workbook or paper (grid and list); with --unit or --reminders the 催办单, one paper a unit"},
		{NULL, NULL}},
	 "Deadline lights for every unit x task and unit x criterion: 已逾期 red (past its day, not done),\n"
	 "即将到期 yellow (due within `setting due_window_days`), 按期推进 green, 已完成 grey.\n"
	 "With --unit it is the unit's reminder list (催办单); CSV opens in Excel/WPS."},
	{"messages", cmd_messages, 1, messages_options,
	 (const struct synopsis[]){
		{"messages list --user NAME [--limit N] [--format text|json|csv]",
		 "an account's in-app messages (站内消息), newest first"},
		{"messages sweep [--as-of DATE]",
		 "send the deadline reminders due, try the outbound hook's deliveries due, prune old read messages (for cron)"},
		{NULL, NULL}},
	 "In-app messages (站内消息): each event (a self-assessment returned, a case opened, reported,\n"
	 "returned, escalated or closed, a unit drawn in a published spot check, the office's 催办)\n"
	 "writes a message to the people it concerns in its own transaction. sweep sends the deadline\n"
	 "reminders (an item's day 3 days and 1 day away, and passed: once per unit, day and step)\n"
	 "and tries the deliveries of the outbound hook (settings hook_EVENT: a command, run without a\n"
	 "shell with the event as JSON on its input, or an http(s) URL posted to by curl) that are due,\n"
	 "retrying failures after hook_retry_seconds, doubled each time, up to hook_attempts tries.\n"
	 "It then deletes the messages read more than messages_keep_days days ago (default 180; 0\n"
	 "keeps them) and the hook's log of deliveries done that long ago, audited as one\n"
	 "messages.prune entry with the counts. Unread messages are kept however old.\n"
	 "kaoping serve does all of it by itself; run sweep from cron when no server runs."},
	{"ledger", cmd_ledger, 3, ledger_options,
	 (const struct synopsis[]){
		{"ledger add UNIT --date D --kind K --title T [--participants N] [--place P] [--notes N] [--criteria 4,8] [--file PATH]…",
		 "a unit's ledger (台账) entry: an activity linked to criteria, with files"},
		{"ledger list [--unit U] [--kind K] [--format text|json|csv|xlsx|pdf] [--output FILE]",
		 "ledger entries"},
		{"ledger attach ID --file PATH…",
		 "add files to an entry"},
		{"ledger remove ID | kinds | kind add NAME",
		 "remove an entry (kept, marked deleted); the kinds of activity"},
		{NULL, NULL}},
	 "A unit's ledger (台账): activities with date (in the campaign year), kind, title, attendance,\n"
	 "place, notes, the criteria they prove and files (checked like evidence; --file may repeat).\n"
	 "attach adds files to an entry later. remove keeps the entry, marked deleted. kinds lists the\n"
	 "kinds; kind add adds one (office)."},
	{"duty", cmd_duty, 2, duty_options,
	 (const struct synopsis[]){
		{"duty propose | list | confirm ID | edit ID [--count N] [--kind K] | reject ID",
		 "recurring duties read from the criterion text (\"每年…不少于2次\"), decided by the office"},
		{"duty add --criterion C --kind K --count N | status [--unit U] [--today YYYY-MM-DD]",
		 "add a duty; met or not per unit from its ledger"},
		{NULL, NULL}},
	 "Recurring duties (\"每年…不少于2次\"): propose reads them from the criteria's text (again: only\n"
	 "new ones); the office confirms, edits or rejects each, or adds its own. status shows each\n"
	 "responsible unit against the confirmed rules from its ledger: met, pending (short, before\n"
	 "the deadline) or missed; --today judges as of another day."},
	{"complaint", cmd_complaint, 3, complaint_options,
	 (const struct synopsis[]){
		{"complaint add UNIT --source S --date D TEXT | list [--unit U] [--open]",
		 "complaints (群众意见) against a unit"},
		{"complaint close ID --outcome TEXT [--dismiss]",
		 "close a complaint as handled or dismissed"},
		{NULL, NULL}},
	 "Complaints from the public (群众意见) against a unit: source (12345热线, 信访, 网络留言,\n"
	 "来电来信 …), the day received, the text; closed as handled or dismissed with the outcome."},
	{"case", cmd_case, 3, case_options,
	 (const struct synopsis[]){
		{"case propose | open UNIT --reason R [--rule RULE] [--items TEXT] [--deadline D] [--level N]",
		 "listed supervision (挂牌督办): the rules' proposals; open a case"},
		{"case list [--unit U] [--state open|reported|closed] [--format text|json|csv] | show ID",
		 "cases and one case's history"},
		{"case report ID TEXT [--file PATH …] | close ID [--note TEXT] | return ID --reason R",
		 "rectification (整改) reported with files; closed (销号) or returned"},
		{"case escalate ID [--deadline D] [--note TEXT] | sweep | listing [--all] [--format text|json|csv|xlsx|pdf] [--output FILE]",
		 "escalation, the daily sweep and the 挂牌督办清单"},
		{"case notice ID --output FILE.pdf [--format pdf|xlsx]",
		 "the case's 督办通知书: 文号, the items, the deadline, space for the reply"},
		{NULL, NULL}},
	 "Listed supervision (挂牌督办) and rectification (整改). propose applies the rules (score below\n"
	 "case_score_below %, rectification overdue, criteria without evidence after the material\n"
	 "deadline, complaints in the period); open starts a case (rule defaults to manual, deadline to\n"
	 "today + case_deadline_days, level 1 催办 … 4 集中整改); the unit reports with files; the office\n"
	 "closes (销号: an unreported case only with --note) or returns it. sweep (daily, from cron)\n"
	 "raises open cases overdue by more than case_overdue_days one level with a new deadline.\n"
	 "listing prints the 挂牌督办清单 (level 3 and up; --all: every case not closed)."},
	{"draw", cmd_draw, 4, draw_options,
	 (const struct synopsis[]){
		{"draw --count N|--ratio R [--seed S] [--title T] [--units LIST] [--exclude LIST] [--weight-case N] [--weight-complaint N] [--publish]",
		 "random spot checks (双随机一公开), reproducible from the published seed"},
		{"draw list | show ID | verify ID | publish ID",
		 "draws; verify recomputes one from its record"},
		{"draw finding ID UNIT [--criterion N] [--points P] [--as ACCOUNT] [--file PATH]… TEXT",
		 "what the check found"},
		{NULL, NULL}},
	 "Random spot checks (随机抽查, 双随机一公开): draw N units (or a share R of the pool) and pair\n"
	 "each with inspectors (setting draw_inspectors) drawn from the active assessors, never from\n"
	 "the unit inspected, the load spread evenly. --units/--exclude limit the pool; --weight-case\n"
	 "and --weight-complaint multiply the weight of units with an open supervision case or many\n"
	 "open complaints. The seed (made up when not given) and parameters are recorded: verify\n"
	 "recomputes the draw from them (exit 1 naming the first difference). finding records what\n"
	 "the check found, with points for a criterion and photos (--file, repeatable: checked as\n"
	 "evidence is, all kept with the finding or none); --as names the account (the office or an\n"
	 "inspector assigned to the unit). docs/spot-checks.md gives the algorithm."},
	{"campaign", cmd_campaign, 1, campaign_options,
	 (const struct synopsis[]){
		{"campaign list | campaign copy --year YEAR",
		 "the years in the store; start next year's campaign from this one"},
		{NULL, NULL}},
	 "The campaign years in the store. copy starts next year's campaign from the current one:\n"
	 "units, leading group, programmes and tasks, rubric, settings, ledger kinds and duties, with\n"
	 "dates moved on and nothing filed, scored or drawn; last year's stays for report compare."},
	{"setting", cmd_setting, 3, NULL,
	 (const struct synopsis[]){
		{"setting list | setting set KEY VALUE",
		 "the office's thresholds and windows; `unit_sees_assessor final|submitted|always`: which assessor scores a unit's clerk sees"},
		{NULL, NULL}},
	 "The numbers the office tunes: the yellow-light window before a deadline, the thresholds of\n"
	 "the supervision rules, inspectors per spot-checked unit. Each has a range; set checks it."},
	{"audit", cmd_audit, 1, NULL,
	 (const struct synopsis[]){
		{"audit list | audit verify",
		 "every change, oldest first; verify checks the hash chain"},
		{NULL, NULL}},
	 "Every change recorded in the store, oldest first; verify recomputes the hash chain and\n"
	 "names the first entry that was edited or deleted (exit 1)."},
	{"user", cmd_user, 2, user_options,
	 (const struct synopsis[]){
		{"user add NAME --role admin|assessor|unit|leader|auditor [--unit UNIT] [--display TEXT] [--password-stdin]",
		 "accounts: admin, assessor, unit (one unit), leader, auditor"},
		{"user list | disable NAME | enable NAME | passwd NAME [--password-stdin]",
		 "list accounts; disable and passwd end the account's sessions and API tokens"},
		{"user token NAME [--label TEXT] [--days N] | token NAME --list | token NAME --revoke ID",
		 "API tokens: make one (printed once; lasts 90 days unless `--days`), list them, revoke one"},
		{NULL, NULL}},
	 "Accounts for the web pages and the API. Without --password-stdin a password is made up and\n"
	 "printed once. Passwords: at least 10 characters, mixed, not containing the name; stored as\n"
	 "argon2id hashes. disable and passwd end the account's sessions and API tokens (enable brings\n"
	 "none back). token prints a new API token once; it lasts --days (default 90, at most 366);\n"
	 "--list shows the account's tokens by ID, --revoke ID ends one."},
	{"serve", cmd_serve, 0, serve_options,
	 (const struct synopsis[]){
		{"serve [--listen ADDR:PORT] [--threads N] [--max-upload-mb N] [--trust-proxy] [--max-connections-per-address N] [--header-timeout S]",
		 "the web pages and the JSON API (docs/api.md); limits under load in docs/web.md"},
		{NULL, NULL}},
	 "Serve the web pages and the JSON API (default 127.0.0.1:8080, 4 threads). SIGTERM or\n"
	 "Ctrl-C finishes the requests in flight and exits. --trust-proxy believes the proxy's\n"
	 "X-Forwarded-Proto/For (set it only behind nginx or similar)."},
	{"http", cmd_http, 0, http_options,
	 (const struct synopsis[]){
		{"http [--max-upload-mb N]",
		 "answer one HTTP request from standard input (tests, scripts)"},
		{NULL, NULL}},
	 "Answer one HTTP request read from standard input (for tests and scripts)."},
	{"routes", cmd_routes, 0, NULL,
	 (const struct synopsis[]){
		{"routes",
		 "the web routes and the roles each admits, as JSON"},
		{NULL, NULL}},
	 "The web routes and the roles each admits, as JSON."},
	{"help", cmd_help, 1, help_options,
	 (const struct synopsis[]){
		{"help [COMMAND] | help --markdown readme|cli",
		 "this help, or one command's; the README's and docs/cli.md's command tables"},
		{NULL, NULL}},
	 "Show this help, or one command's."},
	{"version", cmd_version, 0, NULL,
	 (const struct synopsis[]){
		{"version",
		 "the version"},
		{NULL, NULL}},
	 "Print the version."},
};

const int cli_ncommands = (int)(sizeof cli_commands / sizeof *cli_commands);
#define NCOMMANDS cli_ncommands

static const struct command *command_named(const char *name)
{
	for (int i = 0; i < NCOMMANDS; i++)
		if (!strcmp(cli_commands[i].name, name))
			return &cli_commands[i];
	return NULL;
}

/* Does the synopsis at P start with SUB, or one of its alternatives
 * ("submit|finalize UNIT")? */
static bool starts_with_word(const char *p, const char *sub)
{
	size_t k = strlen(sub);
	for (;;) {
		if (!strncmp(p, sub, k) && (p[k] == ' ' || p[k] == '|' || p[k] == '\0'))
			return true;
		const char *bar = strchr(p, '|'), *space = strchr(p, ' ');
		if (!bar || (space && space < bar))
			return false;
		p = bar + 1;
	}
}

/* Is SUB a subcommand of FORM ("score history …", "report unit UNIT |
 * ranking | …", "campaign list | campaign copy …")? */
static bool form_of(const struct command *cmd, const struct synopsis *form, const char *sub)
{
	size_t n = strlen(cmd->name);
	for (const char *p = form->line + n;;) {
		if (*p == ' ')
			p++;
		if (!strncmp(p, cmd->name, n) && p[n] == ' ')
			p += n + 1;
		if (starts_with_word(p, sub))
			return true;
		if (!(p = strstr(p, " | ")))
			return false;
		p += 2;
	}
}

/* Prints the usage lines of CMD to F: those of subcommand SUB when it has
 * any, else all. */
static void print_usage(FILE *f, const struct command *cmd, const char *sub)
{
	bool any = false;
	for (const struct synopsis *s = cmd->forms; sub && s->line; s++)
		any |= form_of(cmd, s, sub);
	const char *lead = "usage:";
	for (const struct synopsis *s = cmd->forms; s->line; s++)
		if (!any || form_of(cmd, s, sub)) {
			fprintf(f, "%s kaoping %s\n", lead, s->line);
			lead = "      ";
		}
}

/* The options of CMD with their help, aligned, after a heading. */
static void print_options(FILE *f, const struct command *cmd)
{
	int width = 0;
	for (const struct option *o = cmd->options; o && o->name; o++) {
		int w = (int)strlen(o->name) + (o->arg ? 1 + (int)strlen(o->arg) : 0);
		width = w > width ? w : width;
	}
	if (width)
		fprintf(f, "\noptions:\n");
	for (const struct option *o = cmd->options; o && o->name; o++) {
		char left[128];
		snprintf(left, sizeof left, "%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(f, "  %-*s  %s%s\n", width, left, o->help, o->repeats ? " (may repeat)" : "");
	}
}

/* Is WORD one of the space-separated words of LIST? */
static bool word_in(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; *p;) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);
		if (len == n && !strncmp(p, word, n))
			return true;
		p += len + (sp != NULL);
	}
	return false;
}

/* Does CMD have a form without a subcommand ("draw --count N", "tasks
 * [--unit UNIT]")? */
static bool has_bare_form(const struct command *cmd)
{
	for (const struct synopsis *s = cmd->forms; s->line; s++) {
		const char *p = s->line + strlen(cmd->name);
		if (!*p || (p[0] == ' ' && (p[1] == '-' || p[1] == '[')))
			return true;
	}
	return false;
}

/* Refuses an option given with a form it does not go with ("--weakest
 * goes with report criteria, not report ranking"), by the table. Forms
 * the table does not know are left to the handler's usage error. */
static int check_goes_with(struct ctx *x, const struct command *cmd, int npos, char **pos)
{
	const char *sub = npos ? pos[0] : "-";
	bool known = npos ? false : has_bare_form(cmd);
	for (const struct synopsis *s = cmd->forms; npos && s->line; s++)
		known |= form_of(cmd, s, sub);
	for (int i = 0; known && cmd->options && cmd->options[i].name; i++) {
		const struct option *o = &cmd->options[i];
		if (!x->values[i].value || !o->with || word_in(o->with, sub))
			continue;
		char with[256] = "";
		size_t n = 0;
		for (const char *w = o->with, *sp; *w && n < sizeof with; w = sp ? sp + 1 : w + strlen(w)) {
			sp = strchr(w, ' ');
			int len = sp ? (int)(sp - w) : (int)strlen(w);
			bool bare = len == 1 && *w == '-';
			n += (size_t)snprintf(with + n, sizeof with - n, "%s%s%s%.*s", w == o->with ? "" : " or ", cmd->name,
					      bare ? "" : " ", bare ? 0 : len, w);
		}
		return kp_fail(&x->err, KP_EINPUT, "%s goes with %s, not %s%s%s", o->name, with, cmd->name, npos ? " " : "",
			       npos ? sub : " without a subcommand");
	}
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "kaoping — run a creation campaign (创建活动): units, rubric, scores, reports\n\n"
		   "usage: kaoping [--db PATH] [--json] COMMAND …\n\n");
	for (int i = 0; i < NCOMMANDS; i++)
		for (const struct synopsis *s = cli_commands[i].forms; s->line; s++)
			fprintf(f, "  kaoping %s\n", s->line);
	fprintf(f, "\n--db PATH  the store (default $KAOPING_DB or ./kaoping.db); a postgresql://… URL names a\n"
		   "           PostgreSQL database, its files in $KAOPING_FILES (docs/deployment.md)\n"
		   "--json     machine-readable output for listings\n"
		   "exit status: 0 ok, 1 failure, 2 bad usage or input\n");
}

/* Markdown: a table cell keeps its | as \| (GitHub's rule inside code). */
static void md_cell(const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			putchar('\\');
		putchar(*s);
	}
}

/* The README's command table. */
static void markdown_readme(void)
{
	printf("| command | what it does |\n|---|---|\n");
	for (int i = 0; i < NCOMMANDS; i++)
		for (const struct synopsis *s = cli_commands[i].forms; s->line; s++) {
			printf("| `kaoping ");
			md_cell(s->line);
			printf("` | ");
			md_cell(s->summary);
			printf(" |\n");
		}
}

/* docs/cli.md's synopsis: every form of every command. */
static void markdown_cli(void)
{
	printf("```\n");
	for (int i = 0; i < NCOMMANDS; i++)
		for (const struct synopsis *s = cli_commands[i].forms; s->line; s++)
			printf("kaoping %s\n", s->line);
	printf("```\n\n### Options\n\n| command | option | goes with | what it does |\n|---|---|---|---|\n");
	for (int i = 0; i < NCOMMANDS; i++)
		for (const struct option *o = cli_commands[i].options; o && o->name; o++) {
			printf("| %s | `", cli_commands[i].name);
			md_cell(o->name);
			if (o->arg) {
				putchar(' ');
				md_cell(o->arg);
			}
			printf("` | ");
			if (!o->with)
				printf("every form");
			for (const char *w = o->with, *sp; w && *w; w = sp ? sp + 1 : w + strlen(w)) {
				sp = strchr(w, ' ');
				int len = sp ? (int)(sp - w) : (int)strlen(w);
				printf("%s%s%s%.*s", w == o->with ? "" : ", ", cli_commands[i].name, len == 1 && *w == '-' ? "" : " ",
				       len == 1 && *w == '-' ? 0 : len, w);
			}
			printf(" | ");
			md_cell(o->help);
			printf("%s |\n", o->repeats ? " (may repeat)" : "");
		}
}

static int cmd_help(struct ctx *x, int argc, char **argv)
{
	const char *markdown = opt_get(x, "--markdown");
	if (markdown && argc)
		return cli_usage(x, "--markdown takes no COMMAND");
	if (markdown) {
		if (!strcmp(markdown, "readme"))
			markdown_readme();
		else if (!strcmp(markdown, "cli"))
			markdown_cli();
		else
			return cli_usage(x, "--markdown takes readme or cli");
		return 0;
	}
	if (argc == 1) {
		const struct command *cmd = command_named(argv[0]);
		if (!cmd)
			return kp_fail(&x->err, KP_EINPUT, "no command \"%s\" (kaoping help lists them)", argv[0]);
		print_usage(stdout, cmd, NULL);
		printf("\n%s\n", cmd->help);
		print_options(stdout, cmd);
		return 0;
	}
	usage(stdout);
	return 0;
}

static int cmd_version(struct ctx *x, int argc, char **argv)
{
	(void)x, (void)argc, (void)argv;
	printf("kaoping 0.1\n");
	return 0;
}

int cli_main(int argc, char **argv)
{
	struct ctx x = {0};
	char **rest = xcalloc((size_t)argc + 1, sizeof(char *));
	int nrest = 0, rc;
	bool help = false;
	x.db = getenv("KAOPING_DB") && *getenv("KAOPING_DB") ? getenv("KAOPING_DB") : "kaoping.db";
	x.by = getenv("KAOPING_USER") && *getenv("KAOPING_USER") ? getenv("KAOPING_USER")
		: getenv("USER") && *getenv("USER")               ? getenv("USER")
								   : "cli";
	/* Global options may stand anywhere. */
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			x.db = argv[++i];
		else if (!strncmp(argv[i], "--db=", 5))
			x.db = argv[i] + 5;
		else if (!strcmp(argv[i], "--db")) {
			fprintf(stderr, "kaoping: option --db needs a value\n");
			free(rest);
			return KP_EINPUT;
		} else if (!strcmp(argv[i], "--json"))
			x.json = true;
		else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			help = true;
		else
			rest[nrest++] = argv[i];
	}
	if (help) { /* kaoping --help score, kaoping score --help */
		struct opt_value none[sizeof help_options / sizeof *help_options] = {{0}};
		x.options = help_options;
		x.values = none;
		rc = cmd_help(&x, nrest ? 1 : 0, rest);
		if (rc)
			fprintf(stderr, "kaoping help: %s\n", x.err.msg);
		free(rest);
		return rc;
	}
	if (!nrest) {
		usage(stderr);
		free(rest);
		return KP_EINPUT;
	}
	for (int i = 1; i < nrest; i++)
		if (!utf8_valid(rest[i], strlen(rest[i]))) {
			fprintf(stderr, "kaoping: argument %d is not valid UTF-8 (set a UTF-8 locale or convert the text)\n", i);
			free(rest);
			return KP_EINPUT;
		}
	const struct command *cmd = command_named(rest[0]);
	if (!cmd) {
		fprintf(stderr, "kaoping: unknown command \"%s\" (kaoping help lists them)\n", rest[0]);
		free(rest);
		return KP_EINPUT;
	}
	int nopts = 0, npos;
	while (cmd->options && cmd->options[nopts].name)
		nopts++;
	char **pos = xcalloc((size_t)cmd->args + 1, sizeof *pos);
	x.options = cmd->options;
	x.values = xcalloc((size_t)nopts + 1, sizeof *x.values);
	rc = opt_parse(cmd->options, cmd->args, nrest - 1, rest + 1, pos, &npos, x.values, &x.err);
	if (!rc)
		rc = check_goes_with(&x, cmd, npos, pos);
	if (!rc)
		rc = cmd->run(&x, npos, pos);
	if (rc && x.err.code) {
		struct strbuf words = {0};
		cli_error_words(cmd, &x.err, &words);
		fprintf(stderr, "kaoping %s: %s\n", cmd->name, sb_str(&words));
		sb_free(&words);
	}
	if (rc && x.err.reason == KP_R_USAGE) /* the usage from the table, for the form given */
		print_usage(stderr, cmd, npos ? pos[0] : nrest > 1 ? rest[1] : NULL);
	opt_values_free(cmd->options, x.values);
	free(x.values);
	free(pos);
	if (rc == KP_EBUSY) /* the store is busy: a failure to retry, not bad input */
		rc = KP_EFAIL;
	free(rest);
	fflush(stdout);
	if (ferror(stdout)) {
		fprintf(stderr, "kaoping: error writing output\n");
		return KP_EFAIL;
	}
	return rc;
}
