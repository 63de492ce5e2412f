/*
 * Area tables on several threads (options version 3, `threads`): every
 * cell equal to the one-thread table to the bit, NaN included, on random
 * networks; old option layouts; bad thread counts; allocation failures on
 * the threaded path. tests/tsan.sh runs this file under ThreadSanitizer.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "socialcap.h"
#include "test_alloc.h"

#define DAY SOCIALCAP_DAY
#define T_NOW (400 * DAY)

static uint64_t rng_next(uint64_t *x)
{
	/* xorshift64*: a fixed sequence for a fixed seed on every platform */
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * UINT64_C(2685821657736338717);
}

static uint32_t below(uint64_t *x, uint32_t n)
{
	return (uint32_t)(rng_next(x) % n);
}

static double unit(uint64_t *x)
{
	return (double)(rng_next(x) >> 11) / 9007199254740992.0;
}

/*
 * A random town of @p n actors: residents in 7 neighbourhoods and 4
 * resident sectors, professionals in institution sectors of tiers 1 and
 * 2, organisations; status partly unknown; ties mostly inside a
 * neighbourhood (so there are triangles and supported ties) with random
 * weights and start times (some after t - window, for growth); contacts
 * and events with costs for the ledger columns.
 */
static socialcap_network *random_town(const socialcap_allocator *alloc, uint32_t n,
				      uint32_t ties, uint64_t seed)
{
	static const char *const nbh[] = {"N0", "N1", "N2", "N3", "N4", "N5", "N6"};
	static const char *const res_sec[] = {"res0", "res1", "res2", "res3"};
	static const char *const inst[] = {"youth", "police", "school"};
	socialcap_network_options no = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network *net = NULL;
	uint64_t x = seed;
	uint32_t v, i;
	char id[32];

	no.allocator = alloc;
	assert_int_equal(socialcap_network_new(&net, &no), 0);
	assert_int_equal(socialcap_network_set_sector(net, NULL, "youth", 1, NAN), 0);
	assert_int_equal(socialcap_network_set_sector(net, NULL, "police", 2, NAN), 0);
	assert_int_equal(socialcap_network_set_sector(net, NULL, "school", 1, NAN), 0);
	for (v = 0; v < n; v++) {
		uint32_t pick = below(&x, 100);
		double status = pick % 5 == 0 ? NAN : unit(&x);
		socialcap_actor_kind kind = pick < 85   ? SOCIALCAP_RESIDENT
					    : pick < 95 ? SOCIALCAP_PROFESSIONAL
							: SOCIALCAP_ORGANISATION;
		const char *sector = kind == SOCIALCAP_RESIDENT ? res_sec[below(&x, 4)]
				     : kind == SOCIALCAP_PROFESSIONAL ? inst[below(&x, 3)]
								      : "shops";

		snprintf(id, sizeof(id), "a%u", (unsigned)v);
		assert_int_equal(socialcap_network_add_actor(net, NULL, id, kind, sector,
							     nbh[below(&x, 7)], status, NULL, 0),
				 0);
	}
	for (i = 0; i < ties; i++) {
		uint32_t a = below(&x, n), b = below(&x, n);
		int64_t since = below(&x, 3) == 0 ? SOCIALCAP_TIME_NONE
						  : (int64_t)below(&x, 390) * DAY;

		/* pull most ties into a's neighbourhood block of ids (a + small) */
		if (below(&x, 4) != 0)
			b = (a + 1 + below(&x, 24)) % n;
		if (a == b)
			continue;
		(void)socialcap_network_add_tie(net, NULL, a, b, below(&x, 2) ? "family" : "work",
						0.25 + 3 * unit(&x), since);
	}
	for (i = 0; i < n / 2; i++) {
		socialcap_contact c = {(int64_t)below(&x, 399) * DAY, below(&x, n), 0,
				       SOCIALCAP_PHYSICAL, 1.0, 10 * unit(&x)};

		c.b = (c.a + 1 + below(&x, n - 1)) % n;
		assert_int_equal(socialcap_network_record_contact(net, NULL, &c), 0);
	}
	for (i = 0; i < n / 20; i++) {
		socialcap_event e = {id, (int64_t)below(&x, 399) * DAY, nbh[below(&x, 7)],
				     "meeting", SOCIALCAP_PHYSICAL, 50 * unit(&x)};
		socialcap_attendance att[6];
		uint32_t k, d = 2 + below(&x, 4);

		snprintf(id, sizeof(id), "e%u", (unsigned)i);
		for (k = 0; k < d; k++) {
			att[k].actor = (i * 7 + k * 13) % n;
			att[k].role = k == 0 ? SOCIALCAP_ORGANISER : SOCIALCAP_PARTICIPANT;
		}
		assert_int_equal(socialcap_network_record_event(net, NULL, &e, att, d), 0);
	}
	return net;
}

static socialcap_snapshot *snap_at(socialcap_network *net, int64_t t)
{
	socialcap_snapshot_options so = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_snapshot *s = NULL;

	so.time = t;
	assert_int_equal(socialcap_snapshot_build(&s, net, &so), 0);
	return s;
}

/* Every cell and every echoed option of @p b equal to @p a, to the bit. */
static void assert_identical(const socialcap_results *a, const socialcap_results *b)
{
	uint32_t rows = socialcap_results_row_count(a), c, k;

	assert_int_equal(socialcap_results_row_count(b), rows);
	assert_int_equal(socialcap_results_column_count(b), SOCIALCAP_AREA_COLUMN_COUNT);
	for (c = 0; c < SOCIALCAP_AREA_COLUMN_COUNT; c++) {
		const double *x = socialcap_results_column(a, c), *y = socialcap_results_column(b, c);

		assert_non_null(x);
		assert_non_null(y);
		if (memcmp(x, y, rows * sizeof(*x)) != 0) {
			for (k = 0; k < rows; k++)
				if (memcmp(&x[k], &y[k], sizeof(*x)) != 0)
					print_error("column %s row %u: %.17g vs %.17g\n",
						    socialcap_area_column_name((int)c), (unsigned)k,
						    x[k], y[k]);
			fail();
		}
	}
	assert_int_equal(socialcap_results_option_count(b), socialcap_results_option_count(a));
	for (k = 0; k < socialcap_results_option_count(a); k++) {
		double x = socialcap_results_option_value(a, k), y = socialcap_results_option_value(b, k);

		assert_string_equal(socialcap_results_option_name(a, k),
				    socialcap_results_option_name(b, k));
		assert_memory_equal(&x, &y, sizeof(x));
	}
}

/* How many cells of column @p c are numbers > 0 (the table is not trivial). */
static uint32_t positive(const socialcap_results *r, int c)
{
	const double *x = socialcap_results_column(r, (uint32_t)c);
	uint32_t k, count = 0;

	for (k = 0; k < socialcap_results_row_count(r); k++)
		count += x[k] > 0;
	return count;
}

static socialcap_results *table(const socialcap_snapshot *s, const socialcap_areas_options *o,
				unsigned threads)
{
	socialcap_areas_options copy = *o;
	socialcap_results *r = NULL;

	copy.threads = threads;
	assert_int_equal(socialcap_areas_compute(&r, s, &copy), 0);
	return r;
}

static void test_identical_on_any_thread_count(void **state)
{
	static const uint32_t sizes[][2] = {{3, 2}, {40, 90}, {700, 4000}, {1500, 7000}};
	static const unsigned counts[] = {0, 2, 3, 4, 7};
	size_t z, k;
	int kind, group;

	(void)state;
	for (z = 0; z < sizeof(sizes) / sizeof(*sizes); z++) {
		socialcap_network *net = random_town(NULL, sizes[z][0], sizes[z][1], 77 + z);
		socialcap_snapshot *s = snap_at(net, T_NOW);

		for (kind = 0; kind < 2; kind++) {
			for (group = SOCIALCAP_GROUP_SECTOR; group <= SOCIALCAP_GROUP_KIND; group++) {
				socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
				socialcap_results *one;

				o.areas = kind;
				o.group = group;
				o.min_cell = 0;
				one = table(s, &o, 1);
				if (sizes[z][0] >= 700) {
					/* the comparison covers real numbers */
					assert_true(positive(one, SOCIALCAP_AREA_CLUSTERING) > 3);
					assert_true(positive(one, SOCIALCAP_AREA_SUPPORT_RATIO) > 3);
					assert_true(positive(one, SOCIALCAP_AREA_INSTITUTION_REACH) > 3);
					assert_true(positive(one, SOCIALCAP_AREA_SINGLE_LINK_SHARE) > 0);
					assert_true(positive(one, SOCIALCAP_AREA_BONDING) > 3);
					assert_true(positive(one, SOCIALCAP_AREA_GROWTH_RATE) > 0);
					assert_true(positive(one, SOCIALCAP_AREA_INVESTMENT_FLOW) > 3);
				}
				for (k = 0; k < sizeof(counts) / sizeof(*counts); k++) {
					socialcap_results *many = table(s, &o, counts[k]);

					assert_identical(one, many);
					socialcap_results_free(many);
				}
				socialcap_results_free(one);
			}
		}
		socialcap_snapshot_free(s);
		socialcap_network_free(net);
	}
}

/* More threads than the pass has uses (64 at most are started). */
static void test_many_threads(void **state)
{
	socialcap_network *net = random_town(NULL, 700, 4000, 21);
	socialcap_snapshot *s = snap_at(net, T_NOW);
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	socialcap_results *one, *many;

	(void)state;
	o.min_cell = 0;
	one = table(s, &o, 1);
	many = table(s, &o, 1024);
	assert_identical(one, many);
	socialcap_results_free(many);
	o.areas = SOCIALCAP_AREAS_SECTORS;
	socialcap_results_free(one);
	one = table(s, &o, 1);
	many = table(s, &o, 64);
	assert_identical(one, many);
	socialcap_results_free(many);
	socialcap_results_free(one);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* The small-cell default and a column selection, on 3 threads. */
static void test_selection_and_suppression(void **state)
{
	static const uint32_t selections[] = {
		0, SOCIALCAP_AREA_COLUMN_BIT(SOCIALCAP_AREA_INSTITUTION_REACH),
		SOCIALCAP_AREA_COLUMN_BIT(SOCIALCAP_AREA_SUPPORT_RATIO),
		SOCIALCAP_AREA_COLUMN_BIT(SOCIALCAP_AREA_CLUSTERING) |
			SOCIALCAP_AREA_COLUMN_BIT(SOCIALCAP_AREA_GROWTH_FUND)};
	socialcap_network *net = random_town(NULL, 900, 5000, 5);
	socialcap_snapshot *s = snap_at(net, T_NOW);
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(selections) / sizeof(*selections); k++) {
		socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
		socialcap_results *a, *b;

		o.columns = selections[k];
		o.min_cell = 130;
		a = table(s, &o, 1);
		b = table(s, &o, 3);
		assert_identical(a, b);
		socialcap_results_free(a);
		socialcap_results_free(b);
	}
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* A series passes the thread count to each step. */
static void test_series(void **state)
{
	socialcap_network *net = random_town(NULL, 800, 4500, 11);
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	const int64_t times[] = {200 * DAY, 300 * DAY, T_NOW};
	socialcap_series *a = NULL, *b = NULL;
	size_t k;

	(void)state;
	o.min_cell = 0;
	assert_int_equal(socialcap_series_compute(&a, net, NULL, &o, times, 3), 0);
	o.threads = 4;
	assert_int_equal(socialcap_series_compute(&b, net, NULL, &o, times, 3), 0);
	for (k = 0; k < 3; k++)
		assert_identical(socialcap_series_table(a, k), socialcap_series_table(b, k));
	socialcap_series_free(a);
	socialcap_series_free(b);
	socialcap_network_free(net);
}

/* The layout of the options before `threads` was added. */
typedef struct areas_options_v2 {
	unsigned int version;
	int32_t areas;
	int32_t group;
	int64_t window;
	uint32_t min_cell;
	int64_t half_life_invest;
	uint32_t columns;
} areas_options_v2;

static void test_options(void **state)
{
	socialcap_network *net = random_town(NULL, 300, 1500, 3);
	socialcap_snapshot *s = snap_at(net, T_NOW);
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	struct {
		areas_options_v2 v2;
		unsigned char guard[64];
	} old;
	socialcap_results *a = NULL, *b = NULL;
	double echo = 0;
	size_t i;

	(void)state;
	assert_int_equal(o.threads, 1);
	assert_int_equal(offsetof(socialcap_areas_options, threads), offsetof(areas_options_v2, columns) + sizeof(uint32_t));
	memset(&old, 0xab, sizeof(old));
	assert_int_equal(socialcap_areas_options_init((socialcap_areas_options *)(void *)&old.v2, 2), 0);
	for (i = 0; i < sizeof(old.guard); i++)
		assert_int_equal(old.guard[i], 0xab); /* nothing written past v2 */
	assert_int_equal(old.v2.version, 2);
	assert_int_equal(old.v2.columns, 0);
	/* the garbage after a version-2 struct is not read as a thread count */
	assert_int_equal(socialcap_areas_compute(&a, s, (socialcap_areas_options *)(void *)&old.v2), 0);
	assert_int_equal(socialcap_areas_compute(&b, s, &o), 0);
	assert_identical(a, b);
	socialcap_results_free(a);
	socialcap_results_free(b);
	memset(&o, 0xcd, sizeof(o));
	assert_int_equal(socialcap_areas_options_init(&o, 3), 0);
	assert_int_equal(o.version, 3);
	assert_int_equal(o.threads, 1);
	assert_int_equal(socialcap_areas_options_init(&o, 4), SOCIALCAP_EVERSION);
	/* threads beyond 1024 are refused, with a message naming the field */
	o.threads = 1025;
	a = (socialcap_results *)(void *)&o;
	assert_int_equal(socialcap_areas_compute(&a, s, &o), SOCIALCAP_EINVAL);
	assert_null(a);
	assert_non_null(strstr(socialcap_network_errmsg(net), "threads"));
	/* threads is not echoed: tables on any thread count read the same */
	o.threads = 2;
	assert_int_equal(socialcap_areas_compute(&a, s, &o), 0);
	assert_int_equal(socialcap_results_find_option(a, "threads", &echo), SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_results_find_option(a, "min_cell", &echo), 0);
	socialcap_results_free(a);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* Failures at every allocation on 3 threads: ENOMEM, nothing leaked. */
static void test_alloc_sweep(void **state)
{
	test_alloc ta;
	socialcap_network *net;
	socialcap_snapshot *s;
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	socialcap_results *want;
	size_t i;
	long live;
	int rc;

	(void)state;
	test_alloc_init(&ta, 0, 0);
	net = random_town(&ta.allocator, 120, 600, 9);
	s = snap_at(net, T_NOW);
	o.min_cell = 0;
	want = table(s, &o, 1);
	live = ta.live;
	o.threads = 3;
	for (i = 1;; i++) {
		socialcap_results *r = NULL;

		ta.fail_at = ta.calls + i;
		rc = socialcap_areas_compute(&r, s, &o);
		ta.fail_at = 0;
		if (rc == 0) {
			assert_identical(want, r);
			socialcap_results_free(r);
			assert_int_equal(ta.live, live);
			break;
		}
		assert_int_equal(rc, SOCIALCAP_ENOMEM);
		assert_null(r);
		assert_int_equal(ta.live, live);
		assert_true(i < 1000);
	}
	assert_true(i > 10);
	socialcap_results_free(want);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
	assert_int_equal(ta.live, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical_on_any_thread_count),
		cmocka_unit_test(test_many_threads),
		cmocka_unit_test(test_selection_and_suppression),
		cmocka_unit_test(test_series),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_alloc_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
