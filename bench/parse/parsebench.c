/* parsebench: offwire's parsers over a set of files, in one process, the
 * way `xmllint --noout --repeat` reads them: every file parsed REPEAT times
 * (detection included). Prints bytes, items and the time spent parsing, so
 * bench/parse/run can set MB/s and items/s beside xmllint's. A benchmark
 * tool, not part of offwire. */
#include "common/fileio.h"
#include "formats/formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int repeat = 1, first = 1;
	if (argc > 2 && !strcmp(argv[1], "--repeat")) {
		repeat = (int)strtol(argv[2], NULL, 10);
		first = 3;
	}
	if (first >= argc || repeat < 1) {
		fprintf(stderr, "usage: parsebench [--repeat N] FILE...\n");
		return 2;
	}
	int n = argc - first;
	char **buf = calloc((size_t)n, sizeof *buf);
	size_t *len = calloc((size_t)n, sizeof *len);
	size_t bytes = 0;
	for (int i = 0; i < n; i++) {
		struct ow_err err = {0};
		if (file_read_all(argv[first + i], 256u << 20, &buf[i], &len[i],
				  &err)) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
		bytes += len[i];
	}
	size_t items = 0, rejected = 0;
	double t0 = now();
	for (int r = 0; r < repeat; r++)
		for (int i = 0; i < n; i++) {
			struct parse_result res;
			struct ow_err err = {0};
			struct parse_opts o = {0};
			if (formats_parse(FORMAT_UNKNOWN, buf[i], len[i], &o,
					  &res, &err)) {
				rejected++;
				continue;
			}
			items += res.versions.n;
			parse_result_free(&res);
		}
	double secs = now() - t0;
	printf("files %d repeat %d bytes %zu items %zu rejected %zu seconds "
	       "%.4f MB/s %.1f items/s %.0f\n",
	       n, repeat, bytes * (size_t)repeat, items, rejected, secs,
	       (double)bytes * repeat / 1e6 / secs, (double)items / secs);
	for (int i = 0; i < n; i++)
		free(buf[i]);
	free(buf);
	free(len);
	return 0;
}
