/*
 * One allocation-failure sweep over every public entry point that can
 * allocate.
 *
 * Each row of the table in tests/support/oom_rows.c is one entry point
 * (or one distinct path through one: the first record of a kind or a
 * record that makes full tables grow, one indicator family). For each row
 * the call runs once without failures (its result is the reference),
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
 * in include/socialcap/ (any .h) has to appear in one of the two tables or
 * in the short list of functions outside both (options initialisers, free
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

#include <cmocka.h>

#include "alloc_sites.h"
#include "net_digest.h"
#include "oom_fixture.h"
#include "oom_rows.h"
#include "test_files.h"

/* No single call of the fixture needs more allocations than this. */
#define MAX_K 100000



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

static void explain(const oom_row *r, size_t k, int from, const char *what)
{
	print_error("oom_sweep: %s (%s): k=%zu %s: %s\n", r->name, r->function,
		    k, from ? "from" : "once", what);
}

/* One run with allocation k failing; returns 1 when nothing failed. */
static int run_once(const oom_row *r, size_t k, int from, const char *want,
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
		if (r->files_each) {
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

static void sweep_row(const oom_row *r, totals *t)
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

/* Functions outside both tables, and why. */
static const char *const exempt[] = {
	/* fill a caller's struct; no object, no allocation */
	"socialcap_network_options_init", "socialcap_snapshot_options_init",
	"socialcap_indicator_options_init", "socialcap_areas_options_init",
	"socialcap_state_options_init", "socialcap_journal_options_init",
	"socialcap_dataset_options_init", "socialcap_ledger_query_init",
	"socialcap_compact_options_init", "socialcap_compact_areas_options_init",
	/* release memory only */
	"socialcap_network_free", "socialcap_snapshot_free", "socialcap_results_free",
	"socialcap_series_free", "socialcap_journal_free",
	"socialcap_compact_builder_free", "socialcap_compact_free",
	/* frees a network's ties; snapshot_own_test checks it never allocates */
	"socialcap_snapshot_own_network",
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
	const char *swept[256];
	size_t i, declared = 0, missing = 0;
	DIR *d = opendir(hdr_dir);
	struct dirent *e;

	assert_non_null(d);
	assert_true(oom_row_count <= 256);
	for (i = 0; i < oom_row_count; i++)
		swept[i] = oom_rows[i].function;
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
			if (listed(fn, swept, oom_row_count) || listed(fn, noalloc, nnoalloc))
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
	assert_true(oom_row_count <= 256);
	for (i = 0; i < oom_row_count; i++) {
		size_t runs = t.runs, failures = t.failures,
		       allocations = t.clean_allocations;

		if (only != NULL && strstr(oom_rows[i].name, only) == NULL)
			continue;
		sweep_row(&oom_rows[i], &t);
		row_runs[i] = t.runs - runs;
		row_failures[i] = t.failures - failures;
		row_allocations[i] = t.clean_allocations - allocations;
	}

	fx_init(&f, sites);
	assert_int_equal(fx_setup_everything(&f), 0);
	arm(&f, 1, 1);
	oom_call_non_allocating(&f, noalloc, &nnoalloc);
	assert_int_equal(f.ta.calls, 0);
	disarm(&f);
	fx_release(&f);

	declared = check_coverage(noalloc, nnoalloc, &nexempt);
	/* One line per function, its rows summed. */
	for (i = 0; i < oom_row_count; i++) {
		size_t k, n = 0, runs = 0, failures = 0, allocations = 0;

		for (k = 0; k < i && strcmp(oom_rows[i].function, oom_rows[k].function) != 0; k++)
			;
		if (k < i)
			continue;
		distinct++;
		for (k = i; k < oom_row_count; k++) {
			if (strcmp(oom_rows[i].function, oom_rows[k].function) != 0)
				continue;
			n++;
			runs += row_runs[k];
			failures += row_failures[k];
			allocations += row_allocations[k];
		}
		printf("oom_sweep:   %-34s %2zu rows %5zu runs %5zu failures %4zu "
		       "allocations\n", oom_rows[i].function, n, runs, failures,
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_entry_point),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
