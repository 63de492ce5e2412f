/* The investment ledger: contacts, events with attendance, validation,
 * limits, selections by window, neighbourhood and actor, and allocation
 * failures. */
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

#define NONE SOCIALCAP_TIME_NONE
#define NO SOCIALCAP_NO_INDEX
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define DAY SOCIALCAP_DAY

/* ------------------------------------------------------------- helpers */

static socialcap_network *new_net(const socialcap_network_options *opts)
{
	socialcap_network *net = NULL;

	assert_int_equal(socialcap_network_new(&net, opts), 0);
	return net;
}

/* Actors 0..4: r1, r2 (residents of N1), r3 (resident of N2), p1
 * (professional in N2), o1 (organisation in N3). */
enum { R1, R2, R3, P1, O1 };

static int add_people(socialcap_network *net)
{
	static const struct {
		const char *id;
		int kind;
		const char *sector, *nbh;
	} people[] = {
		{"r1", SOCIALCAP_RESIDENT, "residents", "N1"},
		{"r2", SOCIALCAP_RESIDENT, "residents", "N1"},
		{"r3", SOCIALCAP_RESIDENT, "residents", "N2"},
		{"p1", SOCIALCAP_PROFESSIONAL, "police", "N2"},
		{"o1", SOCIALCAP_ORGANISATION, "shops", "N3"},
	};
	size_t i;
	int rc;

	for (i = 0; i < COUNT(people); i++)
		if ((rc = socialcap_network_add_actor(net, NULL, people[i].id,
						      (socialcap_actor_kind)people[i].kind,
						      people[i].sector, people[i].nbh,
						      NAN, NULL, 0)) != 0)
			return rc;
	return 0;
}

static socialcap_network *people(void)
{
	socialcap_network *net = new_net(NULL);

	assert_int_equal(add_people(net), 0);
	return net;
}

static socialcap_contact contact(int64_t t, uint32_t a, uint32_t b)
{
	socialcap_contact c;

	memset(&c, 0, sizeof(c));
	c.time = t;
	c.a = a;
	c.b = b;
	c.channel = SOCIALCAP_PHYSICAL;
	c.weight = 1.0;
	c.cost = 0.0;
	return c;
}

static socialcap_event event(const char *id, int64_t t, const char *nbh)
{
	socialcap_event e;

	e.id = id;
	e.time = t;
	e.neighbourhood = nbh;
	e.kind = "clean-up";
	e.channel = SOCIALCAP_PHYSICAL;
	e.cost = 0.0;
	return e;
}

static void check_msg(const socialcap_network *net, const char *field, const char *also)
{
	const char *msg = socialcap_network_errmsg(net);
	size_t n = strlen(field);
	int ok = strncmp(msg, field, n) == 0 && msg[n] == ':' &&
		 (also == NULL || strstr(msg, also) != NULL);

	if (!ok)
		print_error("message \"%s\" does not name \"%s\"%s%s\n", msg, field,
			    also ? " and " : "", also ? also : "");
	assert_true(ok);
}

#define EXPECT_FAIL(net, call, want, field, also)                              \
	do {                                                                   \
		char *before_ = net_digest(net), *after_;                      \
		int rc_ = (call);                                              \
		if (rc_ != (want))                                             \
			print_error("%s:%d: %s returned %d, not %d\n",         \
				    __FILE__, __LINE__, #call, rc_, (want));   \
		assert_int_equal(rc_, (want));                                 \
		check_msg((net), (field), (also));                             \
		after_ = net_digest(net);                                      \
		assert_string_equal(before_, after_);                          \
		free(before_);                                                 \
		free(after_);                                                  \
	} while (0)

/* ------------------------------------------------------------ contacts */

static void test_contact_round_trip(void **state)
{
	socialcap_network *net = people();
	socialcap_contact c = contact(1000, R1, P1), got;
	uint64_t index = 99;

	(void)state;
	c.channel = SOCIALCAP_DIGITAL;
	c.weight = 2.5;
	c.cost = 12.75;
	assert_int_equal(socialcap_network_record_contact(net, &index, &c), 0);
	assert_string_equal(socialcap_network_errmsg(net), "");
	assert_int_equal(index, 0);
	c = contact(-5 * DAY, O1, R3); /* before 1970 is fine */
	assert_int_equal(socialcap_network_record_contact(net, &index, &c), 0);
	assert_int_equal(index, 1);
	assert_int_equal(socialcap_network_record_contact(net, NULL, &c), 0); /* again */
	assert_int_equal(socialcap_network_contact_count(net), 3);
	assert_int_equal(socialcap_network_contact(net, 0, &got), 0);
	assert_int_equal(got.time, 1000);
	assert_int_equal(got.a, R1);
	assert_int_equal(got.b, P1);
	assert_int_equal(got.channel, SOCIALCAP_DIGITAL);
	assert_true(got.weight == 2.5);
	assert_true(got.cost == 12.75);
	/* Stored as given: no reordering of a and b. */
	assert_int_equal(socialcap_network_contact(net, 1, &got), 0);
	assert_int_equal(got.time, -5 * DAY);
	assert_int_equal(got.a, O1);
	assert_int_equal(got.b, R3);
	assert_int_equal(socialcap_network_contact(net, 3, &got), SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_contact(net, UINT64_MAX, &got),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_contact(net, 0, NULL), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_contact(NULL, 0, &got), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_contact_count(NULL), 0);
	/* The extremes of time other than the "none" marker are times. */
	c = contact(INT64_MIN + 1, R1, R2);
	assert_int_equal(socialcap_network_record_contact(net, NULL, &c), 0);
	c = contact(INT64_MAX, R1, R2);
	assert_int_equal(socialcap_network_record_contact(net, NULL, &c), 0);
	socialcap_network_free(net);
}

static void test_contact_rejections(void **state)
{
	socialcap_network *net = people();
	socialcap_contact c;
	const double bad_weights[] = {0.0, -0.0, -1.0, NAN, INFINITY, -INFINITY};
	const double bad_costs[] = {-0.01, -DBL_MIN, NAN, INFINITY, -INFINITY};
	size_t i;

	(void)state;
	/* Something valid first, so "unchanged" means something. */
	c = contact(10, R1, R2);
	assert_int_equal(socialcap_network_record_contact(net, NULL, &c), 0);

	EXPECT_FAIL(net, socialcap_network_record_contact(net, NULL, NULL),
		    SOCIALCAP_EINVAL, "contact", NULL);
	c = contact(NONE, R1, R2);
	EXPECT_FAIL(net, socialcap_network_record_contact(net, NULL, &c),
		    SOCIALCAP_EINVAL, "time", NULL);
	c = contact(10, R1, 5);
	EXPECT_FAIL(net, socialcap_network_record_contact(net, NULL, &c),
		    SOCIALCAP_ENOTFOUND, "b", "5");
	c = contact(10, 77, R1);
	EXPECT_FAIL(net, socialcap_network_record_contact(net, NULL, &c),
		    SOCIALCAP_ENOTFOUND, "a", "77");
	c = contact(10, UINT32_MAX, UINT32_MAX);
	EXPECT_FAIL(net, socialcap_network_record_contact(net, NULL, &c),
		    SOCIALCAP_ENOTFOUND, "a", "4294967295");
	c = contact(10, R3, R3);
	EXPECT_FAIL(net, socialcap_network_record_contact(net, NULL, &c),
		    SOCIALCAP_EINVAL, "b", "\"r3\"");
	c = contact(10, R1, R2);
	c.channel = 2;
	EXPECT_FAIL(net, socialcap_network_record_contact(net, NULL, &c),
		    SOCIALCAP_EINVAL, "channel", "for contact");
	c.channel = -1;
	EXPECT_FAIL(net, socialcap_network_record_contact(net, NULL, &c),
		    SOCIALCAP_EINVAL, "channel", "for contact");
	for (i = 0; i < COUNT(bad_weights); i++) {
		c = contact(10, R1, R2);
		c.weight = bad_weights[i];
		EXPECT_FAIL(net, socialcap_network_record_contact(net, NULL, &c),
			    SOCIALCAP_EINVAL, "weight", NULL);
	}
	c.weight = -3.0;
	EXPECT_FAIL(net, socialcap_network_record_contact(net, NULL, &c),
		    SOCIALCAP_EINVAL, "weight", "for contact");
	for (i = 0; i < COUNT(bad_costs); i++) {
		c = contact(10, R1, R2);
		c.cost = bad_costs[i];
		EXPECT_FAIL(net, socialcap_network_record_contact(net, NULL, &c),
			    SOCIALCAP_EINVAL, "cost", NULL);
	}
	c.cost = -2.5;
	EXPECT_FAIL(net, socialcap_network_record_contact(net, NULL, &c),
		    SOCIALCAP_EINVAL, "cost", "for contact");
	/* Zero cost and tiny weights are valid. */
	c = contact(10, R2, R1);
	c.cost = 0.0;
	c.weight = DBL_MIN;
	assert_int_equal(socialcap_network_record_contact(net, NULL, &c), 0);
	assert_string_equal(socialcap_network_errmsg(net), "");
	assert_int_equal(socialcap_network_record_contact(NULL, NULL, &c),
			 SOCIALCAP_EINVAL);
	socialcap_network_free(net);
}

/* -------------------------------------------------------------- events */

static void test_event_round_trip(void **state)
{
	socialcap_network *net = people();
	socialcap_event e = event("e1", 5000, "N1");
	socialcap_attendance att[] = {{R1, SOCIALCAP_ORGANISER},
				      {P1, SOCIALCAP_PARTICIPANT},
				      {O1, SOCIALCAP_PARTICIPANT}};
	socialcap_event_info info;
	socialcap_attendance got;
	uint32_t index = 99, found, n4;

	(void)state;
	e.kind = "dialogue";
	e.channel = SOCIALCAP_DIGITAL;
	e.cost = 250.0;
	assert_int_equal(socialcap_network_record_event(net, &index, &e, att, 3), 0);
	assert_int_equal(index, 0);
	e = event("e2", 4000, "N4"); /* a neighbourhood nobody lives in */
	assert_int_equal(socialcap_network_record_event(net, &index, &e, att + 2, 1), 0);
	assert_int_equal(index, 1);
	assert_int_equal(socialcap_network_event_count(net), 2);
	assert_int_equal(socialcap_network_attendance_count(net), 4);
	assert_int_equal(socialcap_network_event(net, 0, &info), 0);
	assert_string_equal(info.id, "e1");
	assert_int_equal(info.time, 5000);
	assert_int_equal(info.neighbourhood, 0);
	assert_string_equal(socialcap_network_event_kind_label(net, info.kind), "dialogue");
	assert_int_equal(info.channel, SOCIALCAP_DIGITAL);
	assert_true(info.cost == 250.0);
	assert_int_equal(info.attendee_count, 3);
	assert_int_equal(socialcap_network_event_attendee(net, 0, 1, &got), 0);
	assert_int_equal(got.actor, P1);
	assert_int_equal(got.role, SOCIALCAP_PARTICIPANT);
	assert_int_equal(socialcap_network_event_attendee(net, 0, 0, &got), 0);
	assert_int_equal(got.actor, R1);
	assert_int_equal(got.role, SOCIALCAP_ORGANISER);
	assert_int_equal(socialcap_network_event_attendee(net, 0, 3, &got),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_event_attendee(net, 1, 0, &got), 0);
	assert_int_equal(got.actor, O1);
	assert_int_equal(socialcap_network_event_attendee(net, 1, 1, &got),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_event_attendee(net, 2, 0, &got),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_event_attendee(net, 0, 0, NULL),
			 SOCIALCAP_EINVAL);
	/* The new neighbourhood exists, with nobody living there. */
	assert_int_equal(socialcap_network_neighbourhood_count(net), 4);
	assert_int_equal(socialcap_network_find_neighbourhood(net, &n4, "N4"), 0);
	assert_int_equal(socialcap_network_event(net, 1, &info), 0);
	assert_int_equal(info.neighbourhood, n4);
	assert_int_equal(socialcap_network_neighbourhood_actor_count(net, n4), 0);
	assert_string_equal(socialcap_network_event_kind_label(net, info.kind), "clean-up");
	assert_int_equal(socialcap_network_event_kind_count(net), 2);
	assert_null(socialcap_network_event_kind_label(net, 2));
	/* Lookups. */
	assert_int_equal(socialcap_network_find_event(net, &found, "e2"), 0);
	assert_int_equal(found, 1);
	assert_int_equal(socialcap_network_find_event(net, &found, "e3"),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_find_event(net, &found, "e"),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_find_event(net, NULL, "e1"), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_find_event(net, &found, NULL), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_event(net, 2, &info), SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_event(net, UINT32_MAX, &info),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_network_event(net, 0, NULL), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_event(NULL, 0, &info), SOCIALCAP_EINVAL);
	/* Event ids and actor ids are separate namespaces. */
	e = event("r1", 1, "N1");
	assert_int_equal(socialcap_network_record_event(net, NULL, &e, att, 1), 0);
	/* A kind used again keeps its index. */
	assert_int_equal(socialcap_network_event_kind_count(net), 2);
	socialcap_network_free(net);
}

static void test_event_rejections(void **state)
{
	socialcap_network *net = people();
	socialcap_event e;
	socialcap_attendance att[] = {{R1, SOCIALCAP_ORGANISER},
				      {R2, SOCIALCAP_PARTICIPANT},
				      {P1, SOCIALCAP_PARTICIPANT}};
	socialcap_attendance twice[] = {{R1, SOCIALCAP_ORGANISER},
					{R2, SOCIALCAP_PARTICIPANT},
					{R1, SOCIALCAP_PARTICIPANT}};
	socialcap_attendance bad_role[] = {{R1, SOCIALCAP_ORGANISER}, {R2, 2}};
	socialcap_attendance neg_role[] = {{R1, -1}};
	socialcap_attendance unknown[] = {{R1, SOCIALCAP_ORGANISER},
					  {R2, SOCIALCAP_PARTICIPANT},
					  {9, SOCIALCAP_PARTICIPANT}};
	const double bad_costs[] = {-1.0, NAN, INFINITY, -INFINITY};
	char long_id[SOCIALCAP_DEFAULT_MAX_ID_BYTES + 2];
	size_t i;

	(void)state;
	e = event("first", 1, "N1");
	assert_int_equal(socialcap_network_record_event(net, NULL, &e, att, 3), 0);

	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, NULL, att, 3),
		    SOCIALCAP_EINVAL, "event", NULL);
	/* Every record below would also create a new neighbourhood and a new
	 * kind: neither may appear. */
	e = event("first", 2, "Nnew");
	e.kind = "new kind";
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, att, 3),
		    SOCIALCAP_EEXISTS, "event id", "\"first\"");
	e.id = NULL;
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, att, 3),
		    SOCIALCAP_EINVAL, "event id", NULL);
	e.id = "";
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, att, 3),
		    SOCIALCAP_EINVAL, "event id", NULL);
	e.id = "bad\nid";
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, att, 3),
		    SOCIALCAP_EINVAL, "event id", NULL);
	e.id = "bad\xff";
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, att, 3),
		    SOCIALCAP_EINVAL, "event id", NULL);
	memset(long_id, 'e', sizeof(long_id) - 1);
	long_id[sizeof(long_id) - 1] = '\0';
	e.id = long_id;
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, att, 3),
		    SOCIALCAP_EINVAL, "event id", NULL);
	e.id = "e2";
	e.time = NONE;
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, att, 3),
		    SOCIALCAP_EINVAL, "time", NULL);
	e.time = 2;
	e.channel = 7;
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, att, 3),
		    SOCIALCAP_EINVAL, "channel", "for event");
	e.channel = SOCIALCAP_DIGITAL;
	for (i = 0; i < COUNT(bad_costs); i++) {
		e.cost = bad_costs[i];
		EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, att, 3),
			    SOCIALCAP_EINVAL, "cost", NULL);
	}
	e.cost = 0.0;
	e.neighbourhood = NULL;
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, att, 3),
		    SOCIALCAP_EINVAL, "neighbourhood", NULL);
	e.neighbourhood = "";
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, att, 3),
		    SOCIALCAP_EINVAL, "neighbourhood", NULL);
	e.neighbourhood = "Nnew";
	e.kind = NULL;
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, att, 3),
		    SOCIALCAP_EINVAL, "kind", NULL);
	e.kind = "tab\tkind";
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, att, 3),
		    SOCIALCAP_EINVAL, "kind", NULL);
	e.kind = "new kind";
	/* Attendance: empty, missing, repeated, unknown, bad role. */
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, att, 0),
		    SOCIALCAP_EINVAL, "attendance", "\"e2\"");
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, NULL, 0),
		    SOCIALCAP_EINVAL, "attendance", NULL);
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, NULL, 2),
		    SOCIALCAP_EINVAL, "attendance", NULL);
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, twice, 3),
		    SOCIALCAP_EINVAL, "attendance", "\"r1\"");
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, bad_role, 2),
		    SOCIALCAP_EINVAL, "role", "(attendee 1) in event \"e2\"");
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, neg_role, 1),
		    SOCIALCAP_EINVAL, "role", "(attendee 0) in event \"e2\"");
	/* One bad attendee, the last of three: nothing recorded at all. */
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, unknown, 3),
		    SOCIALCAP_ENOTFOUND, "attendance", "9");
	assert_int_equal(socialcap_network_event_count(net), 1);
	assert_int_equal(socialcap_network_attendance_count(net), 3);
	assert_int_equal(socialcap_network_neighbourhood_count(net), 3);
	assert_int_equal(socialcap_network_event_kind_count(net), 1);
	{
		uint32_t found;

		assert_int_equal(socialcap_network_find_event(net, &found, "e2"),
				 SOCIALCAP_ENOTFOUND);
		assert_int_equal(socialcap_network_find_neighbourhood(net, &found, "Nnew"),
				 SOCIALCAP_ENOTFOUND);
	}
	/* The same record, made good, goes in. */
	assert_int_equal(socialcap_network_record_event(net, NULL, &e, att, 3), 0);
	assert_int_equal(socialcap_network_neighbourhood_count(net), 4);
	assert_int_equal(socialcap_network_event_kind_count(net), 2);
	assert_int_equal(socialcap_network_record_event(NULL, NULL, &e, att, 3),
			 SOCIALCAP_EINVAL);
	socialcap_network_free(net);
}

static void test_records_limit(void **state)
{
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network *net;
	socialcap_attendance two[] = {{R1, SOCIALCAP_ORGANISER}, {R2, 1}};
	socialcap_event e;
	socialcap_contact c = contact(1, R1, R2);

	(void)state;
	o.max_records = 5;
	net = new_net(&o);
	assert_int_equal(add_people(net), 0);
	assert_int_equal(socialcap_network_record_contact(net, NULL, &c), 0); /* 1 */
	e = event("e1", 1, "N1");
	assert_int_equal(socialcap_network_record_event(net, NULL, &e, two, 2), 0); /* 4 */
	e = event("e2", 1, "N1");
	EXPECT_FAIL(net, socialcap_network_record_event(net, NULL, &e, two, 1),
		    SOCIALCAP_ELIMIT, "ledger", "5"); /* would be 6 */
	assert_int_equal(socialcap_network_record_contact(net, NULL, &c), 0); /* 5 */
	EXPECT_FAIL(net, socialcap_network_record_contact(net, NULL, &c),
		    SOCIALCAP_ELIMIT, "ledger", NULL);
	assert_int_equal(socialcap_network_contact_count(net), 2);
	socialcap_network_free(net);
}

/* ------------------------------------------------------------- queries */

static void test_query_init(void **state)
{
	socialcap_ledger_query q;
	const socialcap_ledger_query all = SOCIALCAP_LEDGER_QUERY_INIT;

	(void)state;
	memset(&q, 0x5a, sizeof(q));
	assert_int_equal(socialcap_ledger_query_init(&q, SOCIALCAP_LEDGER_QUERY_VERSION), 0);
	assert_int_equal(q.version, SOCIALCAP_LEDGER_QUERY_VERSION);
	assert_int_equal(q.from, NONE);
	assert_int_equal(q.to, NONE);
	assert_int_equal(q.neighbourhood, NO);
	assert_int_equal(q.actor, NO);
	assert_int_equal(all.version, q.version);
	assert_int_equal(all.from, q.from);
	assert_int_equal(all.to, q.to);
	assert_int_equal(all.neighbourhood, q.neighbourhood);
	assert_int_equal(all.actor, q.actor);
	assert_int_equal(socialcap_ledger_query_init(NULL, 1), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_ledger_query_init(&q, 0), SOCIALCAP_EVERSION);
	assert_int_equal(socialcap_ledger_query_init(&q, 2), SOCIALCAP_EVERSION);
}

static void test_query_rejections(void **state)
{
	socialcap_network *net = people();
	socialcap_ledger_query q = SOCIALCAP_LEDGER_QUERY_INIT;
	uint64_t c[4];
	uint32_t e[4];
	size_t total = 42;

	(void)state;
	assert_int_equal(socialcap_network_select_contacts(net, NULL, c, 4, &total),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_select_contacts(net, &q, c, 4, NULL),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_select_contacts(net, &q, NULL, 4, &total),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_select_events(net, NULL, e, 4, &total),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_select_events(net, &q, e, 4, NULL),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_select_events(net, &q, NULL, 4, &total),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_select_contacts(NULL, &q, c, 4, &total),
			 SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_select_events(NULL, &q, e, 4, &total),
			 SOCIALCAP_EINVAL);
	q.version = 2;
	assert_int_equal(socialcap_network_select_contacts(net, &q, c, 4, &total),
			 SOCIALCAP_EVERSION);
	check_msg(net, "query", "2");
	assert_int_equal(socialcap_network_select_events(net, &q, e, 4, &total),
			 SOCIALCAP_EVERSION);
	q.version = SOCIALCAP_LEDGER_QUERY_VERSION;
	q.neighbourhood = 3; /* N1..N3 are 0..2 */
	assert_int_equal(socialcap_network_select_contacts(net, &q, c, 4, &total),
			 SOCIALCAP_EINVAL);
	check_msg(net, "query", "3");
	assert_int_equal(socialcap_network_select_events(net, &q, e, 4, &total),
			 SOCIALCAP_EINVAL);
	q.neighbourhood = NO;
	q.actor = 5;
	assert_int_equal(socialcap_network_select_contacts(net, &q, c, 4, &total),
			 SOCIALCAP_EINVAL);
	check_msg(net, "query", "5");
	assert_int_equal(socialcap_network_select_events(net, &q, e, 4, &total),
			 SOCIALCAP_EINVAL);
	assert_int_equal(total, 42);
	/* Valid now; the message is cleared. */
	q.actor = O1;
	assert_int_equal(socialcap_network_select_events(net, &q, e, 4, &total), 0);
	assert_int_equal(total, 0);
	assert_string_equal(socialcap_network_errmsg(net), "");
	/* NULL indices are fine when capacity is 0. */
	assert_int_equal(socialcap_network_select_contacts(net, &q, NULL, 0, &total), 0);
	socialcap_network_free(net);
}

/* A small ledger with pinned answers. Contacts (index: time a-b):
 *   0: 300 r1-r2   1: 100 r3-p1   2: 200 r1-o1   3: 100 r2-r1
 *   4: 200 p1-o1   5: 400 r3-r1   6: 100 o1-p1
 * Events (index: id time nbh attendees):
 *   0: ev-a 250 N1 {r1, r2}   1: ev-b 150 N2 {r3, p1}
 *   2: ev-c 250 N2 {p1}       3: ev-d 50 N3 {o1, r1}
 *   4: ev-e 150 N1 {r2}
 */
static int build_small(socialcap_network *net, void *ctx)
{
	static const int64_t ct[] = {300, 100, 200, 100, 200, 400, 100};
	static const uint32_t ca[] = {R1, R3, R1, R2, P1, R3, O1};
	static const uint32_t cb[] = {R2, P1, O1, R1, O1, R1, P1};
	socialcap_attendance a0[] = {{R1, 0}, {R2, 1}}, a1[] = {{R3, 0}, {P1, 1}},
			     a2[] = {{P1, 0}}, a3[] = {{O1, 0}, {R1, 1}},
			     a4[] = {{R2, 1}};
	struct {
		socialcap_event e;
		socialcap_attendance *att;
		size_t n;
	} ev[] = {{event("ev-a", 250, "N1"), a0, 2}, {event("ev-b", 150, "N2"), a1, 2},
		  {event("ev-c", 250, "N2"), a2, 1}, {event("ev-d", 50, "N3"), a3, 2},
		  {event("ev-e", 150, "N1"), a4, 1}};
	size_t i;
	int rc;

	(void)ctx;
	if ((rc = add_people(net)) != 0)
		return rc;
	for (i = 0; i < COUNT(ct); i++) {
		socialcap_contact c = contact(ct[i], ca[i], cb[i]);

		if ((rc = socialcap_network_record_contact(net, NULL, &c)) != 0)
			return rc;
	}
	for (i = 0; i < COUNT(ev); i++)
		if ((rc = socialcap_network_record_event(net, NULL, &ev[i].e, ev[i].att,
							 ev[i].n)) != 0)
			return rc;
	return 0;
}

static socialcap_ledger_query query(int64_t from, int64_t to, uint32_t nbh,
				    uint32_t actor)
{
	socialcap_ledger_query q = SOCIALCAP_LEDGER_QUERY_INIT;

	q.from = from;
	q.to = to;
	q.neighbourhood = nbh;
	q.actor = actor;
	return q;
}

static void expect_contacts(socialcap_network *net, socialcap_ledger_query q,
			    const uint64_t *want, size_t n)
{
	uint64_t got[16];
	size_t total = 999, i;

	for (i = 0; i < 16; i++)
		got[i] = 0xdead;
	assert_int_equal(socialcap_network_select_contacts(net, &q, got, 16, &total), 0);
	assert_int_equal(total, n);
	for (i = 0; i < n; i++)
		assert_int_equal(got[i], want[i]);
	for (; i < 16; i++)
		assert_int_equal(got[i], 0xdead); /* nothing written past total */
}

static void expect_events(socialcap_network *net, socialcap_ledger_query q,
			  const uint32_t *want, size_t n)
{
	uint32_t got[16];
	size_t total = 999, i;

	for (i = 0; i < 16; i++)
		got[i] = 0xdead;
	assert_int_equal(socialcap_network_select_events(net, &q, got, 16, &total), 0);
	assert_int_equal(total, n);
	for (i = 0; i < n; i++)
		assert_int_equal(got[i], want[i]);
	for (; i < 16; i++)
		assert_int_equal(got[i], 0xdead);
}

#define EXPECT_C(net, q, ...)                                                  \
	do {                                                                   \
		const uint64_t w_[] = {__VA_ARGS__};                           \
		expect_contacts((net), (q), w_, COUNT(w_));                    \
	} while (0)
#define EXPECT_E(net, q, ...)                                                  \
	do {                                                                   \
		const uint32_t w_[] = {__VA_ARGS__};                           \
		expect_events((net), (q), w_, COUNT(w_));                      \
	} while (0)

static socialcap_network *small(void)
{
	socialcap_network *net = new_net(NULL);

	assert_int_equal(build_small(net, NULL), 0);
	return net;
}

static void test_select_order(void **state)
{
	socialcap_network *net = small();

	(void)state;
	/* By time; equal times by recording order. */
	EXPECT_C(net, query(NONE, NONE, NO, NO), 1, 3, 6, 2, 4, 0, 5);
	EXPECT_E(net, query(NONE, NONE, NO, NO), 3, 1, 4, 0, 2);
	socialcap_network_free(net);
}

static void test_select_window_edges(void **state)
{
	socialcap_network *net = small();
	uint64_t c[8];
	uint32_t e[8];
	size_t total = 9;
	socialcap_ledger_query q;

	(void)state;
	/* Empty windows. */
	q = query(100, 100, NO, NO);
	assert_int_equal(socialcap_network_select_contacts(net, &q, c, 8, &total), 0);
	assert_int_equal(total, 0);
	q = query(300, 100, NO, NO);
	assert_int_equal(socialcap_network_select_contacts(net, &q, c, 8, &total), 0);
	assert_int_equal(total, 0);
	q = query(400, NONE, NO, NO);
	assert_int_equal(socialcap_network_select_contacts(net, &q, c, 8, &total), 0);
	assert_int_equal(total, 0);
	q = query(NONE, 99, NO, NO);
	assert_int_equal(socialcap_network_select_contacts(net, &q, c, 8, &total), 0);
	assert_int_equal(total, 0);
	q = query(NONE, 49, NO, NO);
	assert_int_equal(socialcap_network_select_events(net, &q, e, 8, &total), 0);
	assert_int_equal(total, 0);
	/* Open ends. */
	EXPECT_C(net, query(NONE, 100, NO, NO), 1, 3, 6);
	EXPECT_C(net, query(300, NONE, NO, NO), 5);
	EXPECT_C(net, query(299, NONE, NO, NO), 0, 5);
	EXPECT_C(net, query(100, 300, NO, NO), 2, 4, 0);
	EXPECT_C(net, query(99, 100, NO, NO), 1, 3, 6);
	EXPECT_E(net, query(50, 150, NO, NO), 1, 4);
	EXPECT_E(net, query(49, 50, NO, NO), 3);
	EXPECT_E(net, query(150, 250, NO, NO), 0, 2);
	EXPECT_E(net, query(NONE, 250, NO, NO), 3, 1, 4, 0, 2);
	/* Extreme bounds that are not "none". */
	EXPECT_C(net, query(INT64_MIN + 1, INT64_MAX, NO, NO), 1, 3, 6, 2, 4, 0, 5);
	socialcap_network_free(net);
}

static void test_select_neighbourhood_and_actor(void **state)
{
	socialcap_network *net = small();
	uint32_t n1, n2, n3;

	(void)state;
	assert_int_equal(socialcap_network_find_neighbourhood(net, &n1, "N1"), 0);
	assert_int_equal(socialcap_network_find_neighbourhood(net, &n2, "N2"), 0);
	assert_int_equal(socialcap_network_find_neighbourhood(net, &n3, "N3"), 0);
	/* Contacts with at least one side living there. */
	EXPECT_C(net, query(NONE, NONE, n1, NO), 3, 2, 0, 5);
	EXPECT_C(net, query(NONE, NONE, n2, NO), 1, 6, 4, 5);
	EXPECT_C(net, query(NONE, NONE, n3, NO), 6, 2, 4);
	/* Events held there (not where the attendees live). */
	EXPECT_E(net, query(NONE, NONE, n1, NO), 4, 0);
	EXPECT_E(net, query(NONE, NONE, n2, NO), 1, 2);
	EXPECT_E(net, query(NONE, NONE, n3, NO), 3);
	/* Contacts with the actor on either side; events attended. */
	EXPECT_C(net, query(NONE, NONE, NO, R1), 3, 2, 0, 5);
	EXPECT_C(net, query(NONE, NONE, NO, P1), 1, 6, 4);
	EXPECT_C(net, query(NONE, NONE, NO, O1), 6, 2, 4);
	EXPECT_E(net, query(NONE, NONE, NO, R1), 3, 0);
	EXPECT_E(net, query(NONE, NONE, NO, P1), 1, 2);
	EXPECT_E(net, query(NONE, NONE, NO, R2), 4, 0);
	EXPECT_E(net, query(NONE, NONE, NO, O1), 3);
	/* All filters together. */
	EXPECT_C(net, query(100, 400, n1, R1), 2, 0, 5);
	EXPECT_C(net, query(100, 300, n2, O1), 4);
	EXPECT_E(net, query(50, 250, n1, R2), 4, 0);
	EXPECT_E(net, query(NONE, 200, n2, P1), 1);
	socialcap_network_free(net);
}

static void test_select_count_then_fill(void **state)
{
	socialcap_network *net = small();
	socialcap_ledger_query q = query(NONE, NONE, NO, NO);
	uint64_t c[8] = {0}, *rows;
	uint32_t e[3] = {7, 7, 7};
	size_t total = 0, i;

	(void)state;
	/* Ask for the count, allocate, ask for the rows. */
	assert_int_equal(socialcap_network_select_contacts(net, &q, NULL, 0, &total), 0);
	assert_int_equal(total, 7);
	rows = calloc(total, sizeof(*rows));
	assert_non_null(rows);
	assert_int_equal(socialcap_network_select_contacts(net, &q, rows, total, &total), 0);
	assert_int_equal(total, 7);
	assert_int_equal(rows[0], 1);
	assert_int_equal(rows[6], 5);
	free(rows);
	/* A short buffer gets the first rows in order, and the full count. */
	c[3] = 0xbeef;
	assert_int_equal(socialcap_network_select_contacts(net, &q, c, 3, &total), 0);
	assert_int_equal(total, 7);
	assert_int_equal(c[0], 1);
	assert_int_equal(c[1], 3);
	assert_int_equal(c[2], 6);
	assert_int_equal(c[3], 0xbeef);
	assert_int_equal(socialcap_network_select_events(net, &q, e, 2, &total), 0);
	assert_int_equal(total, 5);
	assert_int_equal(e[0], 3);
	assert_int_equal(e[1], 1);
	assert_int_equal(e[2], 7);
	assert_int_equal(socialcap_network_select_events(net, &q, NULL, 0, &total), 0);
	assert_int_equal(total, 5);
	/* Selections change nothing. */
	for (i = 0; i < 3; i++) {
		char *before = net_digest(net), *after;

		assert_int_equal(socialcap_network_select_events(net, &q, e, 3, &total), 0);
		after = net_digest(net);
		assert_string_equal(before, after);
		free(before);
		free(after);
	}
	socialcap_network_free(net);
}

/* ---------------------------------------- against a brute-force model */

static uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return *s >> 33;
}

typedef struct row {
	int64_t time;
	uint64_t index;
} row;

/* Insertion sort by (time, index): slow and obviously right. */
static void sort_rows(row *r, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		row x = r[i];

		for (j = i; j > 0 && (r[j - 1].time > x.time ||
				      (r[j - 1].time == x.time && r[j - 1].index > x.index));
		     j--)
			r[j] = r[j - 1];
		r[j] = x;
	}
}

static int in_window(const socialcap_ledger_query *q, int64_t t)
{
	if (q->from != NONE && !(t > q->from))
		return 0;
	if (q->to != NONE && !(t <= q->to))
		return 0;
	return 1;
}

static size_t model_contacts(const socialcap_network *net,
			     const socialcap_ledger_query *q, row *out)
{
	uint64_t i, n = socialcap_network_contact_count(net);
	size_t m = 0;

	for (i = 0; i < n; i++) {
		socialcap_contact c;

		assert_int_equal(socialcap_network_contact(net, i, &c), 0);
		if (!in_window(q, c.time))
			continue;
		if (q->actor != NO && c.a != q->actor && c.b != q->actor)
			continue;
		if (q->neighbourhood != NO &&
		    socialcap_network_actor_neighbourhood(net, c.a) != q->neighbourhood &&
		    socialcap_network_actor_neighbourhood(net, c.b) != q->neighbourhood)
			continue;
		out[m].time = c.time;
		out[m++].index = i;
	}
	sort_rows(out, m);
	return m;
}

static size_t model_events(const socialcap_network *net,
			   const socialcap_ledger_query *q, row *out)
{
	uint32_t i, k, n = socialcap_network_event_count(net);
	size_t m = 0;

	for (i = 0; i < n; i++) {
		socialcap_event_info e;
		int attended = q->actor == NO;

		assert_int_equal(socialcap_network_event(net, i, &e), 0);
		if (!in_window(q, e.time))
			continue;
		if (q->neighbourhood != NO && e.neighbourhood != q->neighbourhood)
			continue;
		for (k = 0; k < e.attendee_count && !attended; k++) {
			socialcap_attendance a;

			assert_int_equal(socialcap_network_event_attendee(net, i, k, &a), 0);
			attended = a.actor == q->actor;
		}
		if (!attended)
			continue;
		out[m].time = e.time;
		out[m++].index = i;
	}
	sort_rows(out, m);
	return m;
}

#define RANDOM_ACTORS 40
#define RANDOM_CONTACTS 700
#define RANDOM_EVENTS 200

static void build_random(socialcap_network *net, uint64_t *seed)
{
	char id[32], nbh[8];
	uint32_t i, k;

	for (i = 0; i < RANDOM_ACTORS; i++) {
		snprintf(id, sizeof(id), "actor%u", i);
		snprintf(nbh, sizeof(nbh), "N%u", (unsigned)(lcg(seed) % 4));
		assert_int_equal(socialcap_network_add_actor(net, NULL, id,
							     (socialcap_actor_kind)(i % 3),
							     "s", nbh, NAN, NULL, 0),
				 0);
	}
	for (i = 0; i < RANDOM_CONTACTS; i++) {
		/* Few distinct times, in no order: many equal times. */
		socialcap_contact c = contact((int64_t)(lcg(seed) % 60) * DAY - 20 * DAY,
					      (uint32_t)(lcg(seed) % RANDOM_ACTORS), 0);

		c.b = (c.a + 1 + (uint32_t)(lcg(seed) % (RANDOM_ACTORS - 1))) % RANDOM_ACTORS;
		assert_int_equal(socialcap_network_record_contact(net, NULL, &c), 0);
	}
	for (i = 0; i < RANDOM_EVENTS; i++) {
		socialcap_attendance att[8];
		uint32_t n = 1 + (uint32_t)(lcg(seed) % 8), first;
		socialcap_event e;

		snprintf(id, sizeof(id), "ev%u", i);
		snprintf(nbh, sizeof(nbh), "N%u", (unsigned)(lcg(seed) % 5)); /* N4: events only */
		e = event(id, (int64_t)(lcg(seed) % 30) * DAY, nbh);
		first = (uint32_t)(lcg(seed) % RANDOM_ACTORS);
		for (k = 0; k < n; k++) { /* distinct: a run of consecutive actors */
			att[k].actor = (first + k * 3) % RANDOM_ACTORS;
			att[k].role = k == 0 ? SOCIALCAP_ORGANISER : SOCIALCAP_PARTICIPANT;
		}
		assert_int_equal(socialcap_network_record_event(net, NULL, &e, att, n), 0);
	}
}

static int64_t random_bound(uint64_t *seed)
{
	uint64_t r = lcg(seed) % 10;

	if (r < 2)
		return NONE;
	return (int64_t)(lcg(seed) % 70) * DAY - 25 * DAY; /* often a record's time */
}

static void test_select_matches_model(void **state)
{
	socialcap_network *net = new_net(NULL);
	uint64_t seed = 20260101, *cgot = malloc(RANDOM_CONTACTS * sizeof(uint64_t));
	uint32_t *egot = malloc(RANDOM_EVENTS * sizeof(uint32_t));
	row *want = malloc(RANDOM_CONTACTS * sizeof(row));
	size_t round, i, m, total, nonempty = 0;

	(void)state;
	assert_true(cgot && egot && want);
	build_random(net, &seed);
	assert_int_equal(socialcap_network_neighbourhood_count(net), 5);
	for (round = 0; round < 400; round++) {
		socialcap_ledger_query q = query(random_bound(&seed), random_bound(&seed),
						 NO, NO);

		if (lcg(&seed) % 2)
			q.neighbourhood = (uint32_t)(lcg(&seed) % 5);
		if (lcg(&seed) % 2)
			q.actor = (uint32_t)(lcg(&seed) % RANDOM_ACTORS);
		m = model_contacts(net, &q, want);
		assert_int_equal(socialcap_network_select_contacts(net, &q, cgot,
								   RANDOM_CONTACTS, &total),
				 0);
		assert_int_equal(total, m);
		for (i = 0; i < m; i++)
			assert_int_equal(cgot[i], want[i].index);
		nonempty += m > 0;
		m = model_events(net, &q, want);
		assert_int_equal(socialcap_network_select_events(net, &q, egot,
								 RANDOM_EVENTS, &total),
				 0);
		assert_int_equal(total, m);
		for (i = 0; i < m; i++)
			assert_int_equal(egot[i], want[i].index);
	}
	assert_true(nonempty > 100); /* the queries were not all trivial */
	free(cgot);
	free(egot);
	free(want);
	socialcap_network_free(net);
}

/* ------------------------------------------------- allocation failures */

typedef struct ledger_spec {
	uint32_t contacts; /* contacts before the call */
	uint32_t events;   /* events (two attendees each) before the call */
} ledger_spec;

static int build_ledger(socialcap_network *net, void *ctx)
{
	const ledger_spec *s = ctx;
	socialcap_attendance two[] = {{R1, SOCIALCAP_ORGANISER},
				      {R2, SOCIALCAP_PARTICIPANT}};
	char id[16];
	uint32_t i;
	int rc;

	if ((rc = add_people(net)) != 0)
		return rc;
	for (i = 0; i < s->contacts; i++) {
		socialcap_contact c = contact(1000 - i, i % 5, (i + 1) % 5);

		if ((rc = socialcap_network_record_contact(net, NULL, &c)) != 0)
			return rc;
	}
	for (i = 0; i < s->events; i++) {
		socialcap_event e;

		snprintf(id, sizeof(id), "e%u", i);
		e = event(id, i, i % 2 ? "N1" : "N2");
		if ((rc = socialcap_network_record_event(net, NULL, &e, two, 2)) != 0)
			return rc;
	}
	return 0;
}

static int op_record_contact(socialcap_network *net, void *ctx)
{
	socialcap_contact c = contact(5, P1, O1);

	(void)ctx;
	c.cost = 3;
	return socialcap_network_record_contact(net, NULL, &c);
}

static int op_record_event_new_labels(socialcap_network *net, void *ctx)
{
	socialcap_attendance att[] = {{O1, 0}, {R3, 1}, {P1, 1}, {R1, 1}, {R2, 1}};
	socialcap_event e = event("a fresh event", 77, "a new neighbourhood");

	(void)ctx;
	e.kind = "a new kind";
	return socialcap_network_record_event(net, NULL, &e, att, COUNT(att));
}

static int op_record_event_known_labels(socialcap_network *net, void *ctx)
{
	socialcap_attendance att[] = {{R2, 0}};
	socialcap_event e = event("another event", 78, "N1");

	(void)ctx;
	return socialcap_network_record_event(net, NULL, &e, att, 1);
}

static int op_select_contacts(socialcap_network *net, void *ctx)
{
	socialcap_ledger_query q = query(NONE, NONE, NO, R1);
	uint64_t got[64];
	size_t total = 4242, i;
	int rc;

	(void)ctx;
	for (i = 0; i < 64; i++)
		got[i] = 4242;
	rc = socialcap_network_select_contacts(net, &q, got, 64, &total);
	if (rc != 0) { /* a failed selection writes nothing */
		assert_int_equal(total, 4242);
		for (i = 0; i < 64; i++)
			assert_int_equal(got[i], 4242);
	}
	if (rc == 0)
		for (i = 1; i < total && i < 64; i++) {
			socialcap_contact x, y;

			assert_int_equal(socialcap_network_contact(net, got[i - 1], &x), 0);
			assert_int_equal(socialcap_network_contact(net, got[i], &y), 0);
			assert_true(x.time < y.time ||
				    (x.time == y.time && got[i - 1] < got[i]));
		}
	return rc;
}

static int op_select_events(socialcap_network *net, void *ctx)
{
	const ledger_spec *s = ctx;
	socialcap_ledger_query q = query(NONE, NONE, NO, R2);
	uint32_t got[64];
	size_t total = 4242, i;
	int rc;

	for (i = 0; i < 64; i++)
		got[i] = 4242;
	rc = socialcap_network_select_events(net, &q, got, 64, &total);
	if (rc != 0) { /* a failed selection writes nothing */
		assert_int_equal(total, 4242);
		for (i = 0; i < 64; i++)
			assert_int_equal(got[i], 4242);
	}
	if (rc == 0) {
		assert_int_equal(total, s->events);
		if (total > 1)
			assert_true(got[0] == 0 && got[1] == 1);
	}
	return rc;
}

static void test_alloc_record_contact(void **state)
{
	const ledger_spec specs[] = {{0, 0}, {1, 0}, {15, 0}, {16, 0}, {24, 3}};
	size_t n[COUNT(specs)], i;

	(void)state;
	for (i = 0; i < COUNT(specs); i++)
		n[i] = alloc_sweep("record_contact", NULL, build_ledger,
				   op_record_contact, (void *)&specs[i]);
	assert_true(n[0] > 0 && n[3] > 0); /* first contact, growth past 16 */
	assert_int_equal(n[1], 0);
}

static void test_alloc_record_event(void **state)
{
	const ledger_spec specs[] = {{0, 0}, {0, 1}, {0, 6}, {0, 7}, {0, 8},
				     {0, 12}, {0, 16}, {5, 20}};
	size_t n, i;

	(void)state;
	for (i = 0; i < COUNT(specs); i++) {
		n = alloc_sweep("record_event new labels", NULL, build_ledger,
				op_record_event_new_labels, (void *)&specs[i]);
		assert_true(n > 0); /* at least the scratch array for repeats */
		n = alloc_sweep("record_event known labels", NULL, build_ledger,
				op_record_event_known_labels, (void *)&specs[i]);
		assert_true(n > 0);
	}
}

static void test_alloc_select(void **state)
{
	const ledger_spec specs[] = {{0, 0}, {3, 2}, {40, 20}};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(specs); i++) {
		size_t c = alloc_sweep("select_contacts", NULL, build_ledger,
				       op_select_contacts, (void *)&specs[i]);
		size_t e = alloc_sweep("select_events", NULL, build_ledger,
				       op_select_events, (void *)&specs[i]);

		if (i > 0)
			assert_true(c > 0 && e > 0);
	}
}

/* A mixed script of model and ledger calls; every step is swept at the
 * state the steps before it reach, so every growth point of every table
 * is hit on the way. */
#define SCRIPT_STEPS 240

static int script_step(socialcap_network *net, uint32_t step)
{
	char id[32], a[32], b[32];
	const char *groups[] = {a, b, a};
	uint32_t actors = socialcap_network_actor_count(net);

	switch (step % 6) {
	case 0:
	case 3: /* an actor, sometimes with new labels */
		snprintf(id, sizeof(id), "actor-%u", step);
		snprintf(a, sizeof(a), "group-%u", step / 9);
		snprintf(b, sizeof(b), "group-%u", step / 4);
		return socialcap_network_add_actor(net, NULL, id,
						   (socialcap_actor_kind)(step % 3),
						   step % 5 ? "sector-0" : id,
						   step % 7 ? "nbh-0" : id, 0.5, groups,
						   step % 4);
	case 1: /* a tie, sometimes in a new layer */
		if (actors < 2)
			return socialcap_network_set_sector(net, NULL, "early", 1, 0.5);
		snprintf(a, sizeof(a), "layer-%u", step / 11);
		return socialcap_network_add_tie(
			net, NULL, step % actors,
			(step % actors + 1 + step / 7 % (actors - 1)) % actors,
			step % 3 ? "family" : a, 1.0, step);
	case 2: { /* a contact */
		socialcap_contact c = contact((int64_t)(step * 7919 % 101), 0, 1);

		if (actors < 2)
			return 0;
		return socialcap_network_record_contact(net, NULL, &c);
	}
	case 4: { /* an event, sometimes in a new neighbourhood or of a new kind */
		socialcap_attendance att[3] = {{0, 0}, {1, 1}, {2, 1}};
		socialcap_event e;

		if (actors < 3)
			return 0;
		snprintf(id, sizeof(id), "event-%u", step);
		snprintf(a, sizeof(a), "venue-%u", step / 20);
		snprintf(b, sizeof(b), "kind-%u", step / 13);
		e = event(id, (int64_t)(step % 17), a);
		e.kind = b;
		return socialcap_network_record_event(net, NULL, &e, att, 1 + step % 3);
	}
	default: /* define a sector, new or known */
		snprintf(a, sizeof(a), "sector-%u", step / 10);
		return socialcap_network_set_sector(net, NULL, a, (int)(step % 3), NAN);
	}
}

static int build_script(socialcap_network *net, void *ctx)
{
	uint32_t i, n = *(const uint32_t *)ctx;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = script_step(net, i)) != 0)
			return rc;
	return 0;
}

static int op_script(socialcap_network *net, void *ctx)
{
	return script_step(net, *(const uint32_t *)ctx);
}

static void test_alloc_every_step_of_a_script(void **state)
{
	uint32_t step;
	size_t allocating = 0;

	(void)state;
	for (step = 0; step < SCRIPT_STEPS; step++)
		allocating += alloc_sweep("script step", NULL, build_script, op_script,
					  &step) > 0;
	assert_true(allocating > 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contact_round_trip),
		cmocka_unit_test(test_contact_rejections),
		cmocka_unit_test(test_event_round_trip),
		cmocka_unit_test(test_event_rejections),
		cmocka_unit_test(test_records_limit),
		cmocka_unit_test(test_query_init),
		cmocka_unit_test(test_query_rejections),
		cmocka_unit_test(test_select_order),
		cmocka_unit_test(test_select_window_edges),
		cmocka_unit_test(test_select_neighbourhood_and_actor),
		cmocka_unit_test(test_select_count_then_fill),
		cmocka_unit_test(test_select_matches_model),
		cmocka_unit_test(test_alloc_record_contact),
		cmocka_unit_test(test_alloc_record_event),
		cmocka_unit_test(test_alloc_select),
		cmocka_unit_test(test_alloc_every_step_of_a_script),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
