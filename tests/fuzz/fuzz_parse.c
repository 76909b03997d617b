/* libFuzzer target: one parser, chosen at compile time by FUZZ_FORMAT (or
 * detection when it is FORMAT_UNKNOWN). Any input must give versions or a
 * clean error, never a crash, a leak, a hang or unbounded memory. Every
 * version's strings must be valid UTF-8. */
#include "formats/formats.h"
#include "text/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef FUZZ_FORMAT
#define FUZZ_FORMAT FORMAT_UNKNOWN
#endif

static void check_utf8(const char *s)
{
	if (s && !utf8_valid(s, strlen(s)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_result r;
	struct ow_err err = {0};
	struct parse_opts o = {.now = 1420848000};
	if (formats_parse(FUZZ_FORMAT, (const char *)data, size, &o, &r, &err))
		return 0;
	for (size_t i = 0; i < r.versions.n; i++) {
		const struct version *v = r.versions.v[i];
		check_utf8(v->headline);
		check_utf8(v->slug);
		check_utf8(v->byline);
		check_utf8(v->source);
		check_utf8(v->body_html);
		for (size_t k = 0; k < v->n_paras; k++)
			check_utf8(v->paras[k].text);
	}
	parse_result_free(&r);
	return 0;
}
