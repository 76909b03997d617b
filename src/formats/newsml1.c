/* PLACEHOLDER: newsml1 parser, being written. Detects nothing yet. */
#include "formats/formats_int.h"

int newsml1_probe(const char *buf, size_t len)
{
	(void)buf;
	(void)len;
	return 0;
}

int newsml1_parse(const char *buf, size_t len, const struct parse_opts *o,
		  struct parse_result *r, struct ow_err *err)
{
	(void)buf;
	(void)len;
	(void)o;
	(void)r;
	return ow_err_set(err, OW_EUNSUPPORTED,
			  "newsml1: parser not written yet");
}
