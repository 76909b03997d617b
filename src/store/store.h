/* The store: the one interface through which offwire keeps and reads wire
 * copy. A struct of function pointers with one implementation per backend
 * (SQLite now; PostgreSQL implements the same header). Callers never see SQL
 * or a backend's types, and never #ifdef on the backend.
 *
 * What it keeps: the raw bytes of every input, accepted or rejected (the
 * rejects in quarantine with their reason); every version, with a global
 * monotonic sequence number `seq`; per story, the view a subscriber sees now
 * (computed by story_resolve in the model) and a full-text index of it.
 *
 * Ownership: results are built in an arena the caller passes and owns.
 * Strings passed in are borrowed for the duration of the call. */
#ifndef OW_STORE_H
#define OW_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/ow_error.h"
#include "model/model.h"

struct store;

struct store_config {
	int64_t link_window;     /* seconds a slug/headline link stays open */
	int64_t priority_window; /* seconds flash/bulletin stay atop the ticker */
};

/* Opens (creating and migrating as needed) the store at `uri`: a file path or
 * "sqlite:PATH" for SQLite, "postgres://..." or "postgresql://..." for
 * PostgreSQL (libpq's URI; the database must exist). Returns owned via
 * *out. OW_EUNAVAIL when the server cannot be reached. */
int store_open(const char *uri, const struct store_config *cfg,
	       struct store **out, struct ow_err *err);
void store_close(struct store *s);
const char *store_backend_name(const struct store *s);
int store_schema_version(struct store *s);

/* ---------------------------------------------------------------- ingest */

struct raw_input {
	const char *bytes;
	size_t len;
	const char *origin;  /* "http", "cli:/path/file", "stdin" */
	const char *format;  /* detected or forced format; NULL if none */
	int64_t received_at; /* unix seconds */
};

/* What happened to one version on ingest. */
struct ingest_item {
	int64_t story_id;
	int vnum; /* the story's version number */
	int64_t seq;
	enum story_state state; /* the story's state afterwards */
	bool changed_view;      /* the visible story changed */
	bool duplicate;         /* the same item was already stored: nothing
				  * new kept; ids are the original's */
	const char
		*link_rule; /* "new", "id", "evolvedfrom", "slug", "headline" */
};

/* Keeps `raw` and every version from it, linked to their stories, in one
 * transaction; commits before returning (unless inside store_begin). Fills
 * items[i] (caller-allocated, n entries) and each version's seq/story_id/vnum.
 * Nothing is stored on failure. */
int store_ingest(struct store *s, const struct raw_input *raw,
		 struct version **v, size_t n, int64_t now,
		 struct ingest_item *items, int64_t *raw_id,
		 struct ow_err *err);
/* Keeps rejected input verbatim in quarantine with the reason. */
int store_quarantine(struct store *s, const struct raw_input *raw,
		     const char *reason, int64_t *raw_id, struct ow_err *err);
/* Groups many ingests into one transaction (bulk loads). store_ingest inside
 * is then durable only once store_commit returns; if one of them fails the
 * whole batch is rolled back (store_commit reports it). */
int store_begin(struct store *s, struct ow_err *err);
int store_commit(struct store *s, struct ow_err *err);
int store_rollback(struct store *s);

/* --------------------------------------------------------------- queries */

/* One line of a list or ticker: the story's current view, without body. */
struct story_summary {
	int64_t id;
	enum story_state state;
	const char *headline;
	const char *slug;
	const char *source;
	const char *byline;
	const char *place;
	const char *mark;
	enum signal signal;
	enum priority priority;
	int urgency;
	int64_t firstcreated;
	int64_t versioncreated;
	int64_t updated_seq; /* seq of the version that last changed it */
	int version;         /* vnum of the version shown */
	int word_count;
	bool corrected;
	int64_t changed_at; /* when the visible story last changed */
	int64_t cluster;    /* the same-event cluster it is in; 0 none */
	/* set only on a page collapsed by event (store_collapse_events):
	 * the agencies that reported the event in it, "AP|Reuters", and how
	 * many they are */
	const char *event_sources;
	int n_event_sources;
};

struct story_filter {
	const char *source;     /* exact agency name; NULL any */
	enum priority priority; /* at least this urgent; NONE any */
	int64_t since, until;   /* versioncreated range, unix seconds; 0 open */
	const char *section;    /* a subject name or code; NULL any */
	const char *query;      /* words that must all occur; NULL any */
	int64_t cluster;        /* only this same-event cluster; 0 any */
	const char *cursor;     /* from a previous page's next; NULL first */
	int limit;              /* 1..200 */
	enum {
		LIST_LIVE = 0, /* what the public sees */
		LIST_HELD,     /* embargoed and held: editors only */
		LIST_KILLED,   /* killed stories, for deleted-entry feeds */
	} list;
};

struct story_page {
	struct story_summary *items;
	size_t n;
	const char *next; /* cursor for the next page; NULL at the end */
};

/* Live stories, newest first. OW_EINVAL for a malformed cursor. */
int store_list_stories(struct store *s, const struct story_filter *f,
		       struct arena *a, struct story_page *out,
		       struct ow_err *err);
/* The latest live headlines, one per story; flash and bulletin copy first
 * while younger than priority_window. */
int store_ticker(struct store *s, int limit, int64_t now, struct arena *a,
		 struct story_page *out, struct ow_err *err);

/* Collapses a page to one line per same-event cluster, in place: the first
 * line of a cluster keeps its place, the rest of it go, and the kept line
 * counts the cluster's agencies on the page. Stories without a cluster stand
 * alone. At most `limit` lines remain. Strings go in `a`. Pure: no I/O. */
int store_collapse_events(struct story_page *p, size_t limit, struct arena *a);

/* A story as a subscriber sees it. */
struct story {
	struct story_summary sum;
	const struct version *current; /* merged metadata of the view */
	struct para *paras;            /* the assembled text */
	size_t n_paras;
	const char *body_html; /* sanitised HTML when one version holds
				        * the whole text; else NULL */
	const char *correction_note;
	const char *kill_note;
	int64_t next_release;
};

/* Any story by id whatever its state (callers decide what to show: a killed
 * story answers 410, an embargoed one 404). OW_ENOTFOUND if none. */
int store_get_story(struct store *s, int64_t id, struct arena *a,
		    struct story *out, struct ow_err *err);
/* Every version of a story in arrival order (vnum 1..n), full fields. */
int store_get_versions(struct store *s, int64_t story_id, struct arena *a,
		       struct version ***out, size_t *n, struct ow_err *err);

/* What subscribers are told, in the order it happened: every released
 * version of a live story ("version"), every kill ("kill"), every embargo
 * release ("release"), and a live story withheld again ("hidden"), numbered
 * by the one global sequence. */
struct store_event {
	int64_t seq;
	const char *kind;
	int64_t story_id;
	int64_t at;
	struct story_summary sum; /* the story as it is now */
	const char *sections;     /* its subjects: "name\x1fcode" joined by
				   * "\x1e"; NULL when none */
};

/* Events with seq > after, oldest first, at most `limit`. */
int store_events_after(struct store *s, int64_t after, int limit,
		       struct arena *a, struct store_event **out, size_t *n,
		       struct ow_err *err);
/* Whether a live story's current text has every word of `words` (the same
 * matching as story_filter.query). */
int store_story_matches(struct store *s, int64_t id, const char *words,
			bool *out, struct ow_err *err);
/* The newest event's seq (0 when none): a version stamp for caches. */
int store_last_seq(struct store *s, int64_t *seq, struct ow_err *err);

/* Advisories and editor's notes, newest first (they are never stories). */
int store_list_advisories(struct store *s, int limit, struct arena *a,
			  struct version ***out, size_t *n, struct ow_err *err);

/* ---------------------------------------------------------------- search */

/* Full-text search over the live stories' current text (never superseded,
 * embargoed or killed copy). The query is a tree parsed by search_parse
 * (search/search.h); each backend compiles it to its own syntax and binds
 * it as a parameter, so nothing a reader typed reaches SQL as SQL. */
struct search_node;

#define STORE_SEARCH_LIMIT 100   /* most hits on one page */
#define STORE_SEARCH_EXACT 10000 /* totals and facets are exact up to here */
#define STORE_SEARCH_RANKED 5000 /* by relevance: the newest matches ranked */
#define STORE_FACET_MAX 50       /* values kept per facet */

enum store_sort {
	STORE_SORT_RANK = 0, /* relevance (BM25 over the STORE_SEARCH_RANKED
			      * newest matches), then newest first on ties */
	STORE_SORT_TIME,     /* newest first */
};

struct store_search {
	const struct search_node *query; /* required (borrowed) */
	const char *source;              /* exact agency name; NULL any */
	const char *section;             /* a subject name or code; NULL any */
	const char *language;   /* "en" (also finds "en-GB"); NULL any */
	enum priority priority; /* at least this urgent; NONE any */
	int64_t since, until;   /* versioncreated range, unix seconds; 0 open */
	enum store_sort sort;
	const char *cursor; /* from a previous page's next; NULL first */
	int limit;          /* 1..STORE_SEARCH_LIMIT; 0 means 20 */
	bool facets;        /* count sources, sections and days */
	bool debug;         /* keep the statements run in result.sql */
};

struct search_hit {
	struct story_summary sum;
	const char *language;
	double score; /* relevance: higher is better; 0 when sort=time */
	/* the headline and a passage of the text (about 24 words, from the
	 * lede or body where the query matched there), with each matched
	 * word bracketed by SEARCH_MARK_OPEN / SEARCH_MARK_CLOSE; raw text,
	 * to be escaped with search_marks_html and the like */
	const char *headline_marked;
	const char *snippet_marked;
};

struct facet_count {
	const char *value; /* a source, a section, or a day "2015-01-10" */
	int64_t n;
};

struct facet {
	struct facet_count *v; /* largest count first (days: newest first) */
	size_t n;
};

struct search_result {
	struct search_hit *hits;
	size_t n;
	const char *next; /* cursor for the next page; NULL at the end */
	/* how many stories match: exact up to STORE_SEARCH_EXACT, beyond it
	 * an estimate (total_exact false) */
	int64_t total;
	bool total_exact;
	/* over every match when the total is exact; beyond it, counted over
	 * the STORE_SEARCH_EXACT newest matches and scaled to the total
	 * (facets_exact false) */
	struct facet sources, sections, days;
	bool facets_exact;
	const char *sql; /* with debug: the statements run, values bound */
};

/* Runs a search. OW_EINVAL for a malformed cursor or one from another
 * query; OW_ESTORE when the database fails. Results are in `a`. */
int store_search(struct store *s, const struct store_search *q, struct arena *a,
		 struct search_result *out, struct ow_err *err);

/* --------------------------------------------------------------- clusters */

/* A story's view as it changes, for whoever keeps same-event clusters (the
 * ingest layer; the store knows nothing of how they are made). */
struct store_view_info {
	int64_t story_id;
	enum story_state state;
	const char *source;
	int64_t time; /* its copy time, never later than its arrival */
	enum priority priority;
	const char *headline;
	const struct para *paras;
	size_t n_paras;
};

/* Called inside the ingest (or release) transaction each time a story's
 * view changes; returns the cluster ids to keep with the story (0: none).
 * It must not call back into the store. */
typedef int (*store_view_hook)(void *ctx, const struct store_view_info *in,
			       int64_t *cluster_id, int64_t *near_dup_of);

/* Installs the hook (NULL removes it); ctx is borrowed. */
void store_set_view_hook(struct store *s, store_view_hook fn, void *ctx);

/* A live story for rebuilding the cluster index at startup. */
struct cluster_seed {
	struct store_view_info info;
	int64_t cluster_id, near_dup_of;
};

/* Live stories whose time is at or after `since`, oldest first, at most
 * `limit` (the newest `limit` of them if there are more). */
int store_cluster_seeds(struct store *s, int64_t since, int limit,
			struct arena *a, struct cluster_seed **out, size_t *n,
			struct ow_err *err);
/* The newest copy time among live stories (0 if none): where a rebuilt
 * cluster window ends. */
int store_latest_time(struct store *s, int64_t *t, struct ow_err *err);

/* ----------------------------------------------------------------- nodes */

/* Several `offwire serve` nodes on one PostgreSQL (docs/operations.md).
 * SQLite has one process per file: there these do nothing. */

/* A descriptor that becomes readable when another node (or this one) has
 * committed: watch it, then call store_notifications. -1 when the backend
 * has none; OW_EUNAVAIL when it cannot be had now (try again later, and
 * read the event log meanwhile: nothing is lost, only a wake-up). The
 * descriptor changes after a reconnect: ask again after each drain. */
int store_notify_fd(struct store *s);
/* Drains the pending notifications; *max_seq is the newest seq they named
 * (0 if none). OW_EUNAVAIL when the connection was lost (reopened on the
 * next call). Either way the caller then reads events after its own seq. */
int store_notifications(struct store *s, int64_t *max_seq, struct ow_err *err);
/* Sends reads to a replica at `uri` (borrowed) once it holds everything
 * this node knows committed; writes, and reads the replica cannot answer
 * yet, go to the primary. OW_EUNSUPPORTED for SQLite; OW_EUNAVAIL if the
 * replica cannot be reached now (reads then go to the primary). */
int store_set_replica(struct store *s, const char *uri, struct ow_err *err);
/* Read-your-writes across nodes: reads see at least every seq up to `seq`
 * (a client's last ingest answer), from the primary if need be. */
void store_read_floor(struct store *s, int64_t seq);

/* Copies a SQLite archive (every table, ids and the sequence kept) into an
 * empty PostgreSQL database, in one transaction; refuses (OW_EINVAL) if the
 * target already holds anything. `log` (may be NULL) gets a line per
 * table. */
int store_migrate(const char *from_sqlite, const char *to_postgres, FILE *log,
		  struct ow_err *err);

/* --------------------------------------------------------------- release */

/* Recomputes every story whose next embargo is at or before `now`; returns in
 * ids (caller-allocated, up to max) the stories whose view changed. */
int store_release_due(struct store *s, int64_t now, int64_t *ids, size_t max,
		      size_t *n, struct ow_err *err);
/* The earliest pending embargo time; 0 if none. */
int store_next_release(struct store *s, int64_t *when, struct ow_err *err);

/* ------------------------------------------------------------ quarantine */

struct quarantine_entry {
	int64_t raw_id;
	int64_t received_at;
	const char *origin;
	const char *reason;
	size_t len;
};

int store_list_quarantine(struct store *s, int limit, struct arena *a,
			  struct quarantine_entry **out, size_t *n,
			  struct ow_err *err);
/* The raw bytes of an input exactly as received (in `a`). */
int store_get_raw(struct store *s, int64_t raw_id, struct arena *a,
		  const char **bytes, size_t *len, struct ow_err *err);

/* --------------------------------------------------------------- counts */

struct store_stats {
	int64_t stories, live, versions, raw_inputs, quarantined, last_seq;
};

int store_stats(struct store *s, struct store_stats *out, struct ow_err *err);

#endif
