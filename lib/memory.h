/*
 * Per-object memory: every allocation of a network (and of objects derived
 * from it) goes through one socialcap__mem, which applies the caller's
 * allocator and counts the bytes held, so socialcap_network_memory() is
 * exact and allocation failures can be injected by tests.
 */
#ifndef SOCIALCAP_MEMORY_H
#define SOCIALCAP_MEMORY_H

#include <stddef.h>
#include <stdint.h>

#include "socialcap/common.h"

typedef struct socialcap__mem {
	socialcap_allocator allocator;
	size_t bytes; /* currently held, as requested by the callers */
} socialcap__mem;

/* Uses @p allocator when given, else malloc/realloc/free. */
void socialcap__mem_init(socialcap__mem *mem, const socialcap_allocator *allocator);

/* Returns NULL on failure or when size is 0. */
void *socialcap__mem_alloc(socialcap__mem *mem, size_t size);
void *socialcap__mem_calloc(socialcap__mem *mem, size_t count, size_t size);
/* Like realloc, but told the old size so the byte count stays exact. On
 * failure returns NULL and leaves @p ptr untouched. */
void *socialcap__mem_realloc(socialcap__mem *mem, void *ptr, size_t old_size,
			     size_t new_size);
void socialcap__mem_free(socialcap__mem *mem, void *ptr, size_t size);

/* a * b without overflow; returns 0 and sets *out, or -1 on overflow. */
static inline int socialcap__mul_size(size_t a, size_t b, size_t *out)
{
	if (b != 0 && a > SIZE_MAX / b)
		return -1;
	*out = a * b;
	return 0;
}

/*
 * Make room for at least @p need elements of @p elem bytes in *array, whose
 * capacity is *cap elements. Grows by half again (not doubling) to keep the
 * transient peak of a huge array low. Returns 0 or SOCIALCAP_ENOMEM; on
 * failure *array and *cap are unchanged.
 */
int socialcap__grow(socialcap__mem *mem, void **array, size_t *cap, size_t need,
		    size_t elem);

/* Looks at the capacity before calling: callers grow one element at a
 * time in loops of millions. @p need and @p cap are read twice. */
#define SOCIALCAP__GROW(mem, arr, cap, need)                                   \
	((size_t)(need) <= (cap)                                               \
		 ? SOCIALCAP_OK                                                \
		 : socialcap__grow((mem), (void **)&(arr), &(cap), (need),     \
				   sizeof(*(arr))))

/* Exact resize of an array to @p new_cap elements (used by reserve). */
int socialcap__resize(socialcap__mem *mem, void **array, size_t *cap,
		      size_t new_cap, size_t elem);

#endif
