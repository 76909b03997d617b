/* HTTP replies and request helpers. */
#include "serve/http.h"

#include "common/ow_error.h"

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>
#include <sys/queue.h>
#include <stdlib.h>
#include <string.h>

static void common_headers(struct evhttp_request *req, const char *type)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	evhttp_add_header(h, "Content-Type", type);
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "Server", "offwire/" OW_VERSION);
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

void http_send_bytes(struct evhttp_request *req, int status, const char *type,
		     const char *body, size_t len)
{
	common_headers(req, type);
	struct evbuffer *b = evbuffer_new();
	if (b && len)
		evbuffer_add(b, body, len);
	evhttp_send_reply(req, status, http_reason(status), b);
	if (b)
		evbuffer_free(b);
}

void http_send_json(struct evhttp_request *req, int status, json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!s) {
		static const char oom[] = "{\"error\":\"internal\",\"detail\":"
					  "\"could not render the response\"}";
		http_send_bytes(req, 500, "application/json; charset=utf-8",
				oom, sizeof oom - 1);
		return;
	}
	http_send_bytes(req, status, "application/json; charset=utf-8", s,
			strlen(s));
	free(s);
}

void http_send_error(struct evhttp_request *req, int status, const char *code,
		     const char *detail)
{
	json_t *j = json_pack("{s:s, s:s?}", "error", code, "detail", detail);
	if (!j) /* a detail that is not valid UTF-8 is dropped, not sent */
		j = json_pack("{s:s}", "error", code);
	http_send_json(req, status, j);
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

int http_query_parse(struct evhttp_request *req, struct http_query *q)
{
	q->kv = calloc(1, sizeof *q->kv);
	if (!q->kv)
		return OW_ENOMEM;
	TAILQ_INIT(q->kv);
	const struct evhttp_uri *u = evhttp_request_get_evhttp_uri(req);
	const char *qs = u ? evhttp_uri_get_query(u) : NULL;
	if (qs && evhttp_parse_query_str(qs, q->kv) != 0) {
		evhttp_clear_headers(q->kv);
		return OW_EINVAL;
	}
	return 0;
}

void http_query_free(struct http_query *q)
{
	if (q->kv) {
		evhttp_clear_headers(q->kv);
		free(q->kv);
		q->kv = NULL;
	}
}

const char *http_query_get(const struct http_query *q, const char *key)
{
	return q->kv ? evhttp_find_header(q->kv, key) : NULL;
}

bool http_path(struct evhttp_request *req, char *out, size_t n)
{
	const struct evhttp_uri *u = evhttp_request_get_evhttp_uri(req);
	const char *p = u ? evhttp_uri_get_path(u) : NULL;
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
