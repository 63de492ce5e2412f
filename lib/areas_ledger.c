/*
 * Area aggregates, ledger half: investment flow, invested stock, portfolio
 * concentration and new investors. The ledger is cut into shares (who paid
 * into which area through which sector, when), sorted by time once; every
 * time t is then answered by binary search plus a scan of the window.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "areas_internal.h"

uint32_t socialcap__area_rows(const socialcap_network *net, int32_t areas)
{
	return areas == SOCIALCAP_AREAS_SECTORS ? (uint32_t)net->sectors.labels.count
						: (uint32_t)net->nbhs.labels.count;
}

static int push_share(socialcap__ledger_index *ix, socialcap__mem *mem, int64_t t,
		      uint32_t area, uint32_t sector, double amount)
{
	int rc = SOCIALCAP__GROW(mem, ix->shares, ix->share_cap, ix->share_count + 1);

	if (rc != 0)
		return rc;
	ix->shares[ix->share_count].time = t;
	ix->shares[ix->share_count].area = area;
	ix->shares[ix->share_count].sector = sector;
	ix->shares[ix->share_count].amount = amount;
	ix->share_count++;
	return SOCIALCAP_OK;
}

static int push_first(socialcap__ledger_index *ix, socialcap__mem *mem, int64_t t,
		      uint32_t area, uint32_t sector)
{
	int rc = SOCIALCAP__GROW(mem, ix->firsts, ix->first_cap, ix->first_count + 1);

	if (rc != 0)
		return rc;
	ix->firsts[ix->first_count].time = t;
	ix->firsts[ix->first_count].area = area;
	ix->firsts[ix->first_count].sector = sector;
	ix->first_count++;
	return SOCIALCAP_OK;
}

/* A contact's cost goes half to each side, in each area it touches. */
static int index_contacts(socialcap__ledger_index *ix, socialcap__mem *mem,
			  const socialcap_network *net, int32_t areas)
{
	const socialcap__contacts *c = &net->contacts;
	const uint32_t *sec = net->actors.sector;
	size_t i;
	int rc = 0;

	for (i = 0; i < c->count && rc == 0; i++) {
		uint32_t a = c->a[i], b = c->b[i];
		uint32_t area[2] = {socialcap__area_of(net, areas, a),
				    socialcap__area_of(net, areas, b)};
		double half = c->cost[i] / 2;
		int k;

		if (!(c->cost[i] > 0))
			continue;
		if (area[1] == area[0])
			area[1] = SOCIALCAP__NO_AREA;
		for (k = 0; k < 2 && rc == 0; k++) {
			if (area[k] == SOCIALCAP__NO_AREA)
				continue;
			rc = push_share(ix, mem, c->time[i], area[k], sec[a], half);
			if (rc == 0)
				rc = push_share(ix, mem, c->time[i], area[k], sec[b], half);
		}
	}
	return rc;
}

/*
 * The areas an event is in: its neighbourhood, or the distinct sectors of
 * its attendees (@p stamp marks sectors already listed for this event).
 */
static uint32_t event_areas(const socialcap_network *net, int32_t areas, uint32_t ev,
			    uint32_t *stamp, uint32_t *list)
{
	const socialcap__events *e = &net->events;
	const uint32_t *who = e->att_actor + e->att_first[ev];
	uint32_t j, count = 0;

	if (areas != SOCIALCAP_AREAS_SECTORS) {
		list[0] = e->neighbourhood[ev];
		return 1;
	}
	for (j = 0; j < e->att_count[ev]; j++) {
		uint32_t s = net->actors.sector[who[j]];

		if (stamp[s] != ev + 1) {
			stamp[s] = ev + 1;
			list[count++] = s;
		}
	}
	return count;
}

static int index_event(socialcap__ledger_index *ix, socialcap__mem *mem,
		       const socialcap_network *net, uint32_t ev,
		       const uint32_t *list, uint32_t nareas)
{
	const socialcap__events *e = &net->events;
	const uint32_t *who = e->att_actor + e->att_first[ev];
	const uint8_t *role = e->att_role + e->att_first[ev];
	uint32_t d = e->att_count[ev], j, k;
	double each = e->cost[ev] / d;
	int rc = 0;

	for (k = 0; k < nareas && rc == 0; k++) {
		for (j = 0; j < d && rc == 0; j++) {
			uint32_t s = net->actors.sector[who[j]];

			if (e->cost[ev] > 0)
				rc = push_share(ix, mem, e->time[ev], list[k], s, each);
			if (rc == 0 && role[j] == SOCIALCAP_ORGANISER)
				rc = push_first(ix, mem, e->time[ev], list[k], s);
		}
	}
	return rc;
}

static int index_events(socialcap__ledger_index *ix, socialcap__mem *mem,
			const socialcap_network *net, int32_t areas)
{
	size_t sectors = net->sectors.labels.count + 1;
	uint32_t *stamp = socialcap__mem_calloc(mem, sectors, sizeof(*stamp));
	uint32_t *list = socialcap__mem_calloc(mem, sectors, sizeof(*list));
	uint32_t ev;
	int rc = stamp != NULL && list != NULL ? 0 : SOCIALCAP_ENOMEM;

	for (ev = 0; ev < net->events.ids.count && rc == 0; ev++) {
		uint32_t nareas = event_areas(net, areas, ev, stamp, list);

		rc = index_event(ix, mem, net, ev, list, nareas);
	}
	socialcap__mem_free(mem, stamp, sectors * sizeof(*stamp));
	socialcap__mem_free(mem, list, sectors * sizeof(*list));
	return rc;
}

static int cmp_share(const void *x, const void *y)
{
	const socialcap__share *a = x, *b = y;

	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	if (a->area != b->area)
		return a->area < b->area ? -1 : 1;
	if (a->sector != b->sector)
		return a->sector < b->sector ? -1 : 1;
	return (a->amount > b->amount) - (a->amount < b->amount);
}

static int cmp_first_pair(const void *x, const void *y)
{
	const socialcap__first *a = x, *b = y;

	if (a->area != b->area)
		return a->area < b->area ? -1 : 1;
	if (a->sector != b->sector)
		return a->sector < b->sector ? -1 : 1;
	return (a->time > b->time) - (a->time < b->time);
}

static int cmp_first_time(const void *x, const void *y)
{
	const socialcap__first *a = x, *b = y;

	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	return cmp_first_pair(x, y);
}

/* Keep the earliest organisation per (area, sector), then order by time. */
static void reduce_firsts(socialcap__ledger_index *ix)
{
	size_t i, k = 0;

	if (ix->first_count == 0)
		return;
	qsort(ix->firsts, ix->first_count, sizeof(*ix->firsts), cmp_first_pair);
	for (i = 0; i < ix->first_count; i++) {
		if (k > 0 && ix->firsts[k - 1].area == ix->firsts[i].area &&
		    ix->firsts[k - 1].sector == ix->firsts[i].sector)
			continue;
		ix->firsts[k++] = ix->firsts[i];
	}
	ix->first_count = k;
	qsort(ix->firsts, ix->first_count, sizeof(*ix->firsts), cmp_first_time);
}

void socialcap__ledger_index_free(socialcap__ledger_index *ix, socialcap__mem *mem)
{
	socialcap__mem_free(mem, ix->shares, ix->share_cap * sizeof(*ix->shares));
	socialcap__mem_free(mem, ix->firsts, ix->first_cap * sizeof(*ix->firsts));
	memset(ix, 0, sizeof(*ix));
}

int socialcap__ledger_index_build(socialcap__ledger_index *ix, socialcap__mem *mem,
				  const socialcap_network *net, int32_t areas)
{
	int rc;

	memset(ix, 0, sizeof(*ix));
	rc = index_contacts(ix, mem, net, areas);
	if (rc == 0)
		rc = index_events(ix, mem, net, areas);
	if (rc != 0) {
		socialcap__ledger_index_free(ix, mem);
		return rc;
	}
	if (ix->share_count > 0)
		qsort(ix->shares, ix->share_count, sizeof(*ix->shares), cmp_share);
	reduce_firsts(ix);
	return SOCIALCAP_OK;
}

/* First share with time > t. */
static size_t shares_after(const socialcap__ledger_index *ix, int64_t t)
{
	size_t lo = 0, hi = ix->share_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ix->shares[mid].time <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t firsts_after(const socialcap__ledger_index *ix, int64_t t)
{
	size_t lo = 0, hi = ix->first_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ix->firsts[mid].time <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* t - window without overflow (INT64_MIN stands for "the beginning"). */
static int64_t window_start(int64_t t, int64_t window)
{
	return t < INT64_MIN + window ? INT64_MIN : t - window;
}

static void advance_stock(double *stock_col, uint32_t rows,
			  const socialcap__ledger_index *ix, socialcap__stock *st,
			  int64_t t, int64_t h)
{
	uint32_t r;

	if (st->time != SOCIALCAP_TIME_NONE && t > st->time) {
		double f = socialcap__decay_since(t, st->time, h);

		for (r = 0; r < rows; r++)
			st->value[r] *= f;
	}
	for (; st->next < ix->share_count && ix->shares[st->next].time <= t; st->next++) {
		const socialcap__share *s = &ix->shares[st->next];

		st->value[s->area] += s->amount * socialcap__decay_since(t, s->time, h);
	}
	st->time = t;
	memcpy(stock_col, st->value, (size_t)rows * sizeof(*stock_col));
}

static int cmp_area_sector(const void *x, const void *y)
{
	const socialcap__share *a = x, *b = y;

	if (a->area != b->area)
		return a->area < b->area ? -1 : 1;
	return (a->sector > b->sector) - (a->sector < b->sector);
}

/* Flow and portfolio over the shares [lo, hi) of the window. */
static int fill_flow(double *vals, uint32_t rows, const socialcap__ledger_index *ix,
		     socialcap__mem *mem, size_t lo, size_t hi)
{
	double *flow = vals + (size_t)SOCIALCAP_AREA_INVESTMENT_FLOW * rows;
	double *hhi = vals + (size_t)SOCIALCAP_AREA_PORTFOLIO_HHI * rows;
	double *eff = vals + (size_t)SOCIALCAP_AREA_PORTFOLIO_EFFECTIVE * rows;
	size_t count = hi - lo, i = 0;
	socialcap__share *w;

	w = socialcap__mem_alloc(mem, (count ? count : 1) * sizeof(*w));
	if (w == NULL)
		return SOCIALCAP_ENOMEM;
	if (count > 0) {
		memcpy(w, ix->shares + lo, count * sizeof(*w));
		qsort(w, count, sizeof(*w), cmp_area_sector);
	}
	for (i = 0; i < count; i++)
		flow[w[i].area] += w[i].amount;
	for (i = 0; i < count;) {
		uint32_t area = w[i].area;
		double sum2 = 0;

		while (i < count && w[i].area == area) {
			uint32_t sector = w[i].sector;
			double part = 0;

			for (; i < count && w[i].area == area && w[i].sector == sector; i++)
				part += w[i].amount;
			sum2 += (part / flow[area]) * (part / flow[area]);
		}
		hhi[area] = sum2;
		eff[area] = 1 / sum2;
	}
	socialcap__mem_free(mem, w, (count ? count : 1) * sizeof(*w));
	return SOCIALCAP_OK;
}

int socialcap__areas_ledger_fill(double *vals, uint32_t rows,
				 const socialcap__ledger_index *ix,
				 socialcap__stock *stock, socialcap__mem *mem,
				 int64_t t, const socialcap_areas_options *o)
{
	int64_t from = window_start(t, o->window);
	double *newcol = vals + (size_t)SOCIALCAP_AREA_NEW_INVESTORS * rows;
	size_t lo, hi;
	uint32_t r;
	int rc;

	for (r = 0; r < rows; r++) {
		vals[(size_t)SOCIALCAP_AREA_INVESTMENT_FLOW * rows + r] = 0;
		vals[(size_t)SOCIALCAP_AREA_PORTFOLIO_HHI * rows + r] = NAN;
		vals[(size_t)SOCIALCAP_AREA_PORTFOLIO_EFFECTIVE * rows + r] = NAN;
		newcol[r] = 0;
	}
	lo = from == INT64_MIN ? 0 : shares_after(ix, from);
	hi = shares_after(ix, t);
	rc = fill_flow(vals, rows, ix, mem, lo, hi < lo ? lo : hi);
	if (rc != 0)
		return rc;
	advance_stock(vals + (size_t)SOCIALCAP_AREA_INVESTED_STOCK * rows, rows, ix,
		      stock, t, o->half_life_invest);
	lo = from == INT64_MIN ? 0 : firsts_after(ix, from);
	hi = firsts_after(ix, t);
	for (; lo < hi; lo++)
		newcol[ix->firsts[lo].area] += 1;
	return SOCIALCAP_OK;
}
