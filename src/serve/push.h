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
struct push;

/* Which events a subscriber wants; strings are owned by the subscriber. */
struct push_filter {
	char *source;
	char *section;
	char *query;
	enum priority priority; /* at least this urgent; NONE any */
};

struct push *push_new(struct event_base *base, struct store *s,
		      int heartbeat_seconds, size_t max_buffer);
void push_free(struct push *p);
/* Starts an SSE stream on req, first replaying the events after `after`.
 * Takes ownership of the filter's strings. */
void push_subscribe(struct push *p, struct evhttp_request *req,
		    struct push_filter *f, int64_t after);
/* Parks a long-poll request until an event after `after` (answered with the
 * events) or `wait` seconds (answered with none). */
void push_wait(struct push *p, struct evhttp_request *req, int64_t after,
	       int wait_seconds, int limit);
/* Delivers events (oldest first) to everyone whose filter takes them. */
void push_deliver(struct push *p, const struct store_event *ev, size_t n);
/* Numbers for health checks and benchmarks. */
size_t push_subscribers(const struct push *p);
/* The JSON text of one event, as both SSE and the feed send it (malloc'd). */
char *push_event_json(const struct store_event *e);

#endif
