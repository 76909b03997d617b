/* PLACEHOLDER: anpa parser, being written. Detects nothing yet. */
#include "formats/formats_int.h"

int anpa_probe(const char *buf, size_t len)
{
	(void)buf;
	(void)len;
	return 0;
}

int anpa_parse(const char *buf, size_t len, const struct parse_opts *o,
	       struct parse_result *r, struct ow_err *err)
{
	(void)buf;
	(void)len;
	(void)o;
	(void)r;
	return ow_err_set(err, OW_EUNSUPPORTED, "anpa: parser not written yet");
}
