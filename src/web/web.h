/* web.h — the web application independent of the transport: a request as
 * parsed, the response being built, the route table (every route declares
 * the roles it admits), and the dispatcher that authenticates, enforces
 * roles and CSRF, then calls the handler. server.c (libmicrohttpd) and
 * `kaoping http` (one request on stdin) both feed it. */
#ifndef KAOPING_WEB_H
#define KAOPING_WEB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/auth.h"
#include "domain/campaign.h"
#include "domain/due.h"
#include "core/score.h"
#include "domain/evidence.h"
#include "domain/scores.h"
#include "domain/submissions.h"
#include "store/store.h"
#include "core/util.h"

struct web_param {
	char *name, *value; /* decoded UTF-8 */
};

/* A file sent with a multipart form, whichever transport brought it
 * (libmicrohttpd streaming it, or `kaoping http` parsing a body in
 * memory): received into the blob store (blob_put), not kept yet. A
 * handler that keeps it takes FILE over (FILE.tmp set to NULL); what is
 * left is dropped with the request. */
struct web_upload {
	char *field, *filename;
	struct blob file;
};

/* Who sent a request, as web_admit found before its body was read. */
struct web_auth {
	bool done; /* web_admit ran: web_handle takes this instead of asking again */
	struct account who;
	char csrf[33];
	int64_t session_id;
	bool by_token;
};

/* A request as the transport parsed it; strings are owned by the request. */
struct web_request {
	char method[8];
	char *path; /* decoded, without the query */
	struct web_param *query, *form;
	int nquery, nform;
	struct web_upload *uploads;
	int nuploads;
	char *upload_error;  /* why the multipart body was refused (in Chinese), or NULL */
	int upload_status;   /* and the answer's status (400, 413) */
	char *cookie;        /* the kp_session cookie's value, or NULL */
	char *login_cookie;  /* the kp_login cookie (log-in form CSRF), or NULL */
	char *bearer;        /* Authorization: Bearer token, or NULL */
	char *csrf_header;   /* X-CSRF-Token, or NULL */
	char *address;       /* peer address */
	bool secure;         /* served over TLS, or behind a proxy saying so */
	bool gzip_ok;        /* Accept-Encoding accepts gzip */
	bool form_bad;       /* the body could not be decoded */
	/* The bytes the files of one multipart form may take together, as the
	 * transport was started with (`--max-upload-mb`); 0: the default
	 * (EVIDENCE_MAX_BYTES). The upload forms state it (web_upload_field). */
	size_t files_max;
	struct web_auth auth;
};

struct web_response {
	char user[64]; /* who made the request, for the access log ("-" if nobody) */
	int status;
	const char *content_type;
	char content_type_buf[128]; /* for a type that is not a literal */
	struct strbuf headers; /* extra header lines, each ending in \r\n */
	struct strbuf body;
	bool gzipped; /* BODY is gzip already (a cached compressed answer) */
	/* A stored file sent as the body instead of BODY (path owned, FILE_LEN
	 * bytes): the transport streams it from the disk, never whole in memory. */
	char *file;
	uint64_t file_len;
	/* FILE was made for this answer alone (an inspection package): the
	 * transport removes it once it has opened it, and freeing the answer
	 * removes it if it was never sent. */
	bool file_temp;
};

/* Everything a handler sees. */
struct web {
	store *s;
	struct campaign c;
	const struct web_request *req;
	struct web_response *res;
	struct account who; /* who.id == 0: anonymous */
	char csrf[33];
	int64_t session_id;
	bool by_token;      /* authenticated by API token (no CSRF) */
	int64_t args[4];    /* the {…} numbers of the route's pattern */
	const struct route *route;
	int64_t now;
	struct web_cache *cache;
	/* the store's counters, read at store_writes() == GEN_WRITES */
	struct store_generations gen;
	uint64_t gen_writes;
	char today[11]; /* the campaign's today (campaign_today), as the request began */
	struct due_list every; /* web_due's lights of every unit, for this request */
	bool have_floor;       /* web_assessor_floor, read once a request */
	int assessor_floor;
	/* A form refused by the domain, shown again (web_refuse): what was
	 * typed is kept (web_typed) and the message beside its field. */
	const struct kp_error *refused;
	bool refused_shown;
};

/* Who may use a route: role bits, or public. */
#define ROUTE_PUBLIC 0

struct route {
	const char *method;  /* "GET" or "POST" */
	const char *pattern; /* "/units/{u}/criteria/{n}": {x} matches a number */
	int roles;           /* ROLE_* bits; ROUTE_PUBLIC for everyone */
	bool unit_scoped;    /* {u} is a unit: a unit account may only use its own */
	bool api;            /* JSON answers: 401 instead of a log-in redirect */
	int (*handler)(struct web *w);
	const char *example; /* a concrete path for tests ("/units/1") */
};

/* The route table (terminated by a NULL method) and its size. */
extern const struct route web_routes[];

/* What a unit's own pages read on every request, kept for the units asked
 * for most recently (a slot per unit id modulo WEB_MEMO_SLOTS) while the
 * score and progress generations and the day are those it was read at. */
#define WEB_MEMO_SLOTS 64
struct web_memo {
	int64_t unit_id; /* 0: empty */
	int64_t scores_gen, progress_gen;
	char today[11];
	bool have_due, have_scores;
	struct due_list due;
	struct unit_scores scores;
	/* SCORES as a reader sees them who is shown assessor scores from state
	 * i up (web_assessor_floor; [0] unused: SCORES itself): the rows are
	 * SCORES' own, only the array is this one's */
	struct unit_scores seen[SCORE_FINAL + 1];
	bool have_seen[SCORE_FINAL + 1];
	/* the unit's score sheet as its page shows it to every reader who sees
	 * from state i up (the to-do box, the table and its totals), empty
	 * until first rendered */
	struct strbuf sheet[SCORE_FINAL + 1];
};

/* A campaign kept loaded between requests (one per server thread), reloaded
 * when its generation in the store changes. */
struct web_cache {
	struct campaign c;
	int64_t generation;
	bool loaded;
	/* The ranked results, [0] counting every assessor score and [1] final
	 * scores only, valid while the score generation is RANKED_AT. */
	struct unit_result *ranking[2];
	int64_t ranked_at[2];
	/* /api/v1/ranking of ranking[0] whole, as sent: large provinces ask
	 * for it often and it changes only with the scores; and gzipped, for
	 * the clients that accept it (made when first asked for). */
	struct strbuf ranking_json, ranking_json_gz;
	/* The /ranking page's first page of rows and its chart for
	 * ranking[i], as sent. */
	struct strbuf ranking_rows[2], ranking_chart[2];
	/* The programmes and tasks, loaded when first needed. */
	struct programme *programmes;
	int nprogrammes;
	bool programmes_loaded;
	struct web_memo memo[WEB_MEMO_SLOTS];
	/* /public/draws between its header and footer, as of draw generation
	 * PUBLIC_DRAWS_GEN: anyone may ask for it, and each draw on it is
	 * recomputed to check it */
	struct strbuf public_draws;
	int64_t public_draws_gen;
};
void web_cache_free(struct web_cache *cache);

/* Handles REQ against store S at time NOW into RES (initialised here; free
 * with web_response_free), using CACHE (may be NULL: load afresh). Never
 * fails: errors become error pages. */
void web_handle(store *s, struct web_cache *cache, const struct web_request *req, int64_t now,
		struct web_response *res);
/* Decides from REQ's request line and headers alone (before any body is
 * read) whether the request may go on: its route, the caller (kept in
 * REQ->auth for web_handle), the role and a unit account's own unit, by
 * the dispatcher's own rules. True, with RES empty, when it may; false
 * with the refusal web_handle would give in RES (404, 405, 401, 403, a
 * redirect to the log-in). */
bool web_admit(store *s, struct web_cache *cache, struct web_request *req, int64_t now, struct web_response *res);
/* Appends the header lines every answer carries (no caching, nosniff, no
 * framing, referrer policy, CSP) to HEADERS. */
void web_security_headers(struct strbuf *headers);
/* Makes RES the plain-text answer STATUS saying MSG (a newline added),
 * with the security headers; what RES held before (headers, body, a
 * stored file) is dropped. The transports' own refusals use it. */
void web_plain(struct web_response *res, int status, const char *msg);
void web_response_free(struct web_response *res);
void web_request_free(struct web_request *req);

/* Parses "a=1&b=%E5%8C%BA" into PARAMS; false when an escape is malformed
 * or a value is not UTF-8. */
bool web_parse_params(const char *s, size_t n, struct web_param **params, int *nparams);
/* Value of NAME in PARAMS, or NULL. */
const char *web_param(const struct web_param *p, int n, const char *name);

/* Prints the route table as JSON (for the authorization-matrix test). */
void web_routes_json(void);

/* A time as shown (web_time). */
struct shown_time {
	char s[24];
};

/* ---- for handlers (pages_*.c) ---- */

/* Starts a page: head, navigation for the role, the user and a log-out
 * form. TITLE is plain text (escaped here). */
void page_begin(struct web *w, const char *title);
void page_end(struct web *w);
/* Appends formatted HTML to the response (html_printf conversions). */
void out(struct web *w, const char *fmt, ...);
/* The hidden CSRF input of this session, for every POST form. */
void csrf_field(struct web *w);
/* Answers with an error page (or JSON for API routes) and returns 0. */
int web_error(struct web *w, int status, const char *msg);
/* Answers for the error E as its reason says (400, 404, 409, 413, 503 with
 * Retry-After, 500), in Chinese on a page (web_say; a 500's English message
 * goes to the server's log) or as {"error":{"field","code","message"}} on
 * the API. Returns 0. */
int web_fail(struct web *w, const struct kp_error *e);
/* The API's answer for E with STATUS. */
int web_api_error(struct web *w, int status, const struct kp_error *e);
/* A form the domain refused with E: PAGE (the form's GET handler) is drawn
 * again with the refusal's status, keeping what was typed and saying E
 * beside its field; API routes and failures that are not the input's get
 * web_fail. Returns 0. */
int web_refuse(struct web *w, const struct kp_error *e, int (*page)(struct web *w));
/* web_refuse with NOTE said after E's words, in brackets, beside the same
 * field: what else was not kept ("本次 3 个文件均未保存"). */
int web_refuse_noting(struct web *w, const struct kp_error *e, const char *note, int (*page)(struct web *w));
/* E in Chinese as a paragraph of the page being drawn (a part of a page
 * that could not be read; a 500's English message goes to the log). */
void web_say_here(struct web *w, const struct kp_error *e);
/* E in Chinese, appended to B. */
void web_say(const struct kp_error *e, struct strbuf *b);
/* The HTTP status for E. */
int web_status_of(const struct kp_error *e);
/* The Chinese name of a field the domain names ("points" → 得分), or "". */
const char *web_field_label(const char *field);
/* In a form drawn again after a refusal, the value typed into NAME ("" if
 * none); otherwise STORED. */
const char *web_typed(const struct web *w, const char *name, const char *stored);
/* The refusal's message beside the input of FIELD, when it is about FIELD. */
void web_field_error(struct web *w, const char *field);
/* The refusal's message above a form, unless it is about one of FIELDS
 * (NULL-terminated; said beside that field instead). */
void web_form_errors(struct web *w, const char *const *fields);
/* Makes RES a small page in Chinese (the stylesheet, TITLE, MSG and a link
 * home) with STATUS, for answers given before a handler runs. */
void web_plain_page(struct web_response *res, int status, const char *title, const char *msg);
/* Answers 303 See Other to LOCATION (a local path). */
int web_redirect(struct web *w, const char *location);
/* Answers with JSON J (stolen reference). */
int web_json(struct web *w, json_t *j);
/* The unit index of store id ID, or -1. */
int web_unit(const struct web *w, int64_t id);
/* The unit index of a store id written in a form or query field ("12"),
 * or -1 when it is not a number or not a unit. */
int web_unit_arg(const struct web *w, const char *id);
/* The ranking (every unit's result, ranked) for MIN_STATE as
 * report_results reads it (SCORE_DRAFT: drafts shown, submitted and final
 * counted; SCORE_FINAL: final only), cached until scores or the campaign
 * change; NULL (E set) on a store error. Owned by the cache. */
const struct unit_result *web_ranking(struct web *w, int min_state, struct kp_error *e);
/* A stored UTC time as the campaign's people read it, "2024-07-29
 * 16:00:00" in China time. The array lives to the end of the full
 * expression: out(w, "%h", web_time(w, at).s). */
struct shown_time web_time(const struct web *w, const char *iso);
/* Answers as a download saved under NAME (UTF-8; RFC 6266). */
void web_attachment(struct web *w, const char *name);
/* Brings W->gen up to date: as read with the campaign, unless a write has
 * begun since. */
int web_generations(struct web *w, struct kp_error *e);
/* The deadline lights of unit U (-1: every unit) as of today, NULL (E set)
 * on a store error. A unit's are kept in the thread's cache until its
 * progress, the scores or the day change; every unit's are read afresh and
 * kept for the request. Owned by W, valid until a call for another unit. */
const struct due_list *web_due(struct web *w, int u, struct kp_error *e);
/* Unit U's score rows as the reader may see them (web_assessor_floor:
 * a unit's clerk no assessor score below the state the setting
 * unit_sees_assessor allows), kept likewise; NULL (E set) on a store
 * error. Every page a unit account reaches reads the scores through it. */
const struct unit_scores *web_unit_scores(struct web *w, int u, struct kp_error *e);
/* The lowest state of an assessor score the reader may see: SCORE_DRAFT
 * (everything) but for a unit's clerk (workflow_assessor_floor); the
 * highest when the setting cannot be read. */
int web_assessor_floor(struct web *w);
/* Unit U's slot itself, for pages that keep a rendering of what it holds;
 * NULL (E set) on a store error. */
struct web_memo *web_unit_memo(struct web *w, int u, struct kp_error *e);
/* A form field of a POST (NULL when absent). */
const char *web_form(const struct web *w, const char *name);
#endif
