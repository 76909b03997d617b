/* Search on SQLite: the query tree (search/search.h) compiled to an FTS5
 * match expression that is bound as a parameter, ranked by BM25 with field
 * weights, filtered and counted through the small search_doc table, and the
 * page's hits read back with their highlighted headline and snippet.
 *
 * Every statement runs in one read transaction, so a page, its counts and
 * its stories are one snapshot of the wire. The index holds live stories
 * only (sqlite_fts.c); the hits are checked against story.state again. */
#include "store/sqlite/sqlite_search_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The FTS5 columns, in table order, and the BM25 weight of each: a match in
 * the headline counts four times one in the body, the lede (first
 * paragraph) twice; docs/search.md says why. */
static const double weights[] = {
	4.0, /* headline */
	2.0, /* lede */
	1.0, /* body */
	2.0, /* slug */
	1.0, /* byline */
	1.0, /* place */
	0.5, /* source */
};

#define SNIPPET_TOKENS 24
#define OW_STR2(x) #x
#define OW_STR(x) OW_STR2(x)
#define FACET_DAYS 31 /* newest days kept in the day facet */

/* --------------------------------------------------------------- filters */

/* The WHERE terms every statement of one search shares (search_doc d, the
 * FTS row f), with named parameters bound by bind_filters. */
static void put_filters(struct buf *b, const struct store_search *q,
			int64_t since_id)
{
	buf_puts(b, "f.story_fts MATCH :match");
	if (q->source)
		buf_puts(b, " AND d.source = :source");
	if (q->language)
		buf_puts(b, " AND (d.language = :lang COLLATE NOCASE OR "
			    "d.language LIKE :lang || '-%')");
	if (q->priority)
		buf_puts(b, " AND d.priority BETWEEN 1 AND :priority");
	if (q->since)
		buf_puts(b, " AND d.vtime >= :since");
	if (q->until)
		buf_puts(b, " AND d.vtime < :until");
	if (q->since && since_id > 0)
		buf_puts(b, " AND f.rowid >= :since_id");
	if (q->section)
		buf_puts(b, " AND instr(d.section_keys, :section_key) > 0");
}

static void bind_name_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i && v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static void bind_name_i64(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i)
		sqlite3_bind_int64(st, i, v);
}

static void bind_filters(sqlite3_stmt *st, const struct store_search *q,
			 const char *match, int64_t since_id)
{
	bind_name_i64(st, ":since_id", since_id);
	bind_name_text(st, ":match", match);
	bind_name_text(st, ":source", q->source);
	bind_name_text(st, ":lang", q->language);
	if (q->section) {
		/* "\x1ename\x1e", lowercased as the keys are (sqlite_fts.c) */
		int i = sqlite3_bind_parameter_index(st, ":section_key");
		size_t n = strlen(q->section);
		char *k = i ? sqlite3_malloc64(n + 3) : NULL;
		if (k) {
			k[0] = '\x1e';
			for (size_t j = 0; j < n; j++) {
				char c = q->section[j];
				k[j + 1] = c >= 'A' && c <= 'Z'
						   ? (char)(c - 'A' + 'a')
						   : c;
			}
			k[n + 1] = '\x1e';
			k[n + 2] = '\0';
			sqlite3_bind_text(st, i, k, -1, sqlite3_free);
		}
	}
	bind_name_i64(st, ":priority", (int64_t)q->priority);
	bind_name_i64(st, ":since", q->since);
	bind_name_i64(st, ":until", q->until);
}

/* One search's state: the store, the statements' log for debug. */
struct run {
	struct sqlite_store *s;
	const struct store_search *q;
	const char *match;
	struct phrases ph;
	int64_t df[SEARCH_MAX_TERMS]; /* documents each phrase matches */
	int64_t since_id; /* no story from `since` on has a smaller id; 0 */
	struct arena *a;
	struct buf log; /* with q->debug: every statement, values bound */
	struct ow_err *err;
};

static sqlite3_stmt *prepare(struct run *r, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(r->s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		sq_fail(r->s, r->err, "preparing search");
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* Notes the statement as it will run (after binding). */
static void logged(struct run *r, sqlite3_stmt *st)
{
	if (!r->q->debug)
		return;
	char *x = sqlite3_expanded_sql(st);
	if (x) {
		buf_puts(&r->log, x);
		buf_puts(&r->log, ";\n");
		sqlite3_free(x);
	}
}

/* Fills r->df: each phrase's document count, from the store's table when
 * it is fresh, else counted (and kept). Excluded phrases match no hit, so
 * their count never matters. */
static int doc_counts(struct run *r)
{
	sqlite3_stmt *st = prepare(r, "SELECT coalesce(max(id), 0) FROM "
				      "search_doc");
	if (!st)
		return r->err->code;
	logged(r, st);
	int64_t newest = sqlite3_step(st) == SQLITE_ROW
				 ? sqlite3_column_int64(st, 0)
				 : 0;
	sqlite3_finalize(st);
	sqlite3_stmt *count = NULL;
	int rc = 0;
	for (int i = 0; !rc && i < r->ph.n; i++) {
		r->df[i] = 0;
		if (r->ph.excluded[i] ||
		    sq_df_get(r->s, r->ph.expr[i], newest, &r->df[i]))
			continue;
		if (!count &&
		    !(count = prepare(r, "/* document count */ SELECT count(*) "
					 "FROM story_fts WHERE story_fts "
					 "MATCH ?"))) {
			rc = r->err->code;
			break;
		}
		sqlite3_reset(count);
		sqlite3_bind_text(count, 1, r->ph.expr[i], -1, SQLITE_STATIC);
		logged(r, count);
		if (sqlite3_step(count) != SQLITE_ROW) {
			rc = sq_fail(r->s, r->err, "counting a phrase");
			break;
		}
		r->df[i] = sqlite3_column_int64(count, 0);
		if (sq_df_put(r->s, r->ph.expr[i], r->df[i], newest))
			rc = ow_err_set(r->err, OW_ENOMEM, "out of memory");
	}
	sqlite3_finalize(count);
	return rc;
}

/* "?,?,...,?" for n values (n >= 1). */
static void put_params(struct buf *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_puts(b, i ? ",?" : "?");
}

static struct search_hit *hit_of(struct search_result *out, int64_t id)
{
	for (size_t i = 0; i < out->n; i++)
		if (out->hits[i].sum.id == id)
			return &out->hits[i];
	return NULL;
}

/* The page's story lines, and their highlighted headlines and snippets,
 * each in one statement for the whole page. The text statement runs the
 * match once over the page's rowid range (+rowid keeps SQLite from turning
 * the IN list into one FTS5 lookup per hit, each of which would set the
 * match up again: a prefix query's setup alone costs milliseconds). */
static int read_hits(struct run *r, struct search_result *out)
{
	if (!out->n)
		return 0;
	int64_t lo = out->hits[0].sum.id, hi = lo;
	for (size_t i = 1; i < out->n; i++) {
		int64_t id = out->hits[i].sum.id;
		lo = id < lo ? id : lo;
		hi = id > hi ? id : hi;
	}
	struct buf b;
	buf_init(&b, 16384);
	/* the state is checked below: in the WHERE clause it would lead the
	 * planner to walk every live story by the state index */
	buf_puts(&b, "SELECT " SQ_STORY_COLUMNS ", language FROM story "
		     "WHERE id IN (");
	put_params(&b, out->n);
	buf_puts(&b, ")");
	sqlite3_stmt *line = b.err ? NULL : prepare(r, b.p);
	buf_reset(&b);
	buf_printf(
		&b,
		"SELECT rowid, highlight(story_fts, 0, char(2), char(3)), "
		"snippet(story_fts, 1, char(2), char(3), '\xe2\x80\xa6', %d), "
		"snippet(story_fts, 2, char(2), char(3), '\xe2\x80\xa6', %d) "
		"FROM story_fts WHERE story_fts MATCH ? AND rowid BETWEEN ? "
		"AND ? AND +rowid IN (",
		SNIPPET_TOKENS, SNIPPET_TOKENS);
	put_params(&b, out->n);
	buf_puts(&b, ")");
	sqlite3_stmt *text = line && !b.err ? prepare(r, b.p) : NULL;
	buf_free(&b);
	if (!line || !text) {
		sqlite3_finalize(line);
		return r->err->code
			       ? r->err->code
			       : ow_err_set(r->err, OW_ENOMEM, "out of memory");
	}
	sqlite3_bind_text(text, 1, r->match, -1, SQLITE_STATIC);
	sqlite3_bind_int64(text, 2, lo);
	sqlite3_bind_int64(text, 3, hi);
	for (size_t i = 0; i < out->n; i++) {
		sqlite3_bind_int64(line, (int)i + 1, out->hits[i].sum.id);
		sqlite3_bind_int64(text, (int)i + 4, out->hits[i].sum.id);
	}
	bool *live = arena_alloc(r->a, out->n * sizeof *live);
	int rc = live ? 0 : ow_err_set(r->err, OW_ENOMEM, "out of memory");
	int step;
	logged(r, line);
	while (!rc && (step = sqlite3_step(line)) == SQLITE_ROW) {
		struct search_hit *h =
			hit_of(out, sqlite3_column_int64(line, 0));
		if (!h)
			continue;
		double score = h->score;
		sq_read_summary(r->a, line, &h->sum);
		h->language = sq_col_text(r->a, line, SQ_STORY_NCOLUMNS);
		h->score = score;
		live[h - out->hits] = h->sum.state == STORY_LIVE;
	}
	if (!rc && step != SQLITE_DONE)
		rc = sq_fail(r->s, r->err, "reading hits");
	logged(r, text);
	while (!rc && (step = sqlite3_step(text)) == SQLITE_ROW) {
		struct search_hit *h =
			hit_of(out, sqlite3_column_int64(text, 0));
		if (!h)
			continue;
		h->headline_marked = sq_col_text(r->a, text, 1);
		/* the lede's passage if the query matched there, else the
		 * body's if it did, else the start of the lede */
		const char *lede = sq_col_text(r->a, text, 2);
		const char *body = sq_col_text(r->a, text, 3);
		bool in_lede = lede && strchr(lede, SEARCH_MARK_OPEN);
		bool in_body = body && strchr(body, SEARCH_MARK_OPEN);
		h->snippet_marked = in_lede || !in_body ? lede : body;
		if (!h->snippet_marked || !*h->snippet_marked)
			h->snippet_marked = body;
	}
	if (!rc && step != SQLITE_DONE)
		rc = sq_fail(r->s, r->err, "reading snippets");
	sqlite3_finalize(line);
	sqlite3_finalize(text);
	/* the index holds live stories only; a hit whose story is not live
	 * (never seen) is dropped rather than shown */
	size_t m = 0;
	for (size_t i = 0; !rc && i < out->n; i++)
		if (live[i])
			out->hits[m++] = out->hits[i];
	if (!rc)
		out->n = m;
	return rc;
}

/* ---------------------------------------------------------------- counts */

/* A small counting table of strings: open addressing, FNV-1a, a power of
 * two slots, doubled when half full up to TALLY_MAX slots; past that it
 * counts what it holds and takes no new values (only copy with thousands of
 * distinct sections gets there). */
#define TALLY_MIN 64
#define TALLY_MAX 16384
struct tally {
	struct facet_count *slot;
	size_t cap, n;
};

static int tally_init(struct tally *t, struct arena *a, size_t cap)
{
	t->slot = arena_alloc(a, cap * sizeof *t->slot);
	t->cap = cap;
	t->n = 0;
	return t->slot ? 0 : OW_ENOMEM;
}

static uint32_t hash_of(const char *v, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)v[i]) * 16777619u;
	return h;
}

static int tally_grow(struct tally *t, struct arena *a)
{
	struct tally g;
	if (tally_init(&g, a, t->cap * 2))
		return OW_ENOMEM;
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->slot[i].value)
			continue;
		size_t k = hash_of(t->slot[i].value, strlen(t->slot[i].value)) &
			   (g.cap - 1);
		while (g.slot[k].value)
			k = (k + 1) & (g.cap - 1);
		g.slot[k] = t->slot[i];
		g.n++;
	}
	*t = g; /* the old slots stay in the arena until the search ends */
	return 0;
}

static int tally_add(struct tally *t, struct arena *a, const char *v,
		     size_t len)
{
	size_t i = hash_of(v, len) & (t->cap - 1);
	while (t->slot[i].value) {
		if (!strncmp(t->slot[i].value, v, len) &&
		    !t->slot[i].value[len]) {
			t->slot[i].n++;
			return 0;
		}
		i = (i + 1) & (t->cap - 1);
	}
	if (t->n + 1 >= t->cap / 2) {
		if (t->cap >= TALLY_MAX)
			return 0;
		if (tally_grow(t, a))
			return OW_ENOMEM;
		return tally_add(t, a, v, len);
	}
	t->slot[i].value = arena_strndup(a, v, len);
	if (!t->slot[i].value)
		return OW_ENOMEM;
	t->slot[i].n = 1;
	t->n++;
	return 0;
}

static int by_count(const void *pa, const void *pb)
{
	const struct facet_count *a = pa, *b = pb;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->value, b->value);
}

/* The table's values, sorted, at most `max`, each count scaled. */
static void tally_out(struct tally *t, struct facet *f, size_t max,
		      double scale, int (*cmp)(const void *, const void *))
{
	size_t m = 0;
	for (size_t i = 0; i < t->cap; i++)
		if (t->slot[i].value)
			t->slot[m++] = t->slot[i];
	qsort(t->slot, m, sizeof *t->slot, cmp);
	f->v = t->slot;
	f->n = t->n < max ? t->n : max;
	for (size_t i = 0; i < f->n && scale != 1.0; i++)
		f->v[i].n = (int64_t)((double)f->v[i].n * scale + 0.5);
}

/* The three facets being counted: sources and sections by name, days as
 * day numbers (counted by sorting them at the end). */
struct tallies {
	struct tally src, sec;
	int64_t *days;
	size_t n_days;
};

static int tally_row(struct run *r, sqlite3_stmt *st, int64_t vtime,
		     struct tallies *t)
{
	const char *v = (const char *)sqlite3_column_text(st, 3);
	if (v && tally_add(&t->src, r->a, v, strlen(v)))
		return OW_ENOMEM;
	t->days[t->n_days++] =
		vtime >= 0 ? vtime / 86400 : (vtime - 86399) / 86400;
	const char *s = (const char *)sqlite3_column_text(st, 4);
	while (s && *s) {
		const char *e = strchr(s, '\x1e');
		size_t l = e ? (size_t)(e - s) : strlen(s);
		if (l && tally_add(&t->sec, r->a, s, l))
			return OW_ENOMEM;
		s = e ? e + 1 : NULL;
	}
	return 0;
}

/* With `since`, the smallest story id from then on: the index is scanned
 * newest story first, and a story's id is when it was first seen, so this
 * lets the scan stop where older stories begin instead of checking the time
 * of every older match. Exact (a story updated since keeps its old id, and
 * the minimum covers it), and only taken when the span is short enough for
 * the time index to answer quickly; 0 otherwise. */
#define SINCE_PROBE 50000

static int since_floor(struct run *r)
{
	r->since_id = 0;
	if (!r->q->since)
		return 0;
	sqlite3_stmt *st = prepare(
		r, "SELECT count(*), min(id) FROM (SELECT id FROM search_doc "
		   "WHERE vtime >= ? LIMIT " OW_STR(SINCE_PROBE) " + 1)");
	if (!st)
		return r->err->code;
	sqlite3_bind_int64(st, 1, r->q->since);
	logged(r, st);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_int64(st, 0) <= SINCE_PROBE)
		r->since_id = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	return 0;
}

/* ------------------------------------------------------------------ scan */

/* One candidate for the page. */
struct cand {
	double rank; /* bm25: lower is better */
	int64_t vtime, id;
};

/* Whether a comes before b in the result order. */
static bool before(enum store_sort sort, const struct cand *a,
		   const struct cand *b)
{
	if (sort == STORE_SORT_RANK && a->rank != b->rank)
		return a->rank < b->rank;
	if (a->vtime != b->vtime)
		return a->vtime > b->vtime;
	return a->id > b->id;
}

/* The search in one pass over the matches, newest story first, at most
 * STORE_SEARCH_EXACT + 1 of them: the count, the facets, and the best
 * `limit + 1` after the cursor, kept sorted in `top`. By relevance, only the
 * STORE_SEARCH_RANKED newest matches are scored (ow_rank's cap): scoring is
 * most of a broad query's cost, and counting needs none (docs/search.md: the
 * ranking window). */
static int scan(struct run *r, const struct pos *after, int limit,
		struct cand *top, size_t *n_top, int64_t *counted,
		int64_t *oldest, struct tallies *tal)
{
	const struct store_search *q = r->q;
	struct buf b;
	buf_init(&b, 8192);
	buf_puts(&b, "SELECT f.rowid, d.vtime, ");
	if (q->sort == STORE_SORT_RANK) {
		/* BM25 as bm25() computes it, with the phrases' document
		 * counts given (sqlite_rank.c) */
		buf_printf(&b, "ow_rank(story_fts, %d", STORE_SEARCH_RANKED);
		for (size_t i = 0; i < sizeof weights / sizeof *weights; i++)
			buf_printf(&b, ", %.1f", weights[i]);
		for (int i = 0; i < r->ph.n; i++)
			buf_printf(&b, ", %lld", (long long)r->df[i]);
		buf_putc(&b, ')');
	} else {
		buf_puts(&b, "0.0");
	}
	buf_puts(&b, q->facets ? ", d.source, d.sections" : "");
	buf_puts(&b, " FROM story_fts f JOIN search_doc d ON d.id = f.rowid "
		     "WHERE ");
	put_filters(&b, q, r->since_id);
	buf_printf(&b, " ORDER BY f.rowid DESC LIMIT %d",
		   STORE_SEARCH_EXACT + 1);
	if (b.err) {
		buf_free(&b);
		return ow_err_set(r->err, OW_ENOMEM, "out of memory");
	}
	sqlite3_stmt *st = prepare(r, b.p);
	buf_free(&b);
	if (!st)
		return r->err->code;
	bind_filters(st, q, r->match, r->since_id);
	logged(r, st);
	size_t cap = (size_t)limit + 1;
	int rc = 0, step;
	*counted = 0;
	*n_top = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (++*counted > STORE_SEARCH_EXACT)
			break;
		struct cand c = {sqlite3_column_double(st, 2),
				 sqlite3_column_int64(st, 1),
				 sqlite3_column_int64(st, 0)};
		*oldest =
			c.vtime < *oldest || *counted == 1 ? c.vtime : *oldest;
		if (q->facets && (rc = tally_row(r, st, c.vtime, tal)))
			break;
		if (sqlite3_column_type(st, 2) == SQLITE_NULL)
			continue; /* past the ranked newest matches */
		if (after) {
			struct cand p = {after->rank, after->vtime, after->id};
			if (!before(q->sort, &p, &c))
				continue;
		}
		if (*n_top == cap && !before(q->sort, &c, &top[cap - 1]))
			continue;
		size_t i = *n_top < cap ? (*n_top)++ : cap - 1;
		for (; i > 0 && before(q->sort, &c, &top[i - 1]); i--)
			top[i] = top[i - 1];
		top[i] = c;
	}
	sqlite3_finalize(st);
	if (rc)
		return ow_err_set(r->err, OW_ENOMEM, "out of memory");
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		return sq_fail(r->s, r->err, "searching");
	return 0;
}

/* -------------------------------------------------------------- estimate */

static int cmp_i64_desc(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
	return a < b ? 1 : a > b ? -1 : 0;
}

/* The day facet: day numbers counted, newest FACET_DAYS days first. */
static int days_out(struct run *r, struct tallies *t, struct facet *f,
		    double scale)
{
	qsort(t->days, t->n_days, sizeof *t->days, cmp_i64_desc);
	f->v = arena_alloc(r->a, FACET_DAYS * sizeof *f->v);
	if (!f->v)
		return OW_ENOMEM;
	f->n = 0;
	for (size_t i = 0; i < t->n_days;) {
		size_t j = i;
		while (j < t->n_days && t->days[j] == t->days[i])
			j++;
		if (f->n == FACET_DAYS)
			break;
		time_t when = (time_t)(t->days[i] * 86400);
		struct tm tm;
		char d[16] = "";
		if (gmtime_r(&when, &tm))
			strftime(d, sizeof d, "%Y-%m-%d", &tm);
		f->v[f->n].value = arena_strdup(r->a, d);
		f->v[f->n].n = (int64_t)((double)(j - i) * scale + 0.5);
		if (!f->v[f->n].value)
			return OW_ENOMEM;
		f->n++;
		i = j;
	}
	return 0;
}

/* How many stories match in all, once the pass stopped at the bound. The
 * pass saw the STORE_SEARCH_EXACT newest matches, reaching back to `oldest`;
 * a wire files copy at a steady rate, so matches are taken to be spread over
 * the searched time span as they were over the part the pass saw. */
static int estimate(struct run *r, int64_t oldest, int64_t *total)
{
	const struct store_search *q = r->q;
	*total = STORE_SEARCH_EXACT + 1;
	/* two subqueries: each is then one index lookup, where a single
	 * SELECT of both would scan the table */
	sqlite3_stmt *st = prepare(r, "SELECT (SELECT min(vtime) FROM "
				      "search_doc), (SELECT max(vtime) FROM "
				      "search_doc)");
	if (!st)
		return r->err->code;
	logged(r, st);
	int64_t lo = 0, hi = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		lo = sqlite3_column_int64(st, 0);
		hi = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (q->since && q->since > lo)
		lo = q->since;
	if (q->until && q->until - 1 < hi)
		hi = q->until - 1;
	if (hi > oldest && oldest > lo) {
		double e = (double)STORE_SEARCH_EXACT * (double)(hi - lo) /
			   (double)(hi - oldest);
		if (e > (double)*total)
			*total = e > 1e15 ? (int64_t)1e15 : (int64_t)e;
	}
	return 0;
}

/* ------------------------------------------------------------ the search */

static int run_search(struct run *r, struct search_result *out)
{
	const struct store_search *q = r->q;
	struct pos after;
	if (q->cursor) {
		if (!sq_pos_decode(q->cursor, &after) ||
		    after.sort != (uint8_t)q->sort)
			return ow_err_set(r->err, OW_EINVAL,
					  "malformed cursor \"%.40s\"",
					  q->cursor);
		if (after.hash != sq_search_hash(q, r->match))
			return ow_err_set(r->err, OW_EINVAL,
					  "this cursor belongs to another "
					  "search: repeat the query and "
					  "filters it came from");
	}
	int limit = q->limit < 1                    ? 20
		    : q->limit > STORE_SEARCH_LIMIT ? STORE_SEARCH_LIMIT
						    : q->limit;
	struct cand *top = arena_alloc(r->a, ((size_t)limit + 1) * sizeof *top);
	struct tallies t = {0};
	if (!top || (q->facets &&
		     (tally_init(&t.src, r->a, TALLY_MIN) ||
		      tally_init(&t.sec, r->a, TALLY_MIN) ||
		      !(t.days = arena_alloc(r->a, (STORE_SEARCH_EXACT + 1) *
							   sizeof *t.days)))))
		return ow_err_set(r->err, OW_ENOMEM, "out of memory");
	size_t n_top = 0;
	int64_t counted = 0, oldest = 0;
	int rc = q->sort == STORE_SORT_RANK ? doc_counts(r) : 0;
	if (!rc)
		rc = since_floor(r);
	if (rc)
		return rc;
	rc = scan(r, q->cursor ? &after : NULL, limit, top, &n_top, &counted,
		  &oldest, &t);
	if (rc)
		return rc;
	out->total = counted;
	out->total_exact = counted <= STORE_SEARCH_EXACT;
	out->facets_exact = out->total_exact;
	if (!out->total_exact && (rc = estimate(r, oldest, &out->total)))
		return rc;
	double scale = out->total_exact ? 1.0
					: (double)out->total /
						  (double)STORE_SEARCH_EXACT;
	if (q->facets) {
		tally_out(&t.src, &out->sources, STORE_FACET_MAX, scale,
			  by_count);
		tally_out(&t.sec, &out->sections, STORE_FACET_MAX, scale,
			  by_count);
		if (days_out(r, &t, &out->days, scale))
			return ow_err_set(r->err, OW_ENOMEM, "out of memory");
	}
	out->hits = arena_alloc(r->a, ((size_t)limit + 1) * sizeof *out->hits);
	if (!out->hits)
		return ow_err_set(r->err, OW_ENOMEM, "out of memory");
	out->n = n_top > (size_t)limit ? (size_t)limit : n_top;
	for (size_t i = 0; i < out->n; i++) {
		out->hits[i].sum.id = top[i].id;
		out->hits[i].score =
			q->sort == STORE_SORT_RANK ? -top[i].rank : 0.0;
	}
	if (n_top > (size_t)limit) {
		const struct cand *l = &top[limit - 1];
		struct pos p = {.sort = (uint8_t)q->sort,
				.hash = sq_search_hash(q, r->match),
				.rank = l->rank,
				.vtime = l->vtime,
				.id = l->id};
		if (!(out->next = sq_pos_encode(r->a, &p)))
			return ow_err_set(r->err, OW_ENOMEM, "out of memory");
	}
	return read_hits(r, out);
}

int sq_search(struct store *base, const struct store_search *q, struct arena *a,
	      struct search_result *out, struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	memset(out, 0, sizeof *out);
	if (!q->query)
		return ow_err_set(err, OW_EINVAL, "no query");
	struct run r = {.s = s, .q = q, .a = a, .err = err};
	char *match = sq_search_compile_all(q->query, &r.ph);
	if (!match) {
		sq_phrases_free(&r.ph);
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	}
	r.match = match;
	buf_init(&r.log, 1u << 20);
	/* one snapshot for every statement, unless a batch is open */
	bool own = sqlite3_get_autocommit(s->db);
	int rc = own ? sq_exec(s, "BEGIN", err) : 0;
	if (!rc)
		rc = run_search(&r, out);
	if (own && !rc)
		rc = sq_exec(s, "COMMIT", err);
	else if (own)
		sq_exec(s, "ROLLBACK", NULL);
	if (!rc && q->debug && !r.log.err)
		out->sql = arena_strndup(a, r.log.p ? r.log.p : "", r.log.len);
	buf_free(&r.log);
	sq_phrases_free(&r.ph);
	free(match);
	return rc;
}
