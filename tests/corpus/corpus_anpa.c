/* Corpus test: every ANPA-1312 file in ${OW_CORPUS}/superdesk/anpa is
 * detected as ANPA, parses, and gives text; the values asserted per file
 * were read off the files themselves (header, '^' lines, dateline, ETX
 * trailer). The IPTC 7901 files next door must not pass as ANPA. */
#include "formats/formats.h"
#include "text/text.h"

#include "common/fileio.h"
#include "../unit/test.h"
#include "corpus.h"

#include <dirent.h>
#include <stdlib.h>

#define DIR_ANPA OW_CORPUS "/superdesk/anpa"
#define DIR_IPTC OW_CORPUS "/superdesk/iptc7901"

static struct parse_result res;
static const struct version *v;
static int n_checked;

/* Parses one corpus file; v is its single version, or NULL. */
static bool load(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", DIR_ANPA, name);
	test_current = name;
	v = corpus_one(path, 1500000000, FORMAT_ANPA, &res);
	if (v)
		n_checked++;
	return v != NULL;
}

static void done(void)
{
	parse_result_free(&res);
	v = NULL;
}

/* The keyword line states the story's word count ("...,466<"); ours is
 * counted over the text and must agree within a few words. */
#define CHECK_WORDS(stated)                                                    \
	CHECK(v->word_count >= (stated)-10 && v->word_count <= (stated) + 10)

static void check_all_parse(void)
{
	DIR *d = opendir(DIR_ANPA);
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
		CHECK_STR(v->source, "AP");
		CHECK(v->item_id != NULL);
		CHECK(v->versioncreated > 0);
		for (size_t i = 0; i < v->n_paras; i++) {
			const char *p = v->paras[i].text;
			CHECK(utf8_valid(p, strlen(p)));
			/* no trailer, quad code or control left in the text */
			CHECK(strstr(p, "AP-WF-") == NULL);
			CHECK(strchr(p, '\x08') == NULL);
			CHECK(strchr(p, '\x10') == NULL);
			if (v->paras[i].kind == PARA_TEXT)
				CHECK(p[strlen(p) - 1] != '<');
		}
		done();
	}
	if (d)
		closedir(d);
	n_checked -= n;
	CHECK_INT(n, 11);
}

static void check_iptc_is_not_anpa(void)
{
	DIR *d = opendir(DIR_IPTC);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[600], *buf;
		size_t len;
		struct ow_err err = {0};
		snprintf(path, sizeof path, "%s/%s", DIR_IPTC, e->d_name);
		if (file_read_all(path, 1 << 24, &buf, &len, &err))
			continue;
		enum format f;
		CHECK(formats_detect(buf, len, &f, &err) == 0 &&
		      f == FORMAT_IPTC7901);
		struct parse_opts o = {0};
		CHECK_INT(formats_parse(FORMAT_ANPA, buf, len, &o, &res, &err),
			  OW_EPARSE);
		free(buf);
	}
	if (d)
		closedir(d);
}

static void check_files(void)
{
	if (load("anpa-1.tst")) {
		CHECK_STR(v->item_id, "W2870");
		CHECK_INT(v->priority, PRIORITY_FLASH);
		CHECK_INT(v->signal, SIGNAL_NEW);
		CHECK_STR(v->slug, "LT--Argentina-Cancer Beauty");
		CHECK_STR(v->headline,
			  "For Argentine chemo patients, mirrors can hurt");
		CHECK_STR(v->byline, "By PAUL BYRNE and ALMUDENA CALATRAVA");
		CHECK_STR(v->ednote, "With AP Photos.");
		CHECK_STR(v->dateline.place, "BUENOS AIRES, Argentina");
		CHECK_STR(v->dateline.source, "AP");
		CHECK(v->n_subjects == 1 && !strcmp(v->subjects[0].code, "l"));
		CHECK_INT(v->versioncreated, 1384355340); /* 11-13-13 1509GMT */
		CHECK(!strncmp(v->paras[0].text,
			       "BUENOS AIRES, Argentina (AP) _ For cancer",
			       41));
		CHECK_STR(
			v->paras[v->n_paras - 1].text,
			"APTN contributor Kacey Cherry in Buenos Aires helped "
			"with this story.");
		CHECK(corpus_para_has(v, "\xE2\x80\x9CLook Good Feel "
					 "Better\xE2\x80\x9D"));
		CHECK(!corpus_para_has(v, "___"));
		CHECK_WORDS(466);
		done();
	}
	if (load("anpa-2.tst")) {
		CHECK_STR(v->item_id, "W2607");
		CHECK_INT(v->priority, PRIORITY_ROUTINE);
		CHECK_INT(v->signal, SIGNAL_WRITETHRU);
		CHECK_INT(v->mark_ordinal, 1);
		CHECK_STR(v->mark, "1stLd-Writethru");
		CHECK_STR(v->slug, "US--Ethanol-Losing Grassland");
		CHECK_STR(v->headline,
			  "Prairies vanish in the US push for green energy");
		CHECK_STR(v->byline, "By CHET BROKAW and JACK GILLUM");
		CHECK(v->ednote &&
		      strstr(v->ednote, "Restores reference in 3rd "
					"paragraph"));
		CHECK(v->ednote &&
		      strstr(v->ednote,
			     "This is part of an Associated Press "
			     "investigation into the hidden costs of "
			     "green energy."));
		CHECK(!corpus_para_has(v, "EDITOR'S NOTE"));
		CHECK_STR(v->dateline.place, "ROSCOE, South Dakota");
		CHECK_INT(v->versioncreated, 1384328700); /* 11-13-13 0745GMT */
		CHECK_WORDS(1140);
		done();
	}
	if (load("anpa-3.tst")) {
		CHECK_STR(v->item_id, "W2595");
		CHECK_INT(v->priority, PRIORITY_URGENT);
		CHECK(v->n_subjects == 1 && !strcmp(v->subjects[0].code, "i"));
		/* tabular: the keyword line names the table */
		CHECK_STR(v->headline, "Global Weather-Fahrenheit");
		CHECK_STR(v->slug, "WEA--Global Weather-Fahrenheit");
		CHECK_INT(v->paras[0].kind, PARA_PRE);
		CHECK(corpus_para_has(
			v, "\nAmsterdam;42;50;rn;0.08;39;52;pc;39;48;rn\n"));
		CHECK(corpus_para_has(v, "Source: Weather Underground"));
		CHECK(!corpus_para_has(v, "END"));
		CHECK_STR(v->dateline.place, "NEW YORK");
		CHECK_INT(v->versioncreated, 1384326780); /* 11-13-13 0713GMT */
		done();
	}
	if (load("anpa-4.tst")) {
		CHECK_STR(v->item_id, "V4644");
		CHECK_INT(v->priority, PRIORITY_ROUTINE);
		CHECK(v->n_subjects == 1 && !strcmp(v->subjects[0].code, "e"));
		CHECK_STR(v->slug, "AP-Top-Entertainment-Headlines");
		CHECK_STR(v->headline,
			  "AP Top Entertainment News at 11:23 p.m. EST");
		/* header lines only: the ten headlines are the text */
		CHECK_INT(v->n_paras, 10);
		CHECK_STR(v->paras[0].text, "Ex-bodyguard testifies about lewd "
					    "messages sent to Paltrow");
		CHECK_STR(v->paras[9].text,
			  "Martin Shkreli sued by artist over "
			  "Wu-Tang Clan album");
		CHECK_INT(v->versioncreated, 1455078180); /* 02-10-16 0423GMT */
		done();
	}
	if (load("ap_anpa-1.tst")) {
		CHECK_STR(v->item_id, "z6715");
		CHECK_INT(v->signal, SIGNAL_WRITETHRU);
		CHECK_INT(v->mark_ordinal, 1);
		CHECK_STR(v->slug, "BKN--Heat-Hawks");
		CHECK_STR(v->headline, "Deng has 30 points, short-handed Heat "
				       "beat Hawks 115-111");
		CHECK_STR(v->byline, "By CHARLES ODUM");
		CHECK_STR(v->ednote,
			  "Heat 115, Hawks 111. Updates. With AP Photos.");
		CHECK_STR(v->dateline.place, "ATLANTA");
		CHECK_STR(v->dateline.source, "AP");
		/* the summary '^' line is not a paragraph; "___" dropped */
		CHECK(!strncmp(v->paras[0].text, "ATLANTA (AP) _ Luol Deng",
			       24));
		CHECK_INT(v->n_paras, 18);
		CHECK_STR(v->paras[17].text,
			  "Hawks: Host Milwaukee on Saturday night.");
		CHECK_INT(v->versioncreated, 1455939420); /* 02-20-16 0337GMT */
		CHECK_WORDS(416);
		done();
	}
	if (load("ap_anpa-2.tst")) {
		CHECK_STR(v->item_id, "z9631");
		CHECK_STR(v->headline, "Baseball Expanded Standings");
		CHECK_STR(v->slug, "BBO--Baseball Expanded Glance");
		CHECK_STR(v->byline, "By The Associated Press");
		CHECK_INT(v->paras[0].kind, PARA_PRE);
		/* BS and DLE gone, AP's '{' is one half */
		CHECK(corpus_para_has(
			v, "\nToronto;19;21;.475;6;3\xC2\xBD;4-6;L-3;9-"
			   "11;10-10\n"));
		CHECK(corpus_para_has(
			v, "\nTampa "
			   "Bay;17;19;.472;6;3\xC2\xBD;5-5;W-1;10-11;7-8\n"));
		CHECK(corpus_para_has(v, "\nEast Division\n"));
		CHECK_INT(v->versioncreated, 1463466000); /* 05-17-16 0620GMT */
		done();
	}
	if (load("ap_anpa-3.tst")) {
		CHECK_STR(v->item_id, "G7787");
		CHECK_INT(v->signal, SIGNAL_WRITETHRU);
		CHECK_STR(v->slug, "US--Giant Lobster Death");
		CHECK_STR(v->headline, "$210 lobster is found dead");
		CHECK_STR(v->ednote,
			  "APNewsNow. Changes short headline. New approach.");
		CHECK_STR(v->dateline.place, "CHATHAM, Mass.");
		CHECK_INT(v->n_paras, 1);
		CHECK_STR(v->paras[0].text,
			  "CHATHAM, Mass. (AP) _ A lobster died.");
		CHECK_INT(v->versioncreated, 1472487960); /* 08-29-16 1626GMT */
		/* the keyword line counts 127 words; 6 arrived */
		CHECK(test_has_warning(v, "counts 127 words"));
		done();
	}
	if (load("ap_anpa-4.tst")) {
		CHECK_STR(v->item_id, "W2346");
		CHECK_INT(v->signal, SIGNAL_WRITETHRU);
		CHECK_INT(v->mark_ordinal, 3);
		CHECK_STR(v->mark, "3rdLd-Writethru");
		CHECK_STR(v->slug, "AS--China-Daring Escape-ABRIDGED");
		CHECK_STR(v->headline, "AP Exclusive: China lawyer's family "
				       "says US helped them flee");
		CHECK_STR(v->ednote,
			  "Minor edits. A longer version of this story is "
			  "available. With AP Photos. With BC-AS--China-Lawyer "
			  "Trial.");
		CHECK_STR(v->byline, "By GERRY SHIH");
		CHECK_STR(v->dateline.place, "BEIJING");
		CHECK_INT(v->versioncreated, 1494291360); /* 05-09-17 0056GMT */
		CHECK_WORDS(827);
		done();
	}
	if (load("ap_anpa-5.tst")) {
		CHECK_STR(v->item_id, "W1645");
		CHECK_INT(v->priority, PRIORITY_BULLETIN);
		CHECK_STR(v->slug, "US--APNewsAlert");
		/* an alert has no headline line: the alert's text is it */
		CHECK_STR(v->headline,
			  "Hawaii files court challenge to Trump "
			  "administration's definition of close U.S. "
			  "relationship needed to avoid travel ban.");
		CHECK_STR(v->dateline.place, "HONOLULU");
		CHECK_INT(v->n_paras, 1);
		CHECK_INT(v->versioncreated, 1498780200); /* 06-29-17 2350GMT */
		CHECK_WORDS(17);
		done();
	}
	if (load("ap_anpa-6.tst")) {
		CHECK_STR(v->item_id, "s0284");
		CHECK(v->n_subjects == 1 && !strcmp(v->subjects[0].code, "s"));
		CHECK_STR(v->headline, "Wild Card Glance");
		CHECK_STR(v->byline, "By The Associated Press");
		CHECK_INT(v->paras[0].kind, PARA_PRE);
		/* 0xF3 in Windows-1252 */
		CHECK(corpus_para_has(
			v, "Kansas City (L\xC3\xB3pez 1-7) at Baltimore "
			   "(Means 8-8), 7:05 p.m."));
		CHECK(test_has_warning(v, "windows-1252"));
		CHECK_INT(v->versioncreated, 1566159420); /* 08-18-19 2017GMT */
		done();
	}
	if (load("ap_anpa-7.tst")) {
		CHECK_STR(v->item_id, "W2422");
		CHECK_STR(v->slug, "10 Things to Know-Today");
		CHECK_STR(v->headline, "10 Things to Know for Today");
		CHECK_STR(v->byline, "By The Associated Press");
		CHECK_STR(v->ednote, "With AP Photos.");
		CHECK_STR(v->paras[0].text,
			  "Your daily look at late-breaking news, upcoming "
			  "events and the stories that will be talked about "
			  "today:");
		CHECK_STR(v->paras[1].text, "1. BAHAMIANS BEGIN RESCUES AS "
					    "DORIAN MOVES ON TOWARD US COAST");
		CHECK_INT(v->versioncreated, 1567592940); /* 09-04-19 1029GMT */
		CHECK_WORDS(364);
		done();
	}
}

int main(void)
{
	DIR *d = opendir(DIR_ANPA);
	if (!d) {
		printf("corpus: %s not found, skipping\n", DIR_ANPA);
		return 77;
	}
	closedir(d);
	check_all_parse();
	check_iptc_is_not_anpa();
	check_files();
	test_current = "main";
	CHECK_INT(n_checked, 11);
	return TEST_REPORT();
}
