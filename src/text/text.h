/* Text handling shared by the parsers: UTF-8 validation and repair, charset
 * conversion through iconv, times, paragraphs, end markers and datelines.
 * Knows the model's types; knows nothing of formats or storage.
 * Returned strings live in the arena passed in. */
#ifndef OW_TEXT_H
#define OW_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

struct ow_err;

/* ------------------------------------------------------------------ UTF-8 */

bool utf8_valid(const char *s, size_t len);
/* A copy that is valid UTF-8: invalid sequences become U+FFFD and are
 * counted in *n_bad; NUL and C0 controls other than tab, LF and CR are
 * dropped and counted in *n_ctl (either may be NULL). */
char *utf8_repair(struct arena *a, const char *s, size_t len, size_t *n_bad,
		  size_t *n_ctl);
/* Length of a UTF-8 BOM at s (0 or 3). */
size_t utf8_bom(const char *s, size_t len);

/* ---------------------------------------------------------------- charset */

/* Converts from `charset` (any name iconv knows) to UTF-8 into the arena.
 * Fails with OW_EPARSE naming the byte offset when the input does not fit the
 * charset, OW_EINVAL when iconv does not know it. */
int charset_to_utf8(struct arena *a, const char *charset, const char *s,
		    size_t len, char **out, size_t *out_len,
		    struct ow_err *err);
/* 8-bit wire text (ANPA, IPTC 7901, plain text): kept when it is valid UTF-8,
 * else read as Windows-1252 (a superset of ISO-8859-1's printable range).
 * *how is set to "utf-8" or "windows-1252". Returns NULL on OOM. */
char *text_decode_8bit(struct arena *a, const char *s, size_t len,
		       const char **how);

/* The same for text that may hold NUL and other C0 control bytes (hostile
 * or broken input): they are dropped first (tab, LF, CR kept) and counted in
 * *n_ctl, so the result is a NUL-free C string. */
char *text_clean_8bit(struct arena *a, const char *s, size_t len,
		      const char **how, size_t *n_ctl);

/* ------------------------------------------------------------------ times */

/* ISO 8601 / RFC 3339 and their wire variants: "2015-01-10T08:12:00Z",
 * "+0000" offsets, "20150110T081200", "2015-01-10". *had_zone says whether
 * an offset was given (without one the time is read as UTC). */
bool time_parse_iso(const char *s, int64_t *out, bool *had_zone);
/* RFC 822/1123 as RSS writes it: "Sat, 10 Jan 2015 08:12:00 GMT". */
bool time_parse_rfc822(const char *s, int64_t *out, bool *had_zone);
/* Written dates: "January 10, 2015", "Jan. 10, 2015", "10 January 2015". */
bool time_parse_written(const char *s, size_t len, int64_t *out);
/* Any of the above. */
bool time_parse_any(const char *s, int64_t *out, bool *had_zone);
/* time_parse_iso, with a time that carries no offset read as a local time in
 * the IANA zone `tz` ("Pacific/Auckland") from the system tz database. False
 * when s is no date-time or the zone is not in the database. Serialised on
 * a mutex; briefly sets TZ, so it is not for code that reads TZ itself. */
bool time_parse_iso_in_zone(const char *s, const char *tz, int64_t *out);
/* A transmission stamp closing wire copy (ANPA, IPTC 7901 trailers):
 * "AP-NY-01-10-15 1532GMT" (desk codes, MM-DD-YY, HHMM, zone) or
 * "101532 GMT Jan 15" / "101532 Okt 15" / "101532 GMT Jan" (DDHHMM, zone,
 * month in English or German, optional YY). A missing year is the one that
 * puts the time nearest `now` (false when now is 0). *had_zone says whether
 * a zone was named; without one the time is read as UTC. */
bool time_parse_wire_stamp(const char *s, size_t len, int64_t now, int64_t *out,
			   bool *had_zone);
/* Month number 1..12 from a name or abbreviation ("Jan", "Sept."), else 0. */
int time_month(const char *s, size_t len);
/* "2015-01-10T08:12:00Z" into out (at least 21 bytes). */
void time_format_rfc3339(int64_t t, char *out, size_t n);
/* days_from_civil: calendar date to days since 1970-01-01. */
int64_t time_days_from_civil(int64_t y, unsigned m, unsigned d);

/* ------------------------------------------------------------- paragraphs */

/* True when a line is an end marker ("Endit", "ENDS", "(END)", "-0-",
 * "AP-NY-01-10-15 1532GMT"). */
bool text_is_end_marker(const char *line, size_t len);
/* Strips an end marker that closes a paragraph ("... said. Enditem").
 * Adjusts *len; returns true if one was removed. */
bool text_strip_trailing_marker(const char *s, size_t *len);
/* Splits plain text into paragraphs on blank lines (or on indented lines
 * when `indent_breaks`), joins wrapped lines with single spaces, drops end
 * markers, and appends the paragraphs to v. */
int text_add_paras(struct arena *a, struct version *v, const char *s,
		   size_t len, bool indent_breaks);
/* Collapses runs of whitespace to one space and trims; returns arena copy. */
char *text_squash(struct arena *a, const char *s, size_t len);

/* --------------------------------------------------------------- dateline */

/* Reads a dateline opening a paragraph: "BEIJING, Jan. 10 (Xinhua) --",
 * "ATLANTA (AP) _", "LONDON, March 3 -". On success fills *d and sets
 * *consumed to the bytes up to the start of the text after it. */
bool dateline_parse(struct arena *a, const char *s, size_t len,
		    struct dateline *d, size_t *consumed);

#endif

/* ------------------------------------------------------------------- HTML */

/* Reads an HTML (or XHTML) fragment from an agency body: appends its
 * paragraphs as plain text to v (PARA_PRE for <pre> and tables) and sets
 * v->body_html to a sanitised copy that keeps only p, br, b, i, em, strong,
 * a with an http(s) href, ul, ol, li, table parts and pre. Scripts, styles,
 * event handlers and every other element are dropped (their text kept, except
 * for script and style). No network, no entity loading. */
int html_to_body(struct arena *a, struct version *v, const char *html,
		 size_t len, struct ow_err *err);
/* Escapes text for HTML element content and attribute values. */
int html_escape(struct arena *a, const char *s, size_t len, char **out);
