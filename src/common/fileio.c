/* Bounded whole-file reads. */
#include "common/fileio.h"
#include "common/buf.h"
#include "common/ow_error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int file_read_stream(FILE *f, size_t max, char **out, size_t *len,
		     struct ow_err *err)
{
	struct buf b;
	buf_init(&b, max);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_append(&b, chunk, n))
			break;
	if (b.err == OW_ETOOBIG) {
		buf_free(&b);
		return ow_err_set(err, OW_ETOOBIG,
				  "input is larger than the limit of %zu bytes",
				  max);
	}
	if (b.err || ferror(f)) {
		int rc = b.err ? b.err : OW_EIO;
		buf_free(&b);
		return ow_err_set(err, rc, "reading input failed: %s",
				  rc == OW_EIO ? strerror(errno)
					       : ow_strerror(rc));
	}
	*out = buf_detach(&b, len);
	if (!*out)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	return 0;
}

int file_read_all(const char *path, size_t max, char **out, size_t *len,
		  struct ow_err *err)
{
	if (strcmp(path, "-") == 0)
		return file_read_stream(stdin, max, out, len, err);
	FILE *f = fopen(path, "rb");
	if (!f)
		return ow_err_set(err, OW_EIO, "cannot open %s: %s", path,
				  strerror(errno));
	int rc = file_read_stream(f, max, out, len, err);
	fclose(f);
	return rc;
}
