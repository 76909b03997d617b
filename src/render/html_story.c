/* The story page (headline, source line, dateline, byline, the version note,
 * the text, related stories, a short history) and the version history page
 * (every released version with a word diff from the one before). */
#include "render/html_int.h"

#include "common/ow_error.h"
#include "common/str.h"

#include <stdio.h>
#include <string.h>

/* "1st LD Writethru" as sent, else the signal in words. */
static const char *signal_words(enum signal s)
{
	switch (s) {
	case SIGNAL_NEW: return "First version";
	case SIGNAL_WRITETHRU: return "Writethru";
	case SIGNAL_LEAD: return "New lead";
	case SIGNAL_RECAST: return "Recast";
	case SIGNAL_UPDATE: return "Update";
	case SIGNAL_SUB: return "Substitute";
	case SIGNAL_ADD: return "Add";
	case SIGNAL_INSERT: return "Insert";
	case SIGNAL_CORRECTION: return "Correction";
	case SIGNAL_KILL: return "Kill";
	case SIGNAL_ADVISORY: return "Advisory";
	}
	return "Version";
}

static const char *mark_or_signal(const char *mark, enum signal s)
{
	return mark && *mark ? mark : signal_words(s);
}

/* The trail to a story: Home > its section (or source) > extra... */
static void story_crumbs(struct buf *b, const struct story *st,
			 const char *last, const char *last_href)
{
	struct buf href;
	h_init(&href);
	struct h_crumb c[3];
	size_t n = 0;
	const char *sec = html_story_section(st->current);
	if (sec || st->sum.source) {
		h_group_href(&href,
			     sec ? HTML_GROUP_SECTION : HTML_GROUP_SOURCE,
			     sec ? sec : st->sum.source);
		c[n++] = (struct h_crumb){sec ? sec : st->sum.source,
					  href.err ? "/" : href.p};
	}
	const char *hl = st->sum.headline && *st->sum.headline
				 ? st->sum.headline
				 : "Story";
	c[n++] = (struct h_crumb){hl, last ? last_href : NULL};
	if (last)
		c[n++] = (struct h_crumb){last, NULL};
	h_crumbs(b, c, n);
	buf_free(&href);
}

static void source_line(struct buf *b, const struct story *st)
{
	const struct story_summary *s = &st->sum;
	int64_t when = s->firstcreated ? s->firstcreated : s->versioncreated;
	if (!s->source && !when)
		return;
	buf_puts(b, "<p class=\"source-line\">");
	if (s->source) {
		buf_puts(b, "<a href=\"");
		h_group_href(b, HTML_GROUP_SOURCE, s->source);
		buf_puts(b, "\">");
		h_esc(b, s->source);
		buf_puts(b, "</a>");
		if (when)
			buf_puts(b, ", ");
	}
	h_time(b, when, H_TIME_DATE);
	buf_puts(b, "</p>\n");
}

static void byline(struct buf *b, const char *by)
{
	if (!by || !*by)
		return;
	buf_puts(b, "<p class=\"byline\">");
	if (!str_starts_with_ci(by, strlen(by), "by "))
		buf_puts(b, "By ");
	h_esc(b, by);
	buf_puts(b, "</p>\n");
}

static void dateline(struct buf *b, const struct story *st)
{
	const struct dateline *d = &st->current->dateline;
	const char *place = d->place && *d->place ? d->place : st->sum.place;
	if (!place || !*place)
		return;
	buf_puts(b, "<p class=\"dateline\"><span class=\"vh\">Dateline: "
		    "</span>");
	h_esc(b, place);
	if (d->date && *d->date) {
		buf_puts(b, ", ");
		h_esc(b, d->date);
	}
	buf_puts(b, "</p>\n");
}

/* "Updated: 2nd LD Writethru, 10:42 UTC", linking to the history. */
static void version_note(struct buf *b, const struct story *st)
{
	const struct story_summary *s = &st->sum;
	buf_puts(b, "<p class=\"version-note\"><a href=\"/stories/");
	h_int(b, s->id);
	buf_puts(b, "/history\">");
	if (s->version > 1 || (s->mark && *s->mark)) {
		buf_puts(b, "Updated: ");
		h_esc(b, mark_or_signal(s->mark, s->signal));
	} else {
		buf_puts(b, "Filed");
	}
	if (s->versioncreated) {
		buf_puts(b, ", ");
		h_time(b, s->versioncreated, H_TIME_CLOCK);
	}
	buf_printf(b, "</a> <span class=\"meta\">(version %d)</span></p>\n",
		   s->version);
}

static void body(struct buf *b, const struct story *st)
{
	buf_puts(b, "<div class=\"story-body\">\n");
	if (st->body_html && *st->body_html) {
		buf_puts(b, st->body_html); /* sanitised at ingest */
		buf_putc(b, '\n');
	} else {
		h_paras(b, st->paras, st->n_paras);
	}
	buf_puts(b, "</div>\n");
}

static void short_history(struct buf *b, const struct story *st,
			  struct version *const *vs, size_t n)
{
	buf_puts(b, "<section class=\"history-short\" "
		    "aria-labelledby=\"hist-h\">\n<h2 id=\"hist-h\">Version "
		    "history</h2>\n<ol class=\"versions\">\n");
	for (size_t i = 0; i < n; i++) {
		const struct version *v = vs[i];
		buf_puts(b, "<li><a href=\"/stories/");
		h_int(b, st->sum.id);
		buf_printf(b, "/history#v%d\">Version %d</a>: ", v->vnum,
			   v->vnum);
		h_esc(b, mark_or_signal(v->mark, v->signal));
		if (v->versioncreated) {
			buf_puts(b, ", ");
			h_time(b, v->versioncreated, H_TIME_SHORT);
		}
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ol>\n<p><a href=\"/stories/");
	h_int(b, st->sum.id);
	buf_puts(b, "/history\">Every version, with what changed</a></p>\n"
		    "</section>\n");
}

/* The same event from other agencies: each with its source and headline. */
static void also_reported(struct buf *b, const struct story_summary *also,
			  size_t n)
{
	if (!n)
		return;
	buf_puts(b, "<section class=\"also\" aria-labelledby=\"also-h\">\n"
		    "<h2 id=\"also-h\">Also reported by</h2>\n<ul>\n");
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, "<li><span class=\"src\">");
		h_esc(b, also[i].source && *also[i].source ? also[i].source
							   : "Unknown source");
		buf_puts(b, "</span>: <a href=\"/stories/");
		h_int(b, also[i].id);
		buf_puts(b, "\">");
		h_esc(b, also[i].headline && *also[i].headline
				 ? also[i].headline
				 : "(no headline)");
		buf_puts(b, "</a></li>\n");
	}
	buf_puts(b, "</ul>\n</section>\n");
}

char *html_story_page(const struct html_chrome *c, const struct story *st,
		      const struct story_summary *also, size_t n_also,
		      const struct story_summary *related, size_t n_related,
		      struct version *const *versions, size_t n_versions)
{
	struct buf b;
	h_init(&b);
	const struct story_summary *s = &st->sum;
	h_page_open(&b, c, s->headline, "story-page");
	story_crumbs(&b, st, NULL, NULL);
	buf_puts(&b, "<article class=\"story\" data-id=\"");
	h_int(&b, s->id);
	buf_puts(&b, "\" aria-labelledby=\"story-h\">\n<header "
		     "class=\"story-head\">\n");
	if (s->priority && s->priority <= PRIORITY_URGENT) {
		buf_puts(&b, "<p class=\"kicker\">");
		h_priority(&b, s->priority);
		buf_puts(&b, "</p>\n");
	}
	buf_puts(&b, "<h1 id=\"story-h\">");
	h_esc(&b, s->headline && *s->headline ? s->headline : "(no headline)");
	buf_puts(&b, "</h1>\n");
	source_line(&b, st);
	byline(&b, s->byline);
	dateline(&b, st);
	version_note(&b, st);
	buf_puts(&b, "</header>\n");
	h_font_control(&b, c);
	if (s->corrected || st->correction_note) {
		buf_puts(&b, "<div class=\"correction\" role=\"note\"><p>"
			     "<strong>Correction:</strong> ");
		h_esc(&b, st->correction_note && *st->correction_note
				  ? st->correction_note
				  : "This story has been corrected.");
		buf_puts(&b, "</p></div>\n");
	}
	body(&b, st);
	if (s->slug && *s->slug) {
		buf_puts(&b, "<p class=\"slug\">Slug: <span>");
		h_esc(&b, s->slug);
		buf_puts(&b, "</span></p>\n");
	}
	buf_puts(&b, "</article>\n");
	also_reported(&b, also, n_also);
	if (n_related) {
		buf_puts(&b, "<section class=\"related\" "
			     "aria-labelledby=\"rel-h\">\n<h2 "
			     "id=\"rel-h\">Related stories</h2>\n");
		h_story_list(&b, related, n_related, "none", NULL);
		buf_puts(&b, "</section>\n");
	}
	short_history(&b, st, versions, n_versions);
	h_page_close(&b, c);
	return h_finish(&b);
}

/* ---------------------------------------------------------------- diffs */

static void diff_tag(struct buf *b, enum diff_kind k, bool open)
{
	if (k == DIFF_EQUAL)
		return;
	const char *t = k == DIFF_INSERT ? "ins" : "del";
	buf_printf(b, open ? "<%s>" : "</%s>", t);
}

/* The ops as paragraphs: "\n\n" in an op's text ends a paragraph, closing
 * and reopening its <ins>/<del> around the break. */
static void diff_html(struct buf *b, const struct diff_op *ops, size_t n)
{
	bool fresh = true; /* at the start of a paragraph */
	buf_puts(b, "<div class=\"diff\">\n<p>");
	for (size_t i = 0; i < n; i++) {
		const char *t = ops[i].text;
		if (!fresh && strncmp(t, "\n\n", 2))
			buf_putc(b, ' ');
		diff_tag(b, ops[i].kind, true);
		for (;;) {
			const char *brk = strstr(t, "\n\n");
			size_t len = brk ? (size_t)(brk - t) : strlen(t);
			h_escn(b, t, len);
			if (len)
				fresh = false;
			if (!brk)
				break;
			diff_tag(b, ops[i].kind, false);
			buf_puts(b, "</p>\n<p>");
			diff_tag(b, ops[i].kind, true);
			fresh = true;
			t = brk + 2;
		}
		diff_tag(b, ops[i].kind, false);
	}
	buf_puts(b, "</p>\n</div>\n");
}

static void version_block(struct buf *b, struct arena *ar,
			  const struct version *prev, const struct version *v)
{
	buf_printf(b,
		   "<section class=\"version\" id=\"v%d\" "
		   "aria-labelledby=\"v%d-h\">\n<h2 id=\"v%d-h\">Version %d: ",
		   v->vnum, v->vnum, v->vnum, v->vnum);
	h_esc(b, mark_or_signal(v->mark, v->signal));
	buf_puts(b, "</h2>\n<dl class=\"vmeta\">\n<dt>Signal</dt><dd>");
	h_esc(b, signal_name(v->signal));
	buf_puts(b, "</dd>\n");
	if (v->mark && *v->mark) {
		buf_puts(b, "<dt>Mark</dt><dd>");
		h_esc(b, v->mark);
		buf_puts(b, "</dd>\n");
	}
	if (v->versioncreated) {
		buf_puts(b, "<dt>Filed</dt><dd>");
		h_time(b, v->versioncreated, H_TIME_FULL);
		buf_puts(b, "</dd>\n");
	}
	if (v->priority) {
		buf_puts(b, "<dt>Priority</dt><dd>");
		h_esc(b, priority_name(v->priority));
		buf_puts(b, "</dd>\n");
	}
	if (v->source) {
		buf_puts(b, "<dt>Source</dt><dd>");
		h_esc(b, v->source);
		buf_puts(b, "</dd>\n");
	}
	buf_puts(b, "</dl>\n");
	if (v->headline &&
	    (!prev || !prev->headline || strcmp(prev->headline, v->headline))) {
		buf_puts(b, "<p class=\"vhead\">Headline: <span>");
		h_esc(b, v->headline);
		buf_puts(b, "</span></p>\n");
	}
	if (v->ednote && *v->ednote) {
		buf_puts(b, "<p class=\"ednote\">Editor's note: ");
		h_esc(b, v->ednote);
		buf_puts(b, "</p>\n");
	}
	struct diff_op *ops;
	size_t nops;
	bool exact;
	/* a take or an insert adds to the text: it is shown as sent; a lead
	 * that picks up at paragraph N replaces only the paragraphs above */
	bool whole = !prev || v->signal == SIGNAL_ADVISORY ||
		     v->signal == SIGNAL_ADD || v->signal == SIGNAL_INSERT;
	size_t np = prev ? prev->n_paras : 0;
	if (prev && v->signal == SIGNAL_LEAD && v->pickup_para > 0 &&
	    (size_t)v->pickup_para - 1 < np)
		np = (size_t)v->pickup_para - 1;
	if (whole) {
		if (prev)
			buf_printf(b, "<p class=\"diff-note\">%s</p>\n",
				   v->signal == SIGNAL_ADVISORY
					   ? "An advisory, not part of the "
					     "story:"
					   : "Added to the story as sent:");
		buf_puts(b, "<div class=\"vtext\">\n");
		h_paras(b, v->paras, v->n_paras);
		buf_puts(b, "</div>\n");
	} else if (!diff_words(ar, prev->paras, np, v->paras, v->n_paras, &ops,
			       &nops, &exact)) {
		buf_printf(b,
			   "<p class=\"diff-note\">Changes from version %d: "
			   "<span class=\"key-ins\">added words</span>, "
			   "<span class=\"key-del\">removed words</span>."
			   "%s</p>\n",
			   prev->vnum,
			   exact ? "" : " (Rewritten at length: shown whole.)");
		diff_html(b, ops, nops);
	} else {
		b->err = OW_ENOMEM;
	}
	buf_puts(b, "</section>\n");
}

char *html_history_page(const struct html_chrome *c, const struct story *st,
			struct version *const *vs, size_t n)
{
	struct arena *ar = arena_new();
	if (!ar)
		return NULL;
	struct buf b;
	h_init(&b);
	char back[48];
	snprintf(back, sizeof back, "/stories/%lld", (long long)st->sum.id);
	const char *hl = st->sum.headline ? st->sum.headline : "Story";
	struct buf title;
	h_init(&title);
	buf_puts(&title, "History: ");
	buf_puts(&title, hl);
	h_page_open(&b, c, title.err ? hl : title.p, "history-page");
	buf_free(&title);
	story_crumbs(&b, st, "Version history", back);
	buf_puts(&b, "<h1 class=\"page-title\">Version history: ");
	h_esc(&b, hl);
	buf_puts(&b, "</h1>\n<p class=\"lede\">");
	buf_printf(&b, "%zu released version%s, oldest first. ", n,
		   n == 1 ? "" : "s");
	buf_puts(&b, "<a href=\"");
	buf_puts(&b, back);
	buf_puts(&b, "\">Read the current story</a>.</p>\n");
	h_font_control(&b, c);
	const struct version *prev = NULL;
	for (size_t i = 0; i < n; i++) {
		version_block(&b, ar, prev, vs[i]);
		if (vs[i]->signal != SIGNAL_ADVISORY)
			prev = vs[i];
	}
	h_page_close(&b, c);
	arena_free(ar);
	return h_finish(&b);
}
