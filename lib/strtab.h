/*
 * An interning string table: each distinct string is stored once and gets
 * a dense index in order of first appearance. Used for external actor ids,
 * event ids and every label dictionary (sectors, neighbourhoods, layers,
 * groups, event kinds).
 *
 * Strings live in chunks that never move, so a `const char *` handed out
 * stays valid until the table is freed. Lookup is an open-addressing hash
 * of 32-bit slots (index + 1, 0 = empty) with linear probing.
 */
#ifndef SOCIALCAP_STRTAB_H
#define SOCIALCAP_STRTAB_H

#include <stddef.h>
#include <stdint.h>

#include "memory.h"

typedef struct socialcap__chunk socialcap__chunk;

typedef struct socialcap__strtab {
	char **strings;        /* index -> string (in a chunk) */
	size_t count;
	size_t cap;
	uint32_t *slots;       /* hash slots: index + 1, 0 = empty */
	size_t slot_count;     /* power of two, or 0 */
	socialcap__chunk *chunks; /* newest first */
	size_t chunk_free;     /* bytes left in the newest chunk */
	size_t text_bytes;     /* total bytes of stored strings, with NULs */
} socialcap__strtab;

void socialcap__strtab_init(socialcap__strtab *tab);
void socialcap__strtab_free(socialcap__strtab *tab, socialcap__mem *mem);

uint64_t socialcap__hash_bytes(const void *data, size_t len);

/* Index of @p s (length @p len), or UINT32_MAX when absent. */
uint32_t socialcap__strtab_find(const socialcap__strtab *tab, const char *s,
				size_t len);

/*
 * Make sure @p strings more strings totalling @p bytes bytes (without NULs)
 * can be added by socialcap__strtab_add() without allocating. Returns 0 or
 * SOCIALCAP_ENOMEM; the table's contents never change.
 */
int socialcap__strtab_reserve(socialcap__strtab *tab, socialcap__mem *mem,
			      size_t strings, size_t bytes);

/*
 * Room for @p strings more strings in the index and the hash, the text
 * aside: for a caller that knows roughly how many will come, so that the
 * hash is not rebuilt at every doubling on the way. 0 or SOCIALCAP_ENOMEM;
 * the table's contents never change.
 */
int socialcap__strtab_expect(socialcap__strtab *tab, socialcap__mem *mem,
			     size_t strings);

/*
 * Add @p s, which must be absent, and return its index. Only valid after a
 * successful reserve covering it: it cannot fail.
 */
uint32_t socialcap__strtab_add(socialcap__strtab *tab, const char *s, size_t len);

/*
 * Bulk loading: store @p s and give it the next index without entering it
 * in the hash; the caller puts index + 1 into its slot (the one
 * socialcap__hash_bytes(s, len) leads to under linear probing) before the
 * table is searched or grown. Needs a reserve covering @p s.
 */
uint32_t socialcap__strtab_push(socialcap__strtab *tab, const char *s, size_t len);

/* Find or (reserve and) add; sets *out. Returns 0 or SOCIALCAP_ENOMEM. */
int socialcap__strtab_intern(socialcap__strtab *tab, socialcap__mem *mem,
			     const char *s, size_t len, uint32_t *out);

/* Bytes the table holds (pointers, slots, chunks), as counted by its
 * socialcap__mem. */
size_t socialcap__strtab_bytes(const socialcap__strtab *tab);

static inline const char *socialcap__strtab_get(const socialcap__strtab *tab,
						 uint32_t index)
{
	return index < tab->count ? tab->strings[index] : NULL;
}

#endif
