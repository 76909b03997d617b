/* `offwire migrate`: a SQLite archive copied into an empty PostgreSQL
 * database, every table (raw inputs, versions, stories, link keys, sections,
 * events, the search documents) with its ids, and the one global sequence
 * set where SQLite's counter stood, in one transaction through COPY. The
 * only file of this backend that reads SQLite: it opens the archive read-only
 * with sqlite3 directly, not through the SQLite backend. Columns are matched
 * by name, so a column either side lacks is left to its default. */
#include "store/postgres/pg_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COPY_CHUNK (1u << 20)

/* The tables in the order their references need; search_doc comes last
 * and is read from SQLite's search_doc joined with story_fts. */
static const char *const tables[] = {"raw_input", "story",     "version",
				     "event",     "story_key", "story_subject"};

/* One value in COPY's text format: \N for NULL, bytea as \\x hex, text
 * with backslash, tab, newline and CR escaped. */
static void put_value(struct buf *b, sqlite3_stmt *st, int col, bool bytea)
{
	static const char hex[] = "0123456789abcdef";
	int t = sqlite3_column_type(st, col);
	if (t == SQLITE_NULL) {
		buf_puts(b, "\\N");
		return;
	}
	if (bytea) {
		const unsigned char *p = sqlite3_column_blob(st, col);
		int n = sqlite3_column_bytes(st, col);
		buf_puts(b, "\\\\x");
		for (int i = 0; i < n; i++) {
			buf_putc(b, hex[p[i] >> 4]);
			buf_putc(b, hex[p[i] & 15]);
		}
		return;
	}
	if (t == SQLITE_INTEGER) {
		buf_printf(b, "%lld", (long long)sqlite3_column_int64(st, col));
		return;
	}
	if (t == SQLITE_FLOAT) {
		buf_printf(b, "%.17g", sqlite3_column_double(st, col));
		return;
	}
	const unsigned char *s = sqlite3_column_text(st, col);
	int n = sqlite3_column_bytes(st, col);
	for (int i = 0; s && i < n; i++) {
		switch (s[i]) {
		case '\\': buf_puts(b, "\\\\"); break;
		case '\t': buf_puts(b, "\\t"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		default: buf_putc(b, (char)s[i]);
		}
	}
}

struct copy {
	struct pg_store *pg;
	sqlite3 *lite;
	FILE *log;
	struct ow_err *err;
};

/* Streams the rows of `select` (SQLite) into `target` (PostgreSQL);
 * bytea[i] marks the columns to send as bytes. */
static int copy_rows(struct copy *c, const char *select, const char *target,
		     const bool *bytea, const char *name)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(c->lite, select, -1, &st, NULL) != SQLITE_OK)
		return ow_err_set(c->err, OW_ESTORE, "sqlite: %s: %s", name,
				  sqlite3_errmsg(c->lite));
	PGconn *conn = c->pg->w.c;
	PGresult *r = PQexec(conn, target);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		ow_err_set(c->err, OW_ESTORE, "postgres: %s: %s", name,
			   PQerrorMessage(conn));
		PQclear(r);
		sqlite3_finalize(st);
		return OW_ESTORE;
	}
	PQclear(r);
	struct buf b;
	buf_init(&b, 1u << 30);
	int ncol = sqlite3_column_count(st), step;
	long long rows = 0;
	bool ok = true;
	while (ok && (step = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < ncol; i++) {
			if (i)
				buf_putc(&b, '\t');
			put_value(&b, st, i, bytea[i]);
		}
		buf_putc(&b, '\n');
		rows++;
		if (b.len >= COPY_CHUNK) {
			ok = !b.err &&
			     PQputCopyData(conn, b.p, (int)b.len) == 1;
			buf_reset(&b);
		}
	}
	if (ok && step != SQLITE_DONE)
		ok = false;
	if (ok && b.len)
		ok = !b.err && PQputCopyData(conn, b.p, (int)b.len) == 1;
	PQputCopyEnd(conn, ok ? NULL : "offwire migrate: reading failed");
	buf_free(&b);
	int rc = 0;
	while ((r = PQgetResult(conn))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && !rc)
			rc = ow_err_set(c->err, OW_ESTORE, "copying %s: %s%s",
					name, PQresultErrorMessage(r),
					ok ? "" : sqlite3_errmsg(c->lite));
		PQclear(r);
	}
	sqlite3_finalize(st);
	if (!rc && c->log)
		fprintf(c->log, "%-14s %lld rows\n", name, rows);
	return rc;
}

/* The columns both sides have, in PostgreSQL's order: "a, b, c" for the
 * SELECT and the COPY, and which of them are bytea. */
static int common_columns(struct copy *c, const char *table, struct buf *cols,
			  bool *bytea, int max)
{
	struct pg_params p;
	pp_init(&p);
	pp_text(&p, table);
	PGresult *r = pg_query(
		c->pg, &c->pg->w,
		"SELECT column_name, data_type FROM information_schema.columns "
		"WHERE table_schema = current_schema() AND table_name = $1 AND "
		"is_generated = 'NEVER' ORDER BY ordinal_position",
		&p, false, false, c->err, "reading the target's columns");
	if (!r)
		return c->err->code;
	int n = 0;
	for (int i = 0; i < PQntuples(r) && n < max; i++) {
		const char *col = PQgetvalue(r, i, 0);
		char sql[256];
		snprintf(sql, sizeof sql,
			 "SELECT 1 FROM pragma_table_info('%s') WHERE name = "
			 "'%s'",
			 table, col); /* both names come from the schemas */
		sqlite3_stmt *st = NULL;
		bool has = sqlite3_prepare_v2(c->lite, sql, -1, &st, NULL) ==
				   SQLITE_OK &&
			   sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
		if (!has)
			continue;
		buf_printf(cols, "%s%s", n ? ", " : "", col);
		bytea[n++] = !strcmp(PQgetvalue(r, i, 1), "bytea");
	}
	PQclear(r);
	return n ? 0
		 : ow_err_set(c->err, OW_ESTORE, "no columns to copy in %s",
			      table);
}

static int copy_table(struct copy *c, const char *table)
{
	struct buf cols, sel, tgt;
	bool bytea[128];
	buf_init(&cols, 1u << 16);
	buf_init(&sel, 1u << 16);
	buf_init(&tgt, 1u << 16);
	int rc = common_columns(c, table, &cols, bytea, 128);
	if (!rc) {
		buf_printf(&sel, "SELECT %s FROM %s", cols.p, table);
		buf_printf(&tgt, "COPY %s (%s) FROM STDIN", table, cols.p);
		rc = sel.err || tgt.err
			     ? ow_err_set(c->err, OW_ENOMEM, "out of memory")
			     : copy_rows(c, sel.p, tgt.p, bytea, table);
	}
	buf_free(&cols);
	buf_free(&sel);
	buf_free(&tgt);
	return rc;
}

/* What SQLite keeps in two tables (search_doc beside story_fts) is one
 * table here; its tsvectors are computed as the rows arrive. */
static int copy_search_doc(struct copy *c)
{
	static const bool text[13];
	return copy_rows(
		c,
		"SELECT d.id, d.vtime, d.priority, d.source, d.language, "
		"d.sections, d.section_keys, f.headline, f.lede, f.body, "
		"f.slug, f.byline, f.place FROM search_doc d JOIN story_fts f "
		"ON f.rowid = d.id",
		"COPY search_doc (id, vtime, priority, source, language, "
		"sections, section_keys, headline, lede, body, slug, byline, "
		"place) FROM STDIN",
		text, "search_doc");
}

static int64_t lite_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The target holds nothing yet: anything there would collide with the
 * archive's ids, and a second run must change nothing. */
static int check_empty(struct copy *c)
{
	PGresult *r = pg_query(
		c->pg, &c->pg->w,
		"SELECT (SELECT count(*) FROM raw_input) + (SELECT count(*) "
		"FROM story) + (SELECT count(*) FROM version) + (SELECT "
		"count(*) FROM event) + (SELECT count(*) FROM story_key)",
		NULL, false, false, c->err, "checking the target");
	if (!r)
		return c->err->code;
	int64_t n = pg_i64(r, 0, 0);
	PQclear(r);
	if (n)
		return ow_err_set(c->err, OW_EINVAL,
				  "the target database is not empty (%lld "
				  "rows); nothing was copied",
				  (long long)n);
	return 0;
}

/* The sequences where the archive left them. */
static int set_sequences(struct copy *c)
{
	int64_t seq = lite_int(c->lite,
			       "SELECT value FROM counter WHERE name = 'seq'");
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT setval('ow_seq', greatest(%lld, (SELECT "
		 "coalesce(max(seq), 0) FROM version), (SELECT "
		 "coalesce(max(seq), 0) FROM event), 1), %s); "
		 "SELECT setval(pg_get_serial_sequence('story', 'id'), "
		 "coalesce(max(id), 1), max(id) IS NOT NULL) FROM story; "
		 "SELECT setval(pg_get_serial_sequence('raw_input', 'id'), "
		 "coalesce(max(id), 1), max(id) IS NOT NULL) FROM raw_input",
		 (long long)(seq > 0 ? seq : 1), seq > 0 ? "true" : "false");
	return pg_exec(c->pg, &c->pg->w, sql, c->err, "setting sequences");
}

int store_migrate(const char *from, const char *to, FILE *log,
		  struct ow_err *err)
{
	if (!strstr(to, "://"))
		return ow_err_set(err, OW_EINVAL,
				  "--to wants a postgres:// URI");
	sqlite3 *lite = NULL;
	if (!strncmp(from, "sqlite:", 7))
		from += 7;
	if (sqlite3_open_v2(from, &lite, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		ow_err_set(err, OW_EIO, "cannot open %s: %s", from,
			   lite ? sqlite3_errmsg(lite) : "out of memory");
		sqlite3_close(lite);
		return OW_EIO;
	}
	sqlite3_busy_timeout(lite, 5000);
	if (lite_int(lite, "PRAGMA user_version") < 1 ||
	    lite_int(lite, "SELECT count(*) FROM sqlite_master WHERE name = "
			   "'story_fts'") != 1) {
		sqlite3_close(lite);
		return ow_err_set(err, OW_EINVAL,
				  "%s is not an offwire archive", from);
	}
	struct store *s = NULL;
	struct store_config cfg = {LINK_DEFAULT_WINDOW, 3600};
	int rc = pg_store_open(to, &cfg, &s, err);
	if (rc) {
		sqlite3_close(lite);
		return rc;
	}
	struct copy c = {(struct pg_store *)s, lite, log, err};
	/* one snapshot of the archive, one transaction on the target */
	rc = sqlite3_exec(lite, "BEGIN", NULL, NULL, NULL) == SQLITE_OK
		     ? 0
		     : ow_err_set(err, OW_ESTORE, "sqlite: %s",
				  sqlite3_errmsg(lite));
	if (!rc)
		rc = pg_tx_open(c.pg, err);
	if (!rc)
		rc = check_empty(&c);
	for (size_t i = 0; !rc && i < sizeof tables / sizeof *tables; i++)
		rc = copy_table(&c, tables[i]);
	if (!rc)
		rc = copy_search_doc(&c);
	if (!rc)
		rc = set_sequences(&c);
	if (!rc) {
		c.pg->tx_seq = lite_int(lite, "SELECT coalesce(max(seq), 0) "
					      "FROM event");
		rc = pg_tx_commit(c.pg, err);
	} else {
		pg_tx_abort(c.pg);
	}
	sqlite3_exec(lite, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(lite);
	store_close(s);
	return rc;
}
