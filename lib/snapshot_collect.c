/*
 * Snapshot build, phase 1: turn the records of a network (declared ties,
 * contacts, event attendance) into pair contributions (a < b, decayed
 * strength) at the snapshot time. Phase 2 (snapshot_csr.c) sums them.
 */
#include <math.h>

#include "network_internal.h"
#include "snapshot_internal.h"

double socialcap__decay(int64_t age, int64_t half_life)
{
	if (half_life <= 0)
		return 1.0;
	return exp2(-(double)age / (double)half_life);
}

double socialcap__decay_since(int64_t t, int64_t then, int64_t half_life)
{
	/* then <= t, so the true age fits in uint64_t even when t - then
	 * would overflow int64_t */
	const uint64_t age = (uint64_t)t - (uint64_t)then;

	if (half_life <= 0)
		return 1.0;
	return exp2(-(double)age / (double)half_life);
}

static int pairs_push(socialcap__mem *mem, socialcap__pairs *pairs, uint32_t a,
		      uint32_t b, double w)
{
	int rc = SOCIALCAP__GROW(mem, pairs->p, pairs->cap, pairs->count + 1);

	if (rc != 0)
		return rc;
	pairs->p[pairs->count].a = a < b ? a : b;
	pairs->p[pairs->count].b = a < b ? b : a;
	pairs->p[pairs->count].w = w;
	pairs->count++;
	return SOCIALCAP_OK;
}

static int collect_ties(const socialcap_network *net,
			const socialcap_snapshot_options *o, socialcap__mem *mem,
			socialcap__pairs *pairs)
{
	const socialcap__ties *t = &net->ties;
	size_t i;
	int rc;

	for (i = 0; i < t->count; i++) {
		int64_t since = t->since[i], h = 0;
		double w = t->weight[i];

		if (since != SOCIALCAP_TIME_NONE && since > o->time)
			continue;
		if (t->layer[i] < o->layer_half_life_count)
			h = o->layer_half_lives[t->layer[i]];
		if (since != SOCIALCAP_TIME_NONE)
			w *= socialcap__decay_since(o->time, since, h);
		rc = pairs_push(mem, pairs, t->a[i], t->b[i], w);
		if (rc != 0)
			return rc;
	}
	return SOCIALCAP_OK;
}

static int collect_contacts(const socialcap_network *net,
			    const socialcap_snapshot_options *o,
			    socialcap__mem *mem, socialcap__pairs *pairs)
{
	const socialcap__contacts *c = &net->contacts;
	size_t i;
	int rc;

	for (i = 0; i < c->count; i++) {
		int64_t h;

		if (c->time[i] > o->time)
			continue;
		h = c->channel[i] == SOCIALCAP_DIGITAL ? o->half_life_digital
						       : o->half_life_physical;
		rc = pairs_push(mem, pairs, c->a[i], c->b[i],
				c->weight[i] * socialcap__decay_since(o->time, c->time[i], h));
		if (rc != 0)
			return rc;
	}
	return SOCIALCAP_OK;
}

/*
 * Pairs of one event with d attendees, each worth w = decay / (d - 1).
 * Small events: every pair of attendees (Newman's projection). Large
 * events: each organiser with each other attendee; a pair of organisers
 * is counted once (when the earlier one in the list is processed).
 */
static int collect_event(const socialcap__events *e, uint32_t ev, int large,
			 double w, socialcap__mem *mem, socialcap__pairs *pairs)
{
	const uint32_t *actor = e->att_actor + e->att_first[ev];
	const uint8_t *role = e->att_role + e->att_first[ev];
	uint32_t d = e->att_count[ev], i, j;
	int rc;

	for (i = 0; i < d; i++) {
		if (large && role[i] != SOCIALCAP_ORGANISER)
			continue;
		for (j = large ? 0 : i + 1; j < d; j++) {
			if (j == i)
				continue;
			if (large && j < i && role[j] == SOCIALCAP_ORGANISER)
				continue;
			rc = pairs_push(mem, pairs, actor[i], actor[j], w);
			if (rc != 0)
				return rc;
		}
	}
	return SOCIALCAP_OK;
}

static int collect_events(const socialcap_network *net,
			  const socialcap_snapshot_options *o,
			  socialcap__mem *mem, socialcap__pairs *pairs)
{
	const socialcap__events *e = &net->events;
	uint32_t ev;
	int rc;

	for (ev = 0; ev < e->ids.count; ev++) {
		uint32_t d = e->att_count[ev];
		double w;

		if (e->time[ev] > o->time || d < 2)
			continue;
		w = socialcap__decay_since(o->time, e->time[ev], o->half_life_event) /
		    (double)(d - 1);
		rc = collect_event(e, ev, d > o->max_clique_event, w, mem, pairs);
		if (rc != 0)
			return rc;
	}
	return SOCIALCAP_OK;
}

/* An upper bound of the contributions, so that one allocation suffices
 * (growing a huge array by halves would briefly need 2.5 times its size). */
static size_t count_pairs(const socialcap_network *net,
			  const socialcap_snapshot_options *o)
{
	const socialcap__events *e = &net->events;
	size_t total = net->ties.count + net->contacts.count;
	uint32_t ev;

	for (ev = 0; ev < e->ids.count; ev++) {
		size_t d = e->att_count[ev];

		if (e->time[ev] > o->time || d < 2)
			continue;
		if (d <= o->max_clique_event) {
			total += d * (d - 1) / 2;
		} else {
			const uint8_t *role = e->att_role + e->att_first[ev];
			size_t k, org = 0;

			for (k = 0; k < d; k++)
				org += role[k] == SOCIALCAP_ORGANISER;
			total += org * (d - 1) - org * (org - 1) / 2;
		}
	}
	return total;
}

int socialcap__snap_collect(const socialcap_network *net,
			    const socialcap_snapshot_options *opts,
			    socialcap__mem *mem, socialcap__pairs *pairs)
{
	size_t need = count_pairs(net, opts);
	int rc;

	if (need > 0 &&
	    (rc = socialcap__resize(mem, (void **)&pairs->p, &pairs->cap, need,
				    sizeof(*pairs->p))) != 0)
		return rc;
	if ((rc = collect_ties(net, opts, mem, pairs)) != 0 ||
	    (rc = collect_contacts(net, opts, mem, pairs)) != 0 ||
	    (rc = collect_events(net, opts, mem, pairs)) != 0)
		return rc;
	return SOCIALCAP_OK;
}
