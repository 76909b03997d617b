/* HTTP plumbing over libevent's evhttp: the exchange routes read requests
 * from and answer through, replies, errors as JSON, query strings, the
 * error-code-to-status table. Knows nothing of wire copy.
 *
 * An exchange is one request and its reply. Run on the loop thread it is
 * the evhttp request itself ("direct"): headers are read from it and a
 * reply goes out at once, with no copy. Handed to a database worker it is
 * a copy ("deferred", http_exchange_defer): the method, URI, headers and
 * body are copied on the loop thread, the route builds its reply (status,
 * headers, body) in the copy on the worker, and the loop thread sends it
 * (http_exchange_finish). evhttp is not thread-safe: only the loop thread
 * ever touches x->req. */
#ifndef OW_HTTP_H
#define OW_HTTP_H

#include <event2/http.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct evkeyvalq;

struct http_exchange {
	struct evhttp_request *req; /* loop thread only */
	bool deferred;
	/* deferred: the request as it came (owned) */
	enum evhttp_cmd_type method;
	char *uri;   /* as sent: path and query */
	char *path;  /* not decoded */
	char *query; /* NULL when none */
	struct evkeyvalq *in;
	const char *body; /* the request's own input buffer, made contiguous
			   * on the loop thread; nobody else touches it until
			   * the reply is sent */
	size_t body_len;
	/* deferred: the reply (owned), sent by http_exchange_finish */
	int status; /* 0 until the route answers */
	struct evkeyvalq *out;
	char *reply;
	size_t reply_len;
	/* set by cache_send on a deferred exchange: the loop thread keeps
	 * the reply in the response cache as it sends it (cache.c) */
	void *cache_note;
};

/* A direct exchange over req (loop thread; nothing to free). */
void http_exchange_direct(struct http_exchange *x, struct evhttp_request *req);
/* A deferred copy of req (loop thread). 0, or OW_ENOMEM (nothing to free).
 * req must stay unanswered until http_exchange_finish. */
int http_exchange_defer(struct http_exchange *x, struct evhttp_request *req);
/* Loop thread: sends a deferred exchange's reply on x->req (a route that
 * made none answers 500); the cache note, if any, must have been taken by
 * then (cache_finish). */
void http_exchange_finish(struct http_exchange *x);
/* Adds the deferred reply's headers to x->req (for cache_finish). */
void http_exchange_apply_headers(struct http_exchange *x);
/* Frees what a deferred exchange owns. */
void http_exchange_free(struct http_exchange *x);
/* The underlying request, for the push routes that keep it (loop thread,
 * direct exchanges only; NULL when deferred). */
struct evhttp_request *http_request(const struct http_exchange *x);

/* The request. Strings are borrowed from the exchange. */
enum evhttp_cmd_type http_method(const struct http_exchange *x);
const char *http_uri(const struct http_exchange *x);
const char *http_query_string(const struct http_exchange *x);
const char *http_header(const struct http_exchange *x, const char *name);
/* The body; NULL (with *len 0) when there is none, or when it could not be
 * had (out of memory: *len is then non-zero). */
const char *http_body(const struct http_exchange *x, size_t *len);

/* The reply. Headers are copied. */
void http_add_header(struct http_exchange *x, const char *name,
		     const char *value);
/* Sends `status` with body (borrowed; copied) and no header added: for
 * redirects and 304s whose headers the caller set. */
void http_reply(struct http_exchange *x, int status, const char *body,
		size_t len);
/* Sends j (takes ownership) as application/json with `status`. */
void http_send_json(struct http_exchange *x, int status, json_t *j);
/* {"error": code, "detail": detail} with `status`. */
void http_send_error(struct http_exchange *x, int status, const char *code,
		     const char *detail);
/* Sends bytes with a content type (borrowed; copied). */
void http_send_bytes(struct http_exchange *x, int status, const char *type,
		     const char *body, size_t len);
/* The same, taking ownership of a malloc'd body (no copy when deferred). */
void http_send_owned(struct http_exchange *x, int status, const char *type,
		     char *body, size_t len);
/* The one table from OW_E* codes to HTTP statuses. */
int http_status_of(int ow_code);
const char *http_reason(int status);

/* Parsed query string (owned by the caller; http_query_free). */
struct http_query {
	struct evkeyvalq *kv;
};
int http_query_parse(const struct http_exchange *x, struct http_query *q);
void http_query_free(struct http_query *q);
const char *http_query_get(const struct http_query *q, const char *key);

/* The request path without the query, decoded into out; false if too long
 * or malformed. */
bool http_path(const struct http_exchange *x, char *out, size_t n);
const char *http_method_name(enum evhttp_cmd_type m);
/* Compares secrets in time independent of where they differ. */
bool http_secret_equal(const char *a, const char *b);

#endif
