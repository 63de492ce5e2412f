/*
 * The synthetic city of city.h. Ties are generated as pair declarations
 * (a, b, layer bit, weight), then sorted by (a, b) with a radix sort and
 * merged: weights add up, layers are OR-ed. Triadic closure needs the
 * graph so far, so it runs on a CSR of the merged first round and its
 * declarations are merged in a second round.
 */
#define _POSIX_C_SOURCE 200809L
#include "city.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct gen {
	uint64_t state;
} gen;

static uint64_t next(gen *g)
{
	uint64_t z = (g->state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint32_t below(gen *g, uint32_t bound)
{
	return (uint32_t)(((next(g) >> 32) * (uint64_t)bound) >> 32);
}

static double unit(gen *g)
{
	return (double)(next(g) >> 11) / 9007199254740992.0;
}

static const char *const sector_names[CITY_SECTOR_COUNT] = {
	"residents", "entrepreneurs", "supporters", "youth", "police", "municipality"};
static const int sector_tiers[CITY_SECTOR_COUNT] = {0, 0, 0, 1, 2, 3};
static const char *const layer_names[5] = {"family", "household", "neighbours", "work",
					   "school"};

const char *city_sector_name(unsigned sector)
{
	return sector < CITY_SECTOR_COUNT ? sector_names[sector] : NULL;
}

int city_sector_tier(unsigned sector)
{
	return sector < CITY_SECTOR_COUNT ? sector_tiers[sector] : 0;
}

const char *city_layer_name(unsigned bit)
{
	unsigned i;

	for (i = 0; i < 5; i++)
		if (bit == (1u << i))
			return layer_names[i];
	return NULL;
}

const char *city_first_layer(uint8_t layers)
{
	unsigned i;

	for (i = 0; i < 5; i++)
		if (layers & (1u << i))
			return layer_names[i];
	return NULL;
}

/* A growable list of declarations. */
typedef struct decl {
	city_tie *t;
	uint64_t count, cap;
} decl;

static int push(decl *d, uint32_t a, uint32_t b, uint8_t layer, float w)
{
	if (a == b)
		return 0;
	if (d->count == d->cap) {
		uint64_t cap = d->cap ? d->cap + d->cap / 2 : 1024;
		city_tie *t = realloc(d->t, cap * sizeof(*t));

		if (t == NULL)
			return -1;
		d->t = t;
		d->cap = cap;
	}
	d->t[d->count].a = a < b ? a : b;
	d->t[d->count].b = a < b ? b : a;
	d->t[d->count].w = w;
	d->t[d->count].layers = layer;
	d->count++;
	return 0;
}

/* LSD radix sort by (a, b) in 16-bit digits, skipping digits that are
 * zero in every key (n < 2^32, so at most 4 passes). */
static int sort_ties(city_tie *t, uint64_t count, uint32_t n)
{
	city_tie *tmp = malloc((count ? count : 1) * sizeof(*tmp)), *src = t, *dst = tmp;
	int bits = 0, pass;

	if (tmp == NULL)
		return -1;
	while (bits < 32 && ((uint64_t)n >> bits) > 0)
		bits += 16;
	for (pass = 0; pass < 2 * bits / 16; pass++) {
		static uint64_t cnt[65536];
		int field = pass < bits / 16 ? 1 : 0; /* b first, then a */
		int shift = 16 * (field ? pass : pass - bits / 16);
		uint64_t i, sum = 0;

		memset(cnt, 0, sizeof(cnt));
		for (i = 0; i < count; i++)
			cnt[((field ? src[i].b : src[i].a) >> shift) & 0xffff]++;
		for (i = 0; i < 65536; i++) {
			uint64_t c = cnt[i];

			cnt[i] = sum;
			sum += c;
		}
		for (i = 0; i < count; i++)
			dst[cnt[((field ? src[i].b : src[i].a) >> shift) & 0xffff]++] = src[i];
		city_tie *x = src;
		src = dst;
		dst = x;
	}
	if (src != t)
		memcpy(t, src, count * sizeof(*t));
	free(tmp);
	return 0;
}

/* Sort and merge equal pairs in place. */
static int merge(decl *d, uint32_t n)
{
	uint64_t i, out = 0;

	if (sort_ties(d->t, d->count, n) != 0)
		return -1;
	for (i = 0; i < d->count; i++) {
		if (out > 0 && d->t[out - 1].a == d->t[i].a && d->t[out - 1].b == d->t[i].b) {
			d->t[out - 1].w += d->t[i].w;
			d->t[out - 1].layers |= d->t[i].layers;
		} else {
			d->t[out++] = d->t[i];
		}
	}
	d->count = out;
	return 0;
}

/* The first round: households, street, neighbourhood and bridges. */
static int first_round(decl *d, uint32_t n, double street, gen *g)
{
	uint32_t i = 0;

	while (i < n) {
		/* households of 1-5 consecutive residents, within a neighbourhood */
		static const uint32_t sizes[20] = {1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2,
						   3, 3, 3, 3, 4, 4, 4, 5, 5};
		uint32_t size = sizes[below(g, 20)], nbh_end, x, y;

		nbh_end = (i / CITY_NBH_SIZE + 1) * CITY_NBH_SIZE;
		if (nbh_end > n)
			nbh_end = n;
		if (i + size > nbh_end)
			size = nbh_end - i;
		for (x = i; x < i + size; x++)
			for (y = x + 1; y < i + size; y++)
				if (push(d, x, y, CITY_HOUSEHOLD, 3) != 0)
					return -1;
		i += size;
	}
	for (i = 0; i < n; i++) {
		uint32_t base = i - i % CITY_NBH_SIZE, size = CITY_NBH_SIZE, k, count;

		if (base + size > n)
			size = n - base;
		/* street: nearby addresses, a whole number of ties on average */
		count = (uint32_t)street + (unit(g) < street - floor(street));
		for (k = 0; k < count; k++)
			if (push(d, i, base + (i - base + 1 + below(g, 24)) % size,
				 CITY_NEIGHBOURS, 1 + (float)below(g, 2)) != 0)
				return -1;
		/* school: anywhere in the neighbourhood */
		if (push(d, i, base + below(g, size), CITY_SCHOOL, 1) != 0)
			return -1;
		/* work: a bridge to anywhere in the city, a second one for 30% */
		if (push(d, i, below(g, n), CITY_WORK, 1 + (float)below(g, 3)) != 0)
			return -1;
		if (unit(g) < 0.3 && push(d, i, below(g, n), CITY_WORK, 1) != 0)
			return -1;
	}
	return 0;
}

/* Triadic closure: two friends of friends per actor (family layer). */
static int closure(decl *d, uint32_t n, gen *g)
{
	uint64_t *off = calloc((size_t)n + 1, sizeof(*off)), i, m = d->count;
	uint32_t *adj = malloc((2 * m + 1) * sizeof(*adj)), v, k;
	int rc = -1;

	if (off == NULL || adj == NULL)
		goto done;
	for (i = 0; i < m; i++) {
		off[d->t[i].a + 1]++;
		off[d->t[i].b + 1]++;
	}
	for (v = 0; v < n; v++)
		off[v + 1] += off[v];
	{
		uint64_t *at = malloc(((size_t)n + 1) * sizeof(*at));

		if (at == NULL)
			goto done;
		memcpy(at, off, ((size_t)n + 1) * sizeof(*at));
		for (i = 0; i < m; i++) {
			adj[at[d->t[i].a]++] = d->t[i].b;
			adj[at[d->t[i].b]++] = d->t[i].a;
		}
		free(at);
	}
	for (v = 0; v < n; v++) {
		uint64_t kv = off[v + 1] - off[v];

		if (kv == 0)
			continue;
		for (k = 0; k < 2; k++) {
			uint32_t j = adj[off[v] + below(g, (uint32_t)kv)];
			uint64_t kj = off[j + 1] - off[j];
			uint32_t x = adj[off[j] + below(g, (uint32_t)kj)];

			if (push(d, v, x, CITY_FAMILY, 2) != 0)
				goto done;
		}
	}
	rc = 0;
done:
	free(off);
	free(adj);
	return rc;
}

int city_make(city *c, uint32_t n, double degree, uint64_t seed)
{
	gen g = {seed};
	decl d = {NULL, 0, 0};
	uint32_t v;
	/* without the street, the other rounds give about 4.3 distinct ties per
	 * actor (measured: duplicates merged) */
	double street = degree / 2 - 4.3;

	memset(c, 0, sizeof(*c));
	if (street < 0)
		street = 0;
	c->n = n;
	c->sector = malloc(n ? n : 1);
	c->status = malloc((n ? n : 1) * sizeof(*c->status));
	if (c->sector == NULL || c->status == NULL)
		goto fail;
	for (v = 0; v < n; v++) {
		/* skewed: 80% residents, 10% entrepreneurs, 9% supporters, 1%
		 * institutions (half of them youth workers) */
		uint32_t r = below(&g, 1000);

		c->sector[v] = r < 800 ? 0 : r < 900 ? 1 : r < 990 ? 2 : r < 995 ? 3 : r < 998 ? 4 : 5;
		c->status[v] = below(&g, 10) ? (float)below(&g, 1001) / 1000.0f : NAN;
	}
	if (first_round(&d, n, street, &g) != 0 || merge(&d, n) != 0 ||
	    closure(&d, n, &g) != 0 || merge(&d, n) != 0)
		goto fail;
	c->ties = d.t;
	c->m = d.count;
	return 0;
fail:
	free(d.t);
	city_free(c);
	return -1;
}

void city_free(city *c)
{
	free(c->ties);
	free(c->sector);
	free(c->status);
	memset(c, 0, sizeof(*c));
}

static FILE *open_in(const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return fopen(path, "w");
}

int city_write_dataset(const city *c, const char *dir)
{
	FILE *f;
	uint64_t i;
	uint32_t v;
	unsigned s;
	int bad;

	if ((f = open_in(dir, "sectors.csv")) == NULL)
		return -1;
	fputs("sector,tier\n", f);
	for (s = 0; s < CITY_SECTOR_COUNT; s++)
		fprintf(f, "%s,%d\n", sector_names[s], sector_tiers[s]);
	if (fclose(f) != 0)
		return -1;
	if ((f = open_in(dir, "actors.csv")) == NULL)
		return -1;
	fputs("id,kind,sector,neighbourhood,status\n", f);
	for (v = 0; v < c->n; v++) {
		if (isnan(c->status[v]))
			fprintf(f, "%u,resident,%s,B%u,\n", (unsigned)v,
				sector_names[c->sector[v]], (unsigned)(v / CITY_NBH_SIZE));
		else
			fprintf(f, "%u,resident,%s,B%u,%.3f\n", (unsigned)v,
				sector_names[c->sector[v]], (unsigned)(v / CITY_NBH_SIZE),
				(double)c->status[v]);
	}
	if (fclose(f) != 0)
		return -1;
	if ((f = open_in(dir, "ties.csv")) == NULL)
		return -1;
	fputs("a,b,layer,weight\n", f);
	for (i = 0; i < c->m; i++)
		fprintf(f, "%u,%u,%s,%g\n", (unsigned)c->ties[i].a, (unsigned)c->ties[i].b,
			city_first_layer(c->ties[i].layers), (double)c->ties[i].w);
	bad = ferror(f);
	if (fclose(f) != 0 || bad) {
		errno = EIO;
		return -1;
	}
	return 0;
}
