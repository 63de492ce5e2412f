/*
 * Fuzz target for the CSV reader and the dataset import.
 *
 * The input is read twice:
 * 1. whole, by the CSV reader with small limits;
 * 2. cut at 0xFF bytes (a byte UTF-8 never uses) into up to six files,
 *    sectors.csv, actors.csv, ties.csv, contacts.csv, events.csv and
 *    attendance.csv in that order (a piece not given is a missing file),
 *    which are imported into an empty network and validated.
 *
 * Besides crashes, leaks and sanitizer reports, it checks that import and
 * validation agree (no problem, or the same first problem), and that a
 * successful import exports, re-imports and exports again to the same
 * bytes. Any disagreement aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_reader.h"
#include "socialcap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {"sectors.csv",  "actors.csv",
				    "ties.csv",     "contacts.csv",
				    "events.csv",   "attendance.csv"};

static char in_dir[512], out_a[512], out_b[512];

static void remove_files(const char *dir)
{
	char path[600];
	size_t i;

	for (i = 0; i < 6; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
}

static void cleanup(void)
{
	remove_files(in_dir);
	remove_files(out_a);
	remove_files(out_b);
	rmdir(in_dir);
	rmdir(out_a);
	rmdir(out_b);
}

static void make_dir(char *buf, size_t size)
{
	const char *base = getenv("TMPDIR");

	snprintf(buf, size, "%s/socialcap-fuzz-XXXXXX",
		 base != NULL && base[0] != '\0' ? base : "/tmp");
	if (mkdtemp(buf) == NULL)
		abort();
}

static void setup(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	make_dir(in_dir, sizeof(in_dir));
	make_dir(out_a, sizeof(out_a));
	make_dir(out_b, sizeof(out_b));
	atexit(cleanup);
}

static void read_csv(const uint8_t *data, size_t size)
{
	socialcap__csv_memsrc src = {(const char *)data, size, 0};
	socialcap__mem mem;
	socialcap__csv csv;

	socialcap__mem_init(&mem, NULL);
	if (socialcap__csv_open(&csv, &mem, socialcap__csv_read_mem, &src, 64,
				256) != 0)
		abort();
	while (socialcap__csv_next(&csv) == 1)
		;
	socialcap__csv_close(&csv);
	if (mem.bytes != 0)
		abort();
}

static void write_pieces(const uint8_t *data, size_t size)
{
	size_t i, start = 0, end;
	char path[600];

	remove_files(in_dir);
	for (i = 0; i < 6 && start <= size; i++) {
		FILE *f;

		for (end = start; end < size && data[end] != 0xff; end++)
			;
		snprintf(path, sizeof(path), "%s/%s", in_dir, names[i]);
		f = fopen(path, "wb");
		if (f == NULL || fwrite(data + start, 1, end - start, f) != end - start ||
		    fclose(f) != 0)
			abort();
		start = end + 1;
	}
}

static int first_problem(const socialcap_error *problem, void *user)
{
	*(socialcap_error *)user = *problem;
	return 1;
}

static char *slurp(const char *dir, const char *name, size_t *len)
{
	char path[600];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0)
		abort();
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
		abort();
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void round_trip(const socialcap_network *net)
{
	socialcap_network *again = NULL;
	size_t i, la, lb;

	if (socialcap_dataset_export(net, out_a, NULL, NULL) != 0 ||
	    socialcap_network_new(&again, NULL) != 0 ||
	    socialcap_dataset_import(again, out_a, NULL, NULL) != 0 ||
	    socialcap_dataset_export(again, out_b, NULL, NULL) != 0)
		abort();
	for (i = 0; i < 6; i++) {
		char *a = slurp(out_a, names[i], &la), *b = slurp(out_b, names[i], &lb);

		if (la != lb || memcmp(a, b, la) != 0)
			abort();
		free(a);
		free(b);
	}
	socialcap_network_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	socialcap_network_options nopts = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_dataset_options dopts = SOCIALCAP_DATASET_OPTIONS_INIT;
	socialcap_network *net = NULL;
	socialcap_error err, first;
	size_t problems;
	int rc, vrc;

	setup();
	read_csv(data, size);
	write_pieces(data, size);
	nopts.max_actors = 1000;
	nopts.max_ties = 1000;
	nopts.max_records = 1000;
	dopts.max_field_bytes = 1024;
	dopts.max_record_bytes = 4096;
	if (socialcap_network_new(&net, &nopts) != 0)
		abort();
	rc = socialcap_dataset_import(net, in_dir, &dopts, &err);
	memset(&first, 0, sizeof(first));
	vrc = socialcap_dataset_validate(NULL, in_dir, &dopts, first_problem, &first,
					 &problems);
	if (rc == 0) {
		/* Validation against an empty default network may only differ
		 * by the import's smaller limits, which a success did not hit. */
		if (vrc != 0)
			abort();
		round_trip(net);
	} else if (rc != SOCIALCAP_ELIMIT) {
		if (vrc != SOCIALCAP_ECANCELED || first.status != rc ||
		    first.line != err.line || first.column != err.column ||
		    strcmp(first.file, err.file) != 0)
			abort();
	}
	socialcap_network_free(net);
	return 0;
}
