/*
 * The finish of a compact graph: sort each actor's list, merge repeated
 * neighbours, compact the lists in place; and the graph's accessors.
 *
 * A list is sorted as 64-bit keys (neighbour << 32 | position in the list),
 * so that one integer sort serves weighted and unweighted graphs and the
 * layer bits and weights follow through the position.
 */
#include <string.h>

#include "compact_internal.h"

#define INSERTION_MAX 24

static void insertion_sort(uint64_t *a, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		uint64_t x = a[i];

		for (j = i; j > 0 && a[j - 1] > x; j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
}

static void swap(uint64_t *a, uint64_t *b)
{
	uint64_t t = *a;

	*a = *b;
	*b = t;
}

/* Quicksort with median-of-three pivots, recursing into the smaller part
 * (depth O(log n)); the keys are distinct because positions are. */
static void sort_keys(uint64_t *a, size_t n)
{
	while (n > INSERTION_MAX) {
		size_t i = 0, j = n - 1, mid = n / 2;
		uint64_t p;

		if (a[mid] < a[0])
			swap(&a[mid], &a[0]);
		if (a[j] < a[0])
			swap(&a[j], &a[0]);
		if (a[j] < a[mid])
			swap(&a[j], &a[mid]);
		p = a[mid];
		for (;;) {
			while (a[i] < p)
				i++;
			while (a[j] > p)
				j--;
			if (i >= j)
				break;
			swap(&a[i], &a[j]);
			i++;
			j--;
		}
		/* a[0..j] <= p <= a[j+1..n) */
		if (j + 1 < n - j - 1) {
			sort_keys(a, j + 1);
			a += j + 1;
			n -= j + 1;
		} else {
			sort_keys(a + j + 1, n - j - 1);
			n = j + 1;
		}
	}
	insertion_sort(a, n);
}

void socialcap__compact_merge(uint64_t *off, uint32_t n, uint32_t *adj, uint8_t *lay,
			      float *w, uint64_t *keys, uint8_t *lay_tmp, float *w_tmp)
{
	uint64_t wp = 0, s = 0;
	uint32_t v;

	for (v = 0; v < n; v++) {
		uint64_t e = off[v + 1];
		size_t k = (size_t)(e - s), i;

		for (i = 0; i < k; i++)
			keys[i] = (uint64_t)adj[s + i] << 32 | (uint64_t)i;
		memcpy(lay_tmp, lay + s, k);
		if (w != NULL)
			memcpy(w_tmp, w + s, k * sizeof(*w));
		sort_keys(keys, k);
		off[v] = wp;
		/* wp <= s: the compacted list never overtakes the unread one,
		 * which is in the scratch anyway */
		for (i = 0; i < k; i++) {
			uint32_t nb = (uint32_t)(keys[i] >> 32);
			size_t at = (size_t)(keys[i] & 0xffffffffu);

			if (wp > off[v] && adj[wp - 1] == nb) {
				lay[wp - 1] |= lay_tmp[at];
				if (w != NULL)
					w[wp - 1] += w_tmp[at];
				continue;
			}
			adj[wp] = nb;
			lay[wp] = lay_tmp[at];
			if (w != NULL)
				w[wp] = w_tmp[at];
			wp++;
		}
		s = e;
	}
	off[n] = wp;
}

/* Shrink one array to @p need elements; on failure it keeps its size. */
static void shrink(socialcap__mem *mem, void **p, uint64_t *cap, uint64_t need,
		   size_t elem)
{
	void *q;

	if (*p == NULL || need == *cap || need == 0)
		return;
	q = socialcap__mem_realloc(mem, *p, (size_t)*cap * elem, (size_t)need * elem);
	if (q == NULL)
		return;
	*p = q;
	*cap = need;
}

void socialcap__compact_shrink(socialcap_compact *g)
{
	uint64_t need = g->off[g->at.n];

	shrink(&g->mem, (void **)&g->adj, &g->adj_cap, need, sizeof(*g->adj));
	shrink(&g->mem, (void **)&g->lay, &g->lay_cap, need, sizeof(*g->lay));
	shrink(&g->mem, (void **)&g->w, &g->w_cap, need, sizeof(*g->w));
}

void socialcap_compact_free(socialcap_compact *g)
{
	socialcap__mem mem;

	if (g == NULL)
		return;
	socialcap__mem_free(&g->mem, g->adj, (size_t)g->adj_cap * sizeof(*g->adj));
	socialcap__mem_free(&g->mem, g->lay, (size_t)g->lay_cap * sizeof(*g->lay));
	socialcap__mem_free(&g->mem, g->w, (size_t)g->w_cap * sizeof(*g->w));
	socialcap__mem_free(&g->mem, g->off, ((size_t)g->at.n + 1) * sizeof(*g->off));
	socialcap__compact_attr_free(&g->at, &g->mem);
	mem = g->mem;
	socialcap__mem_free(&mem, g, sizeof(*g));
}

uint32_t socialcap_compact_actor_count(const socialcap_compact *g)
{
	return g != NULL ? g->at.n : 0;
}

uint64_t socialcap_compact_tie_count(const socialcap_compact *g)
{
	return g != NULL ? g->off[g->at.n] / 2 : 0;
}

size_t socialcap_compact_memory(const socialcap_compact *g)
{
	return g != NULL ? g->mem.bytes : 0;
}

uint64_t socialcap_compact_neighbours(const socialcap_compact *g, uint32_t v,
				      const uint32_t **neighbours, const uint8_t **layers,
				      const float **weights)
{
	int ok = g != NULL && v < g->at.n;
	uint64_t s = ok ? g->off[v] : 0;

	if (neighbours != NULL)
		*neighbours = ok ? g->adj + s : NULL;
	if (layers != NULL)
		*layers = ok ? g->lay + s : NULL;
	if (weights != NULL)
		*weights = ok && g->w != NULL ? g->w + s : NULL;
	return ok ? g->off[v + 1] - s : 0;
}
