/*
 * Snapshot build, phase 3: who attended which event up to the snapshot
 * time, per actor in time order, for participation indicators.
 */
#include <stdlib.h>
#include <string.h>

#include "network_internal.h"
#include "snapshot_internal.h"

typedef struct ev_key {
	int64_t time;
	uint32_t event;
} ev_key;

static int cmp_ev(const void *x, const void *y)
{
	const ev_key *a = x, *b = y;

	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	return (a->event > b->event) - (a->event < b->event);
}

void socialcap__snap_attendance_free(socialcap_snapshot *s)
{
	size_t rows = s->att_off != NULL ? s->att_off[s->n] : 0;

	if (rows == 0)
		rows = 1;
	socialcap__mem_free(&s->mem, s->att_time, rows * sizeof(*s->att_time));
	socialcap__mem_free(&s->mem, s->att_event, rows * sizeof(*s->att_event));
	socialcap__mem_free(&s->mem, s->att_off, ((size_t)s->n + 1) * sizeof(*s->att_off));
	s->att_time = NULL;
	s->att_event = NULL;
	s->att_off = NULL;
}

/* Events up to t, sorted by (time, index); *count set. */
static ev_key *sorted_events(socialcap_snapshot *s, const socialcap__events *e,
			     size_t *count)
{
	ev_key *keys;
	uint32_t ev;
	size_t k = 0;

	keys = socialcap__mem_alloc(&s->mem, (e->ids.count ? e->ids.count : 1) *
						     sizeof(*keys));
	if (keys == NULL)
		return NULL;
	for (ev = 0; ev < e->ids.count; ev++) {
		if (e->time[ev] <= s->opts.time) {
			keys[k].time = e->time[ev];
			keys[k].event = ev;
			k++;
		}
	}
	qsort(keys, k, sizeof(*keys), cmp_ev);
	*count = k;
	return keys;
}

static void fill(socialcap_snapshot *s, const socialcap__events *e,
		 const ev_key *keys, size_t count, uint64_t *cur)
{
	size_t i;
	uint32_t v, j;

	for (i = 0; i < count; i++) {
		const uint32_t *who = e->att_actor + e->att_first[keys[i].event];

		for (j = 0; j < e->att_count[keys[i].event]; j++)
			s->att_off[who[j] + 1]++;
	}
	for (v = 0; v < s->n; v++)
		s->att_off[v + 1] += s->att_off[v];
	memcpy(cur, s->att_off, (size_t)s->n * sizeof(*cur));
	for (i = 0; i < count; i++) {
		const uint32_t *who = e->att_actor + e->att_first[keys[i].event];

		for (j = 0; j < e->att_count[keys[i].event]; j++) {
			uint64_t row = cur[who[j]]++;

			s->att_time[row] = keys[i].time;
			s->att_event[row] = keys[i].event;
		}
	}
}

int socialcap__snap_attendance(socialcap_snapshot *s, const socialcap_network *net)
{
	const socialcap__events *e = &net->events;
	size_t count = 0, rows = 0, i, nb = ((size_t)s->n + 1) * sizeof(uint64_t);
	ev_key *keys = sorted_events(s, e, &count);
	uint64_t *cur;
	int rc = SOCIALCAP_ENOMEM;

	if (keys == NULL)
		return rc;
	for (i = 0; i < count; i++)
		rows += e->att_count[keys[i].event];
	if (rows == 0) {
		/* nobody attended anything up to t: no per-actor offsets (8
		 * bytes per actor), and every count is 0 */
		socialcap__mem_free(&s->mem, keys,
				    (e->ids.count ? e->ids.count : 1) * sizeof(*keys));
		return SOCIALCAP_OK;
	}
	cur = socialcap__mem_alloc(&s->mem, nb);
	s->att_off = socialcap__mem_calloc(&s->mem, (size_t)s->n + 1, sizeof(uint64_t));
	s->att_time = socialcap__mem_alloc(&s->mem, (rows ? rows : 1) * sizeof(int64_t));
	s->att_event = socialcap__mem_alloc(&s->mem, (rows ? rows : 1) * sizeof(uint32_t));
	if (cur != NULL && s->att_off != NULL && s->att_time != NULL &&
	    s->att_event != NULL) {
		fill(s, e, keys, count, cur);
		rc = SOCIALCAP_OK;
	} else {
		/* att_off may be NULL or still zero: free by the computed size */
		socialcap__mem_free(&s->mem, s->att_time, (rows ? rows : 1) * sizeof(int64_t));
		socialcap__mem_free(&s->mem, s->att_event,
				    (rows ? rows : 1) * sizeof(uint32_t));
		socialcap__mem_free(&s->mem, s->att_off, nb);
		s->att_time = NULL;
		s->att_event = NULL;
		s->att_off = NULL;
	}
	socialcap__mem_free(&s->mem, cur, nb);
	socialcap__mem_free(&s->mem, keys, (e->ids.count ? e->ids.count : 1) * sizeof(*keys));
	return rc;
}

uint32_t socialcap__snap_events_in(const socialcap_snapshot *s, uint32_t v,
				   int64_t from, int64_t to)
{
	const int64_t *t = s->att_time;
	uint64_t lo, hi, a, b;

	if (s->att_off == NULL)
		return 0;
	lo = s->att_off[v];
	hi = s->att_off[v + 1];

	/* first index with time > from */
	a = lo;
	b = hi;
	while (a < b) {
		uint64_t mid = a + (b - a) / 2;

		if (from != SOCIALCAP_TIME_NONE && t[mid] <= from)
			a = mid + 1;
		else
			b = mid;
	}
	lo = a;
	/* first index with time > to */
	b = hi;
	while (a < b) {
		uint64_t mid = a + (b - a) / 2;

		if (t[mid] <= to)
			a = mid + 1;
		else
			b = mid;
	}
	return (uint32_t)(a - lo);
}
