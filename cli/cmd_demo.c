/* socialcap demo [--out DIR]: the whole pipeline on the bundled sample city. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report.h"

/* Where the bundled dataset is looked for, in order: $SOCIALCAP_SAMPLE_DIR,
 * the installed copy, the source tree the tool was built from. */
#ifndef SOCIALCAP_SAMPLE_INSTALLED
#define SOCIALCAP_SAMPLE_INSTALLED "/usr/local/share/socialcap/havenstad"
#endif
#ifndef SOCIALCAP_SAMPLE_SOURCE
#define SOCIALCAP_SAMPLE_SOURCE "examples/data/havenstad"
#endif

static int usage(FILE *f)
{
	fprintf(f, "usage: socialcap demo [--out DIR] [--quiet]\n\n"
		   "Run the whole pipeline on the bundled sample city Havenstad (six\n"
		   "neighbourhoods, two years of investments before the riot night of\n"
		   "23 January 2021 and four months after it): print a per-neighbourhood\n"
		   "summary, write the indicator CSV files and report.html into DIR\n"
		   "(default ./socialcap-demo). The data folder can be set with\n"
		   "SOCIALCAP_SAMPLE_DIR.\n");
	return CLI_OK;
}

static const char *find_sample(void)
{
	const char *env = getenv("SOCIALCAP_SAMPLE_DIR");
	struct stat st;

	if (env != NULL && env[0] != '\0')
		return env;
	if (stat(SOCIALCAP_SAMPLE_INSTALLED "/actors.csv", &st) == 0)
		return SOCIALCAP_SAMPLE_INSTALLED;
	return SOCIALCAP_SAMPLE_SOURCE;
}

static void print_pct(double v)
{
	if (isnan(v))
		printf(" %7s", "-");
	else
		printf(" %6.1f%%", 100 * v);
}

static void print_summary(const cli_tables *t)
{
	const socialcap_results *res = t->neighbourhoods;
	uint32_t r;

	printf("%-12s %9s %8s %8s %8s %8s  %-22s %9s %9s %4s  %s\n", "neighbourhood",
	       "residents", "bonding", "bridging", "linking", "reach", "key institution",
	       "stock EUR", "portfolio", "new", "growth fund");
	for (r = 0; r < socialcap_results_row_count(res); r++) {
		const char *key = socialcap_areas_text(res, r, SOCIALCAP_AREA_KEY_INSTITUTION);
		const char *fund = socialcap_areas_text(res, r, SOCIALCAP_AREA_GROWTH_FUND);

		printf("%-12s %9.0f", socialcap_results_row_label(res, r),
		       socialcap_results_get(res, r, SOCIALCAP_AREA_RESIDENTS));
		if (socialcap_results_get(res, r, SOCIALCAP_AREA_SUPPRESSED) == 1) {
			printf("  (suppressed: too few residents)\n");
			continue;
		}
		print_pct(socialcap_results_get(res, r, SOCIALCAP_AREA_BONDING));
		print_pct(socialcap_results_get(res, r, SOCIALCAP_AREA_BRIDGING));
		print_pct(socialcap_results_get(res, r, SOCIALCAP_AREA_LINKING));
		print_pct(socialcap_results_get(res, r, SOCIALCAP_AREA_INSTITUTION_REACH));
		printf("  %-22s %9.0f %9.2f %4.0f  %s\n", key != NULL ? key : "-",
		       socialcap_results_get(res, r, SOCIALCAP_AREA_INVESTED_STOCK),
		       socialcap_results_get(res, r, SOCIALCAP_AREA_PORTFOLIO_EFFECTIVE),
		       socialcap_results_get(res, r, SOCIALCAP_AREA_NEW_INVESTORS),
		       fund != NULL ? fund : "-");
	}
}

int cli_demo(int argc, char **argv)
{
	const char *out = "socialcap-demo", *sample = find_sample();
	cli_report_spec spec = {"Havenstad, after the riot night", 0, "riot night", 24};
	cli_input input;
	socialcap_network *net = NULL;
	char path[4096];
	cli_options o;
	cli_tables t;
	int i, rc;

	cli_options_init(&o);
	for (i = 1; i < argc; i++) {
		if (cli_is_help(argv[i]))
			return usage(stdout);
		if (strcmp(argv[i], "--quiet") == 0) {
			o.quiet = 1;
		} else if ((rc = cli_arg_value("demo", argc, argv, &i, "--out", &out)) != 0) {
			if (rc < 0)
				return CLI_USAGE;
		} else {
			return cli_usage_error("demo", "unexpected argument '%s'", argv[i]);
		}
	}
	/* Four months after the riot night: the window of a year covers the
	 * months before it and the help that came after. */
	socialcap_time_parse(&o.snapshot.time, "2021-05-31T23:59:59Z");
	socialcap_time_parse(&spec.mark_time, "2021-01-23T21:00:00Z");
	if ((rc = cli_input_open("demo", sample, &input)) != CLI_OK) {
		fprintf(stderr, "socialcap demo: the sample city was not found in %s "
				"(set SOCIALCAP_SAMPLE_DIR)\n", sample);
		return rc;
	}
	net = input.net;
	/* The report's time charts need the ties after the tables. */
	rc = cli_tables_compute("demo", &input, CLI_TIES_LATER, &o, &t);
	if (rc == CLI_OK) {
		printf("Havenstad on 31 May 2021: %u actors, %u events; indicators per "
		       "neighbourhood (window: the last 365 days)\n\n",
		       socialcap_network_actor_count(net), socialcap_network_event_count(net));
		print_summary(&t);
		rc = cli_write_all("demo", out, &t, &o);
	}
	if (rc == CLI_OK && snprintf(path, sizeof(path), "%s/report.html", out) < (int)sizeof(path))
		rc = cli_report_write("demo", path, net, &o, &t, &spec);
	if (rc == CLI_OK)
		printf("\nwrote %s/actors.csv, neighbourhoods.csv, sectors.csv, network.csv, "
		       "options.csv and report.html\n", out);
	cli_tables_free(&t);
	cli_input_close(&input);
	return rc;
}
