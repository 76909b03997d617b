/* E-mail (RFC 5322 + MIME), as agencies and correspondents file copy: one
 * message is one item. GMime reads the message (headers, RFC 2047 encoded
 * words, MIME parts, transfer encodings, charsets); this file checks the
 * header block first (bounded, with line numbers for errors), maps the
 * headers onto the version and picks the body:
 *
 *   Subject     -> headline (marks read; "Re:"/"Fwd:" dropped)
 *   From        -> byline (the display name); the address is the source
 *                  when the operator names none and the copy states none
 *   Date        -> versioncreated
 *   Message-ID  -> item_id
 *   text/plain  -> paragraphs (email_body.c); a JSON body is AAP's form
 *                  copy or a ninjs item (email_form.c)
 *   text/html   -> body through html_to_body, when there is no text/plain
 *   other parts -> skipped with a stated reason (pictures, documents)
 *
 * Not for: mailboxes (one message per input; a leading mbox "From " line
 * is passed over), signed or encrypted copy (its parts are skipped). */
#include "formats/email_int.h"

#include "common/str.h"

#include <gmime/gmime.h>
#include <iconv.h>
#include <pthread.h>
#include <string.h>

#define EMAIL_MAX_LINE 65536        /* one physical header line */
#define EMAIL_MAX_HEADER (1u << 20) /* the whole header block */
#define EMAIL_MAX_HEADERS 4096
#define EMAIL_MAX_PARTS 1000
#define EMAIL_MAX_DEPTH 32
#define EMAIL_MAX_TEXT_PARTS 16
#define EMAIL_MAX_WARNINGS 8
/* GMime builds an object per MIME part, some hundreds of bytes each: a
 * small input of empty parts would cost a hundred times its size */
#define EMAIL_MAX_BOUNDARIES 20000

/* ------------------------------------------------------- the header block */

static size_t line_end(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] != '\n')
		i++;
	return i;
}

static size_t next_line(const char *s, size_t len, size_t i)
{
	i = line_end(s, len, i);
	return i < len ? i + 1 : len;
}

/* A line of only spaces, tabs and a CR. */
static bool blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* The length of a header name opening the line ("Subject" in "Subject:"),
 * or 0: printable ASCII without spaces or colons, then a colon. */
static size_t header_name(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && i < 77 && (unsigned char)s[i] > 32 &&
	       (unsigned char)s[i] < 127 && s[i] != ':')
		i++;
	return i && i < n && s[i] == ':' ? i : 0;
}

static bool known_header(const char *s, size_t n)
{
	static const char *const known[] = {
		"from",         "date",     "subject",      "message-id",
		"mime-version", "received", "delivered-to", NULL};
	for (const char *const *k = known; *k; k++)
		if (n == strlen(*k) && str_starts_with_ci(s, n, *k))
			return true;
	return false;
}

struct head_scan {
	size_t start;   /* the first header line */
	size_t end;     /* just past the last header line */
	size_t body;    /* where the body starts */
	bool blank_end; /* a blank line ended the block */
	int n_headers, n_known;
	size_t bad;       /* offset of a problem, with why */
	const char *why;  /* NULL when the block is fine */
	size_t last_line; /* for "line N" in messages */
};

/* Skips a BOM, blank lines (some gateways pad the top with spaces) and an
 * mbox "From " separator line. */
static size_t skip_lead(const char *b, size_t len)
{
	size_t i = utf8_bom(b, len);
	while (i < len) {
		size_t e = line_end(b, len, i);
		if (!blank_line(b + i, e - i) || e >= len)
			break;
		i = e + 1;
	}
	if (len - i > 5 && !memcmp(b + i, "From ", 5))
		i = next_line(b, len, i);
	return i;
}

/* Reads the header block up to `limit` bytes: header lines and their
 * continuations, ended by a blank line, by a line that is no header (the
 * body started without the blank line) or by the end of the input. */
static void scan_headers(const char *b, size_t len, size_t limit,
			 struct head_scan *hs)
{
	memset(hs, 0, sizeof *hs);
	size_t i = skip_lead(b, len);
	hs->start = hs->end = hs->body = i;
	if (limit > len)
		limit = len;
	while (i < limit) {
		size_t e = line_end(b, len, i), n = e - i;
		const char *ln = b + i;
		if (n > EMAIL_MAX_LINE) {
			hs->bad = i;
			hs->why = "a header line longer than 65536 bytes";
			return;
		}
		if (memchr(ln, '\0', n)) {
			hs->bad =
				i + (size_t)((const char *)memchr(ln, '\0', n) -
					     ln);
			hs->why = "a NUL byte in the header block";
			return;
		}
		if (blank_line(ln, n)) {
			hs->blank_end = true;
			hs->body = e < len ? e + 1 : len;
			return;
		}
		if (ln[0] == ' ' || ln[0] == '\t') {
			if (!hs->n_headers)
				return; /* indented text: no header block */
		} else {
			size_t nl = header_name(ln, n);
			if (!nl) {
				hs->body =
					i; /* the body, without a blank line */
				return;
			}
			if (++hs->n_headers > EMAIL_MAX_HEADERS) {
				hs->bad = i;
				hs->why = "more than 4096 header fields";
				return;
			}
			if (known_header(ln, nl))
				hs->n_known++;
		}
		if (e - hs->start > EMAIL_MAX_HEADER) {
			hs->bad = i;
			hs->why = "a header block over 1 MiB";
			return;
		}
		i = e < len ? e + 1 : len;
		hs->end = hs->body = i;
	}
}

int email_probe(const char *buf, size_t len)
{
	struct head_scan hs;
	scan_headers(buf, len, 65536, &hs);
	if (hs.why || hs.n_headers < 2)
		return 0;
	/* "Name: value" lines with two of the fields every mail carries */
	return hs.n_known >= 2 ? 85 : 0;
}

/* ----------------------------------------------------------------- GMime */

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

static void gmime_start(void)
{
	g_mime_init();
}

struct mail {
	struct parse_result *r;
	const struct parse_opts *o;
	struct version *v;
	struct email_head head;
	struct ow_err *err;
	/* the parser's complaints, turned into version warnings */
	const char *gmime_warn[EMAIL_MAX_WARNINGS];
	int n_gmime_warn;
	/* the parts that hold the text */
	GMimePart *plain[EMAIL_MAX_TEXT_PARTS], *html, *attached_text;
	int n_plain, n_parts, n_skipped_att;
	bool depth_cut;
};

static void on_gmime_warning(gint64 offset, GMimeParserWarning code,
			     const gchar *item, gpointer data)
{
	struct mail *m = data;
	(void)item;
	const char *what = NULL;
	switch (code) {
	case GMIME_WARN_TRUNCATED_MESSAGE:
		what = "the message is truncated";
		break;
	case GMIME_WARN_MALFORMED_MULTIPART:
		what = "a multipart holds no parts";
		break;
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
		what = "a multipart has no boundary";
		break;
	case GMIME_CRIT_NESTING_OVERFLOW:
		what = "MIME parts nested too deep; the deepest not read";
		break;
	case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
		what = "a MIME part with neither headers nor content";
		break;
	default: return;
	}
	for (int i = 0; i < m->n_gmime_warn; i++)
		if (m->gmime_warn[i] == what)
			return;
	if (m->n_gmime_warn < EMAIL_MAX_WARNINGS)
		m->gmime_warn[m->n_gmime_warn++] = what;
	(void)offset;
}

/* ------------------------------------------------------------- headers */

/* The charset named by the first encoded word: "windows-1252" in
 * "=?windows-1252?Q?...?=" (an RFC 2231 "*lang" suffix dropped). */
static bool first_word_charset(const char *raw, char *cs, size_t n)
{
	const char *p = strstr(raw, "=?");
	if (!p)
		return false;
	p += 2;
	size_t k = 0;
	while (p[k] && p[k] != '?' && p[k] != '*' && k + 1 < n)
		k++;
	if (!k || (p[k] != '?' && p[k] != '*'))
		return false;
	memcpy(cs, p, k);
	cs[k] = '\0';
	return true;
}

/* Raw 8-bit bytes inside an encoded word ("=?...?Q?...’...?="). */
static bool raw_8bit_in_word(const char *raw)
{
	const char *p = raw;
	while ((p = strstr(p, "=?"))) {
		const char *e = strstr(p + 2, "?=");
		const char *stop = e ? e : p + strlen(p);
		for (const char *q = p; q < stop; q++)
			if ((unsigned char)*q >= 0x80)
				return true;
		if (!e)
			break;
		p = e + 2;
	}
	return false;
}

/* Mail programs sometimes put UTF-8 raw inside an encoded word declaring a
 * single-byte charset ("=?windows-1252?Q?TravTalk’s?=" with ’ as three raw
 * bytes). GMime, as told, reads each byte as windows-1252: "TravTalkâ€™s".
 * Only then: the decoded text turned back into the declared charset is the
 * bytes the sender typed; if they are valid UTF-8 with a multi-byte
 * character, they are the subject. Otherwise GMime's reading stands. */
static const char *undo_mojibake(struct arena *a, const char *raw,
				 const char *text)
{
	char cs[48];
	if (!raw || !text || !raw_8bit_in_word(raw) ||
	    !first_word_charset(raw, cs, sizeof cs) || str_eq_ci(cs, "utf-8"))
		return text;
	iconv_t cd = iconv_open(cs, "UTF-8");
	if (cd == (iconv_t)-1)
		return text;
	size_t len = strlen(text), cap = len + 1;
	char *out = arena_alloc(a, cap);
	char *in = (char *)text, *o = out;
	size_t inleft = len, outleft = cap - 1;
	size_t rc = out ? iconv(cd, &in, &inleft, &o, &outleft) : (size_t)-1;
	iconv_close(cd);
	if (rc == (size_t)-1 || inleft)
		return text;
	*o = '\0';
	size_t n = (size_t)(o - out);
	bool multi = false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)out[i] >= 0x80)
			multi = true;
	return multi && utf8_valid(out, n) ? out : text;
}

/* "Re: Fwd: FW: headline" -> "headline". */
static const char *strip_reply_prefixes(const char *s)
{
	static const char *const pre[] = {
		"re:", "fwd:", "fw:", "aw:", "wg:", "sv:", "vs:", NULL};
	for (bool again = true; again && s;) {
		again = false;
		while (*s == ' ')
			s++;
		for (const char *const *p = pre; *p; p++)
			if (str_starts_with_ci(s, strlen(s), *p)) {
				s += strlen(*p);
				again = true;
			}
	}
	return s;
}

static const char *raw_header(GMimeObject *obj, const char *name)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(obj);
	GMimeHeader *h = hl ? g_mime_header_list_get_header(hl, name) : NULL;
	return h ? g_mime_header_get_raw_value(h) : NULL;
}

static void read_from(struct mail *m, GMimeMessage *msg, const char **name,
		      const char **addr)
{
	*name = *addr = NULL;
	InternetAddressList *l = g_mime_message_get_from(msg);
	if (!l || internet_address_list_length(l) < 1)
		return;
	InternetAddress *ia = internet_address_list_get_address(l, 0);
	if (INTERNET_ADDRESS_IS_GROUP(ia)) {
		l = internet_address_group_get_members(
			INTERNET_ADDRESS_GROUP(ia));
		if (!l || internet_address_list_length(l) < 1)
			return;
		ia = internet_address_list_get_address(l, 0);
	}
	const char *n = internet_address_get_name(ia);
	*name = fmt_field(m->r, n, n ? strlen(n) : 0);
	if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
		const char *ad = internet_address_mailbox_get_addr(
			INTERNET_ADDRESS_MAILBOX(ia));
		*addr = fmt_field(m->r, ad, ad ? strlen(ad) : 0);
	}
}

static void read_date(struct mail *m, GMimeMessage *msg)
{
	GDateTime *dt = g_mime_message_get_date(msg);
	const char *raw = raw_header(GMIME_OBJECT(msg), "Date");
	if (dt) {
		gint64 t = g_date_time_to_unix(dt);
		/* GMime reads an unreadable date as the epoch */
		if (t > 0) {
			m->head.date = t;
			return;
		}
	}
	if (raw && !str_is_blank(raw, strlen(raw)))
		version_add_warning(m->r->versions.arena, m->v,
				    "Date \"%.60s\" is not a date-time",
				    fmt_field(m->r, raw, strlen(raw)));
}

/* ---------------------------------------------------------------- parts */

static const char *part_name(struct mail *m, GMimePart *p)
{
	const char *fn = g_mime_part_get_filename(p);
	const char *s = fmt_field(m->r, fn, fn ? strlen(fn) : 0);
	return s ? s : "unnamed";
}

static int skip_part(struct mail *m, GMimeObject *o, const char *why)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	char *t = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	const char *mt = fmt_field(m->r, t, t ? strlen(t) : 0);
	g_free(t);
	const char *name =
		GMIME_IS_PART(o) ? part_name(m, GMIME_PART(o)) : "unnamed";
	m->n_skipped_att++;
	return fmt_skip(m->r, m->head.message_id, 0,
			"e-mail part \"%s\" (%s) %s", name, mt ? mt : "no type",
			why)
		       ? ow_err_set(m->err, OW_ENOMEM, "out of memory")
		       : 0;
}

static int walk_parts(struct mail *m, GMimeObject *o, int depth)
{
	if (!o)
		return 0;
	if (++m->n_parts > EMAIL_MAX_PARTS || depth > EMAIL_MAX_DEPTH) {
		m->depth_cut = true;
		return 0;
	}
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n; i++) {
			int rc = walk_parts(m, g_mime_multipart_get_part(mp, i),
					    depth + 1);
			if (rc)
				return rc;
		}
		return 0;
	}
	if (GMIME_IS_MESSAGE_PART(o))
		return skip_part(m, o,
				 "is a message attached to the message; only "
				 "the outer message's text is read");
	if (!GMIME_IS_PART(o))
		return 0;
	GMimePart *p = GMIME_PART(o);
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	bool attached = g_mime_part_is_attachment(p);
	bool text = ct && g_mime_content_type_is_type(ct, "text", "*");
	if (text && g_mime_content_type_is_type(ct, "text", "plain")) {
		if (!attached && m->n_plain < EMAIL_MAX_TEXT_PARTS) {
			m->plain[m->n_plain++] = p;
			return 0;
		}
		if (attached && !m->attached_text) {
			m->attached_text = p;
			return 0;
		}
	}
	if (text && g_mime_content_type_is_type(ct, "text", "html") &&
	    !attached) {
		if (!m->html)
			m->html = p;
		return 0; /* another HTML alternative */
	}
	if (ct && g_mime_content_type_is_type(ct, "image", "*"))
		return skip_part(m, o, "is a picture, not text copy");
	return skip_part(m, o, "is not text copy");
}

/* A text part's content: transfer encoding undone and the declared charset
 * converted to UTF-8 by GMime; what is still not UTF-8 (a wrong or missing
 * charset) is read as Windows-1252, with a warning. */
static int part_text(struct mail *m, GMimePart *p, struct email_text *t)
{
	struct arena *a = m->r->versions.arena;
	memset(t, 0, sizeof *t);
	GMimeDataWrapper *w = g_mime_part_get_content(p);
	if (!w)
		return 0;
	const char *cs = g_mime_object_get_content_type_parameter(
		GMIME_OBJECT(p), "charset");
	GMimeStream *mem = g_mime_stream_mem_new();
	GMimeStream *f = g_mime_stream_filter_new(mem);
	bool converted = false;
	if (cs && !str_eq_ci(cs, "utf-8") && !str_eq_ci(cs, "utf8") &&
	    !str_eq_ci(cs, "us-ascii")) {
		GMimeFilter *cf = g_mime_filter_charset_new(cs, "UTF-8");
		if (cf) {
			g_mime_stream_filter_add(GMIME_STREAM_FILTER(f), cf);
			g_object_unref(cf);
			converted = true;
		} else {
			version_add_warning(a, m->v,
					    "unknown charset \"%.40s\"",
					    fmt_field(m->r, cs, strlen(cs)));
		}
	}
	g_mime_data_wrapper_write_to_stream(w, f);
	g_mime_stream_flush(f);
	GByteArray *ba =
		g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	size_t n = ba ? ba->len : 0;
	if (n > EMAIL_MAX_TEXT) {
		n = EMAIL_MAX_TEXT;
		version_add_warning(a, m->v, "body text cut at %u bytes",
				    EMAIL_MAX_TEXT);
	}
	const char *how = "utf-8";
	size_t n_ctl = 0;
	char *s =
		n ? text_clean_8bit(a, (const char *)ba->data, n, &how, &n_ctl)
		  : arena_strdup(a, "");
	g_object_unref(f);
	g_object_unref(mem);
	if (!s)
		return ow_err_set(m->err, OW_ENOMEM, "out of memory");
	if (strcmp(how, "utf-8"))
		version_add_warning(a, m->v, "body is not valid %s; read as %s",
				    converted || cs
					    ? fmt_field(m->r, cs, strlen(cs))
					    : "UTF-8 (no charset stated)",
				    how);
	if (n_ctl)
		version_add_warning(a, m->v, "%zu control bytes removed",
				    n_ctl);
	t->s = s;
	t->len = strlen(s);
	const char *fmt = g_mime_object_get_content_type_parameter(
		GMIME_OBJECT(p), "format");
	const char *delsp = g_mime_object_get_content_type_parameter(
		GMIME_OBJECT(p), "delsp");
	t->flowed = fmt && str_eq_ci(fmt, "flowed");
	t->delsp = t->flowed && delsp && str_eq_ci(delsp, "yes");
	return 0;
}

/* The text parts in order, joined by blank lines (Apple Mail splits the
 * text around an inline picture). */
static int plain_text(struct mail *m, struct email_text *t)
{
	if (m->n_plain == 1 || !m->n_plain)
		return part_text(m, m->n_plain ? m->plain[0] : m->attached_text,
				 t);
	struct arena *a = m->r->versions.arena;
	char *all = NULL;
	size_t total = 0;
	for (int i = 0; i < m->n_plain; i++) {
		struct email_text one;
		int rc = part_text(m, m->plain[i], &one);
		if (rc)
			return rc;
		if (!i)
			*t = one;
		if (total + one.len > EMAIL_MAX_TEXT)
			break;
		all = all ? arena_printf(a, "%s\n\n%s", all, one.s)
			  : arena_strndup(a, one.s, one.len);
		if (!all)
			return ow_err_set(m->err, OW_ENOMEM, "out of memory");
		total = strlen(all);
	}
	t->s = all;
	t->len = total;
	return 0;
}

/* ------------------------------------------------------------ the item */

static int read_body(struct mail *m, bool *by_ninjs)
{
	struct arena *a = m->r->versions.arena;
	*by_ninjs = false;
	/* a text attachment is the copy only when the message has no text */
	bool use_attached = !m->n_plain && !m->html && m->attached_text;
	if (m->attached_text && !use_attached) {
		int rc = skip_part(m, GMIME_OBJECT(m->attached_text),
				   "is a text attachment; the message's own "
				   "text is the copy");
		if (rc)
			return rc;
	}
	if (m->n_plain || use_attached) {
		struct email_text t;
		int rc = plain_text(m, &t);
		if (rc)
			return rc;
		enum email_json how = EMAIL_JSON_NONE;
		rc = email_read_json(m->r, m->o, m->v, &m->head, t.s, t.len,
				     &how, m->err);
		if (rc || how != EMAIL_JSON_NONE) {
			*by_ninjs = how == EMAIL_JSON_NINJS;
			return rc;
		}
		return email_read_text(m->r, m->v, &t, m->err);
	}
	if (!m->html)
		return 0;
	struct email_text t;
	int rc = part_text(m, m->html, &t);
	if (rc)
		return rc;
	rc = html_to_body(a, m->v, t.s, t.len, m->err);
	if (rc && m->err) {
		char why[sizeof m->err->msg];
		snprintf(why, sizeof why, "%s", m->err->msg);
		return ow_err_set(m->err, rc, "email: %s", why);
	}
	return rc;
}

static int read_message(struct mail *m, GMimeMessage *msg)
{
	struct parse_result *r = m->r;
	struct version *v = m->v;
	const char *id = g_mime_message_get_message_id(msg);
	m->head.message_id = fmt_field(r, id, id ? strlen(id) : 0);
	v->item_id = m->head.message_id;

	const char *from_name, *from_addr;
	read_from(m, msg, &from_name, &from_addr);
	v->byline = from_name;
	m->head.source = from_addr ? from_addr : from_name;
	read_date(m, msg);
	v->versioncreated = m->head.date;

	int rc = walk_parts(m, g_mime_message_get_mime_part(msg), 0);
	if (rc)
		return rc;
	if (m->depth_cut)
		version_add_warning(r->versions.arena, v,
				    "more than %d MIME parts or %d levels; "
				    "the rest not read",
				    EMAIL_MAX_PARTS, EMAIL_MAX_DEPTH);
	for (int i = 0; i < m->n_gmime_warn; i++)
		version_add_warning(r->versions.arena, v, "%s",
				    m->gmime_warn[i]);
	bool by_ninjs;
	rc = read_body(m, &by_ninjs);
	if (rc || by_ninjs)
		return rc;
	/* a mail that only carries attachments is a picture (or document)
	 * delivery: its skips say so, and there is no text item */
	if (!v->n_paras && !v->headline && m->n_skipped_att)
		return 0;
	/* the body (AAP's form) may have given a headline of its own */
	if (!v->headline) {
		const char *subj = g_mime_message_get_subject(msg);
		subj = undo_mojibake(r->versions.arena,
				     raw_header(GMIME_OBJECT(msg), "Subject"),
				     subj);
		subj = strip_reply_prefixes(subj);
		subj = fmt_field(r, subj, subj ? strlen(subj) : 0);
		if (fmt_apply_headline_marks(r, v, subj))
			return ow_err_set(m->err, OW_ENOMEM, "out of memory");
	}
	if (!m->o || !m->o->source) {
		v->source = v->dateline.source ? v->dateline.source
					       : m->head.source;
	}
	rc = fmt_finish(r, v, m->err);
	if (rc)
		return rc;
	return fmt_push(r, v, m->err);
}

/* Lines that open with "--": every MIME boundary is one. */
static size_t count_boundaries(const char *b, size_t len, size_t max)
{
	size_t n = 0;
	for (const char *p = b;
	     n <= max && (p = memchr(p, '\n', len - (size_t)(p - b))); p++)
		if ((size_t)(p - b) + 2 < len && p[1] == '-' && p[2] == '-')
			n++;
	return n;
}

int email_parse(const char *buf, size_t len, const struct parse_opts *o,
		struct parse_result *r, struct ow_err *err)
{
	if (!len || str_is_blank(buf, len))
		return ow_err_set(err, OW_EPARSE, "email: empty input");
	struct head_scan hs;
	scan_headers(buf, len, len, &hs);
	if (hs.why)
		return ow_err_at(err, OW_EPARSE, buf, hs.bad, "email: %s",
				 hs.why);
	if (!hs.n_headers)
		return ow_err_at(err, OW_EPARSE, buf, hs.start,
				 "email: no header block at the start (a "
				 "message opens with lines such as "
				 "\"From: ...\" and \"Subject: ...\")");
	if (count_boundaries(buf, len, EMAIL_MAX_BOUNDARIES) >
	    EMAIL_MAX_BOUNDARIES)
		return ow_err_set(err, OW_ETOOBIG,
				  "email: more than %d MIME boundary lines; "
				  "refused before building the message",
				  EMAIL_MAX_BOUNDARIES);
	pthread_once(&gmime_once, gmime_start);
	struct version *v = fmt_new_version(r, o, "email");
	if (!v)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	v->raw_off = 0;
	v->raw_len = len;
	if (!hs.blank_end && hs.body < len)
		version_add_warning(r->versions.arena, v,
				    "no blank line after the headers; the "
				    "body starts at byte %zu",
				    hs.body);
	else if (!hs.blank_end)
		version_add_warning(r->versions.arena, v,
				    "the input ends inside the header block "
				    "(truncated?); no body");

	/* GMime gets the message from its first header, with the blank line
	 * after the headers put back where the sender left it out */
	size_t hl = hs.end - hs.start, bl = len - hs.body;
	GByteArray *ba = g_byte_array_sized_new((guint)(hl + bl + 2));
	g_byte_array_append(ba, (const guint8 *)buf + hs.start, (guint)hl);
	if (hl && buf[hs.end - 1] != '\n')
		g_byte_array_append(ba, (const guint8 *)"\n", 1);
	g_byte_array_append(ba, (const guint8 *)"\n", 1);
	g_byte_array_append(ba, (const guint8 *)buf + hs.body, (guint)bl);
	GMimeStream *st = g_mime_stream_mem_new_with_byte_array(ba);
	GMimeParser *p = g_mime_parser_new_with_stream(st);
	g_mime_parser_set_format(p, GMIME_FORMAT_MESSAGE);
	struct mail m = {.r = r, .o = o, .v = v, .err = err};
	GMimeParserOptions *po = g_mime_parser_options_new();
	static const char *fallback[] = {"UTF-8", "windows-1252", NULL};
	g_mime_parser_options_set_fallback_charsets(po, fallback);
	g_mime_parser_options_set_warning_callback(po, on_gmime_warning, &m);
	GMimeMessage *msg = g_mime_parser_construct_message(p, po);
	int rc;
	if (!msg)
		rc = ow_err_at(err, OW_EPARSE, buf, hs.start,
			       "email: the header block could not be read as "
			       "a message");
	else
		rc = read_message(&m, msg);
	if (msg)
		g_object_unref(msg);
	g_mime_parser_options_free(po);
	g_object_unref(p);
	g_object_unref(st);
	return rc;
}
