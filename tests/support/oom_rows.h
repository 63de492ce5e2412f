/*
 * The table of tests/oom_sweep_test.c: one row per allocating public entry
 * point (and per distinct path through it), and the calls of the public
 * functions that must make no allocation.
 */
#ifndef SOCIALCAP_OOM_ROWS_H
#define SOCIALCAP_OOM_ROWS_H

#include <stddef.h>

#include "oom_fixture.h"

typedef struct oom_row {
	const char *name;     /* what this row sweeps */
	const char *function; /* the public function under test */
	int (*setup)(fx *f);  /* the state before the call; must succeed */
	int (*op)(fx *f);     /* the call under test */
	/* 1: the call replaces files one by one (dataset export): after a
	 * failure each file is the old or the new one, not all the old. */
	int files_each;
} oom_row;

extern const oom_row oom_rows[];
extern const size_t oom_row_count;

/* Call every function that must not allocate once, on the objects of
 * fx_setup_everything(); names[] receives each function's name. */
void oom_call_non_allocating(fx *f, const char **names, size_t *count);

/* In such a caller (names and count in scope): make @p call, a call of
 * @p fn, and record the function's name. */
#define NOALLOC(fn, call)                                                      \
	do {                                                                   \
		(void)(call);                                                  \
		names[(*count)++] = #fn;                                       \
	} while (0)

#endif
