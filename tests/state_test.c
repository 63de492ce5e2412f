/* The .scap state file: round trips, determinism, durability, rejection of
 * damaged and hostile input, allocation failures. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cbor_io.h"
#include "net_equal.h"
#include "socialcap.h"
#include "test_alloc.h"
#include "test_files.h"

/* ------------------------------------------------------------- helpers */

typedef test_store fixture;

static int setup(void **state)
{
	*state = test_store_new("net.scap");
	return *state != NULL ? 0 : -1;
}

static int teardown(void **state)
{
	return test_store_teardown(state);
}

/* Entries in the fixture's directory (to see leftover temporary files). */
static int dir_entries(const fixture *f)
{
	DIR *d = opendir(f->dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static socialcap_state_options fixed_time(void)
{
	socialcap_state_options o = SOCIALCAP_STATE_OPTIONS_INIT;

	o.created = 1700000000;
	return o;
}

/* ---------------------------------------------------------- round trips */

static void test_round_trip_rich(void **state)
{
	fixture *f = *state;
	socialcap_state_options o = fixed_time();
	socialcap_network *net = make_rich_network(NULL), *back = NULL;
	socialcap_error err;

	assert_non_null(net);
	assert_int_equal(socialcap_state_save(net, f->path, &o, &err), 0);
	assert_int_equal(socialcap_state_load(&back, f->path, NULL, &err), 0);
	assert_networks_equal(net, back);
	assert_string_equal(socialcap_network_errmsg(back), "");
	socialcap_network_free(back);
	socialcap_network_free(net);
}

static void test_round_trip_empty(void **state)
{
	fixture *f = *state;
	socialcap_network *net = NULL, *back = NULL;

	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	assert_int_equal(socialcap_state_save(net, f->path, NULL, NULL), 0);
	assert_int_equal(socialcap_state_load(&back, f->path, NULL, NULL), 0);
	assert_networks_equal(net, back);
	assert_int_equal(socialcap_network_layer_count(back), 5);
	socialcap_network_free(back);
	socialcap_network_free(net);
}

/* Same network, same bytes; and the loaded copy writes the same bytes. */
static void test_deterministic(void **state)
{
	fixture *f = *state;
	socialcap_state_options o = fixed_time();
	socialcap_network *net = make_rich_network(NULL), *back = NULL;
	unsigned char *one, *two, *three;
	size_t n1, n2, n3;

	assert_int_equal(socialcap_state_save(net, f->path, &o, NULL), 0);
	one = test_slurp(f->path, &n1);
	assert_int_equal(socialcap_state_save(net, f->path, &o, NULL), 0);
	two = test_slurp(f->path, &n2);
	assert_int_equal(socialcap_state_load(&back, f->path, NULL, NULL), 0);
	assert_int_equal(socialcap_state_save(back, f->path, &o, NULL), 0);
	three = test_slurp(f->path, &n3);
	assert_int_equal(n1, n2);
	assert_int_equal(n1, n3);
	assert_memory_equal(one, two, n1);
	assert_memory_equal(one, three, n1);
	/* Self-described CBOR tag, then an array of 10, then the header map. */
	assert_int_equal(one[0], 0xd9);
	assert_int_equal(one[1], 0xd9);
	assert_int_equal(one[2], 0xf7);
	assert_int_equal(one[3], 0x8a);
	free(one);
	free(two);
	free(three);
	socialcap_network_free(back);
	socialcap_network_free(net);
}

/* A fixed small network gives exactly these bytes (pinned by hand from
 * docs/format.md): catches any change of the format. */
static void test_golden_bytes(void **state)
{
	static const unsigned char expected[] = {
		0xd9, 0xd9, 0xf7, 0x8a,
		0xa3, 0x01, 0x6f, 's', 'o', 'c', 'i', 'a', 'l', 'c', 'a', 'p',
		'-', 's', 't', 'a', 't', 'e', 0x02, 0x01, 0x03, 0x65, '0', '.',
		'1', '.', '0',
		0x81, 0x83, 0x61, 's', 0x00, 0xf9, 0x3e, 0x00,
		0x81, 0x61, 'n',
		0x80,
		0x85, 0x66, 'f', 'a', 'm', 'i', 'l', 'y', 0x69, 'h', 'o', 'u',
		's', 'e', 'h', 'o', 'l', 'd', 0x6a, 'n', 'e', 'i', 'g', 'h', 'b',
		'o', 'u', 'r', 's', 0x64, 'w', 'o', 'r', 'k', 0x66, 's', 'c', 'h',
		'o', 'o', 'l',
		0x80,
		0x82, 0x86, 0x61, 'a', 0x00, 0x00, 0x00, 0xf6, 0x80,
		0x86, 0x61, 'b', 0x00, 0x00, 0x00, 0xf9, 0x38, 0x00, 0x80,
		0x81, 0x85, 0x00, 0x01, 0x02, 0xfa, 0x3d, 0xcc, 0xcc, 0xcd, 0xf6,
		0x80, 0x80};
	fixture *f = *state;
	socialcap_state_options o = fixed_time();
	socialcap_network *net = NULL;
	unsigned char *bytes;
	size_t n;

	o.created = SOCIALCAP_TIME_NONE;
	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	/* prestige 1.5 is a half float: 0x3e00 */
	assert_int_equal(socialcap_network_set_sector(net, NULL, "s", 0, 1.5), 0);
	assert_int_equal(socialcap_network_add_actor(net, NULL, "a", SOCIALCAP_RESIDENT,
						     "s", "n", NAN, NULL, 0), 0);
	assert_int_equal(socialcap_network_add_actor(net, NULL, "b", SOCIALCAP_RESIDENT,
						     "s", "n", 0.5, NULL, 0), 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 1, "neighbours",
						   (double)0.1f, SOCIALCAP_TIME_NONE), 0);
	assert_int_equal(socialcap_state_save(net, f->path, &o, NULL), 0);
	bytes = test_slurp(f->path, &n);
	assert_int_equal(n, sizeof(expected));
	assert_memory_equal(bytes, expected, n);
	free(bytes);
	socialcap_network_free(net);
}

/* ---------------------------------------------------------- durability */

static void test_mode_0600(void **state)
{
	fixture *f = *state;
	socialcap_network *net = make_rich_network(NULL);
	mode_t old = umask(0);
	struct stat st;

	assert_int_equal(socialcap_state_save(net, f->path, NULL, NULL), 0);
	umask(old);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(dir_entries(f), 1);
	socialcap_network_free(net);
}

static void test_save_errors_keep_old_file(void **state)
{
	fixture *f = *state;
	socialcap_network *net = make_rich_network(NULL), *back = NULL;
	socialcap_error err;
	char path[256];

	/* No such directory. */
	snprintf(path, sizeof(path), "%s/missing/net.scap", f->dir);
	assert_int_equal(socialcap_state_save(net, path, NULL, &err), SOCIALCAP_EIO);
	assert_int_equal(err.status, SOCIALCAP_EIO);
	assert_non_null(strstr(err.message, "missing"));
	/* The target is a directory, a pipe, or a link to a pipe: nothing but
	 * a regular file is ever replaced (a save to /dev/null would replace
	 * the device); no temporary file is made. */
	snprintf(path, sizeof(path), "%s/sub", f->dir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(socialcap_state_save(net, path, NULL, &err), SOCIALCAP_EINVAL);
	assert_int_equal(err.status, SOCIALCAP_EINVAL);
	assert_string_equal(err.file, path);
	assert_non_null(strstr(err.message, "not a regular file"));
	assert_int_equal(dir_entries(f), 1);
	assert_int_equal(rmdir(path), 0);
	{
		char link[300];
		struct stat st;

		snprintf(path, sizeof(path), "%s/pipe", f->dir);
		snprintf(link, sizeof(link), "%s/link", f->dir);
		assert_int_equal(mkfifo(path, 0600), 0);
		assert_int_equal(symlink(path, link), 0);
		assert_int_equal(socialcap_state_save(net, path, NULL, &err), SOCIALCAP_EINVAL);
		assert_int_equal(socialcap_state_save(net, link, NULL, &err), SOCIALCAP_EINVAL);
		assert_string_equal(err.file, link);
		assert_int_equal(stat(path, &st), 0);
		assert_true(S_ISFIFO(st.st_mode));
		assert_int_equal(lstat(link, &st), 0);
		assert_true(S_ISLNK(st.st_mode));
		assert_int_equal(dir_entries(f), 2);
		assert_int_equal(unlink(link), 0);
		assert_int_equal(unlink(path), 0);
	}
	/* An existing file survives a failed save (read-only directory). */
	assert_int_equal(socialcap_state_save(net, f->path, NULL, NULL), 0);
	if (geteuid() != 0) {
		socialcap_network *other = NULL;

		assert_int_equal(socialcap_network_new(&other, NULL), 0);
		assert_int_equal(chmod(f->dir, 0500), 0);
		assert_int_equal(socialcap_state_save(other, f->path, NULL, &err),
				 SOCIALCAP_EIO);
		assert_int_equal(chmod(f->dir, 0700), 0);
		socialcap_network_free(other);
	}
	assert_int_equal(socialcap_state_load(&back, f->path, NULL, NULL), 0);
	assert_networks_equal(net, back);
	assert_int_equal(socialcap_state_save(NULL, f->path, NULL, &err), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_state_save(net, NULL, NULL, &err), SOCIALCAP_EINVAL);
	socialcap_network_free(back);
	socialcap_network_free(net);
}

/* Fail the k-th allocation of save, k = 1, 2, ...: the old file stays, no
 * temporary file is left, nothing leaks. */
static void test_save_alloc_failures(void **state)
{
	fixture *f = *state;
	socialcap_state_options o = fixed_time();
	socialcap_network *net = NULL, *back = NULL;
	unsigned char *before, *after;
	size_t n1, n2, k;
	test_alloc ta;
	socialcap_network_options no = SOCIALCAP_NETWORK_OPTIONS_INIT;
	int rc;

	assert_int_equal(socialcap_network_new(&back, NULL), 0);
	assert_int_equal(socialcap_state_save(back, f->path, &o, NULL), 0);
	socialcap_network_free(back);
	before = test_slurp(f->path, &n1);
	test_alloc_init(&ta, 0, 0);
	no.allocator = &ta.allocator;
	net = make_rich_network(&no);
	for (k = 1;; k++) {
		size_t bytes = socialcap_network_memory(net);

		ta.fail_at = ta.calls + 1 + (k - 1);
		ta.fail_from = 0;
		ta.failures = 0;
		rc = socialcap_state_save(net, f->path, &o, NULL);
		assert_int_equal(socialcap_network_memory(net), bytes);
		if (rc == 0)
			break;
		assert_int_equal(rc, SOCIALCAP_ENOMEM);
		after = test_slurp(f->path, &n2);
		assert_int_equal(n1, n2);
		assert_memory_equal(before, after, n1);
		free(after);
		assert_int_equal(dir_entries(f), 1);
	}
	assert_true(k > 1);
	assert_int_equal(dir_entries(f), 1);
	assert_int_equal(socialcap_state_load(&back, f->path, NULL, NULL), 0);
	assert_networks_equal(net, back);
	socialcap_network_free(back);
	socialcap_network_free(net);
	assert_int_equal(ta.live, 0);
	free(before);
}

static void sweep_load(const fixture *f, int from_file)
{
	socialcap_network *net = make_rich_network(NULL), *back;
	socialcap_state_options o = SOCIALCAP_STATE_OPTIONS_INIT;
	socialcap_network_options no = SOCIALCAP_NETWORK_OPTIONS_INIT;
	unsigned char *bytes;
	size_t n, k;
	test_alloc ta;
	int rc;

	assert_int_equal(socialcap_state_save(net, f->path, NULL, NULL), 0);
	bytes = test_slurp(f->path, &n);
	no.allocator = &ta.allocator;
	o.network = &no;
	for (k = 1;; k++) {
		socialcap_error err;

		test_alloc_init(&ta, k, 0);
		back = (socialcap_network *)&k; /* must be reset to NULL */
		rc = from_file ? socialcap_state_load(&back, f->path, &o, &err)
			       : socialcap_state_load_buffer(&back, bytes, n, &o, &err);
		if (rc == 0)
			break;
		assert_int_equal(rc, SOCIALCAP_ENOMEM);
		assert_int_equal(err.status, SOCIALCAP_ENOMEM);
		assert_null(back);
		assert_int_equal(ta.live, 0);
	}
	assert_true(k > 5);
	assert_networks_equal(net, back);
	socialcap_network_free(back);
	assert_int_equal(ta.live, 0);
	free(bytes);
	socialcap_network_free(net);
}

/* Ties without a since time, then (when @p timed) one with: a network
 * holds no since column until a tie has a time, and a load must give back
 * every time as saved, also when an allocation fails on the way. */
static void round_trip_times(const fixture *f, int timed)
{
	socialcap_network *net = NULL, *back;
	socialcap_state_options o = SOCIALCAP_STATE_OPTIONS_INIT;
	socialcap_network_options no = SOCIALCAP_NETWORK_OPTIONS_INIT;
	test_alloc ta;
	uint32_t i;
	size_t k;
	int rc;

	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	for (i = 0; i < 30; i++) {
		char id[16];

		snprintf(id, sizeof(id), "p%u", i);
		assert_int_equal(socialcap_network_add_actor(net, NULL, id, SOCIALCAP_RESIDENT,
							     "residents", "B0", NAN, NULL, 0),
				 0);
	}
	for (i = 0; i + 1 < 30; i++)
		assert_int_equal(socialcap_network_add_tie(net, NULL, i, i + 1, "family", 1.0,
							   SOCIALCAP_TIME_NONE),
				 0);
	if (timed) {
		assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 25, "work", 2.0, -5), 0);
		assert_int_equal(socialcap_network_add_tie(net, NULL, 1, 26, "work", 2.0,
							   SOCIALCAP_TIME_NONE),
				 0);
	}
	assert_int_equal(socialcap_state_save(net, f->path, NULL, NULL), 0);
	no.allocator = &ta.allocator;
	o.network = &no;
	for (k = 1;; k++) {
		socialcap_error err;

		test_alloc_init(&ta, k, 0);
		back = NULL;
		rc = socialcap_state_load(&back, f->path, &o, &err);
		if (rc == 0)
			break;
		assert_int_equal(rc, SOCIALCAP_ENOMEM);
		assert_null(back);
		assert_int_equal(ta.live, 0);
	}
	assert_networks_equal(net, back);
	if (timed) {
		socialcap_tie t;

		assert_int_equal(socialcap_network_tie(back, 29, &t), 0);
		assert_int_equal(t.since, -5);
		assert_int_equal(socialcap_network_tie(back, 28, &t), 0);
		assert_int_equal(t.since, SOCIALCAP_TIME_NONE);
	}
	socialcap_network_free(back);
	assert_int_equal(ta.live, 0);
	socialcap_network_free(net);
}

static void test_round_trip_times_late(void **state)
{
	round_trip_times(*state, 0);
	round_trip_times(*state, 1);
}

static void test_load_alloc_failures_file(void **state)
{
	sweep_load(*state, 1);
}

static void test_load_alloc_failures_buffer(void **state)
{
	sweep_load(*state, 0);
}

/* --------------------------------------------------------- damaged files */

/* Every proper prefix of a valid file is an error, from memory and from a
 * file, without a leak. */
static void test_truncated_everywhere(void **state)
{
	fixture *f = *state;
	socialcap_network *net = make_rich_network(NULL), *back;
	socialcap_network_options no = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_state_options o = SOCIALCAP_STATE_OPTIONS_INIT;
	unsigned char *bytes;
	size_t n, cut;
	test_alloc ta;
	char path[256];

	assert_int_equal(socialcap_state_save(net, f->path, NULL, NULL), 0);
	bytes = test_slurp(f->path, &n);
	snprintf(path, sizeof(path), "%s/cut.scap", f->dir);
	no.allocator = &ta.allocator;
	o.network = &no;
	for (cut = 0; cut < n; cut++) {
		socialcap_error err;
		int rc;

		test_alloc_init(&ta, 0, 0);
		back = NULL;
		rc = socialcap_state_load_buffer(&back, bytes, cut, &o, &err);
		assert_int_equal(rc, SOCIALCAP_EFORMAT);
		assert_null(back);
		assert_true(err.offset <= cut);
		assert_int_equal(ta.live, 0);
		if (cut % 7 == 0 || cut + 1 == n) {
			test_spit(path, bytes, cut);
			rc = socialcap_state_load(&back, path, &o, &err);
			assert_int_equal(rc, SOCIALCAP_EFORMAT);
			assert_string_equal(err.file, path);
			assert_int_equal(ta.live, 0);
		}
	}
	/* The whole file, plus one byte, is an error too. */
	bytes = realloc(bytes, n + 1);
	bytes[n] = 0;
	assert_int_equal(socialcap_state_load_buffer(&back, bytes, n + 1, NULL, NULL),
			 SOCIALCAP_EFORMAT);
	free(bytes);
	socialcap_network_free(net);
}

/* Flipping bytes never crashes or leaks; most flips are errors, and a flip
 * that still loads gives a network that saves without trouble. */
static void test_flipped_bytes(void **state)
{
	static const unsigned char masks[] = {0x01, 0x20, 0x80, 0xff};
	fixture *f = *state;
	socialcap_network *net = make_rich_network(NULL), *back;
	socialcap_network_options no = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_state_options o = SOCIALCAP_STATE_OPTIONS_INIT;
	unsigned char *bytes;
	size_t n, i, m, errors = 0, loads = 0;
	test_alloc ta;

	assert_int_equal(socialcap_state_save(net, f->path, NULL, NULL), 0);
	bytes = test_slurp(f->path, &n);
	no.allocator = &ta.allocator;
	o.network = &no;
	for (i = 0; i < n; i++) {
		for (m = 0; m < sizeof(masks); m++) {
			socialcap_error err;
			int rc;

			test_alloc_init(&ta, 0, 0);
			bytes[i] ^= masks[m];
			back = NULL;
			rc = socialcap_state_load_buffer(&back, bytes, n, &o, &err);
			bytes[i] ^= masks[m];
			if (rc != 0) {
				errors++;
				assert_null(back);
				assert_true(rc == SOCIALCAP_EFORMAT || rc == SOCIALCAP_EVERSION ||
					    rc == SOCIALCAP_ELIMIT);
				assert_true(err.offset <= n);
				assert_true(err.message[0] != '\0');
			} else {
				loads++;
				socialcap_network_free(back);
			}
			assert_int_equal(ta.live, 0);
		}
	}
	assert_true(errors > loads);
	free(bytes);
	socialcap_network_free(net);
}

/* ---------------------------------------------------- hand-made inputs */

enum variant {
	V_OK, V_NO_TAG, V_BAD_MAGIC, V_VERSION_2, V_NO_VERSION, V_UNKNOWN_KEY,
	V_DEEP_UNKNOWN, V_DUP_KEY, V_DANGLING_TIE, V_DANGLING_SECTOR,
	V_NAN_WEIGHT, V_INF_PRESTIGE, V_ZERO_WEIGHT, V_BAD_UTF8, V_DUP_ACTOR,
	V_TIE_ORDER, V_DUP_TIE, V_SHORT_RECORD, V_ODD_ATTENDANCE, V_TRAILING,
	V_INDEF_ARRAY, V_STATUS_RANGE, V_STATUS_NAN, V_BAD_LAYERS, V_GROUP_TWICE,
	V_TIME_NONE, V_WRONG_TYPE, V_DUP_ATTENDEE, V_KIND_RANGE, V_NEG_TIER,
	V_HUGE_ACTOR_COUNT, V_HUGE_TEXT, V_COUNT
};

/* A small valid state, changed as @p v says. */
static unsigned char *build(enum variant v, size_t *size)
{
	static socialcap__mem mem;
	socialcap__cw w;
	unsigned char *out;
	int i;

	socialcap__mem_init(&mem, NULL);
	assert_int_equal(socialcap__cw_init(&w, &mem, -1, 256), 0);
	if (v != V_NO_TAG)
		socialcap__cw_tag(&w, 55799);
	socialcap__cw_array(&w, 10);
	socialcap__cw_map(&w, (uint64_t)(3 + (v == V_UNKNOWN_KEY || v == V_DEEP_UNKNOWN ||
					       v == V_DUP_KEY) - (v == V_NO_VERSION)));
	socialcap__cw_uint(&w, 1);
	socialcap__cw_text(&w, v == V_BAD_MAGIC ? "socialcap-stat" : "socialcap-state",
			   v == V_BAD_MAGIC ? 14 : 15);
	if (v != V_NO_VERSION) {
		socialcap__cw_uint(&w, 2);
		socialcap__cw_uint(&w, v == V_VERSION_2 ? 2 : 1);
	}
	socialcap__cw_uint(&w, 3);
	socialcap__cw_text(&w, "9.9.9", 5);
	if (v == V_UNKNOWN_KEY) {
		socialcap__cw_uint(&w, 77);
		socialcap__cw_array(&w, 2);
		socialcap__cw_map(&w, 1);
		socialcap__cw_text(&w, "x", 1);
		socialcap__cw_null(&w);
		socialcap__cw_bytes(&w, "ab", 2);
	} else if (v == V_DEEP_UNKNOWN) {
		socialcap__cw_uint(&w, 77);
		for (i = 0; i < 40; i++)
			socialcap__cw_array(&w, 1);
		socialcap__cw_uint(&w, 0);
	} else if (v == V_DUP_KEY) {
		socialcap__cw_uint(&w, 3);
		socialcap__cw_text(&w, "9.9.9", 5);
	}
	/* sectors */
	socialcap__cw_array(&w, 1);
	socialcap__cw_array(&w, 3);
	socialcap__cw_text(&w, "s", 1);
	if (v == V_NEG_TIER)
		socialcap__cw_int(&w, -1);
	else
		socialcap__cw_uint(&w, 1);
	if (v == V_INF_PRESTIGE)
		socialcap__cw_raw(&w, "\xf9\x7c\x00", 3);
	else
		socialcap__cw_null(&w);
	/* neighbourhoods, groups, layers, event kinds */
	socialcap__cw_array(&w, 1);
	socialcap__cw_text(&w, v == V_BAD_UTF8 ? "\xc3\x28" : "n", v == V_BAD_UTF8 ? 2 : 1);
	socialcap__cw_array(&w, 1);
	socialcap__cw_text(&w, "g", 1);
	socialcap__cw_array(&w, 5);
	socialcap__cw_text(&w, "family", 6);
	socialcap__cw_text(&w, "household", 9);
	socialcap__cw_text(&w, v == V_BAD_LAYERS ? "neighbors" : "neighbours",
			   v == V_BAD_LAYERS ? 9 : 10);
	socialcap__cw_text(&w, "work", 4);
	socialcap__cw_text(&w, "school", 6);
	socialcap__cw_array(&w, 1);
	socialcap__cw_text(&w, "k", 1);
	/* actors */
	if (v == V_HUGE_ACTOR_COUNT) {
		socialcap__cw_raw(&w, "\x9a\x7f\xff\xff\xf0", 5);
	} else if (v == V_INDEF_ARRAY) {
		socialcap__cw_raw(&w, "\x9f", 1);
	} else {
		socialcap__cw_array(&w, 2);
	}
	for (i = 0; i < 2; i++) {
		socialcap__cw_array(&w, v == V_SHORT_RECORD && i == 1 ? 5 : 6);
		if (v == V_HUGE_TEXT && i == 1)
			socialcap__cw_raw(&w, "\x7b\x7f\xff\xff\xff\xff\xff\xff\xf0", 9);
		else
			socialcap__cw_text(&w, v == V_DUP_ACTOR || i == 0 ? "a" : "b", 1);
		socialcap__cw_uint(&w, v == V_KIND_RANGE && i ? 3 : 0);
		socialcap__cw_uint(&w, v == V_DANGLING_SECTOR && i ? 1 : 0);
		socialcap__cw_uint(&w, 0);
		if (v == V_STATUS_RANGE && i)
			socialcap__cw_number(&w, 1.5);
		else if (v == V_STATUS_NAN && i)
			socialcap__cw_raw(&w, "\xf9\x7e\x00", 3);
		else
			socialcap__cw_number(&w, 0.25);
		if (v != V_SHORT_RECORD || i == 0) {
			socialcap__cw_array(&w, v == V_GROUP_TWICE ? 2 : 1);
			socialcap__cw_uint(&w, 0);
			if (v == V_GROUP_TWICE)
				socialcap__cw_uint(&w, 0);
		}
	}
	/* ties */
	socialcap__cw_array(&w, v == V_DUP_TIE ? 2 : 1);
	for (i = 0; i < (v == V_DUP_TIE ? 2 : 1); i++) {
		socialcap__cw_array(&w, 5);
		socialcap__cw_uint(&w, v == V_TIE_ORDER ? 1 : 0);
		socialcap__cw_uint(&w, v == V_DANGLING_TIE ? 2 : (v == V_TIE_ORDER ? 0 : 1));
		socialcap__cw_uint(&w, 2);
		if (v == V_NAN_WEIGHT)
			socialcap__cw_raw(&w, "\xfb\x7f\xf8\0\0\0\0\0\0", 9);
		else if (v == V_WRONG_TYPE)
			socialcap__cw_text(&w, "1", 1);
		else
			socialcap__cw_number(&w, v == V_ZERO_WEIGHT ? 0.0 : 1.0);
		socialcap__cw_null(&w);
	}
	/* contacts */
	socialcap__cw_array(&w, 1);
	socialcap__cw_array(&w, 6);
	if (v == V_TIME_NONE)
		socialcap__cw_int(&w, INT64_MIN);
	else
		socialcap__cw_int(&w, -100);
	socialcap__cw_uint(&w, 0);
	socialcap__cw_uint(&w, 1);
	socialcap__cw_uint(&w, 1);
	socialcap__cw_number(&w, 1.0);
	socialcap__cw_number(&w, 0.0);
	/* events */
	socialcap__cw_array(&w, 1);
	socialcap__cw_array(&w, 7);
	socialcap__cw_text(&w, "e", 1);
	socialcap__cw_int(&w, 5);
	socialcap__cw_uint(&w, 0);
	socialcap__cw_uint(&w, 0);
	socialcap__cw_uint(&w, 0);
	socialcap__cw_number(&w, 2.5);
	socialcap__cw_array(&w, v == V_ODD_ATTENDANCE ? 3 : 4);
	socialcap__cw_uint(&w, 0);
	socialcap__cw_uint(&w, 0);
	socialcap__cw_uint(&w, v == V_DUP_ATTENDEE ? 0 : 1);
	if (v != V_ODD_ATTENDANCE)
		socialcap__cw_uint(&w, 1);
	if (v == V_TRAILING)
		socialcap__cw_uint(&w, 0);
	assert_int_equal(w.status, 0);
	out = malloc(w.len);
	assert_non_null(out);
	memcpy(out, w.buf, w.len);
	*size = w.len;
	socialcap__cw_free(&w);
	return out;
}

static const struct expectation {
	enum variant v;
	int status;
	const char *field;
} expectations[] = {
	{V_OK, 0, ""},
	{V_NO_TAG, SOCIALCAP_EFORMAT, "tag"},
	{V_BAD_MAGIC, SOCIALCAP_EFORMAT, "header.magic"},
	{V_VERSION_2, SOCIALCAP_EVERSION, "header.version"},
	{V_NO_VERSION, SOCIALCAP_EFORMAT, "header"},
	{V_UNKNOWN_KEY, 0, ""},
	{V_DEEP_UNKNOWN, SOCIALCAP_ELIMIT, "header"},
	{V_DUP_KEY, SOCIALCAP_EFORMAT, "header"},
	{V_DANGLING_TIE, SOCIALCAP_EFORMAT, "ties[0].b"},
	{V_DANGLING_SECTOR, SOCIALCAP_EFORMAT, "actors[1].sector"},
	{V_NAN_WEIGHT, SOCIALCAP_EFORMAT, "ties[0].weight"},
	{V_INF_PRESTIGE, SOCIALCAP_EFORMAT, "sectors[0].prestige"},
	{V_ZERO_WEIGHT, SOCIALCAP_EFORMAT, "ties[0].weight"},
	{V_BAD_UTF8, SOCIALCAP_EFORMAT, "neighbourhoods[0]"},
	{V_DUP_ACTOR, SOCIALCAP_EFORMAT, "actors[1].id"},
	{V_TIE_ORDER, SOCIALCAP_EFORMAT, "ties[0].b"},
	{V_DUP_TIE, SOCIALCAP_EFORMAT, "ties[1]"},
	{V_SHORT_RECORD, SOCIALCAP_EFORMAT, "actors[1]"},
	{V_ODD_ATTENDANCE, SOCIALCAP_EFORMAT, "events[0].attendance"},
	{V_TRAILING, SOCIALCAP_EFORMAT, ""},
	{V_INDEF_ARRAY, SOCIALCAP_EFORMAT, "actors"},
	{V_STATUS_RANGE, SOCIALCAP_EFORMAT, "actors[1].status"},
	{V_STATUS_NAN, SOCIALCAP_EFORMAT, "actors[1].status"},
	{V_BAD_LAYERS, SOCIALCAP_EFORMAT, "layers[2]"},
	{V_GROUP_TWICE, SOCIALCAP_EFORMAT, "actors[0].groups"},
	{V_TIME_NONE, SOCIALCAP_EFORMAT, "contacts[0].time"},
	{V_WRONG_TYPE, SOCIALCAP_EFORMAT, "ties[0].weight"},
	{V_DUP_ATTENDEE, SOCIALCAP_EFORMAT, "events[0]"},
	{V_KIND_RANGE, SOCIALCAP_EFORMAT, "actors[1].kind"},
	{V_NEG_TIER, SOCIALCAP_EFORMAT, "sectors[0].tier"},
	{V_HUGE_ACTOR_COUNT, SOCIALCAP_EFORMAT, "actors[2]"},
	{V_HUGE_TEXT, SOCIALCAP_EFORMAT, "actors[1].id"},
};

static void test_hand_made_inputs(void **state)
{
	fixture *f = *state;
	size_t i;

	assert_int_equal(sizeof(expectations) / sizeof(*expectations), V_COUNT);
	for (i = 0; i < V_COUNT; i++) {
		const struct expectation *x = &expectations[i];
		socialcap_network *net = NULL;
		socialcap_error err;
		unsigned char *bytes;
		size_t n;
		int rc;

		bytes = build(x->v, &n);
		rc = socialcap_state_load_buffer(&net, bytes, n, NULL, &err);
		if (rc != x->status)
			fail_msg("variant %d: got %s (%s at %llu, field %s), want %s",
				 (int)x->v, socialcap_error_name(rc), err.message,
				 (unsigned long long)err.offset, err.field,
				 socialcap_error_name(x->status));
		if (rc != 0 && strcmp(err.field, x->field) != 0)
			fail_msg("variant %d: field \"%s\", want \"%s\" (%s)", (int)x->v,
				 err.field, x->field, err.message);
		if (rc != 0) {
			assert_true(err.offset <= n);
			assert_int_equal(err.status, rc);
		}
		/* The same from a file. */
		test_spit(f->path, bytes, n);
		socialcap_network_free(net);
		net = NULL;
		assert_int_equal(socialcap_state_load(&net, f->path, NULL, &err), x->status);
		if (rc == 0) {
			assert_int_equal(socialcap_network_actor_count(net), 2);
			assert_int_equal(socialcap_network_event_count(net), 1);
		}
		socialcap_network_free(net);
		free(bytes);
	}
}

/* An allocator that records the largest total ever held. */
typedef struct peak_alloc {
	socialcap_allocator a;
	size_t now, peak;
} peak_alloc;

static void *p_malloc(size_t size, void *user)
{
	peak_alloc *p = user;
	size_t *block = malloc(size + sizeof(size_t) * 2);

	if (block == NULL)
		return NULL;
	block[0] = size;
	p->now += size;
	if (p->now > p->peak)
		p->peak = p->now;
	return block + 2;
}

static void p_free(void *ptr, void *user)
{
	peak_alloc *p = user;

	if (ptr == NULL)
		return;
	p->now -= ((size_t *)ptr)[-2];
	free((size_t *)ptr - 2);
}

static void *p_realloc(void *ptr, size_t size, void *user)
{
	void *q = p_malloc(size, user);

	if (q != NULL && ptr != NULL) {
		size_t old = ((size_t *)ptr)[-2];

		memcpy(q, ptr, old < size ? old : size);
		p_free(ptr, user);
	}
	return q;
}

/* Small hostile inputs with huge declared counts and lengths cost little. */
static void test_hostile_sizes_cost_little(void **state)
{
	static const unsigned char five[] = {0x9b, 0x00, 0xff, 0xff, 0xff};
	fixture *f = *state;
	peak_alloc pa = {{p_malloc, p_realloc, p_free, NULL}, 0, 0};
	socialcap_network_options no = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_state_options o = SOCIALCAP_STATE_OPTIONS_INIT;
	socialcap_network *net = NULL;
	unsigned char *bytes;
	size_t n;

	pa.a.user = &pa;
	no.allocator = &pa.a;
	o.network = &no;
	assert_int_equal(socialcap_state_load_buffer(&net, five, sizeof(five), &o, NULL),
			 SOCIALCAP_EFORMAT);
	assert_int_equal(socialcap_state_load_buffer(&net, NULL, 0, &o, NULL),
			 SOCIALCAP_EFORMAT);
	assert_int_equal(socialcap_state_load_buffer(&net, NULL, 1, &o, NULL),
			 SOCIALCAP_EINVAL);
	bytes = build(V_HUGE_ACTOR_COUNT, &n);
	assert_true(n < 150);
	assert_int_equal(socialcap_state_load_buffer(&net, bytes, n, &o, NULL),
			 SOCIALCAP_EFORMAT);
	test_spit(f->path, bytes, n);
	assert_int_equal(socialcap_state_load(&net, f->path, &o, NULL), SOCIALCAP_EFORMAT);
	free(bytes);
	bytes = build(V_HUGE_TEXT, &n);
	assert_int_equal(socialcap_state_load_buffer(&net, bytes, n, &o, NULL),
			 SOCIALCAP_EFORMAT);
	test_spit(f->path, bytes, n);
	assert_int_equal(socialcap_state_load(&net, f->path, &o, NULL), SOCIALCAP_EFORMAT);
	free(bytes);
	assert_true(pa.peak < 1024 * 1024);
	assert_int_equal(pa.now, 0);
}

static void test_limits(void **state)
{
	fixture *f = *state;
	socialcap_network *net = make_rich_network(NULL), *back = NULL;
	socialcap_network_options no = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_state_options o = SOCIALCAP_STATE_OPTIONS_INIT;
	socialcap_error err;
	unsigned char *bytes;
	size_t n;

	assert_int_equal(socialcap_state_save(net, f->path, NULL, NULL), 0);
	bytes = test_slurp(f->path, &n);
	o.max_input_bytes = n - 1;
	assert_int_equal(socialcap_state_load(&back, f->path, &o, &err), SOCIALCAP_ELIMIT);
	assert_int_equal(socialcap_state_load_buffer(&back, bytes, n, &o, &err),
			 SOCIALCAP_ELIMIT);
	o.max_input_bytes = n;
	assert_int_equal(socialcap_state_load_buffer(&back, bytes, n, &o, &err), 0);
	socialcap_network_free(back);
	o.network = &no;
	no.max_actors = 2;
	assert_int_equal(socialcap_state_load(&back, f->path, &o, &err), SOCIALCAP_ELIMIT);
	assert_string_equal(err.field, "actors");
	no.max_actors = SOCIALCAP_HARD_MAX_ACTORS;
	no.max_id_bytes = 20; /* the rich network has a 256-byte id */
	assert_int_equal(socialcap_state_load(&back, f->path, &o, &err), SOCIALCAP_ELIMIT);
	assert_string_equal(err.field, "actors[3].id");
	no.max_id_bytes = SOCIALCAP_DEFAULT_MAX_ID_BYTES;
	no.max_records = 3;
	assert_int_equal(socialcap_state_load(&back, f->path, &o, &err), SOCIALCAP_ELIMIT);
	o.network = NULL;
	o.version = 99;
	assert_int_equal(socialcap_state_load(&back, f->path, &o, &err), SOCIALCAP_EVERSION);
	assert_int_equal(socialcap_state_options_init(&o, 99), SOCIALCAP_EVERSION);
	assert_int_equal(socialcap_state_options_init(&o, SOCIALCAP_STATE_OPTIONS_VERSION), 0);
	assert_int_equal(socialcap_state_load(NULL, f->path, &o, &err), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_state_load(&back, "/nonexistent/x.scap", &o, &err),
			 SOCIALCAP_ENOTFOUND);
	free(bytes);
	socialcap_network_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip_rich, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip_times_late, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_golden_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mode_0600, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_errors_keep_old_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_alloc_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_alloc_failures_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_alloc_failures_buffer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_everywhere, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flipped_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hand_made_inputs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_sizes_cost_little, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
