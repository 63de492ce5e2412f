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
 * must outlive the results; a network taken over by a snapshot is held by
 * the results too (socialcap__net_hold) and so lives as long as they do.
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
	socialcap_network *net;         /* borrowed or held: row labels */
	int holds_net;                  /* 1: a holder (socialcap__net_hold) */
	int row_kind;                   /* socialcap_row_kind */
	uint32_t rows;
	uint32_t cols;
	const char *const *col_names;   /* static, cols entries */
	/* Stored columns, column-major, NaN-filled: `stored` blocks of `rows`
	 * values. A dense table (slot == NULL) stores every column in order.
	 * A sparse one maps column c to block slot[c]; every column that is
	 * not stored maps to one shared block of NaNs (the last), so a reader
	 * sees the same table either way. */
	double *values;
	uint32_t *slot;                 /* cols entries, or NULL (dense) */
	uint32_t stored;                /* blocks in values */
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
			   socialcap_network *net, int row_kind,
			   uint32_t rows, uint32_t cols,
			   const char *const *col_names);

/*
 * Like socialcap__results_new(), but only the columns whose bit is set in
 * @p present are stored (bit c = column c; cols <= 64); the others read as
 * NaN and have no writable storage. Used where a caller asks for a few
 * columns of a wide table, so that the rest costs neither memory nor time.
 */
int socialcap__results_new_some(socialcap_results **out,
				const socialcap_allocator *allocator,
				socialcap_network *net, int row_kind,
				uint32_t rows, uint32_t cols,
				const char *const *col_names, uint64_t present);

/* Whether column @p col has storage of its own. */
static inline int socialcap__results_stored(const socialcap_results *res, uint32_t col)
{
	/* a sparse table always ends with its NaN block */
	return res->slot == NULL || res->slot[col] + 1 < res->stored;
}

/* The values of column @p col (rows values; shared NaNs if not stored). */
static inline const double *socialcap__results_read(const socialcap_results *res,
						    uint32_t col)
{
	return res->values + (size_t)(res->slot != NULL ? res->slot[col] : col) * res->rows;
}

/* The writable column @p col (rows values), or NULL when it is not stored. */
static inline double *socialcap__results_col(socialcap_results *res, uint32_t col)
{
	if (res->slot == NULL)
		return res->values + (size_t)col * res->rows;
	if (!socialcap__results_stored(res, col))
		return NULL;
	return res->values + (size_t)res->slot[col] * res->rows;
}

/* Append an echoed option. Returns 0 or SOCIALCAP_ENOMEM. */
int socialcap__results_echo(socialcap_results *res, const char *name, double value);

#endif
