/*
 * Area aggregates on several threads: deal the items of a pass out in
 * fixed chunks through an atomic counter. The step function decides what
 * a thread may write (its own scratch, or cells only one item touches),
 * so which thread takes which chunk never changes a number.
 */
#include <pthread.h>
#include <stdatomic.h>

#include "areas_internal.h"

typedef struct shared {
	socialcap__areas_step step;
	void *ctx;
	uint64_t count, chunk, chunks;
	atomic_uint_fast64_t next;
} shared;

typedef struct runner {
	shared *sh;
	unsigned id;
	pthread_t handle;
} runner;

static void *worker(void *arg)
{
	runner *r = arg;
	shared *sh = r->sh;

	for (;;) {
		uint64_t c = atomic_fetch_add(&sh->next, 1u);
		uint64_t lo, hi;

		if (c >= sh->chunks)
			break;
		lo = c * sh->chunk;
		hi = sh->count - lo < sh->chunk ? sh->count : lo + sh->chunk;
		sh->step(sh->ctx, r->id, lo, hi);
	}
	return NULL;
}

unsigned socialcap__areas_threads(unsigned wanted, uint64_t count)
{
	if (wanted > SOCIALCAP__AREAS_MAX_THREADS)
		wanted = SOCIALCAP__AREAS_MAX_THREADS;
	if (wanted > count)
		wanted = (unsigned)count;
	return wanted > 1 ? wanted : 1;
}

/* Small chunks balance skewed degrees; 16 per thread, at most CHUNK. */
#define CHUNK 1024u

void socialcap__areas_run(unsigned threads, uint64_t count, socialcap__areas_step step,
			  void *ctx)
{
	runner th[SOCIALCAP__AREAS_MAX_THREADS];
	shared sh;
	unsigned t, started = 1;
	uint64_t chunk;

	if (count == 0)
		return;
	if (threads > SOCIALCAP__AREAS_MAX_THREADS)
		threads = SOCIALCAP__AREAS_MAX_THREADS;
	if (threads < 1)
		threads = 1;
	chunk = count / ((uint64_t)threads * 16u);
	chunk = chunk < 1 ? 1 : chunk > CHUNK ? CHUNK : chunk;
	sh.step = step;
	sh.ctx = ctx;
	sh.count = count;
	sh.chunk = chunk;
	sh.chunks = (count + chunk - 1) / chunk;
	atomic_init(&sh.next, 0u);
	for (t = 0; t < threads; t++) {
		th[t].sh = &sh;
		th[t].id = t;
	}
	/* the caller is thread 0; a thread that cannot be started leaves its
	 * chunks to the others */
	for (t = 1; t < threads; t++) {
		if (pthread_create(&th[t].handle, NULL, worker, &th[t]) != 0)
			break;
		started++;
	}
	worker(&th[0]);
	for (t = 1; t < started; t++)
		pthread_join(th[t].handle, NULL);
}
