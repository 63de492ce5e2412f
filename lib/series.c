/*
 * Time series of area tables. Shared between steps: the ledger index
 * (sorted once), the invested stock (carried forward with decay), and the
 * snapshots (built once per distinct time, freed after their last use).
 */
#include <assert.h>
#include <string.h>

#include "areas_internal.h"
#include "results_internal.h"
#include "socialcap/series.h"

struct socialcap_series {
	socialcap__mem mem;
	size_t count;
	int64_t *times;
	socialcap_results **tables;
};

/* Snapshots alive during the computation, by time. */
#define CACHE_SLOTS 3

typedef struct snap_cache {
	int64_t time[CACHE_SLOTS];
	socialcap_snapshot *snap[CACHE_SLOTS];
} snap_cache;

typedef struct run {
	socialcap_network *net;
	socialcap_snapshot_options so;
	const socialcap_areas_options *o;
	const int64_t *times;
	size_t count;
	uint32_t rows;
	socialcap__mem mem;
	socialcap__ledger_index ix;
	socialcap__stock stock;
	snap_cache cache;
} run;

void socialcap_series_free(socialcap_series *series)
{
	socialcap__mem mem;
	size_t k;

	if (series == NULL)
		return;
	mem = series->mem;
	for (k = 0; k < series->count; k++)
		socialcap_results_free(series->tables[k]);
	socialcap__mem_free(&mem, series->tables, series->count * sizeof(*series->tables));
	socialcap__mem_free(&mem, series->times, series->count * sizeof(*series->times));
	socialcap__mem_free(&mem, series, sizeof(*series));
}

size_t socialcap_series_count(const socialcap_series *series)
{
	return series != NULL ? series->count : 0;
}

int64_t socialcap_series_time(const socialcap_series *series, size_t k)
{
	return series != NULL && k < series->count ? series->times[k] : SOCIALCAP_TIME_NONE;
}

const socialcap_results *socialcap_series_table(const socialcap_series *series, size_t k)
{
	return series != NULL && k < series->count ? series->tables[k] : NULL;
}

static int check_times(socialcap_network *net, const int64_t *times, size_t count,
		       int64_t window)
{
	size_t k;

	for (k = 0; k < count; k++) {
		if (times[k] == SOCIALCAP_TIME_NONE || times[k] < INT64_MIN + window + 1)
			return socialcap__net_fail(net, SOCIALCAP_EINVAL,
						   "series: times[%zu] is too early", k);
		if (k > 0 && times[k] <= times[k - 1])
			return socialcap__net_fail(net, SOCIALCAP_EINVAL,
						   "series: times[%zu] is not after times[%zu]",
						   k, k - 1);
	}
	return SOCIALCAP_OK;
}

/* Is time @p x needed by step @p k (as t or as t - window)? Only the next
 * step is looked at, so at most one snapshot is kept between steps: memory
 * stays at two snapshots plus the one kept. */
static int needed_at(const run *r, size_t k, int64_t x)
{
	return k < r->count && (r->times[k] == x || r->times[k] - r->o->window == x);
}

/* The snapshot at @p t, from the cache or built into a free slot. */
static int snapshot_at(run *r, int64_t t, socialcap_snapshot **out)
{
	int i, rc;

	for (i = 0; i < CACHE_SLOTS; i++) {
		if (r->cache.snap[i] != NULL && r->cache.time[i] == t) {
			*out = r->cache.snap[i];
			return SOCIALCAP_OK;
		}
	}
	for (i = 0; i < CACHE_SLOTS && r->cache.snap[i] != NULL; i++)
		;
	assert(i < CACHE_SLOTS);
	r->so.time = t;
	rc = socialcap_snapshot_build(&r->cache.snap[i], r->net, &r->so);
	if (rc != 0)
		return rc;
	r->cache.time[i] = t;
	*out = r->cache.snap[i];
	return SOCIALCAP_OK;
}

/* Free the cached snapshots that step @p k does not need. */
static void release(run *r, size_t k)
{
	int i;

	for (i = 0; i < CACHE_SLOTS; i++) {
		if (r->cache.snap[i] != NULL && !needed_at(r, k, r->cache.time[i])) {
			socialcap_snapshot_free(r->cache.snap[i]);
			r->cache.snap[i] = NULL;
		}
	}
}

static int step(run *r, size_t k, socialcap_results **out)
{
	socialcap_snapshot *now = NULL, *before = NULL;
	size_t cells = (size_t)(r->rows ? r->rows : 1) * SOCIALCAP_AREA_COLUMN_COUNT;
	double *vals;
	int rc;

	release(r, k);
	rc = snapshot_at(r, r->times[k] - r->o->window, &before);
	if (rc == 0)
		rc = snapshot_at(r, r->times[k], &now);
	if (rc != 0)
		return rc;
	vals = socialcap__mem_calloc(&r->mem, cells, sizeof(*vals));
	if (vals == NULL)
		return SOCIALCAP_ENOMEM;
	rc = socialcap__areas_graph_fill(vals, r->rows, now, before, &r->mem, r->o);
	if (rc == 0)
		rc = socialcap__areas_ledger_fill(vals, r->rows, &r->ix, &r->stock, &r->mem,
						  r->times[k], r->o);
	if (rc != 0) {
		socialcap__mem_free(&r->mem, vals, cells * sizeof(*vals));
		return rc;
	}
	socialcap__areas_finish(vals, r->rows, r->o);
	return socialcap__areas_table(out, vals, r->rows, now, r->o);
}

static void run_free(run *r)
{
	int i;

	for (i = 0; i < CACHE_SLOTS; i++)
		socialcap_snapshot_free(r->cache.snap[i]);
	socialcap__ledger_index_free(&r->ix, &r->mem);
	socialcap__mem_free(&r->mem, r->stock.value,
			    (r->rows ? r->rows : 1) * sizeof(*r->stock.value));
}

static int run_init(run *r, socialcap_network *net, const socialcap_snapshot_options *so,
		    const socialcap_areas_options *o, const int64_t *times, size_t count)
{
	const socialcap_snapshot_options defaults = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;

	memset(r, 0, sizeof(*r));
	r->net = net;
	r->so = so != NULL ? *so : defaults;
	r->o = o;
	r->times = times;
	r->count = count;
	r->rows = socialcap__area_rows(net, o->areas);
	socialcap__mem_init(&r->mem, &net->mem.allocator);
	r->stock.time = SOCIALCAP_TIME_NONE;
	r->stock.value = socialcap__mem_calloc(&r->mem, r->rows ? r->rows : 1,
					       sizeof(*r->stock.value));
	if (r->stock.value == NULL)
		return SOCIALCAP_ENOMEM;
	return socialcap__ledger_index_build(&r->ix, &r->mem, net, o->areas);
}

static socialcap_series *series_new(socialcap__mem *mem, size_t count)
{
	socialcap_series *s = socialcap__mem_calloc(mem, 1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->mem = *mem;
	s->times = socialcap__mem_calloc(mem, count, sizeof(*s->times));
	s->tables = socialcap__mem_calloc(mem, count, sizeof(*s->tables));
	if (s->times == NULL || s->tables == NULL) {
		socialcap__mem_free(mem, s->times, count * sizeof(*s->times));
		socialcap__mem_free(mem, s->tables, count * sizeof(*s->tables));
		socialcap__mem_free(mem, s, sizeof(*s));
		return NULL;
	}
	s->count = count;
	return s;
}

int socialcap_series_compute(socialcap_series **out, socialcap_network *net,
			     const socialcap_snapshot_options *snap_opts,
			     const socialcap_areas_options *opts, const int64_t *times,
			     size_t count)
{
	const socialcap_areas_options defaults = SOCIALCAP_AREAS_OPTIONS_INIT;
	const socialcap_areas_options *o = opts != NULL ? opts : &defaults;
	socialcap_series *s;
	run r;
	size_t k;
	int rc;

	if (out != NULL)
		*out = NULL;
	if (out == NULL || net == NULL)
		return SOCIALCAP_EINVAL;
	if (times == NULL || count == 0)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL, "series: no times given");
	rc = socialcap__areas_check(net, o);
	if (rc == 0)
		rc = check_times(net, times, count, o->window);
	if (rc != 0)
		return rc;
	rc = run_init(&r, net, snap_opts, o, times, count);
	s = rc == 0 ? series_new(&r.mem, count) : NULL;
	if (rc == 0 && s == NULL)
		rc = SOCIALCAP_ENOMEM;
	for (k = 0; k < count && rc == 0; k++) {
		s->times[k] = times[k];
		rc = step(&r, k, &s->tables[k]);
	}
	run_free(&r);
	if (rc != 0) {
		socialcap_series_free(s);
		return rc;
	}
	*out = s;
	return SOCIALCAP_OK;
}
