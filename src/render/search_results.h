/* Search results for machines and people: the JSON of GET /api/v1/stories?q=
 * and `offwire search --json`, and the HTML fragment the site's /search page
 * embeds (hits with escaped, highlighted headlines and snippets; facets with
 * counts that link to the narrowed search; the next-page link). Pure: store
 * structs in, JSON or HTML out. */
#ifndef OW_RENDER_SEARCH_RESULTS_H
#define OW_RENDER_SEARCH_RESULTS_H

#include <jansson.h>

#include "common/buf.h"
#include "store/store.h"

/* The request as the reader wrote it, to echo and to build links from.
 * Every field may be NULL (absent). Borrowed. */
struct search_params {
	const char *q;
	const char *source, *section, *language, *priority;
	const char *since, *until; /* as given (RFC 3339) */
	const char *sort;          /* "rank" or "time" */
	const char *limit;
};

/* {"query": canonical, "sort", "total", "total_exact", "items": [summary +
 * "score", "language", "headline_html", "snippet_html", "snippet"],
 * "next": cursor|null, "facets": {"source": [{"value","count"}],
 * "section": [...], "day": [{"value","count","since","until"}],
 * "exact": bool}} (no "facets" when none were counted). Returns owned. */
json_t *render_search(const struct search_result *r, const char *canonical,
		      enum store_sort sort);

/* A query's error as the API answers it: {"error": "bad_query", "detail":
 * message, "position": character from 1}. Returns owned. */
json_t *render_search_error(const char *q, const struct ow_err *err);

/* Appends the HTML fragment of one results page to b: a summary line
 * ("About 12,400 stories" / "3 stories"), the facets as link lists, the
 * hits as an ordered list, and a "More results" link carrying the cursor.
 * Links go to `path` (e.g. "/search") with p's parameters, every value
 * URL-encoded and every text HTML-escaped. */
void render_search_html(struct buf *b, const struct search_result *r,
			const char *path, const struct search_params *p);

/* Appends `path?` and p's parameters as a URL, every value URL-encoded (so
 * the URL holds only [A-Za-z0-9%._~/?=&-]), with parameter `key` replaced by
 * `value` (NULL removes it; key NULL changes nothing). The cursor is never
 * carried over. The '&'s between parameters are raw: write "&amp;" for them
 * inside HTML, as render_search_html does. */
void render_search_href(struct buf *b, const char *path,
			const struct search_params *p, const char *key,
			const char *value);

#endif
