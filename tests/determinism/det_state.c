/*
 * Writes what `socialcap import` writes, but with a fixed creation time,
 * so that state files from different builds can be compared byte for byte:
 * imports the dataset folder DATASET, saves it as OUT.scap, loads that file
 * and saves it again as OUT.again.scap (a round trip must not change a
 * byte), and exports it as the dataset folder OUT.csv.
 *
 *   usage: det_state DATASET OUT
 */
#include <stdio.h>
#include <string.h>

#include "socialcap.h"

static int fail(const char *what, int rc, const socialcap_error *err)
{
	fprintf(stderr, "det_state: %s: %s: %s\n", what, socialcap_strerror(rc),
		err != NULL ? err->message : "");
	return 1;
}

int main(int argc, char **argv)
{
	socialcap_state_options so;
	socialcap_network *net = NULL, *back = NULL;
	socialcap_error err;
	char path[4096];
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: det_state DATASET OUT\n");
		return 2;
	}
	socialcap_state_options_init(&so, SOCIALCAP_STATE_OPTIONS_VERSION);
	so.created = 1700000000; /* 2023-11-14T22:13:20Z */
	if ((rc = socialcap_network_new(&net, NULL)) != 0)
		return fail("network", rc, NULL);
	if ((rc = socialcap_dataset_import(net, argv[1], NULL, &err)) != 0)
		return fail("import", rc, &err);
	snprintf(path, sizeof(path), "%s.scap", argv[2]);
	if ((rc = socialcap_state_save(net, path, &so, &err)) != 0)
		return fail("save", rc, &err);
	if ((rc = socialcap_state_load(&back, path, NULL, &err)) != 0)
		return fail("load", rc, &err);
	snprintf(path, sizeof(path), "%s.again.scap", argv[2]);
	if ((rc = socialcap_state_save(back, path, &so, &err)) != 0)
		return fail("save again", rc, &err);
	snprintf(path, sizeof(path), "%s.csv", argv[2]);
	if ((rc = socialcap_dataset_export(back, path, NULL, &err)) != 0)
		return fail("export", rc, &err);
	socialcap_network_free(back);
	socialcap_network_free(net);
	return 0;
}
