/* offwire migrate: a SQLite archive copied into an empty PostgreSQL
 * database (store_migrate does the copying; this reads the options). */
#include "cli/cli.h"

#include "store/store.h"

#include <getopt.h>
#include <string.h>

int cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0}};
	const char *from = NULL, *to = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'h': help_print(stdout, "migrate"); return CLI_OK;
		default: help_print(stderr, "migrate"); return CLI_USAGE;
		}
	}
	if (optind < argc || !from || !to) {
		help_print(stderr, "migrate");
		return CLI_USAGE;
	}
	struct ow_err err = {0};
	int rc = store_migrate(from, to, stdout, &err);
	if (rc) {
		fprintf(stderr, "offwire migrate: %s\n", err.msg);
		return rc == OW_EINVAL ? CLI_REJECTED : CLI_FAILED;
	}
	printf("copied %s into the PostgreSQL database\n", from);
	return CLI_OK;
}
