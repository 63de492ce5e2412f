/*
 * The layout of socialcap_network, shared by the library's modules
 * (network, ledger, snapshot, io). Private: never installed.
 *
 * Everything is stored as structure-of-arrays with 32-bit indices, so that
 * 10 million actors and 100 million ties fit in a few gigabytes and scans
 * touch only the columns they need.
 */
#ifndef SOCIALCAP_NETWORK_INTERNAL_H
#define SOCIALCAP_NETWORK_INTERNAL_H

#include <stdatomic.h>
#include <stdint.h>

#include "errors.h"
#include "memory.h"
#include "socialcap/ledger.h"
#include "socialcap/network.h"
#include "strtab.h"

#define SOCIALCAP__ERRMSG_SIZE 256
/* Layers are stored as uint16_t per tie. */
#define SOCIALCAP__MAX_LAYERS 65535u
/* Group counts are stored as uint16_t per actor. */
#define SOCIALCAP__MAX_GROUPS_PER_ACTOR 65535u

/*
 * A column is an array with its own capacity. Columns of one table grow one
 * at a time, so a failed allocation half-way leaves some columns larger than
 * others, which is harmless: the table's count is what is valid.
 */
#define SOCIALCAP__COLUMN(type, name)                                          \
	type *name;                                                            \
	size_t name##_cap
#define SOCIALCAP__COL_GROW(mem, tab, name, need)                              \
	SOCIALCAP__GROW((mem), (tab)->name, (tab)->name##_cap, (need))
#define SOCIALCAP__COL_FREE(mem, tab, name)                                    \
	socialcap__mem_free((mem), (tab)->name,                                \
			    (tab)->name##_cap * sizeof(*(tab)->name))

typedef struct socialcap__actors {
	socialcap__strtab ids;      /* actor index == id index */
	SOCIALCAP__COLUMN(uint8_t, kind);
	SOCIALCAP__COLUMN(uint32_t, sector);
	SOCIALCAP__COLUMN(uint32_t, neighbourhood);
	SOCIALCAP__COLUMN(double, status);        /* NaN = unknown */
	SOCIALCAP__COLUMN(uint32_t, group_first); /* into group_pool */
	SOCIALCAP__COLUMN(uint16_t, group_count);
	SOCIALCAP__COLUMN(uint32_t, group_pool);
	size_t group_pool_len;
} socialcap__actors;

typedef struct socialcap__sectors {
	socialcap__strtab labels;
	SOCIALCAP__COLUMN(int32_t, tier);
	SOCIALCAP__COLUMN(double, prestige);      /* NaN = unknown */
} socialcap__sectors;

typedef struct socialcap__nbhs {
	socialcap__strtab labels;
	SOCIALCAP__COLUMN(uint32_t, actors);      /* actors living there */
	SOCIALCAP__COLUMN(uint32_t, residents);   /* of which residents */
} socialcap__nbhs;

typedef struct socialcap__ties {
	SOCIALCAP__COLUMN(uint32_t, a);           /* a < b */
	SOCIALCAP__COLUMN(uint32_t, b);
	SOCIALCAP__COLUMN(uint16_t, layer);
	SOCIALCAP__COLUMN(double, weight);
	/* SOCIALCAP_TIME_NONE = unknown. Held only once some tie has a known
	 * time (NULL: every since is unknown), so that networks without tie
	 * times save 8 bytes per tie; read it through socialcap__tie_since. */
	SOCIALCAP__COLUMN(int64_t, since);
	size_t count;
	uint32_t *slots;            /* (a, b, layer) hash: tie index + 1 */
	size_t slot_count;
} socialcap__ties;

typedef struct socialcap__contacts {
	SOCIALCAP__COLUMN(int64_t, time);
	SOCIALCAP__COLUMN(uint32_t, a);
	SOCIALCAP__COLUMN(uint32_t, b);
	SOCIALCAP__COLUMN(uint8_t, channel);
	SOCIALCAP__COLUMN(double, weight);
	SOCIALCAP__COLUMN(double, cost);
	size_t count;
} socialcap__contacts;

typedef struct socialcap__events {
	socialcap__strtab ids;      /* event index == id index */
	SOCIALCAP__COLUMN(int64_t, time);
	SOCIALCAP__COLUMN(uint32_t, neighbourhood);
	SOCIALCAP__COLUMN(uint32_t, kind);
	SOCIALCAP__COLUMN(uint8_t, channel);
	SOCIALCAP__COLUMN(double, cost);
	SOCIALCAP__COLUMN(uint64_t, att_first);   /* into the attendance columns */
	SOCIALCAP__COLUMN(uint32_t, att_count);
	SOCIALCAP__COLUMN(uint32_t, att_actor);
	SOCIALCAP__COLUMN(uint8_t, att_role);
	size_t att_total;
	socialcap__strtab kinds;
} socialcap__events;

struct socialcap_network {
	socialcap__mem mem;
	socialcap_network_options opts;
	char errmsg[SOCIALCAP__ERRMSG_SIZE];
	socialcap__actors actors;
	socialcap__sectors sectors;
	socialcap__nbhs nbhs;
	socialcap__strtab groups;
	socialcap__strtab layers;
	socialcap__ties ties;
	socialcap__contacts contacts;
	socialcap__events events;
	/* 0 while the caller owns the network. Once a snapshot has taken it
	 * over (socialcap_snapshot_own_network), the number of holders: that
	 * snapshot and every results table made from it, which read labels
	 * and the ledger here; the last holder to let go frees the network. */
	atomic_uint holders;
	/* Set by that take-over, which frees the ties: a snapshot, a state
	 * file or a tie export of what is left would be silently wrong.
	 * ties_timed keeps whether some tie had a since time. */
	uint8_t ties_released;
	uint8_t ties_timed;
	/* Owned by a journal, which frees it: no snapshot may take it over. */
	uint8_t journalled;
};

/* Set the network's message and return @p status. */
int socialcap__net_fail(socialcap_network *net, int status, const char *fmt, ...)
	SOCIALCAP__PRINTF(3, 4);

/*
 * A holder of a network taken over by a snapshot: _hold adds one and
 * returns 1, or returns 0 and does nothing for a network its caller owns
 * (holders == 0); _let_go removes one, freeing the network with the last.
 * Only an object whose _hold returned 1 (or the snapshot that took the
 * network over) may let go: one made before the take-over holds nothing.
 * Thread-safe.
 */
int socialcap__net_hold(socialcap_network *net);
void socialcap__net_let_go(socialcap_network *net);

/* The end of the message of a call refused because ties_released is set. */
#define SOCIALCAP__TIES_RELEASED                                               \
	"the network's ties were released when a snapshot took it over "      \
	"(socialcap_snapshot_own_network)"

/* Whether some tie has a since time, also after the ties were released. */
static inline int socialcap__net_ties_timed(const socialcap_network *net)
{
	return net->ties_released ? net->ties_timed : net->ties.since != NULL;
}

/* Clear the message at the start of every public mutating call. */
static inline void socialcap__net_ok(socialcap_network *net)
{
	net->errmsg[0] = '\0';
}

/*
 * Check a caller's text: non-NULL, non-empty, at most @p max bytes, valid
 * UTF-8 without control characters. Returns 0 or SOCIALCAP_EINVAL with a
 * message naming @p field.
 */
int socialcap__net_check_text(socialcap_network *net, const char *field,
			      const char *text, size_t max, size_t *len);

/* 1 when @p text of @p len bytes is valid UTF-8 with no control chars. */
int socialcap__utf8_valid(const char *text, size_t len);

/*
 * Two-phase label creation for sectors and neighbourhoods: _reserve makes
 * room for one new label (may fail, changes nothing visible), _add then
 * cannot fail. Callers reserve everything a record needs before adding
 * anything, which is how a failed call leaves the network unchanged.
 */
int socialcap__sector_reserve(socialcap_network *net, size_t len);
uint32_t socialcap__sector_add(socialcap_network *net, const char *label,
			       size_t len, int tier, double prestige);
int socialcap__nbh_reserve(socialcap_network *net, size_t len);
uint32_t socialcap__nbh_add(socialcap_network *net, const char *label, size_t len);

/* Find or add a neighbourhood label (validated by the caller). */
int socialcap__nbh_intern(socialcap_network *net, const char *label, size_t len,
			  uint32_t *out);

/* Grow the tie columns and hash for @p ties ties in all (ties.c). */
int socialcap__ties_reserve(socialcap_network *net, uint64_t ties);

/* Slots of the tie hash for @p count ties, the network's rule: a power of
 * two, at least 64, at most 3/4 full (under 5.4 bytes per tie). The
 * import's staging and the state loader make the hash the network takes
 * over by it. */
static inline size_t socialcap__tie_slots_for(size_t count)
{
	size_t n = 64;

	while (count > n / 4 * 3)
		n *= 2;
	return n;
}

/* The hash of a tie key (a < b): slot (hash & (slot_count - 1)), linear
 * probing. Shared with the import's staging table, which is laid out the
 * same way so that it can become the network's. */
static inline uint64_t socialcap__tie_hash(uint32_t a, uint32_t b, uint32_t layer)
{
	uint64_t h = ((uint64_t)a << 32 | b) ^ ((uint64_t)layer * 0x9e3779b97f4a7c15u);

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	h ^= h >> 33;
	return h;
}

/*
 * Bulk changes of the ties, used by the dataset import; none can fail.
 * _adopt: the network has no ties; it takes over @p staged whole (columns,
 * count and a hash of uint32 slots laid out as by socialcap__tie_hash, at
 * most 3/4 full); any columns it had are freed, @p staged is emptied. The
 * staged memory must come from the same allocator and be counted in
 * net->mem by the caller.
 * _append: the columns and hash were reserved for the staged ties, which
 * are not in the network yet; only their columns are read.
 * _merge: one more declaration of tie @p tie: weight added, earliest since.
 * The since column must be held when any since to write is known (by the
 * reserve step of the caller: socialcap__ties_hold_since).
 */
void socialcap__ties_adopt(socialcap_network *net, socialcap__ties *staged);

/* The since time of tie @p i (SOCIALCAP_TIME_NONE when not held). */
static inline int64_t socialcap__tie_since(const socialcap__ties *t, size_t i)
{
	return t->since != NULL ? t->since[i] : SOCIALCAP_TIME_NONE;
}

/* Tie @p k of the since column @p since_col is declared again with @p since:
 * it keeps the earliest known time, and an unknown one gives way to any
 * known. The column is only read when @p since is known (it may be NULL
 * otherwise). */
static inline void socialcap__since_keep_earliest(int64_t *since_col, size_t k,
						  int64_t since)
{
	if (since != SOCIALCAP_TIME_NONE &&
	    (since_col[k] == SOCIALCAP_TIME_NONE || since < since_col[k]))
		since_col[k] = since;
}

/* Make the since column exist, with room for @p cap ties (at least the
 * ties held, which get SOCIALCAP_TIME_NONE); nothing changes when it
 * exists already or when the allocation fails (SOCIALCAP_ENOMEM). */
int socialcap__ties_hold_since(socialcap__ties *t, socialcap__mem *mem, size_t cap);
/* Copy tie @p from over tie @p to (to <= from) in the same columns, when
 * a column set is compacted in place. */
static inline void socialcap__ties_move(socialcap__ties *t, size_t to, size_t from)
{
	t->a[to] = t->a[from];
	t->b[to] = t->b[from];
	t->layer[to] = t->layer[from];
	t->weight[to] = t->weight[from];
	if (t->since != NULL)
		t->since[to] = t->since[from];
}

/* Grow every held column (since only when held) to room for @p need ties;
 * 0 or SOCIALCAP_ENOMEM, the columns grown so far kept. */
int socialcap__ties_grow_columns(socialcap__ties *t, socialcap__mem *mem, size_t need);
/* Shrink every held column to the ties held (t->count), giving back the
 * slack; a refused shrink keeps the larger block, which is harmless (it is
 * freed whole later), so this cannot fail. */
void socialcap__ties_trim(socialcap__ties *t, socialcap__mem *mem);
/* Free the hash of a column set, keeping its columns. */
void socialcap__ties_drop_slots(socialcap__ties *t, socialcap__mem *mem);
/* Free a column set and its hash (allocated from @p mem) and empty it. */
void socialcap__ties_release(socialcap__ties *ties, socialcap__mem *mem);
void socialcap__ties_append(socialcap_network *net, const socialcap__ties *staged);
void socialcap__ties_merge(socialcap_network *net, uint64_t tie, double weight,
			   int64_t since);

#endif
