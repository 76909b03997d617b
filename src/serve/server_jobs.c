/* What the server does besides dispatching: reading the event log into
 * push (the pump), the watch on other nodes' commits, the embargo timer,
 * and the requests handed to database workers.
 *
 * Without a pool (SQLite) each of these calls the store in place on the
 * loop thread. With one, the store is only ever called on a worker: a job
 * reads, the loop thread delivers. The order that matters is kept: after
 * a write the new events reach subscribers and move the node's seq (and so
 * the response cache) before the writer's reply is sent, as before. */
#include "serve/server_int.h"

#include "serve/cache.h"
#include "serve/push.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PUMP_PAGE 500
#define PUMP_PAGES 20 /* pages one job reads before handing back */

/* ------------------------------------------------------------------ pump */

void server_pump(struct server *srv)
{
	for (int guard = 0; guard < 1000; guard++) {
		struct arena *a = arena_new();
		struct store_event *ev;
		size_t n = 0;
		struct ow_err err = {0};
		if (!a || store_events_after(srv->store, srv->seq, PUMP_PAGE, a,
					     &ev, &n, &err)) {
			if (a)
				fprintf(stderr, "offwire: reading events: %s\n",
					err.msg);
			arena_free(a);
			return;
		}
		if (n) {
			srv->seq = ev[n - 1].seq;
			srv->seq_at = ev[n - 1].at;
			push_deliver(srv->push, ev, n, NULL);
		}
		arena_free(a);
		if (n < PUMP_PAGE)
			return;
	}
}

void pump_read(struct store *s, struct pump_read *pr)
{
	pr->ar = arena_new();
	if (!pr->ar) {
		pr->failed = true;
		ow_err_set(&pr->err, OW_ENOMEM, "out of memory");
		return;
	}
	int64_t after = pr->after;
	size_t cap = 0;
	for (int page = 0; page < PUMP_PAGES; page++) {
		struct store_event *ev;
		size_t n = 0;
		if (store_events_after(s, after, PUMP_PAGE, pr->ar, &ev, &n,
				       &pr->err)) {
			pr->failed = true;
			break;
		}
		if (pr->n + n > cap) {
			size_t nc = cap ? cap * 2 : PUMP_PAGE;
			while (nc < pr->n + n)
				nc *= 2;
			struct store_event *grown =
				realloc(pr->ev, nc * sizeof *grown);
			if (!grown) {
				pr->failed = true;
				ow_err_set(&pr->err, OW_ENOMEM,
					   "out of memory");
				break;
			}
			pr->ev = grown;
			cap = nc;
		}
		if (n) {
			memcpy(pr->ev + pr->n, ev, n * sizeof *ev);
			pr->n += n;
			after = ev[n - 1].seq;
		}
		pr->more = n == PUMP_PAGE && page == PUMP_PAGES - 1;
		if (n < PUMP_PAGE)
			break;
	}
	push_match_fill(pr->match, s, pr->ev, pr->n);
	if (pr->want_release) {
		struct ow_err err = {0};
		if (store_next_release(s, &pr->next_release, &err))
			pr->next_release = 0;
	}
}

void pump_read_free(struct pump_read *pr)
{
	push_match_free(pr->match);
	arena_free(pr->ar);
	free(pr->ev);
	pr->match = NULL;
	pr->ar = NULL;
	pr->ev = NULL;
	pr->n = 0;
}

struct pump_job {
	struct pool_job job;
	struct server *srv;
	struct pump_read pr;
	struct evhttp_request *then; /* a request waiting for the read */
};

static void pump_work(struct pool_job *j, struct store *s)
{
	pump_read(s, &((struct pump_job *)j)->pr);
}

static bool pump_submit(struct server *srv, struct evhttp_request *then);

static void pump_done(struct pool_job *j, bool ran)
{
	struct pump_job *pj = (struct pump_job *)j;
	struct server *srv = pj->srv;
	if (ran) {
		server_deliver(srv, &pj->pr);
		if (pj->then)
			server_route(srv, pj->then);
	} else {
		pump_read_free(&pj->pr);
		if (pj->then) {
			struct http_exchange x;
			http_exchange_direct(&x, pj->then);
			http_send_error(&x, 503, "unavailable",
					"the server is stopping");
		}
	}
	free(pj);
}

static bool pump_submit(struct server *srv, struct evhttp_request *then)
{
	struct pump_job *pj = calloc(1, sizeof *pj);
	if (!pj)
		return false;
	pj->job.work = pump_work;
	pj->job.done = pump_done;
	pj->srv = srv;
	pj->then = then;
	pj->pr.after = srv->seq;
	pj->pr.match = push_match_take(srv->push);
	if (!pool_submit(srv->pool, POOL_EVENTS, &pj->job)) {
		pump_read_free(&pj->pr);
		free(pj);
		return false;
	}
	return true;
}

bool server_pump_then(struct server *srv, struct evhttp_request *req)
{
	return pump_submit(srv, req);
}

void server_deliver(struct server *srv, struct pump_read *pr)
{
	if (pr->failed && pr->err.code)
		fprintf(stderr, "offwire: reading events: %s\n", pr->err.msg);
	if (pr->n && pr->ev[pr->n - 1].seq > srv->seq) {
		srv->seq = pr->ev[pr->n - 1].seq;
		srv->seq_at = pr->ev[pr->n - 1].at;
		if (srv->seq > srv->floor) {
			srv->floor = srv->seq;
			pool_raise_floor(srv->pool, srv->floor);
		}
		push_deliver(srv->push, pr->ev, pr->n, pr->match);
	}
	if (pr->want_release)
		server_arm_release(srv, pr->next_release);
	bool more = pr->more;
	pump_read_free(pr);
	if (more)
		pump_submit(srv, NULL);
}

/* --------------------------------------------------------- embargo timer */

void server_arm_release(struct server *srv, int64_t when)
{
	if (!when)
		return;
	if (srv->release_at && srv->release_at <= when)
		return; /* already due sooner */
	int64_t now = server_now();
	struct timeval tv = {when > now ? (time_t)(when - now) : 0, 0};
	/* under a test clock, time jumps: look again every 50 ms */
	if (server_test_clock() && when > now)
		tv = (struct timeval){0, 50000};
	evtimer_add(srv->release_timer, &tv);
	srv->release_at = when;
}

void server_schedule_release(struct server *srv)
{
	int64_t when = 0;
	struct ow_err err = {0};
	if (!store_next_release(srv->store, &when, &err))
		server_arm_release(srv, when);
}

static void log_released(const int64_t *ids, size_t n, int rc,
			 const struct ow_err *err)
{
	if (rc)
		fprintf(stderr, "offwire: embargo release failed: %s\n",
			err->msg);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "offwire: released story %lld from embargo\n",
			(long long)ids[i]);
}

struct release_job {
	struct pool_job job;
	struct server *srv;
	int64_t now;
	int64_t ids[256];
	size_t n;
	int rc;
	struct ow_err err;
	struct pump_read pr;
};

static void release_work(struct pool_job *j, struct store *s)
{
	struct release_job *r = (struct release_job *)j;
	r->rc = store_release_due(s, r->now, r->ids, 256, &r->n, &r->err);
	pump_read(s, &r->pr);
}

static void release_submit(struct server *srv);

static void release_done(struct pool_job *j, bool ran)
{
	struct release_job *r = (struct release_job *)j;
	struct server *srv = r->srv;
	srv->release_busy = false;
	if (ran) {
		log_released(r->ids, r->n, r->rc, &r->err);
		server_deliver(srv, &r->pr);
		if (srv->release_again)
			release_submit(srv);
	} else {
		pump_read_free(&r->pr);
	}
	free(r);
}

/* One release job at a time; a timer that fires meanwhile asks for one
 * more after it (copy filed under embargo while it ran). */
static void release_submit(struct server *srv)
{
	if (srv->release_busy) {
		srv->release_again = true;
		return;
	}
	srv->release_again = false;
	struct release_job *r = calloc(1, sizeof *r);
	if (!r)
		return;
	r->job.work = release_work;
	r->job.done = release_done;
	r->srv = srv;
	r->now = server_now();
	r->pr.after = srv->seq;
	r->pr.want_release = true;
	r->pr.match = push_match_take(srv->push);
	if (!pool_submit(srv->pool, POOL_WRITE, &r->job)) {
		pump_read_free(&r->pr);
		free(r);
		return;
	}
	srv->release_busy = true;
}

void server_on_release(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *srv = arg;
	srv->release_at = 0;
	if (srv->pool) {
		release_submit(srv);
		return;
	}
	int64_t ids[256];
	size_t n = 0;
	struct ow_err err = {0};
	int rc =
		store_release_due(srv->store, server_now(), ids, 256, &n, &err);
	log_released(ids, n, rc, &err);
	if (n)
		server_pump(srv);
	server_schedule_release(srv);
}

/* ------------------------------------------------- other nodes' commits */

/* Watches fd (a new descriptor after a reconnect); while none can be had
 * (OW_EUNAVAIL), a timer tries again. SQLite has none (-1). With a pool
 * the event fires once and is added again when the job that drained it is
 * back, so the loop never reads the connection the worker is using. */
static void watch_fd(struct server *srv, int fd)
{
	if (fd >= 0 && fd == srv->notify_fd && srv->notify_ev) {
		if (srv->pool)
			event_add(srv->notify_ev, NULL);
		return;
	}
	if (srv->notify_ev) {
		event_free(srv->notify_ev);
		srv->notify_ev = NULL;
	}
	srv->notify_fd = fd;
	if (fd >= 0) {
		short what = srv->pool ? EV_READ : EV_READ | EV_PERSIST;
		srv->notify_ev =
			event_new(srv->base, fd, what, server_on_notify, srv);
		if (srv->notify_ev)
			event_add(srv->notify_ev, NULL);
	} else if (fd != -1) {
		struct timeval tv = {0, 500000};
		evtimer_add(srv->notify_retry, &tv);
	}
}

void server_watch_notify(struct server *srv)
{
	struct store *s = srv->pool ? pool_events_store(srv->pool) : srv->store;
	watch_fd(srv, store_notify_fd(s));
}

struct notify_job {
	struct pool_job job;
	struct server *srv;
	int64_t max_seq;
	int fd;
	struct pump_read pr;
};

static void notify_work(struct pool_job *j, struct store *s)
{
	struct notify_job *nj = (struct notify_job *)j;
	struct ow_err err = {0};
	store_notifications(s, &nj->max_seq, &err);
	pump_read(s, &nj->pr);
	nj->fd = store_notify_fd(s);
}

static void notify_done(struct pool_job *j, bool ran)
{
	struct notify_job *nj = (struct notify_job *)j;
	struct server *srv = nj->srv;
	srv->notify_busy = false;
	if (ran) {
		if (nj->max_seq > srv->floor) {
			srv->floor = nj->max_seq;
			pool_raise_floor(srv->pool, srv->floor);
		}
		server_deliver(srv, &nj->pr);
		watch_fd(srv, nj->fd);
	} else {
		pump_read_free(&nj->pr);
	}
	free(nj);
}

/* Another node committed (or the watch came back after an outage, when a
 * notification may have been missed): the event log says what happened,
 * so read it, as after an ingest here. */
void server_on_notify(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *srv = arg;
	if (srv->pool) {
		if (srv->notify_busy)
			return;
		struct notify_job *nj = calloc(1, sizeof *nj);
		if (!nj)
			return;
		nj->job.work = notify_work;
		nj->job.done = notify_done;
		nj->srv = srv;
		nj->pr.after = srv->seq;
		nj->pr.want_release = true; /* copy under embargo? */
		nj->pr.match = push_match_take(srv->push);
		if (srv->notify_ev)
			event_del(srv->notify_ev);
		if (!pool_submit(srv->pool, POOL_EVENTS, &nj->job)) {
			pump_read_free(&nj->pr);
			free(nj);
			return;
		}
		srv->notify_busy = true;
		return;
	}
	int64_t max_seq = 0;
	struct ow_err err = {0};
	store_notifications(srv->store, &max_seq, &err);
	server_pump(srv);
	/* the other node may have filed copy under embargo */
	server_schedule_release(srv);
	server_watch_notify(srv);
}

/* ------------------------------------------------- requests on workers */

struct route_job {
	struct pool_job job;
	struct server *srv;
	route_fn fn;
	struct http_exchange x;
	char path[PATH_MAX_LEN];
	const char *seg[4];
	int nseg;
	int64_t seq, seq_at;
	size_t subscribers;
	bool wrote;
	int64_t committed;
	struct pump_read pr;
};

static void route_work(struct pool_job *j, struct store *s)
{
	struct route_job *rj = (struct route_job *)j;
	struct route_args a = {.srv = rj->srv,
			       .store = s,
			       .x = &rj->x,
			       .nseg = rj->nseg,
			       .seq = rj->seq,
			       .seq_at = rj->seq_at,
			       .subscribers = rj->subscribers,
			       .job = rj};
	memcpy(a.seg, rj->seg, sizeof a.seg);
	rj->fn(&a);
	if (rj->wrote) {
		rj->pr.after = rj->seq;
		rj->pr.want_release = true;
		pump_read(s, &rj->pr);
	}
}

static void route_done(struct pool_job *j, bool ran)
{
	struct route_job *rj = (struct route_job *)j;
	struct server *srv = rj->srv;
	if (!ran) {
		struct evhttp_request *req = rj->x.req;
		http_exchange_free(&rj->x);
		struct http_exchange x;
		http_exchange_direct(&x, req);
		http_send_error(&x, 503, "unavailable",
				"the server is stopping");
	} else {
		if (rj->wrote) {
			if (rj->committed > srv->floor) {
				srv->floor = rj->committed;
				pool_raise_floor(srv->pool, srv->floor);
			}
			server_deliver(srv, &rj->pr);
		}
		cache_finish(srv->cache, &rj->x);
		http_exchange_free(&rj->x);
	}
	pump_read_free(&rj->pr);
	free(rj);
}

void server_defer(struct server *srv, route_fn fn, enum pool_lane lane,
		  const struct route_args *a, const char *path)
{
	struct evhttp_request *req = a->x->req;
	struct route_job *rj = calloc(1, sizeof *rj);
	if (!rj || http_exchange_defer(&rj->x, req)) {
		free(rj);
		http_send_error(a->x, 503, "unavailable", "out of memory");
		return;
	}
	rj->job.work = route_work;
	rj->job.done = route_done;
	rj->srv = srv;
	rj->fn = fn;
	memcpy(rj->path, path, sizeof rj->path);
	for (int i = 0; i < a->nseg && i < 4; i++)
		rj->seg[i] = rj->path + (a->seg[i] - path);
	rj->nseg = a->nseg;
	rj->seq = a->seq;
	rj->seq_at = a->seq_at;
	rj->subscribers = a->subscribers;
	if (lane == POOL_WRITE) /* its events are read after the write */
		rj->pr.match = push_match_take(srv->push);
	if (!pool_submit(srv->pool, lane, &rj->job)) {
		pump_read_free(&rj->pr);
		http_exchange_free(&rj->x);
		free(rj);
		http_add_header(a->x, "Retry-After", "1");
		http_send_error(a->x, 503, "busy",
				"too many requests are waiting for the "
				"database; try again shortly");
	}
}

void route_after_write(const struct route_args *a, int64_t seq)
{
	if (a->job) {
		a->job->wrote = true;
		if (seq > a->job->committed)
			a->job->committed = seq;
		return;
	}
	/* in place (SQLite): the pump runs on the next turn of the loop, once
	 * the writer's reply is out, so that an ingest is acknowledged without
	 * waiting for every subscriber's write (and subscribers start reading
	 * while the rest are written); a request that comes first runs it
	 * (server_pump_due), so a client reads its own writes */
	struct timeval now = {0, 0};
	if (!a->srv->pump_soon || evtimer_add(a->srv->pump_soon, &now))
		server_on_pump_soon(-1, 0, a->srv);
}

void server_on_pump_soon(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *srv = arg;
	server_pump(srv);
	server_schedule_release(srv);
}

void server_pump_due(struct server *srv)
{
	if (srv->pump_soon && evtimer_pending(srv->pump_soon, NULL)) {
		evtimer_del(srv->pump_soon);
		server_on_pump_soon(-1, 0, srv);
	}
}
