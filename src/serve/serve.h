/* The HTTP server: binds, runs the event loop, dispatches to routes, and
 * runs the embargo timer. One process, one event loop; with a store that is
 * not in process (PostgreSQL) the store is called only from a small pool of
 * database worker threads, so the loop never waits for it. */
#ifndef OW_SERVE_H
#define OW_SERVE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct serve_config {
	const char *listen;       /* "HOST:PORT"; port 0 picks a free one */
	const char *ingest_token; /* NULL: HTTP ingest is off */
	size_t max_body;          /* bytes; 413 beyond */
	const char *source;       /* default agency for HTTP ingest; NULL */
	int heartbeat;            /* seconds between SSE heartbeats; 0: 15 */
	size_t push_buffer;       /* bytes a push subscriber may lag behind
				   * before it is cut off; 0: 256 KiB */
	/* database workers: each opens the store again (db_uri, and the
	 * replica db_read_uri if any, with store_cfg) */
	const char *db_uri;
	const char *db_read_uri;
	struct store_config store_cfg;
	int db_workers; /* workers for reads; 0 none (the store is called on
			 * the loop thread); -1 the backend's default: 4 for
			 * PostgreSQL, 0 for SQLite */
};

/* Serves until SIGINT or SIGTERM. Prints "offwire listening on
 * http://HOST:PORT" on stdout once bound. The store is borrowed; with
 * workers it is the writer's handle (it should carry the cluster hook) and
 * is used only by the writer thread while serving. */
int serve_run(struct store *s, const struct serve_config *cfg,
	      struct ow_err *err);

#endif
