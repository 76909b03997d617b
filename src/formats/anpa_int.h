/* Private to anpa.c and anpa_text.c: the text block of an ANPA-1312 message
 * (the bytes between STX and ETX), read apart from its framing and header. */
#ifndef OW_ANPA_INT_H
#define OW_ANPA_INT_H

#include "formats/formats_int.h"

/* What the header tells the text block, and what the text block says
 * beyond the version fields it sets. */
struct anpa_text {
	const char *keyword;    /* in: the header's keyword; may be NULL */
	bool tabular;           /* in: the header's format is DC4 DC2 */
	const char *kw_version; /* out: "1st Ld-Writethru" from the keyword
				 * line; NULL if none */
	int kw_count;           /* out: the keyword line's word count; 0 none */
	bool xinhua;            /* out: the text names "(Xinhua)" */
};

/* Reads the text block s[0..n) (raw 8-bit bytes) into v: the '^' header
 * lines (headline, byline, editor's notes), the paragraphs (PARA_PRE when
 * tabular), the slug, the dateline, and a headline taken from the text when
 * the copy has no headline line. Borrows s; strings go to r's arena.
 * Returns 0 or OW_ENOMEM / OW_ETOOBIG. */
int anpa_read_text(struct parse_result *r, struct version *v, const char *s,
		   size_t n, struct anpa_text *t);

#endif
