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
 *
 * The search is bound by memory latency, not arithmetic, so it is laid
 * out for locality:
 * - Level by level, each level's actors in ascending index order (the
 *   next level is collected in discovery order, then sorted through a
 *   bitmap). Neighbourhoods are numbered contiguously, so rows, flags and
 *   counts are then read in address order instead of at random.
 * - An actor's distance is its BFS level modulo 3 in one byte: the
 *   neighbours of an actor at level L are at L - 1, L or L + 1, so the
 *   residue tells a predecessor or successor apart, and the array stays
 *   small enough to be cached. Only that byte array is cleared per source.
 * - The dependency pass pulls: an actor's dependency is
 *   sigma[v] * sum over its successors w of (1 + delta[w]) / sigma[w],
 *   the successors taken in ascending index; that factor then replaces
 *   sigma[v] (sigma is not needed after), so the pass writes only v.
 * Every sum is therefore taken in an order fixed by the graph and the
 * source alone, never by timing or thread count. (Shortest-path counts are
 * integers, exact in doubles below 2^53, so their order matters only
 * beyond that.)
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "chunks.h"
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
} bc_shared;

/* lvl[] value of an actor the current source has not reached. */
#define BC_UNSEEN 3u

struct bc_thread {
	bc_shared *sh;
	uint32_t id;
	uint8_t *lvl;             /* BFS level mod 3, or BC_UNSEEN */
	double *sc;               /* sigma, then (1 + delta) / sigma */
	double *delta;            /* valid where lvl != BC_UNSEEN */
	uint32_t *order;          /* BFS order, ascending within a level */
	uint64_t *mark;           /* bitmap of n bits, zero between uses */
	int has_source;
};

static void wait_all(bc_shared *sh)
{
	if (sh->threads > 1)
		pthread_barrier_wait(&sh->barrier);
}

static const uint8_t next3[3] = {1, 2, 0}; /* level + 1, mod 3 */

/* Index of the lowest set bit of @p x != 0. */
static inline uint32_t low_bit(uint64_t x)
{
#if defined(__GNUC__) || defined(__clang__)
	return (uint32_t)__builtin_ctzll(x);
#else
	uint32_t i = 0;

	while ((x & 1) == 0) {
		x >>= 1;
		i++;
	}
	return i;
#endif
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return (a > b) - (a < b);
}

/* Sort the @p k actors at @p v ascending: through the bitmap when they are
 * many for the span of indices they cover, else by qsort. */
static void sort_level(uint64_t *mark, uint32_t *v, uint32_t k)
{
	uint32_t i, lo = UINT32_MAX, hi = 0, w;

	for (i = 0; i < k; i++) {
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	if (k < 2)
		return;
	if ((hi >> 6) - (lo >> 6) > 16u * (uint64_t)k) {
		qsort(v, k, sizeof(*v), cmp_u32);
		return;
	}
	for (i = 0; i < k; i++)
		mark[v[i] >> 6] |= UINT64_C(1) << (v[i] & 63);
	k = 0;
	for (w = lo >> 6; w <= hi >> 6; w++) {
		uint64_t bits = mark[w];

		mark[w] = 0;
		while (bits != 0) {
			v[k++] = (w << 6) | low_bit(bits);
			bits &= bits - 1;
		}
	}
}

/* Successors are listed in chunks of this many neighbours (on the stack). */
#define BC_CHUNK 64u

/* Sum of sc[w] over the neighbours w of @p v at level residue @p nv, in
 * row order. The row is first filtered without a branch into a short list
 * (the test is as good as random, a branch on it mispredicts half the
 * time), then only the listed counts are read. */
static inline double successor_sum(const uint32_t *adj, uint64_t e, uint64_t end,
				   const uint8_t *lvl, const double *sc, uint8_t nv)
{
	uint32_t buf[BC_CHUNK];
	double sum = 0;

	while (e < end) {
		const uint64_t stop = end - e > BC_CHUNK ? e + BC_CHUNK : end;
		uint32_t k = 0, j;

		for (; e < stop; e++) {
			const uint32_t w = adj[e];

			buf[k] = w;
			k += lvl[w] == nv;
		}
		/* buf[0, k) was written above (k <= the writes); the
		 * analyser does not follow the conditional count. */
		for (j = 0; j < k; j++)
			/* NOLINTNEXTLINE(clang-analyzer-core.uninitialized.ArraySubscript) */
			sum += sc[buf[j]];
	}
	return sum;
}

/* One Brandes search from @p src: fills t->lvl and t->delta (delta is 0
 * at src and valid where lvl != BC_UNSEEN). */
static void search(bc_thread *t, uint32_t src)
{
	const socialcap_snapshot *s = t->sh->s;
	const uint64_t *off = s->off;
	const uint32_t *adj = s->adj;
	uint8_t *lvl = t->lvl;
	double *sc = t->sc;
	uint32_t *order = t->order;
	uint32_t lo = 0, hi = 1, tail = 1, i;
	uint8_t nx = 1;
	uint64_t e;

	memset(lvl, BC_UNSEEN, s->n);
	lvl[src] = 0;
	sc[src] = 1;
	order[0] = src;
	while (lo < hi) { /* level [lo, hi) of order; the next is appended */
		for (i = lo; i < hi; i++) {
			const uint32_t x = order[i];
			const double sx = sc[x];
			const uint64_t end = off[x + 1];

			for (e = off[x]; e < end; e++) {
				const uint32_t y = adj[e];
				const uint8_t ly = lvl[y];

				if (ly == BC_UNSEEN) {
					lvl[y] = nx;
					sc[y] = sx;
					order[tail++] = y;
				} else if (ly == nx) {
					sc[y] += sx;
				}
			}
		}
		sort_level(t->mark, order + hi, tail - hi);
		lo = hi;
		hi = tail;
		nx = next3[nx];
	}
	/* Reversed, the order has non-increasing levels: every successor of
	 * v already holds its factor when v is reached. */
	for (i = tail; i-- > 1;) {
		const uint32_t v = order[i];
		const uint8_t nv = next3[lvl[v]];
		const double d = sc[v] * successor_sum(adj, off[v], off[v + 1], lvl, sc, nv);

		t->delta[v] = d;
		sc[v] = (1.0 + d) / sc[v];
	}
	t->delta[src] = 0;
}

/* Add the batch's dependencies, in source order, to this thread's slice.
 * Actors a source did not reach are skipped: adding their 0 would leave
 * the sum's bits unchanged. */
static void accumulate(bc_thread *t)
{
	bc_shared *sh = t->sh;
	const uint32_t n = sh->s->n;
	const uint32_t lo = (uint32_t)((uint64_t)n * t->id / sh->threads);
	const uint32_t hi = (uint32_t)((uint64_t)n * (t->id + 1) / sh->threads);
	uint32_t i, v;

	for (i = 0; i < sh->threads; i++) {
		const bc_thread *o = &sh->t[i];

		if (!o->has_source)
			continue;
		for (v = lo; v < hi; v++)
			if (o->lvl[v] != BC_UNSEEN)
				sh->out[v] += o->delta[v];
	}
}

/* The batches, on thread @p id (0: the caller, which reports progress);
 * every thread takes part in each batch's barriers. */
static int run(void *arg, unsigned id, uint64_t lo, uint64_t hi)
{
	bc_shared *sh = arg;
	bc_thread *t = &sh->t[id];
	uint32_t batch;

	(void)lo;
	(void)hi;
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
	return SOCIALCAP_OK;
}

static size_t mark_words(size_t n)
{
	return (n + 63) / 64;
}

static void free_thread(socialcap__ictx *ctx, bc_thread *t, size_t n)
{
	socialcap__mem_free(&ctx->mem, t->lvl, n * sizeof(*t->lvl));
	socialcap__mem_free(&ctx->mem, t->sc, n * sizeof(*t->sc));
	socialcap__mem_free(&ctx->mem, t->delta, n * sizeof(*t->delta));
	socialcap__mem_free(&ctx->mem, t->mark, mark_words(n) * sizeof(*t->mark));
	socialcap__mem_free(&ctx->mem, t->order, n * sizeof(*t->order));
}

static int alloc_thread(socialcap__ictx *ctx, bc_thread *t, size_t n)
{
	t->lvl = socialcap__mem_alloc(&ctx->mem, n * sizeof(*t->lvl));
	t->sc = socialcap__mem_alloc(&ctx->mem, n * sizeof(*t->sc));
	t->delta = socialcap__mem_alloc(&ctx->mem, n * sizeof(*t->delta));
	t->order = socialcap__mem_alloc(&ctx->mem, n * sizeof(*t->order));
	t->mark = socialcap__mem_calloc(&ctx->mem, mark_words(n), sizeof(*t->mark));
	if (t->lvl == NULL || t->sc == NULL || t->delta == NULL || t->order == NULL ||
	    t->mark == NULL)
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

/* Run the batches on sh->threads threads, all at once (they meet at the
 * barriers): SOCIALCAP_EIO when one cannot be started. */
static int start(bc_shared *sh)
{
	int rc;

	if (sh->threads > 1 && pthread_barrier_init(&sh->barrier, NULL, sh->threads) != 0)
		return SOCIALCAP_EIO;
	rc = socialcap__run_chunks(sh->threads, sh->threads, 1, SOCIALCAP__CHUNKS_TOGETHER, run,
				   sh);
	if (sh->threads > 1)
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
