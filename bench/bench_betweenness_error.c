/*
 * How far sampled betweenness is from the exact value: on a synthetic city
 * (city.h) of N actors, exact betweenness once, then the estimate from s
 * sampled sources for several seeds. Prints, per s, the relative error of
 * the estimate for actors in the top decile of exact betweenness (median
 * and 90th percentile over actors and seeds), and the relative standard
 * error over seeds of the top decile's total.
 *
 * usage: bench_betweenness_error [ACTORS] [SEEDS]   (default 5000, 10)
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "city.h"
#include "socialcap.h"

static void need(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "bench_betweenness_error: %s: %s\n", what, socialcap_strerror(rc));
		exit(1);
	}
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

static double *column(const socialcap_snapshot *snap, uint32_t samples, uint64_t seed)
{
	socialcap_indicator_options o = SOCIALCAP_INDICATOR_OPTIONS_INIT;
	socialcap_results *res;
	uint32_t n = socialcap_snapshot_actor_count(snap), v;
	double *x = malloc(n * sizeof(*x));

	o.families = SOCIALCAP_FAMILY_BETWEENNESS;
	o.betweenness_samples = samples;
	o.seed = seed;
	need(socialcap_indicators_actors(&res, snap, &o, NULL), "betweenness");
	for (v = 0; v < n; v++)
		x[v] = socialcap_results_get(res, v, SOCIALCAP_ACTOR_BETWEENNESS);
	socialcap_results_free(res);
	return x;
}

int main(int argc, char **argv)
{
	uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 5000, v, top = 0;
	int seeds = argc > 2 ? atoi(argv[2]) : 10, si;
	static const uint32_t sizes[] = {20, 50, 100, 200, 500};
	socialcap_network *net = NULL;
	socialcap_snapshot *snap = NULL;
	double *exact, *sorted, cut, top_total = 0;
	uint64_t i;
	size_t k;
	city c;

	if (city_make(&c, n, 20, UINT64_C(0xc17e)) != 0)
		return 1;
	need(socialcap_network_new(&net, NULL), "network");
	for (k = 0; k < CITY_SECTOR_COUNT; k++)
		need(socialcap_network_set_sector(net, NULL, city_sector_name((unsigned)k),
						  city_sector_tier((unsigned)k), NAN),
		     "sector");
	for (v = 0; v < n; v++) {
		char id[16], nbh[16];

		snprintf(id, sizeof(id), "%u", (unsigned)v);
		snprintf(nbh, sizeof(nbh), "B%u", (unsigned)(v / CITY_NBH_SIZE));
		need(socialcap_network_add_actor(net, NULL, id, SOCIALCAP_RESIDENT,
						 city_sector_name(c.sector[v]), nbh, NAN, NULL, 0),
		     "actor");
	}
	for (i = 0; i < c.m; i++)
		need(socialcap_network_add_tie(net, NULL, c.ties[i].a, c.ties[i].b,
					       city_first_layer(c.ties[i].layers), c.ties[i].w,
					       SOCIALCAP_TIME_NONE),
		     "tie");
	need(socialcap_snapshot_build(&snap, net, NULL), "snapshot");
	exact = column(snap, 0, 0);
	sorted = malloc(n * sizeof(*sorted));
	memcpy(sorted, exact, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_double);
	cut = sorted[n - n / 10];
	for (v = 0; v < n; v++)
		if (exact[v] >= cut) {
			top++;
			top_total += exact[v];
		}
	printf("%u actors, %llu ties; top decile: %u actors, betweenness >= %.0f\n",
	       (unsigned)n, (unsigned long long)c.m, (unsigned)top, cut);
	printf("| sources | median rel. error (top decile) | 90th percentile | rel. SE of top-decile total |\n");
	printf("|---|---|---|---|\n");
	for (k = 0; k < sizeof(sizes) / sizeof(*sizes); k++) {
		double *err = malloc((size_t)top * (size_t)seeds * sizeof(*err)), sum = 0, sum2 = 0;
		size_t e = 0;

		for (si = 0; si < seeds; si++) {
			double *est = column(snap, sizes[k], UINT64_C(1000) + (uint64_t)si), t = 0;

			for (v = 0; v < n; v++)
				if (exact[v] >= cut) {
					err[e++] = fabs(est[v] - exact[v]) / exact[v];
					t += est[v];
				}
			sum += t / top_total;
			sum2 += (t / top_total) * (t / top_total);
			free(est);
		}
		qsort(err, e, sizeof(*err), cmp_double);
		printf("| %u | %.3f | %.3f | %.4f |\n", (unsigned)sizes[k], err[e / 2],
		       err[e * 9 / 10],
		       sqrt(fmax(0, sum2 / seeds - (sum / seeds) * (sum / seeds))));
		free(err);
	}
	free(exact);
	free(sorted);
	socialcap_snapshot_free(snap);
	socialcap_network_free(net);
	city_free(&c);
	return 0;
}
