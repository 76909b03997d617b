/* Response cache: a small open hash table of URI -> rendered response. When
 * full it is emptied (entries die at the next event anyway). */
#include "serve/cache.h"

#include "serve/http.h"

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CACHE_SLOTS 1024
#define CACHE_MAX_AGE 60

struct entry {
	char *key;
	int64_t seq, stored_at, last_modified;
	int status;
	char type[64];
	char etag[48];
	struct evbuffer *body; /* shared into replies by reference */
};

struct cache {
	struct entry slot[CACHE_SLOTS];
	size_t bytes, max_bytes;
};

struct cache *cache_new(size_t max_bytes)
{
	struct cache *c = calloc(1, sizeof *c);
	if (c)
		c->max_bytes = max_bytes;
	return c;
}

static void drop(struct cache *c, struct entry *e)
{
	if (!e->key)
		return;
	c->bytes -= evbuffer_get_length(e->body) + strlen(e->key);
	free(e->key);
	evbuffer_free(e->body);
	memset(e, 0, sizeof *e);
}

void cache_free(struct cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		drop(c, &c->slot[i]);
	free(c);
}

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a: keys are ours */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The cache key: method-independent URI plus variant. */
static char *make_key(struct evhttp_request *req, const char *variant)
{
	const char *uri = evhttp_request_get_uri(req);
	size_t n = strlen(uri) + (variant ? strlen(variant) : 0) + 2;
	char *k = malloc(n);
	if (k)
		snprintf(k, n, "%s\x1f%s", uri, variant ? variant : "");
	return k;
}

static struct entry *find(struct cache *c, const char *key)
{
	struct entry *e = &c->slot[hash(key) % CACHE_SLOTS];
	return e->key && !strcmp(e->key, key) ? e : NULL;
}

static void http_date(int64_t t, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, n, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

static bool not_modified(struct evhttp_request *req, const struct entry *e)
{
	struct evkeyvalq *h = evhttp_request_get_input_headers(req);
	const char *inm = evhttp_find_header(h, "If-None-Match");
	if (inm)
		return strstr(inm, e->etag) != NULL || !strcmp(inm, "*");
	const char *ims = evhttp_find_header(h, "If-Modified-Since");
	if (ims && e->last_modified) {
		char d[64];
		http_date(e->last_modified, d, sizeof d);
		return !strcmp(ims, d);
	}
	return false;
}

static void send_entry(struct evhttp_request *req, const struct entry *e)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	evhttp_add_header(h, "ETag", e->etag);
	evhttp_add_header(h, "Cache-Control", "no-cache");
	if (e->last_modified) {
		char d[64];
		http_date(e->last_modified, d, sizeof d);
		evhttp_add_header(h, "Last-Modified", d);
	}
	if (not_modified(req, e)) {
		evhttp_add_header(h, "Server", "offwire/" OW_VERSION);
		evhttp_send_reply(req, 304, "Not Modified", NULL);
		return;
	}
	evhttp_add_header(h, "Content-Type", e->type);
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "Server", "offwire/" OW_VERSION);
	struct evbuffer *out = evbuffer_new();
	if (out) {
		/* a reference, not a copy: the bytes stay in the cache */
		evbuffer_add_buffer_reference(out, e->body);
		evhttp_send_reply(req, e->status, http_reason(e->status), out);
		evbuffer_free(out);
	} else {
		evhttp_send_reply(req, 500, "Internal Server Error", NULL);
	}
}

bool cache_serve(struct cache *c, struct evhttp_request *req,
		 const char *variant, int64_t seq, int64_t now)
{
	char *key = make_key(req, variant);
	if (!key)
		return false;
	struct entry *e = find(c, key);
	free(key);
	if (!e || e->seq != seq || now - e->stored_at > CACHE_MAX_AGE)
		return false;
	send_entry(req, e);
	return true;
}

void cache_send(struct cache *c, struct evhttp_request *req,
		const char *variant, int64_t seq, int64_t now, int status,
		const char *type, const char *body, size_t len,
		int64_t last_modified)
{
	char *key = make_key(req, variant);
	struct evbuffer *b = evbuffer_new();
	if (!key || !b || evbuffer_add(b, body, len)) {
		free(key);
		if (b)
			evbuffer_free(b);
		http_send_bytes(req, status, type, body, len);
		return;
	}
	struct entry *e = &c->slot[hash(key) % CACHE_SLOTS];
	drop(c, e);
	if (c->bytes + len > c->max_bytes)
		for (size_t i = 0; i < CACHE_SLOTS; i++)
			drop(c, &c->slot[i]);
	e->key = key;
	e->seq = seq;
	e->stored_at = now;
	e->last_modified = last_modified;
	e->status = status;
	snprintf(e->type, sizeof e->type, "%s", type);
	snprintf(e->etag, sizeof e->etag, "\"%llx-%llx\"",
		 (unsigned long long)seq, (unsigned long long)hash(key));
	e->body = b;
	c->bytes += len + strlen(key);
	send_entry(req, e);
}
