/* socialcap indicators DATASET|FILE.scap --at DATE --out DIR */
#include <stdio.h>
#include <string.h>

#include "tables.h"

static int usage(FILE *f)
{
	fprintf(f, "usage: socialcap indicators DATASET|FILE.scap [--at DATE] --out DIR [OPTIONS]\n\n"
		   "Compute the social-capital indicators at DATE and write, into DIR:\n"
		   "  actors.csv          one row per actor: id, then the per-actor columns\n"
		   "  neighbourhoods.csv  one row per neighbourhood (aggregates over residents)\n"
		   "  sectors.csv         one row per sector\n"
		   "  network.csv         indicator,value rows for the whole network\n"
		   "  options.csv         every option that shaped the numbers\n"
		   "Undefined values are empty fields. See docs/indicators.md and docs/areas.md.\n\n"
		   "  --only COLUMN,...         compute only what these columns need; other\n"
		   "                            columns stay empty\n");
	cli_options_help(f);
	return CLI_OK;
}

int cli_write_all(const char *cmd, const char *dir, const cli_tables *t, const cli_options *o)
{
	char path[4096];
	int rc;

#define PATH(name) (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path) \
			    ? (cli_usage_error(cmd, "output path too long"), 0) : 1)
	if ((rc = cli_mkdir(cmd, dir)) != CLI_OK)
		return rc;
	if (t->actors != NULL && PATH("actors.csv") &&
	    (rc = cli_write_table(cmd, path, "id", t->actors, o, 0)) != CLI_OK)
		return rc;
	if (t->neighbourhoods != NULL && PATH("neighbourhoods.csv") &&
	    (rc = cli_write_table(cmd, path, "neighbourhood", t->neighbourhoods, o, 1)) != CLI_OK)
		return rc;
	if (t->sectors != NULL && PATH("sectors.csv") &&
	    (rc = cli_write_table(cmd, path, "sector", t->sectors, o, 1)) != CLI_OK)
		return rc;
	if (PATH("network.csv") && (rc = cli_write_network(cmd, path, t->network, o)) != CLI_OK)
		return rc;
	if (PATH("options.csv") &&
	    (rc = cli_write_options(cmd, path,
				    t->neighbourhoods != NULL ? t->neighbourhoods : t->network)) != CLI_OK)
		return rc;
#undef PATH
	return CLI_OK;
}

int cli_indicators(int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	cli_input input;
	cli_options o;
	cli_tables t;
	int i, rc;

	cli_options_init(&o);
	for (i = 1; i < argc; i++) {
		if (cli_is_help(argv[i]))
			return usage(stdout);
		if ((rc = cli_options_parse("indicators", argc, argv, &i, &o)) != 0 ||
		    (rc = cli_arg_value("indicators", argc, argv, &i, "--out", &out)) != 0) {
			if (rc < 0)
				return CLI_USAGE;
		} else if (argv[i][0] == '-') {
			return cli_usage_error("indicators", "unknown option '%s'", argv[i]);
		} else if (in == NULL) {
			in = argv[i];
		} else {
			return cli_usage_error("indicators", "unexpected argument '%s'", argv[i]);
		}
	}
	if (in == NULL || out == NULL)
		return cli_usage_error("indicators", "needs DATASET|FILE.scap and --out DIR");
	if ((rc = cli_input_open("indicators", in, &input)) != CLI_OK)
		return rc;
	/* Nothing after the tables needs the ties: the snapshot may take the
	 * network over, and then cli_tables_free() frees it, not the input. */
	rc = cli_tables_compute("indicators", &input, CLI_TIES_DONE, &o, &t);
	if (rc == CLI_OK)
		rc = cli_write_all("indicators", out, &t, &o);
	cli_tables_free(&t);
	cli_input_close(&input);
	return rc;
}
