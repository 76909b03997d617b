/* Plain wire text, as agencies such as Xinhua send it:
 *
 *   1st LD Writethru: China's exports rise 9.7 pct     <- headline, with marks
 *   Xinhua, January 10, 2015                           <- optional source line
 *   Editor's note: picks up 4th graf                   <- optional note
 *
 *   BEIJING, Jan. 10 (Xinhua) -- China's exports ...   <- dateline opens text
 *
 *   More paragraphs, separated by blank lines.
 *
 *   Enditem                                            <- end marker, dropped
 *
 * An editor's note line ("Editor's note:", "Eds:") becomes the version's
 * ednote; a pickup it states ("picks up 4th graf", "insert after 3rd graf")
 * sets where a lead or insert joins the text already sent.
 *
 * 8-bit text that is not UTF-8 is read as Windows-1252. */
#include "formats/formats_int.h"

#include "common/str.h"

#include <string.h>

#define HEADLINE_MAX 400

static size_t line_end(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] != '\n' && s[i] != '\r')
		i++;
	return i;
}

static size_t next_line(const char *s, size_t len, size_t i)
{
	i = line_end(s, len, i);
	if (i < len && s[i] == '\r')
		i++;
	if (i < len && s[i] == '\n')
		i++;
	return i;
}

int wiretext_probe(const char *buf, size_t len)
{
	if (len == 0)
		return 0;
	size_t look = len < 4096 ? len : 4096, ctl = 0, lines = 0;
	for (size_t i = 0; i < look; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c == '\n')
			lines++;
		else if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F)
			ctl++;
	}
	if (ctl * 10 > look || str_is_blank(buf, look))
		return 0; /* binary, or nothing */
	size_t i = 0;
	while (i < len && str_is_blank(buf + i, line_end(buf, len, i) - i) &&
	       next_line(buf, len, i) > i)
		i = next_line(buf, len, i);
	size_t hl = line_end(buf, len, i) - i;
	if (hl == 0 || hl > HEADLINE_MAX)
		return 0;
	/* markup (an HTML page, XML nobody else claimed) is not wire text */
	size_t j = i + utf8_bom(buf + i, len - i);
	while (j < len && (buf[j] == ' ' || buf[j] == '\t'))
		j++;
	if (j < len && buf[j] == '<')
		return 0;
	return lines ? 10 : 5;
}

/* "Xinhua, January 10, 2015": an agency name and a written date. */
static bool source_line(const char *s, size_t len, const char **src,
			size_t *srcl, const char **date, size_t *datel)
{
	str_trim(&s, &len);
	if (len < 8 || len > 80)
		return false;
	size_t c = 0;
	while (c < len && s[c] != ',')
		c++;
	if (c == 0 || c >= len || c > 40)
		return false;
	int64_t t;
	const char *d = s + c + 1;
	size_t dl = len - c - 1;
	str_trim(&d, &dl);
	if (!time_parse_written(d, dl, &t))
		return false;
	*src = s;
	*srcl = c;
	*date = d;
	*datel = dl;
	return true;
}

/* "Editor's note: picks up 4th graf": the note after the colon. */
static bool ednote_line(const char *s, size_t len, const char **note,
			size_t *notel)
{
	size_t c = 0;
	while (c < len && c < 20 && s[c] != ':')
		c++;
	if (c >= len || s[c] != ':')
		return false;
	char sq[24];
	size_t n = 0;
	for (size_t i = 0; i < c; i++)
		if ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z'))
			sq[n++] = str_lower(s[i]);
	sq[n] = '\0';
	if (strcmp(sq, "editorsnote") && strcmp(sq, "editornote") &&
	    strcmp(sq, "edsnote") && strcmp(sq, "ednote") && strcmp(sq, "eds"))
		return false;
	*note = s + c + 1;
	*notel = len - c - 1;
	str_trim(note, notel);
	return *notel > 0;
}

int wiretext_parse(const char *buf, size_t len, const struct parse_opts *o,
		   struct parse_result *r, struct ow_err *err)
{
	struct arena *a = r->versions.arena;
	const char *how;
	size_t bom = utf8_bom(buf, len), n_ctl = 0;
	char *text = text_clean_8bit(a, buf + bom, len - bom, &how, &n_ctl);
	if (!text)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	if (strcmp(how, "utf-8"))
		fmt_warn(r, "text is not UTF-8; read as %s", how);
	if (n_ctl)
		fmt_warn(r, "%zu control bytes removed", n_ctl);
	len = strlen(text);

	size_t i = 0;
	while (i < len && str_is_blank(text + i, line_end(text, len, i) - i)) {
		size_t nx = next_line(text, len, i);
		if (nx == i)
			break;
		i = nx;
	}
	size_t he = line_end(text, len, i);
	if (i >= len || he == i)
		return ow_err_set(
			err, OW_EPARSE,
			"wiretext: no headline line (the input is blank)");
	if (he - i > HEADLINE_MAX)
		return ow_err_at(
			err, OW_EPARSE, text, i,
			"wiretext: first line is %zu bytes; a headline "
			"line is at most %d",
			he - i, HEADLINE_MAX);
	struct version *v = fmt_new_version(r, o, "wiretext");
	if (!v)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	v->raw_off = 0;
	v->raw_len = len;
	const char *hl = fmt_field(r, text + i, he - i);
	if (fmt_apply_headline_marks(r, v, hl))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	i = next_line(text, len, i);

	/* header lines up to the first blank line: source line, byline */
	const char *written_date = NULL;
	while (i < len) {
		size_t e = line_end(text, len, i);
		const char *ln = text + i;
		size_t ll = e - i;
		if (str_is_blank(ln, ll))
			break;
		const char *src, *date, *note;
		size_t srcl, datel, notel;
		if (ednote_line(ln, ll, &note, &notel)) {
			const char *t = fmt_field(r, note, notel);
			if (t && v->ednote)
				t = arena_printf(a, "%s %s", v->ednote, t);
			if (t)
				v->ednote = t;
		} else if (source_line(ln, ll, &src, &srcl, &date, &datel)) {
			if (!o || !o->source)
				v->source = fmt_field(r, src, srcl);
			written_date = fmt_field(r, date, datel);
		} else if (str_starts_with_ci(ln, ll, "by ") && ll < 120) {
			v->byline = fmt_field(r, ln, ll);
		} else {
			break; /* the body starts without a blank line */
		}
		i = next_line(text, len, i);
	}
	mark_apply_pickup(v);
	if (text_add_paras(a, v, text + i, len - i, false))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	if (v->n_paras && v->paras[0].kind == PARA_TEXT) {
		size_t used;
		const char *p0 = v->paras[0].text;
		if (dateline_parse(a, p0, strlen(p0), &v->dateline, &used)) {
			if ((!o || !o->source) && !v->source &&
			    v->dateline.source)
				v->source = v->dateline.source;
		}
	}
	if (!v->dateline.date && written_date)
		v->dateline.date = written_date;
	if (written_date) {
		int64_t t;
		if (time_parse_written(written_date, strlen(written_date), &t))
			v->firstcreated = t;
	}
	int rc = fmt_finish(r, v, err);
	if (rc)
		return rc;
	return fmt_push(r, v, err);
}
