/* pages.h — what the page handlers share across files: the role sets the
 * route table uses, report capture, and the handlers that live outside
 * pages.c (pages_*.c), each registered in pages.c's route table. */
#ifndef KAOPING_PAGES_H
#define KAOPING_PAGES_H
#include <stddef.h>
#include <stdio.h>

#include "web/web.h"

/* Everyone who reads campaign data (the auditor reads only the audit log). */
#define READERS (ROLE_ADMIN | ROLE_ASSESSOR | ROLE_UNIT | ROLE_LEADER)
/* Those who see every unit. */
#define OVERSEERS (ROLE_ADMIN | ROLE_ASSESSOR | ROLE_LEADER)

/* A report printed to a FILE, captured in memory. */
struct capture {
	char *buf;
	size_t len;
	FILE *f;
};
void capture_open(struct capture *cap);
/* Ends the capture: the report's output (RC 0) becomes the JSON answer,
 * or its error (E) an error answer. */
int capture_answer(struct web *w, struct capture *cap, int rc, const struct kp_error *e);

/* -- the scoring grid and score-sheet upload (pages_scoring.c) -- */
int get_scoring(struct web *w);
int post_scoring(struct web *w);
int get_scores_import(struct web *w);
int post_scores_import(struct web *w);

/* -- deadlines -- */
int get_due(struct web *w);
int get_due_csv(struct web *w);
int get_due_reminders(struct web *w);
int get_unit_due(struct web *w);
int get_unit_due_csv(struct web *w);
int api_due(struct web *w);
int api_unit_due(struct web *w);
int post_task_done(struct web *w);
int post_task_undo(struct web *w);

/* -- ledger, duties and complaints -- */
/* Answers with the stored file of content address HEX as an attachment
 * named NAME, of the TYPE checked at upload (evidence, ledger and case
 * files): the response names the file (web_response.file), which the
 * transport streams from the disk. */
int web_send_stored_file(struct web *w, const char *hex, const char *name, const char *type);
/* The handlers of pages_ledger.c (routes and roles in pages.c's table);
 * unit-scoped ones answer 404 for an entry or file of another unit. */
int get_ledger_home(struct web *w);
int get_unit_ledger(struct web *w);
int post_ledger_add(struct web *w);
int get_ledger_csv(struct web *w);
int api_ledger(struct web *w);
int get_ledger_entry(struct web *w);
int post_ledger_remove(struct web *w);
int post_ledger_attach(struct web *w);
int get_ledger_file(struct web *w);
int post_ledger_kind(struct web *w);
int get_duties(struct web *w);
int api_duties(struct web *w);
int post_duty_add(struct web *w);
int post_duties_propose(struct web *w);
int post_duty_confirm(struct web *w);
int post_duty_edit(struct web *w);
int post_duty_reject(struct web *w);
int get_complaints(struct web *w);
int api_complaints(struct web *w);
int post_complaint_add(struct web *w);
int post_complaint_close(struct web *w);
int get_unit_complaints(struct web *w);
/* Lists the ledger entries of unit U that prove criterion NO (a block of
 * the criterion page). */
void ledger_criterion_block(struct web *w, int u, int no);

/* -- messages (pages_messages.c) -- */
int get_messages(struct web *w);
int get_message(struct web *w);
int post_messages_read(struct web *w);
int get_message_hooks(struct web *w);
int post_message_hooks(struct web *w);
int api_messages(struct web *w);
int post_cases_batch(struct web *w);
int post_due_remind(struct web *w);

/* -- supervision cases -- */
int get_cases(struct web *w);
int post_case_open(struct web *w);
int post_case_sweep(struct web *w);
int get_case_listing(struct web *w);
int get_case_listing_csv(struct web *w);
int get_case(struct web *w);
int post_case_close(struct web *w);
int post_case_return(struct web *w);
int post_case_escalate(struct web *w);
int get_unit_cases(struct web *w);
int post_case_report(struct web *w);
int get_case_file(struct web *w);
int api_cases(struct web *w);
int api_unit_cases(struct web *w);

/* -- spot-check draws -- */
/* pages_draw.c: the draws (list and the office's form), making one, one
 * draw with its findings, publishing, recording a finding, the public page
 * of published draws, and the JSON resources. */
int get_draws(struct web *w);
int post_draws(struct web *w);
int get_draw(struct web *w);
int post_draw_publish(struct web *w);
int post_draw_finding(struct web *w);
int get_draw_finding_file(struct web *w);
int get_public_draws(struct web *w);
int api_draws(struct web *w);
int api_draw(struct web *w);

/* -- rubric from the notice text -- */
/* GET /rubric/import: the paste box for annex 2 (任务分解表). */
int get_rubric_import(struct web *w);
/* POST /rubric/import/preview: what was read, its problems, unknown unit
 * names and changes, and (when it can be saved) a confirm button. */
int post_rubric_import_preview(struct web *w);
/* POST /rubric/import: saves the pasted text as the new rubric; 400 with
 * the preview when anything is unresolved. */
int post_rubric_import(struct web *w);

/* -- campaign years -- */
int get_compare(struct web *w);

/* -- API tokens (pages_tokens.c): one's own, or the office any account's -- */
int get_tokens(struct web *w);
int post_token_create(struct web *w);
int post_token_revoke(struct web *w);


/* -- search (pages_search.c): GET /search?q= -- */
int get_search(struct web *w);

/* pages_login.c */
int get_healthz(struct web *w);
int get_login(struct web *w);
int get_asset(struct web *w); /* /assets/style.css, look.js, grid.js */
int post_login(struct web *w);
int post_logout(struct web *w);

/* pages_home.c */
int get_dashboard(struct web *w);
int get_group(struct web *w);
int get_rubric(struct web *w);
int get_tasks(struct web *w);

/* pages_ranking.c */
int get_district(struct web *w);
int get_ranking(struct web *w);

/* pages_unit.c */
int get_criterion(struct web *w);
int get_unit(struct web *w);
int post_score(struct web *w);
int post_self(struct web *w);

/* pages_evidence.c */
int api_evidence(struct web *w);
int api_post_evidence(struct web *w);
int get_evidence(struct web *w);

/* -- the inspection package (pages_package.c) -- */
int get_package(struct web *w);      /* GET /package: every unit's files (the office) */
int get_unit_package(struct web *w); /* GET /units/{u}/package: one unit's */
int post_evidence(struct web *w);
int post_finalize(struct web *w);
int post_return(struct web *w);
int post_scores_submit(struct web *w);
int get_submit(struct web *w);
int post_submit(struct web *w);
int post_withdraw(struct web *w);

/* pages_users.c */
int get_audit(struct web *w);
int get_users(struct web *w);
int post_user_add(struct web *w);
int post_user_disable(struct web *w);
int post_user_enable(struct web *w);
int post_user_password(struct web *w);

/* pages_api.c */
int api_district(struct web *w);
int api_post_score(struct web *w);
int api_ranking(struct web *w);
int api_rubric(struct web *w);
int api_unit(struct web *w);
int api_units(struct web *w);

/* May the signed-in person self-assess (a unit's clerk, before submission)
 * or score as an assessor? Shared by the forms and the API. */
bool may_self_assess(const struct web *w);
bool may_score(const struct web *w);
/* pages_papers.c: the papers as .xlsx and .pdf downloads. paper_links
 * prints the page's 导出 Excel · 导出 PDF links to BASE.xlsx and BASE.pdf,
 * with QUERY ("?final=1", or NULL) after each; not printed on paper. */
void paper_links(struct web *w, const char *base, const char *query);
int get_ranking_paper_xlsx(struct web *w);
int get_ranking_paper_pdf(struct web *w);
int get_district_paper_xlsx(struct web *w);
int get_district_paper_pdf(struct web *w);
int get_criteria_paper_xlsx(struct web *w);
int get_criteria_paper_pdf(struct web *w);
int get_sheet_paper_xlsx(struct web *w);
int get_sheet_paper_pdf(struct web *w);
int get_due_paper_xlsx(struct web *w);
int get_due_paper_pdf(struct web *w);
int get_reminders_paper_xlsx(struct web *w);
int get_reminders_paper_pdf(struct web *w);
int get_unit_reminders_paper_xlsx(struct web *w);
int get_unit_reminders_paper_pdf(struct web *w);
int get_listing_paper_xlsx(struct web *w);
int get_listing_paper_pdf(struct web *w);
int get_notice_paper_xlsx(struct web *w);
int get_notice_paper_pdf(struct web *w);
int get_ledger_paper_xlsx(struct web *w);
int get_template_xlsx(struct web *w);
int get_ledger_paper_pdf(struct web *w);
#endif
