/* The actor records of a state file (lib/state_load_records.c): a record
 * of the usual shape is decoded straight from its bytes, any other by the
 * general tokenizer. Every encoding of the same values gives the same
 * actor either way (each record is written once as a 6-array with the
 * short head, which the fast path reads, and once with a long head, which
 * sends it to the general path), and every record the fast path declines
 * is reported by the general path at its field. */
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
#include "memory.h"
#include "socialcap.h"
#include "state_bytes.h"

/* One way to write an actor's fields after its array head. */
typedef struct variant {
	const char *id;               /* written whole... */
	unsigned id_head;             /* ... with a head of 1, 2 or 3 bytes */
	int long_ints;                /* kind, sector and nbh with 9-byte heads */
	uint64_t kind;
	unsigned char status[9];      /* the status item's bytes */
	size_t status_len;
	double expect_status;         /* NaN for null */
} variant;

static const variant variants[] = {
	{"a", 1, 0, 0, {0xf6}, 1, NAN},
	{"bb", 2, 1, 1, {0x00}, 1, 0.0},
	{"ccc", 3, 0, 2, {0x01}, 1, 1.0},
	{"d", 1, 1, 0, {0xf9, 0x38, 0x00}, 3, 0.5},
	{"e", 1, 0, 1, {0xf9, 0x00, 0x01}, 3, 5.9604644775390625e-08}, /* 2^-24 */
	{"f", 1, 0, 2, {0xf9, 0x3c, 0x00}, 3, 1.0},
	{"g", 2, 0, 0, {0xfa, 0x3e, 0x80, 0x00, 0x00}, 5, 0.25},
	{"h", 1, 0, 0, {0xfb, 0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a}, 9, 0.1},
	{"i", 1, 1, 1, {0xfb, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01}, 9,
	 4.9406564584124654e-324},
	{"\xc3\xa9t\xc3\xa9", 2, 0, 0, {0x18, 0x01}, 2, 1.0},
	{"zero", 1, 0, 0, {0xfa, 0x80, 0x00, 0x00, 0x00}, 5, -0.0},
};
enum { VARIANTS = sizeof(variants) / sizeof(variants[0]), FOLLOWERS = 8 };

static void put_text(socialcap__cw *w, const char *s, unsigned head)
{
	size_t len = strlen(s);
	unsigned char h[3];

	if (head == 1) {
		socialcap__cw_text(w, s, len);
		return;
	}
	h[0] = head == 2 ? 0x78 : 0x79;
	if (head == 2) {
		h[1] = (unsigned char)len;
	} else {
		h[1] = 0;
		h[2] = (unsigned char)len;
	}
	socialcap__cw_raw(w, h, head);
	socialcap__cw_raw(w, (const unsigned char *)s, len);
}

static void put_uint(socialcap__cw *w, uint64_t v, int long_head)
{
	if (long_head)
		test_cbor_uint_long(w, 0, v);
	else
		socialcap__cw_uint(w, v);
}

/* The record of @p v, its array head short (fast path) or long. @p prefix
 * makes the id unique. */
static void put_actor(socialcap__cw *w, const variant *v, int long_array, const char *prefix)
{
	static const unsigned char array6_long[] = {0x98, 0x06};
	char id[64];

	snprintf(id, sizeof(id), "%s%s", prefix, v->id);
	if (long_array)
		socialcap__cw_raw(w, array6_long, sizeof(array6_long));
	else
		socialcap__cw_array(w, 6);
	put_text(w, id, v->id_head);
	put_uint(w, v->kind, v->long_ints);
	put_uint(w, 0, v->long_ints); /* sector */
	put_uint(w, 0, v->long_ints); /* neighbourhood */
	socialcap__cw_raw(w, v->status, v->status_len);
	socialcap__cw_array(w, 0); /* groups */
}

static unsigned char *file_with(void (*actors)(socialcap__cw *w, const void *arg),
				const void *arg, size_t *size)
{
	socialcap__mem mem;
	socialcap__cw w;

	socialcap__mem_init(&mem, NULL);
	assert_int_equal(socialcap__cw_init(&w, &mem, -1, 4096), 0);
	test_state_head(&w);
	actors(&w, arg);
	socialcap__cw_array(&w, 0); /* ties */
	return test_state_finish(&w, 1, size);
}

static void every_variant_twice(socialcap__cw *w, const void *arg)
{
	size_t i;

	(void)arg;
	socialcap__cw_array(w, 2 * VARIANTS);
	for (i = 0; i < VARIANTS; i++)
		put_actor(w, &variants[i], 0, "fast-");
	for (i = 0; i < VARIANTS; i++)
		put_actor(w, &variants[i], 1, "slow-");
}

static void assert_same_double(double got, double want)
{
	if (isnan(want)) {
		assert_true(isnan(got));
		return;
	}
	assert_memory_equal(&got, &want, sizeof(got)); /* to the bit: -0.0 too */
}

static void test_every_encoding_both_ways(void **state)
{
	socialcap_network *net;
	socialcap_error err;
	unsigned char *bytes;
	size_t size, i;
	size_t way;

	(void)state;
	bytes = file_with(every_variant_twice, NULL, &size);
	net = test_state_load_both(bytes, size, 0, &err, 1);
	assert_int_equal(socialcap_network_actor_count(net), 2 * VARIANTS);
	for (way = 0; way < 2; way++) {
		for (i = 0; i < VARIANTS; i++) {
			const variant *v = &variants[i];
			uint32_t a = (uint32_t)(way * VARIANTS + i), found;
			char id[64];

			snprintf(id, sizeof(id), "%s%s", way == 0 ? "fast-" : "slow-", v->id);
			assert_string_equal(socialcap_network_actor_id(net, a), id);
			assert_int_equal(socialcap_network_find_actor(net, &found, id), 0);
			assert_int_equal(found, a);
			assert_int_equal(socialcap_network_actor_kind(net, a), (int)v->kind);
			assert_int_equal(socialcap_network_actor_sector(net, a), 0);
			assert_int_equal(socialcap_network_actor_neighbourhood(net, a), 0);
			assert_same_double(socialcap_network_actor_status(net, a), v->expect_status);
			assert_int_equal(socialcap_network_actor_group_count(net, a), 0);
		}
	}
	socialcap_network_free(net);
	free(bytes);
}

/* A record the fast path must decline, and the field the general path
 * names. Actor 0 is valid; actor 1 is written from these parts; valid
 * actors follow, so that the fast path has the bytes it looks at. */
typedef struct broken {
	unsigned char bytes[24];   /* actor 1's fields after its id */
	size_t len;
	const unsigned char *id;   /* actor 1's id bytes (NULL: "x") */
	size_t id_len;
	const char *field;
} broken;

static void valid_then_broken(socialcap__cw *w, const void *arg)
{
	const broken *b = arg;
	size_t i;

	socialcap__cw_array(w, 2 + FOLLOWERS);
	put_actor(w, &variants[3], 0, "ok-");
	socialcap__cw_array(w, 6);
	if (b->id != NULL) {
		unsigned char h = (unsigned char)(0x60 | b->id_len);

		socialcap__cw_raw(w, &h, 1);
		socialcap__cw_raw(w, b->id, b->id_len);
	} else {
		socialcap__cw_text(w, "x", 1);
	}
	socialcap__cw_raw(w, b->bytes, b->len);
	for (i = 0; i < FOLLOWERS; i++)
		put_actor(w, &variants[i], 0, "after-");
}

static void test_declined_records_reported_at_their_field(void **state)
{
	static const unsigned char nul_id[] = {'a', 0, 'b'}, bad_utf8[] = {'a', 0xff};
	/* kind, sector, nbh, then status and groups */
	static const broken cases[] = {
		{{0, 0, 0, 0xfb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0x80}, 13, NULL, 0,
		 "actors[1].status"},                                     /* 1.5 */
		{{0, 0, 0, 0xfb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0, 0x80}, 13, NULL, 0,
		 "actors[1].status"},                                     /* NaN */
		{{0, 0, 0, 0xf9, 0x7c, 0x00, 0x80}, 7, NULL, 0, "actors[1].status"}, /* inf */
		{{0, 0, 0, 0xfa, 0xbf, 0x80, 0, 0, 0x80}, 9, NULL, 0, "actors[1].status"}, /* -1 */
		{{0, 0, 0, 0x20, 0x80}, 5, NULL, 0, "actors[1].status"},  /* -1 as integer */
		{{0, 0, 0, 0xf5, 0x80}, 5, NULL, 0, "actors[1].status"},  /* true */
		{{3, 0, 0, 0xf6, 0x80}, 5, NULL, 0, "actors[1].kind"},
		{{0, 1, 0, 0xf6, 0x80}, 5, NULL, 0, "actors[1].sector"},
		{{0, 0, 1, 0xf6, 0x80}, 5, NULL, 0, "actors[1].neighbourhood"},
		{{0, 0, 0, 0xf6, 0x81, 0x00}, 6, NULL, 0, "actors[1].groups"}, /* no group 0 */
		{{0, 0, 0, 0xf6, 0x80}, 5, nul_id, sizeof(nul_id), "actors[1].id"},
		{{0, 0, 0, 0xf6, 0x80}, 5, bad_utf8, sizeof(bad_utf8), "actors[1].id"},
		{{0, 0, 0, 0xf6, 0x80}, 5, nul_id, 0, "actors[1].id"},   /* empty */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		socialcap_error err;
		unsigned char *bytes;
		size_t size;

		bytes = file_with(valid_then_broken, &cases[i], &size);
		assert_null(test_state_load_both(bytes, size, SOCIALCAP_EFORMAT, &err, 0));
		if (strcmp(err.field, cases[i].field) != 0)
			fail_msg("case %zu: field %s, expected %s (%s)", i, err.field,
				 cases[i].field, err.message);
		free(bytes);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_encoding_both_ways),
		cmocka_unit_test(test_declined_records_reported_at_their_field),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
