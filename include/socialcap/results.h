/**
 * @file socialcap/results.h
 * @brief A table of indicator values that any language binding can read.
 *
 * Every indicator computation returns a socialcap_results handle: a
 * rectangular table of doubles with named columns and labelled rows, plus
 * the options that produced it. Nothing about its C layout is public, so a
 * binding needs only these functions: counts, names, lookups and values.
 *
 * - Rows are the units measured: actors (row r = actor index r, labelled by
 *   the actor's external id), or one row for the whole network (label
 *   "network"). Other producers may use neighbourhoods or sectors.
 * - Columns have fixed names (snake_case, e.g. "constraint"); for the
 *   producers in socialcap/indicators.h the column index also equals the
 *   value of the matching enum, so C callers can use the enum directly.
 * - A value that is undefined for a row (clustering of an actor with fewer
 *   than two ties, for instance) is NaN; so is an indicator that was not
 *   asked for.
 * - The options echo lists every option that influenced the numbers as
 *   (name, number) pairs, so a run can be repeated exactly.
 *
 * Thread safety: a results handle is immutable; any number of threads may
 * read it at once. Row labels are read from the network the values were
 * computed on, which must outlive the handle; when a snapshot has taken
 * that network over (socialcap_snapshot_own_network()), the handle keeps
 * it alive itself.
 */
#ifndef SOCIALCAP_RESULTS_H
#define SOCIALCAP_RESULTS_H

#include "socialcap/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque handle of a results table. */
typedef struct socialcap_results socialcap_results;

/** What the rows of a results table are. */
typedef enum socialcap_row_kind {
	SOCIALCAP_ROWS_ACTORS = 0,         /**< row = actor index */
	SOCIALCAP_ROWS_NETWORK = 1,        /**< a single row for the network */
	SOCIALCAP_ROWS_NEIGHBOURHOODS = 2, /**< row = neighbourhood index */
	SOCIALCAP_ROWS_SECTORS = 3         /**< row = sector index */
} socialcap_row_kind;

/** @brief Free a results table. NULL-safe. */
SOCIALCAP_EXTERN void socialcap_results_free(socialcap_results *res);

/** @brief What the rows are (a socialcap_row_kind); -1 for NULL. O(1). */
SOCIALCAP_EXTERN int socialcap_results_row_kind(const socialcap_results *res);

/** @brief Number of rows; 0 for NULL. O(1). */
SOCIALCAP_EXTERN uint32_t socialcap_results_row_count(const socialcap_results *res);

/** @brief Number of columns; 0 for NULL. O(1). */
SOCIALCAP_EXTERN uint32_t socialcap_results_column_count(const socialcap_results *res);

/**
 * @brief Name of column @p column (borrowed, static), or NULL if out of
 *        range. O(1).
 */
SOCIALCAP_EXTERN const char *socialcap_results_column_name(
	const socialcap_results *res, uint32_t column);

/**
 * @brief Index of the column called @p name.
 * @param[out] out  the column index.
 * @return 0; SOCIALCAP_ENOTFOUND; SOCIALCAP_EINVAL (NULL argument).
 * Complexity: O(columns).
 */
SOCIALCAP_EXTERN int socialcap_results_find_column(const socialcap_results *res,
						   uint32_t *out, const char *name);

/**
 * @brief Label of row @p row: the actor's external id, the neighbourhood
 *        code, the sector label, or "network".
 * @return borrowed string (valid while the network lives), or NULL if out of
 *         range. O(1).
 */
SOCIALCAP_EXTERN const char *socialcap_results_row_label(const socialcap_results *res,
							 uint32_t row);

/**
 * @brief Row of the unit labelled @p label (actor id, neighbourhood code,
 *        sector label, or "network").
 * @param[out] out  the row index.
 * @return 0; SOCIALCAP_ENOTFOUND; SOCIALCAP_EINVAL.
 * Complexity: O(label length) expected.
 */
SOCIALCAP_EXTERN int socialcap_results_find_row(const socialcap_results *res,
						uint32_t *out, const char *label);

/**
 * @brief The value at (@p row, @p column).
 * @return the value (NaN when undefined), or NaN when either index is out of
 *         range or @p res is NULL. Use socialcap_results_value() to tell the
 *         two apart. O(1).
 */
SOCIALCAP_EXTERN double socialcap_results_get(const socialcap_results *res,
					      uint32_t row, uint32_t column);

/**
 * @brief The value at (@p row, @p column), with range checking.
 * @param[out] out  the value (NaN when undefined for that row).
 * @return 0; SOCIALCAP_ENOTFOUND (row or column out of range);
 *         SOCIALCAP_EINVAL (NULL argument). O(1).
 */
SOCIALCAP_EXTERN int socialcap_results_value(const socialcap_results *res,
					     uint32_t row, uint32_t column,
					     double *out);

/**
 * @brief All values of column @p column, one per row, in row order.
 * @return borrowed array of socialcap_results_row_count() doubles (valid
 *         until @p res is freed), or NULL if out of range or there are no
 *         rows. O(1).
 */
SOCIALCAP_EXTERN const double *socialcap_results_column(const socialcap_results *res,
							uint32_t column);

/** @brief Number of options echoed; 0 for NULL. O(1). */
SOCIALCAP_EXTERN uint32_t socialcap_results_option_count(const socialcap_results *res);

/**
 * @brief Name of echoed option @p k (borrowed, valid until @p res is freed),
 *        e.g. "time", "theta", "half_life_physical", "betweenness_samples";
 *        NULL if out of range. Durations and times are in seconds.
 */
SOCIALCAP_EXTERN const char *socialcap_results_option_name(const socialcap_results *res,
							   uint32_t k);

/** @brief Value of echoed option @p k; NaN if out of range. */
SOCIALCAP_EXTERN double socialcap_results_option_value(const socialcap_results *res,
						       uint32_t k);

/**
 * @brief Value of the echoed option called @p name.
 * @param[out] out  its value.
 * @return 0; SOCIALCAP_ENOTFOUND; SOCIALCAP_EINVAL. O(options).
 */
SOCIALCAP_EXTERN int socialcap_results_find_option(const socialcap_results *res,
						   const char *name, double *out);

#ifdef __cplusplus
}
#endif

#endif /* SOCIALCAP_RESULTS_H */
