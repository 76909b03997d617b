/* Plain-text e-mail bodies into paragraphs. What mail adds to copy is taken
 * off: format=flowed soft breaks (RFC 3676), the signature after "-- ",
 * the agency sign-off that closes a correspondent's copy ("AAP be/") with
 * the signature under it, and a disclaimer under a rule of underscores. A
 * "By ..." line opening the copy is its byline; the first paragraph that
 * opens with a dateline gives the dateline.
 *
 * Paragraphs: mail programs that send one line per paragraph (long lines,
 * or no blank line anywhere) get a paragraph per line; hard-wrapped text
 * (short lines, blank lines between paragraphs) is joined as wire text is. */
#include "formats/email_int.h"

#include "common/str.h"

#include <string.h>

#define PREAMBLE_PARAS 6  /* how far down a byline or dateline is looked for */
#define WRAPPED_WIDTH 100 /* longer lines: one paragraph per line */
#define SIG_MAX 1000      /* a bare "--" ends the copy only above this much */

static size_t line_end(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] != '\n')
		i++;
	return i;
}

/* The line at s[i..] without its CR/LF. */
static size_t line_len(const char *s, size_t len, size_t i)
{
	size_t e = line_end(s, len, i);
	if (e > i && s[e - 1] == '\r')
		e--;
	return e - i;
}

/* ------------------------------------------------------- format=flowed */

/* RFC 3676: a line ending in a space flows into the next (with delsp=yes
 * that space goes); a leading space is stuffing; "-- " never flows. */
static char *unflow(struct arena *a, const char *s, size_t len, bool delsp,
		    size_t *out_len)
{
	char *out = arena_alloc(a, len + 2);
	if (!out)
		return NULL;
	size_t o = 0, i = 0;
	while (i < len) {
		size_t e = line_end(s, len, i), n = line_len(s, len, i);
		const char *ln = s + i;
		bool sig = n == 3 && !memcmp(ln, "-- ", 3);
		if (!sig && n && ln[0] == ' ') {
			ln++;
			n--;
		}
		bool soft = !sig && n && ln[n - 1] == ' ';
		if (soft && delsp)
			n--;
		memcpy(out + o, ln, n);
		o += n;
		if (!soft)
			out[o++] = '\n';
		i = e < len ? e + 1 : len;
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

/* ------------------------------------------------------- end of the copy */

/* "AAP be/", "AAP be/jw": the agency, the reporter's initials, a slash and
 * the sub-editor's. */
static bool signoff_line(const char *s, size_t n)
{
	str_trim(&s, &n);
	size_t i = 0;
	while (i < n && s[i] >= 'A' && s[i] <= 'Z')
		i++;
	if (i < 2 || i > 8 || i >= n || s[i] != ' ')
		return false;
	size_t k = ++i;
	while (i < n && s[i] >= 'a' && s[i] <= 'z')
		i++;
	if (i == k || i - k > 4 || i >= n || s[i] != '/')
		return false;
	if (n - i > 12)
		return false;
	for (; i < n; i++)
		if (s[i] != '/' && (s[i] < 'a' || s[i] > 'z'))
			return false;
	return true;
}

static bool rule_of_underscores(const char *s, size_t n)
{
	str_trim(&s, &n);
	if (n < 8)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '_')
			return false;
	return true;
}

static bool disclaimer_words(const char *s, size_t n)
{
	static const char *const w[] = {"confidential", "intended",   "e-mail",
					"email",        "disclaimer", NULL};
	if (n > 4000)
		return false; /* a disclaimer is short; this is copy */
	for (const char *const *k = w; *k; k++)
		if (str_find_ci(s, n, *k) >= 0)
			return true;
	return false;
}

/* Where the copy ends: at the signature, sign-off or disclaimer. */
static size_t copy_end(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		size_t e = line_end(s, len, i), n = line_len(s, len, i);
		size_t next = e < len ? e + 1 : len;
		const char *ln = s + i;
		if (n == 3 && !memcmp(ln, "-- ", 3))
			return i;
		if (n == 2 && !memcmp(ln, "--", 2) && len - next <= SIG_MAX)
			return i;
		if (signoff_line(ln, n))
			return i;
		if (rule_of_underscores(ln, n) &&
		    disclaimer_words(s + next, len - next))
			return i;
		i = next;
	}
	return len;
}

/* ------------------------------------------------------------ paragraphs */

int email_add_line_paras(struct parse_result *r, struct version *v,
			 const char *s, size_t len, struct ow_err *err)
{
	for (size_t i = 0; i < len;) {
		size_t e = line_end(s, len, i), n = line_len(s, len, i);
		if (!str_is_blank(s + i, n) &&
		    text_add_paras(r->versions.arena, v, s + i, n, false))
			return ow_err_set(err, OW_ENOMEM, "out of memory");
		i = e < len ? e + 1 : len;
	}
	return 0;
}

/* One paragraph per line unless the text is hard-wrapped: short lines
 * with blank lines between the paragraphs. */
static bool one_para_per_line(const char *s, size_t len)
{
	size_t longest = 0;
	bool text_seen = false, gap = false, gap_inside = false;
	for (size_t i = 0; i < len;) {
		size_t e = line_end(s, len, i), n = line_len(s, len, i);
		if (n > longest)
			longest = n;
		if (str_is_blank(s + i, n)) {
			gap = text_seen;
		} else {
			if (gap)
				gap_inside = true;
			text_seen = true;
		}
		i = e < len ? e + 1 : len;
	}
	return longest > WRAPPED_WIDTH || !gap_inside;
}

static void drop_para(struct version *v, size_t i)
{
	memmove(&v->paras[i], &v->paras[i + 1],
		(v->n_paras - i - 1) * sizeof *v->paras);
	v->n_paras--;
}

/* "By Ben Everill": two to six words after "By". */
static bool byline_para(const char *t)
{
	size_t n = strlen(t);
	if (n > 80 || !str_starts_with_ci(t, n, "by "))
		return false;
	int words = 0;
	for (size_t i = 2; i < n; i++)
		if (t[i] != ' ' && t[i - 1] == ' ')
			words++;
	return words >= 1 && words <= 5;
}

/* AAP writes its name after the date without brackets ("LOS ANGELES,
 * March 10 AAP -"), which the dateline reader takes as part of the date:
 * a last word in capitals is the source. */
static void split_date_source(struct arena *a, struct dateline *d)
{
	if (d->source || !d->date)
		return;
	const char *sp = strrchr(d->date, ' ');
	if (!sp || sp == d->date)
		return;
	size_t n = strlen(sp + 1);
	if (n < 2 || n > 8)
		return;
	for (size_t i = 0; i < n; i++)
		if (sp[1 + i] < 'A' || sp[1 + i] > 'Z')
			return;
	const char *date = arena_strndup(a, d->date, (size_t)(sp - d->date));
	const char *src = arena_strdup(a, sp + 1);
	if (date && src) {
		d->date = date;
		d->source = src;
	}
}

/* A byline and a dateline in the first paragraphs, before the copy. */
static int read_preamble(struct parse_result *r, struct version *v)
{
	struct arena *a = r->versions.arena;
	for (size_t i = 0; i < v->n_paras && i < PREAMBLE_PARAS; i++) {
		const char *t = v->paras[i].text;
		if (v->paras[i].kind != PARA_TEXT)
			break;
		if (byline_para(t)) {
			v->byline = t;
			drop_para(v, i);
			i--;
			continue;
		}
		size_t used;
		struct dateline d = {0};
		if (strlen(t) > 40 &&
		    dateline_parse(a, t, strlen(t), &d, &used)) {
			split_date_source(a, &d);
			v->dateline = d;
			break;
		}
	}
	return 0;
}

int email_read_text(struct parse_result *r, struct version *v,
		    const struct email_text *t, struct ow_err *err)
{
	struct arena *a = r->versions.arena;
	const char *s = t->s;
	size_t len = t->len;
	if (t->flowed) {
		char *u = unflow(a, s, len, t->delsp, &len);
		if (!u)
			return ow_err_set(err, OW_ENOMEM, "out of memory");
		s = u;
	}
	len = copy_end(s, len);
	int rc;
	if (t->flowed || one_para_per_line(s, len))
		rc = email_add_line_paras(r, v, s, len, err);
	else
		rc = text_add_paras(a, v, s, len, false)
			     ? ow_err_set(err, OW_ENOMEM, "out of memory")
			     : 0;
	if (rc)
		return rc;
	return read_preamble(r, v);
}
