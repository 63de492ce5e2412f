/*
 * Area aggregates that compare two times: growth fund, growth rate and the
 * numerator of social return. Each time is reduced to a small summary (per
 * area: relational stock and strength per partner sector), so that a time
 * series can keep the summaries of earlier steps instead of their
 * snapshots.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "areas_internal.h"

void socialcap__area_summary_free(socialcap__area_summary *sum, socialcap__mem *mem)
{
	socialcap__mem_free(mem, sum->stock, (sum->rows ? sum->rows : 1) * sizeof(*sum->stock));
	socialcap__mem_free(mem, sum->p, sum->cap * sizeof(*sum->p));
	memset(sum, 0, sizeof(*sum));
}

typedef struct work {
	uint32_t *area, *order, *list, *stamp;
	uint64_t *start;
	double *w;
	uint32_t n, rows, sectors;
} work;

static void work_free(work *k, socialcap__mem *mem)
{
	socialcap__mem_free(mem, k->area, (k->n ? k->n : 1) * sizeof(*k->area));
	socialcap__mem_free(mem, k->order, (k->n ? k->n : 1) * sizeof(*k->order));
	socialcap__mem_free(mem, k->start, ((size_t)k->rows + 1) * sizeof(*k->start));
	socialcap__mem_free(mem, k->w, (k->sectors ? k->sectors : 1) * sizeof(*k->w));
	socialcap__mem_free(mem, k->list, (k->sectors ? k->sectors : 1) * sizeof(*k->list));
	socialcap__mem_free(mem, k->stamp, (k->sectors ? k->sectors : 1) * sizeof(*k->stamp));
}

static int work_new(work *k, socialcap__mem *mem)
{
	k->area = socialcap__mem_calloc(mem, k->n ? k->n : 1, sizeof(*k->area));
	k->order = socialcap__mem_calloc(mem, k->n ? k->n : 1, sizeof(*k->order));
	k->start = socialcap__mem_calloc(mem, (size_t)k->rows + 1, sizeof(*k->start));
	k->w = socialcap__mem_calloc(mem, k->sectors ? k->sectors : 1, sizeof(*k->w));
	k->list = socialcap__mem_calloc(mem, k->sectors ? k->sectors : 1, sizeof(*k->list));
	k->stamp = socialcap__mem_calloc(mem, k->sectors ? k->sectors : 1, sizeof(*k->stamp));
	if (k->area == NULL || k->order == NULL || k->start == NULL || k->w == NULL ||
	    k->list == NULL || k->stamp == NULL) {
		work_free(k, mem);
		return SOCIALCAP_ENOMEM;
	}
	return SOCIALCAP_OK;
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return (a > b) - (a < b);
}

/* Sum area @p r's members' ties per partner sector and append them. */
static int summarise_area(socialcap__area_summary *sum, socialcap__mem *mem, work *k,
			  const socialcap_snapshot *s, uint32_t r)
{
	uint32_t ns = 0, i;
	uint64_t p, e;
	int rc;

	for (p = k->start[r]; p < k->start[r + 1]; p++) {
		uint32_t v = k->order[p];

		for (e = s->off[v]; e < s->off[v + 1]; e++) {
			uint32_t j = s->adj[e], sec = s->sector[j];

			if (k->stamp[sec] != r + 1) {
				k->stamp[sec] = r + 1;
				k->list[ns++] = sec;
			}
			k->w[sec] += s->w[e];
			sum->stock[r] += k->area[j] == r ? s->w[e] / 2 : s->w[e];
		}
	}
	if (ns > 0)
		qsort(k->list, ns, sizeof(*k->list), cmp_u32);
	rc = SOCIALCAP__GROW(mem, sum->p, sum->cap, sum->count + ns);
	for (i = 0; i < ns; i++) {
		if (rc == 0) {
			sum->p[sum->count].area = r;
			sum->p[sum->count].sector = k->list[i];
			sum->p[sum->count].w = k->w[k->list[i]];
			sum->count++;
		}
		k->w[k->list[i]] = 0;
	}
	return rc;
}

int socialcap__area_summary_build(socialcap__area_summary *out, socialcap__mem *mem,
				  const socialcap_snapshot *s, int32_t areas, uint32_t rows)
{
	work k;
	uint32_t v, r;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&k, 0, sizeof(k));
	k.n = s->n;
	k.rows = rows;
	k.sectors = s->sector_count;
	out->time = s->opts.time;
	out->rows = rows;
	out->stock = socialcap__mem_calloc(mem, rows ? rows : 1, sizeof(*out->stock));
	if (out->stock == NULL)
		return SOCIALCAP_ENOMEM;
	rc = work_new(&k, mem);
	if (rc != 0) {
		socialcap__area_summary_free(out, mem);
		return rc;
	}
	for (v = 0; v < k.n; v++)
		k.area[v] = socialcap__area_of(s->net, areas, v);
	socialcap__areas_group(k.area, k.n, rows, k.order, k.start);
	for (r = 0; r < rows && rc == 0; r++)
		rc = summarise_area(out, mem, &k, s, r);
	work_free(&k, mem);
	if (rc != 0)
		socialcap__area_summary_free(out, mem);
	return rc;
}

/* The sector with the largest rise (lowest index on ties) among area r's
 * entries now[*i..] and before[*j..]; advances both past area r. */
static void growth_of(double *vals, uint32_t rows, uint32_t r,
		      const socialcap__area_summary *now, size_t *i,
		      const socialcap__area_summary *before, size_t *j)
{
	uint32_t best = SOCIALCAP__NO_AREA;
	double grow = 0, base = 0;

	while ((*i < now->count && now->p[*i].area == r) ||
	       (*j < before->count && before->p[*j].area == r)) {
		int has_now = *i < now->count && now->p[*i].area == r;
		int has_before = *j < before->count && before->p[*j].area == r;
		uint32_t sec = !has_before || (has_now && now->p[*i].sector < before->p[*j].sector)
				       ? now->p[*i].sector
				       : before->p[*j].sector;
		double w1 = 0, w0 = 0;

		if (has_now && now->p[*i].sector == sec)
			w1 = now->p[(*i)++].w;
		if (has_before && before->p[*j].sector == sec)
			w0 = before->p[(*j)++].w;
		if (w1 - w0 > grow) {
			grow = w1 - w0;
			base = w0;
			best = sec;
		}
	}
	vals[(size_t)SOCIALCAP_AREA_GROWTH_FUND * rows + r] =
		best == SOCIALCAP__NO_AREA ? NAN : (double)best;
	vals[(size_t)SOCIALCAP_AREA_GROWTH_RATE * rows + r] =
		best != SOCIALCAP__NO_AREA && base > 0 ? grow / base : NAN;
}

void socialcap__areas_growth_fill(double *vals, uint32_t rows,
				  const socialcap__area_summary *now,
				  const socialcap__area_summary *before)
{
	size_t i = 0, j = 0;
	uint32_t r;

	for (r = 0; r < rows; r++) {
		growth_of(vals, rows, r, now, &i, before, &j);
		vals[(size_t)SOCIALCAP_AREA_SOCIAL_RETURN * rows + r] =
			now->stock[r] - before->stock[r];
		vals[(size_t)SOCIALCAP_AREA_RELATIONAL_STOCK * rows + r] = now->stock[r];
	}
}
