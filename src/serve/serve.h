/* The HTTP server: binds, runs the event loop, dispatches to routes, and
 * runs the embargo timer. One process, one thread, one loop. */
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
};

/* Serves until SIGINT or SIGTERM. Prints "offwire listening on
 * http://HOST:PORT" on stdout once bound. The store is borrowed. */
int serve_run(struct store *s, const struct serve_config *cfg,
	      struct ow_err *err);

#endif
