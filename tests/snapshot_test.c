/* Snapshot building: decay, Newman event weights, thresholds, CSR form. */
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

/* cmocka 1.1 has no double comparison: |got - want| <= tol. */
#define assert_near(got, want, tol) check_near((got), (want), (tol), __FILE__, __LINE__)

static void check_near(double got, double want, double tol, const char *file, int line)
{
	if (!(fabs(got - want) <= tol)) {
		print_error("%s:%d: got %.17g, want %.17g (tol %g)\n", file, line, got,
			    want, tol);
		_fail(file, line);
	}
}

static socialcap_network *new_net(const socialcap_allocator *alloc)
{
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network *net = NULL;

	o.allocator = alloc;
	assert_int_equal(socialcap_network_new(&net, &o), 0);
	return net;
}

static uint32_t add(socialcap_network *net, const char *id, const char *sector)
{
	uint32_t v;

	assert_int_equal(socialcap_network_add_actor(net, &v, id, SOCIALCAP_RESIDENT,
						     sector, "N1", NAN, NULL, 0),
			 0);
	return v;
}

static void event(socialcap_network *net, const char *id, int64_t t,
		  const uint32_t *who, const int32_t *roles, size_t d)
{
	socialcap_event e = {id, t, "N1", "meeting", SOCIALCAP_PHYSICAL, 0.0};
	socialcap_attendance att[64];
	size_t i;

	for (i = 0; i < d; i++) {
		att[i].actor = who[i];
		att[i].role = roles != NULL ? roles[i] : SOCIALCAP_PARTICIPANT;
	}
	assert_int_equal(socialcap_network_record_event(net, NULL, &e, att, d), 0);
}

static void contact(socialcap_network *net, int64_t t, uint32_t a, uint32_t b,
		    int channel, double w)
{
	socialcap_contact c = {t, a, b, channel, w, 0.0};

	assert_int_equal(socialcap_network_record_contact(net, NULL, &c), 0);
}

/* The graph is symmetric, sorted, and its strengths match the getter. */
static void check_csr(const socialcap_snapshot *s)
{
	uint32_t n = socialcap_snapshot_actor_count(s), v, k;
	uint64_t half = 0;

	for (v = 0; v < n; v++) {
		const uint32_t *nb;
		const double *w;
		uint32_t deg;

		assert_int_equal(socialcap_snapshot_neighbours(s, v, &nb, &w, &deg), 0);
		half += deg;
		for (k = 0; k < deg; k++) {
			assert_true(nb[k] != v);
			if (k > 0)
				assert_true(nb[k - 1] < nb[k]);
			assert_true(socialcap_snapshot_weight(s, nb[k], v) == w[k]);
		}
	}
	assert_true(half == 2 * socialcap_snapshot_tie_count(s));
}

/* G8: e1 = {a,b,c}, e2 = {a,b}, e3 = {d}: w_ab 1.5, w_ac = w_bc = 0.5. */
static void test_g8_newman_projection(void **state)
{
	socialcap_snapshot_options o = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_network *net = new_net(NULL);
	socialcap_snapshot *s = NULL;
	uint32_t a = add(net, "a", "res"), b = add(net, "b", "res");
	uint32_t c = add(net, "c", "res"), d = add(net, "d", "res");
	const uint32_t e1[] = {a, b, c}, e2[] = {a, b}, e3[] = {d};

	(void)state;
	event(net, "e1", 10 * DAY, e1, NULL, 3);
	event(net, "e2", 10 * DAY, e2, NULL, 2);
	event(net, "e3", 10 * DAY, e3, NULL, 1);
	o.time = 10 * DAY;
	assert_int_equal(socialcap_snapshot_build(&s, net, &o), 0);
	assert_int_equal(socialcap_snapshot_actor_count(s), 4);
	assert_int_equal(socialcap_snapshot_tie_count(s), 3);
	assert_near(socialcap_snapshot_weight(s, a, b), 1.5, 1e-12);
	assert_near(socialcap_snapshot_weight(s, b, a), 1.5, 1e-12);
	assert_near(socialcap_snapshot_weight(s, a, c), 0.5, 1e-12);
	assert_near(socialcap_snapshot_weight(s, b, c), 0.5, 1e-12);
	assert_int_equal(socialcap_snapshot_degree(s, d), 0);
	check_csr(s);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* T1: h = 90 d; (day 0, 1), (day 30, 1), (day 200, 2); s(day 365) = 0.697140. */
static void test_t1_decay(void **state)
{
	socialcap_snapshot_options o = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_network *net = new_net(NULL);
	socialcap_snapshot *s = NULL;
	uint32_t x = add(net, "x", "res"), y = add(net, "y", "res");
	const double expect = exp2(-365.0 / 90) + exp2(-335.0 / 90) + 2 * exp2(-165.0 / 90);

	(void)state;
	contact(net, 0, x, y, SOCIALCAP_DIGITAL, 1);
	contact(net, 30 * DAY, y, x, SOCIALCAP_DIGITAL, 1);
	contact(net, 200 * DAY, x, y, SOCIALCAP_DIGITAL, 2);
	contact(net, 400 * DAY, x, y, SOCIALCAP_DIGITAL, 5); /* after t: left out */
	o.time = 365 * DAY;
	assert_int_equal(socialcap_snapshot_build(&s, net, &o), 0);
	assert_near(socialcap_snapshot_weight(s, x, y), 0.697140, 5e-7);
	assert_near(socialcap_snapshot_weight(s, x, y), expect, 1e-12);
	socialcap_snapshot_free(s);

	/* the same on the physical channel needs its half-life set to 90 d */
	o.half_life_digital = 180 * DAY;
	o.half_life_physical = 90 * DAY;
	assert_int_equal(socialcap_snapshot_build(&s, net, &o), 0);
	assert_true(socialcap_snapshot_weight(s, x, y) > expect + 0.1);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* Declared ties: no decay by default, a layer half-life decays from since,
 * ties beginning after t are left out, and theta drops weak pairs. */
static void test_declared_ties(void **state)
{
	socialcap_snapshot_options o = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_network *net = new_net(NULL);
	socialcap_snapshot *s = NULL;
	uint32_t a = add(net, "a", "res"), b = add(net, "b", "res");
	uint32_t c = add(net, "c", "res"), d = add(net, "d", "res");
	int64_t halves[3] = {0, 0, 0};
	uint32_t work;

	(void)state;
	assert_int_equal(socialcap_network_add_tie(net, NULL, a, b, "family", 2.0, 0), 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, b, c, "neighbours", 1.0,
						   100 * DAY), 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, c, d, "work", 0.05,
						   SOCIALCAP_TIME_NONE), 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, a, d, "work", 1.0,
						   500 * DAY), 0);
	assert_int_equal(socialcap_network_find_layer(net, &work, "work"), 0);
	o.time = 200 * DAY;
	assert_int_equal(socialcap_snapshot_build(&s, net, &o), 0);
	assert_near(socialcap_snapshot_weight(s, a, b), 2.0, 0);
	assert_near(socialcap_snapshot_weight(s, b, c), 1.0, 0);
	assert_near(socialcap_snapshot_weight(s, c, d), 0.0, 0); /* < theta */
	assert_near(socialcap_snapshot_weight(s, a, d), 0.0, 0); /* since > t */
	assert_int_equal(socialcap_snapshot_tie_count(s), 2);
	socialcap_snapshot_free(s);

	halves[SOCIALCAP_LAYER_NEIGHBOURS] = 50 * DAY;
	o.layer_half_lives = halves;
	o.layer_half_life_count = 3;
	o.theta = 0;
	assert_int_equal(socialcap_snapshot_build(&s, net, &o), 0);
	halves[SOCIALCAP_LAYER_NEIGHBOURS] = 1; /* the snapshot has its own copy */
	assert_near(socialcap_snapshot_weight(s, b, c), 0.25, 1e-15);
	assert_near(socialcap_snapshot_weight(s, a, b), 2.0, 0);
	assert_near(socialcap_snapshot_weight(s, c, d), 0.05, 0);
	{
		socialcap_snapshot_options echo;

		assert_int_equal(socialcap_snapshot_options_get(s, &echo), 0);
		assert_int_equal(echo.layer_half_life_count, 3);
		assert_true(echo.layer_half_lives[SOCIALCAP_LAYER_NEIGHBOURS] == 50 * DAY);
		assert_true(echo.time == 200 * DAY);
		assert_near(echo.theta, 0, 0);
	}
	check_csr(s);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* Events above max_clique_event link organisers to attendees only;
 * a pair of organisers is linked once. */
static void test_large_event(void **state)
{
	socialcap_snapshot_options o = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_network *net = new_net(NULL);
	socialcap_snapshot *s = NULL;
	uint32_t v[5];
	const int32_t roles[5] = {SOCIALCAP_PARTICIPANT, SOCIALCAP_ORGANISER,
				  SOCIALCAP_PARTICIPANT, SOCIALCAP_ORGANISER,
				  SOCIALCAP_PARTICIPANT};
	char id[8];
	int i;

	(void)state;
	for (i = 0; i < 5; i++) {
		snprintf(id, sizeof(id), "v%d", i);
		v[i] = add(net, id, "res");
	}
	event(net, "big", 0, v, roles, 5);
	o.time = 0;
	o.max_clique_event = 4;
	assert_int_equal(socialcap_snapshot_build(&s, net, &o), 0);
	/* organisers 1 and 3: 1-0, 1-2, 1-3, 1-4, 3-0, 3-2, 3-4 */
	assert_int_equal(socialcap_snapshot_tie_count(s), 7);
	assert_near(socialcap_snapshot_weight(s, v[1], v[3]), 0.25, 1e-15);
	assert_near(socialcap_snapshot_weight(s, v[0], v[3]), 0.25, 1e-15);
	assert_near(socialcap_snapshot_weight(s, v[0], v[2]), 0.0, 0);
	check_csr(s);
	socialcap_snapshot_free(s);

	o.max_clique_event = 5; /* now a clique: 10 pairs */
	assert_int_equal(socialcap_snapshot_build(&s, net, &o), 0);
	assert_int_equal(socialcap_snapshot_tie_count(s), 10);
	assert_near(socialcap_snapshot_weight(s, v[0], v[2]), 0.25, 1e-15);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* Contributions of every source add up; records after t are left out;
 * the default time is the latest record. */
static void test_sum_and_default_time(void **state)
{
	socialcap_snapshot *s = NULL;
	socialcap_network *net = new_net(NULL);
	uint32_t a = add(net, "a", "res"), b = add(net, "b", "res");
	const uint32_t pair[] = {a, b};

	(void)state;
	assert_int_equal(socialcap_network_add_tie(net, NULL, a, b, "family", 1.0,
						   SOCIALCAP_TIME_NONE), 0);
	contact(net, 10 * DAY, a, b, SOCIALCAP_PHYSICAL, 3.0);
	event(net, "e", 10 * DAY + 180 * DAY, pair, NULL, 2);
	assert_int_equal(socialcap_snapshot_build(&s, net, NULL), 0);
	assert_true(socialcap_snapshot_time(s) == 190 * DAY);
	assert_near(socialcap_snapshot_weight(s, a, b), 1.0 + 1.5 + 1.0, 1e-12);
	assert_true(socialcap_snapshot_network(s) == net);
	assert_true(socialcap_snapshot_memory(s) > 0);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

static void test_empty_and_errors(void **state)
{
	socialcap_snapshot_options o = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_network *net = new_net(NULL);
	socialcap_snapshot *s = NULL;
	const uint32_t *nb;
	uint32_t deg;

	(void)state;
	assert_int_equal(socialcap_snapshot_build(&s, net, NULL), 0);
	assert_int_equal(socialcap_snapshot_actor_count(s), 0);
	assert_int_equal(socialcap_snapshot_tie_count(s), 0);
	assert_true(socialcap_snapshot_time(s) == 0);
	assert_int_equal(socialcap_snapshot_neighbours(s, 0, &nb, NULL, &deg),
			 SOCIALCAP_ENOTFOUND);
	socialcap_snapshot_free(s);
	socialcap_snapshot_free(NULL);

	assert_int_equal(socialcap_snapshot_build(NULL, net, NULL), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_snapshot_build(&s, NULL, NULL), SOCIALCAP_EINVAL);
	o.theta = -1;
	assert_int_equal(socialcap_snapshot_build(&s, net, &o), SOCIALCAP_EINVAL);
	assert_non_null(strstr(socialcap_network_errmsg(net), "theta"));
	assert_null(s);
	o.theta = NAN;
	assert_int_equal(socialcap_snapshot_build(&s, net, &o), SOCIALCAP_EINVAL);
	o.theta = 0.1;
	o.max_clique_event = 1;
	assert_int_equal(socialcap_snapshot_build(&s, net, &o), SOCIALCAP_EINVAL);
	o.max_clique_event = 50;
	o.half_life_event = -1;
	assert_int_equal(socialcap_snapshot_build(&s, net, &o), SOCIALCAP_EINVAL);
	o.half_life_event = 0;
	o.layer_half_life_count = 2;
	assert_int_equal(socialcap_snapshot_build(&s, net, &o), SOCIALCAP_EINVAL);
	o.layer_half_life_count = 0;
	o.version = 99;
	assert_int_equal(socialcap_snapshot_build(&s, net, &o), SOCIALCAP_EVERSION);
	assert_int_equal(socialcap_snapshot_options_init(&o, 99), SOCIALCAP_EVERSION);
	assert_int_equal(socialcap_snapshot_options_init(NULL, 1), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_snapshot_options_init(&o, SOCIALCAP_SNAPSHOT_OPTIONS_VERSION), 0);
	assert_near(o.theta, 0.1, 0);
	assert_int_equal(o.max_clique_event, 50);
	socialcap_network_free(net);
}

/* A pseudo-random network whose pairs are entered in scrambled order: the
 * bucket sort must produce the same graph as the order-free definition. */
static void test_many_pairs_any_order(void **state)
{
	socialcap_snapshot_options o = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_network *net = new_net(NULL);
	socialcap_snapshot *s = NULL;
	static double expect[40][40];
	uint64_t x = 12345;
	char id[8];
	int i, a, b;

	(void)state;
	memset(expect, 0, sizeof(expect));
	for (i = 0; i < 40; i++) {
		snprintf(id, sizeof(id), "p%d", i);
		add(net, id, "res");
	}
	for (i = 0; i < 2000; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		a = (int)((x >> 33) % 40);
		b = (int)((x >> 13) % 40);
		if (a == b)
			continue;
		contact(net, 0, (uint32_t)a, (uint32_t)b, SOCIALCAP_PHYSICAL, 0.25);
		expect[a][b] += 0.25;
		expect[b][a] += 0.25;
	}
	o.time = 0;
	assert_int_equal(socialcap_snapshot_build(&s, net, &o), 0);
	for (a = 0; a < 40; a++)
		for (b = 0; b < 40; b++)
			assert_near(socialcap_snapshot_weight(s, (uint32_t)a,
								      (uint32_t)b),
					    expect[a][b], 1e-9);
	check_csr(s);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* Enough actors for the two-pass bucket sort (more than 4096), pairs
 * entered in scrambled order, some from both ends. */
static void test_many_actors_two_pass_sort(void **state)
{
	enum { N = 10007, SPAN = 3 };
	socialcap_snapshot_options o = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_network *net = new_net(NULL);
	socialcap_snapshot *s = NULL;
	static double expect[N][SPAN + 1];
	uint64_t x = 99;
	char id[16];
	int i;
	uint32_t a, d;

	(void)state;
	memset(expect, 0, sizeof(expect));
	for (i = 0; i < N; i++) {
		snprintf(id, sizeof(id), "q%d", i);
		add(net, id, "res");
	}
	for (i = 0; i < 6 * N; i++) {
		uint32_t b;

		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		a = (uint32_t)((x >> 33) % N);
		d = 1 + (uint32_t)((x >> 20) % SPAN);
		b = (a + d) % N;
		if (x & 0x10000)
			contact(net, 0, a, b, SOCIALCAP_PHYSICAL, 0.25);
		else
			contact(net, 0, b, a, SOCIALCAP_PHYSICAL, 0.25);
		expect[a][d] += 0.25;
	}
	o.time = 0;
	assert_int_equal(socialcap_snapshot_build(&s, net, &o), 0);
	for (a = 0; a < N; a++)
		for (d = 1; d <= SPAN; d++)
			assert_near(socialcap_snapshot_weight(s, a, (a + d) % N),
				    expect[a][d] >= 0.1 ? expect[a][d] : 0.0, 1e-12);
	check_csr(s);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* Ages and windows on the extremes of int64_t time do not overflow. */
static void test_extreme_times(void **state)
{
	socialcap_snapshot_options o = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_network *net = new_net(NULL);
	socialcap_snapshot *s = NULL;
	socialcap_results *r = NULL;
	uint32_t a = add(net, "a", "res"), b = add(net, "b", "res");
	const uint32_t both[] = {a, b};

	(void)state;
	contact(net, INT64_MIN + 1, a, b, SOCIALCAP_PHYSICAL, 1);
	event(net, "old", INT64_MIN + 1, both, NULL, 2);
	o.time = INT64_MAX;
	assert_int_equal(socialcap_snapshot_build(&s, net, &o), 0);
	assert_int_equal(socialcap_snapshot_tie_count(s), 0); /* decayed to 0 */
	socialcap_snapshot_free(s);
	o.time = INT64_MIN + 2;
	assert_int_equal(socialcap_snapshot_build(&s, net, &o), 0);
	assert_int_equal(socialcap_snapshot_tie_count(s), 1);
	assert_int_equal(socialcap_indicators_actors(&r, s, NULL, NULL), 0);
	assert_near(socialcap_results_get(r, a, SOCIALCAP_ACTOR_EVENTS_ATTENDED), 1, 0);
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* Fail the k-th allocation for k = 1, 2, ... until the build succeeds. */
static void test_allocation_failures(void **state)
{
	test_alloc ta;
	socialcap_network *net;
	socialcap_snapshot_options o = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	const int64_t halves[2] = {DAY, DAY};
	uint32_t a, b, c;
	size_t k, before;

	(void)state;
	test_alloc_init(&ta, 0, 0);
	net = new_net(&ta.allocator);
	a = add(net, "a", "res");
	b = add(net, "b", "pol");
	c = add(net, "c", "res");
	{
		const uint32_t e[] = {a, b, c};

		event(net, "e", 5, e, NULL, 3);
	}
	contact(net, 1, a, b, SOCIALCAP_PHYSICAL, 1);
	assert_int_equal(socialcap_network_add_tie(net, NULL, a, c, "family", 1, 0), 0);
	o.layer_half_lives = halves;
	o.layer_half_life_count = 2;
	before = socialcap_network_memory(net);
	for (k = 1;; k++) {
		socialcap_snapshot *s = (socialcap_snapshot *)&ta;
		long live = ta.live;
		int rc;

		ta.fail_at = ta.calls + k;
		rc = socialcap_snapshot_build(&s, net, &o);
		ta.fail_at = 0;
		if (rc == 0) {
			assert_int_equal(socialcap_snapshot_tie_count(s), 3);
			socialcap_snapshot_free(s);
			assert_int_equal(ta.live, live);
			break;
		}
		assert_int_equal(rc, SOCIALCAP_ENOMEM);
		assert_null(s);
		assert_int_equal(ta.live, live);
		assert_int_equal(socialcap_network_memory(net), before);
		assert_true(k < 100);
	}
	assert_true(k > 5);
	socialcap_network_free(net);
	assert_int_equal(ta.live, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_g8_newman_projection),
		cmocka_unit_test(test_t1_decay),
		cmocka_unit_test(test_declared_ties),
		cmocka_unit_test(test_large_event),
		cmocka_unit_test(test_sum_and_default_time),
		cmocka_unit_test(test_empty_and_errors),
		cmocka_unit_test(test_many_pairs_any_order),
		cmocka_unit_test(test_many_actors_two_pass_sort),
		cmocka_unit_test(test_extreme_times),
		cmocka_unit_test(test_allocation_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
