/*
 * Benchmark of the area tables and their time series on a synthetic city:
 * neighbourhoods of 1,500 actors, about 1% institutions (youth workers,
 * police), clustered local ties plus 5% bridges (mean degree about 20),
 * one contact with a cost per actor and an event per 100 actors, spread
 * over 700 days; everything seeded.
 *
 * For each size it prints the wall time of the snapshot build, of the area
 * table per neighbourhood and per sector (each includes building the
 * snapshot at t - window), and of a 12-step monthly series with the default
 * window (365 days, each step builds two snapshots) and with a window of
 * three steps (90 days: from the fourth step on, the summary of an earlier
 * step replaces the snapshot at t - window); and the process's peak
 * resident set so far.
 *
 * usage: bench_areas [SIZE ...]   (default 10000 100000; the series is
 *        skipped above 200,000 actors unless -s is given)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "socialcap.h"

#define DAY SOCIALCAP_DAY
#define NBH 1500u

static uint64_t rng = 42;

static uint32_t rnd(uint32_t bound)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((rng >> 33) % bound);
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static long peak_mb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

static void actors(socialcap_network *net, uint32_t n)
{
	static const char *const sectors[] = {"res", "res", "res", "res", "shop", "club"};
	char id[32], nbh[32];
	uint32_t v;

	socialcap_network_set_sector(net, NULL, "youth", 1, NAN);
	socialcap_network_set_sector(net, NULL, "police", 2, NAN);
	for (v = 0; v < n; v++) {
		int inst = rnd(100) == 0;

		snprintf(id, sizeof(id), "a%u", (unsigned)v);
		snprintf(nbh, sizeof(nbh), "N%u", (unsigned)(v / NBH));
		socialcap_network_add_actor(net, NULL, id,
					    inst ? SOCIALCAP_PROFESSIONAL : SOCIALCAP_RESIDENT,
					    inst ? (rnd(2) ? "youth" : "police") : sectors[rnd(6)],
					    nbh, rnd(5) == 0 ? NAN : rnd(100) / 100.0, NULL, 0);
	}
}

static void records(socialcap_network *net, uint32_t n)
{
	char id[32], nbh[32];
	uint32_t v, k;

	for (v = 0; v < n; v++) {
		for (k = 0; k < 10; k++) {
			uint32_t u = rnd(20) == 0 ? rnd(n) : (v / NBH) * NBH + rnd(NBH);

			if (u < n && u != v)
				socialcap_network_add_tie(net, NULL, v, u, "neighbours", 1,
							  rnd(2) ? SOCIALCAP_TIME_NONE
								 : (int64_t)rnd(700) * DAY);
		}
	}
	for (v = 0; v < n; v++) {
		socialcap_contact c = {(int64_t)rnd(700) * DAY, v, rnd(n), SOCIALCAP_PHYSICAL,
				       1.0, (double)rnd(5)};

		if (c.a != c.b)
			socialcap_network_record_contact(net, NULL, &c);
	}
	for (v = 0; v < n / 100; v++) {
		socialcap_attendance att[10];
		uint32_t d = 2 + rnd(8), base = rnd(n);
		socialcap_event e = {id, (int64_t)rnd(700) * DAY, nbh, "meeting",
				     SOCIALCAP_PHYSICAL, (double)rnd(100)};

		snprintf(id, sizeof(id), "e%u", (unsigned)v);
		snprintf(nbh, sizeof(nbh), "N%u", (unsigned)(base / NBH));
		for (k = 0; k < d; k++) {
			att[k].actor = (base + k * 7) % n;
			att[k].role = k == 0 ? SOCIALCAP_ORGANISER : SOCIALCAP_PARTICIPANT;
		}
		socialcap_network_record_event(net, NULL, &e, att, d);
	}
}

static void series(socialcap_network *net, const socialcap_snapshot_options *so,
		   int64_t window)
{
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	socialcap_series *s = NULL;
	int64_t times[12];
	double t0;
	int k, rc;

	o.window = window;
	for (k = 0; k < 12; k++)
		times[k] = (int64_t)(340 + 30 * k) * DAY;
	t0 = now();
	rc = socialcap_series_compute(&s, net, so, &o, times, 12);
	printf("  series 12 x 30 d, window %3d d: %7.2f s  (rc %d, peak RSS %ld MB)\n",
	       (int)(window / DAY), now() - t0, rc, peak_mb());
	socialcap_series_free(s);
}

static void run(uint32_t n, int with_series)
{
	socialcap_snapshot_options so = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	socialcap_network *net = NULL;
	socialcap_snapshot *s = NULL;
	socialcap_results *r = NULL;
	double t0;
	int rc;

	socialcap_network_new(&net, NULL);
	t0 = now();
	actors(net, n);
	records(net, n);
	printf("n = %u: load %.2f s\n", (unsigned)n, now() - t0);
	so.time = 700 * DAY;
	t0 = now();
	rc = socialcap_snapshot_build(&s, net, &so);
	printf("  snapshot (%llu ties): %7.2f s  (rc %d)\n",
	       (unsigned long long)socialcap_snapshot_tie_count(s), now() - t0, rc);
	t0 = now();
	rc = socialcap_areas_compute(&r, s, &o);
	printf("  areas per neighbourhood:       %7.2f s  (rc %d, peak RSS %ld MB)\n",
	       now() - t0, rc, peak_mb());
	socialcap_results_free(r);
	o.areas = SOCIALCAP_AREAS_SECTORS;
	t0 = now();
	rc = socialcap_areas_compute(&r, s, &o);
	printf("  areas per sector:              %7.2f s  (rc %d, peak RSS %ld MB)\n",
	       now() - t0, rc, peak_mb());
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	if (with_series) {
		series(net, &so, 365 * DAY);
		series(net, &so, 90 * DAY);
	}
	socialcap_network_free(net);
}

int main(int argc, char **argv)
{
	int i, sizes = 0, force = 0;

	for (i = 1; i < argc; i++)
		force |= strcmp(argv[i], "-s") == 0;
	for (i = 1; i < argc; i++) {
		uint32_t n = (uint32_t)strtoul(argv[i], NULL, 10);

		if (n > 0) {
			run(n, force || n <= 200000);
			sizes++;
		}
	}
	if (sizes == 0) {
		run(10000, 1);
		run(100000, 1);
	}
	return 0;
}
