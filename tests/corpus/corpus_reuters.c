/* Corpus test: the 22 Reuters-21578 SGML files in ${OW_CORPUS}/reuters21578.
 * Counts what grep would count in the raw bytes ("<REUTERS ", "<TITLE>",
 * "<BODY>") and checks the parsed versions against them: every element is
 * a version (the one element whose TEXT is empty is skipped with its
 * reason), as many have a headline as there are TITLEs, and as many have a
 * headline and a body as there are BODYs. Then values read off the files
 * for a few known items: NEWID 1, a BRIEF (30), an UNPROC (99), an AUTHOR
 * (4), a junk byte (17980), a DATE with noise after it (15370). */
#include "formats/formats.h"
#include "text/text.h"

#include "common/fileio.h"
#include "../unit/test.h"

#include <dirent.h>
#include <stdlib.h>

#define DIR_R OW_CORPUS "/reuters21578"

static size_t count(const char *buf, size_t len, const char *needle)
{
	size_t n = 0, l = strlen(needle);
	for (size_t i = 0; i + l <= len; i++)
		if (buf[i] == needle[0] && !memcmp(buf + i, needle, l))
			n++;
	return n;
}

/* The versions of interest, copied out of their parse results. */
struct found {
	const char *newid;
	struct version *v;
};

static struct arena *keep;
static struct found wanted[] = {{"1", NULL}, {"30", NULL},    {"99", NULL},
				{"4", NULL}, {"17980", NULL}, {"15370", NULL}};
#define N_WANTED (sizeof wanted / sizeof *wanted)

static struct version *find(const char *newid)
{
	for (size_t i = 0; i < N_WANTED; i++)
		if (!strcmp(wanted[i].newid, newid))
			return wanted[i].v;
	return NULL;
}

static bool any_para_has(const struct version *v, const char *needle)
{
	for (size_t i = 0; i < v->n_paras; i++)
		if (strstr(v->paras[i].text, needle))
			return true;
	return false;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	DIR *d = opendir(DIR_R);
	if (!d) {
		printf("corpus: %s not found, skipping\n", DIR_R);
		return 77;
	}
	char *names[64];
	size_t n_names = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n_names < 64) {
		size_t l = strlen(e->d_name);
		if (l > 4 && !strcmp(e->d_name + l - 4, ".sgm"))
			names[n_names++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n_names, sizeof *names, cmp_names);
	keep = arena_new();

	size_t g_reuters = 0, g_title = 0, g_body = 0;
	size_t n_ver = 0, n_skip = 0, n_head = 0, n_both = 0, n_unproc = 0;
	size_t n_sig = 0;
	printf("%-16s %9s %9s %8s %8s %8s\n", "file", "<REUTERS", "versions",
	       "skipped", "titles", "bodies");
	for (size_t f = 0; f < n_names; f++) {
		char path[600], *buf;
		size_t len;
		struct ow_err err = {0};
		snprintf(path, sizeof path, "%s/%s", DIR_R, names[f]);
		test_current = names[f];
		if (file_read_all(path, 1 << 26, &buf, &len, &err)) {
			fprintf(stderr, "%s: %s\n", path, err.msg);
			test_failures++;
			continue;
		}
		size_t gr = count(buf, len, "<REUTERS ");
		size_t gt = count(buf, len, "<TITLE>");
		size_t gb = count(buf, len, "<BODY>");
		struct parse_result r;
		struct parse_opts o = {.now = 1700000000};
		enum format fmt;
		CHECK(formats_detect(buf, len, &fmt, &err) == 0 &&
		      fmt == FORMAT_REUTERS_SGML);
		int rc = formats_parse(FORMAT_REUTERS_SGML, buf, len, &o, &r,
				       &err);
		free(buf);
		CHECK_INT(rc, 0);
		if (rc) {
			printf("%-16s %9zu  error: %s\n", names[f], gr,
			       err.msg);
			continue;
		}
		size_t head = 0, both = 0;
		for (size_t i = 0; i < r.versions.n; i++) {
			struct version *v = r.versions.v[i];
			head += v->headline != NULL;
			both += v->headline && v->n_paras;
			n_unproc += !v->headline && v->n_paras;
			CHECK_STR(v->source, "Reuters");
			CHECK(v->item_id != NULL);
			CHECK(v->versioncreated > 0);
			/* the signature and the ETX marker never reach text */
			if (v->n_paras) {
				const char *last =
					v->paras[v->n_paras - 1].text;
				size_t ll = strlen(last);
				n_sig += ll >= 6 &&
					 !strcmp(last + ll - 6, "Reuter");
				CHECK(strchr(last, '\x03') == NULL);
			}
			for (size_t k = 0; k < v->n_paras; k++)
				CHECK(utf8_valid(v->paras[k].text,
						 strlen(v->paras[k].text)));
			for (size_t k = 0; k < N_WANTED; k++)
				if (!strcmp(v->item_id, wanted[k].newid))
					wanted[k].v = version_clone(keep, v);
		}
		printf("%-16s %9zu %9zu %8zu %8zu %8zu\n", names[f], gr,
		       r.versions.n, r.n_skipped, head, both);
		for (size_t k = 0; k < r.n_skipped; k++)
			printf("%-16s skipped NEWID %s: %s\n", "",
			       r.skipped[k].item_id, r.skipped[k].reason);
		CHECK_INT(r.versions.n + r.n_skipped, gr);
		CHECK_INT(head, gt);
		CHECK_INT(both, gb);
		g_reuters += gr;
		g_title += gt;
		g_body += gb;
		n_ver += r.versions.n;
		n_skip += r.n_skipped;
		n_head += head;
		n_both += both;
		parse_result_free(&r);
	}
	printf("total: %zu elements (grep), %zu versions, %zu skipped; "
	       "%zu TITLEs / %zu headlines; %zu BODYs / %zu with both; "
	       "%zu UNPROC texts\n",
	       g_reuters, n_ver, n_skip, g_title, n_head, g_body, n_both,
	       n_unproc);
	test_current = "totals";
	CHECK_INT(n_names, 22);
	CHECK_INT(g_reuters, 21578);
	CHECK_INT(n_ver + n_skip, 21578);
	/* NEWID 12793 is <TEXT TYPE="UNPROC">&#2;\n&#3;</TEXT>: nothing, but
	 * still a version (withheld) */
	CHECK_INT(n_skip, 0);
	CHECK_INT(n_ver, 21578);
	CHECK_INT(n_head, 20841);
	CHECK_INT(n_both, 19043);
	CHECK_INT(n_unproc, 736);
	CHECK_INT(n_sig, 0);

	char t[32];
	struct version *v = find("1");
	test_current = "NEWID 1";
	CHECK(v != NULL);
	if (v) {
		CHECK_STR(v->headline, "BAHIA COCOA REVIEW");
		CHECK_STR(v->dateline.place, "SALVADOR");
		CHECK_STR(v->dateline.date, "Feb 26");
		time_format_rfc3339(v->versioncreated, t, sizeof t);
		CHECK_STR(t, "1987-02-26T15:01:01Z");
		CHECK_STR(v->slug, "BC-BAHIA-COCOA-REVIEW");
		CHECK_INT(v->priority, PRIORITY_URGENT);
		CHECK_INT(v->n_subjects, 4);
		if (v->n_subjects == 4) {
			CHECK_STR(v->subjects[0].code, "cocoa");
			CHECK_STR(v->subjects[0].scheme, "reuters-topic");
			CHECK_STR(v->subjects[1].code, "el-salvador");
			CHECK_STR(v->subjects[3].code, "uruguay");
			CHECK_STR(v->subjects[3].scheme, "reuters-place");
		}
		CHECK(v->n_paras > 10);
		if (v->n_paras) {
			CHECK(!strncmp(v->paras[0].text,
				       "Showers continued throughout the week "
				       "in the Bahia cocoa zone",
				       61));
			CHECK_STR(v->paras[v->n_paras - 1].text,
				  "Final figures for the period to February "
				  "28 are expected to be published by the "
				  "Brazilian Cocoa Trade Commission after "
				  "carnival which ends midday on February "
				  "27.");
		}
	}
	v = find("30");
	test_current = "NEWID 30 (BRIEF)";
	CHECK(v != NULL);
	if (v) {
		CHECK_STR(v->headline, "ASSETS OF MONEY MARKET MUTUAL FUNDS "
				       "ROSE 720.4 MLN DLRS IN LATEST WEEK");
		CHECK_INT(v->n_paras, 0); /* not "Blah blah blah." */
		CHECK_INT(v->priority, PRIORITY_FLASH);
		CHECK_STR(v->slug, "BC-ASSETS-OF-MONEY");
	}
	v = find("99");
	test_current = "NEWID 99 (UNPROC)";
	CHECK(v != NULL);
	if (v) {
		CHECK(v->headline == NULL);
		CHECK(v->n_paras >= 2);
		if (v->n_paras >= 2) {
			CHECK_STR(v->paras[0].text,
				  "FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26");
			CHECK_INT(v->paras[1].kind, PARA_PRE);
			CHECK(strstr(v->paras[1].text,
				     " Net free reserves.............644 "
				     "vs.....1,337\n") != NULL);
		}
		CHECK(!any_para_has(v, "Reuter"));
	}
	v = find("4");
	test_current = "NEWID 4 (AUTHOR)";
	CHECK(v != NULL);
	if (v) {
		CHECK_STR(v->headline,
			  "TALKING POINT/BANKAMERICA <BAC> EQUITY OFFER");
		CHECK_STR(v->byline, "by Janie Gabbett, Reuters");
		CHECK_STR(v->dateline.place, "LOS ANGELES");
	}
	v = find("17980");
	test_current = "NEWID 17980 (junk byte)";
	CHECK(v != NULL);
	if (v) {
		CHECK_STR(v->headline,
			  "LAWSON SAYS LOUVRE CURRENCY ACCORD SATISFACTORY");
		/* 0xFC read as Windows-1252; the &#5;&#30; controls gone */
		CHECK(any_para_has(v, "world economic growth.\xc3\xbcside "
				      "measures to boost growth, he said."));
	}
	v = find("15370");
	test_current = "NEWID 15370 (noisy DATE)";
	CHECK(v != NULL);
	if (v) {
		time_format_rfc3339(v->versioncreated, t, sizeof t);
		CHECK_STR(t, "1987-04-09T00:00:00Z");
		CHECK_STR(v->headline,
			  "HOSPITAL CORP OF AMERICA <HCA> GETS MERGER BID");
		CHECK_INT(v->priority, PRIORITY_BULLETIN);
	}
	for (size_t f = 0; f < n_names; f++)
		free(names[f]);
	arena_free(keep);
	return TEST_REPORT();
}
