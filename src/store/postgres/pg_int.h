/* Private to the PostgreSQL backend: the handle (a primary connection, an
 * optional read replica, a LISTEN connection), the prepared statements, the
 * parameter builder and the row codecs its files share. Not for use outside
 * src/store/postgres/ (pg_migrate.c, in this folder, is the one place that
 * also reads a SQLite file). */
#ifndef OW_PG_INT_H
#define OW_PG_INT_H

#include <libpq-fe.h>

#include "common/buf.h"
#include "store/store_int.h"

/* The statements the hot paths run, prepared once per connection. */
enum pg_stmt {
	PS_RAW_INSERT,
	PS_KEY_LOOKUP,
	PS_KEY_UPSERT,
	PS_STORY_INSERT,
	PS_STORY_NVERSIONS,
	PS_STORY_SLUG,
	PS_VERSION_INSERT,
	PS_VERSION_BY_FP,
	PS_VERSIONS_OF_STORY,
	PS_STORY_UPDATE,
	PS_DOC_DELETE,
	PS_DOC_UPSERT,
	PS_STORY_GET,
	PS_STORY_STATE,
	PS_SEQ_NEXT,
	PS_EVENT_INSERT,
	PS_SUBJECTS_SET,
	PS_LAST_SEQ,
	PS_DUE,
	PS_NEXT_RELEASE,
	PS_EVENTS_AFTER,
	PS_COUNT
};

/* One libpq connection and what was prepared on it. A lost connection is
 * closed and opened again on the next call, no sooner than retry_at. */
struct pg_conn {
	PGconn *c;
	const char *uri;  /* borrowed from the store */
	const char *role; /* "primary", "replica", "listener": for messages */
	bool prepared[PS_COUNT];
	int64_t retry_at; /* monotonic ms: no connection attempt before */
	int backoff;      /* ms to wait after the next failed attempt */
	bool in_tx;       /* inside BEGIN .. COMMIT: no silent retry */
};

struct pg_store {
	struct store base;
	char *uri, *read_uri;
	struct pg_conn w;      /* the primary: every write, reads by default */
	struct pg_conn r;      /* the replica (read_uri), when there is one */
	struct pg_conn listen; /* LISTEN offwire: other nodes' commits */
	int depth;             /* open store_begin transactions */
	bool batch_failed;     /* an ingest failed inside the open batch */
	int64_t tx_seq;        /* newest seq written in the open transaction */
	/* read-your-writes: the newest seq this node knows is committed on
	 * the primary (its own commits, other nodes' notifications, a
	 * client's floor); the replica is read only once it has it */
	int64_t floor;
	int64_t replica_seq; /* the newest seq the replica was seen to hold */
};

/* ------------------------------------------------------------ parameters */

#define PG_MAX_PARAMS 192

/* Parameters of one statement, all sent as text except bytea (binary).
 * Numbers are formatted into the builder's own slots; strings borrowed. */
struct pg_params {
	const char *v[PG_MAX_PARAMS];
	int len[PG_MAX_PARAMS];
	int fmt[PG_MAX_PARAMS];
	char num[PG_MAX_PARAMS][24];
	int n;
	bool err; /* more than PG_MAX_PARAMS */
};

void pp_init(struct pg_params *p);
/* Each returns the parameter's number ($n); NULL strings are SQL NULL. */
int pp_text(struct pg_params *p, const char *s);
int pp_i64(struct pg_params *p, int64_t v);
int pp_bool(struct pg_params *p, bool v);
int pp_bin(struct pg_params *p, const void *bytes, size_t len);

/* ----------------------------------------------------------- connections */

/* Opens c if it is not open (respecting its backoff). OW_EUNAVAIL when the
 * server cannot be reached. */
int pg_connect(struct pg_store *s, struct pg_conn *c, struct ow_err *err);
void pg_disconnect(struct pg_conn *c);
/* A prepared statement on c: returns the result (PQclear it) or NULL with
 * err set: OW_EUNAVAIL if the connection was lost (it is closed, to be
 * opened again), else OW_ESTORE. `retry`: a read outside any transaction,
 * run once more on a fresh connection if the first one had died. */
PGresult *pg_prep(struct pg_store *s, struct pg_conn *c, enum pg_stmt id,
		  const struct pg_params *p, bool retry, struct ow_err *err,
		  const char *what);
/* A statement given as text (parameters optional; p may be NULL). Binary
 * results with `binary`. */
PGresult *pg_query(struct pg_store *s, struct pg_conn *c, const char *sql,
		   const struct pg_params *p, bool binary, bool retry,
		   struct ow_err *err, const char *what);
/* A command without result rows; 0 or the error. */
int pg_exec(struct pg_store *s, struct pg_conn *c, const char *sql,
	    struct ow_err *err, const char *what);
/* The connection reads go to: the replica when it is configured, up and
 * holds everything up to s->floor; else the primary (also always inside a
 * transaction). */
struct pg_conn *pg_reader(struct pg_store *s);
int64_t pg_now_ms(void);

/* Writes take one transaction-scoped advisory lock, so that writers on
 * every node are serialised as SQLite serialises them: seq order is
 * commit order (a reader that has seen seq N has seen every seq below
 * it), linking never races, and an embargo is released by one node. */
#define PG_WRITE_LOCK "7405561"
/* Opens the write transaction (BEGIN and the lock) unless one is open. */
int pg_tx_open(struct pg_store *s, struct ow_err *err);
/* Commits it, telling other nodes the newest seq written (NOTIFY). */
int pg_tx_commit(struct pg_store *s, struct ow_err *err);
void pg_tx_abort(struct pg_store *s);
/* The notification channel; its payload is the newest seq committed. */
#define PG_CHANNEL "offwire"

/* The schema, one migration per entry; index + 1 is the schema version. */
extern const char *const pg_migrations[];
extern const int pg_n_migrations;

/* ------------------------------------------------------------- row codecs */

/* Column readers: NULL columns read as NULL / 0. */
int64_t pg_i64(const PGresult *r, int row, int col);
const char *pg_text(struct arena *a, const PGresult *r, int row, int col);

char *pg_paras_json(const struct para *p, size_t n); /* malloc'd */
char *pg_subjects_json(const struct subject *s, size_t n);
char *pg_strings_json(const char *const *s, size_t n);
int pg_paras_parse(struct arena *a, const char *json, struct para **out,
		   size_t *n);
int pg_subjects_parse(struct arena *a, const char *json, struct subject **out,
		      size_t *n);
int pg_strings_parse(struct arena *a, const char *json, const char ***out,
		     size_t *n);
/* A version row selected with PG_VERSION_COLUMNS. */
int pg_read_version(struct arena *a, const PGresult *r, int row,
		    struct version **out);
/* A story row selected with PG_STORY_COLUMNS, from column `first`. */
void pg_read_summary(struct arena *a, const PGresult *r, int row, int first,
		     struct story_summary *out);

#define PG_VERSION_COLUMNS                                                     \
	"seq, story_id, vnum, raw_id, raw_off, raw_len, received_at, format, " \
	"source, item_id, item_version, evolved_from, signal, mark, "          \
	"mark_ordinal, pickup_para, pubstatus, priority, urgency, slug, "      \
	"headline, byline, dateline_place, dateline_date, dateline_source, "   \
	"language, subjects, body, body_html, word_count, ednote, "            \
	"firstcreated, versioncreated, embargo, embargo_held, warnings, "      \
	"link_rule, link_key"

#define PG_STORY_COLUMNS                                                       \
	"id, state, headline, slug, source, byline, place, mark, signal, "     \
	"priority, urgency, firstcreated, versioncreated, updated_seq, "       \
	"current_vnum, word_count, corrected, changed_at, cluster_id"
#define PG_STORY_NCOLUMNS 19
#define PG_STORY_COLUMNS_S                                                     \
	"s.id, s.state, s.headline, s.slug, s.source, s.byline, s.place, "     \
	"s.mark, s.signal, s.priority, s.urgency, s.firstcreated, "            \
	"s.versioncreated, s.updated_seq, s.current_vnum, s.word_count, "      \
	"s.corrected, s.changed_at, s.cluster_id"

/* `s` as valid UTF-8 (PostgreSQL refuses anything else): `s` itself when it
 * is, else a copy in `a` with each invalid byte as U+FFFD. NULL stays NULL
 * (and out of memory answers NULL). */
const char *pg_utf8(struct arena *a, const char *s);

/* A text[] literal built in b (empty to start): each value double-quoted
 * with quotes and backslashes escaped, NULL as NULL; pg_array_end returns
 * it (borrowed from b; NULL if b failed). */
void pg_array_add(struct buf *b, const char *s);
const char *pg_array_end(struct buf *b);

/* The words of a story_filter.query as a tsquery expression in SQL, every
 * word a bound parameter (kept in `a`): "(phraseto_tsquery('ow', $3) &&
 * ...)"; false when there is no word. */
bool pg_words_tsquery(struct buf *sql, struct pg_params *p, struct arena *a,
		      const char *words);

/* The story's row in search_doc (pg_doc.c): written while it is live,
 * removed otherwise (had_row: there may be one to remove). */
int pg_write_doc(struct pg_store *s, int64_t id, bool had_row, bool live,
		 const struct version *m, const struct para *para, size_t n,
		 struct ow_err *err);

/* ---------------------------------------------------------- the vtable */

int pg_resolve_story(struct pg_store *s, int64_t story_id, int64_t now,
		     enum story_state *state, bool *changed,
		     struct ow_err *err);
int pg_versions_on(struct pg_store *s, struct pg_conn *c, int64_t story_id,
		   struct arena *a, struct version ***out, size_t *n,
		   struct ow_err *err);

int pg_ingest(struct store *s, const struct raw_input *raw, struct version **v,
	      size_t n, int64_t now, struct ingest_item *items, int64_t *raw_id,
	      struct ow_err *err);
int pg_quarantine(struct store *s, const struct raw_input *raw,
		  const char *reason, int64_t *raw_id, struct ow_err *err);
int pg_release_due(struct store *s, int64_t now, int64_t *ids, size_t max,
		   size_t *n, struct ow_err *err);
int pg_next_release(struct store *s, int64_t *when, struct ow_err *err);

int pg_list_stories(struct store *s, const struct story_filter *f,
		    struct arena *a, struct story_page *out,
		    struct ow_err *err);
int pg_ticker(struct store *s, int limit, int64_t now, struct arena *a,
	      struct story_page *out, struct ow_err *err);
int pg_get_story(struct store *s, int64_t id, struct arena *a,
		 struct story *out, struct ow_err *err);
int pg_get_versions(struct store *s, int64_t story_id, struct arena *a,
		    struct version ***out, size_t *n, struct ow_err *err);
int pg_events_after(struct store *s, int64_t after, int limit, struct arena *a,
		    struct store_event **out, size_t *n, struct ow_err *err);
int pg_story_matches(struct store *s, int64_t id, const char *words, bool *out,
		     struct ow_err *err);
int pg_last_seq(struct store *s, int64_t *seq, struct ow_err *err);
int pg_list_advisories(struct store *s, int limit, struct arena *a,
		       struct version ***out, size_t *n, struct ow_err *err);
int pg_list_quarantine(struct store *s, int limit, struct arena *a,
		       struct quarantine_entry **out, size_t *n,
		       struct ow_err *err);
int pg_get_raw(struct store *s, int64_t raw_id, struct arena *a,
	       const char **bytes, size_t *len, struct ow_err *err);
int pg_stats(struct store *s, struct store_stats *out, struct ow_err *err);
int pg_cluster_seeds(struct store *s, int64_t since, int limit, struct arena *a,
		     struct cluster_seed **out, size_t *n, struct ow_err *err);
int pg_latest_time(struct store *s, int64_t *t, struct ow_err *err);
int pg_search(struct store *s, const struct store_search *q, struct arena *a,
	      struct search_result *out, struct ow_err *err);

/* Other nodes (pg_notify.c). */
int pg_notify_fd(struct store *s);
int pg_notifications(struct store *s, int64_t *max_seq, struct ow_err *err);
int pg_set_replica(struct store *s, const char *uri, struct ow_err *err);
void pg_read_floor(struct store *s, int64_t seq);

#endif
