/*
 * Loading the ties of a state file in bulk. A valid file holds a network
 * that was valid and free of repeats when it was saved, so the ties go
 * straight into columns reserved once for the declared count, and the
 * (a, b, layer) hash is filled as they come, in the network's own layout
 * (socialcap__tie_hash, linear probing, sized by socialcap__ties_reserve).
 * Everything a file could get wrong is still checked: indices in range,
 * a < b, weight finite and > 0, since an integer or null, and no tie
 * twice; a repeat is an error naming both records.
 *
 * Two things make it fast:
 *  - Records of the usual shapes (a 5-array of integers, the weight an
 *    integer or a float of any width, since an integer or null) are
 *    decoded straight from the bytes; anything else, and every record
 *    that fails a check, is decoded again by the general tokenizer, which
 *    gives the error its field and offset.
 *  - A tie enters the hash a few ties after it was decoded, its slot
 *    prefetched meanwhile (the probe is a cache miss per tie in a big
 *    table). While loading, a slot is 64 bits: the upper half of the hash
 *    beside the index, so a probe never reads the columns of another tie
 *    unless the tags match. At the end the tags are dropped in place and
 *    the block shrinks to the network's 32-bit slots (same positions).
 */
/* madvise() is a Linux extension beyond POSIX. */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE 1
#endif

#include <math.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "state_loader.h"

/* Fewest bytes of one tie: an array head and five 1-byte items. */
#define MIN_TIE_BYTES 6
/* Most bytes of one tie the fast path reads: a head, five 9-byte items. */
#define MAX_TIE_BYTES 46
/* Ties decoded before the first of them enters the hash. */
#define AHEAD 8

typedef struct tie_rec {
	uint32_t a, b, layer;
	double weight;
	int64_t since;
} tie_rec;

typedef struct tie_run {
	uint64_t hash[AHEAD];    /* of ties count - AHEAD .. count - 1 */
	uint64_t at[AHEAD];      /* their offsets */
	size_t pending;          /* ties stored but not yet in the hash */
	size_t cap;              /* ties the columns and the hash hold */
} tie_run;

/* ------------------------------------------------------- the fast path */

static uint64_t be(const unsigned char *p, int bytes)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < bytes; i++)
		v = v << 8 | p[i];
	return v;
}

/* The argument of an item head of major type @p major; 0 when the head is
 * of another type or not a plain argument. */
static int head(const unsigned char **pp, unsigned major, uint64_t *v)
{
	const unsigned char *p = *pp;
	unsigned c = p[0];

	if ((c >> 5) != major)
		return 0;
	c &= 31;
	if (c < 24) {
		*v = c;
		*pp = p + 1;
		return 1;
	}
	if (c > 27)
		return 0;
	*v = be(p + 1, 1 << (c - 24));
	*pp = p + 1 + (1 << (c - 24));
	return 1;
}

/* A half-precision float, exactly (infinity and NaN are left to the
 * general path). */
static double half(unsigned h)
{
	unsigned e = (h >> 10) & 31, m = h & 1023;
	double v = e == 0 ? ldexp(m, -24) : ldexp(m + 1024, (int)e - 25);

	return (h & 0x8000) ? -v : v;
}

static int fast_weight(const unsigned char **pp, double *w)
{
	const unsigned char *p = *pp;
	uint64_t u;
	uint32_t u32;
	float f;

	if (head(pp, 0, &u)) {
		*w = (double)u;
		return 1;
	}
	switch (p[0]) {
	case 0xf9:
		if (((p[1] >> 2) & 31) == 31)
			return 0;
		*w = half((unsigned)p[1] << 8 | p[2]);
		*pp = p + 3;
		return 1;
	case 0xfa:
		u32 = (uint32_t)be(p + 1, 4);
		memcpy(&f, &u32, sizeof(f));
		*w = f;
		*pp = p + 5;
		return 1;
	case 0xfb:
		u = be(p + 1, 8);
		memcpy(w, &u, sizeof(*w));
		*pp = p + 9;
		return 1;
	default:
		return 0;
	}
}

static int fast_since(const unsigned char **pp, int64_t *since)
{
	uint64_t u;

	if (**pp == 0xf6) {
		*since = SOCIALCAP_TIME_NONE;
		++*pp;
		return 1;
	}
	if (head(pp, 0, &u)) {
		*since = (int64_t)u;
		return u <= (uint64_t)INT64_MAX;
	}
	if (head(pp, 1, &u)) {
		*since = -1 - (int64_t)u;
		return u < (uint64_t)INT64_MAX; /* INT64_MIN means "none" */
	}
	return 0;
}

/* Decode a valid tie of a usual shape at the reader's position; 0 (and
 * nothing consumed) for anything else. */
static int fast_tie(loader *l, tie_rec *t)
{
	socialcap__reader *r = &l->rd;
	const unsigned char *p = r->data + r->pos;
	uint64_t a, b, layer;

	if (r->len - r->pos < MAX_TIE_BYTES || p[0] != 0x85)
		return 0;
	p++;
	if (!head(&p, 0, &a) || !head(&p, 0, &b) || !head(&p, 0, &layer) ||
	    !fast_weight(&p, &t->weight) || !fast_since(&p, &t->since))
		return 0;
	if (a >= b || b >= l->net->actors.ids.count || layer >= l->net->layers.count ||
	    !(t->weight > 0.0) || !isfinite(t->weight))
		return 0;
	t->a = (uint32_t)a;
	t->b = (uint32_t)b;
	t->layer = (uint32_t)layer;
	r->pos = (size_t)(p - r->data);
	return 1;
}

/* ---------------------------------------------------- the general path */

static int slow_tie(loader *l, uint64_t i, tie_rec *t)
{
	socialcap_network *net = l->net;
	uint64_t at = socialcap__rd_offset(&l->rd);
	uint32_t n = (uint32_t)net->actors.ids.count;
	int rc;

	if ((rc = socialcap__rd_array_of(&l->rd, 5, fld(l, "ties", i, ""))) != 0 ||
	    (rc = index_of(l, &t->a, n, fld(l, "ties", i, "a"), "actor")) != 0 ||
	    (rc = index_of(l, &t->b, n, fld(l, "ties", i, "b"), "actor")) != 0)
		return rc;
	if (t->a >= t->b)
		return bad(l, at, fld(l, "ties", i, "b"), "a tie needs a < b");
	if ((rc = index_of(l, &t->layer, net->layers.count, fld(l, "ties", i, "layer"),
			   "layer")) != 0)
		return rc;
	at = socialcap__rd_offset(&l->rd);
	if ((rc = socialcap__rd_number(&l->rd, &t->weight, 0,
				       fld(l, "ties", i, "weight"))) != 0)
		return rc;
	if (!(t->weight > 0.0))
		return bad(l, at, l->last, "weight must be > 0");
	return socialcap__rd_time(&l->rd, &t->since, 1, fld(l, "ties", i, "since"));
}

/* ------------------------------------------------------------ the hash */

/* Slots for @p count ties under the network's rule (ties.c): a power of
 * two, at least 64, at most 3/4 full. */
static size_t slots_for(size_t count)
{
	size_t n = 64;

	while (count > n / 4 * 3)
		n *= 2;
	return n;
}

/* Put tie @p k (its columns written) into the hash, unless it repeats an
 * earlier one. A slot is the upper half of the hash, then index + 1. */
static int insert(loader *l, size_t k, uint64_t hash, uint64_t at)
{
	const socialcap__ties *t = &l->net->ties;
	const uint64_t tag = hash & UINT64_C(0xffffffff00000000);
	uint64_t *fp = l->tie_fp;
	size_t mask = l->tie_fp_count - 1, i;

	for (i = (size_t)hash & mask; fp[i] != 0; i = (i + 1) & mask) {
		size_t j = (size_t)(fp[i] & 0xffffffffu) - 1;

		if ((fp[i] & UINT64_C(0xffffffff00000000)) == tag && t->a[j] == t->a[k] &&
		    t->b[j] == t->b[k] && t->layer[j] == t->layer[k])
			return socialcap__rd_fail(&l->rd, SOCIALCAP_EFORMAT, at,
						  fld(l, "ties", k, ""),
						  "the same tie appears twice (first as ties[%llu])",
						  (unsigned long long)j);
	}
	fp[i] = tag | (uint64_t)(k + 1);
	return SOCIALCAP_OK;
}

/* Put every stored tie not yet in the hash there. */
static int flush(loader *l, tie_run *run)
{
	size_t count = l->net->ties.count;
	int rc;

	while (run->pending > 0) {
		size_t k = count - run->pending--;

		if ((rc = insert(l, k, run->hash[k % AHEAD], run->at[k % AHEAD])) != 0)
			return rc;
	}
	return SOCIALCAP_OK;
}

static int store(loader *l, tie_run *run, const tie_rec *rec, uint64_t at)
{
	socialcap__ties *t = &l->net->ties;
	size_t k = t->count;
	uint64_t hash;

	/* Only a file that grew while it was read can hold more ties than its
	 * size when opened allowed for. */
	if (k >= run->cap)
		return bad(l, at, fld(l, "ties", k, ""),
			   "more ties than the input's size allows (did it change?)");
	t->a[k] = rec->a;
	t->b[k] = rec->b;
	t->layer[k] = (uint16_t)rec->layer;
	t->weight[k] = rec->weight;
	if (rec->since != SOCIALCAP_TIME_NONE && t->since == NULL &&
	    socialcap__ties_hold_since(t, &l->net->mem, run->cap) != 0)
		return oom(l);
	if (t->since != NULL)
		t->since[k] = rec->since;
	t->count = k + 1;
	hash = socialcap__tie_hash(rec->a, rec->b, rec->layer);
#if defined(__GNUC__)
	__builtin_prefetch(&l->tie_fp[(size_t)hash & (l->tie_fp_count - 1)], 1);
#endif
	if (run->pending == AHEAD) {
		size_t old = k - AHEAD;
		int rc = insert(l, old, run->hash[old % AHEAD], run->at[old % AHEAD]);

		if (rc != 0)
			return rc;
		run->pending--;
	}
	run->hash[k % AHEAD] = hash;
	run->at[k % AHEAD] = at;
	run->pending++;
	return SOCIALCAP_OK;
}

/* The network's hash from the tagged one: the same slots without the
 * tags, packed into the front of the block, which then shrinks. */
static int hand_over(loader *l)
{
	socialcap__ties *t = &l->net->ties;
	size_t n = l->tie_fp_count, i;
	uint32_t *slots;

	if (n == 0)
		return SOCIALCAP_OK;
	for (i = 0; i < n; i++) {
		uint32_t v = (uint32_t)(l->tie_fp[i] & 0xffffffffu);

		/* Slot i of the packed array overlaps only entries before i,
		 * already read; memcpy because the block changes type. */
		memcpy((unsigned char *)l->tie_fp + i * sizeof(v), &v, sizeof(v));
	}
	slots = socialcap__mem_realloc(&l->net->mem, l->tie_fp, n * sizeof(*l->tie_fp),
				       n * sizeof(*slots));
	if (slots == NULL)
		return oom(l);
	l->tie_fp = NULL;
	l->tie_fp_count = 0;
	t->slots = slots;
	t->slot_count = n;
	return SOCIALCAP_OK;
}

/* ------------------------------------------------------------- the loop */

/* Map the pages of a fresh column in one call instead of one fault per
 * page as the loop first writes them (the faults cost more than the
 * writes on small pages). Only a hint: nothing changes if it fails. */
static void populate(void *p, size_t size)
{
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
	const uintptr_t page = 4096;
	uintptr_t lo = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t hi = ((uintptr_t)p + size) & ~(page - 1);

	if (hi > lo)
		(void)madvise((char *)p + (lo - (uintptr_t)p), hi - lo, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)size;
#endif
}

/* Columns for @p run->cap ties, exactly, and the tagged hash. */
static int reserve(loader *l, tie_run *run, uint64_t n)
{
	socialcap__ties *t = &l->net->ties;
	socialcap__mem *mem = &l->net->mem;
	uint64_t fit = remaining(l) / MIN_TIE_BYTES;
	size_t cap;

	/* A declared count never buys more than the input can hold. */
	cap = run->cap = (size_t)(n < fit ? n : fit);
	if (cap == 0)
		return SOCIALCAP_OK;
	if (SOCIALCAP__COL_GROW(mem, t, a, cap) != 0 ||
	    SOCIALCAP__COL_GROW(mem, t, b, cap) != 0 ||
	    SOCIALCAP__COL_GROW(mem, t, layer, cap) != 0 ||
	    SOCIALCAP__COL_GROW(mem, t, weight, cap) != 0)
		return oom(l);
	populate(t->a, cap * sizeof(*t->a));
	populate(t->b, cap * sizeof(*t->b));
	populate(t->layer, cap * sizeof(*t->layer));
	populate(t->weight, cap * sizeof(*t->weight));
	/* since: only once a tie has a known time (store) */
	l->tie_fp = socialcap__mem_calloc(mem, slots_for(cap), sizeof(*l->tie_fp));
	if (l->tie_fp == NULL)
		return oom(l);
	l->tie_fp_count = slots_for(cap);
	return SOCIALCAP_OK;
}

int socialcap__load_ties(loader *l)
{
	tie_run run;
	uint64_t n, i;
	int rc;

	if ((rc = socialcap__rd_array(&l->rd, &n, top(l, "ties"))) != 0)
		return rc;
	if (n > l->net->opts.max_ties)
		return socialcap__rd_fail(&l->rd, SOCIALCAP_ELIMIT,
					  socialcap__rd_offset(&l->rd) - 1, "ties",
					  "%llu ties exceed the limit", (unsigned long long)n);
	memset(&run, 0, sizeof(run));
	if ((rc = reserve(l, &run, n)) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		uint64_t at;
		tie_rec rec;

		fld(l, "ties", i, "");
		if ((rc = socialcap__rd_ahead(&l->rd, MAX_TIE_BYTES)) != 0)
			return rc;
		at = socialcap__rd_offset(&l->rd);
		if (!fast_tie(l, &rec)) {
			/* Any earlier repeat is reported before this record's
			 * problem. */
			if ((rc = flush(l, &run)) != 0 || (rc = slow_tie(l, i, &rec)) != 0)
				return rc;
		}
		if ((rc = store(l, &run, &rec, at)) != 0)
			return rc;
	}
	if ((rc = flush(l, &run)) != 0)
		return rc;
	return hand_over(l);
}
