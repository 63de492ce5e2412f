/*
 * From records to indicators: a tiny neighbourhood with a youth worker,
 * a snapshot on 1 June 2024, and every per-actor indicator printed as a
 * table through the results API (the same calls a language binding uses).
 */
#include <math.h>
#include <stdio.h>

#include "socialcap.h"

static int check(int rc, const char *what)
{
	if (rc != 0)
		fprintf(stderr, "%s: %s\n", what, socialcap_strerror(rc));
	return rc;
}

static int record(socialcap_network *net)
{
	static const char *const ids[] = {"ann", "bob", "cem", "dua", "yw1"};
	static const char *const sectors[] = {"residents", "residents", "residents",
					      "entrepreneurs", "youth work"};
	const socialcap_attendance att[] = {{4, SOCIALCAP_ORGANISER},
					    {0, SOCIALCAP_PARTICIPANT},
					    {1, SOCIALCAP_PARTICIPANT},
					    {2, SOCIALCAP_PARTICIPANT}};
	socialcap_event ev = {"clean-up-1", 0, "Oost", "clean-up", SOCIALCAP_PHYSICAL, 250};
	socialcap_contact c = {0, 3, 4, SOCIALCAP_DIGITAL, 1, 0};
	int rc = 0, i;

	rc |= socialcap_network_set_sector(net, NULL, "youth work", 1, 5.0);
	for (i = 0; i < 5; i++)
		rc |= socialcap_network_add_actor(net, NULL, ids[i], i < 4 ? SOCIALCAP_RESIDENT
									     : SOCIALCAP_PROFESSIONAL,
						  sectors[i], "Oost", i < 4 ? 0.2 * (i + 1) : NAN,
						  NULL, 0);
	rc |= socialcap_network_add_tie(net, NULL, 0, 1, "family", 2, SOCIALCAP_TIME_NONE);
	rc |= socialcap_network_add_tie(net, NULL, 1, 3, "neighbours", 1, SOCIALCAP_TIME_NONE);
	rc |= socialcap_time_parse(&ev.time, "2024-04-20");
	rc |= socialcap_network_record_event(net, NULL, &ev, att, 4);
	rc |= socialcap_time_parse(&c.time, "2024-05-01T18:30");
	rc |= socialcap_network_record_contact(net, NULL, &c);
	return rc;
}

static void print(const socialcap_results *r)
{
	uint32_t row, col;

	printf("%-6s", "actor");
	for (col = 0; col < socialcap_results_column_count(r); col++)
		printf(" %8.8s", socialcap_results_column_name(r, col));
	printf("\n");
	for (row = 0; row < socialcap_results_row_count(r); row++) {
		printf("%-6s", socialcap_results_row_label(r, row));
		for (col = 0; col < socialcap_results_column_count(r); col++)
			printf(" %8.3f", socialcap_results_get(r, row, col));
		printf("\n");
	}
	for (col = 0; col < socialcap_results_option_count(r); col++)
		printf("# %s = %.17g\n", socialcap_results_option_name(r, col),
		       socialcap_results_option_value(r, col));
}

int main(void)
{
	socialcap_snapshot_options so = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_network *net = NULL;
	socialcap_snapshot *snap = NULL;
	socialcap_results *res = NULL;
	socialcap_error err;
	int rc;

	if (check(socialcap_network_new(&net, NULL), "network") != 0)
		return 1;
	rc = record(net);
	if (rc == 0)
		rc = socialcap_time_parse(&so.time, "2024-06-01");
	if (rc == 0)
		rc = check(socialcap_snapshot_build(&snap, net, &so), "snapshot");
	/* Nothing below changes the network or needs its ties again: hand it
	 * to the snapshot, which frees the ties at once (on a large network
	 * that is about half the memory) and keeps the labels the results
	 * read. The snapshot and the results free it when both are gone. */
	if (rc == 0)
		rc = check(socialcap_snapshot_own_network(snap, net), "own network");
	if (rc == 0)
		net = NULL;
	if (rc == 0 && socialcap_indicators_actors(&res, snap, NULL, &err) != 0) {
		fprintf(stderr, "indicators: %s\n", err.message);
		rc = 1;
	}
	if (rc == 0)
		print(res);
	socialcap_results_free(res);
	socialcap_snapshot_free(snap);
	socialcap_network_free(net);
	return rc != 0;
}
