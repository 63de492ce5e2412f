/* The ties of a dataset import, on files large enough for the staging
 * table to be sized from the file and to grow: the network must be the one
 * socialcap_network_add_tie() builds from the same rows, bit for bit, into
 * an empty network and into one that holds ties already; allocation
 * failures leave it unchanged. */
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "net_equal.h"
#include "socialcap.h"
#include "test_alloc.h"
#include "test_files.h"

#define ACTORS 300u
#define ROWS 20000u
#define EARLY 150u /* rows added before the import in the populated case */

static const char *const layers[] = {"family", "work", "neighbours", "club", "school"};
/* Decimal texts with their values as the parser must read them; "1e-3"
 * and the 17-digit one take the general path. */
static const char *const weight_text[] = {"1",   "0.1",  "2.5",  "0.001", "3.75",
					  "7",   "1e-3", "12.125",
					  "0.30000000000000004"};
static const char *const since_text[] = {"", "2020-01-05", "2019-12-31", "2021-06-01"};

typedef struct row {
	uint32_t a, b;
	unsigned layer, weight, since;
} row;

static row rows[ROWS];

static uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return *s >> 33;
}

/* Repeats on purpose: few actors, so many (a, b, layer) come back, in
 * either order. */
static void make_rows(void)
{
	uint64_t s = 42;
	size_t i;

	for (i = 0; i < ROWS; i++) {
		row *r = &rows[i];

		r->a = (uint32_t)(lcg(&s) % ACTORS);
		do
			r->b = (uint32_t)(lcg(&s) % (r->a < 20 ? 22 : ACTORS));
		while (r->b == r->a);
		r->layer = (unsigned)(lcg(&s) % 5);
		r->weight = (unsigned)(lcg(&s) % 9);
		r->since = (unsigned)(lcg(&s) % 4);
	}
}

/* actors.csv, and ties.csv with rows[from..) unless from == ROWS. */
static char *make_dir(size_t from)
{
	char *dir = test_mkdtemp(), *buf = NULL;
	size_t len = 0, cap = 0, i;

	buf = test_text_append(buf, &len, &cap, "id,kind,sector,neighbourhood\n");
	for (i = 0; i < ACTORS; i++)
		buf = test_text_append(buf, &len, &cap, "p%zu,resident,residents,B%zu\n", i, i / 50);
	test_write_file(dir, "actors.csv", buf, len);
	if (from < ROWS) {
		len = 0;
		buf = test_text_append(buf, &len, &cap, "a,b,layer,weight,since\n");
		for (i = from; i < ROWS; i++)
			buf = test_text_append(buf, &len, &cap, "p%u,p%u,%s,%s,%s\n", (unsigned)rows[i].a,
				     (unsigned)rows[i].b, layers[rows[i].layer],
				     weight_text[rows[i].weight], since_text[rows[i].since]);
		test_write_file(dir, "ties.csv", buf, len);
	}
	free(buf);
	return dir;
}

/* Rows [from, to) through socialcap_network_add_tie(), without their
 * since times unless @p timed. */
static void add_rows_timed(socialcap_network *net, size_t from, size_t to, int timed)
{
	size_t i;

	for (i = from; i < to; i++) {
		int64_t since = SOCIALCAP_TIME_NONE;
		double w = strtod(weight_text[rows[i].weight], NULL);

		if (timed && rows[i].since > 0)
			assert_int_equal(socialcap_time_parse(&since, since_text[rows[i].since]), 0);
		assert_int_equal(socialcap_network_add_tie(net, NULL, rows[i].a, rows[i].b,
							   layers[rows[i].layer], w, since),
				 0);
	}
}

static void add_rows(socialcap_network *net, size_t from, size_t to)
{
	add_rows_timed(net, from, to, 1);
}

static void import_ok(socialcap_network *net, const char *dir)
{
	socialcap_error err;

	if (socialcap_dataset_import(net, dir, NULL, &err) != 0)
		fail_msg("import failed: %s:%llu:%llu: %s", err.file,
			 (unsigned long long)err.line, (unsigned long long)err.column,
			 err.message);
}

/* Write @p ties as the ties file in @p dir and import it: @p status,
 * reported at line @p line. */
static void import_fails(socialcap_network *net, const char *dir, const char *ties,
			 int status, uint64_t line, socialcap_error *err)
{
	test_write_file(dir, "ties.csv", ties, (size_t)-1);
	assert_int_equal(socialcap_dataset_import(net, dir, NULL, err), status);
	assert_int_equal(err->line, line);
}

/* The actors alone, then the ties one by one. */
static socialcap_network *reference(size_t rows_added)
{
	char *dir = make_dir(ROWS);
	socialcap_network *net = NULL;

	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	import_ok(net, dir);
	add_rows(net, 0, rows_added);
	test_rmdir_free(dir);
	return net;
}

static void test_into_empty_network(void **state)
{
	char *dir = make_dir(0);
	socialcap_network *net = NULL, *ref = reference(ROWS);

	(void)state;
	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	import_ok(net, dir);
	assert_true(socialcap_network_tie_count(net) > 1000);
	assert_true(socialcap_network_tie_count(net) < ROWS); /* repeats merged */
	assert_networks_equal(net, ref);
	socialcap_network_free(net);
	socialcap_network_free(ref);
	test_rmdir_free(dir);
}

/* Ties known to the network (rows [0, EARLY), with their times when
 * @p timed) are added to in file order by an import of the other rows; new
 * ones follow. */
static void check_import_after_rows(int timed)
{
	char *dir = make_dir(EARLY), *base = make_dir(ROWS);
	socialcap_network *net = NULL, *ref = reference(0);

	add_rows_timed(ref, 0, EARLY, timed);
	add_rows(ref, EARLY, ROWS);
	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	import_ok(net, base);
	add_rows_timed(net, 0, EARLY, timed);
	/* the actors are there already: import the ties alone */
	test_write_file(dir, "actors.csv", "id,kind,sector,neighbourhood\n", (size_t)-1);
	import_ok(net, dir);
	assert_networks_equal(net, ref);
	socialcap_network_free(net);
	socialcap_network_free(ref);
	test_rmdir_free(dir);
	test_rmdir_free(base);
}

static void test_into_network_with_ties(void **state)
{
	(void)state;
	check_import_after_rows(1);
}

/*
 * Import @p dir into a network on a failing allocator, failing at each of
 * the import's allocations in turn (first, when @p base is given, the
 * network imports it and gets rows [0, untimed) without times). Every run
 * ends in success, with the network equal to @p ref, or in
 * SOCIALCAP_ENOMEM with the network equal to @p before (empty when NULL),
 * and nothing leaks. Returns the failed runs.
 */
static size_t sweep_import(const char *dir, const char *base, size_t untimed,
			   const socialcap_network *ref, const socialcap_network *before)
{
	size_t k, failures = 0;

	for (k = 1;; k++) {
		socialcap_network *net;
		socialcap_error err;
		test_alloc ta;
		int rc;

		net = test_alloc_network(&ta);
		if (base != NULL) {
			import_ok(net, base);
			add_rows_timed(net, 0, untimed, 0);
		}
		ta.fail_at = ta.calls + k;
		rc = socialcap_dataset_import(net, dir, NULL, &err);
		if (rc == 0) {
			assert_networks_equal(net, ref);
		} else {
			assert_int_equal(rc, SOCIALCAP_ENOMEM);
			if (before != NULL) {
				assert_networks_equal(net, before);
			} else {
				assert_int_equal(socialcap_network_actor_count(net), 0);
				assert_int_equal(socialcap_network_tie_count(net), 0);
			}
			failures++;
		}
		socialcap_network_free(net);
		assert_int_equal(ta.live, 0);
		if (rc == 0)
			return failures;
	}
}

/* A network whose ties have no since time yet (so no since column) gets
 * its first times from an import: on ties it has and on new ones. */
static void test_times_arrive_late(void **state)
{
	(void)state;
	check_import_after_rows(0);
}

/* The same import failing at each allocation in turn leaves the network
 * as it was (no since column made visible, no tie changed). */
static void test_alloc_times_arrive_late(void **state)
{
	char *dir = make_dir(ROWS - 400), *base = make_dir(ROWS);
	socialcap_network *ref = reference(0), *before = reference(0);

	(void)state;
	add_rows_timed(before, 0, 200, 0);
	add_rows_timed(ref, 0, 200, 0);
	add_rows(ref, ROWS - 400, ROWS);
	test_write_file(dir, "actors.csv", "id,kind,sector,neighbourhood\n", (size_t)-1);
	assert_true(sweep_import(dir, base, 200, ref, before) > 5);
	socialcap_network_free(ref);
	socialcap_network_free(before);
	test_rmdir_free(dir);
	test_rmdir_free(base);
}

/* A summed weight that overflows is reported at the row that overflows
 * it, whether the tie is staged or in the network already. */
static void test_overflow_position(void **state)
{
	char *dir = make_dir(ROWS);
	socialcap_network *net = NULL;
	socialcap_error err;

	(void)state;
	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	import_fails(net, dir,
		     "a,b,layer,weight\np1,p2,work,1e308\np3,p4,work,1\n"
		     "p2,p1,work,1e308\n",
		     SOCIALCAP_ERANGE, 4, &err);
	assert_string_equal(err.field, "weight");
	assert_int_equal(socialcap_network_actor_count(net), 0);
	assert_int_equal(socialcap_network_tie_count(net), 0);
	/* a problem in the next row, of any kind, comes after it */
	import_fails(net, dir,
		     "a,b,layer,weight\np1,p2,work,1e308\np2,p1,work,1e308\n"
		     "p3,p4,work,x\n",
		     SOCIALCAP_ERANGE, 3, &err);
	assert_int_equal(err.column, 12); /* the weight */
	import_fails(net, dir,
		     "a,b,layer,weight\np1,p2,work,1e308\np2,p1,work,1e308\n"
		     "p3,p4,wo\"rk,1\n",
		     SOCIALCAP_ERANGE, 3, &err);
	import_fails(net, dir,
		     "a,b,layer,weight\np1,p2,work,1e308\np2,p1,work,1\n"
		     "p3,p4,wo\"rk,1\n",
		     SOCIALCAP_EPARSE, 4, &err);
	assert_int_equal(err.column, 9);
	import_fails(net, dir,
		     "a,b,layer,weight\np1,p2,work,1e308\np2,p1,work,1\n"
		     "p3,nobody,work,1\n",
		     SOCIALCAP_ENOTFOUND, 4, &err);
	assert_string_equal(err.field, "b");
	assert_int_equal(socialcap_network_actor_count(net), 0);
	socialcap_network_free(net);
	/* the same against a tie the network holds */
	net = reference(0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 2, 1, "work", 1e308,
						   SOCIALCAP_TIME_NONE),
			 0);
	test_write_file(dir, "actors.csv", "id,kind,sector,neighbourhood\n", (size_t)-1);
	import_fails(net, dir,
		     "a,b,layer,weight\np3,p4,work,1\np1,p2,work,1e307\np1,p2,work,1e308\n",
		     SOCIALCAP_ERANGE, 4, &err);
	assert_int_equal(socialcap_network_tie_count(net), 1);
	socialcap_network_free(net);
	test_rmdir_free(dir);
}

/* Fail the k-th allocation for k = 1, 2, ...: ENOMEM and an empty network,
 * or the full result; nothing leaks. */
static void test_alloc_failure_sweep(void **state)
{
	char *dir = make_dir(0);
	socialcap_network *ref = reference(ROWS);

	(void)state;
	assert_true(sweep_import(dir, NULL, 0, ref, NULL) > 10);
	socialcap_network_free(ref);
	test_rmdir_free(dir);
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

/* The snapshot of the imported network: each pair's strength is the sum
 * of its layers' weights in ascending order, bit for bit, at both ends. */
static void test_snapshot_sums(void **state)
{
	char *dir = make_dir(0);
	socialcap_network *net = NULL;
	socialcap_snapshot *snap = NULL;
	socialcap_snapshot_options o;
	static double w[ACTORS][ACTORS][5];
	static unsigned cnt[ACTORS][ACTORS];
	uint64_t i, m = 0;
	uint32_t a, b;

	(void)state;
	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	import_ok(net, dir);
	memset(cnt, 0, sizeof(cnt));
	for (i = 0; i < socialcap_network_tie_count(net); i++) {
		socialcap_tie t;

		assert_int_equal(socialcap_network_tie(net, i, &t), 0);
		w[t.a][t.b][cnt[t.a][t.b]++] = t.weight;
	}
	assert_int_equal(socialcap_snapshot_build(&snap, net, NULL), 0);
	assert_int_equal(socialcap_snapshot_options_get(snap, &o), 0);
	assert_true(o.theta > 0);
	for (a = 0; a < ACTORS; a++) {
		for (b = a + 1; b < ACTORS; b++) {
			double sum = 0;
			unsigned k;

			if (cnt[a][b] == 0) {
				assert_true(socialcap_snapshot_weight(snap, a, b) == 0.0);
				continue;
			}
			qsort(w[a][b], cnt[a][b], sizeof(double), cmp_double);
			sum = w[a][b][0];
			for (k = 1; k < cnt[a][b]; k++)
				sum += w[a][b][k];
			if (sum < o.theta)
				sum = 0.0; /* dropped: below theta */
			else
				m++;
			if (socialcap_snapshot_weight(snap, a, b) != sum ||
			    socialcap_snapshot_weight(snap, b, a) != sum)
				fail_msg("pair %u-%u: %.17g, expected %.17g", (unsigned)a,
					 (unsigned)b, socialcap_snapshot_weight(snap, a, b), sum);
		}
	}
	assert_int_equal(socialcap_snapshot_tie_count(snap), m);
	socialcap_snapshot_free(snap);
	socialcap_network_free(net);
	test_rmdir_free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_into_empty_network),
		cmocka_unit_test(test_into_network_with_ties),
		cmocka_unit_test(test_times_arrive_late),
		cmocka_unit_test(test_alloc_times_arrive_late),
		cmocka_unit_test(test_overflow_position),
		cmocka_unit_test(test_alloc_failure_sweep),
		cmocka_unit_test(test_snapshot_sums),
	};

	make_rows();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
