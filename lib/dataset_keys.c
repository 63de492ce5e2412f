/* A small hash map from (a, b, c) to a double, for staging an import. */
#include <string.h>

#include "dataset_internal.h"

static size_t key_hash(uint32_t a, uint32_t b, uint32_t c)
{
	uint64_t h = ((uint64_t)a << 32 | b) ^ ((uint64_t)c * 0x9e3779b97f4a7c15u);

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return (size_t)h;
}

static ds_key *probe(ds_key *slots, size_t slot_count, uint32_t a, uint32_t b,
		     uint32_t c)
{
	size_t mask = slot_count - 1, i;

	for (i = key_hash(a, b, c) & mask;; i = (i + 1) & mask) {
		ds_key *k = &slots[i];

		if (k->a == UINT32_MAX || (k->a == a && k->b == b && k->c == c))
			return k;
	}
}

/* Keep the table at most half full. */
static int grow(ds_keys *keys, socialcap__mem *mem)
{
	size_t n = keys->slot_count ? keys->slot_count * 2 : 64, i, bytes;
	ds_key *slots;

	if (socialcap__mul_size(n, sizeof(*slots), &bytes) != 0)
		return SOCIALCAP_ENOMEM;
	slots = socialcap__mem_alloc(mem, bytes);
	if (slots == NULL)
		return SOCIALCAP_ENOMEM;
	for (i = 0; i < n; i++)
		slots[i].a = UINT32_MAX;
	for (i = 0; i < keys->slot_count; i++) {
		const ds_key *k = &keys->slots[i];

		if (k->a != UINT32_MAX)
			*probe(slots, n, k->a, k->b, k->c) = *k;
	}
	socialcap__mem_free(mem, keys->slots, keys->slot_count * sizeof(*slots));
	keys->slots = slots;
	keys->slot_count = n;
	return SOCIALCAP_OK;
}

int socialcap__ds_keys_get(ds_keys *keys, socialcap__mem *mem, uint32_t a,
			   uint32_t b, uint32_t c, ds_key **out, int *created)
{
	ds_key *k;
	int rc;

	if ((keys->count + 1) * 2 > keys->slot_count &&
	    (rc = grow(keys, mem)) != 0)
		return rc;
	k = probe(keys->slots, keys->slot_count, a, b, c);
	*created = k->a == UINT32_MAX;
	if (*created) {
		k->a = a;
		k->b = b;
		k->c = c;
		k->value = 0.0;
		keys->count++;
	}
	*out = k;
	return SOCIALCAP_OK;
}

void socialcap__ds_keys_free(ds_keys *keys, socialcap__mem *mem)
{
	socialcap__mem_free(mem, keys->slots, keys->slot_count * sizeof(*keys->slots));
	memset(keys, 0, sizeof(*keys));
}
