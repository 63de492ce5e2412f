/*
 * Filling a hash table of the network (the actor ids' or the ties') in bulk
 * while a state file loads, each record checked for a repeat of an earlier
 * one (see socialcap__bulk in state_loader.h), in rounds (rounds.h).
 *
 * A repeat has the same hash as its earlier record, so it finds that
 * record in the table when its round settles. A round reports the repeat
 * with the smallest index over all its buckets: the first in file order,
 * as earlier rounds had none. The callers settle before reporting a
 * problem of a later record, so the first problem in file order is the
 * one reported. The repeat's byte offset is found again by reading from
 * the offset kept for every 4096th record, skipping whole records.
 */
#include <stddef.h>
#include <string.h>

#include "state_loader.h"

/* Kept offsets for @p records records. */
static size_t marks(size_t records)
{
	return (records >> SOCIALCAP__MARK_BITS) + 1;
}

int socialcap__bulk_init(loader *l, socialcap__bulk *b, uint32_t *slots,
			 size_t slot_count, size_t records)
{
	socialcap__mem *mem = &l->net->mem;

	memset(b, 0, offsetof(socialcap__bulk, same));
	b->slots = slots;
	b->slot_count = slot_count;
	b->records = records; /* from here on, bulk_free gives back what is held */
	/* Tags are read only beside an occupied slot: no need to clear. */
	if ((b->tags = socialcap__mem_alloc(mem, slot_count)) == NULL ||
	    socialcap__rounds_fit(&b->rounds, mem, slot_count) != 0 ||
	    (b->mark = socialcap__mem_alloc(mem, marks(records) * sizeof(*b->mark))) == NULL) {
		socialcap__bulk_free(l, b);
		return oom(l);
	}
	return SOCIALCAP_OK;
}

void socialcap__bulk_free(loader *l, socialcap__bulk *b)
{
	socialcap__mem *mem = &l->net->mem;

	if (b->records == 0)
		return;
	socialcap__mem_free(mem, b->tags, b->slot_count);
	socialcap__rounds_free(&b->rounds, mem);
	socialcap__mem_free(mem, b->mark, marks(b->records) * sizeof(*b->mark));
	memset(b, 0, offsetof(socialcap__bulk, same));
}

/* The byte offset of record @p k: read again from the last kept offset
 * before it. Should that fail, the kept offset stands in. */
static uint64_t where(loader *l, const socialcap__bulk *b, size_t k)
{
	uint64_t at = b->mark[k >> SOCIALCAP__MARK_BITS];
	size_t i = k & ~(((size_t)1 << SOCIALCAP__MARK_BITS) - 1);

	if (socialcap__rd_seek(&l->rd, at) != 0)
		return at;
	while (i < k && socialcap__rd_skip(&l->rd, l->opts->max_nesting, "") == 0)
		i++;
	return i == k ? socialcap__rd_offset(&l->rd) : at;
}

/* What a round's callbacks see: the bulk being filled, and the record the
 * repeat that stopped a bucket repeats. */
typedef struct placing {
	const loader *l;
	const socialcap__bulk *b;
	size_t of;
} placing;

static int same(const void *ctx, size_t j, size_t k)
{
	const placing *p = ctx;

	return p->b->same(p->l, j, k);
}

/* A repeat stops its bucket; settle reports the first over all buckets. */
static int repeat(void *ctx, size_t j, size_t k, size_t slot)
{
	(void)k;
	(void)slot;
	((placing *)ctx)->of = j;
	return 1;
}

int socialcap__bulk_settle(loader *l, socialcap__bulk *b)
{
	placing p = { l, b, 0 };
	size_t q, k, first = SIZE_MAX, of = 0;

	if (b->records == 0 || b->spent)
		return SOCIALCAP_OK;
	for (q = 0; q < b->rounds.buckets; q++) {
		k = socialcap__rounds_place(&b->rounds, q, b->slots, b->tags, same, repeat,
					    NULL, &p);
		if (k < first) {
			first = k;
			of = p.of;
		}
	}
	if (first == SIZE_MAX)
		return SOCIALCAP_OK;
	/* Buckets after a repeat are left half inserted. */
	b->spent = 1;
	return b->report(l, first, of, where(l, b, first));
}
