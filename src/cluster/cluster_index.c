/* The cluster index: stories held for a time window, their near duplicates
 * and their event clusters, decided one arrival at a time.
 *
 * Per arrival, in about constant time whatever the window holds:
 *   1. the story is read into words (cluster_text.c), weighed by tf-idf
 *      with the document frequencies of the stories now held (so idf is
 *      learned as the wire goes, and forgets as stories leave);
 *   2. near duplicates: its MinHash signature's LSH bands look up stories
 *      sharing a band; the best estimated Jaccard >= dup_threshold wins;
 *   3. event candidates: its heaviest terms look up the newest stories
 *      filed under them (every story is filed under its CLUSTER_POST_TERMS
 *      heaviest terms); the max_candidates with most weight in common are
 *      scored exactly (cosine);
 *   4. a cluster whose best candidate reaches event_threshold scores
 *      that cosine blended with the mean over its newest members
 *      (avg_link: 0 is single link, 1 average link); the best cluster
 *      still >= event_threshold is joined, a near duplicate joins its
 *      original's cluster, anything else starts a cluster named after
 *      itself.
 * Ties break on ids, never on memory layout: same calls, same clusters.
 *
 * Deciding: cluster_decide.c; views, comparison and statistics:
 * cluster_view.c. */
#include "cluster/cluster_int.h"

#include "common/ow_error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* -------------------------------------------------------------- helpers */

static int u32v_reserve(struct u32v *a, uint32_t extra)
{
	if (a->n + extra <= a->cap)
		return 0;
	uint32_t cap = a->cap ? a->cap : 16;
	while (cap < a->n + extra)
		cap *= 2;
	uint32_t *v = realloc(a->v, (size_t)cap * sizeof *v);
	if (!v)
		return OW_ENOMEM;
	a->v = v;
	a->cap = cap;
	return 0;
}

static int prio_rank(uint8_t p)
{
	return p == PRIORITY_NONE ? PRIORITY_ROUTINE : p;
}

bool cindex_rep_before(const struct cstory *a, const struct cstory *b)
{
	if (prio_rank(a->priority) != prio_rank(b->priority))
		return prio_rank(a->priority) < prio_rank(b->priority);
	if (a->time != b->time)
		return a->time < b->time;
	return a->id < b->id;
}

/* ------------------------------------------------------------------ heap */

static bool heap_less(const struct cluster_index *idx, uint32_t a, uint32_t b)
{
	const struct cstory *x = &idx->st[a], *y = &idx->st[b];
	return x->time != y->time ? x->time < y->time : x->id < y->id;
}

static void heap_set(struct cluster_index *idx, uint32_t pos, uint32_t slot)
{
	idx->heap.v[pos] = slot;
	idx->st[slot].heap = pos;
}

static void heap_up(struct cluster_index *idx, uint32_t pos)
{
	uint32_t slot = idx->heap.v[pos];
	while (pos) {
		uint32_t up = (pos - 1) / 2;
		if (!heap_less(idx, slot, idx->heap.v[up]))
			break;
		heap_set(idx, pos, idx->heap.v[up]);
		pos = up;
	}
	heap_set(idx, pos, slot);
}

static void heap_down(struct cluster_index *idx, uint32_t pos)
{
	uint32_t slot = idx->heap.v[pos], n = idx->heap.n;
	for (;;) {
		uint32_t c = 2 * pos + 1;
		if (c >= n)
			break;
		if (c + 1 < n &&
		    heap_less(idx, idx->heap.v[c + 1], idx->heap.v[c]))
			c++;
		if (!heap_less(idx, idx->heap.v[c], slot))
			break;
		heap_set(idx, pos, idx->heap.v[c]);
		pos = c;
	}
	heap_set(idx, pos, slot);
}

static void heap_remove(struct cluster_index *idx, uint32_t slot)
{
	uint32_t pos = idx->st[slot].heap;
	if (pos == SLOT_NONE)
		return;
	idx->st[slot].heap = SLOT_NONE;
	uint32_t last = idx->heap.v[--idx->heap.n];
	if (pos == idx->heap.n)
		return;
	heap_set(idx, pos, last);
	heap_up(idx, pos);
	heap_down(idx, idx->st[last].heap);
}

/* ------------------------------------------------------------- clusters */

static void cluster_elect(struct cluster_index *idx, struct ccluster *c)
{
	c->rep = c->members[0];
	for (uint32_t i = 1; i < c->n; i++)
		if (cindex_rep_before(&idx->st[c->members[i]],
				      &idx->st[c->rep]))
			c->rep = c->members[i];
}

/* A new empty cluster named id; its slot in *out. */
static int cluster_create(struct cluster_index *idx, int64_t id, uint32_t *out)
{
	uint32_t slot;
	if (idx->cl_free.n) {
		slot = idx->cl_free.v[idx->cl_free.n - 1];
	} else {
		if (idx->n_cl == idx->cap_cl) {
			uint32_t cap = idx->cap_cl ? idx->cap_cl * 2 : 64;
			struct ccluster *n =
				realloc(idx->cl, (size_t)cap * sizeof *n);
			if (!n)
				return OW_ENOMEM;
			idx->cl = n;
			idx->cap_cl = cap;
		}
		slot = idx->n_cl;
	}
	/* the free list can take back every slot there is */
	if (u32v_reserve(&idx->cl_free, idx->n_cl + 1 - idx->cl_free.n) ||
	    cmap_put(&idx->by_cluster, (uint64_t)id, slot))
		return OW_ENOMEM;
	if (slot == idx->n_cl)
		idx->n_cl++;
	else
		idx->cl_free.n--;
	memset(&idx->cl[slot], 0, sizeof idx->cl[slot]);
	idx->cl[slot].id = id;
	idx->n_clusters++;
	*out = slot;
	return 0;
}

static void cluster_destroy(struct cluster_index *idx, uint32_t slot)
{
	struct ccluster *c = &idx->cl[slot];
	cmap_del(&idx->by_cluster, (uint64_t)c->id);
	free(c->members);
	memset(c, 0, sizeof *c);
	idx->cl_free.v[idx->cl_free.n++] = slot; /* room: cluster_create */
	idx->n_clusters--;
}

static int cluster_join(struct cluster_index *idx, uint32_t cslot,
			uint32_t sslot)
{
	struct ccluster *c = &idx->cl[cslot];
	if (c->n == c->cap) {
		uint32_t cap = c->cap ? c->cap * 2 : 4;
		uint32_t *m = realloc(c->members, (size_t)cap * sizeof *m);
		if (!m)
			return OW_ENOMEM;
		c->members = m;
		c->cap = cap;
	}
	c->members[c->n++] = sslot;
	idx->st[sslot].cluster = cslot;
	if (c->n == 1 || cindex_rep_before(&idx->st[sslot], &idx->st[c->rep]))
		c->rep = sslot;
	return 0;
}

/* The story leaves its cluster; an emptied cluster is destroyed. */
static void cluster_leave(struct cluster_index *idx, uint32_t sslot)
{
	uint32_t cslot = idx->st[sslot].cluster;
	if (cslot == SLOT_NONE)
		return;
	idx->st[sslot].cluster = SLOT_NONE;
	struct ccluster *c = &idx->cl[cslot];
	for (uint32_t i = 0; i < c->n; i++) {
		if (c->members[i] != sslot)
			continue;
		memmove(c->members + i, c->members + i + 1,
			(c->n - i - 1) * sizeof *c->members);
		c->n--;
		break;
	}
	if (!c->n)
		cluster_destroy(idx, cslot);
	else if (c->rep == sslot)
		cluster_elect(idx, c);
}

/* ------------------------------------------------------- terms and idf */

static void df_sub(struct cluster_index *idx, const struct cterm *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t *v = cmap_get(&idx->df, t[i].h);
		if (!v)
			continue;
		if (*v > 1)
			(*v)--;
		else
			cmap_del(&idx->df, t[i].h);
	}
}

/* Counts the doc's terms as held, noting each count in d->df; on failure
 * nothing is counted. */
static int df_add(struct cluster_index *idx, struct cdoc *d)
{
	for (size_t i = 0; i < d->n_terms; i++) {
		uint32_t *v = cmap_get(&idx->df, d->terms[i].h);
		if (v) {
			d->df[i] = ++*v;
		} else if (cmap_put(&idx->df, d->terms[i].h, 1)) {
			df_sub(idx, d->terms, i);
			return OW_ENOMEM;
		} else {
			d->df[i] = 1;
		}
	}
	return 0;
}

void cindex_weigh(const struct cluster_index *idx, struct cdoc *d,
		  double n_docs, unsigned df_extra, bool df_known)
{
	if (n_docs < 1)
		n_docs = 1;
	double norm = 0;
	for (size_t i = 0; i < d->n_terms; i++) {
		struct cterm *t = &d->terms[i];
		uint32_t *v = df_known ? &d->df[i] : cmap_get(&idx->df, t->h);
		double df = (double)(v ? *v : 0) + df_extra;
		if (df < 1)
			df = 1;
		double w = t->w * log(1.0 + n_docs / df);
		if (t->flags & (TOK_NAME | TOK_NUM))
			w *= idx->cfg.name_boost;
		t->w = (float)w;
		norm += w * w;
	}
	norm = norm > 0 ? 1.0 / sqrt(norm) : 0;
	for (size_t i = 0; i < d->n_terms; i++)
		d->terms[i].w = (float)(d->terms[i].w * norm);
}

/* --------------------------------------------------------------- stories */

/* Files the story under its heaviest terms and its LSH bands. Best
 * effort: under memory pressure a key may be skipped, which makes the
 * story harder to find, never wrong. */
static void story_file(struct cluster_index *idx, uint32_t slot)
{
	struct cstory *s = &idx->st[slot];
	uint32_t top[CLUSTER_POST_TERMS];
	size_t n =
		cindex_top_terms(s->terms, s->n_terms, CLUSTER_POST_TERMS, top);
	s->n_posted = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t h = s->terms[top[i]].h;
		if (!cpost_add(&idx->post, h, slot, CLUSTER_POST_MAX))
			s->posted[s->n_posted++] = h;
	}
	if (!s->has_sig)
		return;
	for (int b = 0; b < CLUSTER_BANDS; b++)
		cpost_add(&idx->lsh, csig_band_key(s->sig, b), slot,
			  CLUSTER_POST_MAX);
}

static void story_unfile(struct cluster_index *idx, uint32_t slot)
{
	struct cstory *s = &idx->st[slot];
	for (uint8_t i = 0; i < s->n_posted; i++)
		cpost_remove(&idx->post, s->posted[i], slot);
	s->n_posted = 0;
	for (int b = 0; s->has_sig && b < CLUSTER_BANDS; b++)
		cpost_remove(&idx->lsh, csig_band_key(s->sig, b), slot);
}

/* Takes a story out of everything and frees its slot. Safe on a story
 * only partly put in (cluster or heap SLOT_NONE). */
static void story_drop(struct cluster_index *idx, uint32_t slot)
{
	struct cstory *s = &idx->st[slot];
	story_unfile(idx, slot);
	df_sub(idx, s->terms, s->n_terms);
	heap_remove(idx, slot);
	cluster_leave(idx, slot);
	cmap_del(&idx->by_id, (uint64_t)s->id);
	free(s->terms);
	free(s->source);
	memset(s, 0, sizeof *s);
	idx->st_free.v[idx->st_free.n++] = slot; /* room: story_new */
	idx->n_stories--;
}

static uint32_t story_slot(const struct cluster_index *idx, int64_t id)
{
	uint32_t *v = id > 0 ? cmap_get(&idx->by_id, (uint64_t)id) : NULL;
	return v ? *v : SLOT_NONE;
}

static char *dup_source(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strnlen(s, CLUSTER_SOURCE_MAX);
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

/* A held story from idx->doc (already counted in df and weighed): slot,
 * terms, id map and heap. Not yet in a cluster nor filed. */
static int story_new(struct cluster_index *idx, const struct cluster_story *s,
		     uint32_t *out)
{
	/* the free list can take back every slot there is */
	if (u32v_reserve(&idx->st_free, idx->n_st + 1 - idx->st_free.n) ||
	    u32v_reserve(&idx->heap, 1))
		return OW_ENOMEM;
	if (!idx->st_free.n && idx->n_st == idx->cap_st) {
		uint32_t cap = idx->cap_st ? idx->cap_st * 2 : 64;
		struct cstory *n = realloc(idx->st, (size_t)cap * sizeof *n);
		if (!n)
			return OW_ENOMEM;
		idx->st = n;
		idx->cap_st = cap;
	}
	struct cterm *terms = NULL;
	if (idx->doc.n_terms) {
		terms = malloc(idx->doc.n_terms * sizeof *terms);
		if (!terms)
			return OW_ENOMEM;
		memcpy(terms, idx->doc.terms, idx->doc.n_terms * sizeof *terms);
	}
	char *src = dup_source(s->source);
	uint32_t slot =
		idx->st_free.n ? idx->st_free.v[idx->st_free.n - 1] : idx->n_st;
	if ((s->source && !src) ||
	    cmap_put(&idx->by_id, (uint64_t)s->id, slot)) {
		free(terms);
		free(src);
		return OW_ENOMEM;
	}
	if (idx->st_free.n)
		idx->st_free.n--;
	else
		idx->n_st++;
	struct cstory *st = &idx->st[slot];
	memset(st, 0, sizeof *st);
	st->id = s->id;
	st->time = s->time;
	st->priority = (uint8_t)s->priority;
	st->source = src;
	st->terms = terms;
	st->n_terms = (uint32_t)idx->doc.n_terms;
	st->cluster = SLOT_NONE;
	memcpy(st->sig, idx->doc.sig, sizeof st->sig);
	st->has_sig = idx->doc.n_shingles > 0;
	idx->heap.v[idx->heap.n] = slot;
	st->heap = idx->heap.n++;
	heap_up(idx, st->heap);
	idx->n_stories++;
	*out = slot;
	return 0;
}

/* ------------------------------------------------------------- the clock */

static void expire_to(struct cluster_index *idx, size_t room)
{
	int64_t cut = idx->now - idx->cfg.window;
	while (idx->heap.n) {
		uint32_t slot = idx->heap.v[0];
		if (idx->st[slot].time >= cut &&
		    idx->n_stories + room <= idx->cfg.max_stories)
			break;
		story_drop(idx, slot);
	}
}

static void advance(struct cluster_index *idx, int64_t t, size_t room)
{
	if (t > idx->now)
		idx->now = t;
	expire_to(idx, room);
}

void cluster_expire(struct cluster_index *idx, int64_t now)
{
	advance(idx, now, 0);
}

/* ------------------------------------------------------------ arrivals */

static void result_fill(const struct cluster_index *idx, uint32_t slot,
			const struct decision *dec, struct cluster_result *out)
{
	const struct cstory *s = &idx->st[slot];
	out->cluster_id = idx->cl[s->cluster].id;
	out->near_dup_of = s->near_dup_of;
	if (dec->matched != SLOT_NONE &&
	    idx->st[dec->matched].cluster == s->cluster) {
		out->matched = idx->st[dec->matched].id;
		out->score = dec->score;
	}
	out->dup_score = s->near_dup_of ? dec->dup_score : 0;
	out->kept = true;
}

/* Holds idx->doc (counted in df already) as story s and puts it in the
 * decided cluster, or in the one named `cluster_id` when > 0. On failure
 * the df count is undone and nothing is held. */
static int place(struct cluster_index *idx, const struct cluster_story *s,
		 const struct decision *dec, int64_t cluster_id,
		 uint32_t *out_slot, bool *created)
{
	uint32_t slot, cslot = dec ? dec->cl : SLOT_NONE;
	int rc = story_new(idx, s, &slot);
	if (rc) {
		df_sub(idx, idx->doc.terms, idx->doc.n_terms);
		return rc;
	}
	*created = false;
	if (cslot == SLOT_NONE) {
		/* a cluster still named after this story (it was removed and
		 * has come back) is its own again */
		int64_t name = cluster_id > 0 ? cluster_id : s->id;
		uint32_t *found = cmap_get(&idx->by_cluster, (uint64_t)name);
		if (found)
			cslot = *found;
		else if (!(rc = cluster_create(idx, name, &cslot)))
			*created = true;
	}
	if (!rc && (rc = cluster_join(idx, cslot, slot)) && *created)
		cluster_destroy(idx, cslot);
	if (rc) {
		story_drop(idx, slot); /* undoes the df count with it */
		return rc;
	}
	story_file(idx, slot);
	*out_slot = slot;
	return 0;
}

int cluster_add(struct cluster_index *idx, const struct cluster_story *s,
		struct cluster_result *out)
{
	struct cluster_result spare;
	if (!out)
		out = &spare;
	memset(out, 0, sizeof *out);
	if (!idx || !s || s->id <= 0)
		return OW_EINVAL;
	if (story_slot(idx, s->id) != SLOT_NONE)
		return cluster_update(idx, s, out);
	int rc = cdoc_read(&idx->doc, s, idx->cfg.body_words,
			   idx->cfg.shingle_words, NULL);
	if (rc)
		return rc;
	advance(idx, s->time, 1);
	/* counted before deciding: a word only this story uses has df 1 */
	if ((rc = df_add(idx, &idx->doc)))
		return rc;
	cindex_weigh(idx, &idx->doc, (double)idx->n_stories + 1, 0, true);
	struct decision dec;
	cindex_decide(idx, s->time, SLOT_NONE, &dec);
	uint32_t slot;
	bool created;
	if ((rc = place(idx, s, &dec, 0, &slot, &created)))
		return rc;
	if (dec.dup != SLOT_NONE)
		idx->st[slot].near_dup_of = idx->st[dec.dup].id;
	result_fill(idx, slot, &dec, out);
	out->new_cluster = created;
	if (s->time < idx->now - idx->cfg.window) {
		story_drop(idx, slot); /* late copy: placed, not kept */
		out->kept = false;
	}
	return 0;
}

/* Room for one more member, so that a move cannot fail half-way. */
static int cluster_reserve(struct ccluster *c)
{
	if (c->n < c->cap)
		return 0;
	uint32_t cap = c->cap ? c->cap * 2 : 4;
	uint32_t *m = realloc(c->members, (size_t)cap * sizeof *m);
	if (!m)
		return OW_ENOMEM;
	c->members = m;
	c->cap = cap;
	return 0;
}

int cluster_update(struct cluster_index *idx, const struct cluster_story *s,
		   struct cluster_result *out)
{
	struct cluster_result spare;
	if (!out)
		out = &spare;
	memset(out, 0, sizeof *out);
	if (!idx || !s || s->id <= 0)
		return OW_EINVAL;
	uint32_t slot = story_slot(idx, s->id);
	if (slot == SLOT_NONE)
		return OW_ENOTFOUND;
	int rc = cdoc_read(&idx->doc, s, idx->cfg.body_words,
			   idx->cfg.shingle_words, NULL);
	if (rc)
		return rc;
	struct cterm *terms = NULL;
	if (idx->doc.n_terms &&
	    !(terms = malloc(idx->doc.n_terms * sizeof *terms)))
		return OW_ENOMEM;
	/* the newest version keeps the story in the window */
	struct cstory *st = &idx->st[slot];
	if (s->time > st->time) {
		st->time = s->time;
		heap_down(idx, st->heap);
	}
	advance(idx, s->time, 0);
	if ((slot = story_slot(idx, s->id)) == SLOT_NONE) {
		free(terms);
		return OW_ENOTFOUND; /* it was older than the window */
	}
	st = &idx->st[slot];
	if ((rc = df_add(idx, &idx->doc))) {
		free(terms);
		return rc;
	}
	df_sub(idx, st->terms, st->n_terms);
	/* d->df is stale for the terms the old text shared: look them up */
	cindex_weigh(idx, &idx->doc, (double)idx->n_stories, 0, false);
	struct decision dec;
	cindex_decide(idx, st->time, slot, &dec);

	story_unfile(idx, slot);
	free(st->terms);
	st->terms = terms;
	st->n_terms = (uint32_t)idx->doc.n_terms;
	if (terms)
		memcpy(terms, idx->doc.terms, st->n_terms * sizeof *terms);
	memcpy(st->sig, idx->doc.sig, sizeof st->sig);
	st->has_sig = idx->doc.n_shingles > 0;
	st->priority = (uint8_t)s->priority;
	if (s->source && (!st->source ||
			  strncmp(st->source, s->source, CLUSTER_SOURCE_MAX))) {
		char *src = dup_source(s->source);
		if (src) { /* on OOM the old name stays */
			free(st->source);
			st->source = src;
		}
	}

	/* one story, one cluster: it moves only when it is alone, to a
	 * cluster that now wants it */
	uint32_t old = st->cluster;
	if (idx->cl[old].n == 1 && dec.cl != SLOT_NONE && dec.cl != old &&
	    !cluster_reserve(&idx->cl[dec.cl])) {
		cluster_leave(idx, slot);
		cluster_join(idx, dec.cl, slot); /* room reserved */
	}
	st->near_dup_of =
		dec.dup != SLOT_NONE && idx->st[dec.dup].cluster == st->cluster
			? idx->st[dec.dup].id
			: 0;
	cluster_elect(idx, &idx->cl[st->cluster]);
	story_file(idx, slot);
	result_fill(idx, slot, &dec, out);
	return 0;
}

int cluster_remove(struct cluster_index *idx, int64_t story_id)
{
	uint32_t slot = idx ? story_slot(idx, story_id) : SLOT_NONE;
	if (slot == SLOT_NONE)
		return OW_ENOTFOUND;
	story_drop(idx, slot);
	return 0;
}

int cluster_restore(struct cluster_index *idx, const struct cluster_story *s,
		    int64_t cluster_id, int64_t near_dup_of)
{
	if (!idx || !s || s->id <= 0 || cluster_id <= 0 ||
	    story_slot(idx, s->id) != SLOT_NONE)
		return OW_EINVAL;
	int rc = cdoc_read(&idx->doc, s, idx->cfg.body_words,
			   idx->cfg.shingle_words, NULL);
	if (rc)
		return rc;
	advance(idx, s->time, 1);
	if (s->time < idx->now - idx->cfg.window)
		return 0; /* older than the window: nothing to hold */
	if ((rc = df_add(idx, &idx->doc)))
		return rc;
	cindex_weigh(idx, &idx->doc, (double)idx->n_stories + 1, 0, true);
	uint32_t slot;
	bool created;
	if ((rc = place(idx, s, NULL, cluster_id, &slot, &created)))
		return rc;
	idx->st[slot].near_dup_of = near_dup_of > 0 ? near_dup_of : 0;
	return 0;
}

int cluster_of(const struct cluster_index *idx, int64_t story_id,
	       int64_t *cluster_id)
{
	uint32_t slot = idx ? story_slot(idx, story_id) : SLOT_NONE;
	if (slot == SLOT_NONE)
		return OW_ENOTFOUND;
	*cluster_id = idx->cl[idx->st[slot].cluster].id;
	return 0;
}

/* ------------------------------------------------------------ lifecycle */

static bool config_ok(const struct cluster_config *c)
{
	return c->window > 0 && c->max_stories >= 1 &&
	       c->max_stories <= (UINT32_MAX / 4) && c->body_words >= 0 &&
	       c->body_words <= CLUSTER_MAX_WORDS && c->shingle_words >= 1 &&
	       c->shingle_words <= 8 && c->dup_threshold >= 0 &&
	       c->dup_threshold <= 1 && c->event_threshold >= 0 &&
	       c->event_threshold <= 1 && c->name_boost > 0 &&
	       c->name_boost <= 100 && c->avg_link >= 0 && c->avg_link <= 1 &&
	       c->max_candidates >= 1 && c->max_candidates <= 1024 &&
	       c->lookup_terms >= 1 && c->lookup_terms <= 64 &&
	       c->head_term_share >= 0 && c->head_term_share <= 1;
}

struct cluster_index *cluster_index_new(const struct cluster_config *c)
{
	struct cluster_config def;
	if (!c) {
		cluster_config_default(&def);
		c = &def;
	}
	if (!config_ok(c))
		return NULL;
	struct cluster_index *idx = calloc(1, sizeof *idx);
	if (!idx)
		return NULL;
	idx->cfg = *c;
	idx->now = INT64_MIN / 4;
	uint32_t touch_max = (uint32_t)c->lookup_terms * CLUSTER_SCAN_MAX +
			     CLUSTER_BANDS * CLUSTER_POST_MAX;
	if (cdoc_init(&idx->doc, c->body_words) ||
	    u32v_reserve(&idx->touched, touch_max) ||
	    u32v_reserve(&idx->cands, (uint32_t)c->max_candidates) ||
	    u32v_reserve(&idx->tcl, (uint32_t)c->max_candidates)) {
		cluster_index_free(idx);
		return NULL;
	}
	return idx;
}

void cluster_index_free(struct cluster_index *idx)
{
	if (!idx)
		return;
	for (uint32_t i = 0; i < idx->n_st; i++) {
		free(idx->st[i].terms);
		free(idx->st[i].source);
	}
	for (uint32_t i = 0; i < idx->n_cl; i++)
		free(idx->cl[i].members);
	free(idx->st);
	free(idx->cl);
	free(idx->st_free.v);
	free(idx->cl_free.v);
	free(idx->heap.v);
	free(idx->touched.v);
	free(idx->cands.v);
	free(idx->tcl.v);
	cmap_free(&idx->by_id);
	cmap_free(&idx->by_cluster);
	cmap_free(&idx->df);
	cpost_free(&idx->post);
	cpost_free(&idx->lsh);
	cdoc_free(&idx->doc);
	free(idx);
}
