/* Names a binary file by its signature bytes, for the error detection gives
 * when no wire format claims the input ("a JPEG image, not wire copy").
 * Only the signatures a wire inbox really sees; not a general file(1). */
#include "formats/formats_int.h"

#include <string.h>

struct magic {
	size_t at; /* offset of the signature */
	const char *sig;
	size_t len;
	const char *what;
};

static const struct magic magics[] = {
	{0, "\xFF\xD8\xFF", 3, "a JPEG image"},
	{0, "\x89PNG\r\n\x1A\n", 8, "a PNG image"},
	{0, "GIF87a", 6, "a GIF image"},
	{0, "GIF89a", 6, "a GIF image"},
	{0, "II*\0", 4, "a TIFF image"},
	{0, "MM\0*", 4, "a TIFF image"},
	{8, "WEBP", 4, "a WebP image"}, /* after "RIFF" and a length */
	{0, "%PDF-", 5, "a PDF document"},
	{0, "PK\x03\x04", 4, "a ZIP archive"},
	{0, "PK\x05\x06", 4, "a ZIP archive"}, /* empty */
	{0, "\x1F\x8B", 2, "a gzip archive"},
};

const char *formats_magic(const char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof magics / sizeof *magics; i++) {
		const struct magic *m = &magics[i];
		if (len < m->at + m->len || memcmp(buf + m->at, m->sig, m->len))
			continue;
		if (m->at == 8 && memcmp(buf, "RIFF", 4))
			continue;
		return m->what;
	}
	return NULL;
}
