/* IPTC 7901, the framing European agencies (dpa first) send text in. Not for
 * ANPA-1312, whose framing looks alike (anpa.c). One message:
 *
 *   SOH eca062 4 i 211 ccccb   dpa 061 CR LF   source + message number,
 *                                            priority 1-6, category, word
 *                                            count, optional information
 *   Germany-politics/                       keyword (slug) ending in '/'
 *   STX REFILE                              take keys (dpa: "1ST LEAD",
 *       1ST LEAD                            "EXTRA", "(Achtung)")
 *       Coalition talks could fail           headline
 *       By Manuel Schwarz, dpa =             byline; " =" ends the heading
 *
 *   Berlin (dpa) - Negotiations ...          paragraphs, blank-line apart
 *
 *   # Notebook                               dpa's notes to editors and the
 *   The following information is not for    block "not for publication":
 *   publication ...                          both go to the ednote
 *   dpa wsz jln                              desk initials, dropped
 *   ETX 131137 GMT Nov 13 DEL EOT            sent at: DDHHMM zone month YY
 *
 * A file may hold many messages; each gives one version with raw_off and
 * raw_len set. Text that is not UTF-8 is read as Windows-1252 (a superset of
 * Latin-1's printable range, which dpa sends). Broken frames (no STX, no
 * ETX) are skipped with an input-level warning naming their byte offset
 * when another message parsed, else the parse fails naming the first. */
#include "formats/formats_int.h"

#include "common/buf.h"
#include "common/str.h"

#include <string.h>

enum { SOH = 0x01, STX = 0x02, ETX = 0x03, EOT = 0x04 };

#define HEADER_MAX 1024 /* bytes from SOH to STX */
#define HEADING_LINES 8 /* lines after STX that may hold the heading */
#define TRAILER_MAX 256
#define KEY_MAX 40 /* a take key is a short line */

/* ---------------------------------------------------------------- framing */

struct frame {
	size_t soh, stx, etx, end; /* end: one past EOT, or the next SOH */
	bool has_eot;
	const char *problem; /* why the frame cannot be read; NULL if whole */
	size_t problem_at;
};

static bool next_frame(const char *buf, size_t len, size_t pos, struct frame *f)
{
	const char *p = pos < len ? memchr(buf + pos, SOH, len - pos) : NULL;
	if (!p)
		return false;
	memset(f, 0, sizeof *f);
	f->soh = (size_t)(p - buf);
	size_t lim = len - f->soh > HEADER_MAX ? f->soh + HEADER_MAX : len;
	size_t i = f->soh + 1;
	while (i < lim && buf[i] != STX && buf[i] != SOH && buf[i] != ETX &&
	       buf[i] != EOT)
		i++;
	if (i >= lim || buf[i] != STX) {
		f->problem_at = f->soh;
		if (i >= len)
			f->problem = "message header has no STX (truncated)";
		else if (i >= lim)
			f->problem = "no STX within 1024 bytes of the SOH";
		else
			f->problem = "message header ends before its STX";
		const char *nx =
			memchr(buf + f->soh + 1, SOH, len - f->soh - 1);
		f->end = nx ? (size_t)(nx - buf) : len;
		return true;
	}
	f->stx = i;
	for (i = f->stx + 1; i < len && buf[i] != ETX && buf[i] != SOH; i++)
		;
	if (i >= len || buf[i] == SOH) {
		f->problem_at = f->stx;
		f->problem = i >= len ? "text has no ETX (message truncated)"
				      : "text has no ETX before the next "
					"message's SOH (message truncated)";
		f->end = i;
		return true;
	}
	f->etx = i;
	for (i = f->etx + 1; i < len && buf[i] != EOT && buf[i] != SOH; i++)
		;
	f->has_eot = i < len && buf[i] == EOT;
	f->end = f->has_eot ? i + 1 : i;
	return true;
}

/* ----------------------------------------------------------------- probe */

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "eca062 4 i 211": source letters and number, a priority digit, a
 * category of letters, a word count. Returns bytes read, 0 if not that. */
static size_t header_shape(const char *s, size_t n)
{
	size_t i = 0, st;
	while (i < n && i < 12 && is_alpha(s[i]))
		i++;
	st = i;
	while (i < n && i - st < 8 && is_digit(s[i]))
		i++;
	if (i == 0 || i == st || i + 2 > n || s[i] != ' ')
		return 0;
	i++;
	if (!is_digit(s[i]) || i + 1 >= n || s[i + 1] != ' ')
		return 0;
	i += 2;
	st = i;
	while (i < n && i - st < 4 && is_alpha(s[i]))
		i++;
	if (i == st || i >= n || s[i] != ' ')
		return 0;
	i++;
	st = i;
	while (i < n && i - st < 6 && is_digit(s[i]))
		i++;
	return i > st ? i : 0;
}

int iptc7901_probe(const char *buf, size_t len)
{
	size_t i = 0;
	while (i < len && i < 8 && (buf[i] == '\r' || buf[i] == '\n'))
		i++;
	if (i >= len || buf[i] != SOH)
		return 0;
	i++;
	size_t used = header_shape(buf + i, len - i);
	if (!used)
		return 0;
	int score = 80;
	size_t lim = len < HEADER_MAX ? len : HEADER_MAX;
	for (size_t k = i + used; k < lim; k++) {
		if (buf[k] == 0x1F || buf[k] == 0x13 || buf[k] == 0x14)
			return 0; /* ANPA's separator and format codes */
		if (buf[k] == STX) {
			score += 10;
			break;
		}
	}
	return score;
}

/* ---------------------------------------------------------------- header */

struct header {
	const char *id;       /* "eca062" */
	int priority;         /* 1..6; 0 if not stated */
	const char *category; /* "i" */
	int word_count;       /* -1 if not stated */
	const char *agency;   /* "dpa" from the optional information */
};

/* Tokens of the header line; the agency is the name before the last number
 * of the optional information ("ccccb   dpa 061"). */
static const char *parse_header(struct parse_result *r, const char *s, size_t n,
				struct header *h)
{
	memset(h, 0, sizeof *h);
	h->word_count = -1;
	size_t e = 0;
	while (e < n && s[e] != '\r' && s[e] != '\n')
		e++;
	const char *tok[12];
	size_t tl[12];
	int nt = 0;
	for (size_t i = 0; i < e && nt < 12;) {
		while (i < e && s[i] == ' ')
			i++;
		size_t st = i;
		while (i < e && s[i] != ' ')
			i++;
		if (i > st) {
			tok[nt] = s + st;
			tl[nt++] = i - st;
		}
	}
	size_t k = 0;
	while (nt >= 1 && k < tl[0] &&
	       (is_alpha(tok[0][k]) || is_digit(tok[0][k])))
		k++;
	if (nt < 1 || !is_alpha(tok[0][0]) || k != tl[0])
		return "header does not open with a source identification "
		       "(letters and a number)";
	h->id = fmt_field(r, tok[0], tl[0]);
	if (nt < 2 || tl[1] != 1 || !is_digit(tok[1][0]))
		return "header has no priority digit after its source "
		       "identification";
	h->priority = tok[1][0] - '0';
	if (nt >= 3)
		h->category = fmt_field(r, tok[2], tl[2] < 8 ? tl[2] : 8);
	int64_t wc;
	if (nt >= 4 && str_to_i64(tok[3], tl[3], &wc) && wc >= 0 &&
	    wc < 1000000)
		h->word_count = (int)wc;
	int64_t num;
	if (nt >= 6 && str_to_i64(tok[nt - 1], tl[nt - 1], &num) &&
	    is_alpha(tok[nt - 2][0]) && tl[nt - 2] <= 16)
		h->agency = fmt_field(r, tok[nt - 2], tl[nt - 2]);
	return NULL;
}

/* ------------------------------------------------------------- messages */

struct line {
	const char *s;
	size_t n;
};

static size_t line_end(const char *s, size_t len, size_t i)
{
	const char *p = memchr(s + i, '\n', len - i);
	return p ? (size_t)(p - s) : len;
}

static struct line line_at(const char *s, size_t len, size_t i, size_t *next)
{
	size_t e = line_end(s, len, i);
	*next = e < len ? e + 1 : len;
	struct line l = {s + i, e - i};
	while (l.n && (l.s[l.n - 1] == '\r' || l.s[l.n - 1] == ' ' ||
		       l.s[l.n - 1] == '\t'))
		l.n--;
	return l;
}

/* Drops NUL, DEL and controls other than tab, LF and CR. */
static char *clean_text(struct arena *a, const char *s, size_t n,
			size_t *out_len, size_t *n_ctl)
{
	char *o = arena_alloc(a, n + 1);
	if (!o)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
		    c == 0x7F)
			(*n_ctl)++;
		else
			o[k++] = (char)c;
	}
	o[k] = '\0';
	*out_len = k;
	return o;
}

/* A take key line: short, and in capitals or parentheses or a known mark
 * ("1ST LEAD", "REFILE", "EXTRA", "(Achtung)"). */
static bool is_take_key(struct arena *a, const char *s, size_t n)
{
	if (!n || n > KEY_MAX)
		return false;
	if (s[0] == '(' && s[n - 1] == ')')
		return true;
	bool lower = false;
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			lower = true;
	if (!lower)
		return true;
	struct mark_info mi;
	char *k = arena_strndup(a, s, n);
	return k && !mark_parse_key(a, k, &mi) && mi.found;
}

/* dpa's German take keys, which mark_parse_key does not read. */
static bool german_key(const char *k, enum signal *sig)
{
	static const struct {
		const char *key;
		enum signal sig;
	} keys[] = {{"Achtung", SIGNAL_ADVISORY},
		    {"Berichtigung", SIGNAL_CORRECTION},
		    {"Korrektur", SIGNAL_CORRECTION},
		    {"Neufassung", SIGNAL_WRITETHRU},
		    {"Zusammenfassung", SIGNAL_WRITETHRU},
		    {"Wiederholung", SIGNAL_SUB}};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (str_eq_ci(k, keys[i].key)) {
			*sig = keys[i].sig;
			return true;
		}
	return false;
}

/* Folds one take key into v: a stronger statement than a refile wins
 * ("REFILE" then "1ST LEAD" is a lead). */
static int apply_key(struct parse_result *r, struct version *v, const char *s,
		     size_t n)
{
	struct arena *a = r->versions.arena;
	if (n >= 2 && s[0] == '(' && s[n - 1] == ')') {
		s++;
		n -= 2;
	}
	const char *k = fmt_field(r, s, n);
	if (!k)
		return 0;
	v->mark = v->mark ? arena_printf(a, "%s; %s", v->mark, k) : k;
	struct mark_info mi;
	enum signal sig = SIGNAL_NEW;
	int ord = 0;
	if (german_key(k, &sig)) {
		/* read */
	} else if (mark_parse_key(a, k, &mi)) {
		return OW_ENOMEM;
	} else if (mi.found) {
		sig = mi.signal;
		ord = mi.ordinal ? mi.ordinal : (sig == SIGNAL_LEAD ? 1 : 0);
		if (mi.priority && !v->priority)
			v->priority = mi.priority;
	}
	if (sig != SIGNAL_NEW &&
	    (v->signal == SIGNAL_NEW || v->signal == SIGNAL_SUB)) {
		v->signal = sig;
		v->mark_ordinal = ord;
	}
	return v->mark ? 0 : OW_ENOMEM;
}

/* The heading: take keys, the headline, a byline, ended by " =". Returns
 * the offset where the text starts. */
static size_t read_heading(struct parse_result *r, struct version *v,
			   const char *t, size_t len)
{
	struct arena *a = r->versions.arena;
	struct line l[HEADING_LINES];
	size_t next[HEADING_LINES], i = 0;
	int n = 0, end = -1;
	while (i < len && n < HEADING_LINES && end < 0) {
		l[n] = line_at(t, len, i, &next[n]);
		i = next[n];
		if (l[n].n && l[n].s[l[n].n - 1] == '=') {
			l[n].n--;
			str_trim(&l[n].s, &l[n].n);
			end = n;
		}
		n++;
	}
	if (end < 0) {
		/* no " =": the first line is the headline */
		size_t nx;
		struct line h = line_at(t, len, 0, &nx);
		v->headline = fmt_field(r, h.s, h.n);
		return nx;
	}
	int hl = end;
	if (l[end].n > 3 && str_starts_with_ci(l[end].s, l[end].n, "By ") &&
	    end > 0) {
		v->byline = fmt_field(r, l[end].s, l[end].n);
		hl = end - 1;
	}
	/* take keys open the heading; the rest is the headline */
	int first = 0;
	while (first < hl && is_take_key(a, l[first].s, l[first].n)) {
		apply_key(r, v, l[first].s, l[first].n);
		first++;
	}
	struct buf b;
	buf_init(&b, FORMATS_MAX_FIELD);
	for (int k = first; k <= hl; k++) {
		if (b.len)
			buf_putc(&b, ' ');
		buf_append(&b, l[k].s, l[k].n);
	}
	v->headline = b.err ? NULL : fmt_field(r, b.p, b.len);
	buf_free(&b);
	return next[end];
}

/* "dpa wsz jln npr": the desk's initials closing dpa copy. */
static bool is_initials(const char *s, size_t n)
{
	if (n < 5 || (!str_starts_with_ci(s, n, "dpa ") &&
		      !str_starts_with_ci(s, n, "dpa-")))
		return false;
	size_t i = 3, words = 0;
	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == '-'))
			i++;
		size_t st = i;
		while (i < n && s[i] >= 'a' && s[i] <= 'z')
			i++;
		if (i < n && s[i] != ' ')
			return false;
		if (i - st < 1 || i - st > 4)
			return false;
		words++;
	}
	return words >= 1 && words <= 8;
}

/* Where dpa's notes to editors begin: "# Notebook", "* * * *", or the
 * line saying what follows is not for publication. */
static bool opens_notes(const char *s, size_t n)
{
	return (n >= 2 && s[0] == '#' && (s[1] == ' ' || s[1] == '#')) ||
	       (n >= 5 && !memcmp(s, "* * *", 5)) ||
	       str_find_ci(s, n, "not for publication") >= 0 ||
	       str_find_ci(s, n, "not intended for publication") >= 0;
}

/* The notes, line by line: markdown '#' and '*' rules off, a wrapped line
 * joined to the one it continues. */
static void add_note_line(struct buf *b, const char *s, size_t n, bool cont)
{
	if (n >= 5 && !memcmp(s, "* * *", 5))
		return;
	while (n && (*s == '#' || *s == ' ')) {
		s++;
		n--;
	}
	if (!n)
		return;
	if (b->len)
		buf_putc(b, cont ? ' ' : '\n');
	buf_append(b, s, n);
}

/* "Berlin (dpa) - ": dpa's dateline, the place in ordinary case. */
static bool dpa_dateline(struct arena *a, const char *s, size_t n,
			 struct dateline *d)
{
	size_t lim = n < 80 ? n : 80, open = 0;
	for (size_t i = 1; i + 1 < lim && !open; i++)
		if (s[i] == '(' && s[i - 1] == ' ')
			open = i;
	bool capital =
		(s[0] >= 'A' && s[0] <= 'Z') || (unsigned char)s[0] >= 0xC0;
	if (!open || !capital)
		return false;
	for (size_t i = 0; i + 1 < open; i++)
		if (s[i] == ',' || s[i] == '.' || is_digit(s[i]))
			return false;
	size_t close = open + 1;
	while (close < lim && s[close] != ')' && s[close] != ' ')
		close++;
	if (close >= lim || s[close] != ')' || close == open + 1 ||
	    close + 3 > n || memcmp(s + close, ") -", 3))
		return false;
	memset(d, 0, sizeof *d);
	d->place = arena_strndup(a, s, open - 1);
	d->source = arena_strndup(a, s + open + 1, close - open - 1);
	return d->place && d->source;
}

static void read_trailer(struct version *v, struct arena *a, const char *s,
			 size_t n, const struct parse_opts *o)
{
	if (n > TRAILER_MAX)
		n = TRAILER_MAX;
	char tmp[TRAILER_MAX + 1];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7F)
			tmp[k++] = (char)c;
		else if (k && tmp[k - 1] != ' ')
			tmp[k++] = ' ';
	}
	const char *t = tmp;
	str_trim(&t, &k);
	int64_t when;
	bool zoned;
	if (!k || !time_parse_wire_stamp(t, k, o ? o->now : 0, &when, &zoned))
		return;
	v->versioncreated = when;
	if (!zoned)
		version_add_warning(a, v,
				    "trailer time \"%.*s\" names no zone; "
				    "read as UTC",
				    (int)(k < 40 ? k : 40), t);
}

static int parse_message(struct parse_result *r, const char *buf,
			 const struct frame *f, const struct parse_opts *o,
			 struct ow_err *err)
{
	struct arena *a = r->versions.arena;
	struct header h;
	const char *bad =
		parse_header(r, buf + f->soh + 1, f->stx - f->soh - 1, &h);
	if (bad)
		return ow_err_at(err, OW_EPARSE, buf, f->soh, "iptc7901: %s",
				 bad);
	struct version *v = fmt_new_version(r, o, "iptc7901");
	if (!v)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	v->raw_off = f->soh;
	v->raw_len = f->end - f->soh;
	v->item_id = h.id;
	v->item_id_recycled = true; /* story numbers wrap daily */
	v->urgency = h.priority;
	v->priority = priority_from_urgency(h.priority);
	if (h.category)
		version_add_subject(a, v, h.category, NULL,
				    "iptc7901-category");

	/* the keyword: the first line under the header, '/' closing it */
	size_t i = f->soh + 1;
	while (i < f->stx && buf[i] != '\n')
		i++;
	while (i < f->stx && !v->slug) {
		size_t nx;
		struct line l = line_at(buf, f->stx, i, &nx);
		str_trim(&l.s, &l.n);
		while (l.n && l.s[l.n - 1] == '/')
			l.n--;
		const char *how;
		char *dec = l.n ? text_decode_8bit(a, l.s, l.n, &how) : NULL;
		v->slug = dec ? fmt_field(r, dec, strlen(dec)) : NULL;
		i = nx > i ? nx : f->stx;
	}

	size_t n_ctl = 0, clen;
	const char *how;
	char *clean = clean_text(a, buf + f->stx + 1, f->etx - f->stx - 1,
				 &clen, &n_ctl);
	char *t = clean ? text_decode_8bit(a, clean, clen, &how) : NULL;
	if (!t)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	size_t len = strlen(t);
	if (strcmp(how, "utf-8"))
		version_add_warning(a, v, "text is not UTF-8; read as %s", how);
	if (n_ctl)
		version_add_warning(a, v, "%zu control bytes removed", n_ctl);

	size_t body = read_heading(r, v, t, len);
	/* the body runs to the notes; the notes go to the ednote */
	size_t notes = len;
	for (size_t k = body, nx; k < len; k = nx) {
		struct line l = line_at(t, len, k, &nx);
		if (opens_notes(l.s, l.n)) {
			notes = k;
			break;
		}
	}
	struct buf b;
	buf_init(&b, len + 16);
	for (size_t k = body, nx; k < notes; k = nx) {
		struct line l = line_at(t, len, k, &nx);
		const char *s = l.s;
		size_t n = l.n;
		str_trim(&s, &n);
		if (is_initials(s, n))
			continue;
		buf_append(&b, l.s, l.n);
		buf_putc(&b, '\n');
	}
	int rc = b.err ? b.err
		       : text_add_paras(a, v, b.p ? b.p : "", b.len, true);
	buf_reset(&b);
	for (size_t k = notes, nx; k < len && !rc; k = nx) {
		struct line l = line_at(t, len, k, &nx);
		bool cont = l.n && (l.s[0] == ' ' || l.s[0] == '\t');
		const char *s = l.s;
		size_t n = l.n;
		str_trim(&s, &n);
		if (!is_initials(s, n))
			add_note_line(&b, s, n, cont);
	}
	if (!rc && b.err)
		rc = b.err;
	if (!rc && b.len)
		v->ednote = arena_strndup(a, b.p, b.len);
	buf_free(&b);
	if (rc)
		return ow_err_set(err, rc, "out of memory");

	if (fmt_apply_headline_marks(r, v, v->headline))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	if (v->n_paras && v->paras[0].kind == PARA_TEXT) {
		const char *p0 = v->paras[0].text;
		size_t used;
		if (!dateline_parse(a, p0, strlen(p0), &v->dateline, &used))
			dpa_dateline(a, p0, strlen(p0), &v->dateline);
	}
	if (!o || !o->source) {
		if (h.agency &&
		    str_starts_with_ci(h.agency, strlen(h.agency), "dpa"))
			v->source = "dpa";
		else if (h.agency)
			v->source = h.agency;
		else if (v->dateline.source)
			v->source = v->dateline.source;
	}
	read_trailer(v, a, buf + f->etx + 1, f->end - f->etx - 1, o);
	if (!f->has_eot)
		version_add_warning(a, v,
				    "message has no EOT after its trailer");
	if (v->signal == SIGNAL_KILL)
		v->pubstatus = PUBSTATUS_CANCELED;
	rc = fmt_finish(r, v, err);
	if (rc)
		return ow_err_at(err, rc, buf, f->soh,
				 "iptc7901: message %s: neither a headline "
				 "nor any text",
				 v->item_id ? v->item_id : "?");
	if (h.word_count > v->word_count * 2 + 20)
		version_add_warning(a, v,
				    "header counts %d words; the text has %d",
				    h.word_count, v->word_count);
	return fmt_push(r, v, err);
}

int iptc7901_parse(const char *buf, size_t len, const struct parse_opts *o,
		   struct parse_result *r, struct ow_err *err)
{
	size_t pos = 0;
	struct fmt_tally tally = {.format = "iptc7901"};
	struct frame f;
	if (!len || !memchr(buf, SOH, len))
		return ow_err_set(err, OW_EPARSE,
				  "iptc7901: no SOH (0x01) in %zu bytes: no "
				  "IPTC 7901 message here",
				  len);
	while (next_frame(buf, len, pos, &f)) {
		if (f.soh > pos && !str_is_blank(buf + pos, f.soh - pos))
			fmt_warn(r,
				 "iptc7901: %zu bytes between messages at "
				 "byte %zu ignored",
				 f.soh - pos, pos);
		struct ow_err e = {0};
		int rc = f.problem ? ow_err_at(&e, OW_EPARSE, buf, f.problem_at,
					       "iptc7901: %s", f.problem)
				   : parse_message(r, buf, &f, o, &e);
		if ((rc = fmt_tally_add(r, &tally, rc, &e, err)))
			return rc;
		pos = f.end;
	}
	if (pos < len && !str_is_blank(buf + pos, len - pos))
		fmt_warn(r,
			 "iptc7901: %zu bytes after the last message ignored",
			 len - pos);
	return fmt_tally_end(r, &tally, err);
}
