/* Ritzau (the Danish news agency) RBNews XML: one <RBNews> item, or a
 * SOAP-style <XMLNewsQueuedResponse> wrapping <ListOfRBNews> with many.
 *
 *   NewsID, version          -> item_id, item_version
 *   Replaces / replacedID    -> evolved_from
 *   headline, subtitle       -> headline (marks read); the subtitle opens
 *                               the body as a bold line (as NITF's hl2)
 *   strapline                -> slug ("PRINT/NOTE/SPORT-3"); its parts and
 *                               SubjectKeyword are ritzau-keyword subjects
 *   town                     -> dateline place
 *   section, IPTCList        -> ritzau-section and iptc subjects
 *   Priority                 -> urgency (1 most urgent); format "Flash" is
 *                               a flash
 *   PublishDate              -> versioncreated: local Copenhagen time
 *                               without an offset, read in Europe/Copenhagen
 *   content (escaped HTML)   -> body through html_to_body
 *   TilRedaktionen (HTML)    -> ednote ("to the editors")
 *   Annuleret / Korrektion / NyVersion -> kill / correction / update
 *   byLine                   -> byline
 *
 * Ritzau's closing "/ritzau/" is dropped from the body, and the notice it
 * puts under third-party press releases moves to the ednote. */
#include "formats/xml.h"

#include "common/str.h"

#include <libxml/tree.h>
#include <string.h>

#define RITZAU_ZONE "Europe/Copenhagen"
#define RITZAU_MAX_KEYWORDS 50

/* --------------------------------------------------------------- probing */

int ritzau_probe(const char *buf, size_t len)
{
	char name[64], ns[256];
	xml_sniff_root(buf, len, name, sizeof name, ns, sizeof ns);
	if (str_eq_ci(name, "RBNews"))
		return 95;
	if (!str_eq_ci(name, "XMLNewsQueuedResponse") &&
	    !str_eq_ci(name, "Envelope"))
		return 0;
	size_t look = len < 65536 ? len : 65536;
	if (str_find_ci(buf, look, "<RBNews") >= 0 ||
	    str_find_ci(buf, look, "XMLNewsQueuedResult") >= 0)
		return 90;
	return 0;
}

/* ---------------------------------------------------------------- helpers */

static const char *child_text(struct parse_result *r, xmlNode *item,
			      const char *name)
{
	return xml_text(r, xml_child(item, name));
}

static bool child_true(struct parse_result *r, xmlNode *item, const char *name)
{
	const char *t = child_text(r, item, name);
	return t && (str_eq_ci(t, "true") || !strcmp(t, "1"));
}

/* An element's text as it is (markup in an escaped HTML body keeps its
 * whitespace), copied into r's arena; NULL when empty. */
static char *child_raw(struct parse_result *r, xmlNode *item, const char *name,
		       size_t *len)
{
	xmlNode *n = xml_child(item, name);
	xmlChar *c = n ? xmlNodeGetContent(n) : NULL;
	char *out = NULL;
	*len = 0;
	if (c && !str_is_blank((const char *)c, strlen((const char *)c))) {
		*len = strlen((const char *)c);
		out = arena_strndup(r->versions.arena, (const char *)c, *len);
	}
	xmlFree(c);
	return out;
}

/* An HTML fragment as one line of text, for the ednote. */
static const char *html_as_text(struct parse_result *r, const char *html,
				size_t len)
{
	struct arena *a = r->versions.arena;
	struct version *tmp = version_new(a);
	struct ow_err e = {0};
	if (!tmp || html_to_body(a, tmp, html, len, &e) || !tmp->n_paras)
		return fmt_field(r, html, len);
	const char *out = tmp->paras[0].text;
	for (size_t i = 1; i < tmp->n_paras && out; i++)
		out = arena_printf(a, "%s %s", out, tmp->paras[i].text);
	return out ? fmt_field(r, out, strlen(out)) : NULL;
}

static int add_keywords(struct parse_result *r, struct version *v,
			const char *s, int *n_kw)
{
	while (s && *s && *n_kw < RITZAU_MAX_KEYWORDS) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		const char *k = s;
		size_t kl = n;
		while (kl && (*k == '-' || *k == ' ')) {
			k++;
			kl--;
		}
		while (kl && (k[kl - 1] == '-' || k[kl - 1] == ' '))
			kl--;
		if (kl) {
			const char *kw = fmt_field(r, k, kl);
			if (kw && version_add_subject(r->versions.arena, v, kw,
						      NULL, "ritzau-keyword"))
				return OW_ENOMEM;
			(*n_kw)++;
		}
		s = e ? e + 1 : NULL;
	}
	return 0;
}

static int read_subjects(struct parse_result *r, struct version *v,
			 xmlNode *item)
{
	struct arena *a = r->versions.arena;
	int n_kw = 0;
	if (add_keywords(r, v, v->slug, &n_kw))
		return OW_ENOMEM;
	xmlNode *sk = xml_child(item, "SubjectKeyword");
	for (xmlNode *c = sk ? sk->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    add_keywords(r, v, xml_text(r, c), &n_kw))
			return OW_ENOMEM;
	const char *sec = child_text(r, item, "section");
	if (sec && version_add_subject(a, v, child_text(r, item, "sectionID"),
				       sec, "ritzau-section"))
		return OW_ENOMEM;
	xmlNode *iptc = xml_child(item, "IPTCList");
	int n = 0;
	for (xmlNode *c = iptc ? iptc->children : NULL;
	     c && n < RITZAU_MAX_KEYWORDS; c = c->next) {
		const char *code =
			c->type == XML_ELEMENT_NODE ? xml_text(r, c) : NULL;
		if (code && version_add_subject(a, v, code, NULL, "iptc"))
			return OW_ENOMEM;
		n += code != NULL;
	}
	return 0;
}

/* ------------------------------------------------------------------- body */

/* Where the text of s from `from` on is only tags and whitespace. */
static bool only_markup_after(const char *s, size_t len, size_t from)
{
	bool in_tag = false;
	for (size_t i = from; i < len; i++) {
		char c = s[i];
		if (in_tag) {
			in_tag = c != '>';
		} else if (c == '<') {
			in_tag = true;
		} else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
			return false;
		}
	}
	return true;
}

/* Ritzau's press-release service escapes twice: the XML holds
 * "&amp;amp;apos;", so the HTML holds "&amp;apos;" and reads "&apos;".
 * An escaped entity reference ("&amp;" before "name;" or "#123;") is put
 * back to the reference it was; and "Â£" (UTF-8 read as Latin-1, "Â"
 * before a Latin-1 symbol) to "£". Both in place; s only shrinks. */
static void undo_double_escape(char *s, size_t *len)
{
	size_t o = 0, n = *len;
	for (size_t i = 0; i < n;) {
		if (n - i > 5 && !memcmp(s + i, "&amp;", 5)) {
			size_t k = i + 5, st = k;
			if (k < n && s[k] == '#')
				k++;
			while (k < n && k - st < 8 &&
			       ((s[k] >= 'a' && s[k] <= 'z') ||
				(s[k] >= 'A' && s[k] <= 'Z') ||
				(s[k] >= '0' && s[k] <= '9')))
				k++;
			if (k < n && s[k] == ';' && k - st >= 2) {
				s[o++] = '&';
				i += 5;
				continue;
			}
		}
		if (n - i > 3 && (unsigned char)s[i] == 0xC3 &&
		    (unsigned char)s[i + 1] == 0x82 &&
		    (unsigned char)s[i + 2] == 0xC2 &&
		    (unsigned char)s[i + 3] >= 0xA0 &&
		    (unsigned char)s[i + 3] <= 0xBF) {
			i += 2;
			continue;
		}
		s[o++] = s[i++];
	}
	s[o] = '\0';
	*len = o;
}

/* Drops "/ritzau/" closing the text ("... landsmand. /ritzau/</p>"). */
static void drop_closing_mark(char *s, size_t *len)
{
	static const char mark[] = "/ritzau/";
	size_t ml = sizeof mark - 1;
	if (*len < ml)
		return;
	for (size_t i = *len - ml + 1; i-- > 0;) {
		if (!str_starts_with_ci(s + i, *len - i, mark))
			continue;
		if (!only_markup_after(s, *len, i + ml))
			return;
		size_t st = i;
		while (st && (s[st - 1] == ' ' || s[st - 1] == '\t'))
			st--;
		memmove(s + st, s + i + ml, *len - i - ml);
		*len -= i + ml - st;
		s[*len] = '\0';
		return;
	}
}

/* "<P>** Ovenstående pressemeddelelse er videreformidlet af Ritzau ... **
 * </P>" closing a press release: Ritzau's notice that the text is a third
 * party's. Returns the notice's HTML (cut from s), or NULL. */
static const char *cut_third_party_notice(struct parse_result *r, char *s,
					  size_t *len, size_t *nlen)
{
	long at = -1;
	for (size_t i = *len; i-- > 0;)
		if (s[i] == '<' && i + 2 < *len &&
		    (s[i + 1] == 'p' || s[i + 1] == 'P') &&
		    (s[i + 2] == '>' || s[i + 2] == ' ')) {
			at = (long)i;
			break;
		}
	if (at < 0)
		return NULL;
	size_t n = *len - (size_t)at;
	const char *p = s + at;
	if (n > 1000 || str_find_ci(p, n, "**") < 0 ||
	    str_find_ci(p, n, "ritzau") < 0)
		return NULL;
	const char *notice = arena_strndup(r->versions.arena, p, n);
	*nlen = n;
	*len = (size_t)at;
	s[*len] = '\0';
	return notice;
}

static int read_body(struct parse_result *r, struct version *v, xmlNode *item,
		     struct ow_err *err)
{
	struct arena *a = r->versions.arena;
	size_t len;
	char *html = child_raw(r, item, "content", &len);
	const char *sub = child_text(r, item, "subtitle");
	if (html) {
		drop_closing_mark(html, &len);
		size_t nlen = 0;
		const char *notice =
			cut_third_party_notice(r, html, &len, &nlen);
		if (notice) {
			const char *t = html_as_text(r, notice, nlen);
			if (t)
				v->ednote = v->ednote
						    ? arena_printf(a, "%s %s",
								   v->ednote, t)
						    : t;
		}
	}
	if (sub) {
		char *esc;
		if (html_escape(a, sub, strlen(sub), &esc))
			return ow_err_set(err, OW_ENOMEM, "out of memory");
		html = arena_printf(a, "<p><b>%s</b></p>%s", esc,
				    html ? html : "");
		if (!html)
			return ow_err_set(err, OW_ENOMEM, "out of memory");
		len = strlen(html);
	}
	if (!html)
		return 0;
	undo_double_escape(html, &len);
	int rc = html_to_body(a, v, html, len, err);
	if (rc) {
		char why[sizeof err->msg];
		snprintf(why, sizeof why, "%s", err->msg);
		return ow_err_set(err, rc, "ritzau: item %s, line %d: %s",
				  v->item_id ? v->item_id : "(no NewsID)",
				  xml_line(item), why);
	}
	return 0;
}

/* ------------------------------------------------------------------ items */

static void read_time(struct parse_result *r, struct version *v, xmlNode *item)
{
	const char *s = child_text(r, item, "PublishDate");
	if (!s)
		return;
	int64_t t;
	bool zone;
	if (time_parse_iso_in_zone(s, RITZAU_ZONE, &t))
		v->versioncreated = t;
	else if (time_parse_iso(s, &t, &zone)) {
		/* a machine without the tz database */
		v->versioncreated = t;
		version_add_warning(r->versions.arena, v,
				    "PublishDate has no UTC offset and %s is "
				    "not in the tz database; read as UTC",
				    RITZAU_ZONE);
	} else
		version_add_warning(r->versions.arena, v,
				    "PublishDate \"%.40s\" is not a date-time",
				    s);
}

static int read_item(struct parse_result *r, const struct parse_opts *o,
		     xmlNode *item, struct version *v, struct ow_err *err)
{
	if (!o || !o->source)
		v->source = "Ritzau";
	v->item_id = child_text(r, item, "NewsID");
	int64_t n;
	const char *ver = child_text(r, item, "version");
	if (ver && str_parse_i64(ver, &n) && n >= 0)
		v->item_version = n;
	v->evolved_from = child_text(r, item, "Replaces");
	if (!v->evolved_from)
		v->evolved_from = child_text(r, item, "replacedID");
	const char *fmt = child_text(r, item, "format");
	if (fmt && str_eq_ci(fmt, "Flash"))
		v->priority = PRIORITY_FLASH;
	const char *pri = child_text(r, item, "Priority");
	if (pri && str_parse_i64(pri, &n) && n >= 1 && n <= 9)
		v->urgency = (int)n;
	if (child_true(r, item, "Annuleret")) {
		v->pubstatus = PUBSTATUS_CANCELED;
		v->signal = SIGNAL_KILL;
	} else if (child_true(r, item, "Korrektion")) {
		v->signal = SIGNAL_CORRECTION;
	} else if (child_true(r, item, "NyVersion")) {
		v->signal = SIGNAL_UPDATE;
	}
	if (fmt_apply_headline_marks(r, v, child_text(r, item, "headline")))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	v->slug = child_text(r, item, "strapline");
	v->byline = child_text(r, item, "byLine");
	v->dateline.place = child_text(r, item, "town");
	read_time(r, v, item);
	size_t elen;
	const char *ed = child_raw(r, item, "TilRedaktionen", &elen);
	if (ed)
		v->ednote = html_as_text(r, ed, elen);
	if (read_subjects(r, v, item))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	return read_body(r, v, item, err);
}

/* --------------------------------------------------------------- document */

/* Byte ranges of the <RBNews> elements, when a plain scan finds exactly as
 * many as the parser did (no prefixes, no comments in the way). */
static bool raw_ranges(const char *buf, size_t len, size_t n, size_t *off,
		       size_t *end)
{
	size_t k = 0, i = 0;
	while (i < len) {
		long s = str_find_ci(buf + i, len - i, "<RBNews");
		if (s < 0)
			break;
		size_t at = i + (size_t)s, after = at + 7;
		if (after < len && buf[after] != '>' && buf[after] != ' ' &&
		    buf[after] != '\n' && buf[after] != '\r' &&
		    buf[after] != '\t' && buf[after] != '/') {
			i = after;
			continue;
		}
		long e = str_find_ci(buf + after, len - after, "</RBNews>");
		if (k >= n || e < 0)
			return false;
		off[k] = at;
		end[k] = after + (size_t)e + 9;
		k++;
		i = end[k - 1];
	}
	return k == n;
}

static size_t collect(xmlNode *n, xmlNode **out, size_t n_out, size_t max)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xml_is(n, "RBNews")) {
			if (n_out < max)
				out[n_out] = n;
			n_out++;
			continue;
		}
		n_out = collect(n->children, out, n_out, max);
	}
	return n_out;
}

int ritzau_parse(const char *buf, size_t len, const struct parse_opts *o,
		 struct parse_result *r, struct ow_err *err)
{
	xmlDocPtr doc;
	int rc = xml_read(buf, len, "ritzau", &doc, err);
	if (rc)
		return rc;
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root || (!xml_is(root, "RBNews") &&
		      !xml_is(root, "XMLNewsQueuedResponse") &&
		      !xml_is(root, "Envelope"))) {
		rc = ow_err_set(err, OW_EPARSE,
				"ritzau: the root element is <%s>; a document "
				"is an <RBNews> item or an "
				"<XMLNewsQueuedResponse> holding them",
				root ? (const char *)root->name : "");
		xmlFreeDoc(doc);
		return rc;
	}
	size_t n = collect(root, NULL, 0, 0);
	if (!n) {
		const char *e = xml_text(r, xml_find(root, "error"));
		const char *msg = xml_text(r, xml_find(root, "errormsg"));
		if (e && strcmp(e, "0"))
			rc = ow_err_set(err, OW_EPARSE,
					"ritzau: the response reports error "
					"%.20s: %.120s; it holds no items",
					e, msg ? msg : "(no message)");
		else
			rc = ow_err_set(err, OW_EPARSE,
					"ritzau: the response holds no "
					"<RBNews> items");
		xmlFreeDoc(doc);
		return rc;
	}
	if (n > FORMATS_MAX_ITEMS)
		n = FORMATS_MAX_ITEMS + 1; /* fmt_push refuses the extra one */
	struct arena *a = r->versions.arena;
	xmlNode **items = arena_alloc(a, n * sizeof *items);
	size_t *off = arena_alloc(a, n * sizeof *off);
	size_t *end = arena_alloc(a, n * sizeof *end);
	if (!items || !off || !end) {
		xmlFreeDoc(doc);
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	}
	collect(root, items, 0, n);
	bool ranged = n > 1 && raw_ranges(buf, len, n, off, end);
	for (size_t i = 0; i < n && !rc; i++) {
		struct version *v = fmt_new_version(r, o, "ritzau");
		if (!v) {
			rc = ow_err_set(err, OW_ENOMEM, "out of memory");
			break;
		}
		v->raw_off = ranged ? off[i] : 0;
		v->raw_len = ranged ? end[i] - off[i] : len;
		rc = read_item(r, o, items[i], v, err);
		if (!rc)
			rc = fmt_finish(r, v, err);
		if (!rc)
			rc = fmt_push(r, v, err);
	}
	xmlFreeDoc(doc);
	return rc;
}
