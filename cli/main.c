/* socialcap: social-capital indicators for neighbourhood data. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} COMMANDS[] = {
	{"demo", cli_demo, "run the whole pipeline on the bundled sample city"},
	{"import", cli_import, "read a dataset folder into a .scap state file"},
	{"export", cli_export, "write a .scap state file out as a dataset folder"},
	{"validate", cli_validate, "check a dataset folder or state file, list every problem"},
	{"indicators", cli_indicators, "compute the indicators at a date into CSV files"},
	{"series", cli_series, "per-neighbourhood indicators over time, long format"},
	{"report", cli_report, "write a self-contained HTML report"},
	{"record", cli_record, "append a contact or an event to a state file's journal"},
};
#define N_COMMANDS (sizeof(COMMANDS) / sizeof(COMMANDS[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: socialcap COMMAND [OPTIONS]\n"
		   "       socialcap COMMAND --help\n"
		   "       socialcap --version\n\ncommands:\n");
	for (i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-11s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
	fprintf(f, "\nexit status: 0 ok, 1 data error, 2 usage error\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return CLI_USAGE;
	}
	if (cli_is_help(argv[1]) || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("socialcap %s\n", socialcap_version_string());
		return CLI_OK;
	}
	for (i = 0; i < N_COMMANDS; i++)
		if (strcmp(argv[1], COMMANDS[i].name) == 0)
			return COMMANDS[i].run(argc - 1, argv + 1);
	fprintf(stderr, "socialcap: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return CLI_USAGE;
}
