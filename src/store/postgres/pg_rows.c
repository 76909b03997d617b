/* Row codecs for PostgreSQL: versions and stories to and from result rows
 * (text format). Paragraphs, subjects and warnings are the same small JSON
 * arrays the SQLite backend stores, byte for byte, so an archive copied by
 * `offwire migrate` reads back unchanged. */
#include "store/postgres/pg_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int64_t pg_i64(const PGresult *r, int row, int col)
{
	if (PQgetisnull(r, row, col))
		return 0;
	return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

const char *pg_text(struct arena *a, const PGresult *r, int row, int col)
{
	if (PQgetisnull(r, row, col))
		return NULL;
	return arena_strndup(a, PQgetvalue(r, row, col),
			     (size_t)PQgetlength(r, row, col));
}

/* A column's text, borrowed from the result; NULL if NULL. */
static const char *raw(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

/* ------------------------------------------------------------------ JSON */

static char *dump(json_t *j)
{
	if (!j)
		return NULL;
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return s;
}

/* The paragraphs written straight into a buffer, as the SQLite backend
 * writes them: only quotes, backslashes and controls escaped. */
static void json_str(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	buf_putc(b, '"');
	const char *run = s;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_append(b, run, (size_t)(s - run));
		if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
		} else if (c == '\n') {
			buf_puts(b, "\\n");
		} else {
			char u[7] = {'\\',        'u',         '0', '0',
				     hex[c >> 4], hex[c & 15], 0};
			buf_puts(b, u);
		}
		run = s + 1;
	}
	buf_append(b, run, (size_t)(s - run));
	buf_putc(b, '"');
}

char *pg_paras_json(const struct para *p, size_t n)
{
	struct buf b;
	buf_init(&b, 256u << 20);
	buf_putc(&b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(&b, ',');
		if (p[i].kind == PARA_PRE)
			buf_puts(&b, "{\"pre\":");
		json_str(&b, p[i].text ? p[i].text : "");
		if (p[i].kind == PARA_PRE)
			buf_putc(&b, '}');
	}
	buf_putc(&b, ']');
	if (b.err) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

char *pg_subjects_json(const struct subject *s, size_t n)
{
	if (!n)
		return NULL;
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < n; i++) {
		json_t *o = json_object();
		if (s[i].code)
			json_object_set_new(o, "code", json_string(s[i].code));
		if (s[i].name)
			json_object_set_new(o, "name", json_string(s[i].name));
		if (s[i].scheme)
			json_object_set_new(o, "scheme",
					    json_string(s[i].scheme));
		json_array_append_new(arr, o);
	}
	return dump(arr);
}

char *pg_strings_json(const char *const *s, size_t n)
{
	if (!n)
		return NULL;
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < n; i++)
		json_array_append_new(arr, json_string(s[i]));
	return dump(arr);
}

static json_t *load_array(const char *s)
{
	json_t *j = s ? json_loads(s, 0, NULL) : NULL;
	if (j && !json_is_array(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

int pg_paras_parse(struct arena *a, const char *js, struct para **out,
		   size_t *n)
{
	*out = NULL;
	*n = 0;
	json_t *arr = load_array(js);
	if (!arr)
		return 0;
	size_t cnt = json_array_size(arr);
	struct para *p = arena_alloc(a, (cnt + 1) * sizeof *p);
	size_t m = 0;
	for (size_t i = 0; p && i < cnt; i++) {
		json_t *e = json_array_get(arr, i);
		enum para_kind k = PARA_TEXT;
		if (json_is_object(e)) {
			e = json_object_get(e, "pre");
			k = PARA_PRE;
		}
		if (!json_is_string(e))
			continue;
		p[m].kind = k;
		p[m].text = arena_strndup(a, json_string_value(e),
					  json_string_length(e));
		if (!p[m].text)
			p = NULL;
		else
			m++;
	}
	json_decref(arr);
	if (!p)
		return OW_ENOMEM;
	*out = p;
	*n = m;
	return 0;
}

int pg_subjects_parse(struct arena *a, const char *js, struct subject **out,
		      size_t *n)
{
	*out = NULL;
	*n = 0;
	json_t *arr = load_array(js);
	if (!arr)
		return 0;
	size_t cnt = json_array_size(arr);
	struct subject *s = arena_alloc(a, (cnt + 1) * sizeof *s);
	for (size_t i = 0; s && i < cnt; i++) {
		json_t *e = json_array_get(arr, i);
		s[i].code = arena_strdup(
			a, json_string_value(json_object_get(e, "code")));
		s[i].name = arena_strdup(
			a, json_string_value(json_object_get(e, "name")));
		s[i].scheme = arena_strdup(
			a, json_string_value(json_object_get(e, "scheme")));
	}
	json_decref(arr);
	if (!s)
		return OW_ENOMEM;
	*out = s;
	*n = cnt;
	return 0;
}

int pg_strings_parse(struct arena *a, const char *js, const char ***out,
		     size_t *n)
{
	*out = NULL;
	*n = 0;
	json_t *arr = load_array(js);
	if (!arr)
		return 0;
	size_t cnt = json_array_size(arr);
	const char **s = arena_alloc(a, (cnt + 1) * sizeof *s);
	size_t m = 0;
	for (size_t i = 0; s && i < cnt; i++) {
		const char *v = json_string_value(json_array_get(arr, i));
		if (v)
			s[m++] = arena_strdup(a, v);
	}
	json_decref(arr);
	if (!s)
		return OW_ENOMEM;
	*out = s;
	*n = m;
	return 0;
}

/* ------------------------------------------------------------------ rows */

int pg_read_version(struct arena *a, const PGresult *r, int row,
		    struct version **out)
{
	struct version *v = version_new(a);
	if (!v)
		return OW_ENOMEM;
	int c = 0;
	v->seq = pg_i64(r, row, c++);
	v->story_id = pg_i64(r, row, c++);
	v->vnum = (int)pg_i64(r, row, c++);
	c++; /* raw_id: reached through the raw API */
	v->raw_off = (size_t)pg_i64(r, row, c++);
	v->raw_len = (size_t)pg_i64(r, row, c++);
	v->received_at = pg_i64(r, row, c++);
	v->format = pg_text(a, r, row, c++);
	v->source = pg_text(a, r, row, c++);
	v->item_id = pg_text(a, r, row, c++);
	v->item_version = PQgetisnull(r, row, c) ? -1 : pg_i64(r, row, c);
	c++;
	v->evolved_from = pg_text(a, r, row, c++);
	const char *sig = raw(r, row, c++);
	if (!sig || !signal_from_name(sig, &v->signal))
		v->signal = SIGNAL_NEW;
	v->mark = pg_text(a, r, row, c++);
	v->mark_ordinal = (int)pg_i64(r, row, c++);
	v->pickup_para = (int)pg_i64(r, row, c++);
	const char *ps = raw(r, row, c++);
	if (!ps || !pubstatus_from_name(ps, &v->pubstatus))
		v->pubstatus = PUBSTATUS_USABLE;
	v->priority = (enum priority)pg_i64(r, row, c++);
	v->urgency = (int)pg_i64(r, row, c++);
	v->slug = pg_text(a, r, row, c++);
	v->headline = pg_text(a, r, row, c++);
	v->byline = pg_text(a, r, row, c++);
	v->dateline.place = pg_text(a, r, row, c++);
	v->dateline.date = pg_text(a, r, row, c++);
	v->dateline.source = pg_text(a, r, row, c++);
	v->language = pg_text(a, r, row, c++);
	if (pg_subjects_parse(a, raw(r, row, c++), &v->subjects,
			      &v->n_subjects) ||
	    pg_paras_parse(a, raw(r, row, c++), &v->paras, &v->n_paras))
		return OW_ENOMEM;
	v->body_html = pg_text(a, r, row, c++);
	v->word_count = (int)pg_i64(r, row, c++);
	v->ednote = pg_text(a, r, row, c++);
	v->firstcreated = pg_i64(r, row, c++);
	v->versioncreated = pg_i64(r, row, c++);
	v->embargo = pg_i64(r, row, c++);
	v->embargo_held = pg_i64(r, row, c++) != 0;
	if (pg_strings_parse(a, raw(r, row, c++), &v->warnings, &v->n_warnings))
		return OW_ENOMEM;
	v->link_rule = pg_text(a, r, row, c++);
	v->link_key = pg_text(a, r, row, c++);
	*out = v;
	return 0;
}

void pg_read_summary(struct arena *a, const PGresult *r, int row, int first,
		     struct story_summary *o)
{
	memset(o, 0, sizeof *o);
	int c = first;
	o->id = pg_i64(r, row, c++);
	const char *state = raw(r, row, c++);
	if (!state || !story_state_from_name(state, &o->state))
		o->state = STORY_HELD;
	o->headline = pg_text(a, r, row, c++);
	o->slug = pg_text(a, r, row, c++);
	o->source = pg_text(a, r, row, c++);
	o->byline = pg_text(a, r, row, c++);
	o->place = pg_text(a, r, row, c++);
	o->mark = pg_text(a, r, row, c++);
	const char *sig = raw(r, row, c++);
	if (!sig || !signal_from_name(sig, &o->signal))
		o->signal = SIGNAL_NEW;
	o->priority = (enum priority)pg_i64(r, row, c++);
	o->urgency = (int)pg_i64(r, row, c++);
	o->firstcreated = pg_i64(r, row, c++);
	o->versioncreated = pg_i64(r, row, c++);
	o->updated_seq = pg_i64(r, row, c++);
	o->version = (int)pg_i64(r, row, c++);
	o->word_count = (int)pg_i64(r, row, c++);
	o->corrected = pg_i64(r, row, c++) != 0;
	o->changed_at = pg_i64(r, row, c++);
	o->cluster = pg_i64(r, row, c++);
}

/* ----------------------------------------------------------------- words */

bool pg_words_tsquery(struct buf *sql, struct pg_params *p, struct arena *a,
		      const char *words)
{
	/* split on whitespace as the SQLite backend's sq_fts_words does;
	 * each piece a phrase of the words the parser finds in it */
	int n = 0;
	const char *s = words;
	while (*s) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		if (!*s)
			break;
		const char *e = s;
		while (*e && *e != ' ' && *e != '\t' && *e != '\n' &&
		       *e != '\r')
			e++;
		const char *w =
			pg_utf8(a, arena_strndup(a, s, (size_t)(e - s)));
		if (!w)
			return false;
		buf_puts(sql, n++ ? " && " : "(");
		buf_printf(sql, "phraseto_tsquery('ow', $%d)", pp_text(p, w));
		s = e;
	}
	if (n)
		buf_putc(sql, ')');
	return n > 0;
}

/* ------------------------------------------------------------------ UTF-8 */

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return 1;
	size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	if (!len || len > n || s[0] > 0xf4)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	uint32_t c = len == 2   ? (s[0] & 0x1fu)
		     : len == 3 ? (s[0] & 0x0fu)
				: (s[0] & 0x07u);
	for (size_t i = 1; i < len; i++)
		c = c << 6 | (s[i] & 0x3fu);
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return len;
}

const char *pg_utf8(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s), i = 0;
	while (i < n) {
		size_t l = utf8_len((const unsigned char *)s + i, n - i);
		if (!l)
			break;
		i += l;
	}
	if (i == n)
		return s; /* valid: borrowed as it is */
	struct buf b;
	buf_init(&b, 4 * n + 4);
	buf_append(&b, s, i);
	while (i < n) {
		size_t l = utf8_len((const unsigned char *)s + i, n - i);
		if (l) {
			buf_append(&b, s + i, l);
			i += l;
		} else {
			buf_puts(&b, "\xef\xbf\xbd"); /* U+FFFD */
			i++;
		}
	}
	const char *out = b.err ? NULL : arena_strndup(a, b.p, b.len);
	buf_free(&b);
	return out;
}

/* ---------------------------------------------------------------- arrays */

void pg_array_add(struct buf *b, const char *s)
{
	buf_putc(b, b->len ? ',' : '{');
	if (!s) {
		buf_puts(b, "NULL");
		return;
	}
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

const char *pg_array_end(struct buf *b)
{
	buf_puts(b, b->len ? "}" : "{}");
	return b->err ? NULL : b->p;
}
