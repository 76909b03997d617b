/* Reading whole files and streams with a size bound. The only file I/O the
 * lower layers share; the store does its own. */
#ifndef OW_FILEIO_H
#define OW_FILEIO_H

#include <stddef.h>
#include <stdio.h>

struct ow_err;

/* Reads all of `path` ("-" for stdin) into a malloc'd, NUL-terminated buffer
 * (returns owned via *out). Fails with OW_ETOOBIG past `max` bytes. */
int file_read_all(const char *path, size_t max, char **out, size_t *len,
		  struct ow_err *err);
int file_read_stream(FILE *f, size_t max, char **out, size_t *len,
		     struct ow_err *err);

#endif
