/* Every file of the shared corpus through detection and its parser: a table
 * of files accepted and rejected per format, with the reason for each
 * rejection. A picture, a package or a deliberately broken feed rejected for
 * a stated reason is fine; a text story rejected is a bug, so every rejection
 * must be one of those listed below (and each listed file must really be
 * rejected, so the list cannot go stale). The corpus's own SOURCE.md,
 * MANIFEST.tsv and README files are not wire copy and are left out; in
 * reuters21578/ only the .sgm files are copy. */
#include "common/fileio.h"
#include "formats/formats.h"

#include "../unit/test.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Files that hold no text story, and why. */
static const struct {
	const char *path;   /* relative to the corpus */
	const char *reason; /* a word the rejection names */
} expected[] = {
	{"superdesk/other/GAC103-thumb.jpg", "JPEG"},
	{"superdesk/other/IPTC-PhotometadataRef-Std2017.1.jpg", "JPEG"},
	{"superdesk/other/channel1", "unrecognised"}, /* a list of ids */
	{"superdesk/nitf/aap-finance-lite.xml", "neither a headline"},
	{"iptc/newsml-g2__LISTING_25_nitf_inlinexml_FRAGMENT.xml", "fragment"},
	{"iptc/newsml-g2__LISTING_28_located_dateline_FRAGMENT.xml",
	 "fragment"},
	{"feeds/feedparser__BROKEN_high_bit_date_iso8859-7.xml", "no items"},
	{"feeds/feedparser__BROKEN_incomplete_cdata.xml", "no items"},
	{"feeds/feedparser__BROKEN_undeclared_namespace.xml", "no items"},
	{"feeds/feedrs__rss2_reuters_mostread_INVALID.xml", "no items"},
	{"feeds/gofeed__BROKEN_legacy_entity_prefix.xml", "no items"},
	{"feeds/gofeed__rss_utf8_bom.xml", "no items"},
	{"feeds/rssparser__NOT_A_FEED_marketwatch_moved.rss", "unrecognised"},
};
#define N_EXPECTED (sizeof expected / sizeof *expected)

struct tally {
	int files, versions, skipped, skip_only, rejected;
};

static struct tally by_format[FORMAT_COUNT + 1]; /* last: undetected */
static int seen_expected[N_EXPECTED];
static int unexpected;

static const char *corpus;

static bool is_metadata(const char *name)
{
	return !strcmp(name, "SOURCE.md") || !strcmp(name, "MANIFEST.tsv") ||
	       !strncmp(name, "README", 6) || name[0] == '.';
}

static void check_file(const char *rel, const char *path)
{
	char *buf;
	size_t len;
	struct ow_err err = {0};
	if (file_read_all(path, 64u << 20, &buf, &len, &err)) {
		printf("  %-70s unreadable: %s\n", rel, err.msg);
		unexpected++;
		return;
	}
	enum format f = FORMAT_UNKNOWN;
	struct ow_err derr = {0};
	bool detected = formats_detect(buf, len, &f, &derr) == 0;
	struct parse_result r;
	struct parse_opts o = {0};
	int rc = formats_parse(FORMAT_UNKNOWN, buf, len, &o, &r, &err);
	free(buf);
	struct tally *t = &by_format[detected ? f : FORMAT_COUNT];
	t->files++;
	int want = -1;
	for (size_t i = 0; i < N_EXPECTED; i++)
		if (!strcmp(expected[i].path, rel))
			want = (int)i;
	if (rc == 0) {
		t->versions += (int)r.versions.n;
		t->skipped += (int)r.n_skipped;
		if (!r.versions.n) {
			t->skip_only++;
			printf("  %-70s no text: %s\n", rel,
			       r.n_skipped ? r.skipped[0].reason : "?");
		}
		parse_result_free(&r);
		if (want >= 0) {
			printf("  %-70s ACCEPTED but expected a rejection "
			       "(%s)\n",
			       rel, expected[want].reason);
			unexpected++;
		}
		return;
	}
	t->rejected++;
	printf("  %-70s rejected: %s\n", rel, err.msg);
	if (want < 0) {
		printf("    ^ a rejection not on the list: a text story "
		       "lost?\n");
		unexpected++;
	} else if (!strstr(err.msg, expected[want].reason)) {
		printf("    ^ expected the reason to name \"%s\"\n",
		       expected[want].reason);
		unexpected++;
	} else {
		seen_expected[want] = 1;
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(const char *rel_dir, bool sgm_only)
{
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/%s", corpus, rel_dir);
	DIR *d = opendir(dir);
	if (!d) {
		printf("  %s: missing\n", rel_dir);
		unexpected++;
		return;
	}
	char *names[4096];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 4096) {
		if (is_metadata(e->d_name))
			continue;
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		char rel[1024], path[2048];
		snprintf(rel, sizeof rel, "%s/%s", rel_dir, names[i]);
		snprintf(path, sizeof path, "%s/%s", corpus, rel);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			walk(rel, sgm_only);
		else if (!sgm_only || strstr(names[i], ".sgm"))
			check_file(rel, path);
		free(names[i]);
	}
}

int main(void)
{
	corpus = getenv("OW_CORPUS_DIR") ? getenv("OW_CORPUS_DIR") : OW_CORPUS;
	struct stat st;
	if (stat(corpus, &st) != 0) {
		printf("corpus: %s not found, skipping\n", corpus);
		return 77;
	}
	walk("superdesk", false);
	walk("iptc", false);
	walk("feeds", false);
	walk("reuters21578", true);

	printf("\n%-14s %6s %9s %8s %9s %9s\n", "format", "files", "versions",
	       "skipped", "no text", "rejected");
	struct tally sum = {0};
	for (int f = 1; f <= FORMAT_COUNT; f++) {
		struct tally *t = &by_format[f];
		if (!t->files)
			continue;
		printf("%-14s %6d %9d %8d %9d %9d\n",
		       f == FORMAT_COUNT ? "(undetected)" : format_name(f),
		       t->files, t->versions, t->skipped, t->skip_only,
		       t->rejected);
		sum.files += t->files;
		sum.versions += t->versions;
		sum.skipped += t->skipped;
		sum.skip_only += t->skip_only;
		sum.rejected += t->rejected;
	}
	printf("%-14s %6d %9d %8d %9d %9d\n", "total", sum.files, sum.versions,
	       sum.skipped, sum.skip_only, sum.rejected);
	for (size_t i = 0; i < N_EXPECTED; i++)
		if (!seen_expected[i]) {
			printf("expected a rejection of %s (%s): not seen\n",
			       expected[i].path, expected[i].reason);
			unexpected++;
		}
	test_current = "corpus";
	CHECK_INT(unexpected, 0);
	CHECK_INT(sum.rejected, (int)N_EXPECTED);
	return TEST_REPORT();
}
