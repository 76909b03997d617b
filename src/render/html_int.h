/* Private to src/render: the pieces the HTML pages are built from (escaping,
 * URLs, times, the page chrome, story lines). Everything appends to a
 * struct buf whose error is sticky and checked once, in h_finish. */
#ifndef OW_RENDER_HTML_INT_H
#define OW_RENDER_HTML_INT_H

#include "common/buf.h"
#include "render/html.h"

#define HTML_MAX (32u << 20) /* no page is larger than this */

void h_init(struct buf *b);
/* The page as an owned string, or NULL (and the buffer freed) on error. */
char *h_finish(struct buf *b);

/* Text as HTML content or attribute value: & < > " ' escaped, C0 control
 * characters (but tab and newlines) and DEL dropped. NULL writes nothing. */
void h_esc(struct buf *b, const char *s);
void h_escn(struct buf *b, const char *s, size_t len);
/* Percent-encodes s for a path segment or a query value. */
void h_url(struct buf *b, const char *s);
void h_int(struct buf *b, int64_t n);

/* <time datetime="RFC 3339">...</time> in one of these styles. */
enum h_time_style {
	H_TIME_CLOCK, /* "10:42 UTC" */
	H_TIME_SHORT, /* "Mar 3, 10:42 UTC" */
	H_TIME_DATE,  /* "March 3, 2026" */
	H_TIME_FULL,  /* "March 3, 2026, 10:42 UTC" */
};
void h_time(struct buf *b, int64_t t, enum h_time_style style);

/* "FLASH", "BULLETIN", "URGENT" as a label; nothing for routine copy. */
void h_priority(struct buf *b, enum priority p);
/* href="/sections/World" (kind SECTION) or "/sources/..." (SOURCE). */
void h_group_href(struct buf *b, enum html_group_kind kind, const char *name);

/* One line of a story list: headline link, priority, source, time. */
void h_story_item(struct buf *b, const struct story_summary *s);
/* <ul class="stories" data-live=...> with the lines; `accept` says which new
 * stories the live script may add (see site.js), `key` its value. */
void h_story_list(struct buf *b, const struct story_summary *items, size_t n,
		  const char *accept, const char *key);

/* The ticker's lines (<li> elements) for the strip and the embed page. */
void h_ticker_items(struct buf *b, const struct story_page *p, bool new_window);

/* A breadcrumb trail "You are here: Home > ...": n crumbs after Home; a
 * crumb with a NULL href is the current page. */
struct h_crumb {
	const char *label;
	const char *href; /* already a safe path built by the caller */
};
void h_crumbs(struct buf *b, const struct h_crumb *c, size_t n);

/* Everything before the page's own content (ending inside <main>), and
 * everything after it. `title` goes into <title> before " - offwire". */
void h_page_open(struct buf *b, const struct html_chrome *c, const char *title,
		 const char *body_class);
void h_page_close(struct buf *b, const struct html_chrome *c);

/* The A- / A / A+ control: links that work without script. */
void h_font_control(struct buf *b, const struct html_chrome *c);

/* "<p>..</p>" per paragraph (PARA_PRE as <pre>), escaped. */
void h_paras(struct buf *b, const struct para *p, size_t n);

#endif
