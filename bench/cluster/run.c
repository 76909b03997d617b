/* bench/cluster/run: incremental clustering throughput on Reuters-21578
 * (the .sgm files of ../shared/corpus/reuters21578, parsed by offwire's
 * own parser).
 *
 *   run parse FILE...    the reference: parse, order by time, build each
 *                        story's headline/lede/body; no index
 *   run cluster FILE...  the same, then every version into the index in
 *                        corpus time order (cluster_add)
 *   run cluster-all FILE...  the same with a window of 20 years: every
 *                        story stays held (is the cost per story still
 *                        flat when the index is ten times fuller?)
 *   run jaccard N FILE...  the naive alternative's cost: each of the
 *                        first N stories against every story in the
 *                        window by Jaccard of word sets
 * Each prints stories/s and its peak resident memory (ru_maxrss), then a
 * "RESULT" line for bench/cluster/run to read; run each mode in its own
 * process so the peaks are its own. */
#include "cluster/cluster.h"

#include "common/arena.h"
#include "common/buf.h"
#include "common/fileio.h"
#include "common/ow_error.h"
#include "formats/formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

struct story {
	struct cluster_story s;
	size_t order;
};

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long peak_kib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static int cmp_story(const void *a, const void *b)
{
	const struct story *x = a, *y = b;
	if (x->s.time != y->s.time)
		return x->s.time < y->s.time ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Parses every file and builds the stories, in corpus time order; their
 * text lives in `a`. */
static struct story *prepare(int argc, char **argv, struct arena *a,
			     size_t *n_out)
{
	size_t n = 0, cap = 1 << 15;
	struct story *v = malloc(cap * sizeof *v);
	for (int f = 0; v && f < argc; f++) {
		char *buf;
		size_t len;
		struct ow_err err = {0};
		if (file_read_all(argv[f], FORMATS_MAX_INPUT, &buf, &len,
				  &err)) {
			fprintf(stderr, "%s: %s\n", argv[f], err.msg);
			exit(2);
		}
		struct parse_result r;
		struct parse_opts o = {0};
		if (formats_parse(FORMAT_REUTERS_SGML, buf, len, &o, &r,
				  &err)) {
			fprintf(stderr, "%s: %s\n", argv[f], err.msg);
			exit(2);
		}
		for (size_t i = 0; i < r.versions.n; i++) {
			const struct version *ver = r.versions.v[i];
			if (n == cap)
				v = realloc(v, (cap *= 2) * sizeof *v);
			struct buf body;
			buf_init(&body, 8u << 20);
			for (size_t p = 1; p < ver->n_paras; p++) {
				if (p > 1)
					buf_puts(&body, "\n\n");
				buf_puts(&body, ver->paras[p].text);
			}
			struct story *s = &v[n];
			s->order = n;
			s->s = (struct cluster_story){
				.id = (int64_t)n + 1,
				.source = arena_strdup(a, ver->source),
				.time = ver->versioncreated
						? ver->versioncreated
						: ver->firstcreated,
				.priority = ver->priority,
				.headline = arena_strdup(a, ver->headline),
				.lede = ver->n_paras
						? arena_strdup(
							  a, ver->paras[0].text)
						: NULL,
				.body = body.len ? arena_strndup(a, body.p,
								 body.len)
						 : NULL,
			};
			buf_free(&body);
			n++;
		}
		parse_result_free(&r);
		free(buf);
	}
	if (!v)
		exit(2);
	qsort(v, n, sizeof *v, cmp_story);
	*n_out = n;
	return v;
}

/* ------------------------------------------------------------- baseline */

static size_t word_set(const struct cluster_story *s, uint64_t *out, size_t max)
{
	size_t n = 0;
	const char *parts[3] = {s->headline, s->lede, s->body};
	for (int k = 0; k < 3; k++) {
		const char *p = parts[k];
		while (p && *p && n < max) {
			while (*p && !((*p | 32) >= 'a' && (*p | 32) <= 'z') &&
			       !(*p >= '0' && *p <= '9'))
				p++;
			if (!*p)
				break;
			uint64_t h = 1469598103934665603ull;
			while (((*p | 32) >= 'a' && (*p | 32) <= 'z') ||
			       (*p >= '0' && *p <= '9'))
				h = (h ^ (unsigned char)(*p++ | 32)) *
				    1099511628211ull;
			out[n++] = h;
		}
	}
	for (size_t i = 1; i < n; i++)
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
	return na + nb - both ? (double)both / (double)(na + nb - both) : 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr,
			"usage: run parse|cluster|cluster-all FILE... | "
			"run jaccard N FILE...\n");
		return 2;
	}
	const char *mode = argv[1];
	int first = 2;
	size_t limit = 0;
	if (!strcmp(mode, "jaccard")) {
		limit = (size_t)strtoul(argv[2], NULL, 10);
		first = 3;
	}
	struct arena *a = arena_new();
	double t0 = now_s();
	size_t n;
	struct story *v = prepare(argc - first, argv + first, a, &n);
	double t1 = now_s(), work = 0;
	printf("%-8s parse+prepare: %zu stories in %.3f s, %.0f stories/s\n",
	       mode, n, t1 - t0, (double)n / (t1 - t0));
	if (!strncmp(mode, "cluster", 7)) {
		struct cluster_config cfg;
		cluster_config_default(&cfg);
		if (!strcmp(mode, "cluster-all")) {
			cfg.window = 20 * 365 * 86400LL;
			cfg.max_stories = n + 1;
		}
		struct cluster_index *idx = cluster_index_new(&cfg);
		size_t dups = 0, joined = 0, held_max = 0;
		double t2 = now_s();
		for (size_t i = 0; i < n; i++) {
			struct cluster_result r;
			if (cluster_add(idx, &v[i].s, &r)) {
				fprintf(stderr, "cluster_add failed\n");
				return 1;
			}
			dups += r.near_dup_of != 0;
			joined += !r.new_cluster;
			if ((i & 1023) == 0) {
				struct cluster_stats st;
				cluster_index_stats(idx, &st);
				if (st.n_stories > held_max)
					held_max = st.n_stories;
			}
		}
		double t3 = now_s();
		work = t3 - t2;
		struct cluster_stats st;
		cluster_index_stats(idx, &st);
		printf("%-11s index: %zu stories in %.3f s, %.0f stories/s "
		       "(end to end %.0f/s); %zu joined a cluster, %zu near "
		       "duplicates; at most %zu held; index %.1f MiB at the "
		       "end\n",
		       mode, n, t3 - t2, (double)n / (t3 - t2),
		       (double)n / (t3 - t0), joined, dups, held_max,
		       (double)st.bytes / (1 << 20));
		cluster_index_free(idx);
	} else if (!strcmp(mode, "jaccard")) {
		enum { MAXW = 256 };
		int64_t window = 72 * 3600;
		if (limit > n)
			limit = n;
		uint64_t(*ws)[MAXW] = malloc(n * sizeof *ws);
		size_t *nw = malloc(n * sizeof *nw);
		size_t lo = 0, cmps = 0;
		double t2 = now_s();
		for (size_t i = 0; i < limit; i++) {
			nw[i] = word_set(&v[i].s, ws[i], MAXW);
			while (v[lo].s.time < v[i].s.time - window)
				lo++;
			double best = 0;
			for (size_t j = lo; j < i; j++, cmps++) {
				double s = jaccard(ws[i], nw[i], ws[j], nw[j]);
				if (s > best)
					best = s;
			}
			(void)best;
		}
		double t3 = now_s();
		work = t3 - t2;
		printf("%-8s brute force: first %zu stories in %.3f s, %.0f "
		       "stories/s (%zu comparisons)\n",
		       mode, limit, t3 - t2, (double)limit / (t3 - t2), cmps);
		free(ws);
		free(nw);
	}
	printf("%-8s peak resident memory: %.1f MiB\n", mode,
	       (double)peak_kib() / 1024);
	printf("RESULT %s %zu %.6f %.6f %ld\n", mode, n, t1 - t0, work,
	       peak_kib());
	free(v);
	arena_free(a);
	return 0;
}
