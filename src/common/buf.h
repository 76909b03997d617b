/* A growable byte buffer with a maximum size fixed at creation and a sticky
 * error: append freely, check once at the end (curl's dynbuf, sqlite3_str).
 * The contents are always NUL-terminated. */
#ifndef OW_BUF_H
#define OW_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *p;
	size_t len, cap, max;
	int err; /* 0, OW_ENOMEM or OW_ETOOBIG; once set, appends do nothing */
};

void buf_init(struct buf *b, size_t max);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hands the bytes to the caller (returns owned, free()); the buf is reset. */
char *buf_detach(struct buf *b, size_t *len);

#endif
