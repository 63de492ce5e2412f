/*
 * A small neighbourhood, the morning after a riot night: build the network,
 * record the investments made in it, and print what the library holds.
 *
 * Usage: neighbourhood
 */
#include <math.h>
#include <stdio.h>

#include "socialcap.h"

#define CHECK(call)                                                            \
	do {                                                                   \
		int rc_ = (call);                                              \
		if (rc_ != 0) {                                                \
			fprintf(stderr, "%s failed: %s (%s)\n", #call,         \
				socialcap_network_errmsg(net),                 \
				socialcap_error_name(rc_));                    \
			socialcap_network_free(net);                           \
			return 1;                                              \
		}                                                              \
	} while (0)

static int64_t when(const char *iso)
{
	int64_t t = 0;

	(void)socialcap_time_parse(&t, iso);
	return t;
}

int main(void)
{
	static const struct {
		const char *id, *sector, *nbh;
		socialcap_actor_kind kind;
		double status;
	} people[] = {
		{"anna", "residents", "Centrum", SOCIALCAP_RESIDENT, 0.35},
		{"bram", "residents", "Centrum", SOCIALCAP_RESIDENT, 0.62},
		{"chantal", "neighbourhood parents", "Centrum", SOCIALCAP_RESIDENT, 0.48},
		{"dewi", "entrepreneurs", "Centrum", SOCIALCAP_RESIDENT, 0.71},
		{"emre", "residents", "Oost", SOCIALCAP_RESIDENT, NAN},
		{"fc-supporters", "football supporters", "Oost", SOCIALCAP_ORGANISATION, NAN},
		{"youthworker-jan", "youth work", "Centrum", SOCIALCAP_PROFESSIONAL, NAN},
		{"agent-sara", "police neighbourhood team", "Centrum", SOCIALCAP_PROFESSIONAL, NAN},
		{"mayor", "mayor", "Centrum", SOCIALCAP_PROFESSIONAL, NAN},
	};
	const size_t n_people = sizeof(people) / sizeof(people[0]);
	uint32_t idx[sizeof(people) / sizeof(people[0])];
	socialcap_network *net = NULL;
	socialcap_ledger_query q = SOCIALCAP_LEDGER_QUERY_INIT;
	uint32_t events[8];
	size_t i, total;
	char date[SOCIALCAP_TIME_TEXT_SIZE];

	CHECK(socialcap_network_new(&net, NULL));
	/* Institutions are the sectors with an authority tier above 0. */
	CHECK(socialcap_network_set_sector(net, NULL, "youth work", 1, 50));
	CHECK(socialcap_network_set_sector(net, NULL, "police neighbourhood team", 2, 60));
	CHECK(socialcap_network_set_sector(net, NULL, "mayor", 4, 90));
	for (i = 0; i < n_people; i++)
		CHECK(socialcap_network_add_actor(net, &idx[i], people[i].id, people[i].kind,
						  people[i].sector, people[i].nbh,
						  people[i].status, NULL, 0));

	/* Declared ties: who knows whom. */
	CHECK(socialcap_network_add_tie(net, NULL, idx[0], idx[1], "neighbours", 1, SOCIALCAP_TIME_NONE));
	CHECK(socialcap_network_add_tie(net, NULL, idx[1], idx[2], "school", 1, when("2019-09-01")));
	CHECK(socialcap_network_add_tie(net, NULL, idx[2], idx[6], "work", 1, SOCIALCAP_TIME_NONE));
	CHECK(socialcap_network_add_tie(net, NULL, idx[4], idx[5], "family", 2, SOCIALCAP_TIME_NONE));

	/* Investments: contacts ... */
	socialcap_contact call = {when("2021-01-20"), idx[6], idx[0], SOCIALCAP_DIGITAL, 1.0, 0.0};
	socialcap_contact visit = {when("2020-11-03T16:00:00Z"), idx[7], idx[3], SOCIALCAP_PHYSICAL, 1.0, 25.0};
	CHECK(socialcap_network_record_contact(net, NULL, &call));
	CHECK(socialcap_network_record_contact(net, NULL, &visit));

	/* ... and events, recorded out of time order on purpose. */
	socialcap_event cleanup = {"cleanup-2021-01-24", when("2021-01-24T09:00:00Z"),
				   "Centrum", "clean-up", SOCIALCAP_PHYSICAL, 150.0};
	socialcap_attendance cleanup_att[] = {{idx[2], SOCIALCAP_ORGANISER},
					      {idx[0], SOCIALCAP_PARTICIPANT},
					      {idx[1], SOCIALCAP_PARTICIPANT},
					      {idx[5], SOCIALCAP_PARTICIPANT}};
	socialcap_event coffee = {"coffee-with-mayor", when("2021-01-27T10:00:00Z"),
				  "Centrum", "dialogue", SOCIALCAP_PHYSICAL, 300.0};
	socialcap_attendance coffee_att[] = {{idx[8], SOCIALCAP_ORGANISER},
					     {idx[7], SOCIALCAP_ORGANISER},
					     {idx[3], SOCIALCAP_PARTICIPANT},
					     {idx[0], SOCIALCAP_PARTICIPANT}};
	socialcap_event bbq = {"street-bbq-2020", when("2020-06-20"), "Centrum",
			       "thank-you", SOCIALCAP_PHYSICAL, 80.0};
	socialcap_attendance bbq_att[] = {{idx[6], SOCIALCAP_ORGANISER},
					  {idx[1], SOCIALCAP_PARTICIPANT}};
	CHECK(socialcap_network_record_event(net, NULL, &coffee, coffee_att, 4));
	CHECK(socialcap_network_record_event(net, NULL, &cleanup, cleanup_att, 4));
	CHECK(socialcap_network_record_event(net, NULL, &bbq, bbq_att, 2));

	printf("libsocialcap %s\n\n", socialcap_version_string());
	printf("%u actors, %u sectors, %llu declared ties, %llu contacts, %u events\n\n",
	       socialcap_network_actor_count(net), socialcap_network_sector_count(net),
	       (unsigned long long)socialcap_network_tie_count(net),
	       (unsigned long long)socialcap_network_contact_count(net),
	       socialcap_network_event_count(net));
	printf("%-14s %7s %10s\n", "neighbourhood", "actors", "residents");
	for (i = 0; i < socialcap_network_neighbourhood_count(net); i++)
		printf("%-14s %7u %10u\n", socialcap_network_neighbourhood_label(net, (uint32_t)i),
		       socialcap_network_neighbourhood_actor_count(net, (uint32_t)i),
		       socialcap_network_neighbourhood_resident_count(net, (uint32_t)i));
	printf("\n%-28s %4s %8s  %s\n", "sector", "tier", "prestige", "institution");
	for (i = 0; i < socialcap_network_sector_count(net); i++) {
		int tier = socialcap_network_sector_tier(net, (uint32_t)i);
		double prestige = socialcap_network_sector_prestige(net, (uint32_t)i);

		char shown[16] = "-";

		if (!isnan(prestige))
			snprintf(shown, sizeof(shown), "%.0f", prestige);
		printf("%-28s %4d %8s  %s\n", socialcap_network_sector_label(net, (uint32_t)i),
		       tier, shown, tier > 0 ? "yes" : "no");
	}

	/* Events in Centrum after the riot night of 23 January 2021. */
	CHECK(socialcap_network_find_neighbourhood(net, &q.neighbourhood, "Centrum"));
	q.from = when("2021-01-23T23:59:59Z");
	CHECK(socialcap_network_select_events(net, &q, events, 8, &total));
	printf("\nevents in Centrum after the riot night: %zu\n", total);
	for (i = 0; i < total && i < 8; i++) {
		socialcap_event_info info;

		CHECK(socialcap_network_event(net, events[i], &info));
		CHECK(socialcap_date_format(date, sizeof(date), info.time));
		printf("  %s  %-20s %-10s %u attendees, cost %.2f\n", date, info.id,
		       socialcap_network_event_kind_label(net, info.kind),
		       info.attendee_count, info.cost);
	}
	socialcap_network_free(net);
	return 0;
}
