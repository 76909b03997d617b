/* Unit tests for the store interface: linking, duplicates, views, lists,
 * ticker, embargo release, quarantine and persistence across reopen. Run on
 * a SQLite file, and (OW_TEST_DB=postgres, CTest label postgres) on a fresh
 * PostgreSQL database (test_db.h). */
#include "store/store.h"

#include "test.h"
#include "test_db.h"

#include <stdlib.h>
#include <unistd.h>

static const char *dbpath;

static struct store *open_store(void)
{
	struct store *s = NULL;
	struct ow_err err = {0};
	if (store_open(dbpath, NULL, &s, &err)) {
		fprintf(stderr, "open: %s\n", err.msg);
		exit(1);
	}
	return s;
}

static struct version *mk(struct arena *a, const char *source,
			  const char *headline, const char *text)
{
	struct version *v = version_new(a);
	v->format = "test";
	v->source = source;
	v->headline = headline;
	if (text)
		version_add_para(a, v, PARA_TEXT, text, strlen(text));
	version_count_words(v);
	return v;
}

static struct ingest_item put(struct store *s, struct version *v, int64_t now)
{
	struct raw_input raw = {"raw", 3, "test", "test", now};
	struct ingest_item it = {0};
	struct ow_err err = {0};
	int rc = store_ingest(s, &raw, &v, 1, now, &it, NULL, &err);
	if (rc)
		fprintf(stderr, "ingest: %s\n", err.msg);
	CHECK_INT(rc, 0);
	return it;
}

static void test_link_by_headline_and_duplicates(void)
{
	struct store *s = open_store();
	struct arena *a = arena_new();
	struct ingest_item i1 = put(s, mk(a, "X", "Rates held", "One."), 1000);
	struct version *w = mk(a, "X", "Rates held", "Two.");
	w->mark = "1st LD Writethru";
	w->signal = SIGNAL_WRITETHRU;
	w->mark_ordinal = 1;
	struct ingest_item i2 = put(s, w, 1100);
	CHECK_INT(i2.story_id, i1.story_id);
	CHECK_INT(i2.vnum, 2);
	CHECK(i2.seq > i1.seq);
	CHECK_STR(i2.link_rule, "headline");
	CHECK(i2.changed_view);
	/* the same copy again: acknowledged, not stored */
	struct ingest_item i3 = put(s, mk(a, "X", "Rates held", "One."), 1200);
	CHECK(i3.duplicate);
	CHECK_INT(i3.seq, i1.seq);
	/* another source never links */
	struct ingest_item i4 =
		put(s, mk(a, "Y", "Rates held", "Other."), 1300);
	CHECK(i4.story_id != i1.story_id);

	struct story st;
	struct ow_err err = {0};
	CHECK_INT(store_get_story(s, i1.story_id, a, &st, &err), 0);
	CHECK_INT(st.sum.state, STORY_LIVE);
	CHECK_INT(st.sum.version, 2);
	CHECK_INT(st.n_paras, 1);
	CHECK_STR(st.paras[0].text, "Two.");
	CHECK_STR(st.sum.headline, "Rates held");
	struct version **vs;
	size_t n;
	CHECK_INT(store_get_versions(s, i1.story_id, a, &vs, &n, &err), 0);
	CHECK_INT(n, 2);
	CHECK_STR(vs[0]->paras[0].text, "One.");
	CHECK_STR(vs[1]->link_rule, "headline");
	CHECK(vs[1]->link_key != NULL);
	CHECK_INT(store_get_story(s, 99999, a, &st, &err), OW_ENOTFOUND);
	arena_free(a);
	store_close(s);
}

static void test_slug_window(void)
{
	struct store *s = open_store();
	struct arena *a = arena_new();
	struct version *v = mk(a, "AP", "First headline", "A.");
	v->slug = "BC-Window";
	v->versioncreated = 10000;
	struct ingest_item i1 = put(s, v, 20000);
	struct version *w = mk(a, "AP", "Other words entirely", "B.");
	w->slug = "bc-window";
	w->versioncreated = 10000 + 3600;
	struct ingest_item i2 = put(s, w, 20000);
	CHECK_INT(i2.story_id, i1.story_id);
	CHECK_STR(i2.link_rule, "slug");
	/* past the 72 h window the slug starts a new story */
	struct version *x = mk(a, "AP", "Third", "C.");
	x->slug = "BC-Window";
	x->versioncreated = 10000 + 3600 + 73 * 3600;
	struct ingest_item i3 = put(s, x, 20000);
	CHECK(i3.story_id != i1.story_id);
	arena_free(a);
	store_close(s);
}

static void test_list_cursor_and_ticker(void)
{
	struct store *s = open_store();
	struct arena *a = arena_new();
	int64_t now = 2000000000;
	int64_t first = 0;
	for (int i = 0; i < 7; i++) {
		char hl[64];
		snprintf(hl, sizeof hl, "Cursor story %d", i);
		struct version *v = mk(a, "CUR", arena_strdup(a, hl), "Body.");
		v->versioncreated = now - 1000 + i;
		if (i == 2) {
			v->priority = PRIORITY_FLASH;
			v->versioncreated = now - 2000; /* the oldest */
		}
		struct ingest_item it = put(s, v, now);
		if (i == 0)
			first = it.story_id;
	}
	struct story_filter f = {.source = "CUR", .limit = 3};
	struct story_page p;
	struct ow_err err = {0};
	size_t total = 0;
	int pages = 0;
	int64_t last = -1;
	do {
		CHECK_INT(store_list_stories(s, &f, a, &p, &err), 0);
		total += p.n;
		pages++;
		for (size_t i = 0; i < p.n; i++) {
			CHECK(p.items[i].id != last);
			last = p.items[i].id;
		}
		f.cursor = p.next;
	} while (p.next && pages < 10);
	CHECK_INT(total, 7);
	CHECK_INT(pages, 3);
	CHECK_INT(last, first + 2); /* the flash is the oldest copy */
	f.cursor = "not-a-cursor";
	CHECK_INT(store_list_stories(s, &f, a, &p, &err), OW_EINVAL);

	struct story_page t;
	CHECK_INT(store_ticker(s, 3, now, a, &t, &err), 0);
	CHECK_INT(t.n, 3);
	CHECK_STR(t.items[0].headline, "Cursor story 2"); /* flash first */
	CHECK_STR(t.items[1].headline, "Cursor story 6");
	/* two hours later the flash is ordinary again */
	CHECK_INT(store_ticker(s, 3, now + 7200, a, &t, &err), 0);
	CHECK_STR(t.items[0].headline, "Cursor story 6");
	arena_free(a);
	store_close(s);
}

static void test_embargo_and_kill(void)
{
	struct store *s = open_store();
	struct arena *a = arena_new();
	int64_t now = 1500000000;
	struct version *v = mk(a, "EMB", "Embargoed results", "Secret.");
	v->embargo = now + 600;
	struct ingest_item it = put(s, v, now);
	CHECK_INT(it.state, STORY_EMBARGOED);
	struct story_filter f = {.source = "EMB", .limit = 10};
	struct story_page p;
	struct ow_err err = {0};
	CHECK_INT(store_list_stories(s, &f, a, &p, &err), 0);
	CHECK_INT(p.n, 0);
	int64_t when;
	CHECK_INT(store_next_release(s, &when, &err), 0);
	CHECK_INT(when, now + 600);
	int64_t ids[8];
	size_t n;
	CHECK_INT(store_release_due(s, now + 599, ids, 8, &n, &err), 0);
	CHECK_INT(n, 0);
	CHECK_INT(store_release_due(s, now + 600, ids, 8, &n, &err), 0);
	CHECK_INT(n, 1);
	CHECK_INT(ids[0], it.story_id);
	CHECK_INT(store_list_stories(s, &f, a, &p, &err), 0);
	CHECK_INT(p.n, 1);
	CHECK_INT(store_next_release(s, &when, &err), 0);
	CHECK_INT(when, 0);

	struct version *k = mk(a, "EMB", "Embargoed results", NULL);
	k->signal = SIGNAL_KILL;
	k->ednote = "Story withdrawn: legal";
	struct ingest_item ik = put(s, k, now + 700);
	CHECK_INT(ik.story_id, it.story_id);
	CHECK_INT(ik.state, STORY_KILLED);
	CHECK_INT(store_list_stories(s, &f, a, &p, &err), 0);
	CHECK_INT(p.n, 0);
	struct story st;
	CHECK_INT(store_get_story(s, it.story_id, a, &st, &err), 0);
	CHECK_INT(st.sum.state, STORY_KILLED);
	CHECK_STR(st.kill_note, "Story withdrawn: legal");
	arena_free(a);
	store_close(s);
}

static void test_quarantine_and_raw(void)
{
	struct store *s = open_store();
	struct arena *a = arena_new();
	const char bytes[] = "bad\0bytes\xff";
	struct raw_input raw = {bytes, sizeof bytes - 1, "test", NULL, 5};
	int64_t id;
	struct ow_err err = {0};
	CHECK_INT(store_quarantine(s, &raw, "line 1: nonsense", &id, &err), 0);
	const char *got;
	size_t len;
	CHECK_INT(store_get_raw(s, id, a, &got, &len, &err), 0);
	CHECK_INT(len, sizeof bytes - 1);
	CHECK(memcmp(got, bytes, len) == 0);
	struct quarantine_entry *q;
	size_t n;
	CHECK_INT(store_list_quarantine(s, 10, a, &q, &n, &err), 0);
	CHECK(n >= 1);
	CHECK_INT(q[0].raw_id, id);
	CHECK_STR(q[0].reason, "line 1: nonsense");
	arena_free(a);
	store_close(s);
}

static void test_persistence(void)
{
	struct store *s = open_store();
	struct store_stats before, after;
	struct ow_err err = {0};
	CHECK_INT(store_stats(s, &before, &err), 0);
	CHECK_INT(store_schema_version(s), 1);
	store_close(s);
	s = open_store();
	CHECK_INT(store_stats(s, &after, &err), 0);
	CHECK_INT(after.versions, before.versions);
	CHECK_INT(after.stories, before.stories);
	CHECK_INT(after.last_seq, before.last_seq);
	CHECK(after.quarantined >= 1);
	store_close(s);
}

static void test_batch_rollback(void)
{
	struct store *s = open_store();
	struct arena *a = arena_new();
	struct store_stats st0, st1;
	struct ow_err err = {0};
	store_stats(s, &st0, &err);
	CHECK_INT(store_begin(s, &err), 0);
	put(s, mk(a, "RB", "Rolled back", "Gone."), 1);
	CHECK_INT(store_rollback(s), 0);
	store_stats(s, &st1, &err);
	CHECK_INT(st1.versions, st0.versions);
	arena_free(a);
	store_close(s);
}

int main(void)
{
	dbpath = test_db_open("store", "/tmp/offwire-test-store-%d.db");
	RUN(test_link_by_headline_and_duplicates);
	RUN(test_slug_window);
	RUN(test_list_cursor_and_ticker);
	RUN(test_embargo_and_kill);
	RUN(test_quarantine_and_raw);
	RUN(test_persistence);
	RUN(test_batch_rollback);
	test_db_close();
	return TEST_REPORT();
}
