/*
 * The staging hash of an import filled in rounds (rounds.h; ds_tie_round
 * in dataset_internal.h).
 *
 * A row of an import into a network without ties goes into the columns at
 * once, as if new, and waits in a round for its place in the hash. A
 * repeat has the same hash as the tie it repeats, so it waits in the same
 * bucket after it and finds that tie: the weights of one tie are summed in
 * file order, the same sums to the bit as when each row is staged at once.
 * A repeat is then taken out of the columns: the later rows of the round
 * move down, and their slots with them, so ties keep the order of their
 * first row.
 *
 * Settling cannot fail, so no problem is found late: the caller stages
 * rows one by one once a sum could overflow (the sum of all weights
 * staged nears DBL_MAX) or a repeat could decide the network's max_ties.
 */
#include <string.h>

#include "dataset_internal.h"

/* slot_of of a row that repeats an earlier tie. */
#define REPEAT UINT32_MAX

void socialcap__ds_round_free(ds_tie_round *r, socialcap__mem *mem)
{
	socialcap__mem_free(mem, r->slot_of,
			    socialcap__rounds_capacity(&r->buckets) * sizeof(*r->slot_of));
	socialcap__rounds_free(&r->buckets, mem);
	memset(r, 0, sizeof(*r));
}

int socialcap__ds_round_fit(ds_tie_round *r, socialcap__mem *mem, size_t slot_count)
{
	socialcap__rounds fresh;
	uint32_t *slot_of;

	if (r->buckets.for_slots == slot_count)
		return SOCIALCAP_OK;
	memset(&fresh, 0, sizeof(fresh));
	if (socialcap__rounds_fit(&fresh, mem, slot_count) != 0)
		return SOCIALCAP_ENOMEM;
	slot_of = socialcap__mem_alloc(mem, socialcap__rounds_capacity(&fresh) *
						    sizeof(*slot_of));
	if (slot_of == NULL) {
		socialcap__rounds_free(&fresh, mem);
		return SOCIALCAP_ENOMEM;
	}
	socialcap__ds_round_free(r, mem);
	r->buckets = fresh;
	r->slot_of = slot_of;
	return SOCIALCAP_OK;
}

/* Rows k and j (a tie in the hash) have the same key. */
static int same_tie(const void *ctx, size_t j, size_t k)
{
	const socialcap__ties *t = &((const ds_tie_stage *)ctx)->ties;

	return t->a[j] == t->a[k] && t->b[j] == t->b[k] && t->layer[j] == t->layer[k];
}

/* Row @p k repeats tie @p j: add it there, as staging it at once would,
 * and mark it for compact(). */
static int repeat(void *ctx, size_t j, size_t k, size_t slot)
{
	ds_tie_stage *s = ctx;
	socialcap__ties *t = &s->ties;

	(void)slot;
	t->weight[j] += t->weight[k];
	if (t->since != NULL)
		socialcap__since_keep_earliest(t->since, j, t->since[k]);
	s->round.slot_of[k - s->round.first] = REPEAT;
	s->round.repeats++;
	return 0;
}

static void placed(void *ctx, size_t k, size_t slot)
{
	ds_tie_round *r = &((ds_tie_stage *)ctx)->round;

	r->slot_of[k - r->first] = (uint32_t)slot;
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
		socialcap__ties_move(t, to, k);
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
	size_t q;

	if (r->pending == 0)
		return;
	for (q = 0; q < r->buckets.buckets; q++)
		if (r->buckets.fill[q] > 0)
			(void)socialcap__rounds_place(&r->buckets, q, s->ties.slots, s->tags,
						      same_tie, repeat, placed, s);
	if (r->repeats > 0)
		compact(s);
	r->pending = 0;
	r->repeats = 0;
}
