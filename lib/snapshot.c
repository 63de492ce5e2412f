/* The snapshot handle: options, the build driver, attributes and getters. */
#include <math.h>
#include <string.h>

#include "network_internal.h"
#include "snapshot_internal.h"

int socialcap_snapshot_options_init(socialcap_snapshot_options *opts,
				    unsigned int version)
{
	const socialcap_snapshot_options defaults = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;

	if (opts == NULL)
		return SOCIALCAP_EINVAL;
	if (version != SOCIALCAP_SNAPSHOT_OPTIONS_VERSION)
		return SOCIALCAP_EVERSION;
	*opts = defaults;
	return SOCIALCAP_OK;
}

static int check_options(socialcap_network *net, const socialcap_snapshot_options *o)
{
	uint32_t i;

	if (o->version != SOCIALCAP_SNAPSHOT_OPTIONS_VERSION)
		return socialcap__net_fail(net, SOCIALCAP_EVERSION,
					   "snapshot options: unknown version %u",
					   o->version);
	if (o->half_life_physical < 0 || o->half_life_digital < 0 ||
	    o->half_life_event < 0)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "snapshot options: negative half-life");
	if (!isfinite(o->theta) || o->theta < 0)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "snapshot options: theta must be finite and >= 0");
	if (o->max_clique_event < 2)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "snapshot options: max_clique_event must be >= 2");
	if (o->layer_half_life_count > 0 && o->layer_half_lives == NULL)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "snapshot options: layer_half_lives is NULL");
	for (i = 0; i < o->layer_half_life_count; i++)
		if (o->layer_half_lives[i] < 0)
			return socialcap__net_fail(
				net, SOCIALCAP_EINVAL,
				"snapshot options: layer_half_lives[%u] is negative",
				(unsigned)i);
	return SOCIALCAP_OK;
}

/* The latest time on the network: contacts, events and tie `since`. */
static int64_t latest_time(const socialcap_network *net)
{
	int64_t t = SOCIALCAP_TIME_NONE;
	size_t i;

	for (i = 0; net->ties.since != NULL && i < net->ties.count; i++)
		if (net->ties.since[i] > t)
			t = net->ties.since[i];
	for (i = 0; i < net->contacts.count; i++)
		if (net->contacts.time[i] > t)
			t = net->contacts.time[i];
	for (i = 0; i < net->events.ids.count; i++)
		if (net->events.time[i] > t)
			t = net->events.time[i];
	return t == SOCIALCAP_TIME_NONE ? 0 : t;
}

#define ALLOC_ARRAY(s, ptr, count)                                             \
	((ptr) = socialcap__mem_calloc(&(s)->mem, (count) ? (count) : 1,       \
				       sizeof(*(ptr))))

static size_t bytes_of(size_t count, size_t elem)
{
	return (count ? count : 1) * elem;
}

static void free_attributes(socialcap_snapshot *s)
{
	size_t n = s->n;

	socialcap__mem_free(&s->mem, s->kind, bytes_of(n, sizeof(*s->kind)));
	socialcap__mem_free(&s->mem, s->sector, bytes_of(n, sizeof(*s->sector)));
	socialcap__mem_free(&s->mem, s->nbh, bytes_of(n, sizeof(*s->nbh)));
	socialcap__mem_free(&s->mem, s->status, bytes_of(n, sizeof(*s->status)));
	socialcap__mem_free(&s->mem, s->strength, bytes_of(n, sizeof(*s->strength)));
	socialcap__mem_free(&s->mem, s->tier,
			    bytes_of(s->sector_count, sizeof(*s->tier)));
	socialcap__mem_free(&s->mem, s->prestige,
			    bytes_of(s->sector_count, sizeof(*s->prestige)));
	socialcap__mem_free(&s->mem, s->layer_half_lives,
			    bytes_of(s->opts.layer_half_life_count,
				     sizeof(*s->layer_half_lives)));
}

static int copy_attributes(socialcap_snapshot *s, const socialcap_network *net)
{
	uint32_t k;

	if (ALLOC_ARRAY(s, s->kind, s->n) == NULL ||
	    ALLOC_ARRAY(s, s->sector, s->n) == NULL ||
	    ALLOC_ARRAY(s, s->nbh, s->n) == NULL ||
	    ALLOC_ARRAY(s, s->status, s->n) == NULL ||
	    ALLOC_ARRAY(s, s->strength, s->n) == NULL ||
	    ALLOC_ARRAY(s, s->tier, s->sector_count) == NULL ||
	    ALLOC_ARRAY(s, s->prestige, s->sector_count) == NULL ||
	    ALLOC_ARRAY(s, s->layer_half_lives, s->opts.layer_half_life_count) == NULL)
		return SOCIALCAP_ENOMEM;
	if (s->n > 0) {
		memcpy(s->kind, net->actors.kind, s->n * sizeof(*s->kind));
		memcpy(s->sector, net->actors.sector, s->n * sizeof(*s->sector));
		memcpy(s->nbh, net->actors.neighbourhood, s->n * sizeof(*s->nbh));
		memcpy(s->status, net->actors.status, s->n * sizeof(*s->status));
	}
	for (k = 0; k < s->sector_count; k++) {
		s->tier[k] = net->sectors.tier[k];
		s->prestige[k] = net->sectors.prestige[k];
	}
	if (s->opts.layer_half_life_count > 0)
		memcpy(s->layer_half_lives, s->opts.layer_half_lives,
		       s->opts.layer_half_life_count * sizeof(*s->layer_half_lives));
	s->opts.layer_half_lives = s->layer_half_lives;
	return SOCIALCAP_OK;
}

static void compute_strength(socialcap_snapshot *s)
{
	uint32_t v;

	for (v = 0; v < s->n; v++) {
		double sum = 0;
		uint64_t e;

		for (e = s->off[v]; e < s->off[v + 1]; e++)
			sum += s->w[e];
		s->strength[v] = sum;
	}
}

void socialcap_snapshot_free(socialcap_snapshot *snap)
{
	socialcap_network *net;
	socialcap__mem mem;

	if (snap == NULL)
		return;
	free_attributes(snap);
	socialcap__mem_free(&snap->mem, snap->off, ((size_t)snap->n + 1) * sizeof(*snap->off));
	socialcap__mem_free(&snap->mem, snap->adj, (size_t)snap->adj_room * sizeof(*snap->adj));
	socialcap__mem_free(&snap->mem, snap->w, (size_t)snap->w_room * sizeof(*snap->w));
	socialcap__snap_attendance_free(snap);
	net = snap->owns_net ? snap->net : NULL;
	mem = snap->mem;
	socialcap__mem_free(&mem, snap, sizeof(*snap));
	if (net != NULL)
		socialcap__net_let_go(net);
}

/* Attendance before the graph: a build that takes its network over
 * consumes the ties while writing the graph, so everything that may fail
 * comes first. */
static int build(socialcap_snapshot *s, socialcap_network *net, int taking)
{
	int rc;

	if ((rc = copy_attributes(s, net)) != 0 ||
	    (rc = socialcap__snap_attendance(s, net)) != 0 ||
	    (rc = socialcap__snap_make_csr(s, net, taking)) != 0)
		return rc;
	compute_strength(s);
	return SOCIALCAP_OK;
}

static int build_snapshot(socialcap_snapshot **out, socialcap_network *net,
			  const socialcap_snapshot_options *opts, int taking)
{
	const socialcap_snapshot_options defaults = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap__mem mem;
	socialcap_snapshot *s;
	uint8_t timed;
	int rc;

	if (out == NULL || net == NULL)
		return net != NULL ? socialcap__net_fail(net, SOCIALCAP_EINVAL,
							 "snapshot: NULL out")
				   : SOCIALCAP_EINVAL;
	*out = NULL;
	if (net->ties_released)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "snapshot: " SOCIALCAP__TIES_RELEASED);
	if (taking && (rc = socialcap__snap_may_own(net)) != 0)
		return rc;
	if (opts == NULL)
		opts = &defaults;
	if ((rc = check_options(net, opts)) != 0)
		return rc;
	socialcap__mem_init(&mem, &net->mem.allocator);
	s = socialcap__mem_calloc(&mem, 1, sizeof(*s));
	if (s == NULL)
		return socialcap__net_fail(net, SOCIALCAP_ENOMEM,
					   "snapshot: out of memory");
	s->mem = mem;
	s->net = net;
	s->opts = *opts;
	if (s->opts.time == SOCIALCAP_TIME_NONE)
		s->opts.time = latest_time(net);
	s->n = (uint32_t)net->actors.ids.count;
	s->sector_count = (uint32_t)net->sectors.labels.count;
	s->nbh_count = (uint32_t)net->nbhs.labels.count;
	/* asked before the ties go */
	timed = taking ? socialcap__snap_ties_timed(net) : 0;
	rc = build(s, net, taking);
	if (rc != 0) {
		socialcap_snapshot_free(s);
		return socialcap__net_fail(net, rc, "snapshot: out of memory");
	}
	if (taking)
		socialcap__snap_take(s, net, timed);
	*out = s;
	return SOCIALCAP_OK;
}

int socialcap_snapshot_build(socialcap_snapshot **out, socialcap_network *net,
			     const socialcap_snapshot_options *opts)
{
	return build_snapshot(out, net, opts, 0);
}

int socialcap_snapshot_build_owning(socialcap_snapshot **out, socialcap_network *net,
				    const socialcap_snapshot_options *opts)
{
	return build_snapshot(out, net, opts, 1);
}

/* ---------------------------------------------------------------- getters */

int socialcap_snapshot_options_get(const socialcap_snapshot *snap,
				   socialcap_snapshot_options *out)
{
	if (snap == NULL || out == NULL)
		return SOCIALCAP_EINVAL;
	*out = snap->opts;
	return SOCIALCAP_OK;
}

int64_t socialcap_snapshot_time(const socialcap_snapshot *snap)
{
	return snap != NULL ? snap->opts.time : SOCIALCAP_TIME_NONE;
}

const socialcap_network *socialcap_snapshot_network(const socialcap_snapshot *snap)
{
	return snap != NULL ? snap->net : NULL;
}

int socialcap_snapshot_timeless(const socialcap_snapshot *snap)
{
	return snap != NULL && socialcap_network_timeless(snap->net) &&
	       snap->net->actors.ids.count == snap->n;
}

uint32_t socialcap_snapshot_actor_count(const socialcap_snapshot *snap)
{
	return snap != NULL ? snap->n : 0;
}

uint64_t socialcap_snapshot_tie_count(const socialcap_snapshot *snap)
{
	return snap != NULL ? snap->m : 0;
}

uint32_t socialcap_snapshot_degree(const socialcap_snapshot *snap, uint32_t actor)
{
	if (snap == NULL || actor >= snap->n)
		return 0;
	return (uint32_t)(snap->off[actor + 1] - snap->off[actor]);
}

int socialcap_snapshot_neighbours(const socialcap_snapshot *snap, uint32_t actor,
				  const uint32_t **neighbours,
				  const double **weights, uint32_t *count)
{
	if (snap == NULL || count == NULL)
		return SOCIALCAP_EINVAL;
	if (actor >= snap->n)
		return SOCIALCAP_ENOTFOUND;
	*count = (uint32_t)(snap->off[actor + 1] - snap->off[actor]);
	if (neighbours != NULL)
		*neighbours = snap->adj != NULL ? snap->adj + snap->off[actor] : NULL;
	if (weights != NULL)
		*weights = snap->w != NULL ? snap->w + snap->off[actor] : NULL;
	return SOCIALCAP_OK;
}

double socialcap_snapshot_weight(const socialcap_snapshot *snap, uint32_t a,
				 uint32_t b)
{
	uint64_t lo, hi;

	if (snap == NULL || a >= snap->n || b >= snap->n)
		return 0.0;
	if (snap->off[a + 1] - snap->off[a] > snap->off[b + 1] - snap->off[b]) {
		uint32_t t = a;

		a = b;
		b = t;
	}
	lo = snap->off[a];
	hi = snap->off[a + 1];
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (snap->adj[mid] < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < snap->off[a + 1] && snap->adj[lo] == b ? snap->w[lo] : 0.0;
}

size_t socialcap_snapshot_memory(const socialcap_snapshot *snap)
{
	return snap != NULL ? snap->mem.bytes : 0;
}
