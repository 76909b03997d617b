/* The building blocks of every HTML page: escaping, URLs, dates, the page
 * chrome (head, header with search and navigation, the "Off the wire" strip,
 * footer), story lines and breadcrumbs. The pages themselves are in
 * html_lists.c, html_story.c and html_embed.c. */
#include "render/html_int.h"

#include "text/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ preferences */

const char *html_font_name(enum html_font f)
{
	switch (f) {
	case HTML_FONT_SMALL: return "small";
	case HTML_FONT_LARGE: return "large";
	case HTML_FONT_NORMAL: break;
	}
	return "normal";
}

bool html_font_from_name(const char *s, enum html_font *out)
{
	if (!s)
		return false;
	if (!strcmp(s, "small"))
		*out = HTML_FONT_SMALL;
	else if (!strcmp(s, "large"))
		*out = HTML_FONT_LARGE;
	else if (!strcmp(s, "normal"))
		*out = HTML_FONT_NORMAL;
	else
		return false;
	return true;
}

bool html_safe_back(const char *p)
{
	/* "//host" and "/\host" are other sites to a browser */
	if (!p || p[0] != '/' || p[1] == '/' || p[1] == '\\')
		return false;
	for (; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch <= 0x20 || ch >= 0x7f || ch == '\\')
			return false;
	}
	return true;
}

const char *html_story_section(const struct version *v)
{
	if (!v || !v->n_subjects)
		return NULL;
	const struct subject *s = &v->subjects[0];
	if (s->name && *s->name)
		return s->name;
	return s->code && *s->code ? s->code : NULL;
}

/* ----------------------------------------------------------------- basics */

void h_init(struct buf *b)
{
	buf_init(b, HTML_MAX);
}

char *h_finish(struct buf *b)
{
	if (b->err) {
		buf_free(b);
		return NULL;
	}
	return buf_detach(b, NULL);
}

void h_escn(struct buf *b, const char *s, size_t len)
{
	if (!s)
		return;
	const char *run = s, *end = s + len;
	for (const char *p = s; p < end; p++) {
		unsigned char ch = (unsigned char)*p;
		const char *rep = NULL;
		switch (ch) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			if ((ch < 0x20 && ch != '\t' && ch != '\n' &&
			     ch != '\r') ||
			    ch == 0x7f)
				rep = "";
		}
		if (!rep)
			continue;
		buf_append(b, run, (size_t)(p - run));
		buf_puts(b, rep);
		run = p + 1;
	}
	buf_append(b, run, (size_t)(end - run));
}

void h_esc(struct buf *b, const char *s)
{
	if (s)
		h_escn(b, s, strlen(s));
}

void h_url(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' ||
		    ch == '_' || ch == '~') {
			buf_putc(b, (char)ch);
		} else {
			char e[3] = {'%', hex[ch >> 4], hex[ch & 15]};
			buf_append(b, e, 3);
		}
	}
}

void h_int(struct buf *b, int64_t n)
{
	buf_printf(b, "%lld", (long long)n);
}

/* --------------------------------------------------------------- times */

static const char *const month_long[] = {
	"January", "February", "March",     "April",   "May",      "June",
	"July",    "August",   "September", "October", "November", "December"};
static const char *const month_short[] = {"Jan", "Feb", "Mar", "Apr",
					  "May", "Jun", "Jul", "Aug",
					  "Sep", "Oct", "Nov", "Dec"};

void h_time(struct buf *b, int64_t t, enum h_time_style style)
{
	if (!t)
		return;
	char iso[40];
	time_format_rfc3339(t, iso, sizeof iso);
	/* "2026-03-03T10:42:00Z": read the fields back from it */
	int y = 0, mo = 0, d = 0, hh = 0, mi = 0;
	if (sscanf(iso, "%d-%d-%dT%d:%d", &y, &mo, &d, &hh, &mi) != 5 ||
	    mo < 1 || mo > 12)
		return;
	buf_puts(b, "<time datetime=\"");
	buf_puts(b, iso);
	buf_puts(b, "\">");
	switch (style) {
	case H_TIME_CLOCK: buf_printf(b, "%02d:%02d UTC", hh, mi); break;
	case H_TIME_SHORT:
		buf_printf(b, "%s %d, %02d:%02d UTC", month_short[mo - 1], d,
			   hh, mi);
		break;
	case H_TIME_DATE:
		buf_printf(b, "%s %d, %d", month_long[mo - 1], d, y);
		break;
	case H_TIME_FULL:
		buf_printf(b, "%s %d, %d, %02d:%02d UTC", month_long[mo - 1], d,
			   y, hh, mi);
		break;
	}
	buf_puts(b, "</time>");
}

/* ---------------------------------------------------------- story lines */

void h_priority(struct buf *b, enum priority p)
{
	const char *label = p == PRIORITY_FLASH      ? "FLASH"
			    : p == PRIORITY_BULLETIN ? "BULLETIN"
			    : p == PRIORITY_URGENT   ? "URGENT"
						     : NULL;
	if (label)
		buf_printf(b, "<span class=\"pri pri-%s\">%s</span> ",
			   priority_name(p), label);
}

void h_group_href(struct buf *b, enum html_group_kind kind, const char *name)
{
	buf_puts(b, kind == HTML_GROUP_SOURCE ? "/sources/" : "/sections/");
	h_url(b, name);
}

void h_story_item(struct buf *b, const struct story_summary *s)
{
	buf_puts(b, "<li class=\"item\" data-id=\"");
	h_int(b, s->id);
	buf_puts(b, "\"><a class=\"hl\" href=\"/stories/");
	h_int(b, s->id);
	buf_puts(b, "\">");
	h_priority(b, s->priority);
	h_esc(b, s->headline && *s->headline ? s->headline : "(no headline)");
	buf_puts(b, "</a> <span class=\"meta\">");
	if (s->source) {
		buf_puts(b, "<span class=\"src\">");
		h_esc(b, s->source);
		buf_puts(b, "</span> ");
	}
	h_time(b, s->versioncreated, H_TIME_SHORT);
	buf_puts(b, "</span></li>\n");
}

void h_story_list(struct buf *b, const struct story_summary *items, size_t n,
		  const char *accept, const char *key)
{
	buf_puts(b, "<ul class=\"stories\" data-live=\"list\" data-accept=\"");
	h_esc(b, accept);
	buf_puts(b, "\"");
	if (key) {
		buf_puts(b, " data-key=\"");
		h_esc(b, key);
		buf_puts(b, "\"");
	}
	buf_printf(b, " data-max=\"%zu\">\n", n > 6 ? n : 6);
	for (size_t i = 0; i < n; i++)
		h_story_item(b, &items[i]);
	buf_puts(b, "</ul>\n");
}

void h_ticker_items(struct buf *b, const struct story_page *p, bool new_window)
{
	for (size_t i = 0; p && i < p->n; i++) {
		const struct story_summary *s = &p->items[i];
		buf_puts(b, "<li data-id=\"");
		h_int(b, s->id);
		if (s->cluster) {
			/* live updates fold later reports of the event in */
			buf_puts(b, "\" data-cluster=\"");
			h_int(b, s->cluster);
			buf_puts(b, "\" data-sources=\"");
			h_esc(b, s->event_sources ? s->event_sources : "");
		}
		buf_puts(b, "\"><a href=\"/stories/");
		h_int(b, s->id);
		buf_puts(b, new_window
				    ? "\" target=\"_blank\" rel=\"noopener\">"
				    : "\">");
		h_priority(b, s->priority);
		h_esc(b, s->headline && *s->headline ? s->headline
						     : "(no headline)");
		buf_puts(b, "</a>");
		if (s->n_event_sources > 1) {
			buf_puts(b, " <span class=\"sources\">");
			h_int(b, s->n_event_sources);
			buf_puts(b, " sources</span>");
		}
		buf_puts(b, "</li>\n");
	}
}

void h_crumbs(struct buf *b, const struct h_crumb *c, size_t n)
{
	buf_puts(b, "<nav class=\"crumbs\" aria-label=\"Breadcrumb\">"
		    "<span class=\"crumbs-label\">You are here:</span> <ol>"
		    "<li><a href=\"/\">Home</a></li>");
	for (size_t i = 0; i < n; i++) {
		if (c[i].href) {
			buf_puts(b, "<li><a href=\"");
			buf_puts(b, c[i].href);
			buf_puts(b, "\">");
			h_esc(b, c[i].label);
			buf_puts(b, "</a></li>");
		} else {
			buf_puts(b, "<li><span aria-current=\"page\">");
			h_esc(b, c[i].label);
			buf_puts(b, "</span></li>");
		}
	}
	buf_puts(b, "</ol></nav>\n");
}

void h_paras(struct buf *b, const struct para *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool pre = p[i].kind == PARA_PRE;
		buf_puts(b, pre ? "<pre>" : "<p>");
		h_esc(b, p[i].text);
		buf_puts(b, pre ? "</pre>\n" : "</p>\n");
	}
}

/* ---------------------------------------------------------------- chrome */

static void asset_ref(struct buf *b, const char *name)
{
	const struct html_asset *a = html_asset_find(name);
	buf_puts(b, "/static/");
	buf_puts(b, name);
	if (a) {
		buf_puts(b, "?v=");
		buf_puts(b, a->hash);
	}
}

static void head(struct buf *b, const struct html_chrome *c, const char *title)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"");
	if (c->font != HTML_FONT_NORMAL)
		buf_printf(b, " class=\"fs-%s\"", html_font_name(c->font));
	buf_puts(b, ">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, "
		    "initial-scale=1\">\n<link rel=\"icon\" href=\"data:,\">\n"
		    "<title>");
	if (title && *title) {
		h_esc(b, title);
		buf_puts(b, " - ");
	}
	buf_puts(b, "offwire</title>\n<link rel=\"stylesheet\" href=\"");
	asset_ref(b, "site.css");
	buf_puts(b, "\">\n<link rel=\"alternate\" "
		    "type=\"application/atom+xml\" title=\"offwire: latest "
		    "stories\" href=\"/feeds/atom\">\n<script src=\"");
	asset_ref(b, "site.js");
	buf_puts(b, "\" defer></script>\n</head>\n");
}

static void nav(struct buf *b, const struct html_chrome *c)
{
	buf_puts(b, "<nav class=\"sections\" aria-label=\"Sections\">"
		    "<ul class=\"wrap\">\n<li><a href=\"/\">Home</a></li>\n");
	for (size_t i = 0; i < c->n_sections; i++) {
		buf_puts(b, "<li><a href=\"");
		h_group_href(b, HTML_GROUP_SECTION, c->sections[i]);
		buf_puts(b, "\">");
		h_esc(b, c->sections[i]);
		buf_puts(b, "</a></li>\n");
	}
	for (size_t i = 0; i < c->n_sources; i++) {
		buf_puts(b, "<li class=\"nav-src\"><a href=\"");
		h_group_href(b, HTML_GROUP_SOURCE, c->sources[i]);
		buf_puts(b, "\">");
		h_esc(b, c->sources[i]);
		buf_puts(b, "</a></li>\n");
	}
	buf_puts(b, "</ul></nav>\n");
}

void h_page_open(struct buf *b, const struct html_chrome *c, const char *title,
		 const char *body_class)
{
	head(b, c, title);
	buf_puts(b, "<body");
	if (body_class)
		buf_printf(b, " class=\"%s\"", body_class);
	buf_printf(b, " data-seq=\"%lld\">\n", (long long)c->seq);
	buf_puts(b, "<a class=\"skip\" href=\"#main\">Skip to main "
		    "content</a>\n<header class=\"masthead\">\n"
		    "<div class=\"bar wrap\">\n<a class=\"brand\" href=\"/\">"
		    "<span class=\"brand-off\">off</span>wire</a>\n"
		    "<form class=\"search\" role=\"search\" action=\"/search\" "
		    "method=\"get\">\n<label for=\"site-q\">Search "
		    "stories</label>\n<input id=\"site-q\" name=\"q\" "
		    "type=\"search\" maxlength=\"200\" value=\"");
	h_esc(b, c->query);
	buf_puts(b, "\">\n<button type=\"submit\">Search</button>\n"
		    "</form>\n</div>\n");
	nav(b, c);
	buf_puts(b, "</header>\n");
	if (c->ticker) {
		buf_puts(b, "<section class=\"ticker\" "
			    "aria-labelledby=\"ticker-label\">\n"
			    "<div class=\"wrap ticker-in\">\n"
			    "<p class=\"ticker-label\" id=\"ticker-label\">Off "
			    "the wire</p>\n<ul class=\"ticker-list\" "
			    "data-live=\"ticker\" data-max=\"20\">\n");
		h_ticker_items(b, c->ticker, false);
		buf_puts(b, "</ul>\n</div>\n</section>\n");
	}
	/* the live script says here when the page's story changes */
	buf_puts(b, "<main id=\"main\" class=\"wrap\" tabindex=\"-1\">\n"
		    "<p class=\"live-status\" role=\"status\" "
		    "aria-live=\"polite\"></p>\n");
}

void h_page_close(struct buf *b, const struct html_chrome *c)
{
	(void)c;
	buf_puts(b,
		 "</main>\n<footer class=\"site-foot\">\n<div class=\"wrap\">"
		 "\n<p><span class=\"brand-small\">offwire</span>: wire copy "
		 "as the agencies send it, every version kept.</p>\n"
		 "<ul>\n<li><a href=\"/feeds/atom\">Atom feed</a></li>\n"
		 "<li><a href=\"/feeds/rss\">RSS feed</a></li>\n"
		 "<li><a href=\"/api/v1/ticker\">JSON API</a></li>\n"
		 "<li><a href=\"/embed/ticker\">Embeddable "
		 "ticker</a></li>\n</ul>\n</div>\n</footer>\n"
		 "</body>\n</html>\n");
}

void h_font_control(struct buf *b, const struct html_chrome *c)
{
	static const struct {
		enum html_font f;
		const char *text, *hidden;
	} btn[] = {
		{HTML_FONT_SMALL, "A-", " smaller text"},
		{HTML_FONT_NORMAL, "A", " normal text"},
		{HTML_FONT_LARGE, "A+", " larger text"},
	};
	buf_puts(b, "<div class=\"fontsize\" role=\"group\" "
		    "aria-labelledby=\"fs-label\">"
		    "<span id=\"fs-label\" class=\"fontsize-label\">Text "
		    "size</span>");
	const char *back = html_safe_back(c->path) ? c->path : "/";
	for (size_t i = 0; i < sizeof btn / sizeof *btn; i++) {
		const char *name = html_font_name(btn[i].f);
		buf_printf(b,
			   "<a class=\"fs-%s\" href=\"/prefs/font?size=%s"
			   "&amp;back=",
			   name, name);
		h_url(b, back);
		buf_printf(b, "\" data-fs=\"%s\"", name);
		if (btn[i].f == c->font)
			buf_puts(b, " aria-current=\"true\"");
		buf_printf(b, ">%s<span class=\"vh\">%s</span></a>",
			   btn[i].text, btn[i].hidden);
	}
	buf_puts(b, "</div>\n");
}
