/**
 * @file socialcap/indicators.h
 * @brief Per-actor and network-wide social-capital indicators of a snapshot.
 *
 * Each function computes a table (socialcap/results.h) from a snapshot
 * (socialcap/snapshot.h). The definitions, sources and edge cases of every
 * column are in docs/indicators.md; the short version is given with each
 * enum value below. Undefined values are NaN.
 *
 * The work is grouped in families, which can be chosen with
 * socialcap_indicator_options::families (columns of families not chosen are
 * NaN); with n actors, m active ties and k_max the largest degree:
 * - LOCAL: degree, strength, tie-class shares, extensity, prestige, ec,
 *   events attended. O(n + m) (events: O(n log a) for a attendances).
 * - TRIANGLES: clustering, constraint, effective size, efficiency,
 *   hierarchy, and global transitivity. Triangles are listed once each by
 *   intersecting sorted neighbour lists with the edges oriented from lower
 *   to higher degree: O(m sqrt(m)) time at worst, O(n + m) memory.
 * - BETWEENNESS: Brandes' algorithm on unweighted shortest paths, O(n m)
 *   exact or O(s m) with s sampled sources; O(n) memory per thread.
 * - REACH: hops to the nearest institution (one multi-source BFS) and
 *   institutions within two hops: O(n + m + sum_j k_j i_j) for i_j
 *   institutions adjacent to j.
 * - STRUCTURE: components, articulation points, assortativity and Freeman
 *   segregation: O(n + m).
 *
 * Thread safety: the functions only read the snapshot, so any number may
 * run at once on one snapshot. With options.threads > 1 a call also uses
 * worker threads of its own; the numbers are identical to one thread.
 */
#ifndef SOCIALCAP_INDICATORS_H
#define SOCIALCAP_INDICATORS_H

#include "socialcap/common.h"
#include "socialcap/results.h"
#include "socialcap/snapshot.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Columns of socialcap_indicators_actors(); the column index equals the
 * enum value. Names in quotes are the column names.
 */
typedef enum socialcap_actor_column {
	SOCIALCAP_ACTOR_DEGREE = 0,         /**< "degree": k_i */
	SOCIALCAP_ACTOR_STRENGTH,           /**< "strength": s_i, sum of tie strengths */
	SOCIALCAP_ACTOR_BONDING,            /**< "bonding": share of s_i in same-tier same-group ties; NaN isolate */
	SOCIALCAP_ACTOR_BRIDGING,           /**< "bridging": same tier, other group; NaN isolate */
	SOCIALCAP_ACTOR_LINKING,            /**< "linking": other tier; NaN isolate */
	SOCIALCAP_ACTOR_CLUSTERING,         /**< "clustering": local, unweighted; NaN if k < 2 */
	SOCIALCAP_ACTOR_CONSTRAINT,         /**< "constraint": Burt, weighted; NaN isolate */
	SOCIALCAP_ACTOR_EFFECTIVE_SIZE,     /**< "effective_size": Burt, weighted; NaN isolate */
	SOCIALCAP_ACTOR_EFFICIENCY,         /**< "efficiency": effective_size / k; NaN isolate */
	SOCIALCAP_ACTOR_HIERARCHY,          /**< "hierarchy": Burt; NaN if k < 2 */
	SOCIALCAP_ACTOR_BETWEENNESS,        /**< "betweenness": unweighted, pairs counted once */
	SOCIALCAP_ACTOR_HOPS_TO_INSTITUTION, /**< "hops_to_institution": 0 for one; -1 unreachable */
	SOCIALCAP_ACTOR_INSTITUTIONS_WITHIN_2, /**< "institutions_within_2": other institutions at 1-2 hops */
	SOCIALCAP_ACTOR_EXTENSITY,          /**< "extensity": distinct sectors among alters */
	SOCIALCAP_ACTOR_UPPER_REACHABILITY, /**< "upper_reachability": max alter-sector prestige; NaN none */
	SOCIALCAP_ACTOR_PRESTIGE_RANGE,     /**< "prestige_range": max - min of it; NaN none */
	SOCIALCAP_ACTOR_EC,                 /**< "ec": economic connectedness; NaN unknown */
	SOCIALCAP_ACTOR_EVENTS_ATTENDED,    /**< "events_attended": in (t - window, t] */
	SOCIALCAP_ACTOR_ARTICULATION_POINT, /**< "articulation_point": 1 if removing it splits its component */
	SOCIALCAP_ACTOR_COMPONENT,          /**< "component": 0-based component number, by lowest member */
	SOCIALCAP_ACTOR_COLUMN_COUNT        /**< number of columns */
} socialcap_actor_column;

/** Columns of socialcap_indicators_network() (one row, "network"). */
typedef enum socialcap_network_column {
	SOCIALCAP_NETWORK_ACTORS = 0,          /**< "actors": n */
	SOCIALCAP_NETWORK_TIES,                /**< "ties": m */
	SOCIALCAP_NETWORK_ISOLATES,            /**< "isolates": actors without ties */
	SOCIALCAP_NETWORK_COMPONENTS,          /**< "components": connected components, isolates included */
	SOCIALCAP_NETWORK_LARGEST_COMPONENT_SHARE, /**< "largest_component_share": its size / n */
	SOCIALCAP_NETWORK_TRANSITIVITY,        /**< "transitivity": 3 triangles / connected triples; NaN none */
	SOCIALCAP_NETWORK_ASSORTATIVITY,       /**< "assortativity": Newman's nominal, by group attribute */
	SOCIALCAP_NETWORK_FREEMAN_SEGREGATION, /**< "freeman_segregation": (E[X] - X) / E[X] by group */
	SOCIALCAP_NETWORK_COLUMN_COUNT         /**< number of columns */
} socialcap_network_column;

/** Families of indicators (bit flags for socialcap_indicator_options::families). */
#define SOCIALCAP_FAMILY_LOCAL 0x1u
#define SOCIALCAP_FAMILY_TRIANGLES 0x2u
#define SOCIALCAP_FAMILY_BETWEENNESS 0x4u
#define SOCIALCAP_FAMILY_REACH 0x8u
#define SOCIALCAP_FAMILY_STRUCTURE 0x10u
#define SOCIALCAP_FAMILY_ALL 0x1fu

/** The actor attribute that defines "the same group" for tie classes,
 *  assortativity and segregation. */
typedef enum socialcap_group_by {
	SOCIALCAP_GROUP_SECTOR = 0,        /**< the actor's sector (default) */
	SOCIALCAP_GROUP_NEIGHBOURHOOD = 1, /**< the actor's neighbourhood */
	SOCIALCAP_GROUP_KIND = 2           /**< resident / professional / organisation */
} socialcap_group_by;

/**
 * @brief Progress report: called from the calling thread with the fraction
 *        of the work done (0 to 1, non-decreasing). Return 0 to go on,
 *        anything else to cancel (the call then returns SOCIALCAP_ECANCELED).
 */
typedef int (*socialcap_progress_fn)(double fraction, void *user);

/** Version of socialcap_indicator_options understood by this library. */
#define SOCIALCAP_INDICATOR_OPTIONS_VERSION 2

/** Default window of events_attended: 365 days, in seconds. */
#define SOCIALCAP_DEFAULT_EVENT_WINDOW (INT64_C(365) * INT64_C(86400))

/**
 * @brief Options of the indicator functions; versioned.
 *
 * Initialise with SOCIALCAP_INDICATOR_OPTIONS_INIT or
 * socialcap_indicator_options_init(). Every field that can change a number
 * is echoed into the results (socialcap_results_option_name()).
 */
typedef struct socialcap_indicator_options {
	unsigned int version;   /**< SOCIALCAP_INDICATOR_OPTIONS_VERSION */
	unsigned int families;  /**< SOCIALCAP_FAMILY_* flags; default all */
	int group_by;           /**< a socialcap_group_by; default sector */
	int64_t event_window;   /**< seconds, > 0; default 365 days */
	/** Status at or above which an actor counts as high-status for ec
	 *  (default 0.5, in (0, 1]). */
	double ec_threshold;
	/** 0: exact betweenness. s > 0 (and < n): estimate from s source
	 *  actors drawn without replacement with @c seed, scaled by n / s
	 *  (unbiased; Brandes & Pich 2007). */
	uint32_t betweenness_samples;
	uint64_t seed;          /**< seed of the source sample */
	unsigned int threads;   /**< worker threads, >= 1 (default 1) */
	socialcap_progress_fn progress; /**< may be NULL */
	void *progress_user;    /**< passed to @c progress */
	/** Since version 2: the actor columns wanted, as bits
	 *  SOCIALCAP_COLUMN_BIT(column) of socialcap_actor_column; 0 (the
	 *  default) means every column of the chosen families. A family none
	 *  of whose columns is wanted is skipped, and inside a family the work
	 *  that only unwanted columns need is skipped too (degree and strength
	 *  alone cost O(n); clustering alone needs no Burt sums). Columns not
	 *  wanted are NaN. Ignored by socialcap_indicators_network(). Options
	 *  of version 1 (without this field) are still accepted and mean 0. */
	uint32_t columns;
} socialcap_indicator_options;

/** The bit of actor column @p column in socialcap_indicator_options::columns. */
#define SOCIALCAP_COLUMN_BIT(column) (UINT32_C(1) << (column))

/** Static initialiser with the defaults. */
#define SOCIALCAP_INDICATOR_OPTIONS_INIT                                       \
	{ SOCIALCAP_INDICATOR_OPTIONS_VERSION, SOCIALCAP_FAMILY_ALL,           \
	  SOCIALCAP_GROUP_SECTOR, SOCIALCAP_DEFAULT_EVENT_WINDOW, 0.5, 0u,     \
	  UINT64_C(0x5eed), 1u, NULL, NULL, 0u }

/**
 * @brief Fill @p opts with the defaults of options version @p version
 *        (1 or 2; a version-1 struct is filled without the fields added
 *        later, so an older caller's smaller struct is never overrun).
 * @return 0; SOCIALCAP_EVERSION; SOCIALCAP_EINVAL (NULL).
 */
SOCIALCAP_EXTERN int socialcap_indicator_options_init(
	socialcap_indicator_options *opts, unsigned int version);

/**
 * @brief Compute the per-actor indicators of @p snap.
 * @param[out] out  a table with one row per actor (row = actor index) and
 *                  the columns of socialcap_actor_column (new: free with
 *                  socialcap_results_free()); NULL on failure.
 * @param snap      the snapshot (borrowed for the call; the results keep a
 *                  pointer to its network for row labels).
 * @param opts      options, or NULL for the defaults.
 * @param[out] err  filled with the status and a message naming the bad
 *                  option on failure; may be NULL.
 * @return 0; SOCIALCAP_EINVAL (NULL argument, bad option);
 *         SOCIALCAP_EVERSION; SOCIALCAP_ENOMEM; SOCIALCAP_ECANCELED (the
 *         progress callback asked to stop); SOCIALCAP_EIO (a worker thread
 *         could not be started).
 * Complexity: the sum of the chosen families (see above).
 */
SOCIALCAP_EXTERN int socialcap_indicators_actors(socialcap_results **out,
						 const socialcap_snapshot *snap,
						 const socialcap_indicator_options *opts,
						 socialcap_error *err);

/**
 * @brief Compute the network-wide indicators of @p snap: a table with one
 *        row ("network") and the columns of socialcap_network_column.
 *
 * The counts are always given; transitivity needs the TRIANGLES family,
 * the other columns STRUCTURE; other families are ignored.
 * @return as socialcap_indicators_actors().
 */
SOCIALCAP_EXTERN int socialcap_indicators_network(socialcap_results **out,
						  const socialcap_snapshot *snap,
						  const socialcap_indicator_options *opts,
						  socialcap_error *err);

/** @brief Name of actor column @p column (static), or NULL if out of range. */
SOCIALCAP_EXTERN const char *socialcap_actor_column_name(int column);

/** @brief Name of network column @p column (static), or NULL if out of range. */
SOCIALCAP_EXTERN const char *socialcap_network_column_name(int column);

#ifdef __cplusplus
}
#endif

#endif /* SOCIALCAP_INDICATORS_H */
