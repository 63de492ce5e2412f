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
#include "state_internal.h"

typedef struct loader {
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
	uint32_t *id_tags;       /* beside the actor id slots: hash tags */
	size_t id_tags_count;
	uint64_t *tie_fp;        /* tie hash while loading: tag, index + 1 */
	size_t tie_fp_count;
} loader;

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

/* The record tables, in state_load_records.c and state_load_ties.c. */
int socialcap__load_actors(loader *l);
int socialcap__load_ties(loader *l);
int socialcap__load_ledger(loader *l);

#endif
