/* Unit tests for the feed readers (src/formats/feed_*.c): RSS 2.0, RSS 1.0,
 * WordPress exports, Atom feeds and entries, deleted entries, the charset
 * and well-formedness repairs, and hostile input. Fixtures live in
 * tests/data/rss and tests/data/atom. */
#include "formats/formats_int.h"

#include "common/fileio.h"
#include "test.h"

#include <stdlib.h>

#define DATA_RSS OW_TEST_DATA "/rss/"
#define DATA_ATOM OW_TEST_DATA "/atom/"

static struct parse_result res;
static struct ow_err err;
static char *input;
static size_t input_len;

/* Parses buf as `f`; returns the parser's code. res and err hold the rest. */
static int parse_mem(enum format f, const char *buf, size_t len,
		     const char *source)
{
	struct parse_opts o = {.source = source, .now = 1700000000};
	memset(&err, 0, sizeof err);
	return formats_parse(f, buf, len, &o, &res, &err);
}

static int parse_file(enum format f, const char *path)
{
	free(input);
	input = NULL;
	if (file_read_all(path, 1 << 24, &input, &input_len, &err)) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		test_failures++;
		return OW_EIO;
	}
	return parse_mem(f, input, input_len, NULL);
}

static bool has_warning(const char *const *w, size_t n, const char *needle)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(w[i], needle))
			return true;
	return false;
}

#define INPUT_WARNS(needle) has_warning(res.warnings, res.n_warnings, needle)
#define VERSION_WARNS(v, needle)                                               \
	has_warning((v)->warnings, (v)->n_warnings, needle)

/* Every string of every version is valid UTF-8 without C0 controls. */
static void check_clean(void)
{
	for (size_t i = 0; i < res.versions.n; i++) {
		const struct version *v = res.versions.v[i];
		const char *s[] = {v->headline, v->byline,    v->source,
				   v->item_id,  v->body_html, v->language};
		for (size_t k = 0; k < sizeof s / sizeof *s; k++)
			CHECK(!s[k] || utf8_valid(s[k], strlen(s[k])));
		for (size_t k = 0; k < v->n_paras; k++) {
			const char *p = v->paras[k].text;
			CHECK(utf8_valid(p, strlen(p)));
			for (const char *c = p; *c; c++)
				CHECK((unsigned char)*c >= 0x20 || *c == '\n');
		}
	}
}

/* The item's raw bytes start with the open tag and end with the close. */
static void check_raw(const struct version *v, const char *open,
		      const char *close)
{
	CHECK(v->raw_off + v->raw_len <= input_len);
	CHECK(!strncmp(input + v->raw_off, open, strlen(open)));
	size_t cl = strlen(close);
	CHECK(v->raw_len >= cl &&
	      !memcmp(input + v->raw_off + v->raw_len - cl, close, cl));
}

static void expect_error(enum format f, const char *buf, size_t len,
			 const char *needle);

/* ------------------------------------------------------------------- RSS */

static void test_rss_wire(void)
{
	CHECK_INT(parse_file(FORMAT_RSS, DATA_RSS "wire.xml"), 0);
	CHECK_INT(res.versions.n, 3);
	CHECK_INT(res.n_warnings, 0);
	if (res.versions.n != 3)
		return;
	check_clean();
	const struct version *v = res.versions.v[0];
	CHECK_STR(v->format, "rss");
	CHECK_STR(v->source, "Harbour Wire - Top News");
	CHECK_STR(v->item_id, "hw-2024-0001");
	CHECK_STR(v->headline, "Port strike ends after pay deal & bonus");
	CHECK_INT(v->signal, SIGNAL_UPDATE);
	CHECK_INT(v->mark_ordinal, 1);
	CHECK_STR(v->byline, "Mara Lindqvist, Tom Okafor");
	CHECK_STR(v->language, "en-gb");
	CHECK_INT(v->versioncreated, 1709645400); /* 2024-03-05T13:30:00Z */
	CHECK_INT(v->n_subjects, 2);
	if (v->n_subjects == 2) {
		CHECK_STR(v->subjects[0].name, "Labour");
		CHECK_STR(v->subjects[0].scheme,
			  "https://www.harbourwire.example/topics");
		CHECK_STR(v->subjects[1].name, "Shipping");
	}
	/* content:encoded wins over description; the script and the
	 * "Continue reading..." teaser are gone; media:* is not the story */
	CHECK_INT(v->n_paras, 2);
	if (v->n_paras == 2) {
		CHECK_STR(v->paras[0].text,
			  "Dock workers voted to end a nine-day strike on "
			  "Tuesday.");
		CHECK_STR(v->paras[1].text,
			  "The deal raises pay by 6% & adds a bonus, the "
			  "union said.");
	}
	CHECK(v->body_html && strstr(v->body_html, "<b>nine-day</b>"));
	CHECK(v->body_html && !strstr(v->body_html, "script"));
	CHECK(v->body_html && !strstr(v->body_html, "Continue reading"));
	CHECK(v->body_html && !strstr(v->body_html, "alert"));
	{
		const char *h = v->body_html ? v->body_html : "";
		size_t hl = strlen(h);
		CHECK(hl > 4 && !strcmp(h + hl - 4, "</p>"));
	}
	check_raw(v, "<item>", "</item>");

	/* escaped HTML in description, entities decoded once per layer */
	v = res.versions.v[1];
	CHECK_STR(v->item_id, "https://www.harbourwire.example/news/"
			      "ferry-timetable");
	CHECK_STR(v->byline, "Ana Ruiz");
	CHECK_INT(v->versioncreated, 1709715600); /* 2024-03-06T09:00:00Z */
	CHECK_INT(v->n_paras, 2);
	if (v->n_paras == 2) {
		CHECK_STR(v->paras[0].text,
			  "Ferries to the islands run hourly from April.");
		CHECK_STR(v->paras[1].text, "Tickets cost \xc2\xa3"
					    "4 & up.");
	}
	CHECK(v->body_html && strstr(v->body_html, "<i>hourly</i>"));

	/* no guid: the link is the id; a bad date warns, the item stays;
	 * plain text description split on its blank line */
	v = res.versions.v[2];
	CHECK_STR(v->item_id,
		  "https://www.harbourwire.example/news/harbour-master");
	CHECK_INT(v->versioncreated, 0);
	CHECK(VERSION_WARNS(v, "pubDate \"Thursday, the seventh of March\" "
			       "is not a date"));
	CHECK_INT(v->n_paras, 2);
	if (v->n_paras == 2)
		CHECK_STR(v->paras[1].text,
			  "Her successor starts on Monday & will live on "
			  "site.");
	CHECK(v->body_html == NULL);
	check_raw(v, "<item>", "</item>");
	parse_result_free(&res);
}

static void test_rss_source_override(void)
{
	CHECK_INT(parse_file(FORMAT_RSS, DATA_RSS "wire.xml"), 0);
	parse_result_free(&res);
	CHECK_INT(parse_mem(FORMAT_RSS, input, input_len, "Agency X"), 0);
	for (size_t i = 0; i < res.versions.n; i++)
		CHECK_STR(res.versions.v[i]->source, "Agency X");
	parse_result_free(&res);
}

static void test_rss1(void)
{
	CHECK_INT(parse_file(FORMAT_RSS, DATA_RSS "rdf.xml"), 0);
	CHECK_INT(res.versions.n, 2);
	if (res.versions.n != 2)
		return;
	check_clean();
	const struct version *v = res.versions.v[0];
	CHECK_STR(v->item_id, "https://valley-gazette.example/a/100");
	CHECK_STR(v->source, "Valley Gazette");
	CHECK_STR(v->headline, "Neue Br\xc3\xbc"
			       "cke er\xc3\xb6"
			       "ffnet");
	CHECK_STR(v->byline, "Jonas Weber");
	CHECK_STR(v->language, "de");
	CHECK_INT(v->versioncreated, 1709536500); /* 2024-03-04T07:15:00Z */
	CHECK_INT(v->n_subjects, 1);
	CHECK_INT(v->n_paras, 1);
	check_raw(v, "<item rdf:about=", "</item>");
	v = res.versions.v[1];
	CHECK_INT(v->versioncreated, 1709622000); /* read as UTC ... */
	CHECK(VERSION_WARNS(v,
			    "no time zone; read as UTC")); /* ... saying so */
	parse_result_free(&res);
}

static void test_rss_wxr(void)
{
	CHECK_INT(parse_file(FORMAT_RSS, DATA_RSS "wxr.xml"), 0);
	CHECK_INT(res.versions.n, 1);
	CHECK_INT(res.n_skipped, 1);
	if (res.n_skipped == 1) {
		CHECK(strstr(res.skipped[0].reason, "attachment") != NULL);
		CHECK_STR(res.skipped[0].item_id, "https://coastline.example/"
						  "wp-content/uploads/"
						  "header.jpg");
	}
	if (res.versions.n != 1)
		return;
	const struct version *v = res.versions.v[0];
	CHECK_STR(v->headline, "Storm closes coastal road");
	CHECK_STR(v->byline, "editor");
	CHECK_STR(v->source, "Coastline Notes");
	CHECK_INT(v->versioncreated, 1704213900); /* 2024-01-02T16:45:00Z */
	/* WordPress line breaks are its paragraphs; the excerpt is not */
	CHECK_INT(v->n_paras, 3);
	if (v->n_paras == 3) {
		CHECK_STR(v->paras[0].text, "By Staff");
		CHECK_STR(v->paras[2].text,
			  "Crews expect to reopen it on Thursday.");
	}
	CHECK_INT(v->n_subjects, 1);
	if (v->n_subjects == 1) {
		CHECK_STR(v->subjects[0].code, "weather");
		CHECK_STR(v->subjects[0].name, "Weather");
	}
	parse_result_free(&res);
}

static void test_rss_charsets(void)
{
	CHECK_INT(parse_file(FORMAT_RSS, DATA_RSS "latin1.xml"), 0);
	CHECK_INT(res.n_warnings, 0);
	if (res.versions.n == 1) {
		CHECK_STR(res.versions.v[0]->headline,
			  "R\xc3\xa9sum\xc3\xa9 of the week");
		CHECK_STR(res.versions.v[0]->source, "Caf\xc3\xa9 Journal");
	}
	parse_result_free(&res);

	CHECK_INT(parse_file(FORMAT_RSS, DATA_RSS "nodecl_latin1.xml"), 0);
	CHECK(INPUT_WARNS("declares no encoding and is not UTF-8"));
	if (res.versions.n == 1)
		CHECK_STR(res.versions.v[0]->headline, "Caf\xc3\xa9 opens");
	parse_result_free(&res);

	/* declared ISO-8859-1, bytes UTF-8: the label is wrong */
	static const char lie[] =
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
		"<rss version=\"2.0\"><channel><item><title>Caf\xc3\xa9"
		"</title></item></channel></rss>";
	CHECK_INT(parse_mem(FORMAT_RSS, lie, sizeof lie - 1, NULL), 0);
	CHECK(INPUT_WARNS("declares encoding \"ISO-8859-1\" but its bytes "
			  "are UTF-8"));
	if (res.versions.n == 1)
		CHECK_STR(res.versions.v[0]->headline, "Caf\xc3\xa9");
	parse_result_free(&res);

	/* declared ISO-8859-7 with bytes that charset does not have */
	static const char greek[] =
		"<?xml version=\"1.0\" encoding=\"ISO-8859-7\"?>\n"
		"<rss version=\"2.0\"><channel><item>\n<title>\xae\xd2\xff"
		"</title></item></channel></rss>";
	CHECK_INT(parse_mem(FORMAT_RSS, greek, sizeof greek - 1, NULL),
		  OW_EPARSE);
	CHECK(strstr(err.msg, "not valid ISO-8859-7") != NULL);
	CHECK_INT(err.line, 3);

	/* UTF-16 with a BOM, and UTF-16LE without one */
	static const char u16[] = "\xff\xfe<\0r\0s\0s\0>\0<\0i\0t\0e\0m\0>"
				  "\0<\0t\0i\0t\0l\0e\0>\0\xe9\0t\0\xe9\0<\0/"
				  "\0t\0i\0t\0l\0e\0>\0<\0/\0i\0t\0e\0m\0>\0<"
				  "\0/\0r\0s\0s\0>\0";
	CHECK_INT(parse_mem(FORMAT_RSS, u16, sizeof u16 - 1, NULL), 0);
	if (res.versions.n == 1)
		CHECK_STR(res.versions.v[0]->headline, "\xc3\xa9t\xc3\xa9");
	parse_result_free(&res);
	CHECK_INT(parse_mem(FORMAT_RSS, u16 + 2, sizeof u16 - 3, NULL), 0);
	if (res.versions.n == 1)
		CHECK_STR(res.versions.v[0]->headline, "\xc3\xa9t\xc3\xa9");
	parse_result_free(&res);
	/* an odd number of bytes is no UTF-16 */
	expect_error(FORMAT_RSS, u16, sizeof u16 - 2, "not valid UTF-16LE");

	/* an unknown charset name over UTF-8 bytes */
	static const char unknown[] =
		"<?xml version=\"1.0\" encoding=\"no-such-charset\"?>\n"
		"<rss version=\"2.0\"><channel><item><title>\xc3\xa9t\xc3\xa9"
		"</title></item></channel></rss>";
	CHECK_INT(parse_mem(FORMAT_RSS, unknown, sizeof unknown - 1, NULL), 0);
	CHECK(INPUT_WARNS("unknown encoding \"no-such-charset\""));
	if (res.versions.n == 1)
		CHECK_STR(res.versions.v[0]->headline, "\xc3\xa9t\xc3\xa9");
	parse_result_free(&res);
}

static void test_rss_repairs(void)
{
	CHECK_INT(parse_file(FORMAT_RSS, DATA_RSS "leading_space.xml"), 0);
	CHECK(INPUT_WARNS("before the XML declaration"));
	CHECK_INT(res.versions.n, 1);
	if (res.versions.n == 1)
		check_raw(res.versions.v[0], "<item>", "</item>");
	parse_result_free(&res);

	/* truncated: the complete item is kept, the cut one skipped */
	CHECK_INT(parse_file(FORMAT_RSS, DATA_RSS "truncated.xml"), 0);
	CHECK(INPUT_WARNS("not well-formed XML"));
	CHECK(INPUT_WARNS("line 12"));
	CHECK_INT(res.versions.n, 1);
	CHECK_INT(res.n_skipped, 1);
	if (res.versions.n == 1)
		CHECK_STR(res.versions.v[0]->headline, "First complete item");
	if (res.n_skipped == 1)
		CHECK(strstr(res.skipped[0].reason, "cut off") != NULL);
	parse_result_free(&res);

	/* HTML entities XML lacks, and a bare '&' in a URL */
	CHECK_INT(parse_file(FORMAT_RSS, DATA_RSS "html_entities.xml"), 0);
	CHECK(INPUT_WARNS("recovered"));
	if (res.versions.n == 1) {
		const struct version *v = res.versions.v[0];
		CHECK_STR(v->headline, "Fish\xc2\xa0&\xc2\xa0"
				       "chips prices rise");
		CHECK(v->n_paras == 1 &&
		      !strcmp(v->paras[0].text, "Cost up 5%\xe2\x80\x94see "
						"https://x.example/?a=1&b=2"));
	}
	parse_result_free(&res);
}

/* ------------------------------------------------------------------ Atom */

static void test_atom_feed(void)
{
	CHECK_INT(parse_file(FORMAT_ATOM, DATA_ATOM "feed.xml"), 0);
	CHECK_INT(res.versions.n, 4);
	if (res.versions.n != 4)
		return;
	check_clean();
	const struct version *v = res.versions.v[0];
	CHECK_STR(v->format, "atom");
	CHECK_STR(v->source, "Northern Dispatch");
	CHECK_STR(v->item_id, "tag:northern-dispatch.example,2024:1");
	/* type="html" title: markup dropped, then the wire mark read */
	CHECK_STR(v->headline, "Avalanche warning raised to level 4");
	CHECK_INT(v->priority, PRIORITY_URGENT);
	CHECK_STR(v->byline, "Sami Niemi, Liv Berg");
	CHECK_STR(v->language, "en");
	CHECK_INT(v->firstcreated, 1710046800);   /* 2024-03-10T05:00:00Z */
	CHECK_INT(v->versioncreated, 1710055800); /* 2024-03-10T07:30:00Z */
	CHECK_INT(v->n_subjects, 2);
	if (v->n_subjects == 2) {
		CHECK_STR(v->subjects[0].code, "weather");
		CHECK_STR(v->subjects[0].name, "Weather");
		CHECK_STR(v->subjects[1].code, "safety");
	}
	CHECK_INT(v->n_paras, 2); /* content, not the summary */
	if (v->n_paras == 2)
		CHECK_STR(v->paras[1].text,
			  "Skiers should stay on marked runs & check "
			  "updates.");
	CHECK(v->body_html && strstr(v->body_html, "<em>level 4</em>"));
	check_raw(v, "<entry>", "</entry>");

	v = res.versions.v[1]; /* xhtml content, own language, feed author */
	CHECK_STR(v->language, "sv");
	CHECK_STR(v->byline, "Dispatch Desk");
	CHECK_INT(v->n_paras, 2);
	if (v->n_paras == 2)
		CHECK_STR(v->paras[0].text,
			  "Den nya f\xc3\xa4rjan tar 400 passagerare.");
	CHECK(v->body_html && strstr(v->body_html, "<strong>400</strong>"));
	CHECK(v->body_html && !strstr(v->body_html, "<div"));

	v = res.versions.v[2]; /* type="text": paragraphs, no markup */
	CHECK_INT(v->n_paras, 2);
	if (v->n_paras == 2)
		CHECK_STR(v->paras[1].text,
			  "It approved the budget & a new library.");
	CHECK(v->body_html == NULL);
	CHECK(VERSION_WARNS(v, "updated has no time zone; read as UTC"));

	v = res.versions.v[3]; /* RFC 6721 deleted entry */
	CHECK_INT(v->signal, SIGNAL_KILL);
	CHECK_INT(v->pubstatus, PUBSTATUS_CANCELED);
	CHECK_STR(v->item_id, "tag:northern-dispatch.example,2024:0");
	CHECK_INT(v->versioncreated, 1710061200); /* 2024-03-10T09:00:00Z */
	CHECK_STR(v->ednote, "Withdrawn: the story named the wrong town.");
	check_raw(v, "<at:deleted-entry", "</at:deleted-entry>");
	parse_result_free(&res);
}

static void test_atom_entry(void)
{
	CHECK_INT(parse_file(FORMAT_ATOM, DATA_ATOM "entry.xml"), 0);
	CHECK_INT(res.versions.n, 1);
	if (res.versions.n == 1) {
		const struct version *v = res.versions.v[0];
		CHECK_STR(v->headline, "Single entry document");
		CHECK_STR(v->item_id, "urn:example:entry:77");
		CHECK_STR(v->byline, "Kim Park");
		CHECK_INT(v->n_paras, 1);
	}
	parse_result_free(&res);
}

/* --------------------------------------------------------------- probes */

static void test_probes(void)
{
	static const struct {
		const char *file;
		int rss, atom;
	} cases[] = {{DATA_RSS "wire.xml", 95, 0},
		     {DATA_RSS "rdf.xml", 90, 0},
		     {DATA_RSS "wxr.xml", 95, 0},
		     {DATA_RSS "leading_space.xml", 95, 0},
		     {DATA_ATOM "feed.xml", 0, 95},
		     {DATA_ATOM "entry.xml", 0, 95}};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *b;
		size_t n;
		if (file_read_all(cases[i].file, 1 << 20, &b, &n, &err)) {
			test_failures++;
			continue;
		}
		test_current = cases[i].file;
		CHECK_INT(rss_probe(b, n), cases[i].rss);
		CHECK_INT(atom_probe(b, n), cases[i].atom);
		enum format f;
		CHECK(formats_detect(b, n, &f, &err) == 0 &&
		      f == (cases[i].rss ? FORMAT_RSS : FORMAT_ATOM));
		free(b);
	}
	test_current = "test_probes";
	static const char html[] = "<html><head><title>Moved</title></head>"
				   "<body>gone</body></html>";
	CHECK_INT(rss_probe(html, sizeof html - 1), 0);
	CHECK_INT(atom_probe(html, sizeof html - 1), 0);
	static const char rdf_other[] =
		"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"
		"22-rdf-syntax-ns#\"><x/></rdf:RDF>";
	CHECK_INT(rss_probe(rdf_other, sizeof rdf_other - 1), 0);
	CHECK_INT(rss_probe("", 0), 0);
	CHECK_INT(atom_probe("<", 1), 0);
}

/* --------------------------------------------------------------- hostile */

static void expect_error(enum format f, const char *buf, size_t len,
			 const char *needle)
{
	int rc = parse_mem(f, buf, len, NULL);
	CHECK(rc != 0);
	if (rc == 0) {
		parse_result_free(&res);
		return;
	}
	if (!strstr(err.msg, needle)) {
		fprintf(stderr, "%s: error \"%s\" lacks \"%s\"\n", test_current,
			err.msg, needle);
		test_failures++;
	}
}

static void test_hostile_entities(void)
{
	static const char laughs[] =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
		" <!ENTITY a \"aaaaaaaaaa\">\n"
		" <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
		" <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n]>\n"
		"<rss version=\"2.0\"><channel><item><title>&c;</title></item>"
		"</channel></rss>";
	expect_error(FORMAT_RSS, laughs, sizeof laughs - 1,
		     "entity declarations are refused");
	CHECK_INT(err.line, 3);
	static const char xxe[] =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE feed [ <!ENTITY x SYSTEM "
		"\"file:///etc/passwd\"> ]>\n<feed xmlns=\"http://www.w3.org/"
		"2005/Atom\"><entry><title>&x;</title></entry></feed>";
	expect_error(FORMAT_ATOM, xxe, sizeof xxe - 1,
		     "entity declarations are refused");
	/* the declaration hidden after 70 KB of comment is still found */
	size_t pad = 70000;
	char *big = malloc(pad + sizeof xxe + 16);
	memcpy(big, "<!--", 4);
	memset(big + 4, 'x', pad);
	memcpy(big + 4 + pad, "-->", 3);
	memcpy(big + 7 + pad, xxe + 22, sizeof xxe - 22);
	expect_error(FORMAT_ATOM, big, pad + 7 + sizeof xxe - 23,
		     "entity declarations are refused");
	free(big);
	/* undefined entity: read as text, never fetched */
	static const char undef[] =
		"<rss version=\"2.0\"><channel><item><title>a &nosuch; b"
		"</title></item></channel></rss>";
	CHECK_INT(parse_mem(FORMAT_RSS, undef, sizeof undef - 1, NULL), 0);
	if (res.versions.n == 1)
		CHECK_STR(res.versions.v[0]->headline, "a &nosuch; b");
	parse_result_free(&res);
}

static void test_hostile_depth(void)
{
	size_t n = 10000, len = 0;
	char *b = malloc(n * 7 + 200);
	len += (size_t)snprintf(b, 200,
				"<rss version=\"2.0\"><channel>"
				"<item><title>deep</title>"
				"<description>");
	for (size_t i = 0; i < n; i++) {
		memcpy(b + len, "<x>", 3);
		len += 3;
	}
	for (size_t i = 0; i < n; i++) {
		memcpy(b + len, "</x>", 4);
		len += 4;
	}
	len += (size_t)snprintf(b + len, 100,
				"</description></item>"
				"</channel></rss>");
	expect_error(FORMAT_RSS, b, len, "depth");
	free(b);

	/* escaped HTML nested 10,000 deep: the item stays, its body not */
	b = malloc(n * 12 + 200);
	len = (size_t)snprintf(b, 200,
			       "<rss version=\"2.0\"><channel>"
			       "<item><title>deep html</title>"
			       "<description>");
	for (size_t i = 0; i < n; i++) {
		memcpy(b + len, "&lt;div&gt;", 11);
		len += 11;
	}
	len += (size_t)snprintf(b + len, 100,
				"x</description></item>"
				"</channel></rss>");
	CHECK_INT(parse_mem(FORMAT_RSS, b, len, NULL), 0);
	if (res.versions.n == 1) {
		CHECK_STR(res.versions.v[0]->headline, "deep html");
		/* either refused with a warning, or flattened to its text
		 * by libxml2's HTML parser: never a crash or a deep tree */
		const struct version *dv = res.versions.v[0];
		CHECK(VERSION_WARNS(dv, "body not read") ||
		      (dv->n_paras == 1 && !strcmp(dv->paras[0].text, "x")));
	}
	parse_result_free(&res);
	free(b);
}

static void test_hostile_bytes(void)
{
	static const char nul[] = "<rss version=\"2.0\"><channel><item><title>"
				  "a\0b\x01"
				  "c</title></item></channel></rss>";
	CHECK_INT(parse_mem(FORMAT_RSS, nul, sizeof nul - 1, NULL), 0);
	CHECK(INPUT_WARNS("2 control bytes removed"));
	if (res.versions.n == 1)
		CHECK_STR(res.versions.v[0]->headline, "abc");
	check_clean();
	parse_result_free(&res);

	/* NUL bytes in a document whose charset is converted */
	static const char nul8[] =
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
		"<rss version=\"2.0\"><channel><item><title>\xe9\0t\xe9"
		"</title></item></channel></rss>";
	CHECK_INT(parse_mem(FORMAT_RSS, nul8, sizeof nul8 - 1, NULL), 0);
	if (res.versions.n == 1)
		CHECK_STR(res.versions.v[0]->headline, "\xc3\xa9t\xc3\xa9");
	parse_result_free(&res);

	expect_error(FORMAT_RSS, "", 0, "empty");
	expect_error(FORMAT_ATOM, " \n\t ", 4, "empty");
	char ctl[64];
	for (int i = 0; i < 64; i++)
		ctl[i] = (char)(1 + i % 31);
	expect_error(FORMAT_RSS, ctl, sizeof ctl, "line");
	expect_error(FORMAT_ATOM, ctl, sizeof ctl, "atom:");

	static const char notxml[] = "this is not a feed at all\n";
	expect_error(FORMAT_RSS, notxml, sizeof notxml - 1, "XML error");
	CHECK_INT(err.line, 1);

	/* invalid UTF-8 in a document that says UTF-8: repaired, warned */
	static const char bad8[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss "
		"version=\"2.0\">"
		"<channel><item><title>ok \xff\xfe ok</title></item></channel>"
		"</rss>";
	CHECK_INT(parse_mem(FORMAT_RSS, bad8, sizeof bad8 - 1, NULL), 0);
	CHECK(INPUT_WARNS("2 invalid UTF-8 sequences replaced"));
	if (res.versions.n == 1)
		CHECK_STR(res.versions.v[0]->headline,
			  "ok \xef\xbf\xbd\xef\xbf\xbd ok");
	parse_result_free(&res);
}

static void test_structure_errors(void)
{
	static const char none[] = "<rss version=\"2.0\"><channel><title>Empty"
				   "</title></channel></rss>";
	expect_error(FORMAT_RSS, none, sizeof none - 1,
		     "rss: feed has no items");
	static const char none_atom[] =
		"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</title>"
		"</feed>";
	expect_error(FORMAT_ATOM, none_atom, sizeof none_atom - 1,
		     "atom: feed has no items");
	static const char html[] = "<html><body><p>Moved</p></body></html>";
	expect_error(FORMAT_RSS, html, sizeof html - 1,
		     "not an RSS feed: the root element is <html>");
	expect_error(FORMAT_ATOM, html, sizeof html - 1,
		     "not an Atom feed: the root element is <html>");
	/* an item with nothing in it is skipped, not fatal */
	static const char blank[] =
		"<rss version=\"2.0\"><channel><item><link>x</link></item>"
		"<item><title>Real</title></item></channel></rss>";
	CHECK_INT(parse_mem(FORMAT_RSS, blank, sizeof blank - 1, NULL), 0);
	CHECK_INT(res.versions.n, 1);
	CHECK_INT(res.n_skipped, 1);
	parse_result_free(&res);
	/* a deleted-entry without ref is skipped with its reason */
	static const char noref[] =
		"<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:at=\"http://"
		"purl.org/atompub/tombstones/1.0\"><at:deleted-entry "
		"when=\"2024-01-01T00:00:00Z\"/></feed>";
	CHECK_INT(parse_mem(FORMAT_ATOM, noref, sizeof noref - 1, NULL), 0);
	CHECK_INT(res.n_skipped, 1);
	if (res.n_skipped == 1)
		CHECK(strstr(res.skipped[0].reason, "no ref") != NULL);
	parse_result_free(&res);
}

int main(void)
{
	RUN(test_rss_wire);
	RUN(test_rss_source_override);
	RUN(test_rss1);
	RUN(test_rss_wxr);
	RUN(test_rss_charsets);
	RUN(test_rss_repairs);
	RUN(test_atom_feed);
	RUN(test_atom_entry);
	RUN(test_probes);
	RUN(test_hostile_entities);
	RUN(test_hostile_depth);
	RUN(test_hostile_bytes);
	RUN(test_structure_errors);
	free(input);
	return TEST_REPORT();
}
