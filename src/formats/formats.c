/* The format table, detection by content, and helpers the parsers share. */
#include "formats/formats_int.h"

#include "common/buf.h"
#include "common/str.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Detection runs every probe and takes the surest; on a tie the earlier
 * entry wins, so the specific formats come before the plain-text fallback. */
const struct format_impl formats_table[] = {
	{FORMAT_ANPA, "anpa", anpa_probe, anpa_parse},
	{FORMAT_IPTC7901, "iptc7901", iptc7901_probe, iptc7901_parse},
	{FORMAT_NITF, "nitf", nitf_probe, nitf_parse},
	{FORMAT_NEWSML1, "newsml1", newsml1_probe, newsml1_parse},
	{FORMAT_NEWSMLG2, "newsmlg2", newsmlg2_probe, newsmlg2_parse},
	{FORMAT_RSS, "rss", rss_probe, rss_parse},
	{FORMAT_ATOM, "atom", atom_probe, atom_parse},
	{FORMAT_REUTERS_SGML, "reuters-sgml", reuters_sgml_probe,
	 reuters_sgml_parse},
	{FORMAT_RITZAU, "ritzau", ritzau_probe, ritzau_parse},
	{FORMAT_EMAIL, "email", email_probe, email_parse},
	{FORMAT_NINJS, "ninjs", ninjs_probe, ninjs_parse},
	{FORMAT_WIRETEXT, "wiretext", wiretext_probe, wiretext_parse},
};
const size_t formats_count = sizeof formats_table / sizeof *formats_table;

static const char *const names[FORMAT_COUNT] = {
	[FORMAT_UNKNOWN] = "unknown",
	[FORMAT_NINJS] = "ninjs",
	[FORMAT_WIRETEXT] = "wiretext",
	[FORMAT_ANPA] = "anpa",
	[FORMAT_IPTC7901] = "iptc7901",
	[FORMAT_NITF] = "nitf",
	[FORMAT_NEWSML1] = "newsml1",
	[FORMAT_NEWSMLG2] = "newsmlg2",
	[FORMAT_RSS] = "rss",
	[FORMAT_ATOM] = "atom",
	[FORMAT_REUTERS_SGML] = "reuters-sgml",
	[FORMAT_EMAIL] = "email",
	[FORMAT_RITZAU] = "ritzau",
};

const char *format_name(enum format f)
{
	return (unsigned)f < FORMAT_COUNT && names[f] ? names[f] : "unknown";
}

static const struct format_impl *impl_of(enum format f)
{
	for (size_t i = 0; i < formats_count; i++)
		if (formats_table[i].format == f)
			return &formats_table[i];
	return NULL;
}

bool format_from_name(const char *s, enum format *out)
{
	for (size_t i = 0; i < formats_count; i++)
		if (str_eq_ci(s, formats_table[i].name)) {
			*out = formats_table[i].format;
			return true;
		}
	return false;
}

const char *formats_list(void)
{
	static char list[256];
	if (!list[0]) {
		size_t o = 0;
		for (size_t i = 0; i < formats_count && o < sizeof list; i++)
			o += (size_t)snprintf(list + o, sizeof list - o, "%s%s",
					      i ? ", " : "",
					      formats_table[i].name);
	}
	return list;
}

int formats_detect(const char *buf, size_t len, enum format *out,
		   struct ow_err *err)
{
	if (len == 0)
		return ow_err_set(err, OW_EPARSE,
				  "empty input: nothing to parse");
	/* images, PDFs and archives first: no wire format starts with their
	 * signatures, and the plain-text fallback would otherwise claim a
	 * small text-only PDF */
	const char *what = formats_magic(buf, len);
	if (what)
		return ow_err_set(err, OW_EPARSE, "%s, not wire copy; tried %s",
				  what, formats_list());
	int best = 0;
	const struct format_impl *pick = NULL;
	for (size_t i = 0; i < formats_count; i++) {
		int score = formats_table[i].probe(buf, len);
		if (score > best) {
			best = score;
			pick = &formats_table[i];
		}
	}
	if (!pick)
		return ow_err_set(err, OW_EPARSE,
				  "unrecognised format: tried %s and none "
				  "matched the content",
				  formats_list());
	*out = pick->format;
	return 0;
}

int formats_parse(enum format f, const char *buf, size_t len,
		  const struct parse_opts *o, struct parse_result *r,
		  struct ow_err *err)
{
	memset(r, 0, sizeof *r);
	if (len > FORMATS_MAX_INPUT)
		return ow_err_set(
			err, OW_ETOOBIG,
			"input of %zu bytes is over the %u-byte limit", len,
			FORMATS_MAX_INPUT);
	if (f == FORMAT_UNKNOWN) {
		int rc = formats_detect(buf, len, &f, err);
		if (rc)
			return rc;
	}
	const struct format_impl *impl = impl_of(f);
	if (!impl)
		return ow_err_set(err, OW_EINVAL, "no parser for format %s",
				  format_name(f));
	if (vlist_init(&r->versions))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	r->format = f;
	int rc = impl->parse(buf, len, o, r, err);
	if (!rc && r->versions.n == 0 && r->n_skipped == 0)
		rc = ow_err_set(err, OW_EPARSE, "%s: no items found",
				impl->name);
	if (rc) {
		if (!err || !err->msg[0])
			ow_err_set(err, rc, "%s: %s", impl->name,
				   ow_strerror(rc));
		parse_result_free(r);
		return rc;
	}
	return 0;
}

void parse_result_free(struct parse_result *r)
{
	if (r->versions.arena)
		vlist_free(&r->versions);
	memset(r, 0, sizeof *r);
}

/* ---------------------------------------------------------------- helpers */

struct version *fmt_new_version(struct parse_result *r,
				const struct parse_opts *o, const char *format)
{
	struct version *v = version_new(r->versions.arena);
	if (!v)
		return NULL;
	v->format = format;
	v->source = o && o->source ? arena_strdup(r->versions.arena, o->source)
				   : NULL;
	return v;
}

int fmt_push(struct parse_result *r, struct version *v, struct ow_err *err)
{
	if (r->versions.n >= FORMATS_MAX_ITEMS)
		return ow_err_set(err, OW_ETOOBIG,
				  "more than %d items in one input",
				  FORMATS_MAX_ITEMS);
	if (vlist_push(&r->versions, v))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	return 0;
}

int fmt_skip(struct parse_result *r, const char *item_id, size_t offset,
	     const char *fmt, ...)
{
	struct arena *a = r->versions.arena;
	if ((r->n_skipped & (r->n_skipped + 1)) == 0) {
		/* grow at 0, 1, 3, 7, ...: capacity n+1 doubles */
		struct skip *s =
			arena_alloc(a, (r->n_skipped + 1) * 2 * sizeof *s);
		if (!s)
			return OW_ENOMEM;
		if (r->n_skipped)
			memcpy(s, r->skipped, r->n_skipped * sizeof *s);
		r->skipped = s;
	}
	va_list ap;
	va_start(ap, fmt);
	char *reason = arena_vprintf(a, fmt, ap);
	va_end(ap);
	if (!reason)
		return OW_ENOMEM;
	r->skipped[r->n_skipped++] =
		(struct skip){reason, arena_strdup(a, item_id), offset};
	return 0;
}

int fmt_warn(struct parse_result *r, const char *fmt, ...)
{
	struct arena *a = r->versions.arena;
	if ((r->n_warnings & (r->n_warnings + 1)) == 0) {
		const char **w =
			arena_alloc(a, (r->n_warnings + 1) * 2 * sizeof *w);
		if (!w)
			return OW_ENOMEM;
		if (r->n_warnings)
			memcpy(w, r->warnings, r->n_warnings * sizeof *w);
		r->warnings = w;
	}
	va_list ap;
	va_start(ap, fmt);
	char *msg = arena_vprintf(a, fmt, ap);
	va_end(ap);
	if (!msg)
		return OW_ENOMEM;
	r->warnings[r->n_warnings++] = msg;
	return 0;
}

#define TALLY_WARNINGS 20 /* broken messages warned about one by one */

int fmt_tally_add(struct parse_result *r, struct fmt_tally *t, int rc,
		  const struct ow_err *e, struct ow_err *err)
{
	if (rc == OW_ENOMEM || rc == OW_ETOOBIG) {
		if (err)
			*err = *e;
		return rc;
	}
	if (!rc) {
		t->ok++;
		return 0;
	}
	if (!t->bad++)
		t->first = *e;
	if (t->bad <= TALLY_WARNINGS)
		fmt_warn(r, "message skipped: %s", e->msg);
	return 0;
}

int fmt_tally_end(struct parse_result *r, struct fmt_tally *t,
		  struct ow_err *err)
{
	if (!t->ok) {
		if (err)
			*err = t->first;
		return OW_EPARSE;
	}
	if (t->bad > TALLY_WARNINGS)
		fmt_warn(r, "%s: %zu broken messages skipped in all", t->format,
			 t->bad);
	return 0;
}

const char *fmt_field(struct parse_result *r, const char *s, size_t len)
{
	if (!s || !len)
		return NULL;
	if (len > FORMATS_MAX_FIELD)
		len = FORMATS_MAX_FIELD;
	struct arena *a = r->versions.arena;
	char *clean =
		utf8_valid(s, len) ? NULL : utf8_repair(a, s, len, NULL, NULL);
	const char *src = clean ? clean : s;
	char *out = text_squash(a, src, clean ? strlen(clean) : len);
	if (!out)
		return NULL;
	/* drop C0 and C1 controls that survived (valid UTF-8 may hold them,
	 * and an ISO-8859-1 reading of stray bytes makes C1 ones) */
	size_t o = 0;
	for (size_t i = 0; out[i]; i++) {
		unsigned char c = (unsigned char)out[i];
		if (c == 0xC2 && (unsigned char)out[i + 1] >= 0x80 &&
		    (unsigned char)out[i + 1] <= 0x9F) {
			i++;
			continue;
		}
		if (c >= 0x20 && c != 0x7F)
			out[o++] = out[i];
	}
	out[o] = '\0';
	return o ? out : NULL;
}

int fmt_apply_headline_marks(struct parse_result *r, struct version *v,
			     const char *headline)
{
	if (!headline) {
		v->headline = NULL;
		return 0;
	}
	struct mark_info mi;
	if (mark_parse_headline(r->versions.arena, headline, &mi))
		return OW_ENOMEM;
	v->headline = mi.stripped && *mi.stripped ? mi.stripped : headline;
	if (mi.found) {
		if (v->signal == SIGNAL_NEW)
			v->signal = mi.signal;
		if (!v->mark_ordinal)
			v->mark_ordinal = mi.ordinal;
		if (!v->mark)
			v->mark = mi.mark;
		if (!v->priority && mi.priority)
			v->priority = mi.priority;
	}
	return 0;
}

int fmt_finish(struct parse_result *r, struct version *v, struct ow_err *err)
{
	(void)r;
	size_t body = 0;
	for (size_t i = 0; i < v->n_paras; i++)
		body += strlen(v->paras[i].text);
	if (body > FORMATS_MAX_BODY)
		return ow_err_set(
			err, OW_ETOOBIG,
			"%s item%s%s: a body of %zu bytes is over the "
			"%u-byte limit for one story",
			v->format, v->item_id ? " " : "",
			v->item_id ? v->item_id : "", body, FORMATS_MAX_BODY);
	version_count_words(v);
	/* an editor's note that says where the copy goes ("picks up 4th
	 * graf", "insert after 3rd graf"), whatever the format carried it */
	mark_apply_pickup(v);
	if (!v->priority && v->urgency)
		v->priority = priority_from_urgency(v->urgency);
	bool has_body = v->n_paras > 0;
	bool has_headline = v->headline && *v->headline;
	if (!has_body && !has_headline && v->signal != SIGNAL_KILL &&
	    v->pubstatus != PUBSTATUS_CANCELED)
		return ow_err_set(
			err, OW_EPARSE,
			"%s item%s%s has neither a headline nor a body",
			v->format, v->item_id ? " " : "",
			v->item_id ? v->item_id : "");
	return 0;
}
