/*
 * Filling a hash table in rounds, region by region: the one way the state
 * loader (state_load_hash.c) and the CSV import (dataset_ties_round.c) fill
 * big tables.
 *
 * The tables are open addressing over 32-bit slots (record index + 1,
 * 0 = empty, linear probing from hash & (slots - 1)) with a tag byte
 * beside each slot, the top byte of the record's hash, so that a probe
 * passes other records without reading them.
 *
 * Inserting records in their order hits such a table at random: a cache
 * and a TLB miss per record once it is hundreds of MB, which prefetching a
 * few records ahead hides only in part. So each record's index, tag and
 * slot wait in a bucket by the region of the table its slot lies in, and
 * a round settles bucket by bucket, each region in cache while its records
 * go in. A round holds about an eighth of the table, so the table is swept
 * about six times as it fills.
 *
 * A record equal to an earlier one has the same hash, so it waits in the
 * same bucket after it (earlier rounds settled first; within a bucket the
 * order is the records'), and finds it when placed: what happens then is
 * the caller's (socialcap__rounds_place).
 */
#ifndef SOCIALCAP_ROUNDS_H
#define SOCIALCAP_ROUNDS_H

#include <stddef.h>
#include <stdint.h>

#include "memory.h"

/* Records whose slots are prefetched ahead of the one going in. */
#define SOCIALCAP__ROUNDS_AHEAD 16

typedef struct socialcap__rounds {
	uint64_t *entry;    /* bucket q from q * per_bucket: index << 32 |
			     * tag << 24 | slot within the region */
	size_t *fill;       /* entries in each bucket */
	size_t buckets, per_bucket;
	unsigned shift;     /* slot >> shift = bucket */
	size_t for_slots;   /* the table size these are for; 0 = none */
} socialcap__rounds;

/*
 * Buckets for a table of @p slot_count slots (a power of two); kept as
 * they are when made for that size already. No entry may be waiting.
 * 0, or SOCIALCAP_ENOMEM with @p r unchanged.
 */
int socialcap__rounds_fit(socialcap__rounds *r, socialcap__mem *mem, size_t slot_count);
void socialcap__rounds_free(socialcap__rounds *r, socialcap__mem *mem);

/* Entries a full round holds: buckets * per_bucket. */
static inline size_t socialcap__rounds_capacity(const socialcap__rounds *r)
{
	return r->buckets * r->per_bucket;
}

/* Record @p k (< 2^32 - 1) with hash @p hash waits for its round; 1 when
 * its bucket is now full, and the round must settle before the next add.
 * Inline: it runs once per record. */
static inline int socialcap__rounds_add(socialcap__rounds *r, size_t k, uint64_t hash)
{
	const size_t home = (size_t)hash & (r->for_slots - 1), q = home >> r->shift;
	const uint64_t region_mask = ((uint64_t)1 << r->shift) - 1;

	r->entry[q * r->per_bucket + r->fill[q]++] =
		(uint64_t)k << 32 | (hash >> 56) << 24 | ((uint64_t)home & region_mask);
	return r->fill[q] == r->per_bucket;
}

/* Whether records j (in the table) and k (placed) are equal. */
typedef int (*socialcap__rounds_same)(const void *ctx, size_t j, size_t k);
/* Record k equals record j, in slot @p slot: nonzero stops the round here. */
typedef int (*socialcap__rounds_repeat)(void *ctx, size_t j, size_t k, size_t slot);
/* Record k went into the empty slot @p slot. */
typedef void (*socialcap__rounds_placed)(void *ctx, size_t k, size_t slot);

/*
 * Place the entries of bucket @p q into @p slots and @p tags (the table the
 * rounds were fitted to), in order: a record equal to one in the table is
 * handed to @p repeat and not entered; any other goes into the empty slot
 * that ends its probe (then @p placed, when given). Returns SIZE_MAX, the
 * bucket emptied; or the index of the record for which @p repeat said
 * stop, the bucket left as it is. Inline so that constant callbacks are
 * inlined too: the loop runs once per record.
 */
static inline size_t socialcap__rounds_place(socialcap__rounds *r, size_t q,
					     uint32_t *slots, uint8_t *tags,
					     socialcap__rounds_same same,
					     socialcap__rounds_repeat repeat,
					     socialcap__rounds_placed placed, void *ctx)
{
	const uint64_t *e = r->entry + q * r->per_bucket;
	const size_t mask = r->for_slots - 1, base = q << r->shift, m = r->fill[q];
	size_t n;

	for (n = 0; n < m; n++) {
		const uint64_t x = e[n];
		const size_t k = (size_t)(x >> 32);
		const uint8_t tag = (uint8_t)(x >> 24);
		size_t i = base | (size_t)(x & 0xffffffu);

#if defined(__GNUC__)
		if (n + SOCIALCAP__ROUNDS_AHEAD < m) {
			size_t ahead = base | (size_t)(e[n + SOCIALCAP__ROUNDS_AHEAD] & 0xffffffu);

			__builtin_prefetch(&slots[ahead], 1);
			__builtin_prefetch(&tags[ahead], 1);
		}
#endif
		for (; slots[i] != 0; i = (i + 1) & mask)
			if (tags[i] == tag && same(ctx, (size_t)slots[i] - 1, k))
				break;
		if (slots[i] != 0) {
			if (repeat(ctx, (size_t)slots[i] - 1, k, i))
				return k;
			continue;
		}
		slots[i] = (uint32_t)(k + 1);
		tags[i] = tag;
		if (placed != NULL)
			placed(ctx, k, i);
	}
	r->fill[q] = 0;
	return SIZE_MAX;
}

#endif
