/*
 * The `socialcap` command-line tool: shared declarations. The tool uses the
 * library's public API only, like any other program would.
 */
#ifndef SOCIALCAP_CLI_H
#define SOCIALCAP_CLI_H

#include <stdio.h>

#include "socialcap.h"

/* Exit codes, the same for every subcommand. */
enum { CLI_OK = 0, CLI_DATA_ERROR = 1, CLI_USAGE = 2 };

#if defined(__GNUC__)
#define CLI_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CLI_PRINTF(a, b)
#endif

/* Print "socialcap CMD: message" and a hint to stderr; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) CLI_PRINTF(2, 3);
/* Print "socialcap CMD: message" to stderr; returns CLI_DATA_ERROR. */
int cli_data_error(const char *cmd, const char *fmt, ...) CLI_PRINTF(2, 3);
/* Print a library error report as "file:line:column: message". */
int cli_report_error(const char *cmd, const socialcap_error *err);

/*
 * A minimal long-option scanner: `--name value` and `--name=value`.
 * cli_arg_value() returns 1 and sets *value when argv[*i] is option @p name
 * (advancing *i past a separate value), 0 when it is another argument, and
 * -1 (after printing a usage error) when the value is missing.
 */
int cli_arg_value(const char *cmd, int argc, char **argv, int *i, const char *name,
		  const char **value);
int cli_is_help(const char *arg);

/* The data a command reads: a dataset folder, a state file, or a store (a
 * state file with its journal, which then owns the network). */
typedef struct cli_input {
	/* Owned unless journal is set; NULL once handed over to a snapshot
	 * (cli_tables_compute), which then frees it. */
	socialcap_network *net;
	socialcap_journal *journal;
} cli_input;

/* Open @p path as one of the three; prints the error and returns
 * CLI_DATA_ERROR on failure. Free with cli_input_close(), which frees
 * the network only if it is still the input's. */
int cli_input_open(const char *cmd, const char *path, cli_input *in);
void cli_input_close(cli_input *in);

/* Parse a date or date-time; prints a usage error naming @p option. */
int cli_parse_time(const char *cmd, const char *option, const char *text, int64_t *out);
int cli_parse_duration(const char *cmd, const char *option, const char *text, int64_t *out);
int cli_parse_double(const char *cmd, const char *option, const char *text, double *out);
int cli_parse_uint(const char *cmd, const char *option, const char *text, unsigned long *out);

/* CSV output (RFC 4180): fields quoted when needed, NaN as an empty field,
 * numbers with 17 significant digits so they read back exactly. */
void cli_csv_text(FILE *f, const char *text);
void cli_csv_number(FILE *f, double value);
/* Open @p path for writing with mode 0600 (the data describes residents). */
FILE *cli_create(const char *cmd, const char *path);
/* Flush and close, reporting a write error; returns 0 or CLI_DATA_ERROR. */
int cli_close(const char *cmd, const char *path, FILE *f);

/* Create directory @p path (and parents) with mode 0700 if missing. */
int cli_mkdir(const char *cmd, const char *path);

/* Write the tables of cli_tables into DIR (indicators, demo). */
struct cli_tables;
struct cli_options;
int cli_write_all(const char *cmd, const char *dir, const struct cli_tables *t,
		  const struct cli_options *o);

/* Subcommands. Each takes its own argv (argv[0] is the subcommand). */
int cli_demo(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_validate(int argc, char **argv);
int cli_indicators(int argc, char **argv);
int cli_series(int argc, char **argv);
int cli_report(int argc, char **argv);
int cli_record(int argc, char **argv);

#endif
