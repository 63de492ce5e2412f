/*
 * One allocation-failure sweep over every public entry point that can
 * allocate.
 *
 * Each row of the table below is one entry point (or one distinct path of
 * one, e.g. a new label versus a known one, one indicator family). For each
 * row the call runs once without failures (its result is the reference),
 * then for k = 1, 2, ... on a freshly built fixture with allocation k
 * failing, once ("fail once at k") and then every allocation from k on
 * ("fail from k"), until a run sees no failure. Every run must return 0 or
 * SOCIALCAP_ENOMEM without crashing; after SOCIALCAP_ENOMEM the objects and
 * files it touched are exactly as before (digest before and after), no
 * output object is left behind, the error is explained, and the same call
 * retried without failures gives the reference result; freeing everything
 * must return every block (test_alloc live count 0; LSan in the sanitizer
 * build).
 *
 * The entry points that must not allocate at all are called with every
 * allocation failing and must make no allocation. Every function declared
 * in include/socialcap/ (any .h) has to appear in one of the two tables or in the
 * short list of functions outside both (options initialisers, free
 * functions, pure functions of their arguments): a new public function that
 * nobody sweeps fails this test.
 *
 * The test prints one summary line with the number of entry points, runs,
 * injected failures and distinct allocation call sites reached; with
 * SOCIALCAP_OOM_SITES=<file> it writes the sites (addresses) there for
 * tests/oom_sites.sh, which names their source lines.
 */
#include <ctype.h>
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "alloc_sites.h"
#include "net_digest.h"
#include "oom_fixture.h"
#include "test_files.h"

/* No single call of the fixture needs more allocations than this. */
#define MAX_K 100000

typedef struct row {
	const char *name;     /* what this row sweeps */
	const char *function; /* the public function under test */
	int (*setup)(fx *f);  /* the state before the call; must succeed */
	int (*op)(fx *f);     /* the call under test */
} row;

/* ------------------------------------------------------------ the calls */

static int op_network_new(fx *f)
{
	return socialcap_network_new(&f->out_net, &f->no);
}

static int op_reserve(fx *f)
{
	return socialcap_network_reserve(f->net, 100, 200);
}

static int op_set_sector_new(fx *f)
{
	return socialcap_network_set_sector(f->net, &f->u32, "transport", 2, 0.5);
}

static int op_add_actor_new_labels(fx *f)
{
	static const char *const groups[] = {"chess", "choir", "garden"};

	return socialcap_network_add_actor(f->net, &f->u32, "newcomer",
					   SOCIALCAP_RESIDENT, "transport", "N9",
					   0.4, groups, 3);
}

static int op_add_actor_known_labels(fx *f)
{
	static const char *const groups[] = {"choir"};

	return socialcap_network_add_actor(f->net, &f->u32, "neighbour",
					   SOCIALCAP_RESIDENT, "retail", "N1",
					   0.4, groups, 1);
}

static int op_add_tie_new_layer(fx *f)
{
	return socialcap_network_add_tie(f->net, &f->u64, 0, 5, "sports", 1.0,
					 FX_T0);
}

static int op_add_tie_known_layer(fx *f)
{
	return socialcap_network_add_tie(f->net, &f->u64, 0, 5, "neighbours",
					 2.0, FX_T0);
}

static int op_add_tie_first(fx *f)
{
	return socialcap_network_add_tie(f->net, &f->u64, 0, 1, "family", 1.0,
					 FX_T0);
}

static int op_record_contact(fx *f)
{
	socialcap_contact c = {FX_T0 + 5000, 2, 5, SOCIALCAP_DIGITAL, 1.5, 0.0};

	return socialcap_network_record_contact(f->net, &f->u64, &c);
}

static int op_record_event_new_labels(fx *f)
{
	socialcap_event e = {"e-new", FX_T0 + 7000, "N7", "festival",
			     SOCIALCAP_PHYSICAL, 12.0};
	socialcap_attendance a[] = {{4, SOCIALCAP_ORGANISER},
				    {0, SOCIALCAP_PARTICIPANT},
				    {5, SOCIALCAP_PARTICIPANT}};

	return socialcap_network_record_event(f->net, &f->u32, &e, a, 3);
}

static int op_record_event_known_labels(fx *f)
{
	socialcap_event e = {"e-known", FX_T0 + 7000, "N1", "clean-up",
			     SOCIALCAP_PHYSICAL, 0.0};
	socialcap_attendance a[] = {{3, SOCIALCAP_ORGANISER},
				    {1, SOCIALCAP_PARTICIPANT}};

	return socialcap_network_record_event(f->net, &f->u32, &e, a, 2);
}

static int op_select_contacts(fx *f)
{
	socialcap_ledger_query q = SOCIALCAP_LEDGER_QUERY_INIT;

	q.actor = 1;
	return socialcap_network_select_contacts(f->net, &q, f->u64s,
						 FX_MAX_INDICES, &f->total);
}

static int op_select_contacts_nbh(fx *f)
{
	socialcap_ledger_query q = SOCIALCAP_LEDGER_QUERY_INIT;

	q.neighbourhood = 0;
	q.from = FX_T0;
	return socialcap_network_select_contacts(f->net, &q, f->u64s,
						 FX_MAX_INDICES, &f->total);
}

static int op_select_events(fx *f)
{
	socialcap_ledger_query q = SOCIALCAP_LEDGER_QUERY_INIT;

	q.actor = 2;
	return socialcap_network_select_events(f->net, &q, f->u32s,
					       FX_MAX_INDICES, &f->total);
}

static int op_select_events_nbh(fx *f)
{
	socialcap_ledger_query q = SOCIALCAP_LEDGER_QUERY_INIT;

	q.neighbourhood = 1;
	return socialcap_network_select_events(f->net, &q, f->u32s,
					       FX_MAX_INDICES, &f->total);
}

static int op_snapshot_build(fx *f)
{
	return socialcap_snapshot_build(&f->out_snap, f->net, NULL);
}

static int op_snapshot_build_layers(fx *f)
{
	static const int64_t half[] = {0, 86400 * 30, 86400 * 60};
	socialcap_snapshot_options o = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;

	o.time = FX_T0 + 4000;
	o.theta = 0.0;
	o.max_clique_event = 2;
	o.layer_half_lives = half;
	o.layer_half_life_count = 3;
	return socialcap_snapshot_build(&f->out_snap, f->net, &o);
}

static int actors(fx *f, unsigned int families, unsigned int threads,
		  uint32_t samples, uint32_t columns)
{
	socialcap_indicator_options o = SOCIALCAP_INDICATOR_OPTIONS_INIT;

	o.families = families;
	o.threads = threads;
	o.betweenness_samples = samples;
	o.seed = 7;
	o.columns = columns;
	f->uses_err = 1;
	return socialcap_indicators_actors(&f->out_res, f->snap, &o, &f->err);
}

static int network_ind(fx *f, unsigned int families, unsigned int threads)
{
	socialcap_indicator_options o = SOCIALCAP_INDICATOR_OPTIONS_INIT;

	o.families = families;
	o.threads = threads;
	o.group_by = SOCIALCAP_GROUP_NEIGHBOURHOOD;
	f->uses_err = 1;
	return socialcap_indicators_network(&f->out_res, f->snap, &o, &f->err);
}

static int op_actors_none(fx *f) { return actors(f, 0, 1, 0, 0); }
static int op_actors_local(fx *f) { return actors(f, SOCIALCAP_FAMILY_LOCAL, 1, 0, 0); }
static int op_actors_triangles(fx *f) { return actors(f, SOCIALCAP_FAMILY_TRIANGLES, 1, 0, 0); }
static int op_actors_betweenness(fx *f) { return actors(f, SOCIALCAP_FAMILY_BETWEENNESS, 1, 0, 0); }
static int op_actors_betweenness_sampled(fx *f) { return actors(f, SOCIALCAP_FAMILY_BETWEENNESS, 1, 3, 0); }
static int op_actors_reach(fx *f) { return actors(f, SOCIALCAP_FAMILY_REACH, 1, 0, 0); }
static int op_actors_structure(fx *f) { return actors(f, SOCIALCAP_FAMILY_STRUCTURE, 1, 0, 0); }
static int op_actors_all(fx *f) { return actors(f, SOCIALCAP_FAMILY_ALL, 1, 0, 0); }
static int op_actors_all_2threads(fx *f) { return actors(f, SOCIALCAP_FAMILY_ALL, 2, 0, 0); }
static int op_actors_betweenness_2threads(fx *f) { return actors(f, SOCIALCAP_FAMILY_BETWEENNESS, 2, 3, 0); }
static int op_actors_triangles_2threads(fx *f) { return actors(f, SOCIALCAP_FAMILY_TRIANGLES, 2, 0, 0); }
static int op_actors_local_2threads(fx *f) { return actors(f, SOCIALCAP_FAMILY_LOCAL | SOCIALCAP_FAMILY_TRIANGLES, 2, 0, 0); }
static int op_actors_clustering_2threads(fx *f)
{
	return actors(f, SOCIALCAP_FAMILY_TRIANGLES, 2, 0,
		      SOCIALCAP_COLUMN_BIT(SOCIALCAP_ACTOR_CLUSTERING));
}
static int op_network_triangles_2threads(fx *f) { return network_ind(f, SOCIALCAP_FAMILY_TRIANGLES, 2); }
static int op_actors_columns(fx *f)
{
	return actors(f, SOCIALCAP_FAMILY_ALL, 1, 0,
		      SOCIALCAP_COLUMN_BIT(SOCIALCAP_ACTOR_CLUSTERING) |
			      SOCIALCAP_COLUMN_BIT(SOCIALCAP_ACTOR_DEGREE));
}
static int op_network_all(fx *f) { return network_ind(f, SOCIALCAP_FAMILY_ALL, 1); }
static int op_network_triangles(fx *f) { return network_ind(f, SOCIALCAP_FAMILY_TRIANGLES, 1); }
static int op_network_structure(fx *f) { return network_ind(f, SOCIALCAP_FAMILY_STRUCTURE, 1); }
static int op_network_all_2threads(fx *f) { return network_ind(f, SOCIALCAP_FAMILY_ALL, 2); }

static int areas(fx *f, int kind, uint32_t min_cell)
{
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;

	o.areas = kind;
	o.min_cell = min_cell;
	/* Concurrent readers share the snapshot: a read-only computation
	 * leaves the network's message alone and reports by status only. */
	f->no_message = 1;
	return socialcap_areas_compute(&f->out_res, f->snap, &o);
}

static int op_areas_neighbourhoods(fx *f) { return areas(f, SOCIALCAP_AREAS_NEIGHBOURHOODS, 0); }
static int op_areas_sectors(fx *f) { return areas(f, SOCIALCAP_AREAS_SECTORS, 0); }
static int op_areas_suppressed(fx *f) { return areas(f, SOCIALCAP_AREAS_NEIGHBOURHOODS, 10); }

static int op_areas_new_investors(fx *f)
{
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;
	int rc;

	o.min_cell = 0;
	f->no_message = 1;
	rc = socialcap_areas_new_investors(f->snap, &o, 0, f->u32s,
					   FX_MAX_INDICES, &f->total);
	return rc;
}

static int op_series(fx *f)
{
	static const int64_t times[] = {FX_T0 + 1000, FX_T0 + 3000, FX_T0 + 9000};
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;

	o.min_cell = 0;
	return socialcap_series_compute(&f->out_series, f->net, NULL, &o, times, 3);
}

static int op_state_save(fx *f)
{
	f->uses_err = 1;
	return socialcap_state_save(f->net, f->store, &f->so, &f->err);
}

static int op_state_load(fx *f)
{
	f->uses_err = 1;
	return socialcap_state_load(&f->out_net, f->store, &f->so, &f->err);
}

static int op_state_load_buffer(fx *f)
{
	f->uses_err = 1;
	return socialcap_state_load_buffer(&f->out_net, f->bytes, f->nbytes,
					   &f->so, &f->err);
}

static int op_journal_create_empty(fx *f)
{
	f->uses_err = 1;
	return socialcap_journal_create(&f->out_j, f->store, NULL, &f->jo, &f->err);
}

static int op_journal_create_net(fx *f)
{
	int rc;

	f->uses_err = 1;
	rc = socialcap_journal_create(&f->out_j, f->store, f->net, &f->jo, &f->err);
	if (rc == 0)
		f->net = NULL; /* consumed */
	return rc;
}

static int op_journal_open(fx *f)
{
	f->uses_err = 1;
	return socialcap_journal_open(&f->out_j, f->store, &f->jo, NULL, &f->err);
}

static int op_journal_set_sector(fx *f)
{
	return socialcap_journal_set_sector(f->j, &f->u32, "transport", 1, 0.25);
}

static int op_journal_add_actor(fx *f)
{
	static const char *const groups[] = {"chess", "choir"};

	return socialcap_journal_add_actor(f->j, &f->u32, "newcomer",
					   SOCIALCAP_PROFESSIONAL, "transport",
					   "N8", 0.9, groups, 2);
}

/* A record longer than the journal's record buffer (256 bytes). */
static int op_journal_add_actor_long(fx *f)
{
	static const char *const groups[] = {
		"the allotment gardeners of the northern district",
		"the choir of the church of saint mary and saint joseph",
		"the volunteer fire brigade of the old harbour quarter",
		"the parents' association of the primary school",
		"the five-a-side football league of the youth centre",
	};

	return socialcap_journal_add_actor(f->j, &f->u32, "long-record",
					   SOCIALCAP_RESIDENT, "retail", "N1",
					   0.5, groups, 5);
}

static int op_journal_add_tie(fx *f)
{
	return socialcap_journal_add_tie(f->j, &f->u64, 0, 5, "sports", 1.0, FX_T0);
}

static int op_journal_record_contact(fx *f)
{
	socialcap_contact c = {FX_T0 + 5000, 2, 5, SOCIALCAP_PHYSICAL, 1.0, 2.5};

	return socialcap_journal_record_contact(f->j, &f->u64, &c);
}

static int op_journal_record_event(fx *f)
{
	socialcap_event e = {"e-journal", FX_T0 + 7000, "N6", "dinner",
			     SOCIALCAP_PHYSICAL, 3.0};
	socialcap_attendance a[] = {{1, SOCIALCAP_ORGANISER},
				    {2, SOCIALCAP_PARTICIPANT}};

	return socialcap_journal_record_event(f->j, &f->u32, &e, a, 2);
}

static int op_journal_checkpoint(fx *f)
{
	f->uses_err = 1;
	return socialcap_journal_checkpoint(f->j, &f->err);
}

static int op_dataset_import(fx *f)
{
	f->uses_err = 1;
	return socialcap_dataset_import(f->net, f->dataset, NULL, &f->err);
}

static int count_problem(const socialcap_error *problem, void *user)
{
	(void)problem;
	++*(size_t *)user;
	return 0;
}

static int op_dataset_validate(fx *f)
{
	size_t calls = 0, problems = 0;
	int rc;


	/* Problems found before running out of memory have been reported
	 * already; only a successful run's counts are compared. */
	f->no_message = 1;
	rc = socialcap_dataset_validate(f->net, f->dataset, NULL, count_problem,
					&calls, &problems);
	if (rc == 0) {
		f->u64 = calls;
		f->total = problems;
	}
	return rc;
}

static int op_dataset_validate_bad(fx *f)
{
	size_t calls = 0;
	int rc;

	/* The ids are in the network already: every actor is a problem. */
	size_t problems = 0;

	f->no_message = 1;
	rc = socialcap_dataset_validate(f->net, f->dataset, NULL, count_problem,
					&calls, &problems);
	if (rc == SOCIALCAP_EFORMAT && calls > 0 && calls == problems) {
		f->u64 = calls;
		f->total = problems;
		return 0;
	}
	return rc == 0 ? SOCIALCAP_EINVAL : rc;
}

static int op_dataset_export(fx *f)
{
	f->uses_err = 1;
	return socialcap_dataset_export(f->net, f->export_dir, NULL, &f->err);
}

/* ------------------------------------------------------------ the table */

static const row rows[] = {
	{"network_new", "socialcap_network_new", fx_setup_none, op_network_new},
	{"reserve", "socialcap_network_reserve", fx_setup_net, op_reserve},
	{"reserve, empty network", "socialcap_network_reserve", fx_setup_empty_net, op_reserve},
	{"set_sector, empty network", "socialcap_network_set_sector", fx_setup_empty_net, op_set_sector_new},
	{"set_sector new, tables full", "socialcap_network_set_sector", fx_setup_net_full, op_set_sector_new},
	{"add_actor, empty network", "socialcap_network_add_actor", fx_setup_empty_net, op_add_actor_new_labels},
	{"add_actor new labels, tables full", "socialcap_network_add_actor", fx_setup_net_full, op_add_actor_new_labels},
	{"add_actor known labels, tables full", "socialcap_network_add_actor", fx_setup_net_full, op_add_actor_known_labels},
	{"add_tie, no ties yet", "socialcap_network_add_tie", fx_setup_actors_only, op_add_tie_first},
	{"add_tie new layer, tables full", "socialcap_network_add_tie", fx_setup_net_full, op_add_tie_new_layer},
	{"add_tie known layer, tables full", "socialcap_network_add_tie", fx_setup_net_full, op_add_tie_known_layer},
	{"record_contact, no ledger yet", "socialcap_network_record_contact", fx_setup_net_no_ledger, op_record_contact},
	{"record_contact, tables full", "socialcap_network_record_contact", fx_setup_net_full, op_record_contact},
	{"record_event, no ledger yet", "socialcap_network_record_event", fx_setup_net_no_ledger, op_record_event_new_labels},
	{"record_event new labels, tables full", "socialcap_network_record_event", fx_setup_net_full, op_record_event_new_labels},
	{"record_event known labels, tables full", "socialcap_network_record_event", fx_setup_net_full, op_record_event_known_labels},
	{"select_contacts actor", "socialcap_network_select_contacts", fx_setup_net, op_select_contacts},
	{"select_contacts neighbourhood", "socialcap_network_select_contacts", fx_setup_net, op_select_contacts_nbh},
	{"select_events actor", "socialcap_network_select_events", fx_setup_net, op_select_events},
	{"select_events neighbourhood", "socialcap_network_select_events", fx_setup_net, op_select_events_nbh},
	{"snapshot_build", "socialcap_snapshot_build", fx_setup_net, op_snapshot_build},
	{"snapshot_build layers, theta 0, small cliques", "socialcap_snapshot_build", fx_setup_net, op_snapshot_build_layers},
	{"indicators_actors no family", "socialcap_indicators_actors", fx_setup_snap, op_actors_none},
	{"indicators_actors local", "socialcap_indicators_actors", fx_setup_snap, op_actors_local},
	{"indicators_actors triangles", "socialcap_indicators_actors", fx_setup_snap, op_actors_triangles},
	{"indicators_actors betweenness", "socialcap_indicators_actors", fx_setup_snap, op_actors_betweenness},
	{"indicators_actors betweenness sampled", "socialcap_indicators_actors", fx_setup_snap, op_actors_betweenness_sampled},
	{"indicators_actors reach", "socialcap_indicators_actors", fx_setup_snap, op_actors_reach},
	{"indicators_actors structure", "socialcap_indicators_actors", fx_setup_snap, op_actors_structure},
	{"indicators_actors all", "socialcap_indicators_actors", fx_setup_snap, op_actors_all},
	{"indicators_actors all, 2 threads", "socialcap_indicators_actors", fx_setup_snap, op_actors_all_2threads},
	{"indicators_actors betweenness sampled, 2 threads", "socialcap_indicators_actors", fx_setup_snap, op_actors_betweenness_2threads},
	{"indicators_actors triangles, 2 threads, 2100 actors", "socialcap_indicators_actors", fx_setup_snap_large, op_actors_triangles_2threads},
	{"indicators_actors local and triangles, 2 threads, 2100 actors", "socialcap_indicators_actors", fx_setup_snap_large, op_actors_local_2threads},
	{"indicators_actors clustering only, 2 threads, 2100 actors", "socialcap_indicators_actors", fx_setup_snap_large, op_actors_clustering_2threads},
	{"indicators_actors two columns", "socialcap_indicators_actors", fx_setup_snap, op_actors_columns},
	{"indicators_network all", "socialcap_indicators_network", fx_setup_snap, op_network_all},
	{"indicators_network triangles", "socialcap_indicators_network", fx_setup_snap, op_network_triangles},
	{"indicators_network structure", "socialcap_indicators_network", fx_setup_snap, op_network_structure},
	{"indicators_network all, 2 threads", "socialcap_indicators_network", fx_setup_snap, op_network_all_2threads},
	{"indicators_network triangles, 2 threads, 2100 actors", "socialcap_indicators_network", fx_setup_snap_large, op_network_triangles_2threads},
	{"areas_compute neighbourhoods", "socialcap_areas_compute", fx_setup_snap, op_areas_neighbourhoods},
	{"areas_compute sectors", "socialcap_areas_compute", fx_setup_snap, op_areas_sectors},
	{"areas_compute suppressed cells", "socialcap_areas_compute", fx_setup_snap, op_areas_suppressed},
	{"areas_new_investors", "socialcap_areas_new_investors", fx_setup_snap, op_areas_new_investors},
	{"series_compute", "socialcap_series_compute", fx_setup_net, op_series},
	{"state_save new file", "socialcap_state_save", fx_setup_net, op_state_save},
	{"state_save replace", "socialcap_state_save", fx_setup_net_saved, op_state_save},
	{"state_load", "socialcap_state_load", fx_setup_saved, op_state_load},
	{"state_load_buffer", "socialcap_state_load_buffer", fx_setup_saved, op_state_load_buffer},
	{"journal_create empty", "socialcap_journal_create", fx_setup_none, op_journal_create_empty},
	{"journal_create with network", "socialcap_journal_create", fx_setup_net, op_journal_create_net},
	{"journal_open and replay", "socialcap_journal_open", fx_setup_store, op_journal_open},
	{"journal_open plain state file", "socialcap_journal_open", fx_setup_saved, op_journal_open},
	{"journal_set_sector, empty store", "socialcap_journal_set_sector", fx_setup_journal_empty, op_journal_set_sector},
	{"journal_set_sector, tables full", "socialcap_journal_set_sector", fx_setup_journal_full, op_journal_set_sector},
	{"journal_add_actor, empty store", "socialcap_journal_add_actor", fx_setup_journal_empty, op_journal_add_actor},
	{"journal_add_actor, tables full", "socialcap_journal_add_actor", fx_setup_journal_full, op_journal_add_actor},
	{"journal_add_actor, long record", "socialcap_journal_add_actor", fx_setup_journal_full, op_journal_add_actor_long},
	{"journal_add_tie, tables full", "socialcap_journal_add_tie", fx_setup_journal_full, op_journal_add_tie},
	{"journal_record_contact, tables full", "socialcap_journal_record_contact", fx_setup_journal_full, op_journal_record_contact},
	{"journal_record_event, tables full", "socialcap_journal_record_event", fx_setup_journal_full, op_journal_record_event},
	{"journal_checkpoint", "socialcap_journal_checkpoint", fx_setup_journal, op_journal_checkpoint},
	{"dataset_import", "socialcap_dataset_import", fx_setup_empty_net, op_dataset_import},
	{"dataset_import into a network", "socialcap_dataset_import", fx_setup_net_other, op_dataset_import},
	{"dataset_validate", "socialcap_dataset_validate", fx_setup_empty_net, op_dataset_validate},
	{"dataset_validate with problems", "socialcap_dataset_validate", fx_setup_net, op_dataset_validate_bad},
	{"dataset_export", "socialcap_dataset_export", fx_setup_net, op_dataset_export},
	{"dataset_export, tables full", "socialcap_dataset_export", fx_setup_net_full, op_dataset_export},
};

#define ROW_COUNT (sizeof(rows) / sizeof(rows[0]))

/* ------------------------------------------------------------ the sweep */

typedef struct totals {
	size_t rows, runs, failures, clean_allocations;
	size_t absorbed;  /* runs that succeeded although an allocation failed */
} totals;

static alloc_sites *sites;
/* Per row: runs, injected failures, allocations of a clean call. */
static size_t row_runs[256], row_failures[256], row_allocations[256];

static void arm(fx *f, size_t k, int from)
{
	f->ta.calls = 0;
	f->ta.failures = 0;
	f->ta.fail_at = k;
	f->ta.fail_from = from;
}

static void disarm(fx *f)
{
	f->ta.fail_at = 0;
	f->ta.fail_from = 0;
}

/* Print the first line where two digests differ. */
static void show_difference(const char *want, const char *got)
{
	size_t i = 0, line = 0;

	while (want[i] != '\0' && want[i] == got[i]) {
		if (want[i] == '\n')
			line = i + 1;
		i++;
	}
	print_error("  expected: %.200s\n  found:    %.200s\n", want + line,
		    got + line);
}

/* The files section of a state digest (see oom_state_digest()). */
static const char *files_part(const char *digest)
{
	const char *p = strstr(digest, "[files]\n");

	assert_non_null(p);
	return p;
}

static int has_line(const char *text, const char *line, size_t n)
{
	const char *p = text, *end;

	for (; (end = strchr(p, '\n')) != NULL; p = end + 1)
		if ((size_t)(end - p) == n && memcmp(p, line, n) == 0)
			return 1;
	return 0;
}

/*
 * A dataset export replaces its files one by one (socialcap/dataset.h):
 * after a failure each file must be the old one or the complete new one,
 * and no other file (a temporary) may be there.
 */
static int files_old_or_new(const char *before, const char *after,
			    const char *clean)
{
	const char *p = files_part(after), *end;

	for (; *p != '\0'; p = end + 1) {
		end = strchr(p, '\n');
		if (end == NULL)
			break;
		if (!has_line(files_part(before), p, (size_t)(end - p)) &&
		    !has_line(files_part(clean), p, (size_t)(end - p))) {
			print_error("  neither old nor new: %.*s\n", (int)(end - p), p);
			return 0;
		}
	}
	return 1;
}

static void explain(const row *r, size_t k, int from, const char *what)
{
	print_error("oom_sweep: %s (%s): k=%zu %s: %s\n", r->name, r->function,
		    k, from ? "from" : "once", what);
}

/* One run with allocation k failing; returns 1 when nothing failed. */
static int run_once(const row *r, size_t k, int from, const char *want,
		    const char *want_files, totals *t)
{
	fx f;
	char *before, *after;
	int rc, clean;

	fx_init(&f, sites);
	assert_int_equal(r->setup(&f), 0);
	before = oom_state_digest(&f);
	arm(&f, k, from);
	rc = r->op(&f);
	disarm(&f);
	clean = f.ta.failures == 0;
	t->runs++;
	t->failures += f.ta.failures;
	if (rc != 0 && rc != SOCIALCAP_ENOMEM) {
		char msg[600];

		snprintf(msg, sizeof(msg), "returned %d %s (%s)", rc,
			 socialcap_error_name(rc), fx_message(&f));
		explain(r, k, from, msg);
		fail();
	}
	if (!clean && rc == 0)
		t->absorbed++;
	if (clean && rc != 0) {
		explain(r, k, from, "failed without an allocation failure");
		fail();
	}
	if (rc == SOCIALCAP_ENOMEM) {
		if (!fx_outputs_null(&f)) {
			explain(r, k, from, "left an output object");
			fail();
		}
		after = oom_state_digest(&f);
		if (r->op == op_dataset_export) {
			/* Objects unchanged; files each old or new. */
			if (strncmp(before, after, (size_t)(files_part(before) - before)) != 0 ||
			    !files_old_or_new(before, after, want_files)) {
				explain(r, k, from, "changed its objects or left a file");
				show_difference(before, after);
				fail();
			}
		} else if (strcmp(before, after) != 0) {
			explain(r, k, from, "changed its objects or files");
			show_difference(before, after);
			fail();
		}
		free(after);
		if (f.uses_err && f.err.status != SOCIALCAP_ENOMEM) {
			explain(r, k, from, "error report without ENOMEM");
			fail();
		}
		if (fx_message(&f)[0] == '\0') {
			explain(r, k, from, "no error message");
			fail();
		}
		/* Still usable: the same call now succeeds. */
		f.uses_err = 0;
		assert_int_equal(r->op(&f), 0);
	}
	after = oom_result_digest(&f);
	if (strcmp(after, want) != 0) {
		explain(r, k, from, "result differs from a clean run");
		show_difference(want, after);
		fail();
	}
	free(after);
	free(before);
	fx_release(&f);
	return clean;
}

static void sweep_row(const row *r, totals *t)
{
	size_t allocations, k;
	char *want, *want_files;
	fx f;
	int from;

	fx_init(&f, sites);
	assert_int_equal(r->setup(&f), 0);
	arm(&f, 0, 0);
	if (r->op(&f) != 0) {
		print_error("oom_sweep: %s: clean run failed: %s\n", r->name,
			    fx_message(&f));
		fail();
	}
	allocations = f.ta.calls;
	want = oom_result_digest(&f);
	want_files = oom_state_digest(&f);
	fx_release(&f);
	for (from = 0; from <= 1; from++) {
		for (k = 1; k <= MAX_K; k++)
			if (run_once(r, k, from, want, want_files, t))
				break;
		assert_true(k <= MAX_K);
		assert_true(k == allocations + 1);
	}
	free(want);
	free(want_files);
	t->rows++;
	t->clean_allocations += allocations;
	/* A row that sweeps nothing belongs in the non-allocating table. */
	if (allocations == 0) {
		print_error("oom_sweep: %s makes no allocation\n", r->name);
		fail();
	}
}

/* ----------------------------------------- entry points that never allocate */

/* Call every read-only function once with every allocation failing. */
static void call_non_allocating(fx *f, const char **names, size_t *count);

/* Functions outside both tables, and why. */
static const char *const exempt[] = {
	/* fill a caller's struct; no object, no allocation */
	"socialcap_network_options_init", "socialcap_snapshot_options_init",
	"socialcap_indicator_options_init", "socialcap_areas_options_init",
	"socialcap_state_options_init", "socialcap_journal_options_init",
	"socialcap_dataset_options_init", "socialcap_ledger_query_init",
	/* release memory only */
	"socialcap_network_free", "socialcap_snapshot_free", "socialcap_results_free",
	"socialcap_series_free", "socialcap_journal_free",
	/* pure functions of their arguments, no allocator to call */
	"socialcap_error_name", "socialcap_strerror", "socialcap_error_clear",
	"socialcap_diversity_blau", "socialcap_diversity_iqv",
	"socialcap_diversity_shannon", "socialcap_diversity_hill1",
	"socialcap_diversity_hill2", "socialcap_diversity_hhi",
	"socialcap_time_parse", "socialcap_time_format", "socialcap_date_format",
	"socialcap_duration_parse", "socialcap_version_string",
	"socialcap_version_number", "socialcap_actor_column_name",
	"socialcap_network_column_name", "socialcap_area_column_name",
};

static int listed(const char *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return 1;
	return 0;
}

/* Every public function must be swept, checked or exempt. */
static size_t check_coverage(const char **noalloc, size_t nnoalloc,
			     size_t *nexempt)
{
	char *hdr_dir = test_data_path("../../include/socialcap");
	const char *swept[ROW_COUNT];
	size_t i, declared = 0, missing = 0;
	DIR *d = opendir(hdr_dir);
	struct dirent *e;

	assert_non_null(d);
	for (i = 0; i < ROW_COUNT; i++)
		swept[i] = rows[i].function;
	while ((e = readdir(d)) != NULL) {
		char path[1024], *text, *p;
		size_t len = strlen(e->d_name);

		if (len < 3 || strcmp(e->d_name + len - 2, ".h") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", hdr_dir, e->d_name);
		text = test_read_file(hdr_dir, e->d_name, NULL);
		assert_non_null(text);
		for (p = strstr(text, "SOCIALCAP_EXTERN"); p != NULL;
		     p = strstr(p + 1, "SOCIALCAP_EXTERN")) {
			char *name, *paren = strchr(p, '(');
			char fn[128];
			size_t n;

			/* Declarations start a line; the macro's own
			 * definitions in common.h do not. */
			if ((p != text && p[-1] != '\n') || paren == NULL ||
			    memchr(p, ';', (size_t)(paren - p)) != NULL)
				continue;
			/* The name is the identifier just before '('. */
			for (name = paren; name > p && (isalnum((unsigned char)name[-1]) ||
							name[-1] == '_');
			     name--)
				;
			n = (size_t)(paren - name);
			if (n == 0 || n >= sizeof(fn))
				continue;
			memcpy(fn, name, n);
			fn[n] = '\0';
			declared++;
			if (listed(fn, swept, ROW_COUNT) || listed(fn, noalloc, nnoalloc))
				continue;
			if (listed(fn, exempt, sizeof(exempt) / sizeof(exempt[0]))) {
				++*nexempt;
			} else {
				print_error("oom_sweep: %s (%s) is in no table\n", fn,
					    path);
				missing++;
			}
		}
		free(text);
	}
	closedir(d);
	free(hdr_dir);
	assert_int_equal(missing, 0);
	return declared;
}

static void test_every_entry_point(void **state)
{
	const char *noalloc[128];
	size_t nnoalloc = 0, nexempt = 0, i, declared, distinct = 0;
	totals t = {0, 0, 0, 0, 0};
	const char *dump = getenv("SOCIALCAP_OOM_SITES");
	const char *only = getenv("SOCIALCAP_OOM_ONLY");
	fx f;

	(void)state;
	sites = alloc_sites_new();
	fx_global_setup();
	assert_true(ROW_COUNT <= 256);
	for (i = 0; i < ROW_COUNT; i++) {
		size_t runs = t.runs, failures = t.failures,
		       allocations = t.clean_allocations;

		if (only != NULL && strstr(rows[i].name, only) == NULL)
			continue;
		sweep_row(&rows[i], &t);
		row_runs[i] = t.runs - runs;
		row_failures[i] = t.failures - failures;
		row_allocations[i] = t.clean_allocations - allocations;
	}

	fx_init(&f, sites);
	assert_int_equal(fx_setup_everything(&f), 0);
	arm(&f, 1, 1);
	call_non_allocating(&f, noalloc, &nnoalloc);
	assert_int_equal(f.ta.calls, 0);
	disarm(&f);
	fx_release(&f);

	declared = check_coverage(noalloc, nnoalloc, &nexempt);
	/* One line per function, its rows summed. */
	for (i = 0; i < ROW_COUNT; i++) {
		size_t k, n = 0, runs = 0, failures = 0, allocations = 0;

		for (k = 0; k < i && strcmp(rows[i].function, rows[k].function) != 0; k++)
			;
		if (k < i)
			continue;
		distinct++;
		for (k = i; k < ROW_COUNT; k++) {
			if (strcmp(rows[i].function, rows[k].function) != 0)
				continue;
			n++;
			runs += row_runs[k];
			failures += row_failures[k];
			allocations += row_allocations[k];
		}
		printf("oom_sweep:   %-34s %2zu rows %5zu runs %5zu failures %4zu "
		       "allocations\n", rows[i].function, n, runs, failures,
		       allocations);
	}
	printf("oom_sweep: %zu public functions declared; %zu allocating entry "
	       "points in %zu rows, %zu non-allocating checked, %zu exempt\n",
	       declared, distinct, t.rows, nnoalloc, nexempt);
	printf("oom_sweep: %zu runs, %zu injected failures (%zu runs succeeded "
	       "anyway), %zu allocations in clean calls\n",
	       t.runs, t.failures, t.absorbed, t.clean_allocations);
	printf("oom_sweep: %zu distinct allocation call sites reached (return "
	       "addresses; tests/oom_sites.sh names their source lines)%s\n",
	       alloc_sites_count(sites),
	       sites == NULL ? " (site recording unavailable)" : "");
	assert_int_equal(alloc_sites_unknown(sites), 0);
	if (dump != NULL) {
		FILE *out = fopen(dump, "w");

		assert_non_null(out);
		alloc_sites_dump(sites, out);
		fclose(out);
	}
	fx_global_teardown();
	alloc_sites_free(sites);
	sites = NULL;
}

#define NOALLOC(fn, call)                                                      \
	do {                                                                   \
		(void)(call);                                                  \
		names[(*count)++] = #fn;                                       \
	} while (0)

static void call_non_allocating(fx *f, const char **names, size_t *count)
{
	const socialcap_network *net = f->net;
	uint32_t u32;
	uint64_t u64;
	double d;
	socialcap_tie tie;
	socialcap_contact c;
	socialcap_event_info ei;
	socialcap_attendance at;
	socialcap_snapshot_options so;
	const uint32_t *nb;
	const double *w;
	size_t total;

	NOALLOC(socialcap_network_errmsg, socialcap_network_errmsg(net));
	NOALLOC(socialcap_network_memory, socialcap_network_memory(net));
	NOALLOC(socialcap_network_sector_count, socialcap_network_sector_count(net));
	NOALLOC(socialcap_network_find_sector, socialcap_network_find_sector(net, &u32, "health"));
	NOALLOC(socialcap_network_sector_label, socialcap_network_sector_label(net, 0));
	NOALLOC(socialcap_network_sector_tier, socialcap_network_sector_tier(net, 0));
	NOALLOC(socialcap_network_sector_prestige, socialcap_network_sector_prestige(net, 0));
	NOALLOC(socialcap_network_neighbourhood_count, socialcap_network_neighbourhood_count(net));
	NOALLOC(socialcap_network_neighbourhood_label, socialcap_network_neighbourhood_label(net, 0));
	NOALLOC(socialcap_network_find_neighbourhood, socialcap_network_find_neighbourhood(net, &u32, "N2"));
	NOALLOC(socialcap_network_neighbourhood_actor_count, socialcap_network_neighbourhood_actor_count(net, 0));
	NOALLOC(socialcap_network_neighbourhood_resident_count, socialcap_network_neighbourhood_resident_count(net, 0));
	NOALLOC(socialcap_network_group_count, socialcap_network_group_count(net));
	NOALLOC(socialcap_network_group_label, socialcap_network_group_label(net, 0));
	NOALLOC(socialcap_network_layer_count, socialcap_network_layer_count(net));
	NOALLOC(socialcap_network_layer_label, socialcap_network_layer_label(net, 0));
	NOALLOC(socialcap_network_find_layer, socialcap_network_find_layer(net, &u32, "work"));
	NOALLOC(socialcap_network_actor_count, socialcap_network_actor_count(net));
	NOALLOC(socialcap_network_find_actor, socialcap_network_find_actor(net, &u32, "a3"));
	NOALLOC(socialcap_network_actor_id, socialcap_network_actor_id(net, 1));
	NOALLOC(socialcap_network_actor_kind, socialcap_network_actor_kind(net, 1));
	NOALLOC(socialcap_network_actor_sector, socialcap_network_actor_sector(net, 1));
	NOALLOC(socialcap_network_actor_neighbourhood, socialcap_network_actor_neighbourhood(net, 1));
	NOALLOC(socialcap_network_actor_status, socialcap_network_actor_status(net, 1));
	NOALLOC(socialcap_network_actor_is_institution, socialcap_network_actor_is_institution(net, 4));
	NOALLOC(socialcap_network_actor_group_count, socialcap_network_actor_group_count(net, 1));
	NOALLOC(socialcap_network_actor_group, socialcap_network_actor_group(net, 1, 0));
	NOALLOC(socialcap_network_tie_count, socialcap_network_tie_count(net));
	NOALLOC(socialcap_network_tie, socialcap_network_tie(net, 0, &tie));
	NOALLOC(socialcap_network_find_tie, socialcap_network_find_tie(net, &u64, 0, 1, 0));
	NOALLOC(socialcap_network_contact_count, socialcap_network_contact_count(net));
	NOALLOC(socialcap_network_contact, socialcap_network_contact(net, 0, &c));
	NOALLOC(socialcap_network_event_count, socialcap_network_event_count(net));
	NOALLOC(socialcap_network_event, socialcap_network_event(net, 0, &ei));
	NOALLOC(socialcap_network_event_attendee, socialcap_network_event_attendee(net, 0, 0, &at));
	NOALLOC(socialcap_network_find_event, socialcap_network_find_event(net, &u32, "e1"));
	NOALLOC(socialcap_network_event_kind_count, socialcap_network_event_kind_count(net));
	NOALLOC(socialcap_network_event_kind_label, socialcap_network_event_kind_label(net, 0));
	NOALLOC(socialcap_network_attendance_count, socialcap_network_attendance_count(net));

	NOALLOC(socialcap_snapshot_options_get, socialcap_snapshot_options_get(f->snap, &so));
	NOALLOC(socialcap_snapshot_time, socialcap_snapshot_time(f->snap));
	NOALLOC(socialcap_snapshot_network, socialcap_snapshot_network(f->snap));
	NOALLOC(socialcap_snapshot_actor_count, socialcap_snapshot_actor_count(f->snap));
	NOALLOC(socialcap_snapshot_tie_count, socialcap_snapshot_tie_count(f->snap));
	NOALLOC(socialcap_snapshot_degree, socialcap_snapshot_degree(f->snap, 1));
	NOALLOC(socialcap_snapshot_neighbours, socialcap_snapshot_neighbours(f->snap, 1, &nb, &w, &u32));
	NOALLOC(socialcap_snapshot_weight, socialcap_snapshot_weight(f->snap, 0, 1));
	NOALLOC(socialcap_snapshot_memory, socialcap_snapshot_memory(f->snap));

	NOALLOC(socialcap_results_row_kind, socialcap_results_row_kind(f->out_res));
	NOALLOC(socialcap_results_row_count, socialcap_results_row_count(f->out_res));
	NOALLOC(socialcap_results_column_count, socialcap_results_column_count(f->out_res));
	NOALLOC(socialcap_results_column_name, socialcap_results_column_name(f->out_res, 2));
	NOALLOC(socialcap_results_find_column, socialcap_results_find_column(f->out_res, &u32, "bonding"));
	NOALLOC(socialcap_results_row_label, socialcap_results_row_label(f->out_res, 1));
	NOALLOC(socialcap_results_find_row, socialcap_results_find_row(f->out_res, &u32, "a2"));
	NOALLOC(socialcap_results_get, socialcap_results_get(f->out_res, 1, 2));
	NOALLOC(socialcap_results_value, socialcap_results_value(f->out_res, 1, 2, &d));
	NOALLOC(socialcap_results_column, socialcap_results_column(f->out_res, 2));
	NOALLOC(socialcap_results_option_count, socialcap_results_option_count(f->out_res));
	NOALLOC(socialcap_results_option_name, socialcap_results_option_name(f->out_res, 0));
	NOALLOC(socialcap_results_option_value, socialcap_results_option_value(f->out_res, 0));
	NOALLOC(socialcap_results_find_option, socialcap_results_find_option(f->out_res, "seed", &d));
	NOALLOC(socialcap_areas_text, socialcap_areas_text(f->areas_res, 0, 0));

	NOALLOC(socialcap_series_count, socialcap_series_count(f->out_series));
	NOALLOC(socialcap_series_time, socialcap_series_time(f->out_series, 1));
	NOALLOC(socialcap_series_table, socialcap_series_table(f->out_series, 1));

	NOALLOC(socialcap_journal_network, socialcap_journal_network(f->j));
	NOALLOC(socialcap_journal_errmsg, socialcap_journal_errmsg(f->j));
	NOALLOC(socialcap_journal_next_seq, socialcap_journal_next_seq(f->j));
	NOALLOC(socialcap_journal_sync, socialcap_journal_sync(f->j));
	(void)total;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_entry_point),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
