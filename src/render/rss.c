/* The RSS 2.0 feed: the same stories as the Atom feed, one item each.
 * guid is the story's tag: URI (isPermaLink="false": the same across
 * versions), pubDate the current version's time in RFC 822, dc:creator the
 * byline (else the source), categories the priority (domain: offwire's
 * priority scheme) and the subjects, description the body as escaped HTML.
 * RSS has no deleted entries: a killed story simply leaves the feed. */
#include "render/feeds.h"

#include "render/render.h"
#include "render/xml_write_int.h"

#include <stdio.h>
#include <string.h>

#define DC_NS "http://purl.org/dc/elements/1.1/"
#define ATOM_NS "http://www.w3.org/2005/Atom"
#define PRIORITY_SCHEME FEED_TAG "priority"

static void category(struct xw *x, const char *domain, const char *value)
{
	xw_start(x, "category");
	xw_attr(x, "domain", domain);
	xw_text(x, value);
	xw_end(x);
}

static void item(struct xw *x, const struct feed_doc *f, const struct story *st)
{
	const struct story_summary *s = &st->sum;
	char tag[64], path[32], date[40];
	render_story_tag(s->id, tag, sizeof tag);
	render_story_path(s->id, path, sizeof path);
	xw_start(x, "item");
	xw_start(x, "title");
	xw_text(x, xw_story_title(x, st));
	xw_end(x);
	xw_elem(x, "link", xw_printf(x, "%s%s", f->base, path));
	xw_start(x, "description");
	xw_text(x, xw_story_html(x, st));
	xw_end(x);
	xw_elem(x, "dc:creator", xw_story_author(st));
	if (s->priority) {
		char term[32];
		snprintf(term, sizeof term, "priority:%s",
			 priority_name(s->priority));
		category(x, PRIORITY_SCHEME, term);
	}
	const struct version *v = st->current;
	for (size_t i = 0; v && i < v->n_subjects; i++) {
		const struct subject *sub = &v->subjects[i];
		const char *name =
			sub->name && *sub->name ? sub->name : sub->code;
		if (name && *name)
			category(x, xw_subject_scheme(sub), name);
	}
	xw_start(x, "guid");
	xw_attr(x, "isPermaLink", "false");
	xw_text(x, tag);
	xw_end(x);
	int64_t t = s->versioncreated ? s->versioncreated : s->changed_at;
	if (t) {
		xw_time_rfc822(t, date, sizeof date);
		xw_elem(x, "pubDate", date);
	}
	xw_end(x);
}

char *render_feed_rss(const struct feed_doc *f, size_t *len)
{
	struct xw x;
	if (!xw_begin(&x))
		return NULL;
	xw_start(&x, "rss");
	xw_attr(&x, "version", "2.0");
	xw_attr(&x, "xmlns:dc", DC_NS);
	xw_attr(&x, "xmlns:atom", ATOM_NS);
	xw_start(&x, "channel");
	xw_elem(&x, "title", f->title);
	xw_elem(&x, "link", xw_printf(&x, "%s/", f->base));
	xw_elem(&x, "description",
		"Stories off the wire, newest first, each at its current "
		"version.");
	xw_start(&x, "atom:link");
	xw_attr(&x, "rel", "self");
	xw_attr(&x, "type", "application/rss+xml");
	xw_attr(&x, "href", f->self);
	xw_end(&x);
	char date[40];
	if (f->updated) {
		xw_time_rfc822(f->updated, date, sizeof date);
		xw_elem(&x, "lastBuildDate", date);
	}
	xw_elem(&x, "generator", "offwire " OW_VERSION);
	for (size_t i = 0; i < f->n; i++)
		item(&x, f, &f->entries[i]);
	xw_end(&x);
	xw_end(&x);
	return xw_finish(&x, len);
}
