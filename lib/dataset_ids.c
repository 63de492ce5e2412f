/*
 * The index of actor ids new in an import, for resolving the ids of
 * ties.csv (ten million lookups at 10^6 actors). The strtab's lookup reads
 * the hash slot, then the string pointer, then the text: three dependent
 * cache misses per row. Here a slot holds the id itself when it is short
 * (at most DS_ID_INLINE bytes), so a lookup is one read of a 16-byte slot,
 * which the tie rows prefetch one row ahead (dataset_ties.c). Longer ids
 * keep their first bytes and length mark in the slot and are compared
 * against the staged text.
 *
 * The index lives in the import's temporary memory and maps to indices of
 * ctx->new_actors; it is filled while actors.csv is checked.
 */
#include <string.h>

#include "dataset_internal.h"

/* Length mark of a slot whose id is longer than DS_ID_INLINE bytes. */
#define LONG_ID 0xffu

static size_t slots_for(size_t count)
{
	size_t n = 64;

	while (count > n / 4 * 3)
		n *= 2;
	return n;
}

/* The slot's form of @p id: its length (or LONG_ID) and first bytes,
 * zero-padded, so that equal ids give equal slots but for the index. */
static void slot_key(ds_id_slot *k, const char *id, size_t len)
{
	memset(k->text, 0, sizeof(k->text));
	if (len <= DS_ID_INLINE) {
		k->len = (uint8_t)len;
		memcpy(k->text, id, len);
	} else {
		k->len = LONG_ID;
		memcpy(k->text, id, DS_ID_INLINE);
	}
}

static void put(ds_id_slot *slots, size_t mask, uint64_t hash, const ds_id_slot *k,
		uint32_t index)
{
	size_t i = (size_t)hash & mask;

	while (slots[i].index != 0)
		i = (i + 1) & mask;
	slots[i] = *k;
	slots[i].index = index + 1;
}

int socialcap__ds_ids_reserve(ds_ids *ids, socialcap__mem *mem,
			      const socialcap__strtab *texts, size_t count)
{
	size_t n = slots_for(count), i;
	ds_id_slot *slots;

	if (n <= ids->slot_count)
		return SOCIALCAP_OK;
	slots = socialcap__mem_calloc(mem, n, sizeof(*slots));
	if (slots == NULL)
		return SOCIALCAP_ENOMEM;
	for (i = 0; i < ids->count; i++) {
		const char *s = texts->strings[i];
		size_t len = strlen(s);
		ds_id_slot k;

		slot_key(&k, s, len);
		put(slots, n - 1, socialcap__hash_bytes(s, len), &k, (uint32_t)i);
	}
	socialcap__mem_free(mem, ids->slots, ids->slot_count * sizeof(*ids->slots));
	ids->slots = slots;
	ids->slot_count = n;
	return SOCIALCAP_OK;
}

void socialcap__ds_ids_insert(ds_ids *ids, const char *id, size_t len, uint64_t hash,
			      uint32_t index)
{
	ds_id_slot k;

	slot_key(&k, id, len);
	put(ids->slots, ids->slot_count - 1, hash, &k, index);
	ids->count++;
}

void socialcap__ds_ids_prefetch(const ds_ids *ids, uint64_t hash)
{
#if defined(__GNUC__)
	if (ids->slot_count > 0)
		__builtin_prefetch(&ids->slots[(size_t)hash & (ids->slot_count - 1)]);
#else
	(void)ids;
	(void)hash;
#endif
}

uint32_t socialcap__ds_ids_find(const ds_ids *ids, const socialcap__strtab *texts,
				const char *id, size_t len, uint64_t hash)
{
	ds_id_slot k;
	size_t mask, i;

	if (ids->slot_count == 0)
		return UINT32_MAX;
	slot_key(&k, id, len);
	mask = ids->slot_count - 1;
	for (i = (size_t)hash & mask;; i = (i + 1) & mask) {
		const ds_id_slot *s = &ids->slots[i];

		if (s->index == 0)
			return UINT32_MAX;
		if (s->len != k.len || memcmp(s->text, k.text, sizeof(k.text)) != 0)
			continue;
		if (k.len != LONG_ID ||
		    (strncmp(texts->strings[s->index - 1], id, len) == 0 &&
		     texts->strings[s->index - 1][len] == '\0'))
			return s->index - 1;
	}
}

void socialcap__ds_ids_free(ds_ids *ids, socialcap__mem *mem)
{
	socialcap__mem_free(mem, ids->slots, ids->slot_count * sizeof(*ids->slots));
	memset(ids, 0, sizeof(*ids));
}
