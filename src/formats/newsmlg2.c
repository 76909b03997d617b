/* PLACEHOLDER: newsmlg2 parser, being written. Detects nothing yet. */
#include "formats/formats_int.h"

int newsmlg2_probe(const char *buf, size_t len)
{
	(void)buf;
	(void)len;
	return 0;
}

int newsmlg2_parse(const char *buf, size_t len, const struct parse_opts *o,
		   struct parse_result *r, struct ow_err *err)
{
	(void)buf;
	(void)len;
	(void)o;
	(void)r;
	return ow_err_set(err, OW_EUNSUPPORTED,
			  "newsmlg2: parser not written yet");
}
