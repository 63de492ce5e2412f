/*
 * Size limits at their edges. Every limit has a default (the options'
 * initial value), a hard maximum where the representation has one, and a
 * setter (the options field). Each limit is set to a small L and tried with
 * inputs of size L - 1 and L (accepted) and L + 1 (SOCIALCAP_ELIMIT, and
 * the object unchanged); the setters reject 0 and values above the hard
 * maximum.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "socialcap.h"
#include "test_files.h"

static char *text_of(size_t n, char c)
{
	char *s = malloc(n + 1);

	assert_non_null(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static socialcap_network *net_with(const socialcap_network_options *o)
{
	socialcap_network *net = NULL;

	assert_int_equal(socialcap_network_new(&net, o), 0);
	return net;
}

/* The call must fail with @p code and leave the network as it was. Counts
 * over their limit are SOCIALCAP_ELIMIT; a text longer than its limit is
 * SOCIALCAP_EINVAL from the network API (documented with the other text
 * checks) and SOCIALCAP_ELIMIT from the file readers. */
#define REJECTED_AS(code, net, call)                                           \
	do {                                                                   \
		char *before_ = test_dump_network(net);                       \
		char *after_;                                                  \
		assert_int_equal((call), (code));                              \
		after_ = test_dump_network(net);                               \
		assert_string_equal(before_, after_);                          \
		free(before_);                                                 \
		free(after_);                                                  \
	} while (0)
#define REJECTED(net, call) REJECTED_AS(SOCIALCAP_ELIMIT, net, call)
#define TOO_LONG(net, call) REJECTED_AS(SOCIALCAP_EINVAL, net, call)

/* --------------------------------------------------------- defaults */

static void test_defaults_and_setters(void **state)
{
	socialcap_network_options o;
	socialcap_state_options so;
	socialcap_dataset_options dso;
	socialcap_journal_options jo;
	socialcap_network *net = NULL;

	(void)state;
	assert_int_equal(socialcap_network_options_init(&o, SOCIALCAP_NETWORK_OPTIONS_VERSION), 0);
	assert_int_equal(o.max_id_bytes, SOCIALCAP_DEFAULT_MAX_ID_BYTES);
	assert_int_equal(o.max_label_bytes, SOCIALCAP_DEFAULT_MAX_LABEL_BYTES);
	assert_int_equal(o.max_actors, SOCIALCAP_HARD_MAX_ACTORS);
	assert_true(o.max_ties > 0 && o.max_records > 0);
	assert_int_equal(socialcap_state_options_init(&so, SOCIALCAP_STATE_OPTIONS_VERSION), 0);
	assert_true(so.max_input_bytes == SOCIALCAP_STATE_DEFAULT_MAX_INPUT);
	assert_int_equal(so.max_nesting, SOCIALCAP_STATE_DEFAULT_MAX_NESTING);
	assert_int_equal(socialcap_dataset_options_init(&dso, SOCIALCAP_DATASET_OPTIONS_VERSION), 0);
	assert_int_equal(dso.max_field_bytes, SOCIALCAP_DATASET_DEFAULT_MAX_FIELD_BYTES);
	assert_int_equal(dso.max_record_bytes, SOCIALCAP_DATASET_DEFAULT_MAX_RECORD_BYTES);
	assert_true(dso.max_file_bytes == SOCIALCAP_DATASET_DEFAULT_MAX_FILE_BYTES);
	assert_int_equal(dso.max_problems, SOCIALCAP_DATASET_DEFAULT_MAX_PROBLEMS);
	assert_int_equal(socialcap_journal_options_init(&jo, SOCIALCAP_JOURNAL_OPTIONS_VERSION), 0);
	assert_true(jo.max_journal_bytes == SOCIALCAP_JOURNAL_DEFAULT_MAX_BYTES);

	/* Hard maxima: at the maximum accepted, one above rejected, 0 rejected. */
	o.max_id_bytes = SOCIALCAP_HARD_MAX_ID_BYTES;
	assert_int_equal(socialcap_network_new(&net, &o), 0);
	socialcap_network_free(net);
	o.max_id_bytes = SOCIALCAP_HARD_MAX_ID_BYTES + 1;
	assert_int_equal(socialcap_network_new(&net, &o), SOCIALCAP_EINVAL);
	assert_null(net);
	o.max_id_bytes = 0;
	assert_int_equal(socialcap_network_new(&net, &o), SOCIALCAP_EINVAL);
	o.max_id_bytes = SOCIALCAP_DEFAULT_MAX_ID_BYTES;

	o.max_label_bytes = SOCIALCAP_HARD_MAX_LABEL_BYTES;
	assert_int_equal(socialcap_network_new(&net, &o), 0);
	socialcap_network_free(net);
	o.max_label_bytes = SOCIALCAP_HARD_MAX_LABEL_BYTES + 1;
	assert_int_equal(socialcap_network_new(&net, &o), SOCIALCAP_EINVAL);
	o.max_label_bytes = 0;
	assert_int_equal(socialcap_network_new(&net, &o), SOCIALCAP_EINVAL);
	o.max_label_bytes = SOCIALCAP_DEFAULT_MAX_LABEL_BYTES;

	o.max_actors = SOCIALCAP_HARD_MAX_ACTORS;
	assert_int_equal(socialcap_network_new(&net, &o), 0);
	socialcap_network_free(net);
	o.max_actors = SOCIALCAP_HARD_MAX_ACTORS + 1u;
	assert_int_equal(socialcap_network_new(&net, &o), SOCIALCAP_EINVAL);
	o.max_actors = 0;
	assert_int_equal(socialcap_network_new(&net, &o), SOCIALCAP_EINVAL);
	o.max_actors = SOCIALCAP_HARD_MAX_ACTORS;

	/* Tie indices are 32-bit inside the snapshot. */
	o.max_ties = UINT32_MAX - 1u;
	assert_int_equal(socialcap_network_new(&net, &o), 0);
	socialcap_network_free(net);
	o.max_ties = UINT32_MAX;
	assert_int_equal(socialcap_network_new(&net, &o), SOCIALCAP_EINVAL);

	/* Dataset setters: 0 is not a limit. */
	{
		socialcap_network *n2 = net_with(NULL);
		char *dir = test_mkdtemp();

		test_write_file(dir, "actors.csv", "id,kind,sector,neighbourhood,status,groups\n",
				(size_t)-1);
		dso.max_field_bytes = 0;
		assert_int_equal(socialcap_dataset_import(n2, dir, &dso, NULL), SOCIALCAP_EINVAL);
		dso.max_field_bytes = 1;
		dso.max_record_bytes = 0;
		assert_int_equal(socialcap_dataset_import(n2, dir, &dso, NULL), SOCIALCAP_EINVAL);
		dso.max_record_bytes = 1;
		dso.max_problems = 0;
		assert_int_equal(socialcap_dataset_import(n2, dir, &dso, NULL), SOCIALCAP_EINVAL);
		socialcap_network_free(n2);
		test_rmdir_free(dir);
	}
}

/* ------------------------------------------------------- network */

static void test_id_length(void **state)
{
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network *net;
	char *a, *b, *c;

	(void)state;
	o.max_id_bytes = 8;
	net = net_with(&o);
	a = text_of(7, 'a');
	b = text_of(8, 'b');
	c = text_of(9, 'c');
	assert_int_equal(socialcap_network_add_actor(net, NULL, a, SOCIALCAP_RESIDENT, "s",
						     "n", 0.5, NULL, 0), 0);
	assert_int_equal(socialcap_network_add_actor(net, NULL, b, SOCIALCAP_RESIDENT, "s",
						     "n", 0.5, NULL, 0), 0);
	TOO_LONG(net, socialcap_network_add_actor(net, NULL, c, SOCIALCAP_RESIDENT, "s",
						  "n", 0.5, NULL, 0));
	{
		socialcap_event ev;
		socialcap_attendance att = {0, SOCIALCAP_ORGANISER};

		memset(&ev, 0, sizeof(ev));
		ev.id = b;
		ev.neighbourhood = "n";
		ev.kind = "k";
		assert_int_equal(socialcap_network_record_event(net, NULL, &ev, &att, 1), 0);
		ev.id = c;
		TOO_LONG(net, socialcap_network_record_event(net, NULL, &ev, &att, 1));
	}
	free(a);
	free(b);
	free(c);
	socialcap_network_free(net);

	/* At the hard maximum. */
	o.max_id_bytes = SOCIALCAP_HARD_MAX_ID_BYTES;
	net = net_with(&o);
	a = text_of(SOCIALCAP_HARD_MAX_ID_BYTES, 'h');
	b = text_of(SOCIALCAP_HARD_MAX_ID_BYTES + 1, 'i');
	assert_int_equal(socialcap_network_add_actor(net, NULL, a, SOCIALCAP_RESIDENT, "s",
						     "n", 0.5, NULL, 0), 0);
	TOO_LONG(net, socialcap_network_add_actor(net, NULL, b, SOCIALCAP_RESIDENT, "s",
						  "n", 0.5, NULL, 0));
	free(a);
	free(b);
	socialcap_network_free(net);
}

static void test_label_length(void **state)
{
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network *net;
	char *l7 = text_of(7, 'x'), *l8 = text_of(8, 'y'), *l9 = text_of(9, 'z');
	const char *g[1];

	(void)state;
	o.max_label_bytes = 8;
	net = net_with(&o);
	/* sector */
	assert_int_equal(socialcap_network_set_sector(net, NULL, l7, 0, 1), 0);
	assert_int_equal(socialcap_network_set_sector(net, NULL, l8, 0, 1), 0);
	TOO_LONG(net, socialcap_network_set_sector(net, NULL, l9, 0, 1));
	/* sector, neighbourhood and group label of an actor */
	assert_int_equal(socialcap_network_add_actor(net, NULL, "a1", SOCIALCAP_RESIDENT, l8,
						     l7, 0.5, NULL, 0), 0);
	assert_int_equal(socialcap_network_add_actor(net, NULL, "a2", SOCIALCAP_RESIDENT, l7,
						     l8, 0.5, NULL, 0), 0);
	TOO_LONG(net, socialcap_network_add_actor(net, NULL, "a3", SOCIALCAP_RESIDENT, l9,
						  "n", 0.5, NULL, 0));
	TOO_LONG(net, socialcap_network_add_actor(net, NULL, "a3", SOCIALCAP_RESIDENT, "s",
						  l9, 0.5, NULL, 0));
	g[0] = l8;
	assert_int_equal(socialcap_network_add_actor(net, NULL, "a3", SOCIALCAP_RESIDENT, "s",
						     "n", 0.5, g, 1), 0);
	g[0] = l9;
	TOO_LONG(net, socialcap_network_add_actor(net, NULL, "a4", SOCIALCAP_RESIDENT, "s",
						  "n", 0.5, g, 1));
	/* layer */
	assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 1, l8, 1, 0), 0);
	TOO_LONG(net, socialcap_network_add_tie(net, NULL, 0, 2, l9, 1, 0));
	/* event kind and neighbourhood */
	{
		socialcap_event ev;
		socialcap_attendance att = {0, SOCIALCAP_ORGANISER};

		memset(&ev, 0, sizeof(ev));
		ev.id = "e1";
		ev.neighbourhood = l8;
		ev.kind = l8;
		assert_int_equal(socialcap_network_record_event(net, NULL, &ev, &att, 1), 0);
		ev.id = "e2";
		ev.kind = l9;
		TOO_LONG(net, socialcap_network_record_event(net, NULL, &ev, &att, 1));
		ev.kind = "k";
		ev.neighbourhood = l9;
		TOO_LONG(net, socialcap_network_record_event(net, NULL, &ev, &att, 1));
	}
	free(l7);
	free(l8);
	free(l9);
	socialcap_network_free(net);
}

static int add_actor_n(socialcap_network *net, unsigned k)
{
	char id[32];

	snprintf(id, sizeof(id), "a%u", k);
	return socialcap_network_add_actor(net, NULL, id, SOCIALCAP_RESIDENT, "s", "n", 0.5,
					   NULL, 0);
}

static void test_counts(void **state)
{
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network *net;
	socialcap_contact c;
	unsigned k;

	(void)state;
	/* actors: L = 4 */
	o.max_actors = 4;
	net = net_with(&o);
	for (k = 0; k < 3; k++)
		assert_int_equal(add_actor_n(net, k), 0);
	assert_int_equal(add_actor_n(net, 3), 0); /* the 4th: at the limit */
	REJECTED(net, add_actor_n(net, 4));
	assert_int_equal(socialcap_network_actor_count(net), 4);
	/* ties: L = 2 distinct ties; the same pair and layer again is no new tie */
	socialcap_network_free(net);
	o.max_actors = SOCIALCAP_HARD_MAX_ACTORS;
	o.max_ties = 2;
	net = net_with(&o);
	for (k = 0; k < 4; k++)
		assert_int_equal(add_actor_n(net, k), 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 1, "family", 1, 0), 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 1, 2, "family", 1, 0), 0);
	assert_int_equal(socialcap_network_tie_count(net), 2);
	REJECTED(net, socialcap_network_add_tie(net, NULL, 2, 3, "family", 1, 0));
	socialcap_network_free(net);
	/* records: L = 3 contacts + events + attendance rows */
	o.max_ties = UINT64_C(4000000000);
	o.max_records = 3;
	net = net_with(&o);
	for (k = 0; k < 4; k++)
		assert_int_equal(add_actor_n(net, k), 0);
	memset(&c, 0, sizeof(c));
	c.a = 0;
	c.b = 1;
	c.weight = 1;
	assert_int_equal(socialcap_network_record_contact(net, NULL, &c), 0);
	assert_int_equal(socialcap_network_record_contact(net, NULL, &c), 0);
	assert_int_equal(socialcap_network_record_contact(net, NULL, &c), 0);
	REJECTED(net, socialcap_network_record_contact(net, NULL, &c));
	socialcap_network_free(net);
	/* An event is one record plus one per attendance row: with L = 3,
	 * three attendees (4 records) are too many, two (3) fit. */
	net = net_with(&o);
	for (k = 0; k < 4; k++)
		assert_int_equal(add_actor_n(net, k), 0);
	{
		socialcap_event ev;
		socialcap_attendance att[3] = {{0, SOCIALCAP_ORGANISER},
					       {1, SOCIALCAP_PARTICIPANT},
					       {2, SOCIALCAP_PARTICIPANT}};

		memset(&ev, 0, sizeof(ev));
		ev.id = "e1";
		ev.neighbourhood = "n";
		ev.kind = "k";
		REJECTED(net, socialcap_network_record_event(net, NULL, &ev, att, 3));
		assert_int_equal(socialcap_network_record_event(net, NULL, &ev, att, 2), 0);
		assert_int_equal(socialcap_network_event_count(net), 1);
		ev.id = "e2";
		REJECTED(net, socialcap_network_record_event(net, NULL, &ev, att, 1));
	}
	socialcap_network_free(net);
}

/* ---------------------------------------------------------- state */

static void test_state_limits(void **state)
{
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_state_options so = SOCIALCAP_STATE_OPTIONS_INIT;
	socialcap_network *net = net_with(NULL), *back = NULL;
	socialcap_error err;
	char *dir = test_mkdtemp(), path[4096], *data;
	size_t len;
	unsigned k;

	(void)state;
	for (k = 0; k < 5; k++)
		assert_int_equal(add_actor_n(net, k), 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 1, "family", 1, 0), 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 1, 2, "family", 1, 0), 0);
	assert_int_equal(socialcap_network_set_sector(net, NULL, "sector", 1, 1), 0);
	snprintf(path, sizeof(path), "%s/s.scap", dir);
	so.created = SOCIALCAP_TIME_NONE;
	assert_int_equal(socialcap_state_save(net, path, &so, &err), 0);
	data = test_read_file(dir, "s.scap", &len);
	/* max_input_bytes: the file's size is the limit. */
	so.max_input_bytes = len - 1;
	assert_int_equal(socialcap_state_load(&back, path, &so, &err), SOCIALCAP_ELIMIT);
	assert_null(back);
	assert_int_equal(socialcap_state_load_buffer(&back, data, len, &so, &err),
			 SOCIALCAP_ELIMIT);
	so.max_input_bytes = len;
	assert_int_equal(socialcap_state_load(&back, path, &so, &err), 0);
	socialcap_network_free(back);
	so.max_input_bytes = len + 1;
	assert_int_equal(socialcap_state_load_buffer(&back, data, len, &so, &err), 0);
	socialcap_network_free(back);
	so.max_input_bytes = SOCIALCAP_STATE_DEFAULT_MAX_INPUT;
	/* The network limits apply to the file: 5 actors, 2 ties. */
	so.network = &o;
	o.max_actors = 4;
	assert_int_equal(socialcap_state_load(&back, path, &so, &err), SOCIALCAP_ELIMIT);
	assert_null(back);
	o.max_actors = 5;
	assert_int_equal(socialcap_state_load(&back, path, &so, &err), 0);
	socialcap_network_free(back);
	o.max_actors = 6;
	o.max_ties = 1;
	assert_int_equal(socialcap_state_load(&back, path, &so, &err), SOCIALCAP_ELIMIT);
	o.max_ties = 2;
	assert_int_equal(socialcap_state_load(&back, path, &so, &err), 0);
	socialcap_network_free(back);
	o.max_ties = 3;
	o.max_id_bytes = 1; /* ids "a0".."a4" are 2 bytes */
	assert_int_equal(socialcap_state_load(&back, path, &so, &err), SOCIALCAP_ELIMIT);
	o.max_id_bytes = 2;
	assert_int_equal(socialcap_state_load(&back, path, &so, &err), 0);
	socialcap_network_free(back);
	o.max_label_bytes = 5; /* sector "sector" is 6 bytes */
	assert_int_equal(socialcap_state_load(&back, path, &so, &err), SOCIALCAP_ELIMIT);
	o.max_label_bytes = 6;
	if (socialcap_state_load(&back, path, &so, &err) != 0)
		fail_msg("%s", err.message);
	socialcap_network_free(back);
	free(data);
	socialcap_network_free(net);
	test_rmdir_free(dir);
}

/* A state file whose header carries an unknown entry nested @p depth
 * arrays deep: the saved file (created left out, so the header is a map of
 * three) with the map widened to four and the entry 99: [[...[0]...]]. */
static unsigned char *nested_state(const unsigned char *file, size_t len, unsigned depth,
				   size_t *out_len)
{
	unsigned char *b = malloc(len + depth + 3);
	size_t at = 4; /* tag d9 d9 f7, array 8a, then the header map */
	unsigned k;

	assert_non_null(b);
	assert_int_equal(file[at], 0xa3);
	memcpy(b, file, at);
	b[at] = 0xa4;
	b[at + 1] = 0x18;
	b[at + 2] = 99;
	for (k = 0; k < depth; k++)
		b[at + 3 + k] = 0x81;
	b[at + 3 + depth] = 0x00;
	memcpy(b + at + 4 + depth, file + at + 1, len - at - 1);
	*out_len = len + depth + 3;
	return b;
}

static void test_state_nesting(void **state)
{
	socialcap_state_options so = SOCIALCAP_STATE_OPTIONS_INIT;
	socialcap_network *net = net_with(NULL), *back = NULL;
	socialcap_error err;
	char *dir = test_mkdtemp(), path[4096];
	unsigned char *file, *deep;
	size_t len, dlen;

	(void)state;
	assert_int_equal(add_actor_n(net, 0), 0);
	so.created = SOCIALCAP_TIME_NONE;
	snprintf(path, sizeof(path), "%s/s.scap", dir);
	assert_int_equal(socialcap_state_save(net, path, &so, &err), 0);
	file = (unsigned char *)test_read_file(dir, "s.scap", &len);
	/* depth 5: limit 4 rejects, 5 and 6 accept */
	deep = nested_state(file, len, 5, &dlen);
	so.max_nesting = 4;
	assert_int_equal(socialcap_state_load_buffer(&back, deep, dlen, &so, &err),
			 SOCIALCAP_ELIMIT);
	assert_null(back);
	so.max_nesting = 5;
	assert_int_equal(socialcap_state_load_buffer(&back, deep, dlen, &so, &err), 0);
	assert_int_equal(socialcap_network_actor_count(back), 1);
	socialcap_network_free(back);
	so.max_nesting = 6;
	assert_int_equal(socialcap_state_load_buffer(&back, deep, dlen, &so, &err), 0);
	socialcap_network_free(back);
	free(deep);
	/* The hard maximum bounds the recursion: accepted at it, a setter
	 * above it is rejected, and input nested deeper fails cleanly. */
	deep = nested_state(file, len, SOCIALCAP_STATE_HARD_MAX_NESTING + 1, &dlen);
	so.max_nesting = SOCIALCAP_STATE_HARD_MAX_NESTING;
	assert_int_equal(socialcap_state_load_buffer(&back, deep, dlen, &so, &err),
			 SOCIALCAP_ELIMIT);
	so.max_nesting = SOCIALCAP_STATE_HARD_MAX_NESTING + 1;
	assert_int_equal(socialcap_state_load_buffer(&back, deep, dlen, &so, &err),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_state_load(&back, path, &so, &err), SOCIALCAP_EINVAL);
	free(deep);
	deep = nested_state(file, len, SOCIALCAP_STATE_HARD_MAX_NESTING, &dlen);
	so.max_nesting = SOCIALCAP_STATE_HARD_MAX_NESTING;
	assert_int_equal(socialcap_state_load_buffer(&back, deep, dlen, &so, &err), 0);
	socialcap_network_free(back);
	free(deep);
	free(file);
	socialcap_network_free(net);
	test_rmdir_free(dir);
}

/* -------------------------------------------------------- dataset */

#define HDR "id,kind,sector,neighbourhood,status,groups\n"

static void test_dataset_limits(void **state)
{
	socialcap_dataset_options o = SOCIALCAP_DATASET_OPTIONS_INIT;
	socialcap_network *net = net_with(NULL);
	socialcap_error err;
	char *dir = test_mkdtemp();
	const char *csv = HDR "r1,resident,abcdefghij,N1,0.5,\n"; /* longest field 10 */
	size_t size = strlen(csv), problems = 0;
	char *before;

	(void)state;
	test_write_file(dir, "actors.csv", csv, (size_t)-1);
	before = test_dump_network(net);
	/* field bytes; the header's longest field is 13 ("neighbourhood") */
	o.max_field_bytes = 12;
	assert_int_equal(socialcap_dataset_import(net, dir, &o, &err), SOCIALCAP_ELIMIT);
	o.max_field_bytes = 13;
	assert_int_equal(socialcap_dataset_import(net, dir, &o, &err), 0);
	socialcap_network_free(net);
	net = net_with(NULL);
	o.max_field_bytes = 14;
	assert_int_equal(socialcap_dataset_import(net, dir, &o, &err), 0);
	socialcap_network_free(net);
	net = net_with(NULL);
	o.max_field_bytes = SOCIALCAP_DATASET_DEFAULT_MAX_FIELD_BYTES;
	/* record bytes: the header line, 42 bytes without its LF */
	o.max_record_bytes = strlen(HDR) - 2;
	assert_int_equal(socialcap_dataset_import(net, dir, &o, &err), SOCIALCAP_ELIMIT);
	{
		char *now = test_dump_network(net);

		assert_string_equal(before, now);
		free(now);
	}
	o.max_record_bytes = strlen(HDR) + 1;
	assert_int_equal(socialcap_dataset_import(net, dir, &o, &err), 0);
	socialcap_network_free(net);
	net = net_with(NULL);
	o.max_record_bytes = SOCIALCAP_DATASET_DEFAULT_MAX_RECORD_BYTES;
	/* file bytes */
	o.max_file_bytes = size - 1;
	assert_int_equal(socialcap_dataset_import(net, dir, &o, &err), SOCIALCAP_ELIMIT);
	o.max_file_bytes = size;
	assert_int_equal(socialcap_dataset_import(net, dir, &o, &err), 0);
	socialcap_network_free(net);
	net = net_with(NULL);
	o.max_file_bytes = size + 1;
	assert_int_equal(socialcap_dataset_import(net, dir, &o, &err), 0);
	socialcap_network_free(net);
	o.max_file_bytes = SOCIALCAP_DATASET_DEFAULT_MAX_FILE_BYTES;
	/* problems: three bad rows, validation stops after max_problems */
	test_write_file(dir, "actors.csv",
			HDR "r1,bad,s,N1,,\nr2,bad,s,N1,,\nr3,bad,s,N1,,\n", (size_t)-1);
	o.max_problems = 2;
	assert_int_equal(socialcap_dataset_validate(NULL, dir, &o, NULL, NULL, &problems),
			 SOCIALCAP_EFORMAT);
	assert_int_equal(problems, 2);
	o.max_problems = 3;
	assert_int_equal(socialcap_dataset_validate(NULL, dir, &o, NULL, NULL, &problems),
			 SOCIALCAP_EFORMAT);
	assert_int_equal(problems, 3);
	o.max_problems = 4;
	assert_int_equal(socialcap_dataset_validate(NULL, dir, &o, NULL, NULL, &problems),
			 SOCIALCAP_EFORMAT);
	assert_int_equal(problems, 3);
	free(before);
	test_rmdir_free(dir);
}

/* -------------------------------------------------------- journal */

static void test_journal_limit(void **state)
{
	socialcap_journal_options jo = SOCIALCAP_JOURNAL_OPTIONS_INIT;
	socialcap_journal *j = NULL;
	socialcap_journal_report rep;
	socialcap_error err;
	socialcap_contact c;
	char *dir = test_mkdtemp(), path[4096], jname[64], *data;
	size_t len;

	(void)state;
	snprintf(path, sizeof(path), "%s/j.scap", dir);
	snprintf(jname, sizeof(jname), "j.scap%s", SOCIALCAP_JOURNAL_SUFFIX);
	assert_int_equal(socialcap_journal_create(&j, path, NULL, NULL, &err), 0);
	assert_int_equal(socialcap_journal_add_actor(j, NULL, "a", SOCIALCAP_RESIDENT, "s",
						     "n", 0.5, NULL, 0), 0);
	assert_int_equal(socialcap_journal_add_actor(j, NULL, "b", SOCIALCAP_RESIDENT, "s",
						     "n", 0.5, NULL, 0), 0);
	memset(&c, 0, sizeof(c));
	c.a = 0;
	c.b = 1;
	c.weight = 1;
	assert_int_equal(socialcap_journal_record_contact(j, NULL, &c), 0);
	assert_int_equal(socialcap_journal_sync(j), 0);
	socialcap_journal_free(j);
	data = test_read_file(dir, jname, &len);
	assert_non_null(data);
	free(data);
	jo.max_journal_bytes = len - 1;
	j = NULL;
	assert_int_equal(socialcap_journal_open(&j, path, &jo, &rep, &err), SOCIALCAP_ELIMIT);
	assert_null(j);
	jo.max_journal_bytes = len;
	assert_int_equal(socialcap_journal_open(&j, path, &jo, &rep, &err), 0);
	assert_int_equal(rep.replayed, 3);
	socialcap_journal_free(j);
	jo.max_journal_bytes = len + 1;
	assert_int_equal(socialcap_journal_open(&j, path, &jo, &rep, &err), 0);
	socialcap_journal_free(j);
	test_rmdir_free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_setters),
		cmocka_unit_test(test_id_length),
		cmocka_unit_test(test_label_length),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_state_limits),
		cmocka_unit_test(test_state_nesting),
		cmocka_unit_test(test_dataset_limits),
		cmocka_unit_test(test_journal_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
