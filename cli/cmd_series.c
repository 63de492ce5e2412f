/* socialcap series DATASET|FILE.scap --from DATE --to DATE --every 1m --out FILE.csv */
#include <stdlib.h>
#include <string.h>

#include "tables.h"

static int usage(FILE *f)
{
	fprintf(f, "usage: socialcap series DATASET|FILE.scap --from DATE --to DATE [--every STEP]\n"
		   "                        --out FILE.csv [OPTIONS]\n\n"
		   "Per-neighbourhood indicators at every STEP from --from to --to (inclusive),\n"
		   "in long format: time,neighbourhood,indicator,value. STEP is a duration;\n"
		   "1m, 3m, 1y step by calendar months and years (default 1m).\n\n");
	cli_options_help(f);
	return CLI_OK;
}

/* Add @p months calendar months to @p t, keeping the time of day and
 * clamping the day to the month's length (31 January + 1m = 28/29 February). */
static int64_t add_months(int64_t t, long months)
{
	char date[64];
	int64_t out = t, day_secs = ((t % SOCIALCAP_DAY) + SOCIALCAP_DAY) % SOCIALCAP_DAY;
	long y, m, d, total;

	if (socialcap_date_format(date, sizeof(date), t) != 0)
		return t;
	y = strtol(date, NULL, 10);
	m = strtol(date + 5, NULL, 10);
	d = strtol(date + 8, NULL, 10);
	total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	for (; d >= 28; d--) {
		snprintf(date, sizeof(date), "%04ld-%02ld-%02ld", y, m, d);
		if (socialcap_time_parse(&out, date) == 0)
			break;
	}
	if (d < 28) {
		snprintf(date, sizeof(date), "%04ld-%02ld-%02ld", y, m, d);
		if (socialcap_time_parse(&out, date) != 0)
			return t;
	}
	return out + day_secs;
}

/* The list of times from..to by step; calendar months for `m` and `y`. */
static int make_times(const char *every, int64_t from, int64_t to, int64_t **times,
		      size_t *count)
{
	size_t len = strlen(every), n = 0, cap = 64;
	char unit = len > 0 ? every[len - 1] : '\0';
	long months = 0;
	int64_t step = 0, t;

	if (unit == 'm' || unit == 'y') {
		char *end;
		months = strtol(every, &end, 10) * (unit == 'y' ? 12 : 1);
		if (end != every + len - 1 || months <= 0)
			return -1;
	} else if (socialcap_duration_parse(&step, every) != 0 || step <= 0) {
		return -1;
	}
	*times = malloc(cap * sizeof(**times));
	if (*times == NULL)
		return -2;
	for (t = from; t <= to; t = months > 0 ? add_months(from, months * (long)n) : t + step) {
		if (n == cap) {
			int64_t *more = realloc(*times, 2 * cap * sizeof(**times));
			if (more == NULL)
				return -2;
			*times = more;
			cap *= 2;
		}
		(*times)[n++] = t;
		if (n > 100000)
			return -3;
	}
	*count = n;
	return 0;
}

static int write_series(const char *cmd, const char *path, const socialcap_series *s,
			const cli_options *o)
{
	FILE *f = cli_create(cmd, path);
	size_t k;

	if (f == NULL)
		return CLI_DATA_ERROR;
	fputs("time,neighbourhood,indicator,value\n", f);
	for (k = 0; k < socialcap_series_count(s); k++) {
		const socialcap_results *res = socialcap_series_table(s, k);
		char when[SOCIALCAP_TIME_TEXT_SIZE];
		uint32_t r, c;

		socialcap_time_format(when, sizeof(when), socialcap_series_time(s, k));
		for (r = 0; r < socialcap_results_row_count(res); r++) {
			for (c = 0; c < socialcap_results_column_count(res); c++) {
				const char *name = socialcap_results_column_name(res, c);
				const char *text = socialcap_areas_text(res, r, c);

				if (!cli_column_wanted(o, name))
					continue;
				fprintf(f, "%s,", when);
				cli_csv_text(f, socialcap_results_row_label(res, r));
				fputc(',', f);
				cli_csv_text(f, name);
				fputc(',', f);
				if (text != NULL)
					cli_csv_text(f, text);
				else if (c != SOCIALCAP_AREA_KEY_INSTITUTION &&
					 c != SOCIALCAP_AREA_GROWTH_FUND)
					cli_csv_number(f, socialcap_results_get(res, r, c));
				fputc('\n', f);
			}
		}
	}
	return cli_close(cmd, path, f);
}

int cli_series(int argc, char **argv)
{
	const char *in = NULL, *out = NULL, *from_s = NULL, *to_s = NULL, *every = "1m";
	cli_input input;
	socialcap_network *net = NULL;
	socialcap_series *series = NULL;
	int64_t from, to, *times = NULL;
	size_t count = 0;
	cli_options o;
	int i, rc;

	cli_options_init(&o);
	for (i = 1; i < argc; i++) {
		if (cli_is_help(argv[i]))
			return usage(stdout);
		if ((rc = cli_options_parse("series", argc, argv, &i, &o)) != 0 ||
		    (rc = cli_arg_value("series", argc, argv, &i, "--out", &out)) != 0 ||
		    (rc = cli_arg_value("series", argc, argv, &i, "--from", &from_s)) != 0 ||
		    (rc = cli_arg_value("series", argc, argv, &i, "--to", &to_s)) != 0 ||
		    (rc = cli_arg_value("series", argc, argv, &i, "--every", &every)) != 0) {
			if (rc < 0)
				return CLI_USAGE;
		} else if (argv[i][0] == '-') {
			return cli_usage_error("series", "unknown option '%s'", argv[i]);
		} else if (in == NULL) {
			in = argv[i];
		} else {
			return cli_usage_error("series", "unexpected argument '%s'", argv[i]);
		}
	}
	if (in == NULL || out == NULL || from_s == NULL || to_s == NULL)
		return cli_usage_error("series", "needs DATASET|FILE.scap, --from, --to and --out");
	if (cli_parse_time("series", "--from", from_s, &from) != 0 ||
	    cli_parse_time("series", "--to", to_s, &to) != 0)
		return CLI_USAGE;
	if (to < from)
		return cli_usage_error("series", "--to is before --from");
	rc = make_times(every, from, to, &times, &count);
	if (rc != 0) {
		free(times);
		return rc == -1 ? cli_usage_error("series", "--every: '%s' is not a step such as "
							     "1m, 2w or 7d", every)
				: cli_usage_error("series", "too many steps");
	}
	if ((rc = cli_input_open("series", in, &input)) == CLI_OK) {
		net = input.net;
		int lib = socialcap_series_compute(&series, net, &o.snapshot, &o.areas, times, count);
		rc = lib != 0 ? cli_data_error("series", "%s", socialcap_network_errmsg(net))
			      : write_series("series", out, series, &o);
	}
	socialcap_series_free(series);
	if (net != NULL)
		cli_input_close(&input);
	free(times);
	return rc;
}
