/* Private to src/store: the backend vtable. Each backend fills one. */
#ifndef OW_STORE_INT_H
#define OW_STORE_INT_H

#include "store/store.h"

struct store_ops {
	const char *name;
	void (*close)(struct store *s);
	int (*schema_version)(struct store *s);
	int (*ingest)(struct store *s, const struct raw_input *raw,
		      struct version **v, size_t n, int64_t now,
		      struct ingest_item *items, int64_t *raw_id,
		      struct ow_err *err);
	int (*quarantine)(struct store *s, const struct raw_input *raw,
			  const char *reason, int64_t *raw_id,
			  struct ow_err *err);
	int (*begin)(struct store *s, struct ow_err *err);
	int (*commit)(struct store *s, struct ow_err *err);
	int (*rollback)(struct store *s);
	int (*list_stories)(struct store *s, const struct story_filter *f,
			    struct arena *a, struct story_page *out,
			    struct ow_err *err);
	int (*ticker)(struct store *s, int limit, int64_t now, struct arena *a,
		      struct story_page *out, struct ow_err *err);
	int (*get_story)(struct store *s, int64_t id, struct arena *a,
			 struct story *out, struct ow_err *err);
	int (*get_versions)(struct store *s, int64_t story_id, struct arena *a,
			    struct version ***out, size_t *n,
			    struct ow_err *err);
	int (*events_after)(struct store *s, int64_t after, int limit,
			    struct arena *a, struct store_event **out,
			    size_t *n, struct ow_err *err);
	int (*story_matches)(struct store *s, int64_t id, const char *words,
			     bool *out, struct ow_err *err);
	int (*last_seq)(struct store *s, int64_t *seq, struct ow_err *err);
	int (*cluster_seeds)(struct store *s, int64_t since, int limit,
			     struct arena *a, struct cluster_seed **out,
			     size_t *n, struct ow_err *err);
	int (*latest_time)(struct store *s, int64_t *t, struct ow_err *err);
	int (*list_advisories)(struct store *s, int limit, struct arena *a,
			       struct version ***out, size_t *n,
			       struct ow_err *err);
	int (*release_due)(struct store *s, int64_t now, int64_t *ids,
			   size_t max, size_t *n, struct ow_err *err);
	int (*next_release)(struct store *s, int64_t *when, struct ow_err *err);
	int (*list_quarantine)(struct store *s, int limit, struct arena *a,
			       struct quarantine_entry **out, size_t *n,
			       struct ow_err *err);
	int (*get_raw)(struct store *s, int64_t raw_id, struct arena *a,
		       const char **bytes, size_t *len, struct ow_err *err);
	int (*stats)(struct store *s, struct store_stats *out,
		     struct ow_err *err);
	int (*search)(struct store *s, const struct store_search *q,
		      struct arena *a, struct search_result *out,
		      struct ow_err *err);
	/* Several nodes on one database; NULL where a backend has no such
	 * thing (SQLite: one process owns the file). */
	int (*notify_fd)(struct store *s);
	int (*notifications)(struct store *s, int64_t *max_seq,
			     struct ow_err *err);
	int (*set_replica)(struct store *s, const char *uri,
			   struct ow_err *err);
	void (*read_floor)(struct store *s, int64_t seq);
};

/* Every backend's handle starts with this. */
struct store {
	const struct store_ops *ops;
	struct store_config cfg;
	store_view_hook view_hook; /* NULL: no clusters kept */
	void *view_hook_ctx;
};

int sqlite_store_open(const char *path, const struct store_config *cfg,
		      struct store **out, struct ow_err *err);
/* A "postgres://" or "postgresql://" URI (libpq's syntax). */
int pg_store_open(const char *uri, const struct store_config *cfg,
		  struct store **out, struct ow_err *err);

/* Shared by backends: cursor encoding for story lists. */
const char *store_cursor_encode(struct arena *a, int64_t sort_time, int64_t id);
bool store_cursor_decode(const char *c, int64_t *sort_time, int64_t *id);

#endif
