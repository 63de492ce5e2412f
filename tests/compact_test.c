/*
 * The compact graph (socialcap/compact.h): hand-computed fixtures, the
 * same networks built both ways (network + snapshot + area table against
 * the compact builder) with every shared column compared, builder misuse
 * and bad input, and an allocation-failure sweep of the whole pipeline.
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

#define NONB SOCIALCAP_COMPACT_NO_NEIGHBOURHOOD

/* cmocka's assert_float_equal works in float; these values are doubles. */
#define assert_near(got, want, eps) assert_true(fabs((double)(got) - (want)) <= (eps))

typedef struct tie {
	uint32_t a, c, layer;
	double w;
} tie;

typedef struct actor {
	uint32_t sector, nbh;
	int kind;
} actor;

/* Build a compact graph from arrays: both passes over the same ties. */
static int build(socialcap_compact **out, const socialcap_allocator *al, uint32_t n,
		 const actor *actors, uint32_t sectors, const int32_t *tiers,
		 uint32_t nbhs, const tie *ties, size_t m, int weighted)
{
	socialcap_compact_options o = SOCIALCAP_COMPACT_OPTIONS_INIT;
	socialcap_compact_builder *b = NULL;
	uint32_t v;
	size_t i;
	int rc, pass;

	o.actors = n;
	o.sectors = sectors;
	o.neighbourhoods = nbhs;
	o.weighted = weighted;
	o.allocator = al;
	*out = NULL;
	rc = socialcap_compact_builder_new(&b, &o);
	if (rc != 0)
		return rc;
	for (v = 0; v < sectors; v++)
		assert_int_equal(socialcap_compact_builder_set_sector(b, v, tiers[v]), 0);
	for (v = 0; v < n; v++)
		assert_int_equal(socialcap_compact_builder_set_actor(b, v, actors[v].sector,
								     actors[v].nbh,
								     actors[v].kind),
				 0);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < m; i++)
			assert_int_equal(socialcap_compact_builder_add_tie(
						 b, ties[i].a, ties[i].c, ties[i].layer, ties[i].w),
					 0);
		if (pass == 0) {
			rc = socialcap_compact_builder_start_fill(b);
			if (rc != 0) {
				assert_int_equal(rc, SOCIALCAP_ENOMEM);
				assert_true(socialcap_compact_builder_errmsg(b)[0] != '\0');
				/* still counting: a retry would work */
				socialcap_compact_builder_free(b);
				return rc;
			}
		}
	}
	rc = socialcap_compact_builder_finish(out, b);
	if (rc != 0) {
		assert_null(*out);
		socialcap_compact_builder_free(b);
	}
	return rc;
}

static socialcap_compact_area *areas_of(const socialcap_compact *g,
					const socialcap_compact_areas_options *o, uint32_t *count)
{
	socialcap_compact_area *rows;

	*count = socialcap_compact_area_count(g, o->areas);
	rows = test_calloc(*count > 0 ? *count : 1, sizeof(*rows));
	assert_int_equal(socialcap_compact_areas_ties(g, o, rows, *count, NULL), 0);
	assert_int_equal(socialcap_compact_areas_reach(g, o, rows, *count, NULL), 0);
	return rows;
}

/* --------------------------------------------------------------- fixtures */

/* INDICATORS.md fixture G9: six residents, sectors a a a b b b. */
static void test_fixture_g9(void **state)
{
	static const actor actors[] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0},
				       {1, 0, 0}, {1, 0, 0}, {1, 0, 0}};
	static const int32_t tiers[] = {0, 0};
	static const tie ties[] = {{0, 1, 0, 1}, {1, 2, 1, 1}, {0, 2, 2, 1},
				   {3, 4, 3, 1}, {2, 3, 4, 1}, {4, 5, 0, 1}};
	socialcap_compact_areas_options o = SOCIALCAP_COMPACT_AREAS_OPTIONS_INIT;
	socialcap_compact *g;
	socialcap_compact_area *r;
	uint32_t count, comps, largest;

	(void)state;
	assert_int_equal(build(&g, NULL, 6, actors, 2, tiers, 1, ties, 6, 0), 0);
	assert_int_equal(socialcap_compact_tie_count(g), 6);
	o.min_cell = 0;
	r = areas_of(g, &o, &count);
	assert_int_equal(count, 1);
	assert_int_equal(r[0].residents, 6);
	assert_int_equal(r[0].suppressed, 0);
	assert_int_equal(r[0].ties_internal, 6);
	assert_int_equal(r[0].ties_boundary, 0);
	assert_near(r[0].density, 6.0 / 15.0, 1e-12);
	assert_near(r[0].ei_index, -0.666667, 1e-6);
	assert_near(r[0].bonding, 5.0 / 6.0, 1e-12);
	assert_near(r[0].bridging, 1.0 / 6.0, 1e-12);
	assert_near(r[0].linking, 0.0, 0);
	assert_near(r[0].blau_sectors, 0.5, 1e-12);
	assert_near(r[0].degree_mean, 2.0, 0);
	assert_near(r[0].strength_mean, 2.0, 0);
	assert_near(r[0].relational_stock, 6.0, 0);
	assert_near(r[0].institution_reach, 0.0, 0);
	assert_true(isnan(r[0].single_link_share));
	assert_true(isnan(r[0].key_institution));
	/* default min_cell 10 suppresses the six */
	o.min_cell = 10;
	assert_int_equal(socialcap_compact_areas_ties(g, &o, r, 1, NULL), 0);
	assert_int_equal(socialcap_compact_areas_reach(g, &o, r, 1, NULL), 0);
	assert_int_equal(r[0].residents, 6);
	assert_int_equal(r[0].suppressed, 1);
	assert_true(isnan(r[0].ei_index) && isnan(r[0].institution_reach));
	assert_int_equal(socialcap_compact_components(g, &comps, &largest, NULL), 0);
	assert_int_equal(comps, 1);
	assert_int_equal(largest, 6);
	test_free(r);
	socialcap_compact_free(g);
}

/*
 * Institutions: residents 0-4 of neighbourhood 0 (sector 0), professionals
 * 5 and 6 in sector 1 (tier 1). Ties 0-5, 0-1, 1-2, 3-6, 3-5; 4 isolated.
 * Within two hops: 0 {5}, 1 {5}, 2 none, 3 {5, 6}, 4 none.
 */
static void test_fixture_institutions(void **state)
{
	static const actor actors[] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0},
				       {0, 0, 0}, {1, 0, 1}, {1, NONB, 1}};
	static const int32_t tiers[] = {0, 1};
	static const tie ties[] = {{0, 5, 4, 1}, {1, 0, 0, 1}, {2, 1, 0, 1},
				   {3, 6, 3, 1}, {5, 3, 3, 1}, {0, 1, 1, 1}};
	socialcap_compact_areas_options o = SOCIALCAP_COMPACT_AREAS_OPTIONS_INIT;
	socialcap_compact *g;
	socialcap_compact_area *r;
	const uint32_t *nb;
	const uint8_t *lay;
	const float *w;
	uint32_t count, comps, largest;

	(void)state;
	assert_int_equal(build(&g, NULL, 7, actors, 2, tiers, 1, ties, 6, 0), 0);
	/* 0-1 given in layers 0 and 1: one tie of two layers */
	assert_int_equal(socialcap_compact_tie_count(g), 5);
	assert_int_equal(socialcap_compact_neighbours(g, 0, &nb, &lay, &w), 2);
	assert_int_equal(nb[0], 1);
	assert_int_equal(lay[0], 3);
	assert_int_equal(nb[1], 5);
	assert_int_equal(lay[1], 16);
	assert_null(w);
	assert_int_equal(socialcap_compact_neighbours(g, 7, &nb, &lay, &w), 0);
	assert_null(nb);
	o.min_cell = 0;
	r = areas_of(g, &o, &count);
	assert_int_equal(r[0].residents, 5);
	assert_int_equal(r[0].ties_internal, 2);
	assert_int_equal(r[0].ties_boundary, 3);
	/* strengths: 0-1 counts 2 (two layers), the others 1 each */
	assert_near(r[0].relational_stock, 6.0, 0);
	assert_near(r[0].linking, 3.0 / 6.0, 1e-12);
	assert_near(r[0].bonding, 3.0 / 6.0, 1e-12);
	assert_near(r[0].bridging, 0.0, 0);
	assert_near(r[0].degree_mean, 7.0 / 5.0, 1e-12);
	assert_near(r[0].strength_mean, 9.0 / 5.0, 1e-12);
	assert_near(r[0].institution_within_1, 2.0 / 5.0, 1e-12);
	assert_near(r[0].institution_reach, 3.0 / 5.0, 1e-12);
	assert_near(r[0].single_link_share, 2.0 / 3.0, 1e-12);
	assert_near(r[0].key_institution, 5.0, 0);
	assert_int_equal(r[0].key_dependents, 2);
	assert_near(r[0].blau_sectors, 0.0, 0);
	test_free(r);
	/* sector rows: sector 1 holds both professionals */
	o.areas = 1;
	r = areas_of(g, &o, &count);
	assert_int_equal(count, 2);
	assert_int_equal(r[1].residents, 2);
	assert_int_equal(r[1].ties_internal, 0);
	assert_int_equal(r[1].ties_boundary, 3);
	assert_near(r[1].institution_reach, 1.0, 0);
	assert_near(r[1].single_link_share, 0.0, 0);
	test_free(r);
	assert_int_equal(socialcap_compact_components(g, &comps, &largest, NULL), 0);
	assert_int_equal(comps, 2);
	assert_int_equal(largest, 6);
	socialcap_compact_free(g);
}

static void test_empty(void **state)
{
	socialcap_compact *g;
	uint32_t comps = 9, largest = 9;

	(void)state;
	assert_int_equal(build(&g, NULL, 0, NULL, 0, NULL, 0, NULL, 0, 0), 0);
	assert_int_equal(socialcap_compact_actor_count(g), 0);
	assert_int_equal(socialcap_compact_tie_count(g), 0);
	assert_int_equal(socialcap_compact_area_count(g, 0), 0);
	assert_int_equal(socialcap_compact_areas_ties(g, NULL, NULL, 0, NULL), 0);
	assert_int_equal(socialcap_compact_components(g, &comps, &largest, NULL), 0);
	assert_int_equal(comps, 0);
	assert_int_equal(largest, 0);
	assert_true(socialcap_compact_memory(g) > 0);
	socialcap_compact_free(g);
	socialcap_compact_free(NULL);
	socialcap_compact_builder_free(NULL);
	assert_int_equal(socialcap_compact_actor_count(NULL), 0);
	assert_int_equal(socialcap_compact_tie_count(NULL), 0);
	assert_int_equal(socialcap_compact_memory(NULL), 0);
	assert_int_equal(socialcap_compact_area_count(NULL, 0), 0);
	assert_string_equal(socialcap_compact_builder_errmsg(NULL), "no builder");
}

/* ------------------------------------------------- the same network twice */

static uint64_t rng_state;

static uint32_t rnd(uint32_t bound)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((rng_state >> 33) % bound);
}

#define EQ_N 240
#define EQ_M 900
#define EQ_NBH 4
#define EQ_SECTORS 5

static const char *const layer_names[] = {"family", "household", "neighbours", "work",
					  "school"};

typedef struct twin {
	socialcap_network *net;
	socialcap_snapshot *snap;
	socialcap_compact *g;
} twin;

/*
 * A random network made both ways. Unweighted: every (pair, layer) at most
 * once with weight 1 (the model would sum a repeated one, the compact graph
 * keeps one bit). Weighted: repeats allowed, weights in quarters.
 */
static void make_twin(twin *t, uint64_t seed, int weighted)
{
	static const int32_t tiers[EQ_SECTORS] = {0, 0, 0, 1, 2};
	socialcap_snapshot_options so = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	actor actors[EQ_N];
	tie ties[EQ_M];
	uint8_t seen[EQ_N][EQ_N];
	uint32_t v;
	size_t m = 0;
	char id[16], sec[8], nbh[8];

	rng_state = seed;
	memset(seen, 0, sizeof(seen));
	assert_int_equal(socialcap_network_new(&t->net, NULL), 0);
	for (v = 0; v < EQ_SECTORS; v++) {
		snprintf(sec, sizeof(sec), "s%u", v);
		assert_int_equal(socialcap_network_set_sector(t->net, NULL, sec, tiers[v], NAN),
				 0);
	}
	for (v = 0; v < EQ_N; v++) {
		uint32_t s = rnd(10) < 8 ? rnd(3) : 3 + rnd(2);
		uint32_t nb = rnd(EQ_NBH);
		int kind = s >= 3 ? (int)(1 + rnd(2)) : (rnd(20) == 0 ? 2 : 0);

		snprintf(id, sizeof(id), "a%u", v);
		snprintf(sec, sizeof(sec), "s%u", s);
		snprintf(nbh, sizeof(nbh), "N%u", nb);
		assert_int_equal(socialcap_network_add_actor(t->net, NULL, id,
							     (socialcap_actor_kind)kind,
							     sec, nbh, NAN, NULL, 0),
				 0);
		actors[v].sector = s;
		actors[v].nbh = socialcap_network_actor_neighbourhood(t->net, v);
		actors[v].kind = kind;
	}
	while (m < EQ_M) {
		uint32_t a = rnd(EQ_N), c = rnd(EQ_N), l = rnd(5);

		if (a == c || (!weighted && (seen[a][c] >> l & 1)))
			continue;
		seen[a][c] |= (uint8_t)(1u << l);
		seen[c][a] |= (uint8_t)(1u << l);
		ties[m].a = a;
		ties[m].c = c;
		ties[m].layer = l;
		ties[m].w = weighted ? 0.25 * (1 + rnd(12)) : 1.0;
		assert_int_equal(socialcap_network_add_tie(t->net, NULL, a, c,
							   layer_names[l], ties[m].w,
							   SOCIALCAP_TIME_NONE),
				 0);
		m++;
	}
	so.theta = 0;
	assert_int_equal(socialcap_snapshot_build(&t->snap, t->net, &so), 0);
	assert_int_equal(build(&t->g, NULL, EQ_N, actors, EQ_SECTORS, tiers,
			       socialcap_network_neighbourhood_count(t->net), ties, m, weighted),
			 0);
}

static void free_twin(twin *t)
{
	socialcap_compact_free(t->g);
	socialcap_snapshot_free(t->snap);
	socialcap_network_free(t->net);
}

static void same(double want, double got, const char *what, uint32_t row)
{
	if (isnan(want) && isnan(got))
		return;
	if (isnan(want) || isnan(got) || fabs(want - got) > 1e-9 * (1 + fabs(want))) {
		print_error("%s, row %u: area table %.17g, compact %.17g\n", what, row, want,
			    got);
		fail();
	}
}

static void compare_areas(const twin *t, int32_t areas, int32_t group, uint32_t min_cell)
{
	socialcap_areas_options ao = SOCIALCAP_AREAS_OPTIONS_INIT;
	socialcap_compact_areas_options co = SOCIALCAP_COMPACT_AREAS_OPTIONS_INIT;
	socialcap_results *res = NULL;
	socialcap_compact_area *r;
	uint32_t count, i;

	ao.areas = areas;
	ao.group = group;
	ao.min_cell = min_cell;
	co.areas = areas;
	co.group = group;
	co.min_cell = min_cell;
	assert_int_equal(socialcap_areas_compute(&res, t->snap, &ao), 0);
	r = areas_of(t->g, &co, &count);
	assert_int_equal(count, socialcap_results_row_count(res));
	for (i = 0; i < count; i++) {
#define COL(c) socialcap_results_get(res, i, SOCIALCAP_AREA_##c)
		same(COL(RESIDENTS), r[i].residents, "residents", i);
		same(COL(SUPPRESSED), r[i].suppressed, "suppressed", i);
		if (!r[i].suppressed) {
			same(COL(TIES_INTERNAL), (double)r[i].ties_internal, "ties_internal", i);
			same(COL(TIES_BOUNDARY), (double)r[i].ties_boundary, "ties_boundary", i);
			same(COL(KEY_DEPENDENTS), r[i].key_dependents, "key_dependents", i);
		}
		same(COL(DENSITY), r[i].density, "density", i);
		same(COL(BONDING), r[i].bonding, "bonding", i);
		same(COL(BRIDGING), r[i].bridging, "bridging", i);
		same(COL(LINKING), r[i].linking, "linking", i);
		same(COL(EI_INDEX), r[i].ei_index, "ei_index", i);
		same(COL(BLAU_SECTORS), r[i].blau_sectors, "blau_sectors", i);
		same(COL(INSTITUTION_REACH), r[i].institution_reach, "institution_reach", i);
		same(COL(SINGLE_LINK_SHARE), r[i].single_link_share, "single_link_share", i);
		same(COL(KEY_INSTITUTION), r[i].key_institution, "key_institution", i);
		same(COL(RELATIONAL_STOCK), r[i].relational_stock, "relational_stock", i);
#undef COL
	}
	test_free(r);
	socialcap_results_free(res);
}

static void compare_components(const twin *t)
{
	socialcap_indicator_options io = SOCIALCAP_INDICATOR_OPTIONS_INIT;
	socialcap_results *res = NULL;
	uint32_t comps, largest;

	io.families = SOCIALCAP_FAMILY_STRUCTURE;
	assert_int_equal(socialcap_indicators_network(&res, t->snap, &io, NULL), 0);
	assert_int_equal(socialcap_compact_components(t->g, &comps, &largest, NULL), 0);
	same(socialcap_results_get(res, 0, SOCIALCAP_NETWORK_COMPONENTS), comps,
	     "components", 0);
	same(socialcap_results_get(res, 0, SOCIALCAP_NETWORK_LARGEST_COMPONENT_SHARE),
	     (double)largest / EQ_N, "largest_component_share", 0);
	socialcap_results_free(res);
}

/* Degrees and strengths per actor against the snapshot. */
static void compare_actors(const twin *t)
{
	uint32_t v;

	assert_int_equal(socialcap_compact_tie_count(t->g), socialcap_snapshot_tie_count(t->snap));
	for (v = 0; v < EQ_N; v++) {
		const uint32_t *nb, *snb;
		const uint8_t *lay;
		const float *w;
		const double *sw;
		uint64_t k = socialcap_compact_neighbours(t->g, v, &nb, &lay, &w), e;
		uint32_t sk = 0;

		assert_int_equal(socialcap_snapshot_neighbours(t->snap, v, &snb, &sw, &sk), 0);
		assert_int_equal(k, sk);
		for (e = 0; e < k; e++) {
			double s = 0;
			unsigned x;

			assert_int_equal(nb[e], snb[e]);
			if (w != NULL)
				s = w[e];
			else
				for (x = lay[e]; x != 0; x &= x - 1)
					s += 1;
			same(sw[e], s, "tie strength", v);
		}
	}
}

static void check_twin(uint64_t seed, int weighted)
{
	twin t;
	int32_t group;

	make_twin(&t, seed, weighted);
	compare_actors(&t);
	for (group = 0; group <= 2; group++) {
		compare_areas(&t, SOCIALCAP_AREAS_NEIGHBOURHOODS, group, 0);
		compare_areas(&t, SOCIALCAP_AREAS_SECTORS, group, 0);
	}
	compare_areas(&t, SOCIALCAP_AREAS_NEIGHBOURHOODS, 0, 62);
	compare_areas(&t, SOCIALCAP_AREAS_SECTORS, 0, 10);
	compare_components(&t);
	free_twin(&t);
}

static void test_same_as_area_table_unweighted(void **state)
{
	uint64_t seed;

	(void)state;
	for (seed = 1; seed <= 4; seed++)
		check_twin(seed, 0);
}

static void test_same_as_area_table_weighted(void **state)
{
	uint64_t seed;

	(void)state;
	for (seed = 11; seed <= 13; seed++)
		check_twin(seed, 1);
}

/* ------------------------------------------------------------ bad input */

static socialcap_compact_builder *small_builder(int weighted)
{
	socialcap_compact_options o = SOCIALCAP_COMPACT_OPTIONS_INIT;
	socialcap_compact_builder *b = NULL;

	o.actors = 4;
	o.sectors = 2;
	o.neighbourhoods = 1;
	o.weighted = weighted;
	assert_int_equal(socialcap_compact_builder_new(&b, &o), 0);
	return b;
}

static void test_bad_options(void **state)
{
	socialcap_compact_options o;
	socialcap_compact_areas_options ao;
	socialcap_compact_builder *b = (socialcap_compact_builder *)&o;

	(void)state;
	assert_int_equal(socialcap_compact_options_init(&o, 99), SOCIALCAP_EVERSION);
	assert_int_equal(socialcap_compact_options_init(NULL, 1), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_compact_options_init(&o, 1), 0);
	assert_int_equal(o.sectors, 1);
	assert_int_equal(socialcap_compact_areas_options_init(&ao, 2), SOCIALCAP_EVERSION);
	assert_int_equal(socialcap_compact_areas_options_init(NULL, 1), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_compact_areas_options_init(&ao, 1), 0);
	assert_int_equal(ao.min_cell, 10);
	assert_int_equal(socialcap_compact_builder_new(NULL, &o), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_compact_builder_new(&b, NULL), SOCIALCAP_EINVAL);
	assert_null(b);
	o.version = 7;
	assert_int_equal(socialcap_compact_builder_new(&b, &o), SOCIALCAP_EVERSION);
	o.version = SOCIALCAP_COMPACT_OPTIONS_VERSION;
	o.actors = UINT32_MAX;
	assert_int_equal(socialcap_compact_builder_new(&b, &o), SOCIALCAP_EINVAL);
	o.actors = 3;
	o.sectors = 0;
	assert_int_equal(socialcap_compact_builder_new(&b, &o), SOCIALCAP_EINVAL);
	assert_null(b);
}

static void test_bad_attributes(void **state)
{
	socialcap_compact_builder *b = small_builder(0);

	(void)state;
	assert_int_equal(socialcap_compact_builder_set_sector(NULL, 0, 1), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_compact_builder_set_sector(b, 2, 1), SOCIALCAP_EINVAL);
	assert_non_null(strstr(socialcap_compact_builder_errmsg(b), "sector 2"));
	assert_int_equal(socialcap_compact_builder_set_sector(b, 1, -1), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_compact_builder_set_actor(NULL, 0, 0, 0, 0), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_compact_builder_set_actor(b, 4, 0, 0, 0), SOCIALCAP_EINVAL);
	assert_non_null(strstr(socialcap_compact_builder_errmsg(b), "actor 4"));
	assert_int_equal(socialcap_compact_builder_set_actor(b, 0, 2, 0, 0), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_compact_builder_set_actor(b, 0, 0, 1, 0), SOCIALCAP_EINVAL);
	assert_non_null(strstr(socialcap_compact_builder_errmsg(b), "neighbourhood 1"));
	assert_int_equal(socialcap_compact_builder_set_actor(b, 0, 0, 0, 3), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_compact_builder_set_actor(b, 0, 0, 0, -1), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_compact_builder_set_actor(b, 0, 1, NONB, 2), 0);
	socialcap_compact_builder_free(b);
}

static void test_bad_ties(void **state)
{
	socialcap_compact_builder *b = small_builder(1);

	(void)state;
	assert_int_equal(socialcap_compact_builder_add_tie(NULL, 0, 1, 0, 1), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_compact_builder_add_tie(b, 0, 4, 0, 1), SOCIALCAP_ENOTFOUND);
	assert_non_null(strstr(socialcap_compact_builder_errmsg(b), "tie 0-4"));
	assert_int_equal(socialcap_compact_builder_add_tie(b, 9, 1, 0, 1), SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_compact_builder_add_tie(b, 2, 2, 0, 1), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_compact_builder_add_tie(b, 0, 1, 8, 1), SOCIALCAP_EINVAL);
	assert_non_null(strstr(socialcap_compact_builder_errmsg(b), "layer 8"));
	assert_int_equal(socialcap_compact_builder_add_tie(b, 0, 1, 0, 0), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_compact_builder_add_tie(b, 0, 1, 0, NAN), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_compact_builder_add_tie(b, 0, 1, 0, INFINITY),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_compact_builder_add_tie(b, 0, 1, 0, 1e39), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_compact_builder_add_tie(b, 0, 1, 0, -1), SOCIALCAP_EINVAL);
	socialcap_compact_builder_free(b);
	/* unweighted: the weight is not read */
	b = small_builder(0);
	assert_int_equal(socialcap_compact_builder_add_tie(b, 0, 1, 0, NAN), 0);
	socialcap_compact_builder_free(b);
}

/* Misuse of the passes: clear errors, and nothing lost. */
static void test_pass_misuse(void **state)
{
	socialcap_compact_builder *b = small_builder(0);
	socialcap_compact *g = (socialcap_compact *)&g;
	const uint32_t *nb;

	(void)state;
	assert_int_equal(socialcap_compact_builder_finish(NULL, b), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_compact_builder_finish(&g, NULL), SOCIALCAP_EINVAL);
	assert_null(g);
	assert_int_equal(socialcap_compact_builder_start_fill(NULL), SOCIALCAP_EINVAL);
	/* finish before the filling pass */
	assert_int_equal(socialcap_compact_builder_finish(&g, b), SOCIALCAP_EINVAL);
	assert_non_null(strstr(socialcap_compact_builder_errmsg(b), "start_fill"));
	assert_int_equal(socialcap_compact_builder_add_tie(b, 0, 1, 0, 1), 0);
	assert_int_equal(socialcap_compact_builder_add_tie(b, 1, 2, 1, 1), 0);
	assert_int_equal(socialcap_compact_builder_start_fill(b), 0);
	assert_int_equal(socialcap_compact_builder_errmsg(b)[0], '\0');
	assert_int_equal(socialcap_compact_builder_start_fill(b), SOCIALCAP_EINVAL);
	assert_non_null(strstr(socialcap_compact_builder_errmsg(b), "already"));
	assert_int_equal(socialcap_compact_builder_add_tie(b, 0, 1, 0, 1), 0);
	/* a tie the counting pass did not give: refused, nothing written */
	assert_int_equal(socialcap_compact_builder_add_tie(b, 0, 3, 0, 1), SOCIALCAP_EINVAL);
	assert_non_null(strstr(socialcap_compact_builder_errmsg(b), "actor 0"));
	assert_non_null(strstr(socialcap_compact_builder_errmsg(b), "same ties"));
	assert_int_equal(socialcap_compact_builder_add_tie(b, 3, 2, 0, 1), SOCIALCAP_EINVAL);
	assert_non_null(strstr(socialcap_compact_builder_errmsg(b), "actor 3"));
	/* finish with a tie missing: refused, the builder still takes it */
	assert_int_equal(socialcap_compact_builder_finish(&g, b), SOCIALCAP_EINVAL);
	assert_null(g);
	assert_non_null(strstr(socialcap_compact_builder_errmsg(b), "actor 1 has 1 of its 2"));
	assert_int_equal(socialcap_compact_builder_add_tie(b, 2, 1, 1, 1), 0);
	assert_int_equal(socialcap_compact_builder_finish(&g, b), 0);
	assert_int_equal(socialcap_compact_tie_count(g), 2);
	assert_int_equal(socialcap_compact_neighbours(g, 1, &nb, NULL, NULL), 2);
	assert_int_equal(nb[0], 0);
	assert_int_equal(nb[1], 2);
	socialcap_compact_free(g);
}

/* The filling pass may give the ties in another order. */
static void test_other_order(void **state)
{
	static const tie ties[] = {{0, 1, 0, 1}, {1, 2, 1, 2}, {0, 1, 3, 0.5},
				   {3, 2, 1, 1}, {0, 3, 2, 1}};
	socialcap_compact_options o = SOCIALCAP_COMPACT_OPTIONS_INIT;
	socialcap_compact_builder *b = NULL;
	socialcap_compact *g = NULL;
	const uint32_t *nb;
	const uint8_t *lay;
	const float *w;
	size_t i;

	(void)state;
	o.actors = 4;
	o.weighted = 1;
	assert_int_equal(socialcap_compact_builder_new(&b, &o), 0);
	for (i = 0; i < 5; i++)
		assert_int_equal(socialcap_compact_builder_add_tie(b, ties[i].a, ties[i].c,
								   ties[i].layer, ties[i].w), 0);
	assert_int_equal(socialcap_compact_builder_start_fill(b), 0);
	for (i = 5; i-- > 0;)
		assert_int_equal(socialcap_compact_builder_add_tie(b, ties[i].c, ties[i].a,
								   ties[i].layer, ties[i].w), 0);
	assert_int_equal(socialcap_compact_builder_finish(&g, b), 0);
	assert_int_equal(socialcap_compact_tie_count(g), 4);
	assert_int_equal(socialcap_compact_neighbours(g, 0, &nb, &lay, &w), 2);
	assert_int_equal(nb[0], 1);
	assert_int_equal(lay[0], 9);
	assert_near(w[0], 1.5, 0);
	assert_int_equal(nb[1], 3);
	assert_int_equal(lay[1], 4);
	assert_int_equal(socialcap_compact_neighbours(g, 2, &nb, &lay, &w), 2);
	assert_int_equal(nb[0], 1);
	assert_near(w[0], 2.0, 0);
	assert_int_equal(nb[1], 3);
	socialcap_compact_free(g);
}

/* A hub with long lists (the quicksort path) and many repeats. */
static void test_hub_sorted_and_merged(void **state)
{
	enum { N = 400, M = 3000 };
	static tie ties[M];
	static actor actors[N];
	static uint8_t want[N];
	static const int32_t tiers[] = {0};
	socialcap_compact *g;
	const uint32_t *nb;
	const uint8_t *lay;
	uint32_t v, k = 0;
	size_t i;
	uint64_t deg;

	(void)state;
	rng_state = 77;
	memset(want, 0, sizeof(want));
	for (v = 0; v < N; v++) {
		actors[v].sector = 0;
		actors[v].nbh = 0;
		actors[v].kind = 0;
	}
	for (i = 0; i < M; i++) {
		/* ends drawn from a small range so that pairs repeat */
		ties[i].a = i % 2 ? 0 : 1 + rnd(N - 1);
		ties[i].c = i % 2 ? 1 + rnd(N - 1) : 0;
		ties[i].layer = rnd(8);
		ties[i].w = 1;
		want[ties[i].a + ties[i].c] |= (uint8_t)(1u << ties[i].layer);
	}
	assert_int_equal(build(&g, NULL, N, actors, 1, tiers, 1, ties, M, 0), 0);
	deg = socialcap_compact_neighbours(g, 0, &nb, &lay, NULL);
	for (v = 1; v < N; v++) {
		if (want[v] == 0)
			continue;
		assert_true(k < deg);
		assert_int_equal(nb[k], v);
		assert_int_equal(lay[k], want[v]);
		k++;
	}
	assert_int_equal(k, deg);
	assert_true(deg > 300);
	assert_int_equal(socialcap_compact_tie_count(g), deg);
	socialcap_compact_free(g);
}

static void test_bad_area_calls(void **state)
{
	static const actor actors[] = {{0, 0, 0}, {0, 0, 0}};
	static const int32_t tiers[] = {0};
	static const tie ties[] = {{0, 1, 0, 1}};
	socialcap_compact_areas_options o = SOCIALCAP_COMPACT_AREAS_OPTIONS_INIT;
	socialcap_compact_area rows[2];
	socialcap_compact *g;
	socialcap_error err;
	uint32_t c, l;

	(void)state;
	assert_int_equal(build(&g, NULL, 2, actors, 1, tiers, 1, ties, 1, 0), 0);
	assert_int_equal(socialcap_compact_areas_ties(g, &o, rows, 2, &err), SOCIALCAP_EINVAL);
	assert_int_equal(err.status, SOCIALCAP_EINVAL);
	assert_non_null(strstr(err.message, "2 rows given, the graph has 1"));
	assert_int_equal(socialcap_compact_areas_reach(NULL, &o, rows, 1, &err),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_compact_areas_reach(g, &o, NULL, 1, NULL), SOCIALCAP_EINVAL);
	o.group = 3;
	assert_int_equal(socialcap_compact_areas_ties(g, &o, rows, 1, &err), SOCIALCAP_EINVAL);
	o.group = 0;
	o.areas = 2;
	assert_int_equal(socialcap_compact_areas_reach(g, &o, rows, 1, &err), SOCIALCAP_EINVAL);
	o.areas = 0;
	o.version = 5;
	assert_int_equal(socialcap_compact_areas_reach(g, &o, rows, 1, &err),
			 SOCIALCAP_EVERSION);
	assert_int_equal(socialcap_compact_components(NULL, &c, &l, &err), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_compact_components(g, NULL, &l, NULL), SOCIALCAP_EINVAL);
	/* defaults with NULL options: min_cell 10 suppresses the pair */
	assert_int_equal(socialcap_compact_areas_ties(g, NULL, rows, 1, NULL), 0);
	assert_int_equal(socialcap_compact_areas_reach(g, NULL, rows, 1, NULL), 0);
	assert_int_equal(rows[0].residents, 2);
	assert_int_equal(rows[0].suppressed, 1);
	socialcap_compact_free(g);
}

/* ----------------------------------------------------- allocation failure */

static int pipeline(test_alloc *ta, int weighted)
{
	static const actor actors[] = {{0, 0, 0}, {0, 0, 0}, {1, 0, 1}, {0, 1, 0}};
	static const int32_t tiers[] = {0, 1};
	static const tie ties[] = {{0, 1, 0, 1}, {1, 2, 0, 2}, {0, 1, 3, 1},
				   {3, 2, 1, 1}, {0, 3, 2, 1}};
	socialcap_compact_areas_options o = SOCIALCAP_COMPACT_AREAS_OPTIONS_INIT;
	socialcap_compact_area rows[2];
	socialcap_compact *g;
	socialcap_error err;
	uint32_t c, l;
	int rc;

	rc = build(&g, &ta->allocator, 4, actors, 2, tiers, 2, ties, 5, weighted);
	if (rc != 0)
		return rc;
	assert_int_equal(socialcap_compact_tie_count(g), 4);
	o.min_cell = 0;
	memset(rows, 0, sizeof(rows));
	rc = socialcap_compact_areas_ties(g, &o, rows, 2, &err);
	if (rc == 0)
		rc = socialcap_compact_areas_reach(g, &o, rows, 2, &err);
	if (rc == 0)
		rc = socialcap_compact_components(g, &c, &l, &err);
	if (rc != 0) {
		assert_int_equal(rc, SOCIALCAP_ENOMEM);
		assert_int_equal(err.status, SOCIALCAP_ENOMEM);
	} else {
		assert_int_equal(rows[0].ties_internal, 1);
		assert_near(rows[0].institution_reach, 1.0, 0);
		assert_int_equal(c, 1);
	}
	socialcap_compact_free(g);
	return rc;
}

static void test_allocation_failures(void **state)
{
	int weighted, from;

	(void)state;
	for (weighted = 0; weighted <= 1; weighted++) {
		for (from = 0; from <= 1; from++) {
			size_t k;
			int rc = SOCIALCAP_ENOMEM;

			for (k = 1; rc != 0 && k < 200; k++) {
				test_alloc ta;

				test_alloc_init(&ta, k, from);
				rc = pipeline(&ta, weighted);
				assert_true(rc == 0 || rc == SOCIALCAP_ENOMEM);
				assert_int_equal(ta.live, 0);
			}
			assert_int_equal(rc, 0);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_g9),
		cmocka_unit_test(test_fixture_institutions),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_same_as_area_table_unweighted),
		cmocka_unit_test(test_same_as_area_table_weighted),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_bad_attributes),
		cmocka_unit_test(test_bad_ties),
		cmocka_unit_test(test_pass_misuse),
		cmocka_unit_test(test_other_order),
		cmocka_unit_test(test_hub_sorted_and_merged),
		cmocka_unit_test(test_bad_area_calls),
		cmocka_unit_test(test_allocation_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
