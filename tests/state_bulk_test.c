/* The bulk state loader (lib/state_load_ties.c, the tagged actor ids):
 * big networks round-trip bit for bit from files and buffers, every tie
 * and actor is found through the rebuilt hashes, the memory count is
 * exact, records of every encoding decode the same, and repeats far apart
 * are errors naming both records with the right byte offset. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cbor_io.h"
#include "net_equal.h"
#include "socialcap.h"
#include "state_bytes.h"
#include "test_alloc.h"
#include "test_files.h"

#define ACTORS 3000u

/* ------------------------------------------------------------- helpers */

static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Weights of every encoding the writer uses: small and big integers,
 * halves, singles, doubles, the smallest subnormal, a huge one. */
static double weight_of(uint64_t r)
{
	static const double w[] = {1.0, 2.0, 0.5, 1.5, 0.1, 1e300, 4.9406564584124654e-324,
				   65504.0, 3.0e-5, 1e10, 0.1f,
				   123456789.0, 2.0e-8};

	return w[r % (sizeof(w) / sizeof(*w))];
}

static int64_t since_of(uint64_t r)
{
	static const int64_t s[] = {SOCIALCAP_TIME_NONE, 0, 23, 24, 255, 256, 65536,
				    -1, -24, -25, -4294967297LL, INT64_MAX,
				    INT64_MIN + 1, 1700000000};

	return s[r % (sizeof(s) / sizeof(*s))];
}

/* ACTORS actors and about 40,000 ties in every layer, some custom. */
static socialcap_network *make_big(const socialcap_network_options *opts)
{
	static const char *const layers[] = {"family", "household", "neighbours", "work",
					     "school", "club", "online"};
	socialcap_network *net;
	uint64_t s = 88172645463325252u;
	uint32_t i, k;
	char id[32];

	assert_int_equal(socialcap_network_new(&net, opts), 0);
	for (i = 0; i < ACTORS; i++) {
		static const char *const groups[] = {"choir", "football"};

		snprintf(id, sizeof(id), "person-%u-%llx", i,
			 (unsigned long long)(next(&s) % 100000));
		assert_int_equal(socialcap_network_add_actor(
					 net, NULL, id,
					 i % 97 == 0 ? SOCIALCAP_ORGANISATION : SOCIALCAP_RESIDENT,
					 i % 3 ? "retail" : "care", i % 5 ? "north" : "south",
					 i % 4 ? (double)(i % 100) / 100.0 : NAN, groups,
					 i % 3),
				 0);
	}
	for (i = 0; i < ACTORS; i++) {
		for (k = 0; k < 14; k++) {
			uint64_t r = next(&s);
			uint32_t b = (uint32_t)(r % ACTORS);

			if (b == i)
				continue;
			assert_int_equal(socialcap_network_add_tie(net, NULL, i, b,
								   layers[(r >> 20) % 7],
								   weight_of(r >> 28),
								   since_of(r >> 40)),
					 0);
		}
	}
	return net;
}

/* ----------------------------------------------------------- round trips */

static void test_big_round_trip(void **state)
{
	char *dir = test_mkdtemp(), path[4096], again[4096];
	test_alloc c;
	socialcap_network_options no = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_state_options o = SOCIALCAP_STATE_OPTIONS_INIT;
	socialcap_network *net = make_big(NULL), *back = NULL, *buf = NULL;
	unsigned char *x, *y;
	size_t nx, ny;
	uint64_t t, found;
	uint32_t i, index;

	(void)state;
	test_alloc_init_sized(&c, 0, 0);
	no.allocator = &c.allocator;
	o.network = &no;
	o.created = 1700000000;
	snprintf(path, sizeof(path), "%s/big.scap", dir);
	snprintf(again, sizeof(again), "%s/again.scap", dir);
	assert_true(socialcap_network_tie_count(net) > 35000);
	assert_int_equal(socialcap_state_save(net, path, &o, NULL), 0);
	x = test_slurp(path, &nx);
	assert_true(nx > 4 * 65536); /* records cross the read buffer */
	assert_int_equal(socialcap_state_load(&back, path, &o, NULL), 0);
	assert_networks_equal(net, back);
	/* The count is exact: every byte held is the network's. */
	assert_int_equal(socialcap_network_memory(back), c.live_bytes);
	for (i = 0; i < ACTORS; i++) {
		assert_int_equal(socialcap_network_find_actor(back, &index,
							       socialcap_network_actor_id(net, i)),
				 0);
		assert_int_equal(index, i);
	}
	assert_int_equal(socialcap_network_find_actor(back, &index, "nobody"),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_find_tie(back, &found, 0, 0, 0), SOCIALCAP_ENOTFOUND);
	/* Saved again, the same bytes. */
	assert_int_equal(socialcap_state_save(back, again, &o, NULL), 0);
	y = test_slurp(again, &ny);
	assert_int_equal(nx, ny);
	assert_memory_equal(x, y, nx);
	/* From memory too. */
	assert_int_equal(socialcap_state_load_buffer(&buf, x, nx, &o, NULL), 0);
	assert_networks_equal(net, buf);
	/* The loaded network grows like any other. */
	t = socialcap_network_tie_count(back);
	for (i = 1; i < ACTORS; i++) {
		assert_int_equal(socialcap_network_add_tie(back, NULL, 0, i, "brand-new", 1.0,
							   SOCIALCAP_TIME_NONE),
				 0);
		assert_int_equal(socialcap_network_add_tie(net, NULL, 0, i, "brand-new", 1.0,
							   SOCIALCAP_TIME_NONE),
				 0);
	}
	assert_int_equal(socialcap_network_tie_count(back), t + ACTORS - 1);
	assert_networks_equal(net, back);
	assert_int_equal(socialcap_network_memory(back), c.live_bytes - socialcap_network_memory(buf));
	socialcap_network_free(back);
	socialcap_network_free(buf);
	assert_int_equal(c.live_bytes, 0);
	socialcap_network_free(net);
	free(x);
	free(y);
	test_rmdir_free(dir);
}

/* --------------------------------------------------- hand-made big files */

enum { N_ACTORS = 4000, N_TIES = 30000 };

typedef struct spec {
	uint32_t dup_actor;      /* actor with the id of actor 0; 0 = none */
	uint32_t dup_tie;        /* tie repeating tie 5; 0 = none */
	uint32_t bad_tie;        /* tie with a < b broken; 0 = none */
	int odd_encodings;       /* every tie in a long, unusual encoding */
} spec;

typedef struct built {
	unsigned char *bytes;
	size_t size;
	uint64_t dup_actor_at, dup_tie_at, bad_tie_at;
} built;

static built build(const spec *sp)
{
	static socialcap__mem mem;
	socialcap__cw w;
	built out;
	uint32_t i;
	char id[32];

	memset(&out, 0, sizeof(out));
	socialcap__mem_init(&mem, NULL);
	assert_int_equal(socialcap__cw_init(&w, &mem, -1, 1024), 0);
	test_state_head(&w);
	socialcap__cw_array(&w, N_ACTORS);
	for (i = 0; i < N_ACTORS; i++) {
		if (sp->dup_actor != 0 && i == sp->dup_actor)
			out.dup_actor_at = w.len;
		snprintf(id, sizeof(id), "a%u", sp->dup_actor != 0 && i == sp->dup_actor ? 0 : i);
		test_state_actor(&w, id, 0);
	}
	socialcap__cw_array(&w, N_TIES);
	for (i = 0; i < N_TIES; i++) {
		uint32_t a, b, layer;

		test_tie_key(sp->dup_tie != 0 && i == sp->dup_tie ? 5 : i, &a, &b, &layer);
		if (sp->dup_tie != 0 && i == sp->dup_tie)
			out.dup_tie_at = w.len;
		if (sp->bad_tie != 0 && i == sp->bad_tie) {
			out.bad_tie_at = w.len;
			b = a;
		}
		socialcap__cw_array(&w, 5);
		if (sp->odd_encodings) {
			/* Long heads, a single-precision weight, a long negative
			 * since: the same values, other bytes. */
			test_cbor_uint_long(&w, 0, a);
			test_cbor_uint_long(&w, 0, b);
			test_cbor_uint_long(&w, 0, layer);
			socialcap__cw_raw(&w, "\xfa\x3f\xc0\x00\x00", 5); /* 1.5f */
			test_cbor_uint_long(&w, 1, i);
		} else {
			socialcap__cw_uint(&w, a);
			socialcap__cw_uint(&w, b);
			socialcap__cw_uint(&w, layer);
			socialcap__cw_number(&w, 1.5);
			socialcap__cw_int(&w, -1 - (int64_t)i);
		}
	}
	out.bytes = test_state_finish(&w, 1, &out.size);
	return out;
}

/* Loads @p b from memory and from a file; both give @p status, and the
 * network (or the error) is the same. */
static socialcap_network *load_both(const built *b, int status, socialcap_error *err)
{
	return test_state_load_both(b->bytes, b->size, status, err, 1);
}

static void test_encodings_decode_alike(void **state)
{
	spec plain = {0, 0, 0, 0}, odd = {0, 0, 0, 1};
	built p = build(&plain), q = build(&odd);
	socialcap_network *x, *y;
	socialcap_error err;
	uint32_t k;

	(void)state;
	assert_true(q.size > p.size + 20 * N_TIES);
	x = load_both(&p, 0, &err);
	y = load_both(&q, 0, &err);
	assert_int_equal(socialcap_network_tie_count(x), N_TIES);
	for (k = 0; k < N_TIES; k++) {
		socialcap_tie t;
		uint32_t a, b, layer;

		test_tie_key(k, &a, &b, &layer);
		assert_int_equal(socialcap_network_tie(y, k, &t), 0);
		assert_int_equal(t.a, a);
		assert_int_equal(t.b, b);
		assert_int_equal(t.layer, layer);
		assert_true(t.weight == 1.5);
		assert_int_equal(t.since, -1 - (int64_t)k);
	}
	assert_networks_equal(x, y);
	socialcap_network_free(x);
	socialcap_network_free(y);
	free(p.bytes);
	free(q.bytes);
}

static void test_repeats_far_apart(void **state)
{
	static const int odd[] = {0, 1};
	socialcap_error err;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		spec s1 = {0, 27123, 0, 0}, s2 = {3999, 0, 0, 0}, s3 = {0, 27123, 27125, 0};
		built b;
		char want[64];

		s1.odd_encodings = s2.odd_encodings = s3.odd_encodings = odd[i];
		/* A repeated tie: the later record, its offset, the first. */
		b = build(&s1);
		assert_null(load_both(&b, SOCIALCAP_EFORMAT, &err));
		assert_string_equal(err.field, "ties[27123]");
		assert_int_equal(err.offset, b.dup_tie_at);
		assert_non_null(strstr(err.message, "first as ties[5]"));
		free(b.bytes);
		/* A repeated actor id. */
		b = build(&s2);
		assert_null(load_both(&b, SOCIALCAP_EFORMAT, &err));
		assert_string_equal(err.field, "actors[3999].id");
		assert_int_equal(err.offset, b.dup_actor_at);
		free(b.bytes);
		/* A repeat comes before a broken record just after it. */
		b = build(&s3);
		assert_null(load_both(&b, SOCIALCAP_EFORMAT, &err));
		assert_string_equal(err.field, "ties[27123]");
		free(b.bytes);
		/* The broken record alone is named with its field. */
		s3.dup_tie = 0;
		b = build(&s3);
		assert_null(load_both(&b, SOCIALCAP_EFORMAT, &err));
		assert_string_equal(err.field, "ties[27125].b");
		snprintf(want, sizeof(want), "a tie needs a < b");
		assert_string_equal(err.message, want);
		assert_int_equal(err.offset, b.bad_tie_at);
		free(b.bytes);
	}
}

/* Every weight and since encoding the fast path skips gives the same
 * error as before, naming the field. */
static void test_unusual_records(void **state)
{
	static const struct {
		const char *bytes;
		size_t len;
		int status;
		const char *field;
	} cases[] = {
		{"\x85\x00\x01\x00\xf9\x7c\x00\xf6", 8, SOCIALCAP_EFORMAT, "ties[0].weight"},
		{"\x85\x00\x01\x00\xf9\x3c\x00\xf6", 8, 0, ""},      /* half 1.0 */
		{"\x85\x00\x01\x00\xf9\x00\x01\xf6", 8, 0, ""},      /* subnormal half */
		{"\x85\x00\x01\x00\xf9\xbc\x00\xf6", 8, SOCIALCAP_EFORMAT, "ties[0].weight"},
		{"\x85\x00\x01\x00\x20\xf6", 6, SOCIALCAP_EFORMAT, "ties[0].weight"},
		{"\x85\x00\x01\x00\x01\xf5", 6, SOCIALCAP_EFORMAT, "ties[0].since"},
		{"\x85\x00\x01\x00\x01\x3b\x7f\xff\xff\xff\xff\xff\xff\xff", 14,
		 SOCIALCAP_EFORMAT, "ties[0].since"},
		{"\x85\x00\x01\x00\x01\x1b\x80\x00\x00\x00\x00\x00\x00\x00", 14,
		 SOCIALCAP_EFORMAT, "ties[0].since"},
		{"\x85\x00\x01\x05\x01\xf6", 6, SOCIALCAP_EFORMAT, "ties[0].layer"},
		{"\x85\x00\x02\x00\x01\xf6", 6, SOCIALCAP_EFORMAT, "ties[0].b"},
		{"\x84\x00\x01\x00\x01", 5, SOCIALCAP_EFORMAT, "ties[0]"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		socialcap__mem mem;
		socialcap__cw w;
		socialcap_network *net = NULL;
		socialcap_error err;
		built b;
		int k;

		socialcap__mem_init(&mem, NULL);
		assert_int_equal(socialcap__cw_init(&w, &mem, -1, 256), 0);
		test_state_head(&w);
		socialcap__cw_array(&w, 2);
		test_state_actor(&w, "a", 0);
		test_state_actor(&w, "b", 0);
		/* The record, then valid ties enough that the fast path sees
		 * all the bytes it could need and must decline on the record
		 * itself. */
		socialcap__cw_array(&w, 5);
		socialcap__cw_raw(&w, cases[i].bytes, cases[i].len);
		for (k = 1; k < 5; k++) {
			socialcap__cw_array(&w, 5);
			socialcap__cw_uint(&w, 0);
			socialcap__cw_uint(&w, 1);
			socialcap__cw_uint(&w, (uint64_t)k);
			socialcap__cw_number(&w, 0.1);
			socialcap__cw_null(&w);
		}
		socialcap__cw_array(&w, 0);
		socialcap__cw_array(&w, 0);
		assert_int_equal(w.status, 0);
		b.bytes = w.buf;
		b.size = w.len;
		net = load_both(&b, cases[i].status, &err);
		if (cases[i].status != 0)
			assert_string_equal(err.field, cases[i].field);
		else
			assert_int_equal(socialcap_network_tie_count(net), 5);
		socialcap_network_free(net);
		socialcap__cw_free(&w);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_big_round_trip),
		cmocka_unit_test(test_encodings_decode_alike),
		cmocka_unit_test(test_repeats_far_apart),
		cmocka_unit_test(test_unusual_records),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
