/*
 * socialcap__run_chunks (lib/chunks.c): every item runs once, in the
 * chunks the contract gives; one thread stays on the caller's thread, in
 * order; thread 0 is always the caller; the first failure ends the run;
 * together, thread t runs chunk t with all threads at once. Thread and
 * gate creation failures are injected by defining pthread_create,
 * pthread_mutex_init and pthread_cond_init here: the library is linked
 * statically into this program, so its calls come here first.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "chunks.h"
#include "socialcap.h"

/* ------------------------------------------------------------ injection */

typedef int (*create_fn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
typedef int (*mutex_init_fn)(pthread_mutex_t *, const pthread_mutexattr_t *);
typedef int (*cond_init_fn)(pthread_cond_t *, const pthread_condattr_t *);

static int creations_left = -1; /* pthread_create calls that succeed; -1: all */
static int fail_mutex_init, fail_cond_init;
static atomic_int created, finished; /* threads started and returned */
static atomic_int refused;           /* pthread_create calls failed */

typedef struct start {
	void *(*fn)(void *);
	void *arg;
} start;

/* One slot per thread; a run starts at most 8 and joins them before the
 * next begins, so the slots can be reused round robin. */
static start starts[64];

static void *counted(void *arg)
{
	const start *s = arg;
	void *r = s->fn(s->arg);

	atomic_fetch_add(&finished, 1);
	return r;
}

int pthread_create(pthread_t *th, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	static create_fn real;
	int n;

	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "pthread_create");
	if (creations_left == 0) {
		atomic_fetch_add(&refused, 1);
		return EAGAIN;
	}
	if (creations_left > 0)
		creations_left--;
	n = atomic_fetch_add(&created, 1) % 64;
	starts[n].fn = fn;
	starts[n].arg = arg;
	return real(th, attr, counted, &starts[n]);
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
	static mutex_init_fn real;

	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "pthread_mutex_init");
	return fail_mutex_init ? ENOMEM : real(m, a);
}

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
	static cond_init_fn real;

	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "pthread_cond_init");
	return fail_cond_init ? ENOMEM : real(c, a);
}

static int reset(void **state)
{
	(void)state;
	creations_left = -1;
	fail_mutex_init = fail_cond_init = 0;
	atomic_store(&created, 0);
	atomic_store(&finished, 0);
	atomic_store(&refused, 0);
	return 0;
}

/* ------------------------------------------------------------ recording */

#define ITEMS 5000u

typedef struct record {
	unsigned threads;            /* of the run, for the bound on thread */
	uint64_t count, chunk;
	pthread_t caller;
	atomic_uint seen[ITEMS];     /* runs of each item */
	atomic_uint calls, on_caller, bad;
	uint64_t last_lo;            /* one thread: the chunks come in order */
	int in_order;
	int fail_at;                 /* chunk that fails (-1: none) */
	int status;                  /* its status */
	pthread_barrier_t *barrier;  /* together: every chunk waits here */
} record;

static void record_init(record *r, unsigned threads, uint64_t count, uint64_t chunk)
{
	memset(r, 0, sizeof(*r));
	r->threads = threads > 1 ? threads : 1;
	r->count = count;
	r->chunk = chunk;
	r->caller = pthread_self();
	r->in_order = 1;
	r->fail_at = -1;
}

static int note(void *arg, unsigned thread, uint64_t lo, uint64_t hi)
{
	record *r = arg;
	const uint64_t end = r->count - lo < r->chunk ? r->count : lo + r->chunk;
	const int mine = pthread_equal(pthread_self(), r->caller) != 0;
	uint64_t i;

	atomic_fetch_add(&r->calls, 1u);
	if (lo % r->chunk != 0 || hi != end || thread >= r->threads || mine != (thread == 0))
		atomic_fetch_add(&r->bad, 1u);
	if (mine) {
		if (atomic_fetch_add(&r->on_caller, 1u) > 0 && lo <= r->last_lo)
			r->in_order = 0;
		r->last_lo = lo;
	}
	for (i = lo; i < hi; i++)
		atomic_fetch_add(&r->seen[i], 1u);
	if (r->barrier != NULL) {
		if (lo != thread)
			atomic_fetch_add(&r->bad, 1u);
		pthread_barrier_wait(r->barrier);
	}
	return lo / r->chunk == (uint64_t)r->fail_at ? r->status : 0;
}

static void assert_each_once(const record *r)
{
	uint64_t i;

	for (i = 0; i < r->count; i++)
		assert_int_equal(atomic_load(&r->seen[i]), 1);
	assert_int_equal(atomic_load(&r->bad), 0);
}

/* ------------------------------------------------------------ tests */

static void test_every_item_once(void **state)
{
	static const unsigned threads[] = {0, 1, 2, 3, 8};
	static const uint64_t counts[] = {1, 7, 1000, ITEMS};
	static const uint64_t chunks[] = {1, 3, 64, 2048, 10000};
	static record r;
	size_t a, b, c;

	(void)state;
	for (a = 0; a < sizeof(threads) / sizeof(*threads); a++)
		for (b = 0; b < sizeof(counts) / sizeof(*counts); b++)
			for (c = 0; c < sizeof(chunks) / sizeof(*chunks); c++) {
				record_init(&r, threads[a], counts[b], chunks[c]);
				assert_int_equal(socialcap__run_chunks(threads[a], counts[b],
								       chunks[c], 0, note, &r),
						 0);
				assert_each_once(&r);
				assert_int_equal(r.calls, (counts[b] + chunks[c] - 1) / chunks[c]);
			}
	assert_int_equal(atomic_load(&created), atomic_load(&finished));
}

/* 0 and 1 thread: no thread is started; the chunks run in order on the
 * caller's thread. */
static void test_one_thread_stays_on_caller(void **state)
{
	static record r;
	unsigned t;

	(void)state;
	for (t = 0; t <= 1; t++) {
		record_init(&r, t, 1000, 7);
		assert_int_equal(socialcap__run_chunks(t, 1000, 7, 0, note, &r), 0);
		assert_each_once(&r);
		assert_int_equal(r.on_caller, r.calls);
		assert_true(r.in_order);
		record_init(&r, t, 1, 1);
		assert_int_equal(socialcap__run_chunks(t, 1, 1, SOCIALCAP__CHUNKS_TOGETHER, note, &r),
				 0);
		assert_int_equal(r.on_caller, 1);
	}
	assert_int_equal(atomic_load(&created), 0);
}

static void test_nothing_to_do(void **state)
{
	static record r;

	(void)state;
	record_init(&r, 4, 0, 5);
	assert_int_equal(socialcap__run_chunks(4, 0, 5, 0, note, &r), 0);
	assert_int_equal(socialcap__run_chunks(4, 0, 1, SOCIALCAP__CHUNKS_TOGETHER, note, &r), 0);
	assert_int_equal(r.calls, 0);
	assert_int_equal(atomic_load(&created), 0);
}

/* The first failure is returned and no chunk is handed out after it. */
static void test_failure_ends_the_run(void **state)
{
	static record r;

	(void)state;
	record_init(&r, 1, 100, 10);
	r.fail_at = 3;
	r.status = SOCIALCAP_ECANCELED;
	assert_int_equal(socialcap__run_chunks(1, 100, 10, 0, note, &r), SOCIALCAP_ECANCELED);
	assert_int_equal(r.calls, 4);
	assert_int_equal(r.seen[40], 0);

	record_init(&r, 3, ITEMS, 1);
	r.fail_at = 0;
	r.status = SOCIALCAP_ENOMEM;
	assert_int_equal(socialcap__run_chunks(3, ITEMS, 1, 0, note, &r), SOCIALCAP_ENOMEM);
	assert_int_equal(r.seen[0], 1);
	assert_int_equal(atomic_load(&created), atomic_load(&finished));
}

/* Together: all threads run at once (each chunk waits for the others at a
 * barrier), thread t runs chunk t, thread 0 on the caller's thread. */
static void test_together(void **state)
{
	static record r;
	pthread_barrier_t barrier;

	(void)state;
	assert_int_equal(pthread_barrier_init(&barrier, NULL, 4), 0);
	record_init(&r, 4, 4, 1);
	r.barrier = &barrier;
	r.fail_at = 2;
	r.status = SOCIALCAP_ECANCELED;
	assert_int_equal(socialcap__run_chunks(4, 4, 1, SOCIALCAP__CHUNKS_TOGETHER, note, &r),
			 SOCIALCAP_ECANCELED);
	assert_each_once(&r);
	assert_int_equal(r.on_caller, 1);
	pthread_barrier_destroy(&barrier);
	assert_int_equal(atomic_load(&created), 3);
	assert_int_equal(atomic_load(&finished), 3);
}

/* A thread that cannot be started leaves its chunks to the others. */
static void test_missing_threads_leave_work_to_others(void **state)
{
	static record r;
	int left;

	(void)state;
	for (left = 0; left <= 2; left++) {
		reset(state);
		creations_left = left;
		record_init(&r, 8, ITEMS, 16);
		/* only threads 0 .. left may appear */
		r.threads = (unsigned)left + 1;
		assert_int_equal(socialcap__run_chunks(8, ITEMS, 16, 0, note, &r), 0);
		assert_each_once(&r);
		assert_int_equal(atomic_load(&created), left);
		assert_int_equal(atomic_load(&finished), left);
		if (left == 0)
			assert_int_equal(r.on_caller, r.calls);
	}
}

/* Together, a thread that cannot be started (or a gate that cannot be
 * made) fails the run with SOCIALCAP_EIO before any chunk runs; the
 * threads already started are joined. */
static void test_together_needs_every_thread(void **state)
{
	static record r;

	(void)state;
	creations_left = 2;
	record_init(&r, 4, 4, 1);
	assert_int_equal(socialcap__run_chunks(4, 4, 1, SOCIALCAP__CHUNKS_TOGETHER, note, &r),
			 SOCIALCAP_EIO);
	assert_int_equal(r.calls, 0);
	assert_int_equal(atomic_load(&created), 2);
	assert_int_equal(atomic_load(&finished), 2);

	reset(state);
	fail_mutex_init = 1;
	assert_int_equal(socialcap__run_chunks(4, 4, 1, SOCIALCAP__CHUNKS_TOGETHER, note, &r),
			 SOCIALCAP_EIO);
	fail_mutex_init = 0;
	fail_cond_init = 1;
	assert_int_equal(socialcap__run_chunks(4, 4, 1, SOCIALCAP__CHUNKS_TOGETHER, note, &r),
			 SOCIALCAP_EIO);
	assert_int_equal(r.calls, 0);
	assert_int_equal(atomic_load(&created), 0);

	/* without the flag, no gate is needed */
	fail_cond_init = 1;
	fail_mutex_init = 1;
	record_init(&r, 4, 100, 1);
	assert_int_equal(socialcap__run_chunks(4, 100, 1, 0, note, &r), 0);
	assert_each_once(&r);
}

/* ------------------------------------------------------------ callers */

/* A ring of @p n residents of one neighbourhood, each tied to the next
 * three (so there are triangles); its snapshot. */
static socialcap_snapshot *ring(socialcap_network **netp, uint32_t n)
{
	socialcap_snapshot *s = NULL;
	socialcap_network *net = NULL;
	char id[16];
	uint32_t v, d;

	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	for (v = 0; v < n; v++) {
		snprintf(id, sizeof(id), "%u", (unsigned)v);
		assert_int_equal(socialcap_network_add_actor(net, NULL, id, SOCIALCAP_RESIDENT,
							     "res", "N1", NAN, NULL, 0),
				 0);
	}
	for (v = 0; v < n; v++)
		for (d = 1; d <= 3; d++)
			assert_int_equal(socialcap_network_add_tie(net, NULL, v, (v + d) % n,
								   "neighbours", 1.0 + d,
								   SOCIALCAP_TIME_NONE),
					 0);
	assert_int_equal(socialcap_snapshot_build(&s, net, NULL), 0);
	*netp = net;
	return s;
}

static void assert_same_table(const socialcap_results *a, const socialcap_results *b)
{
	uint32_t c, v;

	assert_int_equal(socialcap_results_row_count(a), socialcap_results_row_count(b));
	assert_int_equal(socialcap_results_column_count(a), socialcap_results_column_count(b));
	for (c = 0; c < socialcap_results_column_count(a); c++)
		for (v = 0; v < socialcap_results_row_count(a); v++) {
			const double x = socialcap_results_get(a, v, c);
			const double y = socialcap_results_get(b, v, c);

			assert_true((isnan(x) && isnan(y)) || memcmp(&x, &y, sizeof(x)) == 0);
		}
}

/* What each caller makes of threads that cannot be started: the triangle
 * passes and the area tables run on the caller's thread with the same
 * numbers; betweenness, whose threads wait for each other, fails with
 * SOCIALCAP_EIO. */
static void test_callers_without_threads(void **state)
{
	socialcap_indicator_options o = SOCIALCAP_INDICATOR_OPTIONS_INIT;
	socialcap_areas_options ao = SOCIALCAP_AREAS_OPTIONS_INIT;
	socialcap_results *one = NULL, *many = NULL;
	socialcap_network *net;
	socialcap_snapshot *s = ring(&net, 5000); /* more than one chunk of 2048 */

	(void)state;
	o.families = SOCIALCAP_FAMILY_TRIANGLES;
	assert_int_equal(socialcap_indicators_actors(&one, s, &o, NULL), 0);
	o.threads = 3;
	creations_left = 0;
	assert_int_equal(socialcap_indicators_actors(&many, s, &o, NULL), 0);
	assert_int_equal(atomic_load(&created), 0);
	assert_true(atomic_load(&refused) > 0);
	assert_same_table(one, many);
	socialcap_results_free(one);
	socialcap_results_free(many);

	creations_left = -1;
	assert_int_equal(socialcap_areas_compute(&one, s, &ao), 0);
	ao.threads = 3;
	creations_left = 1;
	assert_int_equal(socialcap_areas_compute(&many, s, &ao), 0);
	assert_true(atomic_load(&created) > 0);
	assert_true(atomic_load(&refused) > 1);
	assert_same_table(one, many);
	socialcap_results_free(one);
	socialcap_results_free(many);
	assert_int_equal(atomic_load(&created), atomic_load(&finished));

	o.families = SOCIALCAP_FAMILY_BETWEENNESS;
	o.betweenness_samples = 10;
	creations_left = 1;
	assert_int_equal(socialcap_indicators_actors(&many, s, &o, NULL), SOCIALCAP_EIO);
	assert_null(many);
	creations_left = -1;
	assert_int_equal(socialcap_indicators_actors(&many, s, &o, NULL), 0);
	socialcap_results_free(many);
	assert_int_equal(atomic_load(&created), atomic_load(&finished));
	socialcap_snapshot_free(s);
	socialcap_network_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_every_item_once, reset),
		cmocka_unit_test_setup(test_one_thread_stays_on_caller, reset),
		cmocka_unit_test_setup(test_nothing_to_do, reset),
		cmocka_unit_test_setup(test_failure_ends_the_run, reset),
		cmocka_unit_test_setup(test_together, reset),
		cmocka_unit_test_setup(test_missing_threads_leave_work_to_others, reset),
		cmocka_unit_test_setup(test_together_needs_every_thread, reset),
		cmocka_unit_test_setup(test_callers_without_threads, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
