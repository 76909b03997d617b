/* offwire serve */
#include "cli/cli.h"

#include "common/str.h"
#include "ingest/clusters.h"
#include "serve/serve.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"db-read", required_argument, NULL, 'r'},
		{"listen", required_argument, NULL, 'l'},
		{"ingest-token", required_argument, NULL, 't'},
		{"max-body", required_argument, NULL, 'm'},
		{"source", required_argument, NULL, 's'},
		{"heartbeat", required_argument, NULL, 'b'},
		{"push-buffer", required_argument, NULL, 'u'},
		{"priority-window", required_argument, NULL, 'p'},
		{"link-window", required_argument, NULL, 'w'},
		{"db-workers", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0}};
	const char *db = CLI_DEFAULT_DB, *db_read = NULL;
	struct store_config scfg = {0};
	struct serve_config cfg = {.listen = CLI_DEFAULT_LISTEN,
				   .ingest_token =
					   getenv("OFFWIRE_INGEST_TOKEN"),
				   .max_body = CLI_DEFAULT_MAX_BODY,
				   .db_workers = -1};
	const char *workers_env = getenv("OFFWIRE_DB_WORKERS");
	int64_t wn;
	if (workers_env && *workers_env) {
		if (!str_parse_i64(workers_env, &wn) || wn < 0 || wn > 64) {
			fprintf(stderr, "offwire serve: OFFWIRE_DB_WORKERS "
					"wants 0 to 64\n");
			return CLI_USAGE;
		}
		cfg.db_workers = (int)wn;
	}
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		int64_t n;
		switch (c) {
		case 'd': db = optarg; break;
		case 'r': db_read = optarg; break;
		case 'l': cfg.listen = optarg; break;
		case 't': cfg.ingest_token = optarg; break;
		case 's': cfg.source = optarg; break;
		case 'm':
			if (!str_parse_i64(optarg, &n) || n < 1) {
				fprintf(stderr,
					"offwire serve: --max-body wants "
					"a positive number of bytes\n");
				return CLI_USAGE;
			}
			cfg.max_body = (size_t)n;
			break;
		case 'b':
			if (!str_parse_i64(optarg, &n) || n < 1 || n > 3600) {
				fprintf(stderr, "offwire serve: --heartbeat "
						"wants seconds (1-3600)\n");
				return CLI_USAGE;
			}
			cfg.heartbeat = (int)n;
			break;
		case 'u':
			if (!str_parse_i64(optarg, &n) || n < 1024) {
				fprintf(stderr, "offwire serve: --push-buffer "
						"wants bytes (1024 or more)\n");
				return CLI_USAGE;
			}
			cfg.push_buffer = (size_t)n;
			break;
		case 'p':
		case 'w':
			if (!str_parse_i64(optarg, &n) || n < 1) {
				fprintf(stderr,
					"offwire serve: --%s wants "
					"seconds\n",
					c == 'p' ? "priority-window"
						 : "link-window");
				return CLI_USAGE;
			}
			if (c == 'p')
				scfg.priority_window = n;
			else
				scfg.link_window = n;
			break;
		case 'k':
			if (!str_parse_i64(optarg, &n) || n < 0 || n > 64) {
				fprintf(stderr, "offwire serve: --db-workers "
						"wants 0 to 64\n");
				return CLI_USAGE;
			}
			cfg.db_workers = (int)n;
			break;
		case 'h': help_print(stdout, "serve"); return CLI_OK;
		default: help_print(stderr, "serve"); return CLI_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "offwire serve: unexpected argument '%s'\n",
			argv[optind]);
		return CLI_USAGE;
	}
	if (cfg.ingest_token && !*cfg.ingest_token)
		cfg.ingest_token = NULL;
	struct store *s;
	struct ow_err err = {0};
	if (store_open(db, &scfg, &s, &err)) {
		fprintf(stderr, "offwire serve: %s\n", err.msg);
		return CLI_FAILED;
	}
	/* a replica for reads: down now is not fatal (reads go to the
	 * primary until it answers); SQLite has none */
	if (db_read && store_set_replica(s, db_read, &err)) {
		fprintf(stderr, "offwire serve: --db-read: %s\n", err.msg);
		if (err.code != OW_EUNAVAIL) {
			store_close(s);
			return CLI_USAGE;
		}
		ow_err_clear(&err);
	}
	/* same-event clusters are kept as copy arrives */
	struct ingest_clusters *clusters = NULL;
	if (ingest_clusters_attach(s, NULL, &clusters, &err))
		fprintf(stderr, "offwire serve: clusters are off: %s\n",
			err.msg);
	ow_err_clear(&err);
	/* database workers open the store again, each a handle of its own */
	cfg.db_uri = db;
	cfg.db_read_uri = db_read;
	cfg.store_cfg = scfg;
	int rc = serve_run(s, &cfg, &err);
	ingest_clusters_detach(clusters);
	store_close(s);
	if (rc) {
		fprintf(stderr, "offwire serve: %s\n", err.msg);
		return err.code == OW_EINVAL ? CLI_USAGE : CLI_FAILED;
	}
	return CLI_OK;
}
