/*
 * The area table of a network without timed records (no tie has a since
 * time, no contacts, no events) is computed without a second snapshot at
 * t - window: the graph is the same at every time. These tests check that
 * the result is the one the two-snapshot path gives, to the bit, and that
 * the second snapshot is really not built.
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

#define ACTORS 240u
#define TIES 1500u
#define T_NOW INT64_C(1700000000)

static uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return *s >> 33;
}

/*
 * A random network in six neighbourhoods with skewed sectors and a few
 * institutions. With @p first_since, the first tie gets that since time
 * (long before t - window; layers do not decay by default), which gives
 * the same graph at t and at t - window but takes the general path.
 */
static socialcap_network *make_net(test_alloc *ta, int64_t first_since)
{
	static const char *const sectors[] = {"residents", "residents", "residents",
					      "entrepreneurs", "youth work", "police"};
	static const char *const layers[] = {"family", "neighbours", "work"};
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network *net = NULL;
	uint64_t seed = 7;
	uint32_t i;

	o.allocator = &ta->allocator;
	assert_int_equal(socialcap_network_new(&net, &o), 0);
	assert_int_equal(socialcap_network_set_sector(net, NULL, "youth work", 1, 0.6), 0);
	assert_int_equal(socialcap_network_set_sector(net, NULL, "police", 2, 0.8), 0);
	for (i = 0; i < ACTORS; i++) {
		char id[16], nbh[16];
		uint32_t s = (uint32_t)(lcg(&seed) % 6);

		snprintf(id, sizeof(id), "a%u", i);
		snprintf(nbh, sizeof(nbh), "B%u", i % 6);
		assert_int_equal(socialcap_network_add_actor(
					 net, NULL, id,
					 s >= 4 ? SOCIALCAP_PROFESSIONAL : SOCIALCAP_RESIDENT,
					 sectors[s], nbh, (double)(lcg(&seed) % 100) / 100.0,
					 NULL, 0),
				 0);
	}
	for (i = 0; i < TIES; i++) {
		uint32_t a = (uint32_t)(lcg(&seed) % ACTORS), b;
		double w = 0.05 + (double)(lcg(&seed) % 40) / 10.0;

		do
			b = (uint32_t)(lcg(&seed) % (lcg(&seed) % 4 ? 12u : ACTORS));
		while (b == a);
		/* mostly local: b near a */
		if (b < 12)
			b = (a + b + 1) % ACTORS;
		assert_int_equal(socialcap_network_add_tie(net, NULL, a, b, layers[i % 3], w,
							   i == 0 ? first_since
								  : SOCIALCAP_TIME_NONE),
				 0);
	}
	return net;
}

static socialcap_results *table(const socialcap_network *net, test_alloc *ta, int kind,
				size_t *calls)
{
	socialcap_snapshot_options so = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_areas_options ao = SOCIALCAP_AREAS_OPTIONS_INIT;
	socialcap_snapshot *snap = NULL;
	socialcap_results *r = NULL;
	size_t before;

	so.time = T_NOW;
	so.theta = 0.5; /* some pairs are dropped: the threshold counts too */
	assert_int_equal(socialcap_snapshot_build(&snap, (socialcap_network *)net, &so), 0);
	ao.areas = kind;
	ao.min_cell = 0;
	before = ta->calls;
	assert_int_equal(socialcap_areas_compute(&r, snap, &ao), 0);
	*calls = ta->calls - before;
	socialcap_snapshot_free(snap);
	return r;
}

static void same_tables(const socialcap_results *x, const socialcap_results *y)
{
	uint32_t rows = socialcap_results_row_count(x), c;

	assert_int_equal(rows, socialcap_results_row_count(y));
	assert_int_equal(socialcap_results_column_count(x), SOCIALCAP_AREA_COLUMN_COUNT);
	for (c = 0; c < SOCIALCAP_AREA_COLUMN_COUNT; c++) {
		const double *a = socialcap_results_column(x, c);
		const double *b = socialcap_results_column(y, c);

		assert_non_null(a);
		assert_non_null(b);
		if (memcmp(a, b, rows * sizeof(*a)) != 0)
			fail_msg("column %s differs", socialcap_results_column_name(x, c));
	}
}

static void check_kind(int kind)
{
	test_alloc ta_plain, ta_timed;
	socialcap_network *plain, *timed;
	socialcap_results *r_plain, *r_timed;
	size_t calls_plain, calls_timed;
	uint32_t r, grown = 0;

	test_alloc_init(&ta_plain, 0, 0);
	test_alloc_init(&ta_timed, 0, 0);
	plain = make_net(&ta_plain, SOCIALCAP_TIME_NONE);
	timed = make_net(&ta_timed, 1000);
	r_plain = table(plain, &ta_plain, kind, &calls_plain);
	r_timed = table(timed, &ta_timed, kind, &calls_timed);
	same_tables(r_plain, r_timed);
	/* the growth columns are filled (no growth: the same graph) */
	for (r = 0; r < socialcap_results_row_count(r_plain); r++) {
		double stock = socialcap_results_get(r_plain, r,
						     (uint32_t)SOCIALCAP_AREA_RELATIONAL_STOCK);
		double fund = socialcap_results_get(r_plain, r,
						    (uint32_t)SOCIALCAP_AREA_GROWTH_FUND);

		if (isnan(stock) || !isnan(fund))
			fail_msg("row %u: stock %g, growth fund %g", (unsigned)r, stock, fund);
		grown += stock > 0;
	}
	assert_true(grown > 0);
	/* no second snapshot: several allocations fewer */
	assert_true(calls_plain + 5 < calls_timed);
	socialcap_results_free(r_plain);
	socialcap_results_free(r_timed);
	socialcap_network_free(plain);
	socialcap_network_free(timed);
	assert_int_equal(ta_plain.live, 0);
	assert_int_equal(ta_timed.live, 0);
}

static void test_neighbourhoods(void **state)
{
	(void)state;
	check_kind(SOCIALCAP_AREAS_NEIGHBOURHOODS);
}

static void test_sectors(void **state)
{
	(void)state;
	check_kind(SOCIALCAP_AREAS_SECTORS);
}

/* A t so early that t - window overflows is still an error. */
static void test_window_before_time(void **state)
{
	socialcap_snapshot_options so = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_areas_options ao = SOCIALCAP_AREAS_OPTIONS_INIT;
	socialcap_snapshot *snap = NULL;
	socialcap_results *r = NULL;
	test_alloc ta;
	socialcap_network *net;

	(void)state;
	test_alloc_init(&ta, 0, 0);
	net = make_net(&ta, SOCIALCAP_TIME_NONE);
	so.time = INT64_MIN + 10;
	assert_int_equal(socialcap_snapshot_build(&snap, net, &so), 0);
	assert_int_equal(socialcap_areas_compute(&r, snap, &ao), SOCIALCAP_EINVAL);
	assert_null(r);
	socialcap_snapshot_free(snap);
	socialcap_network_free(net);
	assert_int_equal(ta.live, 0);
}

static int timeless_at_build(socialcap_network *net)
{
	socialcap_snapshot_options so = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_snapshot *snap = NULL;
	int timeless;

	so.time = T_NOW;
	assert_int_equal(socialcap_snapshot_build(&snap, net, &so), 0);
	timeless = socialcap_snapshot_timeless(snap);
	/* the network's answer before a build is the snapshot's after it */
	assert_int_equal(socialcap_network_timeless(net), timeless);
	socialcap_snapshot_free(snap);
	return timeless;
}

/* Build owning the network, which then answers through the snapshot:
 * the answer asked of the network before, which is returned. */
static int timeless_taken(socialcap_network *net)
{
	socialcap_snapshot_options so = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_snapshot *snap = NULL;
	int before = socialcap_network_timeless(net);

	so.time = T_NOW;
	assert_int_equal(socialcap_snapshot_build_owning(&snap, net, &so), 0);
	assert_int_equal(socialcap_snapshot_timeless(snap), before);
	assert_int_equal(socialcap_network_timeless(socialcap_snapshot_network(snap)), before);
	socialcap_snapshot_free(snap);
	return before;
}

/* socialcap_snapshot_timeless(): yes without timed records, no with a tie
 * time, a contact, an event or an actor added after the build; still yes
 * once the snapshot owns the network. socialcap_network_timeless() gives
 * the same answer before the build, also when the build takes the network
 * over. */
static void test_timeless_predicate(void **state)
{
	socialcap_snapshot_options so = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_contact contact = {T_NOW - 10, 0, 1, SOCIALCAP_PHYSICAL, 1.0, 0.0};
	socialcap_event event = {"e1", T_NOW - 10, "B0", "clean-up",
				 SOCIALCAP_PHYSICAL, 0.0};
	socialcap_attendance who[2] = {{0, SOCIALCAP_ORGANISER}, {1, SOCIALCAP_PARTICIPANT}};
	socialcap_snapshot *snap = NULL;
	socialcap_network *net;
	test_alloc ta;
	uint32_t added;

	(void)state;
	test_alloc_init(&ta, 0, 0);
	assert_int_equal(socialcap_snapshot_timeless(NULL), 0);
	assert_int_equal(socialcap_network_timeless(NULL), 0);

	net = make_net(&ta, SOCIALCAP_TIME_NONE);
	assert_int_equal(timeless_at_build(net), 1);
	so.time = T_NOW;
	assert_int_equal(socialcap_snapshot_build(&snap, net, &so), 0);
	assert_int_equal(socialcap_snapshot_timeless(snap), 1);
	assert_int_equal(socialcap_network_add_actor(net, &added, "late", SOCIALCAP_RESIDENT,
						     "residents", "B0", NAN, NULL, 0),
			 0);
	assert_int_equal(socialcap_snapshot_timeless(snap), 0); /* one actor more */
	socialcap_snapshot_free(snap);
	snap = NULL;
	assert_int_equal(timeless_at_build(net), 1);
	assert_int_equal(socialcap_network_record_contact(net, NULL, &contact), 0);
	assert_int_equal(timeless_at_build(net), 0);
	socialcap_network_free(net);

	net = make_net(&ta, SOCIALCAP_TIME_NONE);
	assert_int_equal(socialcap_network_record_event(net, NULL, &event, who, 2), 0);
	assert_int_equal(timeless_at_build(net), 0);
	socialcap_network_free(net);

	net = make_net(&ta, 1000);
	assert_int_equal(timeless_at_build(net), 0);
	socialcap_network_free(net);

	/* handed over: the ties are gone, the answer stays */
	net = make_net(&ta, SOCIALCAP_TIME_NONE);
	assert_int_equal(socialcap_snapshot_build(&snap, net, &so), 0);
	assert_int_equal(socialcap_snapshot_own_network(snap, net), 0);
	assert_int_equal(socialcap_snapshot_timeless(snap), 1);
	socialcap_snapshot_free(snap);
	net = make_net(&ta, 1000);
	assert_int_equal(socialcap_snapshot_build(&snap, net, &so), 0);
	assert_int_equal(socialcap_snapshot_own_network(snap, net), 0);
	assert_int_equal(socialcap_snapshot_timeless(snap), 0);
	socialcap_snapshot_free(snap);

	/* taken over during the build: the network's answer before it */
	assert_int_equal(timeless_taken(make_net(&ta, SOCIALCAP_TIME_NONE)), 1);
	assert_int_equal(timeless_taken(make_net(&ta, 1000)), 0);
	net = make_net(&ta, SOCIALCAP_TIME_NONE);
	assert_int_equal(socialcap_network_record_contact(net, NULL, &contact), 0);
	assert_int_equal(timeless_taken(net), 0);
	assert_int_equal(ta.live, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_neighbourhoods),
		cmocka_unit_test(test_sectors),
		cmocka_unit_test(test_window_before_time),
		cmocka_unit_test(test_timeless_predicate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
