/* A story's search document (search_doc): its current text while it is
 * live, written in the ingest transaction, with what search filters and
 * counts by; the tsvectors are generated columns (pg_schema.c). The same
 * rows sqlite_fts.c writes into story_fts and search_doc. */
#include "store/postgres/pg_int.h"

#include <stdlib.h>
#include <string.h>

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

/* Every subject's name and code, ASCII-lowercased, each followed by \x1e,
 * after a leading \x1e (as sqlite_fts.c writes them). */
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

/* The story's row in search_doc: its current text while it is live, none
 * otherwise (superseded, embargoed and killed copy is never found). The
 * lede is the first paragraph, the body the rest. */
int pg_write_doc(struct pg_store *s, int64_t id, bool had_row, bool live,
		 const struct version *m, const struct para *para, size_t n,
		 struct ow_err *err)
{
	struct pg_params p;
	pp_init(&p);
	pp_i64(&p, id);
	if (!live) {
		if (!had_row)
			return 0;
		PGresult *r = pg_prep(s, &s->w, PS_DOC_DELETE, &p, false, err,
				      "updating search index");
		PQclear(r);
		return r ? 0 : err->code;
	}
	char *sections = join_sections(m->subjects, m->n_subjects);
	char *keys = section_keys(m->subjects, m->n_subjects);
	char *body = join_paras(para + (n ? 1 : 0), n ? n - 1 : 0);
	int rc = 0;
	if (!keys || !body) {
		rc = ow_err_set(err, OW_ENOMEM, "out of memory");
		goto out;
	}
	pp_i64(&p, m->versioncreated ? m->versioncreated : m->received_at);
	pp_i64(&p, (int)m->priority);
	pp_text(&p, m->source);
	pp_text(&p, m->language);
	pp_text(&p, sections);
	pp_text(&p, keys);
	pp_text(&p, m->headline);
	pp_text(&p, n ? para[0].text : NULL);
	pp_text(&p, body);
	pp_text(&p, m->slug);
	pp_text(&p, m->byline);
	pp_text(&p, m->dateline.place);
	PGresult *r = pg_prep(s, &s->w, PS_DOC_UPSERT, &p, false, err,
			      "indexing story");
	if (!r)
		rc = err->code;
	PQclear(r);
out:
	free(sections);
	free(keys);
	free(body);
	return rc;
}
