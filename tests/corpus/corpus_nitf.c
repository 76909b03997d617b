/* Corpus test for the NITF parser: every NITF file in ${OW_CORPUS}
 * (superdesk/nitf/ and iptc/nitf__*.xml) is detected as NITF and accepted,
 * except the one that carries no text at all; for 19 of them the field
 * values below were checked by reading the file. */
#include "formats/formats.h"

#include "common/fileio.h"
#include "../unit/test.h"
#include "corpus.h"

#include <dirent.h>
#include <stdlib.h>

/* A file under OW_CORPUS parsed as NITF (corpus.h). */
static int parse(const char *rel, struct parse_result *r, struct ow_err *err)
{
	return corpus_parse(corpus_file(rel), 0, FORMAT_NITF, r, err);
}

static const struct version *one(const char *rel, struct parse_result *r)
{
	return corpus_one(corpus_file(rel), 0, FORMAT_NITF, r);
}

static const char *last_para(const struct version *v)
{
	return v->n_paras ? v->paras[v->n_paras - 1].text : "";
}

/* --------------------------------------------------------- all accepted */

static void test_all_accepted(void)
{
	static const char *const dirs[] = {"superdesk/nitf", "iptc", NULL};
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
			     strncmp(e->d_name, "nitf__", 6)))
				continue;
			char rel[512];
			snprintf(rel, sizeof rel, "%s/%s", *d, e->d_name);
			struct parse_result r;
			struct ow_err err = {0};
			int rc = parse(rel, &r, &err);
			n++;
			if (!strcmp(e->d_name, "aap-finance-lite.xml")) {
				/* empty title, hedline and body.content: no
				 * text story in it to accept */
				CHECK_INT(rc, OW_EPARSE);
				CHECK_STR(err.msg, "nitf item "
						   "AFP.121974877.6504909 has "
						   "neither a headline nor a "
						   "body");
				continue;
			}
			if (rc) {
				fprintf(stderr, "%s: rc %d: %s\n", rel, rc,
					err.msg);
				test_failures++;
				continue;
			}
			for (size_t i = 0; i < r.versions.n; i++) {
				const struct version *v = r.versions.v[i];
				CHECK(v->headline && *v->headline);
				CHECK(v->n_paras > 0);
			}
			parse_result_free(&r);
		}
		closedir(dir);
	}
	CHECK_INT(n, 20);
}

/* ------------------------------------------------------------------ AAP */

static void test_aap(void)
{
	struct parse_result r;
	const struct version *v = one("superdesk/nitf/aap.xml", &r);
	if (v) {
		CHECK_STR(v->headline,
			  "The main stories on today's 1900 ABC TV news");
		CHECK_STR(v->slug, "Monitor 1900 ABC News");
		CHECK_STR(v->item_id, "AAP.115314987.5417374");
		CHECK_STR(v->source, "Australian Associated Press");
		CHECK_INT(v->urgency, 5);
		CHECK_INT(v->priority, PRIORITY_ROUTINE);
		CHECK_STR(v->byline, "John Doe");
		CHECK_STR(v->dateline.place, "Sydney");
		CHECK_INT(v->versioncreated, 1382257671);
		CHECK_STR(v->subjects[1].code, "02003001");
		CHECK_STR(v->subjects[1].name, "law enforcement");
		/* <br/> wraps joined; "AAP RTV ar" is a sign-off */
		CHECK_INT(v->n_paras, 12);
		CHECK_STR(v->paras[0].text,
			  "The main stories on ABC television's 1900 news:");
		CHECK(corpus_para_has(
			v, "the fire situation is likely to get worse "
			   "with a massive fire front spanning"));
		CHECK(!strncmp(last_para(v), "5. The Syrian conflict", 22));
		CHECK(!corpus_para_has(v, "AAP RTV"));
		parse_result_free(&r);
	}
	v = one("superdesk/nitf/aap-cyber.xml", &r);
	if (v) {
		CHECK_STR(v->headline, "Headline");
		CHECK_STR(v->slug, "slugged");
		CHECK_STR(v->source, "AAP");
		CHECK_INT(v->priority, PRIORITY_URGENT);
		CHECK_INT(v->versioncreated, 1460523141);
		CHECK_STR(v->dateline.place, "SYDNEY");
		CHECK_STR(v->dateline.date, "March 22");
		CHECK_STR(v->paras[0].text, "body1");
		parse_result_free(&r);
	}
	v = one("superdesk/nitf/aap-finance.xml", &r);
	if (v) {
		CHECK_STR(v->headline,
			  "ASIA:Samsung sells defence, petrochemical units");
		CHECK_STR(v->slug, "Samsung");
		CHECK_STR(v->source, "Agence France Presse");
		CHECK_STR(v->dateline.place, "SEOUL");
		CHECK_STR(v->dateline.date, "Nov 26");
		CHECK_STR(v->dateline.source, "AFP");
		CHECK_INT(v->versioncreated, 1417015623);
		CHECK(test_has_warning(v, "no UTC offset; read as UTC"));
		CHECK_INT(v->n_paras, 13);
		CHECK(!strncmp(last_para(v), "Last week it had to scrap", 25));
		parse_result_free(&r);
	}
	v = one("superdesk/nitf/aap-finance1.xml", &r);
	if (v) {
		CHECK_STR(v->slug, "Highlights Finance");
		/* "(ATTN EDITORS)" is a take key that marks nothing */
		CHECK_INT(v->signal, SIGNAL_NEW);
		CHECK(v->mark == NULL);
		CHECK(!strncmp(last_para(v), "Also Stocks Aust", 16));
		parse_result_free(&r);
	}
	v = one("superdesk/nitf/aap-sports.xml", &r);
	if (v) {
		CHECK_STR(v->headline,
			  "RL:Ferguson returns at centre for Roosters");
		CHECK_STR(v->slug, "RL Roosters");
		CHECK_INT(v->n_paras, 4);
		CHECK(!corpus_para_has(v, "AAP RTV"));
		parse_result_free(&r);
	}
}

/* ------------------------------------------------------------------- AP */

static void test_ap(void)
{
	struct parse_result r;
	const struct version *v = one("superdesk/nitf/ap-nitf.xml", &r);
	if (v) {
		CHECK_STR(v->headline, "Can trading pollution like stocks help "
				       "fight climate change?");
		CHECK_STR(v->byline, "BERNARD CONDON");
		CHECK_STR(v->source, "AP");
		CHECK_STR(v->ednote, "For global distribution");
		CHECK_STR(v->dateline.place, "NEW YORK");
		CHECK_STR(v->dateline.source, "AP");
		CHECK_INT(v->versioncreated, 1449774644);
		CHECK(v->item_id == NULL);
		CHECK_INT(v->n_paras, 28);
		CHECK(!strncmp(v->paras[0].text,
			       "NEW YORK (AP) \xe2\x80\x94 The "
			       "gas produced by hog manure",
			       45));
		parse_result_free(&r);
	}
	v = one("superdesk/nitf/ap_media_text_nitf.xml", &r);
	if (v) {
		CHECK_STR(v->headline, "BC-BBN--Top Ten");
		CHECK_STR(v->source, "AP");
		CHECK_INT(v->versioncreated, 1562126712);
		CHECK_INT(v->n_paras, 7);
		CHECK_INT(v->paras[1].kind, PARA_PRE);
		CHECK(strstr(v->paras[1].text, "McNeil NYM  72  271") != NULL);
		CHECK(!strncmp(v->paras[2].text, "Yelich, Milwaukee, 31;", 22));
		CHECK(strstr(v->body_html, "<table>") != NULL);
		parse_result_free(&r);
	}
}

/* ------------------------------------------------------ EFE, CP, IPTC */

static void test_efe_cp_iptc(void)
{
	struct parse_result r;
	const struct version *v = one("superdesk/nitf/efe_nitf.xml", &r);
	if (v) {
		CHECK_STR(v->headline,
			  "Honduran president announces Cabinet changes");
		CHECK_STR(v->slug, "HONDURAS GOVERNMENT");
		CHECK_STR(v->item_id, "22751909");
		CHECK_STR(v->source, "Agencia EFE");
		CHECK_STR(v->dateline.place, "Tegucigalpa");
		CHECK_STR(v->language, "en-US");
		CHECK_INT(v->versioncreated, 1483396080);
		CHECK_STR(v->subjects[1].code, "11006005");
		CHECK_STR(v->paras[0].text,
			  "Tegucigalpa, Jan 2 (EFE).- Test body.");
		parse_result_free(&r);
	}
	v = one("superdesk/nitf/handle_invalid_fields.xml", &r);
	if (v) {
		CHECK_STR(v->item_id, "eed713d46d74499d86b3250fa47b341b");
		CHECK_STR(v->slug, "Rideau-Hall-Police");
		CHECK_STR(v->headline,
			  "Man accused of ramming gate at Rideau "
			  "Hall with truck faces multiple charges");
		CHECK_STR(v->byline, "Mia Rabson and Jordan Press");
		CHECK_STR(v->source, "THE CANADIAN PRESS");
		CHECK_STR(v->dateline.place, "Ottawa");
		CHECK_INT(v->priority, PRIORITY_BULLETIN);
		CHECK_INT(v->versioncreated, 1593809496);
		CHECK(test_has_warning(
			v, "\"YYYYMMDD000000-HHMM\" is not a date"));
		CHECK(!corpus_para_has(v, "This report by The Canadian Press"));
		CHECK_INT(v->n_paras, 26);
		parse_result_free(&r);
	}
	v = one("superdesk/nitf/nitf-fishing.xml", &r);
	if (v) {
		CHECK_STR(v->headline, "Weather and Tide Updates for Norfolk");
		CHECK_INT(v->pubstatus, PUBSTATUS_CANCELED);
		CHECK_INT(v->signal, SIGNAL_KILL);
		CHECK_STR(v->item_id, "iptc.321656141.b");
		CHECK_STR(v->evolved_from, "iptc.321656141.a");
		CHECK_INT(v->item_version, 1);
		CHECK_STR(v->slug, "ongoing-winter-tide-updates");
		CHECK_STR(v->byline, "Alan Karben");
		CHECK_STR(v->dateline.place, "Newport News");
		CHECK_STR(v->ednote, "Today begins an expanded format of this "
				     "popular column.");
		CHECK_INT(v->versioncreated, 1014665400);
		CHECK_INT(v->firstcreated, 1014213600);
		CHECK_INT(v->priority, PRIORITY_URGENT);
		CHECK(!corpus_para_has(v, "captured on film"));
		CHECK(!corpus_para_has(v, "Klometers"));
		CHECK_STR(last_para(v), "Happy fishing everybody!");
		parse_result_free(&r);
	}
}

/* ------------------------------------------------------------------ NTB */

static void test_ntb(void)
{
	struct parse_result r;
	const struct version *v = one("superdesk/nitf/mapping_test.xml", &r);
	if (v) {
		/* declared ISO-8859-1, written in UTF-8 */
		CHECK_INT(r.n_warnings, 1);
		CHECK_STR(v->headline, "*En 41-\xc3\xa5rig mand, der onsdag "
				       "blev anholdt og sat i forbindel");
		CHECK_STR(v->item_id, "20160512:RTZ:8883:0");
		CHECK_INT(v->item_version, 4);
		CHECK_STR(v->slug, "NU-FLASH-K");
		CHECK_STR(v->source, "ritzau.dk");
		CHECK_INT(v->versioncreated, 1463004313);
		CHECK_INT(v->n_paras, 3); /* "/ritzau/" dropped */
		CHECK(!strncmp(v->paras[0].text,
			       "K\xc3\xb8"
			       "benhavn /ritzau/:",
			       19));
		parse_result_free(&r);
	}
	v = one("superdesk/nitf/nitf-ntb.xml", &r);
	if (v) {
		CHECK_STR(v->headline, "Faktisk.no: Nei, dette dokumentet "
				       "beskriver ikke FNs Agenda 21 eller "
				       "Agenda 2030");
		CHECK_STR(v->byline, "Geir Molnes / Faktisk.no");
		CHECK_STR(v->dateline.place, "Oslo");
		CHECK_INT(v->item_version, 48);
		CHECK_STR(v->slug, "faktisk-faktasjekk");
		CHECK_STR(v->source, "NTB");
		CHECK_STR(v->language, "nb-NO");
		CHECK_INT(v->versioncreated, 1599489926);
		CHECK_STR(v->paras[1].text, "P\xc3\xa5stand");
		CHECK(!corpus_para_has(v, "Scanpix"));
		parse_result_free(&r);
	}
	v = one("iptc/nitf__NTB_2021-05-16_india_korona.xml", &r);
	if (v) {
		CHECK_STR(v->headline, "Pandemien herjer p\xc3\xa5 den "
				       "legel\xc3\xb8se indiske landsbygda");
		CHECK_STR(v->byline, "NTB-AFP-DPA");
		CHECK_STR(v->dateline.place, "Unnao");
		CHECK_STR(v->slug, "india-korona-bygd");
		CHECK_INT(v->item_version, 1);
		CHECK_INT(v->versioncreated, 1621155604);
		CHECK_INT(v->n_paras, 21);
		CHECK(!corpus_para_has(v, "\xc2\xa9NTB"));
		CHECK(!corpus_para_has(v, "Kremasjonsb\xc3\xa5l"));
		CHECK(!corpus_para_has(v, "kenneth.kandolf.haug"));
		parse_result_free(&r);
	}
}

/* ------------------------------------------------------------------- PA */

static void test_pa(void)
{
	struct parse_result r;
	const struct version *v = one("superdesk/nitf/pa1.xml", &r);
	if (v) {
		CHECK_STR(v->headline, "PA SPORT TRIVIA (OCTOBER 14)");
		CHECK_STR(v->slug, "PA-SSS-SPORT-Trivia(Oct14)");
		CHECK_STR(v->source, "PA");
		CHECK_INT(v->priority, PRIORITY_ROUTINE);
		CHECK_INT(v->versioncreated, 1444793401);
		CHECK(!strncmp(last_para(v), "Answers: 1. Al-Saadi Gaddafi",
			       28));
		parse_result_free(&r);
	}
	v = one("superdesk/nitf/pa2.xml", &r);
	if (v) {
		CHECK_STR(v->headline, "1 SOCCER INT-Teams");
		CHECK_INT(v->priority, PRIORITY_URGENT);
		CHECK_INT(v->versioncreated, 1444787038);
		CHECK_INT(v->n_paras, 1);
		CHECK_INT(v->paras[0].kind, PARA_PRE);
		CHECK(!strncmp(v->paras[0].text,
			       "International Match\nMexico v Panama\n", 36));
		parse_result_free(&r);
	}
	v = one("superdesk/nitf/pa3.xml", &r);
	if (v) {
		CHECK_INT(v->embargo, 1473375660);
		CHECK(strstr(v->ednote,
			     "Embargoed to 0001 Friday September 9"));
		CHECK_STR(v->byline, "Benjamin Wright, Press Association");
		parse_result_free(&r);
	}
	v = one("superdesk/nitf/pa4.xml", &r);
	if (v) {
		CHECK_STR(v->headline,
			  "GREAT BRITISH BAKE OFF COOKS UP TOP FIVE "
			  "MOST-WATCHED SHOWS OF 2016");
		CHECK(corpus_para_has(v, "a reported \xc2\xa3"
					 "25 million a year"));
		CHECK_INT(r.n_warnings, 1);
		parse_result_free(&r);
	}
	v = one("superdesk/nitf/pa5.xml", &r);
	if (v) {
		CHECK_STR(v->headline, "HARD BREXIT TO COST UK UP TO \xc2\xa3"
				       "66BN A YEAR, SAYS TREASURY");
		CHECK(strstr(v->paras[0].text, "\xc2\xa3"
					       "66 billion annual hit"));
		CHECK_INT(r.n_warnings, 0);
		parse_result_free(&r);
	}
}

int main(void)
{
	DIR *d = opendir(corpus_file("superdesk/nitf"));
	if (!d) {
		printf("corpus: %s not found, skipping\n",
		       corpus_file("superdesk/nitf"));
		return 77;
	}
	closedir(d);
	RUN(test_all_accepted);
	RUN(test_aap);
	RUN(test_ap);
	RUN(test_efe_cp_iptc);
	RUN(test_ntb);
	RUN(test_pa);
	return TEST_REPORT();
}
