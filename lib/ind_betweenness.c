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
 * - A level is reached from its actors (top down) or, when the actors not
 *   yet reached have fewer ties than the level, by those actors pulling
 *   the counts of their neighbours at the level (bottom up, Beamer, Asanovic
 *   & Patterson 2012). In a small-world city the second-to-last level holds
 *   most actors and reaches only a few more: pulling scans those few rows
 *   instead of the level's. Once no unreached actor has a tie, the search
 *   stops: the last level has no successors.
 * - The dependency pass pulls: an actor's dependency is
 *   sigma[v] * sum over its successors w of (1 + delta[w]) / sigma[w],
 *   the successors taken in ascending index; that factor then replaces
 *   sigma[v] (sigma is not needed after), so the pass writes only v.
 *   The forward pass knows each actor's successors: a level reached top
 *   down lists them (row order, while the list has room), so the
 *   dependency pass reads the list instead of filtering the row again.
 *   About half of the actors have none; their rows are not read again.
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

/* next[] value of an actor whose successors are not listed: rows this long
 * or longer are never listed, so a listed count fits below it. */
#define BC_UNLISTED 255u

struct bc_thread {
	bc_shared *sh;
	uint32_t id;
	uint8_t *lvl;             /* BFS level mod 3, or BC_UNSEEN */
	double *sc;               /* sigma, then (1 + delta) / sigma */
	double *delta;            /* valid where lvl != BC_UNSEEN */
	uint32_t *order;          /* BFS order, ascending within a level */
	uint8_t *next;            /* per actor reached: successors listed in
				   * succ, 0 for none, or BC_UNLISTED */
	uint32_t *succ;           /* successors, row by row in search order */
	uint64_t succ_cap, succ_len;
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

/* One level reached from its actors, the entries [lo, hi) of the order
 * at residue @p at ("top down"): each scans its row and counts into its
 * neighbours at the next level, appending those first reached; returns the
 * new end of the order. An actor's row then holds no unreached actor, so
 * its neighbours at the next level are all of its successors. They are
 * listed in t->succ while there is room, their count in t->next, so that
 * the dependency pass need not filter the row again. */
static uint32_t push_level(bc_thread *t, uint32_t lo, uint32_t hi, uint8_t at)
{
	const uint64_t *off = t->sh->s->off;
	const uint32_t *adj = t->sh->s->adj;
	uint8_t *lvl = t->lvl;
	double *sc = t->sc;
	uint32_t *order = t->order;
	const uint8_t nx = next3[at];
	uint32_t tail = hi, i;
	uint64_t e;

	for (i = lo; i < hi; i++) {
		const uint32_t x = order[i];
		const double sx = sc[x];
		const uint64_t end = off[x + 1], degree = end - off[x];
		const int listed = degree < BC_UNLISTED && degree <= t->succ_cap - t->succ_len;
		uint32_t *succ = t->succ + t->succ_len;
		uint32_t k = 0;

		for (e = off[x]; e < end; e++) {
			const uint32_t y = adj[e];
			const uint8_t ly = lvl[y];

			if (ly == BC_UNSEEN) {
				lvl[y] = nx;
				sc[y] = sx;
				order[tail++] = y;
			} else if (ly == nx) {
				sc[y] += sx;
			} else {
				continue; /* a predecessor, or at x's level */
			}
			if (listed)
				succ[k] = y;
			k++;
		}
		if (listed)
			t->succ_len += k;
		t->next[x] = (uint8_t)(listed ? k : k != 0 ? BC_UNLISTED : 0);
	}
	sort_level(t->mark, order + hi, tail - hi);
	return tail;
}

/* The same level reached the other way ("bottom up", Beamer et al. 2012),
 * for when the actors not yet reached have fewer ties than the level:
 * each of them scans its own row for neighbours at residue @p at and sums
 * their counts. The rows are sorted, so the sum runs over the same
 * predecessors in the same order as push_level() would add them; the new
 * level comes out ascending. The level's successors are not listed. */
static uint32_t pull_level(bc_thread *t, uint32_t lo, uint32_t hi, uint8_t at)
{
	const socialcap_snapshot *s = t->sh->s;
	const uint64_t *off = s->off;
	const uint32_t *adj = s->adj;
	uint8_t *lvl = t->lvl, *next = t->next;
	double *sc = t->sc;
	const uint8_t nx = next3[at];
	uint32_t tail = hi, i, y;
	uint64_t e;

	for (i = lo; i < hi; i++)
		next[t->order[i]] = 0;
	for (y = 0; y < s->n; y++) {
		double sum = 0;
		int reached = 0;

		if (lvl[y] != BC_UNSEEN)
			continue;
		for (e = off[y]; e < off[y + 1]; e++) {
			const uint32_t x = adj[e];

			/* A neighbour of an unreached actor is at this level or
			 * later, so the residue names this level. */
			if (lvl[x] == at) {
				sum += sc[x];
				next[x] = BC_UNLISTED;
				reached = 1;
			}
		}
		if (reached) {
			lvl[y] = nx;
			sc[y] = sum;
			t->order[tail++] = y;
		}
	}
	return tail;
}

static uint64_t row_sum(const uint64_t *off, const uint32_t *v, uint32_t k)
{
	uint64_t sum = 0;
	uint32_t i;

	for (i = 0; i < k; i++)
		sum += off[v[i] + 1] - off[v[i]];
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
	uint32_t lo = 0, hi = 1, tail, i;
	uint8_t at = 0;
	uint64_t listed;
	uint64_t level_ties = off[src + 1] - off[src], unreached_ties = off[s->n] - level_ties;

	memset(lvl, BC_UNSEEN, s->n);
	t->succ_len = 0;
	lvl[src] = 0;
	sc[src] = 1;
	order[0] = src;
	while (lo < hi) { /* level [lo, hi) of order; the next is appended */
		if (unreached_ties == 0) { /* nothing left to reach */
			for (i = lo; i < hi; i++)
				t->next[order[i]] = 0;
			break;
		}
		/* Each way reads about the rows it scans; pulling also reads
		 * every actor's level once. */
		if (unreached_ties + s->n / 8 < level_ties)
			tail = pull_level(t, lo, hi, at);
		else
			tail = push_level(t, lo, hi, at);
		level_ties = row_sum(off, order + hi, tail - hi);
		unreached_ties -= level_ties;
		lo = hi;
		hi = tail;
		at = next3[at];
	}
	/* Reversed, the order has non-increasing levels: every successor of
	 * v already holds its factor when v is reached. The listed successors
	 * are met in reverse, so the list is read from its end. An actor
	 * without a successor has no dependency. */
	listed = t->succ_len;
	for (i = hi; i-- > 1;) {
		const uint32_t v = order[i];
		const uint32_t k = t->next[v];
		double d = 0.0;

		if (k == BC_UNLISTED) {
			d = sc[v] * successor_sum(adj, off[v], off[v + 1], lvl, sc, next3[lvl[v]]);
		} else if (k != 0) {
			double sum = 0.0;
			uint32_t j;

			listed -= k;
			for (j = 0; j < k; j++)
				sum += sc[t->succ[listed + j]];
			d = sc[v] * sum;
		}
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

/* Room for listed successors: a tie links a successor at most once, and
 * two per actor hold most of them in a city of mean degree 20 (4.3 per
 * actor at 10^6 actors; the first levels fit, then part of the largest).
 */
static uint64_t succ_room(const socialcap_snapshot *s)
{
	const uint64_t ties = s->off[s->n] / 2, two = 2 * (uint64_t)s->n;

	/* At least one slot, so that even a network without ties has a list
	 * to allocate. */
	return ties < two ? (ties > 0 ? ties : 1) : two;
}

static void free_thread(socialcap__ictx *ctx, bc_thread *t, size_t n)
{
	socialcap__mem_free(&ctx->mem, t->lvl, n * sizeof(*t->lvl));
	socialcap__mem_free(&ctx->mem, t->sc, n * sizeof(*t->sc));
	socialcap__mem_free(&ctx->mem, t->delta, n * sizeof(*t->delta));
	socialcap__mem_free(&ctx->mem, t->mark, mark_words(n) * sizeof(*t->mark));
	socialcap__mem_free(&ctx->mem, t->order, n * sizeof(*t->order));
	socialcap__mem_free(&ctx->mem, t->next, n * sizeof(*t->next));
	socialcap__mem_free(&ctx->mem, t->succ, t->succ_cap * sizeof(*t->succ));
}

static int alloc_thread(socialcap__ictx *ctx, bc_thread *t, size_t n)
{
	t->lvl = socialcap__mem_alloc(&ctx->mem, n * sizeof(*t->lvl));
	t->sc = socialcap__mem_alloc(&ctx->mem, n * sizeof(*t->sc));
	t->delta = socialcap__mem_alloc(&ctx->mem, n * sizeof(*t->delta));
	t->order = socialcap__mem_alloc(&ctx->mem, n * sizeof(*t->order));
	t->next = socialcap__mem_alloc(&ctx->mem, n * sizeof(*t->next));
	t->succ_cap = succ_room(ctx->s);
	t->succ = socialcap__mem_alloc(&ctx->mem, t->succ_cap * sizeof(*t->succ));
	t->mark = socialcap__mem_calloc(&ctx->mem, mark_words(n), sizeof(*t->mark));
	if (t->lvl == NULL || t->sc == NULL || t->delta == NULL || t->order == NULL ||
	    t->next == NULL || t->succ == NULL || t->mark == NULL)
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
