/*
 * Area aggregates, graph half: everything computed from the snapshot at t
 * (and, for growth and social return, the one at t - window).
 *
 * Two passes. The tie pass visits every active tie once (u < v) that
 * touches a member and counts the common neighbours of its ends once (for
 * the members' triangles and the support of internal ties) and adds the tie to
 * the areas of its ends. The member pass visits the members grouped by
 * area (a counting sort) so that per-area tallies over sectors and
 * institutions can use dense arrays that are reset through a touched list.
 *
 * On several threads (options.threads) each pass first does its costly,
 * integer part in parallel: the common neighbours of the ties (triangles
 * per actor and supported ties per area, in per-thread arrays that are
 * added up afterwards) and the institutions within two hops of each
 * member (into per-member cells). The floating-point sums then run on the
 * calling thread in the same order as on one thread, so the numbers do not
 * depend on the thread count. On one thread the tie pass counts during
 * its single visit of each tie instead.
 * Growth and social return, which compare two times, are in
 * areas_growth.c.
 */
#include <math.h>
#include <string.h>

#include "areas_internal.h"

#define COL(vals, rows, c) ((vals) + (size_t)(c) * (rows))

/* Scratch of the graph half; every array from one socialcap__mem. */
typedef struct scratch {
	uint32_t n, rows, sectors;
	unsigned threads;
	const socialcap_snapshot *s;
	uint32_t *area;      /* n: area of each actor or NO_AREA */
	uint64_t *tri;       /* n: 2 x triangles at each actor */
	uint32_t *mark;      /* n: stamp of the member whose two-hop walk saw it */
	uint32_t *dep;       /* n: single-link dependents per institution */
	uint32_t *order;     /* n: members by area */
	uint32_t *touched;   /* n: institutions with dep > 0 */
	uint64_t *start;     /* rows + 1: members of area r = order[start[r]..] */
	uint32_t *sec_count; /* sectors: members per sector */
	uint32_t *sec_list;  /* sectors: touched sectors */
	uint8_t *sec_seen;   /* sectors */
	double *tally;       /* TALLY_COUNT * rows */
	uint64_t *sup;       /* threads * rows: supported internal ties per area */
	uint8_t *near;       /* n: institutions within two hops of order[p], 0..2 */
	uint32_t *only;      /* n: the institution when near[p] == 1 */
	uint32_t **marks;    /* threads: marks[0] = mark, then each thread's own */
	uint64_t **tris;     /* threads: tris[0] = tri, then each thread's own */
} scratch;

enum { T_STRENGTH, T_EXTERNAL, T_INTERNAL, TALLY_COUNT };

static size_t nz(size_t count)
{
	return count ? count : 1;
}

#define SCRATCH_ARRAYS(X)                                                      \
	X(area, sc->n) X(tri, sc->n) X(mark, sc->n) X(dep, sc->n)              \
	X(order, sc->n) X(touched, sc->n) X(start, (size_t)sc->rows + 1)       \
	X(sec_count, sc->sectors) X(sec_list, sc->sectors)                     \
	X(sec_seen, sc->sectors) X(tally, (size_t)TALLY_COUNT * sc->rows)     \
	X(sup, (size_t)sc->threads * sc->rows) X(near, sc->n) X(only, sc->n)   \
	X(marks, sc->threads) X(tris, sc->threads)

static void scratch_free(scratch *sc, socialcap__mem *mem)
{
	unsigned t;

	for (t = 1; t < sc->threads && sc->marks != NULL; t++)
		socialcap__mem_free(mem, sc->marks[t], nz(sc->n) * sizeof(**sc->marks));
	for (t = 1; t < sc->threads && sc->tris != NULL; t++)
		socialcap__mem_free(mem, sc->tris[t], nz(sc->n) * sizeof(**sc->tris));
#define FREE_ONE(name, count)                                                  \
	socialcap__mem_free(mem, sc->name, nz(count) * sizeof(*sc->name));
	SCRATCH_ARRAYS(FREE_ONE)
#undef FREE_ONE
}

static int scratch_new(scratch *sc, socialcap__mem *mem)
{
	int ok = 1;
	unsigned t;

#define ALLOC_ONE(name, count)                                                 \
	sc->name = socialcap__mem_calloc(mem, nz(count), sizeof(*sc->name));   \
	ok = ok && sc->name != NULL;
	SCRATCH_ARRAYS(ALLOC_ONE)
#undef ALLOC_ONE
	if (ok) {
		sc->marks[0] = sc->mark;
		sc->tris[0] = sc->tri;
	}
	/* each further thread marks neighbours and counts triangles on its own */
	for (t = 1; ok && t < sc->threads; t++) {
		sc->marks[t] = socialcap__mem_calloc(mem, nz(sc->n), sizeof(**sc->marks));
		sc->tris[t] = socialcap__mem_calloc(mem, nz(sc->n), sizeof(**sc->tris));
		ok = sc->marks[t] != NULL && sc->tris[t] != NULL;
	}
	if (!ok) {
		scratch_free(sc, mem);
		return SOCIALCAP_ENOMEM;
	}
	return SOCIALCAP_OK;
}

static uint32_t group_of(const socialcap_snapshot *s, int32_t group, uint32_t v)
{
	if (group == SOCIALCAP_GROUP_NEIGHBOURHOOD)
		return s->nbh[v];
	if (group == SOCIALCAP_GROUP_KIND)
		return s->kind[v];
	return s->sector[v];
}

/* Tie class (INDICATORS §3): 0 bonding, 1 bridging, 2 linking. */
static int tie_class(const socialcap_snapshot *s, int32_t group, uint32_t u, uint32_t v)
{
	if (s->tier[s->sector[u]] != s->tier[s->sector[v]])
		return 2;
	return group_of(s, group, u) == group_of(s, group, v) ? 0 : 1;
}

/*
 * |N(u) & N(v)|, with N(u) marked in mark[] (stamp u + 1): one scan of
 * v's sorted list, cheaper than a two-list merge because it does half the
 * comparisons and none of the merge's unpredictable branches on order.
 * *support is set when a common neighbour lies in area @p target.
 */
static uint64_t common(const socialcap_snapshot *s, const uint32_t *area,
		       const uint32_t *mark, uint32_t u, uint32_t v, uint32_t target,
		       int *support)
{
	const uint32_t *b = s->adj + s->off[v], *be = s->adj + s->off[v + 1];
	uint64_t c = 0;
	int sup = 0;

	for (; b < be; b++) {
		if (mark[*b] == u + 1) {
			c++;
			sup |= area[*b] == target;
		}
	}
	*support = sup && target != SOCIALCAP__NO_AREA;
	return c;
}

static void add_tie(double *vals, const scratch *sc, uint32_t r, double w, int cls,
		    int same)
{
	uint32_t rows = sc->rows;

	sc->tally[T_STRENGTH * rows + r] += w;
	COL(vals, rows, SOCIALCAP_AREA_BONDING + cls)[r] += w;
	sc->tally[(same ? T_INTERNAL : T_EXTERNAL) * rows + r] += 1;
}

/* Count the common neighbours of tie u-v (N(u) marked in @p mark) into
 * @p tri, and a supported internal tie into @p sup. */
static void count_tie(const scratch *sc, const uint32_t *mark, uint64_t *tri,
		      uint64_t *sup, uint32_t u, uint32_t au, uint32_t v, uint32_t av)
{
	int supported;
	uint64_t c = common(sc->s, sc->area, mark, u, v,
			    au == av ? au : SOCIALCAP__NO_AREA, &supported);

	tri[u] += c;
	tri[v] += c;
	if (supported)
		sup[au]++;
}

/*
 * The counting part of the tie pass for actors [lo, hi) on thread @p t:
 * common neighbours of each tie into the thread's triangle array, and the
 * supported internal ties into the thread's row of sup.
 */
static void tie_count_step(void *ctx, unsigned t, uint64_t lo, uint64_t hi)
{
	scratch *sc = ctx;
	const socialcap_snapshot *s = sc->s;
	uint32_t *mark = sc->marks[t];
	uint64_t *tri = sc->tris[t], *sup = sc->sup + (size_t)t * sc->rows;
	uint32_t u;

	for (u = (uint32_t)lo; u < hi; u++) {
		uint32_t au = sc->area[u];
		uint64_t e;

		for (e = s->off[u]; e < s->off[u + 1]; e++)
			mark[s->adj[e]] = u + 1;
		for (e = s->off[u]; e < s->off[u + 1]; e++) {
			uint32_t v = s->adj[e], av = sc->area[v];

			if (v < u || (au == SOCIALCAP__NO_AREA && av == SOCIALCAP__NO_AREA))
				continue;
			count_tie(sc, mark, tri, sup, u, au, v, av);
		}
	}
}

/* Add the other threads' triangle counts of actors [lo, hi) into tri. */
static void tri_merge_step(void *ctx, unsigned t, uint64_t lo, uint64_t hi)
{
	scratch *sc = ctx;
	uint64_t v;
	unsigned k;

	(void)t;
	for (k = 1; k < sc->threads; k++)
		for (v = lo; v < hi; v++)
			sc->tri[v] += sc->tris[k][v];
}

/*
 * The sums of the tie pass, on the calling thread in tie order. On several
 * threads the counting is done first by tie_count_step(); on one thread it
 * is done here, in the same visit of each tie, which saves a second scan.
 */
static void tie_pass(double *vals, scratch *sc, const socialcap_snapshot *s, int32_t group)
{
	uint32_t rows = sc->rows, u, r;
	const int fused = sc->threads == 1;
	unsigned t;

	if (!fused) {
		socialcap__areas_run(sc->threads, s->n, tie_count_step, sc);
		socialcap__areas_run(sc->threads, s->n, tri_merge_step, sc);
	}
	for (u = 0; u < s->n; u++) {
		uint64_t e;

		for (e = s->off[u]; fused && e < s->off[u + 1]; e++)
			sc->mark[s->adj[e]] = u + 1;
		for (e = s->off[u]; e < s->off[u + 1]; e++) {
			uint32_t v = s->adj[e], au = sc->area[u], av = sc->area[v];
			int cls, same;

			if (v < u || (au == SOCIALCAP__NO_AREA && av == SOCIALCAP__NO_AREA))
				continue;
			if (fused)
				count_tie(sc, sc->mark, sc->tri, sc->sup, u, au, v, av);
			cls = tie_class(s, group, u, v);
			same = group_of(s, group, u) == group_of(s, group, v);
			if (au == av) {
				COL(vals, rows, SOCIALCAP_AREA_TIES_INTERNAL)[au] += 1;
				add_tie(vals, sc, au, s->w[e], cls, same);
				continue;
			}
			if (au != SOCIALCAP__NO_AREA) {
				COL(vals, rows, SOCIALCAP_AREA_TIES_BOUNDARY)[au] += 1;
				add_tie(vals, sc, au, s->w[e], cls, same);
			}
			if (av != SOCIALCAP__NO_AREA) {
				COL(vals, rows, SOCIALCAP_AREA_TIES_BOUNDARY)[av] += 1;
				add_tie(vals, sc, av, s->w[e], cls, same);
			}
		}
	}
	for (r = 0; r < rows; r++) {
		uint64_t supported = 0;

		for (t = 0; t < sc->threads; t++)
			supported += sc->sup[(size_t)t * rows + r];
		COL(vals, rows, SOCIALCAP_AREA_SUPPORT_RATIO)[r] = (double)supported;
	}
}

void socialcap__areas_group(const uint32_t *area, uint32_t n, uint32_t rows,
			   uint32_t *order, uint64_t *start)
{
	uint32_t v, r;

	for (v = 0; v < n; v++)
		if (area[v] != SOCIALCAP__NO_AREA)
			start[area[v] + 1]++;
	for (r = 0; r < rows; r++)
		start[r + 1] += start[r];
	for (v = 0; v < n; v++)
		if (area[v] != SOCIALCAP__NO_AREA)
			order[start[area[v]]++] = v;
	for (r = rows; r > 0; r--)
		start[r] = start[r - 1];
	start[0] = 0;
}

/* Share of actors with status >= 0.5 among those with a known status. */
static double high_share(const socialcap_snapshot *s)
{
	uint32_t v, known = 0, high = 0;

	for (v = 0; v < s->n; v++) {
		if (isnan(s->status[v]))
			continue;
		known++;
		high += s->status[v] >= 0.5;
	}
	return known > 0 ? (double)high / known : NAN;
}

/* Per-actor economic connectedness (INDICATORS §4). */
static double actor_ec(const socialcap_snapshot *s, uint32_t v, double pi_high)
{
	uint32_t known = 0, high = 0;
	uint64_t e;

	if (isnan(s->status[v]) || !(pi_high > 0))
		return NAN;
	for (e = s->off[v]; e < s->off[v + 1]; e++) {
		double st = s->status[s->adj[e]];

		if (isnan(st))
			continue;
		known++;
		high += st >= 0.5;
	}
	return known > 0 ? ((double)high / known) / pi_high : NAN;
}

/*
 * Distinct institutions within two hops of @p v (v itself included),
 * stopping at two; *only is the institution when there is exactly one.
 */
static uint32_t institutions_near(const socialcap_snapshot *s, uint32_t *mark, uint32_t v,
				  uint32_t stamp, uint32_t *only)
{
	uint32_t count = 0;
	uint64_t e, f;

#define SEE(x)                                                                 \
	do {                                                                   \
		uint32_t x_ = (x);                                             \
		if (mark[x_] != stamp && socialcap__snap_is_institution(s, x_)) { \
			mark[x_] = stamp;                                      \
			if (count++ == 0)                                      \
				*only = x_;                                    \
			if (count >= 2)                                        \
				return count;                                  \
		}                                                              \
	} while (0)
	SEE(v);
	for (e = s->off[v]; e < s->off[v + 1]; e++)
		SEE(s->adj[e]);
	for (e = s->off[v]; e < s->off[v + 1]; e++) {
		uint32_t j = s->adj[e];

		for (f = s->off[j]; f < s->off[j + 1]; f++)
			SEE(s->adj[f]);
	}
#undef SEE
	return count;
}

static void touch_sector(scratch *sc, uint32_t *ns, uint32_t k)
{
	if (!sc->sec_seen[k]) {
		sc->sec_seen[k] = 1;
		sc->sec_list[(*ns)++] = k;
	}
}

/* Per-area running sums of the member pass. */
typedef struct area_sums {
	double clust, ec, reach, single, part;
	uint32_t clust_n, ec_n, touched, ns;
} area_sums;

/* Institutions within two hops of the members order[lo, hi), thread @p t. */
static void near_step(void *ctx, unsigned t, uint64_t lo, uint64_t hi)
{
	scratch *sc = ctx;
	uint64_t p;

	/* the stamp p + 1 is unique to the member, whichever thread takes it */
	for (p = lo; p < hi; p++) {
		uint32_t only = 0;

		sc->near[p] = (uint8_t)institutions_near(sc->s, sc->marks[t], sc->order[p],
							 (uint32_t)p + 1, &only);
		sc->only[p] = only;
	}
}

static void visit_member(area_sums *a, scratch *sc, const socialcap_snapshot *now,
			 uint64_t p, double pi_high, int64_t from)
{
	uint32_t v = sc->order[p];
	uint64_t k = now->off[v + 1] - now->off[v];
	uint32_t only = sc->only[p], near = sc->near[p];
	double ec;

	if (k >= 2) {
		a->clust += (double)sc->tri[v] / ((double)k * (double)(k - 1));
		a->clust_n++;
	}
	touch_sector(sc, &a->ns, now->sector[v]);
	sc->sec_count[now->sector[v]]++;
	if (now->status[v] < 0.5) {
		ec = actor_ec(now, v, pi_high);
		if (!isnan(ec)) {
			a->ec += ec;
			a->ec_n++;
		}
	}
	a->reach += near >= 1;
	a->single += near == 1;
	if (near == 1 && sc->dep[only]++ == 0)
		sc->touched[a->touched++] = only;
	a->part += socialcap__snap_events_in(now, v, from, now->opts.time) > 0;
}

/* Blau over the members' sectors; resets the sector arrays. */
static void close_sectors(double *vals, scratch *sc, uint32_t r, const area_sums *a,
			  double n_r)
{
	uint32_t i;
	double sum2 = 0;

	for (i = 0; i < a->ns; i++) {
		uint32_t k = sc->sec_list[i];

		sum2 += ((double)sc->sec_count[k] / n_r) * ((double)sc->sec_count[k] / n_r);
		sc->sec_count[k] = 0;
		sc->sec_seen[k] = 0;
	}
	COL(vals, sc->rows, SOCIALCAP_AREA_BLAU_SECTORS)[r] = n_r > 0 ? 1 - sum2 : NAN;
}

/* The key institution: most single-link dependents, then lowest index. */
static void close_institutions(double *vals, scratch *sc, uint32_t r, const area_sums *a)
{
	uint32_t rows = sc->rows, i, best = SOCIALCAP__NO_AREA, most = 0;

	for (i = 0; i < a->touched; i++) {
		uint32_t x = sc->touched[i];

		if (sc->dep[x] > most || (sc->dep[x] == most && x < best)) {
			most = sc->dep[x];
			best = x;
		}
		sc->dep[x] = 0;
	}
	COL(vals, rows, SOCIALCAP_AREA_KEY_INSTITUTION)[r] =
		best == SOCIALCAP__NO_AREA ? NAN : (double)best;
	COL(vals, rows, SOCIALCAP_AREA_KEY_DEPENDENTS)[r] = most;
}

static double ratio(double num, double den)
{
	return den > 0 ? num / den : NAN;
}

/* Turn the tie pass's sums into shares and ratios for area @p r. */
static void close_ties(double *vals, const scratch *sc, uint32_t r, double n_r)
{
	uint32_t rows = sc->rows;
	double internal = COL(vals, rows, SOCIALCAP_AREA_TIES_INTERNAL)[r];
	double total = sc->tally[T_STRENGTH * rows + r];
	double e = sc->tally[T_EXTERNAL * rows + r], i = sc->tally[T_INTERNAL * rows + r];
	int c;

	COL(vals, rows, SOCIALCAP_AREA_DENSITY)[r] = ratio(internal, n_r * (n_r - 1) / 2);
	COL(vals, rows, SOCIALCAP_AREA_SUPPORT_RATIO)[r] =
		ratio(COL(vals, rows, SOCIALCAP_AREA_SUPPORT_RATIO)[r], internal);
	for (c = 0; c < 3; c++)
		COL(vals, rows, SOCIALCAP_AREA_BONDING + c)[r] =
			ratio(COL(vals, rows, SOCIALCAP_AREA_BONDING + c)[r], total);
	COL(vals, rows, SOCIALCAP_AREA_EI_INDEX)[r] = ratio(e - i, e + i);
}

static void member_pass(double *vals, scratch *sc, const socialcap_snapshot *now,
			int64_t window)
{
	int64_t t = now->opts.time;
	int64_t from = t < INT64_MIN + window ? INT64_MIN : t - window;
	double pi_high = high_share(now);
	uint32_t rows = sc->rows, r;
	unsigned k;

	/* the tie pass left its stamps in the marks */
	for (k = 0; k < sc->threads && sc->n > 0; k++)
		memset(sc->marks[k], 0, (size_t)sc->n * sizeof(*sc->marks[k]));
	socialcap__areas_run(sc->threads, sc->start[rows], near_step, sc);
	for (r = 0; r < rows; r++) {
		area_sums a;
		uint64_t p;
		double n_r = (double)(sc->start[r + 1] - sc->start[r]);

		memset(&a, 0, sizeof(a));
		for (p = sc->start[r]; p < sc->start[r + 1]; p++)
			visit_member(&a, sc, now, p, pi_high, from);
		COL(vals, rows, SOCIALCAP_AREA_RESIDENTS)[r] = n_r;
		COL(vals, rows, SOCIALCAP_AREA_CLUSTERING)[r] = ratio(a.clust, a.clust_n);
		COL(vals, rows, SOCIALCAP_AREA_EC)[r] = ratio(a.ec, a.ec_n);
		COL(vals, rows, SOCIALCAP_AREA_INSTITUTION_REACH)[r] = ratio(a.reach, n_r);
		COL(vals, rows, SOCIALCAP_AREA_SINGLE_LINK_SHARE)[r] = ratio(a.single, a.reach);
		COL(vals, rows, SOCIALCAP_AREA_PARTICIPATION_RATE)[r] = ratio(a.part, n_r);
		close_sectors(vals, sc, r, &a, n_r);
		close_institutions(vals, sc, r, &a);
		close_ties(vals, sc, r, n_r);
	}
}

int socialcap__areas_graph_fill(double *vals, uint32_t rows,
				const socialcap_snapshot *now, socialcap__mem *mem,
				const socialcap_areas_options *o)
{
	scratch sc;
	uint32_t v, c;

	memset(&sc, 0, sizeof(sc));
	sc.n = now->n;
	sc.rows = rows;
	sc.sectors = now->sector_count;
	sc.threads = socialcap__areas_threads(o->threads, sc.n);
	sc.s = now;
	if (scratch_new(&sc, mem) != 0)
		return SOCIALCAP_ENOMEM;
	for (v = 0; v < sc.n; v++)
		sc.area[v] = socialcap__area_of(now->net, o->areas, v);
	for (c = 0; c < SOCIALCAP_AREA_COLUMN_COUNT; c++)
		for (v = 0; v < rows; v++)
			COL(vals, rows, c)[v] = 0;
	tie_pass(vals, &sc, now, o->group);
	socialcap__areas_group(sc.area, sc.n, rows, sc.order, sc.start);
	member_pass(vals, &sc, now, o->window);
	scratch_free(&sc, mem);
	return SOCIALCAP_OK;
}
