/* Unit tests for the Ritzau RBNews parser (src/formats/ritzau.c) on the
 * fixtures in tests/data/ritzau/ and on broken input built here. */
#include "formats/formats.h"

#include "common/fileio.h"
#include "test.h"

#include <stdlib.h>

static struct parse_result res;
static struct ow_err err;
static char *input;
static size_t input_len;

static int parse_as(enum format f, const char *buf, size_t len)
{
	struct parse_opts o = {.now = 1700000000};
	memset(&err, 0, sizeof err);
	return formats_parse(f, buf, len, &o, &res, &err);
}

static bool load(const char *name, size_t want)
{
	char path[512];
	snprintf(path, sizeof path, "%s/ritzau/%s", OW_TEST_DATA, name);
	free(input);
	input = NULL;
	if (file_read_all(path, 1 << 20, &input, &input_len, &err)) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		test_failures++;
		return false;
	}
	int rc = parse_as(FORMAT_UNKNOWN, input, input_len);
	CHECK_INT(rc, 0);
	if (rc) {
		fprintf(stderr, "%s: %s\n", name, err.msg);
		return false;
	}
	CHECK_INT(res.format, FORMAT_RITZAU);
	CHECK_INT(res.versions.n, want);
	if (res.versions.n != want) {
		parse_result_free(&res);
		return false;
	}
	return true;
}

static bool has_subject(const struct version *v, const char *code,
			const char *scheme)
{
	for (size_t i = 0; i < v->n_subjects; i++) {
		const struct subject *s = &v->subjects[i];
		if (s->code && !strcmp(s->code, code) && s->scheme &&
		    !strcmp(s->scheme, scheme))
			return true;
	}
	return false;
}

static void test_item(void)
{
	if (!load("item.xml", 1))
		return;
	const struct version *v = res.versions.v[0];
	CHECK_STR(v->format, "ritzau");
	CHECK_STR(v->source, "Ritzau");
	CHECK_STR(v->item_id, "11111111-2222-4333-8444-555555555555");
	CHECK_INT(v->item_version, 2);
	CHECK_STR(v->evolved_from, "00000000-aaaa-4bbb-8ccc-dddddddddddd");
	CHECK_STR(v->headline, "Byr\xC3\xA5"
			       "det vedtager ny cykelplan");
	CHECK_STR(v->slug, "POLITIK/KOMMUNE-2");
	CHECK_STR(v->byline, "Karen Holm");
	CHECK_STR(v->dateline.place, "Aarhus");
	/* summer: 09:30 in Copenhagen is 07:30 UTC */
	CHECK_INT(v->versioncreated, 1721028600);
	CHECK_INT(v->urgency, 2);
	CHECK_INT(v->priority, PRIORITY_BULLETIN);
	CHECK_INT(v->signal, SIGNAL_CORRECTION);
	CHECK_INT(v->pubstatus, PUBSTATUS_USABLE);
	CHECK_STR(v->ednote, "Rettet: bel\xC3\xB8"
			     "bet i andet afsnit. Ny version erstatter den "
			     "forrige.");
	CHECK(has_subject(v, "POLITIK", "ritzau-keyword"));
	CHECK(has_subject(v, "KOMMUNE-2", "ritzau-keyword"));
	CHECK(has_subject(v, "trafik", "ritzau-keyword"));
	CHECK(has_subject(v, "1", "ritzau-section"));
	CHECK(has_subject(v, "11000000", "iptc"));
	CHECK(has_subject(v, "04000000", "iptc"));
	CHECK_INT(v->n_subjects, 6);
	/* the subtitle opens the body in bold; "/ritzau/" is dropped */
	CHECK_INT(v->n_paras, 3);
	if (v->n_paras == 3) {
		CHECK_STR(v->paras[0].text,
			  "Flertal for 40 kilometer nye stier");
		CHECK_STR(v->paras[2].text,
			  "Planen koster 120 millioner kroner og skal v\xC3\xA6"
			  "re f\xC3\xA6rdig i 2030.");
	}
	CHECK(v->body_html &&
	      strstr(v->body_html, "<b>Flertal for 40 kilometer") != NULL);
	CHECK(v->body_html && strstr(v->body_html, "ritzau") == NULL);
	CHECK_INT(v->word_count, 31);
	CHECK_INT(v->n_warnings, 0);
	parse_result_free(&res);
}

static void test_feed(void)
{
	if (!load("feed.xml", 3))
		return;
	/* a flash without a headline: the body carries it */
	const struct version *v = res.versions.v[0];
	CHECK_STR(v->item_id, "aaaaaaaa-0000-4000-8000-000000000001");
	CHECK(v->headline == NULL);
	CHECK_INT(v->priority, PRIORITY_FLASH);
	CHECK_INT(v->urgency, 3);
	CHECK_INT(v->versioncreated, 1704926700); /* winter: 22:45Z */
	CHECK_INT(v->n_paras, 1);
	CHECK_STR(v->byline, "Jonas Kragh");

	/* cancelled: a kill with its notice */
	v = res.versions.v[1];
	CHECK_INT(v->pubstatus, PUBSTATUS_CANCELED);
	CHECK_INT(v->signal, SIGNAL_KILL);
	CHECK_INT(v->item_version, 3);
	CHECK_STR(v->ednote,
		  "Historien er trukket tilbage og m\xC3\xA5 ikke bruges.");

	/* a press release: entities escaped twice are read once, "Â£" is
	 * "£", and Ritzau's third-party notice moves to the ednote */
	v = res.versions.v[2];
	CHECK_STR(v->headline, "PR / Example Robotics A/S");
	CHECK_STR(v->dateline.place, "K\xC3\xB8"
				     "benhavn");
	CHECK_INT(v->versioncreated, 1704956700); /* 07:05Z */
	CHECK_INT(v->n_paras, 3);
	if (v->n_paras == 3) {
		CHECK_STR(v->paras[0].text,
			  "Example Robotics' new plant opens");
		CHECK_STR(v->paras[1].text,
			  "The plant cost \xC2\xA3"
			  "12 million and employs \"about 300\" people.");
		CHECK_STR(v->paras[2].text, "Production starts in March.");
	}
	CHECK(v->ednote && strstr(v->ednote, "tredjepart") != NULL);
	CHECK(has_subject(v, "PRESSEMEDDELELSE", "ritzau-keyword"));

	/* each version's raw range is its own <RBNews> element */
	for (size_t i = 0; i < res.versions.n; i++) {
		v = res.versions.v[i];
		CHECK(v->raw_off + v->raw_len <= input_len);
		CHECK(!strncmp(input + v->raw_off, "<RBNews>", 8));
		CHECK(v->raw_len > 9 &&
		      !strncmp(input + v->raw_off + v->raw_len - 9, "</RBNews>",
			       9));
	}
	CHECK(res.versions.v[1]->raw_off > res.versions.v[0]->raw_off);
	parse_result_free(&res);
}

static void test_signals(void)
{
	const char *x = "<RBNews><NewsID>n1</NewsID><headline>Ny "
			"udgave</headline><NyVersion>true</NyVersion>"
			"<PublishDate>2024-03-31T02:30:00+01:00</PublishDate>"
			"<Priority>12</Priority></RBNews>";
	CHECK_INT(parse_as(FORMAT_UNKNOWN, x, strlen(x)), 0);
	CHECK_INT(res.format, FORMAT_RITZAU);
	if (res.versions.n == 1) {
		const struct version *v = res.versions.v[0];
		CHECK_INT(v->signal, SIGNAL_UPDATE);
		CHECK_INT(v->urgency, 0); /* out of range: not read */
		/* a stated offset wins over the zone */
		CHECK_INT(v->versioncreated, 1711848600);
		CHECK_INT(v->item_version, -1);
	}
	parse_result_free(&res);
	/* an unreadable date: said, not fatal */
	x = "<RBNews><headline>H</headline><PublishDate>yesterday"
	    "</PublishDate></RBNews>";
	CHECK_INT(parse_as(FORMAT_RITZAU, x, strlen(x)), 0);
	if (res.versions.n == 1) {
		CHECK_INT(res.versions.v[0]->n_warnings, 1);
		CHECK_INT(res.versions.v[0]->versioncreated, 0);
	}
	parse_result_free(&res);
}

static void expect_error(const char *buf, size_t len, const char *needle)
{
	CHECK(parse_as(FORMAT_RITZAU, buf, len) < 0);
	if (!strstr(err.msg, needle)) {
		fprintf(stderr, "  error \"%s\" lacks \"%s\"\n", err.msg,
			needle);
		test_failures++;
	}
	CHECK_INT(res.versions.n, 0);
	parse_result_free(&res);
}

static void test_bad_input(void)
{
	expect_error("", 0, "ritzau");
	expect_error("\x01\x02\x03", 3, "ritzau");
	expect_error("<NewsML><x/></NewsML>", 21, "root element is <NewsML>");
	const char *e = "<XMLNewsQueuedResponse><XMLNewsQueuedResult><error>"
			"7</error><errormsg>queue empty</errormsg>"
			"<ListOfRBNews/></XMLNewsQueuedResult>"
			"</XMLNewsQueuedResponse>";
	expect_error(e, strlen(e), "error 7: queue empty");
	e = "<XMLNewsQueuedResponse><XMLNewsQueuedResult><error>0</error>"
	    "<ListOfRBNews/></XMLNewsQueuedResult></XMLNewsQueuedResponse>";
	expect_error(e, strlen(e), "no <RBNews> items");
	/* truncated: libxml2's line */
	e = "<RBNews>\n<NewsID>x</NewsID>\n<headline>Cut";
	expect_error(e, strlen(e), "line 3");
	/* entity declarations are refused */
	e = "<!DOCTYPE RBNews [<!ENTITY a \"aaaa\">]><RBNews><headline>&a;"
	    "</headline></RBNews>";
	expect_error(e, strlen(e), "entity");
	/* invalid UTF-8 in an undeclared (UTF-8) document */
	e = "<RBNews><headline>Caf\xE9</headline></RBNews>";
	expect_error(e, strlen(e), "ritzau");
	/* an item with nothing to read */
	e = "<RBNews><NewsID>empty-1</NewsID></RBNews>";
	expect_error(e, strlen(e), "neither a headline nor a body");
	/* NUL bytes */
	const char nul[] = "<RBNews><headline>A\0B</headline></RBNews>";
	expect_error(nul, sizeof nul - 1, "ritzau");
}

int main(void)
{
	RUN(test_item);
	RUN(test_feed);
	RUN(test_signals);
	RUN(test_bad_input);
	free(input);
	return TEST_REPORT();
}
