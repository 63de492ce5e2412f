/* Per-actor and network-wide indicators on the fixtures of INDICATORS.md. */
#include <math.h>
#include <pthread.h>
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

#define assert_near(got, want, tol) check_near((got), (want), (tol), __FILE__, __LINE__)
#define assert_nan(got) check_nan((got), __FILE__, __LINE__)

static void check_near(double got, double want, double tol, const char *file, int line)
{
	if (!(fabs(got - want) <= tol)) {
		print_error("%s:%d: got %.17g, want %.17g (tol %g)\n", file, line, got,
			    want, tol);
		_fail(file, line);
	}
}

static void check_nan(double got, const char *file, int line)
{
	if (!isnan(got)) {
		print_error("%s:%d: got %.17g, want NaN\n", file, line, got);
		_fail(file, line);
	}
}

typedef struct edge {
	uint32_t a, b;
	double w;
} edge;

/* A network of @p n actors "0", "1", ... in @p sectors (NULL: all "res")
 * with declared ties @p edges; its snapshot (default options). */
static socialcap_snapshot *make(socialcap_network **netp, const socialcap_allocator *al,
				uint32_t n, const char *const *sectors,
				const edge *edges, size_t count)
{
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_snapshot *s = NULL;
	socialcap_network *net = NULL;
	char id[16];
	uint32_t v;
	size_t i;

	o.allocator = al;
	assert_int_equal(socialcap_network_new(&net, &o), 0);
	assert_int_equal(socialcap_network_set_sector(net, NULL, "police", 2, 8.0), 0);
	assert_int_equal(socialcap_network_set_sector(net, NULL, "youth", 1, 5.0), 0);
	for (v = 0; v < n; v++) {
		snprintf(id, sizeof(id), "%u", (unsigned)v);
		assert_int_equal(socialcap_network_add_actor(
					 net, NULL, id, SOCIALCAP_RESIDENT,
					 sectors != NULL ? sectors[v] : "res", "N1",
					 NAN, NULL, 0),
				 0);
	}
	for (i = 0; i < count; i++)
		assert_int_equal(socialcap_network_add_tie(net, NULL, edges[i].a, edges[i].b,
							   "neighbours", edges[i].w,
							   SOCIALCAP_TIME_NONE),
				 0);
	assert_int_equal(socialcap_snapshot_build(&s, net, NULL), 0);
	*netp = net;
	return s;
}

static socialcap_results *actors(const socialcap_snapshot *s)
{
	socialcap_results *r = NULL;

	assert_int_equal(socialcap_indicators_actors(&r, s, NULL, NULL), 0);
	return r;
}

#define GET(r, v, col) socialcap_results_get((r), (v), SOCIALCAP_ACTOR_##col)

static const edge g1[] = {{0, 1, 1}, {0, 2, 1}, {1, 2, 1}, {2, 3, 1}};

static void test_g1(void **state)
{
	socialcap_network *net;
	socialcap_snapshot *s = make(&net, NULL, 5, NULL, g1, 4);
	socialcap_results *r = actors(s), *nw = NULL;
	const double cc[] = {1, 1, 1.0 / 3, NAN, NAN};
	const double con[] = {1.006944, 1.006944, 0.611111, 1, NAN};
	const double es[] = {1, 1, 2.333333, 1, NAN};
	/* hierarchy by hand: node 0: c = 4/9, 9/16; node 2: c = 1/4, 1/4, 1/9 */
	const double c0[2] = {4.0 / 9, 9.0 / 16}, c2[3] = {0.25, 0.25, 1.0 / 9};
	double h0 = 0, h2 = 0, C0 = c0[0] + c0[1], C2 = c2[0] + c2[1] + c2[2];
	uint32_t v;

	(void)state;
	for (v = 0; v < 2; v++)
		h0 += c0[v] * 2 / C0 * log(c0[v] * 2 / C0);
	for (v = 0; v < 3; v++)
		h2 += c2[v] * 3 / C2 * log(c2[v] * 3 / C2);
	for (v = 0; v < 5; v++) {
		if (isnan(cc[v]))
			assert_nan(GET(r, v, CLUSTERING));
		else
			assert_near(GET(r, v, CLUSTERING), cc[v], 1e-12);
		if (isnan(con[v])) {
			assert_nan(GET(r, v, CONSTRAINT));
			assert_nan(GET(r, v, EFFECTIVE_SIZE));
			assert_nan(GET(r, v, EFFICIENCY));
		} else {
			assert_near(GET(r, v, CONSTRAINT), con[v], 1e-6);
			assert_near(GET(r, v, EFFECTIVE_SIZE), es[v], 1e-6);
			assert_near(GET(r, v, EFFICIENCY),
				    GET(r, v, EFFECTIVE_SIZE) / GET(r, v, DEGREE), 1e-12);
		}
	}
	assert_near(GET(r, 0, HIERARCHY), h0 / (2 * log(2.0)), 1e-12);
	assert_near(GET(r, 2, HIERARCHY), h2 / (3 * log(3.0)), 1e-12);
	assert_nan(GET(r, 3, HIERARCHY)); /* degree 1 */
	assert_nan(GET(r, 4, HIERARCHY)); /* isolate */
	assert_near(GET(r, 2, DEGREE), 3, 0);
	assert_near(GET(r, 4, DEGREE), 0, 0);
	assert_near(GET(r, 2, BETWEENNESS), 2, 1e-12); /* 0-3 and 1-3 */
	assert_near(GET(r, 0, BETWEENNESS), 0, 0);
	assert_near(GET(r, 4, COMPONENT), 1, 0);
	assert_near(GET(r, 3, COMPONENT), 0, 0);
	/* isolates: shares NaN, extensity 0 */
	assert_nan(GET(r, 4, BONDING));
	assert_near(GET(r, 4, EXTENSITY), 0, 0);
	assert_near(GET(r, 4, STRENGTH), 0, 0);

	assert_int_equal(socialcap_indicators_network(&nw, s, NULL, NULL), 0);
	assert_int_equal(socialcap_results_row_count(nw), 1);
	assert_near(socialcap_results_get(nw, 0, SOCIALCAP_NETWORK_TRANSITIVITY), 0.6, 1e-12);
	assert_near(socialcap_results_get(nw, 0, SOCIALCAP_NETWORK_COMPONENTS), 2, 0);
	assert_near(socialcap_results_get(nw, 0, SOCIALCAP_NETWORK_LARGEST_COMPONENT_SHARE),
		    0.8, 1e-15);
	assert_near(socialcap_results_get(nw, 0, SOCIALCAP_NETWORK_ISOLATES), 1, 0);
	assert_near(socialcap_results_get(nw, 0, SOCIALCAP_NETWORK_TIES), 4, 0);
	/* one sector only: assortativity undefined */
	assert_nan(socialcap_results_get(nw, 0, SOCIALCAP_NETWORK_ASSORTATIVITY));
	assert_string_equal(socialcap_results_row_label(nw, 0), "network");
	socialcap_results_free(nw);
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

static void test_g5_weighted(void **state)
{
	const edge g5[] = {{0, 1, 3}, {0, 2, 1}, {1, 2, 1}, {2, 3, 2}};
	const double con[] = {0.851562, 0.851562, 0.632812, 1};
	const double es[] = {1.541667, 1.541667, 2.5, 1};
	socialcap_network *net;
	socialcap_snapshot *s = make(&net, NULL, 4, NULL, g5, 4);
	socialcap_results *r = actors(s);
	uint32_t v;

	(void)state;
	for (v = 0; v < 4; v++) {
		assert_near(GET(r, v, CONSTRAINT), con[v], 1e-6);
		assert_near(GET(r, v, EFFECTIVE_SIZE), es[v], 1e-6);
	}
	assert_near(GET(r, 2, STRENGTH), 4, 0);
	assert_near(GET(r, 2, CLUSTERING), 1.0 / 3, 1e-15); /* unweighted */
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

static void test_g7_triangle(void **state)
{
	const edge g7[] = {{0, 1, 1}, {1, 2, 1}, {0, 2, 1}};
	socialcap_network *net;
	socialcap_snapshot *s = make(&net, NULL, 3, NULL, g7, 3);
	socialcap_results *r = actors(s);
	uint32_t v;

	(void)state;
	for (v = 0; v < 3; v++) {
		assert_near(GET(r, v, CONSTRAINT), 1.125, 1e-12);
		assert_near(GET(r, v, CLUSTERING), 1, 0);
		assert_near(GET(r, v, HIERARCHY), 0, 1e-15); /* all equal */
		assert_near(GET(r, v, EFFECTIVE_SIZE), 1, 1e-15);
	}
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* G9: groups a,a,a,b,b,b; assortativity 0.657143, Freeman S 0.722222. */
static void test_g9_mixing(void **state)
{
	const edge g9[] = {{0, 1, 1}, {1, 2, 1}, {0, 2, 1}, {3, 4, 1}, {2, 3, 1}, {4, 5, 1}};
	const char *const sec[] = {"a", "a", "a", "b", "b", "b"};
	socialcap_network *net;
	socialcap_snapshot *s = make(&net, NULL, 6, sec, g9, 6);
	socialcap_results *nw = NULL, *r = actors(s);

	(void)state;
	assert_int_equal(socialcap_indicators_network(&nw, s, NULL, NULL), 0);
	assert_near(socialcap_results_get(nw, 0, SOCIALCAP_NETWORK_ASSORTATIVITY),
		    0.657143, 1e-6);
	assert_near(socialcap_results_get(nw, 0, SOCIALCAP_NETWORK_FREEMAN_SEGREGATION),
		    0.722222, 1e-6);
	/* actor 2: ties to 0, 1 (bonding) and 3 (bridging), all tier 0 */
	assert_near(GET(r, 2, BONDING), 2.0 / 3, 1e-15);
	assert_near(GET(r, 2, BRIDGING), 1.0 / 3, 1e-15);
	assert_near(GET(r, 2, LINKING), 0, 0);
	assert_near(GET(r, 2, EXTENSITY), 2, 0);
	socialcap_results_free(nw);
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* G10: triangle 0-1-2 plus path 2-3-4-5: articulation points {2,3,4}. */
static void test_g10_articulation_and_betweenness(void **state)
{
	const edge g10[] = {{0, 1, 1}, {1, 2, 1}, {0, 2, 1}, {2, 3, 1}, {3, 4, 1}, {4, 5, 1}};
	const double ap[] = {0, 0, 1, 1, 1, 0}, bc[] = {0, 0, 6, 6, 4, 0};
	socialcap_network *net;
	socialcap_snapshot *s = make(&net, NULL, 6, NULL, g10, 6);
	socialcap_results *r = actors(s);
	uint32_t v;

	(void)state;
	for (v = 0; v < 6; v++) {
		assert_near(GET(r, v, ARTICULATION_POINT), ap[v], 0);
		assert_near(GET(r, v, BETWEENNESS), bc[v], 1e-12);
	}
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* A path whose consecutive actors lie far apart in index order
 * (position i is actor i * 1013 mod 2600), plus a separate tie and an
 * isolate. The search sorts each BFS level by index, through a bitmap when
 * the level is dense for its span and by qsort when it is sparse, as here
 * when the level's two ends are more than 32 words of 64 actors apart; the
 * level residues wrap around hundreds of times. Position i of the L = 2600
 * path has betweenness i (L - 1 - i), exactly (every count is an integer),
 * and 1 and 3 threads agree to the bit. */
static void test_betweenness_scattered_path(void **state)
{
	enum { L = 2600, N = L + 3 };
	socialcap_indicator_options o = SOCIALCAP_INDICATOR_OPTIONS_INIT;
	static edge e[L];
	socialcap_network *net;
	socialcap_snapshot *s;
	socialcap_results *r1 = NULL, *r3 = NULL;
	uint32_t i;

	(void)state;
	for (i = 0; i + 1 < L; i++) {
		e[i].a = (uint32_t)((uint64_t)i * 1013 % L);
		e[i].b = (uint32_t)((uint64_t)(i + 1) * 1013 % L);
		e[i].w = 1;
	}
	e[L - 1].a = L;
	e[L - 1].b = L + 1;
	e[L - 1].w = 1;
	s = make(&net, NULL, N, NULL, e, L);
	o.families = SOCIALCAP_FAMILY_BETWEENNESS;
	assert_int_equal(socialcap_indicators_actors(&r1, s, &o, NULL), 0);
	o.threads = 3;
	assert_int_equal(socialcap_indicators_actors(&r3, s, &o, NULL), 0);
	for (i = 0; i < L; i++) {
		uint32_t v = (uint32_t)((uint64_t)i * 1013 % L);

		assert_near(GET(r1, v, BETWEENNESS), (double)i * (L - 1 - i), 0);
	}
	for (i = L; i < N; i++)
		assert_near(GET(r1, i, BETWEENNESS), 0, 0);
	for (i = 0; i < N; i++)
		assert_memory_equal(&(double){GET(r1, i, BETWEENNESS)},
				    &(double){GET(r3, i, BETWEENNESS)}, sizeof(double));
	socialcap_results_free(r1);
	socialcap_results_free(r3);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* Results of 1 and 2 threads on the network of @p e, bit for bit equal,
 * returned from the one-thread run. */
static socialcap_results *betweenness_1_and_2(socialcap_network **net, uint32_t n,
					      const edge *e, size_t count,
					      socialcap_snapshot **s)
{
	socialcap_indicator_options o = SOCIALCAP_INDICATOR_OPTIONS_INIT;
	socialcap_results *r1 = NULL, *r2 = NULL;
	uint32_t v;

	*s = make(net, NULL, n, NULL, e, count);
	o.families = SOCIALCAP_FAMILY_BETWEENNESS;
	assert_int_equal(socialcap_indicators_actors(&r1, *s, &o, NULL), 0);
	o.threads = 2;
	assert_int_equal(socialcap_indicators_actors(&r2, *s, &o, NULL), 0);
	for (v = 0; v < n; v++)
		assert_memory_equal(&(double){GET(r1, v, BETWEENNESS)},
				    &(double){GET(r2, v, BETWEENNESS)}, sizeof(double));
	socialcap_results_free(r2);
	return r1;
}

/* A clique of 12 (actors 0-11) with a path 12 - 13 - 14 hung from two of
 * its actors (0 and 1 both tie to 12). From a clique actor the second
 * level (the other clique actors) has far more ties than the actors not yet
 * reached, so the search reaches the third level the other way round: each
 * unreached actor pulls the counts of its neighbours (12 gets two shortest
 * paths, through 0 and through 1). From 14 the last level is the rest of
 * the clique, when no unreached actor has a tie left, so the search stops
 * there and those actors have no successor. Exact values (NetworkX
 * agrees): 0 and 1 each carry half of the 10 x 3 pairs of other clique
 * actors and path actors, 15; 12 lies between 13 or 14 and the 12 clique
 * actors (24), 13 between 14 and the 13 others (13). One and two threads
 * agree to the bit. */
static void test_betweenness_both_ways(void **state)
{
	enum { CLIQUE = 12, N = 15 };
	const double expect[N] = {15, 15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 24, 13, 0};
	edge e[CLIQUE * (CLIQUE - 1) / 2 + 4];
	socialcap_network *net;
	socialcap_snapshot *s;
	socialcap_results *r;
	uint32_t a, b, k = 0;

	(void)state;
	for (a = 0; a < CLIQUE; a++)
		for (b = a + 1; b < CLIQUE; b++)
			e[k++] = (edge){a, b, 1};
	e[k++] = (edge){0, 12, 1};
	e[k++] = (edge){1, 12, 1};
	e[k++] = (edge){12, 13, 1};
	e[k++] = (edge){13, 14, 1};
	r = betweenness_1_and_2(&net, N, e, k, &s);
	for (a = 0; a < N; a++)
		assert_near(GET(r, a, BETWEENNESS), expect[a], 1e-12);
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* The search lists each actor's successors for the dependency pass, except
 * for rows of 255 ties or more and once the list's room (two per actor, at
 * most one per tie) is full; those rows are filtered again instead.
 * - A star of 300 leaves around actor 0, with 301 tied to leaf 1: the hub's
 *   row is too long to list. The hub lies between every two leaves
 *   (C(300, 2)) and between 301 and the 299 other leaves: 45149; leaf 1
 *   between 301 and the 300 others.
 * - A chain of 8 layers of 5 actors, each layer tied to every actor of the
 *   next: 175 ties for 40 actors, so a search from an end lists its first
 *   80 successors and filters the rest. An actor of layer j (1..8) lies on
 *   1/5 of the paths between each pair of layers a < j < b, 5 (j-1)(8-j),
 *   and on the two-step paths between two actors of a neighbouring layer
 *   c, C(5, 2) pairs each split over 5 times the layers next to c (one at
 *   the ends, two inside).
 * NetworkX agrees with both. */
static void test_betweenness_unlisted(void **state)
{
	enum { LEAVES = 300, W = 5, L = 8 };
	static edge e[LEAVES + 1 > (L - 1) * W * W ? LEAVES + 1 : (L - 1) * W * W];
	socialcap_network *net;
	socialcap_snapshot *s;
	socialcap_results *r;
	uint32_t i, j, a, b, k = 0;

	(void)state;
	for (i = 1; i <= LEAVES; i++)
		e[k++] = (edge){0, i, 1};
	e[k++] = (edge){1, LEAVES + 1, 1};
	r = betweenness_1_and_2(&net, LEAVES + 2, e, k, &s);
	assert_near(GET(r, 0, BETWEENNESS), LEAVES * (LEAVES - 1) / 2 + (LEAVES - 1), 1e-9);
	assert_near(GET(r, 1, BETWEENNESS), LEAVES, 1e-9);
	for (i = 2; i <= LEAVES + 1; i++)
		assert_near(GET(r, i, BETWEENNESS), 0, 0);
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);

	k = 0;
	for (j = 0; j + 1 < L; j++)
		for (a = 0; a < W; a++)
			for (b = 0; b < W; b++)
				e[k++] = (edge){j * W + a, (j + 1) * W + b, 1};
	r = betweenness_1_and_2(&net, L * W, e, k, &s);
	for (j = 1; j <= L; j++) {
		const double pairs = W * (W - 1) / 2.0;
		double expect = (double)W * (j - 1) * (L - j);

		if (j > 1)
			expect += pairs / (W * (j - 1 == 1 ? 1.0 : 2.0));
		if (j < L)
			expect += pairs / (W * (j + 1 == L ? 1.0 : 2.0));
		for (a = 0; a < W; a++)
			assert_near(GET(r, (j - 1) * W + a, BETWEENNESS), expect, 1e-9);
	}
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* Tie classes, institution reach, positions, ec and events on one network:
 *   0 res(status .2) - 1 res(.8)          bonding, w 1
 *   0 - 2 shop(.6)                        bridging, w 2
 *   0 - 3 police (tier 2, prestige 8)     linking, w 1
 *   3 - 4 youth (tier 1, prestige 5)      linking
 *   4 - 5 res (status unknown)
 *   6 res, isolate; 7 res - 8 res: no institution reachable */
static void test_classes_reach_positions(void **state)
{
	const edge e[] = {{0, 1, 1}, {0, 2, 2}, {0, 3, 1}, {3, 4, 1}, {4, 5, 1}, {7, 8, 1}};
	const char *const sec[] = {"res", "res", "shop", "police", "youth",
				   "res", "res", "res", "res"};
	socialcap_network *net;
	socialcap_snapshot *s;
	socialcap_results *r;
	uint32_t row;

	(void)state;
	s = make(&net, NULL, 9, sec, e, 6);
	socialcap_snapshot_free(s);
	/* statuses are given at creation only: rebuild with them */
	socialcap_network_free(net);
	{
		socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;
		const double status[] = {0.2, 0.8, 0.6, NAN, NAN, NAN, 0.1, 0.9, 0.3};
		char id[8];
		uint32_t v;
		size_t i;

		assert_int_equal(socialcap_network_new(&net, &o), 0);
		assert_int_equal(socialcap_network_set_sector(net, NULL, "police", 2, 8.0), 0);
		assert_int_equal(socialcap_network_set_sector(net, NULL, "youth", 1, 5.0), 0);
		assert_int_equal(socialcap_network_set_sector(net, NULL, "shop", 0, 3.0), 0);
		for (v = 0; v < 9; v++) {
			snprintf(id, sizeof(id), "a%u", (unsigned)v);
			assert_int_equal(socialcap_network_add_actor(net, NULL, id,
								     SOCIALCAP_RESIDENT, sec[v],
								     "N1", status[v], NULL, 0),
					 0);
		}
		for (i = 0; i < 6; i++)
			assert_int_equal(socialcap_network_add_tie(net, NULL, e[i].a, e[i].b,
								   "work", e[i].w, 0),
					 0);
	}
	assert_int_equal(socialcap_snapshot_build(&s, net, NULL), 0);
	r = actors(s);
	assert_near(GET(r, 0, BONDING), 0.25, 1e-15);
	assert_near(GET(r, 0, BRIDGING), 0.5, 1e-15);
	assert_near(GET(r, 0, LINKING), 0.25, 1e-15);
	assert_near(GET(r, 3, LINKING), 1, 0);      /* tiers 2-0 and 2-1 */
	assert_near(GET(r, 0, HOPS_TO_INSTITUTION), 1, 0);
	assert_near(GET(r, 3, HOPS_TO_INSTITUTION), 0, 0);
	assert_near(GET(r, 1, HOPS_TO_INSTITUTION), 2, 0);
	assert_near(GET(r, 6, HOPS_TO_INSTITUTION), -1, 0); /* isolate */
	assert_near(GET(r, 7, HOPS_TO_INSTITUTION), -1, 0); /* none reachable */
	assert_near(GET(r, 0, INSTITUTIONS_WITHIN_2), 2, 0); /* 3 and 4 */
	assert_near(GET(r, 3, INSTITUTIONS_WITHIN_2), 1, 0); /* 4, not itself */
	assert_near(GET(r, 1, INSTITUTIONS_WITHIN_2), 1, 0); /* 3 */
	assert_near(GET(r, 5, INSTITUTIONS_WITHIN_2), 2, 0); /* 4 and 3 */
	assert_near(GET(r, 7, INSTITUTIONS_WITHIN_2), 0, 0);
	/* positions: 0's alters in res (no prestige), shop 3, police 8 */
	assert_near(GET(r, 0, EXTENSITY), 3, 0);
	assert_near(GET(r, 0, UPPER_REACHABILITY), 8, 0);
	assert_near(GET(r, 0, PRESTIGE_RANGE), 5, 0);
	assert_nan(GET(r, 1, UPPER_REACHABILITY)); /* alter's sector has none */
	assert_nan(GET(r, 1, PRESTIGE_RANGE));
	/* ec: pi_H = 3 of 6 known statuses >= .5 = 0.5 */
	assert_near(GET(r, 0, EC), (2.0 / 2) / 0.5, 1e-15); /* alters 1, 2 known */
	assert_near(GET(r, 1, EC), 0, 0);               /* alter 0 is low */
	assert_nan(GET(r, 3, EC));                       /* own status unknown */
	assert_nan(GET(r, 6, EC));                       /* isolate */
	assert_near(GET(r, 7, EC), 0, 0);
	assert_near(GET(r, 8, EC), 2, 1e-15);
	/* rows by id */
	assert_int_equal(socialcap_results_find_row(r, &row, "a3"), 0);
	assert_int_equal(row, 3);
	assert_string_equal(socialcap_results_row_label(r, 3), "a3");
	assert_int_equal(socialcap_results_find_row(r, &row, "zz"), SOCIALCAP_ENOTFOUND);
	socialcap_results_free(r);

	/* neighbourhood as group attribute: everyone in N1, so no bridging */
	{
		socialcap_indicator_options o = SOCIALCAP_INDICATOR_OPTIONS_INIT;

		o.group_by = SOCIALCAP_GROUP_NEIGHBOURHOOD;
		assert_int_equal(socialcap_indicators_actors(&r, s, &o, NULL), 0);
		assert_near(GET(r, 0, BONDING), 0.75, 1e-15);
		assert_near(GET(r, 0, BRIDGING), 0, 0);
		socialcap_results_free(r);
	}
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

static void test_events_attended(void **state)
{
	socialcap_network *net;
	socialcap_snapshot *s = make(&net, NULL, 2, NULL, NULL, 0);
	socialcap_snapshot_options so = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_indicator_options o = SOCIALCAP_INDICATOR_OPTIONS_INIT;
	const int64_t days[] = {0, 300, 600, 665, 700};
	socialcap_results *r;
	char id[8];
	int i;

	(void)state;
	socialcap_snapshot_free(s);
	for (i = 0; i < 5; i++) {
		socialcap_event ev = {id, days[i] * DAY, "N1", "fair", SOCIALCAP_PHYSICAL, 0};
		socialcap_attendance att = {0, SOCIALCAP_ORGANISER};

		snprintf(id, sizeof(id), "e%d", i);
		assert_int_equal(socialcap_network_record_event(net, NULL, &ev, &att, 1), 0);
	}
	so.time = 665 * DAY;
	assert_int_equal(socialcap_snapshot_build(&s, net, &so), 0);
	r = actors(s);
	/* (300, 665]: days 600 and 665; day 300 is on the open end */
	assert_near(GET(r, 0, EVENTS_ATTENDED), 2, 0);
	assert_near(GET(r, 1, EVENTS_ATTENDED), 0, 0);
	socialcap_results_free(r);
	o.event_window = 1000 * DAY;
	assert_int_equal(socialcap_indicators_actors(&r, s, &o, NULL), 0);
	assert_near(GET(r, 0, EVENTS_ATTENDED), 4, 0);
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* A pseudo-random network of @p n actors and about @p ties ties. */
static socialcap_snapshot *random_net(socialcap_network **net, uint32_t n, size_t ties,
				      uint64_t seed)
{
	static edge e[4000];
	static const char *sec[400];
	static const char *const names[] = {"res", "res", "shop", "police", "youth"};
	uint64_t x = seed;
	size_t i, k = 0;

	assert_true(ties <= 4000 && n <= 400);
	for (i = 0; i < n; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		sec[i] = names[(x >> 35) % 5];
	}
	for (i = 0; i < ties; i++) {
		uint32_t a, b;

		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		a = (uint32_t)((x >> 33) % n);
		/* mostly local ties, so there are triangles */
		b = (uint32_t)((a + 1 + (x >> 13) % 6) % n);
		e[k].a = a;
		e[k].b = b;
		e[k].w = 0.5 + (double)((x >> 20) % 8);
		k++;
	}
	return make(net, NULL, n, sec, e, k);
}

static void assert_same_columns(const socialcap_results *a, const socialcap_results *b)
{
	uint32_t c, v;

	assert_int_equal(socialcap_results_row_count(a), socialcap_results_row_count(b));
	for (c = 0; c < socialcap_results_column_count(a); c++)
		for (v = 0; v < socialcap_results_row_count(a); v++) {
			double x = socialcap_results_get(a, v, c);
			double y = socialcap_results_get(b, v, c);

			assert_true((isnan(x) && isnan(y)) || memcmp(&x, &y, sizeof(x)) == 0);
		}
}

static void test_threads_identical(void **state)
{
	socialcap_indicator_options o = SOCIALCAP_INDICATOR_OPTIONS_INIT;
	socialcap_network *net;
	socialcap_snapshot *s = random_net(&net, 300, 1500, 7);
	socialcap_results *one = NULL, *many = NULL;
	unsigned int t;

	(void)state;
	assert_int_equal(socialcap_indicators_actors(&one, s, &o, NULL), 0);
	for (t = 2; t <= 5; t += 3) {
		o.threads = t;
		assert_int_equal(socialcap_indicators_actors(&many, s, &o, NULL), 0);
		assert_same_columns(one, many);
		socialcap_results_free(many);
	}
	/* sampled: same seed, same estimate, whatever the threads */
	o.betweenness_samples = 50;
	o.threads = 1;
	socialcap_results_free(one);
	assert_int_equal(socialcap_indicators_actors(&one, s, &o, NULL), 0);
	o.threads = 3;
	assert_int_equal(socialcap_indicators_actors(&many, s, &o, NULL), 0);
	assert_same_columns(one, many);
	socialcap_results_free(many);
	socialcap_results_free(one);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

typedef struct reader {
	const socialcap_snapshot *s;
	socialcap_results *r;
	int rc;
} reader;

static void *read_snapshot(void *arg)
{
	reader *rd = arg;
	socialcap_indicator_options o = SOCIALCAP_INDICATOR_OPTIONS_INIT;

	o.threads = 2;
	rd->rc = socialcap_indicators_actors(&rd->r, rd->s, &o, NULL);
	return NULL;
}

/* Several threads may compute on one snapshot at once. */
static void test_concurrent_readers(void **state)
{
	socialcap_network *net;
	socialcap_snapshot *s = random_net(&net, 200, 800, 11);
	socialcap_results *ref = actors(s);
	pthread_t th[3];
	reader rd[3];
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		rd[i].s = s;
		rd[i].r = NULL;
		assert_int_equal(pthread_create(&th[i], NULL, read_snapshot, &rd[i]), 0);
	}
	for (i = 0; i < 3; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(rd[i].rc, 0);
		assert_same_columns(ref, rd[i].r);
		socialcap_results_free(rd[i].r);
	}
	socialcap_results_free(ref);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* The sampled estimate is unbiased: averaged over seeds it approaches the
 * exact values; with samples = n it is exact. */
static void test_sampled_betweenness(void **state)
{
	socialcap_indicator_options o = SOCIALCAP_INDICATOR_OPTIONS_INIT;
	socialcap_network *net;
	socialcap_snapshot *s = random_net(&net, 120, 400, 3);
	socialcap_results *exact = NULL, *est = NULL;
	double sum_exact = 0, sum_est = 0;
	uint32_t v, seed;

	(void)state;
	o.families = SOCIALCAP_FAMILY_BETWEENNESS;
	assert_int_equal(socialcap_indicators_actors(&exact, s, &o, NULL), 0);
	assert_nan(GET(exact, 0, DEGREE)); /* family not asked for */
	o.betweenness_samples = 120;
	assert_int_equal(socialcap_indicators_actors(&est, s, &o, NULL), 0);
	for (v = 0; v < 120; v++)
		assert_near(GET(est, v, BETWEENNESS), GET(exact, v, BETWEENNESS),
			    1e-9 * (1 + GET(exact, v, BETWEENNESS)));
	socialcap_results_free(est);
	for (v = 0; v < 120; v++)
		sum_exact += GET(exact, v, BETWEENNESS);
	o.betweenness_samples = 30;
	for (seed = 1; seed <= 20; seed++) {
		o.seed = seed;
		assert_int_equal(socialcap_indicators_actors(&est, s, &o, NULL), 0);
		for (v = 0; v < 120; v++)
			sum_est += GET(est, v, BETWEENNESS);
		socialcap_results_free(est);
	}
	assert_near(sum_est / 20, sum_exact, 0.1 * sum_exact);
	socialcap_results_free(exact);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

static int calls;

static int cancel_at_third(double fraction, void *user)
{
	double *last = user;

	assert_true(fraction >= *last && fraction <= 1);
	*last = fraction;
	return ++calls >= 3;
}

static int count_progress(double fraction, void *user)
{
	double *last = user;

	assert_true(fraction >= *last && fraction <= 1);
	*last = fraction;
	calls++;
	return 0;
}

static void test_progress_and_cancel(void **state)
{
	socialcap_indicator_options o = SOCIALCAP_INDICATOR_OPTIONS_INIT;
	socialcap_network *net;
	socialcap_snapshot *s = random_net(&net, 100, 300, 5);
	socialcap_results *r = (socialcap_results *)&o;
	socialcap_error err;
	double last = 0;

	(void)state;
	o.progress = count_progress;
	o.progress_user = &last;
	calls = 0;
	assert_int_equal(socialcap_indicators_actors(&r, s, &o, NULL), 0);
	assert_true(calls > 10);
	assert_near(last, 1, 1e-12);
	socialcap_results_free(r);

	o.progress = cancel_at_third;
	last = 0;
	calls = 0;
	o.threads = 2;
	assert_int_equal(socialcap_indicators_actors(&r, s, &o, &err), SOCIALCAP_ECANCELED);
	assert_null(r);
	assert_int_equal(err.status, SOCIALCAP_ECANCELED);
	assert_int_equal(calls, 3);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

static void test_results_api(void **state)
{
	socialcap_network *net;
	socialcap_snapshot *s = make(&net, NULL, 5, NULL, g1, 4);
	socialcap_results *r = actors(s);
	uint32_t c, k;
	double x;

	(void)state;
	assert_int_equal(socialcap_results_row_kind(r), SOCIALCAP_ROWS_ACTORS);
	assert_int_equal(socialcap_results_row_count(r), 5);
	assert_int_equal(socialcap_results_column_count(r), SOCIALCAP_ACTOR_COLUMN_COUNT);
	for (c = 0; c < SOCIALCAP_ACTOR_COLUMN_COUNT; c++) {
		assert_string_equal(socialcap_results_column_name(r, c),
				    socialcap_actor_column_name((int)c));
		assert_int_equal(socialcap_results_find_column(
					 r, &k, socialcap_results_column_name(r, c)), 0);
		assert_int_equal(k, c);
	}
	assert_int_equal(socialcap_results_find_column(r, &k, "constraint"), 0);
	assert_int_equal(k, SOCIALCAP_ACTOR_CONSTRAINT);
	assert_int_equal(socialcap_results_find_column(r, &k, "nope"), SOCIALCAP_ENOTFOUND);
	assert_null(socialcap_results_column_name(r, SOCIALCAP_ACTOR_COLUMN_COUNT));
	assert_null(socialcap_actor_column_name(-1));
	assert_int_equal(socialcap_results_value(r, 2, SOCIALCAP_ACTOR_DEGREE, &x), 0);
	assert_near(x, 3, 0);
	assert_int_equal(socialcap_results_value(r, 5, 0, &x), SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_results_value(r, 0, 99, &x), SOCIALCAP_ENOTFOUND);
	assert_nan(socialcap_results_get(r, 5, 0));
	assert_nan(socialcap_results_get(NULL, 0, 0));
	assert_near(socialcap_results_column(r, SOCIALCAP_ACTOR_DEGREE)[2], 3, 0);
	assert_null(socialcap_results_column(r, 99));
	/* the options echo */
	assert_true(socialcap_results_option_count(r) >= 12);
	assert_int_equal(socialcap_results_find_option(r, "theta", &x), 0);
	assert_near(x, 0.1, 0);
	assert_int_equal(socialcap_results_find_option(r, "half_life_digital", &x), 0);
	assert_near(x, 90.0 * 86400, 0);
	assert_int_equal(socialcap_results_find_option(r, "event_window", &x), 0);
	assert_near(x, 365.0 * 86400, 0);
	assert_int_equal(socialcap_results_find_option(r, "betweenness_samples", &x), 0);
	assert_int_equal(socialcap_results_find_option(r, "time", &x), 0);
	assert_int_equal(socialcap_results_find_option(r, "x", &x), SOCIALCAP_ENOTFOUND);
	assert_string_equal(socialcap_results_option_name(r, 0), "time");
	assert_null(socialcap_results_option_name(r, 999));
	assert_nan(socialcap_results_option_value(r, 999));
	socialcap_results_free(r);
	socialcap_results_free(NULL);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

static void test_option_errors(void **state)
{
	socialcap_indicator_options o = SOCIALCAP_INDICATOR_OPTIONS_INIT;
	socialcap_network *net;
	socialcap_snapshot *s = make(&net, NULL, 5, NULL, g1, 4);
	socialcap_results *r = NULL;
	socialcap_error err;

	(void)state;
	assert_int_equal(socialcap_indicators_actors(NULL, s, NULL, NULL), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_indicators_actors(&r, NULL, NULL, &err), SOCIALCAP_EINVAL);
	o.threads = 0;
	assert_int_equal(socialcap_indicators_actors(&r, s, &o, &err), SOCIALCAP_EINVAL);
	assert_string_equal(err.field, "threads");
	o.threads = 1;
	o.betweenness_samples = 6;
	assert_int_equal(socialcap_indicators_actors(&r, s, &o, &err), SOCIALCAP_EINVAL);
	assert_non_null(strstr(err.message, "betweenness_samples"));
	o.betweenness_samples = 0;
	o.ec_threshold = 0;
	assert_int_equal(socialcap_indicators_network(&r, s, &o, &err), SOCIALCAP_EINVAL);
	o.ec_threshold = 0.5;
	o.event_window = 0;
	assert_int_equal(socialcap_indicators_actors(&r, s, &o, &err), SOCIALCAP_EINVAL);
	o.event_window = 1;
	o.group_by = 7;
	assert_int_equal(socialcap_indicators_actors(&r, s, &o, &err), SOCIALCAP_EINVAL);
	o.group_by = 0;
	o.families = 0x100;
	assert_int_equal(socialcap_indicators_actors(&r, s, &o, &err), SOCIALCAP_EINVAL);
	o.families = SOCIALCAP_FAMILY_ALL;
	o.version = 3;
	assert_int_equal(socialcap_indicators_actors(&r, s, &o, &err), SOCIALCAP_EVERSION);
	assert_null(r);
	assert_int_equal(socialcap_indicator_options_init(&o, 3), SOCIALCAP_EVERSION);
	assert_int_equal(socialcap_indicator_options_init(&o, 1), 0);
	assert_int_equal(o.threads, 1);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

static void test_empty_network(void **state)
{
	socialcap_network *net;
	socialcap_snapshot *s = make(&net, NULL, 0, NULL, NULL, 0);
	socialcap_results *r = NULL;

	(void)state;
	assert_int_equal(socialcap_indicators_actors(&r, s, NULL, NULL), 0);
	assert_int_equal(socialcap_results_row_count(r), 0);
	assert_null(socialcap_results_column(r, 0));
	socialcap_results_free(r);
	assert_int_equal(socialcap_indicators_network(&r, s, NULL, NULL), 0);
	assert_near(socialcap_results_get(r, 0, SOCIALCAP_NETWORK_ACTORS), 0, 0);
	assert_nan(socialcap_results_get(r, 0, SOCIALCAP_NETWORK_TRANSITIVITY));
	assert_nan(socialcap_results_get(r, 0, SOCIALCAP_NETWORK_LARGEST_COMPONENT_SHARE));
	assert_nan(socialcap_results_get(r, 0, SOCIALCAP_NETWORK_FREEMAN_SEGREGATION));
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* Fail the k-th allocation of an indicator run for k = 1, 2, ... */
static void test_allocation_failures(void **state)
{
	socialcap_indicator_options o = SOCIALCAP_INDICATOR_OPTIONS_INIT;
	test_alloc ta;
	socialcap_network *net;
	socialcap_snapshot *s;
	int which;

	(void)state;
	test_alloc_init(&ta, 0, 0);
	s = make(&net, &ta.allocator, 5, NULL, g1, 4);
	o.threads = 2;
	for (which = 0; which < 2; which++) {
		size_t k;

		for (k = 1;; k++) {
			socialcap_results *r = NULL;
			long live = ta.live;
			int rc;

			ta.fail_at = ta.calls + k;
			rc = which == 0 ? socialcap_indicators_actors(&r, s, &o, NULL)
					: socialcap_indicators_network(&r, s, &o, NULL);
			ta.fail_at = 0;
			if (rc == 0) {
				socialcap_results_free(r);
				assert_int_equal(ta.live, live);
				break;
			}
			assert_int_equal(rc, SOCIALCAP_ENOMEM);
			assert_null(r);
			assert_int_equal(ta.live, live);
			assert_true(k < 200);
		}
		assert_true(k > 3);
	}
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
	assert_int_equal(ta.live, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_g1),
		cmocka_unit_test(test_g5_weighted),
		cmocka_unit_test(test_g7_triangle),
		cmocka_unit_test(test_g9_mixing),
		cmocka_unit_test(test_g10_articulation_and_betweenness),
		cmocka_unit_test(test_betweenness_scattered_path),
		cmocka_unit_test(test_betweenness_both_ways),
		cmocka_unit_test(test_betweenness_unlisted),
		cmocka_unit_test(test_classes_reach_positions),
		cmocka_unit_test(test_events_attended),
		cmocka_unit_test(test_threads_identical),
		cmocka_unit_test(test_sampled_betweenness),
		cmocka_unit_test(test_concurrent_readers),
		cmocka_unit_test(test_progress_and_cancel),
		cmocka_unit_test(test_results_api),
		cmocka_unit_test(test_option_errors),
		cmocka_unit_test(test_empty_network),
		cmocka_unit_test(test_allocation_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
