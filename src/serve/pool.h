/* Private to src/serve: the database workers, so that the event loop never
 * waits for a store that is not in process (PostgreSQL). Each worker thread
 * owns a store handle of its own (one connection each); a job runs on a
 * worker with that handle, then its completion runs on the loop thread.
 *
 * Three lanes, each a queue served in order:
 * - READ: N workers for the routes that read (--db-workers);
 * - WRITE: one worker on the handle the server was given, which carries the
 *   same-event cluster index (its view hook): every ingest and embargo
 *   release runs there, so the index sees every change this node makes;
 * - EVENTS: one worker for the event log (pumping events to push
 *   subscribers, their catch-up, long-poll answers) and the LISTEN
 *   connection, so push never queues behind slow page renders.
 *
 * Not used with SQLite unless asked for: there a store call is microseconds
 * in process and a thread hop would cost more than it saves. */
#ifndef OW_POOL_H
#define OW_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct event_base;
struct pool;

enum pool_lane { POOL_READ, POOL_WRITE, POOL_EVENTS, POOL_LANES };

/* Embed one in a job's own struct. */
struct pool_job {
	struct pool_job *next;
	/* on a worker, with its handle; reads see at least `floor` */
	void (*work)(struct pool_job *j, struct store *s);
	/* then on the loop thread; ran is false when the job was dropped
	 * unrun at shutdown. It frees the job. */
	void (*done)(struct pool_job *j, bool ran);
	int64_t floor; /* set by pool_submit */
};

struct pool_config {
	const char *uri, *read_uri; /* the store, and a replica (or NULL) */
	struct store_config store;  /* as the writer's handle was opened */
	int readers;                /* READ workers, 1 or more */
	struct store *writer;       /* borrowed: the WRITE lane's handle */
};

/* Opens a handle per READ worker and the EVENTS worker and starts them all.
 * Returns owned via *out. */
int pool_new(struct event_base *base, const struct pool_config *cfg,
	     struct pool **out, struct ow_err *err);
/* Finishes the jobs running, drops the queued ones (done with ran false),
 * runs every completion, stops the threads and closes the handles it
 * opened. */
void pool_free(struct pool *p);
/* Queues a job; false when the lane holds too many already (the caller
 * answers 503 and frees it). */
bool pool_submit(struct pool *p, enum pool_lane lane, struct pool_job *j);
/* Reads from now on see at least `seq` (read-your-writes with a replica:
 * commits by any worker, other nodes' notifications, a client's floor). */
void pool_raise_floor(struct pool *p, int64_t seq);
/* The EVENTS worker's handle, for the loop thread before the first job is
 * submitted (it then belongs to the worker). */
struct store *pool_events_store(struct pool *p);
/* Jobs queued or running in a lane (for health). */
size_t pool_pending(struct pool *p, enum pool_lane lane);

#endif
