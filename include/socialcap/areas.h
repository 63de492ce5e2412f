/**
 * @file socialcap/areas.h
 * @brief Indicators per neighbourhood and per sector (area aggregates).
 *
 * socialcap_areas_compute() sums a snapshot and the investment ledger up per
 * area and returns a results table (socialcap/results.h) with one row per
 * neighbourhood (the members are the neighbourhood's residents) or one row
 * per sector (the members are all actors of the sector). The columns are
 * listed in socialcap_area_column; docs/areas.md gives the formula, source
 * and edge cases of each.
 *
 * Three columns name a unit rather than measure one. The table holds only
 * numbers, so they hold an index and socialcap_areas_text() turns it into
 * text:
 * - key_institution: an actor index (text: the actor's external id);
 * - growth_fund: a sector index (text: the sector label);
 * - new_investors: the number of new investor sectors; the sectors
 *   themselves are listed by socialcap_areas_new_investors().
 * NaN means "none" (no single-link member, no growing sector).
 *
 * Small cells: a row whose member count is below min_cell has suppressed
 * = 1 and every column other than residents and suppressed NaN.
 *
 * Thread safety: the functions only read the snapshot and the network;
 * any number of them may run at once as long as nobody modifies the
 * network. A failure writes a message on the network (readable with
 * socialcap_network_errmsg()), so concurrent failing calls on one network
 * may overwrite each other's message.
 */
#ifndef SOCIALCAP_AREAS_H
#define SOCIALCAP_AREAS_H

#include "socialcap/common.h"
#include "socialcap/indicators.h"
#include "socialcap/network.h"
#include "socialcap/results.h"
#include "socialcap/snapshot.h"
#include "socialcap/time.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What the rows of an area table are. */
typedef enum socialcap_area_kind {
	SOCIALCAP_AREAS_NEIGHBOURHOODS = 0, /**< row = neighbourhood index; members = its residents */
	SOCIALCAP_AREAS_SECTORS = 1         /**< row = sector index; members = its actors */
} socialcap_area_kind;

/**
 * The columns of an area table, in order: the value of each enum is the
 * column index in the results table.
 */
typedef enum socialcap_area_column {
	SOCIALCAP_AREA_RESIDENTS = 0,       /**< "residents": member count n */
	SOCIALCAP_AREA_SUPPRESSED,          /**< "suppressed": 1 when n < min_cell, else 0 */
	SOCIALCAP_AREA_TIES_INTERNAL,       /**< "ties_internal" */
	SOCIALCAP_AREA_TIES_BOUNDARY,       /**< "ties_boundary" */
	SOCIALCAP_AREA_DENSITY,             /**< "density" */
	SOCIALCAP_AREA_CLUSTERING,          /**< "clustering" */
	SOCIALCAP_AREA_SUPPORT_RATIO,       /**< "support_ratio" */
	SOCIALCAP_AREA_BONDING,             /**< "bonding" */
	SOCIALCAP_AREA_BRIDGING,            /**< "bridging" */
	SOCIALCAP_AREA_LINKING,             /**< "linking" */
	SOCIALCAP_AREA_EI_INDEX,            /**< "ei_index" */
	SOCIALCAP_AREA_BLAU_SECTORS,        /**< "blau_sectors" */
	SOCIALCAP_AREA_EC,                  /**< "ec" */
	SOCIALCAP_AREA_INSTITUTION_REACH,   /**< "institution_reach" */
	SOCIALCAP_AREA_SINGLE_LINK_SHARE,   /**< "single_link_share" */
	SOCIALCAP_AREA_KEY_INSTITUTION,     /**< "key_institution": actor index */
	SOCIALCAP_AREA_KEY_DEPENDENTS,      /**< "key_institution_dependents" */
	SOCIALCAP_AREA_PARTICIPATION_RATE,  /**< "participation_rate" */
	SOCIALCAP_AREA_INVESTMENT_FLOW,     /**< "investment_flow" */
	SOCIALCAP_AREA_INVESTED_STOCK,      /**< "invested_stock" */
	SOCIALCAP_AREA_PORTFOLIO_HHI,       /**< "portfolio_hhi" */
	SOCIALCAP_AREA_PORTFOLIO_EFFECTIVE, /**< "portfolio_effective" */
	SOCIALCAP_AREA_NEW_INVESTORS,       /**< "new_investors": a count */
	SOCIALCAP_AREA_GROWTH_FUND,         /**< "growth_fund": sector index */
	SOCIALCAP_AREA_GROWTH_RATE,         /**< "growth_rate" */
	SOCIALCAP_AREA_SOCIAL_RETURN,       /**< "social_return" */
	SOCIALCAP_AREA_RELATIONAL_STOCK,    /**< "relational_stock": summed strength of members' ties */
	SOCIALCAP_AREA_COLUMN_COUNT         /**< number of columns (not a column) */
} socialcap_area_column;

/** Version of socialcap_areas_options understood by this library
 *  (version 1, without @c columns, and version 2, without @c threads, are
 *  still accepted). */
#define SOCIALCAP_AREAS_OPTIONS_VERSION 3

/** The bit of area column @p column in socialcap_areas_options::columns. */
#define SOCIALCAP_AREA_COLUMN_BIT(column) (UINT32_C(1) << (column))

/** Defaults (INDICATORS §5 and §7). */
#define SOCIALCAP_DEFAULT_AREA_WINDOW (INT64_C(365) * SOCIALCAP_DAY)
#define SOCIALCAP_DEFAULT_MIN_CELL 10u
#define SOCIALCAP_DEFAULT_HALF_LIFE_INVEST (INT64_C(365) * SOCIALCAP_DAY)

/**
 * @brief Options of socialcap_areas_compute() and socialcap_series_compute();
 *        versioned.
 *
 * Initialise with SOCIALCAP_AREAS_OPTIONS_INIT or
 * socialcap_areas_options_init(), then change what you need. Every field is
 * echoed into the results (option names "areas", "group", "window",
 * "min_cell", "half_life_invest", and "columns" when it is not 0),
 * together with the snapshot's options, except @c threads, which changes
 * no number.
 */
typedef struct socialcap_areas_options {
	unsigned int version;      /**< SOCIALCAP_AREAS_OPTIONS_VERSION */
	int32_t areas;             /**< a socialcap_area_kind (default neighbourhoods) */
	/** A socialcap_group_by (socialcap/indicators.h): the attribute that
	 *  makes two actors "the same group" for the tie classes and the E-I
	 *  index; default sector. */
	int32_t group;
	/** The window (t - window, t] of flows, participation, new investors,
	 *  growth and social return, in seconds; > 0; default 365 days. */
	int64_t window;
	/** Rows with fewer members are suppressed; 0 suppresses nothing;
	 *  default 10. */
	uint32_t min_cell;
	/** Half-life of invested stock in seconds; 0 = no depreciation;
	 *  default 365 days. */
	int64_t half_life_invest;
	/** Since version 2: the columns wanted, as bits
	 *  SOCIALCAP_AREA_COLUMN_BIT(column) of socialcap_area_column; 0 (the
	 *  default) means every column. Columns not wanted are NaN, except
	 *  residents and suppressed, which are always given. The work that
	 *  only unwanted columns need is skipped by socialcap_areas_compute():
	 *  the snapshot at t - window (growth_fund, growth_rate, social_return,
	 *  relational_stock), the ledger (investment columns, new_investors,
	 *  social_return), and the member and tie passes when only ties_internal,
	 *  density and support_ratio are wanted (these then take one pass over
	 *  the internal ties that stops at the first supporting neighbour).
	 *  The numbers are the same as in the full table.
	 *  socialcap_series_compute() gives the same NaNs but computes every
	 *  column. Options of version 1 (without this field) mean 0. */
	uint32_t columns;
	/** Since version 3: worker threads of socialcap_areas_compute() and
	 *  socialcap_series_compute(), 0 to 1024; 0 and 1 (the default) both
	 *  mean the calling thread alone. More threads count the common
	 *  neighbours of the ties, walk the members' two-hop neighbourhoods
	 *  (institution reach) and sum areas' relational stock in parallel;
	 *  the sums over areas keep their order, so every number is
	 *  identical to one thread's, to the bit. The snapshot at t - window
	 *  and the ledger stay on the calling thread. Each thread after the
	 *  first needs 12 bytes per actor of scratch. If a thread cannot be
	 *  started its work is done by the others. Not echoed (it changes no
	 *  number). Options of version 1 or 2 mean 1. */
	unsigned int threads;
} socialcap_areas_options;

/** Static initialiser with the defaults. */
#define SOCIALCAP_AREAS_OPTIONS_INIT                                           \
	{ SOCIALCAP_AREAS_OPTIONS_VERSION, SOCIALCAP_AREAS_NEIGHBOURHOODS,     \
	  SOCIALCAP_GROUP_SECTOR, SOCIALCAP_DEFAULT_AREA_WINDOW,               \
	  SOCIALCAP_DEFAULT_MIN_CELL, SOCIALCAP_DEFAULT_HALF_LIFE_INVEST, 0u, 1u }

/**
 * @brief Fill @p opts with the defaults of options version @p version
 *        (1, 2 or 3; an older version's struct is filled without the
 *        fields added later, so an older caller's smaller struct is never
 *        overrun).
 * @return 0; SOCIALCAP_EVERSION (unknown version); SOCIALCAP_EINVAL (NULL).
 */
SOCIALCAP_EXTERN int socialcap_areas_options_init(socialcap_areas_options *opts,
						  unsigned int version);

/**
 * @brief Compute every area column at the snapshot's time t.
 *
 * Graph columns come from @p snap; growth_fund, growth_rate and
 * social_return compare it with a snapshot at t - window, which is built
 * internally from the same network with the same snapshot options. The
 * investment columns read the network's ledger as it is at the call
 * (records with time <= t).
 *
 * @param[out] out  the table (new: free with socialcap_results_free()); one
 *                  row per neighbourhood or sector of the network, columns
 *                  as socialcap_area_column. NULL on failure.
 * @param snap      the snapshot at t (borrowed for the call; its network
 *                  is read and must not be modified meanwhile).
 * @param opts      options, or NULL for the defaults. Copied.
 * @return 0; SOCIALCAP_EINVAL (NULL argument, bad option, t - window
 *         before the earliest representable time, or growth columns of a
 *         network with timed records whose ties a snapshot released
 *         (socialcap_snapshot_own_network()): message on the network);
 *         SOCIALCAP_EVERSION; SOCIALCAP_ENOMEM.
 *
 * With options.threads > 1 the call starts worker threads of its own and
 * joins them before it returns; the allocator is only called from the
 * calling thread. Memory comes from the network's allocator. Complexity: O(sum_i k_i^2)
 * (or less with options.columns, see there)
 * for the triangle and two-hop columns (common neighbours once per tie,
 * two-hop walk per member, stopping at the second institution found), plus
 * the cost of building the snapshot at t - window, plus O(R log R) for the
 * R ledger rows (records times the areas and attendees they touch); memory
 * O(n + R + areas).
 */
SOCIALCAP_EXTERN int socialcap_areas_compute(socialcap_results **out,
					     const socialcap_snapshot *snap,
					     const socialcap_areas_options *opts);

/**
 * @brief The text of a unit-valued cell of an area table: the actor id in
 *        key_institution, the sector label in growth_fund.
 * @param res     a table made by socialcap_areas_compute() or a series.
 * @return borrowed string (valid while the network lives), or NULL when
 *         the cell is NaN ("none"), the column holds no unit, or an index is
 *         out of range. O(1).
 */
SOCIALCAP_EXTERN const char *socialcap_areas_text(const socialcap_results *res,
						  uint32_t row, uint32_t column);

/**
 * @brief List the new investors of one area: the sectors that organised an
 *        event in the area in (t - window, t] and none there before.
 *
 * An event is in a neighbourhood when it was held there, and in a sector
 * when at least one attendee belongs to the sector.
 * @param snap      the snapshot giving t (borrowed for the call).
 * @param opts      options (areas and window matter), or NULL for defaults.
 * @param row       the neighbourhood or sector index.
 * @param[out] sectors  caller-owned array of @p capacity sector indices,
 *                  filled in ascending order up to @p capacity; may be NULL
 *                  when @p capacity is 0.
 * @param capacity  room in @p sectors.
 * @param[out] total    how many new investors there are (may exceed
 *                  @p capacity: call again with a larger array).
 * @return 0; SOCIALCAP_EINVAL; SOCIALCAP_ENOTFOUND (row out of range);
 *         SOCIALCAP_EVERSION; SOCIALCAP_ENOMEM.
 * Complexity: O(R log R) for the R organiser rows of the ledger.
 */
SOCIALCAP_EXTERN int socialcap_areas_new_investors(const socialcap_snapshot *snap,
						   const socialcap_areas_options *opts,
						   uint32_t row, uint32_t *sectors,
						   size_t capacity, size_t *total);

/**
 * @brief Name of area column @p column (a socialcap_area_column), e.g.
 *        "institution_reach"; static, or NULL if out of range. Lets a
 *        caller check column names before computing anything. O(1).
 */
SOCIALCAP_EXTERN const char *socialcap_area_column_name(int column);

#ifdef __cplusplus
}
#endif

#endif /* SOCIALCAP_AREAS_H */
