/*
 * The `columns` option of area tables (options version 2): a selection
 * gives bit for bit the numbers of the full table in the columns asked
 * for, NaN in the others; the support ratio alone, worked by hand; options
 * of version 1; bad bits; allocation failures on the short paths.
 */
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
#define BIT(c) SOCIALCAP_AREA_COLUMN_BIT(SOCIALCAP_AREA_##c)

/*
 * A seeded town: 1,200 residents in four neighbourhoods, 30 professionals
 * (no neighbourhood), ties mostly within the neighbourhood and some across,
 * half of them older than the window, contacts with costs (the ledger).
 */
static socialcap_network *make_town(const socialcap_allocator *alloc)
{
	socialcap_network_options no = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network *net = NULL;
	uint64_t state = 7;
	uint32_t n = 1230, i, k;
	char id[32], nbh[8];

#define RND(bound) ((uint32_t)(((state = state * 6364136223846793005u + 1442695040888963407u) >> 33) % (bound)))
	no.allocator = alloc;
	assert_int_equal(socialcap_network_new(&net, &no), 0);
	assert_int_equal(socialcap_network_set_sector(net, NULL, "police", 2, 6), 0);
	assert_int_equal(socialcap_network_set_sector(net, NULL, "shop", 1, 3), 0);
	for (i = 0; i < n; i++) {
		int resident = i < 1200;

		snprintf(id, sizeof(id), "a%u", (unsigned)i);
		snprintf(nbh, sizeof(nbh), "N%u", (unsigned)(i % 1200) / 300);
		assert_int_equal(socialcap_network_add_actor(
					 net, NULL, id,
					 resident ? SOCIALCAP_RESIDENT : SOCIALCAP_PROFESSIONAL,
					 !resident ? "police" : i % 7 == 0 ? "shop" : "residents",
					 nbh, (double)(i % 10) / 10, NULL, 0),
				 0);
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < 5; k++) {
			uint32_t j = k < 4 && i < 1200 ? (i / 300) * 300 + RND(300) : RND(n);
			int64_t since = RND(2) ? 100 * DAY : 350 * DAY;

			if (j == i)
				continue;
			assert_int_equal(socialcap_network_add_tie(net, NULL, i, j, "work",
								   1 + RND(4), since),
					 0);
		}
	}
	for (i = 0; i < 200; i++) {
		socialcap_contact c;

		memset(&c, 0, sizeof(c));
		c.time = (int64_t)(RND(400) + 1) * DAY;
		c.a = RND(n);
		c.b = (c.a + 1 + RND(50)) % n;
		c.channel = SOCIALCAP_PHYSICAL;
		c.weight = 1;
		c.cost = 1 + RND(9);
		assert_int_equal(socialcap_network_record_contact(net, NULL, &c), 0);
	}
#undef RND
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

/* Columns in @p bits (and residents, suppressed) equal @p all bit for bit;
 * the others are NaN. */
static void assert_selection(const socialcap_results *all, const socialcap_results *some,
			     uint32_t bits)
{
	uint32_t rows = socialcap_results_row_count(all), r, c;

	assert_int_equal(socialcap_results_row_count(some), rows);
	assert_int_equal(socialcap_results_column_count(some), SOCIALCAP_AREA_COLUMN_COUNT);
	for (c = 0; c < SOCIALCAP_AREA_COLUMN_COUNT; c++) {
		int kept = c <= SOCIALCAP_AREA_SUPPRESSED || (bits >> c) & 1u;

		for (r = 0; r < rows; r++) {
			double x = socialcap_results_get(all, r, c), y = socialcap_results_get(some, r, c);

			if (!kept) {
				assert_true(isnan(y));
			} else if (!(isnan(x) && isnan(y)) && memcmp(&x, &y, sizeof(x)) != 0) {
				print_error("column %s row %u: %.17g vs %.17g\n",
					    socialcap_area_column_name((int)c), (unsigned)r, x, y);
				fail();
			}
		}
	}
}

static void test_selections_match_full_table(void **state)
{
	static const uint32_t selections[] = {
		BIT(SUPPORT_RATIO),
		BIT(SUPPORT_RATIO) | BIT(DENSITY) | BIT(TIES_INTERNAL),
		BIT(TIES_INTERNAL),
		BIT(CLUSTERING) | BIT(SUPPORT_RATIO),
		BIT(GROWTH_RATE),
		BIT(RELATIONAL_STOCK) | BIT(GROWTH_FUND),
		BIT(INVESTMENT_FLOW) | BIT(NEW_INVESTORS),
		BIT(SOCIAL_RETURN),
		BIT(INSTITUTION_REACH) | BIT(PORTFOLIO_HHI),
		BIT(RESIDENTS),
	};
	socialcap_network *net = make_town(NULL);
	socialcap_snapshot *s = snap_at(net, 400 * DAY);
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	socialcap_results *all = NULL, *some = NULL;
	double echoed = 0;
	size_t i;
	int kind, min_cell;

	(void)state;
	for (kind = 0; kind < 2; kind++) {
		for (min_cell = 0; min_cell <= 300; min_cell += 300) {
			o.areas = kind;
			o.min_cell = (uint32_t)min_cell;
			o.columns = 0;
			assert_int_equal(socialcap_areas_compute(&all, s, &o), 0);
			assert_int_equal(socialcap_results_find_option(all, "columns", &echoed),
					 SOCIALCAP_ENOTFOUND);
			for (i = 0; i < sizeof(selections) / sizeof(*selections); i++) {
				o.columns = selections[i];
				assert_int_equal(socialcap_areas_compute(&some, s, &o), 0);
				assert_selection(all, some, selections[i]);
				assert_int_equal(socialcap_results_find_option(some, "columns", &echoed), 0);
				assert_true(echoed == (double)selections[i]);
				socialcap_results_free(some);
			}
			socialcap_results_free(all);
		}
	}
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* A series gives the same NaNs and the same numbers as single tables. */
static void test_series_honours_columns(void **state)
{
	socialcap_network *net = make_town(NULL);
	socialcap_snapshot *s = snap_at(net, 400 * DAY);
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	socialcap_results *one = NULL;
	socialcap_series *series = NULL;
	const int64_t times[] = {400 * DAY};

	(void)state;
	o.columns = BIT(SUPPORT_RATIO) | BIT(GROWTH_RATE);
	assert_int_equal(socialcap_areas_compute(&one, s, &o), 0);
	assert_int_equal(socialcap_series_compute(&series, net, NULL, &o, times, 1), 0);
	assert_selection(one, socialcap_series_table(series, 0), o.columns);
	socialcap_series_free(series);
	socialcap_results_free(one);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/*
 * By hand: N1 holds a, b, c, d, e; ties a-b, b-c, a-c (a triangle), c-d,
 * and d-p, c-p with p a professional (no area). Internal ties: ab, bc, ac,
 * cd = 4; supported by a common neighbour in N1: ab (c), bc (a), ac (b);
 * cd has the common neighbour p, which is not in N1. Support 3 / 4,
 * density 4 / (5 * 4 / 2) = 0.4. N2 has one resident and no tie.
 */
static void test_support_by_hand(void **state)
{
	socialcap_network *net = NULL;
	socialcap_snapshot *s;
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	socialcap_results *r = NULL;
	static const char *const ids[] = {"a", "b", "c", "d", "e", "f", "p"};
	static const uint32_t ties[][2] = {{0, 1}, {1, 2}, {0, 2}, {2, 3}, {3, 6}, {2, 6}};
	uint32_t i, row = 0;

	(void)state;
	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	for (i = 0; i < 7; i++)
		assert_int_equal(socialcap_network_add_actor(
					 net, NULL, ids[i],
					 i < 6 ? SOCIALCAP_RESIDENT : SOCIALCAP_PROFESSIONAL,
					 "residents", i == 5 ? "N2" : "N1", NAN, NULL, 0),
				 0);
	for (i = 0; i < 6; i++)
		assert_int_equal(socialcap_network_add_tie(net, NULL, ties[i][0], ties[i][1], "work",
							   1, SOCIALCAP_TIME_NONE),
				 0);
	s = snap_at(net, 10 * DAY);
	o.min_cell = 0;
	o.columns = BIT(SUPPORT_RATIO) | BIT(DENSITY) | BIT(TIES_INTERNAL);
	assert_int_equal(socialcap_areas_compute(&r, s, &o), 0);
	assert_int_equal(socialcap_results_find_row(r, &row, "N1"), 0);
	assert_true(socialcap_results_get(r, row, SOCIALCAP_AREA_RESIDENTS) == 5);
	assert_true(socialcap_results_get(r, row, SOCIALCAP_AREA_TIES_INTERNAL) == 4);
	assert_true(socialcap_results_get(r, row, SOCIALCAP_AREA_SUPPORT_RATIO) == 0.75);
	assert_true(socialcap_results_get(r, row, SOCIALCAP_AREA_DENSITY) == 0.4);
	assert_true(isnan(socialcap_results_get(r, row, SOCIALCAP_AREA_CLUSTERING)));
	assert_int_equal(socialcap_results_find_row(r, &row, "N2"), 0);
	assert_true(socialcap_results_get(r, row, SOCIALCAP_AREA_RESIDENTS) == 1);
	assert_true(isnan(socialcap_results_get(r, row, SOCIALCAP_AREA_SUPPORT_RATIO)));
	assert_true(isnan(socialcap_results_get(r, row, SOCIALCAP_AREA_DENSITY)));
	socialcap_results_free(r);
	/* small cells: N1 (5 members) suppressed at min_cell 6 */
	o.min_cell = 6;
	assert_int_equal(socialcap_areas_compute(&r, s, &o), 0);
	assert_int_equal(socialcap_results_find_row(r, &row, "N1"), 0);
	assert_true(socialcap_results_get(r, row, SOCIALCAP_AREA_SUPPRESSED) == 1);
	assert_true(isnan(socialcap_results_get(r, row, SOCIALCAP_AREA_SUPPORT_RATIO)));
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* The layout of the options before `columns` was added. */
typedef struct areas_options_v1 {
	unsigned int version;
	int32_t areas;
	int32_t group;
	int64_t window;
	uint32_t min_cell;
	int64_t half_life_invest;
} areas_options_v1;

static void test_options(void **state)
{
	socialcap_network *net = make_town(NULL);
	socialcap_snapshot *s = snap_at(net, 400 * DAY);
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	struct {
		areas_options_v1 v1;
		unsigned char guard[64];
	} old;
	socialcap_results *a = NULL, *b = NULL;
	uint32_t list[4];
	size_t i, total = 0;

	(void)state;
	assert_int_equal(offsetof(socialcap_areas_options, columns), sizeof(areas_options_v1));
	memset(&old, 0xab, sizeof(old));
	assert_int_equal(socialcap_areas_options_init((socialcap_areas_options *)(void *)&old.v1, 1), 0);
	for (i = 0; i < sizeof(old.guard); i++)
		assert_int_equal(old.guard[i], 0xab); /* nothing written past v1 */
	assert_int_equal(old.v1.version, 1);
	assert_int_equal(old.v1.min_cell, SOCIALCAP_DEFAULT_MIN_CELL);
	/* the garbage after a version-1 struct is not read as a column mask */
	assert_int_equal(socialcap_areas_compute(&a, s, (socialcap_areas_options *)(void *)&old.v1), 0);
	assert_int_equal(socialcap_areas_compute(&b, s, &o), 0);
	assert_selection(b, a, UINT32_MAX);
	socialcap_results_free(a);
	socialcap_results_free(b);
	assert_int_equal(socialcap_areas_new_investors(s, (socialcap_areas_options *)(void *)&old.v1,
						       0, list, 4, &total),
			 0);
	assert_int_equal(socialcap_areas_options_init(&o, 2), 0);
	assert_int_equal(o.columns, 0);
	assert_int_equal(socialcap_areas_options_init(&o, 4), SOCIALCAP_EVERSION);
	/* an unknown bit is refused, with a message naming it */
	o.columns = SOCIALCAP_AREA_COLUMN_BIT(SOCIALCAP_AREA_COLUMN_COUNT);
	assert_int_equal(socialcap_areas_compute(&a, s, &o), SOCIALCAP_EINVAL);
	assert_null(a);
	assert_non_null(strstr(socialcap_network_errmsg(net), "columns"));
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* Failures at every allocation of the short paths: ENOMEM, nothing leaked. */
static void test_alloc_sweep(void **state)
{
	static const uint32_t selections[] = {BIT(SUPPORT_RATIO), BIT(GROWTH_RATE),
					      BIT(INVESTMENT_FLOW)};
	test_alloc ta;
	socialcap_network *net;
	socialcap_snapshot *s;
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	size_t i, k;
	long live;
	int rc;

	(void)state;
	test_alloc_init(&ta, 0, 0);
	net = make_town(&ta.allocator);
	s = snap_at(net, 400 * DAY);
	live = ta.live;
	for (k = 0; k < sizeof(selections) / sizeof(*selections); k++) {
		o.columns = selections[k];
		for (i = 1;; i++) {
			socialcap_results *r = NULL;

			ta.fail_at = ta.calls + i;
			rc = socialcap_areas_compute(&r, s, &o);
			ta.fail_at = 0;
			if (rc == 0) {
				socialcap_results_free(r);
				assert_int_equal(ta.live, live);
				break;
			}
			assert_int_equal(rc, SOCIALCAP_ENOMEM);
			assert_null(r);
			assert_int_equal(ta.live, live);
			assert_true(i < 500);
		}
	}
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
	assert_int_equal(ta.live, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selections_match_full_table),
		cmocka_unit_test(test_series_honours_columns),
		cmocka_unit_test(test_support_by_hand),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_alloc_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
