/* Declared ties: stored once per (a, b, layer), repeated declarations add up. */
#include <math.h>
#include <string.h>

#include "network_internal.h"

static uint32_t find_slot_value(const socialcap__ties *t, uint32_t a, uint32_t b,
				uint32_t layer)
{
	size_t mask, i;

	if (t->slot_count == 0)
		return UINT32_MAX;
	mask = t->slot_count - 1;
	for (i = (size_t)socialcap__tie_hash(a, b, layer) & mask;; i = (i + 1) & mask) {
		uint32_t s = t->slots[i];

		if (s == 0)
			return UINT32_MAX;
		if (t->a[s - 1] == a && t->b[s - 1] == b && t->layer[s - 1] == layer)
			return s - 1;
	}
}

static void insert_slot(uint32_t *slots, size_t mask, uint64_t hash, uint32_t index)
{
	size_t i = (size_t)hash & mask;

	while (slots[i] != 0)
		i = (i + 1) & mask;
	slots[i] = index + 1;
}

/* The hash grows by the network's rule (socialcap__tie_slots_for). */
static int rehash(socialcap_network *net, size_t need)
{
	socialcap__ties *t = &net->ties;
	size_t n = socialcap__tie_slots_for(need);
	uint32_t *slots;
	size_t i;

	if (n <= t->slot_count)
		return SOCIALCAP_OK;
	slots = socialcap__mem_calloc(&net->mem, n, sizeof(*slots));
	if (slots == NULL)
		return SOCIALCAP_ENOMEM;
	for (i = 0; i < t->count; i++)
		insert_slot(slots, n - 1, socialcap__tie_hash(t->a[i], t->b[i], t->layer[i]),
			    (uint32_t)i);
	socialcap__mem_free(&net->mem, t->slots, t->slot_count * sizeof(*slots));
	t->slots = slots;
	t->slot_count = n;
	return SOCIALCAP_OK;
}

int socialcap__ties_reserve(socialcap_network *net, uint64_t ties)
{
	socialcap__ties *t = &net->ties;
	size_t need = (size_t)ties;
	int rc;

	if (ties <= t->count)
		return SOCIALCAP_OK;
	if ((rc = socialcap__ties_grow_columns(t, &net->mem, need)) != 0)
		return rc;
	return rehash(net, need);
}

int socialcap__ties_grow_columns(socialcap__ties *t, socialcap__mem *mem, size_t need)
{
	int rc;

	if ((rc = SOCIALCAP__COL_GROW(mem, t, a, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, t, b, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, t, layer, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, t, weight, need)) != 0 ||
	    (t->since != NULL && (rc = SOCIALCAP__COL_GROW(mem, t, since, need)) != 0))
		return rc;
	return SOCIALCAP_OK;
}

int socialcap__ties_hold_since(socialcap__ties *t, socialcap__mem *mem, size_t cap)
{
	size_t i;

	if (t->since != NULL)
		return SOCIALCAP_OK;
	if (cap < t->count)
		cap = t->count;
	if (cap == 0)
		cap = 1;
	t->since = socialcap__mem_alloc(mem, cap * sizeof(*t->since));
	if (t->since == NULL)
		return SOCIALCAP_ENOMEM;
	t->since_cap = cap;
	for (i = 0; i < t->count; i++)
		t->since[i] = SOCIALCAP_TIME_NONE;
	return SOCIALCAP_OK;
}

static int check_tie(socialcap_network *net, uint32_t a, uint32_t b,
		     double weight)
{
	uint32_t n = (uint32_t)net->actors.ids.count;

	if (a >= n || b >= n)
		return socialcap__net_fail(net, SOCIALCAP_ENOTFOUND,
					   "%s: no actor with index %u for tie",
					   a >= n ? "a" : "b", (unsigned)(a >= n ? a : b));
	if (a == b)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "b: actor \"%s\" cannot be tied to itself",
					   net->actors.ids.strings[a]);
	if (!(weight > 0.0) || !isfinite(weight))
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "weight: must be a finite number > 0 for tie \"%s\"-\"%s\"",
					   net->actors.ids.strings[a],
					   net->actors.ids.strings[b]);
	return SOCIALCAP_OK;
}

int socialcap_network_add_tie(socialcap_network *net, uint64_t *out, uint32_t a,
			      uint32_t b, const char *layer, double weight,
			      int64_t since)
{
	socialcap__ties *t;
	uint32_t lay, index;
	size_t len;
	int rc;

	if (net == NULL)
		return SOCIALCAP_EINVAL;
	socialcap__net_ok(net);
	if ((rc = check_tie(net, a, b, weight)) != 0 ||
	    (rc = socialcap__net_check_text(net, "layer", layer,
					    net->opts.max_label_bytes, &len)) != 0)
		return rc;
	if (a > b) {
		uint32_t tmp = a;
		a = b;
		b = tmp;
	}
	t = &net->ties;
	lay = socialcap__strtab_find(&net->layers, layer, len);
	index = lay == UINT32_MAX ? UINT32_MAX : find_slot_value(t, a, b, lay);
	if (index != UINT32_MAX) {
		double sum = t->weight[index] + weight;

		if (!isfinite(sum))
			return socialcap__net_fail(net, SOCIALCAP_ERANGE,
						   "weight: the summed weight of tie \"%s\"-\"%s\" overflows",
						   net->actors.ids.strings[a],
						   net->actors.ids.strings[b]);
		if (since != SOCIALCAP_TIME_NONE &&
		    socialcap__ties_hold_since(t, &net->mem, t->a_cap) != 0)
			return socialcap__net_fail(net, SOCIALCAP_ENOMEM, "out of memory");
		socialcap__ties_merge(net, index, weight, since);
		if (out != NULL)
			*out = index;
		return SOCIALCAP_OK;
	}
	if (t->count >= net->opts.max_ties)
		return socialcap__net_fail(net, SOCIALCAP_ELIMIT,
					   "ties: the network holds its maximum of %llu",
					   (unsigned long long)net->opts.max_ties);
	if (lay == UINT32_MAX && net->layers.count >= SOCIALCAP__MAX_LAYERS)
		return socialcap__net_fail(net, SOCIALCAP_ELIMIT,
					   "layer: more than %u layers",
					   SOCIALCAP__MAX_LAYERS);
	if (lay == UINT32_MAX &&
	    (rc = socialcap__strtab_reserve(&net->layers, &net->mem, 1, len)) != 0)
		return socialcap__net_fail(net, rc, "out of memory");
	if ((rc = socialcap__ties_reserve(net, t->count + 1)) != 0 ||
	    (since != SOCIALCAP_TIME_NONE &&
	     (rc = socialcap__ties_hold_since(t, &net->mem, t->a_cap)) != 0))
		return socialcap__net_fail(net, rc, "out of memory");
	if (lay == UINT32_MAX)
		lay = socialcap__strtab_add(&net->layers, layer, len);
	index = (uint32_t)t->count++;
	t->a[index] = a;
	t->b[index] = b;
	t->layer[index] = (uint16_t)lay;
	t->weight[index] = weight;
	if (t->since != NULL)
		t->since[index] = since;
	insert_slot(t->slots, t->slot_count - 1, socialcap__tie_hash(a, b, lay), index);
	if (out != NULL)
		*out = index;
	return SOCIALCAP_OK;
}

uint64_t socialcap_network_tie_count(const socialcap_network *net)
{
	return net != NULL ? net->ties.count : 0;
}

int socialcap_network_tie(const socialcap_network *net, uint64_t tie,
			  socialcap_tie *out)
{
	const socialcap__ties *t;

	if (net == NULL || out == NULL)
		return SOCIALCAP_EINVAL;
	t = &net->ties;
	if (tie >= t->count)
		return SOCIALCAP_ENOTFOUND;
	out->a = t->a[tie];
	out->b = t->b[tie];
	out->layer = t->layer[tie];
	out->weight = t->weight[tie];
	out->since = socialcap__tie_since(t, (size_t)tie);
	return SOCIALCAP_OK;
}

int socialcap_network_find_tie(const socialcap_network *net, uint64_t *out,
			       uint32_t a, uint32_t b, uint32_t layer)
{
	uint32_t index;

	if (net == NULL || out == NULL)
		return SOCIALCAP_EINVAL;
	if (a > b) {
		uint32_t tmp = a;
		a = b;
		b = tmp;
	}
	index = find_slot_value(&net->ties, a, b, layer);
	if (index == UINT32_MAX)
		return SOCIALCAP_ENOTFOUND;
	*out = index;
	return SOCIALCAP_OK;
}

/* One column of socialcap__ties_trim: NULL columns and exact ones stay. */
static void trim_column(socialcap__mem *mem, void **col, size_t *cap, size_t count,
			size_t elem)
{
	if (*col != NULL && count < *cap)
		(void)socialcap__resize(mem, col, cap, count, elem);
}

void socialcap__ties_trim(socialcap__ties *t, socialcap__mem *mem)
{
	trim_column(mem, (void **)&t->a, &t->a_cap, t->count, sizeof(*t->a));
	trim_column(mem, (void **)&t->b, &t->b_cap, t->count, sizeof(*t->b));
	trim_column(mem, (void **)&t->layer, &t->layer_cap, t->count, sizeof(*t->layer));
	trim_column(mem, (void **)&t->weight, &t->weight_cap, t->count, sizeof(*t->weight));
	trim_column(mem, (void **)&t->since, &t->since_cap, t->count, sizeof(*t->since));
}

void socialcap__ties_drop_slots(socialcap__ties *t, socialcap__mem *mem)
{
	socialcap__mem_free(mem, t->slots, t->slot_count * sizeof(*t->slots));
	t->slots = NULL;
	t->slot_count = 0;
}

void socialcap__ties_release(socialcap__ties *ties, socialcap__mem *mem)
{
	SOCIALCAP__COL_FREE(mem, ties, a);
	SOCIALCAP__COL_FREE(mem, ties, b);
	SOCIALCAP__COL_FREE(mem, ties, layer);
	SOCIALCAP__COL_FREE(mem, ties, weight);
	SOCIALCAP__COL_FREE(mem, ties, since);
	socialcap__ties_drop_slots(ties, mem);
	memset(ties, 0, sizeof(*ties));
}

void socialcap__ties_adopt(socialcap_network *net, socialcap__ties *staged)
{
	socialcap__ties_release(&net->ties, &net->mem);
	net->ties = *staged;
	memset(staged, 0, sizeof(*staged));
}

void socialcap__ties_append(socialcap_network *net, const socialcap__ties *staged)
{
	socialcap__ties *t = &net->ties;
	size_t i;

	for (i = 0; i < staged->count; i++) {
		size_t k = t->count++;

		t->a[k] = staged->a[i];
		t->b[k] = staged->b[i];
		t->layer[k] = staged->layer[i];
		t->weight[k] = staged->weight[i];
		if (t->since != NULL)
			t->since[k] = socialcap__tie_since(staged, i);
		insert_slot(t->slots, t->slot_count - 1,
			    socialcap__tie_hash(t->a[k], t->b[k], t->layer[k]), (uint32_t)k);
	}
}

void socialcap__ties_merge(socialcap_network *net, uint64_t tie, double weight,
			   int64_t since)
{
	socialcap__ties *t = &net->ties;

	t->weight[tie] += weight;
	socialcap__since_keep_earliest(t->since, (size_t)tie, since);
}
