/* The XML writer the feeds, NITF and NewsML-G2 renderings share: libxml2's
 * xmlTextWriter behind a sticky error, the character filter that keeps wire
 * copy inside XML 1.0, and the parts of a story every rendering shows. */
#include "render/xml_write_int.h"

#include "common/buf.h"
#include "render/feeds.h"
#include "text/text.h"

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define W(x) ((xmlTextWriterPtr)(x)->w)
#define X(s) ((const xmlChar *)(s))

void render_story_tag(int64_t id, char *out, size_t n)
{
	snprintf(out, n, FEED_TAG "story/%lld", (long long)id);
}

/* ------------------------------------------------------------ characters */

/* Decodes one UTF-8 sequence at s (n bytes left): its length, or 0 when it
 * is not a well-formed, shortest-form sequence of a scalar value. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	unsigned char lo = 0x80, hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0; /* no overlong forms */
		if (c == 0xED)
			hi = 0x9F; /* no UTF-16 surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;
		if (c == 0xF4)
			hi = 0x8F; /* nothing past U+10FFFF */
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	uint32_t v = c & (0xFF >> (len + 1));
	for (size_t i = 1; i < len; i++) {
		if (i > 1 && (s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	*cp = v;
	return len;
}

/* What XML 1.0's Char production allows, less what has no place in news
 * text (CR, DEL, C1 controls, noncharacters): those are dropped. */
static bool char_kept(uint32_t c)
{
	if (c < 0x20)
		return c == '\t' || c == '\n';
	if (c >= 0x7F && c <= 0x9F)
		return false;
	if (c >= 0xFDD0 && c <= 0xFDEF)
		return false;
	if ((c & 0xFFFE) == 0xFFFE)
		return false; /* U+FFFE, U+FFFF and their kin in every plane */
	return true;
}

const char *xw_clean(struct xw *x, const char *s)
{
	if (!s)
		return NULL;
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;
	uint32_t cp;
	/* most copy is clean: hand it back untouched */
	for (size_t l;
	     i < n && (l = utf8_next(p + i, n - i, &cp)) && char_kept(cp);
	     i += l)
		;
	if (i == n)
		return s;
	if (n > (SIZE_MAX - 1) / 3) {
		x->err = true;
		return "";
	}
	char *out = arena_alloc(x->a, n * 3 + 1); /* a bad byte becomes 3 */
	if (!out) {
		x->err = true;
		return "";
	}
	memcpy(out, s, i);
	size_t o = i;
	while (i < n) {
		size_t l = utf8_next(p + i, n - i, &cp);
		if (!l) {
			memcpy(out + o, "\xEF\xBF\xBD", 3); /* U+FFFD */
			o += 3;
			i++;
			continue;
		}
		if (char_kept(cp)) {
			memcpy(out + o, p + i, l);
			o += l;
		}
		i += l;
	}
	out[o] = '\0';
	return out;
}

/* ---------------------------------------------------------------- writer */

bool xw_begin(struct xw *x)
{
	memset(x, 0, sizeof *x);
	xmlInitParser();
	x->a = arena_new();
	x->buf = xmlBufferCreate();
	x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
	if (!x->a || !x->w) {
		if (x->buf)
			xmlBufferFree(x->buf);
		arena_free(x->a);
		return false;
	}
	xmlTextWriterSetIndent(W(x), 1);
	xmlTextWriterSetIndentString(W(x), X("  "));
	if (xmlTextWriterStartDocument(W(x), "1.0", "UTF-8", NULL) < 0)
		x->err = true;
	return true;
}

char *xw_finish(struct xw *x, size_t *len)
{
	if (xmlTextWriterEndDocument(W(x)) < 0)
		x->err = true;
	xmlFreeTextWriter(W(x)); /* flushes into buf */
	char *out = NULL;
	if (!x->err) {
		const xmlChar *p = xmlBufferContent(x->buf);
		size_t n = (size_t)xmlBufferLength(x->buf);
		out = malloc(n + 1);
		if (out) {
			memcpy(out, p, n);
			out[n] = '\0';
			if (len)
				*len = n;
		}
	}
	xmlBufferFree(x->buf);
	arena_free(x->a);
	memset(x, 0, sizeof *x);
	return out;
}

static void check(struct xw *x, int rc)
{
	if (rc < 0)
		x->err = true;
}

void xw_start(struct xw *x, const char *name)
{
	if (!x->err)
		check(x, xmlTextWriterStartElement(W(x), X(name)));
}

void xw_start_ns(struct xw *x, const char *prefix, const char *name,
		 const char *uri)
{
	if (!x->err)
		check(x, xmlTextWriterStartElementNS(W(x), X(prefix), X(name),
						     X(uri)));
}

void xw_end(struct xw *x)
{
	if (!x->err)
		check(x, xmlTextWriterEndElement(W(x)));
}

void xw_attr(struct xw *x, const char *name, const char *value)
{
	if (x->err || !value)
		return;
	value = xw_clean(x, value);
	check(x, xmlTextWriterWriteAttribute(W(x), X(name), X(value)));
}

void xw_attr_int(struct xw *x, const char *name, int64_t value)
{
	char b[24];
	snprintf(b, sizeof b, "%lld", (long long)value);
	xw_attr(x, name, b);
}

void xw_text(struct xw *x, const char *s)
{
	if (x->err || !s || !*s)
		return;
	s = xw_clean(x, s);
	if (*s)
		check(x, xmlTextWriterWriteString(W(x), X(s)));
}

const char *xw_printf(struct xw *x, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(x->a, fmt, ap);
	va_end(ap);
	if (!s)
		x->err = true;
	return s ? s : "";
}

void xw_elem(struct xw *x, const char *name, const char *text)
{
	if (!text || !*text)
		return;
	xw_start(x, name);
	xw_text(x, text);
	xw_end(x);
}

void xw_elem_time(struct xw *x, const char *name, int64_t t)
{
	if (!t)
		return;
	char b[40];
	time_format_rfc3339(t, b, sizeof b);
	xw_elem(x, name, b);
}

/* ------------------------------------------------------ times and words */

static void utc(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;
	if (!gmtime_r(&tt, tm))
		memset(tm, 0, sizeof *tm);
}

void xw_time_rfc822(int64_t t, char *out, size_t n)
{
	static const char *const day[] = {"Sun", "Mon", "Tue", "Wed",
					  "Thu", "Fri", "Sat"};
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr",
					  "May", "Jun", "Jul", "Aug",
					  "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	utc(t, &tm);
	snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d +0000",
		 day[(unsigned)tm.tm_wday % 7], tm.tm_mday,
		 mon[(unsigned)tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour,
		 tm.tm_min, tm.tm_sec);
}

void xw_time_basic(int64_t t, char *out, size_t n)
{
	struct tm tm;
	utc(t, &tm);
	snprintf(out, n, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

bool xw_lang_ok(const char *s)
{
	if (!s || !*s || strlen(s) > 35)
		return false;
	size_t run = 0;
	for (const char *p = s; *p; p++) {
		bool alnum = (*p >= 'a' && *p <= 'z') ||
			     (*p >= 'A' && *p <= 'Z') ||
			     (*p >= '0' && *p <= '9');
		if (alnum && ++run <= 8)
			continue;
		if (*p != '-' || !run || !p[1])
			return false;
		run = 0;
	}
	return true;
}

/* ------------------------------------------------------------- the story */

static void html_escape_into(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		default: buf_putc(b, *s);
		}
	}
}

const char *xw_story_html(struct xw *x, const struct story *st)
{
	if (st->body_html && *st->body_html)
		return xw_clean(x, st->body_html);
	struct buf b;
	buf_init(&b, 64u << 20);
	for (size_t i = 0; i < st->n_paras; i++) {
		bool pre = st->paras[i].kind == PARA_PRE;
		buf_puts(&b, pre ? "<pre>" : "<p>");
		html_escape_into(&b,
				 st->paras[i].text ? st->paras[i].text : "");
		buf_puts(&b, pre ? "</pre>\n" : "</p>\n");
	}
	char *html = b.err ? NULL : arena_strdup(x->a, b.p ? b.p : "");
	buf_free(&b);
	if (!html) {
		x->err = true;
		return "";
	}
	return xw_clean(x, html);
}

const char *xw_story_lede(const struct story *st)
{
	for (size_t i = 0; i < st->n_paras; i++)
		if (st->paras[i].kind == PARA_TEXT && st->paras[i].text &&
		    *st->paras[i].text)
			return st->paras[i].text;
	return NULL;
}

const char *xw_story_title(struct xw *x, const struct story *st)
{
	const struct story_summary *s = &st->sum;
	const char *h = s->headline && *s->headline ? s->headline
			: s->slug && *s->slug       ? s->slug
						    : NULL;
	const char *prefix = s->priority == PRIORITY_FLASH      ? "FLASH: "
			     : s->priority == PRIORITY_BULLETIN ? "BULLETIN: "
								: "";
	char *t = h ? arena_printf(x->a, "%s%s", prefix, h)
		    : arena_printf(x->a, "%sStory %lld", prefix,
				   (long long)s->id);
	if (!t) {
		x->err = true;
		return "";
	}
	return t;
}

const char *xw_story_author(const struct story *st)
{
	if (st->sum.byline && *st->sum.byline)
		return st->sum.byline;
	if (st->sum.source && *st->sum.source)
		return st->sum.source;
	return "offwire";
}

int xw_story_urgency(const struct story_summary *s)
{
	return s->urgency ? s->urgency : priority_to_urgency(s->priority);
}

const char *xw_subject_scheme(const struct subject *sub)
{
	const char *c = sub->code;
	if (!c || strlen(c) != 8)
		return NULL;
	for (size_t i = 0; i < 8; i++)
		if (c[i] < '0' || c[i] > '9')
			return NULL;
	return "http://cv.iptc.org/newscodes/subjectcode/";
}
