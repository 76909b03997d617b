/* NewsML 1.2 (IPTC's first NewsML, not NewsML-G2) as AFP, ANA-MPE and
 * Business Wire send it. Each NewsItem is one version:
 *
 *   NewsEnvelope          DateAndTime, Priority, SentFrom (defaults)
 *   Identification        NewsItemId (item_id), RevisionId (item_version)
 *   NewsManagement        FirstCreated, ThisRevisionCreated, Status,
 *                         StatusWillChange (embargo), Urgency, NewsItemType
 *   NewsComponent (tree)  NewsLines, Administrative/DescriptiveMetadata and
 *                         ContentItems whose DataContent is inline NITF,
 *                         XHTML, HTML in text, or plain text
 *
 * The first NewsLines and metadata met walking the component tree win; the
 * body is the first text ContentItem of a component with no role or a body
 * role (Main, Body). Components that are pictures, video or logos are
 * skipped with a stated reason; a NewsItem with no text at all is skipped
 * whole. NewsML-G2 (root newsItem/newsMessage, nar namespace) is not ours. */
#include "formats/nitf_int.h"

#include "common/str.h"

#include <stdio.h>
#include <string.h>

#define COMPONENT_MAX_DEPTH 32
#define EDNOTE_MAX 4096 /* advisory lines joined into one note */

#define ROOT_TOPICSETS 8

struct envelope {
	const char *sent_from;
	int priority;
	int64_t date;
	xmlNode *topics[ROOT_TOPICSETS]; /* TopicSets beside the items */
	size_t n_topics;
};

/* One NewsItem being read. */
struct item {
	struct parse_result *r;
	struct version *v;
	const char *id;
	size_t off;
	const char *headline, *city, *provider, *creator, *party, *credit;
};

enum ci_kind { CI_UNKNOWN, CI_TEXT, CI_STYLE, CI_MEDIA };

/* ----------------------------------------------------------------- probe */

int newsml1_probe(const char *buf, size_t len)
{
	char name[64], ns[160];
	xml_sniff_root(buf, len, name, sizeof name, ns, sizeof ns);
	if (!str_eq_ci(name, "NewsML"))
		return 0;
	size_t look = len < 65536 ? len : 65536;
	long at = str_find_ci(buf, look, "NewsML");
	if (at >= 0) {
		/* any namespace declared on the root, not just the first */
		size_t e = (size_t)at;
		while (e < look && buf[e] != '>')
			e++;
		if (str_find_ci(buf + at, e - (size_t)at,
				"iptc.org/std/nar/") >= 0)
			return 0;
	}
	if (str_find_ci(buf, look, "<NewsItem") >= 0 ||
	    str_find_ci(buf, look, "NewsEnvelope") >= 0)
		return 95;
	return 60;
}

/* ------------------------------------------------------------ small reads */

static const char *formal(struct parse_result *r, xmlNode *n)
{
	return xml_attr(r, n, "FormalName");
}

static bool name_in(const char *s, const char *const *names)
{
	if (!s)
		return false;
	for (; *names; names++)
		if (str_eq_ci(s, *names))
			return true;
	return false;
}

static bool contains_ci(const char *s, const char *needle)
{
	return s && str_find_ci(s, strlen(s), needle) >= 0;
}

/* Depth-first successor of n within root, without recursion. */
static xmlNode *tree_next(xmlNode *n, xmlNode *root)
{
	if (n->children && n->type == XML_ELEMENT_NODE)
		return n->children;
	while (n && n != root && !n->next)
		n = n->parent;
	return n && n != root ? n->next : NULL;
}

static enum ci_kind classify(struct parse_result *r, xmlNode *ci,
			     const char **what)
{
	const char *mt = formal(r, xml_child(ci, "MediaType"));
	const char *mime = formal(r, xml_child(ci, "MimeType"));
	const char *fmt = formal(r, xml_child(ci, "Format"));
	*what = mime ? mime : mt ? mt : fmt ? fmt : "unknown content";
	if (contains_ci(mime, "css") || str_eq_ci(fmt ? fmt : "", "CSS"))
		return CI_STYLE;
	if (mt)
		return str_eq_ci(mt, "Text") ? CI_TEXT : CI_MEDIA;
	if (mime)
		return str_starts_with_ci(mime, strlen(mime), "text/") ||
				       contains_ci(mime, "xml") ||
				       contains_ci(mime, "html")
			       ? CI_TEXT
			       : CI_MEDIA;
	static const char *const text_formats[] = {"nitf",     "html", "text",
						   "iptc7901", "anpa", NULL};
	for (const char *const *f = text_formats; fmt && *f; f++)
		if (contains_ci(fmt, *f))
			return CI_TEXT;
	if (fmt)
		return CI_MEDIA;
	return xml_child(ci, "DataContent") ? CI_TEXT : CI_UNKNOWN;
}

/* ---------------------------------------------------------- news lines */

static void add_ednote(struct item *it, const char *note)
{
	struct version *v = it->v;
	if (!note || (v->ednote && strlen(v->ednote) > EDNOTE_MAX))
		return;
	v->ednote = v->ednote ? arena_printf(it->r->versions.arena, "%s; %s",
					     v->ednote, note)
			      : note;
}

static void read_lines(struct item *it, xmlNode *nl)
{
	static const char *const notes[] = {"AdvisoryLine",   "EditorialNote",
					    "Editorial Note", "Advisory",
					    "EdNote",         NULL};
	struct parse_result *r = it->r;
	struct version *v = it->v;
	if (!nl)
		return;
	if (!it->headline)
		it->headline = xml_text(r, xml_child(nl, "HeadLine"));
	if (!v->slug)
		v->slug = xml_text(r, xml_child(nl, "SlugLine"));
	if (!v->byline)
		v->byline = nitf_byline_clean(
			r, xml_text(r, xml_child(nl, "ByLine")));
	nitf_dateline_text(r, &v->dateline,
			   xml_text(r, xml_child(nl, "DateLine")));
	if (!it->credit)
		it->credit = xml_text(r, xml_child(nl, "CreditLine"));
	for (xmlNode *l = xml_child(nl, "NewsLine"); l;
	     l = xml_next(l, "NewsLine"))
		if (name_in(formal(r, xml_child(l, "NewsLineType")), notes))
			add_ednote(it,
				   xml_text(r, xml_child(l, "NewsLineText")));
}

static void read_admin(struct item *it, xmlNode *am)
{
	struct parse_result *r = it->r;
	if (!am)
		return;
	if (!it->provider)
		it->provider = formal(
			r, xml_child(xml_child(am, "Provider"), "Party"));
	if (!it->party)
		it->party =
			formal(r, xml_child(xml_child(am, "Source"), "Party"));
	for (xmlNode *c = xml_child(am, "Creator"); c && !it->creator;
	     c = xml_next(c, "Creator"))
		it->creator = formal(r, xml_child(c, "Party"));
}

/* Property FormalName="City" / "Keyword" */
static int read_property(struct item *it, xmlNode *p)
{
	struct parse_result *r = it->r;
	const char *name = formal(r, p);
	const char *value = xml_attr(r, p, "Value");
	if (!name || !value)
		return 0;
	if (str_eq_ci(name, "City") && !it->city)
		it->city = value;
	else if (str_eq_ci(name, "Keyword") && !xml_attr(r, p, "Role"))
		return nitf_add_subject(r, it->v, NULL, value, "keyword");
	return 0;
}

static int read_desc(struct item *it, xmlNode *dm)
{
	struct parse_result *r = it->r;
	struct version *v = it->v;
	if (!dm)
		return 0;
	if (!v->language)
		v->language =
			nitf_lang(r, formal(r, xml_child(dm, "Language")));
	for (xmlNode *sc = xml_child(dm, "SubjectCode"); sc;
	     sc = xml_next(sc, "SubjectCode"))
		for (xmlNode *s = sc->children; s; s = s->next) {
			const char *code = formal(r, s);
			if (s->type != XML_ELEMENT_NODE || !code)
				continue;
			const char *sch = xml_attr(r, s, "Scheme");
			bool iptc = !sch || contains_ci(sch, "iptc");
			if (nitf_add_subject(r, v, code, NULL,
					     iptc ? "iptc" : sch))
				return OW_ENOMEM;
		}
	for (xmlNode *l = xml_child(dm, "Location"); l;
	     l = xml_next(l, "Location"))
		for (xmlNode *p = xml_child(l, "Property"); p;
		     p = xml_next(p, "Property"))
			if (read_property(it, p))
				return OW_ENOMEM;
	for (xmlNode *p = xml_child(dm, "Property"); p;
	     p = xml_next(p, "Property"))
		if (read_property(it, p))
			return OW_ENOMEM;
	return 0;
}

/* ------------------------------------------------------------ components */

static int read_text(struct item *it, xmlNode *ci, struct ow_err *err)
{
	struct parse_result *r = it->r;
	struct arena *a = r->versions.arena;
	xmlNode *dc = xml_child(ci, "DataContent");
	if (!dc) {
		if (xml_attr(r, ci, "Href"))
			version_add_warning(a, it->v,
					    "text content given by Href is "
					    "not fetched");
		return 0;
	}
	const char *enc = formal(r, xml_child(ci, "Encoding"));
	if (enc && !contains_ci(enc, "utf")) {
		version_add_warning(a, it->v,
				    "DataContent encoded as %.40s is not read",
				    enc);
		return 0;
	}
	const char *mime = formal(r, xml_child(ci, "MimeType"));
	const char *fmt = formal(r, xml_child(ci, "Format"));
	bool html = contains_ci(mime, "html") || contains_ci(fmt, "html");
	return nitf_data_content(r, it->v, dc, html, err);
}

static int walk(struct item *it, xmlNode *nc, int depth, struct ow_err *err)
{
	static const char *const media_roles[] = {
		"Photo", "Picture",   "Image",   "Graphic",   "Video", "Audio",
		"Logo",  "Thumbnail", "Preview", "Animation", NULL};
	static const char *const body_roles[] = {"Main",      "Body",  "Text",
						 "Body Text", "Story", NULL};
	struct parse_result *r = it->r;
	if (depth > COMPONENT_MAX_DEPTH) {
		version_add_warning(r->versions.arena, it->v,
				    "NewsComponents nested over %d deep; the "
				    "rest is not read",
				    COMPONENT_MAX_DEPTH);
		return 0;
	}
	const char *role = formal(r, xml_child(nc, "Role"));
	bool media = name_in(role, media_roles);
	bool body = !role || name_in(role, body_roles);
	if (!media) {
		read_lines(it, xml_child(nc, "NewsLines"));
		read_admin(it, xml_child(nc, "AdministrativeMetadata"));
		if (read_desc(it, xml_child(nc, "DescriptiveMetadata")))
			return ow_err_set(err, OW_ENOMEM, "out of memory");
	}
	const char *media_what = NULL;
	bool text = false;
	for (xmlNode *ci = xml_child(nc, "ContentItem"); ci;
	     ci = xml_next(ci, "ContentItem")) {
		const char *what;
		enum ci_kind k = classify(r, ci, &what);
		if (k == CI_MEDIA && !media_what)
			media_what = what;
		if (k != CI_TEXT)
			continue;
		text = true;
		if (body && !media) {
			int rc = read_text(it, ci, err);
			if (rc)
				return rc;
		}
	}
	if (media_what && !text &&
	    fmt_skip(r, it->id, it->off,
		     "NewsML 1 item %s: %s component (%s) is not text",
		     it->id ? it->id : "", role ? role : "unnamed", media_what))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	for (xmlNode *c = xml_child(nc, "NewsComponent"); c;
	     c = xml_next(c, "NewsComponent")) {
		int rc = walk(it, c, depth + 1, err);
		if (rc)
			return rc;
	}
	return 0;
}

/* IPTC subject codes named from the Topics under `scope`. */
static void name_from(struct parse_result *r, struct version *v, xmlNode *scope)
{
	for (xmlNode *n = scope; n; n = tree_next(n, scope)) {
		if (!xml_is(n, "Topic"))
			continue;
		const char *code = xml_text(r, xml_child(n, "FormalName"));
		for (size_t i = 0; code && i < v->n_subjects; i++) {
			struct subject *s = &v->subjects[i];
			if (s->name || !s->code || strcmp(s->code, code))
				continue;
			const char *any = NULL, *en = NULL;
			for (xmlNode *d = xml_child(n, "Description"); d;
			     d = xml_next(d, "Description")) {
				const char *var = xml_attr(r, d, "Variant");
				if (var && !str_eq_ci(var, "Name"))
					continue;
				const char *lang = xml_attr(r, d, "lang");
				const char *t = xml_text(r, d);
				if (!any)
					any = t;
				if (!en && lang && str_eq_ci(lang, "en"))
					en = t;
			}
			s->name = en ? en : any;
		}
	}
}

/* Names from the item's own TopicSets and the document-wide ones beside
 * the items; never a walk of the whole document per item. */
static void name_subjects(struct parse_result *r, struct version *v,
			  xmlNode *item, const struct envelope *env)
{
	bool unnamed = false;
	for (size_t i = 0; i < v->n_subjects; i++)
		if (v->subjects[i].code && !v->subjects[i].name)
			unnamed = true;
	if (!unnamed)
		return;
	name_from(r, v, item);
	for (size_t i = 0; i < env->n_topics; i++)
		name_from(r, v, env->topics[i]);
}

/* --------------------------------------------------------------- items */

/* Which kinds of ContentItem the item holds, for skipping pictures. */
static void content_kinds(struct parse_result *r, xmlNode *item, bool *text,
			  const char **media)
{
	*text = false;
	*media = NULL;
	for (xmlNode *n = item; n; n = tree_next(n, item)) {
		if (!xml_is(n, "ContentItem"))
			continue;
		const char *what;
		enum ci_kind k = classify(r, n, &what);
		if (k == CI_TEXT)
			*text = true;
		else if (k == CI_MEDIA && !*media)
			*media = what;
	}
}

static void read_management(struct item *it, xmlNode *mg)
{
	struct parse_result *r = it->r;
	struct version *v = it->v;
	struct arena *a = r->versions.arena;
	int64_t t;
	if (!mg)
		return;
	const char *type = formal(r, xml_child(mg, "NewsItemType"));
	if (type && str_eq_ci(type, "Advisory"))
		v->signal = SIGNAL_ADVISORY;
	if (nitf_time(r, v, "FirstCreated",
		      xml_text(r, xml_child(mg, "FirstCreated")), &t))
		v->firstcreated = t;
	if (nitf_time(r, v, "ThisRevisionCreated",
		      xml_text(r, xml_child(mg, "ThisRevisionCreated")), &t))
		v->versioncreated = t;
	const char *urg = formal(r, xml_child(mg, "Urgency"));
	int64_t n;
	if (urg && str_parse_i64(urg, &n) && n >= 1 && n <= 9)
		v->urgency = (int)n;
	else if (urg)
		version_add_warning(a, v, "Urgency \"%.20s\" is not 1..9", urg);
	const char *st = formal(r, xml_child(mg, "Status"));
	if (st && str_eq_ci(st, "Embargoed")) {
		xmlNode *sw = xml_child(mg, "StatusWillChange");
		const char *when = xml_text(r, xml_find(sw, "DateAndTime"));
		if (nitf_time(r, v, "StatusWillChange", when, &t))
			v->embargo = t;
		else {
			v->embargo_held = true;
			version_add_warning(a, v,
					    "embargoed without a usable "
					    "StatusWillChange time; held until "
					    "released by hand");
		}
	} else if (st && !pubstatus_from_name(st, &v->pubstatus)) {
		version_add_warning(
			a, v, "unknown Status \"%.40s\"; read as usable", st);
	}
	if (v->pubstatus == PUBSTATUS_CANCELED)
		v->signal = SIGNAL_KILL;
}

static int read_item(struct parse_result *r, const struct parse_opts *o,
		     const struct envelope *env, xmlNode *item, size_t off,
		     size_t len, struct ow_err *err)
{
	struct arena *a = r->versions.arena;
	xmlNode *nid =
		xml_child(xml_child(item, "Identification"), "NewsIdentifier");
	const char *id = xml_text(r, xml_child(nid, "NewsItemId"));
	if (!id)
		id = xml_text(r, xml_child(nid, "PublicIdentifier"));
	if (xml_child(item, "Update") && !xml_child(item, "NewsComponent"))
		return fmt_skip(r, id, off,
				"NewsML 1 item %s holds Update elements "
				"(changes "
				"to an earlier revision), which are not read",
				id ? id : "")
			       ? ow_err_set(err, OW_ENOMEM, "out of memory")
			       : 0;
	bool text;
	const char *media;
	content_kinds(r, item, &text, &media);
	if (!text && media)
		return fmt_skip(r, id, off,
				"NewsML 1 item %s carries only %s, not text",
				id ? id : "", media)
			       ? ow_err_set(err, OW_ENOMEM, "out of memory")
			       : 0;
	struct version *v = fmt_new_version(r, o, "newsml1");
	if (!v)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	struct item it = {.r = r, .v = v, .id = id, .off = off};
	v->item_id = id;
	v->raw_off = off;
	v->raw_len = len;
	const char *rev = xml_text(r, xml_child(nid, "RevisionId"));
	int64_t n;
	if (rev && str_parse_i64(rev, &n) && n >= 0)
		v->item_version = n;
	else if (rev)
		version_add_warning(
			a, v, "RevisionId \"%.40s\" is not a number", rev);
	read_management(&it, xml_child(item, "NewsManagement"));
	for (xmlNode *nc = xml_child(item, "NewsComponent"); nc;
	     nc = xml_next(nc, "NewsComponent")) {
		int rc = walk(&it, nc, 0, err);
		if (rc) {
			char msg[sizeof err->msg];
			snprintf(msg, sizeof msg, "%s", err->msg);
			return ow_err_set(err, rc, "newsml1: NewsItem %s: %s",
					  id ? id : "", msg);
		}
	}
	name_subjects(r, v, item, env);
	if (fmt_apply_headline_marks(r, v, it.headline))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	if (!v->slug)
		v->slug =
			xml_text(r, xml_child(xml_child(item, "Identification"),
					      "NameLabel"));
	if (!v->byline)
		v->byline = it.creator;
	if (!v->dateline.place)
		v->dateline.place = it.city;
	if (!v->language)
		v->language = nitf_lang(r, xml_attr(r, item, "lang"));
	if (!v->urgency && env->priority)
		v->urgency = env->priority;
	if (!v->versioncreated)
		v->versioncreated = env->date ? env->date : v->firstcreated;
	if (!o || !o->source) {
		const char *src[] = {it.provider,
				     env->sent_from,
				     xml_text(r, xml_child(nid, "ProviderId")),
				     it.party,
				     it.credit,
				     v->dateline.source};
		for (size_t i = 0; !v->source && i < sizeof src / sizeof *src;
		     i++)
			v->source = src[i];
	}
	int rc = fmt_finish(r, v, err);
	if (rc)
		return rc;
	return fmt_push(r, v, err);
}

/* ------------------------------------------------------------- document */

/* Byte ranges of the NewsItems in the input, in document order; false when
 * the raw scan and the tree disagree (a NewsItem tag inside a comment). */
static bool item_ranges(const char *buf, size_t len, size_t n, size_t *start,
			size_t *end)
{
	size_t k = 0, closed = 0;
	for (size_t i = 0; i + 1 < len; i++) {
		if (buf[i] != '<')
			continue;
		if (buf[i + 1] == '!' || buf[i + 1] == '?')
			continue;
		bool closing = buf[i + 1] == '/';
		size_t s = i + 1 + closing, e = s;
		while (e < len && buf[e] != ' ' && buf[e] != '>' &&
		       buf[e] != '/' && buf[e] != '\t' && buf[e] != '\n' &&
		       buf[e] != '\r')
			e++;
		const char *colon = memchr(buf + s, ':', e - s);
		if (colon)
			s = (size_t)(colon - buf) + 1;
		if (e - s != 8 || memcmp(buf + s, "NewsItem", 8))
			continue;
		if (!closing) {
			if (k >= n)
				return false;
			start[k++] = i;
		} else if (closed < k) {
			const char *gt = memchr(buf + e, '>', len - e);
			end[closed++] = gt ? (size_t)(gt - buf) + 1 : len;
		}
	}
	return k == n && closed == n;
}

static void read_envelope(struct parse_result *r, xmlNode *env,
			  struct envelope *out)
{
	memset(out, 0, sizeof *out);
	if (!env)
		return;
	out->sent_from =
		formal(r, xml_child(xml_child(env, "SentFrom"), "Party"));
	const char *p = formal(r, xml_child(env, "Priority"));
	int64_t n;
	if (p && str_parse_i64(p, &n) && n >= 1 && n <= 9)
		out->priority = (int)n;
	const char *d = xml_text(r, xml_child(env, "DateAndTime"));
	if (d && !time_parse_iso(d, &out->date, NULL))
		out->date = 0;
}

static int read_doc(struct parse_result *r, const struct parse_opts *o,
		    xmlNode *root, const char *buf, size_t len, bool recoded,
		    struct ow_err *err)
{
	struct envelope env;
	read_envelope(r, xml_child(root, "NewsEnvelope"), &env);
	size_t n = 0;
	for (xmlNode *c = root->children; c; c = c->next)
		if (xml_is(c, "NewsItem"))
			n++;
		else if (xml_is(c, "TopicSet") && env.n_topics < ROOT_TOPICSETS)
			env.topics[env.n_topics++] = c;
	if (!n)
		return ow_err_set(err, OW_EPARSE,
				  "newsml1: the document holds no NewsItem");
	size_t *start = arena_alloc(r->versions.arena, 2 * n * sizeof *start);
	if (!start)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	size_t *end = start + n;
	bool ranges = n > 1 && !recoded && item_ranges(buf, len, n, start, end);
	struct ow_err first = {0};
	size_t k = 0, failed = 0;
	for (xmlNode *it = xml_child(root, "NewsItem"); it;
	     it = xml_next(it, "NewsItem"), k++) {
		size_t off = ranges ? start[k] : 0;
		size_t l = ranges ? end[k] - start[k] : len;
		int rc = read_item(r, o, &env, it, off, l, err);
		if (!rc)
			continue;
		if (rc != OW_EPARSE || n == 1)
			return rc;
		/* one bad item in many: the others still count */
		if (!failed++)
			first = *err;
		if (fmt_skip(r, NULL, off, "NewsItem %zu of %zu: %s", k + 1, n,
			     err->msg))
			return ow_err_set(err, OW_ENOMEM, "out of memory");
		ow_err_clear(err);
	}
	if (failed && r->versions.n == 0) {
		*err = first;
		return first.code;
	}
	return 0;
}

int newsml1_parse(const char *buf, size_t len, const struct parse_opts *o,
		  struct parse_result *r, struct ow_err *err)
{
	xmlDocPtr doc;
	bool recoded;
	int rc = nitf_xml_read(r, buf, len, "newsml1", &doc, &recoded, err);
	if (rc)
		return rc;
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!xml_is(root, "NewsML"))
		rc = ow_err_set(err, OW_EPARSE,
				"newsml1: the root element is <%.40s>, not "
				"<NewsML>",
				root && root->name ? (const char *)root->name
						   : "");
	else
		rc = read_doc(r, o, root, buf, len, recoded, err);
	xmlFreeDoc(doc);
	return rc;
}
