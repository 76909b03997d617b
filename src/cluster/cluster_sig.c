/* Hashing for the cluster index: 64-bit word and shingle hashes, MinHash
 * signatures and the keys of their LSH bands. Fixed seeds: the same text
 * gives the same signature in every process, so results are reproducible
 * and a rebuilt index matches the one it replaces. */
#include "cluster/cluster_int.h"

#include <string.h>

uint64_t chash_mix(uint64_t x)
{
	/* splitmix64's finaliser: every input bit reaches every output bit */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x;
}

uint64_t chash_bytes(const void *p, size_t len)
{
	/* FNV-1a, then mixed: FNV alone leaves the low bits weak */
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < len; i++) {
		h ^= s[i];
		h *= 0x100000001b3ull;
	}
	h = chash_mix(h ^ len);
	return h ? h : 1;
}

/* The CLUSTER_SIG hash functions h_i(x) = (a_i * x + b_i) >> 32
 * (multiply-shift), drawn from a splitmix64 stream with a fixed seed.
 * Derived per call (64 mixes, far cheaper than the shingle loop) so there
 * is no global state to initialise or race on. */
static void perm_init(uint64_t a[CLUSTER_SIG], uint64_t b[CLUSTER_SIG])
{
	uint64_t s = 0x6f6666776972650aull; /* "offwire\n" */
	for (int i = 0; i < CLUSTER_SIG; i++) {
		s += 0x9e3779b97f4a7c15ull;
		a[i] = chash_mix(s) | 1;
		s += 0x9e3779b97f4a7c15ull;
		b[i] = chash_mix(s);
	}
}

void csig_minhash(const uint64_t *sh, size_t n, uint32_t sig[CLUSTER_SIG])
{
	uint64_t a[CLUSTER_SIG], b[CLUSTER_SIG];
	perm_init(a, b);
	/* one function at a time: its minimum stays in a register */
	for (int i = 0; i < CLUSTER_SIG; i++) {
		uint64_t ai = a[i], bi = b[i];
		uint32_t m = UINT32_MAX;
		for (size_t k = 0; k < n; k++) {
			uint32_t v = (uint32_t)((ai * sh[k] + bi) >> 32);
			m = v < m ? v : m;
		}
		sig[i] = m;
	}
}

uint64_t csig_band_key(const uint32_t sig[CLUSTER_SIG], int b)
{
	uint64_t h = 0x62616e64ull + (uint64_t)b; /* "band" */
	for (int r = 0; r < CLUSTER_ROWS; r++)
		h = chash_mix(h ^ sig[b * CLUSTER_ROWS + r]) +
		    0x9e3779b97f4a7c15ull;
	return h ? h : 1;
}

double csig_similarity(const uint32_t *a, const uint32_t *b)
{
	int eq = 0;
	for (int i = 0; i < CLUSTER_SIG; i++)
		eq += a[i] == b[i];
	return (double)eq / CLUSTER_SIG;
}
