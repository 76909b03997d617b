/* Unit tests for the NewsML 1.2 parser (src/formats/newsml1.c): envelope,
 * identification, management, news lines, metadata, the body forms
 * (inline NITF, XHTML, HTML in CDATA, plain text, bare <p> elements), many
 * items per document, skipped pictures, and hostile input. */
#include "formats/nitf_int.h"

#include "common/fileio.h"
#include "test.h"
#include "test_fixture.h"

#include <stdlib.h>

static int parse_file(const char *name, struct parse_result *r,
		      struct ow_err *err)
{
	return test_parse_fixture("newsml1", name, 0, FORMAT_UNKNOWN, r, err);
}

static int parse_str(const char *s, size_t len, struct parse_result *r,
		     struct ow_err *err)
{
	struct parse_opts o = {0};
	ow_err_clear(err);
	return formats_parse(FORMAT_NEWSML1, s, len, &o, r, err);
}

/* ------------------------------------------------------------------ probe */

static void test_probe(void)
{
	const char *v1 = "<?xml version=\"1.0\"?>\n<NewsML Version=\"1.2\">"
			 "<NewsEnvelope/><NewsItem/></NewsML>";
	const char *bare = "<NewsML><Catalog/></NewsML>";
	const char *g2item = "<newsItem xmlns=\"http://iptc.org/std/nar/"
			     "2006-10-01/\" guid=\"x\"><itemMeta/></newsItem>";
	const char *g2msg = "<newsMessage xmlns=\"http://iptc.org/std/nar/"
			    "2006-10-01/\"><itemSet><newsItem/></itemSet>"
			    "</newsMessage>";
	const char *g2pkg = "<packageItem xmlns=\"http://iptc.org/std/nar/"
			    "2006-10-01/\"/>";
	/* a NewsML root in the G2 namespace, even after another xmlns */
	const char *g2ns = "<NewsML xmlns:xsi=\"http://www.w3.org/2001/"
			   "XMLSchema-instance\" xmlns=\"http://iptc.org/std/"
			   "nar/2006-10-01/\"><NewsItem/></NewsML>";
	CHECK_INT(newsml1_probe(v1, strlen(v1)), 95);
	CHECK_INT(newsml1_probe(bare, strlen(bare)), 60);
	CHECK_INT(newsml1_probe(g2item, strlen(g2item)), 0);
	CHECK_INT(newsml1_probe(g2msg, strlen(g2msg)), 0);
	CHECK_INT(newsml1_probe(g2pkg, strlen(g2pkg)), 0);
	CHECK_INT(newsml1_probe(g2ns, strlen(g2ns)), 0);
	CHECK_INT(newsml1_probe("<nitf/>", 7), 0);
	CHECK_INT(newsml1_probe("", 0), 0);
	CHECK_INT(newsml1_probe(v1, 26), 0);
}

/* ------------------------------------------------------------ many items */

static void test_multi(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	size_t len;
	char *buf = test_fixture("newsml1", "multi.xml", &len);
	CHECK(buf != NULL);
	struct parse_opts o = {0};
	CHECK_INT(formats_parse(FORMAT_UNKNOWN, buf, len, &o, &r, &err), 0);
	CHECK_INT(r.format, FORMAT_NEWSML1);
	CHECK_INT(r.versions.n, 2);
	CHECK_INT(r.n_skipped, 1);
	CHECK_STR(r.skipped[0].item_id, "TW-PHOTO-3");
	CHECK(strstr(r.skipped[0].reason, "carries only image/jpeg, not text"));
	CHECK(!strncmp(buf + r.skipped[0].offset, "<NewsItem>", 10));

	const struct version *v = r.versions.v[0];
	CHECK_STR(v->format, "newsml1");
	CHECK_STR(v->item_id, "TW-BRIDGE-1");
	CHECK_INT(v->item_version, 2);
	CHECK_STR(v->source, "Testwire"); /* Provider beats SentFrom */
	CHECK_STR(v->headline, "Harbour bridge reopens after repairs");
	CHECK_INT(v->signal, SIGNAL_UPDATE);
	CHECK_INT(v->mark_ordinal, 1);
	CHECK_STR(v->slug, "Bridge-Reopens"); /* SlugLine beats NameLabel */
	CHECK_STR(v->byline, "Ana Test");
	CHECK_STR(v->dateline.place, "MIRAVAL");
	CHECK_STR(v->dateline.date, "Jan 10, 2015");
	CHECK_STR(v->dateline.source, "Testwire");
	CHECK_STR(v->language, "en");
	CHECK_STR(v->ednote, "ADDS mayor's comment");
	CHECK_INT(v->urgency, 3);
	CHECK_INT(v->priority, PRIORITY_URGENT);
	CHECK_INT(v->firstcreated, 1420869600);
	CHECK_INT(v->versioncreated, 1420873920); /* 08:12 +0100 */
	CHECK_INT(v->n_subjects, 2); /* 11000000 once, one keyword */
	CHECK_STR(v->subjects[0].code, "11000000");
	CHECK_STR(v->subjects[0].scheme, "iptc");
	CHECK_STR(v->subjects[1].name, "bridges");
	CHECK_INT(v->n_paras, 2); /* "ab/cd" initials dropped */
	CHECK_STR(v->paras[1].text, "The mayor said it came in on budget.");
	CHECK(strstr(v->body_html, "ab/cd") == NULL);
	/* this item's bytes, and only them */
	CHECK(!strncmp(buf + v->raw_off, "<NewsItem xml:lang=\"en\">", 24));
	CHECK(!strncmp(buf + v->raw_off + v->raw_len - 11, "</NewsItem>", 11));

	v = r.versions.v[1];
	CHECK_STR(v->item_id, "TW-REPORT-7");
	CHECK_STR(v->source, "Testwire Wire"); /* from the envelope */
	CHECK_INT(v->embargo, 1420934460);     /* 2015-01-11T00:01:00Z */
	CHECK(!v->embargo_held);
	CHECK_INT(v->urgency, 5); /* envelope Priority */
	CHECK_INT(v->n_paras, 2);
	CHECK_STR(v->paras[1].text, "It covers three years.");
	CHECK(v->body_html == NULL); /* plain text has no markup */
	CHECK(v->raw_off > r.versions.v[0]->raw_off);
	CHECK(!strncmp(buf + v->raw_off + v->raw_len - 11, "</NewsItem>", 11));
	parse_result_free(&r);
	free(buf);
}

/* ------------------------------------------------------------ body forms */

static void test_xhtml(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("xhtml.xml", &r, &err), 0);
	CHECK_INT(r.versions.n, 1);
	CHECK_INT(r.n_skipped, 1);
	CHECK(strstr(r.skipped[0].reason, "Photo component (image/jpeg) is "
					  "not text"));
	const struct version *v = r.versions.v[0];
	/* no declaration, leading newline: still NewsML 1 */
	CHECK_STR(v->headline, "Example Widgets launches a smaller widget");
	CHECK_STR(v->slug, "IL-WIDGETS");
	CHECK_STR(v->dateline.place, "SPRINGFIELD, Ill.");
	CHECK_STR(v->source, "Release Wire");
	CHECK_INT(v->firstcreated, 1368676860);
	CHECK_INT(v->versioncreated, 1368676860); /* envelope DateAndTime */
	CHECK_INT(v->n_subjects, 1);
	CHECK_STR(v->subjects[0].name, "Economy, business and finance");
	/* the body role only: no contact block, no style sheet, no script;
	 * XHTML <br/> is a real break */
	CHECK_INT(v->n_paras, 5);
	CHECK_STR(v->paras[0].text,
		  "Example Widgets today announced its smallest widget.");
	CHECK_STR(v->paras[2].text, "Twice the fun");
	CHECK_STR(v->paras[4].text, "Line two");
	CHECK(strstr(v->body_html, "<b>smallest</b>") != NULL);
	CHECK(strstr(v->body_html, "<a href=\"http://example.invalid/\"") !=
	      NULL);
	CHECK(strstr(v->body_html, "555-0100") == NULL);
	CHECK(strstr(v->body_html, "alert") == NULL);
	CHECK(strstr(v->body_html, "color") == NULL);
	parse_result_free(&r);
}

static void test_html_cdata(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("html-cdata.xml", &r, &err), 0);
	const struct version *v = r.versions.v[0];
	CHECK_STR(v->headline, "Exports grow in March");
	CHECK_STR(v->item_id, "555");
	CHECK(v->slug == NULL); /* NameLabel is an empty CDATA */
	CHECK_STR(v->language, "en");
	CHECK_STR(v->dateline.place, "Athens");
	CHECK_STR(v->dateline.date, "4/4/2018");
	CHECK_STR(v->source, "agency.example");
	CHECK_INT(v->firstcreated, 1522853939); /* 17:58:59 +0300 */
	CHECK_INT(v->n_paras, 2);               /* copyright footer dropped */
	CHECK_STR(v->paras[0].text, "Exports grew & imports fell in March.");
	CHECK_STR(v->body_html, "<p>Exports grew &amp; imports fell in "
				"March.</p>\n<p>Officials welcomed the "
				"figures.</p>");
	parse_result_free(&r);
}

static void test_canceled(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("canceled.xml", &r, &err), 0);
	const struct version *v = r.versions.v[0];
	CHECK_INT(v->pubstatus, PUBSTATUS_CANCELED);
	CHECK_INT(v->signal, SIGNAL_KILL);
	CHECK_INT(v->item_version, 3);
	CHECK_STR(v->headline, "Bridge story");
	CHECK_STR(v->ednote, "Story withdrawn.");
	CHECK_INT(v->n_paras, 0);
	parse_result_free(&r);
}

static void test_latin1(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("latin1.xml", &r, &err), 0);
	const struct version *v = r.versions.v[0];
	CHECK_STR(v->headline, "D\xc3\xa9"
			       "c\xc3\xa8s au tribunal");
	CHECK_STR(v->slug, "proc\xc3\xa8s-sant\xc3\xa9"); /* NameLabel */
	CHECK_STR(v->dateline.place, "Strasbourg");
	CHECK_STR(v->dateline.date, "10 juil 2024");
	CHECK_STR(v->language, "fr");
	/* bare <p> elements in DataContent */
	CHECK_INT(v->n_paras, 2);
	CHECK_STR(v->paras[0].text, "Le tribunal a d\xc3\xa9"
				    "cid\xc3\xa9.");
	CHECK_INT(r.n_warnings, 0);
	parse_result_free(&r);
}

/* An envelope around items given as strings. */
static char *doc_of(const char *items, size_t *len)
{
	size_t cap = strlen(items) + 128;
	char *s = malloc(cap);
	*len = (size_t)snprintf(
		s, cap, "<?xml version=\"1.0\"?>\n<NewsML>\n%s</NewsML>",
		items);
	return s;
}

static void test_item_errors(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	size_t len;
	/* one empty item among good ones is skipped, with the reason */
	char *doc = doc_of(
		"<NewsItem><Identification><NewsIdentifier><NewsItemId>ok-1"
		"</NewsItemId></NewsIdentifier></Identification>"
		"<NewsComponent><NewsLines><HeadLine>Good</HeadLine>"
		"</NewsLines></NewsComponent></NewsItem>\n"
		"<NewsItem><Identification><NewsIdentifier><NewsItemId>bad-2"
		"</NewsItemId></NewsIdentifier></Identification></NewsItem>\n",
		&len);
	CHECK_INT(parse_str(doc, len, &r, &err), 0);
	CHECK_INT(r.versions.n, 1);
	CHECK_INT(r.n_skipped, 1);
	CHECK_STR(r.skipped[0].reason,
		  "NewsItem 2 of 2: newsml1 item bad-2 has neither a headline "
		  "nor a body");
	CHECK(!strncmp(doc + r.skipped[0].offset, "<NewsItem>", 10));
	parse_result_free(&r);
	free(doc);

	/* all bad: the first error */
	doc = doc_of("<NewsItem/>\n<NewsItem/>\n", &len);
	CHECK_INT(parse_str(doc, len, &r, &err), OW_EPARSE);
	CHECK_STR(err.msg, "newsml1 item has neither a headline nor a body");
	free(doc);

	/* a single bad item is an error, not a skip */
	doc = doc_of("<NewsItem><NewsManagement><Status FormalName=\"Odd\"/>"
		     "</NewsManagement></NewsItem>",
		     &len);
	CHECK_INT(parse_str(doc, len, &r, &err), OW_EPARSE);
	free(doc);

	/* an update to an earlier revision is not a full item */
	doc = doc_of("<NewsItem><Identification><NewsIdentifier><NewsItemId>"
		     "u-1</NewsItemId><RevisionId Update=\"A\">2</RevisionId>"
		     "</NewsIdentifier></Identification><Update><InsertAfter "
		     "DuidRef=\"p1\"/></Update></NewsItem>",
		     &len);
	CHECK_INT(parse_str(doc, len, &r, &err), 0);
	CHECK_INT(r.versions.n, 0);
	CHECK_INT(r.n_skipped, 1);
	CHECK_STR(r.skipped[0].item_id, "u-1");
	CHECK(strstr(r.skipped[0].reason, "holds Update elements") != NULL);
	parse_result_free(&r);
	free(doc);

	doc = doc_of("<NewsEnvelope/>", &len);
	CHECK_INT(parse_str(doc, len, &r, &err), OW_EPARSE);
	CHECK_STR(err.msg, "newsml1: the document holds no NewsItem");
	free(doc);

	static const char g2[] = "<newsItem xmlns=\"http://iptc.org/std/nar/"
				 "2006-10-01/\"/>";
	CHECK_INT(parse_str(g2, strlen(g2), &r, &err), OW_EPARSE);
	CHECK_STR(err.msg,
		  "newsml1: the root element is <newsItem>, not <NewsML>");

	/* an embargo without a time is held; an unknown status warned */
	doc = doc_of("<NewsItem><NewsManagement><Status FormalName="
		     "\"Embargoed\"/><Urgency FormalName=\"x\"/>"
		     "</NewsManagement><NewsComponent><NewsLines><HeadLine>H"
		     "</HeadLine></NewsLines></NewsComponent></NewsItem>",
		     &len);
	CHECK_INT(parse_str(doc, len, &r, &err), 0);
	CHECK(r.versions.v[0]->embargo_held);
	CHECK_INT(r.versions.v[0]->urgency, 0);
	CHECK_INT(r.versions.v[0]->n_warnings, 2);
	parse_result_free(&r);
	free(doc);
}

/* ---------------------------------------------------------------- hostile */

static void test_hostile(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	static const char laughs[] =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE NewsML [\n"
		" <!ENTITY a \"aaaaaaaaaa\">\n"
		" <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n"
		"<NewsML><NewsItem><NewsComponent><NewsLines><HeadLine>&b;"
		"</HeadLine></NewsLines></NewsComponent></NewsItem></NewsML>";
	CHECK_INT(parse_str(laughs, strlen(laughs), &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "newsml1: entity declarations are refused") !=
	      NULL);

	static const char xxe[] =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE NewsML [\n"
		"<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n"
		"<NewsML><NewsItem><NewsComponent><NewsLines><HeadLine>&xxe;"
		"</HeadLine></NewsLines></NewsComponent></NewsItem></NewsML>";
	CHECK_INT(parse_str(xxe, strlen(xxe), &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "entity declarations are refused") != NULL);
	CHECK_INT(err.line, 3);

	size_t depth = 10000, cap = depth * 32 + 64, n = 0;
	char *deep = malloc(cap);
	n += (size_t)snprintf(deep, cap, "<NewsML><NewsItem>");
	for (size_t i = 0; i < depth; i++, n += 15)
		memcpy(deep + n, "<NewsComponent>", 15);
	for (size_t i = 0; i < depth; i++, n += 16)
		memcpy(deep + n, "</NewsComponent>", 16);
	n += (size_t)snprintf(deep + n, cap - n, "</NewsItem></NewsML>");
	CHECK_INT(parse_str(deep, n, &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "Excessive depth") != NULL);
	free(deep);

	/* 40 levels pass libxml2 and stop at the component walk's limit */
	n = 0;
	deep = malloc(cap);
	n += (size_t)snprintf(deep, cap, "<NewsML><NewsItem>");
	for (size_t i = 0; i < 40; i++, n += 15)
		memcpy(deep + n, "<NewsComponent>", 15);
	n += (size_t)snprintf(deep + n, cap - n,
			      "<NewsLines><HeadLine>Deep</HeadLine>"
			      "</NewsLines>");
	for (size_t i = 0; i < 40; i++, n += 16)
		memcpy(deep + n, "</NewsComponent>", 16);
	n += (size_t)snprintf(deep + n, cap - n, "</NewsItem></NewsML>");
	CHECK_INT(parse_str(deep, n, &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "neither a headline nor a body") != NULL);
	free(deep);

	static const char nul[] = "<NewsML><NewsItem>\n\0</NewsItem></NewsML>";
	CHECK_INT(parse_str(nul, sizeof nul - 1, &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "newsml1: NUL byte in the document") != NULL);
	CHECK_INT(err.line, 2);

	static const char cut[] = "<NewsML>\n<NewsItem>\n<NewsComponent>";
	CHECK_INT(parse_str(cut, strlen(cut), &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "newsml1: XML error at line 3") != NULL);

	CHECK_INT(parse_str("", 0, &r, &err), OW_EPARSE);
	CHECK_STR(err.msg, "newsml1: no XML document (the input is empty)");
	static const char ctl[] = "\x02\x03\x04\x1f";
	CHECK_INT(parse_str(ctl, sizeof ctl - 1, &r, &err), OW_EPARSE);
	CHECK_STR(err.msg, "newsml1: no XML document (the input is blank or "
			   "control bytes only)");

	/* declared UTF-8, Latin-1 bytes: read as Windows-1252, warned */
	static const char wrong[] =
		"<?xml version=\"1.0\" encoding=\"utf-8\"?><NewsML><NewsItem>"
		"<NewsComponent><NewsLines><HeadLine>Caf\xe9</HeadLine>"
		"</NewsLines></NewsComponent></NewsItem></NewsML>";
	CHECK_INT(parse_str(wrong, strlen(wrong), &r, &err), 0);
	CHECK_STR(r.versions.v[0]->headline, "Caf\xc3\xa9");
	CHECK_INT(r.n_warnings, 1);
	CHECK(strstr(r.warnings[0], "declared UTF-8 but is not valid UTF-8"));
	parse_result_free(&r);
}

int main(void)
{
	RUN(test_probe);
	RUN(test_multi);
	RUN(test_xhtml);
	RUN(test_html_cdata);
	RUN(test_canceled);
	RUN(test_latin1);
	RUN(test_item_errors);
	RUN(test_hostile);
	return TEST_REPORT();
}
