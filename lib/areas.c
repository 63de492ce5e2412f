/*
 * Area aggregates: options, the compute driver, the results table and its
 * text accessors. The numbers come from areas_graph.c and areas_ledger.c.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas_internal.h"
#include "results_internal.h"

static const char *const column_names[SOCIALCAP_AREA_COLUMN_COUNT] = {
	"residents", "suppressed", "ties_internal", "ties_boundary", "density",
	"clustering", "support_ratio", "bonding", "bridging", "linking",
	"ei_index", "blau_sectors", "ec", "institution_reach",
	"single_link_share", "key_institution", "key_institution_dependents",
	"participation_rate", "investment_flow", "invested_stock",
	"portfolio_hhi", "portfolio_effective", "new_investors", "growth_fund",
	"growth_rate", "social_return", "relational_stock",
};

/* A version-1 struct ends where `columns` begins, a version-2 one where
 * `threads` begins. */
#define V1_SIZE offsetof(socialcap_areas_options, columns)
#define V2_SIZE offsetof(socialcap_areas_options, threads)

/* Bytes of the caller's struct of version @p version; 0 if unknown. */
static size_t version_size(unsigned int version)
{
	if (version == 1)
		return V1_SIZE;
	if (version == 2)
		return V2_SIZE;
	if (version == SOCIALCAP_AREAS_OPTIONS_VERSION)
		return sizeof(socialcap_areas_options);
	return 0;
}

int socialcap_areas_options_init(socialcap_areas_options *opts, unsigned int version)
{
	const socialcap_areas_options defaults = SOCIALCAP_AREAS_OPTIONS_INIT;

	size_t size = version_size(version);

	if (opts == NULL)
		return SOCIALCAP_EINVAL;
	if (size == 0)
		return SOCIALCAP_EVERSION;
	memcpy(opts, &defaults, size);
	opts->version = version;
	return SOCIALCAP_OK;
}

int socialcap__areas_check(socialcap_network *net, const socialcap_areas_options *in,
			   socialcap_areas_options *o)
{
	const socialcap_areas_options defaults = SOCIALCAP_AREAS_OPTIONS_INIT;

	size_t size = version_size(in->version);

	/* read only the fields the caller's version has */
	if (size == 0)
		return socialcap__net_fail(net, SOCIALCAP_EVERSION,
					   "areas options: unknown version %u", in->version);
	*o = defaults;
	memcpy(o, in, size);
	if (o->threads > 1024)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "areas options: threads must be 0 to 1024, not %u",
					   o->threads);
	if ((o->columns >> SOCIALCAP_AREA_COLUMN_COUNT) != 0)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "areas options: columns has an unknown column bit "
					   "(0x%08x)", (unsigned)o->columns);
	if (o->areas != SOCIALCAP_AREAS_NEIGHBOURHOODS && o->areas != SOCIALCAP_AREAS_SECTORS)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "areas options: areas must be neighbourhoods (0) "
					   "or sectors (1), not %d", (int)o->areas);
	if (o->group < SOCIALCAP_GROUP_SECTOR || o->group > SOCIALCAP_GROUP_KIND)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "areas options: unknown group attribute %d",
					   (int)o->group);
	if (o->window <= 0)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "areas options: window must be > 0 seconds");
	if (o->half_life_invest < 0)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "areas options: half_life_invest must be >= 0");
	return SOCIALCAP_OK;
}

int socialcap__areas_snapshot_at(socialcap_snapshot **out, const socialcap_snapshot *like,
				 int64_t t)
{
	socialcap_snapshot_options so = like->opts;

	if (t == SOCIALCAP_TIME_NONE)
		return socialcap__net_fail(like->net, SOCIALCAP_EINVAL,
					   "areas: t - window is before the earliest time");
	if (like->net->ties_released)
		return socialcap__net_fail(like->net, SOCIALCAP_EINVAL,
					   "areas: the growth columns need the graph at "
					   "t - window, but " SOCIALCAP__TIES_RELEASED);
	so.time = t;
	return socialcap_snapshot_build(out, like->net, &so);
}

void socialcap__areas_suppress(double *vals, uint32_t rows, const socialcap_areas_options *o)
{
	uint32_t r, c;

	for (r = 0; r < rows; r++) {
		int small = vals[r] < (double)o->min_cell;

		vals[(size_t)SOCIALCAP_AREA_SUPPRESSED * rows + r] = small;
		if (!small)
			continue;
		for (c = SOCIALCAP_AREA_SUPPRESSED + 1; c < SOCIALCAP_AREA_COLUMN_COUNT; c++)
			vals[(size_t)c * rows + r] = NAN;
	}
}

static int echo_options(socialcap_results *res, const socialcap_snapshot *now,
			const socialcap_areas_options *o)
{
	const socialcap_snapshot_options *so = &now->opts;
	char name[SOCIALCAP__OPTION_NAME_SIZE];
	int rc = 0;
	uint32_t k;

#define ECHO(label, value)                                                     \
	if (rc == 0)                                                           \
		rc = socialcap__results_echo(res, (label), (double)(value))
	ECHO("time", so->time);
	ECHO("areas", o->areas);
	ECHO("group", o->group);
	ECHO("window", o->window);
	ECHO("min_cell", o->min_cell);
	ECHO("half_life_invest", o->half_life_invest);
	if (o->columns != 0)
		ECHO("columns", o->columns);
	ECHO("half_life_physical", so->half_life_physical);
	ECHO("half_life_digital", so->half_life_digital);
	ECHO("half_life_event", so->half_life_event);
	ECHO("theta", so->theta);
	ECHO("max_clique_event", so->max_clique_event);
	for (k = 0; k < so->layer_half_life_count && rc == 0; k++) {
		snprintf(name, sizeof(name), "layer_half_life_%u", (unsigned)k);
		ECHO(name, so->layer_half_lives[k]);
	}
#undef ECHO
	return rc;
}

int socialcap__areas_table(socialcap_results **out, double *vals, uint32_t rows,
			   const socialcap_snapshot *now, const socialcap_areas_options *o)
{
	socialcap__mem mem = now->mem;
	socialcap_results *res = NULL;
	size_t bytes = (size_t)rows * SOCIALCAP_AREA_COLUMN_COUNT * sizeof(*vals);
	int rc;

	rc = socialcap__results_new(&res, &now->mem.allocator, now->net,
				    o->areas == SOCIALCAP_AREAS_SECTORS
					    ? SOCIALCAP_ROWS_SECTORS
					    : SOCIALCAP_ROWS_NEIGHBOURHOODS,
				    rows, SOCIALCAP_AREA_COLUMN_COUNT, column_names);
	if (rc == 0 && rows > 0)
		memcpy(socialcap__results_col(res, 0), vals, bytes);
	if (rc == 0)
		rc = echo_options(res, now, o);
	socialcap__mem_free(&mem, vals, bytes ? bytes : sizeof(*vals));
	if (rc != 0) {
		socialcap_results_free(res);
		return rc;
	}
	*out = res;
	return SOCIALCAP_OK;
}

/* social_return = relational stock change / flow (NaN without flow);
 * then small cells, then the columns not wanted. */
void socialcap__areas_finish(double *vals, uint32_t rows, const socialcap_areas_options *o)
{
	double *sr = vals + (size_t)SOCIALCAP_AREA_SOCIAL_RETURN * rows;
	const double *flow = vals + (size_t)SOCIALCAP_AREA_INVESTMENT_FLOW * rows;
	uint32_t r, c;

	for (r = 0; r < rows; r++)
		sr[r] = flow[r] > 0 ? sr[r] / flow[r] : NAN;
	socialcap__areas_suppress(vals, rows, o);
	for (c = SOCIALCAP_AREA_SUPPRESSED + 1; c < SOCIALCAP_AREA_COLUMN_COUNT; c++)
		if (!socialcap__areas_wants(o, SOCIALCAP_AREA_COLUMN_BIT(c)))
			for (r = 0; r < rows; r++)
				vals[(size_t)c * rows + r] = NAN;
}

/*
 * Summary of the ties at t - window, from a snapshot built for it, or from
 * @p now itself when its graph is the same at every time
 * (socialcap_snapshot_timeless(): ties without a time count from the
 * beginning and never decay, so the graph at t - window is the graph at t).
 */
static int summary_before(socialcap__area_summary *out, socialcap__mem *mem,
			  const socialcap_snapshot *now, const socialcap_areas_options *o,
			  uint32_t rows)
{
	socialcap_snapshot *before = NULL;
	int64_t t = now->opts.time;
	int rc;

	if (t >= INT64_MIN + o->window && socialcap_snapshot_timeless(now)) {
		rc = socialcap__area_summary_build(out, mem, now, o->areas, rows,
						   o->threads);
		if (rc == 0)
			out->time = t - o->window;
		return rc;
	}
	rc = socialcap__areas_snapshot_at(&before, now,
					  t < INT64_MIN + o->window ? SOCIALCAP_TIME_NONE
								    : t - o->window);
	if (rc == 0)
		rc = socialcap__area_summary_build(out, mem, before, o->areas, rows,
						   o->threads);
	socialcap_snapshot_free(before);
	return rc;
}

#define AREA_BIT(c) SOCIALCAP_AREA_COLUMN_BIT(SOCIALCAP_AREA_##c)

/* Columns that compare t with t - window (two snapshots). */
#define GROWTH_COLUMNS                                                         \
	(AREA_BIT(GROWTH_FUND) | AREA_BIT(GROWTH_RATE) | AREA_BIT(SOCIAL_RETURN) | \
	 AREA_BIT(RELATIONAL_STOCK))
/* Columns read from the ledger. */
#define LEDGER_COLUMNS                                                         \
	(AREA_BIT(INVESTMENT_FLOW) | AREA_BIT(INVESTED_STOCK) | AREA_BIT(PORTFOLIO_HHI) | \
	 AREA_BIT(PORTFOLIO_EFFECTIVE) | AREA_BIT(NEW_INVESTORS) | AREA_BIT(SOCIAL_RETURN))
/* Graph columns the support pass gives without the tie and member passes. */
#define SUPPORT_COLUMNS                                                        \
	(AREA_BIT(RESIDENTS) | AREA_BIT(SUPPRESSED) | AREA_BIT(TIES_INTERNAL) |  \
	 AREA_BIT(DENSITY) | AREA_BIT(SUPPORT_RATIO))

/* The shared body of the compute calls; @p vals is consumed. */
static int compute(socialcap_results **out, double *vals, uint32_t rows,
		   const socialcap_snapshot *now, const socialcap_areas_options *o)
{
	socialcap__mem mem = now->mem;
	socialcap__ledger_index ix;
	socialcap__area_summary then, here;
	socialcap__stock stock = {NULL, SOCIALCAP_TIME_NONE, 0};
	size_t bytes = (size_t)rows * SOCIALCAP_AREA_COLUMN_COUNT * sizeof(*vals);
	/* social_return is in both sets: combine them as values, not as one
	 * expression with a repeated operand. */
	const uint32_t growth = GROWTH_COLUMNS, ledger = LEDGER_COLUMNS;
	const uint32_t graph = ~(growth | ledger);
	int rc = 0;

	memset(&ix, 0, sizeof(ix));
	memset(&then, 0, sizeof(then));
	memset(&here, 0, sizeof(here));
	if (socialcap__areas_wants(o, GROWTH_COLUMNS)) {
		rc = summary_before(&then, &mem, now, o, rows);
		if (rc == 0)
			rc = socialcap__area_summary_build(&here, &mem, now, o->areas, rows,
							   o->threads);
	}
	if (rc == 0 && o->columns != 0 && (o->columns & graph & ~SUPPORT_COLUMNS) == 0)
		rc = socialcap__areas_support_fill(vals, rows, now, &mem, o);
	else if (rc == 0)
		rc = socialcap__areas_graph_fill(vals, rows, now, &mem, o);
	if (rc == 0 && socialcap__areas_wants(o, GROWTH_COLUMNS))
		socialcap__areas_growth_fill(vals, rows, &here, &then);
	socialcap__area_summary_free(&then, &mem);
	socialcap__area_summary_free(&here, &mem);
	if (rc == 0 && socialcap__areas_wants(o, LEDGER_COLUMNS)) {
		rc = socialcap__ledger_index_build(&ix, &mem, now->net, o->areas);
		if (rc == 0) {
			stock.value = socialcap__mem_calloc(&mem, rows ? rows : 1, sizeof(double));
			rc = stock.value != NULL ? 0 : SOCIALCAP_ENOMEM;
		}
		if (rc == 0)
			rc = socialcap__areas_ledger_fill(vals, rows, &ix, &stock, &mem,
							  now->opts.time, o);
	}
	socialcap__mem_free(&mem, stock.value, (rows ? rows : 1) * sizeof(double));
	socialcap__ledger_index_free(&ix, &mem);
	if (rc != 0) {
		socialcap__mem_free(&mem, vals, bytes ? bytes : sizeof(*vals));
		return rc;
	}
	socialcap__areas_finish(vals, rows, o);
	return socialcap__areas_table(out, vals, rows, now, o);
}

int socialcap_areas_compute(socialcap_results **out, const socialcap_snapshot *snap,
			    const socialcap_areas_options *opts)
{
	const socialcap_areas_options defaults = SOCIALCAP_AREAS_OPTIONS_INIT;
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	socialcap__mem mem;
	uint32_t rows;
	size_t cells;
	double *vals;
	int rc;

	if (out != NULL)
		*out = NULL;
	if (out == NULL || snap == NULL)
		return SOCIALCAP_EINVAL;
	rc = socialcap__areas_check(snap->net, opts != NULL ? opts : &defaults, &o);
	if (rc != 0)
		return rc;
	mem = snap->mem;
	rows = socialcap__area_rows(snap->net, o.areas);
	if (socialcap__mul_size((size_t)rows ? rows : 1, SOCIALCAP_AREA_COLUMN_COUNT, &cells) != 0)
		return SOCIALCAP_ENOMEM;
	vals = socialcap__mem_calloc(&mem, cells, sizeof(*vals));
	if (vals == NULL)
		return SOCIALCAP_ENOMEM;
	return compute(out, vals, rows, snap, &o);
}

const char *socialcap_areas_text(const socialcap_results *res, uint32_t row,
				 uint32_t column)
{
	const char *name = socialcap_results_column_name(res, column);
	double v = socialcap_results_get(res, row, column);

	if (name == NULL || isnan(v) || v < 0)
		return NULL;
	if (strcmp(name, "key_institution") == 0)
		return socialcap_network_actor_id(res->net, (uint32_t)v);
	if (strcmp(name, "growth_fund") == 0)
		return socialcap_network_sector_label(res->net, (uint32_t)v);
	return NULL;
}

static int cmp_time(const void *x, const void *y)
{
	const socialcap__first *a = x, *b = y;

	return (a->time > b->time) - (a->time < b->time);
}

int socialcap_areas_new_investors(const socialcap_snapshot *snap,
				  const socialcap_areas_options *opts, uint32_t row,
				  uint32_t *sectors, size_t capacity, size_t *total)
{
	const socialcap_areas_options defaults = SOCIALCAP_AREAS_OPTIONS_INIT;
	socialcap_areas_options copy = SOCIALCAP_AREAS_OPTIONS_INIT;
	const socialcap_areas_options *o = &copy;
	socialcap__ledger_index ix;
	socialcap__mem mem;
	int64_t t, from;
	size_t i, k = 0;
	int rc;

	if (snap == NULL || total == NULL || (sectors == NULL && capacity > 0))
		return SOCIALCAP_EINVAL;
	rc = socialcap__areas_check(snap->net, opts != NULL ? opts : &defaults, &copy);
	if (rc != 0)
		return rc;
	if (row >= socialcap__area_rows(snap->net, o->areas))
		return socialcap__net_fail(snap->net, SOCIALCAP_ENOTFOUND,
					   "areas: row %u out of range", (unsigned)row);
	mem = snap->mem;
	rc = socialcap__ledger_index_build(&ix, &mem, snap->net, o->areas);
	if (rc != 0)
		return rc;
	t = snap->opts.time;
	from = t < INT64_MIN + o->window ? INT64_MIN : t - o->window;
	/* The index lists each (area, sector) once; pick this row's window. */
	for (i = 0; i < ix.first_count; i++) {
		const socialcap__first *f = &ix.firsts[i];

		if (f->area == row && f->time > from && f->time <= t)
			ix.firsts[k++] = *f;
	}
	for (i = 0; i < k; i++)
		ix.firsts[i].time = ix.firsts[i].sector;
	if (k > 0)
		qsort(ix.firsts, k, sizeof(*ix.firsts), cmp_time);
	for (i = 0; i < k && i < capacity; i++)
		sectors[i] = ix.firsts[i].sector;
	socialcap__ledger_index_free(&ix, &mem);
	*total = k;
	return SOCIALCAP_OK;
}

const char *socialcap_area_column_name(int column)
{
	if (column < 0 || column >= SOCIALCAP_AREA_COLUMN_COUNT)
		return NULL;
	return column_names[column];
}
