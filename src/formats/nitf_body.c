/* Text bodies for the NITF and NewsML 1.2 parsers: NITF body.content, XHTML,
 * HTML carried as text, and plain text, all ending in html_to_body (the one
 * sanitiser) or text_add_paras. Before serialising, a copy of the markup is
 * tidied: media and notes dropped, NITF's <br/> line wraps joined, hl2
 * subheads made bold paragraphs, agency sign-offs ("AAP RTV ar", "ends",
 * "(c) NTB") removed from the end so that neither the paragraphs nor the
 * sanitised HTML carry them. Also the NITF body.head reader. */
#include "formats/nitf_int.h"

#include "common/buf.h"
#include "common/str.h"

#include <libxml/HTMLparser.h>
#include <string.h>

#define TEXT_MAX (1u << 20) /* a byline or dateline gathered from nodes */

enum markup { MARKUP_NITF, MARKUP_HTML };

static bool is_any(const xmlNode *n, const char *const *names)
{
	for (; *names; names++)
		if (xml_is(n, *names))
			return true;
	return false;
}

/* Not body text: pictures with their captions, notes to editors, table
 * metadata. */
static const char *const dropped[] = {"media", "note", "nitf-table-metadata",
				      NULL};
/* Elements that may stand empty. */
static const char *const empty_ok[] = {"br", "td", "th", "hr", NULL};
/* Containers a sign-off can sit at the end of. */
static const char *const wrappers[] = {"block", "div",     "body", "html",
				       "bq",    "section", NULL};

static void remove_node(xmlNode *n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

/* <hl2>Sub</hl2> -> <p><b>Sub</b></p>: a subhead reads as a bold line. */
static void make_subhead(xmlNode *n)
{
	xmlNode *b = xmlNewDocNode(n->doc, NULL, (const xmlChar *)"b", NULL);
	if (!b)
		return;
	xmlNode *c = n->children, *next;
	for (; c; c = next) {
		next = c->next;
		xmlUnlinkNode(c);
		if (!xmlAddChild(b, c))
			xmlFreeNode(c);
	}
	if (!xmlAddChild(n, b))
		xmlFreeNode(b);
	xmlNodeSetName(n, (const xmlChar *)"p");
}

static const char *const table_rows[] = {"table", "thead", "tbody",
					 "tfoot", "tr",    NULL};

/* Table cells carry the indentation of the markup around them; as agate
 * (PARA_PRE) that would be kept, so cell text is squashed and the blank
 * text between rows and cells dropped. */
static void squash_cell_text(xmlNode *t)
{
	const char *s = (const char *)t->content;
	if (!s)
		return;
	size_t n = strlen(s), o = 0;
	xmlChar *out = xmlMalloc(n + 1);
	if (!out)
		return;
	bool gap = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			gap = true;
			continue;
		}
		if (gap && (o || t->prev))
			out[o++] = ' ';
		gap = false;
		out[o++] = (xmlChar)c;
	}
	if (gap && o && t->next)
		out[o++] = ' ';
	out[o] = '\0';
	xmlNodeSetContent(t, out);
	xmlFree(out);
}

/* Tidies the children of n in place (n belongs to a tree we own). */
static void tidy(xmlNode *n, enum markup m, int depth, bool cell)
{
	xmlNode *c = n->children, *next;
	bool rows = is_any(n, table_rows);
	for (; c; c = next) {
		next = c->next;
		if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE) {
			remove_node(c);
			continue;
		}
		if (c->type == XML_TEXT_NODE && c->content) {
			if (rows &&
			    str_is_blank((const char *)c->content,
					 strlen((const char *)c->content)))
				remove_node(c);
			else if (cell)
				squash_cell_text(c);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		c->ns = NULL; /* serialise local names: <p>, not <nitf:p> */
		if (depth > NITF_MAX_DEPTH || is_any(c, dropped)) {
			remove_node(c);
			continue;
		}
		if (m == MARKUP_NITF && xml_is(c, "br")) {
			/* wire NITF (AAP) marks the wrapped lines of one
			 * paragraph with <br/> */
			xmlNode *sp =
				xmlNewDocText(c->doc, (const xmlChar *)" ");
			if (sp)
				xmlReplaceNode(c, sp);
			else
				xmlUnlinkNode(c);
			xmlFreeNode(c);
			continue;
		}
		tidy(c, m, depth + 1,
		     cell || xml_is(c, "td") || xml_is(c, "th"));
		if (!c->children) {
			if (!is_any(c, empty_ok))
				remove_node(c);
			else if (!xml_is(c, "br") && !xml_is(c, "hr"))
				xmlNodeAddContent(c, (const xmlChar *)" ");
			continue;
		}
		if (m == MARKUP_NITF && (xml_is(c, "hl2") || xml_is(c, "hl3")))
			make_subhead(c);
	}
}

static xmlNode *last_element(xmlNode *n)
{
	for (xmlNode *c = n->last; c; c = c->prev) {
		if (c->type == XML_ELEMENT_NODE)
			return c;
		if (c->type == XML_TEXT_NODE && c->content &&
		    !str_is_blank((const char *)c->content,
				  strlen((const char *)c->content)))
			return NULL; /* text after the last element */
	}
	return NULL;
}

/* Removes blank paragraphs and sign-off lines from the end of the body. */
static void trim_tail(struct parse_result *r, xmlNode *container)
{
	for (int k = 0; k < 8; k++) {
		xmlNode *last = last_element(container);
		for (int d = 0; last && d < 8 && is_any(last, wrappers); d++)
			last = last_element(last);
		if (!last || !(xml_is(last, "p") || xml_is(last, "pre")))
			return;
		xmlChar *t = xmlNodeGetContent(last);
		const char *s = t ? fmt_field(r, (const char *)t,
					      strlen((const char *)t))
				  : NULL;
		xmlFree(t);
		if (s && !nitf_is_signoff(s))
			return;
		remove_node(last);
	}
}

/* ------------------------------------------------------------- rendering */

/* The first paragraph's dateline ("SEOUL, Nov 26 AFP - ...") fills what
 * the metadata left empty; the paragraph keeps its text. */
static void lead_dateline(struct parse_result *r, struct version *v)
{
	if (!v->n_paras || v->paras[0].kind != PARA_TEXT)
		return;
	const char *p = v->paras[0].text;
	struct dateline d;
	size_t used;
	if (!dateline_parse(r->versions.arena, p, strlen(p), &d, &used))
		return;
	nitf_dateline_text(r, &v->dateline, fmt_field(r, p, used));
}

/* libxml2's HTML parser (2.9, HTML_PARSE_NOIMPLIED) nests top-level
 * siblings inside the first element ("<p>a</p><p>b</p>" becomes
 * "<p>a<p>b</p></p>"); one enclosing <div> keeps them siblings. */
static char *in_div(struct parse_result *r, const char *s, size_t n,
		    size_t *out_len)
{
	char *out = arena_alloc(r->versions.arena, n + 12);
	if (!out)
		return NULL;
	memcpy(out, "<div>", 5);
	memcpy(out + 5, s, n);
	memcpy(out + 5 + n, "</div>", 7);
	*out_len = n + 11;
	return out;
}

static int render(struct parse_result *r, struct version *v, xmlNode *c,
		  struct ow_err *err)
{
	size_t n;
	const char *s = xml_inner_markup(r, c, &n);
	if (!s)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	if (str_is_blank(s, n))
		return 0;
	s = in_div(r, s, n, &n);
	if (!s)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	int rc = html_to_body(r->versions.arena, v, s, n, err);
	if (rc)
		return rc;
	if (v->body_html && !*v->body_html)
		v->body_html = NULL;
	lead_dateline(r, v);
	return 0;
}

/* Tidies a copy of `container` (the caller's tree stays as it is) and
 * renders its children. */
static int render_copy(struct parse_result *r, struct version *v,
		       xmlNode *container, enum markup m, struct ow_err *err)
{
	xmlNode *copy = xmlDocCopyNode(container, container->doc, 1);
	if (!copy)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	tidy(copy, m, 0, false);
	trim_tail(r, copy);
	int rc = render(r, v, copy, err);
	xmlFreeNode(copy);
	return rc;
}

int nitf_body_content(struct parse_result *r, struct version *v,
		      xmlNode *container, struct ow_err *err)
{
	if (v->n_paras || !container || !container->children)
		return 0;
	return render_copy(r, v, container, MARKUP_NITF, err);
}

int nitf_body_html(struct parse_result *r, struct version *v, const char *html,
		   size_t len, struct ow_err *err)
{
	if (v->n_paras || !html || str_is_blank(html, len))
		return 0;
	if (len > INT32_MAX - 16)
		return ow_err_set(err, OW_ETOOBIG, "HTML body too large");
	html = in_div(r, html, len, &len);
	if (!html)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	htmlDocPtr doc = htmlReadMemory(
		html, (int)len, NULL, "UTF-8",
		HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
			HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED);
	if (!doc)
		return ow_err_set(err, OW_EPARSE,
				  "HTML body could not be read");
	tidy((xmlNode *)doc, MARKUP_HTML, 0, false);
	trim_tail(r, (xmlNode *)doc);
	int rc = render(r, v, (xmlNode *)doc, err);
	xmlFreeDoc(doc);
	return rc;
}

int nitf_body_text(struct parse_result *r, struct version *v, const char *s,
		   size_t len, struct ow_err *err)
{
	struct arena *a = r->versions.arena;
	if (v->n_paras || !s)
		return 0;
	if (text_add_paras(a, v, s, len, false))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	while (v->n_paras && v->paras[v->n_paras - 1].kind == PARA_TEXT &&
	       nitf_is_signoff(v->paras[v->n_paras - 1].text))
		v->n_paras--;
	lead_dateline(r, v);
	return 0;
}

static xmlNode *first_element(xmlNode *n)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

int nitf_data_content(struct parse_result *r, struct version *v, xmlNode *dc,
		      bool html_hint, struct ow_err *err)
{
	if (v->n_paras || !dc)
		return 0;
	xmlNode *e = first_element(dc);
	if (e) {
		bool nitf_body =
			xml_is(e, "body") && (xml_child(e, "body.content") ||
					      xml_child(e, "body.head"));
		if (xml_is(e, "nitf") || xml_is(e, "body.content") || nitf_body)
			return nitf_read_inline(r, v, e, err);
		if (xml_is(e, "html") || xml_is(e, "body")) {
			xmlNode *b =
				xml_is(e, "html") ? xml_child(e, "body") : e;
			return render_copy(r, v, b ? b : e, MARKUP_HTML, err);
		}
		return render_copy(r, v, dc, MARKUP_NITF, err);
	}
	xmlChar *t = xmlNodeGetContent(dc);
	if (!t)
		return 0;
	const char *s = (const char *)t;
	size_t n = strlen(s);
	size_t i = 0;
	while (i < n &&
	       (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	int rc = html_hint || (i < n && s[i] == '<')
			 ? nitf_body_html(r, v, s, n, err)
			 : nitf_body_text(r, v, s, n, err);
	xmlFree(t);
	return rc;
}

/* -------------------------------------------------------------- body.head */

/* The text under n, leaving out the subtrees named `skip`. */
static void gather(struct buf *b, const xmlNode *n, const char *skip, int depth)
{
	for (xmlNode *c = n->children; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE ||
		     c->type == XML_CDATA_SECTION_NODE) &&
		    c->content)
			buf_puts(b, (const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE && !xml_is(c, skip) &&
			 depth < NITF_MAX_DEPTH)
			gather(b, c, skip, depth + 1);
	}
}

static const char *text_without(struct parse_result *r, const xmlNode *n,
				const char *skip)
{
	struct buf b;
	buf_init(&b, TEXT_MAX);
	gather(&b, n, skip, 0);
	const char *out = b.p ? fmt_field(r, b.p, b.len) : NULL;
	buf_free(&b);
	return out;
}

static void read_dateline(struct parse_result *r, struct version *v,
			  xmlNode *dl)
{
	xmlNode *loc = xml_find(dl, "location");
	xmlNode *city = xml_find(loc ? loc : dl, "city");
	if (!v->dateline.place && city)
		v->dateline.place = xml_text(r, city);
	if (!v->dateline.place && loc)
		v->dateline.place = text_without(r, loc, "story.date");
	if (!loc && !city)
		nitf_dateline_text(r, &v->dateline,
				   text_without(r, dl, "story.date"));
	/* story.date as written; a bare norm ("20170102T222800+0000") is
	 * not how a dateline reads, so it is left out */
	const char *sd = xml_text(r, xml_find(dl, "story.date"));
	int64_t t;
	if (!v->dateline.date && sd && !time_parse_iso(sd, &t, NULL))
		v->dateline.date = sd;
}

int nitf_body_head(struct parse_result *r, struct version *v, xmlNode *bh,
		   const char **headline, const char **distributor)
{
	*headline = NULL;
	*distributor = NULL;
	if (!bh)
		return 0;
	xmlNode *hed = xml_child(bh, "hedline");
	*headline = xml_text(r, xml_child(hed, "hl1"));
	if (!*headline && hed && !xml_child(hed, "hl2"))
		*headline = xml_text(r, hed);
	xmlNode *by = xml_child(bh, "byline");
	if (!v->byline && by)
		v->byline = nitf_byline_clean(r, text_without(r, by, "byttl"));
	xmlNode *dl = xml_child(bh, "dateline");
	if (dl)
		read_dateline(r, v, dl);
	*distributor = xml_text(r, xml_child(bh, "distributor"));
	xmlNode *note = xml_child(bh, "note");
	const char *cls = xml_attr(r, note, "noteclass");
	if (!v->ednote && cls && str_eq_ci(cls, "editorsnote"))
		v->ednote = xml_text(r, note);
	return 0;
}
