/* The wire model: priorities, signals, versions, stories, and the rules that
 * link a version to its story and decide what a subscriber sees. Pure code:
 * no I/O, no clocks (callers pass `now`), no allocation outside an arena.
 *
 * Ownership: every string and array reachable from a struct version or
 * struct story lives in the arena it was built in; freeing the arena frees
 * them all. Functions below borrow their arguments unless they say so. */
#ifndef OW_MODEL_H
#define OW_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"

/* ---------------------------------------------------------------- priority */

/* Ordered most to least urgent; NONE sorts as routine. */
enum priority {
	PRIORITY_NONE = 0,
	PRIORITY_FLASH,
	PRIORITY_BULLETIN,
	PRIORITY_URGENT,
	PRIORITY_ROUTINE,
	PRIORITY_DEFERRED,
};

const char *priority_name(enum priority p); /* "flash", "" for NONE */
char priority_letter(enum priority p);    /* ANPA letter: 'f' 'b' 'u' 'r' 'd' */
int priority_to_urgency(enum priority p); /* IPTC urgency 1..9, 0 for NONE */
enum priority priority_from_urgency(int urgency);
enum priority priority_from_letter(char c);      /* ANPA letter, any case */
enum priority priority_from_name(const char *s); /* "flash", "bulletin", ... */

/* ------------------------------------------------------------------ signal */

enum signal {
	SIGNAL_NEW = 0,
	SIGNAL_WRITETHRU, /* "1st LD Writethru": replaces the text */
	SIGNAL_LEAD,      /* "2nd Ld": new top; may pick up at a paragraph */
	SIGNAL_RECAST,
	SIGNAL_UPDATE,
	SIGNAL_SUB,    /* substitute: replaces */
	SIGNAL_ADD,    /* appends a take */
	SIGNAL_INSERT, /* splices at a stated paragraph */
	SIGNAL_CORRECTION,
	SIGNAL_KILL,     /* also withdrawal, elimination */
	SIGNAL_ADVISORY, /* editor's note: never shown as a story */
};

const char *signal_name(enum signal s); /* "new", "writethru", ... */
bool signal_from_name(const char *s, enum signal *out);
/* True for the signals whose text replaces the current text. */
bool signal_replaces(enum signal s);

enum pubstatus {
	PUBSTATUS_USABLE = 0,
	PUBSTATUS_WITHHELD,
	PUBSTATUS_CANCELED,
};

const char *pubstatus_name(enum pubstatus p);
bool pubstatus_from_name(const char *s, enum pubstatus *out);

/* ----------------------------------------------------------------- version */

struct subject {
	const char *code;   /* "01000000", "crude"; may be NULL */
	const char *name;   /* human name; may be NULL */
	const char *scheme; /* "iptc", "reuters-topic", "place"; may be NULL */
};

enum para_kind {
	PARA_TEXT = 0, /* a paragraph of running text */
	PARA_PRE,      /* preformatted (tabular, agate): shown as is */
};

struct para {
	enum para_kind kind;
	const char *text; /* plain UTF-8, no markup */
};

struct dateline {
	const char *place;  /* "BEIJING" */
	const char *date;   /* "Jan. 10", as written */
	const char *source; /* "Xinhua" */
};

/* One ingested item: what the agency sent, normalised. */
struct version {
	/* identity as the source gave it */
	const char *format;       /* parser name: "ninjs", "wiretext", ... */
	const char *source;       /* agency: "Xinhua", "AP" */
	const char *item_id;      /* guid, uri, doc-id, ANPA story number */
	int64_t item_version;     /* the source's version number; -1 if none */
	const char *evolved_from; /* id of the item this replaces */
	bool item_id_recycled;    /* the source reuses its ids (ANPA story
				   * numbers): they link only within the
				   * link window */
	/* the wire's marks */
	enum signal signal;
	const char *mark; /* as written: "1st LD Writethru" */
	int mark_ordinal; /* 1 for "1st LD"; 0 if none */
	int pickup_para;  /* lead/insert: paragraph it picks up at; 0 none */
	enum pubstatus pubstatus;
	enum priority priority;
	int urgency; /* IPTC 1..9 as sent; 0 if none */
	/* text */
	const char *slug;
	const char *headline;
	const char *byline;
	struct dateline dateline;
	const char *language; /* BCP 47 */
	struct subject *subjects;
	size_t n_subjects;
	struct para *paras;
	size_t n_paras;
	const char *body_html; /* sanitised markup when the source had it */
	int word_count;
	const char *ednote; /* editor's note, correction or kill notice */
	/* times, unix seconds UTC; 0 = unknown */
	int64_t firstcreated;
	int64_t versioncreated;
	int64_t embargo;   /* not before this time; 0 = no embargo */
	bool embargo_held; /* an embargo without a usable time */
	/* diagnostics from parsing */
	const char **warnings;
	size_t n_warnings;
	size_t raw_off, raw_len; /* this item's bytes within the input */
	/* assigned by the store */
	int64_t seq;
	int64_t story_id;
	int vnum; /* 1-based arrival number within the story */
	int64_t received_at;
	const char *link_rule; /* which rule linked it: "id", "slug", ... */
	const char *link_key;
};

/* A zeroed version in `a` with item_version = -1; NULL on failure. */
struct version *version_new(struct arena *a);
/* Appends; 0 or OW_ENOMEM. Strings are copied into `a`. */
int version_add_para(struct arena *a, struct version *v, enum para_kind k,
		     const char *text, size_t len);
int version_add_subject(struct arena *a, struct version *v, const char *code,
			const char *name, const char *scheme);
int version_add_warning(struct arena *a, struct version *v, const char *fmt,
			...) __attribute__((format(printf, 3, 4)));
/* Counts words over the paragraphs and stores it in v->word_count. */
void version_count_words(struct version *v);
/* A deep copy into `a` (for building a story's view). */
struct version *version_clone(struct arena *a, const struct version *v);

/* A growable list of versions, all living in one arena (owned). */
struct vlist {
	struct arena *arena;
	struct version **v;
	size_t n, cap;
};

int vlist_init(struct vlist *l);
void vlist_free(struct vlist *l);
int vlist_push(struct vlist *l, struct version *v);

/* ------------------------------------------------------------------- marks */

/* What a headline or take key says about the version. */
struct mark_info {
	enum signal signal;
	int ordinal;            /* "2nd LD" -> 2 */
	enum priority priority; /* "URGENT:" -> urgent; NONE if unstated */
	const char *mark; /* the marks removed, as written, joined by "; " */
	const char *stripped; /* headline without its marks */
	bool found;
};

/* Reads and strips version marks ("1st LD Writethru:", "(Recast)",
 * "URGENT:", "Update 1-", "CORRECTED-") from a headline. */
int mark_parse_headline(struct arena *a, const char *headline,
			struct mark_info *out);
/* Reads a take key / version field as ANPA and NITF carry it
 * ("1stLd-Writethru", "Correction", "Add 2"); the whole string is the mark. */
int mark_parse_key(struct arena *a, const char *key, struct mark_info *out);
/* Reads where a lead or insert joins the text already sent, from an editor's
 * note: "picks up 4th graf" -> 4 (the new top, then the old text from its
 * 4th paragraph on); "insert after 3rd graf" -> 3 with *insert set (spliced
 * after the 3rd paragraph). 0 when the note states no paragraph. */
int mark_parse_pickup(const char *note, bool *insert);
/* Applies mark_parse_pickup to v->ednote: sets v->pickup_para, and makes
 * unmarked copy a lead (or an insert, for "insert after"). */
void mark_apply_pickup(struct version *v);

/* -------------------------------------------------------------------- link */

/* A key under which a story can be found again. */
struct link_key {
	const char *rule; /* "id", "evolvedfrom", "slug", "headline" */
	const char *key;  /* source-scoped: "slug\x1fAP\x1fbc-us-earns" */
	int64_t window;   /* seconds a match stays valid; 0 forever */
	bool lookup;      /* try this key to find an existing story */
	bool record;      /* file the story under this key afterwards */
	bool unslugged;   /* a match counts only if the story found has no
			   * slug yet (slugged copy finding an URGENT that
			   * was sent without one) */
};

#define LINK_MAX_KEYS 6
#define LINK_DEFAULT_WINDOW (72 * 3600)

/* The keys for `v`, most explicit first. Returns how many (<= LINK_MAX_KEYS). */
size_t link_keys(struct arena *a, const struct version *v, int64_t window,
		 struct link_key *out);
/* The normalised form used for headline matching: marks stripped, case and
 * punctuation folded. Returns arena memory. */
const char *link_normalize_headline(struct arena *a, const char *headline);

/* ------------------------------------------------------------------- story */

enum story_state {
	STORY_LIVE = 0,
	STORY_EMBARGOED, /* every version is under an embargo with a time */
	STORY_HELD, /* an embargo without a usable time: held for a person */
	STORY_KILLED,
	STORY_ADVISORY, /* only advisories: listed under advisories */
};

const char *story_state_name(enum story_state s);
bool story_state_from_name(const char *s, enum story_state *out);

/* What a subscriber sees of a story at a moment. */
struct story_view {
	enum story_state state;
	const struct version *current; /* latest visible version's metadata */
	struct para *paras;            /* assembled text (takes, inserts) */
	size_t n_paras;
	const char *body_html; /* the markup of the one version that
					 * holds the whole text; NULL after a
					 * take or splice */
	int word_count;
	bool corrected;
	const char *correction_note;
	const char *kill_note;
	int64_t firstcreated;
	int64_t next_release; /* earliest embargo still in the future; 0 none */
	int n_visible;        /* versions released and not advisories */
};

/* A SHA-256 over what a version says (source, ids, marks, text, embargo),
 * hex-encoded into out[65]: equal for the same item re-sent, whatever the
 * transmission envelope around it. */
void version_fingerprint(const struct version *v, char out[65]);

/* True once a version may be shown: no embargo, or its time has come. A
 * held embargo (no usable time) is never released by the clock. */
bool version_released(const struct version *v, int64_t now);

/* Orders versions as the wire means them: the source's own numbers where both
 * have one, else the wire's marks, else arrival (seq). Sorts `v` in place. */
void story_order(struct version **v, size_t n);
/* Computes the visible state of one story from all its versions, given in any
 * order, at time `now`. Pure and deterministic: the same set gives the same
 * view whatever the arrival order. Memory for the view comes from `a`. */
int story_resolve(struct arena *a, struct version **v, size_t n, int64_t now,
		  struct story_view *out);

/* -------------------------------------------------------------------- diff */

enum diff_kind { DIFF_EQUAL = 0, DIFF_DELETE, DIFF_INSERT };

struct diff_op {
	enum diff_kind kind;
	const char
		*text; /* words joined by spaces; "\n\n" between paragraphs */
};

/* A word-level diff from paragraphs `a` to paragraphs `b`: runs of equal,
 * deleted and inserted words. Exact (longest common subsequence) when the
 * changed middle is at most DIFF_MAX_CELLS word pairs; beyond that the middle
 * is reported as deleted and inserted whole and *exact is false. */
#define DIFF_MAX_CELLS (4u << 20)
int diff_words(struct arena *ar, const struct para *a, size_t na,
	       const struct para *b, size_t nb, struct diff_op **ops,
	       size_t *n_ops, bool *exact);

#endif
