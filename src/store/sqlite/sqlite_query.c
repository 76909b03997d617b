/* Reads from SQLite: story lists, the ticker, single stories, versions, raw
 * bytes, quarantine and counts. Only live stories reach lists and the
 * ticker; callers of get_story decide what a non-live state means. */
#include "store/sqlite/sqlite_int.h"

#include "common/buf.h"

#include <stdlib.h>
#include <string.h>

static int read_page(struct sqlite_store *s, sqlite3_stmt *st, int limit,
		     struct arena *a, struct story_page *out,
		     struct ow_err *err)
{
	memset(out, 0, sizeof *out);
	out->items = arena_alloc(a, ((size_t)limit + 1) * sizeof *out->items);
	if (!out->items)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	int rc;
	int64_t last_time = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == (size_t)limit) {
			/* one more row exists: the page has a successor */
			const struct story_summary *l = &out->items[out->n - 1];
			out->next = store_cursor_encode(a, last_time, l->id);
			break;
		}
		sq_read_summary(a, st, &out->items[out->n]);
		last_time =
			sqlite3_column_int64(st, sqlite3_column_count(st) - 1);
		out->n++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(s, err, "reading stories");
	return 0;
}

int sq_list_stories(struct store *base, const struct story_filter *f,
		    struct arena *a, struct story_page *out, struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	int64_t ct = 0, cid = 0;
	if (f->cursor && !store_cursor_decode(f->cursor, &ct, &cid))
		return ow_err_set(err, OW_EINVAL, "malformed cursor \"%.40s\"",
				  f->cursor);
	struct buf q;
	buf_init(&q, 4096);
	buf_puts(&q,
		 "SELECT " SQ_STORY_COLUMNS ", sort_time FROM story WHERE ");
	buf_puts(&q, f->list == LIST_HELD     ? "state IN ('held', 'embargoed')"
		     : f->list == LIST_KILLED ? "state = 'killed'"
					      : "state = 'live'");
	if (f->source)
		buf_puts(&q, " AND source = :source");
	if (f->priority)
		buf_puts(&q, " AND priority BETWEEN 1 AND :priority");
	if (f->cluster)
		buf_puts(&q, " AND cluster_id = :cluster");
	if (f->section)
		buf_puts(&q, " AND id IN (SELECT story_id FROM story_subject "
			     "WHERE name = :section COLLATE NOCASE OR "
			     "code = :section)");
	char *match = NULL;
	if (f->query) {
		match = sq_fts_words(f->query);
		if (!match) {
			buf_free(&q);
			return ow_err_set(
				err, OW_EINVAL,
				"the query has no words to search for");
		}
		buf_puts(&q, " AND id IN (SELECT rowid FROM story_fts WHERE "
			     "story_fts MATCH :match)");
	}
	if (f->since)
		buf_puts(&q, " AND versioncreated >= :since");
	if (f->until)
		buf_puts(&q, " AND versioncreated < :until");
	if (f->cursor)
		buf_puts(&q, " AND (sort_time < :ct OR (sort_time = :ct AND "
			     "id < :cid))");
	buf_puts(&q, " ORDER BY sort_time DESC, id DESC LIMIT :limit");
	sqlite3_stmt *st = NULL;
	if (q.err) {
		buf_free(&q);
		free(match);
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	}
	if (sqlite3_prepare_v2(s->db, q.p, -1, &st, NULL)) {
		buf_free(&q);
		free(match);
		return sq_fail(s, err, "preparing story list");
	}
	buf_free(&q);
#define BIND(name, fn, ...)                                                    \
	do {                                                                   \
		int i_ = sqlite3_bind_parameter_index(st, name);               \
		if (i_)                                                        \
			fn(st, i_, __VA_ARGS__);                               \
	} while (0)
	if (f->source)
		BIND(":source", sqlite3_bind_text, f->source, -1,
		     SQLITE_STATIC);
	if (f->section)
		BIND(":section", sqlite3_bind_text, f->section, -1,
		     SQLITE_STATIC);
	if (match)
		BIND(":match", sqlite3_bind_text, match, -1, SQLITE_STATIC);
	BIND(":priority", sqlite3_bind_int, (int)f->priority);
	BIND(":cluster", sqlite3_bind_int64, f->cluster);
	BIND(":since", sqlite3_bind_int64, f->since);
	BIND(":until", sqlite3_bind_int64, f->until);
	BIND(":ct", sqlite3_bind_int64, ct);
	BIND(":cid", sqlite3_bind_int64, cid);
	int limit = f->limit < 1 ? 20 : f->limit > 200 ? 200 : f->limit;
	BIND(":limit", sqlite3_bind_int, limit + 1);
#undef BIND
	int rc = read_page(s, st, limit, a, out, err);
	sqlite3_finalize(st);
	free(match);
	return rc;
}

int sq_ticker(struct store *base, int limit, int64_t now, struct arena *a,
	      struct story_page *out, struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	if (limit < 1)
		limit = 1;
	if (limit > 200)
		limit = 200;
	/* two indexed queries, merged: fresh flash/bulletin copy, then the rest */
	static const char *const sql[2] = {
		"SELECT " SQ_STORY_COLUMNS ", sort_time FROM story WHERE "
		"state = 'live' AND sort_time >= ? AND priority BETWEEN 1 AND "
		"2 "
		"ORDER BY sort_time DESC, id DESC LIMIT ?",
		"SELECT " SQ_STORY_COLUMNS ", sort_time FROM story WHERE "
		"state = 'live' AND ? IS NOT NULL "
		"ORDER BY sort_time DESC, id DESC LIMIT ?"};
	memset(out, 0, sizeof *out);
	out->items = arena_alloc(a, (size_t)limit * sizeof *out->items);
	if (!out->items)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	for (int q = 0; q < 2 && out->n < (size_t)limit; q++) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(s->db, sql[q], -1, &st, NULL))
			return sq_fail(s, err, "preparing ticker");
		sqlite3_bind_int64(st, 1, now - s->base.cfg.priority_window);
		sqlite3_bind_int(st, 2, limit);
		int rc;
		while (out->n < (size_t)limit &&
		       (rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(st, 0);
			bool seen = false;
			for (size_t i = 0; i < out->n && !seen; i++)
				seen = out->items[i].id == id;
			if (!seen)
				sq_read_summary(a, st, &out->items[out->n++]);
		}
		sqlite3_finalize(st);
	}
	return 0;
}

int sq_get_story(struct store *base, int64_t id, struct arena *a,
		 struct story *out, struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = sq_stmt(s, ST_STORY_GET);
	if (!st)
		return sq_fail(s, err, "preparing story read");
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return ow_err_set(err, OW_ENOTFOUND, "no story %lld",
				  (long long)id);
	if (rc != SQLITE_ROW)
		return sq_fail(s, err, "reading story");
	sq_read_summary(a, st, &out->sum);
	struct version *v = version_new(a);
	if (!v)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	int c = SQ_STORY_NCOLUMNS;
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
	v->dateline.date = sq_col_text(a, st, c++);
	v->dateline.source = sq_col_text(a, st, c++);
	v->language = sq_col_text(a, st, c++);
	if (sq_subjects_parse(a, (const char *)sqlite3_column_text(st, c++),
			      &v->subjects, &v->n_subjects) ||
	    sq_paras_parse(a, (const char *)sqlite3_column_text(st, c++),
			   &out->paras, &out->n_paras))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	out->body_html = sq_col_text(a, st, c++);
	v->ednote = sq_col_text(a, st, c++);
	out->correction_note = sq_col_text(a, st, c++);
	out->kill_note = sq_col_text(a, st, c++);
	out->next_release = sqlite3_column_int64(st, c++);
	v->paras = out->paras;
	v->n_paras = out->n_paras;
	v->body_html = out->body_html;
	out->current = v;
	sqlite3_reset(st);
	return 0;
}

int sq_get_versions(struct store *base, int64_t story_id, struct arena *a,
		    struct version ***out, size_t *n, struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = sq_stmt(s, ST_VERSIONS_OF_STORY);
	if (!st)
		return sq_fail(s, err, "preparing versions read");
	sqlite3_bind_int64(st, 1, story_id);
	size_t cap = 0;
	struct version **vs = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 8;
			struct version **p = arena_alloc(a, nc * sizeof *p);
			if (!p)
				return ow_err_set(err, OW_ENOMEM,
						  "out of memory");
			if (vs)
				memcpy(p, vs, *n * sizeof *p);
			vs = p;
			cap = nc;
		}
		if (sq_read_version(a, st, &vs[*n]))
			return ow_err_set(err, OW_ENOMEM, "out of memory");
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sq_fail(s, err, "reading versions");
	*out = vs;
	return 0;
}

int sq_list_advisories(struct store *base, int limit, struct arena *a,
		       struct version ***out, size_t *n, struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	*n = 0;
	if (limit < 1)
		limit = 1;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT " SQ_VERSION_COLUMNS " FROM version "
			       "WHERE signal = 'advisory' ORDER BY seq DESC "
			       "LIMIT ?",
			       -1, &st, NULL))
		return sq_fail(s, err, "preparing advisories");
	sqlite3_bind_int(st, 1, limit);
	*out = arena_alloc(a, (size_t)limit * sizeof **out);
	int rc = *out ? 0 : ow_err_set(err, OW_ENOMEM, "out of memory");
	while (!rc && sqlite3_step(st) == SQLITE_ROW && *n < (size_t)limit)
		if (sq_read_version(a, st, &(*out)[(*n)++]))
			rc = ow_err_set(err, OW_ENOMEM, "out of memory");
	sqlite3_finalize(st);
	return rc;
}

int sq_list_quarantine(struct store *base, int limit, struct arena *a,
		       struct quarantine_entry **out, size_t *n,
		       struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	*n = 0;
	if (limit < 1)
		limit = 1;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(
		    s->db,
		    "SELECT id, received_at, origin, reason, len FROM "
		    "raw_input WHERE status = 'rejected' ORDER BY id "
		    "DESC LIMIT ?",
		    -1, &st, NULL))
		return sq_fail(s, err, "preparing quarantine list");
	sqlite3_bind_int(st, 1, limit);
	*out = arena_alloc(a, (size_t)limit * sizeof **out);
	if (!*out) {
		sqlite3_finalize(st);
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	}
	while (sqlite3_step(st) == SQLITE_ROW && *n < (size_t)limit) {
		struct quarantine_entry *q = &(*out)[(*n)++];
		q->raw_id = sqlite3_column_int64(st, 0);
		q->received_at = sqlite3_column_int64(st, 1);
		q->origin = sq_col_text(a, st, 2);
		q->reason = sq_col_text(a, st, 3);
		q->len = (size_t)sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	return 0;
}

int sq_get_raw(struct store *base, int64_t raw_id, struct arena *a,
	       const char **bytes, size_t *len, struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT bytes FROM raw_input WHERE id = ?", -1,
			       &st, NULL))
		return sq_fail(s, err, "preparing raw read");
	sqlite3_bind_int64(st, 1, raw_id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return rc == SQLITE_DONE ? ow_err_set(err, OW_ENOTFOUND,
						      "no raw input %lld",
						      (long long)raw_id)
					 : sq_fail(s, err, "reading raw input");
	}
	*len = (size_t)sqlite3_column_bytes(st, 0);
	char *p = arena_alloc(a, *len + 1);
	if (p && *len)
		memcpy(p, sqlite3_column_blob(st, 0), *len);
	sqlite3_finalize(st);
	if (!p)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	*bytes = p;
	return 0;
}

int sq_stats(struct store *base, struct store_stats *o, struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	memset(o, 0, sizeof *o);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(
		    s->db,
		    "SELECT (SELECT count(*) FROM story),"
		    " (SELECT count(*) FROM story WHERE state = 'live'),"
		    " (SELECT count(*) FROM version),"
		    " (SELECT count(*) FROM raw_input),"
		    " (SELECT count(*) FROM raw_input WHERE status = "
		    "'rejected'),"
		    " (SELECT coalesce(max(seq), 0) FROM version)",
		    -1, &st, NULL))
		return sq_fail(s, err, "preparing stats");
	if (sqlite3_step(st) == SQLITE_ROW) {
		o->stories = sqlite3_column_int64(st, 0);
		o->live = sqlite3_column_int64(st, 1);
		o->versions = sqlite3_column_int64(st, 2);
		o->raw_inputs = sqlite3_column_int64(st, 3);
		o->quarantined = sqlite3_column_int64(st, 4);
		o->last_seq = sqlite3_column_int64(st, 5);
	}
	sqlite3_finalize(st);
	return 0;
}

int sq_events_after(struct store *base, int64_t after, int limit,
		    struct arena *a, struct store_event **out, size_t *n,
		    struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	*n = 0;
	if (limit < 1)
		limit = 1;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(
		    s->db,
		    "SELECT e.seq, e.kind, e.at, " SQ_STORY_COLUMNS_S
		    /* its sections, "name\x1fcode" joined by "\x1e", for the
		     * push filters */
		    ", (SELECT group_concat(coalesce(name, '') || char(31) || "
		    "coalesce(code, ''), char(30)) FROM story_subject "
		    "WHERE story_id = s.id)"
		    " FROM event e JOIN story s ON s.id = e.story_id "
		    "WHERE e.seq > ? ORDER BY e.seq LIMIT ?",
		    -1, &st, NULL))
		return sq_fail(s, err, "preparing events");
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int(st, 2, limit);
	*out = arena_alloc(a, (size_t)limit * sizeof **out);
	int rc = *out ? 0 : ow_err_set(err, OW_ENOMEM, "out of memory");
	while (!rc && *n < (size_t)limit) {
		int step = sqlite3_step(st);
		if (step == SQLITE_DONE)
			break;
		if (step != SQLITE_ROW) {
			rc = sq_fail(s, err, "reading events");
			break;
		}
		struct store_event *e = &(*out)[(*n)++];
		e->seq = sqlite3_column_int64(st, 0);
		e->kind = sq_col_text(a, st, 1);
		e->at = sqlite3_column_int64(st, 2);
		sq_read_summary_at(a, st, 3, &e->sum);
		e->story_id = e->sum.id;
		e->sections = sq_col_text(a, st, 3 + SQ_STORY_NCOLUMNS);
	}
	sqlite3_finalize(st);
	return rc;
}

int sq_last_seq(struct store *base, int64_t *seq, struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = sq_stmt(s, ST_LAST_SEQ);
	if (!st)
		return sq_fail(s, err, "preparing last seq");
	*seq = 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		*seq = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

int sq_story_matches(struct store *base, int64_t id, const char *words,
		     bool *out, struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	*out = false;
	char *match = sq_fts_words(words);
	if (!match)
		return ow_err_set(err, OW_EINVAL, "the query has no words");
	sqlite3_stmt *st;
	int rc = 0;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT 1 FROM story_fts WHERE rowid = ? AND "
			       "story_fts MATCH ?",
			       -1, &st, NULL)) {
		free(match);
		return sq_fail(s, err, "preparing match");
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, match, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*out = true;
	else if (step != SQLITE_DONE)
		rc = sq_fail(s, err, "matching story");
	sqlite3_finalize(st);
	free(match);
	return rc;
}
