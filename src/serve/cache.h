/* Private to src/serve: a response cache for the read routes (ticker, pages,
 * feeds). An entry is valid while the store's event sequence is unchanged
 * (every version, kill and release moves it) and for at most a minute (the
 * ticker's priority window expires by the clock alone). Conditional GETs
 * (If-None-Match, If-Modified-Since) are answered 304 from it.
 *
 * Loop thread only: it is looked up before a request is handed to a
 * database worker (a cached response never waits for one), and a worker's
 * cache_send only notes in the exchange what to keep; the loop thread keeps
 * it as it sends the reply (cache_finish). */
#ifndef OW_CACHE_H
#define OW_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct http_exchange;

struct cache;

struct cache *cache_new(size_t max_bytes);
void cache_free(struct cache *c);

/* Serves req from the cache if an entry for its URI (plus `variant`, e.g. a
 * font-size preference) is fresh at `seq`; returns true when it answered. */
bool cache_serve(struct cache *c, struct http_exchange *x, const char *variant,
		 int64_t seq, int64_t now);
/* Sends body (borrowed) and keeps a copy for the next request at `seq`.
 * `last_modified` is the time of the newest content in it (0: unknown).
 * On a deferred exchange (a worker) it only notes the reply; c is not
 * touched. */
void cache_send(struct cache *c, struct http_exchange *x, const char *variant,
		int64_t seq, int64_t now, int status, const char *type,
		const char *body, size_t len, int64_t last_modified);
/* Loop thread: sends a deferred exchange's reply, keeping it in the cache
 * when the route asked for that (cache_send). */
void cache_finish(struct cache *c, struct http_exchange *x);

#endif
