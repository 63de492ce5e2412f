/* The self-contained HTML report. */
#ifndef SOCIALCAP_CLI_REPORT_H
#define SOCIALCAP_CLI_REPORT_H

#include "tables.h"

typedef struct cli_report_spec {
	const char *title;        /* e.g. the dataset's name */
	int64_t mark_time;        /* a moment to mark on the time charts, or INT64_MIN */
	const char *mark_label;
	int months;               /* length of the time charts, in months before t */
} cli_report_spec;

/* Compute what the report needs from @p net and write it to @p path. */
int cli_report_write(const char *cmd, const char *path, socialcap_network *net,
		     cli_options *o, const cli_tables *t, const cli_report_spec *spec);

#endif
