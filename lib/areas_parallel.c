/*
 * Area aggregates on several threads: deal the items of a pass out in
 * fixed chunks (socialcap__run_chunks). The step function decides what
 * a thread may write (its own scratch, or cells only one item touches),
 * so which thread takes which chunk never changes a number.
 */
#include "areas_internal.h"
#include "chunks.h"

/* A pass's step and its context; the steps cannot fail. */
typedef struct pass {
	socialcap__areas_step step;
	void *ctx;
} pass;

static int pass_chunk(void *arg, unsigned thread, uint64_t lo, uint64_t hi)
{
	const pass *p = arg;

	p->step(p->ctx, thread, lo, hi);
	return SOCIALCAP_OK;
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
	pass p;
	uint64_t chunk;

	if (threads > SOCIALCAP__AREAS_MAX_THREADS)
		threads = SOCIALCAP__AREAS_MAX_THREADS;
	if (threads < 1)
		threads = 1;
	chunk = count / ((uint64_t)threads * 16u);
	chunk = chunk < 1 ? 1 : chunk > CHUNK ? CHUNK : chunk;
	p.step = step;
	p.ctx = ctx;
	/* the caller is thread 0; a thread that cannot be started leaves its
	 * chunks to the others */
	(void)socialcap__run_chunks(threads, count, chunk, 0, pass_chunk, &p);
}
