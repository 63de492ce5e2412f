/*
 * Loading the ties of a state file in bulk. A valid file holds a network
 * that was valid and free of repeats when it was saved, so the ties go
 * straight into columns reserved once for the declared count, and the
 * (a, b, layer) hash is built in the network's own layout
 * (socialcap__tie_hash, linear probing, sized by the rule of ties.c).
 * Everything a file could get wrong is still checked: indices in range,
 * a < b, weight finite and > 0, since an integer or null, and no tie
 * twice; a repeat is an error naming both records, and the first problem
 * in file order is the one reported.
 *
 * Two things make it fast:
 *  - Records of the usual shapes (a 5-array of integers, the weight an
 *    integer or a float of any width, since an integer or null) are
 *    decoded straight from the bytes; anything else, and every record
 *    that fails a check, is decoded again by the general tokenizer, which
 *    gives the error its field and offset.
 *  - The hash is filled by region of the table, not tie by tie
 *    (socialcap__bulk, state_load_hash.c), so its slots are in cache when
 *    the ties go in; a tie twice is found there.
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

#include "cbor_fast.h"
#include "state_loader.h"

/* Fewest bytes of one tie: an array head and five 1-byte items. */
#define MIN_TIE_BYTES 6
/* Most bytes of one tie the fast path reads: a head, five 9-byte items. */
#define MAX_TIE_BYTES 46
typedef struct tie_rec {
	uint32_t a, b, layer;
	double weight;
	int64_t since;
} tie_rec;

/* ------------------------------------------------------- the fast path */

static int fast_since(const unsigned char **pp, int64_t *since)
{
	uint64_t u;

	if (**pp == 0xf6) {
		*since = SOCIALCAP_TIME_NONE;
		++*pp;
		return 1;
	}
	if (socialcap__cbor_head(pp, 0, &u)) {
		*since = (int64_t)u;
		return u <= (uint64_t)INT64_MAX;
	}
	if (socialcap__cbor_head(pp, 1, &u)) {
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
	if (!socialcap__cbor_head(&p, 0, &a) || !socialcap__cbor_head(&p, 0, &b) ||
	    !socialcap__cbor_head(&p, 0, &layer) || !socialcap__cbor_number(&p, &t->weight) ||
	    !fast_since(&p, &t->since))
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

/* Ties j and k have the same key. */
static int same_tie(const loader *l, size_t j, size_t k)
{
	const socialcap__ties *t = &l->net->ties;

	return t->a[j] == t->a[k] && t->b[j] == t->b[k] && t->layer[j] == t->layer[k];
}

static int repeated_tie(loader *l, size_t k, size_t j, uint64_t at)
{
	return socialcap__rd_fail(&l->rd, SOCIALCAP_EFORMAT, at, fld(l, "ties", k, ""),
				  "the same tie appears twice (first as ties[%llu])",
				  (unsigned long long)j);
}

static int store(loader *l, size_t cap, const tie_rec *rec, uint64_t at)
{
	socialcap__ties *t = &l->net->ties;
	size_t k = t->count;

	/* Only a file that grew while it was read can hold more ties than its
	 * size when opened allowed for. */
	if (k >= cap)
		return bad(l, at, fld(l, "ties", k, ""),
			   "more ties than the input's size allows (did it change?)");
	t->a[k] = rec->a;
	t->b[k] = rec->b;
	t->layer[k] = (uint16_t)rec->layer;
	t->weight[k] = rec->weight;
	if (rec->since != SOCIALCAP_TIME_NONE && t->since == NULL &&
	    socialcap__ties_hold_since(t, &l->net->mem, cap) != 0)
		return oom(l);
	if (t->since != NULL)
		t->since[k] = rec->since;
	t->count = k + 1;
	return socialcap__bulk_add(l, &l->ties, k,
				   socialcap__tie_hash(rec->a, rec->b, rec->layer), at);
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

/* Columns for @p *cap ties, exactly, and the hash. */
static int reserve(loader *l, size_t *cap, uint64_t n)
{
	socialcap__ties *t = &l->net->ties;
	socialcap__mem *mem = &l->net->mem;
	uint64_t fit = remaining(l) / MIN_TIE_BYTES;
	size_t slots;

	/* A declared count never buys more than the input can hold. */
	*cap = (size_t)(n < fit ? n : fit);
	if (*cap == 0)
		return SOCIALCAP_OK;
	if (SOCIALCAP__COL_GROW(mem, t, a, *cap) != 0 ||
	    SOCIALCAP__COL_GROW(mem, t, b, *cap) != 0 ||
	    SOCIALCAP__COL_GROW(mem, t, layer, *cap) != 0 ||
	    SOCIALCAP__COL_GROW(mem, t, weight, *cap) != 0)
		return oom(l);
	populate(t->a, *cap * sizeof(*t->a));
	populate(t->b, *cap * sizeof(*t->b));
	populate(t->layer, *cap * sizeof(*t->layer));
	populate(t->weight, *cap * sizeof(*t->weight));
	/* since: only once a tie has a known time (store) */
	/* The network had no ties, so no hash either. */
	slots = socialcap__tie_slots_for(*cap);
	if ((t->slots = socialcap__mem_calloc(mem, slots, sizeof(*t->slots))) == NULL)
		return oom(l);
	t->slot_count = slots;
	l->ties.same = same_tie;
	l->ties.report = repeated_tie;
	return socialcap__bulk_init(l, &l->ties, t->slots, slots, *cap);
}

/* Decode and store the ties. */
static int read_ties(loader *l, size_t cap, uint64_t n)
{
	uint64_t i;
	int rc;

	for (i = 0; i < n; i++) {
		uint64_t at;
		tie_rec rec;

		fld(l, "ties", i, "");
		if ((rc = socialcap__rd_ahead(&l->rd, MAX_TIE_BYTES)) != 0)
			return rc;
		at = socialcap__rd_offset(&l->rd);
		if (!fast_tie(l, &rec) && (rc = slow_tie(l, i, &rec)) != 0)
			return rc;
		if ((rc = store(l, cap, &rec, at)) != 0)
			return rc;
	}
	return SOCIALCAP_OK;
}

int socialcap__load_ties(loader *l)
{
	uint64_t n;
	size_t cap;
	int rc, early;

	if ((rc = socialcap__rd_array(&l->rd, &n, top(l, "ties"))) != 0)
		return rc;
	if (n > l->net->opts.max_ties)
		return socialcap__rd_fail(&l->rd, SOCIALCAP_ELIMIT,
					  socialcap__rd_offset(&l->rd) - 1, "ties",
					  "%llu ties exceed the limit", (unsigned long long)n);
	if ((rc = reserve(l, &cap, n)) != 0)
		return rc;
	rc = read_ties(l, cap, n);
	/* Settled after a record that failed too: a repeat before it is
	 * reported first. */
	early = socialcap__bulk_settle(l, &l->ties);
	socialcap__bulk_free(l, &l->ties);
	return early != SOCIALCAP_OK ? early : rc;
}
