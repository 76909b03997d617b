/* PLACEHOLDER: rss parser, being written. Detects nothing yet. */
#include "formats/formats_int.h"

int rss_probe(const char *buf, size_t len)
{
	(void)buf;
	(void)len;
	return 0;
}

int rss_parse(const char *buf, size_t len, const struct parse_opts *o,
	      struct parse_result *r, struct ow_err *err)
{
	(void)buf;
	(void)len;
	(void)o;
	(void)r;
	return ow_err_set(err, OW_EUNSUPPORTED, "rss: parser not written yet");
}

int atom_probe(const char *buf, size_t len)
{
	(void)buf;
	(void)len;
	return 0;
}

int atom_parse(const char *buf, size_t len, const struct parse_opts *o,
	       struct parse_result *r, struct ow_err *err)
{
	(void)buf;
	(void)len;
	(void)o;
	(void)r;
	return ow_err_set(err, OW_EUNSUPPORTED, "atom: parser not written yet");
}
