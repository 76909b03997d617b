/* Words for comparison: the character-level reader (lowercasing, Latin
 * diacritics folded, punctuation stripped, "U.S." and "3.5" kept whole,
 * possessives dropped, URLs and e-mail addresses skipped), function words,
 * names told from capitals, and from the tokens a story's terms (tf
 * weights), word shingles and MinHash signature. Boilerplate is removed
 * before this, in cluster_text.c. */
#include "cluster/cluster_int.h"

#include "common/buf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------- function words */

/* English function words, reporting verbs, and agency
 * names as they appear in attribution ("told Reuters"). */
static const char *const stopwords[] = {
	"a",       "about",   "above",   "afp",     "after",      "again",
	"against", "all",     "almost",  "also",    "am",         "among",
	"an",      "and",     "any",     "ap",      "are",        "as",
	"at",      "be",      "because", "been",    "before",     "being",
	"below",   "between", "both",    "but",     "by",         "can",
	"cant",    "could",   "did",     "didnt",   "do",         "does",
	"doesnt",  "doing",   "dont",    "down",    "during",     "each",
	"either",  "else",    "ever",    "few",     "for",        "from",
	"further", "had",     "has",     "have",    "having",     "he",
	"her",     "here",    "hers",    "herself", "him",        "himself",
	"his",     "how",     "however", "i",       "if",         "in",
	"into",    "is",      "isnt",    "it",      "its",        "itself",
	"just",    "least",   "less",    "like",    "many",       "may",
	"me",      "might",   "more",    "most",    "much",       "must",
	"my",      "myself",  "neither", "no",      "nor",        "not",
	"now",     "of",      "off",     "on",      "once",       "one",
	"only",    "or",      "other",   "our",     "ours",       "out",
	"over",    "own",     "per",     "rather",  "reuter",     "reuters",
	"said",    "same",    "say",     "says",    "she",        "should",
	"since",   "so",      "some",    "such",    "than",       "that",
	"the",     "their",   "theirs",  "them",    "themselves", "then",
	"there",   "these",   "they",    "this",    "those",      "though",
	"through", "thus",    "to",      "told",    "too",        "under",
	"until",   "up",      "upon",    "very",    "via",        "was",
	"wasnt",   "we",      "were",    "what",    "when",       "where",
	"whether", "which",   "while",   "who",     "whom",       "whose",
	"why",     "will",    "with",    "within",  "without",    "wont",
	"would",   "xinhua",  "yet",     "you",     "your",       "yours",
};

void cdoc_init_stopwords(struct cdoc *d)
{
	const size_t cap = sizeof d->stop / sizeof *d->stop;
	memset(d->stop, 0, sizeof d->stop);
	for (size_t i = 0; i < sizeof stopwords / sizeof *stopwords; i++) {
		uint64_t h = chash_bytes(stopwords[i], strlen(stopwords[i]));
		size_t j = (size_t)h & (cap - 1);
		while (d->stop[j])
			j = (j + 1) & (cap - 1);
		d->stop[j] = h;
	}
}

static bool is_stopword(const struct cdoc *d, uint64_t h)
{
	const size_t cap = sizeof d->stop / sizeof *d->stop;
	for (size_t j = (size_t)h & (cap - 1); d->stop[j];
	     j = (j + 1) & (cap - 1))
		if (d->stop[j] == h)
			return true;
	return false;
}

/* -------------------------------------------------------------- folding */

/* U+00C0..U+00FF to ASCII: a letter, ' ' for the two signs (× ÷), '*' for
 * the two-letter folds (Æ Þ ß). */
static const char latin1[] = "aaaaaa*ceeeeiiii"
			     "dnooooo ouuuuy**"
			     "aaaaaa*ceeeeiiii"
			     "dnooooo ouuuuy*y";
/* U+0100..U+017F (Latin Extended-A): '*' is "ij", '#' is "oe". */
static const char latin_a[] =
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkk"
	"llllllllllnnnnnnnnnoooooo##rrrrrrssssssssttttttuuuuuuuuuuuu"
	"wwyyyzzzzzzs";

_Static_assert(sizeof latin1 == 65, "latin1 covers U+00C0..U+00FF");
_Static_assert(sizeof latin_a == 129, "latin_a covers U+0100..U+017F");

static bool latin_a_upper(unsigned cp)
{
	if (cp <= 0x137)
		return !(cp & 1);
	if (cp >= 0x139 && cp <= 0x148)
		return cp & 1;
	if (cp >= 0x14a && cp <= 0x177)
		return !(cp & 1);
	if (cp == 0x178)
		return true;
	return cp >= 0x179 && cp <= 0x17e && (cp & 1);
}

/* Code points that separate words: Latin-1 signs, general punctuation,
 * currency, arrows and symbols, CJK and fullwidth punctuation, emoji,
 * private use, and anything undecodable (cp 0). */
static bool is_separator(unsigned cp)
{
	return cp == 0 || (cp >= 0x80 && cp <= 0xbf) || cp == 0xd7 ||
	       cp == 0xf7 || (cp >= 0x2000 && cp <= 0x2bff) ||
	       (cp >= 0x3000 && cp <= 0x303f) ||
	       (cp >= 0xe000 && cp <= 0xf8ff) ||
	       (cp >= 0xfe10 && cp <= 0xfe6f) || cp == 0xfeff ||
	       (cp >= 0xff01 && cp <= 0xff0f) ||
	       (cp >= 0xff1a && cp <= 0xff20) ||
	       (cp >= 0xff3b && cp <= 0xff40) ||
	       (cp >= 0xff5b && cp <= 0xff65) ||
	       (cp >= 0x1f000 && cp <= 0x1faff);
}

/* Decodes one UTF-8 sequence; *cp = 0 for an invalid one (1 byte used). */
static size_t utf8_next(const char *s, size_t len, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned c = u[0], n, v;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, v = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, v = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, v = c & 0x07;
	else
		return *cp = 0, 1;
	if (len < n)
		return *cp = 0, 1;
	for (unsigned i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return *cp = 0, 1;
		v = (v << 6) | (u[i] & 0x3f);
	}
	static const unsigned min[5] = {0, 0, 0x80, 0x800, 0x10000};
	if (v < min[n] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return *cp = 0, 1;
	*cp = v;
	return n;
}

/* ---------------------------------------------------------------- words */

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

bool creader_done(const struct creader *r)
{
	return r->stop || (r->in_head ? r->head_left <= 0 : r->budget <= 0);
}

/* Appends bytes of a word; a word past CLUSTER_WORD_MAX is cut. */
static void word_put(struct creader *r, const char *p, size_t n, bool upper,
		     bool alpha, bool digit)
{
	if (!r->wl) {
		r->w_cap = upper;
		r->w_alpha = alpha;
		r->w_digit = false;
		r->w_acro = false;
		r->seg = 0;
	}
	r->w_digit |= digit;
	r->seg++;
	if (r->wl + n <= sizeof r->w) {
		memcpy(r->w + r->wl, p, n);
		r->wl += n;
	}
}

static void put_ascii(struct creader *r, char c)
{
	bool up = c >= 'A' && c <= 'Z';
	char lc = up ? (char)(c + 32) : c;
	word_put(r, &lc, 1, up, is_alpha(c), is_digit(c));
}

static void put_cp(struct creader *r, unsigned cp, bool upper)
{
	char b[4];
	size_t n;
	if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	word_put(r, b, n, upper, true, false);
}

/* One code point above ASCII: folded to ASCII letters, lowercased (Greek,
 * Cyrillic), kept as it is (other scripts), or a separator. */
static void put_wide(struct creader *r, unsigned cp)
{
	const char *fold = NULL;
	char one[2] = {0, 0};
	bool up = false;
	if (cp >= 0xc0 && cp <= 0xff) {
		one[0] = latin1[cp - 0xc0];
		up = cp <= 0xde;
		fold = one;
		if (one[0] == '*')
			fold = (cp & 0x1f) == 0x06 ? "ae"
			       : cp == 0xdf        ? "ss"
						   : "th";
	} else if (cp >= 0x100 && cp <= 0x17f) {
		one[0] = latin_a[cp - 0x100];
		up = latin_a_upper(cp);
		fold = one[0] == '*' ? "ij" : one[0] == '#' ? "oe" : one;
	} else if (cp >= 0x218 && cp <= 0x21b) { /* Romanian comma-below */
		one[0] = cp < 0x21a ? 's' : 't';
		up = !(cp & 1);
		fold = one;
	}
	if (fold) {
		for (size_t i = 0; fold[i]; i++)
			word_put(r, fold + i, 1, up && !r->wl, true, false);
		return;
	}
	if (cp >= 0x391 && cp <= 0x3a9)
		put_cp(r, cp + 0x20, true);
	else if (cp >= 0x410 && cp <= 0x42f)
		put_cp(r, cp + 0x20, true);
	else if (cp >= 0x400 && cp <= 0x40f)
		put_cp(r, cp + 0x50, true);
	else
		put_cp(r, cp, false);
}

/* Harman's "S" stemmer, so that "bank" and "banks" are one term:
 * -ies -> -y, -es -> -e, -s -> "" (not -ss, -us, -is, -aes, -ees, -oes).
 * Returns the stem's length; the "y" of -ies is written in place. */
static size_t stem_len(char *w, size_t n)
{
	if (n < 4 || w[n - 1] != 's' || !is_alpha(w[n - 2]))
		return n;
	char p = w[n - 2], pp = w[n - 3];
	if (p == 'e' && pp == 'i' && n > 4 && w[n - 4] != 'e' &&
	    w[n - 4] != 'a') {
		w[n - 3] = 'y';
		return n - 2;
	}
	if (p == 'e' && (pp == 'a' || pp == 'e' || pp == 'o'))
		return n;
	if (p == 's' || p == 'u' || p == 'i')
		return n;
	return n - 1;
}

static void emit(struct creader *r)
{
	struct cdoc *d = r->d;
	uint64_t h = chash_bytes(r->w, r->wl);
	bool stop = !r->w_digit && r->wl <= 10 && is_stopword(d, h);
	uint8_t f = 0;
	if (stop)
		f |= TOK_STOP;
	if (r->w_digit)
		f |= TOK_NUM;
	if (r->in_head)
		f |= TOK_HEAD;
	if (r->w_cap && !r->sent_start && !stop)
		f |= TOK_CAP;
	if (!stop && r->w_alpha) {
		r->n_content++;
		r->n_capital += r->w_cap;
	}
	if (d->n_tok < d->max_tok) {
		d->tok[d->n_tok].h = h;
		char st[sizeof r->w];
		memcpy(st, r->w, r->wl);
		d->tok[d->n_tok].stem = chash_bytes(st, stem_len(st, r->wl));
		d->tok[d->n_tok].flags = f;
		d->n_tok++;
	}
	if (r->words) {
		if (r->words->len)
			buf_putc(r->words, ' ');
		buf_append(r->words, r->w, r->wl);
	}
	if (r->in_head)
		r->head_left--;
	else
		r->budget--;
	r->sent_start = false;
	r->wl = 0;
}

void creader_break(struct creader *r, bool sentence)
{
	bool acro = r->wl && r->w_acro;
	if (r->wl)
		emit(r);
	if (sentence && !acro)
		r->sent_start = true;
}

/* A URL or an e-mail address starting at s: skipped whole. */
static size_t skip_chunk(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && !is_space((unsigned char)s[i]))
		i++;
	return i;
}

static bool url_at(const char *s, size_t len)
{
	return (len > 7 && !memcmp(s, "http://", 7)) ||
	       (len > 8 && !memcmp(s, "https://", 8)) ||
	       (len > 4 && !memcmp(s, "www.", 4));
}

void creader_feed(struct creader *r, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && !creader_done(r)) {
		unsigned char c = (unsigned char)s[i];
		char next = i + 1 < len ? s[i + 1] : 0;
		char next2 = i + 2 < len ? s[i + 2] : 0;
		if (!r->wl && (c == 'h' || c == 'w') &&
		    url_at(s + i, len - i)) {
			i += skip_chunk(s + i, len - i);
			continue;
		}
		if (c >= 0x80) {
			unsigned cp;
			size_t n = utf8_next(s + i, len - i, &cp);
			/* a typographic apostrophe inside a word */
			if (cp == 0x2019 && r->wl && i + n < len &&
			    is_alpha(s[i + n])) {
				i += n;
				if ((s[i] == 's' || s[i] == 'S') &&
				    (i + 1 >= len || !is_alpha(s[i + 1])))
					i++;
				continue;
			}
			if (is_separator(cp))
				creader_break(r, cp == 0x3002);
			else
				put_wide(r, cp);
			i += n;
			continue;
		}
		if (is_alpha(c) || is_digit(c)) {
			put_ascii(r, (char)c);
			i++;
		} else if (c == '\'' && r->wl && is_alpha(next)) {
			/* "Fed's" -> fed, "don't" -> dont */
			i += (next == 's' || next == 'S') && !is_alpha(next2)
				     ? 2
				     : 1;
		} else if ((c == '.' || c == ',') && r->wl &&
			   is_digit(r->w[r->wl - 1]) && is_digit(next)) {
			if (c == '.') /* 3.5 stays one number; 1,000 is 1000 */
				put_ascii(r, '.');
			i++;
		} else if (c == '.' && r->wl && r->seg == 1 &&
			   is_alpha(r->w[r->wl - 1]) && is_alpha(next) &&
			   (next2 == '.')) {
			r->w_acro = true; /* U.S. -> us */
			r->seg = 0;
			i++;
		} else if (c == '@') {
			r->wl = 0; /* an address: the part read is dropped */
			i += skip_chunk(s + i, len - i);
		} else {
			bool acro_end = c == '.' && r->w_acro;
			creader_break(r, !acro_end && (c == '.' || c == '!' ||
						       c == '?'));
			i++;
		}
	}
}

void creader_begin_field(struct creader *r, bool head)
{
	r->in_head = head;
	r->wl = 0;
	r->sent_start = true;
	r->field_start = r->d->n_tok;
	r->n_content = r->n_capital = 0;
}

void creader_end_field(struct creader *r)
{
	bool was_done = creader_done(r);
	if (r->wl && !was_done)
		emit(r);
	r->wl = 0;
	/* Capitals name things only in sentence case: in a title-case or
	 * all-capitals field every word has one. */
	bool sentence_case =
		r->n_content >= 3 && r->n_capital * 4 <= r->n_content * 3;
	struct cdoc *d = r->d;
	for (size_t i = r->field_start; i < d->n_tok; i++) {
		if ((d->tok[i].flags & TOK_CAP) && sentence_case)
			d->tok[i].flags |= TOK_NAME;
		d->tok[i].flags &= (uint8_t)~TOK_CAP;
	}
}

/* ---------------------------------------------------- terms and shingles */

struct cterm *cdoc_term(const struct cdoc *d, uint64_t h)
{
	for (size_t i = (size_t)h & (d->tcap - 1);;
	     i = (i + 1) & (d->tcap - 1)) {
		if (d->tkey[i] == h)
			return &d->terms[d->tval[i]];
		if (!d->tkey[i])
			return NULL;
	}
}

void cdoc_finish(struct cdoc *d, int shingle_words)
{
	/* terms: distinct stems of non-stop words; a headline occurrence
	 * counts 2 */
	memset(d->tkey, 0, d->tcap * sizeof *d->tkey);
	d->n_terms = 0;
	for (size_t k = 0; k < d->n_tok; k++) {
		const struct ctok *t = &d->tok[k];
		if (t->flags & TOK_STOP)
			continue;
		float tf = (t->flags & TOK_HEAD) ? 2.0f : 1.0f;
		uint8_t f = t->flags & (TOK_NAME | TOK_NUM | TOK_HEAD);
		size_t i = (size_t)t->stem & (d->tcap - 1);
		while (d->tkey[i] && d->tkey[i] != t->stem)
			i = (i + 1) & (d->tcap - 1);
		if (d->tkey[i]) {
			d->terms[d->tval[i]].w += tf;
			d->terms[d->tval[i]].flags |= f;
			continue;
		}
		d->tkey[i] = t->stem;
		d->tval[i] = (uint32_t)d->n_terms;
		d->terms[d->n_terms++] = (struct cterm){t->stem, tf, f};
	}
	for (size_t i = 0; i < d->n_terms; i++)
		d->terms[i].w = 1.0f + logf(d->terms[i].w);

	/* shingles: every run of n words; a shorter text is one shingle */
	size_t n = shingle_words > 0 ? (size_t)shingle_words : 1;
	d->n_shingles = 0;
	if (d->n_tok && d->n_tok < n)
		n = d->n_tok;
	for (size_t i = 0; d->n_tok && i + n <= d->n_tok; i++) {
		uint64_t h = 0x7368696e676c65ull; /* "shingle" */
		for (size_t j = 0; j < n; j++)
			h = chash_mix(h ^ d->tok[i + j].h);
		d->shingles[d->n_shingles++] = h;
	}
	csig_minhash(d->shingles, d->n_shingles, d->sig);
}
