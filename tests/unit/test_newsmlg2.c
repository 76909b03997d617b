/* Unit tests for the NewsML-G2 parser: every field on invented fixtures
 * (tests/data/newsmlg2/), newsMessages with many items and their byte
 * ranges, skipped items, providers' local times, and hostile input. */
#include "formats/formats_int.h" /* newsmlg2_probe */
#include "text/text.h"

#include "common/fileio.h"
#include "test.h"
#include "test_fixture.h"

#include <stdlib.h>

/* Parses a fixture as NewsML-G2 (detected, so the probe is tested too). */
static int parse_file(const char *name, struct parse_result *r,
		      struct ow_err *err)
{
	return test_parse_fixture("newsmlg2", name, 0, FORMAT_UNKNOWN, r, err);
}

static int parse_mem(const char *buf, size_t len, struct parse_result *r,
		     struct ow_err *err)
{
	struct parse_opts o = {0};
	memset(err, 0, sizeof *err);
	return formats_parse(FORMAT_NEWSMLG2, buf, len, &o, r, err);
}

/* ----------------------------------------------------------------- fields */

static void test_item_full(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("item_full.xml", &r, &err), 0);
	CHECK_INT(r.format, FORMAT_NEWSMLG2);
	CHECK_INT(r.versions.n, 1);
	if (r.versions.n != 1)
		return;
	const struct version *v = r.versions.v[0];
	CHECK_STR(v->format, "newsmlg2");
	CHECK_STR(v->source, "Reuters");
	CHECK_STR(v->item_id, "tag:reuters.com,2015:newsml_TEST0001");
	CHECK(v->item_version == 1542761538LL);
	CHECK_STR(v->evolved_from, "tag:reuters.com,2015:newsml_TEST0000");
	/* sig:correction outranks the slug's writethru; the slug's mark and
	 * ordinal are kept; the headline's CORRECTED- is stripped */
	CHECK_INT(v->signal, SIGNAL_CORRECTION);
	CHECK_STR(v->mark, "2nd Ld-Writethru");
	CHECK_INT(v->mark_ordinal, 2);
	CHECK_STR(v->slug, "BC-EU--France-Bridge");
	CHECK_STR(v->headline,
		  "Old river bridge reopens after two-year repair");
	CHECK_INT(v->pubstatus, PUBSTATUS_USABLE);
	CHECK_INT(v->urgency, 2);
	CHECK_INT(v->priority, PRIORITY_BULLETIN);
	CHECK_STR(v->byline, "Claire Testard");
	CHECK_STR(v->dateline.place, "LYON, France");
	CHECK_STR(v->dateline.source, "Reuters");
	CHECK_STR(v->dateline.date, "Jan 10");
	CHECK_STR(v->language, "fr-FR");
	CHECK_INT(v->versioncreated, 1420878600); /* 09:30+01:00 */
	CHECK_INT(v->firstcreated, 1420874100);
	CHECK_INT(v->embargo, 1420891200);
	CHECK(!v->embargo_held);
	/* the private and non-public notes stay out */
	CHECK_STR(v->ednote,
		  "Corrects spelling of the mayor's name in paragraph 2");
	/* a repeated subject once; an empty one not at all */
	CHECK_INT(v->n_subjects, 2);
	CHECK_STR(v->subjects[0].scheme, "medtop");
	CHECK_STR(v->subjects[0].code, "20000106");
	CHECK_STR(v->subjects[0].name, "urban planning");
	CHECK_STR(v->subjects[1].code, "Bridges");
	CHECK(v->subjects[1].scheme == NULL);
	/* header, figure, repeated h1 and the end marker are not body */
	CHECK_INT(v->n_paras, 3);
	if (v->n_paras == 3) {
		CHECK_STR(v->paras[0].text,
			  "LYON, France, Jan 10 (Reuters) - The old river "
			  "bridge reopened on Saturday, the city said.");
		/* entities decoded exactly once */
		CHECK_STR(v->paras[1].text, "Mayor Jean Testard & his deputy "
					    "cut the ribbon at noon.");
		CHECK_STR(v->paras[2].text,
			  "Traffic will be limited to 3.5 tonnes <for now>.");
	}
	CHECK(v->body_html && strstr(v->body_html, "<b>cut the ribbon</b>"));
	CHECK(v->body_html && strstr(v->body_html, "&amp; his deputy"));
	CHECK(v->body_html && !strstr(v->body_html, "caption"));
	CHECK(v->body_html && !strstr(v->body_html, "Slug list"));
	CHECK_INT(v->word_count, 34);
	CHECK_INT(v->raw_off, 0);
	CHECK_INT(v->n_warnings, 0);
	parse_result_free(&r);
}

static void test_message(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	size_t len;
	char *buf = test_fixture("newsmlg2", "message_multi.xml", &len);
	CHECK(buf != NULL);
	if (!buf)
		return;
	CHECK_INT(parse_mem(buf, len, &r, &err), 0);
	CHECK_INT(r.versions.n, 2);
	CHECK_INT(r.n_skipped, 3);
	if (r.versions.n != 2 || r.n_skipped != 3) {
		free(buf);
		return;
	}
	CHECK(strstr(r.skipped[0].reason, "package item") != NULL);
	CHECK_STR(r.skipped[0].item_id, "tag:ap.org,2015:pkg-1");
	CHECK(strstr(r.skipped[1].reason, "picture item, not text copy"));
	CHECK_STR(r.skipped[1].item_id, "tag:ap.org,2015:photo-1");
	CHECK(strstr(r.skipped[2].reason, "remote only") != NULL);
	const struct version *a = r.versions.v[0], *b = r.versions.v[1];
	/* the partner's provider name is not an agency; the guid is AP's */
	CHECK_STR(a->source, "AP");
	CHECK_STR(a->item_id, "tag:ap.org,2015:text-1");
	CHECK_INT(a->item_version, 3);
	CHECK_STR(a->slug, "BC-US--Harbor-Storm");
	CHECK_STR(a->headline, "Storm closes harbor for second day");
	CHECK_STR(a->dateline.place, "PORTLAND, Maine");
	CHECK_STR(a->dateline.source, "AP"); /* from the text's dateline */
	CHECK_INT(a->urgency, 4);            /* the header's priority */
	CHECK_INT(a->n_paras, 2);
	if (a->n_paras == 2)
		CHECK_STR(a->paras[1].text, "Ferries will resume when the "
					    "wind drops, officials said.");
	CHECK_INT(a->versioncreated, 1420883940);
	/* inline text/plain, end marker dropped */
	CHECK_STR(b->headline, "Harbor advisory in plain text");
	CHECK_INT(b->n_paras, 2);
	if (b->n_paras == 2)
		CHECK_STR(b->paras[1].text,
			  "Boats must stay moored until Monday.");
	CHECK(b->body_html == NULL);
	/* each item's bytes, not the whole message */
	for (size_t i = 0; i < 2; i++) {
		const struct version *v = r.versions.v[i];
		CHECK(v->raw_off > 0 && v->raw_off + v->raw_len < len);
		CHECK(!strncmp(buf + v->raw_off, "<newsItem", 9));
		CHECK(!strncmp(buf + v->raw_off + v->raw_len - 11,
			       "</newsItem>", 11));
	}
	CHECK(!strncmp(buf + r.skipped[1].offset,
		       "<newsItem guid=\"tag:ap.org,"
		       "2015:photo-1\"",
		       38));
	parse_result_free(&r);
	free(buf);
}

static void test_prefixed_cancel(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("prefixed_cancel.xml", &r, &err), 0);
	CHECK_INT(r.format, FORMAT_NEWSMLG2);
	CHECK_INT(r.versions.n, 1);
	if (r.versions.n != 1)
		return;
	const struct version *v = r.versions.v[0];
	/* above INT32_MAX: a 64-bit integer, not a string */
	CHECK(v->item_version == 2978556838LL);
	CHECK_INT(v->pubstatus, PUBSTATUS_CANCELED);
	CHECK_INT(v->signal, SIGNAL_KILL);
	CHECK_STR(v->slug, "FRANCE-BRIDGE/");
	CHECK_STR(v->mark, "UPDATE 2");
	CHECK_INT(v->mark_ordinal, 2);
	CHECK_STR(v->headline,
		  "Old river bridge reopens after two-year repair");
	CHECK_INT(v->n_paras, 0);
	CHECK_INT(v->versioncreated, 1420963200);
	parse_result_free(&r);
}

static void test_local_times(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	/* BOM, <Header>/<Sent>, BusinessDesk: NZ local times */
	CHECK_INT(parse_file("scoop_local.xml", &r, &err), 0);
	CHECK_INT(r.format, FORMAT_NEWSMLG2);
	CHECK_INT(r.versions.n, 1);
	if (r.versions.n == 1) {
		const struct version *v = r.versions.v[0];
		CHECK_STR(v->source, "BusinessDesk");
		CHECK_INT(v->versioncreated, 1452555340); /* NZDT, +13 */
		CHECK_INT(v->firstcreated, 1467320400);   /* NZST, +12 */
		CHECK(v->embargo_held);                   /* empty embargoed */
		CHECK_INT(v->embargo, 0);
		CHECK(!test_has_warning(v, "read as UTC"));
		CHECK_INT(v->urgency, 5);
		CHECK_INT(v->n_paras, 2);
	}
	parse_result_free(&r);
	/* unknown provider: read as UTC, and said so */
	CHECK_INT(parse_file("local_nozone.xml", &r, &err), 0);
	CHECK_INT(r.versions.n, 1);
	if (r.versions.n == 1) {
		const struct version *v = r.versions.v[0];
		CHECK_STR(v->source, "ExampleWire");
		CHECK_INT(v->versioncreated, 1433160000);
		CHECK(test_has_warning(v,
				       "versionCreated \"2015-06-01T12:00:00\" "
				       "has no UTC offset; read as UTC"));
		CHECK_INT(v->item_version, -1);
		CHECK(test_has_warning(v, "version \"x7\""));
		CHECK(v->embargo_held);
		CHECK(test_has_warning(v, "embargo \"next Tuesday\""));
		CHECK_INT(v->pubstatus, PUBSTATUS_WITHHELD);
		CHECK_INT(v->urgency, 0);
		CHECK(test_has_warning(v, "urgency \"12\""));
		/* plain text with no blank line: indents start paragraphs */
		CHECK_INT(v->n_paras, 2);
		if (v->n_paras == 2)
			CHECK_STR(v->paras[0].text,
				  "First paragraph is indented and wraps "
				  "here.");
	}
	parse_result_free(&r);
}

/* Items without their own times: contentCreated, then the header's sent. */
static void test_time_fallbacks(void)
{
	struct parse_result r;
	struct ow_err err;
	const char *msg =
		"<newsMessage><header><sent>2015-01-10T10:00:00Z</sent>"
		"<sender>stt.fi</sender></header><itemSet>"
		"<newsItem guid=\"a\"><itemMeta><versionCreated/></itemMeta>"
		"<contentMeta><contentCreated>2015-01-10T11:00:00"
		"</contentCreated><headline>A</headline></contentMeta>"
		"</newsItem>"
		"<newsItem guid=\"b\"><itemMeta><versionCreated>soon"
		"</versionCreated></itemMeta><contentMeta><headline>B"
		"</headline></contentMeta></newsItem>"
		"</itemSet></newsMessage>";
	CHECK_INT(parse_mem(msg, strlen(msg), &r, &err), 0);
	CHECK_INT(r.versions.n, 2);
	if (r.versions.n == 2) {
		const struct version *a = r.versions.v[0], *b = r.versions.v[1];
		/* STT (the sender): Helsinki time, EET in January */
		CHECK_STR(a->source, "STT");
		CHECK_INT(a->versioncreated, 1420880400);
		CHECK_INT(a->firstcreated, 1420880400);
		CHECK_INT(b->versioncreated, 1420884000);
		CHECK(test_has_warning(b, "versionCreated \"soon\" is not a "
					  "date-time"));
	}
	parse_result_free(&r);
}

/* NITF supplies what the G2 metadata lacks; parse options win over the
 * provider; a subheadline is never the headline. */
static void test_nitf_and_options(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	const char *doc =
		"<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" "
		"guid=\"urn:newsml:afp.com:1\" version=\"4\"><itemMeta>"
		"<itemClass qcode=\"ninat:text\"/><provider "
		"literal=\"afp.com\"/>"
		"<title>Short title</title></itemMeta><contentMeta>"
		"<headline role=\"hld:subHeadline\">Sub only</headline>"
		"</contentMeta><contentSet><inlineXML contenttype="
		"\"application/nitf+xml\"><nitf><head><title>Head title</title>"
		"</head><body><body.head><hedline><hl1>Quake shakes coastal "
		"town</hl1></hedline></body.head><body.content><p>The quake "
		"struck at dawn.</p><p>No damage was reported.</p>"
		"</body.content></body></nitf></inlineXML></contentSet>"
		"</newsItem>";
	struct parse_opts o = {.source = "Operator Feed"};
	CHECK_INT(
		formats_parse(FORMAT_NEWSMLG2, doc, strlen(doc), &o, &r, &err),
		0);
	CHECK_INT(r.versions.n, 1);
	if (r.versions.n == 1) {
		const struct version *v = r.versions.v[0];
		CHECK_STR(v->source, "Operator Feed");
		CHECK_STR(v->headline, "Quake shakes coastal town");
		CHECK_INT(v->n_paras, 2);
		if (v->n_paras == 2)
			CHECK_STR(v->paras[1].text, "No damage was reported.");
	}
	parse_result_free(&r);
	/* without options: the provider's name from the table */
	CHECK_INT(parse_mem(doc, strlen(doc), &r, &err), 0);
	if (r.versions.n == 1)
		CHECK_STR(r.versions.v[0]->source, "AFP");
	parse_result_free(&r);
}

static void test_zone_helper(void)
{
	int64_t t = 0;
	CHECK(time_parse_iso_in_zone("2016-01-12 12:35:40", "Pacific/Auckland",
				     &t));
	CHECK_INT(t, 1452555340);
	CHECK(time_parse_iso_in_zone("2019-04-15T13:49:15", "Europe/Helsinki",
				     &t));
	CHECK_INT(t, 1555325355);
	/* an offset in the text wins over the zone */
	CHECK(time_parse_iso_in_zone("2015-01-10T09:30:00+01:00",
				     "Pacific/Auckland", &t));
	CHECK_INT(t, 1420878600);
	CHECK(!time_parse_iso_in_zone("2015-01-10 09:30", "Nowhere/Atlantis",
				      &t));
	CHECK(!time_parse_iso_in_zone("2015-01-10 09:30", "../../etc/passwd",
				      &t));
	CHECK(!time_parse_iso_in_zone("not a time", "Europe/Helsinki", &t));
	/* TZ is left as it was */
	CHECK(getenv("TZ") == NULL);
}

static void test_table(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("table.xml", &r, &err), 0);
	CHECK_INT(r.versions.n, 1);
	if (r.versions.n != 1)
		return;
	const struct version *v = r.versions.v[0];
	CHECK_INT(v->n_paras, 2);
	if (v->n_paras == 2) {
		CHECK_INT(v->paras[0].kind, PARA_PRE);
		CHECK_INT(v->paras[1].kind, PARA_PRE);
		CHECK_STR(v->paras[0].text,
			  "Mar 1 (Reuters) - Results from Sunday\n"
			  "North Town       2 South Rovers     1\n"
			  "East United      0 West Athletic    0");
		CHECK_STR(v->paras[1].text,
			  "   Standings       P  W  D L  Pts\n"
			  "1  North Town      9  7  1 1  22");
	}
	CHECK(v->body_html && !strncmp(v->body_html, "<pre>", 5));
	CHECK_INT(v->signal, SIGNAL_NEW);
	parse_result_free(&r);
}

static void test_probe(void)
{
	static const struct {
		const char *file;
		int min, max;
	} cases[] = {
		{"item_full.xml", 95, 95},       {"message_multi.xml", 95, 95},
		{"prefixed_cancel.xml", 95, 95}, {"scoop_local.xml", 95, 95},
		{"bad_fragment.xml", 15, 15},    {"bad_newsml12.xml", 0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t len;
		char *buf = test_fixture("newsmlg2", cases[i].file, &len);
		CHECK(buf != NULL);
		if (!buf)
			continue;
		int p = newsmlg2_probe(buf, len);
		if (p < cases[i].min || p > cases[i].max)
			fprintf(stderr, "probe %s = %d\n", cases[i].file, p);
		CHECK(p >= cases[i].min && p <= cases[i].max);
		free(buf);
	}
	const char *bare = "<newsMessage><itemSet/></newsMessage>";
	CHECK_INT(newsmlg2_probe(bare, strlen(bare)), 80);
	CHECK_INT(newsmlg2_probe("{\"headline\":1}", 14), 0);
	CHECK_INT(newsmlg2_probe("", 0), 0);
	CHECK_INT(newsmlg2_probe("<newsI", 6), 0);
}

/* ----------------------------------------------------------------- errors */

static void test_rejected(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("bad_fragment.xml", &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "<contentMeta>, a fragment") != NULL);
	size_t len;
	char *buf = test_fixture("newsmlg2", "bad_newsml12.xml", &len);
	if (buf) {
		CHECK_INT(parse_mem(buf, len, &r, &err), OW_EPARSE);
		CHECK(strstr(err.msg, "NewsML 1.x, not NewsML-G2") != NULL);
		free(buf);
	}
	const char *pkg = "<packageItem xmlns=\"http://iptc.org/std/nar/"
			  "2006-10-01/\" guid=\"p1\"><itemMeta/></packageItem>";
	CHECK_INT(parse_mem(pkg, strlen(pkg), &r, &err), 0);
	CHECK_INT(r.versions.n, 0);
	CHECK_INT(r.n_skipped, 1);
	parse_result_free(&r);
	const char *nothing = "<newsMessage><header/><itemSet/></newsMessage>";
	CHECK_INT(parse_mem(nothing, strlen(nothing), &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "holds no newsItem") != NULL);
	const char *noset = "<newsMessage><header/></newsMessage>";
	CHECK_INT(parse_mem(noset, strlen(noset), &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "has no itemSet") != NULL);
	const char *other = "<rss><channel/></rss>";
	CHECK_INT(parse_mem(other, strlen(other), &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "not a NewsML-G2 item") != NULL);
}

#define G2_OPEN                                                                \
	"<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"h1\" " \
	"version=\"1\"><itemMeta><itemClass qcode=\"ninat:text\"/>"            \
	"</itemMeta><contentMeta><headline>"

static void test_hostile(void)
{
	struct parse_result r;
	struct ow_err err;
	/* billion laughs */
	const char *laughs =
		"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
		"<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
		"<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
		"<newsItem><contentMeta><headline>&lol3;</headline>"
		"</contentMeta></newsItem>";
	CHECK_INT(parse_mem(laughs, strlen(laughs), &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "entity declarations are refused") != NULL);
	CHECK_INT(err.line, 1);
	/* an external entity to /etc/passwd */
	const char *xxe =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE x [\n<!ENTITY xxe SYSTEM "
		"\"file:///etc/passwd\">]>\n" G2_OPEN
		"&xxe;</headline></contentMeta></newsItem>";
	CHECK_INT(parse_mem(xxe, strlen(xxe), &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "entity declarations are refused") != NULL);
	CHECK_INT(err.line, 3);
	CHECK_INT(r.versions.n, 0);
	/* the same behind a comment longer than xml_read's 64 KB look */
	size_t pad = 70000;
	char *late = malloc(pad + 512);
	if (late) {
		size_t o = (size_t)snprintf(late, 16, "<!--");
		memset(late + o, 'x', pad);
		o += pad;
		o += (size_t)snprintf(late + o, 512, "%s",
				      "-->\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "
				      "\"file:///etc/passwd\">]>\n" G2_OPEN
				      "&xxe;</headline></contentMeta>"
				      "</newsItem>");
		CHECK_INT(parse_mem(late, o, &r, &err), OW_EPARSE);
		CHECK(strstr(err.msg, "entity declarations are refused"));
		CHECK_INT(err.line, 2);
		free(late);
	}
	/* 10,000 levels of nesting: libxml2's depth limit, a clear error */
	size_t depth = 10000;
	char *deep = malloc(depth * 13 + 256);
	if (deep) {
		size_t o = (size_t)snprintf(deep, 256, "%s", G2_OPEN "x");
		o += (size_t)snprintf(deep + o, 64,
				      "</headline></contentMeta>");
		for (size_t i = 0; i < depth; i++)
			o += (size_t)snprintf(deep + o, 8, "<d>");
		for (size_t i = 0; i < depth; i++)
			o += (size_t)snprintf(deep + o, 8, "</d>");
		o += (size_t)snprintf(deep + o, 16, "</newsItem>");
		CHECK_INT(parse_mem(deep, o, &r, &err), OW_EPARSE);
		CHECK(strstr(err.msg, "XML error at line 1") != NULL);
		free(deep);
	}
	/* a NUL byte inside the headline */
	char nul[] = G2_OPEN "bad\0byte</headline></contentMeta></newsItem>";
	CHECK_INT(parse_mem(nul, sizeof nul - 1, &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "newsmlg2: XML error at line") != NULL);
	/* truncated */
	size_t len;
	char *full = test_fixture("newsmlg2", "item_full.xml", &len);
	if (full) {
		CHECK_INT(parse_mem(full, len / 2, &r, &err), OW_EPARSE);
		CHECK(strstr(err.msg, "XML error at line") != NULL);
		CHECK(err.line > 10);
		free(full);
	}
	/* empty, and control bytes only */
	CHECK_INT(parse_mem("", 0, &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "empty input") != NULL);
	const char ctl[] = "\x01\x02\x03\x04\x1b\x7f\x05\x06";
	CHECK_INT(parse_mem(ctl, sizeof ctl - 1, &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "XML error") != NULL);
	CHECK_INT(newsmlg2_probe(ctl, sizeof ctl - 1), 0);
}

static void test_charsets(void)
{
	struct parse_result r;
	struct ow_err err;
	/* declared UTF-8, really Latin-1: re-read as Windows-1252, warned */
	const char *latin = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" G2_OPEN
			    "Caf\xe9 reopens</headline></contentMeta>"
			    "</newsItem>";
	CHECK_INT(parse_mem(latin, strlen(latin), &r, &err), 0);
	CHECK_INT(r.n_warnings, 1);
	if (r.n_warnings)
		CHECK(strstr(r.warnings[0], "declared UTF-8") != NULL);
	if (r.versions.n)
		CHECK_STR(r.versions.v[0]->headline, "Caf\xc3\xa9 reopens");
	parse_result_free(&r);
	/* declared Latin-1 and so it is: no warning */
	const char *iso =
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" G2_OPEN
		"Caf\xe9 reopens</headline></contentMeta></newsItem>";
	CHECK_INT(parse_mem(iso, strlen(iso), &r, &err), 0);
	CHECK_INT(r.n_warnings, 0);
	if (r.versions.n)
		CHECK_STR(r.versions.v[0]->headline, "Caf\xc3\xa9 reopens");
	parse_result_free(&r);
	/* declared something else that does not fit: an error, not a guess */
	const char *koi = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>" G2_OPEN
			  "x</headline></contentMeta></newsItem>";
	CHECK_INT(parse_mem(koi, strlen(koi), &r, &err), OW_EPARSE);
}

/* A newsMessage of tiny items: bounded by FORMATS_MAX_ITEMS before any
 * tree is built; a smaller one parses with a byte range per item. */
static char *tiny_items(size_t n, size_t *len)
{
	static const char item[] =
		"<newsItem guid=\"g\"><contentMeta><headline>h</headline>"
		"</contentMeta></newsItem>";
	size_t cap = 64 + n * (sizeof item - 1);
	char *b = malloc(cap);
	if (!b)
		return NULL;
	size_t o = (size_t)snprintf(b, cap, "<newsMessage><itemSet>");
	for (size_t i = 0; i < n; i++) {
		memcpy(b + o, item, sizeof item - 1);
		o += sizeof item - 1;
	}
	o += (size_t)snprintf(b + o, cap - o, "</itemSet></newsMessage>");
	*len = o;
	return b;
}

static void test_many_items(void)
{
	struct parse_result r;
	struct ow_err err;
	size_t len;
	char *big = tiny_items(200000, &len);
	CHECK(big != NULL);
	if (big) {
		CHECK_INT(parse_mem(big, len, &r, &err), OW_ETOOBIG);
		CHECK(strstr(err.msg, "more than 100000 items") != NULL);
		free(big);
	}
	/* millions of tiny nodes in one item: refused before libxml2 builds
	 * a tree of them */
	size_t n = 4000001;
	char *nodes = malloc(n * 4 + 64);
	if (nodes) {
		size_t o = (size_t)snprintf(nodes, 64, "<newsItem><itemMeta>");
		for (size_t i = 0; i < n; i++, o += 4)
			memcpy(nodes + o, "<a/>", 4);
		o += (size_t)snprintf(nodes + o, 64, "</itemMeta></newsItem>");
		CHECK_INT(parse_mem(nodes, o, &r, &err), OW_ETOOBIG);
		CHECK(strstr(err.msg, "more than 4000000 elements, "
				      "attributes and comments"));
		free(nodes);
	}
	char *small = tiny_items(1000, &len);
	if (small) {
		CHECK_INT(parse_mem(small, len, &r, &err), 0);
		CHECK_INT(r.versions.n, 1000);
		if (r.versions.n == 1000) {
			const struct version *v = r.versions.v[999];
			CHECK_INT(v->raw_len, 79);
			CHECK_INT(v->raw_off, 22 + 999 * 79);
			CHECK_STR(v->headline, "h");
		}
		parse_result_free(&r);
		free(small);
	}
}

int main(void)
{
	RUN(test_item_full);
	RUN(test_message);
	RUN(test_prefixed_cancel);
	RUN(test_local_times);
	RUN(test_time_fallbacks);
	RUN(test_nitf_and_options);
	RUN(test_zone_helper);
	RUN(test_table);
	RUN(test_probe);
	RUN(test_rejected);
	RUN(test_hostile);
	RUN(test_charsets);
	RUN(test_many_items);
	return TEST_REPORT();
}
