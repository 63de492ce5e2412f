/**
 * @file socialcap/network.h
 * @brief The neighbourhood network: actors, sectors, labels and declared ties.
 *
 * A socialcap_network owns everything recorded about one study area: the
 * actors (residents, professionals, organisations), the sectors they belong
 * to, the declared ties between them in named layers, and the investment
 * ledger (contacts and events, see socialcap/ledger.h).
 *
 * Actors and label values are referred to by dense 0-based indices
 * (uint32_t) that never change once given out. External ids and labels are
 * UTF-8 strings interned once; strings returned by getters are borrowed and
 * stay valid until the network is freed.
 *
 * Thread safety: a network is not internally locked. Any number of threads
 * may call the read-only functions (getters, counts, finds) at the same time
 * as long as no thread modifies the network; a modifying call needs
 * exclusive access. Different networks are independent.
 *
 * Failure atomicity: a call that fails leaves the network exactly as it was
 * before the call, and sets a one-line message readable with
 * socialcap_network_errmsg().
 */
#ifndef SOCIALCAP_NETWORK_H
#define SOCIALCAP_NETWORK_H

#include "socialcap/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque handle of a network (model plus investment ledger). */
typedef struct socialcap_network socialcap_network;

/** What an actor is. */
typedef enum socialcap_actor_kind {
	SOCIALCAP_RESIDENT = 0,     /**< a person living in the area */
	SOCIALCAP_PROFESSIONAL = 1, /**< a person working there (police, youth work, ...) */
	SOCIALCAP_ORGANISATION = 2  /**< a shop, club, school, office, ... */
} socialcap_actor_kind;

/** The predefined tie layers; any other label becomes a further layer. */
typedef enum socialcap_layer {
	SOCIALCAP_LAYER_FAMILY = 0,
	SOCIALCAP_LAYER_HOUSEHOLD = 1,
	SOCIALCAP_LAYER_NEIGHBOURS = 2,
	SOCIALCAP_LAYER_WORK = 3,
	SOCIALCAP_LAYER_SCHOOL = 4
} socialcap_layer;

/** Marks "no such index" in results (for example an unknown sector). */
#define SOCIALCAP_NO_INDEX UINT32_MAX

/** Default and hard maximum of an external id's length in bytes. */
#define SOCIALCAP_DEFAULT_MAX_ID_BYTES 256
#define SOCIALCAP_HARD_MAX_ID_BYTES 4096
/** Default and hard maximum of a label's length in bytes. */
#define SOCIALCAP_DEFAULT_MAX_LABEL_BYTES 256
#define SOCIALCAP_HARD_MAX_LABEL_BYTES 4096
/** Most actors a network can hold (indices are uint32_t). */
#define SOCIALCAP_HARD_MAX_ACTORS ((uint32_t)0x7fffffff)

/** Version of socialcap_network_options understood by this library. */
#define SOCIALCAP_NETWORK_OPTIONS_VERSION 1

/**
 * @brief Options for socialcap_network_new(); versioned.
 *
 * Initialise with SOCIALCAP_NETWORK_OPTIONS_INIT or
 * socialcap_network_options_init(), then change what you need.
 */
typedef struct socialcap_network_options {
	unsigned int version;      /**< SOCIALCAP_NETWORK_OPTIONS_VERSION */
	/** Allocator for everything the network allocates; NULL = malloc.
	 *  Borrowed: the struct is copied, the function pointers must stay
	 *  valid for the life of the network. */
	const socialcap_allocator *allocator;
	size_t max_id_bytes;       /**< longest external id accepted */
	size_t max_label_bytes;    /**< longest label accepted */
	uint32_t max_actors;       /**< most actors accepted */
	uint64_t max_ties;         /**< most distinct declared ties accepted */
	uint64_t max_records;      /**< most contacts + events + attendance rows */
} socialcap_network_options;

#define SOCIALCAP_NETWORK_OPTIONS_INIT                                         \
	{ SOCIALCAP_NETWORK_OPTIONS_VERSION, NULL,                             \
	  SOCIALCAP_DEFAULT_MAX_ID_BYTES, SOCIALCAP_DEFAULT_MAX_LABEL_BYTES,   \
	  SOCIALCAP_HARD_MAX_ACTORS, UINT64_C(4000000000),                     \
	  UINT64_C(4000000000) }

/**
 * @brief Fill @p opts with the defaults of options version @p version.
 * @return 0, or SOCIALCAP_EVERSION if @p version is not known, or
 *         SOCIALCAP_EINVAL if @p opts is NULL.
 */
SOCIALCAP_EXTERN int socialcap_network_options_init(
	socialcap_network_options *opts, unsigned int version);

/**
 * @brief Create an empty network.
 * @param[out] out  the new network (new: free with socialcap_network_free()).
 *                  Set to NULL on failure.
 * @param opts      options, or NULL for the defaults. Copied.
 * @return 0; SOCIALCAP_ENOMEM; SOCIALCAP_EINVAL (NULL @p out, inconsistent
 *         options); SOCIALCAP_EVERSION (unknown options version).
 */
SOCIALCAP_EXTERN int socialcap_network_new(socialcap_network **out,
					   const socialcap_network_options *opts);

/** @brief Free a network and everything it owns. NULL-safe. */
SOCIALCAP_EXTERN void socialcap_network_free(socialcap_network *net);

/**
 * @brief The message of the last failed call on @p net, one line of English.
 * @return borrowed string, valid until the next call on @p net; "" when the
 *         last call succeeded or none failed yet. Never NULL (a NULL @p net
 *         gives a static message).
 */
SOCIALCAP_EXTERN const char *socialcap_network_errmsg(const socialcap_network *net);

/**
 * @brief Grow internal arrays so that @p actors actors and @p ties ties fit
 *        without reallocation (useful before bulk loading).
 * @return 0, SOCIALCAP_ENOMEM, SOCIALCAP_ELIMIT (beyond the limits).
 * Complexity: O(actors + ties) when it grows, O(1) otherwise.
 */
SOCIALCAP_EXTERN int socialcap_network_reserve(socialcap_network *net,
					       uint32_t actors, uint64_t ties);

/**
 * @brief Bytes currently allocated by @p net (model, ledger, indexes).
 * Complexity: O(1).
 */
SOCIALCAP_EXTERN size_t socialcap_network_memory(const socialcap_network *net);

/* ---------------------------------------------------------------- sectors */

/**
 * @brief Define a sector, or update the tier and prestige of an existing one.
 *
 * Sectors also come into being, with tier 0 and unknown prestige, when an
 * actor names a sector not defined yet; calling this later sets its values.
 * An actor whose sector has tier > 0 is an institution.
 * @param label     UTF-8, non-empty, at most max_label_bytes.
 * @param tier      authority level, >= 0 (0: residents, entrepreneurs,
 *                  supporters; > 0: youth work, police, municipality, mayor).
 * @param prestige  a finite number, or NaN for unknown.
 * @param[out] out  the sector's index; may be NULL.
 * @return 0; SOCIALCAP_EINVAL (bad label, negative tier, infinite
 *         prestige); SOCIALCAP_ENOMEM. Complexity: O(label length) expected.
 */
SOCIALCAP_EXTERN int socialcap_network_set_sector(socialcap_network *net,
						  uint32_t *out,
						  const char *label, int tier,
						  double prestige);

/** @brief Number of sectors. O(1). */
SOCIALCAP_EXTERN uint32_t socialcap_network_sector_count(const socialcap_network *net);

/**
 * @brief Index of the sector called @p label.
 * @return 0; SOCIALCAP_ENOTFOUND; SOCIALCAP_EINVAL. O(label length) expected.
 */
SOCIALCAP_EXTERN int socialcap_network_find_sector(const socialcap_network *net,
						   uint32_t *out,
						   const char *label);

/** @brief Label of sector @p sector (borrowed), or NULL if out of range. */
SOCIALCAP_EXTERN const char *socialcap_network_sector_label(
	const socialcap_network *net, uint32_t sector);

/** @brief Tier of sector @p sector; -1 if out of range. */
SOCIALCAP_EXTERN int socialcap_network_sector_tier(const socialcap_network *net,
						   uint32_t sector);

/** @brief Prestige of sector @p sector; NaN if unknown or out of range. */
SOCIALCAP_EXTERN double socialcap_network_sector_prestige(
	const socialcap_network *net, uint32_t sector);

/* --------------------------------------------------------- neighbourhoods */

/** @brief Number of distinct neighbourhood codes used so far. O(1). */
SOCIALCAP_EXTERN uint32_t socialcap_network_neighbourhood_count(
	const socialcap_network *net);

/** @brief Code of neighbourhood @p nbh (borrowed), or NULL if out of range. */
SOCIALCAP_EXTERN const char *socialcap_network_neighbourhood_label(
	const socialcap_network *net, uint32_t nbh);

/**
 * @brief Index of the neighbourhood with code @p label.
 * @return 0; SOCIALCAP_ENOTFOUND; SOCIALCAP_EINVAL.
 */
SOCIALCAP_EXTERN int socialcap_network_find_neighbourhood(
	const socialcap_network *net, uint32_t *out, const char *label);

/** @brief Number of actors (of every kind) in neighbourhood @p nbh. O(1). */
SOCIALCAP_EXTERN uint32_t socialcap_network_neighbourhood_actor_count(
	const socialcap_network *net, uint32_t nbh);

/** @brief Number of residents in neighbourhood @p nbh. O(1). */
SOCIALCAP_EXTERN uint32_t socialcap_network_neighbourhood_resident_count(
	const socialcap_network *net, uint32_t nbh);

/* ------------------------------------------------------- groups, layers */

/** @brief Number of distinct group labels. O(1). */
SOCIALCAP_EXTERN uint32_t socialcap_network_group_count(const socialcap_network *net);
/** @brief Group label @p group (borrowed), or NULL if out of range. */
SOCIALCAP_EXTERN const char *socialcap_network_group_label(
	const socialcap_network *net, uint32_t group);

/** @brief Number of tie layers (at least the five predefined ones). O(1). */
SOCIALCAP_EXTERN uint32_t socialcap_network_layer_count(const socialcap_network *net);
/** @brief Layer label @p layer (borrowed), or NULL if out of range. */
SOCIALCAP_EXTERN const char *socialcap_network_layer_label(
	const socialcap_network *net, uint32_t layer);
/**
 * @brief Index of the layer called @p label.
 * @return 0; SOCIALCAP_ENOTFOUND; SOCIALCAP_EINVAL.
 */
SOCIALCAP_EXTERN int socialcap_network_find_layer(const socialcap_network *net,
						  uint32_t *out,
						  const char *label);

/* ----------------------------------------------------------------- actors */

/**
 * @brief Add an actor.
 * @param[out] out       the new actor's index; may be NULL.
 * @param id             external id: UTF-8, non-empty, at most
 *                       max_id_bytes, unique in the network.
 * @param kind           resident, professional or organisation.
 * @param sector         sector label (created with tier 0 if new).
 * @param neighbourhood  neighbourhood code (created if new).
 * @param status         socio-economic percentile in [0,1], or NaN if
 *                       unknown.
 * @param groups         @p group_count group labels (may be NULL when
 *                       @p group_count is 0); duplicates are kept once.
 * @return 0; SOCIALCAP_EEXISTS (id taken); SOCIALCAP_EINVAL (empty, too
 *         long or non-UTF-8 text, unknown kind, status outside [0,1]);
 *         SOCIALCAP_ELIMIT (max_actors); SOCIALCAP_ENOMEM.
 * Complexity: O(total text length) expected, amortised.
 */
SOCIALCAP_EXTERN int socialcap_network_add_actor(
	socialcap_network *net, uint32_t *out, const char *id,
	socialcap_actor_kind kind, const char *sector, const char *neighbourhood,
	double status, const char *const *groups, size_t group_count);

/** @brief Number of actors. O(1). */
SOCIALCAP_EXTERN uint32_t socialcap_network_actor_count(const socialcap_network *net);

/**
 * @brief Index of the actor with external id @p id.
 * @return 0; SOCIALCAP_ENOTFOUND; SOCIALCAP_EINVAL. O(id length) expected.
 */
SOCIALCAP_EXTERN int socialcap_network_find_actor(const socialcap_network *net,
						  uint32_t *out, const char *id);

/** @brief External id of @p actor (borrowed), or NULL if out of range. */
SOCIALCAP_EXTERN const char *socialcap_network_actor_id(const socialcap_network *net,
							uint32_t actor);
/** @brief Kind of @p actor; -1 if out of range. */
SOCIALCAP_EXTERN int socialcap_network_actor_kind(const socialcap_network *net,
						  uint32_t actor);
/** @brief Sector index of @p actor; SOCIALCAP_NO_INDEX if out of range. */
SOCIALCAP_EXTERN uint32_t socialcap_network_actor_sector(const socialcap_network *net,
							 uint32_t actor);
/** @brief Neighbourhood index of @p actor; SOCIALCAP_NO_INDEX if out of range. */
SOCIALCAP_EXTERN uint32_t socialcap_network_actor_neighbourhood(
	const socialcap_network *net, uint32_t actor);
/** @brief Status of @p actor; NaN if unknown or out of range. */
SOCIALCAP_EXTERN double socialcap_network_actor_status(const socialcap_network *net,
						       uint32_t actor);
/** @brief 1 if @p actor's sector has tier > 0, else 0 (also out of range). */
SOCIALCAP_EXTERN int socialcap_network_actor_is_institution(
	const socialcap_network *net, uint32_t actor);
/** @brief Number of groups of @p actor; 0 if out of range. */
SOCIALCAP_EXTERN uint32_t socialcap_network_actor_group_count(
	const socialcap_network *net, uint32_t actor);
/** @brief Group index number @p k of @p actor; SOCIALCAP_NO_INDEX if out of range. */
SOCIALCAP_EXTERN uint32_t socialcap_network_actor_group(const socialcap_network *net,
							uint32_t actor, uint32_t k);

/* ------------------------------------------------------------------- ties */

/**
 * @brief A declared tie, as returned by socialcap_network_tie().
 * Plain value; layout stable within major version 0.
 */
typedef struct socialcap_tie {
	uint32_t a;      /**< the actor with the smaller index */
	uint32_t b;      /**< the actor with the larger index */
	uint32_t layer;  /**< layer index */
	double weight;   /**< summed weight, > 0 */
	int64_t since;   /**< earliest `since` declared, or SOCIALCAP_TIME_NONE */
} socialcap_tie;

/**
 * @brief Declare a tie between actors @p a and @p b in layer @p layer.
 *
 * Ties are undirected: (a, b) and (b, a) are the same tie. Declaring the
 * same (a, b, layer) again adds @p weight to the existing tie instead of
 * duplicating it, and keeps the earlier of the two `since` times.
 * @param layer   layer label: one of "family", "household", "neighbours",
 *                "work", "school", or any other label (created if new).
 * @param weight  finite, > 0.
 * @param since   when the tie began, or SOCIALCAP_TIME_NONE.
 * @param[out] out  the tie's index; may be NULL.
 * @return 0; SOCIALCAP_ENOTFOUND (unknown actor index); SOCIALCAP_EINVAL
 *         (a == b, bad weight or label); SOCIALCAP_ELIMIT (max_ties);
 *         SOCIALCAP_ENOMEM. Complexity: O(1) expected, amortised.
 */
SOCIALCAP_EXTERN int socialcap_network_add_tie(socialcap_network *net,
					       uint64_t *out, uint32_t a,
					       uint32_t b, const char *layer,
					       double weight, int64_t since);

/** @brief Number of distinct declared ties. O(1). */
SOCIALCAP_EXTERN uint64_t socialcap_network_tie_count(const socialcap_network *net);

/**
 * @brief Copy tie number @p tie into @p out (ties are numbered in the order
 *        first declared).
 * @return 0; SOCIALCAP_ENOTFOUND (out of range); SOCIALCAP_EINVAL.
 */
SOCIALCAP_EXTERN int socialcap_network_tie(const socialcap_network *net,
					   uint64_t tie, socialcap_tie *out);

/**
 * @brief Find the tie (a, b, layer).
 * @param[out] out  its index.
 * @return 0; SOCIALCAP_ENOTFOUND; SOCIALCAP_EINVAL. O(1) expected.
 */
SOCIALCAP_EXTERN int socialcap_network_find_tie(const socialcap_network *net,
						uint64_t *out, uint32_t a,
						uint32_t b, uint32_t layer);

/**
 * @brief Whether a snapshot of the network would be the same at every
 *        time: no tie has a since time, and the network has no contacts
 *        and no events.
 *
 * A snapshot built now answers the same through socialcap_snapshot_timeless()
 * until an actor is added. A program can ask this before the build, for
 * instance to choose socialcap_snapshot_build_owning() when the area
 * tables will need no snapshot at t - window. The answer may be 0 for a
 * network that once held a since column without a known time (after a
 * failed import that had reserved it); it is never 1 when a time is known.
 *
 * @return 1 or 0; 0 for NULL.
 * Allocates nothing. Complexity: O(1).
 * Thread safety: like the other read-only queries, while no call changes
 * the network.
 */
SOCIALCAP_EXTERN int socialcap_network_timeless(const socialcap_network *net);

#ifdef __cplusplus
}
#endif

#endif /* SOCIALCAP_NETWORK_H */
