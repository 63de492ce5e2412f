/*
 * Indicators of an actor's own ties, one pass over its neighbour list:
 * degree, strength, tie-class shares (Woolcock), Lin's position-generator
 * measures (extensity, upper reachability, prestige range), economic
 * connectedness (Chetty et al. 2022) and events attended.
 */
#include <math.h>

#include "indicators_internal.h"

/* Share of actors with known status at or above the threshold (pi_H). */
static double high_share(const socialcap_snapshot *s, double threshold)
{
	uint64_t known = 0, high = 0;
	uint32_t v;

	for (v = 0; v < s->n; v++) {
		if (isnan(s->status[v]))
			continue;
		known++;
		high += s->status[v] >= threshold;
	}
	return known > 0 ? (double)high / (double)known : NAN;
}

/* Tie-class shares of v: bonding, bridging, linking (NaN for isolates). */
static void shares(const socialcap__ictx *ctx, uint32_t v, double out[3])
{
	const socialcap_snapshot *s = ctx->s;
	const int32_t tv = s->tier[s->sector[v]];
	const uint32_t gv = socialcap__ind_group(ctx, v);
	double sum[3] = {0, 0, 0};
	uint64_t e;

	for (e = s->off[v]; e < s->off[v + 1]; e++) {
		uint32_t j = s->adj[e];

		if (s->tier[s->sector[j]] != tv)
			sum[2] += s->w[e];
		else if (socialcap__ind_group(ctx, j) == gv)
			sum[0] += s->w[e];
		else
			sum[1] += s->w[e];
	}
	for (e = 0; e < 3; e++)
		out[e] = s->off[v + 1] > s->off[v] ? sum[e] / s->strength[v] : NAN;
}

/* Extensity, upper reachability and prestige range over alters' sectors;
 * seen[] is a per-sector stamp (v + 1 marks "seen for v"). */
static void positions(const socialcap_snapshot *s, uint32_t v, uint32_t *seen,
		      double *extensity, double *upper, double *range)
{
	double hi = -INFINITY, lo = INFINITY;
	uint32_t count = 0;
	uint64_t e;

	for (e = s->off[v]; e < s->off[v + 1]; e++) {
		uint32_t k = s->sector[s->adj[e]];
		double p = s->prestige[k];

		if (seen[k] == v + 1)
			continue;
		seen[k] = v + 1;
		count++;
		if (!isnan(p)) {
			hi = p > hi ? p : hi;
			lo = p < lo ? p : lo;
		}
	}
	*extensity = count;
	*upper = hi >= lo ? hi : NAN;
	*range = hi >= lo ? hi - lo : NAN;
}

/* (share of alters with status >= threshold among alters with known
 * status) / pi_H; NaN when v's status is unknown, v is an isolate, no
 * alter's status is known, or pi_H is 0 or unknown. */
static double ec(const socialcap_snapshot *s, uint32_t v, double threshold,
		 double pi_high)
{
	uint32_t known = 0, high = 0;
	uint64_t e;

	if (isnan(s->status[v]) || !(pi_high > 0))
		return NAN;
	for (e = s->off[v]; e < s->off[v + 1]; e++) {
		double st = s->status[s->adj[e]];

		if (isnan(st))
			continue;
		known++;
		high += st >= threshold;
	}
	if (known == 0)
		return NAN;
	return ((double)high / (double)known) / pi_high;
}

/* The columns this family writes. */
static int local_column(int c)
{
	switch (c) {
	case SOCIALCAP_ACTOR_DEGREE:
	case SOCIALCAP_ACTOR_STRENGTH:
	case SOCIALCAP_ACTOR_BONDING:
	case SOCIALCAP_ACTOR_BRIDGING:
	case SOCIALCAP_ACTOR_LINKING:
	case SOCIALCAP_ACTOR_EXTENSITY:
	case SOCIALCAP_ACTOR_UPPER_REACHABILITY:
	case SOCIALCAP_ACTOR_PRESTIGE_RANGE:
	case SOCIALCAP_ACTOR_EC:
	case SOCIALCAP_ACTOR_EVENTS_ATTENDED:
		return 1;
	default:
		return 0;
	}
}

int socialcap__ind_local(socialcap__ictx *ctx, socialcap_results *res)
{
	const socialcap_snapshot *s = ctx->s;
	const double pi_high = high_share(s, ctx->o->ec_threshold);
	const int64_t t = s->opts.time;
	/* (t - window, t]; a window reaching before the earliest time is open */
	const int64_t from = t < INT64_MIN + ctx->o->event_window ? SOCIALCAP_TIME_NONE
								  : t - ctx->o->event_window;
	uint32_t *seen, v;
	double *col[SOCIALCAP_ACTOR_COLUMN_COUNT];
	size_t c;

	seen = socialcap__mem_calloc(&ctx->mem, s->sector_count ? s->sector_count : 1,
				     sizeof(*seen));
	if (seen == NULL)
		return SOCIALCAP_ENOMEM;
	/* a column without storage (not wanted) is computed into a dummy */
	for (c = 0; c < SOCIALCAP_ACTOR_COLUMN_COUNT; c++)
		col[c] = local_column((int)c) ? socialcap__results_col(res, (uint32_t)c) : NULL;
	for (v = 0; v < s->n; v++) {
		double x[SOCIALCAP_ACTOR_COLUMN_COUNT];

		x[SOCIALCAP_ACTOR_DEGREE] = (double)(s->off[v + 1] - s->off[v]);
		x[SOCIALCAP_ACTOR_STRENGTH] = s->strength[v];
		shares(ctx, v, &x[SOCIALCAP_ACTOR_BONDING]);
		positions(s, v, seen, &x[SOCIALCAP_ACTOR_EXTENSITY],
			  &x[SOCIALCAP_ACTOR_UPPER_REACHABILITY],
			  &x[SOCIALCAP_ACTOR_PRESTIGE_RANGE]);
		x[SOCIALCAP_ACTOR_EC] = ec(s, v, ctx->o->ec_threshold, pi_high);
		x[SOCIALCAP_ACTOR_EVENTS_ATTENDED] = (double)socialcap__snap_events_in(
			s, v, from, t);
		for (c = 0; c < SOCIALCAP_ACTOR_COLUMN_COUNT; c++)
			if (col[c] != NULL)
				col[c][v] = x[c];
	}
	socialcap__mem_free(&ctx->mem, seen,
			    (s->sector_count ? s->sector_count : 1) * sizeof(*seen));
	return SOCIALCAP_OK;
}
