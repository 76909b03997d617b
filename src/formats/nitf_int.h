/* Private to the NITF and NewsML 1.2 parsers (nitf.c, nitf_body.c,
 * nitf_util.c, newsml1.c): reading wire XML with its charset mistakes
 * repaired, NITF norm dates, written datelines, and text bodies in the forms
 * these two formats carry them (NITF body.content, XHTML, HTML in a text
 * node, plain text). Not for other formats: they have xml.h. */
#ifndef OW_FORMATS_NITF_INT_H
#define OW_FORMATS_NITF_INT_H

#include "formats/xml.h"

#include <stdbool.h>
#include <stdint.h>

/* Bounds shared by both parsers. */
#define NITF_MAX_SUBJECTS 200
#define NITF_MAX_DEPTH 300 /* above libxml2's own limit of 256 */

/* Reads buf as XML through xml_read after repairing the charset mistakes
 * wire copy makes, each with an input-level warning in r:
 *  - declared (or defaulting to) UTF-8 but not valid UTF-8: read as
 *    Windows-1252 (ISO-8859-1 where Windows-1252 leaves a byte undefined);
 *  - declared ISO-8859-1 / US-ASCII / Windows-1252 but the bytes are valid
 *    UTF-8 with multi-byte sequences: read as UTF-8;
 *  - declared ISO-8859-1 with bytes 0x80-0x9F: read as Windows-1252.
 * UTF-16 goes to libxml2 as it is; a NUL byte in 8-bit input is refused
 * with its line and offset. *recoded is
 * set when the bytes parsed are not the input's (offsets no longer match).
 * Blank input is refused here with a clear message. Returns owned doc. */
int nitf_xml_read(struct parse_result *r, const char *buf, size_t len,
		  const char *what, xmlDocPtr *out, bool *recoded,
		  struct ow_err *err);

/* A NITF / NewsML 1 date ("20150110T081200Z", "20080219+0100",
 * "2016-05-24 20:53:25+00:00") into *out. A time without an offset is read
 * as UTC with a version warning; text that is no date ("YYYYMMDD000000-HHMM")
 * gives a warning naming `what` and false. NULL or empty: false, no warning. */
bool nitf_time(struct parse_result *r, struct version *v, const char *what,
	       const char *s, int64_t *out);

/* Fills the empty parts of d from a written dateline: "STOCKHOLM, Aug 29,
 * 2014 (AFP) -", "SYDNEY March 22 AAP -", "Oslo", "4/4/2018". */
void nitf_dateline_text(struct parse_result *r, struct dateline *d,
			const char *s);

/* A byline without its "By " (arena copy; NULL stays NULL). */
const char *nitf_byline_clean(struct parse_result *r, const char *s);

/* "EN" -> "en", "en-US" kept: the primary subtag lower-cased. */
const char *nitf_lang(struct parse_result *r, const char *s);

/* Adds a subject unless the version already has it or holds
 * NITF_MAX_SUBJECTS; 0 or OW_ENOMEM. */
int nitf_add_subject(struct parse_result *r, struct version *v,
		     const char *code, const char *name, const char *scheme);

/* True for the lines agencies close copy with: "ends", "AAP RTV ar",
 * "hh/ph/ts/hd", "/ritzau/", "(c) NTB", "© 2018 ...". */
bool nitf_is_signoff(const char *t);

/* ----------------------------------------------------------------- bodies
 * Each appends paragraphs to v and sets v->body_html; none overwrites a body
 * already read (v->n_paras > 0 returns at once). */

/* The children of `container` as NITF body content (body.content, or a
 * NewsML DataContent holding <p> elements): media and notes dropped, <br/>
 * inside paragraphs read as the line wraps they are, hl2 subheads kept as
 * bold paragraphs. The caller's tree is not modified. */
int nitf_body_content(struct parse_result *r, struct version *v,
		      xmlNode *container, struct ow_err *err);
/* An HTML or XHTML fragment given as text. */
int nitf_body_html(struct parse_result *r, struct version *v, const char *html,
		   size_t len, struct ow_err *err);
/* Plain text: paragraphs on blank lines, end markers dropped. */
int nitf_body_text(struct parse_result *r, struct version *v, const char *s,
		   size_t len, struct ow_err *err);
/* A NewsML 1 DataContent: inline NITF, XHTML, elements, or text that is
 * HTML (`html_hint`, or it opens with '<') or plain. */
int nitf_data_content(struct parse_result *r, struct version *v, xmlNode *dc,
		      bool html_hint, struct ow_err *err);
/* NITF body.head: headline (raw, before marks: the caller applies them),
 * byline, dateline; fields already set are kept. *distributor gets the
 * distributor's name (NULL if none). */
int nitf_body_head(struct parse_result *r, struct version *v, xmlNode *bh,
		   const char **headline, const char **distributor);

#endif
