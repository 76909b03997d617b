/* Unit tests for src/text: UTF-8, charsets, times, paragraphs, end markers,
 * datelines and the HTML sanitiser. */
#include "text/text.h"

#include "common/ow_error.h"
#include "test.h"

#include <stdlib.h>

static void test_utf8(void)
{
	CHECK(utf8_valid("plain", 5));
	CHECK(utf8_valid("M\xc3\xbcller", 7));
	CHECK(!utf8_valid("M\xfcller", 6));
	CHECK(!utf8_valid("\xc0\xaf", 2));         /* overlong */
	CHECK(!utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
	CHECK(!utf8_valid("\xf4\x90\x80\x80", 4)); /* past U+10FFFF */
	struct arena *a = arena_new();
	size_t bad, ctl;
	char *r = utf8_repair(a,
			      "a\xff"
			      "b\x01"
			      "c\0d",
			      7, &bad, &ctl);
	CHECK_STR(r, "a\xef\xbf\xbd"
		     "bcd");
	CHECK_INT(bad, 1);
	CHECK_INT(ctl, 2);
	CHECK_INT(utf8_bom("\xef\xbb\xbfx", 4), 3);
	arena_free(a);
}

static void test_charset(void)
{
	struct arena *a = arena_new();
	char *out;
	size_t n;
	struct ow_err err = {0};
	CHECK_INT(charset_to_utf8(a, "ISO-8859-1", "M\xfcller", 6, &out, &n,
				  &err),
		  0);
	CHECK_STR(out, "M\xc3\xbcller");
	CHECK_INT(charset_to_utf8(a, "no-such-charset", "x", 1, &out, &n, &err),
		  OW_EINVAL);
	CHECK(strstr(err.msg, "no-such-charset") != NULL);
	CHECK_INT(charset_to_utf8(a, "UTF-8", "ok\xff", 3, &out, &n, &err),
		  OW_EPARSE);
	CHECK(strstr(err.msg, "0xff") != NULL);
	const char *how;
	CHECK_STR(text_decode_8bit(a, "caf\xe9 \x93quoted\x94", 13, &how),
		  "caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d");
	CHECK_STR(how, "windows-1252");
	CHECK_STR(text_decode_8bit(a, "caf\xc3\xa9", 5, &how), "caf\xc3\xa9");
	CHECK_STR(how, "utf-8");
	/* 0x81 is undefined in Windows-1252: ISO-8859-1 takes it */
	text_decode_8bit(a, "x\x81y", 3, &how);
	CHECK_STR(how, "iso-8859-1");
	arena_free(a);
}

static void test_times(void)
{
	int64_t t;
	bool zone;
	CHECK(time_parse_iso("2015-01-10T08:12:00Z", &t, &zone));
	CHECK_INT(t, 1420877520);
	CHECK(zone);
	CHECK(time_parse_iso("2017-08-24T04:38:34+0000", &t, &zone));
	CHECK_INT(t, 1503549514);
	CHECK(time_parse_iso("2015-01-10T09:12:00+01:00", &t, &zone));
	CHECK_INT(t, 1420877520);
	CHECK(time_parse_iso("20150110T081200Z", &t, &zone));
	CHECK_INT(t, 1420877520);
	CHECK(time_parse_iso("2018-05-28T16:40:08", &t, &zone));
	CHECK(!zone);
	CHECK(time_parse_iso("2015-01-10", &t, &zone));
	CHECK_INT(t, 1420848000);
	CHECK(time_parse_iso("2016-05-24 20:53:25+00:00", &t, &zone));
	CHECK_INT(t, 1464123205);
	CHECK(!time_parse_iso("2015-02-30T00:00:00Z", &t, &zone));
	CHECK(!time_parse_iso("yesterday", &t, &zone));
	CHECK(!time_parse_iso("2015-01-10T08:12:00Zjunk", &t, &zone));
	CHECK(time_parse_rfc822("Sat, 10 Jan 2015 08:12:00 GMT", &t, &zone));
	CHECK_INT(t, 1420877520);
	CHECK(time_parse_rfc822("10 Jan 2015 03:12:00 -0500", &t, &zone));
	CHECK_INT(t, 1420877520);
	CHECK(time_parse_rfc822("Sat, 10 Jan 2015 03:12:00 EST", &t, &zone));
	CHECK_INT(t, 1420877520);
	CHECK(time_parse_written("January 10, 2015", 16, &t));
	CHECK_INT(t, 1420848000);
	CHECK(time_parse_written("Jan. 10, 2015", 13, &t));
	CHECK(time_parse_written("10 January 2015", 15, &t));
	CHECK(!time_parse_written("Xinhua, January 10", 18, &t));
	CHECK_INT(time_month("Sept.", 5), 9);
	CHECK_INT(time_month("Ma", 2), 0);
	char b[32];
	time_format_rfc3339(1420877520, b, sizeof b);
	CHECK_STR(b, "2015-01-10T08:12:00Z");
	time_format_rfc3339(-1, b, sizeof b);
	CHECK_STR(b, "1969-12-31T23:59:59Z");
}

static void test_end_markers(void)
{
	CHECK(text_is_end_marker("Endit", 5));
	CHECK(text_is_end_marker("  ENDITEM ", 10));
	CHECK(text_is_end_marker("(END)", 5));
	CHECK(text_is_end_marker("-0-", 3));
	CHECK(text_is_end_marker("ENDS", 4));
	CHECK(!text_is_end_marker("ends", 4));
	CHECK(text_is_end_marker("AP-NY-01-10-15 1532GMT", 22));
	CHECK(!text_is_end_marker("The end of an era", 17));
	size_t n = 19;
	CHECK(text_strip_trailing_marker("He said so. Enditem", &n));
	CHECK_INT(n, 11);
	n = 17;
	CHECK(!text_strip_trailing_marker("the war ends here", &n));
}

static void test_paragraphs(void)
{
	struct arena *a = arena_new();
	struct version *v = version_new(a);
	const char *t =
		"First line\nwraps here.\r\n\r\nSecond   para.\n\nENDS\n";
	CHECK_INT(text_add_paras(a, v, t, strlen(t), false), 0);
	CHECK_INT(v->n_paras, 2);
	CHECK_STR(v->paras[0].text, "First line wraps here.");
	CHECK_STR(v->paras[1].text, "Second para.");
	struct version *w = version_new(a);
	t = "\tOne starts\ncontinues\n\tTwo starts\n";
	CHECK_INT(text_add_paras(a, w, t, strlen(t), true), 0);
	CHECK_INT(w->n_paras, 2);
	CHECK_STR(w->paras[1].text, "Two starts");
	arena_free(a);
}

static void expect_dateline(const char *s, const char *place, const char *date,
			    const char *src, const char *rest)
{
	struct arena *a = arena_new();
	struct dateline d;
	size_t used = 0;
	bool ok = dateline_parse(a, s, strlen(s), &d, &used);
	if (!place) {
		CHECK(!ok);
	} else {
		CHECK(ok);
		if (ok) {
			CHECK_STR(d.place, place);
			CHECK_STR(d.date, date);
			CHECK_STR(d.source, src);
			CHECK_STR(s + used, rest);
		}
	}
	arena_free(a);
}

static void test_datelines(void)
{
	expect_dateline("BEIJING, Jan. 10 (Xinhua) -- China said.", "BEIJING",
			"Jan. 10", "Xinhua", "China said.");
	expect_dateline("ATLANTA (AP) _ The mayor said.", "ATLANTA", NULL, "AP",
			"The mayor said.");
	expect_dateline("LONDON, March 3 - Shares fell.", "LONDON", "March 3",
			NULL, "Shares fell.");
	expect_dateline("SAN FRANCISCO, Calif. (AP) _ Fog.",
			"SAN FRANCISCO, Calif.", NULL, "AP", "Fog.");
	expect_dateline("NEW YORK, Feb 26 (Reuter) - Text.", "NEW YORK",
			"Feb 26", "Reuter", "Text.");
	expect_dateline("He said it was - really - fine.", NULL, NULL, NULL,
			NULL);
	expect_dateline("NATO - the alliance - met.", NULL, NULL, NULL, NULL);
}

static void test_html(void)
{
	struct arena *a = arena_new();
	struct version *v = version_new(a);
	struct ow_err err = {0};
	const char *h =
		"<p>One <b>bold</b> &amp; <script>alert(1)</script>safe.</p>"
		"<p onclick=\"x()\">Two <a href=\"javascript:evil()\">bad</a> "
		"<a href=\"https://example.com/?a=1&amp;b=2\">good</a></p>"
		"<style>p{}</style><div>Three<br>Four</div>"
		"<pre>col1  col2\nrow1  row2</pre>";
	CHECK_INT(html_to_body(a, v, h, strlen(h), &err), 0);
	CHECK_INT(v->n_paras, 5);
	CHECK_STR(v->paras[0].text, "One bold & safe.");
	CHECK_STR(v->paras[1].text, "Two bad good");
	CHECK_STR(v->paras[2].text, "Three");
	CHECK_STR(v->paras[3].text, "Four");
	CHECK_INT(v->paras[4].kind, PARA_PRE);
	CHECK_STR(v->paras[4].text, "col1  col2\nrow1  row2");
	CHECK(strstr(v->body_html, "<script") == NULL);
	CHECK(strstr(v->body_html, "alert") == NULL);
	CHECK(strstr(v->body_html, "onclick") == NULL);
	CHECK(strstr(v->body_html, "javascript:") == NULL);
	CHECK(strstr(v->body_html, "<b>bold</b>") != NULL);
	CHECK(strstr(v->body_html,
		     "href=\"https://example.com/?a=1&amp;b=2\"") != NULL);
	CHECK(strstr(v->body_html, "&amp; ") != NULL);
	/* entities decoded once: "&amp;lt;" is the text "&lt;" */
	struct version *w = version_new(a);
	h = "<p>&amp;lt;tag&amp;gt;</p>";
	CHECK_INT(html_to_body(a, w, h, strlen(h), &err), 0);
	CHECK_STR(w->paras[0].text, "&lt;tag&gt;");
	/* an end-marker paragraph leaves the markup too */
	struct version *z = version_new(a);
	h = "<p>Story.</p><p>Endit</p>";
	CHECK_INT(html_to_body(a, z, h, strlen(h), &err), 0);
	CHECK_INT(z->n_paras, 1);
	CHECK_STR(z->body_html, "<p>Story.</p>");
	/* sibling paragraphs stay siblings; padding paragraphs are dropped */
	struct version *y = version_new(a);
	h = "<p>First.</p><p>\xc2\xa0</p><p>Second.</p>";
	CHECK_INT(html_to_body(a, y, h, strlen(h), &err), 0);
	CHECK_INT(y->n_paras, 2);
	CHECK(strstr(y->body_html, "<p>First.</p>") != NULL);
	CHECK(strstr(y->body_html, "<p><p>") == NULL);
	/* deep nesting is bounded, not a crash */
	struct version *x = version_new(a);
	size_t depth = 10000;
	char *deep = malloc(depth * 5 + 16);
	size_t o = 0;
	for (size_t i = 0; i < depth; i++)
		o += (size_t)snprintf(deep + o, 6, "<div>");
	memcpy(deep + o, "x", 2);
	int rc = html_to_body(a, x, deep, strlen(deep), &err);
	CHECK(rc == 0 || rc == OW_ETOOBIG);
	free(deep);
	arena_free(a);
}

int main(void)
{
	RUN(test_utf8);
	RUN(test_charset);
	RUN(test_times);
	RUN(test_end_markers);
	RUN(test_paragraphs);
	RUN(test_datelines);
	RUN(test_html);
	return TEST_REPORT();
}
