/* The site's list pages: home (the latest stories by section and by
 * source), a section's or a source's page, search results, and the error
 * pages (404, 410 for killed copy). */
#include "render/html_int.h"

#include <stdio.h>
#include <string.h>

/* One block of the home page: <section> with a heading and its lines. */
static void group_block(struct buf *b, const struct html_group *g,
			const char *hid, int level)
{
	buf_printf(b,
		   "<section class=\"block\" aria-labelledby=\"%s\">\n"
		   "<h%d id=\"%s\" class=\"block-title\">",
		   hid, level, hid);
	if (g->kind != HTML_GROUP_LATEST) {
		buf_puts(b, "<a href=\"");
		h_group_href(b, g->kind, g->name);
		buf_puts(b, "\">");
		h_esc(b, g->name);
		buf_puts(b, "</a>");
	} else {
		h_esc(b, g->name);
	}
	buf_printf(b, "</h%d>\n", level);
	/* home blocks hold a story under its first section only */
	const char *accept = g->kind == HTML_GROUP_SECTION  ? "first-section"
			     : g->kind == HTML_GROUP_SOURCE ? "source"
							    : "latest";
	h_story_list(b, g->items, g->n, accept,
		     g->kind == HTML_GROUP_LATEST ? NULL : g->name);
	buf_puts(b, "</section>\n");
}

char *html_home(const struct html_chrome *c, const struct html_group *sections,
		size_t n_sections, const struct html_group *sources,
		size_t n_sources)
{
	struct buf b;
	h_init(&b);
	h_page_open(&b, c, NULL, "home");
	buf_puts(&b, "<h1 class=\"page-title\">Latest from the wire</h1>\n");
	if (!n_sections && !n_sources)
		buf_puts(&b, "<p class=\"empty\">Nothing on the wire yet. "
			     "Stories appear here as soon as they are "
			     "filed.</p>\n");
	buf_puts(&b, "<div class=\"blocks\" data-live-blocks>\n");
	char hid[32];
	for (size_t i = 0; i < n_sections; i++) {
		snprintf(hid, sizeof hid, "sec-%zu", i);
		group_block(&b, &sections[i], hid, 2);
	}
	buf_puts(&b, "</div>\n");
	if (n_sources) {
		buf_puts(&b, "<section class=\"by-source\" "
			     "aria-labelledby=\"by-source\">\n<h2 "
			     "id=\"by-source\" class=\"band-title\">By "
			     "source</h2>\n<div class=\"blocks\">\n");
		for (size_t i = 0; i < n_sources; i++) {
			snprintf(hid, sizeof hid, "src-%zu", i);
			group_block(&b, &sources[i], hid, 3);
		}
		buf_puts(&b, "</div>\n</section>\n");
	}
	h_page_close(&b, c);
	return h_finish(&b);
}

char *html_list_page(const struct html_chrome *c, const struct html_group *g,
		     const char *key, const char *next)
{
	struct buf b;
	h_init(&b);
	h_page_open(&b, c, g->name, "list");
	struct h_crumb crumb = {g->name, NULL};
	h_crumbs(&b, &crumb, 1);
	buf_puts(&b, "<h1 class=\"page-title\">");
	h_esc(&b, g->name);
	buf_puts(&b, "</h1>\n");
	if (g->kind == HTML_GROUP_SOURCE)
		buf_puts(&b, "<p class=\"lede\">The latest stories from this "
			     "agency, newest first.</p>\n");
	else
		buf_puts(&b, "<p class=\"lede\">The latest stories in this "
			     "section, newest first.</p>\n");
	h_story_list(&b, g->items, g->n,
		     g->kind == HTML_GROUP_SOURCE ? "source" : "section", key);
	if (next) {
		buf_puts(&b, "<p class=\"more\"><a rel=\"next\" href=\"");
		h_group_href(&b, g->kind, key);
		buf_puts(&b, "?cursor=");
		h_url(&b, next);
		buf_puts(&b, "\">Older stories</a></p>\n");
	}
	h_page_close(&b, c);
	return h_finish(&b);
}

char *html_search_page(const struct html_chrome *c, const char *q,
		       const struct story_page *results, const char *error)
{
	struct buf b;
	h_init(&b);
	bool asked = q && *q;
	h_page_open(&b, c, asked ? q : "Search", "search-page");
	struct h_crumb crumb = {"Search", NULL};
	h_crumbs(&b, &crumb, 1);
	buf_puts(&b, "<h1 class=\"page-title\">");
	if (asked) {
		buf_puts(&b, "Search: ");
		h_esc(&b, q);
	} else {
		buf_puts(&b, "Search");
	}
	buf_puts(&b, "</h1>\n");
	if (error) {
		buf_puts(&b, "<p class=\"notice\">");
		h_esc(&b, error);
		buf_puts(&b, "</p>\n");
	} else if (!asked) {
		buf_puts(&b, "<p class=\"lede\">Type words in the search box "
			     "above: stories with every word are listed, "
			     "newest first.</p>\n");
	} else if (!results || !results->n) {
		buf_puts(&b, "<p class=\"lede\">No story has all of these "
			     "words.</p>\n");
	} else {
		buf_printf(&b,
			   "<p class=\"lede\">%zu %s with every word, newest "
			   "first.</p>\n",
			   results->n, results->n == 1 ? "story" : "stories");
		h_story_list(&b, results->items, results->n, "none", NULL);
	}
	h_page_close(&b, c);
	return h_finish(&b);
}

char *html_error_page(const struct html_chrome *c, int status,
		      const char *title, const char *message)
{
	struct buf b;
	h_init(&b);
	h_page_open(&b, c, title, "error");
	buf_printf(&b, "<p class=\"status-code\">Error %d</p>\n", status);
	buf_puts(&b, "<h1 class=\"page-title\">");
	h_esc(&b, title);
	buf_puts(&b, "</h1>\n<p class=\"lede\">");
	h_esc(&b, message);
	buf_puts(&b, "</p>\n<p><a href=\"/\">Go to the home page</a> or "
		     "search the wire with the box above.</p>\n");
	h_page_close(&b, c);
	return h_finish(&b);
}

char *html_gone_page(const struct html_chrome *c, const struct story *st)
{
	struct buf b;
	h_init(&b);
	h_page_open(&b, c, "Story withdrawn", "error gone");
	buf_puts(&b, "<p class=\"status-code\">Error 410</p>\n"
		     "<h1 class=\"page-title\">This story has been "
		     "withdrawn</h1>\n<div class=\"kill-notice\" "
		     "role=\"note\"><p>");
	h_esc(&b, st->kill_note && *st->kill_note
			  ? st->kill_note
			  : "The agency has withdrawn this story. It must "
			    "not be published.");
	buf_puts(&b, "</p>");
	if (st->sum.source) {
		buf_puts(&b, "<p class=\"meta\">Withdrawn by ");
		h_esc(&b, st->sum.source);
		if (st->sum.changed_at) {
			buf_puts(&b, ", ");
			h_time(&b, st->sum.changed_at, H_TIME_FULL);
		}
		buf_puts(&b, "</p>");
	}
	buf_puts(&b, "</div>\n<p><a href=\"/\">Go to the home "
		     "page</a></p>\n");
	h_page_close(&b, c);
	return h_finish(&b);
}
