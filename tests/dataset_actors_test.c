/* The actors of a dataset import are staged once and handed to the
 * network, and the b of a tie row is looked up a few rows late: the network
 * must be the one socialcap_network_add_actor() and _add_tie() build from
 * the same rows, bit for bit, into an empty network and into one that holds
 * actors already, and every problem must keep its row and column. */
#include <math.h>
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

#define ACTORS 5000u /* more than the id index is sized after */
#define TIES 6000u

static const char *const kinds[] = {"resident", "professional", "organisation"};
static const char *const sectors[] = {"residents", "police", "youth work", "shops"};
static const char *const layers[] = {"family", "work", "neighbours", "club"};
static const char *const status_text[] = {"", "0.25", "1", "0.1"};
static const char *const group_text[] = {"", "choir", "choir;football", "football;choir;choir",
					 "chess"};

/* Ids of every length from 1 to 26 bytes: short ones live in the index's
 * slots, long ones are compared through the staged text. */
static void actor_id(char *buf, size_t size, unsigned i)
{
	size_t len = 1 + i % 26, k;
	unsigned v = i;

	for (k = 0; k + 1 < size && k < len; k++) {
		buf[k] = (char)('a' + v % 26);
		v = v / 26 + i;
	}
	snprintf(buf + k, size - k, "%u", i);
}

static unsigned tie_a(unsigned i) { return (i / 15) % ACTORS; }
static unsigned tie_b(unsigned i) { return (tie_a(i) + 1 + (i * 7919u) % (ACTORS - 1)) % ACTORS; }
/* Layers change from row to row, as in real files. */
static unsigned tie_layer(unsigned i) { return (i * 31u / 7u) % 4u; }

static char *actors_csv(unsigned from, size_t *len)
{
	char *buf = NULL, id[64];
	size_t cap = 0;
	unsigned i;

	*len = 0;
	buf = test_text_append(buf, len, &cap, "id,kind,sector,neighbourhood,status,groups\n");
	for (i = from; i < ACTORS; i++) {
		actor_id(id, sizeof(id), i);
		buf = test_text_append(buf, len, &cap, "%s,%s,%s,N%u,%s,%s\n", id, kinds[i % 3],
			     sectors[(i / 3) % 4], (i * 13u) % 17u, status_text[i % 4],
			     group_text[i % 5]);
	}
	return buf;
}

static char *ties_csv(size_t *len)
{
	char *buf = NULL, a[64], b[64];
	size_t cap = 0;
	unsigned i;

	*len = 0;
	buf = test_text_append(buf, len, &cap, "a,b,layer,weight\n");
	for (i = 0; i < TIES; i++) {
		actor_id(a, sizeof(a), tie_a(i));
		actor_id(b, sizeof(b), tie_b(i));
		buf = test_text_append(buf, len, &cap, "%s,%s,%s,%u.5\n", a, b, layers[tie_layer(i)], i % 5);
	}
	return buf;
}

static char *make_dir(unsigned from, int with_ties)
{
	char *dir = test_mkdtemp(), *buf;
	size_t len;

	test_write_file(dir, "sectors.csv", "sector,tier\nshops,1\npolice,2\n", (size_t)-1);
	buf = actors_csv(from, &len);
	test_write_file(dir, "actors.csv", buf, len);
	free(buf);
	if (with_ties) {
		buf = ties_csv(&len);
		test_write_file(dir, "ties.csv", buf, len);
		free(buf);
	}
	return dir;
}

/* What the import does, through the network's own functions: the two
 * sectors with tiers, then actors 0 .. count - 1. */
static void add_actors(socialcap_network *net, unsigned count)
{
	char id[64], nbh[16], groups[64];
	const char *g[3];
	unsigned i;

	assert_int_equal(socialcap_network_set_sector(net, NULL, "shops", 1, NAN), 0);
	assert_int_equal(socialcap_network_set_sector(net, NULL, "police", 2, NAN), 0);
	for (i = 0; i < count; i++) {
		size_t n = 0;
		char *p, *save = NULL;
		double status = i % 4 == 0 ? NAN : strtod(status_text[i % 4], NULL);

		actor_id(id, sizeof(id), i);
		snprintf(nbh, sizeof(nbh), "N%u", (i * 13u) % 17u);
		snprintf(groups, sizeof(groups), "%s", group_text[i % 5]);
		for (p = strtok_r(groups, ";", &save); p != NULL; p = strtok_r(NULL, ";", &save)) {
			size_t k;

			for (k = 0; k < n && strcmp(g[k], p) != 0; k++)
				;
			if (k == n)
				g[n++] = p;
		}
		assert_int_equal(socialcap_network_add_actor(net, NULL, id,
							     (socialcap_actor_kind)(i % 3),
							     sectors[(i / 3) % 4], nbh, status,
							     n > 0 ? g : NULL, n),
				 0);
	}
}

static void add_ties(socialcap_network *net)
{
	char a[64], b[64];
	unsigned i;

	for (i = 0; i < TIES; i++) {
		uint32_t x, y;

		actor_id(a, sizeof(a), tie_a(i));
		actor_id(b, sizeof(b), tie_b(i));
		assert_int_equal(socialcap_network_find_actor(net, &x, a), 0);
		assert_int_equal(socialcap_network_find_actor(net, &y, b), 0);
		assert_int_equal(socialcap_network_add_tie(net, NULL, x, y, layers[tie_layer(i)],
							   (double)(i % 5) + 0.5,
							   SOCIALCAP_TIME_NONE),
				 0);
	}
}

static socialcap_network *reference(unsigned actors, int with_ties)
{
	socialcap_network *net = NULL;

	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	add_actors(net, actors);
	if (with_ties)
		add_ties(net);
	return net;
}

static void import_ok(socialcap_network *net, const char *dir)
{
	socialcap_error err;

	if (socialcap_dataset_import(net, dir, NULL, &err) != 0)
		fail_msg("import failed: %s:%llu:%llu: %s", err.file,
			 (unsigned long long)err.line, (unsigned long long)err.column,
			 err.message);
}

static void test_into_empty_network(void **state)
{
	char *dir = make_dir(0, 1);
	socialcap_network *net = NULL, *ref = reference(ACTORS, 1);

	(void)state;
	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	import_ok(net, dir);
	assert_int_equal(socialcap_network_actor_count(net), ACTORS);
	assert_networks_equal(net, ref);
	socialcap_network_free(net);
	socialcap_network_free(ref);
	test_rmdir_free(dir);
}

/* The network has actors, labels and groups already: the staged actors
 * are appended and refer to the labels it has. */
static void test_into_network_with_actors(void **state)
{
	char *dir = make_dir(150, 1);
	socialcap_network *net = NULL, *ref = reference(ACTORS, 1);

	(void)state;
	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	add_actors(net, 150);
	import_ok(net, dir);
	assert_networks_equal(net, ref);
	socialcap_network_free(net);
	socialcap_network_free(ref);
	test_rmdir_free(dir);
}

static void expect_problem(const char *dir, int status, uint64_t line, uint64_t column,
			   const char *field)
{
	socialcap_network *net = NULL;
	socialcap_error err;

	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	if (socialcap_dataset_import(net, dir, NULL, &err) != status)
		fail_msg("%s:%llu:%llu: %s", err.file, (unsigned long long)err.line,
			 (unsigned long long)err.column, err.message);
	assert_int_equal(err.line, line);
	assert_int_equal(err.column, column);
	assert_string_equal(err.field, field);
	assert_int_equal(socialcap_network_actor_count(net), 0);
	assert_int_equal(socialcap_network_tie_count(net), 0);
	socialcap_network_free(net);
}

static void test_duplicate_actor(void **state)
{
	char *dir = make_dir(0, 0);

	(void)state;
	/* short and long ids, repeated further down */
	test_write_file(dir, "actors.csv",
			"id,kind,sector,neighbourhood\nx1,resident,r,N\n"
			"a-very-long-actor-id,resident,r,N\nx2,resident,r,N\n"
			"a-very-long-actor-id,resident,r,N\n",
			(size_t)-1);
	expect_problem(dir, SOCIALCAP_EEXISTS, 5, 1, "id");
	test_write_file(dir, "actors.csv",
			"id,kind,sector,neighbourhood\nx1,resident,r,N\n"
			"a-very-long-actor-id,resident,r,N\nx2,resident,r,N\n"
			"\"x2\",resident,r,N\n",
			(size_t)-1);
	expect_problem(dir, SOCIALCAP_EEXISTS, 5, 1, "id");
	/* an id differing only after the inline bytes is another actor */
	test_write_file(dir, "actors.csv",
			"id,kind,sector,neighbourhood\nabcdefghijkl,resident,r,N\n"
			"abcdefghijkm,resident,r,N\nabcdefghijk,resident,r,N\n",
			(size_t)-1);
	test_write_file(dir, "ties.csv",
			"a,b,layer,weight\nabcdefghijkl,abcdefghijkm,x,1\nabcdefghijk,abcdefghijkl,x,1\n"
			"abcdefghijkm,abcdefghijx,x,1\n",
			(size_t)-1);
	expect_problem(dir, SOCIALCAP_ENOTFOUND, 4, 14, "b");
	test_rmdir_free(dir);
}

/* An unknown b is reported at its row, before any problem of the rows
 * after it and after any problem of the rows before it, wherever in the
 * queue of rows held back it is. */
static void test_unknown_actor_position(void **state)
{
	char *dir = make_dir(0, 0), *buf = NULL, a[64], b[64];
	size_t len = 0, cap = 0;
	unsigned i, bad;

	(void)state;
	for (bad = 0; bad < 30; bad++) {
		len = 0;
		buf = test_text_append(buf, &len, &cap, "a,b,layer,weight\n");
		for (i = 0; i < 40; i++) {
			actor_id(a, sizeof(a), tie_a(i));
			actor_id(b, sizeof(b), tie_b(i));
			if (i == bad)
				buf = test_text_append(buf, &len, &cap, "%s,nobody,%s,1\n", a,
					     layers[tie_layer(i)]);
			else if (i == bad + 1 + bad % 9)
				/* a later problem of another kind */
				buf = test_text_append(buf, &len, &cap, "%s,%s,%s,x\n", a, b,
					     layers[tie_layer(i)]);
			else
				buf = test_text_append(buf, &len, &cap, "%s,%s,%s,1\n", a, b,
					     layers[tie_layer(i)]);
		}
		test_write_file(dir, "ties.csv", buf, len);
		actor_id(a, sizeof(a), tie_a(bad));
		expect_problem(dir, SOCIALCAP_ENOTFOUND, bad + 2, strlen(a) + 2, "b");
	}
	/* on the last row, so the end of the file stages it */
	len = 0;
	buf = test_text_append(buf, &len, &cap, "a,b,layer,weight\n");
	for (i = 0; i < 20; i++) {
		actor_id(a, sizeof(a), tie_a(i));
		actor_id(b, sizeof(b), tie_b(i));
		buf = test_text_append(buf, &len, &cap, "%s,%s,work,1\n", a, i == 19 ? "nobody" : b);
	}
	test_write_file(dir, "ties.csv", buf, len);
	actor_id(a, sizeof(a), tie_a(19));
	expect_problem(dir, SOCIALCAP_ENOTFOUND, 21, strlen(a) + 2, "b");
	/* an earlier row's overflow comes before a later unknown b */
	actor_id(a, sizeof(a), 1);
	actor_id(b, sizeof(b), 2);
	len = 0;
	buf = test_text_append(buf, &len, &cap, "a,b,layer,weight\n%s,%s,work,1e308\n%s,%s,work,1e308\n",
		     a, b, b, a);
	buf = test_text_append(buf, &len, &cap, "%s,nobody,work,1\n", a);
	test_write_file(dir, "ties.csv", buf, len);
	expect_problem(dir, SOCIALCAP_ERANGE, 3, strlen(a) + strlen(b) + 8, "weight");
	/* new layers (not resolved late) on the rows after an unknown b that waits */
	len = 0;
	buf = test_text_append(buf, &len, &cap, "a,b,layer,weight\n%s,%s,work,1\n%s,nobody,work,1\n", a, b, a);
	for (i = 0; i < 70; i++)
		buf = test_text_append(buf, &len, &cap, "%s,%s,L%u,1\n", a, b, i);
	test_write_file(dir, "ties.csv", buf, len);
	expect_problem(dir, SOCIALCAP_ENOTFOUND, 3, strlen(a) + 2, "b");
	/* an unknown b on a row with a new layer is looked up at once */
	len = 0;
	buf = test_text_append(buf, &len, &cap, "a,b,layer,weight\n");
	for (i = 0; i < 70; i++)
		buf = test_text_append(buf, &len, &cap, "%s,%s,L%u,1\n", a, i == 64 ? "nobody" : b, i);
	test_write_file(dir, "ties.csv", buf, len);
	expect_problem(dir, SOCIALCAP_ENOTFOUND, 66, strlen(a) + 2, "b");
	free(buf);
	test_rmdir_free(dir);
}

/* Fail the k-th allocation for k = 1, 2, ...: ENOMEM and the network as it
 * was, or the full result; nothing leaks. */
static void test_alloc_failure_sweep(void **state)
{
	char *dir = make_dir(150, 1);
	socialcap_network *ref = reference(ACTORS, 1), *before = reference(150, 0);
	size_t k, failures = 0;

	(void)state;
	for (k = 1;; k++) {
		socialcap_network *net;
		socialcap_error err;
		test_alloc ta;
		int rc;

		net = test_alloc_network(&ta);
		add_actors(net, 150);
		ta.fail_at = ta.calls + k;
		rc = socialcap_dataset_import(net, dir, NULL, &err);
		if (rc == 0) {
			assert_networks_equal(net, ref);
		} else {
			assert_int_equal(rc, SOCIALCAP_ENOMEM);
			assert_networks_equal(net, before);
			failures++;
		}
		socialcap_network_free(net);
		assert_int_equal(ta.live, 0);
		if (rc == 0)
			break;
	}
	assert_true(failures > 10);
	socialcap_network_free(ref);
	socialcap_network_free(before);
	test_rmdir_free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_into_empty_network),
		cmocka_unit_test(test_into_network_with_actors),
		cmocka_unit_test(test_duplicate_actor),
		cmocka_unit_test(test_unknown_actor_position),
		cmocka_unit_test(test_alloc_failure_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
