/* A story's current view as NITF 3.6, in the namespace of IPTC's NITF 3.6
 * schema (http://iptc.org/std/NITF/2006-10-18/), for subscribers whose
 * systems take NITF. Elements in the DTD's order:
 *
 *   head       title, meta (offwire's priority), tobject (subjects with a
 *              code), docdata: correction, doc-id (regsrc = the source,
 *              id-string = the story's tag: URI), urgency (ed-urg),
 *              date.issue, ed-msg (the editor's or correction note), du-key
 *              (the slug, version = the story's version), key-list (subjects
 *              with only a name), revision-history (firstcreated)
 *   body       body.head (hedline/hl1, byline, distributor, dateline),
 *              body.content (p per paragraph, pre for preformatted text),
 *              body.end
 *
 * This is not the reader of NITF (src/formats/nitf.c); what it writes, that
 * reads back. */
#include "render/feeds.h"

#include "render/xml_write_int.h"

#include <stdio.h>
#include <string.h>

#define NITF_NS "http://iptc.org/std/NITF/2006-10-18/"

static void subjects(struct xw *x, const struct version *v)
{
	bool any = false;
	for (size_t i = 0; v && i < v->n_subjects; i++)
		any |= v->subjects[i].code && *v->subjects[i].code;
	if (!any)
		return;
	xw_start(x, "tobject");
	xw_attr(x, "tobject.type", "news");
	for (size_t i = 0; i < v->n_subjects; i++) {
		const struct subject *sub = &v->subjects[i];
		if (!sub->code || !*sub->code)
			continue;
		xw_start(x, "tobject.subject");
		/* the IPTC subject codes are the default register; others
		 * are named by their scheme */
		if (!xw_subject_scheme(sub))
			xw_attr(x, "tobject.subject.ipr",
				sub->scheme && *sub->scheme ? sub->scheme
							    : "offwire");
		xw_attr(x, "tobject.subject.refnum", sub->code);
		if (sub->name && *sub->name)
			xw_attr(x, "tobject.subject.type", sub->name);
		xw_end(x);
	}
	xw_end(x);
}

static void keywords(struct xw *x, const struct version *v)
{
	bool open = false;
	for (size_t i = 0; v && i < v->n_subjects; i++) {
		const struct subject *sub = &v->subjects[i];
		if ((sub->code && *sub->code) || !sub->name || !*sub->name)
			continue;
		if (!open)
			xw_start(x, "key-list");
		open = true;
		xw_start(x, "keyword");
		xw_attr(x, "key", sub->name);
		xw_end(x);
	}
	if (open)
		xw_end(x);
}

static void docdata(struct xw *x, const struct story *st)
{
	const struct story_summary *s = &st->sum;
	const struct version *v = st->current;
	char tag[64], t[32];
	xw_start(x, "docdata");
	xw_attr(x, "management-status", "usable");
	if (s->corrected) {
		xw_start(x, "correction");
		xw_attr(x, "info",
			st->correction_note ? st->correction_note
					    : "Corrected");
		xw_end(x);
	}
	render_story_tag(s->id, tag, sizeof tag);
	xw_start(x, "doc-id");
	xw_attr(x, "regsrc", s->source && *s->source ? s->source : NULL);
	xw_attr(x, "id-string", tag);
	xw_end(x);
	int u = xw_story_urgency(s);
	if (u) {
		xw_start(x, "urgency");
		xw_attr_int(x, "ed-urg", u);
		xw_end(x);
	}
	if (s->versioncreated) {
		xw_time_basic(s->versioncreated, t, sizeof t);
		xw_start(x, "date.issue");
		xw_attr(x, "norm", t);
		xw_end(x);
	}
	const char *note = st->correction_note ? st->correction_note
			   : v                 ? v->ednote
					       : NULL;
	if (note && *note) {
		xw_start(x, "ed-msg");
		xw_attr(x, "info", note);
		xw_end(x);
	}
	if (s->slug && *s->slug) {
		xw_start(x, "du-key");
		xw_attr(x, "key", s->slug);
		xw_attr_int(x, "version", s->version);
		xw_end(x);
	}
	keywords(x, v);
	xw_end(x);
}

static void head(struct xw *x, const struct story *st)
{
	xw_start(x, "head");
	xw_elem(x, "title", st->sum.headline);
	if (st->sum.priority) {
		xw_start(x, "meta");
		xw_attr(x, "name", "offwire-priority");
		xw_attr(x, "content", priority_name(st->sum.priority));
		xw_end(x);
	}
	subjects(x, st->current);
	docdata(x, st);
	/* when the story was first sent: the earliest revision */
	if (st->sum.firstcreated) {
		char t[32];
		xw_time_basic(st->sum.firstcreated, t, sizeof t);
		xw_start(x, "revision-history");
		xw_attr(x, "norm", t);
		xw_end(x);
	}
	xw_end(x);
}

static void body_head(struct xw *x, const struct story *st)
{
	const struct story_summary *s = &st->sum;
	const struct version *v = st->current;
	xw_start(x, "body.head");
	xw_start(x, "hedline");
	xw_start(x, "hl1");
	xw_text(x, s->headline);
	xw_end(x);
	xw_end(x);
	xw_elem(x, "byline", s->byline);
	xw_elem(x, "distributor", s->source);
	const char *date = v ? v->dateline.date : NULL;
	if ((s->place && *s->place) || (date && *date)) {
		xw_start(x, "dateline");
		if (s->place && *s->place) {
			xw_start(x, "location");
			xw_elem(x, "city", s->place);
			xw_end(x);
		}
		xw_elem(x, "story.date", date);
		xw_end(x);
	}
	xw_end(x);
}

char *render_story_nitf(const struct story *st, size_t *len)
{
	struct xw x;
	if (!xw_begin(&x))
		return NULL;
	const struct version *v = st->current;
	xw_start_ns(&x, NULL, "nitf", NITF_NS);
	xw_attr(&x, "version", "-//IPTC//DTD NITF 3.6//EN");
	if (v && xw_lang_ok(v->language))
		xw_attr(&x, "baselang", v->language);
	head(&x, st);
	xw_start(&x, "body");
	body_head(&x, st);
	xw_start(&x, "body.content");
	for (size_t i = 0; i < st->n_paras; i++) {
		const struct para *p = &st->paras[i];
		xw_start(&x, p->kind == PARA_PRE ? "pre" : "p");
		xw_text(&x, p->text);
		xw_end(&x);
	}
	xw_end(&x);
	xw_start(&x, "body.end");
	xw_end(&x);
	xw_end(&x);
	xw_end(&x);
	return xw_finish(&x, len);
}
