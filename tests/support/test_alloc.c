#include "test_alloc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

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

/* A sized block's header: its size, aligned for any type. */
typedef union header {
	size_t size;
	max_align_t align;
} header;

static void note_peak(test_alloc *ta)
{
	if (ta->live_bytes > ta->peak_bytes)
		ta->peak_bytes = ta->live_bytes;
}

static void *s_malloc(size_t size, void *user)
{
	test_alloc *ta = user;
	header *h;

	if (should_fail(ta))
		return NULL;
	h = malloc(sizeof(*h) + size);
	if (h == NULL)
		return NULL;
	h->size = size;
	ta->live_bytes += size;
	note_peak(ta);
	ta->live++;
	return h + 1;
}

static void *s_realloc(void *ptr, size_t size, void *user)
{
	test_alloc *ta = user;
	header *h;

	if (ptr == NULL)
		return s_malloc(size, user);
	if (should_fail(ta))
		return NULL;
	h = realloc((header *)ptr - 1, sizeof(*h) + size);
	if (h == NULL)
		return NULL;
	ta->live_bytes = ta->live_bytes - h->size + size;
	note_peak(ta);
	h->size = size;
	return h + 1;
}

static void s_free(void *ptr, void *user)
{
	test_alloc *ta = user;
	header *h;

	if (ptr == NULL)
		return;
	h = (header *)ptr - 1;
	ta->live_bytes -= h->size;
	ta->live--;
	free(h);
}

static void init(test_alloc *ta, size_t fail_at, int fail_from)
{
	ta->allocator.user = ta;
	ta->calls = 0;
	ta->fail_at = fail_at;
	ta->fail_from = fail_from;
	ta->failures = 0;
	ta->live = 0;
	ta->live_bytes = 0;
	ta->peak_bytes = 0;
}

void test_alloc_init(test_alloc *ta, size_t fail_at, int fail_from)
{
	init(ta, fail_at, fail_from);
	ta->allocator.malloc = t_malloc;
	ta->allocator.realloc = t_realloc;
	ta->allocator.free = t_free;
}

void test_alloc_init_sized(test_alloc *ta, size_t fail_at, int fail_from)
{
	init(ta, fail_at, fail_from);
	ta->allocator.malloc = s_malloc;
	ta->allocator.realloc = s_realloc;
	ta->allocator.free = s_free;
}

socialcap_network *test_alloc_network(test_alloc *ta)
{
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network *net = NULL;

	test_alloc_init(ta, 0, 0);
	o.allocator = &ta->allocator;
	assert_int_equal(socialcap_network_new(&net, &o), 0);
	return net;
}
