/* ssebench: the push benchmark's harness.
 *
 *   ssebench client HOST PORT N ROUNDS TOKEN [SERVER_PID]
 *       opens N Server-Sent Events subscriptions to /api/v1/stream, then
 *       ROUNDS times: POSTs one story to /api/v1/ingest and waits until every
 *       subscriber has received its event. Prints, per round, the time from
 *       the POST to the last delivery; then p50/p99 of those and of every
 *       single delivery; and, given the server's pid, its resident memory
 *       before and after the subscribers connected.
 *
 *   ssebench reference PORT
 *       the reference in the same run: a bare epoll server that speaks just
 *       enough of the same protocol (subscribe, ingest) and writes each event
 *       to every subscriber, with no store, no parsing and no filtering. Its
 *       figures are the floor for this machine and kernel.
 *
 * Linux only (epoll); a benchmark tool, not part of offwire. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void raise_nofile(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static int connect_to(const char *host, int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	inet_pton(AF_INET, host, &a.sin_addr);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a)) {
		perror("connect");
		exit(1);
	}
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return fd;
}

static long rss_kib(int pid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	FILE *f = fopen(path, "r");
	long kib = -1;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "VmRSS:", 6))
			kib = strtol(line + 6, NULL, 10);
	if (f)
		fclose(f);
	return kib;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double pct(double *v, size_t n, double p)
{
	qsort(v, n, sizeof *v, cmp_d);
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

/* POSTs one small story; returns the seq from the 201 answer. */
static long ingest(const char *host, int port, const char *token, int round)
{
	char body[512], req[1024], resp[4096];
	int bl = snprintf(body, sizeof body,
			  "{\"uri\":\"urn:bench:push:%d:%ld\",\"headline\":"
			  "\"Push benchmark story %d\",\"source\":\"Bench\","
			  "\"body_text\":\"One paragraph of text.\"}",
			  round, (long)getpid(), round);
	int rl = snprintf(req, sizeof req,
			  "POST /api/v1/ingest HTTP/1.1\r\nHost: x\r\n"
			  "Authorization: Bearer %s\r\nContent-Length: %d\r\n"
			  "Connection: close\r\n\r\n%s",
			  token, bl, body);
	int fd = connect_to(host, port);
	if (write(fd, req, (size_t)rl) != rl) {
		perror("write");
		exit(1);
	}
	size_t got = 0;
	ssize_t n;
	while (got < sizeof resp - 1 &&
	       (n = read(fd, resp + got, sizeof resp - 1 - got)) > 0)
		got += (size_t)n;
	resp[got] = '\0';
	close(fd);
	char *s = strstr(resp, "\"seq\":");
	if (!strstr(resp, " 201 ") || !s) {
		fprintf(stderr, "ingest failed: %.200s\n", resp);
		exit(1);
	}
	return strtol(s + 6, NULL, 10);
}

struct conn {
	int fd;
	char tail
		[64]; /* the end of what was read, to find "id: N" across reads */
	size_t tl;
	long seen; /* highest event id seen */
};

/* Scans new bytes for "id: N" lines, across read boundaries. */
static void scan(struct conn *c, const char *buf, size_t n)
{
	char tmp[64 + 65536];
	memcpy(tmp, c->tail, c->tl);
	memcpy(tmp + c->tl, buf, n);
	size_t len = c->tl + n;
	tmp[len] = '\0';
	for (char *p = tmp; (p = strstr(p, "id: ")); p += 4) {
		if (p != tmp && p[-1] != '\n')
			continue;
		char *end;
		long id = strtol(p + 4, &end, 10);
		if (*end == '\n' && id > c->seen)
			c->seen = id;
	}
	size_t keep = len < 32 ? len : 32;
	memcpy(c->tail, tmp + len - keep, keep);
	c->tl = keep;
}

static int client(const char *host, int port, int n, int rounds,
		  const char *token, int pid)
{
	raise_nofile();
	long rss0 = pid ? rss_kib(pid) : -1;
	struct conn *c = calloc((size_t)n, sizeof *c);
	int ep = epoll_create1(0);
	const char *get = "GET /api/v1/stream HTTP/1.1\r\nHost: x\r\n\r\n";
	for (int i = 0; i < n; i++) {
		c[i].fd = connect_to(host, port);
		if (write(c[i].fd, get, strlen(get)) < 0) {
			perror("write");
			return 1;
		}
		fcntl(c[i].fd, F_SETFL, O_NONBLOCK);
		struct epoll_event ev = {.events = EPOLLIN,
					 .data.u32 = (uint32_t)i};
		epoll_ctl(ep, EPOLL_CTL_ADD, c[i].fd, &ev);
	}
	/* wait for every subscription's response headers */
	char buf[65536];
	int ready = 0;
	char *hdr = calloc((size_t)n, 1);
	double t_end = now_ms() + 60000;
	struct epoll_event evs[1024];
	while (ready < n && now_ms() < t_end) {
		int k = epoll_wait(ep, evs, 1024, 1000);
		for (int j = 0; j < k; j++) {
			struct conn *x = &c[evs[j].data.u32];
			ssize_t r = read(x->fd, buf, sizeof buf);
			if (r > 0 && !hdr[evs[j].data.u32] &&
			    memmem(buf, (size_t)r, "\r\n\r\n", 4)) {
				hdr[evs[j].data.u32] = 1;
				ready++;
			}
			if (r > 0)
				scan(x, buf, (size_t)r);
		}
	}
	if (ready < n) {
		fprintf(stderr, "only %d of %d subscribed\n", ready, n);
		return 1;
	}
	sleep(1); /* let the server settle before measuring memory */
	long rss1 = pid ? rss_kib(pid) : -1;
	double *last = calloc((size_t)rounds, sizeof *last);
	double *each = calloc((size_t)rounds * (size_t)n, sizeof *each);
	size_t ne = 0;
	for (int r = 0; r < rounds; r++) {
		double t0 = now_ms();
		long seq = ingest(host, port, token, r);
		int done = 0;
		for (int i = 0; i < n; i++)
			if (c[i].seen >= seq)
				each[ne++] = now_ms() - t0, done++;
		while (done < n && now_ms() - t0 < 30000) {
			int k = epoll_wait(ep, evs, 1024, 100);
			for (int j = 0; j < k; j++) {
				struct conn *x = &c[evs[j].data.u32];
				ssize_t got;
				while ((got = read(x->fd, buf, sizeof buf)) >
				       0) {
					long before = x->seen;
					scan(x, buf, (size_t)got);
					if (before < seq && x->seen >= seq) {
						each[ne++] = now_ms() - t0;
						done++;
					}
				}
			}
		}
		if (done < n) {
			fprintf(stderr, "round %d: %d of %d delivered\n", r,
				done, n);
			return 1;
		}
		last[r] = now_ms() - t0;
		usleep(100000);
	}
	printf("subscribers %d rounds %d\n", n, rounds);
	printf("ingest-to-last-delivery ms: p50 %.1f p99 %.1f max %.1f\n",
	       pct(last, (size_t)rounds, 0.5), pct(last, (size_t)rounds, 0.99),
	       pct(last, (size_t)rounds, 1.0));
	printf("every delivery ms: p50 %.1f p99 %.1f\n", pct(each, ne, 0.5),
	       pct(each, ne, 0.99));
	if (pid)
		printf("server rss KiB: before %ld with subscribers %ld; "
		       "per subscriber %.2f KiB\n",
		       rss0, rss1, (double)(rss1 - rss0) / n);
	for (int i = 0; i < n; i++)
		close(c[i].fd);
	return 0;
}

/* ----------------------------------------------------------- reference */

static int reference(int port)
{
	raise_nofile();
	int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 4096)) {
		perror("bind");
		return 1;
	}
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = ls};
	epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
	int cap = 1 << 16;
	char *is_sub = calloc((size_t)cap, 1);
	long seq = 0;
	char buf[65536];
	/* a frame the size offwire sends for the benchmark's story */
	char payload[400];
	memset(payload, 'x', sizeof payload - 1);
	payload[sizeof payload - 1] = '\0';
	for (;;) {
		struct epoll_event evs[256];
		int k = epoll_wait(ep, evs, 256, -1);
		for (int j = 0; j < k; j++) {
			int fd = evs[j].data.fd;
			if (fd == ls) {
				int c = accept(ls, NULL, NULL);
				if (c < 0)
					continue;
				setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one,
					   sizeof one);
				struct epoll_event e2 = {.events = EPOLLIN,
							 .data.fd = c};
				epoll_ctl(ep, EPOLL_CTL_ADD, c, &e2);
				continue;
			}
			ssize_t r = read(fd, buf, sizeof buf - 1);
			if (r <= 0) {
				close(fd);
				if (fd < cap)
					is_sub[fd] = 0;
				continue;
			}
			buf[r] = '\0';
			if (!strncmp(buf, "GET /api/v1/stream", 18)) {
				const char *h =
					"HTTP/1.1 200 OK\r\nContent-Type: "
					"text/event-stream\r\n\r\n";
				if (write(fd, h, strlen(h)) < 0)
					continue;
				if (fd < cap)
					is_sub[fd] = 1;
			} else if (!strncmp(buf, "POST ", 5)) {
				seq++;
				char frame[600], resp[200];
				int fl = snprintf(frame, sizeof frame,
						  "id: %ld\nevent: version\n"
						  "data: %s\n\n",
						  seq, payload);
				char rb[64];
				int rbl = snprintf(rb, sizeof rb,
						   "{\"seq\":%ld}", seq);
				int rl = snprintf(resp, sizeof resp,
						  "HTTP/1.1 201 Created\r\n"
						  "Content-Length: %d\r\n"
						  "Connection: close\r\n\r\n%s",
						  rbl, rb);
				if (write(fd, resp, (size_t)rl) < 0)
					perror("write");
				close(fd);
				for (int s = 0; s < cap; s++)
					if (is_sub[s] &&
					    write(s, frame, (size_t)fl) < 0)
						is_sub[s] = 0;
			}
		}
	}
}

int main(int argc, char **argv)
{
	if (argc >= 7 && !strcmp(argv[1], "client"))
		return client(argv[2], (int)strtol(argv[3], NULL, 10),
			      (int)strtol(argv[4], NULL, 10),
			      (int)strtol(argv[5], NULL, 10), argv[6],
			      argc > 7 ? (int)strtol(argv[7], NULL, 10) : 0);
	if (argc == 3 && !strcmp(argv[1], "reference"))
		return reference((int)strtol(argv[2], NULL, 10));
	fprintf(stderr,
		"usage: ssebench client HOST PORT N ROUNDS TOKEN [PID]\n"
		"       ssebench reference PORT\n");
	return 2;
}
