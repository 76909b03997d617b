/* Ingest: parse, then store or quarantine. Parsing happens in memory before
 * any write, so a crash mid-parse loses nothing that was acknowledged. */
#include "ingest/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int quarantine(struct store *s, const struct raw_input *raw,
		      struct ingest_report *r, int why)
{
	struct ow_err serr = {0};
	if (store_quarantine(s, raw, r->err.msg, &r->raw_id, &serr)) {
		r->err = serr; /* not kept: the caller must not acknowledge */
		return r->rc = serr.code ? serr.code : OW_ESTORE;
	}
	return r->rc = why;
}

int ingest_bytes(struct store *s, const char *buf, size_t len,
		 const struct ingest_opts *o, struct ingest_report *r)
{
	memset(r, 0, sizeof *r);
	struct parse_opts po = {.source = o->source, .now = o->now};
	struct raw_input raw = {.bytes = buf,
				.len = len,
				.origin = o->origin,
				.format = NULL,
				.received_at = o->now};
	int rc = formats_parse(o->format, buf, len, &po, &r->parsed, &r->err);
	if (rc) {
		if (o->format != FORMAT_UNKNOWN)
			raw.format = format_name(o->format);
		if (rc == OW_ENOMEM)
			return r->rc = rc;
		return quarantine(s, &raw, r, OW_EPARSE);
	}
	r->format = r->parsed.format;
	raw.format = format_name(r->format);
	size_t n = r->parsed.versions.n;
	if (n == 0) {
		/* only pictures, packages and the like: recognised, not text */
		const struct skip *k = &r->parsed.skipped[0];
		ow_err_set(&r->err, OW_EUNSUPPORTED, "%s: %s%s", raw.format,
			   k->reason,
			   r->parsed.n_skipped > 1 ? " (and more like it)"
						   : "");
		return quarantine(s, &raw, r, OW_EUNSUPPORTED);
	}
	r->items = calloc(n, sizeof *r->items);
	if (!r->items)
		return r->rc = ow_err_set(&r->err, OW_ENOMEM, "out of memory");
	rc = store_ingest(s, &raw, r->parsed.versions.v, n, o->now, r->items,
			  &r->raw_id, &r->err);
	if (rc)
		return r->rc = rc;
	for (size_t i = 0; i < n; i++)
		r->n_duplicates += r->items[i].duplicate;
	return r->rc = 0;
}

void ingest_report_free(struct ingest_report *r)
{
	parse_result_free(&r->parsed);
	free(r->items);
	r->items = NULL;
}
