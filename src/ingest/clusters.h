/* Same-event clusters kept as copy arrives: an in-memory index (src/cluster)
 * hooked into the store, so each story's cluster is decided and written in
 * the same transaction as the version that changed it. Rebuilt from the
 * store's recent window when attached. One per store handle; not
 * thread-safe (like the store). */
#ifndef OW_INGEST_CLUSTERS_H
#define OW_INGEST_CLUSTERS_H

#include "cluster/cluster.h"
#include "store/store.h"

struct ingest_clusters;

/* Builds the index from the store's live stories of the last window and
 * installs it as the store's view hook. cfg NULL: defaults. Returns owned
 * via *out; detach before closing the store. */
int ingest_clusters_attach(struct store *s, const struct cluster_config *cfg,
			   struct ingest_clusters **out, struct ow_err *err);
void ingest_clusters_detach(struct ingest_clusters *c);
/* The index, for reading clusters (borrowed). */
const struct cluster_index *
ingest_clusters_index(const struct ingest_clusters *c);

#endif
