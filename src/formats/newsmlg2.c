/* IPTC NewsML-G2: detection, the document's shape (a lone newsItem, or a
 * newsMessage whose itemSet carries many items), which items are text copy
 * and which are skipped (pictures, video, packages, concepts), and each
 * item's byte range in the input. The item's metadata is read in
 * newsmlg2_meta.c, its content in newsmlg2_body.c. Namespaces are ignored
 * (ns0:newsItem works), as is the case of element names (Scoop's <Header>).
 * Not for NewsML 1.x, whose root is <NewsML>: newsml1.c reads that. */
#include "formats/newsmlg2_int.h"

#include "common/str.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#define G2_NS "http://iptc.org/std/nar/2006-10-01/"
/* Elements, attributes, comments and PIs in one document: each is a DOM
 * node of ~120 bytes, so this keeps a hostile document of tiny nodes
 * ("<a/><a/>...", "<!----><!---->...") to a few hundred MB of tree. */
#define G2_MAX_NODES 4000000u

/* ---------------------------------------------------------------- probing */

static const char *const item_roots[] = {
	"newsItem",     "newsMessage",   "packageItem", "conceptItem",
	"planningItem", "knowledgeItem", "catalogItem", NULL};
/* Parts of an item sent on their own: recognised so the error can say so. */
static const char *const fragment_roots[] = {
	"contentSet", "contentMeta", "itemMeta", "itemSet", "inlineXML", NULL};

static int name_in(const char *name, const char *const *list, bool exact)
{
	for (const char *const *n = list; *n; n++)
		if (exact ? !strcmp(name, *n) : str_eq_ci(name, *n))
			return 1;
	return 0;
}

int newsmlg2_probe(const char *buf, size_t len)
{
	char root[64], ns[128];
	xml_sniff_root(buf, len, root, sizeof root, ns, sizeof ns);
	if (!root[0])
		return 0;
	size_t look = len < 4096 ? len : 4096;
	/* the first xmlns may be another one (xmlns:html before xmlns:ns0) */
	bool nar = !strcmp(ns, G2_NS) || str_find_ci(buf, look, G2_NS) >= 0;
	if (name_in(root, item_roots, true))
		return nar ? 95 : 80;
	if (name_in(root, item_roots, false))
		return nar ? 90 : 40;
	if (name_in(root, fragment_roots, false))
		return 15;
	return 0;
}

/* ------------------------------------------------------ item byte ranges */

/* Where each child of <itemSet> starts and ends in the raw bytes. The DOM
 * keeps no byte offsets, so the tags are counted in the input itself; every
 * '<' in well-formed XML outside comments, CDATA and PIs opens a tag, and
 * attribute values may hold '>' only inside quotes. Also bounds the item
 * and element counts before libxml2 builds a tree. */
struct ranges {
	size_t *off, *len;
	size_t n, cap;
};

static size_t skip_to(const char *s, size_t len, size_t i, const char *end)
{
	size_t el = strlen(end);
	while (i + el <= len) {
		const char *p = memchr(s + i, end[0], len - i);
		if (!p)
			return len;
		i = (size_t)(p - s);
		if (i + el <= len && !memcmp(s + i, end, el))
			return i + el;
		i++;
	}
	return len;
}

static bool local_is(const char *s, size_t n, const char *want)
{
	const char *colon = memchr(s, ':', n);
	if (colon) {
		n -= (size_t)(colon - s) + 1;
		s = colon + 1;
	}
	return n == strlen(want) && str_starts_with_ci(s, n, want);
}

static int ranges_add(struct ranges *rg, size_t off, struct ow_err *err)
{
	if (rg->n >= FORMATS_MAX_ITEMS)
		return ow_err_set(err, OW_ETOOBIG,
				  "newsmlg2: newsMessage holds more than %d "
				  "items",
				  FORMATS_MAX_ITEMS);
	if (rg->n == rg->cap) {
		size_t cap = rg->cap ? rg->cap * 2 : 16;
		size_t *o = realloc(rg->off, cap * sizeof *o);
		if (!o)
			return ow_err_set(err, OW_ENOMEM, "out of memory");
		rg->off = o;
		size_t *l = realloc(rg->len, cap * sizeof *l);
		if (!l)
			return ow_err_set(err, OW_ENOMEM, "out of memory");
		rg->len = l;
		rg->cap = cap;
	}
	rg->off[rg->n] = off;
	rg->len[rg->n] = 0;
	rg->n++;
	return 0;
}

/* A start tag at s[i]: where its name ends, where it ends (the '>'), how
 * many attributes it has and whether it closes itself. */
struct tag {
	size_t name_end, end, attrs;
	bool empty;
};

static struct tag start_tag(const char *s, size_t len, size_t i)
{
	struct tag t = {0};
	size_t e = i + 1;
	while (e < len && s[e] != '>' && s[e] != '/' && s[e] != ' ' &&
	       s[e] != '\t' && s[e] != '\n' && s[e] != '\r')
		e++;
	t.name_end = e;
	char q = 0;
	while (e < len && (q || s[e] != '>')) {
		if (q && s[e] == q)
			q = 0;
		else if (!q && (s[e] == '"' || s[e] == '\''))
			q = s[e];
		else if (!q && s[e] == '=')
			t.attrs++;
		e++;
	}
	t.end = e;
	t.empty = e < len && e > i + 1 && s[e - 1] == '/';
	return t;
}

static int scan_items(const char *s, size_t len, struct ranges *rg,
		      struct ow_err *err)
{
	size_t i = 0, nodes = 0;
	int depth = 0;
	bool in_set = false; /* inside <itemSet> at depth 2 */
	while (i < len) {
		const char *lt = memchr(s + i, '<', len - i);
		if (!lt)
			break;
		i = (size_t)(lt - s);
		size_t at = i;
		if (len - i >= 4 && !memcmp(s + i, "<!--", 4)) {
			i = skip_to(s, len, i + 4, "-->");
			nodes++;
		} else if (len - i >= 9 && !memcmp(s + i, "<![CDATA[", 9)) {
			i = skip_to(s, len, i + 9, "]]>");
			nodes++;
		} else if (len - i >= 2 && s[i + 1] == '?') {
			i = skip_to(s, len, i + 2, "?>");
			nodes++;
		} else if (len - i >= 2 && s[i + 1] == '!') {
			int br = 0;
			while (i < len && !(s[i] == '>' && br <= 0)) {
				br += s[i] == '[' ? 1 : s[i] == ']' ? -1 : 0;
				i++;
			}
			/* xml_read looks for these in the first 64 KB only;
			 * a long comment must not carry one past it */
			long ent = str_find_ci(s + at, i - at, "<!ENTITY");
			if (ent >= 0)
				return ow_err_at(
					err, OW_EPARSE, s, at + (size_t)ent,
					"newsmlg2: entity declarations "
					"are refused (entity expansion "
					"is off for untrusted copy)");
			i++;
		} else if (len - i >= 2 && s[i + 1] == '/') {
			i = skip_to(s, len, i + 2, ">");
			if (depth == 3 && in_set && rg->n &&
			    !rg->len[rg->n - 1])
				rg->len[rg->n - 1] = i - rg->off[rg->n - 1];
			if (depth == 2)
				in_set = false;
			depth--;
		} else {
			struct tag t = start_tag(s, len, i);
			nodes += 1 + t.attrs;
			depth++;
			if (depth == 2)
				in_set = local_is(s + i + 1, t.name_end - i - 1,
						  "itemSet");
			if (depth == 3 && in_set) {
				int rc = ranges_add(rg, i, err);
				if (rc)
					return rc;
				if (t.empty)
					rg->len[rg->n - 1] = t.end + 1 - i;
			}
			if (t.empty)
				depth--;
			i = t.end < len ? t.end + 1 : len;
		}
		if (nodes > G2_MAX_NODES)
			return ow_err_at(err, OW_ETOOBIG, s, at,
					 "newsmlg2: more than %u elements, "
					 "attributes and comments in one "
					 "document",
					 G2_MAX_NODES);
	}
	return 0;
}

/* ------------------------------------------------------------------ items */

/* Why an item that is not text copy is skipped. */
static const char *class_reason(const char *cls)
{
	static const struct {
		const char *code, *reason;
	} reasons[] = {
		{"picture", "picture item, not text copy"},
		{"photo", "picture item, not text copy"},
		{"graphic", "graphic item, not text copy"},
		{"video", "video item, not text copy"},
		{"audio", "audio item, not text copy"},
		{"composite", "composite item (a package of other items), not "
			      "text copy"},
		{"animated", "animation item, not text copy"},
		{"interactive", "interactive item, not text copy"},
		{"event", "event item (news planning), not text copy"},
		{"planning", "planning item, not text copy"},
	};
	for (size_t i = 0; i < sizeof reasons / sizeof *reasons; i++)
		if (str_eq_ci(cls, reasons[i].code))
			return reasons[i].reason;
	return NULL;
}

static int skip(struct g2 *g, const char *id, size_t off, const char *what,
		const char *reason)
{
	if (!reason || fmt_skip(g->r, id, off, "newsmlg2: %s%s%s: %s", what,
				id ? " " : "", id ? id : "", reason))
		return ow_err_set(g->err, OW_ENOMEM, "out of memory");
	return 0;
}

/* True when contentSet holds renditions by reference and no inline copy. */
static bool remote_only(xmlNode *cs)
{
	bool remote = false;
	for (xmlNode *c = cs ? cs->children : NULL; c; c = c->next) {
		if (xml_is(c, "inlineXML") || xml_is(c, "inlineData"))
			return false;
		if (xml_is(c, "remoteContent"))
			remote = true;
	}
	return remote;
}

static int read_news_item(struct g2 *g, xmlNode *item, size_t off, size_t len,
			  const char *id)
{
	xmlNode *im = xml_child(item, "itemMeta");
	xmlNode *cm = xml_child(item, "contentMeta");
	xmlNode *cs = xml_child(item, "contentSet");
	if (!im && !cm && !cs)
		return skip(g, id, off, "newsItem",
			    "no itemMeta, contentMeta or contentSet; nothing "
			    "to ingest");
	const char *cls = xml_attr(g->r, xml_child(im, "itemClass"), "qcode");
	if (cls) {
		const char *code = g2_code(cls);
		const char *why = class_reason(code);
		if (why)
			return skip(g, id, off, "newsItem", why);
		if (!str_eq_ci(code, "text"))
			return skip(g, id, off, "newsItem",
				    arena_printf(g->r->versions.arena,
						 "item class \"%s\" is not "
						 "text copy",
						 cls));
	}
	if (remote_only(cs))
		return skip(g, id, off, "newsItem",
			    "text item whose content is remote only (no "
			    "inline copy)");

	struct version *v = fmt_new_version(g->r, g->o, "newsmlg2");
	if (!v)
		return ow_err_set(g->err, OW_ENOMEM, "out of memory");
	v->raw_off = off;
	v->raw_len = len;
	struct g2_body b = {0};
	bool table = g2_has_signal(g, im, "sic:TABLE");
	int rc = g2_read_body(g, v, cs, table, g2_headline(g, cm), &b);
	if (!rc)
		rc = g2_read_meta(g, v, item, &b);
	if (rc)
		return rc;
	bool empty = !v->n_paras && !v->headline && v->signal != SIGNAL_KILL &&
		     v->pubstatus != PUBSTATUS_CANCELED;
	if (empty)
		return skip(g, id, off, "newsItem",
			    "text item with neither a headline nor a body "
			    "(metadata only); nothing to ingest");
	rc = fmt_finish(g->r, v, g->err);
	return rc ? rc : fmt_push(g->r, v, g->err);
}

/* One item of any kind: the root element, or a child of <itemSet>. */
static int read_item(struct g2 *g, xmlNode *item, size_t off, size_t len)
{
	const char *id = xml_attr(g->r, item, "guid");
	if (xml_is(item, "newsItem"))
		return read_news_item(g, item, off, len, id);
	static const struct {
		const char *name, *reason;
	} others[] = {
		{"packageItem", "package item (groups other items), not text "
				"copy"},
		{"conceptItem", "concept item (a controlled-vocabulary entry), "
				"not news copy"},
		{"knowledgeItem",
		 "knowledge item (a set of concepts), not news "
		 "copy"},
		{"planningItem", "planning item (coverage plans), not news "
				 "copy"},
		{"catalogItem", "catalog item (scheme definitions), not news "
				"copy"},
	};
	for (size_t i = 0; i < sizeof others / sizeof *others; i++)
		if (xml_is(item, others[i].name))
			return skip(g, id, off, others[i].name,
				    others[i].reason);
	return 0; /* not an item: ignored */
}

/* ---------------------------------------------------------------- message */

static void read_header(struct g2 *g, xmlNode *h)
{
	if (!h)
		return;
	g->sender = xml_text(g->r, xml_child(h, "sender"));
	g->sent = xml_text(g->r, xml_child(h, "sent"));
	const char *p = xml_text(g->r, xml_child(h, "priority"));
	int64_t pr;
	if (p && str_parse_i64(p, &pr) && pr >= 1 && pr <= 9)
		g->priority = (int)pr;
}

static int read_message(struct g2 *g, xmlNode *root, size_t len,
			const struct ranges *rg)
{
	read_header(g, xml_child(root, "header"));
	xmlNode *set = xml_child(root, "itemSet");
	if (!set)
		return ow_err_set(g->err, OW_EPARSE,
				  "newsmlg2: newsMessage at line %d has no "
				  "itemSet",
				  xml_line(root));
	size_t n = 0;
	for (xmlNode *c = set->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			n++;
	if (n > FORMATS_MAX_ITEMS)
		return ow_err_set(g->err, OW_ETOOBIG,
				  "newsmlg2: newsMessage holds more than %d "
				  "items",
				  FORMATS_MAX_ITEMS);
	/* the raw scan and the tree must agree, else each item gets the
	 * whole input */
	bool exact = rg->n == n;
	size_t k = 0;
	for (xmlNode *c = set->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		size_t off = exact ? rg->off[k] : 0;
		size_t ilen = exact && rg->len[k] ? rg->len[k] : len - off;
		k++;
		int rc = read_item(g, c, off, ilen);
		if (rc)
			return rc;
	}
	if (!g->r->versions.n && !g->r->n_skipped)
		return ow_err_set(g->err, OW_EPARSE,
				  "newsmlg2: the itemSet of the newsMessage at "
				  "line %d holds no newsItem",
				  xml_line(set));
	return 0;
}

/* ------------------------------------------------------------------ parse */

/* True when the XML declaration names no encoding or a UTF-8 one: only
 * then can bytes that are not UTF-8 be re-read as Windows-1252. */
static bool declares_utf8(const char *buf, size_t len)
{
	size_t i = utf8_bom(buf, len);
	if (len - i < 5 || memcmp(buf + i, "<?xml", 5))
		return true;
	size_t end = skip_to(buf, len < i + 400 ? len : i + 400, i, "?>");
	long at = str_find_ci(buf + i, end - i, "encoding");
	if (at < 0)
		return true;
	const char *e = buf + i + at + 8;
	size_t rest = end - (size_t)(e - buf);
	return str_find_ci(e, rest < 24 ? rest : 24, "utf-8") >= 0 ||
	       str_find_ci(e, rest < 24 ? rest : 24, "utf8") >= 0;
}

static int read_doc(struct g2 *g, const char *buf, size_t len, xmlDocPtr *doc)
{
	int rc = xml_read(buf, len, "newsmlg2", doc, g->err);
	if (rc != OW_EPARSE || !strstr(g->err->msg, "UTF-8") ||
	    !declares_utf8(buf, len) || memchr(buf, '\0', len))
		return rc;
	/* wire copy labelled UTF-8 that is really 8-bit: read it the way
	 * the 8-bit wire formats are read, and say so */
	struct ow_err first = *g->err;
	const char *how;
	char *fixed = text_decode_8bit(g->r->versions.arena, buf, len, &how);
	if (!fixed)
		return ow_err_set(g->err, OW_ENOMEM, "out of memory");
	if (xml_read(fixed, strlen(fixed), "newsmlg2", doc, g->err)) {
		*g->err = first; /* the first error is the one that explains */
		return OW_EPARSE;
	}
	ow_err_clear(g->err);
	if (fmt_warn(g->r, "declared UTF-8 but the bytes are not; read as %s",
		     how))
		return ow_err_set(g->err, OW_ENOMEM, "out of memory");
	return 0;
}

int newsmlg2_parse(const char *buf, size_t len, const struct parse_opts *o,
		   struct parse_result *r, struct ow_err *err)
{
	if (!len)
		return ow_err_set(err, OW_EPARSE,
				  "newsmlg2: empty input: nothing to parse");
	struct ranges rg = {0};
	int rc = scan_items(buf, len, &rg, err);
	xmlDocPtr doc = NULL;
	struct g2 g = {.r = r, .o = o, .err = err};
	if (!rc)
		rc = read_doc(&g, buf, len, &doc);
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!rc && !root)
		rc = ow_err_set(err, OW_EPARSE,
				"newsmlg2: the document has no root element");
	if (!rc) {
		g.lang = xml_attr(r, root, "lang");
		if (xml_is(root, "newsMessage"))
			rc = read_message(&g, root, len, &rg);
		else if (name_in((const char *)root->name, item_roots, false))
			rc = read_item(&g, root, 0, len);
		else if (xml_is(root, "NewsML"))
			rc = ow_err_set(err, OW_EPARSE,
					"newsmlg2: the root element is "
					"<NewsML>: this is NewsML 1.x, not "
					"NewsML-G2");
		else if (name_in((const char *)root->name, fragment_roots,
				 false))
			rc = ow_err_set(err, OW_EPARSE,
					"newsmlg2: the root element is <%.40s>"
					", a fragment of a NewsML-G2 item; a "
					"document must be a newsItem or a "
					"newsMessage",
					(const char *)root->name);
		else
			rc = ow_err_set(err, OW_EPARSE,
					"newsmlg2: the root element <%.40s> at "
					"line %d is not a NewsML-G2 item or "
					"newsMessage",
					(const char *)root->name,
					xml_line(root));
	}
	if (doc)
		xmlFreeDoc(doc);
	free(rg.off);
	free(rg.len);
	return rc;
}
