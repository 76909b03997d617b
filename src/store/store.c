/* Backend selection and the thin dispatch from store_* to the backend. */
#include "store/store_int.h"

#include "common/str.h"

#include <stdio.h>
#include <string.h>

int store_open(const char *uri, const struct store_config *cfg,
	       struct store **out, struct ow_err *err)
{
	struct store_config c = {LINK_DEFAULT_WINDOW, 3600};
	if (cfg) {
		if (cfg->link_window > 0)
			c.link_window = cfg->link_window;
		if (cfg->priority_window > 0)
			c.priority_window = cfg->priority_window;
	}
	if (!uri || !*uri)
		return ow_err_set(err, OW_EINVAL, "no database given");
	if (str_starts_with_ci(uri, strlen(uri), "postgres://") ||
	    str_starts_with_ci(uri, strlen(uri), "postgresql://"))
		return pg_store_open(uri, &c, out, err);
	if (!strncmp(uri, "sqlite:", 7))
		uri += 7;
	return sqlite_store_open(uri, &c, out, err);
}

void store_close(struct store *s)
{
	if (s)
		s->ops->close(s);
}

const char *store_backend_name(const struct store *s)
{
	return s->ops->name;
}

int store_schema_version(struct store *s)
{
	return s->ops->schema_version(s);
}

int store_ingest(struct store *s, const struct raw_input *raw,
		 struct version **v, size_t n, int64_t now,
		 struct ingest_item *items, int64_t *raw_id, struct ow_err *err)
{
	return s->ops->ingest(s, raw, v, n, now, items, raw_id, err);
}

int store_quarantine(struct store *s, const struct raw_input *raw,
		     const char *reason, int64_t *raw_id, struct ow_err *err)
{
	return s->ops->quarantine(s, raw, reason, raw_id, err);
}

int store_begin(struct store *s, struct ow_err *err)
{
	return s->ops->begin(s, err);
}

int store_commit(struct store *s, struct ow_err *err)
{
	return s->ops->commit(s, err);
}

int store_rollback(struct store *s)
{
	return s->ops->rollback(s);
}

int store_list_stories(struct store *s, const struct story_filter *f,
		       struct arena *a, struct story_page *out,
		       struct ow_err *err)
{
	return s->ops->list_stories(s, f, a, out, err);
}

int store_ticker(struct store *s, int limit, int64_t now, struct arena *a,
		 struct story_page *out, struct ow_err *err)
{
	return s->ops->ticker(s, limit, now, a, out, err);
}

int store_get_story(struct store *s, int64_t id, struct arena *a,
		    struct story *out, struct ow_err *err)
{
	return s->ops->get_story(s, id, a, out, err);
}

int store_get_versions(struct store *s, int64_t story_id, struct arena *a,
		       struct version ***out, size_t *n, struct ow_err *err)
{
	return s->ops->get_versions(s, story_id, a, out, n, err);
}

int store_events_after(struct store *s, int64_t after, int limit,
		       struct arena *a, struct store_event **out, size_t *n,
		       struct ow_err *err)
{
	return s->ops->events_after(s, after, limit, a, out, n, err);
}

int store_story_matches(struct store *s, int64_t id, const char *words,
			bool *out, struct ow_err *err)
{
	return s->ops->story_matches(s, id, words, out, err);
}

int store_last_seq(struct store *s, int64_t *seq, struct ow_err *err)
{
	return s->ops->last_seq(s, seq, err);
}

void store_set_view_hook(struct store *s, store_view_hook fn, void *ctx)
{
	s->view_hook = fn;
	s->view_hook_ctx = ctx;
}

int store_cluster_seeds(struct store *s, int64_t since, int limit,
			struct arena *a, struct cluster_seed **out, size_t *n,
			struct ow_err *err)
{
	return s->ops->cluster_seeds(s, since, limit, a, out, n, err);
}

int store_latest_time(struct store *s, int64_t *t, struct ow_err *err)
{
	return s->ops->latest_time(s, t, err);
}

int store_list_advisories(struct store *s, int limit, struct arena *a,
			  struct version ***out, size_t *n, struct ow_err *err)
{
	return s->ops->list_advisories(s, limit, a, out, n, err);
}

int store_release_due(struct store *s, int64_t now, int64_t *ids, size_t max,
		      size_t *n, struct ow_err *err)
{
	return s->ops->release_due(s, now, ids, max, n, err);
}

int store_next_release(struct store *s, int64_t *when, struct ow_err *err)
{
	return s->ops->next_release(s, when, err);
}

int store_list_quarantine(struct store *s, int limit, struct arena *a,
			  struct quarantine_entry **out, size_t *n,
			  struct ow_err *err)
{
	return s->ops->list_quarantine(s, limit, a, out, n, err);
}

int store_get_raw(struct store *s, int64_t raw_id, struct arena *a,
		  const char **bytes, size_t *len, struct ow_err *err)
{
	return s->ops->get_raw(s, raw_id, a, bytes, len, err);
}

int store_stats(struct store *s, struct store_stats *out, struct ow_err *err)
{
	return s->ops->stats(s, out, err);
}

int store_search(struct store *s, const struct store_search *q, struct arena *a,
		 struct search_result *out, struct ow_err *err)
{
	return s->ops->search(s, q, a, out, err);
}

int store_notify_fd(struct store *s)
{
	return s->ops->notify_fd ? s->ops->notify_fd(s) : -1;
}

int store_notifications(struct store *s, int64_t *max_seq, struct ow_err *err)
{
	*max_seq = 0;
	return s->ops->notifications ? s->ops->notifications(s, max_seq, err)
				     : 0;
}

int store_set_replica(struct store *s, const char *uri, struct ow_err *err)
{
	if (!s->ops->set_replica)
		return ow_err_set(err, OW_EUNSUPPORTED,
				  "the %s backend reads no replica",
				  s->ops->name);
	return s->ops->set_replica(s, uri, err);
}

void store_read_floor(struct store *s, int64_t seq)
{
	if (s->ops->read_floor)
		s->ops->read_floor(s, seq);
}

int store_collapse_events(struct story_page *p, size_t limit, struct arena *a)
{
	size_t kept = 0;
	for (size_t i = 0; i < p->n && kept < limit; i++) {
		struct story_summary *s = &p->items[i];
		bool seen = false;
		for (size_t k = 0; s->cluster && k < kept && !seen; k++)
			seen = p->items[k].cluster == s->cluster;
		if (seen)
			continue;
		/* this line stands for its cluster: gather its agencies */
		const char *list[64];
		int n = 0;
		for (size_t j = i; j < p->n && n < 64; j++) {
			const struct story_summary *t = &p->items[j];
			if (j != i && (!s->cluster || t->cluster != s->cluster))
				continue;
			const char *src = t->source ? t->source : "";
			bool dup = false;
			for (int k = 0; k < n && !dup; k++)
				dup = !strcmp(list[k], src);
			if (!dup)
				list[n++] = src;
		}
		char *joined = NULL;
		for (int k = 0; k < n; k++) {
			joined = joined ? arena_printf(a, "%s|%s", joined,
						       list[k])
					: arena_strdup(a, list[k]);
			if (!joined)
				return OW_ENOMEM;
		}
		p->items[kept] = *s;
		p->items[kept].event_sources = joined;
		p->items[kept].n_event_sources = n;
		kept++;
	}
	p->n = kept;
	return 0;
}

/* Cursors are "<sort_time>.<id>" in hex, base64url-free but opaque enough:
 * clients must treat them as tokens, and a tampered one fails to decode. */
const char *store_cursor_encode(struct arena *a, int64_t sort_time, int64_t id)
{
	return arena_printf(a, "c%llx.%llx", (unsigned long long)sort_time,
			    (unsigned long long)id);
}

static bool hex_i64(const char *s, size_t n, int64_t *out)
{
	if (n == 0 || n > 16)
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else
			return false;
		v = v << 4 | d;
	}
	*out = (int64_t)v;
	return true;
}

bool store_cursor_decode(const char *c, int64_t *sort_time, int64_t *id)
{
	if (!c || c[0] != 'c')
		return false;
	const char *dot = strchr(c, '.');
	if (!dot)
		return false;
	return hex_i64(c + 1, (size_t)(dot - c - 1), sort_time) &&
	       hex_i64(dot + 1, strlen(dot + 1), id);
}
