/* offwire: the command-line entry point. Dispatches to a subcommand. */
#include "cli/cli.h"

#include <string.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		help_usage(stderr);
		return CLI_USAGE;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		help_usage(stdout);
		return CLI_OK;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
		printf("offwire %s\n", OW_VERSION);
		return CLI_OK;
	}
	if (!strcmp(cmd, "help")) {
		if (argc < 3) {
			help_usage(stdout);
			return CLI_OK;
		}
		if (help_print(stdout, argv[2]))
			return CLI_OK;
		fprintf(stderr, "offwire: no command '%s'\n", argv[2]);
		return CLI_USAGE;
	}
	if (!strcmp(cmd, "serve"))
		return cmd_serve(argc - 1, argv + 1);
	if (!strcmp(cmd, "ingest"))
		return cmd_ingest(argc - 1, argv + 1);
	if (!strcmp(cmd, "check"))
		return cmd_check(argc - 1, argv + 1);
	if (!strcmp(cmd, "search"))
		return cmd_search(argc - 1, argv + 1);
	if (!strcmp(cmd, "migrate"))
		return cmd_migrate(argc - 1, argv + 1);
	fprintf(stderr, "offwire: unknown command '%s'\n\n", cmd);
	help_usage(stderr);
	return CLI_USAGE;
}
