/* The results table: construction for producers, read access for callers. */
#include <math.h>
#include <string.h>

#include "errors.h"
#include "network_internal.h"
#include "results_internal.h"

static size_t nz(size_t count)
{
	return count ? count : 1;
}

/* Columns from 64 on are stored only in a full table. */
static int present_bit(uint64_t present, uint32_t c)
{
	return c < 64 ? ((present >> c) & 1u) != 0 : present == UINT64_MAX;
}

int socialcap__results_new_some(socialcap_results **out,
				const socialcap_allocator *allocator,
				socialcap_network *net, int row_kind,
				uint32_t rows, uint32_t cols,
				const char *const *col_names, uint64_t present)
{
	socialcap__mem mem;
	socialcap_results *res;
	uint32_t stored = 0, c;
	size_t count, i;
	int sparse = 0;

	*out = NULL;
	for (c = 0; c < cols; c++) {
		if (present_bit(present, c))
			stored++;
		else
			sparse = 1;
	}
	if (!sparse)
		stored = cols;
	else
		stored++; /* the shared block of NaNs */
	socialcap__mem_init(&mem, allocator);
	if (socialcap__mul_size(rows, stored, &count) != 0 ||
	    socialcap__mul_size(count, sizeof(double), &i) != 0)
		return SOCIALCAP_ENOMEM;
	res = socialcap__mem_calloc(&mem, 1, sizeof(*res));
	if (res == NULL)
		return SOCIALCAP_ENOMEM;
	res->mem = mem;
	res->rows = rows;
	res->cols = cols;
	res->stored = stored;
	res->values = socialcap__mem_alloc(&res->mem, nz(count) * sizeof(double));
	if (sparse)
		res->slot = socialcap__mem_alloc(&res->mem, nz(cols) * sizeof(*res->slot));
	if (res->values == NULL || (sparse && res->slot == NULL)) {
		socialcap_results_free(res);
		return SOCIALCAP_ENOMEM;
	}
	for (i = 0; i < count; i++)
		res->values[i] = NAN;
	if (sparse) {
		uint32_t next = 0;

		for (c = 0; c < cols; c++)
			res->slot[c] = present_bit(present, c) ? next++ : stored - 1;
	}
	res->net = net;
	res->holds_net = socialcap__net_hold(net); /* let go in _results_free */
	res->row_kind = row_kind;
	res->col_names = col_names;
	*out = res;
	return SOCIALCAP_OK;
}

int socialcap__results_new(socialcap_results **out,
			   const socialcap_allocator *allocator,
			   socialcap_network *net, int row_kind,
			   uint32_t rows, uint32_t cols,
			   const char *const *col_names)
{
	return socialcap__results_new_some(out, allocator, net, row_kind, rows, cols,
					   col_names, UINT64_MAX);
}

int socialcap__results_echo(socialcap_results *res, const char *name, double value)
{
	size_t cap = res->option_cap;
	int rc = SOCIALCAP__GROW(&res->mem, res->options, cap, (size_t)res->option_count + 1);

	if (rc != 0)
		return rc;
	res->option_cap = (uint32_t)cap;
	socialcap__copy_text(res->options[res->option_count].name,
			     SOCIALCAP__OPTION_NAME_SIZE, name);
	res->options[res->option_count].value = value;
	res->option_count++;
	return SOCIALCAP_OK;
}

void socialcap_results_free(socialcap_results *res)
{
	socialcap_network *net;
	socialcap__mem mem;
	size_t count;

	if (res == NULL)
		return;
	count = (size_t)res->rows * res->stored;
	socialcap__mem_free(&res->mem, res->values, nz(count) * sizeof(double));
	if (res->slot != NULL)
		socialcap__mem_free(&res->mem, res->slot, nz(res->cols) * sizeof(*res->slot));
	socialcap__mem_free(&res->mem, res->options,
			    res->option_cap * sizeof(*res->options));
	net = res->holds_net ? res->net : NULL;
	mem = res->mem;
	socialcap__mem_free(&mem, res, sizeof(*res));
	if (net != NULL)
		socialcap__net_let_go(net);
}

int socialcap_results_row_kind(const socialcap_results *res)
{
	return res != NULL ? res->row_kind : -1;
}

uint32_t socialcap_results_row_count(const socialcap_results *res)
{
	return res != NULL ? res->rows : 0;
}

uint32_t socialcap_results_column_count(const socialcap_results *res)
{
	return res != NULL ? res->cols : 0;
}

const char *socialcap_results_column_name(const socialcap_results *res, uint32_t column)
{
	if (res == NULL || column >= res->cols)
		return NULL;
	return res->col_names[column];
}

int socialcap_results_find_column(const socialcap_results *res, uint32_t *out,
				  const char *name)
{
	uint32_t c;

	if (res == NULL || out == NULL || name == NULL)
		return SOCIALCAP_EINVAL;
	for (c = 0; c < res->cols; c++) {
		if (strcmp(res->col_names[c], name) == 0) {
			*out = c;
			return SOCIALCAP_OK;
		}
	}
	return SOCIALCAP_ENOTFOUND;
}

const char *socialcap_results_row_label(const socialcap_results *res, uint32_t row)
{
	if (res == NULL || row >= res->rows)
		return NULL;
	switch (res->row_kind) {
	case SOCIALCAP_ROWS_ACTORS:
		return socialcap_network_actor_id(res->net, row);
	case SOCIALCAP_ROWS_NEIGHBOURHOODS:
		return socialcap_network_neighbourhood_label(res->net, row);
	case SOCIALCAP_ROWS_SECTORS:
		return socialcap_network_sector_label(res->net, row);
	default:
		return "network";
	}
}

int socialcap_results_find_row(const socialcap_results *res, uint32_t *out,
			       const char *label)
{
	uint32_t row;
	int rc;

	if (res == NULL || out == NULL || label == NULL)
		return SOCIALCAP_EINVAL;
	switch (res->row_kind) {
	case SOCIALCAP_ROWS_ACTORS:
		rc = socialcap_network_find_actor(res->net, &row, label);
		break;
	case SOCIALCAP_ROWS_NEIGHBOURHOODS:
		rc = socialcap_network_find_neighbourhood(res->net, &row, label);
		break;
	case SOCIALCAP_ROWS_SECTORS:
		rc = socialcap_network_find_sector(res->net, &row, label);
		break;
	default:
		rc = strcmp(label, "network") == 0 ? 0 : SOCIALCAP_ENOTFOUND;
		row = 0;
		break;
	}
	if (rc != 0)
		return rc == SOCIALCAP_EINVAL ? rc : SOCIALCAP_ENOTFOUND;
	/* units added to the network after the computation have no row */
	if (row >= res->rows)
		return SOCIALCAP_ENOTFOUND;
	*out = row;
	return SOCIALCAP_OK;
}

double socialcap_results_get(const socialcap_results *res, uint32_t row,
			     uint32_t column)
{
	if (res == NULL || row >= res->rows || column >= res->cols)
		return NAN;
	return socialcap__results_read(res, column)[row];
}

int socialcap_results_value(const socialcap_results *res, uint32_t row,
			    uint32_t column, double *out)
{
	if (res == NULL || out == NULL)
		return SOCIALCAP_EINVAL;
	if (row >= res->rows || column >= res->cols)
		return SOCIALCAP_ENOTFOUND;
	*out = socialcap__results_read(res, column)[row];
	return SOCIALCAP_OK;
}

const double *socialcap_results_column(const socialcap_results *res, uint32_t column)
{
	if (res == NULL || column >= res->cols || res->rows == 0)
		return NULL;
	return socialcap__results_read(res, column);
}

uint32_t socialcap_results_option_count(const socialcap_results *res)
{
	return res != NULL ? res->option_count : 0;
}

const char *socialcap_results_option_name(const socialcap_results *res, uint32_t k)
{
	if (res == NULL || k >= res->option_count)
		return NULL;
	return res->options[k].name;
}

double socialcap_results_option_value(const socialcap_results *res, uint32_t k)
{
	if (res == NULL || k >= res->option_count)
		return NAN;
	return res->options[k].value;
}

int socialcap_results_find_option(const socialcap_results *res, const char *name,
				  double *out)
{
	uint32_t k;

	if (res == NULL || name == NULL || out == NULL)
		return SOCIALCAP_EINVAL;
	for (k = 0; k < res->option_count; k++) {
		if (strcmp(res->options[k].name, name) == 0) {
			*out = res->options[k].value;
			return SOCIALCAP_OK;
		}
	}
	return SOCIALCAP_ENOTFOUND;
}
