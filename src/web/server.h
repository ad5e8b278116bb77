/* server.h — the transports of the web application: `kaoping serve` on
 * libmicrohttpd (thread pool + epoll, one store connection per thread) and
 * `kaoping http`, which answers one HTTP request read from a stream. */
#ifndef KAOPING_SERVER_H
#define KAOPING_SERVER_H
#include <stdio.h>

#include "core/util.h"

struct server_options {
	const char *db;
	const char *listen;    /* "127.0.0.1:8080" */
	int threads;           /* worker threads, each with its store */
	size_t max_body;       /* bytes; larger requests get 413 (a file's limit
				* and SERVER_FORM_ROOM for the form around it) */
	unsigned connections;  /* simultaneous connections */
	unsigned timeout;      /* idle seconds before a connection is closed */
	unsigned per_address;  /* simultaneous connections from one address (0: no limit) */
	unsigned header_timeout; /* seconds for a request's line and headers, whatever trickles in */
	int trust_proxy;       /* believe X-Forwarded-Proto/For from the proxy */
};

/* Bodies accepted before log-in (the log-in form), of forms and JSON
 * after it (multipart uploads: max_body); a body must come at this many
 * bytes a second on average once header_timeout has passed. */
#define SERVER_ANONYMOUS_BODY (16u * 1024)
#define SERVER_FORM_BODY (8u * 1024 * 1024)
#define SERVER_BODY_MIN_RATE (16 * 1024)
/* Limits of one form: fields (url-encoded), files and plain-field bytes
 * (multipart). */
#define SERVER_MAX_FIELDS 1000
#define SERVER_MAX_FILES 8
#define SERVER_MAX_FIELD_BYTES (64 * 1024)

/* Serves until SIGTERM or SIGINT, then finishes the requests in flight.
 * Returns 0, or an error in E (address in use, store missing). */
int server_run(const struct server_options *o, struct kp_error *e);

/* Reads one HTTP/1.1 request from IN, answers it on OUT. A multipart body
 * larger than MAX_BODY (0: no limit but 64 MB) is refused as the server
 * refuses it (413), and the forms state the limit. Returns 0, or
 * KP_EINPUT when IN is not an HTTP request (a 400 is still written). */
int server_http_once(const char *db, size_t max_body, FILE *in, FILE *out, struct kp_error *e);
/* The room a multipart form takes beside its file, within max_body. */
#define SERVER_FORM_ROOM (1u << 20)
#endif
