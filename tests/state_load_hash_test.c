/* The bulk hash of the state loader (lib/state_load_hash.c): ties and
 * actor ids enter their hashes by region of the table in rounds. Tables
 * of several regions and files of several rounds load with every tie and
 * actor found again; a repeat is reported as the first in file order with
 * its byte offset, whichever bucket or round it falls in, and before any
 * problem of a later record; tiny and empty files load. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cbor_io.h"
#include "network_internal.h"
#include "socialcap.h"
#include "state_bytes.h"
#include "strtab.h"
#include "test_files.h"

/* 200,000 ties need 2^19 slots: 8 regions of 2^16 and about three rounds
 * (a round takes about an eighth of the table). */
enum { MANY_TIES = 200000, TIE_ACTORS = 1200, MANY_ACTORS = 100000 };

typedef struct plan {
	uint32_t actors;       /* actor i has id "a<i>" ... */
	const uint32_t *id_of; /* ... or "a<id_of[i]>" when given */
	uint64_t ties;         /* declared */
	uint64_t written;      /* records actually written (<= ties) */
	const uint32_t *tie_of; /* tie k is test_tie_key(tie_of[k]) when given */
	uint64_t bad_tie;      /* this record has a == b; UINT64_MAX = none */
	uint32_t bad_actor;    /* this actor names sector 7; UINT32_MAX = none */
	int odd;               /* long encodings of every tie */
} plan;

typedef struct file {
	unsigned char *bytes;
	size_t size;
	uint64_t *tie_at;      /* byte offset of each tie record */
	uint64_t *actor_at;    /* byte offset of each actor record */
} file;

static file build(const plan *p)
{
	socialcap__mem mem;
	socialcap__cw w;
	file f;
	uint64_t k;
	uint32_t i;
	char id[32];

	socialcap__mem_init(&mem, NULL);
	assert_int_equal(socialcap__cw_init(&w, &mem, -1, 4096), 0);
	f.tie_at = calloc(p->ties + 1, sizeof(*f.tie_at));
	f.actor_at = calloc(p->actors + 1u, sizeof(*f.actor_at));
	assert_non_null(f.tie_at);
	assert_non_null(f.actor_at);
	test_state_head(&w);
	socialcap__cw_array(&w, p->actors);
	for (i = 0; i < p->actors; i++) {
		f.actor_at[i] = w.len;
		snprintf(id, sizeof(id), "a%u", p->id_of != NULL ? p->id_of[i] : i);
		test_state_actor(&w, id, i == p->bad_actor ? 7 : 0);
	}
	socialcap__cw_array(&w, p->ties);
	for (k = 0; k < p->written; k++) {
		uint32_t a, b, layer;

		test_tie_key(p->tie_of != NULL ? p->tie_of[k] : (uint32_t)k, &a, &b, &layer);
		if (k == p->bad_tie)
			b = a;
		f.tie_at[k] = w.len;
		socialcap__cw_array(&w, 5);
		if (p->odd) {
			test_cbor_uint_long(&w, 0, a);
			test_cbor_uint_long(&w, 0, b);
			test_cbor_uint_long(&w, 0, layer);
			socialcap__cw_raw(&w, "\xfb\x3f\xf8\x00\x00\x00\x00\x00\x00", 9);
			test_cbor_uint_long(&w, 0, k);
		} else {
			socialcap__cw_uint(&w, a);
			socialcap__cw_uint(&w, b);
			socialcap__cw_uint(&w, layer);
			socialcap__cw_number(&w, 1.5);
			socialcap__cw_null(&w);
		}
	}
	f.bytes = test_state_finish(&w, p->written == p->ties, &f.size);
	return f;
}

static void file_free(file *f)
{
	free(f->bytes);
	free(f->tie_at);
	free(f->actor_at);
}

/* Load @p f from memory and from a file: both give @p status and the same
 * error; returns the network from memory. */
static socialcap_network *load(const file *f, int status, socialcap_error *err)
{
	return test_state_load_both(f->bytes, f->size, status, err, 0);
}

/* The bucket tie key k waits in, as the loader places it: the region of
 * 2^16 slots its slot lies in. */
static size_t slots_for(size_t count)
{
	size_t n = 64;

	while (count > n / 4 * 3)
		n *= 2;
	return n;
}

static size_t region_of(uint64_t hash, size_t slots)
{
	size_t shift = 0;

	while (shift < 16 && ((size_t)2 << shift) <= slots)
		shift++;
	return ((size_t)hash & (slots - 1)) >> shift;
}

static size_t tie_region(uint32_t k, size_t slots)
{
	uint32_t a, b, layer;

	test_tie_key(k, &a, &b, &layer);
	return region_of(socialcap__tie_hash(a, b, layer), slots);
}

static uint32_t *tie_plan(void)
{
	uint32_t *t = malloc(MANY_TIES * sizeof(*t));
	uint32_t k;

	assert_non_null(t);
	for (k = 0; k < MANY_TIES; k++)
		t[k] = k;
	return t;
}

static void expect_repeat(const socialcap_error *err, const file *f, uint64_t k,
			  uint64_t first)
{
	char field[64], msg[128];

	snprintf(field, sizeof(field), "ties[%llu]", (unsigned long long)k);
	snprintf(msg, sizeof(msg), "the same tie appears twice (first as ties[%llu])",
		 (unsigned long long)first);
	assert_int_equal(err->status, SOCIALCAP_EFORMAT);
	assert_string_equal(err->field, field);
	assert_string_equal(err->message, msg);
	assert_int_equal(err->offset, f->tie_at[k]);
}

/* --------------------------------------------------------------- tests */

static void test_many_regions_and_rounds(void **state)
{
	plan p = {TIE_ACTORS, NULL, MANY_TIES, MANY_TIES, NULL, UINT64_MAX, UINT32_MAX, 0};
	socialcap_network *net;
	socialcap_error err;
	size_t seen[8] = {0};
	uint64_t found;
	uint32_t k;
	file f;

	(void)state;
	/* The ties do fall into every region of the table. */
	assert_int_equal(slots_for(MANY_TIES), (size_t)1 << 19);
	for (k = 0; k < MANY_TIES; k++)
		seen[tie_region(k, (size_t)1 << 19)]++;
	for (k = 0; k < 8; k++)
		assert_true(seen[k] > MANY_TIES / 10);
	f = build(&p);
	net = load(&f, 0, &err);
	assert_int_equal(socialcap_network_tie_count(net), MANY_TIES);
	for (k = 0; k < MANY_TIES; k++) {
		uint32_t a, b, layer;
		uint64_t at = UINT64_MAX;

		test_tie_key(k, &a, &b, &layer);
		assert_int_equal(socialcap_network_find_tie(net, &at, a, b, layer), 0);
		assert_int_equal(at, k);
	}
	assert_int_equal(socialcap_network_find_tie(net, &found, 0, 1001, 1), SOCIALCAP_ENOTFOUND);
	for (k = 0; k < TIE_ACTORS; k++) {
		char id[32];
		uint32_t at = UINT32_MAX;

		snprintf(id, sizeof(id), "a%u", k);
		assert_int_equal(socialcap_network_find_actor(net, &at, id), 0);
		assert_int_equal(at, k);
	}
	socialcap_network_free(net);
	file_free(&f);
}

/* A repeat whose first record settled rounds earlier; one found when a
 * full bucket settles the round mid-load (nothing is settled twice); one
 * of an odd encoding right at and just before a kept offset. */
static void test_repeats_across_rounds(void **state)
{
	static const struct {
		uint64_t at, first;
		int odd;
	} cases[] = {
		{190001, 10, 0},    /* first in round one, repeat in the last */
		{1000, 10, 0},      /* found when round one fills up */
		{4096 * 40, 77, 1}, /* at a kept offset */
		{4096 * 40 + 4095, 77, 1},
		{MANY_TIES - 1, MANY_TIES - 2, 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		plan p = {TIE_ACTORS, NULL, MANY_TIES, MANY_TIES, NULL, UINT64_MAX, UINT32_MAX,
			  cases[i].odd};
		uint32_t *t = tie_plan();
		socialcap_error err;
		file f;

		t[cases[i].at] = (uint32_t)cases[i].first;
		p.tie_of = t;
		f = build(&p);
		assert_null(load(&f, SOCIALCAP_EFORMAT, &err));
		expect_repeat(&err, &f, cases[i].at, cases[i].first);
		file_free(&f);
		free(t);
	}
}

/* Two repeats side by side (one round), the later record's in an earlier
 * region: the earlier record is reported. A tie three times: the second,
 * naming the first. */
static void test_first_repeat_over_regions(void **state)
{
	const size_t slots = slots_for(MANY_TIES);
	plan p = {TIE_ACTORS, NULL, MANY_TIES, MANY_TIES, NULL, UINT64_MAX, UINT32_MAX, 0};
	uint32_t *t = tie_plan(), x = 3, y = 4;
	socialcap_error err;
	file f;

	(void)state;
	while (tie_region(x, slots) <= tie_region(y, slots) && y < 1000)
		y++;
	assert_true(tie_region(x, slots) > tie_region(y, slots));
	t[150000] = x;
	t[150001] = y;
	p.tie_of = t;
	f = build(&p);
	assert_null(load(&f, SOCIALCAP_EFORMAT, &err));
	expect_repeat(&err, &f, 150000, x);
	file_free(&f);
	/* the other way round */
	t[150000] = y;
	t[150001] = x;
	f = build(&p);
	assert_null(load(&f, SOCIALCAP_EFORMAT, &err));
	expect_repeat(&err, &f, 150000, y);
	file_free(&f);
	/* three times: 120000 (first 20), then 160000 */
	t[150000] = 150000;
	t[150001] = 150001;
	t[120000] = 20;
	t[160000] = 20;
	f = build(&p);
	assert_null(load(&f, SOCIALCAP_EFORMAT, &err));
	expect_repeat(&err, &f, 120000, 20);
	file_free(&f);
	free(t);
}

/* A repeat is reported before a broken record after it, the broken record
 * before a repeat after it; a repeat before a cut-off end too. */
static void test_repeat_and_broken_record(void **state)
{
	plan p = {TIE_ACTORS, NULL, MANY_TIES, MANY_TIES, NULL, UINT64_MAX, UINT32_MAX, 0};
	uint32_t *t = tie_plan();
	socialcap_error err;
	file f;

	(void)state;
	p.tie_of = t;
	t[100000] = 99999;
	p.bad_tie = 100001;
	f = build(&p);
	assert_null(load(&f, SOCIALCAP_EFORMAT, &err));
	expect_repeat(&err, &f, 100000, 99999);
	file_free(&f);
	p.bad_tie = 99000;
	f = build(&p);
	assert_null(load(&f, SOCIALCAP_EFORMAT, &err));
	assert_string_equal(err.field, "ties[99000].b");
	assert_int_equal(err.offset, f.tie_at[99000]);
	file_free(&f);
	/* cut off after 150,000 of the declared ties */
	p.bad_tie = UINT64_MAX;
	p.written = 150000;
	f = build(&p);
	assert_null(load(&f, SOCIALCAP_EFORMAT, &err));
	expect_repeat(&err, &f, 100000, 99999);
	file_free(&f);
	t[100000] = 100000;
	f = build(&p);
	assert_null(load(&f, SOCIALCAP_EFORMAT, &err));
	assert_string_equal(err.field, "ties[150000]");
	file_free(&f);
	free(t);
}

/* Actor ids: the same rules in a table of several regions. */
static void test_actor_ids(void **state)
{
	const size_t slots = 262144; /* ids for 100,000 actors */
	plan p = {MANY_ACTORS, NULL, 0, 0, NULL, UINT64_MAX, UINT32_MAX, 0};
	uint32_t *ids = malloc(MANY_ACTORS * sizeof(*ids)), i, x = 5, y = 6;
	socialcap_network *net;
	socialcap_error err;
	char id[32];
	file f;

	(void)state;
	assert_non_null(ids);
	for (i = 0; i < MANY_ACTORS; i++)
		ids[i] = i;
	p.id_of = ids;
	f = build(&p);
	net = load(&f, 0, &err);
	for (i = 0; i < MANY_ACTORS; i += 7) {
		uint32_t at = UINT32_MAX;

		snprintf(id, sizeof(id), "a%u", i);
		assert_int_equal(socialcap_network_find_actor(net, &at, id), 0);
		assert_int_equal(at, i);
	}
	socialcap_network_free(net);
	file_free(&f);
	/* far apart */
	ids[90001] = 3;
	f = build(&p);
	assert_null(load(&f, SOCIALCAP_EFORMAT, &err));
	assert_string_equal(err.field, "actors[90001].id");
	assert_string_equal(err.message, "two actors have this id");
	assert_int_equal(err.offset, f.actor_at[90001]);
	file_free(&f);
	/* side by side, the later in an earlier region */
	ids[90001] = 90001;
	for (;;) {
		char sx[32], sy[32];

		snprintf(sx, sizeof(sx), "a%u", x);
		snprintf(sy, sizeof(sy), "a%u", y);
		if (region_of(socialcap__hash_bytes(sx, strlen(sx)), slots) >
		    region_of(socialcap__hash_bytes(sy, strlen(sy)), slots))
			break;
		if (++y == 1000)
			y = ++x + 1;
		assert_true(x < 1000);
	}
	ids[80000] = x;
	ids[80001] = y;
	f = build(&p);
	assert_null(load(&f, SOCIALCAP_EFORMAT, &err));
	assert_string_equal(err.field, "actors[80000].id");
	assert_int_equal(err.offset, f.actor_at[80000]);
	file_free(&f);
	/* before a broken actor after it; not after one */
	ids[80001] = 80001;
	p.bad_actor = 80002;
	f = build(&p);
	assert_null(load(&f, SOCIALCAP_EFORMAT, &err));
	assert_string_equal(err.field, "actors[80000].id");
	file_free(&f);
	p.bad_actor = 70000;
	f = build(&p);
	assert_null(load(&f, SOCIALCAP_EFORMAT, &err));
	assert_string_equal(err.field, "actors[70000].sector");
	file_free(&f);
	free(ids);
}

/* Files with no actors, no ties, one tie, a tie twice in a row. */
static void test_tiny_files(void **state)
{
	static const uint32_t twice[] = {0, 0};
	static const uint32_t ids[] = {0, 0};
	socialcap_network *net;
	socialcap_error err;
	plan p = {0, NULL, 0, 0, NULL, UINT64_MAX, UINT32_MAX, 0};
	uint64_t found = UINT64_MAX;
	file f;

	(void)state;
	f = build(&p);
	net = load(&f, 0, &err);
	assert_int_equal(socialcap_network_actor_count(net), 0);
	assert_int_equal(socialcap_network_tie_count(net), 0);
	socialcap_network_free(net);
	file_free(&f);
	p.actors = 1001;
	f = build(&p);
	net = load(&f, 0, &err);
	assert_int_equal(socialcap_network_actor_count(net), 1001);
	assert_int_equal(socialcap_network_tie_count(net), 0);
	socialcap_network_free(net);
	file_free(&f);
	p.ties = p.written = 1;
	f = build(&p);
	net = load(&f, 0, &err);
	assert_int_equal(socialcap_network_tie_count(net), 1);
	assert_int_equal(socialcap_network_find_tie(net, &found, 0, 1000, 0), 0);
	assert_int_equal(found, 0);
	socialcap_network_free(net);
	file_free(&f);
	p.ties = p.written = 2;
	p.tie_of = twice;
	f = build(&p);
	assert_null(load(&f, SOCIALCAP_EFORMAT, &err));
	expect_repeat(&err, &f, 1, 0);
	file_free(&f);
	p.actors = 2;
	p.ties = p.written = 0;
	p.id_of = ids;
	f = build(&p);
	assert_null(load(&f, SOCIALCAP_EFORMAT, &err));
	assert_string_equal(err.field, "actors[1].id");
	assert_int_equal(err.offset, f.actor_at[1]);
	file_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many_regions_and_rounds),
		cmocka_unit_test(test_repeats_across_rounds),
		cmocka_unit_test(test_first_repeat_over_regions),
		cmocka_unit_test(test_repeat_and_broken_record),
		cmocka_unit_test(test_actor_ids),
		cmocka_unit_test(test_tiny_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
