/*
 * The rows of the allocation-failure sweep (tests/oom_sweep_test.c): one
 * per allocating public entry point and distinct path through it, and the
 * calls of the entry points that must not allocate.
 */
#include "oom_rows.h"
#include "oom_compact.h"

#include <stdio.h>
#include <string.h>

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

/* Per-layer half-lives, theta 0 and every event linked through its
 * organisers. */
static socialcap_snapshot_options layer_options(void)
{
	static const int64_t half[] = {0, 86400 * 30, 86400 * 60};
	socialcap_snapshot_options o = SOCIALCAP_SNAPSHOT_OPTIONS_INIT;

	o.time = FX_T0 + 4000;
	o.theta = 0.0;
	o.max_clique_event = 2;
	o.layer_half_lives = half;
	o.layer_half_life_count = 3;
	return o;
}

static int op_snapshot_build_layers(fx *f)
{
	socialcap_snapshot_options o = layer_options();

	return socialcap_snapshot_build(&f->out_snap, f->net, &o);
}

/* On success the snapshot owns the network: it is freed with the snapshot,
 * not by the fixture. */
static int owning(fx *f, const socialcap_snapshot_options *o)
{
	int rc = socialcap_snapshot_build_owning(&f->out_snap, f->net, o);

	if (rc == 0)
		f->net = NULL;
	return rc;
}

static int op_snapshot_build_owning(fx *f)
{
	return owning(f, NULL);
}

static int op_snapshot_build_owning_layers(fx *f)
{
	socialcap_snapshot_options o = layer_options();

	return owning(f, &o);
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

/* Three threads: the per-thread scratch of lib/areas_graph.c. */
static int op_areas_3threads(fx *f)
{
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;

	o.min_cell = 0;
	o.threads = 3;
	f->no_message = 1;
	return socialcap_areas_compute(&f->out_res, f->snap, &o);
}

/* The support ratio alone takes its own pass (lib/areas_support.c). */
static int op_areas_support_only(fx *f)
{
	socialcap_areas_options o = SOCIALCAP_AREAS_OPTIONS_INIT;

	o.areas = SOCIALCAP_AREAS_NEIGHBOURHOODS;
	o.min_cell = 0;
	o.columns = SOCIALCAP_AREA_COLUMN_BIT(SOCIALCAP_AREA_SUPPORT_RATIO);
	f->no_message = 1;
	return socialcap_areas_compute(&f->out_res, f->snap, &o);
}

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

static int op_dataset_import_ring(fx *f)
{
	f->uses_err = 1;
	return socialcap_dataset_import(f->net, f->ring_dataset, NULL, &f->err);
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

const oom_row oom_rows[] = {
	{"network_new", "socialcap_network_new", fx_setup_none, op_network_new, 0},
	{"reserve", "socialcap_network_reserve", fx_setup_net, op_reserve, 0},
	{"reserve, empty network", "socialcap_network_reserve", fx_setup_empty_net, op_reserve, 0},
	{"set_sector, empty network", "socialcap_network_set_sector", fx_setup_empty_net, op_set_sector_new, 0},
	{"set_sector new, tables full", "socialcap_network_set_sector", fx_setup_net_full, op_set_sector_new, 0},
	{"add_actor, empty network", "socialcap_network_add_actor", fx_setup_empty_net, op_add_actor_new_labels, 0},
	{"add_actor new labels, tables full", "socialcap_network_add_actor", fx_setup_net_full, op_add_actor_new_labels, 0},
	{"add_actor known labels, tables full", "socialcap_network_add_actor", fx_setup_net_full, op_add_actor_known_labels, 0},
	{"add_tie, no ties yet", "socialcap_network_add_tie", fx_setup_actors_only, op_add_tie_first, 0},
	{"add_tie new layer, tables full", "socialcap_network_add_tie", fx_setup_net_full, op_add_tie_new_layer, 0},
	{"add_tie known layer, tables full", "socialcap_network_add_tie", fx_setup_net_full, op_add_tie_known_layer, 0},
	{"record_contact, no ledger yet", "socialcap_network_record_contact", fx_setup_net_no_ledger, op_record_contact, 0},
	{"record_contact, tables full", "socialcap_network_record_contact", fx_setup_net_full, op_record_contact, 0},
	{"record_event, no ledger yet", "socialcap_network_record_event", fx_setup_net_no_ledger, op_record_event_new_labels, 0},
	{"record_event new labels, tables full", "socialcap_network_record_event", fx_setup_net_full, op_record_event_new_labels, 0},
	{"record_event known labels, tables full", "socialcap_network_record_event", fx_setup_net_full, op_record_event_known_labels, 0},
	{"select_contacts actor", "socialcap_network_select_contacts", fx_setup_net, op_select_contacts, 0},
	{"select_contacts neighbourhood", "socialcap_network_select_contacts", fx_setup_net, op_select_contacts_nbh, 0},
	{"select_events actor", "socialcap_network_select_events", fx_setup_net, op_select_events, 0},
	{"select_events neighbourhood", "socialcap_network_select_events", fx_setup_net, op_select_events_nbh, 0},
	{"snapshot_build", "socialcap_snapshot_build", fx_setup_net, op_snapshot_build, 0},
	{"snapshot_build, an actor with 40 ties", "socialcap_snapshot_build", fx_setup_net_hub, op_snapshot_build, 0},
	{"snapshot_build layers, theta 0, small cliques", "socialcap_snapshot_build", fx_setup_net, op_snapshot_build_layers, 0},
	{"snapshot_build_owning", "socialcap_snapshot_build_owning", fx_setup_net, op_snapshot_build_owning, 0},
	{"snapshot_build_owning, an actor with 40 ties", "socialcap_snapshot_build_owning", fx_setup_net_hub, op_snapshot_build_owning, 0},
	{"snapshot_build_owning layers, theta 0, small cliques", "socialcap_snapshot_build_owning", fx_setup_net, op_snapshot_build_owning_layers, 0},
	{"snapshot_build_owning, 2100 actors in a ring", "socialcap_snapshot_build_owning", fx_setup_net_ring, op_snapshot_build_owning, 0},
	{"indicators_actors no family", "socialcap_indicators_actors", fx_setup_snap, op_actors_none, 0},
	{"indicators_actors local", "socialcap_indicators_actors", fx_setup_snap, op_actors_local, 0},
	{"indicators_actors triangles", "socialcap_indicators_actors", fx_setup_snap, op_actors_triangles, 0},
	{"indicators_actors betweenness", "socialcap_indicators_actors", fx_setup_snap, op_actors_betweenness, 0},
	{"indicators_actors betweenness sampled", "socialcap_indicators_actors", fx_setup_snap, op_actors_betweenness_sampled, 0},
	{"indicators_actors reach", "socialcap_indicators_actors", fx_setup_snap, op_actors_reach, 0},
	{"indicators_actors structure", "socialcap_indicators_actors", fx_setup_snap, op_actors_structure, 0},
	{"indicators_actors all", "socialcap_indicators_actors", fx_setup_snap, op_actors_all, 0},
	{"indicators_actors all, 2 threads", "socialcap_indicators_actors", fx_setup_snap, op_actors_all_2threads, 0},
	{"indicators_actors betweenness sampled, 2 threads", "socialcap_indicators_actors", fx_setup_snap, op_actors_betweenness_2threads, 0},
	{"indicators_actors triangles, 2 threads, 2100 actors", "socialcap_indicators_actors", fx_setup_snap_large, op_actors_triangles_2threads, 0},
	{"indicators_actors local and triangles, 2 threads, 2100 actors", "socialcap_indicators_actors", fx_setup_snap_large, op_actors_local_2threads, 0},
	{"indicators_actors clustering only, 2 threads, 2100 actors", "socialcap_indicators_actors", fx_setup_snap_large, op_actors_clustering_2threads, 0},
	{"indicators_actors two columns", "socialcap_indicators_actors", fx_setup_snap, op_actors_columns, 0},
	{"indicators_network all", "socialcap_indicators_network", fx_setup_snap, op_network_all, 0},
	{"indicators_network triangles", "socialcap_indicators_network", fx_setup_snap, op_network_triangles, 0},
	{"indicators_network structure", "socialcap_indicators_network", fx_setup_snap, op_network_structure, 0},
	{"indicators_network all, 2 threads", "socialcap_indicators_network", fx_setup_snap, op_network_all_2threads, 0},
	{"indicators_network triangles, 2 threads, 2100 actors", "socialcap_indicators_network", fx_setup_snap_large, op_network_triangles_2threads, 0},
	{"areas_compute neighbourhoods", "socialcap_areas_compute", fx_setup_snap, op_areas_neighbourhoods, 0},
	{"areas_compute sectors", "socialcap_areas_compute", fx_setup_snap, op_areas_sectors, 0},
	{"areas_compute suppressed cells", "socialcap_areas_compute", fx_setup_snap, op_areas_suppressed, 0},
	{"areas_compute on 3 threads", "socialcap_areas_compute", fx_setup_snap, op_areas_3threads, 0},
	{"areas_compute support ratio only", "socialcap_areas_compute", fx_setup_snap, op_areas_support_only, 0},
	{"areas_new_investors", "socialcap_areas_new_investors", fx_setup_snap, op_areas_new_investors, 0},
	{"series_compute", "socialcap_series_compute", fx_setup_net, op_series, 0},
	{"state_save new file", "socialcap_state_save", fx_setup_net, op_state_save, 0},
	{"state_save replace", "socialcap_state_save", fx_setup_net_saved, op_state_save, 0},
	{"state_load", "socialcap_state_load", fx_setup_saved, op_state_load, 0},
	{"state_load_buffer", "socialcap_state_load_buffer", fx_setup_saved, op_state_load_buffer, 0},
	{"journal_create empty", "socialcap_journal_create", fx_setup_none, op_journal_create_empty, 0},
	{"journal_create with network", "socialcap_journal_create", fx_setup_net, op_journal_create_net, 0},
	{"journal_open and replay", "socialcap_journal_open", fx_setup_store, op_journal_open, 0},
	{"journal_open plain state file", "socialcap_journal_open", fx_setup_saved, op_journal_open, 0},
	{"journal_set_sector, empty store", "socialcap_journal_set_sector", fx_setup_journal_empty, op_journal_set_sector, 0},
	{"journal_set_sector, tables full", "socialcap_journal_set_sector", fx_setup_journal_full, op_journal_set_sector, 0},
	{"journal_add_actor, empty store", "socialcap_journal_add_actor", fx_setup_journal_empty, op_journal_add_actor, 0},
	{"journal_add_actor, tables full", "socialcap_journal_add_actor", fx_setup_journal_full, op_journal_add_actor, 0},
	{"journal_add_actor, long record", "socialcap_journal_add_actor", fx_setup_journal_full, op_journal_add_actor_long, 0},
	{"journal_add_tie, tables full", "socialcap_journal_add_tie", fx_setup_journal_full, op_journal_add_tie, 0},
	{"journal_record_contact, tables full", "socialcap_journal_record_contact", fx_setup_journal_full, op_journal_record_contact, 0},
	{"journal_record_event, tables full", "socialcap_journal_record_event", fx_setup_journal_full, op_journal_record_event, 0},
	{"journal_checkpoint", "socialcap_journal_checkpoint", fx_setup_journal, op_journal_checkpoint, 0},
	{"dataset_import", "socialcap_dataset_import", fx_setup_empty_net, op_dataset_import, 0},
	{"dataset_import into a network", "socialcap_dataset_import", fx_setup_net_other, op_dataset_import, 0},
	{"dataset_import, ties in rounds", "socialcap_dataset_import", fx_setup_empty_net, op_dataset_import_ring, 0},
	{"dataset_validate", "socialcap_dataset_validate", fx_setup_empty_net, op_dataset_validate, 0},
	{"dataset_validate with problems", "socialcap_dataset_validate", fx_setup_net, op_dataset_validate_bad, 0},
	{"dataset_export", "socialcap_dataset_export", fx_setup_net, op_dataset_export, 1},
	{"dataset_export, tables full", "socialcap_dataset_export", fx_setup_net_full, op_dataset_export, 1},
	{"compact builder_new", "socialcap_compact_builder_new", fx_setup_none, oom_compact_new, 0},
	{"compact start_fill (weighted)", "socialcap_compact_builder_start_fill", fx_setup_none, oom_compact_start_fill, 0},
	{"compact finish", "socialcap_compact_builder_finish", fx_setup_none, oom_compact_finish, 0},
	{"compact finish (weighted)", "socialcap_compact_builder_finish", fx_setup_none, oom_compact_finish_weighted, 0},
	{"compact areas_ties", "socialcap_compact_areas_ties", fx_setup_none, oom_compact_areas_ties, 0},
	{"compact areas_reach", "socialcap_compact_areas_reach", fx_setup_none, oom_compact_areas_reach, 0},
	{"compact components", "socialcap_compact_components", fx_setup_none, oom_compact_components, 0},
};

const size_t oom_row_count = sizeof(oom_rows) / sizeof(oom_rows[0]);

/* ------------------------------------------ entry points that never allocate */

void oom_call_non_allocating(fx *f, const char **names, size_t *count)
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
	NOALLOC(socialcap_network_timeless, socialcap_network_timeless(net));
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
	NOALLOC(socialcap_snapshot_timeless, socialcap_snapshot_timeless(f->snap));
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
	oom_compact_non_allocating(f, names, count);
}

