/* Public routes over a story's history: its versions and diffs. */
#include "serve/routes.h"

#include "render/render.h"

#include <stdio.h>
#include <string.h>

void route_story_versions(const struct route_args *a)
{
	int64_t id;
	if (!route_parse_id(a->seg[0], &id)) {
		http_send_error(a->x, 404, "not_found", "no such story");
		return;
	}
	struct arena *ar = arena_new();
	struct version **vs;
	size_t n;
	if (ar && route_load_versions(a, id, ar, &vs, &n)) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, render_version(vs[i]));
		http_send_json(a->x, 200,
			       json_pack("{s:I, s:o}", "id", (json_int_t)id,
					 "versions", arr));
	} else if (!ar) {
		http_send_error(a->x, 500, "internal", "out of memory");
	}
	arena_free(ar);
}

void route_story_version(const struct route_args *a)
{
	int64_t id, num;
	if (!route_parse_id(a->seg[0], &id) ||
	    !route_parse_id(a->seg[1], &num)) {
		http_send_error(a->x, 404, "not_found", "no such version");
		return;
	}
	struct arena *ar = arena_new();
	struct version **vs;
	size_t n;
	if (ar && route_load_versions(a, id, ar, &vs, &n)) {
		const struct version *v = NULL;
		for (size_t i = 0; i < n; i++)
			if (vs[i]->vnum == num)
				v = vs[i];
		if (!v) {
			http_send_error(a->x, 404, "not_found",
					"no such version");
		} else {
			json_t *o = render_version(v);
			json_t *body = json_array();
			for (size_t i = 0; i < v->n_paras; i++)
				json_array_append_new(
					body, json_string(v->paras[i].text));
			json_object_set_new(o, "body", body);
			json_object_set_new(o, "id", json_integer(id));
			http_send_json(a->x, 200, o);
		}
	} else if (!ar) {
		http_send_error(a->x, 500, "internal", "out of memory");
	}
	arena_free(ar);
}

static const char *diff_kind_name(enum diff_kind k)
{
	return k == DIFF_INSERT   ? "insert"
	       : k == DIFF_DELETE ? "delete"
				  : "equal";
}

/* GET /api/v1/stories/{id}/diff?from=N&to=M: a word-level diff between two
 * released versions (default: the one before the newest, and the newest). */
void route_story_diff(const struct route_args *a)
{
	int64_t id;
	if (!route_parse_id(a->seg[0], &id)) {
		http_send_error(a->x, 404, "not_found", "no such story");
		return;
	}
	struct http_query q;
	if (route_bad_query(a->x, &q))
		return;
	int from = 0, to = 0;
	bool ok = route_int_param(a->x, &q, "from", 1, 1000000, &from) &&
		  route_int_param(a->x, &q, "to", 1, 1000000, &to);
	http_query_free(&q);
	if (!ok)
		return;
	struct arena *ar = arena_new();
	struct version **vs;
	size_t n;
	if (!ar) {
		http_send_error(a->x, 500, "internal", "out of memory");
		return;
	}
	if (route_load_versions(a, id, ar, &vs, &n)) {
		const struct version *va = NULL, *vb = NULL;
		if (!to && n)
			to = vs[n - 1]->vnum;
		if (!from && n > 1)
			from = vs[n - 2]->vnum;
		for (size_t i = 0; i < n; i++) {
			if (vs[i]->vnum == from)
				va = vs[i];
			if (vs[i]->vnum == to)
				vb = vs[i];
		}
		struct diff_op *ops;
		size_t nops;
		bool exact;
		if (!va || !vb) {
			http_send_error(a->x, 404, "not_found",
					"no such version to compare");
		} else if (diff_words(ar, va->paras, va->n_paras, vb->paras,
				      vb->n_paras, &ops, &nops, &exact)) {
			http_send_error(a->x, 500, "internal", "out of memory");
		} else {
			json_t *arr = json_array();
			for (size_t i = 0; i < nops; i++)
				json_array_append_new(
					arr,
					json_pack("{s:s, s:s}", "op",
						  diff_kind_name(ops[i].kind),
						  "text", ops[i].text));
			json_t *o =
				json_pack("{s:I, s:i, s:i, s:b, s:o}", "id",
					  (json_int_t)id, "from", from, "to",
					  to, "exact", exact, "ops", arr);
			if (va->headline && vb->headline &&
			    strcmp(va->headline, vb->headline))
				json_object_set_new(
					o, "headline",
					json_pack("{s:s, s:s}", "from",
						  va->headline, "to",
						  vb->headline));
			http_send_json(a->x, 200, o);
		}
	}
	arena_free(ar);
}
