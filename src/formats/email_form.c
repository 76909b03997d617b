/* E-mail bodies that are JSON. Two kinds come by mail:
 *
 * - AAP's Google-form copy ("Formatted Editorial Story"): a flat object
 *   whose every value is an array of strings, {"Headline": ["..."],
 *   "Slugline": ["..."], "Body": ["..."], "Desk": ["..."], ...}. Read here
 *   field by field (the table below). Its Timestamp is a local time in an
 *   unstated zone and the mail's Date is the same moment, so the Date
 *   stands; a numeric Priority is on the desk's own scale and is not read;
 *   the Abstract has no place in the model and is left in the raw copy.
 * - A ninjs item (an agency system mailing its output): handed to the
 *   ninjs parser whole, so it reads the same as ninjs from any other
 *   channel; the mail fills in only the id, date and source it lacks.
 *
 * Mail bodies wrap long lines, which can leave a raw line break inside a
 * JSON string (invalid JSON); raw CR, LF and tab are read as spaces. */
#include "formats/email_int.h"

#include "common/str.h"

#include <jansson.h>
#include <string.h>

/* ------------------------------------------------------------ AAP's form */

/* Every value an array of strings, and a headline or a body among them. */
static bool is_form(json_t *root)
{
	const char *k;
	json_t *val;
	bool copy = false;
	if (!json_is_object(root) || !json_object_size(root))
		return false;
	json_object_foreach(root, k, val)
	{
		if (!json_is_array(val))
			return false;
		size_t i;
		json_t *it;
		json_array_foreach(val, i, it)
		{
			if (!json_is_string(it))
				return false;
		}
		if (str_eq_ci(k, "Headline") || str_eq_ci(k, "Body"))
			copy = true;
	}
	return copy;
}

/* The first non-blank string of the field's array, made safe. */
static const char *form_field(struct parse_result *r, json_t *root,
			      const char *key)
{
	json_t *arr = json_object_get(root, key);
	size_t i;
	json_t *it;
	json_array_foreach(arr, i, it)
	{
		const char *s = json_string_value(it);
		size_t n = json_string_length(it);
		if (s && !str_is_blank(s, n))
			return fmt_field(r, s, n);
	}
	return NULL;
}

/* The form's Body: raw text, one line per paragraph. */
static const char *form_body(json_t *root, size_t *len)
{
	json_t *arr = json_object_get(root, "Body");
	size_t i;
	json_t *it;
	json_array_foreach(arr, i, it)
	{
		const char *s = json_string_value(it);
		*len = json_string_length(it);
		if (s && !str_is_blank(s, *len))
			return s;
	}
	return NULL;
}

static int read_form(struct parse_result *r, struct version *v, json_t *root,
		     struct ow_err *err)
{
	struct arena *a = r->versions.arena;
	const char *hl = form_field(r, root, "Headline");
	if (hl && fmt_apply_headline_marks(r, v, hl))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	v->slug = form_field(r, root, "Slugline");
	const char *by = form_field(r, root, "Byline");
	if (by)
		v->byline = by;
	v->dateline.place = form_field(r, root, "Dateline");

	const char *pri = form_field(r, root, "Priority");
	if (pri) {
		v->priority = priority_from_name(pri);
		int64_t n;
		if (!v->priority)
			version_add_warning(
				a, v,
				str_parse_i64(pri, &n)
					? "form Priority \"%.20s\" is a number "
					  "on the desk's own scale; not read"
					: "form Priority \"%.20s\" is not a "
					  "priority name; not read",
				pri);
	}
	const char *nv = form_field(r, root, "News Value");
	if (!nv)
		nv = form_field(r, root, "Urgency");
	int64_t u;
	if (nv && str_parse_i64(nv, &u) && u >= 1 && u <= 9)
		v->urgency = (int)u;

	static const struct {
		const char *key, *scheme;
	} subj[] = {{"Desk", "aap-desk"},
		    {"Category", "aap-category"},
		    {"Place", "aap-place"},
		    {"Genre", "aap-genre"}};
	for (size_t i = 0; i < sizeof subj / sizeof *subj; i++) {
		const char *val = form_field(r, root, subj[i].key);
		if (val && version_add_subject(a, v, val, NULL, subj[i].scheme))
			return ow_err_set(err, OW_ENOMEM, "out of memory");
	}
	const char *legal = form_field(r, root, "Legal flag");
	if (legal)
		v->ednote = arena_printf(a, "Legal flag: %s", legal);

	size_t blen = 0;
	const char *body = form_body(root, &blen);
	if (body) {
		size_t n_bad = 0;
		char *clean = utf8_repair(a, body, blen, &n_bad, NULL);
		if (!clean)
			return ow_err_set(err, OW_ENOMEM, "out of memory");
		return email_add_line_paras(r, v, clean, strlen(clean), err);
	}
	return 0;
}

/* ------------------------------------------------------------------ ninjs */

static int read_ninjs(struct parse_result *r, const struct parse_opts *o,
		      const struct email_head *h, const char *s, size_t len,
		      bool *read, struct ow_err *err)
{
	size_t n0 = r->versions.n, s0 = r->n_skipped;
	*read = false;
	int rc = ninjs_parse(s, len, o, r, err);
	if (rc && r->versions.n == n0 && r->n_skipped == s0) {
		/* JSON with a ninjs word or two that holds no item: text */
		if (err)
			ow_err_clear(err);
		return 0;
	}
	*read = true;
	if (rc)
		return rc;
	for (size_t i = n0; i < r->versions.n; i++) {
		struct version *v = r->versions.v[i];
		v->format = "email";
		if (!v->item_id)
			v->item_id = h->message_id;
		if (!v->versioncreated)
			v->versioncreated = h->date;
		if (!v->source && (!o || !o->source))
			v->source = h->source;
	}
	return 0;
}

/* ------------------------------------------------------------------ entry */

int email_read_json(struct parse_result *r, const struct parse_opts *o,
		    struct version *v, const struct email_head *h,
		    const char *s, size_t len, enum email_json *how,
		    struct ow_err *err)
{
	*how = EMAIL_JSON_NONE;
	size_t i = 0;
	while (i < len &&
	       (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	if (i >= len || s[i] != '{')
		return 0;
	char *copy = arena_strndup(r->versions.arena, s + i, len - i);
	if (!copy)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	size_t n = len - i;
	for (size_t k = 0; k < n; k++)
		if (copy[k] == '\r' || copy[k] == '\n' || copy[k] == '\t')
			copy[k] = ' ';
	json_error_t je;
	json_t *root = json_loadb(copy, n, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return 0; /* not JSON after all: the body is text */
	int rc = 0;
	if (is_form(root)) {
		*how = EMAIL_JSON_FORM;
		rc = read_form(r, v, root, err);
	} else if (ninjs_probe(copy, n) >= 60) {
		bool read;
		rc = read_ninjs(r, o, h, copy, n, &read, err);
		if (read)
			*how = EMAIL_JSON_NINJS;
	}
	json_decref(root);
	return rc;
}
