/* Stories as XML for machines: Atom 1.0 and RSS 2.0 feeds (atom.c, rss.c),
 * one story as NITF 3.6 (nitf_out.c) or as a NewsML-G2 newsItem
 * (newsmlg2_out.c). Pure: store structs in, XML text out. Every document is
 * built with libxml2's xmlTextWriter over text first reduced to what XML 1.0
 * allows (xml_write.c), so wire copy cannot break the markup. Choosing which
 * stories go in a feed, and answering HTTP, is the routes' job. */
#ifndef OW_FEEDS_H
#define OW_FEEDS_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* A story's id in every XML rendering: "tag:offwire,2026:story/42", the
 * same for all its versions (Atom entry id, RSS guid, NITF doc-id, G2 guid). */
#define FEED_TAG "tag:offwire,2026:"
void render_story_tag(int64_t id, char *out, size_t n);

/* A killed story, shown in Atom as an RFC 6721 deleted entry. */
struct feed_gone {
	int64_t id;
	int64_t when;       /* when it was killed */
	const char *notice; /* the kill notice; may be NULL */
	const char *source; /* may be NULL */
};

/* One feed document. Strings are borrowed; `base` ("http://host:port",
 * no trailing slash) is the caller's to have checked. */
struct feed_doc {
	const char *base;
	const char *self; /* absolute URL of this feed (rel="self") */
	const char *id;   /* the feed's own tag: URI (Atom) */
	const char
		*title;  /* "offwire" plus the filter, as the caller words it */
	int64_t updated; /* newest change in it; 0 when empty */
	const struct story *entries; /* live stories, newest first */
	size_t n;
	const struct feed_gone *gone; /* Atom only */
	size_t n_gone;
};

/* Each returns an owned, NUL-terminated XML document (free()) and its
 * length in *len (len may be NULL); NULL when out of memory. */
char *render_feed_atom(const struct feed_doc *f, size_t *len);
char *render_feed_rss(const struct feed_doc *f, size_t *len);
/* A live story's current view as NITF 3.6 (namespaced, IPTC's XSD form). */
char *render_story_nitf(const struct story *st, size_t *len);
/* The same as a NewsML-G2 newsItem with the text as inline XHTML. */
char *render_story_newsmlg2(const struct story *st, size_t *len);

#endif
