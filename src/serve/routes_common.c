/* Helpers shared by the route files: parameters, errors, loading what a
 * subscriber may see. */
#include "serve/routes.h"

#include "common/str.h"
#include "render/render.h"
#include "serve/cache.h"
#include "text/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool route_parse_id(const char *s, int64_t *out)
{
	return str_parse_i64(s, out) && *out > 0;
}

/* Reads an integer parameter in [lo, hi]; false (after answering 400) when
 * it is present and wrong. */
bool route_int_param(struct http_exchange *x, const struct http_query *q,
		     const char *name, int lo, int hi, int *out)
{
	const char *v = http_query_get(q, name);
	if (!v)
		return true;
	int64_t n;
	if (!str_parse_i64(v, &n) || n < lo || n > hi) {
		char d[128];
		snprintf(d, sizeof d, "%s must be an integer from %d to %d",
			 name, lo, hi);
		http_send_error(x, 400, "bad_request", d);
		return false;
	}
	*out = (int)n;
	return true;
}

bool route_time_param(struct http_exchange *x, const struct http_query *q,
		      const char *name, int64_t *out)
{
	const char *v = http_query_get(q, name);
	if (!v)
		return true;
	bool zone;
	if (!time_parse_iso(v, out, &zone)) {
		char d[160];
		snprintf(d, sizeof d,
			 "%s must be an RFC 3339 time such as "
			 "2015-01-10T08:00:00Z",
			 name);
		http_send_error(x, 400, "bad_request", d);
		return false;
	}
	return true;
}

bool route_bad_query(struct http_exchange *x, struct http_query *q)
{
	if (http_query_parse(x, q)) {
		http_query_free(q);
		http_send_error(x, 400, "bad_request",
				"the query string is malformed");
		return true;
	}
	return false;
}

void route_store_error(struct http_exchange *x, const struct ow_err *err)
{
	int status = http_status_of(err->code);
	http_send_error(x, status,
			status == 400   ? "bad_request"
			: status == 404 ? "not_found"
					: "unavailable",
			err->msg);
}

/* Loads a story for a public route: answers 404/410 itself and returns
 * false when there is nothing to show. */
bool route_load_visible(const struct route_args *a, int64_t id,
			struct arena *ar, struct story *st)
{
	struct ow_err err = {0};
	if (store_get_story(a->store, id, ar, st, &err)) {
		route_store_error(a->x, &err);
		return false;
	}
	if (st->sum.state == STORY_KILLED) {
		http_send_json(a->x, 410, render_kill_notice(st));
		return false;
	}
	if (st->sum.state != STORY_LIVE) {
		/* embargoed, held, advisory: not a story anyone may see */
		http_send_error(a->x, 404, "not_found", "no such story");
		return false;
	}
	return true;
}

/* The versions a subscriber may see: all but those still under embargo. */
bool route_load_versions(const struct route_args *a, int64_t id,
			 struct arena *ar, struct version ***vs, size_t *n)
{
	struct story st;
	if (!route_load_visible(a, id, ar, &st))
		return false;
	struct ow_err err = {0};
	if (store_get_versions(a->store, id, ar, vs, n, &err)) {
		route_store_error(a->x, &err);
		return false;
	}
	int64_t now = server_now();
	size_t m = 0;
	for (size_t i = 0; i < *n; i++)
		if (version_released((*vs)[i], now))
			(*vs)[m++] = (*vs)[i];
	*n = m;
	return true;
}

int route_check_token(const struct route_args *a)
{
	const char *want = a->srv->cfg->ingest_token;
	if (!want || !*want) {
		http_send_error(a->x, 403, "forbidden",
				"HTTP ingest is off: start offwire serve with "
				"--ingest-token or OFFWIRE_INGEST_TOKEN");
		return 403;
	}
	const char *h = http_header(a->x, "Authorization");
	if (!h || !str_starts_with_ci(h, strlen(h), "Bearer ")) {
		http_add_header(a->x, "WWW-Authenticate",
				"Bearer realm=\"offwire\"");
		http_send_error(a->x, 401, "unauthorized",
				"ingest needs an Authorization: Bearer token");
		return 401;
	}
	const char *got = h + 7;
	while (*got == ' ')
		got++;
	if (!http_secret_equal(got, want)) {
		http_send_error(a->x, 403, "forbidden",
				"the ingest token is not valid");
		return 403;
	}
	return 0;
}

bool route_cached(const struct route_args *a, const char *variant)
{
	return cache_serve(a->srv->cache, a->x, variant, a->seq, server_now());
}

bool route_front_cached(const struct route_args *a)
{
	return route_cached(a, NULL);
}

void route_send_json_cached(const struct route_args *a, const char *variant,
			    int status, json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!s) {
		http_send_error(a->x, 500, "internal",
				"could not render the response");
		return;
	}
	cache_send(a->srv->cache, a->x, variant, a->seq, server_now(), status,
		   "application/json; charset=utf-8", s, strlen(s), a->seq_at);
	free(s);
}
