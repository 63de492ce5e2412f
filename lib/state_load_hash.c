/*
 * Filling a hash table of the network (the actor ids' or the ties') in bulk
 * while a state file loads, each record checked for a repeat of an earlier
 * one (see socialcap__bulk in state_loader.h).
 *
 * Inserting records in file order hits the table at random: a cache and a
 * TLB miss per record once the table is hundreds of MB. So each record's
 * slot, the top byte of its hash (a tag) and its index wait in a bucket
 * by the region of the table its slot lies in (2^16 slots: 256 KiB, and
 * 64 KiB of tags). When a bucket is full, or the records end, the round
 * settles: bucket by bucket, and within each in file order, so each
 * region is in cache while its records go in. A round holds about an
 * eighth of the table, so the table is swept about six times in all. The
 * tags let a probe pass other records without reading them.
 *
 * A repeat has the same hash as its earlier record, so it lands in the
 * same bucket, and finds that record in the table when its round settles
 * (earlier rounds settled first, and within a bucket the order is the
 * file's). A round reports the repeat with the smallest index over all
 * its buckets: the first in file order, as earlier rounds had none. The
 * callers settle before reporting a problem of a later record, so the
 * first problem in file order is the one reported. The repeat's byte
 * offset is found again by reading from the offset kept for every 4096th
 * record, skipping whole records.
 */
#include <stddef.h>
#include <string.h>

#include "state_loader.h"

/* log2 of the slots of one bucket's region. */
#define REGION_BITS 16
/* Entries whose slots are prefetched ahead of the one going in. */
#define AHEAD 16

/* Kept offsets for @p records records. */
static size_t marks(size_t records)
{
	return (records >> SOCIALCAP__MARK_BITS) + 1;
}

int socialcap__bulk_init(loader *l, socialcap__bulk *b, uint32_t *slots,
			 size_t slot_count, size_t records)
{
	socialcap__mem *mem = &l->net->mem;
	size_t region;

	memset(b, 0, offsetof(socialcap__bulk, same));
	b->slots = slots;
	b->slot_count = slot_count;
	for (b->shift = 0; b->shift < REGION_BITS && ((size_t)2 << b->shift) <= slot_count;)
		b->shift++;
	region = (size_t)1 << b->shift;
	b->buckets = slot_count / region;
	/* A round is about an eighth of the table, with room for the
	 * buckets to differ. */
	b->per_bucket = region / 8 + region / 64 + 64;
	/* Tags are read only beside an occupied slot: no need to clear. */
	if ((b->tags = socialcap__mem_alloc(mem, slot_count)) == NULL ||
	    (b->entry = socialcap__mem_alloc(mem, b->buckets * b->per_bucket *
							  sizeof(*b->entry))) == NULL ||
	    (b->fill = socialcap__mem_calloc(mem, b->buckets, sizeof(*b->fill))) == NULL ||
	    (b->mark = socialcap__mem_alloc(mem, marks(records) * sizeof(*b->mark))) == NULL) {
		b->records = records; /* what bulk_free must give back */
		socialcap__bulk_free(l, b);
		return oom(l);
	}
	b->records = records;
	return SOCIALCAP_OK;
}

void socialcap__bulk_free(loader *l, socialcap__bulk *b)
{
	socialcap__mem *mem = &l->net->mem;

	if (b->records == 0)
		return;
	socialcap__mem_free(mem, b->tags, b->slot_count);
	socialcap__mem_free(mem, b->entry, b->buckets * b->per_bucket * sizeof(*b->entry));
	socialcap__mem_free(mem, b->fill, b->buckets * sizeof(*b->fill));
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

/* Insert the entries of bucket @p q in order. Returns the index of the
 * first that repeats a record already in the table (*first: that record),
 * or SIZE_MAX. */
static size_t place(const loader *l, socialcap__bulk *b, size_t q, size_t *first)
{
	uint32_t *slots = b->slots;
	uint8_t *tags = b->tags;
	const uint64_t *e = b->entry + q * b->per_bucket;
	const size_t mask = b->slot_count - 1, base = q << b->shift, m = b->fill[q];
	size_t n;

	for (n = 0; n < m; n++) {
		const uint64_t x = e[n];
		const size_t k = (size_t)(x >> 32);
		const uint8_t tag = (uint8_t)(x >> 24);
		size_t i = base | (size_t)(x & 0xffffffu);

#if defined(__GNUC__)
		if (n + AHEAD < m) {
			size_t ahead = base | (size_t)(e[n + AHEAD] & 0xffffffu);

			__builtin_prefetch(&slots[ahead], 1);
			__builtin_prefetch(&tags[ahead], 1);
		}
#endif
		for (; slots[i] != 0; i = (i + 1) & mask) {
			if (tags[i] == tag && b->same(l, (size_t)slots[i] - 1, k)) {
				*first = (size_t)slots[i] - 1;
				return k;
			}
		}
		slots[i] = (uint32_t)(k + 1);
		tags[i] = tag;
	}
	b->fill[q] = 0;
	return SIZE_MAX;
}

int socialcap__bulk_settle(loader *l, socialcap__bulk *b)
{
	size_t q, k, j = 0, first = SIZE_MAX, of = 0;

	if (b->records == 0 || b->spent)
		return SOCIALCAP_OK;
	for (q = 0; q < b->buckets; q++) {
		k = place(l, b, q, &j);
		if (k < first) {
			first = k;
			of = j;
		}
	}
	if (first == SIZE_MAX)
		return SOCIALCAP_OK;
	/* Buckets after a repeat are left half inserted. */
	b->spent = 1;
	return b->report(l, first, of, where(l, b, first));
}
