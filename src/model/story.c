/* What a subscriber sees of a story: the versions put in the wire's order and
 * applied one by one (replace, append a take, splice, correct, kill), with
 * embargoed copy left out until its time. Pure: `now` is an argument, so the
 * embargo timer, the tests and the property test all drive the same code. */
#include "model/model.h"

#include "common/ow_error.h"

#include <stdlib.h>
#include <string.h>

/* --------------------------------------------------------------- ordering */

static bool has_generation(const struct version *v)
{
	return v->mark_ordinal > 0 &&
	       (v->signal == SIGNAL_LEAD || v->signal == SIGNAL_WRITETHRU ||
		v->signal == SIGNAL_UPDATE);
}

struct order_key {
	struct version *v;
	int64_t primary; /* the source's version number, or the generation */
	int64_t time;    /* versioncreated, 0 when unknown */
	int64_t minor;   /* a take's own number: "Add 2" after "Add 1" */
	int64_t seq;
};

static int cmp_i64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

static int cmp_key(const void *pa, const void *pb)
{
	const struct order_key *a = pa, *b = pb;
	int c = cmp_i64(a->primary, b->primary);
	if (!c)
		c = cmp_i64(a->time, b->time);
	if (!c)
		c = cmp_i64(a->minor, b->minor);
	if (!c)
		c = cmp_i64(a->seq, b->seq);
	return c;
}

/* All versions carry the same item id and a version number of the source's
 * own: then those numbers alone decide (compared as integers). */
static bool source_numbered(struct version **v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i]->item_version < 0 || !v[i]->item_id)
			return false;
		if (strcmp(v[i]->item_id, v[0]->item_id) != 0)
			return false;
	}
	return true;
}

/* The generation of a version without an ordinal of its own (a take, a
 * correction, unmarked copy) is that of the latest numbered lead created
 * before it, so "Add 1" to the 1st LD stays after the 1st LD. Without a time
 * it belongs to the newest lead that arrived before it; unmarked copy
 * without a time belongs to none (it is the story's first version). */
static int64_t inherited_generation(struct version **v, size_t n,
				    const struct version *x)
{
	int64_t gen = 0;
	for (size_t i = 0; i < n; i++) {
		const struct version *y = v[i];
		if (!has_generation(y) || y->mark_ordinal <= gen)
			continue;
		bool before =
			(x->versioncreated && y->versioncreated)
				? y->versioncreated <= x->versioncreated
				: x->signal != SIGNAL_NEW && y->seq < x->seq;
		if (before)
			gen = y->mark_ordinal;
	}
	return gen;
}

void story_order(struct version **v, size_t n)
{
	if (n < 2)
		return;
	struct order_key stack[64];
	struct order_key *k = n <= 64 ? stack : malloc(n * sizeof *k);
	if (!k) {
		/* cannot allocate: fall back to arrival order, which is what the
		 * store hands us anyway */
		return;
	}
	bool numbered = source_numbered(v, n);
	for (size_t i = 0; i < n; i++) {
		k[i].v = v[i];
		k[i].seq = v[i]->seq;
		k[i].time = v[i]->versioncreated;
		k[i].minor = has_generation(v[i]) ? 0 : v[i]->mark_ordinal;
		if (numbered) {
			k[i].primary = v[i]->item_version;
			k[i].time = 0; /* the number is the whole order */
		} else if (has_generation(v[i])) {
			k[i].primary = v[i]->mark_ordinal;
		} else if (v[i]->signal == SIGNAL_NEW &&
			   !v[i]->versioncreated) {
			/* unmarked copy with no time: the first version */
			k[i].primary = 0;
		} else {
			/* Unmarked copy with a time goes by its time too: it
			 * was always put first, so unmarked copy sent after a
			 * 1st LD (a withheld notice, a source that marks only
			 * some versions) sorted before it and was never
			 * shown as the newest. */
			k[i].primary = inherited_generation(v, n, v[i]);
		}
	}
	qsort(k, n, sizeof *k, cmp_key);
	for (size_t i = 0; i < n; i++)
		v[i] = k[i].v;
	if (k != stack)
		free(k);
}

/* ------------------------------------------------------------- paragraphs */

struct text {
	struct para *p;
	size_t n;
};

static int text_set(struct arena *a, struct text *t, const struct para *src,
		    size_t n, const struct para *tail, size_t ntail)
{
	struct para *p = arena_alloc(a, (n + ntail + 1) * sizeof *p);
	if (!p)
		return OW_ENOMEM;
	if (n)
		memcpy(p, src, n * sizeof *p);
	if (ntail)
		memcpy(p + n, tail, ntail * sizeof *p);
	t->p = p;
	t->n = n + ntail;
	return 0;
}

/* Splices `ins` into `t` after paragraph `after` (0 = at the top). */
static int text_splice(struct arena *a, struct text *t, size_t after,
		       const struct para *ins, size_t nins)
{
	if (after > t->n)
		after = t->n;
	struct para *p = arena_alloc(a, (t->n + nins + 1) * sizeof *p);
	if (!p)
		return OW_ENOMEM;
	/* memcpy wants real pointers even for zero bytes: the text may be
	 * empty (t->p NULL) and a take may have no paragraphs */
	if (after)
		memcpy(p, t->p, after * sizeof *p);
	if (nins)
		memcpy(p + after, ins, nins * sizeof *p);
	if (t->n > after)
		memcpy(p + after + nins, t->p + after,
		       (t->n - after) * sizeof *p);
	t->p = p;
	t->n += nins;
	return 0;
}

/* ---------------------------------------------------------------- resolve */

bool version_released(const struct version *v, int64_t now)
{
	return !v->embargo_held && (v->embargo == 0 || v->embargo <= now);
}

/* Metadata of the view: the newest applied version, with what it leaves
 * empty (a take often has no headline) carried over from the one before. */
static struct version *merge_meta(struct arena *a, const struct version *prev,
				  const struct version *v)
{
	struct version *m = arena_alloc(a, sizeof *m);
	if (!m)
		return NULL;
	*m = *v;
	if (prev) {
#define KEEP(f)                                                                \
	if (!m->f || !*m->f)                                                   \
	m->f = prev->f
		KEEP(headline);
		KEEP(slug);
		KEEP(byline);
		KEEP(dateline.place);
		KEEP(dateline.date);
		KEEP(dateline.source);
		KEEP(language);
#undef KEEP
		if (!m->n_subjects) {
			m->subjects = prev->subjects;
			m->n_subjects = prev->n_subjects;
		}
		if (!m->priority)
			m->priority = prev->priority;
		if (!m->urgency)
			m->urgency = prev->urgency;
	}
	return m;
}

static int count_words_of(const struct para *p, size_t n)
{
	struct version tmp = {0};
	tmp.paras = (struct para *)p;
	tmp.n_paras = n;
	version_count_words(&tmp);
	return tmp.word_count;
}

int story_resolve(struct arena *a, struct version **in, size_t n, int64_t now,
		  struct story_view *out)
{
	memset(out, 0, sizeof *out);
	struct version *stack[64];
	struct version **v = n <= 64 ? stack : malloc(n * sizeof *v);
	if (!v)
		return OW_ENOMEM;
	memcpy(v, in, n * sizeof *v);
	story_order(v, n);

	struct text t = {0};
	const char *html = NULL;
	struct version *meta = NULL;
	bool killed = false, withheld = false, held = false, embargoed = false;
	bool advisory = false;
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		struct version *x = v[i];
		if (!version_released(x, now)) {
			if (x->embargo_held)
				held = true;
			else {
				embargoed = true;
				if (!out->next_release ||
				    x->embargo < out->next_release)
					out->next_release = x->embargo;
			}
			continue;
		}
		if (killed)
			continue; /* a kill is final */
		int64_t created =
			x->firstcreated ? x->firstcreated : x->versioncreated;
		if (created &&
		    (!out->firstcreated || created < out->firstcreated))
			out->firstcreated = created;
		if (x->signal == SIGNAL_KILL ||
		    x->pubstatus == PUBSTATUS_CANCELED) {
			killed = true;
			out->kill_note = x->ednote && *x->ednote ? x->ednote
								 : x->headline;
			continue;
		}
		if (x->signal == SIGNAL_ADVISORY) {
			advisory = true;
			continue;
		}
		if (x->pubstatus == PUBSTATUS_WITHHELD) {
			withheld = true;
			continue;
		}
		withheld = false;
		out->n_visible++;
		html = NULL;
		switch (x->signal) {
		case SIGNAL_ADD:
			rc = text_splice(a, &t, t.n, x->paras, x->n_paras);
			break;
		case SIGNAL_INSERT:
			rc = text_splice(a, &t,
					 x->pickup_para > 0
						 ? (size_t)x->pickup_para
						 : t.n,
					 x->paras, x->n_paras);
			break;
		case SIGNAL_LEAD:
			/* "picks up 4th graf": the new top, then the old text
			 * from its 4th paragraph on */
			if (x->pickup_para > 0 && (size_t)x->pickup_para <= t.n)
				rc = text_set(a, &t, x->paras, x->n_paras,
					      t.p + x->pickup_para - 1,
					      t.n - (size_t)x->pickup_para + 1);
			else {
				rc = text_set(a, &t, x->paras, x->n_paras, NULL,
					      0);
				html = x->body_html;
			}
			break;
		default:
			rc = text_set(a, &t, x->paras, x->n_paras, NULL, 0);
			html = x->body_html;
			break;
		}
		if (x->signal == SIGNAL_CORRECTION) {
			out->corrected = true;
			out->correction_note = x->ednote;
		}
		struct version *m = merge_meta(a, meta, x);
		if (!m)
			rc = OW_ENOMEM;
		meta = m;
	}
	if (v != stack)
		free(v);
	if (rc)
		return rc;

	out->current = meta;
	out->paras = t.p;
	out->n_paras = t.n;
	out->body_html = html;
	out->word_count = count_words_of(t.p, t.n);
	if (killed)
		out->state = STORY_KILLED;
	else if (meta && !withheld)
		out->state = STORY_LIVE;
	else if (held || withheld)
		out->state = STORY_HELD;
	else if (embargoed)
		out->state = STORY_EMBARGOED;
	else if (advisory)
		out->state = STORY_ADVISORY;
	else
		out->state = STORY_HELD;
	return 0;
}
