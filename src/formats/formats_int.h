/* Private to src/formats: the parser table and helpers every parser shares. */
#ifndef OW_FORMATS_INT_H
#define OW_FORMATS_INT_H

#include "formats/formats.h"
#include "text/text.h"

/* How sure a probe is that the bytes are its format: 0 none .. 100 certain. */
typedef int (*format_probe_fn)(const char *buf, size_t len);
typedef int (*format_parse_fn)(const char *buf, size_t len,
			       const struct parse_opts *o,
			       struct parse_result *r, struct ow_err *err);

struct format_impl {
	enum format format;
	const char *name;
	format_probe_fn probe;
	format_parse_fn parse;
};

/* The table of formats in detection order (formats.c). */
extern const struct format_impl formats_table[];
extern const size_t formats_count;

int ninjs_probe(const char *buf, size_t len);
int ninjs_parse(const char *buf, size_t len, const struct parse_opts *o,
		struct parse_result *r, struct ow_err *err);
int wiretext_probe(const char *buf, size_t len);
int wiretext_parse(const char *buf, size_t len, const struct parse_opts *o,
		   struct parse_result *r, struct ow_err *err);
int anpa_probe(const char *buf, size_t len);
int anpa_parse(const char *buf, size_t len, const struct parse_opts *o,
	       struct parse_result *r, struct ow_err *err);
int iptc7901_probe(const char *buf, size_t len);
int iptc7901_parse(const char *buf, size_t len, const struct parse_opts *o,
		   struct parse_result *r, struct ow_err *err);
int nitf_probe(const char *buf, size_t len);
int nitf_parse(const char *buf, size_t len, const struct parse_opts *o,
	       struct parse_result *r, struct ow_err *err);
int newsml1_probe(const char *buf, size_t len);
int newsml1_parse(const char *buf, size_t len, const struct parse_opts *o,
		  struct parse_result *r, struct ow_err *err);
int newsmlg2_probe(const char *buf, size_t len);
int newsmlg2_parse(const char *buf, size_t len, const struct parse_opts *o,
		   struct parse_result *r, struct ow_err *err);
int rss_probe(const char *buf, size_t len);
int rss_parse(const char *buf, size_t len, const struct parse_opts *o,
	      struct parse_result *r, struct ow_err *err);
int atom_probe(const char *buf, size_t len);
int atom_parse(const char *buf, size_t len, const struct parse_opts *o,
	       struct parse_result *r, struct ow_err *err);
int reuters_sgml_probe(const char *buf, size_t len);
int reuters_sgml_parse(const char *buf, size_t len, const struct parse_opts *o,
		       struct parse_result *r, struct ow_err *err);
int email_probe(const char *buf, size_t len);
int email_parse(const char *buf, size_t len, const struct parse_opts *o,
		struct parse_result *r, struct ow_err *err);
int ritzau_probe(const char *buf, size_t len);
int ritzau_parse(const char *buf, size_t len, const struct parse_opts *o,
		 struct parse_result *r, struct ow_err *err);

/* What a binary file is when it is none of the formats: "a JPEG image",
 * "a PDF document" ... from its signature bytes, or NULL (magic.c). */
const char *formats_magic(const char *buf, size_t len);

/* A new version in r's arena with format and default source set. */
struct version *fmt_new_version(struct parse_result *r,
				const struct parse_opts *o, const char *format);
/* Adds v to r; OW_ETOOBIG past FORMATS_MAX_ITEMS. */
int fmt_push(struct parse_result *r, struct version *v, struct ow_err *err);
int fmt_skip(struct parse_result *r, const char *item_id, size_t offset,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int fmt_warn(struct parse_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The tally of a stream of framed messages (ANPA, IPTC 7901), where a
 * broken message is skipped and the rest parsed. */
struct fmt_tally {
	const char *format; /* for the summary warning */
	size_t ok, bad;
	struct ow_err first; /* the first broken message's error */
};
/* Counts one message's outcome rc (its error in e). Out of memory and too
 * big end the stream: returned, with e copied to err. Any other error is
 * counted and warned about (the first few). 0: go on. */
int fmt_tally_add(struct parse_result *r, struct fmt_tally *t, int rc,
		  const struct ow_err *e, struct ow_err *err);
/* At the end: OW_EPARSE with the first error when no message parsed, else
 * 0 (with a count when more broke than were warned about). */
int fmt_tally_end(struct parse_result *r, struct fmt_tally *t,
		  struct ow_err *err);
/* A field's text made safe: valid UTF-8, controls dropped, whitespace
 * squashed, bounded by FORMATS_MAX_FIELD. NULL for empty. */
const char *fmt_field(struct parse_result *r, const char *s, size_t len);
/* Applies the marks in a headline: strips them into v->mark/signal/ordinal
 * and sets v->headline to the clean text; a stated priority ("URGENT:") is
 * kept unless the format already gave one. */
int fmt_apply_headline_marks(struct parse_result *r, struct version *v,
			     const char *headline);
/* Finishes a version: word count, defaults (pubstatus usable), and a check
 * that it has a headline or a body; returns OW_EPARSE naming what is missing. */
int fmt_finish(struct parse_result *r, struct version *v, struct ow_err *err);

#endif
