/*
 * Memory and speed of the network model at scale: builds a synthetic
 * network of N actors and M declared ties and prints bytes per actor, bytes
 * per tie and the time taken.
 *
 *   bench_model [ACTORS [TIES [--reserve]]]     (defaults 1000000 10000000)
 *
 * Actors live in neighbourhoods of 1,500; 90% of ties stay inside the
 * neighbourhood, the rest bridge to anywhere. A fixed seed makes runs
 * comparable. This is a benchmark, not a test: it asserts nothing.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "socialcap.h"

static uint64_t rng_state = 0x853c49e6748fea9bu;

static uint64_t rng_next(void)
{
	/* splitmix64: fast, seeded, good enough for synthetic data */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static int fail(socialcap_network *net, int rc, const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", what, socialcap_strerror(rc),
		socialcap_network_errmsg(net));
	socialcap_network_free(net);
	return 1;
}

int main(int argc, char **argv)
{
	static const char *const sectors[] = {"residents", "entrepreneurs", "supporters",
					      "parents", "youth work", "police"};
	static const char *const layers[] = {"family", "household", "neighbours",
					     "work", "school"};
	uint32_t actors = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 1000000u;
	uint64_t ties = argc > 2 ? strtoull(argv[2], NULL, 10) : 10000000u;
	int reserve = argc > 3 && strcmp(argv[3], "--reserve") == 0;
	socialcap_network *net = NULL;
	size_t after_actors, after_ties;
	double t0, t1, t2;
	uint64_t k;
	uint32_t i;
	int rc;

	if (actors < 2) {
		fprintf(stderr, "need at least 2 actors\n");
		return 2;
	}
	if ((rc = socialcap_network_new(&net, NULL)) != 0)
		return fail(net, rc, "network_new");
	if (reserve && (rc = socialcap_network_reserve(net, actors, ties)) != 0)
		return fail(net, rc, "reserve");
	t0 = now_seconds();
	for (i = 0; i < actors; i++) {
		char id[32], nbh[32];
		uint64_t r = rng_next();
		/* skewed sectors: most actors are residents */
		size_t s = r % 100 < 90 ? 0 : 1 + (size_t)(r >> 8) % 5;

		snprintf(id, sizeof(id), "A%09u", i);
		snprintf(nbh, sizeof(nbh), "N%05u", i / 1500);
		rc = socialcap_network_add_actor(net, NULL, id,
						 s < 4 ? SOCIALCAP_RESIDENT : SOCIALCAP_PROFESSIONAL,
						 sectors[s], nbh, (double)(r >> 11) / 9007199254740992.0,
						 NULL, 0);
		if (rc != 0)
			return fail(net, rc, "add_actor");
	}
	t1 = now_seconds();
	after_actors = socialcap_network_memory(net);
	for (k = 0; k < ties;) {
		uint64_t r = rng_next();
		uint32_t a = (uint32_t)(r % actors), b;
		uint64_t r2 = rng_next();

		if (r2 % 10 == 0) {
			b = (uint32_t)((r2 >> 8) % actors);
		} else {
			uint32_t base = a / 1500 * 1500;
			uint32_t span = actors - base < 1500 ? actors - base : 1500;
			b = base + (uint32_t)((r2 >> 8) % span);
		}
		if (a == b)
			continue;
		rc = socialcap_network_add_tie(net, NULL, a, b, layers[(r2 >> 40) % 5],
					       1.0 + (double)((r2 >> 48) % 4), SOCIALCAP_TIME_NONE);
		if (rc != 0)
			return fail(net, rc, "add_tie");
		k++;
	}
	t2 = now_seconds();
	after_ties = socialcap_network_memory(net);
	printf("actors            %u\n", actors);
	printf("tie declarations  %llu (distinct ties %llu)\n", (unsigned long long)ties,
	       (unsigned long long)socialcap_network_tie_count(net));
	printf("reserve           %s\n", reserve ? "yes" : "no");
	printf("bytes per actor   %.1f\n", (double)after_actors / actors);
	printf("bytes per tie     %.1f\n",
	       (double)(after_ties - after_actors) / (double)socialcap_network_tie_count(net));
	printf("model bytes       %zu (%.2f GiB)\n", after_ties,
	       (double)after_ties / (1024.0 * 1024 * 1024));
	printf("peak RSS          %.2f GiB\n", (double)peak_rss_kib() / (1024.0 * 1024));
	printf("add actors        %.2f s (%.0f ns each)\n", t1 - t0, (t1 - t0) * 1e9 / actors);
	printf("add ties          %.2f s (%.0f ns each)\n", t2 - t1,
	       (t2 - t1) * 1e9 / (double)ties);
	socialcap_network_free(net);
	return 0;
}
