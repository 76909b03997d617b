/* Error context helpers: formatting messages and locating byte offsets. */
#include "common/ow_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ow_err_clear(struct ow_err *e)
{
	if (!e)
		return;
	e->code = 0;
	e->offset = 0;
	e->line = 0;
	e->msg[0] = '\0';
}

int ow_err_set(struct ow_err *e, int code, const char *fmt, ...)
{
	if (!e)
		return code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	e->code = code;
	e->offset = 0;
	e->line = 0;
	return code;
}

int ow_err_at(struct ow_err *e, int code, const char *buf, size_t off,
	      const char *fmt, ...)
{
	if (!e)
		return code;
	char what[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	int line = 1;
	for (size_t i = 0; buf && i < off; i++)
		if (buf[i] == '\n')
			line++;
	e->code = code;
	e->offset = off;
	e->line = line;
	snprintf(e->msg, sizeof e->msg, "line %d (byte %zu): %s", line, off,
		 what);
	return code;
}

const char *ow_strerror(int code)
{
	switch (code) {
	case OW_OK: return "ok";
	case OW_ENOMEM: return "out of memory";
	case OW_EINVAL: return "invalid argument";
	case OW_EPARSE: return "parse error";
	case OW_ETOOBIG: return "too large";
	case OW_ENOTFOUND: return "not found";
	case OW_EIO: return "i/o error";
	case OW_ESTORE: return "store error";
	case OW_EGONE: return "gone";
	case OW_EUNSUPPORTED: return "unsupported item";
	case OW_EUNAVAIL: return "unavailable";
	case OW_EFORBIDDEN: return "forbidden";
	case OW_EAUTH: return "unauthorized";
	}
	return "unknown error";
}
