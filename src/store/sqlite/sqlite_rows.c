/* Row codecs: versions and stories to and from SQLite rows. Paragraphs,
 * subjects and warnings are stored as small JSON arrays (jansson). */
#include "store/sqlite/sqlite_int.h"

#include "common/buf.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static char *dump(json_t *j)
{
	if (!j)
		return NULL;
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return s;
}

/* Paragraphs are the bulk of every row, and jansson builds a tree before it
 * writes one; this writes the same JSON straight into a buffer. The text is
 * valid UTF-8 (the parsers guarantee it), so only quotes, backslashes and
 * control characters need escaping. */
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

char *sq_paras_json(const struct para *p, size_t n)
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

char *sq_subjects_json(const struct subject *s, size_t n)
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

char *sq_strings_json(const char *const *s, size_t n)
{
	if (!n)
		return NULL;
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < n; i++)
		json_array_append_new(arr, json_string(s[i]));
	return dump(arr);
}

static json_t *load(const char *s)
{
	return s ? json_loads(s, 0, NULL) : NULL;
}

int sq_paras_parse(struct arena *a, const char *js, struct para **out,
		   size_t *n)
{
	*out = NULL;
	*n = 0;
	json_t *arr = load(js);
	if (!json_is_array(arr)) {
		json_decref(arr);
		return 0;
	}
	size_t cnt = json_array_size(arr);
	struct para *p = arena_alloc(a, (cnt + 1) * sizeof *p);
	if (!p) {
		json_decref(arr);
		return OW_ENOMEM;
	}
	size_t m = 0;
	for (size_t i = 0; i < cnt; i++) {
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
		if (!p[m].text) {
			json_decref(arr);
			return OW_ENOMEM;
		}
		m++;
	}
	json_decref(arr);
	*out = p;
	*n = m;
	return 0;
}

int sq_subjects_parse(struct arena *a, const char *js, struct subject **out,
		      size_t *n)
{
	*out = NULL;
	*n = 0;
	json_t *arr = load(js);
	if (!json_is_array(arr)) {
		json_decref(arr);
		return 0;
	}
	size_t cnt = json_array_size(arr);
	struct subject *s = arena_alloc(a, (cnt + 1) * sizeof *s);
	if (!s) {
		json_decref(arr);
		return OW_ENOMEM;
	}
	for (size_t i = 0; i < cnt; i++) {
		json_t *e = json_array_get(arr, i);
		s[i].code = arena_strdup(
			a, json_string_value(json_object_get(e, "code")));
		s[i].name = arena_strdup(
			a, json_string_value(json_object_get(e, "name")));
		s[i].scheme = arena_strdup(
			a, json_string_value(json_object_get(e, "scheme")));
	}
	json_decref(arr);
	*out = s;
	*n = cnt;
	return 0;
}

int sq_strings_parse(struct arena *a, const char *js, const char ***out,
		     size_t *n)
{
	*out = NULL;
	*n = 0;
	json_t *arr = load(js);
	if (!json_is_array(arr)) {
		json_decref(arr);
		return 0;
	}
	size_t cnt = json_array_size(arr);
	const char **s = arena_alloc(a, (cnt + 1) * sizeof *s);
	if (!s) {
		json_decref(arr);
		return OW_ENOMEM;
	}
	size_t m = 0;
	for (size_t i = 0; i < cnt; i++) {
		const char *v = json_string_value(json_array_get(arr, i));
		if (v)
			s[m++] = arena_strdup(a, v);
	}
	json_decref(arr);
	*out = s;
	*n = m;
	return 0;
}

static int64_t col_i64(sqlite3_stmt *st, int i)
{
	return sqlite3_column_int64(st, i);
}

int sq_read_version(struct arena *a, sqlite3_stmt *st, struct version **out)
{
	struct version *v = version_new(a);
	if (!v)
		return OW_ENOMEM;
	int c = 0;
	v->seq = col_i64(st, c++);
	v->story_id = col_i64(st, c++);
	v->vnum = (int)col_i64(st, c++);
	c++; /* raw_id: reached through the raw API */
	v->raw_off = (size_t)col_i64(st, c++);
	v->raw_len = (size_t)col_i64(st, c++);
	v->received_at = col_i64(st, c++);
	v->format = sq_col_text(a, st, c++);
	v->source = sq_col_text(a, st, c++);
	v->item_id = sq_col_text(a, st, c++);
	v->item_version =
		sqlite3_column_type(st, c) == SQLITE_NULL ? -1 : col_i64(st, c);
	c++;
	v->evolved_from = sq_col_text(a, st, c++);
	const char *sig = (const char *)sqlite3_column_text(st, c++);
	if (!sig || !signal_from_name(sig, &v->signal))
		v->signal = SIGNAL_NEW;
	v->mark = sq_col_text(a, st, c++);
	v->mark_ordinal = (int)col_i64(st, c++);
	v->pickup_para = (int)col_i64(st, c++);
	const char *ps = (const char *)sqlite3_column_text(st, c++);
	if (!ps || !pubstatus_from_name(ps, &v->pubstatus))
		v->pubstatus = PUBSTATUS_USABLE;
	v->priority = (enum priority)col_i64(st, c++);
	v->urgency = (int)col_i64(st, c++);
	v->slug = sq_col_text(a, st, c++);
	v->headline = sq_col_text(a, st, c++);
	v->byline = sq_col_text(a, st, c++);
	v->dateline.place = sq_col_text(a, st, c++);
	v->dateline.date = sq_col_text(a, st, c++);
	v->dateline.source = sq_col_text(a, st, c++);
	v->language = sq_col_text(a, st, c++);
	if (sq_subjects_parse(a, (const char *)sqlite3_column_text(st, c++),
			      &v->subjects, &v->n_subjects))
		return OW_ENOMEM;
	if (sq_paras_parse(a, (const char *)sqlite3_column_text(st, c++),
			   &v->paras, &v->n_paras))
		return OW_ENOMEM;
	v->body_html = sq_col_text(a, st, c++);
	v->word_count = (int)col_i64(st, c++);
	v->ednote = sq_col_text(a, st, c++);
	v->firstcreated = col_i64(st, c++);
	v->versioncreated = col_i64(st, c++);
	v->embargo = col_i64(st, c++);
	v->embargo_held = col_i64(st, c++) != 0;
	if (sq_strings_parse(a, (const char *)sqlite3_column_text(st, c++),
			     &v->warnings, &v->n_warnings))
		return OW_ENOMEM;
	v->link_rule = sq_col_text(a, st, c++);
	v->link_key = sq_col_text(a, st, c++);
	*out = v;
	return 0;
}

int sq_read_summary(struct arena *a, sqlite3_stmt *st, struct story_summary *o)
{
	return sq_read_summary_at(a, st, 0, o);
}

int sq_read_summary_at(struct arena *a, sqlite3_stmt *st, int first,
		       struct story_summary *o)
{
	memset(o, 0, sizeof *o);
	int c = first;
	o->id = col_i64(st, c++);
	const char *state = (const char *)sqlite3_column_text(st, c++);
	if (!state || !story_state_from_name(state, &o->state))
		o->state = STORY_HELD;
	o->headline = sq_col_text(a, st, c++);
	o->slug = sq_col_text(a, st, c++);
	o->source = sq_col_text(a, st, c++);
	o->byline = sq_col_text(a, st, c++);
	o->place = sq_col_text(a, st, c++);
	o->mark = sq_col_text(a, st, c++);
	const char *sig = (const char *)sqlite3_column_text(st, c++);
	if (!sig || !signal_from_name(sig, &o->signal))
		o->signal = SIGNAL_NEW;
	o->priority = (enum priority)col_i64(st, c++);
	o->urgency = (int)col_i64(st, c++);
	o->firstcreated = col_i64(st, c++);
	o->versioncreated = col_i64(st, c++);
	o->updated_seq = col_i64(st, c++);
	o->version = (int)col_i64(st, c++);
	o->word_count = (int)col_i64(st, c++);
	o->corrected = col_i64(st, c++) != 0;
	o->changed_at = col_i64(st, c++);
	o->cluster = col_i64(st, c++);
	return 0;
}

char *sq_fts_words(const char *words)
{
	struct buf b;
	buf_init(&b, 64 * 1024);
	const char *p = words;
	int n = 0;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		if (n++)
			buf_putc(&b, ' ');
		buf_putc(&b, '"');
		for (;
		     *p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r';
		     p++) {
			if (*p == '"')
				buf_putc(&b, '"');
			buf_putc(&b, *p);
		}
		buf_putc(&b, '"');
	}
	if (!n || b.err) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}
