/* Computing the indicator tables once and writing them as CSV. */
#ifndef SOCIALCAP_CLI_TABLES_H
#define SOCIALCAP_CLI_TABLES_H

#include "options.h"

/* Everything `indicators`, `report` and `demo` compute at one time. */
typedef struct cli_tables {
	socialcap_snapshot *snap;
	socialcap_results *actors;         /* NULL when no actor column was asked for */
	socialcap_results *network;
	socialcap_results *neighbourhoods;
	socialcap_results *sectors;
} cli_tables;

/*
 * Build the snapshot and compute the tables that the columns in o->only
 * need (all when o->only is NULL). Returns CLI_OK, CLI_USAGE (unknown
 * column in --only) or CLI_DATA_ERROR (message printed).
 */
int cli_tables_compute(const char *cmd, socialcap_network *net, cli_options *o,
		       cli_tables *t);
void cli_tables_free(cli_tables *t);

/* 1 when column @p name should be filled (o->only is NULL or lists it). */
int cli_column_wanted(const cli_options *o, const char *name);

/*
 * Write a results table as CSV: header @p first then every column name;
 * one row per table row. Columns not wanted are written empty; unit-valued
 * area columns are written as their text.
 */
int cli_write_table(const char *cmd, const char *path, const char *first,
		    const socialcap_results *res, const cli_options *o, int areas);

/* network.csv: one `indicator,value` row per network-wide figure. */
int cli_write_network(const char *cmd, const char *path, const socialcap_results *res,
		      const cli_options *o);

/* options.csv: every option that shaped the numbers, `option,value`. */
int cli_write_options(const char *cmd, const char *path, const socialcap_results *res);

#endif
