/* The reserve and commit steps of an import (see dataset_internal.h).
 *
 * Reserve grows every array of the network to its final size. Commit then
 * parses the same bytes again and adds the rows through the network's own
 * functions, which find all the room they need and so cannot fail; actors
 * and ties were staged whole by the check and are handed over
 * (dataset_actors.c, dataset_ties.c); events
 * are written directly, because socialcap_network_record_event() allocates
 * a scratch array to find repeated attendees (repeats were already ruled
 * out by the check step). */
#include <math.h>
#include <string.h>

#include "dataset_internal.h"

#define COL_GROW(mem, tab, name, need) SOCIALCAP__COL_GROW((mem), (tab), name, (need))

static int reserve_labels(socialcap__strtab *target, socialcap__mem *mem,
			  const socialcap__strtab *fresh)
{
	return socialcap__strtab_reserve(target, mem, fresh->count,
					 fresh->text_bytes - fresh->count);
}

static int reserve_model(ds_ctx *ctx)
{
	socialcap_network *net = ctx->net;
	socialcap__mem *mem = &net->mem;
	socialcap__actors *a = &net->actors;
	size_t sectors = net->sectors.labels.count + ctx->new_sectors.count;
	size_t nbhs = net->nbhs.labels.count + ctx->new_nbhs.count;
	size_t actors = a->ids.count + ctx->new_actors.count;
	int rc;

	/* The ties first: into an empty network they give back their
	 * staging rounds, hash tags and estimated slack, before the actor
	 * columns below are allocated beside them. */
	if ((rc = socialcap__ds_ties_reserve(ctx)) != 0 ||
	    (rc = reserve_labels(&net->sectors.labels, mem, &ctx->new_sectors)) != 0 ||
	    (rc = COL_GROW(mem, &net->sectors, tier, sectors)) != 0 ||
	    (rc = COL_GROW(mem, &net->sectors, prestige, sectors)) != 0 ||
	    (rc = reserve_labels(&net->nbhs.labels, mem, &ctx->new_nbhs)) != 0 ||
	    (rc = COL_GROW(mem, &net->nbhs, actors, nbhs)) != 0 ||
	    (rc = COL_GROW(mem, &net->nbhs, residents, nbhs)) != 0 ||
	    (rc = reserve_labels(&net->groups, mem, &ctx->new_groups)) != 0 ||
	    (rc = reserve_labels(&net->layers, mem, &ctx->new_layers)) != 0 ||
	    /* a network without actors takes the staged ids whole */
	    (a->ids.count > 0 && (rc = reserve_labels(&a->ids, mem, &ctx->new_actors)) != 0) ||
	    (rc = COL_GROW(mem, a, kind, actors)) != 0 ||
	    (rc = COL_GROW(mem, a, sector, actors)) != 0 ||
	    (rc = COL_GROW(mem, a, neighbourhood, actors)) != 0 ||
	    (rc = COL_GROW(mem, a, status, actors)) != 0 ||
	    (rc = COL_GROW(mem, a, group_first, actors)) != 0 ||
	    (rc = COL_GROW(mem, a, group_count, actors)) != 0 ||
	    (rc = COL_GROW(mem, a, group_pool, a->group_pool_len + ctx->group_refs)) != 0)
		return rc;
	return SOCIALCAP_OK;
}

static int reserve_ledger(ds_ctx *ctx)
{
	socialcap_network *net = ctx->net;
	socialcap__mem *mem = &net->mem;
	socialcap__contacts *c = &net->contacts;
	socialcap__events *e = &net->events;
	size_t contacts = c->count + (size_t)ctx->new_contacts;
	size_t events = e->ids.count + ctx->new_events.count;
	size_t att = e->att_total + (size_t)ctx->new_att;
	int rc;

	if ((rc = COL_GROW(mem, c, time, contacts)) != 0 ||
	    (rc = COL_GROW(mem, c, a, contacts)) != 0 ||
	    (rc = COL_GROW(mem, c, b, contacts)) != 0 ||
	    (rc = COL_GROW(mem, c, channel, contacts)) != 0 ||
	    (rc = COL_GROW(mem, c, weight, contacts)) != 0 ||
	    (rc = COL_GROW(mem, c, cost, contacts)) != 0 ||
	    (rc = reserve_labels(&e->ids, mem, &ctx->new_events)) != 0 ||
	    (rc = reserve_labels(&e->kinds, mem, &ctx->new_kinds)) != 0 ||
	    (rc = COL_GROW(mem, e, time, events)) != 0 ||
	    (rc = COL_GROW(mem, e, neighbourhood, events)) != 0 ||
	    (rc = COL_GROW(mem, e, kind, events)) != 0 ||
	    (rc = COL_GROW(mem, e, channel, events)) != 0 ||
	    (rc = COL_GROW(mem, e, cost, events)) != 0 ||
	    (rc = COL_GROW(mem, e, att_first, events)) != 0 ||
	    (rc = COL_GROW(mem, e, att_count, events)) != 0 ||
	    (rc = COL_GROW(mem, e, att_actor, att)) != 0 ||
	    (rc = COL_GROW(mem, e, att_role, att)) != 0)
		return rc;
	return 0;
}

/* Attendees grouped by event (a counting sort keeps the file order). */
static int group_attendance(ds_ctx *ctx)
{
	size_t n = ctx->new_events.count, i;
	uint64_t *next;

	ctx->att_first = socialcap__mem_calloc(&ctx->tmp, n + 1, sizeof(uint64_t));
	if (ctx->att_first == NULL)
		return SOCIALCAP_ENOMEM;
	if (ctx->new_att == 0)
		return 0;
	ctx->att_sorted = socialcap__mem_calloc(&ctx->tmp, (size_t)ctx->new_att,
						sizeof(socialcap_attendance));
	if (ctx->att_sorted == NULL)
		return SOCIALCAP_ENOMEM;
	for (i = 0; i < n; i++)
		ctx->att_first[i + 1] = ctx->att_first[i] + ctx->events[i].att_count;
	/* att_count is reused as the fill position of each event. */
	next = ctx->att_first;
	for (i = 0; i < n; i++)
		ctx->events[i].att_count = 0;
	for (i = 0; i < ctx->new_att; i++) {
		const ds_att_stage *s = &ctx->att[i];
		socialcap_attendance *d =
			&ctx->att_sorted[next[s->event] + ctx->events[s->event].att_count++];

		d->actor = s->actor;
		d->role = s->role;
	}
	return 0;
}

int socialcap__ds_reserve(ds_ctx *ctx)
{
	int rc;

	if ((rc = reserve_model(ctx)) != 0 || (rc = reserve_ledger(ctx)) != 0 ||
	    (rc = group_attendance(ctx)) != 0)
		return socialcap__net_fail(ctx->net, rc, "out of memory");
	return 0;
}

/* The commit half of socialcap_network_record_event(); all is reserved. */
static void add_event(ds_ctx *ctx, const ds_row *row, uint32_t k)
{
	socialcap_network *net = ctx->net;
	socialcap__events *e = &net->events;
	const char *id = row->text[E_ID], *nbh = row->text[E_NBH];
	const char *kind = row->text[E_KIND];
	uint32_t n = socialcap__strtab_find(&net->nbhs.labels, nbh, strlen(nbh));
	uint32_t kd = socialcap__strtab_find(&e->kinds, kind, strlen(kind));
	uint32_t count = ctx->events[k].att_count, index, i;
	const socialcap_attendance *att = ctx->att_sorted + ctx->att_first[k];

	if (n == UINT32_MAX)
		n = socialcap__nbh_add(net, nbh, strlen(nbh));
	if (kd == UINT32_MAX)
		kd = socialcap__strtab_add(&e->kinds, kind, strlen(kind));
	index = socialcap__strtab_add(&e->ids, id, strlen(id));
	e->time[index] = row->time;
	e->neighbourhood[index] = n;
	e->kind[index] = kd;
	e->channel[index] = (uint8_t)row->channel;
	e->cost[index] = row->cost;
	e->att_first[index] = e->att_total;
	e->att_count[index] = count;
	for (i = 0; i < count; i++) {
		e->att_actor[e->att_total + i] = att[i].actor;
		e->att_role[e->att_total + i] = (uint8_t)att[i].role;
	}
	e->att_total += count;
}

static int find_actor(ds_ctx *ctx, const char *id, uint32_t *out)
{
	return socialcap_network_find_actor(ctx->net, out, id);
}

static int commit_row(ds_ctx *ctx, ds_table *t, ds_row *row, uint32_t *events)
{
	socialcap_network *net = ctx->net;
	socialcap_contact c;
	int rc;

	if ((rc = socialcap__ds_parse_row(ctx, t, row)) != 0 ||
	    (rc = socialcap__ds_parse_rest(ctx, t, row)) != 0)
		return rc;
	switch (t->which) {
	case DS_SECTORS:
		return socialcap_network_set_sector(net, NULL, row->text[S_SECTOR],
						    row->tier, row->number);
	case DS_CONTACTS:
		memset(&c, 0, sizeof(c));
		c.time = row->time;
		c.channel = row->channel;
		c.weight = row->weight;
		c.cost = row->cost;
		if ((rc = find_actor(ctx, row->text[C_A], &c.a)) != 0 ||
		    (rc = find_actor(ctx, row->text[C_B], &c.b)) != 0)
			return rc;
		return socialcap_network_record_contact(net, NULL, &c);
	case DS_EVENTS:
		add_event(ctx, row, (*events)++);
		return 0;
	default:
		return 0; /* attendance went in with its events */
	}
}

int socialcap__ds_commit(ds_ctx *ctx)
{
	const socialcap_network *net = ctx->net;
	ds_label_base base;
	uint32_t events = 0;
	ds_row row;
	int i, rc;

	base.sectors = (uint32_t)net->sectors.labels.count;
	base.nbhs = (uint32_t)net->nbhs.labels.count;
	base.groups = (uint32_t)net->groups.count;
	base.actors = net->actors.ids.count;
	for (i = 0; i < DS_ATTENDANCE; i++) {
		ds_table *t = &ctx->tables[i];

		/* actors and ties were staged whole by the check step */
		if (i == DS_ACTORS) {
			socialcap__ds_actors_commit(ctx, &base);
			continue;
		}
		if (i == DS_TIES) {
			socialcap__ds_ties_commit(ctx);
			continue;
		}
		if (!t->csv_open)
			continue;
		socialcap__ds_table_rewind(t);
		if ((rc = socialcap__ds_table_header(ctx, t)) != 0)
			return rc;
		while ((rc = socialcap__ds_table_row(ctx, t)) == 1)
			if ((rc = commit_row(ctx, t, &row, &events)) != 0)
				return rc;
		if (rc != 0)
			return rc;
	}
	return 0;
}
