/* Private to the NewsML-G2 parser (newsmlg2.c, newsmlg2_meta.c,
 * newsmlg2_body.c): the parse context and the calls between its files. Not
 * for other parsers. */
#ifndef OW_FORMATS_NEWSMLG2_INT_H
#define OW_FORMATS_NEWSMLG2_INT_H

#include "formats/xml.h"

/* One parse: where the results go and what the newsMessage header said. */
struct g2 {
	struct parse_result *r;
	const struct parse_opts *o;
	struct ow_err *err;
	const char *sender; /* header <sender>: "reuters.com"; NULL if none */
	const char *sent;   /* header <sent> as written; NULL if none */
	int priority;       /* header <priority>, 1..9; 0 if none */
	const char *lang;   /* language declared on the root element */
};

/* What an inline NITF body said about fields the G2 metadata also carries;
 * the metadata wins where it has them. */
struct g2_body {
	const char *headline;
	const char *byline;
	struct dateline dateline;
};

/* "ninat:text" -> "text": the code after the scheme's colon, or the whole
 * value when there is none. Borrows s. */
const char *g2_code(const char *qcode);
/* True if itemMeta carries <signal qcode="want"> (case ignored). */
bool g2_has_signal(struct g2 *g, xmlNode *item_meta, const char *want);
/* The main headline of contentMeta (subheadlines ignored), squashed. */
const char *g2_headline(struct g2 *g, xmlNode *content_meta);

/* Reads contentSet into v's paragraphs and body_html: inline XHTML, inline
 * NITF, inline plain text; `table` (sic:TABLE) keeps the text preformatted. */
int g2_read_body(struct g2 *g, struct version *v, xmlNode *content_set,
		 bool table, const char *headline, struct g2_body *b);
/* Reads itemMeta and contentMeta into v: source, ids, times, status,
 * signals, marks, headline, slug, byline, dateline, language, subjects. */
int g2_read_meta(struct g2 *g, struct version *v, xmlNode *item,
		 const struct g2_body *b);

#endif
