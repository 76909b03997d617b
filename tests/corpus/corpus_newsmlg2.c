/* Corpus test for the NewsML-G2 parser on the real files in ${OW_CORPUS}:
 * superdesk/newsmlg2/ (Reuters, AP, dpa, ANSA, STT, BusinessDesk) and the
 * IPTC guideline examples iptc/newsml-g2__*. Every file is parsed: text
 * stories must be accepted, pictures/video/packages skipped with a reason,
 * the two fragments rejected with one. The expected values below were read
 * off the files by hand. */
#include "formats/formats.h"

#include "common/fileio.h"
#include "../unit/test.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>

struct doc {
	char *buf;
	size_t len;
	struct parse_result r;
	struct ow_err err;
	int rc;
};

static bool load(const char *dir, const char *name, struct doc *d)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s/%s", OW_CORPUS, dir, name);
	memset(d, 0, sizeof *d);
	if (file_read_all(path, 64u << 20, &d->buf, &d->len, &d->err)) {
		fprintf(stderr, "cannot read %s: %s\n", path, d->err.msg);
		test_failures++;
		return false;
	}
	struct parse_opts o = {0};
	d->rc = formats_parse(FORMAT_UNKNOWN, d->buf, d->len, &o, &d->r,
			      &d->err);
	return true;
}

static void done(struct doc *d)
{
	if (!d->rc)
		parse_result_free(&d->r);
	free(d->buf);
}

/* The only version of a file that must hold exactly one. */
static const struct version *only(struct doc *d, const char *name)
{
	test_current = name;
	CHECK_INT(d->rc, 0);
	if (d->rc) {
		fprintf(stderr, "%s: %s\n", name, d->err.msg);
		return NULL;
	}
	CHECK_INT(d->r.format, FORMAT_NEWSMLG2);
	CHECK_INT(d->r.versions.n, 1);
	return d->r.versions.n == 1 ? d->r.versions.v[0] : NULL;
}

static bool starts(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}

static bool has_skip(const struct doc *d, const char *part)
{
	for (size_t i = 0; i < d->r.n_skipped; i++)
		if (strstr(d->r.skipped[i].reason, part))
			return true;
	return false;
}

#define SD "superdesk/newsmlg2"
#define IP "iptc"

/* ------------------------------------------------------------- Reuters */

static void reuters_pair(void)
{
	struct doc a, b;
	if (!load(SD, "tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838",
		  &a))
		return;
	if (!load(SD,
		  "tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538",
		  &b)) {
		done(&a);
		return;
	}
	const struct version *v1 = only(&a, "L1N14N0FF_978556838");
	const struct version *v2 = only(&b, "L1N14N0FF_1542761538");
	if (v1 && v2) {
		test_current = "reuters_pair";
		CHECK_STR(v1->item_id, "tag:reuters.com,0000:newsml_L1N14N0FF");
		CHECK_STR(v2->item_id, v1->item_id);
		CHECK(v1->item_version == 978556838LL);
		CHECK(v2->item_version == 1542761538LL);
		CHECK(v2->item_version > v1->item_version);
		CHECK_STR(v1->source, "Reuters");
		CHECK_INT(v1->pubstatus, PUBSTATUS_USABLE);
		CHECK_INT(v1->signal, SIGNAL_CORRECTION); /* edStat:C */
		CHECK_STR(v1->headline, "S. Illinois battles flooding as "
					"Mississippi River builds downstream");
		CHECK_STR(v1->slug, "USA-WEATHER/");
		CHECK_STR(v1->mark, "UPDATE 1; CORRECTED");
		CHECK_INT(v1->urgency, 3);
		CHECK_INT(v1->priority, PRIORITY_URGENT);
		CHECK_STR(v1->language, "en");
		CHECK_INT(v1->versioncreated, 1451922214);
		CHECK_INT(v1->n_paras, 16);
		CHECK(v1->n_paras &&
		      starts(v1->paras[0].text, "(In Jan. 3 story, corrects"));
		CHECK(v1->n_paras == 16 &&
		      strstr(v1->paras[15].text, "Editing by Dan Grebler)"));
		CHECK_INT(v1->n_subjects, 50);
		/* the later version kills every version */
		CHECK_INT(v2->pubstatus, PUBSTATUS_CANCELED);
		CHECK_INT(v2->signal, SIGNAL_KILL);
		CHECK_INT(v2->versioncreated, 1451925285);
		CHECK_INT(v2->n_paras, 0);
		/* one item per message, its bytes found inside the envelope */
		CHECK(starts(a.buf + v1->raw_off, "<ns0:newsItem"));
		CHECK(!strncmp(a.buf + v1->raw_off + v1->raw_len - 15,
			       "</ns0:newsItem>", 15));
	}
	done(&a);
	done(&b);
}

static void reuters_tables(void)
{
	struct doc d;
	if (load(SD, "tag_reuters.com,0000_newsml_ISS149709_1618095828", &d)) {
		const struct version *v = only(&d, "ISS149709");
		if (v) {
			CHECK(v->item_version == 1618095828LL);
			CHECK_STR(v->slug, "SOCCER-TURKEY/RESULTS");
			CHECK_STR(v->headline, "Soccer-Turkish championship "
					       "results and standings");
			CHECK_INT(v->n_paras, 1);
			CHECK(v->n_paras && v->paras[0].kind == PARA_PRE);
			CHECK(v->n_paras &&
			      starts(v->paras[0].text,
				     "Jan 30 (Gracenote) - Results and "
				     "standings"));
			/* columns kept as sent */
			CHECK(v->n_paras &&
			      strstr(v->paras[0].text,
				     "\n1  Besiktas              19 13 5 1  39 "
				     "15 44\n"));
			CHECK(starts(v->body_html, "<pre>"));
		}
		done(&d);
	}
	if (load(SD, "tag_reuters.com,2018_newsml_MTZXEE13ZXCZES_2", &d)) {
		const struct version *v = only(&d, "MTZXEE13ZXCZES");
		if (v) {
			CHECK_INT(v->item_version, 2);
			CHECK_STR(v->slug, "SOCCER-PORTUGAL/RESULTS");
			CHECK_STR(v->mark, "UPDATE 2");
			CHECK_INT(v->mark_ordinal, 2);
			CHECK_INT(v->signal, SIGNAL_UPDATE);
			CHECK_STR(v->headline, "Primeira Liga Results");
			CHECK_INT(v->urgency, 4);
			/* its <embargoed> is inside a comment */
			CHECK(!v->embargo_held);
			CHECK_INT(v->embargo, 0);
			CHECK(v->dateline.place == NULL); /* a timestamp */
			CHECK(v->n_paras && v->paras[0].kind == PARA_PRE);
			CHECK(v->n_paras && starts(v->paras[0].text,
						   "Jan 3 (OPTA) - Results"));
		}
		done(&d);
	}
	if (load(SD, "tag_reuters.com,0000_newsml_L4N1FL0N0_1132689232", &d)) {
		const struct version *v = only(&d, "L4N1FL0N0");
		if (v) {
			CHECK(v->item_version == 1132689232LL);
			CHECK_STR(v->slug, "GLOBAL-PRECIOUS/");
			CHECK_STR(v->mark, "UPDATE 1");
			CHECK_INT(v->signal, SIGNAL_UPDATE);
			CHECK(v->n_paras && starts(v->paras[0].text,
						   "(Adds comments, detail)\n  "
						   "  * Spot gold"));
		}
		done(&d);
	}
}

static void reuters_text(void)
{
	struct doc d;
	if (load(SD, "tag_reuters.com_2014_newsml_KBN0FL0NN_version_5", &d)) {
		const struct version *v = only(&d, "KBN0FL0NN");
		if (v) {
			CHECK_STR(v->item_id,
				  "tag_reuters.com_2014_newsml_KBN0FL0NN");
			CHECK_INT(v->item_version, 5);
			CHECK_STR(v->source, "Reuters");
			CHECK_INT(v->signal, SIGNAL_UPDATE); /* edStat:U */
			CHECK_STR(v->byline, "Marwan Makdisi");
			/* the text's dateline, not <located> (the desk) */
			CHECK_STR(v->dateline.place, "DAMASCUS");
			CHECK_STR(v->dateline.source, "Reuters");
			CHECK_STR(v->ednote, "This is editorial note.");
			CHECK_INT(v->versioncreated, 1405525990);
			CHECK_INT(v->urgency, 4);
			CHECK_STR(v->headline, "Confident Assad launches new "
					       "term in stronger position");
		}
		done(&d);
	}
	if (load(SD, "text.xml", &d)) {
		const struct version *v = only(&d, "text.xml");
		if (v) {
			CHECK(v->item_version == 263518268LL);
			CHECK_STR(v->headline,
				  "Soccer-Smiling Benitez pleads for support "
				  "after midweek outburst against opponent");
			CHECK_STR(v->slug, "SOCCER-ENGLAND/CHELSEA-BENITEZ");
			CHECK_STR(v->ednote, "Editorial Note");
			CHECK_INT(v->n_paras, 1);
			CHECK(v->n_paras &&
			      !strcmp(v->paras[0].text, "By Toby Davis"));
			CHECK(v->byline == NULL); /* creator is the agency */
		}
		done(&d);
	}
	if (load(SD, "video.xml", &d)) {
		test_current = "video.xml";
		CHECK_INT(d.rc, 0);
		CHECK_INT(d.r.versions.n, 1);
		CHECK_INT(d.r.n_skipped, 4);
		CHECK(has_skip(&d, "package item"));
		CHECK(has_skip(&d, "video item, not text copy"));
		CHECK(has_skip(&d, "audio item, not text copy"));
		CHECK(has_skip(&d, "picture item, not text copy"));
		if (d.r.versions.n == 1) {
			const struct version *v = d.r.versions.v[0];
			CHECK_STR(v->headline,
				  "Cardinals arrive for pre-conclave meeting");
			CHECK_STR(v->dateline.date, "MARCH 04, 2013");
			CHECK(v->dateline.place == NULL);
			CHECK_INT(v->n_paras, 5);
		}
		done(&d);
	}
}

/* ---------------------------------------------------------- other wires */

static void ap(void)
{
	struct doc d;
	if (!load(SD, "ap.xml", &d))
		return;
	test_current = "ap.xml";
	CHECK_INT(d.rc, 0);
	CHECK_INT(d.r.versions.n, 3);
	if (d.r.versions.n == 3) {
		const struct version *v = d.r.versions.v[0];
		CHECK_STR(v->source, "AP");
		CHECK_STR(v->item_id, "tag:ap.org,2011:"
				      "5e565888b587889c5c8bd62b6164118c-text");
		CHECK_INT(v->item_version, 2);
		CHECK_STR(v->slug, "BC-US--Earns-Nutrisystem");
		CHECK_STR(v->mark, "1st Ld-Writethru");
		CHECK_INT(v->signal, SIGNAL_WRITETHRU);
		CHECK_INT(v->mark_ordinal, 1);
		CHECK_STR(v->headline, "Nutrisystem beats 4Q earnings and "
				       "revenue expectations");
		CHECK_STR(v->dateline.place, "FORT WASHINGTON, Pa.");
		CHECK_INT(v->urgency, 4);
		CHECK_INT(v->priority, PRIORITY_ROUTINE);
		CHECK_STR(v->ednote, "Eds: Adds full-year results.");
		CHECK_INT(v->versioncreated, 1519680034);
		CHECK_INT(v->n_paras, 10);
		CHECK(v->n_paras &&
		      starts(v->paras[0].text, "FORT WASHINGTON, Pa. (AP) _ "
					       "Nutrisystem Inc. (NTRI)"));
		const struct version *w = d.r.versions.v[2];
		CHECK_STR(w->slug, "BC-US--Earns-Scripps Networks");
		CHECK_INT(w->signal, SIGNAL_NEW);
		CHECK_INT(w->item_version, 1);
		CHECK(w->ednote == NULL);
		CHECK_INT(w->n_paras, 7);
		/* each item's own bytes, one after the other */
		for (size_t i = 0; i < 3; i++) {
			const struct version *x = d.r.versions.v[i];
			CHECK(starts(d.buf + x->raw_off, "<newsItem guid="));
			CHECK(!strncmp(d.buf + x->raw_off + x->raw_len - 11,
				       "</newsItem>", 11));
			if (i)
				CHECK(x->raw_off >
				      d.r.versions.v[i - 1]->raw_off);
		}
	}
	done(&d);
}

static void dpa(void)
{
	struct doc d;
	if (!load(SD, "dpa.xml", &d))
		return;
	const struct version *v = only(&d, "dpa.xml");
	if (v) {
		CHECK_STR(v->source, "dpa");
		CHECK_STR(v->headline,
			  "Eintracht in London: Hintereggers "
			  "Tr\xc3\xa4nen und Attacke auf Reporter");
		CHECK_STR(v->language, "de");
		CHECK_INT(v->urgency, 4);
		CHECK_INT(v->versioncreated, 1665479682); /* +02:00 */
		CHECK_STR(v->dateline.place, "London");
		CHECK_STR(v->dateline.source, "dpa");
		CHECK_STR(v->byline, "degenhardt.sandra");
		/* the XHTML header (slugline list, genre, h1) is not text;
		 * the closing no-break-space paragraph neither */
		CHECK_INT(v->n_paras, 3);
		CHECK(v->n_paras &&
		      starts(v->paras[0].text, "London (dpa) - 2019 gab es"));
		CHECK(v->ednote && strstr(v->ednote, "Foto Archiv"));
		CHECK(v->ednote && !strstr(v->ednote, "reichardt"));
		CHECK(v->ednote && !strstr(v->ednote, "dpa pre yyhe"));
	}
	done(&d);
}

static void ansa(void)
{
	struct doc d;
	if (load(SD, "ansa-newsmlg2-text.xml", &d)) {
		const struct version *v = only(&d, "ansa-newsmlg2-text.xml");
		if (v) {
			CHECK_STR(v->source, "ANSA");
			CHECK_STR(v->headline, "Catalan independence "
					       "declaration unacceptable - "
					       "Alfano");
			CHECK_STR(v->dateline.place, "Rome");
			CHECK_STR(v->language, "it");
			CHECK_INT(v->urgency, 5);
			CHECK_STR(v->byline, "VRG");
			CHECK_INT(v->versioncreated, 1507714860); /* +0100 */
			CHECK_INT(v->n_paras, 4);
			CHECK(v->n_paras &&
			      starts(v->paras[0].text,
				     "(ANSA) - Rome, October 11 - Italian "
				     "Foreign Minister"));
			CHECK(v->n_paras > 1 &&
			      starts(v->paras[1].text,
				     "\"Unacceptable Catalan unilateral"));
		}
		done(&d);
	}
	if (load(SD, "ansa_culture.xml", &d)) {
		const struct version *v = only(&d, "ansa_culture.xml");
		if (v) {
			CHECK_INT(v->item_version, 2);
			CHECK_INT(v->signal, SIGNAL_UPDATE);
			CHECK_STR(v->headline, "TEST FROM XAWES");
			CHECK_STR(v->dateline.place, "ROMA");
			CHECK_STR(v->dateline.date, "01 LUG");
			CHECK_INT(v->urgency, 4); /* empty <urgency>: header */
		}
		done(&d);
	}
}

static void stt(void)
{
	struct doc d;
	if (load(SD, "stt1.xml", &d)) {
		const struct version *v = only(&d, "stt1.xml");
		if (v) {
			CHECK_STR(v->source, "STT");
			CHECK_INT(v->item_version, 2);
			CHECK_INT(v->signal, SIGNAL_UPDATE);
			CHECK_STR(v->headline, "Mikko Moilanen siirtyy "
					       "Revenion toimitusjohtajaksi");
			/* local Finnish times, EEST */
			CHECK_INT(v->versioncreated, 1555325355);
			CHECK_INT(v->firstcreated, 1555315944);
			CHECK_INT(v->n_warnings, 0);
			CHECK_STR(v->dateline.place, "Helsinki");
			CHECK_STR(v->language, "fi-FI");
			CHECK(v->ednote == NULL); /* sttnote:private */
			CHECK_INT(v->n_paras, 4);
		}
		done(&d);
	}
	if (load(SD, "stt_newsml_note_test.xml", &d)) {
		const struct version *v = only(&d, "stt_newsml_note_test.xml");
		if (v) {
			CHECK(starts(v->ednote, "Korjattu aiempaa uutista:"));
			CHECK(v->ednote && !strstr(v->ednote, "po."));
			CHECK_STR(v->byline, "ANTTI AUTIO, HETA HASSINEN");
			CHECK_INT(v->versioncreated, 1485892331); /* EET */
			CHECK_INT(v->n_subjects, 8); /* one repeat dropped */
		}
		done(&d);
	}
	if (load(SD, "stt_archive_newsml_created_date_test.xml", &d)) {
		const struct version *v = only(&d, "stt_archive_created");
		if (v) {
			/* empty item times: contentCreated stands in */
			CHECK_INT(v->versioncreated, 1361028980);
			CHECK_INT(v->firstcreated, 1361028980);
			CHECK_STR(v->headline, "Yleisurheilutuloksia/SM");
		}
		done(&d);
	}
}

static void scoop(void)
{
	struct doc d;
	if (!load(SD, "scoop.xml", &d))
		return;
	test_current = "scoop.xml";
	CHECK_INT(d.rc, 0);
	CHECK_INT(d.r.versions.n, 1);
	CHECK(has_skip(&d, "package item"));
	if (d.r.versions.n == 1) {
		const struct version *v = d.r.versions.v[0];
		CHECK_STR(v->source, "BusinessDesk");
		CHECK_STR(v->item_id, "BD-20160112123540");
		CHECK_INT(v->item_version, 3);
		CHECK_INT(v->versioncreated, 1452555340); /* NZDT */
		CHECK(v->embargo_held); /* <embargoed></embargoed> */
		CHECK_STR(v->headline,
			  "Dick Smith receivers install Don Grover as acting "
			  "CEO as Abboud quits; retailer put up for sale");
		CHECK_INT(v->urgency, 5);
		CHECK(v->n_paras >= 8);
	}
	done(&d);
}

/* ------------------------------------------------------------------ IPTC */

static void iptc(void)
{
	struct doc d;
	if (load(SD, "LISTING_1_A_NewsML-G2_News_Item.xml", &d)) {
		const struct version *v = only(&d, "LISTING_1");
		if (v) {
			CHECK_STR(v->source, "Reuters"); /* nprov:REUTERS */
			CHECK_INT(v->item_version, 9);
			CHECK_INT(v->signal, SIGNAL_UPDATE);
			CHECK_INT(v->embargo, 1477224000);
			CHECK_INT(v->versioncreated, 1477085132); /* -05:00 */
			CHECK_STR(v->byline, "Meredith Jameson");
			CHECK_STR(v->dateline.place, "Berlin");
			CHECK_STR(v->slug, "US-Finance-Fed");
			CHECK_STR(v->headline, "Fed to halt QE to avert "
					       "\"bubble\"");
			CHECK(starts(v->ednote, "Note to editors: STRICTLY "
						"EMBARGOED."));
			CHECK_INT(v->n_paras, 0);
		}
		done(&d);
	}
	if (load(IP, "newsml-g2__LISTING_22_sports_story_nitf.xml", &d)) {
		const struct version *v = only(&d, "LISTING_22");
		if (v) {
			CHECK_STR(v->headline,
				  "Preview: Arizona Diamondbacks (29-23) at "
				  "Philadelphia Phillies (26-24), 7:05 p.m.");
			CHECK_STR(v->slug, "AAV!PREVIEW-ARI-PHI");
			CHECK_INT(v->versioncreated, 1539963900);
			CHECK_INT(v->n_paras, 6);
			CHECK(v->n_paras &&
			      starts(v->paras[0].text, "(Sports Network) - A "
						       "pair of teams"));
		}
		done(&d);
	}
	if (load(IP, "newsml-g2__TT_2021-09-19_package.xml", &d)) {
		test_current = "TT";
		CHECK_INT(d.rc, 0);
		CHECK_INT(d.r.versions.n, 1);
		CHECK_INT(d.r.n_skipped, 2);
		if (d.r.versions.n == 1) {
			const struct version *v = d.r.versions.v[0];
			CHECK_STR(v->source, "TT");
			CHECK_STR(v->slug, "janguillou");
			CHECK_STR(v->headline,
				  "Jan Guillou skriver p\xc3\xa5 ny "
				  "\"Hamilton\"-bok");
			CHECK_STR(v->language, "sv");
			CHECK_INT(v->urgency, 3);
			CHECK_INT(v->versioncreated, 1632077863);
		}
		done(&d);
	}
	static const char *const fragments[] = {
		"newsml-g2__LISTING_25_nitf_inlinexml_FRAGMENT.xml",
		"newsml-g2__LISTING_28_located_dateline_FRAGMENT.xml"};
	for (size_t i = 0; i < 2; i++)
		if (load(IP, fragments[i], &d)) {
			test_current = fragments[i];
			CHECK_INT(d.rc, OW_EPARSE);
			CHECK(strstr(d.err.msg, "a fragment of a NewsML-G2 "
						"item") != NULL);
			done(&d);
		}
}

/* ------------------------------------------------------- every file */

/* Every G2 file: parsed, or (the fragments) refused with a reason; what is
 * not text copy is skipped with one; every text item becomes a version. */
static void every_file(const char *dir, const char *prefix, int *n_files)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", OW_CORPUS, dir);
	DIR *dh = opendir(path);
	if (!dh)
		return;
	struct dirent *e;
	while ((e = readdir(dh))) {
		if (e->d_name[0] == '.' || strstr(e->d_name, "MANIFEST") ||
		    strncmp(e->d_name, prefix, strlen(prefix)))
			continue;
		struct doc d;
		if (!load(dir, e->d_name, &d))
			continue;
		(*n_files)++;
		test_current = e->d_name;
		bool fragment = strstr(e->d_name, "FRAGMENT") != NULL;
		if (fragment) {
			CHECK_INT(d.rc, OW_EPARSE);
		} else {
			if (d.rc)
				fprintf(stderr, "%s: %s\n", e->d_name,
					d.err.msg);
			CHECK_INT(d.rc, 0);
			CHECK_INT(d.r.format, FORMAT_NEWSMLG2);
		}
		/* every file but these holds text copy */
		static const char *const no_text[] = {
			"LISTING_6_Simple_NewsML-G2_Package.xml",
			"picture.xml",
			"snep.xml",
			"tag_reuters.com_0000_newsml_GM1EA7M13RP01_version_"
			"484616934",
			"tag_reuters.com_2014_newsml_KBN0FL0NM_version_10",
			"tag_reuters.com_2014_newsml_LYNXMPEA6F0MS_version_2",
			"tag_reuters.com_2014_newsml_LYNXMPEA6F0MT_version_2",
			"tag_reuters.com_2014_newsml_LYNXMPEA6F13M_version_1",
			"newsml-g2__LISTING_16_events_in_news_item.xml",
			"newsml-g2__LISTING_24_news_message.xml",
			"newsml-g2__LISTING_29_hop_history.xml",
			"newsml-g2__LISTING_3_photo.xml",
			"newsml-g2__LISTING_6_simple_package.xml",
			"newsml-g2__ap_metadata_example_iso8859-1.xml",
			NULL};
		bool text = !fragment;
		for (const char *const *k = no_text; *k && text; k++)
			text = strcmp(*k, e->d_name) != 0;
		if (!d.rc)
			CHECK(d.r.versions.n + d.r.n_skipped >= 1);
		if (text)
			CHECK(!d.rc && d.r.versions.n >= 1);
		else if (!fragment)
			CHECK(!d.rc && d.r.versions.n == 0 &&
			      d.r.n_skipped >= 1);
		printf("%-60s %s: %zu version(s), %zu skipped\n", e->d_name,
		       d.rc ? "rejected" : "ok", d.rc ? 0 : d.r.versions.n,
		       d.rc ? 0 : d.r.n_skipped);
		done(&d);
	}
	closedir(dh);
}

int main(void)
{
	struct stat st;
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", OW_CORPUS, SD);
	if (stat(path, &st)) {
		printf("corpus: %s not found, skipping\n", path);
		return 77;
	}
	int n = 0;
	every_file(SD, "", &n);
	every_file(IP, "newsml-g2__", &n);
	test_current = "count";
	CHECK(n >= 40);
	reuters_pair();
	reuters_tables();
	reuters_text();
	ap();
	dpa();
	ansa();
	stt();
	scoop();
	iptc();
	return TEST_REPORT();
}
