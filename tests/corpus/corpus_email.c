/* Corpus test: the e-mails in ${OW_CORPUS}/superdesk/other (*email*.txt and
 * googleform*.txt) are detected as e-mail, not misread as wire text, and
 * give the values asserted below, each read off the file itself: the
 * headers (Subject, From, Date, Message-ID), the text/plain part decoded
 * from its charset and transfer encoding, and AAP's form fields. */
#include "formats/formats.h"

#include "common/fileio.h"
#include "../unit/test.h"
#include "corpus.h"

#include <dirent.h>
#include <stdlib.h>

#define DIR_OTHER OW_CORPUS "/superdesk/other"

static bool starts(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}

static struct parse_result res;
static const struct version *v;
static int n_checked;

/* Parses one corpus file; v is its single version, or NULL. */
static bool load(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", DIR_OTHER, name);
	test_current = name;
	v = corpus_one(path, 1500000000, FORMAT_EMAIL, &res);
	if (v)
		n_checked++;
	return v != NULL;
}

static void done(void)
{
	parse_result_free(&res);
	v = NULL;
}

static bool has_subject(const char *code, const char *scheme)
{
	for (size_t i = 0; i < v->n_subjects; i++)
		if (v->subjects[i].code && !strcmp(v->subjects[i].code, code) &&
		    !strcmp(v->subjects[i].scheme, scheme))
			return true;
	return false;
}

/* Gmail test messages: multipart/alternative, plain text preferred, the
 * "-- " signature separator dropped. */
static void check_gmail(const char *name, const char *headline)
{
	if (!load(name))
		return;
	CHECK_STR(v->format, "email");
	CHECK_STR(v->headline, headline);
	CHECK_STR(v->byline, "a sender");
	CHECK_STR(v->source, "asender@a.com.au");
	CHECK_STR(v->item_id, "CAHU3GgVHd6C_RSMQXvOhr6V-Ya0LwdBkqpbZ_qUwGF8"
			      "JvhrQVg@mail.gmail.com");
	CHECK_INT(v->versioncreated, 1424326720); /* 17:18:40 +1100 */
	CHECK_INT(v->n_paras, 1);
	if (v->n_paras)
		CHECK_STR(v->paras[0].text, "body text");
	CHECK_INT(v->word_count, 2);
	CHECK(v->body_html == NULL);
	CHECK_INT(v->signal, SIGNAL_NEW);
	CHECK_INT(res.n_skipped, 0);
	done();
}

static void test_simple(void)
{
	check_gmail("simple_email.txt", "Test message 1234");
	/* =?utf-8?Q?Google=20Apps=20News=20March=202015?= */
	check_gmail("charset_in_subject_email.txt",
		    "Google Apps News March 2015");
}

static void test_composite(void)
{
	if (!load("composite_email.txt"))
		return;
	CHECK_STR(v->headline, "single image test");
	CHECK_STR(v->byline, "someone");
	CHECK_STR(v->source, "a@a.com.au");
	CHECK_STR(v->item_id, "CAHU3GgXVH0V6YjX=9KX0=_tjWw6=UReXia5cxNq1BVpo1"
			      "wqCjQ@mail.gmail.com");
	CHECK_INT(v->versioncreated, 1425342456); /* 11:27:36 +1100 */
	CHECK_INT(v->n_paras, 1);
	if (v->n_paras)
		CHECK_STR(v->paras[0].text, "this is a test of a single image");
	/* the attached picture is skipped, saying why */
	CHECK_INT(res.n_skipped, 1);
	if (res.n_skipped) {
		CHECK(strstr(res.skipped[0].reason, "\"Cow.jpg\"") != NULL);
		CHECK(strstr(res.skipped[0].reason, "image/jpeg") != NULL);
		CHECK(strstr(res.skipped[0].reason, "picture") != NULL);
	}
	done();
}

static void test_odd_charset(void)
{
	if (!load("odd_charset_email.txt"))
		return;
	/* =?windows-1252?Q?TravTalk<raw UTF-8 ’>s_...?=: what was typed,
	 * not GMime's windows-1252 reading of the raw bytes */
	CHECK_STR(v->headline,
		  "TravTalk\xE2\x80\x99s Special for TAAI convention");
	CHECK_STR(v->item_id, "7173E056-46C9-4D5A-A851-9FC2C587C691@gmail.com");
	CHECK_INT(v->versioncreated, 1426022221); /* 14:17:01 -0700 */
	/* the copy's own "By" line, not the From name "Ben" */
	CHECK_STR(v->byline, "By Ben Everill");
	CHECK_STR(v->dateline.place, "LOS ANGELES");
	CHECK_STR(v->dateline.date, "March 10");
	CHECK_STR(v->dateline.source, "AAP");
	CHECK_STR(v->source, "AAP");
	/* quoted-printable windows-1252: =96 en dash, =92 apostrophe; one
	 * paragraph per line, ending at the "AAP be/" sign-off */
	CHECK_INT(v->n_paras, 21);
	if (v->n_paras == 21) {
		CHECK_STR(v->paras[0].text, "SDA");
		CHECK(starts(v->paras[4].text,
			     "LOS ANGELES, March 10 AAP \xE2\x80\x93 Adam "
			     "Scott is hoping"));
		CHECK_STR(v->paras[20].text,
			  "Robert Allenby, Steven Bowditch, Marc Leishman, "
			  "Greg Chalmers and Rod Pampling are also in the "
			  "field.");
	}
	CHECK(corpus_para_has(v, "Innisbrook Resort\xE2\x80\x99s Cooperhead"));
	CHECK(!corpus_para_has(v, "AAP be/"));
	CHECK(!corpus_para_has(v, "Golf Writer"));
	CHECK(!corpus_para_has(v, "confidential"));
	CHECK(!corpus_para_has(v, "By Ben Everill"));
	CHECK_INT(v->word_count, 561);
	CHECK_INT(v->n_warnings, 0);
	done();
}

/* AAP's Google-form copy: the JSON body's fields, not the generic subject
 * "Formatted Editorial Story". */
static void check_json_email(const char *name)
{
	if (!load(name))
		return;
	CHECK_STR(v->headline, "Headline-2");
	CHECK_STR(v->slug, "Slugline-2");
	/* "News Value" in one, "Urgency" in the other */
	CHECK_INT(v->urgency, 4);
	CHECK_INT(v->priority, PRIORITY_ROUTINE);
	CHECK(has_subject("Brisbane", "aap-desk"));
	CHECK(has_subject("DOMESTIC SPORT", "aap-category"));
	CHECK_INT(v->n_warnings, 1); /* "Priority": ["5"], the desk's scale */
	CHECK_INT(v->n_paras, 1);
	if (v->n_paras)
		CHECK_STR(v->paras[0].text, "Lorem ipsum");
	CHECK_STR(v->item_id, "001a1140cd6ecd9de8051fab814d@google.com");
	CHECK_INT(v->versioncreated, 1442196361);
	CHECK_STR(v->source, "mock@mail.com.au");
	CHECK(v->byline == NULL);
	done();
}

static void test_json_email(void)
{
	check_json_email("json-email.txt");
	check_json_email("json-email-bad-user.txt");
}

static void test_googleform(void)
{
	if (load("googleform.txt")) {
		CHECK_STR(v->headline, "TEST NZ HEADER");
		CHECK_STR(v->slug, "NZTEST");
		CHECK_INT(v->priority, PRIORITY_URGENT); /* "Urgent" */
		CHECK_INT(v->urgency, 1);                /* "News Value" */
		CHECK_STR(v->dateline.place, "AUCKLAND");
		CHECK_STR(v->ednote, "Legal flag: LEGAL");
		CHECK(has_subject("NEW ZEALAND", "aap-desk"));
		CHECK(has_subject("INTERNATIONAL NEWS", "aap-category"));
		CHECK(has_subject("ADV", "aap-place"));
		CHECK(has_subject("ARTICLE (NEWS)", "aap-genre"));
		CHECK_INT(v->n_paras, 3);
		if (v->n_paras == 3) {
			CHECK(starts(v->paras[0].text,
				     "Prisoners allegedly drunk on homebrew"));
			CHECK(starts(v->paras[2].text,
				     "Serco today confirmed information"));
		}
		CHECK_STR(v->item_id,
			  "f46d043c08f45e6e8f0532108aa9@google.com");
		CHECK_INT(v->versioncreated, 1462421505);
		CHECK_STR(v->source, "takin@aap.com.au");
		CHECK_INT(v->n_warnings, 0);
		done();
	}
	if (load("googleform1.txt")) {
		CHECK_STR(v->headline,
			  "Arnold 'worried' about maroon-clad Roar");
		CHECK_STR(v->slug, "Soc AL Roar");
		CHECK_INT(v->urgency, 2);
		/* "Priority": ["","",""] states none: from the urgency */
		CHECK_INT(v->priority, PRIORITY_BULLETIN);
		CHECK_STR(v->dateline.place, "BRISBANE");
		CHECK(v->ednote == NULL); /* "Legal flag": [""] */
		CHECK(has_subject("NEW ZEALAND", "aap-desk"));
		CHECK(has_subject("QLD", "aap-place"));
		CHECK_INT(v->n_paras, 3);
		if (v->n_paras == 3)
			CHECK_STR(v->paras[2].text,
				  "\"He's probably a little bit worried about "
				  "us getting up for it so much. I don't even "
				  "need to play it up with our players,\" "
				  "Aloisi said on Friday.");
		CHECK_INT(v->versioncreated, 1479425710);
		done();
	}
}

/* Every e-mail in the folder is read as e-mail. */
static void test_all_detected(void)
{
	DIR *d = opendir(DIR_OTHER);
	if (!d) {
		test_failures++;
		return;
	}
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d))) {
		if (!strstr(e->d_name, "email") &&
		    strncmp(e->d_name, "googleform", 10))
			continue;
		char path[1024], *buf;
		size_t len;
		struct ow_err err = {0};
		snprintf(path, sizeof path, "%s/%s", DIR_OTHER, e->d_name);
		if (file_read_all(path, 1 << 24, &buf, &len, &err))
			continue;
		enum format f = FORMAT_UNKNOWN;
		test_current = e->d_name;
		CHECK_INT(formats_detect(buf, len, &f, &err), 0);
		CHECK_INT(f, FORMAT_EMAIL);
		free(buf);
		n++;
	}
	closedir(d);
	test_current = "test_all_detected";
	CHECK_INT(n, 8);
}

int main(void)
{
	DIR *d = opendir(DIR_OTHER);
	if (!d) {
		printf("corpus: %s not found, skipping\n", DIR_OTHER);
		return 77;
	}
	closedir(d);
	RUN(test_simple);
	RUN(test_composite);
	RUN(test_odd_charset);
	RUN(test_json_email);
	RUN(test_googleform);
	RUN(test_all_detected);
	CHECK_INT(n_checked, 8);
	printf("corpus_email: %d files checked\n", n_checked);
	return TEST_REPORT();
}
