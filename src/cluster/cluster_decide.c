/* Deciding where an arriving story goes: its near duplicate (LSH bands of
 * its MinHash signature) and its cluster (candidates from the inverted
 * index of heaviest terms, scored by tf-idf cosine, grouped by cluster).
 * Reads the index, changes only per-arrival scratch (stamps, candidate
 * lists). The steps are described in cluster_index.c. */
#include "cluster/cluster_int.h"

/* ---------------------------------------------------------------- terms */

double cindex_cosine(const struct cdoc *d, const struct cterm *t, size_t n)
{
	double dot = 0;
	for (size_t i = 0; i < n; i++) {
		const struct cterm *q = cdoc_term(d, t[i].h);
		if (q)
			dot += (double)q->w * t[i].w;
	}
	return dot;
}

size_t cindex_top_terms(const struct cterm *t, size_t n, size_t k,
			uint32_t *out)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		size_t j = m < k ? m++ : k;
		if (j == k) {
			const struct cterm *last = &t[out[k - 1]];
			if (t[i].w < last->w ||
			    (t[i].w == last->w && t[i].h > last->h))
				continue;
			j = k - 1;
		}
		while (j > 0) {
			const struct cterm *p = &t[out[j - 1]];
			if (p->w > t[i].w || (p->w == t[i].w && p->h < t[i].h))
				break;
			out[j] = out[j - 1];
			j--;
		}
		out[j] = (uint32_t)i;
	}
	return m;
}

/* ------------------------------------------------------------- deciding */

static void next_gen(struct cluster_index *idx)
{
	if (++idx->gen)
		return;
	/* wrapped: clear the stamps so no stale one matches */
	for (uint32_t i = 0; i < idx->n_st; i++)
		idx->st[i].gen = 0;
	for (uint32_t i = 0; i < idx->n_cl; i++)
		idx->cl[i].gen = 0;
	idx->gen = 1;
}

static void stamp(struct cluster_index *idx, struct cstory *s)
{
	if (s->gen == idx->gen)
		return;
	s->gen = idx->gen;
	s->acc = 0;
	s->cos = -1;
}

static void touch(struct cluster_index *idx, uint32_t slot, float w)
{
	struct cstory *s = &idx->st[slot];
	if (s->gen != idx->gen) {
		stamp(idx, s);
		idx->touched.v[idx->touched.n++] = slot; /* room reserved */
	}
	s->acc += w;
}

static double story_cos(struct cluster_index *idx, uint32_t slot)
{
	struct cstory *s = &idx->st[slot];
	stamp(idx, s);
	if (s->cos < 0)
		s->cos = (float)cindex_cosine(&idx->doc, s->terms, s->n_terms);
	return s->cos;
}

static bool in_window(const struct cluster_index *idx, int64_t a, int64_t b)
{
	return (a > b ? a - b : b - a) <= idx->cfg.window;
}

/* Candidate a before b: more weight shared, then the newer. */
static bool cand_before(const struct cluster_index *idx, uint32_t a, uint32_t b)
{
	const struct cstory *x = &idx->st[a], *y = &idx->st[b];
	return x->acc != y->acc ? x->acc > y->acc : x->id > y->id;
}

/* The max_candidates best of idx->touched into idx->cands, best first. */
static void pick_candidates(struct cluster_index *idx)
{
	uint32_t k = (uint32_t)idx->cfg.max_candidates, m = 0;
	uint32_t *out = idx->cands.v;
	for (uint32_t i = 0; i < idx->touched.n; i++) {
		uint32_t slot = idx->touched.v[i], j;
		if (m < k) {
			j = m++;
		} else {
			if (!cand_before(idx, slot, out[k - 1]))
				continue;
			j = k - 1;
		}
		while (j > 0 && cand_before(idx, slot, out[j - 1])) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = slot;
	}
	idx->cands.n = m;
}

/* Whether the arriving story's headline and a member's share a term that
 * names something: not a number, in at most head_term_share of the stories
 * held (always when in at most 20). Template copy (earnings tables, bond
 * issues, dividend notices) is close in full text because it is nearly all
 * template, and its headlines share only template words, which many
 * stories hold; reports of one event name the same people, places or
 * things. On the labelled headlines the defaults were tuned on, the rule
 * changes nothing (bench/cluster/README.md). */
static bool headlines_agree(const struct cluster_index *idx,
			    const struct cdoc *d, uint32_t slot)
{
	if (idx->cfg.head_term_share <= 0)
		return true;
	double max_df = idx->cfg.head_term_share * (double)idx->n_stories;
	if (max_df < 20)
		max_df = 20;
	const struct cstory *s = &idx->st[slot];
	for (uint32_t i = 0; i < s->n_terms; i++) {
		const struct cterm *t = &s->terms[i];
		if (!(t->flags & TOK_HEAD) || (t->flags & TOK_NUM))
			continue;
		const struct cterm *q = cdoc_term(d, t->h);
		if (!q || !(q->flags & TOK_HEAD))
			continue;
		const uint32_t *df = cmap_get(&idx->df, t->h);
		if (!df || *df <= max_df)
			return true;
	}
	return false;
}

/* Mean cosine over the cluster's newest members but `self`. */
static double cluster_mean(struct cluster_index *idx, struct ccluster *c,
			   uint32_t self)
{
	double sum = 0;
	int n = 0;
	for (uint32_t i = c->n; i-- > 0 && n < CLUSTER_AVG_MEMBERS;) {
		if (c->members[i] == self)
			continue;
		sum += story_cos(idx, c->members[i]);
		n++;
	}
	return n ? sum / n : 0;
}

void cindex_decide(struct cluster_index *idx, int64_t time, uint32_t self,
		   struct decision *dec)
{
	const struct cluster_config *c = &idx->cfg;
	const struct cdoc *d = &idx->doc;
	*dec = (struct decision){SLOT_NONE, 0, SLOT_NONE, SLOT_NONE, 0};
	next_gen(idx);
	idx->touched.n = 0;

	/* near duplicates: stories sharing an LSH band */
	for (int b = 0; d->n_shingles && b < CLUSTER_BANDS; b++) {
		const struct slist *l =
			cpost_get(&idx->lsh, csig_band_key(d->sig, b));
		for (uint32_t i = l ? l->n : 0; i-- > 0;) {
			uint32_t slot = l->v[i];
			if (slot != self &&
			    in_window(idx, idx->st[slot].time, time))
				touch(idx, slot, 1.0f);
		}
	}
	for (uint32_t i = 0; i < idx->touched.n; i++) {
		const struct cstory *s = &idx->st[idx->touched.v[i]];
		double j = csig_similarity(d->sig, s->sig);
		if (j < c->dup_threshold)
			continue;
		const struct cstory *best =
			dec->dup == SLOT_NONE ? NULL : &idx->st[dec->dup];
		if (!best || j > dec->dup_score ||
		    (j == dec->dup_score && cindex_rep_before(s, best))) {
			dec->dup = idx->touched.v[i];
			dec->dup_score = j;
		}
	}

	/* event candidates: the newest stories filed under its top terms */
	uint32_t top[64];
	size_t nt = cindex_top_terms(d->terms, d->n_terms,
				     (size_t)c->lookup_terms, top);
	for (size_t k = 0; k < nt; k++) {
		const struct cterm *t = &d->terms[top[k]];
		const struct slist *l = cpost_get(&idx->post, t->h);
		uint32_t scanned = 0;
		for (uint32_t i = l ? l->n : 0;
		     i-- > 0 && scanned < CLUSTER_SCAN_MAX; scanned++) {
			uint32_t slot = l->v[i];
			if (slot != self &&
			    in_window(idx, idx->st[slot].time, time))
				touch(idx, slot, t->w);
		}
	}
	pick_candidates(idx);

	/* clusters: scored by their best candidate, blended with the mean */
	idx->tcl.n = 0;
	for (uint32_t i = 0; i < idx->cands.n; i++) {
		uint32_t slot = idx->cands.v[i];
		double cos = story_cos(idx, slot);
		struct ccluster *cl = &idx->cl[idx->st[slot].cluster];
		if (cl->gen != idx->gen) {
			cl->gen = idx->gen;
			cl->best = -1;
			idx->tcl.v[idx->tcl.n++] = idx->st[slot].cluster;
		}
		if (cos > cl->best ||
		    (cos == cl->best &&
		     idx->st[slot].id < idx->st[cl->best_member].id)) {
			cl->best = (float)cos;
			cl->best_member = slot;
		}
	}
	double best = -1;
	for (uint32_t i = 0; i < idx->tcl.n; i++) {
		struct ccluster *cl = &idx->cl[idx->tcl.v[i]];
		/* joined only when its best member alone is close enough,
		 * and the blend is too (it saves averaging the rest) */
		if (cl->best < c->event_threshold ||
		    !headlines_agree(idx, d, cl->best_member))
			continue;
		double score = cl->best;
		if (c->avg_link > 0)
			score = (1 - c->avg_link) * score +
				c->avg_link * cluster_mean(idx, cl, self);
		if (score > best ||
		    (score == best && cl->id < idx->cl[dec->cl].id)) {
			best = score;
			dec->cl = idx->tcl.v[i];
			dec->matched = cl->best_member;
			dec->score = cl->best;
		}
	}
	if (best < c->event_threshold) {
		dec->cl = SLOT_NONE;
		dec->matched = SLOT_NONE;
		dec->score = 0;
	}
	/* a near duplicate goes where its original is */
	if (dec->dup != SLOT_NONE) {
		dec->cl = idx->st[dec->dup].cluster;
		dec->matched = dec->dup;
		dec->score = story_cos(idx, dec->dup);
	}
}
