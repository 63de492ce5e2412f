/* The network handle: creation, options, errors, and the label tables. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "network_internal.h"

static const char *const predefined_layers[] = {
	"family", "household", "neighbours", "work", "school"};

int socialcap_network_options_init(socialcap_network_options *opts,
				   unsigned int version)
{
	const socialcap_network_options defaults = SOCIALCAP_NETWORK_OPTIONS_INIT;

	if (opts == NULL)
		return SOCIALCAP_EINVAL;
	if (version != SOCIALCAP_NETWORK_OPTIONS_VERSION)
		return SOCIALCAP_EVERSION;
	*opts = defaults;
	return SOCIALCAP_OK;
}

int socialcap__net_fail(socialcap_network *net, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(net->errmsg, sizeof(net->errmsg), fmt, ap);
	va_end(ap);
	return status;
}

static int check_options(const socialcap_network_options *o)
{
	if (o->version != SOCIALCAP_NETWORK_OPTIONS_VERSION)
		return SOCIALCAP_EVERSION;
	if (o->max_id_bytes == 0 || o->max_id_bytes > SOCIALCAP_HARD_MAX_ID_BYTES ||
	    o->max_label_bytes == 0 ||
	    o->max_label_bytes > SOCIALCAP_HARD_MAX_LABEL_BYTES ||
	    o->max_actors == 0 || o->max_actors > SOCIALCAP_HARD_MAX_ACTORS ||
	    o->max_ties > UINT32_MAX - 1u)
		return SOCIALCAP_EINVAL;
	if (o->allocator != NULL &&
	    (o->allocator->malloc == NULL || o->allocator->realloc == NULL ||
	     o->allocator->free == NULL))
		return SOCIALCAP_EINVAL;
	return SOCIALCAP_OK;
}

int socialcap_network_new(socialcap_network **out,
			  const socialcap_network_options *opts)
{
	const socialcap_network_options defaults = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap__mem mem;
	socialcap_network *net;
	size_t i;
	int rc;

	if (out == NULL)
		return SOCIALCAP_EINVAL;
	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	rc = check_options(opts);
	if (rc != 0)
		return rc;
	socialcap__mem_init(&mem, opts->allocator);
	net = socialcap__mem_calloc(&mem, 1, sizeof(*net));
	if (net == NULL)
		return SOCIALCAP_ENOMEM;
	net->mem = mem;
	atomic_init(&net->holders, 0u); /* the caller owns it */
	net->opts = *opts;
	net->opts.allocator = NULL; /* copied into mem; never dereferenced again */
	socialcap__strtab_init(&net->actors.ids);
	socialcap__strtab_init(&net->sectors.labels);
	socialcap__strtab_init(&net->nbhs.labels);
	socialcap__strtab_init(&net->groups);
	socialcap__strtab_init(&net->layers);
	socialcap__strtab_init(&net->events.ids);
	socialcap__strtab_init(&net->events.kinds);
	for (i = 0; i < sizeof(predefined_layers) / sizeof(*predefined_layers); i++) {
		uint32_t index;
		const char *s = predefined_layers[i];

		rc = socialcap__strtab_intern(&net->layers, &net->mem, s, strlen(s),
					      &index);
		if (rc != 0) {
			socialcap_network_free(net);
			return rc;
		}
	}
	*out = net;
	return SOCIALCAP_OK;
}

#define COL_FREE(net, tab, name) SOCIALCAP__COL_FREE(&(net)->mem, (tab), name)

static void free_model(socialcap_network *net)
{
	socialcap__actors *a = &net->actors;

	socialcap__strtab_free(&a->ids, &net->mem);
	COL_FREE(net, a, kind);
	COL_FREE(net, a, sector);
	COL_FREE(net, a, neighbourhood);
	COL_FREE(net, a, status);
	COL_FREE(net, a, group_first);
	COL_FREE(net, a, group_count);
	COL_FREE(net, a, group_pool);
	socialcap__strtab_free(&net->sectors.labels, &net->mem);
	COL_FREE(net, &net->sectors, tier);
	COL_FREE(net, &net->sectors, prestige);
	socialcap__strtab_free(&net->nbhs.labels, &net->mem);
	COL_FREE(net, &net->nbhs, actors);
	COL_FREE(net, &net->nbhs, residents);
	socialcap__strtab_free(&net->groups, &net->mem);
	socialcap__strtab_free(&net->layers, &net->mem);
	socialcap__ties_release(&net->ties, &net->mem);
}

static void free_ledger(socialcap_network *net)
{
	socialcap__contacts *c = &net->contacts;
	socialcap__events *e = &net->events;

	COL_FREE(net, c, time);
	COL_FREE(net, c, a);
	COL_FREE(net, c, b);
	COL_FREE(net, c, channel);
	COL_FREE(net, c, weight);
	COL_FREE(net, c, cost);
	socialcap__strtab_free(&e->ids, &net->mem);
	socialcap__strtab_free(&e->kinds, &net->mem);
	COL_FREE(net, e, time);
	COL_FREE(net, e, neighbourhood);
	COL_FREE(net, e, kind);
	COL_FREE(net, e, channel);
	COL_FREE(net, e, cost);
	COL_FREE(net, e, att_first);
	COL_FREE(net, e, att_count);
	COL_FREE(net, e, att_actor);
	COL_FREE(net, e, att_role);
}

void socialcap_network_free(socialcap_network *net)
{
	socialcap__mem mem;

	if (net == NULL)
		return;
	free_model(net);
	free_ledger(net);
	mem = net->mem;
	socialcap__mem_free(&mem, net, sizeof(*net));
}

int socialcap__net_hold(socialcap_network *net)
{
	/* Only holders add holders, so a count above 0 stays above 0 here. */
	if (atomic_load(&net->holders) == 0)
		return 0;
	atomic_fetch_add(&net->holders, 1u);
	return 1;
}

void socialcap__net_let_go(socialcap_network *net)
{
	if (atomic_fetch_sub(&net->holders, 1u) == 1u)
		socialcap_network_free(net);
}

const char *socialcap_network_errmsg(const socialcap_network *net)
{
	if (net == NULL)
		return "no network (NULL handle)";
	return net->errmsg;
}

size_t socialcap_network_memory(const socialcap_network *net)
{
	return net != NULL ? net->mem.bytes : 0;
}

/* Ties without a time count from the beginning and never decay, and only
 * contacts and events carry times of their own: without them, a snapshot
 * at any earlier time holds the same ties. */
int socialcap_network_timeless(const socialcap_network *net)
{
	return net != NULL && !socialcap__net_ties_timed(net) && net->contacts.count == 0 &&
	       net->events.ids.count == 0;
}

/* ---------------------------------------------------------------- sectors */

int socialcap__sector_reserve(socialcap_network *net, size_t len)
{
	socialcap__sectors *s = &net->sectors;
	size_t need = s->labels.count + 1;
	int rc;

	if ((rc = socialcap__strtab_reserve(&s->labels, &net->mem, 1, len)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(&net->mem, s, tier, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(&net->mem, s, prestige, need)) != 0)
		return socialcap__net_fail(net, rc, "out of memory");
	return SOCIALCAP_OK;
}

uint32_t socialcap__sector_add(socialcap_network *net, const char *label,
			       size_t len, int tier, double prestige)
{
	socialcap__sectors *s = &net->sectors;
	uint32_t index = socialcap__strtab_add(&s->labels, label, len);

	s->tier[index] = tier;
	s->prestige[index] = prestige;
	return index;
}

static int check_sector_values(socialcap_network *net, int tier, double prestige)
{
	if (tier < 0)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "tier: must be >= 0");
	if (isinf(prestige))
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "prestige: must be finite or NaN (unknown)");
	return SOCIALCAP_OK;
}

int socialcap_network_set_sector(socialcap_network *net, uint32_t *out,
				 const char *label, int tier, double prestige)
{
	size_t len;
	uint32_t index;
	int rc;

	if (net == NULL)
		return SOCIALCAP_EINVAL;
	socialcap__net_ok(net);
	if ((rc = socialcap__net_check_text(net, "sector", label,
					    net->opts.max_label_bytes, &len)) != 0 ||
	    (rc = check_sector_values(net, tier, prestige)) != 0)
		return rc;
	index = socialcap__strtab_find(&net->sectors.labels, label, len);
	if (index == UINT32_MAX) {
		if ((rc = socialcap__sector_reserve(net, len)) != 0)
			return rc;
		index = socialcap__sector_add(net, label, len, tier, prestige);
	} else {
		net->sectors.tier[index] = tier;
		net->sectors.prestige[index] = isnan(prestige) ? NAN : prestige;
	}
	if (out != NULL)
		*out = index;
	return SOCIALCAP_OK;
}

uint32_t socialcap_network_sector_count(const socialcap_network *net)
{
	return net != NULL ? (uint32_t)net->sectors.labels.count : 0;
}

/* Shared by the find functions: look @p label up in @p tab. */
static int find_label(const socialcap__strtab *tab, uint32_t *out, const char *label)
{
	uint32_t index;

	if (out == NULL || label == NULL)
		return SOCIALCAP_EINVAL;
	index = socialcap__strtab_find(tab, label, strlen(label));
	if (index == UINT32_MAX)
		return SOCIALCAP_ENOTFOUND;
	*out = index;
	return SOCIALCAP_OK;
}

int socialcap_network_find_sector(const socialcap_network *net, uint32_t *out,
				  const char *label)
{
	return net != NULL ? find_label(&net->sectors.labels, out, label)
			   : SOCIALCAP_EINVAL;
}

const char *socialcap_network_sector_label(const socialcap_network *net,
					   uint32_t sector)
{
	return net != NULL ? socialcap__strtab_get(&net->sectors.labels, sector) : NULL;
}

int socialcap_network_sector_tier(const socialcap_network *net, uint32_t sector)
{
	if (net == NULL || sector >= net->sectors.labels.count)
		return -1;
	return net->sectors.tier[sector];
}

double socialcap_network_sector_prestige(const socialcap_network *net,
					 uint32_t sector)
{
	if (net == NULL || sector >= net->sectors.labels.count)
		return NAN;
	return net->sectors.prestige[sector];
}

/* --------------------------------------------------------- neighbourhoods */

int socialcap__nbh_reserve(socialcap_network *net, size_t len)
{
	socialcap__nbhs *n = &net->nbhs;
	size_t need = n->labels.count + 1;
	int rc;

	if ((rc = socialcap__strtab_reserve(&n->labels, &net->mem, 1, len)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(&net->mem, n, actors, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(&net->mem, n, residents, need)) != 0)
		return socialcap__net_fail(net, rc, "out of memory");
	return SOCIALCAP_OK;
}

uint32_t socialcap__nbh_add(socialcap_network *net, const char *label, size_t len)
{
	socialcap__nbhs *n = &net->nbhs;
	uint32_t index = socialcap__strtab_add(&n->labels, label, len);

	n->actors[index] = 0;
	n->residents[index] = 0;
	return index;
}

int socialcap__nbh_intern(socialcap_network *net, const char *label, size_t len,
			  uint32_t *out)
{
	uint32_t index = socialcap__strtab_find(&net->nbhs.labels, label, len);
	int rc;

	if (index == UINT32_MAX) {
		if ((rc = socialcap__nbh_reserve(net, len)) != 0)
			return rc;
		index = socialcap__nbh_add(net, label, len);
	}
	*out = index;
	return SOCIALCAP_OK;
}

uint32_t socialcap_network_neighbourhood_count(const socialcap_network *net)
{
	return net != NULL ? (uint32_t)net->nbhs.labels.count : 0;
}

const char *socialcap_network_neighbourhood_label(const socialcap_network *net,
						  uint32_t nbh)
{
	return net != NULL ? socialcap__strtab_get(&net->nbhs.labels, nbh) : NULL;
}

int socialcap_network_find_neighbourhood(const socialcap_network *net,
					 uint32_t *out, const char *label)
{
	return net != NULL ? find_label(&net->nbhs.labels, out, label)
			   : SOCIALCAP_EINVAL;
}

uint32_t socialcap_network_neighbourhood_actor_count(const socialcap_network *net,
						     uint32_t nbh)
{
	if (net == NULL || nbh >= net->nbhs.labels.count)
		return 0;
	return net->nbhs.actors[nbh];
}

uint32_t socialcap_network_neighbourhood_resident_count(const socialcap_network *net,
							uint32_t nbh)
{
	if (net == NULL || nbh >= net->nbhs.labels.count)
		return 0;
	return net->nbhs.residents[nbh];
}

/* ------------------------------------------------------- groups, layers */

uint32_t socialcap_network_group_count(const socialcap_network *net)
{
	return net != NULL ? (uint32_t)net->groups.count : 0;
}

const char *socialcap_network_group_label(const socialcap_network *net,
					  uint32_t group)
{
	return net != NULL ? socialcap__strtab_get(&net->groups, group) : NULL;
}

uint32_t socialcap_network_layer_count(const socialcap_network *net)
{
	return net != NULL ? (uint32_t)net->layers.count : 0;
}

const char *socialcap_network_layer_label(const socialcap_network *net,
					  uint32_t layer)
{
	return net != NULL ? socialcap__strtab_get(&net->layers, layer) : NULL;
}

int socialcap_network_find_layer(const socialcap_network *net, uint32_t *out,
				 const char *label)
{
	return net != NULL ? find_label(&net->layers, out, label) : SOCIALCAP_EINVAL;
}
