/**
 * @file socialcap/diversity.h
 * @brief Diversity and concentration of a composition.
 *
 * Each function takes a vector of @p n non-negative counts or weights (one
 * per category, e.g. members per sector or investment per partner sector),
 * turns it into shares p_k = x_k / sum x, and returns one number. They
 * return NaN when the vector is empty, sums to 0, or holds a negative,
 * infinite or NaN entry.
 *
 * Thread safety: pure functions. Complexity: O(n).
 */
#ifndef SOCIALCAP_DIVERSITY_H
#define SOCIALCAP_DIVERSITY_H

#include "socialcap/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Blau's index 1 - sum p_k^2: the chance that two members drawn at
 *        random (with replacement) are in different categories.
 * @param x  borrowed for the call; @p n entries (NULL allowed when n is 0).
 */
SOCIALCAP_EXTERN double socialcap_diversity_blau(const double *x, size_t n);

/**
 * @brief Index of qualitative variation: Blau * K / (K - 1) with K = @p n
 *        categories (zero entries count as categories), so that an even
 *        spread gives 1. NaN when n < 2.
 */
SOCIALCAP_EXTERN double socialcap_diversity_iqv(const double *x, size_t n);

/** @brief Shannon entropy H = -sum p_k ln p_k (natural log; 0 ln 0 = 0). */
SOCIALCAP_EXTERN double socialcap_diversity_shannon(const double *x, size_t n);

/** @brief Hill number of order 1, exp(H): the effective number of categories. */
SOCIALCAP_EXTERN double socialcap_diversity_hill1(const double *x, size_t n);

/** @brief Hill number of order 2, 1 / sum p_k^2 (the inverse Simpson index). */
SOCIALCAP_EXTERN double socialcap_diversity_hill2(const double *x, size_t n);

/** @brief Herfindahl-Hirschman concentration sum p_k^2 (shares, not percent). */
SOCIALCAP_EXTERN double socialcap_diversity_hhi(const double *x, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* SOCIALCAP_DIVERSITY_H */
