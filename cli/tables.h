/* Computing the indicator tables once and writing them as CSV. */
#ifndef SOCIALCAP_CLI_TABLES_H
#define SOCIALCAP_CLI_TABLES_H

#include "options.h"

/* Everything `indicators`, `report` and `demo` compute at one time. */
typedef struct cli_tables {
	socialcap_snapshot *snap;
	/* The network, for labels, counts and messages: the input's, or the
	 * snapshot's once handed over to it (then without ties). Borrowed,
	 * valid until cli_tables_free(). */
	const socialcap_network *net;
	socialcap_results *actors;         /* NULL when no actor column was asked for */
	socialcap_results *network;
	socialcap_results *neighbourhoods;
	socialcap_results *sectors;
} cli_tables;

/* What the command still does with the network's ties after the tables. */
enum {
	CLI_TIES_DONE = 0, /* nothing: the network may go to the snapshot */
	CLI_TIES_LATER = 1 /* more snapshots (a series), a save or an export */
};

/*
 * Build the snapshot from in->net and compute the tables that the columns
 * in o->only need (all when o->only is NULL).
 *
 * With CLI_TIES_DONE, the snapshot takes the network over during its
 * build when nothing in the tables needs its ties either (see tables.c):
 * the ties are freed then, in->net becomes NULL,
 * and the network lives on, without ties, in t->net until cli_tables_free().
 * A store's network stays with its journal.
 *
 * Returns CLI_OK, CLI_USAGE (unknown column in --only) or CLI_DATA_ERROR
 * (message printed; t is freed, and so is the network if it was handed
 * over).
 */
int cli_tables_compute(const char *cmd, cli_input *in, int ties, cli_options *o,
		       cli_tables *t);
/* Free the tables and the snapshot, and with them a network handed over. */
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
