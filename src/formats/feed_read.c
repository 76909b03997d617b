/* Reading a feed's bytes as XML the way a feed reader must. Feeds in the
 * wild break XML in a few common ways, and each has a fix here that keeps
 * line numbers (so errors and item ranges still point at the input):
 *
 *   - whitespace or a comment before "<?xml ...?>": the declaration is
 *     moved to the front;
 *   - no declared encoding and bytes that are not UTF-8: read as
 *     Windows-1252; a declared 8-bit charset whose bytes are in fact UTF-8,
 *     or a charset nobody knows: read as UTF-8 (or Windows-1252);
 *   - C0 control bytes, which XML forbids: removed;
 *   - anything else (truncation, HTML entities such as &nbsp;, a bare '&'):
 *     a second read with libxml2's recovery, after HTML entities become
 *     numeric references and bare ampersands "&amp;".
 * Each fix is an input warning. Entity declarations are refused: those in
 * the prolog before any of this (with their line, as xml_read does), and any
 * the parser found after it, however hidden. Neither read expands entities,
 * loads a DTD or touches the network. */
#include "formats/feed_int.h"

#include "common/buf.h"
#include "common/str.h"

#include <iconv.h>
#include <libxml/HTMLparser.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <string.h>

#define FEED_PROLOG_LOOK 65536 /* bytes searched for the declaration */
#define FEED_MAX_RECOVER_ERRORS 100000

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* ---------------------------------------------------------------- prolog */

/* Where things are in the prolog (the first FEED_PROLOG_LOOK bytes). */
struct prolog {
	size_t decl, decl_end; /* "<?xml ... ?>"; decl_end 0: none */
	size_t enc, enc_len;   /* the encoding value inside it */
	bool entity;           /* "<!ENTITY" in a DOCTYPE */
	size_t entity_at;
};

static size_t skip_to(const char *s, size_t len, size_t i, const char *end)
{
	size_t el = strlen(end);
	while (i + el <= len && memcmp(s + i, end, el))
		i++;
	return i + el <= len ? i + el : len;
}

static void scan_prolog(const char *s, size_t len, size_t from,
			struct prolog *p)
{
	memset(p, 0, sizeof *p);
	size_t look =
		len - from > FEED_PROLOG_LOOK ? from + FEED_PROLOG_LOOK : len;
	size_t i = from;
	for (int guard = 0; guard < 1024 && i < look; guard++) {
		while (i < look && is_ws(s[i]))
			i++;
		if (i + 1 >= look || s[i] != '<')
			return;
		if (look - i >= 6 && !memcmp(s + i, "<?xml", 5) &&
		    is_ws(s[i + 5]) && !p->decl_end) {
			size_t e = skip_to(s, look, i + 5, "?>");
			p->decl = i;
			p->decl_end = e;
			long at = str_find_ci(s + i, e - i, "encoding");
			if (at >= 0) {
				size_t j = i + (size_t)at + 8;
				while (j < e && (is_ws(s[j]) || s[j] == '='))
					j++;
				if (j < e && (s[j] == '"' || s[j] == '\'')) {
					char q = s[j++];
					size_t k = j;
					while (k < e && s[k] != q)
						k++;
					p->enc = j;
					p->enc_len = k - j;
				}
			}
			i = e;
		} else if (s[i + 1] == '?') {
			i = skip_to(s, look, i + 2, "?>");
		} else if (look - i >= 4 && !memcmp(s + i, "<!--", 4)) {
			i = skip_to(s, look, i + 4, "-->");
		} else if (s[i + 1] == '!') {
			/* DOCTYPE, possibly with an internal subset */
			size_t j = i + 2;
			int depth = 0;
			while (j < look && !(s[j] == '>' && depth == 0)) {
				if (s[j] == '[')
					depth++;
				else if (s[j] == ']')
					depth--;
				j++;
			}
			long at = str_find_ci(s + i, j - i, "<!ENTITY");
			if (at >= 0 && !p->entity) {
				p->entity = true;
				p->entity_at = i + (size_t)at;
			}
			i = j + 1;
		} else {
			return; /* the root element */
		}
	}
}

/* --------------------------------------------------------------- charset */

static bool known_charset(const char *name)
{
	iconv_t cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return false;
	iconv_close(cd);
	return true;
}

static bool has_high_bytes(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

static bool is_utf8_name(const char *e)
{
	return str_eq_ci(e, "utf-8") || str_eq_ci(e, "utf8");
}

/* UTF-16 and UTF-32, by BOM or by the NUL bytes around the first '<':
 * the iconv name and the BOM's length; NULL for an 8-bit text. */
static const char *wide_charset(const char *s, size_t len, size_t *skip)
{
	static const struct {
		const char *sig;
		size_t n, skip;
		const char *name;
	} sigs[] = {{"\xFF\xFE\0\0", 4, 4, "UTF-32LE"},
		    {"\0\0\xFE\xFF", 4, 4, "UTF-32BE"},
		    {"\xFE\xFF", 2, 2, "UTF-16BE"},
		    {"\xFF\xFE", 2, 2, "UTF-16LE"},
		    {"<\0\0\0", 4, 0, "UTF-32LE"},
		    {"\0\0\0<", 4, 0, "UTF-32BE"},
		    {"<\0", 2, 0, "UTF-16LE"},
		    {"\0<", 2, 0, "UTF-16BE"}};
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		if (len >= sigs[i].n && !memcmp(s, sigs[i].sig, sigs[i].n)) {
			*skip = sigs[i].skip;
			return sigs[i].name;
		}
	return NULL;
}

/* The whole input as UTF-8 when it has to be converted before libxml2
 * sees it; *conv stays NULL when libxml2 can read the bytes as they are. */
static int choose_charset(struct parse_result *r, const char *what,
			  const char *s, size_t len, size_t bom,
			  const struct prolog *p, char **conv, size_t *conv_len,
			  struct ow_err *err)
{
	struct arena *a = r->versions.arena;
	char enc[48] = "";
	if (p->decl_end && p->enc_len && p->enc_len < sizeof enc) {
		memcpy(enc, s + p->enc, p->enc_len);
		enc[p->enc_len] = '\0';
	}
	*conv = NULL;
	const char *body = s + bom;
	size_t blen = len - bom;
	bool valid = utf8_valid(body, blen);
	if (!enc[0] || is_utf8_name(enc)) {
		if (valid)
			return 0;
		if (!enc[0] && !bom) {
			const char *how = "windows-1252";
			*conv = text_decode_8bit(a, body, blen, &how);
			fmt_warn(r,
				 "feed declares no encoding and is not UTF-8; "
				 "read as %s",
				 how);
		} else {
			size_t bad = 0;
			*conv = utf8_repair(a, body, blen, &bad, NULL);
			fmt_warn(r, "%zu invalid UTF-8 sequences replaced",
				 bad);
		}
	} else if (known_charset(enc)) {
		if (!has_high_bytes(body, blen))
			return 0; /* ASCII reads the same in any of them */
		if (valid) {
			/* an 8-bit label on UTF-8 bytes: the label is wrong
			 * (multi-byte UTF-8 by chance in 8-bit text is
			 * vanishingly rare) */
			*conv = arena_strndup(a, body, blen);
			fmt_warn(r,
				 "feed declares encoding \"%s\" but its bytes "
				 "are UTF-8; read as UTF-8",
				 enc);
		} else {
			/* converted here rather than by libxml2, so that a
			 * byte the charset lacks is a clear error */
			struct ow_err ce = {0};
			size_t n;
			if (charset_to_utf8(a, enc, body, blen, conv, &n,
					    &ce)) {
				const char *m = strstr(ce.msg, "): ");
				return ow_err_at(
					err, OW_EPARSE, s, ce.offset + bom,
					"%s: %s (the declared encoding)", what,
					m ? m + 3 : ce.msg);
			}
		}
	} else {
		const char *how = "UTF-8";
		*conv = valid ? arena_strndup(a, body, blen)
			      : text_decode_8bit(a, body, blen, &how);
		fmt_warn(r,
			 "feed declares unknown encoding \"%.40s\"; read as %s",
			 enc, how);
	}
	if (!*conv)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	*conv_len = strlen(*conv);
	/* a repaired or converted text can hold no NUL; strlen is its size */
	return 0;
}

/* ----------------------------------------------------------- preparation */

/* The bytes libxml2 is given: the input itself, or a fixed copy. */
struct prepared {
	const char *p;
	size_t len;
	bool utf8; /* the copy is UTF-8 whatever the declaration said */
};

/* *out: a copy without the C0 control bytes XML forbids (NUL among them),
 * or NULL when there are none. ISO-2022 text keeps its escape sequences. */
static int drop_controls(struct parse_result *r, const char *s, size_t len,
			 const struct prolog *p, char **out, size_t *out_len,
			 size_t *n_ctl)
{
	*out = NULL;
	size_t ctl = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		ctl += c < 0x20 && c != '\t' && c != '\n' && c != '\r';
	}
	*n_ctl = ctl;
	if (!ctl || (p->enc_len >= 8 &&
		     str_starts_with_ci(s + p->enc, p->enc_len, "iso-2022")))
		return 0;
	char *o = arena_alloc(r->versions.arena, len + 1);
	if (!o)
		return OW_ENOMEM;
	size_t w = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
			o[w++] = (char)c;
	}
	o[w] = '\0';
	*out_len = w;
	*out = o;
	return 0;
}

static int prepare(struct parse_result *r, const char *what, const char *buf,
		   size_t len, struct prepared *out, struct ow_err *err)
{
	struct arena *a = r->versions.arena;
	const char *s = buf;
	size_t n = len, bom = 0;
	out->p = buf;
	out->len = len;
	out->utf8 = false;
	/* `converted`: s is UTF-8 now, whatever the declaration says */
	bool converted = false;
	size_t wskip = 0;
	const char *wide = wide_charset(buf, len, &wskip);
	if (wide) {
		char *w;
		struct ow_err ce = {0};
		if (charset_to_utf8(a, wide, buf + wskip, len - wskip, &w, &n,
				    &ce)) {
			if (ce.code == OW_ENOMEM)
				return ow_err_set(err, OW_ENOMEM,
						  "out of memory");
			return ow_err_set(err, OW_EPARSE,
					  "%s: not valid %s at byte %zu", what,
					  wide, ce.offset + wskip);
		}
		s = w;
		converted = true;
	} else {
		bom = utf8_bom(buf, len);
	}
	struct prolog p;
	scan_prolog(s, n, bom, &p);
	if (p.entity)
		return ow_err_at(err, OW_EPARSE, s, p.entity_at,
				 "%s: entity declarations are refused (entity "
				 "expansion is off for untrusted copy)",
				 what);
	/* 1. control bytes out: from here on the text holds no NUL */
	size_t ctl = 0, cn = n;
	char *clean;
	if (drop_controls(r, s, n, &p, &clean, &cn, &ctl))
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	if (clean) {
		s = clean;
		n = cn;
		fmt_warn(r, "%zu control byte%s removed (XML forbids them)",
			 ctl, ctl == 1 ? "" : "s");
		scan_prolog(s, n, bom, &p);
	}
	/* 2. the charset */
	if (!converted) {
		char *conv;
		size_t clen = 0;
		int rc = choose_charset(r, what, s, n, bom, &p, &conv, &clen,
					err);
		if (rc)
			return rc;
		if (conv) {
			s = conv;
			n = clen;
			bom = 0;
			converted = true;
			scan_prolog(s, n, 0, &p);
		}
	}
	/* 3. the declaration first, its encoding replaced when the bytes
	 * were converted; what stood before it follows, so every line below
	 * it keeps its number */
	size_t from = bom;
	bool move = p.decl_end && p.decl > from;
	bool relabel = converted && p.enc_len;
	out->utf8 = converted;
	if (!move && !relabel) {
		out->p = s;
		out->len = n;
		return 0;
	}
	char *o = arena_alloc(a, n + 16);
	if (!o)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	size_t w = 0;
	if (from) {
		memcpy(o, s, from); /* the BOM */
		w = from;
	}
	size_t order[3][2] = {{from, n}, {0, 0}, {0, 0}};
	if (move) {
		order[0][0] = p.decl;
		order[0][1] = p.decl_end;
		order[1][0] = from;
		order[1][1] = p.decl;
		order[2][0] = p.decl_end;
		order[2][1] = n;
	}
	for (int k = 0; k < 3; k++) {
		for (size_t i = order[k][0]; i < order[k][1]; i++) {
			if (relabel && i == p.enc) {
				memcpy(o + w, "UTF-8", 5);
				w += 5;
				i += p.enc_len - 1;
				continue;
			}
			o[w++] = s[i];
		}
	}
	o[w] = '\0';
	if (move)
		fmt_warn(r,
			 "%zu byte%s before the XML declaration (which must "
			 "come first) moved after it",
			 p.decl - from, p.decl - from == 1 ? "" : "s");
	out->p = o;
	out->len = w;
	return 0;
}

/* ------------------------------------------------------------- recovery */

/* A copy where a '&' that starts no XML reference becomes "&amp;" and an
 * HTML entity XML lacks ("&nbsp;") becomes a numeric reference; CDATA
 * sections and comments are copied as they are. NULL on OOM. */
static char *fix_entities(const char *s, size_t len, size_t *out_len,
			  size_t *fixed)
{
	struct buf b;
	buf_init(&b, len > (SIZE_MAX - 64) / 5 ? SIZE_MAX : len * 5 + 64);
	*fixed = 0;
	size_t i = 0;
	while (i < len && !b.err) {
		char c = s[i];
		if (c == '<' && len - i >= 9 &&
		    !memcmp(s + i, "<![CDATA[", 9)) {
			size_t e = skip_to(s, len, i + 9, "]]>");
			buf_append(&b, s + i, e - i);
			i = e;
			continue;
		}
		if (c == '<' && len - i >= 4 && !memcmp(s + i, "<!--", 4)) {
			size_t e = skip_to(s, len, i + 4, "-->");
			buf_append(&b, s + i, e - i);
			i = e;
			continue;
		}
		if (c != '&') {
			buf_putc(&b, c);
			i++;
			continue;
		}
		size_t j = i + 1;
		if (j < len && s[j] == '#') {
			j++;
			bool hex = j < len && (s[j] == 'x' || s[j] == 'X');
			j += hex;
			size_t d = j;
			while (j < len && j - d < 8 &&
			       ((s[j] >= '0' && s[j] <= '9') ||
				(hex && ((s[j] >= 'a' && s[j] <= 'f') ||
					 (s[j] >= 'A' && s[j] <= 'F')))))
				j++;
			if (j > d && j < len && s[j] == ';') {
				buf_append(&b, s + i, j + 1 - i);
				i = j + 1;
				continue;
			}
		} else {
			while (j < len && j - i <= 32 &&
			       ((s[j] >= 'a' && s[j] <= 'z') ||
				(s[j] >= 'A' && s[j] <= 'Z') ||
				(s[j] >= '0' && s[j] <= '9')))
				j++;
			if (j > i + 1 && j < len && s[j] == ';') {
				char name[40];
				size_t nl = j - i - 1;
				memcpy(name, s + i + 1, nl);
				name[nl] = '\0';
				if (!strcmp(name, "lt") ||
				    !strcmp(name, "gt") ||
				    !strcmp(name, "amp") ||
				    !strcmp(name, "quot") ||
				    !strcmp(name, "apos")) {
					buf_append(&b, s + i, j + 1 - i);
					i = j + 1;
					continue;
				}
				const htmlEntityDesc *ent =
					htmlEntityLookup((const xmlChar *)name);
				if (ent) {
					buf_printf(&b, "&#%u;", ent->value);
					(*fixed)++;
					i = j + 1;
					continue;
				}
			}
		}
		buf_puts(&b, "&amp;");
		(*fixed)++;
		i++;
	}
	if (b.err) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, out_len);
}

struct recover_state {
	bool refuse;     /* a limit was hit: recovery would hide an attack */
	char first[160]; /* the first error, for the warning */
	int line, col;
	long n;
};

static void on_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctx = data;
	struct recover_state *st = ctx ? ctx->_private : NULL;
	if (!st || !e)
		return;
	if (e->code == XML_ERR_INTERNAL_ERROR || e->code == XML_ERR_NO_MEMORY ||
	    e->code == XML_ERR_ENTITY_LOOP ||
	    e->code == XML_ERR_ENTITY_BOUNDARY ||
	    ++st->n > FEED_MAX_RECOVER_ERRORS)
		st->refuse = true;
	if (!st->first[0] && e->message) {
		snprintf(st->first, sizeof st->first, "%s", e->message);
		size_t l = strlen(st->first);
		while (l &&
		       (st->first[l - 1] == '\n' || st->first[l - 1] == ' '))
			st->first[--l] = '\0';
		st->line = e->line;
		st->col = e->int2;
	}
}

/* xml_read's options with RECOVER added: still no entity substitution, no
 * DTD, no network, libxml2's depth and size limits on. A document is only
 * returned when no limit was hit. */
static xmlDocPtr read_recovering(const char *p, size_t len, bool utf8,
				 struct recover_state *st)
{
	if (len > (size_t)INT32_MAX)
		return NULL;
	xmlParserCtxtPtr ctx = xmlNewParserCtxt();
	if (!ctx)
		return NULL;
	ctx->_private = st;
	ctx->sax->serror = on_error;
	xmlDocPtr doc = xmlCtxtReadMemory(
		ctx, p, (int)len, NULL, utf8 ? "UTF-8" : NULL,
		XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
			XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
			XML_PARSE_NOXINCNODE);
	xmlFreeParserCtxt(ctx);
	if (doc && (st->refuse || !xmlDocGetRootElement(doc))) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}

/* ---------------------------------------------------------------- entry */

/* Entities declared anywhere in the document's DTD, however well hidden
 * from the textual checks: refused, as xml_read refuses the ones it sees,
 * because reading the text of a reference would expand them. */
static bool has_entities(xmlDocPtr doc)
{
	xmlDtdPtr d = doc ? doc->intSubset : NULL;
	return d && ((d->entities && xmlHashSize(d->entities) > 0) ||
		     (d->pentities && xmlHashSize(d->pentities) > 0));
}

static int refuse_entities(struct feed_doc *fd, const char *what,
			   struct ow_err *err)
{
	feed_close(fd);
	return ow_err_set(err, OW_EPARSE,
			  "%s: entity declarations are refused (entity "
			  "expansion is off for untrusted copy)",
			  what);
}

int feed_open(struct parse_result *r, const char *what, const char *buf,
	      size_t len, struct feed_doc *fd, struct ow_err *err)
{
	memset(fd, 0, sizeof *fd);
	fd->input = buf;
	fd->input_len = len;
	fd->cur_line = 1;
	if (str_is_blank(buf, len))
		return ow_err_set(err, OW_EPARSE, "%s: empty input", what);
	struct prepared pr;
	int rc = prepare(r, what, buf, len, &pr, err);
	if (rc)
		return rc;
	rc = xml_read(pr.p, pr.len, what, &fd->doc, err);
	if (!rc) {
		if (has_entities(fd->doc))
			return refuse_entities(fd, what, err);
		fd->root = xmlDocGetRootElement(fd->doc);
		return 0;
	}
	if (rc != OW_EPARSE || strstr(err->msg, "entity declarations"))
		return rc;
	snprintf(fd->strict, sizeof fd->strict, "%s", err->msg);
	size_t flen = 0, fixed = 0;
	char *fixedp = fix_entities(pr.p, pr.len, &flen, &fixed);
	if (!fixedp)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	struct recover_state st = {0};
	fd->doc = read_recovering(fixedp, flen, pr.utf8, &st);
	free(fixedp);
	if (!fd->doc)
		return OW_EPARSE; /* err still holds the strict read's error */
	if (has_entities(fd->doc))
		return refuse_entities(fd, what, err);
	fd->root = xmlDocGetRootElement(fd->doc);
	fd->recovered = true;
	ow_err_clear(err);
	const char *detail = strchr(fd->strict, ':');
	fmt_warn(r, "feed is not well-formed XML (%s); recovered",
		 detail ? detail + 2 : fd->strict);
	if (fixed)
		fmt_warn(r,
			 "%zu HTML entities or bare '&' characters read as "
			 "text",
			 fixed);
	return 0;
}

void feed_close(struct feed_doc *fd)
{
	if (fd->doc)
		xmlFreeDoc(fd->doc);
	fd->doc = NULL;
	fd->root = NULL;
}

int feed_no_items(const struct feed_doc *fd, const char *what,
		  struct ow_err *err)
{
	if (fd->recovered) {
		const char *detail = strchr(fd->strict, ':');
		return ow_err_set(err, OW_EPARSE,
				  "%s: feed has no items (and is not "
				  "well-formed XML:%.160s)",
				  what, detail ? detail + 1 : fd->strict);
	}
	return ow_err_set(err, OW_EPARSE, "%s: feed has no items", what);
}
