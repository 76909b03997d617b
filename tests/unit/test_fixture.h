/* Fixtures for the parser tests: reading tests/data/<dir>/<name>, parsing
 * it with detection, and looking for a warning. Header-only, like test.h;
 * include it after the format and fileio headers. */
#ifndef OW_TEST_FIXTURE_H
#define OW_TEST_FIXTURE_H

#include "common/fileio.h"
#include "formats/formats.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The bytes of tests/data/dir/name (malloc'd; *len set), or NULL with the
 * reason printed. */
static inline char *test_fixture(const char *dir, const char *name, size_t *len)
{
	char path[512], *buf = NULL;
	struct ow_err err = {0};
	snprintf(path, sizeof path, "%s/%s/%s", OW_TEST_DATA, dir, name);
	if (file_read_all(path, 1 << 20, &buf, len, &err)) {
		fprintf(stderr, "cannot read %s: %s\n", path, err.msg);
		return NULL;
	}
	return buf;
}

/* Parses tests/data/dir/name with detection, at `now` (0: the clock). With
 * a format other than FORMAT_UNKNOWN, detecting another one is a failure
 * (printed; r freed). -100 when the file cannot be read. */
static inline int test_parse_fixture(const char *dir, const char *name,
				     int64_t now, enum format want,
				     struct parse_result *r, struct ow_err *err)
{
	size_t len;
	char *buf = test_fixture(dir, name, &len);
	if (!buf)
		return -100;
	struct parse_opts o = {.now = now};
	int rc = formats_parse(FORMAT_UNKNOWN, buf, len, &o, r, err);
	if (!rc && want != FORMAT_UNKNOWN && r->format != want) {
		fprintf(stderr, "%s: detected as %s\n", name,
			format_name(r->format));
		rc = -1;
		parse_result_free(r);
	}
	free(buf);
	return rc;
}

/* Whether one of v's warnings contains needle. */
static inline bool test_has_warning(const struct version *v, const char *needle)
{
	for (size_t i = 0; i < v->n_warnings; i++)
		if (strstr(v->warnings[i], needle))
			return true;
	return false;
}

#endif
