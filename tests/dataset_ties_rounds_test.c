/* The ties of an import into a network without ties wait in rounds for
 * their place in the staging hash (lib/dataset_ties_round.c). These files
 * make the rounds meet what else happens while staging: the estimate of the
 * file's ties from samples of it (the hash grows up to it between rounds),
 * first rows longer or shorter than the rest, repeats in the same and in earlier
 * rounds, weights so large that rows must be staged one by one, and the
 * network's max_ties. Each time the network must be the one
 * socialcap_network_add_tie() builds from the same rows, bit for bit, or
 * the problem the same as it reports, at the row where it happens. */
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

#define ACTORS 2000u

/* One short and one long layer name: rows of either length. */
static const char *const layers[] = {"w", "neighbourhood-association-board-members"};
static const char *const weight_text[] = {"1", "0.1", "2.5", "0.30000000000000004"};
static const char *const since_text[] = {"", "2020-01-05", "2019-12-31"};

typedef struct row {
	uint32_t a, b;
	unsigned layer, since;
	const char *weight; /* the text in the file */
} row;

typedef struct rows {
	row *r;
	size_t n, cap;
} rows;

static uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return *s >> 33;
}

static void push(rows *rs, uint32_t a, uint32_t b, unsigned layer, const char *weight,
		 unsigned since)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap * 2 + 1024;
		rs->r = realloc(rs->r, rs->cap * sizeof(*rs->r));
		assert_non_null(rs->r);
	}
	rs->r[rs->n].a = a;
	rs->r[rs->n].b = b;
	rs->r[rs->n].layer = layer;
	rs->r[rs->n].weight = weight;
	rs->r[rs->n].since = since;
	rs->n++;
}

/*
 * @p n rows, the first @p long_first with the long layer name and the
 * rest with the short one (or the other way round when @p long_later):
 * the file's first rows are then longer or shorter than the rest. About
 * one row in six repeats an earlier row, in either order of its ends, from
 * anywhere before it.
 */
static void make_rows(rows *rs, size_t n, size_t first, int long_later, uint64_t seed)
{
	uint64_t s = seed;
	size_t i;

	memset(rs, 0, sizeof(*rs));
	for (i = 0; i < n; i++) {
		unsigned layer = (i < first) != (long_later != 0) ? 1u : 0u;
		const char *w = weight_text[lcg(&s) % 4];
		unsigned since = (unsigned)(lcg(&s) % 3);

		if (i > 0 && lcg(&s) % 6 == 0) {
			const row *e = &rs->r[lcg(&s) % i];

			/* the same tie, but its layer as this part of the file has it */
			if (e->layer == layer) {
				push(rs, e->b, e->a, layer, w, since);
				continue;
			}
		}
		{
			uint32_t a = (uint32_t)(lcg(&s) % ACTORS), b;

			do
				b = (uint32_t)(lcg(&s) % ACTORS);
			while (b == a);
			push(rs, a, b, layer, w, since);
		}
	}
}

/* actors.csv and ties.csv of @p rs (the first @p n rows; none when
 * @p rs is NULL), in a new folder; @p tail_bytes of 'x' after the last
 * row of ties.csv (no line end). */
static char *write_dir_tail(const rows *rs, size_t n, size_t tail_bytes)
{
	char *dir = test_mkdtemp(), *buf = NULL;
	size_t len = 0, cap = 0, i;

	buf = test_text_append(buf, &len, &cap, "id,kind,sector,neighbourhood\n");
	for (i = 0; i < ACTORS; i++)
		buf = test_text_append(buf, &len, &cap, "p%zu,resident,residents,B%zu\n", i, i / 100);
	test_write_file(dir, "actors.csv", buf, len);
	if (rs == NULL) {
		free(buf);
		return dir;
	}
	len = 0;
	buf = test_text_append(buf, &len, &cap, "a,b,layer,weight,since\n");
	for (i = 0; i < n; i++)
		buf = test_text_append(buf, &len, &cap, "p%u,p%u,%s,%s,%s\n", (unsigned)rs->r[i].a,
				  (unsigned)rs->r[i].b, layers[rs->r[i].layer], rs->r[i].weight,
				  since_text[rs->r[i].since]);
	for (i = 0; i < tail_bytes; i++)
		buf = test_text_append(buf, &len, &cap, "x");
	test_write_file(dir, "ties.csv", buf, len);
	free(buf);
	return dir;
}

static char *write_dir(const rows *rs, size_t n)
{
	return write_dir_tail(rs, n, 0);
}

/* The network the rows build one by one (options @p o, or the defaults);
 * *failed_at: the first row add_tie refused (n when none), with its status. */
static socialcap_network *reference(const rows *rs, size_t n,
				    const socialcap_network_options *o, size_t *failed_at,
				    int *status)
{
	char *dir = write_dir(NULL, 0);
	socialcap_network *net = NULL;
	socialcap_error err;
	size_t i;

	/* the actors as the import makes them */
	assert_int_equal(socialcap_network_new(&net, o), 0);
	assert_int_equal(socialcap_dataset_import(net, dir, NULL, &err), 0);
	test_rmdir_free(dir);
	*failed_at = n;
	for (i = 0; i < n; i++) {
		const row *r = &rs->r[i];
		int64_t since = SOCIALCAP_TIME_NONE;
		int rc;

		if (r->since > 0)
			assert_int_equal(socialcap_time_parse(&since, since_text[r->since]), 0);
		rc = socialcap_network_add_tie(net, NULL, r->a, r->b, layers[r->layer],
					       strtod(r->weight, NULL), since);
		if (rc != 0) {
			*failed_at = i;
			*status = rc;
			break;
		}
	}
	return net;
}

/* Import @p rs into a new network (options @p o) and compare with the
 * rows added one by one. */
static void import_equals_reference(const rows *rs, const socialcap_network_options *o)
{
	char *dir = write_dir(rs, rs->n);
	socialcap_network *net = NULL, *ref;
	socialcap_error err;
	size_t failed_at;
	int status = 0;

	ref = reference(rs, rs->n, o, &failed_at, &status);
	assert_int_equal(failed_at, rs->n);
	assert_int_equal(socialcap_network_new(&net, o), 0);
	if (socialcap_dataset_import(net, dir, NULL, &err) != 0)
		fail_msg("import failed: %s:%llu:%llu: %s", err.file,
			 (unsigned long long)err.line, (unsigned long long)err.column,
			 err.message);
	assert_true(socialcap_network_tie_count(net) < rs->n); /* repeats merged */
	assert_networks_equal(net, ref);
	socialcap_network_free(net);
	socialcap_network_free(ref);
	test_rmdir_free(dir);
}

/* The most bytes the import of @p rs held at once. */
static size_t import_peak(const rows *rs)
{
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;
	char *dir = write_dir(rs, rs->n);
	socialcap_network *net = NULL;
	test_alloc ta;

	test_alloc_init_sized(&ta, 0, 0);
	o.allocator = &ta.allocator;
	assert_int_equal(socialcap_network_new(&net, &o), 0);
	assert_int_equal(socialcap_dataset_import(net, dir, NULL, NULL), 0);
	socialcap_network_free(net);
	assert_int_equal(ta.live, 0);
	test_rmdir_free(dir);
	return ta.peak_bytes;
}

/* The first 4096 rows are long: scaled up, they would give about a third
 * of the ties. The samples of the rest of the file give the right number,
 * and rows still wait in rounds while the hash grows up to it. */
static void test_estimate_first_rows_long(void **state)
{
	rows rs;

	(void)state;
	make_rows(&rs, 40000, 4096, 0, 7);
	import_equals_reference(&rs, NULL);
	free(rs.r);
}

/*
 * The first 4096 rows are short, as the first rows of a file sorted by id
 * are: scaled up, they would give about three times the ties, a hash and
 * columns for all of them. The samples of the rest give the right number:
 * the import holds no more at its peak than for the same rows all long
 * (from the first rows alone it held twice as much).
 */
static void test_estimate_first_rows_short(void **state)
{
	size_t short_first, all_long;
	rows rs;

	(void)state;
	make_rows(&rs, 150000, 4096, 1, 11);
	import_equals_reference(&rs, NULL);
	short_first = import_peak(&rs);
	free(rs.r);
	make_rows(&rs, 150000, 0, 1, 11);
	all_long = import_peak(&rs);
	free(rs.r);
	if (short_first > all_long / 8 * 9)
		fail_msg("the import held %zu bytes at its peak, against %zu with the same "
			 "rows all long", short_first, all_long);
}

/* Weights that could overflow a sum: from the row where all weights so
 * far sum to DBL_MAX / 4 on, rows are staged one by one. The network is
 * the same, and an overflow later is reported at its row and field. */
static void test_large_weights(void **state)
{
	static const char *const big[] = {"1e307", "1e308"};
	socialcap_network *net = NULL, *ref;
	socialcap_error err;
	size_t failed_at, i, n;
	int status = 0;
	rows rs;
	char *dir;

	(void)state;
	make_rows(&rs, 6000, 0, 0, 13);
	/* five times 1e307 passes DBL_MAX / 4; then more rows and repeats */
	for (i = 0; i < 5; i++)
		push(&rs, 1, 2, 0, big[0], 0);
	n = rs.n;
	for (i = 0; i < 3000; i++)
		push(&rs, rs.r[i * 2].b, rs.r[i * 2].a, rs.r[i * 2].layer,
		     weight_text[i % 4], (unsigned)(i % 3));
	import_equals_reference(&rs, NULL);
	/* 5e307 + 1e308 fits, + 1e308 more does not */
	push(&rs, 2, 1, 0, big[1], 0);
	push(&rs, 1, 2, 0, big[1], 0);
	push(&rs, 3, 4, 0, "1", 0);
	dir = write_dir(&rs, rs.n);
	ref = reference(&rs, rs.n, NULL, &failed_at, &status);
	assert_int_equal(failed_at, rs.n - 2);
	assert_int_equal(status, SOCIALCAP_ERANGE);
	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	assert_int_equal(socialcap_dataset_import(net, dir, NULL, &err), SOCIALCAP_ERANGE);
	assert_int_equal(err.line, rs.n - 2 + 2); /* after the header, from 1 */
	assert_string_equal(err.field, "weight");
	assert_int_equal(socialcap_network_actor_count(net), 0);
	assert_int_equal(socialcap_network_tie_count(net), 0);
	assert_true(n < rs.n);
	socialcap_network_free(net);
	socialcap_network_free(ref);
	test_rmdir_free(dir);
	free(rs.r);
}

/* max_ties equal to the distinct ties: the import takes them all. One
 * less: refused at the row that brings the last distinct tie, although
 * repeats before it waited in rounds. */
static void test_max_ties(void **state)
{
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network *net = NULL, *ref;
	socialcap_error err;
	size_t failed_at;
	int status = 0;
	rows rs;
	char *dir;

	(void)state;
	make_rows(&rs, 9000, 0, 0, 17);
	ref = reference(&rs, rs.n, NULL, &failed_at, &status);
	o.max_ties = socialcap_network_tie_count(ref);
	socialcap_network_free(ref);
	import_equals_reference(&rs, &o);
	o.max_ties--;
	ref = reference(&rs, rs.n, &o, &failed_at, &status);
	assert_int_equal(status, SOCIALCAP_ELIMIT);
	assert_true(failed_at > 4096 && failed_at < rs.n);
	dir = write_dir(&rs, rs.n);
	assert_int_equal(socialcap_network_new(&net, &o), 0);
	assert_int_equal(socialcap_dataset_import(net, dir, NULL, &err), SOCIALCAP_ELIMIT);
	assert_int_equal(err.line, failed_at + 2);
	assert_int_equal(socialcap_network_tie_count(net), 0);
	socialcap_network_free(net);
	socialcap_network_free(ref);
	test_rmdir_free(dir);
	free(rs.r);
}

/* A problem of a later row comes after the rows waiting in a round: the
 * network stays empty, and the problem is the later row's. */
static void test_problem_after_rounds(void **state)
{
	socialcap_network *net = NULL;
	socialcap_error err;
	rows rs;
	char *dir, *ties, *cut;
	size_t len;

	(void)state;
	make_rows(&rs, 5000, 0, 0, 19);
	dir = write_dir(&rs, rs.n);
	ties = test_read_file(dir, "ties.csv", &len);
	assert_non_null(ties);
	/* the last row names an actor nobody declared */
	cut = ties + len - 1;
	while (cut[-1] != '\n')
		cut--;
	*cut = '\0';
	ties = realloc(ties, len + 64);
	assert_non_null(ties);
	strcat(ties, "p1,nobody,w,1,\n");
	test_write_file(dir, "ties.csv", ties, (size_t)-1);
	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	assert_int_equal(socialcap_dataset_import(net, dir, NULL, &err), SOCIALCAP_ENOTFOUND);
	assert_int_equal(err.line, rs.n + 1);
	assert_string_equal(err.field, "b");
	assert_int_equal(socialcap_network_tie_count(net), 0);
	assert_int_equal(socialcap_network_actor_count(net), 0);
	socialcap_network_free(net);
	free(ties);
	test_rmdir_free(dir);
	free(rs.r);
}

/* @p unique distinct ties among the actors p1000 to p1999, then
 * @p repeats of them with their ends swapped: every row has the same
 * length, so the estimate from the first rows is the file's row count. */
static void make_even_rows(rows *rs, size_t unique, size_t repeats)
{
	size_t i;

	memset(rs, 0, sizeof(*rs));
	for (i = 0; i < unique; i++) {
		uint32_t x = (uint32_t)(i % 1000), d = (uint32_t)(1 + i / 1000);

		/* {x, x + d mod 1000} with d < 500 names each pair once */
		push(rs, 1000 + x, 1000 + (x + d) % 1000, 0, weight_text[0], 0);
	}
	for (i = 0; i < repeats; i++) {
		const row *e = &rs->r[i * (unique / repeats)];

		push(rs, e->b, e->a, 0, weight_text[0], 0);
	}
}

/*
 * 6,300 rows of 6,050 distinct ties: the network's hash is 8,192 slots
 * (at most 3/4 full), and so is the staging hash, although the estimate
 * of 6,300 ties is over 3/4 of 8,192: the staging hash may be 25/32 full.
 * Against 5,000 rows (8,192 slots either way), the import holds more by
 * the rows' columns only (18 bytes a tie, with the estimate's margin of
 * 1/32), not by a staging hash of 16,384 slots and tags (40 KB more) as
 * well.
 */
static void test_estimate_near_full(void **state)
{
	const size_t tie_bytes = 2 * sizeof(uint32_t) + sizeof(uint16_t) + sizeof(double);
	size_t small, large, columns;
	rows rs;

	(void)state;
	make_even_rows(&rs, 4990, 10);
	import_equals_reference(&rs, NULL);
	small = import_peak(&rs);
	free(rs.r);
	make_even_rows(&rs, 6050, 250);
	import_equals_reference(&rs, NULL);
	large = import_peak(&rs);
	free(rs.r);
	columns = (6300 - 5000) * tie_bytes / 32 * 33;
	assert_true(large > small);
	if (large - small > columns + 8192 * 5 / 2)
		fail_msg("the import held %zu bytes more for 1,300 more rows", large - small);
}

/* A last line of 100 KB, where most samples of the file's rest fall and
 * find no line end: the estimate goes by the others, and the line is
 * refused where it is. */
static void test_estimate_long_last_line(void **state)
{
	socialcap_network *net = NULL;
	socialcap_error err;
	rows rs;
	char *dir;

	(void)state;
	make_rows(&rs, 5000, 0, 0, 23);
	dir = write_dir_tail(&rs, rs.n, 100000);
	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	assert_int_not_equal(socialcap_dataset_import(net, dir, NULL, &err), 0);
	assert_string_equal(err.file + strlen(err.file) - strlen("ties.csv"), "ties.csv");
	assert_int_equal(err.line, rs.n + 2);
	assert_int_equal(socialcap_network_tie_count(net), 0); /* nothing half-imported */
	socialcap_network_free(net);
	test_rmdir_free(dir);
	free(rs.r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_estimate_first_rows_long),
		cmocka_unit_test(test_estimate_first_rows_short),
		cmocka_unit_test(test_estimate_near_full),
		cmocka_unit_test(test_estimate_long_last_line),
		cmocka_unit_test(test_large_weights),
		cmocka_unit_test(test_max_ties),
		cmocka_unit_test(test_problem_after_rounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
