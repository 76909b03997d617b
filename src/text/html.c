/* Agency HTML bodies to paragraphs and a sanitised HTML subset, via
 * libxml2's HTML parser (network off, recovering from broken markup). The
 * allow-list lives here and nowhere else. */
#include "text/text.h"

#include "common/buf.h"
#include "common/ow_error.h"
#include "common/str.h"

#include <libxml/HTMLparser.h>
#include <string.h>

#define HTML_MAX_DEPTH 512 /* above libxml2's own 256 */
#define HTML_OUT_MAX (32u << 20)

struct walk {
	struct arena *a;
	struct version *v;
	struct buf html; /* sanitised output */
	struct buf para; /* text of the paragraph being gathered */
	struct buf pre;  /* text of a <pre> or table being gathered */
	int in_pre;
	bool dropped; /* the last flush dropped its text (end marker, padding) */
	int rc;
};

static bool name_is(const xmlNode *n, const char *name)
{
	return n->name && str_eq_ci((const char *)n->name, name);
}

static bool is_any(const xmlNode *n, const char *const *names)
{
	for (; *names; names++)
		if (name_is(n, *names))
			return true;
	return false;
}

static const char *const kept_inline[] = {"b", "i", "em", "strong", NULL};
static const char *const kept_block[] = {"p",     "ul",    "ol",    "li",
					 "table", "thead", "tbody", "tfoot",
					 "tr",    "td",    "th",    NULL};
static const char *const dropped[] = {
	"script",   "style",  "iframe",   "object", "embed", "noscript",
	"template", "head",   "title",    "svg",    "math",  "form",
	"button",   "select", "textarea", NULL};
/* elements that end a paragraph of plain text */
static const char *const breaks[] = {
	"p",       "div",    "h1",     "h2",         "h3", "h4",
	"h5",      "h6",     "li",     "blockquote", "tr", "section",
	"article", "header", "footer", "dd",         "dt", "figcaption",
	"hl1",     "hl2",    "block",  NULL};

static void esc(struct buf *b, const char *s, size_t n, bool attr)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, attr ? "&quot;" : "\""); break;
		case '\'': buf_puts(b, attr ? "&#39;" : "'"); break;
		default: buf_putc(b, s[i]);
		}
	}
}

/* True for text of nothing but spaces and no-break spaces (U+00A0): agency
 * HTML pads with "<p>&#160;</p>", which is not a paragraph. */
static bool only_spaces(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ')
			continue;
		if ((unsigned char)s[i] == 0xC2 && i + 1 < n &&
		    (unsigned char)s[i + 1] == 0xA0) {
			i++;
			continue;
		}
		return false;
	}
	return true;
}

static void flush_para(struct walk *w)
{
	if (w->rc || !w->para.len)
		return;
	char *t = text_squash(w->a, w->para.p, w->para.len);
	if (!t) {
		w->rc = OW_ENOMEM;
		return;
	}
	size_t n = strlen(t);
	text_strip_trailing_marker(t, &n);
	w->dropped = !n || text_is_end_marker(t, n) || only_spaces(t, n);
	if (!w->dropped)
		w->rc = version_add_para(w->a, w->v, PARA_TEXT, t, n);
	buf_reset(&w->para);
}

static void flush_pre(struct walk *w)
{
	if (w->rc || !w->pre.len)
		return;
	const char *s = w->pre.p;
	size_t n = w->pre.len;
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	while (n && *s == '\n') {
		s++;
		n--;
	}
	if (n)
		w->rc = version_add_para(w->a, w->v, PARA_PRE, s, n);
	buf_reset(&w->pre);
}

static bool safe_href(const char *h)
{
	while (*h == ' ' || *h == '\t' || *h == '\n')
		h++;
	return str_starts_with_ci(h, strlen(h), "http://") ||
	       str_starts_with_ci(h, strlen(h), "https://");
}

static void walk(struct walk *w, xmlNode *n, int depth);

static void walk_children(struct walk *w, xmlNode *n, int depth)
{
	for (xmlNode *c = n->children; c && !w->rc; c = c->next)
		walk(w, c, depth + 1);
}

static void text_node(struct walk *w, const char *s)
{
	size_t n = strlen(s);
	esc(&w->html, s, n, false);
	if (w->in_pre)
		buf_append(&w->pre, s, n);
	else
		buf_append(&w->para, s, n);
}

static void walk(struct walk *w, xmlNode *n, int depth)
{
	if (depth > HTML_MAX_DEPTH) {
		w->rc = OW_ETOOBIG;
		return;
	}
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content)
			text_node(w, (const char *)n->content);
		return;
	}
	if (n->type != XML_ELEMENT_NODE) {
		if (n->type == XML_DOCUMENT_NODE ||
		    n->type == XML_HTML_DOCUMENT_NODE)
			walk_children(w, n, depth);
		return;
	}
	if (is_any(n, dropped))
		return;
	if (name_is(n, "br")) {
		buf_puts(&w->html, "<br>");
		if (w->in_pre)
			buf_putc(&w->pre, '\n');
		else
			flush_para(w);
		return;
	}
	if (name_is(n, "pre")) {
		flush_para(w);
		buf_puts(&w->html, "<pre>");
		w->in_pre++;
		walk_children(w, n, depth);
		w->in_pre--;
		buf_puts(&w->html, "</pre>");
		if (!w->in_pre)
			flush_pre(w);
		return;
	}
	bool table = name_is(n, "table");
	if (table) {
		flush_para(w);
		w->in_pre++;
	}
	bool block = is_any(n, breaks);
	if (block && !w->in_pre)
		flush_para(w);
	size_t html_mark = w->html.len, paras_mark = w->v->n_paras;
	const char *tag = NULL;
	if (is_any(n, kept_inline) || is_any(n, kept_block))
		tag = (const char *)n->name;
	if (tag) {
		buf_putc(&w->html, '<');
		for (const char *t = tag; *t; t++)
			buf_putc(&w->html, str_lower(*t));
		buf_putc(&w->html, '>');
	}
	bool link = false;
	if (name_is(n, "a")) {
		xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
		if (href && safe_href((const char *)href)) {
			buf_puts(&w->html, "<a href=\"");
			esc(&w->html, (const char *)href,
			    strlen((const char *)href), true);
			buf_puts(&w->html, "\" rel=\"nofollow noopener\">");
			link = true;
		}
		xmlFree(href);
	}
	walk_children(w, n, depth);
	if (link)
		buf_puts(&w->html, "</a>");
	if (tag) {
		buf_puts(&w->html, "</");
		for (const char *t = tag; *t; t++)
			buf_putc(&w->html, str_lower(*t));
		buf_putc(&w->html, '>');
	}
	if (w->in_pre && (name_is(n, "td") || name_is(n, "th")))
		buf_puts(&w->pre, "  ");
	if (w->in_pre && name_is(n, "tr"))
		buf_putc(&w->pre, '\n');
	if (table) {
		w->in_pre--;
		if (!w->in_pre)
			flush_pre(w);
	}
	if (block && !w->in_pre) {
		w->dropped = false;
		flush_para(w);
		/* a block that held only an end marker ("<p>Endit</p>") leaves
		 * the markup as it leaves the text */
		if (w->dropped && w->v->n_paras == paras_mark && !w->html.err) {
			w->html.len = html_mark;
			w->html.p[html_mark] = '\0';
		}
		/* text outside a kept block still reads as its own paragraph */
		if (!tag && w->html.len && w->html.p[w->html.len - 1] != '\n')
			buf_putc(&w->html, '\n');
	}
}

int html_to_body(struct arena *a, struct version *v, const char *html,
		 size_t len, struct ow_err *err)
{
	if (len > INT32_MAX)
		return ow_err_set(err, OW_ETOOBIG, "HTML body too large");
	struct walk w = {.a = a, .v = v};
	buf_init(&w.html, HTML_OUT_MAX);
	buf_init(&w.para, HTML_OUT_MAX);
	buf_init(&w.pre, HTML_OUT_MAX);
	htmlParserCtxtPtr ctx = htmlNewParserCtxt();
	htmlDocPtr doc =
		ctx ? htmlCtxtReadMemory(
			      ctx, html, (int)len, NULL, "UTF-8",
			      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
				      HTML_PARSE_NOWARNING | HTML_PARSE_NONET)
		    : NULL;
	/* libxml2 stops at its depth limit and hands back what it had: that
	 * is a truncated body, not a body, so say so */
	const xmlError *xe = ctx ? xmlCtxtGetLastError(ctx) : NULL;
	bool too_deep =
		xe && xe->message && strstr(xe->message, "Excessive depth");
	if (ctx)
		htmlFreeParserCtxt(ctx);
	if (too_deep) {
		if (doc)
			xmlFreeDoc(doc);
		buf_free(&w.html);
		buf_free(&w.para);
		buf_free(&w.pre);
		return ow_err_set(err, OW_ETOOBIG,
				  "HTML body nested deeper than the parser's "
				  "limit; not read");
	}
	if (!doc) {
		/* an empty or whitespace-only body: nothing to add */
		buf_free(&w.html);
		buf_free(&w.para);
		buf_free(&w.pre);
		return str_is_blank(html, len)
			       ? 0
			       : ow_err_set(err, OW_EPARSE,
					    "HTML body could not be read");
	}
	walk(&w, (xmlNode *)doc, 0);
	flush_para(&w);
	flush_pre(&w);
	xmlFreeDoc(doc);
	int rc = w.rc ? w.rc : w.html.err ? w.html.err : w.para.err;
	if (!rc) {
		const char *h = w.html.p ? w.html.p : "";
		size_t hl = w.html.len;
		str_trim(&h, &hl);
		v->body_html = arena_strndup(a, h, hl);
		if (!v->body_html)
			rc = OW_ENOMEM;
	}
	buf_free(&w.html);
	buf_free(&w.para);
	buf_free(&w.pre);
	if (rc)
		return ow_err_set(err, rc, "HTML body: %s%s", ow_strerror(rc),
				  rc == OW_ETOOBIG ? " (nested too deep)" : "");
	return 0;
}

int html_escape(struct arena *a, const char *s, size_t len, char **out)
{
	struct buf b;
	buf_init(&b, len * 6 + 16);
	esc(&b, s, len, true);
	if (b.err) {
		buf_free(&b);
		return OW_ENOMEM;
	}
	*out = arena_strndup(a, b.p ? b.p : "", b.len);
	buf_free(&b);
	return *out ? 0 : OW_ENOMEM;
}
