/* PLACEHOLDER: Atom and RSS feeds, being written. */
#include "serve/routes.h"

void route_feed_atom(const struct route_args *a)
{
	http_send_error(a->req, 501, "not_implemented", "feeds are coming");
}

void route_feed_rss(const struct route_args *a)
{
	http_send_error(a->req, 501, "not_implemented", "feeds are coming");
}
