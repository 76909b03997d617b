/* The server: libevent loop, listener, dispatch table, embargo timer, and
 * the watch on other nodes' commits. */
#include "serve/routes.h"

#include "common/str.h"
#include "serve/cache.h"
#include "serve/push.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PATH_MAX_LEN 1024
#define SEG_MAX 8

/* The server's clock is the system clock, unless OFFWIRE_TEST_CLOCK names a
 * file holding unix seconds: then that file is the clock, read on each call,
 * so tests can move time past an embargo. */
int64_t server_now(void)
{
	static const char *path;
	static bool checked;
	if (!checked) {
		path = getenv("OFFWIRE_TEST_CLOCK");
		checked = true;
	}
	if (path && *path) {
		FILE *f = fopen(path, "r");
		long long t = 0;
		if (f) {
			if (fscanf(f, "%lld", &t) != 1)
				t = 0;
			fclose(f);
		}
		if (t > 0)
			return (int64_t)t;
	}
	return (int64_t)time(NULL);
}

static bool test_clock(void)
{
	const char *p = getenv("OFFWIRE_TEST_CLOCK");
	return p && *p;
}

/* ------------------------------------------------------------- dispatch */

struct route {
	enum evhttp_cmd_type method;
	const char *pattern; /* segments; "*" matches one segment */
	route_fn fn;
};

static const struct route routes[] = {
	{EVHTTP_REQ_GET, "/api/v1/stories", route_stories},
	{EVHTTP_REQ_GET, "/api/v1/stories/*", route_story},
	{EVHTTP_REQ_GET, "/api/v1/stories/*/versions", route_story_versions},
	{EVHTTP_REQ_GET, "/api/v1/stories/*/versions/*", route_story_version},
	{EVHTTP_REQ_GET, "/api/v1/stories/*/diff", route_story_diff},
	{EVHTTP_REQ_GET, "/api/v1/ticker", route_ticker},
	{EVHTTP_REQ_GET, "/api/v1/clusters/*", route_cluster},
	{EVHTTP_REQ_GET, "/api/v1/advisories", route_advisories},
	{EVHTTP_REQ_GET, "/api/v1/held", route_held},
	{EVHTTP_REQ_GET, "/api/v1/quarantine", route_quarantine},
	{EVHTTP_REQ_GET, "/api/v1/quarantine/*/raw", route_quarantine_raw},
	{EVHTTP_REQ_POST, "/api/v1/ingest", route_ingest},
	{EVHTTP_REQ_GET, "/api/v1/stream", route_stream},
	{EVHTTP_REQ_GET, "/api/v1/feed", route_feed},
	{EVHTTP_REQ_GET, "/healthz", route_healthz},
	/* the site */
	{EVHTTP_REQ_GET, "/", route_home},
	{EVHTTP_REQ_GET, "/sections/*", route_section},
	{EVHTTP_REQ_GET, "/sources/*", route_source},
	{EVHTTP_REQ_GET, "/stories/*", route_story_page},
	{EVHTTP_REQ_GET, "/stories/*/history", route_story_history_page},
	{EVHTTP_REQ_GET, "/search", route_search_page},
	{EVHTTP_REQ_GET, "/prefs/font", route_font_pref},
	{EVHTTP_REQ_GET, "/static/*", route_static},
	{EVHTTP_REQ_GET, "/embed/ticker", route_embed_ticker},
	{EVHTTP_REQ_GET, "/embed/ticker.js", route_embed_script},
	/* feeds */
	{EVHTTP_REQ_GET, "/feeds/atom", route_feed_atom},
	{EVHTTP_REQ_GET, "/feeds/rss", route_feed_rss},
};

static int split(char *path, char **seg, int max)
{
	int n = 0;
	char *p = path;
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		if (n == max)
			return -1;
		seg[n++] = p;
		while (*p && *p != '/')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

/* Matches a pattern against segments; wildcards go to out. */
static bool match(const char *pattern, char **seg, int nseg, const char **out,
		  int *nout)
{
	char pat[128];
	snprintf(pat, sizeof pat, "%s", pattern);
	char *ps[SEG_MAX];
	int np = split(pat, ps, SEG_MAX);
	if (np != nseg)
		return false;
	*nout = 0;
	for (int i = 0; i < np; i++) {
		if (!strcmp(ps[i], "*"))
			out[(*nout)++] = seg[i];
		else if (strcmp(ps[i], seg[i]))
			return false;
	}
	return true;
}

static void dispatch(struct evhttp_request *req, void *arg)
{
	struct server *srv = arg;
	char path[PATH_MAX_LEN];
	if (!http_path(req, path, sizeof path)) {
		http_send_error(req, 400, "bad_request",
				"the request path is malformed or too long");
		return;
	}
	/* read-your-writes across nodes: a client that ingested on another
	 * node names the seq it was answered, and this node reads at least
	 * that far (from the primary if its replica is behind) before it
	 * answers, caches included (docs/operations.md) */
	const char *floor_h = evhttp_find_header(
		evhttp_request_get_input_headers(req), "Offwire-Seq");
	int64_t floor;
	if (floor_h && str_parse_i64(floor_h, &floor) && floor > srv->seq) {
		store_read_floor(srv->store, floor);
		server_pump(srv);
	}
	char *seg[SEG_MAX];
	int nseg = split(path, seg, SEG_MAX);
	enum evhttp_cmd_type m = evhttp_request_get_command(req);
	bool head = m == EVHTTP_REQ_HEAD;
	char allow[64] = "";
	for (size_t i = 0; nseg >= 0 && i < sizeof routes / sizeof *routes;
	     i++) {
		struct route_args a = {.srv = srv, .req = req};
		if (!match(routes[i].pattern, seg, nseg, a.seg, &a.nseg))
			continue;
		if (routes[i].method == m ||
		    (head && routes[i].method == EVHTTP_REQ_GET)) {
			routes[i].fn(&a);
			return;
		}
		size_t l = strlen(allow);
		snprintf(allow + l, sizeof allow - l, "%s%s", l ? ", " : "",
			 http_method_name(routes[i].method));
		if (routes[i].method == EVHTTP_REQ_GET) {
			l = strlen(allow);
			snprintf(allow + l, sizeof allow - l, ", HEAD");
		}
	}
	if (allow[0]) {
		evhttp_add_header(evhttp_request_get_output_headers(req),
				  "Allow", allow);
		char detail[128];
		snprintf(detail, sizeof detail,
			 "%s is not allowed here; use %s", http_method_name(m),
			 allow);
		http_send_error(req, 405, "method_not_allowed", detail);
		return;
	}
	if ((m == EVHTTP_REQ_GET || head) &&
	    (nseg < 1 || strcmp(seg[0], "api") != 0)) {
		/* a person followed a bad link: a page, not JSON */
		struct route_args a = {.srv = srv, .req = req};
		route_site_not_found(&a);
		return;
	}
	http_send_error(req, 404, "not_found", "no such resource");
}

/* --------------------------------------------------------- embargo timer */

static void on_release(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *srv = arg;
	srv->release_at = 0;
	int64_t ids[256];
	size_t n = 0;
	struct ow_err err = {0};
	if (store_release_due(srv->store, server_now(), ids, 256, &n, &err))
		fprintf(stderr, "offwire: embargo release failed: %s\n",
			err.msg);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "offwire: released story %lld from embargo\n",
			(long long)ids[i]);
	if (n)
		server_pump(srv);
	server_schedule_release(srv);
}

void server_schedule_release(struct server *srv)
{
	int64_t when = 0;
	struct ow_err err = {0};
	if (store_next_release(srv->store, &when, &err) || !when)
		return;
	if (srv->release_at && srv->release_at <= when)
		return; /* already due sooner */
	int64_t now = server_now();
	struct timeval tv = {when > now ? (time_t)(when - now) : 0, 0};
	/* under a test clock, time jumps: look again every 50 ms */
	if (test_clock() && when > now)
		tv = (struct timeval){0, 50000};
	evtimer_add(srv->release_timer, &tv);
	srv->release_at = when;
}

/* ------------------------------------------------- other nodes' commits */

static void on_notify(evutil_socket_t fd, short what, void *arg);

/* Watches the store's notification descriptor (PostgreSQL's LISTEN
 * connection). It changes when the connection is opened again; while none
 * can be had, a timer tries again. SQLite has none (-1): nothing to do. */
static void watch_notify(struct server *srv)
{
	int fd = store_notify_fd(srv->store);
	if (fd >= 0 && fd == srv->notify_fd && srv->notify_ev)
		return;
	if (srv->notify_ev) {
		event_free(srv->notify_ev);
		srv->notify_ev = NULL;
	}
	srv->notify_fd = fd;
	if (fd >= 0) {
		srv->notify_ev = event_new(srv->base, fd, EV_READ | EV_PERSIST,
					   on_notify, srv);
		if (srv->notify_ev)
			event_add(srv->notify_ev, NULL);
	} else if (fd != -1) {
		struct timeval tv = {0, 500000};
		evtimer_add(srv->notify_retry, &tv);
	}
}

/* Another node committed (or the watch came back after an outage, when a
 * notification may have been missed): the event log says what happened,
 * so read it, as after an ingest here. */
static void on_notify(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *srv = arg;
	int64_t max_seq = 0;
	struct ow_err err = {0};
	store_notifications(srv->store, &max_seq, &err);
	server_pump(srv);
	/* the other node may have filed copy under embargo */
	server_schedule_release(srv);
	watch_notify(srv);
}

/* ------------------------------------------------------------------ pump */

void server_pump(struct server *srv)
{
	for (int guard = 0; guard < 1000; guard++) {
		struct arena *a = arena_new();
		struct store_event *ev;
		size_t n = 0;
		struct ow_err err = {0};
		if (!a || store_events_after(srv->store, srv->seq, 500, a, &ev,
					     &n, &err)) {
			if (a)
				fprintf(stderr, "offwire: reading events: %s\n",
					err.msg);
			arena_free(a);
			return;
		}
		if (n) {
			srv->seq = ev[n - 1].seq;
			srv->seq_at = ev[n - 1].at;
			push_deliver(srv->push, ev, n);
		}
		arena_free(a);
		if (n < 500)
			return;
	}
}

/* ----------------------------------------------------------------- main */

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	event_base_loopexit(arg, NULL);
}

static bool split_listen(const char *listen, char *host, size_t hn,
			 unsigned *port)
{
	const char *c = strrchr(listen, ':');
	if (!c || c == listen || (size_t)(c - listen) >= hn)
		return false;
	memcpy(host, listen, (size_t)(c - listen));
	host[c - listen] = '\0';
	char *end;
	errno = 0;
	unsigned long p = strtoul(c + 1, &end, 10);
	if (errno || *end || p > 65535 || end == c + 1)
		return false;
	*port = (unsigned)p;
	return true;
}

int serve_run(struct store *s, const struct serve_config *cfg,
	      struct ow_err *err)
{
	char host[256];
	unsigned port;
	if (!split_listen(cfg->listen, host, sizeof host, &port))
		return ow_err_set(err, OW_EINVAL,
				  "--listen wants HOST:PORT, got \"%s\"",
				  cfg->listen);
	signal(SIGPIPE, SIG_IGN);
	/* every push subscriber holds a socket: allow as many as the system
	 * lets this process have */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	struct server srv = {.store = s, .cfg = cfg};
	srv.base = event_base_new();
	srv.http = srv.base ? evhttp_new(srv.base) : NULL;
	if (!srv.http) {
		if (srv.base)
			event_base_free(srv.base);
		return ow_err_set(err, OW_ENOMEM, "cannot create event loop");
	}
	evhttp_set_max_body_size(srv.http, (ev_ssize_t)cfg->max_body);
	evhttp_set_max_headers_size(srv.http, 32 * 1024);
	evhttp_set_timeout(srv.http, 60);
	evhttp_set_allowed_methods(
		srv.http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD |
				  EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE |
				  EVHTTP_REQ_OPTIONS | EVHTTP_REQ_PATCH);
	evhttp_set_gencb(srv.http, dispatch, &srv);
	struct evhttp_bound_socket *sock = evhttp_bind_socket_with_handle(
		srv.http, host, (ev_uint16_t)port);
	if (!sock) {
		evhttp_free(srv.http);
		event_base_free(srv.base);
		return ow_err_set(err, OW_EIO, "cannot listen on %s: %s",
				  cfg->listen, strerror(errno));
	}
	struct sockaddr_storage ss;
	ev_socklen_t sl = sizeof ss;
	evutil_socket_t fd = evhttp_bound_socket_get_fd(sock);
	/* no Nagle: a reply goes out as headers then body, and waiting for the
	 * client's delayed ACK between them capped a large cached response at
	 * one per 40 ms per connection. Accepted sockets inherit the option. */
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
		if (ss.ss_family == AF_INET)
			port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
		else if (ss.ss_family == AF_INET6)
			port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	}
	srv.release_timer = evtimer_new(srv.base, on_release, &srv);
	srv.notify_fd = -1;
	srv.notify_retry = evtimer_new(srv.base, on_notify, &srv);
	struct ow_err serr = {0};
	store_last_seq(s, &srv.seq, &serr);
	srv.seq_at = server_now();
	srv.push =
		push_new(srv.base, s, cfg->heartbeat > 0 ? cfg->heartbeat : 15,
			 cfg->push_buffer ? cfg->push_buffer : 256 * 1024);
	srv.cache = cache_new(64u << 20);
	struct event *sigint =
		evsignal_new(srv.base, SIGINT, on_signal, srv.base);
	struct event *sigterm =
		evsignal_new(srv.base, SIGTERM, on_signal, srv.base);
	evsignal_add(sigint, NULL);
	evsignal_add(sigterm, NULL);
	/* a release that fell due while we were down happens now */
	on_release(-1, 0, &srv);
	watch_notify(&srv);
	printf("offwire listening on http://%s:%u\n", host, port);
	fflush(stdout);
	event_base_dispatch(srv.base);
	event_free(sigint);
	event_free(sigterm);
	event_free(srv.release_timer);
	if (srv.notify_ev)
		event_free(srv.notify_ev);
	event_free(srv.notify_retry);
	push_free(srv.push);
	cache_free(srv.cache);
	evhttp_free(srv.http);
	event_base_free(srv.base);
	return 0;
}
