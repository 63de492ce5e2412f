/*
 * Cross-check generator: builds a seeded synthetic network of declared
 * ties, contacts and events with the library, computes its snapshot and
 * indicators, and writes both the raw records and the library's numbers
 * to text files, so that crosscheck.py can recompute everything with
 * NetworkX and igraph and compare.
 *
 * usage: crosscheck_gen DIR ACTORS SEED
 * writes DIR/records.tsv, DIR/edges.tsv, DIR/actors.tsv, DIR/network.tsv
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socialcap.h"

#define DAY SOCIALCAP_DAY
#define T_END (400 * DAY)
#define WORK_HALF_LIFE (200 * DAY)

static uint64_t rng_state;

static uint32_t rnd(uint32_t below)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((rng_state >> 33) % below);
}

static const char *const sectors[] = {"res", "shop", "club", "youth", "police"};
static const int tiers[] = {0, 0, 0, 1, 2};
static const double prestige[] = {1, 3, NAN, 5, 8};

static int die(const char *what, int rc)
{
	fprintf(stderr, "crosscheck_gen: %s: %s\n", what, socialcap_strerror(rc));
	exit(1);
}

#define CHECK(call, what)                                                      \
	do {                                                                   \
		int rc_ = (call);                                              \
		if (rc_ != 0)                                                  \
			die((what), rc_);                                      \
	} while (0)

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL) {
		perror(path);
		exit(1);
	}
	return f;
}

static uint32_t near(uint32_t i, uint32_t n, uint32_t span)
{
	return (i + 1 + rnd(span)) % n;
}

static void make_actors(socialcap_network *net, uint32_t n, FILE *rec)
{
	char id[32], nbh[32];
	uint32_t i, k;

	for (k = 0; k < 5; k++)
		CHECK(socialcap_network_set_sector(net, NULL, sectors[k], tiers[k],
						   prestige[k]), "sector");
	for (i = 0; i < n; i++) {
		uint32_t r = rnd(100);
		double status = rnd(10) == 0 ? NAN : rnd(1000) / 999.0;

		k = r < 70 ? 0 : r < 85 ? 1 : r < 95 ? 2 : r < 98 ? 3 : 4;
		snprintf(id, sizeof(id), "p%u", (unsigned)i);
		snprintf(nbh, sizeof(nbh), "N%u", (unsigned)(i / 250));
		CHECK(socialcap_network_add_actor(net, NULL, id, SOCIALCAP_RESIDENT,
						  sectors[k], nbh, status, NULL, 0),
		      "actor");
		fprintf(rec, "actor\t%u\t%s\t%d\t%.17g\t%.17g\n", (unsigned)i, sectors[k],
			tiers[k], prestige[k], status);
	}
}

static void make_ties(socialcap_network *net, uint32_t n, FILE *rec)
{
	static const char *const layers[] = {"family", "work", "neighbours"};
	static const double weights[] = {0.5, 1, 2, 3.5, 0.05};
	uint32_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < 3; j++) {
			uint32_t b = rnd(20) == 0 ? rnd(n) : near(i, n, 8);
			const char *layer = layers[rnd(3)];
			double w = weights[rnd(5)];
			int64_t since = rnd(4) == 0 ? SOCIALCAP_TIME_NONE
						    : (int64_t)rnd(450) * DAY;

			if (b == i)
				continue;
			CHECK(socialcap_network_add_tie(net, NULL, i, b, layer, w, since),
			      "tie");
			if (since == SOCIALCAP_TIME_NONE)
				fprintf(rec, "tie\t%u\t%u\t%s\t%.17g\tnone\n", (unsigned)i,
					(unsigned)b, layer, w);
			else
				fprintf(rec, "tie\t%u\t%u\t%s\t%.17g\t%lld\n", (unsigned)i,
					(unsigned)b, layer, w, (long long)since);
		}
	}
}

static void make_contacts(socialcap_network *net, uint32_t n, FILE *rec)
{
	uint32_t i;

	for (i = 0; i < 2 * n; i++) {
		socialcap_contact c;

		c.a = rnd(n);
		c.b = near(c.a, n, 12);
		c.time = (int64_t)rnd(450) * DAY + rnd(86400);
		c.channel = (int32_t)rnd(2);
		c.weight = 0.1 + rnd(30) / 10.0;
		c.cost = 0;
		if (c.a == c.b)
			continue;
		CHECK(socialcap_network_record_contact(net, NULL, &c), "contact");
		fprintf(rec, "contact\t%lld\t%u\t%u\t%d\t%.17g\n", (long long)c.time,
			(unsigned)c.a, (unsigned)c.b, (int)c.channel, c.weight);
	}
}

static void make_events(socialcap_network *net, uint32_t n, FILE *rec)
{
	socialcap_attendance att[80];
	char id[32];
	uint32_t e, k;

	for (e = 0; e < n / 20; e++) {
		uint32_t d = 1 + rnd(rnd(4) == 0 ? 70 : 8), start = rnd(n);
		socialcap_event ev;

		if (d > n)
			d = n;
		snprintf(id, sizeof(id), "e%u", (unsigned)e);
		ev.id = id;
		ev.time = (int64_t)rnd(450) * DAY;
		ev.neighbourhood = "N0";
		ev.kind = "meeting";
		ev.channel = SOCIALCAP_PHYSICAL;
		ev.cost = 0;
		fprintf(rec, "event\t%lld\t%u", (long long)ev.time, (unsigned)d);
		for (k = 0; k < d; k++) {
			att[k].actor = (start + k) % n;
			att[k].role = k < 1 + rnd(2) ? SOCIALCAP_ORGANISER : SOCIALCAP_PARTICIPANT;
			fprintf(rec, "\t%u:%d", (unsigned)att[k].actor, (int)att[k].role);
		}
		fprintf(rec, "\n");
		CHECK(socialcap_network_record_event(net, NULL, &ev, att, d), "event");
	}
}

static void write_results(const char *dir, const socialcap_snapshot *s)
{
	socialcap_results *r = NULL, *nw = NULL;
	socialcap_error err;
	const int cols[] = {SOCIALCAP_ACTOR_DEGREE, SOCIALCAP_ACTOR_STRENGTH,
			    SOCIALCAP_ACTOR_CLUSTERING, SOCIALCAP_ACTOR_CONSTRAINT,
			    SOCIALCAP_ACTOR_EFFECTIVE_SIZE, SOCIALCAP_ACTOR_BETWEENNESS,
			    SOCIALCAP_ACTOR_HOPS_TO_INSTITUTION,
			    SOCIALCAP_ACTOR_ARTICULATION_POINT, SOCIALCAP_ACTOR_EFFICIENCY,
			    SOCIALCAP_ACTOR_HIERARCHY, SOCIALCAP_ACTOR_BONDING,
			    SOCIALCAP_ACTOR_BRIDGING, SOCIALCAP_ACTOR_LINKING,
			    SOCIALCAP_ACTOR_INSTITUTIONS_WITHIN_2, SOCIALCAP_ACTOR_EXTENSITY,
			    SOCIALCAP_ACTOR_UPPER_REACHABILITY, SOCIALCAP_ACTOR_PRESTIGE_RANGE,
			    SOCIALCAP_ACTOR_EC};
	FILE *f;
	uint32_t v, c, n = socialcap_snapshot_actor_count(s);

	CHECK(socialcap_indicators_actors(&r, s, NULL, &err), err.message);
	CHECK(socialcap_indicators_network(&nw, s, NULL, &err), err.message);
	f = open_out(dir, "actors.tsv");
	fprintf(f, "actor");
	for (c = 0; c < sizeof(cols) / sizeof(*cols); c++)
		fprintf(f, "\t%s", socialcap_results_column_name(r, (uint32_t)cols[c]));
	fprintf(f, "\n");
	for (v = 0; v < n; v++) {
		fprintf(f, "%u", (unsigned)v);
		for (c = 0; c < sizeof(cols) / sizeof(*cols); c++)
			fprintf(f, "\t%.17g", socialcap_results_get(r, v, (uint32_t)cols[c]));
		fprintf(f, "\n");
	}
	fclose(f);
	f = open_out(dir, "network.tsv");
	for (c = 0; c < socialcap_results_column_count(nw); c++)
		fprintf(f, "%s\t%.17g\n", socialcap_results_column_name(nw, c),
			socialcap_results_get(nw, 0, c));
	fclose(f);
	socialcap_results_free(nw);
	socialcap_results_free(r);
}

static void write_edges(const char *dir, const socialcap_snapshot *s)
{
	FILE *f = open_out(dir, "edges.tsv");
	uint32_t v, k, n = socialcap_snapshot_actor_count(s);

	for (v = 0; v < n; v++) {
		const uint32_t *nb;
		const double *w;
		uint32_t deg;

		CHECK(socialcap_snapshot_neighbours(s, v, &nb, &w, &deg), "neighbours");
		for (k = 0; k < deg; k++)
			if (nb[k] > v)
				fprintf(f, "%u\t%u\t%.17g\n", (unsigned)v, (unsigned)nb[k], w[k]);
	}
	fclose(f);
}

int main(int argc, char **argv)
{
	socialcap_snapshot_options so = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	int64_t halves[SOCIALCAP_LAYER_WORK + 1] = {0};
	socialcap_network *net = NULL;
	socialcap_snapshot *s = NULL;
	uint32_t n;
	FILE *rec;

	if (argc != 4) {
		fprintf(stderr, "usage: %s DIR ACTORS SEED\n", argv[0]);
		return 2;
	}
	n = (uint32_t)strtoul(argv[2], NULL, 10);
	rng_state = strtoull(argv[3], NULL, 10);
	CHECK(socialcap_network_new(&net, NULL), "network");
	rec = open_out(argv[1], "records.tsv");
	halves[SOCIALCAP_LAYER_WORK] = WORK_HALF_LIFE;
	fprintf(rec, "options\t%lld\t%lld\t%lld\t%lld\t%.17g\t%u\t%lld\n",
		(long long)T_END, (long long)so.half_life_physical,
		(long long)so.half_life_digital, (long long)so.half_life_event, so.theta,
		(unsigned)so.max_clique_event, (long long)WORK_HALF_LIFE);
	make_actors(net, n, rec);
	make_ties(net, n, rec);
	make_contacts(net, n, rec);
	make_events(net, n, rec);
	fclose(rec);
	so.time = T_END;
	so.layer_half_lives = halves;
	so.layer_half_life_count = SOCIALCAP_LAYER_WORK + 1;
	CHECK(socialcap_snapshot_build(&s, net, &so), socialcap_network_errmsg(net));
	write_edges(argv[1], s);
	write_results(argv[1], s);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
	return 0;
}
