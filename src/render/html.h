/* Rendering the site for people: HTML pages (home, sections and sources,
 * story, version history, search, errors), the embeddable ticker, and the
 * static assets compiled in from src/render/assets/. Pure: store structs in,
 * a malloc'd NUL-terminated string out (returns owned: free(); NULL when out
 * of memory). Every string from the wire is escaped on the way out; only a
 * story's body_html, already sanitised at ingest, is written as markup.
 *
 * Not for: reading the store, cookies or the clock (the routes in
 * src/serve/routes_site.c gather what a page shows and pass it in). */
#ifndef OW_RENDER_HTML_H
#define OW_RENDER_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* ------------------------------------------------------------ preferences */

/* The reader's text size (cookie "fs"); the page carries it as a class on
 * <html> so it holds across pages without JavaScript. */
enum html_font { HTML_FONT_NORMAL = 0, HTML_FONT_SMALL, HTML_FONT_LARGE };

const char *html_font_name(enum html_font f); /* "small", "normal", ... */
bool html_font_from_name(const char *s, enum html_font *out);

/* True for a path a redirect may go to: one of this site's, starting with a
 * single '/', without a scheme, host, backslash or control character. */
bool html_safe_back(const char *path);

/* ---------------------------------------------------------------- chrome */

/* What every page shares: header with search and navigation, the "Off the
 * wire" ticker strip, footer. All strings are raw (escaped when written) and
 * borrowed for the call. */
struct html_chrome {
	const char *path; /* this page's path and query (font links' back=) */
	enum html_font font;
	const char *query; /* the search box's value; NULL for empty */
	const struct story_page *ticker; /* NULL: no ticker strip */
	const char *const *sections;     /* section names for the nav */
	size_t n_sections;
	const char *const *sources; /* agency names for the nav */
	size_t n_sources;
	int64_t seq; /* the newest event the page shows: live updates resume
		      * after it */
};

/* The filters a ticker or list follows (the stream's own parameters). */
struct html_filter {
	const char *source, *section, *priority, *q; /* NULL: any */
};

/* A block of story lines under one heading. */
enum html_group_kind {
	HTML_GROUP_LATEST = 0, /* stories without a section: no link */
	HTML_GROUP_SECTION,    /* heading links to /sections/{name} */
	HTML_GROUP_SOURCE,     /* heading links to /sources/{name} */
};

struct html_group {
	enum html_group_kind kind;
	const char *name;
	const struct story_summary *items;
	size_t n;
};

/* ----------------------------------------------------------------- pages */

/* "/": the ticker, then the latest stories by section and by source. */
char *html_home(const struct html_chrome *c, const struct html_group *sections,
		size_t n_sections, const struct html_group *sources,
		size_t n_sources);

/* "/sections/{name}" and "/sources/{name}": one group as a page. `key` is
 * the name as it appears in the URL (for the next-page link); `next` the
 * store's cursor for older stories or NULL. */
char *html_list_page(const struct html_chrome *c, const struct html_group *g,
		     const char *key, const char *next);

/* "/search?q=": results of `q` (NULL or empty: only the form); `error`
 * explains a query the store refused (NULL when none). */
char *html_search_page(const struct html_chrome *c, const char *q,
		       const struct story_page *results, const char *error);

/* "/stories/{id}": the story as a reader sees it. `versions` are the
 * released versions, oldest first (for the short history); `also` the other
 * agencies' stories of the same event ("Also reported by"); `related` a few
 * other stories of the same section or source. */
char *html_story_page(const struct html_chrome *c, const struct story *st,
		      const struct story_summary *also, size_t n_also,
		      const struct story_summary *related, size_t n_related,
		      struct version *const *versions, size_t n_versions);

/* "/stories/{id}/history": each released version, oldest first, with a
 * word diff from the one before it. */
char *html_history_page(const struct html_chrome *c, const struct story *st,
			struct version *const *versions, size_t n_versions);

/* A 404 (or other status) page: `title` as the h1, `message` below it. */
char *html_error_page(const struct html_chrome *c, int status,
		      const char *title, const char *message);
/* A killed story's 410 page: the agency's kill notice, no copy. */
char *html_gone_page(const struct html_chrome *c, const struct story *st);

/* "/embed/ticker": a small page for an iframe, live when scripts run. */
char *html_embed_page(const struct story_page *items, int64_t seq,
		      const struct html_filter *f);
/* "/embed/ticker.js": the embed script (assets/embed.js) wrapped around the
 * current items, so it can draw them before its stream connects. */
char *html_embed_script(const struct story_page *items, int64_t seq);

/* The section a story is filed under: its first subject's name, else its
 * code; NULL when it has none. */
const char *html_story_section(const struct version *v);

/* ---------------------------------------------------------------- assets */

/* A file from src/render/assets/, compiled in at build time. */
struct html_asset {
	const char *name; /* "site.css" */
	const char *type; /* "text/css; charset=utf-8" */
	const unsigned char *data;
	size_t len;
	const char *hash; /* the first 16 hex digits of its SHA-256 */
};

/* The asset called `name`, or NULL. */
const struct html_asset *html_asset_find(const char *name);

#endif
