/* Building versions and lists of versions in an arena. */
#include "model/model.h"

#include "common/ow_error.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct version *version_new(struct arena *a)
{
	struct version *v = arena_alloc(a, sizeof *v);
	if (v)
		v->item_version = -1;
	return v;
}

/* Grows an arena array by one element. Capacity is implicit: 4, then the
 * next power of two, so a full array is one whose count is such a power.
 * The old block is abandoned to the arena; versions hold a few dozen items. */
static void *grow(struct arena *a, void *arr, size_t n, size_t size)
{
	bool full = !arr || (n >= 4 && (n & (n - 1)) == 0);
	if (!full)
		return arr;
	size_t cap = arr ? n * 2 : 4;
	void *p = arena_alloc(a, cap * size);
	if (p && arr)
		memcpy(p, arr, n * size);
	return p;
}

int version_add_para(struct arena *a, struct version *v, enum para_kind k,
		     const char *text, size_t len)
{
	struct para *p = grow(a, v->paras, v->n_paras, sizeof *p);
	char *t = arena_strndup(a, text, len);
	if (!p || !t)
		return OW_ENOMEM;
	v->paras = p;
	p[v->n_paras].kind = k;
	p[v->n_paras].text = t;
	v->n_paras++;
	return 0;
}

int version_add_subject(struct arena *a, struct version *v, const char *code,
			const char *name, const char *scheme)
{
	struct subject *s = grow(a, v->subjects, v->n_subjects, sizeof *s);
	if (!s)
		return OW_ENOMEM;
	v->subjects = s;
	s[v->n_subjects].code = arena_strdup(a, code);
	s[v->n_subjects].name = arena_strdup(a, name);
	s[v->n_subjects].scheme = arena_strdup(a, scheme);
	v->n_subjects++;
	return 0;
}

int version_add_warning(struct arena *a, struct version *v, const char *fmt,
			...)
{
	const char **w = grow(a, v->warnings, v->n_warnings, sizeof *w);
	if (!w)
		return OW_ENOMEM;
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(a, fmt, ap);
	va_end(ap);
	if (!s)
		return OW_ENOMEM;
	v->warnings = w;
	w[v->n_warnings++] = s;
	return 0;
}

/* A word is a run of bytes between ASCII whitespace that holds at least one
 * letter or digit (so a lone dash is not a word). */
static int count_words(const char *s)
{
	int n = 0;
	bool in = false, alnum = false;
	for (;; s++) {
		unsigned char c = (unsigned char)*s;
		bool space = c == 0 || c == ' ' || c == '\t' || c == '\n' ||
			     c == '\r';
		if (space) {
			if (in && alnum)
				n++;
			in = alnum = false;
			if (!c)
				break;
		} else {
			in = true;
			if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			    (c >= 'A' && c <= 'Z') || c >= 0x80)
				alnum = true;
		}
	}
	return n;
}

void version_count_words(struct version *v)
{
	int n = 0;
	for (size_t i = 0; i < v->n_paras; i++)
		n += count_words(v->paras[i].text);
	v->word_count = n;
}

struct version *version_clone(struct arena *a, const struct version *src)
{
	struct version *v = arena_alloc(a, sizeof *v);
	if (!v)
		return NULL;
	*v = *src;
#define DUP(f) v->f = arena_strdup(a, src->f)
	DUP(format);
	DUP(source);
	DUP(item_id);
	DUP(evolved_from);
	DUP(mark);
	DUP(slug);
	DUP(headline);
	DUP(byline);
	DUP(dateline.place);
	DUP(dateline.date);
	DUP(dateline.source);
	DUP(language);
	DUP(body_html);
	DUP(ednote);
	DUP(link_rule);
	DUP(link_key);
#undef DUP
	v->paras = NULL;
	v->n_paras = 0;
	for (size_t i = 0; i < src->n_paras; i++)
		if (version_add_para(a, v, src->paras[i].kind,
				     src->paras[i].text,
				     strlen(src->paras[i].text)))
			return NULL;
	v->subjects = NULL;
	v->n_subjects = 0;
	for (size_t i = 0; i < src->n_subjects; i++)
		if (version_add_subject(a, v, src->subjects[i].code,
					src->subjects[i].name,
					src->subjects[i].scheme))
			return NULL;
	v->warnings = NULL;
	v->n_warnings = 0;
	for (size_t i = 0; i < src->n_warnings; i++)
		if (version_add_warning(a, v, "%s", src->warnings[i]))
			return NULL;
	return v;
}

int vlist_init(struct vlist *l)
{
	memset(l, 0, sizeof *l);
	l->arena = arena_new();
	return l->arena ? 0 : OW_ENOMEM;
}

void vlist_free(struct vlist *l)
{
	free(l->v);
	arena_free(l->arena);
	memset(l, 0, sizeof *l);
}

int vlist_push(struct vlist *l, struct version *v)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct version **p = realloc(l->v, cap * sizeof *p);
		if (!p)
			return OW_ENOMEM;
		l->v = p;
		l->cap = cap;
	}
	l->v[l->n++] = v;
	return 0;
}
