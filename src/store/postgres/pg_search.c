/* Search on PostgreSQL: the query tree (search/search.h) compiled to SQL
 * whose every word is a bound parameter (phraseto_tsquery / to_tsquery
 * pieces joined by the tsquery operators && || !!), matched against the
 * tsvector columns of search_doc through its GIN index, ranked by
 * ts_rank_cd with the headline, lede, body and the rest weighted A, B, C, D;
 * counted, faceted and paged as the SQLite backend does (sqlite_search.c is
 * the reference: the same totals, the same cursor rules, the same snippet
 * choice). docs/search.md says where the two differ. */
#include "search/search.h"
#include "store/postgres/pg_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FACET_DAYS 31
/* ts_rank_cd's weights, {D, C, B, A}: the rest, body, lede, headline */
#define RANK_WEIGHTS "'{0.25, 0.25, 0.5, 1.0}'"
/* normalisation 1: divided by 1 + log(length), BM25's length term, roughly */
#define RANK_NORM "1"
#define HEADLINE_OPTS "HighlightAll=true, StartSel=\x02, StopSel=\x03"
#define SNIPPET_OPTS                                                           \
	"StartSel=\x02, StopSel=\x03, MaxWords=24, MinWords=12, ShortWord=0"

/* --------------------------------------------------------------- compile */

struct cq {
	struct buf *b;
	struct pg_params *p;
};

static const char *column_of(enum search_field f)
{
	switch (f) {
	case SEARCH_HEADLINE: return "d.h_tsv";
	case SEARCH_SLUG: return "d.s_tsv";
	case SEARCH_BYLINE: return "d.b_tsv";
	case SEARCH_SOURCE: return "d.o_tsv";
	case SEARCH_PLACE: return "d.p_tsv";
	default: return NULL;
	}
}

/* A prefix for to_tsquery: the word in single quotes (quotes doubled,
 * backslashes escaped), so that nothing in it is tsquery syntax, then ":*".
 * The 'ow_prefix' configuration folds case and accents without stemming:
 * a prefix matches index words as typed, as FTS5 does. */
static const char *prefix_text(struct arena *a, const char *w)
{
	struct buf b;
	buf_init(&b, 4 * SEARCH_MAX_QUERY + 8);
	buf_putc(&b, '\'');
	for (; *w; w++) {
		if (*w == '\'' || *w == '\\')
			buf_putc(&b, *w);
		buf_putc(&b, *w);
	}
	buf_puts(&b, "':*");
	char *s = b.err ? NULL : arena_strndup(a, b.p, b.len);
	buf_free(&b);
	return s;
}

/* A reader's text as a parameter: valid UTF-8 (a word that is not would
 * make PostgreSQL refuse the statement; stored text always is). */
static const char *utf8(struct cq *c, struct arena *a, const char *s)
{
	const char *u = pg_utf8(a, s);
	if (!u)
		c->p->err = true;
	return u;
}

/* The tsquery for a subtree; NOT as !!. */
static void tsq(struct cq *c, struct arena *a, const struct search_node *n)
{
	switch (n->kind) {
	case SEARCH_TERM:
		if (n->prefix) {
			const char *t = prefix_text(a, pg_utf8(a, n->text));
			if (!t)
				c->p->err = true;
			buf_printf(c->b, "to_tsquery('ow_prefix', $%d)",
				   pp_text(c->p, t));
		} else {
			buf_printf(c->b, "phraseto_tsquery('ow', $%d)",
				   pp_text(c->p, utf8(c, a, n->text)));
		}
		break;
	case SEARCH_PHRASE:
		buf_printf(c->b, "phraseto_tsquery('ow', $%d)",
			   pp_text(c->p, utf8(c, a, n->text)));
		break;
	case SEARCH_NOT:
		buf_puts(c->b, "(!! ");
		tsq(c, a, n->kids[0]);
		buf_putc(c->b, ')');
		break;
	case SEARCH_AND:
	case SEARCH_OR:
		buf_putc(c->b, '(');
		for (size_t i = 0; i < n->n_kids; i++) {
			if (i)
				buf_puts(c->b, n->kind == SEARCH_AND ? " && "
								     : " || ");
			tsq(c, a, n->kids[i]);
		}
		buf_putc(c->b, ')');
		break;
	}
}

static bool has_scope(const struct search_node *n)
{
	if (n->field != SEARCH_ANY)
		return true;
	for (size_t i = 0; i < n->n_kids; i++)
		if (has_scope(n->kids[i]))
			return true;
	return false;
}

static bool has_not(const struct search_node *n)
{
	if (n->kind == SEARCH_NOT)
		return true;
	for (size_t i = 0; i < n->n_kids; i++)
		if (has_not(n->kids[i]))
			return true;
	return false;
}

/* The match as a SQL condition. Unscoped parts are one tsquery over the
 * whole text (d.tsv, GIN-indexed); a scope is a condition on its own
 * column, with the whole-text match beside it when that is implied (no
 * exclusion inside), so the index still narrows the rows. */
static void match(struct cq *c, struct arena *a, const struct search_node *n)
{
	if (!has_scope(n)) {
		buf_puts(c->b, "d.tsv @@ ");
		tsq(c, a, n);
		return;
	}
	const char *col = column_of(n->field);
	if (col) { /* scopes never nest: nothing below has one */
		buf_putc(c->b, '(');
		if (!has_not(n)) {
			buf_puts(c->b, "d.tsv @@ ");
			tsq(c, a, n);
			buf_puts(c->b, " AND ");
		}
		buf_printf(c->b, "%s @@ ", col);
		tsq(c, a, n);
		buf_putc(c->b, ')');
		return;
	}
	if (n->kind == SEARCH_NOT) {
		buf_puts(c->b, "NOT ");
		match(c, a, n->kids[0]);
		return;
	}
	/* AND / OR with scoped kids: each kid its own condition */
	buf_putc(c->b, '(');
	for (size_t i = 0; i < n->n_kids; i++) {
		if (i)
			buf_puts(c->b,
				 n->kind == SEARCH_AND ? " AND " : " OR ");
		match(c, a, n->kids[i]);
	}
	buf_putc(c->b, ')');
}

/* The ranking query: every word and phrase that is not excluded, any of
 * them (ts_rank_cd scores each occurrence by its weight). */
static int rank_terms(struct cq *c, struct arena *a,
		      const struct search_node *n, bool excluded, int k)
{
	if (n->kind == SEARCH_NOT)
		return rank_terms(c, a, n->kids[0], !excluded, k);
	if (n->kind == SEARCH_AND || n->kind == SEARCH_OR) {
		for (size_t i = 0; i < n->n_kids; i++)
			k = rank_terms(c, a, n->kids[i], excluded, k);
		return k;
	}
	if (excluded)
		return k;
	if (k)
		buf_puts(c->b, " || ");
	tsq(c, a, n);
	return k + 1;
}

/* --------------------------------------------------------------- cursors */

/* A page's position, as sqlite_search_query.c encodes it: the last hit's
 * rank (exact bits), time and id, and a hash of the query and filters so
 * that a cursor from another search is refused. base64url. */
struct pos {
	uint8_t sort;
	uint32_t hash;
	double rank;
	int64_t vtime, id;
};

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
#define POS_BYTES 30

static const char *pos_encode(struct arena *a, const struct pos *c)
{
	uint8_t raw[POS_BYTES];
	uint64_t bits;
	memcpy(&bits, &c->rank, sizeof bits);
	raw[0] = 's';
	raw[1] = c->sort;
	for (int i = 0; i < 4; i++)
		raw[2 + i] = (uint8_t)(c->hash >> (24 - 8 * i));
	uint64_t v[3] = {bits, (uint64_t)c->vtime, (uint64_t)c->id};
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < 8; i++)
			raw[6 + 8 * k + i] = (uint8_t)(v[k] >> (56 - 8 * i));
	char *out = arena_alloc(a, POS_BYTES / 3 * 4 + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < POS_BYTES; i += 3) {
		uint32_t w = (uint32_t)raw[i] << 16 |
			     (uint32_t)raw[i + 1] << 8 | raw[i + 2];
		out[o++] = b64[w >> 18];
		out[o++] = b64[(w >> 12) & 63];
		out[o++] = b64[(w >> 6) & 63];
		out[o++] = b64[w & 63];
	}
	out[o] = '\0';
	return out;
}

static bool pos_decode(const char *s, struct pos *c)
{
	if (strlen(s) != POS_BYTES / 3 * 4)
		return false;
	uint8_t raw[POS_BYTES];
	for (size_t i = 0, o = 0; i < POS_BYTES / 3 * 4; i += 4) {
		uint32_t w = 0;
		for (size_t k = 0; k < 4; k++) {
			const char *p = memchr(b64, s[i + k], 64);
			if (!p || !s[i + k])
				return false;
			w = w << 6 | (uint32_t)(p - b64);
		}
		raw[o++] = (uint8_t)(w >> 16);
		raw[o++] = (uint8_t)(w >> 8);
		raw[o++] = (uint8_t)w;
	}
	if (raw[0] != 's' || raw[1] > STORE_SORT_TIME)
		return false;
	c->sort = raw[1];
	c->hash = (uint32_t)raw[2] << 24 | (uint32_t)raw[3] << 16 |
		  (uint32_t)raw[4] << 8 | raw[5];
	uint64_t v[3] = {0, 0, 0};
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < 8; i++)
			v[k] = v[k] << 8 | raw[6 + 8 * k + i];
	memcpy(&c->rank, &v[0], sizeof c->rank);
	c->vtime = (int64_t)v[1];
	c->id = (int64_t)v[2];
	return isfinite(c->rank) && c->id > 0;
}

static uint32_t fnv(uint32_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return (h ^ 0xff) * 16777619u;
}

static uint32_t search_hash(const struct store_search *q, const char *canon)
{
	char nums[96];
	snprintf(nums, sizeof nums, "%d/%lld/%lld/%d", (int)q->priority,
		 (long long)q->since, (long long)q->until, (int)q->sort);
	uint32_t h = 2166136261u;
	h = fnv(h, canon);
	h = fnv(h, q->source);
	h = fnv(h, q->section);
	h = fnv(h, q->language);
	return fnv(h, nums);
}

/* ------------------------------------------------------------- the run */

struct run {
	struct pg_store *s;
	struct pg_conn *c;
	const struct store_search *q;
	struct arena *a;
	struct buf log; /* with q->debug: the statements and their values */
	struct ow_err *err;
};

static void logged(struct run *r, const char *sql, const struct pg_params *p)
{
	if (!r->q->debug)
		return;
	buf_puts(&r->log, sql);
	for (int i = 0; p && i < p->n; i++)
		buf_printf(&r->log, "%s$%d = '%s'", i ? ", " : "\n  -- ", i + 1,
			   p->v[i] ? p->v[i] : "NULL");
	buf_puts(&r->log, ";\n");
}

static PGresult *run_sql(struct run *r, const char *sql,
			 const struct pg_params *p, const char *what)
{
	logged(r, sql, p);
	return pg_query(r->s, r->c, sql, p, false, false, r->err, what);
}

/* FROM and WHERE every statement of one search shares. */
static void put_where(struct cq *c, struct arena *a,
		      const struct store_search *q)
{
	buf_puts(c->b, " FROM search_doc d WHERE ");
	match(c, a, q->query);
	if (q->source)
		buf_printf(c->b, " AND d.source = $%d",
			   pp_text(c->p, utf8(c, a, q->source)));
	if (q->language) {
		int k = pp_text(c->p, utf8(c, a, q->language));
		buf_printf(c->b,
			   " AND (lower(d.language) = lower($%d) OR "
			   "lower(d.language) LIKE lower($%d) || '-%%')",
			   k, k);
	}
	if (q->priority)
		buf_printf(c->b, " AND d.priority BETWEEN 1 AND $%d",
			   pp_i64(c->p, (int)q->priority));
	if (q->since)
		buf_printf(c->b, " AND d.vtime >= $%d", pp_i64(c->p, q->since));
	if (q->until)
		buf_printf(c->b, " AND d.vtime < $%d", pp_i64(c->p, q->until));
	if (q->section) {
		/* "\x1ename\x1e", lowercased as the keys are */
		size_t n = strlen(q->section);
		char *k = arena_alloc(a, n + 3);
		if (!k) {
			c->p->err = true;
			return;
		}
		k[0] = '\x1e';
		for (size_t j = 0; j < n; j++) {
			char ch = q->section[j];
			k[j + 1] = ch >= 'A' && ch <= 'Z'
					   ? (char)(ch - 'A' + 'a')
					   : ch;
		}
		k[n + 1] = '\x1e';
		k[n + 2] = '\0';
		buf_printf(c->b, " AND strpos(d.section_keys, $%d) > 0",
			   pp_text(c->p, utf8(c, a, k)));
	}
}

struct cand {
	double rank; /* minus the score: lower is better */
	int64_t vtime, id;
};

static bool before(enum store_sort sort, const struct cand *a,
		   const struct cand *b)
{
	if (sort == STORE_SORT_RANK && a->rank != b->rank)
		return a->rank < b->rank;
	if (a->vtime != b->vtime)
		return a->vtime > b->vtime;
	return a->id > b->id;
}

/* The matches, newest story first, at most STORE_SEARCH_EXACT + 1: the
 * count and the best `limit + 1` after the cursor. By relevance only the
 * STORE_SEARCH_RANKED newest are scored, as on SQLite. */
static int scan(struct run *r, const struct pos *after, int limit,
		struct cand *top, size_t *n_top, int64_t *counted,
		int64_t *oldest)
{
	const struct store_search *q = r->q;
	struct buf b;
	buf_init(&b, 1u << 20);
	struct pg_params p;
	pp_init(&p);
	struct cq c = {&b, &p};
	buf_puts(&b, "SELECT m.id, m.vtime, ");
	if (q->sort == STORE_SORT_RANK) {
		buf_printf(&b,
			   "CASE WHEN row_number() OVER (ORDER BY m.id DESC) "
			   "<= %d THEN ts_rank_cd(" RANK_WEIGHTS ", m.tsv, ",
			   STORE_SEARCH_RANKED);
		rank_terms(&c, r->a, q->query, false, 0);
		buf_puts(&b, ", " RANK_NORM ")::float8 END");
	} else {
		buf_puts(&b, "0.0::float8");
	}
	buf_puts(&b, " FROM (SELECT d.id, d.vtime, d.tsv");
	put_where(&c, r->a, q);
	buf_printf(&b, " ORDER BY d.id DESC LIMIT %d) m ORDER BY m.id DESC",
		   STORE_SEARCH_EXACT + 1);
	if (b.err) {
		buf_free(&b);
		return ow_err_set(r->err, OW_ENOMEM, "out of memory");
	}
	PGresult *res = run_sql(r, b.p, &p, "searching");
	buf_free(&b);
	if (!res)
		return r->err->code;
	size_t cap = (size_t)limit + 1;
	*counted = 0;
	*n_top = 0;
	for (int i = 0; i < PQntuples(res); i++) {
		if (++*counted > STORE_SEARCH_EXACT)
			break;
		struct cand cd = {
			PQgetisnull(res, i, 2)
				? 0.0
				: -strtod(PQgetvalue(res, i, 2), NULL),
			pg_i64(res, i, 1), pg_i64(res, i, 0)};
		*oldest = cd.vtime < *oldest || *counted == 1 ? cd.vtime
							      : *oldest;
		if (PQgetisnull(res, i, 2))
			continue; /* past the ranked newest matches */
		if (after) {
			struct cand pc = {after->rank, after->vtime, after->id};
			if (!before(q->sort, &pc, &cd))
				continue;
		}
		if (*n_top == cap && !before(q->sort, &cd, &top[cap - 1]))
			continue;
		size_t k = *n_top < cap ? (*n_top)++ : cap - 1;
		for (; k > 0 && before(q->sort, &cd, &top[k - 1]); k--)
			top[k] = top[k - 1];
		top[k] = cd;
	}
	PQclear(res);
	return 0;
}

/* Sources, sections and days over the STORE_SEARCH_EXACT newest matches,
 * counted by the server; scaled when the total is an estimate. */
static int facets(struct run *r, struct search_result *out, double scale)
{
	struct buf b;
	buf_init(&b, 1u << 20);
	struct pg_params p;
	pp_init(&p);
	struct cq c = {&b, &p};
	buf_puts(&b, "WITH m AS MATERIALIZED (SELECT d.vtime, d.source, "
		     "d.sections");
	put_where(&c, r->a, r->q);
	buf_printf(&b, " ORDER BY d.id DESC LIMIT %d) ", STORE_SEARCH_EXACT);
	buf_printf(&b,
		   "(SELECT 0, source, count(*) FROM m WHERE source IS NOT "
		   "NULL GROUP BY source ORDER BY 3 DESC, source COLLATE \"C\" "
		   "LIMIT %d) UNION ALL "
		   "(SELECT 1, x, count(*) FROM m, unnest(string_to_array("
		   "m.sections, E'\\x1e')) x WHERE x <> '' GROUP BY x "
		   "ORDER BY 3 DESC, x COLLATE \"C\" LIMIT %d) UNION ALL "
		   "(SELECT 2, y.day::text, count(*) FROM (SELECT "
		   "floor(vtime / 86400.0)::bigint AS day FROM m) y "
		   "GROUP BY y.day ORDER BY y.day DESC LIMIT %d)",
		   STORE_FACET_MAX, STORE_FACET_MAX, FACET_DAYS);
	if (b.err) {
		buf_free(&b);
		return ow_err_set(r->err, OW_ENOMEM, "out of memory");
	}
	PGresult *res = run_sql(r, b.p, &p, "counting facets");
	buf_free(&b);
	if (!res)
		return r->err->code;
	struct facet *f[3] = {&out->sources, &out->sections, &out->days};
	for (int k = 0; k < 3; k++) {
		f[k]->v = arena_alloc(r->a,
				      (STORE_FACET_MAX + 1) * sizeof *f[k]->v);
		f[k]->n = 0;
		if (!f[k]->v) {
			PQclear(res);
			return ow_err_set(r->err, OW_ENOMEM, "out of memory");
		}
	}
	for (int i = 0; i < PQntuples(res); i++) {
		struct facet *fc = f[pg_i64(res, i, 0) % 3];
		struct facet_count *v = &fc->v[fc->n];
		v->n = (int64_t)((double)pg_i64(res, i, 2) * scale + 0.5);
		if (fc == &out->days) {
			time_t when = (time_t)(pg_i64(res, i, 1) * 86400);
			struct tm tm;
			char d[16] = "";
			if (gmtime_r(&when, &tm))
				strftime(d, sizeof d, "%Y-%m-%d", &tm);
			v->value = arena_strdup(r->a, d);
		} else {
			v->value = pg_text(r->a, res, i, 1);
		}
		if (!v->value) {
			PQclear(res);
			return ow_err_set(r->err, OW_ENOMEM, "out of memory");
		}
		fc->n++;
	}
	PQclear(res);
	return 0;
}

/* How many stories match in all past the bound: as sqlite_search.c, the
 * matches taken to be spread over the searched span as over the part seen. */
static int estimate(struct run *r, int64_t oldest, int64_t *total)
{
	const struct store_search *q = r->q;
	*total = STORE_SEARCH_EXACT + 1;
	PGresult *res = run_sql(r,
				"SELECT (SELECT min(vtime) FROM search_doc), "
				"(SELECT max(vtime) FROM search_doc)",
				NULL, "estimating");
	if (!res)
		return r->err->code;
	int64_t lo = pg_i64(res, 0, 0), hi = pg_i64(res, 0, 1);
	PQclear(res);
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

static struct search_hit *hit_of(struct search_result *out, int64_t id)
{
	for (size_t i = 0; i < out->n; i++)
		if (out->hits[i].sum.id == id)
			return &out->hits[i];
	return NULL;
}

/* The page's story lines, headlines and snippets, one statement each. */
static int read_hits(struct run *r, struct search_result *out)
{
	if (!out->n)
		return 0;
	struct buf ids;
	buf_init(&ids, 1u << 16);
	buf_putc(&ids, '{');
	for (size_t i = 0; i < out->n; i++)
		buf_printf(&ids, "%s%lld", i ? "," : "",
			   (long long)out->hits[i].sum.id);
	buf_putc(&ids, '}');
	struct pg_params p;
	pp_init(&p);
	pp_text(&p, ids.p);
	PGresult *line = ids.err ? NULL
				 : run_sql(r,
					   "SELECT " PG_STORY_COLUMNS
					   ", language FROM story WHERE id = "
					   "ANY($1::bigint[])",
					   &p, "reading hits");
	bool *live = arena_alloc(r->a, out->n * sizeof *live);
	int rc = line && live   ? 0
		 : line         ? ow_err_set(r->err, OW_ENOMEM, "out of memory")
		 : r->err->code ? r->err->code
				: OW_ENOMEM;
	for (int i = 0; !rc && i < PQntuples(line); i++) {
		struct search_hit *h = hit_of(out, pg_i64(line, i, 0));
		if (!h)
			continue;
		double score = h->score;
		pg_read_summary(r->a, line, i, 0, &h->sum);
		h->language = pg_text(r->a, line, i, PG_STORY_NCOLUMNS);
		h->score = score;
		live[h - out->hits] = h->sum.state == STORY_LIVE;
	}
	PQclear(line);
	struct buf b;
	buf_init(&b, 1u << 20);
	pp_init(&p);
	struct cq c = {&b, &p};
	int k_ids = pp_text(&p, ids.p);
	int k_h = pp_text(&p, HEADLINE_OPTS);
	int k_s = pp_text(&p, SNIPPET_OPTS);
	buf_puts(&b, "WITH q AS (SELECT ");
	rank_terms(&c, r->a, r->q->query, false, 0);
	/* ts_headline drops what its parser takes for markup ("<b>" in
	 * wire copy): a U+E000 after each "<" keeps it text, and goes */
#define HL(col, opts)                                                          \
	"replace(ts_headline('ow', replace(coalesce(d." col                    \
	", ''), '<', '<' || chr(57344)), q.rq, $" opts "), chr(57344), '')"
	buf_printf(&b,
		   " AS rq) SELECT d.id, " HL("headline", "%d") ", " HL(
			   "lede", "%d") ", " HL("body", "%d") " FROM "
							       "search_doc d, "
							       "q WHERE d.id = "
							       "ANY($%d::"
							       "bigint[])",
		   k_h, k_s, k_s, k_ids);
#undef HL
	PGresult *text =
		rc || b.err ? NULL : run_sql(r, b.p, &p, "reading snippets");
	if (!rc && !text)
		rc = r->err->code ? r->err->code : OW_ENOMEM;
	for (int i = 0; !rc && i < PQntuples(text); i++) {
		struct search_hit *h = hit_of(out, pg_i64(text, i, 0));
		if (!h)
			continue;
		h->headline_marked = pg_text(r->a, text, i, 1);
		/* the lede's passage if the query matched there, else the
		 * body's if it did, else the start of the lede */
		const char *lede = pg_text(r->a, text, i, 2);
		const char *body = pg_text(r->a, text, i, 3);
		bool in_lede = lede && strchr(lede, SEARCH_MARK_OPEN);
		bool in_body = body && strchr(body, SEARCH_MARK_OPEN);
		h->snippet_marked = in_lede || !in_body ? lede : body;
		if (!h->snippet_marked || !*h->snippet_marked)
			h->snippet_marked = body;
	}
	PQclear(text);
	buf_free(&b);
	buf_free(&ids);
	/* a hit whose story is not live (never seen) is dropped */
	size_t m = 0;
	for (size_t i = 0; !rc && i < out->n; i++)
		if (live[i])
			out->hits[m++] = out->hits[i];
	if (!rc)
		out->n = m;
	return rc;
}

static int run_search(struct run *r, const char *canon,
		      struct search_result *out)
{
	const struct store_search *q = r->q;
	struct pos after;
	if (q->cursor) {
		if (!pos_decode(q->cursor, &after) ||
		    after.sort != (uint8_t)q->sort)
			return ow_err_set(r->err, OW_EINVAL,
					  "malformed cursor \"%.40s\"",
					  q->cursor);
		if (after.hash != search_hash(q, canon))
			return ow_err_set(r->err, OW_EINVAL,
					  "this cursor belongs to another "
					  "search: repeat the query and "
					  "filters it came from");
	}
	int limit = q->limit < 1                    ? 20
		    : q->limit > STORE_SEARCH_LIMIT ? STORE_SEARCH_LIMIT
						    : q->limit;
	struct cand *top = arena_alloc(r->a, ((size_t)limit + 1) * sizeof *top);
	out->hits = arena_alloc(r->a, ((size_t)limit + 1) * sizeof *out->hits);
	if (!top || !out->hits)
		return ow_err_set(r->err, OW_ENOMEM, "out of memory");
	size_t n_top = 0;
	int64_t counted = 0, oldest = 0;
	int rc = scan(r, q->cursor ? &after : NULL, limit, top, &n_top,
		      &counted, &oldest);
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
	if (q->facets && (rc = facets(r, out, scale)))
		return rc;
	out->n = n_top > (size_t)limit ? (size_t)limit : n_top;
	memset(out->hits, 0, out->n * sizeof *out->hits);
	for (size_t i = 0; i < out->n; i++) {
		out->hits[i].sum.id = top[i].id;
		out->hits[i].score =
			q->sort == STORE_SORT_RANK ? -top[i].rank : 0.0;
	}
	if (n_top > (size_t)limit) {
		const struct cand *l = &top[limit - 1];
		struct pos p = {.sort = (uint8_t)q->sort,
				.hash = search_hash(q, canon),
				.rank = l->rank,
				.vtime = l->vtime,
				.id = l->id};
		if (!(out->next = pos_encode(r->a, &p)))
			return ow_err_set(r->err, OW_ENOMEM, "out of memory");
	}
	return read_hits(r, out);
}

int pg_search(struct store *base, const struct store_search *q, struct arena *a,
	      struct search_result *out, struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	memset(out, 0, sizeof *out);
	if (!q->query)
		return ow_err_set(err, OW_EINVAL, "no query");
	const char *canon = search_format(q->query, a);
	if (!canon)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	struct run r = {.s = s, .q = q, .a = a, .err = err};
	r.c = pg_reader(s);
	buf_init(&r.log, 1u << 20);
	/* one snapshot for every statement, unless a batch is open */
	bool own = !r.c->in_tx;
	int rc = own ? pg_exec(s, r.c,
			       "BEGIN ISOLATION LEVEL REPEATABLE READ, READ "
			       "ONLY",
			       err, "searching")
		     : 0;
	if (rc && r.c == &s->r && rc == OW_EUNAVAIL) {
		ow_err_clear(err); /* the replica is down: the primary */
		r.c = &s->w;
		rc = pg_exec(s, r.c,
			     "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
			     err, "searching");
	}
	if (!rc) {
		r.c->in_tx = own ? true : r.c->in_tx;
		rc = run_search(&r, canon, out);
		if (own && r.c->c)
			PQclear(PQexec(r.c->c, rc ? "ROLLBACK" : "COMMIT"));
		if (own)
			r.c->in_tx = false;
	}
	if (!rc && q->debug && !r.log.err)
		out->sql = arena_strndup(a, r.log.p ? r.log.p : "", r.log.len);
	buf_free(&r.log);
	return rc;
}
