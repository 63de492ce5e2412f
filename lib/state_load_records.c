/*
 * Loading the record tables of a state file: actors straight into the
 * columns (ids stored in one table reserved once, its hash filled in bulk
 * by socialcap__bulk, which finds an id twice), ledger records through the public
 * recording functions, which check them once more. Ties: state_load_ties.c.
 */
#include <math.h>
#include <string.h>

#include "cbor_fast.h"
#include "state_loader.h"

/* Fewest bytes one actor takes in a valid file: an array head, a 1-byte
 * id text (2 bytes), four 1-byte items and an empty group array. */
#define MIN_ACTOR_BYTES 8

/* ----------------------------------------------------------------- actors */

static int actor_groups(loader *l, uint32_t index)
{
	socialcap_network *net = l->net;
	socialcap__actors *a = &net->actors;
	uint64_t n, k;
	int rc;

	if ((rc = socialcap__rd_array(&l->rd, &n, fld(l, "actors", index, "groups"))) != 0)
		return rc;
	if (n > SOCIALCAP__MAX_GROUPS_PER_ACTOR)
		return socialcap__rd_fail(&l->rd, SOCIALCAP_ELIMIT,
					  socialcap__rd_offset(&l->rd) - 1, l->last,
					  "more than %u groups", SOCIALCAP__MAX_GROUPS_PER_ACTOR);
	a->group_first[index] = (uint32_t)a->group_pool_len;
	a->group_count[index] = 0;
	for (k = 0; k < n; k++) {
		uint64_t at = socialcap__rd_offset(&l->rd);
		uint32_t g;

		if ((rc = index_of(l, &g, net->groups.count,
				   fld(l, "actors", index, "groups"), "group")) != 0)
			return rc;
		if (l->seen[g] == index)
			return bad(l, at, l->last, "a group is named twice");
		l->seen[g] = index;
		if (a->group_pool_len >= UINT32_MAX)
			return socialcap__rd_fail(&l->rd, SOCIALCAP_ELIMIT, at, l->last,
						  "too many group memberships");
		if (SOCIALCAP__COL_GROW(&net->mem, a, group_pool, a->group_pool_len + 1) != 0)
			return oom(l);
		a->group_pool[a->group_pool_len++] = g;
		a->group_count[index]++;
	}
	return SOCIALCAP_OK;
}

/* Actors j and k have the same id. */
static int same_id(const loader *l, size_t j, size_t k)
{
	const socialcap__strtab *ids = &l->net->actors.ids;

	return strcmp(ids->strings[j], ids->strings[k]) == 0;
}

static int repeated_id(loader *l, size_t k, size_t j, uint64_t at)
{
	(void)j;
	return bad(l, at, fld(l, "actors", k, "id"), "two actors have this id");
}

static int grow_actor_columns(socialcap_network *net, size_t need)
{
	socialcap__actors *a = &net->actors;
	socialcap__mem *mem = &net->mem;

	if (SOCIALCAP__COL_GROW(mem, a, kind, need) != 0 ||
	    SOCIALCAP__COL_GROW(mem, a, sector, need) != 0 ||
	    SOCIALCAP__COL_GROW(mem, a, neighbourhood, need) != 0 ||
	    SOCIALCAP__COL_GROW(mem, a, status, need) != 0 ||
	    SOCIALCAP__COL_GROW(mem, a, group_first, need) != 0 ||
	    SOCIALCAP__COL_GROW(mem, a, group_count, need) != 0)
		return SOCIALCAP_ENOMEM;
	return SOCIALCAP_OK;
}

/* One actor record's values. */
typedef struct actor_rec {
	const char *id;
	size_t len;
	uint64_t kind;
	uint32_t sector, nbh;
	double status;
} actor_rec;

/*
 * Decode a valid actor of the usual shape at the reader's position: a
 * 6-array of a definite text id, kind, sector and neighbourhood as
 * unsigned integers, status a number or null, and no groups. 0 (nothing
 * consumed) for anything else, which the general path decodes or reports.
 * Every check of the general path is made here too.
 */
static int fast_actor(loader *l, actor_rec *a)
{
	const socialcap__reader *r = &l->rd;
	const socialcap_network *net = l->net;
	const unsigned char *p = r->data + r->pos, *end = r->data + r->len;
	uint64_t len, sector, nbh;

	/* the array and the id's head: 10 bytes; then 4 items of at most 9
	 * bytes and the groups' 1 */
	if (end - p < 10 || p[0] != 0x86)
		return 0;
	p++;
	if (!socialcap__cbor_head(&p, 3, &len) || len == 0 ||
	    len > net->opts.max_id_bytes || (uint64_t)(end - p) < len + 37)
		return 0;
	a->id = (const char *)p;
	a->len = (size_t)len;
	/* control characters, NUL among them, are invalid here */
	if (!socialcap__utf8_valid(a->id, a->len))
		return 0;
	p += len;
	if (!socialcap__cbor_head(&p, 0, &a->kind) || a->kind > SOCIALCAP_ORGANISATION ||
	    !socialcap__cbor_head(&p, 0, &sector) || sector >= net->sectors.labels.count ||
	    !socialcap__cbor_head(&p, 0, &nbh) || nbh >= net->nbhs.labels.count)
		return 0;
	if (*p == 0xf6) {
		a->status = NAN;
		p++;
	} else if (!socialcap__cbor_number(&p, &a->status) ||
		   !(a->status >= 0.0 && a->status <= 1.0)) {
		return 0; /* NaN and infinity fail the range test too */
	}
	if (*p != 0x80)
		return 0;
	a->sector = (uint32_t)sector;
	a->nbh = (uint32_t)nbh;
	l->rd.pos = (size_t)(p + 1 - r->data);
	return 1;
}

/* The id, read by the general path. */
static int slow_id(loader *l, uint64_t i, actor_rec *a)
{
	int rc;

	if ((rc = socialcap__rd_array_of(&l->rd, 6, fld(l, "actors", i, ""))) != 0)
		return rc;
	return socialcap__rd_text(&l->rd, &a->id, &a->len, l->net->opts.max_id_bytes,
				  fld(l, "actors", i, "id"));
}

/* The fields after the id, read by the general path. */
static int slow_fields(loader *l, uint64_t i, actor_rec *a)
{
	uint64_t at;
	int rc;

	if ((rc = socialcap__rd_uint(&l->rd, &a->kind, SOCIALCAP_ORGANISATION,
				     fld(l, "actors", i, "kind"))) != 0 ||
	    (rc = index_of(l, &a->sector, l->net->sectors.labels.count,
			   fld(l, "actors", i, "sector"), "sector")) != 0 ||
	    (rc = index_of(l, &a->nbh, l->net->nbhs.labels.count,
			   fld(l, "actors", i, "neighbourhood"), "neighbourhood")) != 0)
		return rc;
	at = socialcap__rd_offset(&l->rd);
	if ((rc = socialcap__rd_number(&l->rd, &a->status, 1,
				       fld(l, "actors", i, "status"))) != 0)
		return rc;
	if (!isnan(a->status) && !(a->status >= 0.0 && a->status <= 1.0))
		return bad(l, at, l->last, "status must be within [0,1] or null");
	return SOCIALCAP_OK;
}

static int actor(loader *l, uint64_t i)
{
	socialcap_network *net = l->net;
	socialcap__actors *a = &net->actors;
	uint64_t at;
	uint32_t index;
	actor_rec rec;
	int rc, fast;

	if ((rc = socialcap__rd_ahead(&l->rd, net->opts.max_id_bytes + 48)) != 0)
		return rc;
	at = socialcap__rd_offset(&l->rd);
	fast = fast_actor(l, &rec);
	if (fast)
		fld(l, "actors", i, "id"); /* as the general path leaves it */
	else if ((rc = slow_id(l, i, &rec)) != 0)
		return rc;
	/* Past the count reserved for (a file that grew while read) the
	 * table may grow: the records waiting go in first, then the plain
	 * lookup takes over. */
	if (i == l->ids.records) {
		if ((rc = socialcap__bulk_settle(l, &l->ids)) != 0)
			return rc;
		socialcap__bulk_free(l, &l->ids);
	}
	if (socialcap__strtab_reserve(&a->ids, &net->mem, 1, rec.len) != 0 ||
	    grow_actor_columns(net, a->ids.count + 1) != 0)
		return oom(l);
	if (i < l->ids.records) {
		index = socialcap__strtab_push(&a->ids, rec.id, rec.len);
		if ((rc = socialcap__bulk_add(l, &l->ids, index,
					      socialcap__hash_bytes(rec.id, rec.len), at)) != 0)
			return rc;
	} else {
		if (socialcap__strtab_find(&a->ids, rec.id, rec.len) != UINT32_MAX)
			return bad(l, at, l->last, "two actors have this id");
		index = socialcap__strtab_add(&a->ids, rec.id, rec.len);
	}
	a->group_count[index] = 0;
	a->group_first[index] = (uint32_t)a->group_pool_len;
	if (!fast && (rc = slow_fields(l, i, &rec)) != 0)
		return rc;
	a->kind[index] = (uint8_t)rec.kind;
	a->sector[index] = rec.sector;
	a->neighbourhood[index] = rec.nbh;
	a->status[index] = rec.status;
	net->nbhs.actors[rec.nbh]++;
	if (rec.kind == SOCIALCAP_RESIDENT)
		net->nbhs.residents[rec.nbh]++;
	return fast ? SOCIALCAP_OK : actor_groups(l, index);
}

int socialcap__load_actors(loader *l)
{
	socialcap_network *net = l->net;
	uint64_t n, i, fit;
	size_t g;
	int rc, early;

	if ((rc = socialcap__rd_array(&l->rd, &n, top(l, "actors"))) != 0)
		return rc;
	if (n > net->opts.max_actors)
		return socialcap__rd_fail(&l->rd, SOCIALCAP_ELIMIT,
					  socialcap__rd_offset(&l->rd) - 1, "actors",
					  "%llu actors exceed the limit of %u",
					  (unsigned long long)n, (unsigned)net->opts.max_actors);
	fit = remaining(l) / MIN_ACTOR_BYTES;
	if (fit > n)
		fit = n;
	if (socialcap_network_reserve(net, (uint32_t)fit, 0) != 0)
		return oom(l);
	if (net->actors.ids.count == 0 && fit > 0) {
		l->ids.same = same_id;
		l->ids.report = repeated_id;
		if ((rc = socialcap__bulk_init(l, &l->ids, net->actors.ids.slots,
					       net->actors.ids.slot_count, (size_t)fit)) != 0)
			return rc;
	}
	l->seen_cap = net->groups.count;
	if (l->seen_cap > 0) {
		l->seen = socialcap__mem_alloc(&net->mem, l->seen_cap * sizeof(*l->seen));
		if (l->seen == NULL)
			return oom(l);
		for (g = 0; g < l->seen_cap; g++)
			l->seen[g] = UINT32_MAX;
	}
	for (i = 0; i < n && rc == 0; i++)
		rc = actor(l, i);
	/* Settled after a record that failed too: a repeat before it is
	 * reported first. */
	early = socialcap__bulk_settle(l, &l->ids);
	socialcap__bulk_free(l, &l->ids);
	return early != SOCIALCAP_OK ? early : rc;
}

/* ---------------------------------------------------------------- ledger */

static int contact(loader *l, uint64_t i)
{
	socialcap_network *net = l->net;
	uint64_t at = socialcap__rd_offset(&l->rd), channel;
	uint32_t n = (uint32_t)net->actors.ids.count;
	socialcap_contact c;
	int rc;

	if ((rc = socialcap__rd_array_of(&l->rd, 6, fld(l, "contacts", i, ""))) != 0 ||
	    (rc = socialcap__rd_time(&l->rd, &c.time, 0, fld(l, "contacts", i, "time"))) != 0 ||
	    (rc = index_of(l, &c.a, n, fld(l, "contacts", i, "a"), "actor")) != 0 ||
	    (rc = index_of(l, &c.b, n, fld(l, "contacts", i, "b"), "actor")) != 0 ||
	    (rc = socialcap__rd_uint(&l->rd, &channel, SOCIALCAP_DIGITAL,
				     fld(l, "contacts", i, "channel"))) != 0 ||
	    (rc = socialcap__rd_number(&l->rd, &c.weight, 0,
				       fld(l, "contacts", i, "weight"))) != 0 ||
	    (rc = socialcap__rd_number(&l->rd, &c.cost, 0,
				       fld(l, "contacts", i, "cost"))) != 0)
		return rc;
	c.channel = (int32_t)channel;
	rc = socialcap_network_record_contact(net, NULL, &c);
	return rc != 0 ? refused(l, rc, at, fld(l, "contacts", i, "")) : SOCIALCAP_OK;
}

static int attendance(loader *l, uint64_t i, size_t *count)
{
	socialcap_network *net = l->net;
	uint64_t n, k, role;
	int rc;

	if ((rc = socialcap__rd_array(&l->rd, &n, fld(l, "events", i, "attendance"))) != 0)
		return rc;
	if (n == 0 || n % 2 != 0)
		return bad(l, socialcap__rd_offset(&l->rd) - 1, l->last,
			   "attendance must be a non-empty list of (actor, role) pairs");
	*count = 0;
	for (k = 0; k < n / 2; k++) {
		socialcap_attendance *slot;

		if (SOCIALCAP__GROW(&net->mem, l->att, l->att_cap, k + 1) != 0)
			return oom(l);
		slot = &l->att[k];
		if ((rc = index_of(l, &slot->actor, net->actors.ids.count,
				   fld(l, "events", i, "attendance"), "actor")) != 0 ||
		    (rc = socialcap__rd_uint(&l->rd, &role, SOCIALCAP_PARTICIPANT,
					     l->last)) != 0)
			return rc;
		slot->role = (int32_t)role;
		*count = k + 1;
	}
	return SOCIALCAP_OK;
}

static int event(loader *l, uint64_t i)
{
	socialcap_network *net = l->net;
	uint64_t at = socialcap__rd_offset(&l->rd), channel;
	socialcap_event ev;
	uint32_t nbh, kind;
	const char *s;
	size_t len, count = 0;
	int rc;

	if ((rc = socialcap__rd_array_of(&l->rd, 7, fld(l, "events", i, ""))) != 0 ||
	    (rc = socialcap__rd_text(&l->rd, &s, &len, net->opts.max_id_bytes,
				     fld(l, "events", i, "id"))) != 0)
		return rc;
	memcpy(l->id, s, len);
	l->id[len] = '\0';
	ev.id = l->id;
	if ((rc = socialcap__rd_time(&l->rd, &ev.time, 0, fld(l, "events", i, "time"))) != 0 ||
	    (rc = index_of(l, &nbh, net->nbhs.labels.count,
			   fld(l, "events", i, "neighbourhood"), "neighbourhood")) != 0 ||
	    (rc = index_of(l, &kind, net->events.kinds.count,
			   fld(l, "events", i, "kind"), "event kind")) != 0 ||
	    (rc = socialcap__rd_uint(&l->rd, &channel, SOCIALCAP_DIGITAL,
				     fld(l, "events", i, "channel"))) != 0 ||
	    (rc = socialcap__rd_number(&l->rd, &ev.cost, 0, fld(l, "events", i, "cost"))) != 0 ||
	    (rc = attendance(l, i, &count)) != 0)
		return rc;
	ev.neighbourhood = net->nbhs.labels.strings[nbh];
	ev.kind = net->events.kinds.strings[kind];
	ev.channel = (int32_t)channel;
	rc = socialcap_network_record_event(net, NULL, &ev, l->att, count);
	return rc != 0 ? refused(l, rc, at, fld(l, "events", i, "")) : SOCIALCAP_OK;
}

int socialcap__load_ledger(loader *l)
{
	uint64_t n, i;
	int rc;

	if ((rc = socialcap__rd_array(&l->rd, &n, top(l, "contacts"))) != 0)
		return rc;
	for (i = 0; i < n; i++)
		if ((rc = contact(l, i)) != 0)
			return rc;
	if ((rc = socialcap__rd_array(&l->rd, &n, top(l, "events"))) != 0)
		return rc;
	for (i = 0; i < n; i++)
		if ((rc = event(l, i)) != 0)
			return rc;
	return SOCIALCAP_OK;
}
