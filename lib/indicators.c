/* The indicator driver: options, column names, option echo, families. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "errors.h"
#include "indicators_internal.h"
#include "network_internal.h"

static const char *const actor_columns[SOCIALCAP_ACTOR_COLUMN_COUNT] = {
	"degree", "strength", "bonding", "bridging", "linking", "clustering",
	"constraint", "effective_size", "efficiency", "hierarchy", "betweenness",
	"hops_to_institution", "institutions_within_2", "extensity",
	"upper_reachability", "prestige_range", "ec", "events_attended",
	"articulation_point", "component"};

static const char *const network_columns[SOCIALCAP_NETWORK_COLUMN_COUNT] = {
	"actors", "ties", "isolates", "components", "largest_component_share",
	"transitivity", "assortativity", "freeman_segregation"};

const char *socialcap_actor_column_name(int column)
{
	if (column < 0 || column >= SOCIALCAP_ACTOR_COLUMN_COUNT)
		return NULL;
	return actor_columns[column];
}

const char *socialcap_network_column_name(int column)
{
	if (column < 0 || column >= SOCIALCAP_NETWORK_COLUMN_COUNT)
		return NULL;
	return network_columns[column];
}

#define V1_SIZE offsetof(socialcap_indicator_options, columns)

int socialcap_indicator_options_init(socialcap_indicator_options *opts,
				     unsigned int version)
{
	const socialcap_indicator_options defaults = SOCIALCAP_INDICATOR_OPTIONS_INIT;

	if (opts == NULL)
		return SOCIALCAP_EINVAL;
	if (version == 1) {
		/* a version-1 struct ends where `columns` begins */
		memcpy(opts, &defaults, V1_SIZE);
		opts->version = 1;
		return SOCIALCAP_OK;
	}
	if (version != SOCIALCAP_INDICATOR_OPTIONS_VERSION)
		return SOCIALCAP_EVERSION;
	*opts = defaults;
	return SOCIALCAP_OK;
}

static int fail(socialcap_error *err, int status, const char *field, const char *msg)
{
	if (err != NULL) {
		socialcap_error_clear(err);
		err->status = status;
		socialcap__copy_text(err->field, sizeof(err->field), field);
		snprintf(err->message, sizeof(err->message), "%s%s%s", field,
			 field[0] != '\0' ? ": " : "", msg);
	}
	return status;
}

static int check(const socialcap_snapshot *s, const socialcap_indicator_options *o,
		 socialcap_error *err)
{
	if (o->version != 1 && o->version != SOCIALCAP_INDICATOR_OPTIONS_VERSION)
		return fail(err, SOCIALCAP_EVERSION, "version",
			    "unknown indicator options version");
	if ((o->columns >> SOCIALCAP_ACTOR_COLUMN_COUNT) != 0)
		return fail(err, SOCIALCAP_EINVAL, "columns", "unknown column bit");
	if ((o->families & ~SOCIALCAP_FAMILY_ALL) != 0)
		return fail(err, SOCIALCAP_EINVAL, "families", "unknown family flag");
	if (o->group_by < SOCIALCAP_GROUP_SECTOR || o->group_by > SOCIALCAP_GROUP_KIND)
		return fail(err, SOCIALCAP_EINVAL, "group_by", "unknown group attribute");
	if (o->event_window <= 0)
		return fail(err, SOCIALCAP_EINVAL, "event_window", "must be > 0 seconds");
	if (!(o->ec_threshold > 0 && o->ec_threshold <= 1))
		return fail(err, SOCIALCAP_EINVAL, "ec_threshold", "must be in (0, 1]");
	if (o->betweenness_samples > s->n)
		return fail(err, SOCIALCAP_EINVAL, "betweenness_samples",
			    "more samples than actors");
	if (o->threads < 1 || o->threads > 1024)
		return fail(err, SOCIALCAP_EINVAL, "threads", "must be 1 to 1024");
	return SOCIALCAP_OK;
}

uint32_t socialcap__ind_group(const socialcap__ictx *ctx, uint32_t v)
{
	switch (ctx->o->group_by) {
	case SOCIALCAP_GROUP_NEIGHBOURHOOD:
		return ctx->s->nbh[v];
	case SOCIALCAP_GROUP_KIND:
		return ctx->s->kind[v];
	default:
		return ctx->s->sector[v];
	}
}

int socialcap__ind_progress(socialcap__ictx *ctx, double done)
{
	double f;

	if (ctx->o->progress == NULL)
		return SOCIALCAP_OK;
	f = ctx->lo + (ctx->hi - ctx->lo) * (done < 0 ? 0 : done > 1 ? 1 : done);
	if (f < ctx->last)
		f = ctx->last;
	ctx->last = f;
	return ctx->o->progress(f, ctx->o->progress_user) != 0 ? SOCIALCAP_ECANCELED
								: SOCIALCAP_OK;
}

/* Every option that shaped the numbers, snapshot options first. */
static int echo(socialcap_results *res, const socialcap_snapshot *s,
		const socialcap_indicator_options *o)
{
	const socialcap_snapshot_options *so = &s->opts;
	char name[SOCIALCAP__OPTION_NAME_SIZE];
	uint32_t k;
	int rc = 0;

	rc |= socialcap__results_echo(res, "time", (double)so->time);
	rc |= socialcap__results_echo(res, "half_life_physical", (double)so->half_life_physical);
	rc |= socialcap__results_echo(res, "half_life_digital", (double)so->half_life_digital);
	rc |= socialcap__results_echo(res, "half_life_event", (double)so->half_life_event);
	rc |= socialcap__results_echo(res, "theta", so->theta);
	rc |= socialcap__results_echo(res, "max_clique_event", (double)so->max_clique_event);
	for (k = 0; k < so->layer_half_life_count && rc == 0; k++) {
		const char *label = socialcap_network_layer_label(s->net, k);

		snprintf(name, sizeof(name), "half_life_layer.%s",
			 label != NULL ? label : "?");
		rc |= socialcap__results_echo(res, name, (double)so->layer_half_lives[k]);
	}
	rc |= socialcap__results_echo(res, "families", (double)o->families);
	rc |= socialcap__results_echo(res, "group_by", (double)o->group_by);
	rc |= socialcap__results_echo(res, "event_window", (double)o->event_window);
	rc |= socialcap__results_echo(res, "ec_threshold", o->ec_threshold);
	rc |= socialcap__results_echo(res, "betweenness_samples",
				      (double)o->betweenness_samples);
	rc |= socialcap__results_echo(res, "seed", (double)o->seed);
	rc |= socialcap__results_echo(res, "threads", (double)o->threads);
	rc |= socialcap__results_echo(res, "columns", (double)o->columns);
	return rc != 0 ? SOCIALCAP_ENOMEM : SOCIALCAP_OK;
}

/* Shares of the progress bar per family, roughly by cost. */
static double family_weight(unsigned int family)
{
	switch (family) {
	case SOCIALCAP_FAMILY_TRIANGLES:
		return 0.2;
	case SOCIALCAP_FAMILY_BETWEENNESS:
		return 0.6;
	case SOCIALCAP_FAMILY_REACH:
		return 0.1;
	default:
		return 0.05;
	}
}

#define BIT(c) SOCIALCAP_COLUMN_BIT(SOCIALCAP_ACTOR_##c)

/* The actor columns each family fills. */
static uint32_t family_columns(unsigned int family)
{
	switch (family) {
	case SOCIALCAP_FAMILY_LOCAL:
		return BIT(DEGREE) | BIT(STRENGTH) | BIT(BONDING) | BIT(BRIDGING) |
		       BIT(LINKING) | BIT(EXTENSITY) | BIT(UPPER_REACHABILITY) |
		       BIT(PRESTIGE_RANGE) | BIT(EC) | BIT(EVENTS_ATTENDED);
	case SOCIALCAP_FAMILY_TRIANGLES:
		return BIT(CLUSTERING) | BIT(CONSTRAINT) | BIT(EFFECTIVE_SIZE) |
		       BIT(EFFICIENCY) | BIT(HIERARCHY);
	case SOCIALCAP_FAMILY_BETWEENNESS:
		return BIT(BETWEENNESS);
	case SOCIALCAP_FAMILY_REACH:
		return BIT(HOPS_TO_INSTITUTION) | BIT(INSTITUTIONS_WITHIN_2);
	default:
		return BIT(COMPONENT) | BIT(ARTICULATION_POINT);
	}
}

/* Degree and strength alone: both are in the snapshot, O(n). */
static void degree_strength(const socialcap__ictx *ctx, socialcap_results *res)
{
	const socialcap_snapshot *s = ctx->s;
	double *deg = socialcap__results_col(res, SOCIALCAP_ACTOR_DEGREE);
	double *str = socialcap__results_col(res, SOCIALCAP_ACTOR_STRENGTH);
	uint32_t v;

	if (deg != NULL)
		for (v = 0; v < s->n; v++)
			deg[v] = (double)(s->off[v + 1] - s->off[v]);
	if (str != NULL)
		memcpy(str, s->strength, (size_t)s->n * sizeof(*str));
}

/* Column @p c of @p res if it is wanted, else NULL. */
static double *wanted(const socialcap__ictx *ctx, socialcap_results *res, int c)
{
	return socialcap__ind_wants(ctx, c) ? socialcap__results_col(res, (uint32_t)c) : NULL;
}

static int run_family(socialcap__ictx *ctx, socialcap_results *res,
		      unsigned int family)
{
	socialcap__tri_out tri = {NULL, NULL, NULL, NULL, NULL, NULL};
	const uint32_t cols = ctx->o->columns;

	switch (family) {
	case SOCIALCAP_FAMILY_LOCAL:
		if (cols != 0 && (cols & family_columns(family) & ~(BIT(DEGREE) | BIT(STRENGTH))) == 0) {
			degree_strength(ctx, res);
			return SOCIALCAP_OK;
		}
		return socialcap__ind_local(ctx, res);
	case SOCIALCAP_FAMILY_TRIANGLES:
		tri.clustering = wanted(ctx, res, SOCIALCAP_ACTOR_CLUSTERING);
		tri.constraint = wanted(ctx, res, SOCIALCAP_ACTOR_CONSTRAINT);
		tri.effective_size = wanted(ctx, res, SOCIALCAP_ACTOR_EFFECTIVE_SIZE);
		tri.efficiency = wanted(ctx, res, SOCIALCAP_ACTOR_EFFICIENCY);
		tri.hierarchy = wanted(ctx, res, SOCIALCAP_ACTOR_HIERARCHY);
		return socialcap__ind_triangles(ctx, &tri);
	case SOCIALCAP_FAMILY_BETWEENNESS:
		return socialcap__ind_betweenness(
			ctx, socialcap__results_col(res, SOCIALCAP_ACTOR_BETWEENNESS));
	case SOCIALCAP_FAMILY_REACH:
		return socialcap__ind_reach(ctx, res);
	default:
		return socialcap__ind_structure(
			ctx, socialcap__results_col(res, SOCIALCAP_ACTOR_COMPONENT),
			wanted(ctx, res, SOCIALCAP_ACTOR_ARTICULATION_POINT));
	}
}

/* Families the options ask for, less those none of whose columns is wanted. */
static int family_chosen(const socialcap__ictx *ctx, unsigned int family)
{
	return (ctx->o->families & family) != 0 &&
	       (ctx->o->columns == 0 || (ctx->o->columns & family_columns(family)) != 0);
}

static int run_actor_families(socialcap__ictx *ctx, socialcap_results *res)
{
	static const unsigned int order[] = {
		SOCIALCAP_FAMILY_LOCAL, SOCIALCAP_FAMILY_STRUCTURE,
		SOCIALCAP_FAMILY_REACH, SOCIALCAP_FAMILY_TRIANGLES,
		SOCIALCAP_FAMILY_BETWEENNESS};
	double total = 0, at = 0;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(order) / sizeof(*order); i++)
		if (family_chosen(ctx, order[i]))
			total += family_weight(order[i]);
	for (i = 0; i < sizeof(order) / sizeof(*order); i++) {
		if (!family_chosen(ctx, order[i]))
			continue;
		ctx->lo = at / total;
		at += family_weight(order[i]);
		ctx->hi = at / total;
		if ((rc = socialcap__ind_progress(ctx, 0)) != 0 ||
		    (rc = run_family(ctx, res, order[i])) != 0 ||
		    (rc = socialcap__ind_progress(ctx, 1)) != 0)
			return rc;
	}
	return SOCIALCAP_OK;
}

/*
 * The actor columns that get storage: those wanted, of the families
 * chosen. The others read as NaN without costing memory or a pass, so a
 * caller asking for degree alone gets a table of two blocks, not twenty.
 */
static uint64_t stored_columns(const socialcap_indicator_options *o)
{
	static const unsigned int all[] = {
		SOCIALCAP_FAMILY_LOCAL, SOCIALCAP_FAMILY_STRUCTURE, SOCIALCAP_FAMILY_REACH,
		SOCIALCAP_FAMILY_TRIANGLES, SOCIALCAP_FAMILY_BETWEENNESS};
	uint32_t chosen = 0;
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(*all); i++)
		if ((o->families & all[i]) != 0)
			chosen |= family_columns(all[i]);
	return o->columns != 0 ? (uint64_t)(o->columns & chosen) : (uint64_t)chosen;
}

typedef int (*producer)(socialcap__ictx *ctx, socialcap_results *res);

static int compute(socialcap_results **out, const socialcap_snapshot *snap,
		   const socialcap_indicator_options *opts, socialcap_error *err,
		   int row_kind, producer run)
{
	const socialcap_indicator_options defaults = SOCIALCAP_INDICATOR_OPTIONS_INIT;
	socialcap_indicator_options o;
	socialcap_results *res = NULL;
	socialcap__ictx ctx;
	int rc;

	if (out != NULL)
		*out = NULL;
	if (out == NULL || snap == NULL)
		return fail(err, SOCIALCAP_EINVAL, "", "NULL out or snapshot");
	if (opts == NULL)
		opts = &defaults;
	/* read only the fields the caller's version has */
	if (opts->version == 1) {
		o = defaults;
		memcpy(&o, opts, V1_SIZE);
	} else if (opts->version == SOCIALCAP_INDICATOR_OPTIONS_VERSION) {
		o = *opts;
	} else {
		return fail(err, SOCIALCAP_EVERSION, "version",
			    "unknown indicator options version");
	}
	if ((rc = check(snap, &o, err)) != 0)
		return rc;
	memset(&ctx, 0, sizeof(ctx));
	ctx.s = snap;
	ctx.o = &o;
	ctx.hi = 1;
	socialcap__mem_init(&ctx.mem, &snap->mem.allocator);
	if (row_kind == SOCIALCAP_ROWS_ACTORS)
		rc = socialcap__results_new_some(&res, &snap->mem.allocator, snap->net,
						 row_kind, snap->n,
						 SOCIALCAP_ACTOR_COLUMN_COUNT, actor_columns,
						 stored_columns(&o));
	else
		rc = socialcap__results_new(&res, &snap->mem.allocator, snap->net,
					    row_kind, 1, SOCIALCAP_NETWORK_COLUMN_COUNT,
					    network_columns);
	if (rc == 0)
		rc = echo(res, snap, &o);
	if (rc == 0)
		rc = run(&ctx, res);
	if (rc != 0) {
		socialcap_results_free(res);
		return fail(err, rc, "",
			    rc == SOCIALCAP_ECANCELED ? "canceled by the progress callback"
			    : rc == SOCIALCAP_EIO     ? "cannot start a worker thread"
						      : "out of memory");
	}
	*out = res;
	return SOCIALCAP_OK;
}

int socialcap_indicators_actors(socialcap_results **out, const socialcap_snapshot *snap,
				const socialcap_indicator_options *opts,
				socialcap_error *err)
{
	return compute(out, snap, opts, err, SOCIALCAP_ROWS_ACTORS, run_actor_families);
}

int socialcap_indicators_network(socialcap_results **out,
				 const socialcap_snapshot *snap,
				 const socialcap_indicator_options *opts,
				 socialcap_error *err)
{
	return compute(out, snap, opts, err, SOCIALCAP_ROWS_NETWORK,
		       socialcap__ind_network);
}
