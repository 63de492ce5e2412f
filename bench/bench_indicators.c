/*
 * Benchmark of the snapshot and the indicator families on a synthetic
 * city: neighbourhoods of about 1,500 actors, skewed sectors with about 1%
 * institutions, clustered local ties plus bridges (mean degree about 20),
 * some contacts and events; everything seeded.
 *
 * For each size it prints, per step, the wall time; the peak of the bytes
 * the step itself allocated ("step alloc": scratch plus what it returns)
 * and of everything the library held meanwhile ("lib held": network,
 * snapshot and the step), both counted by an allocator; and the process's
 * peak resident set during the step (VmHWM, reset between steps through
 * /proc/self/clear_refs where the kernel allows it).
 *
 * usage: bench_indicators [SIZE ...] [-t THREADS] [-s SAMPLES]
 *        default sizes 10000 100000 1000000; betweenness is exact up to
 *        20,000 actors and sampled (SAMPLES sources, default 100) above.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "measure.h"
#include "socialcap.h"

#define DAY SOCIALCAP_DAY
#define NBH_SIZE 1500u

typedef struct step {
	double t0;
	size_t base;
	counter *c;
} step;

static step begin(counter *c)
{
	step s;

	reset_hwm();
	c->peak = c->now;
	s.c = c;
	s.base = c->now;
	s.t0 = now_s();
	return s;
}

static void end(step s, const char *what, unsigned n)
{
	printf("%9u  %-26s %9.3f s  %9.1f MB  %9.1f MB  %9.1f MB\n", n, what,
	       now_s() - s.t0, (double)(s.c->peak - s.base) / 1048576.0,
	       (double)s.c->peak / 1048576.0, (double)vm_hwm_kb() / 1024.0);
	fflush(stdout);
}

static void need(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "bench_indicators: %s: %s\n", what, socialcap_strerror(rc));
		exit(1);
	}
}

/* ------------------------------------------------------------------ city */

static uint64_t rng = 0x5eed;

static uint32_t rnd(uint32_t below)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % below);
}

static const char *sector_of(uint32_t r)
{
	/* skewed: 80% residents, 10% entrepreneurs, 9% supporters, 1% institutions */
	static const char *const inst[] = {"youth", "youth", "police", "municipality"};

	if (r < 800)
		return "residents";
	if (r < 900)
		return "entrepreneurs";
	if (r < 990)
		return "supporters";
	return inst[r % 4];
}

static socialcap_network *make_city(uint32_t n, counter *c)
{
	socialcap_allocator al = {counter_malloc, counter_realloc, counter_free, c};
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network *net = NULL;
	char id[32], nbh[32];
	uint32_t i, k;

	o.allocator = &al;
	need(socialcap_network_new(&net, &o), "network");
	need(socialcap_network_reserve(net, n, (uint64_t)n * 12), "reserve");
	need(socialcap_network_set_sector(net, NULL, "youth", 1, 4), "sector");
	need(socialcap_network_set_sector(net, NULL, "police", 2, 6), "sector");
	need(socialcap_network_set_sector(net, NULL, "municipality", 3, 8), "sector");
	need(socialcap_network_set_sector(net, NULL, "entrepreneurs", 0, 5), "sector");
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "a%u", (unsigned)i);
		snprintf(nbh, sizeof(nbh), "B%u", (unsigned)(i / NBH_SIZE));
		need(socialcap_network_add_actor(net, NULL, id, SOCIALCAP_RESIDENT,
						 sector_of(rnd(1000)), nbh,
						 rnd(10) ? rnd(1001) / 1000.0 : NAN, NULL, 0),
		     "actor");
	}
	for (i = 0; i < n; i++) {
		uint32_t base = i - i % NBH_SIZE, size = NBH_SIZE;

		if (base + size > n)
			size = n - base;
		for (k = 0; k < 12; k++) {
			uint32_t j;

			if (k < 9) /* clustered: a nearby household on the street */
				j = base + (i - base + 1 + rnd(15)) % size;
			else if (k == 9 || rnd(2)) /* somewhere in the neighbourhood */
				j = base + rnd(size);
			else /* a bridge to anywhere in the city */
				j = rnd(n);
			if (j == i)
				continue;
			need(socialcap_network_add_tie(net, NULL, i, j,
						       k < 9 ? "neighbours" : "work",
						       0.5 + rnd(4), SOCIALCAP_TIME_NONE),
			     "tie");
		}
	}
	for (i = 0; i < n / 2; i++) {
		socialcap_contact ct;

		ct.a = rnd(n);
		ct.b = ct.a - ct.a % NBH_SIZE + rnd(NBH_SIZE);
		if (ct.b >= n || ct.b == ct.a)
			continue;
		ct.time = (int64_t)rnd(365) * DAY;
		ct.channel = (int32_t)rnd(2);
		ct.weight = 1;
		ct.cost = 0;
		need(socialcap_network_record_contact(net, NULL, &ct), "contact");
	}
	for (i = 0; i < n / 100; i++) {
		socialcap_attendance att[80];
		socialcap_event ev;
		uint32_t d = 5 + rnd(70), start = rnd(n);

		snprintf(id, sizeof(id), "e%u", (unsigned)i);
		ev.id = id;
		ev.time = (int64_t)rnd(365) * DAY;
		ev.neighbourhood = "B0";
		ev.kind = "meeting";
		ev.channel = SOCIALCAP_PHYSICAL;
		ev.cost = 0;
		for (k = 0; k < d; k++) {
			att[k].actor = (start + k * 7) % n;
			att[k].role = k == 0 ? SOCIALCAP_ORGANISER : SOCIALCAP_PARTICIPANT;
		}
		if (d > n / 7)
			continue;
		need(socialcap_network_record_event(net, NULL, &ev, att, d), "event");
	}
	return net;
}

static void run_size(uint32_t n, unsigned threads, uint32_t samples)
{
	static const struct {
		unsigned family;
		const char *name;
	} fam[] = {{SOCIALCAP_FAMILY_LOCAL, "local"},
		   {SOCIALCAP_FAMILY_TRIANGLES, "triangles"},
		   {SOCIALCAP_FAMILY_REACH, "reach"},
		   {SOCIALCAP_FAMILY_STRUCTURE, "structure"},
		   {SOCIALCAP_FAMILY_BETWEENNESS, "betweenness"}};
	socialcap_snapshot_options so = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_indicator_options io = SOCIALCAP_INDICATOR_OPTIONS_INIT;
	counter c = {0, 0};
	socialcap_network *net;
	socialcap_snapshot *snap = NULL;
	socialcap_results *res;
	char label[64];
	size_t f;
	step s;

	s = begin(&c);
	net = make_city(n, &c);
	end(s, "make city (network)", n);
	so.time = 365 * DAY;
	s = begin(&c);
	need(socialcap_snapshot_build(&snap, net, &so), socialcap_network_errmsg(net));
	end(s, "snapshot", n);
	printf("%9u  ties %llu, mean degree %.2f, snapshot %.1f MB\n", n,
	       (unsigned long long)socialcap_snapshot_tie_count(snap),
	       2.0 * (double)socialcap_snapshot_tie_count(snap) / n,
	       (double)socialcap_snapshot_memory(snap) / 1048576.0);
	io.threads = threads;
	for (f = 0; f < sizeof(fam) / sizeof(*fam); f++) {
		io.families = fam[f].family;
		io.betweenness_samples = 0;
		snprintf(label, sizeof(label), "%s", fam[f].name);
		if (fam[f].family == SOCIALCAP_FAMILY_BETWEENNESS && n > 20000) {
			io.betweenness_samples = samples < n ? samples : n;
			snprintf(label, sizeof(label), "betweenness (%u src)",
				 (unsigned)io.betweenness_samples);
		}
		s = begin(&c);
		need(socialcap_indicators_actors(&res, snap, &io, NULL), fam[f].name);
		end(s, label, n);
		socialcap_results_free(res);
	}
	io.families = SOCIALCAP_FAMILY_STRUCTURE | SOCIALCAP_FAMILY_TRIANGLES;
	s = begin(&c);
	need(socialcap_indicators_network(&res, snap, &io, NULL), "network");
	end(s, "network-wide", n);
	printf("%9u  transitivity %.4f, assortativity %.4f, components %.0f\n", n,
	       socialcap_results_get(res, 0, SOCIALCAP_NETWORK_TRANSITIVITY),
	       socialcap_results_get(res, 0, SOCIALCAP_NETWORK_ASSORTATIVITY),
	       socialcap_results_get(res, 0, SOCIALCAP_NETWORK_COMPONENTS));
	socialcap_results_free(res);
	socialcap_snapshot_free(snap);
	socialcap_network_free(net);
}

int main(int argc, char **argv)
{
	uint32_t sizes[16], count = 0, samples = 100;
	unsigned threads = 1;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-t") == 0 && i + 1 < argc)
			threads = (unsigned)atoi(argv[++i]);
		else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
			samples = (uint32_t)atoi(argv[++i]);
		else if (count < 16)
			sizes[count++] = (uint32_t)strtoul(argv[i], NULL, 10);
	}
	if (count == 0) {
		sizes[count++] = 10000;
		sizes[count++] = 100000;
		sizes[count++] = 1000000;
	}
	printf("%9s  %-26s %11s  %12s  %12s  %12s\n", "actors", "step", "time",
	       "step alloc", "lib held", "RSS peak");
	for (i = 0; i < (int)count; i++)
		run_size(sizes[i], threads, samples);
	return 0;
}
