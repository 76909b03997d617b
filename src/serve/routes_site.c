/* The site for people: home, section and source pages, story and history
 * pages, search, the text-size preference, static assets and the embeddable
 * ticker. Routes gather from the store what a page shows and hand it to
 * render/html.h; every page goes through the response cache (the variant is
 * the reader's text size) and carries a Content-Security-Policy that allows
 * only this site's own script and style. Errors on these routes are HTML
 * pages; the JSON API keeps its JSON errors. */
#include "serve/routes.h"

#include "common/str.h"
#include "render/html.h"
#include "serve/cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOME_STORIES 40 /* stories the home page groups */
#define GROUP_MAX 6     /* lines per home block */
#define LIST_MAX 30     /* lines per section, source or search page */
#define RELATED_MAX 5
#define TICKER_MAX 20 /* as GET /api/v1/ticker */
#define ALSO_MAX 8    /* "Also reported by" lines on a story page */
#define NAME_MAX_LEN 200

static const char csp_page[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; "
	"img-src 'self' data:; connect-src 'self'; object-src 'none'; "
	"base-uri 'none'; form-action 'self'; frame-ancestors 'self'";
/* the embed page is made to be framed by other sites */
static const char csp_embed[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; "
	"img-src 'self' data:; connect-src 'self'; object-src 'none'; "
	"base-uri 'none'; form-action 'self'; frame-ancestors *";

/* ------------------------------------------------------------- plumbing */

/* The reader's text size from the "fs" cookie. */
static enum html_font font_of(const struct http_exchange *x)
{
	const char *h = http_header(x, "Cookie");
	enum html_font f = HTML_FONT_NORMAL;
	while (h && *h) {
		while (*h == ' ' || *h == ';')
			h++;
		const char *end = strchr(h, ';');
		size_t len = end ? (size_t)(end - h) : strlen(h);
		char v[16];
		if (len > 3 && len - 3 < sizeof v && !strncmp(h, "fs=", 3)) {
			memcpy(v, h + 3, len - 3);
			v[len - 3] = '\0';
			html_font_from_name(v, &f);
		}
		h = end;
	}
	return f;
}

static const char *variant_of(enum html_font f)
{
	return f == HTML_FONT_SMALL   ? "fs=small"
	       : f == HTML_FONT_LARGE ? "fs=large"
				      : NULL;
}

static void page_headers(struct http_exchange *x, const char *csp)
{
	http_add_header(x, "Content-Security-Policy", csp);
	http_add_header(x, "Referrer-Policy", "same-origin");
	http_add_header(x, "Vary", "Cookie");
}

/* The pages' front (loop thread): the page headers, which every answer
 * carries, then the cache when it can answer. */
bool route_page_front(const struct route_args *a)
{
	page_headers(a->x, csp_page);
	return cache_serve(a->srv->cache, a->x, variant_of(font_of(a->x)),
			   a->seq, server_now());
}

/* Sends a rendered page (takes html) and keeps it in the cache. */
static void page_send(const struct route_args *a, enum html_font f, int status,
		      char *html)
{
	if (!html) {
		http_send_bytes(a->x, 500, "text/plain; charset=utf-8",
				"out of memory\n", 14);
		return;
	}
	cache_send(a->srv->cache, a->x, variant_of(f), a->seq, server_now(),
		   status, "text/html; charset=utf-8", html, strlen(html),
		   a->seq_at);
	free(html);
}

/* ------------------------------------------------------------ site data */

/* What every page shows around its content, and the newest stories with
 * their sections (the home page's blocks and the navigation). */
struct site {
	struct arena *ar;
	struct html_chrome c;
	struct story_page ticker, latest;
	const char **sec_of; /* latest.items[i]'s section or NULL */
};

static bool has_name(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq_ci(names[i], s))
			return true;
	return false;
}

/* Loads the chrome; false (with err set) when the store fails. */
static bool site_load(const struct route_args *a, struct site *s,
		      enum html_font f, struct ow_err *err)
{
	memset(s, 0, sizeof *s);
	s->ar = arena_new();
	if (!s->ar) {
		ow_err_set(err, OW_ENOMEM, "out of memory");
		return false;
	}
	struct store *st = a->store;
	struct story_filter filt = {.limit = HOME_STORIES};
	/* the site's ticker is one line per event (collapse=event) */
	if (store_ticker(st, TICKER_MAX * 4, server_now(), s->ar, &s->ticker,
			 err) ||
	    store_collapse_events(&s->ticker, TICKER_MAX, s->ar) ||
	    store_list_stories(st, &filt, s->ar, &s->latest, err))
		return false;
	size_t n = s->latest.n;
	s->sec_of = arena_alloc(s->ar, (n + 1) * sizeof *s->sec_of);
	const char **secs = arena_alloc(s->ar, (n + 1) * sizeof *secs);
	const char **srcs = arena_alloc(s->ar, (n + 1) * sizeof *srcs);
	if (!s->sec_of || !secs || !srcs) {
		ow_err_set(err, OW_ENOMEM, "out of memory");
		return false;
	}
	size_t nsec = 0, nsrc = 0;
	for (size_t i = 0; i < n; i++) {
		const struct story_summary *sum = &s->latest.items[i];
		struct story full;
		struct ow_err e2 = {0};
		if (!store_get_story(st, sum->id, s->ar, &full, &e2))
			s->sec_of[i] = html_story_section(full.current);
		if (s->sec_of[i] && !has_name(secs, nsec, s->sec_of[i]))
			secs[nsec++] = s->sec_of[i];
		if (sum->source && !has_name(srcs, nsrc, sum->source))
			srcs[nsrc++] = sum->source;
	}
	s->c.font = f;
	s->c.path = http_uri(a->x);
	s->c.ticker = &s->ticker;
	s->c.sections = secs;
	s->c.n_sections = nsec;
	s->c.sources = srcs;
	s->c.n_sources = nsrc;
	s->c.seq = a->seq;
	return true;
}

static void site_free(struct site *s)
{
	arena_free(s->ar);
}

/* An HTML error page, with the chrome when the store can give it. */
static void send_error_page(const struct route_args *a, enum html_font f,
			    int status, const char *title, const char *msg)
{
	struct site s;
	struct ow_err err = {0};
	bool ok = site_load(a, &s, f, &err);
	if (!ok) {
		memset(&s.c, 0, sizeof s.c);
		s.c.font = f;
		s.c.path = "/";
	}
	page_send(a, f, status, html_error_page(&s.c, status, title, msg));
	site_free(&s);
}

static void store_failed(const struct route_args *a, enum html_font f,
			 const struct ow_err *err)
{
	int status = http_status_of(err->code);
	if (status == 404)
		send_error_page(a, f, 404, "Page not found",
				"There is nothing at this address.");
	else if (status == 400)
		send_error_page(a, f, 400, "Bad request", err->msg);
	else
		send_error_page(a, f, 503, "The wire is unavailable",
				"The story store did not answer. Try again "
				"in a moment.");
}

/* A list of summaries kept in the arena. */
struct group_build {
	struct html_group g;
	struct story_summary *items;
};

static struct group_build *group_for(struct arena *ar, struct group_build *gs,
				     size_t *n, enum html_group_kind kind,
				     const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (gs[i].g.kind == kind && str_eq_ci(gs[i].g.name, name))
			return &gs[i];
	struct group_build *g = &gs[(*n)++];
	g->g.kind = kind;
	g->g.name = name;
	g->items = arena_alloc(ar, GROUP_MAX * sizeof *g->items);
	g->g.items = g->items;
	return g->items ? g : NULL;
}

static void group_add(struct group_build *g, const struct story_summary *s)
{
	if (g && g->g.n < GROUP_MAX)
		g->items[g->g.n++] = *s;
}

/* --------------------------------------------------------------- pages */

void route_home(const struct route_args *a)
{
	enum html_font f = font_of(a->x);
	struct site s;
	struct ow_err err = {0};
	if (!site_load(a, &s, f, &err)) {
		store_failed(a, f, &err);
		site_free(&s);
		return;
	}
	size_t n = s.latest.n, nsec = 0, nsrc = 0;
	struct group_build *secs = arena_alloc(s.ar, (n + 1) * sizeof *secs);
	struct group_build *srcs = arena_alloc(s.ar, (n + 1) * sizeof *srcs);
	struct html_group *gsec = arena_alloc(s.ar, (n + 1) * sizeof *gsec);
	struct html_group *gsrc = arena_alloc(s.ar, (n + 1) * sizeof *gsrc);
	char *html = NULL;
	if (secs && srcs && gsec && gsrc) {
		for (size_t i = 0; i < n; i++) {
			const struct story_summary *it = &s.latest.items[i];
			group_add(
				group_for(s.ar, secs, &nsec,
					  s.sec_of[i] ? HTML_GROUP_SECTION
						      : HTML_GROUP_LATEST,
					  s.sec_of[i] ? s.sec_of[i] : "Latest"),
				it);
			if (it->source)
				group_add(group_for(s.ar, srcs, &nsrc,
						    HTML_GROUP_SOURCE,
						    it->source),
					  it);
		}
		for (size_t i = 0; i < nsec; i++)
			gsec[i] = secs[i].g;
		for (size_t i = 0; i < nsrc; i++)
			gsrc[i] = srcs[i].g;
		html = html_home(&s.c, gsec, nsec, gsrc, nsrc);
	}
	page_send(a, f, 200, html);
	site_free(&s);
}

/* /sections/{name} and /sources/{name}. */
static void list_route(const struct route_args *a, enum html_group_kind kind)
{
	enum html_font f = font_of(a->x);
	const char *name = a->seg[0];
	const char *what = kind == HTML_GROUP_SOURCE ? "source" : "section";
	struct http_query q = {0};
	if (strlen(name) > NAME_MAX_LEN || http_query_parse(a->x, &q)) {
		http_query_free(&q);
		send_error_page(a, f, 400, "Bad request",
				"This address is malformed.");
		return;
	}
	struct site s;
	struct ow_err err = {0};
	struct story_filter filt = {.limit = LIST_MAX};
	filt.cursor = http_query_get(&q, "cursor");
	if (kind == HTML_GROUP_SOURCE)
		filt.source = name;
	else
		filt.section = name;
	struct story_page page;
	if (!site_load(a, &s, f, &err) ||
	    store_list_stories(a->store, &filt, s.ar, &page, &err)) {
		store_failed(a, f, &err);
	} else if (!page.n && !filt.cursor) {
		char msg[96];
		snprintf(msg, sizeof msg,
			 "No story on the wire is filed under this %s.", what);
		page_send(a, f, 404,
			  html_error_page(&s.c, 404, "Page not found", msg));
	} else {
		struct html_group g = {kind, name, page.items, page.n};
		if (kind == HTML_GROUP_SECTION && page.n) {
			/* show the subject's name, also when asked by code */
			struct story full;
			struct ow_err e2 = {0};
			if (!store_get_story(a->store, page.items[0].id, s.ar,
					     &full, &e2))
				for (size_t i = 0; i < full.current->n_subjects;
				     i++) {
					const struct subject *sj =
						&full.current->subjects[i];
					if (sj->name && *sj->name &&
					    ((sj->code &&
					      !strcmp(sj->code, name)) ||
					     str_eq_ci(sj->name, name))) {
						g.name = sj->name;
						break;
					}
				}
		}
		page_send(a, f, 200, html_list_page(&s.c, &g, name, page.next));
	}
	site_free(&s);
	http_query_free(&q);
}

void route_section(const struct route_args *a)
{
	list_route(a, HTML_GROUP_SECTION);
}

void route_source(const struct route_args *a)
{
	list_route(a, HTML_GROUP_SOURCE);
}

/* Loads a story a reader may see into s->ar; answers 404/410 itself. */
static bool load_story(const struct route_args *a, struct site *s,
		       enum html_font f, struct story *st)
{
	int64_t id;
	struct ow_err err = {0};
	if (!route_parse_id(a->seg[0], &id)) {
		page_send(a, f, 404,
			  html_error_page(&s->c, 404, "Story not found",
					  "There is no story at this "
					  "address."));
		return false;
	}
	if (store_get_story(a->store, id, s->ar, st, &err)) {
		if (err.code == OW_ENOTFOUND)
			page_send(a, f, 404,
				  html_error_page(&s->c, 404, "Story not found",
						  "There is no story at this "
						  "address."));
		else
			store_failed(a, f, &err);
		return false;
	}
	if (st->sum.state == STORY_KILLED) {
		page_send(a, f, 410, html_gone_page(&s->c, st));
		return false;
	}
	if (st->sum.state != STORY_LIVE) {
		/* embargoed, held, advisory-only: not a story yet */
		page_send(a, f, 404,
			  html_error_page(&s->c, 404, "Story not found",
					  "There is no story at this "
					  "address."));
		return false;
	}
	return true;
}

/* The story's versions a reader may see (not those under embargo). */
static bool load_versions(const struct route_args *a, struct site *s,
			  int64_t id, struct version ***vs, size_t *n)
{
	struct ow_err err = {0};
	if (store_get_versions(a->store, id, s->ar, vs, n, &err))
		return false;
	int64_t now = server_now();
	size_t m = 0;
	for (size_t i = 0; i < *n; i++)
		if (version_released((*vs)[i], now))
			(*vs)[m++] = (*vs)[i];
	*n = m;
	return true;
}

/* A few other stories of the same section, then of the same source. */
static size_t related(const struct route_args *a, struct site *s,
		      const struct story *st, struct story_summary *out)
{
	size_t n = 0;
	struct story_filter f[2] = {{.limit = RELATED_MAX + 1},
				    {.limit = RELATED_MAX + 1}};
	f[0].section = html_story_section(st->current);
	f[1].source = st->sum.source;
	for (int k = 0; k < 2; k++) {
		struct story_page p;
		struct ow_err err = {0};
		if ((!f[k].section && !f[k].source) ||
		    store_list_stories(a->store, &f[k], s->ar, &p, &err))
			continue;
		for (size_t i = 0; i < p.n && n < RELATED_MAX; i++) {
			bool seen = p.items[i].id == st->sum.id;
			for (size_t j = 0; j < n && !seen; j++)
				seen = out[j].id == p.items[i].id;
			if (!seen)
				out[n++] = p.items[i];
		}
	}
	return n;
}

/* The other stories of its same-event cluster, other agencies first. */
static size_t also_reported(const struct route_args *a, struct site *s,
			    const struct story *st, struct story_summary *out)
{
	if (!st->sum.cluster)
		return 0;
	struct story_filter f = {.cluster = st->sum.cluster, .limit = 50};
	struct story_page p;
	struct ow_err err = {0};
	if (store_list_stories(a->store, &f, s->ar, &p, &err))
		return 0;
	size_t n = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < p.n && n < ALSO_MAX; i++) {
			const struct story_summary *x = &p.items[i];
			bool same = x->source && st->sum.source &&
				    !strcmp(x->source, st->sum.source);
			if (x->id != st->sum.id && same == (pass == 1))
				out[n++] = *x;
		}
	return n;
}

void route_story_page(const struct route_args *a)
{
	enum html_font f = font_of(a->x);
	struct site s;
	struct ow_err err = {0};
	struct story st;
	if (!site_load(a, &s, f, &err)) {
		store_failed(a, f, &err);
	} else if (load_story(a, &s, f, &st)) {
		struct version **vs = NULL;
		size_t nv = 0;
		struct story_summary rel[RELATED_MAX], also[ALSO_MAX];
		size_t nrel = related(a, &s, &st, rel);
		size_t nalso = also_reported(a, &s, &st, also);
		if (!load_versions(a, &s, st.sum.id, &vs, &nv))
			nv = 0;
		page_send(a, f, 200,
			  html_story_page(&s.c, &st, also, nalso, rel, nrel, vs,
					  nv));
	}
	site_free(&s);
}

void route_story_history_page(const struct route_args *a)
{
	enum html_font f = font_of(a->x);
	struct site s;
	struct ow_err err = {0};
	struct story st;
	if (!site_load(a, &s, f, &err)) {
		store_failed(a, f, &err);
	} else if (load_story(a, &s, f, &st)) {
		struct version **vs = NULL;
		size_t nv = 0;
		if (!load_versions(a, &s, st.sum.id, &vs, &nv))
			store_failed(a, f, &(struct ow_err){.code = OW_ESTORE});
		else
			page_send(a, f, 200,
				  html_history_page(&s.c, &st, vs, nv));
	}
	site_free(&s);
}

void route_search_page(const struct route_args *a)
{
	enum html_font f = font_of(a->x);
	struct http_query q = {0};
	if (http_query_parse(a->x, &q)) {
		http_query_free(&q);
		send_error_page(a, f, 400, "Bad request",
				"This address is malformed.");
		return;
	}
	const char *words = http_query_get(&q, "q");
	struct site s;
	struct ow_err err = {0};
	if (!site_load(a, &s, f, &err)) {
		store_failed(a, f, &err);
		site_free(&s);
		http_query_free(&q);
		return;
	}
	s.c.query = words;
	struct story_page page = {0};
	const char *problem = NULL;
	if (words && strlen(words) > NAME_MAX_LEN) {
		problem = "The search is too long: use fewer words.";
	} else if (words && !str_is_blank(words, strlen(words))) {
		struct story_filter filt = {.limit = LIST_MAX, .query = words};
		if (store_list_stories(a->store, &filt, s.ar, &page, &err))
			problem = err.code == OW_EINVAL
					  ? "Type one or more words to search "
					    "for."
					  : "Search is unavailable just now.";
	} else {
		words = NULL;
	}
	page_send(a, f, 200, html_search_page(&s.c, words, &page, problem));
	site_free(&s);
	http_query_free(&q);
}

/* GET /prefs/font?size=small|normal|large&back=/path: remembers the text
 * size in a cookie and goes back, only ever to a path of this site. The
 * front answers a good request on the loop thread; a bad one gets an error
 * page with the site's chrome (route_font_pref). */
bool route_font_pref_front(const struct route_args *a)
{
	struct http_query q = {0};
	enum html_font want;
	if (http_query_parse(a->x, &q) ||
	    !html_font_from_name(http_query_get(&q, "size"), &want)) {
		http_query_free(&q);
		return false;
	}
	const char *back = http_query_get(&q, "back");
	if (!html_safe_back(back))
		back = "/"; /* never another site: no open redirect */
	char cookie[96];
	snprintf(cookie, sizeof cookie,
		 "fs=%s; Path=/; Max-Age=31536000; SameSite=Lax",
		 html_font_name(want));
	http_add_header(a->x, "Set-Cookie", cookie);
	http_add_header(a->x, "Location", back);
	http_add_header(a->x, "Cache-Control", "no-store");
	http_add_header(a->x, "Content-Type", "text/plain; charset=utf-8");
	http_add_header(a->x, "X-Content-Type-Options", "nosniff");
	size_t n = strlen(back) + 6;
	char *body = malloc(n);
	if (body)
		snprintf(body, n, "See %s\n", back);
	http_reply(a->x, 303, body, body ? n - 1 : 0);
	free(body);
	http_query_free(&q);
	return true;
}

void route_font_pref(const struct route_args *a)
{
	if (route_font_pref_front(a))
		return;
	page_headers(a->x, csp_page);
	send_error_page(a, font_of(a->x), 400, "Unknown text size",
			"The text size is one of small, normal or large.");
}

/* GET /static/{name}: the compiled-in stylesheet and script only. Their
 * URLs carry the content hash (?v=), so they may be kept for a year. The
 * front serves them; anything else is a page-not-found (route_static). */
bool route_static_front(const struct route_args *a)
{
	const char *name = a->seg[0];
	const struct html_asset *as = NULL;
	if (!strcmp(name, "site.css") || !strcmp(name, "site.js"))
		as = html_asset_find(name);
	if (!as)
		return false;
	char etag[40];
	snprintf(etag, sizeof etag, "\"%s\"", as->hash);
	http_add_header(a->x, "ETag", etag);
	/* the pages ask for "?v=<hash>": that URL never changes content */
	const char *query = http_query_string(a->x);
	bool versioned = query && !strncmp(query, "v=", 2) &&
			 !strcmp(query + 2, as->hash);
	http_add_header(a->x, "Cache-Control",
			versioned ? "public, max-age=31536000, immutable"
				  : "public, max-age=86400");
	const char *inm = http_header(a->x, "If-None-Match");
	if (inm && (strstr(inm, etag) || !strcmp(inm, "*"))) {
		http_reply(a->x, 304, NULL, 0);
		return true;
	}
	http_send_bytes(a->x, 200, as->type, (const char *)as->data, as->len);
	return true;
}

void route_static(const struct route_args *a)
{
	if (route_static_front(a))
		return;
	page_headers(a->x, csp_page);
	send_error_page(a, font_of(a->x), 404, "Page not found",
			"There is nothing at this address.");
}

/* --------------------------------------------------------------- embed */

/* The ticker's items under the stream's filters (source, section,
 * priority, q); false after answering 400 for a bad filter. */
static bool embed_items(const struct route_args *a, struct arena *ar,
			struct html_filter *hf, struct story_page *out,
			struct http_query *q, struct ow_err *err)
{
	if (http_query_parse(a->x, q)) {
		http_send_error(a->x, 400, "bad_request",
				"the query string is malformed");
		return false;
	}
	hf->source = http_query_get(q, "source");
	hf->section = http_query_get(q, "section");
	hf->priority = http_query_get(q, "priority");
	hf->q = http_query_get(q, "q");
	/* one line per event unless collapse=none; read further down the
	 * wire to fill the lines after folding */
	const char *collapse = http_query_get(q, "collapse");
	bool by_event = !collapse || strcmp(collapse, "none");
	int want = by_event ? TICKER_MAX * 4 : TICKER_MAX;
	struct story_filter f = {.limit = want};
	f.source = hf->source && *hf->source ? hf->source : NULL;
	f.section = hf->section && *hf->section ? hf->section : NULL;
	f.query = hf->q && *hf->q ? hf->q : NULL;
	if (hf->priority && *hf->priority &&
	    !(f.priority = priority_from_name(hf->priority))) {
		http_send_error(a->x, 400, "bad_request",
				"priority must be one of flash, bulletin, "
				"urgent, routine, deferred");
		return false;
	}
	int rc = f.source || f.section || f.query || f.priority
			 ? store_list_stories(a->store, &f, ar, out, err)
			 : store_ticker(a->store, want, server_now(), ar, out,
					err);
	if (!rc && by_event)
		rc = store_collapse_events(out, TICKER_MAX, ar);
	else if (!rc && out->n > TICKER_MAX)
		out->n = TICKER_MAX;
	if (rc) {
		route_store_error(a->x, err);
		return false;
	}
	return true;
}

/* The embed's front: the embed's headers, then the cache. */
bool route_embed_ticker_front(const struct route_args *a)
{
	page_headers(a->x, csp_embed);
	return cache_serve(a->srv->cache, a->x, NULL, a->seq, server_now());
}

void route_embed_ticker(const struct route_args *a)
{
	struct arena *ar = arena_new();
	struct http_query q = {0};
	struct html_filter hf = {0};
	struct story_page p;
	struct ow_err err = {0};
	if (ar && embed_items(a, ar, &hf, &p, &q, &err))
		page_send(a, HTML_FONT_NORMAL, 200,
			  html_embed_page(&p, a->seq, &hf));
	else if (!ar)
		page_send(a, HTML_FONT_NORMAL, 500, NULL);
	http_query_free(&q);
	arena_free(ar);
}

bool route_embed_script_front(const struct route_args *a)
{
	http_add_header(a->x, "Access-Control-Allow-Origin", "*");
	return cache_serve(a->srv->cache, a->x, NULL, a->seq, server_now());
}

void route_embed_script(const struct route_args *a)
{
	struct arena *ar = arena_new();
	struct http_query q = {0};
	struct html_filter hf = {0};
	struct story_page p;
	struct ow_err err = {0};
	if (ar && embed_items(a, ar, &hf, &p, &q, &err)) {
		char *js = html_embed_script(&p, a->seq);
		if (js)
			cache_send(a->srv->cache, a->x, NULL, a->seq,
				   server_now(), 200,
				   "text/javascript; charset=utf-8", js,
				   strlen(js), a->seq_at);
		else
			http_send_error(a->x, 500, "internal", "out of memory");
		free(js);
	} else if (!ar) {
		http_send_error(a->x, 500, "internal", "out of memory");
	}
	http_query_free(&q);
	arena_free(ar);
}

/* ------------------------------------------------------------ not found */

/* The HTML 404 for paths no route knows outside /api/ (the dispatcher's
 * fallback for GET and HEAD). */
void route_site_not_found(const struct route_args *a)
{
	enum html_font f = font_of(a->x);
	page_headers(a->x, csp_page);
	send_error_page(a, f, 404, "Page not found",
			"There is nothing at this address.");
}
