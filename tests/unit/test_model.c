/* Unit tests for src/model: priorities, signals, version marks, link keys. */
#include "model/model.h"

#include "test.h"

static void test_priority(void)
{
	CHECK_STR(priority_name(PRIORITY_FLASH), "flash");
	CHECK_INT(priority_letter(PRIORITY_BULLETIN), 'b');
	CHECK_INT(priority_from_letter('U'), PRIORITY_URGENT);
	CHECK_INT(priority_from_letter('x'), PRIORITY_NONE);
	CHECK_INT(priority_from_urgency(1), PRIORITY_FLASH);
	CHECK_INT(priority_from_urgency(3), PRIORITY_URGENT);
	CHECK_INT(priority_from_urgency(4), PRIORITY_ROUTINE);
	CHECK_INT(priority_from_urgency(8), PRIORITY_DEFERRED);
	CHECK_INT(priority_from_urgency(0), PRIORITY_NONE);
	CHECK_INT(priority_from_urgency(10), PRIORITY_NONE);
	CHECK_INT(priority_to_urgency(PRIORITY_FLASH), 1);
	CHECK_INT(priority_to_urgency(PRIORITY_ROUTINE), 5);
	CHECK_INT(priority_from_name("Bulletin"), PRIORITY_BULLETIN);
	CHECK_INT(priority_from_name("d"), PRIORITY_DEFERRED);
	CHECK_INT(priority_from_name("nonsense"), PRIORITY_NONE);
}

static void test_signal_names(void)
{
	enum signal s;
	CHECK(signal_from_name("writethru", &s) && s == SIGNAL_WRITETHRU);
	CHECK(!signal_from_name("nope", &s));
	CHECK(signal_replaces(SIGNAL_CORRECTION));
	CHECK(!signal_replaces(SIGNAL_ADD));
	enum pubstatus p;
	CHECK(pubstatus_from_name("stat:canceled", &p) &&
	      p == PUBSTATUS_CANCELED);
	CHECK(pubstatus_from_name("cancelled", &p) && p == PUBSTATUS_CANCELED);
	CHECK(!pubstatus_from_name("gone", &p));
}

static void expect_mark(const char *in, enum signal sig, int ord,
			enum priority pri, const char *stripped)
{
	struct arena *a = arena_new();
	struct mark_info mi;
	CHECK_INT(mark_parse_headline(a, in, &mi), 0);
	if (mi.signal != sig || mi.ordinal != ord || mi.priority != pri ||
	    strcmp(mi.stripped, stripped) != 0) {
		fprintf(stderr,
			"mark \"%s\": signal %s ordinal %d priority %s "
			"stripped \"%s\"\n",
			in, signal_name(mi.signal), mi.ordinal,
			priority_name(mi.priority), mi.stripped);
		test_failures++;
	}
	arena_free(a);
}

static void test_marks(void)
{
	expect_mark("1st LD Writethru: China exports rise", SIGNAL_WRITETHRU, 1,
		    PRIORITY_NONE, "China exports rise");
	expect_mark("2nd LD-Writethru- China exports rise", SIGNAL_WRITETHRU, 2,
		    PRIORITY_NONE, "China exports rise");
	expect_mark("2nd LD-Writethru: China exports rise", SIGNAL_WRITETHRU, 2,
		    PRIORITY_NONE, "China exports rise");
	expect_mark("URGENT: Quake hits Chile", SIGNAL_NEW, 0, PRIORITY_URGENT,
		    "Quake hits Chile");
	expect_mark("Quake hits Chile (Recast)", SIGNAL_RECAST, 0,
		    PRIORITY_NONE, "Quake hits Chile");
	expect_mark("UPDATE 1-Oil falls", SIGNAL_UPDATE, 1, PRIORITY_NONE,
		    "Oil falls");
	expect_mark("CORRECTED-Oil falls", SIGNAL_CORRECTION, 0, PRIORITY_NONE,
		    "Oil falls");
	expect_mark("REFILE-UPDATE 2-Oil falls", SIGNAL_UPDATE, 2,
		    PRIORITY_NONE, "Oil falls");
	expect_mark("BULLETIN: Fire at plant", SIGNAL_NEW, 0, PRIORITY_BULLETIN,
		    "Fire at plant");
	expect_mark("Kill: Fire at plant", SIGNAL_KILL, 0, PRIORITY_NONE,
		    "Fire at plant");
	/* ordinary headlines are left alone */
	expect_mark("Sub-Saharan growth slows", SIGNAL_NEW, 0, PRIORITY_NONE,
		    "Sub-Saharan growth slows");
	expect_mark("U.S. stocks drift lower after 2-day surge", SIGNAL_NEW, 0,
		    PRIORITY_NONE, "U.S. stocks drift lower after 2-day surge");
	expect_mark("Update on the talks: no deal", SIGNAL_NEW, 0,
		    PRIORITY_NONE, "Update on the talks: no deal");
	expect_mark("Add 2 to Markets close", SIGNAL_NEW, 0, PRIORITY_NONE,
		    "Add 2 to Markets close");
	expect_mark("Kerry to meet Iranian FM in Geneva", SIGNAL_NEW, 0,
		    PRIORITY_NONE, "Kerry to meet Iranian FM in Geneva");
}

static void test_mark_keys(void)
{
	struct arena *a = arena_new();
	struct mark_info mi;
	CHECK_INT(mark_parse_key(a, "1stLd-Writethru", &mi), 0);
	CHECK_INT(mi.signal, SIGNAL_WRITETHRU);
	CHECK_INT(mi.ordinal, 1);
	CHECK_INT(mark_parse_key(a, "3rdLd-Writethru", &mi), 0);
	CHECK_INT(mi.ordinal, 3);
	CHECK_INT(mark_parse_key(a, "Correction", &mi), 0);
	CHECK_INT(mi.signal, SIGNAL_CORRECTION);
	CHECK_INT(mark_parse_key(a, "Add 2", &mi), 0);
	CHECK_INT(mi.signal, SIGNAL_ADD);
	CHECK_INT(mi.ordinal, 2);
	CHECK_INT(mark_parse_key(a, "Elimination", &mi), 0);
	CHECK_INT(mi.signal, SIGNAL_KILL);
	CHECK_INT(mark_parse_key(a, "Weather table", &mi), 0);
	CHECK(!mi.found);
	arena_free(a);
}

static void test_link_keys(void)
{
	struct arena *a = arena_new();
	struct version *v = version_new(a);
	v->source = "Xinhua";
	v->headline = "1st LD Writethru: U.S. stocks drift lower";
	struct link_key k[LINK_MAX_KEYS];
	size_t n = link_keys(a, v, 3600, k);
	CHECK_INT(n, 1);
	CHECK_STR(k[0].rule, "headline");
	CHECK_STR(k[0].key, "hl\x1fXinhua\x1fu s stocks drift lower");
	CHECK(k[0].lookup);
	v->slug = "BC-US-Stocks";
	v->item_id = "urn:x:1";
	n = link_keys(a, v, 3600, k);
	CHECK_INT(n, 3);
	CHECK_STR(k[0].rule, "id");
	CHECK_STR(k[1].rule, "slug");
	CHECK_STR(k[1].key, "slug\x1fXinhua\x1f"
			    "bc-us-stocks");
	/* copy with a slug links by headline only to a story without one */
	CHECK(k[2].lookup);
	CHECK(k[2].unslugged);
	CHECK(k[2].record);
	CHECK(!k[0].unslugged && !k[1].unslugged);
	/* an evolvedfrom is looked up and recorded, under the id key of the
	 * item it names, so that item finds this story if it comes later */
	v->evolved_from = "urn:x:0";
	n = link_keys(a, v, 3600, k);
	CHECK_INT(n, 4);
	CHECK_STR(k[1].rule, "evolvedfrom");
	CHECK_STR(k[1].key, "id\x1fXinhua\x1furn:x:0");
	CHECK(k[1].lookup && k[1].record);
	CHECK_INT(k[1].window, 0);
	CHECK_INT(k[0].window, 0);  /* a real id links forever */
	v->item_id_recycled = true; /* an ANPA story number does not */
	link_keys(a, v, 3600, k);
	CHECK_INT(k[0].window, 3600);
	v->item_id_recycled = false;
	/* another source: different keys */
	struct version *w = version_new(a);
	w->source = "AP";
	w->headline = "U.S. stocks drift lower";
	link_keys(a, w, 3600, k);
	CHECK(strcmp(k[0].key, "hl\x1fXinhua\x1fu s stocks drift lower") != 0);
	arena_free(a);
}

static void test_fingerprint(void)
{
	struct arena *a = arena_new();
	struct version *v = version_new(a), *w = version_new(a);
	v->source = w->source = "AP";
	v->headline = w->headline = "Same";
	version_add_para(a, v, PARA_TEXT, "ab", 2);
	version_add_para(a, v, PARA_TEXT, "c", 1);
	version_add_para(a, w, PARA_TEXT, "a", 1);
	version_add_para(a, w, PARA_TEXT, "bc", 2);
	char f1[65], f2[65];
	version_fingerprint(v, f1);
	version_fingerprint(w, f2);
	CHECK(strcmp(f1, f2) != 0);
	w->paras = v->paras;
	w->n_paras = v->n_paras;
	version_fingerprint(w, f2);
	CHECK_STR(f1, f2);
	CHECK_INT(strlen(f1), 64);
	arena_free(a);
}

static void test_word_count(void)
{
	struct arena *a = arena_new();
	struct version *v = version_new(a);
	version_add_para(a, v, PARA_TEXT,
			 "BEIJING, Jan. 10 (Xinhua) -- Hi there", 37);
	version_add_para(a, v, PARA_TEXT, " - two  words ", 14);
	version_count_words(v);
	CHECK_INT(v->word_count, 8);
	arena_free(a);
}

static void expect_pickup(const char *note, int at, bool insert)
{
	bool ins = !insert;
	int got = mark_parse_pickup(note, &ins);
	if (got != at || ins != insert) {
		fprintf(stderr, "pickup \"%s\": %d %d, want %d %d\n",
			note ? note : "(null)", got, ins, at, insert);
		test_failures++;
	}
}

static void test_pickup(void)
{
	expect_pickup("picks up 4th graf", 4, false);
	expect_pickup("New top; picks up 3rd graf pvs", 3, false);
	expect_pickup("Pick up at the fourth paragraph", 4, false);
	expect_pickup("PICKUP 12th PARA", 12, false);
	expect_pickup("Picks up graf 5", 5, false);
	expect_pickup("INSERT after 3rd graf", 3, true);
	expect_pickup("Inserts after the second paragraph", 2, true);
	expect_pickup("insert after graf 7: rescue details", 7, true);
	/* no pickup stated */
	expect_pickup(NULL, 0, false);
	expect_pickup("", 0, false);
	expect_pickup("Picks up the pieces after 4th defeat", 0, false);
	expect_pickup("insert 3rd graf", 0, false);
	expect_pickup("Corrects 4th graf", 0, false);
	expect_pickup("picks up 0th graf", 0, false);
	expect_pickup("picks up 1000th graf", 0, false);
	/* a late real pickup after a false start */
	expect_pickup("Insert after dinner; picks up 2nd graf", 2, false);

	struct arena *a = arena_new();
	struct version *v = version_new(a);
	v->ednote = "insert after 2nd graf";
	v->signal = SIGNAL_ADD;
	mark_apply_pickup(v);
	CHECK_INT(v->signal, SIGNAL_INSERT);
	CHECK_INT(v->pickup_para, 2);
	v = version_new(a);
	v->ednote = "picks up 3rd graf";
	mark_apply_pickup(v);
	CHECK_INT(v->signal, SIGNAL_LEAD);
	CHECK_INT(v->pickup_para, 3);
	v = version_new(a);
	v->ednote = "picks up 3rd graf";
	v->signal = SIGNAL_WRITETHRU;
	mark_apply_pickup(v);
	CHECK_INT(v->signal, SIGNAL_WRITETHRU); /* a stated mark is kept */
	arena_free(a);
}

int main(void)
{
	RUN(test_priority);
	RUN(test_signal_names);
	RUN(test_marks);
	RUN(test_mark_keys);
	RUN(test_link_keys);
	RUN(test_fingerprint);
	RUN(test_word_count);
	RUN(test_pickup);
	return TEST_REPORT();
}
