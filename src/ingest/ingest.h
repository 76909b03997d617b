/* The ingest pipeline: raw bytes in; detected, parsed, linked and stored, or
 * quarantined with the reason. The one place that joins formats and store,
 * used alike by the CLI, HTTP ingest and (later) spool and feed pollers. */
#ifndef OW_INGEST_H
#define OW_INGEST_H

#include "formats/formats.h"
#include "store/store.h"

struct ingest_opts {
	enum format format; /* FORMAT_UNKNOWN: detect from content */
	const char *source; /* agency name overriding the copy's; NULL none */
	const char *origin; /* where the bytes came from, kept with them */
	int64_t now;        /* unix seconds */
};

/* The outcome of one input. Owns its parse result; free with
 * ingest_report_free. */
struct ingest_report {
	int rc; /* 0 accepted; OW_EPARSE / OW_EUNSUPPORTED
				     * rejected and quarantined; other codes:
				     * not stored at all (store failure) */
	enum format format;
	int64_t raw_id;             /* the kept raw bytes (either way) */
	struct parse_result parsed; /* versions and skipped items */
	struct ingest_item *items;  /* one per parsed.versions entry */
	size_t n_duplicates;
	struct ow_err err; /* why it was rejected or failed */
};

/* Ingests one input. Returns report->rc. The input is committed (accepted or
 * quarantined) before this returns 0, OW_EPARSE or OW_EUNSUPPORTED. */
int ingest_bytes(struct store *s, const char *buf, size_t len,
		 const struct ingest_opts *o, struct ingest_report *out);
void ingest_report_free(struct ingest_report *r);

#endif
