/* Reuters-21578 SGML (Lewis 1997): files of <REUTERS ...> elements, each one
 * 1987 Reuters story with its ANPA header, DATE, category lists (TOPICS,
 * PLACES, PEOPLE, ORGS, EXCHANGES) and a TEXT holding TITLE, AUTHOR,
 * DATELINE and BODY; or a TEXT of TYPE="BRIEF" (a headline only) or
 * TYPE="UNPROC" (agate and tables nobody structured).
 *
 * The files are SGML, not XML (unquoted structure, "&#3;" markers, stray
 * bytes), so this is a hand-written, forgiving scanner: every search is a
 * forward scan bounded by the enclosing element, an unclosed element ends
 * where its parent does, and a BODY is cut at SGML_MAX_BODY. Not for any
 * other SGML. */
#include "formats/formats_int.h"

#include "common/str.h"

#include <string.h>

#define SGML_MAX_TAG 4096         /* bytes in one start tag */
#define SGML_MAX_BODY (4u << 20)  /* bytes of one BODY or TEXT */
#define SGML_MAX_META (64u << 10) /* bytes of a DATE, TITLE, list ... */
#define SGML_MAX_SUBJECTS 200     /* <D> entries read per list */
#define SGML_PROBE_LOOK 1024

/* One element's content: [s, e) in the input. */
struct span {
	size_t s, e;
	bool found, closed;
};

/* --------------------------------------------------------------- scanning */

static bool name_end(char c)
{
	return c == '>' || c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '/';
}

/* True if b[at..to) opens "<NAME" or "</NAME" (any case) as a whole name. */
static bool tag_at(const char *b, size_t at, size_t to, const char *name,
		   bool close)
{
	size_t i = at + 1, n = strlen(name);
	if (close) {
		if (i >= to || b[i] != '/')
			return false;
		i++;
	}
	return i + n < to && str_starts_with_ci(b + i, to - i, name) &&
	       name_end(b[i + n]);
}

/* Offset of the next "<NAME" in [from, to), or -1. */
static long find_tag(const char *b, size_t from, size_t to, const char *name)
{
	while (from < to) {
		const char *lt = memchr(b + from, '<', to - from);
		if (!lt)
			return -1;
		size_t at = (size_t)(lt - b);
		if (tag_at(b, at, to, name, false))
			return (long)at;
		from = at + 1;
	}
	return -1;
}

/* End of the start tag opening at `at` (just past '>'), or 0 if the tag runs
 * past `to` or SGML_MAX_TAG. */
static size_t tag_end(const char *b, size_t at, size_t to)
{
	size_t lim = to - at > SGML_MAX_TAG ? at + SGML_MAX_TAG : to;
	const char *gt = memchr(b + at, '>', lim - at);
	return gt ? (size_t)(gt - b) + 1 : 0;
}

/* The first NAME element in [from, to). One never closed runs to the next
 * NAME element or to `to`: so a search never passes another element of the
 * same name, and scanning a list of unclosed ones stays linear. */
static struct span find_elem(const char *b, size_t from, size_t to,
			     const char *name, size_t *tag_start)
{
	struct span sp = {0};
	long at = find_tag(b, from, to, name);
	if (at < 0)
		return sp;
	size_t cs = tag_end(b, (size_t)at, to);
	if (!cs)
		return sp;
	sp.s = cs;
	sp.e = to;
	sp.found = true;
	for (size_t p = cs; p < to;) {
		const char *lt = memchr(b + p, '<', to - p);
		if (!lt)
			break;
		size_t q = (size_t)(lt - b);
		if (tag_at(b, q, to, name, true) ||
		    tag_at(b, q, to, name, false)) {
			sp.e = q;
			sp.closed = b[q + 1] == '/';
			break;
		}
		p = q + 1;
	}
	if (tag_start)
		*tag_start = (size_t)at;
	return sp;
}

/* Index just past the close tag "</NAME>" starting at sp.e (or sp.e). */
static size_t after_close(const char *b, struct span sp, size_t to)
{
	if (!sp.closed)
		return sp.e;
	size_t e = tag_end(b, sp.e, to);
	return e ? e : sp.e;
}

/* An attribute's value inside a start tag [at, end): NAME="v", NAME='v' or
 * NAME=v. */
static bool tag_attr(const char *b, size_t at, size_t end, const char *name,
		     const char **val, size_t *vlen)
{
	size_t n = strlen(name);
	for (size_t i = at + 1; i + n < end; i++) {
		if (!(b[i - 1] == ' ' || b[i - 1] == '\t' || b[i - 1] == '\n' ||
		      b[i - 1] == '\r') ||
		    !str_starts_with_ci(b + i, end - i, name))
			continue;
		size_t j = i + n;
		while (j < end && b[j] == ' ')
			j++;
		if (j >= end || b[j] != '=')
			continue;
		j++;
		while (j < end && b[j] == ' ')
			j++;
		char q = j < end && (b[j] == '"' || b[j] == '\'') ? b[j] : 0;
		size_t st = q ? j + 1 : j, e = st;
		while (e < end && (q ? b[e] != q : !name_end(b[e])))
			e++;
		*val = b + st;
		*vlen = e - st;
		return true;
	}
	return false;
}

/* ---------------------------------------------------------------- decoding */

static size_t put_utf8(char *o, unsigned long cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Reads "&#N;", "&#xN;" or a named entity at s[0] == '&'. Returns bytes
 * consumed (0: not a reference) and writes the replacement to o. Control
 * characters ("&#2;", "&#3;" frame the text) become nothing; DEL, which the
 * corpus has where a character was lost, becomes a space. The output is
 * never longer than the reference. */
static size_t entity(const char *s, size_t n, char *o, size_t *olen)
{
	static const struct {
		const char *name;
		char c;
	} named[] = {{"&lt;", '<'},
		     {"&gt;", '>'},
		     {"&amp;", '&'},
		     {"&quot;", '"'},
		     {"&apos;", '\''}};
	*olen = 0;
	for (size_t k = 0; k < sizeof named / sizeof *named; k++) {
		size_t l = strlen(named[k].name);
		if (n >= l && !memcmp(s, named[k].name, l)) {
			o[0] = named[k].c;
			*olen = 1;
			return l;
		}
	}
	if (n < 4 || s[1] != '#')
		return 0;
	bool hex = s[2] == 'x' || s[2] == 'X';
	size_t i = hex ? 3 : 2, st = i;
	unsigned long cp = 0;
	while (i < n && i - st < 8) {
		char c = s[i];
		int d = c >= '0' && c <= '9'          ? c - '0'
			: hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
			: hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
						      : -1;
		if (d < 0)
			break;
		cp = cp * (hex ? 16 : 10) + (unsigned long)d;
		i++;
	}
	if (i == st || i >= n || s[i] != ';')
		return 0;
	if (cp == 0x7F) {
		o[0] = ' ';
		*olen = 1;
	} else if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		   (cp >= 0x80 && cp < 0xA0) || (cp >= 0xD800 && cp < 0xE000) ||
		   cp > 0x10FFFF) {
		*olen = 0;
	} else {
		*olen = put_utf8(o, cp);
	}
	return i + 1;
}

/* Field text: raw bytes [s, e) (at most `max`), control bytes dropped, read
 * as UTF-8 or Windows-1252, then SGML references decoded once. Returns a
 * NUL-terminated arena string (never NULL unless out of memory); *how is
 * set when the bytes were not UTF-8. */
static char *field_text(struct arena *a, const char *b, size_t s, size_t e,
			size_t max, const char **how)
{
	size_t n = e > s ? e - s : 0;
	if (n > max) {
		n = max;
		/* do not cut a UTF-8 sequence: a broken tail would make the
		 * whole field read as Windows-1252 */
		for (int k = 0;
		     k < 3 && n && ((unsigned char)b[s + n] & 0xC0) == 0x80;
		     k++)
			n--;
	}
	char *raw = arena_alloc(a, n + 1);
	if (!raw)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)b[s + i];
		if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
			raw[o++] = (char)c;
	}
	const char *used = "utf-8";
	char *t = text_decode_8bit(a, raw, o, &used);
	if (!t)
		return NULL;
	if (how && strcmp(used, "utf-8"))
		*how = used;
	size_t tl = strlen(t), w = 0;
	for (size_t i = 0; i < tl;) {
		size_t olen, used_n = 0;
		if (t[i] == '&')
			used_n = entity(t + i, tl - i, t + w, &olen);
		if (used_n) {
			w += olen;
			i += used_n;
		} else {
			t[w++] = t[i++];
		}
	}
	t[w] = '\0';
	return t;
}

/* ------------------------------------------------------------------ dates */

/* "26-FEB-1987 15:01:01.79", possibly with leading blanks and trailing
 * noise ("# date added by S Finch as guesswork"). */
static bool parse_date(const char *s, int64_t *out)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	int d = 0, y = 0, h = 0, mi = 0, se = 0, k = 0;
	while (*s >= '0' && *s <= '9' && k < 2) {
		d = d * 10 + (*s++ - '0');
		k++;
	}
	if (!k || *s++ != '-')
		return false;
	const char *mon = s;
	while (*s && *s != '-')
		s++;
	int m = time_month(mon, (size_t)(s - mon));
	if (!m || *s++ != '-')
		return false;
	for (k = 0; k < 4; k++, s++) {
		if (*s < '0' || *s > '9')
			return false;
		y = y * 10 + (*s - '0');
	}
	if (d < 1 || d > mdays[m - 1] || y < 1900)
		return false;
	while (*s == ' ')
		s++;
	if (s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' &&
	    s[2] == ':' && s[3] >= '0' && s[3] <= '9' && s[4] >= '0' &&
	    s[4] <= '9') {
		h = (s[0] - '0') * 10 + (s[1] - '0');
		mi = (s[3] - '0') * 10 + (s[4] - '0');
		if (s[5] == ':' && s[6] >= '0' && s[6] <= '9' && s[7] >= '0' &&
		    s[7] <= '9')
			se = (s[6] - '0') * 10 + (s[7] - '0');
		if (h > 23 || mi > 59 || se > 59)
			return false;
	}
	*out = time_days_from_civil(y, (unsigned)m, (unsigned)d) * 86400 +
	       h * 3600 + mi * 60 + se;
	return true;
}

/* "    SALVADOR, Feb 26 - " -> place "SALVADOR", date "Feb 26";
 * "    WOOSTER, Ohio, March 25 - " -> "WOOSTER, Ohio", "March 25". */
static void parse_dateline(struct parse_result *r, struct version *v,
			   const char *s)
{
	size_t n = strlen(s);
	str_trim(&s, &n);
	while (n && (s[n - 1] == '-' || s[n - 1] == ' ' || s[n - 1] == '_'))
		n--;
	if (!n)
		return;
	size_t comma = n;
	while (comma > 0 && s[comma - 1] != ',')
		comma--;
	if (comma > 0) {
		const char *d = s + comma;
		size_t dl = n - comma;
		str_trim(&d, &dl);
		size_t w = 0;
		while (w < dl && d[w] != ' ')
			w++;
		if (time_month(d, w)) {
			v->dateline.date = fmt_field(r, d, dl);
			n = comma - 1;
		}
	}
	v->dateline.place = fmt_field(r, s, n);
}

/* -------------------------------------------------------------- the body */

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Within one edit of "reuter", or "reuters": the signature and the typing
 * slips the corpus has ("REUTE", "REUITER", "RUTER"). */
static bool near_reuter(const char *w, size_t n)
{
	static const char ref[] = "reuter";
	const size_t rl = sizeof ref - 1;
	if (n == rl + 1 && str_starts_with_ci(w, n, "reuters"))
		return true;
	if (n + 1 < rl || n > rl + 1)
		return false;
	size_t i = 0, j = 0;
	int edits = 0;
	while (i < n && j < rl) {
		if (str_lower(w[i]) == ref[j]) {
			i++;
			j++;
			continue;
		}
		if (++edits > 1)
			return false;
		if (n > rl)
			i++;
		else if (n < rl)
			j++;
		else {
			i++;
			j++;
		}
	}
	edits += (int)(n - i) + (int)(rl - j);
	return edits <= 1;
}

/* A closing line that is the agency signature ("Reuter", "REUTER^M",
 * "Reuter..."), or a take marker ("More"). */
static bool is_signature(const char *l, size_t n)
{
	str_trim(&l, &n);
	size_t w = 0;
	while (w < n && is_alpha(l[w]))
		w++;
	if (w == 4 && n == 4 && str_starts_with_ci(l, n, "more"))
		return true;
	return w && near_reuter(l, w) && n - w <= 6;
}

/* Length of s once the closing signature is removed: a last line of its
 * own, or " REUTER" ending the last line of text. */
static size_t strip_signature(const char *s, size_t n)
{
	for (int pass = 0; pass < 2; pass++) {
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' ||
			     s[n - 1] == '\r' || s[n - 1] == '\t'))
			n--;
		size_t ls = n;
		while (ls && s[ls - 1] != '\n')
			ls--;
		if (is_signature(s + ls, n - ls)) {
			n = ls;
			continue;
		}
		static const char *const tails[] = {" REUTER", " Reuter",
						    " reuter"};
		for (size_t k = 0; k < 3; k++) {
			size_t tl = strlen(tails[k]);
			if (n - ls > tl && !memcmp(s + n - tl, tails[k], tl)) {
				n -= tl;
				break;
			}
		}
		break;
	}
	return n;
}

/* A line of a table or agate ("Net free reserves.......644 vs.....1,337",
 * "Apr    4    54  dn    6", "30-174 days  5.00 pct  5.00 pct"): dot
 * leaders, a run of three blanks after a word, or two gaps of two blanks
 * that do not follow the end of a sentence. One such line alone is prose
 * with odd spacing; see add_body. */
static bool is_tabular(const char *l, size_t n)
{
	str_trim(&l, &n);
	int run = 0, dots = 0, gaps = 0;
	for (size_t i = 0; i < n; i++) {
		run = l[i] == ' ' ? run + 1 : 0;
		dots = l[i] == '.' ? dots + 1 : 0;
		if (run == 2 && i >= 3 && !strchr(".?!\":;", l[i - 2]))
			gaps++;
		if ((run >= 3 && i >= 4) || dots >= 5 || gaps >= 2 ||
		    (dots >= 3 && i + 1 < n && l[i + 1] >= '0' &&
		     l[i + 1] <= '9'))
			return true;
	}
	return false;
}

static int add_pre(struct arena *a, struct version *v, const char *s, size_t n)
{
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	if (!n)
		return 0;
	char *out = arena_alloc(a, n + 1);
	if (!out)
		return OW_ENOMEM;
	/* trailing blanks off each line; lines kept as they are */
	size_t o = 0, line = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r')
			continue;
		if (s[i] == '\n') {
			while (o > line && out[o - 1] == ' ')
				o--;
			out[o++] = '\n';
			line = o;
			continue;
		}
		out[o++] = s[i] == '\t' ? ' ' : s[i];
	}
	return version_add_para(a, v, PARA_PRE, out, o);
}

static int add_block(struct arena *a, struct version *v, int kind,
		     const char *s, size_t n)
{
	if (kind == 0)
		return text_add_paras(a, v, s, n, true);
	if (kind == 1)
		return add_pre(a, v, s, n);
	return 0;
}

static size_t line_end(const char *s, size_t n, size_t i)
{
	const char *nl = memchr(s + i, '\n', n - i);
	return nl ? (size_t)(nl - s) : n;
}

/* Whether the next non-blank line after `i` is tabular. */
static bool next_tabular(const char *s, size_t n, size_t i)
{
	while (i < n) {
		size_t le = line_end(s, n, i);
		if (!str_is_blank(s + i, le - i))
			return is_tabular(s + i, le - i);
		i = le + 1;
	}
	return false;
}

/* Paragraphs of Reuters text: a new one at each indented line (that is how
 * the wire marked them); two or more tabular lines in a row are kept as
 * preformatted text. */
static int add_body(struct arena *a, struct version *v, const char *s, size_t n)
{
	size_t i = 0, block = 0;
	int kind = -1; /* of the block being gathered: 0 text, 1 table */
	bool prev_tab = false;
	while (i < n) {
		size_t st = i, le = line_end(s, n, i);
		i = le < n ? le + 1 : n;
		int k = kind; /* a blank line stays with its block */
		if (!str_is_blank(s + st, le - st)) {
			bool tab = is_tabular(s + st, le - st);
			k = tab && (prev_tab || next_tabular(s, n, i));
			prev_tab = tab;
		}
		if (k != kind) {
			int rc = add_block(a, v, kind, s + block, st - block);
			if (rc)
				return rc;
			block = st;
			kind = k;
		}
	}
	return add_block(a, v, kind, s + block, n - block);
}

/* ----------------------------------------------------------- the element */

static const struct {
	const char *tag, *scheme;
} lists[] = {{"TOPICS", "reuters-topic"},
	     {"PLACES", "reuters-place"},
	     {"PEOPLE", "reuters-people"},
	     {"ORGS", "reuters-org"},
	     {"EXCHANGES", "reuters-exchange"}};

static int read_lists(struct parse_result *r, struct version *v, const char *b,
		      size_t from, size_t to)
{
	struct arena *a = r->versions.arena;
	for (size_t k = 0; k < sizeof lists / sizeof *lists; k++) {
		struct span l = find_elem(b, from, to, lists[k].tag, NULL);
		if (!l.found)
			continue;
		size_t p = l.s;
		for (int nd = 0; nd < SGML_MAX_SUBJECTS; nd++) {
			struct span d = find_elem(b, p, l.e, "D", NULL);
			if (!d.found)
				break;
			char *t =
				field_text(a, b, d.s, d.e, SGML_MAX_META, NULL);
			if (!t)
				return OW_ENOMEM;
			const char *code = fmt_field(r, t, strlen(t));
			if (code && version_add_subject(a, v, code, NULL,
							lists[k].scheme))
				return OW_ENOMEM;
			p = after_close(b, d, l.e);
		}
	}
	return 0;
}

/* The ANPA header the wire sent, kept in UNKNOWN:
 *   "u f BC-BAHIA-COCOA-REVIEW   02-26 0105"
 * priority letter, category, keyword (the slug), date, word count. */
static int read_anpa_header(struct parse_result *r, struct version *v,
			    const char *b, size_t from, size_t to)
{
	struct arena *a = r->versions.arena;
	size_t p = from;
	for (int guard = 0; guard < 8; guard++) {
		struct span u = find_elem(b, p, to, "UNKNOWN", NULL);
		if (!u.found)
			return 0;
		p = after_close(b, u, to);
		char *t = field_text(a, b, u.s, u.e, SGML_MAX_META, NULL);
		if (!t)
			return OW_ENOMEM;
		size_t n = strlen(t);
		while (n && (t[n - 1] == '\n' || t[n - 1] == ' ' ||
			     t[n - 1] == '\r'))
			n--;
		size_t ls = n;
		while (ls && t[ls - 1] != '\n')
			ls--;
		const char *l = t + ls;
		size_t ll = n - ls;
		if (ll < 6 || !is_alpha(l[0]) || l[1] != ' ' ||
		    !is_alpha(l[2]) || l[3] != ' ')
			continue;
		size_t ks = 4, ke = 4;
		while (ke < ll && l[ke] != ' ')
			ke++;
		char *slug = arena_alloc(a, ke - ks + 1);
		if (!slug)
			return OW_ENOMEM;
		size_t o = 0;
		for (size_t i = ks; i < ke; i++)
			if (l[i] != '*')
				slug[o++] = l[i];
		v->slug = fmt_field(r, slug, o);
		if (!v->priority)
			v->priority = priority_from_letter(l[0]);
		return 0;
	}
	return 0;
}

/* What TEXT holds: the span used as the body and the text type. */
static int read_text(struct parse_result *r, struct version *v, const char *b,
		     struct span text, size_t tag_at, const char **how)
{
	struct arena *a = r->versions.arena;
	const char *type = NULL;
	size_t tl = 0;
	bool brief = false, unproc = false;
	if (tag_attr(b, tag_at, text.s, "TYPE", &type, &tl)) {
		brief = tl == 5 && str_starts_with_ci(type, tl, "BRIEF");
		unproc = tl == 6 && str_starts_with_ci(type, tl, "UNPROC");
	}
	struct span body = find_elem(b, text.s, text.e, "BODY", NULL);
	size_t head_end = body.found ? body.s : text.e;
	size_t rest = text.s; /* where text outside the known parts starts */
	struct span t = find_elem(b, text.s, head_end, "TITLE", NULL);
	if (t.found) {
		char *s = field_text(a, b, t.s, t.e, SGML_MAX_META, how);
		if (!s ||
		    fmt_apply_headline_marks(r, v, fmt_field(r, s, strlen(s))))
			return OW_ENOMEM;
		rest = after_close(b, t, head_end);
	}
	struct span au = find_elem(b, text.s, head_end, "AUTHOR", NULL);
	if (au.found) {
		char *s = field_text(a, b, au.s, au.e, SGML_MAX_META, how);
		if (!s)
			return OW_ENOMEM;
		v->byline = fmt_field(r, s, strlen(s));
		size_t e = after_close(b, au, head_end);
		rest = e > rest ? e : rest;
	}
	struct span dl = find_elem(b, text.s, head_end, "DATELINE", NULL);
	if (dl.found) {
		char *s = field_text(a, b, dl.s, dl.e, SGML_MAX_META, how);
		if (!s)
			return OW_ENOMEM;
		parse_dateline(r, v, s);
		size_t e = after_close(b, dl, head_end);
		rest = e > rest ? e : rest;
	}
	if (brief)
		return 0; /* the headline is the story; "Blah blah blah." */
	struct span use = body;
	if (!body.found) {
		/* UNPROC, or text without a BODY: what follows the parts */
		use.s = rest;
		use.e = text.e;
		if (!unproc)
			version_add_warning(a, v,
					    "TEXT has no BODY; the text "
					    "after its parts is the body");
	} else if (!body.closed) {
		version_add_warning(a, v, "BODY is not closed");
	}
	if (use.e - use.s > SGML_MAX_BODY)
		version_add_warning(a, v, "body is over %u bytes; truncated",
				    SGML_MAX_BODY);
	char *s = field_text(a, b, use.s, use.e, SGML_MAX_BODY, how);
	if (!s)
		return OW_ENOMEM;
	return add_body(a, v, s, strip_signature(s, strlen(s)));
}

static int read_element(struct parse_result *r, const struct parse_opts *o,
			const char *b, size_t at, size_t tag_e, size_t end,
			size_t raw_end, bool closed, struct ow_err *err)
{
	struct arena *a = r->versions.arena;
	struct version *v = fmt_new_version(r, o, "reuters-sgml");
	if (!v)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	if (!o || !o->source)
		v->source = "Reuters";
	v->language = "en";
	v->raw_off = at;
	v->raw_len = raw_end - at;
	const char *id;
	size_t idl;
	if (tag_attr(b, at, tag_e, "NEWID", &id, &idl))
		v->item_id = fmt_field(r, id, idl);
	if (!v->item_id)
		version_add_warning(a, v, "REUTERS element has no NEWID");
	if (!closed)
		version_add_warning(a, v, "REUTERS element is not closed");

	size_t text_at = 0;
	struct span text = find_elem(b, tag_e, end, "TEXT", &text_at);
	size_t meta_end = text.found ? text_at : end;
	struct span date = find_elem(b, tag_e, meta_end, "DATE", NULL);
	if (date.found) {
		char *s = field_text(a, b, date.s, date.e, SGML_MAX_META, NULL);
		if (!s)
			return ow_err_set(err, OW_ENOMEM, "out of memory");
		if (parse_date(s, &v->versioncreated))
			version_add_warning(a, v,
					    "DATE has no time zone; read as "
					    "UTC");
		else
			version_add_warning(a, v,
					    "DATE \"%.40s\" is not a date", s);
	}
	const char *how = NULL;
	int rc = read_lists(r, v, b, tag_e, meta_end);
	if (!rc)
		rc = read_anpa_header(r, v, b, tag_e, meta_end);
	if (!rc && text.found)
		rc = read_text(r, v, b, text, text_at, &how);
	if (rc)
		return ow_err_set(err, rc, "%s", ow_strerror(rc));
	if (how)
		version_add_warning(a, v, "text is not UTF-8; read as %s", how);
	struct ow_err ferr = {0};
	if (fmt_finish(r, v, &ferr)) {
		/* An element with neither TITLE nor text is still a record of
		 * the archive: kept as a version, withheld, so it is counted
		 * and findable by id but never shown as a blank story. */
		v->pubstatus = PUBSTATUS_WITHHELD;
		if (version_add_warning(
			    a, v,
			    "REUTERS element NEWID=%s has neither a "
			    "TITLE nor any text; kept withheld",
			    v->item_id ? v->item_id : "(none)"))
			return ow_err_set(err, OW_ENOMEM, "out of memory");
	}
	return fmt_push(r, v, err);
}

/* ---------------------------------------------------------------- entries */

int reuters_sgml_probe(const char *buf, size_t len)
{
	size_t look = len < SGML_PROBE_LOOK ? len : SGML_PROBE_LOOK;
	size_t i = utf8_bom(buf, look);
	while (i < look && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' ||
			    buf[i] == '\r'))
		i++;
	if (str_starts_with_ci(buf + i, look - i, "<!DOCTYPE lewis"))
		return 95;
	long at = find_tag(buf, i, look, "REUTERS");
	return at >= 0 ? 80 : 0;
}

int reuters_sgml_parse(const char *buf, size_t len, const struct parse_opts *o,
		       struct parse_result *r, struct ow_err *err)
{
	size_t pos = 0, n_elems = 0;
	long at;
	while ((at = find_tag(buf, pos, len, "REUTERS")) >= 0) {
		size_t st = (size_t)at;
		size_t te = tag_end(buf, st, len);
		if (!te)
			return ow_err_at(err, OW_EPARSE, buf, st,
					 "reuters-sgml: <REUTERS> start tag "
					 "is not closed by '>'");
		/* the element ends at its close tag, or where the next one
		 * starts: one forward scan, whatever is missing */
		struct span el = find_elem(buf, st, len, "REUTERS", NULL);
		size_t end = el.e, raw_end = after_close(buf, el, len);
		bool closed = el.closed;
		int rc = read_element(r, o, buf, st, te, end, raw_end, closed,
				      err);
		if (rc)
			return rc;
		n_elems++;
		pos = raw_end > st ? raw_end : st + 1;
	}
	if (!n_elems)
		return ow_err_set(err, OW_EPARSE,
				  "reuters-sgml: no <REUTERS> element found");
	return 0;
}
