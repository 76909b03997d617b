/* Private to src/serve: the one hook routes_feeds.c offers the JSON story
 * route, so that GET /api/v1/stories/{id} can answer in NITF or NewsML-G2.
 * (It belongs next to the other route helpers in routes.h; it lives here
 * while that file has another owner.) */
#ifndef OW_ROUTES_FEEDS_INT_H
#define OW_ROUTES_FEEDS_INT_H

#include <stdbool.h>

#include "serve/routes.h"

/* For a story route_load_visible allowed: answers in NITF 3.6 or as a
 * NewsML-G2 newsItem when ?format=nitf|newsmlg2 or the Accept header asks
 * for one of application/vnd.iptc.nitf+xml, application/nitf+xml,
 * application/vnd.iptc.g2.newsitem+xml (400 for an unknown ?format=), and
 * returns true; returns false to leave the JSON answer to the caller. Adds
 * "Vary: Accept" either way. */
bool route_story_formats(const struct route_args *a, const struct story *st);

#endif
