/*
 * libsocialcap and igraph side by side on one synthetic city (city.h).
 *
 * The city is generated once and written as a dataset folder (sectors.csv,
 * actors.csv, ties.csv: one row per pair, a,b,layer,weight). Then each side
 * runs in a forked child of its own, so each child's peak resident set
 * belongs to that side alone:
 *
 *  - libsocialcap: socialcap_dataset_import() of the folder into a network,
 *    then socialcap_snapshot_build_owning() (the pairs summed into a CSR
 *    graph while the snapshot takes the network over and consumes its
 *    ties; -K: socialcap_snapshot_build(), the model kept); indicators
 *    through the public API, family by family.
 *  - igraph: actors.csv and ties.csv read into memory and parsed by hand
 *    (strtoul / strtod per field), edges and weights handed to
 *    igraph_create(); then igraph's own functions (see the table in
 *    docs/performance.md for which call computes what).
 *
 * -M: glibc raises its mmap threshold each time a mapped block is freed
 * (up to 32 MiB), so after the first big free, blocks of that size come
 * from the heap, and the holes a repeat leaves there count in the next
 * repeat's resident set (at 10^6 actors the import peaks 36 MiB higher
 * after an earlier import in the same process than in a fresh one).
 * Fixing the threshold, in both sides alike, makes each step's peak what
 * it holds; it also makes every big block fresh pages, which costs time.
 *
 * Every step runs REPEAT times; the minimum wall time is reported. Memory:
 * "RSS" is the peak resident set during the step (VmHWM reset before it);
 * "alloc" is, for libsocialcap, the peak of the bytes the library held
 * (counted by its allocator) and, for igraph, the heap in use after the
 * step (mallinfo2: igraph allocates through malloc, which cannot be
 * counted from outside). Each child writes its values to a file; the
 * parent compares them (relative tolerance 1e-9) and prints the table.
 *
 * usage: bench_igraph [-n ACTORS] [-k DEGREE] [-r REPEAT] [-s SOURCES]
 *                     [-t THREADS] [-T THREADS] [-d DIR] [-x] [-l] [-L | -G]
 *                     [-A] [-b] [-K] [-M]
 *   defaults: 1000000 actors, mean degree 20, 3 repeats, 20 sources,
 *   1 thread, DIR /tmp/socialcap-city-ACTORS; -x reuses the folder in DIR;
 *   when DIR already holds a city, ACTORS is the number of rows of its
 *   actors.csv (an -n that disagrees is refused, so that a city of another
 *   size is neither mislabelled nor overwritten);
 *   -l runs the load steps only; -L runs only libsocialcap and -G only
 *   igraph, comparing with the other side's values left in DIR by an
 *   earlier run on the same folder, if any; -A computes the whole
 *   neighbourhood table for the support ratio; -b runs the load and then
 *   betweenness only (libsocialcap on the snapshot of the import, no state
 *   file round trip); -K keeps the network model beside the snapshot
 *   while the indicators run; -M fixes malloc's mmap threshold at 128 KiB
 *   in both sides (see the note above).
 *
 * The last step, libsocialcap only, is the full set a user would ask for:
 * every actor column (all families, betweenness sampled with SOURCES), the
 * network-wide table and the whole neighbourhood table, on the threads of
 * -T (default: those of -t).
 *
 * The load is also split into its two parts (dataset import, snapshot
 * build). Before it, an import outside the timed steps saves the network
 * to a state file in DIR, which is loaded back after the load step (timed
 * alone, nothing else held); the indicators run on the network loaded
 * from the state file. Their snapshot takes that network over during its
 * build (socialcap_snapshot_build_owning), as a program that is done with
 * the model would do, so the ties are gone before the first indicator
 * step; -K keeps them instead.
 *
 * libsocialcap computes each indicator alone through the `columns` option
 * of socialcap_indicator_options; the support ratio is the one column of
 * the neighbourhood table asked for through socialcap_areas_options'
 * `columns` (without it, socialcap_areas_compute() computes every area
 * column, including a second snapshot at t - window: `-A` times that).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <igraph.h>
#include <malloc.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "city.h"
#include "measure.h"
#include "socialcap.h"

enum step {
	S_LOAD,
	S_IMPORT,
	S_SNAPBUILD,
	S_STATE,
	S_DEGREE,
	S_CLUSTERING,
	S_TRANSITIVITY,
	S_SUPPORT,
	S_CONSTRAINT,
	S_EFFSIZE,
	S_COMPONENTS,
	S_HOPS,
	S_BETWEENNESS,
	S_FULL,
	S_COUNT
};

static const char *const step_name[S_COUNT] = {
	"load CSV", "  of which dataset import", "  of which snapshot build",
	"load state file", "degree/strength", "local clustering", "transitivity",
	"support ratio", "constraint", "effective size", "components",
	"hops to institution", "betweenness (sampled)",
	"full set (actors, network, neighbourhoods)"};

/* Values compared between the two sides. */
enum tag {
	V_DEGREE,
	V_STRENGTH,
	V_CLUSTERING,
	V_TRANSITIVITY,
	V_SUPPORT,
	V_CONSTRAINT,
	V_EFFSIZE,
	V_COMPONENT,
	V_HOPS,
	V_BETWEENNESS,
	V_COUNT
};

static const char *const tag_name[V_COUNT] = {
	"degree", "strength", "clustering", "transitivity", "support_ratio",
	"constraint", "effective_size", "component", "hops", "betweenness"};

typedef struct stepstat {
	double time;    /* wall s, minimum over repeats */
	double cpu;     /* process CPU s of the same repeat */
	double alloc;   /* MB */
	double rss;     /* MB */
	int shared;     /* 1: the time is that of a family computed at once */
} stepstat;

typedef struct config {
	uint32_t n;
	double degree;
	int repeat;
	uint32_t sources;
	unsigned threads;
	unsigned full_threads;  /* -T: threads of the full-set step */
	char dir[1024];
	int reuse;
	int sides;          /* 1 libsocialcap, 2 igraph, 3 both */
	int full_areas;     /* -A: the support ratio through the whole area table */
	int load_only;      /* -l: the load steps only */
	int bc_only;        /* -b: the load and betweenness only */
	int keep_model;     /* -K: socialcap_snapshot_build, the model kept */
	int fixed_mmap;     /* -M: malloc's mmap threshold fixed */
} config;

static void die(const char *what, const char *why)
{
	fprintf(stderr, "bench_igraph: %s: %s\n", what, why);
	exit(1);
}

static void need(int rc, const char *what)
{
	if (rc != 0)
		die(what, socialcap_strerror(rc));
}

/* ------------------------------------------------------------ value file */

static void put_values(FILE *f, int tag, const double *v, uint64_t count)
{
	int32_t t = tag;

	if (fwrite(&t, sizeof(t), 1, f) != 1 || fwrite(&count, sizeof(count), 1, f) != 1 ||
	    fwrite(v, sizeof(*v), count, f) != count)
		die("values", strerror(errno));
}

typedef struct side {
	stepstat st[S_COUNT];
	double *v[V_COUNT];
	uint64_t count[V_COUNT];
	double peak_rss;
} side;

static void read_side(const char *path, side *sd)
{
	FILE *f = fopen(path, "rb");
	int32_t t;
	uint64_t count;

	memset(sd, 0, sizeof(*sd));
	if (f == NULL && errno == ENOENT)
		return; /* that side never ran on this folder: "-" in the table */
	if (f == NULL)
		die(path, strerror(errno));
	while (fread(&t, sizeof(t), 1, f) == 1) {
		if (t < 0) {
			if (fread(sd->st, sizeof(sd->st), 1, f) != 1 ||
			    fread(&sd->peak_rss, sizeof(sd->peak_rss), 1, f) != 1)
				die(path, "truncated");
			continue;
		}
		if (fread(&count, sizeof(count), 1, f) != 1 || t >= V_COUNT)
			die(path, "truncated");
		sd->v[t] = malloc((count ? count : 1) * sizeof(double));
		sd->count[t] = count;
		if (sd->v[t] == NULL || fread(sd->v[t], sizeof(double), count, f) != count)
			die(path, "truncated");
	}
	fclose(f);
}

/* ---------------------------------------------------------------- timing */

/* CPU time of the whole process (all its threads): on a shared machine the
 * wall time also counts the time other work held the cores. */
static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct run {
	stepstat *st;
	double t0, c0;
	double best, best_cpu;
	long hwm;
} run;

static void run_begin(run *r, stepstat *st)
{
	r->st = st;
	r->best = INFINITY;
	r->hwm = 0;
	st->alloc = 0;
}

static void rep_begin(run *r)
{
	reset_hwm();
	r->c0 = cpu_s();
	r->t0 = now_s();
}

static void rep_end(run *r)
{
	double t = now_s() - r->t0, c = cpu_s() - r->c0;
	long hwm = vm_hwm_kb();

	if (t < r->best) {
		r->best = t;
		r->best_cpu = c;
	}
	if (hwm > r->hwm)
		r->hwm = hwm;
}

static void run_end(run *r, double alloc_bytes, double *peak)
{
	r->st->time = r->best;
	r->st->cpu = r->best_cpu;
	r->st->rss = (double)r->hwm / 1024.0;
	if (alloc_bytes / 1048576.0 > r->st->alloc)
		r->st->alloc = alloc_bytes / 1048576.0;
	if (r->st->rss > *peak)
		*peak = r->st->rss;
}

/* The sources libsocialcap draws for sampled betweenness (the same
 * splitmix64 and partial Fisher-Yates as lib/ind_betweenness.c), so that
 * igraph can be given the same ones. */
static uint32_t *lib_sources(uint32_t n, uint32_t k, uint64_t seed)
{
	uint32_t *src = malloc((size_t)n * sizeof(*src)), i;
	uint64_t state = seed;

	if (src == NULL)
		die("sources", "out of memory");
	for (i = 0; i < n; i++)
		src[i] = i;
	for (i = 0; i < k; i++) {
		uint64_t z = (state += UINT64_C(0x9e3779b97f4a7c15));
		uint32_t j, x;

		z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
		z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
		z ^= z >> 31;
		j = i + (uint32_t)(z % (n - i));
		x = src[i];
		src[i] = src[j];
		src[j] = x;
	}
	return src;
}

/* --------------------------------------------------------- libsocialcap */

static void lib_column(FILE *f, int tag, const socialcap_results *res, int col,
		       double scale)
{
	uint32_t n = socialcap_results_row_count(res), v;
	double *x = malloc(((size_t)n + 1) * sizeof(*x));

	if (x == NULL)
		die("values", "out of memory");
	for (v = 0; v < n; v++)
		x[v] = socialcap_results_get(res, v, (uint32_t)col) * scale;
	put_values(f, tag, x, n);
	free(x);
}

/* The snapshot of *net; unless -K, it takes the network over (*net is
 * then NULL: the snapshot frees it). */
static void lib_snapshot(const config *cf, socialcap_snapshot **snap,
			 socialcap_network **net, const socialcap_snapshot_options *so)
{
	if (cf->keep_model) {
		need(socialcap_snapshot_build(snap, *net, so), "snapshot");
		return;
	}
	need(socialcap_snapshot_build_owning(snap, *net, so), "snapshot");
	*net = NULL;
}

/* The state file of the city, from an import outside the timed steps, so
 * that the load step may hand its network to the snapshot. */
static void lib_save_state(const config *cf, const socialcap_allocator *al,
			   const char *path)
{
	socialcap_state_options sto = SOCIALCAP_STATE_OPTIONS_INIT;
	socialcap_network_options no = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network *net = NULL;
	socialcap_error err;

	no.allocator = al;
	need(socialcap_network_new(&net, &no), "network");
	if (socialcap_dataset_import(net, cf->dir, NULL, &err) != 0)
		die("import", err.message);
	if (socialcap_state_save(net, path, &sto, &err) != 0)
		die("state save", err.message);
	socialcap_network_free(net);
}

static void lib_family(const config *cf, const socialcap_snapshot *snap, counter *c,
		       unsigned family, uint32_t columns, stepstat *st, double *peak,
		       socialcap_results **keep)
{
	socialcap_indicator_options io = SOCIALCAP_INDICATOR_OPTIONS_INIT;
	socialcap_results *res = NULL;
	run r;
	int i;

	io.families = family;
	io.columns = columns;
	io.threads = cf->threads;
	if (family == SOCIALCAP_FAMILY_BETWEENNESS)
		io.betweenness_samples = cf->sources;
	run_begin(&r, st);
	c->peak = c->now;
	for (i = 0; i < cf->repeat; i++) {
		socialcap_results_free(res);
		res = NULL;
		rep_begin(&r);
		need(socialcap_indicators_actors(&res, snap, &io, NULL), "indicators");
		rep_end(&r);
	}
	run_end(&r, (double)c->peak, peak);
	*keep = res;
}

static void lib_side(const config *cf, const char *out)
{
	counter c = {0, 0};
	socialcap_allocator al = {counter_malloc, counter_realloc, counter_free, &c};
	socialcap_snapshot_options so = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_indicator_options io = SOCIALCAP_INDICATOR_OPTIONS_INIT;
	socialcap_areas_options ao = SOCIALCAP_AREAS_OPTIONS_INIT;
	socialcap_network *net = NULL;
	socialcap_snapshot *snap = NULL;
	socialcap_results *res = NULL;
	stepstat st[S_COUNT];
	double peak = 0;
	FILE *f = fopen(out, "wb");
	int32_t end = -1;
	char path[1100];
	run r;
	int i;

	if (f == NULL)
		die(out, strerror(errno));
	memset(st, 0, sizeof(st));
	snprintf(path, sizeof(path), "%s/libsocialcap.state", cf->dir);
	if (!cf->bc_only || cf->load_only)
		lib_save_state(cf, &al, path);
	/* load: import the folder, then build the graph; the two parts are
	 * also timed on their own (each its minimum over the repeats) */
	run_begin(&r, &st[S_LOAD]);
	st[S_IMPORT].time = st[S_SNAPBUILD].time = INFINITY;
	for (i = 0; i < cf->repeat; i++) {
		socialcap_network_options no = SOCIALCAP_NETWORK_OPTIONS_INIT;
		socialcap_error err;
		double t1, c1, t2, c2;

		socialcap_snapshot_free(snap);
		socialcap_network_free(net);
		snap = NULL;
		net = NULL;
		c.peak = c.now;
		no.allocator = &al;
		rep_begin(&r);
		need(socialcap_network_new(&net, &no), "network");
		if (socialcap_dataset_import(net, cf->dir, NULL, &err) != 0)
			die("import", err.message);
		t1 = now_s();
		c1 = cpu_s();
		if ((double)vm_hwm_kb() / 1024.0 > st[S_IMPORT].rss)
			st[S_IMPORT].rss = (double)vm_hwm_kb() / 1024.0;
		if ((double)c.peak / 1048576.0 > st[S_IMPORT].alloc)
			st[S_IMPORT].alloc = (double)c.peak / 1048576.0;
		/* the build's own peak: the resident set is measured afresh
		 * (the time of that is left out of both steps) */
		if (vm_hwm_kb() > r.hwm)
			r.hwm = vm_hwm_kb();
		{
			double tr = now_s(), cr = cpu_s();

			reset_hwm();
			tr = now_s() - tr;
			cr = cpu_s() - cr;
			r.t0 += tr;
			r.c0 += cr;
			t1 += tr;
			c1 += cr;
		}
		c.peak = c.now;
		lib_snapshot(cf, &snap, &net, &so);
		t2 = now_s();
		c2 = cpu_s();
		if ((double)c.peak / 1048576.0 > st[S_SNAPBUILD].alloc)
			st[S_SNAPBUILD].alloc = (double)c.peak / 1048576.0;
		if ((double)vm_hwm_kb() / 1024.0 > st[S_SNAPBUILD].rss)
			st[S_SNAPBUILD].rss = (double)vm_hwm_kb() / 1024.0;
		if (t1 - r.t0 < st[S_IMPORT].time) {
			st[S_IMPORT].time = t1 - r.t0;
			st[S_IMPORT].cpu = c1 - r.c0;
		}
		if (t2 - t1 < st[S_SNAPBUILD].time) {
			st[S_SNAPBUILD].time = t2 - t1;
			st[S_SNAPBUILD].cpu = c2 - c1;
		}
		rep_end(&r);
		run_end(&r, (double)c.peak, &peak);
	}
	if (st[S_IMPORT].alloc > st[S_LOAD].alloc)
		st[S_LOAD].alloc = st[S_IMPORT].alloc;
	if (socialcap_snapshot_actor_count(snap) != cf->n)
		die("import", "actor count differs");

	if (cf->bc_only && !cf->load_only)
		goto betweenness;
	/* the same network through the state file saved above, loaded
	 * REPEAT times with nothing else held; the indicators below run on
	 * the network loaded from it */
	{
		socialcap_state_options sto = SOCIALCAP_STATE_OPTIONS_INIT;
		socialcap_network_options no = SOCIALCAP_NETWORK_OPTIONS_INIT;
		socialcap_error err;

		socialcap_snapshot_free(snap);
		socialcap_network_free(net);
		snap = NULL;
		net = NULL;
		no.allocator = &al;
		sto.network = &no;
		run_begin(&r, &st[S_STATE]);
		for (i = 0; i < cf->repeat; i++) {
			socialcap_network_free(net);
			net = NULL;
			c.peak = c.now;
			rep_begin(&r);
			if (socialcap_state_load(&net, path, &sto, &err) != 0)
				die("state load", err.message);
			rep_end(&r);
			run_end(&r, (double)c.peak, &peak);
		}
		unlink(path);
		lib_snapshot(cf, &snap, &net, &so);
	}
	if (cf->load_only)
		goto finish;

#define COL(c) SOCIALCAP_COLUMN_BIT(SOCIALCAP_ACTOR_##c)
	lib_family(cf, snap, &c, SOCIALCAP_FAMILY_LOCAL, COL(DEGREE) | COL(STRENGTH),
		   &st[S_DEGREE], &peak, &res);
	lib_column(f, V_DEGREE, res, SOCIALCAP_ACTOR_DEGREE, 1);
	lib_column(f, V_STRENGTH, res, SOCIALCAP_ACTOR_STRENGTH, 1);
	socialcap_results_free(res);
	res = NULL;

	lib_family(cf, snap, &c, SOCIALCAP_FAMILY_TRIANGLES, COL(CLUSTERING),
		   &st[S_CLUSTERING], &peak, &res);
	lib_column(f, V_CLUSTERING, res, SOCIALCAP_ACTOR_CLUSTERING, 1);
	socialcap_results_free(res);
	res = NULL;
	lib_family(cf, snap, &c, SOCIALCAP_FAMILY_TRIANGLES, COL(CONSTRAINT),
		   &st[S_CONSTRAINT], &peak, &res);
	lib_column(f, V_CONSTRAINT, res, SOCIALCAP_ACTOR_CONSTRAINT, 1);
	socialcap_results_free(res);
	res = NULL;
	lib_family(cf, snap, &c, SOCIALCAP_FAMILY_TRIANGLES, COL(EFFECTIVE_SIZE),
		   &st[S_EFFSIZE], &peak, &res);
	lib_column(f, V_EFFSIZE, res, SOCIALCAP_ACTOR_EFFECTIVE_SIZE, 1);
	socialcap_results_free(res);
	res = NULL;

	/* transitivity alone: the network table with the triangle family */
	io.families = SOCIALCAP_FAMILY_TRIANGLES;
	io.threads = cf->threads;
	run_begin(&r, &st[S_TRANSITIVITY]);
	c.peak = c.now;
	for (i = 0; i < cf->repeat; i++) {
		socialcap_results_free(res);
	res = NULL;
		rep_begin(&r);
		need(socialcap_indicators_network(&res, snap, &io, NULL), "network");
		rep_end(&r);
	}
	run_end(&r, (double)c.peak, &peak);
	lib_column(f, V_TRANSITIVITY, res, SOCIALCAP_NETWORK_TRANSITIVITY, 1);
	socialcap_results_free(res);
	res = NULL;
	res = NULL;

	/* support ratio: one column of the neighbourhood table (-A: all) */
	ao.min_cell = 0;
	if (!cf->full_areas)
		ao.columns = SOCIALCAP_AREA_COLUMN_BIT(SOCIALCAP_AREA_SUPPORT_RATIO);
	run_begin(&r, &st[S_SUPPORT]);
	st[S_SUPPORT].shared = cf->full_areas;
	c.peak = c.now;
	for (i = 0; i < cf->repeat; i++) {
		socialcap_results_free(res);
	res = NULL;
		rep_begin(&r);
		need(socialcap_areas_compute(&res, snap, &ao), "areas");
		rep_end(&r);
	}
	run_end(&r, (double)c.peak, &peak);
	{
		uint32_t rows = socialcap_results_row_count(res), k;
		double *x = calloc((size_t)rows + 1, sizeof(*x));

		for (k = 0; k < rows; k++) {
			const char *label = socialcap_results_row_label(res, k);
			unsigned long b = strtoul(label + 1, NULL, 10);

			if (b < rows)
				x[b] = socialcap_results_get(res, k, SOCIALCAP_AREA_SUPPORT_RATIO);
		}
		put_values(f, V_SUPPORT, x, rows);
		free(x);
	}
	socialcap_results_free(res);
	res = NULL;

	lib_family(cf, snap, &c, SOCIALCAP_FAMILY_STRUCTURE, COL(COMPONENT), &st[S_COMPONENTS],
		   &peak, &res);
	lib_column(f, V_COMPONENT, res, SOCIALCAP_ACTOR_COMPONENT, 1);
	socialcap_results_free(res);
	res = NULL;

	lib_family(cf, snap, &c, SOCIALCAP_FAMILY_REACH, COL(HOPS_TO_INSTITUTION), &st[S_HOPS],
		   &peak, &res);
	lib_column(f, V_HOPS, res, SOCIALCAP_ACTOR_HOPS_TO_INSTITUTION, 1);
	socialcap_results_free(res);
	res = NULL;

betweenness:
	lib_family(cf, snap, &c, SOCIALCAP_FAMILY_BETWEENNESS, 0, &st[S_BETWEENNESS], &peak,
		   &res);
	/* the library scales the sum over sources by n / s; igraph does not */
	lib_column(f, V_BETWEENNESS, res, SOCIALCAP_ACTOR_BETWEENNESS,
		   (double)cf->sources / cf->n);
	socialcap_results_free(res);
	res = NULL;
	if (cf->bc_only)
		goto finish;

	/* the full set as a user would ask for it: every actor column (all
	 * families, betweenness sampled), the network-wide table and the
	 * whole neighbourhood table, on the given threads; libsocialcap only */
	{
		socialcap_indicator_options fo = SOCIALCAP_INDICATOR_OPTIONS_INIT;
		socialcap_areas_options fa = SOCIALCAP_AREAS_OPTIONS_INIT;
		socialcap_results *a = NULL, *w = NULL, *h = NULL;

		fo.threads = cf->full_threads;
		fa.threads = cf->full_threads;
		fo.betweenness_samples = cf->sources;
		run_begin(&r, &st[S_FULL]);
		c.peak = c.now;
		for (i = 0; i < cf->repeat; i++) {
			socialcap_results_free(a);
			socialcap_results_free(w);
			socialcap_results_free(h);
			a = w = h = NULL;
			rep_begin(&r);
			need(socialcap_indicators_actors(&a, snap, &fo, NULL), "full set: actors");
			need(socialcap_indicators_network(&w, snap, &fo, NULL), "full set: network");
			need(socialcap_areas_compute(&h, snap, &fa), "full set: neighbourhoods");
			rep_end(&r);
		}
		run_end(&r, (double)c.peak, &peak);
		socialcap_results_free(a);
		socialcap_results_free(w);
		socialcap_results_free(h);
	}

finish:
	socialcap_snapshot_free(snap);
	socialcap_network_free(net);
	if (fwrite(&end, sizeof(end), 1, f) != 1 || fwrite(st, sizeof(st), 1, f) != 1 ||
	    fwrite(&peak, sizeof(peak), 1, f) != 1 || fclose(f) != 0)
		die(out, strerror(errno));
}

/* ---------------------------------------------------------------- igraph */

typedef struct ig {
	igraph_t g;
	igraph_vector_t w;
	uint32_t n;
	uint8_t *inst;     /* n: institution */
	uint32_t *nbh;     /* n */
	uint32_t rows;     /* neighbourhoods */
} ig;

static char *slurp(const char *dir, const char *name, size_t *len)
{
	char *buf = read_whole_file(dir, name, len);

	if (buf == NULL)
		die(name, "cannot read the file");
	return buf;
}

/* actors.csv: id,kind,sector,neighbourhood,status; ids are 0..n-1 in order */
static void ig_actors(const config *cf, ig *x)
{
	size_t len;
	char *buf = slurp(cf->dir, "actors.csv", &len), *p = strchr(buf, '\n') + 1;
	uint32_t v = 0;

	x->inst = calloc(cf->n, 1);
	x->nbh = calloc(cf->n, sizeof(*x->nbh));
	x->rows = 0;
	while (*p && v < cf->n) {
		char *sec = strchr(strchr(p, ',') + 1, ',') + 1;
		char *nb = strchr(sec, ',') + 1;
		unsigned s;

		x->inst[v] = 0;
		for (s = 0; s < CITY_SECTOR_COUNT; s++)
			if (strncmp(sec, city_sector_name(s), strlen(city_sector_name(s))) == 0 &&
			    sec[strlen(city_sector_name(s))] == ',')
				x->inst[v] = city_sector_tier(s) > 0;
		x->nbh[v] = (uint32_t)strtoul(nb + 1, NULL, 10);
		if (x->nbh[v] + 1 > x->rows)
			x->rows = x->nbh[v] + 1;
		v++;
		p = strchr(nb, '\n');
		p = p ? p + 1 : nb + strlen(nb);
	}
	x->n = v;
	free(buf);
}

/* ties.csv: a,b,layer,weight */
static void ig_load(const config *cf, ig *x)
{
	size_t len;
	char *buf, *p;
	igraph_vector_int_t edges;
	uint64_t m = 0;

	ig_actors(cf, x);
	buf = slurp(cf->dir, "ties.csv", &len);
	p = strchr(buf, '\n') + 1;
	igraph_vector_int_init(&edges, 0);
	igraph_vector_int_reserve(&edges, (igraph_integer_t)(len / 8));
	igraph_vector_init(&x->w, 0);
	igraph_vector_reserve(&x->w, (igraph_integer_t)(len / 16));
	while (*p) {
		char *end;
		unsigned long a = strtoul(p, &end, 10), b = strtoul(end + 1, &end, 10);

		end = strchr(end + 1, ',');
		igraph_vector_int_push_back(&edges, (igraph_integer_t)a);
		igraph_vector_int_push_back(&edges, (igraph_integer_t)b);
		igraph_vector_push_back(&x->w, strtod(end + 1, &end));
		m++;
		while (*end && *end != '\n')
			end++;
		p = *end ? end + 1 : end;
	}
	free(buf);
	igraph_create(&x->g, &edges, (igraph_integer_t)x->n, IGRAPH_UNDIRECTED);
	igraph_vector_int_destroy(&edges);
}

static void ig_free(ig *x)
{
	igraph_destroy(&x->g);
	igraph_vector_destroy(&x->w);
	free(x->inst);
	free(x->nbh);
}

static double heap_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();

	return (double)mi.uordblks + (double)mi.hblkhd;
}

static void put_vector(FILE *f, int tag, const igraph_vector_t *v)
{
	put_values(f, tag, VECTOR(*v), (uint64_t)igraph_vector_size(v));
}

/* Burt's effective size with weights, written on igraph's incidence lists
 * as a user would: for each i, p_iq in a dense array, then for each
 * neighbour j the sum over q adjacent to both of p_iq m_jq. */
static void ig_effsize(const ig *x, igraph_vector_t *res)
{
	igraph_inclist_t il;
	uint32_t n = x->n, i;
	double *p = calloc(n, sizeof(*p)), *maxw = calloc(n, sizeof(*maxw)),
	       *s = calloc(n, sizeof(*s));

	igraph_inclist_init(&x->g, &il, IGRAPH_ALL, IGRAPH_LOOPS_ONCE);
	igraph_vector_resize(res, n);
	for (i = 0; i < n; i++) {
		igraph_vector_int_t *inc = igraph_inclist_get(&il, i);
		igraph_integer_t k = igraph_vector_int_size(inc), a;

		for (a = 0; a < k; a++) {
			double w = VECTOR(x->w)[VECTOR(*inc)[a]];

			s[i] += w;
			if (w > maxw[i])
				maxw[i] = w;
		}
	}
	for (i = 0; i < n; i++) {
		igraph_vector_int_t *inc = igraph_inclist_get(&il, i);
		igraph_integer_t k = igraph_vector_int_size(inc), a, b;
		double red = 0;

		for (a = 0; a < k; a++) {
			igraph_integer_t e = VECTOR(*inc)[a];

			p[IGRAPH_OTHER(&x->g, e, i)] = VECTOR(x->w)[e] / s[i];
		}
		for (a = 0; a < k; a++) {
			igraph_integer_t j = IGRAPH_OTHER(&x->g, VECTOR(*inc)[a], i);
			igraph_vector_int_t *jn = igraph_inclist_get(&il, j);
			igraph_integer_t kj = igraph_vector_int_size(jn);

			for (b = 0; b < kj; b++) {
				igraph_integer_t e = VECTOR(*jn)[b], q = IGRAPH_OTHER(&x->g, e, j);

				if (q != i)
					red += p[q] * VECTOR(x->w)[e] / maxw[j];
			}
		}
		for (a = 0; a < k; a++)
			p[IGRAPH_OTHER(&x->g, VECTOR(*inc)[a], i)] = 0;
		VECTOR(*res)[i] = k > 0 ? (double)k - red : NAN;
	}
	igraph_inclist_destroy(&il);
	free(p);
	free(maxw);
	free(s);
}

/* Support ratio per neighbourhood: for each tie inside a neighbourhood,
 * intersect the two sorted adjacency lists, looking for a common neighbour
 * in the same neighbourhood. */
static void ig_support(const ig *x, double *ratio)
{
	igraph_adjlist_t al;
	double *internal = calloc(x->rows + 1, sizeof(*internal));
	uint32_t u, r;

	igraph_adjlist_init(&x->g, &al, IGRAPH_ALL, IGRAPH_NO_LOOPS, IGRAPH_NO_MULTIPLE);
	for (r = 0; r < x->rows; r++)
		ratio[r] = 0;
	for (u = 0; u < x->n; u++) {
		igraph_vector_int_t *nu = igraph_adjlist_get(&al, u);
		igraph_integer_t ku = igraph_vector_int_size(nu), a;

		for (a = 0; a < ku; a++) {
			igraph_integer_t v = VECTOR(*nu)[a], i = 0, j = 0, kv;
			igraph_vector_int_t *nv;
			int sup = 0;

			if (v < u || x->nbh[v] != x->nbh[u])
				continue;
			nv = igraph_adjlist_get(&al, v);
			kv = igraph_vector_int_size(nv);
			while (i < ku && j < kv && !sup) {
				igraph_integer_t p = VECTOR(*nu)[i], q = VECTOR(*nv)[j];

				if (p < q) {
					i++;
				} else if (p > q) {
					j++;
				} else {
					sup = x->nbh[p] == x->nbh[u];
					i++;
					j++;
				}
			}
			internal[x->nbh[u]] += 1;
			ratio[x->nbh[u]] += sup;
		}
	}
	for (r = 0; r < x->rows; r++)
		ratio[r] = internal[r] > 0 ? ratio[r] / internal[r] : NAN;
	igraph_adjlist_destroy(&al);
	free(internal);
}

/* Hops to the nearest institution: a copy of the graph with a virtual
 * source joined to every institution, then one BFS from it. */
static void ig_hops(const ig *x, igraph_matrix_t *dist)
{
	igraph_t g2;
	igraph_vector_int_t add;
	uint32_t v;

	igraph_vector_int_init(&add, 0);
	for (v = 0; v < x->n; v++)
		if (x->inst[v]) {
			igraph_vector_int_push_back(&add, x->n);
			igraph_vector_int_push_back(&add, v);
		}
	igraph_copy(&g2, &x->g);
	igraph_add_vertices(&g2, 1, NULL);
	igraph_add_edges(&g2, &add, NULL);
	igraph_distances(&g2, dist, igraph_vss_1(x->n), igraph_vss_all(), IGRAPH_ALL);
	igraph_destroy(&g2);
	igraph_vector_int_destroy(&add);
}

static void ig_side(const config *cf, const char *out)
{
	stepstat st[S_COUNT];
	double peak = 0;
	FILE *f = fopen(out, "wb");
	int32_t end = -1;
	igraph_vector_t res;
	ig x;
	run r;
	int i;

	if (f == NULL)
		die(out, strerror(errno));
	memset(st, 0, sizeof(st));
	memset(&x, 0, sizeof(x));
	run_begin(&r, &st[S_LOAD]);
	for (i = 0; i < cf->repeat; i++) {
		if (i > 0)
			ig_free(&x);
		rep_begin(&r);
		ig_load(cf, &x);
		rep_end(&r);
	}
	run_end(&r, heap_in_use(), &peak);
	igraph_vector_init(&res, 0);
	if (cf->load_only)
		goto finish;
	if (cf->bc_only)
		goto betweenness;

#define IG_STEP(s, call)                                                       \
	do {                                                                   \
		run_begin(&r, &st[s]);                                         \
		for (i = 0; i < cf->repeat; i++) {                             \
			rep_begin(&r);                                         \
			call;                                                  \
			rep_end(&r);                                           \
		}                                                              \
		run_end(&r, heap_in_use(), &peak);                             \
	} while (0)

	{
		igraph_vector_int_t deg;

		igraph_vector_int_init(&deg, 0);
		IG_STEP(S_DEGREE, (igraph_degree(&x.g, &deg, igraph_vss_all(), IGRAPH_ALL,
						 IGRAPH_LOOPS),
				   igraph_strength(&x.g, &res, igraph_vss_all(), IGRAPH_ALL,
						   IGRAPH_LOOPS, &x.w)));
		{
			double *d = malloc(((size_t)x.n + 1) * sizeof(*d));
			uint32_t v;

			for (v = 0; v < x.n; v++)
				d[v] = (double)VECTOR(deg)[v];
			put_values(f, V_DEGREE, d, x.n);
			free(d);
		}
		put_vector(f, V_STRENGTH, &res);
		igraph_vector_int_destroy(&deg);
	}
	IG_STEP(S_CLUSTERING, igraph_transitivity_local_undirected(
				      &x.g, &res, igraph_vss_all(), IGRAPH_TRANSITIVITY_NAN));
	put_vector(f, V_CLUSTERING, &res);
	{
		igraph_real_t t = 0;

		IG_STEP(S_TRANSITIVITY,
			igraph_transitivity_undirected(&x.g, &t, IGRAPH_TRANSITIVITY_NAN));
		put_values(f, V_TRANSITIVITY, &t, 1);
	}
	{
		double *ratio = calloc(x.rows + 1, sizeof(*ratio));

		IG_STEP(S_SUPPORT, ig_support(&x, ratio));
		put_values(f, V_SUPPORT, ratio, x.rows);
		free(ratio);
	}
	IG_STEP(S_CONSTRAINT, igraph_constraint(&x.g, &res, igraph_vss_all(), &x.w));
	put_vector(f, V_CONSTRAINT, &res);
	IG_STEP(S_EFFSIZE, ig_effsize(&x, &res));
	put_vector(f, V_EFFSIZE, &res);
	{
		igraph_vector_int_t memb, csize;
		igraph_integer_t count;
		double *d = malloc(((size_t)x.n + 1) * sizeof(*d));
		uint32_t v;

		igraph_vector_int_init(&memb, 0);
		igraph_vector_int_init(&csize, 0);
		IG_STEP(S_COMPONENTS, igraph_connected_components(&x.g, &memb, &csize, &count,
								  IGRAPH_WEAK));
		for (v = 0; v < x.n; v++)
			d[v] = (double)VECTOR(memb)[v];
		put_values(f, V_COMPONENT, d, x.n);
		free(d);
		igraph_vector_int_destroy(&memb);
		igraph_vector_int_destroy(&csize);
	}
	{
		/* a virtual source joined to every institution: one BFS */
		igraph_matrix_t dist;
		double *d = malloc(((size_t)x.n + 1) * sizeof(*d));
		uint32_t v;

		igraph_matrix_init(&dist, 0, 0);
		IG_STEP(S_HOPS, ig_hops(&x, &dist));
		for (v = 0; v < x.n; v++) {
			double h = MATRIX(dist, 0, v);

			d[v] = isfinite(h) ? h - 1 : -1;
		}
		put_values(f, V_HOPS, d, x.n);
		free(d);
		igraph_matrix_destroy(&dist);
	}
betweenness: {
		uint32_t *src = lib_sources(x.n, cf->sources, UINT64_C(0x5eed)), k;
		igraph_vector_int_t sv;

		igraph_vector_int_init(&sv, cf->sources);
		for (k = 0; k < cf->sources; k++)
			VECTOR(sv)[k] = src[k];
		free(src);
		IG_STEP(S_BETWEENNESS,
			igraph_betweenness_subset(&x.g, &res, igraph_vss_all(), IGRAPH_UNDIRECTED,
						  igraph_vss_vector(&sv), igraph_vss_all(), NULL));
		put_vector(f, V_BETWEENNESS, &res);
		igraph_vector_int_destroy(&sv);
	}
finish:
	igraph_vector_destroy(&res);
	ig_free(&x);
	if (fwrite(&end, sizeof(end), 1, f) != 1 || fwrite(st, sizeof(st), 1, f) != 1 ||
	    fwrite(&peak, sizeof(peak), 1, f) != 1 || fclose(f) != 0)
		die(out, strerror(errno));
}

/* --------------------------------------------------------------- driver */

static void in_child(void (*fn)(const config *, const char *), const config *cf,
		     const char *out)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		die("fork", strerror(errno));
	if (pid == 0) {
		if (cf->fixed_mmap && mallopt(M_MMAP_THRESHOLD, 128 * 1024) != 1)
			die("mallopt", "M_MMAP_THRESHOLD refused");
		fn(cf, out);
		fflush(stdout);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die(out, "child failed");
}

static void generate(const config *cf, const char *unused)
{
	city c;
	double t0 = now_s();

	(void)unused;
	if (city_make(&c, cf->n, cf->degree, UINT64_C(0xc17e)) != 0)
		die("city", "out of memory");
	printf("city: %u actors, %llu ties, mean degree %.2f (generated in %.1f s)\n",
	       (unsigned)c.n, (unsigned long long)c.m, 2.0 * (double)c.m / c.n,
	       now_s() - t0);
	if (city_write_dataset(&c, cf->dir) != 0)
		die(cf->dir, strerror(errno));
	city_free(&c);
}

/* The number of actors of the city in @p dir into @p n: the rows of its
 * actors.csv below the header (city_write_dataset() writes one row per
 * actor).
 * Returns 0, or -1 when the folder holds no actors.csv. */
static int city_actors_in(const char *dir, uint32_t *n)
{
	char path[2048], buf[1 << 16];
	FILE *f;
	size_t got;
	uint64_t lines = 0;
	char last = '\n';

	snprintf(path, sizeof(path), "%s/actors.csv", dir);
	if ((f = fopen(path, "rb")) == NULL) {
		if (errno == ENOENT)
			return -1;
		die(path, strerror(errno));
	}
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
		const char *p = buf, *end = buf + got;

		while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			lines++;
			p++;
		}
		last = buf[got - 1];
	}
	if (ferror(f))
		die(path, strerror(errno));
	fclose(f);
	lines += last != '\n'; /* a last row without its newline */
	if (lines < 2)
		die(path, "no actors below the header (an interrupted generation?)");
	if (lines - 1 > UINT32_MAX)
		die(path, "more actors than bench_igraph can count");
	*n = (uint32_t)(lines - 1);
	return 0;
}

/* Compare one value array: both NaN, or within 1e-9 relative. */
static void compare(const side *a, const side *b, int tag, char *verdict, size_t len)
{
	uint64_t i, bad = 0, worst_at = 0;
	double worst = 0;

	if (a->v[tag] == NULL || b->v[tag] == NULL) {
		snprintf(verdict, len, "-");
		return;
	}
	if (a->count[tag] != b->count[tag]) {
		snprintf(verdict, len, "COUNT %llu vs %llu", (unsigned long long)a->count[tag],
			 (unsigned long long)b->count[tag]);
		return;
	}
	for (i = 0; i < a->count[tag]; i++) {
		double x = a->v[tag][i], y = b->v[tag][i], d, scale;

		if (isnan(x) && isnan(y))
			continue;
		scale = fmax(fabs(x), fabs(y));
		d = fabs(x - y) / (scale > 1e-300 ? scale : 1);
		if (isnan(x) || isnan(y))
			d = INFINITY;
		if (d > worst) {
			worst = d;
			worst_at = i;
		}
		bad += d > 1e-9;
	}
	if (bad == 0)
		snprintf(verdict, len, "same (max rel %.1e)", worst);
	else
		snprintf(verdict, len, "%s DIFF %llu (at %llu: %.17g vs %.17g)",
			 tag_name[tag], (unsigned long long)bad, (unsigned long long)worst_at,
			 a->v[tag][worst_at], b->v[tag][worst_at]);
}

static const int step_tag[S_COUNT] = {-1, -1, -1, -1, V_STRENGTH, V_CLUSTERING, V_TRANSITIVITY,
				      V_SUPPORT, V_CONSTRAINT, V_EFFSIZE, V_COMPONENT,
				      V_HOPS, V_BETWEENNESS, -1};

int main(int argc, char **argv)
{
	config cf;
	char lib_out[1100], ig_out[1100], verdict[512];
	side ls, is;
	int i, n_given = 0;
	uint32_t have;
	double la[3];

	memset(&cf, 0, sizeof(cf));
	cf.n = 1000000;
	cf.degree = 20;
	cf.repeat = 3;
	cf.sources = 20;
	cf.threads = 1;
	cf.sides = 3;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-x") == 0)
			cf.reuse = 1;
		else if (strcmp(argv[i], "-l") == 0)
			cf.load_only = 1;
		else if (strcmp(argv[i], "-L") == 0)
			cf.sides = 1;
		else if (strcmp(argv[i], "-G") == 0)
			cf.sides = 2;
		else if (strcmp(argv[i], "-A") == 0)
			cf.full_areas = 1;
		else if (strcmp(argv[i], "-b") == 0)
			cf.bc_only = 1;
		else if (strcmp(argv[i], "-K") == 0)
			cf.keep_model = 1;
		else if (strcmp(argv[i], "-M") == 0)
			cf.fixed_mmap = 1;
		else if (i + 1 >= argc)
			die(argv[i], "needs a value");
		else if (strcmp(argv[i], "-n") == 0) {
			cf.n = (uint32_t)strtoul(argv[++i], NULL, 10);
			n_given = 1;
		} else if (strcmp(argv[i], "-k") == 0)
			cf.degree = strtod(argv[++i], NULL);
		else if (strcmp(argv[i], "-r") == 0)
			cf.repeat = atoi(argv[++i]);
		else if (strcmp(argv[i], "-s") == 0)
			cf.sources = (uint32_t)strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "-t") == 0)
			cf.threads = (unsigned)atoi(argv[++i]);
		else if (strcmp(argv[i], "-T") == 0)
			cf.full_threads = (unsigned)atoi(argv[++i]);
		else if (strcmp(argv[i], "-d") == 0)
			snprintf(cf.dir, sizeof(cf.dir), "%s", argv[++i]);
		else
			die(argv[i], "unknown option");
	}
	if (cf.dir[0] == 0)
		snprintf(cf.dir, sizeof(cf.dir), "/tmp/socialcap-city-%u", (unsigned)cf.n);
	/* A city already in DIR sets the size: regenerating it at another one
	 * would overwrite it, reusing it would label it wrongly. */
	if (city_actors_in(cf.dir, &have) == 0) {
		if (n_given && have != cf.n) {
			fprintf(stderr,
				"bench_igraph: %s holds a city of %u actors, but -n asks for %u: "
				"leave out -n to use that city, or give another -d\n",
				cf.dir, (unsigned)have, (unsigned)cf.n);
			return 1;
		}
		cf.n = have;
	} else if (cf.reuse) {
		die(cf.dir, "-x: no city to reuse here (no actors.csv)");
	}
	if (cf.repeat < 1 || cf.n < 2 || cf.sources < 1 || cf.sources > cf.n || cf.threads < 1)
		die("options", "out of range");
	if (cf.full_threads == 0)
		cf.full_threads = cf.threads;
	if (!cf.reuse) {
		if (mkdir(cf.dir, 0700) != 0 && errno != EEXIST)
			die(cf.dir, strerror(errno));
		in_child(generate, &cf, "generator");
	}
	snprintf(lib_out, sizeof(lib_out), "%s/libsocialcap.values", cf.dir);
	snprintf(ig_out, sizeof(ig_out), "%s/igraph.values", cf.dir);
	if (getloadavg(la, 3) == 3)
		printf("load average before: %.2f %.2f %.2f\n", la[0], la[1], la[2]);
	fflush(stdout);
	if (cf.sides & 1)
		in_child(lib_side, &cf, lib_out);
	if (cf.sides & 2)
		in_child(ig_side, &cf, ig_out);
	if (getloadavg(la, 3) == 3)
		printf("load average after: %.2f %.2f %.2f\n", la[0], la[1], la[2]);
	read_side(lib_out, &ls);
	read_side(ig_out, &is);
	printf("%u actors, %u threads (full set: %u), %d repeats (minimum time), "
	       "%u betweenness sources, network model %s, malloc's mmap threshold %s\n",
	       (unsigned)cf.n, cf.threads, cf.full_threads, cf.repeat, (unsigned)cf.sources,
	       cf.keep_model ? "kept (-K)" : "given to the snapshot",
	       cf.fixed_mmap ? "fixed at 128 KiB (-M)" : "glibc's default");
	printf("| step | libsocialcap wall s | igraph wall s | speed-up | libsocialcap CPU s "
	       "| igraph CPU s | CPU ratio | libsocialcap RSS MB | igraph RSS MB "
	       "| RSS ratio | lib alloc MB | igraph heap MB | values |\n");
	printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
	for (i = 0; i < S_COUNT; i++) {
		const stepstat *a = &ls.st[i], *b = &is.st[i];

		if (step_tag[i] >= 0)
			compare(&ls, &is, step_tag[i], verdict, sizeof(verdict));
		else
			snprintf(verdict, sizeof(verdict), "-");
		if (i == S_DEGREE) {
			char d2[200];

			compare(&ls, &is, V_DEGREE, d2, sizeof(d2));
			snprintf(verdict + strlen(verdict), sizeof(verdict) - strlen(verdict),
				 "; degree %s", d2);
		}
		if (b->time == 0 && b->rss == 0)
			printf("| %s | %.3f%s | - | - | %.3f | - | - | %.0f | - | - | %.0f | - | %s |\n",
			       step_name[i], a->time, a->shared ? "*" : "", a->cpu, a->rss,
			       a->alloc, verdict);
		else
			printf("| %s | %.3f%s | %.3f | %.2fx | %.3f | %.3f | %.2fx | %.0f | %.0f | %.2f "
			       "| %.0f | %.0f | %s |\n",
			       step_name[i], a->time, a->shared ? "*" : "", b->time,
			       b->time / a->time, a->cpu, b->cpu, b->cpu / a->cpu, a->rss, b->rss,
			       a->rss / b->rss, a->alloc, b->alloc, verdict);
		if (cf.load_only && i == S_STATE)
			break;
	}
	/* The full set and the state load have no igraph counterpart: the
	 * comparison of like with like is the peak over the steps both run
	 * (when igraph's side ran, or left its figures in DIR). */
	if (is.peak_rss > 0) {
		double shared = 0;

		for (i = 0; i < S_COUNT; i++)
			if (is.st[i].rss > 0 && ls.st[i].rss > shared)
				shared = ls.st[i].rss;
		printf("| peak of the steps both sides run | | | | | | | %.0f | %.0f | %.2f | | | |\n",
		       shared, is.peak_rss, shared / is.peak_rss);
	}
	printf("| peak of the whole run | | | | | | | %.0f | %.0f | %.2f | | | |\n", ls.peak_rss,
	       is.peak_rss, ls.peak_rss / is.peak_rss);
	if (ls.st[S_STATE].time > 0)
		printf("state file load against dataset import: %.1fx faster "
		       "(against import + snapshot build: %.1fx)\n",
		       ls.st[S_IMPORT].time / ls.st[S_STATE].time,
		       ls.st[S_LOAD].time / ls.st[S_STATE].time);
	if (cf.full_areas)
		printf("* libsocialcap computes the whole neighbourhood table in this step\n");
	for (i = 0; i < V_COUNT; i++) {
		free(ls.v[i]);
		free(is.v[i]);
	}
	return 0;
}
