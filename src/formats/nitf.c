/* NITF 3.x (News Industry Text Format) as agencies send it: AP (also the
 * namespaced AP Media API rendition), AAP with anpa-* meta, PA, EFE, NTB,
 * Canadian Press, and the IPTC samples. One document is one version:
 *
 *   head/meta          anpa-keyword / NTBStikkord (slug), anpa-takekey (marks)
 *   head/tobject       subjects
 *   head/docdata       doc-id, du-key, urgency, date.issue / release / expire,
 *                      ed-msg, management-status, key-list, evloc
 *   body/body.head     hedline, byline, dateline, distributor
 *   body/body.content  the text (nitf_body.c); body.end (taglines) is left out
 *
 * Also nitf_read_inline, for NITF carried inside NewsML 1.2 and NewsML-G2.
 * Charset repair and dates are in nitf_util.c. */
#include "formats/nitf_int.h"

#include "common/str.h"

#include <stdio.h>
#include <string.h>

/* What head says that is applied after the body is read. */
struct head {
	const char *slug_meta; /* anpa-keyword, NTBStikkord, slugline */
	const char *takekey;
	const char *dukey;
	const char *keyword; /* the only key-list keyword, if just one */
	const char *regsrc, *from_src, *meta_source, *copyright;
	const char *title, *city, *status, *revision_note;
	int64_t release;
	bool has_release;
};

/* ----------------------------------------------------------------- probe */

int nitf_probe(const char *buf, size_t len)
{
	char name[64], ns[128];
	xml_sniff_root(buf, len, name, sizeof name, ns, sizeof ns);
	return str_eq_ci(name, "nitf") ? 95 : 0;
}

/* ------------------------------------------------------------------ head */

static bool meta_is(const char *name, const char *const *names)
{
	for (; *names; names++)
		if (str_eq_ci(name, *names))
			return true;
	return false;
}

static int read_meta(struct parse_result *r, struct version *v, xmlNode *head,
		     struct head *h)
{
	static const char *const slug_names[] = {"anpa-keyword", "NTBStikkord",
						 "slugline", "slug", NULL};
	static const char *const category_names[] = {
		"anpa-category", "category", "categoria", NULL};
	for (xmlNode *m = xml_child(head, "meta"); m; m = xml_next(m, "meta")) {
		const char *name = xml_attr(r, m, "name");
		const char *content = xml_attr(r, m, "content");
		if (!name || !content)
			continue;
		if (meta_is(name, slug_names) && !h->slug_meta)
			h->slug_meta = content;
		else if (str_eq_ci(name, "anpa-takekey") && !h->takekey)
			h->takekey = content;
		else if (str_eq_ci(name, "aap-source") && !h->meta_source)
			h->meta_source = content;
		else if (meta_is(name, category_names) &&
			 nitf_add_subject(r, v, content, NULL, "category"))
			return OW_ENOMEM;
	}
	return 0;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

static int read_tobject(struct parse_result *r, struct version *v,
			xmlNode *tobj)
{
	for (xmlNode *s = xml_child(tobj, "tobject.subject"); s;
	     s = xml_next(s, "tobject.subject")) {
		const char *code = xml_attr(r, s, "tobject.subject.refnum");
		const char *name = xml_attr(r, s, "tobject.subject.detail");
		if (!name)
			name = xml_attr(r, s, "tobject.subject.matter");
		if (!name)
			name = xml_attr(r, s, "tobject.subject.type");
		const char *ipr = xml_attr(r, s, "tobject.subject.ipr");
		const char *scheme = NULL;
		if (ipr && !str_eq_ci(ipr, "IPTC"))
			scheme = ipr;
		else if (ipr || (code && all_digits(code, strlen(code)) &&
				 strlen(code) == 8))
			scheme = "iptc";
		if (nitf_add_subject(r, v, code, name, scheme))
			return OW_ENOMEM;
	}
	return 0;
}

static int read_keywords(struct parse_result *r, struct version *v, xmlNode *kl,
			 struct head *h)
{
	int n = 0;
	for (xmlNode *k = xml_child(kl, "keyword"); k;
	     k = xml_next(k, "keyword")) {
		const char *kw = xml_attr(r, k, "key");
		if (!kw)
			kw = xml_text(r, k);
		if (!kw)
			continue;
		h->keyword = n++ ? NULL : kw;
		if (nitf_add_subject(r, v, NULL, kw, "keyword"))
			return OW_ENOMEM;
	}
	return 0;
}

/* revision-history: the earliest norm is when the story was first
 * written; the latest comment says what this version changed. */
static void read_revisions(struct parse_result *r, struct version *v,
			   xmlNode *parent, struct head *h)
{
	for (xmlNode *rh = xml_child(parent, "revision-history"); rh;
	     rh = xml_next(rh, "revision-history")) {
		int64_t t;
		const char *norm = xml_attr(r, rh, "norm");
		if (nitf_time(r, v, "revision-history norm", norm, &t) &&
		    (!v->firstcreated || t < v->firstcreated))
			v->firstcreated = t;
		const char *c = xml_attr(r, rh, "comment");
		if (c)
			h->revision_note = c;
	}
}

static int read_docdata(struct parse_result *r, struct version *v, xmlNode *dd,
			struct head *h)
{
	struct arena *a = r->versions.arena;
	h->status = xml_attr(r, dd, "management-status");
	v->evolved_from = xml_attr(r, dd, "management-doc-idref");
	xmlNode *id = xml_child(dd, "doc-id");
	v->item_id = xml_attr(r, id, "id-string");
	h->regsrc = xml_attr(r, id, "regsrc");
	xmlNode *du = xml_child(dd, "du-key");
	h->dukey = xml_attr(r, du, "key");
	const char *dv = xml_attr(r, du, "version");
	int64_t n;
	if (dv && str_parse_i64(dv, &n) && n >= 0)
		v->item_version = n;
	else if (dv)
		version_add_warning(a, v,
				    "du-key version \"%.40s\" is not a "
				    "number; ignored",
				    dv);
	int64_t t;
	const char *issue = xml_attr(r, xml_child(dd, "date.issue"), "norm");
	if (nitf_time(r, v, "date.issue", issue, &t))
		v->versioncreated = t;
	const char *rel = xml_attr(r, xml_child(dd, "date.release"), "norm");
	h->has_release = nitf_time(r, v, "date.release", rel, &h->release);
	const char *exp = xml_attr(r, xml_child(dd, "date.expire"), "norm");
	/* not kept: only a date that is no date is worth a warning */
	if (exp && !time_parse_iso(exp, &t, NULL))
		nitf_time(r, v, "date.expire", exp, &t);
	v->ednote = xml_attr(r, xml_child(dd, "ed-msg"), "info");
	if (read_keywords(r, v, xml_child(dd, "key-list"), h))
		return OW_ENOMEM;
	for (xmlNode *e = xml_child(dd, "evloc"); e && !h->city;
	     e = xml_next(e, "evloc"))
		h->city = xml_attr(r, e, "city");
	for (xmlNode *f = xml_find(xml_child(dd, "del-list"), "from-src"); f;
	     f = xml_next(f, "from-src")) {
		const char *lvl = xml_attr(r, f, "level-number");
		if (!h->from_src && (!lvl || !strcmp(lvl, "1")))
			h->from_src = xml_attr(r, f, "src-name");
	}
	h->copyright = xml_attr(r, xml_child(dd, "doc.copyright"), "holder");
	read_revisions(r, v, dd, h);
	return 0;
}

static int read_head(struct parse_result *r, struct version *v, xmlNode *head,
		     struct head *h)
{
	if (!head)
		return 0;
	h->title = xml_text(r, xml_child(head, "title"));
	if (read_meta(r, v, head, h) ||
	    read_tobject(r, v, xml_child(head, "tobject")))
		return OW_ENOMEM;
	xmlNode *dd = xml_child(head, "docdata");
	if (dd && read_docdata(r, v, dd, h))
		return OW_ENOMEM;
	/* CP puts urgency beside docdata rather than in it */
	const char *urg = xml_attr(r, xml_find(head, "urgency"), "ed-urg");
	int64_t n;
	if (urg && str_parse_i64(urg, &n) && n >= 1 && n <= 9)
		v->urgency = (int)n;
	else if (urg)
		version_add_warning(r->versions.arena, v,
				    "urgency \"%.20s\" is not 1..9; ignored",
				    urg);
	if (!v->versioncreated) {
		int64_t t;
		const char *pub = xml_attr(r, xml_child(head, "pubdata"),
					   "date.publication");
		if (nitf_time(r, v, "date.publication", pub, &t))
			v->versioncreated = t;
	}
	read_revisions(r, v, head, h);
	return 0;
}

/* ----------------------------------------------------------- applying */

/* CP's title is its slug ("Rideau-Hall-Police"): one hyphenated word that
 * is not the headline. */
static bool title_is_slug(const char *title, const char *headline)
{
	if (!title || strchr(title, ' ') || !strchr(title, '-') ||
	    strlen(title) > 64)
		return false;
	return !headline || strcmp(title, headline);
}

static void apply_status(struct parse_result *r, struct version *v,
			 const struct head *h)
{
	struct arena *a = r->versions.arena;
	if (!h->status)
		return;
	if (str_eq_ci(h->status, "embargoed")) {
		if (h->has_release)
			v->embargo = h->release;
		else {
			v->embargo_held = true;
			version_add_warning(a, v,
					    "embargoed without a usable "
					    "date.release; held until released "
					    "by hand");
		}
	} else if (!pubstatus_from_name(h->status, &v->pubstatus)) {
		version_add_warning(a, v,
				    "unknown management-status \"%.40s\"; "
				    "read as usable",
				    h->status);
	}
	if (v->pubstatus == PUBSTATUS_CANCELED)
		v->signal = SIGNAL_KILL;
}

static int apply_takekey(struct parse_result *r, struct version *v,
			 const char *key)
{
	struct mark_info mi;
	if (mark_parse_key(r->versions.arena, key, &mi))
		return OW_ENOMEM;
	if (!mi.found)
		return 0;
	if (v->signal == SIGNAL_NEW)
		v->signal = mi.signal;
	v->mark = mi.mark;
	v->mark_ordinal = mi.ordinal;
	if (!v->priority && mi.priority)
		v->priority = mi.priority;
	return 0;
}

static const char *first_of(const char *const *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (c[i])
			return c[i];
	return NULL;
}

static int read_nitf(struct parse_result *r, const struct parse_opts *o,
		     xmlNode *root, size_t len, struct ow_err *err)
{
	struct version *v = fmt_new_version(r, o, "nitf");
	if (!v)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	v->raw_off = 0;
	v->raw_len = len;
	struct head h = {0};
	if (read_head(r, v, xml_child(root, "head"), &h))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	xmlNode *body = xml_child(root, "body");
	const char *hl = NULL, *dist = NULL;
	nitf_body_head(r, v, xml_child(body, "body.head"), &hl, &dist);
	if (!hl)
		hl = h.title;
	if ((h.takekey && apply_takekey(r, v, h.takekey)) ||
	    fmt_apply_headline_marks(r, v, hl))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	const char *slugs[] = {h.slug_meta, h.dukey, h.keyword,
			       title_is_slug(h.title, v->headline) ? h.title
								   : NULL};
	v->slug = first_of(slugs, sizeof slugs / sizeof *slugs);
	if (!v->ednote)
		v->ednote = h.revision_note;
	apply_status(r, v, &h);
	v->language = nitf_lang(r, xml_attr(r, root, "baselang"));
	if (!v->language)
		v->language = nitf_lang(r, xml_attr(r, root, "lang"));
	int rc = nitf_body_content(r, v, xml_child(body, "body.content"), err);
	if (rc) {
		char msg[sizeof err->msg];
		snprintf(msg, sizeof msg, "%s", err->msg);
		return ow_err_set(err, rc, "nitf: body.content: %s", msg);
	}
	if (!v->dateline.place && h.city)
		v->dateline.place = h.city;
	if (!o || !o->source) {
		const char *src[] = {h.regsrc, h.from_src,  h.meta_source,
				     dist,     h.copyright, v->dateline.source};
		v->source = first_of(src, sizeof src / sizeof *src);
	}
	rc = fmt_finish(r, v, err);
	if (rc)
		return rc;
	return fmt_push(r, v, err);
}

int nitf_parse(const char *buf, size_t len, const struct parse_opts *o,
	       struct parse_result *r, struct ow_err *err)
{
	xmlDocPtr doc;
	bool recoded;
	int rc = nitf_xml_read(r, buf, len, "nitf", &doc, &recoded, err);
	if (rc)
		return rc;
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!xml_is(root, "nitf"))
		rc = ow_err_set(err, OW_EPARSE,
				"nitf: the root element is <%.40s>, not <nitf>",
				root && root->name ? (const char *)root->name
						   : "");
	else
		rc = read_nitf(r, o, root, len, err);
	xmlFreeDoc(doc);
	return rc;
}

/* ---------------------------------------------------------------- inline */

int nitf_read_inline(struct parse_result *r, struct version *v, xmlNode *node,
		     struct ow_err *err)
{
	if (!node)
		return 0;
	xmlNode *body = NULL, *content = node;
	if (xml_is(node, "nitf"))
		body = xml_child(node, "body");
	else if (xml_is(node, "body"))
		body = node;
	if (body || xml_is(node, "nitf"))
		content = xml_child(body, "body.content");
	const char *hl = NULL, *dist = NULL;
	nitf_body_head(r, v, xml_child(body, "body.head"), &hl, &dist);
	if (!hl && xml_is(node, "nitf"))
		hl = xml_text(r, xml_child(xml_child(node, "head"), "title"));
	if (!v->headline && hl && fmt_apply_headline_marks(r, v, hl))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	(void)dist; /* the enclosing format names the source */
	return nitf_body_content(r, v, content, err);
}
