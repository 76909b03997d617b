/* Machine outputs besides JSON: the Atom and RSS feeds (GET /feeds/atom,
 * GET /feeds/rss) with the filters of the story list, and the choice of NITF
 * or NewsML-G2 for one story (route_story_formats, called by route_story).
 * The XML itself is written in src/render (feeds.h); here: which stories,
 * which killed ones, the links, caching and content negotiation.
 *
 * Links in a feed are absolute, built from the request's Host header (when
 * it looks like a host and port; else http://127.0.0.1). The header is used
 * for nothing else, is escaped like everything else, and is part of the
 * cache key so one client's Host never reaches another's feed. */
#include "serve/routes_feeds_int.h"

#include "common/str.h"
#include "render/feeds.h"
#include "serve/cache.h"

#include <event2/http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FEED_LIMIT_DEFAULT 50
#define FEED_LIMIT_MAX 200
/* Killed stories looked at for deleted entries, per rendering. The store
 * lists them by version time, not kill time, so a bounded scan of the
 * newest then a sort by kill time finds the recent kills. */
#define KILL_SCAN 1000

enum feed_kind { FEED_ATOM, FEED_RSS };

/* ---------------------------------------------------------------- links */

/* "http://" + the Host header when it is a plausible host[:port] (letters,
 * digits, '.', '-', '_', ':' and IPv6 brackets, at most 255 bytes). */
static void base_url(const struct http_exchange *x, char *out, size_t n)
{
	const char *h = http_header(x, "Host");
	size_t len = h ? strlen(h) : 0;
	bool ok = len > 0 && len <= 255;
	for (size_t i = 0; ok && i < len; i++) {
		char c = h[i];
		ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		     (c >= '0' && c <= '9') || c == '.' || c == '-' ||
		     c == '_' || c == ':' || c == '[' || c == ']';
	}
	snprintf(out, n, "http://%s", ok ? h : "127.0.0.1");
}

/* ------------------------------------------------------------- the query */

struct feed_query {
	struct story_filter f;
	char canon[1024]; /* "?source=..&q=..": the filter, in a fixed order */
	char title[512];
	bool too_long;
};

static void canon_add(struct feed_query *fq, const char *key, const char *value)
{
	char *enc = evhttp_uriencode(value, -1, 0);
	if (!enc) {
		fq->too_long = true;
		return;
	}
	size_t l = strlen(fq->canon);
	int w = snprintf(fq->canon + l, sizeof fq->canon - l, "%c%s=%s",
			 l ? '&' : '?', key, enc);
	if (w < 0 || (size_t)w >= sizeof fq->canon - l)
		fq->too_long = true;
	free(enc);
}

/* Appends before, value, after to the feed's title (cut at its size). */
static void title_add(struct feed_query *fq, const char *before,
		      const char *value, const char *after)
{
	size_t l = strlen(fq->title);
	snprintf(fq->title + l, sizeof fq->title - l, "%s%s%s", before, value,
		 after);
}

static const char *param(const struct http_query *q, const char *name)
{
	const char *v = http_query_get(q, name);
	return v && *v ? v : NULL;
}

/* Reads the filter; false after answering 400. The strings stay in q. */
static bool feed_query_read(struct http_exchange *x, const struct http_query *q,
			    struct feed_query *fq)
{
	memset(fq, 0, sizeof *fq);
	struct story_filter *f = &fq->f;
	f->limit = FEED_LIMIT_DEFAULT;
	f->list = LIST_LIVE;
	f->source = param(q, "source");
	f->section = param(q, "section");
	f->query = param(q, "q");
	const char *pr = param(q, "priority");
	if (!route_int_param(x, q, "limit", 1, FEED_LIMIT_MAX, &f->limit))
		return false;
	if (pr && !(f->priority = priority_from_name(pr))) {
		http_send_error(x, 400, "bad_request",
				"priority must be one of flash, bulletin, "
				"urgent, routine, deferred");
		return false;
	}
	snprintf(fq->title, sizeof fq->title, "offwire");
	if (f->source) {
		canon_add(fq, "source", f->source);
		title_add(fq, ": ", f->source, "");
	}
	if (f->section) {
		canon_add(fq, "section", f->section);
		title_add(fq, ", section ", f->section, "");
	}
	if (f->priority) {
		canon_add(fq, "priority", priority_name(f->priority));
		title_add(fq, ", ", priority_name(f->priority),
			  f->priority == PRIORITY_FLASH ? "" : " and above");
	}
	if (f->query) {
		canon_add(fq, "q", f->query);
		title_add(fq, ", stories with \"", f->query, "\"");
	}
	if (fq->too_long) {
		http_send_error(x, 400, "bad_request",
				"the feed's filter is too long");
		return false;
	}
	return true;
}

/* ------------------------------------------------------- killed stories */

static bool is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80;
}

static bool text_has(const char *hay, const char *needle)
{
	return hay && str_find_ci(hay, strlen(hay), needle) >= 0;
}

/* Whether a killed story may match the words of ?q=. Killed text is out of
 * the search index (it must never be found again), so this is a loose test
 * in its stead: every query word's first three letters occur somewhere in
 * the story. It may say yes too often, which only adds a deleted entry a
 * reader never had; it says no only when a word's start is plainly absent. */
static bool kill_matches(const struct story *st, const char *words)
{
	const unsigned char *p = (const unsigned char *)words;
	while (*p) {
		while (*p && !is_word_byte(*p))
			p++;
		if (!*p)
			break;
		char stem[4];
		size_t n = 0;
		bool ascii = true;
		for (; *p && is_word_byte(*p); p++) {
			if (*p >= 0x80)
				ascii = false;
			if (ascii && n < 3)
				stem[n++] = (char)*p;
		}
		stem[n] = '\0';
		if (!n)
			continue; /* a word in another script: assume yes */
		const struct story_summary *s = &st->sum;
		bool found =
			text_has(s->headline, stem) ||
			text_has(s->slug, stem) || text_has(s->byline, stem) ||
			text_has(s->place, stem) || text_has(s->source, stem);
		for (size_t i = 0; !found && i < st->n_paras; i++)
			found = text_has(st->paras[i].text, stem);
		if (!found)
			return false;
	}
	return true;
}

static int by_kill_time(const void *pa, const void *pb)
{
	const struct story_summary *a = pa, *b = pb;
	if (a->changed_at != b->changed_at)
		return a->changed_at > b->changed_at ? -1 : 1;
	return a->id > b->id ? -1 : a->id < b->id;
}

/* The stories killed at or after `since` that the feed's filter selects,
 * newest kill first, at most limit. */
static int recent_kills(struct store *store, const struct story_filter *live,
			int64_t since, struct arena *ar, struct feed_gone **out,
			size_t *n_out, struct ow_err *err)
{
	*n_out = 0;
	struct story_filter f = *live;
	f.list = LIST_KILLED;
	f.query = NULL;
	f.cursor = NULL;
	f.limit = FEED_LIMIT_MAX;
	struct story_summary *cand = arena_alloc(ar, KILL_SCAN * sizeof *cand);
	*out = arena_alloc(ar, (size_t)live->limit * sizeof **out);
	if (!cand || !*out)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	size_t nc = 0, seen = 0;
	do {
		struct story_page page;
		int rc = store_list_stories(store, &f, ar, &page, err);
		if (rc)
			return rc;
		for (size_t i = 0; i < page.n && seen < KILL_SCAN; i++, seen++)
			if (page.items[i].changed_at >= since)
				cand[nc++] = page.items[i];
		f.cursor = page.next;
	} while (f.cursor && seen < KILL_SCAN);
	qsort(cand, nc, sizeof *cand, by_kill_time);
	for (size_t i = 0; i < nc && *n_out < (size_t)live->limit; i++) {
		struct story st;
		int rc = store_get_story(store, cand[i].id, ar, &st, err);
		if (rc)
			return rc;
		if (live->query && !kill_matches(&st, live->query))
			continue;
		(*out)[(*n_out)++] = (struct feed_gone){
			.id = cand[i].id,
			.when = cand[i].changed_at,
			.notice = st.kill_note,
			.source = cand[i].source,
		};
	}
	return 0;
}

/* ----------------------------------------------------------------- feeds */

static int64_t newest(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* Loads the feed's stories and kills and renders it; 0 or an OW_E* code
 * in err. */
static int feed_build(struct store *store, enum feed_kind kind,
		      const struct feed_query *fq, const char *base,
		      struct arena *ar, char **body, size_t *len,
		      int64_t *updated, struct ow_err *err)
{
	struct story_page page;
	int rc = store_list_stories(store, &fq->f, ar, &page, err);
	if (rc)
		return rc;
	struct story *st = arena_alloc(ar, (page.n + 1) * sizeof *st);
	if (!st)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	int64_t last = 0, window = 0;
	for (size_t i = 0; i < page.n; i++) {
		if ((rc = store_get_story(store, page.items[i].id, ar, &st[i],
					  err)))
			return rc;
		const struct story_summary *s = &st[i].sum;
		last = newest(last, newest(s->changed_at, s->versioncreated));
		/* the window of the oldest entry: the earlier of its times */
		int64_t t =
			s->versioncreated && s->versioncreated < s->changed_at
				? s->versioncreated
				: s->changed_at;
		if (!window || t < window)
			window = t;
	}
	struct feed_gone *gone = NULL;
	size_t n_gone = 0;
	if (kind == FEED_ATOM) {
		/* a feed that holds every live story covers every kill */
		int64_t since = page.next ? window : 0;
		if ((rc = recent_kills(store, &fq->f, since, ar, &gone, &n_gone,
				       err)))
			return rc;
		for (size_t i = 0; i < n_gone; i++)
			last = newest(last, gone[i].when);
	}
	int64_t now = server_now();
	if (last > now)
		last = now; /* an agency clock ahead of ours */
	const char *path = kind == FEED_ATOM ? "/feeds/atom" : "/feeds/rss";
	char limit[32] = "";
	if (fq->f.limit != FEED_LIMIT_DEFAULT)
		snprintf(limit, sizeof limit, "%climit=%d",
			 fq->canon[0] ? '&' : '?', fq->f.limit);
	struct feed_doc doc = {
		.base = base,
		.self = arena_printf(ar, "%s%s%s%s", base, path, fq->canon,
				     limit),
		.id = arena_printf(ar, FEED_TAG "feed%s", fq->canon),
		.title = fq->title,
		.updated = last,
		.entries = st,
		.n = page.n,
		.gone = gone,
		.n_gone = n_gone,
	};
	if (!doc.self || !doc.id)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	*body = kind == FEED_ATOM ? render_feed_atom(&doc, len)
				  : render_feed_rss(&doc, len);
	if (!*body)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	*updated = last;
	return 0;
}

/* The cache lookup, on the loop thread: a feed's cache key is its URI and
 * the base its links are built from. */
bool route_feed_front(const struct route_args *a)
{
	char base[300];
	base_url(a->x, base, sizeof base);
	return cache_serve(a->srv->cache, a->x, base, a->seq, server_now());
}

static void feed(const struct route_args *a, enum feed_kind kind)
{
	struct http_query q;
	if (route_bad_query(a->x, &q))
		return;
	struct feed_query fq;
	if (!feed_query_read(a->x, &q, &fq)) {
		http_query_free(&q);
		return;
	}
	char base[300];
	base_url(a->x, base, sizeof base);
	int64_t now = server_now();
	struct arena *ar = arena_new();
	struct ow_err err = {0};
	char *body = NULL;
	size_t len = 0;
	int64_t updated = 0;
	if (!ar)
		ow_err_set(&err, OW_ENOMEM, "out of memory");
	else if (!feed_build(a->store, kind, &fq, base, ar, &body, &len,
			     &updated, &err))
		cache_send(a->srv->cache, a->x, base, a->seq, now, 200,
			   kind == FEED_ATOM ? "application/atom+xml; "
					       "charset=utf-8"
					     : "application/rss+xml; "
					       "charset=utf-8",
			   body, len, updated ? updated : a->seq_at);
	if (err.code)
		route_store_error(a->x, &err);
	free(body);
	arena_free(ar);
	http_query_free(&q);
}

void route_feed_atom(const struct route_args *a)
{
	feed(a, FEED_ATOM);
}

void route_feed_rss(const struct route_args *a)
{
	feed(a, FEED_RSS);
}

/* ----------------------------------------------------- story formats */

enum story_format { FMT_JSON = 0, FMT_NITF, FMT_G2, FMT_N };

static const struct {
	const char *type; /* as named in Accept and sent back */
	enum story_format fmt;
} media[] = {
	{"application/json", FMT_JSON},
	{"application/vnd.iptc.nitf+xml", FMT_NITF},
	{"application/nitf+xml", FMT_NITF},
	{"application/vnd.iptc.g2.newsitem+xml", FMT_G2},
};

/* The q of one media range ("...;q=0.5"), in thousandths; 1000 without. */
static int accept_q(const char *params, size_t len)
{
	const char *p = params, *end = params + len;
	while (p < end) {
		while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
			p++;
		if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') &&
		    p[1] == '=') {
			p += 2;
			int q = 0, scale = 1000;
			if (p < end && *p == '1')
				return 1000;
			if (p < end && *p == '0')
				p++;
			if (p < end && *p == '.')
				for (p++; p < end && *p >= '0' && *p <= '9' &&
					  scale > 1;
				     p++)
					q += (*p - '0') * (scale /= 10);
			return q;
		}
		while (p < end && *p != ';')
			p++;
	}
	return 1000;
}

/* Picks a representation from the Accept header (RFC 9110 12.5.1): for each
 * format the q of the most specific range naming it; the highest q wins,
 * then the more specific range, then JSON. Nothing acceptable: JSON. */
static enum story_format accept_pick(const char *accept, const char **type)
{
	int q[FMT_N] = {0}, spec[FMT_N] = {0};
	const char *named[FMT_N] = {0};
	const char *p = accept;
	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *s = p;
		size_t sl = len;
		str_trim(&s, &sl);
		const char *semi = memchr(s, ';', sl);
		size_t tl = semi ? (size_t)(semi - s) : sl;
		const char *t = s;
		str_trim(&t, &tl);
		int rq = accept_q(semi ? semi : s + sl,
				  semi ? sl - (size_t)(semi - s) : 0);
		for (size_t i = 0; i < sizeof media / sizeof *media; i++) {
			const char *m = media[i].type;
			int sp = 0;
			if (tl == strlen(m) && str_starts_with_ci(t, tl, m))
				sp = 3;
			else if (tl == 13 &&
				 str_starts_with_ci(t, tl, "application/*"))
				sp = 2;
			else if (tl == 3 && !memcmp(t, "*/*", 3))
				sp = 1;
			enum story_format f = media[i].fmt;
			if (sp > spec[f] ||
			    (sp && sp == spec[f] && rq > q[f])) {
				spec[f] = sp;
				q[f] = rq;
				named[f] = m;
			}
		}
		p = end ? end + 1 : NULL;
	}
	enum story_format best = FMT_JSON;
	for (int f = FMT_NITF; f < FMT_N; f++)
		if (q[f] > q[best] || (q[f] == q[best] && spec[f] > spec[best]))
			best = (enum story_format)f;
	if (!q[best])
		best = FMT_JSON;
	*type = spec[best] == 3 ? named[best] : NULL;
	return best;
}

bool route_story_formats(const struct route_args *a, const struct story *st)
{
	struct http_exchange *x = a->x;
	http_add_header(x, "Vary", "Accept");
	/* the JSON route never read its query: one it cannot parse (a
	 * cache-buster "?123") still gets JSON, not a 400 */
	struct http_query q = {0};
	bool parsed = !http_query_parse(x, &q);
	const char *fv = parsed ? param(&q, "format") : NULL;
	enum story_format fmt = FMT_JSON;
	const char *type = NULL;
	if (fv) {
		if (!strcmp(fv, "nitf"))
			fmt = FMT_NITF;
		else if (!strcmp(fv, "newsmlg2"))
			fmt = FMT_G2;
		else if (strcmp(fv, "json")) {
			http_query_free(&q);
			http_send_error(x, 400, "bad_request",
					"format must be json, nitf or "
					"newsmlg2");
			return true;
		}
	} else {
		fmt = accept_pick(http_header(x, "Accept"), &type);
	}
	http_query_free(&q);
	if (fmt == FMT_JSON)
		return false;
	size_t len = 0;
	char *xml = fmt == FMT_NITF ? render_story_nitf(st, &len)
				    : render_story_newsmlg2(st, &len);
	if (!xml) {
		http_send_error(x, 500, "internal", "out of memory");
		return true;
	}
	if (!type)
		type = fmt == FMT_NITF ? "application/vnd.iptc.nitf+xml"
				       : "application/vnd.iptc.g2.newsitem+xml";
	http_send_owned(x, 200, type, xml, len);
	return true;
}
