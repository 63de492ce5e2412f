/*
 * Reading the state file (format: docs/format.md) by recursive descent over
 * the streaming tokenizer. The network is built directly in file order, so
 * every index comes back as it was saved; dictionaries and actors go
 * straight into the tables, ties and ledger records through the public
 * recording functions, which check them once more.
 *
 * Memory: a table is reserved up front only as far as the rest of the
 * input could fill it (each record takes some minimum number of bytes), so
 * a declared count never buys more memory than the input's size justifies.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cbor_io.h"
#include "network_internal.h"
#include "state_internal.h"

/* Fewest bytes one record of each table can take in a valid file. */
#define MIN_ACTOR_BYTES 8
#define MIN_TIE_BYTES 7

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
} loader;

/* Name field @p name of record @p i of @p table for error messages; the
 * full path is only formatted if an error is reported. */
static const char *fld(loader *l, const char *table, uint64_t i, const char *name)
{
	l->rd.prefix = table;
	l->rd.index = i;
	l->last = name;
	return name;
}

/* A field outside any record (a table's own array, the header). */
static const char *top(loader *l, const char *name)
{
	l->rd.prefix = NULL;
	l->last = name;
	return name;
}

static uint64_t remaining(const loader *l)
{
	uint64_t at = socialcap__rd_offset(&l->rd);

	return l->total > at ? l->total - at : 0;
}

static int oom(loader *l)
{
	return socialcap__rd_fail(&l->rd, SOCIALCAP_ENOMEM,
				  socialcap__rd_offset(&l->rd), l->last,
				  "out of memory");
}

static int bad(loader *l, uint64_t at, const char *field, const char *what)
{
	return socialcap__rd_fail(&l->rd, SOCIALCAP_EFORMAT, at, field, "%s", what);
}

/* A recording function refused a record: report the model's message. */
static int refused(loader *l, int rc, uint64_t at, const char *field)
{
	if (rc != SOCIALCAP_ENOMEM && rc != SOCIALCAP_ELIMIT)
		rc = SOCIALCAP_EFORMAT;
	return socialcap__rd_fail(&l->rd, rc, at, field, "%s",
				  socialcap_network_errmsg(l->net));
}

static int index_of(loader *l, uint32_t *out, uint64_t count, const char *field,
		    const char *what)
{
	uint64_t at = socialcap__rd_offset(&l->rd), v;
	int rc = socialcap__rd_uint(&l->rd, &v, UINT64_MAX, field);

	if (rc != 0)
		return rc;
	if (v >= count)
		return socialcap__rd_fail(&l->rd, SOCIALCAP_EFORMAT, at, field,
					  "%s %llu does not exist (there are %llu)", what,
					  (unsigned long long)v, (unsigned long long)count);
	*out = (uint32_t)v;
	return SOCIALCAP_OK;
}

/* ---------------------------------------------------------------- header */

static int header_entry(loader *l, uint64_t key, uint64_t at,
			socialcap__state_meta *meta, unsigned *seen)
{
	socialcap__reader *r = &l->rd;
	const unsigned char *p;
	const char *s;
	size_t len;
	uint64_t v;
	int64_t i;
	int rc;

	if (key < 32 && (*seen & (1u << key)))
		return bad(l, at, "header", "a key appears twice in the header");
	if (key < 32)
		*seen |= 1u << key;
	switch (key) {
	case SOCIALCAP__HDR_MAGIC:
		if ((rc = socialcap__rd_text(r, &s, &len, 64, "header.magic")) != 0)
			return rc;
		if (len != strlen(SOCIALCAP_STATE_MAGIC) ||
		    memcmp(s, SOCIALCAP_STATE_MAGIC, len) != 0)
			return bad(l, at, "header.magic", "not a socialcap state file");
		return SOCIALCAP_OK;
	case SOCIALCAP__HDR_VERSION:
		if ((rc = socialcap__rd_uint(r, &v, UINT64_MAX, "header.version")) != 0)
			return rc;
		if (v != SOCIALCAP_STATE_FORMAT_VERSION)
			return socialcap__rd_fail(r, SOCIALCAP_EVERSION, at, "header.version",
						  "format version %llu is not supported (this library reads version %d)",
						  (unsigned long long)v,
						  SOCIALCAP_STATE_FORMAT_VERSION);
		return SOCIALCAP_OK;
	case SOCIALCAP__HDR_LIBRARY:
		return socialcap__rd_text(r, &s, &len, 64, "header.library");
	case SOCIALCAP__HDR_CREATED:
		return socialcap__rd_int(r, &i, "header.created");
	case SOCIALCAP__HDR_SALT:
		if ((rc = socialcap__rd_bytes(r, &p, SOCIALCAP__SALT_BYTES,
					      "header.journal_salt")) != 0)
			return rc;
		memcpy(meta->salt, p, SOCIALCAP__SALT_BYTES);
		return SOCIALCAP_OK;
	case SOCIALCAP__HDR_NEXT_SEQ:
		return socialcap__rd_uint(r, &meta->next_seq, UINT64_MAX,
					  "header.journal_seq");
	default:
		/* Entries added by later minor versions are skipped. */
		return socialcap__rd_skip(r, l->opts->max_nesting, "header");
	}
}

static int header(loader *l, socialcap__state_meta *meta)
{
	socialcap__reader *r = &l->rd;
	socialcap__token t;
	unsigned seen = 0;
	uint64_t i, at;
	int rc;

	if ((rc = socialcap__rd_next(r, &t, "tag")) != 0)
		return rc;
	if (t.type != SOCIALCAP__TK_TAG || t.u != SOCIALCAP__SELF_DESCRIBED_TAG)
		return bad(l, t.offset, "tag",
			   "not a socialcap state file (no self-described CBOR tag 55799)");
	if ((rc = socialcap__rd_array_of(r, 10, "state")) != 0)
		return rc;
	at = socialcap__rd_offset(r);
	if ((rc = socialcap__rd_next(r, &t, "header")) != 0)
		return rc;
	if (t.type != SOCIALCAP__TK_MAP)
		return bad(l, t.offset, "header", "expected the header map");
	for (i = 0; i < t.u; i++) {
		uint64_t key, kat = socialcap__rd_offset(r);

		if ((rc = socialcap__rd_uint(r, &key, UINT64_MAX, "header")) != 0 ||
		    (rc = header_entry(l, key, kat, meta, &seen)) != 0)
			return rc;
	}
	if ((seen & 0xe) != 0xe)
		return bad(l, at, "header", "the header lacks magic, version or library");
	if (((seen >> SOCIALCAP__HDR_SALT) & 1) != ((seen >> SOCIALCAP__HDR_NEXT_SEQ) & 1))
		return bad(l, at, "header", "journal salt and sequence must come together");
	meta->has_journal = (seen >> SOCIALCAP__HDR_SALT) & 1;
	return SOCIALCAP_OK;
}

/* ----------------------------------------------------------- dictionaries */

static int sectors(loader *l)
{
	socialcap_network *net = l->net;
	uint64_t n, i, tier;
	int rc;

	if ((rc = socialcap__rd_array(&l->rd, &n, top(l, "sectors"))) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		uint64_t at = socialcap__rd_offset(&l->rd);
		const char *s;
		size_t len;
		uint32_t k;
		double prestige;

		if ((rc = socialcap__rd_array_of(&l->rd, 3, fld(l, "sectors", i, ""))) != 0 ||
		    (rc = socialcap__rd_text(&l->rd, &s, &len, net->opts.max_label_bytes,
					     fld(l, "sectors", i, "label"))) != 0)
			return rc;
		if (socialcap__strtab_find(&net->sectors.labels, s, len) != UINT32_MAX)
			return bad(l, at, l->last, "sector defined twice");
		if (socialcap__sector_reserve(net, len) != 0)
			return oom(l);
		k = socialcap__sector_add(net, s, len, 0, NAN);
		if ((rc = socialcap__rd_uint(&l->rd, &tier, INT32_MAX,
					     fld(l, "sectors", i, "tier"))) != 0 ||
		    (rc = socialcap__rd_number(&l->rd, &prestige, 1,
					       fld(l, "sectors", i, "prestige"))) != 0)
			return rc;
		net->sectors.tier[k] = (int32_t)tier;
		net->sectors.prestige[k] = prestige;
	}
	return SOCIALCAP_OK;
}

enum { DICT_NBH, DICT_GROUP, DICT_LAYER, DICT_KIND };

static int dictionary(loader *l, int which, const char *name)
{
	static const char *const first_layers[] = {
		"family", "household", "neighbours", "work", "school"};
	socialcap_network *net = l->net;
	socialcap__strtab *tab = which == DICT_NBH     ? &net->nbhs.labels
				 : which == DICT_GROUP ? &net->groups
				 : which == DICT_LAYER ? &net->layers
						       : &net->events.kinds;
	uint64_t n, i;
	int rc;

	if ((rc = socialcap__rd_array(&l->rd, &n, top(l, name))) != 0)
		return rc;
	if (which == DICT_LAYER && (n < 5 || n > SOCIALCAP__MAX_LAYERS))
		return bad(l, socialcap__rd_offset(&l->rd) - 1, name,
			   "there must be 5 to 65535 layers");
	for (i = 0; i < n; i++) {
		uint64_t at = socialcap__rd_offset(&l->rd);
		const char *s;
		size_t len;

		if ((rc = socialcap__rd_text(&l->rd, &s, &len, net->opts.max_label_bytes,
					     fld(l, name, i, ""))) != 0)
			return rc;
		if (which == DICT_LAYER && i < 5) {
			if (len != strlen(first_layers[i]) ||
			    memcmp(s, first_layers[i], len) != 0)
				return bad(l, at, l->last,
					   "the first five layers must be the predefined ones");
			continue;
		}
		if (socialcap__strtab_find(tab, s, len) != UINT32_MAX)
			return bad(l, at, l->last, "label appears twice");
		if (which == DICT_NBH) {
			if (socialcap__nbh_reserve(net, len) != 0)
				return oom(l);
			socialcap__nbh_add(net, s, len);
		} else {
			if (socialcap__strtab_reserve(tab, &net->mem, 1, len) != 0)
				return oom(l);
			socialcap__strtab_add(tab, s, len);
		}
	}
	return SOCIALCAP_OK;
}

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

static int actor(loader *l, uint64_t i)
{
	socialcap_network *net = l->net;
	socialcap__actors *a = &net->actors;
	uint64_t at = socialcap__rd_offset(&l->rd), kind;
	uint32_t index, sector, nbh;
	const char *s;
	size_t len;
	double status;
	int rc;

	if ((rc = socialcap__rd_array_of(&l->rd, 6, fld(l, "actors", i, ""))) != 0 ||
	    (rc = socialcap__rd_text(&l->rd, &s, &len, net->opts.max_id_bytes,
				     fld(l, "actors", i, "id"))) != 0)
		return rc;
	if (socialcap__strtab_find(&a->ids, s, len) != UINT32_MAX)
		return bad(l, at, l->last, "two actors have this id");
	if (socialcap__strtab_reserve(&a->ids, &net->mem, 1, len) != 0 ||
	    grow_actor_columns(net, a->ids.count + 1) != 0)
		return oom(l);
	index = socialcap__strtab_add(&a->ids, s, len);
	a->group_count[index] = 0;
	a->group_first[index] = (uint32_t)a->group_pool_len;
	if ((rc = socialcap__rd_uint(&l->rd, &kind, SOCIALCAP_ORGANISATION,
				     fld(l, "actors", i, "kind"))) != 0 ||
	    (rc = index_of(l, &sector, net->sectors.labels.count,
			   fld(l, "actors", i, "sector"), "sector")) != 0 ||
	    (rc = index_of(l, &nbh, net->nbhs.labels.count,
			   fld(l, "actors", i, "neighbourhood"), "neighbourhood")) != 0)
		return rc;
	at = socialcap__rd_offset(&l->rd);
	if ((rc = socialcap__rd_number(&l->rd, &status, 1,
				       fld(l, "actors", i, "status"))) != 0)
		return rc;
	if (!isnan(status) && !(status >= 0.0 && status <= 1.0))
		return bad(l, at, l->last, "status must be within [0,1] or null");
	a->kind[index] = (uint8_t)kind;
	a->sector[index] = sector;
	a->neighbourhood[index] = nbh;
	a->status[index] = status;
	net->nbhs.actors[nbh]++;
	if (kind == SOCIALCAP_RESIDENT)
		net->nbhs.residents[nbh]++;
	return actor_groups(l, index);
}

static int actors(loader *l)
{
	socialcap_network *net = l->net;
	uint64_t n, i, fit;
	size_t g;
	int rc;

	if ((rc = socialcap__rd_array(&l->rd, &n, top(l, "actors"))) != 0)
		return rc;
	if (n > net->opts.max_actors)
		return socialcap__rd_fail(&l->rd, SOCIALCAP_ELIMIT,
					  socialcap__rd_offset(&l->rd) - 1, "actors",
					  "%llu actors exceed the limit of %u",
					  (unsigned long long)n, (unsigned)net->opts.max_actors);
	fit = remaining(l) / MIN_ACTOR_BYTES;
	if (socialcap_network_reserve(net, (uint32_t)(n < fit ? n : fit), 0) != 0)
		return oom(l);
	l->seen_cap = net->groups.count;
	if (l->seen_cap > 0) {
		l->seen = socialcap__mem_alloc(&net->mem, l->seen_cap * sizeof(*l->seen));
		if (l->seen == NULL)
			return oom(l);
		for (g = 0; g < l->seen_cap; g++)
			l->seen[g] = UINT32_MAX;
	}
	for (i = 0; i < n; i++)
		if ((rc = actor(l, i)) != 0)
			return rc;
	return SOCIALCAP_OK;
}

/* ------------------------------------------------------------------- ties */

static int tie(loader *l, uint64_t i)
{
	socialcap_network *net = l->net;
	uint64_t at = socialcap__rd_offset(&l->rd);
	uint32_t a, b, layer, n = (uint32_t)net->actors.ids.count;
	size_t before;
	double weight;
	int64_t since;
	int rc;

	if ((rc = socialcap__rd_array_of(&l->rd, 5, fld(l, "ties", i, ""))) != 0 ||
	    (rc = index_of(l, &a, n, fld(l, "ties", i, "a"), "actor")) != 0 ||
	    (rc = index_of(l, &b, n, fld(l, "ties", i, "b"), "actor")) != 0)
		return rc;
	if (a >= b)
		return bad(l, at, fld(l, "ties", i, "b"), "a tie needs a < b");
	if ((rc = index_of(l, &layer, net->layers.count, fld(l, "ties", i, "layer"),
			   "layer")) != 0)
		return rc;
	at = socialcap__rd_offset(&l->rd);
	if ((rc = socialcap__rd_number(&l->rd, &weight, 0, fld(l, "ties", i, "weight"))) != 0)
		return rc;
	if (!(weight > 0.0))
		return bad(l, at, l->last, "weight must be > 0");
	if ((rc = socialcap__rd_time(&l->rd, &since, 1, fld(l, "ties", i, "since"))) != 0)
		return rc;
	before = net->ties.count;
	rc = socialcap_network_add_tie(net, NULL, a, b, net->layers.strings[layer],
				       weight, since);
	if (rc != 0)
		return refused(l, rc, at, fld(l, "ties", i, ""));
	/* A repeat was merged into the earlier tie instead of being added;
	 * the load fails, so the merged weight is never seen. */
	if (net->ties.count == before)
		return bad(l, at, fld(l, "ties", i, ""), "the same tie appears twice");
	return SOCIALCAP_OK;
}

static int ties(loader *l)
{
	uint64_t n, i, fit;
	int rc;

	if ((rc = socialcap__rd_array(&l->rd, &n, top(l, "ties"))) != 0)
		return rc;
	if (n > l->net->opts.max_ties)
		return socialcap__rd_fail(&l->rd, SOCIALCAP_ELIMIT,
					  socialcap__rd_offset(&l->rd) - 1, "ties",
					  "%llu ties exceed the limit", (unsigned long long)n);
	fit = remaining(l) / MIN_TIE_BYTES;
	if (socialcap__ties_reserve(l->net, n < fit ? n : fit) != 0)
		return oom(l);
	for (i = 0; i < n; i++)
		if ((rc = tie(l, i)) != 0)
			return rc;
	return SOCIALCAP_OK;
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

static int ledger(loader *l)
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

/* ------------------------------------------------------------------ main */

static int body(loader *l, socialcap__state_meta *meta)
{
	int rc;

	if ((rc = header(l, meta)) != 0 || (rc = sectors(l)) != 0 ||
	    (rc = dictionary(l, DICT_NBH, "neighbourhoods")) != 0 ||
	    (rc = dictionary(l, DICT_GROUP, "groups")) != 0 ||
	    (rc = dictionary(l, DICT_LAYER, "layers")) != 0 ||
	    (rc = dictionary(l, DICT_KIND, "event_kinds")) != 0 ||
	    (rc = actors(l)) != 0 || (rc = ties(l)) != 0 || (rc = ledger(l)) != 0)
		return rc;
	top(l, "");
	if (!socialcap__rd_at_end(&l->rd))
		return l->rd.err->status != 0
			       ? l->rd.err->status
			       : bad(l, socialcap__rd_offset(&l->rd), "",
				     "unexpected bytes after the end of the state");
	return SOCIALCAP_OK;
}

static void release(loader *l)
{
	socialcap__mem *mem = &l->net->mem;

	socialcap__mem_free(mem, l->seen, l->seen_cap * sizeof(*l->seen));
	socialcap__mem_free(mem, l->att, l->att_cap * sizeof(*l->att));
	socialcap__mem_free(mem, l->id, l->id_cap);
	socialcap__rd_free(&l->rd);
}

/* Runs the loader over an initialised reader (fd or memory). */
static int load(socialcap_network **out, loader *l, int fd, const void *data,
		size_t size, socialcap__state_meta *meta, socialcap_error *err)
{
	socialcap__state_meta scratch;
	int rc;

	if (meta == NULL)
		meta = &scratch;
	memset(meta, 0, sizeof(*meta));
	rc = socialcap_network_new(&l->net, l->opts->network);
	if (rc != 0) {
		err->status = rc;
		socialcap__copy_text(err->message, sizeof(err->message),
				     rc == SOCIALCAP_ENOMEM ? "out of memory"
							    : "invalid network options");
		return rc;
	}
	if (fd >= 0)
		rc = socialcap__rd_init_fd(&l->rd, &l->net->mem, fd,
					   l->opts->max_input_bytes, err);
	else
		socialcap__rd_init_buffer(&l->rd, data, size, err);
	l->id_cap = l->net->opts.max_id_bytes + 1;
	if (rc == 0 && (l->id = socialcap__mem_alloc(&l->net->mem, l->id_cap)) == NULL)
		rc = oom(l);
	if (rc == 0)
		rc = body(l, meta);
	release(l);
	if (rc != 0) {
		socialcap_network_free(l->net);
		return rc;
	}
	socialcap__net_ok(l->net);
	*out = l->net;
	return SOCIALCAP_OK;
}

static int start(socialcap_network **out, loader *l,
		 const socialcap_state_options **opts, socialcap_error *err)
{
	static const socialcap_state_options defaults = SOCIALCAP_STATE_OPTIONS_INIT;

	memset(l, 0, sizeof(*l));
	if (*opts == NULL)
		*opts = &defaults;
	l->opts = *opts;
	if (out == NULL) {
		err->status = SOCIALCAP_EINVAL;
		socialcap__copy_text(err->message, sizeof(err->message),
				     "state load: NULL out");
		return SOCIALCAP_EINVAL;
	}
	*out = NULL;
	return socialcap__state_check_options(*opts, err);
}

int socialcap_state_load_buffer(socialcap_network **out, const void *data,
				size_t size, const socialcap_state_options *opts,
				socialcap_error *err)
{
	socialcap_error local;
	loader l;
	int rc;

	if (err == NULL)
		err = &local;
	socialcap_error_clear(err);
	if ((rc = start(out, &l, &opts, err)) != 0)
		return rc;
	if (data == NULL && size > 0) {
		err->status = SOCIALCAP_EINVAL;
		socialcap__copy_text(err->message, sizeof(err->message), "NULL data");
		return SOCIALCAP_EINVAL;
	}
	if (data == NULL)
		data = ""; /* size 0: no pointer arithmetic on NULL */
	if (size > opts->max_input_bytes) {
		err->status = SOCIALCAP_ELIMIT;
		snprintf(err->message, sizeof(err->message),
			 "input of %zu bytes exceeds the limit of %llu", size,
			 (unsigned long long)opts->max_input_bytes);
		return SOCIALCAP_ELIMIT;
	}
	l.total = size;
	return load(out, &l, -1, data, size, NULL, err);
}

int socialcap__state_load(socialcap_network **out, const char *path,
			  const socialcap_state_options *opts,
			  socialcap__state_meta *meta, socialcap_error *err)
{
	socialcap_error local;
	struct stat st;
	loader l;
	int fd, rc;

	if (err == NULL)
		err = &local;
	socialcap_error_clear(err);
	if ((rc = start(out, &l, &opts, err)) != 0)
		return rc;
	if (path == NULL) {
		err->status = SOCIALCAP_EINVAL;
		socialcap__copy_text(err->message, sizeof(err->message), "NULL path");
		return SOCIALCAP_EINVAL;
	}
	socialcap__copy_text(err->file, sizeof(err->file), path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		err->status = e == ENOENT ? SOCIALCAP_ENOTFOUND : SOCIALCAP_EIO;
		snprintf(err->message, sizeof(err->message), "cannot open %s: %s",
			 path, strerror(e));
		return err->status;
	}
	if ((uint64_t)st.st_size > opts->max_input_bytes) {
		close(fd);
		err->status = SOCIALCAP_ELIMIT;
		snprintf(err->message, sizeof(err->message),
			 "%s: %llu bytes exceed the limit of %llu", path,
			 (unsigned long long)st.st_size,
			 (unsigned long long)opts->max_input_bytes);
		return SOCIALCAP_ELIMIT;
	}
	l.total = (uint64_t)st.st_size;
	rc = load(out, &l, fd, NULL, 0, meta, err);
	close(fd);
	return rc;
}

int socialcap_state_load(socialcap_network **out, const char *path,
			 const socialcap_state_options *opts, socialcap_error *err)
{
	return socialcap__state_load(out, path, opts, NULL, err);
}
