/*
 * Area indicators on a compact graph: the columns of the area table
 * (docs/areas.md, lib/areas_graph.c) that take time linear in the ties,
 * with the same definitions, and the components of the whole graph.
 *
 * Members, tie classes and groups follow lib/areas_graph.c: a member of a
 * neighbourhood row is a resident living there, of a sector row any actor
 * of the sector; an institution is an actor whose sector has tier > 0; a
 * tie is linking when the tiers of its ends differ, else bonding when the
 * ends are in the same group, else bridging. The strength of a tie is its
 * summed weight, or in an unweighted graph its number of layers (the
 * strength a snapshot gives the same ties declared with weight 1).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compact_internal.h"
#include "errors.h"

#define NO_AREA UINT32_MAX
#define NONE UINT32_MAX

static size_t nz(size_t count)
{
	return count > 0 ? count : 1;
}

static int report(socialcap_error *err, int status, const char *what)
{
	if (err != NULL) {
		socialcap_error_clear(err);
		err->status = status;
		socialcap__copy_text(err->message, sizeof(err->message), what);
	}
	return status;
}

int socialcap_compact_areas_options_init(socialcap_compact_areas_options *opts,
					 unsigned int version)
{
	const socialcap_compact_areas_options d = SOCIALCAP_COMPACT_AREAS_OPTIONS_INIT;

	if (opts == NULL)
		return SOCIALCAP_EINVAL;
	if (version != SOCIALCAP_COMPACT_AREAS_OPTIONS_VERSION)
		return SOCIALCAP_EVERSION;
	*opts = d;
	return SOCIALCAP_OK;
}

uint32_t socialcap_compact_area_count(const socialcap_compact *g, int32_t areas)
{
	if (g == NULL)
		return 0;
	return areas == 1 ? g->at.sectors : g->at.nbhs;
}

static int check_args(const socialcap_compact *g, const socialcap_compact_areas_options *o,
		      const socialcap_compact_area *rows, uint32_t count,
		      socialcap_error *err)
{
	char msg[160];

	if (g == NULL || o == NULL || (rows == NULL && count > 0))
		return report(err, SOCIALCAP_EINVAL, "compact areas: NULL argument");
	if (o->version != SOCIALCAP_COMPACT_AREAS_OPTIONS_VERSION)
		return report(err, SOCIALCAP_EVERSION, "compact areas: unknown options version");
	if (o->areas < 0 || o->areas > 1 || o->group < 0 || o->group > 2)
		return report(err, SOCIALCAP_EINVAL,
			      "compact areas: areas must be 0 or 1, group 0, 1 or 2");
	if (count != socialcap_compact_area_count(g, o->areas)) {
		snprintf(msg, sizeof(msg), "compact areas: %u rows given, the graph has %u",
			 count, socialcap_compact_area_count(g, o->areas));
		return report(err, SOCIALCAP_EINVAL, msg);
	}
	return SOCIALCAP_OK;
}

static uint32_t area_of(const socialcap__compact_attr *at, int32_t areas, uint32_t v)
{
	if (areas == 1)
		return at->sector[v];
	return at->kind[v] == 0 ? at->nbh[v] : NO_AREA;
}

static uint32_t group_of(const socialcap__compact_attr *at, int32_t group, uint32_t v)
{
	if (group == 1)
		return at->nbh[v];
	if (group == 2)
		return at->kind[v];
	return at->sector[v];
}

static int is_institution(const socialcap__compact_attr *at, uint32_t v)
{
	return at->tier[at->sector[v]] > 0;
}

static double ratio(double num, double den)
{
	return den > 0 ? num / den : NAN;
}

/* Members grouped by area: order[start[r] .. start[r + 1]). */
static void group_members(const socialcap_compact *g, int32_t areas, uint32_t rows,
			  uint32_t *order, uint64_t *start)
{
	uint32_t v, r;

	memset(start, 0, ((size_t)rows + 1) * sizeof(*start));
	for (v = 0; v < g->at.n; v++) {
		uint32_t a = area_of(&g->at, areas, v);

		if (a != NO_AREA)
			start[a + 1]++;
	}
	for (r = 0; r < rows; r++)
		start[r + 1] += start[r];
	for (v = 0; v < g->at.n; v++) {
		uint32_t a = area_of(&g->at, areas, v);

		if (a != NO_AREA)
			order[start[a]++] = v;
	}
	for (r = rows; r > 0; r--)
		start[r] = start[r - 1];
	start[0] = 0;
}

/* A pass that fills rows[0 .. count) from the members grouped by area
 * (order, start), taking its own scratch from mem. */
typedef int (*rows_pass)(const socialcap_compact *g, const socialcap_compact_areas_options *o,
			 socialcap__mem *mem, const uint32_t *order, const uint64_t *start,
			 socialcap_compact_area *rows, uint32_t count, socialcap_error *err);

/* What the row functions share: the default options, the argument checks,
 * the members grouped by area and their scratch; @p what names that
 * scratch in the out-of-memory message. The rows change only on success
 * of the pass. */
static int fill_rows(const socialcap_compact *g, const socialcap_compact_areas_options *opts,
		     socialcap_compact_area *rows, uint32_t count, socialcap_error *err,
		     rows_pass pass, const char *what)
{
	const socialcap_compact_areas_options d = SOCIALCAP_COMPACT_AREAS_OPTIONS_INIT;
	const socialcap_compact_areas_options *o = opts != NULL ? opts : &d;
	socialcap__mem mem;
	uint32_t *order;
	uint64_t *start;
	int rc = check_args(g, o, rows, count, err);

	if (rc != 0)
		return rc;
	mem = g->mem;
	order = socialcap__mem_alloc(&mem, nz(g->at.n) * sizeof(*order));
	start = socialcap__mem_alloc(&mem, ((size_t)count + 1) * sizeof(*start));
	if (order == NULL || start == NULL) {
		rc = report(err, SOCIALCAP_ENOMEM, what);
	} else {
		group_members(g, o->areas, count, order, start);
		rc = pass(g, o, &mem, order, start, rows, count, err);
	}
	socialcap__mem_free(&mem, order, nz(g->at.n) * sizeof(*order));
	socialcap__mem_free(&mem, start, ((size_t)count + 1) * sizeof(*start));
	return rc;
}

/* ------------------------------------------------------------------ ties */

/* Per-area sums of the tie pass. */
typedef struct tie_sums {
	double strength, cls[3], ext, in;
	uint64_t internal, boundary;
} tie_sums;

static void add_tie(tie_sums *t, double w, int cls, int same)
{
	t->strength += w;
	t->cls[cls] += w;
	if (same)
		t->in += 1;
	else
		t->ext += 1;
}

static void tie_pass(const socialcap_compact *g, int32_t areas, int32_t group,
		     tie_sums *sums)
{
	const socialcap__compact_attr *at = &g->at;
	uint32_t u;

	for (u = 0; u < at->n; u++) {
		uint32_t au = area_of(at, areas, u), gu = group_of(at, group, u);
		int32_t tu = at->tier[at->sector[u]];
		uint64_t e;

		for (e = g->off[u]; e < g->off[u + 1]; e++) {
			uint32_t v = g->adj[e], av;
			int cls, same;
			double w;

			if (v < u)
				continue;
			av = area_of(at, areas, v);
			if (au == NO_AREA && av == NO_AREA)
				continue;
			w = socialcap__compact_strength(g, e);
			same = gu == group_of(at, group, v);
			cls = tu != at->tier[at->sector[v]] ? 2 : same ? 0 : 1;
			if (au == av) {
				sums[au].internal++;
				add_tie(&sums[au], w, cls, same);
				continue;
			}
			if (au != NO_AREA) {
				sums[au].boundary++;
				add_tie(&sums[au], w, cls, same);
			}
			if (av != NO_AREA) {
				sums[av].boundary++;
				add_tie(&sums[av], w, cls, same);
			}
		}
	}
}

static void suppress(socialcap_compact_area *row, uint32_t n, uint32_t min_cell)
{
	row->residents = n;
	row->suppressed = n < min_cell;
}

static const char ties_scratch[] = "out of memory for the scratch of compact area ties";

static int ties_rows(const socialcap_compact *g, const socialcap_compact_areas_options *o,
		     socialcap__mem *mem, const uint32_t *order, const uint64_t *start,
		     socialcap_compact_area *rows, uint32_t count, socialcap_error *err)
{
	tie_sums *sums;
	uint32_t *sec_count;
	uint32_t r;
	int rc = SOCIALCAP_OK;

	sums = socialcap__mem_calloc(mem, nz(count), sizeof(*sums));
	sec_count = socialcap__mem_calloc(mem, nz(g->at.sectors), sizeof(*sec_count));
	if (sums == NULL || sec_count == NULL) {
		rc = report(err, SOCIALCAP_ENOMEM, ties_scratch);
		goto done;
	}
	tie_pass(g, o->areas, o->group, sums);
	for (r = 0; r < count; r++) {
		socialcap_compact_area *row = &rows[r];
		const tie_sums *t = &sums[r];
		uint32_t n = (uint32_t)(start[r + 1] - start[r]);
		double deg = 0, str = 0, sum2 = 0, nd = n;
		uint64_t p, e;
		int c;

		for (p = start[r]; p < start[r + 1]; p++) {
			uint32_t v = order[p];

			deg += (double)(g->off[v + 1] - g->off[v]);
			for (e = g->off[v]; e < g->off[v + 1]; e++)
				str += socialcap__compact_strength(g, e);
			sec_count[g->at.sector[v]]++;
		}
		/* second walk: the squares, resetting the counts */
		for (p = start[r]; p < start[r + 1]; p++) {
			uint32_t k = g->at.sector[order[p]];

			if (sec_count[k] > 0) {
				sum2 += ((double)sec_count[k] / nd) * ((double)sec_count[k] / nd);
				sec_count[k] = 0;
			}
		}
		suppress(row, n, o->min_cell);
		if (row->suppressed) {
			row->ties_internal = row->ties_boundary = 0;
			row->density = row->degree_mean = row->strength_mean = NAN;
			row->relational_stock = row->bonding = row->bridging = NAN;
			row->linking = row->ei_index = row->blau_sectors = NAN;
			continue;
		}
		row->ties_internal = t->internal;
		row->ties_boundary = t->boundary;
		row->density = ratio((double)t->internal, nd * (nd - 1) / 2);
		row->degree_mean = ratio(deg, nd);
		row->strength_mean = ratio(str, nd);
		row->relational_stock = t->strength;
		for (c = 0; c < 3; c++)
			(&row->bonding)[c] = ratio(t->cls[c], t->strength);
		row->ei_index = ratio(t->ext - t->in, t->ext + t->in);
		row->blau_sectors = n > 0 ? 1 - sum2 : NAN;
	}
done:
	socialcap__mem_free(mem, sums, nz(count) * sizeof(*sums));
	socialcap__mem_free(mem, sec_count, nz(g->at.sectors) * sizeof(*sec_count));
	return rc;
}

/* ----------------------------------------------------------------- reach */

/* Add institution x to the capped set {s[0], s[1]}. */
static void see(uint32_t *s, uint32_t x)
{
	if (s[0] == NONE)
		s[0] = x;
	else if (s[0] != x && s[1] == NONE)
		s[1] = x;
}

/* near[2v], near[2v + 1]: up to two distinct institutions among v and its
 * neighbours. */
static void one_hop(const socialcap_compact *g, uint32_t *near)
{
	uint32_t v;

	for (v = 0; v < g->at.n; v++) {
		uint32_t *s = near + 2 * (size_t)v;
		uint64_t e;

		s[0] = s[1] = NONE;
		if (is_institution(&g->at, v))
			s[0] = v;
		for (e = g->off[v]; e < g->off[v + 1] && s[1] == NONE; e++)
			if (is_institution(&g->at, g->adj[e]))
				see(s, g->adj[e]);
	}
}

/* Institutions within two hops of v, capped at two: v's own set and its
 * neighbours' sets. Returns the count; *only the one when 1. */
static uint32_t two_hop(const socialcap_compact *g, const uint32_t *near, uint32_t v,
			uint32_t *only)
{
	uint32_t s[2];
	uint64_t e;

	s[0] = near[2 * (size_t)v];
	s[1] = near[2 * (size_t)v + 1];
	for (e = g->off[v]; e < g->off[v + 1] && s[1] == NONE; e++) {
		const uint32_t *t = near + 2 * (size_t)g->adj[e];

		if (t[0] != NONE)
			see(s, t[0]);
		if (t[1] != NONE)
			see(s, t[1]);
	}
	*only = s[0];
	return s[0] == NONE ? 0u : s[1] == NONE ? 1u : 2u;
}

static const char reach_scratch[] =
	"out of memory for the scratch of compact institution reach";

static int reach_rows(const socialcap_compact *g, const socialcap_compact_areas_options *o,
		      socialcap__mem *mem, const uint32_t *order, const uint64_t *start,
		      socialcap_compact_area *rows, uint32_t count, socialcap_error *err)
{
	uint32_t *near, *dep, *touched;
	uint32_t r;
	int rc = SOCIALCAP_OK;

	near = socialcap__mem_alloc(mem, 2 * nz(g->at.n) * sizeof(*near));
	dep = socialcap__mem_calloc(mem, nz(g->at.n), sizeof(*dep));
	touched = socialcap__mem_alloc(mem, nz(g->at.n) * sizeof(*touched));
	if (near == NULL || dep == NULL || touched == NULL) {
		rc = report(err, SOCIALCAP_ENOMEM, reach_scratch);
		goto done;
	}
	one_hop(g, near);
	for (r = 0; r < count; r++) {
		socialcap_compact_area *row = &rows[r];
		uint32_t n = (uint32_t)(start[r + 1] - start[r]), nt = 0, i;
		uint32_t best = NONE, most = 0;
		double within1 = 0, reach = 0, single = 0;
		uint64_t p;

		for (p = start[r]; p < start[r + 1]; p++) {
			uint32_t v = order[p], only = NONE, c;

			within1 += near[2 * (size_t)v] != NONE;
			c = two_hop(g, near, v, &only);
			reach += c >= 1;
			single += c == 1;
			if (c == 1 && dep[only]++ == 0)
				touched[nt++] = only;
		}
		for (i = 0; i < nt; i++) {
			uint32_t x = touched[i], deps = dep[x];

			/* most dependents, then the lowest index */
			if (deps > most || (deps == most && x < best)) {
				most = deps;
				best = x;
			}
			dep[x] = 0;
		}
		suppress(row, n, o->min_cell);
		if (row->suppressed) {
			row->institution_within_1 = row->institution_reach = NAN;
			row->single_link_share = row->key_institution = NAN;
			row->key_dependents = 0;
			continue;
		}
		row->institution_within_1 = ratio(within1, n);
		row->institution_reach = ratio(reach, n);
		row->single_link_share = ratio(single, reach);
		row->key_institution = best == NONE ? NAN : (double)best;
		row->key_dependents = most;
	}
done:
	socialcap__mem_free(mem, near, 2 * nz(g->at.n) * sizeof(*near));
	socialcap__mem_free(mem, dep, nz(g->at.n) * sizeof(*dep));
	socialcap__mem_free(mem, touched, nz(g->at.n) * sizeof(*touched));
	return rc;
}

/* ------------------------------------------------------------ the rows */

int socialcap_compact_areas_ties(const socialcap_compact *g,
				 const socialcap_compact_areas_options *opts,
				 socialcap_compact_area *rows, uint32_t count,
				 socialcap_error *err)
{
	return fill_rows(g, opts, rows, count, err, ties_rows, ties_scratch);
}

int socialcap_compact_areas_reach(const socialcap_compact *g,
				  const socialcap_compact_areas_options *opts,
				  socialcap_compact_area *rows, uint32_t count,
				  socialcap_error *err)
{
	return fill_rows(g, opts, rows, count, err, reach_rows, reach_scratch);
}

/* ------------------------------------------------------------ components */

static uint32_t find(uint32_t *parent, uint32_t v)
{
	while (parent[v] != v) {
		parent[v] = parent[parent[v]]; /* path halving */
		v = parent[v];
	}
	return v;
}

int socialcap_compact_components(const socialcap_compact *g, uint32_t *components,
				 uint32_t *largest, socialcap_error *err)
{
	socialcap__mem mem;
	uint32_t *parent, *size, v, count = 0, big = 0;

	if (g == NULL || components == NULL || largest == NULL)
		return report(err, SOCIALCAP_EINVAL, "compact components: NULL argument");
	mem = g->mem;
	parent = socialcap__mem_alloc(&mem, nz(g->at.n) * sizeof(*parent));
	size = socialcap__mem_calloc(&mem, nz(g->at.n), sizeof(*size));
	if (parent == NULL || size == NULL) {
		socialcap__mem_free(&mem, parent, nz(g->at.n) * sizeof(*parent));
		socialcap__mem_free(&mem, size, nz(g->at.n) * sizeof(*size));
		return report(err, SOCIALCAP_ENOMEM,
			      "out of memory for the scratch of compact components");
	}
	for (v = 0; v < g->at.n; v++)
		parent[v] = v;
	for (v = 0; v < g->at.n; v++) {
		uint64_t e;

		for (e = g->off[v]; e < g->off[v + 1]; e++) {
			uint32_t a, b;

			if (g->adj[e] < v)
				continue;
			a = find(parent, v);
			b = find(parent, g->adj[e]);
			if (a < b)
				parent[b] = a;
			else if (b < a)
				parent[a] = b;
		}
	}
	for (v = 0; v < g->at.n; v++) {
		uint32_t root = find(parent, v);

		if (root == v)
			count++;
		if (++size[root] > big)
			big = size[root];
	}
	socialcap__mem_free(&mem, parent, nz(g->at.n) * sizeof(*parent));
	socialcap__mem_free(&mem, size, nz(g->at.n) * sizeof(*size));
	*components = count;
	*largest = big;
	return SOCIALCAP_OK;
}
