/* Several nodes on one PostgreSQL: the LISTEN connection that tells this
 * node another committed (the payload is the newest seq; the node then reads
 * the events itself), and reads from a replica with read-your-writes: the
 * replica answers only once it holds every seq this node knows committed
 * (docs/operations.md). */
#include "store/postgres/pg_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- listening */

/* Opens the listener (and LISTENs) if it is not open. */
static int listen_open(struct pg_store *s, struct ow_err *err)
{
	if (s->listen.c && PQstatus(s->listen.c) == CONNECTION_OK)
		return 0;
	int rc = pg_connect(s, &s->listen, err);
	if (!rc)
		rc = pg_exec(s, &s->listen, "LISTEN " PG_CHANNEL, err,
			     "listening");
	return rc;
}

int pg_notify_fd(struct store *base)
{
	struct pg_store *s = (struct pg_store *)base;
	struct ow_err err = {0};
	if (listen_open(s, &err))
		return OW_EUNAVAIL;
	int fd = PQsocket(s->listen.c);
	return fd >= 0 ? fd : OW_EUNAVAIL;
}

int pg_notifications(struct store *base, int64_t *max_seq, struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	*max_seq = 0;
	if (!s->listen.c || PQstatus(s->listen.c) != CONNECTION_OK) {
		/* lost (or never opened): whatever was sent meanwhile is
		 * gone, so the caller reads the event log itself */
		return listen_open(s, err);
	}
	if (!PQconsumeInput(s->listen.c)) {
		ow_err_set(err, OW_EUNAVAIL,
			   "PostgreSQL (listener): connection lost");
		pg_disconnect(&s->listen);
		return OW_EUNAVAIL;
	}
	PGnotify *n;
	while ((n = PQnotifies(s->listen.c))) {
		char *end;
		errno = 0;
		long long v = strtoll(n->extra, &end, 10);
		if (!errno && end != n->extra && v > *max_seq)
			*max_seq = v;
		PQfreemem(n);
	}
	if (*max_seq > s->floor)
		s->floor = *max_seq;
	return 0;
}

/* --------------------------------------------------------------- replica */

int pg_set_replica(struct store *base, const char *uri, struct ow_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	pg_disconnect(&s->r);
	free(s->read_uri);
	s->read_uri = NULL;
	s->r.uri = NULL;
	if (!uri || !*uri)
		return 0;
	if (!(s->read_uri = strdup(uri)))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	s->r.uri = s->read_uri;
	s->r.backoff = 0;
	s->r.retry_at = 0;
	/* whatever the primary holds now is the floor: a replica that is
	 * behind at startup is not read until it has caught up */
	PGresult *r = pg_prep(s, &s->w, PS_LAST_SEQ, NULL, true, err,
			      "reading last seq");
	if (!r)
		return err->code;
	int64_t seq = pg_i64(r, 0, 0);
	PQclear(r);
	if (seq > s->floor)
		s->floor = seq;
	s->replica_seq = -1;
	/* reachable now? (reads go to the primary until it is) */
	return pg_connect(s, &s->r, err);
}

void pg_read_floor(struct store *base, int64_t seq)
{
	struct pg_store *s = (struct pg_store *)base;
	if (seq > s->floor)
		s->floor = seq;
}

struct pg_conn *pg_reader(struct pg_store *s)
{
	if (!s->read_uri || s->w.in_tx)
		return &s->w;
	if (s->replica_seq >= s->floor && s->r.c &&
	    PQstatus(s->r.c) == CONNECTION_OK)
		return &s->r;
	/* has the replica caught up? Its sequence runs ahead of its commits
	 * (sequences are logged in advance), so ask the tables */
	struct ow_err err = {0};
	PGresult *r = pg_query(s, &s->r,
			       "SELECT greatest((SELECT coalesce(max(seq), 0) "
			       "FROM event), (SELECT coalesce(max(seq), 0) "
			       "FROM version))",
			       NULL, false, false, &err,
			       "reading the replica's position");
	if (!r)
		return &s->w;
	s->replica_seq = pg_i64(r, 0, 0);
	PQclear(r);
	return s->replica_seq >= s->floor ? &s->r : &s->w;
}
