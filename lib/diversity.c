/* Diversity and concentration indices of a vector of counts or weights. */
#include <math.h>

#include "socialcap/diversity.h"

/* Sum of x, or NaN when x is unusable (see the header). */
static double total(const double *x, size_t n)
{
	double sum = 0;
	size_t i;

	if (x == NULL || n == 0)
		return NAN;
	for (i = 0; i < n; i++) {
		if (!isfinite(x[i]) || x[i] < 0)
			return NAN;
		sum += x[i];
	}
	return sum > 0 ? sum : NAN;
}

double socialcap_diversity_hhi(const double *x, size_t n)
{
	const double sum = total(x, n);
	double h = 0;
	size_t i;

	if (isnan(sum))
		return NAN;
	for (i = 0; i < n; i++)
		h += (x[i] / sum) * (x[i] / sum);
	return h;
}

double socialcap_diversity_blau(const double *x, size_t n)
{
	return 1.0 - socialcap_diversity_hhi(x, n);
}

double socialcap_diversity_iqv(const double *x, size_t n)
{
	if (n < 2)
		return NAN;
	return socialcap_diversity_blau(x, n) * (double)n / (double)(n - 1);
}

double socialcap_diversity_shannon(const double *x, size_t n)
{
	const double sum = total(x, n);
	double h = 0;
	size_t i;

	if (isnan(sum))
		return NAN;
	for (i = 0; i < n; i++) {
		double p = x[i] / sum;

		if (p > 0)
			h -= p * log(p);
	}
	return h;
}

double socialcap_diversity_hill1(const double *x, size_t n)
{
	return exp(socialcap_diversity_shannon(x, n));
}

double socialcap_diversity_hill2(const double *x, size_t n)
{
	return 1.0 / socialcap_diversity_hhi(x, n);
}
