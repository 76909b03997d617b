/* The containers the cluster index is built from: a uint64 -> uint32 hash
 * map (open addressing, linear probing, backward-shift deletion, so no
 * tombstones pile up as the window slides) and lists of story slots per
 * key. Nothing here knows about stories. */
#include "cluster/cluster_int.h"

#include "common/ow_error.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ map */

#define CMAP_MIN 16

static size_t home(const struct cmap *m, uint64_t key)
{
	return (size_t)chash_mix(key) & (m->cap - 1);
}

void cmap_free(struct cmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

uint32_t *cmap_get(const struct cmap *m, uint64_t key)
{
	if (!m->cap)
		return NULL;
	for (size_t i = home(m, key);; i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == key)
			return &m->vals[i];
		if (!m->keys[i])
			return NULL;
	}
}

static int grow(struct cmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : CMAP_MIN;
	uint64_t *keys = calloc(cap, sizeof *keys);
	uint32_t *vals = malloc(cap * sizeof *vals);
	if (!keys || !vals) {
		free(keys);
		free(vals);
		return OW_ENOMEM;
	}
	struct cmap n = {keys, vals, cap, 0};
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t j = home(&n, m->keys[i]);
		while (n.keys[j])
			j = (j + 1) & (cap - 1);
		n.keys[j] = m->keys[i];
		n.vals[j] = m->vals[i];
		n.n++;
	}
	cmap_free(m);
	*m = n;
	return 0;
}

int cmap_put(struct cmap *m, uint64_t key, uint32_t val)
{
	uint32_t *v = cmap_get(m, key);
	if (v) {
		*v = val;
		return 0;
	}
	/* load factor at most 1/2: probes stay short */
	if ((m->n + 1) * 2 > m->cap && grow(m))
		return OW_ENOMEM;
	size_t i = home(m, key);
	while (m->keys[i])
		i = (i + 1) & (m->cap - 1);
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
	return 0;
}

bool cmap_del(struct cmap *m, uint64_t key)
{
	if (!m->cap)
		return false;
	size_t mask = m->cap - 1, i = home(m, key);
	while (m->keys[i] != key) {
		if (!m->keys[i])
			return false;
		i = (i + 1) & mask;
	}
	/* shift back the entries whose probe run passes through i */
	for (size_t j = (i + 1) & mask; m->keys[j]; j = (j + 1) & mask) {
		size_t h = home(m, m->keys[j]);
		bool between = i <= j ? (i < h && h <= j) : (i < h || h <= j);
		if (between)
			continue;
		m->keys[i] = m->keys[j];
		m->vals[i] = m->vals[j];
		i = j;
	}
	m->keys[i] = 0;
	m->n--;
	return true;
}

size_t cmap_bytes(const struct cmap *m)
{
	return m->cap * (sizeof *m->keys + sizeof *m->vals);
}

/* ---------------------------------------------------------------- lists */

void cpost_free(struct cpost *p)
{
	for (uint32_t i = 0; i < p->n_lists; i++)
		free(p->lists[i].v);
	free(p->lists);
	free(p->free);
	cmap_free(&p->map);
	memset(p, 0, sizeof *p);
}

const struct slist *cpost_get(const struct cpost *p, uint64_t key)
{
	uint32_t *li = cmap_get(&p->map, key);
	return li ? &p->lists[*li] : NULL;
}

static int grow_array(void **arr, uint32_t *cap, size_t elem, uint32_t min)
{
	uint32_t n = *cap ? *cap * 2 : min;
	void *np = realloc(*arr, (size_t)n * elem);
	if (!np)
		return OW_ENOMEM;
	*arr = np;
	*cap = n;
	return 0;
}

/* An empty list: a recycled one, or a new one at the end. */
static int new_list(struct cpost *p, uint32_t *li)
{
	if (p->n_free) {
		*li = p->free[--p->n_free];
		return 0;
	}
	if (p->n_lists == p->cap_lists) {
		/* the free array keeps room for every list, so releasing a
		 * list never fails */
		uint32_t cap = p->cap_lists ? p->cap_lists * 2 : 64;
		uint32_t *nf = realloc(p->free, (size_t)cap * sizeof *nf);
		if (!nf)
			return OW_ENOMEM;
		p->free = nf;
		p->cap_free = cap;
		if (grow_array((void **)&p->lists, &p->cap_lists,
			       sizeof *p->lists, 64))
			return OW_ENOMEM;
	}
	memset(&p->lists[p->n_lists], 0, sizeof *p->lists);
	*li = p->n_lists++;
	return 0;
}

static void release_list(struct cpost *p, uint32_t li)
{
	p->free[p->n_free++] = li;
}

int cpost_add(struct cpost *p, uint64_t key, uint32_t slot, uint32_t max)
{
	uint32_t li, *found = cmap_get(&p->map, key);
	if (found) {
		li = *found;
	} else {
		if (new_list(p, &li))
			return OW_ENOMEM;
		if (cmap_put(&p->map, key, li)) {
			release_list(p, li);
			return OW_ENOMEM;
		}
	}
	struct slist *l = &p->lists[li];
	if (l->n >= max && l->n) {
		memmove(l->v, l->v + 1, (l->n - 1) * sizeof *l->v);
		l->n--;
	}
	if (l->n == l->cap &&
	    grow_array((void **)&l->v, &l->cap, sizeof *l->v, 2)) {
		if (!l->n) {
			cmap_del(&p->map, key);
			release_list(p, li);
		}
		return OW_ENOMEM;
	}
	l->v[l->n++] = slot;
	return 0;
}

void cpost_remove(struct cpost *p, uint64_t key, uint32_t slot)
{
	uint32_t *found = cmap_get(&p->map, key);
	if (!found)
		return;
	uint32_t li = *found;
	struct slist *l = &p->lists[li];
	for (uint32_t i = 0; i < l->n; i++) {
		if (l->v[i] != slot)
			continue;
		memmove(l->v + i, l->v + i + 1, (l->n - i - 1) * sizeof *l->v);
		l->n--;
		break;
	}
	if (l->n)
		return;
	/* an empty list goes back to the pool with its memory */
	free(l->v);
	l->v = NULL;
	l->cap = 0;
	cmap_del(&p->map, key);
	release_list(p, li);
}

size_t cpost_bytes(const struct cpost *p)
{
	size_t b = cmap_bytes(&p->map) + p->cap_lists * sizeof *p->lists +
		   p->cap_free * sizeof *p->free;
	for (uint32_t i = 0; i < p->n_lists; i++)
		b += p->lists[i].cap * sizeof *p->lists[i].v;
	return b;
}
