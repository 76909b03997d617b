/* Response cache: a small open hash table of URI -> rendered response. When
 * full it is emptied (entries die at the next event anyway). */
#define _GNU_SOURCE /* memfd_create */
#include "serve/cache.h"

#include "serve/http.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CACHE_SLOTS 1024
#define CACHE_MAX_AGE 60
/* A body this large is kept in a memory file and sent with sendfile: the
 * kernel then takes its pages by reference instead of copying every byte
 * of every reply out of user memory (a feed, a long page). */
#define CACHE_FILE_MIN (32 * 1024)

struct entry {
	char *key;
	int64_t seq, stored_at, last_modified;
	int status;
	char type[64];
	char etag[48];
	char last_modified_http[32]; /* "" when last_modified is 0 */
	/* shared into replies by reference: one or the other */
	struct evbuffer *body;
	struct evbuffer_file_segment *file;
	size_t len;
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
	c->bytes -= e->len + strlen(e->key);
	free(e->key);
	if (e->body)
		evbuffer_free(e->body);
	if (e->file) /* closes the memory file once no reply holds it */
		evbuffer_file_segment_free(e->file);
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
static char *make_key(const struct http_exchange *x, const char *variant)
{
	const char *uri = http_uri(x);
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
	return ims && e->last_modified && !strcmp(ims, e->last_modified_http);
}

/* The socket of req's connection, or -1. */
static evutil_socket_t socket_of(struct evhttp_request *req)
{
	struct evhttp_connection *c = evhttp_request_get_connection(req);
	struct bufferevent *bev =
		c ? evhttp_connection_get_bufferevent(c) : NULL;
	return bev ? bufferevent_getfd(bev) : -1;
}

static void uncork(struct evhttp_request *req, void *arg)
{
	(void)req;
	int fd = (int)(intptr_t)arg, off = 0;
	setsockopt(fd, IPPROTO_TCP, TCP_CORK, &off, sizeof off);
}

static void send_entry(struct evhttp_request *req, const struct entry *e)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	evhttp_add_header(h, "ETag", e->etag);
	evhttp_add_header(h, "Cache-Control", "no-cache");
	if (e->last_modified)
		evhttp_add_header(h, "Last-Modified", e->last_modified_http);
	if (not_modified(req, e)) {
		evhttp_add_header(h, "Server", "offwire/" OW_VERSION);
		evhttp_send_reply(req, 304, "Not Modified", NULL);
		return;
	}
	evhttp_add_header(h, "Content-Type", e->type);
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "Server", "offwire/" OW_VERSION);
	/* a reference, not a copy: the bytes stay in the cache. A file
	 * segment goes out by sendfile only through a buffer that says it
	 * drains to a socket (evhttp moves this one's chains into one). */
	struct evbuffer *out = evbuffer_new();
	int rc = -1;
	if (out && e->file) {
		/* the headers go in one system call and the body by sendfile
		 * in the next: corked, they leave in the same segments */
		evutil_socket_t fd = socket_of(req);
		int on = 1;
		if (fd >= 0 &&
		    !setsockopt(fd, IPPROTO_TCP, TCP_CORK, &on, sizeof on))
			evhttp_request_set_on_complete_cb(req, uncork,
							  (void *)(intptr_t)fd);
		evbuffer_set_flags(out, EVBUFFER_FLAG_DRAINS_TO_FD);
		rc = evbuffer_add_file_segment(out, e->file, 0,
					       (ev_off_t)e->len);
	} else if (out) {
		rc = evbuffer_add_buffer_reference(out, e->body);
	}
	if (rc == 0)
		evhttp_send_reply(req, e->status, http_reason(e->status), out);
	else
		evhttp_send_reply(req, 500, "Internal Server Error", NULL);
	if (out)
		evbuffer_free(out);
}

bool cache_serve(struct cache *c, struct http_exchange *x, const char *variant,
		 int64_t seq, int64_t now)
{
	if (x->deferred) /* only the loop thread looks */
		return false;
	char *key = make_key(x, variant);
	if (!key)
		return false;
	struct entry *e = find(c, key);
	free(key);
	if (!e || e->seq != seq || now - e->stored_at > CACHE_MAX_AGE)
		return false;
	send_entry(x->req, e);
	return true;
}

/* A copy of body in a memory file, as a segment that closes it when the
 * last reference goes; NULL when the system has none to give. */
static struct evbuffer_file_segment *file_of(const char *body, size_t len)
{
	int fd = memfd_create("offwire-cache", MFD_CLOEXEC);
	if (fd < 0)
		return NULL;
	size_t done = 0;
	while (done < len) {
		ssize_t n = write(fd, body + done, len - done);
		if (n <= 0) {
			close(fd);
			return NULL;
		}
		done += (size_t)n;
	}
	struct evbuffer_file_segment *seg = evbuffer_file_segment_new(
		fd, 0, (ev_off_t)len, EVBUF_FS_CLOSE_ON_FREE);
	if (!seg)
		close(fd);
	return seg;
}

/* Keeps body under key (taken) and sends it on req. */
static void keep_and_send(struct cache *c, struct evhttp_request *req,
			  char *key, int64_t seq, int64_t now, int status,
			  const char *type, const char *body, size_t len,
			  int64_t last_modified)
{
	struct entry *e = &c->slot[hash(key) % CACHE_SLOTS];
	struct evbuffer_file_segment *file =
		len >= CACHE_FILE_MIN ? file_of(body, len) : NULL;
	struct evbuffer *b = file ? NULL : evbuffer_new();
	if (!file && (!b || evbuffer_add(b, body, len))) {
		free(key);
		if (b)
			evbuffer_free(b);
		struct http_exchange d;
		http_exchange_direct(&d, req);
		http_send_bytes(&d, status, type, body, len);
		return;
	}
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
	if (last_modified)
		http_date(last_modified, e->last_modified_http,
			  sizeof e->last_modified_http);
	e->body = b;
	e->file = file;
	e->len = len;
	c->bytes += len + strlen(key);
	send_entry(req, e);
}

/* What a worker's cache_send asks the loop thread to keep. */
struct note {
	int64_t seq, now, last_modified;
	char type[64];
	char variant[]; /* "" for none */
};

void cache_send(struct cache *c, struct http_exchange *x, const char *variant,
		int64_t seq, int64_t now, int status, const char *type,
		const char *body, size_t len, int64_t last_modified)
{
	if (x->deferred) {
		size_t vl = variant ? strlen(variant) : 0;
		struct note *n = calloc(1, sizeof *n + vl + 1);
		if (n) {
			n->seq = seq;
			n->now = now;
			n->last_modified = last_modified;
			snprintf(n->type, sizeof n->type, "%s", type);
			memcpy(n->variant, variant ? variant : "", vl + 1);
			free(x->cache_note);
			x->cache_note = n;
		}
		/* kept as the reply; without a note it goes out uncached */
		http_send_bytes(x, status, type, body, len);
		return;
	}
	char *key = make_key(x, variant);
	if (!key) {
		http_send_bytes(x, status, type, body, len);
		return;
	}
	keep_and_send(c, x->req, key, seq, now, status, type, body, len,
		      last_modified);
}

void cache_finish(struct cache *c, struct http_exchange *x)
{
	struct note *n = x->cache_note;
	char *key = n ? make_key(x, n->variant[0] ? n->variant : NULL) : NULL;
	if (!key || !x->status || !x->deferred) {
		free(key);
		http_exchange_finish(x);
		return;
	}
	/* the reply's own headers (Content-Type and the like) are the
	 * entry's: only the route's extra ones go on the request */
	evhttp_remove_header(x->out, "Content-Type");
	evhttp_remove_header(x->out, "X-Content-Type-Options");
	evhttp_remove_header(x->out, "Server");
	http_exchange_apply_headers(x);
	keep_and_send(c, x->req, key, n->seq, n->now, x->status, n->type,
		      x->reply, x->reply_len, n->last_modified);
}
