/* Help texts: the single source for `offwire --help`, `offwire help CMD`,
 * and docs/cli.md. */
#include "cli/cli.h"

#include <string.h>

#include "formats/formats.h"

struct help {
	const char *command;
	const char *synopsis;
	const char *body;
};

static const struct help helps[] = {
	{"serve",
	 "offwire serve [--db FILE|URI] [--db-read URI] [--listen HOST:PORT] "
	 "[--ingest-token TOKEN] [--max-body BYTES] [--source NAME]",
	 "Serves the wire over HTTP: the JSON API, ticker and ingest.\n"
	 "\n"
	 "  --db FILE|URI         the store (default " CLI_DEFAULT_DB "): a "
	 "SQLite\n"
	 "                        file, or postgres://USER@HOST:PORT/DB for\n"
	 "                        PostgreSQL, where several nodes may serve "
	 "one\n"
	 "                        database (docs/operations.md)\n"
	 "  --db-read URI         a PostgreSQL replica for reads; a node reads "
	 "the\n"
	 "                        primary until the replica holds what it "
	 "knows\n"
	 "                        committed, and for a request whose "
	 "Offwire-Seq\n"
	 "                        header names a newer seq\n"
	 "  --listen HOST:PORT    where to listen (default " CLI_DEFAULT_LISTEN
	 "; port 0 picks a free port)\n"
	 "  --ingest-token TOKEN  enables POST /api/v1/ingest for requests "
	 "with\n"
	 "                        'Authorization: Bearer TOKEN'; also read "
	 "from\n"
	 "                        OFFWIRE_INGEST_TOKEN. Without it HTTP ingest "
	 "is "
	 "off.\n"
	 "  --max-body BYTES      largest ingest body (default 10485760)\n"
	 "  --source NAME         agency name for HTTP ingest that names none\n"
	 "  --heartbeat SECONDS   SSE heartbeat interval (default 15)\n"
	 "  --push-buffer BYTES   how far a push subscriber may fall behind\n"
	 "                        before it is cut off (default 262144)\n"
	 "  --priority-window S   seconds flash and bulletin copy leads the\n"
	 "                        ticker (default 3600)\n"
	 "  --link-window S       seconds within which the same slug or\n"
	 "                        headline links to a story (default 259200)\n"
	 "  --db-workers N        threads that call the store so the event "
	 "loop\n"
	 "                        never waits for it (default 4 for "
	 "PostgreSQL,\n"
	 "                        0 for SQLite, which answers in process); "
	 "also\n"
	 "                        read from OFFWIRE_DB_WORKERS\n"
	 "\n"
	 "Prints 'offwire listening on http://HOST:PORT' once bound; stops on\n"
	 "SIGINT or SIGTERM.\n"},
	{"ingest",
	 "offwire ingest [--db FILE] [--format F] [--source NAME] PATH...",
	 "Reads wire copy from files, directories (recursively) or '-' "
	 "(stdin)\n"
	 "and stores every version. Prints one line per input: accepted, with "
	 "the\n"
	 "story id and version, or rejected, with the reason (rejected input "
	 "is\n"
	 "kept in quarantine).\n"
	 "\n"
	 "  --db FILE      the store (default " CLI_DEFAULT_DB ")\n"
	 "  --format F     skip detection and read every input as F\n"
	 "  --source NAME  the agency the copy is from, overriding what it "
	 "says\n"
	 "  --max-size N   largest input in bytes (default 67108864)\n"
	 "  --quiet        print only rejections and the summary\n"
	 "  --no-clusters  do not group same-event stories while loading (a\n"
	 "                 bulk archive load; a server groups them as they\n"
	 "                 change)\n"
	 "\n"
	 "Exit status: 0 all accepted, 1 something was rejected, 2 usage "
	 "error,\n"
	 "3 the store failed.\n"},
	{"check", "offwire check [--format F] [--json] FILE...",
	 "Parses only, storing nothing: prints per item the detected format, "
	 "the\n"
	 "fields found and any warnings. --json prints one JSON object per "
	 "item.\n"
	 "This is how to debug a new feed.\n"},
	{"search",
	 "offwire search [--db FILE] [--json] [--limit N] [--source NAME] "
	 "QUERY...",
	 "Searches the live stories' current text, best match first, and "
	 "prints\n"
	 "a table: rank, story id, date, source, headline, and the passage "
	 "that\n"
	 "matched. The words of QUERY are one query in the search language:\n"
	 "\n"
	 "  oil prices          both words (in any field, any order)\n"
	 "  \"crude oil\"         the phrase\n"
	 "  oil OR gas          either; AND is implied, NOT / -word "
	 "excludes\n"
	 "  (oil OR gas) -opec  parentheses group\n"
	 "  export*             words starting with export\n"
	 "  headline:bank       only in the headline (also slug:, byline:,\n"
	 "                      source:, place:)\n"
	 "\n"
	 "Case, accents (Muller finds Müller) and English endings (talks "
	 "finds\n"
	 "talk) do not matter. See docs/search.md.\n"
	 "\n"
	 "  --db FILE        the store (default " CLI_DEFAULT_DB ")\n"
	 "  --json           the API's JSON (GET /api/v1/stories?q=), "
	 "facets\n"
	 "                   included\n"
	 "  --limit N        hits per page, 1-100 (default 20)\n"
	 "  --source NAME    only this agency (exact name)\n"
	 "  --section S      only stories with this subject (name or code)\n"
	 "  --language L     only this language (en also finds en-GB)\n"
	 "  --priority P     at least this urgent (flash, bulletin, urgent,\n"
	 "                   routine, deferred)\n"
	 "  --since TIME     versioncreated at or after TIME (RFC 3339)\n"
	 "  --until TIME     versioncreated before TIME\n"
	 "  --sort rank|time by relevance (default) or newest first\n"
	 "  --cursor C       the next page, as printed after a page\n"
	 "  --facets         also count matches by source, section and day\n"
	 "  --sql            print the SQL statements run (values bound) on\n"
	 "                   stderr\n"
	 "\n"
	 "Exit status: 0 searched (even with no match), 2 a malformed query "
	 "or\n"
	 "option (the message points at the problem), 3 the store failed.\n"},
	{"migrate", "offwire migrate --from FILE.db --to postgres://...",
	 "Copies a SQLite archive into an empty PostgreSQL database: every "
	 "table\n"
	 "(raw inputs, versions, stories, link keys, sections, events, the "
	 "search\n"
	 "documents) with its ids, and the global sequence where it stood, in "
	 "one\n"
	 "transaction. Refuses, copying nothing, when the target already "
	 "holds\n"
	 "anything, so running it twice is harmless. The target database must "
	 "exist\n"
	 "(createdb); its schema is made on the way. Stop the nodes writing "
	 "the\n"
	 "archive first. See docs/operations.md.\n"
	 "\n"
	 "  --from FILE  the SQLite archive (opened read-only)\n"
	 "  --to URI     postgres://USER@HOST:PORT/DB\n"
	 "\n"
	 "Exit status: 0 copied, 1 refused (the target is not empty, or FILE "
	 "is not\n"
	 "an archive), 2 usage error, 3 a database failed.\n"},
	{"help", "offwire help [COMMAND]", "Prints help for a command.\n"},
};

void help_usage(FILE *out)
{
	fprintf(out,
		"offwire %s: a news wire server\n"
		"\n"
		"Usage:\n",
		OW_VERSION);
	for (size_t i = 0; i < sizeof helps / sizeof *helps; i++)
		fprintf(out, "  %s\n", helps[i].synopsis);
	fprintf(out,
		"  offwire --version\n"
		"\n"
		"Formats: %s (detected from content).\n"
		"Run 'offwire help COMMAND' for a command's options.\n",
		formats_list());
}

int help_print(FILE *out, const char *command)
{
	for (size_t i = 0; i < sizeof helps / sizeof *helps; i++)
		if (!strcmp(helps[i].command, command)) {
			fprintf(out, "Usage: %s\n\n%s", helps[i].synopsis,
				helps[i].body);
			return 1;
		}
	return 0;
}
