/* bench/loadgen.c — the load client of bench/writes.sh: concurrent writers
 * against `kaoping serve` (scores one at a time and in batches, evidence
 * uploads), a check that every acknowledged write is in the store, and a
 * reader measured while anonymous large bodies and slow sockets arrive.
 * Loopback only; every loop is bounded by a deadline and socket timeouts.
 *
 *   loadgen writes PORT TOKEN UNITS SLOTS FIRST CLIENTS SECONDS ACKED
 *       CLIENTS clients (driven by 2 threads with epoll, as wrk does), each
 *       on its own keep-alive connection from its own loopback address
 *       (127.0.1.N) and to its own unit (line FIRST + i of UNITS, one id a
 *       line), for SECONDS: of every 10 requests 7 post one score, 2 a
 *       batch of 3, 1 uploads a small PDF; criteria and maxima from SLOTS
 *       ("REF<TAB>MAX tenths"). After SECONDS no new request starts; those
 *       in flight are waited for (5 s at most). With LOADGEN_RATE=R in the
 *       environment each client sends R requests/s (spread over the first
 *       second), latency counted from when each was due.
 *       Prints the figures; writes each acknowledged write to ACKED.
 *   loadgen verify KAOPING DB PORT TOKEN ACKED
 *       Every acknowledged score is in the store, in order (per unit and
 *       criterion: the history after the imported value, then the current
 *       score, are the acknowledged values; the current comment the last
 *       one), read with `kaoping --json score history` and `report unit`;
 *       every acknowledged upload is listed by GET /api/v1/units/{id}/evidence.
 *   loadgen hostile PORT TOKEN PATH SECONDS BIG BIG_MB SLOW
 *       One client GETs PATH for SECONDS from 127.0.0.1, a new connection
 *       each time; after 1 s, from 127.0.0.2, BIG anonymous POST /login
 *       bodies of BIG_MB MB each and SLOW sockets that send a header byte
 *       every 0.5 s. Prints the reader's latencies and errors.
 *
 * Built by bench/writes.sh: cc -O2 -pthread bench/loadgen.c $(pkg-config --cflags --libs jansson) */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int port;
static const char *token;
/* Requests per second of each writer (LOADGEN_RATE; 0: each sends its
 * next request as soon as the last is answered, a closed loop). Paced, a
 * request is due 1/rate after the one before; its latency counts from when
 * it was due, so a server that falls behind is not hidden by clients that
 * wait for it. */
static double rate;
static int nclients; /* writers in all */

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "loadgen: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		die("out of memory");
	return p;
}

/* A connection to 127.0.0.1:port from loopback address FROM (NULL: any)
 * with 5 s send and receive timeouts, or -1. */
static int dial_from(const char *from)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	struct timeval tv = {5, 0};
	int one = 1;
	if (from) {
		struct sockaddr_in me = {.sin_family = AF_INET};
		inet_pton(AF_INET, from, &me.sin_addr);
		if (bind(fd, (struct sockaddr *)&me, sizeof me)) {
			close(fd);
			return -1;
		}
	}
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int dial(void)
{
	return dial_from(NULL);
}

/* The hostile load comes from this loopback address, the reader from
 * 127.0.0.1: one address attacking, another reading. */
#define HOSTILE_FROM "127.0.0.2"

static bool send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w <= 0)
			return false;
		p += w, n -= (size_t)w;
	}
	return true;
}

/* One answer on FD: its status (0 when none came) and body (in *BODY,
 * NUL-terminated, reused between calls); *CLOSE when the server ends the
 * connection after it. */
static int read_answer(int fd, char **body, size_t *cap, bool *close_after)
{
	size_t len = 0, need = 0, head = 0;
	*close_after = true;
	for (;;) {
		if (len + 4097 > *cap)
			*body = xrealloc(*body, *cap = 2 * (len + 4097));
		if (head && len >= head + need)
			break;
		ssize_t r = recv(fd, *body + len, *cap - len - 1, 0);
		if (r <= 0)
			return 0;
		len += (size_t)r;
		(*body)[len] = 0;
		if (!head) {
			char *end = strstr(*body, "\r\n\r\n");
			if (!end)
				continue;
			head = (size_t)(end + 4 - *body);
			char *cl = strcasestr(*body, "\r\nContent-Length:");
			need = cl && cl < end ? strtoul(cl + 17, NULL, 10) : 0;
			char *conn = strcasestr(*body, "\r\nConnection: close");
			*close_after = (conn && conn < end) || strncmp(*body, "HTTP/1.1", 8);
		}
	}
	int status = atoi(*body + 9);
	memmove(*body, *body + head, need);
	(*body)[need] = 0;
	return status;
}

/* ---- latencies ---- */

struct lat {
	double *v;
	size_t n, cap;
};

static void lat_add(struct lat *l, double s)
{
	if (l->n == l->cap)
		l->v = xrealloc(l->v, (l->cap = l->cap ? 2 * l->cap : 4096) * sizeof *l->v);
	l->v[l->n++] = s;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(const struct lat *l, double p)
{
	if (!l->n)
		return 0;
	size_t i = (size_t)(p * (double)(l->n - 1) + 0.5);
	return l->v[i];
}

/* Prints "LABEL n … p50 … p99 … max … over_1s …" (milliseconds); sorts L. */
static void lat_print(const char *label, struct lat *l)
{
	qsort(l->v, l->n, sizeof *l->v, cmp_double);
	size_t slow = 0;
	for (size_t i = 0; i < l->n; i++)
		slow += l->v[i] > 1.0;
	printf("%s n %zu p50 %.3f p99 %.3f max %.3f over_1s %zu\n", label, l->n, 1e3 * pct(l, 0.5), 1e3 * pct(l, 0.99),
	       l->n ? 1e3 * l->v[l->n - 1] : 0.0, slow);
}

/* ---- writers ---- */

enum { K_SINGLE, K_BATCH, K_EVIDENCE, K__N };
static const char *const kind_name[K__N] = {"single", "batch", "evidence"};

struct slot {
	char ref[16];
	int max;
};
static struct slot *slots;
static int nslots;

/* One client: a keep-alive connection writing to its own unit. */
struct conn {
	int fd, no;
	long long unit;
	long seq;
	int kind, rows, pick[3], points[3];
	char comment[3][64];
	char *req;
	size_t reqlen, sent;
	char *in;
	size_t inlen, incap;
	double t0;
	bool want_out; /* registered for EPOLLOUT: part of the request is unsent */
	bool waiting;  /* paced: the next request is built and waits until T0 */
};

/* A thread driving its share of the clients with epoll (as wrk does), so
 * that the load costs the machine little beside the server. */
struct worker {
	pthread_t th;
	struct conn *conns;
	int nconns;
	double until;
	struct lat all, by_kind[K__N];
	long ok[K__N], failed[K__N], rows; /* rows: scores acknowledged */
	int last_status[K__N];
	char last_error[K__N][160];
	struct strbuf_ {
		char *s;
		size_t len, cap;
	} acked;
};

static void acked_addf(struct worker *w, const char *fmt, ...)
{
	va_list ap;
	char line[512];
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (w->acked.len + (size_t)n + 1 > w->acked.cap)
		w->acked.s = xrealloc(w->acked.s, w->acked.cap = 2 * (w->acked.len + (size_t)n + 1));
	memcpy(w->acked.s + w->acked.len, line, (size_t)n + 1);
	w->acked.len += (size_t)n;
}

/* The next request of C: of every 10, 7 one score, 2 a batch of 3, 1 a PDF. */
static void next_request(struct conn *c)
{
	long seq = c->seq;
	char json[1024], part[256];
	c->kind = seq % 10 < 7 ? K_SINGLE : seq % 10 < 9 ? K_BATCH : K_EVIDENCE;
	c->rows = c->kind == K_BATCH ? 3 : 1;
	int n;
	if (c->kind != K_EVIDENCE) {
		json[0] = 0;
		for (int r = 0; r < c->rows; r++) {
			c->pick[r] = (int)((seq * 3 + r) % nslots);
			c->points[r] = (int)((seq * 7 + r) % (slots[c->pick[r]].max + 1));
			snprintf(c->comment[r], sizeof c->comment[r], "bench c%d s%ld r%d", c->no, seq, r);
			snprintf(part, sizeof part, "%s{\"criterion\":\"%s\",\"points\":%d.%d,\"kind\":\"assessor\",\"comment\":\"%s\"}",
				 r ? "," : "", slots[c->pick[r]].ref, c->points[r] / 10, c->points[r] % 10, c->comment[r]);
			strcat(json, part);
		}
		char wrapped[1100];
		const char *doc = json;
		if (c->kind == K_BATCH) {
			snprintf(wrapped, sizeof wrapped, "[%s]", json);
			doc = wrapped;
		}
		n = snprintf(c->req, 1 << 16, "POST /api/v1/units/%lld/scores HTTP/1.1\r\nHost: bench\r\n"
			     "Authorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
			     c->unit, token, strlen(doc), doc);
	} else {
		char pdf[256], head[512];
		int pl = snprintf(pdf, sizeof pdf, "%%PDF-1.4\n%% bench c%d s%ld\n1 0 obj<<>>endobj\ntrailer<<>>\n%%%%EOF\n", c->no, seq);
		int hl = snprintf(head, sizeof head, "--BENCHxyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"w%d-%ld.pdf\"\r\n"
			 "Content-Type: application/pdf\r\n\r\n", c->no, seq);
		const char *tail = "\r\n--BENCHxyz--\r\n";
		c->pick[0] = (int)(seq % nslots);
		n = snprintf(c->req, 1 << 16, "POST /api/v1/units/%lld/criteria/%d/evidence HTTP/1.1\r\nHost: bench\r\n"
			     "Authorization: Bearer %s\r\nContent-Type: multipart/form-data; boundary=BENCHxyz\r\n"
			     "Content-Length: %zu\r\n\r\n%s%s%s", c->unit, atoi(slots[c->pick[0]].ref), token,
			     (size_t)(hl + pl) + strlen(tail), head, pdf, tail);
	}
	c->reqlen = (size_t)n, c->sent = 0, c->inlen = 0;
}

/* The answer in C->in when it is whole: its status (0: not yet), the body
 * at *BODY, *CLOSE when the server ends the connection after it. */
static int whole_answer(struct conn *c, char **body, bool *close_after)
{
	char *end = strstr(c->in, "\r\n\r\n");
	if (!end)
		return 0;
	size_t head = (size_t)(end + 4 - c->in);
	char *cl = strcasestr(c->in, "\r\nContent-Length:");
	size_t need = cl && cl < end ? strtoul(cl + 17, NULL, 10) : 0;
	if (c->inlen < head + need)
		return 0;
	char *conn = strcasestr(c->in, "\r\nConnection: close");
	*close_after = (conn && conn < end) || strncmp(c->in, "HTTP/1.1", 8);
	*body = c->in + head;
	return atoi(c->in + 9);
}

/* Records C's finished request (STATUS 0: no answer) and starts its next. */
static void finish(struct worker *w, struct conn *c, int status, const char *body, double t)
{
	double dt = t - c->t0;
	int kind = c->kind;
	lat_add(&w->all, dt);
	lat_add(&w->by_kind[kind], dt);
	w->last_status[kind] = status;
	if (status / 100 != 2) {
		w->failed[kind]++;
		snprintf(w->last_error[kind], sizeof w->last_error[kind], "%s", body ? body : "(no answer)");
		w->last_error[kind][strcspn(w->last_error[kind], "\n")] = 0;
	} else if (kind == K_EVIDENCE) {
		w->ok[kind]++;
		json_t *j = json_loads(body, 0, NULL);
		const char *sha = json_string_value(json_object_get(j, "sha256"));
		acked_addf(w, "E\t%lld\t%lld\tw%d-%ld.pdf\t%s\n", c->unit, (long long)json_integer_value(json_object_get(j, "id")),
			   c->no, c->seq, sha ? sha : "");
		json_decref(j);
	} else {
		w->ok[kind]++;
		for (int r = 0; r < c->rows; r++)
			acked_addf(w, "S\t%lld\t%s\t%d\t%s\n", c->unit, slots[c->pick[r]].ref, c->points[r], c->comment[r]);
		w->rows += c->rows;
	}
	c->seq++;
}

/* Sends what C has left to send; false when the connection failed. */
static bool pump_out(struct conn *c)
{
	while (c->sent < c->reqlen) {
		ssize_t n = send(c->fd, c->req + c->sent, c->reqlen - c->sent, MSG_NOSIGNAL);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return true;
		if (n <= 0)
			return false;
		c->sent += (size_t)n;
	}
	return true;
}

/* Opens C's connection (blocking connect on loopback, then non-blocking),
 * registered with EP; and sends the start of its request. */
static void start(int ep, struct conn *c)
{
	/* each client from its own loopback address, as clerks at their own
	 * desks: a per-address connection limit is no limit on the bench */
	char from[32];
	snprintf(from, sizeof from, "127.0.1.%d", 1 + c->no % 250);
	c->t0 = now_s();
	c->fd = dial_from(from);
	if (c->fd < 0)
		return;
	fcntl(c->fd, F_SETFL, O_NONBLOCK);
	c->want_out = !c->waiting; /* a paced request waiting for its time is not sent yet */
	struct epoll_event ev = {.events = EPOLLIN | (c->want_out ? EPOLLOUT : 0), .data.ptr = c};
	epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
}

/* Asks EP for EPOLLOUT on C only while part of its request is unsent (a
 * writable socket would otherwise wake the loop all the time). */
static void arm(int ep, struct conn *c)
{
	bool want = c->sent < c->reqlen;
	if (c->fd < 0 || want == c->want_out)
		return;
	c->want_out = want;
	struct epoll_event ev = {.events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = c};
	epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

static void drop(struct conn *c)
{
	if (c->fd >= 0)
		close(c->fd); /* (closing takes it out of the epoll set) */
	c->fd = -1;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int ep = epoll_create1(0);
	for (int i = 0; i < w->nconns; i++) {
		struct conn *c = &w->conns[i];
		c->req = xrealloc(NULL, 1 << 16);
		c->in = xrealloc(NULL, c->incap = 1 << 16);
		next_request(c);
		/* paced writers are spread over the first period, not all at once */
		c->waiting = rate > 0;
		start(ep, c);
		c->t0 += rate > 0 ? (double)(c->no % nclients) / (double)nclients / rate : 0;
	}
	struct epoll_event evs[64];
	/* until the deadline, then (no new requests) until the answers in
	 * flight have come, 5 s at most: an answered write is not left out */
	for (;;) {
		double t = now_s();
		int busy = 0;
		for (int i = 0; i < w->nconns; i++)
			busy += w->conns[i].fd >= 0;
		if (t >= w->until + 5 || (t >= w->until && !busy))
			break;
		/* sleep until the next paced request is due (to the microsecond:
		 * a whole-millisecond wait would either spin or send late) */
		double wait = 0.1;
		for (int i = 0; i < w->nconns; i++)
			if (w->conns[i].waiting && w->conns[i].t0 - t < wait)
				wait = w->conns[i].t0 - t;
		if (wait < 0)
			wait = 0;
		struct timespec ts = {(time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9)};
		int n = epoll_pwait2(ep, evs, 64, &ts, NULL);
		t = now_s();
		for (int i = 0; i < n; i++) {
			struct conn *c = evs[i].data.ptr;
			bool ok = c->waiting || pump_out(c);
			if (ok && !c->waiting)
				arm(ep, c);
			while (ok && (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) {
				if (c->inlen + 4097 > c->incap)
					c->in = xrealloc(c->in, c->incap *= 2);
				ssize_t r = recv(c->fd, c->in + c->inlen, c->incap - c->inlen - 1, 0);
				if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
					break;
				if (r <= 0) {
					ok = false;
					break;
				}
				c->inlen += (size_t)r;
				c->in[c->inlen] = 0;
			}
			char *body = NULL;
			bool closing = false;
			int status = ok ? whole_answer(c, &body, &closing) : 0;
			if (!ok || status) {
				finish(w, c, status, body, t);
				if (!ok || closing || t >= w->until)
					drop(c);
				if (t >= w->until)
					continue;
				double due = rate > 0 ? c->t0 + 1 / rate : t;
				next_request(c);
				if (c->fd < 0)
					start(ep, c);
				else if (due > t)
					c->t0 = due, c->waiting = true;
				else if (c->t0 = due, pump_out(c))
					arm(ep, c);
			}
		}
		/* paced writers whose next request has come due */
		t = now_s();
		for (int i = 0; i < w->nconns; i++) {
			struct conn *c = &w->conns[i];
			if (c->waiting && t >= c->t0) {
				c->waiting = false;
				if (t >= w->until)
					drop(c);
				else if (pump_out(c))
					arm(ep, c);
			}
		}
		/* a client whose connection failed to open tries again */
		for (int i = 0; i < w->nconns; i++)
			if (w->conns[i].fd < 0 && now_s() < w->until) {
				finish(w, &w->conns[i], 0, NULL, now_s());
				next_request(&w->conns[i]);
				usleep(10000);
				start(ep, &w->conns[i]);
			}
	}
	for (int i = 0; i < w->nconns; i++) {
		drop(&w->conns[i]);
		free(w->conns[i].req), free(w->conns[i].in);
	}
	close(ep);
	return NULL;
}

static int cmd_writes(char **a)
{
	port = atoi(a[0]), token = a[1];
	rate = getenv("LOADGEN_RATE") ? atof(getenv("LOADGEN_RATE")) : 0;
	int first = atoi(a[4]), clients = atoi(a[5]);
	nclients = clients;
	double seconds = atof(a[6]);
	FILE *f = fopen(a[3], "r");
	char line[512];
	if (!f)
		die("cannot read %s", a[3]);
	while (fgets(line, sizeof line, f)) {
		struct slot s;
		if (sscanf(line, "%15s %d", s.ref, &s.max) == 2 && s.max > 0) {
			slots = xrealloc(slots, (size_t)(nslots + 1) * sizeof *slots);
			slots[nslots++] = s;
		}
	}
	fclose(f);
	if (!nslots)
		die("no scoring slots in %s", a[3]);
	long long *units = NULL;
	int nunits = 0;
	if (!(f = fopen(a[2], "r")))
		die("cannot read %s", a[2]);
	while (fgets(line, sizeof line, f)) {
		units = xrealloc(units, (size_t)(nunits + 1) * sizeof *units);
		units[nunits++] = atoll(line);
	}
	fclose(f);
	if (first + clients > nunits)
		die("%d units listed, %d needed", nunits, first + clients);
	int nworkers = clients < 2 ? 1 : 2;
	struct worker *w = calloc((size_t)nworkers, sizeof *w);
	struct conn *conns = calloc((size_t)clients, sizeof *conns);
	double start_t = now_s();
	for (int i = 0; i < clients; i++)
		conns[i] = (struct conn){.fd = -1, .no = first + i, .unit = units[first + i]};
	for (int i = 0, at = 0; i < nworkers; i++) {
		w[i].nconns = clients / nworkers + (i < clients % nworkers);
		w[i].conns = conns + at;
		at += w[i].nconns;
		w[i].until = start_t + seconds;
		pthread_create(&w[i].th, NULL, worker_main, &w[i]);
	}
	struct lat all = {0}, by_kind[K__N] = {{0}};
	long ok[K__N] = {0}, failed[K__N] = {0}, rows = 0;
	FILE *out = fopen(a[7], "w");
	if (!out)
		die("cannot write %s", a[7]);
	for (int i = 0; i < nworkers; i++) {
		pthread_join(w[i].th, NULL);
		for (size_t k = 0; k < w[i].all.n; k++)
			lat_add(&all, w[i].all.v[k]);
		for (int kind = 0; kind < K__N; kind++) {
			for (size_t k = 0; k < w[i].by_kind[kind].n; k++)
				lat_add(&by_kind[kind], w[i].by_kind[kind].v[k]);
			ok[kind] += w[i].ok[kind], failed[kind] += w[i].failed[kind];
		}
		rows += w[i].rows;
		if (w[i].acked.len)
			fwrite(w[i].acked.s, 1, w[i].acked.len, out);
	}
	fclose(out);
	double took = now_s() - start_t;
	printf("clients %d seconds %.1f requests %zu requests_per_s %.0f scores_acked %ld scores_per_s %.0f\n", clients, took,
	       all.n, (double)all.n / took, rows, (double)rows / took);
	lat_print("all", &all);
	for (int kind = 0; kind < K__N; kind++) {
		char label[64];
		snprintf(label, sizeof label, "%s ok %ld failed %ld", kind_name[kind], ok[kind], failed[kind]);
		lat_print(label, &by_kind[kind]);
		for (int i = 0; i < nworkers; i++)
			if (w[i].failed[kind]) {
				printf("  %s: last failure: status %d: %.150s\n", kind_name[kind], w[i].last_status[kind],
				       w[i].last_error[kind]);
				break;
			}
	}
	return 0;
}

/* ---- verify ---- */

static json_t *run_json(const char *kp, const char *db, const char *what, const char *unit)
{
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "'%s' --db '%s' --json %s '%s'", kp, db, what, unit);
	FILE *p = popen(cmd, "r");
	if (!p)
		die("cannot run %s", cmd);
	json_error_t je;
	json_t *j = json_loadf(p, 0, &je);
	if (pclose(p) || !j)
		die("%s: no JSON (%s)", cmd, je.text);
	return j;
}

static int tenths(json_t *v)
{
	double d = json_number_value(v);
	return (int)(d * 10 + (d < 0 ? -0.5 : 0.5));
}

/* The unit's name, asked of the API (GET /api/v1/units/ID). */
static char *unit_name(long long id)
{
	char req[512], *body = NULL;
	size_t cap = 0;
	bool closing;
	snprintf(req, sizeof req, "GET /api/v1/units/%lld HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer %s\r\n\r\n", id, token);
	int fd = dial();
	int status = fd >= 0 && send_all(fd, req, strlen(req)) ? read_answer(fd, &body, &cap, &closing) : 0;
	if (fd >= 0)
		close(fd);
	json_t *j = status == 200 ? json_loads(body, 0, NULL) : NULL;
	const char *name = json_string_value(json_object_get(j, "unit"));
	if (!name)
		die("GET /api/v1/units/%lld answered %d", id, status);
	char *copy = strdup(name);
	json_decref(j);
	free(body);
	return copy;
}

struct ack {
	char kind;
	long long unit, id;
	size_t order; /* place in the file: the order of acknowledgement per client */
	char ref[16], text[160];
	int points;
};

static int cmp_ack(const void *pa, const void *pb)
{
	const struct ack *x = pa, *y = pb;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	int c = strcmp(x->ref, y->ref);
	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Writes of unit U's criterion REF (acks A[0..N)) against HIST and SHEET:
 * true when the store holds them all, in order. */
static bool scores_match(const char *name, const struct ack *a, size_t n, json_t *hist, json_t *sheet)
{
	int *got = calloc(n + 2, sizeof *got), ngot = 0;
	bool skipped_import = false, ok = true;
	size_t k;
	json_t *row;
	json_array_foreach(hist, k, row) {
		if (strcmp(json_string_value(json_object_get(row, "criterion")), a->ref) ||
		    strcmp(json_string_value(json_object_get(row, "kind")), "assessor"))
			continue;
		if (!skipped_import) { /* the value the store was built with */
			skipped_import = true;
			continue;
		}
		if ((size_t)ngot <= n)
			got[ngot++] = tenths(json_object_get(row, "points"));
		else
			ok = false;
	}
	const char *comment = NULL;
	json_array_foreach(json_object_get(sheet, "criteria"), k, row) {
		char ref[16];
		int part = (int)json_integer_value(json_object_get(row, "part"));
		int no = (int)json_integer_value(json_object_get(row, "no"));
		snprintf(ref, sizeof ref, part ? "%d.%d" : "%d", no, part);
		if (!strcmp(ref, a->ref) && (size_t)ngot <= n) {
			got[ngot++] = tenths(json_object_get(row, "assessor"));
			comment = json_string_value(json_object_get(row, "comment"));
		}
	}
	ok = ok && (size_t)ngot == n && comment && !strcmp(comment, a[n - 1].text);
	for (size_t i = 0; ok && i < n; i++)
		ok = got[i] == a[i].points;
	if (!ok)
		printf("MISMATCH unit %s criterion %s: %zu acknowledged writes, the store has %d (last comment \"%s\", stored \"%s\")\n",
		       name, a->ref, n, ngot, a[n - 1].text, comment ? comment : "none");
	free(got);
	return ok;
}

static int cmd_verify(char **a)
{
	const char *kp = a[0], *db = a[1];
	port = atoi(a[2]), token = a[3];
	FILE *f = fopen(a[4], "r");
	if (!f)
		die("cannot read %s", a[4]);
	struct ack *acks = NULL;
	size_t nacks = 0, cap_acks = 0;
	char line[512];
	while (fgets(line, sizeof line, f)) {
		struct ack k = {.order = nacks};
		line[strcspn(line, "\n")] = 0;
		char *fld[6] = {0};
		int nf = 0;
		for (char *p = line, *t; nf < 6 && (t = strsep(&p, "\t"));)
			fld[nf++] = t;
		if (nf != 5 || (line[0] != 'S' && line[0] != 'E'))
			die("bad line in %s", a[4]);
		k.kind = line[0];
		k.unit = atoll(fld[1]);
		if (k.kind == 'S') {
			snprintf(k.ref, sizeof k.ref, "%s", fld[2]);
			k.points = atoi(fld[3]);
			snprintf(k.text, sizeof k.text, "%s", fld[4]);
		} else {
			k.id = atoll(fld[2]);
			snprintf(k.text, sizeof k.text, "%s", fld[3]);
		}
		if (nacks == cap_acks)
			acks = xrealloc(acks, (cap_acks = cap_acks ? 2 * cap_acks : 4096) * sizeof *acks);
		acks[nacks++] = k;
	}
	fclose(f);
	qsort(acks, nacks, sizeof *acks, cmp_ack);
	long scores = 0, files = 0, missing = 0;
	for (size_t i = 0; i < nacks;) {
		long long unit = acks[i].unit;
		size_t end = i;
		while (end < nacks && acks[end].unit == unit)
			end++;
		char *name = unit_name(unit);
		json_t *hist = run_json(kp, db, "score history", name), *sheet = run_json(kp, db, "report unit", name);
		char req[512], *body = NULL;
		size_t cap = 0, k;
		bool closing;
		snprintf(req, sizeof req, "GET /api/v1/units/%lld/evidence HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer %s\r\n\r\n",
			 unit, token);
		int fd = dial();
		int status = fd >= 0 && send_all(fd, req, strlen(req)) ? read_answer(fd, &body, &cap, &closing) : 0;
		if (fd >= 0)
			close(fd);
		json_t *list = status == 200 ? json_loads(body, 0, NULL) : NULL, *row;
		for (size_t j = i; j < end;) {
			size_t g = j;
			while (g < end && acks[g].kind == acks[j].kind && !strcmp(acks[g].ref, acks[j].ref))
				g++;
			if (acks[j].kind == 'S') {
				scores += (long)(g - j);
				missing += !scores_match(name, &acks[j], g - j, hist, sheet);
			} else {
				for (size_t q = j; q < g; q++) {
					bool found = false;
					files++;
					json_array_foreach(list, k, row) found = found ||
						(json_integer_value(json_object_get(row, "id")) == acks[q].id &&
						 !strcmp(json_string_value(json_object_get(row, "file_name")), acks[q].text));
					if (!found) {
						missing++;
						printf("MISSING upload %s (id %lld) of unit %s\n", acks[q].text, acks[q].id, name);
					}
				}
			}
			j = g;
		}
		json_decref(list), json_decref(hist), json_decref(sheet);
		free(body), free(name);
		i = end;
	}
	printf("verified scores %ld uploads %ld missing %ld\n", scores, files, missing);
	free(acks);
	return missing ? 1 : 0;
}

/* ---- hostile ---- */

static double hostile_until;

static void *big_main(void *arg)
{
	long mb = (long)(intptr_t)arg;
	char head[256], chunk[65536], *body = NULL;
	size_t cap = 0;
	bool closing;
	memset(chunk, 'a', sizeof chunk);
	int n = snprintf(head, sizeof head, "POST /login HTTP/1.1\r\nHost: bench\r\nContent-Type: application/x-www-form-urlencoded\r\n"
			 "Content-Length: %ld\r\n\r\n", mb << 20);
	double t0 = now_s();
	int fd = dial_from(HOSTILE_FROM), status = 0;
	long sent = 0;
	if (fd >= 0 && send_all(fd, head, (size_t)n)) {
		while (sent < (mb << 20) && now_s() < hostile_until && send_all(fd, chunk, sizeof chunk))
			sent += (long)sizeof chunk;
		status = read_answer(fd, &body, &cap, &closing);
	}
	if (fd >= 0)
		close(fd);
	printf("big POST /login: status %d after %.2f s, %ld MB sent\n", status, now_s() - t0, sent >> 20);
	free(body);
	return NULL;
}

static void *slow_main(void *arg)
{
	int n = (int)(intptr_t)arg, *fds = calloc((size_t)n, sizeof *fds), open_ = 0, alive = 0;
	for (int i = 0; i < n && now_s() < hostile_until; i++) {
		fds[i] = dial_from(HOSTILE_FROM);
		if (fds[i] >= 0 && send_all(fds[i], "GET / HTTP/1.1\r\nHost: bench\r\n", 29))
			open_++;
	}
	while (now_s() < hostile_until) {
		alive = 0;
		for (int i = 0; i < n; i++)
			if (fds[i] >= 0) {
				if (send_all(fds[i], "X", 1))
					alive++;
				else
					close(fds[i]), fds[i] = -1;
			}
		usleep(500000);
	}
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	printf("slow sockets: %d opened, %d still open at the end\n", open_, alive);
	free(fds);
	return NULL;
}

static int cmd_hostile(char **a)
{
	port = atoi(a[0]), token = a[1];
	const char *path = a[2];
	double seconds = atof(a[3]);
	int big = atoi(a[4]), slow = atoi(a[6]);
	long big_mb = atol(a[5]);
	double start = now_s();
	hostile_until = start + seconds;
	pthread_t th[64];
	int nth = 0;
	struct lat before = {0}, during = {0};
	char req[512], *body = NULL;
	size_t cap = 0;
	long errors = 0;
	/* a new connection each time, as a new visitor comes: the slow
	 * sockets hold connections, and this is what they take away */
	snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer %s\r\nConnection: close\r\n\r\n",
		 path, token);
	int fd = -1;
	bool started = false;
	while (now_s() < hostile_until) {
		if (!started && now_s() - start > 1) {
			started = true;
			for (int i = 0; i < big && nth < 63; i++)
				pthread_create(&th[nth++], NULL, big_main, (void *)(intptr_t)big_mb);
			if (slow)
				pthread_create(&th[nth++], NULL, slow_main, (void *)(intptr_t)slow);
		}
		double t0 = now_s();
		if (fd < 0)
			fd = dial();
		bool closing = true;
		int status = fd >= 0 && send_all(fd, req, strlen(req)) ? read_answer(fd, &body, &cap, &closing) : 0;
		if (closing && fd >= 0)
			close(fd), fd = -1;
		lat_add(started ? &during : &before, now_s() - t0);
		if (status != 200)
			errors++;
		if (status == 0)
			usleep(10000); /* refused: no busy loop */
	}
	if (fd >= 0)
		close(fd);
	for (int i = 0; i < nth; i++)
		pthread_join(th[i], NULL);
	lat_print("reader before", &before);
	lat_print("reader during", &during);
	printf("reader errors %ld\n", errors);
	free(body);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 10 && !strcmp(argv[1], "writes"))
		return cmd_writes(argv + 2);
	if (argc == 7 && !strcmp(argv[1], "verify"))
		return cmd_verify(argv + 2);
	if (argc == 9 && !strcmp(argv[1], "hostile"))
		return cmd_hostile(argv + 2);
	fprintf(stderr, "usage: loadgen writes PORT TOKEN UNITS SLOTS FIRST CLIENTS SECONDS ACKED\n"
			"       loadgen verify KAOPING DB PORT TOKEN ACKED\n"
			"       loadgen hostile PORT TOKEN PATH SECONDS BIG BIG_MB SLOW\n");
	return 2;
}
