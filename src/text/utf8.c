/* UTF-8 validation and repair (RFC 3629: no overlongs, no surrogates, nothing
 * past U+10FFFF). */
#include "text/text.h"

#include <string.h>

/* Length of the valid sequence at s, or 0 if invalid. */
static size_t seq_len(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	size_t n;
	unsigned lo = 0x80, hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;
		if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;
		if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (len < n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return n;
}

bool utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		size_t n = seq_len(p + i, len - i);
		if (!n)
			return false;
		i += n;
	}
	return true;
}

size_t utf8_bom(const char *s, size_t len)
{
	return len >= 3 && (unsigned char)s[0] == 0xEF &&
			       (unsigned char)s[1] == 0xBB &&
			       (unsigned char)s[2] == 0xBF
		       ? 3
		       : 0;
}

char *utf8_repair(struct arena *a, const char *s, size_t len, size_t *n_bad,
		  size_t *n_ctl)
{
	size_t bad = 0, ctl = 0;
	if (len > (SIZE_MAX - 1) / 3)
		return NULL;
	char *out = arena_alloc(a, len * 3 + 1); /* each bad byte -> 3 bytes */
	if (!out)
		return NULL;
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		size_t n = seq_len(p + i, len - i);
		if (!n) {
			out[o++] = (char)0xEF;
			out[o++] = (char)0xBF;
			out[o++] = (char)0xBD;
			bad++;
			i++;
			continue;
		}
		if (n == 1 && p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' &&
		    p[i] != '\r') {
			ctl++;
			i++;
			continue;
		}
		if (n == 1 && p[i] == 0x7F) {
			ctl++;
			i++;
			continue;
		}
		memcpy(out + o, p + i, n);
		o += n;
		i += n;
	}
	out[o] = '\0';
	if (n_bad)
		*n_bad = bad;
	if (n_ctl)
		*n_ctl = ctl;
	return out;
}
