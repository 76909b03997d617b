/* RSS feeds: 0.9x and 2.0 (WordPress WXR exports included), RSS 1.0 and
 * 0.90 (RDF). Each <item> is a version; the channel's title (or its host)
 * is the source. Elements of RSS itself are those in no namespace or in the
 * RSS 1.0 / 0.90 / Userland namespaces; Dublin Core, content:encoded and
 * WordPress elements are read by namespace, so an itunes:title or a
 * media:description never stands in for the item's own. Enclosures and
 * media are ignored. Reading the XML: feed_read.c. */
#include "formats/feed_int.h"

#include "common/str.h"

#include <string.h>

/* --------------------------------------------------------------- probing */

int rss_probe(const char *buf, size_t len)
{
	char name[32], ns[160];
	xml_sniff_root(buf, len, name, sizeof name, ns, sizeof ns);
	if (str_eq_ci(name, "rss"))
		return 95;
	if (str_eq_ci(name, "RDF")) {
		size_t look = len < 65536 ? len : 65536;
		if (str_find_ci(buf, look, FEED_NS_RSS1) >= 0 ||
		    str_find_ci(buf, look, FEED_NS_RSS090) >= 0)
			return 90;
	}
	return 0;
}

/* ----------------------------------------------------------- elements */

static bool rss_is(const xmlNode *n, const char *local)
{
	return feed_is(n, local, NULL, NULL) ||
	       feed_is(n, local, FEED_NS_RSS1, NULL) ||
	       feed_is(n, local, FEED_NS_RSS090, NULL) ||
	       feed_is(n, local, FEED_NS_RSS_USERLAND, NULL);
}

static xmlNode *rss_child(const xmlNode *p, const char *local)
{
	for (xmlNode *c = p ? p->children : NULL; c; c = c->next)
		if (rss_is(c, local))
			return c;
	return NULL;
}

static xmlNode *dc_child(const xmlNode *p, const char *local)
{
	return feed_child(p, local, FEED_NS_DC, "dc");
}

/* WordPress export elements: the namespace ends in the WXR version. */
static xmlNode *wp_child(const xmlNode *p, const char *local)
{
	for (xmlNode *c = p ? p->children : NULL; c; c = c->next) {
		const char *ns = feed_ns(c);
		if (c->type == XML_ELEMENT_NODE && c->ns &&
		    str_starts_with_ci(ns, strlen(ns), FEED_NS_WP) &&
		    str_eq_ci((const char *)c->name, local))
			return c;
	}
	return NULL;
}

/* ------------------------------------------------------------- channel */

struct channel {
	const char *source;
	const char *language;
};

static void read_channel(struct parse_result *r, const struct parse_opts *o,
			 xmlNode *root, xmlNode *ch, struct channel *c)
{
	memset(c, 0, sizeof *c);
	if (!o || !o->source) {
		c->source = feed_text(r, rss_child(ch, "title"));
		if (!c->source)
			c->source = feed_text(r, dc_child(ch, "title"));
		if (!c->source)
			c->source = feed_host(
				r, feed_text(r, rss_child(ch, "link")));
		if (!c->source) /* RSS 1.0: the channel's own URI */
			c->source = feed_host(r, xml_attr(r, ch, "about"));
	}
	c->language = feed_lang(r, feed_text(r, rss_child(ch, "language")));
	if (!c->language)
		c->language =
			feed_lang(r, feed_text(r, dc_child(ch, "language")));
	if (!c->language)
		c->language = feed_lang_of(r, ch ? ch : root);
}

/* --------------------------------------------------------------- items */

/* "jdoe@example.com (Jane Doe)" -> "Jane Doe"; anything else as given. */
static const char *author_name(struct parse_result *r, const char *s)
{
	if (!s)
		return NULL;
	const char *open = strchr(s, '(');
	size_t n = strlen(s);
	if (open && n && s[n - 1] == ')' && memchr(s, '@', (size_t)(open - s)))
		return fmt_field(r, open + 1, (size_t)(s + n - 1 - open - 1));
	return s;
}

static const char *byline_of(struct parse_result *r, xmlNode *item)
{
	const char *by = NULL;
	int n = 0;
	for (xmlNode *c = item->children; c && n < FEED_MAX_AUTHORS;
	     c = c->next)
		if (feed_is(c, "creator", FEED_NS_DC, "dc")) {
			by = feed_join(r, by, feed_text(r, c), ", ");
			n++;
		}
	if (by)
		return by;
	for (xmlNode *c = item->children; c && n < FEED_MAX_AUTHORS;
	     c = c->next)
		if (rss_is(c, "author")) {
			by = feed_join(r, by, author_name(r, feed_text(r, c)),
				       ", ");
			n++;
		}
	return by;
}

static int read_subjects(struct parse_result *r, struct version *v,
			 xmlNode *item)
{
	struct arena *a = r->versions.arena;
	size_t n = 0;
	for (xmlNode *c = item->children; c && n < FEED_MAX_SUBJECTS;
	     c = c->next) {
		const char *name = NULL, *code = NULL, *scheme = NULL;
		if (rss_is(c, "category")) {
			name = feed_text(r, c);
			scheme = xml_attr(r, c, "domain");
			code = xml_attr(r, c, "nicename"); /* WordPress */
		} else if (feed_is(c, "subject", FEED_NS_DC, "dc")) {
			name = feed_text(r, c);
		}
		if (!name)
			continue;
		if (version_add_subject(a, v, code, name, scheme))
			return OW_ENOMEM;
		n++;
	}
	return 0;
}

static void read_dates(struct parse_result *r, struct version *v, xmlNode *item)
{
	const char *pub = feed_text(r, rss_child(item, "pubDate"));
	const char *dc = feed_text(r, dc_child(item, "date"));
	feed_date(r, v, "pubDate", pub, true, &v->versioncreated);
	int64_t t = 0;
	feed_date(r, v, "dc:date", dc, false, &t);
	if (!v->versioncreated)
		v->versioncreated = t;
	if (!v->versioncreated) {
		/* WordPress exports: post_date_gmt is UTC by definition */
		const char *gmt = feed_text(r, wp_child(item, "post_date_gmt"));
		if (gmt && !time_parse_iso(gmt, &v->versioncreated, NULL))
			version_add_warning(r->versions.arena, v,
					    "wp:post_date_gmt \"%.40s\" is not "
					    "a date; ignored",
					    gmt);
	}
	if (!v->versioncreated) {
		xmlNode *u = feed_child(item, "updated", FEED_NS_ATOM, "atom");
		feed_date(r, v, "atom:updated", feed_text(r, u), false,
			  &v->versioncreated);
	}
}

/* WordPress stores a post's text as it was typed: a line break is a <br>
 * and a blank line a new paragraph, added only when the post is shown
 * (wpautop). A WXR export holds that raw text; this adds the breaks, except
 * beside markup that already separates blocks. */
static int wxr_body(struct parse_result *r, struct version *v, const char *s)
{
	size_t len = strlen(s), w = 0;
	if (len > FORMATS_MAX_INPUT)
		return version_add_warning(r->versions.arena, v,
					   "body not read: too large");
	char *o = arena_alloc(r->versions.arena, len * 5 + 1);
	if (!o)
		return OW_ENOMEM;
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '\n') {
			o[w++] = s[i];
			continue;
		}
		size_t b = w, a = i + 1;
		while (b && (o[b - 1] == ' ' || o[b - 1] == '\t' ||
			     o[b - 1] == '\r'))
			b--;
		while (a < len && (s[a] == ' ' || s[a] == '\t' ||
				   s[a] == '\r' || s[a] == '\n'))
			a++;
		if (b && o[b - 1] != '>' && a < len && s[a] != '<') {
			memcpy(o + w, "<br>", 4);
			w += 4;
		}
		o[w++] = '\n';
	}
	struct ow_err e = {0};
	int rc = feed_html(r, v, o, w, &e);
	if (rc == OW_ENOMEM)
		return rc;
	return rc ? version_add_warning(r->versions.arena, v,
					"body not read: %s", e.msg)
		  : 0;
}

static int read_body(struct parse_result *r, struct version *v, xmlNode *item)
{
	xmlNode *full = feed_child(item, "encoded", FEED_NS_CONTENT, "content");
	const char *html = full ? feed_raw_text(r, full) : NULL;
	if (html && wp_child(item, "post_type"))
		return wxr_body(r, v, html);
	if (html)
		return feed_body(r, v, full, FEED_BODY_HTML);
	xmlNode *d = rss_child(item, "description");
	if (!d || !feed_raw_text(r, d))
		d = dc_child(item, "description");
	return d ? feed_body(r, v, d, FEED_BODY_HTML) : 0;
}

/* WordPress post types that are not stories. */
static const char *wxr_not_story(struct parse_result *r, xmlNode *item)
{
	const char *t = feed_text(r, wp_child(item, "post_type"));
	static const char *const skip[] = {"attachment", "nav_menu_item",
					   "revision", NULL};
	for (const char *const *s = skip; t && *s; s++)
		if (str_eq_ci(t, *s))
			return t;
	return NULL;
}

static int read_item(struct parse_result *r, const struct parse_opts *o,
		     struct feed_doc *fd, const struct channel *ch,
		     xmlNode *item, size_t index, struct ow_err *err)
{
	struct version *v = fmt_new_version(r, o, "rss");
	if (!v)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	xmlNode *next = item->next;
	while (next && next->type != XML_ELEMENT_NODE)
		next = next->next;
	feed_raw_range(fd, v, index, item, next);
	const char *link = feed_text(r, rss_child(item, "link"));
	v->item_id = feed_text(r, rss_child(item, "guid"));
	if (!v->item_id)
		v->item_id = xml_attr(r, item, "about"); /* RSS 1.0 */
	if (!v->item_id)
		v->item_id = link;
	if (!next && feed_cut_off(fd, v, "item"))
		return fmt_skip(r, v->item_id, v->raw_off,
				"rss item %zu is cut off: the document ends "
				"inside it",
				index + 1)
			       ? ow_err_set(err, OW_ENOMEM, "out of memory")
			       : 0;
	const char *type = wxr_not_story(r, item);
	if (type)
		return fmt_skip(r, v->item_id, v->raw_off,
				"rss item %zu is a WordPress %s "
				"(wp:post_type), not a story",
				index + 1, type)
			       ? ow_err_set(err, OW_ENOMEM, "out of memory")
			       : 0;
	if (!o || !o->source)
		v->source = ch->source;
	const char *title = feed_text(r, rss_child(item, "title"));
	if (!title)
		title = feed_text(r, dc_child(item, "title"));
	if (fmt_apply_headline_marks(r, v, title))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	v->byline = byline_of(r, item);
	v->language = feed_lang(r, feed_text(r, dc_child(item, "language")));
	if (!v->language)
		v->language = ch->language;
	read_dates(r, v, item);
	if (read_subjects(r, v, item) || read_body(r, v, item))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	return feed_push(r, v, "rss", index, err);
}

/* ---------------------------------------------------------------- entry */

int rss_parse(const char *buf, size_t len, const struct parse_opts *o,
	      struct parse_result *r, struct ow_err *err)
{
	struct feed_doc fd;
	int rc = feed_open(r, "rss", buf, len, &fd, err);
	if (rc)
		return rc;
	xmlNode *root = fd.root;
	if (!xml_is(root, "rss") && !xml_is(root, "RDF")) {
		rc = ow_err_set(err, OW_EPARSE,
				"rss: not an RSS feed: the root element is "
				"<%.40s> (line %d)",
				root && root->name ? (const char *)root->name
						   : "",
				xml_line(root));
		feed_close(&fd);
		return rc;
	}
	xmlNode *ch = rss_child(root, "channel");
	struct channel c;
	read_channel(r, o, root, ch, &c);
	/* RSS 2.0 keeps items in the channel, RSS 1.0 beside it; broken
	 * feeds do either */
	xmlNode *containers[2] = {ch, root};
	size_t n_nodes = 0;
	for (int k = 0; k < 2; k++)
		for (xmlNode *it = containers[k] ? containers[k]->children
						 : NULL;
		     it; it = it->next)
			n_nodes += rss_is(it, "item");
	feed_scan_items(r, &fd, "item", NULL, n_nodes);
	size_t index = 0;
	for (int k = 0; k < 2 && !rc; k++) {
		if (!containers[k])
			continue;
		for (xmlNode *it = containers[k]->children; it && !rc;
		     it = it->next)
			if (rss_is(it, "item"))
				rc = read_item(r, o, &fd, &c, it, index++, err);
	}
	if (!rc && (!index || (fd.recovered && !r->versions.n)))
		rc = feed_no_items(&fd, "rss", err);
	feed_close(&fd);
	return rc;
}
