/*
 * Structure of the whole graph: connected components, articulation points,
 * nominal assortativity (Newman 2003) and Freeman's segregation index,
 * plus the one-row network table. All O(n + m).
 */
#include <math.h>
#include <string.h>

#include "indicators_internal.h"

#define NONE UINT32_MAX
/* Prefetch distance of the breadth-first search, in list entries. */
#define AHEAD 8

/* Component number of each actor (numbered by lowest member) into comp;
 * returns the number of components and the size of the largest. */
static uint32_t components(const socialcap_snapshot *s, uint32_t *comp,
			   uint32_t *queue, uint32_t *largest)
{
	uint32_t count = 0, v;

	*largest = 0;
	for (v = 0; v < s->n; v++)
		comp[v] = NONE;
	for (v = 0; v < s->n; v++) {
		uint32_t head = 0, tail = 0;

		if (comp[v] != NONE)
			continue;
		comp[v] = count;
		queue[tail++] = v;
		while (head < tail) {
			uint32_t x = queue[head++];
			uint64_t e, end = s->off[x + 1];

			/* The actors a few places on in the queue: their lists
			 * are fetched while this one is scanned. */
			if (head + AHEAD < tail)
				__builtin_prefetch(&s->adj[s->off[queue[head + AHEAD]]]);
			if (head + 2 * AHEAD < tail)
				__builtin_prefetch(&s->off[queue[head + 2 * AHEAD]]);
			for (e = s->off[x]; e < end; e++) {
				uint32_t y = s->adj[e];

				if (e + AHEAD < end)
					__builtin_prefetch(&comp[s->adj[e + AHEAD]]);
				if (comp[y] == NONE) {
					comp[y] = count;
					queue[tail++] = y;
				}
			}
		}
		if (tail > *largest)
			*largest = tail;
		count++;
	}
	return count;
}

typedef struct dfs_work {
	uint32_t *disc, *low, *parent, *stack;
	uint64_t *cur;
} dfs_work;

/* Tarjan's articulation points with an explicit stack (no recursion: a
 * path of a million actors must not overflow the C stack). */
static void articulation(const socialcap_snapshot *s, dfs_work *w, double *out)
{
	uint32_t time = 0, r;

	for (r = 0; r < s->n; r++) {
		w->disc[r] = 0;
		out[r] = 0;
	}
	for (r = 0; r < s->n; r++) {
		uint32_t top = 0, root_children = 0;

		if (w->disc[r] != 0)
			continue;
		w->disc[r] = w->low[r] = ++time;
		w->cur[r] = s->off[r];
		w->parent[r] = NONE;
		w->stack[top++] = r;
		while (top > 0) {
			uint32_t u = w->stack[top - 1];

			if (w->cur[u] < s->off[u + 1]) {
				uint32_t v = s->adj[w->cur[u]++];

				if (w->disc[v] == 0) {
					w->parent[v] = u;
					w->disc[v] = w->low[v] = ++time;
					w->cur[v] = s->off[v];
					w->stack[top++] = v;
					root_children += u == r;
				} else if (v != w->parent[u] && w->disc[v] < w->low[u]) {
					w->low[u] = w->disc[v];
				}
			} else {
				uint32_t p = w->parent[u];

				top--;
				if (p == NONE)
					continue;
				if (w->low[u] < w->low[p])
					w->low[p] = w->low[u];
				if (w->parent[p] != NONE && w->low[u] >= w->disc[p])
					out[p] = 1;
			}
		}
		if (root_children > 1)
			out[r] = 1;
	}
}

int socialcap__ind_structure(socialcap__ictx *ctx, double *component,
			     double *articulation_out)
{
	const socialcap_snapshot *s = ctx->s;
	const size_t n1 = (size_t)s->n + 1;
	dfs_work w;
	uint32_t largest, v;
	int rc = SOCIALCAP_ENOMEM;

	/* the articulation search needs three more arrays; components alone
	 * need only the numbers and a queue */
	const int art = articulation_out != NULL;

	memset(&w, 0, sizeof(w));
	w.disc = socialcap__mem_alloc(&ctx->mem, n1 * sizeof(uint32_t));
	w.stack = socialcap__mem_alloc(&ctx->mem, n1 * sizeof(uint32_t));
	if (art) {
		w.low = socialcap__mem_alloc(&ctx->mem, n1 * sizeof(uint32_t));
		w.parent = socialcap__mem_alloc(&ctx->mem, n1 * sizeof(uint32_t));
		w.cur = socialcap__mem_alloc(&ctx->mem, n1 * sizeof(uint64_t));
	}
	if (w.disc != NULL && w.stack != NULL &&
	    (!art || (w.low != NULL && w.parent != NULL && w.cur != NULL))) {
		components(s, w.disc, w.stack, &largest);
		if (component != NULL)
			for (v = 0; v < s->n; v++)
				component[v] = (double)w.disc[v];
		if (articulation_out != NULL)
			articulation(s, &w, articulation_out);
		rc = SOCIALCAP_OK;
	}
	socialcap__mem_free(&ctx->mem, w.disc, n1 * sizeof(uint32_t));
	socialcap__mem_free(&ctx->mem, w.low, n1 * sizeof(uint32_t));
	socialcap__mem_free(&ctx->mem, w.parent, n1 * sizeof(uint32_t));
	socialcap__mem_free(&ctx->mem, w.stack, n1 * sizeof(uint32_t));
	socialcap__mem_free(&ctx->mem, w.cur, n1 * sizeof(uint64_t));
	return rc;
}

static uint32_t group_count(const socialcap__ictx *ctx)
{
	switch (ctx->o->group_by) {
	case SOCIALCAP_GROUP_NEIGHBOURHOOD:
		return ctx->s->nbh_count;
	case SOCIALCAP_GROUP_KIND:
		return 3;
	default:
		return ctx->s->sector_count;
	}
}

/*
 * Nominal assortativity r = (sum_g e_gg - sum_g a_g^2) / (1 - sum_g a_g^2)
 * with e_gg the share of tie ends joining group g to itself and a_g the
 * share of tie ends in g; and Freeman's S = (E[X] - X) / E[X] with X the
 * ties across groups and E[X] = m (n^2 - sum n_g^2) / (n (n - 1)).
 */
static void mixing(socialcap__ictx *ctx, double *ends, double *members,
		   double *assortativity, double *freeman)
{
	const socialcap_snapshot *s = ctx->s;
	const uint32_t groups = group_count(ctx);
	const double m = (double)s->m, n = (double)s->n;
	double same = 0, sum_a2 = 0, sum_n2 = 0, expect;
	uint32_t v, g;
	uint64_t e;

	memset(ends, 0, (size_t)groups * sizeof(*ends));
	memset(members, 0, (size_t)groups * sizeof(*members));
	for (v = 0; v < s->n; v++) {
		uint32_t gv = socialcap__ind_group(ctx, v);

		members[gv] += 1;
		ends[gv] += (double)(s->off[v + 1] - s->off[v]);
		for (e = s->off[v]; e < s->off[v + 1]; e++)
			if (s->adj[e] > v && socialcap__ind_group(ctx, s->adj[e]) == gv)
				same += 1;
	}
	for (g = 0; g < groups; g++) {
		double a = m > 0 ? ends[g] / (2 * m) : 0;

		sum_a2 += a * a;
		sum_n2 += members[g] * members[g];
	}
	*assortativity = m > 0 && sum_a2 < 1 ? (same / m - sum_a2) / (1 - sum_a2) : NAN;
	expect = n > 1 ? m * (n * n - sum_n2) / (n * (n - 1)) : 0;
	*freeman = expect > 0 ? (expect - (m - same)) / expect : NAN;
}

static int network_structure(socialcap__ictx *ctx, double *col)
{
	const socialcap_snapshot *s = ctx->s;
	const uint32_t groups = group_count(ctx);
	const size_t n1 = (size_t)s->n + 1, g1 = (size_t)groups + 1;
	uint32_t *comp = socialcap__mem_alloc(&ctx->mem, n1 * sizeof(*comp));
	uint32_t *queue = socialcap__mem_alloc(&ctx->mem, n1 * sizeof(*queue));
	double *ends = socialcap__mem_alloc(&ctx->mem, g1 * sizeof(*ends));
	double *members = socialcap__mem_alloc(&ctx->mem, g1 * sizeof(*members));
	uint32_t largest;
	int rc = SOCIALCAP_ENOMEM;

	if (comp != NULL && queue != NULL && ends != NULL && members != NULL) {
		col[SOCIALCAP_NETWORK_COMPONENTS] = components(s, comp, queue, &largest);
		col[SOCIALCAP_NETWORK_LARGEST_COMPONENT_SHARE] =
			s->n > 0 ? (double)largest / s->n : NAN;
		mixing(ctx, ends, members, &col[SOCIALCAP_NETWORK_ASSORTATIVITY],
		       &col[SOCIALCAP_NETWORK_FREEMAN_SEGREGATION]);
		rc = SOCIALCAP_OK;
	}
	socialcap__mem_free(&ctx->mem, comp, n1 * sizeof(*comp));
	socialcap__mem_free(&ctx->mem, queue, n1 * sizeof(*queue));
	socialcap__mem_free(&ctx->mem, ends, g1 * sizeof(*ends));
	socialcap__mem_free(&ctx->mem, members, g1 * sizeof(*members));
	return rc;
}

int socialcap__ind_network(socialcap__ictx *ctx, socialcap_results *res)
{
	const socialcap_snapshot *s = ctx->s;
	double col[SOCIALCAP_NETWORK_COLUMN_COUNT];
	uint32_t v, c, isolates = 0;
	int rc = SOCIALCAP_OK;

	for (c = 0; c < SOCIALCAP_NETWORK_COLUMN_COUNT; c++)
		col[c] = NAN;
	for (v = 0; v < s->n; v++)
		isolates += s->off[v + 1] == s->off[v];
	col[SOCIALCAP_NETWORK_ACTORS] = s->n;
	col[SOCIALCAP_NETWORK_TIES] = (double)s->m;
	col[SOCIALCAP_NETWORK_ISOLATES] = isolates;
	if (ctx->o->families & SOCIALCAP_FAMILY_STRUCTURE)
		rc = network_structure(ctx, col);
	if (rc == 0 && (ctx->o->families & SOCIALCAP_FAMILY_TRIANGLES)) {
		socialcap__tri_out tri = {NULL, NULL, NULL, NULL, NULL, NULL};

		tri.transitivity = &col[SOCIALCAP_NETWORK_TRANSITIVITY];
		rc = socialcap__ind_triangles(ctx, &tri);
	}
	if (rc != 0)
		return rc;
	for (c = 0; c < SOCIALCAP_NETWORK_COLUMN_COUNT; c++)
		socialcap__results_col(res, c)[0] = col[c];
	return socialcap__ind_progress(ctx, 1);
}
