/* Unit tests for src/cluster: normalisation and agency boilerplate, near
 * duplicates, same-event clusters, writethrus, the window, removal,
 * representatives, restore from the store, determinism, bad input.
 * The library's files are included rather than linked (the unit tests
 * link the layers, and this reaches the statics too). Every story here
 * was written for these tests. No timing: bench/cluster measures. */
#include "cluster/cluster_map.c"
#include "cluster/cluster_sig.c"
#include "cluster/cluster_words.c"
#include "cluster/cluster_text.c"
#include "cluster/cluster_index.c"
#include "cluster/cluster_decide.c"
#include "cluster/cluster_view.c"

#include "test.h"

#include <stdio.h>

/* ---------------------------------------------------------------- copy */

/* Unrelated stories: they give the idf something to learn from. */
static const char *const fillers[][2] = {
	{"Harbour pilots vote to strike over night shifts",
	 "Pilots who guide container ships into the northern harbour voted "
	 "to strike next week over a new roster of night shifts."},
	{"Orchard growers count losses after late frost",
	 "Apple and pear growers in the hill districts said a late frost "
	 "destroyed most of the blossom on their trees."},
	{"City council approves tram line extension",
	 "The council approved a four kilometre extension of the eastern "
	 "tram line, with building work due to start in the autumn."},
	{"Chess champion retains title in final game",
	 "The defending champion drew the final game with black to keep "
	 "her title by a single point after twelve rounds."},
	{"Battery maker opens second plant",
	 "A maker of batteries for electric buses opened its second plant "
	 "on the edge of the industrial zone, hiring 600 workers."},
	{"Museum returns bronze masks to temple",
	 "The national museum handed back four bronze masks to the temple "
	 "they were taken from more than a century ago."},
	{"Rail operator cuts weekend timetable",
	 "The rail operator will run fewer trains at weekends from May, "
	 "citing a shortage of drivers and engineering work."},
	{"Fishing fleet stays in port as storm nears",
	 "Trawlers stayed in port along the west coast as forecasters "
	 "warned of waves up to eight metres high."},
	{"University wins grant for coral reef study",
	 "Marine biologists won a grant to map bleaching on the outer reef "
	 "over the next three summers."},
	{"Airline adds direct route to island capital",
	 "The airline will fly three times a week to the island capital, "
	 "the first direct service in a decade."},
	{"Wheat prices ease as harvest forecasts improve",
	 "Wheat futures eased after the farm ministry raised its harvest "
	 "forecast on better spring rainfall."},
	{"Film festival opens with silent classic",
	 "The film festival opened with a restored silent comedy, played "
	 "with a live orchestra in the old opera house."},
};
#define N_FILLERS (sizeof fillers / sizeof *fillers)

/* Two agency stories about different events that share every piece of
 * boilerplate: tag, dateline, source, byline, sign-off, contact block,
 * copyright line, end marker. */
#define BOILER_TAIL                                                            \
	"\n\n(Reporting by Li Wen and Zhang Hua in Beijing; Additional "       \
	"reporting by Tom Brown in Shanghai; Editing by Mark Hale and Sarah "  \
	"Jones)\n((li.wen@example.com; +86 10 5555 0100; Messaging: "          \
	"li.wen.example.com))\nCopyright 2015 Example News Agency. All "       \
	"rights reserved.\nEnditem"
static const struct cluster_story boiler_a = {
	.id = 501,
	.source = "Xinhua",
	.time = 1000,
	.headline = "UPDATE 1-Floods force thousands from Jinsha valley homes",
	.lede = "By Li Wen\nBEIJING, Jan. 10 (Xinhua) -- Floods forced 20,000 "
		"people from their homes in the Jinsha valley on Friday.",
	.body = "Rescue teams in rubber boats reached cut-off villages "
		"(Xinhua)." BOILER_TAIL,
};
static const struct cluster_story boiler_b = {
	.id = 502,
	.source = "Xinhua",
	.time = 1060,
	.headline = "UPDATE 1-Central bank keeps lending rate on hold",
	.lede = "By Li Wen\nBEIJING, Jan. 10 (Xinhua) -- The central bank kept "
		"its benchmark lending rate at 4.35 percent on Friday.",
	.body = "Economists had expected no change before the spring "
		"festival (Xinhua)." BOILER_TAIL,
};

/* One event told by two agencies in their own words, and a newspaper's
 * lightly edited copy of the first. */
static const struct cluster_story quake_ap = {
	.id = 101,
	.source = "AP",
	.time = 5000,
	.priority = PRIORITY_URGENT,
	.headline = "Magnitude 6.1 quake shakes Korvath region, dozens hurt",
	.lede = "TARNOVO, March 3 (AP) _ An earthquake of magnitude 6.1 struck "
		"the Korvath region early Tuesday, injuring at least 37 people "
		"and cracking the old stone bridge at Tarnovo, the civil "
		"protection agency said.",
	.body = "The quake was centred 12 kilometres north of Tarnovo at a "
		"depth of 10 kilometres, the seismology institute said. "
		"Residents of the old town spent the night outdoors.\n\n"
		"Schools across the Korvath region will stay closed on "
		"Wednesday while engineers inspect their buildings, the "
		"regional governor Anna Velic told reporters.\n\n"
		"The region was last hit by a strong earthquake in 1987, when "
		"the same bridge lost two of its arches.",
};
static const struct cluster_story quake_afp = {
	.id = 102,
	.source = "AFP",
	.time = 5600,
	.headline = "Strong earthquake hits Korvath, 37 injured",
	.lede = "A strong earthquake with a magnitude of 6.1 rocked Korvath on "
		"Tuesday morning, leaving 37 people injured and damaging the "
		"historic Tarnovo bridge, civil protection officials said.",
	.body = "Governor Anna Velic ordered schools in the region closed on "
		"Wednesday so that engineers can inspect them. The epicentre "
		"was 12 kilometres north of Tarnovo.",
};
static const struct cluster_story quake_paper = {
	.id = 103,
	.source = "Daily Planet",
	.time = 6200,
	.headline = "Magnitude 6.1 quake shakes Korvath region, dozens hurt",
	.lede = "TARNOVO (Daily Planet) - An earthquake of magnitude 6.1 "
		"struck the Korvath region early Tuesday, injuring at least "
		"37 people and cracking the old stone bridge at Tarnovo, the "
		"civil protection agency said.",
	.body = "The quake was centred 12 kilometres north of Tarnovo at a "
		"depth of 10 kilometres, the seismology institute said. "
		"Residents of the old town spent the night in the open.\n\n"
		"Schools across the Korvath region will stay closed on "
		"Wednesday while engineers inspect their buildings, the "
		"regional governor Anna Velic told reporters.",
};

static struct cluster_index *new_index(int64_t window)
{
	struct cluster_config c;
	cluster_config_default(&c);
	if (window)
		c.window = window;
	return cluster_index_new(&c);
}

/* Adds the fillers as stories 1..N at times t0, t0+1, ... */
static void add_fillers(struct cluster_index *idx, int64_t t0)
{
	for (size_t i = 0; i < N_FILLERS; i++) {
		struct cluster_story s = {.id = (int64_t)i + 1,
					  .source = "Wire",
					  .time = t0 + (int64_t)i,
					  .headline = fillers[i][0],
					  .lede = fillers[i][1]};
		struct cluster_result r;
		CHECK_INT(cluster_add(idx, &s, &r), 0);
	}
}

static struct cluster_story with_id(struct cluster_story s, int64_t id,
				    int64_t time)
{
	s.id = id;
	s.time = time;
	return s;
}

static int add_as(struct cluster_index *idx, const struct cluster_story *s,
		  int64_t id, int64_t time, struct cluster_result *r)
{
	struct cluster_story t = with_id(*s, id, time);
	return cluster_add(idx, &t, r);
}

/* ---------------------------------------------------------- normalising */

static void test_normalize(void)
{
	struct arena *a = arena_new();
	struct cluster_story s = {
		.headline = "UPDATE 2-Fed's Plosser sees high bar for U.S. "
			    "taper change (VIDEO)",
		.lede = "By John Smith\nWASHINGTON, March 3 (Reuters) - "
			"Philadelphia Fed President Charles Plosser said the "
			"bar was high, at 3.5 percent and 1,000 jobs.",
		.body = "He spoke in Zürich, at the café Łódź (Reuters), see "
			"https://example.com/x or mail press@example.com.\n\n"
			"Straße names don't matter.\n"
			"(Reporting by Ann Lee; Editing by Bo Kim)\n"
			"This line comes after the sign-off.",
	};
	char *w;
	CHECK_INT(cluster_normalize(a, &s, 150, &w), 0);
	CHECK_STR(w, "fed plosser sees high bar for us taper change "
		     "philadelphia fed president charles plosser said the "
		     "bar was high at 3.5 percent and 1000 jobs "
		     "he spoke in zurich at the cafe lodz see or mail "
		     "strasse names dont matter");

	/* the word bound: only the first body_words after the headline */
	CHECK_INT(cluster_normalize(a, &s, 3, &w), 0);
	CHECK_STR(w, "fed plosser sees high bar for us taper change "
		     "philadelphia fed president");

	/* trailing agency credit and Bloomberg's update count */
	struct cluster_story t = {.headline = "Wall Street rallies (2)"};
	CHECK_INT(cluster_normalize(a, &t, 10, &w), 0);
	CHECK_STR(w, "wall street rallies");
	t.headline = "Markets rally - Reuters";
	CHECK_INT(cluster_normalize(a, &t, 10, &w), 0);
	CHECK_STR(w, "markets rally");
	t.headline = "Kim Jones - Jones wins the open";
	CHECK_INT(cluster_normalize(a, &t, 10, &w), 0);
	CHECK_STR(w, "kim jones jones wins the open");

	/* an end marker and an AP rule close the copy */
	t = (struct cluster_story){.lede = "First line of copy.",
				   .body = "More copy.\nENDS\nnot read"};
	CHECK_INT(cluster_normalize(a, &t, 50, &w), 0);
	CHECK_STR(w, "first line of copy more copy");
	t.body = "More copy.\n___\nOnline: elsewhere";
	CHECK_INT(cluster_normalize(a, &t, 50, &w), 0);
	CHECK_STR(w, "first line of copy more copy");

	/* every boilerplate line of the two agency stories is gone */
	CHECK_INT(cluster_normalize(a, &boiler_a, 150, &w), 0);
	CHECK_STR(w, "floods force thousands from jinsha valley homes floods "
		     "forced 20000 people from their homes in the jinsha "
		     "valley on friday rescue teams in rubber boats reached "
		     "cut off villages");
	arena_free(a);
}

/* Names are capitals in sentence-case text, not in title case. */
static void test_names(void)
{
	struct cdoc d;
	CHECK_INT(cdoc_init(&d, 50), 0);
	struct cluster_story s = {
		.headline = "Governor Orders Schools Closed In Quake Zone",
		.lede = "Schools will stay shut, governor Anna Velic said in "
			"Tarnovo on Tuesday after 37 people were hurt."};
	CHECK_INT(cdoc_read(&d, &s, 50, 2, NULL), 0);
	uint64_t velic = chash_bytes("velic", 5);
	uint64_t governor = chash_bytes("governor", 8);
	uint64_t schools = chash_bytes("schools", 7);
	uint64_t n37 = chash_bytes("37", 2);
	int seen = 0;
	for (size_t i = 0; i < d.n_tok; i++) {
		const struct ctok *t = &d.tok[i];
		if (t->h == velic) {
			CHECK(t->flags & TOK_NAME);
			seen |= 1;
		}
		if (t->h == governor && (t->flags & TOK_HEAD)) {
			CHECK(!(t->flags & TOK_NAME)); /* title case */
			seen |= 2;
		}
		if (t->h == schools && !(t->flags & TOK_HEAD)) {
			CHECK(!(t->flags & TOK_NAME)); /* opens a sentence */
			seen |= 4;
		}
		if (t->h == n37) {
			CHECK(t->flags & TOK_NUM);
			seen |= 8;
		}
	}
	CHECK_INT(seen, 15);
	/* plural and singular are one term */
	struct cluster_story p = {.lede = "banks bank policies policy"};
	CHECK_INT(cdoc_read(&d, &p, 50, 2, NULL), 0);
	CHECK_INT(d.n_terms, 2);
	cdoc_free(&d);
}

/* ------------------------------------------------------------ duplicates */

static void test_exact_and_near_duplicates(void)
{
	struct cluster_index *idx = new_index(0);
	add_fillers(idx, 4000);
	struct cluster_result r;
	CHECK_INT(cluster_add(idx, &quake_ap, &r), 0);
	CHECK(r.new_cluster);
	CHECK_INT(r.cluster_id, 101);
	CHECK_INT(r.near_dup_of, 0);

	/* the same copy from another source, under another story id */
	struct cluster_story same = with_id(quake_ap, 110, 5100);
	same.source = "AP Member";
	CHECK_INT(cluster_add(idx, &same, &r), 0);
	CHECK_INT(r.near_dup_of, 101);
	CHECK_INT(r.cluster_id, 101);
	CHECK(r.dup_score == 1.0);
	CHECK(!r.new_cluster);

	/* the newspaper's edit: new dateline form, a word changed, the last
	 * paragraph cut */
	CHECK_INT(cluster_add(idx, &quake_paper, &r), 0);
	CHECK(r.near_dup_of == 101 || r.near_dup_of == 110);
	CHECK_INT(r.cluster_id, 101);
	CHECK(r.dup_score >= 0.6);

	struct cluster_match m;
	CHECK_INT(cluster_compare(idx, &quake_ap, &quake_paper, &m), 0);
	CHECK(m.near_dup && m.same_event);
	CHECK(m.dup_exact > 0.6 && m.dup_exact < 1.0);
	CHECK(m.dup_score > m.dup_exact - 0.2 &&
	      m.dup_score < m.dup_exact + 0.2);
	cluster_index_free(idx);
}

/* Jaccard of the two texts' sets of lowercased ASCII words, as a reader
 * who knows no boilerplate would see them. */
static double raw_jaccard(const char *a, const char *b)
{
	uint64_t w[2][400];
	size_t n[2] = {0, 0};
	const char *t[2] = {a, b};
	for (int k = 0; k < 2; k++) {
		for (const char *p = t[k]; *p && n[k] < 400;) {
			uint64_t h = 0;
			size_t len = 0;
			while (*p && ((*p | 32) >= 'a' && (*p | 32) <= 'z')) {
				h = h * 131 + (uint64_t)(*p++ | 32);
				len++;
			}
			if (!len) {
				p++;
				continue;
			}
			size_t i = 0;
			while (i < n[k] && w[k][i] != h)
				i++;
			if (i == n[k])
				w[k][n[k]++] = h;
		}
	}
	size_t both = 0;
	for (size_t i = 0; i < n[0]; i++)
		for (size_t j = 0; j < n[1]; j++)
			both += w[0][i] == w[1][j];
	return (double)both / (double)(n[0] + n[1] - both);
}

/* Shared agency boilerplate is no evidence of anything. */
static void test_boilerplate_not_grouped(void)
{
	/* the raw texts do look alike: nearly half their distinct words are
	 * shared boilerplate */
	char raw_a[2048], raw_b[2048];
	snprintf(raw_a, sizeof raw_a, "%s %s %s", boiler_a.headline,
		 boiler_a.lede, boiler_a.body);
	snprintf(raw_b, sizeof raw_b, "%s %s %s", boiler_b.headline,
		 boiler_b.lede, boiler_b.body);
	CHECK(raw_jaccard(raw_a, raw_b) > 0.4);

	struct cluster_index *idx = new_index(0);
	add_fillers(idx, 0);
	struct cluster_result r1, r2;
	CHECK_INT(cluster_add(idx, &boiler_a, &r1), 0);
	CHECK_INT(cluster_add(idx, &boiler_b, &r2), 0);
	CHECK(r2.cluster_id != r1.cluster_id);
	CHECK_INT(r2.near_dup_of, 0);
	CHECK(r2.new_cluster);
	struct cluster_match m;
	CHECK_INT(cluster_compare(idx, &boiler_a, &boiler_b, &m), 0);
	CHECK(!m.near_dup && !m.same_event);
	CHECK(m.event_score < 0.1);
	CHECK(m.dup_exact < 0.1);
	cluster_index_free(idx);
}

/* ---------------------------------------------------------------- events */

static void test_same_event_other_words(void)
{
	struct cluster_index *idx = new_index(0);
	add_fillers(idx, 4000);
	struct cluster_result r;
	CHECK_INT(cluster_add(idx, &quake_ap, &r), 0);
	CHECK_INT(cluster_add(idx, &quake_afp, &r), 0);
	CHECK_INT(r.cluster_id, 101);
	CHECK_INT(r.near_dup_of, 0); /* other words: not a duplicate */
	CHECK_INT(r.matched, 101);
	CHECK(r.score >= 0.22);
	/* unrelated copy stays out */
	CHECK_INT(cluster_add(idx, &boiler_b, &r), 0);
	CHECK(r.new_cluster);

	struct arena *a = arena_new();
	struct cluster_view v;
	CHECK_INT(cluster_members(idx, 101, a, &v), 0);
	CHECK_INT(v.n_members, 2);
	CHECK_INT(v.representative, 101); /* urgent beats routine */
	CHECK_INT(v.n_sources, 2);
	CHECK_STR(v.sources[0], "AFP");
	CHECK_STR(v.sources[1], "AP");
	CHECK_INT(v.members[0].story_id, 101);
	CHECK_INT(v.members[1].story_id, 102);
	arena_free(a);
	cluster_index_free(idx);
}

/* Results tables of different companies are nearly all template: close in
 * full text, yet different news. Their headlines share only template words,
 * which many of the stories held carry, so they stay apart. */
static void test_template_copy_not_grouped(void)
{
	struct cluster_index *idx = new_index(0);
	add_fillers(idx, 4000);
	char head[80], table[200];
	/* a results season: many firms' tables, so the template's words are
	 * common in the window, as they are on a wire */
	for (int i = 0; i < 120; i++) {
		snprintf(head, sizeof head, "FIRM%c%c HOLDINGS INC 3RD QTR NET",
			 'A' + i % 26, 'A' + i / 26);
		snprintf(table, sizeof table,
			 "Shr %d cts vs %d cts Net %d,120,000 vs %d,880,000 "
			 "Revs %d.2 mln vs %d.9 mln",
			 10 + i, 9 + i, 2 + i, 1 + i, 40 + i, 39 + i);
		struct cluster_story s = {.id = 1000 + i,
					  .source = "Wire",
					  .time = 4500 + i,
					  .headline = head,
					  .lede = table};
		struct cluster_result r;
		CHECK_INT(cluster_add(idx, &s, &r), 0);
	}
	static const char *const firms[] = {"ORVANE PUMPS", "KESTREL MILLS",
					    "TANDRO FOODS", "VELMAR SOFTWARE"};
	int64_t first = 0;
	for (int i = 0; i < 4; i++) {
		snprintf(head, sizeof head, "%s INC 3RD QTR NET", firms[i]);
		snprintf(table, sizeof table,
			 "Shr %d cts vs %d cts Net %d,120,000 vs %d,880,000 "
			 "Revs %d.2 mln vs %d.9 mln",
			 31 + i, 27 + 2 * i, 4 + i, 3 + i, 61 + 3 * i, 58 + i);
		struct cluster_story s = {.id = 200 + i,
					  .source = "Wire",
					  .time = 5000 + i * 60,
					  .headline = head,
					  .lede = table};
		struct cluster_result r;
		CHECK_INT(cluster_add(idx, &s, &r), 0);
		CHECK(r.new_cluster); /* each firm's results its own event */
		if (i == 0)
			first = r.cluster_id;
	}
	/* the first firm's results from another agency: one event */
	snprintf(table, sizeof table,
		 "Shr 31 cts vs 27 cts Net 4,120,000 vs 3,880,000 Revs 61.2 "
		 "mln vs 58.9 mln");
	struct cluster_story again = {
		.id = 300,
		.source = "Other",
		.time = 5600,
		.headline = "Orvane Pumps third-quarter profit "
			    "rises",
		.lede = table};
	struct cluster_result r;
	CHECK_INT(cluster_add(idx, &again, &r), 0);
	CHECK_INT(r.cluster_id, first);
	/* with the rule off, template copy runs together */
	struct cluster_config c;
	cluster_config_default(&c);
	c.head_term_share = 0;
	struct cluster_index *loose = cluster_index_new(&c);
	int joined = 0;
	for (int i = 0; i < 40; i++) {
		snprintf(head, sizeof head, "FIRM%c%c HOLDINGS INC 3RD QTR NET",
			 'A' + i % 26, 'A' + i / 26);
		snprintf(table, sizeof table,
			 "Shr %d cts vs %d cts Net %d,120,000 vs %d,880,000 "
			 "Revs %d.2 mln vs %d.9 mln",
			 10 + i, 9 + i, 2 + i, 1 + i, 40 + i, 39 + i);
		struct cluster_story s = {.id = 1000 + i,
					  .time = 4500 + i,
					  .headline = head,
					  .lede = table};
		CHECK_INT(cluster_add(loose, &s, &r), 0);
		joined += !r.new_cluster;
	}
	CHECK(joined > 10); /* the test can fail: the rule is what separates */
	cluster_index_free(loose);
	cluster_index_free(idx);
}

/* ------------------------------------------------------------ writethrus */

static void test_writethru_stays_one(void)
{
	struct cluster_index *idx = new_index(0);
	add_fillers(idx, 4000);
	struct cluster_result r;
	CHECK_INT(cluster_add(idx, &quake_ap, &r), 0);
	CHECK_INT(cluster_add(idx, &quake_afp, &r), 0);
	struct cluster_stats st0, st1;
	cluster_index_stats(idx, &st0);

	/* a writethru of 101: new figures, new top */
	struct cluster_story wt = quake_ap;
	wt.time = 7000;
	wt.headline = "1st LD Writethru: Korvath quake toll rises to 2 dead, "
		      "52 hurt";
	wt.lede = "TARNOVO, March 3 (AP) _ Two people died and 52 were hurt "
		  "when a magnitude 6.1 earthquake struck the Korvath region "
		  "on Tuesday, civil protection officials said.";
	CHECK_INT(cluster_update(idx, &wt, &r), 0);
	CHECK_INT(r.cluster_id, 101);
	CHECK_INT(r.near_dup_of, 0); /* not a duplicate of itself */
	cluster_index_stats(idx, &st1);
	CHECK_INT(st1.n_stories, st0.n_stories);
	CHECK_INT(st1.n_clusters, st0.n_clusters);

	/* the same id sent again through cluster_add is an update too */
	CHECK_INT(cluster_add(idx, &wt, &r), 0);
	CHECK_INT(r.cluster_id, 101);
	CHECK(!r.new_cluster);
	CHECK_INT(r.near_dup_of, 0);
	cluster_index_stats(idx, &st1);
	CHECK_INT(st1.n_stories, st0.n_stories);
	struct arena *a = arena_new();
	struct cluster_view v;
	CHECK_INT(cluster_members(idx, 101, a, &v), 0);
	CHECK_INT(v.n_members, 2);

	/* a story in a cluster of two keeps it, whatever its new text */
	struct cluster_story other = quake_afp;
	other.headline = fillers[3][0];
	other.lede = fillers[3][1];
	other.body = NULL;
	CHECK_INT(cluster_update(idx, &other, &r), 0);
	CHECK_INT(r.cluster_id, 101);

	/* an URGENT alone in its cluster joins the event once its
	 * writethru says what happened, and its cluster is gone */
	struct cluster_story urgent = {.id = 120,
				       .source = "Wire",
				       .time = 7100,
				       .priority = PRIORITY_URGENT,
				       .headline = "URGENT: Tremor felt"};
	CHECK_INT(cluster_add(idx, &urgent, &r), 0);
	CHECK_INT(r.cluster_id, 120);
	struct cluster_story full = with_id(quake_paper, 120, 7200);
	CHECK_INT(cluster_update(idx, &full, &r), 0);
	CHECK_INT(r.cluster_id, 101);
	int64_t c = 0;
	CHECK_INT(cluster_of(idx, 120, &c), 0);
	CHECK_INT(c, 101);
	CHECK_INT(cluster_members(idx, 120, a, &v), OW_ENOTFOUND);
	CHECK_INT(cluster_members(idx, 101, a, &v), 0);
	CHECK_INT(v.n_members, 3);

	struct cluster_story ghost = with_id(quake_ap, 999, 7300);
	CHECK_INT(cluster_update(idx, &ghost, &r), OW_ENOTFOUND);
	arena_free(a);
	cluster_index_free(idx);
}

/* ---------------------------------------------------------------- window */

static void test_window_evicts(void)
{
	struct cluster_index *idx = new_index(3600);
	struct cluster_result r;
	CHECK_INT(add_as(idx, &quake_ap, 1, 0, &r), 0);
	struct cluster_story f = {.id = 2,
				  .time = 2000,
				  .headline = fillers[0][0],
				  .lede = fillers[0][1]};
	CHECK_INT(cluster_add(idx, &f, &r), 0);
	int64_t c;
	CHECK_INT(cluster_of(idx, 1, &c), 0);

	/* the same event, after the window: story 1 is gone, and with it
	 * its cluster */
	CHECK_INT(add_as(idx, &quake_afp, 3, 5000, &r), 0);
	CHECK_INT(cluster_of(idx, 1, &c), OW_ENOTFOUND);
	CHECK_INT(r.cluster_id, 3);
	CHECK(r.new_cluster);
	struct cluster_stats st;
	cluster_index_stats(idx, &st);
	CHECK_INT(st.n_stories, 2);
	CHECK_INT(st.now, 5000);

	/* late copy is placed but not kept */
	CHECK_INT(add_as(idx, &quake_paper, 4, 10, &r), 0);
	CHECK(!r.kept);
	CHECK_INT(cluster_of(idx, 4, &c), OW_ENOTFOUND);

	/* a quiet wire: the clock moves on without arrivals */
	cluster_expire(idx, 100000);
	cluster_index_stats(idx, &st);
	CHECK_INT(st.n_stories, 0);
	CHECK_INT(st.n_clusters, 0);
	CHECK_INT(st.n_terms, 0);
	cluster_index_free(idx);

	/* and a hard bound on stories held */
	struct cluster_config cfg;
	cluster_config_default(&cfg);
	cfg.max_stories = 5;
	idx = cluster_index_new(&cfg);
	add_fillers(idx, 0);
	cluster_index_stats(idx, &st);
	CHECK_INT(st.n_stories, 5);
	CHECK_INT(cluster_of(idx, (int64_t)N_FILLERS, &c), 0);
	CHECK_INT(cluster_of(idx, 1, &c), OW_ENOTFOUND);
	cluster_index_free(idx);
}

/* --------------------------------------------------------------- removal */

static void test_remove(void)
{
	struct cluster_index *idx = new_index(0);
	add_fillers(idx, 4000);
	struct cluster_result r;
	struct cluster_story first = quake_ap;
	first.priority = PRIORITY_ROUTINE;
	CHECK_INT(cluster_add(idx, &first, &r), 0);
	CHECK_INT(cluster_add(idx, &quake_afp, &r), 0);
	CHECK_INT(cluster_add(idx, &quake_paper, &r), 0);
	CHECK_INT(r.cluster_id, 101);

	/* the founder is killed: the cluster keeps its name */
	CHECK_INT(cluster_remove(idx, 101), 0);
	CHECK_INT(cluster_remove(idx, 101), OW_ENOTFOUND);
	struct arena *a = arena_new();
	struct cluster_view v;
	CHECK_INT(cluster_members(idx, 101, a, &v), 0);
	CHECK_INT(v.n_members, 2);
	CHECK_INT(v.representative, 102); /* now the earliest */
	int64_t c;
	CHECK_INT(cluster_of(idx, 101, &c), OW_ENOTFOUND);

	/* new copy on the event still finds it */
	CHECK_INT(add_as(idx, &quake_ap, 104, 6500, &r), 0);
	CHECK_INT(r.cluster_id, 101);
	CHECK_INT(r.near_dup_of, 103);

	CHECK_INT(cluster_remove(idx, 102), 0);
	CHECK_INT(cluster_remove(idx, 103), 0);
	CHECK_INT(cluster_remove(idx, 104), 0);
	CHECK_INT(cluster_members(idx, 101, a, &v), OW_ENOTFOUND);

	/* nothing left of them: a new copy starts afresh */
	CHECK_INT(add_as(idx, &quake_afp, 105, 6600, &r), 0);
	CHECK(r.new_cluster);
	CHECK_INT(r.cluster_id, 105);
	arena_free(a);
	cluster_index_free(idx);
}

static void test_representative(void)
{
	struct cluster_index *idx = new_index(0);
	add_fillers(idx, 4000);
	struct cluster_result r;
	struct cluster_story first = quake_ap;
	first.priority = PRIORITY_ROUTINE;
	CHECK_INT(cluster_add(idx, &first, &r), 0);
	struct cluster_story flash = quake_afp;
	flash.priority = PRIORITY_FLASH;
	CHECK_INT(cluster_add(idx, &flash, &r), 0);
	struct arena *a = arena_new();
	struct cluster_view v;
	CHECK_INT(cluster_members(idx, 101, a, &v), 0);
	CHECK_INT(v.representative, 102);
	/* its correction lowers it to routine: the earliest leads again */
	flash.priority = PRIORITY_ROUTINE;
	CHECK_INT(cluster_update(idx, &flash, &r), 0);
	CHECK_INT(cluster_members(idx, 101, a, &v), 0);
	CHECK_INT(v.representative, 101);
	arena_free(a);
	cluster_index_free(idx);
}

/* ---------------------------------------------------------- determinism */

/* A stream of made-up stories: events drawn from small pools of names,
 * places and verbs, told in varying words. */
static uint64_t rng_next(uint64_t *s)
{
	*s += 0x9e3779b97f4a7c15ull;
	return chash_mix(*s);
}

static const char *const people[] = {"Velic",     "Ostrander", "Mbeki",
				     "Haraldsen", "Quispe",    "Tanaka",
				     "Dubois",    "Okafor"};
static const char *const places[] = {"Tarnovo",    "Lindholm", "Marrakesh",
				     "Valparaiso", "Kisumu",   "Sapporo",
				     "Ghent",      "Tromso"};
static const char *const acts[] = {
	"resigns",    "wins vote",     "visits",       "opens inquiry",
	"signs deal", "faces protest", "unveils plan", "meets rivals"};
static const char *const extra[] = {"officials said", "witnesses said",
				    "on Monday",      "late on Friday",
				    "after talks",    "amid criticism",
				    "in a statement", "to loud applause"};

struct stream {
	struct cluster_story s[400];
	char text[400][2][200];
};

static void make_stream(struct stream *st)
{
	uint64_t seed = 42;
	for (int i = 0; i < 400; i++) {
		uint64_t ev = rng_next(&seed) % 24, v = rng_next(&seed);
		const char *p = people[ev % 8], *pl = places[(ev / 3) % 8],
			   *ac = acts[(ev * 5) % 8];
		snprintf(st->text[i][0], sizeof st->text[i][0], "%s %s in %s",
			 p, ac, pl);
		snprintf(st->text[i][1], sizeof st->text[i][1],
			 "%s %s %s, %s. The move in %s came %s.", pl, p, ac,
			 extra[v % 8], pl, extra[(v >> 8) % 8]);
		st->s[i] = (struct cluster_story){.id = 1000 + i,
						  .source = v & 1 ? "North"
								  : "South",
						  .time = 100 * i,
						  .headline = st->text[i][0],
						  .lede = st->text[i][1]};
	}
}

static void test_determinism(void)
{
	static struct stream st;
	make_stream(&st);
	static struct cluster_result r1[400], r2[400];
	struct cluster_index *a = new_index(3 * 3600);
	struct cluster_index *b = new_index(3 * 3600);
	int same = 1, joined = 0;
	for (int i = 0; i < 400; i++) {
		CHECK_INT(cluster_add(a, &st.s[i], &r1[i]), 0);
		CHECK_INT(cluster_add(b, &st.s[i], &r2[i]), 0);
		same &= r1[i].cluster_id == r2[i].cluster_id &&
			r1[i].near_dup_of == r2[i].near_dup_of &&
			r1[i].score == r2[i].score;
		joined += !r1[i].new_cluster;
	}
	CHECK(same);
	CHECK(joined > 100); /* the stream has events to find */
	cluster_index_free(a);
	cluster_index_free(b);
}

/* Rebuilding from the store (restore with the persisted ids) leaves an
 * index that decides the rest of the stream as the live one does. */
static void test_restore_matches_live(void)
{
	static struct stream st;
	make_stream(&st);
	static struct cluster_result live[400];
	struct cluster_index *a = new_index(3 * 3600);
	for (int i = 0; i < 400; i++)
		CHECK_INT(cluster_add(a, &st.s[i], &live[i]), 0);

	struct cluster_index *b = new_index(3 * 3600);
	for (int i = 0; i < 200; i++)
		CHECK_INT(cluster_restore(b, &st.s[i], live[i].cluster_id,
					  live[i].near_dup_of),
			  0);
	struct cluster_index *c = new_index(3 * 3600);
	for (int i = 0; i < 200; i++)
		CHECK_INT(cluster_add(c, &st.s[i], &live[i]), 0);
	int same = 1;
	for (int i = 200; i < 400; i++) {
		struct cluster_result rb, rc;
		CHECK_INT(cluster_add(b, &st.s[i], &rb), 0);
		CHECK_INT(cluster_add(c, &st.s[i], &rc), 0);
		same &= rb.cluster_id == rc.cluster_id &&
			rb.near_dup_of == rc.near_dup_of;
	}
	CHECK(same);
	struct cluster_stats sb, sc;
	cluster_index_stats(b, &sb);
	cluster_index_stats(c, &sc);
	CHECK_INT(sb.n_stories, sc.n_stories);
	CHECK_INT(sb.n_clusters, sc.n_clusters);
	CHECK_INT(sb.n_terms, sc.n_terms);
	CHECK_INT(cluster_restore(b, &st.s[399], 5, 0), OW_EINVAL);
	cluster_index_free(a);
	cluster_index_free(b);
	cluster_index_free(c);
}

/* ------------------------------------------------------------- bad input */

static void test_bad_input(void)
{
	struct cluster_config cfg;
	cluster_config_default(&cfg);
	cfg.window = 0;
	CHECK(cluster_index_new(&cfg) == NULL);
	cluster_config_default(&cfg);
	cfg.event_threshold = 1.5;
	CHECK(cluster_index_new(&cfg) == NULL);

	struct cluster_index *idx = new_index(0);
	struct cluster_result r;
	struct cluster_story s = {.id = 0, .headline = "x"};
	CHECK_INT(cluster_add(idx, &s, &r), OW_EINVAL);
	s.id = -4;
	CHECK_INT(cluster_add(idx, &s, &r), OW_EINVAL);

	/* no words at all: a cluster of its own, nobody's duplicate */
	struct cluster_story e1 = {.id = 1, .time = 10};
	struct cluster_story e2 = {.id = 2,
				   .time = 11,
				   .headline = "...!",
				   .lede = "\xe2\x80\x94 -- ((x))"};
	CHECK_INT(cluster_add(idx, &e1, &r), 0);
	CHECK_INT(cluster_add(idx, &e2, &r), 0);
	CHECK_INT(r.near_dup_of, 0);
	CHECK_INT(r.cluster_id, 2);

	/* broken UTF-8, control bytes, a word longer than any */
	char junk[600];
	memset(junk, 'a', sizeof junk - 1);
	junk[sizeof junk - 1] = 0;
	memcpy(junk, "\xff\xfe\xc3\x28 bad \x01\x02 seq \xe2\x82 ", 20);
	struct cluster_story j = {.id = 3,
				  .time = 12,
				  .headline = junk,
				  .lede = junk,
				  .body = junk};
	CHECK_INT(cluster_add(idx, &j, &r), 0);
	struct arena *a = arena_new();
	char *w;
	CHECK_INT(cluster_normalize(a, &j, 10, &w), 0);
	CHECK(strncmp(w, "bad seq ", 8) == 0);

	/* a very large body is read only up to its bound */
	size_t big = 4u << 20;
	char *body = malloc(big + 1);
	for (size_t i = 0; i < big; i++)
		body[i] = i % 7 == 6 ? (i % 700 == 699 ? '\n' : ' ') : 'w';
	body[big] = 0;
	struct cluster_story bs = {.id = 4, .time = 13, .body = body};
	CHECK_INT(cluster_add(idx, &bs, &r), 0);
	CHECK(idx->doc.n_tok <= idx->doc.max_tok);
	/* and so is a body without a word in it */
	memset(body, '.', big);
	bs.id = 5;
	CHECK_INT(cluster_add(idx, &bs, &r), 0);
	free(body);
	CHECK_INT(cluster_remove(idx, 77), OW_ENOTFOUND);
	int64_t c;
	CHECK_INT(cluster_of(idx, 77, &c), OW_ENOTFOUND);
	CHECK_INT(cluster_restore(idx, &e1, 9, 0), OW_EINVAL); /* held */
	arena_free(a);
	cluster_index_free(idx);
}

/* The map underneath: deletion keeps every other key reachable. */
static void test_map(void)
{
	struct cmap m = {0};
	for (uint64_t k = 1; k <= 5000; k++)
		CHECK_INT(cmap_put(&m, k * 7919, (uint32_t)k), 0);
	for (uint64_t k = 1; k <= 5000; k += 2)
		CHECK(cmap_del(&m, k * 7919));
	int ok = 1;
	for (uint64_t k = 1; k <= 5000; k++) {
		uint32_t *v = cmap_get(&m, k * 7919);
		ok &= (k % 2) ? v == NULL : (v && *v == k);
	}
	CHECK(ok);
	CHECK_INT(m.n, 2500);
	cmap_free(&m);
}

int main(void)
{
	RUN(test_normalize);
	RUN(test_names);
	RUN(test_exact_and_near_duplicates);
	RUN(test_boilerplate_not_grouped);
	RUN(test_same_event_other_words);
	RUN(test_template_copy_not_grouped);
	RUN(test_writethru_stays_one);
	RUN(test_window_evicts);
	RUN(test_remove);
	RUN(test_representative);
	RUN(test_determinism);
	RUN(test_restore_matches_live);
	RUN(test_bad_input);
	RUN(test_map);
	return TEST_REPORT();
}
