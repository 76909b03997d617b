/* Datelines: the place, date and source that open wire copy.
 *   BEIJING, Jan. 10 (Xinhua) -- ...
 *   SAN FRANCISCO, Calif. (AP) _ ...
 *   LONDON, March 3 - ...
 * The place must be in capitals, which is what tells a dateline from a
 * sentence that happens to contain a dash. */
#include "text/text.h"

#include "common/str.h"

#include <string.h>

#define DATELINE_MAX 160

/* Finds the dash that ends a dateline: " -- ", " - ", " _ ", " — ", " – ".
 * Returns its offset and the bytes after it to skip. */
static bool find_separator(const char *s, size_t len, size_t *at, size_t *skip)
{
	static const char *const seps[] = {
		" -- ",           " - ", " _ ", " \xE2\x80\x94 ",
		" \xE2\x80\x93 ", " --", " -",  NULL};
	size_t lim = len < DATELINE_MAX ? len : DATELINE_MAX;
	for (size_t i = 0; i < lim; i++) {
		for (const char *const *sep = seps; *sep; sep++) {
			size_t n = strlen(*sep);
			if (i + n > len || memcmp(s + i, *sep, n))
				continue;
			/* the two short forms only at the end of the input */
			if ((*sep)[n - 1] != ' ' && i + n != len)
				continue;
			*at = i;
			*skip = n;
			return true;
		}
	}
	return false;
}

/* Mostly capitals: letters present, no ASCII lowercase except after a
 * "Mc"-style capital ("McALLEN") or in a short state abbreviation. */
static bool is_place(const char *s, size_t len)
{
	int upper = 0, lower = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			upper++;
		else if (c >= 'a' && c <= 'z')
			lower++;
		else if ((unsigned char)c >= 0x80)
			upper++; /* accented capitals: SÃO PAULO */
		else if (c != ' ' && c != '.' && c != '-' && c != '\'' &&
			 c != '/')
			return false;
	}
	return upper >= 2 && lower <= upper / 4 && s[0] != ' ' &&
	       !(s[0] >= 'a' && s[0] <= 'z');
}

static bool looks_like_date(const char *s, size_t len)
{
	str_trim(&s, &len);
	size_t w = 0;
	while (w < len && s[w] != ' ')
		w++;
	if (!time_month(s, w))
		return false;
	/* "Jan. 10" or "March 3": a month and a day number */
	size_t i = w;
	while (i < len && s[i] == ' ')
		i++;
	size_t d = i;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i > d && i - d <= 2;
}

bool dateline_parse(struct arena *a, const char *s, size_t len,
		    struct dateline *d, size_t *consumed)
{
	memset(d, 0, sizeof *d);
	size_t at, skip;
	if (!find_separator(s, len, &at, &skip))
		return false;
	const char *p = s;
	size_t pl = at;
	str_trim(&p, &pl);
	if (!pl)
		return false;
	/* "(Xinhua)" at the end is the source */
	const char *src = NULL;
	size_t srcl = 0;
	if (p[pl - 1] == ')') {
		size_t open = pl - 1;
		while (open > 0 && p[open] != '(')
			open--;
		if (p[open] != '(' || pl - open - 2 == 0 || pl - open - 2 > 40)
			return false;
		src = p + open + 1;
		srcl = pl - open - 2;
		pl = open;
		str_trim(&p, &pl);
	}
	/* PLACE[, State][, Date] */
	const char *parts[3];
	size_t partl[3];
	int np = 0;
	size_t st = 0;
	for (size_t i = 0; i <= pl && np < 3; i++) {
		if (i == pl || p[i] == ',') {
			parts[np] = p + st;
			partl[np] = i - st;
			str_trim(&parts[np], &partl[np]);
			np++;
			st = i + 1;
		}
	}
	if (np == 0 || st <= pl || !is_place(parts[0], partl[0]))
		return false;
	const char *date = NULL;
	size_t datel = 0;
	size_t placel = partl[0];
	if (np >= 2 && looks_like_date(parts[np - 1], partl[np - 1])) {
		date = parts[np - 1];
		datel = partl[np - 1];
		if (np == 3)
			placel = (size_t)(parts[1] + partl[1] - parts[0]);
	} else if (np >= 2) {
		/* "SAN FRANCISCO, Calif." : the state belongs to the place */
		if (np == 3 || partl[1] > 16)
			return false;
		placel = (size_t)(parts[1] + partl[1] - parts[0]);
	}
	if (!src && !date)
		return false; /* a capitalised phrase and a dash is not enough */
	d->place = arena_strndup(a, parts[0], placel);
	d->date = date ? arena_strndup(a, date, datel) : NULL;
	d->source = src ? arena_strndup(a, src, srcl) : NULL;
	*consumed = at + skip;
	while (*consumed < len && s[*consumed] == ' ')
		(*consumed)++;
	return d->place != NULL;
}
