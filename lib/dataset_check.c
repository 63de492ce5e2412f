/* The check step of an import (and all of a validation): every row is
 * checked against the target network and what earlier rows staged, exactly
 * as the network's add functions would check it, and staged in temporary
 * tables. The network is only read. */
#include <math.h>
#include <string.h>

#include "dataset_internal.h"

#define TRY(expr)                                                              \
	do {                                                                   \
		int rc_ = (expr);                                              \
		if (rc_ != 0)                                                  \
			return rc_;                                            \
	} while (0)

int socialcap__ds_resolve_actor(const ds_ctx *ctx, const char *id, size_t len,
				uint64_t hash, uint32_t *out)
{
	const socialcap__strtab *known = &ctx->net->actors.ids;
	uint32_t i = socialcap__ds_ids_find(&ctx->actor_ids, &ctx->new_actors, id, len, hash);

	/* The two sets are disjoint (checked in actors.csv), so the order of
	 * the look-ups does not matter; new actors are the common case. */
	if (i != UINT32_MAX) {
		*out = i + (uint32_t)known->count;
		return 1;
	}
	i = known->count > 0 ? socialcap__strtab_find(known, id, len) : UINT32_MAX;
	if (i == UINT32_MAX)
		return 0;
	*out = i;
	return 1;
}

static int resolve_actor(const ds_ctx *ctx, const char *id, uint32_t *out)
{
	size_t len = strlen(id);

	return socialcap__ds_resolve_actor(ctx, id, len, socialcap__hash_bytes(id, len), out);
}

/* A text equal to the one cached, whose index is then in c->index. */
static int cache_hit(const ds_text_cache *c, const char *text)
{
	return c->valid && strcmp(c->text, text) == 0;
}

static void cache_put(ds_text_cache *c, const char *text, uint32_t index)
{
	size_t len = strlen(text);

	c->valid = len < sizeof(c->text);
	if (c->valid) {
		memcpy(c->text, text, len + 1);
		c->index = index;
	}
}

static int actor_ref(ds_ctx *ctx, ds_table *t, int col, uint32_t *out)
{
	const char *id = socialcap__ds_value(t, col);
	ds_text_cache *c = &ctx->id_cache[col];

	/* Actors only change in actors.csv, before any reference: a cached
	 * index stays right for the rest of the import. */
	if (cache_hit(c, id)) {
		*out = c->index;
		return 0;
	}
	if (resolve_actor(ctx, id, out)) {
		cache_put(c, id, *out);
		return 0;
	}
	*out = UINT32_MAX; /* defined even where a validation goes on */
	return socialcap__ds_problem(ctx, t, col, SOCIALCAP_ENOTFOUND,
				     "%s: no actor with id \"%s\"",
				     t->spec->cols[col].name, id);
}

/* A label's index: in the network already, or staged as new. */
static int stage_label(ds_ctx *ctx, const socialcap__strtab *existing,
		       socialcap__strtab *fresh, const char *label, uint32_t *out)
{
	size_t len = strlen(label);
	uint32_t i = socialcap__strtab_find(existing, label, len);

	if (i == UINT32_MAX) {
		TRY(socialcap__strtab_intern(fresh, &ctx->tmp, label, len, &i));
		i += (uint32_t)existing->count;
	}
	if (out != NULL)
		*out = i;
	return 0;
}

static int records_limit(ds_ctx *ctx, ds_table *t, int col)
{
	const socialcap_network *net = ctx->net;
	uint64_t total = (uint64_t)net->contacts.count + net->events.ids.count +
			 net->events.att_total + ctx->new_contacts +
			 ctx->new_events.count + ctx->new_att;

	if (total > net->opts.max_records)
		return socialcap__ds_problem(ctx, t, col, SOCIALCAP_ELIMIT,
					     "ledger: more than %llu records (the network's max_records)",
					     (unsigned long long)net->opts.max_records);
	return 0;
}

static int check_sector(ds_ctx *ctx, ds_table *t, ds_row *row)
{
	const char *label;
	uint32_t i;

	TRY(socialcap__ds_parse_row(ctx, t, row));
	label = row->text[S_SECTOR];
	if (socialcap__strtab_find(&ctx->sector_rows, label, strlen(label)) !=
	    UINT32_MAX)
		return socialcap__ds_problem(ctx, t, S_SECTOR, SOCIALCAP_EEXISTS,
					     "sector: \"%s\" is listed twice", label);
	TRY(socialcap__strtab_intern(&ctx->sector_rows, &ctx->tmp, label,
				     strlen(label), &i));
	return stage_label(ctx, &ctx->net->sectors.labels, &ctx->new_sectors,
			   label, NULL);
}

/* Actors read before the id index is sized from the file. */
#define ESTIMATE_AFTER_ACTORS 4096u

/*
 * Size the index of new ids for the whole of actors.csv at once (actors so
 * far, scaled by the file's size over the bytes read, plus 1/32): growing
 * it step by step rehashes every id into a table that does not fit in
 * cache. Only a capacity: the index's contents do not depend on it.
 */
static int presize_ids(ds_ctx *ctx, const ds_table *t)
{
	uint64_t read = t->csv.offset, est;

	if (read == 0 || t->size <= read)
		return 0;
	est = (uint64_t)((double)ctx->new_actors.count * ((double)t->size / (double)read));
	est += est / 32;
	if (est > ctx->net->opts.max_actors)
		est = ctx->net->opts.max_actors;
	if (est > ctx->new_actors.count &&
	    socialcap__strtab_expect(&ctx->new_actors, &ctx->tmp,
				     (size_t)est - ctx->new_actors.count) != 0)
		return SOCIALCAP_ENOMEM;
	return socialcap__ds_ids_reserve(&ctx->actor_ids, &ctx->tmp, &ctx->new_actors,
					 (size_t)est);
}

static int check_actor(ds_ctx *ctx, ds_table *t, ds_row *row)
{
	const socialcap_network *net = ctx->net;
	uint32_t sector, nbh;
	const char *id;
	uint64_t hash;
	size_t k, len;

	TRY(socialcap__ds_parse_row(ctx, t, row));
	id = row->text[A_ID];
	if (socialcap__strtab_find(&net->actors.ids, id, strlen(id)) != UINT32_MAX)
		return socialcap__ds_problem(ctx, t, A_ID, SOCIALCAP_EEXISTS,
					     "id: actor \"%s\" already exists in the network",
					     id);
	len = strlen(id);
	hash = socialcap__hash_bytes(id, len);
	if (socialcap__ds_ids_find(&ctx->actor_ids, &ctx->new_actors, id, len, hash) !=
	    UINT32_MAX)
		return socialcap__ds_problem(ctx, t, A_ID, SOCIALCAP_EEXISTS,
					     "id: actor \"%s\" is listed twice", id);
	if (ctx->new_actors.count == ESTIMATE_AFTER_ACTORS)
		TRY(presize_ids(ctx, t));
	/* absent, as just checked: add without looking it up again */
	TRY(socialcap__strtab_reserve(&ctx->new_actors, &ctx->tmp, 1, len));
	TRY(socialcap__ds_ids_reserve(&ctx->actor_ids, &ctx->tmp, &ctx->new_actors,
				      ctx->new_actors.count + 1));
	socialcap__ds_ids_insert(&ctx->actor_ids, id, len, hash,
				 socialcap__strtab_add(&ctx->new_actors, id, len));
	if (net->actors.ids.count + ctx->new_actors.count > net->opts.max_actors)
		return socialcap__ds_problem(ctx, t, A_ID, SOCIALCAP_ELIMIT,
					     "id: more than %u actors (the network's max_actors)",
					     (unsigned)net->opts.max_actors);
	TRY(socialcap__ds_parse_rest(ctx, t, row));
	TRY(stage_label(ctx, &net->sectors.labels, &ctx->new_sectors,
			row->text[A_SECTOR], &sector));
	TRY(stage_label(ctx, &net->nbhs.labels, &ctx->new_nbhs, row->text[A_NBH],
			&nbh));
	if (SOCIALCAP__GROW(&ctx->tmp, ctx->group_ids, ctx->group_ids_cap, row->ngroups) != 0)
		return SOCIALCAP_ENOMEM;
	for (k = 0; k < row->ngroups; k++)
		TRY(stage_label(ctx, &net->groups, &ctx->new_groups, ctx->groups[k],
				&ctx->group_ids[k]));
	ctx->group_refs += row->ngroups;
	if (net->actors.group_pool_len + ctx->group_refs > UINT32_MAX)
		return socialcap__ds_problem(ctx, t, A_GROUPS, SOCIALCAP_ELIMIT,
					     "groups: too many group memberships in one network");
	/* validation only checks: nothing to commit */
	return ctx->collect ? 0
			    : socialcap__ds_actor_stage(ctx, row->kind, sector, nbh,
							row->number, ctx->group_ids,
							row->ngroups);
}

/* A layer label known already (in the network or staged): 1 and its
 * index, which cannot raise a problem. */
static int known_layer(ds_ctx *ctx, const char *layer, uint32_t *out)
{
	const socialcap__strtab *net_layers = &ctx->net->layers;
	size_t len;
	uint32_t i;

	if (cache_hit(&ctx->layer_cache, layer)) {
		*out = ctx->layer_cache.index;
		return 1;
	}
	len = strlen(layer);
	i = socialcap__strtab_find(net_layers, layer, len);
	if (i == UINT32_MAX) {
		i = socialcap__strtab_find(&ctx->new_layers, layer, len);
		if (i == UINT32_MAX)
			return 0;
		i += (uint32_t)net_layers->count;
	}
	cache_put(&ctx->layer_cache, layer, i);
	*out = i;
	return 1;
}

static int check_tie_row(ds_ctx *ctx, ds_table *t, ds_row *row)
{
	const socialcap_network *net = ctx->net;
	const char *layer;
	uint32_t a, b, lay;

	TRY(socialcap__ds_parse_row(ctx, t, row));
	layer = row->text[T_LAYER];
	TRY(actor_ref(ctx, t, T_A, &a));
	if (!ctx->collect && known_layer(ctx, layer, &lay)) {
		const char *id = row->text[T_B];
		size_t len = strlen(id);

		/* Nothing else in this row can raise a problem before b's
		 * look-up: let it wait for the next row while its slot is
		 * fetched (a cache miss per row in a big index). */
		if (len <= DS_ID_INLINE)
			return socialcap__ds_tie_stage_later(ctx, t, a, id, len,
							     socialcap__hash_bytes(id, len),
							     lay, row->weight, row->time);
	}
	TRY(actor_ref(ctx, t, T_B, &b));
	if (cache_hit(&ctx->layer_cache, layer)) {
		lay = ctx->layer_cache.index;
	} else {
		if (socialcap__strtab_find(&net->layers, layer, strlen(layer)) ==
			    UINT32_MAX &&
		    socialcap__strtab_find(&ctx->new_layers, layer, strlen(layer)) ==
			    UINT32_MAX &&
		    net->layers.count + ctx->new_layers.count >= SOCIALCAP__MAX_LAYERS)
			return socialcap__ds_problem(ctx, t, T_LAYER, SOCIALCAP_ELIMIT,
						     "layer: more than %u layers",
						     SOCIALCAP__MAX_LAYERS);
		TRY(stage_label(ctx, &net->layers, &ctx->new_layers, layer, &lay));
		cache_put(&ctx->layer_cache, layer, lay);
	}
	return socialcap__ds_tie_stage(ctx, t, a, b, lay, row->weight, row->time);
}

static int check_tie(ds_ctx *ctx, ds_table *t, ds_row *row)
{
	int rc = check_tie_row(ctx, t, row);

	/* a problem of this row: the row held back comes first */
	return rc != 0 && !ctx->collect ? socialcap__ds_ties_flush(ctx, t, rc) : rc;
}

static int check_contact(ds_ctx *ctx, ds_table *t, ds_row *row)
{
	uint32_t a, b;

	TRY(socialcap__ds_parse_row(ctx, t, row));
	TRY(actor_ref(ctx, t, C_A, &a));
	TRY(actor_ref(ctx, t, C_B, &b));
	ctx->new_contacts++;
	return records_limit(ctx, t, C_TIME);
}

static int check_event(ds_ctx *ctx, ds_table *t, ds_row *row)
{
	const socialcap_network *net = ctx->net;
	const socialcap__csv_field *f;
	const char *id;
	uint32_t i;

	TRY(socialcap__ds_parse_row(ctx, t, row));
	id = row->text[E_ID];
	if (socialcap__strtab_find(&net->events.ids, id, strlen(id)) != UINT32_MAX)
		return socialcap__ds_problem(ctx, t, E_ID, SOCIALCAP_EEXISTS,
					     "id: event \"%s\" already exists in the network",
					     id);
	if (socialcap__strtab_find(&ctx->new_events, id, strlen(id)) != UINT32_MAX)
		return socialcap__ds_problem(ctx, t, E_ID, SOCIALCAP_EEXISTS,
					     "id: event \"%s\" is listed twice", id);
	if (SOCIALCAP__GROW(&ctx->tmp, ctx->events, ctx->events_cap,
			    ctx->new_events.count + 1) != 0)
		return SOCIALCAP_ENOMEM;
	TRY(socialcap__strtab_intern(&ctx->new_events, &ctx->tmp, id, strlen(id), &i));
	f = &t->csv.fields[t->map[E_ID]];
	ctx->events[i].line = f->line;
	ctx->events[i].column = f->column;
	ctx->events[i].offset = f->offset;
	ctx->events[i].att_count = 0;
	TRY(records_limit(ctx, t, E_ID));
	TRY(socialcap__ds_parse_rest(ctx, t, row));
	TRY(stage_label(ctx, &net->nbhs.labels, &ctx->new_nbhs, row->text[E_NBH],
			NULL));
	return stage_label(ctx, &net->events.kinds, &ctx->new_kinds,
			   row->text[E_KIND], NULL);
}

static int check_attendance(ds_ctx *ctx, ds_table *t, ds_row *row)
{
	const char *event;
	ds_att_stage *s;
	uint32_t ev, actor;
	ds_key *key;
	int created;

	TRY(socialcap__ds_parse_row(ctx, t, row));
	event = row->text[AT_EVENT];
	ev = socialcap__strtab_find(&ctx->new_events, event, strlen(event));
	if (ev == UINT32_MAX)
		return socialcap__ds_problem(ctx, t, AT_EVENT, SOCIALCAP_ENOTFOUND,
					     "event: no event with id \"%s\" in events.csv",
					     event);
	TRY(actor_ref(ctx, t, AT_ACTOR, &actor));
	if (ctx->events[ev].att_count == UINT32_MAX)
		return socialcap__ds_problem(ctx, t, AT_EVENT, SOCIALCAP_ELIMIT,
					     "event: more than %u attendees", UINT32_MAX);
	TRY(socialcap__ds_keys_get(&ctx->attend, &ctx->tmp, ev, actor, 0, &key,
				   &created));
	if (!created)
		return socialcap__ds_problem(ctx, t, AT_ACTOR, SOCIALCAP_EINVAL,
					     "actor: \"%s\" attends event \"%s\" twice",
					     row->text[AT_ACTOR], event);
	if (SOCIALCAP__GROW(&ctx->tmp, ctx->att, ctx->att_cap, ctx->new_att + 1) != 0)
		return SOCIALCAP_ENOMEM;
	s = &ctx->att[ctx->new_att++];
	s->event = ev;
	s->actor = actor;
	s->role = row->role;
	ctx->events[ev].att_count++;
	return records_limit(ctx, t, AT_EVENT);
}

static int check_row(ds_ctx *ctx, ds_table *t)
{
	ds_row row;

	switch (t->which) {
	case DS_SECTORS:
		return check_sector(ctx, t, &row);
	case DS_ACTORS:
		return check_actor(ctx, t, &row);
	case DS_TIES:
		return check_tie(ctx, t, &row);
	case DS_CONTACTS:
		return check_contact(ctx, t, &row);
	case DS_EVENTS:
		return check_event(ctx, t, &row);
	default:
		return check_attendance(ctx, t, &row);
	}
}

int socialcap__ds_check_file(ds_ctx *ctx, ds_table *t)
{
	int rc = socialcap__ds_table_header(ctx, t);

	if (rc != 0)
		return rc;
	for (;;) {
		rc = socialcap__ds_table_row(ctx, t);
		if (rc == 1) {
			rc = check_row(ctx, t);
		} else if (t->which == DS_TIES && !ctx->collect) {
			/* the end, or a syntax problem: stage the row held back */
			return socialcap__ds_ties_flush(ctx, t, rc);
		} else if (rc == 0) {
			return 0;
		}
		if (rc != 0 && rc != DS_SKIP)
			return rc;
	}
}

int socialcap__ds_check_events_attended(ds_ctx *ctx)
{
	const ds_table *t = &ctx->tables[DS_EVENTS];
	size_t i;
	int rc;

	for (i = 0; i < ctx->new_events.count; i++) {
		const ds_event_stage *e = &ctx->events[i];

		if (e->att_count > 0)
			continue;
		rc = socialcap__ds_problem_at(ctx, t->path, e->line, e->column,
					      e->offset, "id", SOCIALCAP_EINVAL,
					      "id: event \"%s\" has no attendance rows (every event needs an attendee)",
					      ctx->new_events.strings[i]);
		if (rc != DS_SKIP)
			return rc;
	}
	return 0;
}
