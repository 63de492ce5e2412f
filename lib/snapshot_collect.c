/*
 * Snapshot build: the records of a network (declared ties, contacts, event
 * attendance) as pair contributions (decayed strength) at the snapshot
 * time, handed to an emitter that counts or writes half-edges
 * (snapshot_csr.c sums them). A build that takes the network over reads
 * its ties once per range of actors and drops each tie once both of its
 * half-edges are written.
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

static void emit(socialcap__emit *em, uint32_t a, uint32_t b, double w)
{
	uint64_t k;

	if (!em->fill) {
		em->end[a]++;
		em->end[b]++;
		return;
	}
	if (a >= em->lo && a < em->hi) {
		k = --em->end[a];
		em->adj[k] = b;
		em->w[k] = w;
	}
	if (b >= em->lo && b < em->hi) {
		k = --em->end[b];
		em->adj[k] = a;
		em->w[k] = w;
	}
}

/* Whether tie @p i counts at the snapshot time, and its decayed strength. */
static int tie_strength(const socialcap__ties *t, size_t i,
			const socialcap_snapshot_options *o, double *w)
{
	int64_t since = socialcap__tie_since(t, i), h = 0;

	if (since != SOCIALCAP_TIME_NONE && since > o->time)
		return 0;
	*w = t->weight[i];
	if (t->layer[i] < o->layer_half_life_count)
		h = o->layer_half_lives[t->layer[i]];
	if (since != SOCIALCAP_TIME_NONE)
		*w *= socialcap__decay_since(o->time, since, h);
	return 1;
}

static void collect_ties(const socialcap_network *net,
			 const socialcap_snapshot_options *o, socialcap__emit *em)
{
	const socialcap__ties *t = &net->ties;
	size_t i;
	double w;

	for (i = 0; i < t->count; i++)
		if (tie_strength(t, i, o, &w))
			emit(em, t->a[i], t->b[i], w);
}

static void collect_ties_taking(socialcap_network *net,
				const socialcap_snapshot_options *o, socialcap__emit *em)
{
	socialcap__ties *t = &net->ties;
	size_t i, kept = 0;
	double w;

	for (i = 0; i < t->count; i++) {
		if (!tie_strength(t, i, o, &w))
			continue;
		emit(em, t->a[i], t->b[i], w);
		/* a < b: once b's range is written, so is a's */
		if (t->b[i] >= em->hi)
			socialcap__ties_move(t, kept++, i);
	}
	t->count = kept;
	socialcap__ties_trim(t, &net->mem);
}

static void collect_contacts(const socialcap_network *net,
			     const socialcap_snapshot_options *o, socialcap__emit *em)
{
	const socialcap__contacts *c = &net->contacts;
	size_t i;

	for (i = 0; i < c->count; i++) {
		int64_t h;

		if (c->time[i] > o->time)
			continue;
		h = c->channel[i] == SOCIALCAP_DIGITAL ? o->half_life_digital
						       : o->half_life_physical;
		emit(em, c->a[i], c->b[i],
		     c->weight[i] * socialcap__decay_since(o->time, c->time[i], h));
	}
}

/*
 * Pairs of one event with d attendees, each worth w = decay / (d - 1).
 * Small events: every pair of attendees (Newman's projection). Large
 * events: each organiser with each other attendee; a pair of organisers
 * is counted once (when the earlier one in the list is processed).
 */
static void collect_event(const socialcap__events *e, uint32_t ev, int large,
			  double w, socialcap__emit *em)
{
	const uint32_t *actor = e->att_actor + e->att_first[ev];
	const uint8_t *role = e->att_role + e->att_first[ev];
	uint32_t d = e->att_count[ev], i, j;

	for (i = 0; i < d; i++) {
		if (large && role[i] != SOCIALCAP_ORGANISER)
			continue;
		for (j = large ? 0 : i + 1; j < d; j++) {
			if (j == i)
				continue;
			if (large && j < i && role[j] == SOCIALCAP_ORGANISER)
				continue;
			emit(em, actor[i], actor[j], w);
		}
	}
}

static void collect_events(const socialcap_network *net,
			   const socialcap_snapshot_options *o, socialcap__emit *em)
{
	const socialcap__events *e = &net->events;
	uint32_t ev;

	for (ev = 0; ev < e->ids.count; ev++) {
		uint32_t d = e->att_count[ev];
		double w;

		if (e->time[ev] > o->time || d < 2)
			continue;
		w = socialcap__decay_since(o->time, e->time[ev], o->half_life_event) /
		    (double)(d - 1);
		collect_event(e, ev, d > o->max_clique_event, w, em);
	}
}

void socialcap__snap_collect(const socialcap_network *net,
			     const socialcap_snapshot_options *opts, socialcap__emit *em)
{
	collect_ties(net, opts, em);
	collect_contacts(net, opts, em);
	collect_events(net, opts, em);
}

void socialcap__snap_collect_taking(socialcap_network *net,
				    const socialcap_snapshot_options *opts,
				    socialcap__emit *em)
{
	collect_ties_taking(net, opts, em);
	collect_contacts(net, opts, em);
	collect_events(net, opts, em);
}
