/* HTTP plumbing over libevent's evhttp: replies, errors as JSON, query
 * strings, the error-code-to-status table. Knows nothing of wire copy. */
#ifndef OW_HTTP_H
#define OW_HTTP_H

#include <event2/http.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct evkeyvalq;

/* Sends j (takes ownership) as application/json with `status`. */
void http_send_json(struct evhttp_request *req, int status, json_t *j);
/* {"error": code, "detail": detail} with `status`. */
void http_send_error(struct evhttp_request *req, int status, const char *code,
		     const char *detail);
/* Sends bytes with a content type (borrowed; copied). */
void http_send_bytes(struct evhttp_request *req, int status, const char *type,
		     const char *body, size_t len);
/* The one table from OW_E* codes to HTTP statuses. */
int http_status_of(int ow_code);
const char *http_reason(int status);

/* Parsed query string (owned by the caller; http_query_free). */
struct http_query {
	struct evkeyvalq *kv;
};
int http_query_parse(struct evhttp_request *req, struct http_query *q);
void http_query_free(struct http_query *q);
const char *http_query_get(const struct http_query *q, const char *key);

/* The request path without the query, decoded into out; false if too long
 * or malformed. */
bool http_path(struct evhttp_request *req, char *out, size_t n);
const char *http_method_name(enum evhttp_cmd_type m);
/* Compares secrets in time independent of where they differ. */
bool http_secret_equal(const char *a, const char *b);

#endif
