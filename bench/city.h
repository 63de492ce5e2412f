/*
 * A seeded synthetic city for the benchmarks: neighbourhoods of about 1,500
 * residents, skewed sectors with about 1% institutions, household cliques,
 * spatially clustered street ties, triadic closure, ties across the
 * neighbourhood and a share of bridging ties anywhere in the city. Each
 * distinct pair appears once, with its summed weight and the layers it was
 * declared in as a bitmask.
 *
 * Not part of the library: shared by bench_indicators.c and bench_igraph.c.
 */
#ifndef SOCIALCAP_BENCH_CITY_H
#define SOCIALCAP_BENCH_CITY_H

#include <stddef.h>
#include <stdint.h>

#define CITY_NBH_SIZE 1500u

/* Layer bits; city_layer_name() gives the label of each. */
enum {
	CITY_FAMILY = 0x1,
	CITY_HOUSEHOLD = 0x2,
	CITY_NEIGHBOURS = 0x4,
	CITY_WORK = 0x8,
	CITY_SCHOOL = 0x10
};

/* Sector indices: 0-2 tier 0, 3-5 institutions (tier > 0). */
enum { CITY_SECTOR_COUNT = 6 };

typedef struct city_tie {
	uint32_t a, b;      /* a < b */
	float w;            /* summed weight (a small integer) */
	uint8_t layers;     /* CITY_* bits */
} city_tie;

typedef struct city {
	uint32_t n;
	uint64_t m;         /* distinct pairs */
	city_tie *ties;     /* m, sorted by (a, b) */
	uint8_t *sector;    /* n: index into city_sector_name() */
	float *status;      /* n: percentile, NaN = unknown */
} city;

/* Build a city of @p n actors from @p seed, with mean degree about
 * @p degree (any value >= 8; 20 is the default of the benchmarks).
 * Returns 0, or -1 when memory runs out. */
int city_make(city *c, uint32_t n, double degree, uint64_t seed);
void city_free(city *c);

const char *city_sector_name(unsigned sector);
int city_sector_tier(unsigned sector);
const char *city_layer_name(unsigned bit);

/* The label of the lowest layer in @p layers. */
const char *city_first_layer(uint8_t layers);

/* Write sectors.csv, actors.csv and ties.csv (a,b,layer,weight with one row
 * per pair: the pair's lowest layer and its summed weight) into the
 * existing directory @p dir. Actor ids are the decimal indices.
 * Returns 0 or -1 (errno set). */
int city_write_dataset(const city *c, const char *dir);

#endif
