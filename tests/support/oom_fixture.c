#include "oom_fixture.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "test_files.h"

/* The process-wide directories (test state, not library state). */
static char *base_dir;     /* holds run/ and dataset/ */
static char run_dir[256];  /* emptied after every run */
static char dataset_dir[512];
static char ring_dataset_dir[512];

/* ------------------------------------------------------------ allocator */

static void *fx_malloc(size_t size, void *user)
{
	fx *f = user;
	size_t failures;
	void *p;

	pthread_mutex_lock(&f->lock);
	failures = f->ta.failures;
	p = f->ta.allocator.malloc(size, &f->ta);
	if (f->ta.failures != failures)
		alloc_sites_record(f->sites);
	pthread_mutex_unlock(&f->lock);
	return p;
}

static void *fx_realloc(void *ptr, size_t size, void *user)
{
	fx *f = user;
	size_t failures;
	void *p;

	pthread_mutex_lock(&f->lock);
	failures = f->ta.failures;
	p = f->ta.allocator.realloc(ptr, size, &f->ta);
	if (f->ta.failures != failures)
		alloc_sites_record(f->sites);
	pthread_mutex_unlock(&f->lock);
	return p;
}

static void fx_free(void *ptr, void *user)
{
	fx *f = user;

	pthread_mutex_lock(&f->lock);
	f->ta.allocator.free(ptr, &f->ta);
	pthread_mutex_unlock(&f->lock);
}

void fx_init(fx *f, alloc_sites *sites)
{
	socialcap_network_options no = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_state_options so = SOCIALCAP_STATE_OPTIONS_INIT;
	socialcap_journal_options jo = SOCIALCAP_JOURNAL_OPTIONS_INIT;

	memset(f, 0, sizeof(*f));
	test_alloc_init(&f->ta, 0, 0);
	pthread_mutex_init(&f->lock, NULL);
	f->alloc.malloc = fx_malloc;
	f->alloc.realloc = fx_realloc;
	f->alloc.free = fx_free;
	f->alloc.user = f;
	f->sites = sites;
	f->no = no;
	f->so = so;
	f->jo = jo;
	f->no.allocator = &f->alloc;
	f->so.network = &f->no;
	f->jo.state = &f->so;
	snprintf(f->store, sizeof(f->store), "%s/store", run_dir);
	snprintf(f->export_dir, sizeof(f->export_dir), "%s/export", run_dir);
	f->dataset = dataset_dir;
	f->ring_dataset = ring_dataset_dir;
}

/* Remove everything under @p dir (two levels are enough here). */
static void empty_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[1024];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			empty_dir(path);
			rmdir(path);
		} else {
			unlink(path);
		}
	}
	closedir(d);
}

void fx_release(fx *f)
{
	socialcap_results_free(f->out_res);
	socialcap_results_free(f->areas_res);
	socialcap_series_free(f->out_series);
	socialcap_snapshot_free(f->out_snap);
	socialcap_snapshot_free(f->snap);
	socialcap_journal_free(f->out_j);
	socialcap_journal_free(f->j);
	socialcap_network_free(f->out_net);
	socialcap_network_free(f->net);
	free(f->bytes);
	empty_dir(run_dir);
	pthread_mutex_destroy(&f->lock);
	assert_int_equal(f->ta.live, 0);
}

const char *fx_message(const fx *f)
{
	if (f->uses_err)
		return f->err.message;
	if (f->no_message || (f->j == NULL && f->net == NULL))
		return "(no handle to carry a message)";
	if (f->j != NULL)
		return socialcap_journal_errmsg(f->j);
	return socialcap_network_errmsg(f->net);
}

int fx_outputs_null(const fx *f)
{
	return f->out_net == NULL && f->out_snap == NULL && f->out_res == NULL &&
	       f->out_series == NULL && f->out_j == NULL;
}

/* ------------------------------------------------------------- content */

/* The fixture through the network API or the journal API. */
typedef struct sink {
	socialcap_network *net;
	socialcap_journal *j;
} sink;

static int sector(sink *s, const char *label, int tier, double prestige)
{
	return s->j ? socialcap_journal_set_sector(s->j, NULL, label, tier, prestige)
		    : socialcap_network_set_sector(s->net, NULL, label, tier, prestige);
}

static int actor(sink *s, const char *id, socialcap_actor_kind kind,
		 const char *sec, const char *nbh, double status,
		 const char *const *groups, size_t ngroups)
{
	return s->j ? socialcap_journal_add_actor(s->j, NULL, id, kind, sec, nbh,
						  status, groups, ngroups)
		    : socialcap_network_add_actor(s->net, NULL, id, kind, sec, nbh,
						  status, groups, ngroups);
}

static int tie(sink *s, uint32_t a, uint32_t b, const char *layer, double w,
	       int64_t since)
{
	return s->j ? socialcap_journal_add_tie(s->j, NULL, a, b, layer, w, since)
		    : socialcap_network_add_tie(s->net, NULL, a, b, layer, w, since);
}

static int contact(sink *s, int64_t t, uint32_t a, uint32_t b, int channel,
		   double w, double cost)
{
	socialcap_contact c;

	c.time = t;
	c.a = a;
	c.b = b;
	c.channel = channel;
	c.weight = w;
	c.cost = cost;
	return s->j ? socialcap_journal_record_contact(s->j, NULL, &c)
		    : socialcap_network_record_contact(s->net, NULL, &c);
}

static int event(sink *s, const socialcap_event *e,
		 const socialcap_attendance *a, size_t n)
{
	return s->j ? socialcap_journal_record_event(s->j, NULL, e, a, n)
		    : socialcap_network_record_event(s->net, NULL, e, a, n);
}

#define TRY(call)                                                              \
	do {                                                                   \
		int rc_ = (call);                                              \
		if (rc_ != 0)                                                  \
			return rc_;                                            \
	} while (0)

static int build(sink *s, int ledger)
{
	static const char *const choir[] = {"choir"};
	static const char *const both[] = {"choir", "football"};
	static const char *const football[] = {"football"};
	static const socialcap_event e1 = {"e1", FX_T0 + 500, "N1", "clean-up",
					   SOCIALCAP_PHYSICAL, 10.0};
	static const socialcap_event e2 = {"e2", FX_T0 + 600, "N2", "dialogue",
					   SOCIALCAP_DIGITAL, 0.0};
	static const socialcap_attendance a1[] = {{3, SOCIALCAP_ORGANISER},
						  {0, SOCIALCAP_PARTICIPANT},
						  {1, SOCIALCAP_PARTICIPANT},
						  {2, SOCIALCAP_PARTICIPANT}};
	static const socialcap_attendance a2[] = {{4, SOCIALCAP_ORGANISER},
						  {5, SOCIALCAP_PARTICIPANT},
						  {2, SOCIALCAP_PARTICIPANT}};

	TRY(sector(s, "health", 2, 0.8));
	TRY(sector(s, "retail", 1, 0.3));
	TRY(sector(s, "city", 3, 0.9));
	TRY(actor(s, "a0", SOCIALCAP_RESIDENT, "retail", "N1", 0.3, choir, 1));
	TRY(actor(s, "a1", SOCIALCAP_RESIDENT, "retail", "N1", 0.6, both, 2));
	TRY(actor(s, "a2", SOCIALCAP_RESIDENT, "health", "N2", 0.7, NULL, 0));
	TRY(actor(s, "a3", SOCIALCAP_PROFESSIONAL, "health", "N1", 0.5, NULL, 0));
	TRY(actor(s, "a4", SOCIALCAP_ORGANISATION, "city", "N2", 0.0, football, 1));
	TRY(actor(s, "a5", SOCIALCAP_RESIDENT, "retail", "N2", 0.2, football, 1));
	TRY(tie(s, 0, 1, "family", 2.0, FX_T0 - 864000));
	TRY(tie(s, 1, 2, "neighbours", 1.0, FX_T0));
	TRY(tie(s, 2, 3, "work", 1.0, FX_T0));
	TRY(tie(s, 0, 3, "neighbours", 1.0, FX_T0));
	TRY(tie(s, 3, 4, "work", 1.5, FX_T0));
	TRY(tie(s, 4, 5, "neighbours", 1.0, FX_T0));
	TRY(tie(s, 0, 2, "household", 1.0, FX_T0));
	if (!ledger)
		return 0;
	TRY(contact(s, FX_T0 + 100, 0, 1, SOCIALCAP_PHYSICAL, 1.0, 0.0));
	TRY(contact(s, FX_T0 + 200, 1, 5, SOCIALCAP_DIGITAL, 2.0, 1.5));
	TRY(contact(s, FX_T0 + 300, 2, 4, SOCIALCAP_PHYSICAL, 1.0, 0.0));
	TRY(contact(s, FX_T0 + 400, 3, 5, SOCIALCAP_PHYSICAL, 1.0, 0.0));
	TRY(event(s, &e1, a1, 4));
	TRY(event(s, &e2, a2, 3));
	return 0;
}

/*
 * Fill the fixture's tables up to a capacity: 16 sectors, actors, groups,
 * neighbourhoods, ties, contacts, events and event kinds, 24 group
 * memberships and attendance rows. Arrays start at 16 elements and grow by
 * half, so the next record of each kind makes its arrays grow, and a sweep
 * of that call fails each reallocation with data in place.
 */
static int pad(sink *s)
{
	static const char *const groups[][2] = {
		{"g0", "choir"}, {"g1", "football"}, {"g2-allotment-gardeners", "g3"}, {"g4", "g5"},
		{"g6", "g7"},    {"g8", "g9"},       {"g10", "choir"},
		{"g11", "choir"}, {"g12", "g13"},    {"football", "choir"},
	};
	char id[32], label[32];
	uint32_t i;

	for (i = 3; i < 16; i++) {
		snprintf(label, sizeof(label), "s%u", (unsigned)i);
		TRY(sector(s, label, (int)(i % 4), 0.05 * i));
	}
	/* Actors 6..15, neighbourhoods P0..P9 (12 in all), 14 groups. */
	for (i = 0; i < 10; i++) {
		snprintf(id, sizeof(id), "p%u", (unsigned)i);
		snprintf(label, sizeof(label), "P%u", (unsigned)i);
		TRY(actor(s, id, i % 3 == 0 ? SOCIALCAP_ORGANISATION : SOCIALCAP_RESIDENT,
			  "s3", label, 0.1 * i, groups[i], 2));
	}
	for (i = 0; i < 9; i++)
		TRY(tie(s, 6 + i, 7 + i, i % 2 ? "work" : "neighbours", 1.0, FX_T0));
	for (i = 0; i < 12; i++)
		TRY(contact(s, FX_T0 + 1000 + i, i, 15 - i, (int)(i % 2), 1.0, 0.5));
	/* Events 3..16: kinds k0..k13 (16 in all), neighbourhoods Q0..Q3
	 * (16 in all), 17 attendance rows (24 in all). */
	for (i = 0; i < 14; i++) {
		socialcap_event e;
		socialcap_attendance a[2] = {{i, SOCIALCAP_ORGANISER},
					     {i + 1, SOCIALCAP_PARTICIPANT}};
		char kind[32];

		snprintf(id, sizeof(id), "ev%u", (unsigned)i);
		snprintf(label, sizeof(label), i < 4 ? "Q%u" : "N1", (unsigned)i);
		snprintf(kind, sizeof(kind), "k%u", (unsigned)i);
		e.id = id;
		e.time = FX_T0 + 2000 + i;
		e.neighbourhood = label;
		e.kind = kind;
		e.channel = SOCIALCAP_PHYSICAL;
		e.cost = 1.0;
		TRY(event(s, &e, a, i < 3 ? 2 : 1));
	}
	return 0;
}

/* --------------------------------------------------------------- setups */

int fx_setup_none(fx *f)
{
	(void)f;
	return 0;
}

int fx_setup_empty_net(fx *f)
{
	return socialcap_network_new(&f->net, &f->no);
}

static int setup_built(fx *f, int ledger)
{
	sink s = {NULL, NULL};

	TRY(fx_setup_empty_net(f));
	s.net = f->net;
	return build(&s, ledger);
}

int fx_setup_net(fx *f)
{
	return setup_built(f, 1);
}

int fx_setup_net_no_ledger(fx *f)
{
	return setup_built(f, 0);
}

int fx_setup_net_full(fx *f)
{
	sink s = {NULL, NULL};

	TRY(fx_setup_net(f));
	s.net = f->net;
	return pad(&s);
}

int fx_setup_actors_only(fx *f)
{
	TRY(fx_setup_empty_net(f));
	TRY(socialcap_network_add_actor(f->net, NULL, "a0", SOCIALCAP_RESIDENT,
					"retail", "N1", 0.3, NULL, 0));
	return socialcap_network_add_actor(f->net, NULL, "a1", SOCIALCAP_RESIDENT,
					   "retail", "N1", 0.6, NULL, 0);
}

int fx_setup_journal_empty(fx *f)
{
	return socialcap_journal_create(&f->j, f->store, NULL, &f->jo, NULL);
}

int fx_setup_journal_full(fx *f)
{
	sink s = {NULL, NULL};

	TRY(fx_setup_journal(f));
	s.j = f->j;
	return pad(&s);
}

/* The snapshot sorts lists of more than 32 ties through a scratch array
 * (lib/snapshot_csr.c): one actor with 40. */
int fx_setup_net_hub(fx *f)
{
	char id[32];
	uint32_t i, n = 41;

	TRY(fx_setup_empty_net(f));
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "h%u", (unsigned)i);
		TRY(socialcap_network_add_actor(f->net, NULL, id, SOCIALCAP_RESIDENT,
						"retail", "N1", 0.5, NULL, 0));
	}
	for (i = 1; i < n; i++)
		TRY(socialcap_network_add_tie(f->net, NULL, 0, i, "neighbours",
					      (double)(i % 7) + 1.0, FX_T0));
	return 0;
}

/* @p n actors in a ring with chords (2n ties), into the empty network
 * @p net. */
static int fill_ring(socialcap_network *net, uint32_t n)
{
	char id[32];
	uint32_t i;

	TRY(socialcap_network_reserve(net, n, 2 * (uint64_t)n));
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "r%u", (unsigned)i);
		TRY(socialcap_network_add_actor(net, NULL, id,
						i % 50 ? SOCIALCAP_RESIDENT
						       : SOCIALCAP_ORGANISATION,
						i % 2 ? "retail" : "health",
						i % 3 ? "N1" : "N2", 0.5, NULL, 0));
	}
	for (i = 0; i < n; i++) {
		TRY(socialcap_network_add_tie(net, NULL, i, (i + 1) % n,
					      "neighbours", 1.0, FX_T0));
		TRY(socialcap_network_add_tie(net, NULL, i, (i + 2) % n, "work",
					      1.0, FX_T0));
	}
	return 0;
}

/* Triangle counting gives a second thread work only from 2049 actors on
 * (lib/ind_triangles.c: chunks of 2048): the ring. */
int fx_setup_snap_large(fx *f)
{
	TRY(fx_setup_empty_net(f));
	TRY(fill_ring(f->net, 2100));
	return socialcap_snapshot_build(&f->snap, f->net, NULL);
}

/* The ring without a snapshot: a build that takes the network over
 * writes it in several runs of actors, with ties (the ring's closing ones)
 * from the first run to the last. */
int fx_setup_net_ring(fx *f)
{
	TRY(fx_setup_empty_net(f));
	return fill_ring(f->net, 2100);
}

int fx_setup_net_other(fx *f)
{
	TRY(fx_setup_empty_net(f));
	TRY(socialcap_network_set_sector(f->net, NULL, "health", 2, 0.8));
	return socialcap_network_add_actor(f->net, NULL, "z", SOCIALCAP_RESIDENT,
					   "health", "N3", 0.5, NULL, 0);
}

int fx_setup_net_saved(fx *f)
{
	TRY(fx_setup_net(f));
	return socialcap_state_save(f->net, f->store, &f->so, NULL);
}

int fx_setup_saved(fx *f)
{
	TRY(fx_setup_net_saved(f));
	f->bytes = test_slurp(f->store, &f->nbytes);
	assert_true(f->nbytes > 0);
	return 0;
}

int fx_setup_snap(fx *f)
{
	TRY(fx_setup_net(f));
	return socialcap_snapshot_build(&f->snap, f->net, NULL);
}

int fx_setup_journal(fx *f)
{
	sink s = {NULL, NULL};

	TRY(socialcap_journal_create(&f->j, f->store, NULL, &f->jo, NULL));
	s.j = f->j;
	return build(&s, 1);
}

int fx_setup_store(fx *f)
{
	static const socialcap_event e3 = {"e3", FX_T0 + 900, "N3", "picnic",
					   SOCIALCAP_PHYSICAL, 4.0};
	static const socialcap_attendance a3[] = {{0, SOCIALCAP_ORGANISER},
						  {5, SOCIALCAP_PARTICIPANT}};
	static const char *const groups[] = {"garden club", "choir"};
	sink s = {NULL, NULL};

	/* Half in the state file (a checkpoint), half in the journal. */
	TRY(socialcap_journal_create(&f->j, f->store, NULL, &f->jo, NULL));
	s.j = f->j;
	TRY(build(&s, 0));
	TRY(socialcap_journal_checkpoint(f->j, NULL));
	TRY(contact(&s, FX_T0 + 800, 0, 4, SOCIALCAP_PHYSICAL, 1.0, 0.0));
	TRY(event(&s, &e3, a3, 2));
	TRY(sector(&s, "garden", 1, 0.1));
	TRY(actor(&s, "a6", SOCIALCAP_RESIDENT, "garden", "N3", 0.1, groups, 2));
	TRY(tie(&s, 6, 0, "neighbours", 1.0, FX_T0));
	TRY(socialcap_journal_sync(f->j));
	socialcap_journal_free(f->j);
	f->j = NULL;
	return 0;
}

int fx_setup_everything(fx *f)
{
	socialcap_indicator_options io = SOCIALCAP_INDICATOR_OPTIONS_INIT;
	socialcap_areas_options ao = SOCIALCAP_AREAS_OPTIONS_INIT;
	static const int64_t times[] = {FX_T0 + 300, FX_T0 + 900};
	socialcap_results *res = NULL;

	TRY(fx_setup_snap(f));
	TRY(socialcap_indicators_actors(&res, f->snap, &io, NULL));
	f->out_res = res;
	ao.min_cell = 0;
	TRY(socialcap_areas_compute(&f->areas_res, f->snap, &ao));
	TRY(socialcap_series_compute(&f->out_series, f->net, NULL, &ao, times, 2));
	return fx_setup_journal(f);
}

/* ---------------------------------------------------- process-wide setup */

void fx_global_setup(void)
{
	socialcap_network *net = NULL;
	sink s = {NULL, NULL};

	/* Thousands of runs save and sync files; on a RAM file system fsync
	 * costs nothing, and the sweep is about memory, not durability. */
	if (getenv("TMPDIR") == NULL && access("/dev/shm", W_OK) == 0)
		setenv("TMPDIR", "/dev/shm", 0);
	base_dir = test_mkdtemp();
	assert_true(strlen(base_dir) + 16 < sizeof(run_dir));
	snprintf(run_dir, sizeof(run_dir), "%s/run", base_dir);
	snprintf(dataset_dir, sizeof(dataset_dir), "%s/dataset", base_dir);
	assert_int_equal(mkdir(run_dir, 0700), 0);
	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	s.net = net;
	assert_int_equal(build(&s, 1), 0);
	assert_int_equal(socialcap_dataset_export(net, dataset_dir, NULL, NULL), 0);
	socialcap_network_free(net);
	/* enough ties for an import to stage them in rounds
	 * (lib/dataset_ties_round.c) */
	snprintf(ring_dataset_dir, sizeof(ring_dataset_dir), "%s/ring", base_dir);
	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	assert_int_equal(fill_ring(net, 240), 0);
	assert_int_equal(socialcap_dataset_export(net, ring_dataset_dir, NULL, NULL), 0);
	socialcap_network_free(net);
}

void fx_global_teardown(void)
{
	empty_dir(base_dir);
	rmdir(base_dir);
	free(base_dir);
	base_dir = NULL;
}
