/*
 * Shared by the dataset modules (dataset_*.c): the file and column specs,
 * one open table, and the state of an import or validation.
 *
 * Import runs in three steps: check (every file read once, every row
 * parsed, checked against the target network and staged in temporary
 * tables, nothing in the network touched), reserve (the network grows
 * every array to its final size; may fail with ENOMEM, changes nothing
 * visible), commit (every file parsed again from the same bytes in memory
 * and its rows added; nothing can fail any more, because all memory the
 * adds and the readers need exists already). Actors and ties are the
 * exception: the check stages them whole (dataset_actors.c, with the id
 * index of dataset_ids.c; dataset_ties.c in the network's layout), so
 * actors.csv and ties.csv are streamed, read once and never held.
 */
#ifndef SOCIALCAP_DATASET_INTERNAL_H
#define SOCIALCAP_DATASET_INTERNAL_H

#include <stdint.h>

#include "csv_reader.h"
#include "network_internal.h"
#include "rounds.h"
#include "socialcap/dataset.h"
#include "strtab.h"

enum {
	DS_SECTORS,
	DS_ACTORS,
	DS_TIES,
	DS_CONTACTS,
	DS_EVENTS,
	DS_ATTENDANCE,
	DS_FILES
};

#define DS_MAX_COLS 6
/* Paths are kept whole for opening; error reports may truncate them. */
#define DS_PATH_MAX 4096

typedef struct ds_column {
	const char *name;
	int required; /* 1: the column must exist and every value be non-empty */
} ds_column;

typedef struct ds_spec {
	const char *file;
	int required_file;
	ds_column cols[DS_MAX_COLS];
	size_t ncols;
} ds_spec;

extern const ds_spec socialcap__ds_specs[DS_FILES];

/* Positive codes inside the checker: skip the row / stop quietly (the
 * problem limit) / end the file. */
#define DS_SKIP 1
#define DS_STOP 2
#define DS_ENDFILE 3 /* a CSV syntax error: go on with the next file */

/* A (a, b, c) key with a value: distinct ties (with their summed weight)
 * and (event, actor) attendance pairs. Open addressing, a == UINT32_MAX
 * marks an empty slot. */
typedef struct ds_key {
	uint32_t a, b, c;
	double value;
} ds_key;

typedef struct ds_keys {
	ds_key *slots;
	size_t slot_count, count;
} ds_keys;

int socialcap__ds_keys_get(ds_keys *keys, socialcap__mem *mem, uint32_t a,
			   uint32_t b, uint32_t c, ds_key **out, int *created);
void socialcap__ds_keys_free(ds_keys *keys, socialcap__mem *mem);

/* A declaration that adds to a tie the network already holds. */
typedef struct ds_tie_update {
	uint64_t tie;
	double weight;
	int64_t since;
} ds_tie_update;

/* Where a field of a row was: for problems reported after the reader
 * moved on. */
typedef struct ds_pos {
	uint64_t line, column, offset;
} ds_pos;

/* Actor ids of at most this many bytes are held in the id index's slots
 * (dataset_ids.c) and may be resolved one row late (dataset_ties.c). */
#define DS_ID_INLINE 11

/* Rows held back in an import, so that the memory their look-ups read is
 * fetched meanwhile (dataset_ties.c). */
#define DS_TIE_WAIT 4
#define DS_TIE_HOLD 8

/* One tie row: resolved (a < b, hash of the tie), or, while it waits,
 * with b's id not looked up yet (a as read, hash of b's id). */
typedef struct ds_tie_row {
	uint32_t a, b, layer;
	double weight;
	int64_t since;
	uint64_t hash;
	ds_pos at_a, at_b, at_weight;
	char b_id[DS_ID_INLINE + 1]; /* while waiting */
	size_t b_len;
} ds_tie_row;

/*
 * Rows of an import whose place in the staging hash is found later, in
 * rounds (rounds.h, dataset_ties_round.c). The rows of a round are staged
 * ties [first, first + pending), in file order, until it settles: then a
 * row that repeats an earlier tie is added to that tie and taken out of
 * the columns.
 */
typedef struct ds_tie_round {
	socialcap__rounds buckets;
	uint32_t *slot_of;        /* per row of the round: its slot, once placed */
	size_t first, pending;    /* the round's rows */
	size_t repeats;           /* of those, found so far */
} ds_tie_round;

/* Blocks of ties.csv read ahead to estimate its rows (dataset_ties.c). */
#define DS_TIE_SAMPLES 8

/* The ties of an import (dataset_ties.c). */
typedef struct ds_tie_stage {
	/* Import: rows held back, oldest first (rings): waiting for their b
	 * to be looked up, then resolved and waiting to be staged. */
	ds_tie_row wait[DS_TIE_WAIT], hold[DS_TIE_HOLD];
	size_t wait_head, wait_n, hold_head, hold_n;
	/* Distinct new ties, in creation order, with their (a, b, layer)
	 * hash in the network's layout (ties.slots, ties.slot_count). */
	socialcap__ties ties;
	uint8_t *tags;            /* top byte of the hash beside each slot */
	ds_tie_round round;       /* rows waiting for their slot */
	double weight_sum;        /* of every row staged: bounds any tie's sum */
	int one_by_one;           /* no more rounds: each row staged at once */
	uint64_t rows;            /* rows staged */
	uint64_t est_rows, est_read; /* rows staged, bytes read at the last estimate */
	/* Samples of the file's rest, taken at the first estimate: where
	 * each starts, its whole rows and their bytes (0: none). */
	struct {
		uint64_t at;
		uint32_t rows, bytes;
	} sample[DS_TIE_SAMPLES];
	unsigned samples;
	ds_keys existing;         /* network ties declared again -> sum */
	ds_tie_update *upd;       /* those declarations, in file order */
	size_t upd_count, upd_cap;
} ds_tie_stage;

/* The index of the actor ids new in an import (dataset_ids.c): open
 * addressing over 16-byte slots holding short ids whole. */
typedef struct ds_id_slot {
	uint32_t index;               /* into ctx->new_actors, + 1; 0 = empty */
	uint8_t len;                  /* length, or 0xff: longer than inline */
	char text[DS_ID_INLINE];      /* the id (or its start), zero-padded */
} ds_id_slot;

typedef struct ds_ids {
	ds_id_slot *slots;
	size_t slot_count, count;
} ds_ids;

/* Room for @p count ids (may fail, changes nothing then); @p texts holds
 * the ids inserted so far, by index. */
int socialcap__ds_ids_reserve(ds_ids *ids, socialcap__mem *mem,
			      const socialcap__strtab *texts, size_t count);
/* Insert an absent id (room reserved); @p hash = socialcap__hash_bytes. */
void socialcap__ds_ids_insert(ds_ids *ids, const char *id, size_t len, uint64_t hash,
			      uint32_t index);
void socialcap__ds_ids_prefetch(const ds_ids *ids, uint64_t hash);
/* Index of @p id (NUL-terminated, @p len bytes), or UINT32_MAX. */
uint32_t socialcap__ds_ids_find(const ds_ids *ids, const socialcap__strtab *texts,
				const char *id, size_t len, uint64_t hash);
void socialcap__ds_ids_free(ds_ids *ids, socialcap__mem *mem);

/* The actors of an import (dataset_actors.c): values of each new actor
 * with final label indices, in file order; groups in one pool. */
typedef struct ds_actor_stage {
	SOCIALCAP__COLUMN(uint8_t, kind);
	SOCIALCAP__COLUMN(uint32_t, sector);
	SOCIALCAP__COLUMN(uint32_t, nbh);
	SOCIALCAP__COLUMN(double, status);
	SOCIALCAP__COLUMN(uint16_t, group_count);
	SOCIALCAP__COLUMN(uint32_t, groups);
	size_t count, group_len;
} ds_actor_stage;

/* Sizes of the network's tables before the commit: staged label i has the
 * final index base + i. */
typedef struct ds_label_base {
	uint32_t sectors, nbhs, groups;
	size_t actors;
} ds_label_base;

/* One-entry caches of the last text resolved in a column: files list
 * the ties of one actor together, and layers repeat. */
#define DS_CACHE_TEXT 32
typedef struct ds_text_cache {
	char text[DS_CACHE_TEXT];
	uint32_t index;
	int valid;
} ds_text_cache;

/* One CSV file being read: its reader, source and header mapping. */
typedef struct ds_table {
	const ds_spec *spec;
	int which;
	char path[DS_PATH_MAX];
	int present;
	int fd;                  /* streaming source (validation), or -1 */
	char *data;              /* whole file (import), from the temp memory */
	size_t data_len;
	uint64_t size;           /* of the file when opened */
	socialcap__csv_memsrc src;
	socialcap__csv csv;
	int csv_open;
	int map[DS_MAX_COLS];    /* spec column -> field index, -1 = absent */
	size_t header_fields;
} ds_table;

typedef struct ds_event_stage {
	uint64_t line, column, offset; /* of the id field in events.csv */
	uint32_t att_count;
} ds_event_stage;

typedef struct ds_att_stage {
	uint32_t event, actor;
	int32_t role;
} ds_att_stage;

/* A group name and its place in the field, for removing repeats. */
typedef struct ds_group {
	const char *s;
	size_t i;
} ds_group;

typedef struct ds_ctx {
	socialcap_network *net;   /* target; only read until the commit */
	socialcap__mem tmp;       /* temporaries, with the network's allocator */
	socialcap_dataset_options opts;
	const char *dir;
	int collect;              /* validation: report every problem */
	socialcap_dataset_problem_fn fn;
	void *user;
	size_t problems;
	socialcap_error *err;     /* import: the first problem */
	ds_table tables[DS_FILES];

	/* Staged while checking. Labels and ids new to the network, in the
	 * order they will be created, so provisional indices are final. */
	socialcap__strtab sector_rows; /* labels listed in sectors.csv */
	socialcap__strtab new_sectors, new_nbhs, new_groups, new_layers, new_kinds;
	socialcap__strtab new_actors, new_events;
	ds_ids actor_ids;         /* index of new_actors */
	ds_actor_stage actor_stage; /* import: the new actors' values */
	size_t group_refs;        /* group memberships after removing repeats */
	ds_tie_stage tie_stage;
	ds_text_cache id_cache[DS_MAX_COLS], layer_cache;
	ds_keys attend;           /* (event, actor) pairs */
	uint64_t new_contacts, new_att;
	ds_event_stage *events;
	size_t events_cap;
	ds_att_stage *att;
	size_t att_cap;

	/* Scratch for splitting and de-duplicating a groups field. */
	const char **groups;
	size_t groups_cap;
	ds_group *group_order;
	size_t order_cap;
	uint32_t *group_ids;      /* their label indices */
	size_t group_ids_cap;
	/* Commit: attendees grouped by event. */
	uint64_t *att_first;
	socialcap_attendance *att_sorted;
} ds_ctx;

/* ---- dataset_table.c */
void socialcap__ds_table_init(ds_ctx *ctx, int which);
/* Open the file (import: read it whole; validation: stream it). Returns 0
 * (also when an optional file is absent: present = 0), a reported problem
 * code, or a negative status. */
int socialcap__ds_table_open(ds_ctx *ctx, ds_table *t, int whole);
/* Read and map the header row. */
int socialcap__ds_table_header(ds_ctx *ctx, ds_table *t);
/* Next data row: 1 = a row, 0 = end, else a problem code. */
int socialcap__ds_table_row(ds_ctx *ctx, ds_table *t);
/* Start again from the first byte (import's commit step). */
void socialcap__ds_table_rewind(ds_table *t);
void socialcap__ds_table_close(ds_ctx *ctx, ds_table *t);
/* Value of spec column @p col in the current row ("" when absent). Inline:
 * called for every column of every row. */
static inline const char *socialcap__ds_value(const ds_table *t, int col)
{
	return t->map[col] >= 0 ? socialcap__csv_text(&t->csv, (size_t)t->map[col])
				: "";
}

/* Its length in bytes, as the reader found it (0 when absent). */
static inline size_t socialcap__ds_value_len(const ds_table *t, int col)
{
	return t->map[col] >= 0 ? t->csv.fields[t->map[col]].len : 0;
}

/* Report a problem at spec column @p col of the current row (col < 0: the
 * row's start). Import: fills ctx->err and returns @p status. Validation:
 * calls the callback and returns DS_SKIP, DS_STOP or SOCIALCAP_ECANCELED. */
int socialcap__ds_problem(ds_ctx *ctx, ds_table *t, int col, int status,
			  const char *fmt, ...) SOCIALCAP__PRINTF(5, 6);
/* Same, at an explicit position. */
int socialcap__ds_problem_at(ds_ctx *ctx, const char *path, uint64_t line,
			     uint64_t column, uint64_t offset, const char *field,
			     int status, const char *fmt, ...)
	SOCIALCAP__PRINTF(8, 9);

/* ---- dataset_value.c: value parsers, reporting through ds_problem. */
int socialcap__ds_text(ds_ctx *ctx, ds_table *t, int col, size_t max);
int socialcap__ds_number(ds_ctx *ctx, ds_table *t, int col, double dflt,
			 double *out);
int socialcap__ds_int(ds_ctx *ctx, ds_table *t, int col, int *out);
int socialcap__ds_time(ds_ctx *ctx, ds_table *t, int col, int64_t *out);
int socialcap__ds_enum(ds_ctx *ctx, ds_table *t, int col,
		       const char *const *names, size_t count, int *out);
/* A value quoted in a message: at most DS_ECHO_SIZE - 1 bytes, one line of
 * valid UTF-8 ('?' for control characters and invalid bytes, "..." when
 * cut). */
#define DS_ECHO_SIZE 48
void socialcap__ds_echo(char *out, size_t size, const char *text);
/* Parse a decimal number independent of the C locale: 0 or -1. */
int socialcap__ds_parse_double(const char *text, double *out);
/* Shortest text that reads back to @p v (finite); returns its length. */
size_t socialcap__ds_format_double(char *buf, size_t size, double v);

extern const char *const socialcap__ds_kinds[3];
extern const char *const socialcap__ds_channels[2];
extern const char *const socialcap__ds_roles[2];

/* Column numbers of each file, as in socialcap__ds_specs. */
enum { S_SECTOR, S_TIER, S_PRESTIGE };
enum { A_ID, A_KIND, A_SECTOR, A_NBH, A_STATUS, A_GROUPS };
enum { T_A, T_B, T_LAYER, T_WEIGHT, T_SINCE };
enum { C_TIME, C_A, C_B, C_CHANNEL, C_WEIGHT, C_COST };
enum { E_ID, E_TIME, E_NBH, E_KIND, E_CHANNEL, E_COST };
enum { AT_EVENT, AT_ACTOR, AT_ROLE };

/* One parsed row, whatever the file; texts point into the reader. */
typedef struct ds_row {
	const char *text[DS_MAX_COLS];
	int tier, kind, channel, role;
	double number, weight, cost;
	int64_t time;
	size_t ngroups;  /* groups are in ctx->groups */
} ds_row;

/* ---- dataset_check.c */
/* Index an actor id will have (in the network, or staged): 1 and *out, or
 * 0 when unknown. @p hash = socialcap__hash_bytes(id, len). */
int socialcap__ds_resolve_actor(const ds_ctx *ctx, const char *id, size_t len,
				uint64_t hash, uint32_t *out);
/* Parse the current row of @p t and check each value on its own. */
int socialcap__ds_parse_row(ds_ctx *ctx, ds_table *t, ds_row *row);
/* actors.csv and events.csv: the values after the id (checked apart so a
 * row with a bad value still defines its id for later references). */
int socialcap__ds_parse_rest(ds_ctx *ctx, ds_table *t, ds_row *row);
int socialcap__ds_check_file(ds_ctx *ctx, ds_table *t);
int socialcap__ds_check_events_attended(ds_ctx *ctx);
/* Split and de-duplicate the groups field in place (row scratch). */
int socialcap__ds_split_groups(ds_ctx *ctx, char *field, size_t *count);

/* ---- dataset_ties.c */
/* Stage one declaration of the tie (a, b, layer): merged with an earlier
 * one, or new; problems reported at the current row of @p t. */
int socialcap__ds_tie_stage(ds_ctx *ctx, ds_table *t, uint32_t a, uint32_t b,
			    uint32_t layer, double weight, int64_t since);
/* Import only: the same for a row whose b (id @p b_id, at most DS_ID_INLINE
 * bytes, hash @p b_hash) is looked up with the next row, its index slot
 * prefetched now. Only for rows whose other values raise no problem. */
int socialcap__ds_tie_stage_later(ds_ctx *ctx, ds_table *t, uint32_t a,
				  const char *b_id, size_t b_len, uint64_t b_hash,
				  uint32_t layer, double weight, int64_t since);
/* Import only: stage the row held back, if any, at the end of ties.csv or
 * before a problem @p rc of a later row is returned; a problem of the
 * held row comes first. Returns the problem to report (or 0). */
int socialcap__ds_ties_flush(ds_ctx *ctx, ds_table *t, int rc);
/* Reserve: the network's tie columns and hash (may fail, changes nothing
 * visible). Commit: the staged ties and layers into the network (cannot
 * fail). */
int socialcap__ds_ties_reserve(ds_ctx *ctx);
void socialcap__ds_ties_commit(ds_ctx *ctx);
void socialcap__ds_ties_free(ds_ctx *ctx);

/* Rounds (dataset_ties_round.c). Buffers for a hash of @p slot_count
 * slots (kept when made for that size; no round may be pending). */
int socialcap__ds_round_fit(ds_tie_round *r, socialcap__mem *mem, size_t slot_count);
void socialcap__ds_round_free(ds_tie_round *r, socialcap__mem *mem);
/* Put the pending rows into the hash: repeats are added to their earlier
 * tie (weights in file order, the earliest time) and leave the columns.
 * Cannot fail: the caller made sure no sum can overflow. */
void socialcap__ds_round_settle(ds_tie_stage *s);
/* Enter every staged tie (distinct) into the hash, empty and made anew,
 * in rounds (fitted to it, none pending): a rehash that reads the columns
 * in order and writes region by region. */
void socialcap__ds_round_refill(ds_tie_stage *s);

/* Staging tie @p k (the next index) with hash @p hash joins the round;
 * 1 when its bucket is full and the round must settle. Inline: once per
 * row. */
static inline int socialcap__ds_round_add(ds_tie_round *r, size_t k, uint64_t hash)
{
	if (r->pending++ == 0)
		r->first = k;
	return socialcap__rounds_add(&r->buckets, k, hash);
}

/* ---- dataset_actors.c */
/* Import: stage the values of the actor just added to new_actors. */
int socialcap__ds_actor_stage(ds_ctx *ctx, int kind, uint32_t sector, uint32_t nbh,
			      double status, const uint32_t *groups, size_t group_count);
/* Write the staged actors and their new labels into the network (all
 * reserved; cannot fail). Sectors of sectors.csv are committed before. */
void socialcap__ds_actors_commit(ds_ctx *ctx, const ds_label_base *base);
void socialcap__ds_actors_free(ds_ctx *ctx);

/* ---- dataset_commit.c */
int socialcap__ds_reserve(ds_ctx *ctx);
int socialcap__ds_commit(ds_ctx *ctx);

#endif
