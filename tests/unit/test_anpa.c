/* Unit tests for the ANPA-1312 parser (src/formats/anpa.c) and the wire
 * trailer stamps it reads (time_parse_wire_stamp). Fixtures in
 * tests/data/anpa/ are invented copy laid out the way AP and Xinhua send it. */
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
	return test_parse_fixture("anpa", name, NOW, FORMAT_ANPA, r, err);
}

static void test_story(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("story.anpa", &r, &err), 0);
	if (r.versions.n != 1)
		return;
	const struct version *v = r.versions.v[0];
	CHECK_STR(v->format, "anpa");
	CHECK_STR(v->source, "AP");
	CHECK_STR(v->item_id, "a0733");
	CHECK_STR(v->evolved_from, "a0412");
	CHECK_INT(v->item_version, -1);
	CHECK_INT(v->signal, SIGNAL_WRITETHRU);
	CHECK_STR(v->mark, "2ndLd-Writethru");
	CHECK_INT(v->mark_ordinal, 2);
	CHECK_INT(v->priority, PRIORITY_URGENT);
	CHECK_INT(v->urgency, 0);
	CHECK_INT(v->pubstatus, PUBSTATUS_USABLE);
	/* the full keyword from the keyword line, cycle "BC-" off */
	CHECK_STR(v->slug, "EU--Norway-Ferry Aground");
	CHECK_STR(v->headline, "Ferry with 212 aboard runs aground off Norway");
	CHECK_STR(v->byline, "By LENA HOLM");
	CHECK_STR(v->dateline.place, "KESSA, Norway");
	CHECK_STR(v->dateline.source, "AP");
	CHECK_STR(v->ednote, "Updates with coast guard comment. With AP "
			     "Photos.\nA reporter for the wire was aboard the "
			     "ferry.");
	CHECK_INT(v->n_subjects, 1);
	if (v->n_subjects) {
		CHECK_STR(v->subjects[0].code, "i");
		CHECK_STR(v->subjects[0].scheme, "anpa-category");
	}
	CHECK_INT(v->versioncreated, NOW + 15 * 3600 + 32 * 60);
	CHECK_INT(v->firstcreated, 0);
	/* wrapped lines joined; the "___" rule, photo line, "Associated
	 * Press" title and trailer are not text; AP's `` '' become quotes */
	CHECK_INT(v->n_paras, 3);
	if (v->n_paras == 3) {
		CHECK_STR(v->paras[0].text,
			  "KESSA, Norway (AP) _ A passenger ferry with 212 "
			  "people aboard ran aground near Kessa harbour on "
			  "Saturday, the coast guard said.");
		CHECK_STR(v->paras[1].text,
			  "\xE2\x80\x9C"
			  "Everyone is safe,\xE2\x80\x9D said coast guard "
			  "spokesman Per Dahl. \xE2\x80\x9CWe are towing her "
			  "in.\xE2\x80\x9D");
		CHECK_STR(v->paras[2].text, "The ferry, the \xE2\x80\x98Kessa "
					    "Star,' sails the route twice a "
					    "day.");
		CHECK_INT(v->paras[0].kind, PARA_TEXT);
	}
	CHECK_INT(v->word_count, 46);
	CHECK_INT(v->n_warnings, 0);
	CHECK_INT(v->raw_off, 0);
	parse_result_free(&r);
}

static void test_multi(void)
{
	size_t len;
	char *buf = test_fixture("anpa", "multi.anpa", &len);
	struct parse_result r;
	struct ow_err err = {0};
	struct parse_opts o = {.now = NOW};
	CHECK(buf != NULL);
	if (!buf)
		return;
	CHECK_INT(formats_parse(FORMAT_ANPA, buf, len, &o, &r, &err), 0);
	CHECK_INT(r.versions.n, 3);
	CHECK_INT(r.n_warnings, 0);
	if (r.versions.n == 3) {
		const struct version *a = r.versions.v[0], *b = r.versions.v[1],
				     *c = r.versions.v[2];
		CHECK_STR(a->item_id, "a0410");
		CHECK_INT(a->signal, SIGNAL_NEW);
		CHECK_STR(a->evolved_from, NULL);
		CHECK_STR(b->item_id, "a0418");
		CHECK_STR(b->evolved_from, "a0410");
		CHECK_INT(b->signal, SIGNAL_WRITETHRU);
		CHECK_INT(b->mark_ordinal, 1);
		CHECK_STR(b->headline,
			  "Fire shuts paper mill in Brindle; 80 jobs idled");
		CHECK_STR(b->ednote, "Adds jobs figure.");
		CHECK_STR(c->item_id, "a0425");
		CHECK_STR(c->evolved_from, "a0418");
		CHECK_INT(c->signal, SIGNAL_KILL);
		CHECK_INT(c->pubstatus, PUBSTATUS_CANCELED);
		CHECK_INT(c->priority, PRIORITY_BULLETIN);
		CHECK_STR(
			c->ednote,
			"Kill BC-US--Mill Fire. The story was sent in error.");
		/* every version names one whole frame, SYN to EOT */
		for (size_t i = 0; i < 3; i++) {
			const struct version *v = r.versions.v[i];
			CHECK_STR(v->slug, "US--Mill Fire");
			CHECK(v->raw_len > 10 &&
			      v->raw_off + v->raw_len <= len);
			CHECK_INT(buf[v->raw_off], 0x16);
			CHECK_INT(buf[v->raw_off + v->raw_len - 1], 0x04);
		}
		CHECK_INT(a->raw_off, 0);
		CHECK(b->raw_off > a->raw_off + a->raw_len); /* CRLF between */
		CHECK_INT(c->raw_off, b->raw_off + b->raw_len);
		CHECK_INT(a->versioncreated, NOW + 8 * 3600 + 12 * 60);
		CHECK_INT(c->versioncreated, NOW + 10 * 3600 + 4 * 60);
	}
	parse_result_free(&r);
	free(buf);
}

static void test_agate(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("agate.anpa", &r, &err), 0);
	if (r.versions.n != 1)
		return;
	const struct version *v = r.versions.v[0];
	CHECK_STR(v->headline, "Harbor League Glance");
	CHECK_STR(v->slug, "HKO--Harbor League Glance");
	CHECK_STR(v->byline, "By The Associated Press");
	CHECK_INT(v->priority, PRIORITY_ROUTINE);
	CHECK_INT(v->n_paras, 1);
	if (v->n_paras == 1) {
		CHECK_INT(v->paras[0].kind, PARA_PRE);
		/* tab-line indicator, space bands and '^' gone; '{' is ½;
		 * the END marker dropped; line breaks kept */
		CHECK_STR(v->paras[0].text, "All Times EST\n"
					    "NORTH DIVISION\n"
					    ";W;L;Pts;GB\n"
					    "Port Kessa;20;8;40;_\n"
					    "Brindle;18;10;36;2\xC2\xBD\n"
					    "Old Harbor   15  13  30  5\n"
					    "___\n"
					    "Saturday's Games\n"
					    "Port Kessa 4, Brindle 2\n"
					    "Old Harbor 3, Brindle 1, OT");
	}
	CHECK_INT(v->versioncreated, 1425269400); /* 2015-03-02 04:10 */
	parse_result_free(&r);
}

static void test_xinhua(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("xinhua.anpa", &r, &err), 0);
	if (r.versions.n != 1)
		return;
	const struct version *v = r.versions.v[0];
	CHECK_STR(v->source, "Xinhua");
	CHECK_STR(v->item_id, "x1234");
	CHECK_STR(v->slug, "China-Ports");
	CHECK_STR(v->headline, "China's port traffic rises 6 pct in 2014");
	CHECK_STR(v->dateline.place, "BEIJING");
	CHECK_STR(v->dateline.date, "Jan. 10");
	CHECK_STR(v->dateline.source, "Xinhua");
	CHECK_INT(v->n_paras, 2); /* "Enditem" dropped */
	if (v->n_paras == 2)
		CHECK_STR(v->paras[1].text,
			  "Container traffic grew faster than bulk cargo, it "
			  "said.");
	CHECK_INT(v->versioncreated, NOW + 8 * 3600 + 12 * 60);
	CHECK(test_has_warning(v, "no EOT") == false);
	parse_result_free(&r);
}

static void test_latin1_alert_headlines(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("latin1.anpa", &r, &err), 0);
	if (r.versions.n == 1) {
		const struct version *v = r.versions.v[0];
		CHECK_STR(v->headline, "Caf\xC3\xA9 band wins Kessa festival");
		CHECK(test_has_warning(v, "windows-1252"));
		parse_result_free(&r);
	}
	/* a news alert: no headline line, so the text after the dateline */
	CHECK_INT(parse_file("alert.anpa", &r, &err), 0);
	if (r.versions.n == 1) {
		const struct version *v = r.versions.v[0];
		CHECK_INT(v->priority, PRIORITY_BULLETIN);
		CHECK_STR(v->headline, "Brindle paper mill to close for good "
				       "after fire, owner says. More follows.");
		CHECK_STR(v->slug, "US--APNewsAlert");
		parse_result_free(&r);
	}
	/* header lines only: a routing code, the keyword line, a headline
	 * and the list that is the story */
	CHECK_INT(parse_file("headlines.anpa", &r, &err), 0);
	if (r.versions.n == 1) {
		const struct version *v = r.versions.v[0];
		CHECK_STR(v->headline, "AP Top Arts News at 6:00 p.m. EST");
		CHECK_STR(v->slug, "AP-Top-Arts-Headlines");
		CHECK_INT(v->n_paras, 3);
		if (v->n_paras == 3)
			CHECK_STR(v->paras[2].text,
				  "Brindle theatre names new director");
		CHECK_INT(v->n_warnings, 0);
		parse_result_free(&r);
	}
}

static void test_source_override(void)
{
	size_t len;
	char *buf = test_fixture("anpa", "story.anpa", &len);
	struct parse_result r;
	struct ow_err err = {0};
	struct parse_opts o = {.source = "Testwire", .now = NOW};
	if (!buf)
		return;
	CHECK_INT(formats_parse(FORMAT_ANPA, buf, len, &o, &r, &err), 0);
	if (r.versions.n)
		CHECK_STR(r.versions.v[0]->source, "Testwire");
	parse_result_free(&r);
	free(buf);
}

static void test_truncated(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	struct parse_opts o = {.now = NOW};
	/* a good message, then one cut off: the first kept, a warning */
	CHECK_INT(parse_file("truncated-tail.anpa", &r, &err), 0);
	CHECK_INT(r.versions.n, 1);
	CHECK_INT(r.n_warnings, 1);
	if (r.n_warnings) {
		CHECK(strstr(r.warnings[0], "no ETX") != NULL);
		CHECK(strstr(r.warnings[0], "byte 324") != NULL);
	}
	parse_result_free(&r);
	/* only a cut-off message: an error naming where */
	const char cut[] = "\x16\x16\x01"
			   "a0001\x1fxtest\nr a\x13\x11 BC-Cut 01-10 0010\r\n"
			   "\x02^BC-Cut,10<\r\n\t   The text goes on and";
	CHECK_INT(formats_parse(FORMAT_ANPA, cut, sizeof cut - 1, &o, &r, &err),
		  OW_EPARSE);
	CHECK(strstr(err.msg, "no ETX") != NULL);
	CHECK_INT(err.offset, 40); /* the STX */
	CHECK_INT(err.line, 3);
	/* a header with no STX */
	const char nostx[] = "\x16\x16\x01"
			     "a0001\x1fxtest\nr a\x13\x11 BC-Cut";
	CHECK_INT(formats_parse(FORMAT_ANPA, nostx, sizeof nostx - 1, &o, &r,
				&err),
		  OW_EPARSE);
	CHECK(strstr(err.msg, "no STX") != NULL);
	CHECK_INT(err.offset, 2);
	/* ETX missing but the next message starts: that one is read */
	const char two[] = "\x01"
			   "a0001\x1fx\nr a\x13\x11 BC-One 01-10 0010\n"
			   "\x02^Lost headline<\n\t   Cut"
			   "\x16\x16\x01"
			   "a0002\x1fx\nr a\x13\x11 BC-Two 01-10 0010\n"
			   "\x02^Second headline<\n\t   Whole.\n\x03\x04";
	CHECK_INT(formats_parse(FORMAT_ANPA, two, sizeof two - 1, &o, &r, &err),
		  0);
	CHECK_INT(r.versions.n, 1);
	if (r.versions.n) {
		CHECK_STR(r.versions.v[0]->item_id, "a0002");
		CHECK_STR(r.versions.v[0]->headline, "Second headline");
		CHECK_INT(r.versions.v[0]->raw_off, 57); /* its SYNs */
		/* no trailer: no time, and no EOT warning since it has one */
		CHECK_INT(r.versions.v[0]->versioncreated, 0);
	}
	CHECK_INT(r.n_warnings, 1);
	if (r.n_warnings)
		CHECK(strstr(r.warnings[0], "next message") != NULL);
	parse_result_free(&r);
}

static void test_hostile(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	struct parse_opts o = {.now = NOW};
	CHECK_INT(formats_parse(FORMAT_ANPA, "", 0, &o, &r, &err), OW_EPARSE);
	CHECK(strstr(err.msg, "no SOH") != NULL);
	/* control bytes only */
	const char ctl[] = "\x16\x16\x01\x02\x03\x04\x16\x01\x1f\x02\x03";
	CHECK_INT(formats_parse(FORMAT_ANPA, ctl, sizeof ctl - 1, &o, &r, &err),
		  OW_EPARSE);
	CHECK(strstr(err.msg, "service letter") != NULL);
	CHECK_INT(err.offset, 2);
	char only[256];
	memset(only, 0x16, sizeof only);
	CHECK_INT(formats_parse(FORMAT_ANPA, only, sizeof only, &o, &r, &err),
		  OW_EPARSE);
	/* NUL bytes inside the text: dropped and counted */
	const char nul[] = "\x01"
			   "a0001\x1fx\nr a\x13\x11 BC-Nul 01-10 0010\n"
			   "\x02^Null\0 bytes<\n\t   Te\0xt with N\0ULs.\n"
			   "\x03\x04";
	CHECK_INT(formats_parse(FORMAT_ANPA, nul, sizeof nul - 1, &o, &r, &err),
		  0);
	if (r.versions.n) {
		const struct version *v = r.versions.v[0];
		CHECK_STR(v->headline, "Null bytes");
		CHECK_STR(v->paras[0].text, "Text with NULs.");
		CHECK(test_has_warning(v, "3 control bytes removed"));
	}
	parse_result_free(&r);
	/* invalid UTF-8: read as Windows-1252, output valid UTF-8 */
	const char bad[] = "\x01"
			   "a0001\x1fx\nr a\x13\x11 BC-Bad 01-10 0010\n"
			   "\x02^Bad \xff\xfe bytes \xc3<\n\t   Body \x81.\n"
			   "\x03\x04";
	CHECK_INT(formats_parse(FORMAT_ANPA, bad, sizeof bad - 1, &o, &r, &err),
		  0);
	if (r.versions.n) {
		const struct version *v = r.versions.v[0];
		CHECK(utf8_valid(v->headline, strlen(v->headline)));
		CHECK(utf8_valid(v->paras[0].text, strlen(v->paras[0].text)));
		CHECK(test_has_warning(v, "not UTF-8"));
	}
	parse_result_free(&r);
	/* a frame with no ETX at all, and nothing else */
	const char noetx[] = "\x01"
			     "a0001\x1fx\nr a\x13\x11 BC-N 01-10 0010\n"
			     "\x02^Headline<\n\t   Body.\n\x04";
	CHECK_INT(formats_parse(FORMAT_ANPA, noetx, sizeof noetx - 1, &o, &r,
				&err),
		  OW_EPARSE);
	CHECK(strstr(err.msg, "no ETX") != NULL);
	/* text that is neither headline nor body */
	const char empty[] = "\x01"
			     "a0001\x1fx\nr a\x13\x11 BC-E 01-10 0010\n"
			     "\x02\n \n\x03\x04";
	CHECK_INT(formats_parse(FORMAT_ANPA, empty, sizeof empty - 1, &o, &r,
				&err),
		  OW_EPARSE);
	CHECK(strstr(err.msg, "a0001") != NULL);
}

static void test_big_line(void)
{
	const char head[] = "\x16\x16\x01"
			    "a0001\x1fx\nr a\x13\x11 BC-Big 01-10 9999\n"
			    "\x02\t   ";
	size_t n = 1u << 20, hl = sizeof head - 1;
	char *buf = malloc(hl + n + 2);
	if (!buf)
		return;
	memcpy(buf, head, hl);
	for (size_t i = 0; i < n; i++)
		buf[hl + i] = i % 6 == 5 ? ' ' : "words"[i % 6];
	buf[hl + n] = 0x03;
	buf[hl + n + 1] = 0x04;
	struct parse_result r;
	struct ow_err err = {0};
	struct parse_opts o = {.now = NOW};
	CHECK_INT(formats_parse(FORMAT_ANPA, buf, hl + n + 2, &o, &r, &err), 0);
	if (r.versions.n == 1) {
		const struct version *v = r.versions.v[0];
		CHECK_INT(v->n_paras, 1);
		CHECK(strlen(v->headline) <= 250);
		CHECK(strlen(v->headline) > 200);
		CHECK_INT(v->word_count, (int)(n / 6) + 1); /* + "word" */
	}
	parse_result_free(&r);
	/* the same bytes with no framing are no ANPA */
	memset(buf, 'x', hl + n + 2);
	CHECK_INT(formats_parse(FORMAT_ANPA, buf, hl + n + 2, &o, &r, &err),
		  OW_EPARSE);
	free(buf);
}

/* Detection picks ANPA for ANPA and IPTC 7901 for IPTC 7901, both ways. */
static void test_detect(void)
{
	static const char *const anpa[] = {
		"story.anpa",     "multi.anpa",         "agate.anpa",
		"xinhua.anpa",    "latin1.anpa",        "alert.anpa",
		"headlines.anpa", "truncated-tail.anpa"};
	static const char *const iptc[] = {"story.txt", "lead.txt",
					   "advisory.txt", "multi.txt"};
	for (size_t i = 0; i < sizeof anpa / sizeof *anpa; i++) {
		size_t len;
		char *buf = test_fixture("anpa", anpa[i], &len);
		enum format f = FORMAT_UNKNOWN;
		struct ow_err err = {0};
		CHECK(buf && formats_detect(buf, len, &f, &err) == 0);
		if (f != FORMAT_ANPA)
			fprintf(stderr, "%s: %s\n", anpa[i], format_name(f));
		CHECK_INT(f, FORMAT_ANPA);
		free(buf);
	}
	for (size_t i = 0; i < sizeof iptc / sizeof *iptc; i++) {
		size_t len;
		char *buf = test_fixture("iptc7901", iptc[i], &len);
		enum format f = FORMAT_UNKNOWN;
		struct ow_err err = {0};
		CHECK(buf && formats_detect(buf, len, &f, &err) == 0);
		CHECK_INT(f, FORMAT_IPTC7901);
		free(buf);
	}
}

static void expect_stamp(const char *s, int64_t want, bool zone)
{
	int64_t t = 0;
	bool had = !zone;
	bool ok = time_parse_wire_stamp(s, strlen(s), NOW, &t, &had);
	if (!ok || t != want || had != zone) {
		fprintf(stderr, "stamp \"%s\": ok %d t %lld zone %d\n", s, ok,
			(long long)t, had);
		test_failures++;
	}
}

static void test_wire_stamp(void)
{
	expect_stamp("AP-NY-01-10-15 1532GMT", NOW + 55920, true);
	expect_stamp("AP-WF-01-10-15 1532GMT<", NOW + 55920, true);
	expect_stamp("AP-NY-01-10-15 1032EST", NOW + 55920, true);
	expect_stamp("AP-NY-01-10-15 1532", NOW + 55920, false);
	expect_stamp("101532 GMT Jan 15", NOW + 55920, true);
	expect_stamp("101532 Jan 15", NOW + 55920, false);
	expect_stamp("101632 MEZ Jan 2015", NOW + 55920, true);
	/* no year: the one nearest now */
	expect_stamp("101532 GMT Jan", NOW + 55920, true);
	expect_stamp("301200 GMT Dez", 1419940800, true); /* 2014-12-30 */
	expect_stamp("071341 GMT Okt 15", 1444225260, true);
	expect_stamp("011200 GMT M\xC3\xA4r 15", 1425211200, true);
	int64_t t;
	bool z;
	CHECK(!time_parse_wire_stamp("", 0, NOW, &t, &z));
	CHECK(!time_parse_wire_stamp("AP-NY-13-40-15 1532GMT", 22, NOW, &t,
				     &z));
	CHECK(!time_parse_wire_stamp("321532 GMT Jan 15", 17, NOW, &t, &z));
	CHECK(!time_parse_wire_stamp("102532 GMT Jan 15", 17, NOW, &t, &z));
	CHECK(!time_parse_wire_stamp("101532 XYZ Jan 15", 17, NOW, &t, &z));
	CHECK(!time_parse_wire_stamp("101532 GMT Jan", 14, 0, &t, &z));
	CHECK(!time_parse_wire_stamp("101532 GMT Jan 15 extra", 23, NOW, &t,
				     &z));
	CHECK(!time_parse_wire_stamp("Enditem", 7, NOW, &t, &z));
}

int main(void)
{
	RUN(test_story);
	RUN(test_multi);
	RUN(test_agate);
	RUN(test_xinhua);
	RUN(test_latin1_alert_headlines);
	RUN(test_source_override);
	RUN(test_truncated);
	RUN(test_hostile);
	RUN(test_big_line);
	RUN(test_detect);
	RUN(test_wire_stamp);
	return TEST_REPORT();
}
