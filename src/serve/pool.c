/* The database workers: threads, each with a store handle, serving three
 * lanes of jobs; completions go back to the loop thread through an eventfd
 * the loop watches. One mutex guards the queues and the completion list;
 * a job belongs to one thread at a time (the submitter until it is queued,
 * then a worker, then the loop thread), handed over under that mutex. */
#include "serve/pool.h"

#include <errno.h>
#include <event2/event.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

/* Jobs a lane may hold before new ones are refused (503): past this the
 * database is not keeping up and a client is better told so. 0: no bound
 * (the event lane holds at most one job per subscriber). */
static const size_t lane_max[POOL_LANES] = {
	[POOL_READ] = 4096,
	[POOL_WRITE] = 1024,
	[POOL_EVENTS] = 0,
};

struct lane {
	struct pool_job *head, *tail;
	size_t queued, running;
};

struct worker {
	struct pool *p;
	pthread_t th;
	enum pool_lane lane;
	struct store *s;
	bool own, started;
};

struct pool {
	pthread_mutex_t mu;
	pthread_cond_t cv[POOL_LANES];
	struct lane lanes[POOL_LANES];
	struct pool_job *done_head, *done_tail;
	int64_t floor;
	bool stopping;
	int wake_fd;
	struct event *wake_ev;
	struct worker *w;
	size_t nw;
};

/* ---------------------------------------------------------------- jobs */

static void push_job(struct pool_job **head, struct pool_job **tail,
		     struct pool_job *j)
{
	j->next = NULL;
	if (*tail)
		(*tail)->next = j;
	else
		*head = j;
	*tail = j;
}

static struct pool_job *pop_job(struct pool_job **head, struct pool_job **tail)
{
	struct pool_job *j = *head;
	if (j) {
		*head = j->next;
		if (!*head)
			*tail = NULL;
		j->next = NULL;
	}
	return j;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->p;
	struct lane *l = &p->lanes[w->lane];
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->stopping && !l->head)
			pthread_cond_wait(&p->cv[w->lane], &p->mu);
		if (p->stopping)
			break; /* what is still queued is dropped */
		struct pool_job *j = pop_job(&l->head, &l->tail);
		l->queued--;
		l->running++;
		pthread_mutex_unlock(&p->mu);
		store_read_floor(w->s, j->floor);
		j->work(j, w->s);
		pthread_mutex_lock(&p->mu);
		l->running--;
		bool wake = !p->done_head;
		push_job(&p->done_head, &p->done_tail, j);
		if (wake) {
			uint64_t one = 1;
			ssize_t r = write(p->wake_fd, &one, sizeof one);
			(void)r; /* a full counter still wakes the loop */
		}
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Runs the completions the workers have posted (loop thread). */
static void run_done(struct pool *p)
{
	pthread_mutex_lock(&p->mu);
	struct pool_job *j = p->done_head;
	p->done_head = p->done_tail = NULL;
	pthread_mutex_unlock(&p->mu);
	while (j) {
		struct pool_job *next = j->next;
		j->done(j, true);
		j = next;
	}
}

static void on_wake(evutil_socket_t fd, short what, void *arg)
{
	(void)what;
	uint64_t n;
	ssize_t r = read(fd, &n, sizeof n);
	(void)r;
	run_done(arg);
}

bool pool_submit(struct pool *p, enum pool_lane lane, struct pool_job *j)
{
	struct lane *l = &p->lanes[lane];
	pthread_mutex_lock(&p->mu);
	bool ok = !p->stopping &&
		  (!lane_max[lane] || l->queued + l->running < lane_max[lane]);
	if (ok) {
		j->floor = p->floor;
		push_job(&l->head, &l->tail, j);
		l->queued++;
		pthread_cond_signal(&p->cv[lane]);
	}
	pthread_mutex_unlock(&p->mu);
	return ok;
}

void pool_raise_floor(struct pool *p, int64_t seq)
{
	pthread_mutex_lock(&p->mu);
	if (seq > p->floor)
		p->floor = seq;
	pthread_mutex_unlock(&p->mu);
}

size_t pool_pending(struct pool *p, enum pool_lane lane)
{
	pthread_mutex_lock(&p->mu);
	size_t n = p->lanes[lane].queued + p->lanes[lane].running;
	pthread_mutex_unlock(&p->mu);
	return n;
}

struct store *pool_events_store(struct pool *p)
{
	for (size_t i = 0; i < p->nw; i++)
		if (p->w[i].lane == POOL_EVENTS)
			return p->w[i].s;
	return NULL;
}

/* ------------------------------------------------------------ lifecycle */

static int open_handle(const struct pool_config *cfg, struct store **out,
		       struct ow_err *err)
{
	int rc = store_open(cfg->uri, &cfg->store, out, err);
	if (rc)
		return rc;
	if (cfg->read_uri && store_set_replica(*out, cfg->read_uri, err)) {
		/* a replica down now is read once it answers */
		if (err->code != OW_EUNAVAIL) {
			store_close(*out);
			*out = NULL;
			return err->code;
		}
		ow_err_clear(err);
	}
	return 0;
}

int pool_new(struct event_base *base, const struct pool_config *cfg,
	     struct pool **out, struct ow_err *err)
{
	struct pool *p = calloc(1, sizeof *p);
	if (!p)
		return ow_err_set(err, OW_ENOMEM, "out of memory");
	pthread_mutex_init(&p->mu, NULL);
	for (int i = 0; i < POOL_LANES; i++)
		pthread_cond_init(&p->cv[i], NULL);
	p->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	p->nw = (size_t)cfg->readers + 2;
	p->w = calloc(p->nw, sizeof *p->w);
	if (p->wake_fd < 0 || !p->w) {
		pool_free(p);
		return ow_err_set(err, OW_ENOMEM, "cannot start the workers");
	}
	p->wake_ev =
		event_new(base, p->wake_fd, EV_READ | EV_PERSIST, on_wake, p);
	if (!p->wake_ev || event_add(p->wake_ev, NULL)) {
		pool_free(p);
		return ow_err_set(err, OW_ENOMEM, "cannot start the workers");
	}
	int rc = 0;
	for (size_t i = 0; i < p->nw && !rc; i++) {
		struct worker *w = &p->w[i];
		w->p = p;
		w->lane = i == 0   ? POOL_WRITE
			  : i == 1 ? POOL_EVENTS
				   : POOL_READ;
		if (w->lane == POOL_WRITE) {
			w->s = cfg->writer;
		} else {
			rc = open_handle(cfg, &w->s, err);
			w->own = !rc;
		}
	}
	/* the workers take no signals: the loop thread handles them */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (size_t i = 0; i < p->nw && !rc; i++) {
		if (pthread_create(&p->w[i].th, NULL, worker_main, &p->w[i]))
			rc = ow_err_set(err, OW_ENOMEM,
					"cannot start a worker thread: %s",
					strerror(errno));
		else
			p->w[i].started = true;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		pool_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

void pool_free(struct pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stopping = true;
	for (int i = 0; i < POOL_LANES; i++)
		pthread_cond_broadcast(&p->cv[i]);
	pthread_mutex_unlock(&p->mu);
	for (size_t i = 0; p->w && i < p->nw; i++)
		if (p->w[i].started)
			pthread_join(p->w[i].th, NULL);
	/* the threads are gone: what ran completes, what did not is told */
	run_done(p);
	for (int i = 0; i < POOL_LANES; i++) {
		struct lane *l = &p->lanes[i];
		struct pool_job *j;
		while ((j = pop_job(&l->head, &l->tail)))
			j->done(j, false);
		l->queued = 0;
	}
	run_done(p); /* none: submits fail while stopping */
	for (size_t i = 0; p->w && i < p->nw; i++)
		if (p->w[i].own)
			store_close(p->w[i].s);
	free(p->w);
	if (p->wake_ev)
		event_free(p->wake_ev);
	if (p->wake_fd >= 0)
		close(p->wake_fd);
	for (int i = 0; i < POOL_LANES; i++)
		pthread_cond_destroy(&p->cv[i]);
	pthread_mutex_destroy(&p->mu);
	free(p);
}
