/* NewsML-G2 item content: the contentSet's first inline rendition that
 * holds text, read into paragraphs and sanitised HTML. inlineXML carries
 * XHTML (handed to html_to_body) or NITF (handed to nitf_read_inline, with
 * a plain reading of body.content as a fallback); inlineData carries plain
 * text. Tables (Reuters' sic:TABLE) are kept as preformatted text. Remote
 * renditions (pictures, video) hold no copy and are not read here. */
#include "formats/newsmlg2_int.h"

#include "common/buf.h"
#include "common/str.h"

#include <libxml/tree.h>
#include <string.h>

#define G2_BODY_MAX (64u << 20) /* bytes of body text gathered */

/* ------------------------------------------------------------- tree edits */

/* Drops namespace prefixes below n so the markup serialises as plain HTML
 * ("<html:p>" would be an unknown element to the HTML reader). */
static void strip_ns(xmlNode *root)
{
	xmlNode *n = root;
	while (n) {
		if (n->type == XML_ELEMENT_NODE) {
			n->ns = NULL;
			for (xmlAttr *a = n->properties; a; a = a->next)
				if (a->ns && a->ns->prefix &&
				    strcmp((const char *)a->ns->prefix, "xml"))
					a->ns = NULL;
		}
		if (n->children && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n && n != root && !n->next)
			n = n->parent;
		if (!n || n == root)
			return;
		n = n->next;
	}
}

static bool same_text(struct g2 *g, xmlNode *n, const char *text)
{
	const char *t = text ? xml_text(g->r, n) : NULL;
	return t && str_eq_ci(t, text);
}

/* Removes what an XHTML body carries besides the story: a page <header>
 * (dpa puts the slugline list, genre and headline there), <figure>s (a
 * picture's caption and credit) and an <h1> that repeats the headline.
 * Dropped elements are not descended into, so none holds another. */
static void drop_furniture(struct g2 *g, xmlNode *body, const char *headline)
{
	xmlNode *drop[64];
	size_t nd = 0;
	xmlNode *n = body->children;
	while (n && nd < sizeof drop / sizeof *drop) {
		bool gone = n->type == XML_ELEMENT_NODE &&
			    (xml_is(n, "figure") ||
			     (xml_is(n, "header") && n->parent == body) ||
			     (xml_is(n, "h1") && same_text(g, n, headline)));
		if (gone)
			drop[nd++] = n;
		else if (n->children && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n && n != body && !n->next)
			n = n->parent;
		if (!n || n == body)
			break;
		n = n->next;
	}
	for (size_t i = 0; i < nd; i++) {
		xmlUnlinkNode(drop[i]);
		xmlFreeNode(drop[i]);
	}
}

static int to_html(struct g2 *g, struct version *v, xmlNode *body,
		   const char *headline)
{
	strip_ns(body);
	drop_furniture(g, body, headline);
	size_t len;
	const char *markup = xml_inner_markup(g->r, body, &len);
	if (!markup)
		return 0;
	return html_to_body(g->r->versions.arena, v, markup, len, g->err);
}

/* --------------------------------------------------------------- raw text */

/* The text below n with its line breaks kept, as preformatted copy needs
 * it. Whitespace-only text between elements is the XML's layout, not copy,
 * and is left out; paragraphs are separated by a blank line. In the arena. */
static char *raw_text(struct g2 *g, xmlNode *root, size_t *len)
{
	struct buf b;
	buf_init(&b, G2_BODY_MAX);
	*len = 0;
	xmlNode *n = root->children;
	while (n && !b.err) {
		bool mixed = (n->prev && n->prev->type == XML_ELEMENT_NODE) ||
			     (n->next && n->next->type == XML_ELEMENT_NODE);
		if ((n->type == XML_TEXT_NODE ||
		     n->type == XML_CDATA_SECTION_NODE) &&
		    n->content) {
			const char *t = (const char *)n->content;
			if (!(mixed && str_is_blank(t, strlen(t))))
				buf_puts(&b, t);
		} else if (n->type == XML_ELEMENT_NODE) {
			if (xml_is(n, "br"))
				buf_putc(&b, '\n');
			else if (b.len && (xml_is(n, "p") || xml_is(n, "div") ||
					   xml_is(n, "pre")))
				buf_puts(&b, "\n\n");
		}
		if (n->children && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n && n != root && !n->next)
			n = n->parent;
		if (!n || n == root)
			break;
		n = n->next;
	}
	char *out = b.err ? NULL
			  : utf8_repair(g->r->versions.arena, b.p ? b.p : "",
					b.len, NULL, NULL);
	buf_free(&b);
	if (out)
		*len = strlen(out);
	return out;
}

static bool blank_line(const char *s, size_t n)
{
	return str_is_blank(s, n);
}

/* Preformatted text (tables, results): lines kept as sent, trailing spaces
 * and the indentation every line shares (the XML's own) removed, blocks
 * split at blank lines. The first line does not count for the shared
 * indentation when it follows the opening tag on the same line. */
static int add_pre(struct g2 *g, struct version *v, const char *s, size_t len)
{
	struct arena *a = g->r->versions.arena;
	bool follows_tag = len && s[0] != '\n' && s[0] != '\r';
	size_t indent = (size_t)-1;
	bool first = true;
	for (size_t i = 0; i < len;) {
		size_t st = i, sp = 0;
		while (i < len && s[i] != '\n')
			i++;
		while (st + sp < i && s[st + sp] == ' ')
			sp++;
		if (!blank_line(s + st, i - st) && !(first && follows_tag) &&
		    sp < indent)
			indent = sp;
		first = false;
		i++;
	}
	if (indent == (size_t)-1)
		indent = 0;
	struct buf block, html;
	buf_init(&block, G2_BODY_MAX);
	buf_init(&html, G2_BODY_MAX);
	buf_puts(&html, "<pre>");
	first = true;
	int rc = 0;
	for (size_t i = 0; i <= len && !rc;) {
		size_t st = i;
		while (i < len && s[i] != '\n')
			i++;
		size_t e = i;
		while (e > st && (s[e - 1] == ' ' || s[e - 1] == '\r' ||
				  s[e - 1] == '\t'))
			e--;
		bool skip_indent = !(first && follows_tag);
		size_t cut = 0;
		while (skip_indent && cut < indent && st + cut < e &&
		       s[st + cut] == ' ')
			cut++;
		first = false;
		bool end = i >= len;
		if (e > st) {
			if (block.len)
				buf_putc(&block, '\n');
			buf_append(&block, s + st + cut, e - st - cut);
		}
		if ((e == st || end) && block.len) {
			if (block.err) {
				rc = block.err;
				break;
			}
			rc = version_add_para(a, v, PARA_PRE, block.p,
					      block.len);
			char *esc = NULL;
			if (!rc)
				rc = html_escape(a, block.p, block.len, &esc);
			if (!rc) {
				if (v->n_paras > 1)
					buf_puts(&html, "\n\n");
				buf_puts(&html, esc);
			}
			buf_reset(&block);
		}
		i++;
	}
	buf_puts(&html, "</pre>");
	if (!rc && html.err)
		rc = html.err;
	if (!rc && v->n_paras)
		v->body_html = arena_strndup(a, html.p, html.len);
	buf_free(&block);
	buf_free(&html);
	return rc;
}

/* Plain text. Some agencies wrap it in <p> tags (ANSA), which go; text
 * with no blank line inside marks its paragraphs by indenting them. */
static int add_plain(struct g2 *g, struct version *v, const char *s, size_t len)
{
	struct arena *a = g->r->versions.arena;
	char *t = arena_alloc(a, 2 * len + 1);
	if (!t)
		return OW_ENOMEM;
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		static const struct {
			const char *tag, *with;
		} tags[] = {{"<p>", "\n\n"},
			    {"</p>", "\n\n"},
			    {"<br>", "\n"},
			    {"<br/>", "\n"},
			    {"<br />", "\n"}};
		bool hit = false;
		for (size_t k = 0; k < sizeof tags / sizeof *tags && !hit;
		     k++) {
			size_t tl = strlen(tags[k].tag);
			if (len - i >= tl &&
			    str_starts_with_ci(s + i, tl, tags[k].tag)) {
				size_t wl = strlen(tags[k].with);
				memcpy(t + o, tags[k].with, wl);
				o += wl;
				i += tl;
				hit = true;
			}
		}
		if (!hit)
			t[o++] = s[i++];
	}
	t[o] = '\0';
	/* a blank line between the first and the last line of text? */
	const char *p = t;
	size_t n = o;
	while (n &&
	       (p[0] == ' ' || p[0] == '\t' || p[0] == '\n' || p[0] == '\r')) {
		p++;
		n--;
	}
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\n' ||
		     p[n - 1] == '\r'))
		n--;
	bool inner_blank = false;
	for (size_t i = 0; i < n && !inner_blank;) {
		size_t st = i;
		while (i < n && p[i] != '\n')
			i++;
		inner_blank = blank_line(p + st, i - st);
		i++;
	}
	return text_add_paras(a, v, p, n, !inner_blank);
}

/* -------------------------------------------------------------- renditions */

static int read_nitf(struct g2 *g, struct version *v, xmlNode *nitf, bool table,
		     const char *headline, struct g2_body *b)
{
	xmlNode *content = xml_is(nitf, "body.content")
				   ? nitf
				   : xml_find(nitf, "body.content");
	size_t before = v->n_paras;
	int rc = 0;
	if (table && content) {
		size_t len;
		char *s = raw_text(g, content, &len);
		rc = s ? add_pre(g, v, s, len) : 0;
	} else {
		rc = nitf_read_inline(g->r, v, nitf, g->err);
	}
	if (rc)
		return rc;
	/* the G2 metadata says these; keep NITF's for where it does not */
	b->headline = v->headline;
	b->byline = v->byline;
	b->dateline = v->dateline;
	v->headline = NULL;
	v->byline = NULL;
	memset(&v->dateline, 0, sizeof v->dateline);
	if (v->n_paras == before && content)
		rc = to_html(g, v, content, headline);
	if (!b->headline) {
		xmlNode *hl = xml_find(nitf, "hl1");
		if (!hl)
			hl = xml_find(nitf, "title");
		b->headline = xml_text(g->r, hl);
	}
	return rc;
}

static bool type_has(const char *ct, const char *what)
{
	return ct && str_find_ci(ct, strlen(ct), what) >= 0;
}

static int read_inline_xml(struct g2 *g, struct version *v, xmlNode *ix,
			   bool table, const char *headline, struct g2_body *b)
{
	const char *ct = xml_attr(g->r, ix, "contenttype");
	xmlNode *top = NULL;
	for (xmlNode *c = ix->children; c && !top; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			top = c;
	if (!top)
		return 0; /* comments or whitespace only */
	if (xml_is(top, "nitf") || type_has(ct, "nitf"))
		return read_nitf(g, v, top, table, headline, b);
	xmlNode *body = NULL;
	if (xml_is(top, "html"))
		body = xml_child(top, "body");
	else if (xml_is(top, "body"))
		body = top;
	else if (type_has(ct, "html") || xml_is(top, "p") || xml_is(top, "div"))
		body = ix; /* a fragment of XHTML straight inside */
	if (!body)
		return 0; /* events, concepts, other XML: no copy */
	if (table) {
		size_t len;
		char *s = raw_text(g, body, &len);
		return s ? add_pre(g, v, s, len) : 0;
	}
	return to_html(g, v, body, headline);
}

static int read_inline_data(struct g2 *g, struct version *v, xmlNode *id,
			    bool table)
{
	const char *ct = xml_attr(g->r, id, "contenttype");
	size_t len;
	char *s = raw_text(g, id, &len);
	if (!s || !len)
		return 0;
	if (type_has(ct, "html") && !table)
		return html_to_body(g->r->versions.arena, v, s, len, g->err);
	if (ct && !type_has(ct, "text/"))
		return 0; /* base64 or other data: not copy */
	return table ? add_pre(g, v, s, len) : add_plain(g, v, s, len);
}

/* Length of a Unicode space at s (NBSP, the U+2000 spaces, U+202F, U+3000,
 * U+FEFF) or an ASCII one; 0 for anything else. */
static size_t space_at(const unsigned char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		return 1;
	if (s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] <= 0x8B || s[2] == 0xAF))
		return 3;
	if ((s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) ||
	    (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF))
		return 3;
	return 0;
}

/* Paragraphs of nothing but no-break spaces ("<p>&#160;</p>", dpa's last
 * paragraph) are layout, not text. */
static void drop_blank_paras(struct version *v)
{
	size_t o = 0;
	for (size_t i = 0; i < v->n_paras; i++) {
		const unsigned char *t =
			(const unsigned char *)v->paras[i].text;
		size_t n;
		while (*t && (n = space_at(t)) > 0)
			t += n;
		if (*t || v->paras[i].kind == PARA_PRE)
			v->paras[o++] = v->paras[i];
	}
	v->n_paras = o;
}

int g2_read_body(struct g2 *g, struct version *v, xmlNode *cs, bool table,
		 const char *headline, struct g2_body *b)
{
	int rc = 0;
	for (xmlNode *c = cs ? cs->children : NULL; c && !rc && !v->n_paras;
	     c = c->next) {
		if (xml_is(c, "inlineXML"))
			rc = read_inline_xml(g, v, c, table, headline, b);
		else if (xml_is(c, "inlineData"))
			rc = read_inline_data(g, v, c, table);
		drop_blank_paras(v);
	}
	if (rc == OW_ENOMEM)
		return ow_err_set(g->err, OW_ENOMEM, "out of memory");
	return rc;
}
