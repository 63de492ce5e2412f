/*
 * A counting allocator for tests: it can fail the k-th allocation once
 * ("fail once at k") or every allocation from the k-th on ("fail from k"),
 * and counts live blocks so a test can assert that nothing leaked. The
 * sized variant also keeps each block's size in front of it and counts the
 * live bytes, to compare with what an object says it holds, and the most
 * ever held at once.
 */
#ifndef SOCIALCAP_TEST_ALLOC_H
#define SOCIALCAP_TEST_ALLOC_H

#include <stddef.h>

#include "socialcap.h"

typedef struct test_alloc {
	socialcap_allocator allocator; /* pass &ta.allocator to the library */
	size_t calls;       /* malloc/realloc calls so far */
	size_t fail_at;     /* 1-based call to fail; 0 = never */
	int fail_from;      /* 1: fail every call from fail_at on */
	size_t failures;    /* calls failed */
	long live;          /* blocks allocated and not freed */
	size_t live_bytes;  /* bytes in live blocks (sized variant only) */
	size_t peak_bytes;  /* the most live_bytes ever were (sized only) */
} test_alloc;

void test_alloc_init(test_alloc *ta, size_t fail_at, int fail_from);
/* The same, counting live_bytes too. */
void test_alloc_init_sized(test_alloc *ta, size_t fail_at, int fail_from);
/* A new empty network with default options on @p ta, initialised afresh
 * (failing nothing yet); fails the running cmocka test if it cannot be
 * made. */
socialcap_network *test_alloc_network(test_alloc *ta);

#endif
