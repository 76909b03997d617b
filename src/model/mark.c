/* Version marks: the words a wire puts on a headline or take key to say what
 * a version is ("1st LD Writethru:", "2nd Ld-Writethru", "UPDATE 1-",
 * "CORRECTED-", "(Recast)", "URGENT:"). Recognition is by exact match of the
 * squeezed mark against a small grammar, so ordinary headlines that merely
 * begin with a word like "Sub" are not mistaken for marks. */
#include "model/model.h"

#include "common/ow_error.h"
#include "common/str.h"

#include <string.h>

#define MARK_MAX 48 /* a mark longer than this is headline text */

enum strength {
	WEAK,  /* a common word ("sub", "add"): needs ':' or capitals */
	STRONG /* unmistakable ("1st LD", "CORRECTED") */
};

struct classified {
	bool ok;
	enum signal signal;
	bool has_signal;
	int ordinal;
	enum priority priority;
	enum strength strength;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads a leading number and an optional ordinal suffix; returns bytes used. */
static size_t read_ordinal(const char *s, int *n)
{
	size_t i = 0;
	int v = 0;
	while (is_digit(s[i]) && i < 3)
		v = v * 10 + (s[i++] - '0');
	if (i == 0)
		return 0;
	if (!strncmp(s + i, "st", 2) || !strncmp(s + i, "nd", 2) ||
	    !strncmp(s + i, "rd", 2) || !strncmp(s + i, "th", 2))
		i += 2;
	*n = v;
	return i;
}

static bool eq_any(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (!strcmp(s, *words))
			return true;
	return false;
}

/* Classifies a squeezed mark: lowercase letters and digits only. */
static struct classified classify(const char *s)
{
	struct classified c = {0};
	int ord = 0;
	size_t o = read_ordinal(s, &ord);
	const char *w = s + o;
	/* optional trailing number: "update1", "add2" */
	char word[MARK_MAX + 1];
	size_t wl = strlen(w);
	if (wl > MARK_MAX)
		return c;
	memcpy(word, w, wl + 1);
	size_t d = wl;
	while (d > 0 && is_digit(word[d - 1]))
		d--;
	if (d < wl && d > 0 && !o) {
		int v = 0;
		for (size_t i = d; i < wl && i < d + 3; i++)
			v = v * 10 + (word[i] - '0');
		ord = v;
		word[d] = '\0';
	}
	static const char *const wt[] = {"writethru",      "writethrough",
					 "ldwritethru",    "leadwritethru",
					 "ldwritethrough", NULL};
	static const char *const ld[] = {"ld", "lead", NULL};
	static const char *const corr[] = {
		"correction", "corrected", "correcting", "corrects",
		"corr",       "correct",   NULL};
	static const char *const kill[] = {
		"kill",      "killed",        "withdrawal",
		"withdrawn", "withdraw",      "elimination",
		"eliminate", "mandatorykill", NULL};
	static const char *const adv[] = {"advisory", "editorsnote",
					  "editoradvisory", NULL};
	static const char *const sub[] = {"sub",    "substitute", "refile",
					  "repeat", "rpt",        NULL};
	c.strength = STRONG;
	c.has_signal = true;
	c.ordinal = ord;
	if (eq_any(word, wt)) {
		c.signal = SIGNAL_WRITETHRU;
	} else if (o && eq_any(word, ld)) {
		c.signal = SIGNAL_LEAD;
	} else if (!o && eq_any(word, ld)) {
		c.signal = SIGNAL_LEAD;
		c.strength = WEAK;
	} else if (!strcmp(word, "recast") || !strcmp(word, "recasts")) {
		c.signal = SIGNAL_RECAST;
	} else if (!strcmp(word, "update") || !strcmp(word, "updated")) {
		c.signal = SIGNAL_UPDATE;
		c.strength = ord ? STRONG : WEAK;
	} else if (eq_any(word, corr)) {
		c.signal = SIGNAL_CORRECTION;
	} else if (eq_any(word, kill)) {
		c.signal = SIGNAL_KILL;
		c.strength = WEAK;
	} else if (eq_any(word, adv)) {
		c.signal = SIGNAL_ADVISORY;
		c.strength = WEAK;
	} else if (eq_any(word, sub)) {
		c.signal = SIGNAL_SUB;
		c.strength = !strcmp(word, "refile") ? STRONG : WEAK;
	} else if (!strcmp(word, "add") || !strcmp(word, "takes") ||
		   !strcmp(word, "take")) {
		c.signal = SIGNAL_ADD;
		c.strength = WEAK;
	} else if (!strcmp(word, "insert")) {
		c.signal = SIGNAL_INSERT;
		c.strength = WEAK;
	} else if (!o && !strcmp(word, "urgent")) {
		c.has_signal = false;
		c.priority = PRIORITY_URGENT;
	} else if (!o &&
		   (!strcmp(word, "bulletin") || !strcmp(word, "newsalert") ||
		    !strcmp(word, "apnewsalert"))) {
		c.has_signal = false;
		c.priority = PRIORITY_BULLETIN;
	} else if (!o && !strcmp(word, "flash")) {
		c.has_signal = false;
		c.priority = PRIORITY_FLASH;
	} else {
		return c;
	}
	c.ok = true;
	return c;
}

/* Squeezes s[0..len) into lowercase letters and digits. Returns false when the
 * text is too long to be a mark or holds characters no mark has. */
static bool squeeze(const char *s, size_t len, char *out, bool *all_caps)
{
	size_t n = 0;
	bool caps = true, letters = false;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    is_digit(ch)) {
			if (n >= MARK_MAX)
				return false;
			if (ch >= 'a' && ch <= 'z')
				caps = false;
			if (!is_digit(ch))
				letters = true;
			out[n++] = str_lower(ch);
		} else if (ch != ' ' && ch != '-' && ch != '.' && ch != '\'') {
			return false;
		}
	}
	out[n] = '\0';
	*all_caps = caps && letters;
	return n > 0;
}

/* How much a signal says, for when a headline carries two marks
 * ("CORRECTED-UPDATE 1-"): the stronger statement wins. */
static int signal_rank(enum signal s)
{
	switch (s) {
	case SIGNAL_KILL: return 9;
	case SIGNAL_ADVISORY: return 8;
	case SIGNAL_CORRECTION: return 7;
	case SIGNAL_INSERT: return 6;
	case SIGNAL_ADD: return 5;
	case SIGNAL_WRITETHRU: return 4;
	case SIGNAL_RECAST:
	case SIGNAL_UPDATE: return 3;
	case SIGNAL_LEAD: return 2;
	case SIGNAL_SUB:
		return 1; /* "REFILE-UPDATE 2-": the update says more */
	case SIGNAL_NEW: return 0;
	}
	return 0;
}

/* Folds one recognised mark into the running result; an ordinal is kept
 * ("2nd LD-Writethru" is a writethru numbered 2). */
static void merge(struct mark_info *mi, const struct classified *c)
{
	if (c->has_signal && signal_rank(c->signal) > signal_rank(mi->signal))
		mi->signal = c->signal;
	if (c->ordinal)
		mi->ordinal = c->ordinal;
	if (c->priority && (!mi->priority || c->priority < mi->priority))
		mi->priority = c->priority;
	mi->found = true;
}

static int append_mark(struct arena *a, struct mark_info *mi, const char *s,
		       size_t len)
{
	str_trim(&s, &len);
	/* the separator is not part of the mark */
	while (len && (s[len - 1] == ':' || s[len - 1] == '-' ||
		       s[len - 1] == ' ' || (unsigned char)s[len - 1] >= 0x80))
		len--;
	const char *m =
		mi->mark ? arena_printf(a, "%s; %.*s", mi->mark, (int)len, s)
			 : arena_strndup(a, s, len);
	if (!m)
		return OW_ENOMEM;
	mi->mark = m;
	return 0;
}

/* Length of a separator after a mark: ':' '-' '--' '|' or an em dash, with
 * spaces around. `*colon` says whether it was the strong kind (':' or a
 * spaced dash) that lets weak words count. */
static size_t separator(const char *s, size_t len, bool *colon)
{
	size_t i = 0;
	bool spaced = false;
	while (i < len && s[i] == ' ') {
		i++;
		spaced = true;
	}
	size_t start = i;
	if (i < len && s[i] == ':') {
		i++;
		*colon = true;
	} else if (i < len && s[i] == '-') {
		while (i < len && s[i] == '-')
			i++;
		*colon = spaced || i - start > 1;
	} else if (i + 2 < len && (unsigned char)s[i] == 0xE2 &&
		   (unsigned char)s[i + 1] == 0x80 &&
		   ((unsigned char)s[i + 2] == 0x94 ||
		    (unsigned char)s[i + 2] == 0x93)) {
		i += 3;
		*colon = true;
	} else {
		return 0;
	}
	while (i < len && s[i] == ' ')
		i++;
	return i;
}

/* Tries one leading mark at s; returns bytes consumed (mark + separator). */
static size_t leading_mark(const char *s, size_t len, struct classified *out)
{
	/* A mark ends at the first separator; try each candidate end so that
	 * "2nd LD-Writethru-" is read as "2nd LD" then "Writethru". */
	for (size_t end = 1; end <= len && end <= MARK_MAX + 8; end++) {
		if (end < len && s[end] != ':' && s[end] != '-' &&
		    s[end] != ' ' && (unsigned char)s[end] != 0xE2)
			continue;
		bool colon = false;
		size_t sep = separator(s + end, len - end, &colon);
		if (!sep)
			continue;
		char sq[MARK_MAX + 1];
		bool caps;
		if (!squeeze(s, end, sq, &caps))
			return 0;
		struct classified c = classify(sq);
		if (!c.ok)
			continue;
		if (c.strength == WEAK && !colon && !caps)
			continue;
		*out = c;
		return end + sep;
	}
	return 0;
}

int mark_parse_headline(struct arena *a, const char *headline,
			struct mark_info *mi)
{
	memset(mi, 0, sizeof *mi);
	if (!headline) {
		mi->stripped = NULL;
		return 0;
	}
	const char *s = headline;
	size_t len = strlen(s);
	str_trim(&s, &len);
	for (int guard = 0; guard < 8 && len; guard++) {
		struct classified c;
		size_t used = leading_mark(s, len, &c);
		if (!used)
			break;
		if (append_mark(a, mi, s, used))
			return OW_ENOMEM;
		merge(mi, &c);
		s += used;
		len -= used;
	}
	/* trailing "(Recast)", "(UPDATE 2)", "(CORRECTED)" */
	for (int guard = 0; guard < 4 && len > 2 && s[len - 1] == ')';
	     guard++) {
		size_t open = len - 1;
		while (open > 0 && s[open] != '(')
			open--;
		if (s[open] != '(')
			break;
		char sq[MARK_MAX + 1];
		bool caps;
		if (!squeeze(s + open + 1, len - open - 2, sq, &caps))
			break;
		struct classified c = classify(sq);
		if (!c.ok)
			break;
		if (append_mark(a, mi, s + open + 1, len - open - 2))
			return OW_ENOMEM;
		merge(mi, &c);
		len = open;
		str_trim(&s, &len);
	}
	if (mi->found && mi->signal == SIGNAL_LEAD && !mi->ordinal)
		mi->ordinal = 1;
	mi->stripped = arena_strndup(a, s, len);
	return mi->stripped ? 0 : OW_ENOMEM;
}

int mark_parse_key(struct arena *a, const char *key, struct mark_info *mi)
{
	memset(mi, 0, sizeof *mi);
	if (!key)
		return 0;
	const char *s = key;
	size_t len = strlen(s);
	str_trim(&s, &len);
	char sq[MARK_MAX + 1];
	bool caps;
	if (len && squeeze(s, len, sq, &caps)) {
		struct classified c = classify(sq);
		if (c.ok) {
			merge(mi, &c);
			mi->mark = arena_strndup(a, s, len);
			if (!mi->mark)
				return OW_ENOMEM;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------- pickups */

/* Where a lead or an insert joins the text already sent, as an editor's note
 * states it: "picks up 4th graf", "pick up at the fourth paragraph",
 * "insert after 3rd graf", "inserts after graf 3". Words are read one at a
 * time, lowercased, so punctuation and case do not matter. */

#define PICKUP_WORD_MAX 16
#define PICKUP_WORDS_MAX 64 /* a note's pickup phrase is near its start */

struct words {
	char w[PICKUP_WORDS_MAX][PICKUP_WORD_MAX + 1];
	size_t n;
};

static void split_words(const char *s, struct words *out)
{
	out->n = 0;
	while (*s && out->n < PICKUP_WORDS_MAX) {
		while (*s && !((*s >= 'a' && *s <= 'z') ||
			       (*s >= 'A' && *s <= 'Z') || is_digit(*s)))
			s++;
		size_t l = 0;
		char *w = out->w[out->n];
		while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		       is_digit(*s)) {
			if (l < PICKUP_WORD_MAX)
				w[l++] = str_lower(*s);
			s++;
		}
		w[l] = '\0';
		if (l)
			out->n++;
	}
}

/* "4th", "4", "fourth" -> 4; 0 if the word is no ordinal. */
static int word_ordinal(const char *w)
{
	static const char *const names[] = {
		"first",    "second",  "third",  "fourth", "fifth",
		"sixth",    "seventh", "eighth", "ninth",  "tenth",
		"eleventh", "twelfth", NULL};
	for (int i = 0; names[i]; i++)
		if (!strcmp(w, names[i]))
			return i + 1;
	int n = 0;
	size_t used = read_ordinal(w, &n);
	return used && !w[used] && n > 0 ? n : 0;
}

static bool word_is_para(const char *w)
{
	static const char *const units[] = {
		"graf", "grafs", "graph", "paragraph", "paragraphs",
		"para", "paras", "pgh",   "par",       NULL};
	return eq_any(w, units);
}

/* At words i..: "[the] 4th graf" or "graf 4"; 0 if not there. */
static int para_ref(const struct words *ws, size_t i)
{
	if (i < ws->n && !strcmp(ws->w[i], "the"))
		i++;
	if (i + 1 >= ws->n)
		return 0;
	int n = word_ordinal(ws->w[i]);
	if (n && word_is_para(ws->w[i + 1]))
		return n;
	if (word_is_para(ws->w[i]) && (n = word_ordinal(ws->w[i + 1])))
		return n;
	return 0;
}

int mark_parse_pickup(const char *note, bool *insert)
{
	*insert = false;
	if (!note)
		return 0;
	struct words ws;
	split_words(note, &ws);
	static const char *const pick[] = {"pick",   "picks",   "picking",
					   "pickup", "pickups", NULL};
	static const char *const ins[] = {"insert",    "inserts",   "inserted",
					  "inserting", "insertion", NULL};
	for (size_t i = 0; i < ws.n; i++) {
		size_t j = i + 1;
		int n = 0;
		if (eq_any(ws.w[i], pick)) {
			if (j < ws.n && !strcmp(ws.w[j], "up"))
				j++;
			if (j < ws.n && !strcmp(ws.w[j], "at"))
				j++;
			n = para_ref(&ws, j);
		} else if (eq_any(ws.w[i], ins) && j < ws.n &&
			   !strcmp(ws.w[j], "after")) {
			n = para_ref(&ws, j + 1);
			*insert = n > 0;
		}
		if (n > 0 && n < 1000)
			return n;
		*insert = false;
	}
	return 0;
}

void mark_apply_pickup(struct version *v)
{
	bool insert;
	int at = mark_parse_pickup(v->ednote, &insert);
	if (!at)
		return;
	v->pickup_para = at;
	/* the note says what unmarked copy is; a stated mark is kept */
	if (insert && (v->signal == SIGNAL_NEW || v->signal == SIGNAL_ADD))
		v->signal = SIGNAL_INSERT;
	else if (!insert && v->signal == SIGNAL_NEW)
		v->signal = SIGNAL_LEAD;
}
