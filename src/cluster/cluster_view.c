/* Reading the cluster index without changing it: the default config, a
 * cluster's members and representative, how two stories compare, the
 * normalised words of a story, and memory statistics. */
#include "cluster/cluster_int.h"

#include "common/arena.h"
#include "common/buf.h"
#include "common/ow_error.h"

#include <stdlib.h>
#include <string.h>

void cluster_config_default(struct cluster_config *c)
{
	/* measured as bench/cluster/README.md describes */
	*c = (struct cluster_config){
		.window = 72 * 3600,
		.max_stories = 50000,
		.body_words = 150,
		.shingle_words = 2,
		.dup_threshold = 0.6,
		.event_threshold = 0.22,
		.name_boost = 1.0,
		.avg_link = 0.5,
		.max_candidates = 32,
		.lookup_terms = 12,
		.head_term_share = 0.05,
	};
}

/* --------------------------------------------------------------- members */

static int cmp_member(const void *a, const void *b)
{
	const struct cluster_member *x = a, *y = b;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->story_id < y->story_id ? -1 : x->story_id > y->story_id;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int cluster_members(const struct cluster_index *idx, int64_t cluster_id,
		    struct arena *a, struct cluster_view *out)
{
	memset(out, 0, sizeof *out);
	uint32_t *cs = cluster_id > 0 ? cmap_get(&idx->by_cluster,
						 (uint64_t)cluster_id)
				      : NULL;
	if (!cs)
		return OW_ENOTFOUND;
	const struct ccluster *c = &idx->cl[*cs];
	out->id = c->id;
	out->representative = idx->st[c->rep].id;
	out->members = arena_alloc(a, c->n * sizeof *out->members);
	out->sources = arena_alloc(a, c->n * sizeof *out->sources);
	if (!out->members || !out->sources)
		return OW_ENOMEM;
	for (uint32_t i = 0; i < c->n; i++) {
		const struct cstory *s = &idx->st[c->members[i]];
		struct cluster_member *m = &out->members[i];
		m->story_id = s->id;
		m->time = s->time;
		m->priority = (enum priority)s->priority;
		m->near_dup_of = s->near_dup_of;
		m->source = s->source ? arena_strdup(a, s->source) : NULL;
		if (s->source && !m->source)
			return OW_ENOMEM;
		if (m->source)
			out->sources[out->n_sources++] = m->source;
	}
	out->n_members = c->n;
	qsort(out->members, out->n_members, sizeof *out->members, cmp_member);
	qsort(out->sources, out->n_sources, sizeof *out->sources, cmp_str);
	size_t n = 0;
	for (size_t i = 0; i < out->n_sources; i++)
		if (!n || strcmp(out->sources[n - 1], out->sources[i]))
			out->sources[n++] = out->sources[i];
	out->n_sources = n;
	return 0;
}

/* ------------------------------------------------------------ comparing */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static size_t sort_unique(uint64_t *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_u64);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!m || v[m - 1] != v[i])
			v[m++] = v[i];
	return m;
}

static double exact_jaccard(struct cdoc *a, struct cdoc *b)
{
	size_t na = sort_unique(a->shingles, a->n_shingles);
	size_t nb = sort_unique(b->shingles, b->n_shingles);
	size_t i = 0, j = 0, both = 0;
	while (i < na && j < nb) {
		if (a->shingles[i] == b->shingles[j])
			both++, i++, j++;
		else if (a->shingles[i] < b->shingles[j])
			i++;
		else
			j++;
	}
	size_t any = na + nb - both;
	return any ? (double)both / (double)any : 0;
}

int cluster_compare(const struct cluster_index *idx,
		    const struct cluster_story *a,
		    const struct cluster_story *b, struct cluster_match *out)
{
	memset(out, 0, sizeof *out);
	const struct cluster_config *c = &idx->cfg;
	struct cdoc da, db;
	int rc = cdoc_init(&da, c->body_words);
	if (rc)
		return rc;
	if ((rc = cdoc_init(&db, c->body_words))) {
		cdoc_free(&da);
		return rc;
	}
	if (!(rc = cdoc_read(&da, a, c->body_words, c->shingle_words, NULL)) &&
	    !(rc = cdoc_read(&db, b, c->body_words, c->shingle_words, NULL))) {
		/* each weighed as a story arriving now would be */
		double n = (double)idx->n_stories + 1;
		cindex_weigh(idx, &da, n, 1, false);
		cindex_weigh(idx, &db, n, 1, false);
		bool words = da.n_shingles && db.n_shingles;
		out->dup_score = words ? csig_similarity(da.sig, db.sig) : 0;
		out->event_score = cindex_cosine(&da, db.terms, db.n_terms);
		out->dup_exact = exact_jaccard(&da, &db);
		out->near_dup = words && out->dup_score >= c->dup_threshold;
		out->same_event =
			out->near_dup || out->event_score >= c->event_threshold;
	}
	cdoc_free(&da);
	cdoc_free(&db);
	return rc;
}

int cluster_normalize(struct arena *a, const struct cluster_story *s,
		      int body_words, char **out)
{
	*out = NULL;
	if (body_words < 0 || body_words > CLUSTER_MAX_WORDS)
		return OW_EINVAL;
	struct cdoc d;
	struct buf b;
	int rc = cdoc_init(&d, body_words);
	if (rc)
		return rc;
	buf_init(&b, 1u << 20); /* the most words, at their longest */
	if (!(rc = cdoc_read(&d, s, body_words, 3, &b))) {
		*out = arena_strndup(a, b.p ? b.p : "", b.len);
		if (!*out)
			rc = OW_ENOMEM;
	}
	buf_free(&b);
	cdoc_free(&d);
	return rc;
}

/* ----------------------------------------------------------------- stats */

static size_t cdoc_bytes(const struct cdoc *d)
{
	return d->max_tok * (sizeof *d->tok + sizeof *d->terms +
			     sizeof *d->shingles) +
	       d->tcap * (sizeof *d->tkey + sizeof *d->tval);
}

void cluster_index_stats(const struct cluster_index *idx,
			 struct cluster_stats *st)
{
	memset(st, 0, sizeof *st);
	st->n_stories = idx->n_stories;
	st->n_clusters = idx->n_clusters;
	st->n_terms = idx->df.n;
	st->now = idx->now;
	size_t b = sizeof *idx + cdoc_bytes(&idx->doc);
	b += (size_t)idx->cap_st * sizeof *idx->st;
	for (uint32_t i = 0; i < idx->n_st; i++) {
		const struct cstory *s = &idx->st[i];
		b += s->n_terms * sizeof *s->terms;
		b += s->source ? strlen(s->source) + 1 : 0;
	}
	b += (size_t)idx->cap_cl * sizeof *idx->cl;
	for (uint32_t i = 0; i < idx->n_cl; i++)
		b += idx->cl[i].cap * sizeof *idx->cl[i].members;
	b += ((size_t)idx->st_free.cap + idx->cl_free.cap + idx->heap.cap +
	      idx->touched.cap + idx->cands.cap + idx->tcl.cap) *
	     sizeof(uint32_t);
	b += cmap_bytes(&idx->by_id) + cmap_bytes(&idx->by_cluster) +
	     cmap_bytes(&idx->df) + cpost_bytes(&idx->post) +
	     cpost_bytes(&idx->lsh);
	st->bytes = b;
}
