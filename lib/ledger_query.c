/* Selecting ledger records by time window, neighbourhood and actor. */
#include <stdlib.h>

#include "network_internal.h"

int socialcap_ledger_query_init(socialcap_ledger_query *query, unsigned int version)
{
	const socialcap_ledger_query all = SOCIALCAP_LEDGER_QUERY_INIT;

	if (query == NULL)
		return SOCIALCAP_EINVAL;
	if (version != SOCIALCAP_LEDGER_QUERY_VERSION)
		return SOCIALCAP_EVERSION;
	*query = all;
	return SOCIALCAP_OK;
}

static int check_query(socialcap_network *net, const socialcap_ledger_query *q,
		       size_t capacity, const void *indices, const size_t *total)
{
	if (q == NULL || total == NULL || (capacity > 0 && indices == NULL))
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "query: NULL query, total or indices");
	if (q->version != SOCIALCAP_LEDGER_QUERY_VERSION)
		return socialcap__net_fail(net, SOCIALCAP_EVERSION,
					   "query: unknown version %u", q->version);
	if (q->neighbourhood != SOCIALCAP_NO_INDEX &&
	    q->neighbourhood >= net->nbhs.labels.count)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "query: no neighbourhood with index %u",
					   (unsigned)q->neighbourhood);
	if (q->actor != SOCIALCAP_NO_INDEX && q->actor >= net->actors.ids.count)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "query: no actor with index %u", (unsigned)q->actor);
	return SOCIALCAP_OK;
}

static int in_window(const socialcap_ledger_query *q, int64_t t)
{
	return (q->from == SOCIALCAP_TIME_NONE || t > q->from) &&
	       (q->to == SOCIALCAP_TIME_NONE || t <= q->to);
}

/* A match: its time, and its record index as the tie-breaker. */
typedef struct match {
	int64_t time;
	uint64_t index;
} match;

static int cmp_match(const void *x, const void *y)
{
	const match *a = x, *b = y;

	if (a->time != b->time)
		return (a->time > b->time) - (a->time < b->time);
	return (a->index > b->index) - (a->index < b->index);
}

/* Sort the matches and copy up to @p capacity indices out. */
static void emit(match *m, size_t count, uint64_t *out64, uint32_t *out32,
		 size_t capacity)
{
	size_t i;

	qsort(m, count, sizeof(*m), cmp_match);
	for (i = 0; i < count && i < capacity; i++) {
		if (out64 != NULL)
			out64[i] = m[i].index;
		else if (out32 != NULL)
			out32[i] = (uint32_t)m[i].index;
	}
}

static int contact_matches(const socialcap_network *net, const socialcap_ledger_query *q,
			   size_t i)
{
	const socialcap__contacts *c = &net->contacts;
	const uint32_t *home = net->actors.neighbourhood;

	if (!in_window(q, c->time[i]))
		return 0;
	if (q->actor != SOCIALCAP_NO_INDEX && c->a[i] != q->actor && c->b[i] != q->actor)
		return 0;
	if (q->neighbourhood != SOCIALCAP_NO_INDEX && home[c->a[i]] != q->neighbourhood &&
	    home[c->b[i]] != q->neighbourhood)
		return 0;
	return 1;
}

int socialcap_network_select_contacts(socialcap_network *net,
				      const socialcap_ledger_query *q,
				      uint64_t *indices, size_t capacity,
				      size_t *total)
{
	size_t i, n = 0, count;
	match *m;
	int rc;

	if (net == NULL)
		return SOCIALCAP_EINVAL;
	socialcap__net_ok(net);
	if ((rc = check_query(net, q, capacity, indices, total)) != 0)
		return rc;
	count = net->contacts.count;
	for (i = 0; i < count; i++)
		n += (size_t)contact_matches(net, q, i);
	if (n == 0 || capacity == 0) {
		*total = n;
		return SOCIALCAP_OK;
	}
	m = socialcap__mem_alloc(&net->mem, n * sizeof(*m));
	if (m == NULL)
		return socialcap__net_fail(net, SOCIALCAP_ENOMEM, "out of memory");
	for (i = 0, n = 0; i < count; i++) {
		if (contact_matches(net, q, i)) {
			m[n].time = net->contacts.time[i];
			m[n++].index = i;
		}
	}
	emit(m, n, indices, NULL, capacity);
	socialcap__mem_free(&net->mem, m, n * sizeof(*m));
	*total = n;
	return SOCIALCAP_OK;
}

static int event_matches(const socialcap_network *net, const socialcap_ledger_query *q,
			 size_t i)
{
	const socialcap__events *e = &net->events;
	uint64_t k;

	if (!in_window(q, e->time[i]))
		return 0;
	if (q->neighbourhood != SOCIALCAP_NO_INDEX && e->neighbourhood[i] != q->neighbourhood)
		return 0;
	if (q->actor == SOCIALCAP_NO_INDEX)
		return 1;
	for (k = e->att_first[i]; k < e->att_first[i] + e->att_count[i]; k++)
		if (e->att_actor[k] == q->actor)
			return 1;
	return 0;
}

int socialcap_network_select_events(socialcap_network *net,
				    const socialcap_ledger_query *q,
				    uint32_t *indices, size_t capacity,
				    size_t *total)
{
	size_t i, n = 0, count;
	match *m;
	int rc;

	if (net == NULL)
		return SOCIALCAP_EINVAL;
	socialcap__net_ok(net);
	if ((rc = check_query(net, q, capacity, indices, total)) != 0)
		return rc;
	count = net->events.ids.count;
	for (i = 0; i < count; i++)
		n += (size_t)event_matches(net, q, i);
	if (n == 0 || capacity == 0) {
		*total = n;
		return SOCIALCAP_OK;
	}
	m = socialcap__mem_alloc(&net->mem, n * sizeof(*m));
	if (m == NULL)
		return socialcap__net_fail(net, SOCIALCAP_ENOMEM, "out of memory");
	for (i = 0, n = 0; i < count; i++) {
		if (event_matches(net, q, i)) {
			m[n].time = net->events.time[i];
			m[n++].index = i;
		}
	}
	emit(m, n, NULL, indices, capacity);
	socialcap__mem_free(&net->mem, m, n * sizeof(*m));
	*total = n;
	return SOCIALCAP_OK;
}
