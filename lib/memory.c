/* madvise() and MADV_HUGEPAGE are Linux extensions beyond POSIX. */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE 1
#endif

#include "memory.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__linux__)
#include <sys/mman.h>
#endif

/* Blocks from this size on are hash tables and columns of big networks,
 * read at random: backing them with huge pages where the system allows
 * saves most of the TLB misses. */
#define HUGE_HINT_BYTES ((size_t)8 << 20)

/* Ask for huge pages on the 2 MiB-aligned interior of a fresh block. Only
 * a hint: nothing changes when the kernel ignores it or says no. */
static void hint_huge(void *p, size_t size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
	const uintptr_t align = (uintptr_t)2 << 20;
	uintptr_t lo = ((uintptr_t)p + align - 1) & ~(align - 1);
	uintptr_t hi = ((uintptr_t)p + size) & ~(align - 1);

	if (size >= HUGE_HINT_BYTES && hi > lo)
		(void)madvise((char *)p + (lo - (uintptr_t)p), hi - lo, MADV_HUGEPAGE);
#else
	(void)p;
	(void)size;
#endif
}

static void *default_malloc(size_t size, void *user)
{
	(void)user;
	return malloc(size);
}

static void *default_realloc(void *ptr, size_t size, void *user)
{
	(void)user;
	return realloc(ptr, size);
}

static void default_free(void *ptr, void *user)
{
	(void)user;
	free(ptr);
}

void socialcap__mem_init(socialcap__mem *mem, const socialcap_allocator *allocator)
{
	if (allocator != NULL) {
		mem->allocator = *allocator;
	} else {
		mem->allocator.malloc = default_malloc;
		mem->allocator.realloc = default_realloc;
		mem->allocator.free = default_free;
		mem->allocator.user = NULL;
	}
	mem->bytes = 0;
}

void *socialcap__mem_alloc(socialcap__mem *mem, size_t size)
{
	void *p;

	if (size == 0)
		return NULL;
	p = mem->allocator.malloc(size, mem->allocator.user);
	if (p != NULL) {
		mem->bytes += size;
		hint_huge(p, size);
	}
	return p;
}

void *socialcap__mem_calloc(socialcap__mem *mem, size_t count, size_t size)
{
	size_t total;
	void *p;

	if (socialcap__mul_size(count, size, &total) != 0)
		return NULL;
	p = socialcap__mem_alloc(mem, total);
	if (p != NULL)
		memset(p, 0, total);
	return p;
}

void *socialcap__mem_realloc(socialcap__mem *mem, void *ptr, size_t old_size,
			     size_t new_size)
{
	void *p;

	if (ptr == NULL)
		return socialcap__mem_alloc(mem, new_size);
	if (new_size == 0) {
		socialcap__mem_free(mem, ptr, old_size);
		return NULL;
	}
	p = mem->allocator.realloc(ptr, new_size, mem->allocator.user);
	if (p != NULL) {
		mem->bytes = mem->bytes - old_size + new_size;
		if (new_size > old_size)
			hint_huge(p, new_size);
	}
	return p;
}

void socialcap__mem_free(socialcap__mem *mem, void *ptr, size_t size)
{
	if (ptr == NULL)
		return;
	mem->allocator.free(ptr, mem->allocator.user);
	mem->bytes -= size;
}

int socialcap__resize(socialcap__mem *mem, void **array, size_t *cap,
		      size_t new_cap, size_t elem)
{
	size_t old_bytes, new_bytes;
	void *p;

	if (socialcap__mul_size(new_cap, elem, &new_bytes) != 0)
		return SOCIALCAP_ENOMEM;
	old_bytes = *cap * elem;
	p = socialcap__mem_realloc(mem, *array, old_bytes, new_bytes);
	if (p == NULL && new_bytes != 0)
		return SOCIALCAP_ENOMEM;
	*array = p;
	*cap = new_cap;
	return SOCIALCAP_OK;
}

int socialcap__grow(socialcap__mem *mem, void **array, size_t *cap, size_t need,
		    size_t elem)
{
	size_t new_cap;

	if (need <= *cap)
		return SOCIALCAP_OK;
	new_cap = *cap + *cap / 2;
	if (new_cap < 16)
		new_cap = 16;
	if (new_cap < need)
		new_cap = need;
	return socialcap__resize(mem, array, cap, new_cap, elem);
}
