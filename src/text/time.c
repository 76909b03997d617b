/* Parsing the many ways wires write times, all normalised to UTC seconds.
 * Calendar arithmetic is Howard Hinnant's days_from_civil, so no timegm and
 * no TZ environment are involved, except in time_parse_iso_in_zone, which
 * asks the system tz database for a named zone's offset. */
#include "text/text.h"

#include "common/str.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int64_t time_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe =
		(doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

void time_format_rfc3339(int64_t t, char *out, size_t n)
{
	int64_t days = t / 86400, rem = t % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	int64_t y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	snprintf(out, n, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m, d,
		 (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool valid_date(int y, int m, int d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= mdays[m - 1];
}

static int64_t make_time(int y, int mo, int d, int h, int mi, int s)
{
	return time_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	       h * 3600 + mi * 60 + s;
}

/* "Z", "+01:00", "+0100", "-05", " GMT", " UTC"; returns bytes used or -1. */
static int parse_zone(const char *s, int *offset_sec, bool *had)
{
	size_t i = 0;
	while (s[i] == ' ')
		i++;
	if (s[i] == 'Z' || s[i] == 'z') {
		*offset_sec = 0;
		*had = true;
		return (int)i + 1;
	}
	if (!strncmp(s + i, "GMT", 3) || !strncmp(s + i, "UTC", 3)) {
		*offset_sec = 0;
		*had = true;
		return (int)i + 3;
	}
	if (!strncmp(s + i, "UT", 2)) {
		*offset_sec = 0;
		*had = true;
		return (int)i + 2;
	}
	if (s[i] == '+' || s[i] == '-') {
		int sign = s[i] == '-' ? -1 : 1, hh, mm = 0;
		if (!digits(s + i + 1, 2, &hh))
			return -1;
		size_t j = i + 3;
		if (s[j] == ':')
			j++;
		if (digits(s + j, 2, &mm))
			j += 2;
		if (hh > 23 || mm > 59)
			return -1;
		*offset_sec = sign * (hh * 3600 + mm * 60);
		*had = true;
		return (int)j;
	}
	*had = false;
	*offset_sec = 0;
	return 0;
}

bool time_parse_iso(const char *s, int64_t *out, bool *had_zone)
{
	if (!s)
		return false;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	int y, mo, d, h = 0, mi = 0, se = 0;
	size_t i;
	if (!digits(s, 4, &y))
		return false;
	if (s[4] == '-') {
		if (!digits(s + 5, 2, &mo) || s[7] != '-' ||
		    !digits(s + 8, 2, &d))
			return false;
		i = 10;
	} else {
		if (!digits(s + 4, 2, &mo) || !digits(s + 6, 2, &d))
			return false;
		i = 8;
	}
	if (!valid_date(y, mo, d))
		return false;
	bool had = false;
	int off = 0;
	if (s[i] == 'T' || s[i] == 't' ||
	    (s[i] == ' ' && s[i + 1] >= '0' && s[i + 1] <= '9')) {
		i++;
		if (!digits(s + i, 2, &h))
			return false;
		i += 2;
		if (s[i] == ':')
			i++;
		if (!digits(s + i, 2, &mi))
			return false;
		i += 2;
		if (s[i] == ':')
			i++;
		if (digits(s + i, 2, &se)) {
			i += 2;
			if (s[i] == '.' || s[i] == ',') {
				i++;
				while (s[i] >= '0' && s[i] <= '9')
					i++;
			}
		}
		if (h > 24 || mi > 59 || se > 60)
			return false;
		if (se == 60)
			se = 59; /* leap second: close enough for a wire */
		int z = parse_zone(s + i, &off, &had);
		if (z < 0)
			return false;
		i += (size_t)z;
	} else {
		had = true; /* a bare date is a calendar day, not a local time */
	}
	while (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')
		i++;
	if (s[i] != '\0')
		return false;
	*out = make_time(y, mo, d, h, mi, se) - off;
	if (had_zone)
		*had_zone = had;
	return true;
}

int time_month(const char *s, size_t len)
{
	static const char *const names[] = {"january", "february", "march",
					    "april",   "may",      "june",
					    "july",    "august",   "september",
					    "october", "november", "december"};
	while (len && (s[len - 1] == '.' || s[len - 1] == ','))
		len--;
	if (len < 3)
		return 0;
	for (int m = 0; m < 12; m++)
		if (len <= strlen(names[m])) {
			/* s must be a prefix of the month's name: "Sept." */
			size_t i = 0;
			while (i < len && str_lower(s[i]) == names[m][i])
				i++;
			if (i == len)
				return m + 1;
		}
	return 0;
}

/* Splits off the next word of s[*i..len): letters, digits, '.' and ':'. */
static bool next_word(const char *s, size_t len, size_t *i, const char **w,
		      size_t *wl)
{
	while (*i < len && (s[*i] == ' ' || s[*i] == ',' || s[*i] == '\t'))
		(*i)++;
	if (*i >= len)
		return false;
	size_t st = *i;
	while (*i < len && s[*i] != ' ' && s[*i] != ',' && s[*i] != '\t')
		(*i)++;
	*w = s + st;
	*wl = *i - st;
	return true;
}

bool time_parse_written(const char *s, size_t len, int64_t *out)
{
	const char *w[4];
	size_t wl[4], i = 0;
	int nw = 0;
	while (nw < 4 && next_word(s, len, &i, &w[nw], &wl[nw]))
		nw++;
	if (nw != 3 || next_word(s, len, &i, &w[0], &wl[0]))
		return false;
	int64_t d, y;
	int m;
	if ((m = time_month(w[0], wl[0])) && str_to_i64(w[1], wl[1], &d) &&
	    str_to_i64(w[2], wl[2], &y)) {
		/* January 10, 2015 */
	} else if ((m = time_month(w[1], wl[1])) &&
		   str_to_i64(w[0], wl[0], &d) && str_to_i64(w[2], wl[2], &y)) {
		/* 10 January 2015 */
	} else {
		return false;
	}
	if (y < 1000 || y > 9999 || !valid_date((int)y, m, (int)d))
		return false;
	*out = make_time((int)y, m, (int)d, 0, 0, 0);
	return true;
}

bool time_parse_rfc822(const char *s, int64_t *out, bool *had_zone)
{
	if (!s)
		return false;
	size_t len = strlen(s), i = 0;
	const char *w;
	size_t wl;
	if (!next_word(s, len, &i, &w, &wl))
		return false;
	if (wl >= 3 && !(w[0] >= '0' && w[0] <= '9')) {
		/* day name: "Sat," */
		if (!next_word(s, len, &i, &w, &wl))
			return false;
	}
	int64_t d, y;
	if (!str_to_i64(w, wl, &d))
		return false;
	if (!next_word(s, len, &i, &w, &wl))
		return false;
	int m = time_month(w, wl);
	if (!m || !next_word(s, len, &i, &w, &wl) || !str_to_i64(w, wl, &y))
		return false;
	if (y < 100)
		y += y < 50 ? 2000 : 1900;
	int h = 0, mi = 0, se = 0;
	if (!next_word(s, len, &i, &w, &wl))
		return false;
	if (wl < 5 || !digits(w, 2, &h) || w[2] != ':' ||
	    !digits(w + 3, 2, &mi))
		return false;
	if (wl >= 8 && w[5] == ':' && !digits(w + 6, 2, &se))
		return false;
	if (!valid_date((int)y, m, (int)d) || h > 23 || mi > 59 || se > 60)
		return false;
	int off = 0;
	bool had = false;
	while (i < len && s[i] == ' ')
		i++;
	if (i < len) {
		static const struct {
			const char *n;
			int h;
		} zones[] = {{"EST", -5}, {"EDT", -4}, {"CST", -6},
			     {"CDT", -5}, {"MST", -7}, {"MDT", -6},
			     {"PST", -8}, {"PDT", -7}};
		bool named = false;
		for (size_t z = 0; z < sizeof zones / sizeof *zones; z++)
			if (!strncmp(s + i, zones[z].n, 3)) {
				off = zones[z].h * 3600;
				had = named = true;
			}
		if (!named && parse_zone(s + i, &off, &had) < 0)
			return false;
	}
	*out = make_time((int)y, m, (int)d, h, mi, se > 59 ? 59 : se) - off;
	if (had_zone)
		*had_zone = had;
	return true;
}

bool time_parse_any(const char *s, int64_t *out, bool *had_zone)
{
	if (!s)
		return false;
	if (time_parse_iso(s, out, had_zone) ||
	    time_parse_rfc822(s, out, had_zone))
		return true;
	if (time_parse_written(s, strlen(s), out)) {
		if (had_zone)
			*had_zone = true;
		return true;
	}
	return false;
}

/* -------------------------------------------------- local time in a zone */

/* A zone name as the tz database spells them ("America/Argentina/Salta",
 * "Etc/GMT+5"): nothing that could walk out of the zoneinfo directory. */
static bool zone_name_ok(const char *tz)
{
	size_t n = strlen(tz);
	if (!n || n > 64 || tz[0] == '/' || strstr(tz, ".."))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = tz[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '/' || c == '_' ||
		      c == '-' || c == '+'))
			return false;
	}
	return true;
}

/* glibc quietly treats an unknown TZ as UTC, so the file is checked first. */
static bool zone_known(const char *tz)
{
	const char *dir = getenv("TZDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/%s",
		 dir && *dir ? dir : "/usr/share/zoneinfo", tz);
	return access(path, R_OK) == 0;
}

static bool gmtoff_at(time_t t, long *off)
{
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return false;
	*off = tm.tm_gmtoff;
	return true;
}

/* The last answer, so a message of many items stamped alike does not
 * switch TZ (and re-read the zone file) for each: an offset holds for a
 * whole quarter hour of wall time, since zones change on such boundaries. */
static struct {
	char tz[65];
	int64_t quarter;
	long off;
} zone_memo;
static pthread_mutex_t zone_lock = PTHREAD_MUTEX_INITIALIZER;

static bool zone_offset(const char *tz, int64_t wall, long *off)
{
	const char *old = getenv("TZ");
	char *saved = old ? strdup(old) : NULL;
	if ((old && !saved) || setenv("TZ", tz, 1)) {
		free(saved);
		return false;
	}
	tzset();
	/* the offset in force at the wall time read as UTC, then at the
	 * instant that gives: two steps settle it except inside a DST gap,
	 * where the later offset is as good as any */
	long off1 = 0;
	bool ok = gmtoff_at((time_t)wall, &off1) &&
		  gmtoff_at((time_t)(wall - off1), off);
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	return ok;
}

bool time_parse_iso_in_zone(const char *s, const char *tz, int64_t *out)
{
	int64_t wall;
	bool had = false;
	if (!time_parse_iso(s, &wall, &had))
		return false;
	if (had) {
		*out = wall;
		return true;
	}
	if (!tz || !zone_name_ok(tz))
		return false;
	int64_t quarter = wall >= 0 ? wall / 900 : (wall - 899) / 900;
	long off = 0;
	pthread_mutex_lock(&zone_lock);
	bool ok = !strcmp(zone_memo.tz, tz) && zone_memo.quarter == quarter;
	if (ok) {
		off = zone_memo.off;
	} else if (zone_known(tz) && zone_offset(tz, wall, &off)) {
		ok = true;
		snprintf(zone_memo.tz, sizeof zone_memo.tz, "%s", tz);
		zone_memo.quarter = quarter;
		zone_memo.off = off;
	}
	pthread_mutex_unlock(&zone_lock);
	if (ok)
		*out = wall - off;
	return ok;
}

/* ---------------------------------------------------- wire trailer stamps */

/* Offsets of the zones wire trailers name, in hours. */
static bool wire_zone(const char *s, size_t n, int *off_sec)
{
	static const struct {
		const char *name;
		int hours;
	} zones[] = {{"GMT", 0},  {"UTC", 0},  {"UT", 0},   {"Z", 0},
		     {"EST", -5}, {"EDT", -4}, {"CST", -6}, {"CDT", -5},
		     {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7},
		     {"CET", 1},  {"MEZ", 1},  {"CEST", 2}, {"MESZ", 2}};
	for (size_t i = 0; i < sizeof zones / sizeof *zones; i++)
		if (strlen(zones[i].name) == n &&
		    str_starts_with_ci(s, n, zones[i].name)) {
			*off_sec = zones[i].hours * 3600;
			return true;
		}
	return false;
}

/* English month names through time_month; German ones as dpa writes them. */
static int wire_month(const char *s, size_t n)
{
	int m = time_month(s, n);
	if (m)
		return m;
	static const struct {
		const char *name;
		int month;
	} de[] = {{"mrz", 3},  {"m\xC3\xA4r", 3}, {"maer", 3}, {"mai", 5},
		  {"okt", 10}, {"dez", 12},       {"juni", 6}, {"juli", 7}};
	while (n && s[n - 1] == '.')
		n--;
	for (size_t i = 0; i < sizeof de / sizeof *de; i++)
		if (strlen(de[i].name) == n &&
		    str_starts_with_ci(s, n, de[i].name))
			return de[i].month;
	return 0;
}

static size_t wire_word(const char *s, size_t len, size_t i, size_t *end)
{
	while (i < len && s[i] == ' ')
		i++;
	size_t j = i;
	while (j < len && s[j] != ' ')
		j++;
	*end = j;
	return i;
}

/* The year that puts month/day/time nearest `now`. */
static bool wire_nearest_year(int64_t now, int mo, int d, int h, int mi,
			      int64_t *out)
{
	if (now <= 0)
		return false;
	int64_t y;
	unsigned m_now, d_now;
	civil_from_days(now / 86400, &y, &m_now, &d_now);
	bool found = false;
	int64_t best = 0, best_gap = 0;
	for (int64_t cy = y - 1; cy <= y + 1; cy++) {
		if (!valid_date((int)cy, mo, d))
			continue;
		int64_t t = make_time((int)cy, mo, d, h, mi, 0);
		int64_t gap = t > now ? t - now : now - t;
		if (!found || gap < best_gap) {
			best = t;
			best_gap = gap;
			found = true;
		}
	}
	*out = best;
	return found;
}

bool time_parse_wire_stamp(const char *s, size_t len, int64_t now, int64_t *out,
			   bool *had_zone)
{
	str_trim(&s, &len);
	while (len && (s[len - 1] == '<' || s[len - 1] == ' '))
		len--;
	int y = -1, mo, d, h, mi, off = 0;
	bool had = false;
	size_t i = 0, e;
	if (len >= 6 && digits(s, 6, &d) && (len == 6 || s[6] == ' ')) {
		/* DDHHMM [zone] Month [YY] */
		h = d / 100 % 100;
		mi = d % 100;
		d /= 10000;
		i = wire_word(s, len, 6, &e);
		if (i < len && !wire_month(s + i, e - i)) {
			if (!wire_zone(s + i, e - i, &off))
				return false;
			had = true;
			i = wire_word(s, len, e, &e);
		}
		if (i >= len || !(mo = wire_month(s + i, e - i)))
			return false;
		i = wire_word(s, len, e, &e);
		if (i < len) {
			int64_t yy;
			if (!str_to_i64(s + i, e - i, &yy) || yy < 0 ||
			    yy > 9999 || (e - i != 2 && e - i != 4) ||
			    wire_word(s, len, e, &e) < len)
				return false;
			y = yy < 100 ? (int)(yy < 70 ? 2000 + yy : 1900 + yy)
				     : (int)yy;
		}
	} else {
		/* AP-NY-01-10-15 1532GMT: desk codes, then the date */
		int groups = 0;
		while (groups < 3 && i < len && !(s[i] >= '0' && s[i] <= '9')) {
			size_t st = i;
			while (i < len && ((s[i] >= 'A' && s[i] <= 'Z') ||
					   (s[i] >= 'a' && s[i] <= 'z')))
				i++;
			if (i == st || i - st > 6 || i >= len || s[i] != '-')
				return false;
			i++;
			groups++;
		}
		if (!groups || len - i < 13 || !digits(s + i, 2, &mo) ||
		    s[i + 2] != '-' || !digits(s + i + 3, 2, &d) ||
		    s[i + 5] != '-' || !digits(s + i + 6, 2, &y) ||
		    s[i + 8] != ' ' || !digits(s + i + 9, 4, &h))
			return false;
		y += y < 70 ? 2000 : 1900;
		mi = h % 100;
		h /= 100;
		i += 13;
		while (i < len && s[i] == ' ')
			i++;
		if (i < len) {
			if (!wire_zone(s + i, len - i, &off))
				return false;
			had = true;
		}
	}
	if (h > 23 || mi > 59)
		return false;
	int64_t t;
	if (y < 0) {
		if (!wire_nearest_year(now, mo, d, h, mi, &t))
			return false;
	} else {
		if (!valid_date(y, mo, d))
			return false;
		t = make_time(y, mo, d, h, mi, 0);
	}
	*out = t - off;
	if (had_zone)
		*had_zone = had;
	return true;
}
