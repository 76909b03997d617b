/* offwire ingest: files, directories and stdin into the store. Inputs are
 * committed in batches (one transaction per batch, for bulk speed) and each
 * input's line is printed only once its batch is committed: a line that says
 * "accepted" is a promise kept. */
#include "cli/cli.h"

#include "common/buf.h"
#include "common/fileio.h"
#include "common/str.h"
#include "ingest/clusters.h"
#include "ingest/ingest.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define BATCH_INPUTS 1000
#define BATCH_OUTPUT (4u << 20)

struct run {
	struct store *store;
	struct ingest_opts opts;
	size_t max_size;
	bool quiet;
	struct buf out; /* lines of the open batch */
	int in_batch;
	size_t accepted, rejected, versions, duplicates;
	bool failed;
};

static int flush_batch(struct run *r)
{
	if (r->in_batch) {
		struct ow_err err = {0};
		if (store_commit(r->store, &err)) {
			fprintf(stderr, "offwire ingest: commit failed: %s\n",
				err.msg);
			store_rollback(r->store);
			r->failed = true;
			buf_reset(&r->out);
			r->in_batch = 0;
			return -1;
		}
	}
	if (r->out.len)
		fwrite(r->out.p, 1, r->out.len, stdout);
	fflush(stdout);
	buf_reset(&r->out);
	r->in_batch = 0;
	return 0;
}

static void report(struct run *r, const char *name,
		   const struct ingest_report *rep)
{
	if (rep->rc == 0) {
		r->accepted++;
		r->versions += rep->parsed.versions.n;
		r->duplicates += rep->n_duplicates;
		if (r->quiet)
			return;
		const struct ingest_item *it = &rep->items[0];
		size_t n = rep->parsed.versions.n;
		buf_printf(&r->out,
			   "accepted %s: story %lld version %d (seq %lld, %s, "
			   "%s%s)",
			   name, (long long)it->story_id, it->vnum,
			   (long long)it->seq, format_name(rep->format),
			   it->duplicate ? "duplicate of a stored version"
			   : strcmp(it->link_rule, "new") ? "linked by "
							  : "new story",
			   it->duplicate || !strcmp(it->link_rule, "new")
				   ? ""
				   : it->link_rule);
		if (n > 1)
			buf_printf(&r->out, " and %zu more versions", n - 1);
		if (rep->parsed.n_skipped)
			buf_printf(&r->out, "; skipped %zu: %s",
				   rep->parsed.n_skipped,
				   rep->parsed.skipped[0].reason);
		buf_putc(&r->out, '\n');
	} else {
		r->rejected++;
		buf_printf(&r->out, "rejected %s: %s", name, rep->err.msg);
		if (rep->rc == OW_EPARSE || rep->rc == OW_EUNSUPPORTED)
			buf_printf(&r->out, " (quarantined as raw input %lld)",
				   (long long)rep->raw_id);
		buf_putc(&r->out, '\n');
	}
}

static void ingest_buffer(struct run *r, const char *name, const char *bytes,
			  size_t len)
{
	if (!r->in_batch) {
		struct ow_err err = {0};
		if (store_begin(r->store, &err)) {
			fprintf(stderr, "offwire ingest: %s\n", err.msg);
			r->failed = true;
			return;
		}
	}
	r->in_batch++;
	char origin[1100];
	snprintf(origin, sizeof origin, "cli:%s", name);
	r->opts.origin = origin;
	r->opts.now = (int64_t)time(NULL);
	struct ingest_report rep;
	int rc = ingest_bytes(r->store, bytes, len, &r->opts, &rep);
	if (rc && rc != OW_EPARSE && rc != OW_EUNSUPPORTED) {
		fprintf(stderr, "offwire ingest: %s: %s\n", name, rep.err.msg);
		store_rollback(r->store);
		r->in_batch = 0;
		buf_reset(&r->out);
		r->failed = true;
		ingest_report_free(&rep);
		return;
	}
	report(r, name, &rep);
	ingest_report_free(&rep);
	if (r->in_batch >= BATCH_INPUTS || r->out.len > BATCH_OUTPUT / 2)
		flush_batch(r);
}

static void ingest_file(struct run *r, const char *path)
{
	char *bytes = NULL;
	size_t len = 0;
	struct ow_err err = {0};
	if (file_read_all(path, r->max_size, &bytes, &len, &err)) {
		/* too big or unreadable: nothing was received to keep */
		r->rejected++;
		buf_printf(&r->out, "rejected %s: %s\n", path, err.msg);
		if (!r->in_batch)
			flush_batch(r);
		return;
	}
	ingest_buffer(r, strcmp(path, "-") ? path : "(stdin)", bytes, len);
	free(bytes);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void ingest_path(struct run *r, const char *path, int depth)
{
	struct stat st;
	if (strcmp(path, "-") && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (depth > 32)
			return;
		DIR *d = opendir(path);
		if (!d) {
			r->rejected++;
			buf_printf(&r->out,
				   "rejected %s: cannot open directory: %s\n",
				   path, strerror(errno));
			return;
		}
		char **names = NULL;
		size_t n = 0, cap = 0;
		struct dirent *e;
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				char **p = realloc(names, cap * sizeof *p);
				if (!p)
					break;
				names = p;
			}
			size_t l = strlen(path) + strlen(e->d_name) + 2;
			names[n] = malloc(l);
			if (!names[n])
				break;
			snprintf(names[n], l, "%s/%s", path, e->d_name);
			n++;
		}
		closedir(d);
		qsort(names, n, sizeof *names, by_name);
		for (size_t i = 0; i < n; i++) {
			ingest_path(r, names[i], depth + 1);
			free(names[i]);
		}
		free(names);
		return;
	}
	ingest_file(r, path);
}

int cmd_ingest(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"format", required_argument, NULL, 'f'},
		{"source", required_argument, NULL, 's'},
		{"max-size", required_argument, NULL, 'm'},
		{"quiet", no_argument, NULL, 'q'},
		{"no-clusters", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0}};
	const char *db = CLI_DEFAULT_DB;
	bool no_clusters = false;
	struct run r = {.max_size = CLI_DEFAULT_MAX_FILE};
	r.opts.format = FORMAT_UNKNOWN;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		int64_t n;
		switch (c) {
		case 'd': db = optarg; break;
		case 'f':
			if (!format_from_name(optarg, &r.opts.format)) {
				fprintf(stderr,
					"offwire ingest: unknown format '%s'; "
					"known: %s\n",
					optarg, formats_list());
				return CLI_USAGE;
			}
			break;
		case 's': r.opts.source = optarg; break;
		case 'm':
			if (!str_parse_i64(optarg, &n) || n < 1) {
				fprintf(stderr, "offwire ingest: --max-size "
						"wants a positive number\n");
				return CLI_USAGE;
			}
			r.max_size = (size_t)n;
			break;
		case 'q': r.quiet = true; break;
		case 'n': no_clusters = true; break;
		case 'h': help_print(stdout, "ingest"); return CLI_OK;
		default: help_print(stderr, "ingest"); return CLI_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "offwire ingest: no input given (files, "
				"directories or - for stdin)\n");
		return CLI_USAGE;
	}
	struct ow_err err = {0};
	if (store_open(db, NULL, &r.store, &err)) {
		fprintf(stderr, "offwire ingest: %s\n", err.msg);
		return CLI_FAILED;
	}
	struct ingest_clusters *clusters = NULL;
	if (!no_clusters &&
	    ingest_clusters_attach(r.store, NULL, &clusters, &err))
		fprintf(stderr, "offwire ingest: clusters are off: %s\n",
			err.msg);
	buf_init(&r.out, BATCH_OUTPUT);
	for (int i = optind; i < argc && !r.failed; i++)
		ingest_path(&r, argv[i], 0);
	flush_batch(&r);
	buf_free(&r.out);
	ingest_clusters_detach(clusters);
	store_close(r.store);
	fprintf(stderr,
		"offwire ingest: %zu accepted (%zu versions, %zu duplicates), "
		"%zu rejected%s\n",
		r.accepted, r.versions, r.duplicates, r.rejected,
		r.failed ? "; stopped: the store failed" : "");
	if (r.failed)
		return CLI_FAILED;
	return r.rejected ? CLI_REJECTED : CLI_OK;
}
