/* Unit tests for the IPTC 7901 parser (src/formats/iptc7901.c). Fixtures in
 * tests/data/iptc7901/ are invented copy laid out the way dpa sends it. */
#include "formats/formats.h"
#include "text/text.h"

#include "common/fileio.h"
#include "test.h"
#include "test_fixture.h"

#include <stdlib.h>

#define NOW 1420848000 /* 2015-01-10T00:00:00Z */

static int parse_file(const char *name, struct parse_result *r,
		      struct ow_err *err)
{
	return test_parse_fixture("iptc7901", name, NOW, FORMAT_IPTC7901, r,
				  err);
}

static void test_story(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("story.txt", &r, &err), 0);
	if (r.versions.n != 1)
		return;
	const struct version *v = r.versions.v[0];
	CHECK_STR(v->format, "iptc7901");
	CHECK_STR(v->source, "dpa");
	CHECK_STR(v->item_id, "xyz101");
	CHECK_INT(v->urgency, 4);
	CHECK_INT(v->priority, PRIORITY_ROUTINE);
	CHECK_INT(v->signal, SIGNAL_NEW);
	CHECK_STR(v->mark, NULL);
	CHECK_STR(v->slug, "Norway-transport/ferry");
	CHECK_STR(v->headline, "Ferry runs aground near Norwegian port");
	CHECK_STR(v->byline, NULL);
	CHECK_STR(v->dateline.place, "Kessa");
	CHECK_STR(v->dateline.source, "dpa");
	CHECK_INT(v->n_subjects, 1);
	if (v->n_subjects) {
		CHECK_STR(v->subjects[0].code, "i");
		CHECK_STR(v->subjects[0].scheme, "iptc7901-category");
	}
	/* paragraphs joined; the desk initials "dpa lh ab" dropped */
	CHECK_INT(v->n_paras, 2);
	if (v->n_paras == 2) {
		CHECK_STR(v->paras[0].text,
			  "Kessa (dpa) - A passenger ferry carrying 212 people "
			  "ran aground near the Norwegian port of Kessa on "
			  "Saturday, the coast guard said.");
		CHECK_STR(v->paras[1].text, "No one was hurt and the ferry was "
					    "towed into the harbour.");
	}
	CHECK_INT(v->word_count, 34);
	CHECK_STR(v->ednote, NULL);
	CHECK_INT(v->versioncreated, NOW + 15 * 3600 + 32 * 60);
	CHECK_INT(v->n_warnings, 0);
	CHECK_INT(v->raw_off, 0);
	parse_result_free(&r);
}

static void test_lead(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("lead.txt", &r, &err), 0);
	if (r.versions.n != 1)
		return;
	const struct version *v = r.versions.v[0];
	CHECK_INT(v->urgency, 3);
	CHECK_INT(v->priority, PRIORITY_URGENT);
	/* "REFILE" then "1ST LEAD": a lead numbered 1 */
	CHECK_INT(v->signal, SIGNAL_LEAD);
	CHECK_INT(v->mark_ordinal, 1);
	CHECK_STR(v->mark, "REFILE; 1ST LEAD");
	CHECK_STR(v->slug, "Football/Norway/Kessa");
	/* Latin-1 0xFC is u-umlaut */
	CHECK_STR(v->headline, "Kessa coach M\xC3\xBCller resigns after cup "
			       "defeat");
	CHECK_STR(v->byline, "By Lena Holm, dpa");
	CHECK(test_has_warning(v, "windows-1252"));
	CHECK_INT(v->n_paras, 2);
	if (v->n_paras == 2)
		CHECK_STR(v->paras[1].text,
			  "\"It is time,\" M\xC3\xBCller told reporters.");
	/* the notebook and the block not for publication: ednote, not body;
	 * a wrapped contact line joined */
	CHECK_STR(v->ednote, "Notebook\n"
			     "Note to editors\n"
			     "- adds quote from M\xC3\xBCller\n"
			     "The following information is not intended for "
			     "publication\n"
			     "Editorial contacts\n"
			     "- Reporting by: Lena Holm in Kessa\n"
			     "- Editing by: Anna Berg");
	CHECK_INT(v->versioncreated, 1444572300); /* 2015-10-11 14:05 */
	parse_result_free(&r);
}

static void test_advisory(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("advisory.txt", &r, &err), 0);
	if (r.versions.n != 1)
		return;
	const struct version *v = r.versions.v[0];
	CHECK_INT(v->signal, SIGNAL_ADVISORY);
	CHECK_STR(v->mark, "Achtung");
	CHECK_STR(v->headline, "Test message");
	CHECK_STR(v->item_id, "xyz0002");
	CHECK_INT(v->n_subjects, 1);
	if (v->n_subjects)
		CHECK_STR(v->subjects[0].code, "rs");
	CHECK_INT(v->versioncreated, 1497261600); /* 2017-06-12 10:00 */
	parse_result_free(&r);
}

static void test_multi(void)
{
	size_t len;
	char *buf = test_fixture("iptc7901", "multi.txt", &len);
	struct parse_result r;
	struct ow_err err = {0};
	struct parse_opts o = {.now = NOW};
	if (!buf)
		return;
	CHECK_INT(formats_parse(FORMAT_IPTC7901, buf, len, &o, &r, &err), 0);
	CHECK_INT(r.versions.n, 2);
	if (r.versions.n == 2) {
		const struct version *a = r.versions.v[0], *b = r.versions.v[1];
		CHECK_STR(a->item_id, "xyz101");
		CHECK_STR(b->item_id, "xyz0301");
		CHECK_INT(b->urgency, 2);
		CHECK_INT(b->priority, PRIORITY_BULLETIN);
		CHECK_STR(b->mark, "EXTRA");
		CHECK_INT(b->signal, SIGNAL_NEW);
		CHECK_STR(b->headline, "Storm closes Kessa harbour");
		/* "120905 Jan 15": no zone, read as UTC and said so */
		CHECK_INT(b->versioncreated, 1421053500);
		CHECK(test_has_warning(b, "no zone"));
		for (size_t i = 0; i < 2; i++) {
			const struct version *v = r.versions.v[i];
			CHECK_INT(buf[v->raw_off], 0x01);
			CHECK_INT(buf[v->raw_off + v->raw_len - 1], 0x04);
		}
		CHECK_INT(b->raw_off, a->raw_len + 2);
	}
	parse_result_free(&r);
	free(buf);
}

static void test_source_override(void)
{
	size_t len;
	char *buf = test_fixture("iptc7901", "story.txt", &len);
	struct parse_result r;
	struct ow_err err = {0};
	struct parse_opts o = {.source = "Testwire", .now = NOW};
	if (!buf)
		return;
	CHECK_INT(formats_parse(FORMAT_IPTC7901, buf, len, &o, &r, &err), 0);
	if (r.versions.n)
		CHECK_STR(r.versions.v[0]->source, "Testwire");
	parse_result_free(&r);
	free(buf);
}

static void test_hostile(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	struct parse_opts o = {.now = NOW};
	CHECK_INT(formats_parse(FORMAT_IPTC7901, "", 0, &o, &r, &err),
		  OW_EPARSE);
	CHECK(strstr(err.msg, "no SOH") != NULL);
	/* control bytes only */
	const char ctl[] = "\x01\x02\x03\x04\x7f\x01\x02\x03";
	CHECK_INT(formats_parse(FORMAT_IPTC7901, ctl, sizeof ctl - 1, &o, &r,
				&err),
		  OW_EPARSE);
	CHECK(strstr(err.msg, "source identification") != NULL);
	CHECK_INT(err.offset, 0);
	/* truncated: no ETX */
	const char cut[] = "\x01xyz1 4 i 10\r\n\r\nCut/\r\n\x02"
			   "Cut story =\r\n"
			   "\r\nThe text stops";
	CHECK_INT(formats_parse(FORMAT_IPTC7901, cut, sizeof cut - 1, &o, &r,
				&err),
		  OW_EPARSE);
	CHECK(strstr(err.msg, "no ETX") != NULL);
	CHECK_INT(err.offset, 22);
	CHECK_INT(err.line, 4);
	/* truncated: no STX */
	const char nostx[] = "\x01xyz1 4 i 10\r\n\r\nCut/\r\n";
	CHECK_INT(formats_parse(FORMAT_IPTC7901, nostx, sizeof nostx - 1, &o,
				&r, &err),
		  OW_EPARSE);
	CHECK(strstr(err.msg, "no STX") != NULL);
	/* a good message, then a truncated tail: kept, with a warning */
	const char tail[] =
		"\x01xyz1 4 i 10\r\n\r\nOk/\r\n\x02Whole story =\r\n"
		"\r\nText.\r\n\x03"
		"101532 GMT Jan 15\x04"
		"\x01xyz2 4 i 10\r\n\r\nCut/\r\n\x02"
		"Cut";
	CHECK_INT(formats_parse(FORMAT_IPTC7901, tail, sizeof tail - 1, &o, &r,
				&err),
		  0);
	CHECK_INT(r.versions.n, 1);
	CHECK_INT(r.n_warnings, 1);
	if (r.n_warnings)
		CHECK(strstr(r.warnings[0], "byte 87") != NULL);
	parse_result_free(&r);
	/* NUL bytes and invalid UTF-8 */
	const char nul[] = "\x01xyz1 4 i 10\r\n\r\nN/\r\n\x02Null\0 head =\r\n"
			   "\r\nBad \xff\xfe te\0xt \xc3.\r\n\x03\x04";
	CHECK_INT(formats_parse(FORMAT_IPTC7901, nul, sizeof nul - 1, &o, &r,
				&err),
		  0);
	if (r.versions.n) {
		const struct version *v = r.versions.v[0];
		CHECK_STR(v->headline, "Null head");
		CHECK(utf8_valid(v->paras[0].text, strlen(v->paras[0].text)));
		CHECK(strstr(v->paras[0].text, "text") != NULL);
		CHECK(test_has_warning(v, "2 control bytes removed"));
		CHECK(test_has_warning(v, "not UTF-8"));
	}
	parse_result_free(&r);
	/* ANPA bytes are not IPTC 7901 */
	const char anpa[] = "\x16\x16\x01"
			    "a0001\x1fx\nr a\x13\x11 BC-X 01-10 0010\n"
			    "\x02^Headline<\n\t   Body.\n\x03\x04";
	CHECK_INT(formats_parse(FORMAT_IPTC7901, anpa, sizeof anpa - 1, &o, &r,
				&err),
		  OW_EPARSE);
}

static void test_big_line(void)
{
	const char head[] = "\x01xyz1 4 i 99\r\n\r\nBig/\r\n\x02"
			    "Big story =\r\n\r\n";
	size_t n = 1u << 20, hl = sizeof head - 1;
	char *buf = malloc(hl + n + 2);
	if (!buf)
		return;
	memcpy(buf, head, hl);
	memset(buf + hl, 'z', n);
	buf[hl + n] = 0x03;
	buf[hl + n + 1] = 0x04;
	struct parse_result r;
	struct ow_err err = {0};
	struct parse_opts o = {.now = NOW};
	CHECK_INT(formats_parse(FORMAT_IPTC7901, buf, hl + n + 2, &o, &r, &err),
		  0);
	if (r.versions.n == 1) {
		CHECK_STR(r.versions.v[0]->headline, "Big story");
		CHECK_INT(r.versions.v[0]->n_paras, 1);
		CHECK_INT(strlen(r.versions.v[0]->paras[0].text), n);
	}
	parse_result_free(&r);
	free(buf);
}

int main(void)
{
	RUN(test_story);
	RUN(test_lead);
	RUN(test_advisory);
	RUN(test_multi);
	RUN(test_source_override);
	RUN(test_hostile);
	RUN(test_big_line);
	return TEST_REPORT();
}
