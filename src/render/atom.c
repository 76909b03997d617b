/* The Atom 1.0 feed (RFC 4287): one entry per live story at its current
 * version, and killed stories as RFC 6721 deleted entries so that readers
 * holding them drop them.
 *
 * Each entry: id (the story's tag: URI, stable across versions), title (the
 * headline, "FLASH: " / "BULLETIN: " before it), updated (the current
 * version's versioncreated), published (firstcreated), author (byline, else
 * the source), category (a "priority:flash" term in offwire's priority
 * scheme, then the subjects), link rel=alternate to the site's page, summary
 * (the first paragraph, text) and content (the body as HTML, escaped once,
 * type="html"). */
#include "render/feeds.h"

#include "render/render.h"
#include "render/xml_write_int.h"
#include "text/text.h"

#include <stdio.h>
#include <string.h>

#define ATOM_NS "http://www.w3.org/2005/Atom"
#define TOMBSTONE_NS "http://purl.org/atompub/tombstones/1.0"

/* The scheme of the priority categories, in feeds and nowhere else. */
#define PRIORITY_SCHEME FEED_TAG "priority"

static void link_to(struct xw *x, const char *rel, const char *type,
		    const char *href)
{
	xw_start(x, "link");
	xw_attr(x, "rel", rel);
	xw_attr(x, "type", type);
	xw_attr(x, "href", href);
	xw_end(x);
}

static void person(struct xw *x, const char *elem, const char *name)
{
	xw_start(x, elem);
	xw_start(x, "name");
	xw_text(x, name);
	xw_end(x);
	xw_end(x);
}

static void categories(struct xw *x, const struct story *st)
{
	const struct story_summary *s = &st->sum;
	if (s->priority) {
		char term[32];
		snprintf(term, sizeof term, "priority:%s",
			 priority_name(s->priority));
		xw_start(x, "category");
		xw_attr(x, "term", term);
		xw_attr(x, "scheme", PRIORITY_SCHEME);
		xw_attr(x, "label", priority_name(s->priority));
		xw_end(x);
	}
	const struct version *v = st->current;
	for (size_t i = 0; v && i < v->n_subjects; i++) {
		const struct subject *sub = &v->subjects[i];
		bool code = sub->code && *sub->code;
		bool name = sub->name && *sub->name;
		if (!code && !name)
			continue;
		xw_start(x, "category");
		xw_attr(x, "term", code ? sub->code : sub->name);
		xw_attr(x, "scheme", code ? xw_subject_scheme(sub) : NULL);
		xw_attr(x, "label", code && name ? sub->name : NULL);
		xw_end(x);
	}
}

static void entry(struct xw *x, const struct feed_doc *f,
		  const struct story *st)
{
	const struct story_summary *s = &st->sum;
	char tag[64], path[32];
	render_story_tag(s->id, tag, sizeof tag);
	render_story_path(s->id, path, sizeof path);
	xw_start(x, "entry");
	xw_elem(x, "id", tag);
	xw_start(x, "title");
	xw_attr(x, "type", "text");
	xw_text(x, xw_story_title(x, st));
	xw_end(x);
	int64_t updated = s->versioncreated ? s->versioncreated
			  : s->changed_at   ? s->changed_at
					    : f->updated;
	xw_elem_time(x, "updated", updated ? updated : 1);
	xw_elem_time(x, "published", s->firstcreated);
	person(x, "author", xw_story_author(st));
	categories(x, st);
	link_to(x, "alternate", "text/html",
		xw_printf(x, "%s%s", f->base, path));
	const char *lede = xw_story_lede(st);
	if (lede) {
		xw_start(x, "summary");
		xw_attr(x, "type", "text");
		xw_text(x, lede);
		xw_end(x);
	}
	xw_start(x, "content");
	xw_attr(x, "type", "html");
	xw_text(x, xw_story_html(x, st));
	xw_end(x);
	xw_end(x);
}

/* RFC 6721: <at:deleted-entry ref="entry id" when="kill time">. */
static void tombstone(struct xw *x, const struct feed_gone *g)
{
	char tag[64], when[40];
	render_story_tag(g->id, tag, sizeof tag);
	time_format_rfc3339(g->when ? g->when : 1, when, sizeof when);
	xw_start(x, "at:deleted-entry");
	xw_attr(x, "ref", tag);
	xw_attr(x, "when", when);
	if (g->source && *g->source)
		person(x, "at:by", g->source);
	xw_elem(x, "at:comment",
		g->notice && *g->notice ? g->notice
					: "This story has been withdrawn.");
	xw_end(x);
}

char *render_feed_atom(const struct feed_doc *f, size_t *len)
{
	struct xw x;
	if (!xw_begin(&x))
		return NULL;
	xw_start_ns(&x, NULL, "feed", ATOM_NS);
	xw_attr(&x, "xmlns:at", TOMBSTONE_NS);
	xw_elem(&x, "id", f->id);
	xw_start(&x, "title");
	xw_attr(&x, "type", "text");
	xw_text(&x, f->title);
	xw_end(&x);
	/* a feed needs an updated even when empty: the epoch says "never" */
	char t[40];
	time_format_rfc3339(f->updated ? f->updated : 1, t, sizeof t);
	xw_elem(&x, "updated", t);
	link_to(&x, "self", "application/atom+xml", f->self);
	link_to(&x, "alternate", "text/html", xw_printf(&x, "%s/", f->base));
	/* entries without an author of their own would inherit this one */
	person(&x, "author", "offwire");
	xw_start(&x, "generator");
	xw_attr(&x, "version", OW_VERSION);
	xw_text(&x, "offwire");
	xw_end(&x);
	/* before the entries: RFC 4287's schema keeps extension elements in
	 * the feed's head, and RFC 6721 readers look anywhere */
	for (size_t i = 0; i < f->n_gone; i++)
		tombstone(&x, &f->gone[i]);
	for (size_t i = 0; i < f->n; i++)
		entry(&x, f, &f->entries[i]);
	xw_end(&x);
	return xw_finish(&x, len);
}
