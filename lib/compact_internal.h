/*
 * The layout of a compact graph and its builder, shared by compact_build.c,
 * compact_merge.c and compact_areas.c. Private: never installed.
 *
 * Per actor: a CSR offset (uint64), sector (uint32), neighbourhood (uint32)
 * and kind (uint8); per sector a tier (int32); per half-edge the neighbour
 * (uint32), the layer mask (uint8) and, when weighted, a float weight.
 * The half-edge arrays are parallel arrays rather than one array of
 * structs so that an unweighted half-edge costs 5 bytes, not 8.
 */
#ifndef SOCIALCAP_COMPACT_INTERNAL_H
#define SOCIALCAP_COMPACT_INTERNAL_H

#include <stdint.h>

#include "memory.h"
#include "socialcap/compact.h"

#define SOCIALCAP__COMPACT_MSG 256

/* The per-actor and per-sector attributes, shared by builder and graph. */
typedef struct socialcap__compact_attr {
	uint32_t n, sectors, nbhs;
	int weighted;
	uint32_t *sector;  /* n */
	uint32_t *nbh;     /* n */
	uint8_t *kind;     /* n */
	int32_t *tier;     /* sectors */
} socialcap__compact_attr;

struct socialcap_compact_builder {
	socialcap__mem mem;
	socialcap__compact_attr at;
	int filling;       /* 0: counting pass, 1: filling pass */
	uint64_t *off;     /* n + 1: counts at v + 1, then the prefix sums */
	uint64_t *cur;     /* 2n: next free slot of v and its end (filling pass) */
	uint32_t *adj;     /* half edges (filling pass) */
	uint8_t *lay;
	float *w;          /* weighted only */
	uint64_t half;     /* half-edges counted */
	uint64_t written;  /* half-edges written */
	char msg[SOCIALCAP__COMPACT_MSG];
};

struct socialcap_compact {
	socialcap__mem mem;
	socialcap__compact_attr at;
	uint64_t *off;     /* n + 1 */
	uint32_t *adj;     /* off[n] */
	uint8_t *lay;
	float *w;          /* NULL when unweighted */
	uint64_t adj_cap, lay_cap, w_cap; /* elements allocated (>= off[n]) */
};

void socialcap__compact_attr_free(socialcap__compact_attr *at, socialcap__mem *mem);

/*
 * Sort every list of the builder's filled CSR, merge repeated neighbours
 * and compact the lists to the front of the arrays, rewriting off[] to the
 * new offsets. @p keys has room for the largest degree (as do @p lay_tmp
 * and, weighted, @p w_tmp). Cannot fail.
 */
void socialcap__compact_merge(uint64_t *off, uint32_t n, uint32_t *adj, uint8_t *lay,
			      float *w, uint64_t *keys, uint8_t *lay_tmp, float *w_tmp);

/* Shrink the half-edge arrays of @p g to off[n]; keeps them when the
 * allocator cannot (the graph is the same either way). */
void socialcap__compact_shrink(socialcap_compact *g);

/* Strength of half-edge e: its weight, or its number of layers. */
static inline double socialcap__compact_strength(const socialcap_compact *g, uint64_t e)
{
	unsigned x;

	if (g->w != NULL)
		return (double)g->w[e];
	x = g->lay[e];
	x = (x & 0x55u) + ((x >> 1) & 0x55u);
	x = (x & 0x33u) + ((x >> 2) & 0x33u);
	return (double)((x & 0x0fu) + (x >> 4));
}

#endif
