/*
 * Triangle-based indicators: local clustering, Burt's constraint,
 * effective size, efficiency and hierarchy, and global transitivity.
 *
 * Two algorithms, chosen by what is wanted:
 *
 * - Counts only (clustering, transitivity): each triangle is listed once.
 *   Ties are oriented from the endpoint of lower (degree, index) rank to
 *   the higher one and for each oriented tie u->v the oriented lists of u
 *   and v are merged (Chiba & Nishizeki; Latapy 2008): O(m sqrt(m)) at
 *   worst, nothing quadratic in a hub's degree.
 *
 * - Burt's measures need, for every half-edge i->j, a sum over the common
 *   neighbours q of i and j. Each actor i computes its own half-edges and
 *   its own redundancy: N(i) is marked with positions, then for each
 *   neighbour j the list of j is scanned for marks (or, when j has many
 *   more ties than i, i's list is walked and q looked up in j's sorted
 *   list by galloping search, which keeps the cost at
 *   O(sum over ties of min(k_i, k_j) log k)). Either way the common
 *   neighbours are met in ascending index order.
 *
 * Threads: actors are dealt out in fixed chunks. In the Burt pass an
 * actor's sums are written only by the thread that owns the actor, in an
 * order fixed by the graph (j by index, then q by index), and the counting
 * pass adds integers into per-thread arrays; so the results are
 * bit-identical whatever the number of threads.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "indicators_internal.h"

#define CHUNK 2048u
#define NONE UINT32_MAX

typedef struct tri_work {
	const socialcap_snapshot *s;
	unsigned threads;
	int burt;           /* 0: only triangle counts are wanted */
	uint32_t *rank;     /* n: position in (degree, index) order (counting) */
	uint64_t *foff;     /* n + 1: oriented lists (counting) */
	uint32_t *fpos;     /* m: local position in u's full list (counting) */
	uint64_t *tri;      /* n: triangles at each actor */
	uint64_t **part;    /* threads: per-thread triangle counts (counting) */
	uint32_t **mark;    /* threads: per-thread position marks (Burt) */
	double *ind;        /* 2m: sum_q p_iq p_qj per half-edge i->j */
	double *red;        /* n: sum_j sum_q p_iq m_jq */
	double *maxw;       /* n: largest tie strength */
	atomic_uint next;   /* next chunk to hand out */
	atomic_int stop;    /* set when the progress callback cancels */
} tri_work;

#define N1(s) ((size_t)(s)->n + 1)
#define HALF(s) ((size_t)(2 * (s)->m) + 1)
#define M1(s) ((size_t)(s)->m + 1)

static void work_free(socialcap__ictx *ctx, tri_work *w)
{
	const socialcap_snapshot *s = ctx->s;
	unsigned t;

	for (t = 0; t < w->threads; t++) {
		if (w->part != NULL && t > 0)
			socialcap__mem_free(&ctx->mem, w->part[t], N1(s) * sizeof(**w->part));
		if (w->mark != NULL)
			socialcap__mem_free(&ctx->mem, w->mark[t], N1(s) * sizeof(**w->mark));
	}
	socialcap__mem_free(&ctx->mem, w->part, w->threads * sizeof(*w->part));
	socialcap__mem_free(&ctx->mem, w->mark, w->threads * sizeof(*w->mark));
	socialcap__mem_free(&ctx->mem, w->rank, N1(s) * sizeof(*w->rank));
	socialcap__mem_free(&ctx->mem, w->foff, N1(s) * sizeof(*w->foff));
	socialcap__mem_free(&ctx->mem, w->fpos, M1(s) * sizeof(*w->fpos));
	socialcap__mem_free(&ctx->mem, w->tri, N1(s) * sizeof(*w->tri));
	socialcap__mem_free(&ctx->mem, w->ind, HALF(s) * sizeof(*w->ind));
	socialcap__mem_free(&ctx->mem, w->red, N1(s) * sizeof(*w->red));
	socialcap__mem_free(&ctx->mem, w->maxw, N1(s) * sizeof(*w->maxw));
}

static int work_alloc(socialcap__ictx *ctx, tri_work *w, int burt, int ind)
{
	const socialcap_snapshot *s = ctx->s;
	socialcap__mem *mem = &ctx->mem;
	unsigned t, chunks = (unsigned)((s->n + CHUNK - 1) / CHUNK);
	int ok = 1;

	memset(w, 0, sizeof(*w));
	w->s = s;
	w->burt = burt;
	/* more threads than chunks would only idle */
	w->threads = ctx->o->threads < chunks ? ctx->o->threads : (chunks ? chunks : 1);
	w->tri = socialcap__mem_calloc(mem, N1(s), sizeof(*w->tri));
	ok = w->tri != NULL;
	if (burt) {
		w->mark = socialcap__mem_calloc(mem, w->threads, sizeof(*w->mark));
		w->red = socialcap__mem_calloc(mem, N1(s), sizeof(*w->red));
		w->maxw = socialcap__mem_calloc(mem, N1(s), sizeof(*w->maxw));
		if (ind)
			w->ind = socialcap__mem_calloc(mem, HALF(s), sizeof(*w->ind));
		ok = ok && w->mark != NULL && w->red != NULL && w->maxw != NULL &&
		     (!ind || w->ind != NULL);
		for (t = 0; ok && t < w->threads; t++) {
			w->mark[t] = socialcap__mem_alloc(mem, N1(s) * sizeof(**w->mark));
			ok = w->mark[t] != NULL;
			if (ok)
				memset(w->mark[t], 0xff, N1(s) * sizeof(**w->mark));
		}
	} else {
		w->rank = socialcap__mem_calloc(mem, N1(s), sizeof(*w->rank));
		w->foff = socialcap__mem_calloc(mem, N1(s), sizeof(*w->foff));
		w->fpos = socialcap__mem_calloc(mem, M1(s), sizeof(*w->fpos));
		w->part = socialcap__mem_calloc(mem, w->threads, sizeof(*w->part));
		ok = ok && w->rank != NULL && w->foff != NULL && w->fpos != NULL &&
		     w->part != NULL;
		if (ok)
			w->part[0] = w->tri;
		for (t = 1; ok && t < w->threads; t++) {
			w->part[t] = socialcap__mem_calloc(mem, N1(s), sizeof(**w->part));
			ok = w->part[t] != NULL;
		}
	}
	if (!ok) {
		work_free(ctx, w);
		return SOCIALCAP_ENOMEM;
	}
	atomic_init(&w->next, 0);
	atomic_init(&w->stop, 0);
	return SOCIALCAP_OK;
}

static uint64_t degree(const socialcap_snapshot *s, uint32_t v)
{
	return s->off[v + 1] - s->off[v];
}

/*
 * Rank by (degree, index) with a counting sort on degree (stable, so equal
 * degrees keep index order). foff is borrowed as the counting array.
 */
static void make_rank(const socialcap_snapshot *s, tri_work *w)
{
	uint64_t *count = w->foff, sum = 0, maxdeg = 0;
	uint32_t v;

	for (v = 0; v < s->n; v++)
		if (degree(s, v) > maxdeg)
			maxdeg = degree(s, v);
	/* degrees are < n, so counts for 0..maxdeg fit in foff (n + 1) */
	memset(count, 0, N1(s) * sizeof(*count));
	for (v = 0; v < s->n; v++)
		count[degree(s, v)]++;
	for (v = 0; v <= maxdeg; v++) {
		uint64_t c = count[v];

		count[v] = sum;
		sum += c;
	}
	for (v = 0; v < s->n; v++)
		w->rank[v] = (uint32_t)count[degree(s, v)]++;
}

/* Oriented lists: for u, the local positions of neighbours of higher rank. */
static void make_oriented(const socialcap_snapshot *s, tri_work *w)
{
	uint64_t at = 0, e;
	uint32_t u;

	for (u = 0; u < s->n; u++) {
		w->foff[u] = at;
		for (e = s->off[u]; e < s->off[u + 1]; e++)
			if (w->rank[s->adj[e]] > w->rank[u])
				w->fpos[at++] = (uint32_t)(e - s->off[u]);
	}
	w->foff[s->n] = at;
}

/* Count the triangles whose lowest-ranked corner is u into cnt. */
static void count_at(const tri_work *w, uint32_t u, uint64_t *cnt)
{
	const socialcap_snapshot *s = w->s;
	const uint64_t ou = s->off[u], fe = w->foff[u + 1];
	uint64_t a;

	for (a = w->foff[u]; a < fe; a++) {
		const uint32_t v = s->adj[ou + w->fpos[a]];
		const uint64_t ov = s->off[v], ge = w->foff[v + 1];
		uint64_t i = w->foff[u], j = w->foff[v];

		/* merge the two oriented lists, both sorted by index */
		while (i < fe && j < ge) {
			uint32_t x = s->adj[ou + w->fpos[i]], y = s->adj[ov + w->fpos[j]];

			if (x < y) {
				i++;
			} else if (x > y) {
				j++;
			} else {
				cnt[u]++;
				cnt[v]++;
				cnt[x]++;
				i++;
				j++;
			}
		}
	}
}

/* Index of @p q in the sorted list a[lo..hi), or hi; gallops from lo. */
static uint64_t gallop(const uint32_t *a, uint64_t lo, uint64_t hi, uint32_t q)
{
	uint64_t step = 1, top = lo;

	while (top < hi && a[top] < q) {
		lo = top + 1;
		top += step;
		step *= 2;
	}
	if (top > hi)
		top = hi;
	while (lo < top) {
		uint64_t mid = lo + (top - lo) / 2;

		if (a[mid] < q)
			lo = mid + 1;
		else
			top = mid;
	}
	return lo;
}

/*
 * The Burt sums of actor i: ind for each half-edge i->j, red[i] and the
 * triangle count, with N(i) marked in @p mark (local positions).
 */
static void burt_at(tri_work *w, uint32_t i, uint32_t *mark)
{
	const socialcap_snapshot *s = w->s;
	const uint64_t oi = s->off[i], ki = degree(s, i);
	const double si = s->strength[i];
	double red = 0;
	uint64_t pairs = 0, e;

	for (e = oi; e < oi + ki; e++)
		mark[s->adj[e]] = (uint32_t)(e - oi);
	for (e = oi; e < oi + ki; e++) {
		const uint32_t j = s->adj[e];
		const uint64_t oj = s->off[j], kj = degree(s, j);
		const double mj = w->maxw[j];
		double ind = 0, r = 0;
		uint64_t f;

		if (kj <= 16 * ki) {
			for (f = oj; f < oj + kj; f++) {
				const uint32_t q = s->adj[f];
				const uint32_t at = mark[q];

				if (at == NONE)
					continue;
				pairs++;
				ind += (s->w[oi + at] / si) * (s->w[f] / s->strength[q]);
				r += (s->w[oi + at] / si) * (s->w[f] / mj);
			}
		} else {
			uint64_t lo = oj, a;

			for (a = oi; a < oi + ki && lo < oj + kj; a++) {
				const uint32_t q = s->adj[a];

				lo = gallop(s->adj, lo, oj + kj, q);
				if (lo == oj + kj || s->adj[lo] != q)
					continue;
				pairs++;
				ind += (s->w[a] / si) * (s->w[lo] / s->strength[q]);
				r += (s->w[a] / si) * (s->w[lo] / mj);
			}
		}
		if (w->ind != NULL)
			w->ind[e] = ind;
		red += r;
	}
	for (e = oi; e < oi + ki; e++)
		mark[s->adj[e]] = NONE;
	/* each triangle at i was seen from both of its other corners */
	w->tri[i] = pairs / 2;
	w->red[i] = red;
}

typedef struct tri_thread {
	tri_work *w;
	socialcap__ictx *ctx;   /* only thread 0 reports progress */
	unsigned id;
	pthread_t handle;
} tri_thread;

/* Take chunks until none is left; thread 0 also reports progress. */
static void *worker(void *arg)
{
	tri_thread *t = arg;
	tri_work *w = t->w;
	const socialcap_snapshot *s = w->s;
	const unsigned chunks = (unsigned)((s->n + CHUNK - 1) / CHUNK);

	for (;;) {
		unsigned c = atomic_fetch_add(&w->next, 1u);
		uint32_t v, lo, hi;

		if (c >= chunks || atomic_load(&w->stop))
			break;
		lo = c * CHUNK;
		hi = s->n - lo < CHUNK ? s->n : lo + CHUNK;
		for (v = lo; v < hi; v++) {
			if (w->burt)
				burt_at(w, v, w->mark[t->id]);
			else
				count_at(w, v, w->part[t->id]);
		}
		if (t->ctx != NULL && socialcap__ind_progress(t->ctx, 0.9 * hi / s->n) != 0)
			atomic_store(&w->stop, 1);
	}
	return NULL;
}

/*
 * Run the pass on w->threads threads (the caller is thread 0). The chunks
 * can go to any thread without changing a number, so a thread that cannot
 * be started simply leaves its share to the others.
 */
static int run_pass(socialcap__ictx *ctx, tri_work *w)
{
	tri_thread th[64];
	unsigned t, started = 1, count = w->threads < 64 ? w->threads : 64;

	/* thread 0, the caller, runs whatever w->threads says */
	th[0].w = w;
	th[0].ctx = ctx;
	th[0].id = 0;
	for (t = 1; t < count; t++) {
		th[t].w = w;
		th[t].ctx = NULL;
		th[t].id = t;
	}
	for (t = 1; t < count; t++) {
		if (pthread_create(&th[t].handle, NULL, worker, &th[t]) != 0)
			break;
		started++;
	}
	worker(&th[0]);
	for (t = 1; t < started; t++)
		pthread_join(th[t].handle, NULL);
	return atomic_load(&w->stop) ? SOCIALCAP_ECANCELED : SOCIALCAP_OK;
}

/* Burt's constraint and hierarchy of v from the per-half-edge sums. */
static void burt(const socialcap_snapshot *s, const tri_work *w, uint32_t v,
		 double *constraint, double *hierarchy)
{
	const uint64_t k = degree(s, v);
	double c = 0, h = 0;
	uint64_t e;

	for (e = s->off[v]; e < s->off[v + 1]; e++) {
		double cij = s->w[e] / s->strength[v] + w->ind[e];

		c += cij * cij;
	}
	if (k == 0) {
		*constraint = NAN;
		if (hierarchy != NULL)
			*hierarchy = NAN;
		return;
	}
	*constraint = c;
	if (hierarchy == NULL)
		return;
	if (k < 2) {
		*hierarchy = NAN;
		return;
	}
	for (e = s->off[v]; e < s->off[v + 1]; e++) {
		double cij = s->w[e] / s->strength[v] + w->ind[e];
		double r = (cij * cij) / (c / (double)k);

		if (r > 0)
			h += r * log(r);
	}
	*hierarchy = h / ((double)k * log((double)k));
}

static void finish(const socialcap_snapshot *s, const tri_work *w,
		   socialcap__tri_out *out)
{
	double tri = 0, triples = 0;
	uint32_t v;

	for (v = 0; v < s->n; v++) {
		const double k = (double)degree(s, v);
		double c = NAN, h = NAN;

		tri += (double)w->tri[v];
		triples += k * (k - 1) / 2;
		if (out->clustering != NULL)
			out->clustering[v] = k < 2 ? NAN : 2.0 * (double)w->tri[v] / (k * (k - 1));
		if (w->ind != NULL)
			burt(s, w, v, &c, out->hierarchy != NULL ? &h : NULL);
		if (out->constraint != NULL)
			out->constraint[v] = c;
		if (out->hierarchy != NULL)
			out->hierarchy[v] = h;
		if (out->effective_size != NULL)
			out->effective_size[v] = k > 0 ? k - w->red[v] : NAN;
		if (out->efficiency != NULL)
			out->efficiency[v] = k > 0 ? (k - w->red[v]) / k : NAN;
	}
	/* each triangle was counted at its three corners */
	if (out->transitivity != NULL)
		*out->transitivity = triples > 0 ? tri / triples : NAN;
}

static void largest_weights(const socialcap_snapshot *s, double *maxw)
{
	uint32_t v;
	uint64_t e;

	for (v = 0; v < s->n; v++) {
		double mx = 0;

		for (e = s->off[v]; e < s->off[v + 1]; e++)
			if (s->w[e] > mx)
				mx = s->w[e];
		maxw[v] = mx;
	}
}

int socialcap__ind_triangles(socialcap__ictx *ctx, socialcap__tri_out *out)
{
	const int ind = out->constraint != NULL || out->hierarchy != NULL;
	const int burt = ind || out->effective_size != NULL || out->efficiency != NULL;
	tri_work w;
	unsigned t;
	uint32_t v;
	int rc;

	if ((rc = work_alloc(ctx, &w, burt, ind)) != 0)
		return rc;
	if (burt) {
		largest_weights(ctx->s, w.maxw);
	} else {
		make_rank(ctx->s, &w);
		make_oriented(ctx->s, &w);
	}
	rc = run_pass(ctx, &w);
	if (rc == 0 && !burt)
		for (t = 1; t < w.threads; t++)
			for (v = 0; v < ctx->s->n; v++)
				w.tri[v] += w.part[t][v];
	if (rc == 0)
		finish(ctx->s, &w, out);
	work_free(ctx, &w);
	return rc;
}
