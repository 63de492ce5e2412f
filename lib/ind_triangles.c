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
 * - Burt's measures need, for every half-edge i->j, sums over the common
 *   neighbours q of i and j. Each actor i computes the sums of all its
 *   half-edges and finishes its own columns at once: N(i) is marked with
 *   positions (p_iq = w_iq / s_i beside them in a per-thread buffer), then
 *   for each neighbour j the list of j is scanned for marks (or, when j
 *   has many more ties than i, i's list is walked and q looked up in j's
 *   sorted list by galloping search, which keeps the cost at O(sum over
 *   half-edges of min(k_i, k_j) log k)). Either way the common neighbours
 *   are met in ascending index order. Each tie's common neighbours are
 *   listed twice, once from each end, so that no sum has to be kept per
 *   half-edge (16 bytes each) between two passes.
 *
 * Threads: every pass over the actors (largest weights, oriented lists,
 * the main pass, the per-actor columns) deals actors out in fixed chunks
 * (socialcap__run_chunks).
 * In the Burt pass everything about actor i is computed by the one thread
 * that takes i, each sum in an order fixed by the graph (q by index for a
 * half-edge, j in i's list order for the actor's totals); the counting
 * passes add integers into per-thread arrays or totals. So the results are
 * bit-identical whatever the number of threads. Only the rank (a counting
 * sort) and two prefix sums are serial, O(n).
 */
#include <math.h>
#include <string.h>

#include "chunks.h"
#include "indicators_internal.h"

#define CHUNK 2048u
#define NONE UINT32_MAX
#define TOTAL_STRIDE ((size_t)8) /* uint64_t per cache line */

/* What one thread works in. */
typedef struct tri_scratch {
	/* n + 1: counting: a flag byte per actor (small, so that the array an
	 * actor's scans hit stays in cache); Burt: the position of each actor
	 * in the marked actor's list, or NONE */
	void *mark;
	/* Burt: the same membership, one bit per actor: the test made for
	 * every entry scanned, in an array 32 times smaller than the marks */
	uint64_t *bits;
	/* Burt, by position in the marked actor's list (largest degree
	 * each): p_iq, s_q, then c_ij when the hierarchy is wanted */
	double *buf;
	uint32_t *hit;      /* Burt: the common neighbours met in one scan */
} tri_scratch;

typedef struct tri_work {
	const socialcap_snapshot *s;
	socialcap__ictx *ctx; /* progress, reported from thread 0 (the caller) */
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
	uint64_t *tri;      /* n: triangles at each actor (counting) */
	uint64_t **part;    /* threads: per-thread triangle counts (counting) */
	/* threads * TOTAL_STRIDE: per-thread triangle totals, one cache line
	 * apart so that two threads never write the same line */
	uint64_t *total;
	int per_actor;      /* 0 when only the total is wanted */
	tri_scratch *ts;    /* threads */
	size_t mark_size;   /* bytes per actor in mark */
	size_t buf_len;     /* doubles in buf */
	uint64_t kmax;      /* largest degree */
	int ind, red;       /* Burt: constraint/hierarchy, effective size wanted */
	double *maxw;       /* n: largest tie strength (Burt) */
	const socialcap__tri_out *out;
	int phase;          /* what the threads do with each actor (enum phase) */
} tri_work;

#define N1(s) ((size_t)(s)->n + 1)
#define M1(s) ((size_t)(s)->m + 1)
#define BITS(s) ((size_t)(s)->n / 64 + 1)

static void work_free(socialcap__ictx *ctx, tri_work *w)
{
	const socialcap_snapshot *s = ctx->s;
	unsigned t;

	for (t = 0; t < w->threads; t++) {
		if (w->part != NULL && t > 0 && w->part[t] != NULL)
			socialcap__mem_free(&ctx->mem, w->part[t], N1(s) * sizeof(**w->part));
		if (w->ts != NULL) {
			socialcap__mem_free(&ctx->mem, w->ts[t].mark, N1(s) * w->mark_size);
			socialcap__mem_free(&ctx->mem, w->ts[t].bits, BITS(s) * sizeof(uint64_t));
			socialcap__mem_free(&ctx->mem, w->ts[t].buf, w->buf_len * sizeof(double));
			socialcap__mem_free(&ctx->mem, w->ts[t].hit, (w->kmax + 1) * sizeof(uint32_t));
		}
	}
	socialcap__mem_free(&ctx->mem, w->part, w->threads * sizeof(*w->part));
	socialcap__mem_free(&ctx->mem, w->ts, w->threads * sizeof(*w->ts));
	socialcap__mem_free(&ctx->mem, w->rank, N1(s) * sizeof(*w->rank));
	socialcap__mem_free(&ctx->mem, w->foff, N1(s) * sizeof(*w->foff));
	socialcap__mem_free(&ctx->mem, w->fadj, M1(s) * sizeof(*w->fadj));
	socialcap__mem_free(&ctx->mem, w->split, N1(s) * sizeof(*w->split));
	socialcap__mem_free(&ctx->mem, w->total, TOTAL_STRIDE * w->threads * sizeof(*w->total));
	socialcap__mem_free(&ctx->mem, w->tri, N1(s) * sizeof(*w->tri));
	socialcap__mem_free(&ctx->mem, w->maxw, N1(s) * sizeof(*w->maxw));
}

static uint64_t max_degree(const socialcap_snapshot *s)
{
	uint64_t dmax = 0;
	uint32_t v;

	for (v = 0; v < s->n; v++)
		if (s->off[v + 1] - s->off[v] > dmax)
			dmax = s->off[v + 1] - s->off[v];
	return dmax;
}

/*
 * Whether to orient ties by index (lower to higher) rather than by
 * (degree, index) rank. By index, the oriented list of x is the tail of its
 * own sorted list: no rank, no copy of the lists, no pass to build them.
 * The scans then cost up to the largest degree each instead of sqrt(2m),
 * so this is done only when the largest degree is at most sqrt(2m): the
 * O(m sqrt(m)) bound holds either way.
 */
static int index_orientation(const socialcap_snapshot *s, uint64_t dmax)
{
	return dmax * dmax <= 2 * s->m;
}

/* The threads' scratch arrays (tri_scratch). */
static int alloc_scratch(socialcap__mem *mem, tri_work *w, int hierarchy)
{
	const socialcap_snapshot *s = w->s;
	unsigned t;

	w->mark_size = w->burt ? sizeof(uint32_t) : 1;
	/* p_iq and s_q, and c_ij for the hierarchy */
	w->buf_len = (size_t)w->kmax * (hierarchy ? 3u : 2u) + 1;
	w->ts = socialcap__mem_calloc(mem, w->threads, sizeof(*w->ts));
	if (w->ts == NULL)
		return 0;
	for (t = 0; t < w->threads; t++) {
		tri_scratch *x = &w->ts[t];

		if ((x->mark = socialcap__mem_alloc(mem, N1(s) * w->mark_size)) == NULL)
			return 0;
		/* Burt: no position (NONE); counting: no flag (0) */
		memset(x->mark, w->burt ? 0xff : 0, N1(s) * w->mark_size);
		if (!w->burt)
			continue;
		x->bits = socialcap__mem_calloc(mem, BITS(s), sizeof(uint64_t));
		x->buf = socialcap__mem_alloc(mem, w->buf_len * sizeof(double));
		x->hit = socialcap__mem_alloc(mem, (w->kmax + 1) * sizeof(uint32_t));
		if (x->bits == NULL || x->buf == NULL || x->hit == NULL)
			return 0;
	}
	return 1;
}

static int work_alloc(socialcap__ictx *ctx, tri_work *w, const socialcap__tri_out *out)
{
	const socialcap_snapshot *s = ctx->s;
	socialcap__mem *mem = &ctx->mem;
	unsigned t, chunks = (unsigned)((s->n + CHUNK - 1) / CHUNK);
	int ok;

	memset(w, 0, sizeof(*w));
	w->s = s;
	w->ctx = ctx;
	w->out = out;
	w->ind = out->constraint != NULL || out->hierarchy != NULL;
	w->red = out->effective_size != NULL || out->efficiency != NULL;
	w->burt = w->ind || w->red;
	w->per_actor = out->clustering != NULL;
	w->kmax = max_degree(s);
	/* more threads than chunks would only idle */
	w->threads = ctx->o->threads < chunks ? ctx->o->threads : (chunks ? chunks : 1);
	w->total = socialcap__mem_calloc(mem, TOTAL_STRIDE * w->threads, sizeof(*w->total));
	ok = w->total != NULL && alloc_scratch(mem, w, out->hierarchy != NULL);
	if (w->burt) {
		/* each actor's columns are finished in the main pass: no
		 * per-actor or per-half-edge arrays besides the largest weight */
		w->maxw = socialcap__mem_calloc(mem, N1(s), sizeof(*w->maxw));
		ok = ok && w->maxw != NULL;
	} else {
		w->by_index = index_orientation(s, w->kmax);
		if (w->by_index) {
			w->split = socialcap__mem_alloc(mem, N1(s) * sizeof(*w->split));
		} else {
			w->rank = socialcap__mem_calloc(mem, N1(s), sizeof(*w->rank));
			w->foff = socialcap__mem_calloc(mem, N1(s), sizeof(*w->foff));
			w->fadj = socialcap__mem_alloc(mem, M1(s) * sizeof(*w->fadj));
		}
		w->tri = socialcap__mem_calloc(mem, N1(s), sizeof(*w->tri));
		w->part = socialcap__mem_calloc(mem, w->threads, sizeof(*w->part));
		ok = ok && (w->by_index ? w->split != NULL
					: w->rank != NULL && w->foff != NULL && w->fadj != NULL) &&
		     w->tri != NULL && w->part != NULL;
		if (ok)
			w->part[0] = w->tri;
		for (t = 1; ok && w->per_actor && t < w->threads; t++) {
			w->part[t] = socialcap__mem_calloc(mem, N1(s), sizeof(**w->part));
			ok = w->part[t] != NULL;
		}
	}
	if (!ok) {
		work_free(ctx, w);
		return SOCIALCAP_ENOMEM;
	}
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
 * The neighbours of an actor are random actors, so what is read about
 * them is a cache miss each: where their lists are (off) is prefetched
 * OFF_AHEAD neighbours ahead, the lists themselves AHEAD neighbours
 * ahead, and their strengths one actor ahead (the next actor's list lies
 * right after this one's). Measured on the benchmark city: this halves
 * the time of the pass.
 */
#define AHEAD 3u
#define OFF_AHEAD 8u

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

	for (a = fb; a < fe; a++) {
		mark[fadj[a]] = stamp;
		/* where the lists of u's first neighbours are (random actors) */
		if (a < fb + OFF_AHEAD) {
			__builtin_prefetch(w->obeg + fadj[a]);
			__builtin_prefetch(w->oend + fadj[a]);
		}
	}
	for (a = fb; a < fe && a < fb + AHEAD; a++)
		__builtin_prefetch(fadj + w->obeg[fadj[a]]);
	for (a = fb; a < fe; a++) {
		const uint32_t v = fadj[a];
		const uint32_t *x = fadj + w->obeg[v], *xe = fadj + w->oend[v];

		if (a + OFF_AHEAD < fe) {
			__builtin_prefetch(w->obeg + fadj[a + OFF_AHEAD]);
			__builtin_prefetch(w->oend + fadj[a + OFF_AHEAD]);
		}
		if (a + AHEAD < fe) {
			__builtin_prefetch(fadj + w->obeg[fadj[a + AHEAD]]);
			if (cnt != NULL)
				__builtin_prefetch(cnt + fadj[a + AHEAD], 1);
		}

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

/* The sums of one half-edge i->j over the common neighbours q of i and j. */
typedef struct half_sums {
	double ind;      /* sum_q p_iq p_qj, p_qj = w_jq / s_q */
	double r;        /* sum_q p_iq m_jq, m_jq = w_jq / max_k w_jk */
	uint64_t common; /* common neighbours */
} half_sums;

/* One common neighbour q, with p_iq, s_q and w_jq; @p ind and @p red say
 * which sums are wanted (constants where the caller is inlined). */
static inline void half_add(half_sums *h, double piq, double sq, double wjq, double mj,
			    int ind, int red)
{
	h->common++;
	if (ind)
		h->ind += piq * (wjq / sq);
	if (red)
		h->r += piq * (wjq / mj);
}

/*
 * The sums of the half-edge i->j, N(i) being marked in @p x. The common
 * neighbours are met in ascending index order either way: by the scan of
 * j's list, or by i's list with galloping search in j's when j has many
 * more ties. The scan tests each entry's bit and only notes where the
 * hits are (no branch to mispredict); the hits are then summed in order.
 */
static inline half_sums half_at(const socialcap_snapshot *s, const tri_scratch *x,
				uint32_t i, uint32_t j, double mj, int ind, int red)
{
	const uint64_t oi = s->off[i], ki = degree(s, i);
	const uint64_t oj = s->off[j], kj = degree(s, j);
	const uint32_t *mark = x->mark;
	const double *p = x->buf, *sq = x->buf + ki;
	half_sums h = {0, 0, 0};

	if (kj <= 16 * ki) {
		const uint32_t *adj = s->adj + oj;
		uint32_t *hit = x->hit, nh = 0, a;

		for (a = 0; a < kj; a++) {
			const uint32_t q = adj[a];

			hit[nh] = a;
			nh += (uint32_t)(x->bits[q / 64] >> (q % 64)) & 1u;
		}
		for (a = 0; a < nh; a++) {
			const uint32_t at = mark[adj[hit[a]]];

			half_add(&h, p[at], sq[at], s->w[oj + hit[a]], mj, ind, red);
		}
	} else {
		uint64_t lo = oj, a;

		for (a = oi; a < oi + ki && lo < oj + kj; a++) {
			const uint32_t q = s->adj[a];

			lo = gallop(s->adj, lo, oj + kj, q);
			if (lo < oj + kj && s->adj[lo] == q)
				half_add(&h, p[a - oi], sq[a - oi], s->w[lo], mj, ind, red);
		}
	}
	return h;
}

/* Burt's hierarchy from the c_ij of an actor with k ties and constraint c. */
static double hierarchy(const double *cij, uint64_t k, double c)
{
	double h = 0;
	uint64_t a;

	if (k < 2)
		return NAN;
	for (a = 0; a < k; a++) {
		double r = (cij[a] * cij[a]) / (c / (double)k);

		if (r > 0)
			h += r * log(r);
	}
	return h / ((double)k * log((double)k));
}

static inline void prefetch_list(const tri_work *w, uint32_t j)
{
	const uint64_t o = w->s->off[j];

	__builtin_prefetch(w->s->adj + o);
	__builtin_prefetch(w->s->w + o);
	__builtin_prefetch(w->maxw + j);
}

/*
 * Everything about actor i from the sums of its half-edges i->j, taken in
 * i's list order: c_ij = p_ij + ind_ij, constraint sum_j c_ij^2, hierarchy
 * from the c_ij, effective size k_i - sum_j r_ij, efficiency, and the
 * common-neighbour count (each triangle at i is met twice, through either
 * of its other corners). Nothing is written but i's own columns and this
 * thread's total.
 */
static void burt_at(tri_work *w, unsigned id, uint32_t i)
{
	const socialcap_snapshot *s = w->s;
	const socialcap__tri_out *out = w->out;
	const tri_scratch *x = &w->ts[id];
	uint32_t *mark = x->mark;
	const uint64_t oi = s->off[i], ki = degree(s, i);
	double *p = x->buf, *cij = out->hierarchy != NULL ? x->buf + 2 * ki : NULL;
	const double si = s->strength[i], k = (double)ki;
	double c = 0, red = 0;
	uint64_t e, common = 0;

	if (i + 1 < s->n)
		for (e = s->off[i + 1]; e < s->off[i + 2]; e++)
			__builtin_prefetch(s->strength + s->adj[e]);
	for (e = oi; e < oi + ki && e < oi + OFF_AHEAD; e++)
		__builtin_prefetch(s->off + s->adj[e]);
	for (e = oi; e < oi + ki; e++) {
		const uint32_t q = s->adj[e];

		mark[q] = (uint32_t)(e - oi);
		x->bits[q / 64] |= (uint64_t)1 << (q % 64);
		p[e - oi] = s->w[e] / si;
		p[ki + e - oi] = s->strength[q];
	}
	for (e = oi; e < oi + ki && e < oi + AHEAD; e++)
		prefetch_list(w, s->adj[e]);
	for (e = oi; e < oi + ki; e++) {
		const uint32_t j = s->adj[e];
		half_sums h;

		if (e + OFF_AHEAD < oi + ki)
			__builtin_prefetch(s->off + s->adj[e + OFF_AHEAD]);
		if (e + AHEAD < oi + ki)
			prefetch_list(w, s->adj[e + AHEAD]);

		if (w->ind && w->red)
			h = half_at(s, x, i, j, w->maxw[j], 1, 1);
		else if (w->ind)
			h = half_at(s, x, i, j, w->maxw[j], 1, 0);
		else
			h = half_at(s, x, i, j, w->maxw[j], 0, 1);
		common += h.common;
		red += h.r;
		if (w->ind) {
			const double cx = p[e - oi] + h.ind;

			c += cx * cx;
			if (cij != NULL)
				cij[e - oi] = cx;
		}
	}
	for (e = oi; e < oi + ki; e++) {
		mark[s->adj[e]] = NONE;
		x->bits[s->adj[e] / 64] = 0;
	}
	w->total[id * TOTAL_STRIDE] += common;
	if (out->clustering != NULL) {
		const uint64_t tri = common / 2; /* exact: each was met twice */

		out->clustering[i] = ki < 2 ? NAN : 2.0 * (double)tri / (k * (k - 1));
	}
	if (out->constraint != NULL)
		out->constraint[i] = ki > 0 ? c : NAN;
	if (out->hierarchy != NULL)
		out->hierarchy[i] = hierarchy(cij, ki, c);
	if (out->effective_size != NULL)
		out->effective_size[i] = ki > 0 ? k - red : NAN;
	if (out->efficiency != NULL)
		out->efficiency[i] = ki > 0 ? (k - red) / k : NAN;
}

/* The passes over the actors; each actor's step in one has one writer. */
enum phase {
	PH_MAXW,         /* largest tie strength (Burt) */
	PH_ORIENT_COUNT, /* oriented degree into foff[u + 1] (counting) */
	PH_ORIENT_FILL,  /* oriented lists (counting) */
	PH_SPLIT,        /* start of each tail (counting, by index) */
	PH_MAIN,         /* triangles, or Burt's measures and their columns */
	PH_FINISH        /* clustering (counting) */
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
			w->total[id * TOTAL_STRIDE] +=
				count_at(w, v, (uint8_t *)w->ts[id].mark,
					 w->per_actor ? w->part[id] : NULL);
		break;
	default:
		finish_at(s, w, v);
		break;
	}
}

/* Actors [lo, hi) of the current pass; thread 0, the caller, also reports
 * the progress of the main pass. */
static int pass_chunk(void *arg, unsigned id, uint64_t lo, uint64_t hi)
{
	tri_work *w = arg;
	uint32_t v;

	for (v = (uint32_t)lo; v < hi; v++)
		step(w, id, v);
	if (id == 0 && w->phase == PH_MAIN &&
	    socialcap__ind_progress(w->ctx, 0.9 * (double)hi / w->s->n) != 0)
		return SOCIALCAP_ECANCELED;
	return SOCIALCAP_OK;
}

/* Run phase @p phase on w->threads threads, at most 64. The chunks can go
 * to any thread without changing a number, so a thread that cannot be
 * started simply leaves its share to the others. */
static int run_pass(tri_work *w, int phase)
{
	w->phase = phase;
	return socialcap__run_chunks(w->threads < 64 ? w->threads : 64, w->s->n, CHUNK, 0,
				     pass_chunk, w);
}

/* The clustering of v (counting); the per-thread counts are complete. */
static void finish_at(const socialcap_snapshot *s, tri_work *w, uint32_t v)
{
	const double k = (double)degree(s, v);
	unsigned t;

	for (t = 1; t < w->threads; t++)
		w->tri[v] += w->part[t][v];
	w->out->clustering[v] = k < 2 ? NAN : 2.0 * (double)w->tri[v] / (k * (k - 1));
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
	 * once, the Burt pass once per half-edge (exact in a double up to 2^53) */
	for (t = 0; t < w->threads; t++)
		total += w->total[t * TOTAL_STRIDE];
	if (w->burt) {
		const uint64_t twice = total; /* even: each counted twice */

		tri = (double)(twice >> 1);
	} else {
		tri = 3.0 * (double)total;
	}
	*out = triples > 0 ? tri / triples : NAN;
}

int socialcap__ind_triangles(socialcap__ictx *ctx, socialcap__tri_out *out)
{
	const socialcap_snapshot *s = ctx->s;
	tri_work w;
	uint32_t v;
	int rc;

	if ((rc = work_alloc(ctx, &w, out)) != 0)
		return rc;
	if (w.burt) {
		rc = run_pass(&w, PH_MAXW);
	} else if (w.by_index) {
		rc = run_pass(&w, PH_SPLIT);
		w.olist = s->adj;
		w.obeg = w.split;
		w.oend = s->off + 1;
	} else {
		make_rank(s, &w);
		rc = run_pass(&w, PH_ORIENT_COUNT);
		w.foff[0] = 0;
		for (v = 0; v < s->n; v++)
			w.foff[v + 1] += w.foff[v];
		if (rc == 0)
			rc = run_pass(&w, PH_ORIENT_FILL);
		w.olist = w.fadj;
		w.obeg = w.foff;
		w.oend = w.foff + 1;
	}
	if (rc == 0)
		rc = run_pass(&w, PH_MAIN);
	/* the Burt pass has written every column already */
	if (rc == 0 && !w.burt && w.per_actor)
		rc = run_pass(&w, PH_FINISH);
	if (rc == 0 && out->transitivity != NULL)
		transitivity(s, &w, out->transitivity);
	work_free(ctx, &w);
	return rc;
}
