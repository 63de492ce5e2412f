/*
 * Allocation-failure sweeps over one call on a network.
 *
 * For k = 1, 2, ... the network is rebuilt with a test_alloc allocator,
 * then the call under test runs with allocation k failing (once, or every
 * allocation from k on) until a run sees no failure. Each run must return 0
 * or SOCIALCAP_ENOMEM without crashing; a failed run must leave the network
 * exactly as before (same digest), set a message, and a retry without
 * failures must then succeed with the same result as a clean run; freeing
 * must release every block.
 */
#ifndef SOCIALCAP_SWEEP_H
#define SOCIALCAP_SWEEP_H

#include <stddef.h>

#include "socialcap.h"

/* Bring the network into the state before the call; must succeed. */
typedef int (*sweep_build)(socialcap_network *net, void *ctx);
/* The call under test. Returns its status; may check its own results. */
typedef int (*sweep_op)(socialcap_network *net, void *ctx);

/*
 * Run both sweeps (fail once at k, fail from k) of @p op on networks made
 * by @p build (NULL: empty network) with options @p opts (NULL: defaults;
 * its allocator is replaced). Returns the number of allocations the call
 * made in a clean run, so a test can insist the sweep exercised something.
 */
size_t alloc_sweep(const char *name, const socialcap_network_options *opts,
		   sweep_build build, sweep_op op, void *ctx);

/* The same for socialcap_network_new() itself. */
size_t alloc_sweep_new(const socialcap_network_options *opts);

#endif
