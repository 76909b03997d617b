/* Live push: SSE subscribers and long-poll waiters.
 *
 * Every subscriber has a cursor `last`, the newest event seq it has been
 * offered. While `last` is behind the newest event this node has seen, the
 * subscriber is catching up: a timer feeds it pages of events read from the
 * store, a page at a time and only while its output buffer is below the
 * bound, so a resume after a long absence neither gaps nor floods. Once
 * caught up it is fed live by push_deliver. Nothing is ever sent twice: an
 * event goes out only when its seq is above `last`, which then moves to it. */
#include "serve/push.h"

#include "render/render.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 200                   /* events per catch-up step */
#define STREAM_TIMEOUT (24 * 3600) /* an SSE connection may idle this long */

struct sub {
	struct sub *prev, *next;
	struct push *p;
	struct evhttp_request *req;
	struct evhttp_connection *conn;
	struct push_filter f;
	int64_t last;
	struct event *catchup; /* armed while behind */
};

struct waiter {
	struct waiter *prev, *next;
	struct push *p;
	struct evhttp_request *req;
	struct evhttp_connection *conn;
	struct event *timer;
	int64_t after;
	int limit;
};

struct push {
	struct event_base *base;
	struct store *store;
	struct sub *subs;
	struct waiter *waiters;
	size_t n_subs;
	size_t max_buffer;
	int64_t seq; /* newest event delivered */
	struct event *heartbeat;
};

/* ------------------------------------------------------------- encoding */

char *push_event_json(const struct store_event *e)
{
	json_t *story = render_summary(&e->sum);
	json_object_set_new(story, "state",
			    json_string(story_state_name(e->sum.state)));
	json_t *o = json_pack("{s:I, s:s, s:o, s:o}", "seq", (json_int_t)e->seq,
			      "kind", e->kind, "at", render_time(e->at),
			      "story", story);
	char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	return s;
}

/* "id: 42\nevent: version\ndata: {...}\n\n" */
static int frame(struct evbuffer *b, const struct store_event *e,
		 const char *json)
{
	return evbuffer_add_printf(b, "id: %lld\nevent: %s\ndata: %s\n\n",
				   (long long)e->seq, e->kind, json) < 0;
}

/* ------------------------------------------------------------ filtering */

static bool has_section(const char *sections, const char *want)
{
	if (!sections)
		return false;
	size_t wl = strlen(want);
	const char *p = sections;
	while (*p) {
		const char *end = strchr(p, '\x1e');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *us = memchr(p, '\x1f', len);
		size_t nl = us ? (size_t)(us - p) : len;
		if (nl == wl && !strncasecmp(p, want, wl))
			return true;
		if (us && len - nl - 1 == wl && !strncmp(us + 1, want, wl))
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

static bool wanted(struct push *p, const struct push_filter *f,
		   const struct store_event *e)
{
	if (f->source && (!e->sum.source || strcmp(f->source, e->sum.source)))
		return false;
	if (f->priority && !(e->sum.priority && e->sum.priority <= f->priority))
		return false;
	if (f->section && !has_section(e->sections, f->section))
		return false;
	if (f->query && strcmp(e->kind, "kill")) {
		bool yes = false;
		struct ow_err err = {0};
		if (store_story_matches(p->store, e->story_id, f->query, &yes,
					&err) ||
		    !yes)
			return false;
	}
	return true;
}

/* ---------------------------------------------------------- subscribers */

static size_t pending_output(struct sub *s)
{
	struct bufferevent *bev = evhttp_connection_get_bufferevent(s->conn);
	return bev ? evbuffer_get_length(bufferevent_get_output(bev)) : 0;
}

static void unlink_sub(struct sub *s)
{
	struct push *p = s->p;
	if (s->prev)
		s->prev->next = s->next;
	else
		p->subs = s->next;
	if (s->next)
		s->next->prev = s->prev;
	p->n_subs--;
	if (s->catchup)
		event_free(s->catchup);
	free(s->f.source);
	free(s->f.section);
	free(s->f.query);
	free(s);
}

static void on_sub_close(struct evhttp_connection *conn, void *arg)
{
	(void)conn;
	unlink_sub(arg);
}

/* Cuts a subscriber off: its connection is closed and it may resume. */
static void cut_off(struct sub *s)
{
	struct evhttp_connection *conn = s->conn;
	evhttp_connection_set_closecb(conn, NULL, NULL);
	unlink_sub(s);
	evhttp_connection_free(conn);
}

static void send_buf(struct sub *s, struct evbuffer *b)
{
	evhttp_send_reply_chunk(s->req, b);
}

/* Feeds a subscriber that is behind: one page now, the next on the timer. */
static void catch_up(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct sub *s = arg;
	struct push *p = s->p;
	if (pending_output(s) > p->max_buffer / 2) {
		/* it is draining what it has; look again shortly */
		struct timeval tv = {0, 20000};
		evtimer_add(s->catchup, &tv);
		return;
	}
	struct arena *a = arena_new();
	struct store_event *ev = NULL;
	size_t n = 0;
	struct ow_err err = {0};
	if (!a ||
	    store_events_after(p->store, s->last, PAGE, a, &ev, &n, &err)) {
		arena_free(a);
		cut_off(s); /* the store is failing: it will resume later */
		return;
	}
	struct evbuffer *b = evbuffer_new();
	for (size_t i = 0; b && i < n && ev[i].seq <= p->seq; i++) {
		if (wanted(p, &s->f, &ev[i])) {
			char *json = push_event_json(&ev[i]);
			if (json)
				frame(b, &ev[i], json);
			free(json);
		}
		s->last = ev[i].seq;
	}
	if (b && evbuffer_get_length(b))
		send_buf(s, b);
	if (b)
		evbuffer_free(b);
	arena_free(a);
	if (n < PAGE || s->last >= p->seq) {
		/* the page ran out below the live edge: nothing more is stored
		 * up to p->seq, so it is caught up */
		if (s->last < p->seq)
			s->last = p->seq;
		return;
	}
	struct timeval tv = {0, 0};
	evtimer_add(s->catchup, &tv);
}

void push_subscribe(struct push *p, struct evhttp_request *req,
		    struct push_filter *f, int64_t after)
{
	struct sub *s = calloc(1, sizeof *s);
	if (!s) {
		free(f->source);
		free(f->section);
		free(f->query);
		evhttp_send_error(req, 503, "out of memory");
		return;
	}
	s->p = p;
	s->req = req;
	s->conn = evhttp_request_get_connection(req);
	s->f = *f;
	s->last = after < 0 ? p->seq : after;
	s->catchup = evtimer_new(p->base, catch_up, s);
	s->next = p->subs;
	if (p->subs)
		p->subs->prev = s;
	p->subs = s;
	p->n_subs++;
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	evhttp_add_header(h, "Content-Type",
			  "text/event-stream; charset=utf-8");
	evhttp_add_header(h, "Cache-Control", "no-cache");
	evhttp_add_header(h, "X-Accel-Buffering", "no");
	evhttp_add_header(h, "Access-Control-Allow-Origin", "*");
	evhttp_connection_set_timeout(s->conn, STREAM_TIMEOUT);
	evhttp_connection_set_closecb(s->conn, on_sub_close, s);
	evhttp_send_reply_start(req, 200, "OK");
	struct evbuffer *b = evbuffer_new();
	if (b) {
		evbuffer_add_printf(
			b, "retry: 3000\n: offwire stream from %lld\n\n",
			(long long)s->last);
		send_buf(s, b);
		evbuffer_free(b);
	}
	if (s->last < p->seq) {
		struct timeval tv = {0, 0};
		evtimer_add(s->catchup, &tv);
	}
}

size_t push_subscribers(const struct push *p)
{
	return p->n_subs;
}

/* -------------------------------------------------------------- waiters */

static void unlink_waiter(struct waiter *w)
{
	struct push *p = w->p;
	if (w->prev)
		w->prev->next = w->next;
	else
		p->waiters = w->next;
	if (w->next)
		w->next->prev = w->prev;
	event_free(w->timer);
	free(w);
}

static void on_waiter_close(struct evhttp_connection *conn, void *arg)
{
	(void)conn;
	unlink_waiter(arg);
}

/* Answers a poll with the events after `after` (possibly none). */
static void answer(struct push *p, struct evhttp_request *req, int64_t after,
		   int limit)
{
	struct arena *a = arena_new();
	struct store_event *ev = NULL;
	size_t n = 0;
	struct ow_err err = {0};
	if (!a ||
	    store_events_after(p->store, after, limit, a, &ev, &n, &err)) {
		arena_free(a);
		evhttp_send_error(req, 503, "store unavailable");
		return;
	}
	json_t *items = json_array();
	int64_t next = after;
	for (size_t i = 0; i < n && ev[i].seq <= p->seq; i++) {
		char *js = push_event_json(&ev[i]);
		json_t *o = js ? json_loads(js, 0, NULL) : NULL;
		free(js);
		if (o)
			json_array_append_new(items, o);
		next = ev[i].seq;
	}
	json_t *out = json_pack("{s:o, s:I}", "items", items, "next",
				(json_int_t)next);
	char *body = json_dumps(out, JSON_COMPACT);
	json_decref(out);
	struct evbuffer *b = evbuffer_new();
	if (body && b) {
		evbuffer_add(b, body, strlen(body));
		evhttp_add_header(evhttp_request_get_output_headers(req),
				  "Content-Type",
				  "application/json; charset=utf-8");
		evhttp_send_reply(req, 200, "OK", b);
	} else {
		evhttp_send_error(req, 500, "out of memory");
	}
	if (b)
		evbuffer_free(b);
	free(body);
	arena_free(a);
}

static void on_wait_timeout(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct waiter *w = arg;
	evhttp_connection_set_closecb(w->conn, NULL, NULL);
	answer(w->p, w->req, w->after, w->limit);
	unlink_waiter(w);
}

void push_wait(struct push *p, struct evhttp_request *req, int64_t after,
	       int wait_seconds, int limit)
{
	if (after < p->seq || wait_seconds <= 0) {
		answer(p, req, after, limit);
		return;
	}
	struct waiter *w = calloc(1, sizeof *w);
	if (!w) {
		evhttp_send_error(req, 503, "out of memory");
		return;
	}
	w->p = p;
	w->req = req;
	w->conn = evhttp_request_get_connection(req);
	w->after = after;
	w->limit = limit;
	w->timer = evtimer_new(p->base, on_wait_timeout, w);
	w->next = p->waiters;
	if (p->waiters)
		p->waiters->prev = w;
	p->waiters = w;
	evhttp_connection_set_closecb(w->conn, on_waiter_close, w);
	struct timeval tv = {wait_seconds, 0};
	evtimer_add(w->timer, &tv);
}

/* ------------------------------------------------------------- delivery */

void push_deliver(struct push *p, const struct store_event *ev, size_t n)
{
	if (!n)
		return;
	int64_t before = p->seq;
	for (size_t i = 0; i < n; i++)
		if (ev[i].seq > p->seq)
			p->seq = ev[i].seq;
	char **json = calloc(n, sizeof *json);
	for (size_t i = 0; json && i < n; i++)
		json[i] = push_event_json(&ev[i]);
	struct sub *next;
	for (struct sub *s = p->subs; s; s = next) {
		next = s->next;
		if (s->last < before) {
			/* still catching up from the store: it will read these
			 * there, in order */
			continue;
		}
		struct evbuffer *b = evbuffer_new();
		for (size_t i = 0; b && json && i < n; i++) {
			if (ev[i].seq <= s->last)
				continue;
			if (json[i] && wanted(p, &s->f, &ev[i]))
				frame(b, &ev[i], json[i]);
			s->last = ev[i].seq;
		}
		if (b && evbuffer_get_length(b)) {
			if (pending_output(s) + evbuffer_get_length(b) >
			    p->max_buffer) {
				/* a slow consumer: cut off, others unharmed;
				 * it resumes from its Last-Event-ID */
				evbuffer_free(b);
				cut_off(s);
				continue;
			}
			send_buf(s, b);
		}
		if (b)
			evbuffer_free(b);
	}
	for (size_t i = 0; json && i < n; i++)
		free(json[i]);
	free(json);
	struct waiter *wn;
	for (struct waiter *w = p->waiters; w; w = wn) {
		wn = w->next;
		if (w->after < p->seq) {
			evhttp_connection_set_closecb(w->conn, NULL, NULL);
			answer(p, w->req, w->after, w->limit);
			unlink_waiter(w);
		}
	}
}

/* ------------------------------------------------------------ lifecycle */

static void on_heartbeat(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct push *p = arg;
	struct sub *next;
	for (struct sub *s = p->subs; s; s = next) {
		next = s->next;
		if (pending_output(s) > p->max_buffer) {
			cut_off(s);
			continue;
		}
		struct evbuffer *b = evbuffer_new();
		if (b) {
			evbuffer_add(b, ": heartbeat\n\n", 13);
			send_buf(s, b);
			evbuffer_free(b);
		}
	}
}

struct push *push_new(struct event_base *base, struct store *s,
		      int heartbeat_seconds, size_t max_buffer)
{
	struct push *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->base = base;
	p->store = s;
	p->max_buffer = max_buffer;
	struct ow_err err = {0};
	store_last_seq(s, &p->seq, &err);
	p->heartbeat = event_new(base, -1, EV_PERSIST, on_heartbeat, p);
	struct timeval tv = {heartbeat_seconds > 0 ? heartbeat_seconds : 15, 0};
	if (p->heartbeat)
		event_add(p->heartbeat, &tv);
	return p;
}

void push_free(struct push *p)
{
	if (!p)
		return;
	/* at shutdown each stream is ended as a reply, so evhttp frees the
	 * request with its connection (freeing the connection under a reply
	 * in progress leaked the request) */
	while (p->subs) {
		struct sub *s = p->subs;
		struct evhttp_request *req = s->req;
		evhttp_connection_set_closecb(s->conn, NULL, NULL);
		unlink_sub(s);
		evhttp_send_reply_end(req);
	}
	while (p->waiters) {
		struct waiter *w = p->waiters;
		evhttp_connection_set_closecb(w->conn, NULL, NULL);
		unlink_waiter(w);
	}
	if (p->heartbeat)
		event_free(p->heartbeat);
	free(p);
}
