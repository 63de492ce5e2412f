/* Actors: adding them (atomically, with their labels) and reading them. */
#include <math.h>
#include <string.h>

#include "network_internal.h"

/* What add_actor learned while validating, so it can commit without
 * looking anything up twice. */
typedef struct actor_plan {
	size_t id_len, sector_len, nbh_len;
	uint32_t sector, nbh;       /* UINT32_MAX = new */
	size_t new_groups, new_group_bytes;
} actor_plan;

static int check_actor(socialcap_network *net, actor_plan *plan, const char *id,
		       socialcap_actor_kind kind, const char *sector,
		       const char *nbh, double status, const char *const *groups,
		       size_t group_count)
{
	const size_t max_label = net->opts.max_label_bytes;
	size_t i;
	int rc;

	if ((rc = socialcap__net_check_text(net, "id", id, net->opts.max_id_bytes,
					    &plan->id_len)) != 0)
		return rc;
	if (socialcap__strtab_find(&net->actors.ids, id, plan->id_len) != UINT32_MAX)
		return socialcap__net_fail(net, SOCIALCAP_EEXISTS,
					   "id: actor \"%s\" already exists", id);
	if ((unsigned)kind > SOCIALCAP_ORGANISATION)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "kind: must be resident, professional or organisation for actor \"%s\"",
					   id);
	if (!isnan(status) && !(status >= 0.0 && status <= 1.0))
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "status: must be within [0,1] or unknown, for actor \"%s\"",
					   id);
	if ((rc = socialcap__net_check_text(net, "sector", sector, max_label,
					    &plan->sector_len)) != 0 ||
	    (rc = socialcap__net_check_text(net, "neighbourhood", nbh, max_label,
					    &plan->nbh_len)) != 0)
		return rc;
	if (group_count > 0 && groups == NULL)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "groups: NULL array with %zu groups", group_count);
	if (group_count > SOCIALCAP__MAX_GROUPS_PER_ACTOR)
		return socialcap__net_fail(net, SOCIALCAP_ELIMIT,
					   "groups: more than %u for actor \"%s\"",
					   SOCIALCAP__MAX_GROUPS_PER_ACTOR, id);
	plan->new_groups = plan->new_group_bytes = 0;
	for (i = 0; i < group_count; i++) {
		size_t len;

		if ((rc = socialcap__net_check_text(net, "groups", groups[i],
						    max_label, &len)) != 0)
			return rc;
		if (socialcap__strtab_find(&net->groups, groups[i], len) == UINT32_MAX) {
			plan->new_groups++;
			plan->new_group_bytes += len;
		}
	}
	if (net->actors.ids.count >= net->opts.max_actors)
		return socialcap__net_fail(net, SOCIALCAP_ELIMIT,
					   "actors: the network holds its maximum of %u",
					   (unsigned)net->opts.max_actors);
	plan->sector = socialcap__strtab_find(&net->sectors.labels, sector,
					      plan->sector_len);
	plan->nbh = socialcap__strtab_find(&net->nbhs.labels, nbh, plan->nbh_len);
	return SOCIALCAP_OK;
}

static int reserve_actor(socialcap_network *net, const actor_plan *plan,
			 size_t group_count)
{
	socialcap__actors *a = &net->actors;
	socialcap__mem *mem = &net->mem;
	size_t need = a->ids.count + 1;
	int rc;

	if (plan->sector == UINT32_MAX &&
	    (rc = socialcap__sector_reserve(net, plan->sector_len)) != 0)
		return rc;
	if (plan->nbh == UINT32_MAX &&
	    (rc = socialcap__nbh_reserve(net, plan->nbh_len)) != 0)
		return rc;
	if ((rc = socialcap__strtab_reserve(&net->groups, mem, plan->new_groups,
					    plan->new_group_bytes)) != 0 ||
	    (rc = socialcap__strtab_reserve(&a->ids, mem, 1, plan->id_len)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, a, kind, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, a, sector, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, a, neighbourhood, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, a, status, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, a, group_first, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, a, group_count, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, a, group_pool,
				      a->group_pool_len + group_count)) != 0)
		return socialcap__net_fail(net, rc, "out of memory");
	if (a->group_pool_len + group_count > UINT32_MAX)
		return socialcap__net_fail(net, SOCIALCAP_ELIMIT,
					   "groups: too many group memberships in one network");
	return SOCIALCAP_OK;
}

/* Append the actor's distinct groups to the pool; cannot fail. */
static uint16_t add_groups(socialcap_network *net, const char *const *groups,
			   size_t group_count)
{
	socialcap__actors *a = &net->actors;
	uint32_t *mine;
	uint16_t n = 0;
	size_t i, k;

	/* The pool is still NULL while no actor has a group, and NULL + 0 is
	 * undefined behaviour. */
	if (group_count == 0)
		return 0;
	mine = a->group_pool + a->group_pool_len;

	for (i = 0; i < group_count; i++) {
		size_t len = strlen(groups[i]);
		uint32_t g = socialcap__strtab_find(&net->groups, groups[i], len);

		if (g == UINT32_MAX)
			g = socialcap__strtab_add(&net->groups, groups[i], len);
		for (k = 0; k < n && mine[k] != g; k++)
			;
		if (k == n)
			mine[n++] = g;
	}
	return n;
}

int socialcap_network_add_actor(socialcap_network *net, uint32_t *out,
				const char *id, socialcap_actor_kind kind,
				const char *sector, const char *neighbourhood,
				double status, const char *const *groups,
				size_t group_count)
{
	socialcap__actors *a;
	actor_plan plan;
	uint32_t index;
	int rc;

	if (net == NULL)
		return SOCIALCAP_EINVAL;
	socialcap__net_ok(net);
	rc = check_actor(net, &plan, id, kind, sector, neighbourhood, status,
			 groups, group_count);
	if (rc == 0)
		rc = reserve_actor(net, &plan, group_count);
	if (rc != 0)
		return rc;
	/* Everything needed is allocated: from here on nothing can fail. */
	a = &net->actors;
	if (plan.sector == UINT32_MAX)
		plan.sector = socialcap__sector_add(net, sector, plan.sector_len, 0, NAN);
	if (plan.nbh == UINT32_MAX)
		plan.nbh = socialcap__nbh_add(net, neighbourhood, plan.nbh_len);
	index = socialcap__strtab_add(&a->ids, id, plan.id_len);
	a->kind[index] = (uint8_t)kind;
	a->sector[index] = plan.sector;
	a->neighbourhood[index] = plan.nbh;
	a->status[index] = isnan(status) ? NAN : status;
	a->group_first[index] = (uint32_t)a->group_pool_len;
	a->group_count[index] = add_groups(net, groups, group_count);
	a->group_pool_len += a->group_count[index];
	net->nbhs.actors[plan.nbh]++;
	if (kind == SOCIALCAP_RESIDENT)
		net->nbhs.residents[plan.nbh]++;
	if (out != NULL)
		*out = index;
	return SOCIALCAP_OK;
}

int socialcap_network_reserve(socialcap_network *net, uint32_t actors,
			      uint64_t ties)
{
	socialcap__actors *a;
	socialcap__mem *mem;
	int rc;

	if (net == NULL)
		return SOCIALCAP_EINVAL;
	socialcap__net_ok(net);
	if (actors > net->opts.max_actors || ties > net->opts.max_ties)
		return socialcap__net_fail(net, SOCIALCAP_ELIMIT,
					   "reserve: beyond the network's limits");
	a = &net->actors;
	mem = &net->mem;
	if (actors > a->ids.count) {
		size_t extra = actors - a->ids.count;

		/* Id text is not known yet: reserve slots and pointers only. */
		if ((rc = socialcap__strtab_reserve(&a->ids, mem, extra, 0)) != 0 ||
		    (rc = SOCIALCAP__COL_GROW(mem, a, kind, actors)) != 0 ||
		    (rc = SOCIALCAP__COL_GROW(mem, a, sector, actors)) != 0 ||
		    (rc = SOCIALCAP__COL_GROW(mem, a, neighbourhood, actors)) != 0 ||
		    (rc = SOCIALCAP__COL_GROW(mem, a, status, actors)) != 0 ||
		    (rc = SOCIALCAP__COL_GROW(mem, a, group_first, actors)) != 0 ||
		    (rc = SOCIALCAP__COL_GROW(mem, a, group_count, actors)) != 0)
			return socialcap__net_fail(net, rc, "out of memory");
	}
	rc = socialcap__ties_reserve(net, ties);
	if (rc != 0)
		return socialcap__net_fail(net, rc, "out of memory");
	return SOCIALCAP_OK;
}

uint32_t socialcap_network_actor_count(const socialcap_network *net)
{
	return net != NULL ? (uint32_t)net->actors.ids.count : 0;
}

int socialcap_network_find_actor(const socialcap_network *net, uint32_t *out,
				 const char *id)
{
	uint32_t index;

	if (net == NULL || out == NULL || id == NULL)
		return SOCIALCAP_EINVAL;
	index = socialcap__strtab_find(&net->actors.ids, id, strlen(id));
	if (index == UINT32_MAX)
		return SOCIALCAP_ENOTFOUND;
	*out = index;
	return SOCIALCAP_OK;
}

static int valid_actor(const socialcap_network *net, uint32_t actor)
{
	return net != NULL && actor < net->actors.ids.count;
}

const char *socialcap_network_actor_id(const socialcap_network *net, uint32_t actor)
{
	return valid_actor(net, actor) ? net->actors.ids.strings[actor] : NULL;
}

int socialcap_network_actor_kind(const socialcap_network *net, uint32_t actor)
{
	return valid_actor(net, actor) ? net->actors.kind[actor] : -1;
}

uint32_t socialcap_network_actor_sector(const socialcap_network *net, uint32_t actor)
{
	return valid_actor(net, actor) ? net->actors.sector[actor] : SOCIALCAP_NO_INDEX;
}

uint32_t socialcap_network_actor_neighbourhood(const socialcap_network *net,
					       uint32_t actor)
{
	return valid_actor(net, actor) ? net->actors.neighbourhood[actor]
				       : SOCIALCAP_NO_INDEX;
}

double socialcap_network_actor_status(const socialcap_network *net, uint32_t actor)
{
	return valid_actor(net, actor) ? net->actors.status[actor] : NAN;
}

int socialcap_network_actor_is_institution(const socialcap_network *net,
					   uint32_t actor)
{
	return valid_actor(net, actor) &&
	       net->sectors.tier[net->actors.sector[actor]] > 0;
}

uint32_t socialcap_network_actor_group_count(const socialcap_network *net,
					     uint32_t actor)
{
	return valid_actor(net, actor) ? net->actors.group_count[actor] : 0;
}

uint32_t socialcap_network_actor_group(const socialcap_network *net,
				       uint32_t actor, uint32_t k)
{
	if (!valid_actor(net, actor) || k >= net->actors.group_count[actor])
		return SOCIALCAP_NO_INDEX;
	return net->actors.group_pool[net->actors.group_first[actor] + k];
}
