/* bench/cluster/eval: src/cluster measured against labelled data nobody in
 * this project wrote (../shared/corpus, read at run time, never copied).
 *
 *   eval news [opts] FILE...  headlines grouped by story (UCI News
 *                             Aggregator): pairwise and B-cubed P/R/F1 of
 *                             the clusters, and near-duplicate precision
 *   eval msrp [opts] FILE     sentence pairs labelled paraphrase or not
 *                             (MSRP): pairwise P/R/F1 of the decisions
 *   eval sig FILE...          MinHash against SimHash on MSRP pairs
 * opts: --set key=value (a cluster_config field), --order crawl|day,
 *       --sweep event|dup|jaccard (msrp: P/R/F1 over thresholds of one
 *       score), --tune-on TRAIN (msrp: also each score at the threshold
 *       best on TRAIN, marked "(t)"), --dump FILE (news: the clusters),
 *       --label L, --no-baseline.
 * Every run prints the baseline beside the library: Jaccard of the two
 * word sets >= 0.5 (news: joined to the most similar earlier headline in
 * the window, else a new cluster). Not a test: prints figures only. */
#include "cluster/cluster.h"

#include "common/arena.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BASE_THRESHOLD 0.5

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "eval: out of memory\n");
		exit(2);
	}
	return p;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = xmalloc((size_t)n + 1);
	if (fread(b, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		exit(2);
	}
	fclose(f);
	b[n] = 0;
	return b;
}

/* The next line of *p (LF-terminated, a CR before it dropped), cut in
 * place; NULL at the end. `complete`: the line had its LF. */
static char *next_line(char **p, int *complete)
{
	char *s = *p;
	if (!*s)
		return NULL;
	char *e = strchr(s, '\n');
	*complete = e != NULL;
	if (e) {
		*e = 0;
		*p = e + 1;
	} else {
		*p = s + strlen(s);
		e = *p;
	}
	if (e > s && e[-1] == '\r')
		e[-1] = 0;
	return s;
}

/* Splits on tabs in place; returns the field count. */
static int split_tabs(char *s, char **f, int max)
{
	int n = 0;
	f[n++] = s;
	for (char *p = s; *p && n < max; p++)
		if (*p == '\t') {
			*p = 0;
			f[n++] = p + 1;
		}
	return n;
}

static int64_t to_i64(const char *s)
{
	return strtoll(s, NULL, 10);
}

/* ----------------------------------------------------------- word sets */

/* The baseline's words: runs of ASCII letters and digits, lowercased,
 * hashed; sorted and unique. */
static size_t word_set(const char *s, uint64_t *out, size_t max)
{
	size_t n = 0;
	while (*s && n < max) {
		while (*s &&
		       !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			 (*s >= '0' && *s <= '9') || (unsigned char)*s >= 0x80))
			s++;
		if (!*s)
			break;
		uint64_t h = 1469598103934665603ull;
		while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		       (*s >= '0' && *s <= '9') || (unsigned char)*s >= 0x80) {
			char c = *s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s;
			h = (h ^ (unsigned char)c) * 1099511628211ull;
			s++;
		}
		out[n++] = h;
	}
	for (size_t i = 1; i < n; i++) /* insertion sort: sets are small */
		for (size_t j = i; j > 0 && out[j - 1] > out[j]; j--) {
			uint64_t t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!m || out[m - 1] != out[i])
			out[m++] = out[i];
	return m;
}

static double jaccard(const uint64_t *a, size_t na, const uint64_t *b,
		      size_t nb)
{
	size_t i = 0, j = 0, both = 0;
	while (i < na && j < nb) {
		if (a[i] == b[j])
			both++, i++, j++;
		else if (a[i] < b[j])
			i++;
		else
			j++;
	}
	size_t any = na + nb - both;
	return any ? (double)both / (double)any : 0;
}

/* -------------------------------------------------------------- config */

static int set_config(struct cluster_config *c, const char *kv)
{
	const char *eq = strchr(kv, '=');
	if (!eq)
		return -1;
	size_t kl = (size_t)(eq - kv);
	double v = strtod(eq + 1, NULL);
#define KEY(name) (kl == strlen(name) && !memcmp(kv, name, kl))
	if (KEY("window"))
		c->window = (int64_t)v;
	else if (KEY("max_stories"))
		c->max_stories = (size_t)v;
	else if (KEY("body_words"))
		c->body_words = (int)v;
	else if (KEY("shingle_words"))
		c->shingle_words = (int)v;
	else if (KEY("dup_threshold"))
		c->dup_threshold = v;
	else if (KEY("event_threshold"))
		c->event_threshold = v;
	else if (KEY("name_boost"))
		c->name_boost = v;
	else if (KEY("avg_link"))
		c->avg_link = v;
	else if (KEY("max_candidates"))
		c->max_candidates = (int)v;
	else if (KEY("lookup_terms"))
		c->lookup_terms = (int)v;
	else
		return -1;
#undef KEY
	return 0;
}

static void print_config(const struct cluster_config *c)
{
	printf("config: window=%lld body_words=%d shingle_words=%d "
	       "dup_threshold=%.2f event_threshold=%.2f name_boost=%.2f "
	       "avg_link=%.2f max_candidates=%d lookup_terms=%d\n",
	       (long long)c->window, c->body_words, c->shingle_words,
	       c->dup_threshold, c->event_threshold, c->name_boost, c->avg_link,
	       c->max_candidates, c->lookup_terms);
}

/* ------------------------------------------------------------- metrics */

struct prf {
	double p, r, f;
};

static struct prf prf_of(double p, double r)
{
	return (struct prf){p, r, p + r > 0 ? 2 * p * r / (p + r) : 0};
}

struct cell {
	int64_t a, b;
};

static int cmp_cell(const void *x, const void *y)
{
	const struct cell *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

/* Pairwise and B-cubed precision/recall of pred against gold. */
static void score_clusters(const int64_t *pred, const int64_t *gold, size_t n,
			   struct prf *pw, struct prf *b3)
{
	struct tagged {
		struct cell k;
		size_t i;
	} *t = xmalloc(n * sizeof *t);
	double *sz[3];
	/* per item: the size of its predicted, gold and (pred, gold) group */
	for (int pass = 0; pass < 3; pass++) {
		sz[pass] = xmalloc(n * sizeof *sz[pass]);
		for (size_t i = 0; i < n; i++) {
			t[i].k.a = pass == 1 ? gold[i] : pred[i];
			t[i].k.b = pass == 2 ? gold[i] : 0;
			t[i].i = i;
		}
		qsort(t, n, sizeof *t, cmp_cell);
		for (size_t s = 0; s < n;) {
			size_t e = s;
			while (e < n && !cmp_cell(&t[e].k, &t[s].k))
				e++;
			for (size_t k = s; k < e; k++)
				sz[pass][t[k].i] = (double)(e - s);
			s = e;
		}
	}
	double tp = 0, pp = 0, gp = 0, bp = 0, br = 0;
	for (size_t i = 0; i < n; i++) {
		/* a group of k items holds k(k-1)/2 pairs: (k-1)/2 per item */
		tp += (sz[2][i] - 1) / 2;
		pp += (sz[0][i] - 1) / 2;
		gp += (sz[1][i] - 1) / 2;
		bp += sz[2][i] / sz[0][i];
		br += sz[2][i] / sz[1][i];
	}
	*pw = prf_of(pp > 0 ? tp / pp : 1, gp > 0 ? tp / gp : 1);
	*b3 = prf_of(bp / (double)n, br / (double)n);
	for (int pass = 0; pass < 3; pass++)
		free(sz[pass]);
	free(t);
}

/* ---------------------------------------------------------------- news */

struct item {
	int64_t id, ts, t;
	char *title, *source, *gold;
	int64_t pred, base_pred, near_dup_of;
	uint64_t key; /* order within a day */
};

struct items {
	struct item *v;
	size_t n, cap;
};

static void items_push(struct items *it, struct item x)
{
	if (it->n == it->cap) {
		it->cap = it->cap ? it->cap * 2 : 1024;
		it->v = realloc(it->v, it->cap * sizeof *it->v);
		if (!it->v)
			exit(2);
	}
	it->v[it->n++] = x;
}

/* The NLP-100 files: TSV with no header (ID TITLE URL PUBLISHER CATEGORY
 * STORY HOSTNAME TIMESTAMP), CRLF, split on LF (SOURCE.md). */
static void load_tsv(char *b, struct items *it)
{
	int complete;
	for (char *line; (line = next_line(&b, &complete));) {
		char *f[9];
		if (split_tabs(line, f, 9) != 8)
			continue;
		items_push(it, (struct item){.id = to_i64(f[0]),
					     .title = f[1],
					     .source = f[3],
					     .gold = f[5],
					     .ts = to_i64(f[7]) / 1000});
	}
}

/* One CSV field (RFC 4180 quoting) at *p, unquoted in place. */
static char *csv_field(char **p)
{
	char *s = *p, *o = s, *r = s;
	if (*r == '"') {
		r++;
		for (;;) {
			if (!*r)
				break;
			if (*r == '"' && r[1] == '"') {
				*o++ = '"';
				r += 2;
			} else if (*r == '"') {
				r++;
				break;
			} else {
				*o++ = *r++;
			}
		}
		while (*r && *r != ',')
			r++;
	} else {
		while (*r && *r != ',')
			*o++ = *r++;
	}
	*p = *r ? r + 1 : r;
	*o = 0;
	return s;
}

/* The Kaggle copy: CSV with a header; the cut last line (no LF) is
 * dropped, as its SOURCE.md says. */
static void load_csv(char *b, struct items *it)
{
	int complete, first = 1;
	for (char *line; (line = next_line(&b, &complete));) {
		if (first || !complete) {
			first = 0;
			continue;
		}
		char *f[8];
		for (int i = 0; i < 8; i++)
			f[i] = csv_field(&line);
		items_push(it, (struct item){.id = to_i64(f[0]),
					     .title = f[1],
					     .source = f[3],
					     .gold = f[5],
					     .ts = to_i64(f[7]) / 1000});
	}
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static int cmp_crawl(const void *x, const void *y)
{
	const struct item *a = x, *b = y;
	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static int cmp_day(const void *x, const void *y)
{
	const struct item *a = x, *b = y;
	int64_t da = a->ts / 86400, db = b->ts / 86400;
	if (da != db)
		return da < db ? -1 : 1;
	return a->key < b->key ? -1 : a->key > b->key;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Gold STORY ids as integers. */
static void gold_ids(struct items *it, int64_t *out)
{
	char **s = xmalloc(it->n * sizeof *s);
	for (size_t i = 0; i < it->n; i++)
		s[i] = it->v[i].gold;
	qsort(s, it->n, sizeof *s, cmp_str);
	for (size_t i = 0; i < it->n; i++) {
		char **hit =
			bsearch(&it->v[i].gold, s, it->n, sizeof *s, cmp_str);
		out[i] = hit - s;
	}
	free(s);
}

/* The baseline: each headline joins the cluster of the earlier headline
 * within the window with the highest word-set Jaccard >= 0.5. */
static void run_baseline(struct items *it, int64_t window)
{
	enum { MAXW = 64 };
	uint64_t(*ws)[MAXW] = xmalloc(it->n * sizeof *ws);
	size_t *nw = xmalloc(it->n * sizeof *nw);
	size_t lo = 0;
	for (size_t i = 0; i < it->n; i++) {
		nw[i] = word_set(it->v[i].title, ws[i], MAXW);
		while (it->v[lo].t < it->v[i].t - window)
			lo++;
		double best = -1;
		size_t bj = i;
		for (size_t j = lo; j < i; j++) {
			double s = jaccard(ws[i], nw[i], ws[j], nw[j]);
			if (s > best) {
				best = s;
				bj = j;
			}
		}
		it->v[i].base_pred = best >= BASE_THRESHOLD
					     ? it->v[bj].base_pred
					     : it->v[i].id;
	}
	free(ws);
	free(nw);
}

static void print_prf(const char *what, const char *who, struct prf pw,
		      struct prf b3, size_t clusters)
{
	printf("%-28s %-9s pairwise P %.3f R %.3f F1 %.3f | B-cubed P "
	       "%.3f R %.3f F1 %.3f | clusters %zu\n",
	       what, who, pw.p, pw.r, pw.f, b3.p, b3.r, b3.f, clusters);
}

static size_t distinct(const int64_t *v, size_t n)
{
	int64_t *c = xmalloc(n * sizeof *c);
	memcpy(c, v, n * sizeof *c);
	struct cell *t = xmalloc(n * sizeof *t);
	for (size_t i = 0; i < n; i++)
		t[i] = (struct cell){c[i], 0};
	qsort(t, n, sizeof *t, cmp_cell);
	size_t d = 0;
	for (size_t i = 0; i < n; i++)
		d += !i || t[i].a != t[i - 1].a;
	free(c);
	free(t);
	return d;
}

static const char *dump_path; /* --dump FILE: one line per headline */

static int run_news(int argc, char **argv, struct cluster_config *cfg,
		    const char *order, const char *label, int baseline)
{
	struct items it = {0};
	for (int i = 0; i < argc; i++) {
		char *b = read_file(argv[i]);
		size_t l = strlen(argv[i]);
		if (l > 4 && !strcmp(argv[i] + l - 4, ".csv"))
			load_csv(b, &it);
		else
			load_tsv(b, &it);
	}
	if (!it.n) {
		fprintf(stderr, "eval: no rows\n");
		return 2;
	}
	/* The aggregator's TIMESTAMP is when it crawled a story's pages,
	 * which puts each story's headlines next to each other. "day"
	 * order shuffles each day's headlines (fixed seed) so stories
	 * interleave as they do on a wire; the times fed are spread over
	 * the day in that order. "crawl" feeds them as stamped. */
	for (size_t i = 0; i < it.n; i++)
		it.v[i].key = mix((uint64_t)it.v[i].id ^ 0x5eedull);
	bool day = !strcmp(order, "day");
	qsort(it.v, it.n, sizeof *it.v, day ? cmp_day : cmp_crawl);
	for (size_t s = 0; s < it.n;) {
		size_t e = s;
		int64_t d0 = it.v[s].ts / 86400;
		while (e < it.n && it.v[e].ts / 86400 == d0)
			e++;
		for (size_t k = s; k < e; k++)
			it.v[k].t =
				day ? d0 * 86400 + (int64_t)((k - s) * 86400 /
							     (e - s))
				    : it.v[k].ts;
		s = e;
	}

	struct cluster_index *idx = cluster_index_new(cfg);
	if (!idx) {
		fprintf(stderr, "eval: bad config\n");
		return 2;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; i < it.n; i++) {
		struct item *x = &it.v[i];
		struct cluster_story s = {.id = x->id,
					  .source = x->source,
					  .time = x->t,
					  .headline = x->title};
		struct cluster_result r;
		if (cluster_add(idx, &s, &r)) {
			fprintf(stderr, "eval: cluster_add failed\n");
			return 1;
		}
		x->pred = r.cluster_id;
		x->near_dup_of = r.near_dup_of;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) +
		      (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

	int64_t *gold = xmalloc(it.n * sizeof *gold);
	int64_t *pred = xmalloc(it.n * sizeof *pred);
	gold_ids(&it, gold);
	for (size_t i = 0; i < it.n; i++)
		pred[i] = it.v[i].pred;
	struct prf pw, b3;
	score_clusters(pred, gold, it.n, &pw, &b3);
	char what[64];
	snprintf(what, sizeof what, "%s (%zu, %s)", label, it.n, order);
	print_prf(what, "cluster", pw, b3, distinct(pred, it.n));

	/* near duplicates: a link is right when both are the same story */
	size_t links = 0, good = 0;
	for (size_t i = 0; i < it.n; i++) {
		if (!it.v[i].near_dup_of)
			continue;
		links++;
		for (size_t j = 0; j < it.n; j++)
			if (it.v[j].id == it.v[i].near_dup_of) {
				good += gold[i] == gold[j];
				break;
			}
	}
	printf("%-28s %-9s near-duplicate links %zu, same story %.3f; "
	       "%.0f headlines/s\n",
	       what, "cluster", links, links ? (double)good / links : 0,
	       (double)it.n / secs);
	if (baseline) {
		run_baseline(&it, cfg->window);
		for (size_t i = 0; i < it.n; i++)
			pred[i] = it.v[i].base_pred;
		score_clusters(pred, gold, it.n, &pw, &b3);
		print_prf(what, "jaccard", pw, b3, distinct(pred, it.n));
	}
	size_t truth = distinct(gold, it.n);
	FILE *df = dump_path ? fopen(dump_path, "w") : NULL;
	for (size_t i = 0; df && i < it.n; i++)
		fprintf(df, "%lld\t%s\t%lld\t%lld\t%lld\t%s\t%s\n",
			(long long)it.v[i].id, it.v[i].gold,
			(long long)it.v[i].pred, (long long)it.v[i].near_dup_of,
			(long long)it.v[i].base_pred, it.v[i].source,
			it.v[i].title);
	if (df)
		fclose(df);
	printf("%-28s %-9s gold stories %zu\n", what, "", truth);
	cluster_index_free(idx);
	free(gold);
	free(pred);
	free(it.v);
	return 0;
}

/* ---------------------------------------------------------------- msrp */

struct pair {
	int label;
	int64_t ida, idb;
	char *a, *b;
};

static size_t load_msrp(const char *path, struct pair **out)
{
	char *b = read_file(path);
	if (!strncmp(b, "\xef\xbb\xbf", 3))
		b += 3;
	size_t n = 0, cap = 1024;
	struct pair *v = xmalloc(cap * sizeof *v);
	int complete, first = 1;
	for (char *line; (line = next_line(&b, &complete));) {
		char *f[6];
		if (first) {
			first = 0;
			continue;
		}
		if (split_tabs(line, f, 6) != 5)
			continue;
		if (n == cap)
			v = realloc(v, (cap *= 2) * sizeof *v);
		v[n++] = (struct pair){(int)to_i64(f[0]), to_i64(f[1]),
				       to_i64(f[2]), f[3], f[4]};
	}
	*out = v;
	return n;
}

static struct prf prf_counts(size_t tp, size_t fp, size_t fn)
{
	return prf_of(tp + fp ? (double)tp / (double)(tp + fp) : 1,
		      tp + fn ? (double)tp / (double)(tp + fn) : 1);
}

static void print_pairs(const char *what, const char *who, const int *pred,
			const struct pair *p, size_t n)
{
	size_t tp = 0, fp = 0, fn = 0, right = 0;
	for (size_t i = 0; i < n; i++) {
		tp += pred[i] && p[i].label;
		fp += pred[i] && !p[i].label;
		fn += !pred[i] && p[i].label;
		right += !!pred[i] == !!p[i].label;
	}
	struct prf r = prf_counts(tp, fp, fn);
	printf("%-28s %-16s P %.3f R %.3f F1 %.3f | accuracy %.3f\n", what, who,
	       r.p, r.r, r.f, (double)right / (double)n);
}

/* Every sentence of the file goes through the index once (time 0), so
 * idf is learned from the file's own text, labels unseen; then each pair
 * is compared with cluster_compare. */
static struct cluster_index *msrp_index(struct cluster_config *cfg,
					const struct pair *p, size_t n)
{
	struct cluster_index *idx = cluster_index_new(cfg);
	if (!idx)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		struct cluster_story a = {.id = p[i].ida, .lede = p[i].a};
		struct cluster_story b = {.id = p[i].idb, .lede = p[i].b};
		int64_t c;
		if (cluster_of(idx, a.id, &c))
			cluster_add(idx, &a, NULL);
		if (cluster_of(idx, b.id, &c))
			cluster_add(idx, &b, NULL);
	}
	return idx;
}

/* The three scores of every pair of an MSRP file: the library's MinHash
 * estimate and tf-idf cosine, and the baseline's word-set Jaccard; and
 * the library's two decisions at its config. */
struct scored {
	struct pair *p;
	size_t n;
	double *dup, *event, *jacc;
	int *near_dup, *same;
};

static int msrp_score(const char *path, struct cluster_config *cfg,
		      struct scored *out)
{
	size_t n = out->n = load_msrp(path, &out->p);
	struct cluster_index *idx = msrp_index(cfg, out->p, n);
	if (!idx) {
		fprintf(stderr, "eval: bad config\n");
		return 2;
	}
	out->dup = xmalloc(n * sizeof *out->dup);
	out->event = xmalloc(n * sizeof *out->event);
	out->jacc = xmalloc(n * sizeof *out->jacc);
	out->near_dup = xmalloc(n * sizeof *out->near_dup);
	out->same = xmalloc(n * sizeof *out->same);
	for (size_t i = 0; i < n; i++) {
		const struct pair *q = &out->p[i];
		struct cluster_story a = {.lede = q->a}, b = {.lede = q->b};
		struct cluster_match m;
		cluster_compare(idx, &a, &b, &m);
		out->near_dup[i] = m.near_dup;
		out->same[i] = m.same_event;
		out->dup[i] = m.dup_score;
		out->event[i] = m.event_score;
		uint64_t wa[256], wb[256];
		size_t na = word_set(q->a, wa, 256),
		       nb = word_set(q->b, wb, 256);
		out->jacc[i] = jaccard(wa, na, wb, nb);
	}
	cluster_index_free(idx);
	return 0;
}

static const double *score_named(const struct scored *sc, const char *name)
{
	if (!strcmp(name, "dup"))
		return sc->dup;
	if (!strcmp(name, "jaccard"))
		return sc->jacc;
	return sc->event;
}

static void print_at(const char *what, const struct scored *sc,
		     const char *name, double th, const char *note)
{
	const double *s = score_named(sc, name);
	int *d = xmalloc(sc->n * sizeof *d);
	for (size_t i = 0; i < sc->n; i++)
		d[i] = s[i] >= th;
	char who[48];
	snprintf(who, sizeof who, "%s>=%.2f%s", name, th, note);
	print_pairs(what, who, d, sc->p, sc->n);
	free(d);
}

/* The threshold (0.02 steps) with the best F1 on sc. */
static double best_threshold(const struct scored *sc, const char *name)
{
	const double *s = score_named(sc, name);
	double best = -1, at = 0;
	for (int k = 1; k <= 50; k++) {
		double th = k / 50.0;
		size_t tp = 0, fp = 0, fn = 0;
		for (size_t i = 0; i < sc->n; i++) {
			int d = s[i] >= th, y = sc->p[i].label;
			tp += d && y;
			fp += d && !y;
			fn += !d && y;
		}
		double f = prf_counts(tp, fp, fn).f;
		if (f > best)
			best = f, at = th;
	}
	return at;
}

static int run_msrp(const char *path, struct cluster_config *cfg,
		    const char *sweep, const char *tune_on, int baseline)
{
	struct scored sc;
	if (msrp_score(path, cfg, &sc))
		return 2;
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char what[64];
	snprintf(what, sizeof what, "msrp %s (%zu)", name, sc.n);
	if (sweep) {
		for (int k = 1; k <= 45; k++)
			print_at(what, &sc, sweep, k / 50.0, "");
		return 0;
	}
	print_pairs(what, "cluster same", sc.same, sc.p, sc.n);
	print_pairs(what, "cluster near-dup", sc.near_dup, sc.p, sc.n);
	if (baseline)
		print_at(what, &sc, "jaccard", BASE_THRESHOLD, "");
	if (tune_on) {
		/* each score at its best threshold on the tuning file */
		struct scored tr;
		if (msrp_score(tune_on, cfg, &tr))
			return 2;
		print_at(what, &sc, "event", best_threshold(&tr, "event"),
			 " (t)");
		print_at(what, &sc, "jaccard", best_threshold(&tr, "jaccard"),
			 " (t)");
	}
	int *all = xmalloc(sc.n * sizeof *all);
	for (size_t i = 0; i < sc.n; i++)
		all[i] = 1;
	print_pairs(what, "all positive", all, sc.p, sc.n);
	free(all);
	return 0;
}

#include "eval_sig.c"

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr,
			"usage: eval news|msrp|sig [--set k=v]... "
			"[--order crawl|day] [--sweep event|dup|jaccard] "
			"[--tune-on TRAIN] [--dump FILE] "
			"[--label L] [--no-baseline] FILE...\n");
		return 2;
	}
	struct cluster_config cfg;
	cluster_config_default(&cfg);
	const char *order = "day", *sweep = NULL, *label = "news",
		   *tune_on = NULL;
	int baseline = 1, i = 2;
	for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strcmp(argv[i], "--set") && i + 1 < argc) {
			if (set_config(&cfg, argv[++i])) {
				fprintf(stderr, "eval: unknown %s\n", argv[i]);
				return 2;
			}
		} else if (!strcmp(argv[i], "--order") && i + 1 < argc) {
			order = argv[++i];
		} else if (!strcmp(argv[i], "--sweep") && i + 1 < argc) {
			sweep = argv[++i];
		} else if (!strcmp(argv[i], "--tune-on") && i + 1 < argc) {
			tune_on = argv[++i];
		} else if (!strcmp(argv[i], "--label") && i + 1 < argc) {
			label = argv[++i];
		} else if (!strcmp(argv[i], "--dump") && i + 1 < argc) {
			dump_path = argv[++i];
		} else if (!strcmp(argv[i], "--no-baseline")) {
			baseline = 0;
		} else if (!strcmp(argv[i], "--config")) {
			print_config(&cfg);
		} else {
			fprintf(stderr, "eval: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (i >= argc)
		return 2;
	if (!strcmp(argv[1], "news"))
		return run_news(argc - i, argv + i, &cfg, order, label,
				baseline);
	if (!strcmp(argv[1], "msrp"))
		return run_msrp(argv[i], &cfg, sweep, tune_on, baseline);
	if (!strcmp(argv[1], "sig"))
		return run_sig(argc - i, argv + i, &cfg);
	fprintf(stderr, "eval: unknown mode %s\n", argv[1]);
	return 2;
}
