/*
 * The staging hash of an import filled in rounds (see ds_tie_round in
 * dataset_internal.h).
 *
 * Staging each row in file order probes the hash at random: a cache miss
 * per row once the hash is hundreds of MB, which prefetching a few rows
 * ahead hides only in part. So a row of an import into a network without
 * ties goes into the columns at once, as if new, and its slot, tag and
 * index wait in a bucket by the region of the hash (2^16 slots: 256 KiB,
 * and 64 KiB of tags). When a bucket is full, or the rows end, the round
 * settles bucket by bucket, each region in cache while its rows go in.
 *
 * A repeat has the same hash as the tie it repeats, so it waits in the
 * same bucket, after it: earlier rounds settled first, and within a
 * bucket the order is the file's. So it finds that tie, and the weights
 * of one tie are summed in file order, the same sums to the bit as when
 * each row is staged at once. A repeat is then taken out of the columns:
 * the later rows of the round move down, and their slots with them, so
 * ties keep the order of their first row.
 *
 * Settling cannot fail, so no problem is found late: the caller stages
 * rows one by one once a sum could overflow (the sum of all weights
 * staged nears DBL_MAX) or a repeat could decide the network's max_ties.
 */
#include <string.h>

#include "dataset_internal.h"

/* log2 of the slots of one bucket's region, at least. */
#define REGION_BITS 16
/* Buckets at most: each is a stream of writes while rows are read, and
 * beyond about a thousand their write positions no longer stay in cache
 * (at 10^8 ties, 4096 buckets cost more than the probes they save). */
#define MAX_BUCKETS 1024u
/* Entries whose slots are prefetched ahead of the one going in. */
#define AHEAD 16
/* slot_of of a row that repeats an earlier tie. */
#define REPEAT UINT32_MAX

void socialcap__ds_round_free(ds_tie_round *r, socialcap__mem *mem)
{
	size_t entries = r->buckets * r->per_bucket;

	if (r->for_slots == 0)
		return;
	socialcap__mem_free(mem, r->entry, entries * sizeof(*r->entry));
	socialcap__mem_free(mem, r->fill, r->buckets * sizeof(*r->fill));
	socialcap__mem_free(mem, r->slot_of, entries * sizeof(*r->slot_of));
	memset(r, 0, sizeof(*r));
}

int socialcap__ds_round_fit(ds_tie_round *r, socialcap__mem *mem, size_t slot_count)
{
	ds_tie_round fresh;
	size_t region, entries;

	if (r->for_slots == slot_count)
		return SOCIALCAP_OK;
	memset(&fresh, 0, sizeof(fresh));
	while (fresh.shift < REGION_BITS && ((size_t)2 << fresh.shift) <= slot_count)
		fresh.shift++;
	while ((slot_count >> fresh.shift) > MAX_BUCKETS)
		fresh.shift++;
	region = (size_t)1 << fresh.shift;
	fresh.buckets = slot_count / region;
	/* A round is about an eighth of the hash, with room for the buckets
	 * to differ: the hash is swept about six times as it fills. */
	fresh.per_bucket = region / 8 + region / 64 + 64;
	entries = fresh.buckets * fresh.per_bucket;
	fresh.entry = socialcap__mem_alloc(mem, entries * sizeof(*fresh.entry));
	fresh.fill = socialcap__mem_calloc(mem, fresh.buckets, sizeof(*fresh.fill));
	fresh.slot_of = socialcap__mem_alloc(mem, entries * sizeof(*fresh.slot_of));
	fresh.for_slots = slot_count;
	if (fresh.entry == NULL || fresh.fill == NULL || fresh.slot_of == NULL) {
		socialcap__mem_free(mem, fresh.entry,
				    fresh.entry != NULL ? entries * sizeof(*fresh.entry) : 0);
		socialcap__mem_free(mem, fresh.fill,
				    fresh.fill != NULL ? fresh.buckets * sizeof(*fresh.fill) : 0);
		socialcap__mem_free(mem, fresh.slot_of,
				    fresh.slot_of != NULL ? entries * sizeof(*fresh.slot_of) : 0);
		return SOCIALCAP_ENOMEM;
	}
	socialcap__ds_round_free(r, mem);
	*r = fresh;
	return SOCIALCAP_OK;
}

/* Row @p k repeats tie @p j: add it there, as staging it at once would. */
static void merge(socialcap__ties *t, size_t j, size_t k)
{
	t->weight[j] += t->weight[k];
	if (t->since != NULL)
		socialcap__since_keep_earliest(t->since, j, t->since[k]);
}

/* Place the rows of bucket @p q in order; returns how many repeat. */
static size_t place(ds_tie_stage *s, size_t q)
{
	ds_tie_round *r = &s->round;
	socialcap__ties *t = &s->ties;
	uint32_t *slots = t->slots;
	uint8_t *tags = s->tags;
	const uint64_t *e = r->entry + q * r->per_bucket;
	const size_t mask = t->slot_count - 1, base = q << r->shift, m = r->fill[q];
	size_t n, repeats = 0;

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
			size_t j = (size_t)slots[i] - 1;

			if (tags[i] == tag && t->a[j] == t->a[k] && t->b[j] == t->b[k] &&
			    t->layer[j] == t->layer[k])
				break;
		}
		if (slots[i] != 0) {
			merge(t, (size_t)slots[i] - 1, k);
			r->slot_of[k - r->first] = REPEAT;
			repeats++;
			continue;
		}
		slots[i] = (uint32_t)(k + 1);
		tags[i] = tag;
		r->slot_of[k - r->first] = (uint32_t)i;
	}
	r->fill[q] = 0;
	return repeats;
}

/* Take the repeats out of the columns; later rows move down, and their
 * slots are pointed at their new places. */
static void compact(ds_tie_stage *s)
{
	const ds_tie_round *r = &s->round;
	socialcap__ties *t = &s->ties;
	size_t k, gone = 0;

	for (k = r->first; k < t->count; k++) {
		const uint32_t slot = r->slot_of[k - r->first];
		size_t to;

		if (slot == REPEAT) {
			gone++;
			continue;
		}
		if (gone == 0)
			continue;
		to = k - gone;
		t->a[to] = t->a[k];
		t->b[to] = t->b[k];
		t->layer[to] = t->layer[k];
		t->weight[to] = t->weight[k];
		if (t->since != NULL)
			t->since[to] = t->since[k];
		t->slots[slot] = (uint32_t)(to + 1);
	}
	t->count -= gone;
}

void socialcap__ds_round_refill(ds_tie_stage *s)
{
	const socialcap__ties *t = &s->ties;
	size_t k;

	for (k = 0; k < t->count; k++)
		if (socialcap__ds_round_add(&s->round, k,
					    socialcap__tie_hash(t->a[k], t->b[k], t->layer[k])))
			socialcap__ds_round_settle(s);
	socialcap__ds_round_settle(s);
}

void socialcap__ds_round_settle(ds_tie_stage *s)
{
	ds_tie_round *r = &s->round;
	size_t q, repeats = 0;

	if (r->pending == 0)
		return;
	for (q = 0; q < r->buckets; q++)
		if (r->fill[q] > 0)
			repeats += place(s, q);
	if (repeats > 0)
		compact(s);
	r->pending = 0;
}
