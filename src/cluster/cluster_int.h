/* Private to src/cluster: the normalised form of a story (cluster_text.c,
 * cluster_words.c), MinHash and LSH keys (cluster_sig.c), the integer hash
 * map and slot lists the index is built from (cluster_map.c), and the
 * index itself (cluster_index.c, cluster_decide.c, cluster_view.c). Not
 * for use outside this folder (bench/cluster/eval_sig.c borrows
 * csig_minhash to measure it). */
#ifndef OW_CLUSTER_INT_H
#define OW_CLUSTER_INT_H

#include "cluster/cluster.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

#define CLUSTER_SIG 64 /* MinHash values per story */
/* LSH: 21 bands of 3 values (63 of the 64): a pair at Jaccard 0.6 shares
 * a band with probability 0.994, at 0.3 with 0.44, at 0.1 with 0.02 */
#define CLUSTER_ROWS 3
#define CLUSTER_BANDS (CLUSTER_SIG / CLUSTER_ROWS)
#define CLUSTER_HEAD_WORDS 64  /* words read from a headline */
#define CLUSTER_POST_TERMS 8   /* terms a story is filed under */
#define CLUSTER_POST_MAX 128   /* newest stories kept per term */
#define CLUSTER_SCAN_MAX 64    /* of which scanned per lookup */
#define CLUSTER_AVG_MEMBERS 8  /* newest members averaged (avg_link) */
#define CLUSTER_SOURCE_MAX 64  /* bytes of a source name kept */
#define CLUSTER_MAX_WORDS 4096 /* bound on body_words */
#define CLUSTER_WORD_MAX 48    /* bytes of a word kept (longer: cut) */

/* ---------------------------------------------------------------- words */

enum {
	TOK_STOP = 1, /* a function word: not a term, kept in shingles */
	TOK_NAME = 2, /* capitalised inside sentence-case text */
	TOK_NUM = 4,  /* holds a digit */
	TOK_HEAD = 8, /* from the headline */
	TOK_CAP = 16, /* capitalised, not sentence-initial: a name if the
		       * text around it is in sentence case */
};

struct ctok {
	uint64_t h;    /* hash of the normalised word; never 0 */
	uint64_t stem; /* hash of its stem (plural -s removed): the term */
	uint8_t flags;
};

/* A term of a story: a distinct non-stop word. */
struct cterm {
	uint64_t h;
	float w; /* tf weight from cdoc_read; tf-idf, L2-normalised, after
		  * weighting */
	uint8_t flags;
};

/* Scratch for one story's comparable form, sized once from the config. */
struct cdoc {
	struct ctok *tok;
	size_t n_tok, max_tok;
	struct cterm *terms; /* distinct, in order of first use */
	size_t n_terms;
	uint64_t *tkey; /* term hash -> index in terms (open addressing) */
	uint32_t *tval;
	size_t tcap;
	uint64_t *shingles;
	size_t n_shingles;
	uint32_t *df; /* per term: its df once counted (cluster_index.c) */
	uint64_t stop[512]; /* hashes of the function words */
	uint32_t sig[CLUSTER_SIG];
};

int cdoc_init(struct cdoc *d, int body_words);
void cdoc_free(struct cdoc *d);
/* Normalises and tokenises s (bounded by body_words after the headline),
 * then builds terms (tf weights), shingles of n words and the MinHash
 * signature. Words are also appended to `words` when it is not NULL.
 * 0 or OW_ENOMEM. */
int cdoc_read(struct cdoc *d, const struct cluster_story *s, int body_words,
	      int shingle_words, struct buf *words);
/* The term of d with hash h, or NULL. */
struct cterm *cdoc_term(const struct cdoc *d, uint64_t h);
/* Fills d->stop from the function-word list (cluster_words.c). */
void cdoc_init_stopwords(struct cdoc *d);

/* The word reader cdoc_read drives: characters in, tokens out. */
struct creader {
	struct cdoc *d;
	struct buf *words;
	int budget;    /* words left for lede and body */
	int head_left; /* words left for the headline */
	bool in_head;
	bool stop;       /* the copy has ended (sign-off, end marker) */
	bool sent_start; /* the next word opens a sentence */
	char w[CLUSTER_WORD_MAX];
	size_t wl;
	int seg;     /* letters since the word began or since an acronym dot */
	bool w_cap;  /* the word began with a capital */
	bool w_acro; /* the word is an acronym ("U.S."): its dot ends no
		      * sentence */
	bool w_digit;
	bool w_alpha; /* the word began with a letter */
	size_t field_start;
	int n_content, n_capital; /* words of the field, and capitalised */
};

void creader_begin_field(struct creader *r, bool head);
/* Reads the words of s[0, len); a word may continue in the next call. */
void creader_feed(struct creader *r, const char *s, size_t len);
/* Ends the word being read; `sentence`: the next word opens a sentence. */
void creader_break(struct creader *r, bool sentence);
/* Decides whether the field's capitals mark names (sentence case) or
 * nothing (title case, all capitals). */
void creader_end_field(struct creader *r);
bool creader_done(const struct creader *r);
/* Terms, shingles and signature from the tokens read. */
void cdoc_finish(struct cdoc *d, int shingle_words);

/* -------------------------------------------------------------- hashing */

uint64_t chash_bytes(const void *p, size_t len);
uint64_t chash_mix(uint64_t x);
/* MinHash of a set of 64-bit shingle hashes (duplicates allowed); an empty
 * set gives all-ones. */
void csig_minhash(const uint64_t *sh, size_t n, uint32_t sig[CLUSTER_SIG]);
/* The key of LSH band b (0..CLUSTER_BANDS-1); never 0. */
uint64_t csig_band_key(const uint32_t sig[CLUSTER_SIG], int b);
/* Fraction of equal positions: the Jaccard estimate. */
double csig_similarity(const uint32_t *a, const uint32_t *b);

/* ------------------------------------------------------------------ map */

/* uint64 -> uint32, open addressing with linear probing; key 0 is
 * reserved (callers never use it). */
struct cmap {
	uint64_t *keys;
	uint32_t *vals;
	size_t cap, n; /* cap a power of two, or 0 */
};

void cmap_free(struct cmap *m);
uint32_t *cmap_get(const struct cmap *m, uint64_t key);
/* Inserts or replaces; 0 or OW_ENOMEM. */
int cmap_put(struct cmap *m, uint64_t key, uint32_t val);
bool cmap_del(struct cmap *m, uint64_t key);
size_t cmap_bytes(const struct cmap *m);

/* A list of story slots per key, newest last: the inverted index (term ->
 * stories) and the LSH buckets (band key -> stories). */
struct slist {
	uint32_t *v;
	uint32_t n, cap;
};

struct cpost {
	struct cmap map; /* key -> index into lists */
	struct slist *lists;
	uint32_t n_lists, cap_lists;
	uint32_t *free; /* indices of empty lists for reuse */
	uint32_t n_free, cap_free;
};

void cpost_free(struct cpost *p);
const struct slist *cpost_get(const struct cpost *p, uint64_t key);
/* Appends slot under key; past max entries the oldest is dropped. */
int cpost_add(struct cpost *p, uint64_t key, uint32_t slot, uint32_t max);
void cpost_remove(struct cpost *p, uint64_t key, uint32_t slot);
size_t cpost_bytes(const struct cpost *p);

#define SLOT_NONE UINT32_MAX

/* ---------------------------------------------------------------- index */

struct cstory {
	int64_t id, time, near_dup_of;
	char *source;        /* owned; NULL if none */
	struct cterm *terms; /* owned; tf-idf, L2-normalised */
	uint32_t n_terms;
	uint32_t cluster; /* slot in idx->cl; SLOT_NONE while being placed */
	uint32_t heap;    /* position in idx->heap; SLOT_NONE if not in it */
	uint32_t gen;     /* idx->gen when acc and cos below are valid */
	float acc;        /* weight shared with the arrival's top terms */
	float cos;        /* cosine with the arrival; < 0 not computed */
	uint8_t priority;
	uint8_t n_posted;
	bool has_sig; /* it had words: an empty text is nobody's duplicate */
	uint64_t posted[CLUSTER_POST_TERMS];
	uint32_t sig[CLUSTER_SIG];
};

struct ccluster {
	int64_t id;
	uint32_t *members; /* story slots, in arrival order */
	uint32_t n, cap;
	uint32_t rep;
	uint32_t gen; /* idx->gen when best is valid */
	float best;
	uint32_t best_member;
};

/* A growable array of uint32 (free slots, heap, scratch). */
struct u32v {
	uint32_t *v;
	uint32_t n, cap;
};

/* The index; cluster_index.c keeps it, cluster_view.c reads it. */
struct cluster_index {
	struct cluster_config cfg;
	struct cdoc doc;
	struct cstory *st;
	uint32_t n_st, cap_st;
	struct u32v st_free;
	struct ccluster *cl;
	uint32_t n_cl, cap_cl;
	struct u32v cl_free;
	struct cmap by_id;      /* story id -> slot */
	struct cmap by_cluster; /* cluster id -> slot */
	struct cmap df;         /* term -> stories held that use it */
	struct cpost post;      /* term -> stories filed under it */
	struct cpost lsh;       /* band key -> stories */
	struct u32v heap;       /* min-heap of story slots on (time, id) */
	size_t n_stories, n_clusters;
	int64_t now;
	uint32_t gen;
	struct u32v touched, cands, tcl; /* per-arrival scratch */
};

/* d's terms weighed by tf-idf with the index's document frequencies
 * (plus df_extra each; read from d->df when df_known) over n_docs
 * stories; L2-normalised. */
void cindex_weigh(const struct cluster_index *idx, struct cdoc *d,
		  double n_docs, unsigned df_extra, bool df_known);
/* Cosine of d with the terms t (both normalised). */
double cindex_cosine(const struct cdoc *d, const struct cterm *t, size_t n);
/* The k heaviest terms (ties: smaller hash), heaviest first, as indices
 * into t; returns how many (<= k). */
size_t cindex_top_terms(const struct cterm *t, size_t n, size_t k,
			uint32_t *out);
/* True when story a should represent its cluster before b: higher
 * priority, then earlier, then lower id. */
bool cindex_rep_before(const struct cstory *a, const struct cstory *b);

/* Where an arrival goes (cluster_decide.c). */
struct decision {
	uint32_t dup; /* the near duplicate's slot, or SLOT_NONE */
	double dup_score;
	uint32_t cl;      /* the cluster to join, or SLOT_NONE: a new one */
	uint32_t matched; /* its member that decided */
	double score;
};

/* Where idx->doc (weighed) belongs: its near duplicate and its cluster,
 * among stories within the window of `time`. `self`: the story's own
 * slot when it is held already (an update), else SLOT_NONE. */
void cindex_decide(struct cluster_index *idx, int64_t time, uint32_t self,
		   struct decision *dec);

#endif
