/* Linking a version to its story: which keys to look a story up under, most
 * explicit first. The store does the lookups; this file decides the keys so
 * that every backend links the same way. */
#include "model/model.h"

#include "common/str.h"

#include <string.h>

#define SEP "\x1f" /* unit separator: cannot occur in normalised text */

const char *link_normalize_headline(struct arena *a, const char *headline)
{
	struct mark_info mi;
	if (!headline || mark_parse_headline(a, headline, &mi))
		return NULL;
	const char *s = mi.stripped;
	size_t len = strlen(s);
	char *out = arena_alloc(a, len + 1);
	if (!out)
		return NULL;
	size_t n = 0;
	bool gap = false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		bool keep = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			    (c >= 'A' && c <= 'Z') || c >= 0x80;
		if (!keep) {
			gap = n > 0;
			continue;
		}
		if (gap)
			out[n++] = ' ';
		gap = false;
		out[n++] = str_lower((char)c);
	}
	out[n] = '\0';
	return out;
}

static const char *lower_dup(struct arena *a, const char *s)
{
	char *p = arena_strdup(a, s);
	for (char *q = p; q && *q; q++)
		*q = str_lower(*q);
	return p;
}

size_t link_keys(struct arena *a, const struct version *v, int64_t window,
		 struct link_key *out)
{
	size_t n = 0;
	const char *src = v->source ? v->source : "";
	/* ids a source recycles (ANPA and IPTC 7901 story numbers wrap
	 * daily) only link within the window; real ids link forever */
	int64_t id_window = v->item_id_recycled ? window : 0;
	if (v->item_id && *v->item_id)
		out[n++] = (struct link_key){
			.rule = "id",
			.key = arena_printf(a, "id" SEP "%s" SEP "%s", src,
					    v->item_id),
			.window = id_window,
			.lookup = true,
			.record = true};
	/* Recorded too: when the item it evolved from arrives later (feeds
	 * do deliver out of order), its own id key must find this story.
	 * Without the record it started a second story. */
	if (v->evolved_from && *v->evolved_from)
		out[n++] = (struct link_key){
			.rule = "evolvedfrom",
			.key = arena_printf(a, "id" SEP "%s" SEP "%s", src,
					    v->evolved_from),
			.window = id_window,
			.lookup = true,
			.record = true};
	bool has_slug = v->slug && *v->slug;
	if (has_slug)
		out[n++] = (struct link_key){
			.rule = "slug",
			.key = arena_printf(a, "slug" SEP "%s" SEP "%s", src,
					    lower_dup(a, v->slug)),
			.window = window,
			.lookup = true,
			.record = true};
	const char *hl = link_normalize_headline(a, v->headline);
	if (hl && *hl)
		/* Copy without a slug links by headline. Copy with a slug files
		 * under it, so later slugless copy finds it, and links by it
		 * only to a story that has no slug yet: two slugged stories
		 * sharing a headline stay apart, while the full story joins an
		 * URGENT sent without a slug. (It used to join only when it
		 * arrived before the URGENT, which it normally does not.) */
		out[n++] = (struct link_key){
			.rule = "headline",
			.key = arena_printf(a, "hl" SEP "%s" SEP "%s", src, hl),
			.window = window,
			.lookup = true,
			.record = true,
			.unslugged = has_slug};
	/* a failed arena_printf leaves a NULL key: drop those */
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (out[i].key)
			out[m++] = out[i];
	return m;
}
