/* Unit tests for the Reuters-21578 SGML reader (src/formats/reuters_sgml.c):
 * the NORM, BRIEF and UNPROC text types, the ANPA header, categories,
 * signature and marker stripping, entities decoded once, junk bytes, and
 * hostile input (unclosed elements, a 50 MB BODY, NUL bytes). Fixture:
 * tests/data/reuters_sgml/sample.sgm. */
#include "formats/formats_int.h"

#include "common/fileio.h"
#include "test.h"

#include <stdlib.h>
#include <time.h>

static struct parse_result res;
static struct ow_err err;
static char *input;
static size_t input_len;

static int parse_mem(const char *buf, size_t len)
{
	struct parse_opts o = {.now = 1700000000};
	memset(&err, 0, sizeof err);
	return formats_parse(FORMAT_REUTERS_SGML, buf, len, &o, &res, &err);
}

static bool warns(const struct version *v, const char *needle)
{
	for (size_t i = 0; i < v->n_warnings; i++)
		if (strstr(v->warnings[i], needle))
			return true;
	return false;
}

static bool any_para_has(const struct version *v, const char *needle)
{
	for (size_t i = 0; i < v->n_paras; i++)
		if (strstr(v->paras[i].text, needle))
			return true;
	return false;
}

static void check_clean(void)
{
	for (size_t i = 0; i < res.versions.n; i++) {
		const struct version *v = res.versions.v[i];
		CHECK(!v->headline ||
		      utf8_valid(v->headline, strlen(v->headline)));
		for (size_t k = 0; k < v->n_paras; k++) {
			const char *p = v->paras[k].text;
			CHECK(utf8_valid(p, strlen(p)));
			for (const char *c = p; *c; c++)
				CHECK((unsigned char)*c >= 0x20 || *c == '\n');
		}
	}
}

static void test_sample(void)
{
	CHECK_INT(file_read_all(OW_TEST_DATA "/reuters_sgml/sample.sgm",
				1 << 20, &input, &input_len, &err),
		  0);
	CHECK_INT(parse_mem(input, input_len), 0);
	CHECK_INT(res.versions.n, 4);
	if (res.versions.n != 4)
		return;
	check_clean();

	const struct version *v = res.versions.v[0]; /* NORM */
	CHECK_STR(v->format, "reuters-sgml");
	CHECK_STR(v->source, "Reuters");
	CHECK_STR(v->item_id, "501");
	CHECK_STR(v->headline, "TIN COUNCIL TALKS RESUME IN LONDON");
	CHECK_STR(v->slug, "BC-TIN-COUNCIL-TALKS");
	CHECK_INT(v->priority, PRIORITY_URGENT);
	CHECK_STR(v->byline, "By Ellen Marsh, Reuters");
	CHECK_STR(v->dateline.place, "LONDON");
	CHECK_STR(v->dateline.date, "March 3");
	CHECK_STR(v->language, "en");
	CHECK_INT(v->versioncreated, 541761342); /* 1987-03-03T09:15:42Z */
	CHECK(warns(v, "no time zone; read as UTC"));
	CHECK_INT(v->n_subjects, 6);
	if (v->n_subjects == 6) {
		CHECK_STR(v->subjects[0].code, "tin");
		CHECK_STR(v->subjects[0].scheme, "reuters-topic");
		CHECK_STR(v->subjects[2].code, "bolivia");
		CHECK_STR(v->subjects[2].scheme, "reuters-place");
		CHECK_STR(v->subjects[4].scheme, "reuters-org");
		CHECK_STR(v->subjects[5].code, "lme");
		CHECK_STR(v->subjects[5].scheme, "reuters-exchange");
	}
	CHECK_INT(v->n_paras, 3);
	if (v->n_paras == 3) {
		/* indented lines start paragraphs; &lt; decoded once */
		CHECK_STR(v->paras[0].text,
			  "Talks on the tin market resumed today, with members "
			  "of <Metal Traders Ltd> and others present, "
			  "delegates said.");
		CHECK_STR(v->paras[1].text,
			  "Prices on the floor were steady at 4,200 stg & "
			  "rising.");
		CHECK_STR(v->paras[2].text,
			  "The next session is due on Thursday.");
	}
	CHECK(!any_para_has(v, "Reuter"));
	CHECK(!strncmp(input + v->raw_off, "<REUTERS ", 9));
	CHECK(!strncmp(input + v->raw_off + v->raw_len - 10, "</REUTERS>", 10));

	v = res.versions.v[1]; /* BRIEF: the headline is the story */
	CHECK_STR(v->item_id, "502");
	CHECK_STR(v->headline, "CENTRAL BANK LEAVES KEY RATES UNCHANGED");
	CHECK_INT(v->n_paras, 0);
	CHECK_INT(v->priority, PRIORITY_FLASH);
	CHECK_STR(v->slug, "BC-RATES-UNCHANGED");

	v = res.versions.v[2]; /* UNPROC: the whole text, tables kept */
	CHECK_STR(v->item_id, "503");
	CHECK(v->headline == NULL);
	CHECK_INT(v->priority, PRIORITY_ROUTINE);
	CHECK_INT(v->n_paras, 2);
	if (v->n_paras == 2) {
		CHECK_STR(v->paras[0].text, "GRAIN SHIPMENTS WEEKLY - MARCH 3");
		CHECK_INT(v->paras[1].kind, PARA_PRE);
		CHECK_STR(v->paras[1].text,
			  "    Port           Wheat     Maize\n"
			  " North.............1,200.......300\n"
			  " South...............950.......410");
	}
	CHECK(!any_para_has(v, "Reuter"));

	v = res.versions.v[3]; /* a junk byte; "&amp;#38;" decoded once */
	CHECK_STR(v->headline, "M\xc3\x9cNCHEN FIRM &#38; PARTNER REPORT");
	CHECK(warns(v, "not UTF-8; read as windows-1252"));
	CHECK_STR(v->dateline.place, "Munich");
	CHECK(v->slug == NULL); /* no UNKNOWN header */
	CHECK_INT(v->n_paras, 1);
	if (v->n_paras == 1) /* DEL stood for a lost space; REUTER^M gone */
		CHECK_STR(v->paras[0].text,
			  "The firm's sales rose sharply, it said.");
	parse_result_free(&res);
}

static void test_probe(void)
{
	CHECK_INT(reuters_sgml_probe(input, input_len), 95);
	static const char bare[] = "\n<REUTERS NEWID=\"1\">\n<TEXT>x</TEXT>";
	CHECK_INT(reuters_sgml_probe(bare, sizeof bare - 1), 80);
	static const char rss[] = "<rss version=\"2.0\"><channel/></rss>";
	CHECK_INT(reuters_sgml_probe(rss, sizeof rss - 1), 0);
	static const char later[] = "<x>text text</x> and <REUTERSX>";
	CHECK_INT(reuters_sgml_probe(later, sizeof later - 1), 0);
	CHECK_INT(reuters_sgml_probe("", 0), 0);
	enum format f;
	CHECK(formats_detect(input, input_len, &f, &err) == 0 &&
	      f == FORMAT_REUTERS_SGML);
}

static void test_variants(void)
{
	/* noisy DATE, lowercase tags, signature spelt wrong, More marker */
	static const char doc[] =
		"<reuters newid=\"12\">\n"
		"<date>9-APR-1987 00:00:00.00    # date added as guesswork"
		"</date>\n<text><title>LOWER CASE TAGS</title>\n"
		"<dateline>    New York, April 9 - </dateline><body>First "
		"line.\n    Second para with &#233; and &#x41; and &#0; and "
		"&#99999999; and &#xD800; and &bogus;.\n REUITER\n&#3;</body>"
		"</text></reuters>\n"
		"<REUTERS NEWID=\"13\"><TEXT><TITLE>T</TITLE><BODY>Text ends "
		"here. REUTER</BODY></TEXT></REUTERS>"
		"<REUTERS NEWID=\"14\"><TEXT><TITLE>T2</TITLE><BODY>Take one."
		"\n More\n&#3;</BODY></TEXT></REUTERS>";
	CHECK_INT(parse_mem(doc, sizeof doc - 1), 0);
	CHECK_INT(res.versions.n, 3);
	if (res.versions.n != 3)
		return;
	check_clean();
	const struct version *v = res.versions.v[0];
	CHECK_STR(v->item_id, "12");
	CHECK_INT(v->versioncreated, 544924800); /* 1987-04-09T00:00:00Z */
	CHECK_STR(v->dateline.place, "New York");
	CHECK_STR(v->dateline.date, "April 9");
	CHECK_INT(v->n_paras, 2);
	if (v->n_paras == 2)
		/* references to NUL, past U+10FFFF and to surrogates are
		 * dropped; unknown names stay as written */
		CHECK_STR(v->paras[1].text,
			  "Second para with \xc3\xa9 and A and and and and "
			  "&bogus;.");
	CHECK(!any_para_has(v, "REUITER"));
	v = res.versions.v[1];
	CHECK(v->n_paras == 1 && !strcmp(v->paras[0].text, "Text ends here."));
	v = res.versions.v[2];
	CHECK(v->n_paras == 1 && !strcmp(v->paras[0].text, "Take one."));
	parse_result_free(&res);
}

static void test_unclosed(void)
{
	/* the first element never closes: it ends where the next begins */
	static const char doc[] =
		"<REUTERS NEWID=\"7\">\n<DATE>1-MAR-1987 10:00:00.00</DATE>"
		"<TEXT><TITLE>HELLO</TITLE><BODY>Some text\n Reuter\n&#3;\n"
		"<REUTERS NEWID=\"8\"><TEXT><TITLE>SECOND</TITLE></TEXT>"
		"</REUTERS>\n<REUTERS NEWID=\"9\"><TEXT><TITLE>CUT";
	CHECK_INT(parse_mem(doc, sizeof doc - 1), 0);
	CHECK_INT(res.versions.n, 3);
	if (res.versions.n == 3) {
		const struct version *v = res.versions.v[0];
		CHECK_STR(v->headline, "HELLO");
		CHECK(warns(v, "REUTERS element is not closed"));
		CHECK(warns(v, "BODY is not closed"));
		CHECK(v->n_paras == 1 &&
		      !strcmp(v->paras[0].text, "Some text"));
		CHECK_INT(v->raw_len,
			  (size_t)(strstr(doc, "<REUTERS NEWID=\"8") - doc));
		CHECK_STR(res.versions.v[1]->headline, "SECOND");
		CHECK(!warns(res.versions.v[1], "not closed"));
		CHECK_STR(res.versions.v[2]->headline, "CUT");
	}
	parse_result_free(&res);

	/* a start tag with no '>' */
	static const char notag[] = "<!DOCTYPE lewis>\n<REUTERS NEWID=\"1\"";
	CHECK_INT(parse_mem(notag, sizeof notag - 1), OW_EPARSE);
	CHECK(strstr(err.msg, "not closed by '>'") != NULL);
	CHECK_INT(err.line, 2);
}

static void test_big_body(void)
{
	/* 50 MB of BODY and no close tag anywhere: bounded and linear */
	size_t n = 50u << 20;
	char *b = malloc(n + 64);
	size_t len = (size_t)snprintf(b, 64,
				      "<REUTERS NEWID=\"8\"><TEXT>"
				      "<TITLE>BIG</TITLE><BODY>");
	static const char unit[] = "word &amp; <b\n";
	for (size_t i = 0; len + sizeof unit < n; i++) {
		memcpy(b + len, unit, sizeof unit - 1);
		len += sizeof unit - 1;
	}
	clock_t t0 = clock();
	CHECK_INT(parse_mem(b, len), 0);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	CHECK(secs < 30);
	if (res.versions.n == 1) {
		const struct version *v = res.versions.v[0];
		CHECK(warns(v, "truncated"));
		CHECK(warns(v, "BODY is not closed"));
		size_t total = 0;
		for (size_t i = 0; i < v->n_paras; i++)
			total += strlen(v->paras[i].text);
		CHECK(total > (1u << 20) && total <= (4u << 20));
	}
	parse_result_free(&res);
	free(b);
}

static void test_bad_bytes(void)
{
	static const char nul[] = "<REUTERS NEWID=\"9\"><TEXT><TITLE>A\0B"
				  "</TITLE><BODY>x\0y\x01z\n Reuter\n</BODY>"
				  "</TEXT></REUTERS>";
	CHECK_INT(parse_mem(nul, sizeof nul - 1), 0);
	check_clean();
	if (res.versions.n == 1) {
		CHECK_STR(res.versions.v[0]->headline, "AB");
		CHECK(res.versions.v[0]->n_paras == 1 &&
		      !strcmp(res.versions.v[0]->paras[0].text, "xyz"));
	}
	parse_result_free(&res);

	CHECK_INT(parse_mem("", 0), OW_EPARSE);
	CHECK(strstr(err.msg, "empty") || strstr(err.msg, "no <REUTERS>"));
	char ctl[100];
	for (int i = 0; i < 100; i++)
		ctl[i] = (char)(1 + i % 31);
	CHECK_INT(parse_mem(ctl, sizeof ctl), OW_EPARSE);
	CHECK(strstr(err.msg, "no <REUTERS> element") != NULL);

	/* an element with nothing in it is still a version: withheld */
	static const char empty[] =
		"<REUTERS NEWID=\"5\"><DATE>1-MAR-1987 10:00:00.00</DATE>"
		"<TEXT TYPE=\"UNPROC\">&#2;\n&#3;\n</TEXT></REUTERS>"
		"<REUTERS NEWID=\"6\"><TEXT><TITLE>KEPT</TITLE></TEXT>"
		"</REUTERS>";
	CHECK_INT(parse_mem(empty, sizeof empty - 1), 0);
	CHECK_INT(res.versions.n, 2);
	CHECK_INT(res.n_skipped, 0);
	if (res.versions.n == 2) {
		const struct version *e = res.versions.v[0];
		CHECK_STR(e->item_id, "5");
		CHECK_INT(e->pubstatus, PUBSTATUS_WITHHELD);
		CHECK_INT(e->n_paras, 0);
		bool warned = false;
		for (size_t i = 0; i < e->n_warnings; i++)
			warned |= strstr(e->warnings[i], "neither a TITLE") !=
				  NULL;
		CHECK(warned);
		CHECK_INT(res.versions.v[1]->pubstatus, PUBSTATUS_USABLE);
	}
	parse_result_free(&res);
}

int main(void)
{
	RUN(test_sample);
	RUN(test_probe);
	RUN(test_variants);
	RUN(test_unclosed);
	RUN(test_big_body);
	RUN(test_bad_bytes);
	free(input);
	return TEST_REPORT();
}
