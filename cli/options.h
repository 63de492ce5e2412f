/* Snapshot and indicator options shared by indicators, series, report, demo. */
#ifndef SOCIALCAP_CLI_OPTIONS_H
#define SOCIALCAP_CLI_OPTIONS_H

#include "cli.h"

typedef struct cli_options {
	socialcap_snapshot_options snapshot;
	socialcap_indicator_options indicators;
	socialcap_areas_options areas;
	int quiet;
	const char *only; /* comma-separated column names, or NULL for all */
} cli_options;

void cli_options_init(cli_options *o);

/*
 * If argv[*i] is one of the shared options, parse it (and its value) into
 * @p o and return 1; return 0 if it is not one of them; return -1 after
 * printing a usage error.
 */
int cli_options_parse(const char *cmd, int argc, char **argv, int *i, cli_options *o);

/* The help text of the shared options. */
void cli_options_help(FILE *f);

/* Start a progress display for @p what when stderr is a terminal and
 * --quiet was not given; fills the progress fields of @p o. */
void cli_progress_begin(cli_options *o, const char *what);
/* Clear the progress line, if one was shown. */
void cli_progress_end(cli_options *o);

#endif
