/*
 * Snapshot build: the CSR graph, straight from the network's records in
 * two passes and without a list of pair contributions.
 *
 * Pass 1 counts the contributions at each actor; pass 2 writes both
 * half-edges of each contribution into its actors' ranges. Each actor's
 * range is then sorted by (neighbour, strength) and the runs of one
 * neighbour are summed in ascending order of strength, which makes the
 * total independent of the order the records were entered in and the
 * same at both ends of a tie; totals >= theta (and > 0) are kept and
 * compacted to the front.
 *
 * Memory: 12 bytes per half-edge contribution while summing (neighbour
 * and strength), then 12 per kept half-edge; nothing else of that size.
 * A build that takes its network over writes pass 2 range by range of
 * actors and consumes the ties on the way (fill_taking).
 */
#include <stdlib.h>
#include <string.h>

#include "network_internal.h"
#include "snapshot_internal.h"

typedef struct half {
	uint32_t v;
	double w;
} half;

static int cmp_half(const void *x, const void *y)
{
	const half *p = x, *q = y;

	if (p->v != q->v)
		return p->v < q->v ? -1 : 1;
	return (p->w > q->w) - (p->w < q->w);
}

/* Lists are mostly a few dozen entries, where an insertion sort on the two
 * arrays beats qsort; longer ones go through @p scratch. */
static void sort_list(uint32_t *adj, double *w, size_t count, half *scratch)
{
	size_t i, j;

	/* scratch is NULL only when no list is longer than 32 */
	if (count > 32 && scratch != NULL) {
		for (i = 0; i < count; i++) {
			scratch[i].v = adj[i];
			scratch[i].w = w[i];
		}
		qsort(scratch, count, sizeof(*scratch), cmp_half);
		for (i = 0; i < count; i++) {
			adj[i] = scratch[i].v;
			w[i] = scratch[i].w;
		}
		return;
	}
	for (i = 1; i < count; i++) {
		uint32_t v = adj[i];
		double x = w[i];

		for (j = i; j > 0 && (adj[j - 1] > v || (adj[j - 1] == v && w[j - 1] > x)); j--) {
			adj[j] = adj[j - 1];
			w[j] = w[j - 1];
		}
		adj[j] = v;
		w[j] = x;
	}
}

/*
 * Sort, sum and compact every list in place; off[] becomes the final
 * offsets. Returns the number of half-edges kept.
 */
static uint64_t merge_lists(socialcap_snapshot *s, half *scratch)
{
	uint64_t out = 0, lo, hi, i;
	uint32_t v;

	for (v = 0; v < s->n; v++) {
		lo = s->off[v];
		hi = s->off[v + 1];
		s->off[v] = out;
		sort_list(s->adj + lo, s->w + lo, (size_t)(hi - lo), scratch);
		for (i = lo; i < hi;) {
			uint32_t u = s->adj[i];
			double sum = s->w[i++];

			while (i < hi && s->adj[i] == u)
				sum += s->w[i++];
			if (sum >= s->opts.theta && sum > 0.0) {
				s->adj[out] = u;
				s->w[out] = sum;
				out++;
			}
		}
	}
	s->off[s->n] = out;
	return out;
}

static void free_graph(socialcap_snapshot *s)
{
	socialcap__mem_free(&s->mem, s->off, ((size_t)s->n + 1) * sizeof(*s->off));
	socialcap__mem_free(&s->mem, s->adj, (size_t)s->adj_room * sizeof(*s->adj));
	socialcap__mem_free(&s->mem, s->w, (size_t)s->w_room * sizeof(*s->w));
	s->off = NULL;
	s->adj = NULL;
	s->w = NULL;
	s->adj_room = s->w_room = 0;
	s->m = 0;
}

/* Pass 1: off[v] = contributions at v, then the end of v's range (the
 * ranges in actor order); off[n] = the number of half-edges, returned
 * with the longest range. */
static uint64_t count_half_edges(socialcap_snapshot *s, const socialcap_network *net,
				 uint64_t *longest)
{
	socialcap__emit em = {0, s->off, NULL, NULL, 0, 0};
	uint64_t sum = 0;
	uint32_t v;

	*longest = 0;
	socialcap__snap_collect(net, &s->opts, &em);
	for (v = 0; v < s->n; v++) {
		if (s->off[v] > *longest)
			*longest = s->off[v];
		sum += s->off[v];
		s->off[v] = sum;
	}
	s->off[s->n] = sum;
	return sum;
}

/* Give back the room of the half-edges merged away or dropped. A refusal
 * keeps the larger block (adj_room, w_room say how large): the graph is
 * complete either way, and a build that took its network over must not
 * fail once the ties are gone. */
static void shrink(socialcap_snapshot *s)
{
	size_t keep = (size_t)(2 * s->m), room;

	if (keep == 0) {
		socialcap__mem_free(&s->mem, s->adj, (size_t)s->adj_room * sizeof(*s->adj));
		socialcap__mem_free(&s->mem, s->w, (size_t)s->w_room * sizeof(*s->w));
		s->adj = NULL;
		s->w = NULL;
		s->adj_room = s->w_room = 0;
		return;
	}
	room = (size_t)s->adj_room;
	if (keep < room &&
	    socialcap__resize(&s->mem, (void **)&s->adj, &room, keep, sizeof(*s->adj)) == 0)
		s->adj_room = keep;
	room = (size_t)s->w_room;
	if (keep < room &&
	    socialcap__resize(&s->mem, (void **)&s->w, &room, keep, sizeof(*s->w)) == 0)
		s->w_room = keep;
}

/* How many ranges a build that takes its network over writes: the ties
 * still held shrink by about 1/RANGES of the graph between two. */
#define RANGES 8u

/*
 * Pass 2 of a build that takes the network over: the actors are cut into
 * RANGES runs of about equal half-edge counts, and each pass writes the
 * half-edges of one run while dropping the ties done with. The writes of
 * one pass stay in that run's part of adj and w, so the pages the graph
 * has touched grow run by run while the tie columns shrink.
 */
static void fill_taking(socialcap_snapshot *s, socialcap_network *net,
			socialcap__emit *em, uint64_t total)
{
	uint32_t v = 0, r;

	socialcap__ties_drop_slots(&net->ties, &net->mem);
	for (r = 1; r <= RANGES; r++) {
		/* off[v] is still the end of v's range until v is written,
		 * and never beyond total: the last run takes every actor left */
		uint64_t upto = r == RANGES ? total : total / RANGES * r;

		em->lo = v;
		while (v < s->n && s->off[v] <= upto)
			v++;
		em->hi = v;
		socialcap__snap_collect_taking(net, &s->opts, em);
	}
}

int socialcap__snap_make_csr(socialcap_snapshot *s, socialcap_network *net,
			     int taking)
{
	uint64_t total, longest;
	socialcap__emit em;
	half *scratch = NULL;
	int rc = SOCIALCAP_ENOMEM;

	s->m = 0;
	s->off = socialcap__mem_calloc(&s->mem, (size_t)s->n + 1, sizeof(*s->off));
	if (s->off == NULL)
		return SOCIALCAP_ENOMEM;
	total = count_half_edges(s, net, &longest);
	if (total > 0) {
		s->adj = socialcap__mem_alloc(&s->mem, (size_t)total * sizeof(*s->adj));
		s->w = socialcap__mem_alloc(&s->mem, (size_t)total * sizeof(*s->w));
		s->adj_room = s->adj != NULL ? total : 0;
		s->w_room = s->w != NULL ? total : 0;
		if (longest > 32)
			scratch = socialcap__mem_alloc(&s->mem, (size_t)longest * sizeof(*scratch));
		if (s->adj == NULL || s->w == NULL || (longest > 32 && scratch == NULL))
			goto done;
	}
	/* Pass 2: each range is filled from its end (off[v]), so off[v] ends
	 * at the range's start. */
	em.fill = 1;
	em.end = s->off;
	em.adj = s->adj;
	em.w = s->w;
	if (taking) {
		fill_taking(s, net, &em, total);
	} else {
		em.lo = 0;
		em.hi = s->n;
		socialcap__snap_collect(net, &s->opts, &em);
	}
	s->m = merge_lists(s, scratch) / 2;
	shrink(s);
	rc = SOCIALCAP_OK;
done:
	socialcap__mem_free(&s->mem, scratch, (size_t)longest * sizeof(*scratch));
	if (rc != SOCIALCAP_OK)
		free_graph(s);
	return rc;
}
