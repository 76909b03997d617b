/* Read routes of the JSON API: story lists, stories, versions, ticker,
 * health. What is visible is the store's view; embargoed and held copy is
 * never shown, killed copy answers 410. */
#include "serve/routes.h"

#include "common/str.h"
#include "render/render.h"
#include "text/text.h"

#include <stdio.h>
#include <string.h>

static bool parse_id(const char *s, int64_t *out)
{
	return str_parse_i64(s, out) && *out > 0;
}

/* Reads an integer parameter in [lo, hi]; false (after answering 400) when
 * it is present and wrong. */
static bool int_param(struct evhttp_request *req, const struct http_query *q,
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
		http_send_error(req, 400, "bad_request", d);
		return false;
	}
	*out = (int)n;
	return true;
}

static bool time_param(struct evhttp_request *req, const struct http_query *q,
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
		http_send_error(req, 400, "bad_request", d);
		return false;
	}
	return true;
}

static bool bad_query(struct evhttp_request *req, struct http_query *q)
{
	if (http_query_parse(req, q)) {
		http_query_free(q);
		http_send_error(req, 400, "bad_request",
				"the query string is malformed");
		return true;
	}
	return false;
}

static void send_store_error(struct evhttp_request *req,
			     const struct ow_err *err)
{
	int status = http_status_of(err->code);
	http_send_error(req, status,
			status == 400   ? "bad_request"
			: status == 404 ? "not_found"
					: "unavailable",
			err->msg);
}

void route_stories(const struct route_args *a)
{
	struct http_query q;
	if (bad_query(a->req, &q))
		return;
	struct story_filter f = {.limit = 20};
	f.source = http_query_get(&q, "source");
	f.cursor = http_query_get(&q, "cursor");
	const char *pr = http_query_get(&q, "priority");
	bool ok = int_param(a->req, &q, "limit", 1, 200, &f.limit) &&
		  time_param(a->req, &q, "since", &f.since) &&
		  time_param(a->req, &q, "until", &f.until);
	if (ok && pr && !(f.priority = priority_from_name(pr))) {
		http_send_error(a->req, 400, "bad_request",
				"priority must be one of flash, bulletin, "
				"urgent, routine, deferred");
		ok = false;
	}
	if (!ok) {
		http_query_free(&q);
		return;
	}
	struct arena *ar = arena_new();
	struct story_page page;
	struct ow_err err = {0};
	if (!ar)
		ow_err_set(&err, OW_ENOMEM, "out of memory");
	else if (!store_list_stories(a->srv->store, &f, ar, &page, &err))
		http_send_json(a->req, 200, render_page(&page));
	if (err.code)
		send_store_error(a->req, &err);
	arena_free(ar);
	http_query_free(&q);
}

/* Loads a story for a public route: answers 404/410 itself and returns
 * false when there is nothing to show. */
static bool load_visible(const struct route_args *a, int64_t id,
			 struct arena *ar, struct story *st)
{
	struct ow_err err = {0};
	if (store_get_story(a->srv->store, id, ar, st, &err)) {
		send_store_error(a->req, &err);
		return false;
	}
	if (st->sum.state == STORY_KILLED) {
		http_send_json(a->req, 410, render_kill_notice(st));
		return false;
	}
	if (st->sum.state != STORY_LIVE) {
		/* embargoed, held, advisory: not a story anyone may see */
		http_send_error(a->req, 404, "not_found", "no such story");
		return false;
	}
	return true;
}

void route_story(const struct route_args *a)
{
	int64_t id;
	if (!parse_id(a->seg[0], &id)) {
		http_send_error(a->req, 404, "not_found", "no such story");
		return;
	}
	struct arena *ar = arena_new();
	struct story st;
	if (ar && load_visible(a, id, ar, &st))
		http_send_json(a->req, 200, render_story_ninjs(&st));
	else if (!ar)
		http_send_error(a->req, 500, "internal", "out of memory");
	arena_free(ar);
}

static bool released(const struct version *v, int64_t now)
{
	return !v->embargo_held && (!v->embargo || v->embargo <= now);
}

/* The versions a subscriber may see: all but those still under embargo. */
static bool load_versions(const struct route_args *a, int64_t id,
			  struct arena *ar, struct version ***vs, size_t *n)
{
	struct story st;
	if (!load_visible(a, id, ar, &st))
		return false;
	struct ow_err err = {0};
	if (store_get_versions(a->srv->store, id, ar, vs, n, &err)) {
		send_store_error(a->req, &err);
		return false;
	}
	int64_t now = server_now();
	size_t m = 0;
	for (size_t i = 0; i < *n; i++)
		if (released((*vs)[i], now))
			(*vs)[m++] = (*vs)[i];
	*n = m;
	return true;
}

void route_story_versions(const struct route_args *a)
{
	int64_t id;
	if (!parse_id(a->seg[0], &id)) {
		http_send_error(a->req, 404, "not_found", "no such story");
		return;
	}
	struct arena *ar = arena_new();
	struct version **vs;
	size_t n;
	if (ar && load_versions(a, id, ar, &vs, &n)) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, render_version(vs[i]));
		http_send_json(a->req, 200,
			       json_pack("{s:I, s:o}", "id", (json_int_t)id,
					 "versions", arr));
	} else if (!ar) {
		http_send_error(a->req, 500, "internal", "out of memory");
	}
	arena_free(ar);
}

void route_story_version(const struct route_args *a)
{
	int64_t id, num;
	if (!parse_id(a->seg[0], &id) || !parse_id(a->seg[1], &num)) {
		http_send_error(a->req, 404, "not_found", "no such version");
		return;
	}
	struct arena *ar = arena_new();
	struct version **vs;
	size_t n;
	if (ar && load_versions(a, id, ar, &vs, &n)) {
		const struct version *v = NULL;
		for (size_t i = 0; i < n; i++)
			if (vs[i]->vnum == num)
				v = vs[i];
		if (!v) {
			http_send_error(a->req, 404, "not_found",
					"no such version");
		} else {
			json_t *o = render_version(v);
			json_t *body = json_array();
			for (size_t i = 0; i < v->n_paras; i++)
				json_array_append_new(
					body, json_string(v->paras[i].text));
			json_object_set_new(o, "body", body);
			json_object_set_new(o, "id", json_integer(id));
			http_send_json(a->req, 200, o);
		}
	} else if (!ar) {
		http_send_error(a->req, 500, "internal", "out of memory");
	}
	arena_free(ar);
}

void route_ticker(const struct route_args *a)
{
	struct http_query q;
	if (bad_query(a->req, &q))
		return;
	int limit = 20;
	if (!int_param(a->req, &q, "limit", 1, 200, &limit)) {
		http_query_free(&q);
		return;
	}
	struct arena *ar = arena_new();
	struct story_page page;
	struct ow_err err = {0};
	if (!ar)
		ow_err_set(&err, OW_ENOMEM, "out of memory");
	else if (!store_ticker(a->srv->store, limit, server_now(), ar, &page,
			       &err))
		http_send_json(a->req, 200, render_ticker(&page));
	if (err.code)
		send_store_error(a->req, &err);
	arena_free(ar);
	http_query_free(&q);
}

void route_healthz(const struct route_args *a)
{
	struct store_stats st;
	struct ow_err err = {0};
	if (store_stats(a->srv->store, &st, &err)) {
		http_send_json(a->req, 503,
			       json_pack("{s:s, s:s}", "status", "unavailable",
					 "detail", err.msg));
		return;
	}
	http_send_json(
		a->req, 200,
		json_pack("{s:s, s:s, s:s, s:i, s:I, s:I, s:I, s:I, s:I}",
			  "status", "ok", "version", OW_VERSION, "backend",
			  store_backend_name(a->srv->store), "schema",
			  store_schema_version(a->srv->store), "stories",
			  (json_int_t)st.stories, "live", (json_int_t)st.live,
			  "versions", (json_int_t)st.versions, "quarantined",
			  (json_int_t)st.quarantined, "last_seq",
			  (json_int_t)st.last_seq));
}
