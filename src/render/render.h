/* Rendering the store's stories for machines: IPTC ninjs 2.x documents, list
 * and ticker items, version histories. Pure: store structs in, jansson
 * values out (returned owned: json_decref them). HTML pages and feeds are
 * their own files in this folder. */
#ifndef OW_RENDER_H
#define OW_RENDER_H

#include <jansson.h>

#include "store/store.h"

/* "2015-01-10T08:12:00Z"; a JSON null for 0. */
json_t *render_time(int64_t t);
/* The story's current view as an IPTC ninjs 2.x document. */
json_t *render_story_ninjs(const struct story *st);
/* One line of a list: id, headline, source, priority, times, url. */
json_t *render_summary(const struct story_summary *s);
/* {"items": [...], "next": cursor|null} */
json_t *render_page(const struct story_page *p);
/* The ticker: [{id, headline, priority, source, versioncreated, url}] */
json_t *render_ticker(const struct story_page *p);
/* One version as the versions API shows it, with how it was linked. */
json_t *render_version(const struct version *v);
/* A killed story's notice: {"error": "gone", "id", "headline", "notice"}. */
json_t *render_kill_notice(const struct story *st);
/* The site path of a story: "/stories/42" (into out, at least 32 bytes). */
void render_story_path(int64_t id, char *out, size_t n);
/* Serialises compactly; returns owned (free()). */
char *render_dump(json_t *j);

#endif
