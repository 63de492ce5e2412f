/*
 * A snapshot that takes its network over (socialcap_snapshot_own_network):
 * the ties are freed at once, every number and label computed afterwards
 * is the one the borrowing snapshot gives, results keep the network alive
 * after the snapshot is gone, and the calls that would need the freed ties
 * refuse with a message instead of computing on a network without them.
 * socialcap_snapshot_build_owning(), which takes the network over during
 * the build, gives the same graph to the bit.
 */
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
#include "test_files.h"

#define ACTORS 180u
#define TIES 1100u
#define T_NOW INT64_C(1700000000)

static uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return *s >> 33;
}

enum { PLAIN = 0, TIMED = 1, LEDGER = 2 };

/*
 * A random network in five neighbourhoods with skewed sectors, a few
 * institutions and groups. TIMED gives the first tie a since time; LEDGER
 * adds contacts and events (both make the network depend on time). @p ta
 * is initialised afresh (test_alloc_network) and counts every allocation.
 */
static socialcap_network *make_net(test_alloc *ta, int flags)
{
	static const char *const sectors[] = {"residents", "residents", "shops",
					      "youth work", "police"};
	static const char *const layers[] = {"family", "neighbours", "work"};
	static const char *const groups[] = {"choir", "club"};
	socialcap_network *net = test_alloc_network(ta);
	uint64_t seed = 11;
	uint32_t i;

	assert_int_equal(socialcap_network_set_sector(net, NULL, "youth work", 1, 0.6), 0);
	assert_int_equal(socialcap_network_set_sector(net, NULL, "police", 2, 0.8), 0);
	for (i = 0; i < ACTORS; i++) {
		char id[16], nbh[16];
		uint32_t s = (uint32_t)(lcg(&seed) % 5);

		snprintf(id, sizeof(id), "p-%03u", i);
		snprintf(nbh, sizeof(nbh), "N%u", i % 5);
		assert_int_equal(socialcap_network_add_actor(
					 net, NULL, id,
					 s >= 3 ? SOCIALCAP_PROFESSIONAL : SOCIALCAP_RESIDENT,
					 sectors[s], nbh, (double)(lcg(&seed) % 100) / 100.0,
					 groups + i % 2, i % 3 == 0 ? 1 : 0),
				 0);
	}
	for (i = 0; i < TIES; i++) {
		uint32_t a = (uint32_t)(lcg(&seed) % ACTORS);
		uint32_t b = (a + 1 + (uint32_t)(lcg(&seed) % (i % 4 ? 9u : ACTORS - 1))) % ACTORS;
		double w = 0.25 + (double)(lcg(&seed) % 12) / 4.0;

		assert_int_equal(socialcap_network_add_tie(net, NULL, a, b, layers[i % 3], w,
							   i == 0 && (flags & TIMED)
								   ? T_NOW - 1000
								   : SOCIALCAP_TIME_NONE),
				 0);
	}
	for (i = 0; (flags & LEDGER) && i < 40; i++) {
		socialcap_contact c = {T_NOW - 86400 * (int64_t)i, i, (i * 7 + 3) % ACTORS,
				       SOCIALCAP_PHYSICAL, 1.0, 5.0 * i};
		socialcap_attendance at[3] = {{i, SOCIALCAP_ORGANISER},
					      {(i + 50) % ACTORS, SOCIALCAP_PARTICIPANT},
					      {(i + 90) % ACTORS, SOCIALCAP_PARTICIPANT}};
		char id[16], nbh[16];
		socialcap_event e = {id, T_NOW - 3600 * (int64_t)i, nbh, "clean-up",
				     SOCIALCAP_PHYSICAL, 20.0};

		snprintf(id, sizeof(id), "e%u", i);
		snprintf(nbh, sizeof(nbh), "N%u", i % 5);
		assert_int_equal(socialcap_network_record_contact(net, NULL, &c), 0);
		assert_int_equal(socialcap_network_record_event(net, NULL, &e, at, 3), 0);
	}
	return net;
}

static socialcap_snapshot *snap_of(socialcap_network *net)
{
	socialcap_snapshot_options so = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_snapshot *snap = NULL;

	so.time = T_NOW;
	assert_int_equal(socialcap_snapshot_build(&snap, net, &so), 0);
	return snap;
}

/* Every column and row label of @p x and @p y, to the bit. */
static void same_results(const socialcap_results *x, const socialcap_results *y)
{
	uint32_t rows = socialcap_results_row_count(x);
	uint32_t cols = socialcap_results_column_count(x), c, r;

	assert_int_equal(rows, socialcap_results_row_count(y));
	assert_int_equal(cols, socialcap_results_column_count(y));
	assert_true(rows > 0);
	for (c = 0; c < cols; c++) {
		const double *a = socialcap_results_column(x, c);
		const double *b = socialcap_results_column(y, c);

		if (memcmp(a, b, rows * sizeof(*a)) != 0)
			fail_msg("column %s differs", socialcap_results_column_name(x, c));
	}
	for (r = 0; r < rows; r++)
		assert_string_equal(socialcap_results_row_label(x, r),
				    socialcap_results_row_label(y, r));
}

typedef struct tables {
	socialcap_results *actors, *network, *nbhs, *sectors;
} tables;

static void compute(tables *t, const socialcap_snapshot *snap)
{
	socialcap_areas_options ao = SOCIALCAP_AREAS_OPTIONS_INIT;

	ao.min_cell = 0;
	assert_int_equal(socialcap_indicators_actors(&t->actors, snap, NULL, NULL), 0);
	assert_int_equal(socialcap_indicators_network(&t->network, snap, NULL, NULL), 0);
	assert_int_equal(socialcap_areas_compute(&t->nbhs, snap, &ao), 0);
	ao.areas = SOCIALCAP_AREAS_SECTORS;
	assert_int_equal(socialcap_areas_compute(&t->sectors, snap, &ao), 0);
}

static void free_tables(tables *t)
{
	socialcap_results_free(t->actors);
	socialcap_results_free(t->network);
	socialcap_results_free(t->nbhs);
	socialcap_results_free(t->sectors);
}

/* The same numbers and labels with and without the take-over; the ties'
 * memory is gone at once; the results outlive the snapshot. */
static void test_same_numbers(void **state)
{
	test_alloc ta_kept, ta_own;
	socialcap_network *kept, *own;
	socialcap_snapshot *s_kept, *s_own;
	tables t_kept, t_own;
	size_t held, ties;
	uint32_t row;

	(void)state;
	kept = make_net(&ta_kept, PLAIN);
	own = make_net(&ta_own, PLAIN);
	s_kept = snap_of(kept);
	s_own = snap_of(own);
	held = socialcap_network_memory(own);
	ties = socialcap_network_tie_count(own);
	assert_true(ties > TIES / 2);
	assert_int_equal(socialcap_snapshot_own_network(s_own, own), 0);
	/* the tie columns and index are freed (at least 18 bytes a tie) */
	assert_true(socialcap_network_memory(own) + 18u * ties <= held);
	assert_true(socialcap_snapshot_network(s_own) == own);
	assert_int_equal(socialcap_network_tie_count(own), 0);
	assert_int_equal(socialcap_network_actor_count(own), ACTORS);
	assert_int_equal(socialcap_snapshot_tie_count(s_own),
			 socialcap_snapshot_tie_count(s_kept));
	compute(&t_kept, s_kept);
	compute(&t_own, s_own);
	socialcap_snapshot_free(s_own); /* the results still hold the network */
	same_results(t_kept.actors, t_own.actors);
	same_results(t_kept.network, t_own.network);
	same_results(t_kept.nbhs, t_own.nbhs);
	same_results(t_kept.sectors, t_own.sectors);
	assert_int_equal(socialcap_results_find_row(t_own.actors, &row, "p-042"), 0);
	assert_int_equal(row, 42);
	assert_int_equal(socialcap_results_find_row(t_own.nbhs, &row, "N3"), 0);
	free_tables(&t_own);
	/* the last holder freed the network */
	assert_int_equal(ta_own.live, 0);
	free_tables(&t_kept);
	socialcap_snapshot_free(s_kept);
	socialcap_network_free(kept);
	assert_int_equal(ta_kept.live, 0);
}

/* Objects made before the take-over hold nothing: a results table of the
 * snapshot and a second snapshot of the network, freed after it, leave
 * the network to the snapshot that took it, which still reads it; the
 * network goes with the last real holder. */
static void test_made_before_hold_nothing(void **state)
{
	test_alloc ta;
	socialcap_network *net;
	socialcap_snapshot *snap, *other;
	socialcap_results *before = NULL, *after = NULL;
	uint32_t row;

	(void)state;
	net = make_net(&ta, PLAIN);
	snap = snap_of(net);
	other = snap_of(net);
	assert_int_equal(socialcap_indicators_actors(&before, snap, NULL, NULL), 0);
	assert_int_equal(socialcap_snapshot_own_network(snap, net), 0);
	socialcap_results_free(before);
	socialcap_snapshot_free(other);
	/* the network is still there for the snapshot and its results */
	assert_int_equal(socialcap_network_actor_count(net), ACTORS);
	assert_int_equal(socialcap_indicators_actors(&after, snap, NULL, NULL), 0);
	assert_int_equal(socialcap_results_find_row(after, &row, "p-042"), 0);
	assert_int_equal(row, 42);
	socialcap_snapshot_free(snap);
	assert_true(ta.live > 0); /* held by the results */
	assert_string_equal(socialcap_results_row_label(after, 7), "p-007");
	socialcap_results_free(after);
	assert_int_equal(ta.live, 0);
}

/* A ledger is kept: the investment columns are the same, but the growth
 * columns of a network with records in time need the graph at
 * t - window, which is refused; without them the table is the same. */
static void test_ledger_and_time(void **state)
{
	socialcap_areas_options ao = SOCIALCAP_AREAS_OPTIONS_INIT;
	const uint32_t growth = SOCIALCAP_AREA_COLUMN_BIT(SOCIALCAP_AREA_GROWTH_FUND) |
				SOCIALCAP_AREA_COLUMN_BIT(SOCIALCAP_AREA_GROWTH_RATE) |
				SOCIALCAP_AREA_COLUMN_BIT(SOCIALCAP_AREA_SOCIAL_RETURN) |
				SOCIALCAP_AREA_COLUMN_BIT(SOCIALCAP_AREA_RELATIONAL_STOCK);
	int flags[] = {TIMED, LEDGER};
	size_t k;

	(void)state;
	for (k = 0; k < 2; k++) {
		test_alloc ta_kept, ta_own;
		socialcap_network *kept, *own;
		socialcap_snapshot *s_kept, *s_own;
		socialcap_results *r_kept = NULL, *r_own = NULL;

		kept = make_net(&ta_kept, flags[k]);
		own = make_net(&ta_own, flags[k]);
		s_kept = snap_of(kept);
		s_own = snap_of(own);
		assert_int_equal(socialcap_snapshot_own_network(s_own, own), 0);
		ao.min_cell = 0;
		ao.columns = 0; /* every column */
		assert_int_equal(socialcap_areas_compute(&r_own, s_own, &ao), SOCIALCAP_EINVAL);
		assert_null(r_own);
		assert_non_null(strstr(socialcap_network_errmsg(own), "t - window"));
		assert_non_null(strstr(socialcap_network_errmsg(own),
				       "socialcap_snapshot_own_network"));
		ao.columns = ((UINT32_C(1) << SOCIALCAP_AREA_COLUMN_COUNT) - 1u) & ~growth;
		assert_int_equal(socialcap_areas_compute(&r_kept, s_kept, &ao), 0);
		assert_int_equal(socialcap_areas_compute(&r_own, s_own, &ao), 0);
		same_results(r_kept, r_own);
		if (flags[k] & LEDGER)
			assert_true(socialcap_results_get(r_own, 0,
							  SOCIALCAP_AREA_INVESTMENT_FLOW) > 0);
		socialcap_results_free(r_kept);
		socialcap_results_free(r_own);
		socialcap_snapshot_free(s_own);
		assert_int_equal(ta_own.live, 0);
		socialcap_snapshot_free(s_kept);
		socialcap_network_free(kept);
		assert_int_equal(ta_kept.live, 0);
	}
}

/* Bad calls change nothing; calls that need the ties refuse them. */
/* A journal in a fresh store, with two actors and one tie; its network. */
static socialcap_network *journalled(test_store **store, socialcap_journal **j)
{
	socialcap_error err;

	*store = test_store_new("journalled.state");
	assert_non_null(*store);
	assert_int_equal(socialcap_journal_create(j, (*store)->path, NULL, NULL, &err), 0);
	assert_int_equal(socialcap_journal_add_actor(*j, NULL, "x", SOCIALCAP_RESIDENT,
						     "residents", "N1", NAN, NULL, 0),
			 0);
	assert_int_equal(socialcap_journal_add_actor(*j, NULL, "y", SOCIALCAP_RESIDENT,
						     "residents", "N1", NAN, NULL, 0),
			 0);
	assert_int_equal(socialcap_journal_add_tie(*j, NULL, 0, 1, "family", 1.0,
						   SOCIALCAP_TIME_NONE),
			 0);
	return socialcap_journal_network(*j);
}

static void test_refusals(void **state)
{
	test_alloc ta, tb;
	socialcap_network *net, *other;
	socialcap_snapshot *snap, *again = NULL, *of_other;
	socialcap_error err;
	test_store *store;
	uint64_t ties;

	(void)state;
	net = make_net(&ta, PLAIN);
	other = make_net(&tb, PLAIN);
	snap = snap_of(net);
	of_other = snap_of(other);
	ties = socialcap_network_tie_count(net);
	assert_int_equal(socialcap_snapshot_own_network(NULL, net), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_snapshot_own_network(snap, NULL), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_snapshot_own_network(snap, other), SOCIALCAP_EINVAL);
	assert_non_null(strstr(socialcap_network_errmsg(other), "another network"));
	assert_int_equal(socialcap_network_tie_count(net), ties);
	assert_int_equal(socialcap_network_tie_count(other), ties);

	assert_int_equal(socialcap_snapshot_own_network(snap, net), 0);
	assert_string_equal(socialcap_network_errmsg(net), "");
	assert_int_equal(socialcap_snapshot_own_network(snap, net), SOCIALCAP_EINVAL);
	assert_non_null(strstr(socialcap_network_errmsg(net), "owns the network already"));

	assert_int_equal(socialcap_snapshot_build(&again, net, NULL), SOCIALCAP_EINVAL);
	assert_null(again);
	assert_non_null(strstr(socialcap_network_errmsg(net), "ties were released"));
	store = test_store_new("own.state");
	assert_non_null(store);
	assert_int_equal(socialcap_state_save(net, store->path, NULL, &err), SOCIALCAP_EINVAL);
	assert_non_null(strstr(err.message, "ties were released"));
	assert_int_equal(socialcap_dataset_export(net, store->dir, NULL, &err),
			 SOCIALCAP_EINVAL);
	assert_non_null(strstr(err.message, "ties were released"));
	test_store_teardown((void **)&store);

	{
		/* a journal's network stays the journal's */
		socialcap_journal *j = NULL;
		socialcap_network *jnet = journalled(&store, &j);
		socialcap_snapshot *js;

		js = snap_of(jnet);
		assert_int_equal(socialcap_snapshot_own_network(js, jnet), SOCIALCAP_EINVAL);
		assert_non_null(strstr(socialcap_network_errmsg(jnet), "journal"));
		assert_int_equal(socialcap_network_actor_count(jnet), 2);
		assert_int_equal(socialcap_network_tie_count(jnet), 1);
		socialcap_snapshot_free(js);
		socialcap_journal_free(j);
		test_store_teardown((void **)&store);
	}

	socialcap_snapshot_free(snap);
	assert_int_equal(ta.live, 0);
	socialcap_snapshot_free(of_other);
	socialcap_network_free(other);
	assert_int_equal(tb.live, 0);
}

/* The take-over allocates nothing, so it cannot fail for memory; with a
 * network that is empty it works too, and the snapshot frees it. */
static void test_no_allocation(void **state)
{
	test_alloc ta;
	socialcap_network *net;
	socialcap_snapshot *snap;
	size_t calls;

	(void)state;
	net = test_alloc_network(&ta);
	snap = snap_of(net);
	calls = ta.calls;
	ta.fail_at = calls + 1;
	ta.fail_from = 1;
	assert_int_equal(socialcap_snapshot_own_network(snap, net), 0);
	assert_int_equal(ta.calls, calls);
	ta.fail_at = 0;
	socialcap_snapshot_free(snap);
	assert_int_equal(ta.live, 0);
}

#define HOLDERS 6

static void *let_go(void *arg)
{
	socialcap_results_free(arg);
	return NULL;
}

/* The holders let go on threads of their own, at once with the snapshot:
 * the count is atomic, so the network is freed exactly once (ASan,
 * valgrind and ThreadSanitizer see it; the default allocator, since the
 * counting one is not thread-safe). */
static void test_let_go_on_threads(void **state)
{
	socialcap_results *res[HOLDERS];
	pthread_t th[HOLDERS];
	socialcap_network *net = NULL;
	socialcap_snapshot *snap;
	int round, i;

	(void)state;
	for (round = 0; round < 20; round++) {
		assert_int_equal(socialcap_network_new(&net, NULL), 0);
		assert_int_equal(socialcap_network_add_actor(net, NULL, "x", SOCIALCAP_RESIDENT,
							     "residents", "N1", NAN, NULL, 0),
				 0);
		assert_int_equal(socialcap_network_add_actor(net, NULL, "y", SOCIALCAP_RESIDENT,
							     "residents", "N1", NAN, NULL, 0),
				 0);
		assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 1, "family", 1.0,
							   SOCIALCAP_TIME_NONE),
				 0);
		snap = snap_of(net);
		assert_int_equal(socialcap_snapshot_own_network(snap, net), 0);
		for (i = 0; i < HOLDERS; i++)
			assert_int_equal(socialcap_indicators_network(&res[i], snap, NULL, NULL), 0);
		for (i = 0; i < HOLDERS; i++)
			assert_int_equal(pthread_create(&th[i], NULL, let_go, res[i]), 0);
		socialcap_snapshot_free(snap);
		for (i = 0; i < HOLDERS; i++)
			assert_int_equal(pthread_join(th[i], NULL), 0);
	}
}

/* The tables of an owning snapshot: the area tables only where they need
 * no second snapshot (else they are refused, see test_ledger_and_time). */
static void compute_owned(tables *t, const socialcap_snapshot *snap)
{
	socialcap_areas_options ao = SOCIALCAP_AREAS_OPTIONS_INIT;

	if (socialcap_snapshot_timeless(snap)) {
		compute(t, snap);
		return;
	}
	memset(t, 0, sizeof(*t));
	assert_int_equal(socialcap_indicators_actors(&t->actors, snap, NULL, NULL), 0);
	assert_int_equal(socialcap_indicators_network(&t->network, snap, NULL, NULL), 0);
	assert_int_equal(socialcap_areas_compute(&t->nbhs, snap, &ao), SOCIALCAP_EINVAL);
}

/* Both graphs to the bit: degrees, neighbours and strengths. */
static void same_graph(const socialcap_snapshot *x, const socialcap_snapshot *y)
{
	uint32_t v, n = socialcap_snapshot_actor_count(x);

	assert_int_equal(n, socialcap_snapshot_actor_count(y));
	assert_int_equal(socialcap_snapshot_tie_count(x), socialcap_snapshot_tie_count(y));
	assert_int_equal(socialcap_snapshot_time(x), socialcap_snapshot_time(y));
	assert_int_equal(socialcap_snapshot_timeless(x), socialcap_snapshot_timeless(y));
	for (v = 0; v < n; v++) {
		const uint32_t *nx, *ny;
		const double *wx, *wy;
		uint32_t cx, cy;

		assert_int_equal(socialcap_snapshot_neighbours(x, v, &nx, &wx, &cx), 0);
		assert_int_equal(socialcap_snapshot_neighbours(y, v, &ny, &wy, &cy), 0);
		assert_int_equal(cx, cy);
		if (cx > 0 && (memcmp(nx, ny, cx * sizeof(*nx)) != 0 ||
			       memcmp(wx, wy, cx * sizeof(*wx)) != 0))
			fail_msg("actor %u: the lists differ", v);
	}
}

/*
 * socialcap_snapshot_build_owning() gives the graph, the tables and the
 * network state of a build followed by the take-over, for every kind of
 * network (tie times, a ledger) and options that drop ties (a time before
 * some records, theta above some strengths) or decay them per layer.
 */
static void test_owning_same_as_build_then_own(void **state)
{
	static const int64_t half[] = {0, 86400, 86400 * 40};
	static const int kinds[] = {PLAIN, TIMED, LEDGER, TIMED | LEDGER};
	size_t k, o;

	(void)state;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		for (o = 0; o < 3; o++) {
			socialcap_snapshot_options so = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
			test_alloc ta_kept, ta_own;
			socialcap_network *kept, *own;
			socialcap_snapshot *s_kept = NULL, *s_own = NULL;
			tables t_kept, t_own;
			size_t ties;

			so.time = o == 1 ? T_NOW - 2000 * 3600 : T_NOW;
			if (o == 2) {
				so.theta = 1.0;
				so.layer_half_lives = half;
				so.layer_half_life_count = 3;
			}
			kept = make_net(&ta_kept, kinds[k]);
			own = make_net(&ta_own, kinds[k]);
			ties = socialcap_network_tie_count(own);
			assert_int_equal(socialcap_snapshot_build(&s_kept, kept, &so), 0);
			assert_int_equal(socialcap_snapshot_own_network(s_kept, kept), 0);
			assert_int_equal(socialcap_snapshot_build_owning(&s_own, own, &so), 0);
			assert_string_equal(socialcap_network_errmsg(own), "");
			assert_true(socialcap_snapshot_network(s_own) == own);
			assert_int_equal(socialcap_network_tie_count(own), 0);
			assert_true(ties > TIES / 2);
			assert_int_equal(socialcap_network_actor_count(own), ACTORS);
			assert_int_equal(socialcap_network_memory(own),
					 socialcap_network_memory(kept));
			same_graph(s_kept, s_own);
			compute_owned(&t_kept, s_kept);
			compute_owned(&t_own, s_own);
			socialcap_snapshot_free(s_own);
			same_results(t_kept.actors, t_own.actors);
			same_results(t_kept.network, t_own.network);
			assert_true((t_kept.nbhs == NULL) == (kinds[k] != PLAIN));
			if (t_kept.nbhs != NULL) {
				same_results(t_kept.nbhs, t_own.nbhs);
				same_results(t_kept.sectors, t_own.sectors);
			}
			free_tables(&t_own);
			assert_int_equal(ta_own.live, 0);
			free_tables(&t_kept);
			socialcap_snapshot_free(s_kept);
			assert_int_equal(ta_kept.live, 0);
		}
	}
}

/* Ties that span the whole actor range stay held until the last run of
 * actors is written; an empty network and one without ties work too. */
static void test_owning_far_ties_and_empty(void **state)
{
	enum { N = 3000 };
	test_alloc ta_kept, ta_own, ta_empty;
	socialcap_network *kept, *own, *empty;
	socialcap_snapshot *s_kept = NULL, *s_own = NULL, *s_empty = NULL;
	uint64_t seed = 5;
	int copy;

	(void)state;
	kept = test_alloc_network(&ta_kept);
	own = test_alloc_network(&ta_own);
	for (copy = 0; copy < 2; copy++) {
		socialcap_network *net = copy ? own : kept;
		uint32_t i;

		seed = 5;
		for (i = 0; i < N; i++) {
			char id[16];

			snprintf(id, sizeof(id), "x%u", i);
			assert_int_equal(socialcap_network_add_actor(net, NULL, id,
								     SOCIALCAP_RESIDENT,
								     "residents", "N1", NAN,
								     NULL, 0),
					 0);
		}
		for (i = 0; i < 4 * N; i++) {
			uint32_t a = (uint32_t)(lcg(&seed) % N), b = (uint32_t)(lcg(&seed) % N);

			if (a == b)
				continue;
			/* every fourth tie from the first actors to the last */
			if (i % 4 == 0) {
				a = a % 20;
				b = N - 1 - b % 20;
			}
			/* a repeat adds to its tie */
			assert_int_equal(socialcap_network_add_tie(net, NULL, a, b,
								   i % 2 ? "family" : "work",
								   1.0 + (double)(i % 5),
								   SOCIALCAP_TIME_NONE),
					 0);
		}
	}
	assert_int_equal(socialcap_snapshot_build(&s_kept, kept, NULL), 0);
	assert_int_equal(socialcap_snapshot_build_owning(&s_own, own, NULL), 0);
	assert_true(socialcap_snapshot_tie_count(s_own) > 2 * N);
	same_graph(s_kept, s_own);
	socialcap_snapshot_free(s_own);
	assert_int_equal(ta_own.live, 0);
	socialcap_snapshot_free(s_kept);
	socialcap_network_free(kept);
	assert_int_equal(ta_kept.live, 0);

	empty = test_alloc_network(&ta_empty);
	assert_int_equal(socialcap_snapshot_build_owning(&s_empty, empty, NULL), 0);
	assert_int_equal(socialcap_snapshot_actor_count(s_empty), 0);
	assert_int_equal(socialcap_snapshot_tie_count(s_empty), 0);
	socialcap_snapshot_free(s_empty);
	assert_int_equal(ta_empty.live, 0);
}

/* Refusals leave the network as it was, ties included. */
static void test_owning_refusals(void **state)
{
	socialcap_snapshot_options bad = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_snapshot *snap = (socialcap_snapshot *)&bad, *again = NULL;
	socialcap_network *net;
	test_store *store;
	test_alloc ta;
	uint64_t ties;

	(void)state;
	net = make_net(&ta, LEDGER);
	ties = socialcap_network_tie_count(net);
	assert_int_equal(socialcap_snapshot_build_owning(NULL, net, NULL), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_snapshot_build_owning(&snap, NULL, NULL), SOCIALCAP_EINVAL);
	bad.half_life_event = -1;
	assert_int_equal(socialcap_snapshot_build_owning(&snap, net, &bad), SOCIALCAP_EINVAL);
	assert_null(snap);
	assert_non_null(strstr(socialcap_network_errmsg(net), "negative half-life"));
	assert_int_equal(socialcap_network_tie_count(net), ties);

	assert_int_equal(socialcap_snapshot_build_owning(&snap, net, NULL), 0);
	assert_int_equal(socialcap_snapshot_build_owning(&again, net, NULL), SOCIALCAP_EINVAL);
	assert_null(again);
	assert_non_null(strstr(socialcap_network_errmsg(net), "ties were released"));
	assert_int_equal(socialcap_snapshot_own_network(snap, net), SOCIALCAP_EINVAL);
	socialcap_snapshot_free(snap);
	assert_int_equal(ta.live, 0);

	{
		/* a journal's network stays the journal's, with its ties */
		socialcap_journal *j = NULL;
		socialcap_network *jnet = journalled(&store, &j);

		snap = NULL;
		assert_int_equal(socialcap_snapshot_build_owning(&snap, jnet, NULL),
				 SOCIALCAP_EINVAL);
		assert_null(snap);
		assert_non_null(strstr(socialcap_network_errmsg(jnet), "journal"));
		assert_int_equal(socialcap_network_tie_count(jnet), 1);
		socialcap_journal_free(j);
		test_store_teardown((void **)&store);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_numbers),
		cmocka_unit_test(test_made_before_hold_nothing),
		cmocka_unit_test(test_ledger_and_time),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_no_allocation),
		cmocka_unit_test(test_let_go_on_threads),
		cmocka_unit_test(test_owning_same_as_build_then_own),
		cmocka_unit_test(test_owning_far_ties_and_empty),
		cmocka_unit_test(test_owning_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
