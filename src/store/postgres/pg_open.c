/* Opening a PostgreSQL store: connections (and reconnecting with backoff
 * when one is lost), the prepared statements, the write transaction and its
 * lock, migrations, and the backend's vtable. The statements themselves are
 * in pg_ingest.c, pg_query.c and pg_search.c. */
#include "store/postgres/pg_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BACKOFF_FIRST 100 /* ms after the first failed attempt */
#define BACKOFF_MAX 5000  /* ms: the longest wait between attempts */

static const char *const stmt_sql[PS_COUNT] = {
	[PS_RAW_INSERT] =
		"INSERT INTO raw_input(received_at, origin, format, status, "
		"reason, len, bytes) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING "
		"id",
	/* every key of a version in one round trip */
	[PS_KEY_LOOKUP] = "SELECT key, story_id, last_seen FROM story_key "
			  "WHERE key = ANY($1::text[])",
	[PS_KEY_UPSERT] =
		"INSERT INTO story_key(key, story_id, rule, last_seen) "
		"VALUES ($1,$2,$3,$4) ON CONFLICT (key) DO UPDATE SET "
		"story_id = excluded.story_id, rule = excluded.rule, "
		"last_seen = greatest(story_key.last_seen, excluded.last_seen)",
	/* with its first version counted (SQLite counts it in a second
	 * statement; the row ends the same) */
	[PS_STORY_INSERT] = "INSERT INTO story(first_seen, last_seen, source, "
			    "n_versions) VALUES ($1, $2, $3, 1) RETURNING id",
	[PS_STORY_NVERSIONS] =
		"UPDATE story SET n_versions = n_versions + 1, last_seen = $1 "
		"WHERE id = $2 RETURNING n_versions",
	[PS_STORY_SLUG] = "SELECT slug FROM story WHERE id = $1",
	[PS_VERSION_INSERT] =
		"INSERT INTO version(seq, story_id, vnum, raw_id, raw_off, "
		"raw_len, received_at, format, source, item_id, item_version, "
		"evolved_from, signal, mark, mark_ordinal, pickup_para, "
		"pubstatus, priority, urgency, slug, headline, byline, "
		"dateline_place, dateline_date, dateline_source, language, "
		"subjects, body, body_html, word_count, ednote, firstcreated, "
		"versioncreated, embargo, embargo_held, warnings, link_rule, "
		"link_key, fingerprint) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,"
		"$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,"
		"$25,$26,$27,$28,$29,$30,$31,$32,$33,$34,$35,$36,$37,$38,$39)",
	[PS_VERSION_BY_FP] = "SELECT seq, story_id, vnum FROM version "
			     "WHERE fingerprint = $1",
	[PS_VERSIONS_OF_STORY] = "SELECT " PG_VERSION_COLUMNS
				 " FROM version WHERE story_id = $1 "
				 "ORDER BY seq",
	[PS_STORY_UPDATE] =
		"UPDATE story SET state = $1, headline = $2, slug = $3, "
		"byline = $4, place = $5, dateline_date = $6, "
		"dateline_source = $7, language = $8, subjects = $9, "
		"mark = $10, signal = $11, priority = $12, urgency = $13, "
		"firstcreated = $14, versioncreated = $15, sort_time = $16, "
		"updated_seq = $17, word_count = $18, body = $19, "
		"body_html = $20, ednote = $21, corrected = $22, "
		"correction_note = $23, kill_note = $24, next_release = $25, "
		"source = $26, current_vnum = $27, "
		"changed_at = CASE WHEN $28::boolean THEN $29::bigint "
		"ELSE changed_at END, "
		"cluster_id = CASE WHEN $30::boolean THEN "
		"nullif($31::bigint, 0) ELSE cluster_id END, "
		"near_dup_of = CASE WHEN $32::boolean THEN "
		"nullif($33::bigint, 0) ELSE near_dup_of END WHERE id = $34",
	[PS_DOC_DELETE] = "DELETE FROM search_doc WHERE id = $1",
	[PS_DOC_UPSERT] =
		"INSERT INTO search_doc(id, vtime, priority, source, language, "
		"sections, section_keys, headline, lede, body, slug, byline, "
		"place) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) "
		"ON CONFLICT (id) DO UPDATE SET vtime = excluded.vtime, "
		"priority = excluded.priority, source = excluded.source, "
		"language = excluded.language, sections = excluded.sections, "
		"section_keys = excluded.section_keys, "
		"headline = excluded.headline, lede = excluded.lede, "
		"body = excluded.body, slug = excluded.slug, "
		"byline = excluded.byline, place = excluded.place",
	[PS_STORY_GET] =
		"SELECT " PG_STORY_COLUMNS ", dateline_date, dateline_source, "
		"language, subjects, body, body_html, ednote, correction_note, "
		"kill_note, next_release FROM story WHERE id = $1",
	[PS_STORY_STATE] = "SELECT state, updated_seq FROM story WHERE id = $1",
	[PS_SEQ_NEXT] = "SELECT nextval('ow_seq')",
	[PS_EVENT_INSERT] = "INSERT INTO event(seq, kind, story_id, "
			    "version_seq, at) VALUES ($1,$2,$3,$4,$5)",
	/* a story's sections replaced in one statement */
	[PS_SUBJECTS_SET] =
		"WITH d AS (DELETE FROM story_subject WHERE story_id = $1 AND "
		"$2::boolean) INSERT INTO story_subject(story_id, code, name) "
		"SELECT $1, x.c, x.n FROM unnest($3::text[], $4::text[]) AS "
		"x(c, n)",
	[PS_LAST_SEQ] = "SELECT coalesce(max(seq), 0) FROM event",
	/* SKIP LOCKED as well as the write lock: a story another node is
	 * releasing is never waited for, never released twice */
	[PS_DUE] = "SELECT id FROM story WHERE next_release > 0 AND "
		   "next_release <= $1 ORDER BY next_release, id LIMIT $2 "
		   "FOR UPDATE SKIP LOCKED",
	[PS_NEXT_RELEASE] = "SELECT min(next_release) FROM story "
			    "WHERE next_release > 0",
	[PS_EVENTS_AFTER] =
		"SELECT e.seq, e.kind, e.at, " PG_STORY_COLUMNS_S
		/* its sections, "name\x1fcode" joined by "\x1e", for the push
		 * filters */
		", (SELECT string_agg(coalesce(name, '') || chr(31) || "
		"coalesce(code, ''), chr(30)) FROM story_subject "
		"WHERE story_id = s.id)"
		" FROM event e JOIN story s ON s.id = e.story_id "
		"WHERE e.seq > $1 ORDER BY e.seq LIMIT $2",
};

/* ------------------------------------------------------------ parameters */

void pp_init(struct pg_params *p)
{
	p->n = 0;
	p->err = false;
}

static int pp_slot(struct pg_params *p)
{
	if (p->n == PG_MAX_PARAMS) {
		p->err = true;
		return PG_MAX_PARAMS; /* the statement will fail: reported */
	}
	p->fmt[p->n] = 0;
	p->len[p->n] = 0;
	return p->n++;
}

int pp_text(struct pg_params *p, const char *s)
{
	int i = pp_slot(p);
	if (i < PG_MAX_PARAMS)
		p->v[i] = s;
	return i + 1;
}

int pp_i64(struct pg_params *p, int64_t v)
{
	int i = pp_slot(p);
	if (i < PG_MAX_PARAMS) {
		snprintf(p->num[i], sizeof p->num[i], "%" PRId64, v);
		p->v[i] = p->num[i];
	}
	return i + 1;
}

int pp_bool(struct pg_params *p, bool v)
{
	return pp_text(p, v ? "t" : "f");
}

int pp_bin(struct pg_params *p, const void *bytes, size_t len)
{
	int i = pp_slot(p);
	if (i < PG_MAX_PARAMS) {
		p->v[i] = bytes ? bytes : "";
		p->len[i] = (int)len;
		p->fmt[i] = 1;
	}
	return i + 1;
}

/* ----------------------------------------------------------- connections */

int64_t pg_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg; /* NOTICEs (an empty tsquery, IF NOT EXISTS) say nothing
		    * a caller can act on */
}

void pg_disconnect(struct pg_conn *c)
{
	if (c->c)
		PQfinish(c->c);
	c->c = NULL;
	c->in_tx = false;
	memset(c->prepared, 0, sizeof c->prepared);
}

/* The first line of libpq's message, without its trailing newline. */
static const char *first_line(const char *m, char *out, size_t n)
{
	snprintf(out, n, "%s", m ? m : "unknown error");
	out[strcspn(out, "\n")] = '\0';
	return out;
}

int pg_connect(struct pg_store *s, struct pg_conn *c, struct ow_err *err)
{
	(void)s;
	if (c->c && PQstatus(c->c) == CONNECTION_OK)
		return 0;
	pg_disconnect(c);
	int64_t now = pg_now_ms();
	if (now < c->retry_at)
		return ow_err_set(err, OW_EUNAVAIL,
				  "PostgreSQL (%s) is unavailable; next "
				  "attempt in %lld ms",
				  c->role, (long long)(c->retry_at - now));
	/* defaults before the URI, which may override them. lock_timeout:
	 * a write waiting on another node's long batch for the write lock
	 * fails (503, retry) rather than holding its request forever */
	const char *const keys[] = {"connect_timeout", "application_name",
				    "keepalives_idle", "options",
				    "dbname",          NULL};
	const char *const vals[] = {
		"5", "offwire", "30", "-c lock_timeout=15s", c->uri, NULL};
	c->c = PQconnectdbParams(keys, vals, 1);
	if (!c->c || PQstatus(c->c) != CONNECTION_OK) {
		char m[512];
		first_line(c->c ? PQerrorMessage(c->c) : "out of memory", m,
			   sizeof m);
		pg_disconnect(c);
		c->backoff = c->backoff ? c->backoff * 2 : BACKOFF_FIRST;
		if (c->backoff > BACKOFF_MAX)
			c->backoff = BACKOFF_MAX;
		c->retry_at = now + c->backoff;
		return ow_err_set(err, OW_EUNAVAIL,
				  "PostgreSQL (%s) is unavailable: %s", c->role,
				  m);
	}
	c->backoff = 0;
	c->retry_at = 0;
	PQsetNoticeProcessor(c->c, quiet, NULL);
	return 0;
}

/* Whether a failure means the connection is gone (the server restarted,
 * the network failed): class 08, or the server shutting down. */
static bool conn_lost(struct pg_conn *c, const PGresult *r)
{
	if (!c->c || PQstatus(c->c) != CONNECTION_OK)
		return true;
	const char *st = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (!st)
		return r == NULL;
	return !strncmp(st, "08", 2) || !strcmp(st, "57P01") ||
	       !strcmp(st, "57P02") || !strcmp(st, "57P03");
}

static bool result_ok(const PGresult *r)
{
	ExecStatusType t = PQresultStatus(r);
	return t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK;
}

/* Records a failed statement on err and returns NULL; a lost connection
 * is closed so that the next call opens a new one. */
static PGresult *failed(struct pg_conn *c, PGresult *r, bool *lost,
			struct ow_err *err, const char *what)
{
	char m[512];
	const char *msg = r ? PQresultErrorMessage(r) : NULL;
	if (!msg || !*msg)
		msg = c->c ? PQerrorMessage(c->c) : "no connection";
	first_line(msg, m, sizeof m);
	*lost = conn_lost(c, r);
	PQclear(r);
	if (*lost) {
		pg_disconnect(c);
		ow_err_set(err, OW_EUNAVAIL,
			   "PostgreSQL (%s): %s: connection lost: %s", c->role,
			   what, m);
	} else {
		ow_err_set(err, OW_ESTORE, "postgres: %s: %s", what, m);
	}
	return NULL;
}

PGresult *pg_prep(struct pg_store *s, struct pg_conn *c, enum pg_stmt id,
		  const struct pg_params *p, bool retry, struct ow_err *err,
		  const char *what)
{
	char name[16];
	snprintf(name, sizeof name, "ow%d", (int)id);
	for (int attempt = 0;; attempt++) {
		bool was_tx = c->in_tx, lost = false;
		if (pg_connect(s, c, err))
			return NULL;
		if (p && p->err) {
			ow_err_set(err, OW_ETOOBIG,
				   "postgres: %s: too many "
				   "parameters",
				   what);
			return NULL;
		}
		if (!c->prepared[id]) {
			PGresult *r =
				PQprepare(c->c, name, stmt_sql[id], 0, NULL);
			if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
				failed(c, r, &lost, err, what);
				if (lost && retry && !was_tx && !attempt)
					continue;
				return NULL;
			}
			PQclear(r);
			c->prepared[id] = true;
		}
		PGresult *r = PQexecPrepared(c->c, name, p ? p->n : 0,
					     p ? p->v : NULL, p ? p->len : NULL,
					     p ? p->fmt : NULL, 0);
		if (r && result_ok(r))
			return r;
		failed(c, r, &lost, err, what);
		if (lost && retry && !was_tx && !attempt)
			continue;
		return NULL;
	}
}

PGresult *pg_query(struct pg_store *s, struct pg_conn *c, const char *sql,
		   const struct pg_params *p, bool binary, bool retry,
		   struct ow_err *err, const char *what)
{
	for (int attempt = 0;; attempt++) {
		bool was_tx = c->in_tx, lost = false;
		if (pg_connect(s, c, err))
			return NULL;
		if (p && p->err) {
			ow_err_set(err, OW_ETOOBIG,
				   "postgres: %s: too many "
				   "parameters",
				   what);
			return NULL;
		}
		PGresult *r = PQexecParams(c->c, sql, p ? p->n : 0, NULL,
					   p ? p->v : NULL, p ? p->len : NULL,
					   p ? p->fmt : NULL, binary ? 1 : 0);
		if (r && result_ok(r))
			return r;
		failed(c, r, &lost, err, what);
		if (lost && retry && !was_tx && !attempt)
			continue;
		return NULL;
	}
}

int pg_exec(struct pg_store *s, struct pg_conn *c, const char *sql,
	    struct ow_err *err, const char *what)
{
	if (pg_connect(s, c, err))
		return err->code;
	PGresult *r = PQexec(c->c, sql);
	bool lost;
	if (!r || !result_ok(r)) {
		failed(c, r, &lost, err, what);
		return err->code;
	}
	PQclear(r);
	return 0;
}

/* ----------------------------------------------------- write transaction */

int pg_tx_open(struct pg_store *s, struct ow_err *err)
{
	if (s->w.in_tx)
		return 0;
	int rc = pg_exec(s, &s->w,
			 "BEGIN; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK
			 ")",
			 err, "opening a write transaction");
	if (rc) {
		/* a BEGIN that went through before the lock failed */
		if (s->w.c)
			PQclear(PQexec(s->w.c, "ROLLBACK"));
		return rc;
	}
	s->w.in_tx = true;
	s->tx_seq = 0;
	return 0;
}

int pg_tx_commit(struct pg_store *s, struct ow_err *err)
{
	char sql[128];
	/* the notification goes out with the commit, never without it */
	if (s->tx_seq > 0)
		snprintf(sql, sizeof sql,
			 "SELECT pg_notify('" PG_CHANNEL "', '%lld'); COMMIT",
			 (long long)s->tx_seq);
	else
		snprintf(sql, sizeof sql, "COMMIT");
	if (pg_connect(s, &s->w, err)) {
		s->w.in_tx = false;
		return err->code;
	}
	PGresult *r = PQexec(s->w.c, sql);
	s->w.in_tx = false;
	bool lost;
	if (!r || !result_ok(r)) {
		failed(&s->w, r, &lost, err, "committing");
		if (s->w.c)
			PQclear(PQexec(s->w.c, "ROLLBACK"));
		return err->code;
	}
	/* COMMIT of a transaction that had failed answers ROLLBACK */
	bool rolled_back = !strcmp(PQcmdStatus(r), "ROLLBACK");
	PQclear(r);
	if (rolled_back)
		return ow_err_set(err, OW_ESTORE,
				  "postgres: the transaction was rolled back");
	if (s->tx_seq > s->floor)
		s->floor = s->tx_seq;
	s->tx_seq = 0;
	return 0;
}

void pg_tx_abort(struct pg_store *s)
{
	if (s->w.c && s->w.in_tx)
		PQclear(PQexec(s->w.c, "ROLLBACK"));
	s->w.in_tx = false;
	s->tx_seq = 0;
}

/* ------------------------------------------------------------ migrations */

static int schema_version_of(struct pg_store *s, struct ow_err *err)
{
	PGresult *r =
		pg_query(s, &s->w, "SELECT version FROM schema_version LIMIT 1",
			 NULL, false, true, err, "reading schema version");
	if (!r)
		return -1;
	int v = PQntuples(r) ? (int)pg_i64(r, 0, 0) : 0;
	PQclear(r);
	return v;
}

static int migrate(struct pg_store *s, struct ow_err *err)
{
	int rc = pg_exec(s, &s->w,
			 "BEGIN; SELECT pg_advisory_xact_lock(7405562);"
			 "CREATE TABLE IF NOT EXISTS schema_version "
			 "(version integer NOT NULL);"
			 "INSERT INTO schema_version SELECT 0 WHERE NOT "
			 "EXISTS (SELECT 1 FROM schema_version)",
			 err, "preparing migrations");
	if (rc) {
		if (s->w.c)
			PQclear(PQexec(s->w.c, "ROLLBACK"));
		return rc;
	}
	s->w.in_tx = true;
	int v = schema_version_of(s, err);
	if (v < 0) {
		pg_tx_abort(s);
		return err->code;
	}
	if (v > pg_n_migrations) {
		pg_tx_abort(s);
		return ow_err_set(err, OW_ESTORE,
				  "database schema version %d is newer than "
				  "this offwire knows (%d); upgrade offwire",
				  v, pg_n_migrations);
	}
	for (; v < pg_n_migrations; v++) {
		char sql[96];
		snprintf(sql, sizeof sql,
			 "UPDATE schema_version SET version "
			 "= %d",
			 v + 1);
		if ((rc = pg_exec(s, &s->w, pg_migrations[v], err,
				  "migrating")) ||
		    (rc = pg_exec(s, &s->w, sql, err, "migrating"))) {
			pg_tx_abort(s);
			return rc;
		}
	}
	return pg_tx_commit(s, err);
}

/* ----------------------------------------------------------- the vtable */

static void pg_close(struct store *base)
{
	struct pg_store *s = (struct pg_store *)base;
	pg_tx_abort(s);
	pg_disconnect(&s->w);
	pg_disconnect(&s->r);
	pg_disconnect(&s->listen);
	free(s->uri);
	free(s->read_uri);
	free(s);
}

static int pg_schema_version(struct store *base)
{
	struct ow_err err = {0};
	return schema_version_of((struct pg_store *)base, &err);
}

static int pg_begin(struct store *base, struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	if (s->depth++)
		return 0;
	int rc = pg_tx_open(s, err);
	if (rc)
		s->depth = 0;
	return rc;
}

static int pg_commit(struct store *base, struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	if (s->depth == 0)
		return ow_err_set(err, OW_EINVAL, "commit without begin");
	if (--s->depth)
		return 0;
	if (s->batch_failed) {
		s->batch_failed = false;
		pg_tx_abort(s);
		return ow_err_set(err, OW_ESTORE,
				  "an ingest in this batch failed; the batch "
				  "was rolled back");
	}
	return pg_tx_commit(s, err);
}

static int pg_rollback(struct store *base)
{
	struct pg_store *s = (struct pg_store *)base;
	if (s->depth == 0)
		return 0;
	s->depth = 0;
	s->batch_failed = false;
	pg_tx_abort(s);
	return 0;
}

static const struct store_ops pg_ops = {
	.name = "postgres",
	.close = pg_close,
	.schema_version = pg_schema_version,
	.ingest = pg_ingest,
	.quarantine = pg_quarantine,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.list_stories = pg_list_stories,
	.ticker = pg_ticker,
	.get_story = pg_get_story,
	.get_versions = pg_get_versions,
	.events_after = pg_events_after,
	.story_matches = pg_story_matches,
	.last_seq = pg_last_seq,
	.cluster_seeds = pg_cluster_seeds,
	.latest_time = pg_latest_time,
	.list_advisories = pg_list_advisories,
	.release_due = pg_release_due,
	.next_release = pg_next_release,
	.list_quarantine = pg_list_quarantine,
	.get_raw = pg_get_raw,
	.stats = pg_stats,
	.search = pg_search,
	.notify_fd = pg_notify_fd,
	.notifications = pg_notifications,
	.set_replica = pg_set_replica,
	.read_floor = pg_read_floor,
};

int pg_store_open(const char *uri, const struct store_config *cfg,
		  struct store **out, struct ow_err *err)
{
	struct pg_store *s = calloc(1, sizeof *s);
	if (!s || !(s->uri = strdup(uri))) {
		free(s);
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	}
	s->base.ops = &pg_ops;
	s->base.cfg = *cfg;
	s->w = (struct pg_conn){.uri = s->uri, .role = "primary"};
	s->r = (struct pg_conn){.role = "replica"};
	s->listen = (struct pg_conn){.uri = s->uri, .role = "listener"};
	int rc = pg_connect(s, &s->w, err);
	if (!rc)
		rc = migrate(s, err);
	if (rc) {
		pg_close(&s->base);
		return rc;
	}
	*out = &s->base;
	return 0;
}
