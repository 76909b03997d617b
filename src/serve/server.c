/* The server: libevent loop, listener, the route table and dispatch (to a
 * route's front on the loop thread, then in place or to a database
 * worker), start and shutdown. The pump, the embargo timer and the watch on
 * other nodes' commits are in server_jobs.c. */
#include "serve/server_int.h"

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
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/keyvalq_struct.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SEG_MAX 8

/* The server's clock is the system clock, unless OFFWIRE_TEST_CLOCK names a
 * file holding unix seconds: then that file is the clock, read on each call,
 * so tests can move time past an embargo. The variable is read once, at
 * start (serve_run, before any worker thread). */
static const char *clock_path;
static bool clock_checked;

static void clock_init(void)
{
	if (!clock_checked) {
		clock_path = getenv("OFFWIRE_TEST_CLOCK");
		clock_checked = true;
	}
}

bool server_test_clock(void)
{
	clock_init();
	return clock_path && *clock_path;
}

int64_t server_now(void)
{
	if (server_test_clock()) {
		FILE *f = fopen(clock_path, "r");
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

/* ------------------------------------------------------------- dispatch */

/* Where a route runs: on the loop thread (it never calls the store, or only
 * through push, which has its own workers' lane), or with a pool on a READ
 * or the WRITE worker. Without a pool every route runs on the loop. */
enum route_where {
	ON_READ = POOL_READ,
	ON_WRITE = POOL_WRITE,
	ON_LOOP = POOL_LANES,
};

struct route {
	enum evhttp_cmd_type method;
	const char *pattern; /* segments; "*" matches one segment */
	route_fn fn;
	route_front_fn front; /* NULL: none */
	enum route_where where;
};

static const struct route routes[] = {
	{EVHTTP_REQ_GET, "/api/v1/stories", route_stories, route_front_cached,
	 ON_READ},
	{EVHTTP_REQ_GET, "/api/v1/stories/*", route_story, NULL, ON_READ},
	{EVHTTP_REQ_GET, "/api/v1/stories/*/versions", route_story_versions,
	 NULL, ON_READ},
	{EVHTTP_REQ_GET, "/api/v1/stories/*/versions/*", route_story_version,
	 NULL, ON_READ},
	{EVHTTP_REQ_GET, "/api/v1/stories/*/diff", route_story_diff, NULL,
	 ON_READ},
	{EVHTTP_REQ_GET, "/api/v1/ticker", route_ticker, route_front_cached,
	 ON_READ},
	{EVHTTP_REQ_GET, "/api/v1/clusters/*", route_cluster,
	 route_front_cached, ON_READ},
	{EVHTTP_REQ_GET, "/api/v1/advisories", route_advisories, NULL, ON_READ},
	{EVHTTP_REQ_GET, "/api/v1/held", route_held, NULL, ON_READ},
	{EVHTTP_REQ_GET, "/api/v1/quarantine", route_quarantine, NULL, ON_READ},
	{EVHTTP_REQ_GET, "/api/v1/quarantine/*/raw", route_quarantine_raw, NULL,
	 ON_READ},
	{EVHTTP_REQ_POST, "/api/v1/ingest", route_ingest, NULL, ON_WRITE},
	{EVHTTP_REQ_GET, "/api/v1/stream", route_stream, NULL, ON_LOOP},
	{EVHTTP_REQ_GET, "/api/v1/feed", route_feed, NULL, ON_LOOP},
	{EVHTTP_REQ_GET, "/healthz", route_healthz, NULL, ON_READ},
	{EVHTTP_REQ_GET, "/livez", route_livez, NULL, ON_LOOP},
	/* the site */
	{EVHTTP_REQ_GET, "/", route_home, route_page_front, ON_READ},
	{EVHTTP_REQ_GET, "/sections/*", route_section, route_page_front,
	 ON_READ},
	{EVHTTP_REQ_GET, "/sources/*", route_source, route_page_front, ON_READ},
	{EVHTTP_REQ_GET, "/stories/*", route_story_page, route_page_front,
	 ON_READ},
	{EVHTTP_REQ_GET, "/stories/*/history", route_story_history_page,
	 route_page_front, ON_READ},
	{EVHTTP_REQ_GET, "/search", route_search_page, route_page_front,
	 ON_READ},
	{EVHTTP_REQ_GET, "/prefs/font", route_font_pref, route_font_pref_front,
	 ON_READ},
	{EVHTTP_REQ_GET, "/static/*", route_static, route_static_front,
	 ON_READ},
	{EVHTTP_REQ_GET, "/embed/ticker", route_embed_ticker,
	 route_embed_ticker_front, ON_READ},
	{EVHTTP_REQ_GET, "/embed/ticker.js", route_embed_script,
	 route_embed_script_front, ON_READ},
	/* feeds */
	{EVHTTP_REQ_GET, "/feeds/atom", route_feed_atom, route_feed_front,
	 ON_READ},
	{EVHTTP_REQ_GET, "/feeds/rss", route_feed_rss, route_feed_front,
	 ON_READ},
};

/* A path outside /api/ that no route knows: an HTML page (it shows the
 * site's chrome, so it reads the store). */
static const struct route not_found_page = {
	EVHTTP_REQ_GET, "", route_site_not_found, NULL, ON_READ};

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

/* Matches a pattern against segments, walking the pattern where it lies
 * (this runs for every route on every request); wildcards go to out. */
static bool match(const char *pattern, char **seg, int nseg, const char **out,
		  int max_out, int *nout)
{
	const char *p = pattern;
	int i = 0;
	*nout = 0;
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			return i == nseg;
		const char *end = p + strcspn(p, "/");
		size_t len = (size_t)(end - p);
		if (i == nseg)
			return false;
		if (len == 1 && *p == '*') {
			if (*nout < max_out)
				out[(*nout)++] = seg[i];
		} else if (strncmp(p, seg[i], len) || seg[i][len]) {
			return false;
		}
		i++;
		p = end;
	}
}

/* Runs a matched route: its front on the loop thread, then the rest in
 * place or on a worker. */
static void run(struct server *srv, const struct route *r, struct route_args *a,
		const char *path)
{
	if (r->front && r->front(a))
		return;
	if (!srv->pool || r->where == ON_LOOP) {
		r->fn(a);
		return;
	}
	server_defer(srv, r->fn, (enum pool_lane)r->where, a, path);
}

void server_route(struct server *srv, struct evhttp_request *req)
{
	struct http_exchange x;
	http_exchange_direct(&x, req);
	char path[PATH_MAX_LEN];
	if (!http_path(&x, path, sizeof path)) {
		http_send_error(&x, 400, "bad_request",
				"the request path is malformed or too long");
		return;
	}
	char *seg[SEG_MAX];
	int nseg = split(path, seg, SEG_MAX);
	enum evhttp_cmd_type m = evhttp_request_get_command(req);
	bool head = m == EVHTTP_REQ_HEAD;
	struct route_args a = {.srv = srv,
			       .store = srv->pool ? NULL : srv->store,
			       .x = &x,
			       .seq = srv->seq,
			       .seq_at = srv->seq_at,
			       .subscribers = push_subscribers(srv->push)};
	char allow[64] = "";
	for (size_t i = 0; nseg >= 0 && i < sizeof routes / sizeof *routes;
	     i++) {
		if (!match(routes[i].pattern, seg, nseg, a.seg,
			   (int)(sizeof a.seg / sizeof *a.seg), &a.nseg))
			continue;
		if (routes[i].method == m ||
		    (head && routes[i].method == EVHTTP_REQ_GET)) {
			run(srv, &routes[i], &a, path);
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
		http_add_header(&x, "Allow", allow);
		char detail[128];
		snprintf(detail, sizeof detail,
			 "%s is not allowed here; use %s", http_method_name(m),
			 allow);
		http_send_error(&x, 405, "method_not_allowed", detail);
		return;
	}
	if ((m == EVHTTP_REQ_GET || head) &&
	    (nseg < 1 || strcmp(seg[0], "api") != 0)) {
		/* a person followed a bad link: a page, not JSON */
		a.nseg = 0;
		run(srv, &not_found_page, &a, path);
		return;
	}
	http_send_error(&x, 404, "not_found", "no such resource");
}

static void dispatch(struct evhttp_request *req, void *arg)
{
	struct server *srv = arg;
	server_pump_due(srv);
	/* read-your-writes across nodes: a client that ingested on another
	 * node names the seq it was answered, and this node reads at least
	 * that far (from the primary if its replica is behind) before it
	 * answers, caches included (docs/operations.md) */
	const char *floor_h = evhttp_find_header(
		evhttp_request_get_input_headers(req), "Offwire-Seq");
	int64_t floor;
	if (floor_h && str_parse_i64(floor_h, &floor) && floor > srv->seq) {
		if (!srv->pool) {
			store_read_floor(srv->store, floor);
			server_pump(srv);
		} else {
			if (floor > srv->floor) {
				srv->floor = floor;
				pool_raise_floor(srv->pool, floor);
			}
			if (server_pump_then(srv, req))
				return; /* routed once the log is read */
		}
	}
	server_route(srv, req);
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

/* The loop. epoll's changelist: evhttp turns a connection's read and
 * write interest off and on around every request; with the changelist
 * those changes are made once per loop turn, and one undone within the
 * turn costs no system call at all. Not with database workers: the loop
 * stops watching the LISTEN connection's socket before a worker may close
 * it (a reconnect), and a deferred change would reach epoll after the
 * close (ThreadSanitizer saw it). */
static struct event_base *new_base(bool changelist)
{
	struct event_config *ec = event_config_new();
	if (!ec)
		return NULL;
	if (changelist)
		event_config_set_flag(ec, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
	struct event_base *b = event_base_new_with_config(ec);
	event_config_free(ec);
	return b ? b : event_base_new();
}

/* A connection's buffers. libevent writes at most 16 KiB a turn by
 * default, so a 78 KB feed took five turns of the loop; one write of what
 * the socket takes is what the kernel wants. */
static struct bufferevent *new_connection(struct event_base *base, void *arg)
{
	(void)arg;
	struct bufferevent *bev =
		bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (bev)
		bufferevent_set_max_single_write(bev, 1 << 20);
	return bev;
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
	int workers = cfg->db_workers;
	if (workers < 0) /* the backend's default */
		workers = strcmp(store_backend_name(s), "sqlite") ? 4 : 0;
	bool pooled = workers > 0 && cfg->db_uri;
	srv.base = new_base(!pooled);
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
	evhttp_set_bevcb(srv.http, new_connection, NULL);
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
	srv.release_timer = evtimer_new(srv.base, server_on_release, &srv);
	srv.notify_fd = -1;
	srv.notify_retry = evtimer_new(srv.base, server_on_notify, &srv);
	srv.pump_soon = evtimer_new(srv.base, server_on_pump_soon, &srv);
	clock_init(); /* reads its environment once, before any thread */
	struct ow_err serr = {0};
	store_last_seq(s, &srv.seq, &serr);
	srv.seq_at = server_now();
	srv.floor = srv.seq;
	if (pooled) {
		/* the environment is not thread-safe: text/time.c sets and
		 * restores TZ around a zone lookup (on the writer, parsing
		 * copy) while libpq reads it to connect (on the others). With
		 * TZ present from the start, those are replacements in place,
		 * never a reallocation under a reader; ":/etc/localtime" is
		 * what an unset TZ means */
		if (!getenv("TZ"))
			setenv("TZ", ":/etc/localtime", 0);
		struct pool_config pc = {.uri = cfg->db_uri,
					 .read_uri = cfg->db_read_uri,
					 .store = cfg->store_cfg,
					 .readers = workers,
					 .writer = s};
		int rc = pool_new(srv.base, &pc, &srv.pool, err);
		if (rc) {
			event_free(srv.release_timer);
			event_free(srv.notify_retry);
			event_free(srv.pump_soon);
			evhttp_free(srv.http);
			event_base_free(srv.base);
			return rc;
		}
		pool_raise_floor(srv.pool, srv.floor);
	}
	srv.push = push_new(srv.base, srv.pool ? NULL : s, srv.pool, srv.seq,
			    cfg->heartbeat > 0 ? cfg->heartbeat : 15,
			    cfg->push_buffer ? cfg->push_buffer : 256 * 1024);
	srv.cache = cache_new(64u << 20);
	struct event *sigint =
		evsignal_new(srv.base, SIGINT, on_signal, srv.base);
	struct event *sigterm =
		evsignal_new(srv.base, SIGTERM, on_signal, srv.base);
	evsignal_add(sigint, NULL);
	evsignal_add(sigterm, NULL);
	/* a release that fell due while we were down happens now */
	server_on_release(-1, 0, &srv);
	server_watch_notify(&srv);
	printf("offwire listening on http://%s:%u\n", host, port);
	fflush(stdout);
	event_base_dispatch(srv.base);
	/* the workers first: their completions still reply, deliver and
	 * re-arm timers */
	pool_free(srv.pool);
	event_free(sigint);
	event_free(sigterm);
	event_free(srv.release_timer);
	if (srv.notify_ev)
		event_free(srv.notify_ev);
	event_free(srv.notify_retry);
	event_free(srv.pump_soon);
	push_free(srv.push);
	cache_free(srv.cache);
	evhttp_free(srv.http);
	event_base_free(srv.base);
	return 0;
}
