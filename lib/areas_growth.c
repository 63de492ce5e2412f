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

/* What one thread needs to sum an area: strength per partner sector. */
typedef struct lane {
	double *w;        /* sectors */
	uint32_t *list;   /* sectors: partner sectors of the area */
	uint32_t *stamp;  /* sectors: area + 1 that last listed the sector */
} lane;

typedef struct work {
	uint32_t *area, *order;
	uint64_t *start;
	lane *lanes;                /* threads */
	socialcap__partner *slot;   /* threads > 1: rows x sectors */
	uint32_t *count;            /* threads > 1: rows, entries in slot */
	const socialcap_snapshot *s;
	socialcap__area_summary *sum;
	uint32_t n, rows, sectors;
	unsigned threads;
} work;

static size_t nz(size_t count)
{
	return count ? count : 1;
}

static void work_free(work *k, socialcap__mem *mem)
{
	unsigned t;

	for (t = 0; t < k->threads && k->lanes != NULL; t++) {
		socialcap__mem_free(mem, k->lanes[t].w, nz(k->sectors) * sizeof(double));
		socialcap__mem_free(mem, k->lanes[t].list, nz(k->sectors) * sizeof(uint32_t));
		socialcap__mem_free(mem, k->lanes[t].stamp, nz(k->sectors) * sizeof(uint32_t));
	}
	socialcap__mem_free(mem, k->lanes, k->threads * sizeof(*k->lanes));
	socialcap__mem_free(mem, k->area, nz(k->n) * sizeof(*k->area));
	socialcap__mem_free(mem, k->order, nz(k->n) * sizeof(*k->order));
	socialcap__mem_free(mem, k->start, ((size_t)k->rows + 1) * sizeof(*k->start));
	if (k->threads > 1) {
		socialcap__mem_free(mem, k->slot,
				    nz((size_t)k->rows * k->sectors) * sizeof(*k->slot));
		socialcap__mem_free(mem, k->count, nz(k->rows) * sizeof(*k->count));
	}
}

static int work_new(work *k, socialcap__mem *mem)
{
	int ok;
	unsigned t;

	k->area = socialcap__mem_calloc(mem, nz(k->n), sizeof(*k->area));
	k->order = socialcap__mem_calloc(mem, nz(k->n), sizeof(*k->order));
	k->start = socialcap__mem_calloc(mem, (size_t)k->rows + 1, sizeof(*k->start));
	k->lanes = socialcap__mem_calloc(mem, k->threads, sizeof(*k->lanes));
	ok = k->area != NULL && k->order != NULL && k->start != NULL && k->lanes != NULL;
	for (t = 0; ok && t < k->threads; t++) {
		lane *l = &k->lanes[t];

		l->w = socialcap__mem_calloc(mem, nz(k->sectors), sizeof(*l->w));
		l->list = socialcap__mem_calloc(mem, nz(k->sectors), sizeof(*l->list));
		l->stamp = socialcap__mem_calloc(mem, nz(k->sectors), sizeof(*l->stamp));
		ok = l->w != NULL && l->list != NULL && l->stamp != NULL;
	}
	if (ok && k->threads > 1) {
		k->slot = socialcap__mem_calloc(mem, nz((size_t)k->rows * k->sectors),
						sizeof(*k->slot));
		k->count = socialcap__mem_calloc(mem, nz(k->rows), sizeof(*k->count));
		ok = k->slot != NULL && k->count != NULL;
	}
	if (!ok) {
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

/*
 * Sum area @p r's members' ties per partner sector into @p l (w, and the
 * sectors in ascending order in list) and its relational stock; returns
 * the number of partner sectors. Only area r's cells are written, in
 * member order, so any thread gives the same sums.
 */
static uint32_t sum_area(const work *k, lane *l, uint32_t r)
{
	const socialcap_snapshot *s = k->s;
	double *stock = &k->sum->stock[r];
	uint32_t ns = 0;
	uint64_t p, e;

	for (p = k->start[r]; p < k->start[r + 1]; p++) {
		uint32_t v = k->order[p];

		for (e = s->off[v]; e < s->off[v + 1]; e++) {
			uint32_t j = s->adj[e], sec = s->sector[j];

			if (l->stamp[sec] != r + 1) {
				l->stamp[sec] = r + 1;
				l->list[ns++] = sec;
			}
			l->w[sec] += s->w[e];
			*stock += k->area[j] == r ? s->w[e] / 2 : s->w[e];
		}
	}
	if (ns > 0)
		qsort(l->list, ns, sizeof(*l->list), cmp_u32);
	return ns;
}

/* Write area @p r's @p ns partners from @p l to @p out and clear l->w. */
static void put_area(lane *l, uint32_t r, uint32_t ns, socialcap__partner *out)
{
	uint32_t i;

	for (i = 0; i < ns; i++) {
		out[i].area = r;
		out[i].sector = l->list[i];
		out[i].w = l->w[l->list[i]];
		l->w[l->list[i]] = 0;
	}
}

/* Areas [lo, hi) on thread @p t, each into its own row of slots. */
static void area_step(void *ctx, unsigned t, uint64_t lo, uint64_t hi)
{
	work *k = ctx;
	uint64_t r;

	for (r = lo; r < hi; r++) {
		uint32_t ns = sum_area(k, &k->lanes[t], (uint32_t)r);

		put_area(&k->lanes[t], (uint32_t)r, ns, k->slot + r * k->sectors);
		k->count[r] = ns;
	}
}

/* Append the areas' partners in area order. */
static int summarise(work *k, socialcap__mem *mem)
{
	socialcap__area_summary *sum = k->sum;
	size_t total = 0;
	uint32_t r;
	int rc;

	if (k->threads == 1) {
		for (r = 0; r < k->rows; r++) {
			uint32_t ns = sum_area(k, &k->lanes[0], r);

			if (ns == 0)
				continue; /* sum->p may still be NULL */
			rc = SOCIALCAP__GROW(mem, sum->p, sum->cap, sum->count + ns);
			if (rc != 0)
				return rc;
			put_area(&k->lanes[0], r, ns, sum->p + sum->count);
			sum->count += ns;
		}
		return SOCIALCAP_OK;
	}
	socialcap__areas_run(k->threads, k->rows, area_step, k);
	for (r = 0; r < k->rows; r++)
		total += k->count[r];
	rc = SOCIALCAP__GROW(mem, sum->p, sum->cap, total);
	for (r = 0; r < k->rows && rc == 0; r++) {
		if (k->count[r] == 0)
			continue; /* sum->p may still be NULL */
		memcpy(sum->p + sum->count, k->slot + (size_t)r * k->sectors,
		       k->count[r] * sizeof(*sum->p));
		sum->count += k->count[r];
	}
	return rc;
}

/* Slots of rows x sectors partners for the threads, if that stays within
 * the O(n) memory of the rest of the summary; else one thread. */
static unsigned summary_threads(unsigned wanted, uint32_t rows, uint32_t sectors,
				uint32_t n)
{
	uint64_t slots = (uint64_t)rows * sectors;

	if (slots > (n > 65536u ? n : 65536u))
		return 1;
	return socialcap__areas_threads(wanted, rows);
}

int socialcap__area_summary_build(socialcap__area_summary *out, socialcap__mem *mem,
				  const socialcap_snapshot *s, int32_t areas, uint32_t rows,
				  unsigned threads)
{
	work k;
	uint32_t v;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&k, 0, sizeof(k));
	k.n = s->n;
	k.rows = rows;
	k.sectors = s->sector_count;
	k.threads = summary_threads(threads, rows, k.sectors, k.n);
	k.s = s;
	k.sum = out;
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
	rc = summarise(&k, mem);
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
