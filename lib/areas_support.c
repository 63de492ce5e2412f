/*
 * The support ratio of areas on its own (with residents, internal ties and
 * density, which come with it): what socialcap_areas_compute() runs when
 * options.columns asks for nothing else of the graph half.
 *
 * The full tie pass (areas_graph.c) counts every common neighbour of every
 * tie, because clustering needs the counts. The support ratio only asks
 * whether an internal tie has one common neighbour in its area, so here
 * each member u stamps only its neighbours in its own area, and the scan of
 * each internal tie's other end stops at the first stamp. The numbers are
 * the same: the same ties are counted and the same divisions made.
 */
#include <math.h>

#include "areas_internal.h"

#define COL(vals, rows, c) ((vals) + (size_t)(c) * (rows))

static double ratio(double num, double den)
{
	return den > 0 ? num / den : NAN;
}

/* Whether a neighbour of @p v carries the stamp @p stamp. */
static int supported(const socialcap_snapshot *s, const uint32_t *mark, uint32_t v,
		     uint32_t stamp)
{
	const uint32_t *b = s->adj + s->off[v], *be = s->adj + s->off[v + 1];

	for (; b < be; b++)
		if (mark[*b] == stamp)
			return 1;
	return 0;
}

int socialcap__areas_support_fill(double *vals, uint32_t rows,
				  const socialcap_snapshot *now, socialcap__mem *mem,
				  const socialcap_areas_options *o)
{
	const socialcap_snapshot *s = now;
	const size_t n1 = (size_t)s->n + 1;
	uint32_t *area = socialcap__mem_alloc(mem, n1 * sizeof(*area));
	uint32_t *mark = socialcap__mem_calloc(mem, n1, sizeof(*mark));
	double *residents = COL(vals, rows, SOCIALCAP_AREA_RESIDENTS);
	double *internal = COL(vals, rows, SOCIALCAP_AREA_TIES_INTERNAL);
	double *support = COL(vals, rows, SOCIALCAP_AREA_SUPPORT_RATIO);
	double *density = COL(vals, rows, SOCIALCAP_AREA_DENSITY);
	uint32_t u, r;

	if (area == NULL || mark == NULL) {
		socialcap__mem_free(mem, area, n1 * sizeof(*area));
		socialcap__mem_free(mem, mark, n1 * sizeof(*mark));
		return SOCIALCAP_ENOMEM;
	}
	for (r = 0; r < rows; r++)
		residents[r] = internal[r] = support[r] = 0;
	for (u = 0; u < s->n; u++) {
		area[u] = socialcap__area_of(now->net, o->areas, u);
		if (area[u] != SOCIALCAP__NO_AREA)
			residents[area[u]] += 1;
	}
	for (u = 0; u < s->n; u++) {
		const uint32_t au = area[u], stamp = u + 1;
		uint64_t e;

		if (au == SOCIALCAP__NO_AREA)
			continue;
		for (e = s->off[u]; e < s->off[u + 1]; e++)
			if (area[s->adj[e]] == au)
				mark[s->adj[e]] = stamp;
		/* ties counted once, from their lower end, as in the tie pass */
		for (e = s->off[u]; e < s->off[u + 1]; e++) {
			const uint32_t v = s->adj[e];

			if (v < u || area[v] != au)
				continue;
			internal[au] += 1;
			support[au] += supported(s, mark, v, stamp);
		}
	}
	for (r = 0; r < rows; r++) {
		density[r] = ratio(internal[r], residents[r] * (residents[r] - 1) / 2);
		support[r] = ratio(support[r], internal[r]);
	}
	socialcap__mem_free(mem, area, n1 * sizeof(*area));
	socialcap__mem_free(mem, mark, n1 * sizeof(*mark));
	return SOCIALCAP_OK;
}
