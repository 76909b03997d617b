/* Read routes of the JSON API: story lists, stories, versions, ticker,
 * health and liveness. What is visible is the store's view; embargoed and held copy is
 * never shown, killed copy answers 410. */
#include "serve/routes.h"
#include "serve/routes_feeds_int.h" /* route_story_formats */

#include "common/str.h"
#include "render/render.h"
#include "serve/pool.h"
#include "text/text.h"

#include <stdio.h>
#include <string.h>

void route_stories(const struct route_args *a)
{
	struct http_query q;
	if (route_bad_query(a->x, &q))
		return;
	if (http_query_get(&q, "q")) { /* a search (routes_search.c) */
		route_search_stories(a, &q);
		http_query_free(&q);
		return;
	}
	struct story_filter f = {.limit = 20};
	f.source = http_query_get(&q, "source");
	f.section = http_query_get(&q, "section");
	f.cursor = http_query_get(&q, "cursor");
	const char *pr = http_query_get(&q, "priority");
	const char *cl = http_query_get(&q, "cluster");
	if (cl && (!str_parse_i64(cl, &f.cluster) || f.cluster <= 0)) {
		http_send_error(a->x, 400, "bad_request",
				"cluster must be a cluster id");
		http_query_free(&q);
		return;
	}
	bool ok = route_int_param(a->x, &q, "limit", 1, 200, &f.limit) &&
		  route_time_param(a->x, &q, "since", &f.since) &&
		  route_time_param(a->x, &q, "until", &f.until);
	if (ok && pr && !(f.priority = priority_from_name(pr))) {
		http_send_error(a->x, 400, "bad_request",
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
	else if (!store_list_stories(a->store, &f, ar, &page, &err))
		route_send_json_cached(a, NULL, 200, render_page(&page));
	if (err.code)
		route_store_error(a->x, &err);
	arena_free(ar);
	http_query_free(&q);
}

void route_story(const struct route_args *a)
{
	int64_t id;
	if (!route_parse_id(a->seg[0], &id)) {
		http_send_error(a->x, 404, "not_found", "no such story");
		return;
	}
	struct arena *ar = arena_new();
	struct story st;
	/* NITF / NewsML-G2 when ?format= or Accept asks (routes_feeds.c);
	 * otherwise ninjs JSON as always */
	if (ar && route_load_visible(a, id, ar, &st)) {
		if (!route_story_formats(a, &st))
			http_send_json(a->x, 200, render_story_ninjs(&st));
	} else if (!ar)
		http_send_error(a->x, 500, "internal", "out of memory");
	arena_free(ar);
}

void route_ticker(const struct route_args *a)
{
	struct http_query q;
	if (route_bad_query(a->x, &q))
		return;
	int limit = 20;
	if (!route_int_param(a->x, &q, "limit", 1, 200, &limit)) {
		http_query_free(&q);
		return;
	}
	const char *collapse = http_query_get(&q, "collapse");
	if (collapse && strcmp(collapse, "event") && strcmp(collapse, "none")) {
		http_send_error(a->x, 400, "bad_request",
				"collapse must be event or none");
		http_query_free(&q);
		return;
	}
	bool by_event = collapse && !strcmp(collapse, "event");
	struct arena *ar = arena_new();
	struct story_page page;
	struct ow_err err = {0};
	/* one line per event: read further down the wire, then fold */
	int want = by_event ? (limit * 4 > 200 ? 200 : limit * 4) : limit;
	if (!ar)
		ow_err_set(&err, OW_ENOMEM, "out of memory");
	else if (!store_ticker(a->store, want, server_now(), ar, &page, &err) &&
		 (!by_event || !(err.code = store_collapse_events(
					 &page, (size_t)limit, ar))))
		route_send_json_cached(a, NULL, 200, render_ticker(&page));
	if (err.code)
		route_store_error(a->x, &err);
	arena_free(ar);
	http_query_free(&q);
}

void route_healthz(const struct route_args *a)
{
	struct store_stats st;
	struct ow_err err = {0};
	if (store_stats(a->store, &st, &err)) {
		http_send_json(a->x, 503,
			       json_pack("{s:s, s:s}", "status", "unavailable",
					 "detail", err.msg));
		return;
	}
	json_t *o = json_pack(
		"{s:s, s:s, s:s, s:i, s:I, s:I, s:I, s:I, s:I, s:I}", "status",
		"ok", "version", OW_VERSION, "backend",
		store_backend_name(a->store), "schema",
		store_schema_version(a->store), "stories",
		(json_int_t)st.stories, "live", (json_int_t)st.live, "versions",
		(json_int_t)st.versions, "quarantined",
		(json_int_t)st.quarantined, "last_seq", (json_int_t)st.last_seq,
		"event_seq", (json_int_t)a->seq);
	json_object_set_new(o, "subscribers",
			    json_integer((json_int_t)a->subscribers));
	http_send_json(a->x, 200, o);
}

/* GET /livez: the event loop answers, without asking the store (which
 * /healthz does): for a probe that must not wait on the database. With
 * database workers it says how many jobs each lane holds (queued or
 * running): a read lane that only grows is a database that stalls. */
void route_livez(const struct route_args *a)
{
	json_t *o = json_pack("{s:s, s:s, s:I, s:I}", "status", "ok", "version",
			      OW_VERSION, "event_seq", (json_int_t)a->seq,
			      "subscribers", (json_int_t)a->subscribers);
	struct pool *p = a->srv->pool;
	if (o && p)
		json_object_set_new(
			o, "db_jobs",
			json_pack("{s:I, s:I, s:I}", "read",
				  (json_int_t)pool_pending(p, POOL_READ),
				  "write",
				  (json_int_t)pool_pending(p, POOL_WRITE),
				  "events",
				  (json_int_t)pool_pending(p, POOL_EVENTS)));
	http_send_json(a->x, 200, o);
}

/* GET /api/v1/clusters/{id}: one event as the wire has it now: its live
 * stories, the one that stands for it (highest priority, then earliest) and
 * the agencies that reported it. */
void route_cluster(const struct route_args *a)
{
	int64_t id;
	if (!route_parse_id(a->seg[0], &id)) {
		http_send_error(a->x, 404, "not_found", "no such cluster");
		return;
	}
	struct arena *ar = arena_new();
	struct story_filter f = {.cluster = id, .limit = 200};
	struct story_page page;
	struct ow_err err = {0};
	if (!ar) {
		http_send_error(a->x, 500, "internal", "out of memory");
		return;
	}
	if (store_list_stories(a->store, &f, ar, &page, &err)) {
		route_store_error(a->x, &err);
	} else if (!page.n) {
		http_send_error(a->x, 404, "not_found", "no such cluster");
	} else {
		const struct story_summary *rep = &page.items[0];
		json_t *members = json_array(), *sources = json_array();
		for (size_t i = 0; i < page.n; i++) {
			const struct story_summary *s = &page.items[i];
			int64_t ta = s->firstcreated, tb = rep->firstcreated;
			int pa = s->priority ? (int)s->priority : 99;
			int pb = rep->priority ? (int)rep->priority : 99;
			if (pa < pb ||
			    (pa == pb &&
			     (ta < tb || (ta == tb && s->id < rep->id))))
				rep = s;
			json_array_append_new(members, render_summary(s));
			bool seen = false;
			for (size_t k = 0; k < i && !seen; k++)
				seen = s->source && page.items[k].source &&
				       !strcmp(s->source, page.items[k].source);
			if (s->source && !seen)
				json_array_append_new(sources,
						      json_string(s->source));
		}
		route_send_json_cached(
			a, NULL, 200,
			json_pack("{s:I, s:I, s:s?, s:o, s:o}", "id",
				  (json_int_t)id, "representative",
				  (json_int_t)rep->id, "headline",
				  rep->headline, "sources", sources, "stories",
				  members));
	}
	arena_free(ar);
}
