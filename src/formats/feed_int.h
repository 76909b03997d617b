/* Private to the feed readers (feed_rss.c, feed_atom.c): what RSS and Atom
 * share. Reading a feed's XML the way a feed reader must (wrong charsets,
 * whitespace before the declaration, HTML entities, truncated documents) is
 * feed_read.c; namespace tests, text and body extraction, dates and the
 * byte range of each item are feed_common.c. */
#ifndef OW_FORMATS_FEED_INT_H
#define OW_FORMATS_FEED_INT_H

#include "formats/xml.h"

/* Namespaces the readers look at. */
#define FEED_NS_ATOM "http://www.w3.org/2005/Atom"
#define FEED_NS_ATOM03 "http://purl.org/atom/ns#"
#define FEED_NS_RSS1 "http://purl.org/rss/1.0/"
#define FEED_NS_RSS090 "http://my.netscape.com/rdf/simple/0.9/"
#define FEED_NS_RSS_USERLAND "http://backend.userland.com/rss2"
#define FEED_NS_DC "http://purl.org/dc/elements/1.1/"
#define FEED_NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define FEED_NS_WP "http://wordpress.org/export/"
#define FEED_NS_TOMBSTONES "http://purl.org/atompub/tombstones/1.0"

#define FEED_MAX_SUBJECTS 100 /* categories read per item */
#define FEED_MAX_AUTHORS 20   /* names joined into one byline */

/* A feed document and what reading it took. */
struct feed_doc {
	xmlDocPtr doc;
	xmlNode *root;
	bool recovered;    /* not well-formed; read by libxml2's recovery */
	char strict[256];  /* the strict parser's error, when recovered */
	const char *input; /* the caller's bytes, for item byte ranges */
	size_t input_len;
	long cur_line; /* a forward-only cursor over input's lines */
	size_t cur_off;
	size_t *item_off, *item_end; /* item byte ranges found by scanning */
	size_t n_items;
	bool scan_ok; /* one range per item node, in document order */
};

/* Reads a feed: fixes what a feed reader fixes (see feed_common.c), then
 * xml_read; if that fails, a second, recovering read with entities still
 * off, noted as an input warning. `what` is "rss" or "atom". On success
 * fd->doc is owned by the caller (feed_close). */
int feed_open(struct parse_result *r, const char *what, const char *buf,
	      size_t len, struct feed_doc *fd, struct ow_err *err);
void feed_close(struct feed_doc *fd);
/* The error for a feed that gave nothing: names the recovery if there was
 * one. */
int feed_no_items(const struct feed_doc *fd, const char *what,
		  struct ow_err *err);

/* True if n is an element named `local` (any case) in namespace `ns` (NULL:
 * in no namespace). An element whose prefix was never declared matches by
 * its conventional prefix (`prefix`, may be NULL). */
bool feed_is(const xmlNode *n, const char *local, const char *ns,
	     const char *prefix);
/* First child that feed_is(child, local, ns, prefix). */
xmlNode *feed_child(const xmlNode *parent, const char *local, const char *ns,
		    const char *prefix);
/* The namespace URI of n, or "" when it has none. */
const char *feed_ns(const xmlNode *n);

/* The text of an element, entities decoded once by the XML layer; NULL if
 * empty. Owned by r's arena, not squashed. */
const char *feed_raw_text(struct parse_result *r, const xmlNode *n);
/* A text field: plain text squashed (fmt_field). */
const char *feed_text(struct parse_result *r, const xmlNode *n);
/* Plain text of an HTML fragment (tags dropped, HTML entities decoded). */
const char *feed_html_text(struct parse_result *r, const char *html);
/* html_to_body on a fragment wrapped in a <div>: a feed's fragment often
 * starts with inline text, and must read as one block whatever options the
 * HTML parser runs with. */
int feed_html(struct parse_result *r, struct version *v, const char *html,
	      size_t len, struct ow_err *err);

/* Body kinds a feed element can carry. */
enum feed_body {
	FEED_BODY_TEXT,  /* plain text: paragraphs on blank lines */
	FEED_BODY_HTML,  /* escaped HTML (RSS description, Atom type=html) */
	FEED_BODY_XHTML, /* inline XHTML (Atom type=xhtml) */
};
/* Fills v's paragraphs (and body_html for markup) from element n. HTML with
 * no markup at all is read as text whose entities are HTML's. A body that
 * cannot be read leaves a warning on v, not an error. */
int feed_body(struct parse_result *r, struct version *v, xmlNode *n,
	      enum feed_body kind);

/* Reads a date: RFC 822 first when `rfc822`, else ISO 8601, then any form
 * text.h knows. A bad date or a missing zone becomes a warning on v. */
void feed_date(struct parse_result *r, struct version *v, const char *name,
	       const char *s, bool rfc822, int64_t *out);
/* A language tag as BCP 47 writes it ("en_US" -> "en-US"), in r's arena. */
const char *feed_lang(struct parse_result *r, const char *s);
/* The xml:lang in force at n (its own or an ancestor's), as feed_lang. */
const char *feed_lang_of(struct parse_result *r, const xmlNode *n);
/* The host of an http(s) URL without "www.", in r's arena; NULL if none. */
const char *feed_host(struct parse_result *r, const char *url);
/* Appends `name` to `list` after `sep` ("A, B"), in r's arena. */
const char *feed_join(struct parse_result *r, const char *list,
		      const char *name, const char *sep);
/* Finds the byte range of every element named `a` or `b` (any prefix) in
 * the input, outside comments and CDATA. Used for item ranges when it finds
 * exactly `n_nodes` of them. */
void feed_scan_items(struct parse_result *r, struct feed_doc *fd, const char *a,
		     const char *b, size_t n_nodes);
/* Sets v->raw_off/raw_len for the item numbered `index`: from the scan when
 * it matched, else from the lines of `item` and of `next` (the element after
 * it, or NULL), line-granular. */
void feed_raw_range(struct feed_doc *fd, struct version *v, size_t index,
		    const xmlNode *item, const xmlNode *next);
/* In a recovered document: true if the input holds no close tag for an
 * element named `local` from v's first line on (the document ended inside
 * this item, so what libxml2 made of it is a guess). */
bool feed_cut_off(const struct feed_doc *fd, const struct version *v,
		  const char *local);
/* fmt_finish and fmt_push; an item with neither headline nor body is
 * skipped with a reason instead of failing the feed. */
int feed_push(struct parse_result *r, struct version *v, const char *what,
	      size_t index, struct ow_err *err);

#endif
