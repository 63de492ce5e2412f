#include "sweep.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "net_digest.h"
#include "test_alloc.h"

/* No call in these tests needs more allocations than this. */
#define SWEEP_MAX_K 100000

static socialcap_network *make(test_alloc *ta, const socialcap_network_options *opts,
			       sweep_build build, void *ctx)
{
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network *net = NULL;

	if (opts != NULL)
		o = *opts;
	test_alloc_init(ta, 0, 0);
	o.allocator = &ta->allocator;
	assert_int_equal(socialcap_network_new(&net, &o), 0);
	assert_non_null(net);
	if (build != NULL)
		assert_int_equal(build(net, ctx), 0);
	return net;
}

static void arm(test_alloc *ta, size_t k, int from)
{
	ta->calls = 0;
	ta->failures = 0;
	ta->fail_at = k;
	ta->fail_from = from;
}

static void disarm(test_alloc *ta)
{
	ta->fail_at = 0;
	ta->fail_from = 0;
}

static void release(socialcap_network *net, test_alloc *ta)
{
	socialcap_network_free(net);
	assert_int_equal(ta->live, 0);
}

/* One run with allocation k failing; returns 1 when no allocation failed. */
static int run_once(const char *name, const socialcap_network_options *opts,
		    sweep_build build, sweep_op op, void *ctx, size_t k,
		    int from, const char *want)
{
	test_alloc ta;
	socialcap_network *net = make(&ta, opts, build, ctx);
	char *before = net_digest(net), *after;
	int rc, clean;

	arm(&ta, k, from);
	rc = op(net, ctx);
	disarm(&ta);
	clean = ta.failures == 0;
	if (rc != 0 && rc != SOCIALCAP_ENOMEM)
		print_error("%s: k=%zu from=%d returned %d (%s)\n", name, k, from,
			    rc, socialcap_network_errmsg(net));
	assert_true(rc == 0 || rc == SOCIALCAP_ENOMEM);
	if (clean)
		assert_int_equal(rc, 0);
	after = net_digest(net);
	if (rc == 0) {
		assert_string_equal(after, want);
	} else {
		/* Unchanged, explained, and still usable. */
		if (strcmp(before, after) != 0)
			print_error("%s: k=%zu from=%d changed the network\n", name,
				    k, from);
		assert_string_equal(before, after);
		assert_true(strlen(socialcap_network_errmsg(net)) > 0);
		free(after);
		assert_int_equal(op(net, ctx), 0);
		after = net_digest(net);
		assert_string_equal(after, want);
	}
	free(before);
	free(after);
	release(net, &ta);
	return clean;
}

size_t alloc_sweep(const char *name, const socialcap_network_options *opts,
		   sweep_build build, sweep_op op, void *ctx)
{
	test_alloc ta;
	socialcap_network *net = make(&ta, opts, build, ctx);
	size_t allocations, k;
	char *want;
	int from;

	/* A clean run gives the expected outcome and the allocation count. */
	arm(&ta, 0, 0);
	assert_int_equal(op(net, ctx), 0);
	allocations = ta.calls;
	want = net_digest(net);
	release(net, &ta);
	for (from = 0; from <= 1; from++) {
		for (k = 1; k <= SWEEP_MAX_K; k++)
			if (run_once(name, opts, build, op, ctx, k, from, want))
				break;
		assert_true(k <= SWEEP_MAX_K);
		assert_true(k > allocations);
	}
	free(want);
	return allocations;
}

size_t alloc_sweep_new(const socialcap_network_options *opts)
{
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;
	size_t k, allocations = 0;
	int from;

	if (opts != NULL)
		o = *opts;
	for (from = 0; from <= 1; from++) {
		for (k = 1; k <= SWEEP_MAX_K; k++) {
			test_alloc ta;
			socialcap_network *net = (socialcap_network *)&ta; /* not NULL */
			int rc;

			test_alloc_init(&ta, k, from);
			o.allocator = &ta.allocator;
			rc = socialcap_network_new(&net, &o);
			assert_true(rc == 0 || rc == SOCIALCAP_ENOMEM);
			if (rc != 0) {
				assert_null(net);
				assert_true(ta.failures > 0);
				assert_int_equal(ta.live, 0);
				continue;
			}
			assert_non_null(net);
			assert_int_equal(socialcap_network_layer_count(net), 5);
			if (ta.failures == 0) {
				allocations = ta.calls;
				release(net, &ta);
				break;
			}
			release(net, &ta);
		}
		assert_true(k <= SWEEP_MAX_K);
	}
	return allocations;
}
