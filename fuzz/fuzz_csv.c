/*
 * Fuzz target for the CSV reader and the dataset import.
 *
 * The input is read twice:
 * 1. by the CSV reader with small limits, once whole and once one byte per
 *    read, which must agree on every record, field position and failure
 *    (the first splits whole records in one scan, the second never can);
 * 2. cut at 0xFF bytes (a byte UTF-8 never uses) into up to six files,
 *    sectors.csv, actors.csv, ties.csv, contacts.csv, events.csv and
 *    attendance.csv in that order (a piece not given is a missing file),
 *    which are imported into an empty network and validated.
 *
 * The files are imported twice: into an empty network, and into one that
 * already holds a few actors, a tie, a contact and an event (ids p1, p2,
 * p3, pe1), which the input may refer to. Besides crashes, leaks and
 * sanitizer reports, it checks that import and validation agree (no
 * problem, or the same first problem), that a failed import leaves the
 * populated network exactly as it was (a digest of every value), and that
 * a successful import exports, re-imports and exports again to the same
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

/* A source that hands out one byte per read: the reader then never holds
 * a whole record and reads every one byte by byte. */
static int read_one_byte(void *ctx, char *buf, size_t cap, size_t *got)
{
	return socialcap__csv_read_mem(ctx, buf, cap < 1 ? cap : 1, got);
}

static int same_field(const socialcap__csv *a, const socialcap__csv *b, size_t i)
{
	const socialcap__csv_field *x = &a->fields[i], *y = &b->fields[i];

	return x->len == y->len && x->line == y->line && x->column == y->column &&
	       x->offset == y->offset && x->quoted == y->quoted &&
	       memcmp(socialcap__csv_text(a, i), socialcap__csv_text(b, i),
		      x->len + 1) == 0;
}

/* The input read whole (records split in one scan where they can be) and
 * one byte per read (byte by byte): the same records, fields, positions
 * and failure. */
static void read_csv(const uint8_t *data, size_t size)
{
	socialcap__csv_memsrc whole_src = {(const char *)data, size, 0};
	socialcap__csv_memsrc byte_src = {(const char *)data, size, 0};
	socialcap__mem mem;
	socialcap__csv whole, bytes;
	int rw, rb;
	size_t i;

	socialcap__mem_init(&mem, NULL);
	if (socialcap__csv_open(&whole, &mem, socialcap__csv_read_mem, &whole_src,
				64, 256) != 0 ||
	    socialcap__csv_open(&bytes, &mem, read_one_byte, &byte_src, 64, 256) != 0)
		abort();
	do {
		rw = socialcap__csv_next(&whole);
		rb = socialcap__csv_next(&bytes);
		if (rw != rb)
			abort();
		if (rw == 1) {
			if (whole.nfields != bytes.nfields ||
			    whole.rec_line != bytes.rec_line ||
			    whole.rec_offset != bytes.rec_offset)
				abort();
			for (i = 0; i < whole.nfields; i++)
				if (!same_field(&whole, &bytes, i))
					abort();
		}
	} while (rw == 1);
	if (rw < 0 && (whole.err_line != bytes.err_line ||
		       whole.err_column != bytes.err_column ||
		       whole.err_offset != bytes.err_offset ||
		       strcmp(whole.err_msg, bytes.err_msg) != 0))
		abort();
	socialcap__csv_close(&whole);
	socialcap__csv_close(&bytes);
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

/* FNV-1a over every value reachable through the getters. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n-- > 0)
		h = (h ^ *b++) * 0x100000001b3u;
	return h;
}

#define MIX(h, v) ((h) = mix((h), &(v), sizeof(v)))
#define MIX_STR(h, s) ((h) = mix((h), (s), strlen(s) + 1))

static uint64_t digest_model(const socialcap_network *net, uint64_t h)
{
	uint32_t i, k, n, u;
	uint64_t t;
	int v;
	double d;

	for (i = 0, n = socialcap_network_sector_count(net); i < n; i++) {
		v = socialcap_network_sector_tier(net, i);
		d = socialcap_network_sector_prestige(net, i);
		MIX_STR(h, socialcap_network_sector_label(net, i));
		MIX(h, v);
		MIX(h, d);
	}
	for (i = 0, n = socialcap_network_neighbourhood_count(net); i < n; i++) {
		u = socialcap_network_neighbourhood_resident_count(net, i);
		MIX_STR(h, socialcap_network_neighbourhood_label(net, i));
		MIX(h, u);
	}
	for (i = 0, n = socialcap_network_group_count(net); i < n; i++)
		MIX_STR(h, socialcap_network_group_label(net, i));
	for (i = 0, n = socialcap_network_layer_count(net); i < n; i++)
		MIX_STR(h, socialcap_network_layer_label(net, i));
	for (i = 0, n = socialcap_network_actor_count(net); i < n; i++) {
		uint32_t vals[3] = {(uint32_t)socialcap_network_actor_kind(net, i),
				    socialcap_network_actor_sector(net, i),
				    socialcap_network_actor_neighbourhood(net, i)};

		d = socialcap_network_actor_status(net, i);
		MIX_STR(h, socialcap_network_actor_id(net, i));
		MIX(h, vals);
		MIX(h, d);
		for (k = 0; k < socialcap_network_actor_group_count(net, i); k++) {
			u = socialcap_network_actor_group(net, i, k);
			MIX(h, u);
		}
	}
	for (t = 0; t < socialcap_network_tie_count(net); t++) {
		socialcap_tie tie;

		memset(&tie, 0, sizeof(tie));
		socialcap_network_tie(net, t, &tie);
		MIX(h, tie.a);
		MIX(h, tie.b);
		MIX(h, tie.layer);
		MIX(h, tie.weight);
		MIX(h, tie.since);
	}
	return h;
}

static uint64_t digest(const socialcap_network *net)
{
	uint64_t h = digest_model(net, 0xcbf29ce484222325u), t;
	uint32_t i, k, n;

	for (t = 0; t < socialcap_network_contact_count(net); t++) {
		socialcap_contact c;

		memset(&c, 0, sizeof(c));
		socialcap_network_contact(net, t, &c);
		MIX(h, c.time);
		MIX(h, c.a);
		MIX(h, c.b);
		MIX(h, c.channel);
		MIX(h, c.weight);
		MIX(h, c.cost);
	}
	for (i = 0, n = socialcap_network_event_kind_count(net); i < n; i++)
		MIX_STR(h, socialcap_network_event_kind_label(net, i));
	for (i = 0, n = socialcap_network_event_count(net); i < n; i++) {
		socialcap_event_info e;

		socialcap_network_event(net, i, &e);
		MIX_STR(h, e.id);
		MIX(h, e.time);
		MIX(h, e.neighbourhood);
		MIX(h, e.kind);
		MIX(h, e.channel);
		MIX(h, e.cost);
		for (k = 0; k < e.attendee_count; k++) {
			socialcap_attendance a;

			socialcap_network_event_attendee(net, i, k, &a);
			MIX(h, a.actor);
			MIX(h, a.role);
		}
	}
	return h;
}

static socialcap_network *populated(const socialcap_network_options *o)
{
	static const char *const groups[] = {"choir", "g1"};
	const socialcap_contact c = {86400, 0, 1, SOCIALCAP_DIGITAL, 2.0, 0.5};
	const socialcap_event ev = {"pe1", 0, "N1", "party", SOCIALCAP_PHYSICAL, 1.0};
	const socialcap_attendance att = {2, SOCIALCAP_ORGANISER};
	socialcap_network *net = NULL;

	if (socialcap_network_new(&net, o) != 0 ||
	    socialcap_network_set_sector(net, NULL, "police", 2, 0.5) != 0 ||
	    socialcap_network_add_actor(net, NULL, "p1", SOCIALCAP_RESIDENT, "res",
					"N1", 0.5, groups, 2) != 0 ||
	    socialcap_network_add_actor(net, NULL, "p2", SOCIALCAP_PROFESSIONAL,
					"police", "N2", 0.25, NULL, 0) != 0 ||
	    socialcap_network_add_actor(net, NULL, "p3", SOCIALCAP_ORGANISATION,
					"club", "N1", 1.0, groups + 1, 1) != 0 ||
	    socialcap_network_add_tie(net, NULL, 0, 1, "family", 1.0,
				      SOCIALCAP_TIME_NONE) != 0 ||
	    socialcap_network_record_contact(net, NULL, &c) != 0 ||
	    socialcap_network_record_event(net, NULL, &ev, &att, 1) != 0)
		abort();
	return net;
}

static int same_problem(const socialcap_error *a, const socialcap_error *b)
{
	return a->status == b->status && a->line == b->line &&
	       a->column == b->column && strcmp(a->file, b->file) == 0;
}

/* Import into a network with data: validation against it gives the same
 * first problem, and a failure leaves every value as it was. */
static void import_populated(const socialcap_network_options *nopts,
			     const socialcap_dataset_options *dopts)
{
	socialcap_network *net = populated(nopts);
	socialcap_error err, first;
	size_t problems;
	uint64_t before = digest(net);
	int rc, vrc;

	memset(&first, 0, sizeof(first));
	vrc = socialcap_dataset_validate(net, in_dir, dopts, first_problem, &first,
					 &problems);
	if (digest(net) != before)
		abort();
	rc = socialcap_dataset_import(net, in_dir, dopts, &err);
	if (rc == 0 ? vrc != 0 : vrc != SOCIALCAP_ECANCELED || !same_problem(&first, &err))
		abort();
	if (rc != 0 && digest(net) != before)
		abort();
	socialcap_network_free(net);
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
	import_populated(&nopts, &dopts);
	return 0;
}
