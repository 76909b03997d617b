/* What the ingest layer needs to rebuild its cluster index at startup: the
 * live stories of the recent window with their persisted cluster ids. */
#include "store/sqlite/sqlite_int.h"

#include <string.h>

/* a story's time for clusters: its copy time, never after it arrived */
#define CLUSTER_TIME "min(sort_time, last_seen)"

int sq_cluster_seeds(struct store *base, int64_t since, int limit,
		     struct arena *a, struct cluster_seed **out, size_t *n,
		     struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	*n = 0;
	if (limit < 1)
		limit = 1;
	sqlite3_stmt *st;
	/* the newest `limit`, handed back oldest first */
	if (sqlite3_prepare_v2(
		    s->db,
		    "SELECT * FROM (SELECT id, state, source, " CLUSTER_TIME
		    " AS t, priority, headline, body, coalesce(cluster_id, 0), "
		    "coalesce(near_dup_of, 0) FROM story WHERE state = 'live' "
		    /* sort_time >= since is implied, and uses the index */
		    "AND sort_time >= ?1 AND " CLUSTER_TIME " >= ?1 "
		    "ORDER BY t DESC, id DESC LIMIT ?2) "
		    "ORDER BY t, id",
		    -1, &st, NULL))
		return sq_fail(s, err, "preparing cluster seeds");
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int(st, 2, limit);
	*out = arena_alloc(a, (size_t)limit * sizeof **out);
	int rc = *out ? 0 : ow_err_set(err, OW_ENOMEM, "out of memory");
	int step;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW &&
	       *n < (size_t)limit) {
		struct cluster_seed *c = &(*out)[(*n)++];
		memset(c, 0, sizeof *c);
		c->info.story_id = sqlite3_column_int64(st, 0);
		c->info.state = STORY_LIVE;
		c->info.source = sq_col_text(a, st, 2);
		c->info.time = sqlite3_column_int64(st, 3);
		c->info.priority = (enum priority)sqlite3_column_int(st, 4);
		c->info.headline = sq_col_text(a, st, 5);
		struct para *p;
		size_t np;
		if (sq_paras_parse(a, (const char *)sqlite3_column_text(st, 6),
				   &p, &np))
			rc = ow_err_set(err, OW_ENOMEM, "out of memory");
		c->info.paras = p;
		c->info.n_paras = np;
		c->cluster_id = sqlite3_column_int64(st, 7);
		c->near_dup_of = sqlite3_column_int64(st, 8);
	}
	sqlite3_finalize(st);
	return rc;
}

int sq_latest_time(struct store *base, int64_t *t, struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st;
	*t = 0;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT coalesce(max(" CLUSTER_TIME "), 0) FROM "
			       "story WHERE state = 'live'",
			       -1, &st, NULL))
		return sq_fail(s, err, "preparing latest time");
	if (sqlite3_step(st) == SQLITE_ROW)
		*t = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}
