/* JSON renderings: ninjs documents, lists, ticker and versions. jansson
 * escapes every string it writes, so wire copy cannot break the JSON. */
#include "render/render.h"

#include "common/buf.h"
#include "text/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *render_time(int64_t t)
{
	if (!t)
		return json_null();
	char b[40];
	time_format_rfc3339(t, b, sizeof b);
	return json_string(b);
}

void render_story_path(int64_t id, char *out, size_t n)
{
	snprintf(out, n, "/stories/%lld", (long long)id);
}

/* Adds key: string when s is set; jansson rejects invalid UTF-8, which the
 * parsers never produce, so a NULL from json_string is skipped. */
static void put_str(json_t *o, const char *key, const char *s)
{
	if (s && *s) {
		json_t *v = json_string(s);
		if (v)
			json_object_set_new(o, key, v);
	}
}

static int urgency_of(enum priority p, int urgency)
{
	return urgency ? urgency : priority_to_urgency(p);
}

static void esc(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		default: buf_putc(b, *s);
		}
	}
}

/* HTML for the body: the sanitised markup when one version holds the whole
 * text, else paragraphs rebuilt from plain text (escaped). */
static char *body_html(const struct story *st)
{
	if (st->body_html && *st->body_html)
		return strdup(st->body_html);
	struct buf b;
	buf_init(&b, 64u << 20);
	for (size_t i = 0; i < st->n_paras; i++) {
		bool pre = st->paras[i].kind == PARA_PRE;
		buf_puts(&b, pre ? "<pre>" : "<p>");
		esc(&b, st->paras[i].text);
		buf_puts(&b, pre ? "</pre>\n" : "</p>\n");
	}
	return b.err ? (buf_free(&b), NULL) : buf_detach(&b, NULL);
}

static char *body_text(const struct story *st)
{
	struct buf b;
	buf_init(&b, 64u << 20);
	for (size_t i = 0; i < st->n_paras; i++) {
		if (i)
			buf_puts(&b, "\n\n");
		buf_puts(&b, st->paras[i].text);
	}
	return b.err ? (buf_free(&b), NULL) : buf_detach(&b, NULL);
}

static json_t *altid(const char *role, const char *value)
{
	return json_pack("{s:s, s:s}", "role", role, "value", value);
}

json_t *render_story_ninjs(const struct story *st)
{
	const struct version *v = st->current;
	const struct story_summary *s = &st->sum;
	json_t *o = json_object();
	char b[64];
	snprintf(b, sizeof b, "urn:offwire:story:%lld", (long long)s->id);
	put_str(o, "uri", b);
	json_object_set_new(o, "type", json_string("text"));
	json_object_set_new(o, "representationtype", json_string("full"));
	snprintf(b, sizeof b, "%d", s->version);
	json_object_set_new(o, "version", json_string(b));
	json_object_set_new(o, "firstcreated", render_time(s->firstcreated));
	json_object_set_new(o, "versioncreated",
			    render_time(s->versioncreated));
	json_object_set_new(
		o, "pubstatus",
		json_string(s->state == STORY_KILLED ? "canceled" : "usable"));
	int u = urgency_of(s->priority, s->urgency);
	if (u)
		json_object_set_new(o, "urgency", json_integer(u));
	if (v->embargo)
		json_object_set_new(o, "embargoed", render_time(v->embargo));
	put_str(o, "language", v->language);
	put_str(o, "slugline", s->slug);
	put_str(o, "by", s->byline);
	put_str(o, "located", s->place);
	const char *note =
		st->correction_note ? st->correction_note : v->ednote;
	put_str(o, "ednote", note);
	if (s->headline)
		json_object_set_new(o, "headlines",
				    json_pack("[{s:s, s:s}]", "role", "main",
					      "value", s->headline));
	json_t *bodies = json_array();
	char *html = body_html(st), *text = body_text(st);
	if (html && text) {
		json_array_append_new(bodies,
				      json_pack("{s:s, s:s, s:s, s:i}", "role",
						"main", "contenttype",
						"text/html", "value", html,
						"wordcount", s->word_count));
		json_array_append_new(bodies,
				      json_pack("{s:s, s:s, s:s, s:i}", "role",
						"main", "contenttype",
						"text/plain", "value", text,
						"wordcount", s->word_count));
	}
	free(html);
	free(text);
	json_object_set_new(o, "bodies", bodies);
	if (v->n_subjects) {
		json_t *subs = json_array();
		for (size_t i = 0; i < v->n_subjects; i++) {
			json_t *x = json_object();
			put_str(x, "name", v->subjects[i].name);
			put_str(x, "literal", v->subjects[i].code);
			if (json_object_size(x))
				json_array_append_new(subs, x);
			else
				json_decref(x);
		}
		json_object_set_new(o, "subjects", subs);
	}
	if (s->source)
		json_object_set_new(o, "infosources",
				    json_pack("[{s:s, s:s}]", "name", s->source,
					      "role", "source"));
	json_t *alt = json_array();
	snprintf(b, sizeof b, "%lld", (long long)s->id);
	json_array_append_new(alt, altid("offwire:story", b));
	snprintf(b, sizeof b, "%lld", (long long)s->updated_seq);
	json_array_append_new(alt, altid("offwire:seq", b));
	if (s->priority)
		json_array_append_new(alt, altid("offwire:priority",
						 priority_name(s->priority)));
	json_array_append_new(alt,
			      altid("offwire:signal", signal_name(s->signal)));
	if (s->mark)
		json_array_append_new(alt, altid("offwire:mark", s->mark));
	if (s->corrected)
		json_array_append_new(alt, altid("offwire:corrected", "true"));
	if (s->cluster) {
		snprintf(b, sizeof b, "%lld", (long long)s->cluster);
		json_array_append_new(alt, altid("offwire:cluster", b));
	}
	json_object_set_new(o, "altids", alt);
	return o;
}

json_t *render_summary(const struct story_summary *s)
{
	json_t *o = json_object();
	char path[32];
	render_story_path(s->id, path, sizeof path);
	json_object_set_new(o, "id", json_integer(s->id));
	put_str(o, "headline", s->headline);
	put_str(o, "slug", s->slug);
	put_str(o, "source", s->source);
	put_str(o, "byline", s->byline);
	put_str(o, "place", s->place);
	json_object_set_new(o, "priority",
			    s->priority
				    ? json_string(priority_name(s->priority))
				    : json_null());
	int u = urgency_of(s->priority, s->urgency);
	if (u)
		json_object_set_new(o, "urgency", json_integer(u));
	json_object_set_new(o, "signal", json_string(signal_name(s->signal)));
	put_str(o, "mark", s->mark);
	json_object_set_new(o, "version", json_integer(s->version));
	json_object_set_new(o, "seq", json_integer(s->updated_seq));
	json_object_set_new(o, "firstcreated", render_time(s->firstcreated));
	json_object_set_new(o, "versioncreated",
			    render_time(s->versioncreated));
	json_object_set_new(o, "word_count", json_integer(s->word_count));
	if (s->corrected)
		json_object_set_new(o, "corrected", json_true());
	if (s->cluster)
		json_object_set_new(o, "cluster", json_integer(s->cluster));
	json_object_set_new(o, "url", json_string(path));
	return o;
}

json_t *render_page(const struct story_page *p)
{
	json_t *items = json_array();
	for (size_t i = 0; i < p->n; i++)
		json_array_append_new(items, render_summary(&p->items[i]));
	return json_pack("{s:o, s:o}", "items", items, "next",
			 p->next ? json_string(p->next) : json_null());
}

/* "AP|Reuters" as ["AP", "Reuters"] */
static json_t *source_list(const char *joined)
{
	json_t *arr = json_array();
	const char *p = joined;
	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		json_t *v = json_stringn(p, n);
		if (v)
			json_array_append_new(arr, v);
		p = bar ? bar + 1 : NULL;
	}
	return arr;
}

json_t *render_ticker(const struct story_page *p)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < p->n; i++) {
		const struct story_summary *s = &p->items[i];
		char path[32];
		render_story_path(s->id, path, sizeof path);
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(s->id));
		put_str(o, "headline", s->headline);
		json_object_set_new(
			o, "priority",
			s->priority ? json_string(priority_name(s->priority))
				    : json_null());
		put_str(o, "source", s->source);
		json_object_set_new(o, "versioncreated",
				    render_time(s->versioncreated));
		json_object_set_new(o, "url", json_string(path));
		if (s->cluster)
			json_object_set_new(o, "cluster",
					    json_integer(s->cluster));
		if (s->event_sources)
			json_object_set_new(o, "sources",
					    source_list(s->event_sources));
		json_array_append_new(arr, o);
	}
	return arr;
}

json_t *render_version(const struct version *v)
{
	json_t *o = json_object();
	json_object_set_new(o, "version", json_integer(v->vnum));
	json_object_set_new(o, "seq", json_integer(v->seq));
	json_object_set_new(o, "signal", json_string(signal_name(v->signal)));
	put_str(o, "mark", v->mark);
	json_object_set_new(o, "pubstatus",
			    json_string(pubstatus_name(v->pubstatus)));
	put_str(o, "format", v->format);
	put_str(o, "source", v->source);
	put_str(o, "item_id", v->item_id);
	if (v->item_version >= 0)
		json_object_set_new(o, "item_version",
				    json_integer(v->item_version));
	put_str(o, "headline", v->headline);
	put_str(o, "slug", v->slug);
	json_object_set_new(o, "priority",
			    v->priority
				    ? json_string(priority_name(v->priority))
				    : json_null());
	json_object_set_new(o, "versioncreated",
			    render_time(v->versioncreated));
	json_object_set_new(o, "received_at", render_time(v->received_at));
	if (v->embargo)
		json_object_set_new(o, "embargoed", render_time(v->embargo));
	json_object_set_new(o, "word_count", json_integer(v->word_count));
	put_str(o, "ednote", v->ednote);
	json_t *link = json_object();
	put_str(link, "rule", v->link_rule);
	if (v->link_key) {
		/* keys are "rule\x1fsource\x1fvalue": show them readably */
		char *k = strdup(v->link_key);
		for (char *p = k; p && *p; p++)
			if (*p == '\x1f')
				*p = '|';
		put_str(link, "key", k);
		free(k);
	}
	json_object_set_new(o, "link", link);
	if (v->n_warnings) {
		json_t *w = json_array();
		for (size_t i = 0; i < v->n_warnings; i++)
			json_array_append_new(w, json_string(v->warnings[i]));
		json_object_set_new(o, "warnings", w);
	}
	return o;
}

json_t *render_kill_notice(const struct story *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "error", json_string("gone"));
	json_object_set_new(o, "id", json_integer(st->sum.id));
	put_str(o, "headline", st->sum.headline);
	put_str(o, "notice",
		st->kill_note ? st->kill_note
			      : "This story has been withdrawn.");
	return o;
}

char *render_dump(json_t *j)
{
	return json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10));
}
