/* Near duplicates and same-event clusters over a recent window of stories.
 * Pure and in memory: no I/O, no clock (callers pass times), no threads
 * (one caller at a time), and deterministic: the same calls in the same
 * order give the same clusters. Exact re-sends are the store's business
 * (content fingerprints); this module finds copy that nearly repeats
 * another story, and stories about the same event in other words.
 *
 * How it decides (details in cluster_index.c, measured defaults in
 * bench/cluster/README.md):
 * - a story is normalised: headline + lede + the first body words, with
 *   version marks, wire tags, bylines, datelines, "(Reuters)" tags,
 *   sign-offs, contact blocks and end markers removed; lowercased,
 *   diacritics folded, punctuation stripped;
 * - near duplicate: MinHash of its word shingles, found through LSH
 *   bands; an estimated Jaccard >= dup_threshold with a story held;
 * - same event: tf-idf cosine (idf learned from the stories held, as the
 *   wire goes), candidates from an inverted index of each story's heaviest
 *   terms; it joins the best cluster whose best member reaches
 *   event_threshold (blended with the cluster's mean by avg_link), or
 *   starts one.
 *
 * Cluster ids are story ids: a cluster is named after the story that
 * started it and keeps that name when that story is removed. The cluster
 * of a story already placed never changes (clusters are not merged; only
 * a story alone in its cluster may move, on its own update), so the store
 * can persist it.
 *
 * Persistence: the index keeps no state of its own worth saving. The
 * store persists each story's cluster id (and near_dup_of if it shows
 * it); at startup it feeds the stories of the last `window` seconds, in
 * time order, to cluster_restore, which rebuilds the same index (the same
 * document frequencies, postings and bands), so later arrivals are placed
 * as they would have been without the restart.
 *
 * Times: pass a trusted time (when the server received the story, or a
 * versioncreated checked against it): the index's clock is the latest
 * time seen, and a story stamped far in the future would expire the whole
 * window. */
#ifndef OW_CLUSTER_H
#define OW_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

/* The defaults (cluster_config_default) in brackets; bench/cluster/README.md
 * says how each was measured. */
struct cluster_config {
	/* seconds a story stays comparable [72 h] */
	int64_t window;
	/* stories held at most, the oldest going first [50,000; about 3 KB
	 * each] */
	size_t max_stories;
	/* words read from lede + body after the headline [150] */
	int body_words;
	/* n of the word n-grams (shingles) for near duplicates [2] */
	int shingle_words;
	/* estimated shingle Jaccard that makes a near duplicate [0.6] */
	double dup_threshold;
	/* cosine with a cluster's best member that lets a story join [0.22] */
	double event_threshold;
	/* weight of names and numbers over other words [1: none] */
	double name_boost;
	/* 0: a cluster scores its best member; 1: the mean over its newest
	 * members; between: a blend [0.5] */
	double avg_link;
	/* stories scored exactly per arrival [32] */
	int max_candidates;
	/* heaviest terms of an arrival looked up in the index [12] */
	int lookup_terms;
	/* a story joins a cluster only if its headline and its closest
	 * member's share a word (not a number) held by at most this share of
	 * the stories in the window, so template copy (results tables, bond
	 * issues) with only template words in common stays apart [0.05;
	 * 0 turns the rule off] */
	double head_term_share;
};

void cluster_config_default(struct cluster_config *c);

/* One story as the index sees it: borrowed for the duration of a call. */
struct cluster_story {
	int64_t id;         /* the store's story id; > 0 */
	const char *source; /* agency ("Reuters"); may be NULL */
	int64_t time;       /* unix seconds this version was sent */
	enum priority priority;
	const char *headline; /* UTF-8; any of the three may be NULL */
	const char *lede;     /* the first paragraph */
	const char *body;     /* the rest; paragraphs split by blank lines */
};

struct cluster_result {
	int64_t cluster_id;  /* the cluster the story is in now */
	int64_t near_dup_of; /* a story in the window it nearly repeats; 0 */
	int64_t matched;     /* the member that decided the join; 0 if none */
	double score;        /* that member's similarity (cosine) */
	double dup_score;    /* estimated shingle Jaccard with near_dup_of */
	bool new_cluster;    /* the story started cluster_id */
	bool kept;           /* false: older than the window, not held */
};

struct cluster_index;

/* Returns owned (cluster_index_free); NULL on OOM or a config that makes
 * no sense (window <= 0, thresholds outside 0..1). c NULL: defaults. */
struct cluster_index *cluster_index_new(const struct cluster_config *c);
void cluster_index_free(struct cluster_index *idx);

/* A new story: finds its near duplicate and its cluster, then holds it
 * until it leaves the window. A story id already held is an update
 * (cluster_update), so a re-send never becomes a second story. Advances the
 * index's clock to s->time and expires what fell out of the window; a
 * story older than the window is placed but not held (out->kept false).
 * 0, OW_EINVAL (id <= 0), OW_ENOMEM (the story is not held). */
int cluster_add(struct cluster_index *idx, const struct cluster_story *s,
		struct cluster_result *out);

/* A new version of a held story (writethru, correction): its text is
 * replaced and it stays ONE story in ONE cluster. It keeps its cluster,
 * except a story alone in its cluster, which may join a better one now that
 * it says more (out->cluster_id tells; the old cluster is then gone).
 * OW_ENOTFOUND when the story is not held (it left the window): the store
 * then calls cluster_restore with the cluster id it persisted. */
int cluster_update(struct cluster_index *idx, const struct cluster_story *s,
		   struct cluster_result *out);

/* Takes a story out (a kill): it leaves its cluster, which keeps its id
 * and elects a new representative; an emptied cluster is gone.
 * OW_ENOTFOUND if not held. */
int cluster_remove(struct cluster_index *idx, int64_t story_id);

/* Rebuild from the store at startup: holds a story in the cluster the store
 * persisted for it, deciding nothing. Feed the recent window in time order;
 * the idf and candidate indexes come out as they were. OW_EINVAL when the
 * story is held already or an id is <= 0. */
int cluster_restore(struct cluster_index *idx, const struct cluster_story *s,
		    int64_t cluster_id, int64_t near_dup_of);

/* Advances the index's clock to `now` (if later) and drops the stories
 * older than now - window: for a timer during a quiet wire. */
void cluster_expire(struct cluster_index *idx, int64_t now);

/* The cluster a held story is in; OW_ENOTFOUND if not held. */
int cluster_of(const struct cluster_index *idx, int64_t story_id,
	       int64_t *cluster_id);

struct cluster_member {
	int64_t story_id;
	const char *source; /* NULL if the story had none */
	int64_t time;
	enum priority priority;
	int64_t near_dup_of;
};

/* A cluster as the index holds it now (members still in the window). */
struct cluster_view {
	int64_t id;
	int64_t representative;         /* highest priority, then earliest, then
				 * lowest id */
	struct cluster_member *members; /* by time, then id */
	size_t n_members;
	const char **sources; /* distinct, sorted bytewise */
	size_t n_sources;
};

/* Fills *out with arena memory. OW_ENOTFOUND if no such cluster is held. */
int cluster_members(const struct cluster_index *idx, int64_t cluster_id,
		    struct arena *a, struct cluster_view *out);

/* How two stories compare, with the index's current idf; neither is added.
 * For evaluation and for explaining a grouping. */
struct cluster_match {
	double dup_score;   /* MinHash estimate of shingle Jaccard */
	double dup_exact;   /* the exact shingle Jaccard */
	double event_score; /* tf-idf cosine */
	bool near_dup;      /* dup_score >= dup_threshold */
	bool same_event;    /* near_dup or event_score >= event_threshold */
};

int cluster_compare(const struct cluster_index *idx,
		    const struct cluster_story *a,
		    const struct cluster_story *b, struct cluster_match *out);

/* The words a story is compared by, space-separated, in arena memory:
 * what is left after normalisation (for tests and diagnostics). */
int cluster_normalize(struct arena *a, const struct cluster_story *s,
		      int body_words, char **out);

struct cluster_stats {
	size_t n_stories, n_clusters, n_terms; /* n_terms: distinct, for idf */
	size_t bytes; /* heap held by the index (capacities, not malloc's) */
	int64_t now;  /* the index's clock */
};

void cluster_index_stats(const struct cluster_index *idx,
			 struct cluster_stats *st);

#endif
