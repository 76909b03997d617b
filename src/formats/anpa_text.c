/* The text block of an ANPA-1312 message, between STX and ETX: the '^'
 * header lines AP opens its copy with (keyword line, headline, editor's
 * notes, byline), then paragraphs that a tab opens, or for tabular (agate)
 * copy the lines of a table kept as PARA_PRE. Framing, the message header
 * and the trailer are anpa.c's. */
#include "formats/anpa_int.h"

#include "common/buf.h"
#include "common/str.h"

#include <string.h>

enum {
	BS = 0x08,  /* tab-line indicator: opens a row of a table */
	DLE = 0x10, /* TTS space band */
	RS = 0x1E,  /* TTS spaces */
	US = 0x1F,
};

#define HEADLINE_MAX 250 /* a headline taken from the text */
#define SEGMENTS_MAX 256 /* '^' header segments read per message */

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* One to five digits: a word count, a routing code's number. */
static bool is_count(const char *s, size_t n)
{
	if (n < 1 || n > 5)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Drops CR, NUL and stray controls; keeps a BS that opens a line as the
 * marker of a table row; TTS spaces become spaces. Counts what it drops
 * that a wire would not send. */
static char *clean_text(struct arena *a, const char *s, size_t n,
			size_t *out_len, size_t *n_ctl)
{
	char *o = arena_alloc(a, n + 1);
	if (!o)
		return NULL;
	size_t k = 0;
	bool bol = true;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\r' || c == '\f')
			continue;
		if (c == '\n' || c == '\t' || c >= 0x20) {
			if (c != 0x7F)
				o[k++] = (char)c;
			else
				(*n_ctl)++;
		} else if (c == BS && bol) {
			o[k++] = (char)c;
		} else if (c == DLE) {
			if (i + 1 < n && s[i + 1] != ' ')
				o[k++] = ' ';
		} else if (c == RS || c == US) {
			o[k++] = ' ';
		} else if (c != BS) {
			(*n_ctl)++;
		}
		bol = c == '\n';
	}
	o[k] = '\0';
	*out_len = k;
	return o;
}

/* Trims a line and the quad codes ('<' '=') that close it. */
static void strip_quads(const char **s, size_t *n)
{
	str_trim(s, n);
	while (*n && ((*s)[*n - 1] == '<' || (*s)[*n - 1] == '=')) {
		(*n)--;
		str_trim(s, n);
	}
}

struct seg {
	const char *s;
	size_t n;
	bool after_byline;
};

/* The state of reading one text block. */
struct msg {
	struct parse_result *r;
	struct arena *a;
	struct version *v;
	struct anpa_text *t;
	struct seg extra[SEGMENTS_MAX]; /* '^' lines that are neither */
	size_t n_extra;
	const char *kw_line; /* the full keyword: "BC-US--Ethanol-Losing ..." */
	size_t kw_len;
	bool byline_seen, title_next;
	struct buf ednote;
};

/* Does this '^' segment spell the header's keyword? The header cuts it at
 * 24 bytes and writes it without spaces (AP) or with hyphens for them, so
 * both are compared without spaces and hyphens. */
static bool is_keyword_line(const char *s, size_t n, const char *kw)
{
	if (!kw) {
		/* no keyword in the header: "BC-Slug,123" */
		return n > 3 && is_alpha(s[0]) && is_alpha(s[1]) &&
		       s[2] == '-' && memchr(s, ',', n);
	}
	size_t i = 0, k = 0, kl = strlen(kw), matched = 0;
	while (k < kl) {
		if (kw[k] == '-' || kw[k] == ' ') {
			k++;
			continue;
		}
		while (i < n && (s[i] == ' ' || s[i] == '-'))
			i++;
		if (i >= n || str_lower(s[i]) != str_lower(kw[k]))
			return false;
		i++;
		k++;
		matched++;
	}
	return matched >= 4;
}

static bool starts_ci(const char *s, size_t n, const char *p)
{
	return str_starts_with_ci(s, n, p);
}

/* "EDITOR'S NOTE _ ...", "Eds: ...", "(Eds: ...)": the note's text. */
static bool ednote_text(const char *s, size_t n, const char **t, size_t *tl)
{
	static const char *const marks[] = {
		"EDITOR'S NOTE", "EDITORS NOTE",
		"(Eds:",         "EDITOR\xE2\x80\x99S NOTE",
		"Eds:",          NULL};
	for (const char *const *m = marks; *m; m++) {
		size_t ml = strlen(*m);
		if (n < ml || !starts_ci(s, n, *m))
			continue;
		const char *p = s + ml;
		size_t pl = n - ml;
		while (pl &&
		       (*p == ' ' || *p == '_' || *p == ':' || *p == '-')) {
			p++;
			pl--;
		}
		if (s[0] == '(' && pl && p[pl - 1] == ')')
			pl--;
		str_trim(&p, &pl);
		*t = p;
		*tl = pl;
		return true;
	}
	return false;
}

static void add_ednote(struct msg *m, const char *s, size_t n)
{
	const char *f = fmt_field(m->r, s, n);
	if (!f)
		return;
	if (m->ednote.len)
		buf_putc(&m->ednote, '\n');
	buf_puts(&m->ednote, f);
}

/* A line under a byline naming the writer's post: "AP Sports Writer". */
static bool is_byline_title(const char *s, size_t n)
{
	if (n > 60)
		return false;
	return str_find_ci(s, n, "Associated Press") >= 0 ||
	       str_find_ci(s, n, "Writer") >= 0 ||
	       str_find_ci(s, n, "Correspondent") >= 0 ||
	       str_find_ci(s, n, "Editor") >= 0;
}

/* Sorts one '^' segment; `quad` is the code that closed it: AP ends
 * headlines with '<' and bylines with '='. */
static void classify_segment(struct msg *m, const char *s, size_t n, char quad)
{
	struct version *v = m->v;
	const char *t;
	size_t tl;
	bool title = m->title_next;
	m->title_next = false;
	if (!n || (s[0] == '*' && is_count(s + 1, n - 1)))
		return; /* a routing code: "*9006" */
	if (!m->kw_line && !v->headline &&
	    is_keyword_line(s, n, m->t->keyword)) {
		m->kw_line = s;
		m->kw_len = n;
		return;
	}
	if (ednote_text(s, n, &t, &tl)) {
		add_ednote(m, t, tl);
		return;
	}
	if (starts_ci(s, n, "AP Photo") || starts_ci(s, n, "AP Video") ||
	    starts_ci(s, n, "AP Graphic") || starts_ci(s, n, "AP Audio"))
		return;
	if (!m->byline_seen && n > 3 && n <= 160 && starts_ci(s, n, "By ") &&
	    (v->headline || quad != '<')) {
		v->byline = fmt_field(m->r, s, n);
		m->byline_seen = true;
		m->title_next = true;
		return;
	}
	if (title && is_byline_title(s, n))
		return;
	if (!v->headline && !m->byline_seen) {
		v->headline = fmt_field(m->r, s, n);
		return;
	}
	if (m->n_extra < SEGMENTS_MAX)
		m->extra[m->n_extra++] = (struct seg){s, n, m->byline_seen};
}

/* One '^' line may hold several segments: "^*9006< ^AP-Top-...,0176<". */
static void read_header_line(struct msg *m, const char *s, size_t n)
{
	size_t st = 0;
	for (size_t i = 1; i <= n; i++) {
		bool cut = i == n;
		if (!cut && s[i] == '^') {
			size_t p = i;
			while (p > st && s[p - 1] == ' ')
				p--;
			cut = p > st && (s[p - 1] == '<' || s[p - 1] == '=');
		}
		if (!cut)
			continue;
		const char *g = s + st;
		size_t gl = i - st;
		while (gl && *g == '^') {
			g++;
			gl--;
		}
		str_trim(&g, &gl);
		char quad = gl ? g[gl - 1] : 0;
		strip_quads(&g, &gl);
		classify_segment(m, g, gl, quad);
		st = i;
	}
}

static size_t line_end(const char *s, size_t len, size_t i)
{
	const char *p = memchr(s + i, '\n', len - i);
	return p ? (size_t)(p - s) : len;
}

/* Text copy: a tab (or a '^' or BS line) opens a paragraph, a blank line
 * ends one; wrapped lines join. */
static int add_text_body(struct msg *m, const char *t, size_t len)
{
	struct buf b;
	buf_init(&b, len * 2 + 16);
	for (size_t i = 0; i < len;) {
		size_t e = line_end(t, len, i);
		const char *s = t + i;
		size_t n = e - i;
		/* an indent of spaces opens one too (Xinhua) */
		bool opens = n && (s[0] == '\t' || s[0] == '^' || s[0] == BS ||
				   (n > 2 && s[0] == ' ' && s[1] == ' ' &&
				    !str_is_blank(s, n)));
		while (n && (*s == '\t' || *s == '^' || *s == BS)) {
			s++;
			n--;
		}
		strip_quads(&s, &n);
		if (opens && n)
			buf_putc(&b, '\t');
		buf_append(&b, s, n);
		buf_putc(&b, '\n');
		i = e + 1;
	}
	int rc =
		b.err ? b.err
		      : text_add_paras(m->a, m->v, b.p ? b.p : "", b.len, true);
	buf_free(&b);
	return rc;
}

static bool is_rule(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (s[n] != '_' && s[n] != '-' && s[n] != ' ')
			return false;
	return n >= 3;
}

/* AP's 7-bit quotes: ``double'' and `single' become typographic ones. The
 * closing single quote stays, as it is also the apostrophe. */
static const char *ap_quotes(struct arena *a, const char *s)
{
	if (!s || (!strchr(s, '`') && !strstr(s, "''")))
		return s;
	size_t n = strlen(s), o = 0;
	char *out = arena_alloc(a, n * 3 + 1);
	if (!out)
		return s;
	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		if (s[i] == '`' && s[i + 1] == '`')
			rep = "\xE2\x80\x9C";
		else if (s[i] == '\'' && s[i + 1] == '\'')
			rep = "\xE2\x80\x9D";
		else if (s[i] == '`')
			rep = "\xE2\x80\x98";
		if (!rep) {
			out[o++] = s[i];
			continue;
		}
		memcpy(out + o, rep, 3);
		o += 3;
		if (s[i + 1] == s[i])
			i++;
	}
	out[o] = '\0';
	return out;
}

/* Drops AP's "___" section rules and moves a note opening the text
 * ("EDITOR'S NOTE _ ...") to the ednote. */
static void tidy_paras(struct msg *m)
{
	struct version *v = m->v;
	size_t o = 0;
	bool lead = true;
	for (size_t i = 0; i < v->n_paras; i++) {
		const char *p = v->paras[i].text;
		const char *t;
		size_t tl;
		if (v->paras[i].kind == PARA_TEXT && is_rule(p))
			continue;
		if (lead && v->paras[i].kind == PARA_TEXT &&
		    ednote_text(p, strlen(p), &t, &tl)) {
			add_ednote(m, t, tl);
			continue;
		}
		lead = false;
		v->paras[o] = v->paras[i];
		if (v->paras[o].kind == PARA_TEXT)
			v->paras[o].text = ap_quotes(m->a, p);
		o++;
	}
	v->n_paras = o;
}

/* AP agate writes one half as '{'. */
static int add_pre(struct msg *m, struct buf *block)
{
	if (!block->len)
		return 0;
	struct buf b;
	buf_init(&b, block->len * 2 + 1);
	for (size_t i = 0; i < block->len; i++)
		if (block->p[i] == '{')
			buf_puts(&b, "\xC2\xBD");
		else
			buf_putc(&b, block->p[i]);
	int rc = b.err ? b.err
		       : version_add_para(m->a, m->v, PARA_PRE, b.p, b.len);
	buf_free(&b);
	buf_reset(block);
	return rc;
}

/* One table line: BS, '^' and the tab indent off; quads off the end. */
static void pre_line(struct buf *block, const char *s, size_t n)
{
	if (n && *s == BS) {
		s++;
		n--;
	}
	if (n && *s == '^') {
		s++;
		n--;
	}
	if (n && *s == '\t') {
		s++;
		n--;
		for (int k = 0; k < 3 && n && *s == ' '; k++) {
			s++;
			n--;
		}
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n && (s[n - 1] == '<' || s[n - 1] == '=')) {
		n--;
		while (n && s[n - 1] == ' ')
			n--;
	}
	if (text_is_end_marker(s, n))
		return;
	if (block->len)
		buf_putc(block, '\n');
	buf_append(block, s, n);
}

/* Tabular copy: every line kept; blank lines split blocks. */
static int add_tabular_body(struct msg *m, const char *t, size_t len)
{
	struct buf block;
	buf_init(&block, 2 * len + 16); /* the extra lines are in t too */
	int rc = 0;
	for (size_t k = 0; k < m->n_extra; k++)
		pre_line(&block, m->extra[k].s, m->extra[k].n);
	for (size_t i = 0; i < len && !rc;) {
		size_t e = line_end(t, len, i);
		if (str_is_blank(t + i, e - i))
			rc = add_pre(m, &block);
		else
			pre_line(&block, t + i, e - i);
		i = e + 1;
	}
	if (!rc)
		rc = block.err ? block.err : add_pre(m, &block);
	buf_free(&block);
	return rc;
}

/* The keyword line "BC-US--Giant Lobster Death, 1st Ld-Writethru,127":
 * the full keyword and the version between the commas. */
static void split_keyword_line(struct msg *m, const char **kw, size_t *kwl)
{
	const char *s = m->kw_line;
	size_t n = m->kw_len;
	const char *c = memchr(s, ',', n);
	*kw = s;
	*kwl = c ? (size_t)(c - s) : n;
	str_trim(kw, kwl);
	if (!c)
		return;
	const char *last = s + n;
	while (last > c && last[-1] != ',')
		last--;
	const char *ver = c + 1;
	size_t vl = (size_t)(last - 1 - c);
	if (last - 1 > c) {
		str_trim(&ver, &vl);
		m->t->kw_version = fmt_field(m->r, ver, vl);
	}
	const char *wc = last;
	size_t wcl = (size_t)(s + n - last);
	str_trim(&wc, &wcl);
	int64_t count;
	if (is_count(wc, wcl) && str_to_i64(wc, wcl, &count))
		m->t->kw_count = (int)count;
}

/* "BC-US--Ethanol" -> "US--Ethanol": the cycle (BC, AM, PM) is not part of
 * the story's name. */
static void strip_cycle(const char **s, size_t *n)
{
	if (*n > 3 && (*s)[2] == '-' &&
	    (starts_ci(*s, *n, "BC") || starts_ci(*s, *n, "AM") ||
	     starts_ci(*s, *n, "PM"))) {
		*s += 3;
		*n -= 3;
	}
}

/* A headline from the text when the copy has no headline line: the first
 * paragraph after its dateline (an AP news alert), up to a sentence. */
static const char *headline_from_text(struct msg *m, const char *p)
{
	size_t n = strlen(p), used = 0;
	struct dateline d;
	if (dateline_parse(m->a, p, n, &d, &used) && used < n) {
		p += used;
		n -= used;
	}
	if (n > HEADLINE_MAX) {
		size_t cut = 0;
		for (size_t i = 0; i + 1 < HEADLINE_MAX; i++)
			if (p[i] == '.' && p[i + 1] == ' ') {
				cut = i + 1;
				break;
			}
		if (!cut)
			for (size_t i = HEADLINE_MAX; i > 0 && !cut; i--)
				if (p[i] == ' ')
					cut = i;
		n = cut ? cut : HEADLINE_MAX;
		/* never cut inside a UTF-8 sequence */
		while (n && ((unsigned char)p[n] & 0xC0) == 0x80)
			n--;
	}
	return fmt_field(m->r, p, n);
}

/* Copy without '^' lines (Xinhua): a short first line standing alone before
 * a paragraph that opens with a dateline is the headline. */
static void headline_first_line(struct msg *m)
{
	struct version *v = m->v;
	struct dateline d;
	size_t used;
	if (v->n_paras < 2 || v->paras[0].kind != PARA_TEXT ||
	    v->paras[1].kind != PARA_TEXT)
		return;
	const char *p0 = v->paras[0].text, *p1 = v->paras[1].text;
	size_t l0 = strlen(p0);
	if (l0 > HEADLINE_MAX || dateline_parse(m->a, p0, l0, &d, &used) ||
	    !dateline_parse(m->a, p1, strlen(p1), &d, &used))
		return;
	v->headline = p0;
	memmove(v->paras, v->paras + 1, (v->n_paras - 1) * sizeof *v->paras);
	v->n_paras--;
}

/* The slug from the keyword line (or the header's keyword); for agate
 * without a headline line, the keyword names the table. */
static void read_keyword(struct msg *m)
{
	struct version *v = m->v;
	const char *kw = NULL;
	size_t kwl = 0;
	if (m->kw_line) {
		split_keyword_line(m, &kw, &kwl);
	} else if (m->t->keyword) {
		kw = m->t->keyword;
		kwl = strlen(kw);
	}
	if (!kw)
		return;
	strip_cycle(&kw, &kwl);
	v->slug = fmt_field(m->r, kw, kwl);
	if (!v->headline && m->t->tabular) {
		/* "WEA--Global Weather-Fahrenheit" */
		const char *dd = kwl > 2 ? memchr(kw, '-', kwl) : NULL;
		if (dd && (size_t)(dd - kw) + 2 < kwl && dd[1] == '-')
			v->headline = fmt_field(m->r, dd + 2,
						kwl - (size_t)(dd + 2 - kw));
		else
			v->headline = v->slug;
	}
}

int anpa_read_text(struct parse_result *r, struct version *v, const char *s,
		   size_t n, struct anpa_text *txt)
{
	struct arena *a = r->versions.arena;
	struct msg msg = {.r = r, .a = a, .v = v, .t = txt}, *m = &msg;
	size_t n_ctl = 0, clen;
	const char *how;
	char *clean = clean_text(a, s, n, &clen, &n_ctl);
	char *t = clean ? text_decode_8bit(a, clean, clen, &how) : NULL;
	if (!t)
		return OW_ENOMEM;
	size_t len = strlen(t), i = 0;
	if (strcmp(how, "utf-8"))
		version_add_warning(a, v, "text is not UTF-8; read as %s", how);
	if (n_ctl)
		version_add_warning(a, v, "%zu control bytes removed", n_ctl);
	txt->xinhua = str_find_ci(t, len < 4096 ? len : 4096, "(Xinhua)") >= 0;
	buf_init(&m->ednote, 1u << 16);

	while (i < len && str_is_blank(t + i, line_end(t, len, i) - i))
		i = line_end(t, len, i) + 1;
	for (int lines = 0; i < len && t[i] == '^' && lines < SEGMENTS_MAX;
	     lines++) {
		size_t e = line_end(t, len, i);
		read_header_line(m, t + i, e - i);
		i = e + 1;
	}
	if (i > len)
		i = len;
	int rc = 0;
	if (txt->tabular) {
		rc = add_tabular_body(m, t + i, len - i);
	} else {
		for (size_t k = 0; k < m->n_extra && !rc; k++)
			if (m->extra[k].after_byline)
				rc = version_add_para(a, v, PARA_TEXT,
						      m->extra[k].s,
						      m->extra[k].n);
		if (!rc)
			rc = add_text_body(m, t + i, len - i);
		/* header-only copy (a list of headlines): the lines are it */
		if (!v->n_paras)
			for (size_t k = 0; k < m->n_extra && !rc; k++)
				rc = version_add_para(a, v, PARA_TEXT,
						      m->extra[k].s,
						      m->extra[k].n);
		tidy_paras(m);
		if (!rc && !v->headline && !m->kw_line)
			headline_first_line(m);
	}
	if (!rc && m->ednote.len)
		v->ednote = arena_strndup(a, m->ednote.p, m->ednote.len);
	buf_free(&m->ednote);
	if (rc)
		return rc;

	read_keyword(m);
	if (v->n_paras) {
		const char *p0 = v->paras[0].text;
		size_t l0 = strlen(p0), used;
		if (v->paras[0].kind == PARA_PRE) {
			const char *nl = memchr(p0, '\n', l0);
			l0 = nl ? (size_t)(nl - p0) : l0;
		}
		dateline_parse(a, p0, l0, &v->dateline, &used);
	}
	if (!v->headline && v->n_paras && v->paras[0].kind == PARA_TEXT)
		v->headline = headline_from_text(m, v->paras[0].text);
	v->headline = ap_quotes(a, v->headline);
	return 0;
}
