/* Reads from PostgreSQL: story lists, the ticker, single stories, versions,
 * events, raw bytes, quarantine, counts and cluster seeds; the port of
 * sqlite_query.c (the reference for what each returns). Reads go to the
 * replica when there is one that has caught up (pg_reader), and fall back to
 * the primary when the replica cannot be reached. */
#include "store/postgres/pg_int.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ read paths */

/* A read: on the reader; if that is the replica and it is unreachable, on
 * the primary instead. */
static PGresult *read_prep(struct pg_store *s, enum pg_stmt id,
			   const struct pg_params *p, struct ow_err *err,
			   const char *what)
{
	struct pg_conn *c = pg_reader(s);
	PGresult *r = pg_prep(s, c, id, p, true, err, what);
	if (!r && c == &s->r && err->code == OW_EUNAVAIL) {
		ow_err_clear(err);
		r = pg_prep(s, &s->w, id, p, true, err, what);
	}
	return r;
}

static PGresult *read_query(struct pg_store *s, const char *sql,
			    const struct pg_params *p, bool binary,
			    struct ow_err *err, const char *what)
{
	struct pg_conn *c = pg_reader(s);
	PGresult *r = pg_query(s, c, sql, p, binary, true, err, what);
	if (!r && c == &s->r && err->code == OW_EUNAVAIL) {
		ow_err_clear(err);
		r = pg_query(s, &s->w, sql, p, binary, true, err, what);
	}
	return r;
}

/* ----------------------------------------------------------------- lists */

static int read_page(PGresult *r, int limit, struct arena *a,
		     struct story_page *out, struct ow_err *err)
{
	memset(out, 0, sizeof *out);
	out->items = arena_alloc(a, ((size_t)limit + 1) * sizeof *out->items);
	if (!out->items)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	int rows = PQntuples(r), last_col = PQnfields(r) - 1;
	for (int i = 0; i < rows; i++) {
		if (out->n == (size_t)limit) {
			/* one more row exists: the page has a successor */
			const struct story_summary *l = &out->items[out->n - 1];
			out->next = store_cursor_encode(
				a, pg_i64(r, i - 1, last_col), l->id);
			break;
		}
		pg_read_summary(a, r, i, 0, &out->items[out->n]);
		out->n++;
	}
	return 0;
}

int pg_list_stories(struct store *base, const struct story_filter *f,
		    struct arena *a, struct story_page *out, struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	int64_t ct = 0, cid = 0;
	if (f->cursor && !store_cursor_decode(f->cursor, &ct, &cid))
		return ow_err_set(err, OW_EINVAL, "malformed cursor \"%.40s\"",
				  f->cursor);
	struct pg_params p;
	pp_init(&p);
	struct buf q;
	buf_init(&q, 1u << 20);
	buf_puts(&q,
		 "SELECT " PG_STORY_COLUMNS ", sort_time FROM story WHERE ");
	buf_puts(&q, f->list == LIST_HELD     ? "state IN ('held', 'embargoed')"
		     : f->list == LIST_KILLED ? "state = 'killed'"
					      : "state = 'live'");
	if (f->source)
		buf_printf(&q, " AND source = $%d",
			   pp_text(&p, pg_utf8(a, f->source)));
	if (f->priority)
		buf_printf(&q, " AND priority BETWEEN 1 AND $%d",
			   pp_i64(&p, (int)f->priority));
	if (f->cluster)
		buf_printf(&q, " AND cluster_id = $%d", pp_i64(&p, f->cluster));
	if (f->section) {
		int k = pp_text(&p, pg_utf8(a, f->section));
		buf_printf(&q,
			   " AND id IN (SELECT story_id FROM story_subject "
			   "WHERE lower(name) = lower($%d) OR code = $%d)",
			   k, k);
	}
	if (f->query) {
		buf_puts(&q, " AND id IN (SELECT id FROM search_doc WHERE tsv "
			     "@@ ");
		if (!pg_words_tsquery(&q, &p, a, f->query)) {
			buf_free(&q);
			return ow_err_set(
				err, OW_EINVAL,
				"the query has no words to search for");
		}
		buf_putc(&q, ')');
	}
	if (f->since)
		buf_printf(&q, " AND versioncreated >= $%d",
			   pp_i64(&p, f->since));
	if (f->until)
		buf_printf(&q, " AND versioncreated < $%d",
			   pp_i64(&p, f->until));
	if (f->cursor) {
		int t = pp_i64(&p, ct);
		buf_printf(&q,
			   " AND (sort_time < $%d OR (sort_time = $%d AND "
			   "id < $%d))",
			   t, t, pp_i64(&p, cid));
	}
	int limit = f->limit < 1 ? 20 : f->limit > 200 ? 200 : f->limit;
	buf_printf(&q, " ORDER BY sort_time DESC, id DESC LIMIT $%d",
		   pp_i64(&p, limit + 1));
	if (q.err) {
		buf_free(&q);
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	}
	PGresult *r = read_query(s, q.p, &p, false, err, "listing stories");
	buf_free(&q);
	if (!r)
		return err->code;
	int rc = read_page(r, limit, a, out, err);
	PQclear(r);
	return rc;
}

int pg_ticker(struct store *base, int limit, int64_t now, struct arena *a,
	      struct story_page *out, struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	if (limit < 1)
		limit = 1;
	if (limit > 200)
		limit = 200;
	/* two indexed queries, merged: fresh flash/bulletin copy, then the rest */
	static const char *const sql[2] = {
		"SELECT " PG_STORY_COLUMNS " FROM story WHERE state = 'live' "
		"AND sort_time >= $1 AND priority BETWEEN 1 AND 2 "
		"ORDER BY sort_time DESC, id DESC LIMIT $2",
		"SELECT " PG_STORY_COLUMNS " FROM story WHERE state = 'live' "
		"AND $1::bigint IS NOT NULL "
		"ORDER BY sort_time DESC, id DESC LIMIT $2"};
	memset(out, 0, sizeof *out);
	out->items = arena_alloc(a, (size_t)limit * sizeof *out->items);
	if (!out->items)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	for (int q = 0; q < 2 && out->n < (size_t)limit; q++) {
		struct pg_params p;
		pp_init(&p);
		pp_i64(&p, now - s->base.cfg.priority_window);
		pp_i64(&p, limit);
		PGresult *r = read_query(s, sql[q], &p, false, err,
					 "reading the ticker");
		if (!r)
			return err->code;
		for (int i = 0; i < PQntuples(r) && out->n < (size_t)limit;
		     i++) {
			int64_t id = pg_i64(r, i, 0);
			bool seen = false;
			for (size_t k = 0; k < out->n && !seen; k++)
				seen = out->items[k].id == id;
			if (!seen)
				pg_read_summary(a, r, i, 0,
						&out->items[out->n++]);
		}
		PQclear(r);
	}
	return 0;
}

/* --------------------------------------------------------------- stories */

int pg_get_story(struct store *base, int64_t id, struct arena *a,
		 struct story *out, struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	memset(out, 0, sizeof *out);
	struct pg_params p;
	pp_init(&p);
	pp_i64(&p, id);
	PGresult *r = read_prep(s, PS_STORY_GET, &p, err, "reading story");
	if (!r)
		return err->code;
	if (!PQntuples(r)) {
		PQclear(r);
		return ow_err_set(err, OW_ENOTFOUND, "no story %lld",
				  (long long)id);
	}
	pg_read_summary(a, r, 0, 0, &out->sum);
	struct version *v = version_new(a);
	if (!v) {
		PQclear(r);
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	}
	int c = PG_STORY_NCOLUMNS;
	v->story_id = id;
	v->headline = out->sum.headline;
	v->slug = out->sum.slug;
	v->source = out->sum.source;
	v->byline = out->sum.byline;
	v->dateline.place = out->sum.place;
	v->mark = out->sum.mark;
	v->signal = out->sum.signal;
	v->priority = out->sum.priority;
	v->urgency = out->sum.urgency;
	v->firstcreated = out->sum.firstcreated;
	v->versioncreated = out->sum.versioncreated;
	v->vnum = out->sum.version;
	v->seq = out->sum.updated_seq;
	v->word_count = out->sum.word_count;
	v->dateline.date = pg_text(a, r, 0, c++);
	v->dateline.source = pg_text(a, r, 0, c++);
	v->language = pg_text(a, r, 0, c++);
	const char *subjects =
		PQgetisnull(r, 0, c) ? NULL : PQgetvalue(r, 0, c);
	c++;
	const char *body = PQgetisnull(r, 0, c) ? NULL : PQgetvalue(r, 0, c);
	c++;
	if (pg_subjects_parse(a, subjects, &v->subjects, &v->n_subjects) ||
	    pg_paras_parse(a, body, &out->paras, &out->n_paras)) {
		PQclear(r);
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	}
	out->body_html = pg_text(a, r, 0, c++);
	v->ednote = pg_text(a, r, 0, c++);
	out->correction_note = pg_text(a, r, 0, c++);
	out->kill_note = pg_text(a, r, 0, c++);
	out->next_release = pg_i64(r, 0, c++);
	v->paras = out->paras;
	v->n_paras = out->n_paras;
	v->body_html = out->body_html;
	out->current = v;
	PQclear(r);
	return 0;
}

static int read_versions(struct arena *a, PGresult *r, struct version ***out,
			 size_t *n, struct ow_err *err)
{
	int rows = PQntuples(r);
	struct version **vs = arena_alloc(a, ((size_t)rows + 1) * sizeof *vs);
	if (!vs)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	for (int i = 0; i < rows; i++) {
		if (pg_read_version(a, r, i, &vs[i]))
			return ow_err_set(err, OW_ENOMEM, "out of memory");
		(*n)++;
	}
	*out = vs;
	return 0;
}

int pg_versions_on(struct pg_store *s, struct pg_conn *c, int64_t story_id,
		   struct arena *a, struct version ***out, size_t *n,
		   struct ow_err *err)
{
	*out = NULL;
	*n = 0;
	struct pg_params p;
	pp_init(&p);
	pp_i64(&p, story_id);
	PGresult *r = pg_prep(s, c, PS_VERSIONS_OF_STORY, &p, true, err,
			      "reading versions");
	if (!r)
		return err->code;
	int rc = read_versions(a, r, out, n, err);
	PQclear(r);
	return rc;
}

int pg_get_versions(struct store *base, int64_t story_id, struct arena *a,
		    struct version ***out, size_t *n, struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	*out = NULL;
	*n = 0;
	struct pg_params p;
	pp_init(&p);
	pp_i64(&p, story_id);
	PGresult *r =
		read_prep(s, PS_VERSIONS_OF_STORY, &p, err, "reading versions");
	if (!r)
		return err->code;
	int rc = read_versions(a, r, out, n, err);
	PQclear(r);
	return rc;
}

int pg_list_advisories(struct store *base, int limit, struct arena *a,
		       struct version ***out, size_t *n, struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	*n = 0;
	if (limit < 1)
		limit = 1;
	struct pg_params p;
	pp_init(&p);
	pp_i64(&p, limit);
	PGresult *r = read_query(s,
				 "SELECT " PG_VERSION_COLUMNS " FROM version "
				 "WHERE signal = 'advisory' ORDER BY seq DESC "
				 "LIMIT $1",
				 &p, false, err, "reading advisories");
	if (!r)
		return err->code;
	int rc = read_versions(a, r, out, n, err);
	PQclear(r);
	return rc;
}

int pg_list_quarantine(struct store *base, int limit, struct arena *a,
		       struct quarantine_entry **out, size_t *n,
		       struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	*n = 0;
	if (limit < 1)
		limit = 1;
	struct pg_params p;
	pp_init(&p);
	pp_i64(&p, limit);
	PGresult *r = read_query(s,
				 "SELECT id, received_at, origin, reason, len "
				 "FROM raw_input WHERE status = 'rejected' "
				 "ORDER BY id DESC LIMIT $1",
				 &p, false, err, "reading quarantine");
	if (!r)
		return err->code;
	*out = arena_alloc(a, (size_t)limit * sizeof **out);
	if (!*out) {
		PQclear(r);
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	}
	for (int i = 0; i < PQntuples(r) && *n < (size_t)limit; i++) {
		struct quarantine_entry *q = &(*out)[(*n)++];
		q->raw_id = pg_i64(r, i, 0);
		q->received_at = pg_i64(r, i, 1);
		q->origin = pg_text(a, r, i, 2);
		q->reason = pg_text(a, r, i, 3);
		q->len = (size_t)pg_i64(r, i, 4);
	}
	PQclear(r);
	return 0;
}

int pg_get_raw(struct store *base, int64_t raw_id, struct arena *a,
	       const char **bytes, size_t *len, struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	struct pg_params p;
	pp_init(&p);
	pp_i64(&p, raw_id);
	/* binary results: the bytes exactly, no hex to decode */
	PGresult *r = read_query(s, "SELECT bytes FROM raw_input WHERE id = $1",
				 &p, true, err, "reading raw input");
	if (!r)
		return err->code;
	if (!PQntuples(r)) {
		PQclear(r);
		return ow_err_set(err, OW_ENOTFOUND, "no raw input %lld",
				  (long long)raw_id);
	}
	*len = (size_t)PQgetlength(r, 0, 0);
	char *b = arena_alloc(a, *len + 1);
	if (b) {
		if (*len)
			memcpy(b, PQgetvalue(r, 0, 0), *len);
		b[*len] = '\0';
	}
	PQclear(r);
	if (!b)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	*bytes = b;
	return 0;
}

int pg_stats(struct store *base, struct store_stats *o, struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	memset(o, 0, sizeof *o);
	PGresult *r = read_query(
		s,
		"SELECT (SELECT count(*) FROM story),"
		" (SELECT count(*) FROM story WHERE state = 'live'),"
		" (SELECT count(*) FROM version),"
		" (SELECT count(*) FROM raw_input),"
		" (SELECT count(*) FROM raw_input WHERE status = 'rejected'),"
		" (SELECT coalesce(max(seq), 0) FROM version)",
		NULL, false, err, "counting");
	if (!r)
		return err->code;
	o->stories = pg_i64(r, 0, 0);
	o->live = pg_i64(r, 0, 1);
	o->versions = pg_i64(r, 0, 2);
	o->raw_inputs = pg_i64(r, 0, 3);
	o->quarantined = pg_i64(r, 0, 4);
	o->last_seq = pg_i64(r, 0, 5);
	PQclear(r);
	return 0;
}

/* ---------------------------------------------------------------- events */

int pg_events_after(struct store *base, int64_t after, int limit,
		    struct arena *a, struct store_event **out, size_t *n,
		    struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	*n = 0;
	if (limit < 1)
		limit = 1;
	struct pg_params p;
	pp_init(&p);
	pp_i64(&p, after);
	pp_i64(&p, limit);
	PGresult *r = read_prep(s, PS_EVENTS_AFTER, &p, err, "reading events");
	if (!r)
		return err->code;
	*out = arena_alloc(a, (size_t)limit * sizeof **out);
	if (!*out) {
		PQclear(r);
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	}
	for (int i = 0; i < PQntuples(r) && *n < (size_t)limit; i++) {
		struct store_event *e = &(*out)[(*n)++];
		e->seq = pg_i64(r, i, 0);
		e->kind = pg_text(a, r, i, 1);
		e->at = pg_i64(r, i, 2);
		pg_read_summary(a, r, i, 3, &e->sum);
		e->story_id = e->sum.id;
		e->sections = pg_text(a, r, i, 3 + PG_STORY_NCOLUMNS);
	}
	PQclear(r);
	return 0;
}

int pg_last_seq(struct store *base, int64_t *seq, struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	*seq = 0;
	PGresult *r = read_prep(s, PS_LAST_SEQ, NULL, err, "reading last seq");
	if (!r)
		return err->code;
	*seq = pg_i64(r, 0, 0);
	PQclear(r);
	return 0;
}

int pg_story_matches(struct store *base, int64_t id, const char *words,
		     bool *out, struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	*out = false;
	struct arena *a = arena_new();
	if (!a)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	struct pg_params p;
	pp_init(&p);
	struct buf q;
	buf_init(&q, 1u << 20);
	buf_printf(&q, "SELECT 1 FROM search_doc WHERE id = $%d AND tsv @@ ",
		   pp_i64(&p, id));
	int rc = 0;
	if (!pg_words_tsquery(&q, &p, a, words))
		rc = ow_err_set(err, OW_EINVAL, "the query has no words");
	else if (q.err)
		rc = ow_err_set(err, OW_ENOMEM, "out of memory");
	PGresult *r = rc ? NULL
			 : read_query(s, q.p, &p, false, err, "matching story");
	if (!rc && !r)
		rc = err->code;
	if (r)
		*out = PQntuples(r) > 0;
	PQclear(r);
	buf_free(&q);
	arena_free(a);
	return rc;
}

/* -------------------------------------------------------------- clusters */

/* a story's time for clusters: its copy time, never after it arrived */
#define CLUSTER_TIME "least(sort_time, last_seen)"

int pg_cluster_seeds(struct store *base, int64_t since, int limit,
		     struct arena *a, struct cluster_seed **out, size_t *n,
		     struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	*n = 0;
	if (limit < 1)
		limit = 1;
	struct pg_params p;
	pp_init(&p);
	pp_i64(&p, since);
	pp_i64(&p, limit);
	/* the newest `limit`, handed back oldest first */
	PGresult *r = read_query(
		s,
		"SELECT * FROM (SELECT id, state, source, " CLUSTER_TIME
		" AS t, priority, headline, body, coalesce(cluster_id, 0), "
		"coalesce(near_dup_of, 0) FROM story WHERE state = 'live' "
		"AND sort_time >= $1 AND " CLUSTER_TIME " >= $1 "
		"ORDER BY t DESC, id DESC LIMIT $2) x ORDER BY t, id",
		&p, false, err, "reading cluster seeds");
	if (!r)
		return err->code;
	*out = arena_alloc(a, (size_t)limit * sizeof **out);
	int rc = *out ? 0 : ow_err_set(err, OW_ENOMEM, "out of memory");
	for (int i = 0; !rc && i < PQntuples(r) && *n < (size_t)limit; i++) {
		struct cluster_seed *c = &(*out)[(*n)++];
		memset(c, 0, sizeof *c);
		c->info.story_id = pg_i64(r, i, 0);
		c->info.state = STORY_LIVE;
		c->info.source = pg_text(a, r, i, 2);
		c->info.time = pg_i64(r, i, 3);
		c->info.priority = (enum priority)pg_i64(r, i, 4);
		c->info.headline = pg_text(a, r, i, 5);
		struct para *pa;
		size_t np;
		if (pg_paras_parse(a,
				   PQgetisnull(r, i, 6) ? NULL
							: PQgetvalue(r, i, 6),
				   &pa, &np))
			rc = ow_err_set(err, OW_ENOMEM, "out of memory");
		c->info.paras = pa;
		c->info.n_paras = np;
		c->cluster_id = pg_i64(r, i, 7);
		c->near_dup_of = pg_i64(r, i, 8);
	}
	PQclear(r);
	return rc;
}

int pg_latest_time(struct store *base, int64_t *t, struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	*t = 0;
	PGresult *r = read_query(s,
				 "SELECT coalesce(max(" CLUSTER_TIME "), 0) "
				 "FROM story WHERE state = 'live'",
				 NULL, false, err, "reading latest time");
	if (!r)
		return err->code;
	*t = pg_i64(r, 0, 0);
	PQclear(r);
	return 0;
}
