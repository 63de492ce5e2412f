/*
 * The layout of socialcap_results and the functions that producers of
 * results (actor indicators, network indicators, area aggregates) use to
 * create and fill one. Private: never installed.
 *
 * Values are stored column-major (values[column * rows + row]) so that a
 * producer fills one indicator for all rows in a tight loop and a binding
 * can hand a whole column out without copying.
 *
 * Row labels are not copied: they are looked up in the network by row kind
 * (actor ids, neighbourhood codes, sector labels), which is why the network
 * must outlive the results.
 */
#ifndef SOCIALCAP_RESULTS_INTERNAL_H
#define SOCIALCAP_RESULTS_INTERNAL_H

#include <stdint.h>

#include "memory.h"
#include "socialcap/network.h"
#include "socialcap/results.h"

#define SOCIALCAP__OPTION_NAME_SIZE 48

typedef struct socialcap__option {
	char name[SOCIALCAP__OPTION_NAME_SIZE];
	double value;
} socialcap__option;

struct socialcap_results {
	socialcap__mem mem;
	const socialcap_network *net;   /* borrowed: row labels */
	int row_kind;                   /* socialcap_row_kind */
	uint32_t rows;
	uint32_t cols;
	const char *const *col_names;   /* static, cols entries */
	double *values;                 /* cols * rows, column-major, NaN-filled */
	socialcap__option *options;
	uint32_t option_count;
	uint32_t option_cap;
};

/*
 * Create a table of @p rows x @p cols NaNs, with memory from @p allocator
 * (the allocator of the network or snapshot the values come from).
 * Returns 0 or SOCIALCAP_ENOMEM.
 */
int socialcap__results_new(socialcap_results **out,
			   const socialcap_allocator *allocator,
			   const socialcap_network *net, int row_kind,
			   uint32_t rows, uint32_t cols,
			   const char *const *col_names);

/* The writable column @p col (rows values). */
static inline double *socialcap__results_col(socialcap_results *res, uint32_t col)
{
	return res->values + (size_t)col * res->rows;
}

/* Append an echoed option. Returns 0 or SOCIALCAP_ENOMEM. */
int socialcap__results_echo(socialcap_results *res, const char *name, double value);

#endif
