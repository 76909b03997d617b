/* eval_sig.c, included by eval.c: why src/cluster signs stories with
 * MinHash and not SimHash. Both are computed on the same shingles of the
 * same normalised words (cluster_normalize), for the MSRP pairs given:
 *   - how closely each tracks the exact shingle Jaccard (correlation, and
 *     as a detector of "exact Jaccard >= dup_threshold");
 *   - how well each separates the pairs judged paraphrases (best F1 over
 *     its thresholds, for comparison only: nothing is tuned from it);
 *   - what a signature costs. */
#include "cluster/cluster_int.h" /* csig_minhash: the library's own */

static size_t shingle_words_of(const char *words, int n, uint64_t *out,
			       size_t max)
{
	uint64_t w[512];
	size_t nw = 0;
	for (const char *p = words; *p && nw < 512;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		uint64_t h = 1469598103934665603ull;
		while (*p && *p != ' ')
			h = (h ^ (unsigned char)*p++) * 1099511628211ull;
		w[nw++] = mix(h);
	}
	size_t k = (size_t)n, m = 0;
	if (nw && nw < k)
		k = nw;
	for (size_t i = 0; nw && i + k <= nw && m < max; i++) {
		uint64_t h = 0x7368;
		for (size_t j = 0; j < k; j++)
			h = mix(h ^ w[i + j]);
		out[m++] = h;
	}
	return m;
}

static uint64_t simhash(const uint64_t *sh, size_t n)
{
	int acc[64] = {0};
	for (size_t i = 0; i < n; i++) {
		uint64_t h = mix(sh[i] ^ 0x51e0ull);
		for (int b = 0; b < 64; b++)
			acc[b] += (h >> b) & 1 ? 1 : -1;
	}
	uint64_t s = 0;
	for (int b = 0; b < 64; b++)
		if (acc[b] > 0)
			s |= 1ull << b;
	return s;
}

static int cmp_u64v(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static double set_jaccard(uint64_t *a, size_t na, uint64_t *b, size_t nb)
{
	qsort(a, na, sizeof *a, cmp_u64v);
	qsort(b, nb, sizeof *b, cmp_u64v);
	size_t ua = 0, ub = 0;
	for (size_t i = 0; i < na; i++)
		if (!ua || a[ua - 1] != a[i])
			a[ua++] = a[i];
	for (size_t i = 0; i < nb; i++)
		if (!ub || b[ub - 1] != b[i])
			b[ub++] = b[i];
	return jaccard(a, ua, b, ub);
}

static double pearson(const double *x, const double *y, size_t n)
{
	double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
	for (size_t i = 0; i < n; i++)
		mx += x[i], my += y[i];
	mx /= (double)n;
	my /= (double)n;
	for (size_t i = 0; i < n; i++) {
		sxx += (x[i] - mx) * (x[i] - mx);
		syy += (y[i] - my) * (y[i] - my);
		sxy += (x[i] - mx) * (y[i] - my);
	}
	return sxy / sqrt(sxx * syy);
}

/* Best F1 of "score >= t" against truth over t in 0..1. */
static double best_f1(const double *s, const int *truth, size_t n, double *at)
{
	double best = 0;
	*at = 0;
	for (int k = 0; k <= 100; k++) {
		double t = k / 100.0;
		size_t tp = 0, fp = 0, fn = 0;
		for (size_t i = 0; i < n; i++) {
			tp += s[i] >= t && truth[i];
			fp += s[i] >= t && !truth[i];
			fn += s[i] < t && truth[i];
		}
		double f = prf_counts(tp, fp, fn).f;
		if (f > best)
			best = f, *at = t;
	}
	return best;
}

static int run_sig(int argc, char **argv, struct cluster_config *cfg)
{
	struct cluster_index *idx = cluster_index_new(cfg);
	struct arena *ar = arena_new();
	for (int f = 0; f < argc; f++) {
		struct pair *p;
		size_t n = load_msrp(argv[f], &p);
		double *ex = xmalloc(n * sizeof *ex),
		       *mh = xmalloc(n * sizeof *mh),
		       *sh = xmalloc(n * sizeof *sh);
		int *lab = xmalloc(n * sizeof *lab),
		    *big = xmalloc(n * sizeof *big);
		static uint64_t sa[600], sb[600];
		double t_min = 0, t_sim = 0;
		for (size_t i = 0; i < n; i++) {
			struct cluster_story a = {.lede = p[i].a},
					     b = {.lede = p[i].b};
			char *wa, *wb;
			cluster_normalize(ar, &a, cfg->body_words, &wa);
			cluster_normalize(ar, &b, cfg->body_words, &wb);
			size_t na = shingle_words_of(wa, cfg->shingle_words, sa,
						     600);
			size_t nb = shingle_words_of(wb, cfg->shingle_words, sb,
						     600);
			struct timespec t0, t1, t2;
			uint32_t ga[CLUSTER_SIG], gb[CLUSTER_SIG];
			clock_gettime(CLOCK_MONOTONIC, &t0);
			csig_minhash(sa, na, ga);
			csig_minhash(sb, nb, gb);
			clock_gettime(CLOCK_MONOTONIC, &t1);
			uint64_t xa = simhash(sa, na), xb = simhash(sb, nb);
			clock_gettime(CLOCK_MONOTONIC, &t2);
			t_min += (double)(t1.tv_sec - t0.tv_sec) * 1e9 +
				 (double)(t1.tv_nsec - t0.tv_nsec);
			t_sim += (double)(t2.tv_sec - t1.tv_sec) * 1e9 +
				 (double)(t2.tv_nsec - t1.tv_nsec);
			mh[i] = csig_similarity(ga, gb);
			sh[i] = 1.0 - __builtin_popcountll(xa ^ xb) / 64.0;
			ex[i] = set_jaccard(sa, na, sb, nb);
			lab[i] = p[i].label;
			big[i] = ex[i] >= cfg->dup_threshold;
		}
		const char *name = strrchr(argv[f], '/')
					   ? strrchr(argv[f], '/') + 1
					   : argv[f];
		printf("sig %s (%zu pairs, %d-word shingles, %d values / 64 "
		       "bits)\n",
		       name, n, cfg->shingle_words, CLUSTER_SIG);
		double mae = 0;
		for (size_t i = 0; i < n; i++)
			mae += fabs(mh[i] - ex[i]);
		printf("  correlation with exact Jaccard: minhash %.3f "
		       "(mean abs error %.3f), simhash %.3f\n",
		       pearson(mh, ex, n), mae / (double)n, pearson(sh, ex, n));
		double at_m, at_s;
		size_t tp = 0, fp = 0, fn = 0;
		for (size_t i = 0; i < n; i++) {
			int d = mh[i] >= cfg->dup_threshold;
			tp += d && big[i];
			fp += d && !big[i];
			fn += !d && big[i];
		}
		struct prf m = prf_counts(tp, fp, fn);
		double fs = best_f1(sh, big, n, &at_s);
		printf("  finding exact Jaccard >= %.2f: minhash >= %.2f P "
		       "%.3f "
		       "R %.3f F1 %.3f; simhash best F1 %.3f (at %.2f)\n",
		       cfg->dup_threshold, cfg->dup_threshold, m.p, m.r, m.f,
		       fs, at_s);
		double fe = best_f1(ex, lab, n, &at_m);
		double fm = best_f1(mh, lab, n, &at_m);
		double fsl = best_f1(sh, lab, n, &at_s);
		printf("  paraphrase label, best F1 over thresholds: exact "
		       "%.3f, "
		       "minhash %.3f, simhash %.3f\n",
		       fe, fm, fsl);
		printf("  signature cost: minhash %.0f ns, simhash %.0f ns per "
		       "sentence\n",
		       t_min / (2.0 * (double)n), t_sim / (2.0 * (double)n));
		free(ex);
		free(mh);
		free(sh);
		free(lab);
		free(big);
		free(p);
	}
	arena_free(ar);
	cluster_index_free(idx);
	return 0;
}
