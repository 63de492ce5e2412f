#include "test_alloc.h"

#include <stdlib.h>

static int should_fail(test_alloc *ta)
{
	ta->calls++;
	if (ta->fail_at == 0)
		return 0;
	if (ta->calls == ta->fail_at || (ta->fail_from && ta->calls > ta->fail_at)) {
		ta->failures++;
		return 1;
	}
	return 0;
}

static void *t_malloc(size_t size, void *user)
{
	test_alloc *ta = user;
	void *p;

	if (should_fail(ta))
		return NULL;
	p = malloc(size);
	if (p != NULL)
		ta->live++;
	return p;
}

static void *t_realloc(void *ptr, size_t size, void *user)
{
	test_alloc *ta = user;
	void *p;

	if (should_fail(ta))
		return NULL;
	p = realloc(ptr, size);
	if (p != NULL && ptr == NULL)
		ta->live++;
	return p;
}

static void t_free(void *ptr, void *user)
{
	test_alloc *ta = user;

	if (ptr != NULL)
		ta->live--;
	free(ptr);
}

void test_alloc_init(test_alloc *ta, size_t fail_at, int fail_from)
{
	ta->allocator.malloc = t_malloc;
	ta->allocator.realloc = t_realloc;
	ta->allocator.free = t_free;
	ta->allocator.user = ta;
	ta->calls = 0;
	ta->fail_at = fail_at;
	ta->fail_from = fail_from;
	ta->failures = 0;
	ta->live = 0;
}
