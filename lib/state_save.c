/* Writing the state file (format: docs/format.md). */
#include <string.h>
#include <time.h>

#include "cbor_io.h"
#include "fileio.h"
#include "network_internal.h"
#include "socialcap/version.h"
#include "state_internal.h"

#define WRITE_BUFFER ((size_t)64 * 1024)

int socialcap_state_options_init(socialcap_state_options *opts,
				 unsigned int version)
{
	const socialcap_state_options defaults = SOCIALCAP_STATE_OPTIONS_INIT;

	if (opts == NULL)
		return SOCIALCAP_EINVAL;
	if (version != SOCIALCAP_STATE_OPTIONS_VERSION)
		return SOCIALCAP_EVERSION;
	*opts = defaults;
	return SOCIALCAP_OK;
}

static int fail(socialcap_error *err, int status, const char *message)
{
	if (err != NULL) {
		err->status = status;
		socialcap__copy_text(err->message, sizeof(err->message), message);
	}
	return status;
}

int socialcap__state_check_options(const socialcap_state_options *opts,
				   socialcap_error *err)
{
	if (opts->version != SOCIALCAP_STATE_OPTIONS_VERSION)
		return fail(err, SOCIALCAP_EVERSION, "unknown state options version");
	if (opts->max_input_bytes == 0)
		return fail(err, SOCIALCAP_EINVAL, "max_input_bytes: must be > 0");
	if (opts->max_nesting > SOCIALCAP_STATE_HARD_MAX_NESTING)
		return fail(err, SOCIALCAP_EINVAL,
			    "max_nesting: above SOCIALCAP_STATE_HARD_MAX_NESTING");
	return SOCIALCAP_OK;
}

static void text(socialcap__cw *w, const char *s)
{
	socialcap__cw_text(w, s, strlen(s));
}

static void labels(socialcap__cw *w, const socialcap__strtab *tab)
{
	size_t i;

	socialcap__cw_array(w, tab->count);
	for (i = 0; i < tab->count; i++)
		text(w, tab->strings[i]);
}

static void header(socialcap__cw *w, int64_t created,
		   const socialcap__state_meta *meta)
{
	int journal = meta != NULL && meta->has_journal;

	socialcap__cw_map(w, 3u + (created != SOCIALCAP_TIME_NONE ? 1u : 0u) + (journal ? 2u : 0u));
	socialcap__cw_uint(w, SOCIALCAP__HDR_MAGIC);
	text(w, SOCIALCAP_STATE_MAGIC);
	socialcap__cw_uint(w, SOCIALCAP__HDR_VERSION);
	socialcap__cw_uint(w, SOCIALCAP_STATE_FORMAT_VERSION);
	socialcap__cw_uint(w, SOCIALCAP__HDR_LIBRARY);
	text(w, socialcap_version_string());
	if (created != SOCIALCAP_TIME_NONE) {
		socialcap__cw_uint(w, SOCIALCAP__HDR_CREATED);
		socialcap__cw_int(w, created);
	}
	if (journal) {
		socialcap__cw_uint(w, SOCIALCAP__HDR_SALT);
		socialcap__cw_bytes(w, meta->salt, sizeof(meta->salt));
		socialcap__cw_uint(w, SOCIALCAP__HDR_NEXT_SEQ);
		socialcap__cw_uint(w, meta->next_seq);
	}
}

static void sectors(socialcap__cw *w, const socialcap_network *net)
{
	const socialcap__sectors *s = &net->sectors;
	size_t i;

	socialcap__cw_array(w, s->labels.count);
	for (i = 0; i < s->labels.count; i++) {
		socialcap__cw_array(w, 3);
		text(w, s->labels.strings[i]);
		socialcap__cw_uint(w, (uint64_t)s->tier[i]);
		socialcap__cw_number_or_null(w, s->prestige[i]);
	}
}

static void actors(socialcap__cw *w, const socialcap_network *net)
{
	const socialcap__actors *a = &net->actors;
	size_t i, k;

	socialcap__cw_array(w, a->ids.count);
	for (i = 0; i < a->ids.count; i++) {
		socialcap__cw_array(w, 6);
		text(w, a->ids.strings[i]);
		socialcap__cw_uint(w, a->kind[i]);
		socialcap__cw_uint(w, a->sector[i]);
		socialcap__cw_uint(w, a->neighbourhood[i]);
		socialcap__cw_number_or_null(w, a->status[i]);
		socialcap__cw_array(w, a->group_count[i]);
		for (k = 0; k < a->group_count[i]; k++)
			socialcap__cw_uint(w, a->group_pool[a->group_first[i] + k]);
	}
}

static void ties(socialcap__cw *w, const socialcap_network *net)
{
	const socialcap__ties *t = &net->ties;
	size_t i;

	socialcap__cw_array(w, t->count);
	for (i = 0; i < t->count; i++) {
		const int64_t since = socialcap__tie_since(t, i);

		socialcap__cw_array(w, 5);
		socialcap__cw_uint(w, t->a[i]);
		socialcap__cw_uint(w, t->b[i]);
		socialcap__cw_uint(w, t->layer[i]);
		socialcap__cw_number(w, t->weight[i]);
		if (since == SOCIALCAP_TIME_NONE)
			socialcap__cw_null(w);
		else
			socialcap__cw_int(w, since);
	}
}

static void contacts(socialcap__cw *w, const socialcap_network *net)
{
	const socialcap__contacts *c = &net->contacts;
	size_t i;

	socialcap__cw_array(w, c->count);
	for (i = 0; i < c->count; i++) {
		socialcap__cw_array(w, 6);
		socialcap__cw_int(w, c->time[i]);
		socialcap__cw_uint(w, c->a[i]);
		socialcap__cw_uint(w, c->b[i]);
		socialcap__cw_uint(w, c->channel[i]);
		socialcap__cw_number(w, c->weight[i]);
		socialcap__cw_number(w, c->cost[i]);
	}
}

static void events(socialcap__cw *w, const socialcap_network *net)
{
	const socialcap__events *e = &net->events;
	size_t i, k;

	socialcap__cw_array(w, e->ids.count);
	for (i = 0; i < e->ids.count; i++) {
		uint64_t first = e->att_first[i];

		socialcap__cw_array(w, 7);
		text(w, e->ids.strings[i]);
		socialcap__cw_int(w, e->time[i]);
		socialcap__cw_uint(w, e->neighbourhood[i]);
		socialcap__cw_uint(w, e->kind[i]);
		socialcap__cw_uint(w, e->channel[i]);
		socialcap__cw_number(w, e->cost[i]);
		socialcap__cw_array(w, 2 * (uint64_t)e->att_count[i]);
		for (k = 0; k < e->att_count[i]; k++) {
			socialcap__cw_uint(w, e->att_actor[first + k]);
			socialcap__cw_uint(w, e->att_role[first + k]);
		}
	}
}

static void encode(socialcap__cw *w, const socialcap_network *net,
		   int64_t created, const socialcap__state_meta *meta)
{
	socialcap__cw_tag(w, SOCIALCAP__SELF_DESCRIBED_TAG);
	socialcap__cw_array(w, 10);
	header(w, created, meta);
	sectors(w, net);
	labels(w, &net->nbhs.labels);
	labels(w, &net->groups);
	labels(w, &net->layers);
	labels(w, &net->events.kinds);
	actors(w, net);
	ties(w, net);
	contacts(w, net);
	events(w, net);
}

int socialcap__state_save(const socialcap_network *net, const char *path,
			  const socialcap_state_options *opts,
			  const socialcap__state_meta *meta, socialcap_error *err)
{
	const socialcap_state_options defaults = SOCIALCAP_STATE_OPTIONS_INIT;
	/* A private copy of the allocator: saving must not touch the network,
	 * not even its byte count. */
	socialcap__mem mem;
	socialcap__atomic tmp;
	socialcap__cw w;
	int64_t created;
	int rc;

	socialcap_error_clear(err);
	if (net == NULL || path == NULL || path[0] == '\0')
		return fail(err, SOCIALCAP_EINVAL, "state save: NULL network or path");
	if (net->ties_released)
		return fail(err, SOCIALCAP_EINVAL, "state save: " SOCIALCAP__TIES_RELEASED);
	if (opts == NULL)
		opts = &defaults;
	if ((rc = socialcap__state_check_options(opts, err)) != 0)
		return rc;
	created = opts->created;
	if (created == SOCIALCAP_STATE_CREATED_NOW)
		created = (int64_t)time(NULL);
	mem = net->mem;
	if ((rc = socialcap__cw_init(&w, &mem, -1, WRITE_BUFFER)) != 0)
		return fail(err, rc, "out of memory");
	if ((rc = socialcap__atomic_begin(&tmp, &mem, path, err)) != 0) {
		socialcap__cw_free(&w);
		return rc;
	}
	w.fd = tmp.fd;
	encode(&w, net, created, meta);
	rc = socialcap__cw_flush(&w);
	socialcap__cw_free(&w);
	if (rc != 0) {
		socialcap__atomic_abort(&tmp);
		return socialcap__io_fail(err, "cannot write", path, w.err_no);
	}
	return socialcap__atomic_commit(&tmp, err);
}

int socialcap_state_save(const socialcap_network *net, const char *path,
			 const socialcap_state_options *opts, socialcap_error *err)
{
	return socialcap__state_save(net, path, opts, NULL, err);
}
