/* Private to src/serve: the route table and the context routes share. Routes
 * are the one place where HTTP meets the wire domain. */
#ifndef OW_ROUTES_H
#define OW_ROUTES_H

#include <event2/event.h>
#include <event2/http.h>

#include "serve/http.h"
#include "serve/serve.h"

struct server {
	struct event_base *base;
	struct evhttp *http;
	struct store *store;
	const struct serve_config *cfg;
	struct event *release_timer;
	int64_t release_at; /* when the timer fires; 0 idle */
};

/* A matched route gets the path segments after its prefix. */
struct route_args {
	struct server *srv;
	struct evhttp_request *req;
	const char *seg[4]; /* path segments (borrowed) */
	int nseg;
};

typedef void (*route_fn)(const struct route_args *a);

void route_stories(const struct route_args *a);
void route_story(const struct route_args *a);
void route_story_versions(const struct route_args *a);
void route_story_version(const struct route_args *a);
void route_ticker(const struct route_args *a);
void route_ingest(const struct route_args *a);
void route_healthz(const struct route_args *a);

/* Re-arms the embargo timer for the store's next release (routes call it
 * after an ingest). */
void server_schedule_release(struct server *srv);
/* Seconds since the epoch, UTC. */
int64_t server_now(void);

#endif
