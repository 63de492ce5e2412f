/*
 * Allocation-failure sweep rows of the compact graph: see oom_compact.h.
 */
#include "oom_compact.h"
#include "oom_rows.h"

#include <string.h>

enum { STEP_NEW, STEP_FILL, STEP_FINISH, STEP_TIES, STEP_REACH, STEP_COMPONENTS };

static const uint32_t tie_ends[][3] = {{0, 1, 0}, {1, 2, 1}, {0, 1, 3}, {3, 2, 1},
				       {0, 3, 2}, {4, 0, 4}, {4, 3, 0}};
#define TIES (sizeof(tie_ends) / sizeof(tie_ends[0]))

static int failed(fx *f, int rc, const char *msg)
{
	if (rc != 0) {
		f->uses_err = 1;
		socialcap_error_clear(&f->err);
		f->err.status = rc;
		strncpy(f->err.message, msg, sizeof(f->err.message) - 1);
	}
	return rc;
}

/* The ties of tie_ends, the i-th of weight 0.5 + i (of weight 1 with
 * @p unit); stops at the first failure. */
static int add_ties(socialcap_compact_builder *b, int unit)
{
	uint32_t v;
	int rc = 0;

	for (v = 0; v < TIES && rc == 0; v++)
		rc = socialcap_compact_builder_add_tie(b, tie_ends[v][0], tie_ends[v][1],
						       tie_ends[v][2], unit ? 1 : 0.5 + v);
	return rc;
}

/* Five actors: 0, 1, 3 residents of neighbourhood 0 or 1, 2 and 4
 * institutions. */
static int make(fx *f, socialcap_compact_builder **out, int weighted)
{
	socialcap_compact_options o = SOCIALCAP_COMPACT_OPTIONS_INIT;
	socialcap_compact_builder *b = NULL;
	uint32_t v;
	int rc;

	o.actors = 5;
	o.sectors = 2;
	o.neighbourhoods = 2;
	o.weighted = weighted;
	o.allocator = &f->alloc;
	rc = socialcap_compact_builder_new(&b, &o);
	if (rc != 0)
		return failed(f, rc, "compact builder_new failed");
	rc = socialcap_compact_builder_set_sector(b, 1, 1);
	for (v = 0; v < 5 && rc == 0; v++)
		rc = socialcap_compact_builder_set_actor(b, v, v == 2 || v == 4, v == 3,
							 v == 2 || v == 4);
	if (rc == 0)
		rc = add_ties(b, 0);
	if (rc != 0) {
		socialcap_compact_builder_free(b);
		return rc; /* not an allocation failure: the sweep reports it */
	}
	*out = b;
	return 0;
}

static int pipeline(fx *f, int step, int weighted)
{
	socialcap_compact_areas_options ao = SOCIALCAP_COMPACT_AREAS_OPTIONS_INIT;
	socialcap_compact_area rows[2];
	socialcap_compact_builder *b = NULL;
	socialcap_compact *g = NULL;
	int rc = make(f, &b, weighted);

	if (rc != 0 || step == STEP_NEW) {
		socialcap_compact_builder_free(b);
		return rc;
	}
	rc = socialcap_compact_builder_start_fill(b);
	if (rc != 0) {
		failed(f, rc, socialcap_compact_builder_errmsg(b));
		socialcap_compact_builder_free(b);
		return rc;
	}
	rc = add_ties(b, 0);
	if (rc == 0 && step >= STEP_FINISH)
		rc = socialcap_compact_builder_finish(&g, b);
	if (rc != 0 || step < STEP_FINISH) {
		failed(f, rc, socialcap_compact_builder_errmsg(b));
		socialcap_compact_builder_free(b);
		return rc;
	}
	ao.min_cell = 0;
	memset(rows, 0, sizeof(rows));
	if (step == STEP_TIES)
		rc = socialcap_compact_areas_ties(g, &ao, rows, 2, &f->err);
	if (step == STEP_REACH)
		rc = socialcap_compact_areas_reach(g, &ao, rows, 2, &f->err);
	if (step == STEP_COMPONENTS)
		rc = socialcap_compact_components(g, &rows[0].residents, &rows[0].key_dependents,
						  &f->err);
	/* the out-parameters change only on success */
	if (rc == 0) {
		f->u64 = socialcap_compact_tie_count(g);
		f->u32s[0] = rows[0].residents;
		f->u32s[1] = (uint32_t)rows[0].ties_internal;
		f->u32s[2] = (uint32_t)rows[1].ties_boundary;
		f->u32s[3] = rows[0].key_dependents;
		f->u32s[4] = (uint32_t)(100 * rows[0].bonding + 0.5);
		f->total = 5;
	}
	f->uses_err = rc != 0;
	socialcap_compact_free(g);
	return rc;
}

/* One entry point per step: the sweep's rows call an int (*)(fx *). */
#define STEP_ROW(name, step, weighted)                                         \
	int name(fx *f)                                                        \
	{                                                                      \
		return pipeline(f, step, weighted);                            \
	}

STEP_ROW(oom_compact_new, STEP_NEW, 0)
STEP_ROW(oom_compact_start_fill, STEP_FILL, 1)
STEP_ROW(oom_compact_finish, STEP_FINISH, 0)
STEP_ROW(oom_compact_finish_weighted, STEP_FINISH, 1)
STEP_ROW(oom_compact_areas_ties, STEP_TIES, 0)
STEP_ROW(oom_compact_areas_reach, STEP_REACH, 0)
STEP_ROW(oom_compact_components, STEP_COMPONENTS, 0)

/*
 * The graph is built while failures are switched off, and its allocations
 * are taken out of the count, so that only the calls below are checked.
 */
void oom_compact_non_allocating(fx *f, const char **names, size_t *count)
{
	size_t fail_at = f->ta.fail_at, calls = f->ta.calls;
	int fail_from = f->ta.fail_from;
	socialcap_compact_builder *b = NULL, *b2 = NULL;
	socialcap_compact *g = NULL;
	const uint32_t *nb;
	const uint8_t *lay;
	const float *w;

	f->ta.fail_at = 0;
	f->ta.fail_from = 0;
	if (make(f, &b, 0) != 0 || make(f, &b2, 0) != 0 ||
	    socialcap_compact_builder_start_fill(b) != 0)
		return;
	(void)add_ties(b, 1);
	if (socialcap_compact_builder_finish(&g, b) != 0)
		return;
	f->ta.fail_at = fail_at;
	f->ta.fail_from = fail_from;
	f->ta.calls = calls;

	NOALLOC(socialcap_compact_builder_set_sector, socialcap_compact_builder_set_sector(b2, 0, 0));
	NOALLOC(socialcap_compact_builder_set_actor, socialcap_compact_builder_set_actor(b2, 0, 0, 0, 0));
	NOALLOC(socialcap_compact_builder_add_tie, socialcap_compact_builder_add_tie(b2, 0, 4, 1, 1));
	NOALLOC(socialcap_compact_builder_errmsg, socialcap_compact_builder_errmsg(b2));
	NOALLOC(socialcap_compact_actor_count, socialcap_compact_actor_count(g));
	NOALLOC(socialcap_compact_tie_count, socialcap_compact_tie_count(g));
	NOALLOC(socialcap_compact_memory, socialcap_compact_memory(g));
	NOALLOC(socialcap_compact_neighbours, socialcap_compact_neighbours(g, 0, &nb, &lay, &w));
	NOALLOC(socialcap_compact_area_count, socialcap_compact_area_count(g, 0));
	socialcap_compact_free(g);
	socialcap_compact_builder_free(b2);
}
