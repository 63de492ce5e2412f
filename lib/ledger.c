/* The investment ledger: contacts and events with their attendance. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "network_internal.h"

static int check_money(socialcap_network *net, const char *what, double cost)
{
	if (!isfinite(cost) || cost < 0.0)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "cost: must be a finite number >= 0 for %s", what);
	return SOCIALCAP_OK;
}

static int check_common(socialcap_network *net, const char *what, int64_t time,
			int32_t channel, double cost)
{
	if (time == SOCIALCAP_TIME_NONE)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "time: missing for %s", what);
	if (channel != SOCIALCAP_PHYSICAL && channel != SOCIALCAP_DIGITAL)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "channel: must be physical or digital for %s", what);
	return check_money(net, what, cost);
}

static int check_records_limit(socialcap_network *net, size_t more)
{
	uint64_t have = (uint64_t)net->contacts.count + net->events.ids.count +
			net->events.att_total;

	if (have + more > net->opts.max_records)
		return socialcap__net_fail(net, SOCIALCAP_ELIMIT,
					   "ledger: the network holds its maximum of %llu records",
					   (unsigned long long)net->opts.max_records);
	return SOCIALCAP_OK;
}

int socialcap_network_record_contact(socialcap_network *net, uint64_t *out,
				     const socialcap_contact *c)
{
	socialcap__contacts *t;
	socialcap__mem *mem;
	uint32_t n;
	size_t need, i;
	int rc;

	if (net == NULL)
		return SOCIALCAP_EINVAL;
	socialcap__net_ok(net);
	if (c == NULL)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL, "contact: NULL");
	n = (uint32_t)net->actors.ids.count;
	if (c->a >= n || c->b >= n)
		return socialcap__net_fail(net, SOCIALCAP_ENOTFOUND,
					   "%s: no actor with index %u for contact",
					   c->a >= n ? "a" : "b",
					   (unsigned)(c->a >= n ? c->a : c->b));
	if (c->a == c->b)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "b: actor \"%s\" cannot contact itself",
					   net->actors.ids.strings[c->a]);
	if ((rc = check_common(net, "contact", c->time, c->channel, c->cost)) != 0)
		return rc;
	if (!isfinite(c->weight) || !(c->weight > 0.0))
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "weight: must be a finite number > 0 for contact");
	if ((rc = check_records_limit(net, 1)) != 0)
		return rc;
	t = &net->contacts;
	mem = &net->mem;
	need = t->count + 1;
	if ((rc = SOCIALCAP__COL_GROW(mem, t, time, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, t, a, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, t, b, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, t, channel, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, t, weight, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, t, cost, need)) != 0)
		return socialcap__net_fail(net, rc, "out of memory");
	i = t->count++;
	t->time[i] = c->time;
	t->a[i] = c->a;
	t->b[i] = c->b;
	t->channel[i] = (uint8_t)c->channel;
	t->weight[i] = c->weight;
	t->cost[i] = c->cost;
	if (out != NULL)
		*out = i;
	return SOCIALCAP_OK;
}

/* Every attendee known, each once, with a valid role. Uses a scratch
 * array sorted by actor to find repeats in O(d log d). */
static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return (a > b) - (a < b);
}

static int check_attendees(socialcap_network *net, const char *event_id,
			   const socialcap_attendance *att, size_t count)
{
	uint32_t n = (uint32_t)net->actors.ids.count;
	uint32_t *sorted;
	size_t i;
	int rc = SOCIALCAP_OK;

	if (count == 0 || att == NULL)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "attendance: event \"%s\" has no attendees",
					   event_id);
	for (i = 0; i < count; i++) {
		if (att[i].actor >= n)
			return socialcap__net_fail(net, SOCIALCAP_ENOTFOUND,
						   "attendance: no actor with index %u (attendee %zu) in event \"%s\"",
						   (unsigned)att[i].actor, i, event_id);
		if (att[i].role != SOCIALCAP_ORGANISER &&
		    att[i].role != SOCIALCAP_PARTICIPANT)
			return socialcap__net_fail(net, SOCIALCAP_EINVAL,
						   "role: must be organiser or participant (attendee %zu) in event \"%s\"",
						   i, event_id);
	}
	sorted = socialcap__mem_alloc(&net->mem, count * sizeof(*sorted));
	if (sorted == NULL)
		return socialcap__net_fail(net, SOCIALCAP_ENOMEM, "out of memory");
	for (i = 0; i < count; i++)
		sorted[i] = att[i].actor;
	qsort(sorted, count, sizeof(*sorted), cmp_u32);
	for (i = 1; i < count; i++) {
		if (sorted[i] == sorted[i - 1]) {
			rc = socialcap__net_fail(net, SOCIALCAP_EINVAL,
						 "attendance: actor \"%s\" attends event \"%s\" twice",
						 net->actors.ids.strings[sorted[i]], event_id);
			break;
		}
	}
	socialcap__mem_free(&net->mem, sorted, count * sizeof(*sorted));
	return rc;
}

typedef struct event_plan {
	size_t id_len, nbh_len, kind_len;
	uint32_t nbh, kind; /* UINT32_MAX = new */
} event_plan;

static int check_event(socialcap_network *net, event_plan *plan,
		       const socialcap_event *ev, const socialcap_attendance *att,
		       size_t count)
{
	const size_t max_label = net->opts.max_label_bytes;
	int rc;

	if ((rc = socialcap__net_check_text(net, "event id", ev->id,
					    net->opts.max_id_bytes, &plan->id_len)) != 0)
		return rc;
	if (socialcap__strtab_find(&net->events.ids, ev->id, plan->id_len) != UINT32_MAX)
		return socialcap__net_fail(net, SOCIALCAP_EEXISTS,
					   "event id: event \"%s\" already exists", ev->id);
	if ((rc = check_common(net, "event", ev->time, ev->channel, ev->cost)) != 0 ||
	    (rc = socialcap__net_check_text(net, "neighbourhood", ev->neighbourhood,
					    max_label, &plan->nbh_len)) != 0 ||
	    (rc = socialcap__net_check_text(net, "kind", ev->kind, max_label,
					    &plan->kind_len)) != 0 ||
	    (rc = check_attendees(net, ev->id, att, count)) != 0)
		return rc;
	if (count > UINT32_MAX)
		return socialcap__net_fail(net, SOCIALCAP_ELIMIT,
					   "attendance: too many attendees");
	if ((rc = check_records_limit(net, 1 + count)) != 0)
		return rc;
	plan->nbh = socialcap__strtab_find(&net->nbhs.labels, ev->neighbourhood,
					   plan->nbh_len);
	plan->kind = socialcap__strtab_find(&net->events.kinds, ev->kind,
					    plan->kind_len);
	return SOCIALCAP_OK;
}

static int reserve_event(socialcap_network *net, const event_plan *plan, size_t count)
{
	socialcap__events *e = &net->events;
	socialcap__mem *mem = &net->mem;
	size_t need = e->ids.count + 1, att_need = e->att_total + count;
	int rc;

	if (plan->nbh == UINT32_MAX && (rc = socialcap__nbh_reserve(net, plan->nbh_len)) != 0)
		return rc;
	if ((plan->kind == UINT32_MAX &&
	     (rc = socialcap__strtab_reserve(&e->kinds, mem, 1, plan->kind_len)) != 0) ||
	    (rc = socialcap__strtab_reserve(&e->ids, mem, 1, plan->id_len)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, e, time, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, e, neighbourhood, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, e, kind, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, e, channel, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, e, cost, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, e, att_first, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, e, att_count, need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, e, att_actor, att_need)) != 0 ||
	    (rc = SOCIALCAP__COL_GROW(mem, e, att_role, att_need)) != 0)
		return socialcap__net_fail(net, rc, "out of memory");
	return SOCIALCAP_OK;
}

int socialcap_network_record_event(socialcap_network *net, uint32_t *out,
				   const socialcap_event *ev,
				   const socialcap_attendance *att, size_t count)
{
	socialcap__events *e;
	event_plan plan;
	uint32_t index;
	size_t i;
	int rc;

	if (net == NULL)
		return SOCIALCAP_EINVAL;
	socialcap__net_ok(net);
	if (ev == NULL)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL, "event: NULL");
	rc = check_event(net, &plan, ev, att, count);
	if (rc == 0)
		rc = reserve_event(net, &plan, count);
	if (rc != 0)
		return rc;
	/* Everything is allocated: from here on nothing can fail. */
	e = &net->events;
	if (plan.nbh == UINT32_MAX)
		plan.nbh = socialcap__nbh_add(net, ev->neighbourhood, plan.nbh_len);
	if (plan.kind == UINT32_MAX)
		plan.kind = socialcap__strtab_add(&e->kinds, ev->kind, plan.kind_len);
	index = socialcap__strtab_add(&e->ids, ev->id, plan.id_len);
	e->time[index] = ev->time;
	e->neighbourhood[index] = plan.nbh;
	e->kind[index] = plan.kind;
	e->channel[index] = (uint8_t)ev->channel;
	e->cost[index] = ev->cost;
	e->att_first[index] = e->att_total;
	e->att_count[index] = (uint32_t)count;
	for (i = 0; i < count; i++) {
		e->att_actor[e->att_total + i] = att[i].actor;
		e->att_role[e->att_total + i] = (uint8_t)att[i].role;
	}
	e->att_total += count;
	if (out != NULL)
		*out = index;
	return SOCIALCAP_OK;
}

uint64_t socialcap_network_contact_count(const socialcap_network *net)
{
	return net != NULL ? net->contacts.count : 0;
}

int socialcap_network_contact(const socialcap_network *net, uint64_t contact,
			      socialcap_contact *out)
{
	const socialcap__contacts *t;

	if (net == NULL || out == NULL)
		return SOCIALCAP_EINVAL;
	t = &net->contacts;
	if (contact >= t->count)
		return SOCIALCAP_ENOTFOUND;
	out->time = t->time[contact];
	out->a = t->a[contact];
	out->b = t->b[contact];
	out->channel = t->channel[contact];
	out->weight = t->weight[contact];
	out->cost = t->cost[contact];
	return SOCIALCAP_OK;
}

uint32_t socialcap_network_event_count(const socialcap_network *net)
{
	return net != NULL ? (uint32_t)net->events.ids.count : 0;
}

int socialcap_network_event(const socialcap_network *net, uint32_t event,
			    socialcap_event_info *out)
{
	const socialcap__events *e;

	if (net == NULL || out == NULL)
		return SOCIALCAP_EINVAL;
	e = &net->events;
	if (event >= e->ids.count)
		return SOCIALCAP_ENOTFOUND;
	out->id = e->ids.strings[event];
	out->time = e->time[event];
	out->neighbourhood = e->neighbourhood[event];
	out->kind = e->kind[event];
	out->channel = e->channel[event];
	out->cost = e->cost[event];
	out->attendee_count = e->att_count[event];
	return SOCIALCAP_OK;
}

int socialcap_network_event_attendee(const socialcap_network *net, uint32_t event,
				     uint32_t k, socialcap_attendance *out)
{
	const socialcap__events *e;
	uint64_t row;

	if (net == NULL || out == NULL)
		return SOCIALCAP_EINVAL;
	e = &net->events;
	if (event >= e->ids.count || k >= e->att_count[event])
		return SOCIALCAP_ENOTFOUND;
	row = e->att_first[event] + k;
	out->actor = e->att_actor[row];
	out->role = e->att_role[row];
	return SOCIALCAP_OK;
}

int socialcap_network_find_event(const socialcap_network *net, uint32_t *out,
				 const char *id)
{
	uint32_t index;

	if (net == NULL || out == NULL || id == NULL)
		return SOCIALCAP_EINVAL;
	index = socialcap__strtab_find(&net->events.ids, id, strlen(id));
	if (index == UINT32_MAX)
		return SOCIALCAP_ENOTFOUND;
	*out = index;
	return SOCIALCAP_OK;
}

uint32_t socialcap_network_event_kind_count(const socialcap_network *net)
{
	return net != NULL ? (uint32_t)net->events.kinds.count : 0;
}

const char *socialcap_network_event_kind_label(const socialcap_network *net,
					       uint32_t kind)
{
	return net != NULL ? socialcap__strtab_get(&net->events.kinds, kind) : NULL;
}

uint64_t socialcap_network_attendance_count(const socialcap_network *net)
{
	return net != NULL ? net->events.att_total : 0;
}
