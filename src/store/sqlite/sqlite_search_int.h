/* Private to the SQLite backend's search (sqlite_search.c and
 * sqlite_search_query.c): the compiled query's phrases, the document-count
 * table and the cursor codec. */
#ifndef OW_SQLITE_SEARCH_INT_H
#define OW_SQLITE_SEARCH_INT_H

#include "common/buf.h"
#include "search/search.h"
#include "store/sqlite/sqlite_int.h"

/* The phrases of a compiled query, in the order FTS5 numbers them (the
 * order they are written in the expression): each one's expression alone,
 * with its column scope, to count the documents it matches. */
struct phrases {
	char *expr[SEARCH_MAX_TERMS];
	bool excluded[SEARCH_MAX_TERMS]; /* under NOT: never in a hit */
	int n;
	bool err;
};

/* The FTS5 expression for a tree and, if pl, its phrases (malloc'd; NULL
 * when out of memory). */
char *sq_search_compile_all(const struct search_node *n, struct phrases *pl);
void sq_phrases_free(struct phrases *pl);

/* A phrase's document count if the table has one that is fresh for an
 * index whose newest story id is `newest`; keeping one. */
bool sq_df_get(struct sqlite_store *s, const char *key, int64_t newest,
	       int64_t *df);
int sq_df_put(struct sqlite_store *s, const char *key, int64_t df,
	      int64_t newest);

/* A page's position: the last hit's score (the exact bits of the double,
 * so no rounding moves the boundary), time and id, and a hash of the query
 * and filters, so a cursor from another search is refused rather than
 * silently continuing it. Encoded base64url: clients treat it as a token. */
struct pos {
	uint8_t sort;
	uint32_t hash;
	double rank;
	int64_t vtime, id;
};

const char *sq_pos_encode(struct arena *a, const struct pos *c);
bool sq_pos_decode(const char *s, struct pos *c);
uint32_t sq_search_hash(const struct store_search *q, const char *match);

#endif
