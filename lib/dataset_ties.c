/*
 * The ties of an import, staged once: the check step resolves each row of
 * ties.csv to (a, b, layer, weight, since) and keeps the distinct ties new
 * to the network in columns of the network's own layout, merging repeats
 * through a hash laid out like the network's (socialcap__tie_hash). The
 * commit then hands the columns and the hash to the network when it had
 * no ties (no copy, no second parse of the file), or appends them.
 *
 * Declarations of ties the network already has are kept in file order and
 * added at the commit, as socialcap_network_add_tie() would add them, so
 * sums are the same to the last bit.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dataset_internal.h"

#define TRY(expr)                                                              \
	do {                                                                   \
		int rc_ = (expr);                                              \
		if (rc_ != 0)                                                  \
			return rc_;                                            \
	} while (0)

/* Rows read before the number of ties is estimated from the file size,
 * and estimated again (see presize). */
#define ESTIMATE_AFTER_ROWS 4096u
#define ESTIMATE_AGAIN_ROWS (UINT64_C(1) << 17)
#define ESTIMATE_LAST_ROWS (UINT64_C(1) << 20)
#define ESTIMATE_LATE_ROWS (UINT64_C(1) << 23)
#define ESTIMATE_LATEST_ROWS (UINT64_C(1) << 25)
/* Bytes of each sample of the file's rest (see presize); on the stack. */
#define SAMPLE_BYTES 2048u
/* Rows are staged in rounds (dataset_ties_round.c) once the hash has this
 * many slots; small enough that the tests' imports take rounds too. */
#define ROUND_MIN_SLOTS 1024u
/* ... and at most this many: a round keeps each row's slot in 32 bits,
 * with UINT32_MAX marking a repeat (dataset_ties_round.c). */
#define ROUND_MAX_SLOTS ((size_t)1 << 31)
/* While the weights of every row staged sum to less than this, no tie's
 * sum can overflow (a sum of some of them, rounded, stays below twice
 * it), so rows may wait for their round: nothing they do can fail. */
#define ROUND_WEIGHT_BOUND (DBL_MAX / 4)

/* Ties the staging hash of @p slots takes before it grows: 25/32, a
 * little over the network's 3/4. At 10^8 ties (0.74 of 2^27) an estimate
 * a few percent high would otherwise double the hash, 670 MB of slots
 * and tags more at the import's peak; a probe at 25/32 full reads a few
 * more slots, from the same cache line. The network's hash, made at the
 * end, keeps the 3/4 rule. */
static size_t stage_room(size_t slots)
{
	return slots / 32 * 25;
}

/* Slots of the staging hash for @p count ties: a power of two, at least
 * 64, with @p count within its stage_room. */
static size_t stage_slots_for(size_t count)
{
	size_t n = 64;

	while (count > stage_room(n))
		n *= 2;
	return n;
}

/* The staging hash: the network's slots (index + 1, 0 = empty), and
 * beside each the top byte of its tie's hash, so that a probe passes
 * other ties without reading their columns. Tags are read only beside an
 * occupied slot: they need no clearing. */
static void table_insert(uint32_t *slots, uint8_t *tags, size_t mask, uint64_t hash,
			 size_t index)
{
	size_t i = (size_t)hash & mask;

	while (slots[i] != 0)
		i = (i + 1) & mask;
	slots[i] = (uint32_t)(index + 1);
	tags[i] = (uint8_t)(hash >> 56);
}

/* A hash of @p n slots holding the staged ties, made from the columns.
 * The old one goes first, so that the two are never held together (at
 * 10^8 ties, 1.3 GB of old slots and tags beside the new one). 0, or
 * SOCIALCAP_ENOMEM with no hash left: the import fails then, as it would
 * on any allocation. */
static int table_remake(ds_tie_stage *s, socialcap__mem *mem, size_t n)
{
	socialcap__ties *t = &s->ties;
	uint32_t *slots;
	uint8_t *tags;
	size_t i;

	socialcap__mem_free(mem, s->tags, s->tags != NULL ? t->slot_count : 0);
	s->tags = NULL;
	socialcap__ties_drop_slots(t, mem);
	slots = socialcap__mem_calloc(mem, n, sizeof(*slots));
	tags = socialcap__mem_alloc(mem, n);
	if (slots == NULL || tags == NULL) {
		socialcap__mem_free(mem, slots, slots != NULL ? n * sizeof(*slots) : 0);
		socialcap__mem_free(mem, tags, tags != NULL ? n : 0);
		return SOCIALCAP_ENOMEM;
	}
	t->slots = slots;
	t->slot_count = n;
	s->tags = tags;
	/* Many ties go in by rounds, if their buffers can be had; else one
	 * by one, a cache miss each. */
	if (t->count >= ROUND_MIN_SLOTS && n <= ROUND_MAX_SLOTS && s->round.pending == 0 &&
	    socialcap__ds_round_fit(&s->round, mem, n) == 0) {
		socialcap__ds_round_refill(s);
	} else {
		for (i = 0; i < t->count; i++)
			table_insert(slots, tags, n - 1,
				     socialcap__tie_hash(t->a[i], t->b[i], t->layer[i]), i);
	}
	return SOCIALCAP_OK;
}

/* Make the staging hash hold @p count ties (only ever grows). */
static int table_reserve(ds_tie_stage *s, socialcap__mem *mem, size_t count)
{
	size_t n;

	if (count <= stage_room(s->ties.slot_count))
		return SOCIALCAP_OK;
	n = socialcap__tie_slots_for(count);
	if (n - 1 > UINT32_MAX)
		return SOCIALCAP_ENOMEM;
	/* rows waiting in a round belong in the old hash first */
	socialcap__ds_round_settle(s);
	return table_remake(s, mem, n);
}

/* Columns and hash for @p need staged ties (the since column only when
 * held: from the first row with a time on). */
static int stage_reserve(ds_tie_stage *s, socialcap__mem *mem, size_t need)
{
	TRY(socialcap__ties_grow_columns(&s->ties, mem, need));
	return table_reserve(s, mem, need);
}

/* The rows of one sample: lines with a field separator, between the
 * block's first and last line ends (a blank line is no row); their bytes,
 * blank lines included. */
static void count_sample(const char *buf, size_t len, uint32_t *rows, uint32_t *bytes)
{
	const char *p = memchr(buf, '\n', len), *end = buf + len, *line;
	int comma = 0;

	*rows = 0;
	*bytes = 0;
	if (p == NULL)
		return;
	for (line = ++p; p < end; p++) {
		if (*p == ',') {
			comma = 1;
		} else if (*p == '\n') {
			*rows += (uint32_t)comma;
			*bytes += (uint32_t)(p + 1 - line);
			comma = 0;
			line = p + 1;
		}
	}
}

/*
 * Sample the rest of the file, from @p read on: DS_TIE_SAMPLES blocks of
 * SAMPLE_BYTES, one in the middle of each equal part (pread, so the
 * stream's position stays). No samples when the file cannot be read at an
 * offset (a pipe) or the rest is short. A quoted line break would count
 * as a row end here: the samples only size buffers.
 */
static void take_samples(ds_tie_stage *s, const ds_table *t, uint64_t read)
{
	const uint64_t rest = t->size - read, part = rest / DS_TIE_SAMPLES;
	char buf[SAMPLE_BYTES];
	unsigned i;

	s->samples = 0;
	if (t->fd < 0 || rest < (uint64_t)4 * DS_TIE_SAMPLES * SAMPLE_BYTES)
		return;
	for (i = 0; i < DS_TIE_SAMPLES; i++) {
		/* the middle of part i, less half a block */
		const uint64_t at = read + part * i + part / 2 - SAMPLE_BYTES / 2;

		if (pread(t->fd, buf, sizeof(buf), (off_t)at) != (ssize_t)sizeof(buf))
			return;
		s->sample[i].at = at;
		count_sample(buf, sizeof(buf), &s->sample[i].rows, &s->sample[i].bytes);
	}
	s->samples = DS_TIE_SAMPLES;
}

/* Rows per byte of the samples at or after @p read; 0 when none holds a
 * row. */
static double sampled_rate(const ds_tie_stage *s, uint64_t read)
{
	uint64_t rows = 0, bytes = 0;
	unsigned i;

	for (i = 0; i < s->samples; i++)
		if (s->sample[i].at >= read) {
			rows += s->sample[i].rows;
			bytes += s->sample[i].bytes;
		}
	return bytes > 0 ? (double)rows / (double)bytes : 0;
}

/*
 * After the first rows, size the columns and the hash for the whole file
 * at once (rows so far, and the rest of the file at a rate of rows per
 * byte; the columns 1/32 more): growing tens of millions of entries step
 * by step costs copies and rehashes. Only rows actually staged count, so
 * a file of blank lines or junk reserves nothing.
 *
 * The rate is that of samples spread over the rest of the file
 * (take_samples), those not yet read. The first rows alone do not do:
 * in a file sorted by id they have shorter ids than the rest, and
 * scaled up they gave 32% too many ties at 10^6 actors with ids 0 to
 * 999999 and 40% at 10^7, a staging hash of twice the slots needed, each
 * of them written to (167 MB of fresh pages at 10^6, 1.3 GB at 10^7). The
 * last rows alone do not either: they have the longest ids, 5% too few
 * ties at 10^6, and the columns then grew by copying. Without samples,
 * the rate is that of the rows read since the last estimate (the first:
 * since the start).
 *
 * The estimate is made again on more rows, and the hash follows it down
 * as well as up; the columns only grow (their slack is given back at the
 * end, and untouched pages cost nothing). An estimate too low costs a
 * rehash when the hash fills (table_reserve), one too high a hash larger
 * than needed until the next estimate.
 */
static int presize(ds_ctx *ctx, const ds_table *t)
{
	ds_tie_stage *s = &ctx->tie_stage;
	uint64_t read = t->csv.offset, est, cols, rows, bytes;
	double rate;
	size_t n;

	if (read == 0 || t->size <= read || read <= s->est_read)
		return SOCIALCAP_OK;
	if (s->est_read == 0)
		take_samples(s, t, read);
	rows = s->rows - s->est_rows;
	bytes = read - s->est_read;
	s->est_rows = s->rows;
	s->est_read = read;
	rate = sampled_rate(s, read);
	if (rate == 0)
		rate = (double)rows / (double)bytes;
	est = s->rows + (uint64_t)((double)(t->size - read) * rate);
	if (est > ctx->net->opts.max_ties)
		est = ctx->net->opts.max_ties;
	cols = est + est / 32;
	if (cols > ctx->net->opts.max_ties)
		cols = ctx->net->opts.max_ties;
	if (est > SIZE_MAX / 64 || cols <= s->ties.count)
		return SOCIALCAP_OK;
	/* the hash for the estimate and the ties so far, the columns for
	 * the estimate and its margin */
	n = stage_slots_for(est > s->ties.count ? (size_t)est : s->ties.count + 1);
	if (n - 1 > UINT32_MAX)
		return SOCIALCAP_ENOMEM;
	if (n != s->ties.slot_count) {
		socialcap__ds_round_settle(s);
		TRY(table_remake(s, &ctx->tmp, n));
	}
	/* a later estimate within the margin of an earlier one leaves the
	 * columns be: asked for a little more, they would grow by half */
	if (est <= s->ties.a_cap)
		return SOCIALCAP_OK;
	return socialcap__ties_grow_columns(&s->ties, &ctx->tmp, (size_t)cols);
}

/* Index of the staged tie (a, b, layer), or SIZE_MAX (no round pending). */
static size_t table_find(const ds_tie_stage *s, uint64_t hash, uint32_t a, uint32_t b,
			 uint32_t layer)
{
	const socialcap__ties *t = &s->ties;
	const uint8_t tag = (uint8_t)(hash >> 56);
	size_t mask, i;

	if (t->slot_count == 0)
		return SIZE_MAX;
	mask = t->slot_count - 1;
	for (i = (size_t)hash & mask;; i = (i + 1) & mask) {
		uint32_t slot = t->slots[i];
		size_t k;

		if (slot == 0)
			return SIZE_MAX;
		if (s->tags[i] != tag)
			continue;
		k = (size_t)slot - 1;
		if (t->a[k] == a && t->b[k] == b && t->layer[k] == layer)
			return k;
	}
}

static int problem_at(ds_ctx *ctx, ds_table *t, const ds_pos *at, int col, int status,
		      const char *what)
{
	return socialcap__ds_problem_at(ctx, t->path, at->line, at->column, at->offset,
					t->spec->cols[col].name, status, "%s", what);
}

/* A declaration of a tie the network holds already. */
static int stage_update(ds_ctx *ctx, ds_table *t, uint64_t tie, const ds_tie_row *r)
{
	ds_tie_stage *s = &ctx->tie_stage;
	ds_key *key;
	int created;

	TRY(socialcap__ds_keys_get(&s->existing, &ctx->tmp, r->a, r->b, r->layer, &key,
				   &created));
	if (created)
		key->value = ctx->net->ties.weight[tie];
	if (!isfinite(key->value + r->weight))
		return problem_at(ctx, t, &r->at_weight, T_WEIGHT, SOCIALCAP_ERANGE,
				  "weight: the summed weight of this tie overflows");
	if (SOCIALCAP__GROW(&ctx->tmp, s->upd, s->upd_cap, s->upd_count + 1) != 0)
		return SOCIALCAP_ENOMEM;
	key->value += r->weight;
	s->upd[s->upd_count].tie = tie;
	s->upd[s->upd_count].weight = r->weight;
	s->upd[s->upd_count].since = r->since;
	s->upd_count++;
	return 0;
}

/* The row as the next staged tie (room reserved); its index. */
static size_t append_row(socialcap__ties *st, const ds_tie_row *r)
{
	size_t k = st->count++;

	st->a[k] = r->a;
	st->b[k] = r->b;
	st->layer[k] = (uint16_t)r->layer;
	st->weight[k] = r->weight;
	if (st->since != NULL)
		st->since[k] = r->since;
	return k;
}

/* Whether rows may wait for a round: an import (a validation stages
 * every row at once) into a network without ties (a declaration of a tie
 * the network holds is merged at once, in file order), while nothing a
 * row does can fail, into a hash big enough. */
static int in_rounds(const ds_ctx *ctx)
{
	const ds_tie_stage *s = &ctx->tie_stage;

	return !ctx->collect && !s->one_by_one && ctx->net->ties.count == 0 &&
	       s->ties.slot_count >= ROUND_MIN_SLOTS && s->ties.slot_count <= ROUND_MAX_SLOTS;
}

/* Stage a row in the round: 0, SOCIALCAP_ENOMEM, or 1 when it must be
 * staged at once because it could reach the network's max_ties. */
static int stage_in_round(ds_ctx *ctx, const ds_tie_row *r)
{
	ds_tie_stage *s = &ctx->tie_stage;
	socialcap__ties *st = &s->ties;
	size_t k;

	if (st->count + 1 > ctx->net->opts.max_ties ||
	    st->count + 1 > stage_room(st->slot_count)) {
		/* the repeats waiting may make room */
		socialcap__ds_round_settle(s);
		if (st->count + 1 > ctx->net->opts.max_ties) {
			s->one_by_one = 1;
			return 1;
		}
	}
	/* once per row: look before calling */
	if (st->count + 1 > stage_room(st->slot_count) || st->count + 1 > st->a_cap ||
	    st->count + 1 > st->b_cap || st->count + 1 > st->layer_cap ||
	    st->count + 1 > st->weight_cap ||
	    (st->since != NULL && st->count + 1 > st->since_cap))
		TRY(stage_reserve(s, &ctx->tmp, st->count + 1));
	if (s->round.buckets.for_slots != st->slot_count)
		TRY(socialcap__ds_round_fit(&s->round, &ctx->tmp, st->slot_count));
	k = append_row(st, r);
	if (socialcap__ds_round_add(&s->round, k, r->hash))
		socialcap__ds_round_settle(s);
	return 0;
}

static int stage_row(ds_ctx *ctx, ds_table *t, const ds_tie_row *r)
{
	const socialcap_network *net = ctx->net;
	ds_tie_stage *s = &ctx->tie_stage;
	socialcap__ties *st = &s->ties;
	uint64_t tie;
	size_t k;
	int rc;

	if (++s->rows == ESTIMATE_AFTER_ROWS || s->rows == ESTIMATE_AGAIN_ROWS ||
	    s->rows == ESTIMATE_LAST_ROWS || s->rows == ESTIMATE_LATE_ROWS ||
	    s->rows == ESTIMATE_LATEST_ROWS)
		TRY(presize(ctx, t));
	/* the since column is held from the first known time on */
	if (r->since != SOCIALCAP_TIME_NONE &&
	    socialcap__ties_hold_since(st, &ctx->tmp, st->a_cap) != 0)
		return SOCIALCAP_ENOMEM;
	s->weight_sum += r->weight;
	if (!(s->weight_sum < ROUND_WEIGHT_BOUND))
		s->one_by_one = 1;
	if (in_rounds(ctx) && (rc = stage_in_round(ctx, r)) <= 0)
		return rc;
	/* at once from here: the rows waiting go in first */
	socialcap__ds_round_settle(s);
	k = table_find(s, r->hash, r->a, r->b, r->layer);
	if (k != SIZE_MAX) {
		if (!isfinite(st->weight[k] + r->weight))
			return problem_at(ctx, t, &r->at_weight, T_WEIGHT, SOCIALCAP_ERANGE,
					  "weight: the summed weight of this tie overflows");
		st->weight[k] += r->weight;
		socialcap__since_keep_earliest(st->since, k, r->since);
		return 0;
	}
	if (net->ties.count > 0 &&
	    socialcap_network_find_tie(net, &tie, r->a, r->b, r->layer) == 0)
		return stage_update(ctx, t, tie, r);
	TRY(stage_reserve(s, &ctx->tmp, st->count + 1));
	k = append_row(st, r);
	table_insert(st->slots, s->tags, st->slot_count - 1, r->hash, k);
	if (net->ties.count + st->count > net->opts.max_ties) {
		char msg[96];

		snprintf(msg, sizeof(msg), "ties: more than %llu ties (the network's max_ties)",
			 (unsigned long long)net->opts.max_ties);
		return problem_at(ctx, t, &r->at_a, T_A, SOCIALCAP_ELIMIT, msg);
	}
	return 0;
}

static void field_pos(const ds_table *t, int col, ds_pos *at)
{
	const socialcap__csv_field *f = &t->csv.fields[t->map[col]];

	at->line = f->line;
	at->column = f->column;
	at->offset = f->offset;
}

static void prefetch_tie(const ds_tie_stage *s, uint64_t hash)
{
#if defined(__GNUC__)
	if (s->ties.slot_count > 0) {
		size_t i = (size_t)hash & (s->ties.slot_count - 1);

		__builtin_prefetch(&s->ties.slots[i]);
		__builtin_prefetch(&s->tags[i]);
	}
#else
	(void)s;
	(void)hash;
#endif
}

/* Order the ends and hash the tie of a row whose b is known. */
static void finish_row(ds_tie_row *r, uint32_t b)
{
	uint32_t a = r->a;

	r->a = a < b ? a : b;
	r->b = a < b ? b : a;
	r->hash = socialcap__tie_hash(r->a, r->b, r->layer);
}

/* Look up the b of a waiting row; its problem if b is unknown. */
static int resolve_waiting(ds_ctx *ctx, ds_table *t, ds_tie_row *r)
{
	uint32_t b;

	if (!socialcap__ds_resolve_actor(ctx, r->b_id, r->b_len, r->hash, &b))
		return socialcap__ds_problem_at(ctx, t->path, r->at_b.line, r->at_b.column,
						r->at_b.offset, t->spec->cols[T_B].name,
						SOCIALCAP_ENOTFOUND,
						"%s: no actor with id \"%s\"",
						t->spec->cols[T_B].name, r->b_id);
	finish_row(r, b);
	return 0;
}

/*
 * Import: rows go through two queues before they are staged. A row whose b
 * is not looked up yet waits (its index slot prefetched) while the next
 * DS_TIE_WAIT rows are read; a resolved row is held (its tie slot
 * prefetched) while the next DS_TIE_HOLD are resolved. Every held row is
 * older than every waiting one. Problems keep their order: the rows held
 * are dealt with, oldest first, before any problem of a later row is
 * returned (here and in socialcap__ds_ties_flush). After a problem the
 * import ends, so the rows still held are dropped.
 */
static int stage_oldest(ds_ctx *ctx, ds_table *t)
{
	ds_tie_stage *s = &ctx->tie_stage;
	const ds_tie_row *r = &s->hold[s->hold_head];

	s->hold_head = (s->hold_head + 1) % DS_TIE_HOLD;
	s->hold_n--;
	return stage_row(ctx, t, r);
}

static int stage_held(ds_ctx *ctx, ds_table *t)
{
	while (ctx->tie_stage.hold_n > 0)
		TRY(stage_oldest(ctx, t));
	return 0;
}

static int hold(ds_ctx *ctx, ds_table *t, const ds_tie_row *r)
{
	ds_tie_stage *s = &ctx->tie_stage;

	/* in rounds, a row's slot is not read now: nothing to fetch */
	if (in_rounds(ctx)) {
		TRY(stage_held(ctx, t));
		return stage_row(ctx, t, r);
	}
	if (s->hold_n == DS_TIE_HOLD)
		TRY(stage_oldest(ctx, t));
	prefetch_tie(s, r->hash);
	s->hold[(s->hold_head + s->hold_n) % DS_TIE_HOLD] = *r;
	s->hold_n++;
	return 0;
}

/* Resolve the oldest waiting row and hold it; if its b is unknown, the
 * older held rows are staged first, and a problem of theirs comes first. */
static int resolve_oldest(ds_ctx *ctx, ds_table *t)
{
	ds_tie_stage *s = &ctx->tie_stage;
	ds_tie_row r = s->wait[s->wait_head];
	socialcap_error mine;
	int rc, held;

	s->wait_head = (s->wait_head + 1) % DS_TIE_WAIT;
	s->wait_n--;
	rc = resolve_waiting(ctx, t, &r);
	if (rc == 0)
		return hold(ctx, t, &r);
	if (ctx->err != NULL)
		mine = *ctx->err;
	held = stage_held(ctx, t);
	if (held != 0)
		return held;
	if (ctx->err != NULL)
		*ctx->err = mine;
	return rc;
}

static int resolve_waiting_all(ds_ctx *ctx, ds_table *t)
{
	while (ctx->tie_stage.wait_n > 0)
		TRY(resolve_oldest(ctx, t));
	return 0;
}

static int drop_on_problem(ds_ctx *ctx, int rc)
{
	if (rc != 0)
		ctx->tie_stage.wait_n = ctx->tie_stage.hold_n = 0;
	return rc;
}

static void row_init(ds_tie_row *r, const ds_table *t, uint32_t a, uint32_t layer,
		     double weight, int64_t since)
{
	r->a = a;
	r->layer = layer;
	r->weight = weight;
	r->since = since;
	field_pos(t, T_A, &r->at_a);
	field_pos(t, T_B, &r->at_b);
	field_pos(t, T_WEIGHT, &r->at_weight);
}

int socialcap__ds_tie_stage(ds_ctx *ctx, ds_table *t, uint32_t a, uint32_t b,
			    uint32_t layer, double weight, int64_t since)
{
	ds_tie_row r;
	int rc;

	row_init(&r, t, a, layer, weight, since);
	finish_row(&r, b);
	if (ctx->collect)
		return stage_row(ctx, t, &r);
	/* the rows waiting are older: they go first */
	rc = resolve_waiting_all(ctx, t);
	if (rc == 0)
		rc = hold(ctx, t, &r);
	return drop_on_problem(ctx, rc);
}

int socialcap__ds_tie_stage_later(ds_ctx *ctx, ds_table *t, uint32_t a,
				  const char *b_id, size_t b_len, uint64_t b_hash,
				  uint32_t layer, double weight, int64_t since)
{
	ds_tie_stage *s = &ctx->tie_stage;
	ds_tie_row *r;
	int rc;

	socialcap__ds_ids_prefetch(&ctx->actor_ids, b_hash);
	if (s->wait_n == DS_TIE_WAIT && (rc = resolve_oldest(ctx, t)) != 0)
		return drop_on_problem(ctx, rc);
	r = &s->wait[(s->wait_head + s->wait_n) % DS_TIE_WAIT];
	row_init(r, t, a, layer, weight, since);
	memcpy(r->b_id, b_id, b_len + 1);
	r->b_len = b_len;
	r->hash = b_hash;
	s->wait_n++;
	return 0;
}

int socialcap__ds_ties_flush(ds_ctx *ctx, ds_table *t, int rc)
{
	ds_tie_stage *s = &ctx->tie_stage;
	socialcap_error later;
	int held;

	if (s->wait_n == 0 && s->hold_n == 0) {
		socialcap__ds_round_settle(s);
		return rc;
	}
	if (ctx->err != NULL)
		later = *ctx->err;
	held = resolve_waiting_all(ctx, t);
	if (held == 0)
		held = stage_held(ctx, t);
	if (held != 0)
		return drop_on_problem(ctx, held);
	socialcap__ds_round_settle(s);
	if (ctx->err != NULL)
		*ctx->err = later;
	return rc;
}

static size_t cols_bytes(const socialcap__ties *t)
{
	return t->a_cap * sizeof(*t->a) + t->b_cap * sizeof(*t->b) +
	       t->layer_cap * sizeof(*t->layer) + t->weight_cap * sizeof(*t->weight) +
	       t->since_cap * sizeof(*t->since);
}

/* The staging hash as the network's: sized for the ties staged under the
 * network's rule (the estimate may have been larger, or the hash fuller
 * than 3/4), without its tags. Should a new one fail, the import fails
 * with it, the network untouched. */
static int make_net_slots(ds_tie_stage *s, socialcap__mem *mem)
{
	size_t n = socialcap__tie_slots_for(s->ties.count);

	if (n != s->ties.slot_count)
		TRY(table_remake(s, mem, n));
	socialcap__ds_round_free(&s->round, mem);
	socialcap__mem_free(mem, s->tags, s->ties.slot_count);
	s->tags = NULL;
	return SOCIALCAP_OK;
}

/* Whether the commit writes a known since time into the network's ties. */
static int brings_since(const ds_tie_stage *s)
{
	size_t i;

	if (s->ties.since != NULL)
		return 1;
	for (i = 0; i < s->upd_count; i++)
		if (s->upd[i].since != SOCIALCAP_TIME_NONE)
			return 1;
	return 0;
}

int socialcap__ds_ties_reserve(ds_ctx *ctx)
{
	socialcap_network *net = ctx->net;
	ds_tie_stage *s = &ctx->tie_stage;
	int rc;

	if (net->ties.count > 0) {
		/* appended, or merged into ties the network has */
		if (s->ties.count > 0 &&
		    (rc = socialcap__ties_reserve(net, net->ties.count + s->ties.count)) != 0)
			return rc;
		if (brings_since(s))
			return socialcap__ties_hold_since(&net->ties, &net->mem,
							  net->ties.a_cap);
		return SOCIALCAP_OK;
	}
	socialcap__ds_round_settle(s);
	socialcap__ds_round_free(&s->round, &ctx->tmp);
	if (s->ties.count == 0)
		return SOCIALCAP_OK;
	/* the estimate's slack is given back */
	socialcap__ties_trim(&s->ties, &ctx->tmp);
	return make_net_slots(s, &ctx->tmp);
}

void socialcap__ds_ties_commit(ds_ctx *ctx)
{
	socialcap_network *net = ctx->net;
	ds_tie_stage *s = &ctx->tie_stage;
	size_t i;

	for (i = 0; i < ctx->new_layers.count; i++) {
		const char *label = ctx->new_layers.strings[i];

		(void)socialcap__strtab_add(&net->layers, label, strlen(label));
	}
	if (s->ties.count > 0 && net->ties.count == 0) {
		/* The staged memory changes owner: count it in the network. */
		size_t bytes = cols_bytes(&s->ties) +
			       s->ties.slot_count * sizeof(*s->ties.slots);

		ctx->tmp.bytes -= bytes;
		net->mem.bytes += bytes;
		socialcap__ties_adopt(net, &s->ties);
	} else if (s->ties.count > 0) {
		socialcap__ties_append(net, &s->ties);
	}
	for (i = 0; i < s->upd_count; i++)
		socialcap__ties_merge(net, s->upd[i].tie, s->upd[i].weight, s->upd[i].since);
}

void socialcap__ds_ties_free(ds_ctx *ctx)
{
	ds_tie_stage *s = &ctx->tie_stage;
	socialcap__mem *m = &ctx->tmp;

	socialcap__mem_free(m, s->tags, s->tags != NULL ? s->ties.slot_count : 0);
	socialcap__ds_round_free(&s->round, m);
	socialcap__ties_release(&s->ties, m);
	socialcap__mem_free(m, s->upd, s->upd_cap * sizeof(*s->upd));
	socialcap__ds_keys_free(&s->existing, m);
	memset(s, 0, sizeof(*s));
}
