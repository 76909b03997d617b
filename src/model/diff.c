/* Word-level diffs between two versions' text, for the history view.
 * Common prefix and suffix are trimmed first (a writethru usually changes a
 * few sentences), then the middle is aligned by longest common subsequence. */
#include "model/model.h"

#include "common/ow_error.h"

#include <stdlib.h>
#include <string.h>

#define PARA_BREAK "\n\n"

struct words {
	const char *
		*w; /* pointers into arena copies; PARA_BREAK between paras */
	size_t *len;
	size_t n;
};

static int tokenize(struct arena *ar, const struct para *p, size_t np,
		    struct words *out)
{
	size_t cap = 0;
	for (size_t i = 0; i < np; i++) {
		cap += 1;
		for (const char *s = p[i].text; *s; s++)
			cap += *s == ' ' || *s == '\n' || *s == '\t';
		cap += 1;
	}
	out->w = arena_alloc(ar, (cap + 1) * sizeof *out->w);
	out->len = arena_alloc(ar, (cap + 1) * sizeof *out->len);
	if (!out->w || !out->len)
		return OW_ENOMEM;
	out->n = 0;
	for (size_t i = 0; i < np; i++) {
		if (i) {
			out->w[out->n] = PARA_BREAK;
			out->len[out->n++] = 2;
		}
		const char *s = p[i].text;
		while (*s) {
			while (*s == ' ' || *s == '\n' || *s == '\t')
				s++;
			if (!*s)
				break;
			const char *st = s;
			while (*s && *s != ' ' && *s != '\n' && *s != '\t')
				s++;
			out->w[out->n] = st;
			out->len[out->n++] = (size_t)(s - st);
		}
	}
	return 0;
}

static bool same(const struct words *a, size_t i, const struct words *b,
		 size_t j)
{
	return a->len[i] == b->len[j] && !memcmp(a->w[i], b->w[j], a->len[i]);
}

struct builder {
	struct arena *ar;
	struct diff_op *ops;
	size_t n, cap;
	enum diff_kind kind;
	char *buf;
	size_t blen, bcap;
	int rc;
};

static void flush(struct builder *b)
{
	if (b->rc || !b->blen)
		return;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		struct diff_op *o = arena_alloc(b->ar, cap * sizeof *o);
		if (!o) {
			b->rc = OW_ENOMEM;
			return;
		}
		if (b->n)
			memcpy(o, b->ops, b->n * sizeof *o);
		b->ops = o;
		b->cap = cap;
	}
	b->ops[b->n].kind = b->kind;
	b->ops[b->n].text = arena_strndup(b->ar, b->buf, b->blen);
	if (!b->ops[b->n].text)
		b->rc = OW_ENOMEM;
	b->n++;
	b->blen = 0;
}

static void emit(struct builder *b, enum diff_kind k, const char *w, size_t len)
{
	if (b->rc)
		return;
	if (k != b->kind)
		flush(b);
	b->kind = k;
	size_t need = b->blen + len + 2;
	if (need > b->bcap) {
		size_t cap = b->bcap ? b->bcap : 256;
		while (cap < need)
			cap *= 2;
		char *nb = realloc(b->buf, cap);
		if (!nb) {
			b->rc = OW_ENOMEM;
			return;
		}
		b->buf = nb;
		b->bcap = cap;
	}
	bool brk = len == 2 && !memcmp(w, PARA_BREAK, 2);
	bool prev_brk =
		b->blen >= 2 && !memcmp(b->buf + b->blen - 2, PARA_BREAK, 2);
	if (b->blen && !brk && !prev_brk)
		b->buf[b->blen++] = ' ';
	memcpy(b->buf + b->blen, w, len);
	b->blen += len;
}

int diff_words(struct arena *ar, const struct para *pa, size_t na,
	       const struct para *pb, size_t nb, struct diff_op **ops,
	       size_t *n_ops, bool *exact)
{
	struct words a, b;
	if (tokenize(ar, pa, na, &a) || tokenize(ar, pb, nb, &b))
		return OW_ENOMEM;
	size_t pre = 0;
	while (pre < a.n && pre < b.n && same(&a, pre, &b, pre))
		pre++;
	size_t suf = 0;
	while (suf < a.n - pre && suf < b.n - pre &&
	       same(&a, a.n - 1 - suf, &b, b.n - 1 - suf))
		suf++;
	size_t m = a.n - pre - suf, n = b.n - pre - suf;
	struct builder bl = {.ar = ar, .kind = DIFF_EQUAL};
	*exact = true;
	for (size_t i = 0; i < pre; i++)
		emit(&bl, DIFF_EQUAL, a.w[i], a.len[i]);
	uint32_t *t = NULL;
	if (m && n && (size_t)(m + 1) * (n + 1) <= DIFF_MAX_CELLS)
		t = malloc((m + 1) * (n + 1) * sizeof *t);
	if (t) {
		/* t[i][j]: LCS length of a[pre+i..] and b[pre+j..] */
		size_t w = n + 1;
		for (size_t i = m + 1; i-- > 0;)
			for (size_t j = n + 1; j-- > 0;) {
				if (i == m || j == n)
					t[i * w + j] = 0;
				else if (same(&a, pre + i, &b, pre + j))
					t[i * w + j] =
						t[(i + 1) * w + j + 1] + 1;
				else
					t[i * w + j] =
						t[(i + 1) * w + j] >
								t[i * w + j + 1]
							? t[(i + 1) * w + j]
							: t[i * w + j + 1];
			}
		size_t i = 0, j = 0;
		while (i < m || j < n) {
			if (i < m && j < n && same(&a, pre + i, &b, pre + j)) {
				emit(&bl, DIFF_EQUAL, a.w[pre + i],
				     a.len[pre + i]);
				i++;
				j++;
			} else if (i < m &&
				   (j == n ||
				    t[(i + 1) * w + j] >= t[i * w + j + 1])) {
				/* deletions first: "old words" then "new" */
				emit(&bl, DIFF_DELETE, a.w[pre + i],
				     a.len[pre + i]);
				i++;
			} else {
				emit(&bl, DIFF_INSERT, b.w[pre + j],
				     b.len[pre + j]);
				j++;
			}
		}
		free(t);
	} else {
		*exact = !(m && n);
		for (size_t i = 0; i < m; i++)
			emit(&bl, DIFF_DELETE, a.w[pre + i], a.len[pre + i]);
		for (size_t j = 0; j < n; j++)
			emit(&bl, DIFF_INSERT, b.w[pre + j], b.len[pre + j]);
	}
	for (size_t i = a.n - suf; i < a.n; i++)
		emit(&bl, DIFF_EQUAL, a.w[i], a.len[i]);
	flush(&bl);
	free(bl.buf);
	if (bl.rc)
		return bl.rc;
	*ops = bl.ops;
	*n_ops = bl.n;
	return 0;
}
