/*
 * Reach of institutions: hops to the nearest institution (one BFS started
 * from every institution at once, O(n + m)) and the number of distinct
 * other institutions within two hops.
 *
 * For the second, each actor's institution neighbours are listed first
 * (usually a short list: institutions are few); an actor's institutions
 * within two hops are then its own institution neighbours plus those of
 * each neighbour, de-duplicated with a stamp array. Cost
 * O(n + m + sum_j k_j i_j) for i_j institutions adjacent to j, without the
 * O(sum k^2) of walking every two-step path.
 */
#include <string.h>

#include "indicators_internal.h"

static void hops(const socialcap_snapshot *s, int32_t *dist, uint32_t *queue,
		 double *out)
{
	uint32_t head = 0, tail = 0, v;
	uint64_t e;

	for (v = 0; v < s->n; v++) {
		dist[v] = -1;
		if (socialcap__snap_is_institution(s, v)) {
			dist[v] = 0;
			queue[tail++] = v;
		}
	}
	while (head < tail) {
		uint32_t x = queue[head++];

		for (e = s->off[x]; e < s->off[x + 1]; e++) {
			uint32_t y = s->adj[e];

			if (dist[y] < 0) {
				dist[y] = dist[x] + 1;
				queue[tail++] = y;
			}
		}
	}
	if (out != NULL)
		for (v = 0; v < s->n; v++)
			out[v] = (double)dist[v];
}

/* ioff/ilist: per actor, its neighbours that are institutions (CSR). */
static int institution_lists(socialcap__ictx *ctx, uint64_t **ioff,
			     uint32_t **ilist, uint64_t *total)
{
	const socialcap_snapshot *s = ctx->s;
	uint64_t count = 0, e;
	uint32_t v;

	for (e = 0; e < 2 * s->m; e++)
		count += (uint64_t)socialcap__snap_is_institution(s, s->adj[e]);
	*total = count;
	*ioff = socialcap__mem_alloc(&ctx->mem, ((size_t)s->n + 1) * sizeof(**ioff));
	*ilist = socialcap__mem_alloc(&ctx->mem, (size_t)(count + 1) * sizeof(**ilist));
	if (*ioff == NULL || *ilist == NULL)
		return SOCIALCAP_ENOMEM;
	count = 0;
	for (v = 0; v < s->n; v++) {
		(*ioff)[v] = count;
		for (e = s->off[v]; e < s->off[v + 1]; e++)
			if (socialcap__snap_is_institution(s, s->adj[e]))
				(*ilist)[count++] = s->adj[e];
	}
	(*ioff)[s->n] = count;
	return SOCIALCAP_OK;
}

static void within_two(const socialcap_snapshot *s, const uint64_t *ioff,
		       const uint32_t *ilist, uint32_t *stamp, double *out)
{
	uint32_t v;

	memset(stamp, 0, (size_t)s->n * sizeof(*stamp));
	for (v = 0; v < s->n; v++) {
		uint32_t count = 0;
		uint64_t e, k;

		stamp[v] = v + 1; /* an institution does not count itself */
		for (e = s->off[v]; e < s->off[v + 1]; e++) {
			uint32_t j = s->adj[e];

			if (socialcap__snap_is_institution(s, j) && stamp[j] != v + 1) {
				stamp[j] = v + 1;
				count++;
			}
			for (k = ioff[j]; k < ioff[j + 1]; k++) {
				if (stamp[ilist[k]] != v + 1) {
					stamp[ilist[k]] = v + 1;
					count++;
				}
			}
		}
		out[v] = (double)count;
	}
}

int socialcap__ind_reach(socialcap__ictx *ctx, socialcap_results *res)
{
	const socialcap_snapshot *s = ctx->s;
	const size_t n1 = (size_t)s->n + 1;
	int32_t *dist = socialcap__mem_alloc(&ctx->mem, n1 * sizeof(*dist));
	uint32_t *queue = socialcap__mem_alloc(&ctx->mem, n1 * sizeof(*queue));
	uint64_t *ioff = NULL, total = 0;
	uint32_t *ilist = NULL;
	int rc = SOCIALCAP_ENOMEM;

	if (dist != NULL && queue != NULL) {
		hops(s, dist, queue, socialcap__results_col(res, SOCIALCAP_ACTOR_HOPS_TO_INSTITUTION));
		rc = socialcap__ind_progress(ctx, 0.3);
	}
	if (rc == 0 && socialcap__ind_wants(ctx, SOCIALCAP_ACTOR_INSTITUTIONS_WITHIN_2))
		rc = institution_lists(ctx, &ioff, &ilist, &total);
	else
		ilist = queue; /* nothing more to do */
	if (rc == 0 && ilist != queue)
		within_two(s, ioff, ilist, queue,
			   socialcap__results_col(res, SOCIALCAP_ACTOR_INSTITUTIONS_WITHIN_2));
	socialcap__mem_free(&ctx->mem, ioff, n1 * sizeof(*ioff));
	if (ilist != queue)
		socialcap__mem_free(&ctx->mem, ilist, (size_t)(total + 1) * sizeof(*ilist));
	socialcap__mem_free(&ctx->mem, dist, n1 * sizeof(*dist));
	socialcap__mem_free(&ctx->mem, queue, n1 * sizeof(*queue));
	return rc;
}
