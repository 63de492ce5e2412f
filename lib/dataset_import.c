/* Dataset import and validation: options, the run over the six files, and
 * the all-or-nothing import (check, reserve, commit). */
#include <stdio.h>
#include <string.h>

#include "dataset_internal.h"

int socialcap_dataset_options_init(socialcap_dataset_options *opts,
				   unsigned int version)
{
	const socialcap_dataset_options defaults = SOCIALCAP_DATASET_OPTIONS_INIT;

	if (opts == NULL)
		return SOCIALCAP_EINVAL;
	if (version != SOCIALCAP_DATASET_OPTIONS_VERSION)
		return SOCIALCAP_EVERSION;
	*opts = defaults;
	return SOCIALCAP_OK;
}

static int check_options(const socialcap_dataset_options *o)
{
	if (o->version != SOCIALCAP_DATASET_OPTIONS_VERSION)
		return SOCIALCAP_EVERSION;
	if (o->max_field_bytes == 0 || o->max_record_bytes == 0 ||
	    o->max_problems == 0)
		return SOCIALCAP_EINVAL;
	return SOCIALCAP_OK;
}

static void ctx_init(ds_ctx *ctx, socialcap_network *net, const char *dir,
		     const socialcap_dataset_options *opts)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->net = net;
	ctx->dir = dir;
	ctx->opts = *opts;
	/* Temporaries use the network's allocator but are counted apart, so
	 * socialcap_network_memory() does not see them. */
	socialcap__mem_init(&ctx->tmp, &net->mem.allocator);
	socialcap__strtab_init(&ctx->sector_rows);
	socialcap__strtab_init(&ctx->new_sectors);
	socialcap__strtab_init(&ctx->new_nbhs);
	socialcap__strtab_init(&ctx->new_groups);
	socialcap__strtab_init(&ctx->new_layers);
	socialcap__strtab_init(&ctx->new_kinds);
	socialcap__strtab_init(&ctx->new_actors);
	socialcap__strtab_init(&ctx->new_events);
}

static void ctx_free(ds_ctx *ctx)
{
	socialcap__mem *m = &ctx->tmp;
	int i;

	for (i = 0; i < DS_FILES; i++)
		socialcap__ds_table_close(ctx, &ctx->tables[i]);
	socialcap__strtab_free(&ctx->sector_rows, m);
	socialcap__strtab_free(&ctx->new_sectors, m);
	socialcap__strtab_free(&ctx->new_nbhs, m);
	socialcap__strtab_free(&ctx->new_groups, m);
	socialcap__strtab_free(&ctx->new_layers, m);
	socialcap__strtab_free(&ctx->new_kinds, m);
	socialcap__strtab_free(&ctx->new_actors, m);
	socialcap__ds_ids_free(&ctx->actor_ids, m);
	socialcap__ds_actors_free(ctx);
	socialcap__strtab_free(&ctx->new_events, m);
	socialcap__ds_ties_free(ctx);
	socialcap__ds_keys_free(&ctx->attend, m);
	socialcap__mem_free(m, ctx->events, ctx->events_cap * sizeof(*ctx->events));
	socialcap__mem_free(m, ctx->att, ctx->att_cap * sizeof(*ctx->att));
	socialcap__mem_free(m, ctx->groups, ctx->groups_cap * sizeof(*ctx->groups));
	socialcap__mem_free(m, ctx->group_order, ctx->order_cap * sizeof(*ctx->group_order));
	socialcap__mem_free(m, ctx->group_ids, ctx->group_ids_cap * sizeof(*ctx->group_ids));
	socialcap__mem_free(m, ctx->att_first,
			    (ctx->new_events.count + 1) * sizeof(*ctx->att_first));
	socialcap__mem_free(m, ctx->att_sorted,
			    (size_t)ctx->new_att * sizeof(*ctx->att_sorted));
}

/* Check every file in order. @p whole: keep each file in memory for the
 * commit (import). */
static int run_check(ds_ctx *ctx, int whole)
{
	int i, rc;

	for (i = 0; i < DS_FILES; i++) {
		ds_table *t = &ctx->tables[i];

		/* Actors and ties are staged whole by the check
		 * (dataset_actors.c, dataset_ties.c), so their files are
		 * streamed and never held. */
		const int keep = whole && i != DS_TIES && i != DS_ACTORS;

		socialcap__ds_table_init(ctx, i);
		rc = socialcap__ds_table_open(ctx, t, keep);
		if (rc == 0 && t->csv_open)
			rc = socialcap__ds_check_file(ctx, t);
		if (!keep)
			socialcap__ds_table_close(ctx, t);
		if (rc == DS_SKIP || rc == DS_ENDFILE)
			rc = 0;
		if (rc != 0)
			return rc;
	}
	rc = socialcap__ds_check_events_attended(ctx);
	return rc == DS_SKIP ? 0 : rc;
}

static void set_oom(socialcap_error *err)
{
	if (err != NULL && err->status == 0) {
		err->status = SOCIALCAP_ENOMEM;
		socialcap__copy_text(err->message, sizeof(err->message),
				     "out of memory");
	}
}

int socialcap_dataset_import(socialcap_network *net, const char *dir,
			     const socialcap_dataset_options *opts,
			     socialcap_error *err)
{
	const socialcap_dataset_options defaults = SOCIALCAP_DATASET_OPTIONS_INIT;
	socialcap_error local;
	ds_ctx ctx;
	int rc;

	if (err == NULL)
		err = &local;
	socialcap_error_clear(err);
	if (net == NULL)
		return SOCIALCAP_EINVAL;
	socialcap__net_ok(net);
	if (opts == NULL)
		opts = &defaults;
	if (dir == NULL || (rc = check_options(opts)) != 0)
		return socialcap__net_fail(net, dir == NULL ? SOCIALCAP_EINVAL : rc,
					   "dataset import: bad arguments or options");
	if (dir[0] == '\0' || strlen(dir) > DS_PATH_MAX - 32)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "dataset import: directory path empty or too long");
	ctx_init(&ctx, net, dir, opts);
	ctx.err = err;
	rc = run_check(&ctx, 1);
	/* The index of the new actor ids served the check alone (the commit
	 * finds actors in the network): it goes before the model is
	 * reserved, so that the two are never held together. */
	socialcap__ds_ids_free(&ctx.actor_ids, &ctx.tmp);
	if (rc == 0)
		rc = socialcap__ds_reserve(&ctx);
	if (rc == 0)
		rc = socialcap__ds_commit(&ctx);
	ctx_free(&ctx);
	if (rc == 0) {
		socialcap_error_clear(err);
		return 0;
	}
	if (rc == SOCIALCAP_ENOMEM)
		set_oom(err);
	if (err->line > 0)
		return socialcap__net_fail(net, rc, "%s:%llu:%llu: %s", err->file,
					   (unsigned long long)err->line,
					   (unsigned long long)err->column,
					   err->message);
	return socialcap__net_fail(net, rc, "%s%s%s", err->file,
				   err->file[0] ? ": " : "", err->message);
}

int socialcap_dataset_validate(const socialcap_network *net, const char *dir,
			       const socialcap_dataset_options *opts,
			       socialcap_dataset_problem_fn fn, void *user,
			       size_t *problems)
{
	const socialcap_dataset_options defaults = SOCIALCAP_DATASET_OPTIONS_INIT;
	socialcap_network *empty = NULL;
	ds_ctx ctx;
	int rc;

	if (problems != NULL)
		*problems = 0;
	if (opts == NULL)
		opts = &defaults;
	if (dir == NULL || dir[0] == '\0' || strlen(dir) > DS_PATH_MAX - 32)
		return SOCIALCAP_EINVAL;
	if ((rc = check_options(opts)) != 0)
		return rc;
	if (net == NULL) {
		if ((rc = socialcap_network_new(&empty, NULL)) != 0)
			return rc;
		net = empty;
	}
	/* The checker only reads the network; the cast keeps one context
	 * type for import and validation. */
	ctx_init(&ctx, (socialcap_network *)net, dir, opts);
	ctx.collect = 1;
	ctx.fn = fn;
	ctx.user = user;
	rc = run_check(&ctx, 0);
	ctx_free(&ctx);
	socialcap_network_free(empty);
	if (problems != NULL)
		*problems = ctx.problems;
	if (rc == SOCIALCAP_ENOMEM || rc == SOCIALCAP_ECANCELED)
		return rc;
	return ctx.problems > 0 ? SOCIALCAP_EFORMAT : 0;
}
