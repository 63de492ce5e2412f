/**
 * @file socialcap/compact.h
 * @brief A compact, read-only graph for national-scale networks, and the
 *        linear-time area indicators on it.
 *
 * The ordinary model (socialcap/network.h) keeps ids, weights and `since`
 * times per declared tie and a snapshot keeps double strengths; together
 * they need some 70 bytes per tie. A compact graph keeps, per half-edge,
 * the neighbour as a 32-bit actor index and the layers of the tie as an
 * 8-bit mask (5 bytes; 9 with an optional float weight), and per actor its
 * sector, neighbourhood, kind and CSR offset (17 bytes). It is built in two
 * passes over the same stream of ties, so that no edge list is ever held:
 *
 *     socialcap_compact_builder_new(&b, &options);
 *     socialcap_compact_builder_set_sector(b, sector, tier);   each sector
 *     socialcap_compact_builder_set_actor(b, v, sector, nbh, kind); each actor
 *     for each tie: socialcap_compact_builder_add_tie(b, a, c, layer, w);
 *     socialcap_compact_builder_start_fill(b);
 *     for each tie again, same order or not: ..._add_tie(b, a, c, layer, w);
 *     socialcap_compact_builder_finish(&graph, b);  sorts, merges, frees b
 *
 * The first pass counts the ties of each actor, the second writes both
 * half-edges at offsets from the prefix sum of the counts; the finish sorts
 * each actor's list and merges repeated neighbours (the OR of their layer
 * bits, the sum of their weights) in place. docs/compact.md describes the
 * memory per tie and the indicators; their definitions are those of the
 * area table (docs/areas.md).
 *
 * Limits: at most 2^32 - 1 actors, 8 layers (0..7), 2^64 half-edges.
 *
 * Thread safety: a builder is used by one thread at a time. A finished
 * graph never changes, so any number of threads may read it and compute on
 * it at once.
 */
#ifndef SOCIALCAP_COMPACT_H
#define SOCIALCAP_COMPACT_H

#include <stddef.h>
#include <stdint.h>

#include "socialcap/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A graph under construction (opaque). */
typedef struct socialcap_compact_builder socialcap_compact_builder;
/** A finished compact graph (opaque, read-only). */
typedef struct socialcap_compact socialcap_compact;

/** Version of socialcap_compact_options understood by this library. */
#define SOCIALCAP_COMPACT_OPTIONS_VERSION 1

/** Neighbourhood index of an actor that lives in none. */
#define SOCIALCAP_COMPACT_NO_NEIGHBOURHOOD UINT32_MAX

/** Number of layers a compact graph can tell apart (bits of the mask). */
#define SOCIALCAP_COMPACT_LAYERS 8u

/**
 * @brief Sizes and choices of a compact graph; versioned.
 * Initialise with SOCIALCAP_COMPACT_OPTIONS_INIT or
 * socialcap_compact_options_init().
 */
typedef struct socialcap_compact_options {
	unsigned int version;       /**< SOCIALCAP_COMPACT_OPTIONS_VERSION */
	uint32_t actors;            /**< actors 0..actors-1; < 2^32 - 1 */
	uint32_t sectors;           /**< sectors 0..sectors-1; >= 1 when actors > 0 */
	uint32_t neighbourhoods;    /**< neighbourhoods 0..neighbourhoods-1 */
	/** 0 (default): ties are unweighted, the strength of a tie is the
	 *  number of layers it is declared in; 1: a float weight is kept per
	 *  half-edge and the strength of a tie is the sum of its weights. */
	int weighted;
	/** Allocator for every block, or NULL for malloc; borrowed: must
	 *  outlive the builder and the graph. */
	const socialcap_allocator *allocator;
} socialcap_compact_options;

/** Static initialiser with the defaults (no actors, unweighted). */
#define SOCIALCAP_COMPACT_OPTIONS_INIT                                         \
	{ SOCIALCAP_COMPACT_OPTIONS_VERSION, 0u, 1u, 0u, 0, NULL }

/**
 * @brief Fill @p opts with the defaults of options version @p version.
 * @return 0; SOCIALCAP_EVERSION (unknown version); SOCIALCAP_EINVAL (NULL).
 */
SOCIALCAP_EXTERN int socialcap_compact_options_init(socialcap_compact_options *opts,
						    unsigned int version);

/**
 * @brief Start a compact graph of opts->actors actors, in the counting pass.
 * Every actor starts in sector 0, in no neighbourhood, of kind
 * professional; every sector with tier 0.
 * @param[out] out  the builder (new: free with socialcap_compact_builder_free()
 *                  or consume with socialcap_compact_builder_finish()); NULL
 *                  on failure.
 * @param opts      sizes (copied).
 * @return 0; SOCIALCAP_EINVAL (NULL, actors == 2^32 - 1, no sector);
 *         SOCIALCAP_EVERSION; SOCIALCAP_ENOMEM. O(actors + sectors).
 */
SOCIALCAP_EXTERN int socialcap_compact_builder_new(socialcap_compact_builder **out,
						   const socialcap_compact_options *opts);

/** @brief Release a builder and everything it holds. NULL-safe. */
SOCIALCAP_EXTERN void socialcap_compact_builder_free(socialcap_compact_builder *b);

/**
 * @brief The message of the builder's last failure ("" if none); borrowed,
 *        valid until the next call on @p b. Never NULL for a NULL @p b.
 */
SOCIALCAP_EXTERN const char *socialcap_compact_builder_errmsg(
	const socialcap_compact_builder *b);

/**
 * @brief Set the tier of @p sector (> 0: an institution's sector; linking
 *        ties join ends of different tiers). Allowed in either pass.
 * @return 0; SOCIALCAP_EINVAL (NULL, sector out of range, tier < 0,
 *         builder already failed). O(1).
 */
SOCIALCAP_EXTERN int socialcap_compact_builder_set_sector(socialcap_compact_builder *b,
							  uint32_t sector, int32_t tier);

/**
 * @brief Set the sector, neighbourhood and kind of actor @p actor.
 * Allowed in either pass. For neighbourhood rows the members of a
 * neighbourhood are its actors of kind resident, as in the area table.
 * @param neighbourhood  < opts.neighbourhoods, or
 *                       SOCIALCAP_COMPACT_NO_NEIGHBOURHOOD.
 * @param kind           a socialcap_actor_kind value (0, 1 or 2).
 * @return 0; SOCIALCAP_EINVAL (NULL, an index out of range, unknown kind).
 *         O(1).
 */
SOCIALCAP_EXTERN int socialcap_compact_builder_set_actor(socialcap_compact_builder *b,
							 uint32_t actor, uint32_t sector,
							 uint32_t neighbourhood, int kind);

/**
 * @brief Give one declared tie: in the counting pass it is counted at both
 *        ends, in the filling pass both half-edges are written.
 * The same (a, c) may come several times, in the same or other layers;
 * the finish merges them into one tie.
 * @param layer   0..7.
 * @param weight  finite and > 0; read only when the graph is weighted.
 * @return 0; SOCIALCAP_EINVAL (NULL, a == c, layer >= 8, bad weight, or in
 *         the filling pass more ties at @p a or @p c than the counting pass
 *         gave them; the message names the actor); SOCIALCAP_ENOTFOUND
 *         (an index >= actors); SOCIALCAP_ELIMIT (2^64 half-edges). Nothing is
 *         written on failure. O(1).
 */
SOCIALCAP_EXTERN int socialcap_compact_builder_add_tie(socialcap_compact_builder *b,
						       uint32_t a, uint32_t c,
						       uint32_t layer, double weight);

/**
 * @brief End the counting pass: allocate the half-edges (5 bytes each, 9
 *        weighted) at the prefix sum of the counts. The caller then replays
 *        the same ties.
 * @return 0; SOCIALCAP_EINVAL (NULL, called twice); SOCIALCAP_ENOMEM (the
 *         builder stays in the counting pass, nothing lost).
 *         O(actors) plus the allocation.
 */
SOCIALCAP_EXTERN int socialcap_compact_builder_start_fill(socialcap_compact_builder *b);

/**
 * @brief End the filling pass and make the graph: each actor's list is
 *        sorted and repeated neighbours merged (layer bits OR-ed, weights
 *        summed) in place, then the arrays are shrunk to what is left.
 * @param[out] out  the graph (new: free with socialcap_compact_free()); NULL
 *                  on failure.
 * @param b         consumed on success (do not free it); on failure left as
 *                  it was.
 * @return 0; SOCIALCAP_EINVAL (NULL, not in the filling pass, or the filling
 *         pass gave fewer ties than the counting pass: the message names
 *         the first actor short of ties); SOCIALCAP_ENOMEM.
 *         O(sum_v k_v log k_v) time, O(max k_v) extra memory.
 */
SOCIALCAP_EXTERN int socialcap_compact_builder_finish(socialcap_compact **out,
						      socialcap_compact_builder *b);

/** @brief Release a graph. NULL-safe. */
SOCIALCAP_EXTERN void socialcap_compact_free(socialcap_compact *g);

/** @brief Number of actors. O(1). 0 for NULL. */
SOCIALCAP_EXTERN uint32_t socialcap_compact_actor_count(const socialcap_compact *g);

/** @brief Number of distinct ties (pairs), each counted once. O(1). */
SOCIALCAP_EXTERN uint64_t socialcap_compact_tie_count(const socialcap_compact *g);

/** @brief Bytes held by the graph (all its arrays). O(1). */
SOCIALCAP_EXTERN size_t socialcap_compact_memory(const socialcap_compact *g);

/**
 * @brief The neighbours of actor @p v, ascending, with the layer mask of
 *        each tie and, in a weighted graph, its summed weight.
 * @param[out] neighbours  borrowed (valid while @p g lives); may be NULL.
 * @param[out] layers      borrowed; bit l set when declared in layer l;
 *                         may be NULL.
 * @param[out] weights     borrowed, or NULL in an unweighted graph; may be
 *                         NULL.
 * @return the degree of @p v; 0 (outputs NULL) when @p v is out of range.
 *         O(1).
 */
SOCIALCAP_EXTERN uint64_t socialcap_compact_neighbours(const socialcap_compact *g,
						       uint32_t v,
						       const uint32_t **neighbours,
						       const uint8_t **layers,
						       const float **weights);

/* ------------------------------------------------------------ indicators */

/** Version of socialcap_compact_areas_options. */
#define SOCIALCAP_COMPACT_AREAS_OPTIONS_VERSION 1

/** @brief What the area rows are and how ties are classed; versioned. */
typedef struct socialcap_compact_areas_options {
	unsigned int version; /**< SOCIALCAP_COMPACT_AREAS_OPTIONS_VERSION */
	/** socialcap_area_kind: 0 neighbourhoods (members: residents), 1
	 *  sectors (members: every actor of the sector). */
	int32_t areas;
	/** socialcap_group_by: 0 sector (default), 1 neighbourhood, 2 kind. */
	int32_t group;
	/** Rows with fewer members are suppressed; 0: none; default 10. */
	uint32_t min_cell;
} socialcap_compact_areas_options;

/** Static initialiser with the defaults of the area table. */
#define SOCIALCAP_COMPACT_AREAS_OPTIONS_INIT                                   \
	{ SOCIALCAP_COMPACT_AREAS_OPTIONS_VERSION, 0, 0, 10u }

/**
 * @brief Fill @p opts with the defaults of options version @p version.
 * @return 0; SOCIALCAP_EVERSION; SOCIALCAP_EINVAL (NULL).
 */
SOCIALCAP_EXTERN int socialcap_compact_areas_options_init(
	socialcap_compact_areas_options *opts, unsigned int version);

/**
 * @brief One area (neighbourhood or sector) of a compact graph: the
 *        linear-time columns of the area table (docs/areas.md), and the
 *        members' mean degree and strength. Plain value.
 * Counts are exact; NaN means undefined, as in the area table. In a
 * suppressed row everything but residents and suppressed is NaN (counts 0).
 */
typedef struct socialcap_compact_area {
	uint32_t residents;        /**< members n */
	uint32_t suppressed;       /**< 1 when n < min_cell */
	uint64_t ties_internal;    /**< ties with both ends members */
	uint64_t ties_boundary;    /**< ties with one end a member */
	double density;            /**< ties_internal / (n (n - 1) / 2) */
	double degree_mean;        /**< mean number of neighbours of a member */
	double strength_mean;      /**< mean strength of a member */
	double relational_stock;   /**< summed strength of incident ties, each once */
	double bonding;            /**< share of incident strength, same tier and group */
	double bridging;           /**< same tier, other group */
	double linking;            /**< other tier */
	double ei_index;           /**< (E - I) / (E + I) over incident ties */
	double blau_sectors;       /**< 1 - sum_k p_k^2 over members' sectors */
	double institution_within_1; /**< share of members that are or touch an institution */
	double institution_reach;  /**< share with an institution within 2 hops */
	double single_link_share;  /**< of those, share that reach exactly one */
	double key_institution;    /**< actor index, or NaN */
	uint32_t key_dependents;   /**< members for whom it is the only one */
} socialcap_compact_area;

/**
 * @brief Number of area rows: neighbourhoods or sectors. 0 for NULL.
 */
SOCIALCAP_EXTERN uint32_t socialcap_compact_area_count(const socialcap_compact *g,
						       int32_t areas);

/**
 * @brief The tie columns of every area: residents, suppressed,
 *        ties_internal, ties_boundary, density, degree_mean, strength_mean,
 *        relational_stock, bonding, bridging, linking, ei_index and
 *        blau_sectors. Other fields are not touched.
 * @param rows   caller-owned array of @p count rows;
 *               count = socialcap_compact_area_count(g, opts->areas).
 * @param opts   options, or NULL for the defaults.
 * @param err    filled on failure when not NULL.
 * @return 0; SOCIALCAP_EINVAL (NULL, wrong @p count, bad option);
 *         SOCIALCAP_EVERSION; SOCIALCAP_ENOMEM (rows unchanged).
 *         O(actors + ties + areas + sectors) time, O(actors + areas +
 *         sectors) scratch.
 */
SOCIALCAP_EXTERN int socialcap_compact_areas_ties(const socialcap_compact *g,
						  const socialcap_compact_areas_options *opts,
						  socialcap_compact_area *rows, uint32_t count,
						  socialcap_error *err);

/**
 * @brief The institution columns of every area: residents, suppressed,
 *        institution_within_1, institution_reach, single_link_share,
 *        key_institution and key_dependents. Other fields are not touched.
 * Two passes over the ties, each actor keeping at most two distinct
 * institutions within one hop; a member's institutions within two hops are
 * the union of its own and its neighbours' (capped at two).
 * @return as socialcap_compact_areas_ties(). O(actors + ties) time, 16
 *         bytes per actor of scratch.
 */
SOCIALCAP_EXTERN int socialcap_compact_areas_reach(const socialcap_compact *g,
						   const socialcap_compact_areas_options *opts,
						   socialcap_compact_area *rows, uint32_t count,
						   socialcap_error *err);

/**
 * @brief Connected components of the whole graph, isolates included.
 * @param[out] components  their number (0 for an empty graph).
 * @param[out] largest     the size of the largest (0 for an empty graph).
 * @param err    filled on failure when not NULL.
 * @return 0; SOCIALCAP_EINVAL (NULL); SOCIALCAP_ENOMEM. O(actors + ties
 *         alpha) time (union-find), 4 bytes per actor of scratch.
 */
SOCIALCAP_EXTERN int socialcap_compact_components(const socialcap_compact *g,
						  uint32_t *components, uint32_t *largest,
						  socialcap_error *err);

#ifdef __cplusplus
}
#endif

#endif /* SOCIALCAP_COMPACT_H */
