/* Search results as JSON (the API and the CLI's --json) and as an HTML
 * fragment for the site's search page. Snippets arrive from the store with
 * matched words bracketed by control marks; search_marks_html turns them into
 * <mark> with everything else escaped, so wire copy never reaches a page as
 * markup. */
#include "render/search_results.h"

#include "render/render.h"
#include "search/search.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------ JSON */

static char *marks_to(struct buf *b, const char *s, bool html)
{
	buf_reset(b);
	if (html)
		search_marks_html(b, s);
	else
		search_marks_plain(b, s);
	return b->err ? NULL : b->p;
}

/* The start of a day facet's value "YYYY-MM-DD" (UTC); false if it is no
 * such day. */
static bool day_start(const char *v, time_t *out)
{
	int y, m, d;
	char tail;
	if (!v || sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 ||
	    m > 12 || d < 1 || d > 31)
		return false;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
	*out = timegm(&tm);
	return true;
}

static json_t *facet_json(const struct facet *f, bool days)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < f->n; i++) {
		json_t *o = json_pack("{s:s?, s:I}", "value", f->v[i].value,
				      "count", (json_int_t)f->v[i].n);
		if (!o)
			continue; /* a value that is not UTF-8: left out */
		time_t t;
		if (days && day_start(f->v[i].value, &t)) {
			json_object_set_new(o, "since", render_time(t));
			json_object_set_new(o, "until", render_time(t + 86400));
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

json_t *render_search(const struct search_result *r, const char *canonical,
		      enum store_sort sort)
{
	json_t *items = json_array();
	struct buf b;
	buf_init(&b, 1u << 20);
	for (size_t i = 0; i < r->n; i++) {
		const struct search_hit *h = &r->hits[i];
		json_t *o = render_summary(&h->sum);
		json_object_set_new(o, "score", json_real(h->score));
		if (h->language)
			json_object_set_new(o, "language",
					    json_string(h->language));
		const char *v = marks_to(&b, h->headline_marked, true);
		if (v)
			json_object_set_new(o, "headline_html", json_string(v));
		v = marks_to(&b, h->snippet_marked, true);
		if (v)
			json_object_set_new(o, "snippet_html", json_string(v));
		v = marks_to(&b, h->snippet_marked, false);
		if (v)
			json_object_set_new(o, "snippet", json_string(v));
		json_array_append_new(items, o);
	}
	buf_free(&b);
	json_t *out = json_pack(
		"{s:s?, s:s, s:I, s:b, s:o, s:o}", "query", canonical, "sort",
		sort == STORE_SORT_TIME ? "time" : "rank", "total",
		(json_int_t)r->total, "total_exact", r->total_exact, "items",
		items, "next", r->next ? json_string(r->next) : json_null());
	if (out && (r->sources.n || r->sections.n || r->days.n ||
		    (r->total == 0 && r->facets_exact))) {
		json_t *f = json_pack("{s:o, s:o, s:o, s:b}", "source",
				      facet_json(&r->sources, false), "section",
				      facet_json(&r->sections, false), "day",
				      facet_json(&r->days, true), "exact",
				      r->facets_exact);
		json_object_set_new(out, "facets", f);
	}
	return out;
}

json_t *render_search_error(const char *q, const struct ow_err *err)
{
	size_t off = err->offset;
	if (q && off > strlen(q))
		off = strlen(q);
	json_t *j = json_pack("{s:s, s:s, s:I}", "error", "bad_query", "detail",
			      err->msg, "position",
			      (json_int_t)(q ? search_char_pos(q, off) : 1));
	return j ? j : json_pack("{s:s}", "error", "bad_query");
}

/* ------------------------------------------------------------------ HTML */

static void esc(struct buf *b, const char *s)
{
	search_marks_html(b, s); /* no marks in s: plain escaping */
}

static void url_enc(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
}

void render_search_href(struct buf *b, const char *path,
			const struct search_params *p, const char *key,
			const char *value)
{
	const char *names[] = {"q",        "source", "section", "language",
			       "priority", "since",  "until",   "sort"};
	const char *vals[] = {p->q,        p->source, p->section, p->language,
			      p->priority, p->since,  p->until,   p->sort};
	buf_puts(b, path);
	char sep = '?';
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		const char *v = key && !strcmp(key, names[i]) ? value : vals[i];
		if (!v || !*v)
			continue;
		buf_putc(b, sep);
		sep = '&';
		buf_puts(b, names[i]);
		buf_putc(b, '=');
		url_enc(b, v); /* only [A-Za-z0-9%._~-]: safe in HTML */
	}
}

/* "&" between parameters must be "&amp;" inside an attribute. */
static void href_attr(struct buf *b, const char *path,
		      const struct search_params *p, const char *key,
		      const char *value)
{
	struct buf t;
	buf_init(&t, 16384);
	render_search_href(&t, path, p, key, value);
	if (!t.err)
		for (size_t i = 0; i < t.len; i++) {
			if (t.p[i] == '&')
				buf_puts(b, "&amp;");
			else
				buf_putc(b, t.p[i]);
		}
	buf_free(&t);
}

static void put_count(struct buf *b, int64_t n)
{
	char d[32];
	int len = snprintf(d, sizeof d, "%lld", (long long)n);
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0 && d[0] != '-')
			buf_putc(b, ',');
		buf_putc(b, d[i]);
	}
}

static void facet_html(struct buf *b, const char *title, const char *key,
		       const struct facet *f, const char *path,
		       const struct search_params *p)
{
	if (!f->n)
		return;
	buf_printf(b, "<h2>%s</h2>\n<ul>\n", title);
	for (size_t i = 0; i < f->n; i++) {
		buf_puts(b, "<li><a href=\"");
		if (!strcmp(key, "day")) {
			/* a day narrows to [day, next day) */
			char since[32] = "", until[32] = "";
			time_t t;
			struct tm tm;
			if (day_start(f->v[i].value, &t)) {
				gmtime_r(&t, &tm);
				strftime(since, sizeof since,
					 "%Y-%m-%dT00:00:00Z", &tm);
				t += 86400;
				gmtime_r(&t, &tm);
				strftime(until, sizeof until,
					 "%Y-%m-%dT00:00:00Z", &tm);
			}
			struct search_params q = *p;
			q.since = since;
			href_attr(b, path, &q, "until", until);
		} else {
			href_attr(b, path, p, key, f->v[i].value);
		}
		buf_puts(b, "\">");
		esc(b, f->v[i].value);
		buf_puts(b, "</a> <span class=\"count\">");
		put_count(b, f->v[i].n);
		buf_puts(b, "</span></li>\n");
	}
	buf_puts(b, "</ul>\n");
}

void render_search_html(struct buf *b, const struct search_result *r,
			const char *path, const struct search_params *p)
{
	buf_puts(b,
		 "<section class=\"search-results\" "
		 "aria-label=\"Search results\">\n<p class=\"search-count\">");
	if (r->total == 0) {
		buf_puts(b, "No story matches.");
	} else {
		if (!r->total_exact)
			buf_puts(b, "About ");
		put_count(b, r->total);
		buf_puts(b,
			 r->total == 1 ? " story matches." : " stories match.");
	}
	buf_puts(b, "</p>\n");
	if (r->sources.n || r->sections.n || r->days.n) {
		buf_puts(b, "<nav class=\"search-facets\" "
			    "aria-label=\"Narrow the search\">\n");
		facet_html(b, "Source", "source", &r->sources, path, p);
		facet_html(b, "Section", "section", &r->sections, path, p);
		facet_html(b, "Day", "day", &r->days, path, p);
		if (!r->facets_exact)
			buf_puts(b, "<p class=\"note\">Counts are estimates."
				    "</p>\n");
		buf_puts(b, "</nav>\n");
	}
	if (r->n) {
		buf_puts(b, "<ol class=\"search-hits\">\n");
		for (size_t i = 0; i < r->n; i++) {
			const struct search_hit *h = &r->hits[i];
			char url[32];
			render_story_path(h->sum.id, url, sizeof url);
			buf_printf(b, "<li>\n<h3><a href=\"%s\">", url);
			search_marks_html(b, h->headline_marked
						     ? h->headline_marked
						     : h->sum.headline);
			buf_puts(b, "</a></h3>\n<p class=\"meta\">");
			if (h->sum.source) {
				esc(b, h->sum.source);
				buf_puts(b, " &middot; ");
			}
			char iso[32] = "", human[32] = "";
			time_t t = (time_t)h->sum.versioncreated;
			struct tm tm;
			if (gmtime_r(&t, &tm)) {
				strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ",
					 &tm);
				strftime(human, sizeof human,
					 "%Y-%m-%d %H:%M UTC", &tm);
			}
			buf_printf(b, "<time datetime=\"%s\">%s</time></p>\n",
				   iso, human);
			if (h->snippet_marked && *h->snippet_marked) {
				buf_puts(b, "<p class=\"snippet\">");
				search_marks_html(b, h->snippet_marked);
				buf_puts(b, "</p>\n");
			}
			buf_puts(b, "</li>\n");
		}
		buf_puts(b, "</ol>\n");
	}
	if (r->next) {
		buf_puts(b, "<p class=\"search-more\"><a rel=\"next\" href=\"");
		href_attr(b, path, p, NULL, NULL);
		buf_puts(b, "&amp;cursor=");
		url_enc(b, r->next);
		buf_puts(b, "\">More results</a></p>\n");
	}
	buf_puts(b, "</section>\n");
}
