/**
 * @file socialcap/series.h
 * @brief Area indicators at a list of times (a time series).
 *
 * socialcap_series_compute() gives, for each of a list of times (for
 * example the first of every month), the same table that
 * socialcap_areas_compute() gives for a snapshot at that time. The tables
 * are kept in one handle and read one at a time as ordinary results tables
 * (socialcap/results.h), so a caller iterates
 *
 *     for (k = 0; k < socialcap_series_count(s); k++)
 *         use(socialcap_series_time(s, k), socialcap_series_table(s, k));
 *
 * Work shared between steps: the investment ledger is cut into shares and
 * sorted by time once for the whole series; invested stock is carried from
 * one time to the next (perpetual inventory) instead of being summed again;
 * first organisations (new investors) are found once. Growth and social
 * return compare t with t - window through a small per-area summary of the
 * ties (areas x sectors numbers); the summary of each step is kept while a
 * later step may need it, so when t_k - window equals an earlier step's
 * time (a window of a whole number of steps) no snapshot at t_k - window is
 * built. Otherwise that snapshot is built, summarised and freed at once:
 * at most one snapshot is held at a time.
 *
 * Thread safety: the handle is immutable once made; any number of threads
 * may read it. Its row labels come from the network, which must outlive it.
 */
#ifndef SOCIALCAP_SERIES_H
#define SOCIALCAP_SERIES_H

#include "socialcap/areas.h"
#include "socialcap/common.h"
#include "socialcap/network.h"
#include "socialcap/results.h"
#include "socialcap/snapshot.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque handle of a time series of area tables. */
typedef struct socialcap_series socialcap_series;

/**
 * @brief Compute the area table at each of @p times.
 * @param[out] out   the series (new: free with socialcap_series_free());
 *                   NULL on failure.
 * @param net        the network (borrowed: must outlive the series; only
 *                   read, except that a failure writes its message).
 * @param snap_opts  snapshot options (decay, theta, ...), or NULL for the
 *                   defaults; their @c time is ignored (each step uses its
 *                   own).
 * @param opts       area options, or NULL for the defaults.
 * @param times      @p count times, strictly ascending (borrowed for the
 *                   call).
 * @param count      number of times, >= 1.
 * @return 0; SOCIALCAP_EINVAL (NULL argument, times not strictly
 *         ascending, bad option: message on the network);
 *         SOCIALCAP_EVERSION; SOCIALCAP_ENOMEM.
 * Memory comes from the network's allocator. Complexity: two snapshot
 * builds per step (one when t_k - window is an earlier step's time), one
 * area graph
 * pass per step (see socialcap_areas_compute()), O(R log R) once for the
 * ledger and O(W_k log W_k + rows) per step for the W_k shares in its
 * window.
 */
SOCIALCAP_EXTERN int socialcap_series_compute(socialcap_series **out,
					      socialcap_network *net,
					      const socialcap_snapshot_options *snap_opts,
					      const socialcap_areas_options *opts,
					      const int64_t *times, size_t count);

/** @brief Free a series and its tables. NULL-safe. */
SOCIALCAP_EXTERN void socialcap_series_free(socialcap_series *series);

/** @brief Number of steps (times); 0 for NULL. O(1). */
SOCIALCAP_EXTERN size_t socialcap_series_count(const socialcap_series *series);

/** @brief Time of step @p k; SOCIALCAP_TIME_NONE if out of range. O(1). */
SOCIALCAP_EXTERN int64_t socialcap_series_time(const socialcap_series *series,
					       size_t k);

/**
 * @brief The area table of step @p k.
 * @return borrowed table (valid until the series is freed; do not free
 *         it), or NULL if out of range. Its echoed option "time" is t_k.
 *         O(1).
 */
SOCIALCAP_EXTERN const socialcap_results *socialcap_series_table(
	const socialcap_series *series, size_t k);

#ifdef __cplusplus
}
#endif

#endif /* SOCIALCAP_SERIES_H */
