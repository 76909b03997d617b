/* Push routes: GET /api/v1/stream (Server-Sent Events) and GET /api/v1/feed
 * (a cursor feed for machines that poll, with long-poll). Both carry the
 * store's events: "version", "kill" and "release", each with its seq. They
 * run on the loop thread and keep the request (push reads the store through
 * its own lane of workers when there are workers). */
#include "serve/routes.h"

#include "common/str.h"
#include "serve/push.h"

#include <stdlib.h>
#include <string.h>

static char *dup_param(const struct http_query *q, const char *name)
{
	const char *v = http_query_get(q, name);
	return v && *v ? strdup(v) : NULL;
}

void route_stream(const struct route_args *a)
{
	struct http_query q;
	if (route_bad_query(a->x, &q))
		return;
	/* resume point: the Last-Event-ID header a reconnecting EventSource
	 * sends, or ?after= for clients that cannot set headers */
	int64_t after = -1;
	const char *h = http_header(a->x, "Last-Event-ID");
	const char *qa = http_query_get(&q, "after");
	const char *from = h ? h : qa;
	if (from && (!str_parse_i64(from, &after) || after < 0)) {
		http_query_free(&q);
		http_send_error(a->x, 400, "bad_request",
				"Last-Event-ID / after must be an event seq");
		return;
	}
	struct push_filter f = {0};
	const char *pr = http_query_get(&q, "priority");
	if (pr && !(f.priority = priority_from_name(pr))) {
		http_query_free(&q);
		http_send_error(a->x, 400, "bad_request",
				"priority must be one of flash, bulletin, "
				"urgent, routine, deferred");
		return;
	}
	f.source = dup_param(&q, "source");
	f.section = dup_param(&q, "section");
	f.query = dup_param(&q, "q");
	http_query_free(&q);
	push_subscribe(a->srv->push, http_request(a->x), &f, after);
}

void route_feed(const struct route_args *a)
{
	struct http_query q;
	if (route_bad_query(a->x, &q))
		return;
	int wait = 0, limit = 100;
	int64_t after = 0;
	const char *qa = http_query_get(&q, "after");
	bool ok = route_int_param(a->x, &q, "wait", 0, 60, &wait) &&
		  route_int_param(a->x, &q, "limit", 1, 500, &limit);
	if (ok && qa && (!str_parse_i64(qa, &after) || after < 0)) {
		http_send_error(a->x, 400, "bad_request",
				"after must be an event seq (0 or more)");
		ok = false;
	}
	http_query_free(&q);
	if (ok)
		push_wait(a->srv->push, http_request(a->x), after, wait, limit);
}
