/* The network model: options, actors, sectors, neighbourhoods, groups,
 * layers, declared ties, limits, allocation failures and memory accounting. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "net_digest.h"
#include "socialcap.h"
#include "sweep.h"
#include "test_alloc.h"

#define NONE SOCIALCAP_TIME_NONE
#define NO SOCIALCAP_NO_INDEX

/* ------------------------------------------------------------- helpers */

static socialcap_network *new_net(const socialcap_network_options *opts)
{
	socialcap_network *net = NULL;

	assert_int_equal(socialcap_network_new(&net, opts), 0);
	assert_non_null(net);
	return net;
}

static socialcap_network *new_net_limits(size_t max_id, size_t max_label,
					 uint32_t max_actors, uint64_t max_ties)
{
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;

	o.max_id_bytes = max_id;
	o.max_label_bytes = max_label;
	o.max_actors = max_actors;
	o.max_ties = max_ties;
	return new_net(&o);
}

static int add(socialcap_network *net, const char *id, int kind, const char *sector,
	       const char *nbh)
{
	return socialcap_network_add_actor(net, NULL, id, (socialcap_actor_kind)kind,
					   sector, nbh, NAN, NULL, 0);
}

static uint32_t add_ok(socialcap_network *net, const char *id, int kind,
		       const char *sector, const char *nbh)
{
	uint32_t index = NO;

	assert_int_equal(socialcap_network_add_actor(net, &index, id,
						     (socialcap_actor_kind)kind,
						     sector, nbh, NAN, NULL, 0),
			 0);
	assert_string_equal(socialcap_network_errmsg(net), "");
	return index;
}

/* The message must start with the field name, and contain @p also if given. */
static void check_msg(const socialcap_network *net, const char *field, const char *also)
{
	const char *msg = socialcap_network_errmsg(net);
	size_t n = strlen(field);

	if (strncmp(msg, field, n) != 0 || msg[n] != ':' ||
	    (also != NULL && strstr(msg, also) == NULL))
		print_error("message \"%s\" does not name \"%s\"%s%s\n", msg, field,
			    also ? " and " : "", also ? also : "");
	assert_true(strncmp(msg, field, n) == 0 && msg[n] == ':');
	if (also != NULL)
		assert_non_null(strstr(msg, also));
}

/* A failing call must return @p want, name the field and change nothing. */
typedef struct guard {
	socialcap_network *net;
	char *before;
} guard;

static guard watch(socialcap_network *net)
{
	guard g;

	g.net = net;
	g.before = net_digest(net);
	return g;
}

static void unchanged(guard *g)
{
	char *now = net_digest(g->net);

	assert_string_equal(now, g->before);
	free(now);
	free(g->before);
	g->before = NULL;
}

#define EXPECT_FAIL(net, call, want, field, also)                              \
	do {                                                                   \
		guard g_ = watch(net);                                         \
		int rc_ = (call);                                              \
		if (rc_ != (want))                                             \
			print_error("%s:%d: %s returned %d, not %d\n",         \
				    __FILE__, __LINE__, #call, rc_, (want));   \
		assert_int_equal(rc_, (want));                                 \
		check_msg((net), (field), (also));                             \
		unchanged(&g_);                                                \
	} while (0)

/* ------------------------------------------------------------- options */

static void test_options_init(void **state)
{
	const socialcap_network_options init = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network_options o;

	(void)state;
	memset(&o, 0x5a, sizeof(o));
	assert_int_equal(socialcap_network_options_init(&o, SOCIALCAP_NETWORK_OPTIONS_VERSION), 0);
	assert_int_equal(o.version, SOCIALCAP_NETWORK_OPTIONS_VERSION);
	assert_null(o.allocator);
	assert_int_equal(o.max_id_bytes, init.max_id_bytes);
	assert_int_equal(o.max_id_bytes, SOCIALCAP_DEFAULT_MAX_ID_BYTES);
	assert_int_equal(o.max_label_bytes, SOCIALCAP_DEFAULT_MAX_LABEL_BYTES);
	assert_int_equal(o.max_actors, SOCIALCAP_HARD_MAX_ACTORS);
	assert_int_equal(o.max_ties, init.max_ties);
	assert_int_equal(o.max_records, init.max_records);
	assert_int_equal(socialcap_network_options_init(NULL, 1), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_options_init(&o, 0), SOCIALCAP_EVERSION);
	assert_int_equal(socialcap_network_options_init(&o, 2), SOCIALCAP_EVERSION);
}

static void expect_new_fails(const socialcap_network_options *o, int want)
{
	socialcap_network *net = (socialcap_network *)&net;

	assert_int_equal(socialcap_network_new(&net, o), want);
	assert_null(net);
}

static void test_new_rejects_bad_options(void **state)
{
	const socialcap_network_options init = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network_options o;
	socialcap_allocator half = {NULL, NULL, NULL, NULL};
	socialcap_network *net;

	(void)state;
	assert_int_equal(socialcap_network_new(NULL, NULL), SOCIALCAP_EINVAL);
	o = init, o.version = 0;
	expect_new_fails(&o, SOCIALCAP_EVERSION);
	o = init, o.version = 2;
	expect_new_fails(&o, SOCIALCAP_EVERSION);
	o = init, o.max_id_bytes = 0;
	expect_new_fails(&o, SOCIALCAP_EINVAL);
	o = init, o.max_id_bytes = SOCIALCAP_HARD_MAX_ID_BYTES + 1;
	expect_new_fails(&o, SOCIALCAP_EINVAL);
	o = init, o.max_label_bytes = 0;
	expect_new_fails(&o, SOCIALCAP_EINVAL);
	o = init, o.max_label_bytes = SOCIALCAP_HARD_MAX_LABEL_BYTES + 1;
	expect_new_fails(&o, SOCIALCAP_EINVAL);
	o = init, o.max_actors = 0;
	expect_new_fails(&o, SOCIALCAP_EINVAL);
	o = init, o.max_actors = SOCIALCAP_HARD_MAX_ACTORS + 1u;
	expect_new_fails(&o, SOCIALCAP_EINVAL);
	o = init, o.max_ties = UINT32_MAX;
	expect_new_fails(&o, SOCIALCAP_EINVAL);
	o = init, o.allocator = &half;
	expect_new_fails(&o, SOCIALCAP_EINVAL);
	/* The bounds themselves are fine. */
	o = init;
	o.max_id_bytes = SOCIALCAP_HARD_MAX_ID_BYTES;
	o.max_label_bytes = SOCIALCAP_HARD_MAX_LABEL_BYTES;
	o.max_ties = UINT32_MAX - 1u;
	net = new_net(&o);
	socialcap_network_free(net);
	o = init, o.max_id_bytes = 1, o.max_label_bytes = 1, o.max_actors = 1;
	o.max_ties = 0;
	net = new_net(&o);
	socialcap_network_free(net);
}

static void test_new_network_is_empty(void **state)
{
	static const char *const layers[] = {"family", "household", "neighbours",
					     "work", "school"};
	socialcap_network *net = new_net(NULL);
	uint32_t i, found;
	uint64_t tie;
	socialcap_tie t;

	(void)state;
	assert_int_equal(socialcap_network_actor_count(net), 0);
	assert_int_equal(socialcap_network_sector_count(net), 0);
	assert_int_equal(socialcap_network_neighbourhood_count(net), 0);
	assert_int_equal(socialcap_network_group_count(net), 0);
	assert_int_equal(socialcap_network_tie_count(net), 0);
	assert_int_equal(socialcap_network_layer_count(net), 5);
	for (i = 0; i < 5; i++) {
		assert_string_equal(socialcap_network_layer_label(net, i), layers[i]);
		assert_int_equal(socialcap_network_find_layer(net, &found, layers[i]), 0);
		assert_int_equal(found, i);
	}
	assert_int_equal(SOCIALCAP_LAYER_FAMILY, 0);
	assert_int_equal(SOCIALCAP_LAYER_SCHOOL, 4);
	assert_null(socialcap_network_layer_label(net, 5));
	assert_int_equal(socialcap_network_find_layer(net, &found, "church"),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_find_layer(net, &found, "Family"),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_find_layer(net, &found, "famil"),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_find_layer(net, NULL, "family"),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_find_layer(net, &found, NULL),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_find_tie(net, &tie, 0, 1, 0),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_tie(net, 0, &t), SOCIALCAP_ENOTFOUND);
	assert_string_equal(socialcap_network_errmsg(net), "");
	assert_true(socialcap_network_memory(net) > 0);
	socialcap_network_free(net);
	socialcap_network_free(NULL);
	assert_non_null(socialcap_network_errmsg(NULL));
	assert_true(strlen(socialcap_network_errmsg(NULL)) > 0);
}

static void test_null_network(void **state)
{
	socialcap_tie t;
	uint32_t u;
	uint64_t w;

	(void)state;
	assert_int_equal(socialcap_network_add_actor(NULL, NULL, "a", 0, "s", "n",
						     NAN, NULL, 0),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_set_sector(NULL, NULL, "s", 0, NAN),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_add_tie(NULL, NULL, 0, 1, "family", 1, NONE),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_reserve(NULL, 1, 1), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_find_actor(NULL, &u, "a"), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_find_sector(NULL, &u, "a"), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_find_neighbourhood(NULL, &u, "a"),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_find_layer(NULL, &u, "a"), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_find_tie(NULL, &w, 0, 1, 0), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_tie(NULL, 0, &t), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_actor_count(NULL), 0);
	assert_int_equal(socialcap_network_sector_count(NULL), 0);
	assert_int_equal(socialcap_network_neighbourhood_count(NULL), 0);
	assert_int_equal(socialcap_network_group_count(NULL), 0);
	assert_int_equal(socialcap_network_layer_count(NULL), 0);
	assert_int_equal(socialcap_network_tie_count(NULL), 0);
	assert_int_equal(socialcap_network_memory(NULL), 0);
	assert_null(socialcap_network_actor_id(NULL, 0));
	assert_int_equal(socialcap_network_actor_kind(NULL, 0), -1);
	assert_int_equal(socialcap_network_actor_sector(NULL, 0), NO);
	assert_int_equal(socialcap_network_actor_neighbourhood(NULL, 0), NO);
	assert_true(isnan(socialcap_network_actor_status(NULL, 0)));
	assert_int_equal(socialcap_network_actor_is_institution(NULL, 0), 0);
	assert_int_equal(socialcap_network_actor_group_count(NULL, 0), 0);
	assert_int_equal(socialcap_network_actor_group(NULL, 0, 0), NO);
	assert_null(socialcap_network_sector_label(NULL, 0));
	assert_int_equal(socialcap_network_sector_tier(NULL, 0), -1);
	assert_true(isnan(socialcap_network_sector_prestige(NULL, 0)));
	assert_null(socialcap_network_neighbourhood_label(NULL, 0));
	assert_int_equal(socialcap_network_neighbourhood_actor_count(NULL, 0), 0);
	assert_int_equal(socialcap_network_neighbourhood_resident_count(NULL, 0), 0);
	assert_null(socialcap_network_group_label(NULL, 0));
	assert_null(socialcap_network_layer_label(NULL, 0));
}

/* -------------------------------------------------------------- actors */

static void test_actor_attributes(void **state)
{
	socialcap_network *net = new_net(NULL);
	const char *groups[] = {"choir", "football"};
	uint32_t a = NO, b = NO, found;

	(void)state;
	assert_int_equal(socialcap_network_add_actor(net, &a, "anna", SOCIALCAP_RESIDENT,
						     "residents", "N1", 0.25, groups, 2),
			 0);
	assert_int_equal(socialcap_network_add_actor(net, &b, "police-1",
						     SOCIALCAP_PROFESSIONAL, "police",
						     "N2", NAN, NULL, 0),
			 0);
	assert_int_equal(a, 0);
	assert_int_equal(b, 1);
	assert_int_equal(socialcap_network_actor_count(net), 2);
	assert_string_equal(socialcap_network_actor_id(net, a), "anna");
	assert_int_equal(socialcap_network_actor_kind(net, a), SOCIALCAP_RESIDENT);
	assert_int_equal(socialcap_network_actor_kind(net, b), SOCIALCAP_PROFESSIONAL);
	assert_int_equal(socialcap_network_actor_sector(net, a), 0);
	assert_int_equal(socialcap_network_actor_sector(net, b), 1);
	assert_int_equal(socialcap_network_actor_neighbourhood(net, a), 0);
	assert_int_equal(socialcap_network_actor_neighbourhood(net, b), 1);
	assert_true(socialcap_network_actor_status(net, a) == 0.25);
	assert_true(isnan(socialcap_network_actor_status(net, b)));
	assert_int_equal(socialcap_network_actor_group_count(net, a), 2);
	assert_int_equal(socialcap_network_actor_group(net, a, 0), 0);
	assert_int_equal(socialcap_network_actor_group(net, a, 1), 1);
	assert_int_equal(socialcap_network_actor_group_count(net, b), 0);
	assert_string_equal(socialcap_network_sector_label(net, 0), "residents");
	assert_string_equal(socialcap_network_sector_label(net, 1), "police");
	assert_string_equal(socialcap_network_neighbourhood_label(net, 1), "N2");
	assert_int_equal(socialcap_network_find_neighbourhood(net, &found, "N2"), 0);
	assert_int_equal(found, 1);
	assert_int_equal(socialcap_network_find_neighbourhood(net, &found, "N3"),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_find_neighbourhood(net, NULL, "N2"),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_find_neighbourhood(net, &found, NULL),
			 SOCIALCAP_EINVAL);
	/* out may be NULL */
	assert_int_equal(add(net, "no-out", SOCIALCAP_ORGANISATION, "shops", "N1"), 0);
	assert_int_equal(socialcap_network_actor_kind(net, 2), SOCIALCAP_ORGANISATION);
	socialcap_network_free(net);
}

static void test_actor_ids_are_unique(void **state)
{
	socialcap_network *net = new_net(NULL);

	(void)state;
	add_ok(net, "anna", 0, "residents", "N1");
	add_ok(net, "Anna", 0, "residents", "N1"); /* case matters */
	add_ok(net, "ann", 0, "residents", "N1");  /* a prefix is another id */
	add_ok(net, "annab", 0, "residents", "N1");
	/* Even with every other attribute different, the id is taken. */
	EXPECT_FAIL(net, socialcap_network_add_actor(net, NULL, "anna", 1, "police",
						     "N9", 0.5, NULL, 0),
		    SOCIALCAP_EEXISTS, "id", "anna");
	assert_int_equal(socialcap_network_sector_count(net), 1);
	assert_int_equal(socialcap_network_neighbourhood_count(net), 1);
	/* A success clears the message. */
	add_ok(net, "bert", 0, "residents", "N1");
	socialcap_network_free(net);
}

static void test_id_and_label_lengths(void **state)
{
	socialcap_network *net = new_net_limits(8, 5, 100, 100);
	const char *g6[] = {"abcdef"};
	const char *g5[] = {"abcde"};
	uint32_t found;

	(void)state;
	add_ok(net, "12345678", 0, "abcde", "abcde");
	assert_int_equal(socialcap_network_find_actor(net, &found, "12345678"), 0);
	EXPECT_FAIL(net, add(net, "123456789", 0, "s", "n"), SOCIALCAP_EINVAL, "id", "8");
	EXPECT_FAIL(net, add(net, "x", 0, "abcdef", "n"), SOCIALCAP_EINVAL, "sector", "5");
	EXPECT_FAIL(net, add(net, "x", 0, "s", "abcdef"), SOCIALCAP_EINVAL,
		    "neighbourhood", "5");
	EXPECT_FAIL(net, socialcap_network_add_actor(net, NULL, "x", 0, "s", "n", NAN,
						     g6, 1),
		    SOCIALCAP_EINVAL, "groups", "5");
	assert_int_equal(socialcap_network_add_actor(net, NULL, "x", 0, "s", "n", NAN,
						     g5, 1),
			 0);
	/* Lengths are in bytes: "é" is two. */
	add_ok(net, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 0, "s", "n");
	EXPECT_FAIL(net, add(net, "1\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 0, "s", "n"),
		    SOCIALCAP_EINVAL, "id", NULL);
	EXPECT_FAIL(net, socialcap_network_set_sector(net, NULL, "abcdef", 1, 1.0),
		    SOCIALCAP_EINVAL, "sector", NULL);
	socialcap_network_free(net);
}

static void test_hard_maximum_id_length(void **state)
{
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network *net;
	char *id = malloc(SOCIALCAP_HARD_MAX_ID_BYTES + 2);

	(void)state;
	assert_non_null(id);
	o.max_id_bytes = SOCIALCAP_HARD_MAX_ID_BYTES;
	net = new_net(&o);
	memset(id, 'x', SOCIALCAP_HARD_MAX_ID_BYTES + 1);
	id[SOCIALCAP_HARD_MAX_ID_BYTES + 1] = '\0';
	EXPECT_FAIL(net, add(net, id, 0, "s", "n"), SOCIALCAP_EINVAL, "id", NULL);
	id[SOCIALCAP_HARD_MAX_ID_BYTES] = '\0';
	add_ok(net, id, 0, "s", "n");
	assert_string_equal(socialcap_network_actor_id(net, 0), id);
	socialcap_network_free(net);
	/* The default limit applies when no options are given. */
	net = new_net(NULL);
	id[SOCIALCAP_DEFAULT_MAX_ID_BYTES + 1] = '\0';
	EXPECT_FAIL(net, add(net, id, 0, "s", "n"), SOCIALCAP_EINVAL, "id", NULL);
	id[SOCIALCAP_DEFAULT_MAX_ID_BYTES] = '\0';
	add_ok(net, id, 0, "s", "n");
	socialcap_network_free(net);
	free(id);
}

/* Texts every id and label must refuse. */
static const char *const bad_texts[] = {
	"",
	"tab\there", "new\nline", "cr\r", "esc\x1b[0m", "del\x7f", "\x01",
	"\xc2\x85",         /* U+0085 NEXT LINE, a C1 control character */
	"\302\23331m",      /* U+009B CONTROL SEQUENCE INTRODUCER, "31m" */
	"\x80",             /* continuation byte alone */
	"\xc3",             /* truncated 2-byte sequence */
	"a\xc3",            /* truncated at the end */
	"\xe2\x82",         /* truncated 3-byte sequence */
	"\xf0\x9f\x98",     /* truncated 4-byte sequence */
	"\xc3\x28",         /* bad continuation */
	"\xc0\xaf",         /* overlong '/' */
	"\xc1\xbf",         /* overlong */
	"\xe0\x80\xaf",     /* overlong 3-byte */
	"\xf0\x80\x80\xaf", /* overlong 4-byte */
	"\xed\xa0\x80",     /* surrogate U+D800 */
	"\xed\xbf\xbf",     /* surrogate U+DFFF */
	"\xf4\x90\x80\x80", /* U+110000 */
	"\xf5\x80\x80\x80", "\xff", "\xfe",
};

static const char *const good_texts[] = {
	"a", "Kruiskamp-Noord", "caf\xc3\xa9",      /* é */
	"\xe2\x82\xac 5",                           /* € */
	"\xf0\x9f\x98\x80",                         /* U+1F600 */
	"\xf4\x8f\xbf\xbf",                         /* U+10FFFF */
	"\xc2\xa0",                                 /* U+00A0, after the C1 block */
	"\xed\x9f\xbf",                             /* U+D7FF */
	"\xee\x80\x80",                             /* U+E000 */
	"a b ~!",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void test_bad_texts_rejected_everywhere(void **state)
{
	socialcap_network *net = new_net(NULL);
	uint32_t a = add_ok(net, "first", 0, "s", "n");
	uint32_t b = add_ok(net, "second", 0, "s", "n");
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad_texts); i++) {
		const char *t = bad_texts[i];
		const char *groups[] = {"ok", t};

		EXPECT_FAIL(net, add(net, t, 0, "s", "n"), SOCIALCAP_EINVAL, "id", NULL);
		EXPECT_FAIL(net, add(net, "x", 0, t, "n"), SOCIALCAP_EINVAL, "sector", NULL);
		EXPECT_FAIL(net, add(net, "x", 0, "s", t), SOCIALCAP_EINVAL,
			    "neighbourhood", NULL);
		EXPECT_FAIL(net, socialcap_network_add_actor(net, NULL, "x", 0, "s", "n",
							     NAN, groups, 2),
			    SOCIALCAP_EINVAL, "groups", NULL);
		EXPECT_FAIL(net, socialcap_network_set_sector(net, NULL, t, 1, NAN),
			    SOCIALCAP_EINVAL, "sector", NULL);
		EXPECT_FAIL(net, socialcap_network_add_tie(net, NULL, a, b, t, 1.0, NONE),
			    SOCIALCAP_EINVAL, "layer", NULL);
	}
	for (i = 0; i < COUNT(good_texts); i++) {
		const char *t = good_texts[i];
		char id[32];
		uint32_t found;

		snprintf(id, sizeof(id), "%s", t);
		assert_int_equal(socialcap_network_add_actor(net, NULL, id, 0, t, t, NAN,
							     &t, 1),
				 0);
		assert_int_equal(socialcap_network_find_actor(net, &found, t), 0);
		assert_string_equal(socialcap_network_actor_id(net, found), t);
		assert_int_equal(socialcap_network_add_tie(net, NULL, a, b, t, 1.0, NONE), 0);
	}
	socialcap_network_free(net);
}

static void test_null_texts_rejected(void **state)
{
	socialcap_network *net = new_net(NULL);
	const char *groups[] = {"ok", NULL};

	(void)state;
	add_ok(net, "a", 0, "s", "n");
	add_ok(net, "b", 0, "s", "n");
	EXPECT_FAIL(net, add(net, NULL, 0, "s", "n"), SOCIALCAP_EINVAL, "id", NULL);
	EXPECT_FAIL(net, add(net, "x", 0, NULL, "n"), SOCIALCAP_EINVAL, "sector", NULL);
	EXPECT_FAIL(net, add(net, "x", 0, "s", NULL), SOCIALCAP_EINVAL, "neighbourhood",
		    NULL);
	EXPECT_FAIL(net, socialcap_network_add_actor(net, NULL, "x", 0, "s", "n", NAN,
						     groups, 2),
		    SOCIALCAP_EINVAL, "groups", NULL);
	EXPECT_FAIL(net, socialcap_network_add_actor(net, NULL, "x", 0, "s", "n", NAN,
						     NULL, 2),
		    SOCIALCAP_EINVAL, "groups", NULL);
	EXPECT_FAIL(net, socialcap_network_set_sector(net, NULL, NULL, 0, NAN),
		    SOCIALCAP_EINVAL, "sector", NULL);
	EXPECT_FAIL(net, socialcap_network_add_tie(net, NULL, 0, 1, NULL, 1.0, NONE),
		    SOCIALCAP_EINVAL, "layer", NULL);
	socialcap_network_free(net);
}

static void test_kind_range(void **state)
{
	socialcap_network *net = new_net(NULL);

	(void)state;
	EXPECT_FAIL(net, add(net, "x", 3, "s", "n"), SOCIALCAP_EINVAL, "kind", "\"x\"");
	EXPECT_FAIL(net, add(net, "x", -1, "s", "n"), SOCIALCAP_EINVAL, "kind", "\"x\"");
	EXPECT_FAIL(net, add(net, "x", 255, "s", "n"), SOCIALCAP_EINVAL, "kind", NULL);
	EXPECT_FAIL(net, add(net, "x", 256, "s", "n"), SOCIALCAP_EINVAL, "kind", NULL);
	assert_int_equal(socialcap_network_sector_count(net), 0);
	add_ok(net, "r", SOCIALCAP_RESIDENT, "s", "n");
	add_ok(net, "p", SOCIALCAP_PROFESSIONAL, "s", "n");
	add_ok(net, "o", SOCIALCAP_ORGANISATION, "s", "n");
	assert_int_equal(socialcap_network_actor_kind(net, 0), 0);
	assert_int_equal(socialcap_network_actor_kind(net, 1), 1);
	assert_int_equal(socialcap_network_actor_kind(net, 2), 2);
	socialcap_network_free(net);
}

static void test_status_range(void **state)
{
	socialcap_network *net = new_net(NULL);
	const double bad[] = {-0.01, 1.01, -1e-300, 1.0 + DBL_EPSILON, INFINITY,
			      -INFINITY, 2.0, -DBL_MAX};
	const double good[] = {0.0, -0.0, 1.0, 0.5, DBL_MIN, 1.0 - DBL_EPSILON / 2};
	char id[16];
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++)
		EXPECT_FAIL(net, socialcap_network_add_actor(net, NULL, "x", 0, "s", "n",
							     bad[i], NULL, 0),
			    SOCIALCAP_EINVAL, "status", "\"x\"");
	for (i = 0; i < COUNT(good); i++) {
		uint32_t a;

		snprintf(id, sizeof(id), "g%zu", i);
		assert_int_equal(socialcap_network_add_actor(net, &a, id, 0, "s", "n",
							     good[i], NULL, 0),
				 0);
		assert_true(socialcap_network_actor_status(net, a) == good[i]);
	}
	/* Any NaN means unknown and reads back as NaN. */
	assert_int_equal(socialcap_network_add_actor(net, NULL, "nan", 0, "s", "n",
						     -NAN, NULL, 0),
			 0);
	assert_true(isnan(socialcap_network_actor_status(net, COUNT(good))));
	socialcap_network_free(net);
}

static void test_groups_dedupe(void **state)
{
	socialcap_network *net = new_net(NULL);
	const char *g1[] = {"choir", "football", "choir", "choir"};
	const char *g2[] = {"football", "mosque"};
	uint32_t a, b, c;

	(void)state;
	assert_int_equal(socialcap_network_add_actor(net, &a, "a", 0, "s", "n", NAN,
						     g1, 4),
			 0);
	assert_int_equal(socialcap_network_actor_group_count(net, a), 2);
	assert_string_equal(socialcap_network_group_label(net,
			    socialcap_network_actor_group(net, a, 0)), "choir");
	assert_string_equal(socialcap_network_group_label(net,
			    socialcap_network_actor_group(net, a, 1)), "football");
	assert_int_equal(socialcap_network_actor_group(net, a, 2), NO);
	assert_int_equal(socialcap_network_group_count(net), 2);
	assert_int_equal(socialcap_network_add_actor(net, &b, "b", 0, "s", "n", NAN,
						     g2, 2),
			 0);
	assert_int_equal(socialcap_network_group_count(net), 3);
	assert_int_equal(socialcap_network_actor_group_count(net, b), 2);
	/* The shared label has one index. */
	assert_int_equal(socialcap_network_actor_group(net, b, 0),
			 socialcap_network_actor_group(net, a, 1));
	assert_string_equal(socialcap_network_group_label(net, 2), "mosque");
	assert_null(socialcap_network_group_label(net, 3));
	/* NULL groups with count 0 is "no groups". */
	assert_int_equal(socialcap_network_add_actor(net, &c, "c", 0, "s", "n", NAN,
						     NULL, 0),
			 0);
	assert_int_equal(socialcap_network_actor_group_count(net, c), 0);
	assert_int_equal(socialcap_network_actor_group(net, c, 0), NO);
	/* Earlier actors' groups are not disturbed by later ones. */
	assert_int_equal(socialcap_network_actor_group(net, a, 0), 0);
	assert_int_equal(socialcap_network_actor_group(net, a, 1), 1);
	socialcap_network_free(net);
}

static void test_groups_per_actor_limit(void **state)
{
	socialcap_network *net = new_net(NULL);
	const size_t max = 65535; /* stored as 16 bits per actor */
	const char **groups = malloc((max + 1) * sizeof(*groups));
	size_t i;

	(void)state;
	assert_non_null(groups);
	for (i = 0; i <= max; i++)
		groups[i] = i % 2 ? "odd" : "even";
	EXPECT_FAIL(net, socialcap_network_add_actor(net, NULL, "x", 0, "s", "n", NAN,
						     groups, max + 1),
		    SOCIALCAP_ELIMIT, "groups", "65535");
	assert_int_equal(socialcap_network_group_count(net), 0);
	/* The limit counts the labels given; repeats are then kept once. */
	assert_int_equal(socialcap_network_add_actor(net, NULL, "x", 0, "s", "n", NAN,
						     groups, max),
			 0);
	assert_int_equal(socialcap_network_actor_group_count(net, 0), 2);
	assert_int_equal(socialcap_network_group_count(net), 2);
	free(groups);
	socialcap_network_free(net);
}

static void test_sectors_and_institutions(void **state)
{
	socialcap_network *net = new_net(NULL);
	uint32_t cop, res, s, s2, found;

	(void)state;
	cop = add_ok(net, "cop", SOCIALCAP_PROFESSIONAL, "police", "N1");
	res = add_ok(net, "res", SOCIALCAP_RESIDENT, "residents", "N1");
	/* Created on the fly: tier 0, unknown prestige, not an institution. */
	assert_int_equal(socialcap_network_find_sector(net, &s, "police"), 0);
	assert_int_equal(socialcap_network_sector_tier(net, s), 0);
	assert_true(isnan(socialcap_network_sector_prestige(net, s)));
	assert_int_equal(socialcap_network_actor_is_institution(net, cop), 0);
	/* Defining it later updates it, and the flag follows. */
	assert_int_equal(socialcap_network_set_sector(net, &s2, "police", 2, 0.7), 0);
	assert_int_equal(s2, s);
	assert_int_equal(socialcap_network_sector_count(net), 2);
	assert_int_equal(socialcap_network_sector_tier(net, s), 2);
	assert_true(socialcap_network_sector_prestige(net, s) == 0.7);
	assert_int_equal(socialcap_network_actor_is_institution(net, cop), 1);
	assert_int_equal(socialcap_network_actor_is_institution(net, res), 0);
	/* Back to tier 0 and unknown prestige. */
	assert_int_equal(socialcap_network_set_sector(net, NULL, "police", 0, NAN), 0);
	assert_int_equal(socialcap_network_actor_is_institution(net, cop), 0);
	assert_true(isnan(socialcap_network_sector_prestige(net, s)));
	/* tier 1 is the smallest institution tier. */
	assert_int_equal(socialcap_network_set_sector(net, NULL, "police", 1, -3.5), 0);
	assert_int_equal(socialcap_network_actor_is_institution(net, cop), 1);
	assert_true(socialcap_network_sector_prestige(net, s) == -3.5);
	/* A sector defined before any actor names it. */
	assert_int_equal(socialcap_network_set_sector(net, &s, "mayor", 4, 0.0), 0);
	assert_int_equal(s, 2);
	assert_int_equal(socialcap_network_set_sector(net, NULL, "youth work", 1, NAN), 0);
	assert_int_equal(socialcap_network_add_actor(net, &found, "mayor-1",
						     SOCIALCAP_PROFESSIONAL, "mayor",
						     "N2", NAN, NULL, 0),
			 0);
	assert_int_equal(socialcap_network_actor_sector(net, found), 2);
	assert_int_equal(socialcap_network_actor_is_institution(net, found), 1);
	assert_int_equal(socialcap_network_sector_tier(net, 2), 4); /* not reset */
	assert_true(socialcap_network_sector_prestige(net, 2) == 0.0);
	assert_int_equal(socialcap_network_sector_count(net), 4);
	/* Bad values change nothing. */
	EXPECT_FAIL(net, socialcap_network_set_sector(net, NULL, "police", -1, 0.5),
		    SOCIALCAP_EINVAL, "tier", NULL);
	EXPECT_FAIL(net, socialcap_network_set_sector(net, NULL, "new", -1, 0.5),
		    SOCIALCAP_EINVAL, "tier", NULL);
	EXPECT_FAIL(net, socialcap_network_set_sector(net, NULL, "police", 1, INFINITY),
		    SOCIALCAP_EINVAL, "prestige", NULL);
	EXPECT_FAIL(net, socialcap_network_set_sector(net, NULL, "new", 1, -INFINITY),
		    SOCIALCAP_EINVAL, "prestige", NULL);
	/* Lookups. */
	assert_int_equal(socialcap_network_find_sector(net, &found, "nope"),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_find_sector(net, NULL, "police"),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_find_sector(net, &found, NULL), SOCIALCAP_EINVAL);
	assert_null(socialcap_network_sector_label(net, 4));
	assert_int_equal(socialcap_network_sector_tier(net, 4), -1);
	assert_true(isnan(socialcap_network_sector_prestige(net, 4)));
	assert_null(socialcap_network_sector_label(net, UINT32_MAX));
	socialcap_network_free(net);
}

static void test_neighbourhood_counts(void **state)
{
	socialcap_network *net = new_net(NULL);
	uint32_t n1, n2;

	(void)state;
	add_ok(net, "r1", SOCIALCAP_RESIDENT, "residents", "N1");
	add_ok(net, "r2", SOCIALCAP_RESIDENT, "residents", "N1");
	add_ok(net, "p1", SOCIALCAP_PROFESSIONAL, "police", "N1");
	add_ok(net, "o1", SOCIALCAP_ORGANISATION, "shops", "N2");
	add_ok(net, "r3", SOCIALCAP_RESIDENT, "residents", "N2");
	add_ok(net, "o2", SOCIALCAP_ORGANISATION, "shops", "N1");
	assert_int_equal(socialcap_network_neighbourhood_count(net), 2);
	assert_int_equal(socialcap_network_find_neighbourhood(net, &n1, "N1"), 0);
	assert_int_equal(socialcap_network_find_neighbourhood(net, &n2, "N2"), 0);
	assert_int_equal(socialcap_network_neighbourhood_actor_count(net, n1), 4);
	assert_int_equal(socialcap_network_neighbourhood_resident_count(net, n1), 2);
	assert_int_equal(socialcap_network_neighbourhood_actor_count(net, n2), 2);
	assert_int_equal(socialcap_network_neighbourhood_resident_count(net, n2), 1);
	assert_int_equal(socialcap_network_neighbourhood_actor_count(net, 2), 0);
	assert_int_equal(socialcap_network_neighbourhood_resident_count(net, 2), 0);
	assert_null(socialcap_network_neighbourhood_label(net, 2));
	/* A rejected actor does not count. */
	EXPECT_FAIL(net, socialcap_network_add_actor(net, NULL, "bad", 0, "residents",
						     "N1", 7.0, NULL, 0),
		    SOCIALCAP_EINVAL, "status", NULL);
	EXPECT_FAIL(net, add(net, "r1", SOCIALCAP_RESIDENT, "residents", "N1"),
		    SOCIALCAP_EEXISTS, "id", NULL);
	assert_int_equal(socialcap_network_neighbourhood_actor_count(net, n1), 4);
	socialcap_network_free(net);
}

static void test_lookup_many_actors(void **state)
{
	socialcap_network *net = new_net(NULL);
	char id[32];
	uint32_t i, found;
	const uint32_t n = 20000;

	(void)state;
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "actor-%u", i * 7919u);
		assert_int_equal(socialcap_network_add_actor(net, &found, id, i % 3,
							     i % 2 ? "a" : "b",
							     i % 5 ? "N1" : "N2",
							     NAN, NULL, 0),
				 0);
		assert_int_equal(found, i);
	}
	assert_int_equal(socialcap_network_actor_count(net), n);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "actor-%u", i * 7919u);
		assert_int_equal(socialcap_network_find_actor(net, &found, id), 0);
		assert_int_equal(found, i);
		assert_string_equal(socialcap_network_actor_id(net, i), id);
		assert_int_equal(socialcap_network_actor_kind(net, i), (int)(i % 3));
		snprintf(id, sizeof(id), "actor-%u", i * 7919u + 1);
		assert_int_equal(socialcap_network_find_actor(net, &found, id),
				 SOCIALCAP_ENOTFOUND);
	}
	assert_int_equal(socialcap_network_find_actor(net, &found, ""), SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_find_actor(net, NULL, "actor-0"),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_find_actor(net, &found, NULL), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_neighbourhood_actor_count(net, 0) +
				 socialcap_network_neighbourhood_actor_count(net, 1),
			 n);
	socialcap_network_free(net);
}

static void test_getters_out_of_range(void **state)
{
	socialcap_network *net = new_net(NULL);
	const uint32_t bad[] = {1, 2, 1000, UINT32_MAX - 1, UINT32_MAX};
	size_t i;

	(void)state;
	add_ok(net, "only", 0, "s", "n");
	for (i = 0; i < COUNT(bad); i++) {
		uint32_t k = bad[i];

		assert_null(socialcap_network_actor_id(net, k));
		assert_int_equal(socialcap_network_actor_kind(net, k), -1);
		assert_int_equal(socialcap_network_actor_sector(net, k), NO);
		assert_int_equal(socialcap_network_actor_neighbourhood(net, k), NO);
		assert_true(isnan(socialcap_network_actor_status(net, k)));
		assert_int_equal(socialcap_network_actor_is_institution(net, k), 0);
		assert_int_equal(socialcap_network_actor_group_count(net, k), 0);
		assert_int_equal(socialcap_network_actor_group(net, k, 0), NO);
		assert_int_equal(socialcap_network_actor_group(net, 0, k), NO);
		assert_null(socialcap_network_sector_label(net, k));
		assert_null(socialcap_network_neighbourhood_label(net, k));
		assert_null(socialcap_network_group_label(net, k));
		if (k >= 5)
			assert_null(socialcap_network_layer_label(net, k));
	}
	socialcap_network_free(net);
}

static void check_actor_limit(uint32_t limit)
{
	socialcap_network *net = new_net_limits(64, 64, limit, 100);
	char id[32];
	uint32_t i;

	for (i = 0; i + 1 < limit; i++) {
		snprintf(id, sizeof(id), "a%u", i);
		add_ok(net, id, 0, "s", "n");
	}
	/* limit - 1 held: one more fits... */
	assert_int_equal(socialcap_network_actor_count(net), limit - 1);
	add_ok(net, "last", 0, "s", "n");
	assert_int_equal(socialcap_network_actor_count(net), limit);
	/* ...and the one after is refused, with new labels not created. */
	EXPECT_FAIL(net, add(net, "one-too-many", 0, "new sector", "new nbh"),
		    SOCIALCAP_ELIMIT, "actors", NULL);
	assert_int_equal(socialcap_network_actor_count(net), limit);
	assert_int_equal(socialcap_network_sector_count(net), 1);
	assert_int_equal(socialcap_network_neighbourhood_count(net), 1);
	assert_int_equal(socialcap_network_reserve(net, limit + 1, 0), SOCIALCAP_ELIMIT);
	assert_int_equal(socialcap_network_reserve(net, limit, 0), 0);
	socialcap_network_free(net);
}

static void test_max_actors(void **state)
{
	(void)state;
	check_actor_limit(1);
	check_actor_limit(2);
	check_actor_limit(17);
	check_actor_limit(100);
}

/* ---------------------------------------------------------------- ties */

static socialcap_network *three_actors(void)
{
	socialcap_network *net = new_net(NULL);

	add_ok(net, "a", 0, "s", "n");
	add_ok(net, "b", 0, "s", "n");
	add_ok(net, "c", 0, "s", "n");
	return net;
}

static void test_tie_rejections(void **state)
{
	socialcap_network *net = three_actors();
	const double bad_weights[] = {0.0, -0.0, -1.0, -DBL_MIN, NAN, INFINITY,
				      -INFINITY};
	size_t i;

	(void)state;
	EXPECT_FAIL(net, socialcap_network_add_tie(net, NULL, 1, 1, "family", 1.0, NONE),
		    SOCIALCAP_EINVAL, "b", "\"b\"");
	EXPECT_FAIL(net, socialcap_network_add_tie(net, NULL, 0, 3, "family", 1.0, NONE),
		    SOCIALCAP_ENOTFOUND, "b", "3");
	EXPECT_FAIL(net, socialcap_network_add_tie(net, NULL, 7, 0, "family", 1.0, NONE),
		    SOCIALCAP_ENOTFOUND, "a", "7");
	EXPECT_FAIL(net, socialcap_network_add_tie(net, NULL, UINT32_MAX, UINT32_MAX,
						   "family", 1.0, NONE),
		    SOCIALCAP_ENOTFOUND, "a", "4294967295");
	for (i = 0; i < COUNT(bad_weights); i++)
		EXPECT_FAIL(net, socialcap_network_add_tie(net, NULL, 0, 1, "family",
							   bad_weights[i], NONE),
			    SOCIALCAP_EINVAL, "weight", NULL);
	/* A bad weight on a new layer creates no layer. */
	EXPECT_FAIL(net, socialcap_network_add_tie(net, NULL, 0, 1, "church", -1.0, NONE),
		    SOCIALCAP_EINVAL, "weight", "\"a\"-\"b\"");
	assert_int_equal(socialcap_network_layer_count(net), 5);
	/* A self-tie that does not exist yet either. */
	EXPECT_FAIL(net, socialcap_network_add_tie(net, NULL, 2, 2, "church", 1.0, NONE),
		    SOCIALCAP_EINVAL, "b", NULL);
	/* Tiny and huge finite weights are fine. */
	assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 1, "family", DBL_MIN / 4,
						   NONE),
			 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 2, "family", DBL_MAX,
						   NONE),
			 0);
	socialcap_network_free(net);
}

static void check_tie(const socialcap_network *net, uint64_t index, uint32_t a,
		      uint32_t b, uint32_t layer, double weight, int64_t since)
{
	socialcap_tie t;

	assert_int_equal(socialcap_network_tie(net, index, &t), 0);
	assert_int_equal(t.a, a);
	assert_int_equal(t.b, b);
	assert_int_equal(t.layer, layer);
	assert_true(t.weight == weight);
	assert_int_equal(t.since, since);
}

static void test_repeated_ties_add_up(void **state)
{
	socialcap_network *net = three_actors();
	uint64_t t = 99, t2 = 99, found;

	(void)state;
	assert_int_equal(socialcap_network_add_tie(net, &t, 0, 1, "family", 1.5, 1000), 0);
	assert_int_equal(t, 0);
	check_tie(net, 0, 0, 1, SOCIALCAP_LAYER_FAMILY, 1.5, 1000);
	/* Same pair, same layer: weights add, earliest since kept. */
	assert_int_equal(socialcap_network_add_tie(net, &t2, 0, 1, "family", 2.0, 500), 0);
	assert_int_equal(t2, 0);
	check_tie(net, 0, 0, 1, 0, 3.5, 500);
	/* Reversed order is the same tie; a later since does not win. */
	assert_int_equal(socialcap_network_add_tie(net, &t2, 1, 0, "family", 0.25, 800), 0);
	assert_int_equal(t2, 0);
	check_tie(net, 0, 0, 1, 0, 3.75, 500);
	/* An unknown since keeps the known one. */
	assert_int_equal(socialcap_network_add_tie(net, NULL, 1, 0, "family", 0.25, NONE), 0);
	check_tie(net, 0, 0, 1, 0, 4.0, 500);
	/* Negative times are real times, earlier than 500. */
	assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 1, "family", 1.0, -86400), 0);
	check_tie(net, 0, 0, 1, 0, 5.0, -86400);
	assert_int_equal(socialcap_network_tie_count(net), 1);
	/* A tie first declared without since takes the first known one. */
	assert_int_equal(socialcap_network_add_tie(net, &t, 2, 1, "work", 1.0, NONE), 0);
	assert_int_equal(t, 1);
	check_tie(net, 1, 1, 2, SOCIALCAP_LAYER_WORK, 1.0, NONE);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 1, 2, "work", 1.0, 42), 0);
	check_tie(net, 1, 1, 2, SOCIALCAP_LAYER_WORK, 2.0, 42);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 2, 1, "work", 1.0, 43), 0);
	check_tie(net, 1, 1, 2, SOCIALCAP_LAYER_WORK, 3.0, 42);
	assert_int_equal(socialcap_network_tie_count(net), 2);
	assert_int_equal(socialcap_network_find_tie(net, &found, 2, 1, SOCIALCAP_LAYER_WORK), 0);
	assert_int_equal(found, 1);
	socialcap_network_free(net);
}

/* Times arrive late: ties declared without one read as unknown before and
 * after the first tie with a time, and a repeat can bring the first time. */
static void test_since_known_late(void **state)
{
	socialcap_network *net = three_actors();

	(void)state;
	assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 1, "family", 1.0, NONE), 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 1, 2, "work", 2.0, NONE), 0);
	check_tie(net, 0, 0, 1, SOCIALCAP_LAYER_FAMILY, 1.0, NONE);
	check_tie(net, 1, 1, 2, SOCIALCAP_LAYER_WORK, 2.0, NONE);
	/* a repeat brings the first time */
	assert_int_equal(socialcap_network_add_tie(net, NULL, 1, 0, "family", 1.0, 300), 0);
	check_tie(net, 0, 0, 1, SOCIALCAP_LAYER_FAMILY, 2.0, 300);
	check_tie(net, 1, 1, 2, SOCIALCAP_LAYER_WORK, 2.0, NONE);
	/* new ties after it, with and without a time */
	assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 2, "family", 1.0, NONE), 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 2, "work", 1.0, -7), 0);
	check_tie(net, 2, 0, 2, SOCIALCAP_LAYER_FAMILY, 1.0, NONE);
	check_tie(net, 3, 0, 2, SOCIALCAP_LAYER_WORK, 1.0, -7);
	check_tie(net, 1, 1, 2, SOCIALCAP_LAYER_WORK, 2.0, NONE);
	/* and more new ties, past the columns' first growth */
	for (uint32_t i = 0; i < 40; i++) {
		char layer[16];

		snprintf(layer, sizeof(layer), "layer %u", i);
		assert_int_equal(socialcap_network_add_tie(net, NULL, 1, 2, layer, 1.0,
							   i % 3 ? NONE : (int64_t)i),
				 0);
	}
	for (uint32_t i = 0; i < 40; i++) {
		socialcap_tie t;

		assert_int_equal(socialcap_network_tie(net, 4 + i, &t), 0);
		assert_int_equal(t.since, i % 3 ? NONE : (int64_t)i);
	}
	check_tie(net, 1, 1, 2, SOCIALCAP_LAYER_WORK, 2.0, NONE);
	check_tie(net, 0, 0, 1, SOCIALCAP_LAYER_FAMILY, 2.0, 300);
	socialcap_network_free(net);
}

static void test_summed_weight_overflow(void **state)
{
	socialcap_network *net = three_actors();

	(void)state;
	assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 1, "family", DBL_MAX, 5), 0);
	EXPECT_FAIL(net, socialcap_network_add_tie(net, NULL, 1, 0, "family", DBL_MAX, 1),
		    SOCIALCAP_ERANGE, "weight", NULL);
	check_tie(net, 0, 0, 1, 0, DBL_MAX, 5);
	socialcap_network_free(net);
}

static void test_layers_are_distinct(void **state)
{
	socialcap_network *net = three_actors();
	uint64_t t, found;
	uint32_t church, layer;

	(void)state;
	assert_int_equal(socialcap_network_add_tie(net, &t, 0, 1, "family", 1.0, NONE), 0);
	assert_int_equal(socialcap_network_add_tie(net, &t, 0, 1, "neighbours", 2.0, NONE), 0);
	assert_int_equal(t, 1);
	assert_int_equal(socialcap_network_add_tie(net, &t, 1, 0, "church", 3.0, 7), 0);
	assert_int_equal(t, 2);
	assert_int_equal(socialcap_network_layer_count(net), 6);
	assert_int_equal(socialcap_network_find_layer(net, &church, "church"), 0);
	assert_int_equal(church, 5);
	assert_string_equal(socialcap_network_layer_label(net, 5), "church");
	check_tie(net, 0, 0, 1, SOCIALCAP_LAYER_FAMILY, 1.0, NONE);
	check_tie(net, 1, 0, 1, SOCIALCAP_LAYER_NEIGHBOURS, 2.0, NONE);
	check_tie(net, 2, 0, 1, church, 3.0, 7);
	/* A user layer is reused, not created twice. */
	assert_int_equal(socialcap_network_add_tie(net, &t, 2, 0, "church", 1.0, NONE), 0);
	assert_int_equal(t, 3);
	assert_int_equal(socialcap_network_add_tie(net, &t, 0, 1, "church", 1.0, NONE), 0);
	assert_int_equal(t, 2);
	check_tie(net, 2, 0, 1, church, 4.0, 7);
	assert_int_equal(socialcap_network_layer_count(net), 6);
	assert_int_equal(socialcap_network_tie_count(net), 4);
	/* Layer labels are case-sensitive labels like any other. */
	assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 1, "Family", 1.0, NONE), 0);
	assert_int_equal(socialcap_network_layer_count(net), 7);
	check_tie(net, 0, 0, 1, SOCIALCAP_LAYER_FAMILY, 1.0, NONE);
	/* find_tie in both orders, per layer. */
	assert_int_equal(socialcap_network_find_tie(net, &found, 0, 1, 0), 0);
	assert_int_equal(found, 0);
	assert_int_equal(socialcap_network_find_tie(net, &found, 1, 0, 2), 0);
	assert_int_equal(found, 1);
	assert_int_equal(socialcap_network_find_tie(net, &found, 0, 2, church), 0);
	assert_int_equal(found, 3);
	assert_int_equal(socialcap_network_find_layer(net, &layer, "Family"), 0);
	assert_int_equal(socialcap_network_find_tie(net, &found, 1, 0, layer), 0);
	assert_int_equal(found, 4);
	found = 77;
	assert_int_equal(socialcap_network_find_tie(net, &found, 0, 1, SOCIALCAP_LAYER_WORK),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_find_tie(net, &found, 1, 2, 0), SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_find_tie(net, &found, 0, 0, 0), SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_find_tie(net, &found, 0, 1, 99), SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_find_tie(net, &found, 0, 1, 65536),
			 SOCIALCAP_ENOTFOUND);
	/* Layers are stored in 16 bits: an index past them must not wrap
	 * onto an existing layer. */
	assert_int_equal(socialcap_network_find_tie(net, &found, 0, 1,
						    65536 + SOCIALCAP_LAYER_NEIGHBOURS),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_find_tie(net, &found, 0, 1, UINT32_MAX),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_find_tie(net, &found, 9, 1, 0), SOCIALCAP_ENOTFOUND);
	assert_int_equal(found, 77);
	assert_int_equal(socialcap_network_find_tie(net, NULL, 0, 1, 0), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_tie(net, 0, NULL), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_tie(net, 5, &(socialcap_tie){0}),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_tie(net, UINT64_MAX, &(socialcap_tie){0}),
			 SOCIALCAP_ENOTFOUND);
	socialcap_network_free(net);
}

static void test_layer_limit(void **state)
{
	socialcap_network *net = three_actors();
	char label[16];
	uint32_t i, layer;

	(void)state;
	/* Layers are stored as 16 bits per tie: 65535 in all, the five
	 * predefined ones included. */
	for (i = 5; i < 65535; i++) {
		snprintf(label, sizeof(label), "L%u", i);
		assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 1, label, 1.0,
							   NONE),
				 0);
	}
	assert_int_equal(socialcap_network_layer_count(net), 65535);
	EXPECT_FAIL(net, socialcap_network_add_tie(net, NULL, 0, 1, "one more", 1.0, NONE),
		    SOCIALCAP_ELIMIT, "layer", "65535");
	/* Existing layers still take new and repeated ties. */
	assert_int_equal(socialcap_network_add_tie(net, NULL, 1, 2, "L65534", 1.0, NONE), 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 1, 0, "L65534", 1.0, NONE), 0);
	assert_int_equal(socialcap_network_find_layer(net, &layer, "L65534"), 0);
	assert_int_equal(layer, 65534);
	check_tie(net, 65529, 0, 1, 65534, 2.0, NONE);
	check_tie(net, 65530, 1, 2, 65534, 1.0, NONE);
	socialcap_network_free(net);
}

static void test_many_ties(void **state)
{
	socialcap_network *net = new_net(NULL);
	char id[16];
	uint32_t i, j, n = 120;
	uint64_t count = 0, found;
	socialcap_tie t;

	(void)state;
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "a%u", i);
		add_ok(net, id, 0, "s", "n");
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j += 1 + i % 3) {
			assert_int_equal(socialcap_network_add_tie(net, &found, j, i,
								   (i + j) % 2 ? "work" : "x",
								   (double)(i + j), i),
					 0);
			assert_int_equal(found, count);
			count++;
		}
	assert_int_equal(socialcap_network_tie_count(net), count);
	for (found = 0; found < count; found++) {
		uint64_t again;

		assert_int_equal(socialcap_network_tie(net, found, &t), 0);
		assert_true(t.a < t.b);
		assert_true(t.weight == (double)(t.a + t.b));
		assert_int_equal(t.since, t.a);
		assert_int_equal(socialcap_network_find_tie(net, &again, t.b, t.a, t.layer), 0);
		assert_int_equal(again, found);
		/* the other layer holds no such tie */
		assert_int_equal(socialcap_network_find_tie(net, &again, t.a, t.b,
							    t.layer == 3 ? 5 : 3),
				 SOCIALCAP_ENOTFOUND);
	}
	socialcap_network_free(net);
}

static void test_max_ties(void **state)
{
	socialcap_network *net = new_net_limits(64, 64, 100, 2);
	uint64_t t;

	(void)state;
	add_ok(net, "a", 0, "s", "n");
	add_ok(net, "b", 0, "s", "n");
	add_ok(net, "c", 0, "s", "n");
	assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 1, "family", 1, NONE), 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 2, "family", 1, NONE), 0);
	EXPECT_FAIL(net, socialcap_network_add_tie(net, NULL, 1, 2, "family", 1, NONE),
		    SOCIALCAP_ELIMIT, "ties", "2");
	/* No new layer is created by a refused tie. */
	EXPECT_FAIL(net, socialcap_network_add_tie(net, NULL, 1, 2, "church", 1, NONE),
		    SOCIALCAP_ELIMIT, "ties", NULL);
	assert_int_equal(socialcap_network_layer_count(net), 5);
	/* At the limit, repeating an existing tie still adds up. */
	assert_int_equal(socialcap_network_add_tie(net, &t, 1, 0, "family", 1, NONE), 0);
	assert_int_equal(t, 0);
	check_tie(net, 0, 0, 1, 0, 2.0, NONE);
	assert_int_equal(socialcap_network_reserve(net, 0, 3), SOCIALCAP_ELIMIT);
	assert_int_equal(socialcap_network_reserve(net, 0, 2), 0);
	socialcap_network_free(net);
	/* max_ties 0 refuses every tie. */
	net = new_net_limits(64, 64, 100, 0);
	add_ok(net, "a", 0, "s", "n");
	add_ok(net, "b", 0, "s", "n");
	EXPECT_FAIL(net, socialcap_network_add_tie(net, NULL, 0, 1, "family", 1, NONE),
		    SOCIALCAP_ELIMIT, "ties", NULL);
	socialcap_network_free(net);
}

static void test_reserve(void **state)
{
	socialcap_network *net = new_net(NULL);
	char *before, *after;
	char id[16];
	uint32_t i;

	(void)state;
	add_ok(net, "first", 0, "s", "n");
	before = net_digest(net);
	assert_int_equal(socialcap_network_reserve(net, 1000, 5000), 0);
	assert_int_equal(socialcap_network_reserve(net, 10, 10), 0); /* no shrink */
	after = net_digest(net);
	assert_string_equal(before, after);
	free(before);
	free(after);
	for (i = 0; i < 1000; i++) {
		snprintf(id, sizeof(id), "r%u", i);
		add_ok(net, id, 0, "s", "n");
	}
	for (i = 1; i < 1000; i++)
		assert_int_equal(socialcap_network_add_tie(net, NULL, i - 1, i, "work", 1,
							   NONE),
				 0);
	assert_int_equal(socialcap_network_actor_count(net), 1001);
	assert_int_equal(socialcap_network_find_actor(net, &i, "r999"), 0);
	assert_int_equal(i, 1000);
	socialcap_network_free(net);
}

/* ------------------------------------------------- allocation failures */

typedef struct build_spec {
	uint32_t actors;   /* actors before the call */
	size_t id_bytes;   /* length of their ids (>= 8) */
	uint32_t sectors;  /* distinct sectors among them */
	uint32_t groups;   /* distinct groups among them, one each */
	uint32_t ties;     /* ties on the path 0-1-2-... then 0-2, ... */
} build_spec;

static void make_id(char *buf, size_t bytes, uint32_t i)
{
	int n = snprintf(buf, bytes + 1, "id%06u", i);

	memset(buf + n, 'x', bytes - (size_t)n);
	buf[bytes] = '\0';
}

/* The network of @p s; the ties have a since time when @p timed. */
static int build_network(socialcap_network *net, const build_spec *s, int timed)
{
	char id[SOCIALCAP_DEFAULT_MAX_ID_BYTES + 1], sector[16], nbh[16], group[16];
	const char *groups[] = {group};
	uint32_t i, made = 0, step;
	int rc;

	for (i = 0; i < s->actors; i++) {
		make_id(id, s->id_bytes, i);
		snprintf(sector, sizeof(sector), "s%u", s->sectors ? i % s->sectors : 0);
		snprintf(nbh, sizeof(nbh), "n%u", i % 3);
		snprintf(group, sizeof(group), "g%u", s->groups ? i % s->groups : 0);
		rc = socialcap_network_add_actor(net, NULL, id, i % 3, sector, nbh,
						 (double)i / (s->actors + 1), groups,
						 s->groups ? 1 : 0);
		if (rc != 0)
			return rc;
	}
	for (step = 1; made < s->ties; step++)
		for (i = 0; i + step < s->actors && made < s->ties; i++, made++)
			if ((rc = socialcap_network_add_tie(net, NULL, i, i + step,
							    step % 2 ? "family" : "work",
							    1.0, timed ? i : NONE)) != 0)
				return rc;
	return 0;
}

static int build(socialcap_network *net, void *ctx)
{
	return build_network(net, ctx, 1);
}

static int build_untimed(socialcap_network *net, void *ctx)
{
	return build_network(net, ctx, 0);
}

static int op_add_actor_new_labels(socialcap_network *net, void *ctx)
{
	const build_spec *s = ctx;
	const char *groups[] = {"brand new group", "g0", "another new group",
				"brand new group"};
	char id[SOCIALCAP_DEFAULT_MAX_ID_BYTES + 1];

	make_id(id, s->id_bytes, 999999);
	return socialcap_network_add_actor(net, NULL, id, SOCIALCAP_RESIDENT,
					   "brand new sector", "brand new nbh", 0.5,
					   groups, 4);
}

static int op_add_actor_known_labels(socialcap_network *net, void *ctx)
{
	const build_spec *s = ctx;
	const char *groups[] = {"g0"};
	char id[SOCIALCAP_DEFAULT_MAX_ID_BYTES + 1];

	make_id(id, s->id_bytes, 999999);
	return socialcap_network_add_actor(net, NULL, id, SOCIALCAP_ORGANISATION,
					   "s0", "n0", NAN, groups, s->groups ? 1 : 0);
}

static int op_set_new_sector(socialcap_network *net, void *ctx)
{
	(void)ctx;
	return socialcap_network_set_sector(net, NULL, "municipality", 3, 0.9);
}

static int op_update_sector(socialcap_network *net, void *ctx)
{
	(void)ctx;
	return socialcap_network_set_sector(net, NULL, "s0", 2, 0.1);
}

static int op_add_tie_new_layer(socialcap_network *net, void *ctx)
{
	(void)ctx;
	return socialcap_network_add_tie(net, NULL, 1, 0, "sports club", 2.0, 100);
}

static int op_add_tie_known_layer(socialcap_network *net, void *ctx)
{
	const build_spec *s = ctx;

	return socialcap_network_add_tie(net, NULL, s->actors - 1, 0, "school", 2.0, NONE);
}

/* A repeat of the path's first tie, without a time. */
static int op_add_tie_known_layer_again(socialcap_network *net, void *ctx)
{
	(void)ctx;
	return socialcap_network_add_tie(net, NULL, 0, 1, "family", 0.5, NONE);
}

static int op_repeat_tie(socialcap_network *net, void *ctx)
{
	(void)ctx;
	return socialcap_network_add_tie(net, NULL, 1, 0, "family", 2.0, -5);
}

static int op_add_tie_first_since(socialcap_network *net, void *ctx)
{
	const build_spec *s = ctx;

	return socialcap_network_add_tie(net, NULL, s->actors - 1, 0, "work", 1.0, 7);
}

static int op_reserve(socialcap_network *net, void *ctx)
{
	const build_spec *s = ctx;

	return socialcap_network_reserve(net, s->actors + 100, s->ties + 300);
}

static void test_alloc_new(void **state)
{
	(void)state;
	assert_true(alloc_sweep_new(NULL) >= 2);
}

static void test_alloc_add_actor(void **state)
{
	/* Sizes around the growth points: 16-element columns and hash tables
	 * rehashed above 12 of 16 slots. */
	build_spec specs[] = {
		{0, 8, 0, 0, 0},    {1, 8, 1, 1, 0},    {11, 8, 11, 11, 0},
		{12, 8, 12, 12, 0}, {15, 8, 15, 15, 0}, {16, 8, 16, 16, 0},
		{24, 8, 24, 24, 0}, {16, 200, 3, 3, 0},
	};
	size_t i, n[COUNT(specs)];

	(void)state;
	for (i = 0; i < COUNT(specs); i++) {
		n[i] = alloc_sweep("add_actor new labels", NULL, build,
				   op_add_actor_new_labels, &specs[i]);
		(void)alloc_sweep("add_actor known labels", NULL, build,
				  op_add_actor_known_labels, &specs[i]);
	}
	/* The growth points were reached: first actor, hash growth past 12,
	 * column growth past 16. */
	assert_true(n[0] > 0 && n[3] > 0 && n[5] > 0);
	assert_int_equal(n[1], 0); /* room for a second actor */
}

/* Long ids need their own build and op (buffers beyond the default limit). */
static int build_long_ids(socialcap_network *net, void *ctx)
{
	static char id[4001];
	uint32_t i, n = *(const uint32_t *)ctx;
	int rc;

	for (i = 0; i < n; i++) {
		make_id(id, 4000, i);
		if ((rc = socialcap_network_add_actor(net, NULL, id, 0, "s", "n", NAN,
						      NULL, 0)) != 0)
			return rc;
	}
	return 0;
}

static int op_add_long_id(socialcap_network *net, void *ctx)
{
	static char id[4001];

	(void)ctx;
	make_id(id, 4000, 999999);
	return socialcap_network_add_actor(net, NULL, id, 0, "s", "n", NAN, NULL, 0);
}

static void test_alloc_add_actor_new_chunk(void **state)
{
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;
	const uint32_t counts[] = {15, 16, 17};
	size_t i, n[COUNT(counts)];

	(void)state;
	o.max_id_bytes = SOCIALCAP_HARD_MAX_ID_BYTES;
	/* 16 ids of 4000 bytes fill a 64 KiB text chunk: the 17th needs a
	 * new chunk. */

	for (i = 0; i < COUNT(counts); i++)
		n[i] = alloc_sweep("add_actor long id", &o, build_long_ids,
				   op_add_long_id, (void *)&counts[i]);
	assert_int_equal(n[0], 0);
	assert_true(n[1] > 0);
}

static void test_alloc_set_sector(void **state)
{
	build_spec specs[] = {{0, 8, 0, 0, 0}, {12, 8, 12, 0, 0}, {16, 8, 16, 0, 0},
			      {3, 8, 1, 0, 0}};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(specs); i++) {
		size_t n = alloc_sweep("set_sector new", NULL, build, op_set_new_sector,
				       &specs[i]);

		if (i < 3) /* first sector, hash growth, column growth */
			assert_true(n > 0);
	}
	/* Updating an existing sector allocates nothing. */
	assert_int_equal(alloc_sweep("set_sector update", NULL, build, op_update_sector,
				     &specs[3]),
			 0);
}

static void test_alloc_add_tie(void **state)
{
	build_spec specs[] = {{2, 8, 1, 0, 0},   {20, 8, 1, 0, 15}, {20, 8, 1, 0, 16},
			      {40, 8, 1, 0, 47}, {40, 8, 1, 0, 48}, {40, 8, 1, 0, 100}};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(specs); i++) {
		size_t n = alloc_sweep("add_tie new layer", NULL, build,
				       op_add_tie_new_layer, &specs[i]);

		/* first tie, column growth past 16, hash growth past 48 */
		if (i == 0 || i == 2 || i == 4)
			assert_true(n > 0);
		(void)alloc_sweep("add_tie known layer", NULL, build,
				  op_add_tie_known_layer, &specs[i]);
	}
	assert_int_equal(alloc_sweep("add_tie repeat", NULL, build, op_repeat_tie,
				     &specs[1]),
			 0);
	assert_true(alloc_sweep("reserve", NULL, build, op_reserve, &specs[3]) > 0);
	assert_true(alloc_sweep("reserve", NULL, build, op_reserve, &specs[0]) > 0);
}

/* Ties without a since time hold no since column; the first known time,
 * on a repeat or on a new tie, makes it (an allocation that can fail). */
static void test_alloc_first_since(void **state)
{
	build_spec spec = {20, 8, 1, 0, 15};

	(void)state;
	assert_true(alloc_sweep("add_tie repeat, first since", NULL, build_untimed,
				op_repeat_tie, &spec) > 0);
	assert_true(alloc_sweep("add_tie new, first since", NULL, build_untimed,
				op_add_tie_first_since, &spec) > 0);
	/* a repeat without a time still allocates nothing */
	spec.ties = 16;
	assert_int_equal(alloc_sweep("add_tie repeat, no since", NULL, build_untimed,
				     op_add_tie_known_layer_again, &spec),
			 0);
}

/* --------------------------------------------------- memory accounting */

/* A network on an allocator that knows every block's size, so the bytes
 * the network says it holds can be compared with what it really holds. */
static socialcap_network *new_sized(test_alloc *s)
{
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;

	test_alloc_init_sized(s, 0, 0);
	o.allocator = &s->allocator;
	return new_net(&o);
}

static void test_memory_accounting(void **state)
{
	test_alloc s;
	socialcap_network *net = new_sized(&s);
	size_t empty, small, large;
	char id[32], group[16];
	const char *groups[] = {group};
	uint32_t i;

	(void)state;
	empty = socialcap_network_memory(net);
	assert_int_equal(empty, s.live_bytes);
	assert_true(empty >= 1);
	for (i = 0; i < 10; i++) {
		snprintf(id, sizeof(id), "a%u", i);
		snprintf(group, sizeof(group), "g%u", i);
		assert_int_equal(socialcap_network_add_actor(net, NULL, id, 0, "s", "n",
							     NAN, groups, 1),
				 0);
		assert_int_equal(socialcap_network_memory(net), s.live_bytes);
	}
	small = socialcap_network_memory(net);
	assert_true(small > empty);
	for (i = 10; i < 5000; i++) {
		snprintf(id, sizeof(id), "a%u", i);
		snprintf(group, sizeof(group), "g%u", i % 50);
		assert_int_equal(socialcap_network_add_actor(net, NULL, id, i % 3,
							     i % 7 ? "s" : "t",
							     i % 11 ? "n" : "m", 0.5,
							     groups, 1),
				 0);
		if (i > 1)
			assert_int_equal(socialcap_network_add_tie(net, NULL, i, i - 1,
								   i % 2 ? "work" : "club",
								   1.0, NONE),
					 0);
		assert_int_equal(socialcap_network_memory(net), s.live_bytes);
	}
	large = socialcap_network_memory(net);
	/* At least the ids' text and the per-actor and per-tie columns. */
	assert_true(large > small + 4990 * (1 + 4 + 4 + 8 + 4 + 2 + 4) +
				    4980 * (4 + 4 + 2 + 8 + 8));
	assert_int_equal(socialcap_network_set_sector(net, NULL, "u", 1, 1), 0);
	assert_int_equal(socialcap_network_memory(net), s.live_bytes);
	assert_int_equal(socialcap_network_reserve(net, 100000, 100000), 0);
	assert_int_equal(socialcap_network_memory(net), s.live_bytes);
	assert_true(socialcap_network_memory(net) > large + 100000 * 20);
	large = socialcap_network_memory(net);
	/* The ledger is counted too, and a selection's scratch space is
	 * given back. */
	for (i = 0; i < 3000; i++) {
		socialcap_contact c = {(int64_t)(i % 97), i, i + 1, 0, 1.0, 0.0};
		socialcap_attendance att[] = {{i, 0}, {i + 2, 1}};
		socialcap_event e = {id, (int64_t)i, "n", "walk", 0, 0.0};

		snprintf(id, sizeof(id), "e%u", i);
		assert_int_equal(socialcap_network_record_contact(net, NULL, &c), 0);
		assert_int_equal(socialcap_network_record_event(net, NULL, &e, att, 2), 0);
		assert_int_equal(socialcap_network_memory(net), s.live_bytes);
	}
	assert_true(socialcap_network_memory(net) >
		    large + 3000 * (8 + 4 + 4 + 1 + 8 + 8) + 3000 * (8 + 4 + 4 + 1 + 8));
	{
		socialcap_ledger_query q = SOCIALCAP_LEDGER_QUERY_INIT;
		uint64_t *rows = malloc(3000 * sizeof(*rows));
		uint32_t *evs = malloc(3000 * sizeof(*evs));
		size_t before = socialcap_network_memory(net), total;

		assert_true(rows != NULL && evs != NULL);
		assert_int_equal(socialcap_network_select_contacts(net, &q, rows, 3000,
								   &total),
				 0);
		assert_int_equal(total, 3000);
		assert_int_equal(socialcap_network_select_events(net, &q, evs, 3000,
								 &total),
				 0);
		assert_int_equal(socialcap_network_memory(net), before);
		assert_int_equal(socialcap_network_memory(net), s.live_bytes);
		free(rows);
		free(evs);
	}
	socialcap_network_free(net);
	assert_int_equal(s.live_bytes, 0);
	assert_int_equal(s.live, 0);
}

static void test_memory_accounting_after_failures(void **state)
{
	const char *groups[] = {"new group"};
	size_t k;

	(void)state;
	/* Whatever allocation fails, the count stays exact. */
	for (k = 1; k < 200; k++) {
		test_alloc s;
		socialcap_network *net = new_sized(&s);
		char id[16];
		uint32_t i;
		int rc;

		for (i = 0; i < 16; i++) {
			snprintf(id, sizeof(id), "a%u", i);
			assert_int_equal(add(net, id, 0, "s", "n"), 0);
		}
		s.calls = 0;
		s.fail_at = k;
		rc = socialcap_network_add_actor(net, NULL, "new", 0, "new s", "new n",
						 NAN, groups, 1);
		assert_true(rc == 0 || rc == SOCIALCAP_ENOMEM);
		assert_int_equal(socialcap_network_memory(net), s.live_bytes);
		s.calls = 0;
		rc = socialcap_network_add_tie(net, NULL, 0, 1, "new layer", 1, NONE);
		assert_true(rc == 0 || rc == SOCIALCAP_ENOMEM);
		assert_int_equal(socialcap_network_memory(net), s.live_bytes);
		{
			socialcap_contact c = {5, 0, 1, 0, 1.0, 0.0};
			socialcap_attendance att[] = {{0, 0}, {1, 1}, {2, 1}};
			socialcap_event e = {"ev", 5, "new n2", "kind", 0, 0.0};
			socialcap_ledger_query q = SOCIALCAP_LEDGER_QUERY_INIT;
			uint64_t rows[4];
			uint32_t evs[4];
			size_t total;

			s.calls = 0;
			rc = socialcap_network_record_contact(net, NULL, &c);
			assert_true(rc == 0 || rc == SOCIALCAP_ENOMEM);
			assert_int_equal(socialcap_network_memory(net), s.live_bytes);
			s.calls = 0;
			rc = socialcap_network_record_event(net, NULL, &e, att, 3);
			assert_true(rc == 0 || rc == SOCIALCAP_ENOMEM);
			assert_int_equal(socialcap_network_memory(net), s.live_bytes);
			s.calls = 0;
			rc = socialcap_network_select_contacts(net, &q, rows, 4, &total);
			assert_true(rc == 0 || rc == SOCIALCAP_ENOMEM);
			assert_int_equal(socialcap_network_memory(net), s.live_bytes);
			s.calls = 0;
			rc = socialcap_network_select_events(net, &q, evs, 4, &total);
			assert_true(rc == 0 || rc == SOCIALCAP_ENOMEM);
			assert_int_equal(socialcap_network_memory(net), s.live_bytes);
		}
		s.fail_at = 0;
		socialcap_network_free(net);
		assert_int_equal(s.live_bytes, 0);
		assert_int_equal(s.live, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options_init),
		cmocka_unit_test(test_new_rejects_bad_options),
		cmocka_unit_test(test_new_network_is_empty),
		cmocka_unit_test(test_null_network),
		cmocka_unit_test(test_actor_attributes),
		cmocka_unit_test(test_actor_ids_are_unique),
		cmocka_unit_test(test_id_and_label_lengths),
		cmocka_unit_test(test_hard_maximum_id_length),
		cmocka_unit_test(test_bad_texts_rejected_everywhere),
		cmocka_unit_test(test_null_texts_rejected),
		cmocka_unit_test(test_kind_range),
		cmocka_unit_test(test_status_range),
		cmocka_unit_test(test_groups_dedupe),
		cmocka_unit_test(test_groups_per_actor_limit),
		cmocka_unit_test(test_sectors_and_institutions),
		cmocka_unit_test(test_neighbourhood_counts),
		cmocka_unit_test(test_lookup_many_actors),
		cmocka_unit_test(test_getters_out_of_range),
		cmocka_unit_test(test_max_actors),
		cmocka_unit_test(test_tie_rejections),
		cmocka_unit_test(test_repeated_ties_add_up),
		cmocka_unit_test(test_since_known_late),
		cmocka_unit_test(test_summed_weight_overflow),
		cmocka_unit_test(test_layers_are_distinct),
		cmocka_unit_test(test_layer_limit),
		cmocka_unit_test(test_many_ties),
		cmocka_unit_test(test_max_ties),
		cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_alloc_new),
		cmocka_unit_test(test_alloc_add_actor),
		cmocka_unit_test(test_alloc_add_actor_new_chunk),
		cmocka_unit_test(test_alloc_set_sector),
		cmocka_unit_test(test_alloc_add_tie),
		cmocka_unit_test(test_alloc_first_since),
		cmocka_unit_test(test_memory_accounting),
		cmocka_unit_test(test_memory_accounting_after_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
