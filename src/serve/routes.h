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
void route_story_diff(const struct route_args *a);
void route_ticker(const struct route_args *a);
void route_advisories(const struct route_args *a);
void route_held(const struct route_args *a);
void route_quarantine(const struct route_args *a);
void route_quarantine_raw(const struct route_args *a);
void route_ingest(const struct route_args *a);
void route_healthz(const struct route_args *a);

/* Shared route helpers (routes_common.c). Each answers the request itself
 * (400/404/410) and returns false when the route must stop. */
bool route_parse_id(const char *s, int64_t *out);
bool route_int_param(struct evhttp_request *req, const struct http_query *q,
		     const char *name, int lo, int hi, int *out);
bool route_time_param(struct evhttp_request *req, const struct http_query *q,
		      const char *name, int64_t *out);
bool route_bad_query(struct evhttp_request *req, struct http_query *q);
void route_store_error(struct evhttp_request *req, const struct ow_err *err);
/* A story a subscriber may see: live answers true; killed answers 410 with
 * the notice; embargoed, held and advisory-only answer 404. */
bool route_load_visible(const struct route_args *a, int64_t id,
			struct arena *ar, struct story *st);
/* Its versions, without those still under embargo, oldest first. */
bool route_load_versions(const struct route_args *a, int64_t id,
			 struct arena *ar, struct version ***vs, size_t *n);
/* The desk's routes need the ingest token: 0 when allowed, else answers
 * 401/403 itself. */
int route_check_token(const struct route_args *a);

/* Re-arms the embargo timer for the store's next release (routes call it
 * after an ingest). */
void server_schedule_release(struct server *srv);
/* Seconds since the epoch, UTC. */
int64_t server_now(void);

#endif
