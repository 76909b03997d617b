/* Corpus test for the NewsML 1.2 parser: every NewsML 1 file in
 * ${OW_CORPUS} (superdesk/newsml12/ and iptc/newsml1__*.xml) is detected
 * and accepted, and for all six the field values below were checked by
 * reading the file. */
#include "formats/formats.h"

#include "common/fileio.h"
#include "../unit/test.h"
#include "corpus.h"

#include <dirent.h>
#include <stdlib.h>

/* A file under OW_CORPUS parsed as NEWSML1 (corpus.h). */
static int parse(const char *rel, struct parse_result *r, struct ow_err *err)
{
	return corpus_parse(corpus_file(rel), 0, FORMAT_NEWSML1, r, err);
}

static const struct version *one(const char *rel, struct parse_result *r)
{
	return corpus_one(corpus_file(rel), 0, FORMAT_NEWSML1, r);
}

static bool has_code(const struct version *v, const char *code)
{
	for (size_t i = 0; i < v->n_subjects; i++)
		if (v->subjects[i].code && !strcmp(v->subjects[i].code, code))
			return true;
	return false;
}

static const char *last_para(const struct version *v)
{
	return v->n_paras ? v->paras[v->n_paras - 1].text : "";
}

static void test_all_accepted(void)
{
	static const char *const dirs[] = {"superdesk/newsml12", "iptc", NULL};
	int n = 0;
	for (const char *const *d = dirs; *d; d++) {
		DIR *dir = opendir(corpus_file(*d));
		if (!dir)
			continue;
		struct dirent *e;
		while ((e = readdir(dir))) {
			size_t l = strlen(e->d_name);
			if (l < 5 || strcmp(e->d_name + l - 4, ".xml") ||
			    (!strcmp(*d, "iptc") &&
			     strncmp(e->d_name, "newsml1__", 9)))
				continue;
			char rel[512];
			snprintf(rel, sizeof rel, "%s/%s", *d, e->d_name);
			struct parse_result r;
			struct ow_err err = {0};
			int rc = parse(rel, &r, &err);
			n++;
			if (rc) {
				fprintf(stderr, "%s: rc %d: %s\n", rel, rc,
					err.msg);
				test_failures++;
				continue;
			}
			CHECK(r.versions.n > 0);
			for (size_t i = 0; i < r.versions.n; i++) {
				CHECK(r.versions.v[i]->headline);
				CHECK(r.versions.v[i]->n_paras > 0);
			}
			parse_result_free(&r);
		}
		closedir(dir);
	}
	CHECK_INT(n, 6);
}

static void test_afp(void)
{
	struct parse_result r;
	const struct version *v = one("superdesk/newsml12/afp.xml", &r);
	if (v) {
		CHECK_STR(v->item_id, "TX-PAR-FXW86");
		CHECK_INT(v->item_version, 1);
		CHECK_STR(
			v->headline,
			"Sweden court accepts receivership for Saab carmaker");
		CHECK_STR(v->slug, "Sweden-SAAB");
		CHECK_STR(v->source, "AFP");
		CHECK_STR(v->dateline.place, "STOCKHOLM");
		CHECK_STR(v->dateline.date, "Aug 29, 2014");
		CHECK_STR(v->dateline.source, "AFP");
		CHECK_INT(v->urgency, 4);
		CHECK_INT(v->priority, PRIORITY_ROUTINE);
		CHECK_STR(v->language, "en");
		CHECK_INT(v->firstcreated, 1409320191);
		CHECK_INT(v->versioncreated, 1409320191);
		CHECK(has_code(v, "04011002"));
		CHECK(has_code(v, "04016038"));
		/* "hh/ph/ts/hd" initials dropped */
		CHECK_INT(v->n_paras, 9);
		CHECK(!strncmp(last_para(v),
			       "Saab automobile offers only one "
			       "model today",
			       42));
		parse_result_free(&r);
	}
	v = one("superdesk/newsml12/afp20.xml", &r);
	if (v) {
		CHECK_INT(r.n_warnings, 1); /* declared Latin-1, is UTF-8 */
		CHECK_STR(v->item_id, "240710125902.qpsp2jzk");
		CHECK_STR(v->headline, "D\xc3\xa9"
				       "c\xc3\xa8s de Naomi Musenga: "
				       "l'op\xc3\xa9ratrice du Samu "
				       "d\xc3\xa9"
				       "finitivement "
				       "condamn\xc3\xa9"
				       "e");
		CHECK_STR(v->slug, "proc\xc3\xa8s-sant\xc3\xa9-secours");
		CHECK_STR(v->dateline.place, "Strasbourg");
		CHECK_STR(v->dateline.date, "10 juil 2024");
		CHECK_STR(v->language, "fr");
		CHECK_INT(v->firstcreated, 1720616342);
		CHECK_INT(v->n_paras, 2);
		CHECK_STR(last_para(v), "L'op\xc3\xa9ratrice, Corinne M.");
		parse_result_free(&r);
	}
	v = one("iptc/newsml1__AFP_2021-05-16.xml", &r);
	if (v) {
		CHECK_STR(v->item_id, "TX-PAR-WGF71");
		CHECK_STR(v->headline, "Israel strikes key Hamas targets as UN "
				       "Security Council to meet");
		CHECK_STR(v->slug, "Israel-Palestinians-conflict");
		CHECK_STR(v->byline,
			  "Adel Zaanoun with Guillaume Lavallee in Jerusalem");
		CHECK_STR(v->ednote, "RECASTS with attack on Hamas targets, "
				     "RAISES Gaza death toll, UPDATES "
				     "throughout");
		CHECK_STR(v->dateline.place,
			  "Gaza City, Palestinian Territories");
		CHECK_STR(v->dateline.date, "May 16, 2021");
		CHECK_INT(v->versioncreated, 1621152385);
		CHECK(corpus_para_has(v, "- Media offices destroyed -"));
		CHECK(!corpus_para_has(v, "bur-dar-gl/fz"));
		CHECK(!strncmp(last_para(v), "Pro-Palestinian demonstrators",
			       29));
		parse_result_free(&r);
	}
}

static void test_ana(void)
{
	struct parse_result r;
	const struct version *v = one("superdesk/newsml12/ana1.xml", &r);
	if (!v)
		return;
	CHECK_STR(v->item_id, "19336333");
	CHECK_STR(v->headline, "Wage employment balance positive in Jan-March");
	CHECK_STR(v->source, "ana-mpe.gr");
	CHECK_STR(v->dateline.place, "Athens");
	CHECK_STR(v->dateline.date, "4/4/2018");
	CHECK_STR(v->language, "en");
	CHECK_INT(v->urgency, 5); /* from the envelope's Priority */
	CHECK_INT(v->firstcreated, 1522853939);
	CHECK_INT(v->n_subjects, 3);
	CHECK_STR(v->subjects[0].code, "09003000");
	CHECK_STR(v->subjects[0].name, "Employment/Unemployment");
	/* the copyright footer paragraph is boilerplate */
	CHECK_INT(v->n_paras, 3);
	CHECK_STR(last_para(v), "In the same period last year, the balance "
				"was positive by 33,638 job positions.");
	CHECK(strstr(v->body_html, "\xc2\xa9") == NULL);
	parse_result_free(&r);
}

static void test_businesswire(void)
{
	struct parse_result r;
	const struct version *v =
		one("iptc/newsml1__businesswire_20130515006361.xml", &r);
	if (v) {
		CHECK_STR(v->item_id, "20130515006361");
		CHECK_STR(v->headline,
			  "Dell Redefines Workstation Computing "
			  "Boundaries with Smallest Tower and Most "
			  "Powerful Rack Workstations");
		CHECK_STR(v->slug, "TX-DELL");
		CHECK_STR(v->dateline.place, "ROUND ROCK, Texas");
		CHECK_STR(v->source, "Business Wire");
		CHECK_INT(v->firstcreated, 1368676860);
		CHECK_INT(r.n_skipped, 3); /* a logo and two photos */
		CHECK(!strncmp(v->paras[0].text, "Dell today announced", 20));
		CHECK(!corpus_para_has(v, "lauren_mauro")); /* Contact role */
		CHECK(!corpus_para_has(v, "bwlistitemmargb"));
		parse_result_free(&r);
	}
	v = one("iptc/newsml1__businesswire_20130731006140.xml", &r);
	if (v) {
		CHECK_STR(v->item_id, "20130731006140");
		CHECK_STR(v->headline,
			  "Lunch Taking a Toll? Let "
			  "Applebee\xe2\x80\x99s\xc2\xae "
			  "Industrial Strength Lunch Decoy Stand In");
		CHECK_STR(v->slug, "MO-APPLEBEE\xe2\x80\x99S");
		CHECK_STR(v->dateline.place, "KANSAS CITY, Mo.");
		CHECK_INT(v->firstcreated, 1375284720);
		CHECK_INT(r.n_skipped, 2); /* the video and the logo */
		CHECK_INT(v->n_paras, 15);
		CHECK(!strncmp(v->paras[0].text,
			       "With more Applebee\xe2\x80\x99s\xc2\xae Lunch "
			       "Combos than ever",
			       42));
		parse_result_free(&r);
	}
}

int main(void)
{
	DIR *d = opendir(corpus_file("superdesk/newsml12"));
	if (!d) {
		printf("corpus: %s not found, skipping\n",
		       corpus_file("superdesk/newsml12"));
		return 77;
	}
	closedir(d);
	RUN(test_all_accepted);
	RUN(test_afp);
	RUN(test_ana);
	RUN(test_businesswire);
	return TEST_REPORT();
}
