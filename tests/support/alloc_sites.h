/*
 * Allocation call sites seen by a test allocator.
 *
 * Every allocation of the library goes through the wrappers of
 * lib/memory.c (socialcap__mem_alloc, _calloc, _realloc, socialcap__grow,
 * socialcap__resize). The call site of an allocation is the first return
 * address on the stack above those wrappers. To know where the wrappers
 * start and end, the test reads the function symbols of its own executable
 * (/proc/self/exe, ELF symbol table); the wrappers' run-time addresses then
 * give the load offset. A site is recorded as its address relative to the
 * executable's load address, so tests/oom_sites.sh can name its source
 * line with addr2line and compare the sites reached with the sites present.
 *
 * When the symbol table cannot be read (a stripped binary, not Linux), the
 * recorder is disabled and alloc_sites_count() returns 0.
 */
#ifndef SOCIALCAP_ALLOC_SITES_H
#define SOCIALCAP_ALLOC_SITES_H

#include <stddef.h>
#include <stdio.h>

typedef struct alloc_sites alloc_sites;

/* New recorder (NULL when the executable's symbols cannot be read). */
alloc_sites *alloc_sites_new(void);
void alloc_sites_free(alloc_sites *s);

/* Record the call site of the allocation in progress; call it from inside
 * the allocator function itself. NULL-safe. */
void alloc_sites_record(alloc_sites *s);

/* Distinct sites recorded. */
size_t alloc_sites_count(const alloc_sites *s);
/* Allocations whose stack showed no memory.c wrapper (should be 0). */
size_t alloc_sites_unknown(const alloc_sites *s);

/* Print one line per site: the relative address in hex ("0x1a2b"),
 * as addr2line -e <executable> expects for a position-independent one. */
void alloc_sites_dump(const alloc_sites *s, FILE *out);

#endif
