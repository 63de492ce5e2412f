/* socialcap import | export | validate */
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/*
 * The arguments of import and export: one input and `-o`/`--out`. Returns
 * -1 to go on, or the exit status (help shown, usage error).
 */
static int parse_in_out(const char *cmd, int argc, char **argv, const char **in,
			const char **out, int (*usage)(FILE *))
{
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (cli_is_help(argv[i]))
			return usage(stdout);
		if ((rc = cli_arg_value(cmd, argc, argv, &i, "-o", out)) != 0 ||
		    (rc = cli_arg_value(cmd, argc, argv, &i, "--out", out)) != 0) {
			if (rc < 0)
				return CLI_USAGE;
		} else if (argv[i][0] == '-') {
			return cli_usage_error(cmd, "unknown option '%s'", argv[i]);
		} else if (*in == NULL) {
			*in = argv[i];
		} else {
			return cli_usage_error(cmd, "unexpected argument '%s'", argv[i]);
		}
	}
	return -1;
}

static int import_usage(FILE *f)
{
	fprintf(f, "usage: socialcap import DATASET -o FILE.scap\n\n"
		   "Read the dataset folder DATASET (sectors.csv, actors.csv, ties.csv,\n"
		   "contacts.csv, events.csv, attendance.csv; see docs/dataset.md) and save it as\n"
		   "the state file FILE.scap (written atomically, mode 0600).\n");
	return CLI_OK;
}

int cli_import(int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	cli_input input;
	socialcap_network *net = NULL;
	socialcap_error err;
	int rc;

	if ((rc = parse_in_out("import", argc, argv, &in, &out, import_usage)) != -1)
		return rc;
	if (in == NULL || out == NULL)
		return cli_usage_error("import", "needs DATASET and -o FILE.scap");
	if ((rc = cli_input_open("import", in, &input)) != CLI_OK)
		return rc;
	net = input.net;
	socialcap_error_clear(&err);
	rc = socialcap_state_save(net, out, NULL, &err);
	if (rc != 0) {
		cli_input_close(&input);
		return cli_report_error("import", &err);
	}
	printf("%s: %u actors, %llu ties, %llu contacts, %u events\n", out,
	       socialcap_network_actor_count(net),
	       (unsigned long long)socialcap_network_tie_count(net),
	       (unsigned long long)socialcap_network_contact_count(net),
	       socialcap_network_event_count(net));
	cli_input_close(&input);
	return CLI_OK;
}

static int export_usage(FILE *f)
{
	fprintf(f, "usage: socialcap export FILE.scap -o DATASET\n\n"
		   "Write the state file FILE.scap (and its journal) out as a dataset folder,\n"
		   "created if missing (see docs/dataset.md).\n");
	return CLI_OK;
}

int cli_export(int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	cli_input input;
	socialcap_network *net = NULL;
	socialcap_error err;
	int rc;

	if ((rc = parse_in_out("export", argc, argv, &in, &out, export_usage)) != -1)
		return rc;
	if (in == NULL || out == NULL)
		return cli_usage_error("export", "needs FILE.scap and -o DATASET");
	if ((rc = cli_input_open("export", in, &input)) != CLI_OK)
		return rc;
	net = input.net;
	socialcap_error_clear(&err);
	rc = socialcap_dataset_export(net, out, NULL, &err);
	cli_input_close(&input);
	if (rc != 0)
		return cli_report_error("export", &err);
	return CLI_OK;
}

static int validate_usage(FILE *f)
{
	fprintf(f, "usage: socialcap validate DATASET|FILE.scap\n\n"
		   "Check a dataset folder and print every problem as file:line:column: message,\n"
		   "or check a state file and print the first problem with its byte offset.\n"
		   "Exit status 1 when there is any problem.\n");
	return CLI_OK;
}

static int print_problem(const socialcap_error *problem, void *user)
{
	(void)user;
	cli_report_error("validate", problem);
	return 0;
}

int cli_validate(int argc, char **argv)
{
	const char *in = NULL;
	struct stat st;
	size_t problems = 0;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (cli_is_help(argv[i]))
			return validate_usage(stdout);
		if (argv[i][0] == '-')
			return cli_usage_error("validate", "unknown option '%s'", argv[i]);
		if (in != NULL)
			return cli_usage_error("validate", "unexpected argument '%s'", argv[i]);
		in = argv[i];
	}
	if (in == NULL)
		return cli_usage_error("validate", "needs DATASET or FILE.scap");
	if (stat(in, &st) != 0)
		return cli_data_error("validate", "%s: no such file or folder", in);
	if (S_ISDIR(st.st_mode)) {
		rc = socialcap_dataset_validate(NULL, in, NULL, print_problem, NULL, &problems);
		if (rc != 0 && rc != SOCIALCAP_EFORMAT)
			return cli_data_error("validate", "%s: %s", in, socialcap_strerror(rc));
	} else {
		cli_input input;

		rc = cli_input_open("validate", in, &input);
		if (rc == CLI_OK)
			cli_input_close(&input);
		problems = rc != CLI_OK;
	}
	if (problems > 0) {
		fprintf(stderr, "%s: %zu problem%s\n", in, problems, problems == 1 ? "" : "s");
		return CLI_DATA_ERROR;
	}
	printf("%s: no problems\n", in);
	return CLI_OK;
}
