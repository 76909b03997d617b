/* IPTC ninjs (News in JSON), 1.x, 2.x and 3.x. The three versions spell the
 * same things differently ("headline" / "headlines", "body_html" / "bodies",
 * "versioncreated" / "versionCreated"); fields are looked up without regard to
 * case or underscores so one reader serves all of them. Also unwraps the
 * envelopes agencies put around ninjs (arrays, {"item": [...]},
 * {"data": {"items": [...]}}). An "ednote" stating a pickup ("picks up 4th
 * graf", "insert after 3rd graf") sets where a lead or insert joins the
 * text already sent. Events and planning items (eventDetails, or type
 * "event"/"planning") are skipped: they announce copy, they are not copy.
 * JSON parsing is jansson's, with its depth limit; sizes are bounded by
 * FORMATS_MAX_*. */
#include "formats/formats_int.h"

#include "common/str.h"

#include <jansson.h>
#include <string.h>

#define NINJS_MAX_ENVELOPE_DEPTH 6

/* --------------------------------------------------------------- probing */

int ninjs_probe(const char *buf, size_t len)
{
	size_t i = utf8_bom(buf, len);
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' ||
			   buf[i] == '\r'))
		i++;
	if (i >= len || (buf[i] != '{' && buf[i] != '['))
		return 0;
	size_t look = len - i < 65536 ? len - i : 65536;
	const char *s = buf + i;
	static const char *const keys[] = {
		"\"headline\"",       "\"headlines\"",
		"\"versioncreated\"", "\"versionCreated\"",
		"\"body_html\"",      "\"bodies\"",
		"\"guid\"",           "\"uri\"",
		"\"body_text\"",      NULL};
	int hits = 0;
	for (const char *const *k = keys; *k; k++)
		if (str_find_ci(s, look, *k) >= 0)
			hits++;
	/* JSON without any ninjs key is still "JSON we cannot read", which is
	 * a better error than "unrecognised format" */
	return hits ? 60 + hits * 5 : 20;
}

/* ---------------------------------------------------------------- lookups */

/* Compares a JSON key with a ninjs field name, ignoring case and '_'. */
static bool key_is(const char *key, const char *name)
{
	while (*key || *name) {
		if (*key == '_') {
			key++;
			continue;
		}
		if (*name == '_') {
			name++;
			continue;
		}
		if (str_lower(*key) != str_lower(*name))
			return false;
		key++;
		name++;
	}
	return true;
}

static json_t *get(json_t *obj, const char *name)
{
	const char *k;
	json_t *v;
	if (!json_is_object(obj))
		return NULL;
	json_object_foreach(obj, k, v)
	{
		if (key_is(k, name))
			return v;
	}
	return NULL;
}

static const char *get_str(json_t *obj, const char *name)
{
	json_t *v = get(obj, name);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *field(struct parse_result *r, json_t *obj, const char *name)
{
	json_t *v = get(obj, name);
	if (!json_is_string(v))
		return NULL;
	return fmt_field(r, json_string_value(v), json_string_length(v));
}

/* A value that may be given as a string or an integer ("version": "2"). */
static bool get_int(json_t *obj, const char *name, int64_t *out)
{
	json_t *v = get(obj, name);
	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return true;
	}
	if (json_is_string(v))
		return str_parse_i64(json_string_value(v), out);
	return false;
}

/* "headlines": [{"role": "main", "value": ...}] -> the main one (or first). */
static const char *pick_by_role(json_t *arr, const char *role)
{
	json_t *it, *first = NULL;
	size_t i;
	json_array_foreach(arr, i, it)
	{
		if (!json_is_string(get(it, "value")))
			continue;
		if (!first)
			first = it;
		const char *r = get_str(it, "role");
		if (r && str_eq_ci(r, role))
			return get_str(it, "value");
	}
	return first ? get_str(first, "value") : NULL;
}

/* ------------------------------------------------------------------ times */

static int read_time(struct parse_result *r, struct version *v, json_t *obj,
		     const char *name, int64_t *out)
{
	const char *s = get_str(obj, name);
	if (!s || !*s)
		return 0;
	bool zone = false;
	if (!time_parse_iso(s, out, &zone))
		return version_add_warning(r->versions.arena, v,
					   "%s \"%.40s\" is not a date-time",
					   name, s);
	if (!zone)
		return version_add_warning(r->versions.arena, v,
					   "%s has no UTC offset; read as UTC",
					   name);
	return 0;
}

/* ------------------------------------------------------------------ body */

static bool is_html_type(const char *ct, const char *role)
{
	if (ct && (str_find_ci(ct, strlen(ct), "html") >= 0))
		return true;
	return !ct && role && str_eq_ci(role, "xhtml");
}

static int read_body(struct parse_result *r, struct version *v, json_t *item,
		     struct ow_err *err)
{
	struct arena *a = r->versions.arena;
	json_t *bodies = get(item, "bodies");
	const char *html = NULL, *text = NULL;
	if (json_is_array(bodies)) {
		json_t *it;
		size_t i;
		json_array_foreach(bodies, i, it)
		{
			const char *val = get_str(it, "value");
			if (!val)
				continue;
			const char *ct = get_str(it, "contenttype");
			const char *role = get_str(it, "role");
			if (is_html_type(ct, role)) {
				if (!html)
					html = val;
			} else if (!ct || str_find_ci(ct, strlen(ct),
						      "text/plain") >= 0) {
				if (!text)
					text = val;
			}
		}
	}
	if (!html)
		html = get_str(item, "body_html");
	if (!html)
		html = get_str(item, "body_xhtml");
	if (!text)
		text = get_str(item, "body_text");
	if (html && *html) {
		int rc = html_to_body(a, v, html, strlen(html), err);
		if (rc)
			return rc;
		if (v->n_paras)
			return 0;
	}
	if (text && *text) {
		char *clean = utf8_repair(a, text, strlen(text), NULL, NULL);
		if (!clean)
			return ow_err_set(err, OW_ENOMEM, "out of memory");
		return text_add_paras(a, v, clean, strlen(clean), false)
			       ? ow_err_set(err, OW_ENOMEM, "out of memory")
			       : 0;
	}
	return 0;
}

/* ------------------------------------------------------------- subjects */

static int read_subjects(struct parse_result *r, struct version *v, json_t *arr,
			 const char *scheme)
{
	struct arena *a = r->versions.arena;
	json_t *it;
	size_t i;
	const char *k;
	if (json_is_object(arr)) {
		/* ninjs 1.0 allowed {"code": {...}} maps */
		json_object_foreach(arr, k, it)
		{
			const char *name = get_str(it, "name");
			if (version_add_subject(a, v, k, name, scheme))
				return OW_ENOMEM;
		}
		return 0;
	}
	json_array_foreach(arr, i, it)
	{
		if (i >= 200)
			break;
		const char *name = get_str(it, "name");
		const char *code = get_str(it, "code");
		if (!code)
			code = get_str(it, "literal");
		if (!code)
			code = get_str(it, "uri");
		const char *sch = get_str(it, "scheme");
		if (!name && !code)
			continue;
		if (version_add_subject(
			    a, v, fmt_field(r, code, code ? strlen(code) : 0),
			    fmt_field(r, name, name ? strlen(name) : 0),
			    sch ? sch : scheme))
			return OW_ENOMEM;
	}
	return 0;
}

/* ----------------------------------------------------------------- items */

static const char *byline_of(struct parse_result *r, json_t *item)
{
	const char *by = field(r, item, "by");
	if (!by)
		by = field(r, item, "byline");
	if (by)
		return by;
	json_t *authors = get(item, "authors");
	json_t *it;
	size_t i;
	const char *out = NULL;
	json_array_foreach(authors, i, it)
	{
		const char *n = field(r, it, "name");
		if (!n)
			continue;
		out = out ? arena_printf(r->versions.arena, "%s, %s", out, n)
			  : n;
	}
	return out;
}

static const char *source_of(struct parse_result *r, json_t *item)
{
	const char *s = field(r, item, "source");
	if (s)
		return s;
	json_t *is = get(item, "infosources");
	if (json_is_array(is) && json_array_size(is))
		if ((s = field(r, json_array_get(is, 0), "name")))
			return s;
	return field(r, item, "copyrightholder");
}

static int parse_item(struct parse_result *r, const struct parse_opts *o,
		      json_t *item, size_t index, struct ow_err *err)
{
	struct arena *a = r->versions.arena;
	const char *id = get_str(item, "uri");
	if (!id)
		id = get_str(item, "guid");
	if (!id)
		id = get_str(item, "id");
	const char *type = get_str(item, "type");
	bool advisory = type && str_eq_ci(type, "advisory");
	/* ninjs 3 events and planning items describe what will happen (a
	 * press conference, its place and time), not copy to publish */
	if (get(item, "eventDetails") ||
	    (type && (str_eq_ci(type, "event") || str_eq_ci(type, "planning"))))
		return fmt_skip(r, id, index,
				"ninjs item %zu is an event (planning) item, "
				"not text copy",
				index + 1)
			       ? ow_err_set(err, OW_ENOMEM, "out of memory")
			       : 0;
	if (type && !str_eq_ci(type, "text") && !str_eq_ci(type, "composite") &&
	    !advisory) {
		return fmt_skip(r, id, index,
				"ninjs item %zu is a %s item, not text copy",
				index + 1, type)
			       ? ow_err_set(err, OW_ENOMEM, "out of memory")
			       : 0;
	}
	struct version *v = fmt_new_version(r, o, "ninjs");
	if (!v)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	v->item_id = fmt_field(r, id, id ? strlen(id) : 0);
	int64_t n;
	if (get_int(item, "version", &n) && n >= 0)
		v->item_version = n;
	v->evolved_from = field(r, item, "evolvedfrom");
	if (!o || !o->source)
		v->source = source_of(r, item);

	const char *hl = NULL;
	json_t *hls = get(item, "headlines");
	if (json_is_array(hls))
		hl = pick_by_role(hls, "main");
	if (!hl)
		hl = get_str(item, "headline");
	if (!hl)
		hl = get_str(item, "title");
	hl = fmt_field(r, hl, hl ? strlen(hl) : 0);
	if (fmt_apply_headline_marks(r, v, hl))
		return ow_err_set(err, OW_ENOMEM, "out of memory");

	v->slug = field(r, item, "slugline");
	v->byline = byline_of(r, item);
	v->dateline.place = field(r, item, "located");
	v->language = field(r, item, "language");
	v->ednote = field(r, item, "ednote");
	if (get_int(item, "urgency", &n) && n >= 1 && n <= 9)
		v->urgency = (int)n;
	const char *ps = get_str(item, "pubstatus");
	if (ps && !pubstatus_from_name(ps, &v->pubstatus))
		version_add_warning(a, v, "unknown pubstatus \"%.40s\"", ps);
	if (v->pubstatus == PUBSTATUS_CANCELED)
		v->signal = SIGNAL_KILL;
	if (advisory)
		v->signal = SIGNAL_ADVISORY;
	/* "ednote": "picks up 4th graf" / "insert after 3rd graf" */
	mark_apply_pickup(v);
	if (read_time(r, v, item, "firstcreated", &v->firstcreated) ||
	    read_time(r, v, item, "versioncreated", &v->versioncreated))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	json_t *emb = get(item, "embargoed");
	if (emb && !json_is_null(emb)) {
		const char *es =
			json_is_string(emb) ? json_string_value(emb) : "";
		if (*es && !time_parse_iso(es, &v->embargo, NULL)) {
			v->embargo_held = true;
			version_add_warning(
				a, v,
				"embargo \"%.40s\" has no usable time; "
				"held until released by hand",
				es);
		} else if (!*es && json_is_true(emb)) {
			v->embargo_held = true;
		}
	}
	json_t *subj = get(item, "subjects");
	if (!subj)
		subj = get(item, "subject");
	if (subj && read_subjects(r, v, subj, NULL))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	int rc = read_body(r, v, item, err);
	if (rc)
		return rc;
	rc = fmt_finish(r, v, err);
	if (rc)
		return rc;
	return fmt_push(r, v, err);
}

/* An object is an item if it carries any of the fields a news item has;
 * otherwise it may be an envelope around items. */
static bool looks_like_item(json_t *o)
{
	static const char *const f[] = {"headline",  "headlines",      "bodies",
					"body_html", "body_text",      "uri",
					"guid",      "versioncreated", NULL};
	for (const char *const *k = f; *k; k++)
		if (get(o, *k))
			return true;
	return false;
}

static int walk(struct parse_result *r, const struct parse_opts *o, json_t *j,
		int depth, size_t *index, struct ow_err *err)
{
	if (depth > NINJS_MAX_ENVELOPE_DEPTH)
		return 0;
	if (json_is_array(j)) {
		json_t *it;
		size_t i;
		json_array_foreach(j, i, it)
		{
			int rc = walk(r, o, it, depth + 1, index, err);
			if (rc)
				return rc;
		}
		return 0;
	}
	if (!json_is_object(j))
		return 0;
	if (looks_like_item(j))
		return parse_item(r, o, j, (*index)++, err);
	static const char *const env[] = {"item", "items", "data", NULL};
	for (const char *const *k = env; *k; k++) {
		json_t *inner = get(j, *k);
		if (inner) {
			int rc = walk(r, o, inner, depth + 1, index, err);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int ninjs_parse(const char *buf, size_t len, const struct parse_opts *o,
		struct parse_result *r, struct ow_err *err)
{
	size_t bom = utf8_bom(buf, len);
	json_error_t je;
	json_t *root = json_loadb(buf + bom, len - bom,
				  JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	if (!root) {
		err->code = OW_EPARSE;
		err->line = je.line;
		err->offset = (size_t)je.position + bom;
		snprintf(err->msg, sizeof err->msg,
			 "ninjs: invalid JSON at line %d, column %d (byte %d): "
			 "%s",
			 je.line, je.column, je.position, je.text);
		return OW_EPARSE;
	}
	size_t index = 0;
	int rc = walk(r, o, root, 0, &index, err);
	json_decref(root);
	if (!rc && index == 0)
		rc = ow_err_set(err, OW_EPARSE,
				"ninjs: JSON holds no news item (no headline, "
				"body, uri or guid found)");
	return rc;
}
