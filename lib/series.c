/*
 * Time series of area tables. Shared between steps: the ledger index
 * (sorted once), the invested stock (carried forward with decay), and the
 * snapshots (built once per distinct time, freed after their last use).
 */
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
	/* Summaries of earlier steps that a later step may still compare
	 * with (time > the current t - window), oldest first. */
	socialcap__area_summary *kept;
	size_t kept_count;
	size_t kept_cap;
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
	socialcap__mem_free(&mem, series->tables, series->count * sizeof(socialcap_results *));
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

/* The kept summary at time @p t, or NULL. */
static const socialcap__area_summary *kept_at(const run *r, int64_t t)
{
	size_t i;

	for (i = 0; i < r->kept_count; i++)
		if (r->kept[i].time == t)
			return &r->kept[i];
	return NULL;
}

/* Forget summaries no later step can use: later steps compare with times
 * after this step's t - window. */
static void forget_before(run *r, int64_t from)
{
	size_t i = 0, k;

	while (i < r->kept_count && r->kept[i].time <= from)
		socialcap__area_summary_free(&r->kept[i++], &r->mem);
	for (k = 0; i < r->kept_count; i++, k++)
		r->kept[k] = r->kept[i];
	r->kept_count = k;
}

static int snapshot_at(run *r, int64_t t, socialcap_snapshot **out)
{
	r->so.time = t;
	return socialcap_snapshot_build(out, r->net, &r->so);
}

/* The summary at t - window: kept from an earlier step, or built from a
 * snapshot that is freed again at once (*fresh set). */
static int summary_then(run *r, int64_t t, socialcap__area_summary *fresh,
			const socialcap__area_summary **then)
{
	socialcap_snapshot *snap = NULL;
	int rc;

	*then = kept_at(r, t);
	if (*then != NULL)
		return SOCIALCAP_OK;
	rc = snapshot_at(r, t, &snap);
	if (rc == 0)
		rc = socialcap__area_summary_build(fresh, &r->mem, snap, r->o->areas, r->rows,
						   r->o->threads);
	socialcap_snapshot_free(snap);
	*then = fresh;
	return rc;
}

/* The columns of step k at time t from the snapshot @p now. */
static int fill_step(run *r, double *vals, const socialcap_snapshot *now,
		     const socialcap__area_summary *then, socialcap__area_summary *here)
{
	int rc = socialcap__areas_graph_fill(vals, r->rows, now, &r->mem, r->o);

	if (rc == 0)
		rc = socialcap__area_summary_build(here, &r->mem, now, r->o->areas, r->rows,
						   r->o->threads);
	if (rc == 0) {
		socialcap__areas_growth_fill(vals, r->rows, here, then);
		rc = socialcap__areas_ledger_fill(vals, r->rows, &r->ix, &r->stock, &r->mem,
						  now->opts.time, r->o);
	}
	return rc;
}

/* Keep @p here for later steps (consumed in every case). */
static int keep(run *r, socialcap__area_summary *here)
{
	int rc = SOCIALCAP__GROW(&r->mem, r->kept, r->kept_cap, r->kept_count + 1);

	if (rc != 0) {
		socialcap__area_summary_free(here, &r->mem);
		return rc;
	}
	r->kept[r->kept_count++] = *here;
	return SOCIALCAP_OK;
}

static int step(run *r, size_t k, socialcap_results **out)
{
	const int64_t t = r->times[k], from = t - r->o->window;
	const socialcap__area_summary *then = NULL;
	socialcap__area_summary fresh, here;
	socialcap_snapshot *now = NULL;
	size_t cells = (size_t)(r->rows ? r->rows : 1) * SOCIALCAP_AREA_COLUMN_COUNT;
	double *vals = NULL;
	int rc;

	memset(&fresh, 0, sizeof(fresh));
	memset(&here, 0, sizeof(here));
	forget_before(r, from - 1);
	rc = summary_then(r, from, &fresh, &then);
	if (rc == 0)
		rc = snapshot_at(r, t, &now);
	if (rc == 0) {
		vals = socialcap__mem_calloc(&r->mem, cells, sizeof(*vals));
		rc = vals != NULL ? 0 : SOCIALCAP_ENOMEM;
	}
	if (rc == 0)
		rc = fill_step(r, vals, now, then, &here);
	socialcap__area_summary_free(&fresh, &r->mem);
	if (rc == 0) {
		socialcap__areas_finish(vals, r->rows, r->o);
		rc = socialcap__areas_table(out, vals, r->rows, now, r->o);
		vals = NULL;
	}
	if (rc == 0)
		rc = keep(r, &here);
	else
		socialcap__area_summary_free(&here, &r->mem);
	socialcap__mem_free(&r->mem, vals, cells * sizeof(*vals));
	socialcap_snapshot_free(now);
	return rc;
}

static void run_free(run *r)
{
	size_t i;

	for (i = 0; i < r->kept_count; i++)
		socialcap__area_summary_free(&r->kept[i], &r->mem);
	socialcap__mem_free(&r->mem, r->kept, r->kept_cap * sizeof(*r->kept));
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
	s->tables = socialcap__mem_calloc(mem, count, sizeof(socialcap_results *));
	if (s->times == NULL || s->tables == NULL) {
		socialcap__mem_free(mem, s->times, count * sizeof(*s->times));
		socialcap__mem_free(mem, s->tables, count * sizeof(socialcap_results *));
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
	socialcap_areas_options copy;
	const socialcap_areas_options *o = &copy;
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
	rc = socialcap__areas_check(net, opts != NULL ? opts : &defaults, &copy);
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
		if (rc == SOCIALCAP_ENOMEM)
			return socialcap__net_fail(net, rc, "series: out of memory");
		return rc;
	}
	*out = s;
	return SOCIALCAP_OK;
}
