/* Error codes shared by every layer, and the error context that carries the
 * message, byte offset and line of a failure. Not for HTTP: serve/ maps codes
 * to statuses in one table. */
#ifndef OW_ERROR_H
#define OW_ERROR_H

#include <stddef.h>

enum {
	OW_OK = 0,
	OW_ENOMEM = -1,    /* allocation failed */
	OW_EINVAL = -2,    /* caller passed something invalid */
	OW_EPARSE = -3,    /* input could not be parsed */
	OW_ETOOBIG = -4,   /* a size bound was exceeded */
	OW_ENOTFOUND = -5, /* no such story, version, file */
	OW_EIO = -6,       /* reading or writing failed */
	OW_ESTORE = -7,    /* the database refused */
	OW_EGONE = -8,     /* the story was killed */
	OW_EUNSUPPORTED =
		-9, /* recognised, but not something we ingest (a picture) */
	OW_EUNAVAIL = -10, /* a backend is down; retry later */
	OW_EFORBIDDEN = -11,
	OW_EAUTH = -12,
};

/* Where a failure happened and why. `line` and `offset` are 0-based byte
 * offset and 1-based line into the input; line 0 means unknown. */
struct ow_err {
	int code;
	size_t offset;
	int line;
	char msg[256];
};

/* Records an error; returns `code` so callers can `return ow_err_set(...)`. */
int ow_err_set(struct ow_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Same, with the position of the failure inside `buf`: the line is counted. */
int ow_err_at(struct ow_err *e, int code, const char *buf, size_t off,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void ow_err_clear(struct ow_err *e);
/* A static name for an error code ("parse error"). */
const char *ow_strerror(int code);

#endif
