/* Unit tests for the ninjs parser: 1.x, 2.x and 3.x field names, envelopes,
 * skipped non-text items, errors. */
#include "formats/formats.h"

#include "common/fileio.h"
#include "test.h"
#include "test_fixture.h"

#include <stdlib.h>

static int parse_file(const char *name, struct parse_result *r,
		      struct ow_err *err)
{
	return test_parse_fixture("ninjs", name, 0, FORMAT_UNKNOWN, r, err);
}

static void test_v1(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("v1.json", &r, &err), 0);
	CHECK_INT(r.format, FORMAT_NINJS);
	const struct version *v = r.versions.v[0];
	CHECK_STR(v->item_id, "urn:test:ninjs1:42");
	CHECK_INT(v->item_version, 3);
	CHECK_STR(v->headline, "Bridge reopens after repairs");
	CHECK_INT(v->signal, SIGNAL_WRITETHRU);
	CHECK_INT(v->mark_ordinal, 2);
	CHECK_STR(v->slug, "Bridge-Reopens");
	CHECK_STR(v->byline, "Ana Test");
	CHECK_STR(v->source, "Testwire");
	CHECK_STR(v->dateline.place, "MIRAVAL");
	CHECK_STR(v->language, "en");
	CHECK_INT(v->urgency, 2);
	CHECK_INT(v->priority, PRIORITY_BULLETIN);
	CHECK_INT(v->versioncreated, 1420877520);
	CHECK_INT(v->firstcreated, 1420873200);
	CHECK_INT(v->embargo, 1420884000);
	CHECK_STR(v->ednote, "Updates with minister's comment");
	CHECK_INT(v->n_subjects, 1);
	CHECK_STR(v->subjects[0].code, "04000000");
	CHECK_INT(v->n_paras, 2);
	CHECK_STR(v->paras[1].text, "The minister welcomed it.");
	CHECK(strstr(v->body_html, "<b>reopened</b>") != NULL);
	parse_result_free(&r);
}

static void test_v3(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("v3.json", &r, &err), 0);
	const struct version *v = r.versions.v[0];
	CHECK_STR(v->headline, "Three-style headline");
	CHECK_STR(v->byline, "Per Test");
	CHECK_STR(v->source, "Agency Three");
	CHECK_STR(v->ednote, "Advisory for desks");
	CHECK_INT(v->versioncreated, 1420977600);
	CHECK_INT(v->n_paras, 2);
	CHECK_STR(v->subjects[0].code, "15000000");
	CHECK_INT(v->priority, PRIORITY_ROUTINE);
	parse_result_free(&r);
}

static void test_envelope(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("envelope.json", &r, &err), 0);
	CHECK_INT(r.versions.n, 2);
	CHECK_STR(r.versions.v[0]->headline, "Envelope one");
	CHECK_INT(r.versions.v[1]->signal, SIGNAL_ADVISORY);
	CHECK_INT(r.n_skipped, 1);
	CHECK(strstr(r.skipped[0].reason, "picture") != NULL);
	parse_result_free(&r);
}

static void test_errors(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	struct parse_opts o = {0};
	const char *bad = "{\n  \"headline\": \"x\",\n  \"body_text\": oops\n}";
	CHECK_INT(formats_parse(FORMAT_UNKNOWN, bad, strlen(bad), &o, &r, &err),
		  OW_EPARSE);
	CHECK_INT(err.line, 3);
	CHECK(strstr(err.msg, "line 3") != NULL);
	const char *empty = "{\"uri\": \"urn:x\"}";
	CHECK_INT(
		formats_parse(FORMAT_NINJS, empty, strlen(empty), &o, &r, &err),
		OW_EPARSE);
	CHECK(strstr(err.msg, "neither a headline nor a body") != NULL);
	const char *nothing = "{\"foo\": 1}";
	CHECK_INT(formats_parse(FORMAT_NINJS, nothing, strlen(nothing), &o, &r,
				&err),
		  OW_EPARSE);
	CHECK(strstr(err.msg, "no news item") != NULL);
	/* deep nesting hits jansson's depth limit, not the stack */
	size_t depth = 10000;
	char *deep = malloc(depth * 2 + 1);
	memset(deep, '[', depth);
	memset(deep + depth, ']', depth);
	deep[depth * 2] = '\0';
	CHECK_INT(formats_parse(FORMAT_NINJS, deep, depth * 2, &o, &r, &err),
		  OW_EPARSE);
	free(deep);
	/* a held embargo: stated, no usable time */
	const char *held =
		"{\"uri\":\"urn:h\",\"headline\":\"H\",\"body_text\":"
		"\"B.\",\"embargoed\":\"until further notice\"}";
	CHECK_INT(formats_parse(FORMAT_NINJS, held, strlen(held), &o, &r, &err),
		  0);
	CHECK(r.versions.v[0]->embargo_held);
	CHECK_INT(r.versions.v[0]->embargo, 0);
	parse_result_free(&r);
	/* canceled is a kill */
	const char *kill = "{\"uri\":\"urn:k\",\"pubstatus\":\"canceled\"}";
	CHECK_INT(formats_parse(FORMAT_NINJS, kill, strlen(kill), &o, &r, &err),
		  0);
	CHECK_INT(r.versions.v[0]->signal, SIGNAL_KILL);
	parse_result_free(&r);
}

/* Events and planning items announce copy; they are skipped, and a text
 * item beside them is still read. */
static void test_events(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	struct parse_opts o = {0};
	const char *j =
		"[{\"uri\":\"urn:e1\",\"title\":\"Press conference\","
		"\"eventDetails\":{\"dates\":{\"startDate\":\"2024-02-02\"}}},"
		"{\"uri\":\"urn:e2\",\"type\":\"planning\",\"headline\":"
		"\"Coverage plan\"},"
		"{\"uri\":\"urn:e3\",\"type\":\"Event\",\"title\":\"Summit\"},"
		"{\"uri\":\"urn:t\",\"headline\":\"Text\",\"body_text\":\"B.\"}"
		"]";
	CHECK_INT(formats_parse(FORMAT_NINJS, j, strlen(j), &o, &r, &err), 0);
	CHECK_INT(r.versions.n, 1);
	CHECK_INT(r.n_skipped, 3);
	for (size_t i = 0; i < r.n_skipped; i++)
		CHECK(strstr(r.skipped[i].reason,
			     "event (planning) item, not text copy") != NULL);
	if (r.n_skipped == 3)
		CHECK_STR(r.skipped[0].item_id, "urn:e1");
	parse_result_free(&r);
}

/* "ednote" stating a pickup: where a lead or an insert joins the text. */
static void test_ednote_pickup(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	struct parse_opts o = {0};
	const char *lead =
		"{\"uri\":\"urn:p:1\",\"version\":2,"
		"\"headline\":\"2nd LD: Dam opened\",\"ednote\":"
		"\"New top, picks up 4th graf\",\"body_text\":\"Top.\"}";
	CHECK_INT(
		formats_parse(FORMAT_UNKNOWN, lead, strlen(lead), &o, &r, &err),
		0);
	const struct version *v = r.versions.v[0];
	CHECK_INT(v->signal, SIGNAL_LEAD);
	CHECK_INT(v->mark_ordinal, 2);
	CHECK_INT(v->pickup_para, 4);
	CHECK_STR(v->ednote, "New top, picks up 4th graf");
	parse_result_free(&r);
	const char *ins = "{\"uri\":\"urn:p:2\",\"headline\":\"Dam\","
			  "\"ednote\":\"Insert after graf 3\","
			  "\"body_text\":\"Inserted.\"}";
	CHECK_INT(formats_parse(FORMAT_UNKNOWN, ins, strlen(ins), &o, &r, &err),
		  0);
	v = r.versions.v[0];
	CHECK_INT(v->signal, SIGNAL_INSERT);
	CHECK_INT(v->pickup_para, 3);
	parse_result_free(&r);
	/* a kill keeps its signal whatever its note says */
	const char *kill = "{\"uri\":\"urn:p:3\",\"pubstatus\":\"canceled\","
			   "\"ednote\":\"Picks up 2nd graf\"}";
	CHECK_INT(
		formats_parse(FORMAT_UNKNOWN, kill, strlen(kill), &o, &r, &err),
		0);
	CHECK_INT(r.versions.v[0]->signal, SIGNAL_KILL);
	parse_result_free(&r);
	/* the v1 fixture's note states no pickup */
	CHECK_INT(parse_file("v1.json", &r, &err), 0);
	CHECK_INT(r.versions.v[0]->pickup_para, 0);
	CHECK_INT(r.versions.v[0]->signal, SIGNAL_WRITETHRU);
	parse_result_free(&r);
}

int main(void)
{
	RUN(test_v1);
	RUN(test_v3);
	RUN(test_envelope);
	RUN(test_errors);
	RUN(test_ednote_pickup);
	RUN(test_events);
	return TEST_REPORT();
}
