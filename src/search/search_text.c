/* The text side of search: a tree written back in the query language (the
 * canonical form the API echoes), and the store's marked snippets turned
 * into escaped HTML, plain text or terminal text. */
#include "search/search.h"

#include <string.h>

/* ---------------------------------------------------------------- format */

static bool plain_word(const char *s)
{
	if (!*s || !strcmp(s, "AND") || !strcmp(s, "OR") || !strcmp(s, "NOT"))
		return false;
	if (s[0] == '-' || s[0] == '+')
		return false;
	for (; *s; s++)
		if (*s == ' ' || *s == '(' || *s == ')' || *s == '"' ||
		    *s == ':' || *s == '*' || (unsigned char)*s < 0x20)
			return false;
	return true;
}

static void put_quoted(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++)
		if (*s != '"')
			buf_putc(b, *s);
	buf_putc(b, '"');
}

static void format(struct buf *b, const struct search_node *n, bool top)
{
	if (n->field != SEARCH_ANY) {
		buf_puts(b, search_field_name(n->field));
		buf_putc(b, ':');
		top = false;
	}
	switch (n->kind) {
	case SEARCH_TERM:
		if (plain_word(n->text))
			buf_puts(b, n->text);
		else
			put_quoted(b, n->text);
		if (n->prefix)
			buf_putc(b, '*');
		return;
	case SEARCH_PHRASE: put_quoted(b, n->text); return;
	case SEARCH_NOT:
		buf_puts(b, "NOT ");
		format(b, n->kids[0], false);
		return;
	case SEARCH_AND:
	case SEARCH_OR:
		if (!top || n->field != SEARCH_ANY)
			buf_putc(b, '(');
		for (size_t i = 0; i < n->n_kids; i++) {
			if (i)
				buf_puts(b, n->kind == SEARCH_OR ? " OR "
								 : " AND ");
			format(b, n->kids[i], false);
		}
		if (!top || n->field != SEARCH_ANY)
			buf_putc(b, ')');
		return;
	}
}

char *search_format(const struct search_node *n, struct arena *a)
{
	struct buf b;
	buf_init(&b, 4 * SEARCH_MAX_QUERY + 64);
	format(&b, n, true);
	char *s = b.err ? NULL : arena_strndup(a, b.p, b.len);
	buf_free(&b);
	return s;
}

/* ----------------------------------------------------------------- marks */

/* Walks s, calling put for runs of text and on/off at balanced marks. */
enum mark_out { OUT_HTML, OUT_PLAIN, OUT_TERM };

static void esc_html(struct buf *b, const char *s, size_t n)
{
	const char *run = s;
	for (size_t i = 0; i < n; i++) {
		const char *r = NULL;
		switch (s[i]) {
		case '&': r = "&amp;"; break;
		case '<': r = "&lt;"; break;
		case '>': r = "&gt;"; break;
		case '"': r = "&quot;"; break;
		case '\'': r = "&#39;"; break;
		default: continue;
		}
		buf_append(b, run, (size_t)(s + i - run));
		buf_puts(b, r);
		run = s + i + 1;
	}
	buf_append(b, run, (size_t)(s + n - run));
}

static void marks(struct buf *b, const char *s, enum mark_out how,
		  const char *on, const char *off)
{
	bool open = false;
	if (!s)
		return;
	while (*s) {
		size_t n = 0;
		while (s[n] && (unsigned char)s[n] >= 0x20 && s[n] != 0x7f)
			n++;
		if (how == OUT_HTML)
			esc_html(b, s, n);
		else
			buf_append(b, s, n);
		s += n;
		if (!*s)
			break;
		char c = *s++;
		if (c == SEARCH_MARK_OPEN && !open) {
			open = true;
			if (how != OUT_PLAIN)
				buf_puts(b, on);
		} else if (c == SEARCH_MARK_CLOSE && open) {
			open = false;
			if (how != OUT_PLAIN)
				buf_puts(b, off);
		} else if (c != SEARCH_MARK_OPEN && c != SEARCH_MARK_CLOSE) {
			buf_putc(b, ' ');
		}
	}
	if (open && how != OUT_PLAIN)
		buf_puts(b, off);
}

void search_marks_html(struct buf *b, const char *s)
{
	marks(b, s, OUT_HTML, "<mark>", "</mark>");
}

void search_marks_plain(struct buf *b, const char *s)
{
	marks(b, s, OUT_PLAIN, "", "");
}

void search_marks_term(struct buf *b, const char *s, const char *on,
		       const char *off)
{
	marks(b, s, OUT_TERM, on, off);
}
