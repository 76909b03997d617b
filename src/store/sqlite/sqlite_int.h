/* Private to the SQLite backend: the handle, its cached statements and the
 * row codecs shared by its files. */
#ifndef OW_SQLITE_INT_H
#define OW_SQLITE_INT_H

#include <sqlite3.h>

#include "store/store_int.h"

enum stmt_id {
	ST_RAW_INSERT,
	ST_KEY_LOOKUP,
	ST_KEY_UPSERT,
	ST_STORY_INSERT,
	ST_STORY_NVERSIONS,
	ST_VERSION_INSERT,
	ST_VERSION_BY_FP,
	ST_VERSIONS_OF_STORY,
	ST_STORY_UPDATE,
	ST_FTS_DELETE,
	ST_FTS_INSERT,
	ST_DOC_DELETE,
	ST_DOC_INSERT,
	ST_STORY_GET,
	ST_STORY_STATE,
	ST_SEQ_NEXT,
	ST_EVENT_INSERT,
	ST_SUBJECT_DELETE,
	ST_SUBJECT_INSERT,
	ST_LAST_SEQ,
	ST_DUE,
	ST_NEXT_RELEASE,
	ST_COUNT
};

struct sqlite_store {
	struct store base;
	sqlite3 *db;
	sqlite3_stmt *st[ST_COUNT];
	int depth;           /* open store_begin transactions */
	struct fts_row *fts; /* index rows waiting for commit (sqlite_fts.c) */
	size_t fts_n, fts_cap;
	bool batch_failed;    /* an ingest failed inside the open batch */
	struct df_cache *dfs; /* phrase document counts (sqlite_search.c) */
};

/* The schema, one migration per entry; index + 1 is the schema version. */
extern const char *const sqlite_migrations[];
extern const int sqlite_n_migrations;

/* A cached statement, reset and with bindings cleared; NULL on failure. */
sqlite3_stmt *sq_stmt(struct sqlite_store *s, enum stmt_id id);
int sq_exec(struct sqlite_store *s, const char *sql, struct ow_err *err);
/* Records the database's message on err; returns OW_ESTORE. */
int sq_fail(struct sqlite_store *s, struct ow_err *err, const char *what);

/* Binding helpers: NULL strings bind as SQL NULL. */
void sq_bind_text(sqlite3_stmt *st, int i, const char *s);
const char *sq_col_text(struct arena *a, sqlite3_stmt *st, int i);

/* Row codecs (sqlite_rows.c). JSON columns for paragraphs and subjects. */
char *sq_paras_json(const struct para *p, size_t n); /* malloc'd */
char *sq_subjects_json(const struct subject *s, size_t n);
char *sq_strings_json(const char *const *s, size_t n);
int sq_paras_parse(struct arena *a, const char *json, struct para **out,
		   size_t *n);
int sq_subjects_parse(struct arena *a, const char *json, struct subject **out,
		      size_t *n);
int sq_strings_parse(struct arena *a, const char *json, const char ***out,
		     size_t *n);
/* Reads a version row selected with SQ_VERSION_COLUMNS. */
int sq_read_version(struct arena *a, sqlite3_stmt *st, struct version **out);
/* Reads a story row selected with SQ_STORY_COLUMNS (from column `first`). */
int sq_read_summary(struct arena *a, sqlite3_stmt *st,
		    struct story_summary *out);
int sq_read_summary_at(struct arena *a, sqlite3_stmt *st, int first,
		       struct story_summary *out);
/* An FTS5 query that matches every word of `words`, each quoted so that no
 * FTS5 syntax in it is interpreted (malloc'd; NULL if there are no words). */
char *sq_fts_words(const char *words);

#define SQ_VERSION_COLUMNS                                                     \
	"seq, story_id, vnum, raw_id, raw_off, raw_len, received_at, format, " \
	"source, item_id, item_version, evolved_from, signal, mark, "          \
	"mark_ordinal, pickup_para, pubstatus, priority, urgency, slug, "      \
	"headline, byline, dateline_place, dateline_date, dateline_source, "   \
	"language, subjects, body, body_html, word_count, ednote, "            \
	"firstcreated, versioncreated, embargo, embargo_held, warnings, "      \
	"link_rule, link_key"

#define SQ_STORY_COLUMNS                                                       \
	"id, state, headline, slug, source, byline, place, mark, signal, "     \
	"priority, urgency, firstcreated, versioncreated, updated_seq, "       \
	"current_vnum, word_count, corrected, changed_at, cluster_id"
#define SQ_STORY_NCOLUMNS 19
/* The same columns qualified by the table alias "s" (for joins). */
#define SQ_STORY_COLUMNS_S                                                     \
	"s.id, s.state, s.headline, s.slug, s.source, s.byline, s.place, "     \
	"s.mark, s.signal, s.priority, s.urgency, s.firstcreated, "            \
	"s.versioncreated, s.updated_seq, s.current_vnum, s.word_count, "      \
	"s.corrected, s.changed_at, s.cluster_id"

/* The search index, written just before commit (sqlite_fts.c). */
int sq_fts_queue(struct sqlite_store *s, int64_t id, bool had_row, bool live,
		 const struct version *m, const struct para *p, size_t n);
int sq_fts_flush(struct sqlite_store *s, struct ow_err *err);
void sq_fts_discard(struct sqlite_store *s);

/* Ingest and resolve (sqlite_ingest.c), also used by release. */
int sq_resolve_story(struct sqlite_store *s, int64_t story_id, int64_t now,
		     enum story_state *state, bool *changed,
		     struct ow_err *err);

/* The query half of the vtable (sqlite_query.c). */
int sq_list_stories(struct store *s, const struct story_filter *f,
		    struct arena *a, struct story_page *out,
		    struct ow_err *err);
int sq_ticker(struct store *s, int limit, int64_t now, struct arena *a,
	      struct story_page *out, struct ow_err *err);
int sq_get_story(struct store *s, int64_t id, struct arena *a,
		 struct story *out, struct ow_err *err);
int sq_get_versions(struct store *s, int64_t story_id, struct arena *a,
		    struct version ***out, size_t *n, struct ow_err *err);
int sq_events_after(struct store *s, int64_t after, int limit, struct arena *a,
		    struct store_event **out, size_t *n, struct ow_err *err);
int sq_story_matches(struct store *s, int64_t id, const char *words, bool *out,
		     struct ow_err *err);
int sq_last_seq(struct store *s, int64_t *seq, struct ow_err *err);
int sq_cluster_seeds(struct store *s, int64_t since, int limit, struct arena *a,
		     struct cluster_seed **out, size_t *n, struct ow_err *err);
int sq_latest_time(struct store *s, int64_t *t, struct ow_err *err);
int sq_list_advisories(struct store *s, int limit, struct arena *a,
		       struct version ***out, size_t *n, struct ow_err *err);
int sq_list_quarantine(struct store *s, int limit, struct arena *a,
		       struct quarantine_entry **out, size_t *n,
		       struct ow_err *err);
int sq_get_raw(struct store *s, int64_t raw_id, struct arena *a,
	       const char **bytes, size_t *len, struct ow_err *err);
int sq_stats(struct store *s, struct store_stats *out, struct ow_err *err);

/* Search (sqlite_search.c). */
int sq_search(struct store *s, const struct store_search *q, struct arena *a,
	      struct search_result *out, struct ow_err *err);
/* The FTS5 match expression for a query tree (malloc'd; NULL when out of
 * memory). Every word is a quoted FTS5 string. */
char *sq_search_compile(const struct search_node *n);
/* Frees the search's per-store state (on close). */
void sq_search_free(struct sqlite_store *s);
/* Adds the ow_rank() ranking function to the connection (sqlite_rank.c). */
int sq_rank_register(sqlite3 *db);
int sq_ingest(struct store *s, const struct raw_input *raw, struct version **v,
	      size_t n, int64_t now, struct ingest_item *items, int64_t *raw_id,
	      struct ow_err *err);
int sq_quarantine(struct store *s, const struct raw_input *raw,
		  const char *reason, int64_t *raw_id, struct ow_err *err);
int sq_release_due(struct store *s, int64_t now, int64_t *ids, size_t max,
		   size_t *n, struct ow_err *err);
int sq_next_release(struct store *s, int64_t *when, struct ow_err *err);

#endif
