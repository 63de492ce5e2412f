/* socialcap report DATASET|FILE.scap --at DATE --out report.html */
#include <string.h>

#include "report.h"

static int usage(FILE *f)
{
	fprintf(f, "usage: socialcap report DATASET|FILE.scap [--at DATE] --out report.html\n"
		   "                        [--title TEXT] [--mark DATE=LABEL] [--months N] [OPTIONS]\n\n"
		   "Write one self-contained HTML file (inline SVG, no scripts) with bonding,\n"
		   "bridging and linking capital, institution reach and key institutions,\n"
		   "capital stock over the last N months (default 24), portfolio\n"
		   "diversification, new investors and growth funds per neighbourhood.\n"
		   "--mark draws a vertical line at DATE on the time charts.\n\n");
	cli_options_help(f);
	return CLI_OK;
}

static int parse_mark(const char *text, cli_report_spec *spec, char *date, size_t size)
{
	const char *eq = strchr(text, '=');
	size_t n = eq != NULL ? (size_t)(eq - text) : strlen(text);

	if (n >= size)
		return -1;
	memcpy(date, text, n);
	date[n] = '\0';
	if (socialcap_time_parse(&spec->mark_time, date) != 0)
		return -1;
	spec->mark_label = eq != NULL ? eq + 1 : "";
	return 0;
}

int cli_report(int argc, char **argv)
{
	const char *in = NULL, *out = NULL, *mark = NULL, *months = NULL;
	cli_report_spec spec = {NULL, INT64_MIN, NULL, 24};
	cli_input input;
	socialcap_network *net = NULL;
	char date[64];
	cli_options o;
	cli_tables t;
	int i, rc;

	cli_options_init(&o);
	for (i = 1; i < argc; i++) {
		if (cli_is_help(argv[i]))
			return usage(stdout);
		if ((rc = cli_options_parse("report", argc, argv, &i, &o)) != 0 ||
		    (rc = cli_arg_value("report", argc, argv, &i, "--out", &out)) != 0 ||
		    (rc = cli_arg_value("report", argc, argv, &i, "--title", &spec.title)) != 0 ||
		    (rc = cli_arg_value("report", argc, argv, &i, "--mark", &mark)) != 0 ||
		    (rc = cli_arg_value("report", argc, argv, &i, "--months", &months)) != 0) {
			if (rc < 0)
				return CLI_USAGE;
		} else if (argv[i][0] == '-') {
			return cli_usage_error("report", "unknown option '%s'", argv[i]);
		} else if (in == NULL) {
			in = argv[i];
		} else {
			return cli_usage_error("report", "unexpected argument '%s'", argv[i]);
		}
	}
	if (in == NULL || out == NULL)
		return cli_usage_error("report", "needs DATASET|FILE.scap and --out FILE.html");
	if (o.only != NULL)
		return cli_usage_error("report", "--only does not apply to the report");
	if (mark != NULL && parse_mark(mark, &spec, date, sizeof(date)) != 0)
		return cli_usage_error("report", "--mark: '%s' is not DATE=LABEL", mark);
	if (months != NULL) {
		unsigned long m;
		if (cli_parse_uint("report", "--months", months, &m) != 0)
			return CLI_USAGE;
		if (m < 1 || m > 120)
			return cli_usage_error("report", "--months: must be 1 to 120");
		spec.months = (int)m;
	}
	if (spec.title == NULL)
		spec.title = in;
	if ((rc = cli_input_open("report", in, &input)) != CLI_OK)
		return rc;
	net = input.net;
	/* The time charts build a series of snapshots from the ties after the
	 * tables: the network stays with the input. */
	rc = cli_tables_compute("report", &input, CLI_TIES_LATER, &o, &t);
	if (rc == CLI_OK)
		rc = cli_report_write("report", out, net, &o, &t, &spec);
	cli_tables_free(&t);
	cli_input_close(&input);
	return rc;
}
