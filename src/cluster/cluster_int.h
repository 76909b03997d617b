/* Private to src/cluster: the normalised form of a story (cluster_text.c),
 * MinHash and LSH keys (cluster_sig.c), the integer hash map and slot lists
 * the index is built from (cluster_map.c). Not for use outside this
 * folder. */
#ifndef OW_CLUSTER_INT_H
#define OW_CLUSTER_INT_H

#include "cluster/cluster.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

#define CLUSTER_SIG 64 /* MinHash values per story */
#define CLUSTER_ROWS 4 /* values per LSH band */
#define CLUSTER_BANDS (CLUSTER_SIG / CLUSTER_ROWS)
#define CLUSTER_HEAD_WORDS 64  /* words read from a headline */
#define CLUSTER_POST_TERMS 8   /* terms a story is filed under */
#define CLUSTER_POST_MAX 128   /* newest stories kept per term */
#define CLUSTER_SCAN_MAX 64    /* of which scanned per lookup */
#define CLUSTER_AVG_MEMBERS 8  /* newest members averaged (avg_link) */
#define CLUSTER_SOURCE_MAX 64  /* bytes of a source name kept */
#define CLUSTER_MAX_WORDS 4096 /* bound on body_words */

/* ---------------------------------------------------------------- words */

enum {
	TOK_STOP = 1, /* a function word: not a term, kept in shingles */
	TOK_NAME = 2, /* capitalised inside sentence-case text */
	TOK_NUM = 4,  /* holds a digit */
	TOK_HEAD = 8, /* from the headline */
};

struct ctok {
	uint64_t h; /* hash of the normalised word; never 0 */
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
	struct cterm *terms; /* sorted by h */
	size_t n_terms;
	uint64_t *shingles;
	size_t n_shingles;
	uint32_t sig[CLUSTER_SIG];
};

int cdoc_init(struct cdoc *d, int body_words);
void cdoc_free(struct cdoc *d);
/* Normalises and tokenises s (bounded by body_words after the headline),
 * then builds terms (tf weights) and shingles of n words and the MinHash
 * signature. Words are also appended to `words` when it is not NULL.
 * 0 or OW_ENOMEM. */
int cdoc_read(struct cdoc *d, const struct cluster_story *s, int body_words,
	      int shingle_words, struct buf *words);

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

#endif
