/* Small string helpers the standard library lacks: bounded integer parsing
 * (atoi is banned), ASCII case folding, trimming. Pure functions; no I/O. */
#ifndef OW_STR_H
#define OW_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parses a whole decimal integer; false on junk, overflow or empty input. */
bool str_to_i64(const char *s, size_t len, int64_t *out);
/* Like str_to_i64 on a NUL-terminated string. */
bool str_parse_i64(const char *s, int64_t *out);
bool str_starts_with_ci(const char *s, size_t len, const char *prefix);
bool str_eq_ci(const char *a, const char *b);
/* Index of needle in hay (case-insensitive ASCII), or -1. */
long str_find_ci(const char *hay, size_t len, const char *needle);
/* Trims ASCII whitespace at both ends: adjusts *s and *len. */
void str_trim(const char **s, size_t *len);
bool str_is_blank(const char *s, size_t len);
char str_lower(char c);

#endif
