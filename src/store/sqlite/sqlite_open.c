/* Opening a SQLite store: pragmas, migrations, the statement cache and the
 * backend's vtable. */
#include "store/sqlite/sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const stmt_sql[ST_COUNT] = {
	[ST_RAW_INSERT] =
		"INSERT INTO raw_input(received_at, origin, format, status, "
		"reason, len, bytes) VALUES (?,?,?,?,?,?,?)",
	[ST_KEY_LOOKUP] =
		"SELECT story_id, last_seen FROM story_key WHERE key = ?",
	[ST_KEY_UPSERT] =
		"INSERT INTO story_key(key, story_id, rule, last_seen) "
		"VALUES (?,?,?,?) ON CONFLICT(key) DO UPDATE SET "
		"story_id = excluded.story_id, rule = excluded.rule, "
		"last_seen = max(last_seen, excluded.last_seen)",
	[ST_STORY_INSERT] = "INSERT INTO story(first_seen, last_seen, source) "
			    "VALUES (?, ?, ?)",
	[ST_STORY_NVERSIONS] =
		"UPDATE story SET n_versions = n_versions + 1, last_seen = ? "
		"WHERE id = ? RETURNING n_versions",
	[ST_VERSION_INSERT] =
		"INSERT INTO version(seq, story_id, vnum, raw_id, raw_off, "
		"raw_len, "
		"received_at, format, source, item_id, item_version, "
		"evolved_from, signal, mark, mark_ordinal, pickup_para, "
		"pubstatus, priority, urgency, slug, headline, byline, "
		"dateline_place, dateline_date, dateline_source, language, "
		"subjects, body, body_html, word_count, ednote, firstcreated, "
		"versioncreated, embargo, embargo_held, warnings, link_rule, "
		"link_key, fingerprint) VALUES "
		"(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
		"?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[ST_VERSION_BY_FP] = "SELECT seq, story_id, vnum FROM version "
			     "WHERE fingerprint = ?",
	[ST_VERSIONS_OF_STORY] =
		"SELECT " SQ_VERSION_COLUMNS
		" FROM version WHERE story_id = ? ORDER BY seq",
	[ST_STORY_UPDATE] =
		"UPDATE story SET state = ?, headline = ?, slug = ?, byline = "
		"?, "
		"place = ?, dateline_date = ?, dateline_source = ?, "
		"language = ?, subjects = ?, mark = ?, signal = ?, priority = "
		"?, "
		"urgency = ?, firstcreated = ?, versioncreated = ?, "
		"sort_time = ?, updated_seq = ?, word_count = ?, body = ?, "
		"body_html = ?, ednote = ?, corrected = ?, correction_note = "
		"?, "
		"kill_note = ?, next_release = ?, source = ?, current_vnum = "
		"?, "
		"changed_at = CASE WHEN ? THEN ? ELSE changed_at END, "
		"cluster_id = CASE WHEN ? THEN nullif(?, 0) ELSE cluster_id "
		"END, "
		"near_dup_of = CASE WHEN ? THEN nullif(?, 0) ELSE near_dup_of "
		"END WHERE id = ?",
	[ST_FTS_DELETE] = "DELETE FROM story_fts WHERE rowid = ?",
	[ST_FTS_INSERT] =
		"INSERT INTO story_fts(rowid, headline, lede, body, slug, "
		"byline, place, source) VALUES (?,?,?,?,?,?,?,?)",
	[ST_DOC_DELETE] = "DELETE FROM search_doc WHERE id = ?",
	[ST_DOC_INSERT] = "INSERT INTO search_doc(id, vtime, priority, "
			  "source, language, sections, section_keys) "
			  "VALUES (?,?,?,?,?,?,?)",
	[ST_STORY_GET] =
		"SELECT " SQ_STORY_COLUMNS ", dateline_date, dateline_source, "
		"language, subjects, body, body_html, ednote, correction_note, "
		"kill_note, next_release FROM story WHERE id = ?",
	[ST_STORY_STATE] = "SELECT state, updated_seq FROM story WHERE id = ?",
	[ST_SEQ_NEXT] =
		"UPDATE counter SET value = value + 1 WHERE name = 'seq' "
		"RETURNING value",
	[ST_EVENT_INSERT] =
		"INSERT INTO event(seq, kind, story_id, version_seq, "
		"at) VALUES (?,?,?,?,?)",
	[ST_SUBJECT_DELETE] = "DELETE FROM story_subject WHERE story_id = ?",
	[ST_SUBJECT_INSERT] = "INSERT INTO story_subject(story_id, code, name) "
			      "VALUES (?,?,?)",
	[ST_LAST_SEQ] = "SELECT coalesce(max(seq), 0) FROM event",
	[ST_DUE] = "SELECT id FROM story WHERE next_release > 0 AND "
		   "next_release <= ? ORDER BY next_release LIMIT ?",
	[ST_NEXT_RELEASE] = "SELECT min(next_release) FROM story "
			    "WHERE next_release > 0",
};

sqlite3_stmt *sq_stmt(struct sqlite_store *s, enum stmt_id id)
{
	if (!s->st[id] &&
	    sqlite3_prepare_v3(s->db, stmt_sql[id], -1,
			       SQLITE_PREPARE_PERSISTENT, &s->st[id], NULL))
		return NULL;
	sqlite3_reset(s->st[id]);
	sqlite3_clear_bindings(s->st[id]);
	return s->st[id];
}

int sq_fail(struct sqlite_store *s, struct ow_err *err, const char *what)
{
	return ow_err_set(err, OW_ESTORE, "sqlite: %s: %s", what,
			  sqlite3_errmsg(s->db));
}

int sq_exec(struct sqlite_store *s, const char *sql, struct ow_err *err)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		ow_err_set(err, OW_ESTORE, "sqlite: %s", msg ? msg : "error");
		sqlite3_free(msg);
		return OW_ESTORE;
	}
	return 0;
}

void sq_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

const char *sq_col_text(struct arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	if (!t)
		return NULL;
	return arena_strndup(a, (const char *)t,
			     (size_t)sqlite3_column_bytes(st, i));
}

static int user_version(struct sqlite_store *s)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL))
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int migrate(struct sqlite_store *s, struct ow_err *err)
{
	int rc = sq_exec(s, "BEGIN IMMEDIATE", err);
	if (rc)
		return rc;
	int v = user_version(s);
	if (v < 0) {
		sq_exec(s, "ROLLBACK", NULL);
		return sq_fail(s, err, "reading schema version");
	}
	if (v > sqlite_n_migrations) {
		sq_exec(s, "ROLLBACK", NULL);
		return ow_err_set(err, OW_ESTORE,
				  "database schema version %d is newer than "
				  "this offwire knows (%d); upgrade offwire",
				  v, sqlite_n_migrations);
	}
	for (; v < sqlite_n_migrations; v++) {
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d",
			 v + 1);
		if ((rc = sq_exec(s, sqlite_migrations[v], err)) ||
		    (rc = sq_exec(s, pragma, err))) {
			sq_exec(s, "ROLLBACK", NULL);
			return rc;
		}
	}
	return sq_exec(s, "COMMIT", err);
}

static void sq_close(struct store *base)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sq_fts_discard(s);
	free(s->fts);
	sq_search_free(s);
	sqlite3_close(s->db);
	free(s);
}

static int sq_schema_version(struct store *base)
{
	return user_version((struct sqlite_store *)base);
}

static int sq_begin(struct store *base, struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	if (s->depth++)
		return 0;
	int rc = sq_exec(s, "BEGIN IMMEDIATE", err);
	if (rc)
		s->depth = 0;
	return rc;
}

static int sq_commit(struct store *base, struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	if (s->depth == 0)
		return ow_err_set(err, OW_EINVAL, "commit without begin");
	if (--s->depth)
		return 0;
	if (!s->batch_failed && sq_fts_flush(s, err))
		s->batch_failed = true;
	if (s->batch_failed) {
		s->batch_failed = false;
		sq_fts_discard(s);
		sq_exec(s, "ROLLBACK", NULL);
		return ow_err_set(err, OW_ESTORE,
				  "an ingest in this batch failed; the batch "
				  "was rolled back");
	}
	return sq_exec(s, "COMMIT", err);
}

static int sq_rollback(struct store *base)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	if (s->depth == 0)
		return 0;
	s->depth = 0;
	s->batch_failed = false;
	sq_fts_discard(s);
	return sq_exec(s, "ROLLBACK", NULL);
}

static const struct store_ops sqlite_ops = {
	.name = "sqlite",
	.close = sq_close,
	.schema_version = sq_schema_version,
	.ingest = sq_ingest,
	.quarantine = sq_quarantine,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.list_stories = sq_list_stories,
	.ticker = sq_ticker,
	.get_story = sq_get_story,
	.get_versions = sq_get_versions,
	.events_after = sq_events_after,
	.story_matches = sq_story_matches,
	.last_seq = sq_last_seq,
	.cluster_seeds = sq_cluster_seeds,
	.latest_time = sq_latest_time,
	.list_advisories = sq_list_advisories,
	.release_due = sq_release_due,
	.next_release = sq_next_release,
	.list_quarantine = sq_list_quarantine,
	.get_raw = sq_get_raw,
	.stats = sq_stats,
	.search = sq_search,
};

int sqlite_store_open(const char *path, const struct store_config *cfg,
		      struct store **out, struct ow_err *err)
{
	struct sqlite_store *s = calloc(1, sizeof *s);
	if (!s)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	s->base.ops = &sqlite_ops;
	s->base.cfg = *cfg;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		    SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		ow_err_set(err, OW_ESTORE, "cannot open database %s: %s", path,
			   s->db ? sqlite3_errmsg(s->db) : "out of memory");
		sqlite3_close(s->db);
		free(s);
		return OW_ESTORE;
	}
	sqlite3_busy_timeout(s->db, 5000);
	sqlite3_extended_result_codes(s->db, 1);
	/* WAL: readers never block the writer. synchronous=FULL: a commit is
	 * on disk before ingest acknowledges it, even across a power loss. */
	int rc = sq_exec(s,
			 "PRAGMA journal_mode = WAL;"
			 "PRAGMA synchronous = FULL;"
			 "PRAGMA foreign_keys = ON;"
			 "PRAGMA temp_store = MEMORY;",
			 err);
	if (!rc)
		rc = migrate(s, err);
	if (!rc && sq_rank_register(s->db))
		rc = sq_fail(s, err, "registering the search ranking");
	if (rc) {
		sq_close(&s->base);
		return rc;
	}
	*out = &s->base;
	return 0;
}
