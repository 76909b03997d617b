/* Unit tests for the XML renderings (src/render/xml_write.c, atom.c, rss.c,
 * nitf_out.c, newsmlg2_out.c): the character filter on what the parsers
 * would never hand over (broken UTF-8, surrogates, noncharacters), and every
 * document staying well-formed XML, checked by libxml2 without recovery. */
#include "render/feeds.h"
#include "render/xml_write_int.h"

#include "test.h"

#include <libxml/parser.h>
#include <stdlib.h>

static void expect_clean(const char *in, const char *want)
{
	struct xw x;
	CHECK(xw_begin(&x));
	CHECK_STR(xw_clean(&x, in), want);
	free(xw_finish(&x, NULL));
}

static void test_clean(void)
{
	struct xw x;
	CHECK(xw_begin(&x));
	const char *s = "already clean: caf\xc3\xa9 \xf0\x9f\x93\xb0";
	CHECK(xw_clean(&x, s) == s); /* no copy when nothing changes */
	CHECK(xw_clean(&x, NULL) == NULL);
	free(xw_finish(&x, NULL));
	expect_clean("a\x01"
		     "b\x7f"
		     "c\x1b"
		     "d",
		     "abcd");
	expect_clean("tab\tLF\nCR\r.", "tab\tLF\nCR.");
	expect_clean("C1 \xc2\x85\xc2\x9f.", "C1 .");
	expect_clean("bad \xff byte", "bad \xef\xbf\xbd byte");
	expect_clean("overlong \xc0\xaf", "overlong \xef\xbf\xbd\xef\xbf\xbd");
	expect_clean("surrogate \xed\xa0\x80.",
		     "surrogate \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd.");
	expect_clean("nonchar \xef\xbf\xbe\xef\xbf\xbf\xef\xb7\x90.",
		     "nonchar .");
	expect_clean("past U+10FFFF \xf4\x90\x80\x80",
		     "past U+10FFFF \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
		     "\xef\xbf\xbd");
	expect_clean("cut \xe2\x82", "cut \xef\xbf\xbd\xef\xbf\xbd");
	expect_clean("\xc3\xa9\xe2\x82\xac\xf0\x9f\x93\xb0",
		     "\xc3\xa9\xe2\x82\xac\xf0\x9f\x93\xb0");
}

static void test_times_and_langs(void)
{
	char b[40];
	xw_time_rfc822(0, b, sizeof b);
	CHECK_STR(b, "Thu, 01 Jan 1970 00:00:00 +0000");
	xw_time_rfc822(1772528400, b, sizeof b);
	CHECK_STR(b, "Tue, 03 Mar 2026 09:00:00 +0000");
	xw_time_basic(1772528400, b, sizeof b);
	CHECK_STR(b, "20260303T090000Z");
	CHECK(xw_lang_ok("en"));
	CHECK(xw_lang_ok("pt-BR"));
	CHECK(xw_lang_ok("zh-Hant-TW"));
	CHECK(!xw_lang_ok(""));
	CHECK(!xw_lang_ok(NULL));
	CHECK(!xw_lang_ok("en-"));
	CHECK(!xw_lang_ok("-en"));
	CHECK(!xw_lang_ok("en\"x"));
	CHECK(!xw_lang_ok("toolongsubtag"));
}

/* Well-formed for a strict parser: no recovery, no network, no entities. */
static bool well_formed(const char *doc, size_t len)
{
	xmlDocPtr d = xmlReadMemory(doc, (int)len, "out.xml", NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR |
					    XML_PARSE_NOWARNING);
	if (d)
		xmlFreeDoc(d);
	return d != NULL;
}

static bool has_forbidden(const char *doc, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)doc[i];
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			return true;
	}
	return false;
}

/* Everything a story holds, hostile. */
#define EVIL                                                                   \
	"<script>alert(1)</script> \"' & ]]> <![CDATA[ \x01\x0b\x1b\x7f "      \
	"\xc2\x85 \xff\xfe \xed\xa0\x80 \xef\xbf\xbe \xc0\xaf end"

static void hostile_story(struct story *st, struct version *v,
			  struct para *paras, struct subject *sub)
{
	memset(st, 0, sizeof *st);
	memset(v, 0, sizeof *v);
	sub->code = EVIL;
	sub->name = EVIL;
	sub->scheme = EVIL;
	paras[0] = (struct para){PARA_TEXT, EVIL};
	paras[1] = (struct para){PARA_PRE, EVIL "\n" EVIL};
	v->subjects = sub;
	v->n_subjects = 1;
	v->language = "en\"><x>";
	v->ednote = EVIL;
	v->dateline = (struct dateline){EVIL, EVIL, EVIL};
	st->sum = (struct story_summary){
		.id = 7,
		.headline = EVIL,
		.slug = EVIL,
		.source = EVIL,
		.byline = EVIL,
		.place = EVIL,
		.priority = PRIORITY_FLASH,
		.versioncreated = 1772528400,
		.firstcreated = 1772528400,
		.changed_at = 1772528400,
		.version = 2,
		.corrected = true,
	};
	st->current = v;
	st->paras = paras;
	st->n_paras = 2;
	st->correction_note = EVIL;
}

static void test_documents_stay_well_formed(void)
{
	struct story st[2];
	struct version v[2];
	struct para paras[2][2];
	struct subject sub[2];
	hostile_story(&st[0], &v[0], paras[0], &sub[0]);
	hostile_story(&st[1], &v[1], paras[1], &sub[1]);
	st[1].body_html = "<p>" EVIL "</p>";
	struct feed_gone gone = {3, 1772528400, EVIL, EVIL};
	struct feed_doc f = {
		.base = "http://127.0.0.1:8080",
		.self = "http://127.0.0.1:8080/feeds/atom?q=" EVIL,
		.id = FEED_TAG "feed?q=" EVIL,
		.title = EVIL,
		.updated = 1772528400,
		.entries = st,
		.n = 2,
		.gone = &gone,
		.n_gone = 1,
	};
	char *(*const render[])(const struct feed_doc *,
				size_t *) = {render_feed_atom, render_feed_rss};
	for (size_t i = 0; i < 2; i++) {
		size_t len = 0;
		char *doc = render[i](&f, &len);
		CHECK(doc && len == strlen(doc));
		CHECK(doc && well_formed(doc, len));
		CHECK(doc && !has_forbidden(doc, len));
		CHECK(doc && !strstr(doc, "<script"));
		free(doc);
	}
	for (size_t i = 0; i < 2; i++) {
		size_t len = 0;
		char *doc = render_story_nitf(&st[i], &len);
		CHECK(doc && well_formed(doc, len) && !has_forbidden(doc, len));
		CHECK(doc && !strstr(doc, "<script") && !strstr(doc, "<x>"));
		free(doc);
		doc = render_story_newsmlg2(&st[i], &len);
		CHECK(doc && well_formed(doc, len) && !has_forbidden(doc, len));
		CHECK(doc && !strstr(doc, "<script") && !strstr(doc, "<x>"));
		free(doc);
	}
	/* an empty feed is still a feed */
	struct feed_doc empty = {.base = "http://h",
				 .self = "http://h/f",
				 .id = FEED_TAG "feed",
				 .title = "t"};
	size_t len;
	char *doc = render_feed_atom(&empty, &len);
	CHECK(doc && well_formed(doc, len) && strstr(doc, "<updated>"));
	free(doc);
	doc = render_feed_rss(&empty, &len);
	CHECK(doc && well_formed(doc, len));
	free(doc);
}

int main(void)
{
	RUN(test_clean);
	RUN(test_times_and_langs);
	RUN(test_documents_stay_well_formed);
	return TEST_REPORT();
}
