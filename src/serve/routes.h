/* Private to src/serve: the route table and the context routes share. Routes
 * are the one place where HTTP meets the wire domain. */
#ifndef OW_ROUTES_H
#define OW_ROUTES_H

#include <event2/event.h>
#include <event2/http.h>

#include "render/search_results.h"
#include "serve/http.h"
#include "serve/serve.h"

struct push;
struct cache;
struct pool;

/* The loop thread's state. Routes on a worker read only srv->cfg (fixed
 * while serving) and pass srv->cache to cache_send (which, there, only
 * notes); everything else they need comes in route_args. */
struct server {
	struct event_base *base;
	struct evhttp *http;
	struct store *store; /* without a pool: the loop thread's handle;
			      * with one, the WRITE worker's */
	const struct serve_config *cfg;
	struct pool *pool; /* database workers; NULL: the store is called
			    * on the loop thread (SQLite) */
	int64_t floor;     /* pool: the newest seq known committed */
	struct event *release_timer;
	int64_t release_at;  /* when the timer fires; 0 idle */
	struct push *push;   /* SSE subscribers and long-poll waiters */
	struct cache *cache; /* rendered responses, valid while seq holds */
	int64_t seq;         /* the newest event this node has seen */
	int64_t seq_at;      /* when it happened (Last-Modified) */
	/* other nodes' commits (PostgreSQL): the store's notification
	 * descriptor and, while it cannot be had, a timer to try again */
	struct event *notify_ev, *notify_retry;
	int notify_fd;
	bool notify_busy;                 /* pool: a notification job is out */
	bool release_busy, release_again; /* pool: a release job is out,
					   * and another is wanted after */
	struct event *pump_soon;          /* no pool: the pump after a write */
};

struct route_job;

/* What a route gets: the exchange, the store handle of the thread it runs
 * on, the path segments after its prefix, and the node's state when the
 * request came (a route on a worker must not read srv's). */
struct route_args {
	struct server *srv;
	struct store *store;
	struct http_exchange *x;
	const char *seg[4]; /* path segments (borrowed) */
	int nseg;
	int64_t seq, seq_at;   /* the newest event this node had seen, and
			      * its time */
	size_t subscribers;    /* push subscribers then */
	struct route_job *job; /* on a worker: what follows the reply */
};

typedef void (*route_fn)(const struct route_args *a);
/* A route's part that needs no store (the response cache, a static
 * asset): run on the loop thread first; true when it answered. */
typedef bool (*route_front_fn)(const struct route_args *a);

void route_stories(const struct route_args *a);
void route_story(const struct route_args *a);
void route_story_versions(const struct route_args *a);
void route_story_version(const struct route_args *a);
void route_story_diff(const struct route_args *a);
void route_ticker(const struct route_args *a);
void route_cluster(const struct route_args *a);
void route_advisories(const struct route_args *a);
void route_held(const struct route_args *a);
void route_quarantine(const struct route_args *a);
void route_quarantine_raw(const struct route_args *a);
void route_ingest(const struct route_args *a);
void route_healthz(const struct route_args *a);
void route_livez(const struct route_args *a);
void route_stream(const struct route_args *a);
void route_feed(const struct route_args *a);
/* The site (routes_site.c) and the feeds (routes_feeds.c). */
void route_home(const struct route_args *a);
void route_section(const struct route_args *a);
void route_source(const struct route_args *a);
void route_story_page(const struct route_args *a);
void route_story_history_page(const struct route_args *a);
void route_search_page(const struct route_args *a);
void route_font_pref(const struct route_args *a);
bool route_font_pref_front(const struct route_args *a);
void route_static(const struct route_args *a);
bool route_static_front(const struct route_args *a);
void route_embed_ticker(const struct route_args *a);
void route_embed_script(const struct route_args *a);
/* An HTML 404 page for paths outside /api/ that no route knows. */
void route_site_not_found(const struct route_args *a);
void route_feed_atom(const struct route_args *a);
void route_feed_rss(const struct route_args *a);
/* The cache lookups of the cached routes (their fronts). */
bool route_front_cached(const struct route_args *a);
bool route_page_front(const struct route_args *a);
bool route_feed_front(const struct route_args *a);
bool route_embed_ticker_front(const struct route_args *a);
bool route_embed_script_front(const struct route_args *a);

/* Shared route helpers (routes_common.c). Each answers the request itself
 * (400/404/410) and returns false when the route must stop. */
bool route_parse_id(const char *s, int64_t *out);
bool route_int_param(struct http_exchange *x, const struct http_query *q,
		     const char *name, int lo, int hi, int *out);
bool route_time_param(struct http_exchange *x, const struct http_query *q,
		      const char *name, int64_t *out);
bool route_bad_query(struct http_exchange *x, struct http_query *q);
void route_store_error(struct http_exchange *x, const struct ow_err *err);
/* A story a subscriber may see: live answers true; killed answers 410 with
 * the notice; embargoed, held and advisory-only answer 404. */
bool route_load_visible(const struct route_args *a, int64_t id,
			struct arena *ar, struct story *st);
/* Its versions, without those still under embargo, oldest first. */
bool route_load_versions(const struct route_args *a, int64_t id,
			 struct arena *ar, struct version ***vs, size_t *n);
/* Answers from the response cache when it holds this URI (+ variant) at the
 * current seq; true when it answered. Loop thread (fronts) only. */
bool route_cached(const struct route_args *a, const char *variant);
/* Sends j (takes it) and keeps it in the response cache. */
void route_send_json_cached(const struct route_args *a, const char *variant,
			    int status, json_t *j);
/* The desk's routes need the ingest token: 0 when allowed, else answers
 * 401/403 itself. */
int route_check_token(const struct route_args *a);

/* Search (routes_search.c): the parameters of a search request (q, source,
 * section, language, priority, since, until, sort, limit, cursor, facets)
 * read and checked, the query parsed. On false, err says what is wrong;
 * bad_query means the query itself, err.offset its byte in p.q (for the
 * site to point at). Strings are borrowed from hq or live in ar. */
struct route_search {
	struct store_search q;
	struct search_params p;
	const char *canonical; /* the query as parsed, fully written out */
	struct ow_err err;
	bool bad_query;
};
bool route_search_read(const struct http_query *hq, struct arena *ar,
		       struct route_search *r);
/* GET /api/v1/stories with q: ranked hits, total, facets, next. */
void route_search_stories(const struct route_args *a,
			  const struct http_query *hq);

/* After a route committed copy up to `seq`: the new events reach push
 * subscribers and the embargo timer is re-armed before the reply goes out
 * (in place on the loop thread; from a worker, the worker reads them and
 * the loop thread delivers them as it sends the reply). */
void route_after_write(const struct route_args *a, int64_t seq);

/* Reads the events the store has after srv->seq and hands them to push
 * subscribers and waiting pollers (no pool: in place). */
void server_pump(struct server *srv);

/* Re-arms the embargo timer for the store's next release (no pool). */
void server_schedule_release(struct server *srv);
/* Seconds since the epoch, UTC (any thread). */
int64_t server_now(void);
/* Whether the clock is a test's (OFFWIRE_TEST_CLOCK). */
bool server_test_clock(void);

#endif
