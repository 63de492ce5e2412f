#include "net_equal.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void same_double(double a, double b, const char *what, uint64_t i)
{
	if (memcmp(&a, &b, sizeof(a)) != 0 && !(isnan(a) && isnan(b)))
		fail_msg("%s %llu: %.17g != %.17g", what, (unsigned long long)i, a, b);
}

static void same_text(const char *a, const char *b, const char *what, uint64_t i)
{
	if (a == NULL || b == NULL || strcmp(a, b) != 0)
		fail_msg("%s %llu: \"%s\" != \"%s\"", what, (unsigned long long)i,
			 a ? a : "(null)", b ? b : "(null)");
}

typedef const char *(*label_fn)(const socialcap_network *, uint32_t);

static void same_labels(const socialcap_network *x, const socialcap_network *y,
			uint32_t nx, uint32_t ny, label_fn f, const char *what)
{
	uint32_t i;

	assert_int_equal(nx, ny);
	for (i = 0; i < nx; i++)
		same_text(f(x, i), f(y, i), what, i);
}

static void same_actors(const socialcap_network *x, const socialcap_network *y)
{
	uint32_t i, k, n = socialcap_network_actor_count(x);

	assert_int_equal(n, socialcap_network_actor_count(y));
	for (i = 0; i < n; i++) {
		same_text(socialcap_network_actor_id(x, i),
			  socialcap_network_actor_id(y, i), "actor id", i);
		assert_int_equal(socialcap_network_actor_kind(x, i),
				 socialcap_network_actor_kind(y, i));
		assert_int_equal(socialcap_network_actor_sector(x, i),
				 socialcap_network_actor_sector(y, i));
		assert_int_equal(socialcap_network_actor_neighbourhood(x, i),
				 socialcap_network_actor_neighbourhood(y, i));
		same_double(socialcap_network_actor_status(x, i),
			    socialcap_network_actor_status(y, i), "status", i);
		assert_int_equal(socialcap_network_actor_group_count(x, i),
				 socialcap_network_actor_group_count(y, i));
		for (k = 0; k < socialcap_network_actor_group_count(x, i); k++)
			assert_int_equal(socialcap_network_actor_group(x, i, k),
					 socialcap_network_actor_group(y, i, k));
	}
	for (i = 0; i < socialcap_network_neighbourhood_count(x); i++) {
		assert_int_equal(socialcap_network_neighbourhood_actor_count(x, i),
				 socialcap_network_neighbourhood_actor_count(y, i));
		assert_int_equal(socialcap_network_neighbourhood_resident_count(x, i),
				 socialcap_network_neighbourhood_resident_count(y, i));
	}
}

static void same_ties(const socialcap_network *x, const socialcap_network *y)
{
	uint64_t i, found, n = socialcap_network_tie_count(x);

	assert_int_equal(n, socialcap_network_tie_count(y));
	for (i = 0; i < n; i++) {
		socialcap_tie a, b;

		assert_int_equal(socialcap_network_tie(x, i, &a), 0);
		assert_int_equal(socialcap_network_tie(y, i, &b), 0);
		assert_int_equal(a.a, b.a);
		assert_int_equal(a.b, b.b);
		assert_int_equal(a.layer, b.layer);
		same_double(a.weight, b.weight, "tie weight", i);
		assert_int_equal(a.since, b.since);
		assert_int_equal(socialcap_network_find_tie(y, &found, b.b, b.a, b.layer), 0);
		assert_int_equal(found, i);
	}
}

static void same_ledger(const socialcap_network *x, const socialcap_network *y)
{
	uint64_t i, n = socialcap_network_contact_count(x);
	uint32_t e, k, found;

	assert_int_equal(n, socialcap_network_contact_count(y));
	for (i = 0; i < n; i++) {
		socialcap_contact a, b;

		assert_int_equal(socialcap_network_contact(x, i, &a), 0);
		assert_int_equal(socialcap_network_contact(y, i, &b), 0);
		assert_int_equal(a.time, b.time);
		assert_int_equal(a.a, b.a);
		assert_int_equal(a.b, b.b);
		assert_int_equal(a.channel, b.channel);
		same_double(a.weight, b.weight, "contact weight", i);
		same_double(a.cost, b.cost, "contact cost", i);
	}
	assert_int_equal(socialcap_network_event_count(x), socialcap_network_event_count(y));
	assert_int_equal(socialcap_network_attendance_count(x),
			 socialcap_network_attendance_count(y));
	for (e = 0; e < socialcap_network_event_count(x); e++) {
		socialcap_event_info a, b;

		assert_int_equal(socialcap_network_event(x, e, &a), 0);
		assert_int_equal(socialcap_network_event(y, e, &b), 0);
		same_text(a.id, b.id, "event id", e);
		assert_int_equal(socialcap_network_find_event(y, &found, a.id), 0);
		assert_int_equal(found, e);
		assert_int_equal(a.time, b.time);
		assert_int_equal(a.neighbourhood, b.neighbourhood);
		assert_int_equal(a.kind, b.kind);
		assert_int_equal(a.channel, b.channel);
		same_double(a.cost, b.cost, "event cost", e);
		assert_int_equal(a.attendee_count, b.attendee_count);
		for (k = 0; k < a.attendee_count; k++) {
			socialcap_attendance p, q;

			assert_int_equal(socialcap_network_event_attendee(x, e, k, &p), 0);
			assert_int_equal(socialcap_network_event_attendee(y, e, k, &q), 0);
			assert_int_equal(p.actor, q.actor);
			assert_int_equal(p.role, q.role);
		}
	}
}

void assert_networks_equal(const socialcap_network *x, const socialcap_network *y)
{
	uint32_t i, found;

	assert_non_null(x);
	assert_non_null(y);
	same_labels(x, y, socialcap_network_sector_count(x),
		    socialcap_network_sector_count(y), socialcap_network_sector_label,
		    "sector");
	for (i = 0; i < socialcap_network_sector_count(x); i++) {
		assert_int_equal(socialcap_network_sector_tier(x, i),
				 socialcap_network_sector_tier(y, i));
		same_double(socialcap_network_sector_prestige(x, i),
			    socialcap_network_sector_prestige(y, i), "prestige", i);
		assert_int_equal(socialcap_network_find_sector(
					 y, &found, socialcap_network_sector_label(x, i)), 0);
		assert_int_equal(found, i);
	}
	same_labels(x, y, socialcap_network_neighbourhood_count(x),
		    socialcap_network_neighbourhood_count(y),
		    socialcap_network_neighbourhood_label, "neighbourhood");
	same_labels(x, y, socialcap_network_group_count(x),
		    socialcap_network_group_count(y), socialcap_network_group_label,
		    "group");
	same_labels(x, y, socialcap_network_layer_count(x),
		    socialcap_network_layer_count(y), socialcap_network_layer_label,
		    "layer");
	same_labels(x, y, socialcap_network_event_kind_count(x),
		    socialcap_network_event_kind_count(y),
		    socialcap_network_event_kind_label, "event kind");
	same_actors(x, y);
	same_ties(x, y);
	same_ledger(x, y);
}

socialcap_network *make_rich_network(const socialcap_network_options *opts)
{
	static const char *const g1[] = {"choir", "football", "choir"};
	static const char *const g2[] = {"Élan vital", "football"};
	char long_id[SOCIALCAP_DEFAULT_MAX_ID_BYTES + 1];
	socialcap_network *net = NULL;
	socialcap_contact c;
	socialcap_event ev;
	socialcap_attendance att[3];
	uint32_t i;

	memset(long_id, 'x', sizeof(long_id) - 1);
	long_id[sizeof(long_id) - 1] = '\0';
	if (socialcap_network_new(&net, opts) != 0)
		return NULL;
	assert_int_equal(socialcap_network_set_sector(net, NULL, "police", 2, 0.75), 0);
	assert_int_equal(socialcap_network_set_sector(net, NULL, "unused", 0, NAN), 0);
	assert_int_equal(socialcap_network_add_actor(net, NULL, "r1", SOCIALCAP_RESIDENT,
						     "residents", "Noord", NAN, g1, 3), 0);
	assert_int_equal(socialcap_network_add_actor(net, NULL, "r2 — Zoë", SOCIALCAP_RESIDENT,
						     "residents", "Zuid", 0.0, g2, 2), 0);
	assert_int_equal(socialcap_network_add_actor(net, NULL, "agent", SOCIALCAP_PROFESSIONAL,
						     "police", "Zuid", 1.0, NULL, 0), 0);
	assert_int_equal(socialcap_network_add_actor(net, NULL, long_id, SOCIALCAP_ORGANISATION,
						     "shops", "Oost", 0.3700000000000001, g1, 1), 0);
	assert_int_equal(socialcap_network_set_sector(net, NULL, "shops", 0, -1.5e-7), 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 1, 0, "family", 1.0,
						   SOCIALCAP_TIME_NONE), 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 1, "family", 0.5,
						   -86400), 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 2, 3, "sports club", 1e300,
						   INT64_MAX), 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 3, "work", 1e-300,
						   INT64_MIN + 1), 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 0, 2, "household", 0.1, 0), 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 1, 3, "sports club", 65504.0, 7), 0);
	for (i = 0; i < 5; i++) {
		c.time = (int64_t)i * 1000003 - 5;
		c.a = i % 4;
		c.b = (i + 1) % 4;
		c.channel = (int32_t)(i % 2);
		c.weight = i == 0 ? 1.0 : 1.0 / (i + 2);
		c.cost = i == 1 ? -0.0 : (i == 2 ? 1e15 : i * 2.5);
		assert_int_equal(socialcap_network_record_contact(net, NULL, &c), 0);
	}
	ev.id = "clean-up 1";
	ev.time = 1600000000;
	ev.neighbourhood = "West";
	ev.kind = "clean-up";
	ev.channel = SOCIALCAP_PHYSICAL;
	ev.cost = 12.25;
	att[0].actor = 2;
	att[0].role = SOCIALCAP_ORGANISER;
	att[1].actor = 0;
	att[1].role = SOCIALCAP_PARTICIPANT;
	att[2].actor = 3;
	att[2].role = SOCIALCAP_PARTICIPANT;
	assert_int_equal(socialcap_network_record_event(net, NULL, &ev, att, 3), 0);
	ev.id = "dialogue";
	ev.time = -1;
	ev.neighbourhood = "Noord";
	ev.kind = "dialogue";
	ev.channel = SOCIALCAP_DIGITAL;
	ev.cost = 0;
	assert_int_equal(socialcap_network_record_event(net, NULL, &ev, att + 1, 1), 0);
	/* "West" came from an event; this actor lives there. */
	assert_int_equal(socialcap_network_add_actor(net, NULL, "late", SOCIALCAP_RESIDENT,
						     "newcomers", "West", 0.5, g2 + 1, 1), 0);
	assert_int_equal(socialcap_network_add_tie(net, NULL, 4, 0, "neighbours", 2.0, 5), 0);
	return net;
}
