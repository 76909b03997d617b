/* The database a store-level unit test runs on, so that the same tests run
 * on both backends. OW_TEST_DB unset or "sqlite": a SQLite file in /tmp (or
 * the test's own default, e.g. ":memory:"). OW_TEST_DB "postgres": a fresh
 * database on the server named by OW_TEST_PG_URL (scripts/pg-test-server
 * prints one), dropped at the end; the test exits 77 (skipped, with the
 * reason) when that variable is unset or the server cannot be reached.
 * CTest runs each such test twice: label unit (SQLite) and label postgres. */
#ifndef OW_TEST_DB_H
#define OW_TEST_DB_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TEST_SKIP 77

static char test_db_uri[2048];
static char test_db_name[64];
static bool test_db_pg;

static inline bool test_db_is_postgres(void)
{
	const char *b = getenv("OW_TEST_DB");
	return b && !strcmp(b, "postgres");
}

/* Runs `sql` on the server's maintenance connection; false on failure. */
static inline void test_db_quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static inline bool test_db_admin(const char *sql, bool quiet)
{
	const char *url = getenv("OW_TEST_PG_URL");
	PGconn *c = PQconnectdb(url ? url : "");
	PQsetNoticeProcessor(c, test_db_quiet, NULL);
	bool ok = PQstatus(c) == CONNECTION_OK;
	if (ok) {
		PGresult *r = PQexec(c, sql);
		ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
		     PQresultStatus(r) == PGRES_TUPLES_OK;
		if (!ok && !quiet)
			fprintf(stderr, "test_db: %s: %s", sql,
				PQerrorMessage(c));
		PQclear(r);
	} else if (!quiet) {
		fprintf(stderr, "test_db: %s", PQerrorMessage(c));
	}
	PQfinish(c);
	return ok;
}

/* The URI of the database to open: for SQLite `sqlite_default` (a path
 * with "%d" for the pid, or ":memory:"); for PostgreSQL a new database
 * named after `name`. Exits 77 when PostgreSQL is wanted and absent. */
static inline const char *test_db_open(const char *name,
				       const char *sqlite_default)
{
	if (!test_db_is_postgres()) {
		/* "%d" in the default stands for the pid */
		const char *d = strstr(sqlite_default, "%d");
		if (d)
			snprintf(test_db_uri, sizeof test_db_uri, "%.*s%d%s",
				 (int)(d - sqlite_default), sqlite_default,
				 (int)getpid(), d + 2);
		else
			snprintf(test_db_uri, sizeof test_db_uri, "%s",
				 sqlite_default);
		return test_db_uri;
	}
	const char *url = getenv("OW_TEST_PG_URL");
	if (!url || !*url) {
		printf("skipped: OW_TEST_DB=postgres but OW_TEST_PG_URL is "
		       "unset (scripts/pg-test-server start prints one)\n");
		exit(TEST_SKIP);
	}
	if (!test_db_admin("SELECT 1", true)) {
		printf("skipped: no PostgreSQL server reachable at "
		       "OW_TEST_PG_URL\n");
		exit(TEST_SKIP);
	}
	test_db_pg = true;
	snprintf(test_db_name, sizeof test_db_name, "owt_%s_%d", name,
		 (int)getpid());
	char sql[256];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", test_db_name);
	test_db_admin(sql, true);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", test_db_name);
	if (!test_db_admin(sql, false))
		exit(1);
	/* durability is not what these tests check: no fsync per commit */
	snprintf(sql, sizeof sql,
		 "ALTER DATABASE %s SET synchronous_commit = off",
		 test_db_name);
	test_db_admin(sql, false);
	/* the server's URL with the database part replaced */
	const char *auth = strstr(url, "://");
	auth = auth ? auth + 3 : url;
	size_t host_len = strcspn(auth, "/?");
	const char *query = strchr(auth + host_len, '?');
	snprintf(test_db_uri, sizeof test_db_uri, "%.*s/%s%s",
		 (int)(auth + host_len - url), url, test_db_name,
		 query ? query : "");
	return test_db_uri;
}

/* Empties the database between runs (PostgreSQL; for SQLite open a new
 * ":memory:" store instead). */
static inline bool test_db_reset(void)
{
	if (!test_db_pg)
		return true;
	PGconn *c = PQconnectdb(test_db_uri);
	PQsetNoticeProcessor(c, test_db_quiet, NULL);
	PGresult *r = PQexec(
		c, "DO $$ BEGIN IF to_regclass('raw_input') IS NOT NULL THEN "
		   "DELETE FROM event; DELETE FROM story_subject; "
		   "DELETE FROM story_key; DELETE FROM search_doc; "
		   "DELETE FROM version; DELETE FROM story; "
		   "DELETE FROM raw_input; "
		   "PERFORM setval('ow_seq', 1, false); "
		   "PERFORM setval(pg_get_serial_sequence('story', 'id'), 1, "
		   "false); "
		   "PERFORM setval(pg_get_serial_sequence('raw_input', 'id'), "
		   "1, false); END IF; END $$");
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "test_db_reset: %s", PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	return ok;
}

/* Removes what test_db_open made. */
static inline void test_db_close(void)
{
	if (test_db_pg) {
		char sql[256];
		snprintf(sql, sizeof sql,
			 "DROP DATABASE IF EXISTS %s WITH (FORCE)",
			 test_db_name);
		test_db_admin(sql, false);
		return;
	}
	if (!strcmp(test_db_uri, ":memory:"))
		return;
	char p[2100];
	unlink(test_db_uri);
	snprintf(p, sizeof p, "%s-wal", test_db_uri);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", test_db_uri);
	unlink(p);
}

#endif
