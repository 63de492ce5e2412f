/* Time series of area tables: each step equals a fresh single-time table. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "socialcap.h"
#include "test_alloc.h"

#define DAY SOCIALCAP_DAY

static uint64_t rng_state;

static uint32_t rnd(uint32_t bound)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((rng_state >> 33) % bound);
}

/*
 * A seeded town: @p n actors over three neighbourhoods, a tenth of them
 * professionals in institution sectors; declared ties with `since` times,
 * contacts and events with costs spread over two years.
 */
static socialcap_network *town(const socialcap_allocator *alloc, uint32_t n, uint64_t seed)
{
	static const char *const nbh[3] = {"N1", "N2", "N3"};
	static const char *const sectors[4] = {"res", "shop", "youth", "police"};
	socialcap_network_options no = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network *net = NULL;
	uint32_t v, i;
	char id[32];

	rng_state = seed;
	no.allocator = alloc;
	assert_int_equal(socialcap_network_new(&net, &no), 0);
	assert_int_equal(socialcap_network_set_sector(net, NULL, "youth", 1, NAN), 0);
	assert_int_equal(socialcap_network_set_sector(net, NULL, "police", 2, NAN), 0);
	for (v = 0; v < n; v++) {
		int pro = rnd(10) == 0;
		double status = rnd(4) == 0 ? NAN : rnd(100) / 100.0;

		snprintf(id, sizeof(id), "a%u", (unsigned)v);
		assert_int_equal(socialcap_network_add_actor(
					 net, NULL, id,
					 pro ? SOCIALCAP_PROFESSIONAL : SOCIALCAP_RESIDENT,
					 sectors[pro ? 2 + rnd(2) : rnd(2)], nbh[rnd(3)],
					 status, NULL, 0),
				 0);
	}
	for (i = 0; i < 3 * n; i++) {
		uint32_t a = rnd(n), b = rnd(n);
		int64_t since = rnd(3) == 0 ? SOCIALCAP_TIME_NONE : (int64_t)rnd(700) * DAY;

		if (a != b)
			assert_int_equal(socialcap_network_add_tie(net, NULL, a, b, "neighbours",
								   1 + rnd(3), since),
					 0);
	}
	for (i = 0; i < 4 * n; i++) {
		socialcap_contact c = {(int64_t)rnd(730) * DAY + rnd(86400), rnd(n), rnd(n),
				       (int32_t)rnd(2), 1.0, (double)rnd(5)};

		if (c.a != c.b)
			assert_int_equal(socialcap_network_record_contact(net, NULL, &c), 0);
	}
	for (i = 0; i < n / 2; i++) {
		socialcap_attendance att[8];
		uint32_t d = 1 + rnd(6), k;
		socialcap_event e = {id, (int64_t)rnd(730) * DAY, nbh[rnd(3)], "meeting",
				     SOCIALCAP_PHYSICAL, (double)rnd(50)};

		snprintf(id, sizeof(id), "e%u", (unsigned)i);
		for (k = 0; k < d; k++) {
			att[k].actor = (rnd(n) + k) % n;
			att[k].role = rnd(3) == 0 ? SOCIALCAP_ORGANISER : SOCIALCAP_PARTICIPANT;
		}
		/* attendees must be distinct: skip events that drew a repeat */
		if (socialcap_network_record_event(net, NULL, &e, att, d) != 0)
			continue;
	}
	return net;
}

static void same_table(const socialcap_results *a, const socialcap_results *b)
{
	uint32_t rows = socialcap_results_row_count(a), r, c;

	assert_int_equal(rows, socialcap_results_row_count(b));
	assert_int_equal(socialcap_results_column_count(a), socialcap_results_column_count(b));
	for (r = 0; r < rows; r++) {
		for (c = 0; c < SOCIALCAP_AREA_COLUMN_COUNT; c++) {
			double x = socialcap_results_get(a, r, c);
			double y = socialcap_results_get(b, r, c);

			if (isnan(x) || isnan(y)) {
				if (isnan(x) != isnan(y))
					fail_msg("row %u column %s: %g vs %g", r,
						 socialcap_results_column_name(a, c), x, y);
				continue;
			}
			if (!(fabs(x - y) <= 1e-9 * fmax(1, fabs(x))))
				fail_msg("row %u column %s: %.17g vs %.17g", r,
					 socialcap_results_column_name(a, c), x, y);
		}
	}
}

/* Every step of a series equals socialcap_areas_compute() at that time. */
static void check_series(int areas, int64_t window, int64_t step)
{
	socialcap_network *net = town(NULL, 120, 7);
	socialcap_snapshot_options so = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	socialcap_series *s = NULL;
	int64_t times[14];
	size_t k, nonzero = 0;

	o.areas = areas;
	o.window = window;
	o.min_cell = 5;
	so.theta = 0.05;
	for (k = 0; k < 14; k++)
		times[k] = 200 * DAY + (int64_t)k * step;
	assert_int_equal(socialcap_series_compute(&s, net, &so, &o, times, 14), 0);
	assert_int_equal(socialcap_series_count(s), 14);
	for (k = 0; k < 14; k++) {
		socialcap_snapshot *snap = NULL;
		socialcap_results *one = NULL;
		const socialcap_results *got = socialcap_series_table(s, k);
		double t, flow;
		uint32_t r;

		assert_true(socialcap_series_time(s, k) == times[k]);
		assert_int_equal(socialcap_results_find_option(got, "time", &t), 0);
		assert_true(t == (double)times[k]);
		so.time = times[k];
		assert_int_equal(socialcap_snapshot_build(&snap, net, &so), 0);
		assert_int_equal(socialcap_areas_compute(&one, snap, &o), 0);
		same_table(one, got);
		for (r = 0; r < socialcap_results_row_count(got); r++) {
			flow = socialcap_results_get(got, r, SOCIALCAP_AREA_INVESTED_STOCK);
			nonzero += flow > 0;
		}
		socialcap_results_free(one);
		socialcap_snapshot_free(snap);
	}
	assert_true(nonzero > 0);
	assert_null(socialcap_series_table(s, 14));
	assert_true(socialcap_series_time(s, 14) == SOCIALCAP_TIME_NONE);
	socialcap_series_free(s);
	socialcap_network_free(net);
}

static void test_monthly_year_window(void **state)
{
	(void)state;
	check_series(SOCIALCAP_AREAS_NEIGHBOURHOODS, 365 * DAY, 30 * DAY);
}

/* Window equal to the step: each step compares with the summary kept from
 * the previous step instead of building a snapshot at t - window. */
static void test_window_equals_step(void **state)
{
	(void)state;
	check_series(SOCIALCAP_AREAS_NEIGHBOURHOODS, 30 * DAY, 30 * DAY);
}

/* Window of two steps: the summary kept from two steps back is used. */
static void test_window_two_steps(void **state)
{
	(void)state;
	check_series(SOCIALCAP_AREAS_NEIGHBOURHOODS, 60 * DAY, 30 * DAY);
}

static void test_sectors(void **state)
{
	(void)state;
	check_series(SOCIALCAP_AREAS_SECTORS, 90 * DAY, 45 * DAY);
}

static void test_errors(void **state)
{
	socialcap_network *net = town(NULL, 20, 3);
	socialcap_series *s = (socialcap_series *)net;
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	socialcap_snapshot_options so = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	const int64_t up[] = {10 * DAY, 20 * DAY}, down[] = {20 * DAY, 10 * DAY};
	const int64_t twice[] = {10 * DAY, 10 * DAY};

	(void)state;
	assert_int_equal(socialcap_series_compute(NULL, net, NULL, NULL, up, 2),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_series_compute(&s, NULL, NULL, NULL, up, 2),
			 SOCIALCAP_EINVAL);
	assert_null(s);
	assert_int_equal(socialcap_series_compute(&s, net, NULL, NULL, NULL, 2),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_series_compute(&s, net, NULL, NULL, up, 0),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_series_compute(&s, net, NULL, NULL, down, 2),
			 SOCIALCAP_EINVAL);
	assert_non_null(strstr(socialcap_network_errmsg(net), "times[1]"));
	assert_int_equal(socialcap_series_compute(&s, net, NULL, NULL, twice, 2),
			 SOCIALCAP_EINVAL);
	o.window = -5;
	assert_int_equal(socialcap_series_compute(&s, net, NULL, &o, up, 2),
			 SOCIALCAP_EINVAL);
	so.theta = -1;
	assert_int_equal(socialcap_series_compute(&s, net, &so, NULL, up, 2),
			 SOCIALCAP_EINVAL);
	assert_null(s);
	/* NULL options: defaults; a single time works */
	assert_int_equal(socialcap_series_compute(&s, net, NULL, NULL, up, 1), 0);
	assert_int_equal(socialcap_series_count(s), 1);
	socialcap_series_free(s);
	assert_int_equal(socialcap_series_count(NULL), 0);
	assert_null(socialcap_series_table(NULL, 0));
	socialcap_series_free(NULL);
	socialcap_network_free(net);
}

static void test_alloc_sweep(void **state)
{
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	const int64_t times[] = {300 * DAY, 330 * DAY, 360 * DAY};
	test_alloc ta;
	socialcap_network *net;
	size_t i, before;
	long live;
	int rc;

	(void)state;
	test_alloc_init(&ta, 0, 0);
	net = town(&ta.allocator, 30, 11);
	o.window = 30 * DAY;
	live = ta.live;
	before = socialcap_network_memory(net);
	for (i = 1;; i++) {
		socialcap_series *s = NULL;

		ta.fail_at = ta.calls + i;
		rc = socialcap_series_compute(&s, net, NULL, &o, times, 3);
		ta.fail_at = 0;
		if (rc == 0) {
			assert_int_equal(socialcap_series_count(s), 3);
			socialcap_series_free(s);
			assert_int_equal(ta.live, live);
			break;
		}
		assert_int_equal(rc, SOCIALCAP_ENOMEM);
		assert_null(s);
		assert_int_equal(ta.live, live);
		assert_int_equal(socialcap_network_memory(net), before);
		assert_true(i < 2000);
	}
	socialcap_network_free(net);
	assert_int_equal(ta.live, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_monthly_year_window),
		cmocka_unit_test(test_window_equals_step),
		cmocka_unit_test(test_window_two_steps),
		cmocka_unit_test(test_sectors),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_alloc_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
