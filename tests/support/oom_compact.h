/*
 * Allocation-failure sweep rows of the compact graph (socialcap/compact.h):
 * each op builds a small compact graph from nothing with the fixture's
 * allocator, up to the step under test, and frees it again; the results
 * go into the fixture's out-parameters, so the sweep compares them.
 */
#ifndef SOCIALCAP_OOM_COMPACT_H
#define SOCIALCAP_OOM_COMPACT_H

#include <stddef.h>

#include "oom_fixture.h"

int oom_compact_new(fx *f);
int oom_compact_start_fill(fx *f);
int oom_compact_finish(fx *f);
int oom_compact_finish_weighted(fx *f);
int oom_compact_areas_ties(fx *f);
int oom_compact_areas_reach(fx *f);
int oom_compact_components(fx *f);

/* The compact functions that must not allocate (see oom_call_non_allocating). */
void oom_compact_non_allocating(fx *f, const char **names, size_t *count);

#endif
