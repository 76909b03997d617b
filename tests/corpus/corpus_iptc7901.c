/* Corpus test: every IPTC 7901 file in ${OW_CORPUS}/superdesk/iptc7901 is
 * detected as IPTC 7901, parses, and gives text; the values asserted per
 * file were read off the files themselves (SOH header, keyword line, heading
 * up to " =", dateline, notes, ETX trailer). The ANPA files next door must
 * not pass as IPTC 7901. */
#include "formats/formats.h"
#include "text/text.h"

#include "common/fileio.h"
#include "../unit/test.h"
#include "corpus.h"

#include <dirent.h>
#include <stdlib.h>

#define DIR_IPTC OW_CORPUS "/superdesk/iptc7901"
#define DIR_ANPA OW_CORPUS "/superdesk/anpa"

static struct parse_result res;
static const struct version *v;
static int n_checked;

/* Parses one corpus file; v is its single version, or NULL. */
static bool load(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", DIR_IPTC, name);
	test_current = name;
	v = corpus_one(path, 1500000000, FORMAT_IPTC7901, &res);
	if (v)
		n_checked++;
	return v != NULL;
}

static void done(void)
{
	parse_result_free(&res);
	v = NULL;
}

static bool ednote_has(const char *needle)
{
	return v->ednote && strstr(v->ednote, needle);
}

static void check_all_parse(void)
{
	DIR *d = opendir(DIR_IPTC);
	struct dirent *e;
	int n = 0;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char name[300];
		snprintf(name, sizeof name, "%s", e->d_name);
		if (!load(name))
			continue;
		n++;
		CHECK(v->headline && *v->headline);
		CHECK(v->n_paras > 0);
		CHECK_STR(v->source, "dpa");
		CHECK(v->slug != NULL);
		CHECK(v->versioncreated > 0);
		for (size_t i = 0; i < v->n_paras; i++) {
			const char *p = v->paras[i].text;
			CHECK(utf8_valid(p, strlen(p)));
			/* notes, desk initials and trailer stay out */
			CHECK(strstr(p, "not for publication") == NULL);
			CHECK(strstr(p, "not intended for publication") ==
			      NULL);
			CHECK(strncmp(p, "dpa ", 4) != 0);
			CHECK(strstr(p, "Notebook") == NULL);
			CHECK(strstr(p, " GMT ") == NULL);
		}
		done();
	}
	if (d)
		closedir(d);
	n_checked -= n;
	CHECK_INT(n, 6);
}

static void check_anpa_is_not_iptc(void)
{
	DIR *d = opendir(DIR_ANPA);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[600], *buf;
		size_t len;
		struct ow_err err = {0};
		snprintf(path, sizeof path, "%s/%s", DIR_ANPA, e->d_name);
		if (file_read_all(path, 1 << 24, &buf, &len, &err))
			continue;
		enum format f;
		CHECK(formats_detect(buf, len, &f, &err) == 0 &&
		      f == FORMAT_ANPA);
		struct parse_opts o = {0};
		CHECK_INT(formats_parse(FORMAT_IPTC7901, buf, len, &o, &res,
					&err),
			  OW_EPARSE);
		free(buf);
	}
	if (d)
		closedir(d);
}

static void check_files(void)
{
	if (load("IPTC7901.txt")) {
		/* "eca062 4 i 211 ccccb   dpa 061" */
		CHECK_STR(v->item_id, "eca062");
		CHECK_INT(v->urgency, 4);
		CHECK_INT(v->priority, PRIORITY_ROUTINE);
		CHECK(v->n_subjects == 1 && !strcmp(v->subjects[0].code, "i"));
		CHECK_INT(v->signal, SIGNAL_NEW);
		CHECK_STR(v->slug, "Germany-politics");
		CHECK_STR(v->headline, "Germany Social Democrats: Coalition "
				       "talks with Merkel could fail");
		CHECK_STR(v->dateline.place, "Berlin");
		CHECK_STR(v->dateline.source, "dpa");
		CHECK_INT(v->n_paras, 5);
		CHECK(!strncmp(v->paras[0].text,
			       "Berlin (dpa) - Negotiations between German",
			       42));
		CHECK_STR(v->paras[4].text,
			  "The SPD plans to seek approval for any coalition "
			  "deal with the conservatives from its 473,000 "
			  "members in a December ballot. A \"yes\" vote will "
			  "allow Merkel to be sworn in for a third term before "
			  "Christmas.");
		CHECK(ednote_has("The following information is not for "
				 "publication"));
		CHECK(ednote_has("- Reporting by: Wolfgang Schmidt"));
		CHECK(!corpus_para_has(v, "dpa wsz jln npr"));
		CHECK_INT(v->versioncreated,
			  1384342620); /* 131137 GMT Nov 13 */
		/* the header's 211 counts the notes too; the body has 163 */
		CHECK_INT(v->word_count, 163);
		done();
	}
	if (load("IPTC7901_odd_charset.txt")) {
		CHECK_STR(v->item_id, "eca100");
		CHECK_INT(v->urgency, 3);
		CHECK_INT(v->priority, PRIORITY_URGENT);
		CHECK_INT(v->signal, SIGNAL_LEAD);
		CHECK_INT(v->mark_ordinal, 1);
		CHECK_STR(v->mark, "1ST LEAD");
		CHECK_STR(v->slug, "Germany-football/Munich/Mueller");
		CHECK_STR(v->headline, "German football saddened by illness to "
				       "striker legend Mueller");
		CHECK_STR(v->byline, "By Manuel Schwarz, dpa");
		CHECK_STR(v->dateline.place, "Munich");
		/* Latin-1 0xFC */
		CHECK(corpus_para_has(v, "Bastian Schweinsteiger and Thomas "
					 "M\xC3\xBCller, and"));
		CHECK(test_has_warning(v, "windows-1252"));
		CHECK(ednote_has(
			"- adds comments by Germany coach Loew, byline"));
		CHECK(ednote_has("- Reporting by: Barry Whelan"));
		CHECK_INT(v->versioncreated,
			  1444225260);         /* 071341 GMT Okt 15 */
		CHECK_INT(v->word_count, 570); /* header: 586 with notes */
		done();
	}
	if (load("dpa_copyright.txt")) {
		CHECK_STR(v->item_id, "eca0001");
		CHECK_INT(v->urgency, 4);
		CHECK(v->n_subjects == 1 && !strcmp(v->subjects[0].code, "rs"));
		/* "(Achtung)": a notice to editors */
		CHECK_INT(v->signal, SIGNAL_ADVISORY);
		CHECK_STR(v->mark, "Achtung");
		CHECK_STR(v->slug, "Impressum");
		CHECK_STR(v->headline, "Impressum");
		CHECK_INT(v->n_paras, 1);
		CHECK(!strncmp(v->paras[0].text, "ryryryry copyright by dpa",
			       25));
		CHECK_INT(v->versioncreated,
			  1498341600);        /* 242200 GMT Jun 17 */
		CHECK_INT(v->word_count, 46); /* as the header says */
		done();
	}
	if (load("dpa_four_line.txt")) {
		CHECK_STR(v->item_id, "eca0003");
		CHECK_INT(v->priority, PRIORITY_URGENT);
		CHECK_INT(v->signal, SIGNAL_LEAD);
		CHECK_INT(v->mark_ordinal, 1);
		CHECK_STR(v->mark, "REFILE; 1ST LEAD");
		CHECK_STR(v->slug, "Switzerland/migration/UN");
		CHECK_STR(v->headline, "Switzerland joins list of countries "
				       "resisting UN migration pact");
		CHECK_STR(v->byline, "By dpa correspondents");
		CHECK_STR(v->dateline.place, "Geneva");
		CHECK(ednote_has("- adds head of UNGA in grafs 7-11"));
		CHECK(ednote_has("[UN migration pact](http://dpaq.de/hKivX)"));
		/* a wrapped contact line, with its 0xA0 no-break space */
		CHECK(ednote_has("Christiane Oelrich in Geneva and "
				 "Helen\xC2\xA0"
				 "Corbett in New York"));
		CHECK_STR(
			v->paras[v->n_paras - 1].text,
			"The countries that have rejected the migration pact "
			"so far are Austria, Australia, Bulgaria, Croatia, "
			"the Czech Republic, Estonia, Hungary, Israel, Poland "
			"and the United States.");
		CHECK_INT(v->versioncreated,
			  1542842520);         /* 212322 GMT Nov 18 */
		CHECK_INT(v->word_count, 379); /* header: 380 */
		done();
	}
	if (load("dpa_two_by_line.txt")) {
		/* "ecp0007 4 s 850  dpa-tns 0908" */
		CHECK_STR(v->item_id, "ecp0007");
		CHECK_INT(v->urgency, 4);
		CHECK(v->n_subjects == 1 && !strcmp(v->subjects[0].code, "s"));
		CHECK_STR(v->slug, "American Football/NFL");
		CHECK_STR(v->headline, "Chiefs-Rams 2.0? Would be a fun Super "
				       "Bowl, but don't count on it");
		CHECK_STR(v->byline,
			  "By Tom Krasovic, The San Diego Union-Tribune");
		CHECK_STR(v->dateline.place, "San Diego");
		CHECK_STR(v->dateline.source, "tca/dpa");
		CHECK(ednote_has("- (c)2018 The San Diego Union-Tribune"));
		/* "211259 Nov 18" names no zone */
		CHECK_INT(v->versioncreated, 1542805140);
		CHECK(test_has_warning(v, "names no zone"));
		CHECK_INT(v->word_count, 845); /* header: 850 */
		done();
	}
	if (load("dpa_two_line.txt")) {
		CHECK_STR(v->item_id, "eca0124");
		CHECK_INT(v->urgency, 3);
		CHECK_STR(v->mark, "EXTRA");
		CHECK_INT(v->signal, SIGNAL_NEW);
		CHECK_STR(v->slug, "Yemen/conflict");
		CHECK_STR(v->headline, "Peace talks on Yemen to take place in "
				       "Sweden next month, Mattis says");
		CHECK_STR(v->dateline.place, "Washington");
		CHECK_INT(v->n_paras, 4);
		CHECK_STR(v->ednote, "Notebook\nInternet links\n"
				     "- [DOD news](http://dpaq.de/3UXnb)");
		CHECK_INT(v->versioncreated,
			  1542834060);        /* 212101 GMT Nov 18 */
		CHECK_INT(v->word_count, 92); /* header: 93 */
		done();
	}
}

int main(void)
{
	DIR *d = opendir(DIR_IPTC);
	if (!d) {
		printf("corpus: %s not found, skipping\n", DIR_IPTC);
		return 77;
	}
	closedir(d);
	check_all_parse();
	check_anpa_is_not_iptc();
	check_files();
	test_current = "main";
	CHECK_INT(n_checked, 6);
	return TEST_REPORT();
}
