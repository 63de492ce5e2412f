/*
 * The `columns` option of the indicator functions, options of version 1,
 * and threads in the triangle family: the same numbers whatever is asked
 * for alongside and however many threads compute them.
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

/* A seeded random graph with hubs, clusters and isolates: 3,000 actors in
 * two neighbourhoods, 1% institutions, a few actors with hundreds of ties
 * (so that the galloping path of the Burt pass is taken), weights 1-4. */
static socialcap_snapshot *make_graph_with(socialcap_network **net, int hubs)
{
	socialcap_snapshot *s = NULL;
	uint64_t state = 42;
	uint32_t n = 3000, i, k;
	char id[32];

#define RND(bound) ((uint32_t)(((state = state * 6364136223846793005u + 1442695040888963407u) >> 33) % (bound)))
	assert_int_equal(socialcap_network_new(net, NULL), 0);
	assert_int_equal(socialcap_network_set_sector(*net, NULL, "police", 2, 6), 0);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "a%u", (unsigned)i);
		assert_int_equal(socialcap_network_add_actor(*net, NULL, id, SOCIALCAP_RESIDENT,
							     i % 100 == 7 ? "police" : "residents",
							     i < n / 2 ? "B0" : "B1", NAN, NULL, 0),
				 0);
	}
	for (i = 0; i < n; i++) {
		uint32_t ties = hubs && i % 500 == 3 ? 400 : i % 97 == 0 ? 0 : 6;

		for (k = 0; k < ties; k++) {
			uint32_t j = k < 4 ? (i + 1 + RND(30)) % n : RND(n);

			if (j == i || j % 97 == 0)
				continue;
			assert_int_equal(socialcap_network_add_tie(*net, NULL, i, j, "work",
								   1 + RND(4), SOCIALCAP_TIME_NONE),
					 0);
		}
	}
#undef RND
	assert_int_equal(socialcap_snapshot_build(&s, *net, NULL), 0);
	return s;
}

static socialcap_snapshot *make_graph(socialcap_network **net)
{
	return make_graph_with(net, 1);
}

static void assert_same_column(const socialcap_results *a, const socialcap_results *b,
			       uint32_t column)
{
	uint32_t v, n = socialcap_results_row_count(a);

	assert_int_equal(n, socialcap_results_row_count(b));
	for (v = 0; v < n; v++) {
		double x = socialcap_results_get(a, v, column), y = socialcap_results_get(b, v, column);

		if (isnan(x) && isnan(y))
			continue;
		/* bit-identical, not merely close */
		if (memcmp(&x, &y, sizeof(x)) != 0) {
			print_error("column %s row %u: %.17g vs %.17g\n",
				    socialcap_actor_column_name((int)column), (unsigned)v, x, y);
			fail();
		}
	}
}

static void test_columns_subset(void **state)
{
	socialcap_network *net;
	socialcap_snapshot *s = make_graph(&net);
	socialcap_indicator_options o = SOCIALCAP_INDICATOR_OPTIONS_INIT;
	socialcap_results *all = NULL, *some = NULL;
	uint32_t c, v;
	static const int single[] = {SOCIALCAP_ACTOR_DEGREE, SOCIALCAP_ACTOR_STRENGTH,
				     SOCIALCAP_ACTOR_CLUSTERING, SOCIALCAP_ACTOR_CONSTRAINT,
				     SOCIALCAP_ACTOR_EFFECTIVE_SIZE, SOCIALCAP_ACTOR_HIERARCHY,
				     SOCIALCAP_ACTOR_EFFICIENCY, SOCIALCAP_ACTOR_HOPS_TO_INSTITUTION,
				     SOCIALCAP_ACTOR_COMPONENT, SOCIALCAP_ACTOR_EC,
				     SOCIALCAP_ACTOR_BONDING, SOCIALCAP_ACTOR_EXTENSITY,
				     SOCIALCAP_ACTOR_INSTITUTIONS_WITHIN_2,
				     SOCIALCAP_ACTOR_ARTICULATION_POINT, SOCIALCAP_ACTOR_BETWEENNESS};
	size_t i;

	(void)state;
	assert_int_equal(socialcap_indicators_actors(&all, s, &o, NULL), 0);
	for (i = 0; i < sizeof(single) / sizeof(*single); i++) {
		o.columns = SOCIALCAP_COLUMN_BIT(single[i]);
		assert_int_equal(socialcap_indicators_actors(&some, s, &o, NULL), 0);
		assert_same_column(all, some, (uint32_t)single[i]);
		/* every other column is NaN, through every accessor, and the
		 * table keeps its shape although only one column is stored */
		assert_int_equal(socialcap_results_column_count(some), SOCIALCAP_ACTOR_COLUMN_COUNT);
		assert_int_equal(socialcap_results_row_count(some), 3000);
		for (c = 0; c < SOCIALCAP_ACTOR_COLUMN_COUNT; c++) {
			const double *col = socialcap_results_column(some, c);
			double x = 0;

			assert_non_null(col);
			assert_string_equal(socialcap_results_column_name(some, c),
					    socialcap_actor_column_name((int)c));
			for (v = 0; c != (uint32_t)single[i] && v < 3000; v++) {
				assert_true(isnan(col[v]));
				assert_true(isnan(socialcap_results_get(some, v, c)));
			}
			assert_int_equal(socialcap_results_value(some, 2999, c, &x), 0);
			if (c == (uint32_t)single[i])
				assert_memory_equal(&x, &col[2999], sizeof(x));
		}
		socialcap_results_free(some);
	}
	/* a family not chosen stays NaN even when its column is asked for */
	o.families = SOCIALCAP_FAMILY_LOCAL;
	o.columns = SOCIALCAP_COLUMN_BIT(SOCIALCAP_ACTOR_CLUSTERING) |
		    SOCIALCAP_COLUMN_BIT(SOCIALCAP_ACTOR_DEGREE);
	assert_int_equal(socialcap_indicators_actors(&some, s, &o, NULL), 0);
	assert_true(isnan(socialcap_results_get(some, 1, SOCIALCAP_ACTOR_CLUSTERING)));
	assert_same_column(all, some, SOCIALCAP_ACTOR_DEGREE);
	socialcap_results_free(some);
	/* an unknown column bit is refused */
	o.columns = SOCIALCAP_COLUMN_BIT(SOCIALCAP_ACTOR_COLUMN_COUNT);
	assert_int_equal(socialcap_indicators_actors(&some, s, &o, NULL), SOCIALCAP_EINVAL);
	assert_null(some);
	socialcap_results_free(all);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* The layout of the options before `columns` was added. */
typedef struct options_v1 {
	unsigned int version;
	unsigned int families;
	int group_by;
	int64_t event_window;
	double ec_threshold;
	uint32_t betweenness_samples;
	uint64_t seed;
	unsigned int threads;
	socialcap_progress_fn progress;
	void *progress_user;
} options_v1;

static void test_version_1_options(void **state)
{
	socialcap_network *net;
	socialcap_snapshot *s = make_graph(&net);
	socialcap_indicator_options o = SOCIALCAP_INDICATOR_OPTIONS_INIT;
	struct {
		options_v1 v1;
		unsigned char guard[64];
	} old;
	socialcap_results *a = NULL, *b = NULL;
	size_t i;

	(void)state;
	assert_int_equal(offsetof(socialcap_indicator_options, columns), sizeof(options_v1));
	memset(&old, 0xab, sizeof(old));
	assert_int_equal(socialcap_indicator_options_init((socialcap_indicator_options *)(void *)&old.v1, 1), 0);
	for (i = 0; i < sizeof(old.guard); i++)
		assert_int_equal(old.guard[i], 0xab); /* nothing written past v1 */
	assert_int_equal(old.v1.version, 1);
	assert_int_equal(old.v1.threads, 1);
	/* garbage after a version-1 struct is not read as a column mask */
	assert_int_equal(socialcap_indicators_actors(&a, s, (socialcap_indicator_options *)(void *)&old.v1, NULL), 0);
	assert_int_equal(socialcap_indicators_actors(&b, s, &o, NULL), 0);
	assert_same_column(a, b, SOCIALCAP_ACTOR_CONSTRAINT);
	assert_same_column(a, b, SOCIALCAP_ACTOR_EC);
	socialcap_results_free(a);
	socialcap_results_free(b);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

static void triangle_threads_identical(int hubs)
{
	socialcap_network *net;
	socialcap_snapshot *s = make_graph_with(&net, hubs);
	socialcap_indicator_options o = SOCIALCAP_INDICATOR_OPTIONS_INIT;
	socialcap_results *one = NULL, *many = NULL, *counts = NULL;
	static const unsigned threads[] = {2, 3, 8};
	size_t i;

	o.families = SOCIALCAP_FAMILY_TRIANGLES;
	assert_int_equal(socialcap_indicators_actors(&one, s, &o, NULL), 0);
	for (i = 0; i < sizeof(threads) / sizeof(*threads); i++) {
		o.threads = threads[i];
		o.columns = 0;
		assert_int_equal(socialcap_indicators_actors(&many, s, &o, NULL), 0);
		assert_same_column(one, many, SOCIALCAP_ACTOR_CLUSTERING);
		assert_same_column(one, many, SOCIALCAP_ACTOR_CONSTRAINT);
		assert_same_column(one, many, SOCIALCAP_ACTOR_EFFECTIVE_SIZE);
		assert_same_column(one, many, SOCIALCAP_ACTOR_EFFICIENCY);
		assert_same_column(one, many, SOCIALCAP_ACTOR_HIERARCHY);
		socialcap_results_free(many);
		/* clustering alone takes the counting pass: same numbers */
		o.columns = SOCIALCAP_COLUMN_BIT(SOCIALCAP_ACTOR_CLUSTERING);
		assert_int_equal(socialcap_indicators_actors(&counts, s, &o, NULL), 0);
		assert_same_column(one, counts, SOCIALCAP_ACTOR_CLUSTERING);
		socialcap_results_free(counts);
	}
	socialcap_results_free(one);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/*
 * With hubs (largest degree above sqrt(2m)) the counting pass orients ties
 * by degree rank; without, by index. Either way its counts are those of
 * the Burt pass, on any number of threads.
 */
static void test_triangle_threads_identical(void **state)
{
	(void)state;
	triangle_threads_identical(1);
	triangle_threads_identical(0);
}

/* Transitivity (a total only) against the per-actor counts: 3 T / triples. */
static void test_transitivity_total(void **state)
{
	int hubs;

	(void)state;
	for (hubs = 0; hubs < 2; hubs++) {
		socialcap_network *net;
		socialcap_snapshot *s = make_graph_with(&net, hubs);
		socialcap_indicator_options o = SOCIALCAP_INDICATOR_OPTIONS_INIT;
		socialcap_results *act = NULL, *whole = NULL;
		double tri = 0, triples = 0;
		unsigned threads;
		uint32_t v;

		o.families = SOCIALCAP_FAMILY_TRIANGLES | SOCIALCAP_FAMILY_LOCAL;
		o.columns = SOCIALCAP_COLUMN_BIT(SOCIALCAP_ACTOR_CLUSTERING) |
			    SOCIALCAP_COLUMN_BIT(SOCIALCAP_ACTOR_DEGREE);
		assert_int_equal(socialcap_indicators_actors(&act, s, &o, NULL), 0);
		for (v = 0; v < 3000; v++) {
			double k = socialcap_results_get(act, v, SOCIALCAP_ACTOR_DEGREE);
			double c = socialcap_results_get(act, v, SOCIALCAP_ACTOR_CLUSTERING);

			triples += k * (k - 1) / 2;
			if (k >= 2)
				tri += c * k * (k - 1) / 2; /* triangles at v */
		}
		for (threads = 1; threads <= 3; threads++) {
			o.threads = threads;
			assert_int_equal(socialcap_indicators_network(&whole, s, &o, NULL), 0);
			assert_true(fabs(socialcap_results_get(whole, 0, SOCIALCAP_NETWORK_TRANSITIVITY) -
					 tri / triples) < 1e-12);
			socialcap_results_free(whole);
		}
		socialcap_results_free(act);
		socialcap_snapshot_free(s);
		socialcap_network_free(net);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns_subset),
		cmocka_unit_test(test_version_1_options),
		cmocka_unit_test(test_triangle_threads_identical),
		cmocka_unit_test(test_transitivity_total),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
