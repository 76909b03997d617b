/* Search: the query language (docs/search.md) parsed into a tree that every
 * store backend compiles to its own full-text syntax (SQLite: an FTS5 match
 * expression bound as a parameter; PostgreSQL: a tsquery), and the helpers
 * that turn the store's marked snippets into escaped HTML. Pure: no I/O, no
 * store, no SQL; nothing here knows which backend will run the query.
 *
 * Ownership: trees and strings are built in the arena the caller passes. */
#ifndef OW_SEARCH_H
#define OW_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "common/arena.h"
#include "common/buf.h"
#include "common/ow_error.h"

#define SEARCH_MAX_QUERY 1024 /* bytes in one query */
#define SEARCH_MAX_TERMS 64   /* words and phrases in one query */
#define SEARCH_MAX_DEPTH 16   /* nested parentheses */
#define SEARCH_MIN_PREFIX 2   /* characters before a trailing '*' */

enum search_kind {
	SEARCH_TERM,   /* one word, maybe a prefix ("talk*") */
	SEARCH_PHRASE, /* words in this order ("oil prices") */
	SEARCH_AND,    /* all kids; some may be NOT (but never all) */
	SEARCH_OR,     /* any kid; never a NOT among them */
	SEARCH_NOT,    /* one kid, excluded; only ever inside an AND */
};

/* What a scope ("headline:") restricts a word to. SEARCH_ANY searches every
 * column (headline, lede, body, slug, byline, place, source). */
enum search_field {
	SEARCH_ANY = 0,
	SEARCH_HEADLINE,
	SEARCH_SLUG,
	SEARCH_BYLINE,
	SEARCH_SOURCE,
	SEARCH_PLACE,
	SEARCH_N_FIELDS
};

struct search_node {
	enum search_kind kind;
	/* the scope written on this node ("headline:(a OR b)" sets it on the
	 * OR); a scope holds for everything below it, and scopes never nest */
	enum search_field field;
	const char *text; /* TERM, PHRASE: the words as typed, NUL-ended */
	bool prefix;      /* TERM: ended in '*' (stripped from text) */
	size_t pos;       /* byte offset in the query, for messages */
	struct search_node **kids;
	size_t n_kids; /* AND, OR: 2 or more; NOT: 1 */
};

/* Parses `q` (len bytes, UTF-8) into a tree in `a`. A malformed query fails
 * with OW_EPARSE and err->offset at the problem's byte and err->msg saying
 * what was found and what was expected there, e.g.
 *   'unexpected ")" at position 9: expected a word, a "phrase" or "("'
 * Positions in messages count characters from 1. OW_ETOOBIG past the
 * SEARCH_MAX_* bounds; OW_ENOMEM. */
int search_parse(const char *q, size_t len, struct arena *a,
		 struct search_node **out, struct ow_err *err);

/* The character position (from 1) of byte offset `off` in `q`. */
size_t search_char_pos(const char *q, size_t off);

/* The field's name as written in a query ("headline"); "" for SEARCH_ANY. */
const char *search_field_name(enum search_field f);

/* The tree written back in the language, fully parenthesised and with
 * implicit ANDs made explicit: a canonical form for logs, tests and the
 * "query" echoed by the API. Returns in `a`; NULL on allocation failure. */
char *search_format(const struct search_node *n, struct arena *a);

/* Marks: the store brackets each matched word of a snippet or headline with
 * these two bytes (control characters that the text layer never lets into
 * stored copy). */
#define SEARCH_MARK_OPEN '\x02'
#define SEARCH_MARK_CLOSE '\x03'

/* Appends `s` to b as HTML: everything escaped (& < > " '), each marked run
 * as <mark>...</mark>. Marks are balanced whatever the input holds (a stray
 * close is dropped, an unclosed open is closed at the end), and any other
 * control character becomes a space. */
void search_marks_html(struct buf *b, const char *s);
/* The same text with the marks removed (for plain-text output). */
void search_marks_plain(struct buf *b, const char *s);
/* The same for a terminal: marked runs between `on` and `off` (e.g. ANSI
 * bold), other control characters as spaces. */
void search_marks_term(struct buf *b, const char *s, const char *on,
		       const char *off);

#endif
