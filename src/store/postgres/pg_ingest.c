/* Ingest into PostgreSQL: raw bytes first, then each version linked to its
 * story and the story's view recomputed, all in one transaction under the
 * write lock. A line-by-line port of sqlite_ingest.c (the reference): the
 * same model calls (version_fingerprint, link_keys, story_resolve), the same
 * lookups, the same event rules; only the SQL differs. Also quarantine and
 * the embargo release. */
#include "store/postgres/pg_int.h"

#include <stdlib.h>
#include <string.h>

static int64_t llabs64(int64_t x)
{
	return x < 0 ? -x : x;
}

static int insert_raw(struct pg_store *s, const struct raw_input *raw,
		      const char *status, const char *reason, int64_t *id,
		      struct ow_err *err)
{
	/* a file name or a parser's message may hold any bytes */
	struct arena *a = arena_new();
	if (!a)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	struct pg_params p;
	pp_init(&p);
	pp_i64(&p, raw->received_at);
	pp_text(&p, pg_utf8(a, raw->origin));
	pp_text(&p, pg_utf8(a, raw->format));
	pp_text(&p, status);
	pp_text(&p, pg_utf8(a, reason));
	pp_i64(&p, (int64_t)raw->len);
	pp_bin(&p, raw->bytes, raw->len);
	PGresult *r = pg_prep(s, &s->w, PS_RAW_INSERT, &p, false, err,
			      "storing raw input");
	arena_free(a);
	if (!r)
		return err->code;
	*id = pg_i64(r, 0, 0);
	PQclear(r);
	return 0;
}

/* The time a version speaks for, for link windows: the copy's own time,
 * so that an archive loaded today links as it did when it was sent. */
static int64_t copy_time(const struct version *v, int64_t now)
{
	return v->versioncreated ? v->versioncreated : now;
}

/* Whether story `id` has a slug in its current view. */
static int story_has_slug(struct pg_store *s, int64_t id, bool *has,
			  struct ow_err *err)
{
	struct pg_params p;
	pp_init(&p);
	pp_i64(&p, id);
	PGresult *r = pg_prep(s, &s->w, PS_STORY_SLUG, &p, false, err,
			      "looking up story slug");
	if (!r)
		return err->code;
	*has = PQntuples(r) && !PQgetisnull(r, 0, 0) && *PQgetvalue(r, 0, 0);
	PQclear(r);
	return 0;
}

static int find_story(struct pg_store *s, const struct link_key *k, size_t nk,
		      int64_t t, int64_t *story_id, size_t *which,
		      struct ow_err *err)
{
	*story_id = 0;
	/* every lookup key in one statement; then, in the keys' order, the
	 * first that finds a story wins, as on SQLite */
	struct buf arr;
	buf_init(&arr, 1u << 20);
	for (size_t i = 0; i < nk; i++)
		if (k[i].lookup)
			pg_array_add(&arr, k[i].key);
	if (!arr.len) {
		buf_free(&arr);
		return 0;
	}
	struct pg_params p;
	pp_init(&p);
	pp_text(&p, pg_array_end(&arr));
	PGresult *r = arr.err ? NULL
			      : pg_prep(s, &s->w, PS_KEY_LOOKUP, &p, false, err,
					"looking up link keys");
	buf_free(&arr);
	if (!r)
		return err->code ? err->code
				 : ow_err_set(err, OW_ENOMEM, "out of memory");
	int rc = 0;
	for (size_t i = 0; !rc && !*story_id && i < nk; i++) {
		if (!k[i].lookup)
			continue;
		int row = -1;
		for (int j = 0; j < PQntuples(r) && row < 0; j++)
			if (!strcmp(PQgetvalue(r, j, 0), k[i].key))
				row = j;
		if (row < 0)
			continue;
		int64_t id = pg_i64(r, row, 1);
		int64_t seen = pg_i64(r, row, 2);
		if (k[i].window && llabs64(t - seen) > k[i].window)
			continue;
		/* slugged copy finding a story by headline: only one without
		 * a slug of its own (see link_keys) */
		bool slugged = false;
		if (k[i].unslugged &&
		    (rc = story_has_slug(s, id, &slugged, err)))
			break;
		if (!slugged) {
			*story_id = id;
			*which = i;
		}
	}
	PQclear(r);
	return rc;
}

static int bind_version(struct pg_params *p, const struct version *v,
			int64_t raw_id, const char *fp, char **json)
{
	pp_i64(p, v->seq);
	pp_i64(p, v->story_id);
	pp_i64(p, v->vnum);
	pp_i64(p, raw_id);
	pp_i64(p, (int64_t)v->raw_off);
	pp_i64(p, (int64_t)v->raw_len);
	pp_i64(p, v->received_at);
	pp_text(p, v->format);
	pp_text(p, v->source);
	pp_text(p, v->item_id);
	if (v->item_version >= 0)
		pp_i64(p, v->item_version);
	else
		pp_text(p, NULL);
	pp_text(p, v->evolved_from);
	pp_text(p, signal_name(v->signal));
	pp_text(p, v->mark);
	pp_i64(p, v->mark_ordinal);
	pp_i64(p, v->pickup_para);
	pp_text(p, pubstatus_name(v->pubstatus));
	pp_i64(p, (int)v->priority);
	pp_i64(p, v->urgency);
	pp_text(p, v->slug);
	pp_text(p, v->headline);
	pp_text(p, v->byline);
	pp_text(p, v->dateline.place);
	pp_text(p, v->dateline.date);
	pp_text(p, v->dateline.source);
	pp_text(p, v->language);
	json[0] = pg_subjects_json(v->subjects, v->n_subjects);
	json[1] = pg_paras_json(v->paras, v->n_paras);
	json[2] = pg_strings_json(v->warnings, v->n_warnings);
	if (!json[1] || (v->n_subjects && !json[0]) ||
	    (v->n_warnings && !json[2]))
		return OW_ENOMEM;
	pp_text(p, json[0]);
	pp_text(p, json[1]);
	pp_text(p, v->body_html);
	pp_i64(p, v->word_count);
	pp_text(p, v->ednote);
	pp_i64(p, v->firstcreated);
	pp_i64(p, v->versioncreated);
	pp_i64(p, v->embargo);
	pp_i64(p, v->embargo_held);
	pp_text(p, json[2]);
	pp_text(p, v->link_rule);
	pp_text(p, v->link_key);
	pp_text(p, fp);
	return 0;
}

/* ------------------------------------------------------------ the view */

static int write_subjects(struct pg_store *s, int64_t id, bool is_new,
			  const struct version *m, struct ow_err *err)
{
	if (is_new && !m->n_subjects)
		return 0;
	struct buf codes, names;
	buf_init(&codes, 1u << 20);
	buf_init(&names, 1u << 20);
	for (size_t i = 0; i < m->n_subjects; i++) {
		pg_array_add(&codes, m->subjects[i].code);
		pg_array_add(&names, m->subjects[i].name);
	}
	struct pg_params p;
	pp_init(&p);
	pp_i64(&p, id);
	pp_bool(&p, !is_new);
	pp_text(&p, pg_array_end(&codes));
	pp_text(&p, pg_array_end(&names));
	int rc = 0;
	if (codes.err || names.err) {
		rc = ow_err_set(err, OW_ENOMEM, "out of memory");
	} else {
		PGresult *r = pg_prep(s, &s->w, PS_SUBJECTS_SET, &p, false, err,
				      "updating sections");
		rc = r ? 0 : err->code;
		PQclear(r);
	}
	buf_free(&codes);
	buf_free(&names);
	return rc;
}

/* Writes a resolved view into the story row and the search index. */
static int write_view(struct pg_store *s, int64_t id,
		      const struct story_view *view, const struct version *last,
		      bool is_new, bool changed, int64_t now,
		      const char *body_json, struct ow_err *err)
{
	const struct version *m = view->current ? view->current : last;
	char *subjects = pg_subjects_json(m->subjects, m->n_subjects);
	/* a new story's text is its one version's: reuse that encoding */
	char *body =
		body_json ? NULL : pg_paras_json(view->paras, view->n_paras);
	const char *body_text = body_json ? body_json : body;
	int rc = 0;
	if (!body_text) {
		rc = ow_err_set(err, OW_ENOMEM, "out of memory");
		goto out;
	}
	struct pg_params p;
	pp_init(&p);
	pp_text(&p, story_state_name(view->state));
	pp_text(&p, m->headline);
	pp_text(&p, m->slug);
	pp_text(&p, m->byline);
	pp_text(&p, m->dateline.place);
	pp_text(&p, m->dateline.date);
	pp_text(&p, m->dateline.source);
	pp_text(&p, m->language);
	pp_text(&p, subjects);
	pp_text(&p, m->mark);
	pp_text(&p, signal_name(m->signal));
	pp_i64(&p, (int)m->priority);
	pp_i64(&p, m->urgency);
	pp_i64(&p, view->firstcreated ? view->firstcreated : m->received_at);
	pp_i64(&p, m->versioncreated ? m->versioncreated : m->received_at);
	pp_i64(&p, m->versioncreated ? m->versioncreated : m->received_at);
	pp_i64(&p, m->seq);
	pp_i64(&p, view->word_count);
	pp_text(&p, body_text);
	pp_text(&p, view->body_html);
	pp_text(&p, m->ednote);
	pp_i64(&p, view->corrected);
	pp_text(&p, view->correction_note);
	pp_text(&p, view->kill_note);
	pp_i64(&p, view->next_release);
	pp_text(&p, m->source);
	pp_i64(&p, view->current ? view->current->vnum : 0);
	pp_bool(&p, changed);
	pp_i64(&p, now);
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
	pp_bool(&p, hooked);
	pp_i64(&p, cluster);
	pp_bool(&p, hooked);
	pp_i64(&p, near_dup);
	pp_i64(&p, id);
	PGresult *r = pg_prep(s, &s->w, PS_STORY_UPDATE, &p, false, err,
			      "updating story");
	if (!r) {
		rc = err->code;
		goto out;
	}
	PQclear(r);
	if ((rc = write_subjects(s, id, is_new, m, err)))
		goto out;
	rc = pg_write_doc(s, id, !is_new, view->state == STORY_LIVE, m,
			  view->paras, view->n_paras, err);
out:
	free(subjects);
	free(body);
	return rc;
}

static int story_state(struct pg_store *s, int64_t id, enum story_state *state,
		       int64_t *updated_seq)
{
	struct ow_err e = {0};
	struct pg_params p;
	pp_init(&p);
	pp_i64(&p, id);
	PGresult *r = pg_prep(s, &s->w, PS_STORY_STATE, &p, false, &e,
			      "reading story state");
	if (!r)
		return e.code;
	if (!PQntuples(r)) {
		PQclear(r);
		return OW_ENOTFOUND;
	}
	const char *name = PQgetisnull(r, 0, 0) ? NULL : PQgetvalue(r, 0, 0);
	if (!name || !story_state_from_name(name, state))
		*state = STORY_HELD;
	if (updated_seq)
		*updated_seq = pg_i64(r, 0, 1);
	PQclear(r);
	return 0;
}

/* The version that stands in for a story's metadata when none is visible:
 * the last in the wire's order (as sqlite_ingest.c says why). */
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
		for (size_t i = 1; i < n; i++)
			if (vs[i]->seq > last->seq)
				last = vs[i];
	}
	return last;
}

static int resolve_with(struct pg_store *s, int64_t story_id,
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
static int next_seq(struct pg_store *s, int64_t *out, struct ow_err *err)
{
	PGresult *r = pg_prep(s, &s->w, PS_SEQ_NEXT, NULL, false, err,
			      "taking a sequence number");
	if (!r)
		return err->code;
	*out = pg_i64(r, 0, 0);
	PQclear(r);
	if (*out > s->tx_seq)
		s->tx_seq = *out;
	return 0;
}

static int add_event(struct pg_store *s, int64_t seq, const char *kind,
		     int64_t story_id, int64_t version_seq, int64_t at,
		     struct ow_err *err)
{
	struct pg_params p;
	pp_init(&p);
	pp_i64(&p, seq);
	pp_text(&p, kind);
	pp_i64(&p, story_id);
	pp_i64(&p, version_seq);
	pp_i64(&p, at);
	PGresult *r = pg_prep(s, &s->w, PS_EVENT_INSERT, &p, false, err,
			      "recording event");
	PQclear(r);
	return r ? 0 : err->code;
}

int pg_resolve_story(struct pg_store *s, int64_t story_id, int64_t now,
		     enum story_state *state, bool *changed, struct ow_err *err)
{
	struct arena *a = arena_new();
	if (!a)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	struct version **vs = NULL;
	size_t n = 0;
	int rc = pg_versions_on(s, &s->w, story_id, a, &vs, &n, err);
	if (!rc && n == 0)
		rc = ow_err_set(err, OW_ENOTFOUND, "story %lld has no versions",
				(long long)story_id);
	if (!rc)
		rc = resolve_with(s, story_id, vs, n, now, false, NULL, state,
				  changed, a, err);
	arena_free(a);
	return rc;
}

static int record_keys(struct pg_store *s, const struct link_key *k, size_t nk,
		       int64_t story_id, int64_t t, struct ow_err *err)
{
	for (size_t i = 0; i < nk; i++) {
		if (!k[i].record)
			continue;
		struct pg_params p;
		pp_init(&p);
		pp_text(&p, k[i].key);
		pp_i64(&p, story_id);
		pp_text(&p, k[i].rule);
		pp_i64(&p, t);
		PGresult *r = pg_prep(s, &s->w, PS_KEY_UPSERT, &p, false, err,
				      "recording link key");
		if (!r)
			return err->code;
		PQclear(r);
	}
	return 0;
}

static int find_duplicate(struct pg_store *s, const char *fp,
			  struct ingest_item *it, struct version *v, bool *dup,
			  struct ow_err *err)
{
	struct pg_params p;
	pp_init(&p);
	pp_text(&p, fp);
	PGresult *r = pg_prep(s, &s->w, PS_VERSION_BY_FP, &p, false, err,
			      "looking up fingerprint");
	if (!r)
		return err->code;
	*dup = PQntuples(r) > 0;
	if (*dup) {
		v->seq = it->seq = pg_i64(r, 0, 0);
		v->story_id = it->story_id = pg_i64(r, 0, 1);
		v->vnum = it->vnum = (int)pg_i64(r, 0, 2);
		it->duplicate = true;
		it->link_rule = "duplicate";
	}
	PQclear(r);
	if (*dup)
		story_state(s, it->story_id, &it->state, NULL);
	return 0;
}

static int ingest_one(struct pg_store *s, struct version *v, int64_t raw_id,
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
	struct pg_params p;
	PGresult *r;
	if (is_new) {
		pp_init(&p);
		pp_i64(&p, now);
		pp_i64(&p, now);
		pp_text(&p, v->source);
		if (!(r = pg_prep(s, &s->w, PS_STORY_INSERT, &p, false, err,
				  "creating story")))
			return err->code;
		story_id = pg_i64(r, 0, 0);
		PQclear(r);
		v->link_rule = "new";
		v->link_key = NULL;
		v->vnum = 1; /* counted as the row was made */
	} else {
		v->link_rule = keys[which].rule;
		v->link_key = keys[which].key;
		pp_init(&p);
		pp_i64(&p, now);
		pp_i64(&p, story_id);
		if (!(r = pg_prep(s, &s->w, PS_STORY_NVERSIONS, &p, false, err,
				  "counting versions")))
			return err->code;
		v->vnum = (int)pg_i64(r, 0, 0);
		PQclear(r);
	}
	v->story_id = story_id;
	if ((rc = next_seq(s, &v->seq, err)))
		return rc;

	char *json[3] = {NULL, NULL, NULL};
	pp_init(&p);
	rc = bind_version(&p, v, raw_id, fp, json);
	if (rc) {
		ow_err_set(err, rc, "out of memory");
	} else if (!(r = pg_prep(s, &s->w, PS_VERSION_INSERT, &p, false, err,
				 "storing version"))) {
		rc = err->code;
	} else {
		PQclear(r);
	}
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
		rc = pg_resolve_story(s, story_id, now, &it->state, &changed,
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

int pg_ingest(struct store *base, const struct raw_input *raw,
	      struct version **v, size_t n, int64_t now,
	      struct ingest_item *items, int64_t *raw_id, struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	if (s->depth && s->batch_failed)
		return ow_err_set(err, OW_ESTORE,
				  "an earlier ingest in this batch failed");
	struct arena *a = arena_new();
	if (!a)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	/* Alone, an ingest is its own transaction. Inside store_begin it adds
	 * to the open batch; a failure then poisons the batch, which must be
	 * rolled back (as on SQLite). */
	bool own = s->depth == 0;
	int rc = own ? pg_tx_open(s, err) : 0;
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
	if (rc && own)
		pg_tx_abort(s);
	else if (rc)
		s->batch_failed = true;
	else if (own)
		rc = pg_tx_commit(s, err);
	/* link keys were built in the scratch arena: they are in the version
	 * rows, not in the caller's structs */
	for (size_t i = 0; i < n; i++)
		v[i]->link_key = NULL;
	arena_free(a);
	if (!rc && raw_id)
		*raw_id = rid;
	return rc;
}

int pg_quarantine(struct store *base, const struct raw_input *raw,
		  const char *reason, int64_t *raw_id, struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	int64_t id = 0;
	int rc = insert_raw(s, raw, "rejected", reason ? reason : "rejected",
			    &id, err);
	if (!rc && raw_id)
		*raw_id = id;
	return rc;
}

/* ------------------------------------------------------------- release */

static int release_in_tx(struct pg_store *s, int64_t now, int64_t *ids,
			 size_t max, size_t *n, struct ow_err *err)
{
	/* collect first: resolving rewrites the rows the query walks. The
	 * query runs under the write lock, so another node that released
	 * the same story has committed and the story is no longer due. */
	int64_t due[256];
	size_t nd = 0;
	struct pg_params p;
	pp_init(&p);
	pp_i64(&p, now);
	pp_i64(&p, 256);
	PGresult *r = pg_prep(s, &s->w, PS_DUE, &p, false, err,
			      "finding due releases");
	if (!r)
		return err->code;
	for (int i = 0; i < PQntuples(r) && nd < 256; i++)
		due[nd++] = pg_i64(r, i, 0);
	PQclear(r);
	int rc = 0;
	for (size_t i = 0; !rc && i < nd; i++) {
		enum story_state state;
		bool changed;
		rc = pg_resolve_story(s, due[i], now, &state, &changed, err);
		int64_t seq;
		if (!rc && changed && state == STORY_LIVE &&
		    !(rc = next_seq(s, &seq, err)))
			rc = add_event(s, seq, "release", due[i], 0, now, err);
		if (!rc && changed && *n < max)
			ids[(*n)++] = due[i];
	}
	return rc;
}

int pg_release_due(struct store *base, int64_t now, int64_t *ids, size_t max,
		   size_t *n, struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	*n = 0;
	/* nothing due (the common case): no transaction, no lock */
	int64_t when = 0;
	int rc = pg_next_release(base, &when, err);
	if (rc || !when || when > now)
		return rc;
	if (s->depth) {
		/* inside a batch: a savepoint, as SQLite does */
		if ((rc = pg_exec(s, &s->w, "SAVEPOINT release", err,
				  "releasing")))
			return rc;
		rc = release_in_tx(s, now, ids, max, n, err);
		if (rc) {
			*n = 0;
			if (s->w.c)
				PQclear(PQexec(s->w.c, "ROLLBACK TO release; "
						       "RELEASE release"));
			return rc;
		}
		return pg_exec(s, &s->w, "RELEASE release", err, "releasing");
	}
	if ((rc = pg_tx_open(s, err)))
		return rc;
	rc = release_in_tx(s, now, ids, max, n, err);
	if (rc) {
		*n = 0;
		pg_tx_abort(s);
		return rc;
	}
	rc = pg_tx_commit(s, err);
	if (rc)
		*n = 0;
	return rc;
}

int pg_next_release(struct store *base, int64_t *when, struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	*when = 0;
	PGresult *r = pg_prep(s, &s->w, PS_NEXT_RELEASE, NULL, !s->w.in_tx, err,
			      "finding the next release");
	if (!r)
		return err->code;
	*when = pg_i64(r, 0, 0);
	PQclear(r);
	return 0;
}
