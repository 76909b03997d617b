/* The desk's routes: what editors see and the public must not. Advisories,
 * copy held under embargo, and the quarantine of rejected input. All need
 * the ingest token (the desk's credential). */
#include "serve/routes.h"

#include "render/render.h"

#include <stdio.h>
#include <string.h>

/* GET /api/v1/advisories: advisories and editor's notes, newest first. They
 * are public (agencies send them to every subscriber) but never stories. */
void route_advisories(const struct route_args *a)
{
	struct http_query q;
	if (route_bad_query(a->x, &q))
		return;
	int limit = 50;
	bool ok = route_int_param(a->x, &q, "limit", 1, 200, &limit);
	http_query_free(&q);
	if (!ok)
		return;
	struct arena *ar = arena_new();
	struct version **vs;
	size_t n;
	struct ow_err err = {0};
	if (!ar) {
		http_send_error(a->x, 500, "internal", "out of memory");
		return;
	}
	if (store_list_advisories(a->store, limit, ar, &vs, &n, &err)) {
		route_store_error(a->x, &err);
	} else {
		int64_t now = server_now();
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			if (!version_released(vs[i], now))
				continue;
			json_t *o = render_version(vs[i]);
			json_t *body = json_array();
			for (size_t k = 0; k < vs[i]->n_paras; k++)
				json_array_append_new(
					body,
					json_string(vs[i]->paras[k].text));
			json_object_set_new(o, "body", body);
			json_object_set_new(o, "story",
					    json_integer(vs[i]->story_id));
			json_array_append_new(arr, o);
		}
		http_send_json(a->x, 200, json_pack("{s:o}", "items", arr));
	}
	arena_free(ar);
}

/* GET /api/v1/held: stories held back (embargoed with a release time, or
 * held for lack of one). Desk only. */
void route_held(const struct route_args *a)
{
	if (route_check_token(a))
		return;
	struct http_query q;
	if (route_bad_query(a->x, &q))
		return;
	struct story_filter f = {.limit = 50, .list = LIST_HELD};
	f.cursor = http_query_get(&q, "cursor");
	if (!route_int_param(a->x, &q, "limit", 1, 200, &f.limit)) {
		http_query_free(&q);
		return;
	}
	struct arena *ar = arena_new();
	struct story_page page;
	struct ow_err err = {0};
	if (!ar) {
		ow_err_set(&err, OW_ENOMEM, "out of memory");
	} else if (!store_list_stories(a->store, &f, ar, &page, &err)) {
		json_t *p = render_page(&page);
		json_t *items = json_object_get(p, "items");
		for (size_t i = 0; i < page.n; i++) {
			struct story st;
			json_t *it = json_array_get(items, i);
			json_object_set_new(it, "state",
					    json_string(story_state_name(
						    page.items[i].state)));
			if (!store_get_story(a->store, page.items[i].id, ar,
					     &st, &err) &&
			    st.next_release)
				json_object_set_new(
					it, "release_at",
					render_time(st.next_release));
		}
		err.code = 0;
		http_send_json(a->x, 200, p);
	}
	if (err.code)
		route_store_error(a->x, &err);
	arena_free(ar);
	http_query_free(&q);
}

/* GET /api/v1/quarantine: rejected inputs, newest first, with the reason. */
void route_quarantine(const struct route_args *a)
{
	if (route_check_token(a))
		return;
	struct http_query q;
	if (route_bad_query(a->x, &q))
		return;
	int limit = 50;
	bool ok = route_int_param(a->x, &q, "limit", 1, 500, &limit);
	http_query_free(&q);
	if (!ok)
		return;
	struct arena *ar = arena_new();
	struct quarantine_entry *qe;
	size_t n;
	struct ow_err err = {0};
	if (!ar) {
		http_send_error(a->x, 500, "internal", "out of memory");
		return;
	}
	if (store_list_quarantine(a->store, limit, ar, &qe, &n, &err)) {
		route_store_error(a->x, &err);
	} else {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			char raw[64];
			snprintf(raw, sizeof raw, "/api/v1/quarantine/%lld/raw",
				 (long long)qe[i].raw_id);
			json_array_append_new(
				arr,
				json_pack("{s:I, s:o, s:s?, s:s?, s:I, s:s}",
					  "id", (json_int_t)qe[i].raw_id,
					  "received_at",
					  render_time(qe[i].received_at),
					  "origin", qe[i].origin, "reason",
					  qe[i].reason, "bytes",
					  (json_int_t)qe[i].len, "raw", raw));
		}
		http_send_json(a->x, 200, json_pack("{s:o}", "items", arr));
	}
	arena_free(ar);
}

/* GET /api/v1/quarantine/{id}/raw: the bytes exactly as received. */
void route_quarantine_raw(const struct route_args *a)
{
	if (route_check_token(a))
		return;
	int64_t id;
	if (!route_parse_id(a->seg[0], &id)) {
		http_send_error(a->x, 404, "not_found", "no such input");
		return;
	}
	struct arena *ar = arena_new();
	const char *bytes;
	size_t len;
	struct ow_err err = {0};
	if (!ar)
		http_send_error(a->x, 500, "internal", "out of memory");
	else if (store_get_raw(a->store, id, ar, &bytes, &len, &err))
		route_store_error(a->x, &err);
	else
		http_send_bytes(a->x, 200, "application/octet-stream", bytes,
				len);
	arena_free(ar);
}
