/* The journal: CRC-32C, append and replay, torn tails, corruption in the
 * middle, checkpoints and their crash windows, allocation failures, and a
 * writer killed with SIGKILL at random moments. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "crc32c.h"
#include "journal_internal.h"
#include "net_equal.h"
#include "socialcap.h"
#include "test_alloc.h"
#include "test_files.h"

typedef test_store fixture;

static int setup(void **state)
{
	*state = test_store_new("store.scap");
	return *state != NULL ? 0 : -1;
}

static int teardown(void **state)
{
	return test_store_teardown(state);
}

static size_t file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return (size_t)st.st_size;
}

/* ------------------------------------------------------------- CRC-32C */

static void test_crc32c_vectors(void **state)
{
	/* RFC 3720, appendix B.4. */
	static const unsigned char pdu[48] = {
		0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
		0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18, 0x28, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
	unsigned char buf[32];
	int i;

	(void)state;
	memset(buf, 0, sizeof(buf));
	assert_int_equal(socialcap__crc32c(0, buf, 32), 0x8a9136aau);
	memset(buf, 0xff, sizeof(buf));
	assert_int_equal(socialcap__crc32c(0, buf, 32), 0x62a8ab43u);
	for (i = 0; i < 32; i++)
		buf[i] = (unsigned char)i;
	assert_int_equal(socialcap__crc32c(0, buf, 32), 0x46dd794eu);
	for (i = 0; i < 32; i++)
		buf[i] = (unsigned char)(31 - i);
	assert_int_equal(socialcap__crc32c(0, buf, 32), 0x113fdb5cu);
	assert_int_equal(socialcap__crc32c(0, pdu, sizeof(pdu)), 0xd9963a56u);
	assert_int_equal(socialcap__crc32c(0, "123456789", 9), 0xe3069283u);
	/* Incremental use gives the same value. */
	assert_int_equal(socialcap__crc32c(socialcap__crc32c(0, "1234", 4), "56789", 5),
			 0xe3069283u);
	assert_int_equal(socialcap__crc32c(0, "", 0), 0);
}

/* CRC-32C one bit at a time, straight from its definition (reflected
 * polynomial 0x82F63B78), to check the library's table. */
static uint32_t crc32c_bitwise(uint32_t crc, const unsigned char *p, size_t len)
{
	int k;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc & 1u) ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
	}
	return ~crc;
}

/* Each single byte reaches its own entry of the table (index 0xff ^ b
 * from crc 0); longer inputs chain them. */
static void test_crc32c_table(void **state)
{
	unsigned char buf[512];
	size_t i;

	(void)state;
	for (i = 0; i < 256; i++) {
		buf[0] = (unsigned char)i;
		assert_int_equal(socialcap__crc32c(0, buf, 1), crc32c_bitwise(0, buf, 1));
		assert_int_equal(socialcap__crc32c(0x12345678u, buf, 1),
				 crc32c_bitwise(0x12345678u, buf, 1));
	}
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 167u + 13u);
	assert_int_equal(socialcap__crc32c(0, buf, sizeof(buf)),
			 crc32c_bitwise(0, buf, sizeof(buf)));
}

/* ---------------------------------------------------- a record schedule */

/* Records in the stores of the cut and flip tests (all small). */
#define RECORDS 12
#define BIG_GROUPS 400

static const char *const *big_groups(void)
{
	static char text[BIG_GROUPS][100];
	static const char *names[BIG_GROUPS];
	int k;

	if (names[0] == NULL)
		for (k = 0; k < BIG_GROUPS; k++) {
			snprintf(text[k], sizeof(text[k]), "group %04d of a very large actor, with a long name to fill pages quickly......", k);
			names[k] = text[k];
		}
	return names;
}

/*
 * Record i of a deterministic sequence covering every record kind, applied
 * to a journal or, for the reference, to a plain network.
 */
static int op(socialcap_journal *j, socialcap_network *net, uint64_t i)
{
	static const char *const groups[] = {"choir", "Ümit's club", "choir"};
	char id[32], layer[16];
	socialcap_contact c;
	socialcap_event ev;
	socialcap_attendance att[2];
	uint32_t n = socialcap_network_actor_count(j ? socialcap_journal_network(j) : net);

	if (i % 40 == 15 && i > RECORDS) {
		/* A record of about 35 KB: big enough for SIGKILL to interrupt
		 * its write(2) between pages, leaving a torn record. */
		snprintf(id, sizeof(id), "actor %llu", (unsigned long long)i);
		return j ? socialcap_journal_add_actor(j, NULL, id, SOCIALCAP_RESIDENT,
						       "residents", "Noord", 0.5,
						       big_groups(), BIG_GROUPS)
			 : socialcap_network_add_actor(net, NULL, id, SOCIALCAP_RESIDENT,
						       "residents", "Noord", 0.5,
						       big_groups(), BIG_GROUPS);
	}
	if (i < 2 || i % 5 == 0) {
		snprintf(id, sizeof(id), "actor %llu", (unsigned long long)i);
		return j ? socialcap_journal_add_actor(j, NULL, id, (socialcap_actor_kind)(i % 3),
						       i % 2 ? "shops" : "residents",
						       i % 3 ? "Noord" : "Zuid",
						       i % 4 ? (double)(i % 10) / 10.0 : NAN,
						       groups, i % 4)
			 : socialcap_network_add_actor(net, NULL, id, (socialcap_actor_kind)(i % 3),
						       i % 2 ? "shops" : "residents",
						       i % 3 ? "Noord" : "Zuid",
						       i % 4 ? (double)(i % 10) / 10.0 : NAN,
						       groups, i % 4);
	}
	switch (i % 5) {
	case 1:
		snprintf(layer, sizeof(layer), "layer %llu", (unsigned long long)(i % 7));
		return j ? socialcap_journal_add_tie(j, NULL, n - 1, (uint32_t)(i % (n - 1)),
						     layer, 0.25 * (double)(i % 9 + 1),
						     i % 2 ? SOCIALCAP_TIME_NONE : -(int64_t)i)
			 : socialcap_network_add_tie(net, NULL, n - 1, (uint32_t)(i % (n - 1)),
						     layer, 0.25 * (double)(i % 9 + 1),
						     i % 2 ? SOCIALCAP_TIME_NONE : -(int64_t)i);
	case 2:
		c.time = (int64_t)i * 3600;
		c.a = (uint32_t)(i % n);
		c.b = (uint32_t)((i + 1) % n);
		c.channel = (int32_t)(i % 2);
		c.weight = 1.0 + (double)(i % 3) / 3.0;
		c.cost = (double)(i % 4);
		return j ? socialcap_journal_record_contact(j, NULL, &c)
			 : socialcap_network_record_contact(net, NULL, &c);
	case 3:
		snprintf(id, sizeof(id), "event %llu", (unsigned long long)i);
		ev.id = id;
		ev.time = (int64_t)i;
		ev.neighbourhood = i % 2 ? "Oost" : "Noord";
		ev.kind = i % 3 ? "clean-up" : "dialogue";
		ev.channel = SOCIALCAP_PHYSICAL;
		ev.cost = 1.5;
		att[0].actor = 0;
		att[0].role = SOCIALCAP_ORGANISER;
		att[1].actor = n - 1;
		att[1].role = SOCIALCAP_PARTICIPANT;
		return j ? socialcap_journal_record_event(j, NULL, &ev, att, 2)
			 : socialcap_network_record_event(net, NULL, &ev, att, 2);
	default:
		snprintf(id, sizeof(id), "sector %llu", (unsigned long long)(i % 3));
		return j ? socialcap_journal_set_sector(j, NULL, id, (int)(i % 3),
							 i % 2 ? NAN : 0.5)
			 : socialcap_network_set_sector(net, NULL, id, (int)(i % 3),
							 i % 2 ? NAN : 0.5);
	}
}

static socialcap_network *reference(uint64_t records)
{
	socialcap_network *net = NULL;
	uint64_t i;

	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	for (i = 0; i < records; i++)
		assert_int_equal(op(NULL, net, i), 0);
	return net;
}

/* Make a store with @p n records; offsets[k] = journal size after k. */
static void make_store(const fixture *f, uint64_t n, size_t *offsets)
{
	socialcap_journal *j = NULL;
	socialcap_error err;
	uint64_t i;

	assert_int_equal(socialcap_journal_create(&j, f->path, NULL, NULL, &err), 0);
	if (offsets)
		offsets[0] = file_size(f->jpath);
	for (i = 0; i < n; i++) {
		assert_int_equal(op(j, NULL, i), 0);
		if (offsets)
			offsets[i + 1] = file_size(f->jpath);
	}
	assert_int_equal(socialcap_journal_next_seq(j), n);
	assert_int_equal(socialcap_journal_sync(j), 0);
	socialcap_journal_free(j);
}

/* -------------------------------------------------------------- basics */

static void test_replay_every_kind(void **state)
{
	fixture *f = *state;
	socialcap_journal *j = NULL;
	socialcap_journal_report rep;
	socialcap_network *ref = reference(40);
	struct stat st;

	make_store(f, 40, NULL);
	assert_int_equal(stat(f->jpath, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(socialcap_journal_open(&j, f->path, NULL, &rep, NULL), 0);
	assert_int_equal(rep.replayed, 40);
	assert_int_equal(rep.next_seq, 40);
	assert_int_equal(rep.tail_cut, 0);
	assert_int_equal(rep.journal_restarted, 0);
	assert_networks_equal(ref, socialcap_journal_network(j));
	/* Continue appending after a replay, then reopen. */
	assert_int_equal(op(j, NULL, 40), 0);
	socialcap_journal_free(j);
	socialcap_network_free(ref);
	ref = reference(41);
	assert_int_equal(socialcap_journal_open(&j, f->path, NULL, &rep, NULL), 0);
	assert_int_equal(rep.replayed, 41);
	assert_networks_equal(ref, socialcap_journal_network(j));
	socialcap_journal_free(j);
	socialcap_network_free(ref);
}

static void test_refused_record_writes_nothing(void **state)
{
	fixture *f = *state;
	socialcap_journal *j = NULL;
	socialcap_contact c = {10, 0, 0, SOCIALCAP_PHYSICAL, 1.0, 0.0};
	size_t before;

	make_store(f, 3, NULL);
	assert_int_equal(socialcap_journal_open(&j, f->path, NULL, NULL, NULL), 0);
	before = file_size(f->jpath);
	assert_int_equal(socialcap_journal_record_contact(j, NULL, &c), SOCIALCAP_EINVAL);
	assert_non_null(strstr(socialcap_journal_errmsg(j), "itself"));
	assert_int_equal(socialcap_journal_add_actor(j, NULL, "actor 0", SOCIALCAP_RESIDENT,
						     "s", "n", NAN, NULL, 0),
			 SOCIALCAP_EEXISTS);
	assert_int_equal(socialcap_journal_add_tie(j, NULL, 0, 99, "family", 1.0, 0),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_journal_set_sector(j, NULL, "x", -1, 0.0), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_journal_record_event(j, NULL, NULL, NULL, 0), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_journal_record_contact(j, NULL, NULL), SOCIALCAP_EINVAL);
	assert_int_equal(file_size(f->jpath), before);
	assert_int_equal(socialcap_journal_next_seq(j), 3);
	assert_int_equal(op(j, NULL, 3), 0);
	assert_string_equal(socialcap_journal_errmsg(j), "");
	assert_true(file_size(f->jpath) > before);
	socialcap_journal_free(j);
}

static void test_create_and_open_errors(void **state)
{
	fixture *f = *state;
	socialcap_journal *j = NULL;
	socialcap_network *net = make_rich_network(NULL), *ref = make_rich_network(NULL);
	socialcap_journal_options o = SOCIALCAP_JOURNAL_OPTIONS_INIT;
	socialcap_error err;

	assert_int_equal(socialcap_journal_open(&j, f->path, NULL, NULL, &err),
			 SOCIALCAP_ENOTFOUND);
	assert_null(j);
	/* Create from an existing network: it is consumed. */
	assert_int_equal(socialcap_journal_create(&j, f->path, net, NULL, &err), 0);
	assert_ptr_equal(socialcap_journal_network(j), net);
	socialcap_journal_free(j);
	assert_int_equal(socialcap_journal_create(&j, f->path, NULL, NULL, &err),
			 SOCIALCAP_EEXISTS);
	{
		/* A path whose existence cannot be checked (a component is a
		 * file, so stat fails with ENOTDIR) is not taken for free. */
		char below[4200];

		snprintf(below, sizeof(below), "%s/store", f->path);
		assert_int_equal(socialcap_journal_create(&j, below, NULL, NULL, &err),
				 SOCIALCAP_EIO);
		assert_null(j);
		assert_non_null(strstr(err.message, "cannot check"));
	}
	assert_int_equal(socialcap_journal_open(&j, f->path, NULL, NULL, &err), 0);
	assert_networks_equal(ref, socialcap_journal_network(j));
	socialcap_journal_free(j);
	o.version = 7;
	assert_int_equal(socialcap_journal_open(&j, f->path, &o, NULL, &err), SOCIALCAP_EVERSION);
	assert_int_equal(socialcap_journal_options_init(&o, 7), SOCIALCAP_EVERSION);
	assert_int_equal(socialcap_journal_options_init(&o, SOCIALCAP_JOURNAL_OPTIONS_VERSION), 0);
	o.max_journal_bytes = 4;
	assert_int_equal(socialcap_journal_open(&j, f->path, &o, NULL, &err), SOCIALCAP_ELIMIT);
	assert_int_equal(socialcap_journal_open(NULL, f->path, NULL, NULL, &err), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_journal_sync(NULL), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_journal_checkpoint(NULL, NULL), SOCIALCAP_EINVAL);
	socialcap_journal_free(NULL);
	socialcap_network_free(ref);
}

/* ------------------------------------------------------------ torn tails */

/* Cutting the journal at every byte offset recovers exactly the records
 * that ended before the cut, and cuts the file back to them. */
static void test_cut_at_every_offset(void **state)
{
	fixture *f = *state;
	size_t offsets[RECORDS + 1], n, cut;
	socialcap_network *refs[RECORDS + 1];
	unsigned char *bytes;
	uint64_t k;

	make_store(f, RECORDS, offsets);
	bytes = test_slurp(f->jpath, &n);
	assert_int_equal(n, offsets[RECORDS]);
	for (k = 0; k <= RECORDS; k++)
		refs[k] = reference(k);
	for (cut = 0; cut <= n; cut++) {
		socialcap_journal *j = NULL;
		socialcap_journal_report rep;
		socialcap_error err;
		int rc;

		test_spit(f->jpath, bytes, cut);
		rc = socialcap_journal_open(&j, f->path, NULL, &rep, &err);
		if (cut < offsets[0]) {
			/* The header is written atomically; a short one is damage. */
			assert_int_equal(rc, SOCIALCAP_EFORMAT);
			assert_null(j);
			continue;
		}
		assert_int_equal(rc, 0);
		for (k = 0; k < RECORDS && offsets[k + 1] <= cut; k++)
			;
		assert_int_equal(rep.replayed, k);
		assert_int_equal(rep.tail_cut, cut != offsets[k]);
		if (rep.tail_cut) {
			assert_int_equal(rep.cut_offset, offsets[k]);
			assert_int_equal(rep.cut_bytes, cut - offsets[k]);
		}
		assert_int_equal(file_size(f->jpath), offsets[k]);
		assert_networks_equal(refs[k], socialcap_journal_network(j));
		/* Appending after the cut continues the sequence. */
		assert_int_equal(op(j, NULL, k), 0);
		socialcap_journal_free(j);
	}
	for (k = 0; k <= RECORDS; k++)
		socialcap_network_free(refs[k]);
	free(bytes);
}

/* A flipped byte in record i: records before i survive; if i is the last
 * record it is cut, otherwise opening fails naming record i and its offset. */
static void test_flipped_byte_in_each_record(void **state)
{
	static const unsigned char masks[] = {0x01, 0x80, 0xff};
	fixture *f = *state;
	size_t offsets[RECORDS + 1], n, p, m;
	socialcap_network *refs[RECORDS];
	unsigned char *bytes;
	uint64_t i;

	make_store(f, RECORDS, offsets);
	bytes = test_slurp(f->jpath, &n);
	for (i = 0; i < RECORDS; i++)
		refs[i] = reference(i);
	for (i = 0; i < RECORDS; i++) {
		for (p = offsets[i]; p < offsets[i + 1]; p++) {
			for (m = 0; m < sizeof(masks); m++) {
				socialcap_journal *j = NULL;
				socialcap_journal_report rep;
				socialcap_error err;
				char field[32];
				int rc;

				bytes[p] ^= masks[m];
				test_spit(f->jpath, bytes, n);
				bytes[p] ^= masks[m];
				rc = socialcap_journal_open(&j, f->path, NULL, &rep, &err);
				if (i + 1 == RECORDS) {
					assert_int_equal(rc, 0);
					assert_int_equal(rep.replayed, i);
					assert_int_equal(rep.tail_cut, 1);
					assert_int_equal(rep.cut_offset, offsets[i]);
					assert_networks_equal(refs[i], socialcap_journal_network(j));
					socialcap_journal_free(j);
					continue;
				}
				if (rc != SOCIALCAP_EFORMAT)
					fail_msg("record %llu byte %zu mask %02x: %s",
						 (unsigned long long)i, p, masks[m],
						 socialcap_error_name(rc));
				assert_null(j);
				assert_int_equal(err.offset, offsets[i]);
				snprintf(field, sizeof(field), "record %llu", (unsigned long long)i);
				assert_string_equal(err.field, field);
				assert_string_equal(err.file, f->jpath);
				/* The journal is left as it was for inspection. */
				assert_int_equal(file_size(f->jpath), n);
				/* With `recover`, the same journal opens, cut at i. */
				if (p == offsets[i] + 3 && m == 0) {
					socialcap_journal_options o = SOCIALCAP_JOURNAL_OPTIONS_INIT;

					o.recover = 1;
					assert_int_equal(socialcap_journal_open(&j, f->path, &o,
										&rep, &err), 0);
					assert_int_equal(rep.replayed, i);
					assert_int_equal(rep.tail_cut, 1);
					assert_int_equal(rep.dropped_valid, 1);
					assert_int_equal(rep.cut_offset, offsets[i]);
					assert_int_equal(file_size(f->jpath), offsets[i]);
					assert_networks_equal(refs[i], socialcap_journal_network(j));
					socialcap_journal_free(j);
				}
			}
		}
	}
	for (i = 0; i < RECORDS; i++)
		socialcap_network_free(refs[i]);
	free(bytes);
}

/* A damaged header never makes opening drop records: it either fails or
 * replays everything. */
static void test_flipped_byte_in_header(void **state)
{
	fixture *f = *state;
	size_t offsets[RECORDS + 1], n, p;
	unsigned char *bytes;

	make_store(f, RECORDS, offsets);
	bytes = test_slurp(f->jpath, &n);
	for (p = 0; p < offsets[0]; p++) {
		socialcap_journal *j = NULL;
		socialcap_journal_report rep;
		socialcap_error err;
		int rc;

		bytes[p] ^= 0x01;
		test_spit(f->jpath, bytes, n);
		bytes[p] ^= 0x01;
		rc = socialcap_journal_open(&j, f->path, NULL, &rep, &err);
		if (rc == 0) {
			assert_int_equal(rep.replayed, RECORDS);
			socialcap_journal_free(j);
			continue;
		}
		assert_true(rc == SOCIALCAP_EFORMAT || rc == SOCIALCAP_EVERSION);
		assert_string_equal(err.file, f->jpath);
		assert_int_equal(file_size(f->jpath), n);
	}
	free(bytes);
}

/* Append a hand-made record (valid frame and CRC) to the store's journal. */
static void append_raw_record(const fixture *f, uint64_t seq, int variant)
{
	unsigned char salt[SOCIALCAP__SALT_BYTES], c[4];
	socialcap__mem mem;
	socialcap__cw w;
	socialcap_error err;
	unsigned char *bytes;
	uint64_t base;
	size_t n, first;
	uint32_t crc;
	FILE *fp;

	bytes = test_slurp(f->jpath, &n);
	assert_int_equal(socialcap__journal_parse_header(bytes, n, salt, &base, &first,
							 16, &err), 0);
	free(bytes);
	socialcap__mem_init(&mem, NULL);
	assert_int_equal(socialcap__cw_init(&w, &mem, -1, 64), 0);
	socialcap__cw_array(&w, 4);
	socialcap__cw_uint(&w, seq);
	socialcap__cw_bytes(&w, salt, sizeof(salt));
	socialcap__cw_array(&w, variant == 0 ? 7 : 5);
	socialcap__cw_uint(&w, 3); /* a contact */
	socialcap__cw_int(&w, 10);
	socialcap__cw_uint(&w, 0);
	socialcap__cw_uint(&w, variant == 0 ? 99 : 1); /* no actor 99 */
	socialcap__cw_uint(&w, 0);
	if (variant == 0) {
		socialcap__cw_number(&w, 1.0);
		socialcap__cw_number(&w, 0.0);
	}
	crc = socialcap__crc32c(0, w.buf, w.len);
	c[0] = (unsigned char)(crc >> 24);
	c[1] = (unsigned char)(crc >> 16);
	c[2] = (unsigned char)(crc >> 8);
	c[3] = (unsigned char)crc;
	socialcap__cw_bytes(&w, c, 4);
	assert_int_equal(w.status, 0);
	fp = fopen(f->jpath, "ab");
	assert_non_null(fp);
	assert_int_equal(fwrite(w.buf, 1, w.len, fp), w.len);
	fclose(fp);
	socialcap__cw_free(&w);
}

/* An intact record (CRC right) that the network refuses, or whose body has
 * the wrong shape, is an error even as the last record: it is not a torn
 * write, so it is not cut. */
static void test_intact_but_invalid_record(void **state)
{
	fixture *f = *state;
	socialcap_journal *j = NULL;
	socialcap_error err;
	size_t size;
	int variant;

	for (variant = 0; variant < 2; variant++) {
		make_store(f, 2, NULL);
		size = file_size(f->jpath);
		append_raw_record(f, 2, variant);
		assert_int_equal(socialcap_journal_open(&j, f->path, NULL, NULL, &err),
				 SOCIALCAP_EFORMAT);
		assert_string_equal(err.field, "record 2");
		assert_int_equal(err.offset, size);
		assert_non_null(strstr(err.message, variant == 0 ? "refuses" : "needs 7 items"));
		assert_true(file_size(f->jpath) > size);
		unlink(f->path);
		unlink(f->jpath);
	}
}

/* ----------------------------------------------------------- checkpoints */

static void test_checkpoint(void **state)
{
	fixture *f = *state;
	socialcap_journal *j = NULL;
	socialcap_journal_report rep;
	socialcap_network *ref;
	unsigned char *old;
	size_t old_n, header;
	uint64_t i;

	make_store(f, 20, NULL);
	assert_int_equal(socialcap_journal_open(&j, f->path, NULL, &rep, NULL), 0);
	old = test_slurp(f->jpath, &old_n);
	assert_int_equal(socialcap_journal_checkpoint(j, NULL), 0);
	header = file_size(f->jpath);
	assert_true(header < 64);
	assert_int_equal(socialcap_journal_next_seq(j), 20);
	for (i = 20; i < 30; i++)
		assert_int_equal(op(j, NULL, i), 0);
	socialcap_journal_free(j);
	ref = reference(30);
	assert_int_equal(socialcap_journal_open(&j, f->path, NULL, &rep, NULL), 0);
	assert_int_equal(rep.replayed, 10);
	assert_int_equal(rep.next_seq, 30);
	assert_networks_equal(ref, socialcap_journal_network(j));
	socialcap_journal_free(j);
	socialcap_network_free(ref);

	/* A checkpoint that stopped after writing the state file but before
	 * replacing the journal: the old journal is stale and is replaced. */
	assert_int_equal(socialcap_journal_open(&j, f->path, NULL, &rep, NULL), 0);
	free(old);
	old = test_slurp(f->jpath, &old_n);
	assert_int_equal(socialcap_journal_checkpoint(j, NULL), 0);
	socialcap_journal_free(j);
	test_spit(f->jpath, old, old_n);
	ref = reference(30);
	assert_int_equal(socialcap_journal_open(&j, f->path, NULL, &rep, NULL), 0);
	assert_int_equal(rep.journal_restarted, 1);
	assert_int_equal(rep.replayed, 0);
	assert_networks_equal(ref, socialcap_journal_network(j));
	assert_true(file_size(f->jpath) < 64);
	socialcap_journal_free(j);

	/* A missing journal is restarted too. */
	assert_int_equal(unlink(f->jpath), 0);
	assert_int_equal(socialcap_journal_open(&j, f->path, NULL, &rep, NULL), 0);
	assert_int_equal(rep.journal_restarted, 1);
	assert_networks_equal(ref, socialcap_journal_network(j));
	socialcap_journal_free(j);
	socialcap_network_free(ref);
	free(old);
}

/* A journal with records the state file lacks, under another salt, is
 * refused rather than thrown away. */
static void test_foreign_journal_refused(void **state)
{
	fixture *f = *state;
	socialcap_journal *j = NULL;
	socialcap_error err;
	unsigned char *journal;
	size_t n;
	char other[200];

	make_store(f, 5, NULL);
	journal = test_slurp(f->jpath, &n);
	snprintf(other, sizeof(other), "%s/other.scap", f->dir);
	assert_int_equal(socialcap_journal_create(&j, other, NULL, NULL, NULL), 0);
	socialcap_journal_free(j);
	snprintf(other, sizeof(other), "%s/other.scap-journal", f->dir);
	test_spit(other, journal, n);
	snprintf(other, sizeof(other), "%s/other.scap", f->dir);
	assert_int_equal(socialcap_journal_open(&j, other, NULL, NULL, &err), SOCIALCAP_EFORMAT);
	assert_non_null(strstr(err.message, "does not belong"));
	free(journal);
}

/* A state file saved without a journal is adopted by a checkpoint. */
static void test_adopt_plain_state(void **state)
{
	fixture *f = *state;
	socialcap_network *net = make_rich_network(NULL);
	socialcap_journal *j = NULL;
	socialcap_journal_report rep;

	assert_int_equal(socialcap_state_save(net, f->path, NULL, NULL), 0);
	assert_int_equal(socialcap_journal_open(&j, f->path, NULL, &rep, NULL), 0);
	assert_int_equal(rep.journal_restarted, 1);
	assert_int_equal(op(j, NULL, 0), 0);
	socialcap_journal_free(j);
	assert_int_equal(socialcap_journal_open(&j, f->path, NULL, &rep, NULL), 0);
	assert_int_equal(rep.replayed, 1);
	assert_int_equal(socialcap_network_actor_count(socialcap_journal_network(j)),
			 socialcap_network_actor_count(net) + 1);
	socialcap_journal_free(j);
	socialcap_network_free(net);
}

/* A failed write leaves the journal unusable until a checkpoint, which
 * saves the record the network took. */
static void test_write_failure_then_checkpoint(void **state)
{
	fixture *f = *state;
	socialcap_journal *j = NULL;
	socialcap_journal_report rep;
	socialcap_network *ref = reference(6);

	make_store(f, 4, NULL);
	assert_int_equal(socialcap_journal_open(&j, f->path, NULL, NULL, NULL), 0);
	close(j->fd);
	j->fd = open(f->jpath, O_RDONLY);
	assert_true(j->fd >= 0);
	assert_int_equal(op(j, NULL, 4), SOCIALCAP_EIO);
	assert_non_null(strstr(socialcap_journal_errmsg(j), "cannot write"));
	assert_int_equal(op(j, NULL, 5), SOCIALCAP_EIO);
	assert_int_equal(socialcap_journal_sync(j), SOCIALCAP_EIO);
	assert_int_equal(socialcap_journal_checkpoint(j, NULL), 0);
	assert_int_equal(op(j, NULL, 5), 0);
	socialcap_journal_free(j);
	assert_int_equal(socialcap_journal_open(&j, f->path, NULL, &rep, NULL), 0);
	assert_networks_equal(ref, socialcap_journal_network(j));
	socialcap_journal_free(j);
	socialcap_network_free(ref);
}

/* ------------------------------------------------- allocation failures */

/* Journal options whose network takes its memory from a test_alloc. */
typedef struct alloc_options {
	socialcap_network_options no;
	socialcap_state_options so;
	socialcap_journal_options jo; /* .state = &so, whose .network = &no */
} alloc_options;

static void alloc_options_init(alloc_options *o, test_alloc *ta)
{
	const alloc_options d = {SOCIALCAP_NETWORK_OPTIONS_INIT, SOCIALCAP_STATE_OPTIONS_INIT,
				 SOCIALCAP_JOURNAL_OPTIONS_INIT};

	*o = d;
	o->no.allocator = &ta->allocator;
	o->so.network = &o->no;
	o->jo.state = &o->so;
}

static void test_open_alloc_failures(void **state)
{
	fixture *f = *state;
	alloc_options o;
	socialcap_network *ref = reference(RECORDS);
	unsigned char *before, *after;
	size_t n1, n2, k;
	test_alloc ta;

	make_store(f, RECORDS, NULL);
	before = test_slurp(f->jpath, &n1);
	alloc_options_init(&o, &ta);
	for (k = 1;; k++) {
		socialcap_journal *j = NULL;
		socialcap_error err;
		int rc;

		test_alloc_init(&ta, k, 0);
		rc = socialcap_journal_open(&j, f->path, &o.jo, NULL, &err);
		if (rc == 0) {
			assert_networks_equal(ref, socialcap_journal_network(j));
			socialcap_journal_free(j);
			assert_int_equal(ta.live, 0);
			break;
		}
		assert_int_equal(rc, SOCIALCAP_ENOMEM);
		assert_null(j);
		assert_int_equal(ta.live, 0);
		after = test_slurp(f->jpath, &n2);
		assert_int_equal(n1, n2);
		assert_memory_equal(before, after, n1);
		free(after);
	}
	assert_true(k > 10);
	free(before);
	socialcap_network_free(ref);
}

static void test_append_alloc_failures(void **state)
{
	fixture *f = *state;
	alloc_options o;
	socialcap_network *ref = reference(RECORDS);
	socialcap_journal *j = NULL;
	test_alloc ta;
	uint64_t i;

	alloc_options_init(&o, &ta);
	test_alloc_init(&ta, 0, 0);
	assert_int_equal(socialcap_journal_create(&j, f->path, NULL, &o.jo, NULL), 0);
	for (i = 0; i < RECORDS; i++) {
		size_t k;

		for (k = 1;; k++) {
			size_t size = file_size(f->jpath);
			int rc;

			ta.fail_at = ta.calls + k;
			rc = op(j, NULL, i);
			ta.fail_at = 0;
			if (rc == 0)
				break;
			assert_int_equal(rc, SOCIALCAP_ENOMEM);
			assert_int_equal(file_size(f->jpath), size);
			assert_int_equal(socialcap_journal_next_seq(j), i);
		}
	}
	assert_networks_equal(ref, socialcap_journal_network(j));
	socialcap_journal_free(j);
	assert_int_equal(ta.live, 0);
	assert_int_equal(socialcap_journal_open(&j, f->path, NULL, NULL, NULL), 0);
	assert_networks_equal(ref, socialcap_journal_network(j));
	socialcap_journal_free(j);
	socialcap_network_free(ref);
}

/* ------------------------------------------------------------- kill -9 */

#define KILL_ROUNDS 200
#define SYNC_EVERY 4
#define CHECKPOINT_EVERY 37
#define READY UINT64_MAX
/* Flag of "appended" messages (without it: "durable up to"). */
#define APPENDED (UINT64_C(1) << 62)
/* Each round kills the writer after up to this many appends. */
#define MAX_APPENDS_PER_ROUND 48

/* The child: append for ever, report every synced count on the pipe. */
static void say(int out, uint64_t v)
{
	if (write(out, &v, sizeof(v)) != (ssize_t)sizeof(v))
		_exit(7);
}

static void writer(const char *path, int out)
{
	socialcap_journal *j = NULL;
	uint64_t i;

	if (socialcap_journal_open(&j, path, NULL, NULL, NULL) != 0)
		_exit(3);
	say(out, READY);
	for (i = socialcap_journal_next_seq(j);; i++) {
		if (op(j, NULL, i) != 0)
			_exit(4);
		say(out, (i + 1) | APPENDED);
		if ((i + 1) % CHECKPOINT_EVERY == 0) {
			if (socialcap_journal_checkpoint(j, NULL) != 0)
				_exit(5);
		} else if ((i + 1) % SYNC_EVERY == 0) {
			if (socialcap_journal_sync(j) != 0)
				_exit(6);
		} else {
			continue;
		}
		say(out, i + 1); /* i + 1 records are durable now */
	}
}

static void test_kill9(void **state)
{
	fixture *f = *state;
	uint64_t synced = 0, round, cut_tails = 0, mid_kills = 0, built = 0;
	unsigned seed = (unsigned)time(NULL);
	socialcap_journal *j = NULL;
	socialcap_network *ref = reference(0);

	assert_int_equal(socialcap_journal_create(&j, f->path, NULL, NULL, NULL), 0);
	socialcap_journal_free(j);
	srand(seed);
	for (round = 0; round < KILL_ROUNDS; round++) {
		socialcap_journal_report rep;
		socialcap_error err;
		int fds[2], status;
		uint64_t got, seq, target;
		pid_t pid;

		assert_int_equal(pipe(fds), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			writer(f->path, fds[1]);
		}
		close(fds[1]);
		/* Kill once the writer has appended a random number of records,
		 * a random few microseconds later: inside the next append, sync
		 * or checkpoint, whatever the speed of the disk. Bounding the
		 * appends per round keeps the store, and the test, small. */
		assert_int_equal(read(fds[0], &got, sizeof(got)), (ssize_t)sizeof(got));
		assert_true(got == READY);
		target = built + (uint64_t)(rand() % MAX_APPENDS_PER_ROUND);
		while (read(fds[0], &got, sizeof(got)) == (ssize_t)sizeof(got)) {
			if (!(got & APPENDED)) {
				synced = got > synced ? got : synced;
				continue;
			}
			if ((got & ~APPENDED) >= target)
				break;
		}
		{
			struct timespec ts = {0, (long)(rand() % 500) * 1000L};

			nanosleep(&ts, NULL);
		}
		assert_int_equal(kill(pid, SIGKILL), 0);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (!WIFSIGNALED(status))
			fail_msg("round %llu (seed %u): writer exited with %d",
				 (unsigned long long)round, seed, WEXITSTATUS(status));
		while (read(fds[0], &got, sizeof(got)) == (ssize_t)sizeof(got))
			if (!(got & APPENDED) && got > synced)
				synced = got;
		close(fds[0]);

		if (socialcap_journal_open(&j, f->path, NULL, &rep, &err) != 0)
			fail_msg("round %llu (seed %u): %s", (unsigned long long)round,
				 seed, err.message);
		seq = socialcap_journal_next_seq(j);
		cut_tails += rep.tail_cut != 0;
		mid_kills += seq > synced;
		/* Exactly a prefix: the network is the first `seq` records of
		 * the schedule, and seq covers everything synced. What a reopen
		 * saw is never lost later, so the reference only grows. */
		assert_true(seq >= synced);
		assert_true(seq >= built);
		for (; built < seq; built++)
			assert_int_equal(op(NULL, ref, built), 0);
		assert_networks_equal(ref, socialcap_journal_network(j));
		socialcap_journal_free(j);
	}
	/* The kills must have landed at different moments, not all before the
	 * writer started. */
	assert_true(synced > KILL_ROUNDS);
	socialcap_network_free(ref);
	print_message("kill -9: %u rounds, %llu records durable, %llu tails cut, %llu rounds with unsynced records kept\n",
		      KILL_ROUNDS, (unsigned long long)synced,
		      (unsigned long long)cut_tails, (unsigned long long)mid_kills);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32c_vectors),
		cmocka_unit_test(test_crc32c_table),
		cmocka_unit_test_setup_teardown(test_replay_every_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_record_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_and_open_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cut_at_every_offset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flipped_byte_in_each_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flipped_byte_in_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intact_but_invalid_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkpoint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_journal_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_adopt_plain_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_failure_then_checkpoint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_alloc_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_alloc_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill9, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
