/* PLACEHOLDER: the site's routes, being written. */
#include "serve/routes.h"

static void todo(const struct route_args *a)
{
	http_send_error(a->req, 501, "not_implemented", "the site is coming");
}

void route_home(const struct route_args *a)
{
	todo(a);
}
void route_section(const struct route_args *a)
{
	todo(a);
}
void route_source(const struct route_args *a)
{
	todo(a);
}
void route_story_page(const struct route_args *a)
{
	todo(a);
}
void route_story_history_page(const struct route_args *a)
{
	todo(a);
}
void route_search_page(const struct route_args *a)
{
	todo(a);
}
void route_font_pref(const struct route_args *a)
{
	todo(a);
}
void route_static(const struct route_args *a)
{
	todo(a);
}
void route_embed_ticker(const struct route_args *a)
{
	todo(a);
}
void route_embed_script(const struct route_args *a)
{
	todo(a);
}
