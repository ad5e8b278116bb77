/* routes.c — the route table: every page and API resource, the roles it
 * admits and a concrete path the authorization-matrix test uses. web.c's
 * dispatcher enforces what each row declares. */
#include "domain/auth.h"
#include "web/pages.h"
#include "web/web.h"

/* The route table: every route, the roles it admits, and a concrete path
 * the authorization-matrix test uses. Unit-scoped routes take the unit's
 * store id first. */
const struct route web_routes[] = {
	{"GET", "/healthz", ROUTE_PUBLIC, false, false, get_healthz, "/healthz"},
	{"GET", "/assets/style.css", ROUTE_PUBLIC, false, false, get_style, "/assets/style.css"},
	{"GET", "/login", ROUTE_PUBLIC, false, false, get_login, "/login"},
	{"POST", "/login", ROUTE_PUBLIC, false, false, post_login, "/login"},
	{"POST", "/logout", ROLE_ANY, false, false, post_logout, "/logout"},
	{"GET", "/", ROLE_ANY, false, false, get_dashboard, "/"},
	{"GET", "/rubric", READERS, false, false, get_rubric, "/rubric"},
	{"GET", "/group", READERS, false, false, get_group, "/group"},
	{"GET", "/tasks", READERS, false, false, get_tasks, "/tasks"},
	{"GET", "/ranking", OVERSEERS, false, false, get_ranking, "/ranking"},
	{"GET", "/district", OVERSEERS, false, false, get_district, "/district"},
	{"GET", "/units/{u}", READERS, true, false, get_unit, "/units/{u}"},
	{"GET", "/units/{u}/criteria/{n}", READERS, true, false, get_criterion, "/units/{u}/criteria/2"},
	{"POST", "/units/{u}/criteria/{n}/self", ROLE_ADMIN | ROLE_UNIT, true, false, post_self, "/units/{u}/criteria/2/self"},
	{"POST", "/units/{u}/criteria/{n}/score", ROLE_ADMIN | ROLE_ASSESSOR, true, false, post_score,
	 "/units/{u}/criteria/2/score"},
	{"POST", "/units/{u}/criteria/{n}/evidence", ROLE_ADMIN | ROLE_UNIT, true, false, post_evidence,
	 "/units/{u}/criteria/2/evidence"},
	{"GET", "/units/{u}/evidence/{e}", READERS, true, false, get_evidence, "/units/{u}/evidence/1"},
	{"POST", "/units/{u}/evidence/{e}/withdraw", ROLE_ADMIN | ROLE_UNIT, true, false, post_withdraw,
	 "/units/{u}/evidence/1/withdraw"},
	{"POST", "/units/{u}/submit", ROLE_ADMIN | ROLE_UNIT, true, false, post_submit, "/units/{u}/submit"},
	{"POST", "/units/{u}/return", ROLE_ADMIN, true, false, post_return, "/units/{u}/return"},
	{"POST", "/units/{u}/scores/submit", ROLE_ADMIN | ROLE_ASSESSOR, true, false, post_scores_submit,
	 "/units/{u}/scores/submit"},
	{"POST", "/units/{u}/finalize", ROLE_ADMIN, true, false, post_finalize, "/units/{u}/finalize"},
	{"GET", "/users", ROLE_ADMIN, false, false, get_users, "/users"},
	{"POST", "/users", ROLE_ADMIN, false, false, post_user_add, "/users"},
	{"POST", "/users/{a}/disable", ROLE_ADMIN, false, false, post_user_disable, "/users/999/disable"},
	{"POST", "/users/{a}/enable", ROLE_ADMIN, false, false, post_user_enable, "/users/999/enable"},
	{"POST", "/users/{a}/password", ROLE_ADMIN, false, false, post_user_password, "/users/999/password"},
	{"GET", "/tokens", ROLE_ANY, false, false, get_tokens, "/tokens"},
	{"POST", "/tokens", ROLE_ANY, false, false, post_token_create, "/tokens"},
	{"POST", "/tokens/{t}/revoke", ROLE_ANY, false, false, post_token_revoke, "/tokens/999/revoke"},
	{"GET", "/audit", ROLE_ADMIN | ROLE_AUDITOR, false, false, get_audit, "/audit"},
	{"GET", "/api/v1/rubric", READERS, false, true, api_rubric, "/api/v1/rubric"},
	{"GET", "/api/v1/units", READERS, false, true, api_units, "/api/v1/units"},
	{"GET", "/api/v1/units/{u}", READERS, true, true, api_unit, "/api/v1/units/{u}"},
	{"POST", "/api/v1/units/{u}/scores", ROLE_ADMIN | ROLE_ASSESSOR | ROLE_UNIT, true, true, api_post_score,
	 "/api/v1/units/{u}/scores"},
	{"GET", "/api/v1/units/{u}/evidence", READERS, true, true, api_evidence, "/api/v1/units/{u}/evidence"},
	{"POST", "/api/v1/units/{u}/criteria/{n}/evidence", ROLE_ADMIN | ROLE_UNIT, true, true, api_post_evidence,
	 "/api/v1/units/{u}/criteria/2/evidence"},
	{"GET", "/api/v1/ranking", OVERSEERS, false, true, api_ranking, "/api/v1/ranking"},
	{"GET", "/api/v1/district", OVERSEERS, false, true, api_district, "/api/v1/district"},

	/* -- deadlines -- */
	{"GET", "/due", OVERSEERS, false, false, get_due, "/due"},
	{"GET", "/due.csv", OVERSEERS, false, false, get_due_csv, "/due.csv"},
	{"GET", "/due/reminders", ROLE_ADMIN | ROLE_LEADER, false, false, get_due_reminders, "/due/reminders"},
	{"GET", "/units/{u}/due", READERS, true, false, get_unit_due, "/units/{u}/due"},
	{"GET", "/units/{u}/due.csv", READERS, true, false, get_unit_due_csv, "/units/{u}/due.csv"},
	{"POST", "/units/{u}/tasks/{t}/done", ROLE_ADMIN | ROLE_UNIT, true, false, post_task_done,
	 "/units/{u}/tasks/999/done"},
	{"POST", "/units/{u}/tasks/{t}/undo", ROLE_ADMIN | ROLE_UNIT, true, false, post_task_undo,
	 "/units/{u}/tasks/999/undo"},
	{"GET", "/api/v1/due", OVERSEERS, false, true, api_due, "/api/v1/due"},
	{"GET", "/api/v1/units/{u}/due", READERS, true, true, api_unit_due, "/api/v1/units/{u}/due"},

	/* -- ledger, duties and complaints -- */
	{"GET", "/ledger", READERS, false, false, get_ledger_home, "/ledger"},
	{"GET", "/units/{u}/ledger", READERS, true, false, get_unit_ledger, "/units/{u}/ledger"},
	{"POST", "/units/{u}/ledger", ROLE_ADMIN | ROLE_UNIT, true, false, post_ledger_add, "/units/{u}/ledger"},
	{"GET", "/units/{u}/ledger.csv", READERS, true, false, get_ledger_csv, "/units/{u}/ledger.csv"},
	{"GET", "/units/{u}/ledger/{e}", READERS, true, false, get_ledger_entry, "/units/{u}/ledger/1"},
	{"POST", "/units/{u}/ledger/{e}/remove", ROLE_ADMIN | ROLE_UNIT, true, false, post_ledger_remove,
	 "/units/{u}/ledger/999/remove"},
	{"GET", "/units/{u}/ledger/{e}/files/{f}", READERS, true, false, get_ledger_file, "/units/{u}/ledger/1/files/1"},
	{"POST", "/units/{u}/ledger/{e}/files", ROLE_ADMIN | ROLE_UNIT, true, false, post_ledger_attach,
	 "/units/{u}/ledger/1/files"},
	{"GET", "/api/v1/units/{u}/ledger", READERS, true, true, api_ledger, "/api/v1/units/{u}/ledger"},
	{"POST", "/ledger/kinds", ROLE_ADMIN, false, false, post_ledger_kind, "/ledger/kinds"},
	{"GET", "/duties", OVERSEERS, false, false, get_duties, "/duties"},
	{"POST", "/duties", ROLE_ADMIN, false, false, post_duty_add, "/duties"},
	{"POST", "/duties/propose", ROLE_ADMIN, false, false, post_duties_propose, "/duties/propose"},
	{"POST", "/duties/{d}/confirm", ROLE_ADMIN, false, false, post_duty_confirm, "/duties/999/confirm"},
	{"POST", "/duties/{d}/edit", ROLE_ADMIN, false, false, post_duty_edit, "/duties/999/edit"},
	{"POST", "/duties/{d}/reject", ROLE_ADMIN, false, false, post_duty_reject, "/duties/999/reject"},
	{"GET", "/api/v1/duties", OVERSEERS, false, true, api_duties, "/api/v1/duties"},
	{"GET", "/complaints", ROLE_ADMIN | ROLE_LEADER, false, false, get_complaints, "/complaints"},
	{"POST", "/complaints", ROLE_ADMIN, false, false, post_complaint_add, "/complaints"},
	{"POST", "/complaints/{c}/close", ROLE_ADMIN, false, false, post_complaint_close, "/complaints/999/close"},
	{"GET", "/api/v1/complaints", ROLE_ADMIN | ROLE_LEADER, false, true, api_complaints, "/api/v1/complaints"},
	{"GET", "/units/{u}/complaints", READERS, true, false, get_unit_complaints, "/units/{u}/complaints"},

	/* -- supervision cases -- */
	{"GET", "/cases", OVERSEERS, false, false, get_cases, "/cases"},
	{"POST", "/cases", ROLE_ADMIN, false, false, post_case_open, "/cases"},
	{"POST", "/cases/sweep", ROLE_ADMIN, false, false, post_case_sweep, "/cases/sweep"},
	{"GET", "/cases/listing", OVERSEERS, false, false, get_case_listing, "/cases/listing"},
	{"GET", "/cases/listing.csv", OVERSEERS, false, false, get_case_listing_csv, "/cases/listing.csv"},
	{"GET", "/cases/{c}", OVERSEERS, false, false, get_case, "/cases/1"},
	{"POST", "/cases/{c}/close", ROLE_ADMIN, false, false, post_case_close, "/cases/999/close"},
	{"POST", "/cases/{c}/return", ROLE_ADMIN, false, false, post_case_return, "/cases/999/return"},
	{"POST", "/cases/{c}/escalate", ROLE_ADMIN, false, false, post_case_escalate, "/cases/999/escalate"},
	{"GET", "/units/{u}/cases", READERS, true, false, get_unit_cases, "/units/{u}/cases"},
	{"POST", "/units/{u}/cases/{c}/report", ROLE_ADMIN | ROLE_UNIT, true, false, post_case_report,
	 "/units/{u}/cases/999/report"},
	{"GET", "/units/{u}/cases/{c}/files/{f}", READERS, true, false, get_case_file, "/units/{u}/cases/1/files/1"},
	{"GET", "/api/v1/cases", OVERSEERS, false, true, api_cases, "/api/v1/cases"},
	{"GET", "/api/v1/units/{u}/cases", READERS, true, true, api_unit_cases, "/api/v1/units/{u}/cases"},

	/* -- spot-check draws -- */
	{"GET", "/draws", OVERSEERS, false, false, get_draws, "/draws"},
	{"POST", "/draws", ROLE_ADMIN, false, false, post_draws, "/draws"},
	{"GET", "/draws/{d}", OVERSEERS, false, false, get_draw, "/draws/1"},
	{"POST", "/draws/{d}/publish", ROLE_ADMIN, false, false, post_draw_publish, "/draws/999/publish"},
	/* {u} is the inspected unit: not unit-scoped; the handler checks the
	 * inspector is assigned to it */
	{"POST", "/draws/{d}/units/{u}/findings", ROLE_ADMIN | ROLE_ASSESSOR, false, false, post_draw_finding,
	 "/draws/999/units/{u}/findings"},
	{"GET", "/public/draws", ROUTE_PUBLIC, false, false, get_public_draws, "/public/draws"},
	{"GET", "/api/v1/draws", OVERSEERS, false, true, api_draws, "/api/v1/draws"},
	{"GET", "/api/v1/draws/{d}", OVERSEERS, false, true, api_draw, "/api/v1/draws/1"},

	/* -- rubric from the notice text -- */
	{"GET", "/rubric/import", ROLE_ADMIN, false, false, get_rubric_import, "/rubric/import"},
	{"POST", "/rubric/import/preview", ROLE_ADMIN, false, false, post_rubric_import_preview, "/rubric/import/preview"},
	{"POST", "/rubric/import", ROLE_ADMIN, false, false, post_rubric_import, "/rubric/import"},

	/* -- the inspection package (迎检材料) -- */
	{"GET", "/package", ROLE_ADMIN, false, false, get_package, "/package"},
	{"GET", "/units/{u}/package", ROLE_ADMIN | ROLE_UNIT, true, false, get_unit_package, "/units/{u}/package"},

	/* -- campaign years -- */
	{"GET", "/compare", OVERSEERS, false, false, get_compare, "/compare"},

	{NULL, NULL, 0, false, false, NULL, NULL},
};
