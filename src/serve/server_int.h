/* Private to server.c and server_jobs.c: what the dispatcher hands to the
 * database workers, and the reads of the event log whose results the loop
 * thread delivers. */
#ifndef OW_SERVER_INT_H
#define OW_SERVER_INT_H

#include "serve/pool.h"
#include "serve/routes.h"

#define PATH_MAX_LEN 1024

/* A read of the event log (after a write, a notification, a release, or
 * to bring the node up to a client's seq), done on a worker and delivered
 * on the loop thread by server_deliver. */
struct pump_read {
	int64_t after;            /* in: events after this seq */
	bool want_release;        /* in: also read the next embargo time */
	struct push_match *match; /* in (owned): the subscribers' words */
	struct arena *ar;
	struct store_event *ev; /* oldest first (malloc'd; strings in ar) */
	size_t n;
	bool more;   /* stopped at the bound: read again */
	bool failed; /* the store failed (err says why) */
	struct ow_err err;
	int64_t next_release; /* with want_release: 0 none or unknown */
};

/* Worker side: fills pr from the store. */
void pump_read(struct store *s, struct pump_read *pr);
/* Loop thread: hands the events to push, moves srv->seq, re-arms the
 * embargo timer; frees what pr holds. */
void server_deliver(struct server *srv, struct pump_read *pr);
void pump_read_free(struct pump_read *pr);

/* The embargo timer, armed for `when` unless it is due sooner (0: none). */
void server_arm_release(struct server *srv, int64_t when);
/* The embargo timer's callback (also run once at start). */
void server_on_release(evutil_socket_t fd, short what, void *arg);
/* Watches the store's notification descriptor: without a pool from the
 * loop's handle, with one from the EVENTS worker's (at start, before any
 * job). Also the retry timer's callback. */
void server_watch_notify(struct server *srv);
void server_on_notify(evutil_socket_t fd, short what, void *arg);

/* Hands a matched route to a worker of `lane` with a copy of the request;
 * the reply goes out on the loop thread when it is done. path holds the
 * segments a->seg point into. */
void server_defer(struct server *srv, route_fn fn, enum pool_lane lane,
		  const struct route_args *a, const char *path);
/* With a pool, a request naming a seq beyond this node's (Offwire-Seq):
 * the log is read up to it on the EVENTS worker, then the request is
 * dispatched (server_route). False when that could not be started. */
bool server_pump_then(struct server *srv, struct evhttp_request *req);
/* Without a pool: the pump a write asked for (route_after_write), run by
 * its timer on the next turn of the loop, or at once by a request that
 * comes before it. */
void server_on_pump_soon(evutil_socket_t fd, short what, void *arg);
void server_pump_due(struct server *srv);
/* Dispatches a request to its route (server.c). */
void server_route(struct server *srv, struct evhttp_request *req);

#endif
