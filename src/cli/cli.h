/* Private to src/cli: the subcommands and their shared help texts. */
#ifndef OW_CLI_H
#define OW_CLI_H

#include <stdio.h>

#define CLI_DEFAULT_DB "./offwire.db"
#define CLI_DEFAULT_LISTEN "127.0.0.1:8080"
#define CLI_DEFAULT_MAX_BODY (10u << 20)
#define CLI_DEFAULT_MAX_FILE (64u << 20)

/* Exit codes shared by every command. */
enum { CLI_OK = 0, CLI_REJECTED = 1, CLI_USAGE = 2, CLI_FAILED = 3 };

int cmd_serve(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_migrate(int argc, char **argv);

/* Prints a command's help (from the one table in help.c); false if there is
 * no such command. */
int help_print(FILE *out, const char *command);
void help_usage(FILE *out);

#endif
