/* Charset conversion through glibc iconv; no hand-written tables. */
#include "text/text.h"

#include "common/ow_error.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

int charset_to_utf8(struct arena *a, const char *charset, const char *s,
		    size_t len, char **out, size_t *out_len, struct ow_err *err)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return ow_err_set(err, OW_EINVAL, "unknown charset \"%s\"",
				  charset);
	/* UTF-8 needs at most 4 bytes per input byte from any 8-bit or
	 * 16-bit charset iconv offers */
	if (len > (SIZE_MAX - 1) / 4) {
		iconv_close(cd);
		return ow_err_set(err, OW_ETOOBIG, "input too large");
	}
	size_t cap = len * 4 + 4;
	char *dst = arena_alloc(a, cap);
	if (!dst) {
		iconv_close(cd);
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	}
	char *in = (char *)s, *o = dst;
	size_t inleft = len, outleft = cap - 1;
	size_t r = iconv(cd, &in, &inleft, &o, &outleft);
	int saved = errno;
	iconv_close(cd);
	if (r == (size_t)-1) {
		size_t at = (size_t)(in - s);
		return ow_err_at(
			err, OW_EPARSE, s, at, "byte 0x%02x is not valid %s%s",
			at < len ? (unsigned char)s[at] : 0, charset,
			saved == EINVAL ? " (truncated sequence)" : "");
	}
	*o = '\0';
	*out = dst;
	*out_len = (size_t)(o - dst);
	return 0;
}

char *text_decode_8bit(struct arena *a, const char *s, size_t len,
		       const char **how)
{
	if (utf8_valid(s, len)) {
		*how = "utf-8";
		return arena_strndup(a, s, len);
	}
	char *out;
	size_t n;
	/* Windows-1252 leaves five bytes (0x81 0x8D 0x8F 0x90 0x9D) undefined;
	 * iconv rejects them, so fall back to ISO-8859-1, which maps all 256. */
	if (charset_to_utf8(a, "WINDOWS-1252", s, len, &out, &n, NULL) == 0) {
		*how = "windows-1252";
		return out;
	}
	if (charset_to_utf8(a, "ISO-8859-1", s, len, &out, &n, NULL) == 0) {
		*how = "iso-8859-1";
		return out;
	}
	*how = "utf-8 (repaired)";
	return utf8_repair(a, s, len, NULL, NULL);
}

char *text_clean_8bit(struct arena *a, const char *s, size_t len,
		      const char **how, size_t *n_ctl)
{
	char *tmp = arena_alloc(a, len + 1);
	if (!tmp)
		return NULL;
	size_t o = 0, dropped = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
		    c == 0x7F) {
			dropped++;
			continue;
		}
		tmp[o++] = (char)c;
	}
	tmp[o] = '\0';
	if (n_ctl)
		*n_ctl = dropped;
	return text_decode_8bit(a, tmp, o, how);
}
