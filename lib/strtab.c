#include "strtab.h"

#include <string.h>

#include "socialcap/common.h"

/* Chunks are at least this large so that small strings share allocations. */
#define CHUNK_MIN_BYTES ((size_t)64 * 1024)

struct socialcap__chunk {
	socialcap__chunk *next;
	size_t size; /* bytes of data[] */
	char data[];
};

void socialcap__strtab_init(socialcap__strtab *tab)
{
	memset(tab, 0, sizeof(*tab));
}

void socialcap__strtab_free(socialcap__strtab *tab, socialcap__mem *mem)
{
	socialcap__chunk *c = tab->chunks;

	while (c != NULL) {
		socialcap__chunk *next = c->next;
		socialcap__mem_free(mem, c, sizeof(*c) + c->size);
		c = next;
	}
	socialcap__mem_free(mem, tab->strings, tab->cap * sizeof(*tab->strings));
	socialcap__mem_free(mem, tab->slots, tab->slot_count * sizeof(*tab->slots));
	socialcap__strtab_init(tab);
}

size_t socialcap__strtab_bytes(const socialcap__strtab *tab)
{
	size_t bytes = tab->cap * sizeof(*tab->strings) +
		       tab->slot_count * sizeof(*tab->slots);
	const socialcap__chunk *c;

	for (c = tab->chunks; c != NULL; c = c->next)
		bytes += sizeof(*c) + c->size;
	return bytes;
}

uint64_t socialcap__hash_bytes(const void *data, size_t len)
{
	/* 64-bit multiply-xorshift over 8-byte words: fast on short ids and
	 * well mixed enough for linear probing. */
	const unsigned char *p = data;
	uint64_t h = 0x9e3779b97f4a7c15u ^ (uint64_t)len;
	uint64_t w;

	while (len >= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xbf58476d1ce4e5b9u;
		h ^= h >> 31;
		p += 8;
		len -= 8;
	}
	w = 0;
	memcpy(&w, p, len);
	h = (h ^ w) * 0x94d049bb133111ebu;
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9u;
	h ^= h >> 32;
	return h;
}

uint32_t socialcap__strtab_find(const socialcap__strtab *tab, const char *s,
				size_t len)
{
	size_t mask, i;

	if (tab->slot_count == 0)
		return UINT32_MAX;
	mask = tab->slot_count - 1;
	i = (size_t)socialcap__hash_bytes(s, len) & mask;
	for (;;) {
		uint32_t slot = tab->slots[i];
		const char *t;

		if (slot == 0)
			return UINT32_MAX;
		t = tab->strings[slot - 1];
		if (strncmp(t, s, len) == 0 && t[len] == '\0')
			return slot - 1;
		i = (i + 1) & mask;
	}
}

static void insert_slot(uint32_t *slots, size_t mask, uint64_t hash, uint32_t index)
{
	size_t i = (size_t)hash & mask;

	while (slots[i] != 0)
		i = (i + 1) & mask;
	slots[i] = index + 1;
}

/* Keep the load at most 3/4: short probe runs, 5.3 bytes per entry at most. */
static int rehash(socialcap__strtab *tab, socialcap__mem *mem, size_t need)
{
	size_t n = tab->slot_count ? tab->slot_count : 16;
	uint32_t *slots;
	size_t i;

	while (need > n / 4 * 3)
		n *= 2;
	if (n == tab->slot_count)
		return SOCIALCAP_OK;
	if (n - 1 > UINT32_MAX)
		return SOCIALCAP_ENOMEM;
	slots = socialcap__mem_calloc(mem, n, sizeof(*slots));
	if (slots == NULL)
		return SOCIALCAP_ENOMEM;
	for (i = 0; i < tab->count; i++) {
		const char *s = tab->strings[i];
		insert_slot(slots, n - 1, socialcap__hash_bytes(s, strlen(s)),
			    (uint32_t)i);
	}
	socialcap__mem_free(mem, tab->slots, tab->slot_count * sizeof(*slots));
	tab->slots = slots;
	tab->slot_count = n;
	return SOCIALCAP_OK;
}

int socialcap__strtab_expect(socialcap__strtab *tab, socialcap__mem *mem,
			     size_t strings)
{
	size_t need = tab->count + strings;
	int rc;

	if (need < tab->count || need > UINT32_MAX - 1)
		return SOCIALCAP_ENOMEM;
	rc = SOCIALCAP__GROW(mem, tab->strings, tab->cap, need);
	if (rc != 0)
		return rc;
	return rehash(tab, mem, need);
}

int socialcap__strtab_reserve(socialcap__strtab *tab, socialcap__mem *mem,
			      size_t strings, size_t bytes)
{
	size_t text = bytes + strings; /* with NULs */
	int rc;

	if (strings == 0)
		return SOCIALCAP_OK;
	if (text < bytes)
		return SOCIALCAP_ENOMEM;
	rc = socialcap__strtab_expect(tab, mem, strings);
	if (rc != 0)
		return rc;
	if (text > tab->chunk_free) {
		size_t size = text > CHUNK_MIN_BYTES ? text : CHUNK_MIN_BYTES;
		socialcap__chunk *c = socialcap__mem_alloc(mem, sizeof(*c) + size);

		if (c == NULL)
			return SOCIALCAP_ENOMEM;
		/* The rest of the previous chunk is abandoned: at most one
		 * string's worth of waste per chunk. */
		c->next = tab->chunks;
		c->size = size;
		tab->chunks = c;
		tab->chunk_free = size;
	}
	return SOCIALCAP_OK;
}

/* Copy @p s into the newest chunk and give it the next index. */
static uint32_t store(socialcap__strtab *tab, const char *s, size_t len)
{
	socialcap__chunk *c = tab->chunks;
	char *dst = c->data + (c->size - tab->chunk_free);

	memcpy(dst, s, len);
	dst[len] = '\0';
	tab->chunk_free -= len + 1;
	tab->text_bytes += len + 1;
	tab->strings[tab->count] = dst;
	return (uint32_t)tab->count++;
}

uint32_t socialcap__strtab_add(socialcap__strtab *tab, const char *s, size_t len)
{
	uint32_t index = store(tab, s, len);

	insert_slot(tab->slots, tab->slot_count - 1, socialcap__hash_bytes(s, len),
		    index);
	return index;
}

uint32_t socialcap__strtab_push(socialcap__strtab *tab, const char *s, size_t len)
{
	return store(tab, s, len);
}

int socialcap__strtab_intern(socialcap__strtab *tab, socialcap__mem *mem,
			     const char *s, size_t len, uint32_t *out)
{
	uint32_t index = socialcap__strtab_find(tab, s, len);
	int rc;

	if (index == UINT32_MAX) {
		rc = socialcap__strtab_reserve(tab, mem, 1, len);
		if (rc != 0)
			return rc;
		index = socialcap__strtab_add(tab, s, len);
	}
	*out = index;
	return SOCIALCAP_OK;
}
