/* Private to src/render: a thin, sticky-error layer over libxml2's
 * xmlTextWriter for the XML renderings (feeds.h), and what they share about
 * a story (its HTML body, title, author, times).
 *
 * Why xmlTextWriter: it escapes &, <, > and quotes by itself and cannot leave
 * an element unclosed or an attribute unquoted. What it does not do is
 * refuse characters XML 1.0 forbids (most C0 controls, U+FFFE, broken UTF-8);
 * every string from a story therefore passes through xw_clean first, which
 * every xw_ function that takes text does. Names passed to xw_ are ours,
 * never wire copy. */
#ifndef OW_XML_WRITE_INT_H
#define OW_XML_WRITE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"
#include "store/store.h"

struct xw {
	void *buf;       /* xmlBufferPtr */
	void *w;         /* xmlTextWriterPtr */
	struct arena *a; /* scratch for cleaned strings, freed at the end */
	bool err;        /* sticky: once set, the document is dropped */
};

/* Starts a document (<?xml version="1.0" encoding="UTF-8"?>, indented);
 * false when out of memory (nothing to free then). */
bool xw_begin(struct xw *x);
/* Closes open elements and returns the document (owned, free()), its length
 * in *len (may be NULL); NULL if anything failed. Frees x's resources. */
char *xw_finish(struct xw *x, size_t *len);

/* A copy of s (in x's arena; s itself when already clean) holding only what
 * XML 1.0 allows and offwire wants: valid UTF-8 (bad sequences become
 * U+FFFD), no C0 controls but tab and LF, no CR, DEL, C1 controls,
 * surrogates or noncharacters. NULL gives NULL. */
const char *xw_clean(struct xw *x, const char *s);

void xw_start(struct xw *x, const char *name);
/* An element in a namespace: prefix NULL declares uri as the default
 * namespace; uri NULL uses a prefix declared on an ancestor. */
void xw_start_ns(struct xw *x, const char *prefix, const char *name,
		 const char *uri);
void xw_end(struct xw *x);
/* An attribute; nothing when value is NULL. */
void xw_attr(struct xw *x, const char *name, const char *value);
void xw_attr_int(struct xw *x, const char *name, int64_t value);
void xw_text(struct xw *x, const char *s);
/* arena_printf into x's arena; on failure sets the error and gives "". */
const char *xw_printf(struct xw *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* <name>text</name>; nothing when text is NULL or empty. */
void xw_elem(struct xw *x, const char *name, const char *text);
/* <name>2015-01-10T08:12:00Z</name>; nothing when t is 0. */
void xw_elem_time(struct xw *x, const char *name, int64_t t);

/* ---------------------------------------------------- times and words */

/* "Sat, 10 Jan 2015 08:12:00 +0000" (RFC 822 as RSS wants it, English
 * names whatever the locale) into out (at least 32 bytes). */
void xw_time_rfc822(int64_t t, char *out, size_t n);
/* "20150110T081200Z", the ISO 8601 basic form NITF's norm attributes use. */
void xw_time_basic(int64_t t, char *out, size_t n);
/* True when s is a usable BCP 47 tag for xml:lang ("en", "pt-BR"). */
bool xw_lang_ok(const char *s);

/* ---------------------------------------------------------- the story */

/* The body as HTML: the store's sanitised markup when one version holds the
 * whole text, else p/pre rebuilt from the paragraphs with their text
 * escaped. Cleaned; in x's arena. */
const char *xw_story_html(struct xw *x, const struct story *st);
/* The first paragraph as plain text, or NULL. */
const char *xw_story_lede(const struct story *st);
/* The feed title: "FLASH: " or "BULLETIN: " then the headline (the two
 * priorities wires set apart on every screen; urgent and below would be
 * noise, and the priority category says it for machines). Never empty. */
const char *xw_story_title(struct xw *x, const struct story *st);
/* The byline, else the source, else "offwire". */
const char *xw_story_author(const struct story *st);
/* The urgency to show (as sent, else from the priority); 0 none. */
int xw_story_urgency(const struct story_summary *s);
/* The scheme URI of a subject code: IPTC subject codes (eight digits) are
 * http://cv.iptc.org/newscodes/subjectcode/; others NULL. */
const char *xw_subject_scheme(const struct subject *sub);

#endif
