/* libxml2 for hostile input, and helpers for walking wire XML. */
#include "formats/xml.h"

#include "common/str.h"

#include <libxml/parser.h>
#include <libxml/xmlsave.h>
#include <string.h>

/* No entity substitution (NOENT absent), no DTD loading or validation, no
 * network, no XInclude; libxml2's default limits on depth (256) and text
 * size stay on because XML_PARSE_HUGE is absent. */
#define XML_SAFE_OPTIONS                                                       \
	(XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |           \
	 XML_PARSE_NOCDATA | XML_PARSE_NOXINCNODE)

/* True if the prolog declares entities: billion laughs and external
 * entities both need one, and no wire format does. */
static long entity_declaration(const char *buf, size_t len)
{
	/* the whole input: a DOCTYPE may follow a comment of any length */
	return str_find_ci(buf, len, "<!ENTITY");
}

/* An upper bound on the nodes a document can make: every element, comment
 * and PI starts with '<'. libxml2 bounds depth and text size, not breadth,
 * so a huge input of tiny elements would grow a tree of gigabytes. */
#define XML_MAX_NODES (4u << 20)

static size_t count_tags(const char *buf, size_t len)
{
	size_t n = 0;
	for (const char *p = buf; (p = memchr(p, '<', len - (size_t)(p - buf)));
	     p++)
		n++;
	return n;
}

int xml_read(const char *buf, size_t len, const char *what, xmlDocPtr *out,
	     struct ow_err *err)
{
	*out = NULL;
	if (len > (size_t)INT32_MAX)
		return ow_err_set(err, OW_ETOOBIG, "%s: document too large",
				  what);
	long at = entity_declaration(buf, len);
	if (at >= 0)
		return ow_err_at(err, OW_EPARSE, buf, (size_t)at,
				 "%s: entity declarations are refused (entity "
				 "expansion is off for untrusted copy)",
				 what);
	if (count_tags(buf, len) > XML_MAX_NODES)
		return ow_err_set(err, OW_ETOOBIG,
				  "%s: more than %u elements; refused before "
				  "building the document",
				  what, XML_MAX_NODES);
	xmlParserCtxtPtr ctx = xmlNewParserCtxt();
	if (!ctx)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	xmlDocPtr doc = xmlCtxtReadMemory(ctx, buf, (int)len, NULL, NULL,
					  XML_SAFE_OPTIONS);
	if (!doc || !ctx->wellFormed) {
		const xmlError *e = xmlCtxtGetLastError(ctx);
		char msg[160] = "not well-formed";
		int line = 0, col = 0;
		if (e) {
			snprintf(msg, sizeof msg, "%s",
				 e->message ? e->message : "error");
			size_t l = strlen(msg);
			while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
				msg[--l] = '\0';
			line = e->line;
			col = e->int2;
		}
		if (doc)
			xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctx);
		err->code = OW_EPARSE;
		err->line = line;
		err->offset = 0;
		snprintf(err->msg, sizeof err->msg,
			 "%s: XML error at line %d, column %d: %s", what, line,
			 col, msg);
		return OW_EPARSE;
	}
	xmlFreeParserCtxt(ctx);
	*out = doc;
	return 0;
}

static size_t skip_ws(const char *s, size_t len, size_t i)
{
	while (i < len &&
	       (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

static size_t skip_past(const char *s, size_t len, size_t i, const char *end)
{
	size_t el = strlen(end);
	while (i + el <= len && memcmp(s + i, end, el))
		i++;
	return i + el <= len ? i + el : len;
}

void xml_sniff_root(const char *buf, size_t len, char *name, size_t n, char *ns,
		    size_t nn)
{
	name[0] = '\0';
	if (ns && nn)
		ns[0] = '\0';
	size_t look = len < 65536 ? len : 65536;
	size_t i = utf8_bom(buf, look);
	for (int guard = 0; guard < 64; guard++) {
		i = skip_ws(buf, look, i);
		if (i + 1 >= look || buf[i] != '<')
			return;
		if (buf[i + 1] == '?') {
			i = skip_past(buf, look, i + 2, "?>");
		} else if (look - i >= 4 && !memcmp(buf + i, "<!--", 4)) {
			i = skip_past(buf, look, i + 4, "-->");
		} else if (buf[i + 1] == '!') {
			/* DOCTYPE, possibly with an internal subset */
			size_t j = i + 2;
			int depth = 0;
			while (j < look && !(buf[j] == '>' && depth == 0)) {
				if (buf[j] == '[')
					depth++;
				else if (buf[j] == ']')
					depth--;
				j++;
			}
			i = j + 1;
		} else {
			size_t st = i + 1, e = st;
			while (e < look && buf[e] != ' ' && buf[e] != '>' &&
			       buf[e] != '/' && buf[e] != '\t' &&
			       buf[e] != '\n' && buf[e] != '\r')
				e++;
			const char *colon = memchr(buf + st, ':', e - st);
			if (colon)
				st = (size_t)(colon - buf) + 1;
			size_t l = e - st < n - 1 ? e - st : n - 1;
			memcpy(name, buf + st, l);
			name[l] = '\0';
			if (ns && nn) {
				size_t tag_end = e;
				while (tag_end < look && buf[tag_end] != '>')
					tag_end++;
				long x = str_find_ci(buf + e, tag_end - e,
						     "xmlns");
				if (x >= 0) {
					const char *q =
						memchr(buf + e + x, '"',
						       tag_end - e - (size_t)x);
					if (!q)
						q = memchr(buf + e + x, '\'',
							   tag_end - e -
								   (size_t)x);
					if (q) {
						const char *qe = memchr(
							q + 1, *q,
							(size_t)(buf + tag_end -
								 q - 1));
						if (qe) {
							size_t ql =
								(size_t)(qe -
									 q - 1);
							if (ql >= nn)
								ql = nn - 1;
							memcpy(ns, q + 1, ql);
							ns[ql] = '\0';
						}
					}
				}
			}
			return;
		}
	}
}

bool xml_is(const xmlNode *n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && n->name &&
	       str_eq_ci((const char *)n->name, local);
}

xmlNode *xml_next(xmlNode *after, const char *local)
{
	for (xmlNode *c = after ? after->next : NULL; c; c = c->next)
		if (xml_is(c, local))
			return c;
	return NULL;
}

xmlNode *xml_child(const xmlNode *parent, const char *local)
{
	if (!parent)
		return NULL;
	for (xmlNode *c = parent->children; c; c = c->next)
		if (xml_is(c, local))
			return c;
	return NULL;
}

xmlNode *xml_find(xmlNode *root, const char *local)
{
	/* iterative depth-first walk: no recursion on hostile depth */
	xmlNode *n = root;
	while (n) {
		if (xml_is(n, local))
			return n;
		if (n->children && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n && n != root && !n->next)
			n = n->parent;
		if (!n || n == root)
			return NULL;
		n = n->next;
	}
	return NULL;
}

const char *xml_attr(struct parse_result *r, const xmlNode *n,
		     const char *local)
{
	if (!n)
		return NULL;
	for (xmlAttr *a = n->properties; a; a = a->next) {
		if (!a->name || !str_eq_ci((const char *)a->name, local))
			continue;
		xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
		const char *out = v ? fmt_field(r, (const char *)v,
						strlen((const char *)v))
				    : NULL;
		xmlFree(v);
		return out;
	}
	return NULL;
}

const char *xml_text(struct parse_result *r, const xmlNode *n)
{
	if (!n)
		return NULL;
	xmlChar *t = xmlNodeGetContent(n);
	if (!t)
		return NULL;
	const char *out =
		fmt_field(r, (const char *)t, strlen((const char *)t));
	xmlFree(t);
	return out;
}

const char *xml_inner_markup(struct parse_result *r, xmlNode *n, size_t *len)
{
	*len = 0;
	if (!n)
		return NULL;
	xmlBufferPtr b = xmlBufferCreate();
	if (!b)
		return NULL;
	for (xmlNode *c = n->children; c; c = c->next)
		xmlNodeDump(b, n->doc, c, 0, 0);
	const char *out = arena_strndup(r->versions.arena,
					(const char *)xmlBufferContent(b),
					(size_t)xmlBufferLength(b));
	*len = (size_t)xmlBufferLength(b);
	xmlBufferFree(b);
	return out;
}

int xml_line(const xmlNode *n)
{
	return n ? (int)xmlGetLineNo(n) : 0;
}
