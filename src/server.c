/* server.c — HTTP transports for web.c: libmicrohttpd with a thread pool
 * (each worker thread opens its own store connection on first use) and a
 * one-shot reader of a request on stdin for tests. */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "gz.h"
#include "html.h"
#include "multipart.h"
#include "workflow.h"
#include "web.h"

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

static void request_body(struct web_request *req, const char *type, const char *body, size_t len)
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
			req->upload_error = xstrdup(e.msg);
			return;
		}
		for (int i = 0; i < n; i++) {
			if (parts[i].filename) {
				req->uploads = xrealloc(req->uploads, (size_t)(req->nuploads + 1) * sizeof *req->uploads);
				struct web_upload *u = &req->uploads[req->nuploads++];
				memset(u, 0, sizeof *u);
				u->field = xstrdup(parts[i].name);
				u->filename = xstrdup(parts[i].filename);
				u->data = xmalloc(parts[i].len + 1);
				memcpy(u->data, parts[i].data, parts[i].len);
				u->len = parts[i].len;
			} else {
				if (!utf8_valid((const char *)parts[i].data, parts[i].len) || memchr(parts[i].data, 0, parts[i].len))
					req->form_bad = true;
				req->form = xrealloc(req->form, (size_t)(req->nform + 1) * sizeof *req->form);
				req->form[req->nform++] = (struct web_param){xstrdup(parts[i].name),
									    xstrndup((const char *)parts[i].data, parts[i].len)};
			}
		}
		multipart_free(parts, n);
	} else if (!web_parse_params(body, len, &req->form, &req->nform)) {
		req->form_bad = true;
	}
}

/* ---- one request from a stream ---- */

int server_http_once(const char *db, FILE *in, FILE *out, struct kp_error *e)
{
	struct web_request req = {0};
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
	request_body(&req, type, body, len);
	if (store_open(db, STORE_EXISTING, &s, e)) {
		rc = e->code;
		goto bad;
	}
	web_handle(s, NULL, &req, now_unix(), &res);
	store_close(s);
	goto write;
bad:
	res.status = 400;
	res.content_type = "text/plain; charset=utf-8";
	sb_adds(&res.body, e->msg);
	sb_addc(&res.body, '\n');
write:
	fprintf(out, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s\r\n", res.status,
		status_text(res.status), res.content_type, res.body.len, sb_str(&res.headers));
	fwrite(sb_str(&res.body), 1, res.body.len, out);
	web_response_free(&res);
	web_request_free(&req);
	free(type);
	free(body);
	return rc;
}

/* ---- libmicrohttpd ---- */

static const struct server_options *opts;
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

/* A file part being streamed to disk. */
struct incoming_file {
	char *field, *filename;
	struct evidence_sink sink;
	bool open;
};

/* Per-request state kept by MHD between calls. A multipart body goes
 * through libmicrohttpd's post processor: file parts are written to
 * temporary files as they arrive, other fields kept (small). */
struct pending {
	struct strbuf body;
	size_t received;
	bool too_large;
	struct timeval start;
	struct MHD_PostProcessor *pp;
	struct web_param *fields;
	int nfields;
	size_t field_bytes;
	struct incoming_file *files;
	int nfiles;
	char *error;
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
		if (p->files[i].open && p->files[i].sink.fd >= 0)
			close(p->files[i].sink.fd);
		evidence_file_drop(&p->files[i].sink.file);
		free(p->files[i].field), free(p->files[i].filename);
	}
	free(p->files);
	free(p->error);
	free(p);
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
				if (evidence_sink_finish(&f->sink, &e))
					goto fail;
			}
			if (p->nfiles == 8) {
				kp_fail(&e, KP_EINPUT, "upload: at most 8 files at a time");
				goto fail;
			}
			p->files = xrealloc(p->files, (size_t)(p->nfiles + 1) * sizeof *p->files);
			f = &p->files[p->nfiles++];
			memset(f, 0, sizeof *f);
			f->sink.fd = -1;
			f->field = xstrdup(key);
			f->filename = xstrdup(filename);
			char *dir = evidence_dir(opts->db);
			int rc = evidence_sink_open(dir, &f->sink, &e);
			free(dir);
			if (rc)
				goto fail;
			f->open = true;
		}
		if (size && evidence_sink_write(&f->sink, data, size, &e)) {
			f->open = false;
			goto fail;
		}
		return MHD_YES;
	}
	/* A plain field: kept in memory, 64 KB in all. */
	p->field_bytes += size;
	if (p->field_bytes > 64 * 1024) {
		kp_fail(&e, KP_EINPUT, "upload: form fields larger than 64 KB");
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
	p->fields = xrealloc(p->fields, (size_t)(p->nfields + 1) * sizeof *p->fields);
	p->fields[p->nfields++] = (struct web_param){xstrdup(key), xstrndup(data, size)};
	return MHD_YES;
fail:
	p->error = xstrdup(e.msg);
	return MHD_NO;
}

/* Hands the streamed parts to REQ (files move, fields are checked). */
static void pending_to_request(struct pending *p, struct web_request *req)
{
	struct kp_error e = {0};
	for (int i = 0; i < p->nfiles && !p->error; i++)
		if (p->files[i].open) {
			p->files[i].open = false;
			if (evidence_sink_finish(&p->files[i].sink, &e))
				p->error = xstrdup(e.msg);
		}
	if (p->error) {
		req->form_bad = true;
		req->upload_error = xstrdup(p->error);
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
		u->file = p->files[i].sink.file; /* the temporary file now belongs to the request */
		p->files[i].field = p->files[i].filename = NULL;
		p->files[i].sink.file.tmp = NULL;
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

static enum MHD_Result plain(struct MHD_Connection *con, int status, const char *text)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
	enum MHD_Result ok = MHD_queue_response(con, (unsigned)status, r);
	MHD_destroy_response(r);
	return ok;
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
		return MHD_YES;
	}
	if (*upload_size) {
		if (!p->received) { /* the first piece: a multipart body is streamed */
			const char *type = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Type");
			if (type && !strncasecmp(type, "multipart/form-data", 19))
				p->pp = MHD_create_post_processor(con, 64 * 1024, post_iter, p);
		}
		p->received += *upload_size;
		if (p->received > opts->max_body)
			p->too_large = true;
		else if (p->pp)
			MHD_post_process(p->pp, upload, *upload_size);
		else
			sb_add(&p->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (p->too_large)
		return plain(con, 413, "request too large\n");
	if (strcmp(method, "GET") && strcmp(method, "POST") && strcmp(method, "HEAD"))
		return plain(con, 405, "method not allowed\n");
	struct kp_error e = {0};
	if (!thread_store && open_thread_store(&e)) {
		fprintf(stderr, "kaoping serve: %s\n", e.msg);
		return plain(con, 503, "store unavailable\n");
	}
	struct web_request req = {0};
	snprintf(req.method, sizeof req.method, "%s", strcmp(method, "HEAD") ? method : "GET");
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char addr[INET6_ADDRSTRLEN] = "?";
	if (ci && ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, addr, sizeof addr);
	else if (ci && ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, addr, sizeof addr);
	req.address = xstrdup(addr);
	const char *fwd = opts->trust_proxy ? MHD_lookup_connection_value(con, MHD_HEADER_KIND, "X-Forwarded-For") : NULL;
	if (fwd) {
		free(req.address);
		req.address = xstrndup(fwd, strcspn(fwd, ", "));
	}
	MHD_get_connection_values(con, MHD_HEADER_KIND, header_cb, &req);
	struct web_response res = {0};
	if (!utf8_valid(url, strlen(url)) || !(req.path = xstrdup(url)) || url[0] != '/') {
		res.status = 400;
		res.content_type = "text/plain; charset=utf-8";
		sb_adds(&res.body, "bad request path\n");
	} else {
		/* Query arguments arrive decoded from MHD. */
		MHD_get_connection_values(con, MHD_GET_ARGUMENT_KIND, query_cb, &req);
		if (p->pp)
			pending_to_request(p, &req);
		else
			request_body(&req, MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Type"),
				     p->body.s ? p->body.s : "", p->body.len);
		web_handle(thread_store, thread_cache, &req, now_unix(), &res);
	}
	/* The body's buffer goes to libmicrohttpd as it is, without a copy. */
	struct MHD_Response *r;
	if (res.body.s) {
		r = MHD_create_response_from_buffer_with_free_callback(res.body.len, res.body.s, free);
		res.body.s = NULL;
	} else {
		r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	MHD_add_response_header(r, "Content-Type", res.content_type);
	/* Extra headers come as "Name: value\r\n" lines. */
	char *h = res.headers.s;
	while (h && *h) {
		char *end = strstr(h, "\r\n"), *colon = strchr(h, ':');
		if (!end || !colon || colon > end)
			break;
		*end = 0, *colon = 0;
		MHD_add_response_header(r, h, colon + 1 + strspn(colon + 1, " "));
		h = end + 2;
	}
	enum MHD_Result ok = MHD_queue_response(con, (unsigned)res.status, r);
	MHD_destroy_response(r);
	struct timeval now;
	gettimeofday(&now, NULL);
	long us = (now.tv_sec - p->start.tv_sec) * 1000000L + (now.tv_usec - p->start.tv_usec);
	char stamp[32];
	time_t t = now.tv_sec;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(stderr, "%s %s %s %d %zu %ldus %s\n", stamp, method, req.path ? req.path : url, res.status, res.body.len, us,
		res.user[0] ? res.user : "-");
	web_response_free(&res);
	web_request_free(&req);
	return ok;
}

static void completed(void *cls, struct MHD_Connection *con, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)con, (void)toe;
	struct pending *p = *con_cls;
	if (p) {
		pending_free(p);
		*con_cls = NULL;
	}
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
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	/* Block the stop signals in every thread; the main thread waits for them. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL, NULL, handle, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads,
		MHD_OPTION_CONNECTION_LIMIT, o->connections, MHD_OPTION_CONNECTION_TIMEOUT, o->timeout,
		/* headers and the read buffer; libmicrohttpd clears the pool after
		 * each request, so a bigger one costs time on every request */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024), MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
		MHD_OPTION_END);
	if (!d)
		return kp_fail(e, KP_EINPUT, "cannot listen on %s (in use, or not an address of this machine)", o->listen);
	fprintf(stderr, "kaoping serve: listening on http://%s/ with %d threads, store %s\n", o->listen, o->threads, o->db);
	int sig;
	sigwait(&stop, &sig);
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
	return 0;
}
