/* Search on SQLite, the query side: the tree (search/search.h) compiled to
 * an FTS5 match expression and the list of its phrases; the per-store table
 * of phrase document counts that ow_rank's IDF is given; the cursor codec.
 * The statements that run them are in sqlite_search.c. */
#include "store/sqlite/sqlite_search_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --------------------------------------------------------------- compile */

static const char *column_of(enum search_field f)
{
	switch (f) {
	case SEARCH_HEADLINE: return "headline";
	case SEARCH_SLUG: return "slug";
	case SEARCH_BYLINE: return "byline";
	case SEARCH_SOURCE: return "source";
	case SEARCH_PLACE: return "place";
	default: return NULL;
	}
}

/* A string for FTS5: always quoted, quotes doubled, so that no FTS5 syntax
 * in a reader's words is ever interpreted; the tokenizer splits it into
 * words as it split the indexed text. */
static void fts_string(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static void phrase_add(struct phrases *pl, const char *scope,
		       const struct search_node *n, bool excluded)
{
	if (!pl)
		return;
	if (pl->n == SEARCH_MAX_TERMS) {
		pl->err = true;
		return;
	}
	struct buf b;
	buf_init(&b, 8192);
	if (scope)
		buf_printf(&b, "{%s} : ", scope);
	buf_putc(&b, '"');
	for (const char *c = n->text; *c; c++) {
		if (*c == '"')
			buf_putc(&b, '"');
		buf_putc(&b, *c);
	}
	buf_putc(&b, '"');
	if (n->prefix)
		buf_puts(&b, " *");
	pl->expr[pl->n] = b.err ? NULL : buf_detach(&b, NULL);
	pl->excluded[pl->n] = excluded;
	pl->err = pl->err || !pl->expr[pl->n];
	pl->n++;
	buf_free(&b);
}

void sq_phrases_free(struct phrases *pl)
{
	for (int i = 0; i < pl->n; i++)
		free(pl->expr[i]);
	pl->n = 0;
}

static void compile(struct buf *b, const struct search_node *n,
		    const char *scope, bool excluded, struct phrases *pl)
{
	const char *col = column_of(n->field);
	if (col) {
		buf_printf(b, "{%s} : (", col);
		scope = col;
	}
	switch (n->kind) {
	case SEARCH_TERM:
		fts_string(b, n->text);
		if (n->prefix)
			buf_puts(b, " *");
		phrase_add(pl, scope, n, excluded);
		break;
	case SEARCH_PHRASE:
		fts_string(b, n->text);
		phrase_add(pl, scope, n, excluded);
		break;
	case SEARCH_NOT: /* only inside an AND, written there */
		compile(b, n->kids[0], scope, !excluded, pl);
		break;
	case SEARCH_OR:
		buf_putc(b, '(');
		for (size_t i = 0; i < n->n_kids; i++) {
			if (i)
				buf_puts(b, " OR ");
			compile(b, n->kids[i], scope, excluded, pl);
		}
		buf_putc(b, ')');
		break;
	case SEARCH_AND: {
		/* FTS5's NOT is binary: (kept AND kept) NOT excluded NOT ... */
		bool nots = false;
		for (size_t i = 0; i < n->n_kids; i++)
			nots = nots || n->kids[i]->kind == SEARCH_NOT;
		buf_puts(b, nots ? "((" : "(");
		size_t k = 0;
		for (size_t i = 0; i < n->n_kids; i++) {
			if (n->kids[i]->kind == SEARCH_NOT)
				continue;
			if (k++)
				buf_puts(b, " AND ");
			compile(b, n->kids[i], scope, excluded, pl);
		}
		buf_putc(b, ')');
		for (size_t i = 0; i < n->n_kids; i++) {
			if (n->kids[i]->kind != SEARCH_NOT)
				continue;
			buf_puts(b, " NOT ");
			const struct search_node *x = n->kids[i];
			const char *xs = scope;
			if (x->field != SEARCH_ANY) { /* NOT headline:x */
				xs = column_of(x->field);
				buf_printf(b, "{%s} : ", xs);
			}
			buf_putc(b, '(');
			compile(b, x->kids[0], xs, !excluded, pl);
			buf_putc(b, ')');
		}
		if (nots)
			buf_putc(b, ')');
		break;
	}
	}
	if (col)
		buf_putc(b, ')');
}

char *sq_search_compile_all(const struct search_node *n, struct phrases *pl)
{
	struct buf b;
	buf_init(&b, 64 * 1024);
	compile(&b, n, NULL, false, pl);
	if (b.err || (pl && pl->err)) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* The FTS5 expression for a tree (malloc'd; NULL on allocation failure). */
char *sq_search_compile(const struct search_node *n)
{
	return sq_search_compile_all(n, NULL);
}

/* ------------------------------------------------------ document counts */

/* How many documents each phrase matches, for ow_rank's IDF, kept per
 * store: counting a common phrase runs it over the whole index. A count is
 * reused until the index has grown by 1% (IDF moves by less than that), and
 * the table is emptied when full. Keyed by the phrase's expression. */
#define DF_SLOTS 8192

struct df_entry {
	char *key;
	int64_t df, stamp; /* stamp: the newest story id when counted */
};

struct df_cache {
	struct df_entry slot[DF_SLOTS];
	size_t n;
};

void sq_search_free(struct sqlite_store *s)
{
	if (!s->dfs)
		return;
	for (size_t i = 0; i < DF_SLOTS; i++)
		free(s->dfs->slot[i].key);
	free(s->dfs);
	s->dfs = NULL;
}

static struct df_entry *df_slot(struct df_cache *c, const char *key)
{
	uint32_t h = 2166136261u;
	for (const char *k = key; *k; k++)
		h = (h ^ (uint8_t)*k) * 16777619u;
	size_t i = h & (DF_SLOTS - 1);
	while (c->slot[i].key && strcmp(c->slot[i].key, key))
		i = (i + 1) & (DF_SLOTS - 1);
	return &c->slot[i];
}

bool sq_df_get(struct sqlite_store *s, const char *key, int64_t newest,
	       int64_t *df)
{
	if (!s->dfs)
		return false;
	struct df_entry *e = df_slot(s->dfs, key);
	int64_t slack = e->stamp / 100 > 100 ? e->stamp / 100 : 100;
	if (!e->key || newest > e->stamp + slack)
		return false;
	*df = e->df;
	return true;
}

int sq_df_put(struct sqlite_store *s, const char *key, int64_t df,
	      int64_t newest)
{
	if (s->dfs && s->dfs->n + 1 >= DF_SLOTS / 2)
		sq_search_free(s); /* full: start over */
	if (!s->dfs && !(s->dfs = calloc(1, sizeof *s->dfs)))
		return OW_ENOMEM;
	struct df_entry *e = df_slot(s->dfs, key);
	if (!e->key) {
		if (!(e->key = strdup(key)))
			return OW_ENOMEM;
		s->dfs->n++;
	}
	e->df = df;
	e->stamp = newest;
	return 0;
}

/* ---------------------------------------------------------------- cursor */

/* A page's position: the last hit's score (the exact bits of the double,
 * so no rounding moves the boundary), time and id, and a hash of the query
 * and filters, so a cursor from another search is refused rather than
 * silently continuing it. base64url: clients treat it as a token. */
static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

#define POS_BYTES 30

static void put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static uint64_t get_u64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

const char *sq_pos_encode(struct arena *a, const struct pos *c)
{
	uint8_t raw[POS_BYTES];
	uint64_t bits;
	memcpy(&bits, &c->rank, sizeof bits);
	raw[0] = 's'; /* format 1 */
	raw[1] = c->sort;
	for (int i = 0; i < 4; i++)
		raw[2 + i] = (uint8_t)(c->hash >> (24 - 8 * i));
	put_u64(raw + 6, bits);
	put_u64(raw + 14, (uint64_t)c->vtime);
	put_u64(raw + 22, (uint64_t)c->id);
	char *out = arena_alloc(a, POS_BYTES / 3 * 4 + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < POS_BYTES; i += 3) {
		uint32_t v = (uint32_t)raw[i] << 16 |
			     (uint32_t)raw[i + 1] << 8 | raw[i + 2];
		out[o++] = b64[v >> 18];
		out[o++] = b64[(v >> 12) & 63];
		out[o++] = b64[(v >> 6) & 63];
		out[o++] = b64[v & 63];
	}
	out[o] = '\0';
	return out;
}

bool sq_pos_decode(const char *s, struct pos *c)
{
	if (strlen(s) != POS_BYTES / 3 * 4)
		return false;
	uint8_t raw[POS_BYTES];
	for (size_t i = 0, o = 0; i < POS_BYTES / 3 * 4; i += 4) {
		uint32_t v = 0;
		for (size_t k = 0; k < 4; k++) {
			const char *p = memchr(b64, s[i + k], 64);
			if (!p || !s[i + k])
				return false;
			v = v << 6 | (uint32_t)(p - b64);
		}
		raw[o++] = (uint8_t)(v >> 16);
		raw[o++] = (uint8_t)(v >> 8);
		raw[o++] = (uint8_t)v;
	}
	if (raw[0] != 's' || raw[1] > STORE_SORT_TIME)
		return false;
	c->sort = raw[1];
	c->hash = (uint32_t)raw[2] << 24 | (uint32_t)raw[3] << 16 |
		  (uint32_t)raw[4] << 8 | raw[5];
	uint64_t bits = get_u64(raw + 6);
	memcpy(&c->rank, &bits, sizeof bits);
	c->vtime = (int64_t)get_u64(raw + 14);
	c->id = (int64_t)get_u64(raw + 22);
	return isfinite(c->rank) && c->id > 0;
}

static uint32_t fnv(uint32_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return (h ^ 0xff) *
	       16777619u; /* a separator, so "ab","c" != "a","bc" */
}

uint32_t sq_search_hash(const struct store_search *q, const char *match)
{
	char nums[96];
	snprintf(nums, sizeof nums, "%d/%lld/%lld/%d", (int)q->priority,
		 (long long)q->since, (long long)q->until, (int)q->sort);
	uint32_t h = 2166136261u;
	h = fnv(h, match);
	h = fnv(h, q->source);
	h = fnv(h, q->section);
	h = fnv(h, q->language);
	return fnv(h, nums);
}
