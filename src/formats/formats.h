/* Wire formats: detection by content and one parser per format, all with the
 * same contract: bytes in; versions out, or an error naming the line and
 * byte. Parsers know the model and text helpers; they know nothing of the
 * store, HTTP or wire semantics beyond reading the marks a format carries. */
#ifndef OW_FORMATS_H
#define OW_FORMATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/ow_error.h"
#include "model/model.h"

enum format {
	FORMAT_UNKNOWN = 0,
	FORMAT_NINJS,
	FORMAT_WIRETEXT,
	FORMAT_ANPA,
	FORMAT_IPTC7901,
	FORMAT_NITF,
	FORMAT_NEWSML1,
	FORMAT_NEWSMLG2,
	FORMAT_RSS,
	FORMAT_ATOM,
	FORMAT_REUTERS_SGML,
	FORMAT_EMAIL,
	FORMAT_RITZAU,
	FORMAT_COUNT
};

/* Bounds on what a parser accepts; every size is checked against these. */
#define FORMATS_MAX_INPUT (256u << 20) /* bytes in one input */
#define FORMATS_MAX_ITEMS 100000       /* versions from one input */
#define FORMATS_MAX_FIELD (1u << 20)   /* bytes in one headline, slug ... */
#define FORMATS_MAX_BODY (16u << 20)   /* bytes of text in one version */

struct parse_opts {
	const char *source; /* agency name overriding what the copy says (an
			     * operator's word on where a feed comes from) */
	int64_t now;        /* unix seconds; for relative dates */
};

/* An item recognised and deliberately not ingested (a picture, a package). */
struct skip {
	const char *reason;
	const char *item_id;
	size_t offset;
};

struct parse_result {
	enum format format;
	struct vlist versions; /* owned; strings live in versions.arena */
	struct skip *skipped;  /* in versions.arena */
	size_t n_skipped;
	const char *
		*warnings; /* input-level warnings (charset), in the arena */
	size_t n_warnings;
};

const char *format_name(enum format f); /* "ninjs", "anpa", ... */
bool format_from_name(const char *s, enum format *out);
/* Every format offwire knows, for help texts: "ninjs, wiretext, ...". */
const char *formats_list(void);

/* Picks the format from the bytes. On failure the error names every format
 * that was tried. */
int formats_detect(const char *buf, size_t len, enum format *out,
		   struct ow_err *err);

/* Parses `buf` as `f` (FORMAT_UNKNOWN: detect first). On success r holds at
 * least one version or one skipped item; the caller owns r and frees it with
 * parse_result_free. On failure r is left empty and err says what and where. */
int formats_parse(enum format f, const char *buf, size_t len,
		  const struct parse_opts *o, struct parse_result *r,
		  struct ow_err *err);
void parse_result_free(struct parse_result *r);

#endif
