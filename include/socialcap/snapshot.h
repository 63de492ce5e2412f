/**
 * @file socialcap/snapshot.h
 * @brief The network of active ties at one moment, as an immutable graph.
 *
 * A snapshot turns everything recorded on a network up to a time t into one
 * undirected weighted graph: declared ties, contacts and event co-attendance
 * are summed into one strength per pair of actors, each contribution decayed
 * by the half-life of its channel,
 *
 *     w_ij(t) = sum_ties weight * 2^(-(t - since) / h_layer)   (h_layer given)
 *             + sum_contacts weight * 2^(-(t - t_k) / h_channel)
 *             + sum_events 1 / (d_e - 1) * 2^(-(t - t_e) / h_event),
 *
 * and the pairs with w_ij >= theta become the snapshot's edges. Every
 * indicator (socialcap/indicators.h) is computed on a snapshot.
 *
 * The graph is stored in compressed sparse row form: each actor's
 * neighbours sorted by actor index, with the tie strengths beside them.
 * Actors keep the indices they have in the network; an actor without active
 * ties is an isolate of the snapshot.
 *
 * Thread safety: a snapshot never changes after it is built, so any number
 * of threads may read it (and compute indicators on it) at the same time.
 * Its actor ids and labels are read from the network it was built from,
 * which must therefore outlive the snapshot.
 */
#ifndef SOCIALCAP_SNAPSHOT_H
#define SOCIALCAP_SNAPSHOT_H

#include "socialcap/common.h"
#include "socialcap/network.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque handle of a snapshot. */
typedef struct socialcap_snapshot socialcap_snapshot;

/** Version of socialcap_snapshot_options understood by this library. */
#define SOCIALCAP_SNAPSHOT_OPTIONS_VERSION 1

/** Default half-lives and threshold (INDICATORS §2). */
#define SOCIALCAP_DEFAULT_HALF_LIFE_PHYSICAL (INT64_C(180) * INT64_C(86400))
#define SOCIALCAP_DEFAULT_HALF_LIFE_DIGITAL (INT64_C(90) * INT64_C(86400))
#define SOCIALCAP_DEFAULT_HALF_LIFE_EVENT (INT64_C(365) * INT64_C(86400))
#define SOCIALCAP_DEFAULT_THETA 0.1
#define SOCIALCAP_DEFAULT_MAX_CLIQUE_EVENT 50u

/**
 * @brief Options of socialcap_snapshot_build(); versioned.
 *
 * Initialise with SOCIALCAP_SNAPSHOT_OPTIONS_INIT or
 * socialcap_snapshot_options_init(), then change what you need. All
 * durations are in seconds; a half-life of 0 means "no decay". The snapshot
 * keeps a copy of the options it was built with (see
 * socialcap_snapshot_options_get()) so that every result can be reproduced.
 */
typedef struct socialcap_snapshot_options {
	unsigned int version;        /**< SOCIALCAP_SNAPSHOT_OPTIONS_VERSION */
	/** The time t of the snapshot (seconds since the epoch). Records with
	 *  a time > t and ties whose `since` is > t are left out.
	 *  SOCIALCAP_TIME_NONE means "the latest time recorded on the network"
	 *  (contacts, events and tie `since` times; 0 when there are none); the
	 *  time actually used is echoed in the snapshot's options. */
	int64_t time;
	int64_t half_life_physical;  /**< physical contacts; default 180 days */
	int64_t half_life_digital;   /**< digital contacts; default 90 days */
	int64_t half_life_event;     /**< event co-attendance; default 365 days */
	/** Pairs whose summed strength is below theta are not ties (>= 0,
	 *  finite; default 0.1). With theta 0 every pair that has any
	 *  contribution is a tie. */
	double theta;
	/** Events with more attendees than this give organiser-attendee ties
	 *  only (default 50; >= 2). */
	uint32_t max_clique_event;
	/** Half-lives of declared ties per layer index (seconds, 0 = no decay),
	 *  for the first @c layer_half_life_count layers; layers beyond the
	 *  array do not decay. A layer half-life decays a tie from its
	 *  `since`; ties without `since` never decay. Borrowed for the call
	 *  only (the snapshot keeps a copy); may be NULL when the count is 0. */
	const int64_t *layer_half_lives;
	uint32_t layer_half_life_count;
} socialcap_snapshot_options;

/** Static initialiser with the defaults. */
#define SOCIALCAP_SNAPSHOT_OPTIONS_INIT                                        \
	{ SOCIALCAP_SNAPSHOT_OPTIONS_VERSION, SOCIALCAP_TIME_NONE,             \
	  SOCIALCAP_DEFAULT_HALF_LIFE_PHYSICAL,                                \
	  SOCIALCAP_DEFAULT_HALF_LIFE_DIGITAL,                                 \
	  SOCIALCAP_DEFAULT_HALF_LIFE_EVENT, SOCIALCAP_DEFAULT_THETA,          \
	  SOCIALCAP_DEFAULT_MAX_CLIQUE_EVENT, NULL, 0 }

/**
 * @brief Fill @p opts with the defaults of options version @p version.
 * @return 0; SOCIALCAP_EVERSION (unknown version); SOCIALCAP_EINVAL (NULL).
 */
SOCIALCAP_EXTERN int socialcap_snapshot_options_init(
	socialcap_snapshot_options *opts, unsigned int version);

/**
 * @brief Build the snapshot of @p net at time @p opts->time.
 *
 * Event co-attendance follows Newman (2001): each pair of the d attendees
 * of an event gains 1/(d - 1); an event with one attendee adds nothing; an
 * event with more than max_clique_event attendees links each organiser to
 * each other attendee (same weight), not the attendees among themselves.
 *
 * @param[out] out  the new snapshot (new: free with
 *                  socialcap_snapshot_free()); NULL on failure.
 * @param net       the network (borrowed: must outlive the snapshot; it
 *                  may be changed after the build without affecting the
 *                  snapshot's graph). Only read, except that a failure
 *                  writes a message readable with socialcap_network_errmsg().
 * @param opts      options, or NULL for the defaults. Copied.
 * @return 0; SOCIALCAP_EINVAL (NULL argument, bad option, named in the
 *         network's message); SOCIALCAP_EVERSION; SOCIALCAP_ENOMEM.
 *
 * Memory comes from the network's allocator. Complexity: O(R + n + P log P)
 * time for R records (ties, contacts, attendance), n actors and P pair
 * contributions (an event of d <= max_clique_event attendees contributes
 * d(d-1)/2 pairs, P <= R for ties and contacts); memory O(n + P) during the
 * build and O(n + m) afterwards for m active ties.
 *
 * Thread safety: any number of builds may read one network at once, as long
 * as nobody modifies it meanwhile.
 */
SOCIALCAP_EXTERN int socialcap_snapshot_build(socialcap_snapshot **out,
					      socialcap_network *net,
					      const socialcap_snapshot_options *opts);

/**
 * @brief Free a snapshot. NULL-safe. A network the snapshot took over is
 *        freed with it unless results made from the snapshot still hold it.
 */
SOCIALCAP_EXTERN void socialcap_snapshot_free(socialcap_snapshot *snap);

/**
 * @brief Hand @p net, the network @p snap was built from, over to the
 *        snapshot, which frees the network's ties at once.
 *
 * After the build, indicators read only the snapshot, and results read only
 * the network's labels; the tie model (about 27 bytes per tie with its
 * index) is dead weight then. This call lets a program that is done with
 * the model compute on large networks in less memory: the snapshot keeps
 * what the rest of the library reads (actor ids and attributes, sector,
 * neighbourhood, group and layer labels, the ledger, the error message),
 * and frees the ties.
 *
 * Afterwards the network belongs to the snapshot and to every results
 * table made from it; the last of them to be freed frees the network, so
 * results may outlive the snapshot. The caller must not use or free
 * @p net any more, except through socialcap_snapshot_network() (labels,
 * the ledger, socialcap_network_errmsg()): there it has no ties, and calls
 * that need the ties refuse it with SOCIALCAP_EINVAL (socialcap_snapshot_build(),
 * socialcap_state_save(), socialcap_dataset_export()). The same holds for
 * area tables whose growth columns need a snapshot at t - window, that is
 * unless the network had no tie since times, contacts or events
 * (socialcap_areas_compute()). Any other snapshot or series built from
 * @p net, and any results table made before this call, keeps borrowing it
 * and holds nothing: free those before the last holder.
 *
 * @param snap  a snapshot; not one that owns a network already.
 * @param net   the network @p snap was built from (consumed on success).
 * @return 0; SOCIALCAP_EINVAL (NULL argument, another network, a network
 *         a snapshot owns already or a journal's network; named in the
 *         network's message).
 *         Nothing changes on failure.
 *
 * Allocates nothing. Complexity: O(m) for m ties of the network.
 * Thread safety: no other call may use @p net or @p snap meanwhile.
 */
SOCIALCAP_EXTERN int socialcap_snapshot_own_network(socialcap_snapshot *snap,
						    socialcap_network *net);

/**
 * @brief Build the snapshot of @p net and take the network over in the
 *        same call, consuming its ties while the graph is written.
 *
 * The result is the one of socialcap_snapshot_build() followed by
 * socialcap_snapshot_own_network(): the same graph to the bit, and
 * afterwards the network belongs to the snapshot, without ties, exactly as
 * described there (what the caller may still do with @p net, which calls
 * refuse it, who frees it).
 *
 * What differs is the peak. Built and then handed over, the tie model and
 * the whole graph are held together for a moment (at 10^6 actors and 10^7
 * ties about 280 MB of model beside 270 MB of snapshot). Here the tie hash
 * is freed first, and the graph is written in eight runs of actors, each
 * run's half-edges in one pass over the ties that are left; a tie is
 * dropped once both of its half-edges are written, and the tie columns
 * give their room back to the allocator after each pass. So the pages the
 * graph has touched grow while the ties still held shrink, and the peak
 * stays near the snapshot's own size. The graph arrays are allocated whole
 * before the first tie goes: an allocator that counts what it hands out,
 * rather than the pages used, still sees both at their full size.
 *
 * @param[out] out  the new snapshot (new: free with
 *                  socialcap_snapshot_free(), which also frees the network
 *                  unless results made from the snapshot still hold it);
 *                  NULL on failure.
 * @param net       the network (consumed on success; see
 *                  socialcap_snapshot_own_network()).
 * @param opts      options, or NULL for the defaults. Copied.
 * @return 0; SOCIALCAP_EINVAL (NULL argument, bad option, a network a
 *         snapshot owns already or a journal's network; named in the
 *         network's message); SOCIALCAP_EVERSION; SOCIALCAP_ENOMEM.
 *         Nothing changes on failure: every allocation that can fail is
 *         made before the first tie is consumed, and the room given back
 *         on the way may be refused without harm.
 *
 * Complexity: as socialcap_snapshot_build(), plus up to eight reads of
 * the ties still held (each pass drops those done with) and of the
 * contacts and events.
 * Thread safety: no other call may use @p net meanwhile.
 */
SOCIALCAP_EXTERN int socialcap_snapshot_build_owning(socialcap_snapshot **out,
						     socialcap_network *net,
						     const socialcap_snapshot_options *opts);

/**
 * @brief The options the snapshot was built with (time resolved, layer
 *        half-lives pointing into the snapshot: borrowed, valid until the
 *        snapshot is freed).
 * @return 0; SOCIALCAP_EINVAL (NULL argument).
 */
SOCIALCAP_EXTERN int socialcap_snapshot_options_get(
	const socialcap_snapshot *snap, socialcap_snapshot_options *out);

/** @brief The time t of the snapshot; SOCIALCAP_TIME_NONE for NULL. O(1). */
SOCIALCAP_EXTERN int64_t socialcap_snapshot_time(const socialcap_snapshot *snap);

/**
 * @brief The network the snapshot was built from (borrowed); after
 *        socialcap_snapshot_own_network() the same network, without ties,
 *        valid until the snapshot is freed. O(1).
 */
SOCIALCAP_EXTERN const socialcap_network *socialcap_snapshot_network(
	const socialcap_snapshot *snap);

/**
 * @brief Whether the snapshot's graph is the same at every time: no tie of
 *        its network has a since time, the network has no contacts and no
 *        events, and no actor was added after the build.
 *
 * Ties without a time count from the beginning and never decay, so a
 * snapshot of such a network at any earlier time would hold the same ties.
 * socialcap_areas_compute() then takes this snapshot for t - window instead
 * of building a second one, which is why its growth columns still work
 * after socialcap_snapshot_own_network(): a program can ask this before
 * handing the network over (or socialcap_network_timeless() before the
 * build, to let socialcap_snapshot_build_owning() take it over). The
 * answer may be 0 for a network that once held a since column without a
 * known time (after a failed import that had reserved it); it is never 1
 * when a time is known.
 *
 * @return 1 or 0; 0 for NULL.
 * Allocates nothing. Complexity: O(1).
 * Thread safety: like the other read-only queries, while no call changes
 * the network.
 */
SOCIALCAP_EXTERN int socialcap_snapshot_timeless(const socialcap_snapshot *snap);

/** @brief Number of actors n (all actors of the network at build time). O(1). */
SOCIALCAP_EXTERN uint32_t socialcap_snapshot_actor_count(const socialcap_snapshot *snap);

/** @brief Number of active (undirected) ties m. O(1). */
SOCIALCAP_EXTERN uint64_t socialcap_snapshot_tie_count(const socialcap_snapshot *snap);

/** @brief Number of neighbours of @p actor; 0 if out of range. O(1). */
SOCIALCAP_EXTERN uint32_t socialcap_snapshot_degree(const socialcap_snapshot *snap,
						    uint32_t actor);

/**
 * @brief The neighbours of @p actor, sorted by index, and the strengths of
 *        the ties to them.
 * @param[out] neighbours  borrowed array of *count indices (valid until the
 *                         snapshot is freed); may be NULL if not wanted.
 * @param[out] weights     borrowed array of *count strengths; may be NULL.
 * @param[out] count       the degree of @p actor.
 * @return 0; SOCIALCAP_ENOTFOUND (actor out of range); SOCIALCAP_EINVAL.
 * Complexity: O(1).
 */
SOCIALCAP_EXTERN int socialcap_snapshot_neighbours(const socialcap_snapshot *snap,
						   uint32_t actor,
						   const uint32_t **neighbours,
						   const double **weights,
						   uint32_t *count);

/**
 * @brief Strength of the active tie between @p a and @p b, or 0 when they
 *        have none (or an index is out of range).
 * Complexity: O(log min(k_a, k_b)).
 */
SOCIALCAP_EXTERN double socialcap_snapshot_weight(const socialcap_snapshot *snap,
						  uint32_t a, uint32_t b);

/**
 * @brief Bytes held by the snapshot. O(1).
 */
SOCIALCAP_EXTERN size_t socialcap_snapshot_memory(const socialcap_snapshot *snap);

#ifdef __cplusplus
}
#endif

#endif /* SOCIALCAP_SNAPSHOT_H */
