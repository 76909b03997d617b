/* offwire search: the full-text search from the command line, over the same
 * store call and query language as GET /api/v1/stories?q= (docs/search.md).
 * A readable table by default, the API's JSON with --json, and with --sql
 * the statements the SQLite backend ran, values bound (for benchmarks and
 * for reading a slow query). */
#include "cli/cli.h"

#include "common/buf.h"
#include "common/str.h"
#include "render/render.h"
#include "render/search_results.h"
#include "search/search.h"
#include "store/store.h"
#include "text/text.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define HEADLINE_COLS 64
#define SNIPPET_COLS 96

/* Appends at most `cols` characters of s (UTF-8), with "..." if cut. */
static void put_cut(struct buf *b, const char *s, size_t cols)
{
	size_t n = 0, i = 0;
	while (s[i] && n < cols) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		n++;
	}
	buf_append(b, s, i);
	if (s[i])
		buf_puts(b, "...");
	else
		for (; n < cols + 3; n++)
			buf_putc(b, ' ');
}

static void print_table(const struct search_result *r, enum store_sort sort,
			bool tty)
{
	struct buf b, t;
	buf_init(&b, 1u << 20);
	buf_init(&t, 1u << 20);
	if (r->n)
		buf_printf(&b, "%3s %7s %-10s %-14s %s\n", "#", "id", "date",
			   "source", "headline");
	for (size_t i = 0; i < r->n; i++) {
		const struct search_hit *h = &r->hits[i];
		char day[16] = "";
		time_t when = (time_t)h->sum.versioncreated;
		struct tm tm;
		if (gmtime_r(&when, &tm))
			strftime(day, sizeof day, "%Y-%m-%d", &tm);
		buf_printf(&b, "%3zu %7lld %-10s ", i + 1, (long long)h->sum.id,
			   day);
		buf_reset(&t);
		buf_puts(&t, h->sum.source ? h->sum.source : "-");
		put_cut(&b, t.p, 11);
		buf_putc(&b, ' ');
		buf_reset(&t);
		search_marks_plain(&t, h->headline_marked ? h->headline_marked
							  : h->sum.headline);
		put_cut(&b, t.p ? t.p : "", HEADLINE_COLS);
		while (b.len && b.p[b.len - 1] == ' ')
			b.len--;
		buf_putc(&b, '\n');
		if (h->snippet_marked && *h->snippet_marked) {
			buf_reset(&t);
			if (tty)
				search_marks_term(&t, h->snippet_marked,
						  "\x1b[1m", "\x1b[0m");
			else
				search_marks_plain(&t, h->snippet_marked);
			buf_puts(&b, "                            ");
			/* terminal text: cut on characters, marks included */
			put_cut(&b, t.p ? t.p : "",
				tty ? SNIPPET_COLS * 2 : SNIPPET_COLS);
			while (b.len && b.p[b.len - 1] == ' ')
				b.len--;
			buf_putc(&b, '\n');
		}
	}
	if (!r->n && !r->total)
		buf_puts(&b, "No story matches.\n");
	else
		buf_printf(&b, "%zu shown of %s%lld %s (%s).\n", r->n,
			   r->total_exact ? "" : "about ", (long long)r->total,
			   r->total == 1 ? "story" : "stories",
			   sort == STORE_SORT_TIME ? "newest first"
						   : "by relevance");
	for (int k = 0; k < 3; k++) {
		const struct facet *f = k == 0   ? &r->sources
					: k == 1 ? &r->sections
						 : &r->days;
		if (!f->n)
			continue;
		buf_printf(&b, "%s:",
			   k == 0   ? "sources"
			   : k == 1 ? "sections"
				    : "days");
		for (size_t i = 0; i < f->n && i < 12; i++)
			buf_printf(&b, "%s %s (%lld)", i ? "," : "",
				   f->v[i].value, (long long)f->v[i].n);
		buf_puts(&b, f->n > 12 ? ", ...\n" : "\n");
	}
	if (r->next)
		buf_printf(&b, "next page: --cursor %s\n", r->next);
	if (b.p)
		fwrite(b.p, 1, b.len, stdout);
	buf_free(&b);
	buf_free(&t);
}

static int usage(const char *msg, const char *arg)
{
	fprintf(stderr, "offwire search: %s%s%s\n", msg, arg ? " " : "",
		arg ? arg : "");
	return CLI_USAGE;
}

/* The options, all long ones: anything else, "-word" included, is part of
 * the query ("offwire search oil -gas --limit 5"); after "--" everything
 * is. */
static const char *const option_names[] = {
	"db",    "json",  "limit", "source", "section", "language", "priority",
	"since", "until", "sort",  "cursor", "facets",  "sql",      "help"};

/* Which option arg names (index into option_names), -1 if none; *value
 * its "=value" part or NULL. */
static int option_of(const char *arg, const char **value)
{
	*value = NULL;
	if (strncmp(arg, "--", 2) || !arg[2])
		return -1;
	const char *name = arg + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	for (size_t i = 0; i < sizeof option_names / sizeof *option_names; i++)
		if (strlen(option_names[i]) == len &&
		    !strncmp(option_names[i], name, len)) {
			*value = eq ? eq + 1 : NULL;
			return (int)i;
		}
	return -2;
}

static int set_option(struct store_search *q, const char **db, const char *name,
		      const char *v)
{
	int64_t n;
	bool zone;
	if (!strcmp(name, "db")) {
		*db = v;
	} else if (!strcmp(name, "limit")) {
		if (!str_parse_i64(v, &n) || n < 1 || n > STORE_SEARCH_LIMIT)
			return usage("--limit wants 1 to 100, not", v);
		q->limit = (int)n;
	} else if (!strcmp(name, "source")) {
		q->source = v;
	} else if (!strcmp(name, "section")) {
		q->section = v;
	} else if (!strcmp(name, "language")) {
		q->language = v;
	} else if (!strcmp(name, "priority")) {
		if (!(q->priority = priority_from_name(v)))
			return usage("--priority wants flash, bulletin, "
				     "urgent, routine or deferred, not",
				     v);
	} else if (!strcmp(name, "since") || !strcmp(name, "until")) {
		if (!time_parse_iso(v, name[0] == 's' ? &q->since : &q->until,
				    &zone))
			return usage("--since and --until want a time such "
				     "as 1987-03-01T00:00:00Z, not",
				     v);
	} else if (!strcmp(name, "sort")) {
		if (!strcmp(v, "time"))
			q->sort = STORE_SORT_TIME;
		else if (!strcmp(v, "rank"))
			q->sort = STORE_SORT_RANK;
		else
			return usage("--sort wants rank or time, not", v);
	} else if (!strcmp(name, "cursor")) {
		q->cursor = v;
	}
	return 0;
}

int cmd_search(int argc, char **argv)
{
	const char *db = CLI_DEFAULT_DB;
	struct store_search q = {.limit = 20};
	bool json = false;
	/* the words of the command line are one query */
	struct buf text;
	buf_init(&text, SEARCH_MAX_QUERY + 1);
	int n_words = 0;
	bool words_only = false;
	for (int i = 1; i < argc; i++) {
		const char *v;
		int o = words_only ? -1 : option_of(argv[i], &v);
		if (!words_only && !strcmp(argv[i], "--")) {
			words_only = true;
			continue;
		}
		if (o == -1) {
			if (n_words++)
				buf_putc(&text, ' ');
			buf_puts(&text, argv[i]);
			continue;
		}
		int rc = 0;
		const char *name = o >= 0 ? option_names[o] : NULL;
		if (o == -2) {
			fprintf(stderr, "offwire search: unknown option %s\n",
				argv[i]);
			help_print(stderr, "search");
			rc = CLI_USAGE;
		} else if (!strcmp(name, "help")) {
			help_print(stdout, "search");
			buf_free(&text);
			return CLI_OK;
		} else if (!strcmp(name, "json")) {
			json = true;
		} else if (!strcmp(name, "facets")) {
			q.facets = true;
		} else if (!strcmp(name, "sql")) {
			q.debug = true;
		} else if (!v && i + 1 >= argc) {
			rc = usage("this option wants a value:", argv[i]);
		} else {
			rc = set_option(&q, &db, name, v ? v : argv[++i]);
		}
		if (rc) {
			buf_free(&text);
			return rc;
		}
	}
	if (!n_words) {
		buf_free(&text);
		return usage("no query given (offwire search 'oil prices')",
			     NULL);
	}
	const char *qs = text.p ? text.p : "";
	struct arena *a = arena_new();
	struct ow_err err = {0};
	struct search_node *tree = NULL;
	if (!a) {
		buf_free(&text);
		fprintf(stderr, "offwire search: out of memory\n");
		return CLI_FAILED;
	}
	if (text.err || search_parse(qs, text.len, a, &tree, &err)) {
		if (text.err)
			fprintf(stderr,
				"offwire search: the query is too "
				"long: at most %d bytes\n",
				SEARCH_MAX_QUERY);
		else
			fprintf(stderr, "offwire search: %s\n  %s\n  %*s^\n",
				err.msg, qs,
				(int)search_char_pos(qs, err.offset) - 1, "");
		arena_free(a);
		buf_free(&text);
		return CLI_USAGE;
	}
	if (!strstr(db, "://") && access(db, F_OK)) {
		fprintf(stderr, "offwire search: no database %s\n", db);
		arena_free(a);
		buf_free(&text);
		return CLI_FAILED;
	}
	q.query = tree;
	q.facets = q.facets || json;
	struct store *s = NULL;
	struct search_result r;
	int rc = CLI_OK;
	if (store_open(db, NULL, &s, &err) ||
	    store_search(s, &q, a, &r, &err)) {
		fprintf(stderr, "offwire search: %s\n", err.msg);
		rc = err.code == OW_EINVAL ? CLI_USAGE : CLI_FAILED;
	} else if (json) {
		json_t *j = render_search(&r, search_format(tree, a), q.sort);
		char *out = j ? render_dump(j) : NULL;
		if (out)
			printf("%s\n", out);
		else
			rc = CLI_FAILED;
		free(out);
		json_decref(j);
	} else {
		print_table(&r, q.sort, isatty(STDOUT_FILENO));
	}
	if (rc == CLI_OK && q.debug && r.sql)
		fprintf(stderr, "%s", r.sql);
	store_close(s);
	arena_free(a);
	buf_free(&text);
	return rc;
}
