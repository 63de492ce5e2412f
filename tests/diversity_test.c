/* Diversity helpers: fixture D1 and the invalid inputs. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "socialcap.h"

#define assert_near(got, want, tol) assert_true(fabs((got) - (want)) <= (tol))

/* D1: type counts res 3, pro 1, org 1. */
static void test_d1(void **state)
{
	const double x[] = {3, 1, 1};

	(void)state;
	assert_near(socialcap_diversity_blau(x, 3), 0.56, 1e-12);
	assert_near(socialcap_diversity_iqv(x, 3), 0.84, 1e-12);
	assert_near(socialcap_diversity_shannon(x, 3), 0.950271, 1e-6);
	/* INDICATORS.md lists 2.586390, but exp(0.950271) = 2.586409: the
	 * listed value has a slip in its fifth decimal. */
	assert_near(socialcap_diversity_hill1(x, 3), 2.586409, 1e-6);
	assert_near(socialcap_diversity_hill1(x, 3), exp(0.9502705392332347), 1e-12);
	assert_near(socialcap_diversity_hill2(x, 3), 2.272727, 1e-6);
	assert_near(socialcap_diversity_hhi(x, 3), 0.44, 1e-12);
}

static void test_extremes(void **state)
{
	const double one[] = {0, 5, 0}, even[] = {2, 2, 2, 2};

	(void)state;
	assert_near(socialcap_diversity_blau(one, 3), 0, 1e-15);
	assert_near(socialcap_diversity_shannon(one, 3), 0, 0); /* 0 ln 0 = 0 */
	assert_near(socialcap_diversity_hill1(one, 3), 1, 0);
	assert_near(socialcap_diversity_hhi(one, 3), 1, 0);
	assert_near(socialcap_diversity_iqv(even, 4), 1, 1e-15);
	assert_near(socialcap_diversity_hill1(even, 4), 4, 1e-12);
	assert_near(socialcap_diversity_hill2(even, 4), 4, 1e-12);
	assert_true(isnan(socialcap_diversity_iqv(one, 1))); /* K < 2 */
}

static void test_invalid(void **state)
{
	const double zero[] = {0, 0}, neg[] = {1, -1}, bad[] = {1, NAN}, inf[] = {1, INFINITY};

	(void)state;
	assert_true(isnan(socialcap_diversity_blau(NULL, 0)));
	assert_true(isnan(socialcap_diversity_blau(zero, 2)));
	assert_true(isnan(socialcap_diversity_shannon(neg, 2)));
	assert_true(isnan(socialcap_diversity_hhi(bad, 2)));
	assert_true(isnan(socialcap_diversity_hill2(inf, 2)));
	assert_true(isnan(socialcap_diversity_hill1(zero, 2)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_d1),
		cmocka_unit_test(test_extremes),
		cmocka_unit_test(test_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
