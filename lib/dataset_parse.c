/* Parsing one dataset row and checking each value on its own (domains,
 * lengths, UTF-8); references between rows are checked in dataset_check.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dataset_internal.h"

#define TRY(expr)                                                              \
	do {                                                                   \
		int rc_ = (expr);                                              \
		if (rc_ != 0)                                                  \
			return rc_;                                            \
	} while (0)

static int cmp_group(const void *x, const void *y)
{
	const ds_group *a = x, *b = y;
	int c = strcmp(a->s, b->s);

	if (c != 0)
		return c;
	return (a->i > b->i) - (a->i < b->i);
}

/* Keep the first of repeated groups, in their order. O(n log n). */
static size_t unique_groups(ds_ctx *ctx, size_t n)
{
	ds_group *gs = ctx->group_order;
	size_t i, k;

	for (i = 0; i < n; i++) {
		gs[i].s = ctx->groups[i];
		gs[i].i = i;
	}
	qsort(gs, n, sizeof(*gs), cmp_group);
	for (i = 1; i < n; i++)
		if (strcmp(gs[i].s, gs[i - 1].s) == 0)
			ctx->groups[gs[i].i] = NULL;
	for (i = k = 0; i < n; i++)
		if (ctx->groups[i] != NULL)
			ctx->groups[k++] = ctx->groups[i];
	return k;
}

static int groups_scratch(ds_ctx *ctx, size_t n)
{
	if (SOCIALCAP__GROW(&ctx->tmp, ctx->groups, ctx->groups_cap, n) != 0 ||
	    SOCIALCAP__GROW(&ctx->tmp, ctx->group_order, ctx->order_cap, n) != 0)
		return SOCIALCAP_ENOMEM;
	return 0;
}

int socialcap__ds_split_groups(ds_ctx *ctx, char *field, size_t *count)
{
	size_t n = 1, i;
	char *s;
	int rc;

	if (*field == '\0') {
		*count = 0;
		return 0;
	}
	for (s = field; *s != '\0'; s++)
		n += *s == ';';
	if ((rc = groups_scratch(ctx, n)) != 0)
		return rc;
	ctx->groups[0] = field;
	for (s = field, i = 1; *s != '\0'; s++) {
		if (*s == ';') {
			*s = '\0';
			ctx->groups[i++] = s + 1;
		}
	}
	*count = n;
	return 0;
}

static int parse_groups(ds_ctx *ctx, ds_table *t, ds_row *row)
{
	/* the reader's own buffer: splitting writes only over ';' */
	char *field = (char *)socialcap__ds_value(t, A_GROUPS);
	const size_t max = ctx->net->opts.max_label_bytes;
	size_t n, i;
	int rc;

	if ((rc = socialcap__ds_split_groups(ctx, field, &n)) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		size_t len = strlen(ctx->groups[i]);

		if (len == 0)
			return socialcap__ds_problem(ctx, t, A_GROUPS, SOCIALCAP_EINVAL,
						     "groups: empty group name (a ';' at an end or two in a row)");
		if (len > max)
			return socialcap__ds_problem(ctx, t, A_GROUPS, SOCIALCAP_EINVAL,
						     "groups: group %zu longer than %zu bytes",
						     i + 1, max);
		if (!socialcap__utf8_valid(ctx->groups[i], len))
			return socialcap__ds_problem(ctx, t, A_GROUPS, SOCIALCAP_EINVAL,
						     "groups: group %zu is not valid UTF-8 text (or contains a control character)",
						     i + 1);
	}
	row->ngroups = n > 1 ? unique_groups(ctx, n) : n;
	if (row->ngroups > SOCIALCAP__MAX_GROUPS_PER_ACTOR)
		return socialcap__ds_problem(ctx, t, A_GROUPS, SOCIALCAP_ELIMIT,
					     "groups: more than %u groups",
					     SOCIALCAP__MAX_GROUPS_PER_ACTOR);
	return 0;
}

static int parse_sector(ds_ctx *ctx, ds_table *t, ds_row *row)
{
	TRY(socialcap__ds_text(ctx, t, S_SECTOR, ctx->net->opts.max_label_bytes));
	TRY(socialcap__ds_int(ctx, t, S_TIER, &row->tier));
	if (row->tier < 0)
		return socialcap__ds_problem(ctx, t, S_TIER, SOCIALCAP_EINVAL,
					     "tier: must be >= 0");
	return socialcap__ds_number(ctx, t, S_PRESTIGE, NAN, &row->number);
}

static int parse_actor_rest(ds_ctx *ctx, ds_table *t, ds_row *row)
{
	const size_t max = ctx->net->opts.max_label_bytes;

	TRY(socialcap__ds_enum(ctx, t, A_KIND, socialcap__ds_kinds, 3, &row->kind));
	TRY(socialcap__ds_text(ctx, t, A_SECTOR, max));
	TRY(socialcap__ds_text(ctx, t, A_NBH, max));
	TRY(socialcap__ds_number(ctx, t, A_STATUS, NAN, &row->number));
	if (!isnan(row->number) && !(row->number >= 0.0 && row->number <= 1.0))
		return socialcap__ds_problem(ctx, t, A_STATUS, SOCIALCAP_EINVAL,
					     "status: must be within [0,1] or empty");
	return parse_groups(ctx, t, row);
}

static int parse_weight(ds_ctx *ctx, ds_table *t, int col, ds_row *row)
{
	TRY(socialcap__ds_number(ctx, t, col, 1.0, &row->weight));
	if (!(row->weight > 0.0))
		return socialcap__ds_problem(ctx, t, col, SOCIALCAP_EINVAL,
					     "weight: must be > 0");
	return 0;
}

static int parse_cost(ds_ctx *ctx, ds_table *t, int col, ds_row *row)
{
	TRY(socialcap__ds_number(ctx, t, col, 0.0, &row->cost));
	if (row->cost < 0.0)
		return socialcap__ds_problem(ctx, t, col, SOCIALCAP_EINVAL,
					     "cost: must be >= 0");
	return 0;
}

static int parse_tie(ds_ctx *ctx, ds_table *t, ds_row *row)
{
	const size_t max_id = ctx->net->opts.max_id_bytes;

	TRY(socialcap__ds_text(ctx, t, T_A, max_id));
	TRY(socialcap__ds_text(ctx, t, T_B, max_id));
	if (strcmp(row->text[T_A], row->text[T_B]) == 0)
		return socialcap__ds_problem(ctx, t, T_B, SOCIALCAP_EINVAL,
					     "b: actor \"%s\" cannot be tied to itself",
					     row->text[T_A]);
	TRY(socialcap__ds_text(ctx, t, T_LAYER, ctx->net->opts.max_label_bytes));
	TRY(parse_weight(ctx, t, T_WEIGHT, row));
	return socialcap__ds_time(ctx, t, T_SINCE, &row->time);
}

static int parse_contact(ds_ctx *ctx, ds_table *t, ds_row *row)
{
	const size_t max_id = ctx->net->opts.max_id_bytes;

	TRY(socialcap__ds_time(ctx, t, C_TIME, &row->time));
	TRY(socialcap__ds_text(ctx, t, C_A, max_id));
	TRY(socialcap__ds_text(ctx, t, C_B, max_id));
	if (strcmp(row->text[C_A], row->text[C_B]) == 0)
		return socialcap__ds_problem(ctx, t, C_B, SOCIALCAP_EINVAL,
					     "b: actor \"%s\" cannot contact itself",
					     row->text[C_A]);
	TRY(socialcap__ds_enum(ctx, t, C_CHANNEL, socialcap__ds_channels, 2,
			       &row->channel));
	TRY(parse_weight(ctx, t, C_WEIGHT, row));
	return parse_cost(ctx, t, C_COST, row);
}

static int parse_event_rest(ds_ctx *ctx, ds_table *t, ds_row *row)
{
	const size_t max = ctx->net->opts.max_label_bytes;

	TRY(socialcap__ds_time(ctx, t, E_TIME, &row->time));
	TRY(socialcap__ds_text(ctx, t, E_NBH, max));
	TRY(socialcap__ds_text(ctx, t, E_KIND, max));
	TRY(socialcap__ds_enum(ctx, t, E_CHANNEL, socialcap__ds_channels, 2,
			       &row->channel));
	return parse_cost(ctx, t, E_COST, row);
}

static int parse_attendance(ds_ctx *ctx, ds_table *t, ds_row *row)
{
	TRY(socialcap__ds_text(ctx, t, AT_EVENT, ctx->net->opts.max_id_bytes));
	TRY(socialcap__ds_text(ctx, t, AT_ACTOR, ctx->net->opts.max_id_bytes));
	return socialcap__ds_enum(ctx, t, AT_ROLE, socialcap__ds_roles, 2, &row->role);
}

int socialcap__ds_parse_row(ds_ctx *ctx, ds_table *t, ds_row *row)
{
	size_t i;

	memset(row, 0, sizeof(*row));
	for (i = 0; i < t->spec->ncols; i++)
		row->text[i] = socialcap__ds_value(t, (int)i);
	switch (t->which) {
	case DS_SECTORS:
		return parse_sector(ctx, t, row);
	case DS_ACTORS:
		/* The id is checked first and on its own, so that a row with a
		 * bad value still defines its actor for later references. */
		TRY(socialcap__ds_text(ctx, t, A_ID, ctx->net->opts.max_id_bytes));
		return 0;
	case DS_TIES:
		return parse_tie(ctx, t, row);
	case DS_CONTACTS:
		return parse_contact(ctx, t, row);
	case DS_EVENTS:
		TRY(socialcap__ds_text(ctx, t, E_ID, ctx->net->opts.max_id_bytes));
		return 0;
	default:
		return parse_attendance(ctx, t, row);
	}
}

int socialcap__ds_parse_rest(ds_ctx *ctx, ds_table *t, ds_row *row)
{
	if (t->which == DS_ACTORS)
		return parse_actor_rest(ctx, t, row);
	if (t->which == DS_EVENTS)
		return parse_event_rest(ctx, t, row);
	return 0;
}
