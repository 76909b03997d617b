/* Corpus test: the Ritzau RBNews files in ${OW_CORPUS}/superdesk/other
 * (two single items and a queued-response feed of two) are detected as
 * Ritzau and give the values asserted below, each read off the files:
 * PublishDate is Copenhagen local time (CET in January and February). */
#include "formats/formats.h"

#include "common/fileio.h"
#include "../unit/test.h"

#include <dirent.h>
#include <stdlib.h>

#define DIR_OTHER OW_CORPUS "/superdesk/other"

static bool starts(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}

static struct parse_result res;
static int n_checked;

static bool load(const char *name, size_t want)
{
	char path[512], *buf;
	size_t len;
	struct ow_err err = {0};
	struct parse_opts o = {.now = 1500000000};
	snprintf(path, sizeof path, "%s/%s", DIR_OTHER, name);
	test_current = name;
	if (file_read_all(path, 1 << 24, &buf, &len, &err)) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		test_failures++;
		return false;
	}
	int rc = formats_parse(FORMAT_UNKNOWN, buf, len, &o, &res, &err);
	free(buf);
	if (rc) {
		fprintf(stderr, "%s: %s\n", name, err.msg);
		test_failures++;
		return false;
	}
	CHECK_INT(res.format, FORMAT_RITZAU);
	CHECK_INT(res.versions.n, want);
	if (res.versions.n != want) {
		parse_result_free(&res);
		return false;
	}
	n_checked++;
	return true;
}

static bool has_subject(const struct version *v, const char *code,
			const char *scheme)
{
	for (size_t i = 0; i < v->n_subjects; i++)
		if (v->subjects[i].code && !strcmp(v->subjects[i].code, code) &&
		    !strcmp(v->subjects[i].scheme, scheme))
			return true;
	return false;
}

static bool any_para_has(const struct version *v, const char *needle)
{
	for (size_t i = 0; i < v->n_paras; i++)
		if (strstr(v->paras[i].text, needle))
			return true;
	return false;
}

/* The Dutch diesel-test flash, with and without a note to the editors. */
static void check_flash(const char *name, const char *ednote)
{
	if (!load(name, 1))
		return;
	const struct version *v = res.versions.v[0];
	CHECK_STR(v->format, "ritzau");
	CHECK_STR(v->source, "Ritzau");
	CHECK_STR(v->item_id, "9a6955fc-11da-46b6-9903-439ebb288f2d");
	CHECK_INT(v->item_version, 1);
	CHECK(v->headline == NULL); /* <headline i:nil="true"/> */
	CHECK_STR(v->slug, "NU/FLASH-U");
	CHECK_INT(v->priority, PRIORITY_FLASH); /* <format>Flash</format> */
	CHECK_INT(v->urgency, 3);
	CHECK_STR(v->byline, "Peder Top Poulsen");
	CHECK_STR(v->dateline.place, "Haag");
	CHECK_INT(v->versioncreated, 1517329938); /* 17:32:18.397 CET */
	CHECK(has_subject(v, "2", "ritzau-section"));
	CHECK(has_subject(v, "NU", "ritzau-keyword"));
	CHECK(has_subject(v, "FLASH-U", "ritzau-keyword"));
	CHECK_INT(v->n_paras, 3);
	if (v->n_paras == 3) {
		CHECK_STR(v->paras[0].text,
			  "Hollandske forskere har \"i \xC3\xA5revis\" lavet "
			  "fors\xC3\xB8g p\xC3\xA5 b\xC3\xA5"
			  "de mennesker og dyr, hvor de har testet effekten af "
			  "at ind\xC3\xA5nde udst\xC3\xB8"
			  "dningsgas fra dieselbiler.");
		CHECK_STR(v->paras[1].text,
			  "Det fort\xC3\xA6ller forskerne selv til "
			  "nyhedsbureauet AFP.");
	}
	CHECK(v->body_html && strstr(v->body_html, "<p>") != NULL);
	CHECK_STR(v->ednote, ednote);
	CHECK_INT(v->pubstatus, PUBSTATUS_USABLE);
	CHECK_INT(v->signal, SIGNAL_NEW);
	CHECK_INT(v->n_warnings, 0);
	parse_result_free(&res);
}

static void test_items(void)
{
	check_flash("ritzau_news.xml", NULL);
	check_flash("ritzau_news_test_ednote.xml",
		    "Lasse Norman Hansen skifter til Corendon-Circus. Der i "
		    "n\xC3\xA6ste s\xC3\xA6son k\xC3\xB8rer p\xC3\xA5 "
		    "n\xC3\xA6sth\xC3\xB8jeste niveau. Som led i en st\xC3\xB8"
		    "rre omstrukturering skal den danske medicinalgigant Novo "
		    "Nordisk sige farvel til omkring 400 ansatte inden for "
		    "forskning og udvikling i Danmark og Kina.");
}

static void test_feed(void)
{
	if (!load("ritzau_feed.xml", 2))
		return;
	/* a third-party press release */
	const struct version *v = res.versions.v[0];
	CHECK_STR(v->item_id, "83e4e779-e3b7-46da-b061-34ab92bc6ec4");
	CHECK_STR(v->headline, "PR / Spire Global, Inc.");
	CHECK_STR(v->slug, "---PRESSEMEDDELELSE---");
	CHECK(has_subject(v, "PRESSEMEDDELELSE", "ritzau-keyword"));
	CHECK(has_subject(v, "42", "ritzau-section"));
	CHECK_INT(v->urgency, 5);
	CHECK_INT(v->priority, PRIORITY_ROUTINE);
	CHECK(v->byline == NULL);
	CHECK_STR(v->dateline.place, "K\xC3\xB8"
				     "benhavn");
	CHECK_INT(v->versioncreated, 1517507092); /* 18:44:52.973 CET */
	/* the subtitle opens the body; entities escaped twice read once */
	CHECK_INT(v->n_paras, 15);
	if (v->n_paras == 15) {
		CHECK_STR(v->paras[0].text,
			  "UK Space Agency Backs Spire's Proposal to European "
			  "Space Agency as Space Mission Provider");
		CHECK(starts(v->paras[1].text,
			     "GLASGOW, Scotland, Feb. 01, 2018 (GLOBE "
			     "NEWSWIRE) -- The UK Space Agency has awarded "
			     "more than \xC2\xA3"
			     "4 million to Spire Global"));
	}
	CHECK(!any_para_has(v, "&apos;"));
	CHECK(!any_para_has(v, "&quot;"));
	CHECK(!any_para_has(v, "\xC3\x82\xC2\xA3"));
	CHECK(any_para_has(v, "\"Thanks to this new funding, Spire"));
	/* Ritzau's third-party notice: not in the body, in the ednote */
	CHECK(!any_para_has(v, "pressemeddelelse"));
	CHECK(v->ednote &&
	      strstr(v->ednote, "Ovenst\xC3\xA5"
				"ende pressemeddelelse er "
				"videreformidlet af Ritzau") != NULL);
	CHECK_INT(v->word_count, 544);

	/* a sports brief; "/ritzau/" closing it is dropped */
	v = res.versions.v[1];
	CHECK_STR(v->item_id, "4b9c198d-d6ec-4a7f-a4e9-551d9a5cba13");
	CHECK_STR(v->headline, "Kort om sport");
	CHECK_STR(v->slug, "PRINT/NOTE/SPORT-3");
	CHECK_STR(v->byline, "Mikkel Lundby Madsen");
	CHECK_INT(v->urgency, 4);
	CHECK_INT(v->versioncreated, 1517506729); /* 18:38:49.417 CET */
	CHECK(has_subject(v, "15000000", "iptc"));
	CHECK(has_subject(v, "7", "ritzau-section"));
	CHECK_INT(v->n_paras, 1);
	if (v->n_paras == 1) {
		const char *t = v->paras[0].text;
		size_t n = strlen(t);
		static const char tail[] = "sin spanske landsmand.";
		CHECK(n > sizeof tail &&
		      !strcmp(t + n - (sizeof tail - 1), tail));
	}
	CHECK(!any_para_has(v, "/ritzau/"));
	CHECK_INT(v->word_count, 72);
	/* each version keeps its own bytes of the response */
	CHECK(res.versions.v[0]->raw_off > 0);
	CHECK(res.versions.v[1]->raw_off >
	      res.versions.v[0]->raw_off + res.versions.v[0]->raw_len - 1);
	parse_result_free(&res);
}

int main(void)
{
	DIR *d = opendir(DIR_OTHER);
	if (!d) {
		printf("corpus: %s not found, skipping\n", DIR_OTHER);
		return 77;
	}
	closedir(d);
	RUN(test_items);
	RUN(test_feed);
	CHECK_INT(n_checked, 3);
	printf("corpus_ritzau: %d files checked\n", n_checked);
	return TEST_REPORT();
}
