/* Search over HTTP: GET /api/v1/stories?q=... (route_stories hands over
 * when q is present), and the parameter reading the site's /search page
 * shares. A malformed query answers 400 with the position of the problem;
 * the query reaches the store as a parsed tree, never as text. */
#include "serve/routes.h"

#include "common/str.h"
#include "render/search_results.h"
#include "search/search.h"
#include "text/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static bool fail(struct route_search *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool fail(struct route_search *r, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ow_err_set(&r->err, OW_EINVAL, "%s", msg);
	return false;
}

bool route_search_read(const struct http_query *hq, struct arena *ar,
		       struct route_search *r)
{
	memset(r, 0, sizeof *r);
	struct search_params *p = &r->p;
	struct store_search *q = &r->q;
	p->q = http_query_get(hq, "q");
	p->source = http_query_get(hq, "source");
	p->section = http_query_get(hq, "section");
	p->language = http_query_get(hq, "language");
	p->priority = http_query_get(hq, "priority");
	p->since = http_query_get(hq, "since");
	p->until = http_query_get(hq, "until");
	p->sort = http_query_get(hq, "sort");
	p->limit = http_query_get(hq, "limit");
	const char *facets = http_query_get(hq, "facets");
	q->cursor = http_query_get(hq, "cursor");
	q->source = p->source && *p->source ? p->source : NULL;
	q->section = p->section && *p->section ? p->section : NULL;
	q->language = p->language && *p->language ? p->language : NULL;
	q->limit = 20;
	q->facets = !facets || strcmp(facets, "false");
	if (facets && strcmp(facets, "false") && strcmp(facets, "true"))
		return fail(r, "facets must be true or false, not \"%.40s\"",
			    facets);
	int64_t n;
	if (p->limit &&
	    (!str_parse_i64(p->limit, &n) || n < 1 || n > STORE_SEARCH_LIMIT))
		return fail(r, "limit must be an integer from 1 to 100");
	if (p->limit)
		q->limit = (int)n;
	bool zone;
	if (p->since && *p->since &&
	    !time_parse_iso(p->since, &q->since, &zone))
		return fail(r,
			    "since must be an RFC 3339 time such as "
			    "2015-01-10T08:00:00Z, not \"%.40s\"",
			    p->since);
	if (p->until && *p->until &&
	    !time_parse_iso(p->until, &q->until, &zone))
		return fail(r,
			    "until must be an RFC 3339 time such as "
			    "2015-01-10T08:00:00Z, not \"%.40s\"",
			    p->until);
	if (p->priority && *p->priority &&
	    !(q->priority = priority_from_name(p->priority)))
		return fail(r,
			    "priority must be one of flash, bulletin, urgent, "
			    "routine, deferred");
	if (p->sort && !strcmp(p->sort, "time"))
		q->sort = STORE_SORT_TIME;
	else if (p->sort && *p->sort && strcmp(p->sort, "rank"))
		return fail(r, "sort must be rank or time, not \"%.40s\"",
			    p->sort);
	const char *text = p->q ? p->q : "";
	struct search_node *tree;
	if (search_parse(text, strlen(text), ar, &tree, &r->err)) {
		r->bad_query = r->err.code != OW_ENOMEM;
		return false;
	}
	q->query = tree;
	r->canonical = search_format(tree, ar);
	return true;
}

void route_search_stories(const struct route_args *a,
			  const struct http_query *hq)
{
	struct arena *ar = arena_new();
	if (!ar) {
		http_send_error(a->x, 500, "internal", "out of memory");
		return;
	}
	struct route_search rs;
	struct search_result res;
	if (!route_search_read(hq, ar, &rs)) {
		if (rs.bad_query)
			http_send_json(a->x, 400,
				       render_search_error(rs.p.q, &rs.err));
		else if (rs.err.code == OW_ENOMEM)
			http_send_error(a->x, 500, "internal", "out of memory");
		else
			http_send_error(a->x, 400, "bad_request", rs.err.msg);
	} else if (store_search(a->store, &rs.q, ar, &res, &rs.err)) {
		route_store_error(a->x, &rs.err);
	} else {
		route_send_json_cached(
			a, NULL, 200,
			render_search(&res, rs.canonical, rs.q.sort));
	}
	arena_free(ar);
}
