/* What the RSS and Atom readers share once the XML is read: namespace
 * tests, text and body extraction, dates, hosts, item byte ranges, and
 * finishing an item. Reading the XML itself is feed_read.c. */
#include "formats/feed_int.h"

#include "common/str.h"

#include <libxml/tree.h>
#include <string.h>

/* ------------------------------------------------------------ namespaces */

const char *feed_ns(const xmlNode *n)
{
	return n && n->ns && n->ns->href ? (const char *)n->ns->href : "";
}

bool feed_is(const xmlNode *n, const char *local, const char *ns,
	     const char *prefix)
{
	if (!n || n->type != XML_ELEMENT_NODE || !n->name)
		return false;
	const char *name = (const char *)n->name;
	if (!n->ns) {
		/* an undeclared prefix leaves "prefix:local" as the name */
		const char *colon = strchr(name, ':');
		if (colon) {
			size_t pl = (size_t)(colon - name);
			return prefix && strlen(prefix) == pl &&
			       str_starts_with_ci(name, pl, prefix) &&
			       str_eq_ci(colon + 1, local);
		}
		return !ns && str_eq_ci(name, local);
	}
	if (!str_eq_ci(name, local))
		return false;
	return ns && !strcmp(feed_ns(n), ns);
}

xmlNode *feed_child(const xmlNode *parent, const char *local, const char *ns,
		    const char *prefix)
{
	if (!parent)
		return NULL;
	for (xmlNode *c = parent->children; c; c = c->next)
		if (feed_is(c, local, ns, prefix))
			return c;
	return NULL;
}

/* ------------------------------------------------------------------ text */

const char *feed_raw_text(struct parse_result *r, const xmlNode *n)
{
	if (!n)
		return NULL;
	xmlChar *t = xmlNodeGetContent(n);
	if (!t)
		return NULL;
	/* libxml2's recovery can leave bytes that are not UTF-8 */
	size_t len = strlen((const char *)t);
	const char *s = (const char *)t;
	const char *out =
		str_is_blank(s, len) ? NULL
		: utf8_valid(s, len)
			? arena_strndup(r->versions.arena, s, len)
			: utf8_repair(r->versions.arena, s, len, NULL, NULL);
	xmlFree(t);
	return out;
}

const char *feed_text(struct parse_result *r, const xmlNode *n)
{
	return xml_text(r, n);
}

/* Joins a scratch version's paragraphs with spaces (one copy, whatever
 * their number). */
static const char *join_paras(struct parse_result *r, const struct version *v)
{
	size_t total = 0;
	for (size_t i = 0; i < v->n_paras; i++)
		total += strlen(v->paras[i].text) + 1;
	if (!total)
		return NULL;
	char *out = arena_alloc(r->versions.arena, total);
	if (!out)
		return NULL;
	size_t w = 0;
	for (size_t i = 0; i < v->n_paras; i++) {
		size_t l = strlen(v->paras[i].text);
		if (w)
			out[w++] = ' ';
		memcpy(out + w, v->paras[i].text, l);
		w += l;
	}
	return fmt_field(r, out, w);
}

const char *feed_join(struct parse_result *r, const char *list,
		      const char *name, const char *sep)
{
	if (!name || !*name)
		return list;
	if (!list)
		return name;
	return arena_printf(r->versions.arena, "%s%s%s", list, sep, name);
}

int feed_html(struct parse_result *r, struct version *v, const char *html,
	      size_t len, struct ow_err *err)
{
	if (len > FORMATS_MAX_INPUT)
		return ow_err_set(err, OW_ETOOBIG, "HTML body too large");
	char *w = arena_alloc(r->versions.arena, len + 12);
	if (!w)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	memcpy(w, "<div>", 5);
	memcpy(w + 5, html, len);
	memcpy(w + 5 + len, "</div>", 6);
	return html_to_body(r->versions.arena, v, w, len + 11, err);
}

const char *feed_html_text(struct parse_result *r, const char *html)
{
	if (!html)
		return NULL;
	if (!strchr(html, '<') && !strchr(html, '&'))
		return fmt_field(r, html, strlen(html));
	struct version tmp;
	memset(&tmp, 0, sizeof tmp);
	struct ow_err e = {0};
	if (feed_html(r, &tmp, html, strlen(html), &e))
		return fmt_field(r, html, strlen(html));
	return join_paras(r, &tmp);
}

/* ------------------------------------------------------------------ body */

/* Text without markup: paragraphs on blank lines. With `entities`, each
 * paragraph is read as HTML so its character references are decoded (an
 * RSS description is HTML even when it holds no tags). */
static int text_body(struct parse_result *r, struct version *v, const char *s,
		     bool entities, struct ow_err *err)
{
	struct arena *a = r->versions.arena;
	size_t len = strlen(s);
	if (!entities)
		return text_add_paras(a, v, s, len, false)
			       ? ow_err_set(err, OW_ENOMEM, "out of memory")
			       : 0;
	size_t i = 0, st = 0;
	for (;;) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t le = nl ? (size_t)(nl - s) : len;
		bool blank = str_is_blank(s + i, le - i);
		if (blank || le == len) {
			size_t end = blank ? i : le;
			if (end > st && !str_is_blank(s + st, end - st)) {
				int rc = feed_html(r, v, s + st, end - st, err);
				if (rc)
					return rc;
			}
			st = le + 1;
		}
		if (le >= len)
			break;
		i = le + 1;
	}
	v->body_html = NULL; /* the source had no markup */
	return 0;
}

/* "Continue reading..." closing an excerpt: a link to the publisher's
 * page, not part of the story. */
static bool is_teaser(const char *t)
{
	static const char *const teasers[] = {"continue reading", "read more",
					      "read the full story",
					      "read full article", NULL};
	size_t n = strlen(t);
	for (const char *const *x = teasers; *x; x++)
		if (str_starts_with_ci(t, n, *x) && n <= strlen(*x) + 6)
			return true;
	return false;
}

/* Drops a closing teaser paragraph, and its link from the markup. */
static void drop_teaser(struct parse_result *r, struct version *v)
{
	if (!v->n_paras || v->paras[v->n_paras - 1].kind != PARA_TEXT ||
	    !is_teaser(v->paras[v->n_paras - 1].text))
		return;
	const char *t = v->paras[v->n_paras - 1].text;
	v->n_paras--;
	const char *h = v->body_html;
	if (!h)
		return;
	/* the last place the teaser's text appears */
	size_t hl = strlen(h), tl = strlen(t);
	const char *at = NULL;
	for (size_t i = hl >= tl ? hl - tl + 1 : 0; i-- > 0 && !at;)
		if (h[i] == t[0] && !memcmp(h + i, t, tl))
			at = h + i;
	if (!at)
		return;
	const char *a = at;
	while (a > h && memcmp(a, "<a ", 3))
		a--;
	const char *gt = memchr(a, '>', (size_t)(at - a));
	if (memcmp(a, "<a ", 3) || !gt || gt + 1 != at)
		return;
	size_t keep = (size_t)(a - h);
	str_trim(&h, &keep);
	while (keep >= 3 && !memcmp(h + keep - 3, "<p>", 3)) {
		keep -= 3; /* the paragraph that held only the link */
		str_trim(&h, &keep);
	}
	v->body_html = arena_strndup(r->versions.arena, h, keep);
}

int feed_body(struct parse_result *r, struct version *v, xmlNode *n,
	      enum feed_body kind)
{
	struct arena *a = r->versions.arena;
	struct ow_err e = {0};
	int rc = 0;
	if (kind == FEED_BODY_XHTML) {
		/* Atom wraps XHTML in a <div> that is not part of the text */
		xmlNode *div = NULL;
		for (xmlNode *c = n->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE) {
				div = xml_is(c, "div") ? c : NULL;
				break;
			}
		size_t len = 0;
		const char *html = xml_inner_markup(r, div ? div : n, &len);
		if (!html)
			return OW_ENOMEM;
		if (!utf8_valid(html, len)) {
			html = utf8_repair(a, html, len, NULL, NULL);
			if (!html)
				return OW_ENOMEM;
			len = strlen(html);
		}
		if (!str_is_blank(html, len))
			rc = feed_html(r, v, html, len, &e);
	} else {
		const char *s = feed_raw_text(r, n);
		if (!s)
			return 0;
		if (kind == FEED_BODY_TEXT)
			rc = text_body(r, v, s, false, &e);
		else if (!strchr(s, '<'))
			rc = text_body(r, v, s, true, &e);
		else
			rc = feed_html(r, v, s, strlen(s), &e);
	}
	if (rc == OW_ENOMEM)
		return rc;
	if (rc) {
		v->n_paras = 0;
		v->body_html = NULL;
		return version_add_warning(a, v, "body not read: %s", e.msg);
	}
	drop_teaser(r, v);
	return 0;
}

/* ----------------------------------------------------------------- dates */

void feed_date(struct parse_result *r, struct version *v, const char *name,
	       const char *s, bool rfc822, int64_t *out)
{
	if (!s)
		return;
	struct arena *a = r->versions.arena;
	bool zone = true;
	int64_t t = 0;
	bool ok = rfc822 ? time_parse_rfc822(s, &t, &zone)
			 : time_parse_iso(s, &t, &zone);
	if (!ok)
		ok = time_parse_any(s, &t, &zone);
	if (!ok) {
		version_add_warning(a, v, "%s \"%.60s\" is not a date; ignored",
				    name, s);
		return;
	}
	if (!zone)
		version_add_warning(a, v, "%s has no time zone; read as UTC",
				    name);
	*out = t;
}

/* ----------------------------------------------------------------- misc */

const char *feed_lang(struct parse_result *r, const char *s)
{
	if (!s)
		return NULL;
	char *l = arena_strdup(r->versions.arena, s);
	for (char *c = l; c && *c; c++)
		if (*c == '_')
			*c = '-';
	return l;
}

const char *feed_lang_of(struct parse_result *r, const xmlNode *n)
{
	xmlChar *l = xmlNodeGetLang(n);
	const char *out =
		l ? fmt_field(r, (const char *)l, strlen((const char *)l))
		  : NULL;
	xmlFree(l);
	return feed_lang(r, out);
}

const char *feed_host(struct parse_result *r, const char *url)
{
	if (!url)
		return NULL;
	size_t len = strlen(url);
	const char *p = url;
	if (str_starts_with_ci(p, len, "https://"))
		p += 8;
	else if (str_starts_with_ci(p, len, "http://"))
		p += 7;
	else
		return NULL;
	if (str_starts_with_ci(p, strlen(p), "www."))
		p += 4;
	size_t n = 0;
	while (p[n] && p[n] != '/' && p[n] != ':' && p[n] != '?' &&
	       p[n] != '#' && p[n] != ' ')
		n++;
	return fmt_field(r, p, n);
}

/* Start of 1-based `line` in the input; forward-only cursor. */
static size_t line_start(struct feed_doc *fd, long line)
{
	if (line < fd->cur_line) {
		fd->cur_line = 1;
		fd->cur_off = 0;
	}
	while (fd->cur_line < line && fd->cur_off < fd->input_len) {
		const char *nl = memchr(fd->input + fd->cur_off, '\n',
					fd->input_len - fd->cur_off);
		if (!nl) {
			fd->cur_off = fd->input_len;
			break;
		}
		fd->cur_off = (size_t)(nl - fd->input) + 1;
		fd->cur_line++;
	}
	return fd->cur_off;
}

/* libxml2 stops counting at 65535 without XML_PARSE_BIG_LINES. */
#define FEED_LINE_CAP 65535

static size_t skip_past(const char *s, size_t len, size_t i, const char *end)
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

void feed_scan_items(struct parse_result *r, struct feed_doc *fd, const char *a,
		     const char *b, size_t n_nodes)
{
	const char *s = fd->input;
	size_t len = fd->input_len, cap = 0, n = 0, i = 0;
	size_t *off = NULL, *end = NULL;
	fd->scan_ok = false;
	if (!n_nodes || (len >= 2 && (!s[0] || !s[1])))
		return; /* nothing to find, or UTF-16 */
	while (i < len) {
		const char *lt = memchr(s + i, '<', len - i);
		if (!lt)
			break;
		i = (size_t)(lt - s);
		if (len - i >= 4 && !memcmp(s + i, "<!--", 4)) {
			i = skip_past(s, len, i + 4, "-->");
			continue;
		}
		if (len - i >= 9 && !memcmp(s + i, "<![CDATA[", 9)) {
			i = skip_past(s, len, i + 9, "]]>");
			continue;
		}
		bool close = i + 1 < len && s[i + 1] == '/';
		size_t st = i + 1 + close, e = st;
		while (e < len && e - st < 80 && s[e] != '>' && s[e] != '/' &&
		       s[e] != ' ' && s[e] != '\t' && s[e] != '\n' &&
		       s[e] != '\r') {
			if (s[e] == ':')
				st = e + 1;
			e++;
		}
		bool hit = (e - st == strlen(a) &&
			    str_starts_with_ci(s + st, e - st, a)) ||
			   (b && e - st == strlen(b) &&
			    str_starts_with_ci(s + st, e - st, b));
		i = e > i + 1 ? e : i + 1;
		if (!hit)
			continue;
		if (close) {
			const char *gt = memchr(s + e, '>', len - e);
			if (n && !end[n - 1])
				end[n - 1] = gt ? (size_t)(gt - s) + 1 : len;
			continue;
		}
		if (n > n_nodes)
			return; /* more than the document has: give up */
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			size_t *no =
				arena_alloc(r->versions.arena, nc * sizeof *no);
			size_t *ne =
				arena_alloc(r->versions.arena, nc * sizeof *ne);
			if (!no || !ne)
				return;
			if (n) {
				memcpy(no, off, n * sizeof *no);
				memcpy(ne, end, n * sizeof *ne);
			}
			off = no;
			end = ne;
			cap = nc;
		}
		off[n] = (size_t)(lt - s);
		end[n] = 0;
		if (n && !end[n - 1])
			end[n - 1] = off[n]; /* never closed */
		n++;
	}
	if (n && !end[n - 1])
		end[n - 1] = len;
	fd->item_off = off;
	fd->item_end = end;
	fd->n_items = n;
	fd->scan_ok = n == n_nodes;
}

void feed_raw_range(struct feed_doc *fd, struct version *v, size_t index,
		    const xmlNode *item, const xmlNode *next)
{
	if (fd->scan_ok && index < fd->n_items) {
		v->raw_off = fd->item_off[index];
		v->raw_len = fd->item_end[index] - fd->item_off[index];
		return;
	}
	long l0 = xml_line(item), l1 = next ? xml_line(next) : 0;
	if (l0 <= 0 || l0 >= FEED_LINE_CAP) {
		v->raw_off = 0;
		v->raw_len = fd->input_len;
		return;
	}
	size_t s = line_start(fd, l0), e = fd->input_len;
	if (l1 > l0 && l1 < FEED_LINE_CAP) {
		e = line_start(fd, l1);
	} else if (l1 == l0) {
		/* both on one line: the whole line */
		const char *nl = memchr(fd->input + s, '\n', fd->input_len - s);
		e = nl ? (size_t)(nl - fd->input) + 1 : fd->input_len;
	}
	v->raw_off = s;
	v->raw_len = e > s ? e - s : 0;
}

bool feed_cut_off(const struct feed_doc *fd, const struct version *v,
		  const char *local)
{
	if (!fd->recovered)
		return false;
	const char *s = fd->input + v->raw_off;
	size_t n = fd->input_len - v->raw_off, ll = strlen(local);
	for (size_t i = 0; i + 2 < n; i++) {
		if (s[i] != '<' || s[i + 1] != '/')
			continue;
		size_t j = i + 2, st = j;
		while (j < n && j - st < 64 && s[j] != '>' && s[j] != ' ') {
			if (s[j] == ':')
				st = j + 1;
			j++;
		}
		if (j - st == ll && str_starts_with_ci(s + st, ll, local))
			return false;
	}
	return true;
}

int feed_push(struct parse_result *r, struct version *v, const char *what,
	      size_t index, struct ow_err *err)
{
	struct ow_err ferr = {0};
	if (fmt_finish(r, v, &ferr))
		return fmt_skip(r, v->item_id, v->raw_off,
				"%s item %zu has neither a title nor a body",
				what, index + 1)
			       ? ow_err_set(err, OW_ENOMEM, "out of memory")
			       : 0;
	return fmt_push(r, v, err);
}
