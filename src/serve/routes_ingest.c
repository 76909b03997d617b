/* POST /api/v1/ingest: one item of wire copy in the body. Bearer-token
 * authentication; 201 once committed, 422 (quarantined) when it cannot be
 * read, 413 past the size limit (evhttp enforces it before we run). */
#include "serve/routes.h"

#include "common/str.h"
#include "ingest/ingest.h"

#include <stdio.h>
#include <string.h>

void route_ingest(const struct route_args *a)
{
	if (route_check_token(a))
		return;
	struct http_query q;
	if (http_query_parse(a->x, &q)) {
		http_query_free(&q);
		http_send_error(a->x, 400, "bad_request",
				"the query string is malformed");
		return;
	}
	struct ingest_opts o = {.format = FORMAT_UNKNOWN,
				.source = a->srv->cfg->source,
				.origin = "http",
				.now = server_now()};
	const char *fmt = http_query_get(&q, "format");
	if (fmt && !format_from_name(fmt, &o.format)) {
		char d[300];
		snprintf(d, sizeof d, "unknown format \"%.40s\"; known: %s",
			 fmt, formats_list());
		http_send_error(a->x, 400, "bad_request", d);
		http_query_free(&q);
		return;
	}
	const char *src = http_query_get(&q, "source");
	if (src && *src)
		o.source = src;
	size_t len = 0;
	const char *body = http_body(a->x, &len);
	if (!body && !len)
		body = "";
	if (len && !body) {
		http_query_free(&q);
		http_send_error(a->x, 500, "internal", "out of memory");
		return;
	}
	struct ingest_report r;
	int rc = ingest_bytes(a->store, body, len, &o, &r);
	if (rc == 0) {
		json_t *items = json_array();
		for (size_t i = 0; i < r.parsed.versions.n; i++) {
			const struct ingest_item *it = &r.items[i];
			json_array_append_new(
				items,
				json_pack("{s:I, s:i, s:I, s:s, s:s, s:b}",
					  "id", (json_int_t)it->story_id,
					  "version", it->vnum, "seq",
					  (json_int_t)it->seq, "state",
					  story_state_name(it->state), "link",
					  it->link_rule, "duplicate",
					  it->duplicate));
		}
		const struct ingest_item *first = &r.items[0];
		json_t *o1 =
			json_pack("{s:I, s:i, s:I, s:s, s:s, s:I, s:o}", "id",
				  (json_int_t)first->story_id, "version",
				  first->vnum, "seq", (json_int_t)first->seq,
				  "format", format_name(r.format), "state",
				  story_state_name(first->state), "raw_id",
				  (json_int_t)r.raw_id, "items", items);
		http_send_json(a->x, 201, o1);
		int64_t top = 0;
		for (size_t i = 0; i < r.parsed.versions.n; i++)
			if (r.items[i].seq > top)
				top = r.items[i].seq;
		route_after_write(a, top);
	} else if (rc == OW_EPARSE || rc == OW_EUNSUPPORTED) {
		http_send_json(a->x, 422,
			       json_pack("{s:s, s:s, s:I}", "error",
					 rc == OW_EPARSE ? "unparseable"
							 : "unsupported",
					 "detail", r.err.msg, "quarantine_id",
					 (json_int_t)r.raw_id));
	} else {
		/* not stored: the client must retry */
		int status = http_status_of(rc);
		http_send_error(a->x, status == 500 ? 503 : status,
				"unavailable", r.err.msg);
	}
	ingest_report_free(&r);
	http_query_free(&q);
}
