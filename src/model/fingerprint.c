/* Content fingerprints for exact-duplicate detection. Fields are separated
 * by a byte no field holds, so ("ab","c") and ("a","bc") differ. */
#include "model/model.h"

#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>

static void put(struct sha256_ctx *c, const char *s)
{
	if (s)
		sha256_update(c, strlen(s), (const uint8_t *)s);
	sha256_update(c, 1, (const uint8_t *)"\x1e");
}

static void put_i64(struct sha256_ctx *c, int64_t v)
{
	uint8_t b[8]; /* fixed width and byte order: stable across hosts */
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)((uint64_t)v >> (8 * i));
	sha256_update(c, sizeof b, b);
}

void version_fingerprint(const struct version *v, char out[65])
{
	struct sha256_ctx c;
	sha256_init(&c);
	put(&c, v->source);
	put(&c, v->item_id);
	put_i64(&c, v->item_version);
	put(&c, v->evolved_from);
	put(&c, signal_name(v->signal));
	put(&c, v->mark);
	put_i64(&c, v->pubstatus);
	put_i64(&c, v->priority);
	put(&c, v->slug);
	put(&c, v->headline);
	put(&c, v->byline);
	put(&c, v->ednote);
	put_i64(&c, v->embargo);
	put_i64(&c, v->embargo_held);
	put_i64(&c, v->versioncreated);
	for (size_t i = 0; i < v->n_paras; i++) {
		put_i64(&c, v->paras[i].kind);
		put(&c, v->paras[i].text);
	}
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_digest(&c, sizeof d, d);
	for (size_t i = 0; i < sizeof d; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}
