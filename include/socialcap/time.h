/**
 * @file socialcap/time.h
 * @brief ISO 8601 times and durations.
 *
 * Times are int64_t seconds since 1970-01-01T00:00:00Z on the proleptic
 * Gregorian calendar, without leap seconds (as POSIX time).
 * Thread safety: all functions are pure and may be called from any thread.
 */
#ifndef SOCIALCAP_TIME_H
#define SOCIALCAP_TIME_H

#include "socialcap/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Buffer size that always fits socialcap_time_format()'s output. */
#define SOCIALCAP_TIME_TEXT_SIZE 32

/** Seconds in a day, for converting half-lives and windows. */
#define SOCIALCAP_DAY INT64_C(86400)

/**
 * @brief Parse an ISO 8601 date or date-time.
 *
 * Accepted: `YYYY-MM-DD` (midnight UTC), `YYYY-MM-DDTHH:MM`,
 * `YYYY-MM-DDTHH:MM:SS`, each date-time followed by `Z` or an offset
 * `+HH:MM` / `-HH:MM` (no suffix means UTC); a space may replace `T`.
 * Years 0000-9999. The whole string must be consumed.
 * @param[out] out  seconds since the epoch, UTC.
 * @return 0; SOCIALCAP_EPARSE (not such a time, or an impossible date such
 *         as 2021-02-30); SOCIALCAP_EINVAL (NULL argument).
 */
SOCIALCAP_EXTERN int socialcap_time_parse(int64_t *out, const char *text);

/**
 * @brief Format @p t as `YYYY-MM-DDTHH:MM:SSZ`.
 * @param buf   caller-owned, @p size bytes; SOCIALCAP_TIME_TEXT_SIZE is enough.
 * @return 0; SOCIALCAP_ERANGE (year outside 0000-9999); SOCIALCAP_EINVAL
 *         (NULL @p buf or @p size too small).
 */
SOCIALCAP_EXTERN int socialcap_time_format(char *buf, size_t size, int64_t t);

/**
 * @brief Format the UTC date of @p t as `YYYY-MM-DD`.
 * @return as socialcap_time_format().
 */
SOCIALCAP_EXTERN int socialcap_date_format(char *buf, size_t size, int64_t t);

/**
 * @brief Parse a duration: a non-negative integer followed by a unit, `s`
 *        (seconds), `h` (hours), `d` (days), `w` (weeks), `m` (months of
 *        30 days) or `y` (years of 365 days), e.g. `180d`, `26w`, `6m`.
 * @param[out] out  seconds.
 * @return 0; SOCIALCAP_EPARSE; SOCIALCAP_ERANGE (overflow); SOCIALCAP_EINVAL.
 */
SOCIALCAP_EXTERN int socialcap_duration_parse(int64_t *out, const char *text);

#ifdef __cplusplus
}
#endif

#endif /* SOCIALCAP_TIME_H */
