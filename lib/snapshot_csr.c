/*
 * Snapshot build, phase 2: sum the pair contributions per pair, keep the
 * active ones and lay them out as a CSR graph.
 *
 * The contributions are bucketed by their first actor with an in-place
 * two-pass counting sort (no second copy of what may be hundreds of
 * megabytes), then
 * each bucket is sorted by (second actor, strength). Summing each pair's
 * contributions in ascending order of strength makes the total independent
 * of the order the records were entered in.
 */
#include <stdlib.h>
#include <string.h>

#include "snapshot_internal.h"

static int cmp_pair_b(const void *x, const void *y)
{
	const socialcap__pair *p = x, *q = y;

	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return (p->w > q->w) - (p->w < q->w);
}

static int pair_before(const socialcap__pair *p, const socialcap__pair *q)
{
	return p->b < q->b || (p->b == q->b && p->w < q->w);
}

/* Buckets are mostly a few dozen pairs (one actor's contributions), where
 * an inlined insertion sort beats qsort's indirect comparisons. */
static void sort_bucket(socialcap__pair *p, size_t count)
{
	size_t i, j;

	if (count > 32) {
		qsort(p, count, sizeof(*p), cmp_pair_b);
		return;
	}
	for (i = 1; i < count; i++) {
		socialcap__pair x = p[i];

		for (j = i; j > 0 && pair_before(&x, &p[j - 1]); j--)
			p[j] = p[j - 1];
		p[j] = x;
	}
}

/* Buckets of the first, coarse pass: few enough that every bucket's write
 * position stays in cache while pairs are carried around. */
#define COARSE_BUCKETS 4096u

/*
 * One in-place counting-sort pass (American flag sort) over p[0..count)
 * by the key (a >> shift) & mask, which must be < nb. next and end are nb
 * long scratch arrays.
 */
static void flag_pass(socialcap__pair *p, size_t count, unsigned shift,
		      uint32_t mask, uint32_t nb, uint64_t *next, uint64_t *end)
{
	uint64_t sum = 0;
	uint32_t k;
	size_t i;

	memset(end, 0, (size_t)nb * sizeof(*end));
	for (i = 0; i < count; i++)
		end[(p[i].a >> shift) & mask]++;
	for (k = 0; k < nb; k++) {
		next[k] = sum;
		sum += end[k];
		end[k] = sum;
	}
	for (k = 0; k < nb; k++) {
		while (next[k] < end[k]) {
			socialcap__pair x = p[next[k]];
			uint32_t kx = (x.a >> shift) & mask;

			/* Carry x to its bucket, picking up what was there,
			 * until something belonging to bucket k comes back. */
			while (kx != k) {
				socialcap__pair y = p[next[kx]];

				p[next[kx]++] = x;
				x = y;
				kx = (x.a >> shift) & mask;
			}
			p[next[k]++] = x;
		}
	}
}

/*
 * Sort the pairs by .a in place: a coarse pass on the high bits of .a
 * (at most COARSE_BUCKETS buckets), then a fine pass on the low bits
 * within each coarse bucket, which is small enough to sit in cache. One
 * pass over n buckets would carry each pair to a random place in a huge
 * array; two passes are several times faster and need no second copy.
 */
static int bucket_by_a(socialcap__mem *mem, socialcap__pair *p, size_t count,
		       uint32_t n)
{
	unsigned shift = 0;
	uint32_t coarse, fine, widest, k;
	uint64_t *bounds, *next, *end, lo = 0;
	size_t words;

	while (n > 0 && ((n - 1) >> shift) >= COARSE_BUCKETS)
		shift++;
	coarse = n > 0 ? ((n - 1) >> shift) + 1 : 1;
	fine = 1u << shift;
	widest = coarse > fine ? coarse : fine;
	words = (size_t)coarse + 2 * (size_t)widest;
	bounds = socialcap__mem_alloc(mem, words * sizeof(*bounds));
	if (bounds == NULL)
		return SOCIALCAP_ENOMEM;
	next = bounds + coarse;
	end = next + widest;
	flag_pass(p, count, shift, UINT32_MAX, coarse, next, end);
	memcpy(bounds, end, (size_t)coarse * sizeof(*bounds));
	for (k = 0; shift > 0 && k < coarse; k++) {
		flag_pass(p + lo, (size_t)(bounds[k] - lo), 0, fine - 1, fine, next, end);
		lo = bounds[k];
	}
	socialcap__mem_free(mem, bounds, words * sizeof(*bounds));
	return SOCIALCAP_OK;
}

/*
 * After bucket_by_a() the buckets are consecutive in .a order. Sort each
 * by .b, sum runs of equal (a, b), keep totals >= theta (and > 0), and
 * write them compactly to the front. Returns the number kept.
 */
static size_t merge_pairs(socialcap__pair *p, size_t count, double theta)
{
	size_t i = 0, out = 0;

	while (i < count) {
		size_t j = i;

		while (j < count && p[j].a == p[i].a)
			j++;
		sort_bucket(p + i, j - i);
		while (i < j) {
			socialcap__pair s = p[i++];

			while (i < j && p[i].b == s.b)
				s.w += p[i++].w;
			if (s.w >= theta && s.w > 0.0)
				p[out++] = s;
		}
	}
	return out;
}

static void free_graph(socialcap_snapshot *s)
{
	socialcap__mem_free(&s->mem, s->off, ((size_t)s->n + 1) * sizeof(*s->off));
	socialcap__mem_free(&s->mem, s->adj, 2 * s->m * sizeof(*s->adj));
	socialcap__mem_free(&s->mem, s->w, 2 * s->m * sizeof(*s->w));
	socialcap__mem_free(&s->mem, s->rev, 2 * s->m * sizeof(*s->rev));
	s->off = NULL;
	s->adj = NULL;
	s->w = NULL;
	s->rev = NULL;
}

/* Lay out the sorted unique pairs; see snapshot_internal.h for the form. */
static void fill_csr(socialcap_snapshot *s, const socialcap__pair *p,
		     uint64_t *cur)
{
	uint32_t v;
	size_t i;

	memset(s->off, 0, ((size_t)s->n + 1) * sizeof(*s->off));
	for (i = 0; i < s->m; i++) {
		s->off[p[i].a + 1]++;
		s->off[p[i].b + 1]++;
	}
	for (v = 0; v < s->n; v++)
		s->off[v + 1] += s->off[v];
	memcpy(cur, s->off, (size_t)s->n * sizeof(*cur));
	/* Pairs come in (a, b) order, so each list fills in ascending order:
	 * first the smaller neighbours (as b), then the larger ones (as a). */
	for (i = 0; i < s->m; i++) {
		uint64_t ea = cur[p[i].a]++, eb = cur[p[i].b]++;

		s->adj[ea] = p[i].b;
		s->w[ea] = p[i].w;
		s->rev[ea] = (uint32_t)(eb - s->off[p[i].b]);
		s->adj[eb] = p[i].a;
		s->w[eb] = p[i].w;
		s->rev[eb] = (uint32_t)(ea - s->off[p[i].a]);
	}
}

int socialcap__snap_make_csr(socialcap_snapshot *s, socialcap__pairs *pairs)
{
	size_t nb = ((size_t)s->n + 1) * sizeof(uint64_t), half;
	uint64_t *next = socialcap__mem_alloc(&s->mem, nb);
	int rc = SOCIALCAP_ENOMEM;

	s->m = 0;
	if (next == NULL || bucket_by_a(&s->mem, pairs->p, pairs->count, s->n) != 0)
		goto done;
	s->m = merge_pairs(pairs->p, pairs->count, s->opts.theta);
	half = (size_t)(2 * s->m);
	s->off = socialcap__mem_alloc(&s->mem, nb);
	if (half > 0) {
		s->adj = socialcap__mem_alloc(&s->mem, half * sizeof(*s->adj));
		s->w = socialcap__mem_alloc(&s->mem, half * sizeof(*s->w));
		s->rev = socialcap__mem_alloc(&s->mem, half * sizeof(*s->rev));
	}
	if (s->off == NULL ||
	    (half > 0 && (s->adj == NULL || s->w == NULL || s->rev == NULL))) {
		free_graph(s);
		s->m = 0;
		goto done;
	}
	fill_csr(s, pairs->p, next);
	rc = SOCIALCAP_OK;
done:
	socialcap__mem_free(&s->mem, next, nb);
	socialcap__mem_free(&s->mem, pairs->p, pairs->cap * sizeof(*pairs->p));
	pairs->p = NULL;
	pairs->count = pairs->cap = 0;
	return rc;
}
