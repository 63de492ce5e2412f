/*
 * The actors of an import, staged once: the check step resolves each row
 * of actors.csv to final indices (sector, neighbourhood, groups) and keeps
 * its values in columns, so actors.csv is read once and never held. The
 * commit writes the columns into the network as socialcap_network_add_actor()
 * would, creating the new labels in the same order, and hands the staged id
 * table to a network without actors (no second hashing of the ids).
 */
#include <math.h>
#include <string.h>

#include "dataset_internal.h"

int socialcap__ds_actor_stage(ds_ctx *ctx, int kind, uint32_t sector, uint32_t nbh,
			      double status, const uint32_t *groups, size_t group_count)
{
	ds_actor_stage *s = &ctx->actor_stage;
	socialcap__mem *m = &ctx->tmp;
	size_t need = s->count + 1, k;
	int rc;

	if ((rc = SOCIALCAP__COL_GROW(m, s, kind, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(m, s, sector, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(m, s, nbh, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(m, s, status, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(m, s, group_count, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(m, s, groups, s->group_len + group_count)) != 0)
		return rc;
	s->kind[s->count] = (uint8_t)kind;
	s->sector[s->count] = sector;
	s->nbh[s->count] = nbh;
	s->status[s->count] = status;
	s->group_count[s->count] = (uint16_t)group_count;
	for (k = 0; k < group_count; k++)
		s->groups[s->group_len + k] = groups[k];
	s->group_len += group_count;
	s->count++;
	return 0;
}

/* The staged label with final index @p index, created in the network when
 * it is the next new one (labels are staged in order of creation). */
static const char *fresh_label(const socialcap__strtab *fresh, uint32_t index,
			       uint32_t base, size_t *len)
{
	const char *label = fresh->strings[index - base];

	*len = strlen(label);
	return label;
}

void socialcap__ds_actors_commit(ds_ctx *ctx, const ds_label_base *base)
{
	socialcap_network *net = ctx->net;
	socialcap__actors *a = &net->actors;
	const ds_actor_stage *s = &ctx->actor_stage;
	size_t i, g = 0, k;

	if (s->count == 0)
		return;
	if (a->ids.count == 0) {
		/* The staged ids change owner: count them in the network. */
		size_t bytes = socialcap__strtab_bytes(&ctx->new_actors);

		socialcap__strtab_free(&a->ids, &net->mem);
		ctx->tmp.bytes -= bytes;
		net->mem.bytes += bytes;
		a->ids = ctx->new_actors;
		socialcap__strtab_init(&ctx->new_actors);
	} else {
		for (i = 0; i < s->count; i++) {
			const char *id = ctx->new_actors.strings[i];

			(void)socialcap__strtab_add(&a->ids, id, strlen(id));
		}
	}
	for (i = 0; i < s->count; i++) {
		const size_t index = base->actors + i;
		uint32_t sector = s->sector[i], nbh = s->nbh[i];
		size_t len;

		if (sector >= net->sectors.labels.count) {
			const char *l = fresh_label(&ctx->new_sectors, sector,
						    base->sectors, &len);

			(void)socialcap__sector_add(net, l, len, 0, NAN);
		}
		if (nbh >= net->nbhs.labels.count) {
			const char *l = fresh_label(&ctx->new_nbhs, nbh, base->nbhs, &len);

			(void)socialcap__nbh_add(net, l, len);
		}
		a->kind[index] = s->kind[i];
		a->sector[index] = sector;
		a->neighbourhood[index] = nbh;
		a->status[index] = isnan(s->status[i]) ? NAN : s->status[i];
		a->group_first[index] = (uint32_t)a->group_pool_len;
		a->group_count[index] = s->group_count[i];
		for (k = 0; k < s->group_count[i]; k++, g++) {
			uint32_t grp = s->groups[g];

			if (grp >= net->groups.count) {
				const char *l = fresh_label(&ctx->new_groups, grp,
							    base->groups, &len);

				(void)socialcap__strtab_add(&net->groups, l, len);
			}
			a->group_pool[a->group_pool_len + k] = grp;
		}
		a->group_pool_len += s->group_count[i];
		net->nbhs.actors[nbh]++;
		if (s->kind[i] == SOCIALCAP_RESIDENT)
			net->nbhs.residents[nbh]++;
	}
}

void socialcap__ds_actors_free(ds_ctx *ctx)
{
	ds_actor_stage *s = &ctx->actor_stage;
	socialcap__mem *m = &ctx->tmp;

	SOCIALCAP__COL_FREE(m, s, kind);
	SOCIALCAP__COL_FREE(m, s, sector);
	SOCIALCAP__COL_FREE(m, s, nbh);
	SOCIALCAP__COL_FREE(m, s, status);
	SOCIALCAP__COL_FREE(m, s, group_count);
	SOCIALCAP__COL_FREE(m, s, groups);
	memset(s, 0, sizeof(*s));
}
