/*
 * The layout of socialcap_snapshot, shared by the snapshot builder and every
 * module that computes on snapshots (indicators, area aggregates, time
 * series). Private: never installed.
 *
 * A snapshot is written once by socialcap_snapshot_build() and never again,
 * so readers need no locks. All arrays are owned by the snapshot and were
 * allocated through snap->mem (the network's allocator).
 *
 * Graph: undirected, simple, weighted, in CSR form over the n actors the
 * network had at build time (actor index = row index):
 *   neighbours of v  = adj[off[v] .. off[v+1]), sorted ascending, no v;
 *   strength of tie  = w[same position];
 *   every undirected tie appears twice, so off[n] == 2 * m.
 * Positions are uint64_t (2m can exceed 2^32); indices are uint32_t.
 *
 * Actor attributes are copied at build time so that the snapshot is
 * unaffected by later changes to the network (sectors may later get other
 * tiers, which would change who is an institution).
 *
 * Attendance: the events each actor attended with event time <= t, as
 * times sorted ascending per actor (att_off/att_time, CSR like the graph),
 * for "events attended in a window" style indicators.
 */
#ifndef SOCIALCAP_SNAPSHOT_INTERNAL_H
#define SOCIALCAP_SNAPSHOT_INTERNAL_H

#include <stdint.h>

#include "memory.h"
#include "socialcap/network.h"
#include "socialcap/snapshot.h"

struct socialcap_snapshot {
	socialcap__mem mem;
	/* Borrowed: ids, labels and the ledger; or, once the snapshot took
	 * the network over (snapshot_own.c), one of its holders. */
	socialcap_network *net;
	int owns_net;                     /* 1 after taking it over */
	socialcap_snapshot_options opts;  /* resolved time; layer array below */
	int64_t *layer_half_lives;        /* copy, opts.layer_half_life_count */

	uint32_t n;                       /* actors */
	uint64_t m;                       /* undirected active ties */
	uint64_t *off;                    /* n + 1 */
	uint32_t *adj;                    /* 2m */
	double *w;                        /* 2m */
	/* Room of adj and of w, >= 2m: giving back the room of merged
	 * half-edges may fail, and the build keeps the larger block then. */
	uint64_t adj_room, w_room;

	/* Per actor (n). */
	uint8_t *kind;                    /* socialcap_actor_kind */
	uint32_t *sector;
	uint32_t *nbh;
	double *status;                   /* NaN = unknown */
	double *strength;                 /* sum of w over the actor's ties */

	/* Per sector (sector_count), copied from the network. */
	uint32_t sector_count;
	int32_t *tier;                    /* > 0: institution sector */
	double *prestige;                 /* NaN = unknown */
	uint32_t nbh_count;

	/* Attendance with event time <= t, per actor, times ascending. */
	uint64_t *att_off;                /* n + 1; NULL when nobody attended */
	int64_t *att_time;                /* att_off[n] */
	uint32_t *att_event;              /* event index, same order */
};

static inline int socialcap__snap_is_institution(const socialcap_snapshot *s,
						 uint32_t v)
{
	return s->tier[s->sector[v]] > 0;
}

/*
 * Pair contributions during the build (a tie, a contact, a pair of
 * attendees), visited in the same order by every pass: the counting pass
 * adds one to each end's slot of `end`; a filling pass writes the
 * half-edge of each end in [lo, hi) at --end[end]. No contribution list
 * is ever held.
 */
typedef struct socialcap__emit {
	int fill;                         /* 0: count, 1: write */
	uint64_t *end;                    /* n */
	uint32_t *adj;                    /* filling pass */
	double *w;
	uint32_t lo, hi;                  /* filling pass: the actors written */
} socialcap__emit;

/*
 * Visit every contribution with time <= opts->time of @p net
 * (snapshot_collect.c). Cannot fail.
 */
void socialcap__snap_collect(const socialcap_network *net,
			     const socialcap_snapshot_options *opts, socialcap__emit *em);

/*
 * The same, filling the range [em->lo, em->hi) of a build that takes
 * @p net over: a tie whose two half-edges are then written (or which is
 * later than the snapshot time) is dropped from the network's columns,
 * and the columns give back their room as far as the allocator lets them.
 * The tie hash must be gone already. Cannot fail.
 */
void socialcap__snap_collect_taking(socialcap_network *net,
				    const socialcap_snapshot_options *opts,
				    socialcap__emit *em);

/*
 * Build the CSR arrays of @p snap from @p net (snapshot_csr.c): half-edges
 * counted, written, then each actor's list sorted by (neighbour,
 * strength), summed per neighbour and kept when >= theta. Returns 0 or
 * SOCIALCAP_ENOMEM (snap's graph arrays then unset, @p net unchanged).
 *
 * With @p taking, the half-edges are written range by range of actors and
 * the network's ties are consumed on the way (socialcap__snap_collect_taking),
 * so that the ties still to be read and the graph written so far stay
 * about the size of the graph; every allocation that can fail is made
 * before the first tie goes. On success the network's tie columns and
 * hash are gone (net->ties empty); the caller marks them released.
 */
int socialcap__snap_make_csr(socialcap_snapshot *snap, socialcap_network *net,
			     int taking);

/* Taking a network over (snapshot_own.c): whether some tie has a known
 * since time; 0 or SOCIALCAP_EINVAL (named in the network) when @p net
 * cannot be owned (a journal's, or owned already); and the hand-over
 * itself, which releases what is left of the ties. */
uint8_t socialcap__snap_ties_timed(const socialcap_network *net);
int socialcap__snap_may_own(socialcap_network *net);
void socialcap__snap_take(socialcap_snapshot *snap, socialcap_network *net,
			  uint8_t ties_timed);

/* Fill / free the attendance arrays (snapshot_attend.c). */
int socialcap__snap_attendance(socialcap_snapshot *snap,
			       const socialcap_network *net);
void socialcap__snap_attendance_free(socialcap_snapshot *snap);

/* Number of events @p v attended with time in (from, to] (binary search). */
uint32_t socialcap__snap_events_in(const socialcap_snapshot *snap, uint32_t v,
				   int64_t from, int64_t to);

/* 2^(-age / half_life), 1 when half_life is 0 (no decay). */
double socialcap__decay(int64_t age, int64_t half_life);

/* The same for the age t - then (then <= t), computed without overflow
 * however far apart the two times are. */
double socialcap__decay_since(int64_t t, int64_t then, int64_t half_life);

#endif
