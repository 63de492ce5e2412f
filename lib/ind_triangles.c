/*
 * Triangle-based indicators: local clustering, Burt's constraint,
 * effective size, efficiency and hierarchy, and global transitivity.
 *
 * Two algorithms, chosen by what is wanted:
 *
 * - Counts only (clustering, transitivity): each triangle is listed once.
 *   Ties are oriented from the endpoint of lower (degree, index) rank to
 *   the higher one (the "forward" algorithm: Chiba & Nishizeki; Latapy
 *   2008); u's oriented list is flagged in a per-thread byte array and the
 *   oriented list of each v in it is scanned for flags: O(m sqrt(m)) at
 *   worst, nothing quadratic in a hub's degree, and no branch on the order
 *   of two lists. When only the transitivity is wanted, only a total is
 *   kept (no per-actor writes).
 *
 * - Burt's measures need, for every half-edge i->j, a sum over the common
 *   neighbours q of i and j. Each actor i lists the common neighbours of
 *   its ties to higher-indexed j, once per tie for both half-edges: N(i)
 *   is marked with positions, then the list of j is scanned for marks (or,
 *   when j has many more ties than i, i's list is walked and q looked up
 *   in j's sorted list by galloping search, which keeps the cost at
 *   O(sum over ties of min(k_i, k_j) log k)). Either way the common
 *   neighbours are met in ascending index order.
 *
 * Threads: every pass over the actors (largest weights, oriented lists,
 * the main pass, the per-actor columns) deals actors out in fixed chunks.
 * In the Burt pass each tie's sums are written only by the thread that
 * owns its lower end, each in an order fixed by the graph (q by index),
 * and red is summed per actor in index order; the counting passes add
 * integers into per-thread arrays or totals. So the results are
 * bit-identical whatever the number of threads. Only the rank (a counting
 * sort) and two prefix sums are serial, O(n).
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
	uint32_t *fadj;     /* m: u's neighbours of higher rank, by index (counting) */
	/* The oriented list of x is olist[obeg[x] .. oend[x]): fadj by foff,
	 * or, oriented by index, the tail of x's own sorted list (by_index). */
	const uint32_t *olist;
	const uint64_t *obeg, *oend;
	uint64_t *split;    /* n + 1: start of x's tail in adj (by_index) */
	int by_index;
	uint64_t *tri;      /* n: triangles at each actor */
	uint64_t **part;    /* threads: per-thread triangle counts (counting) */
	uint64_t *total;    /* threads: per-thread triangle totals (counting) */
	int per_actor;      /* counting: 0 when only the total is wanted */
	/* threads: position marks (Burt: uint32_t) or flags (counting: one
	 * byte, so that the array an actor's scans hit stays in cache) */
	void **mark;
	size_t mark_size;   /* bytes per actor in mark[t] */
	double *ind;        /* 2m: sum_q p_iq p_qj per half-edge i->j */
	double *red;        /* n: sum_j sum_q p_iq m_jq (NULL: not wanted) */
	double *rr;         /* 2m: sum_q p_iq m_jq per half-edge (red on threads) */
	double *maxw;       /* n: largest tie strength */
	socialcap__tri_out *out;
	int phase;          /* what the threads do with each actor (enum phase) */
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
		if (w->part != NULL && t > 0 && w->part[t] != NULL)
			socialcap__mem_free(&ctx->mem, w->part[t], N1(s) * sizeof(**w->part));
		if (w->mark != NULL)
			socialcap__mem_free(&ctx->mem, w->mark[t], N1(s) * w->mark_size);
	}
	socialcap__mem_free(&ctx->mem, w->part, w->threads * sizeof(*w->part));
	socialcap__mem_free(&ctx->mem, w->mark, w->threads * sizeof(*w->mark));
	socialcap__mem_free(&ctx->mem, w->rank, N1(s) * sizeof(*w->rank));
	socialcap__mem_free(&ctx->mem, w->foff, N1(s) * sizeof(*w->foff));
	socialcap__mem_free(&ctx->mem, w->fadj, M1(s) * sizeof(*w->fadj));
	socialcap__mem_free(&ctx->mem, w->split, N1(s) * sizeof(*w->split));
	socialcap__mem_free(&ctx->mem, w->total, w->threads * sizeof(*w->total));
	socialcap__mem_free(&ctx->mem, w->tri, N1(s) * sizeof(*w->tri));
	socialcap__mem_free(&ctx->mem, w->ind, HALF(s) * sizeof(*w->ind));
	socialcap__mem_free(&ctx->mem, w->red, N1(s) * sizeof(*w->red));
	socialcap__mem_free(&ctx->mem, w->rr, HALF(s) * sizeof(*w->rr));
	socialcap__mem_free(&ctx->mem, w->maxw, N1(s) * sizeof(*w->maxw));
}

/*
 * Whether to orient ties by index (lower to higher) rather than by
 * (degree, index) rank. By index, the oriented list of x is the tail of its
 * own sorted list: no rank, no copy of the lists, no pass to build them.
 * The scans then cost up to the largest degree each instead of sqrt(2m),
 * so this is done only when the largest degree is at most sqrt(2m): the
 * O(m sqrt(m)) bound holds either way.
 */
static int index_orientation(const socialcap_snapshot *s)
{
	uint64_t dmax = 0;
	uint32_t v;

	for (v = 0; v < s->n; v++)
		if (s->off[v + 1] - s->off[v] > dmax)
			dmax = s->off[v + 1] - s->off[v];
	return dmax * dmax <= 2 * s->m;
}

static int work_alloc(socialcap__ictx *ctx, tri_work *w, int burt, int ind, int red,
		      int per_actor)
{
	const socialcap_snapshot *s = ctx->s;
	socialcap__mem *mem = &ctx->mem;
	unsigned t, chunks = (unsigned)((s->n + CHUNK - 1) / CHUNK);
	int ok = 1;

	memset(w, 0, sizeof(*w));
	w->s = s;
	w->burt = burt;
	w->per_actor = per_actor;
	/* more threads than chunks would only idle */
	w->threads = ctx->o->threads < chunks ? ctx->o->threads : (chunks ? chunks : 1);
	w->tri = socialcap__mem_calloc(mem, N1(s), sizeof(*w->tri));
	ok = w->tri != NULL;
	w->mark_size = burt ? sizeof(uint32_t) : 1;
	w->mark = socialcap__mem_calloc(mem, w->threads, sizeof(*w->mark));
	ok = ok && w->mark != NULL;
	for (t = 0; ok && t < w->threads; t++) {
		w->mark[t] = socialcap__mem_alloc(mem, N1(s) * w->mark_size);
		ok = w->mark[t] != NULL;
		/* Burt: no position (NONE); counting: no flag (0) */
		if (ok)
			memset(w->mark[t], burt ? 0xff : 0, N1(s) * w->mark_size);
	}
	if (burt) {
		w->maxw = socialcap__mem_calloc(mem, N1(s), sizeof(*w->maxw));
		w->total = socialcap__mem_calloc(mem, w->threads, sizeof(*w->total));
		w->part = socialcap__mem_calloc(mem, w->threads, sizeof(*w->part));
		ok = ok && w->maxw != NULL && w->total != NULL && w->part != NULL;
		if (ok && red) {
			w->red = socialcap__mem_calloc(mem, N1(s), sizeof(*w->red));
			ok = w->red != NULL;
			/* on threads the shares of a tie's far end are written
			 * per half-edge, then summed in order (see burt_at) */
			if (ok && w->threads > 1) {
				w->rr = socialcap__mem_alloc(mem, HALF(s) * sizeof(*w->rr));
				ok = w->rr != NULL;
			}
		}
		if (ok && ind) {
			w->ind = socialcap__mem_alloc(mem, HALF(s) * sizeof(*w->ind));
			ok = w->ind != NULL;
		}
		if (ok)
			w->part[0] = w->tri;
		for (t = 1; ok && per_actor && t < w->threads; t++) {
			w->part[t] = socialcap__mem_calloc(mem, N1(s), sizeof(**w->part));
			ok = w->part[t] != NULL;
		}
	} else {
		w->by_index = index_orientation(s);
		if (w->by_index) {
			w->split = socialcap__mem_alloc(mem, N1(s) * sizeof(*w->split));
		} else {
			w->rank = socialcap__mem_calloc(mem, N1(s), sizeof(*w->rank));
			w->foff = socialcap__mem_calloc(mem, N1(s), sizeof(*w->foff));
			w->fadj = socialcap__mem_alloc(mem, M1(s) * sizeof(*w->fadj));
		}
		w->part = socialcap__mem_calloc(mem, w->threads, sizeof(*w->part));
		w->total = socialcap__mem_calloc(mem, w->threads, sizeof(*w->total));
		ok = ok && (w->by_index ? w->split != NULL
					: w->rank != NULL && w->foff != NULL && w->fadj != NULL) &&
		     w->part != NULL && w->total != NULL;
		if (ok)
			w->part[0] = w->tri;
		for (t = 1; ok && per_actor && t < w->threads; t++) {
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

/* Oriented lists: for u, its neighbours of higher rank, in index order;
 * first the counts (into foff[u + 1]), then, after a prefix sum, the lists. */
static void orient_count(const socialcap_snapshot *s, tri_work *w, uint32_t u)
{
	const uint32_t ru = w->rank[u];
	uint64_t e, c = 0;

	for (e = s->off[u]; e < s->off[u + 1]; e++)
		c += w->rank[s->adj[e]] > ru;
	w->foff[u + 1] = c;
}

static void orient_fill(const socialcap_snapshot *s, tri_work *w, uint32_t u)
{
	const uint32_t ru = w->rank[u];
	uint64_t e, at = w->foff[u];

	for (e = s->off[u]; e < s->off[u + 1]; e++)
		if (w->rank[s->adj[e]] > ru)
			w->fadj[at++] = s->adj[e];
}

/*
 * The triangles whose lowest-ranked corner is u: u's oriented list is
 * flagged in @p mark (and cleared at the end), then the oriented list of
 * each v in it is scanned for flags. A triangle u < v < x (by rank) is met
 * exactly once, from u through v. With counts per actor, its three corners are credited in
 * @p cnt; otherwise only the total is returned. The scans are bounded by
 * the oriented degrees, at most sqrt(2m) each.
 */
static uint64_t count_at(const tri_work *w, uint32_t u, uint8_t *mark, uint64_t *cnt)
{
	const uint32_t *fadj = w->olist;
	const uint8_t stamp = 1;
	const uint64_t fb = w->obeg[u], fe = w->oend[u];
	uint64_t a, found = 0;

	for (a = fb; a < fe; a++)
		mark[fadj[a]] = stamp;
	for (a = fb; a < fe; a++) {
		const uint32_t v = fadj[a];
		const uint32_t *x = fadj + w->obeg[v], *xe = fadj + w->oend[v];

		if (cnt == NULL) {
			for (; x < xe; x++)
				found += mark[*x] == stamp;
			continue;
		}
		for (; x < xe; x++) {
			if (mark[*x] == stamp) {
				found++;
				cnt[v]++;
				cnt[*x]++;
			}
		}
	}
	for (a = fb; a < fe; a++)
		mark[fadj[a]] = 0;
	if (cnt != NULL)
		cnt[u] += found;
	return found;
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

/* Position of @p x in the sorted list a[lo..hi), where it is. */
static uint64_t find(const uint32_t *a, uint64_t lo, uint64_t hi, uint32_t x)
{
	while (lo + 1 < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (a[mid] <= x)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The sums of one tie i-j, for both of its half-edges. */
typedef struct pair_sums {
	double ind_ij, ind_ji, r_ij, r_ji;
	uint64_t common;
} pair_sums;

/* One common neighbour q of i and j, with w_iq and w_jq. */
static inline void pair_add(pair_sums *p, const socialcap_snapshot *s, uint32_t q,
			    double wiq, double wjq, double si, double sj, double mi,
			    double mj)
{
	const double sq = s->strength[q];

	p->common++;
	p->ind_ij += (wiq / si) * (wjq / sq);
	p->r_ij += (wiq / si) * (wjq / mj);
	p->ind_ji += (wjq / sj) * (wiq / sq);
	p->r_ji += (wjq / sj) * (wiq / mi);
}

/*
 * The Burt sums of the ties i-j with j > i, for both half-edges at once
 * (the common neighbours of i and j are listed once per tie, not once per
 * half-edge): ind for i->j and j->i, and the shares of red[i] and red[j];
 * N(i) is marked in @p mark (local positions), @p cnt gets the common
 * neighbour counts of both ends.
 *
 * Every sum runs over the common neighbours q in ascending index order,
 * the order a pass per half-edge would take, so the numbers do not depend
 * on which end lists them. ind of a half-edge is written once, by the
 * thread owning its lower end. red[j] adds its shares in ascending order
 * of the other end when actors are taken in ascending order, which one
 * thread does; on more threads each share goes to its half-edge (rr) and
 * red is summed afterwards in the same order.
 */
static void burt_at(tri_work *w, unsigned id, uint32_t i)
{
	const socialcap_snapshot *s = w->s;
	uint32_t *mark = (uint32_t *)w->mark[id];
	uint64_t *cnt = w->per_actor ? w->part[id] : NULL;
	const uint64_t oi = s->off[i], ki = degree(s, i);
	const double si = s->strength[i], mi = w->maxw[i];
	uint64_t e, f;

	for (e = oi; e < oi + ki; e++)
		mark[s->adj[e]] = (uint32_t)(e - oi);
	for (e = oi; e < oi + ki; e++) {
		const uint32_t j = s->adj[e];
		const uint64_t oj = s->off[j], kj = degree(s, j);
		const double sj = s->strength[j], mj = w->maxw[j];
		pair_sums p = {0, 0, 0, 0, 0};
		uint64_t back;

		if (j <= i)
			continue;
		if (kj <= 16 * ki) {
			for (f = oj; f < oj + kj; f++) {
				const uint32_t q = s->adj[f], at = mark[q];

				if (at != NONE)
					pair_add(&p, s, q, s->w[oi + at], s->w[f], si, sj, mi, mj);
			}
		} else {
			uint64_t lo = oj, a;

			for (a = oi; a < oi + ki && lo < oj + kj; a++) {
				const uint32_t q = s->adj[a];

				lo = gallop(s->adj, lo, oj + kj, q);
				if (lo < oj + kj && s->adj[lo] == q)
					pair_add(&p, s, q, s->w[a], s->w[lo], si, sj, mi, mj);
			}
		}
		back = find(s->adj, oj, oj + kj, i);
		if (w->ind != NULL) {
			w->ind[e] = p.ind_ij;
			w->ind[back] = p.ind_ji;
		}
		if (w->rr != NULL) {
			w->rr[e] = p.r_ij;
			w->rr[back] = p.r_ji;
		} else if (w->red != NULL) {
			w->red[i] += p.r_ij;
			w->red[j] += p.r_ji;
		}
		if (cnt != NULL) {
			cnt[i] += p.common;
			cnt[j] += p.common;
		}
		w->total[id] += p.common;
	}
	for (e = oi; e < oi + ki; e++)
		mark[s->adj[e]] = NONE;
}

/* The passes over the actors; each actor's step in one has one writer. */
enum phase {
	PH_MAXW,         /* largest tie strength (Burt) */
	PH_ORIENT_COUNT, /* oriented degree into foff[u + 1] (counting) */
	PH_ORIENT_FILL,  /* oriented lists (counting) */
	PH_SPLIT,        /* start of each tail (counting, by index) */
	PH_MAIN,         /* triangles or Burt sums */
	PH_FINISH        /* the per-actor columns */
};

static void orient_count(const socialcap_snapshot *s, tri_work *w, uint32_t u);
static void orient_fill(const socialcap_snapshot *s, tri_work *w, uint32_t u);
static void finish_at(const socialcap_snapshot *s, tri_work *w, uint32_t v);

static void step(tri_work *w, unsigned id, uint32_t v)
{
	const socialcap_snapshot *s = w->s;
	uint64_t e;

	switch (w->phase) {
	case PH_MAXW: {
		double mx = 0;

		for (e = s->off[v]; e < s->off[v + 1]; e++)
			if (s->w[e] > mx)
				mx = s->w[e];
		w->maxw[v] = mx;
		break;
	}
	case PH_ORIENT_COUNT:
		orient_count(s, w, v);
		break;
	case PH_ORIENT_FILL:
		orient_fill(s, w, v);
		break;
	case PH_SPLIT: {
		/* first neighbour above v in v's sorted list */
		uint64_t lo = s->off[v], hi = s->off[v + 1];

		while (lo < hi) {
			uint64_t mid = lo + (hi - lo) / 2;

			if (s->adj[mid] <= v)
				lo = mid + 1;
			else
				hi = mid;
		}
		w->split[v] = lo;
		break;
	}
	case PH_MAIN:
		if (w->burt)
			burt_at(w, id, v);
		else
			w->total[id] += count_at(w, v, (uint8_t *)w->mark[id],
						 w->per_actor ? w->part[id] : NULL);
		break;
	default:
		finish_at(s, w, v);
		break;
	}
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
		for (v = lo; v < hi; v++)
			step(w, t->id, v);
		if (t->ctx != NULL && w->phase == PH_MAIN &&
		    socialcap__ind_progress(t->ctx, 0.9 * hi / s->n) != 0)
			atomic_store(&w->stop, 1);
	}
	return NULL;
}

/*
 * Run phase @p phase on w->threads threads (the caller is thread 0). The
 * chunks can go to any thread without changing a number, so a thread that
 * cannot be started simply leaves its share to the others.
 */
static int run_pass(socialcap__ictx *ctx, tri_work *w, int phase)
{
	tri_thread th[64];
	unsigned t, started = 1, count = w->threads < 64 ? w->threads : 64;

	w->phase = phase;
	atomic_store(&w->next, 0u);
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

/* The per-actor columns of v; the triangle counts and red are complete. */
static void finish_at(const socialcap_snapshot *s, tri_work *w, uint32_t v)
{
	const socialcap__tri_out *out = w->out;
	const double k = (double)degree(s, v);
	double c = NAN, h = NAN;
	unsigned t;

	if (w->per_actor) {
		for (t = 1; t < w->threads; t++)
			w->tri[v] += w->part[t][v];
		/* the Burt pass credits both ends of a tie with its common
		 * neighbours, so each triangle twice at each corner */
		if (w->burt)
			w->tri[v] /= 2;
	}
	if (w->rr != NULL) {
		double x = 0;
		uint64_t e;

		for (e = s->off[v]; e < s->off[v + 1]; e++)
			x += w->rr[e];
		w->red[v] = x;
	}
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

/* Global transitivity: 3 triangles / connected triples. */
static void transitivity(const socialcap_snapshot *s, const tri_work *w, double *out)
{
	double triples = 0, tri;
	uint64_t total = 0;
	uint32_t v;
	unsigned t;

	for (v = 0; v < s->n; v++) {
		const double k = (double)degree(s, v);

		triples += k * (k - 1) / 2;
	}
	/* each triangle counts at its three corners: the counting pass met it
	 * once, the Burt pass once per tie (exact in a double up to 2^53) */
	for (t = 0; t < w->threads; t++)
		total += w->total[t];
	tri = (w->burt ? 1.0 : 3.0) * (double)total;
	*out = triples > 0 ? tri / triples : NAN;
}

int socialcap__ind_triangles(socialcap__ictx *ctx, socialcap__tri_out *out)
{
	const int ind = out->constraint != NULL || out->hierarchy != NULL;
	const int red = out->effective_size != NULL || out->efficiency != NULL;
	const int burt = ind || red;
	const socialcap_snapshot *s = ctx->s;
	tri_work w;
	uint32_t v;
	int rc;

	if ((rc = work_alloc(ctx, &w, burt, ind, red, out->clustering != NULL)) != 0)
		return rc;
	w.out = out;
	if (burt) {
		rc = run_pass(ctx, &w, PH_MAXW);
	} else if (w.by_index) {
		rc = run_pass(ctx, &w, PH_SPLIT);
		w.olist = s->adj;
		w.obeg = w.split;
		w.oend = s->off + 1;
	} else {
		make_rank(s, &w);
		rc = run_pass(ctx, &w, PH_ORIENT_COUNT);
		w.foff[0] = 0;
		for (v = 0; v < s->n; v++)
			w.foff[v + 1] += w.foff[v];
		if (rc == 0)
			rc = run_pass(ctx, &w, PH_ORIENT_FILL);
		w.olist = w.fadj;
		w.obeg = w.foff;
		w.oend = w.foff + 1;
	}
	if (rc == 0)
		rc = run_pass(ctx, &w, PH_MAIN);
	if (rc == 0)
		rc = run_pass(ctx, &w, PH_FINISH);
	if (rc == 0 && out->transitivity != NULL)
		transitivity(s, &w, out->transitivity);
	work_free(ctx, &w);
	return rc;
}
