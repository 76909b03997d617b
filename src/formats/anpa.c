/* ANPA-1312, the framing AP (and Xinhua, Kyodo and others) send copy in.
 * Not for IPTC 7901, whose framing looks alike (iptc7901.c); the text block
 * between STX and ETX is read in anpa_text.c. One message:
 *
 *   SYN SYN SOH W2870 US asian LF          service letter + story number,
 *                                          selector code
 *   r a DC3 DC1 BC-US--Ethanol-LosingGra 1stLd-Writethru a2606 11-13 1693
 *        priority, category, format (DC3 DC1 text, DC4 DC2 tabular),
 *        keyword with its cycle prefix (24 bytes at most), version (take
 *        key), reference (the story number this one replaces), filing date
 *        MM-DD, word count
 *   STX ^BC-US--Ethanol-Losing Grassland, 1st Ld-Writethru,1140<  keyword
 *       ^Prairies vanish in the US push for green energy<  headline
 *       ^Eds: Restores reference in 3rd paragraph.<        editor's note
 *       ^By CHET BROKAW=                                    byline
 *   TAB    ROSCOE, South Dakota (AP) _ Robert Malsam ...    a tab opens a
 *                                                           paragraph
 *   ETX AP-WF-11-13-13 1509GMT EOT                          sent at
 *
 * A file may hold many messages; each gives one version with raw_off and
 * raw_len set. '<' and '=' closing a line are typesetting quad codes and are
 * dropped. Tabular (agate) copy is kept line by line as PARA_PRE, with the
 * tab-line indicator (BS) and TTS space codes (DLE, RS, US) taken out and
 * AP's '{' read as '½'. Text that is not UTF-8 is read as Windows-1252.
 *
 * Broken frames (no STX, no ETX: a truncated transmission) are skipped with
 * an input-level warning naming their byte offset when another message in
 * the input parsed; when none did, the parse fails naming the first one. */
#include "formats/anpa_int.h"

#include "common/str.h"

#include <string.h>

enum {
	SOH = 0x01,
	STX = 0x02,
	ETX = 0x03,
	EOT = 0x04,
	SYN = 0x16,
	US = 0x1F,
};

#define HEADER_MAX 512  /* bytes from SOH to STX */
#define TRAILER_MAX 256 /* bytes after ETX read for the time */

/* ---------------------------------------------------------------- framing */

struct frame {
	size_t start;         /* first SYN before the SOH, or the SOH */
	size_t soh, stx, etx; /* positions of the control bytes */
	size_t end;           /* one past EOT, or where the next frame starts */
	bool has_eot;
	const char *problem; /* why the frame cannot be read; NULL if whole */
	size_t problem_at;
};

/* Where the frame whose SOH is at `soh` starts: its SYNs, back to `floor`. */
static size_t frame_start(const char *buf, size_t floor, size_t soh)
{
	while (soh > floor && buf[soh - 1] == SYN)
		soh--;
	return soh;
}

/* Finds the next frame at or after pos; false when no SOH is left. */
static bool next_frame(const char *buf, size_t len, size_t pos, struct frame *f)
{
	const char *p = pos < len ? memchr(buf + pos, SOH, len - pos) : NULL;
	if (!p)
		return false;
	memset(f, 0, sizeof *f);
	f->soh = (size_t)(p - buf);
	f->start = frame_start(buf, pos, f->soh);
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
			f->problem = "no STX within 512 bytes of the SOH";
		else
			f->problem = "message header ends before its STX";
		const char *nx =
			memchr(buf + f->soh + 1, SOH, len - f->soh - 1);
		f->end = nx ? frame_start(buf, f->soh + 1, (size_t)(nx - buf))
			    : len;
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
		f->end = i >= len ? len : frame_start(buf, f->stx + 1, i);
		return true;
	}
	f->etx = i;
	for (i = f->etx + 1;
	     i < len && buf[i] != EOT && buf[i] != SOH && buf[i] != SYN; i++)
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

int anpa_probe(const char *buf, size_t len)
{
	size_t i = 0;
	while (i < len && i < 8 &&
	       (buf[i] == SYN || buf[i] == '\r' || buf[i] == '\n' ||
		buf[i] == ' '))
		i++;
	bool syn = i > 0 && buf[0] == SYN;
	if (i >= len || buf[i] != SOH)
		return 0;
	i++;
	if (i >= len || !is_alpha(buf[i]))
		return 0;
	size_t d = ++i;
	while (i < len && is_digit(buf[i]) && i - d < 6)
		i++;
	if (i == d)
		return 0;
	/* IPTC 7901 puts a space and its priority digit here */
	if (i + 1 < len && buf[i] == ' ' && is_digit(buf[i + 1]))
		return 0;
	while (i < len && i - d < 24 && (is_alpha(buf[i]) || buf[i] == '-'))
		i++; /* an agency name before US: "KYODO" */
	bool us = i < len && buf[i] == US;
	bool fmt = false, stx = false;
	size_t lim = len < HEADER_MAX ? len : HEADER_MAX;
	for (size_t k = i; k + 1 < lim && !stx; k++) {
		if ((buf[k] == 0x13 || buf[k] == 0x14) &&
		    (buf[k + 1] == 0x11 || buf[k + 1] == 0x12))
			fmt = true;
		stx = buf[k] == STX;
	}
	if (!us && !fmt)
		return 0;
	int score = us && fmt ? 90 : 70;
	return score + (syn ? 5 : 0) + (stx ? 5 : 0);
}

/* ---------------------------------------------------------------- header */

struct header {
	const char *id;       /* "W2870": service letter + story number */
	const char *agency;   /* between number and US: "KYODO" */
	const char *selector; /* "asian" */
	char priority;        /* 'r'; 0 if not stated */
	const char *category; /* "a" */
	bool tabular;
	const char *keyword;   /* "BC-US--Ethanol-LosingGra" */
	const char *version;   /* "1stLd-Writethru" */
	const char *reference; /* "a2606" */
	int word_count; /* -1 if not stated; AP's does not count the text */
};

static bool tok_is_date(const char *s, size_t n)
{
	size_t i = 0, a, b;
	while (i < n && is_digit(s[i]))
		i++;
	a = i;
	if (a < 1 || a > 2 || i >= n || s[i] != '-')
		return false;
	for (i++; i < n && is_digit(s[i]); i++)
		;
	b = i - a - 1;
	return i == n && b >= 1 && b <= 2;
}

static bool tok_is_count(const char *s, size_t n)
{
	if (n < 1 || n > 5)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

/* A story number as a reference: a letter and three to five digits. */
static bool tok_is_storyno(const char *s, size_t n)
{
	return n >= 4 && n <= 6 && is_alpha(s[0]) && tok_is_count(s + 1, n - 1);
}

/* The priority line: "r a DC3 DC1 keyword version reference MM-DD count". */
static void parse_priority_line(struct parse_result *r, const char *s, size_t n,
				struct header *h)
{
	size_t i = 0;
	if (n < 3 || !is_alpha(s[0]) || s[1] != ' ')
		return;
	h->priority = s[0];
	i = 2;
	size_t c = i;
	while (i < n && i - c < 4 && (is_alpha(s[i]) || is_digit(s[i])))
		i++;
	h->category = fmt_field(r, s + c, i - c);
	while (i < n && s[i] >= 0x11 && s[i] <= 0x14) {
		if (s[i] == 0x12 || s[i] == 0x14)
			h->tabular = true;
		i++;
	}
	const char *tok[8];
	size_t tl[8];
	int nt = 0;
	while (i < n && nt < 8) {
		while (i < n && s[i] == ' ')
			i++;
		size_t st = i;
		while (i < n && s[i] != ' ')
			i++;
		if (i > st) {
			tok[nt] = s + st;
			tl[nt++] = i - st;
		}
	}
	int k = nt;
	if (k >= 2 && tok_is_count(tok[k - 1], tl[k - 1]) &&
	    tok_is_date(tok[k - 2], tl[k - 2])) {
		int64_t wc;
		if (str_to_i64(tok[k - 1], tl[k - 1], &wc))
			h->word_count = (int)wc;
		k--;
	}
	if (k >= 1 && tok_is_date(tok[k - 1], tl[k - 1]))
		k--;
	if (k >= 1)
		h->keyword = fmt_field(r, tok[0], tl[0]);
	for (int t = 1; t < k; t++) {
		if (tok_is_storyno(tok[t], tl[t]) && !h->reference)
			h->reference = fmt_field(r, tok[t], tl[t]);
		else if (!h->version)
			h->version = fmt_field(r, tok[t], tl[t]);
	}
}

/* Reads the bytes between SOH and STX; returns NULL or what is wrong. */
static const char *parse_header(struct parse_result *r, const char *s, size_t n,
				struct header *h)
{
	memset(h, 0, sizeof *h);
	h->word_count = -1;
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == SYN))
		i++;
	if (i >= n || !is_alpha(s[i]))
		return "header does not open with a service letter";
	size_t st = i++;
	while (i < n && is_digit(s[i]) && i - st <= 6)
		i++;
	if (i == st + 1)
		return "header has no story number after its service letter";
	h->id = fmt_field(r, s + st, i - st);
	st = i;
	while (i < n && i - st < 24 && (is_alpha(s[i]) || s[i] == '-'))
		i++;
	h->agency = fmt_field(r, s + st, i - st);
	if (i < n && s[i] == US)
		i++;
	st = i;
	while (i < n && s[i] != '\r' && s[i] != '\n' && s[i] != ' ' &&
	       (unsigned char)s[i] >= 0x20)
		i++;
	h->selector = fmt_field(r, s + st, i - st);
	while (i < n && s[i] != '\n')
		i++;
	while (i < n && (s[i] == '\r' || s[i] == '\n' || s[i] == ' '))
		i++;
	st = i;
	while (i < n && s[i] != '\r' && s[i] != '\n')
		i++;
	parse_priority_line(r, s + st, i - st, h);
	return NULL;
}

/* ------------------------------------------------------------- messages */

static void set_marks(struct parse_result *r, struct version *v,
		      const char *key)
{
	struct mark_info mi;
	if (!key || mark_parse_key(r->versions.arena, key, &mi))
		return;
	v->mark = key;
	if (!mi.found)
		return;
	v->signal = mi.signal;
	v->mark_ordinal =
		mi.ordinal ? mi.ordinal : (mi.signal == SIGNAL_LEAD ? 1 : 0);
	if (mi.priority && !v->priority)
		v->priority = mi.priority;
	if (v->signal == SIGNAL_KILL)
		v->pubstatus = PUBSTATUS_CANCELED;
}

/* The time in the trailer after ETX: its first line that says anything,
 * controls and quads off. Sets *ap when it is AP's "AP-WF-..." form. */
static void read_trailer(struct parse_result *r, struct version *v,
			 const char *s, size_t n, const struct parse_opts *o,
			 bool *ap)
{
	if (n > TRAILER_MAX)
		n = TRAILER_MAX;
	size_t i = 0;
	while (i < n) {
		while (i < n && ((unsigned char)s[i] <= 0x20 || s[i] == 0x7F))
			i++;
		size_t st = i;
		while (i < n && (unsigned char)s[i] >= 0x20 && s[i] != 0x7F)
			i++;
		size_t tl = i - st;
		while (tl && (s[st + tl - 1] == '<' || s[st + tl - 1] == '=' ||
			      s[st + tl - 1] == ' '))
			tl--;
		if (!tl)
			continue;
		const char *t = s + st;
		*ap = tl > 3 && !memcmp(t, "AP-", 3);
		int64_t when;
		bool zoned;
		if (time_parse_wire_stamp(t, tl, o ? o->now : 0, &when,
					  &zoned)) {
			v->versioncreated = when;
			if (!zoned)
				version_add_warning(
					r->versions.arena, v,
					"trailer time \"%.*s\" names no zone; "
					"read as UTC",
					(int)(tl < 40 ? tl : 40), t);
		}
		return;
	}
}

/* The agency: what the copy names (dateline, trailer, header), unless the
 * caller said. */
static void pick_source(struct version *v, const struct parse_opts *o,
			const struct header *h, bool ap, bool xinhua)
{
	if (o && o->source)
		return;
	const char *ds = v->dateline.source;
	if (xinhua || (ds && str_find_ci(ds, strlen(ds), "xinhua") >= 0) ||
	    (h->agency && str_eq_ci(h->agency, "xinhua")) ||
	    (h->selector &&
	     str_find_ci(h->selector, strlen(h->selector), "xinhua") >= 0))
		v->source = "Xinhua";
	else if ((ds && !strcmp(ds, "AP")) || ap)
		v->source = "AP";
	else if (ds)
		v->source = ds;
	else if (h->agency)
		v->source = h->agency;
}

/* Reads one whole frame into a version. */
static int parse_message(struct parse_result *r, const char *buf,
			 const struct frame *f, const struct parse_opts *o,
			 struct ow_err *err)
{
	struct arena *a = r->versions.arena;
	struct header h;
	const char *bad =
		parse_header(r, buf + f->soh + 1, f->stx - f->soh - 1, &h);
	if (bad)
		return ow_err_at(err, OW_EPARSE, buf, f->soh, "anpa: %s", bad);
	struct version *v = fmt_new_version(r, o, "anpa");
	if (!v)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	v->raw_off = f->start;
	v->raw_len = f->end - f->start;
	v->item_id = h.id;
	v->item_id_recycled = true; /* story numbers wrap daily */
	v->evolved_from = h.reference;
	v->priority = priority_from_letter(h.priority);
	if (h.category)
		version_add_subject(a, v, h.category, NULL, "anpa-category");

	struct anpa_text t = {.keyword = h.keyword, .tabular = h.tabular};
	int rc =
		anpa_read_text(r, v, buf + f->stx + 1, f->etx - f->stx - 1, &t);
	if (rc)
		return ow_err_set(err, rc, "anpa: %s", ow_strerror(rc));
	set_marks(r, v, h.version ? h.version : t.kw_version);
	if (fmt_apply_headline_marks(r, v, v->headline))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	bool ap = false;
	read_trailer(r, v, buf + f->etx + 1, f->end - f->etx - 1, o, &ap);
	if (!f->has_eot)
		version_add_warning(a, v,
				    "message has no EOT after its trailer");
	pick_source(v, o, &h, ap, t.xinhua);

	rc = fmt_finish(r, v, err);
	if (rc)
		return ow_err_at(err, rc, buf, f->soh, "anpa: story %s: %s",
				 v->item_id ? v->item_id : "?",
				 "neither a headline nor any text");
	/* word_count is what the text holds. The keyword line's count tracks
	 * the text (the header's does not: AP's runs 1.5 to 2 times higher),
	 * so a keyword line counting far more words than arrived says the copy
	 * was cut. */
	if (t.kw_count > v->word_count * 2 + 20)
		version_add_warning(a, v,
				    "keyword line counts %d words; the text "
				    "has %d",
				    t.kw_count, v->word_count);
	return fmt_push(r, v, err);
}

int anpa_parse(const char *buf, size_t len, const struct parse_opts *o,
	       struct parse_result *r, struct ow_err *err)
{
	size_t pos = 0;
	struct fmt_tally tally = {.format = "anpa"};
	struct frame f;
	if (!len || !memchr(buf, SOH, len))
		return ow_err_set(err, OW_EPARSE,
				  "anpa: no SOH (0x01) in %zu bytes: no "
				  "ANPA-1312 message here",
				  len);
	while (next_frame(buf, len, pos, &f)) {
		if (f.start > pos && !str_is_blank(buf + pos, f.start - pos))
			fmt_warn(r,
				 "anpa: %zu bytes between messages at byte "
				 "%zu ignored",
				 f.start - pos, pos);
		struct ow_err e = {0};
		int rc = f.problem ? ow_err_at(&e, OW_EPARSE, buf, f.problem_at,
					       "anpa: %s", f.problem)
				   : parse_message(r, buf, &f, o, &e);
		if ((rc = fmt_tally_add(r, &tally, rc, &e, err)))
			return rc;
		pos = f.end;
	}
	if (pos < len && !str_is_blank(buf + pos, len - pos))
		fmt_warn(r, "anpa: %zu bytes after the last message ignored",
			 len - pos);
	return fmt_tally_end(r, &tally, err);
}
