/*
 * The state-file loader's shared parts: its context and the small helpers
 * that read one field and name it in errors. Private to state_load*.c.
 */
#ifndef SOCIALCAP_STATE_LOADER_H
#define SOCIALCAP_STATE_LOADER_H

#include <stdint.h>
#include <stdio.h>

#include "cbor_io.h"
#include "network_internal.h"
#include "rounds.h"
#include "state_internal.h"

typedef struct loader loader;

/*
 * A hash of 32-bit slots (index + 1, linear probing, hash & (slots - 1))
 * filled in rounds (rounds.h) from records in file order, each checked
 * against the records before it (state_load_hash.c). The first repeat in
 * file order is reported through @c report with its record's byte offset,
 * found again from the offset of every 4096th record.
 */
typedef struct socialcap__bulk {
	uint32_t *slots;         /* the table (owned by the network) */
	size_t slot_count;
	uint8_t *tags;           /* top byte of the hash beside each slot */
	socialcap__rounds rounds; /* fitted to the table */
	uint64_t *mark;          /* byte offset of every 4096th record */
	size_t records;          /* records it takes: 0 when not in use */
	int spent;               /* a repeat was found: settle no more */
	/* 1 when records j < k hold the same key (their hashes are equal) */
	int (*same)(const loader *l, size_t j, size_t k);
	/* Report record k (at byte @p at) as a repeat of record j. */
	int (*report)(loader *l, size_t k, size_t j, uint64_t at);
} socialcap__bulk;

struct loader {
	socialcap__reader rd;
	socialcap_network *net;
	const socialcap_state_options *opts;
	uint64_t total;          /* input size in bytes */
	const char *last;        /* field name of the last read */
	uint32_t *seen;          /* per group: last actor that named it */
	size_t seen_cap;
	socialcap_attendance *att;
	size_t att_cap;
	char *id;                /* event id copy, max_id_bytes + 1 */
	size_t id_cap;
	socialcap__bulk ids;     /* filling the actor id hash */
	socialcap__bulk ties;    /* filling the tie hash */
};

/* Name field @p name of record @p i of @p table for error messages; the
 * full path is only formatted if an error is reported. */
static inline const char *fld(loader *l, const char *table, uint64_t i, const char *name)
{
	l->rd.prefix = table;
	l->rd.index = i;
	l->last = name;
	return name;
}

/* A field outside any record (a table's own array, the header). */
static inline const char *top(loader *l, const char *name)
{
	l->rd.prefix = NULL;
	l->last = name;
	return name;
}

static inline uint64_t remaining(const loader *l)
{
	uint64_t at = socialcap__rd_offset(&l->rd);

	return l->total > at ? l->total - at : 0;
}

static inline int oom(loader *l)
{
	return socialcap__rd_fail(&l->rd, SOCIALCAP_ENOMEM,
				  socialcap__rd_offset(&l->rd), l->last,
				  "out of memory");
}

static inline int bad(loader *l, uint64_t at, const char *field, const char *what)
{
	return socialcap__rd_fail(&l->rd, SOCIALCAP_EFORMAT, at, field, "%s", what);
}

/* A recording function refused a record: report the model's message. */
static inline int refused(loader *l, int rc, uint64_t at, const char *field)
{
	if (rc != SOCIALCAP_ENOMEM && rc != SOCIALCAP_ELIMIT)
		rc = SOCIALCAP_EFORMAT;
	return socialcap__rd_fail(&l->rd, rc, at, field, "%s",
				  socialcap_network_errmsg(l->net));
}

static inline int index_of(loader *l, uint32_t *out, uint64_t count, const char *field,
		    const char *what)
{
	uint64_t at = socialcap__rd_offset(&l->rd), v;
	int rc = socialcap__rd_uint(&l->rd, &v, UINT64_MAX, field);

	*out = 0;
	if (rc != 0)
		return rc;
	if (v >= count)
		return socialcap__rd_fail(&l->rd, SOCIALCAP_EFORMAT, at, field,
					  "%s %llu does not exist (there are %llu)", what,
					  (unsigned long long)v, (unsigned long long)count);
	*out = (uint32_t)v;
	return SOCIALCAP_OK;
}

/* Take @p records records into the empty table @p slots (@p slot_count
 * slots, a power of two). 0 or SOCIALCAP_ENOMEM (reported). */
int socialcap__bulk_init(loader *l, socialcap__bulk *b, uint32_t *slots,
			 size_t slot_count, size_t records);
/* Give the scratch memory back; the table stays as filled. */
void socialcap__bulk_free(loader *l, socialcap__bulk *b);
/* Put the records waiting into the table; 0 or the report of a repeat. */
int socialcap__bulk_settle(loader *l, socialcap__bulk *b);
/* The byte offset of every 2^SOCIALCAP__MARK_BITS-th record is kept. */
#define SOCIALCAP__MARK_BITS 12

/* Record @p k (< records; all before it added), starting at byte @p at,
 * with hash @p hash. May settle a round: 0 or the report of a repeat.
 * Inline: it runs once per tie. */
static inline int socialcap__bulk_add(loader *l, socialcap__bulk *b, size_t k,
				      uint64_t hash, uint64_t at)
{
	if ((k & (((size_t)1 << SOCIALCAP__MARK_BITS) - 1)) == 0)
		b->mark[k >> SOCIALCAP__MARK_BITS] = at;
	if (socialcap__rounds_add(&b->rounds, k, hash))
		return socialcap__bulk_settle(l, b);
	return SOCIALCAP_OK;
}

/* The record tables, in state_load_records.c and state_load_ties.c. */
int socialcap__load_actors(loader *l);
int socialcap__load_ties(loader *l);
int socialcap__load_ledger(loader *l);

#endif
