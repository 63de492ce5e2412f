/*
 * Area aggregates (per neighbourhood, per sector) and their time series,
 * shared by areas.c, areas_graph.c, areas_ledger.c and series.c. Private:
 * never installed.
 *
 * The work is split in two halves that do not depend on each other:
 * - the graph half (areas_graph.c) reads a snapshot at t, and the one at
 *   t - window for growth and social return;
 * - the ledger half (areas_ledger.c) reads an index of the investment
 *   ledger that is sorted by time once and then answers any t, so a time
 *   series sorts the ledger only once.
 * Both write into one column-major block of doubles (vals[col * rows + r]),
 * which areas.c copies into a results table.
 */
#ifndef SOCIALCAP_AREAS_INTERNAL_H
#define SOCIALCAP_AREAS_INTERNAL_H

#include <stdint.h>

#include "memory.h"
#include "network_internal.h"
#include "snapshot_internal.h"
#include "socialcap/areas.h"

#define SOCIALCAP__NO_AREA UINT32_MAX

/* Area of actor v: its neighbourhood when it is a resident (neighbourhood
 * rows), or its sector (sector rows); SOCIALCAP__NO_AREA otherwise. */
static inline uint32_t socialcap__area_of(const socialcap_network *net,
					  int32_t areas, uint32_t v)
{
	if (areas == SOCIALCAP_AREAS_SECTORS)
		return net->actors.sector[v];
	return net->actors.kind[v] == SOCIALCAP_RESIDENT
		       ? net->actors.neighbourhood[v]
		       : SOCIALCAP__NO_AREA;
}

/*
 * Counting sort of actors by area: the members of area r are
 * order[start[r] .. start[r + 1]). @p start (rows + 1) must be zeroed.
 */
void socialcap__areas_group(const uint32_t *area, uint32_t n, uint32_t rows,
			   uint32_t *order, uint64_t *start);

/* Number of rows of an area table over @p net. */
uint32_t socialcap__area_rows(const socialcap_network *net, int32_t areas);

/*
 * One share of an investment: at @p time, @p amount of cost went into
 * @p area through an actor of sector @p sector (an event's cost split
 * equally over its attendees, a contact's cost half to each side).
 */
typedef struct socialcap__share {
	int64_t time;
	uint32_t area;
	uint32_t sector;
	double amount;
} socialcap__share;

/* The first time sector @p sector organised an event in @p area. */
typedef struct socialcap__first {
	int64_t time;
	uint32_t area;
	uint32_t sector;
} socialcap__first;

/*
 * The ledger, indexed for area aggregates: every share with cost > 0 and
 * every first organisation, each sorted by time. Built once per
 * (network, area kind); independent of t.
 */
typedef struct socialcap__ledger_index {
	socialcap__share *shares;
	size_t share_count;
	size_t share_cap;
	socialcap__first *firsts;
	size_t first_count;
	size_t first_cap;
} socialcap__ledger_index;

int socialcap__ledger_index_build(socialcap__ledger_index *ix, socialcap__mem *mem,
				  const socialcap_network *net, int32_t areas);
void socialcap__ledger_index_free(socialcap__ledger_index *ix, socialcap__mem *mem);

/*
 * Running invested stock per area, carried from one time to the next
 * (perpetual inventory): stock(t) = stock(t') 2^(-(t - t')/h) + new shares.
 */
typedef struct socialcap__stock {
	double *value;      /* rows */
	int64_t time;       /* time of value; SOCIALCAP_TIME_NONE before the first */
	size_t next;        /* first share not yet added */
} socialcap__stock;

/*
 * Fill investment_flow, invested_stock, portfolio_hhi, portfolio_effective
 * and new_investors for time @p t. @p stock must be advanced in
 * non-decreasing t. Returns 0 or SOCIALCAP_ENOMEM (scratch memory).
 */
int socialcap__areas_ledger_fill(double *vals, uint32_t rows,
				 const socialcap__ledger_index *ix,
				 socialcap__stock *stock, socialcap__mem *mem,
				 int64_t t, const socialcap_areas_options *o);

/*
 * Fill the graph columns of one time from the snapshot @p now: all but the
 * five ledger columns and the three of growth and social return. Zeroes
 * the whole block first. Returns 0 or SOCIALCAP_ENOMEM.
 */
int socialcap__areas_graph_fill(double *vals, uint32_t rows,
				const socialcap_snapshot *now, socialcap__mem *mem,
				const socialcap_areas_options *o);

/* Strength of the members' ties to partner sector @p sector in @p area. */
typedef struct socialcap__partner {
	uint32_t area;
	uint32_t sector;
	double w;
} socialcap__partner;

/*
 * What a later time needs to know about the ties at one time: per area the
 * relational stock (summed strength of incident ties, each once) and the
 * strength to each partner sector (summed over members, so a tie between
 * two members counts from both sides), sorted by (area, sector). Small
 * (areas x sectors at most), so a time series keeps one per step.
 */
typedef struct socialcap__area_summary {
	int64_t time;
	uint32_t rows;
	double *stock;
	socialcap__partner *p;
	size_t count;
	size_t cap;
} socialcap__area_summary;

/* On up to @p threads threads (areas_parallel.c); the same numbers. */
int socialcap__area_summary_build(socialcap__area_summary *out, socialcap__mem *mem,
				  const socialcap_snapshot *s, int32_t areas,
				  uint32_t rows, unsigned threads);
void socialcap__area_summary_free(socialcap__area_summary *sum, socialcap__mem *mem);

/*
 * growth_fund and growth_rate from the summaries at t and t - window, and
 * social_return's numerator (the change of relational stock), which
 * socialcap__areas_finish() divides by the flow.
 */
void socialcap__areas_growth_fill(double *vals, uint32_t rows,
				  const socialcap__area_summary *now,
				  const socialcap__area_summary *before);

/* Divide the relational change by the flow (social_return), then
 * suppress small rows. */
void socialcap__areas_finish(double *vals, uint32_t rows, const socialcap_areas_options *o);

/* Blank suppressed rows: NaN in every column but residents/suppressed. */
void socialcap__areas_suppress(double *vals, uint32_t rows,
			       const socialcap_areas_options *o);

/* Check options (message on @p net). Returns 0, EINVAL or EVERSION. */
/*
 * Check the caller's options @p in (version 1 or 2) and copy them into the
 * full struct @p o (fields a version-1 caller lacks get their defaults).
 * Every entry point reads the options only through such a copy.
 */
int socialcap__areas_check(socialcap_network *net, const socialcap_areas_options *in,
			   socialcap_areas_options *o);

/* Whether any of the area columns in @p bits is wanted (columns 0 = all). */
static inline int socialcap__areas_wants(const socialcap_areas_options *o, uint32_t bits)
{
	return o->columns == 0 || (o->columns & bits) != 0;
}

/*
 * residents, ties_internal, density and support_ratio alone (the other
 * graph columns are left 0): members counted, then one pass over the
 * internal ties that stops at the first common neighbour in the area.
 * Same numbers as socialcap__areas_graph_fill().
 */
int socialcap__areas_support_fill(double *vals, uint32_t rows,
				  const socialcap_snapshot *now, socialcap__mem *mem,
				  const socialcap_areas_options *o);

/*
 * Several threads (areas_parallel.c). A pass over @p count items is dealt
 * out in chunks (at most 1024 items, about 16 per thread); @p step(ctx, thread, lo, hi) does items
 * [lo, hi) on thread number @p thread (0 = the caller, < threads). It must
 * write only what no other item writes, or scratch of its own thread, so
 * that the result does not depend on who took which chunk. A thread that
 * cannot be started leaves its chunks to the others. The caller
 * allocates all scratch beforehand: the allocator is never called from a
 * worker.
 */
#define SOCIALCAP__AREAS_MAX_THREADS 64u

typedef void (*socialcap__areas_step)(void *ctx, unsigned thread, uint64_t lo,
				      uint64_t hi);

/* Threads worth using for @p count items: at most @p wanted, @p count and
 * SOCIALCAP__AREAS_MAX_THREADS; >= 1. */
unsigned socialcap__areas_threads(unsigned wanted, uint64_t count);

void socialcap__areas_run(unsigned threads, uint64_t count, socialcap__areas_step step,
			  void *ctx);

/* Wrap @p vals (consumed on success and failure) into a results table. */
int socialcap__areas_table(socialcap_results **out, double *vals, uint32_t rows,
			   const socialcap_snapshot *now,
			   const socialcap_areas_options *o);

/* Build the snapshot like @p like but at time @p t. */
int socialcap__areas_snapshot_at(socialcap_snapshot **out, const socialcap_snapshot *like,
				 int64_t t);

#endif
