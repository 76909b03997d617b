/* The query language's parser: a hand-written lexer and recursive descent
 * over the grammar in docs/search.md, building a tree in an arena. Every
 * failure names the position and what was expected there. It never sees SQL:
 * the backends compile the tree (store/sqlite/sqlite_search.c). */
#include "search/search.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ lexer */

enum tok {
	T_END,
	T_WORD,   /* a bare word; prefix when it ended in '*' */
	T_PHRASE, /* "..." */
	T_LPAREN,
	T_RPAREN,
	T_AND,
	T_OR,
	T_NOT,
	T_MINUS, /* '-' glued to what follows */
	T_FIELD, /* "headline:" */
};

struct parser {
	const char *q;
	size_t len, at; /* at: next byte to lex */
	struct arena *a;
	struct ow_err *err;
	int n_terms, depth;
	/* the current token */
	enum tok t;
	size_t t_pos, t_len; /* where it starts, its length in the query */
	const char *t_text;  /* WORD/PHRASE: its text (in the arena) */
	bool t_prefix;
	enum search_field t_field;
	enum search_field scope; /* the scope being parsed; ANY outside */
	bool failed;
};

static const char *const field_names[SEARCH_N_FIELDS] = {
	[SEARCH_ANY] = "",          [SEARCH_HEADLINE] = "headline",
	[SEARCH_SLUG] = "slug",     [SEARCH_BYLINE] = "byline",
	[SEARCH_SOURCE] = "source", [SEARCH_PLACE] = "place",
};

const char *search_field_name(enum search_field f)
{
	return f < SEARCH_N_FIELDS ? field_names[f] : "";
}

size_t search_char_pos(const char *q, size_t off)
{
	size_t n = 1;
	for (size_t i = 0; i < off && q[i]; i++)
		if (((unsigned char)q[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Whether code point c is part of a word for the backends' tokenizers
 * (FTS5 unicode61, PostgreSQL's parser): letters and digits. Without the
 * Unicode tables here, anything outside ASCII counts as a letter except the
 * punctuation and symbol blocks people actually type (quotes, dashes,
 * currency, arrows, emoji), so that "oil & gas" and "price €" search for
 * their words rather than for a symbol no story can contain. */
static bool word_cp(unsigned c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		       (c >= 'A' && c <= 'Z');
	if (c < 0xC0)
		return c == 0xAA || c == 0xB5 || c == 0xBA;
	if (c == 0xD7 || c == 0xF7)
		return false;
	if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF0F) ||
	    (c >= 0x1F000 && c <= 0x1FAFF))
		return false;
	return true;
}

/* Decodes one UTF-8 sequence at s (n bytes left); *len its length. Broken
 * sequences read as U+FFFD, one byte at a time. */
static unsigned utf8_cp(const unsigned char *s, size_t n, size_t *len)
{
	unsigned c = s[0];
	size_t k = c < 0x80    ? 1
		   : c >= 0xF0 ? 4
		   : c >= 0xE0 ? 3
		   : c >= 0xC0 ? 2
			       : 0;
	if (k == 0 || k > n) {
		*len = 1;
		return c < 0x80 ? c : 0xFFFD;
	}
	unsigned v = k == 1 ? c : c & (0x7F >> k);
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*len = 1;
			return 0xFFFD;
		}
		v = v << 6 | (s[i] & 0x3F);
	}
	*len = k;
	return v;
}

/* Word characters in s[0, n). */
static size_t word_chars(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n;) {
		size_t l;
		unsigned c = utf8_cp((const unsigned char *)s + i, n - i, &l);
		count += word_cp(c);
		i += l;
	}
	return count;
}

/* Ends a bare word: space, a parenthesis or a quote. */
static bool ends_bare(char c)
{
	return !c || is_space(c) || c == '(' || c == ')' || c == '"';
}

static int fail_at(struct parser *p, int code, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail_at(struct parser *p, int code, size_t off, const char *fmt, ...)
{
	if (p->failed)
		return p->err->code;
	p->failed = true;
	char what[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	ow_err_set(p->err, code, "%s", what);
	p->err->offset = off;
	return code;
}

static int oom(struct parser *p)
{
	return fail_at(p, OW_ENOMEM, p->at, "out of memory");
}

/* A short, printable rendering of the current token for messages. */
static void tok_desc(const struct parser *p, char *out, size_t n)
{
	if (p->t == T_END) {
		snprintf(out, n, "end of query");
		return;
	}
	size_t l = p->t_len > 40 ? 40 : p->t_len;
	char tmp[48];
	size_t k = 0;
	for (size_t i = 0; i < l; i++) {
		char c = p->q[p->t_pos + i];
		tmp[k++] = (unsigned char)c < 0x20 ? ' ' : c;
	}
	tmp[k] = '\0';
	snprintf(out, n, "\"%s%s\"", tmp, p->t_len > 40 ? "..." : "");
}

static int expected(struct parser *p, const char *what)
{
	char found[64];
	tok_desc(p, found, sizeof found);
	size_t off = p->t == T_END ? p->len : p->t_pos;
	return fail_at(p, OW_EPARSE, off,
		       "unexpected %s at position %zu: "
		       "expected %s",
		       found, search_char_pos(p->q, off), what);
}

/* Reads the next token into p->t. Punctuation that stands alone ("&",
 * "--", a lone "-") is no word and is skipped, as the tokenizer would. */
static int lex(struct parser *p)
{
	const char *q = p->q;
	for (;;) {
		while (p->at < p->len && is_space(q[p->at]))
			p->at++;
		p->t_pos = p->at;
		p->t_text = NULL;
		p->t_prefix = false;
		if (p->at >= p->len) {
			p->t = T_END;
			p->t_len = 0;
			return 0;
		}
		char c = q[p->at];
		if (c == '(' || c == ')') {
			p->t = c == '(' ? T_LPAREN : T_RPAREN;
			p->t_len = 1;
			p->at++;
			return 0;
		}
		if (c == '"') {
			size_t s = ++p->at;
			while (p->at < p->len && q[p->at] != '"')
				p->at++;
			if (p->at >= p->len)
				return fail_at(p, OW_EPARSE, s - 1,
					       "unclosed quote at position "
					       "%zu: expected a closing \"",
					       search_char_pos(q, s - 1));
			p->t = T_PHRASE;
			p->t_len = p->at + 1 - p->t_pos;
			p->t_text = arena_strndup(p->a, q + s, p->at - s);
			p->at++;
			if (!p->t_text)
				return oom(p);
			if (!word_chars(p->t_text, p->at - 1 - s))
				return fail_at(p, OW_EPARSE, p->t_pos,
					       "empty phrase at position %zu: "
					       "expected words between the "
					       "quotes",
					       search_char_pos(q, p->t_pos));
			return 0;
		}
		if (c == '-' && p->at + 1 < p->len && !is_space(q[p->at + 1]) &&
		    q[p->at + 1] != ')' && q[p->at + 1] != '-') {
			p->t = T_MINUS;
			p->t_len = 1;
			p->at++;
			return 0;
		}
		size_t s = p->at;
		while (p->at < p->len && !ends_bare(q[p->at]))
			p->at++;
		size_t e = p->at;
		p->t_len = e - s;
		/* a scope: letters, then ':' */
		const char *colon = memchr(q + s, ':', e - s);
		if (colon) {
			size_t nl = (size_t)(colon - (q + s));
			bool letters = nl > 0;
			for (size_t i = 0; i < nl && letters; i++)
				letters =
					(q[s + i] >= 'a' && q[s + i] <= 'z') ||
					(q[s + i] >= 'A' && q[s + i] <= 'Z');
			if (letters) {
				enum search_field f = SEARCH_ANY;
				for (int k = 1; k < SEARCH_N_FIELDS; k++)
					if (strlen(field_names[k]) == nl &&
					    !strncmp(field_names[k], q + s, nl))
						f = (enum search_field)k;
				if (f == SEARCH_ANY)
					return fail_at(
						p, OW_EPARSE, s,
						"unknown field \"%.*s\" at "
						"position %zu: expected one "
						"of headline, slug, byline, "
						"source, place",
						(int)(nl > 40 ? 40 : nl), q + s,
						search_char_pos(q, s));
				p->t = T_FIELD;
				p->t_field = f;
				p->t_len = nl + 1;
				p->at = s + nl + 1;
				return 0;
			}
		}
		if (p->t_len == 3 && !memcmp(q + s, "AND", 3)) {
			p->t = T_AND;
			return 0;
		}
		if (p->t_len == 2 && !memcmp(q + s, "OR", 2)) {
			p->t = T_OR;
			return 0;
		}
		if (p->t_len == 3 && !memcmp(q + s, "NOT", 3)) {
			p->t = T_NOT;
			return 0;
		}
		/* '+' before a word asks for what every word gets anyway */
		size_t ws = s;
		while (ws < e && q[ws] == '+')
			ws++;
		size_t we = e;
		while (we > ws && q[we - 1] == '*')
			we--;
		bool prefix = we < e;
		for (size_t i = ws; i < we; i++)
			if (q[i] == '*')
				return fail_at(
					p, OW_EPARSE, i,
					"\"*\" inside a word at position "
					"%zu: expected \"*\" only at the "
					"end of a word (talk*)",
					search_char_pos(q, i));
		size_t nword = word_chars(q + ws, we - ws);
		if (!nword) {
			if (prefix)
				return fail_at(p, OW_EPARSE, s,
					       "\"*\" without a word at "
					       "position %zu: expected at "
					       "least %d letters before it "
					       "(talk*)",
					       search_char_pos(q, s),
					       SEARCH_MIN_PREFIX);
			continue; /* punctuation alone: not a word */
		}
		if (prefix && nword < SEARCH_MIN_PREFIX)
			return fail_at(p, OW_EPARSE, s,
				       "prefix too short at position %zu: "
				       "expected at least %d letters before "
				       "\"*\"",
				       search_char_pos(q, s),
				       SEARCH_MIN_PREFIX);
		p->t = T_WORD;
		p->t_prefix = prefix;
		p->t_text = arena_strndup(p->a, q + ws, we - ws);
		return p->t_text ? 0 : oom(p);
	}
}

/* ----------------------------------------------------------------- parser */

static struct search_node *node(struct parser *p, enum search_kind k,
				size_t pos)
{
	struct search_node *n = arena_alloc(p->a, sizeof *n);
	if (!n) {
		oom(p);
		return NULL;
	}
	n->kind = k;
	n->pos = pos;
	return n;
}

/* A growing list of kids for AND / OR (flattened: a AND (b AND c) is one
 * AND of three, unless the inner one carries its own scope). */
struct kids {
	struct search_node **v;
	size_t n, cap;
};

static int kids_add(struct parser *p, struct kids *k, struct search_node *n,
		    enum search_kind kind)
{
	if (n->kind == kind && n->field == SEARCH_ANY) {
		for (size_t i = 0; i < n->n_kids; i++)
			if (kids_add(p, k, n->kids[i], kind))
				return -1;
		return 0;
	}
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 4;
		struct search_node **v = arena_alloc(p->a, cap * sizeof *v);
		if (!v)
			return oom(p);
		if (k->n)
			memcpy(v, k->v, k->n * sizeof *v);
		k->v = v;
		k->cap = cap;
	}
	k->v[k->n++] = n;
	return 0;
}

static struct search_node *parse_or(struct parser *p);

static const char *const WANT_OPERAND = "a word, a \"phrase\" or \"(\"";

/* primary := WORD | PHRASE | "(" or ")" | FIELD primary */
static struct search_node *parse_primary(struct parser *p)
{
	size_t pos = p->t_pos;
	switch (p->t) {
	case T_WORD:
	case T_PHRASE: {
		if (++p->n_terms > SEARCH_MAX_TERMS) {
			fail_at(p, OW_ETOOBIG, pos,
				"too many words at position %zu: a query may "
				"hold at most %d words and phrases",
				search_char_pos(p->q, pos), SEARCH_MAX_TERMS);
			return NULL;
		}
		struct search_node *n = node(
			p, p->t == T_WORD ? SEARCH_TERM : SEARCH_PHRASE, pos);
		if (!n)
			return NULL;
		n->text = p->t_text;
		n->prefix = p->t_prefix;
		return lex(p) ? NULL : n;
	}
	case T_LPAREN: {
		if (++p->depth > SEARCH_MAX_DEPTH) {
			fail_at(p, OW_ETOOBIG, pos,
				"too deeply nested at position %zu: at most "
				"%d levels of parentheses",
				search_char_pos(p->q, pos), SEARCH_MAX_DEPTH);
			return NULL;
		}
		if (lex(p))
			return NULL;
		if (p->t == T_END) {
			fail_at(p, OW_EPARSE, pos,
				"unclosed \"(\" at position %zu: expected "
				"\")\" before the end",
				search_char_pos(p->q, pos));
			return NULL;
		}
		if (p->t == T_RPAREN) {
			fail_at(p, OW_EPARSE, pos,
				"empty parentheses at position %zu: expected "
				"%s inside them",
				search_char_pos(p->q, pos), WANT_OPERAND);
			return NULL;
		}
		struct search_node *n = parse_or(p);
		if (!n)
			return NULL;
		if (p->t != T_RPAREN) {
			if (p->t == T_END)
				fail_at(p, OW_EPARSE, pos,
					"unclosed \"(\" at position %zu: "
					"expected \")\" before the end",
					search_char_pos(p->q, pos));
			else
				expected(p, "\")\" or an operator");
			return NULL;
		}
		p->depth--;
		return lex(p) ? NULL : n;
	}
	case T_FIELD: {
		enum search_field f = p->t_field;
		if (p->scope != SEARCH_ANY) {
			fail_at(p, OW_EPARSE, pos,
				"nested field at position %zu: expected no "
				"scope inside another (%s: is already one)",
				search_char_pos(p->q, pos),
				field_names[p->scope]);
			return NULL;
		}
		/* the scoped thing must follow at once: "headline: x" is
		 * read as a mistake, not as a scope over nothing */
		if (p->at < p->len && is_space(p->q[p->at])) {
			fail_at(p, OW_EPARSE, p->at,
				"space after \"%s:\" at position %zu: "
				"expected %s right after the colon",
				field_names[f], search_char_pos(p->q, p->at),
				WANT_OPERAND);
			return NULL;
		}
		if (lex(p))
			return NULL;
		if (p->t != T_WORD && p->t != T_PHRASE && p->t != T_LPAREN &&
		    p->t != T_FIELD) {
			char what[96];
			snprintf(what, sizeof what,
				 "%s after %s:", WANT_OPERAND, field_names[f]);
			expected(p, what);
			return NULL;
		}
		p->scope = f;
		struct search_node *n = parse_primary(p);
		p->scope = SEARCH_ANY;
		if (!n)
			return NULL;
		n->field = f;
		return n;
	}
	default: expected(p, WANT_OPERAND); return NULL;
	}
}

/* unary := ("NOT" | "-") unary | primary */
static struct search_node *parse_unary(struct parser *p)
{
	if (p->t == T_NOT || p->t == T_MINUS) {
		size_t pos = p->t_pos;
		bool word = p->t == T_NOT;
		if (lex(p))
			return NULL;
		if (p->t == T_END || p->t == T_RPAREN || p->t == T_AND ||
		    p->t == T_OR) {
			char what[80];
			snprintf(what, sizeof what, "%s after %s", WANT_OPERAND,
				 word ? "NOT" : "\"-\"");
			expected(p, what);
			return NULL;
		}
		struct search_node *k = parse_unary(p);
		if (!k)
			return NULL;
		if (k->kind == SEARCH_NOT) { /* NOT NOT x is x */
			if (k->kids[0]->field == SEARCH_ANY)
				k->kids[0]->field = k->field;
			return k->kids[0];
		}
		struct search_node *n = node(p, SEARCH_NOT, pos);
		if (!n)
			return NULL;
		n->kids = arena_alloc(p->a, sizeof *n->kids);
		if (!n->kids) {
			oom(p);
			return NULL;
		}
		n->kids[0] = k;
		n->n_kids = 1;
		return n;
	}
	return parse_primary(p);
}

static bool starts_operand(enum tok t)
{
	return t == T_WORD || t == T_PHRASE || t == T_LPAREN || t == T_FIELD ||
	       t == T_NOT || t == T_MINUS;
}

/* and := unary (["AND"] unary)* : juxtaposition is AND */
static struct search_node *parse_and(struct parser *p)
{
	size_t pos = p->t_pos;
	struct search_node *first = parse_unary(p);
	if (!first)
		return NULL;
	if (p->t != T_AND && !starts_operand(p->t))
		return first;
	struct kids k = {0};
	if (kids_add(p, &k, first, SEARCH_AND))
		return NULL;
	while (p->t == T_AND || starts_operand(p->t)) {
		if (p->t == T_AND) {
			if (lex(p))
				return NULL;
			if (!starts_operand(p->t)) {
				expected(p, "a word, a \"phrase\", \"(\" or "
					    "NOT after AND");
				return NULL;
			}
		}
		struct search_node *n = parse_unary(p);
		if (!n || kids_add(p, &k, n, SEARCH_AND))
			return NULL;
	}
	struct search_node *n = node(p, SEARCH_AND, pos);
	if (!n)
		return NULL;
	n->kids = k.v;
	n->n_kids = k.n;
	return n;
}

/* or := and ("OR" and)* */
static struct search_node *parse_or(struct parser *p)
{
	size_t pos = p->t_pos;
	struct search_node *first = parse_and(p);
	if (!first)
		return NULL;
	if (p->t != T_OR)
		return first;
	struct kids k = {0};
	if (kids_add(p, &k, first, SEARCH_OR))
		return NULL;
	while (p->t == T_OR) {
		if (lex(p))
			return NULL;
		if (!starts_operand(p->t)) {
			expected(p, "a word, a \"phrase\" or \"(\" after OR");
			return NULL;
		}
		struct search_node *n = parse_and(p);
		if (!n || kids_add(p, &k, n, SEARCH_OR))
			return NULL;
	}
	struct search_node *n = node(p, SEARCH_OR, pos);
	if (!n)
		return NULL;
	n->kids = k.v;
	n->n_kids = k.n;
	return n;
}

/* What no backend can run: an exclusion with nothing to exclude from. A NOT
 * may only stand in an AND that keeps at least one thing. */
static int check_nots(struct parser *p, const struct search_node *n,
		      bool in_and)
{
	if (n->kind == SEARCH_NOT) {
		if (!in_and)
			return fail_at(
				p, OW_EPARSE, n->pos,
				"nothing to exclude from at position %zu: "
				"expected a word to keep before NOT or \"-\" "
				"(oil NOT gas; (a OR b) -c)",
				search_char_pos(p->q, n->pos));
		return check_nots(p, n->kids[0], false);
	}
	if (n->kind == SEARCH_AND) {
		size_t keep = 0;
		for (size_t i = 0; i < n->n_kids; i++)
			keep += n->kids[i]->kind != SEARCH_NOT;
		if (!keep)
			return fail_at(p, OW_EPARSE, n->pos,
				       "only exclusions at position %zu: "
				       "expected at least one word to keep "
				       "beside NOT or \"-\"",
				       search_char_pos(p->q, n->pos));
	}
	for (size_t i = 0; i < n->n_kids; i++)
		if (check_nots(p, n->kids[i], n->kind == SEARCH_AND))
			return -1;
	return 0;
}

int search_parse(const char *q, size_t len, struct arena *a,
		 struct search_node **out, struct ow_err *err)
{
	*out = NULL;
	if (len > SEARCH_MAX_QUERY) {
		ow_err_set(err, OW_ETOOBIG,
			   "the query is too long: at most %d bytes",
			   SEARCH_MAX_QUERY);
		err->offset = SEARCH_MAX_QUERY;
		return OW_ETOOBIG;
	}
	if (memchr(q, '\0', len)) {
		size_t off = (size_t)((const char *)memchr(q, '\0', len) - q);
		ow_err_set(err, OW_EPARSE,
			   "a NUL byte at position %zu: expected text",
			   search_char_pos(q, off));
		err->offset = off;
		return OW_EPARSE;
	}
	struct parser p = {.q = q, .len = len, .a = a, .err = err};
	if (lex(&p))
		return err->code;
	if (p.t == T_END) {
		ow_err_set(err, OW_EPARSE,
			   "the query has no words: expected at least one "
			   "word or \"phrase\"");
		err->offset = 0;
		return OW_EPARSE;
	}
	struct search_node *n = parse_or(&p);
	if (!n)
		return err->code;
	if (p.t != T_END) {
		if (p.t == T_RPAREN)
			fail_at(&p, OW_EPARSE, p.t_pos,
				"unmatched \")\" at position %zu: expected "
				"an operator or the end",
				search_char_pos(q, p.t_pos));
		else
			expected(&p, "an operator or the end");
		return err->code;
	}
	if (check_nots(&p, n, false))
		return err->code;
	*out = n;
	return 0;
}
