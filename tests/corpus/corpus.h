/* The corpus tests' common part: a file under OW_CORPUS parsed with
 * detection, its one version, and looking into its paragraphs. Header-only,
 * like ../unit/test.h (included first). */
#ifndef OW_CORPUS_H
#define OW_CORPUS_H

#include "../unit/test_fixture.h"

/* OW_CORPUS/rel (a static buffer: use it before the next call). */
static inline const char *corpus_file(const char *rel)
{
	static char path[1024];
	snprintf(path, sizeof path, "%s/%s", OW_CORPUS, rel);
	return path;
}

/* Parses the file at path with detection at `now`; the result stays in *r
 * (free it) on success. -100 when it cannot be read, -101 (r freed) when it
 * is detected as another format than `want`. */
static inline int corpus_parse(const char *path, int64_t now, enum format want,
			       struct parse_result *r, struct ow_err *err)
{
	char *buf;
	size_t len;
	if (file_read_all(path, 1 << 24, &buf, &len, err))
		return -100;
	struct parse_opts o = {.now = now};
	int rc = formats_parse(FORMAT_UNKNOWN, buf, len, &o, r, err);
	free(buf);
	if (!rc && r->format != want) {
		fprintf(stderr, "%s: detected as %s\n", path,
			format_name(r->format));
		parse_result_free(r);
		return -101;
	}
	return rc;
}

/* The one version of the file at path, parsed into *r (free it when this
 * is not NULL); NULL, with a failure counted, when it does not parse as
 * `want` or does not hold exactly one version. */
static inline const struct version *corpus_one(const char *path, int64_t now,
					       enum format want,
					       struct parse_result *r)
{
	struct ow_err err = {0};
	int rc = corpus_parse(path, now, want, r, &err);
	if (rc) {
		fprintf(stderr, "%s: rc %d: %s\n", path, rc, err.msg);
		test_failures++;
		return NULL;
	}
	CHECK_INT(r->versions.n, 1);
	if (r->versions.n != 1) {
		parse_result_free(r);
		return NULL;
	}
	return r->versions.v[0];
}

/* Whether one of v's paragraphs contains needle. */
static inline bool corpus_para_has(const struct version *v, const char *needle)
{
	for (size_t i = 0; i < v->n_paras; i++)
		if (strstr(v->paras[i].text, needle))
			return true;
	return false;
}

#endif
