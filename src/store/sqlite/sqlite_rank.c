/* ow_rank(): the FTS5 ranking function search uses. It is FTS5's own bm25()
 * (same k1 and b, the same per-column weights, the same IDF formula), except
 * that each phrase's document count comes in as an argument. bm25() counts
 * them itself on every query by running each phrase over the whole index,
 * which for a common word, a phrase with "of" in it or a prefix costs 10-30
 * ms on a million stories; the store keeps the counts (sqlite_search.c).
 *
 *   ow_rank(story_fts, cap, w1 .. wNCOL, n1 .. nP)
 *
 * cap: score only the first `cap` rows of the statement and answer NULL for
 * the rest (0: no cap; search scans newest first, so this ranks the newest
 * matches and still lets the same pass count the others cheaply); w: the
 * weight of a match in each column; n: the number of documents the query's
 * i-th phrase matches (a phrase given no count is counted here, as bm25()
 * would). Returns minus the score, like bm25(): lower ranks first.
 *
 * Built into offwire (sq_rank_register) and, with OW_RANK_EXTENSION, as a
 * loadable extension for the sqlite3 CLI (bench/search runs offwire's very
 * statements through it). */
#ifdef OW_RANK_EXTENSION
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1
#else
#include "store/sqlite/sqlite_int.h"
#endif

#include <math.h>
#include <stddef.h>

#define RANK_K1 1.2
#define RANK_B 0.75
#define RANK_MAX_COLS 16

struct rank_data {
	int n_phrase;
	sqlite3_int64 rows; /* rows scored so far */
	double avgdl;
	double *idf;  /* per phrase */
	double *freq; /* per phrase, reused row to row */
};

static int count_hit(const Fts5ExtensionApi *api, Fts5Context *fts, void *user)
{
	(void)api;
	(void)fts;
	(*(sqlite3_int64 *)user)++;
	return SQLITE_OK;
}

/* The per-statement data: IDF per phrase and the mean document length. */
static int rank_setup(const Fts5ExtensionApi *api, Fts5Context *fts, int n_col,
		      int n_val, sqlite3_value **val, struct rank_data **out)
{
	int np = api->xPhraseCount(fts);
	struct rank_data *d = sqlite3_malloc64(
		sizeof *d + 2 * (sqlite3_uint64)(np + 1) * sizeof(double));
	if (!d)
		return SQLITE_NOMEM;
	d->n_phrase = np;
	d->rows = 0;
	d->idf = (double *)(d + 1);
	d->freq = d->idf + np + 1;
	sqlite3_int64 rows = 0, tokens = 0;
	int rc = api->xRowCount(fts, &rows);
	if (rc == SQLITE_OK)
		rc = api->xColumnTotalSize(fts, -1, &tokens);
	d->avgdl = rows > 0 ? (double)tokens / (double)rows : 1.0;
	for (int i = 0; rc == SQLITE_OK && i < np; i++) {
		sqlite3_int64 hits = 0;
		if (n_val > n_col + i &&
		    sqlite3_value_type(val[n_col + i]) != SQLITE_NULL)
			hits = sqlite3_value_int64(val[n_col + i]);
		else
			rc = api->xQueryPhrase(fts, i, &hits, count_hit);
		double idf = log(((double)rows - (double)hits + 0.5) /
				 ((double)hits + 0.5));
		d->idf[i] = idf <= 0.0 ? 1e-6 : idf;
	}
	if (rc == SQLITE_OK)
		rc = api->xSetAuxdata(fts, d, sqlite3_free);
	if (rc != SQLITE_OK) {
		sqlite3_free(d);
		return rc;
	}
	*out = d;
	return SQLITE_OK;
}

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
		    sqlite3_context *ctx, int n_val, sqlite3_value **val)
{
	int n_col = api->xColumnCount(fts);
	if (n_col > RANK_MAX_COLS)
		n_col = RANK_MAX_COLS;
	sqlite3_int64 cap = n_val > 0 ? sqlite3_value_int64(val[0]) : 0;
	if (n_val > 0) {
		val++;
		n_val--;
	}
	struct rank_data *d = api->xGetAuxdata(fts, 0);
	int rc = SQLITE_OK;
	if (!d)
		rc = rank_setup(api, fts, n_col, n_val, val, &d);
	if (rc == SQLITE_OK && cap > 0 && ++d->rows > cap) {
		sqlite3_result_null(ctx);
		return;
	}
	double w[RANK_MAX_COLS];
	for (int c = 0; c < n_col; c++)
		w[c] = n_val > c ? sqlite3_value_double(val[c]) : 1.0;
	int n_inst = 0;
	if (rc == SQLITE_OK)
		rc = api->xInstCount(fts, &n_inst);
	if (rc == SQLITE_OK) {
		for (int i = 0; i < d->n_phrase; i++)
			d->freq[i] = 0.0;
		for (int i = 0; rc == SQLITE_OK && i < n_inst; i++) {
			int ip, ic, io;
			rc = api->xInst(fts, i, &ip, &ic, &io);
			if (rc == SQLITE_OK && ip >= 0 && ip < d->n_phrase)
				d->freq[ip] +=
					ic >= 0 && ic < n_col ? w[ic] : 1.0;
		}
	}
	int len = 0;
	if (rc == SQLITE_OK)
		rc = api->xColumnSize(fts, -1, &len);
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	double score = 0.0, norm = RANK_K1 * (1.0 - RANK_B +
					      RANK_B * (double)len / d->avgdl);
	for (int i = 0; i < d->n_phrase; i++)
		score += d->idf[i] * (d->freq[i] * (RANK_K1 + 1.0)) /
			 (d->freq[i] + norm);
	sqlite3_result_double(ctx, -score);
}

/* Adds ow_rank to the FTS5 module of db. */
static int rank_register(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
		rc = sqlite3_finalize(st);
	}
	if (rc == SQLITE_OK && !api)
		rc = SQLITE_ERROR;
	if (rc == SQLITE_OK)
		rc = api->xCreateFunction(api, "ow_rank", NULL, rank_fn, NULL);
	return rc;
}

#ifdef OW_RANK_EXTENSION
#ifdef _WIN32
__declspec(dllexport)
#endif
	int sqlite3_extension_init(sqlite3 *db, char **err,
				   const sqlite3_api_routines *routines);

int sqlite3_extension_init(sqlite3 *db, char **err,
			   const sqlite3_api_routines *routines)
{
	SQLITE_EXTENSION_INIT2(routines);
	(void)err;
	return rank_register(db);
}
#else
int sq_rank_register(sqlite3 *db)
{
	return rank_register(db);
}
#endif
