/* Per-neighbourhood and per-sector aggregates, values computed by hand. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "socialcap.h"
#include "test_alloc.h"

#define DAY SOCIALCAP_DAY
#define TOL 1e-6

#define assert_near(got, want, tol) check_near((got), (want), (tol), __FILE__, __LINE__)

static void check_near(double got, double want, double tol, const char *file, int line)
{
	if (isnan(want) ? !isnan(got) : !(fabs(got - want) <= tol)) {
		print_error("%s:%d: got %.17g, want %.17g (tol %g)\n", file, line, got,
			    want, tol);
		_fail(file, line);
	}
}

static socialcap_network *new_net(const socialcap_allocator *alloc)
{
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network *net = NULL;

	o.allocator = alloc;
	assert_int_equal(socialcap_network_new(&net, &o), 0);
	return net;
}

static uint32_t actor(socialcap_network *net, const char *id, socialcap_actor_kind kind,
		      const char *sector, const char *nbh, double status)
{
	uint32_t v;

	assert_int_equal(socialcap_network_add_actor(net, &v, id, kind, sector, nbh,
						     status, NULL, 0),
			 0);
	return v;
}

static uint32_t res(socialcap_network *net, const char *id, const char *sector,
		    const char *nbh)
{
	return actor(net, id, SOCIALCAP_RESIDENT, sector, nbh, NAN);
}

static void tie(socialcap_network *net, uint32_t a, uint32_t b, double w, int64_t since)
{
	assert_int_equal(socialcap_network_add_tie(net, NULL, a, b, "family", w, since), 0);
}

static void contact(socialcap_network *net, int64_t t, uint32_t a, uint32_t b, double cost)
{
	socialcap_contact c = {t, a, b, SOCIALCAP_PHYSICAL, 1.0, cost};

	assert_int_equal(socialcap_network_record_contact(net, NULL, &c), 0);
}

static void event(socialcap_network *net, const char *id, int64_t t, const char *nbh,
		  double cost, const uint32_t *who, const int32_t *roles, size_t d)
{
	socialcap_event e = {id, t, nbh, "meeting", SOCIALCAP_PHYSICAL, cost};
	socialcap_attendance att[16];
	size_t i;

	for (i = 0; i < d; i++) {
		att[i].actor = who[i];
		att[i].role = roles[i];
	}
	assert_int_equal(socialcap_network_record_event(net, NULL, &e, att, d), 0);
}

static socialcap_snapshot *snap_at(socialcap_network *net, int64_t t, int decay)
{
	socialcap_snapshot_options o = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	socialcap_snapshot *s = NULL;

	o.time = t;
	if (!decay)
		o.half_life_physical = o.half_life_digital = o.half_life_event = 0;
	assert_int_equal(socialcap_snapshot_build(&s, net, &o), 0);
	return s;
}

static socialcap_results *areas(const socialcap_snapshot *s, int kind, int group,
				uint32_t min_cell)
{
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	socialcap_results *r = NULL;

	o.areas = kind;
	o.group = group;
	o.min_cell = min_cell;
	assert_int_equal(socialcap_areas_compute(&r, s, &o), 0);
	assert_int_equal(socialcap_results_column_count(r), SOCIALCAP_AREA_COLUMN_COUNT);
	return r;
}

static double cell(const socialcap_results *r, const char *row, const char *column)
{
	uint32_t i, c;

	assert_int_equal(socialcap_results_find_row(r, &i, row), 0);
	assert_int_equal(socialcap_results_find_column(r, &c, column), 0);
	return socialcap_results_get(r, i, c);
}

/* G9 with all six actors in one neighbourhood, groups a/b as sectors. */
static socialcap_network *g9(int groups_as_sectors)
{
	static const char *const grp[6] = {"a", "a", "a", "b", "b", "b"};
	static const char *const ids[6] = {"0", "1", "2", "3", "4", "5"};
	static const int ties[6][2] = {{0, 1}, {1, 2}, {0, 2}, {3, 4}, {2, 3}, {4, 5}};
	socialcap_network *net = new_net(NULL);
	uint32_t v[6];
	int i;

	for (i = 0; i < 6; i++)
		v[i] = groups_as_sectors ? res(net, ids[i], grp[i], "N1")
					 : res(net, ids[i], "s", grp[i]);
	for (i = 0; i < 6; i++)
		tie(net, v[ties[i][0]], v[ties[i][1]], 1, SOCIALCAP_TIME_NONE);
	return net;
}

static void test_g9_neighbourhood(void **state)
{
	socialcap_network *net = g9(1);
	socialcap_snapshot *s = snap_at(net, 100 * DAY, 1);
	socialcap_results *r = areas(s, SOCIALCAP_AREAS_NEIGHBOURHOODS,
				     SOCIALCAP_GROUP_SECTOR, 0);

	(void)state;
	assert_int_equal(socialcap_results_row_kind(r), SOCIALCAP_ROWS_NEIGHBOURHOODS);
	assert_near(cell(r, "N1", "residents"), 6, 0);
	assert_near(cell(r, "N1", "suppressed"), 0, 0);
	assert_near(cell(r, "N1", "ei_index"), -0.666667, TOL);
	assert_near(cell(r, "N1", "support_ratio"), 0.5, TOL);
	assert_near(cell(r, "N1", "ties_internal"), 6, 0);
	assert_near(cell(r, "N1", "ties_boundary"), 0, 0);
	assert_near(cell(r, "N1", "density"), 0.4, TOL);
	/* 1, 1, 1/3, 0, 0 over the five members with two or more ties */
	assert_near(cell(r, "N1", "clustering"), (7.0 / 3) / 5, TOL);
	assert_near(cell(r, "N1", "bonding"), 5.0 / 6, TOL);
	assert_near(cell(r, "N1", "bridging"), 1.0 / 6, TOL);
	assert_near(cell(r, "N1", "linking"), 0, TOL);
	assert_near(cell(r, "N1", "blau_sectors"), 0.5, TOL);
	assert_near(cell(r, "N1", "institution_reach"), 0, 0);
	assert_true(isnan(cell(r, "N1", "single_link_share")));
	assert_true(isnan(cell(r, "N1", "key_institution")));
	assert_near(cell(r, "N1", "key_institution_dependents"), 0, 0);
	assert_true(isnan(cell(r, "N1", "ec")));
	assert_near(cell(r, "N1", "participation_rate"), 0, 0);
	assert_near(cell(r, "N1", "investment_flow"), 0, 0);
	assert_true(isnan(cell(r, "N1", "portfolio_hhi")));
	assert_true(isnan(cell(r, "N1", "social_return")));
	assert_true(isnan(cell(r, "N1", "growth_fund")));
	socialcap_results_free(r);

	/* Six residents are fewer than the default ten: suppressed. */
	r = areas(s, SOCIALCAP_AREAS_NEIGHBOURHOODS, SOCIALCAP_GROUP_SECTOR, 10);
	assert_near(cell(r, "N1", "residents"), 6, 0);
	assert_near(cell(r, "N1", "suppressed"), 1, 0);
	assert_true(isnan(cell(r, "N1", "ei_index")));
	assert_true(isnan(cell(r, "N1", "ties_internal")));
	assert_true(isnan(cell(r, "N1", "investment_flow")));
	socialcap_results_free(r);

	/* Per sector, groups by sector: a and b each have EI -0.5 (3 internal,
	 * 1 across) / (2 internal, 1 across: -1/3), support 1 and 0. */
	r = areas(s, SOCIALCAP_AREAS_SECTORS, SOCIALCAP_GROUP_SECTOR, 0);
	assert_int_equal(socialcap_results_row_kind(r), SOCIALCAP_ROWS_SECTORS);
	assert_near(cell(r, "a", "ei_index"), -0.5, TOL);
	assert_near(cell(r, "b", "ei_index"), -1.0 / 3, TOL);
	assert_near(cell(r, "a", "support_ratio"), 1, TOL);
	assert_near(cell(r, "b", "support_ratio"), 0, TOL);
	assert_near(cell(r, "a", "ties_boundary"), 1, 0);
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* G9 as one sector whose two neighbourhoods are the groups. */
static void test_g9_sector(void **state)
{
	socialcap_network *net = g9(0);
	socialcap_snapshot *s = snap_at(net, 100 * DAY, 1);
	socialcap_results *r = areas(s, SOCIALCAP_AREAS_SECTORS,
				     SOCIALCAP_GROUP_NEIGHBOURHOOD, 0);

	(void)state;
	assert_near(cell(r, "s", "residents"), 6, 0);
	assert_near(cell(r, "s", "ei_index"), -0.666667, TOL);
	assert_near(cell(r, "s", "support_ratio"), 0.5, TOL);
	assert_near(cell(r, "s", "blau_sectors"), 0, TOL);
	assert_near(cell(r, "s", "bonding"), 5.0 / 6, TOL);
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/*
 * N1: residents r0..r3, N2: resident r4, N3: only an organisation.
 * Professionals p (youth, tier 1, N1) and q (police, tier 2, N2).
 * Ties r0-r1:2, r1-r2, r0-r2, r2-r3, r3-r4, r0-p, p-q:2, r4-q.
 */
typedef struct town {
	socialcap_network *net;
	uint32_t r[5], p, q, shop;
} town;

static void town_new(town *t)
{
	t->net = new_net(NULL);
	assert_int_equal(socialcap_network_set_sector(t->net, NULL, "youth", 1, NAN), 0);
	assert_int_equal(socialcap_network_set_sector(t->net, NULL, "police", 2, NAN), 0);
	t->r[0] = actor(t->net, "r0", SOCIALCAP_RESIDENT, "res", "N1", 0.2);
	t->r[1] = actor(t->net, "r1", SOCIALCAP_RESIDENT, "res", "N1", 0.8);
	t->r[2] = actor(t->net, "r2", SOCIALCAP_RESIDENT, "res", "N1", 0.3);
	t->r[3] = actor(t->net, "r3", SOCIALCAP_RESIDENT, "res", "N1", NAN);
	t->r[4] = actor(t->net, "r4", SOCIALCAP_RESIDENT, "res", "N2", 0.9);
	t->p = actor(t->net, "p", SOCIALCAP_PROFESSIONAL, "youth", "N1", 0.6);
	t->q = actor(t->net, "q", SOCIALCAP_PROFESSIONAL, "police", "N2", NAN);
	t->shop = actor(t->net, "shop", SOCIALCAP_ORGANISATION, "shops", "N3", NAN);
	tie(t->net, t->r[0], t->r[1], 2, SOCIALCAP_TIME_NONE);
	tie(t->net, t->r[1], t->r[2], 1, SOCIALCAP_TIME_NONE);
	tie(t->net, t->r[0], t->r[2], 1, SOCIALCAP_TIME_NONE);
	tie(t->net, t->r[2], t->r[3], 1, SOCIALCAP_TIME_NONE);
	tie(t->net, t->r[3], t->r[4], 1, SOCIALCAP_TIME_NONE);
	tie(t->net, t->r[0], t->p, 1, SOCIALCAP_TIME_NONE);
	tie(t->net, t->p, t->q, 2, SOCIALCAP_TIME_NONE);
	tie(t->net, t->r[4], t->q, 1, SOCIALCAP_TIME_NONE);
}

static void test_town_neighbourhoods(void **state)
{
	town t;
	socialcap_snapshot *s;
	socialcap_results *r;
	uint32_t row, col;

	(void)state;
	town_new(&t);
	s = snap_at(t.net, 100 * DAY, 1);
	r = areas(s, SOCIALCAP_AREAS_NEIGHBOURHOODS, SOCIALCAP_GROUP_SECTOR, 0);
	assert_int_equal(socialcap_results_row_count(r), 3);
	assert_near(cell(r, "N1", "residents"), 4, 0);
	assert_near(cell(r, "N1", "ties_internal"), 4, 0);
	assert_near(cell(r, "N1", "ties_boundary"), 2, 0);
	assert_near(cell(r, "N1", "density"), 4.0 / 6, TOL);
	/* r0 1/3, r1 1, r2 1/3, r3 0 */
	assert_near(cell(r, "N1", "clustering"), (5.0 / 3) / 4, TOL);
	assert_near(cell(r, "N1", "support_ratio"), 0.75, TOL);
	/* incident strength 7: 6 among residents, 1 to the youth worker */
	assert_near(cell(r, "N1", "bonding"), 6.0 / 7, TOL);
	assert_near(cell(r, "N1", "bridging"), 0, TOL);
	assert_near(cell(r, "N1", "linking"), 1.0 / 7, TOL);
	assert_near(cell(r, "N1", "ei_index"), (1.0 - 5) / 6, TOL);
	assert_near(cell(r, "N1", "blau_sectors"), 0, TOL);
	/* pi_H = 3/5 (r1, r4, p of the five with a status); r0: 2/3 of its
	 * alters high, r2: 1/2 (r3 unknown is skipped); r3 itself unknown. */
	assert_near(cell(r, "N1", "ec"), ((2.0 / 3) / 0.6 + 0.5 / 0.6) / 2, TOL);
	/* r0 reaches p and q; r1, r2 only p; r3 only q (via r4) */
	assert_near(cell(r, "N1", "institution_reach"), 1, TOL);
	assert_near(cell(r, "N1", "single_link_share"), 0.75, TOL);
	assert_near(cell(r, "N1", "key_institution"), t.p, 0);
	assert_near(cell(r, "N1", "key_institution_dependents"), 2, 0);
	assert_int_equal(socialcap_results_find_row(r, &row, "N1"), 0);
	assert_string_equal(socialcap_areas_text(r, row, SOCIALCAP_AREA_KEY_INSTITUTION), "p");
	assert_null(socialcap_areas_text(r, row, SOCIALCAP_AREA_DENSITY));
	assert_null(socialcap_areas_text(r, row, SOCIALCAP_AREA_GROWTH_FUND));
	assert_null(socialcap_areas_text(r, 99, SOCIALCAP_AREA_KEY_INSTITUTION));

	/* N2: one resident, no internal ties. */
	assert_near(cell(r, "N2", "residents"), 1, 0);
	assert_true(isnan(cell(r, "N2", "density")));
	assert_true(isnan(cell(r, "N2", "support_ratio")));
	assert_near(cell(r, "N2", "clustering"), 0, TOL);
	assert_near(cell(r, "N2", "bonding"), 0.5, TOL);
	assert_near(cell(r, "N2", "linking"), 0.5, TOL);
	assert_near(cell(r, "N2", "ei_index"), 0, TOL);
	assert_true(isnan(cell(r, "N2", "ec"))); /* r4 is high status */
	assert_near(cell(r, "N2", "institution_reach"), 1, TOL);
	assert_near(cell(r, "N2", "single_link_share"), 0, TOL);
	assert_true(isnan(cell(r, "N2", "key_institution")));

	/* N3: an empty neighbourhood (no residents). */
	assert_near(cell(r, "N3", "residents"), 0, 0);
	assert_near(cell(r, "N3", "suppressed"), 0, 0);
	assert_near(cell(r, "N3", "ties_internal"), 0, 0);
	assert_true(isnan(cell(r, "N3", "density")));
	assert_true(isnan(cell(r, "N3", "clustering")));
	assert_true(isnan(cell(r, "N3", "blau_sectors")));
	assert_true(isnan(cell(r, "N3", "institution_reach")));
	assert_true(isnan(cell(r, "N3", "participation_rate")));
	assert_true(isnan(cell(r, "N3", "bonding")));
	assert_true(isnan(cell(r, "N3", "ei_index")));

	/* Echoed options. */
	{
		double v;

		assert_int_equal(socialcap_results_find_option(r, "window", &v), 0);
		assert_near(v, 365.0 * DAY, 0);
		assert_int_equal(socialcap_results_find_option(r, "time", &v), 0);
		assert_near(v, 100.0 * DAY, 0);
		assert_int_equal(socialcap_results_find_option(r, "min_cell", &v), 0);
		assert_near(v, 0, 0);
		assert_int_equal(socialcap_results_find_option(r, "half_life_invest", &v), 0);
		assert_near(v, 365.0 * DAY, 0);
		assert_int_equal(socialcap_results_find_option(r, "theta", &v), 0);
		assert_near(v, 0.1, 0);
	}
	assert_int_equal(socialcap_results_find_column(r, &col, "growth_rate"), 0);
	assert_int_equal(col, SOCIALCAP_AREA_GROWTH_RATE);
	socialcap_results_free(r);

	/* min_cell 2 suppresses N2 (1 resident) and N3 (none), not N1. */
	r = areas(s, SOCIALCAP_AREAS_NEIGHBOURHOODS, SOCIALCAP_GROUP_SECTOR, 2);
	assert_near(cell(r, "N1", "suppressed"), 0, 0);
	assert_near(cell(r, "N1", "support_ratio"), 0.75, TOL);
	assert_near(cell(r, "N2", "suppressed"), 1, 0);
	assert_near(cell(r, "N2", "residents"), 1, 0);
	assert_near(cell(r, "N3", "suppressed"), 1, 0);
	for (col = SOCIALCAP_AREA_SUPPRESSED + 1; col < SOCIALCAP_AREA_COLUMN_COUNT; col++) {
		assert_int_equal(socialcap_results_find_row(r, &row, "N2"), 0);
		assert_true(isnan(socialcap_results_get(r, row, col)));
	}
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(t.net);
}

static void test_town_sectors(void **state)
{
	town t;
	socialcap_snapshot *s;
	socialcap_results *r;

	(void)state;
	town_new(&t);
	s = snap_at(t.net, 100 * DAY, 1);
	r = areas(s, SOCIALCAP_AREAS_SECTORS, SOCIALCAP_GROUP_SECTOR, 0);
	assert_int_equal(socialcap_results_row_count(r), 4);
	assert_near(cell(r, "res", "residents"), 5, 0);
	assert_near(cell(r, "res", "ties_internal"), 5, 0);
	assert_near(cell(r, "res", "ties_boundary"), 2, 0);
	/* youth: p alone; ties r0-p (linking) and p-q (linking) */
	assert_near(cell(r, "youth", "residents"), 1, 0);
	assert_near(cell(r, "youth", "linking"), 1, TOL);
	assert_near(cell(r, "youth", "ei_index"), 1, TOL);
	/* p is an institution itself and q is its neighbour: two within reach */
	assert_near(cell(r, "youth", "institution_reach"), 1, TOL);
	assert_near(cell(r, "youth", "single_link_share"), 0, TOL);
	/* the shop has no ties and no institution within reach */
	assert_near(cell(r, "shops", "institution_reach"), 0, TOL);
	assert_true(isnan(cell(r, "shops", "single_link_share")));
	assert_true(isnan(cell(r, "shops", "clustering")));
	assert_true(isnan(cell(r, "shops", "bonding")));
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(t.net);
}

/*
 * Investments. N1: residents a, b; N2: resident c; y youth worker (N1),
 * s a shop (N2). t = day 400, window (day 35, day 400].
 */
typedef struct ledger_case {
	socialcap_network *net;
	uint32_t a, b, c, y, s;
} ledger_case;

static void ledger_case_new(ledger_case *k, const socialcap_allocator *alloc)
{
	const int32_t org = SOCIALCAP_ORGANISER, par = SOCIALCAP_PARTICIPANT;

	k->net = new_net(alloc);
	assert_int_equal(socialcap_network_set_sector(k->net, NULL, "youth", 1, NAN), 0);
	k->a = res(k->net, "a", "res", "N1");
	k->b = res(k->net, "b", "res", "N1");
	k->c = res(k->net, "c", "res", "N2");
	k->y = actor(k->net, "y", SOCIALCAP_PROFESSIONAL, "youth", "N1", NAN);
	k->s = actor(k->net, "s", SOCIALCAP_ORGANISATION, "shop", "N2", NAN);
	contact(k->net, 100 * DAY, k->a, k->y, 10);
	contact(k->net, 200 * DAY, k->a, k->c, 4);
	contact(k->net, 20 * DAY, k->b, k->y, 8);
	contact(k->net, 500 * DAY, k->a, k->b, 100);
	{
		const uint32_t w1[] = {k->a, k->y, k->s}, w0[] = {k->y, k->b}, w2[] = {k->c};
		const int32_t r1[] = {par, org, org}, r0[] = {org, par}, r2[] = {org};

		event(k->net, "e1", 300 * DAY, "N1", 6, w1, r1, 3);
		event(k->net, "e0", 30 * DAY, "N1", 0, w0, r0, 2);
		event(k->net, "e2", 350 * DAY, "N2", 0, w2, r2, 1);
	}
}

static void test_investment(void **state)
{
	ledger_case k;
	socialcap_snapshot *s;
	socialcap_results *r;
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	uint32_t list[4], shop, n1, n2;
	size_t total;
	double h = 365.0;

	(void)state;
	ledger_case_new(&k, NULL);
	s = snap_at(k.net, 400 * DAY, 1);
	r = areas(s, SOCIALCAP_AREAS_NEIGHBOURHOODS, SOCIALCAP_GROUP_SECTOR, 0);
	/* N1: contacts 10 + 4 and event 6 in the window */
	assert_near(cell(r, "N1", "investment_flow"), 20, 1e-12);
	/* by sector: res 5 + 2 + 2 + 2 = 11, youth 5 + 2 = 7, shop 2 */
	assert_near(cell(r, "N1", "portfolio_hhi"), 0.55 * 0.55 + 0.35 * 0.35 + 0.01, 1e-12);
	assert_near(cell(r, "N1", "portfolio_effective"),
		    1 / (0.55 * 0.55 + 0.35 * 0.35 + 0.01), 1e-9);
	assert_near(cell(r, "N1", "invested_stock"),
		    8 * exp2(-380 / h) + 10 * exp2(-300 / h) + 4 * exp2(-200 / h) +
			    6 * exp2(-100 / h),
		    1e-12);
	/* youth organised in N1 on day 30 already; the shop is new */
	assert_near(cell(r, "N1", "new_investors"), 1, 0);
	/* a attended e1 in the window, b only e0 before it */
	assert_near(cell(r, "N1", "participation_rate"), 0.5, 1e-12);
	/* N2: half of the a-c contact's cost went into N2's side too */
	assert_near(cell(r, "N2", "investment_flow"), 4, 1e-12);
	assert_near(cell(r, "N2", "portfolio_hhi"), 1, 1e-12);
	assert_near(cell(r, "N2", "portfolio_effective"), 1, 1e-12);
	assert_near(cell(r, "N2", "invested_stock"), 4 * exp2(-200 / h), 1e-12);
	assert_near(cell(r, "N2", "new_investors"), 1, 0);
	assert_near(cell(r, "N2", "participation_rate"), 1, 0);

	assert_int_equal(socialcap_network_find_sector(k.net, &shop, "shop"), 0);
	assert_int_equal(socialcap_network_find_neighbourhood(k.net, &n1, "N1"), 0);
	assert_int_equal(socialcap_network_find_neighbourhood(k.net, &n2, "N2"), 0);
	assert_int_equal(socialcap_areas_new_investors(s, &o, n1, list, 4, &total), 0);
	assert_int_equal(total, 1);
	assert_int_equal(list[0], shop);
	assert_int_equal(socialcap_areas_new_investors(s, &o, n2, NULL, 0, &total), 0);
	assert_int_equal(total, 1);
	assert_int_equal(socialcap_areas_new_investors(s, &o, 77, list, 4, &total),
			 SOCIALCAP_ENOTFOUND);
	assert_int_equal(socialcap_areas_new_investors(s, &o, n1, NULL, 4, &total),
			 SOCIALCAP_EINVAL);

	socialcap_results_free(r);
	/* Without depreciation the stock is the sum of costs up to t. */
	o.half_life_invest = 0;
	o.min_cell = 0;
	assert_int_equal(socialcap_areas_compute(&r, s, &o), 0);
	assert_near(cell(r, "N1", "invested_stock"), 28, 1e-12);
	socialcap_results_free(r);

	/* A shorter window (day 250, day 400]: only e1 (6) counts in N1, and
	 * youth is then no new investor either... but the shop still is. */
	o.window = 150 * DAY;
	assert_int_equal(socialcap_areas_compute(&r, s, &o), 0);
	assert_near(cell(r, "N1", "investment_flow"), 6, 1e-12);
	assert_near(cell(r, "N1", "portfolio_hhi"), 1.0 / 3, 1e-12);
	assert_near(cell(r, "N1", "new_investors"), 1, 0);
	assert_near(cell(r, "N2", "investment_flow"), 0, 0);
	assert_true(isnan(cell(r, "N2", "portfolio_hhi")));
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(k.net);
}

/* Per sector, an event is in every sector among its attendees. */
static void test_investment_sectors(void **state)
{
	ledger_case k;
	socialcap_snapshot *s;
	socialcap_results *r;

	(void)state;
	ledger_case_new(&k, NULL);
	s = snap_at(k.net, 400 * DAY, 1);
	r = areas(s, SOCIALCAP_AREAS_SECTORS, SOCIALCAP_GROUP_SECTOR, 0);
	/* res: contacts a-y 10, a-c 4 (both sides res: once), event e1 6 */
	assert_near(cell(r, "res", "investment_flow"), 20, 1e-12);
	/* youth: a-y 10, e1 6 */
	assert_near(cell(r, "youth", "investment_flow"), 16, 1e-12);
	/* shop: e1 6, split res 2, youth 2, shop 2 */
	assert_near(cell(r, "shop", "investment_flow"), 6, 1e-12);
	assert_near(cell(r, "shop", "portfolio_hhi"), 1.0 / 3, 1e-12);
	/* organisers: e0 (youth, day 30) is in youth's and res's events (b
	 * attended); e1 (youth, shop) in res, youth, shop; e2 (res) in res.
	 * New in the window: res <- shop, res (first on day 350); youth <- shop;
	 * shop <- youth, shop. */
	assert_near(cell(r, "res", "new_investors"), 2, 0);
	assert_near(cell(r, "youth", "new_investors"), 1, 0);
	assert_near(cell(r, "shop", "new_investors"), 2, 0);
	{
		socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
		uint32_t list[2] = {99, 99}, res_sector, shop_sector, row;
		size_t total;

		o.areas = SOCIALCAP_AREAS_SECTORS;
		assert_int_equal(socialcap_network_find_sector(k.net, &res_sector, "res"), 0);
		assert_int_equal(socialcap_network_find_sector(k.net, &shop_sector, "shop"), 0);
		assert_int_equal(socialcap_results_find_row(r, &row, "res"), 0);
		/* room for one of the two: the lower sector index comes first */
		assert_int_equal(socialcap_areas_new_investors(s, &o, row, list, 1, &total), 0);
		assert_int_equal(total, 2);
		assert_int_equal(list[0], res_sector < shop_sector ? res_sector : shop_sector);
		assert_int_equal(list[1], 99);
		assert_int_equal(socialcap_areas_new_investors(s, &o, row, list, 2, &total), 0);
		assert_true(list[0] < list[1]);
	}
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(k.net);
}

/*
 * Growth fund and social return: N1 residents a, b; youth worker y; shop
 * s. Declared ties a-b 1, a-y 1 (day 10), a-s 2 (day 100), b-y 4 (day
 * 200); a contact b-s on day 300 costing 10, no decay.
 */
static void test_growth_and_return(void **state)
{
	socialcap_network *net = new_net(NULL);
	socialcap_snapshot *s;
	socialcap_results *r;
	uint32_t a, b, y, sh, row;

	(void)state;
	assert_int_equal(socialcap_network_set_sector(net, NULL, "youth", 1, NAN), 0);
	a = res(net, "a", "res", "N1");
	b = res(net, "b", "res", "N1");
	y = actor(net, "y", SOCIALCAP_PROFESSIONAL, "youth", "N1", NAN);
	sh = actor(net, "s", SOCIALCAP_ORGANISATION, "shop", "N2", NAN);
	tie(net, a, b, 1, SOCIALCAP_TIME_NONE);
	tie(net, a, y, 1, 10 * DAY);
	tie(net, a, sh, 2, 100 * DAY);
	tie(net, b, y, 4, 200 * DAY);
	contact(net, 300 * DAY, b, sh, 10);
	s = snap_at(net, 400 * DAY, 0);
	r = areas(s, SOCIALCAP_AREAS_NEIGHBOURHOODS, SOCIALCAP_GROUP_SECTOR, 0);
	/* to youth 1 -> 5 (+4), to shop 0 -> 3 (+3), to res 2 -> 2 */
	assert_int_equal(socialcap_results_find_row(r, &row, "N1"), 0);
	assert_near(cell(r, "N1", "growth_fund"), socialcap_network_actor_sector(net, y), 0);
	assert_string_equal(socialcap_areas_text(r, row, SOCIALCAP_AREA_GROWTH_FUND), "youth");
	assert_near(cell(r, "N1", "growth_rate"), 4, 1e-12);
	/* relational stock 9 at t, 2 at t - window; flow 10 */
	assert_near(cell(r, "N1", "investment_flow"), 10, 1e-12);
	assert_near(cell(r, "N1", "social_return"), 0.7, 1e-12);
	/* N2 has no residents: nothing grew, no stock */
	assert_true(isnan(cell(r, "N2", "growth_fund")));
	assert_true(isnan(cell(r, "N2", "growth_rate")));
	socialcap_results_free(r);

	/* A fund new to the area grows from nothing: rate undefined. */
	r = areas(s, SOCIALCAP_AREAS_SECTORS, SOCIALCAP_GROUP_SECTOR, 0);
	/* sector shop (s alone): to res 0 -> 3 */
	assert_near(cell(r, "shop", "growth_fund"), socialcap_network_actor_sector(net, a), 0);
	assert_true(isnan(cell(r, "shop", "growth_rate")));
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

static void test_options_and_errors(void **state)
{
	socialcap_network *net = g9(1);
	socialcap_snapshot *s = snap_at(net, 100 * DAY, 1);
	socialcap_areas_options o;
	socialcap_results *r = (socialcap_results *)&o;

	(void)state;
	assert_int_equal(socialcap_areas_options_init(NULL, 1), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_areas_options_init(&o, 99), SOCIALCAP_EVERSION);
	assert_int_equal(socialcap_areas_options_init(&o, SOCIALCAP_AREAS_OPTIONS_VERSION), 0);
	assert_int_equal(o.window, 365 * DAY);
	assert_int_equal(o.min_cell, 10);
	assert_int_equal(o.half_life_invest, 365 * DAY);
	assert_int_equal(socialcap_areas_compute(NULL, s, &o), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_areas_compute(&r, NULL, &o), SOCIALCAP_EINVAL);
	assert_null(r);
	o.window = 0;
	assert_int_equal(socialcap_areas_compute(&r, s, &o), SOCIALCAP_EINVAL);
	assert_non_null(strstr(socialcap_network_errmsg(net), "window"));
	o.window = DAY;
	o.areas = 7;
	assert_int_equal(socialcap_areas_compute(&r, s, &o), SOCIALCAP_EINVAL);
	o.areas = SOCIALCAP_AREAS_SECTORS;
	o.group = 9;
	assert_int_equal(socialcap_areas_compute(&r, s, &o), SOCIALCAP_EINVAL);
	o.group = SOCIALCAP_GROUP_KIND;
	o.half_life_invest = -1;
	assert_int_equal(socialcap_areas_compute(&r, s, &o), SOCIALCAP_EINVAL);
	o.half_life_invest = 0;
	o.version = 4;
	assert_int_equal(socialcap_areas_compute(&r, s, &o), SOCIALCAP_EVERSION);
	assert_null(r);
	/* NULL options: the defaults */
	assert_int_equal(socialcap_areas_compute(&r, s, NULL), 0);
	assert_near(cell(r, "N1", "suppressed"), 1, 0);
	socialcap_results_free(r);
	assert_null(socialcap_areas_text(NULL, 0, 0));
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* Records and windows at the ends of the time range: no overflow. */
static void test_extreme_times(void **state)
{
	socialcap_network *net = new_net(NULL);
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	socialcap_snapshot *s;
	socialcap_results *r = NULL;
	uint32_t a, b;

	(void)state;
	a = res(net, "a", "res", "N1");
	b = res(net, "b", "res", "N1");
	contact(net, INT64_MIN + 1, a, b, 5);
	contact(net, INT64_MAX - 1, a, b, 3);
	s = snap_at(net, INT64_MAX, 1);
	o.min_cell = 0;
	assert_int_equal(socialcap_areas_compute(&r, s, &o), 0);
	assert_near(cell(r, "N1", "investment_flow"), 3, 0);
	/* the old contact has decayed to nothing, the new one hardly */
	assert_near(cell(r, "N1", "invested_stock"), 3, 1e-6);
	socialcap_results_free(r);
	/* the longest window, (0, INT64_MAX], still leaves the first out */
	o.window = INT64_MAX;
	o.half_life_invest = 0;
	assert_int_equal(socialcap_areas_compute(&r, s, &o), 0);
	assert_near(cell(r, "N1", "investment_flow"), 3, 0);
	assert_near(cell(r, "N1", "invested_stock"), 8, 0);
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	/* t - window before the representable range: refused, with a message */
	s = snap_at(net, INT64_MIN + 10, 1);
	o.window = 100;
	assert_int_equal(socialcap_areas_compute(&r, s, &o), SOCIALCAP_EINVAL);
	assert_null(r);
	assert_non_null(strstr(socialcap_network_errmsg(net), "window"));
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* A network without actors gives tables without rows. */
static void test_empty_network(void **state)
{
	socialcap_network *net = new_net(NULL);
	socialcap_snapshot *s = snap_at(net, 0, 1);
	socialcap_results *r = areas(s, SOCIALCAP_AREAS_NEIGHBOURHOODS,
				     SOCIALCAP_GROUP_SECTOR, 10);

	(void)state;
	assert_int_equal(socialcap_results_row_count(r), 0);
	assert_null(socialcap_areas_text(r, 0, SOCIALCAP_AREA_KEY_INSTITUTION));
	socialcap_results_free(r);
	r = areas(s, SOCIALCAP_AREAS_SECTORS, SOCIALCAP_GROUP_KIND, 0);
	assert_int_equal(socialcap_results_row_count(r), 0);
	socialcap_results_free(r);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

/* Fail allocation k = 1, 2, ... until the compute succeeds. */
static void test_alloc_sweep(void **state)
{
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	test_alloc ta;
	ledger_case k;
	socialcap_snapshot *s = NULL;
	socialcap_snapshot_options so = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;
	size_t i, before;
	long live;
	uint32_t list[4];
	size_t total;
	int rc, kind;

	(void)state;
	test_alloc_init(&ta, 0, 0);
	ledger_case_new(&k, &ta.allocator);
	so.time = 400 * DAY;
	assert_int_equal(socialcap_snapshot_build(&s, k.net, &so), 0);
	o.min_cell = 0;
	for (kind = 0; kind < 2; kind++) {
		o.areas = kind;
		live = ta.live;
		before = socialcap_network_memory(k.net);
		for (i = 1;; i++) {
			socialcap_results *r = NULL;

			ta.fail_at = ta.calls + i;
			rc = socialcap_areas_compute(&r, s, &o);
			ta.fail_at = 0;
			if (rc == 0) {
				assert_near(cell(r, kind ? "res" : "N1", "investment_flow"), 20,
					    1e-12);
				socialcap_results_free(r);
				assert_int_equal(ta.live, live);
				break;
			}
			assert_int_equal(rc, SOCIALCAP_ENOMEM);
			assert_null(r);
			assert_int_equal(ta.live, live);
			assert_int_equal(socialcap_network_memory(k.net), before);
			assert_true(i < 500);
		}
	}
	for (i = 1;; i++) {
		ta.fail_at = ta.calls + i;
		rc = socialcap_areas_new_investors(s, &o, 0, list, 4, &total);
		ta.fail_at = 0;
		assert_int_equal(ta.live, live);
		if (rc == 0)
			break;
		assert_int_equal(rc, SOCIALCAP_ENOMEM);
		assert_true(i < 100);
	}
	socialcap_snapshot_free(s);
	socialcap_network_free(k.net);
	assert_int_equal(ta.live, 0);
}

/* ------------------------------------------------------------------
 * Cross-check against tests/data/areas_town: a seeded town and the tables
 * computed for it by make_expected.py (networkx, written apart from the
 * library).
 */
static FILE *data_file(const char *name)
{
	const char *dir = getenv("SOCIALCAP_TEST_DATA");
	char path[1024];
	FILE *f;

	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/areas_town/%s", dir, name);
	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	return f;
}

static void load_event(socialcap_network *net, FILE *f)
{
	char id[64], nbh[64];
	long long t;
	double cost;
	unsigned d, k;
	socialcap_attendance att[16];
	socialcap_event e;

	assert_int_equal(fscanf(f, "%63s %lld %63s %lf %u", id, &t, nbh, &cost, &d), 5);
	assert_true(d <= 16);
	for (k = 0; k < d; k++) {
		int role;

		assert_int_equal(fscanf(f, "%u %d", &att[k].actor, &role), 2);
		att[k].role = role;
	}
	e.id = id;
	e.time = t;
	e.neighbourhood = nbh;
	e.kind = "meeting";
	e.channel = SOCIALCAP_PHYSICAL;
	e.cost = cost;
	assert_int_equal(socialcap_network_record_event(net, NULL, &e, att, d), 0);
}

static socialcap_network *load_town(void)
{
	socialcap_network *net = new_net(NULL);
	FILE *f = data_file("network.txt");
	char tag[4], a[64], b[64], c[64];
	char kind;
	int tier;
	double x, y;
	unsigned u, v;
	long long t;
	int ch;

	while (fscanf(f, "%3s", tag) == 1) {
		if (strcmp(tag, "S") == 0) {
			assert_int_equal(fscanf(f, "%63s %d", a, &tier), 2);
			assert_int_equal(socialcap_network_set_sector(net, NULL, a, tier, NAN), 0);
		} else if (strcmp(tag, "A") == 0) {
			assert_int_equal(fscanf(f, "%63s %c %63s %63s %lf", a, &kind, b, c, &x), 5);
			actor(net, a, kind == 'r' ? SOCIALCAP_RESIDENT
				  : kind == 'p' ? SOCIALCAP_PROFESSIONAL : SOCIALCAP_ORGANISATION,
			      b, c, x);
		} else if (strcmp(tag, "T") == 0) {
			assert_int_equal(fscanf(f, "%u %u %lf %lld", &u, &v, &x, &t), 4);
			tie(net, u, v, x, t < 0 ? SOCIALCAP_TIME_NONE : (int64_t)t);
		} else if (strcmp(tag, "C") == 0) {
			socialcap_contact k;

			assert_int_equal(fscanf(f, "%lld %u %u %d %lf %lf", &t, &u, &v, &ch, &x, &y), 6);
			k.time = t;
			k.a = u;
			k.b = v;
			k.channel = ch;
			k.weight = x;
			k.cost = y;
			assert_int_equal(socialcap_network_record_contact(net, NULL, &k), 0);
		} else {
			assert_string_equal(tag, "E");
			load_event(net, f);
		}
	}
	fclose(f);
	return net;
}

static void test_town_crosscheck(void **state)
{
	socialcap_network *net = load_town();
	socialcap_snapshot *s = snap_at(net, 500 * DAY, 1);
	socialcap_results *r[2];
	FILE *f = data_file("expected.txt");
	char by[32], row[64], column[64];
	double want;
	size_t lines = 0;

	(void)state;
	r[0] = areas(s, SOCIALCAP_AREAS_NEIGHBOURHOODS, SOCIALCAP_GROUP_SECTOR, 0);
	r[1] = areas(s, SOCIALCAP_AREAS_SECTORS, SOCIALCAP_GROUP_SECTOR, 0);
	while (fscanf(f, "%31s %63s %63s %lf", by, row, column, &want) == 4) {
		double got = cell(r[strcmp(by, "sectors") == 0], row, column);

		if (isnan(want) ? !isnan(got) : !(fabs(got - want) <= 1e-9 * fmax(1, fabs(want))))
			fail_msg("%s %s %s: got %.17g, want %.17g", by, row, column, got, want);
		lines++;
	}
	assert_int_equal(lines, (4 + 4) * SOCIALCAP_AREA_COLUMN_COUNT);
	fclose(f);
	socialcap_results_free(r[0]);
	socialcap_results_free(r[1]);
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_g9_neighbourhood),
		cmocka_unit_test(test_g9_sector),
		cmocka_unit_test(test_town_neighbourhoods),
		cmocka_unit_test(test_town_sectors),
		cmocka_unit_test(test_investment),
		cmocka_unit_test(test_investment_sectors),
		cmocka_unit_test(test_growth_and_return),
		cmocka_unit_test(test_options_and_errors),
		cmocka_unit_test(test_extreme_times),
		cmocka_unit_test(test_empty_network),
		cmocka_unit_test(test_alloc_sweep),
		cmocka_unit_test(test_town_crosscheck),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
