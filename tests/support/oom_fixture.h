/*
 * Fixtures of the allocation-failure sweep (tests/oom_sweep_test.c): a
 * small network (three sectors, six actors in two neighbourhoods, groups,
 * seven ties in four layers, four contacts, two events) and the objects
 * made from it, all allocated through one counting, failing allocator, so
 * that each call under test can be swept from a fresh copy.
 *
 * Files (state file, journal, dataset export) live in a run directory that
 * fx_release() empties; a dataset exported from the fixture network once
 * per process is the input of the import rows.
 */
#ifndef SOCIALCAP_OOM_FIXTURE_H
#define SOCIALCAP_OOM_FIXTURE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc_sites.h"
#include "socialcap.h"
#include "test_alloc.h"

/* A time in the fixture's range (November 2023). */
#define FX_T0 INT64_C(1700000000)
#define FX_MAX_INDICES 64

typedef struct fx {
	test_alloc ta;                 /* counts and fails allocations */
	socialcap_allocator alloc;     /* locks, records sites, calls ta */
	pthread_mutex_t lock;
	alloc_sites *sites;            /* where failed allocations came from */
	socialcap_network_options no;  /* .allocator = &alloc */
	socialcap_state_options so;    /* .network = &no */
	socialcap_journal_options jo;  /* .state = &so */

	/* Inputs, made by a setup function. */
	socialcap_network *net;
	socialcap_snapshot *snap;
	socialcap_journal *j;
	socialcap_results *areas_res;  /* for the non-allocating checks */
	unsigned char *bytes;          /* a state file in memory (malloc) */
	size_t nbytes;

	/* Outputs of the call under test: NULL before it, and after a failure. */
	socialcap_network *out_net;
	socialcap_snapshot *out_snap;
	socialcap_results *out_res;
	socialcap_series *out_series;
	socialcap_journal *out_j;

	/* Out-parameters and error report of the call under test. */
	uint32_t u32;
	uint64_t u64;
	uint32_t u32s[FX_MAX_INDICES];
	uint64_t u64s[FX_MAX_INDICES];
	size_t total;
	socialcap_error err;
	int uses_err;   /* the call fills err */
	int no_message; /* the call has no handle to put a message on */

	/* Paths (inside the run directory, or the shared dataset). */
	char store[512];
	char export_dir[512];
	const char *dataset;
	const char *ring_dataset; /* 240 actors, 480 ties */
} fx;

/* Once per process: temporary directories and the dataset to import. */
void fx_global_setup(void);
void fx_global_teardown(void);

void fx_init(fx *f, alloc_sites *sites);
/* Free every object, empty the run directory, assert nothing leaked. */
void fx_release(fx *f);
/* Message of the failed call (from err, the journal or the network). */
const char *fx_message(const fx *f);
/* 1 when every output object is NULL. */
int fx_outputs_null(const fx *f);

/* Setups: return 0 or the failing status. */
int fx_setup_none(fx *f);
int fx_setup_empty_net(fx *f);
int fx_setup_net(fx *f);            /* the fixture network */
int fx_setup_net_no_ledger(fx *f);  /* without contacts and events */
int fx_setup_net_full(fx *f);       /* with every table at its capacity */
int fx_setup_actors_only(fx *f);    /* two actors, nothing else */
int fx_setup_net_other(fx *f);      /* a network the dataset can go into */
int fx_setup_net_saved(fx *f);      /* net, and its state file at store */
int fx_setup_saved(fx *f);          /* the same, and the file in bytes */
int fx_setup_snap(fx *f);           /* net and its snapshot */
int fx_setup_net_hub(fx *f);       /* one actor tied to 40 others */
int fx_setup_snap_large(fx *f);     /* 2100 actors in a ring, snapshot */
int fx_setup_net_ring(fx *f);       /* the same ring, no snapshot */
int fx_setup_journal(fx *f);        /* an open store holding the fixture */
int fx_setup_journal_empty(fx *f);  /* an open store, empty */
int fx_setup_journal_full(fx *f);   /* holding the full fixture */
int fx_setup_store(fx *f);          /* a closed store: state + journal */
/* Snapshot, actor indicators (out_res), areas, series and an open journal. */
int fx_setup_everything(fx *f);

/* Digests (new strings, free()): everything the call may change, files
 * included; and the part that must equal a clean run's after success. */
char *oom_state_digest(const fx *f);
char *oom_result_digest(const fx *f);

#endif
