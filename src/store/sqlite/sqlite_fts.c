/* The full-text index is written at commit time, not row by row. FTS5
 * flushes its pending terms to disk at every statement savepoint, and almost
 * every write statement opens one; interleaving index writes with the other
 * rows of an ingest therefore wrote a tiny index segment per statement and
 * cost a quarter of bulk-ingest time. Queuing the index rows and writing them
 * together just before COMMIT keeps them in one segment. */
#include "store/sqlite/sqlite_int.h"

#include "common/buf.h"

#include <stdlib.h>
#include <string.h>

#define FTS_NCOL 7

struct fts_row {
	int64_t id;
	bool had_row; /* the index may hold an older row for this story */
	bool live;    /* index it (else only remove it) */
	/* headline, lede, body, slug, byline, place, source */
	char *col[FTS_NCOL];
	/* search_doc: what search filters and counts by */
	int64_t vtime;
	int priority;
	char *language;
	char *sections;     /* each subject's name (or code), joined by \x1e */
	char *section_keys; /* "\x1ename\x1ecode\x1e...", lowercased */
};

static char *dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static char *join_sections(const struct subject *sub, size_t n)
{
	struct buf b;
	buf_init(&b, 1u << 20);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const char *v =
			sub[i].name && *sub[i].name ? sub[i].name : sub[i].code;
		if (!v || !*v)
			continue;
		if (k++)
			buf_putc(&b, '\x1e');
		buf_puts(&b, v);
	}
	if (!k || b.err) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* Every subject's name and code, ASCII-lowercased (as COLLATE NOCASE
 * compares), each followed by \x1e, after a leading \x1e. */
static char *section_keys(const struct subject *sub, size_t n)
{
	struct buf b;
	buf_init(&b, 1u << 20);
	buf_putc(&b, '\x1e');
	for (size_t i = 0; i < n; i++) {
		const char *v[2] = {sub[i].name, sub[i].code};
		for (int k = 0; k < 2; k++) {
			if (!v[k] || !*v[k])
				continue;
			for (const char *c = v[k]; *c; c++)
				buf_putc(&b, *c >= 'A' && *c <= 'Z'
						     ? (char)(*c - 'A' + 'a')
						     : *c);
			buf_putc(&b, '\x1e');
		}
	}
	if (b.err) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static char *join_paras(const struct para *p, size_t n)
{
	struct buf b;
	buf_init(&b, 64u << 20);
	buf_puts(&b, ""); /* an empty body is "", not NULL */
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(&b, '\n');
		buf_puts(&b, p[i].text);
	}
	if (b.err) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

int sq_fts_queue(struct sqlite_store *s, int64_t id, bool had_row, bool live,
		 const struct version *m, const struct para *p, size_t n)
{
	if (s->fts_n == s->fts_cap) {
		size_t cap = s->fts_cap ? s->fts_cap * 2 : 64;
		struct fts_row *r = realloc(s->fts, cap * sizeof *r);
		if (!r)
			return OW_ENOMEM;
		s->fts = r;
		s->fts_cap = cap;
	}
	struct fts_row *r = &s->fts[s->fts_n];
	memset(r, 0, sizeof *r);
	r->id = id;
	r->had_row = had_row;
	r->live = live;
	if (live) {
		/* the lede is the first paragraph; the body the rest */
		r->col[0] = dup(m->headline);
		r->col[1] = n ? dup(p[0].text) : NULL;
		r->col[2] = join_paras(p + (n ? 1 : 0), n ? n - 1 : 0);
		r->col[3] = dup(m->slug);
		r->col[4] = dup(m->byline);
		r->col[5] = dup(m->dateline.place);
		r->col[6] = dup(m->source);
		r->language = dup(m->language);
		r->sections = join_sections(m->subjects, m->n_subjects);
		r->section_keys = section_keys(m->subjects, m->n_subjects);
		r->vtime =
			m->versioncreated ? m->versioncreated : m->received_at;
		r->priority = (int)m->priority;
		if (!r->col[2] || !r->section_keys) {
			for (int i = 0; i < FTS_NCOL; i++)
				free(r->col[i]);
			free(r->language);
			free(r->sections);
			free(r->section_keys);
			return OW_ENOMEM;
		}
	}
	s->fts_n++;
	return 0;
}

void sq_fts_discard(struct sqlite_store *s)
{
	for (size_t i = 0; i < s->fts_n; i++) {
		for (int k = 0; k < FTS_NCOL; k++)
			free(s->fts[i].col[k]);
		free(s->fts[i].language);
		free(s->fts[i].sections);
		free(s->fts[i].section_keys);
	}
	s->fts_n = 0;
}

int sq_fts_flush(struct sqlite_store *s, struct ow_err *err)
{
	int rc = 0;
	/* queue order is write order: a story updated twice in one batch is
	 * deleted and indexed again, ending with its latest text */
	for (size_t i = 0; i < s->fts_n && !rc; i++) {
		struct fts_row *r = &s->fts[i];
		bool again = false;
		for (size_t k = i; k-- > 0 && !again && i - k < 64;)
			again = s->fts[k].id == r->id;
		for (int k = 0; k < 2 && !rc && (r->had_row || again); k++) {
			sqlite3_stmt *st =
				sq_stmt(s, k ? ST_DOC_DELETE : ST_FTS_DELETE);
			sqlite3_bind_int64(st, 1, r->id);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = sq_fail(s, err, "updating search index");
		}
		if (!rc && r->live) {
			sqlite3_stmt *st = sq_stmt(s, ST_FTS_INSERT);
			sqlite3_bind_int64(st, 1, r->id);
			for (int k = 0; k < FTS_NCOL; k++)
				sq_bind_text(st, k + 2, r->col[k]);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = sq_fail(s, err, "indexing story");
		}
		if (!rc && r->live) {
			sqlite3_stmt *st = sq_stmt(s, ST_DOC_INSERT);
			sqlite3_bind_int64(st, 1, r->id);
			sqlite3_bind_int64(st, 2, r->vtime);
			sqlite3_bind_int(st, 3, r->priority);
			sq_bind_text(st, 4, r->col[6]);
			sq_bind_text(st, 5, r->language);
			sq_bind_text(st, 6, r->sections);
			sq_bind_text(st, 7, r->section_keys);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = sq_fail(s, err, "indexing story");
		}
	}
	sq_fts_discard(s);
	return rc;
}
