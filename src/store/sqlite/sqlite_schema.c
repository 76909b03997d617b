/* The SQLite schema as a list of migrations. Never edit a migration that has
 * shipped; add a new one. PRAGMA user_version holds how many have run. */
#include "store/sqlite/sqlite_int.h"

const char *const sqlite_migrations[] = {
	/* 1: the walking skeleton */
	"CREATE TABLE raw_input ("
	"  id INTEGER PRIMARY KEY,"
	"  received_at INTEGER NOT NULL,"
	"  origin TEXT,"
	"  format TEXT,"
	"  status TEXT NOT NULL CHECK (status IN ('accepted','rejected')),"
	"  reason TEXT,"
	"  len INTEGER NOT NULL,"
	"  bytes BLOB NOT NULL);"
	"CREATE INDEX raw_input_rejected ON raw_input(id) WHERE status = "
	"'rejected';"

	"CREATE TABLE story ("
	"  id INTEGER PRIMARY KEY,"
	"  state TEXT NOT NULL DEFAULT 'held',"
	"  source TEXT, headline TEXT, slug TEXT, byline TEXT, place TEXT,"
	"  dateline_date TEXT, dateline_source TEXT, language TEXT,"
	"  subjects TEXT, mark TEXT, signal TEXT,"
	"  priority INTEGER NOT NULL DEFAULT 0, urgency INTEGER NOT NULL "
	"DEFAULT 0,"
	"  firstcreated INTEGER, versioncreated INTEGER,"
	"  sort_time INTEGER NOT NULL DEFAULT 0,"
	"  updated_seq INTEGER NOT NULL DEFAULT 0,"
	"  n_versions INTEGER NOT NULL DEFAULT 0,"
	"  current_vnum INTEGER NOT NULL DEFAULT 0,"
	"  word_count INTEGER NOT NULL DEFAULT 0,"
	"  body TEXT, body_html TEXT, ednote TEXT,"
	"  corrected INTEGER NOT NULL DEFAULT 0, correction_note TEXT,"
	"  kill_note TEXT,"
	"  next_release INTEGER NOT NULL DEFAULT 0,"
	"  changed_at INTEGER NOT NULL DEFAULT 0,"
	"  cluster_id INTEGER, near_dup_of INTEGER,"
	"  first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL);"
	"CREATE INDEX story_by_time ON story(state, sort_time DESC, id DESC);"
	"CREATE INDEX story_by_source ON story(source, state, sort_time DESC, "
	"id "
	"DESC);"
	"CREATE INDEX story_release ON story(next_release) WHERE next_release "
	"> 0;"
	"CREATE INDEX story_by_cluster ON story(cluster_id, state) "
	"  WHERE cluster_id IS NOT NULL;"

	"CREATE TABLE version ("
	"  seq INTEGER PRIMARY KEY," /* from counter 'seq' */
	"  story_id INTEGER NOT NULL REFERENCES story(id),"
	"  vnum INTEGER NOT NULL,"
	"  raw_id INTEGER NOT NULL REFERENCES raw_input(id),"
	"  raw_off INTEGER, raw_len INTEGER,"
	"  received_at INTEGER NOT NULL,"
	"  format TEXT, source TEXT, item_id TEXT, item_version INTEGER,"
	"  evolved_from TEXT, signal TEXT, mark TEXT, mark_ordinal INTEGER,"
	"  pickup_para INTEGER, pubstatus TEXT, priority INTEGER, urgency "
	"INTEGER,"
	"  slug TEXT, headline TEXT, byline TEXT, dateline_place TEXT,"
	"  dateline_date TEXT, dateline_source TEXT, language TEXT,"
	"  subjects TEXT, body TEXT, body_html TEXT, word_count INTEGER,"
	"  ednote TEXT, firstcreated INTEGER, versioncreated INTEGER,"
	"  embargo INTEGER, embargo_held INTEGER, warnings TEXT,"
	"  link_rule TEXT, link_key TEXT,"
	"  fingerprint TEXT NOT NULL);"
	"CREATE INDEX version_by_story ON version(story_id, seq);"
	"CREATE UNIQUE INDEX version_by_fingerprint ON version(fingerprint);"
	"CREATE INDEX version_advisories ON version(seq) "
	"  WHERE signal = 'advisory';"

	/* one global sequence for versions and events (an embargo release is
	 * an event of its own, after every version before it) */
	"CREATE TABLE counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL);"
	"INSERT INTO counter VALUES ('seq', 0);"
	"CREATE TABLE event ("
	"  seq INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK (kind IN "
	"('version','kill','release','hidden')),"
	"  story_id INTEGER NOT NULL,"
	"  version_seq INTEGER,"
	"  at INTEGER NOT NULL);"
	"CREATE TABLE story_subject ("
	"  story_id INTEGER NOT NULL,"
	"  code TEXT, name TEXT);"
	"CREATE INDEX story_subject_by_story ON story_subject(story_id, name, "
	"code);" /* covering: search counts sections per match */
	"CREATE INDEX story_subject_by_name ON story_subject(name COLLATE "
	"NOCASE);"
	"CREATE INDEX story_subject_by_code ON story_subject(code);"

	"CREATE TABLE story_key ("
	"  key TEXT PRIMARY KEY,"
	"  story_id INTEGER NOT NULL,"
	"  rule TEXT NOT NULL,"
	"  last_seen INTEGER NOT NULL) WITHOUT ROWID;"

	/* the current text of live stories only: superseded, killed and
	 * embargoed copy is never in the index. The text is split so that
	 * ranking can weigh a headline above the first paragraph (lede)
	 * above the rest (body); docs/search.md says why this tokenizer. */
	"CREATE VIRTUAL TABLE story_fts USING fts5("
	"  headline, lede, body, slug, byline, place, source,"
	"  tokenize = 'porter unicode61 remove_diacritics 2');"
	/* beside each index row, what search filters, sorts and counts by:
	 * a small table, so that reading it for every match of a query
	 * stays cheap (the story rows carry the whole text) */
	"CREATE TABLE search_doc ("
	"  id INTEGER PRIMARY KEY,"    /* story id = story_fts rowid */
	"  vtime INTEGER NOT NULL,"    /* versioncreated, unix seconds */
	"  priority INTEGER NOT NULL," /* 1 flash .. 5 deferred; 0 none */
	"  source TEXT, language TEXT,"
	"  sections TEXT," /* name (or code) of each, joined by \x1e */
	/* every name and code, lowercased, each between \x1e: what the
	 * section filter looks for ("\x1ename\x1e") without a subquery */
	"  section_keys TEXT);"
	"CREATE INDEX search_doc_by_time ON search_doc(vtime, id);",
};

const int sqlite_n_migrations =
	(int)(sizeof sqlite_migrations / sizeof *sqlite_migrations);
