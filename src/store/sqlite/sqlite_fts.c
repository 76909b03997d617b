/* The full-text index is written at commit time, not row by row. FTS5
 * flushes its pending terms to disk at every statement savepoint, and almost
 * every write statement opens one; interleaving index writes with the other
 * rows of an ingest therefore wrote a tiny index segment per statement and
 * cost a quarter of bulk-ingest time. Queuing the index rows and writing them
 * together just before COMMIT keeps them in one segment. */
#include "store/sqlite/sqlite_int.h"

#include "common/buf.h"

#include <stdlib.h>
#include <string.h>

struct fts_row {
	int64_t id;
	bool had_row; /* the index may hold an older row for this story */
	bool live;    /* index it (else only remove it) */
	char *col[6]; /* headline, slug, byline, place, source, body */
};

static char *dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static char *join_paras(const struct para *p, size_t n)
{
	struct buf b;
	buf_init(&b, 64u << 20);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(&b, '\n');
		buf_puts(&b, p[i].text);
	}
	if (b.err) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

int sq_fts_queue(struct sqlite_store *s, int64_t id, bool had_row, bool live,
		 const struct version *m, const struct para *p, size_t n)
{
	if (s->fts_n == s->fts_cap) {
		size_t cap = s->fts_cap ? s->fts_cap * 2 : 64;
		struct fts_row *r = realloc(s->fts, cap * sizeof *r);
		if (!r)
			return OW_ENOMEM;
		s->fts = r;
		s->fts_cap = cap;
	}
	struct fts_row *r = &s->fts[s->fts_n];
	memset(r, 0, sizeof *r);
	r->id = id;
	r->had_row = had_row;
	r->live = live;
	if (live) {
		r->col[0] = dup(m->headline);
		r->col[1] = dup(m->slug);
		r->col[2] = dup(m->byline);
		r->col[3] = dup(m->dateline.place);
		r->col[4] = dup(m->source);
		r->col[5] = join_paras(p, n);
		if (!r->col[5]) {
			for (int i = 0; i < 6; i++)
				free(r->col[i]);
			return OW_ENOMEM;
		}
	}
	s->fts_n++;
	return 0;
}

void sq_fts_discard(struct sqlite_store *s)
{
	for (size_t i = 0; i < s->fts_n; i++)
		for (int k = 0; k < 6; k++)
			free(s->fts[i].col[k]);
	s->fts_n = 0;
}

int sq_fts_flush(struct sqlite_store *s, struct ow_err *err)
{
	int rc = 0;
	/* queue order is write order: a story updated twice in one batch is
	 * deleted and indexed again, ending with its latest text */
	for (size_t i = 0; i < s->fts_n && !rc; i++) {
		struct fts_row *r = &s->fts[i];
		bool again = false;
		for (size_t k = i; k-- > 0 && !again && i - k < 64;)
			again = s->fts[k].id == r->id;
		if (r->had_row || again) {
			sqlite3_stmt *st = sq_stmt(s, ST_FTS_DELETE);
			sqlite3_bind_int64(st, 1, r->id);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = sq_fail(s, err, "updating search index");
		}
		if (!rc && r->live) {
			sqlite3_stmt *st = sq_stmt(s, ST_FTS_INSERT);
			sqlite3_bind_int64(st, 1, r->id);
			for (int k = 0; k < 6; k++)
				sq_bind_text(st, k + 2, r->col[k]);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = sq_fail(s, err, "indexing story");
		}
	}
	sq_fts_discard(s);
	return rc;
}
