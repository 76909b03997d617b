/* What of a story is compared: the headline without its version marks and
 * wire tags, then the lede and the first body words without the agency
 * boilerplate (bylines, datelines, "(Reuters)" tags, sign-offs such as
 * "(Reporting by ...)", contact blocks, end markers), so that two different
 * stories sharing all of that share nothing for it. Every read is bounded:
 * words by the config, bytes by a multiple of it. The words themselves are
 * made in cluster_words.c. */
#include "cluster/cluster_int.h"

#include "common/arena.h"
#include "common/buf.h"
#include "common/ow_error.h"
#include "common/str.h"
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

#define LINE_MAX_BYTES 2048 /* a longer line is read in pieces */

/* ------------------------------------------------------------- agencies */

/* Names that make a parenthesised or trailing tag an agency's. */
static const char *const agencies[] = {
	"aa",    "aap",     "afp",       "agence",   "anadolu", "ani",
	"anp",   "ansa",    "antara",    "ap",       "apa",     "associated",
	"belga", "bernama", "bloomberg", "bna",      "cna",     "cp",
	"dpa",   "efe",     "ians",      "interfax", "irna",    "itar",
	"kuna",  "kyodo",   "mena",      "novosti",  "ntb",     "pa",
	"petra", "pti",     "reuter",    "reuters",  "ria",     "ritzau",
	"sana",  "sapa",    "sda",       "stt",      "tass",    "tt",
	"upi",   "wam",     "xinhua",    "yonhap",   NULL};
/* Words that may stand beside them: "(The Associated Press)". */
static const char *const agency_extra[] = {
	"the",   "press",  "france",   "presse",    "dow", "jones", "news",
	"wires", "agency", "agencies", "newswires", "via", "and",   NULL};

static bool word_in(const char *w, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && str_starts_with_ci(w, n, *list))
			return true;
	return false;
}

static bool tag_sep(char c)
{
	return c == ' ' || c == '/' || c == ',' || c == '-' || c == '&' ||
	       c == ';';
}

/* "Reuters", "AP/dpa", "The Associated Press": agency names only. */
static bool is_agency_tag(const char *s, size_t n)
{
	str_trim(&s, &n);
	if (!n || n > 40)
		return false;
	bool core = false;
	for (size_t i = 0; i < n;) {
		while (i < n && tag_sep(s[i]))
			i++;
		size_t st = i;
		while (i < n && !tag_sep(s[i]))
			i++;
		if (i == st)
			break;
		if (word_in(s + st, i - st, agencies))
			core = true;
		else if (!word_in(s + st, i - st, agency_extra))
			return false;
	}
	return core;
}

/* ------------------------------------------------------------ headlines */

/* Wire tags before a headline: "BRIEF-", "WRAPUP 2-", "EXCLUSIVE:". */
static const char *const head_tags[] = {"ALERT",
					"ANALYSIS",
					"BREAKING",
					"BREAKINGVIEWS",
					"BRIEF",
					"BULLETIN",
					"COLUMN",
					"CORRECTED",
					"DIARY",
					"EXCLUSIVE",
					"FACTBOX",
					"FEATURE",
					"FLASH",
					"GLOBAL MARKETS",
					"HIGHLIGHTS",
					"INSIGHT",
					"INSTANT VIEW",
					"INTERVIEW",
					"PHOTOS",
					"POLL",
					"PREVIEW",
					"REFILE",
					"RPT",
					"SCENARIOS",
					"SPECIAL REPORT",
					"TABLE",
					"TIMELINE",
					"UPDATE",
					"URGENT",
					"VIDEO",
					"WATCH",
					"WRAPUP",
					NULL};
/* Media tags after one: "(VIDEO)", "(PHOTOS)". */
static const char *const tail_tags[] = {
	"audio",  "exclusive", "graphic",  "interview", "live",
	"photo",  "photos",    "pictures", "poll",      "slideshow",
	"update", "updated",   "video",    "watch",     NULL};

static size_t lead_tag(const char *s, size_t n)
{
	for (const char *const *t = head_tags; *t; t++) {
		size_t tl = strlen(*t);
		if (n <= tl || memcmp(s, *t, tl))
			continue;
		size_t i = tl;
		if (i + 1 < n && s[i] == ' ' && s[i + 1] >= '0' &&
		    s[i + 1] <= '9') {
			i++;
			while (i < n && s[i] >= '0' && s[i] <= '9')
				i++;
		}
		if (i < n && (s[i] == '-' || s[i] == ':')) {
			i++;
			while (i < n && s[i] == ' ')
				i++;
			return i < n ? i : 0;
		}
	}
	return 0;
}

/* Strips one trailing tag; returns whether it did. */
static bool trail_tag(const char *s, size_t *n)
{
	size_t len = *n;
	if (len > 2 && s[len - 1] == ')') {
		size_t open = len - 1;
		while (open > 0 && s[open] != '(' && len - open < 16)
			open--;
		if (s[open] != '(' || open == 0)
			return false;
		const char *in = s + open + 1;
		size_t il = len - open - 2;
		bool digits = il >= 1 && il <= 2;
		for (size_t i = 0; i < il; i++)
			digits &= in[i] >= '0' && in[i] <= '9';
		/* "(2)": Bloomberg's update count; "(VIDEO)" */
		if (!digits && !word_in(in, il, tail_tags))
			return false;
		*n = open;
		str_trim(&s, n);
		return true;
	}
	/* "... - Reuters", "... | AP" */
	for (size_t i = len; i-- > 2;) {
		if (s[i - 1] != ' ' || !(s[i] == '-' || s[i] == '|'))
			continue;
		if (i + 1 < len && s[i + 1] != ' ')
			continue;
		if (!is_agency_tag(s + i + 1, len - i - 1))
			return false;
		*n = i - 1;
		str_trim(&s, n);
		return *n > 0;
	}
	return false;
}

static void read_headline(struct creader *r, struct arena *a, const char *h)
{
	struct mark_info mi;
	const char *s = h;
	if (!mark_parse_headline(a, h, &mi) && mi.stripped)
		s = mi.stripped;
	size_t n = strnlen(s, LINE_MAX_BYTES);
	str_trim(&s, &n);
	for (int guard = 0; guard < 4; guard++) {
		size_t used = lead_tag(s, n);
		if (!used)
			break;
		s += used;
		n -= used;
	}
	for (int guard = 0; guard < 4 && trail_tag(s, &n); guard++)
		;
	creader_feed(r, s, n);
}

/* ---------------------------------------------------------- boilerplate */

/* Lines that end the copy: sign-offs and what follows them. A letter must
 * be a capital ("Reporting by", not "reporting by the Times"). */
static const char *const signoffs[] = {
	"reporting by",     "additional reporting",
	"writing by",       "editing by",
	"edited by",        "compiled by",
	"reported by",      "contributed reporting",
	"contact:",         "contacts:",
	"copyright",        "all rights reserved",
	"keywords:",        "follow us",
	"follow reuters",   "for more information",
	"our standards",    "read more:",
	"related coverage", "see also:",
	"click here",       "-- reuters",
	"--reuters",        "(c) ",
	"\xc2\xa9",         NULL};
static bool starts_any(const char *s, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (str_starts_with_ci(s, n, *list))
			return true;
	return false;
}

/* The same inside parentheses, anywhere in a line. */
static const char *const paren_signoffs[] = {"reporting by",
					     "additional reporting",
					     "writing by",
					     "editing by",
					     "edited by",
					     "compiled by",
					     "reported by",
					     "via ",
					     NULL};

static bool is_signoff(const char *s, size_t n)
{
	/* the first bytes of every entry below: most lines need no more */
	if (!n || !strchr("RAWECKFOSDrawecKfosd(-\xc2", s[0]))
		return false;
	if (s[0] >= 'a' && s[0] <= 'z')
		return false;
	/* "(Reporting by ...)" opening a line closes the copy too */
	if (n > 1 && s[0] == '(' && !str_starts_with_ci(s + 1, n - 1, "via ") &&
	    starts_any(s + 1, n - 1, paren_signoffs))
		return true;
	return starts_any(s, n, signoffs);
}

/* "By Jane Smith", "BY JANE SMITH, Associated Press": a short line of
 * capitalised words after "By". */
static bool is_byline(const char *s, size_t n)
{
	if (n < 4 ||
	    !(s[0] == 'B' && (s[1] == 'y' || s[1] == 'Y') && s[2] == ' '))
		return false;
	if (!(s[3] >= 'A' && s[3] <= 'Z'))
		return false;
	int words = 1;
	for (size_t i = 1; i < n; i++)
		words += s[i] == ' ' && s[i - 1] != ' ';
	return words <= 8;
}

/* "____", "-----", "* * *": a rule between the story and what follows. */
static bool is_rule(const char *s, size_t n)
{
	if (n < 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("_-=*~# ", s[i]))
			return false;
	return true;
}

static bool is_agency_line(const char *s, size_t n)
{
	while (n && (s[n - 1] == '.' || s[n - 1] == '^' || s[n - 1] == ' '))
		n--;
	return n <= 24 && is_agency_tag(s, n);
}

/* "X contributed to this report", "... contributed reporting". */
static bool is_credit(const char *s, size_t n)
{
	for (size_t i = 0; i + 11 < n; i++) {
		if ((s[i] | 32) != 'c' ||
		    !str_starts_with_ci(s + i, n - i, "contributed "))
			continue;
		if (str_starts_with_ci(s + i + 12, n - i - 12,
				       "to this report") ||
		    str_starts_with_ci(s + i + 12, n - i - 12, "reporting"))
			return true;
	}
	return false;
}

static const char *find_close2(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == ')' && s[i + 1] == ')')
			return s + i;
	return NULL;
}

/* One line of text with inline boilerplate cut out: "(Reuters)",
 * "(Reporting by ...)", "((contact block))". A sign-off or contact block
 * that does not close on its line ends the copy. */
static void feed_line(struct creader *r, const char *s, size_t n)
{
	size_t seg = 0, i = 0;
	while (i < n && !creader_done(r)) {
		if (s[i] != '(') {
			i++;
			continue;
		}
		const char *close = memchr(s + i + 1, ')', n - i - 1);
		size_t in = i + 1, end = close ? (size_t)(close - s) : n;
		bool dbl = in < n && s[in] == '(';
		bool sign =
			!dbl && starts_any(s + in, end - in, paren_signoffs);
		bool tag = !dbl && close && is_agency_tag(s + in, end - in);
		if (!dbl && !sign && !tag) {
			i++;
			continue;
		}
		creader_feed(r, s + seg, i - seg);
		creader_break(r, false);
		if (dbl) {
			const char *c2 = find_close2(s + in + 1, n - in - 1);
			if (!c2) {
				r->stop = true;
				return;
			}
			i = (size_t)(c2 - s) + 2;
		} else if (!close) {
			r->stop = true;
			return;
		} else {
			i = end + 1;
		}
		seg = i;
	}
	creader_feed(r, s + seg, n - seg);
}

/* A cheap look before dateline_parse: a capital first, and a dash (" -",
 * " _", an en or em dash) in the first 160 bytes, where it looks. */
static bool may_be_dateline(const char *s, size_t n)
{
	if (!n ||
	    !((s[0] >= 'A' && s[0] <= 'Z') || (unsigned char)s[0] >= 0xc0))
		return false;
	size_t lim = n < 160 ? n : 160;
	for (size_t i = 1; i < lim; i++) {
		if (s[i - 1] == ' ' && (s[i] == '-' || s[i] == '_'))
			return true;
		if ((unsigned char)s[i - 1] == 0xe2 &&
		    (unsigned char)s[i] == 0x80)
			return true;
	}
	return false;
}

/* The next line of text at *p (at most LINE_MAX_BYTES, cut at a space
 * where it can be); advances *p past it. */
static size_t next_line(const char **p, const char **line)
{
	const char *s = *p;
	size_t n = 0;
	while (n < LINE_MAX_BYTES && s[n] && s[n] != '\n')
		n++;
	if (n == LINE_MAX_BYTES && s[n] && s[n] != '\n') {
		size_t cut = n;
		while (cut > n - 64 && s[cut - 1] != ' ')
			cut--;
		if (cut > n - 64)
			n = cut;
	}
	*line = s;
	*p = s + n + (s[n] == '\n');
	return n;
}

/* Lede or body text, line by line. `top`: the text opens the story, so a
 * byline and a dateline may lead it. */
static void read_text(struct creader *r, struct arena *a, const char *text,
		      bool top, size_t *bytes_left)
{
	const char *p = text;
	bool head = top;
	size_t start = r->d->n_tok;
	while (*p && !creader_done(r) && *bytes_left) {
		const char *s;
		size_t n = next_line(&p, &s);
		*bytes_left -= n < *bytes_left ? n : *bytes_left;
		str_trim(&s, &n);
		if (!n)
			continue;
		if (head) {
			if (is_byline(s, n))
				continue;
			head = false;
			struct dateline dl;
			size_t used;
			if (may_be_dateline(s, n) &&
			    dateline_parse(a, s, n, &dl, &used)) {
				s += used;
				n -= used;
			}
		}
		if (text_is_end_marker(s, n) || is_signoff(s, n)) {
			r->stop = true;
			return;
		}
		if (is_rule(s, n) || is_agency_line(s, n)) {
			/* after the copy: the end; before it: a header */
			if (r->d->n_tok > start) {
				r->stop = true;
				return;
			}
			continue;
		}
		if (is_credit(s, n))
			continue;
		text_strip_trailing_marker(s, &n);
		feed_line(r, s, n);
		creader_break(r, false);
	}
}

/* -------------------------------------------------------------- a story */

int cdoc_init(struct cdoc *d, int body_words)
{
	memset(d, 0, sizeof *d);
	d->max_tok = CLUSTER_HEAD_WORDS + (size_t)body_words;
	d->tcap = 16;
	while (d->tcap < 2 * d->max_tok)
		d->tcap *= 2;
	d->tok = malloc(d->max_tok * sizeof *d->tok);
	d->terms = malloc(d->max_tok * sizeof *d->terms);
	d->shingles = malloc(d->max_tok * sizeof *d->shingles);
	d->tkey = calloc(d->tcap, sizeof *d->tkey);
	d->tval = malloc(d->tcap * sizeof *d->tval);
	d->df = malloc(d->max_tok * sizeof *d->df);
	if (!d->tok || !d->terms || !d->shingles || !d->tkey || !d->tval ||
	    !d->df) {
		cdoc_free(d);
		return OW_ENOMEM;
	}
	cdoc_init_stopwords(d);
	return 0;
}

void cdoc_free(struct cdoc *d)
{
	free(d->tok);
	free(d->terms);
	free(d->shingles);
	free(d->tkey);
	free(d->tval);
	free(d->df);
	memset(d, 0, sizeof *d);
}

int cdoc_read(struct cdoc *d, const struct cluster_story *s, int body_words,
	      int shingle_words, struct buf *words)
{
	struct arena *a = arena_new();
	if (!a)
		return OW_ENOMEM;
	/* bytes read are bounded too: text of punctuation holds no words */
	size_t bytes_left = (size_t)body_words * 64 + 4 * LINE_MAX_BYTES;
	struct creader r = {.d = d,
			    .words = words,
			    .budget = body_words,
			    .head_left = CLUSTER_HEAD_WORDS};
	d->n_tok = 0;
	creader_begin_field(&r, true);
	if (s->headline)
		read_headline(&r, a, s->headline);
	creader_end_field(&r);

	/* lede and body: one field, so its case is judged on enough words */
	r.stop = false;
	creader_begin_field(&r, false);
	bool top = true;
	if (s->lede && *s->lede) {
		read_text(&r, a, s->lede, true, &bytes_left);
		creader_break(&r, true);
		top = false;
	}
	if (s->body && !r.stop)
		read_text(&r, a, s->body, top, &bytes_left);
	creader_end_field(&r);
	arena_free(a);
	cdoc_finish(d, shingle_words);
	return words && words->err ? words->err : 0;
}
