/* Corpus test: every feed in ${OW_CORPUS}/feeds and ${OW_CORPUS}/superdesk/rss
 * is read as RSS or Atom (whichever probe is surer), with a table printed of
 * what each gave. Each file's outcome is asserted (items accepted and
 * skipped, or the error for the ones broken beyond a feed reader's repair),
 * and for a dozen files the values below were read off the files by hand:
 * a known item's title, date, author, and the number of items. */
#include "formats/formats_int.h"

#include "common/fileio.h"
#include "../unit/test.h"

#include <dirent.h>
#include <stdlib.h>

#define DIR_FEEDS OW_CORPUS "/feeds"
#define DIR_SD OW_CORPUS "/superdesk/rss"

/* What each file must give: versions and skips, or an error containing
 * `error`. Every file in the folders must be listed. */
static const struct expect {
	const char *file;
	int versions, skipped;
	const char *error;
	const char *warning; /* an input warning it must carry, or NULL */
} expects[] = {
	{"feedjira__atom_google_alerts.xml", 20, 0, NULL, NULL},
	{"feedjira__atom_typepad_LEADING_SPACE.xml", 10, 0, NULL,
	 "before the XML declaration"},
	{"feedjira__rss2_huffpost_canada.xml", 2, 0, NULL, NULL},
	{"feedjira__rss2_invalid_dates.xml", 2, 0, NULL, "recovered"},
	{"feedjira__rss2_techcrunch_LEADING_SPACE.xml", 20, 0, NULL,
	 "before the XML declaration"},
	{"feedparser__BROKEN_high_bit_date_iso8859-7.xml", 0, 0,
	 "feed has no items", NULL},
	{"feedparser__BROKEN_incomplete_cdata.xml", 0, 0,
	 "feed has no items (and is not well-formed XML", NULL},
	{"feedparser__BROKEN_rdf_empty_textinput.xml", 1, 0, NULL, "recovered"},
	{"feedparser__BROKEN_undeclared_namespace.xml", 0, 0,
	 "feed has no items", NULL},
	{"feedrs__rss1_biorxiv.xml", 1, 0, NULL, NULL},
	{"feedrs__rss1_golem_iso8859-1.xml", 1, 0, NULL, NULL},
	{"feedrs__rss2_bbc_in_our_time.xml", 1, 0, NULL, NULL},
	{"feedrs__rss2_ilgiornale.xml", 1, 0, NULL, NULL},
	{"feedrs__rss2_ilmessaggero.xml", 1, 0, NULL, NULL},
	{"feedrs__rss2_inovacaotecnologica_iso8859-1.xml", 1, 0, NULL, NULL},
	{"feedrs__rss2_nbc_newyork.xml", 1, 0, NULL, NULL},
	{"feedrs__rss2_nyt_wirecutter.xml", 1, 0, NULL, NULL},
	{"feedrs__rss2_reuters_mostread_INVALID.xml", 0, 0,
	 "feed has no items (and is not well-formed XML", NULL},
	{"feedrs__rss2_spiegel_podcast.xml", 1, 0, NULL, NULL},
	{"gofeed__BROKEN_illegal_control_char.xml", 1, 0, NULL,
	 "1 control byte removed"},
	{"gofeed__BROKEN_legacy_entity_prefix.xml", 0, 0,
	 "feed has no items (and is not well-formed XML", NULL},
	{"gofeed__rss_utf8_bom.xml", 0, 0, "feed has no items", NULL},
	{"miniflux__BROKEN_invalid_encoding_name.xml", 1, 0, NULL,
	 "unknown encoding \"invalid\"; read as UTF-8"},
	{"miniflux__BROKEN_utf8_declared_iso8859-1.xml", 1, 0, NULL,
	 "but its bytes are UTF-8"},
	{"miniflux__atom_dustri_large.xml", 25, 0, NULL, NULL},
	{"miniflux__rss090_heise_online.xml", 60, 0, NULL, NULL},
	{"miniflux__rss2_bbc_urdu.xml", 26, 0, NULL, NULL},
	{"miniflux__rss2_cercle_psy_NODECL_latin1.xml", 9, 1, NULL,
	 "declares no encoding and is not UTF-8"},
	{"miniflux__rss2_dustri_large.xml", 25, 0, NULL, NULL},
	{"miniflux__rss2_golem_iso8859-1.xml", 40, 0, NULL, NULL},
	{"miniflux__rss2_ibash_windows-1251.xml", 50, 0, NULL, NULL},
	{"rssparser__NOT_A_FEED_marketwatch_moved.rss", 0, 0,
	 "not an RSS feed: the root element is <head>", NULL},
	{"rssparser__atom_blogger_feedburner.atom", 25, 0, NULL, NULL},
	{"rssparser__atom_heise_developer.atom", 15, 0, NULL, NULL},
	{"rssparser__rss1_science_twis.rss", 69, 0, NULL, NULL},
	{"rssparser__rss2_guardian_us.rss", 55, 0, NULL, NULL},
	{"rssparser__rss2_jn_pt_iso8859-1.rss", 40, 0, NULL, NULL},
	{"rssparser__rss_uol_noticias_NODECL_latin1.rss", 15, 0, NULL,
	 "declares no encoding and is not UTF-8"},
	{"wenn.xml", 2, 0, NULL, NULL},
	{"wordpress_wxr.xml", 5, 0, NULL, NULL},
	{"wordpress_wxr_funke.xml", 1, 0, NULL, NULL},
	{"wordpress_wxr_thumb.xml", 1, 1, NULL, NULL},
};

static const struct expect *expect_of(const char *name)
{
	for (size_t i = 0; i < sizeof expects / sizeof *expects; i++)
		if (!strcmp(expects[i].file, name))
			return &expects[i];
	return NULL;
}

/* One parsed file, kept for the value checks. */
struct parsed {
	char name[128];
	struct parse_result r;
	int rc;
	char msg[256];
};

#define MAX_FILES 64
static struct parsed files[MAX_FILES];
static size_t n_files;

static const struct parse_result *get(const char *name)
{
	for (size_t i = 0; i < n_files; i++)
		if (!strcmp(files[i].name, name) && !files[i].rc)
			return &files[i].r;
	fprintf(stderr, "%s: not parsed\n", name);
	test_failures++;
	return NULL;
}

static void check_strings(const struct parse_result *r)
{
	for (size_t i = 0; i < r->versions.n; i++) {
		const struct version *v = r->versions.v[i];
		CHECK(v->headline || v->n_paras);
		CHECK(!v->headline ||
		      utf8_valid(v->headline, strlen(v->headline)));
		for (size_t k = 0; k < v->n_paras; k++)
			CHECK(utf8_valid(v->paras[k].text,
					 strlen(v->paras[k].text)));
		CHECK(v->raw_off + v->raw_len > v->raw_off);
	}
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void parse_one(const char *dir, const char *n)
{
	struct parsed *p = &files[n_files++];
	snprintf(p->name, sizeof p->name, "%s", n);
	char path[600], *buf;
	size_t len;
	struct ow_err err = {0};
	snprintf(path, sizeof path, "%s/%s", dir, n);
	if (file_read_all(path, 1 << 24, &buf, &len, &err)) {
		p->rc = err.code;
		snprintf(p->msg, sizeof p->msg, "%s", err.msg);
		return;
	}
	/* my own probes decide, so that other formats' probes being
	 * written at the same time cannot change this test */
	enum format f = atom_probe(buf, len) > rss_probe(buf, len) ? FORMAT_ATOM
								   : FORMAT_RSS;
	struct parse_opts o = {.now = 1700000000};
	p->rc = formats_parse(f, buf, len, &o, &p->r, &err);
	snprintf(p->msg, sizeof p->msg, "%s", err.msg);
	free(buf);
}

/* Every .xml, .rss and .atom file of `dir`, in name order. */
static void parse_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *names[MAX_FILES];
	size_t n = 0;
	while (d && (e = readdir(d)) && n < MAX_FILES) {
		const char *nm = e->d_name;
		size_t l = strlen(nm);
		if (nm[0] == '.' || l < 5 ||
		    (strcmp(nm + l - 4, ".xml") && strcmp(nm + l - 4, ".rss") &&
		     strcmp(nm + l - 5, ".atom")))
			continue;
		names[n++] = strdup(nm);
	}
	if (d)
		closedir(d);
	qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		if (n_files < MAX_FILES)
			parse_one(dir, names[i]);
		free(names[i]);
	}
}

static void check_outcomes(void)
{
	printf("%-48s %-5s %8s %8s  %s\n", "file", "fmt", "accepted", "skipped",
	       "warnings / error");
	size_t ok = 0, bad = 0;
	for (size_t i = 0; i < n_files; i++) {
		struct parsed *p = &files[i];
		test_current = p->name;
		const struct expect *x = expect_of(p->name);
		if (p->rc) {
			printf("%-48s %-5s %8s %8s  %s\n", p->name, "-", "-",
			       "-", p->msg);
			bad++;
		} else {
			printf("%-48s %-5s %8zu %8zu  %s\n", p->name,
			       format_name(p->r.format), p->r.versions.n,
			       p->r.n_skipped,
			       p->r.n_warnings ? p->r.warnings[0] : "");
			for (size_t k = 1; k < p->r.n_warnings; k++)
				printf("%-48s %-5s %8s %8s  %s\n", "", "", "",
				       "", p->r.warnings[k]);
			for (size_t k = 0; k < p->r.n_skipped; k++)
				printf("%-48s %-5s %8s %8s  skipped: %s\n", "",
				       "", "", "", p->r.skipped[k].reason);
			ok++;
			check_strings(&p->r);
		}
		CHECK(x != NULL);
		if (!x)
			continue;
		if (x->error) {
			CHECK(p->rc != 0);
			CHECK(strstr(p->msg, x->error) != NULL);
			continue;
		}
		CHECK_INT(p->rc, 0);
		if (p->rc)
			continue;
		CHECK_INT(p->r.versions.n, x->versions);
		CHECK_INT(p->r.n_skipped, x->skipped);
		if (x->warning) {
			bool found = false;
			for (size_t k = 0; k < p->r.n_warnings; k++)
				found |= strstr(p->r.warnings[k], x->warning) !=
					 NULL;
			CHECK(found);
		}
	}
	printf("%zu files: %zu accepted, %zu rejected\n", n_files, ok, bad);
	test_current = "check_outcomes";
	CHECK_INT(n_files, sizeof expects / sizeof *expects);
}

/* --------------------------------------------- values read off the files */

static const struct version *item(const char *file, size_t i)
{
	const struct parse_result *r = get(file);
	test_current = file;
	if (!r || i >= r->versions.n) {
		test_failures++;
		return NULL;
	}
	return r->versions.v[i];
}

static void check_values(void)
{
	const struct version *v;
	char t[32];
#define CHECK_TIME(secs, want)                                                 \
	do {                                                                   \
		time_format_rfc3339(secs, t, sizeof t);                        \
		CHECK_STR(t, want);                                            \
	} while (0)

	if ((v = item("rssparser__rss2_guardian_us.rss", 0))) {
		CHECK_STR(v->headline, "Trump State of the Union address "
				       "promised unity but emphasized discord");
		CHECK_TIME(v->versioncreated, "2018-01-31T07:26:05Z");
		CHECK_STR(v->byline, "David Smith in Washington");
		CHECK_STR(v->source, "The Guardian");
		CHECK_STR(v->language, "en-gb");
	}
	if ((v = item("feedrs__rss2_nbc_newyork.xml", 0))) {
		CHECK_STR(v->headline, "NYC cops search for stabbing suspect "
				       "after leaving 18-year-old to bleed out "
				       "on sidewalk");
		CHECK_STR(v->byline, "Gaby Acevedo and Jessica Cunnington");
		CHECK_STR(v->language, "en-US"); /* written "en_US" */
		/* "Sat, Dec 16 2023 02:02:33 PM" is no RFC 822 date */
		CHECK_INT(v->versioncreated, 0);
		CHECK(v->n_warnings == 1 &&
		      strstr(v->warnings[0], "is not a date"));
	}
	if ((v = item("feedrs__rss2_nyt_wirecutter.xml", 0))) {
		CHECK_STR(v->headline, "How to Teach Someone a Board Game (and "
				       "Even Have Fun Doing It)");
		CHECK_TIME(v->versioncreated, "2022-09-20T11:00:17Z");
		CHECK_STR(v->byline, "James Austin");
	}
	if ((v = item("miniflux__rss2_golem_iso8859-1.xml", 0))) {
		CHECK_STR(v->headline,
			  "Red Dead Redemption 2: Hinweise auf "
			  "PC-Umsetzung in App von Rockstar Games");
		CHECK_TIME(v->versioncreated, "2018-10-28T12:48:00Z");
		CHECK(v->byline == NULL);
		CHECK_STR(v->language, "de");
	}
	if ((v = item("miniflux__rss2_ibash_windows-1251.xml", 0))) {
		CHECK_STR(v->headline,
			  "\xd0\xa6\xd0\xb8\xd1\x82\xd0\xb0\xd1\x82"
			  "\xd0\xb0 #17703");
		CHECK_TIME(v->versioncreated, "2018-03-21T07:27:32Z");
	}
	if ((v = item("rssparser__atom_heise_developer.atom", 0))) {
		CHECK_STR(
			v->headline,
			"Java-Anwendungsserver: Red Hat gibt WildFly 10 frei");
		CHECK_TIME(v->versioncreated, "2016-02-01T16:54:50Z");
		CHECK_TIME(v->firstcreated, "2016-02-01T16:22:00Z");
		CHECK_STR(v->byline, "heise online");
		CHECK_STR(v->item_id, "http://heise.de/-3088438");
	}
	if ((v = item("feedjira__atom_google_alerts.xml", 2))) {
		/* a type="html" title: "<b>Slack</b> (NASDAQ:WORK) ..." */
		CHECK_STR(v->headline, "Slack (NASDAQ:WORK) Insider Cal "
				       "Henderson Sells 1500 Shares");
		CHECK_TIME(v->firstcreated, "2019-07-10T11:36:15Z");
		CHECK_STR(v->source, "Google Alert - Slack");
	}
	if ((v = item("rssparser__rss2_jn_pt_iso8859-1.rss", 0))) {
		CHECK_STR(v->headline, "M\xc3\xa3"
				       "e de utente \xc3\xa9 a nova presidente "
				       "da Rar\xc3\xadssimas");
		/* "Wed, 03 Jan 2018 13:47:00 GMT" and a line of blanks */
		CHECK_TIME(v->versioncreated, "2018-01-03T13:47:00Z");
	}
	if ((v = item("feedjira__rss2_techcrunch_LEADING_SPACE.xml", 0))) {
		CHECK_STR(v->headline,
			  "Angie\xe2\x80\x99s List Sets Price Range IPO At $11 "
			  "To $13 Per Share; Valued At Over $600M");
		CHECK_STR(v->byline, "Leena Rao");
		CHECK_TIME(v->versioncreated, "2011-11-02T17:25:27Z");
	}
	if ((v = item("rssparser__rss1_science_twis.rss", 0))) {
		CHECK_STR(v->headline, "Food for fungi");
		CHECK_STR(v->byline, "Hines, P. J.");
		CHECK_TIME(v->versioncreated, "2017-06-15T17:29:47Z");
	}
	if ((v = item("miniflux__rss090_heise_online.xml", 0)))
		CHECK_STR(v->headline, "OLED-TVs: Vorsichtsma\xc3\x9fnahmen "
				       "gegen Einbrennen");
	if ((v = item("feedrs__rss1_golem_iso8859-1.xml", 0))) {
		CHECK_STR(v->headline, "Digitalministerium: Neue "
				       "Glasfaserf\xc3\xb6rderung mit "
				       "Schnellkasse");
		CHECK_STR(v->byline, "Achim Sawall");
		CHECK_TIME(v->versioncreated, "2023-01-25T18:03:02Z");
	}
	if ((v = item("miniflux__rss2_bbc_urdu.xml", 0)))
		CHECK_STR(v->language, "ur");
	if ((v = item("wenn.xml", 0))) {
		CHECK_STR(v->headline,
			  "Suge Knight involved in fatal hit and run incident");
		CHECK_STR(v->byline, "WENN Newsdesk"); /* the feed's author */
		CHECK_TIME(v->versioncreated, "2015-01-30T00:33:06Z");
	}
	if ((v = item("wordpress_wxr.xml", 0))) {
		CHECK_STR(v->headline, "Starafrica to dispose assets for $6 "
				       "million to clear debt");
		CHECK_STR(v->byline, "admin");
		CHECK_TIME(v->versioncreated, "2013-07-29T16:03:54Z");
		CHECK_INT(v->n_subjects, 4);
	}
	const struct parse_result *r = get("wordpress_wxr_thumb.xml");
	if (r && r->n_skipped == 1)
		CHECK(strstr(r->skipped[0].reason, "attachment") != NULL);

	/* the same blog as RSS and as Atom: the same 25 titles and times */
	const struct parse_result *a = get("miniflux__atom_dustri_large.xml");
	const struct parse_result *s = get("miniflux__rss2_dustri_large.xml");
	test_current = "dustri rss vs atom";
	if (a && s && a->versions.n == s->versions.n) {
		for (size_t i = 0; i < a->versions.n; i++) {
			CHECK_STR(a->versions.v[i]->headline,
				  s->versions.v[i]->headline);
			CHECK_INT(a->versions.v[i]->versioncreated,
				  s->versions.v[i]->versioncreated);
			CHECK_STR(a->versions.v[i]->byline,
				  s->versions.v[i]->byline);
		}
		CHECK_STR(a->versions.v[0]->headline, "Using vale with vim");
		CHECK_TIME(a->versions.v[0]->versioncreated,
			   "2024-03-10T16:15:00Z");
		CHECK_STR(a->versions.v[0]->byline, "jvoisin");
	}
}

int main(void)
{
	DIR *d = opendir(DIR_FEEDS);
	if (!d) {
		printf("corpus: %s not found, skipping\n", DIR_FEEDS);
		return 77;
	}
	closedir(d);
	parse_dir(DIR_FEEDS);
	parse_dir(DIR_SD);
	check_outcomes();
	check_values();
	for (size_t i = 0; i < n_files; i++)
		if (!files[i].rc)
			parse_result_free(&files[i].r);
	return TEST_REPORT();
}
