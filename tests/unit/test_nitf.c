/* Unit tests for the NITF parser (src/formats/nitf*.c): every field, the
 * charset repairs, namespaced NITF, statuses and embargoes, sign-offs,
 * nitf_read_inline, the shared helpers, and hostile input. */
#include "formats/nitf_int.h"

#include "common/fileio.h"
#include "test.h"
#include "test_fixture.h"

#include <stdlib.h>

static int parse_file(const char *name, struct parse_result *r,
		      struct ow_err *err)
{
	return test_parse_fixture("nitf", name, 0, FORMAT_UNKNOWN, r, err);
}

static int parse_str(const char *s, size_t len, struct parse_result *r,
		     struct ow_err *err)
{
	struct parse_opts o = {0};
	ow_err_clear(err);
	return formats_parse(FORMAT_NITF, s, len, &o, r, err);
}

static bool has_input_warning(const struct parse_result *r, const char *needle)
{
	for (size_t i = 0; i < r->n_warnings; i++)
		if (strstr(r->warnings[i], needle))
			return true;
	return false;
}

/* ------------------------------------------------------------------ probe */

static void test_probe(void)
{
	const char *plain = "<?xml version=\"1.0\"?>\n<nitf><head/></nitf>";
	const char *ns =
		"<nitf xmlns=\"http://iptc.org/std/NITF/2006-10-18/\">";
	const char *g2 =
		"<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">"
		"<inlineXML><nitf/></inlineXML></newsItem>";
	const char *nml = "<NewsML><NewsItem/></NewsML>";
	CHECK_INT(nitf_probe(plain, strlen(plain)), 95);
	CHECK_INT(nitf_probe(ns, strlen(ns)), 95);
	CHECK_INT(nitf_probe(g2, strlen(g2)), 0);
	CHECK_INT(nitf_probe(nml, strlen(nml)), 0);
	CHECK_INT(nitf_probe("{\"headline\":1}", 14), 0);
	CHECK_INT(nitf_probe("", 0), 0);
	/* never reads past len: the root name is cut where the bytes end */
	CHECK_INT(nitf_probe(plain, 25), 0);
}

/* ------------------------------------------------------------ every field */

static void test_full(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("full.xml", &r, &err), 0);
	CHECK_INT(r.format, FORMAT_NITF);
	CHECK_INT(r.versions.n, 1);
	const struct version *v = r.versions.v[0];
	CHECK_STR(v->format, "nitf");
	CHECK_STR(v->source, "TW");
	CHECK_STR(v->item_id, "tw.2015.0110.0042");
	CHECK_INT(v->item_version, 3);
	CHECK_STR(v->headline, "Harbour bridge reopens after repairs");
	CHECK_STR(v->slug, "Bridge Reopens");
	/* the take key is the version's mark */
	CHECK_INT(v->signal, SIGNAL_WRITETHRU);
	CHECK_STR(v->mark, "1stLd-Writethru");
	CHECK_INT(v->mark_ordinal, 1);
	CHECK_INT(v->urgency, 2);
	CHECK_INT(v->priority, PRIORITY_BULLETIN);
	CHECK_STR(v->byline, "Ana Test");
	CHECK_STR(v->dateline.place, "MIRAVAL");
	CHECK_STR(v->dateline.date, "Jan. 10");
	CHECK_STR(v->dateline.source, "Testwire");
	CHECK_STR(v->language, "en-GB");
	CHECK_STR(v->ednote, "Updates with mayor's comment");
	CHECK_INT(v->versioncreated, 1420877520); /* 2015-01-10T08:12:00Z */
	CHECK_INT(v->firstcreated, 1420869600);   /* 2015-01-10T06:00:00Z */
	CHECK_INT(v->embargo, 0);
	CHECK_INT(v->pubstatus, PUBSTATUS_USABLE);
	CHECK_INT(v->n_subjects, 5);
	CHECK_STR(v->subjects[0].code, "a");
	CHECK_STR(v->subjects[0].scheme, "category");
	CHECK_STR(v->subjects[1].code, "11000000");
	CHECK_STR(v->subjects[1].name, "Politics");
	CHECK_STR(v->subjects[1].scheme, "iptc");
	CHECK_STR(v->subjects[2].scheme, "TESTWIRE");
	CHECK_STR(v->subjects[3].name, "bridges");
	CHECK_STR(v->subjects[3].scheme, "keyword");
	/* media caption, sign-off and tagline are not body text; the <br/>
	 * line wrap is joined; entities are decoded once */
	CHECK_INT(v->n_paras, 6);
	CHECK_STR(v->paras[0].text,
		  "MIRAVAL, Jan. 10 (Testwire) -- The harbour bridge reopened "
		  "on Saturday after three weeks of repairs.");
	CHECK_STR(v->paras[1].text,
		  "The mayor said the work had come in on budget & on time.");
	CHECK_STR(v->paras[2].text, "Tolls");
	CHECK_STR(v->paras[3].text, "Tolls stay at 2 crowns <for now>.");
	CHECK_INT(v->paras[4].kind, PARA_PRE);
	CHECK(strstr(v->paras[4].text, "North  Yes") != NULL);
	CHECK_INT(v->paras[5].kind, PARA_PRE);
	CHECK_STR(v->paras[5].text, "CAR   2.00\nTRUCK 5.00");
	CHECK(strstr(v->body_html, "<b>three weeks</b>") != NULL);
	CHECK(strstr(v->body_html, "<p><b>Tolls</b></p>") != NULL);
	CHECK(strstr(v->body_html, "&lt;for now&gt;") != NULL);
	CHECK(strstr(v->body_html, "dawn") == NULL);
	CHECK(strstr(v->body_html, "AFP ab") == NULL);
	CHECK(strstr(v->body_html, "Reporting by") == NULL);
	CHECK_INT(v->raw_off, 0);
	CHECK(v->raw_len > 2000);
	CHECK_INT(v->n_warnings, 0);
	parse_result_free(&r);
}

static void test_title_pre(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("title-pre.xml", &r, &err), 0);
	const struct version *v = r.versions.v[0];
	CHECK_STR(v->headline, "1 SOCCER Cup-Teams"); /* no body.head */
	CHECK_STR(v->slug, "900001T");                /* du-key key */
	CHECK_STR(v->source, "TW");                   /* del-list from-src */
	CHECK_INT(v->priority, PRIORITY_URGENT);
	CHECK_INT(v->n_paras, 1);
	CHECK_INT(v->paras[0].kind, PARA_PRE);
	CHECK_STR(v->paras[0].text, "Cup Final\nRovers v United\nRovers: "
				    "Keeper, Back, Back,\nMid, Mid, Forward.");
	parse_result_free(&r);
}

/* --------------------------------------------------------------- charsets */

static void test_charsets(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("latin1.xml", &r, &err), 0);
	CHECK_STR(r.versions.v[0]->headline,
		  "Caf\xc3\xa9 prices rise to \xc2\xa3"
		  "3");
	CHECK_STR(r.versions.v[0]->paras[0].text,
		  "A coffee at the caf\xc3\xa9 now costs \xc2\xa3"
		  "3, up from \xc2\xa3"
		  "2.50.");
	CHECK_INT(r.versions.v[0]->versioncreated, 1420966800);
	CHECK_INT(r.n_warnings, 0);
	parse_result_free(&r);

	CHECK_INT(parse_file("mislabelled-utf8.xml", &r, &err), 0);
	CHECK_STR(r.versions.v[0]->headline,
		  "Caf\xc3\xa9 prices rise to \xc2\xa3"
		  "3");
	CHECK(has_input_warning(&r, "declared iso-8859-1 but the bytes are "
				    "UTF-8"));
	parse_result_free(&r);

	/* declared UTF-8, Latin-1 bytes: read as Windows-1252, warned */
	CHECK_INT(parse_file("utf8-declared-latin1.xml", &r, &err), 0);
	CHECK_STR(r.versions.v[0]->headline, "Caf\xc3\xa9 prices rise");
	CHECK_STR(r.versions.v[0]->paras[0].text,
		  "Declared UTF-8, written in Latin-1: caf\xc3\xa9, \xc2\xa3"
		  "3.");
	CHECK(has_input_warning(&r, "not valid UTF-8; read as Windows-1252"));
	parse_result_free(&r);

	CHECK_INT(parse_file("cp1252-as-latin1.xml", &r, &err), 0);
	CHECK_STR(r.versions.v[0]->headline,
		  "Mayor says \xe2\x80\x9cyes\xe2\x80\x9d");
	CHECK(has_input_warning(&r, "read as windows-1252"));
	parse_result_free(&r);
}

/* ------------------------------------------------------ variants of NITF */

static void test_no_declaration(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("no-decl.xml", &r, &err), 0);
	const struct version *v = r.versions.v[0];
	CHECK_STR(v->headline, "No declaration here");
	CHECK_STR(v->byline, "JO EXAMPLE");
	CHECK_STR(v->dateline.place, "KESTREL BAY");
	CHECK_STR(v->dateline.date, "Jan 9");
	CHECK_STR(v->dateline.source, "TW");
	CHECK_STR(v->source, "TW"); /* from the dateline: nothing better */
	CHECK_INT(v->n_paras, 1);   /* "ends" dropped */
	CHECK_STR(v->paras[0].text, "Plain first paragraph.");
	parse_result_free(&r);
}

static void test_namespaced(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("namespaced.xml", &r, &err), 0);
	const struct version *v = r.versions.v[0];
	CHECK_STR(v->headline, "Namespaced story headline");
	CHECK_STR(v->source, "TW");
	CHECK_INT(v->versioncreated, 1562126712);
	CHECK_INT(v->n_paras, 2);
	CHECK_STR(v->paras[1].text, "Second namespaced paragraph.");
	parse_result_free(&r);

	CHECK_INT(parse_file("prefixed.xml", &r, &err), 0);
	v = r.versions.v[0];
	CHECK_STR(v->headline, "Prefixed story headline");
	CHECK_INT(v->n_paras, 2);
	/* local names in the sanitised HTML, never "n:p" */
	CHECK_STR(v->body_html, "<p>First prefixed paragraph.</p><p>Second "
				"prefixed paragraph.</p>");
	parse_result_free(&r);
}

static void test_status(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("embargoed.xml", &r, &err), 0);
	const struct version *v = r.versions.v[0];
	CHECK_INT(v->embargo, 1473375660); /* 2016-09-08T23:01:00Z */
	CHECK(!v->embargo_held);
	CHECK_INT(v->pubstatus, PUBSTATUS_USABLE);
	CHECK_STR(v->ednote, "Embargoed to 0001 Friday");
	parse_result_free(&r);

	CHECK_INT(parse_file("embargo-held.xml", &r, &err), 0);
	v = r.versions.v[0];
	CHECK(v->embargo_held);
	CHECK_INT(v->embargo, 0);
	CHECK(test_has_warning(v, "held until released by hand"));
	CHECK(test_has_warning(v,
			       "date.release \"YYYYMMDD000000-HHMM\" is not a "
			       "date"));
	parse_result_free(&r);

	/* canceled: a kill, even without a body (DOCTYPE is not loaded) */
	CHECK_INT(parse_file("canceled.xml", &r, &err), 0);
	v = r.versions.v[0];
	CHECK_INT(v->pubstatus, PUBSTATUS_CANCELED);
	CHECK_INT(v->signal, SIGNAL_KILL);
	CHECK_STR(v->evolved_from, "tw.77.a");
	CHECK_STR(v->ednote, "KILL: story withdrawn, legal advice");
	CHECK_INT(v->n_paras, 0);
	parse_result_free(&r);
}

static void test_odd_dates(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("odd-dates.xml", &r, &err), 0);
	const struct version *v = r.versions.v[0];
	CHECK_INT(v->versioncreated, 1203375600); /* 2008-02-19 00:00 +0100 */
	CHECK_INT(v->firstcreated, 1203336000);   /* read as UTC */
	CHECK_INT(v->item_version, -1);
	CHECK_INT(v->urgency, 0);
	CHECK(test_has_warning(v, "du-key version \"v2\" is not a number"));
	CHECK(test_has_warning(v,
			       "date.expire \"YYYYMMDD000000-HHMM\" is not a "
			       "date"));
	CHECK(test_has_warning(v, "urgency \"12\" is not 1..9"));
	CHECK(test_has_warning(v, "has no UTC offset; read as UTC"));
	parse_result_free(&r);
}

static void test_signoffs(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("signoffs.xml", &r, &err), 0);
	const struct version *v = r.versions.v[0];
	CHECK_INT(v->n_paras, 1);
	CHECK_STR(v->body_html, "<p>The only real paragraph.</p>");
	CHECK_STR(v->dateline.place, "SYDNEY");
	CHECK_STR(v->dateline.date, "March 22");
	CHECK_STR(v->dateline.source, "TW");
	parse_result_free(&r);

	CHECK(nitf_is_signoff("AAP RTV ar"));
	CHECK(nitf_is_signoff("AFP sn"));
	CHECK(nitf_is_signoff("hh/ph/ts/hd"));
	CHECK(nitf_is_signoff("bur-dar-gl/fz"));
	CHECK(nitf_is_signoff("/ritzau/"));
	CHECK(nitf_is_signoff("(\xc2\xa9NTB)"));
	CHECK(nitf_is_signoff("(c) AAP 2015"));
	CHECK(nitf_is_signoff("ends"));
	CHECK(nitf_is_signoff("-0-"));
	CHECK(!nitf_is_signoff("NEW YORK"));
	CHECK(!nitf_is_signoff("AP says the talks ended."));
	CHECK(!nitf_is_signoff("Happy fishing everybody!"));
	CHECK(!nitf_is_signoff("well-known"));
	CHECK(!nitf_is_signoff(""));
	CHECK(!nitf_is_signoff(NULL));
}

static void test_empty_story(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("empty-story.xml", &r, &err), OW_EPARSE);
	CHECK_STR(err.msg,
		  "nitf item tw-empty has neither a headline nor a body");
	CHECK_INT(r.versions.n, 0);
}

/* ---------------------------------------------------------------- helpers */

static void test_helpers(void)
{
	struct parse_result r = {0};
	CHECK_INT(vlist_init(&r.versions), 0);
	struct version *v = version_new(r.versions.arena);
	int64_t t = 0;
	CHECK(nitf_time(&r, v, "a", "20150110T081200Z", &t));
	CHECK_INT(t, 1420877520);
	CHECK(nitf_time(&r, v, "b", "20131020T192751+1100", &t));
	CHECK_INT(t, 1382257671);
	CHECK(nitf_time(&r, v, "c", "2016-05-24 20:53:25+00:00", &t));
	CHECK_INT(t, 1464123205);
	CHECK(nitf_time(&r, v, "d", "20080219+0100", &t));
	CHECK_INT(t, 1203375600);
	CHECK_INT(v->n_warnings, 0);
	CHECK(!nitf_time(&r, v, "e", "YYYYMMDD000000-HHMM", &t));
	CHECK_INT(v->n_warnings, 1);
	CHECK(!nitf_time(&r, v, "f", NULL, &t));
	CHECK(!nitf_time(&r, v, "g", "", &t));
	CHECK(nitf_time(&r, v, "h", "2020-09-07T14:45:26", &t));
	CHECK_INT(v->n_warnings, 2);

	struct dateline d = {0};
	nitf_dateline_text(&r, &d,
			   "Gaza City, Palestinian Territories, May 16, 2021 "
			   "(AFP) -");
	CHECK_STR(d.place, "Gaza City, Palestinian Territories");
	CHECK_STR(d.date, "May 16, 2021");
	CHECK_STR(d.source, "AFP");
	memset(&d, 0, sizeof d);
	nitf_dateline_text(&r, &d, "4/4/2018");
	CHECK(d.place == NULL);
	CHECK_STR(d.date, "4/4/2018");
	memset(&d, 0, sizeof d);
	nitf_dateline_text(&r, &d, "ROUND ROCK, Texas");
	CHECK_STR(d.place, "ROUND ROCK, Texas");
	CHECK(d.date == NULL);
	memset(&d, 0, sizeof d);
	nitf_dateline_text(&r, &d, "NEW YORK (AP) \xe2\x80\x94");
	CHECK_STR(d.place, "NEW YORK");
	CHECK_STR(d.source, "AP");
	/* only empty parts are filled */
	nitf_dateline_text(&r, &d, "BOSTON, Jan 3 (UPI) -");
	CHECK_STR(d.place, "NEW YORK");
	CHECK_STR(d.date, "Jan 3");
	nitf_dateline_text(&r, &d, "---");
	nitf_dateline_text(&r, &d, "");

	CHECK_STR(nitf_byline_clean(&r, "By Jo Example"), "Jo Example");
	CHECK_STR(nitf_byline_clean(&r, "BY JO"), "JO");
	CHECK_STR(nitf_byline_clean(&r, "Byron Example"), "Byron Example");
	CHECK_STR(nitf_lang(&r, "EN-GB"), "en-GB");

	for (int i = 0; i < NITF_MAX_SUBJECTS + 10; i++) {
		char code[16];
		snprintf(code, sizeof code, "%08d", i);
		CHECK_INT(nitf_add_subject(&r, v, code, NULL, "iptc"), 0);
	}
	CHECK_INT(nitf_add_subject(&r, v, "00000001", NULL, "iptc"), 0);
	CHECK_INT(v->n_subjects, NITF_MAX_SUBJECTS);
	vlist_free(&r.versions);
}

/* ------------------------------------------------------------ inline NITF */

static void test_inline(void)
{
	static const char doc[] =
		"<wrap><nitf><head><title>Title only</title></head>"
		"<body><body.head><hedline><hl1>URGENT: Inline headline</hl1>"
		"</hedline><byline>By Jo</byline>"
		"<dateline><location><city>Portmere</city></location>"
		"</dateline></body.head>"
		"<body.content><p>One.</p><media><media-caption>Cap"
		"</media-caption></media><p>Two.</p></body.content>"
		"</body></nitf></wrap>";
	struct parse_result r = {0};
	struct ow_err err = {0};
	CHECK_INT(vlist_init(&r.versions), 0);
	xmlDocPtr d;
	CHECK_INT(xml_read(doc, strlen(doc), "test", &d, &err), 0);
	xmlNode *nitf = xml_find(xmlDocGetRootElement(d), "nitf");

	struct version *v = version_new(r.versions.arena);
	CHECK_INT(nitf_read_inline(&r, v, nitf, &err), 0);
	CHECK_STR(v->headline, "Inline headline");
	CHECK_INT(v->priority, PRIORITY_URGENT);
	CHECK_STR(v->byline, "Jo");
	CHECK_STR(v->dateline.place, "Portmere");
	CHECK_INT(v->n_paras, 2);
	CHECK_STR(v->paras[1].text, "Two.");
	/* the caller's tree is left as it was: the media is still there */
	CHECK(xml_find(nitf, "media") != NULL);

	/* fields the caller set are kept */
	v = version_new(r.versions.arena);
	v->headline = "From the envelope";
	v->byline = "Envelope Byline";
	CHECK_INT(nitf_read_inline(&r, v, xml_find(nitf, "body"), &err), 0);
	CHECK_STR(v->headline, "From the envelope");
	CHECK_STR(v->byline, "Envelope Byline");
	CHECK_INT(v->n_paras, 2);

	v = version_new(r.versions.arena);
	CHECK_INT(nitf_read_inline(&r, v, xml_find(nitf, "body.content"), &err),
		  0);
	CHECK(v->headline == NULL);
	CHECK_INT(v->n_paras, 2);
	CHECK_INT(nitf_read_inline(&r, v, NULL, &err), 0);
	xmlFreeDoc(d);
	vlist_free(&r.versions);
}

/* ---------------------------------------------------------------- hostile */

/* A NITF whose body.content nests `depth` blocks (returns owned). */
static char *nested(size_t depth, const char *head, size_t *len)
{
	size_t cap = depth * 15 + strlen(head) + 128, n = 0;
	char *s = malloc(cap);
	n += (size_t)snprintf(s, cap, "<nitf><body>%s<body.content>", head);
	for (size_t i = 0; i < depth; i++, n += 7)
		memcpy(s + n, "<block>", 7);
	memcpy(s + n, "<p>x</p>", 8);
	n += 8;
	for (size_t i = 0; i < depth; i++, n += 8)
		memcpy(s + n, "</block>", 8);
	n += (size_t)snprintf(s + n, cap - n, "</body.content></body></nitf>");
	*len = n;
	return s;
}

static void test_hostile(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	static const char laughs[] =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE nitf [\n"
		" <!ENTITY lol \"lol\">\n"
		" <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
		" <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n]>\n"
		"<nitf><body><body.head><hedline><hl1>&lol3;</hl1></hedline>"
		"</body.head></body></nitf>";
	CHECK_INT(parse_str(laughs, strlen(laughs), &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "nitf: entity declarations are refused") != NULL);
	CHECK_INT(err.line, 3);

	static const char xxe[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE nitf [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> "
		"]>\n<nitf><body><body.head><hedline><hl1>&xxe;</hl1>"
		"</hedline></body.head></body></nitf>";
	CHECK_INT(parse_str(xxe, strlen(xxe), &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "entity declarations are refused") != NULL);
	CHECK(strstr(err.msg, "root:") == NULL);

	/* 10,000 levels: libxml2's depth limit answers, not the stack */
	size_t n;
	char *deep = nested(10000, "", &n);
	CHECK_INT(parse_str(deep, n, &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "Excessive depth") != NULL);
	CHECK_INT(err.line, 1);
	free(deep);

	static const char nul[] = "<nitf><body><body.head><hedline><hl1>A\0B"
				  "</hl1></hedline></body.head></body></nitf>";
	CHECK_INT(parse_str(nul, sizeof nul - 1, &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "NUL byte in the document") != NULL);
	CHECK_INT(err.offset, 38);

	static const char cut[] = "<?xml version=\"1.0\"?>\n<nitf>\n<body>\n"
				  "<body.head><hedline><hl1>Cut off";
	CHECK_INT(parse_str(cut, strlen(cut), &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "nitf: XML error at line 4") != NULL);
	CHECK_INT(err.line, 4);

	CHECK_INT(parse_str("", 0, &r, &err), OW_EPARSE);
	CHECK_STR(err.msg, "nitf: no XML document (the input is empty)");
	static const char ctl[] = "\x01\x02\x03\x1b\x7f\x05\r\n";
	CHECK_INT(parse_str(ctl, sizeof ctl - 1, &r, &err), OW_EPARSE);
	CHECK_STR(err.msg, "nitf: no XML document (the input is blank or "
			   "control bytes only)");

	/* control bytes inside text are not XML: a clear error */
	static const char inner[] =
		"<nitf><body><body.head><hedline><hl1>A\x01"
		"B</hl1></hedline></body.head></body></nitf>";
	CHECK_INT(parse_str(inner, strlen(inner), &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "nitf: XML error at line 1") != NULL);

	/* an unknown declared charset: libxml2's refusal, with the line */
	static const char unk[] = "<?xml version=\"1.0\" encoding=\"x-nope\"?>"
				  "<nitf/>";
	CHECK_INT(parse_str(unk, strlen(unk), &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "nitf: XML error") != NULL);

	/* another root is not NITF */
	static const char other[] = "<rss><channel/></rss>";
	CHECK_INT(parse_str(other, strlen(other), &r, &err), OW_EPARSE);
	CHECK_STR(err.msg, "nitf: the root element is <rss>, not <nitf>");

	/* hostile but well-formed, just inside libxml2's depth limit: the
	 * sanitiser (whose own bound is above libxml2's) reads it, or it is
	 * refused cleanly; never a crash */
	deep = nested(240,
		      "<body.head><hedline><hl1>H</hl1></hedline>"
		      "</body.head>",
		      &n);
	int rc = parse_str(deep, n, &r, &err);
	CHECK(rc == 0 || rc == OW_ETOOBIG || rc == OW_EPARSE);
	if (rc)
		CHECK(strstr(err.msg, "nitf: body.content:") != NULL);
	else
		parse_result_free(&r);
	free(deep);
}

int main(void)
{
	RUN(test_probe);
	RUN(test_full);
	RUN(test_title_pre);
	RUN(test_charsets);
	RUN(test_no_declaration);
	RUN(test_namespaced);
	RUN(test_status);
	RUN(test_odd_dates);
	RUN(test_signoffs);
	RUN(test_empty_story);
	RUN(test_helpers);
	RUN(test_inline);
	RUN(test_hostile);
	return TEST_REPORT();
}
