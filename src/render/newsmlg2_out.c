/* A story's current view as a NewsML-G2 newsItem (power conformance, one
 * text item), properties in the schema's order:
 *
 *   newsItem    guid (the story's tag: URI), version (the story's version)
 *   itemMeta    itemClass ninat:text, provider, versionCreated,
 *               firstCreated, pubStatus stat:usable, edNote, signal
 *               sig:correction for corrected copy
 *   contentMeta urgency, located, language, subject, slugline, headline,
 *               dateline, by
 *   contentSet  inlineXML: an XHTML document, p per paragraph, pre for
 *               preformatted text
 *
 * Only live stories are rendered (killed ones answer 410 before this). This
 * is not the reader of NewsML-G2 (src/formats/newsmlg2*.c). */
#include "render/feeds.h"

#include "render/xml_write_int.h"

#include <stdio.h>
#include <string.h>

#define G2_NS "http://iptc.org/std/nar/2006-10-01/"
#define XHTML_NS "http://www.w3.org/1999/xhtml"
#define G2_CATALOG                                                             \
	"http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_32.xml"

static void qcode(struct xw *x, const char *name, const char *qc)
{
	xw_start(x, name);
	xw_attr(x, "qcode", qc);
	xw_end(x);
}

static void item_meta(struct xw *x, const struct story *st)
{
	const struct story_summary *s = &st->sum;
	const struct version *v = st->current;
	xw_start(x, "itemMeta");
	qcode(x, "itemClass", "ninat:text");
	xw_start(x, "provider");
	xw_attr(x, "literal", s->source && *s->source ? s->source : "offwire");
	xw_end(x);
	/* versionCreated is mandatory: the change time stands in */
	xw_elem_time(x, "versionCreated",
		     s->versioncreated ? s->versioncreated
		     : s->changed_at   ? s->changed_at
				       : 1);
	xw_elem_time(x, "firstCreated", s->firstcreated);
	qcode(x, "pubStatus", "stat:usable");
	const char *note = st->correction_note ? st->correction_note
			   : v                 ? v->ednote
					       : NULL;
	xw_elem(x, "edNote", note);
	if (s->corrected)
		qcode(x, "signal", "sig:correction");
	xw_end(x);
}

/* "MIRAVAL, Jan. 10 (Harbor Press)" from the parts the parser kept. */
static const char *dateline(struct xw *x, const struct story *st)
{
	const struct version *v = st->current;
	const char *place = st->sum.place, *date = v ? v->dateline.date : NULL;
	const char *src = v ? v->dateline.source : NULL;
	bool p = place && *place, d = date && *date, s = src && *src;
	if (!p && !d)
		return NULL;
	return xw_printf(x, "%s%s%s%s%s%s", p ? place : "", p && d ? ", " : "",
			 d ? date : "", s ? " (" : "", s ? src : "",
			 s ? ")" : "");
}

static void subject(struct xw *x, const struct subject *sub)
{
	bool code = sub->code && *sub->code;
	bool name = sub->name && *sub->name;
	if (!code && !name)
		return;
	xw_start(x, "subject");
	if (code && xw_subject_scheme(sub))
		xw_attr(x, "qcode", xw_printf(x, "subj:%s", sub->code));
	else
		xw_attr(x, "literal", code ? sub->code : sub->name);
	if (name) {
		xw_start(x, "name");
		xw_text(x, sub->name);
		xw_end(x);
	}
	xw_end(x);
}

static void content_meta(struct xw *x, const struct story *st)
{
	const struct story_summary *s = &st->sum;
	const struct version *v = st->current;
	xw_start(x, "contentMeta");
	int u = xw_story_urgency(s);
	if (u)
		xw_elem(x, "urgency", xw_printf(x, "%d", u));
	if (s->place && *s->place) {
		xw_start(x, "located");
		xw_start(x, "name");
		xw_text(x, s->place);
		xw_end(x);
		xw_end(x);
	}
	if (v && xw_lang_ok(v->language)) {
		xw_start(x, "language");
		xw_attr(x, "tag", v->language);
		xw_end(x);
	}
	for (size_t i = 0; v && i < v->n_subjects; i++)
		subject(x, &v->subjects[i]);
	xw_elem(x, "slugline", s->slug);
	xw_elem(x, "headline", s->headline);
	xw_elem(x, "dateline", dateline(x, st));
	xw_elem(x, "by", s->byline);
	xw_end(x);
}

static void content_set(struct xw *x, const struct story *st)
{
	xw_start(x, "contentSet");
	xw_start(x, "inlineXML");
	xw_attr(x, "contenttype", "application/xhtml+xml");
	xw_start_ns(x, NULL, "html", XHTML_NS);
	xw_start(x, "head");
	xw_start(x, "title");
	xw_text(x, st->sum.headline);
	xw_end(x);
	xw_end(x);
	xw_start(x, "body");
	for (size_t i = 0; i < st->n_paras; i++) {
		const struct para *p = &st->paras[i];
		xw_start(x, p->kind == PARA_PRE ? "pre" : "p");
		xw_text(x, p->text);
		xw_end(x);
	}
	xw_end(x);
	xw_end(x);
	xw_end(x);
	xw_end(x);
}

char *render_story_newsmlg2(const struct story *st, size_t *len)
{
	struct xw x;
	if (!xw_begin(&x))
		return NULL;
	const struct version *v = st->current;
	char tag[64];
	render_story_tag(st->sum.id, tag, sizeof tag);
	xw_start_ns(&x, NULL, "newsItem", G2_NS);
	xw_attr(&x, "guid", tag);
	xw_attr_int(&x, "version", st->sum.version > 0 ? st->sum.version : 1);
	xw_attr(&x, "standard", "NewsML-G2");
	xw_attr(&x, "standardversion", "2.33");
	xw_attr(&x, "conformance", "power");
	if (v && xw_lang_ok(v->language))
		xw_attr(&x, "xml:lang", v->language);
	xw_start(&x, "catalogRef");
	xw_attr(&x, "href", G2_CATALOG);
	xw_end(&x);
	item_meta(&x, st);
	content_meta(&x, st);
	content_set(&x, st);
	xw_end(&x);
	return xw_finish(&x, len);
}
