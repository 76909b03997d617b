/* Unit tests for the plain wire text parser. */
#include "formats/formats.h"

#include "common/fileio.h"
#include "test.h"
#include "test_fixture.h"

#include <stdlib.h>

static int parse_file(const char *name, struct parse_result *r,
		      struct ow_err *err)
{
	return test_parse_fixture("wiretext", name, 0, FORMAT_UNKNOWN, r, err);
}

static void test_plain(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("stocks.txt", &r, &err), 0);
	CHECK_INT(r.format, FORMAT_WIRETEXT);
	CHECK_INT(r.versions.n, 1);
	const struct version *v = r.versions.v[0];
	CHECK_STR(v->headline, "U.S. stocks drift lower after 2-day surge");
	CHECK_STR(v->source, "Testwire");
	CHECK_INT(v->signal, SIGNAL_NEW);
	CHECK_STR(v->dateline.place, "NEW YORK");
	CHECK_STR(v->dateline.date, "Jan. 9");
	CHECK_STR(v->dateline.source, "Testwire");
	CHECK_INT(v->n_paras, 2);
	CHECK_STR(v->paras[1].text, "The Dow was down 0.4 percent.");
	CHECK_INT(v->firstcreated, 1420761600); /* 2015-01-09 */
	CHECK_INT(v->word_count, 24);
	parse_result_free(&r);
}

static void test_writethru(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("stocks-1st-ld.txt", &r, &err), 0);
	const struct version *v = r.versions.v[0];
	CHECK_STR(v->headline, "U.S. stocks drift lower after 2-day surge");
	CHECK_INT(v->signal, SIGNAL_WRITETHRU);
	CHECK_INT(v->mark_ordinal, 1);
	CHECK_STR(v->mark, "1st LD Writethru");
	parse_result_free(&r);
}

static void test_recast_urgent_byline(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("recast-urgent.txt", &r, &err), 0);
	const struct version *v = r.versions.v[0];
	CHECK_STR(v->headline, "Ferry runs aground near Kessa");
	CHECK_INT(v->signal, SIGNAL_RECAST);
	CHECK_INT(v->priority, PRIORITY_URGENT);
	CHECK_STR(v->byline, "By Lena Holm");
	CHECK_INT(v->n_paras, 2);
	/* wrapped lines are joined */
	CHECK_STR(v->paras[0].text,
		  "KESSA, Feb. 2 (Testwire) -- A passenger ferry ran aground "
		  "near Kessa harbour on Monday with 212 people on board, the "
		  "coast guard said.");
	parse_result_free(&r);
}

static void test_latin1(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("latin1.txt", &r, &err), 0);
	const struct version *v = r.versions.v[0];
	CHECK_STR(v->headline, "Caf\xc3\xa9 owners protest new tax");
	CHECK_INT(r.n_warnings, 1);
	CHECK(strstr(r.warnings[0], "windows-1252") != NULL);
	CHECK_INT(v->n_paras, 1);
	parse_result_free(&r);
}

static void test_source_override(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	const char *t = "Headline here\nOther, May 1, 2015\n\nBody.\n";
	struct parse_opts o = {.source = "Forced"};
	CHECK_INT(formats_parse(FORMAT_WIRETEXT, t, strlen(t), &o, &r, &err),
		  0);
	CHECK_STR(r.versions.v[0]->source, "Forced");
	parse_result_free(&r);
}

static void test_bad_input(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	struct parse_opts o = {0};
	CHECK_INT(formats_parse(FORMAT_UNKNOWN, "", 0, &o, &r, &err),
		  OW_EPARSE);
	CHECK(strstr(err.msg, "empty") != NULL);
	char ctl[64];
	memset(ctl, 0x02, sizeof ctl);
	CHECK_INT(formats_parse(FORMAT_UNKNOWN, ctl, sizeof ctl, &o, &r, &err),
		  OW_EPARSE);
	CHECK(strstr(err.msg, "tried") != NULL);
	CHECK_INT(formats_parse(FORMAT_WIRETEXT, "\n\n  \n", 5, &o, &r, &err),
		  OW_EPARSE);
	/* forced on binary: parsed, with controls removed and counted */
	const char nul[] = "Head\0line\nBody \x01text.\n";
	CHECK_INT(formats_parse(FORMAT_WIRETEXT, nul, sizeof nul - 1, &o, &r,
				&err),
		  0);
	CHECK_STR(r.versions.v[0]->headline, "Headline");
	CHECK_STR(r.versions.v[0]->paras[0].text, "Body text.");
	parse_result_free(&r);
	/* invalid UTF-8 in otherwise UTF-8 text becomes Windows-1252 */
	const char bad[] = "Na\xc3\xafve \xff headline\n\nBody.\n";
	CHECK_INT(formats_parse(FORMAT_WIRETEXT, bad, sizeof bad - 1, &o, &r,
				&err),
		  0);
	CHECK(r.versions.v[0]->headline != NULL);
	parse_result_free(&r);
	/* a first line too long to be a headline */
	char *big = malloc(5000);
	memset(big, 'a', 5000);
	CHECK_INT(formats_parse(FORMAT_WIRETEXT, big, 5000, &o, &r, &err),
		  OW_EPARSE);
	CHECK(strstr(err.msg, "headline") != NULL);
	free(big);
}

/* An editor's note line: kept as the ednote; a pickup it states sets where a
 * lead or insert joins the text already sent. */
static void test_ednote_pickup(void)
{
	struct parse_result r;
	struct ow_err err = {0};
	CHECK_INT(parse_file("pickup-lead.txt", &r, &err), 0);
	const struct version *v = r.versions.v[0];
	CHECK_STR(v->headline, "Dam gates opened as Kessa river crests");
	CHECK_INT(v->signal, SIGNAL_LEAD);
	CHECK_INT(v->mark_ordinal, 2);
	CHECK_INT(v->pickup_para, 3);
	CHECK_STR(v->ednote, "new top; picks up 3rd graf pvs");
	CHECK_STR(v->source, "Testwire");
	CHECK_INT(v->n_paras, 2);
	parse_result_free(&r);

	CHECK_INT(parse_file("insert-after.txt", &r, &err), 0);
	v = r.versions.v[0];
	CHECK_STR(v->headline, "Kessa flood");
	CHECK_INT(v->signal, SIGNAL_INSERT);
	CHECK_INT(v->pickup_para, 2);
	CHECK_STR(v->ednote, "INSERT after 2nd graf");
	CHECK_INT(v->n_paras, 1);
	parse_result_free(&r);

	CHECK_INT(parse_file("ednote-correction.txt", &r, &err), 0);
	v = r.versions.v[0];
	CHECK_INT(v->signal, SIGNAL_CORRECTION);
	CHECK_INT(v->pickup_para, 0);
	CHECK_STR(v->ednote,
		  "Corrects mayor's name to Ilse Varga, not Ilse Verga.");
	parse_result_free(&r);

	struct parse_opts o = {0};
	/* unmarked copy whose note picks up becomes a lead; two note lines
	 * are joined */
	const char *t = "Kessa flood\nEditor's note: New top.\n"
			"Eds: Picks up at the fourth paragraph\n\nNew top.\n";
	CHECK_INT(formats_parse(FORMAT_WIRETEXT, t, strlen(t), &o, &r, &err),
		  0);
	v = r.versions.v[0];
	CHECK_INT(v->signal, SIGNAL_LEAD);
	CHECK_INT(v->pickup_para, 4);
	CHECK_STR(v->ednote, "New top. Picks up at the fourth paragraph");
	CHECK_INT(v->n_paras, 1);
	parse_result_free(&r);
	/* a note without a pickup changes nothing; a line that merely has a
	 * colon is body text */
	t = "Kessa flood\nEds: Moved on general news.\n\nBody.\n";
	CHECK_INT(formats_parse(FORMAT_WIRETEXT, t, strlen(t), &o, &r, &err),
		  0);
	CHECK_INT(r.versions.v[0]->signal, SIGNAL_NEW);
	CHECK_INT(r.versions.v[0]->pickup_para, 0);
	parse_result_free(&r);
	t = "Kessa flood\nNote: picks up 4th graf\n\nBody.\n";
	CHECK_INT(formats_parse(FORMAT_WIRETEXT, t, strlen(t), &o, &r, &err),
		  0);
	CHECK_INT(r.versions.v[0]->pickup_para, 0);
	CHECK(r.versions.v[0]->ednote == NULL);
	CHECK_INT(r.versions.v[0]->n_paras, 2);
	parse_result_free(&r);
}

int main(void)
{
	RUN(test_plain);
	RUN(test_writethru);
	RUN(test_recast_urgent_byline);
	RUN(test_latin1);
	RUN(test_source_override);
	RUN(test_bad_input);
	RUN(test_ednote_pickup);
	return TEST_REPORT();
}
