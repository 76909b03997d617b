/* The store's view hook that keeps same-event clusters, and the rebuild of
 * the index from the store at startup. */
#include "ingest/clusters.h"

#include "common/buf.h"

#include <stdlib.h>
#include <string.h>

struct ingest_clusters {
	struct store *store;
	struct cluster_index *idx;
	struct buf body; /* scratch: paragraphs after the lede */
};

/* The lede is the first paragraph; the body the rest, blank-line separated. */
static int story_of(struct ingest_clusters *c, const struct store_view_info *in,
		    struct cluster_story *cs)
{
	memset(cs, 0, sizeof *cs);
	cs->id = in->story_id;
	cs->source = in->source;
	cs->time = in->time;
	cs->priority = in->priority;
	cs->headline = in->headline;
	cs->lede = in->n_paras ? in->paras[0].text : NULL;
	buf_reset(&c->body);
	for (size_t i = 1; i < in->n_paras; i++) {
		if (i > 1)
			buf_puts(&c->body, "\n\n");
		buf_puts(&c->body, in->paras[i].text);
	}
	if (c->body.err == OW_ENOMEM)
		return OW_ENOMEM;
	/* a body past the buffer's bound is read as far as it went: the
	 * index reads only its first words anyway */
	cs->body = c->body.p ? c->body.p : "";
	return 0;
}

static int hook(void *ctx, const struct store_view_info *in,
		int64_t *cluster_id, int64_t *near_dup_of)
{
	struct ingest_clusters *c = ctx;
	*cluster_id = *near_dup_of = 0;
	if (in->state != STORY_LIVE) {
		/* killed, held back or withheld: out of its cluster */
		cluster_remove(c->idx, in->story_id);
		return 0;
	}
	struct cluster_story cs;
	int rc = story_of(c, in, &cs);
	if (rc)
		return rc;
	struct cluster_result res;
	int64_t held;
	if (cluster_of(c->idx, in->story_id, &held) == 0)
		rc = cluster_update(c->idx, &cs, &res);
	else
		rc = cluster_add(c->idx, &cs, &res);
	if (rc)
		return rc;
	*cluster_id = res.cluster_id;
	*near_dup_of = res.near_dup_of;
	return 0;
}

int ingest_clusters_attach(struct store *s, const struct cluster_config *cfg,
			   struct ingest_clusters **out, struct ow_err *err)
{
	struct cluster_config def;
	if (!cfg) {
		cluster_config_default(&def);
		/* the thresholds are configuration: OFFWIRE_CLUSTER_* in the
		 * environment (docs/operations.md) */
		const char *e;
		if ((e = getenv("OFFWIRE_CLUSTER_THRESHOLD")))
			def.event_threshold = strtod(e, NULL);
		if ((e = getenv("OFFWIRE_CLUSTER_HEADLINE_SHARE")))
			def.head_term_share = strtod(e, NULL);
		if ((e = getenv("OFFWIRE_CLUSTER_DUP_THRESHOLD")))
			def.dup_threshold = strtod(e, NULL);
		if ((e = getenv("OFFWIRE_CLUSTER_WINDOW")))
			def.window = strtoll(e, NULL, 10);
		if ((e = getenv("OFFWIRE_CLUSTER_BODY_WORDS")))
			def.body_words = (int)strtol(e, NULL, 10);
		cfg = &def;
	}
	struct ingest_clusters *c = calloc(1, sizeof *c);
	if (!c)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	c->store = s;
	buf_init(&c->body, 16u << 20);
	c->idx = cluster_index_new(cfg);
	struct arena *a = arena_new();
	int64_t latest = 0;
	struct cluster_seed *seeds = NULL;
	size_t n = 0;
	int rc = !c->idx || !a ? ow_err_set(err, OW_ENOMEM, "out of memory")
			       : store_latest_time(s, &latest, err);
	if (!rc && latest)
		rc = store_cluster_seeds(s, latest - cfg->window,
					 (int)cfg->max_stories, a, &seeds, &n,
					 err);
	for (size_t i = 0; !rc && i < n; i++) {
		struct cluster_story cs;
		if ((rc = story_of(c, &seeds[i].info, &cs)))
			break;
		if (seeds[i].cluster_id)
			rc = cluster_restore(c->idx, &cs, seeds[i].cluster_id,
					     seeds[i].near_dup_of);
		else {
			/* copy from before clusters were kept: placed now,
			 * written with its next change */
			struct cluster_result res;
			rc = cluster_add(c->idx, &cs, &res);
		}
		if (rc == OW_EINVAL)
			rc = 0; /* a duplicate id in the seeds: keep going */
	}
	arena_free(a);
	if (rc) {
		if (!err->msg[0])
			ow_err_set(err, rc, "rebuilding clusters: %s",
				   ow_strerror(rc));
		ingest_clusters_detach(c);
		return rc;
	}
	store_set_view_hook(s, hook, c);
	*out = c;
	return 0;
}

void ingest_clusters_detach(struct ingest_clusters *c)
{
	if (!c)
		return;
	if (c->store)
		store_set_view_hook(c->store, NULL, NULL);
	cluster_index_free(c->idx);
	buf_free(&c->body);
	free(c);
}

const struct cluster_index *
ingest_clusters_index(const struct ingest_clusters *c)
{
	return c->idx;
}
