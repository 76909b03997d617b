/* Live push: SSE subscribers and long-poll waiters.
 *
 * Every subscriber has a cursor `last`, the newest event seq it has been
 * offered. While `last` is behind the newest event this node has seen, the
 * subscriber is catching up: a timer feeds it pages of events read from the
 * store, a page at a time and only while its output buffer is below the
 * bound, so a resume after a long absence neither gaps nor floods. Once
 * caught up it is fed live by push_deliver. Nothing is ever sent twice: an
 * event goes out only when its seq is above `last`, which then moves to it.
 *
 * With a pool of database workers, every store read here (a catch-up page,
 * a long-poll answer, the word filters) runs on the pool's EVENTS lane and
 * its result is sent on the loop thread; a subscriber with a read in
 * flight is `busy`, and one that goes away meanwhile is freed when the read
 * comes back. Without one the store is called in place. */
#include "serve/push.h"

#include "common/buf.h"
#include "render/render.h"
#include "serve/pool.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#define PAGE 200                   /* events per catch-up step */
#define STREAM_TIMEOUT (24 * 3600) /* an SSE connection may idle this long */
#define PAGE_MAX (64u << 20)       /* bytes of frames in one page, at most */
#define IOV_FRAMES 256             /* frames in one write to a subscriber */

struct sub {
	struct sub *prev, *next;
	struct push *p;
	struct evhttp_request *req;
	struct evhttp_connection *conn;
	struct push_filter f;
	int64_t last;
	struct event *catchup; /* armed while behind */
	bool chunked;          /* the stream is HTTP/1.1 chunked */
	bool busy;             /* a catch-up read is on a worker */
	bool dead;             /* gone while busy: freed when it returns */
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
	struct store *store; /* NULL with a pool */
	struct pool *pool;
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

/* Appends "id: 42\nevent: version\ndata: {...}\n\n" to out (its err
 * says whether it could). */
static void frame_add(struct buf *out, const struct store_event *e)
{
	char *json = push_event_json(e);
	if (json)
		buf_printf(out, "id: %lld\nevent: %s\ndata: %s\n\n",
			   (long long)e->seq, e->kind, json);
	free(json);
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

struct push_match {
	struct push_filter *f; /* distinct filters with words (owned) */
	size_t nf;
	bool *yes; /* [event * nf + filter], once filled */
	size_t n;  /* events filled */
};

static bool str_same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool filter_same(const struct push_filter *a,
			const struct push_filter *b)
{
	return a->priority == b->priority && str_same(a->source, b->source) &&
	       str_same(a->section, b->section) && str_same(a->query, b->query);
}

enum { NO = 0, YES = 1, ASK = -1 };

/* Whether f takes event i of ev: the store answers the words (st), else
 * m, else ASK (a worker must). */
static int wanted(struct store *st, const struct push_filter *f,
		  const struct store_event *e, const struct push_match *m,
		  size_t i)
{
	if (f->source && (!e->sum.source || strcmp(f->source, e->sum.source)))
		return NO;
	if (f->priority && !(e->sum.priority && e->sum.priority <= f->priority))
		return NO;
	if (f->section && !has_section(e->sections, f->section))
		return NO;
	if (!f->query || !strcmp(e->kind, "kill"))
		return YES;
	for (size_t k = 0; m && m->yes && i < m->n && k < m->nf; k++)
		if (filter_same(&m->f[k], f))
			return m->yes[i * m->nf + k] ? YES : NO;
	if (!st)
		return ASK;
	bool yes = false;
	struct ow_err err = {0};
	if (store_story_matches(st, e->story_id, f->query, &yes, &err) || !yes)
		return NO;
	return YES;
}

static void filter_free(struct push_filter *f)
{
	free(f->source);
	free(f->section);
	free(f->query);
	memset(f, 0, sizeof *f);
}

static int filter_copy(struct push_filter *to, const struct push_filter *f)
{
	*to = (struct push_filter){.priority = f->priority};
	if ((f->source && !(to->source = strdup(f->source))) ||
	    (f->section && !(to->section = strdup(f->section))) ||
	    (f->query && !(to->query = strdup(f->query)))) {
		filter_free(to);
		return OW_ENOMEM;
	}
	return 0;
}

struct push_match *push_match_take(const struct push *p)
{
	struct push_match *m = NULL;
	size_t cap = 0;
	for (struct sub *s = p->subs; s; s = s->next) {
		if (!s->f.query || s->busy || s->last < p->seq)
			continue; /* no words, or caught up from the store */
		bool seen = false;
		for (size_t k = 0; m && k < m->nf && !seen; k++)
			seen = filter_same(&m->f[k], &s->f);
		if (seen)
			continue;
		if (!m && !(m = calloc(1, sizeof *m)))
			return NULL;
		if (m->nf == cap) {
			size_t nc = cap ? cap * 2 : 8;
			struct push_filter *nf = realloc(m->f, nc * sizeof *nf);
			if (!nf)
				break; /* the rest are caught up instead */
			m->f = nf;
			cap = nc;
		}
		if (filter_copy(&m->f[m->nf], &s->f))
			break;
		m->nf++;
	}
	return m;
}

void push_match_fill(struct push_match *m, struct store *s,
		     const struct store_event *ev, size_t n)
{
	if (!m || !n || !(m->yes = calloc(n * m->nf, sizeof *m->yes)))
		return;
	m->n = n;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < m->nf; k++)
			m->yes[i * m->nf + k] =
				wanted(s, &m->f[k], &ev[i], NULL, 0) == YES;
}

void push_match_free(struct push_match *m)
{
	if (!m)
		return;
	for (size_t k = 0; k < m->nf; k++)
		filter_free(&m->f[k]);
	free(m->f);
	free(m->yes);
	free(m);
}

/* ---------------------------------------------------------- subscribers */

static size_t pending_output(struct sub *s)
{
	struct bufferevent *bev = evhttp_connection_get_bufferevent(s->conn);
	return bev ? evbuffer_get_length(bufferevent_get_output(bev)) : 0;
}

static void sub_free(struct sub *s)
{
	if (s->catchup)
		event_free(s->catchup);
	filter_free(&s->f);
	free(s);
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
	if (s->busy)
		s->dead = true; /* its read comes back to free it */
	else
		sub_free(s);
}

static void on_sub_close(struct evhttp_connection *conn, void *arg)
{
	(void)conn;
	struct sub *s = arg;
	/* a client that went away (EOF, timeout) leaves its request detached
	 * from the connection, and evhttp frees only attached ones: the
	 * stream's request is freed here or never */
	if (!evhttp_request_get_connection(s->req))
		evhttp_request_free(s->req);
	unlink_sub(s);
}

/* Cuts a subscriber off: its connection is closed and it may resume. */
static void cut_off(struct sub *s)
{
	struct evhttp_connection *conn = s->conn;
	evhttp_connection_set_closecb(conn, NULL, NULL);
	unlink_sub(s);
	evhttp_connection_free(conn);
}

/* Sends the pieces as one chunk of the stream. When nothing is waiting in
 * the connection's output it is written to the socket at once: evhttp
 * would queue it and wait for the socket to be reported writable, two
 * epoll_ctl calls and a loop turn per subscriber per event, which at ten
 * thousand subscribers is most of the delivery time. Whatever the socket
 * does not take, and everything while output is waiting, goes to the
 * connection's buffer in order, written as evhttp writes. */
static void send_iov(struct sub *s, const struct iovec *piece, int n)
{
	size_t total = 0;
	for (int i = 0; i < n; i++)
		total += piece[i].iov_len;
	if (!total)
		return;
	struct bufferevent *bev = evhttp_connection_get_bufferevent(s->conn);
	if (!bev)
		return;
	struct evbuffer *out = bufferevent_get_output(bev);
	struct iovec iov[IOV_FRAMES + 2];
	int k = 0;
	char head[24];
	if (s->chunked) {
		int hl = snprintf(head, sizeof head, "%zx\r\n", total);
		iov[k++] = (struct iovec){head, (size_t)hl};
	}
	for (int i = 0; i < n && k < IOV_FRAMES + 1; i++)
		iov[k++] = piece[i];
	if (s->chunked)
		iov[k++] = (struct iovec){"\r\n", 2};
	size_t done = 0;
	evutil_socket_t fd = bufferevent_getfd(bev);
	if (fd >= 0 && evbuffer_get_length(out) == 0) {
		ssize_t w = writev(fd, iov, k);
		if (w > 0)
			done = (size_t)w;
	}
	for (int i = 0; i < k; i++) {
		if (done >= iov[i].iov_len) {
			done -= iov[i].iov_len;
			continue;
		}
		evbuffer_add(out, (const char *)iov[i].iov_base + done,
			     iov[i].iov_len - done);
		done = 0;
	}
}

static void send_bytes(struct sub *s, const char *bytes, size_t len)
{
	struct iovec piece = {(void *)bytes, len};
	send_iov(s, &piece, 1);
}

/* One page of catch-up: the frames of the events after `after`, up to
 * `limit`, that f takes; *last the newest event looked at, *n how many the
 * store returned. Any thread, with its own handle. */
static int catchup_page(struct store *st, int64_t after, int64_t limit,
			const struct push_filter *f, struct buf *out,
			int64_t *last, size_t *n)
{
	struct arena *a = arena_new();
	struct store_event *ev = NULL;
	struct ow_err err = {0};
	*n = 0;
	if (!a || store_events_after(st, after, PAGE, a, &ev, n, &err)) {
		arena_free(a);
		return a ? err.code : OW_ENOMEM;
	}
	for (size_t i = 0; i < *n && ev[i].seq <= limit; i++) {
		if (wanted(st, f, &ev[i], NULL, 0) == YES)
			frame_add(out, &ev[i]);
		*last = ev[i].seq;
	}
	arena_free(a);
	return out->err;
}

static void arm_catchup(struct sub *s, long usec)
{
	struct timeval tv = {0, usec};
	evtimer_add(s->catchup, &tv);
}

/* After a page: caught up to `limit` when the page ran out below it (the
 * store holds nothing more up to there), else the next page. */
static void catchup_advance(struct sub *s, int64_t last, size_t n,
			    int64_t limit)
{
	if (last > s->last)
		s->last = last;
	if (n < PAGE || s->last >= limit) {
		if (s->last < limit)
			s->last = limit;
		if (s->last < s->p->seq) /* more came while it read */
			arm_catchup(s, 0);
		return;
	}
	arm_catchup(s, 0);
}

struct catchup_job {
	struct pool_job job;
	struct sub *s;
	struct push_filter f;
	int64_t after, limit, last;
	size_t n;
	int rc;
	struct buf out;
};

static void catchup_work(struct pool_job *j, struct store *st)
{
	struct catchup_job *c = (struct catchup_job *)j;
	c->rc = catchup_page(st, c->after, c->limit, &c->f, &c->out, &c->last,
			     &c->n);
}

static void catchup_done(struct pool_job *j, bool ran)
{
	struct catchup_job *c = (struct catchup_job *)j;
	struct sub *s = c->s;
	s->busy = false;
	if (s->dead)
		sub_free(s);
	else if (ran && c->rc)
		cut_off(s); /* the store is failing: it will resume later */
	else if (ran) {
		send_bytes(s, c->out.p, c->out.len);
		catchup_advance(s, c->last, c->n, c->limit);
	}
	filter_free(&c->f);
	buf_free(&c->out);
	free(c);
}

/* Feeds a subscriber that is behind: one page now, the next on the timer. */
static void catch_up(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct sub *s = arg;
	struct push *p = s->p;
	if (s->busy)
		return;
	if (pending_output(s) > p->max_buffer / 2) {
		/* it is draining what it has; look again shortly */
		arm_catchup(s, 20000);
		return;
	}
	if (p->pool) {
		struct catchup_job *c = calloc(1, sizeof *c);
		if (!c || filter_copy(&c->f, &s->f)) {
			free(c);
			cut_off(s);
			return;
		}
		c->job.work = catchup_work;
		c->job.done = catchup_done;
		c->s = s;
		c->after = c->last = s->last;
		c->limit = p->seq;
		buf_init(&c->out, PAGE_MAX);
		s->busy = true;
		if (!pool_submit(p->pool, POOL_EVENTS, &c->job)) {
			s->busy = false;
			filter_free(&c->f);
			free(c);
			cut_off(s);
		}
		return;
	}
	struct buf out;
	buf_init(&out, PAGE_MAX);
	int64_t last = s->last;
	size_t n = 0;
	if (catchup_page(p->store, s->last, p->seq, &s->f, &out, &last, &n)) {
		buf_free(&out);
		cut_off(s); /* the store is failing: it will resume later */
		return;
	}
	send_bytes(s, out.p, out.len);
	buf_free(&out);
	catchup_advance(s, last, n, p->seq);
}

void push_subscribe(struct push *p, struct evhttp_request *req,
		    struct push_filter *f, int64_t after)
{
	struct sub *s = calloc(1, sizeof *s);
	if (!s) {
		filter_free(f);
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
	/* evhttp chose chunked (HTTP/1.1) or not (1.0) as it started */
	s->chunked = evhttp_find_header(h, "Transfer-Encoding") != NULL;
	char hello[80];
	int hl = snprintf(hello, sizeof hello,
			  "retry: 3000\n: offwire stream from %lld\n\n",
			  (long long)s->last);
	send_bytes(s, hello, (size_t)hl);
	if (s->last < p->seq)
		arm_catchup(s, 0);
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

/* A poll's answer: the events after `after` up to `limit` (possibly none),
 * as JSON (returns owned); NULL with *status 503 or 500. Any thread. */
static char *answer_body(struct store *st, int64_t after, int64_t limit,
			 int max, int *status)
{
	struct arena *a = arena_new();
	struct store_event *ev = NULL;
	size_t n = 0;
	struct ow_err err = {0};
	if (!a || store_events_after(st, after, max, a, &ev, &n, &err)) {
		arena_free(a);
		*status = 503;
		return NULL;
	}
	json_t *items = json_array();
	int64_t next = after;
	for (size_t i = 0; i < n && ev[i].seq <= limit; i++) {
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
	arena_free(a);
	*status = body ? 200 : 500;
	return body;
}

static void answer_send(struct evhttp_request *req, int status, char *body)
{
	struct evbuffer *b = body ? evbuffer_new() : NULL;
	if (body && b) {
		evbuffer_add(b, body, strlen(body));
		evhttp_add_header(evhttp_request_get_output_headers(req),
				  "Content-Type",
				  "application/json; charset=utf-8");
		evhttp_send_reply(req, 200, "OK", b);
	} else if (status == 503) {
		evhttp_send_error(req, 503, "store unavailable");
	} else {
		evhttp_send_error(req, 500, "out of memory");
	}
	if (b)
		evbuffer_free(b);
	free(body);
}

struct answer_job {
	struct pool_job job;
	struct evhttp_request *req;
	int64_t after, limit;
	int max, status;
	char *body;
};

static void answer_work(struct pool_job *j, struct store *st)
{
	struct answer_job *a = (struct answer_job *)j;
	a->body = answer_body(st, a->after, a->limit, a->max, &a->status);
}

static void answer_done(struct pool_job *j, bool ran)
{
	struct answer_job *a = (struct answer_job *)j;
	answer_send(a->req, ran ? a->status : 503, ran ? a->body : NULL);
	free(a);
}

/* Answers a poll with the events after `after` (possibly none). */
static void answer(struct push *p, struct evhttp_request *req, int64_t after,
		   int limit)
{
	if (!p->pool) {
		int status;
		char *body =
			answer_body(p->store, after, p->seq, limit, &status);
		answer_send(req, status, body);
		return;
	}
	struct answer_job *a = calloc(1, sizeof *a);
	if (!a) {
		answer_send(req, 500, NULL);
		return;
	}
	a->job.work = answer_work;
	a->job.done = answer_done;
	a->req = req;
	a->after = after;
	a->limit = p->seq;
	a->max = limit;
	if (!pool_submit(p->pool, POOL_EVENTS, &a->job)) {
		free(a);
		answer_send(req, 503, NULL);
	}
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

void push_deliver(struct push *p, const struct store_event *ev, size_t n,
		  const struct push_match *m)
{
	if (!n)
		return;
	int64_t before = p->seq;
	for (size_t i = 0; i < n; i++)
		if (ev[i].seq > p->seq)
			p->seq = ev[i].seq;
	/* each frame is made once and written to every subscriber that wants
	 * it from the same bytes */
	struct buf *fr = calloc(n, sizeof *fr);
	struct iovec *pick = calloc(n, sizeof *pick);
	for (size_t i = 0; fr && i < n; i++) {
		buf_init(&fr[i], PAGE_MAX);
		frame_add(&fr[i], &ev[i]);
	}
	struct sub *next;
	for (struct sub *s = p->subs; fr && pick && s; s = next) {
		next = s->next;
		if (s->last < before || s->busy) {
			/* still catching up from the store: it will read these
			 * there, in order */
			continue;
		}
		size_t k = 0, bytes = 0;
		bool ask = false;
		for (size_t i = 0; i < n; i++) {
			if (ev[i].seq <= s->last)
				continue;
			int w = wanted(p->store, &s->f, &ev[i], m, i);
			if (w == ASK) {
				/* words only the store can match: it is
				 * caught up from here on a worker */
				ask = true;
				break;
			}
			if (w == YES && !fr[i].err && fr[i].len) {
				pick[k++] = (struct iovec){fr[i].p, fr[i].len};
				bytes += fr[i].len;
			}
			s->last = ev[i].seq;
		}
		if (k && pending_output(s) + bytes > p->max_buffer) {
			/* a slow consumer: cut off, others unharmed; it
			 * resumes from its Last-Event-ID */
			cut_off(s);
			continue;
		}
		for (size_t i = 0; i < k; i += IOV_FRAMES)
			send_iov(
				s, pick + i,
				(int)(k - i < IOV_FRAMES ? k - i : IOV_FRAMES));
		if (ask)
			arm_catchup(s, 0);
	}
	if (!fr || !pick) /* out of memory: all are caught up from the store */
		for (struct sub *s = p->subs; s; s = s->next)
			if (!s->busy)
				arm_catchup(s, 1000);
	for (size_t i = 0; fr && i < n; i++)
		buf_free(&fr[i]);
	free(fr);
	free(pick);
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
		send_bytes(s, ": heartbeat\n\n", 13);
	}
}

struct push *push_new(struct event_base *base, struct store *s,
		      struct pool *pool, int64_t seq, int heartbeat_seconds,
		      size_t max_buffer)
{
	struct push *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->base = base;
	p->store = s;
	p->pool = pool;
	p->max_buffer = max_buffer;
	p->seq = seq;
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
	 * in progress leaked the request). The pool is drained by now: no
	 * subscriber is busy. */
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
