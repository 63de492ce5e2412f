/*
 * Concurrent readers of one snapshot.
 *
 * A snapshot is immutable once built (socialcap/snapshot.h), so any number
 * of threads may query it at once. This test runs every read-only query
 * (indicators per family, exact and sampled betweenness, network
 * indicators, area tables, snapshot and results getters, network getters)
 * from 8 threads at the same time, many times over, and requires each
 * thread's output to be byte-for-byte the output of a single thread. Run
 * under ThreadSanitizer (tests/tsan.sh) it also proves the absence of data
 * races. A second test requires indicators computed with N worker threads
 * to be byte-identical to the same computed with one.
 *
 * SOCIALCAP_THREADS_ITERATIONS overrides the number of passes per thread
 * (default 100; the TSan script uses fewer).
 */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "socialcap.h"

#define THREADS 8
#define ACTORS 160u
#define DAY SOCIALCAP_DAY
#define T_END (400 * DAY)

/* ------------------------------------------------------------ fixture */

static uint64_t rng;

static uint32_t rnd(uint32_t below)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((rng >> 33) % below);
}

static void must(int rc)
{
	if (rc != 0)
		fail_msg("setup call failed: %s", socialcap_strerror(rc));
}

/* Residents in four neighbourhoods and five sectors of three tiers, a few
 * professionals and organisations (institutions), group memberships,
 * declared ties in three layers, contacts on both channels and events of
 * several sizes: every indicator family has something to compute. */
static socialcap_network *make_network(void)
{
	static const char *const sectors[] = {"res", "shop", "club", "youth", "police"};
	static const int tiers[] = {0, 0, 0, 1, 2};
	static const double prestige[] = {1, 3, NAN, 5, 8};
	static const char *const layers[] = {"family", "work", "neighbours"};
	static const char *const groups[] = {"choir", "football", "mosque", "garden"};
	socialcap_network *net = NULL;
	socialcap_attendance att[40];
	char id[32], nbh[32];
	uint32_t i, k;

	rng = 12345;
	must(socialcap_network_new(&net, NULL));
	for (k = 0; k < 5; k++)
		must(socialcap_network_set_sector(net, NULL, sectors[k], tiers[k],
						  prestige[k]));
	for (i = 0; i < ACTORS; i++) {
		uint32_t r = rnd(100);
		socialcap_actor_kind kind = r < 88   ? SOCIALCAP_RESIDENT
					    : r < 95 ? SOCIALCAP_PROFESSIONAL
						     : SOCIALCAP_ORGANISATION;
		const char *g[2];
		size_t gc = rnd(3);
		double status = rnd(8) == 0 ? NAN : rnd(1000) / 999.0;

		g[0] = groups[rnd(4)];
		g[1] = groups[(rnd(3) + 1) % 4];
		if (gc == 2 && strcmp(g[0], g[1]) == 0)
			gc = 1;
		k = kind == SOCIALCAP_RESIDENT ? (r < 70 ? 0 : 1 + rnd(2)) : 3 + rnd(2);
		snprintf(id, sizeof(id), "a%u", (unsigned)i);
		snprintf(nbh, sizeof(nbh), "N%u", (unsigned)(i / 40));
		must(socialcap_network_add_actor(net, NULL, id, kind, sectors[k], nbh,
						 status, g, gc));
	}
	for (i = 0; i < ACTORS; i++)
		for (k = 0; k < 2; k++) {
			uint32_t b = rnd(15) == 0 ? rnd(ACTORS)
						  : (i + 1 + rnd(6)) % ACTORS;
			int64_t since = rnd(4) == 0 ? SOCIALCAP_TIME_NONE
						    : (int64_t)rnd(380) * DAY;

			if (b != i)
				must(socialcap_network_add_tie(net, NULL, i, b,
							       layers[rnd(3)],
							       0.5 + rnd(6) * 0.5,
							       since));
		}
	for (i = 0; i < 2 * ACTORS; i++) {
		socialcap_contact c;

		memset(&c, 0, sizeof(c));
		c.a = rnd(ACTORS);
		c.b = (c.a + 1 + rnd(10)) % ACTORS;
		c.time = (int64_t)rnd(400) * DAY + rnd(86400);
		c.channel = (int32_t)rnd(2);
		c.weight = 0.1 + rnd(30) / 10.0;
		c.cost = rnd(3) == 0 ? 5.0 : 0.0;
		must(socialcap_network_record_contact(net, NULL, &c));
	}
	for (i = 0; i < 12; i++) {
		uint32_t d = 2 + rnd(i % 4 == 0 ? 38 : 8), start = rnd(ACTORS);
		socialcap_event ev;

		memset(&ev, 0, sizeof(ev));
		snprintf(id, sizeof(id), "e%u", (unsigned)i);
		snprintf(nbh, sizeof(nbh), "N%u", (unsigned)rnd(4));
		ev.id = id;
		ev.time = (int64_t)rnd(400) * DAY;
		ev.neighbourhood = nbh;
		ev.kind = i % 2 ? "meeting" : "party";
		ev.channel = SOCIALCAP_PHYSICAL;
		ev.cost = 10;
		for (k = 0; k < d; k++) {
			att[k].actor = (start + k * 3) % ACTORS;
			att[k].role = k == 0 ? SOCIALCAP_ORGANISER : SOCIALCAP_PARTICIPANT;
		}
		must(socialcap_network_record_event(net, NULL, &ev, att, d));
	}
	return net;
}

/* ----------------------------------------------------------- output */

/* Everything a pass observes, appended as raw bytes. */
typedef struct buf {
	unsigned char *data;
	size_t len, cap;
	int failed; /* a call returned an error: recorded, never asserted in a thread */
} buf;

static void put(buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		unsigned char *d;

		while (cap < b->len + n)
			cap *= 2;
		d = realloc(b->data, cap);
		if (d == NULL) {
			b->failed = 1;
			return;
		}
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

static void put_u64(buf *b, uint64_t v) { put(b, &v, sizeof(v)); }
static void put_dbl(buf *b, double v) { put(b, &v, sizeof(v)); }

static void put_str(buf *b, const char *s)
{
	if (s == NULL) {
		put_u64(b, UINT64_MAX);
		return;
	}
	put_u64(b, strlen(s));
	put(b, s, strlen(s));
}

static void put_rc(buf *b, int rc)
{
	put_u64(b, (uint64_t)(int64_t)rc);
	if (rc != 0)
		b->failed = 1;
}

/* Every getter of a results table, including out-of-range probes. */
static void dump_results(buf *b, const socialcap_results *r, int areas)
{
	uint32_t rows = socialcap_results_row_count(r);
	uint32_t cols = socialcap_results_column_count(r);
	uint32_t i, c, k, found;
	double v;

	put_u64(b, (uint64_t)(int64_t)socialcap_results_row_kind(r));
	put_u64(b, rows);
	put_u64(b, cols);
	for (c = 0; c <= cols; c++) {
		const char *name = socialcap_results_column_name(r, c);
		const double *col = socialcap_results_column(r, c);

		put_str(b, name);
		if (name != NULL) {
			put_u64(b, (uint64_t)(int64_t)socialcap_results_find_column(r, &found, name));
			put_u64(b, found);
		}
		if (col != NULL)
			put(b, col, rows * sizeof(double));
	}
	for (i = 0; i <= rows; i++) {
		const char *label = socialcap_results_row_label(r, i);

		put_str(b, label);
		if (label != NULL && i % 7 == 0) {
			put_u64(b, (uint64_t)(int64_t)socialcap_results_find_row(r, &found, label));
			put_u64(b, found);
		}
		for (c = 0; c <= cols; c++) {
			put_dbl(b, socialcap_results_get(r, i, c));
			v = 0;
			put_u64(b, (uint64_t)(int64_t)socialcap_results_value(r, i, c, &v));
			put_dbl(b, v);
			if (areas)
				put_str(b, socialcap_areas_text(r, i, c));
		}
	}
	k = socialcap_results_option_count(r);
	put_u64(b, k);
	for (i = 0; i <= k; i++) {
		const char *name = socialcap_results_option_name(r, i);

		put_str(b, name);
		/* The worker-thread count is echoed as given; it is the one
		 * option allowed to differ between runs compared here. */
		if (name != NULL && strcmp(name, "threads") == 0)
			continue;
		put_dbl(b, socialcap_results_option_value(r, i));
		if (name != NULL) {
			v = 0;
			put_u64(b, (uint64_t)(int64_t)socialcap_results_find_option(r, name, &v));
			put_dbl(b, v);
		}
	}
}

static void dump_snapshot(buf *b, const socialcap_snapshot *s)
{
	socialcap_snapshot_options o;
	const socialcap_network *net = socialcap_snapshot_network(s);
	uint32_t n = socialcap_snapshot_actor_count(s), i, j, k;

	memset(&o, 0, sizeof(o));
	put_rc(b, socialcap_snapshot_options_get(s, &o));
	put_u64(b, (uint64_t)o.time);
	put_u64(b, (uint64_t)o.half_life_physical);
	put_dbl(b, o.theta);
	put_u64(b, (uint64_t)socialcap_snapshot_time(s));
	put_u64(b, n);
	put_u64(b, socialcap_snapshot_tie_count(s));
	put_u64(b, socialcap_snapshot_memory(s));
	for (i = 0; i <= n; i++) {
		const uint32_t *nb = NULL;
		const double *w = NULL;
		uint32_t count = 0;
		int rc = socialcap_snapshot_neighbours(s, i, &nb, &w, &count);

		put_u64(b, socialcap_snapshot_degree(s, i));
		put_u64(b, (uint64_t)(int64_t)rc);
		if (rc == 0) {
			put(b, nb, count * sizeof(*nb));
			put(b, w, count * sizeof(*w));
			for (k = 0; k < count; k++)
				put_dbl(b, socialcap_snapshot_weight(s, i, nb[k]));
		}
		j = (i * 37u + 11u) % (n + 1);
		put_dbl(b, socialcap_snapshot_weight(s, i, j));
	}
	/* Labels are read from the network through the snapshot. */
	for (i = 0; i < socialcap_network_sector_count(net); i++)
		put_str(b, socialcap_network_sector_label(net, i));
	for (i = 0; i < socialcap_network_neighbourhood_count(net); i++)
		put_str(b, socialcap_network_neighbourhood_label(net, i));
	for (i = 0; i < socialcap_network_group_count(net); i++)
		put_str(b, socialcap_network_group_label(net, i));
}

static const unsigned int families[] = {
	SOCIALCAP_FAMILY_LOCAL, SOCIALCAP_FAMILY_TRIANGLES, SOCIALCAP_FAMILY_BETWEENNESS,
	SOCIALCAP_FAMILY_REACH, SOCIALCAP_FAMILY_STRUCTURE, SOCIALCAP_FAMILY_ALL};

/* One pass over every read-only query. @p threads is the indicators'
 * worker-thread count. */
static void run_pass(buf *b, const socialcap_snapshot *s, unsigned int threads)
{
	socialcap_indicator_options io;
	socialcap_areas_options ao;
	socialcap_results *r;
	socialcap_error err;
	size_t f;
	int g, kind;

	dump_snapshot(b, s);
	for (f = 0; f < sizeof(families) / sizeof(*families); f++)
		for (g = 0; g < 2; g++) {
			socialcap_indicator_options_init(&io, SOCIALCAP_INDICATOR_OPTIONS_VERSION);
			io.families = families[f];
			io.threads = threads;
			io.group_by = g ? SOCIALCAP_GROUP_NEIGHBOURHOOD : SOCIALCAP_GROUP_SECTOR;
			if (g && families[f] & SOCIALCAP_FAMILY_BETWEENNESS) {
				io.betweenness_samples = 40; /* sampled, fixed seed */
				io.seed = 77;
			}
			r = NULL;
			put_rc(b, socialcap_indicators_actors(&r, s, &io, &err));
			dump_results(b, r, 0);
			socialcap_results_free(r);
		}
	socialcap_indicator_options_init(&io, SOCIALCAP_INDICATOR_OPTIONS_VERSION);
	io.threads = threads;
	for (g = 0; g < 3; g++) {
		io.group_by = g;
		r = NULL;
		put_rc(b, socialcap_indicators_network(&r, s, &io, &err));
		dump_results(b, r, 0);
		socialcap_results_free(r);
	}
	for (kind = 0; kind < 2; kind++)
		for (g = 0; g < 2; g++) {
			uint32_t sec[16];
			size_t total = 0;

			socialcap_areas_options_init(&ao, SOCIALCAP_AREAS_OPTIONS_VERSION);
			ao.areas = kind;
			ao.group = g;
			ao.min_cell = g ? 0 : 10;
			r = NULL;
			put_rc(b, socialcap_areas_compute(&r, s, &ao));
			dump_results(b, r, 1);
			socialcap_results_free(r);
			put_u64(b, (uint64_t)(int64_t)socialcap_areas_new_investors(
					   s, &ao, 0, sec, 16, &total));
			put_u64(b, total);
			put(b, sec, (total < 16 ? total : 16) * sizeof(*sec));
		}
}

/* --------------------------------------------------------------- tests */

typedef struct worker {
	pthread_t tid;
	const socialcap_snapshot *snap;
	const buf *ref;
	int iterations;
	int mismatches;
	int failed;
} worker;

static void *work(void *arg)
{
	worker *w = arg;
	int it;

	for (it = 0; it < w->iterations; it++) {
		buf b = {NULL, 0, 0, 0};

		run_pass(&b, w->snap, 1);
		if (b.failed)
			w->failed++;
		if (b.len != w->ref->len || memcmp(b.data, w->ref->data, b.len) != 0)
			w->mismatches++;
		free(b.data);
	}
	return NULL;
}

static int iterations(void)
{
	const char *e = getenv("SOCIALCAP_THREADS_ITERATIONS");
	int n = e != NULL ? atoi(e) : 100;

	return n > 0 ? n : 1;
}

static socialcap_snapshot *make_snapshot(socialcap_network *net)
{
	socialcap_snapshot_options so;
	socialcap_snapshot *s = NULL;

	socialcap_snapshot_options_init(&so, SOCIALCAP_SNAPSHOT_OPTIONS_VERSION);
	so.time = T_END;
	must(socialcap_snapshot_build(&s, net, &so));
	return s;
}

static void test_concurrent_readers(void **state)
{
	socialcap_network *net = make_network();
	socialcap_snapshot *s = make_snapshot(net);
	buf ref = {NULL, 0, 0, 0};
	worker w[THREADS];
	int i, n = iterations();

	(void)state;
	run_pass(&ref, s, 1);
	assert_false(ref.failed);
	/* The fixture is not trivial: ties, triangles, several components. */
	assert_true(socialcap_snapshot_tie_count(s) > ACTORS);
	for (i = 0; i < THREADS; i++) {
		w[i].snap = s;
		w[i].ref = &ref;
		w[i].iterations = n;
		w[i].mismatches = 0;
		w[i].failed = 0;
		assert_int_equal(pthread_create(&w[i].tid, NULL, work, &w[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(w[i].tid, NULL), 0);
		assert_int_equal(w[i].failed, 0);
		assert_int_equal(w[i].mismatches, 0);
	}
	free(ref.data);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* Worker threads inside one indicator call change nothing in the output,
 * sampled betweenness included. */
static void test_worker_threads_same_bytes(void **state)
{
	static const unsigned int counts[] = {2, 3, 4, 8, 17};
	socialcap_network *net = make_network();
	socialcap_snapshot *s = make_snapshot(net);
	buf ref = {NULL, 0, 0, 0};
	size_t k;

	(void)state;
	run_pass(&ref, s, 1);
	assert_false(ref.failed);
	for (k = 0; k < sizeof(counts) / sizeof(*counts); k++) {
		buf b = {NULL, 0, 0, 0};

		run_pass(&b, s, counts[k]);
		assert_false(b.failed);
		assert_int_equal(b.len, ref.len);
		assert_memory_equal(b.data, ref.data, ref.len);
		free(b.data);
	}
	free(ref.data);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* Several worker threads inside calls made from several threads. */
static void *work_threaded(void *arg)
{
	worker *w = arg;
	buf b = {NULL, 0, 0, 0};

	run_pass(&b, w->snap, 3);
	w->failed = b.failed;
	w->mismatches = b.len != w->ref->len || memcmp(b.data, w->ref->data, b.len) != 0;
	free(b.data);
	return NULL;
}

static void test_nested_threads(void **state)
{
	socialcap_network *net = make_network();
	socialcap_snapshot *s = make_snapshot(net);
	buf ref = {NULL, 0, 0, 0};
	worker w[4];
	int i;

	(void)state;
	run_pass(&ref, s, 1);
	for (i = 0; i < 4; i++) {
		w[i].snap = s;
		w[i].ref = &ref;
		assert_int_equal(pthread_create(&w[i].tid, NULL, work_threaded, &w[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(w[i].tid, NULL), 0);
		assert_int_equal(w[i].failed, 0);
		assert_int_equal(w[i].mismatches, 0);
	}
	free(ref.data);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worker_threads_same_bytes),
		cmocka_unit_test(test_nested_threads),
		cmocka_unit_test(test_concurrent_readers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
