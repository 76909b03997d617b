/* Atom 1.0 feeds (RFC 4287), Atom 0.3, and single-entry documents. Each
 * <entry> is a version; the feed's title (or its host) is the source. Text
 * constructs are read by their type (text, html, xhtml); an entry without
 * authors takes the feed's (RFC 4287 4.2.1). An RFC 6721 <at:deleted-entry>
 * is a kill of the entry it names. Reading the XML: feed_read.c. */
#include "formats/feed_int.h"

#include "common/str.h"

#include <string.h>

/* --------------------------------------------------------------- probing */

int atom_probe(const char *buf, size_t len)
{
	char name[32], ns[160];
	xml_sniff_root(buf, len, name, sizeof name, ns, sizeof ns);
	bool feed = str_eq_ci(name, "feed"), entry = str_eq_ci(name, "entry");
	if (!feed && !entry)
		return 0;
	if (str_eq_ci(ns, FEED_NS_ATOM))
		return 95;
	if (str_eq_ci(ns, FEED_NS_ATOM03))
		return 90;
	/* the namespace may be declared after another one on the root */
	size_t look = len < 4096 ? len : 4096;
	if (str_find_ci(buf, look, FEED_NS_ATOM) >= 0)
		return 90;
	return feed ? 60 : 0;
}

/* ----------------------------------------------------------- elements */

static bool atom_is(const xmlNode *n, const char *local)
{
	return feed_is(n, local, FEED_NS_ATOM, "atom") ||
	       feed_is(n, local, FEED_NS_ATOM03, NULL) ||
	       feed_is(n, local, NULL, NULL);
}

static xmlNode *atom_child(const xmlNode *p, const char *local)
{
	for (xmlNode *c = p ? p->children : NULL; c; c = c->next)
		if (atom_is(c, local))
			return c;
	return NULL;
}

static bool type_has(const char *type, const char *what)
{
	return type && str_find_ci(type, strlen(type), what) >= 0;
}

/* A text construct (title, summary ...) as plain text. */
static const char *atom_text(struct parse_result *r, xmlNode *n)
{
	if (!n)
		return NULL;
	const char *type = xml_attr(r, n, "type");
	if (type_has(type, "xhtml"))
		return feed_text(r, n);
	if (type_has(type, "html") || (type && str_eq_ci(type, "escaped")))
		return feed_html_text(r, feed_raw_text(r, n));
	return feed_text(r, n);
}

/* The href of the first rel="alternate" link (or of a link with no rel). */
static const char *alternate(struct parse_result *r, xmlNode *p)
{
	for (xmlNode *c = p ? p->children : NULL; c; c = c->next) {
		if (!atom_is(c, "link"))
			continue;
		const char *rel = xml_attr(r, c, "rel");
		if (!rel || str_eq_ci(rel, "alternate"))
			return xml_attr(r, c, "href");
	}
	return NULL;
}

static const char *authors_of(struct parse_result *r, xmlNode *p)
{
	const char *by = NULL;
	int n = 0;
	for (xmlNode *c = p ? p->children : NULL; c && n < FEED_MAX_AUTHORS;
	     c = c->next) {
		if (!atom_is(c, "author"))
			continue;
		const char *name = feed_text(r, atom_child(c, "name"));
		if (!name)
			name = feed_text(r, atom_child(c, "email"));
		by = feed_join(r, by, name, ", ");
		n++;
	}
	return by;
}

/* ------------------------------------------------------------- entries */

struct feedinfo {
	const char *source;
	const char *authors;
};

static int read_subjects(struct parse_result *r, struct version *v,
			 xmlNode *entry)
{
	size_t n = 0;
	for (xmlNode *c = entry->children; c && n < FEED_MAX_SUBJECTS;
	     c = c->next) {
		if (!atom_is(c, "category"))
			continue;
		const char *term = xml_attr(r, c, "term");
		const char *label = xml_attr(r, c, "label");
		if (!term && !label)
			continue;
		if (version_add_subject(r->versions.arena, v, term, label,
					xml_attr(r, c, "scheme")))
			return OW_ENOMEM;
		n++;
	}
	return 0;
}

/* content, else summary; content given by reference (src=) or as a
 * media type that is not text is not a body. */
static int read_body(struct parse_result *r, struct version *v, xmlNode *entry)
{
	xmlNode *c = atom_child(entry, "content");
	if (c && !xml_attr(r, c, "src")) {
		const char *type = xml_attr(r, c, "type");
		const char *mode = xml_attr(r, c, "mode"); /* Atom 0.3 */
		enum feed_body k = FEED_BODY_TEXT;
		bool usable = true;
		if (type_has(type, "xhtml") || (mode && str_eq_ci(mode, "xml")))
			k = FEED_BODY_XHTML;
		else if (type_has(type, "html") ||
			 (mode && str_eq_ci(mode, "escaped")))
			k = FEED_BODY_HTML;
		else if (type && !str_eq_ci(type, "text") &&
			 !str_starts_with_ci(type, strlen(type), "text/"))
			usable = false;
		if (usable) {
			int rc = feed_body(r, v, c, k);
			if (rc || v->n_paras)
				return rc;
		}
	}
	xmlNode *s = atom_child(entry, "summary");
	if (!s)
		return 0;
	const char *type = xml_attr(r, s, "type");
	return feed_body(r, v, s,
			 type_has(type, "xhtml")  ? FEED_BODY_XHTML
			 : type_has(type, "html") ? FEED_BODY_HTML
						  : FEED_BODY_TEXT);
}

static void read_dates(struct parse_result *r, struct version *v,
		       xmlNode *entry)
{
	const char *up = feed_text(r, atom_child(entry, "updated"));
	if (!up)
		up = feed_text(r, atom_child(entry, "modified")); /* 0.3 */
	const char *pub = feed_text(r, atom_child(entry, "published"));
	if (!pub)
		pub = feed_text(r, atom_child(entry, "issued")); /* 0.3 */
	feed_date(r, v, "updated", up, false, &v->versioncreated);
	feed_date(r, v, "published", pub, false, &v->firstcreated);
	if (!v->versioncreated)
		v->versioncreated = v->firstcreated;
}

static xmlNode *next_element(xmlNode *n)
{
	for (n = n ? n->next : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

static int read_entry(struct parse_result *r, const struct parse_opts *o,
		      struct feed_doc *fd, const struct feedinfo *fi,
		      xmlNode *entry, size_t index, struct ow_err *err)
{
	struct version *v = fmt_new_version(r, o, "atom");
	if (!v)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	xmlNode *next = next_element(entry);
	feed_raw_range(fd, v, index, entry, next);
	v->item_id = feed_text(r, atom_child(entry, "id"));
	if (!next && feed_cut_off(fd, v, "entry"))
		return fmt_skip(r, v->item_id, v->raw_off,
				"atom entry %zu is cut off: the document ends "
				"inside it",
				index + 1)
			       ? ow_err_set(err, OW_ENOMEM, "out of memory")
			       : 0;
	if (!v->item_id)
		v->item_id = alternate(r, entry);
	if (!o || !o->source)
		v->source = fi->source;
	if (fmt_apply_headline_marks(r, v,
				     atom_text(r, atom_child(entry, "title"))))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	v->byline = authors_of(r, entry);
	if (!v->byline)
		v->byline = fi->authors;
	v->language = feed_lang_of(r, entry);
	read_dates(r, v, entry);
	if (read_subjects(r, v, entry) || read_body(r, v, entry))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	return feed_push(r, v, "atom", index, err);
}

/* RFC 6721: <at:deleted-entry ref="..." when="..."> withdraws an entry. */
static int read_deleted(struct parse_result *r, const struct parse_opts *o,
			struct feed_doc *fd, const struct feedinfo *fi,
			xmlNode *del, size_t index, struct ow_err *err)
{
	struct version *v = fmt_new_version(r, o, "atom");
	if (!v)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	feed_raw_range(fd, v, index, del, next_element(del));
	v->item_id = xml_attr(r, del, "ref");
	if (!v->item_id)
		return fmt_skip(r, NULL, v->raw_off,
				"atom deleted-entry %zu names no entry (no "
				"ref attribute)",
				index + 1)
			       ? ow_err_set(err, OW_ENOMEM, "out of memory")
			       : 0;
	if (!o || !o->source)
		v->source = fi->source;
	v->signal = SIGNAL_KILL;
	v->pubstatus = PUBSTATUS_CANCELED;
	feed_date(r, v, "when", xml_attr(r, del, "when"), false,
		  &v->versioncreated);
	v->ednote = feed_text(
		r, feed_child(del, "comment", FEED_NS_TOMBSTONES, "at"));
	xmlNode *by = feed_child(del, "by", FEED_NS_TOMBSTONES, "at");
	if (by)
		v->byline = feed_text(r, atom_child(by, "name"));
	return feed_push(r, v, "atom", index, err);
}

/* ---------------------------------------------------------------- entry */

/* An entry or a deleted entry: what counts as an item of a feed. */
static bool is_item(const xmlNode *c)
{
	return atom_is(c, "entry") ||
	       feed_is(c, "deleted-entry", FEED_NS_TOMBSTONES, "at");
}

int atom_parse(const char *buf, size_t len, const struct parse_opts *o,
	       struct parse_result *r, struct ow_err *err)
{
	struct feed_doc fd;
	int rc = feed_open(r, "atom", buf, len, &fd, err);
	if (rc)
		return rc;
	xmlNode *root = fd.root;
	bool single = atom_is(root, "entry");
	if (!atom_is(root, "feed") && !single) {
		rc = ow_err_set(err, OW_EPARSE,
				"atom: not an Atom feed: the root element is "
				"<%.40s> (line %d)",
				root && root->name ? (const char *)root->name
						   : "",
				xml_line(root));
		feed_close(&fd);
		return rc;
	}
	struct feedinfo fi = {0};
	if (!single) {
		if (!o || !o->source) {
			fi.source = atom_text(r, atom_child(root, "title"));
			if (!fi.source)
				fi.source = feed_host(r, alternate(r, root));
		}
		fi.authors = authors_of(r, root);
	}
	size_t n_nodes = single;
	for (xmlNode *c = single ? NULL : root->children; c; c = c->next)
		n_nodes += is_item(c);
	feed_scan_items(r, &fd, "entry", "deleted-entry", n_nodes);
	size_t index = 0;
	if (single) {
		rc = read_entry(r, o, &fd, &fi, root, index++, err);
	} else {
		for (xmlNode *c = root->children; c && !rc; c = c->next) {
			if (atom_is(c, "entry"))
				rc = read_entry(r, o, &fd, &fi, c, index++,
						err);
			else if (is_item(c))
				rc = read_deleted(r, o, &fd, &fi, c, index++,
						  err);
		}
	}
	if (!rc && (!index || (fd.recovered && !r->versions.n)))
		rc = feed_no_items(&fd, "atom", err);
	feed_close(&fd);
	return rc;
}
