/* Unit tests for search: the query language (src/search/search.c: trees,
 * canonical form, every error's position and message), marks to HTML, the
 * SQLite compilation to FTS5, and store_search on a real file: stemming,
 * accents, phrases, prefixes, scopes, NOT, filters, facets, totals, cursors
 * that walk every hit once, and a few thousand hostile queries that must
 * parse-and-run or fail as 400s, never as a store error. */
#include "render/search_results.h"
#include "search/search.h"
#include "store/store.h"

#include "test.h"
#include "test_db.h"

#include <stdlib.h>
#include <unistd.h>

char *sq_search_compile(const struct search_node *n); /* sqlite_search.c */

static const char *dbpath;

/* ----------------------------------------------------------------- parse */

static const char *canon(struct arena *a, const char *q)
{
	struct search_node *n;
	struct ow_err err = {0};
	if (search_parse(q, strlen(q), a, &n, &err))
		return arena_printf(a, "ERR@%zu %s",
				    search_char_pos(q, err.offset), err.msg);
	return search_format(n, a);
}

static const char *fts(struct arena *a, const char *q)
{
	struct search_node *n;
	struct ow_err err = {0};
	if (search_parse(q, strlen(q), a, &n, &err))
		return "ERR";
	char *m = sq_search_compile(n);
	const char *out = arena_strdup(a, m);
	free(m);
	return out;
}

static void test_grammar(void)
{
	struct arena *a = arena_new();
	CHECK_STR(canon(a, "oil"), "oil");
	CHECK_STR(canon(a, "oil prices"), "oil AND prices");
	CHECK_STR(canon(a, "oil AND prices"), "oil AND prices");
	CHECK_STR(canon(a, "oil OR gas prices"), "oil OR (gas AND prices)");
	CHECK_STR(canon(a, "(oil OR gas) prices"), "(oil OR gas) AND prices");
	CHECK_STR(canon(a, "oil NOT gas"), "oil AND NOT gas");
	CHECK_STR(canon(a, "oil -gas -opec"), "oil AND NOT gas AND NOT opec");
	CHECK_STR(canon(a, "\"crude oil\" price*"), "\"crude oil\" AND price*");
	CHECK_STR(canon(a, "headline:bank"), "headline:bank");
	CHECK_STR(canon(a, "headline:(bank OR rates) slug:\"ECON Rates\""),
		  "headline:(bank OR rates) AND slug:\"ECON Rates\"");
	CHECK_STR(canon(a, "byline:osei place:miraval source:reuters"),
		  "byline:osei AND place:miraval AND source:reuters");
	CHECK_STR(canon(a, "a AND (b AND c)"), "a AND b AND c");
	CHECK_STR(canon(a, "NOT NOT oil"), "oil");
	CHECK_STR(canon(a, "oil -(gas OR coal)"), "oil AND NOT (gas OR coal)");
	/* lowercase operators are words; punctuation alone is no word */
	CHECK_STR(canon(a, "oil and gas"), "oil AND and AND gas");
	CHECK_STR(canon(a, "oil & gas - coal"), "oil AND gas AND coal");
	CHECK_STR(canon(a, "+oil U.S."), "oil AND U.S.");
	CHECK_STR(canon(a, "price \xe2\x82\xac"), "price"); /* the euro sign */
	CHECK_STR(canon(a, "M\xc3\xbcller"), "M\xc3\xbcller");
	CHECK_STR(canon(a, "3:30 oil-price"), "\"3:30\" AND oil-price");
	arena_free(a);
}

static void test_errors(void)
{
	struct arena *a = arena_new();
	static const struct {
		const char *q, *want;
	} cases[] = {
		{"", "ERR@1 the query has no words"},
		{"   & - ", "ERR@1 the query has no words"},
		{"(oil", "ERR@1 unclosed \"(\" at position 1"},
		{"oil)", "ERR@4 unmatched \")\" at position 4"},
		{"oil ()", "ERR@5 empty parentheses at position 5"},
		{"\"crude oil", "ERR@1 unclosed quote at position 1"},
		{"\"\" oil", "ERR@1 empty phrase at position 1"},
		{"oil OR", "ERR@7 unexpected end of query at position 7"},
		{"oil AND OR gas", "ERR@9 unexpected \"OR\" at position 9"},
		{"NOT oil", "ERR@1 nothing to exclude from at position 1"},
		{"-oil -gas", "ERR@1 only exclusions at position 1"},
		{"oil OR -gas", "ERR@8 nothing to exclude from at position 8"},
		{"a*", "ERR@1 prefix too short at position 1"},
		{"oil a*b", "ERR@6 \"*\" inside a word at position 6"},
		{"oil *", "ERR@5 \"*\" without a word at position 5"},
		{"foo:bar", "ERR@1 unknown field \"foo\" at position 1"},
		{"headline: oil",
		 "ERR@10 space after \"headline:\" at position "
		 "10"},
		{"headline:(slug:x)", "ERR@11 nested field at position 11"},
		{"headline:OR", "ERR@10 unexpected \"OR\" at position 10"},
		{"\xc3\xa9t\xc3\xa9 (", "ERR@5 unclosed \"(\" at position 5"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *got = canon(a, cases[i].q);
		if (strncmp(got, cases[i].want, strlen(cases[i].want))) {
			fprintf(stderr, "%s: %s\n  got  %s\n  want %s...\n",
				test_current, cases[i].q, got, cases[i].want);
			test_failures++;
		}
	}
	/* every message says what was expected */
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		CHECK(strstr(canon(a, cases[i].q), "expected"));
	/* bounds */
	char big[SEARCH_MAX_QUERY + 2];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	struct search_node *n;
	struct ow_err err = {0};
	CHECK_INT(search_parse(big, strlen(big), a, &n, &err), OW_ETOOBIG);
	struct buf b;
	buf_init(&b, 4096);
	for (int i = 0; i < SEARCH_MAX_DEPTH + 1; i++)
		buf_putc(&b, '(');
	buf_putc(&b, 'x');
	CHECK_INT(search_parse(b.p, b.len, a, &n, &err), OW_ETOOBIG);
	buf_reset(&b);
	for (int i = 0; i < SEARCH_MAX_TERMS + 1; i++)
		buf_puts(&b, "ab ");
	CHECK_INT(search_parse(b.p, b.len, a, &n, &err), OW_ETOOBIG);
	buf_free(&b);
	CHECK_INT(search_parse("a\0b", 3, a, &n, &err), OW_EPARSE);
	arena_free(a);
}

static void test_compile(void)
{
	struct arena *a = arena_new();
	CHECK_STR(fts(a, "oil"), "\"oil\"");
	CHECK_STR(fts(a, "oil prices"), "(\"oil\" AND \"prices\")");
	CHECK_STR(fts(a, "oil -gas"), "((\"oil\") NOT (\"gas\"))");
	CHECK_STR(fts(a, "talk*"), "\"talk\" *");
	CHECK_STR(fts(a, "headline:(a1 OR b2)"),
		  "{headline} : ((\"a1\" OR \"b2\"))");
	CHECK_STR(fts(a, "oil -headline:gas"),
		  "((\"oil\") NOT ({headline} : (\"gas\")))");
	/* FTS5 syntax typed by a reader stays inside quoted strings */
	CHECK_STR(fts(a, "NEAR(a1 b2) ^oil"),
		  "(\"NEAR\" AND \"a1\" AND \"b2\" AND \"^oil\")");
	CHECK_STR(fts(a, "x'; DROP TABLE story; --"),
		  "(\"x';\" AND \"DROP\" AND \"TABLE\" AND \"story;\")");
	arena_free(a);
}

static void test_marks(void)
{
	struct buf b;
	buf_init(&b, 4096);
	search_marks_html(&b, "a \x02<b>\x03 & \"q\" 'x'");
	CHECK_STR(b.p,
		  "a <mark>&lt;b&gt;</mark> &amp; &quot;q&quot; &#39;x&#39;");
	buf_reset(&b);
	search_marks_html(&b, "\x03stray \x02open\x02 twice\x01\n");
	CHECK_STR(b.p, "stray <mark>open twice  </mark>");
	buf_reset(&b);
	search_marks_plain(&b, "\x02oil\x03 prices");
	CHECK_STR(b.p, "oil prices");
	buf_reset(&b);
	search_marks_term(&b, "\x02oil\x03", "[", "]");
	CHECK_STR(b.p, "[oil]");
	buf_free(&b);
}

/* The site's fragment: everything escaped, marks as <mark>, links built
 * from the parameters with every value URL-encoded. */
static void test_render_html(void)
{
	struct search_hit h = {0};
	h.sum.id = 42;
	h.sum.source = "A&B <Wire>";
	h.sum.headline = "x";
	h.sum.versioncreated = 1420876800;
	h.headline_marked = "<script>\x02oil\x03</script>";
	h.snippet_marked = "\"q\" \x02prices\x03 & more";
	struct facet_count src[] = {{"A&B <Wire>", 3}};
	struct facet_count day[] = {{"2015-01-10", 2}};
	struct search_result r = {.hits = &h,
				  .n = 1,
				  .total = 12400,
				  .total_exact = false,
				  .next = "cAB-_x"};
	r.sources = (struct facet){src, 1};
	r.days = (struct facet){day, 1};
	struct search_params p = {.q = "oil \"x\"&y", .sort = "time"};
	struct buf b;
	buf_init(&b, 1 << 16);
	render_search_html(&b, &r, "/search", &p);
	CHECK(strstr(b.p, "About 12,400 stories match."));
	CHECK(strstr(b.p, "<a href=\"/stories/42\">&lt;script&gt;<mark>oil"
			  "</mark>&lt;/script&gt;</a>"));
	CHECK(strstr(b.p, "&quot;q&quot; <mark>prices</mark> &amp; more"));
	CHECK(strstr(b.p, "A&amp;B &lt;Wire&gt; &middot;"));
	CHECK(strstr(b.p, "href=\"/search?q=oil%20%22x%22%26y&amp;source=A%26B"
			  "%20%3CWire%3E&amp;sort=time\""));
	CHECK(strstr(b.p, "since=2015-01-10T00%3A00%3A00Z&amp;until=2015-01-"
			  "11T00%3A00%3A00Z"));
	CHECK(strstr(b.p, "<a rel=\"next\" href=\"/search?q=oil%20%22x%22%26y"
			  "&amp;sort=time&amp;cursor=cAB-_x\">"));
	CHECK(strstr(b.p, "Counts are estimates."));
	CHECK(!strstr(b.p, "<script>"));
	buf_free(&b);
	/* the API's error shape */
	struct ow_err e = {0};
	ow_err_set(&e, OW_EPARSE, "unexpected");
	e.offset = 3;
	json_t *j = render_search_error("\xc3\xa9t\xc3\xa9 (", &e);
	CHECK_INT(json_integer_value(json_object_get(j, "position")), 3);
	json_decref(j);
}

/* ----------------------------------------------------------------- store */

static struct store *open_store(void)
{
	struct store *s = NULL;
	struct ow_err err = {0};
	if (store_open(dbpath, NULL, &s, &err)) {
		fprintf(stderr, "open: %s\n", err.msg);
		exit(1);
	}
	return s;
}

static int64_t put(struct store *s, struct arena *a, const char *source,
		   const char *slug, const char *headline, const char *lede,
		   const char *body, int64_t t, const char *section)
{
	struct version *v = version_new(a);
	v->format = "test";
	v->source = source;
	v->slug = slug;
	v->headline = headline;
	v->language = "en";
	v->versioncreated = t;
	v->priority = PRIORITY_ROUTINE;
	if (section) {
		v->subjects = arena_alloc(a, sizeof *v->subjects);
		v->subjects[0].name = section;
		v->n_subjects = 1;
	}
	version_add_para(a, v, PARA_TEXT, lede, strlen(lede));
	if (body)
		version_add_para(a, v, PARA_TEXT, body, strlen(body));
	version_count_words(v);
	struct raw_input raw = {"raw", 3, "test", "test", t};
	struct ingest_item it = {0};
	struct ow_err err = {0};
	CHECK_INT(store_ingest(s, &raw, &v, 1, t, &it, NULL, &err), 0);
	return it.story_id;
}

static int search(struct store *s, struct arena *a, const char *q,
		  struct store_search *o, struct search_result *r)
{
	struct search_node *n;
	struct ow_err err = {0};
	int rc = search_parse(q, strlen(q), a, &n, &err);
	if (rc)
		return rc;
	o->query = n;
	rc = store_search(s, o, a, r, &err);
	if (rc)
		fprintf(stderr, "%s: search %s: %s\n", test_current, q,
			err.msg);
	return rc;
}

/* The ids of a search's first page, as "1,2,3". */
static const char *ids(struct store *s, struct arena *a, const char *q)
{
	struct store_search o = {.limit = 100};
	struct search_result r;
	if (search(s, a, q, &o, &r))
		return "ERR";
	struct buf b;
	buf_init(&b, 4096);
	buf_puts(&b, "");
	for (size_t i = 0; i < r.n; i++)
		buf_printf(&b, "%s%lld", i ? "," : "",
			   (long long)r.hits[i].sum.id);
	const char *out = arena_strdup(a, b.p);
	buf_free(&b);
	return out;
}

static void test_store_text(void)
{
	struct store *s = open_store();
	struct arena *a = arena_new();
	int64_t t = 1700000000;
	int64_t m = put(s, a, "Wire A", "ECON-talks", "Talks on trade resume",
			"Minister M\xc3\xbcller said talks would resume.",
			"Nothing else.", t, "economy");
	int64_t o = put(s, a, "Wire B", "OIL-1", "Oil prices climb",
			"Crude oil prices rose on Monday.",
			"Traders talked of supply.", t + 60, "energy");
	int64_t g =
		put(s, a, "Wire A", "GAS-1", "Gas shortage",
		    "Gas supplies fell.", "Oil was steady.", t + 120, "energy");
	char want[64];
	/* case, accents, English stems */
	snprintf(want, sizeof want, "%lld", (long long)m);
	CHECK_STR(ids(s, a, "muller"), want);
	CHECK_STR(ids(s, a, "M\xc3\x9cLLER"), want);
	CHECK_STR(ids(s, a, "minister TALK"), want);
	/* a phrase is in order; its words alone need not be */
	snprintf(want, sizeof want, "%lld", (long long)o);
	CHECK_STR(ids(s, a, "\"crude oil\""), want);
	CHECK_STR(ids(s, a, "\"oil crude\""), "");
	/* headline above body */
	snprintf(want, sizeof want, "%lld,%lld", (long long)o, (long long)g);
	CHECK_STR(ids(s, a, "oil"), want);
	/* scopes, prefixes, NOT */
	snprintf(want, sizeof want, "%lld", (long long)o);
	CHECK_STR(ids(s, a, "headline:oil"), want);
	CHECK_STR(ids(s, a, "slug:oil"), want);
	CHECK_STR(ids(s, a, "source:\"wire b\""), want);
	CHECK_STR(ids(s, a, "oil -gas"), want);
	CHECK_STR(ids(s, a, "oil NOT headline:gas"), want);
	snprintf(want, sizeof want, "%lld,%lld", (long long)m, (long long)o);
	CHECK_STR(ids(s, a, "talk*"), want);
	/* hostile text is only ever words */
	CHECK_STR(ids(s, a, "oil'; DROP TABLE story_fts; --"), "");
	CHECK_STR(canon(a, "oil'); DROP TABLE story_fts; --"),
		  "ERR@5 unmatched \")\" at position 5: expected an operator "
		  "or the end");
	CHECK_STR(ids(s, a, "NEAR(oil prices) {headline}"), "");
	/* marks and snippets */
	struct store_search q = {.limit = 5};
	struct search_result r;
	CHECK_INT(search(s, a, "oil", &q, &r), 0);
	CHECK_STR(r.hits[0].headline_marked, "\x02Oil\x03 prices climb");
	CHECK(r.hits[0].snippet_marked &&
	      strstr(r.hits[0].snippet_marked, "\x02oil\x03"));
	CHECK(r.hits[0].score > r.hits[1].score);
	CHECK_STR(r.hits[1].snippet_marked, "\x02Oil\x03 was steady.");
	arena_free(a);
	store_close(s);
}

static void test_store_filters(void)
{
	struct store *s = open_store();
	struct arena *a = arena_new();
	int64_t t = 1710000000; /* 2024-03-09T16:00:00Z */
	int64_t id[30];
	for (int i = 0; i < 30; i++) {
		char slug[32], head[64];
		snprintf(slug, sizeof slug, "HARBOUR-%d", i);
		snprintf(head, sizeof head, "Harbour strike day %d", i);
		id[i] = put(s, a, i % 3 ? "Wire C" : "Wire D", slug, head,
			    "Dockers stayed out at the harbour.", NULL,
			    t + i * 3600, i % 2 ? "labour" : "transport");
	}
	struct store_search q = {
		.limit = 7, .facets = true, .sort = STORE_SORT_TIME};
	struct search_result r;
	CHECK_INT(search(s, a, "harbour dockers", &q, &r), 0);
	CHECK_INT(r.total, 30);
	CHECK(r.total_exact && r.facets_exact);
	CHECK_INT(r.hits[0].sum.id, id[29]);
	CHECK_INT(r.sources.n, 2);
	CHECK_STR(r.sources.v[0].value, "Wire C");
	CHECK_INT(r.sources.v[0].n, 20);
	CHECK_INT(r.sections.n, 2);
	CHECK_INT(r.sections.v[0].n + r.sections.v[1].n, 30);
	CHECK_INT(r.days.n, 2);
	CHECK_STR(r.days.v[0].value, "2024-03-10");
	CHECK_INT(r.days.v[0].n + r.days.v[1].n, 30);
	/* walking the cursor visits every hit once, in order */
	for (int sort = 0; sort < 2; sort++) {
		struct store_search w = {.limit = 7,
					 .sort = (enum store_sort)sort};
		int seen[30] = {0}, n = 0;
		const char *cur = NULL;
		do {
			w.cursor = cur;
			CHECK_INT(search(s, a, "harbour", &w, &r), 0);
			for (size_t i = 0; i < r.n; i++)
				for (int k = 0; k < 30; k++)
					if (r.hits[i].sum.id == id[k]) {
						seen[k]++;
						n++;
					}
			cur = r.next;
		} while (cur && n < 100);
		CHECK_INT(n, 30);
		for (int k = 0; k < 30; k++)
			CHECK_INT(seen[k], 1);
	}
	/* a cursor belongs to its search */
	struct store_search w = {.limit = 7};
	CHECK_INT(search(s, a, "harbour", &w, &r), 0);
	CHECK(r.next != NULL);
	w.cursor = r.next;
	w.source = "Wire C";
	struct search_node *n;
	struct ow_err err = {0};
	CHECK_INT(search_parse("harbour", 7, a, &n, &err), 0);
	w.query = n;
	CHECK_INT(store_search(s, &w, a, &r, &err), OW_EINVAL);
	w.cursor = "nonsense";
	CHECK_INT(store_search(s, &w, a, &r, &err), OW_EINVAL);
	/* filters */
	struct store_search f = {.limit = 100, .source = "Wire D"};
	CHECK_INT(search(s, a, "harbour", &f, &r), 0);
	CHECK_INT(r.total, 10);
	f = (struct store_search){.limit = 100, .section = "LABOUR"};
	CHECK_INT(search(s, a, "harbour", &f, &r), 0);
	CHECK_INT(r.total, 15);
	f = (struct store_search){
		.limit = 100, .since = t + 10 * 3600, .until = t + 20 * 3600};
	CHECK_INT(search(s, a, "harbour", &f, &r), 0);
	CHECK_INT(r.total, 10);
	f = (struct store_search){.limit = 100, .language = "EN"};
	CHECK_INT(search(s, a, "harbour", &f, &r), 0);
	CHECK_INT(r.total, 30);
	f = (struct store_search){.limit = 100, .language = "fr"};
	CHECK_INT(search(s, a, "harbour", &f, &r), 0);
	CHECK_INT(r.total, 0);
	f = (struct store_search){.limit = 100, .priority = PRIORITY_URGENT};
	CHECK_INT(search(s, a, "harbour", &f, &r), 0);
	CHECK_INT(r.total, 0);
	arena_free(a);
	store_close(s);
}

/* Random queries from the characters and words that matter to a query
 * parser and to FTS5: each either fails to parse (a 400) or runs. */
static void test_hostile(void)
{
	struct store *s = open_store();
	struct arena *a = arena_new();
	static const char *const bits[] = {
		"oil",   "\"",        "(",     ")",        "-",
		"*",     ":",         "AND",   "OR",       "NOT",
		"NEAR",  "^",         "{",     "}",        "'",
		";",     "headline:", "slug:", "x:",       " ",
		"+",     "\\",        "%",     "\xc3\xa9", "\xe2\x80\x9c",
		"\xff",  ",",         "ab*",   "\x01",     "rank",
		"MATCH", "--"};
	unsigned seed = 1312;
	int parsed = 0;
	for (int i = 0; i < 3000; i++) {
		struct buf qb;
		buf_init(&qb, 256);
		buf_puts(&qb, "");
		int k = 1 +
			(int)((seed = seed * 1103515245u + 12345u) >> 16) % 9;
		for (int j = 0; j < k; j++) {
			seed = seed * 1103515245u + 12345u;
			buf_puts(&qb, bits[(seed >> 16) %
					   (sizeof bits / sizeof *bits)]);
		}
		const char *q = arena_strdup(a, qb.p);
		buf_free(&qb);
		struct search_node *n;
		struct ow_err err = {0};
		if (search_parse(q, strlen(q), a, &n, &err)) {
			CHECK(err.code == OW_EPARSE || err.code == OW_ETOOBIG);
			CHECK(err.offset <= strlen(q));
			continue;
		}
		parsed++;
		struct store_search o = {.query = n, .facets = true};
		struct search_result r;
		int rc = store_search(s, &o, a, &r, &err);
		if (rc) {
			fprintf(stderr, "%s: query [%s]: %s\n", test_current, q,
				err.msg);
			test_failures++;
		}
	}
	CHECK(parsed > 300);
	arena_free(a);
	store_close(s);
}

int main(void)
{
	dbpath = test_db_open("search", "/tmp/offwire-test-search-%d.db");
	RUN(test_grammar);
	RUN(test_errors);
	RUN(test_compile);
	RUN(test_marks);
	RUN(test_render_html);
	RUN(test_store_text);
	RUN(test_store_filters);
	RUN(test_hostile);
	test_db_close();
	return TEST_REPORT();
}
