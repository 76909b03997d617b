/* HTTP exchanges (direct on the loop thread, or deferred copies a worker
 * answers), replies and request helpers. */
#include "serve/http.h"

#include "common/ow_error.h"

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>
#include <sys/queue.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ exchanges */

void http_exchange_direct(struct http_exchange *x, struct evhttp_request *req)
{
	memset(x, 0, sizeof *x);
	x->req = req;
}

static struct evkeyvalq *kv_new(void)
{
	struct evkeyvalq *q = calloc(1, sizeof *q);
	if (q)
		TAILQ_INIT(q);
	return q;
}

static void kv_free(struct evkeyvalq *q)
{
	if (q) {
		evhttp_clear_headers(q);
		free(q);
	}
}

static char *dup_or_null(const char *s, bool *oom)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		*oom = true;
	return d;
}

int http_exchange_defer(struct http_exchange *x, struct evhttp_request *req)
{
	memset(x, 0, sizeof *x);
	x->req = req;
	x->deferred = true;
	x->method = evhttp_request_get_command(req);
	const struct evhttp_uri *u = evhttp_request_get_evhttp_uri(req);
	bool oom = false;
	x->uri = dup_or_null(evhttp_request_get_uri(req), &oom);
	x->path = dup_or_null(u ? evhttp_uri_get_path(u) : NULL, &oom);
	x->query = dup_or_null(u ? evhttp_uri_get_query(u) : NULL, &oom);
	x->in = kv_new();
	x->out = kv_new();
	if (!x->in || !x->out)
		oom = true;
	struct evkeyval *h;
	TAILQ_FOREACH(h, evhttp_request_get_input_headers(req), next)
	if (!oom && evhttp_add_header(x->in, h->key, h->value))
		oom = true;
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	x->body_len = in ? evbuffer_get_length(in) : 0;
	if (x->body_len) {
		x->body = (const char *)evbuffer_pullup(in, -1);
		if (!x->body)
			oom = true;
	}
	if (oom) {
		http_exchange_free(x);
		return OW_ENOMEM;
	}
	return 0;
}

void http_exchange_free(struct http_exchange *x)
{
	if (!x->deferred)
		return;
	free(x->uri);
	free(x->path);
	free(x->query);
	kv_free(x->in);
	kv_free(x->out);
	free(x->reply);
	free(x->cache_note);
	x->uri = x->path = x->query = x->reply = NULL;
	x->in = x->out = NULL;
	x->cache_note = NULL;
}

void http_exchange_apply_headers(struct http_exchange *x)
{
	if (!x->deferred || !x->out)
		return;
	struct evkeyvalq *h = evhttp_request_get_output_headers(x->req);
	struct evkeyval *kv;
	TAILQ_FOREACH(kv, x->out, next)
	evhttp_add_header(h, kv->key, kv->value);
	evhttp_clear_headers(x->out);
}

void http_exchange_finish(struct http_exchange *x)
{
	struct evhttp_request *req = x->req;
	if (!x->status) {
		/* the route made no reply: a bug, but the client gets one */
		struct http_exchange d;
		http_exchange_direct(&d, req);
		http_send_error(&d, 500, "internal", "no response was made");
		return;
	}
	http_exchange_apply_headers(x);
	struct evbuffer *b = x->reply_len ? evbuffer_new() : NULL;
	if (b)
		evbuffer_add(b, x->reply, x->reply_len);
	evhttp_send_reply(req, x->status, http_reason(x->status), b);
	if (b)
		evbuffer_free(b);
}

struct evhttp_request *http_request(const struct http_exchange *x)
{
	return x->deferred ? NULL : x->req;
}

/* -------------------------------------------------------------- request */

enum evhttp_cmd_type http_method(const struct http_exchange *x)
{
	return x->deferred ? x->method : evhttp_request_get_command(x->req);
}

const char *http_uri(const struct http_exchange *x)
{
	const char *u = x->deferred ? x->uri : evhttp_request_get_uri(x->req);
	return u ? u : "/";
}

const char *http_query_string(const struct http_exchange *x)
{
	if (x->deferred)
		return x->query;
	const struct evhttp_uri *u = evhttp_request_get_evhttp_uri(x->req);
	return u ? evhttp_uri_get_query(u) : NULL;
}

const char *http_header(const struct http_exchange *x, const char *name)
{
	struct evkeyvalq *h =
		x->deferred ? x->in : evhttp_request_get_input_headers(x->req);
	return h ? evhttp_find_header(h, name) : NULL;
}

const char *http_body(const struct http_exchange *x, size_t *len)
{
	if (x->deferred) {
		*len = x->body_len;
		return x->body;
	}
	struct evbuffer *in = evhttp_request_get_input_buffer(x->req);
	*len = in ? evbuffer_get_length(in) : 0;
	return *len ? (const char *)evbuffer_pullup(in, -1) : NULL;
}

/* ---------------------------------------------------------------- reply */

void http_add_header(struct http_exchange *x, const char *name,
		     const char *value)
{
	struct evkeyvalq *h =
		x->deferred ? x->out
			    : evhttp_request_get_output_headers(x->req);
	if (h)
		evhttp_add_header(h, name, value);
}

static void common_headers(struct http_exchange *x, const char *type)
{
	http_add_header(x, "Content-Type", type);
	http_add_header(x, "X-Content-Type-Options", "nosniff");
	http_add_header(x, "Server", "offwire/" OW_VERSION);
}

const char *http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 410: return "Gone";
	case 413: return "Payload Too Large";
	case 422: return "Unprocessable Content";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	}
	return "Status";
}

/* The one place a reply is made: takes `owned` (malloc'd) or copies
 * `body`. */
static void reply(struct http_exchange *x, int status, const char *body,
		  char *owned, size_t len)
{
	if (!x->deferred) {
		struct evbuffer *b = evbuffer_new();
		if (b && len)
			evbuffer_add(b, owned ? owned : body, len);
		evhttp_send_reply(x->req, status, http_reason(status), b);
		if (b)
			evbuffer_free(b);
		free(owned);
		return;
	}
	if (x->status) { /* a second reply: keep the first */
		free(owned);
		return;
	}
	if (!owned && len) {
		owned = malloc(len);
		if (!owned) {
			status = 500;
			len = 0;
		} else {
			memcpy(owned, body, len);
		}
	}
	x->status = status;
	x->reply = owned;
	x->reply_len = len;
}

void http_reply(struct http_exchange *x, int status, const char *body,
		size_t len)
{
	reply(x, status, body, NULL, len);
}

void http_send_bytes(struct http_exchange *x, int status, const char *type,
		     const char *body, size_t len)
{
	common_headers(x, type);
	reply(x, status, body, NULL, len);
}

void http_send_owned(struct http_exchange *x, int status, const char *type,
		     char *body, size_t len)
{
	common_headers(x, type);
	reply(x, status, NULL, body, len);
}

void http_send_json(struct http_exchange *x, int status, json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!s) {
		static const char oom[] = "{\"error\":\"internal\",\"detail\":"
					  "\"could not render the response\"}";
		http_send_bytes(x, 500, "application/json; charset=utf-8", oom,
				sizeof oom - 1);
		return;
	}
	http_send_owned(x, status, "application/json; charset=utf-8", s,
			strlen(s));
}

void http_send_error(struct http_exchange *x, int status, const char *code,
		     const char *detail)
{
	json_t *j = json_pack("{s:s, s:s?}", "error", code, "detail", detail);
	if (!j) /* a detail that is not valid UTF-8 is dropped, not sent */
		j = json_pack("{s:s}", "error", code);
	http_send_json(x, status, j);
}

int http_status_of(int code)
{
	switch (code) {
	case OW_OK: return 200;
	case OW_EINVAL: return 400;
	case OW_EPARSE: return 422;
	case OW_EUNSUPPORTED: return 422;
	case OW_ETOOBIG: return 413;
	case OW_ENOTFOUND: return 404;
	case OW_EGONE: return 410;
	case OW_EFORBIDDEN: return 403;
	case OW_EAUTH: return 401;
	case OW_EUNAVAIL: return 503;
	case OW_ESTORE: return 503;
	}
	return 500;
}

/* -------------------------------------------------------- query, path */

int http_query_parse(const struct http_exchange *x, struct http_query *q)
{
	q->kv = kv_new();
	if (!q->kv)
		return OW_ENOMEM;
	const char *qs = http_query_string(x);
	if (qs && evhttp_parse_query_str(qs, q->kv) != 0) {
		evhttp_clear_headers(q->kv);
		return OW_EINVAL;
	}
	return 0;
}

void http_query_free(struct http_query *q)
{
	kv_free(q->kv);
	q->kv = NULL;
}

const char *http_query_get(const struct http_query *q, const char *key)
{
	return q->kv ? evhttp_find_header(q->kv, key) : NULL;
}

bool http_path(const struct http_exchange *x, char *out, size_t n)
{
	const char *p;
	if (x->deferred) {
		p = x->path;
	} else {
		const struct evhttp_uri *u =
			evhttp_request_get_evhttp_uri(x->req);
		p = u ? evhttp_uri_get_path(u) : NULL;
	}
	if (!p || !*p)
		p = "/";
	size_t len = 0;
	char *dec = evhttp_uridecode(p, 0, &len);
	if (!dec)
		return false;
	bool ok = len < n && strlen(dec) == len; /* no encoded NUL */
	if (ok)
		memcpy(out, dec, len + 1);
	free(dec);
	return ok;
}

const char *http_method_name(enum evhttp_cmd_type m)
{
	switch (m) {
	case EVHTTP_REQ_GET: return "GET";
	case EVHTTP_REQ_POST: return "POST";
	case EVHTTP_REQ_HEAD: return "HEAD";
	case EVHTTP_REQ_PUT: return "PUT";
	case EVHTTP_REQ_DELETE: return "DELETE";
	case EVHTTP_REQ_OPTIONS: return "OPTIONS";
	case EVHTTP_REQ_PATCH: return "PATCH";
	default: return "OTHER";
	}
}

bool http_secret_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char diff = (unsigned char)(la != lb);
	for (size_t i = 0; i < la; i++)
		diff |= (unsigned char)(a[i] ^ b[i % (lb ? lb : 1)]);
	return diff == 0;
}
