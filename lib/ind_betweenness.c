/*
 * Betweenness centrality on unweighted shortest paths (Brandes 2001), each
 * unordered pair of endpoints counted once (the sum over sources is halved,
 * as igraph and NetworkX do for undirected graphs).
 *
 * With betweenness_samples = s > 0 only s sources, drawn without
 * replacement with the seed, are searched and the sums are scaled by n / s:
 * each source is included with probability s / n, so the estimate is
 * unbiased (Brandes & Pich 2007).
 *
 * Threads: the sources are processed in batches of one per thread. Each
 * thread searches from its source into its own dependency array; then each
 * thread adds the dependency arrays of the whole batch, in source order, to
 * its own slice of actors. Every actor's total therefore receives the same
 * terms in the same order whatever the number of threads, so the result is
 * bit-identical to a single-threaded run.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "indicators_internal.h"

typedef struct bc_thread bc_thread;

typedef struct bc_shared {
	socialcap__ictx *ctx;
	const socialcap_snapshot *s;
	const uint32_t *sources;  /* nsrc source actors, ascending */
	uint32_t nsrc;
	uint32_t threads;
	double *out;
	bc_thread *t;             /* threads entries */
	pthread_barrier_t barrier;
	int stop;                 /* status set by thread 0: cancel */
	/* Start gate: workers wait until all exist (go = 1) or creation
	 * failed (go = -1), so a failure never strands one at the barrier. */
	pthread_mutex_t gate_lock;
	pthread_cond_t gate_cond;
	int go;
} bc_shared;

struct bc_thread {
	bc_shared *sh;
	uint32_t id;
	int32_t *dist;
	double *sigma;
	double *delta;
	uint32_t *order;
	int has_source;
	pthread_t handle;
};

static void wait_all(bc_shared *sh)
{
	if (sh->threads > 1)
		pthread_barrier_wait(&sh->barrier);
}

/* One Brandes search from @p src: fills t->delta (0 at src and at actors
 * not reached). */
static void search(bc_thread *t, uint32_t src)
{
	const socialcap_snapshot *s = t->sh->s;
	uint32_t head = 0, tail = 0, v;
	uint64_t e;

	for (v = 0; v < s->n; v++) {
		t->dist[v] = -1;
		t->sigma[v] = 0;
		t->delta[v] = 0;
	}
	t->dist[src] = 0;
	t->sigma[src] = 1;
	t->order[tail++] = src;
	while (head < tail) {
		uint32_t x = t->order[head++];

		for (e = s->off[x]; e < s->off[x + 1]; e++) {
			uint32_t y = s->adj[e];

			if (t->dist[y] < 0) {
				t->dist[y] = t->dist[x] + 1;
				t->order[tail++] = y;
			}
			if (t->dist[y] == t->dist[x] + 1)
				t->sigma[y] += t->sigma[x];
		}
	}
	/* BFS order reversed is non-increasing distance */
	while (tail > 1) {
		uint32_t y = t->order[--tail];
		double coef = (1.0 + t->delta[y]) / t->sigma[y];

		for (e = s->off[y]; e < s->off[y + 1]; e++) {
			uint32_t x = s->adj[e];

			if (t->dist[x] == t->dist[y] - 1)
				t->delta[x] += t->sigma[x] * coef;
		}
	}
	t->delta[src] = 0;
}

/* Add the batch's dependencies, in source order, to this thread's slice. */
static void accumulate(bc_thread *t)
{
	bc_shared *sh = t->sh;
	const uint32_t n = sh->s->n;
	const uint32_t lo = (uint32_t)((uint64_t)n * t->id / sh->threads);
	const uint32_t hi = (uint32_t)((uint64_t)n * (t->id + 1) / sh->threads);
	uint32_t i, v;

	for (i = 0; i < sh->threads; i++) {
		const double *d = sh->t[i].delta;

		if (!sh->t[i].has_source)
			continue;
		for (v = lo; v < hi; v++)
			sh->out[v] += d[v];
	}
}

static int pass_gate(bc_shared *sh)
{
	int go;

	pthread_mutex_lock(&sh->gate_lock);
	while (sh->go == 0)
		pthread_cond_wait(&sh->gate_cond, &sh->gate_lock);
	go = sh->go;
	pthread_mutex_unlock(&sh->gate_lock);
	return go;
}

static void open_gate(bc_shared *sh, int go)
{
	pthread_mutex_lock(&sh->gate_lock);
	sh->go = go;
	pthread_cond_broadcast(&sh->gate_cond);
	pthread_mutex_unlock(&sh->gate_lock);
}

static void *run(void *arg)
{
	bc_thread *t = arg;
	bc_shared *sh = t->sh;
	uint32_t batch;

	if (t->id != 0 && pass_gate(sh) < 0)
		return NULL;

	for (batch = 0; (uint64_t)batch * sh->threads < sh->nsrc; batch++) {
		uint64_t k = (uint64_t)batch * sh->threads + t->id;

		t->has_source = k < sh->nsrc;
		if (t->has_source)
			search(t, sh->sources[k]);
		wait_all(sh);
		if (t->id == 0 && sh->stop == 0)
			sh->stop = socialcap__ind_progress(
				sh->ctx, (double)(k + 1) / (double)sh->nsrc);
		accumulate(t);
		wait_all(sh);
		if (sh->stop != 0)
			break;
	}
	return NULL;
}

static void free_thread(socialcap__ictx *ctx, bc_thread *t, size_t n)
{
	socialcap__mem_free(&ctx->mem, t->dist, n * sizeof(*t->dist));
	socialcap__mem_free(&ctx->mem, t->sigma, n * sizeof(*t->sigma));
	socialcap__mem_free(&ctx->mem, t->delta, n * sizeof(*t->delta));
	socialcap__mem_free(&ctx->mem, t->order, n * sizeof(*t->order));
}

static int alloc_thread(socialcap__ictx *ctx, bc_thread *t, size_t n)
{
	t->dist = socialcap__mem_alloc(&ctx->mem, n * sizeof(*t->dist));
	t->sigma = socialcap__mem_alloc(&ctx->mem, n * sizeof(*t->sigma));
	t->delta = socialcap__mem_alloc(&ctx->mem, n * sizeof(*t->delta));
	t->order = socialcap__mem_alloc(&ctx->mem, n * sizeof(*t->order));
	if (t->dist == NULL || t->sigma == NULL || t->delta == NULL || t->order == NULL)
		return SOCIALCAP_ENOMEM;
	return SOCIALCAP_OK;
}

/* splitmix64: a small, well-mixed generator for the source sample. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return (a > b) - (a < b);
}

/* All actors, or a seeded sample of @p k of them, in ascending order. */
static uint32_t *choose_sources(socialcap__ictx *ctx, uint32_t n, uint32_t k)
{
	uint32_t *src = socialcap__mem_alloc(&ctx->mem, (n ? n : 1) * sizeof(*src));
	uint64_t state = ctx->o->seed;
	uint32_t i;

	if (src == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		src[i] = i;
	if (k == 0 || k >= n)
		return src;
	for (i = 0; i < k; i++) { /* partial Fisher-Yates */
		/* i < k < n. The analyser loses that relation across the call
		 * and reports n - i == 0. */
		/* NOLINTNEXTLINE(clang-analyzer-core.DivideZero) */
		uint32_t j = i + (uint32_t)(next_random(&state) % (n - i));
		uint32_t x = src[i];

		src[i] = src[j];
		src[j] = x;
	}
	qsort(src, k, sizeof(*src), cmp_u32);
	return src;
}

static int start(bc_shared *sh)
{
	uint32_t i, started;
	int rc = SOCIALCAP_OK;

	if (sh->threads == 1) {
		run(&sh->t[0]);
		return sh->stop;
	}
	if (pthread_barrier_init(&sh->barrier, NULL, sh->threads) != 0)
		return SOCIALCAP_EIO;
	if (pthread_mutex_init(&sh->gate_lock, NULL) != 0) {
		pthread_barrier_destroy(&sh->barrier);
		return SOCIALCAP_EIO;
	}
	if (pthread_cond_init(&sh->gate_cond, NULL) != 0) {
		pthread_mutex_destroy(&sh->gate_lock);
		pthread_barrier_destroy(&sh->barrier);
		return SOCIALCAP_EIO;
	}
	for (started = 1; started < sh->threads; started++)
		if (pthread_create(&sh->t[started].handle, NULL, run, &sh->t[started]) != 0)
			break;
	if (started < sh->threads)
		rc = SOCIALCAP_EIO;
	open_gate(sh, rc == 0 ? 1 : -1);
	if (rc == 0)
		run(&sh->t[0]);
	for (i = 1; i < started; i++)
		pthread_join(sh->t[i].handle, NULL);
	pthread_cond_destroy(&sh->gate_cond);
	pthread_mutex_destroy(&sh->gate_lock);
	pthread_barrier_destroy(&sh->barrier);
	return rc != 0 ? rc : sh->stop;
}

int socialcap__ind_betweenness(socialcap__ictx *ctx, double *out)
{
	const socialcap_snapshot *s = ctx->s;
	const uint32_t n = s->n, k = ctx->o->betweenness_samples;
	bc_thread threads_buf[1];
	bc_shared sh;
	uint32_t i, made = 0;
	int rc = SOCIALCAP_ENOMEM;
	double scale;

	memset(&sh, 0, sizeof(sh));
	sh.ctx = ctx;
	sh.s = s;
	sh.out = out;
	sh.nsrc = k > 0 && k < n ? k : n;
	sh.threads = ctx->o->threads < sh.nsrc ? ctx->o->threads : (sh.nsrc ? sh.nsrc : 1);
	for (i = 0; i < n; i++)
		out[i] = 0;
	if (n == 0)
		return SOCIALCAP_OK;
	sh.t = sh.threads == 1 ? threads_buf
			       : socialcap__mem_calloc(&ctx->mem, sh.threads, sizeof(*sh.t));
	sh.sources = choose_sources(ctx, n, k);
	if (sh.t == NULL || sh.sources == NULL)
		goto done;
	memset(sh.t, 0, sh.threads * sizeof(*sh.t));
	for (made = 0; made < sh.threads; made++) {
		sh.t[made].sh = &sh;
		sh.t[made].id = made;
		if (alloc_thread(ctx, &sh.t[made], n) != 0) {
			made++;
			goto done;
		}
	}
	rc = start(&sh);
	scale = 0.5 * (double)n / (double)sh.nsrc;
	for (i = 0; i < n && rc == 0; i++)
		out[i] *= scale;
done:
	for (i = 0; i < made; i++)
		free_thread(ctx, &sh.t[i], n);
	if (sh.t != NULL && sh.t != threads_buf)
		socialcap__mem_free(&ctx->mem, sh.t, sh.threads * sizeof(*sh.t));
	socialcap__mem_free(&ctx->mem, (void *)sh.sources, n * sizeof(*sh.sources));
	return rc;
}
