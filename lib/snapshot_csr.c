/*
 * Snapshot build, phase 2: sum the pair contributions per pair, keep the
 * active ones and lay them out as a CSR graph.
 *
 * The contributions are bucketed by their first actor with an in-place
 * counting sort (no second copy of what may be hundreds of megabytes), then
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

/*
 * In-place counting sort by .a (American flag sort). next and end are
 * n + 1 long scratch arrays: next[a] walks bucket a, end[a] is its end.
 */
static void bucket_by_a(socialcap__pair *p, size_t count, uint32_t n,
			uint64_t *next, uint64_t *end)
{
	uint64_t sum = 0;
	uint32_t a;
	size_t i;

	memset(end, 0, ((size_t)n + 1) * sizeof(*end));
	for (i = 0; i < count; i++)
		end[p[i].a]++;
	for (a = 0; a < n; a++) {
		next[a] = sum;
		sum += end[a];
		end[a] = sum;
	}
	for (a = 0; a < n; a++) {
		while (next[a] < end[a]) {
			socialcap__pair x = p[next[a]];

			/* Carry x to its bucket, picking up what was there,
			 * until something belonging to bucket a comes back. */
			while (x.a != a) {
				socialcap__pair y = p[next[x.a]];

				p[next[x.a]++] = x;
				x = y;
			}
			p[next[a]++] = x;
		}
	}
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
	uint64_t *end = socialcap__mem_alloc(&s->mem, nb);
	int rc = SOCIALCAP_ENOMEM;

	s->m = 0;
	if (next == NULL || end == NULL)
		goto done;
	bucket_by_a(pairs->p, pairs->count, s->n, next, end);
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
	socialcap__mem_free(&s->mem, end, nb);
	socialcap__mem_free(&s->mem, pairs->p, pairs->cap * sizeof(*pairs->p));
	pairs->p = NULL;
	pairs->count = pairs->cap = 0;
	return rc;
}
