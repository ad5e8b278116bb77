/* server.c — HTTP transports for web.c: libmicrohttpd with a thread pool
 * (each worker thread opens its own store connection on first use) and a
 * one-shot reader of a request on stdin for tests. */
#include "web/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "io/gz.h"
#include "web/html.h"
#include "web/multipart.h"
#include "domain/evidence.h"
#include "domain/messages.h"
#include "store/blob.h"
#include "domain/submissions.h"
#include "web/web.h"

static const char *status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Payload Too Large";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	}
	return "Status";
}

/* The value of cookie NAME in a Cookie header, or NULL (caller frees). */
static char *cookie_value(const char *header, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = header; (p = strstr(p, name)); p += n) {
		if ((p == header || p[-1] == ' ' || p[-1] == ';') && p[n] == '=')
			return xstrndup(p + n + 1, strcspn(p + n + 1, "; "));
	}
	return NULL;
}

/* Fills the parts of REQ that come from headers. NAME is case-insensitive. */
static void request_header(struct web_request *req, const char *name, const char *value, bool trust_proxy)
{
	if (!strcasecmp(name, "Cookie")) {
		char *v = cookie_value(value, "kp_session");
		if (v)
			free(req->cookie), req->cookie = v;
		v = cookie_value(value, "kp_login");
		if (v)
			free(req->login_cookie), req->login_cookie = v;
	} else if (!strcasecmp(name, "Authorization") && !strncasecmp(value, "Bearer ", 7)) {
		free(req->bearer);
		req->bearer = xstrdup(value + 7);
	} else if (!strcasecmp(name, "Accept-Encoding")) {
		req->gzip_ok = gz_accepted(value);
	} else if (!strcasecmp(name, "X-CSRF-Token")) {
		free(req->csrf_header);
		req->csrf_header = xstrdup(value);
	} else if (trust_proxy && !strcasecmp(name, "X-Forwarded-Proto")) {
		req->secure = !strcasecmp(value, "https");
	}
}

/* Splits TARGET ("/path?query") into the request's path and query. */
static bool request_target(struct web_request *req, const char *target)
{
	const char *q = strchr(target, '?');
	size_t n = q ? (size_t)(q - target) : strlen(target);
	for (size_t i = 0; i < n; i++)
		if (target[i] == '+' || target[i] == '%') /* no encoded paths: ids are numbers */
			return false;
	req->path = xstrndup(target, n);
	if (req->path[0] != '/')
		return false;
	return !q || web_parse_params(q + 1, strlen(q + 1), &req->query, &req->nquery);
}

/* E in the words of a page (web_say), its status into *STATUS. */
static char *worded(const struct kp_error *e, int *status)
{
	struct strbuf b = {0};
	web_say(e, &b);
	*status = web_status_of(e);
	return b.s ? b.s : xstrdup("");
}

/* Reads BODY (LEN bytes of type TYPE) into REQ: a form, JSON, or a
 * multipart body whose files are put into blob store BS, as the server's
 * streamed uploads are (one shape for handlers). */
static void request_body(struct web_request *req, struct blob_store *bs, const char *type, const char *body, size_t len)
{
	if (!len)
		return;
	if (type && !strncasecmp(type, "application/json", 16)) {
		req->form = xcalloc(1, sizeof *req->form);
		req->form[0] = (struct web_param){xstrdup("json"), xstrndup(body, len)};
		req->nform = 1;
		if (!utf8_valid(body, len) || memchr(body, 0, len))
			req->form_bad = true;
	} else if (type && !strncasecmp(type, "multipart/form-data", 19)) {
		struct mp_part *parts;
		int n;
		struct kp_error e = {0};
		if (multipart_parse(type, (const unsigned char *)body, len, &parts, &n, &e)) {
			req->form_bad = true;
			req->upload_error = worded(&e, &req->upload_status);
			return;
		}
		for (int i = 0; i < n; i++) {
			if (parts[i].filename) {
				req->uploads = xrealloc(req->uploads, (size_t)(req->nuploads + 1) * sizeof *req->uploads);
				struct web_upload *u = &req->uploads[req->nuploads++];
				memset(u, 0, sizeof *u);
				u->field = xstrdup(parts[i].name);
				u->filename = xstrdup(parts[i].filename);
				if (!req->form_bad &&
				    blob_put_data(bs, parts[i].data, parts[i].len, EVIDENCE_MAX_BYTES, &u->file, &e)) {
					req->form_bad = true;
					req->upload_error = worded(&e, &req->upload_status);
				}
			} else {
				if (!utf8_valid((const char *)parts[i].data, parts[i].len) || memchr(parts[i].data, 0, parts[i].len))
					req->form_bad = true;
				req->form = xrealloc(req->form, (size_t)(req->nform + 1) * sizeof *req->form);
				req->form[req->nform++] = (struct web_param){xstrdup(parts[i].name),
									    xstrndup((const char *)parts[i].data, parts[i].len)};
			}
		}
		multipart_free(parts, n);
	} else {
		size_t fields = 1;
		for (size_t i = 0; i < len; i++)
			fields += body[i] == '&';
		if (fields > SERVER_MAX_FIELDS) {
			req->form_bad = true;
			req->upload_error = xasprintf("表单字段过多（最多 %d 个）", SERVER_MAX_FIELDS);
		} else if (!web_parse_params(body, len, &req->form, &req->nform)) {
			req->form_bad = true;
		}
	}
}

/* What a download answers when its stored file cannot be opened. */
#define FILE_UNREADABLE "存储的文件无法读取，请稍后重试"

/* ---- one request from a stream ---- */

int server_http_once(const char *db, size_t max_body, FILE *in, FILE *out, struct kp_error *e)
{
	struct web_request req = {.files_max = max_body > SERVER_FORM_ROOM ? max_body - SERVER_FORM_ROOM : 0};
	struct web_response res = {0};
	char line[8192], target[8192], version[16];
	char *type = NULL, *body = NULL;
	size_t len = 0;
	int rc = 0;
	store *s = NULL;
	req.address = xstrdup("stdin");
	if (!fgets(line, sizeof line, in) || sscanf(line, "%7s %8191s %15s", req.method, target, version) != 3 ||
	    strncmp(version, "HTTP/1.", 7) || !request_target(&req, target)) {
		rc = kp_fail(e, KP_EINPUT, "standard input: not an HTTP request line");
		goto bad;
	}
	while (fgets(line, sizeof line, in) && strcmp(line, "\r\n") && strcmp(line, "\n")) {
		line[strcspn(line, "\r\n")] = 0;
		char *colon = strchr(line, ':');
		if (!colon) {
			rc = kp_fail(e, KP_EINPUT, "standard input: malformed header line");
			goto bad;
		}
		*colon = 0;
		const char *value = colon + 1 + strspn(colon + 1, " \t");
		if (!strcasecmp(line, "Content-Length"))
			len = strtoul(value, NULL, 10);
		else if (!strcasecmp(line, "Content-Type"))
			free(type), type = xstrdup(value);
		else if (!strcasecmp(line, "X-Forwarded-For"))
			free(req.address), req.address = xstrdup(value);
		request_header(&req, line, value, true);
	}
	if (len > 64u * 1024 * 1024) {
		rc = kp_fail(e, KP_EINPUT, "standard input: body too large");
		goto bad;
	}
	body = xmalloc(len + 1);
	if (fread(body, 1, len, in) != len) {
		rc = kp_fail(e, KP_EINPUT, "standard input: body shorter than Content-Length");
		goto bad;
	}
	bool multipart = type && !strncasecmp(type, "multipart/form-data", 19);
	if (multipart && max_body && len > max_body) { /* as the server refuses it, the body unread */
		struct kp_error big = {0};
		size_t file_max = req.files_max < EVIDENCE_MAX_BYTES ? req.files_max : EVIDENCE_MAX_BYTES;
		kp_fail_at(&big, KP_EINPUT, KP_R_TOO_LARGE, "file", 0, (double)file_max, "request too large");
		req.form_bad = true;
		req.upload_error = worded(&big, &req.upload_status);
		req.upload_status = 413;
	} else {
		struct blob_store *bs;
		if (blob_store_open(db, &bs, e)) {
			rc = e->code;
			goto bad;
		}
		request_body(&req, bs, type, body, len);
		blob_store_close(bs);
	}
	if (store_open(db, STORE_EXISTING, &s, e)) {
		rc = e->code;
		goto bad;
	}
	web_handle(s, NULL, &req, now_unix(), &res);
	store_close(s);
	goto write;
bad:
	web_plain(&res, 400, e->msg);
write:;
	/* A stored file is copied through a buffer, as the server streams it. */
	FILE *file = res.file ? fopen(res.file, "rb") : NULL;
	if (file && res.file_temp) {
		unlink(res.file);
		res.file_temp = false;
	}
	if (res.file && !file)
		web_plain(&res, 500, FILE_UNREADABLE);
	fprintf(out, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %llu\r\n%s\r\n", res.status,
		status_text(res.status), res.content_type,
		(unsigned long long)(file ? res.file_len : res.body.len), sb_str(&res.headers));
	if (file) {
		char buf[65536];
		size_t n;
		while ((n = fread(buf, 1, sizeof buf, file)) > 0)
			fwrite(buf, 1, n, out);
		fclose(file);
	} else {
		fwrite(sb_str(&res.body), 1, res.body.len, out);
	}
	web_response_free(&res);
	web_request_free(&req);
	free(type);
	free(body);
	return rc;
}

/* ---- libmicrohttpd ---- */

static const struct server_options *opts;
static struct blob_store *blobs; /* where uploads go; set before the daemon starts, read only after */
static _Thread_local store *thread_store; /* each worker's own connection */
static _Thread_local struct web_cache *thread_cache; /* and its loaded campaign */

/* Every worker's store, so shutdown can close them; touched once per
 * thread (when its store opens) and at exit, under the lock. */
static pthread_mutex_t stores_lock = PTHREAD_MUTEX_INITIALIZER;
static store *stores[256];
static struct web_cache *caches[256];
static int nstores;

static int open_thread_store(struct kp_error *e)
{
	if (store_open(opts->db, STORE_EXISTING, &thread_store, e))
		return e->code;
	thread_cache = xcalloc(1, sizeof *thread_cache);
	pthread_mutex_lock(&stores_lock);
	if (nstores < (int)(sizeof stores / sizeof *stores)) {
		stores[nstores] = thread_store;
		caches[nstores++] = thread_cache;
	}
	pthread_mutex_unlock(&stores_lock);
	return 0;
}

/* ---- deadlines: a watchdog over every connection ----
 * libmicrohttpd's own timeout restarts with every byte, so a client
 * sending one byte a second holds a connection for ever. Each connection
 * is watched here instead: its request line and headers must be in within
 * opts->header_timeout seconds (from its opening, or from the end of the
 * previous request), and a body must arrive at SERVER_BODY_MIN_RATE on
 * average once that much time has passed. A connection past its deadline
 * is shut down (shutdown(2)); libmicrohttpd then sees it end and closes
 * it. The slot is freed when libmicrohttpd says the connection closed,
 * which it does before closing the socket, so a shut down descriptor is
 * always the connection's own. A kept-alive connection waiting for its
 * next request (WATCH_IDLE) is held to the same deadline, closed without
 * a log line: browsers leave such connections open, that is no news. */

enum watch_phase { WATCH_FREE, WATCH_HEADERS, WATCH_IDLE, WATCH_BODY, WATCH_ANSWER, WATCH_CUT };

struct watch {
	enum watch_phase phase;
	int fd;
	double since;      /* monotonic seconds the phase began */
	uint64_t received; /* body bytes so far */
};

static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static struct watch *watches;
static size_t nwatches;
static bool watch_stop;

static double mono_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void notify_connection(void *cls, struct MHD_Connection *con, void **ctx, enum MHD_ConnectionNotificationCode c)
{
	(void)cls;
	pthread_mutex_lock(&watch_lock);
	if (c == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
		*ctx = NULL;
		for (size_t i = 0; ci && i < nwatches; i++)
			if (watches[i].phase == WATCH_FREE) {
				watches[i] = (struct watch){WATCH_HEADERS, ci->connect_fd, mono_now(), 0};
				*ctx = &watches[i];
				break;
			}
	} else if (*ctx) {
		((struct watch *)*ctx)->phase = WATCH_FREE;
		*ctx = NULL;
	}
	pthread_mutex_unlock(&watch_lock);
}

/* Moves connection CON's watch to PHASE (RECEIVED more body bytes). */
static void watch_set(struct MHD_Connection *con, enum watch_phase phase, uint64_t received)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(con, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct watch *w = ci ? ci->socket_context : NULL;
	if (!w)
		return;
	pthread_mutex_lock(&watch_lock);
	if (w->phase != WATCH_CUT && w->phase != WATCH_FREE) {
		if (w->phase != phase)
			w->phase = phase, w->since = mono_now(), w->received = 0;
		w->received += received;
	}
	pthread_mutex_unlock(&watch_lock);
}

static void *watchdog(void *arg)
{
	(void)arg;
	double limit = opts->header_timeout;
	for (;;) {
		usleep(100 * 1000);
		pthread_mutex_lock(&watch_lock);
		if (watch_stop) {
			pthread_mutex_unlock(&watch_lock);
			return NULL;
		}
		double now = mono_now();
		for (size_t i = 0; i < nwatches; i++) {
			struct watch *w = &watches[i];
			double t = now - w->since;
			const char *why = NULL; /* NULL: closed quietly */
			if (t <= limit)
				continue;
			if (w->phase == WATCH_HEADERS)
				why = "request headers not complete";
			else if (w->phase == WATCH_BODY && (double)w->received < (t - limit) * SERVER_BODY_MIN_RATE)
				why = "request body slower than the minimum rate";
			else if (w->phase != WATCH_IDLE)
				continue;
			shutdown(w->fd, SHUT_RDWR);
			w->phase = WATCH_CUT;
			if (why)
				fprintf(stderr, "kaoping serve: connection closed: %s after %.0f s\n", why, t);
		}
		pthread_mutex_unlock(&watch_lock);
	}
}

/* ---- the background sweep: deadline reminders and the outbound hook ----
 * One thread with its own store connection: at start and then every
 * SWEEP_REMIND_SECONDS it sends the deadline reminders due (messages_sweep,
 * idempotent), and every SWEEP_DELIVER_SECONDS it tries the hook
 * deliveries due (messages_deliver), so no request ever waits for a
 * command or a URL. */

#define SWEEP_DELIVER_SECONDS 5
#define SWEEP_REMIND_SECONDS 300

static pthread_mutex_t sweep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sweep_wake = PTHREAD_COND_INITIALIZER;
static bool sweep_stop;

static void *sweeper(void *arg)
{
	(void)arg;
	store *s = NULL;
	struct campaign c = {0};
	bool loaded = false;
	int64_t generation = -1, last_remind = 0;
	struct kp_error e = {0};
	if (store_open(opts->db, STORE_EXISTING, &s, &e)) {
		fprintf(stderr, "kaoping serve: background sweep: %s\n", e.msg);
		return NULL;
	}
	for (;;) {
		e = (struct kp_error){0};
		struct store_generations g;
		if (!store_generations(s, &g, &e) && (!loaded || g.campaign != generation)) {
			if (loaded)
				campaign_free(&c);
			loaded = !campaign_load(s, &c, &e);
			generation = g.campaign;
		}
		if (loaded) {
			int64_t now = now_unix();
			int n = 0;
			if (now - last_remind >= SWEEP_REMIND_SECONDS) {
				last_remind = now;
				if (messages_sweep(s, &c, NULL, "kaoping", &n, &e))
					fprintf(stderr, "kaoping serve: deadline reminders: %s\n", e.msg);
				else if (n)
					fprintf(stderr, "kaoping serve: %d deadline reminder%s sent\n", n, n == 1 ? "" : "s");
				e = (struct kp_error){0};
				int gone = 0, gone_hooks = 0;
				if (messages_prune(s, &c, now, "kaoping", &gone, &gone_hooks, &e))
					fprintf(stderr, "kaoping serve: pruning messages: %s\n", e.msg);
				else if (gone || gone_hooks)
					fprintf(stderr, "kaoping serve: %d read message%s and %d hook deliver%s pruned\n", gone,
						gone == 1 ? "" : "s", gone_hooks, gone_hooks == 1 ? "y" : "ies");
				e = (struct kp_error){0};
			}
			if (messages_deliver(s, &c, now_unix(), &n, &e))
				fprintf(stderr, "kaoping serve: outbound hook: %s\n", e.msg);
		}
		store_release(s);
		pthread_mutex_lock(&sweep_lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += SWEEP_DELIVER_SECONDS;
		while (!sweep_stop && pthread_cond_timedwait(&sweep_wake, &sweep_lock, &until) == 0)
			;
		bool stop = sweep_stop;
		pthread_mutex_unlock(&sweep_lock);
		if (stop)
			break;
	}
	if (loaded)
		campaign_free(&c);
	store_close(s);
	return NULL;
}

/* ---- answers ---- */

/* Appends S to B for the access log: bytes that could end or split a line
 * or a field (controls, space, quotes, backslash) and every byte above 0x7e
 * as \xHH, so a path holding %0a cannot forge a line, nor U+0085, U+2028
 * or a bidirectional control break or reorder it in a viewer (kaoping's own
 * paths and account names are ASCII). */
static void log_field(struct strbuf *b, const char *s)
{
	if (!s || !*s) {
		sb_addc(b, '-');
		return;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7f || *p == '"' || *p == '\\')
			sb_addf(b, "\\x%02X", *p);
		else
			sb_addc(b, (char)*p);
	}
}

/* A file part being streamed to disk: PUT while it comes, FILE once in. */
struct incoming_file {
	char *field, *filename;
	struct blob file;
	struct blob_put put;
	bool open;
};

/* Per-request state kept by MHD between calls. The request is read from
 * the headers first and admitted (web_admit) before any body is read; a
 * multipart body of a logged-in caller goes through libmicrohttpd's post
 * processor: file parts are written to temporary files as they arrive,
 * other fields kept (small). */
struct pending {
	struct web_request req;
	bool answered;      /* refused before the body: nothing left to do */
	struct strbuf body;
	size_t received, limit;
	struct timeval start;
	struct MHD_PostProcessor *pp;
	struct web_param *fields;
	int nfields;
	size_t field_bytes;
	struct incoming_file *files;
	int nfiles;
	char *error;      /* why the body was refused, in Chinese (worded) */
	int error_status; /* and the answer's status */
};

static void pending_free(struct pending *p)
{
	if (p->pp)
		MHD_destroy_post_processor(p->pp);
	sb_free(&p->body);
	for (int i = 0; i < p->nfields; i++)
		free(p->fields[i].name), free(p->fields[i].value);
	free(p->fields);
	for (int i = 0; i < p->nfiles; i++) {
		blob_put_abort(&p->files[i].put);
		blob_drop(&p->files[i].file);
		free(p->files[i].field), free(p->files[i].filename);
	}
	free(p->files);
	free(p->error);
	web_request_free(&p->req); /* its temporary files too */
	free(p);
}

/* Queues RES on CON: its body, or the stored file it names streamed from
 * the disk; the security headers on every answer; one access-log line. */
static enum MHD_Result send_answer(struct MHD_Connection *con, struct pending *p, const char *method,
				   const char *url, struct web_response *res)
{
	struct MHD_Response *r = NULL;
	uint64_t len = res->body.len;
	if (res->file) {
		int fd = open(res->file, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 && res->file_temp) { /* the open descriptor keeps it until sent */
			unlink(res->file);
			res->file_temp = false;
		}
		if (fd >= 0 && (r = MHD_create_response_from_fd64(res->file_len, fd)) == NULL)
			close(fd);
		if (!r) /* the file went away after the handler saw it */
			web_plain(res, 500, FILE_UNREADABLE);
		else
			len = res->file_len;
	}
	if (!r) {
		/* The body's buffer goes to libmicrohttpd as it is, without a copy. */
		len = res->body.len;
		r = res->body.s ? MHD_create_response_from_buffer_with_free_callback(res->body.len, res->body.s, free)
				: MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		res->body.s = NULL;
	}
	MHD_add_response_header(r, "Content-Type", res->content_type);
	/* Extra headers come as "Name: value\r\n" lines. */
	char *h = res->headers.s;
	while (h && *h) {
		char *end = strstr(h, "\r\n"), *colon = strchr(h, ':');
		if (!end || !colon || colon > end)
			break;
		*end = 0, *colon = 0;
		MHD_add_response_header(r, h, colon + 1 + strspn(colon + 1, " "));
		h = end + 2;
	}
	enum MHD_Result ok = MHD_queue_response(con, (unsigned)res->status, r);
	MHD_destroy_response(r);
	watch_set(con, WATCH_ANSWER, 0);
	struct timeval now;
	gettimeofday(&now, NULL);
	long us = (now.tv_sec - p->start.tv_sec) * 1000000L + (now.tv_usec - p->start.tv_usec);
	char stamp[32];
	time_t t = now.tv_sec;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	struct strbuf line = {0};
	sb_addf(&line, "%s ", stamp);
	log_field(&line, method);
	sb_addc(&line, ' ');
	log_field(&line, p->req.path ? p->req.path : url);
	sb_addf(&line, " %d %llu %ldus ", res->status, (unsigned long long)len, us);
	log_field(&line, res->user[0] ? res->user : "-");
	fprintf(stderr, "%s\n", sb_str(&line));
	sb_free(&line);
	web_response_free(res);
	return ok;
}

/* Answers STATUS with the plain text MSG (and the security headers). */
static enum MHD_Result plain(struct MHD_Connection *con, struct pending *p, const char *method, const char *url,
			     int status, const char *msg)
{
	struct web_response res = {0};
	web_plain(&res, status, msg);
	snprintf(res.user, sizeof res.user, "-");
	return send_answer(con, p, method, url, &res);
}

static enum MHD_Result post_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
				 const char *content_type, const char *transfer_encoding, const char *data, uint64_t off,
				 size_t size)
{
	struct pending *p = cls;
	struct kp_error e = {0};
	(void)kind, (void)content_type, (void)transfer_encoding;
	if (p->error)
		return MHD_NO;
	if (filename) {
		struct incoming_file *f = p->nfiles ? &p->files[p->nfiles - 1] : NULL;
		if (!f || off == 0 || !f->open || strcmp(f->field, key) || strcmp(f->filename, filename)) {
			if (f && f->open) {
				f->open = false;
				if (blob_put_finish(&f->put, &f->file, &e))
					goto fail;
			}
			if (p->nfiles == SERVER_MAX_FILES) {
				kp_fail(&e, KP_EINPUT, "一次最多上传 %d 个文件", SERVER_MAX_FILES);
				goto fail;
			}
			p->files = xrealloc(p->files, (size_t)(p->nfiles + 1) * sizeof *p->files);
			f = &p->files[p->nfiles++];
			memset(f, 0, sizeof *f);
			f->put.fd = -1;
			f->field = xstrdup(key);
			f->filename = xstrdup(filename);
			if (blob_put_begin(blobs, EVIDENCE_MAX_BYTES, &f->put, &e))
				goto fail;
			f->open = true;
		}
		if (size && blob_put_write(&f->put, data, size, &e)) {
			f->open = false;
			goto fail;
		}
		return MHD_YES;
	}
	/* A plain field: kept in memory, 64 KB and 64 fields in all. */
	p->field_bytes += size;
	if (p->field_bytes > SERVER_MAX_FIELD_BYTES) {
		kp_fail(&e, KP_EINPUT, "表单字段过大（最多 %d KB）", SERVER_MAX_FIELD_BYTES / 1024);
		goto fail;
	}
	for (int i = 0; i < p->nfields; i++)
		if (!strcmp(p->fields[i].name, key)) {
			size_t have = strlen(p->fields[i].value);
			p->fields[i].value = xrealloc(p->fields[i].value, have + size + 1);
			memcpy(p->fields[i].value + have, data, size);
			p->fields[i].value[have + size] = 0;
			return MHD_YES;
		}
	if (p->nfields == MULTIPART_MAX_PARTS) {
		kp_fail(&e, KP_EINPUT, "表单字段过多（最多 %d 个）", MULTIPART_MAX_PARTS);
		goto fail;
	}
	p->fields = xrealloc(p->fields, (size_t)(p->nfields + 1) * sizeof *p->fields);
	p->fields[p->nfields++] = (struct web_param){xstrdup(key), xstrndup(data, size)};
	return MHD_YES;
fail:
	p->error = worded(&e, &p->error_status);
	return MHD_NO;
}

/* Hands the streamed parts to REQ (files move, fields are checked). */
static void pending_to_request(struct pending *p, struct web_request *req)
{
	struct kp_error e = {0};
	for (int i = 0; i < p->nfiles && !p->error; i++)
		if (p->files[i].open) {
			p->files[i].open = false;
			if (blob_put_finish(&p->files[i].put, &p->files[i].file, &e))
				p->error = worded(&e, &p->error_status);
		}
	if (p->error) {
		req->form_bad = true;
		req->upload_error = xstrdup(p->error);
		req->upload_status = p->error_status;
		return;
	}
	for (int i = 0; i < p->nfields; i++) {
		const char *v = p->fields[i].value;
		if (!utf8_valid(p->fields[i].name, strlen(p->fields[i].name)) || !utf8_valid(v, strlen(v)))
			req->form_bad = true;
	}
	req->form = p->fields, req->nform = p->nfields;
	p->fields = NULL, p->nfields = 0;
	req->uploads = xcalloc((size_t)p->nfiles + 1, sizeof *req->uploads);
	for (int i = 0; i < p->nfiles; i++) {
		struct web_upload *u = &req->uploads[req->nuploads++];
		u->field = p->files[i].field, u->filename = p->files[i].filename;
		u->file = p->files[i].file; /* the temporary file now belongs to the request */
		p->files[i].field = p->files[i].filename = NULL;
		p->files[i].file.tmp = NULL;
	}
}

static enum MHD_Result header_cb(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	request_header(cls, key, value, opts->trust_proxy);
	return MHD_YES;
}

static enum MHD_Result query_cb(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct web_request *req = cls;
	(void)kind;
	if (!value)
		value = "";
	if (!utf8_valid(key, strlen(key)) || !utf8_valid(value, strlen(value)) || req->nquery >= 64)
		return MHD_YES; /* ignored: no handler reads such a parameter */
	req->query = xrealloc(req->query, (size_t)(req->nquery + 1) * sizeof *req->query);
	req->query[req->nquery++] = (struct web_param){xstrdup(key), xstrdup(value)};
	return MHD_YES;
}

/* The request's line and headers are in (the first call for it): reads
 * them into P->req and, when a body follows, decides before reading it
 * whether the caller may send it (the route, the session or token, the
 * role: web_admit) and how much of it is accepted. Refusals are answered
 * at once, the body unread. */
static enum MHD_Result request_start(struct MHD_Connection *con, struct pending *p, const char *url, const char *method)
{
	struct web_request *req = &p->req;
	struct kp_error e = {0};
	const char *length = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Length");
	const char *chunked = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Transfer-Encoding");
	const char *type = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Type");
	uint64_t declared = length ? strtoull(length, NULL, 10) : 0;
	bool body = declared > 0 || chunked;
	watch_set(con, body ? WATCH_BODY : WATCH_ANSWER, 0);
	p->answered = true;
	if (strcmp(method, "GET") && strcmp(method, "POST") && strcmp(method, "HEAD"))
		return plain(con, p, method, url, 405, "method not allowed");
	if (!thread_store && open_thread_store(&e)) {
		fprintf(stderr, "kaoping serve: %s\n", e.msg);
		return plain(con, p, method, url, 503, "store unavailable");
	}
	snprintf(req->method, sizeof req->method, "%s", strcmp(method, "HEAD") ? method : "GET");
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char addr[INET6_ADDRSTRLEN] = "?";
	if (ci && ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, addr, sizeof addr);
	else if (ci && ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, addr, sizeof addr);
	req->address = xstrdup(addr);
	const char *fwd = opts->trust_proxy ? MHD_lookup_connection_value(con, MHD_HEADER_KIND, "X-Forwarded-For") : NULL;
	if (fwd) {
		free(req->address);
		req->address = xstrndup(fwd, strcspn(fwd, ", "));
	}
	MHD_get_connection_values(con, MHD_HEADER_KIND, header_cb, req);
	req->files_max = opts->max_body > SERVER_FORM_ROOM ? opts->max_body - SERVER_FORM_ROOM : opts->max_body;
	if (!utf8_valid(url, strlen(url)) || url[0] != '/')
		return plain(con, p, method, url, 400, "bad request path");
	req->path = xstrdup(url);
	/* Query arguments arrive decoded from MHD. */
	MHD_get_connection_values(con, MHD_GET_ARGUMENT_KIND, query_cb, req);
	p->answered = false;
	if (!body)
		return MHD_YES;
	struct web_response res;
	if (!web_admit(thread_store, thread_cache, req, now_unix(), &res)) {
		p->answered = true;
		return send_answer(con, p, method, url, &res);
	}
	bool multipart = type && !strncasecmp(type, "multipart/form-data", 19);
	/* Only a caller who logged in sends more than a log-in form. */
	p->limit = !req->auth.who.id ? SERVER_ANONYMOUS_BODY
		   : multipart	     ? opts->max_body
				     : (opts->max_body < SERVER_FORM_BODY ? opts->max_body : SERVER_FORM_BODY);
	if (declared > p->limit) {
		p->answered = true;
		/* answered from Content-Length, before the body is sent: a page
		 * in Chinese that says the limit (a form is refused whole) */
		struct kp_error big = {0};
		bool file = multipart && req->auth.who.id;
		size_t file_max = p->limit > SERVER_FORM_ROOM ? p->limit - SERVER_FORM_ROOM : p->limit;
		if (file_max > EVIDENCE_MAX_BYTES)
			file_max = EVIDENCE_MAX_BYTES;
		kp_fail_at(&big, KP_EINPUT, KP_R_TOO_LARGE, file ? "file" : "", 0, (double)(file ? file_max : p->limit),
			   "request too large");
		struct web_response page = {0};
		char *msg = worded(&big, &(int){0});
		web_plain_page(&page, 413, "无法上传", msg);
		free(msg);
		snprintf(page.user, sizeof page.user, "-");
		return send_answer(con, p, method, url, &page);
	}
	if (multipart && req->auth.who.id) /* files streamed to disk as they come */
		p->pp = MHD_create_post_processor(con, 64 * 1024, post_iter, p);
	return MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *con, const char *url, const char *method,
			      const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	(void)cls, (void)version;
	struct pending *p = *con_cls;
	if (!p) {
		p = xcalloc(1, sizeof *p);
		gettimeofday(&p->start, NULL);
		*con_cls = p;
		return request_start(con, p, url, method);
	}
	if (p->answered) { /* refused: the body is not read */
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		p->received += *upload_size;
		watch_set(con, WATCH_BODY, *upload_size);
		if (p->received > p->limit)
			return MHD_NO; /* a chunked body past the limit: the connection is closed */
		if (p->pp)
			MHD_post_process(p->pp, upload, *upload_size);
		else
			sb_add(&p->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	struct web_request *req = &p->req;
	watch_set(con, WATCH_ANSWER, 0); /* the body is in: the handler's time is not the client's */
	if (p->pp)
		pending_to_request(p, req);
	else
		request_body(req, blobs, MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Type"),
			     p->body.s ? p->body.s : "", p->body.len);
	sb_free(&p->body);
	struct web_response res;
	web_handle(thread_store, thread_cache, req, now_unix(), &res);
	p->answered = true;
	return send_answer(con, p, method, url, &res);
}

static void completed(void *cls, struct MHD_Connection *con, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)toe;
	struct pending *p = *con_cls;
	if (p) {
		pending_free(p);
		*con_cls = NULL;
	}
	watch_set(con, WATCH_IDLE, 0); /* the next request: a new deadline */
}

int server_run(const struct server_options *o, struct kp_error *e)
{
	struct sockaddr_in sa = {0};
	char host[64];
	unsigned port;
	store *probe;
	opts = o;
	if (sscanf(o->listen, "%63[^:]:%u", host, &port) != 2 || port == 0 || port > 65535 ||
	    inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		return kp_fail(e, KP_EINPUT, "--listen: \"%s\" is not ADDRESS:PORT such as 127.0.0.1:8080", o->listen);
	if (store_open(o->db, STORE_EXISTING, &probe, e))
		return e->code;
	store_close(probe);
	/* Temporary files of uploads cut short by a crash are removed before
	 * anything new arrives. */
	if (blob_store_open(o->db, &blobs, e))
		return e->code;
	char *where = NULL;
	int swept = 0;
	struct kp_error sweep_e = {0};
	if (blob_sweep(blobs, &swept, &where, &sweep_e))
		fprintf(stderr, "kaoping serve: %s\n", sweep_e.msg);
	if (swept)
		fprintf(stderr, "kaoping serve: removed %d temporary upload file%s left in %s\n", swept,
			swept == 1 ? "" : "s", where);
	free(where);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	/* Block the stop signals in every thread; the main thread waits for them. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	nwatches = (size_t)o->connections + 64;
	watches = xcalloc(nwatches, sizeof *watches);
	watch_stop = false;
	pthread_t dog;
	pthread_create(&dog, NULL, watchdog, NULL);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL, NULL, handle, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads,
		MHD_OPTION_CONNECTION_LIMIT, o->connections, MHD_OPTION_CONNECTION_TIMEOUT, o->timeout,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->per_address,
		/* headers and the read buffer; libmicrohttpd clears the pool after
		 * each request, so a bigger one costs time on every request */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024), MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
		MHD_OPTION_NOTIFY_CONNECTION, notify_connection, NULL, MHD_OPTION_END);
	if (!d) {
		kp_fail(e, KP_EINPUT, "cannot listen on %s (in use, or not an address of this machine)", o->listen);
		goto stop_dog;
	}
	fprintf(stderr, "kaoping serve: listening on http://%s/ with %d threads, store %s\n", o->listen, o->threads, o->db);
	sweep_stop = false;
	pthread_t sweep;
	pthread_create(&sweep, NULL, sweeper, NULL);
	int sig;
	sigwait(&stop, &sig);
	pthread_mutex_lock(&sweep_lock);
	sweep_stop = true;
	pthread_cond_signal(&sweep_wake);
	pthread_mutex_unlock(&sweep_lock);
	pthread_join(sweep, NULL);
	fprintf(stderr, "kaoping serve: %s, finishing requests in flight\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	MHD_quiesce_daemon(d);
	MHD_stop_daemon(d); /* waits for the workers: nobody uses a store now */
	pthread_mutex_lock(&stores_lock);
	for (int i = 0; i < nstores; i++) {
		store_close(stores[i]);
		web_cache_free(caches[i]);
		free(caches[i]);
	}
	nstores = 0;
	pthread_mutex_unlock(&stores_lock);
	fprintf(stderr, "kaoping serve: stopped\n");
stop_dog:
	pthread_mutex_lock(&watch_lock);
	watch_stop = true;
	pthread_mutex_unlock(&watch_lock);
	pthread_join(dog, NULL);
	free(watches);
	watches = NULL, nwatches = 0;
	blob_store_close(blobs);
	blobs = NULL;
	return e->code;
}
