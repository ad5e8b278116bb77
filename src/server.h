/* server.h — the transports of the web application: `kaoping serve` on
 * libmicrohttpd (thread pool + epoll, one store connection per thread) and
 * `kaoping http`, which answers one HTTP request read from a stream. */
#ifndef KAOPING_SERVER_H
#define KAOPING_SERVER_H
#include <stdio.h>

#include "util.h"

struct server_options {
	const char *db;
	const char *listen;    /* "127.0.0.1:8080" */
	int threads;           /* worker threads, each with its store */
	size_t max_body;       /* bytes; larger requests get 413 */
	unsigned connections;  /* simultaneous connections */
	unsigned timeout;      /* idle seconds before a connection is closed */
	int trust_proxy;       /* believe X-Forwarded-Proto/For from the proxy */
};

/* Serves until SIGTERM or SIGINT, then finishes the requests in flight.
 * Returns 0, or an error in E (address in use, store missing). */
int server_run(const struct server_options *o, struct kp_error *e);

/* Reads one HTTP/1.1 request from IN, answers it on OUT. Returns 0, or
 * KP_EINPUT when IN is not an HTTP request (a 400 is still written). */
int server_http_once(const char *db, FILE *in, FILE *out, struct kp_error *e);
#endif
