/* Ingest into SQLite: raw bytes first, then each version linked to its story
 * and the story's view recomputed, all in one transaction. */
#include "store/sqlite/sqlite_int.h"

#include "common/buf.h"

#include <stdlib.h>
#include <string.h>

static int64_t llabs64(int64_t x)
{
	return x < 0 ? -x : x;
}

static int insert_raw(struct sqlite_store *s, const struct raw_input *raw,
		      const char *status, const char *reason, int64_t *id,
		      struct ow_err *err)
{
	sqlite3_stmt *st = sq_stmt(s, ST_RAW_INSERT);
	if (!st)
		return sq_fail(s, err, "preparing raw insert");
	sqlite3_bind_int64(st, 1, raw->received_at);
	sq_bind_text(st, 2, raw->origin);
	sq_bind_text(st, 3, raw->format);
	sq_bind_text(st, 4, status);
	sq_bind_text(st, 5, reason);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)raw->len);
	sqlite3_bind_blob64(st, 7, raw->bytes ? raw->bytes : "", raw->len,
			    SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return sq_fail(s, err, "storing raw input");
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

/* The time a version speaks for, for link windows: the copy's own time,
 * so that an archive loaded today links as it did when it was sent. */
static int64_t copy_time(const struct version *v, int64_t now)
{
	return v->versioncreated ? v->versioncreated : now;
}

/* Whether story `id` has a slug in its current view. */
static int story_has_slug(struct sqlite_store *s, int64_t id, bool *has,
			  struct ow_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT slug FROM story WHERE id = ?", -1,
			       &st, NULL))
		return sq_fail(s, err, "preparing slug lookup");
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	const unsigned char *slug =
		rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
	*has = slug && *slug;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(s, err, "looking up story slug");
	return 0;
}

static int find_story(struct sqlite_store *s, const struct link_key *k,
		      size_t nk, int64_t t, int64_t *story_id, size_t *which,
		      struct ow_err *err)
{
	*story_id = 0;
	for (size_t i = 0; i < nk; i++) {
		if (!k[i].lookup)
			continue;
		sqlite3_stmt *st = sq_stmt(s, ST_KEY_LOOKUP);
		if (!st)
			return sq_fail(s, err, "preparing key lookup");
		sq_bind_text(st, 1, k[i].key);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(st, 0);
			int64_t seen = sqlite3_column_int64(st, 1);
			if (k[i].window && llabs64(t - seen) > k[i].window)
				continue;
			/* slugged copy finding a story by headline: only one
			 * without a slug of its own (see link_keys) */
			bool slugged = false;
			if (k[i].unslugged &&
			    (rc = story_has_slug(s, id, &slugged, err)))
				return rc;
			if (!slugged) {
				*story_id = id;
				*which = i;
				return 0;
			}
		} else if (rc != SQLITE_DONE) {
			return sq_fail(s, err, "looking up link key");
		}
	}
	return 0;
}

static int bind_version(sqlite3_stmt *st, const struct version *v,
			int64_t raw_id, const char *fp, char **json)
{
	int c = 1;
	sqlite3_bind_int64(st, c++, v->seq);
	sqlite3_bind_int64(st, c++, v->story_id);
	sqlite3_bind_int(st, c++, v->vnum);
	sqlite3_bind_int64(st, c++, raw_id);
	sqlite3_bind_int64(st, c++, (sqlite3_int64)v->raw_off);
	sqlite3_bind_int64(st, c++, (sqlite3_int64)v->raw_len);
	sqlite3_bind_int64(st, c++, v->received_at);
	sq_bind_text(st, c++, v->format);
	sq_bind_text(st, c++, v->source);
	sq_bind_text(st, c++, v->item_id);
	if (v->item_version >= 0)
		sqlite3_bind_int64(st, c++, v->item_version);
	else
		sqlite3_bind_null(st, c++);
	sq_bind_text(st, c++, v->evolved_from);
	sq_bind_text(st, c++, signal_name(v->signal));
	sq_bind_text(st, c++, v->mark);
	sqlite3_bind_int(st, c++, v->mark_ordinal);
	sqlite3_bind_int(st, c++, v->pickup_para);
	sq_bind_text(st, c++, pubstatus_name(v->pubstatus));
	sqlite3_bind_int(st, c++, (int)v->priority);
	sqlite3_bind_int(st, c++, v->urgency);
	sq_bind_text(st, c++, v->slug);
	sq_bind_text(st, c++, v->headline);
	sq_bind_text(st, c++, v->byline);
	sq_bind_text(st, c++, v->dateline.place);
	sq_bind_text(st, c++, v->dateline.date);
	sq_bind_text(st, c++, v->dateline.source);
	sq_bind_text(st, c++, v->language);
	json[0] = sq_subjects_json(v->subjects, v->n_subjects);
	json[1] = sq_paras_json(v->paras, v->n_paras);
	json[2] = sq_strings_json(v->warnings, v->n_warnings);
	if (!json[1] || (v->n_subjects && !json[0]) ||
	    (v->n_warnings && !json[2]))
		return OW_ENOMEM;
	sq_bind_text(st, c++, json[0]);
	sq_bind_text(st, c++, json[1]);
	sq_bind_text(st, c++, v->body_html);
	sqlite3_bind_int(st, c++, v->word_count);
	sq_bind_text(st, c++, v->ednote);
	sqlite3_bind_int64(st, c++, v->firstcreated);
	sqlite3_bind_int64(st, c++, v->versioncreated);
	sqlite3_bind_int64(st, c++, v->embargo);
	sqlite3_bind_int(st, c++, v->embargo_held);
	sq_bind_text(st, c++, json[2]);
	sq_bind_text(st, c++, v->link_rule);
	sq_bind_text(st, c++, v->link_key);
	sq_bind_text(st, c++, fp);
	return 0;
}

/* Writes a resolved view into the story row and the search index. */
static int write_subjects(struct sqlite_store *s, int64_t id, bool is_new,
			  const struct version *m, struct ow_err *err)
{
	sqlite3_stmt *st;
	if (!is_new) {
		st = sq_stmt(s, ST_SUBJECT_DELETE);
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) != SQLITE_DONE)
			return sq_fail(s, err, "updating sections");
	}
	for (size_t i = 0; i < m->n_subjects; i++) {
		st = sq_stmt(s, ST_SUBJECT_INSERT);
		sqlite3_bind_int64(st, 1, id);
		sq_bind_text(st, 2, m->subjects[i].code);
		sq_bind_text(st, 3, m->subjects[i].name);
		if (sqlite3_step(st) != SQLITE_DONE)
			return sq_fail(s, err, "updating sections");
	}
	return 0;
}

static int write_view(struct sqlite_store *s, int64_t id,
		      const struct story_view *view, const struct version *last,
		      bool is_new, bool changed, int64_t now,
		      const char *body_json, struct ow_err *err)
{
	const struct version *m = view->current ? view->current : last;
	char *subjects = sq_subjects_json(m->subjects, m->n_subjects);
	/* a new story's text is its one version's: reuse that encoding */
	char *body =
		body_json ? NULL : sq_paras_json(view->paras, view->n_paras);
	const char *body_text = body_json ? body_json : body;
	int rc = 0;
	sqlite3_stmt *st = sq_stmt(s, ST_STORY_UPDATE);
	if (!st || !body_text) {
		rc = st ? ow_err_set(err, OW_ENOMEM, "out of memory")
			: sq_fail(s, err, "preparing story update");
		goto out;
	}
	int c = 1;
	sq_bind_text(st, c++, story_state_name(view->state));
	sq_bind_text(st, c++, m->headline);
	sq_bind_text(st, c++, m->slug);
	sq_bind_text(st, c++, m->byline);
	sq_bind_text(st, c++, m->dateline.place);
	sq_bind_text(st, c++, m->dateline.date);
	sq_bind_text(st, c++, m->dateline.source);
	sq_bind_text(st, c++, m->language);
	sq_bind_text(st, c++, subjects);
	sq_bind_text(st, c++, m->mark);
	sq_bind_text(st, c++, signal_name(m->signal));
	sqlite3_bind_int(st, c++, (int)m->priority);
	sqlite3_bind_int(st, c++, m->urgency);
	sqlite3_bind_int64(st, c++,
			   view->firstcreated ? view->firstcreated
					      : m->received_at);
	sqlite3_bind_int64(st, c++,
			   m->versioncreated ? m->versioncreated
					     : m->received_at);
	sqlite3_bind_int64(st, c++,
			   m->versioncreated ? m->versioncreated
					     : m->received_at);
	sqlite3_bind_int64(st, c++, m->seq);
	sqlite3_bind_int(st, c++, view->word_count);
	sq_bind_text(st, c++, body_text);
	sq_bind_text(st, c++, view->body_html);
	sq_bind_text(st, c++, m->ednote);
	sqlite3_bind_int(st, c++, view->corrected);
	sq_bind_text(st, c++, view->correction_note);
	sq_bind_text(st, c++, view->kill_note);
	sqlite3_bind_int64(st, c++, view->next_release);
	sq_bind_text(st, c++, m->source);
	sqlite3_bind_int(st, c++, view->current ? view->current->vnum : 0);
	sqlite3_bind_int(st, c++, changed);
	sqlite3_bind_int64(st, c++, now);
	/* clusters are kept by whoever installed the view hook (ingest) */
	int64_t cluster = 0, near_dup = 0;
	bool hooked = changed && s->base.view_hook;
	if (hooked) {
		int64_t t =
			m->versioncreated && m->versioncreated < m->received_at
				? m->versioncreated
				: m->received_at;
		struct store_view_info info = {
			.story_id = id,
			.state = view->state,
			.source = m->source,
			.time = t,
			.priority = m->priority,
			.headline = m->headline,
			.paras = view->paras,
			.n_paras = view->n_paras,
		};
		if ((rc = s->base.view_hook(s->base.view_hook_ctx, &info,
					    &cluster, &near_dup))) {
			ow_err_set(err, rc, "keeping clusters: %s",
				   ow_strerror(rc));
			goto out;
		}
	}
	sqlite3_bind_int(st, c++, hooked);
	sqlite3_bind_int64(st, c++, cluster);
	sqlite3_bind_int(st, c++, hooked);
	sqlite3_bind_int64(st, c++, near_dup);
	sqlite3_bind_int64(st, c++, id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = sq_fail(s, err, "updating story");
		goto out;
	}
	if ((rc = write_subjects(s, id, is_new, m, err)))
		goto out;
	if (sq_fts_queue(s, id, !is_new, view->state == STORY_LIVE, m,
			 view->paras, view->n_paras))
		rc = ow_err_set(err, OW_ENOMEM, "out of memory");
out:
	free(subjects);
	free(body);
	return rc;
}

static int story_state(struct sqlite_store *s, int64_t id,
		       enum story_state *state, int64_t *updated_seq)
{
	sqlite3_stmt *st = sq_stmt(s, ST_STORY_STATE);
	if (!st)
		return OW_ESTORE;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW)
		return OW_ENOTFOUND;
	const char *name = (const char *)sqlite3_column_text(st, 0);
	if (!name || !story_state_from_name(name, state))
		*state = STORY_HELD;
	if (updated_seq)
		*updated_seq = sqlite3_column_int64(st, 1);
	return 0;
}

/* The version that stands in for a story's metadata when none is visible
 * (all under embargo or held, or killed before any text was shown): the
 * last in the wire's order. It was the newest arrival, so the headline of a
 * held or killed story depended on the order its copy came in. */
static const struct version *wire_last(struct version **vs, size_t n)
{
	struct version **o = malloc(n * sizeof *o);
	const struct version *last = vs[0];
	if (o) {
		memcpy(o, vs, n * sizeof *o);
		story_order(o, n);
		last = o[n - 1];
		free(o);
	} else {
		/* out of memory: the newest arrival will do */
		for (size_t i = 1; i < n; i++)
			if (vs[i]->seq > last->seq)
				last = vs[i];
	}
	return last;
}

static int resolve_with(struct sqlite_store *s, int64_t story_id,
			struct version **vs, size_t n, int64_t now, bool is_new,
			const char *body_json, enum story_state *state,
			bool *changed, struct arena *a, struct ow_err *err)
{
	enum story_state before = STORY_HELD;
	int64_t before_seq = -1;
	if (!is_new)
		story_state(s, story_id, &before, &before_seq);
	struct story_view view;
	int rc = story_resolve(a, vs, n, now, &view);
	if (rc)
		return ow_err_set(err, rc, "resolving story %lld",
				  (long long)story_id);
	const struct version *last = wire_last(vs, n);
	*state = view.state;
	int64_t after_seq = view.current ? view.current->seq : last->seq;
	*changed = is_new || before != view.state || before_seq != after_seq;
	return write_view(s, story_id, &view, last, is_new, *changed, now,
			  body_json, err);
}

/* The next number of the one global sequence (versions and events). */
static int next_seq(struct sqlite_store *s, int64_t *out, struct ow_err *err)
{
	sqlite3_stmt *st = sq_stmt(s, ST_SEQ_NEXT);
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return sq_fail(s, err, "taking a sequence number");
	*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

static int add_event(struct sqlite_store *s, int64_t seq, const char *kind,
		     int64_t story_id, int64_t version_seq, int64_t at,
		     struct ow_err *err)
{
	sqlite3_stmt *st = sq_stmt(s, ST_EVENT_INSERT);
	if (!st)
		return sq_fail(s, err, "preparing event");
	sqlite3_bind_int64(st, 1, seq);
	sq_bind_text(st, 2, kind);
	sqlite3_bind_int64(st, 3, story_id);
	sqlite3_bind_int64(st, 4, version_seq);
	sqlite3_bind_int64(st, 5, at);
	if (sqlite3_step(st) != SQLITE_DONE)
		return sq_fail(s, err, "recording event");
	return 0;
}

int sq_resolve_story(struct sqlite_store *s, int64_t story_id, int64_t now,
		     enum story_state *state, bool *changed, struct ow_err *err)
{
	struct arena *a = arena_new();
	if (!a)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	struct version **vs = NULL;
	size_t n = 0;
	int rc = sq_get_versions(&s->base, story_id, a, &vs, &n, err);
	if (!rc && n == 0)
		rc = ow_err_set(err, OW_ENOTFOUND, "story %lld has no versions",
				(long long)story_id);
	if (!rc)
		rc = resolve_with(s, story_id, vs, n, now, false, NULL, state,
				  changed, a, err);
	arena_free(a);
	return rc;
}

static int record_keys(struct sqlite_store *s, const struct link_key *k,
		       size_t nk, int64_t story_id, int64_t t,
		       struct ow_err *err)
{
	for (size_t i = 0; i < nk; i++) {
		if (!k[i].record)
			continue;
		sqlite3_stmt *st = sq_stmt(s, ST_KEY_UPSERT);
		if (!st)
			return sq_fail(s, err, "preparing key upsert");
		sq_bind_text(st, 1, k[i].key);
		sqlite3_bind_int64(st, 2, story_id);
		sq_bind_text(st, 3, k[i].rule);
		sqlite3_bind_int64(st, 4, t);
		if (sqlite3_step(st) != SQLITE_DONE)
			return sq_fail(s, err, "recording link key");
	}
	return 0;
}

static int find_duplicate(struct sqlite_store *s, const char *fp,
			  struct ingest_item *it, struct version *v, bool *dup,
			  struct ow_err *err)
{
	sqlite3_stmt *st = sq_stmt(s, ST_VERSION_BY_FP);
	if (!st)
		return sq_fail(s, err, "preparing fingerprint lookup");
	sq_bind_text(st, 1, fp);
	int rc = sqlite3_step(st);
	*dup = rc == SQLITE_ROW;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(s, err, "looking up fingerprint");
	if (!*dup)
		return 0;
	v->seq = it->seq = sqlite3_column_int64(st, 0);
	v->story_id = it->story_id = sqlite3_column_int64(st, 1);
	v->vnum = it->vnum = sqlite3_column_int(st, 2);
	it->duplicate = true;
	it->link_rule = "duplicate";
	story_state(s, it->story_id, &it->state, NULL);
	return 0;
}

static int ingest_one(struct sqlite_store *s, struct version *v, int64_t raw_id,
		      int64_t now, struct ingest_item *it, struct arena *a,
		      struct ow_err *err)
{
	memset(it, 0, sizeof *it);
	char fp[65];
	version_fingerprint(v, fp);
	bool dup;
	int rc = find_duplicate(s, fp, it, v, &dup, err);
	if (rc || dup)
		return rc;

	struct link_key keys[LINK_MAX_KEYS];
	size_t nk = link_keys(a, v, s->base.cfg.link_window, keys);
	int64_t t = copy_time(v, now);
	int64_t story_id;
	size_t which = 0;
	if ((rc = find_story(s, keys, nk, t, &story_id, &which, err)))
		return rc;
	bool is_new = story_id == 0;
	if (is_new) {
		sqlite3_stmt *st = sq_stmt(s, ST_STORY_INSERT);
		sqlite3_bind_int64(st, 1, now);
		sqlite3_bind_int64(st, 2, now);
		sq_bind_text(st, 3, v->source);
		if (sqlite3_step(st) != SQLITE_DONE)
			return sq_fail(s, err, "creating story");
		story_id = sqlite3_last_insert_rowid(s->db);
		v->link_rule = "new";
		v->link_key = NULL;
	} else {
		v->link_rule = keys[which].rule;
		v->link_key = keys[which].key;
	}
	sqlite3_stmt *st = sq_stmt(s, ST_STORY_NVERSIONS);
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, story_id);
	if (sqlite3_step(st) != SQLITE_ROW)
		return sq_fail(s, err, "counting versions");
	v->vnum = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	v->story_id = story_id;
	if ((rc = next_seq(s, &v->seq, err)))
		return rc;

	st = sq_stmt(s, ST_VERSION_INSERT);
	char *json[3] = {NULL, NULL, NULL};
	rc = bind_version(st, v, raw_id, fp, json);
	if (!rc && sqlite3_step(st) != SQLITE_DONE)
		rc = sq_fail(s, err, "storing version");
	else if (rc)
		ow_err_set(err, rc, "out of memory");
	sqlite3_reset(st);
	if (!rc)
		rc = record_keys(s, keys, nk, story_id, t, err);
	bool changed = false;
	enum story_state was = STORY_HELD;
	if (!rc && !is_new)
		story_state(s, story_id, &was, NULL);
	if (!rc && is_new) {
		struct version *one[1] = {v};
		rc = resolve_with(s, story_id, one, 1, now, true, json[1],
				  &it->state, &changed, a, err);
	} else if (!rc) {
		rc = sq_resolve_story(s, story_id, now, &it->state, &changed,
				      err);
	}
	for (int i = 0; i < 3; i++)
		free(json[i]);
	/* what subscribers are told: a released version of a live story, or
	 * the kill itself; embargoed copy says nothing until its release */
	if (!rc && version_released(v, now) && v->signal != SIGNAL_ADVISORY) {
		bool kill = v->signal == SIGNAL_KILL ||
			    v->pubstatus == PUBSTATUS_CANCELED;
		if (it->state == STORY_LIVE && !kill)
			rc = add_event(s, v->seq, "version", story_id, v->seq,
				       now, err);
		else if (it->state == STORY_KILLED && kill && changed)
			rc = add_event(s, v->seq, "kill", story_id, v->seq, now,
				       err);
		else if (was == STORY_LIVE && it->state != STORY_LIVE &&
			 it->state != STORY_KILLED && changed)
			/* withheld after it was live: gone, but not killed */
			rc = add_event(s, v->seq, "hidden", story_id, v->seq,
				       now, err);
	}
	if (rc)
		return rc;
	it->story_id = story_id;
	it->vnum = v->vnum;
	it->seq = v->seq;
	it->changed_view = changed;
	it->link_rule = v->link_rule;
	return 0;
}

int sq_ingest(struct store *base, const struct raw_input *raw,
	      struct version **v, size_t n, int64_t now,
	      struct ingest_item *items, int64_t *raw_id, struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	struct arena *a = arena_new();
	if (!a)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	/* Alone, an ingest is its own transaction. Inside store_begin it adds
	 * to the open batch without a savepoint (a savepoint per input makes
	 * FTS5 flush its pending index at every release, halving bulk speed);
	 * a failure then poisons the batch, which must be rolled back. */
	bool own = s->depth == 0;
	int rc = own ? sq_exec(s, "BEGIN IMMEDIATE", err) : 0;
	if (rc) {
		arena_free(a);
		return rc;
	}
	int64_t rid = 0;
	rc = insert_raw(s, raw, "accepted", NULL, &rid, err);
	for (size_t i = 0; !rc && i < n; i++) {
		v[i]->received_at = raw->received_at;
		rc = ingest_one(s, v[i], rid, now, &items[i], a, err);
	}
	if (!rc && own)
		rc = sq_fts_flush(s, err);
	if (rc && own) {
		sq_fts_discard(s);
		sq_exec(s, "ROLLBACK", NULL);
	} else if (rc) {
		s->batch_failed = true;
	} else if (own && (rc = sq_exec(s, "COMMIT", err))) {
		sq_exec(s, "ROLLBACK", NULL);
	}
	/* link keys were built in the scratch arena: they are in the version
	 * rows, not in the caller's structs */
	for (size_t i = 0; i < n; i++)
		v[i]->link_key = NULL;
	arena_free(a);
	if (!rc && raw_id)
		*raw_id = rid;
	return rc;
}

int sq_quarantine(struct store *base, const struct raw_input *raw,
		  const char *reason, int64_t *raw_id, struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	int64_t id = 0;
	int rc = insert_raw(s, raw, "rejected", reason ? reason : "rejected",
			    &id, err);
	if (!rc && raw_id)
		*raw_id = id;
	return rc;
}

int sq_release_due(struct store *base, int64_t now, int64_t *ids, size_t max,
		   size_t *n, struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	*n = 0;
	/* collect first: resolving rewrites the rows the query walks */
	int64_t due[256];
	size_t nd = 0;
	sqlite3_stmt *st = sq_stmt(s, ST_DUE);
	if (!st)
		return sq_fail(s, err, "preparing release query");
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int(st, 2, 256);
	while (sqlite3_step(st) == SQLITE_ROW && nd < 256)
		due[nd++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (!nd)
		return 0;
	int rc = sq_exec(s, "SAVEPOINT release", err);
	for (size_t i = 0; !rc && i < nd; i++) {
		enum story_state state;
		bool changed;
		rc = sq_resolve_story(s, due[i], now, &state, &changed, err);
		int64_t seq;
		if (!rc && changed && state == STORY_LIVE &&
		    !(rc = next_seq(s, &seq, err)))
			rc = add_event(s, seq, "release", due[i], 0, now, err);
		if (!rc && changed && *n < max)
			ids[(*n)++] = due[i];
	}
	if (!rc)
		rc = sq_fts_flush(s, err);
	if (rc) {
		sq_fts_discard(s);
		sq_exec(s, "ROLLBACK TO release; RELEASE release", NULL);
	} else {
		rc = sq_exec(s, "RELEASE release", err);
	}
	return rc;
}

int sq_next_release(struct store *base, int64_t *when, struct ow_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = sq_stmt(s, ST_NEXT_RELEASE);
	if (!st)
		return sq_fail(s, err, "preparing release query");
	*when = 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		*when = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}
