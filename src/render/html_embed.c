/* The ticker for other sites: /embed/ticker, a small page for an iframe,
 * and /embed/ticker.js, a script that draws the ticker into the including
 * page (assets/embed.js wrapped around the current items as JSON). */
#include "render/html_int.h"

#include "render/render.h"

#include <stdlib.h>
#include <string.h>

static void filter_param(struct buf *b, bool *first, const char *name,
			 const char *value)
{
	if (!value || !*value)
		return;
	if (!*first)
		buf_putc(b, '&');
	*first = false;
	buf_puts(b, name);
	buf_putc(b, '=');
	h_url(b, value);
}

char *html_embed_page(const struct story_page *items, int64_t seq,
		      const struct html_filter *f)
{
	struct buf b;
	h_init(&b);
	const struct html_asset *css = html_asset_find("site.css");
	const struct html_asset *js = html_asset_find("site.js");
	buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		     "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
		     "content=\"width=device-width, initial-scale=1\">\n"
		     "<link rel=\"icon\" href=\"data:,\">\n"
		     "<title>Off the wire - offwire</title>\n"
		     "<link rel=\"stylesheet\" href=\"/static/site.css?v=");
	buf_puts(&b, css ? css->hash : "0");
	buf_puts(&b, "\">\n<script src=\"/static/site.js?v=");
	buf_puts(&b, js ? js->hash : "0");
	buf_puts(&b, "\" defer></script>\n</head>\n<body class=\"embed\" "
		     "data-seq=\"");
	h_int(&b, seq);
	buf_puts(&b, "\" data-stream=\"");
	/* the stream's query: encoded once for the URL, escaped for HTML */
	struct buf q;
	h_init(&q);
	bool first = true;
	filter_param(&q, &first, "source", f ? f->source : NULL);
	filter_param(&q, &first, "section", f ? f->section : NULL);
	filter_param(&q, &first, "priority", f ? f->priority : NULL);
	filter_param(&q, &first, "q", f ? f->q : NULL);
	if (q.err)
		b.err = q.err;
	else
		h_esc(&b, q.p);
	buf_free(&q);
	buf_puts(&b, "\">\n<main class=\"embed-main\">\n"
		     "<h1 class=\"embed-title\"><a href=\"/\" "
		     "target=\"_blank\" rel=\"noopener\">Off the wire</a>"
		     "</h1>\n<ul class=\"ticker-list embed-list\" "
		     "data-live=\"ticker\" data-max=\"20\">\n");
	h_ticker_items(&b, items, true);
	buf_puts(&b, "</ul>\n");
	if (!items || !items->n)
		buf_puts(&b, "<p class=\"embed-empty\">No stories yet.</p>\n");
	buf_puts(&b, "</main>\n</body>\n</html>\n");
	return h_finish(&b);
}

char *html_embed_script(const struct story_page *items, int64_t seq)
{
	const struct html_asset *js = html_asset_find("embed.js");
	if (!js)
		return NULL;
	json_t *init = json_pack("{s:I, s:o}", "seq", (json_int_t)seq, "items",
				 render_ticker(items));
	/* JSON is a subset of JavaScript; '/' is escaped as well so the
	 * data can never close a <script> element it is pasted into */
	char *data = init ? json_dumps(init, JSON_COMPACT | JSON_ESCAPE_SLASH)
			  : NULL;
	json_decref(init);
	if (!data)
		return NULL;
	struct buf b;
	h_init(&b);
	buf_puts(&b, "/* offwire ticker: include this script with an optional "
		     "data-target=\"element-id\" */\n(function (init) {\n");
	buf_append(&b, js->data, js->len);
	buf_puts(&b, "\n})(");
	buf_puts(&b, data);
	buf_puts(&b, ");\n");
	free(data);
	return h_finish(&b);
}
