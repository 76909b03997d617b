/* Private to src/serve: live push. Server-Sent Events subscribers
 * (GET /api/v1/stream) and long-poll waiters (GET /api/v1/feed) get the
 * store's events in sequence order, filtered per subscriber. Each subscriber
 * has a bounded output buffer: one that cannot keep up is cut off, and
 * resumes with Last-Event-ID without a gap. */
#ifndef OW_PUSH_H
#define OW_PUSH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct event_base;
struct evhttp_request;
struct pool;
struct push;

/* Which events a subscriber wants; strings are owned by the subscriber. */
struct push_filter {
	char *source;
	char *section;
	char *query;
	enum priority priority; /* at least this urgent; NONE any */
};

/* Without a pool the store s is read on the loop thread; with one, s is
 * NULL and catch-up and long-poll reads go to the pool's EVENTS lane. seq
 * is the newest event there is now. */
struct push *push_new(struct event_base *base, struct store *s,
		      struct pool *pool, int64_t seq, int heartbeat_seconds,
		      size_t max_buffer);
void push_free(struct push *p);
/* Starts an SSE stream on req, first replaying the events after `after`.
 * Takes ownership of the filter's strings. */
void push_subscribe(struct push *p, struct evhttp_request *req,
		    struct push_filter *f, int64_t after);
/* Parks a long-poll request until an event after `after` (answered with the
 * events) or `wait` seconds (answered with none). */
void push_wait(struct push *p, struct evhttp_request *req, int64_t after,
	       int wait_seconds, int limit);
/* Whether each of a batch of events passes each subscriber filter that has
 * words (q=): matching words asks the store, so with a pool it is worked
 * out on a worker before delivery. Taken on the loop thread (the distinct
 * word filters of the subscribers that are caught up; NULL when none),
 * filled on a worker, read by push_deliver. */
struct push_match;
struct push_match *push_match_take(const struct push *p);
void push_match_fill(struct push_match *m, struct store *s,
		     const struct store_event *ev, size_t n);
void push_match_free(struct push_match *m);
/* Delivers events (oldest first) to everyone whose filter takes them. m
 * (NULL: none) answers the word filters; a subscriber whose words it does
 * not answer is caught up from the store instead (without a pool the
 * store is asked directly). */
void push_deliver(struct push *p, const struct store_event *ev, size_t n,
		  const struct push_match *m);
/* Numbers for health checks and benchmarks. */
size_t push_subscribers(const struct push *p);
/* The JSON text of one event, as both SSE and the feed send it (malloc'd). */
char *push_event_json(const struct store_event *e);

#endif
