/*
 * Work dealt out to threads in chunks; the contract is in chunks.h.
 *
 * Nothing is allocated: the thread handles live on the caller's stack
 * (8 KB at most) and the workers take their numbers from a counter, so a
 * run cannot fail for want of memory and adds no allocation site.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "chunks.h"
#include "socialcap/common.h"

typedef struct chunks_run {
	socialcap__chunk_fn fn;
	void *arg;
	uint64_t count, chunk, chunks;
	int together;               /* SOCIALCAP__CHUNKS_TOGETHER */
	atomic_uint_fast64_t next;  /* next chunk to hand out */
	atomic_int status;          /* first failure of fn, 0 while none */
	atomic_uint ids;            /* next thread number for a worker */
	/* Together: the workers wait at this gate until every one exists
	 * (go = 1) or one could not be started (go = -1), so that a failure
	 * never leaves one waiting for the others inside fn. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int go;
} chunks_run;

static void run_chunk(chunks_run *r, unsigned id, uint64_t c)
{
	const uint64_t lo = c * r->chunk;
	const uint64_t hi = r->count - lo < r->chunk ? r->count : lo + r->chunk;
	const int rc = r->fn(r->arg, id, lo, hi);

	if (rc != 0) {
		int none = 0;

		atomic_compare_exchange_strong(&r->status, &none, rc);
	}
}

static void take_chunks(chunks_run *r, unsigned id)
{
	if (r->together) {
		if (id < r->chunks)
			run_chunk(r, id, id);
		return;
	}
	for (;;) {
		const uint64_t c = atomic_fetch_add(&r->next, 1u);

		if (c >= r->chunks || atomic_load(&r->status) != 0)
			return;
		run_chunk(r, id, c);
	}
}

static int pass_gate(chunks_run *r)
{
	int go;

	pthread_mutex_lock(&r->lock);
	while (r->go == 0)
		pthread_cond_wait(&r->cond, &r->lock);
	go = r->go;
	pthread_mutex_unlock(&r->lock);
	return go;
}

static void open_gate(chunks_run *r, int go)
{
	pthread_mutex_lock(&r->lock);
	r->go = go;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
}

static void *worker(void *arg)
{
	chunks_run *r = arg;
	const unsigned id = atomic_fetch_add(&r->ids, 1u);

	if (r->together && pass_gate(r) < 0)
		return NULL;
	take_chunks(r, id);
	return NULL;
}

int socialcap__run_chunks(unsigned threads, uint64_t count, uint64_t chunk, unsigned flags,
			  socialcap__chunk_fn fn, void *arg)
{
	pthread_t th[SOCIALCAP__CHUNKS_MAX_THREADS];
	chunks_run r;
	unsigned t, started = 1;
	int rc = SOCIALCAP_OK;

	if (count == 0)
		return SOCIALCAP_OK;
	memset(&r, 0, sizeof(r));
	r.fn = fn;
	r.arg = arg;
	r.count = count;
	r.chunk = chunk;
	r.chunks = count / chunk + (count % chunk != 0);
	r.together = (flags & SOCIALCAP__CHUNKS_TOGETHER) != 0;
	atomic_init(&r.next, 0u);
	atomic_init(&r.status, 0);
	atomic_init(&r.ids, 1u);
	if (threads > SOCIALCAP__CHUNKS_MAX_THREADS)
		threads = SOCIALCAP__CHUNKS_MAX_THREADS;
	if (threads <= 1) {
		take_chunks(&r, 0);
		return atomic_load(&r.status);
	}
	if (r.together) {
		if (pthread_mutex_init(&r.lock, NULL) != 0)
			return SOCIALCAP_EIO;
		if (pthread_cond_init(&r.cond, NULL) != 0) {
			pthread_mutex_destroy(&r.lock);
			return SOCIALCAP_EIO;
		}
	}
	for (t = 1; t < threads; t++, started++)
		if (pthread_create(&th[t], NULL, worker, &r) != 0)
			break;
	if (r.together) {
		rc = started < threads ? SOCIALCAP_EIO : SOCIALCAP_OK;
		open_gate(&r, rc == 0 ? 1 : -1);
	}
	if (rc == 0)
		take_chunks(&r, 0);
	for (t = 1; t < started; t++)
		pthread_join(th[t], NULL);
	if (r.together) {
		pthread_cond_destroy(&r.cond);
		pthread_mutex_destroy(&r.lock);
	}
	return rc != 0 ? rc : atomic_load(&r.status);
}
