/* String helpers. */
#include "common/str.h"

#include <string.h>

char str_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

bool str_to_i64(const char *s, size_t len, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	if (len && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i = 1;
	}
	if (i == len)
		return false;
	uint64_t v = 0;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (UINT64_C(9223372036854775807) - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = neg ? -(int64_t)v : (int64_t)v;
	return true;
}

bool str_parse_i64(const char *s, int64_t *out)
{
	return s && str_to_i64(s, strlen(s), out);
}

bool str_starts_with_ci(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	if (n > len)
		return false;
	for (size_t i = 0; i < n; i++)
		if (str_lower(s[i]) != str_lower(prefix[i]))
			return false;
	return true;
}

bool str_eq_ci(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	for (; *a && *b; a++, b++)
		if (str_lower(*a) != str_lower(*b))
			return false;
	return *a == *b;
}

long str_find_ci(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0)
		return 0;
	for (size_t i = 0; i + n <= len; i++)
		if (str_starts_with_ci(hay + i, len - i, needle))
			return (long)i;
	return -1;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

void str_trim(const char **s, size_t *len)
{
	while (*len && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_space((*s)[*len - 1]))
		(*len)--;
}

bool str_is_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_space(s[i]))
			return false;
	return true;
}
