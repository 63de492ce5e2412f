/*
 * tables_ref DATASET|FILE.scap OUT_DIR done|later [OPTIONS]
 *
 * The indicator tables of `socialcap indicators`, computed by the tool's
 * own code (cli/tables.c) with the network's ties still needed later
 * ("later": the network stays with the input, as before the hand-over) or
 * not ("done": what `socialcap indicators` does), written into OUT_DIR.
 * Prints "ties released" when the snapshot took the network over and
 * freed its ties, "ties kept" otherwise. tests/cli/handover_test.sh
 * compares the tool's files with the ones written here.
 */
#include <stdio.h>
#include <string.h>

#include "tables.h"

int main(int argc, char **argv)
{
	cli_input input;
	cli_options o;
	cli_tables t;
	uint64_t ties;
	int i, rc, handed;

	if (argc < 4 || (strcmp(argv[3], "done") != 0 && strcmp(argv[3], "later") != 0)) {
		fprintf(stderr, "usage: tables_ref DATASET|FILE.scap OUT_DIR done|later [OPTIONS]\n");
		return CLI_USAGE;
	}
	cli_options_init(&o);
	o.quiet = 1;
	for (i = 4; i < argc; i++) {
		rc = cli_options_parse("tables_ref", argc, argv, &i, &o);
		if (rc <= 0)
			return rc < 0 ? CLI_USAGE : cli_usage_error("tables_ref", "'%s'", argv[i]);
	}
	if ((rc = cli_input_open("tables_ref", argv[1], &input)) != CLI_OK)
		return rc;
	ties = socialcap_network_tie_count(input.net);
	rc = cli_tables_compute("tables_ref", &input,
				strcmp(argv[3], "done") == 0 ? CLI_TIES_DONE : CLI_TIES_LATER, &o, &t);
	if (rc == CLI_OK) {
		/* Handed over: the input lets go, the tables' network has no ties. */
		handed = input.net == NULL;
		if (handed != (socialcap_network_tie_count(t.net) == 0 && ties > 0) ||
		    (!handed && t.net != input.net)) {
			fprintf(stderr, "tables_ref: inconsistent hand-over\n");
			rc = CLI_DATA_ERROR;
		} else {
			printf("ties %s\n", handed ? "released" : "kept");
			rc = cli_write_all("tables_ref", argv[2], &t, &o);
		}
	}
	cli_tables_free(&t);
	cli_input_close(&input);
	return rc;
}
