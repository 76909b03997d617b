/* PLACEHOLDER: nitf parser, being written. Detects nothing yet. */
#include "formats/xml.h"

int nitf_probe(const char *buf, size_t len)
{
	(void)buf;
	(void)len;
	return 0;
}

int nitf_parse(const char *buf, size_t len, const struct parse_opts *o,
	       struct parse_result *r, struct ow_err *err)
{
	(void)buf;
	(void)len;
	(void)o;
	(void)r;
	return ow_err_set(err, OW_EUNSUPPORTED, "nitf: parser not written yet");
}

int nitf_read_inline(struct parse_result *r, struct version *v, xmlNode *node,
		     struct ow_err *err)
{
	(void)r;
	(void)v;
	(void)node;
	(void)err;
	return 0;
}
