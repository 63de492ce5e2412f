/*
 * Triangle-based indicators: local clustering, Burt's constraint,
 * effective size, efficiency and hierarchy, and global transitivity.
 *
 * All of them need, for each tie (i, j), the third actors q adjacent to
 * both. Instead of intersecting neighbour lists per tie, each triangle is
 * listed exactly once: ties are oriented from the endpoint of lower
 * (degree, index) rank to the higher one, and for each oriented tie u->v
 * the oriented lists of u and v are merged (Chiba & Nishizeki; Latapy
 * 2008). An oriented list has at most sqrt(2m) entries, so the listing
 * costs O(m sqrt(m)) at worst and nothing quadratic in a hub's degree.
 *
 * Each triangle then adds its share to per-half-edge sums (the indirect
 * part of Burt's p_ij + sum_q p_iq p_qj) and per-actor sums (triangle
 * counts; Burt's redundancy sum_q p_iq m_jq). The listing is sequential so
 * the floating-point sums always add up in the same order.
 */
#include <math.h>
#include <string.h>

#include "indicators_internal.h"

typedef struct tri_work {
	uint32_t *rank;     /* n: position in (degree, index) order */
	uint64_t *foff;     /* n + 1: oriented lists */
	uint32_t *fpos;     /* m: local position in u's full list */
	uint64_t *tri;      /* n: triangles at each actor */
	double *ind;        /* 2m: sum_q p_iq p_qj per half-edge i->j */
	double *red;        /* n: sum_j sum_q p_iq m_jq */
	double *maxw;       /* n: largest tie strength */
	int burt;           /* 0: only triangle counts are wanted */
} tri_work;

#define N1(s) ((size_t)(s)->n + 1)
#define HALF(s) ((size_t)(2 * (s)->m) + 1)
#define M1(s) ((size_t)(s)->m + 1)

static void work_free(socialcap__ictx *ctx, tri_work *w)
{
	const socialcap_snapshot *s = ctx->s;

	socialcap__mem_free(&ctx->mem, w->rank, N1(s) * sizeof(*w->rank));
	socialcap__mem_free(&ctx->mem, w->foff, N1(s) * sizeof(*w->foff));
	socialcap__mem_free(&ctx->mem, w->fpos, M1(s) * sizeof(*w->fpos));
	socialcap__mem_free(&ctx->mem, w->tri, N1(s) * sizeof(*w->tri));
	socialcap__mem_free(&ctx->mem, w->ind, HALF(s) * sizeof(*w->ind));
	socialcap__mem_free(&ctx->mem, w->red, N1(s) * sizeof(*w->red));
	socialcap__mem_free(&ctx->mem, w->maxw, N1(s) * sizeof(*w->maxw));
}

static int work_alloc(socialcap__ictx *ctx, tri_work *w, int burt)
{
	const socialcap_snapshot *s = ctx->s;
	socialcap__mem *mem = &ctx->mem;

	memset(w, 0, sizeof(*w));
	w->burt = burt;
	w->rank = socialcap__mem_calloc(mem, N1(s), sizeof(*w->rank));
	w->foff = socialcap__mem_calloc(mem, N1(s), sizeof(*w->foff));
	w->fpos = socialcap__mem_calloc(mem, M1(s), sizeof(*w->fpos));
	w->tri = socialcap__mem_calloc(mem, N1(s), sizeof(*w->tri));
	if (burt) {
		w->ind = socialcap__mem_calloc(mem, HALF(s), sizeof(*w->ind));
		w->red = socialcap__mem_calloc(mem, N1(s), sizeof(*w->red));
		w->maxw = socialcap__mem_calloc(mem, N1(s), sizeof(*w->maxw));
	}
	if (w->rank == NULL || w->foff == NULL || w->fpos == NULL || w->tri == NULL ||
	    (burt && (w->ind == NULL || w->red == NULL || w->maxw == NULL))) {
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

/* Oriented lists: for u, the local positions of neighbours of higher rank. */
static void make_oriented(const socialcap_snapshot *s, tri_work *w)
{
	uint64_t at = 0, e;
	uint32_t u;

	for (u = 0; u < s->n; u++) {
		double mx = 0;

		w->foff[u] = at;
		for (e = s->off[u]; e < s->off[u + 1]; e++) {
			if (w->rank[s->adj[e]] > w->rank[u])
				w->fpos[at++] = (uint32_t)(e - s->off[u]);
			if (s->w[e] > mx)
				mx = s->w[e];
		}
		if (w->burt)
			w->maxw[u] = mx;
	}
	w->foff[s->n] = at;
}

/* The contributions of triangle (u, v, x) given the half-edges u->v,
 * u->x, v->x (positions in the full CSR). */
static void add_triangle(const socialcap_snapshot *s, tri_work *w, uint32_t u,
			 uint32_t v, uint32_t x, uint64_t uv, uint64_t ux,
			 uint64_t vx)
{
	const uint64_t vu = s->off[v] + s->rev[uv], xu = s->off[x] + s->rev[ux];
	const uint64_t xv = s->off[x] + s->rev[vx];
	const double wuv = s->w[uv], wux = s->w[ux], wvx = s->w[vx];
	const double su = s->strength[u], sv = s->strength[v], sx = s->strength[x];

	w->tri[u]++;
	w->tri[v]++;
	w->tri[x]++;
	if (!w->burt)
		return;
	/* ind(i->j) += p_iq p_qj with q the third actor */
	w->ind[uv] += (wux / su) * (wvx / sx);
	w->ind[vu] += (wvx / sv) * (wux / sx);
	w->ind[ux] += (wuv / su) * (wvx / sv);
	w->ind[xu] += (wvx / sx) * (wuv / sv);
	w->ind[vx] += (wuv / sv) * (wux / su);
	w->ind[xv] += (wux / sx) * (wuv / su);
	/* red(i) += p_iq m_jq + p_ij m_qj over the two other corners j, q */
	w->red[u] += (wux * wvx / w->maxw[v] + wuv * wvx / w->maxw[x]) / su;
	w->red[v] += (wvx * wux / w->maxw[u] + wuv * wux / w->maxw[x]) / sv;
	w->red[x] += (wvx * wuv / w->maxw[u] + wux * wuv / w->maxw[v]) / sx;
}

static int list_triangles(socialcap__ictx *ctx, tri_work *w)
{
	const socialcap_snapshot *s = ctx->s;
	uint32_t u;
	int rc;

	for (u = 0; u < s->n; u++) {
		const uint64_t ou = s->off[u];
		uint64_t a;

		for (a = w->foff[u]; a < w->foff[u + 1]; a++) {
			const uint64_t uv = ou + w->fpos[a];
			const uint32_t v = s->adj[uv];
			uint64_t i = w->foff[u], j = w->foff[v];

			/* merge the two oriented lists, both sorted by index */
			while (i < w->foff[u + 1] && j < w->foff[v + 1]) {
				uint64_t ux = ou + w->fpos[i];
				uint64_t vx = s->off[v] + w->fpos[j];

				if (s->adj[ux] < s->adj[vx]) {
					i++;
				} else if (s->adj[ux] > s->adj[vx]) {
					j++;
				} else {
					add_triangle(s, w, u, v, s->adj[ux], uv, ux, vx);
					i++;
					j++;
				}
			}
		}
		if ((u & 0xffffu) == 0xffffu &&
		    (rc = socialcap__ind_progress(ctx, 0.9 * u / s->n)) != 0)
			return rc;
	}
	return SOCIALCAP_OK;
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
		*constraint = *hierarchy = NAN;
		return;
	}
	*constraint = c;
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
		if (w->burt)
			burt(s, w, v, &c, &h);
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

int socialcap__ind_triangles(socialcap__ictx *ctx, socialcap__tri_out *out)
{
	tri_work w;
	int rc;

	if ((rc = work_alloc(ctx, &w, out->constraint != NULL || out->hierarchy != NULL ||
					     out->effective_size != NULL ||
					     out->efficiency != NULL)) != 0)
		return rc;
	make_rank(ctx->s, &w);
	make_oriented(ctx->s, &w);
	rc = list_triangles(ctx, &w);
	if (rc == 0)
		finish(ctx->s, &w, out);
	work_free(ctx, &w);
	return rc;
}
