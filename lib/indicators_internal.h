/*
 * Shared between the indicator modules (ind_*.c) and their driver
 * (indicators.c). Private: never installed.
 *
 * Every family function reads the snapshot, writes its columns of the
 * results table, allocates scratch memory through ctx->mem (the
 * snapshot's allocator, with a byte count of its own: the snapshot itself
 * is never written) and reports progress through socialcap__ind_progress(),
 * which also carries cancellation back.
 */
#ifndef SOCIALCAP_INDICATORS_INTERNAL_H
#define SOCIALCAP_INDICATORS_INTERNAL_H

#include "results_internal.h"
#include "snapshot_internal.h"
#include "socialcap/indicators.h"

typedef struct socialcap__ictx {
	const socialcap_snapshot *s;
	const socialcap_indicator_options *o;
	socialcap__mem mem;           /* scratch */
	double lo, hi;                /* progress range of the running family */
	double last;                  /* last fraction reported */
} socialcap__ictx;

/*
 * Report that @p done of the running family is finished (0..1).
 * Returns 0, or SOCIALCAP_ECANCELED when the callback asks to stop.
 */
int socialcap__ind_progress(socialcap__ictx *ctx, double done);

/* Whether actor column @p column is wanted (options.columns, 0 = all). */
static inline int socialcap__ind_wants(const socialcap__ictx *ctx, int column)
{
	return ctx->o->columns == 0 || ((ctx->o->columns >> column) & 1u) != 0;
}

/* The group of actor @p v under ctx->o->group_by. */
uint32_t socialcap__ind_group(const socialcap__ictx *ctx, uint32_t v);

/* Families on the actor table (ind_local.c, ind_triangles.c, ...). */
int socialcap__ind_local(socialcap__ictx *ctx, socialcap_results *res);
int socialcap__ind_reach(socialcap__ictx *ctx, socialcap_results *res);
int socialcap__ind_betweenness(socialcap__ictx *ctx, double *out);
int socialcap__ind_structure(socialcap__ictx *ctx, double *component,
			     double *articulation);

/*
 * Triangle-based indicators. Each output may be NULL when not wanted;
 * *transitivity (if given) gets the global transitivity.
 */
typedef struct socialcap__tri_out {
	double *clustering;
	double *constraint;
	double *effective_size;
	double *efficiency;
	double *hierarchy;
	double *transitivity;
} socialcap__tri_out;

int socialcap__ind_triangles(socialcap__ictx *ctx, socialcap__tri_out *out);

/* Network-wide columns (ind_network.c) into the one-row table. */
int socialcap__ind_network(socialcap__ictx *ctx, socialcap_results *res);

#endif
