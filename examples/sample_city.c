/*
 * Generates "Havenstad", the fictional Dutch city bundled with libsocialcap
 * (examples/data/havenstad/), deterministically from a fixed seed.
 *
 * Six neighbourhoods, about 5,000 actors, two years of investments before
 * the riot night of 23 January 2021 and four months after it. Some
 * neighbourhoods had steady work by the police neighbourhood team, youth
 * workers and active parents; others had almost none. The scenario is
 * described in examples/README.md.
 *
 * Usage: sample_city OUTDIR     (writes the dataset's CSV files into OUTDIR)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socialcap.h"

#define MAX_ATTENDEES 256
#define MAX_PER_NBH 1200

/* ------------------------------------------------------------ randomness */

typedef struct rng {
	uint64_t state;
} rng;

static uint64_t rng_next(rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static double rng_unit(rng *r)
{
	return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

static uint32_t rng_below(rng *r, uint32_t n)
{
	return (uint32_t)(rng_next(r) % n);
}

/* ------------------------------------------------------------- the city */

enum investment { NONE = 0, SOME = 1, STEADY = 2 };

typedef struct nbh_spec {
	const char *code;
	int residents;
	double status_mean;
	enum investment level;
	int riot; /* hit on the riot night */
} nbh_spec;

static const nbh_spec NBHS[] = {
	{"Centrum", 850, 0.55, SOME, 1},     {"Oosterpark", 800, 0.50, STEADY, 0},
	{"Westwijk", 900, 0.33, NONE, 1},    {"Noordhaven", 750, 0.40, NONE, 0},
	{"Zuiderveld", 700, 0.62, SOME, 0},  {"Molenbuurt", 800, 0.42, STEADY, 1},
};
#define N_NBH ((int)(sizeof(NBHS) / sizeof(NBHS[0])))

static const struct {
	const char *label;
	int tier;
	double prestige;
} SECTORS[] = {
	{"residents", 0, 30},
	{"neighbourhood parents", 0, 35},
	{"entrepreneurs", 0, 50},
	{"football supporters", 0, 30},
	{"farmers", 0, 40},
	{"youth workers", 1, 45},
	{"youth enforcement officers", 2, 50},
	{"police neighbourhood team", 2, 60},
	{"municipality", 3, 70},
	{"mayor", 4, 90},
};

/* Everyone the story needs to find again, by neighbourhood. */
typedef struct people {
	uint32_t residents[MAX_PER_NBH];
	int n_residents;
	uint32_t youth[MAX_PER_NBH];
	int n_youth;
	uint32_t parents[64];
	int n_parents;
	uint32_t shops[16];
	int n_shops;
	uint32_t supporters[48];
	int n_supporters;
	uint32_t police[2];
	uint32_t youth_workers[3];
	int n_youth_workers;
	uint32_t enforcement;
	uint32_t coordinator; /* the municipality's area coordinator */
} people;

typedef struct city {
	socialcap_network *net;
	rng r;
	people nbh[N_NBH];
	uint32_t farmers[12];
	uint32_t supporters_club;
	uint32_t mayor;
	uint32_t town_hall[3];
	int event_seq;
	int rc;
	char what[128]; /* the step that failed, for the message */
} city;

static int64_t day(const char *iso)
{
	int64_t t = 0;

	(void)socialcap_time_parse(&t, iso);
	return t;
}

/* Record the first failure and keep quiet afterwards. */
static int failed(city *c, int rc, const char *what)
{
	if (rc != 0 && c->rc == 0) {
		c->rc = rc;
		snprintf(c->what, sizeof(c->what), "%s", what);
	}
	return c->rc != 0;
}

static uint32_t add_actor(city *c, const char *id, socialcap_actor_kind kind,
			  const char *sector, const char *nbh, double status,
			  const char *group)
{
	uint32_t index = 0;
	const char *groups[1] = {group};
	int rc = socialcap_network_add_actor(c->net, &index, id, kind, sector, nbh, status,
					     groups, group != NULL ? 1 : 0);

	failed(c, rc, id);
	return index;
}

static void tie(city *c, uint32_t a, uint32_t b, const char *layer, double w)
{
	if (a == b || c->rc != 0)
		return;
	failed(c, socialcap_network_add_tie(c->net, NULL, a, b, layer, w, SOCIALCAP_TIME_NONE),
	       "declared tie");
}

static void contact(city *c, int64_t t, uint32_t a, uint32_t b, socialcap_channel ch,
		    double cost)
{
	socialcap_contact k = {t, a, b, (int32_t)ch, 1.0, cost};

	if (a == b || c->rc != 0)
		return;
	failed(c, socialcap_network_record_contact(c->net, NULL, &k), "contact");
}

/* An event under construction: attendees are kept unique. */
typedef struct event_draft {
	socialcap_attendance att[MAX_ATTENDEES];
	size_t n;
} event_draft;

static void attend(event_draft *e, uint32_t actor, socialcap_role role)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (e->att[i].actor == actor)
			return;
	if (e->n < MAX_ATTENDEES) {
		e->att[e->n].actor = actor;
		e->att[e->n++].role = (int32_t)role; /* a small enum value */
	}
}

static void attend_some(city *c, event_draft *e, const uint32_t *pool, int n, int k)
{
	int i;

	for (i = 0; i < k && n > 0; i++)
		attend(e, pool[rng_below(&c->r, (uint32_t)n)], SOCIALCAP_PARTICIPANT);
}

static void record_event(city *c, event_draft *e, int64_t t, const char *nbh,
			 const char *kind, socialcap_channel ch, double cost)
{
	char id[64];
	socialcap_event ev;

	if (c->rc != 0)
		return;
	snprintf(id, sizeof(id), "E%05d", ++c->event_seq);
	ev.id = id;
	ev.time = t;
	ev.neighbourhood = nbh;
	ev.kind = kind;
	ev.channel = (int32_t)ch;
	ev.cost = cost;
	failed(c, socialcap_network_record_event(c->net, NULL, &ev, e->att, e->n), id);
	e->n = 0;
}

/* ------------------------------------------------------------ population */

static double status_draw(city *c, double mean)
{
	double s = mean + (rng_unit(&c->r) + rng_unit(&c->r) + rng_unit(&c->r) - 1.5) * 0.35;

	if (rng_unit(&c->r) < 0.05)
		return NAN; /* unknown for some residents */
	return s < 0 ? 0 : (s > 1 ? 1 : s);
}

static void add_residents(city *c, int k)
{
	const nbh_spec *spec = &NBHS[k];
	people *p = &c->nbh[k];
	int i = 0;

	while (i < spec->residents) {
		/* Households of 1-4 people, tied strongly to each other. */
		int size = 1 + (int)rng_below(&c->r, 4), h;
		uint32_t members[4];

		for (h = 0; h < size && i < spec->residents; h++, i++) {
			char id[32];
			double u = rng_unit(&c->r);
			const char *sector = "residents", *group = "adult";
			uint32_t a;

			if (u < 0.06)
				sector = "neighbourhood parents";
			else if (u < 0.09)
				sector = "football supporters";
			u = rng_unit(&c->r);
			if (u < 0.16)
				group = "youth";
			else if (u < 0.36)
				group = "senior";
			snprintf(id, sizeof(id), "%.3s-%04d", spec->code, i + 1);
			a = add_actor(c, id, SOCIALCAP_RESIDENT, sector, spec->code,
				      status_draw(c, spec->status_mean), group);
			members[h] = a;
			p->residents[p->n_residents++] = a;
			if (strcmp(group, "youth") == 0)
				p->youth[p->n_youth++] = a;
			if (sector[0] == 'n' && p->n_parents < 64)
				p->parents[p->n_parents++] = a;
			if (sector[0] == 'f' && p->n_supporters < 48)
				p->supporters[p->n_supporters++] = a;
		}
		for (int x = 0; x < h; x++)
			for (int y = x + 1; y < h; y++)
				tie(c, members[x], members[y], "household", 3);
	}
}

static void add_professionals(city *c, int k)
{
	const nbh_spec *spec = &NBHS[k];
	people *p = &c->nbh[k];
	char id[48];
	int i;

	for (i = 0; i < 12; i++) {
		snprintf(id, sizeof(id), "%.3s-shop-%02d", spec->code, i + 1);
		p->shops[p->n_shops++] = add_actor(c, id, SOCIALCAP_ORGANISATION, "entrepreneurs",
						   spec->code, NAN, NULL);
	}
	for (i = 0; i < 2; i++) {
		snprintf(id, sizeof(id), "%.3s-wijkagent-%d", spec->code, i + 1);
		p->police[i] = add_actor(c, id, SOCIALCAP_PROFESSIONAL,
					 "police neighbourhood team", spec->code, NAN, NULL);
	}
	p->n_youth_workers = 1 + (int)spec->level;
	for (i = 0; i < p->n_youth_workers; i++) {
		snprintf(id, sizeof(id), "%.3s-youthworker-%d", spec->code, i + 1);
		p->youth_workers[i] = add_actor(c, id, SOCIALCAP_PROFESSIONAL, "youth workers",
						spec->code, NAN, NULL);
	}
	snprintf(id, sizeof(id), "%.3s-boa", spec->code);
	p->enforcement = add_actor(c, id, SOCIALCAP_PROFESSIONAL, "youth enforcement officers",
				   spec->code, NAN, NULL);
	snprintf(id, sizeof(id), "%.3s-coordinator", spec->code);
	p->coordinator = add_actor(c, id, SOCIALCAP_PROFESSIONAL, "municipality", spec->code,
				   NAN, NULL);
}

static void add_citywide(city *c)
{
	char id[32];
	int i;

	c->mayor = add_actor(c, "mayor", SOCIALCAP_PROFESSIONAL, "mayor", "Centrum", NAN, NULL);
	for (i = 0; i < 3; i++) {
		snprintf(id, sizeof(id), "townhall-%d", i + 1);
		c->town_hall[i] = add_actor(c, id, SOCIALCAP_PROFESSIONAL, "municipality",
					    "Centrum", NAN, NULL);
		tie(c, c->mayor, c->town_hall[i], "work", 2);
	}
	c->supporters_club = add_actor(c, "supporters-club", SOCIALCAP_ORGANISATION,
				       "football supporters", "Centrum", NAN, NULL);
	/* The farmers live on the edge of Noordhaven. */
	for (i = 0; i < 12; i++) {
		snprintf(id, sizeof(id), "farmer-%02d", i + 1);
		c->farmers[i] = add_actor(c, id, SOCIALCAP_RESIDENT, "farmers", "Noordhaven",
					  0.5 + 0.3 * rng_unit(&c->r), NULL);
	}
}

/* ----------------------------------------------------------------- ties */

static void declare_ties(city *c)
{
	int k, i, j;

	for (k = 0; k < N_NBH; k++) {
		people *p = &c->nbh[k];

		for (i = 0; i < p->n_residents; i++) {
			/* Neighbours on the same street, and one further away. */
			for (j = 1; j <= 3 && i + j < p->n_residents; j++)
				tie(c, p->residents[i], p->residents[i + j], "neighbours", 1);
			tie(c, p->residents[i],
			    p->residents[rng_below(&c->r, (uint32_t)p->n_residents)],
			    "neighbours", 1);
			/* Family elsewhere in the city: a bridge between areas. */
			if (rng_unit(&c->r) < 0.25) {
				people *q = &c->nbh[rng_below(&c->r, N_NBH)];
				tie(c, p->residents[i],
				    q->residents[rng_below(&c->r, (uint32_t)q->n_residents)],
				    "family", 2);
			}
		}
		for (i = 0; i < p->n_shops; i++)
			for (j = 0; j < 5; j++)
				tie(c, p->shops[i],
				    p->residents[rng_below(&c->r, (uint32_t)p->n_residents)], "work", 1);
		for (i = 0; i < p->n_parents; i++)
			for (j = 0; j < 4; j++)
				tie(c, p->parents[i],
				    p->residents[rng_below(&c->r, (uint32_t)p->n_residents)], "school", 1);
		/* The professionals of one area know each other. */
		tie(c, p->police[0], p->police[1], "work", 2);
		tie(c, p->police[0], p->enforcement, "work", 1);
		tie(c, p->coordinator, c->town_hall[k % 3], "work", 1);
		for (i = 0; i < p->n_youth_workers; i++)
			tie(c, p->youth_workers[i], p->police[i % 2], "work", 1);
	}
	/* Supporters know each other across the city through the club. */
	for (k = 0; k < N_NBH; k++) {
		people *p = &c->nbh[k];

		for (i = 0; i < p->n_supporters; i++) {
			people *q = &c->nbh[rng_below(&c->r, N_NBH)];

			tie(c, p->supporters[i], c->supporters_club, "club", 1);
			if (q->n_supporters > 0)
				tie(c, p->supporters[i],
				    q->supporters[rng_below(&c->r, (uint32_t)q->n_supporters)], "club", 1);
		}
	}
	for (i = 0; i < 12; i++)
		tie(c, c->farmers[i], c->farmers[(i + 1) % 12], "work", 1);
}

/* ------------------------------------------------ two years of investing */

#define DAY_S 86400

static void invest_before(city *c, int k)
{
	const nbh_spec *spec = &NBHS[k];
	people *p = &c->nbh[k];
	const int64_t start = day("2019-01-07"), riot = day("2021-01-23");
	/* Days between activities, by investment level. */
	const int youth_every[] = {180, 28, 14};
	const int police_every[] = {365, 90, 30};
	const int street_every[] = {0, 180, 91};
	const int contact_every[] = {60, 14, 4};
	event_draft e = {{{0, 0}}, 0};
	int64_t t;
	int i;

	for (t = start; t < riot; t += youth_every[spec->level] * DAY_S) {
		attend(&e, p->youth_workers[rng_below(&c->r, (uint32_t)p->n_youth_workers)],
		       SOCIALCAP_ORGANISER);
		if (spec->level == STEADY && p->n_parents > 0)
			attend(&e, p->parents[rng_below(&c->r, (uint32_t)p->n_parents)],
			       SOCIALCAP_ORGANISER);
		attend_some(c, &e, p->youth, p->n_youth, 8 + (int)rng_below(&c->r, 10));
		record_event(c, &e, t + 15 * 3600, spec->code, "youth activity", SOCIALCAP_PHYSICAL,
			     60);
	}
	for (t = start + 3 * DAY_S; t < riot; t += police_every[spec->level] * DAY_S) {
		attend(&e, p->police[rng_below(&c->r, 2)], SOCIALCAP_ORGANISER);
		attend(&e, p->coordinator, SOCIALCAP_PARTICIPANT);
		attend_some(c, &e, p->residents, p->n_residents, 6 + (int)rng_below(&c->r, 8));
		attend_some(c, &e, p->shops, p->n_shops, 2);
		record_event(c, &e, t + 19 * 3600, spec->code, "neighbourhood consultation",
			     SOCIALCAP_PHYSICAL, 40);
	}
	if (street_every[spec->level] > 0 && p->n_parents >= 2) {
		for (t = start + 40 * DAY_S; t < riot; t += street_every[spec->level] * DAY_S) {
			attend(&e, p->parents[rng_below(&c->r, (uint32_t)p->n_parents)],
			       SOCIALCAP_ORGANISER);
			attend(&e, p->parents[rng_below(&c->r, (uint32_t)p->n_parents)],
			       SOCIALCAP_ORGANISER);
			attend_some(c, &e, p->residents, p->n_residents,
				    20 + (int)rng_below(&c->r, 20));
			attend_some(c, &e, p->shops, p->n_shops, 3);
			attend(&e, p->police[0], SOCIALCAP_PARTICIPANT);
			record_event(c, &e, t + 14 * 3600, spec->code, "street party",
				     SOCIALCAP_PHYSICAL, 150);
		}
	}
	for (t = start; t < riot; t += contact_every[spec->level] * DAY_S) {
		uint32_t who = p->residents[rng_below(&c->r, (uint32_t)p->n_residents)];

		contact(c, t + 11 * 3600, p->police[rng_below(&c->r, 2)], who, SOCIALCAP_PHYSICAL, 10);
		if (p->n_youth > 0)
			contact(c, t + 16 * 3600,
				p->youth_workers[rng_below(&c->r, (uint32_t)p->n_youth_workers)],
				p->youth[rng_below(&c->r, (uint32_t)p->n_youth)],
				spec->level == STEADY && rng_unit(&c->r) < 0.3 ? SOCIALCAP_DIGITAL
									  : SOCIALCAP_PHYSICAL,
				5);
	}
	/* Entrepreneurs in every area keep in touch with their customers. */
	for (i = 0; i < p->n_shops; i++)
		for (t = start + i * DAY_S; t < riot; t += 120 * DAY_S)
			contact(c, t + 10 * 3600, p->shops[i],
				p->residents[rng_below(&c->r, (uint32_t)p->n_residents)],
				SOCIALCAP_PHYSICAL, 0);
}

/* ----------------------------------------------- the morning after, and on */

static void cleanup_morning(city *c, int k)
{
	people *p = &c->nbh[k];
	event_draft e = {{{0, 0}}, 0};
	int organisers = NBHS[k].level == NONE ? 1 : 3;
	int i;

	/* Organised by active parents (or, where there are few, residents),
	 * with the youth worker where one is embedded; then dozens of
	 * residents join spontaneously. */
	for (i = 0; i < organisers && i < p->n_parents; i++)
		attend(&e, p->parents[i], SOCIALCAP_ORGANISER);
	if (NBHS[k].level != NONE)
		attend(&e, p->youth_workers[0], SOCIALCAP_ORGANISER);
	attend_some(c, &e, p->residents, p->n_residents,
		    NBHS[k].level == NONE ? 45 : 90 + (int)rng_below(&c->r, 30));
	attend(&e, p->police[0], SOCIALCAP_PARTICIPANT);
	record_event(c, &e, day("2021-01-24T09:00:00Z"), NBHS[k].code, "clean-up",
		     SOCIALCAP_PHYSICAL, 300);
}

static void help_offer(city *c, int k, int64_t t)
{
	people *p = &c->nbh[k];
	event_draft e = {{{0, 0}}, 0};
	int i;

	/* Football supporters and farmers offer to guard the shops: a sector
	 * that never organised anything here before. */
	attend(&e, c->supporters_club, SOCIALCAP_ORGANISER);
	for (i = 0; i < 4 && i < p->n_supporters; i++)
		attend(&e, p->supporters[i], SOCIALCAP_ORGANISER);
	attend(&e, c->farmers[k % 12], SOCIALCAP_ORGANISER);
	attend(&e, c->farmers[(k + 5) % 12], SOCIALCAP_PARTICIPANT);
	for (i = 0; i < p->n_shops; i++)
		attend(&e, p->shops[i], SOCIALCAP_PARTICIPANT);
	attend(&e, p->police[1], SOCIALCAP_PARTICIPANT);
	record_event(c, &e, t, NBHS[k].code, "help offer", SOCIALCAP_PHYSICAL, 0);
}

static void after_the_riots(city *c)
{
	event_draft e = {{{0, 0}}, 0};
	const int64_t jan24 = day("2021-01-24"), end = day("2021-05-31");
	int64_t t;
	int k, i;

	for (k = 0; k < N_NBH; k++)
		if (NBHS[k].riot)
			cleanup_morning(c, k);

	/* Crowdfunding for the shopkeepers of Centrum, online, city-wide. */
	attend(&e, c->nbh[0].shops[0], SOCIALCAP_ORGANISER);
	for (k = 0; k < N_NBH; k++)
		attend_some(c, &e, c->nbh[k].residents, c->nbh[k].n_residents, 15);
	record_event(c, &e, day("2021-01-24T18:00:00Z"), "Centrum", "crowdfunding",
		     SOCIALCAP_DIGITAL, 50);

	for (k = 0; k < N_NBH; k++)
		if (NBHS[k].riot)
			help_offer(c, k, day("2021-01-25T17:00:00Z") + k * 3600);

	/* Coffee with the mayor at standing tables. */
	attend(&e, c->mayor, SOCIALCAP_ORGANISER);
	attend(&e, c->town_hall[0], SOCIALCAP_ORGANISER);
	for (k = 0; k < N_NBH; k++) {
		if (!NBHS[k].riot)
			continue;
		attend_some(c, &e, c->nbh[k].residents, c->nbh[k].n_residents, 12);
		attend_some(c, &e, c->nbh[k].shops, c->nbh[k].n_shops, 3);
		attend(&e, c->nbh[k].police[0], SOCIALCAP_PARTICIPANT);
		attend(&e, c->nbh[k].youth_workers[0], SOCIALCAP_PARTICIPANT);
	}
	record_event(c, &e, day("2021-01-27T10:00:00Z"), "Centrum", "dialogue",
		     SOCIALCAP_PHYSICAL, 400);

	/* A chain of thank-you contacts: shops thank the supporters, the
	 * supporters the farmers, residents their neighbourhood officers. */
	for (k = 0; k < N_NBH; k++) {
		people *p = &c->nbh[k];

		if (!NBHS[k].riot)
			continue;
		for (i = 0; i < p->n_shops && i < 6; i++) {
			t = day("2021-02-01") + (i + k) * DAY_S;
			if (p->n_supporters > 0)
				contact(c, t, p->shops[i], p->supporters[i % p->n_supporters],
					SOCIALCAP_PHYSICAL, 0);
			contact(c, t + 3600, p->shops[i], c->supporters_club, SOCIALCAP_PHYSICAL, 0);
		}
		for (i = 0; i < 4 && i < p->n_supporters; i++)
			contact(c, day("2021-02-10") + i * DAY_S, p->supporters[i],
				c->farmers[(k + i) % 12], SOCIALCAP_PHYSICAL, 0);
		for (i = 0; i < 20; i++)
			contact(c, day("2021-02-03") + i * 3 * 3600,
				p->residents[rng_below(&c->r, (uint32_t)p->n_residents)],
				p->police[i % 2], SOCIALCAP_PHYSICAL, 0);
	}
	/* A thank-you evening offered by the entrepreneurs of Centrum. */
	attend(&e, c->nbh[0].shops[1], SOCIALCAP_ORGANISER);
	attend(&e, c->nbh[0].shops[2], SOCIALCAP_ORGANISER);
	attend(&e, c->supporters_club, SOCIALCAP_PARTICIPANT);
	for (i = 0; i < 12; i++)
		attend(&e, c->farmers[i], SOCIALCAP_PARTICIPANT);
	attend_some(c, &e, c->nbh[0].supporters, c->nbh[0].n_supporters, 10);
	record_event(c, &e, day("2021-03-12T19:00:00Z"), "Centrum", "thank-you",
		     SOCIALCAP_PHYSICAL, 250);

	/* Youth workers reach young people through social media. */
	for (k = 0; k < N_NBH; k++) {
		people *p = &c->nbh[k];
		/* Where youth work was invested in, there are more youth workers
		 * to step up after the riots. */
		int per_week = 2 + 3 * (int)NBHS[k].level +
			       (NBHS[k].riot && NBHS[k].level != NONE ? 4 : 0);

		for (t = jan24; t < end; t += 7 * DAY_S)
			for (i = 0; i < per_week && p->n_youth > 0; i++)
				contact(c, t + i * 3600,
					p->youth_workers[i % p->n_youth_workers],
					p->youth[rng_below(&c->r, (uint32_t)p->n_youth)],
					SOCIALCAP_DIGITAL, 2);
	}
	/* The supporters keep going in Westwijk, where youth work is thin:
	 * a monthly football clinic, and members of the club (from Centrum)
	 * coaching young people every week. */
	for (t = day("2021-02-15T17:00:00Z"); t < end; t += 7 * DAY_S) {
		people *w = &c->nbh[2], *from = &c->nbh[0];

		for (i = 0; i < 6 && w->n_youth > 0; i++)
			contact(c, t + i * 3600,
				i == 0 || from->n_supporters == 0
					? c->supporters_club
					: from->supporters[rng_below(&c->r, (uint32_t)from->n_supporters)],
				w->youth[rng_below(&c->r, (uint32_t)w->n_youth)], SOCIALCAP_PHYSICAL, 0);
	}
	for (t = day("2021-02-20T14:00:00Z"); t < end; t += 28 * DAY_S) {
		people *w = &c->nbh[2];

		attend(&e, c->supporters_club, SOCIALCAP_ORGANISER);
		attend_some(c, &e, w->supporters, w->n_supporters, 3);
		attend_some(c, &e, w->youth, w->n_youth, 25);
		attend(&e, w->youth_workers[0], SOCIALCAP_PARTICIPANT);
		record_event(c, &e, t, "Westwijk", "football clinic", SOCIALCAP_PHYSICAL, 80);
	}
}

/* ------------------------------------------------------------------ main */

static int build(city *c)
{
	size_t i;
	int k;

	for (i = 0; i < sizeof(SECTORS) / sizeof(SECTORS[0]); i++)
		if (failed(c, socialcap_network_set_sector(c->net, NULL, SECTORS[i].label,
							   SECTORS[i].tier, SECTORS[i].prestige),
			   SECTORS[i].label))
			return c->rc;
	for (k = 0; k < N_NBH; k++) {
		add_residents(c, k);
		add_professionals(c, k);
	}
	add_citywide(c);
	declare_ties(c);
	for (k = 0; k < N_NBH; k++)
		invest_before(c, k);
	after_the_riots(c);
	return c->rc;
}

int main(int argc, char **argv)
{
	static city c; /* large: keep it off the stack */
	socialcap_error err;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
		return 2;
	}
	c.r.state = 20210123;
	rc = socialcap_network_new(&c.net, NULL);
	if (rc == 0)
		rc = build(&c);
	if (rc != 0) {
		fprintf(stderr, "sample_city: %s: %s\n", c.what, socialcap_network_errmsg(c.net));
		socialcap_network_free(c.net);
		return 1;
	}
	rc = socialcap_dataset_export(c.net, argv[1], NULL, &err);
	if (rc != 0) {
		fprintf(stderr, "sample_city: %s: %s\n", err.file, err.message);
		socialcap_network_free(c.net);
		return 1;
	}
	printf("Havenstad: %u actors, %llu ties, %llu contacts, %u events -> %s\n",
	       socialcap_network_actor_count(c.net),
	       (unsigned long long)socialcap_network_tie_count(c.net),
	       (unsigned long long)socialcap_network_contact_count(c.net),
	       socialcap_network_event_count(c.net), argv[1]);
	socialcap_network_free(c.net);
	return 0;
}
