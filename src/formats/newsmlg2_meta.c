/* NewsML-G2 item metadata: itemMeta (provider, times, pubStatus, signals,
 * embargo, edNote) and contentMeta (urgency, headline, slugline, by/creator,
 * dateline/located, language, subjects) into a struct version. What the
 * agencies' own codes mean (Reuters edStat, AP take keys in sluglines,
 * providers' home time zones) lives here too. Not for the item's content:
 * newsmlg2_body.c reads that. */
#include "formats/newsmlg2_int.h"

#include "common/str.h"

#include <string.h>

#define G2_MAX_SUBJECTS 200
#define G2_MAX_NOTES 20

/* ---------------------------------------------------------------- helpers */

const char *g2_code(const char *qcode)
{
	const char *colon = qcode ? strchr(qcode, ':') : NULL;
	return colon ? colon + 1 : qcode;
}

static bool has_ci(const char *s, const char *needle)
{
	return s && str_find_ci(s, strlen(s), needle) >= 0;
}

bool g2_has_signal(struct g2 *g, xmlNode *im, const char *want)
{
	for (xmlNode *c = xml_child(im, "signal"); c;
	     c = xml_next(c, "signal")) {
		const char *q = xml_attr(g->r, c, "qcode");
		if (q && str_eq_ci(q, want))
			return true;
	}
	return false;
}

const char *g2_headline(struct g2 *g, xmlNode *cm)
{
	for (xmlNode *c = xml_child(cm, "headline"); c;
	     c = xml_next(c, "headline")) {
		const char *role = xml_attr(g->r, c, "role");
		if (role && has_ci(role, "sub"))
			continue; /* hld:subHeadline: not the headline */
		const char *t = xml_text(g->r, c);
		if (t)
			return t;
	}
	return NULL;
}

/* The text of the first <name> child, else the literal attribute. */
static const char *name_of(struct g2 *g, xmlNode *n)
{
	const char *t = xml_text(g->r, xml_child(n, "name"));
	return t ? t : xml_attr(g->r, n, "literal");
}

static int oom(struct g2 *g)
{
	return ow_err_set(g->err, OW_ENOMEM, "out of memory");
}

/* ------------------------------------------------------------- providers */

/* Who sent it, as readers know the agency. Keys are compared lowercased,
 * without "http://" and "www.". */
static const struct {
	const char *key, *name;
} agencies[] = {
	{"reuters", "Reuters"},
	{"reuters.com", "Reuters"},
	{"thomsonreuters.com", "Reuters"},
	{"thomson reuters", "Reuters"},
	{"ap", "AP"},
	{"ap.org", "AP"},
	{"apnews.com", "AP"},
	{"associated press", "AP"},
	{"the associated press", "AP"},
	{"afp", "AFP"},
	{"afp.com", "AFP"},
	{"agence france-presse", "AFP"},
	{"dpa", "dpa"},
	{"dpa.com", "dpa"},
	{"dpa.de", "dpa"},
	{"deutsche presse-agentur gmbh", "dpa"},
	{"ansa", "ANSA"},
	{"ansa.it", "ANSA"},
	{"stt", "STT"},
	{"stt.fi", "STT"},
	{"stt-lehtikuva.fi", "STT"},
	{"tt", "TT"},
	{"tt.se", "TT"},
	{"ntb", "NTB"},
	{"ntb.no", "NTB"},
	{"ritzau", "Ritzau"},
	{"ritzau.dk", "Ritzau"},
	{"efe", "EFE"},
	{"efe.com", "EFE"},
	{"aap", "AAP"},
	{"aap.com.au", "AAP"},
	{"pa", "PA"},
	{"pa.press.net", "PA"},
	{"press association", "PA"},
	{"xinhua", "Xinhua"},
	{"xinhuanet.com", "Xinhua"},
	{"kyodo", "Kyodo"},
	{"bloomberg", "Bloomberg"},
	{"bloomberg.com", "Bloomberg"},
	{"upi", "UPI"},
	{"upi.com", "UPI"},
	{"belga", "Belga"},
	{"anp", "ANP"},
	{"apa", "APA"},
	{"businessdesk", "BusinessDesk"},
	{"businessdesk.co.nz", "BusinessDesk"},
	{"scoop", "Scoop"},
	{"scoop.co.nz", "Scoop"},
};

/* The zone an agency's clock is in when it writes times without an offset
 * (BusinessDesk's NZ local times; STT's Finnish ones, which its files with
 * offsets confirm: +02:00 in winter, +03:00 in summer). */
static const struct {
	const char *agency, *zone;
} home_zones[] = {
	{"BusinessDesk", "Pacific/Auckland"},
	{"Scoop", "Pacific/Auckland"},
	{"STT", "Europe/Helsinki"},
};

static const char *agency_of(const char *s)
{
	if (!s)
		return NULL;
	char k[64];
	size_t n = 0;
	if (str_starts_with_ci(s, strlen(s), "https://"))
		s += 8;
	else if (str_starts_with_ci(s, strlen(s), "http://"))
		s += 7;
	if (str_starts_with_ci(s, strlen(s), "www."))
		s += 4;
	for (; *s && *s != '/' && n < sizeof k - 1; s++)
		k[n++] = str_lower(*s);
	if (*s && *s != '/')
		return NULL; /* too long to be a key */
	k[n] = '\0';
	for (size_t i = 0; i < sizeof agencies / sizeof *agencies; i++)
		if (!strcmp(k, agencies[i].key))
			return agencies[i].name;
	return NULL;
}

/* "tag:ap.org,2011:..." / "tag_reuters.com_2014_..." / "urn:newsml:dpa.com:
 * ..." / "http://tt.se/..." -> the domain. */
static const char *guid_domain(struct g2 *g, const char *guid)
{
	if (!guid)
		return NULL;
	size_t n = strlen(guid), st;
	const char *stops;
	if (str_starts_with_ci(guid, n, "tag:")) {
		st = 4, stops = ",:/";
	} else if (str_starts_with_ci(guid, n, "tag_")) {
		st = 4, stops = "_,";
	} else if (str_starts_with_ci(guid, n, "urn:newsml:")) {
		st = 11, stops = ":";
	} else if (str_starts_with_ci(guid, n, "http://")) {
		st = 7, stops = "/";
	} else if (str_starts_with_ci(guid, n, "https://")) {
		st = 8, stops = "/";
	} else {
		return NULL;
	}
	size_t e = st + strcspn(guid + st, stops);
	return e > st ? fmt_field(g->r, guid + st, e - st) : NULL;
}

/* "http://www.acmenews.com/about/" -> "acmenews.com"; other text as is. */
static const char *host_of(struct g2 *g, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	if (str_starts_with_ci(s, n, "https://"))
		s += 8;
	else if (str_starts_with_ci(s, n, "http://"))
		s += 7;
	if (str_starts_with_ci(s, strlen(s), "www."))
		s += 4;
	return fmt_field(g->r, s, strcspn(s, "/"));
}

static const char *source_of(struct g2 *g, xmlNode *im, const char *guid)
{
	xmlNode *p = xml_child(im, "provider");
	const char *literal = xml_attr(g->r, p, "literal");
	const char *qcode = xml_attr(g->r, p, "qcode");
	const char *name = xml_text(g->r, xml_child(p, "name"));
	const char *uri = xml_attr(g->r, p, "uri");
	const char *domain = guid_domain(g, guid);
	const char *cand[] = {literal, qcode ? g2_code(qcode) : NULL,
			      name,    uri,
			      domain,  g->sender};
	for (size_t i = 0; i < sizeof cand / sizeof *cand; i++) {
		const char *a = agency_of(cand[i]);
		if (a)
			return a;
	}
	/* no agency we know: the provider as it names itself */
	const char *fallback[] = {name,
				  literal,
				  host_of(g, qcode ? g2_code(qcode) : NULL),
				  g->sender,
				  host_of(g, uri),
				  domain};
	for (size_t i = 0; i < sizeof fallback / sizeof *fallback; i++)
		if (fallback[i])
			return fallback[i];
	return NULL;
}

static const char *zone_of(const char *source)
{
	for (size_t i = 0; source && i < sizeof home_zones / sizeof *home_zones;
	     i++)
		if (str_eq_ci(source, home_zones[i].agency))
			return home_zones[i].zone;
	return NULL;
}

/* ------------------------------------------------------------------ times */

/* Reads a G2 date-time into *out; *ok says whether s was one. A time
 * without an offset is read in the provider's home zone when it has one,
 * else as UTC with a warning. 0 or OW_ENOMEM. */
static int read_time(struct g2 *g, struct version *v, const char *what,
		     const char *s, int64_t *out, bool *ok)
{
	int64_t t;
	bool zone = false;
	*ok = false;
	if (!s || !time_parse_iso(s, &t, &zone))
		return 0;
	const char *tz = zone_of(v->source);
	if (!zone && !(tz && time_parse_iso_in_zone(s, tz, &t)) &&
	    version_add_warning(g->r->versions.arena, v,
				"%s \"%.40s\" has no UTC offset; read as UTC",
				what, s))
		return OW_ENOMEM;
	*out = t;
	*ok = true;
	return 0;
}

/* A creation time: one that is no date-time is warned about and ignored. */
static int read_stamp(struct g2 *g, struct version *v, const char *what,
		      const char *s, int64_t *out)
{
	bool ok;
	if (read_time(g, v, what, s, out, &ok))
		return OW_ENOMEM;
	if (s && !ok &&
	    version_add_warning(g->r->versions.arena, v,
				"%s \"%.40s\" is not a date-time; ignored",
				what, s))
		return OW_ENOMEM;
	return 0;
}

static int read_times(struct g2 *g, struct version *v, xmlNode *im, xmlNode *cm)
{
	struct parse_result *r = g->r;
	const char *vc = xml_text(r, xml_child(im, "versionCreated"));
	const char *fc = xml_text(r, xml_child(im, "firstCreated"));
	const char *cc = xml_text(r, xml_child(cm, "contentCreated"));
	const char *cmod = xml_text(r, xml_child(cm, "contentModified"));
	/* archive items leave the item times empty and keep the content's;
	 * the message's <sent> is the last resort */
	if (read_stamp(g, v, "versionCreated",
		       vc     ? vc
		       : cmod ? cmod
			      : cc,
		       &v->versioncreated) ||
	    read_stamp(g, v, "firstCreated", fc ? fc : cc, &v->firstcreated) ||
	    (!v->versioncreated &&
	     read_stamp(g, v, "header <sent>", g->sent, &v->versioncreated)))
		return oom(g);
	xmlNode *emb = xml_child(im, "embargoed");
	if (!emb)
		return 0;
	/* <embargoed/> without a time: embargoed until further notice */
	const char *es = xml_text(r, emb);
	bool ok;
	if (read_time(g, v, "embargo", es, &v->embargo, &ok))
		return oom(g);
	if (ok)
		return 0;
	v->embargo_held = true;
	int rc = es ? version_add_warning(r->versions.arena, v,
					  "embargo \"%.40s\" is not a time; "
					  "held until released by hand",
					  es)
		    : version_add_warning(r->versions.arena, v,
					  "empty <embargoed/>: embargoed until "
					  "further notice; held until released "
					  "by hand");
	return rc ? oom(g) : 0;
}

/* ---------------------------------------------------------------- signals */

/* How much a signal says when several are given: the stronger wins. */
static int rank(enum signal s)
{
	static const int ranks[] = {
		[SIGNAL_NEW] = 0,        [SIGNAL_SUB] = 1,
		[SIGNAL_LEAD] = 2,       [SIGNAL_UPDATE] = 3,
		[SIGNAL_RECAST] = 3,     [SIGNAL_WRITETHRU] = 4,
		[SIGNAL_ADD] = 5,        [SIGNAL_INSERT] = 6,
		[SIGNAL_CORRECTION] = 7, [SIGNAL_ADVISORY] = 8,
		[SIGNAL_KILL] = 9,
	};
	return (unsigned)s <= SIGNAL_ADVISORY ? ranks[s] : 0;
}

static void raise_signal(struct version *v, enum signal s)
{
	if (rank(s) > rank(v->signal))
		v->signal = s;
}

/* IPTC sig: codes, the "update:" refinements STT sends with them, and
 * Reuters' edStat letters (N new, U update, C correction, D deleted). */
static void read_signals(struct g2 *g, struct version *v, xmlNode *im)
{
	for (xmlNode *c = xml_child(im, "signal"); c;
	     c = xml_next(c, "signal")) {
		const char *q = xml_attr(g->r, c, "qcode");
		if (!q || !strchr(q, ':'))
			continue;
		const char *code = g2_code(q);
		size_t sl = (size_t)(code - q - 1);
		if (sl == 3 && str_starts_with_ci(q, sl, "sig")) {
			if (str_eq_ci(code, "correction"))
				raise_signal(v, SIGNAL_CORRECTION);
			else if (str_eq_ci(code, "update"))
				raise_signal(v, SIGNAL_UPDATE);
		} else if (sl == 6 && str_starts_with_ci(q, sl, "update")) {
			/* update:append-major-content and friends: still a
			 * whole new version of the text, not a take */
			raise_signal(v, SIGNAL_UPDATE);
		} else if (sl == 6 && str_starts_with_ci(q, sl, "edStat")) {
			if (str_eq_ci(code, "C"))
				raise_signal(v, SIGNAL_CORRECTION);
			else if (str_eq_ci(code, "U"))
				raise_signal(v, SIGNAL_UPDATE);
			else if (str_eq_ci(code, "D"))
				raise_signal(v, SIGNAL_KILL);
		}
	}
}

static int read_status(struct g2 *g, struct version *v, xmlNode *im)
{
	const char *ps = xml_attr(g->r, xml_child(im, "pubStatus"), "qcode");
	if (ps) {
		const char *code = g2_code(ps);
		if (str_eq_ci(code, "cancelled"))
			v->pubstatus = PUBSTATUS_CANCELED;
		else if (!pubstatus_from_name(code, &v->pubstatus) &&
			 version_add_warning(
				 g->r->versions.arena, v,
				 "unknown pubStatus \"%.40s\"; read "
				 "as usable",
				 ps))
			return oom(g);
	}
	read_signals(g, v, im);
	if (v->pubstatus == PUBSTATUS_CANCELED)
		v->signal = SIGNAL_KILL;
	return 0;
}

/* --------------------------------------------------------------- slugline */

/* Folds a take key's marks into v. */
static void apply_key(struct version *v, const struct mark_info *mi)
{
	raise_signal(v, mi->signal);
	if (mi->ordinal && !v->mark_ordinal)
		v->mark_ordinal = mi->ordinal;
}

/* AP: "BC-US--Earns-Nutrisystem, 1st Ld-Writethru" (the key after the last
 * comma); Reuters: "USA-WEATHER/ (UPDATE 1, PIX, CORRECTED)" (keys in
 * parentheses). The slug keeps what is left; a tail that holds no mark stays
 * part of the slug. */
static int read_slug(struct g2 *g, struct version *v, const char *slug)
{
	struct arena *a = g->r->versions.arena;
	v->slug = slug;
	if (!slug)
		return 0;
	size_t n = strlen(slug);
	const char *open =
		n > 2 && slug[n - 1] == ')' ? strrchr(slug, '(') : NULL;
	const char *tail = open ? open + 1 : strrchr(slug, ',');
	if (!tail || tail == slug)
		return 0;
	if (!open)
		tail++;
	const char *end = open ? slug + n - 1 : slug + n;
	const char *marks = NULL;
	struct version probe = {.signal = SIGNAL_NEW};
	while (tail < end) {
		const char *comma = memchr(tail, ',', (size_t)(end - tail));
		const char *pe = comma ? comma : end;
		char *piece = arena_strndup(a, tail, (size_t)(pe - tail));
		struct mark_info mi;
		if (!piece || mark_parse_key(a, piece, &mi))
			return oom(g);
		if (mi.found) {
			apply_key(&probe, &mi);
			marks = marks ? arena_printf(a, "%s; %s", marks,
						     mi.mark)
				      : mi.mark;
			if (!marks)
				return oom(g);
		}
		tail = comma ? comma + 1 : end;
	}
	if (!marks)
		return 0;
	const char *head = slug;
	size_t hl = (size_t)((open ? open : strrchr(slug, ',')) - slug);
	str_trim(&head, &hl);
	v->slug = fmt_field(g->r, head, hl);
	raise_signal(v, probe.signal);
	if (probe.mark_ordinal && !v->mark_ordinal)
		v->mark_ordinal = probe.mark_ordinal;
	if (!v->mark)
		v->mark = marks;
	return 0;
}

/* ----------------------------------------------------------------- people */

/* <by> as written; else the creators' names, leaving out creators that are
 * the agency or the credit line rather than a writer ("Reuters"). */
static const char *byline_of(struct g2 *g, struct version *v, xmlNode *cm,
			     const struct g2_body *b)
{
	const char *by = xml_text(g->r, xml_child(cm, "by"));
	if (by && str_starts_with_ci(by, strlen(by), "by ") && by[3])
		by += 3; /* "By Marwan Makdisi" */
	if (by)
		return by;
	if (b->byline)
		return b->byline;
	const char *credit = xml_text(g->r, xml_child(cm, "creditline"));
	const char *out = NULL;
	int n = 0;
	for (xmlNode *c = xml_child(cm, "creator"); c && n < 10;
	     c = xml_next(c, "creator"), n++) {
		const char *who = name_of(g, c);
		if (!who || (credit && str_eq_ci(who, credit)) ||
		    (v->source && str_eq_ci(who, v->source)) || agency_of(who))
			continue;
		bool is_source = false;
		for (xmlNode *s = xml_child(cm, "infoSource"); s;
		     s = xml_next(s, "infoSource")) {
			const char *sn = name_of(g, s);
			if (sn && str_eq_ci(sn, who))
				is_source = true;
		}
		if (is_source)
			continue;
		out = out ? arena_printf(g->r->versions.arena, "%s, %s", out,
					 who)
			  : who;
	}
	return out;
}

/* ---------------------------------------------------------------- dateline */

/* A month or a weekday opening s ("MARCH 04", "Monday"). */
static bool opens_with_date(const char *s, size_t n)
{
	static const char *const days[] = {"monday",   "tuesday", "wednesday",
					   "thursday", "friday",  "saturday",
					   "sunday",   NULL};
	size_t w = 0;
	while (w < n && s[w] != ' ')
		w++;
	if (time_month(s, w))
		return true;
	for (const char *const *d = days; *d; d++)
		if (w == strlen(*d) && str_starts_with_ci(s, w, *d))
			return true;
	return false;
}

static bool is_date_part(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return true;
	return opens_with_date(s, n);
}

/* A G2 <dateline> as agencies write it: "London (dpa) - ", "FORT
 * WASHINGTON, Pa.", "MOSCOW, Monday (Reuters)", "ANSA TEST - ROMA, 01 LUG
 * -", "MARCH 04, 2013" (a date alone). Not a timestamp ("2018-01-03
 * 20:13:08 GMT"), which is no dateline. */
static void split_dateline(struct g2 *g, const char *s, struct dateline *d)
{
	memset(d, 0, sizeof *d);
	if (!s || (*s >= '0' && *s <= '9'))
		return;
	size_t n = strlen(s);
	for (;;) { /* the dash or colon that leads into the text */
		while (n && s[n - 1] == ' ')
			n--;
		if (n &&
		    (s[n - 1] == '-' || s[n - 1] == '_' || s[n - 1] == ':'))
			n--;
		else if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 &&
			 (unsigned char)s[n - 2] == 0x80 &&
			 ((unsigned char)s[n - 1] == 0x93 ||
			  (unsigned char)s[n - 1] == 0x94))
			n -= 3;
		else
			break;
	}
	if (n && s[n - 1] == ')') {
		size_t open = n - 1;
		while (open && s[open] != '(')
			open--;
		if (s[open] == '(' && n - open - 2 > 0 && n - open - 2 <= 40) {
			d->source = fmt_field(g->r, s + open + 1, n - open - 2);
			n = open;
		}
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == ','))
		n--;
	if (opens_with_date(s, n)) {
		d->date = fmt_field(g->r, s, n);
		return;
	}
	const char *comma = NULL;
	for (size_t i = n; i > 0 && !comma; i--)
		if (s[i - 1] == ',')
			comma = s + i - 1;
	if (comma) {
		const char *dp = comma + 1;
		size_t dl = n - (size_t)(dp - s);
		str_trim(&dp, &dl);
		if (is_date_part(dp, dl)) {
			d->date = fmt_field(g->r, dp, dl);
			n = (size_t)(comma - s);
		}
	}
	/* "ANSA TEST - ROMA": the place is the last part */
	const char *place = s;
	for (size_t i = 0; i + 3 <= n; i++)
		if (!memcmp(s + i, " - ", 3))
			place = s + i + 3;
	size_t pl = n - (size_t)(place - s);
	str_trim(&place, &pl);
	if (pl && pl <= 60)
		d->place = fmt_field(g->r, place, pl);
}

/* <located>'s name; Reuters fills it with its desk's city (Bangalore for a
 * Damascus story), so it comes last among the places. */
static const char *located_of(struct g2 *g, xmlNode *im, xmlNode *cm)
{
	xmlNode *loc = xml_child(cm, "located");
	if (!loc)
		loc = xml_child(im, "located"); /* ANSA puts it there */
	const char *name = name_of(g, loc);
	return name && !has_ci(name, "no-data") ? name : NULL;
}

/* The place, date and source: the <dateline> as written, an inline NITF's
 * dateline, the dateline opening the text ("DAMASCUS (Reuters) -"), then
 * <located>. The text keeps its dateline. */
static void read_dateline(struct g2 *g, struct version *v, xmlNode *im,
			  xmlNode *cm, const struct g2_body *b)
{
	struct dateline d, pd = {0};
	split_dateline(g, xml_text(g->r, xml_child(cm, "dateline")), &d);
	size_t used;
	bool in_text = false;
	/* the first paragraphs: a byline ("By Marwan Makdisi") may come first */
	for (size_t i = 0; i < v->n_paras && i < 3 && !in_text; i++) {
		const char *p = v->paras[i].text;
		in_text = v->paras[i].kind == PARA_TEXT &&
			  dateline_parse(g->r->versions.arena, p, strlen(p),
					 &pd, &used);
	}
	if (!d.place && b->dateline.place)
		d = b->dateline;
	if (!d.place && in_text)
		d = pd;
	if (!d.place)
		d.place = located_of(g, im, cm);
	if (in_text && d.place && str_eq_ci(d.place, pd.place)) {
		if (!d.date)
			d.date = pd.date;
		if (!d.source)
			d.source = pd.source;
	}
	v->dateline = d;
}

/* ------------------------------------------------------ notes, subjects */

/* Public edNotes, joined. Private and internal ones (STT's sttnote:private,
 * dpa's nonpublic contacts and closing line) and structured notepads that
 * repeat the plain ones are left out. */
static int read_ednote(struct g2 *g, struct version *v, xmlNode *im)
{
	static const char *const hidden[] = {
		"private", "internal", "nonpublic", "closingline",
		"notepad", "contact",  NULL};
	int n = 0;
	for (xmlNode *c = xml_child(im, "edNote"); c && n < G2_MAX_NOTES;
	     c = xml_next(c, "edNote")) {
		const char *role = xml_attr(g->r, c, "role");
		const char *pc = xml_attr(g->r, c, "pubconstraint");
		bool hide = false;
		for (const char *const *h = hidden; *h; h++)
			hide = hide || has_ci(role, *h) || has_ci(pc, *h);
		for (xmlNode *k = c->children; k; k = k->next)
			hide = hide || k->type == XML_ELEMENT_NODE;
		const char *t = hide ? NULL : xml_text(g->r, c);
		if (!t)
			continue;
		n++;
		v->ednote = v->ednote ? arena_printf(g->r->versions.arena,
						     "%s / %s", v->ednote, t)
				      : t;
		if (!v->ednote)
			return oom(g);
	}
	return 0;
}

/* contentMeta <subject>s: "medtop:04000000" -> scheme medtop, code
 * 04000000; a literal is a code without a scheme. Repeats are dropped. */
static int read_subjects(struct g2 *g, struct version *v, xmlNode *cm)
{
	struct arena *a = g->r->versions.arena;
	for (xmlNode *c = xml_child(cm, "subject");
	     c && v->n_subjects < G2_MAX_SUBJECTS; c = xml_next(c, "subject")) {
		const char *q = xml_attr(g->r, c, "qcode");
		const char *code =
			q ? g2_code(q) : xml_attr(g->r, c, "literal");
		const char *scheme =
			q && code != q
				? arena_strndup(a, q, (size_t)(code - q - 1))
				: NULL;
		const char *name = xml_text(g->r, xml_child(c, "name"));
		if (code && !*code)
			code = NULL;
		if (!code && !name)
			continue;
		bool seen = false;
		for (size_t i = 0; i < v->n_subjects && !seen; i++) {
			const struct subject *s = &v->subjects[i];
			seen = code && s->code && !strcmp(s->code, code) &&
			       (!scheme == !s->scheme) &&
			       (!scheme || !strcmp(scheme, s->scheme));
		}
		if (!seen && version_add_subject(a, v, code, name, scheme))
			return oom(g);
	}
	return 0;
}

/* ------------------------------------------------------------------- item */

static int read_ids(struct g2 *g, struct version *v, xmlNode *item, xmlNode *im)
{
	struct arena *a = g->r->versions.arena;
	v->item_id = xml_attr(g->r, item, "guid");
	const char *ver = xml_attr(g->r, item, "version");
	int64_t n;
	if (ver && str_parse_i64(ver, &n) && n >= 0)
		v->item_version = n;
	else if (ver && version_add_warning(a, v,
					    "version \"%.40s\" is not a whole "
					    "number; ignored",
					    ver))
		return oom(g);
	for (xmlNode *l = xml_child(im, "link"); l; l = xml_next(l, "link")) {
		const char *rel = xml_attr(g->r, l, "rel");
		const char *ref = xml_attr(g->r, l, "residref");
		if (!ref)
			ref = xml_attr(g->r, l, "guidref");
		if (rel && str_eq_ci(g2_code(rel), "evolvedFrom") && ref &&
		    !(v->item_id && !strcmp(ref, v->item_id)))
			v->evolved_from = ref;
	}
	if (!g->o || !g->o->source)
		v->source = source_of(g, im, v->item_id);
	return 0;
}

int g2_read_meta(struct g2 *g, struct version *v, xmlNode *item,
		 const struct g2_body *b)
{
	struct parse_result *r = g->r;
	xmlNode *im = xml_child(item, "itemMeta");
	xmlNode *cm = xml_child(item, "contentMeta");
	int rc = read_ids(g, v, item, im);
	if (!rc)
		rc = read_status(g, v, im);
	if (!rc)
		rc = read_times(g, v, im, cm);
	if (!rc)
		rc = read_ednote(g, v, im);
	if (!rc)
		rc = read_subjects(g, v, cm);
	if (!rc)
		rc = read_slug(g, v, xml_text(r, xml_child(cm, "slugline")));
	if (rc)
		return rc;
	read_dateline(g, v, im, cm, b);
	const char *u = xml_text(r, xml_child(cm, "urgency"));
	int64_t n;
	if (u && str_parse_i64(u, &n) && n >= 1 && n <= 9)
		v->urgency = (int)n;
	else if (u && version_add_warning(r->versions.arena, v,
					  "urgency \"%.20s\" is not 1-9; "
					  "ignored",
					  u))
		return oom(g);
	if (!v->urgency)
		v->urgency = g->priority;
	v->byline = byline_of(g, v, cm, b);
	v->language = xml_attr(r, xml_child(cm, "language"), "tag");
	if (!v->language)
		v->language = xml_attr(r, item, "lang");
	if (!v->language)
		v->language = g->lang;
	const char *hl = g2_headline(g, cm);
	if (!hl)
		hl = b->headline;
	if (!hl) /* itemMeta <title>: the item's short name */
		hl = xml_text(r, xml_child(im, "title"));
	return fmt_apply_headline_marks(r, v, hl) ? oom(g) : 0;
}
