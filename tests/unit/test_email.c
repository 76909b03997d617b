/* Unit tests for the e-mail parser (src/formats/email*.c) on the fixtures
 * in tests/data/email/ and on hostile input built here. */
#include "formats/formats.h"
#include "text/text.h"

#include "common/fileio.h"
#include "test.h"
#include "test_fixture.h"

#include <stdlib.h>

static bool starts(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}

static struct parse_result res;
static struct ow_err err;

static int parse_as(enum format f, const char *buf, size_t len,
		    const char *source)
{
	struct parse_opts o = {.source = source, .now = 1700000000};
	memset(&err, 0, sizeof err);
	return formats_parse(f, buf, len, &o, &res, &err);
}

/* Parses a fixture with detection; NULL if it did not give one version. */
static const struct version *load(const char *name)
{
	char path[512], *buf;
	size_t len;
	snprintf(path, sizeof path, "%s/email/%s", OW_TEST_DATA, name);
	if (file_read_all(path, 1 << 20, &buf, &len, &err)) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		test_failures++;
		return NULL;
	}
	int rc = parse_as(FORMAT_UNKNOWN, buf, len, NULL);
	free(buf);
	CHECK_INT(rc, 0);
	if (rc) {
		fprintf(stderr, "%s: %s\n", name, err.msg);
		return NULL;
	}
	CHECK_INT(res.format, FORMAT_EMAIL);
	CHECK_INT(res.versions.n, 1);
	if (res.versions.n != 1) {
		parse_result_free(&res);
		return NULL;
	}
	return res.versions.v[0];
}

/* --------------------------------------------------------------- fields */

static void test_plain(void)
{
	const struct version *v = load("plain.eml");
	if (!v)
		return;
	CHECK_STR(v->format, "email");
	CHECK_STR(v->item_id, "20240604091500.4411@harbourwire.example");
	CHECK_INT(v->item_version, -1);
	/* "Re:" dropped, the writethru mark read */
	CHECK_STR(v->headline, "Ferry strike halts harbour crossings");
	CHECK_INT(v->signal, SIGNAL_WRITETHRU);
	CHECK_INT(v->mark_ordinal, 1);
	CHECK_STR(v->mark, "1st LD Writethru");
	/* the "By" line opening the copy beats the From name */
	CHECK_STR(v->byline, "By Mara Okonkwo");
	CHECK_STR(v->dateline.place, "PORTVALE");
	CHECK_STR(v->dateline.date, "June 4");
	CHECK_STR(v->dateline.source, "Harbourwire");
	CHECK_STR(v->source, "Harbourwire");      /* from the dateline */
	CHECK_INT(v->versioncreated, 1717492500); /* 2024-06-04T09:15:00Z */
	CHECK_INT(v->pubstatus, PUBSTATUS_USABLE);
	/* three paragraphs; the signature after "-- " is gone */
	CHECK_INT(v->n_paras, 3);
	if (v->n_paras == 3) {
		CHECK(starts(v->paras[0].text, "PORTVALE, June 4"));
		CHECK_STR(v->paras[2].text,
			  "Operators ran a reduced bus service around the "
			  "bay.");
	}
	CHECK_INT(v->word_count, 45);
	CHECK(v->body_html == NULL);
	CHECK_INT(v->n_warnings, 0);
	CHECK_INT(v->raw_off, 0);
	CHECK(v->raw_len > 800);
	parse_result_free(&res);
}

static void test_source_override(void)
{
	char path[512], *buf;
	size_t len;
	snprintf(path, sizeof path, "%s/email/plain.eml", OW_TEST_DATA);
	if (file_read_all(path, 1 << 20, &buf, &len, &err)) {
		test_failures++;
		return;
	}
	CHECK_INT(parse_as(FORMAT_EMAIL, buf, len, "Harbour Desk"), 0);
	free(buf);
	if (res.versions.n == 1)
		CHECK_STR(res.versions.v[0]->source, "Harbour Desk");
	parse_result_free(&res);
	/* without a dateline source the sender's address is the source and
	 * the From name the byline */
	const struct version *v = load("flowed.eml");
	if (!v)
		return;
	CHECK_STR(v->source, "ines@testwire.example");
	CHECK_STR(v->byline, "Ines Duarte");
	parse_result_free(&res);
}

static void test_multipart_attachments(void)
{
	const struct version *v = load("attachments.eml");
	if (!v)
		return;
	CHECK_STR(v->headline, "Glacier retreat measured at record pace");
	CHECK_STR(v->byline, "Tomas Lindqvist");
	CHECK_INT(v->versioncreated, 1739345400); /* 07:30Z */
	/* text/plain preferred over the HTML alternative; QP soft breaks
	 * joined, =E2=80=93 an en dash */
	CHECK(v->body_html == NULL);
	CHECK_INT(v->n_paras, 2);
	if (v->n_paras == 2) {
		CHECK(strstr(v->paras[0].text,
			     "the glacier had lost 41 metres") != NULL);
		CHECK(strstr(v->paras[0].text, "retreat on record.") != NULL);
		CHECK_STR(v->paras[1].text,
			  "Researchers blamed a warm autumn and thin snow "
			  "cover \xE2\x80\x93 both unusual.");
	}
	CHECK_INT(res.n_skipped, 2);
	if (res.n_skipped == 2) {
		CHECK(strstr(res.skipped[0].reason, "\"glacier.png\"") != NULL);
		CHECK(strstr(res.skipped[0].reason, "image/png") != NULL);
		CHECK(strstr(res.skipped[0].reason, "picture") != NULL);
		CHECK(strstr(res.skipped[1].reason, "survey.pdf") != NULL);
		CHECK(strstr(res.skipped[1].reason, "not text copy") != NULL);
		CHECK_STR(res.skipped[0].item_id,
			  "glacier-0212@northdesk.example");
	}
	parse_result_free(&res);
}

static void test_picture_only(void)
{
	char path[512], *buf;
	size_t len;
	snprintf(path, sizeof path, "%s/email/picture-only.eml", OW_TEST_DATA);
	if (file_read_all(path, 1 << 20, &buf, &len, &err)) {
		test_failures++;
		return;
	}
	CHECK_INT(parse_as(FORMAT_UNKNOWN, buf, len, NULL), 0);
	free(buf);
	CHECK_INT(res.versions.n, 0);
	CHECK_INT(res.n_skipped, 1);
	if (res.n_skipped)
		CHECK(strstr(res.skipped[0].reason, "harbour.jpg") != NULL);
	parse_result_free(&res);
}

static void test_html_only(void)
{
	const struct version *v = load("html-only.eml");
	if (!v)
		return;
	CHECK_INT(v->n_paras, 2);
	if (v->n_paras == 2)
		CHECK_STR(v->paras[1].text,
			  "Gusts of 110 km/h are expected overnight.");
	CHECK(v->body_html != NULL);
	if (v->body_html) {
		CHECK(strstr(v->body_html, "<b>overnight</b>") != NULL);
		CHECK(strstr(v->body_html, "script") == NULL);
		CHECK(strstr(v->body_html, "alert") == NULL);
		CHECK(strstr(v->body_html, "onclick") == NULL);
		CHECK(strstr(v->body_html, "color") == NULL);
	}
	parse_result_free(&res);
}

/* ------------------------------------------------------------- charsets */

static void test_charsets(void)
{
	const struct version *v = load("utf8-base64.eml");
	if (v) {
		CHECK_STR(v->headline,
			  "Stra\xC3\x9F"
			  "enbahn l\xC3\xA4uft wieder \xE2\x80\x93 "
			  "nach zwei Tagen");
		CHECK_STR(v->byline, "J\xC3\xBCrgen M\xC3\xBCller");
		CHECK_STR(v->dateline.place, "M\xC3\x9CNSTERBERG");
		CHECK_INT(v->n_paras, 2);
		if (v->n_paras == 2)
			CHECK_STR(v->paras[1].text,
				  "The city said repairs cost \xE2\x82\xAC"
				  "1.2 million.");
		parse_result_free(&res);
	}
	v = load("latin1-qp.eml");
	if (v) {
		CHECK_STR(v->headline,
			  "Colheita de cacau \xC3\xA9 a melhor em d\xC3\xA9"
			  "cada");
		CHECK_STR(v->dateline.place, "S\xC3\x83O TOM\xC3\x89");
		CHECK_INT(v->n_warnings, 0);
		CHECK_INT(v->word_count, 30);
		parse_result_free(&res);
	}
	v = load("cp1252-8bit.eml");
	if (v) {
		CHECK_STR(v->headline,
			  "Council\xE2\x80\x99s green port plan passes");
		CHECK_INT(v->versioncreated, 1759312800); /* 10:00Z */
		if (v->n_paras)
			CHECK(strstr(v->paras[0].text,
				     "\xE2\x80\x9Cgreen port\xE2\x80\x9D") !=
			      NULL);
		parse_result_free(&res);
	}
	/* raw UTF-8 inside a windows-1252 encoded word: what the sender
	 * typed, not "Mayor\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s" */
	v = load("raw-utf8-in-word.eml");
	if (v) {
		CHECK_STR(v->headline,
			  "Mayor\xE2\x80\x99s budget vote delayed");
		parse_result_free(&res);
	}
}

static void test_flowed(void)
{
	const struct version *v = load("flowed.eml");
	if (!v)
		return;
	CHECK_INT(v->n_paras, 3);
	if (v->n_paras == 3) {
		/* soft breaks joined (delsp: the space before the break is the
		 * wrap's own), hard breaks are paragraphs, stuffing removed */
		CHECK_STR(v->paras[0].text,
			  "The old river bridge reopened to traffic on Sunday "
			  "after eight months of repairs, the transport office "
			  "said. Engineers replaced 40 steel cables.");
		CHECK_STR(v->paras[2].text,
			  "From now on, heavy lorries must use the ring road.");
	}
	parse_result_free(&res);
}

static void test_signoff_disclaimer(void)
{
	const struct version *v = load("signoff.eml");
	if (!v)
		return;
	CHECK_STR(v->byline, "By Ben Ortiz");
	CHECK_STR(v->dateline.place, "ORLANDO");
	CHECK_STR(v->dateline.date, "March 10");
	CHECK_STR(v->dateline.source, "TWR");
	/* one line per paragraph; the sign-off, signature and disclaimer go */
	CHECK_INT(v->n_paras, 3);
	if (v->n_paras == 3) {
		CHECK_STR(v->paras[0].text, "Gol Tour");
		CHECK_STR(v->paras[2].text,
			  "A second paragraph on its own line, as mail "
			  "programs send it without blank lines.");
	}
	for (size_t i = 0; i < v->n_paras; i++) {
		CHECK(strstr(v->paras[i].text, "confidential") == NULL);
		CHECK(strstr(v->paras[i].text, "Golf Writer") == NULL);
		CHECK(strstr(v->paras[i].text, "bo/") == NULL);
	}
	parse_result_free(&res);
}

static void test_padded(void)
{
	const struct version *v = load("padded.eml");
	if (!v)
		return;
	CHECK_STR(v->headline, "Padded message");
	CHECK_STR(v->item_id, "padded@testwire.example");
	CHECK_INT(v->n_paras, 1);
	CHECK(test_has_warning(v, "no blank line after the headers"));
	parse_result_free(&res);
}

/* ------------------------------------------------------------ JSON body */

static void test_form(void)
{
	const struct version *v = load("form.eml");
	if (!v)
		return;
	/* the form's Headline, not the generic Subject; its mark read */
	CHECK_STR(v->headline, "Dam level falls below half");
	CHECK_STR(v->mark, "URGENT");
	CHECK_STR(v->slug, "Water Dam");
	CHECK_STR(v->byline, "Priya Nair");
	CHECK_STR(v->dateline.place, "KINGSPORT");
	CHECK_INT(v->priority, PRIORITY_URGENT);
	CHECK_INT(v->urgency, 3);
	CHECK_STR(v->ednote, "Legal flag: LEGAL");
	CHECK_STR(v->item_id, "form-0506@desk.example");
	CHECK_INT(v->versioncreated, 1714960800);
	CHECK_INT(v->n_subjects, 4);
	if (v->n_subjects == 4) {
		CHECK_STR(v->subjects[0].code, "SYDNEY");
		CHECK_STR(v->subjects[0].scheme, "aap-desk");
		CHECK_STR(v->subjects[1].code, "DOMESTIC NEWS");
		CHECK_STR(v->subjects[1].scheme, "aap-category");
		CHECK_STR(v->subjects[2].scheme, "aap-place");
		CHECK_STR(v->subjects[3].scheme, "aap-genre");
	}
	CHECK_INT(v->n_paras, 3);
	if (v->n_paras == 3)
		CHECK_STR(v->paras[2].text,
			  "Showers should be kept to four minutes.");
	parse_result_free(&res);

	/* a numeric Priority is on the desk's own scale: said, not read */
	const char *m = "From: f@desk.example\nSubject: Formatted Editorial "
			"Story\nDate: Mon, 06 May 2024 02:00:00 +0000\n\n"
			"{\"Headline\":[\"Quiet day\"],\"Priority\":[\"5\"],"
			"\"Urgency\":[\"4\"],\"Body\":[\"Nothing moved.\"]}\n";
	CHECK_INT(parse_as(FORMAT_UNKNOWN, m, strlen(m), NULL), 0);
	if (res.versions.n == 1) {
		v = res.versions.v[0];
		CHECK_INT(v->urgency, 4);
		CHECK_INT(v->priority, PRIORITY_ROUTINE); /* from urgency 4 */
		CHECK(test_has_warning(v, "Priority \"5\""));
	}
	parse_result_free(&res);
}

static void test_ninjs_body(void)
{
	const struct version *v = load("ninjs-body.eml");
	if (!v)
		return;
	CHECK_STR(v->format, "email");
	CHECK_STR(v->item_id, "urn:agency.example:item:778");
	CHECK_INT(v->item_version, 3);
	CHECK_STR(v->headline, "Port reopens after fog");
	CHECK_STR(v->slug, "Port-Fog");
	CHECK_INT(v->versioncreated, 1715050800); /* the mail's Date */
	CHECK_STR(v->source, "export@agency.example");
	CHECK_INT(v->n_paras, 2);
	parse_result_free(&res);

	/* JSON that is neither the form nor ninjs is text */
	const char *m = "From: a@b.example\nSubject: Numbers\n\n"
			"{\"a\": 1, \"b\": [2, 3]}\n";
	CHECK_INT(parse_as(FORMAT_EMAIL, m, strlen(m), NULL), 0);
	if (res.versions.n == 1) {
		CHECK_INT(res.versions.v[0]->n_paras, 1);
		CHECK_STR(res.versions.v[0]->headline, "Numbers");
	}
	parse_result_free(&res);
}

/* ------------------------------------------------------------ detection */

static void test_probe(void)
{
	const char *mail = "Received: by relay\nFrom: a@b.example\nSubject: "
			   "Hi\n\nBody\n";
	enum format f = FORMAT_UNKNOWN;
	CHECK_INT(formats_detect(mail, strlen(mail), &f, &err), 0);
	CHECK_INT(f, FORMAT_EMAIL);
	/* one mail header and a wire story: still wire text */
	const char *wire = "Subject: talks resume\n\nPARIS (Testwire) -- "
			   "Talks resumed.\n";
	CHECK_INT(formats_detect(wire, strlen(wire), &f, &err), 0);
	CHECK_INT(f, FORMAT_WIRETEXT);
	const char *hl = "Headline: Markets rally\nBy Staff\n\nText.\n";
	CHECK_INT(formats_detect(hl, strlen(hl), &f, &err), 0);
	CHECK_INT(f, FORMAT_WIRETEXT);
}

/* ------------------------------------------------------------ bad input */

static void expect_error(const char *buf, size_t len, const char *needle)
{
	int rc = parse_as(FORMAT_EMAIL, buf, len, NULL);
	CHECK_INT(rc, OW_EPARSE);
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
	expect_error("", 0, "empty");
	expect_error(" \r\n\n\t\n", 5, "empty");
	expect_error("\x01\x02\x03\x04\x05\x06", 6, "no header block");
	expect_error("Just a line of text\n\nand more\n", 30,
		     "no header block");

	/* a NUL inside the header block: refused, with the line */
	const char nul[] = "From: a@b.example\nSubject: x\0y\n\nBody\n";
	expect_error(nul, sizeof nul - 1, "NUL byte");
	CHECK_INT(err.line, 2);

	/* a header line of 100,000 bytes */
	size_t n = 100000;
	char *huge = malloc(n + 64);
	if (huge) {
		int k = snprintf(huge, 64, "From: a@b.example\nSubject: ");
		memset(huge + k, 'x', n);
		memcpy(huge + k + n, "\n\nBody\n", 7);
		expect_error(huge, (size_t)k + n + 7, "longer than 65536");
		CHECK_INT(err.line, 2);
		free(huge);
	}

	/* truncated headers: what was there, and a warning */
	const char *t = "From: a@b.example\nSubject: Half a head";
	CHECK_INT(parse_as(FORMAT_EMAIL, t, strlen(t), NULL), 0);
	if (res.versions.n == 1) {
		CHECK_STR(res.versions.v[0]->headline, "Half a head");
		CHECK(test_has_warning(res.versions.v[0],
				       "ends inside the header"));
	}
	parse_result_free(&res);
	/* a truncated multipart: the text there, and GMime's word on it */
	t = "From: a@b.example\nSubject: x\nContent-Type: multipart/mixed; "
	    "boundary=zz\n\n--zz\nContent-Type: text/plain\n\nCut off in";
	CHECK_INT(parse_as(FORMAT_EMAIL, t, strlen(t), NULL), 0);
	if (res.versions.n == 1) {
		CHECK_INT(res.versions.v[0]->n_paras, 1);
		CHECK(test_has_warning(res.versions.v[0], "truncated"));
	}
	parse_result_free(&res);

	/* invalid UTF-8, control bytes and NUL in the body: sanitised */
	const char body[] = "From: a@b.example\nSubject: Bad bytes\n"
			    "Content-Type: text/plain; charset=utf-8\n\n"
			    "Caf\xE9 au lait \x01\x02 and a NUL\0 here\n";
	CHECK_INT(parse_as(FORMAT_EMAIL, body, sizeof body - 1, NULL), 0);
	if (res.versions.n == 1) {
		const struct version *v = res.versions.v[0];
		CHECK_INT(v->n_paras, 1);
		if (v->n_paras)
			CHECK_STR(v->paras[0].text,
				  "Caf\xC3\xA9 au lait and a NUL here");
		CHECK(test_has_warning(v, "read as windows-1252"));
		CHECK(test_has_warning(v, "3 control bytes removed"));
	}
	parse_result_free(&res);

	/* an unknown charset and an unreadable date: said, not fatal */
	t = "From: a@b.example\nDate: sometime soon\nSubject: cs\n"
	    "Content-Type: text/plain; charset=x-nonsense-77\n\nPlain words\n";
	CHECK_INT(parse_as(FORMAT_EMAIL, t, strlen(t), NULL), 0);
	if (res.versions.n == 1) {
		const struct version *v = res.versions.v[0];
		CHECK(test_has_warning(v, "unknown charset"));
		CHECK(test_has_warning(v, "is not a date-time"));
		CHECK_INT(v->versioncreated, 0);
	}
	parse_result_free(&res);

	/* headers and nothing else: neither a headline nor a body */
	t = "From: a@b.example\nTo: c@d.example\n\n\n";
	CHECK_INT(parse_as(FORMAT_EMAIL, t, strlen(t), NULL), OW_EPARSE);
	CHECK(strstr(err.msg, "neither a headline nor a body") != NULL);
	parse_result_free(&res);

	/* MIME bombs: parts nested past GMime's limit, and more boundaries
	 * than a message needs */
	struct buf_s {
		char *p;
		size_t n, cap;
	} b = {malloc(4 << 20), 0, 4 << 20};
	if (b.p) {
		b.n = (size_t)snprintf(b.p, b.cap,
				       "From: a@b.example\nSubject: "
				       "deep\n");
		for (int i = 0; i < 2000; i++)
			b.n += (size_t)snprintf(
				b.p + b.n, b.cap - b.n,
				"Content-Type: multipart/mixed; "
				"boundary=b%d\n\n--b%d\n",
				i, i);
		CHECK_INT(parse_as(FORMAT_EMAIL, b.p, b.n, NULL), 0);
		if (res.versions.n == 1)
			CHECK(test_has_warning(res.versions.v[0],
					       "the rest not read"));
		parse_result_free(&res);
		b.n = (size_t)snprintf(b.p, b.cap,
				       "From: a@b.example\nSubject: wide\n"
				       "Content-Type: multipart/mixed; "
				       "boundary=z\n\n");
		for (int i = 0; i < 20001; i++)
			b.n += (size_t)snprintf(b.p + b.n, b.cap - b.n,
						"--z\n\nx\n");
		CHECK_INT(parse_as(FORMAT_EMAIL, b.p, b.n, NULL), OW_ETOOBIG);
		CHECK(strstr(err.msg, "MIME boundary lines") != NULL);
		parse_result_free(&res);
		free(b.p);
	}

	/* a broken encoded word stays valid UTF-8 */
	t = "From: a@b.example\nSubject: =?utf-8?Q?cut_=E2=80?=\n\nBody\n";
	CHECK_INT(parse_as(FORMAT_EMAIL, t, strlen(t), NULL), 0);
	if (res.versions.n == 1) {
		const char *h = res.versions.v[0]->headline;
		CHECK(h && utf8_valid(h, strlen(h)));
		CHECK(h && starts(h, "cut"));
	}
	parse_result_free(&res);
}

int main(void)
{
	RUN(test_plain);
	RUN(test_source_override);
	RUN(test_multipart_attachments);
	RUN(test_picture_only);
	RUN(test_html_only);
	RUN(test_charsets);
	RUN(test_flowed);
	RUN(test_signoff_disclaimer);
	RUN(test_padded);
	RUN(test_form);
	RUN(test_ninjs_body);
	RUN(test_probe);
	RUN(test_bad_input);
	return TEST_REPORT();
}
