/* Helpers the NITF and NewsML 1.2 parsers share: charset repair before
 * libxml2 sees the bytes, norm dates, written datelines, bylines, sign-off
 * lines. No tree walking here (nitf_body.c), no format logic (nitf.c,
 * newsml1.c). */
#include "formats/nitf_int.h"

#include "common/str.h"

#include <string.h>

/* ----------------------------------------------------------------- charset */

/* The value of encoding="..." in an XML declaration: [*vs, *ve). */
static bool decl_encoding(const char *buf, size_t len, size_t *vs, size_t *ve)
{
	size_t i = utf8_bom(buf, len);
	if (len - i < 5 || memcmp(buf + i, "<?xml", 5))
		return false;
	size_t lim = len - i < 512 ? len : i + 512, end = i + 5;
	while (end + 1 < lim && !(buf[end] == '?' && buf[end + 1] == '>'))
		end++;
	long at = str_find_ci(buf + i, end - i, "encoding");
	if (at < 0)
		return false;
	size_t j = i + (size_t)at + 8;
	while (j < end && (buf[j] == ' ' || buf[j] == '\t' || buf[j] == '\r' ||
			   buf[j] == '\n'))
		j++;
	if (j >= end || buf[j] != '=')
		return false;
	j++;
	while (j < end && (buf[j] == ' ' || buf[j] == '\t'))
		j++;
	if (j >= end || (buf[j] != '"' && buf[j] != '\''))
		return false;
	char q = buf[j];
	size_t k = j + 1;
	while (k < end && buf[k] != q)
		k++;
	if (k >= end || k - j - 1 == 0 || k - j - 1 > 40)
		return false;
	*vs = j + 1;
	*ve = k;
	return true;
}

static bool enc_is(const char *buf, size_t vs, size_t ve,
		   const char *const *names)
{
	char e[48];
	size_t n = ve - vs < sizeof e - 1 ? ve - vs : sizeof e - 1;
	memcpy(e, buf + vs, n);
	e[n] = '\0';
	for (; *names; names++)
		if (str_eq_ci(e, *names))
			return true;
	return false;
}

static const char *const utf8_names[] = {"utf-8", "utf8", NULL};
static const char *const latin_names[] = {
	"iso-8859-1", "iso8859-1",    "iso_8859-1", "latin1",
	"latin-1",    "l1",           "us-ascii",   "ascii",
	"cp1252",     "windows-1252", NULL};
static const char *const ascii_names[] = {"us-ascii", "ascii", NULL};
static const char *const cp1252_names[] = {"cp1252", "windows-1252", NULL};

/* The input with the declared encoding's name replaced (arena copy). */
static char *redeclare(struct arena *a, const char *buf, size_t len, size_t vs,
		       size_t ve, const char *enc, size_t *out_len)
{
	size_t el = strlen(enc), n = len - (ve - vs) + el;
	char *out = arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	memcpy(out, buf, vs);
	memcpy(out + vs, enc, el);
	memcpy(out + vs + el, buf + ve, len - ve);
	*out_len = n;
	return out;
}

static char *to_utf8(struct arena *a, const char *s, size_t len, size_t *n,
		     const char **how)
{
	char *out;
	*how = "Windows-1252";
	if (!charset_to_utf8(a, "WINDOWS-1252", s, len, &out, n, NULL))
		return out;
	*how = "ISO-8859-1";
	if (!charset_to_utf8(a, "ISO-8859-1", s, len, &out, n, NULL))
		return out;
	return NULL;
}

int nitf_xml_read(struct parse_result *r, const char *buf, size_t len,
		  const char *what, xmlDocPtr *out, bool *recoded,
		  struct ow_err *err)
{
	struct arena *a = r->versions.arena;
	*out = NULL;
	*recoded = false;
	size_t i = 0;
	while (i < len && ((unsigned char)buf[i] <= 0x20 || buf[i] == 0x7F))
		i++;
	if (i == len)
		return ow_err_set(
			err, OW_EPARSE, "%s: no XML document (the input is %s)",
			what, len ? "blank or control bytes only" : "empty");
	/* UTF-16 (with a BOM, or "<" as a 16-bit unit) is libxml2's to read */
	const unsigned char *u = (const unsigned char *)buf;
	bool wide = len >= 2 &&
		    ((u[0] == 0xFF && u[1] == 0xFE) ||
		     (u[0] == 0xFE && u[1] == 0xFF) ||
		     (u[0] == '<' && u[1] == 0) || (u[0] == 0 && u[1] == '<'));
	if (wide)
		return xml_read(buf, len, what, out, err);
	const char *nul = memchr(buf, '\0', len);
	if (nul)
		return ow_err_at(err, OW_EPARSE, buf, (size_t)(nul - buf),
				 "%s: NUL byte in the document (not allowed "
				 "in XML)",
				 what);

	size_t vs = 0, ve = 0;
	bool declared = decl_encoding(buf, len, &vs, &ve);
	bool valid = utf8_valid(buf, len);
	const char *use = buf;
	size_t use_len = len;
	if (!declared || enc_is(buf, vs, ve, utf8_names)) {
		if (!valid) {
			size_t bom = utf8_bom(buf, len), n;
			const char *how;
			char *conv = to_utf8(a, buf + bom, len - bom, &n, &how);
			if (!conv)
				return ow_err_set(err, OW_ENOMEM,
						  "out of memory");
			fmt_warn(r,
				 "%s: %s UTF-8 but is not valid UTF-8; read "
				 "as %s",
				 what, declared ? "declared" : "taken as", how);
			use = conv;
			use_len = n;
			*recoded = true;
		}
	} else if (enc_is(buf, vs, ve, latin_names)) {
		bool high = false, c1 = false, undefined = false;
		for (size_t k = 0; k < len; k++) {
			unsigned char c = (unsigned char)buf[k];
			if (c < 0x80)
				continue;
			high = true;
			if (c <= 0x9F) {
				c1 = true;
				if (c == 0x81 || c == 0x8D || c == 0x8F ||
				    c == 0x90 || c == 0x9D)
					undefined = true;
			}
		}
		bool ascii = enc_is(buf, vs, ve, ascii_names);
		bool cp1252 = enc_is(buf, vs, ve, cp1252_names);
		const char *enc = NULL, *is = NULL;
		if (high && valid) {
			enc = "UTF-8";
			is = "UTF-8";
		} else if (high && ascii) {
			enc = undefined ? "ISO-8859-1" : "windows-1252";
			is = "8-bit";
		} else if (c1 && !cp1252 && !undefined) {
			enc = "windows-1252";
			is = "Windows-1252";
		} else if (cp1252 && undefined) {
			/* bytes Windows-1252 leaves undefined: iconv refuses
			 * them, ISO-8859-1 maps every byte */
			enc = "ISO-8859-1";
			is = "not all Windows-1252";
		}
		if (enc) {
			fmt_warn(r,
				 "%s: declared %.*s but the bytes are %s; "
				 "read as %s",
				 what, (int)(ve - vs), buf + vs, is, enc);
			use = redeclare(a, buf, len, vs, ve, enc, &use_len);
			if (!use)
				return ow_err_set(err, OW_ENOMEM,
						  "out of memory");
			*recoded = true;
		}
	}
	return xml_read(use, use_len, what, out, err);
}

/* ------------------------------------------------------------------- times */

bool nitf_time(struct parse_result *r, struct version *v, const char *what,
	       const char *s, int64_t *out)
{
	struct arena *a = r->versions.arena;
	if (!s || !*s)
		return false;
	bool zone = false;
	if (time_parse_iso(s, out, &zone)) {
		if (!zone)
			version_add_warning(a, v,
					    "%s \"%.40s\" has no UTC offset; "
					    "read as UTC",
					    what, s);
		return true;
	}
	/* "20080219+0100": a day at an offset */
	size_t n = strlen(s);
	if (n >= 11 && n <= 14 && (s[8] == '+' || s[8] == '-')) {
		char t[32];
		snprintf(t, sizeof t, "%.8sT000000%s", s, s + 8);
		if (time_parse_iso(t, out, &zone))
			return true;
	}
	version_add_warning(a, v, "%s \"%.40s\" is not a date; ignored", what,
			    s);
	return false;
}

/* --------------------------------------------------------------- datelines */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A short all-capital word ("AFP", "AAP"): an agency at a dateline's end. */
static bool caps_word(const char *s, size_t n)
{
	if (n < 2 || n > 6)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return false;
	return true;
}

static bool is_dash_tail(const char *s, size_t n)
{
	if (!n)
		return false;
	if (s[n - 1] == '-' || s[n - 1] == '_' || s[n - 1] == ' ' ||
	    s[n - 1] == ',')
		return true;
	/* em and en dashes: E2 80 94 / E2 80 93 */
	return n >= 3 && (unsigned char)s[n - 3] == 0xE2 &&
	       (unsigned char)s[n - 2] == 0x80 &&
	       ((unsigned char)s[n - 1] == 0x94 ||
		(unsigned char)s[n - 1] == 0x93);
}

void nitf_dateline_text(struct parse_result *r, struct dateline *d,
			const char *s)
{
	if (!s)
		return;
	size_t len = strlen(s);
	while (is_dash_tail(s, len))
		len -= (unsigned char)s[len - 1] >= 0x80 ? 3 : 1;
	const char *src = NULL;
	size_t srcl = 0;
	if (len && s[len - 1] == ')') {
		size_t open = len - 1;
		while (open > 0 && s[open] != '(')
			open--;
		if (s[open] == '(' && len - open - 2 > 0 &&
		    len - open - 2 <= 40) {
			src = s + open + 1;
			srcl = len - open - 2;
			len = open;
			while (len && (s[len - 1] == ' ' || s[len - 1] == ','))
				len--;
		}
	}
	/* the date starts at the first word that is a number, or a month
	 * name followed by a number */
	size_t date_at = len;
	for (size_t i = 0; i < len; i++) {
		if (i && s[i - 1] != ' ' && s[i - 1] != ',')
			continue;
		if (s[i] == ' ' || s[i] == ',')
			continue;
		size_t w = i;
		while (w < len && s[w] != ' ' && s[w] != ',')
			w++;
		size_t nx = w;
		while (nx < len && (s[nx] == ' ' || s[nx] == ','))
			nx++;
		if (is_digit(s[i]) ||
		    (time_month(s + i, w - i) && nx < len && is_digit(s[nx]))) {
			date_at = i;
			break;
		}
	}
	size_t placel = date_at;
	while (placel && (s[placel - 1] == ' ' || s[placel - 1] == ','))
		placel--;
	const char *date = s + date_at;
	size_t datel = len - date_at;
	if (!src && datel) {
		size_t w = datel;
		while (w && date[w - 1] != ' ')
			w--;
		if (w && caps_word(date + w, datel - w)) {
			src = date + w;
			srcl = datel - w;
			datel = w;
			while (datel && (date[datel - 1] == ' ' ||
					 date[datel - 1] == ','))
				datel--;
		}
	}
	if (!d->place && placel)
		d->place = fmt_field(r, s, placel);
	if (!d->date && datel)
		d->date = fmt_field(r, date, datel);
	if (!d->source && srcl)
		d->source = fmt_field(r, src, srcl);
}

/* ------------------------------------------------------------ small fields */

const char *nitf_byline_clean(struct parse_result *r, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	if (n > 3 && str_starts_with_ci(s, n, "by "))
		return fmt_field(r, s + 3, n - 3);
	return s;
}

const char *nitf_lang(struct parse_result *r, const char *s)
{
	if (!s)
		return NULL;
	char *out = arena_strdup(r->versions.arena, s);
	if (!out)
		return NULL;
	for (char *p = out; *p && *p != '-' && *p != '_'; p++)
		*p = str_lower(*p);
	return out;
}

int nitf_add_subject(struct parse_result *r, struct version *v,
		     const char *code, const char *name, const char *scheme)
{
	if ((!code && !name) || v->n_subjects >= NITF_MAX_SUBJECTS)
		return 0;
	for (size_t i = 0; i < v->n_subjects; i++) {
		const struct subject *s = &v->subjects[i];
		bool same_code =
			code ? s->code && !strcmp(s->code, code) : !s->code;
		bool same_name =
			code || (s->name && name && !strcmp(s->name, name));
		bool same_scheme =
			(!s->scheme && !scheme) ||
			(s->scheme && scheme && !strcmp(s->scheme, scheme));
		if (same_code && same_name && same_scheme)
			return 0;
	}
	return version_add_subject(r->versions.arena, v, code, name, scheme);
}

/* ---------------------------------------------------------------- sign-off */

static bool initials(const char *t, size_t n)
{
	/* "hh/ph/ts/hd", "bur-dar-gl/fz": desk initials */
	if (n < 3 || n > 40 || !memchr(t, '/', n))
		return false;
	size_t seg = 0;
	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		if (c == '/' || c == '-') {
			seg = 0;
			continue;
		}
		if (c < 'a' || c > 'z' || ++seg > 5)
			return false;
	}
	return true;
}

/* "AAP RTV ar", "AFP sn", "AAP gfr": an agency and desk initials. */
static bool agency_signoff(const char *t, size_t n)
{
	static const char *const agencies[] = {
		"AAP", "AFP", "AP",  "PA",  "RTV",     "DPA", "ANSA",
		"EFE", "NTB", "UPI", "ANA", "Reuters", NULL};
	size_t i = 0, words = 0;
	bool first_ok = false;
	while (i < n) {
		size_t st = i;
		while (i < n && t[i] != ' ')
			i++;
		size_t wl = i - st;
		if (words == 0) {
			for (const char *const *ag = agencies; *ag; ag++)
				if (strlen(*ag) == wl &&
				    !memcmp(t + st, *ag, wl))
					first_ok = true;
			if (!first_ok)
				return false;
		} else {
			if (wl < 1 || wl > 4)
				return false;
			for (size_t k = st; k < i; k++)
				if (!((t[k] >= 'a' && t[k] <= 'z') ||
				      (t[k] >= 'A' && t[k] <= 'Z')))
					return false;
		}
		words++;
		while (i < n && t[i] == ' ')
			i++;
	}
	return first_ok && words >= 2 && words <= 4;
}

bool nitf_is_signoff(const char *t)
{
	if (!t)
		return false;
	size_t n = strlen(t);
	if (!n || n > 300)
		return false;
	if (str_eq_ci(t, "ends") || str_eq_ci(t, "ends.") ||
	    str_eq_ci(t, "end") || text_is_end_marker(t, n))
		return true;
	/* "(©NTB)", "© 2018 ...", "(c) AAP", "Copyright ..." */
	const char *c =
		t[0] == '(' && n > 1 && t[1] != 'c' && t[1] != 'C' ? t + 1 : t;
	size_t cl = n - (size_t)(c - t);
	if ((cl >= 2 && (unsigned char)c[0] == 0xC2 &&
	     (unsigned char)c[1] == 0xA9) ||
	    str_starts_with_ci(c, cl, "(c) ") ||
	    str_starts_with_ci(c, cl, "copyright "))
		return true;
	/* "/ritzau/" */
	if (n >= 3 && n <= 30 && t[0] == '/' && t[n - 1] == '/' &&
	    !memchr(t, ' ', n))
		return true;
	if (str_starts_with_ci(t, n,
			       "This report by The Canadian Press was "
			       "first published"))
		return true;
	return initials(t, n) || agency_signoff(t, n);
}
