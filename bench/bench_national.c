/*
 * National scale on one machine: a synthetic country streamed twice into
 * the compact graph builder (socialcap/compact.h), then the linear-time
 * area indicators, with the time, CPU time and memory of every step.
 *
 *   bench_national [-n actors] [-k mean_degree] [-s seed] [-w]
 *
 * Defaults: 17,000,000 actors, mean degree 165 (about 1.4 billion ties),
 * seed 1, unweighted (-w keeps a float weight per half-edge).
 *
 * The country: neighbourhoods of 1,500 actors in index order; about 1% of
 * the actors are institutions (professionals in sectors of tier 1..4, who
 * live in a neighbourhood but are not its residents); the others are
 * residents in 16 sectors of skewed size. Five layers, each actor starting
 * about half of its ties in each:
 *   household  (layer 1) cliques of 1-5 consecutive actors of one
 *              neighbourhood (mean degree about 1.6);
 *   family     (layer 0) 12% of K: half in the neighbourhood, half anywhere;
 *   neighbours (layer 2) 40% of K: in the neighbourhood;
 *   work       (layer 3) 28% of K: 60% within the 32 neighbourhoods around,
 *              40% anywhere;
 *   school     (layer 4) the rest: 80% in the neighbourhood, 20% in the
 *              next one.
 * Each actor's draws come from a generator seeded by (seed, actor), so the
 * second pass replays the first exactly without storing anything. Pairs
 * drawn twice are merged by the builder (their layer bits OR-ed).
 *
 * Printed per step: wall and process CPU seconds, the bytes the library
 * holds (a counting allocator), the process's peak RSS (VmHWM), VmSwap, and
 * the system's MemAvailable and used swap; the run stops with an error if
 * the process has been swapped out.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "measure.h"
#include "socialcap.h"

#define NBH_SIZE 1500u
#define RES_SECTORS 16u
#define INST_SECTORS 4u
#define REGION 32u

typedef struct country {
	uint32_t n, nbhs;
	double k;
	uint64_t seed;
	double d[5];     /* target degree per layer; household implicit */
} country;

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t draw(rng *r, uint32_t bound)
{
	/* multiply-shift: unbiased enough for a benchmark */
	return (uint32_t)(((splitmix(&r->s) >> 32) * (uint64_t)bound) >> 32);
}

static double unit(rng *r)
{
	return (double)(splitmix(&r->s) >> 11) / 9007199254740992.0;
}

static int is_institution(const country *c, uint32_t v)
{
	uint64_t x = c->seed ^ ((uint64_t)v * 0x2545f4914f6cdd1dULL);

	return splitmix(&x) % 100 == 0;
}

static uint32_t sector_of(const country *c, uint32_t v)
{
	uint64_t x = c->seed ^ ((uint64_t)v * 0x9e3779b97f4a7c15ULL) ^ 0x5bd1e995u;
	uint64_t h = splitmix(&x);
	uint32_t s = 0;

	if (is_institution(c, v))
		return RES_SECTORS + (uint32_t)(h % INST_SECTORS);
	/* skewed: sector s with probability about 2^-(s+1) */
	while (s + 1 < RES_SECTORS && (h & 1)) {
		h >>= 1;
		s++;
	}
	return s;
}

static uint32_t nbh_start(uint32_t b)
{
	return b * NBH_SIZE;
}

static uint32_t nbh_size(const country *c, uint32_t b)
{
	uint32_t s = nbh_start(b);

	return c->n - s < NBH_SIZE ? c->n - s : NBH_SIZE;
}

static uint32_t in_nbh(const country *c, rng *r, uint32_t b)
{
	return nbh_start(b) + draw(r, nbh_size(c, b));
}

static uint32_t count_of(rng *r, double half_degree)
{
	uint32_t x = (uint32_t)half_degree;

	return x + (unit(r) < half_degree - x);
}

/* One pass over the country's ties. */
static int stream(const country *c, socialcap_compact_builder *b, uint64_t *ties)
{
	uint32_t u, hh_end = 0;
	uint64_t count = 0;

#define TIE(a, z, layer)                                                       \
	do {                                                                   \
		uint32_t z_ = (z);                                             \
		if (z_ != (a)) {                                               \
			int rc_ = socialcap_compact_builder_add_tie(b, (a), z_, (layer), 1.0); \
			if (rc_ != 0)                                          \
				return rc_;                                    \
			count++;                                               \
		}                                                              \
	} while (0)
	for (u = 0; u < c->n; u++) {
		uint32_t nb = u / NBH_SIZE, i, x, lo, span;
		rng r;

		r.s = c->seed * 0x9e3779b97f4a7c15ULL ^ ((uint64_t)u << 1);
		if (u >= hh_end) {
			uint32_t end = nbh_start(nb) + nbh_size(c, nb);
			uint32_t sz = 1 + draw(&r, 4) + (draw(&r, 4) == 0);

			hh_end = u + sz < end ? u + sz : end;
		}
		for (x = u + 1; x < hh_end; x++)
			TIE(u, x, 1);
		x = count_of(&r, c->d[0] / 2);
		for (i = 0; i < x; i++)
			TIE(u, draw(&r, 2) ? in_nbh(c, &r, nb) : draw(&r, c->n), 0);
		x = count_of(&r, c->d[2] / 2);
		for (i = 0; i < x; i++)
			TIE(u, in_nbh(c, &r, nb), 2);
		x = count_of(&r, c->d[3] / 2);
		lo = nb >= REGION / 2 ? nb - REGION / 2 : 0;
		span = c->nbhs - lo < REGION ? c->nbhs - lo : REGION;
		for (i = 0; i < x; i++)
			TIE(u, draw(&r, 10) < 6 ? in_nbh(c, &r, lo + draw(&r, span))
						: draw(&r, c->n),
			    3);
		x = count_of(&r, c->d[4] / 2);
		for (i = 0; i < x; i++)
			TIE(u, in_nbh(c, &r, draw(&r, 5) ? nb : (nb + 1) % c->nbhs), 4);
	}
#undef TIE
	*ties = count;
	return 0;
}

/* ------------------------------------------------------------ measuring */

typedef struct clocks {
	double wall, cpu;
} clocks;

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static clocks start_clock(void)
{
	clocks c;

	c.wall = now_s();
	c.cpu = cpu_s();
	return c;
}

static long status_kb(const char *file, const char *key)
{
	FILE *f = fopen(file, "r");
	char line[256];
	size_t n = strlen(key);
	long kb = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, key, n) == 0)
			kb = strtol(line + n, NULL, 10);
	fclose(f);
	return kb;
}

static counter held;

/* One line per step; exits when the process was swapped out. */
static void step(const char *name, clocks c, uint64_t ties, uint32_t n)
{
	double wall = now_s() - c.wall, cpu = cpu_s() - c.cpu;
	long swap = status_kb("/proc/self/status", "VmSwap:");
	long avail = status_kb("/proc/meminfo", "MemAvailable:");
	long swap_total = status_kb("/proc/meminfo", "SwapTotal:");
	long swap_free = status_kb("/proc/meminfo", "SwapFree:");

	printf("%-22s wall %8.2f s  cpu %8.2f s  held %7.3f GB (%5.2f B/tie, %6.1f B/actor)"
	       "  VmHWM %7.3f GB  VmSwap %ld kB  MemAvailable %5.1f GB  swap used %ld kB\n",
	       name, wall, cpu, (double)held.now / 1e9,
	       ties > 0 ? (double)held.now / (double)ties : 0.0,
	       n > 0 ? (double)held.now / n : 0.0, (double)vm_hwm_kb() / 1e6, swap,
	       (double)avail / 1e6, swap_total - swap_free);
	fflush(stdout);
	if (swap > 0) {
		fprintf(stderr, "bench_national: the process was swapped out (%ld kB)\n", swap);
		exit(1);
	}
}

static void die(const char *what, int rc, const char *msg)
{
	fprintf(stderr, "bench_national: %s: %s (%s)\n", what, socialcap_strerror(rc),
		msg != NULL ? msg : "");
	exit(1);
}

static void usage(void)
{
	fprintf(stderr, "usage: bench_national [-n actors] [-k mean_degree] [-s seed] [-w]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	socialcap_allocator al = {counter_malloc, counter_realloc, counter_free, &held};
	socialcap_compact_options o = SOCIALCAP_COMPACT_OPTIONS_INIT;
	socialcap_compact_areas_options ao = SOCIALCAP_COMPACT_AREAS_OPTIONS_INIT;
	socialcap_compact_builder *b = NULL;
	socialcap_compact *g = NULL;
	socialcap_compact_area *rows;
	socialcap_error err;
	country c;
	uint64_t ties1 = 0, ties2 = 0, ties, sum_int = 0, sum_bnd = 0;
	uint32_t v, comps = 0, largest = 0, r, count;
	double reach = 0, bonding = 0, ei = 0, members = 0;
	clocks t;
	int i, rc;

	memset(&c, 0, sizeof(c));
	c.n = 17000000u;
	c.k = 165;
	c.seed = 1;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-w") == 0)
			o.weighted = 1;
		else if (i + 1 < argc && strcmp(argv[i], "-n") == 0)
			c.n = (uint32_t)strtoul(argv[++i], NULL, 10);
		else if (i + 1 < argc && strcmp(argv[i], "-k") == 0)
			c.k = strtod(argv[++i], NULL);
		else if (i + 1 < argc && strcmp(argv[i], "-s") == 0)
			c.seed = strtoull(argv[++i], NULL, 10);
		else
			usage();
	}
	if (c.n < 2 || !(c.k > 2))
		usage();
	c.nbhs = (c.n + NBH_SIZE - 1) / NBH_SIZE;
	c.d[0] = 0.12 * c.k;
	c.d[2] = 0.40 * c.k;
	c.d[3] = 0.28 * c.k;
	c.d[4] = c.k - 1.6 - c.d[0] - c.d[2] - c.d[3];
	if (c.d[4] < 0)
		c.d[4] = 0;
	printf("bench_national: %u actors, %u neighbourhoods, mean degree %.1f, seed %llu, %s\n",
	       c.n, c.nbhs, c.k, (unsigned long long)c.seed,
	       o.weighted ? "weighted" : "unweighted");

	o.actors = c.n;
	o.sectors = RES_SECTORS + INST_SECTORS;
	o.neighbourhoods = c.nbhs;
	o.allocator = &al;
	t = start_clock();
	rc = socialcap_compact_builder_new(&b, &o);
	if (rc != 0)
		die("builder_new", rc, NULL);
	for (v = 0; v < INST_SECTORS; v++)
		socialcap_compact_builder_set_sector(b, RES_SECTORS + v, (int32_t)(v + 1));
	for (v = 0; v < c.n; v++) {
		int inst = is_institution(&c, v);

		rc = socialcap_compact_builder_set_actor(b, v, sector_of(&c, v), v / NBH_SIZE,
							 inst ? 1 : 0);
		if (rc != 0)
			die("set_actor", rc, socialcap_compact_builder_errmsg(b));
	}
	step("actors", t, 0, c.n);

	t = start_clock();
	rc = stream(&c, b, &ties1);
	if (rc != 0)
		die("pass 1", rc, socialcap_compact_builder_errmsg(b));
	step("pass 1 (count)", t, ties1, c.n);

	t = start_clock();
	rc = socialcap_compact_builder_start_fill(b);
	if (rc != 0)
		die("start_fill", rc, socialcap_compact_builder_errmsg(b));
	step("allocate half-edges", t, ties1, c.n);

	t = start_clock();
	rc = stream(&c, b, &ties2);
	if (rc != 0)
		die("pass 2", rc, socialcap_compact_builder_errmsg(b));
	step("pass 2 (fill)", t, ties2, c.n);

	t = start_clock();
	rc = socialcap_compact_builder_finish(&g, b);
	if (rc != 0)
		die("finish", rc, socialcap_compact_builder_errmsg(b));
	ties = socialcap_compact_tie_count(g);
	step("sort/merge/compact", t, ties, c.n);
	printf("declared ties %llu, distinct ties %llu (mean degree %.1f), graph %.3f GB = "
	       "%.2f bytes per tie, %.2f per half-edge\n",
	       (unsigned long long)ties1, (unsigned long long)ties, 2.0 * (double)ties / c.n,
	       (double)socialcap_compact_memory(g) / 1e9,
	       (double)socialcap_compact_memory(g) / (double)ties,
	       (double)socialcap_compact_memory(g) / (2.0 * (double)ties));

	count = socialcap_compact_area_count(g, 0);
	rows = calloc(count, sizeof(*rows));
	if (rows == NULL)
		die("rows", SOCIALCAP_ENOMEM, NULL);
	ao.min_cell = 10;
	t = start_clock();
	rc = socialcap_compact_areas_ties(g, &ao, rows, count, &err);
	if (rc != 0)
		die("areas_ties", rc, err.message);
	step("degree..E-I, Blau", t, ties, c.n);

	t = start_clock();
	rc = socialcap_compact_areas_reach(g, &ao, rows, count, &err);
	if (rc != 0)
		die("areas_reach", rc, err.message);
	step("institution reach", t, ties, c.n);

	t = start_clock();
	rc = socialcap_compact_components(g, &comps, &largest, &err);
	if (rc != 0)
		die("components", rc, err.message);
	step("components", t, ties, c.n);

	for (r = 0; r < count; r++) {
		if (rows[r].suppressed)
			continue;
		members += rows[r].residents;
		sum_int += rows[r].ties_internal;
		sum_bnd += rows[r].ties_boundary;
		reach += rows[r].institution_reach * rows[r].residents;
		bonding += rows[r].bonding * rows[r].residents;
		ei += rows[r].ei_index * rows[r].residents;
	}
	printf("areas %u: residents %.0f, internal ties %llu, boundary %llu; member-weighted "
	       "means: bonding %.4f, E-I %.4f, institution reach %.4f; components %u, largest "
	       "%.4f of the actors\n",
	       count, members, (unsigned long long)sum_int, (unsigned long long)sum_bnd,
	       bonding / members, ei / members, reach / members, comps,
	       (double)largest / c.n);
	printf("peak held by the library %.3f GB; process peak RSS (VmHWM) %.3f GB\n",
	       (double)held.peak / 1e9, (double)vm_hwm_kb() / 1e6);
	free(rows);
	socialcap_compact_free(g);
	return 0;
}
